//! Broken inputs: exactly one diagnostic per broken file, never a panic; and
//! the shared seed articles (skipped when ../shared is absent).

use std::io::Write;
use std::path::Path;

use tidings_ingest::{ingest_path, IngestOptions, Item};

fn gzip(data: &[u8]) -> Vec<u8> {
    let mut e = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    e.write_all(data).unwrap();
    e.finish().unwrap()
}

fn run(path: &Path, opts: &IngestOptions) -> Vec<Item> {
    let mut items = Vec::new();
    ingest_path(path, opts, &mut |i| items.push(i));
    items
}

#[test]
fn broken_directory_yields_one_diagnostic_per_file() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path();
    let long_text = "Plenty of words in this sentence make the compressed stream long enough to cut.\n".repeat(200);
    let gz = gzip(long_text.as_bytes());
    let files: Vec<(&str, Vec<u8>, &str)> = vec![
        ("binary.dat", vec![0x7f, b'E', b'L', b'F', 0, 0, 1, 0, 0xff], "binary file"),
        ("binary.jsonl", b"{\"a\": 1}\n\0\0\n\x01\x02\n\0\n".to_vec(), "binary file"),
        ("pretty-broken.json", b"{\n  \"title\": \"x\",\n  \"text\": \n".to_vec(), "malformed JSON"),
        ("bad-utf8.txt", b"Title\n\nCaf\xe9 au lait \xff\xfe".to_vec(), "invalid UTF-8 at byte 10 (line 3)"),
        ("truncated.txt.gz", gz[..gz.len() / 2].to_vec(), "truncated gzip stream"),
        ("empty.txt", Vec::new(), "empty file"),
        ("blank.html", b"  \n\n ".to_vec(), "empty file"),
        ("malformed.json", b"{\"text\": \"unterminated}\n".to_vec(), "malformed JSON"),
        ("nobody.html", b"<html><body><nav><a href='/'>Home</a></nav></body></html>".to_vec(), "no extractable body"),
        ("notfeed.xml", b"<?xml version='1.0'?><config><a>1</a></config>".to_vec(), "not an RSS/Atom feed"),
        ("garbage.rss", b"<rss version='2.0'><channel><item><title>x".to_vec(), "feed:"),
        ("huge.txt", vec![b'a'; 2000], "limit"),
        ("corrupt.warc", b"WARC/1.0\r\nWARC-Type: response\r\nContent-Length: nope\r\n\r\n".to_vec(), "WARC record"),
    ];
    for (name, bytes, _) in &files {
        std::fs::write(p.join(name), bytes).unwrap();
    }
    // Hidden files are skipped, not reported.
    std::fs::write(p.join(".hidden.txt"), b"\0\0\0").unwrap();
    let opts = IngestOptions { max_doc_bytes: 1000, max_decompressed_bytes: 100_000, max_line_bytes: 1000 };
    let items = run(p, &opts);

    assert!(items.iter().all(|i| matches!(i, Item::Diagnostic(_))), "{items:#?}");
    assert_eq!(items.len(), files.len(), "{items:#?}");
    let mut names: Vec<&str> = files.iter().map(|f| f.0).collect();
    names.sort_unstable();
    for (item, name) in items.iter().zip(&names) {
        let Item::Diagnostic(d) = item else { unreachable!() };
        let expected = files.iter().find(|f| f.0 == *name).map(|f| f.2).unwrap_or_default();
        assert!(d.path.starts_with(&p.join(name).display().to_string()), "{d:?} for {name}");
        assert!(d.reason.contains(expected), "{name}: {:?} lacks {expected:?}", d.reason);
    }

    // Unreadable paths are one diagnostic too.
    let missing = run(&p.join("does-not-exist.txt"), &opts);
    assert!(matches!(&missing[..], [Item::Diagnostic(d)] if d.reason.starts_with("cannot read")));
}

#[test]
fn gzip_bomb_is_stopped_at_the_decompression_cap() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("bomb.txt.gz");
    std::fs::write(&path, gzip(&vec![b'a'; 2_000_000])).unwrap();
    let opts = IngestOptions { max_decompressed_bytes: 100_000, ..IngestOptions::default() };
    let items = run(&path, &opts);
    assert!(matches!(&items[..], [Item::Diagnostic(d)] if d.reason.contains("gzip bomb guard")), "{items:?}");
}

#[cfg(unix)]
#[test]
fn symlink_loops_are_reported_not_followed_forever() {
    let dir = tempfile::tempdir().unwrap();
    let sub = dir.path().join("sub");
    std::fs::create_dir(&sub).unwrap();
    std::fs::write(sub.join("a.txt"), "Loop test article body.").unwrap();
    std::os::unix::fs::symlink(dir.path(), sub.join("back")).unwrap();
    let items = run(dir.path(), &IngestOptions::default());
    let articles = items.iter().filter(|i| matches!(i, Item::Article(_))).count();
    let diags: Vec<_> = items.iter().filter_map(|i| if let Item::Diagnostic(d) = i { Some(d) } else { None }).collect();
    assert_eq!(articles, 1);
    assert_eq!(diags.len(), 1);
    assert!(diags[0].reason.contains("symlink loop"), "{diags:?}");
}

#[test]
fn long_jsonl_line_is_skipped_while_streaming() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("big.jsonl");
    let mut f = std::fs::File::create(&path).unwrap();
    writeln!(f, "{{\"id\": \"a\", \"text\": \"First.\"}}").unwrap();
    // 5 MB single line against a 64 KB cap.
    write!(f, "{{\"text\": \"").unwrap();
    let chunk = vec![b'x'; 1 << 20];
    for _ in 0..5 {
        f.write_all(&chunk).unwrap();
    }
    writeln!(f, "\"}}").unwrap();
    writeln!(f, "{{\"id\": \"c\", \"text\": \"Third.\"}}").unwrap();
    drop(f);
    let opts = IngestOptions { max_line_bytes: 64 * 1024, ..IngestOptions::default() };
    let items = run(&path, &opts);
    let summary: Vec<String> = items
        .iter()
        .map(|i| match i {
            Item::Article(a) => format!("article {}", a.doc),
            Item::Diagnostic(d) => format!("diag {}: {}", d.path.rsplit('/').next().unwrap_or(""), d.reason),
        })
        .collect();
    assert_eq!(summary, ["article a", "diag big.jsonl:2: line longer than the 65536-byte limit", "article c"]);
}

#[test]
fn shared_seeds() {
    let seeds = Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/../../../shared/seeds"));
    if !seeds.is_dir() {
        println!("skipping: {} is absent", seeds.display());
        return;
    }
    let items = run(seeds, &IngestOptions::default());
    let articles: Vec<_> = items.iter().filter_map(|i| if let Item::Article(a) = i { Some(a) } else { None }).collect();
    assert_eq!(articles.len(), 2, "{items:#?}");
    assert_eq!(items.len(), 2);

    let first = articles.iter().find(|a| a.doc.starts_with("000")).unwrap();
    let raw = std::fs::read_to_string(seeds.join(format!("{}.txt", first.doc))).unwrap();
    let mut lines = raw.lines();
    let line1 = lines.next().unwrap_or_default();
    let line2_blank = lines.next().is_some_and(|l| l.trim().is_empty());
    if line2_blank {
        assert_eq!(first.title.as_deref(), Some(line1.trim()));
    } else {
        assert_eq!(first.title, None);
        assert!(first.text.starts_with(line1.trim_end()), "body keeps the first line");
    }
    assert_eq!(first.date, None, "no date line, so no date");

    let second = articles.iter().find(|a| a.doc.starts_with("002")).unwrap();
    let raw = std::fs::read_to_string(seeds.join(format!("{}.txt", second.doc))).unwrap();
    assert_eq!(second.title.as_deref(), raw.lines().next().map(str::trim));
    assert_eq!(second.date.map(|d| d.to_string()).as_deref(), Some("2023-09-13"));
    assert!(!second.text.contains(second.date_raw.as_deref().unwrap_or("\u{0}")));
    assert!(!second.text.starts_with(second.title.as_deref().unwrap_or("\u{0}")));
}
