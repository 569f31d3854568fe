//! Hostile corpus: `tidings run` over inputs built to break readers (binary
//! files, invalid UTF-8, a 1 GB single line, truncated / nested / over-nested
//! gzip, a gzip bomb, 10,000-deep HTML, a 100,000-item feed, empty and huge
//! JSON lines). Everything is generated at test time in a temporary directory.
//!
//! Asserted: the batch completes with the documented exit code (3: some inputs
//! rejected), every input file is either stored or named by a diagnostic with a
//! reason (on stderr and in the store), the readable parts of partly broken
//! files are processed, the store passes `PRAGMA integrity_check`, and the
//! child's peak RSS (getrusage RUSAGE_CHILDREN) stays under a generous bound.
//!
//! The 1 GB files are sparse (a data head, a hole, a data tail): the reader
//! streams every byte of them, the disk holds a few MB.

use std::collections::{BTreeMap, BTreeSet};
use std::io::{Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

/// Peak RSS bound for the child (the pipeline's own target is 150 MB with
/// production dictionaries; this guards against unbounded growth).
const MAX_RSS_MB: u64 = 500;
/// The single-line file: 1 GiB, the size the issue names.
const HUGE_LINE_BYTES: u64 = 1 << 30;

fn gz(data: &[u8]) -> Vec<u8> {
    let mut e = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
    e.write_all(data).unwrap();
    e.finish().unwrap()
}

fn article(i: usize) -> String {
    format!(
        "Envoys meet in Oslo ({i})\n\n2024-03-05\n\nThe foreign ministers of Norway and Chile met in Oslo on Tuesday \
         for talks number {i}. Police in Nairobi arrested two protesters on Monday.\n"
    )
}

/// Peak RSS in MB of the largest child process waited for so far.
fn children_peak_rss_mb() -> u64 {
    // SAFETY: getrusage writes into the zeroed struct we pass; no other invariants.
    let mut ru: libc::rusage = unsafe { std::mem::zeroed() };
    let rc = unsafe { libc::getrusage(libc::RUSAGE_CHILDREN, &mut ru) };
    assert_eq!(rc, 0, "getrusage failed");
    (ru.ru_maxrss as u64) / 1024 // kilobytes on Linux
}

/// A sparse file of `len` bytes: `head`, a hole of NUL bytes, `tail` at the end.
fn sparse(path: &Path, head: &[u8], len: u64, tail: &[u8]) {
    let mut f = std::fs::File::create(path).unwrap();
    f.write_all(head).unwrap();
    f.seek(SeekFrom::Start(len - tail.len() as u64)).unwrap();
    f.write_all(tail).unwrap();
}

/// What each input is expected to yield: `Some(n)` = at least n stored
/// documents from it (and possibly diagnostics for its broken parts),
/// `None` = rejected as a whole with a diagnostic.
struct Expect {
    name: &'static str,
    stored_at_least: Option<usize>,
    reason_contains: Option<&'static str>,
}

fn build_corpus(dir: &Path) -> Vec<Expect> {
    let mut out = Vec::new();
    let mut put = |name: &'static str, data: &[u8], stored: Option<usize>, reason: Option<&'static str>| {
        std::fs::write(dir.join(name), data).unwrap();
        out.push(Expect { name, stored_at_least: stored, reason_contains: reason });
    };

    // Binary noise with NUL bytes (deterministic xorshift), and as .txt.
    let mut x = 0x2545_F491_4F6C_DD1Du64;
    let noise: Vec<u8> = (0..1 << 20)
        .map(|_| {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            (x >> 24) as u8
        })
        .collect();
    put("noise.bin", &noise, None, Some("binary"));
    put("noise.txt", &noise, None, Some("binary"));
    put("image.jpg", b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01", None, Some("binary"));

    // Invalid UTF-8 in the middle of otherwise fine text.
    let mut bad = article(1).into_bytes();
    bad.splice(40..40, [0xc3, 0x28, 0xff, 0xfe]);
    put("invalid_utf8.txt", &bad, None, Some("UTF-8"));
    put("invalid_utf8.html", b"<html><body><p>caf\xe9 \xff\xfe talks</p></body></html>", Some(1), None);

    // Empty inputs.
    put("empty.txt", b"", None, Some("empty"));
    put("empty.jsonl", b"", None, Some("empty"));
    put("blank_lines.jsonl", b"\n\n\r\n   \n", None, Some("empty"));

    // Gzip: truncated, nested 3 deep (fine), nested 6 deep (refused), corrupt.
    let g = gz(article(2).repeat(50).as_bytes());
    put("truncated.txt.gz", &g[..g.len() / 2], None, Some("truncated gzip"));
    put("nested.txt.gz", &gz(&gz(&gz(article(3).as_bytes()))), Some(1), None);
    let mut deep = article(4).into_bytes();
    for _ in 0..6 {
        deep = gz(&deep);
    }
    put("overnested.txt.gz", &deep, None, Some("nested gzip"));
    let mut corrupt = gz(article(5).repeat(20).as_bytes());
    let mid = corrupt.len() / 2;
    for b in &mut corrupt[mid..mid + 16] {
        *b ^= 0xa5;
    }
    put("corrupt.txt.gz", &corrupt, None, Some("gzip"));

    // Gzip bomb: 110 identical members of 10 MB of blank lines each = 1.1 GB
    // of output from ~1 MB on disk; the JSONL reader streams it until the
    // 1 GiB decompression guard trips.
    let mut blank = vec![b' '; 1 << 16];
    blank[(1 << 16) - 1] = b'\n';
    let member = gz(&blank.repeat(152));
    let bomb: Vec<u8> = std::iter::repeat_n(member.as_slice(), 110).flatten().copied().collect();
    put("bomb.jsonl.gz", &bomb, None, Some("gzip bomb"));
    // A bomb of text: the document cap trips first.
    put("bomb.txt.gz", &gz(&vec![b'a'; 64 << 20]), None, Some("limit"));

    // 10,000-deep nested HTML with the story at the bottom.
    let mut html = String::from("<!doctype html><html><head><title>Deep</title></head><body>");
    html.push_str(&"<div>".repeat(10_000));
    html.push_str("<p>Negotiators from Peru and Chile met in Lima on Friday and signed a border accord.</p>");
    html.push_str(&"</div>".repeat(10_000));
    html.push_str("</body></html>");
    put("deep.html", html.as_bytes(), Some(1), None);
    // Unclosed deep nesting.
    put(
        "unclosed.html",
        format!("<html><body>{}<p>Troops left the town.", "<span><b>".repeat(10_000)).as_bytes(),
        Some(1),
        None,
    );

    // A 100,000-item RSS feed.
    let mut rss = String::from("<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>Wire</title>");
    for i in 0..100_000 {
        rss.push_str(&format!(
            "<item><title>Item {i}</title><link>https://wire.example/{i}</link>\
             <pubDate>Tue, 05 Mar 2024 10:00:00 GMT</pubDate><description>Wire report {i} from the capital.</description></item>"
        ));
    }
    rss.push_str("</channel></rss>");
    put("wire.rss", rss.as_bytes(), Some(100_000), None);

    // JSON lines: a huge line over the 32 MiB cap (skipped while streaming), a
    // big but legal line (16 MiB of padding, short text), garbage, and a good line.
    let mut jl = Vec::new();
    jl.extend_from_slice(b"{\"text\": \"");
    jl.extend(std::iter::repeat_n(b'x', 40 << 20));
    jl.extend_from_slice(b"\"}\n");
    jl.extend_from_slice(b"{\"id\": \"big\", \"padding\": \"");
    jl.extend(std::iter::repeat_n(b'y', 16 << 20));
    jl.extend_from_slice(b"\", \"text\": \"Rebels seized the airport in Goma on Sunday.\"}\n");
    jl.extend_from_slice(b"{not json\n[1, 2]\n{\"text\": 5}\n\n");
    jl.extend_from_slice(
        b"{\"id\": \"ok\", \"date\": \"2024-03-05\", \"text\": \"Japan praised the European Union on Monday.\"}\n",
    );
    put("lines.jsonl", &jl, Some(2), None);
    out
}

#[test]
fn hostile_corpus_is_diagnosed_or_processed_with_bounded_memory() {
    let tmp = tempfile::tempdir().unwrap();
    let input = tmp.path().join("in");
    std::fs::create_dir(&input).unwrap();
    let t0 = Instant::now();
    let mut expects = build_corpus(&input);

    // Sparse 1 GiB single-line files: plain text (over the document cap) and
    // JSONL (the line is skipped while streaming; the next line is processed).
    sparse(&input.join("one_line.txt"), "A line that never ends ".repeat(1000).as_bytes(), HUGE_LINE_BYTES, b"end\n");
    expects.push(Expect { name: "one_line.txt", stored_at_least: None, reason_contains: Some("limit") });
    let tail = b"\"}\n{\"id\": \"after\", \"text\": \"After the long line, police in Lima arrested a man.\"}\n";
    let mut head = b"{\"text\": \"".to_vec();
    head.resize(64 << 10, b'x'); // no NUL bytes where the sniffer looks
    sparse(&input.join("one_line.jsonl"), &head, HUGE_LINE_BYTES, tail);
    expects.push(Expect { name: "one_line.jsonl", stored_at_least: Some(1), reason_contains: Some("line longer") });
    eprintln!("hostile corpus generated in {:.1}s", t0.elapsed().as_secs_f64());

    let db = tmp.path().join("h.db");
    let t1 = Instant::now();
    let out = Command::new(env!("CARGO_BIN_EXE_tidings"))
        .arg("run")
        .arg(&input)
        .arg("--db")
        .arg(&db)
        .arg("--no-stories")
        .output()
        .unwrap();
    let took = t1.elapsed();
    let stderr = String::from_utf8_lossy(&out.stderr);
    let rss = children_peak_rss_mb();
    eprintln!("tidings run over the hostile corpus: {:.1}s, peak RSS {rss} MB", took.as_secs_f64());
    assert_eq!(out.status.code(), Some(3), "exit code (3 = some inputs rejected)\n{stderr}");
    assert!(rss <= MAX_RSS_MB, "peak RSS {rss} MB > {MAX_RSS_MB} MB");

    let store = tidings_store::Store::open(&db).unwrap();
    assert_eq!(store.integrity_check().unwrap(), "ok");
    // Stored documents per input file (paths are `file`, `file#item` or `file#line`).
    let mut stored: BTreeMap<String, usize> = BTreeMap::new();
    store
        .for_each_document(|d| {
            let file = d.path.split(['#']).next().unwrap_or("").to_string();
            *stored.entry(file).or_default() += 1;
        })
        .unwrap();
    // Sightings count too: a text seen again is recorded, not re-stored.
    let sightings: Vec<String> = {
        let mut st = store.connection().prepare("SELECT path FROM sightings").unwrap();
        st.query_map([], |r| r.get::<_, String>(0)).unwrap().map(Result::unwrap).collect()
    };
    for p in &sightings {
        let file = p.split('#').next().unwrap_or("").to_string();
        stored.entry(file).or_default();
    }
    let diags = store.diagnostics().unwrap();
    let mut reasons: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for d in &diags {
        assert!(!d.reason.trim().is_empty(), "diagnostic without a reason: {}", d.path);
        let file = d.path.split(['#']).next().unwrap_or("");
        let file = file.rsplit_once(':').filter(|(_, n)| n.parse::<u64>().is_ok()).map_or(file, |(f, _)| f);
        reasons.entry(file.to_string()).or_default().push(d.reason.clone());
        assert!(stderr.contains(&d.path), "diagnostic {} not on stderr", d.path);
    }

    let mut seen = BTreeSet::new();
    for e in &expects {
        let path: PathBuf = input.join(e.name);
        let key = path.display().to_string();
        seen.insert(key.clone());
        let n = stored.get(&key).copied().unwrap_or(0);
        let why = reasons.get(&key).cloned().unwrap_or_default();
        assert!(n > 0 || !why.is_empty(), "{}: neither stored nor diagnosed", e.name);
        match e.stored_at_least {
            Some(min) => assert!(n >= min, "{}: {n} documents stored, expected >= {min}; diagnostics {why:?}", e.name),
            None => assert_eq!(n, 0, "{}: rejected input produced documents", e.name),
        }
        if let Some(r) = e.reason_contains {
            assert!(
                why.iter().any(|w| w.to_lowercase().contains(&r.to_lowercase())),
                "{}: expected a diagnostic containing {r:?}, got {why:?}",
                e.name
            );
        }
    }
    // No document or diagnostic names a file that is not an input.
    for file in stored.keys().chain(reasons.keys()) {
        assert!(seen.contains(file), "unexpected path {file}");
    }
}
