#![no_main]
//! ingest_reader on WARC-shaped bytes: never panics, always reports something.
use libfuzzer_sys::fuzz_target;
use tidings_ingest::{ingest_reader, IngestOptions, Item};

fuzz_target!(|data: &[u8]| {
    let mut input = b"WARC/1.0\r\n".to_vec();
    input.extend_from_slice(data);
    let opts = IngestOptions { max_doc_bytes: 1 << 16, max_decompressed_bytes: 1 << 20, max_line_bytes: 1 << 16 };
    let mut items = 0usize;
    ingest_reader("fuzz.warc", &mut &input[..], &opts, &mut |item| {
        items += 1;
        if let Item::Article(a) = item {
            assert!(!a.text.trim().is_empty());
        }
    });
    let _ = items;
});
