//! Lemmas: lexicon first, then inflection-stripping rules checked against the
//! known verb bases, so "pledged", "pledges", "has pledged" all give "pledge".

use crate::lexicon::{consonant_y, Entry, Lexicon};
use crate::tags::Tag;
use std::borrow::Cow;

impl Lexicon {
    pub(crate) fn lemma_of(&self, word: &str, lower: &str, tag: Tag, entry: Option<&Entry>) -> String {
        self.lemma_cow(word, lower, tag, entry).into_owned()
    }

    /// [`Lexicon::lemma_of`], borrowing where the lemma is the word, its lower case or a
    /// lexicon string (no allocation for most tokens).
    pub(crate) fn lemma_cow<'a>(
        &'a self,
        word: &'a str,
        lower: &'a str,
        tag: Tag,
        entry: Option<&Entry>,
    ) -> Cow<'a, str> {
        if tag.is_proper() {
            return Cow::Borrowed(word);
        }
        if tag.is_verb() || tag == Tag::MD {
            if let Some(l) = entry.and_then(|e| e.verb_lemma) {
                return Cow::Borrowed(self.lemma_str(l));
            }
            return match lower {
                "'s" | "'re" | "'m" => Cow::Borrowed("be"),
                "'ve" => Cow::Borrowed("have"),
                _ => Cow::Owned(self.verb_rule(lower)),
            };
        }
        if tag.is_noun() {
            if let Some(l) = entry.and_then(|e| e.noun_lemma) {
                return Cow::Borrowed(self.lemma_str(l));
            }
            if tag == Tag::NNS {
                return Cow::Owned(noun_rule(lower));
            }
        }
        if tag == Tag::POS {
            return Cow::Borrowed("'s");
        }
        Cow::Borrowed(lower)
    }

    fn known_base(&self, s: &str) -> bool {
        self.verb_bases.contains_key(s)
    }

    /// Strip a verb inflection from an unknown form.
    fn verb_rule(&self, w: &str) -> String {
        let try_stem = |stem: &str| -> Option<String> {
            if stem.is_empty() {
                return None;
            }
            if self.known_base(stem) {
                return Some(stem.to_string());
            }
            let with_e = format!("{stem}e");
            if self.known_base(&with_e) {
                return Some(with_e);
            }
            let b = stem.as_bytes();
            if b.len() >= 3 && b[b.len() - 1] == b[b.len() - 2] && self.known_base(&stem[..stem.len() - 1]) {
                return Some(stem[..stem.len() - 1].to_string());
            }
            None
        };
        if let Some(s) = w.strip_suffix("ied") {
            return format!("{s}y");
        }
        if let Some(s) = w.strip_suffix("ies") {
            return format!("{s}y");
        }
        for suf in ["ing", "ed", "es", "s"] {
            if let Some(stem) = w.strip_suffix(suf) {
                if let Some(b) = try_stem(stem) {
                    return b;
                }
            }
        }
        // Unknown verb: undo the regular spelling as best we can.
        if let Some(stem) = w.strip_suffix("ing").filter(|s| s.len() >= 2) {
            return undouble(stem);
        }
        if let Some(stem) = w.strip_suffix("ed").filter(|s| s.len() >= 2) {
            if stem.ends_with(['a', 'e', 'i', 'o', 'u']) || ends_ce(stem) {
                return format!("{stem}e").replace("ee", "e");
            }
            return undouble(stem);
        }
        if let Some(stem) = w.strip_suffix("es").filter(|s| crate::lexicon::ends_sibilant(s)) {
            return stem.to_string();
        }
        if let Some(stem) = w.strip_suffix('s').filter(|s| !s.ends_with('s') && !s.is_empty()) {
            return stem.to_string();
        }
        w.to_string()
    }
}

fn ends_ce(stem: &str) -> bool {
    ["c", "v", "z", "at", "it", "iz", "is", "ur", "uc", "ag", "ng"].iter().any(|s| stem.ends_with(s))
        && !stem.ends_with("eat")
}

fn undouble(stem: &str) -> String {
    let b = stem.as_bytes();
    if b.len() >= 3 && b[b.len() - 1] == b[b.len() - 2] && !matches!(b[b.len() - 1], b'l' | b's' | b'f' | b'z') {
        stem[..stem.len() - 1].to_string()
    } else {
        stem.to_string()
    }
}

fn noun_rule(w: &str) -> String {
    if let Some(s) = w.strip_suffix("ies").filter(|s| s.len() >= 2) {
        return format!("{s}y");
    }
    for suf in ["ches", "shes", "sses", "xes", "zes"] {
        if let Some(s) = w.strip_suffix(suf) {
            return format!("{s}{}", &suf[..suf.len() - 2]);
        }
    }
    if w.ends_with("ss") || w.ends_with("us") || w.ends_with("is") {
        return w.to_string();
    }
    if let Some(s) = w.strip_suffix('s').filter(|s| !s.is_empty()) {
        let _ = consonant_y;
        return s.to_string();
    }
    w.to_string()
}
