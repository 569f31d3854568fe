//! Snapshot tests: the items produced for each fixture format.

use std::io::Write;
use std::path::{Path, PathBuf};

use tidings_ingest::{ingest_path, ingest_reader, IngestOptions, Item};

fn fixture(name: &str) -> PathBuf {
    // Relative to the crate root (cargo's cwd for tests) so snapshots hold stable paths.
    Path::new("tests/fixtures").join(name)
}

fn collect_path(path: &Path) -> Vec<Item> {
    let mut items = Vec::new();
    ingest_path(path, &IngestOptions::default(), &mut |i| items.push(i));
    items
}

fn collect_bytes(label: &str, bytes: &[u8]) -> Vec<Item> {
    let mut items = Vec::new();
    ingest_reader(label, &mut &bytes[..], &IngestOptions::default(), &mut |i| items.push(i));
    items
}

fn gzip(data: &[u8]) -> Vec<u8> {
    let mut e = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    e.write_all(data).unwrap();
    e.finish().unwrap()
}

/// Replace a temp-dir prefix so snapshots do not depend on where the test ran.
fn relabel(items: Vec<Item>, dir: &Path) -> Vec<Item> {
    let prefix = dir.display().to_string();
    items
        .into_iter()
        .map(|item| match item {
            Item::Article(mut a) => {
                a.path = a.path.replace(&prefix, "$TMP");
                Item::Article(a)
            }
            Item::Diagnostic(mut d) => {
                d.path = d.path.replace(&prefix, "$TMP");
                Item::Diagnostic(d)
            }
        })
        .collect()
}

#[test]
fn text_fixture() {
    let items = collect_path(&fixture("article.txt"));
    insta::assert_json_snapshot!(items);
    let Item::Article(a) = &items[0] else { panic!("expected an article") };
    assert_eq!(a.title.as_deref(), Some("Harbour workers end strike after pay deal"));
    assert_eq!(a.date.map(|d| d.to_string()).as_deref(), Some("2023-09-13"));
    assert!(!a.text.contains("Share this") && !a.text.contains("Advertisement"));
}

#[test]
fn html_fixture() {
    let items = collect_path(&fixture("news.html"));
    insta::assert_json_snapshot!(items);
    let Item::Article(a) = &items[0] else { panic!("expected an article") };
    assert_eq!(a.date.map(|d| d.to_string()).as_deref(), Some("2024-03-02"), "JSON-LD date beats <time>");
    for junk in ["cookies", "Politics", "Share", "Advertisement", "Related", "newsletter", "comment", "rights reserved"]
    {
        assert!(!a.text.contains(junk), "{junk:?} leaked into {:?}", a.text);
    }
    assert_eq!(a.text.split("\n\n").count(), 5, "4 paragraphs and a subheading");
}

#[test]
fn jsonl_fixture() {
    let items = collect_path(&fixture("mixed.jsonl"));
    insta::assert_json_snapshot!(items);
    let diags: Vec<_> = items.iter().filter(|i| matches!(i, Item::Diagnostic(_))).collect();
    assert_eq!(diags.len(), 1);
    let Item::Diagnostic(d) = diags[0] else { unreachable!() };
    assert_eq!(d.path, "tests/fixtures/mixed.jsonl:4");
}

#[test]
fn feed_fixture() {
    let items = collect_path(&fixture("feed.rss"));
    insta::assert_json_snapshot!(items);
    assert_eq!(items.iter().filter(|i| matches!(i, Item::Article(_))).count(), 2);
}

#[test]
fn gzip_fixture_and_stdin() {
    let dir = tempfile::tempdir().unwrap();
    let raw = std::fs::read(fixture("article.txt")).unwrap();
    let gz = dir.path().join("article.txt.gz");
    std::fs::write(&gz, gzip(&raw)).unwrap();
    // A gzip without the .gz suffix is found by its magic bytes.
    std::fs::write(dir.path().join("news-copy.html"), gzip(&std::fs::read(fixture("news.html")).unwrap())).unwrap();
    let items = relabel(collect_path(dir.path()), dir.path());
    insta::assert_json_snapshot!(items);

    let plain = collect_path(&fixture("article.txt"));
    let (Item::Article(a), Item::Article(b)) = (&plain[0], &items[0]) else { panic!("expected articles") };
    assert_eq!((&a.text, &a.title, &a.date, &a.doc), (&b.text, &b.title, &b.date, &b.doc));

    // stdin: nested gzip, format sniffed from content, doc "stdin".
    let from_stdin = collect_bytes("-", &gzip(&gzip(&raw)));
    let Item::Article(s) = &from_stdin[0] else { panic!("expected an article") };
    assert_eq!((s.doc.as_str(), s.path.as_str(), &s.text), ("stdin", "-", &a.text));
}

fn warc_record(kind: &str, uri: &str, date: &str, content_type: &str, block: &[u8], n: usize) -> Vec<u8> {
    let mut out = format!(
        "WARC/1.0\r\nWARC-Type: {kind}\r\nWARC-Record-ID: <urn:uuid:00000000-0000-0000-0000-{n:012}>\r\n\
         WARC-Date: {date}\r\nWARC-Target-URI: {uri}\r\nContent-Type: {content_type}\r\nContent-Length: {}\r\n\r\n",
        block.len()
    )
    .into_bytes();
    out.extend_from_slice(block);
    out.extend_from_slice(b"\r\n\r\n");
    out
}

fn http(status: &str, content_type: &str, body: &[u8]) -> Vec<u8> {
    let mut out =
        format!("HTTP/1.1 {status}\r\nContent-Type: {content_type}\r\nContent-Length: {}\r\n\r\n", body.len())
            .into_bytes();
    out.extend_from_slice(body);
    out
}

/// A small WARC: warcinfo, request, two HTML responses (one dated by the page,
/// one only by WARC-Date), an image, a 404 and a latin-1 page.
fn build_warc() -> Vec<Vec<u8>> {
    let dated = std::fs::read(fixture("news.html")).unwrap();
    let undated = b"<html><head><title>Undated page</title></head><body><div class=\"content\">\
        <p>A page with no publication date of its own, archived by a crawler on the date in its WARC header.</p>\
        </div></body></html>";
    let latin1 = b"<html><head><meta http-equiv=\"Content-Type\" content=\"text/html\"></head><body>\
        <p>Le caf\xe9 du port a rouvert ses portes apr\xe8s trois semaines de travaux, selon la mairie.</p></body></html>";
    let t = "application/http; msgtype=response";
    vec![
        warc_record("warcinfo", "", "2024-03-03T10:00:00Z", "application/warc-fields", b"software: test\r\n", 1),
        warc_record(
            "request",
            "https://ledger.example/world/border-crossing-plan",
            "2024-03-03T10:00:01Z",
            "application/http; msgtype=request",
            b"GET /world/border-crossing-plan HTTP/1.1\r\nHost: ledger.example\r\n\r\n",
            2,
        ),
        warc_record(
            "response",
            "https://ledger.example/world/border-crossing-plan",
            "2024-03-03T10:00:02Z",
            t,
            &http("200 OK", "text/html; charset=utf-8", &dated),
            3,
        ),
        warc_record(
            "response",
            "https://other.example/news/undated-page.html?ref=rss",
            "2024-03-04T11:22:33Z",
            t,
            &http("200 OK", "text/html", undated),
            4,
        ),
        warc_record(
            "response",
            "https://other.example/logo.png",
            "2024-03-04T11:22:34Z",
            t,
            &http("200 OK", "image/png", b"\x89PNG\r\n\x1a\n\0\0\0"),
            5,
        ),
        warc_record(
            "response",
            "https://other.example/missing",
            "2024-03-04T11:22:35Z",
            t,
            &http(
                "404 Not Found",
                "text/html",
                b"<html><body><p>Not found, sorry, this page does not exist any more.</p></body></html>",
            ),
            6,
        ),
        warc_record(
            "response",
            "https://port.example/actualites/cafe",
            "2024-03-05T08:00:00Z",
            t,
            &http("200 OK", "text/html; charset=ISO-8859-1", latin1),
            7,
        ),
    ]
}

#[test]
fn warc_built_in_test() {
    let records = build_warc();
    let plain: Vec<u8> = records.concat();
    let items = collect_bytes("crawl.warc", &plain);
    insta::assert_json_snapshot!(items);
    let arts: Vec<_> = items.iter().filter_map(|i| if let Item::Article(a) = i { Some(a) } else { None }).collect();
    assert_eq!(arts.len(), 3, "{items:#?}");
    assert_eq!(arts[0].date_raw.as_deref(), Some("2024-03-02T17:40:00+01:00"));
    assert_eq!(arts[1].date_raw.as_deref(), Some("WARC-Date: 2024-03-04T11:22:33Z"));
    assert_eq!(arts[1].doc, "undated-page");
    assert!(arts[2].text.contains("Le café du port"));

    // .warc.gz as crawlers write it: one gzip member per record.
    let dir = tempfile::tempdir().unwrap();
    let members: Vec<u8> = records.iter().flat_map(|r| gzip(r)).collect();
    std::fs::write(dir.path().join("crawl.warc.gz"), members).unwrap();
    let from_gz = relabel(collect_path(dir.path()), dir.path());
    let texts = |v: &[Item]| {
        v.iter().filter_map(|i| if let Item::Article(a) = i { Some(a.text.clone()) } else { None }).collect::<Vec<_>>()
    };
    assert_eq!(texts(&from_gz), texts(&items));

    // A record cut short is one diagnostic after the good records.
    let cut = &plain[..plain.len() - 40];
    let items = collect_bytes("cut.warc", cut);
    let diags: Vec<_> = items.iter().filter(|i| matches!(i, Item::Diagnostic(_))).collect();
    assert_eq!(diags.len(), 1, "{items:#?}");
    assert_eq!(items.len(), 3);
}

#[test]
fn pretty_printed_json_documents() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("one.json"),
        "{\n  \"title\": \"Single\",\n  \"text\": \"A single pretty-printed article.\"\n}\n",
    )
    .unwrap();
    std::fs::write(
        dir.path().join("many.json"),
        "[\n {\"id\": \"m1\", \"text\": \"First of many.\"},\n {\"text\": \"Second.\"},\n 42\n]",
    )
    .unwrap();
    let items = relabel(collect_path(dir.path()), dir.path());
    insta::assert_json_snapshot!(items);
}
