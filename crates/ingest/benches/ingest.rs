//! Ingest throughput (MB/s) on a synthetic, news-like corpus generated here.
//!
//! Run: `cargo bench -p tidings-ingest --bench ingest`.

use std::hint::black_box;
use std::io::Write;

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use tidings_ingest::{ingest_path, parse_html, parse_text, IngestOptions, Item};

/// Small deterministic generator (xorshift) so every run measures the same bytes.
struct Gen(u64);

impl Gen {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    fn pick<'a>(&mut self, words: &[&'a str]) -> &'a str {
        words[(self.next() % words.len() as u64) as usize]
    }
}

const ACTORS: &[&str] = &[
    "The minister",
    "Rebel commanders",
    "The president",
    "Police",
    "Union leaders",
    "The foreign ministry",
    "Protesters",
    "The central bank",
    "Opposition lawmakers",
    "Aid agencies",
    "The army",
    "Prosecutors",
];
const VERBS: &[&str] = &[
    "accused",
    "met",
    "criticised",
    "praised",
    "threatened",
    "negotiated with",
    "rejected",
    "welcomed",
    "arrested",
    "warned",
    "signed an agreement with",
    "called on",
];
const OBJECTS: &[&str] = &[
    "the government",
    "neighbouring states",
    "local officials",
    "the United Nations",
    "foreign investors",
    "striking workers",
    "the election commission",
    "border guards",
    "the ruling party",
    "regional leaders",
];
const TAILS: &[&str] = &[
    "on Tuesday",
    "after weeks of talks",
    "in the capital",
    "according to state media",
    "late on Friday",
    "despite international pressure",
    "in a statement",
    "during a visit to the region",
];

fn sentence(g: &mut Gen) -> String {
    format!("{} {} {} {}, officials said.", g.pick(ACTORS), g.pick(VERBS), g.pick(OBJECTS), g.pick(TAILS))
}

fn paragraph(g: &mut Gen) -> String {
    let n = 2 + (g.next() % 4) as usize;
    (0..n).map(|_| sentence(g)).collect::<Vec<_>>().join(" ")
}

fn text_doc(g: &mut Gen) -> String {
    let mut s = format!("{}\n\nSeptember {}, 2023\n\n", sentence(g).trim_end_matches('.'), 1 + g.next() % 28);
    for i in 0..8 {
        s.push_str(&paragraph(g));
        s.push_str(if i == 3 { "\n\nAdvertisement\n\n" } else { "\n\n" });
    }
    s
}

fn html_doc(g: &mut Gen) -> String {
    let mut s = String::from(
        "<!doctype html><html><head><meta charset=utf-8><title>Story</title>\
         <meta property=\"article:published_time\" content=\"2023-09-13T08:00:00Z\">\
         <script>var x = 1;</script></head><body><header><nav><ul>",
    );
    for w in ["World", "Politics", "Business", "Sport", "Opinion", "Culture"] {
        s.push_str(&format!("<li><a href=\"/{w}\">{w}</a></li>"));
    }
    s.push_str("</ul></nav></header><div class=\"cookie-banner\">We use cookies.</div><main><article><h1>Story</h1>");
    s.push_str("<div class=\"share\"><a href=#>Share</a></div><div class=\"story-body\">");
    for _ in 0..8 {
        s.push_str(&format!("<p>{}</p>", paragraph(g)));
    }
    s.push_str("</div></article><aside class=\"related\"><ul>");
    for _ in 0..5 {
        s.push_str(&format!("<li><a href=\"/r\">{}</a></li>", sentence(g)));
    }
    s.push_str("</ul></aside></main><footer>© Example</footer></body></html>");
    s
}

fn bench(c: &mut Criterion) {
    let mut g = Gen(0x9e37_79b9_7f4a_7c15);
    let texts: Vec<String> = (0..200).map(|_| text_doc(&mut g)).collect();
    let pages: Vec<String> = (0..200).map(|_| html_doc(&mut g)).collect();
    let text_bytes: usize = texts.iter().map(String::len).sum();
    let html_bytes: usize = pages.iter().map(String::len).sum();

    let mut group = c.benchmark_group("ingest");
    group.sample_size(10);
    group.throughput(Throughput::Bytes(text_bytes as u64));
    group.bench_function("parse_text", |b| {
        b.iter(|| {
            for (i, t) in texts.iter().enumerate() {
                black_box(parse_text("bench.txt", &i.to_string(), t.as_bytes()).ok());
            }
        })
    });
    group.throughput(Throughput::Bytes(html_bytes as u64));
    group.bench_function("parse_html", |b| {
        b.iter(|| {
            for (i, p) in pages.iter().enumerate() {
                black_box(parse_html("bench.html", &i.to_string(), p.as_bytes(), None).ok());
            }
        })
    });

    // Whole path: directory walk, file reads, gzip, detection, parsing.
    let dir = tempfile::tempdir().expect("tempdir");
    for (i, t) in texts.iter().enumerate() {
        std::fs::write(dir.path().join(format!("{i:03}.txt")), t).expect("write");
    }
    for (i, p) in pages.iter().enumerate() {
        let mut e = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
        e.write_all(p.as_bytes()).expect("gzip");
        std::fs::write(dir.path().join(format!("{i:03}.html.gz")), e.finish().expect("gzip")).expect("write");
    }
    group.throughput(Throughput::Bytes((text_bytes + html_bytes) as u64));
    group.bench_function("ingest_path_dir_txt_and_html_gz", |b| {
        b.iter(|| {
            let mut n = 0usize;
            ingest_path(dir.path(), &IngestOptions::default(), &mut |item| {
                if let Item::Article(a) = item {
                    n += a.text.len();
                }
            });
            black_box(n)
        })
    });
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
