//! Offline diagnostic (tests only): all-pairs article similarity on ECB+ dev with the
//! engine's own vectors, and average-link clustering at the best cut - the ceiling of
//! the representation, apart from the streaming decisions.
//! `cargo test -p tidings-stories --release --lib diag -- --ignored --nocapture` (`TIDINGS_ECB_DIAG=all`: per topic;
//! `TIDINGS_ECB_DUMP=FILE`: write the similarity matrix, one row per line, for offline study)

use crate::*;

const DATA: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../../../shared/ref/news-clustering/ECBplus/docs.dev.jsonl");

/// Average-link agglomerative clustering over a similarity matrix, cut at `cut`.
fn upgma(sim: &[Vec<f32>], cut: f32) -> Vec<usize> {
    let n = sim.len();
    let mut s: Vec<Vec<f32>> = sim.to_vec();
    let mut size = vec![1usize; n];
    let mut alive = vec![true; n];
    let mut label: Vec<usize> = (0..n).collect();
    loop {
        let mut best = (f32::MIN, 0, 0);
        for i in 0..n {
            if !alive[i] {
                continue;
            }
            for j in i + 1..n {
                if alive[j] && s[i][j] > best.0 {
                    best = (s[i][j], i, j);
                }
            }
        }
        if best.0 < cut {
            break;
        }
        let (_, a, b) = best;
        for k in 0..n {
            if alive[k] && k != a && k != b {
                let v = (s[a][k] * size[a] as f32 + s[b][k] * size[b] as f32) / (size[a] + size[b]) as f32;
                s[a][k] = v;
                s[k][a] = v;
            }
        }
        size[a] += size[b];
        alive[b] = false;
        for l in label.iter_mut() {
            if *l == b {
                *l = a;
            }
        }
    }
    label
}

/// Article-to-article score (knobs from D_IDFP idf power, D_EW, D_UW, D_YP year factor, D_YTOL).
fn diag_score(e: &StoryEngine, ra: &Recent, rb: &Recent) -> f32 {
    let env = |k: &str, d: f32| std::env::var(k).ok().and_then(|v| v.parse().ok()).unwrap_or(d);
    let (pw, ew, uw, yp, ytol) =
        (env("D_IDFP", 1.0), env("D_EW", 0.5), env("D_UW", 0.2), env("D_YP", 1.0), env("D_YTOL", 1.0));
    let cos = |x: &[(u32, f32)], y: &[(u32, f32)]| {
        let w = |t: u32| e.idf(t).powf(pw);
        let nx = x.iter().map(|&(t, v)| (v * w(t)).powi(2)).sum::<f32>().sqrt();
        let ny = y.iter().map(|&(t, v)| (v * w(t)).powi(2)).sum::<f32>().sqrt();
        let (mut i, mut j, mut dot) = (0, 0, 0.0f32);
        while i < x.len() && j < y.len() {
            match x[i].0.cmp(&y[j].0) {
                std::cmp::Ordering::Less => i += 1,
                std::cmp::Ordering::Greater => j += 1,
                std::cmp::Ordering::Equal => {
                    dot += x[i].1 * y[j].1 * w(x[i].0).powi(2);
                    i += 1;
                    j += 1;
                }
            }
        }
        if nx * ny > 0.0 {
            dot / (nx * ny)
        } else {
            0.0
        }
    };
    let tc = cos(&ra.tv, &rb.tv);
    let ec = if ra.nv.is_empty() || rb.nv.is_empty() { tc } else { cos(&ra.nv, &rb.nv) };
    let uc = cos(&ra.uv, &rb.uv);
    let mut s = ((1.0 - ew) * tc + ew * ec) * (1.0 - uw) + uw * uc;
    if let (Some(x), Some(y)) = (ra.year, rb.year) {
        if ((x - y).abs() as f32) > ytol {
            s *= yp;
        }
    }
    s
}

#[test]
#[ignore = "diagnostic for error analysis: prints, asserts nothing (-- --ignored --nocapture; TIDINGS_ECB_DIAG=all for per-topic lines)"]
fn diag() {
    let Ok(raw) = std::fs::read_to_string(DATA) else { return };
    let mut texts = Vec::new();
    let mut gold_s = Vec::new();
    let mut topic = Vec::new();
    for line in raw.lines() {
        let v: serde_json::Value = serde_json::from_str(line).unwrap();
        texts.push(v["text"].as_str().unwrap_or_default().to_string());
        gold_s.push(v["cluster"].as_str().unwrap_or_default().to_string());
        topic.push(v["topic"].as_u64().unwrap_or_default());
    }
    let mut names: Vec<String> = gold_s.clone();
    names.sort();
    names.dedup();
    let gold: Vec<usize> = gold_s.iter().map(|g| names.binary_search(g).unwrap()).collect();
    let cfg = Config { refine_every: 0, refine_window: 10_000, near_duplicate: 1.01, ..Config::default() };
    let mut e = StoryEngine::new(cfg);
    for (i, t) in texts.iter().enumerate() {
        let key = format!("k{i}");
        e.add(&DocInput {
            doc_id: i as i64,
            text: t,
            title: None,
            date: None,
            source_key: &key,
            sentences: &[],
            events: &[],
        });
    }
    let recent: Vec<Recent> = e.recent.iter().cloned().collect();
    assert_eq!(recent.len(), texts.len());
    let n = recent.len();
    let mut sim = vec![vec![0f32; n]; n];
    for i in 0..n {
        for j in i + 1..n {
            let v = diag_score(&e, &recent[i], &recent[j]);
            sim[i][j] = v;
            sim[j][i] = v;
        }
    }
    if let Ok(path) = std::env::var("TIDINGS_ECB_DUMP") {
        let rows: Vec<String> =
            sim.iter().map(|r| r.iter().map(|v| format!("{v:.4}")).collect::<Vec<_>>().join(" ")).collect();
        std::fs::write(&path, rows.join("\n")).unwrap();
    }
    // nearest neighbour agreement, and within-topic separation
    let nn_ok = (0..n)
        .filter(|&i| {
            let j = (0..n).filter(|&j| j != i).max_by(|&a, &b| sim[i][a].total_cmp(&sim[i][b])).unwrap();
            gold[i] == gold[j]
        })
        .count();
    println!("nearest neighbour in the same cluster: {nn_ok}/{n}");
    let mut best = (0.0, 0.0, 0.0, 0.0f32);
    for k in 1..=16 {
        let cut = 0.05 * k as f32;
        let lab = upgma(&sim, cut);
        let crate::eval::Scores { p, r, f1: f, .. } = crate::eval::score(&lab, &gold);
        if f > best.0 {
            best = (f, p, r, cut);
        }
    }
    println!("average link best: F1 {:.4} P {:.3} R {:.3} at cut {}", best.0, best.1, best.2, best.3);
    // per topic: mean same-cluster vs cross-cluster similarity
    let mut topics: Vec<u64> = topic.clone();
    topics.sort();
    topics.dedup();
    let verbose = std::env::var("TIDINGS_ECB_DIAG").is_ok_and(|v| v == "all");
    let (mut auc_sum, mut n_topics) = (0.0f64, 0);
    for t in topics {
        let ids: Vec<usize> = (0..n).filter(|&i| topic[i] == t).collect();
        let (mut same, mut cross) = (Vec::new(), Vec::new());
        for (a, &i) in ids.iter().enumerate() {
            for &j in &ids[a + 1..] {
                if gold[i] == gold[j] {
                    same.push(sim[i][j]);
                } else {
                    cross.push(sim[i][j]);
                }
            }
        }
        let mut wins = 0.0f64;
        for x in &same {
            for y in &cross {
                wins += if x > y {
                    1.0
                } else if x == y {
                    0.5
                } else {
                    0.0
                };
            }
        }
        let auc = wins / (same.len() * cross.len()).max(1) as f64;
        auc_sum += auc;
        n_topics += 1;
        if verbose {
            println!("topic {t}: auc {auc:.3}");
        }
    }
    println!("mean within-topic AUC {:.4}", auc_sum / n_topics as f64);
}
