#![no_main]
//! JSONL: single-line parsing and the streaming reader with a small line cap.
use libfuzzer_sys::fuzz_target;
use tidings_ingest::{ingest_reader, parse_jsonl_line, IngestOptions, Item};

fuzz_target!(|data: &[u8]| {
    if let Ok(Some(a)) = parse_jsonl_line("fuzz.jsonl", "fuzz", 1, data) {
        assert_eq!(a.path, "fuzz.jsonl#1");
    }
    let opts = IngestOptions { max_doc_bytes: 1 << 16, max_decompressed_bytes: 1 << 20, max_line_bytes: 256 };
    ingest_reader("fuzz.jsonl", &mut &data[..], &opts, &mut |item| {
        if let Item::Article(a) = item {
            assert!(!a.text.trim().is_empty());
        }
    });
});
