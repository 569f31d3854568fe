#![no_main]
//! RSS 2.0 items: the input is placed inside an `<rss><channel>` so the fuzzer
//! starts at item level. Never a panic; accepted items have a body.
use libfuzzer_sys::fuzz_target;
use tidings_ingest::{feed::parse_feed, Item};

fuzz_target!(|data: &[u8]| {
    let mut xml = b"<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>F</title>".to_vec();
    xml.extend_from_slice(data);
    xml.extend_from_slice(b"</channel></rss>");
    for item in parse_feed("fuzz.rss", "fuzz", &xml) {
        match item {
            Item::Article(a) => assert!(!a.text.trim().is_empty()),
            Item::Diagnostic(d) => assert!(d.path.starts_with("fuzz.rss")),
        }
    }
});
