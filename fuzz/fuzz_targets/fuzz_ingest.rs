#![no_main]
//! The whole ingest front door on arbitrary bytes with content sniffing and
//! every extension: each input yields at least one item, never a panic.
use libfuzzer_sys::fuzz_target;
use tidings_ingest::{ingest_reader, IngestOptions, Item};

const LABELS: &[&str] =
    &["fuzz", "fuzz.txt", "fuzz.html", "fuzz.jsonl", "fuzz.json", "fuzz.warc", "fuzz.rss", "fuzz.atom", "fuzz.xml"];

fuzz_target!(|data: &[u8]| {
    let Some((&ctl, body)) = data.split_first() else { return };
    let label = LABELS[usize::from(ctl) % LABELS.len()];
    let opts = IngestOptions { max_doc_bytes: 1 << 16, max_decompressed_bytes: 1 << 20, max_line_bytes: 1 << 12 };
    let mut count = 0usize;
    ingest_reader(label, &mut &body[..], &opts, &mut |item| {
        count += 1;
        match item {
            Item::Article(a) => assert!(!a.text.trim().is_empty()),
            Item::Diagnostic(d) => assert!(!d.reason.is_empty() && d.path.starts_with(label)),
        }
    });
    assert!(count > 0, "no article and no diagnostic for {label}");
});
