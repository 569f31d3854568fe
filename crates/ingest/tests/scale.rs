//! Scale: a 1 GiB single-line JSONL stream and a 100,000-item feed.

use std::io::Read;
use std::time::Instant;

use tidings_ingest::{ingest_reader, IngestOptions, Item};

/// Yields `{"text": "xxxx...` for `len` bytes, then the end of that line and one good line,
/// without ever materialising the data.
struct HugeLine {
    remaining: u64,
    tail: std::io::Cursor<Vec<u8>>,
}

impl Read for HugeLine {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        if self.remaining == 0 {
            return self.tail.read(buf);
        }
        let n = buf.len().min(usize::try_from(self.remaining).unwrap_or(usize::MAX));
        buf[..n].fill(b'x');
        self.remaining -= n as u64;
        Ok(n)
    }
}

#[test]
fn one_gib_line_is_streamed_past() {
    let mut reader = HugeLine {
        remaining: 1 << 30,
        tail: std::io::Cursor::new(b"\"}\n{\"id\": \"after\", \"text\": \"Still read.\"}\n".to_vec()),
    };
    let start = Instant::now();
    let mut items = Vec::new();
    // Label with a .jsonl name: the content starts with 'x', so sniffing alone would say text.
    ingest_reader("huge.jsonl", &mut reader, &IngestOptions::default(), &mut |i| items.push(i));
    println!("1 GiB line skipped in {:?}", start.elapsed());
    assert_eq!(items.len(), 2, "{items:?}");
    assert!(matches!(&items[0], Item::Diagnostic(d) if d.path == "huge.jsonl:1" && d.reason.contains("longer than")));
    assert!(matches!(&items[1], Item::Article(a) if a.doc == "after"));
}

#[test]
fn hundred_thousand_item_feed() {
    let mut xml = String::from("<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>Big Feed</title>");
    for i in 0..100_000 {
        xml.push_str(&format!(
            "<item><title>Item {i}</title><link>https://big.example/{i}</link>\
             <pubDate>Wed, 13 Sep 2023 08:15:00 GMT</pubDate><description>Report number {i} from the wire.</description></item>"
        ));
    }
    xml.push_str("</channel></rss>");
    let start = Instant::now();
    let mut articles = 0usize;
    let mut last = None;
    ingest_reader("big.rss", &mut xml.as_bytes(), &IngestOptions::default(), &mut |item| match item {
        Item::Article(a) => {
            articles += 1;
            last = Some(a);
        }
        Item::Diagnostic(d) => panic!("unexpected diagnostic {d}"),
    });
    println!("100,000-item feed ({} MB) in {:?}", xml.len() / 1_000_000, start.elapsed());
    assert_eq!(articles, 100_000);
    let last = last.unwrap();
    assert_eq!((last.doc.as_str(), last.text.as_str()), ("big#100000", "Report number 99999 from the wire."));

    // Over the cap (max_doc_bytes * 8): one diagnostic, nothing parsed.
    let opts = IngestOptions { max_doc_bytes: 1 << 20, ..IngestOptions::default() };
    let mut items = Vec::new();
    ingest_reader("big.rss", &mut xml.as_bytes(), &opts, &mut |i| items.push(i));
    assert!(matches!(&items[..], [Item::Diagnostic(d)] if d.reason.contains("limit")), "{:?}", items.first());
}
