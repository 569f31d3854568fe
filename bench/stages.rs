// Per-stage throughput of the tidings pipeline over a corpus directory.
//
// usage: bench_stages CORPUS_DIR [--threads N] [--db FILE] [--dictionaries P] [--no-stories] [--json OUT]
//
// Built as the `bench_stages` example of tidings-pipeline (a one-line shim in
// crates/pipeline/examples includes this file); `bench/run.sh` drives it.
//
// Stages, as the pipeline runs them, on `--threads` worker threads for the
// per-document stages (sentences, analysis, coding, dates+places):
// - dictionaries: load + compile (once)
// - ingest: read + detect + parse every file (sequential, as in `tidings run`)
// - boilerplate: HTML extraction over every article wrapped in a news-page
//   template with navigation, share bars, related links and a footer
// - sentences: tidings-text sentence split + tokens
// - analysis: tidings-syntax tagging and shallow parse (the coder's tree)
// - coding: the CAMEO coder over those trees (with per-article later mentions)
// - dates+places: tidings-when / tidings-geo for the sentences with events
// - store: documents, sentences, events in batches of 200 (one transaction each)
// - stories: the story pass over the stored documents
//
// CPU time comes from /proc/self/stat around each stage (per-document stages:
// the process CPU of the parallel part, split by each stage's share of the
// per-document timings), so "per core" figures are units / CPU seconds and do
// not count time spent descheduled on a busy machine; wall times are reported too.

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};
use tidings_ingest::{IngestOptions, Item};
use tidings_model::Article;
use tidings_pipeline::coding::{load_dictionaries, DictSpec, EventCoder};
use tidings_pipeline::SentenceCoder;

#[derive(Default)]
struct Acc {
    nanos: AtomicU64,
}

impl Acc {
    fn add(&self, d: Duration) {
        self.nanos.fetch_add(d.as_nanos() as u64, Ordering::Relaxed);
    }
    fn secs(&self) -> f64 {
        self.nanos.load(Ordering::Relaxed) as f64 / 1e9
    }
}

struct Row {
    stage: &'static str,
    secs: f64,
    /// Wall seconds when different from CPU seconds (parallel stages).
    wall: Option<f64>,
    bytes: u64,
    sentences: u64,
    items: u64,
    item_name: &'static str,
}

/// CPU seconds (user + system) of this process so far, from /proc/self/stat
/// (clock ticks of 1/100 s); immune to time spent descheduled on a busy machine.
fn cpu_now() -> f64 {
    let stat = std::fs::read_to_string("/proc/self/stat").unwrap_or_default();
    let after = stat.rsplit_once(')').map_or("", |(_, r)| r);
    let f: Vec<f64> = after.split_whitespace().filter_map(|x| x.parse().ok()).collect();
    // Fields after the command: state(skipped: not a number) ppid pgrp ... utime is field 14 overall.
    match (f.get(10), f.get(11)) {
        (Some(u), Some(s)) => (u + s) / 100.0,
        _ => 0.0,
    }
}

fn dir_bytes(p: &Path) -> u64 {
    let Ok(meta) = std::fs::metadata(p) else { return 0 };
    if meta.is_file() {
        return meta.len();
    }
    std::fs::read_dir(p).map(|rd| rd.flatten().map(|e| dir_bytes(&e.path())).sum()).unwrap_or(0)
}

/// A realistic news page around an article: the extractor must find the story
/// among navigation, share bars, related links, a cookie banner and a footer.
fn news_page(a: &Article, i: usize) -> String {
    let title = a.title.as_deref().unwrap_or("Untitled");
    let mut body = String::new();
    for p in a.text.split("\n\n").filter(|p| !p.trim().is_empty()) {
        body.push_str("<p>");
        body.push_str(&p.replace('&', "&amp;").replace('<', "&lt;"));
        body.push_str("</p>\n");
    }
    format!(
        "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>{title} | Daily Wire Service</title>\
<meta property=\"article:published_time\" content=\"2024-05-{day:02}T08:00:00Z\">\
<script>window.dataLayer=[];function track(){{}}</script><style>body{{font:16px serif}}</style></head><body>\
<div class=\"cookie-banner\">We use cookies to improve your experience. <a href=\"/privacy\">Privacy policy</a> <button>Accept</button></div>\
<header><nav><ul><li><a href=\"/\">Home</a></li><li><a href=\"/world\">World</a></li><li><a href=\"/politics\">Politics</a></li>\
<li><a href=\"/business\">Business</a></li><li><a href=\"/sport\">Sport</a></li><li><a href=\"/opinion\">Opinion</a></li></ul></nav></header>\
<main><article><h1>{title}</h1><div class=\"byline\">By Staff Reporter</div>\
<div class=\"share\"><a href=\"#\">Share on social</a> <a href=\"#\">Email</a> <a href=\"#\">Print</a></div>\
{body}<div class=\"tags\"><a href=\"/t/world\">World</a> <a href=\"/t/diplomacy\">Diplomacy</a></div></article>\
<aside><h2>Related stories</h2><ul><li><a href=\"/r/{i}a\">Markets close higher after a volatile week</a></li>\
<li><a href=\"/r/{i}b\">Weather: storms expected over the weekend</a></li><li><a href=\"/r/{i}c\">Ten things to do this summer</a></li></ul>\
<div class=\"newsletter\">Sign up for our newsletter. Subscribe now.</div></aside></main>\
<footer><p>&copy; 2024 Daily Wire Service. All rights reserved.</p><p><a href=\"/about\">About us</a> | <a href=\"/contact\">Contact</a> | \
<a href=\"/terms\">Terms of use</a></p></footer></body></html>\n",
        day = 1 + i % 28
    )
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let Some(corpus) = args.get(1).map(PathBuf::from) else {
        eprintln!("usage: bench_stages CORPUS_DIR [--threads N] [--db FILE] [--dictionaries P] [--no-stories] [--json OUT]");
        std::process::exit(2);
    };
    let flag = |name: &str| args.iter().position(|a| a == name).and_then(|i| args.get(i + 1)).cloned();
    let threads: usize = flag("--threads").and_then(|s| s.parse().ok()).unwrap_or(1);
    let db = flag("--db").map(PathBuf::from).unwrap_or_else(|| std::env::temp_dir().join("tidings-bench-stages.db"));
    let json_out = flag("--json").map(PathBuf::from);
    let with_stories = !args.iter().any(|a| a == "--no-stories");
    let spec = flag("--dictionaries").map_or(DictSpec::Defaults, |p| DictSpec::Path(p.into()));
    let pool = rayon::ThreadPoolBuilder::new().num_threads(threads).build().expect("thread pool");
    let mut rows: Vec<Row> = Vec::new();

    // Dictionaries.
    let t = Instant::now();
    let (dict, _) = load_dictionaries(&spec).expect("dictionaries");
    let coder = EventCoder::new(dict);
    let dict_secs = t.elapsed().as_secs_f64();

    // Ingest.
    let input_bytes = dir_bytes(&corpus);
    let (t, c) = (Instant::now(), cpu_now());
    let mut articles: Vec<Article> = Vec::new();
    let mut diags = 0u64;
    tidings_ingest::ingest_path(&corpus, &IngestOptions::default(), &mut |item| match item {
        Item::Article(a) => articles.push(a),
        Item::Diagnostic(_) => diags += 1,
    });
    let ingest_wall = t.elapsed().as_secs_f64();
    let ingest_secs = cpu_now() - c;
    let text_bytes: u64 = articles.iter().map(|a| a.text.len() as u64).sum();
    rows.push(Row {
        stage: "ingest (read, detect, parse)",
        secs: ingest_secs,
        wall: Some(ingest_wall),
        bytes: input_bytes,
        sentences: 0,
        items: articles.len() as u64,
        item_name: "articles",
    });

    // Boilerplate removal on HTML versions of the same articles.
    let pages: Vec<String> = articles.iter().enumerate().map(|(i, a)| news_page(a, i)).collect();
    let html_bytes: u64 = pages.iter().map(|p| p.len() as u64).sum();
    let html_cpu = Acc::default();
    let (t, c) = (Instant::now(), cpu_now());
    let extracted: usize = pool.install(|| {
        use rayon::prelude::*;
        pages
            .par_iter()
            .map(|p| {
                let t = Instant::now();
                let ok = tidings_ingest::parse_html("bench.html", "bench", p.as_bytes(), None).is_ok();
                html_cpu.add(t.elapsed());
                usize::from(ok)
            })
            .sum()
    });
    let html_wall = t.elapsed().as_secs_f64();
    let html_secs = cpu_now() - c;
    let _ = html_cpu.secs();
    assert_eq!(extracted, pages.len(), "every generated page has a body");
    drop(pages);
    rows.push(Row {
        stage: "boilerplate (HTML extraction)",
        secs: html_secs,
        wall: Some(html_wall),
        bytes: html_bytes,
        sentences: 0,
        items: articles.len() as u64,
        item_name: "pages",
    });

    // Per-document stages + store, in batches like the pipeline.
    let _ = std::fs::remove_file(&db);
    let _ = std::fs::remove_file(db.with_extension("db-wal"));
    let mut store = tidings_store::Store::open(&db).expect("store");
    let (sent_cpu, ana_cpu, code_cpu, place_cpu) = (Acc::default(), Acc::default(), Acc::default(), Acc::default());
    let mut par_wall = 0f64;
    let mut par_cpu = 0f64;
    let mut store_secs = 0f64;
    let mut store_wall = 0f64;
    let (mut n_sent, mut n_events) = (0u64, 0u64);
    let gaz = tidings_geo::Gazetteer::embedded();
    for chunk in articles.chunks(200) {
        let (t, c) = (Instant::now(), cpu_now());
        let processed: Vec<(Vec<tidings_model::Span>, Vec<tidings_store::NewEvent>)> = pool.install(|| {
            use rayon::prelude::*;
            chunk
                .par_iter()
                .map(|a| {
                    let t0 = Instant::now();
                    let sentences = tidings_text::analyze(&a.text);
                    let t1 = Instant::now();
                    sent_cpu.add(t1 - t0);
                    // Analysis alone (the trees the coder sees), then analysis + coding.
                    for s in &sentences {
                        std::hint::black_box(coder.tree_for_text(&a.text, s.span));
                    }
                    let t2 = Instant::now();
                    ana_cpu.add(t2 - t1);
                    let coded = coder.code_sentences(&a.text, &sentences, a.date);
                    let t3 = Instant::now();
                    code_cpu.add((t3 - t2).saturating_sub(t2 - t1));
                    let mut events = Vec::new();
                    let mut ctx = None;
                    let anchor = a.date.map(tidings_when::ResolvedDate::publication);
                    for (i, (s, evs)) in sentences.iter().zip(coded).enumerate() {
                        if evs.is_empty() {
                            continue;
                        }
                        let ctx = ctx.get_or_insert_with(|| tidings_geo::DocContext::new(gaz, &a.text, &sentences));
                        let place = tidings_geo::locate(gaz, ctx, &a.text, s).map(tidings_pipeline::location_row);
                        let date = tidings_when::resolve_sentence(&a.text, s, anchor.clone());
                        std::hint::black_box(&date);
                        for mut e in evs {
                            e.sentence = i;
                            e.location = place.clone();
                            events.push(e);
                        }
                    }
                    place_cpu.add(t3.elapsed());
                    (sentences.into_iter().map(|s| s.span).collect(), events)
                })
                .collect()
        });
        par_wall += t.elapsed().as_secs_f64();
        par_cpu += cpu_now() - c;
        let (t, c) = (Instant::now(), cpu_now());
        let mut batch = store.batch().expect("batch");
        for (a, (spans, events)) in chunk.iter().zip(processed) {
            n_sent += spans.len() as u64;
            n_events += events.len() as u64;
            let hash = tidings_store::content_hash(&tidings_ingest::dedup_key(&a.text));
            if let Ok(tidings_store::AddOutcome::New(id)) = batch.add_article(a, &hash) {
                let ids = batch.add_sentences(id, &spans).expect("sentences");
                batch.add_events(id, &ids, &events).expect("events");
            }
        }
        batch.commit().expect("commit");
        store_wall += t.elapsed().as_secs_f64();
        store_secs += cpu_now() - c;
    }
    // Per-stage CPU: the process CPU of the parallel part, split in proportion to
    // the per-document timings of each stage (which also count descheduled time).
    let measured = sent_cpu.secs() + ana_cpu.secs() + code_cpu.secs() + place_cpu.secs();
    let scale = if measured > 0.0 { par_cpu / measured } else { 1.0 };
    let per_doc = |stage, acc: &Acc| Row {
        stage,
        secs: acc.secs() * scale,
        wall: None,
        bytes: text_bytes,
        sentences: n_sent,
        items: articles.len() as u64,
        item_name: "articles",
    };
    rows.push(per_doc("sentences (split + tokens)", &sent_cpu));
    rows.push(per_doc("analysis (tagger + shallow parse)", &ana_cpu));
    rows.push(per_doc("coding (CAMEO coder)", &code_cpu));
    rows.push(per_doc("dates + places", &place_cpu));
    let compute = measured * scale;
    // Wall time includes analysis twice (alone, then inside coding); the pipeline runs it once.
    rows.push(Row {
        stage: "per-document stages together",
        secs: compute,
        wall: Some(par_wall),
        bytes: text_bytes,
        sentences: n_sent,
        items: articles.len() as u64,
        item_name: "articles",
    });
    rows.push(Row {
        stage: "store (SQLite, batches of 200)",
        secs: store_secs,
        wall: Some(store_wall),
        bytes: text_bytes,
        sentences: n_sent,
        items: n_events,
        item_name: "events",
    });
    if with_stories {
        let (t, c) = (Instant::now(), cpu_now());
        let st = tidings_pipeline::stories::update_stories(&mut store).expect("stories");
        rows.push(Row {
            stage: "stories (clustering, coreference, briefs)",
            secs: cpu_now() - c,
            wall: Some(t.elapsed().as_secs_f64()),
            bytes: text_bytes,
            sentences: n_sent,
            items: st.added_documents,
            item_name: "articles",
        });
    }

    println!(
        "corpus {}: {:.1} MB in, {} articles, {:.1} MB text, {} sentences, {} events, {} diagnostics; \
         dictionaries {:.0} ms; {threads} thread(s)",
        corpus.display(),
        input_bytes as f64 / 1e6,
        articles.len(),
        text_bytes as f64 / 1e6,
        n_sent,
        n_events,
        diags,
        dict_secs * 1e3
    );
    println!("| stage | CPU s | MB/s per core | sentences/s per core | items/s per core | wall s |");
    println!("|---|---|---|---|---|---|");
    let mut json = Vec::new();
    for r in &rows {
        let mbs = r.bytes as f64 / 1e6 / r.secs.max(1e-9);
        let sps = r.sentences as f64 / r.secs.max(1e-9);
        let ips = r.items as f64 / r.secs.max(1e-9);
        println!(
            "| {} | {:.2} | {:.1} | {} | {:.0} {} | {} |",
            r.stage,
            r.secs,
            mbs,
            if r.sentences > 0 { format!("{sps:.0}") } else { "–".into() },
            ips,
            r.item_name,
            r.wall.map_or_else(|| format!("{:.2}", r.secs), |w| format!("{w:.2}"))
        );
        json.push(format!(
            "{{\"stage\":{:?},\"cpu_s\":{:.4},\"wall_s\":{:.4},\"mb_per_s\":{mbs:.3},\"sentences_per_s\":{sps:.1},\"items_per_s\":{ips:.1},\"items\":{:?}}}",
            r.stage,
            r.secs,
            r.wall.unwrap_or(r.secs),
            r.item_name
        ));
    }
    if let Some(p) = json_out {
        let head = format!(
            "{{\"threads\":{threads},\"input_bytes\":{input_bytes},\"text_bytes\":{text_bytes},\"articles\":{},\"sentences\":{n_sent},\"events\":{n_events},\"dict_load_s\":{dict_secs:.4},\"stages\":[{}]}}\n",
            articles.len(),
            json.join(",")
        );
        std::fs::write(&p, head).expect("writing json");
    }
}
