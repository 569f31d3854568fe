//! The embedded word lexicon: closed-class words, common news verbs (with
//! generated inflections), nouns and adjectives. Built once per [`crate::Analyzer`].
//!
//! All data files in `data/` were written by hand for this project and are
//! licensed like the code (MIT OR Apache-2.0).

use crate::tags::{Tag, TagSet};

const CLOSED: &str = include_str!("../data/closed.txt");
const VERBS: &str = include_str!("../data/verbs.txt");
const NOUNS: &str = include_str!("../data/nouns.txt");
const ADJS: &str = include_str!("../data/adjs.txt");

pub(crate) use tidings_model::fnv::FnvMap;

/// What the lexicon knows about one (lower-cased) word form.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Entry {
    pub tags: TagSet,
    /// Preferred tag when context does not decide.
    pub default: Tag,
    /// The word is a closed-class entry (its tags come from `closed.txt`).
    pub closed: bool,
    /// Index into `Lexicon::lemmas` of the verb lemma, for verb forms.
    pub verb_lemma: Option<u32>,
    /// Index into `Lexicon::lemmas` of the singular, for noun forms.
    pub noun_lemma: Option<u32>,
    /// A form of a verb of saying/reporting.
    pub report: bool,
}

#[derive(Debug, Default)]
pub(crate) struct Lexicon {
    pub words: FnvMap<Box<str>, Entry>,
    pub lemmas: Vec<Box<str>>,
    pub verb_bases: FnvMap<Box<str>, u32>,
}

fn data_lines(src: &str) -> impl Iterator<Item = Vec<&str>> {
    src.lines().map(str::trim).filter(|l| !l.is_empty() && !l.starts_with('#')).map(|l| l.split_whitespace().collect())
}

pub(crate) fn ends_sibilant(w: &str) -> bool {
    ["s", "x", "z", "ch", "sh", "o"].iter().any(|s| w.ends_with(s))
}
pub(crate) fn consonant_y(w: &str) -> bool {
    let b = w.as_bytes();
    b.len() >= 2 && b[b.len() - 1] == b'y' && !b"aeiou".contains(&b[b.len() - 2])
}

impl Lexicon {
    pub fn build() -> Lexicon {
        let mut lx = Lexicon::default();
        for parts in data_lines(CLOSED) {
            let tags: Vec<Tag> = parts[1..].iter().filter_map(|t| Tag::parse(t)).collect();
            if let Some(&first) = tags.first() {
                lx.add(parts[0], &tags, first, true, None, None);
            }
        }
        for parts in data_lines(NOUNS) {
            let sing = parts[0];
            let plural = match parts.get(1) {
                Some(p) => (*p).to_string(),
                None if consonant_y(sing) => format!("{}ies", &sing[..sing.len() - 1]),
                None if ["s", "x", "z", "ch", "sh"].iter().any(|s| sing.ends_with(s)) => {
                    format!("{sing}es")
                }
                None => format!("{sing}s"),
            };
            let l = lx.intern(sing);
            lx.add(sing, &[Tag::NN], Tag::NN, false, None, Some(l));
            lx.add(&plural, &[Tag::NNS], Tag::NNS, false, None, Some(l));
        }
        for parts in data_lines(ADJS) {
            lx.add(parts[0], &[Tag::JJ], Tag::JJ, false, None, None);
        }
        for parts in data_lines(VERBS) {
            let (base, double) = match parts[0].strip_suffix('+') {
                Some(b) => (b, true),
                None => (parts[0], false),
            };
            let l = lx.intern(base);
            lx.verb_bases.insert(base.into(), l);
            let third = if consonant_y(base) {
                format!("{}ies", &base[..base.len() - 1])
            } else if ends_sibilant(base) {
                format!("{base}es")
            } else {
                format!("{base}s")
            };
            let stem_ing = if double {
                format!("{base}{}", &base[base.len() - 1..])
            } else if let Some(stem) = base.strip_suffix("ie") {
                format!("{stem}y")
            } else if base.ends_with('e') && !base.ends_with("ee") && !base.ends_with("ye") && base.len() > 2 {
                base[..base.len() - 1].to_string()
            } else {
                base.to_string()
            };
            let ing = format!("{stem_ing}ing");
            let (past, pp) = match (parts.get(1), parts.get(2)) {
                (Some(p), Some(q)) => ((*p).to_string(), (*q).to_string()),
                _ => {
                    let ed = if base.ends_with('e') {
                        format!("{base}d")
                    } else if consonant_y(base) {
                        format!("{}ied", &base[..base.len() - 1])
                    } else if double {
                        format!("{base}{}ed", &base[base.len() - 1..])
                    } else {
                        format!("{base}ed")
                    };
                    (ed.clone(), ed)
                }
            };
            lx.add(base, &[Tag::VB, Tag::VBP], Tag::VB, false, Some(l), None);
            lx.add(&third, &[Tag::VBZ], Tag::VBZ, false, Some(l), None);
            lx.add(&past, &[Tag::VBD], Tag::VBD, false, Some(l), None);
            lx.add(&pp, &[Tag::VBN], Tag::VBN, false, Some(l), None);
            lx.add(&ing, &[Tag::VBG], Tag::VBG, false, Some(l), None);
        }
        // Auxiliaries: lemma them like verbs, keep closed-class tags.
        for (forms, base) in [
            (&["be", "am", "is", "are", "was", "were", "been", "being", "'m", "'re"][..], "be"),
            (&["have", "has", "had", "having", "'ve"][..], "have"),
            (&["do", "does", "did", "done", "doing"][..], "do"),
        ] {
            let l = lx.intern(base);
            for f in forms {
                if let Some(e) = lx.words.get_mut(*f) {
                    e.verb_lemma = Some(l);
                }
            }
        }
        lx
    }

    fn intern(&mut self, s: &str) -> u32 {
        let id = self.lemmas.len() as u32;
        self.lemmas.push(s.into());
        id
    }

    fn add(&mut self, w: &str, tags: &[Tag], default: Tag, closed: bool, vl: Option<u32>, nl: Option<u32>) {
        let set = TagSet::of(tags);
        let report = vl.is_some_and(|l| crate::tagger::is_report_lemma(&self.lemmas[l as usize]));
        match self.words.get_mut(w) {
            Some(e) => {
                e.report |= report;
                e.tags = e.tags.union(set);
                e.verb_lemma = e.verb_lemma.or(vl);
                e.noun_lemma = e.noun_lemma.or(nl);
                if closed && !e.closed {
                    e.closed = true;
                    e.default = default;
                }
            }
            None => {
                self.words
                    .insert(w.into(), Entry { tags: set, default, closed, verb_lemma: vl, noun_lemma: nl, report });
            }
        }
    }

    pub fn get(&self, lower: &str) -> Option<&Entry> {
        self.words.get(lower)
    }

    pub fn lemma_str(&self, id: u32) -> &str {
        self.lemmas.get(id as usize).map(|b| &**b).unwrap_or("")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    #[test]
    fn inflections_are_generated() {
        let lx = Lexicon::build();
        let e = lx.get("pledged").map(|e| (e.tags.has(Tag::VBD), e.tags.has(Tag::VBN)));
        assert_eq!(e, Some((true, true)));
        assert!(lx.get("committed").is_some());
        assert!(lx.get("committing").is_some());
        assert!(lx.get("denies").is_some_and(|e| e.tags.has(Tag::VBZ)));
        assert!(lx.get("attacks").is_some_and(|e| e.tags.has(Tag::VBZ) && e.tags.has(Tag::NNS)));
        assert!(lx.get("making").is_some());
        assert!(lx.get("went").is_some_and(|e| e.tags.has(Tag::VBD)));
        assert!(lx.get("the").is_some_and(|e| e.closed && e.default == Tag::DT));
        let pl = lx.get("pledges").and_then(|e| e.verb_lemma).map(|l| lx.lemma_str(l).to_string());
        assert_eq!(pl.as_deref(), Some("pledge"));
    }
}
