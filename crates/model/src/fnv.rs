//! FNV-1a hashing for the in-memory maps of embedded tables (gazetteer names,
//! tagger lexicon): short keys hashed on every lookup, and no DoS concern because
//! the keys come from tables the project ships. Iteration order is never relied on.

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};

#[derive(Default)]
pub struct Fnv(u64);

impl Hasher for Fnv {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        let mut h = if self.0 == 0 { 0xcbf2_9ce4_8422_2325 } else { self.0 };
        for &b in bytes {
            h ^= u64::from(b);
            h = h.wrapping_mul(0x0100_0000_01b3);
        }
        self.0 = h;
    }
}

/// One bit of 64 for a word (by its FNV-1a hash): OR-ed together these make word-set
/// masks, a cheap necessary test before an exact match ("every word of the phrase
/// occurs" implies "every bit of the phrase's mask is set").
pub fn word_bit(w: &str) -> u64 {
    let mut f = Fnv::default();
    f.write(w.as_bytes());
    1 << (f.finish() % 64)
}

/// A `HashMap` hashed with [`Fnv`].
pub type FnvMap<K, V> = HashMap<K, V, BuildHasherDefault<Fnv>>;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fnv1a_of_known_inputs_and_map_use() {
        let h = |s: &str| {
            let mut f = Fnv::default();
            f.write(s.as_bytes());
            f.finish()
        };
        // FNV-1a 64-bit test vectors.
        assert_eq!(h("a"), 0xaf63_dc4c_8601_ec8c);
        assert_eq!(h("foobar"), 0x8594_4171_f739_67e8);
        let mut m: FnvMap<&str, u32> = FnvMap::default();
        m.insert("moscow", 1);
        assert_eq!(m.get("moscow"), Some(&1));
    }
}
