//! ECB+ dev topics (../shared/ref/news-clustering/ECBplus/docs.dev.jsonl): story
//! clustering against the gold `cluster` field, fed one document at a time in file
//! order and in a shuffled order. Skipped with a message when the data is absent.

use std::collections::HashMap;
use tidings_stories::eval::{score, Scores};
use tidings_stories::{Config, DocInput, StoryEngine};

const DATA: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../../../shared/ref/news-clustering/ECBplus/docs.dev.jsonl");

struct Doc {
    text: String,
    cluster: String,
    topic: u64,
}

fn load() -> Option<Vec<Doc>> {
    let raw = match std::fs::read_to_string(DATA) {
        Ok(r) => r,
        Err(e) => {
            println!("skipping ECB+ evaluation: {DATA}: {e}");
            return None;
        }
    };
    let mut out = Vec::new();
    for (i, line) in raw.lines().enumerate() {
        let v: serde_json::Value = match serde_json::from_str(line) {
            Ok(v) => v,
            Err(e) => panic!("{DATA}:{}: {e}", i + 1),
        };
        let text = v["text"].as_str().unwrap_or_default().to_string();
        let cluster = v["cluster"].as_str().unwrap_or_default().to_string();
        let topic = v["topic"].as_u64().unwrap_or_default();
        out.push(Doc { text, cluster, topic });
    }
    Some(out)
}

fn run(docs: &[Doc], order: &[usize], cfg: &Config) -> Scores {
    let pred = assign(docs, order, cfg);
    let gold: Vec<&str> = order.iter().map(|&i| docs[i].cluster.as_str()).collect();
    score(&pred, &gold)
}

/// Deterministic Fisher-Yates with a small LCG.
fn shuffled(n: usize, seed: u64) -> Vec<usize> {
    let mut v: Vec<usize> = (0..n).collect();
    let mut s = seed;
    for i in (1..n).rev() {
        s = s.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
        let j = (s >> 33) as usize % (i + 1);
        v.swap(i, j);
    }
    v
}

#[test]
fn ecb_plus_dev_clustering() {
    let Some(docs) = load() else { return };
    assert_eq!(docs.len(), 772);
    let cfg = Config::default();
    let file = run(&docs, &(0..docs.len()).collect::<Vec<_>>(), &cfg);
    println!("ECB+ dev, file order: {file:?}");
    let mut worst = file.f1;
    for seed in [1u64, 2, 3] {
        let s = run(&docs, &shuffled(docs.len(), seed), &cfg);
        println!("ECB+ dev, shuffled (seed {seed}): {s:?}");
        worst = worst.min(s.f1);
        // regression guard (measured: pairwise F1 0.952-0.963, BCubed F1 0.962-0.974)
        assert!(s.f1 >= 0.935, "shuffled seed {seed}: {s:?}");
        assert!(s.b3_f1 >= 0.945, "shuffled seed {seed}: {s:?}");
    }
    println!("worst pairwise F1 {worst:.4}");
    // even / odd topics apart (the session-16 defaults were chosen on even topics; the lead and
    // split settings of session 17 on the mean of all six views, so odd topics are no clean
    // hold-out)
    let even = run(&docs, &parity(&docs, false), &cfg);
    let odd = run(&docs, &parity(&docs, true), &cfg);
    println!("ECB+ dev, even topics (tuning): {even:?}");
    println!("ECB+ dev, odd topics (held out): {odd:?}");
    // (measured: even 0.958, odd 0.960)
    assert!(odd.f1 >= 0.945, "{odd:?}");
    assert!(even.f1 >= 0.945, "{even:?}");
    // regression guard: the figures achieved when this test was written
    // (measured in file order: pairwise F1 0.977, BCubed F1 0.977; target: pairwise 0.95)
    assert!(file.f1 >= 0.95, "{file:?}");
    assert!(file.b3_f1 >= 0.955, "{file:?}");
    // with made-up publication dates (each event on its own days): the refine split must not
    // leave one event in fragments (measured: pairwise F1 0.989, recall 0.978)
    let all: Vec<usize> = (0..docs.len()).collect();
    let gold: Vec<&str> = docs.iter().map(|d| d.cluster.as_str()).collect();
    let dated = score(&assign_dated(&docs, &all, &cfg, true), &gold);
    println!("ECB+ dev, made-up dates: {dated:?}");
    assert!(dated.f1 >= 0.975 && dated.r >= 0.96, "{dated:?}");
}

/// Documents of even (tuning) or odd (held-out) topics, in file order.
fn parity(docs: &[Doc], odd: bool) -> Vec<usize> {
    (0..docs.len()).filter(|&i| (docs[i].topic % 2 == 1) == odd).collect()
}

fn env_list(name: &str, default: &[f32]) -> Vec<f32> {
    std::env::var(name)
        .ok()
        .map(|v| v.split(',').filter_map(|x| x.trim().parse().ok()).collect())
        .unwrap_or_else(|| default.to_vec())
}

#[test]
fn ecb_plus_tuning_grid() {
    // Grid over a few knobs, tuned on even topics with odd topics held out
    // (TIDINGS_ECB_GRID=1 cargo test --release -p tidings-stories --test ecb -- --nocapture).
    if std::env::var("TIDINGS_ECB_GRID").is_err() {
        return;
    }
    let Some(docs) = load() else { return };
    let (even, odd) = (parity(&docs, false), parity(&docs, true));
    for jt in env_list("JT", &[0.25]) {
        for nw in env_list("NW", &[0.2]) {
            for ew in env_list("EW", &[0.5]) {
                for nmp in env_list("NMP", &[1.0]) {
                    for sm in env_list("SS", &[0.2]) {
                        let rp = env_list("RP", &[3.0])[0];
                        let cfg = Config {
                            join_threshold: jt,
                            number_weight: nw,
                            entity_weight: ew,
                            name_mismatch_penalty: nmp,
                            refine_passes: rp as usize,
                            story_terms: env_list("ST", &[64.0])[0] as usize,
                            year_mismatch_penalty: env_list("YP", &[0.3])[0],
                            split_silhouette: sm,
                            split_min_docs: env_list("SMIN", &[4.0])[0] as usize,
                            split_rounds: env_list("SR", &[3.0])[0] as usize,
                            merge_threshold: env_list("MT", &[2.0])[0],
                            ..Config::default()
                        };
                        let e = run(&docs, &even, &cfg);
                        let o = run(&docs, &odd, &cfg);
                        let sh: Vec<usize> = shuffled(even.len(), 7).into_iter().map(|i| even[i]).collect();
                        let s = run(&docs, &sh, &cfg);
                        println!(
                            "jt {jt} nw {nw} ew {ew} nmp {nmp} ss {sm}: even F1 {:.4} (P {:.3} R {:.3}) even-shuffled {:.4} | odd F1 {:.4} (P {:.3} R {:.3})",
                            e.f1, e.p, e.r, s.f1, o.f1, o.p, o.r
                        );
                    }
                }
            }
        }
    }
}

#[test]
fn ecb_plus_confusion() {
    // Prints predicted clusters mixing gold clusters (TIDINGS_ECB_DEBUG=1 --nocapture).
    if std::env::var("TIDINGS_ECB_DEBUG").is_err() {
        return;
    }
    let Some(docs) = load() else { return };
    let mut cfg = Config::default();
    if let Ok(m) = std::env::var("TIDINGS_ECB_MERGE") {
        cfg.merge_threshold = m.parse().unwrap_or(cfg.merge_threshold);
    }
    let mut e = StoryEngine::new(cfg);
    for (i, d) in docs.iter().enumerate() {
        let key = format!("ecb-{i}");
        let a = e.add(&DocInput {
            doc_id: i as i64,
            text: &d.text,
            title: None,
            date: None,
            source_key: &key,
            sentences: &[],
            events: &[],
        });
        if !a.merges.is_empty() {
            println!("doc {i} ({}) merges {:?}", d.cluster, a.merges);
        }
        if let tidings_stories::Why::Joined { score, text_cosine, entity_cosine, shared_names, .. } = &a.why {
            let first = e.story(a.story).map(|v| v.doc_ids[0]).unwrap_or(0);
            let ok = docs[first as usize].cluster == d.cluster;
            println!(
                "JOIN {} {score:.3} tc {text_cosine:.3} ec {entity_cosine:.3} {} {:?}",
                if ok { "ok " } else { "BAD" },
                d.cluster,
                shared_names
            );
        }
    }
    e.refine();
    let all = std::env::var("TIDINGS_ECB_DEBUG").is_ok_and(|v| v == "all");
    for s in e.stories() {
        let mut m: HashMap<&str, usize> = HashMap::new();
        for id in &s.doc_ids {
            *m.entry(docs[*id as usize].cluster.as_str()).or_default() += 1;
        }
        if m.len() > 1 || all {
            println!("{} {:?}", s.id, m);
        }
    }
}

/// Config from `TIDINGS_ECB_CFG` (JSON, fields of [`Config`]; defaults for the rest).
fn env_config() -> Config {
    std::env::var("TIDINGS_ECB_CFG").ok().and_then(|s| serde_json::from_str(&s).ok()).unwrap_or_default()
}

/// A made-up publication date per document for the dated view: each gold cluster on its
/// own day (topics 40 days apart, the second event of a topic 200 days after the first),
/// its documents within three days of it. Not ECB+ data: a check that dated streams are
/// not split into fragments that stay apart.
fn made_up_date(docs: &[Doc], i: usize) -> tidings_stories::Date {
    let d = &docs[i];
    let second = d.cluster.ends_with("plus");
    let day = d.topic as i64 * 40 + if second { 200 } else { 0 } + (i as i64 * 7919 % 4);
    let (y, m, dd) = (2000 + (day / 336) as i32, 1 + ((day % 336) / 28) as u32, 1 + (day % 28) as u32);
    tidings_stories::Date { year: y, month: m, day: dd }
}

/// Story per document (in `order`).
fn assign(docs: &[Doc], order: &[usize], cfg: &Config) -> Vec<u32> {
    assign_dated(docs, order, cfg, std::env::var("TIDINGS_ECB_DATED").is_ok())
}

/// [`assign`], with made-up publication dates when `dated`.
fn assign_dated(docs: &[Doc], order: &[usize], cfg: &Config, dated: bool) -> Vec<u32> {
    let mut e = StoryEngine::new(cfg.clone());
    for &i in order {
        let key = format!("ecb-{i}");
        e.add(&DocInput {
            doc_id: i as i64,
            text: &docs[i].text,
            title: None,
            date: dated.then(|| made_up_date(docs, i)),
            source_key: &key,
            sentences: &[],
            events: &[],
        });
    }
    e.refine();
    order.iter().map(|&i| e.story_of(i as i64).map_or(u32::MAX, |s| s.0)).collect()
}

#[test]
#[ignore = "diagnostic for error analysis: prints, asserts nothing (cargo test --release --test ecb -- --ignored --nocapture)"]
fn ecb_plus_probe() {
    // One line per view for the config in TIDINGS_ECB_CFG (TIDINGS_ECB_SEEDS shuffled
    // orders, default 3; TIDINGS_ECB_DATED=1: made-up publication dates), then false-merge
    // and fragment pair counts per gold cluster.
    let Some(docs) = load() else { return };
    let cfg = env_config();
    let all: Vec<usize> = (0..docs.len()).collect();
    let line = |name: &str, s: Scores| {
        println!("{name:>8}: F1 {:.4} P {:.3} R {:.3} B3 {:.4} clusters {}", s.f1, s.p, s.r, s.b3_f1, s.clusters)
    };
    line("file", run(&docs, &all, &cfg));
    let seeds: u64 = std::env::var("TIDINGS_ECB_SEEDS").ok().and_then(|v| v.parse().ok()).unwrap_or(3);
    for seed in 1..=seeds {
        line(&format!("seed {seed}"), run(&docs, &shuffled(docs.len(), seed), &cfg));
    }
    line("even", run(&docs, &parity(&docs, false), &cfg));
    line("odd", run(&docs, &parity(&docs, true), &cfg));
    // TIDINGS_ECB_SUBSETS=N: N random sets of ten topics (the size of a held-back set), file
    // order each; the spread says how much one set of topics can differ from the whole
    if let Some(n) = std::env::var("TIDINGS_ECB_SUBSETS").ok().and_then(|v| v.parse::<u64>().ok()) {
        let mut topics: Vec<u64> = docs.iter().map(|d| d.topic).collect();
        topics.sort_unstable();
        topics.dedup();
        let mut f1s: Vec<f64> = (1..=n)
            .map(|seed| {
                let pick: Vec<u64> = shuffled(topics.len(), seed).into_iter().take(10).map(|k| topics[k]).collect();
                let order: Vec<usize> = (0..docs.len()).filter(|&i| pick.contains(&docs[i].topic)).collect();
                let f1 = run(&docs, &order, &cfg).f1;
                if f1 < 0.95 {
                    println!("  set {seed}: F1 {f1:.4}, topics {pick:?}");
                }
                f1
            })
            .collect();
        f1s.sort_by(f64::total_cmp);
        let below = f1s.iter().filter(|&&f| f < 0.95).count();
        println!(
            "ten-topic sets: {n}, pairwise F1 min {:.4} median {:.4} max {:.4}, {below} below 0.95",
            f1s[0],
            f1s[f1s.len() / 2],
            f1s[f1s.len() - 1]
        );
    }
    if std::env::var("TIDINGS_ECB_PROBE").is_ok_and(|v| v == "brief") {
        return;
    }
    // TIDINGS_ECB_ORDER=N: the pair counts for shuffled order N instead of file order.
    let mut order = match std::env::var("TIDINGS_ECB_ORDER").ok().and_then(|v| v.parse().ok()) {
        Some(seed) => shuffled(docs.len(), seed),
        None => all.clone(),
    };
    // TIDINGS_ECB_TOPICS=1,5,...: only these topics (as in one of the ten-topic sets)
    if let Ok(t) = std::env::var("TIDINGS_ECB_TOPICS") {
        let keep: Vec<u64> = t.split(',').filter_map(|x| x.trim().parse().ok()).collect();
        order.retain(|&i| keep.contains(&docs[i].topic));
    }
    let by_order = assign(&docs, &order, &cfg);
    let mut pred = vec![u32::MAX; docs.len()];
    for (k, &i) in order.iter().enumerate() {
        pred[i] = by_order[k];
    }
    let mut fp: HashMap<String, u64> = HashMap::new();
    let mut fnn: HashMap<&str, u64> = HashMap::new();
    for i in 0..docs.len() {
        for j in i + 1..docs.len() {
            if pred[i] == u32::MAX || pred[j] == u32::MAX {
                continue;
            }
            let (same_p, same_g) = (pred[i] == pred[j], docs[i].cluster == docs[j].cluster);
            if same_p && !same_g {
                let (a, b) = if docs[i].cluster < docs[j].cluster { (i, j) } else { (j, i) };
                *fp.entry(format!("{}+{}", docs[a].cluster, docs[b].cluster)).or_default() += 1;
            } else if !same_p && same_g {
                *fnn.entry(docs[i].cluster.as_str()).or_default() += 1;
            }
        }
    }
    let mut fp: Vec<_> = fp.into_iter().collect();
    fp.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    let mut fnn: Vec<_> = fnn.into_iter().collect();
    fnn.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
    println!("false merges: {fp:?}");
    println!("fragments: {fnn:?}");
    if let Ok(show) = std::env::var("TIDINGS_ECB_SHOW") {
        let topics: Vec<u64> = show.split(',').filter_map(|t| t.trim().parse().ok()).collect();
        let mut ids: Vec<usize> = (0..docs.len()).filter(|&i| topics.contains(&docs[i].topic)).collect();
        ids.sort_by_key(|&i| (pred[i], docs[i].cluster.clone()));
        for i in ids {
            let head: String = docs[i].text.chars().take(110).collect();
            println!("S{} {:>10} #{i}: {}", pred[i], docs[i].cluster, head.replace('\n', " | "));
        }
    }
}
