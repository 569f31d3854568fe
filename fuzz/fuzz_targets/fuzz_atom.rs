#![no_main]
//! Atom entries: the input is placed inside a `<feed>` so the fuzzer starts
//! at entry level. Never a panic; accepted entries have a body.
use libfuzzer_sys::fuzz_target;
use tidings_ingest::{feed::parse_feed, Item};

fuzz_target!(|data: &[u8]| {
    let mut xml = b"<feed xmlns=\"http://www.w3.org/2005/Atom\"><title>F</title>".to_vec();
    xml.extend_from_slice(data);
    xml.extend_from_slice(b"</feed>");
    for item in parse_feed("fuzz.atom", "fuzz", &xml) {
        match item {
            Item::Article(a) => assert!(!a.text.trim().is_empty()),
            Item::Diagnostic(d) => assert!(d.path.starts_with("fuzz.atom")),
        }
    }
});
