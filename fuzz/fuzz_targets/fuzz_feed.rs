#![no_main]
//! Feed parsing on arbitrary bytes: never panics.
use libfuzzer_sys::fuzz_target;
use tidings_ingest::{feed::parse_feed, Item};

fuzz_target!(|data: &[u8]| {
    for item in parse_feed("fuzz.rss", "fuzz", data) {
        if let Item::Article(a) = item {
            assert!(!a.text.trim().is_empty());
        }
    }
});
