//! Streaming clustering throughput on synthetic articles.
//!
//! `cargo bench -p tidings-stories` runs criterion over 5,000 articles.
//! `TIDINGS_STORIES_SCALE=1000000 cargo bench -p tidings-stories` first streams that
//! many synthetic articles through one engine and prints articles/s, stories found,
//! purity and peak RSS (VmHWM) - the bounded-memory check. `TIDINGS_STORIES_CONFIG` (JSON)
//! overrides [`Config`] fields for that run.

use criterion::{criterion_group, Criterion, Throughput};
use std::time::Instant;
use tidings_stories::{Config, Date, DocInput, StoryEngine};

fn mix(mut z: u64) -> u64 {
    z = z.wrapping_add(0x9e37_79b9_7f4a_7c15);
    z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    z ^ (z >> 31)
}

const SYL: &[&str] =
    &["ka", "lo", "mi", "ra", "te", "zu", "no", "vi", "sha", "dor", "el", "an", "bri", "gu", "pe", "ost"];

fn pseudo_word(seed: u64, syllables: usize) -> String {
    let mut s = String::new();
    let mut h = seed;
    for _ in 0..syllables {
        h = mix(h);
        s.push_str(SYL[(h % SYL.len() as u64) as usize]);
    }
    s
}

fn cap(w: &str) -> String {
    let mut c = w.chars();
    c.next().map(|f| f.to_uppercase().collect::<String>() + c.as_str()).unwrap_or_default()
}

/// Article `k`: stories of 20 articles, 1,000 stories interleaved per window of 20,000.
struct Synth {
    general: Vec<String>,
}

impl Synth {
    fn new() -> Self {
        Synth { general: (0..3000).map(|i| pseudo_word(i, 2 + (i % 3) as usize)).collect() }
    }

    fn story_of(k: u64) -> u64 {
        (k % 1000) + 1000 * (k / 20_000)
    }

    fn article(&self, k: u64) -> (String, Date, String) {
        let s = Self::story_of(k);
        let names: Vec<String> = (0..5).map(|i| cap(&pseudo_word(s * 16 + i + 1_000_000, 3))).collect();
        let topic: Vec<String> = (0..8).map(|i| pseudo_word(s * 16 + i + 9_000_000, 3)).collect();
        let mut h = mix(k ^ 0xabcdef);
        let mut text = String::new();
        for _ in 0..8 {
            let mut sent: Vec<String> = Vec::new();
            for j in 0..14 {
                h = mix(h);
                let w = match (h % 10, j) {
                    (_, 0) => names[(h >> 8) as usize % names.len()].clone(),
                    (0..=2, _) => topic[(h >> 8) as usize % topic.len()].clone(),
                    (3, _) => names[(h >> 8) as usize % names.len()].clone(),
                    _ => self.general[(h >> 8) as usize % self.general.len()].clone(),
                };
                sent.push(w);
            }
            text.push_str(&sent.join(" "));
            text.push_str(". ");
        }
        let day = (s / 1000) as i64 * 3 + (mix(k) % 3) as i64;
        let date = Date::new(2024, 1 + ((day / 28) % 12) as u32, 1 + (day % 28) as u32).unwrap_or(Date {
            year: 2024,
            month: 1,
            day: 1,
        });
        let outlet = format!("outlet{}.example", mix(k ^ 7) % 500);
        (text, date, outlet)
    }
}

fn peak_rss_kib() -> Option<u64> {
    let s = std::fs::read_to_string("/proc/self/status").ok()?;
    s.lines().find(|l| l.starts_with("VmHWM:"))?.split_whitespace().nth(1)?.parse().ok()
}

fn scale(n: u64) {
    let synth = Synth::new();
    // TIDINGS_STORIES_CONFIG='{"split_silhouette": 0}' overrides defaults (JSON, missing fields default)
    let cfg: Config = std::env::var("TIDINGS_STORIES_CONFIG")
        .ok()
        .and_then(|j| serde_json::from_str(&j).map_err(|e| println!("TIDINGS_STORIES_CONFIG: {e}")).ok())
        .unwrap_or_default();
    let mut e = StoryEngine::new(cfg);
    let t = Instant::now();
    let mut pred = Vec::with_capacity(n as usize);
    for k in 0..n {
        let (text, date, outlet) = synth.article(k);
        let a = e.add(&DocInput {
            doc_id: k as i64,
            text: &text,
            title: None,
            date: Some(date),
            source_key: &outlet,
            sentences: &[],
            events: &[],
        });
        pred.push(a.story.0);
        if k > 0 && k % 200_000 == 0 {
            println!(
                "  {k} articles, {:.0} articles/s, state ~{} MiB, peak RSS {:?} KiB",
                k as f64 / t.elapsed().as_secs_f64(),
                e.heap_bytes() >> 20,
                peak_rss_kib()
            );
        }
    }
    let secs = t.elapsed().as_secs_f64();
    // purity: articles whose final story's majority gold story is their own
    let mut by_story: std::collections::HashMap<u32, std::collections::HashMap<u64, u32>> = Default::default();
    for k in 0..n {
        let s = e.story_of(k as i64).map_or(u32::MAX, |s| s.0);
        *by_story.entry(s).or_default().entry(Synth::story_of(k)).or_default() += 1;
    }
    let pure: u64 = by_story.values().map(|m| u64::from(m.values().copied().max().unwrap_or(0))).sum();
    println!(
        "scale: {n} articles in {secs:.1} s = {:.0} articles/s; {} stories (truth {}); purity {:.4}; state ~{} MiB; peak RSS {:?} KiB",
        n as f64 / secs,
        e.stories().len(),
        (n - 1) / 20_000 * 1000 + ((n - 1) % 20_000).min(999) + 1,
        pure as f64 / n as f64,
        e.heap_bytes() >> 20,
        peak_rss_kib()
    );
}

fn bench(c: &mut Criterion) {
    let synth = Synth::new();
    let n = 5_000u64;
    let arts: Vec<(String, Date, String)> = (0..n).map(|k| synth.article(k)).collect();
    let bytes: usize = arts.iter().map(|a| a.0.len()).sum();
    let mut g = c.benchmark_group("stories");
    g.sample_size(10);
    g.throughput(Throughput::Elements(n));
    g.bench_function("add 5k synthetic articles", |b| {
        b.iter(|| {
            let mut e = StoryEngine::new(Config::default());
            for (k, (text, date, outlet)) in arts.iter().enumerate() {
                e.add(&DocInput {
                    doc_id: k as i64,
                    text,
                    title: None,
                    date: Some(*date),
                    source_key: outlet,
                    sentences: &[],
                    events: &[],
                });
            }
            e.stories().len()
        })
    });
    // the consolidation stage alone: re-assign a full window of 2,000 recent articles
    let mut base = StoryEngine::new(Config { refine_every: 0, ..Config::default() });
    for (k, (text, date, outlet)) in arts.iter().take(2_000).enumerate() {
        base.add(&DocInput {
            doc_id: k as i64,
            text,
            title: None,
            date: Some(*date),
            source_key: outlet,
            sentences: &[],
            events: &[],
        });
    }
    g.throughput(Throughput::Elements(2_000));
    g.bench_function("refine 2k-article window", |b| {
        b.iter_batched(|| base.clone(), |mut e| e.refine(), criterion::BatchSize::LargeInput)
    });
    g.finish();
    println!("(5k articles = {} KiB of text)", bytes >> 10);
}

criterion_group!(benches, bench);

fn main() {
    if let Some(n) = std::env::var("TIDINGS_STORIES_SCALE").ok().and_then(|v| v.parse().ok()) {
        scale(n);
    }
    benches();
    criterion::Criterion::default().configure_from_args().final_summary();
}
