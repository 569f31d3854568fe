//! Clustering scores against gold labels: pairwise precision/recall/F1 and BCubed,
//! the figures the ECB+ evaluation reports (`tests/ecb.rs`). Labels are any
//! comparable values (story ids, gold cluster names); `pred[i]` and `gold[i]` are
//! the predicted and gold clusters of item `i`. An evaluation tool, not part of the
//! streaming engine.

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
/// of the longer slice are ignored). Computed from the contingency table of predicted
/// and gold clusters: linear in the number of items.
pub fn score<P: Eq + Hash, G: Eq + Hash>(pred: &[P], gold: &[G]) -> Scores {
    let n = pred.len().min(gold.len());
    let mut pc: HashMap<&P, u64> = HashMap::new();
    let mut gc: HashMap<&G, u64> = HashMap::new();
    let mut cell: HashMap<(&P, &G), u64> = HashMap::new();
    for i in 0..n {
        *pc.entry(&pred[i]).or_default() += 1;
        *gc.entry(&gold[i]).or_default() += 1;
        *cell.entry((&pred[i], &gold[i])).or_default() += 1;
    }
    let pairs = |c: u64| c * c.saturating_sub(1) / 2;
    let tp: u64 = cell.values().map(|&c| pairs(c)).sum();
    let put_together: u64 = pc.values().map(|&c| pairs(c)).sum();
    let belong_together: u64 = gc.values().map(|&c| pairs(c)).sum();
    let p = tp as f64 / put_together.max(1) as f64;
    let r = tp as f64 / belong_together.max(1) as f64;
    // BCubed: each item's share of its predicted cluster in its gold cluster, and back;
    // summed per contingency cell (`c` items share the same two shares)
    let (mut bp, mut br) = (0.0, 0.0);
    for (&(pk, gk), &c) in &cell {
        let c = c as f64;
        bp += c * c / pc[pk] as f64;
        br += c * c / gc[gk] as f64;
    }
    let (bp, br) = if n == 0 { (0.0, 0.0) } else { (bp / n as f64, br / n as f64) };
    Scores { p, r, f1: f1(p, r), b3_p: bp, b3_r: br, b3_f1: f1(bp, br), clusters: pc.len() }
}

/// Scores of predicted stories against gold clusters, both keyed by document id, as
/// `tidings score-stories` reports them.
#[derive(Debug, Clone, PartialEq)]
pub struct KeyedScores {
    pub scores: Scores,
    /// Gold documents that have a predicted story.
    pub matched: usize,
    /// Gold documents without one (not stored, or stored without a story): each is
    /// scored as a cluster of its own, so missing documents cost recall rather than
    /// vanishing from the score.
    pub missing: Vec<String>,
}

/// Score `pred` (document id -> story id) against `gold` ((document id, cluster) pairs,
/// in any order); documents only in `pred` are not scored.
pub fn score_keyed(pred: &HashMap<String, i64>, gold: &[(String, String)]) -> KeyedScores {
    let mut labels: Vec<(bool, i64)> = Vec::with_capacity(gold.len());
    let mut missing = Vec::new();
    for (k, (doc, _)) in gold.iter().enumerate() {
        match pred.get(doc) {
            Some(&s) => labels.push((true, s)),
            None => {
                missing.push(doc.clone());
                labels.push((false, k as i64));
            }
        }
    }
    let clusters: Vec<&str> = gold.iter().map(|g| g.1.as_str()).collect();
    KeyedScores { scores: score(&labels, &clusters), matched: gold.len() - missing.len(), missing }
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

    /// The all-pairs definition, for comparison with the contingency-table computation.
    fn pairwise_by_pairs(pred: &[u8], gold: &[u8]) -> (f64, f64) {
        let (mut tp, mut fp, mut fnn) = (0u64, 0u64, 0u64);
        for i in 0..pred.len() {
            for j in i + 1..pred.len() {
                match (pred[i] == pred[j], gold[i] == gold[j]) {
                    (true, true) => tp += 1,
                    (true, false) => fp += 1,
                    (false, true) => fnn += 1,
                    _ => {}
                }
            }
        }
        (tp as f64 / (tp + fp).max(1) as f64, tp as f64 / (tp + fnn).max(1) as f64)
    }

    proptest::proptest! {
        #[test]
        fn contingency_counts_equal_all_pairs(
            items in proptest::collection::vec((0u8..5, 0u8..4), 0..40)
        ) {
            let (pred, gold): (Vec<u8>, Vec<u8>) = items.into_iter().unzip();
            let s = score(&pred, &gold);
            let (p, r) = pairwise_by_pairs(&pred, &gold);
            proptest::prop_assert!((s.p - p).abs() < 1e-12 && (s.r - r).abs() < 1e-12);
            proptest::prop_assert!(s.b3_p <= 1.0 + 1e-12 && s.b3_r <= 1.0 + 1e-12);
        }
    }

    #[test]
    fn keyed_scores_count_missing_documents_as_singletons() {
        let pred: HashMap<String, i64> =
            [("a", 1), ("b", 1), ("c", 2)].iter().map(|(k, v)| (k.to_string(), *v)).collect();
        let gold: Vec<(String, String)> = [("a", "x"), ("b", "x"), ("c", "y"), ("d", "y")]
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        let k = score_keyed(&pred, &gold);
        assert_eq!((k.matched, k.missing.clone()), (3, vec!["d".to_string()]));
        // pairs together: (a,b) right; gold pairs (a,b), (c,d): recall 1/2
        assert_eq!((k.scores.p, k.scores.r), (1.0, 0.5));
        assert_eq!(k.scores.clusters, 3);
    }
}
