//! Throughput check independent of criterion: analyze N generated sentences.
//! Run under `perf stat -e task-clock` on a busy machine to get CPU time.
//!
//! usage: cargo run --release -p tidings-syntax --example throughput -- [N]
use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Instant;

/// Counts allocations so the report can say how many a sentence costs.
struct Counting;
static ALLOCS: AtomicUsize = AtomicUsize::new(0);
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, l: Layout) -> *mut u8 {
        ALLOCS.fetch_add(1, Ordering::Relaxed);
        unsafe { System.alloc(l) }
    }
    unsafe fn dealloc(&self, p: *mut u8, l: Layout) {
        unsafe { System.dealloc(p, l) }
    }
    unsafe fn realloc(&self, p: *mut u8, l: Layout, n: usize) -> *mut u8 {
        ALLOCS.fetch_add(1, Ordering::Relaxed);
        unsafe { System.realloc(p, l, n) }
    }
}
#[global_allocator]
static GLOBAL: Counting = Counting;
use tidings_model::Span;
use tidings_syntax::{tokenize, Analyzer};

fn main() {
    let n: usize = std::env::args().nth(1).and_then(|a| a.parse().ok()).unwrap_or(100_000);
    let actors =
        ["Gondor", "the Arnor government", "rebel forces", "South Korea and the U.S.", "police in the capital"];
    let verbs =
        ["attacked", "condemned", "met with", "pledged aid to", "has accused", "was attacked by", "did not criticize"];
    let targets = ["the village", "Mordor", "opposition leaders", "protesters near the border"];
    let tails = ["", " on Monday", ", officials said", ", killing five people"];
    let sents: Vec<String> = (0..1000)
        .map(|i| format!("{} {} {}{}.", actors[i % 5], verbs[(i / 5) % 7], targets[(i / 35) % 4], tails[(i / 140) % 4]))
        .collect();
    let toks: Vec<Vec<(String, Span)>> = sents.iter().map(|s| tokenize(s, 0)).collect();
    let an = Analyzer::new();
    let a0 = ALLOCS.load(Ordering::Relaxed);
    let t0 = Instant::now();
    let mut nodes = 0usize;
    for i in 0..n {
        let t = &toks[i % toks.len()];
        let input: Vec<(&str, Span)> = t.iter().map(|(w, s)| (w.as_str(), *s)).collect();
        nodes += an.analyze(&input).nodes.len();
    }
    let el = t0.elapsed().as_secs_f64();
    let allocs = ALLOCS.load(Ordering::Relaxed) - a0;
    let ntok: usize = (0..n).map(|i| toks[i % toks.len()].len()).sum();
    println!(
        "{n} sentences ({:.1} tokens, {:.1} nodes each) in {el:.3} s wall = {:.0} sentences/s; {:.1} allocations/sentence",
        ntok as f64 / n as f64,
        nodes as f64 / n as f64,
        n as f64 / el,
        allocs as f64 / n as f64
    );
}
