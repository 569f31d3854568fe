//! Clustering scores against gold labels: pairwise precision/recall/F1 and BCubed,
//! the figures the ECB+ evaluation reports (`tests/ecb.rs`). Labels are any
//! comparable values (story ids, gold cluster names); `pred[i]` and `gold[i]` are
//! the predicted and gold clusters of item `i`. Quadratic in the number of items:
//! an evaluation tool, not part of the streaming engine.

use std::collections::HashMap;
use std::hash::Hash;

#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Scores {
    /// Pairwise: of the item pairs put together, the share that belong together.
    pub p: f64,
    /// Pairwise: of the item pairs that belong together, the share put together.
    pub r: f64,
    pub f1: f64,
    pub b3_p: f64,
    pub b3_r: f64,
    pub b3_f1: f64,
    /// Number of predicted clusters.
    pub clusters: usize,
}

fn f1(p: f64, r: f64) -> f64 {
    if p + r == 0.0 {
        0.0
    } else {
        2.0 * p * r / (p + r)
    }
}

/// Pairwise and BCubed scores of `pred` against `gold` (equal lengths; extra items
/// of the longer slice are ignored).
pub fn score<P: Eq + Hash, G: Eq + Hash>(pred: &[P], gold: &[G]) -> Scores {
    let n = pred.len().min(gold.len());
    let (mut tp, mut fp, mut fnn) = (0u64, 0u64, 0u64);
    for i in 0..n {
        for j in i + 1..n {
            match (pred[i] == pred[j], gold[i] == gold[j]) {
                (true, true) => tp += 1,
                (true, false) => fp += 1,
                (false, true) => fnn += 1,
                _ => {}
            }
        }
    }
    let p = tp as f64 / (tp + fp).max(1) as f64;
    let r = tp as f64 / (tp + fnn).max(1) as f64;
    let mut pc: HashMap<&P, Vec<usize>> = HashMap::new();
    let mut gc: HashMap<&G, usize> = HashMap::new();
    for i in 0..n {
        pc.entry(&pred[i]).or_default().push(i);
        *gc.entry(&gold[i]).or_default() += 1;
    }
    let (mut bp, mut br) = (0.0, 0.0);
    for i in 0..n {
        let pm = &pc[&pred[i]];
        let inter = pm.iter().filter(|&&j| gold[j] == gold[i]).count() as f64;
        bp += inter / pm.len() as f64;
        br += inter / gc[&gold[i]] as f64;
    }
    let (bp, br) = if n == 0 { (0.0, 0.0) } else { (bp / n as f64, br / n as f64) };
    Scores { p, r, f1: f1(p, r), b3_p: bp, b3_r: br, b3_f1: f1(bp, br), clusters: pc.len() }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn perfect_split_and_merged_clusterings() {
        let gold = ["a", "a", "b", "b"];
        let s = score(&[1, 1, 2, 2], &gold);
        assert_eq!((s.p, s.r, s.f1, s.b3_f1, s.clusters), (1.0, 1.0, 1.0, 1.0, 2));
        // everything in one cluster: 2 of 6 pairs right, all true pairs found
        let s = score(&[7, 7, 7, 7], &gold);
        assert!((s.p - 2.0 / 6.0).abs() < 1e-12 && s.r == 1.0);
        assert!((s.b3_p - 0.5).abs() < 1e-12 && s.b3_r == 1.0);
        // singletons: no pair put together
        let s = score(&[1, 2, 3, 4], &gold);
        assert_eq!((s.p, s.r, s.f1), (0.0, 0.0, 0.0));
        assert!((s.b3_p - 1.0).abs() < 1e-12 && (s.b3_r - 0.5).abs() < 1e-12);
        assert_eq!(score::<u32, &str>(&[], &[]).clusters, 0);
    }
}
