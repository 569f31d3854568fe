//! Profiling driver: `tidings run` without the CLI, with the one-time loads
//! (dictionaries, gazetteer, lexicon) done before [`tidings_pipeline::run`], so
//! that a profiler restricted to `run` sees only the per-document work.
//!
//! usage: cargo run --release -p tidings-pipeline --example profile_run -- CORPUS_DIR DB [THREADS]
//!
//! With callgrind: `valgrind --tool=callgrind --toggle-collect='tidings_pipeline::run' \
//!   target/release/examples/profile_run /tmp/corpus /tmp/p.db 1`

use tidings_pipeline::coding::{load_dictionaries, DictSpec, EventCoder};

// The same allocator as the `tidings` binary.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;
use tidings_pipeline::{RunOptions, SentenceCoder};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().collect();
    let (Some(corpus), Some(db)) = (args.get(1), args.get(2)) else {
        eprintln!("usage: profile_run CORPUS_DIR DB [THREADS]");
        std::process::exit(2);
    };
    let threads = args.get(3).and_then(|t| t.parse().ok()).unwrap_or(1);
    let (dict, _) = load_dictionaries(&DictSpec::Defaults)?;
    let coder = EventCoder::new(dict);
    let _ = tidings_geo::Gazetteer::embedded();
    let _ = std::fs::remove_file(db);
    let mut store = tidings_store::Store::open(std::path::Path::new(db))?;
    let opts = RunOptions { threads, ..RunOptions::default() };
    let t = std::time::Instant::now();
    let s = tidings_pipeline::run(
        &mut store,
        &[std::path::PathBuf::from(corpus)],
        Some(&coder as &dyn SentenceCoder),
        &opts,
        &mut |_| {},
    )?;
    let secs = t.elapsed().as_secs_f64();
    println!(
        "{} articles, {} sentences, {} events, {:.1} MB in {:.2}s: {:.0} sentences/s",
        s.articles,
        s.sentences,
        s.events,
        s.text_bytes as f64 / 1e6,
        secs,
        s.sentences as f64 / secs
    );
    Ok(())
}
