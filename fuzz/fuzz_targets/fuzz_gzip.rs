#![no_main]
//! Gzip layers: the input compressed once or twice, then possibly truncated or
//! corrupted, must give an article or one diagnostic per input, never a panic,
//! and stay within the decompression limit.
use libfuzzer_sys::fuzz_target;
use std::io::Write;
use tidings_ingest::{ingest_reader, IngestOptions, Item};

fn gz(data: &[u8]) -> Vec<u8> {
    let mut e = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
    let _ = e.write_all(data);
    e.finish().unwrap_or_default()
}

fuzz_target!(|data: &[u8]| {
    let Some((&ctl, body)) = data.split_first() else { return };
    let opts = IngestOptions { max_doc_bytes: 1 << 16, max_decompressed_bytes: 1 << 16, max_line_bytes: 1 << 12 };
    let mut input = if ctl & 1 == 0 { gz(body) } else { gz(&gz(body)) };
    // Truncate and/or flip a byte, driven by the control byte.
    if ctl & 2 != 0 && !input.is_empty() {
        let cut = input.len() * usize::from(ctl >> 4) / 16;
        input.truncate(cut.max(1));
    }
    if ctl & 4 != 0 && input.len() > 10 {
        let i = 10 + usize::from(ctl) % (input.len() - 10);
        input[i] ^= 0x55;
    }
    let label = if ctl & 8 != 0 { "fuzz.jsonl.gz" } else { "fuzz.gz" };
    let mut count = 0usize;
    ingest_reader(label, &mut &input[..], &opts, &mut |item| {
        count += 1;
        if let Item::Article(a) = item {
            assert!(a.text.len() as u64 <= opts.max_decompressed_bytes);
        }
    });
    assert!(count > 0, "every input yields an article or a diagnostic");
    // The raw bytes (gzip magic may appear anywhere) go through the same path.
    ingest_reader("raw", &mut &body[..], &opts, &mut |_| {});
});
