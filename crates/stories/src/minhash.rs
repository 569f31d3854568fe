//! MinHash signatures over word shingles with banded LSH, for near-duplicate
//! (republished wire copy) detection in O(1) expected time per document.

use crate::features::mix64;
use serde::{Deserialize, Serialize};
use std::collections::HashMap;

/// Signatures of all documents seen plus the band index.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct MinHashIndex {
    bands: usize,
    rows: usize,
    /// `bands * rows` values per document, documents back to back.
    sigs: Vec<u32>,
    /// band key -> first document (slot) that produced it
    buckets: HashMap<u64, u32>,
}

impl MinHashIndex {
    pub fn new(bands: usize, rows: usize) -> Self {
        MinHashIndex { bands: bands.max(1), rows: rows.max(1), sigs: Vec::new(), buckets: HashMap::new() }
    }

    fn width(&self) -> usize {
        self.bands * self.rows
    }

    /// MinHash signature of a shingle set (empty set -> all `u32::MAX`).
    pub fn signature(&self, shingles: &[u64]) -> Vec<u32> {
        // one multiply-xorshift permutation per slot over already-mixed shingle hashes
        let w = self.width();
        let params: Vec<(u64, u64)> = (0..w as u64).map(|i| (mix64(i + 0x5eed), mix64(i + 0xface) | 1)).collect();
        let mut sig = vec![u32::MAX; w];
        for &s in shingles {
            for (slot, &(xor, mul)) in sig.iter_mut().zip(&params) {
                let v = ((s ^ xor).wrapping_mul(mul) >> 32) as u32;
                if v < *slot {
                    *slot = v;
                }
            }
        }
        sig
    }

    /// Estimated Jaccard similarity between a signature and stored slot `slot`.
    pub fn similarity(&self, sig: &[u32], slot: u32) -> f32 {
        let w = self.width();
        let start = slot as usize * w;
        let Some(other) = self.sigs.get(start..start + w) else { return 0.0 };
        let same = sig.iter().zip(other).filter(|(a, b)| a == b).count();
        same as f32 / w as f32
    }

    fn band_keys(&self, sig: &[u32]) -> Vec<u64> {
        (0..self.bands)
            .map(|b| {
                let mut h = mix64(b as u64 + 1);
                for v in &sig[b * self.rows..(b + 1) * self.rows] {
                    h = mix64(h ^ u64::from(*v));
                }
                h
            })
            .collect()
    }

    /// Slots sharing at least one band with `sig` (candidate near-duplicates).
    pub fn candidates(&self, sig: &[u32]) -> Vec<u32> {
        let mut out: Vec<u32> = self.band_keys(sig).iter().filter_map(|k| self.buckets.get(k).copied()).collect();
        out.sort_unstable();
        out.dedup();
        out
    }

    /// Store `sig` as slot `slot` (slots must be added in order 0, 1, 2, ...).
    pub fn insert(&mut self, slot: u32, sig: &[u32]) {
        debug_assert_eq!(self.sigs.len(), slot as usize * self.width());
        self.sigs.extend_from_slice(sig);
        for k in self.band_keys(sig) {
            self.buckets.entry(k).or_insert(slot);
        }
    }

    /// Drop the band entries that point at `slot` (it is no longer found as a near-copy;
    /// its signature stays, so slots keep their places).
    pub fn forget(&mut self, slot: u32) {
        let w = self.width();
        let start = slot as usize * w;
        let Some(sig) = self.sigs.get(start..start + w) else { return };
        for k in self.band_keys(sig) {
            if self.buckets.get(&k) == Some(&slot) {
                self.buckets.remove(&k);
            }
        }
    }

    pub fn heap_bytes(&self) -> usize {
        self.sigs.capacity() * 4 + self.buckets.capacity() * 16
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::features::{shingles, words};

    fn sh(t: &str) -> Vec<u64> {
        shingles(&words(t, &[]), 4)
    }

    #[test]
    fn near_copies_are_found_and_unrelated_are_not() {
        let a = "The president arrived in the capital on Monday for talks with the prime minister about trade, \
                 security and the border dispute that has strained relations between the two countries for years.";
        let b = "The president arrived in the capital on Monday for talks with the prime minister about trade, \
                 security and the border dispute that has strained ties between the two countries for years.";
        let c = "Heavy rain flooded several villages in the north, forcing thousands of residents to leave their \
                 homes as rescue teams searched for people missing after the river burst its banks overnight.";
        let mut idx = MinHashIndex::new(16, 4);
        let sa = idx.signature(&sh(a));
        idx.insert(0, &sa);
        let sb = idx.signature(&sh(b));
        let sc = idx.signature(&sh(c));
        assert!(idx.candidates(&sb).contains(&0));
        assert!(idx.similarity(&sb, 0) > 0.6, "{}", idx.similarity(&sb, 0));
        assert!(idx.similarity(&sc, 0) < 0.1);
        assert_eq!(idx.similarity(&sa, 0), 1.0);
    }
}
