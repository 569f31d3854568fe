//! Discard and issue lists, compiled into one Aho-Corasick automaton each.

use aho_corasick::AhoCorasick;

use crate::text::{bracket, lines, norm_word, plural, verb_forms};
use crate::DictDiagnostic;

/// Normalise sentence text for discard/issue matching: upper case, single blanks,
/// with a leading and trailing blank so phrases can be anchored on word starts.
pub fn normalise_text(text: &str) -> String {
    normalise_words(text.split_whitespace())
}

/// [`normalise_text`] of words already split: `" W1 W2 ... "`, each word upper-cased
/// (ASCII words byte by byte, without an allocation per word).
pub fn normalise_words<'a>(words: impl IntoIterator<Item = &'a str>) -> String {
    let mut s = String::with_capacity(128);
    s.push(' ');
    for w in words {
        if w.is_ascii() {
            s.push_str(w);
        } else {
            s.push_str(&w.to_uppercase());
        }
        s.push(' ');
    }
    // ASCII letters of every word, in one pass (upper-casing leaves no lower-case ASCII)
    s.make_ascii_uppercase();
    s
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DiscardEntry {
    /// Upper-case phrase, words separated by single blanks.
    pub phrase: String,
    /// `+` prefix: discard the whole story, not just the sentence.
    pub story: bool,
    /// Trailing `_`: the match must end at a word end (otherwise the last word is a stem).
    pub whole_word: bool,
    pub line: usize,
}

/// A discard that fired.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DiscardHit<'a> {
    pub entry: &'a DiscardEntry,
}

#[derive(Debug, Clone, Default)]
pub struct DiscardDict {
    pub entries: Vec<DiscardEntry>,
    automaton: Option<AhoCorasick>,
}

impl DiscardDict {
    pub fn parse(src: &str, file: &str) -> (DiscardDict, Vec<DictDiagnostic>) {
        let mut d = DiscardDict::default();
        let mut diags = Vec::new();
        for l in lines(src) {
            let t = l.text.trim();
            let (story, body) = match t.strip_prefix('+') {
                Some(b) => (true, b.trim()),
                None => (false, t),
            };
            let whole_word = body.ends_with('_');
            let phrase: Vec<String> = body.split(['_', ' ', '\t']).filter(|w| !w.is_empty()).map(norm_word).collect();
            if phrase.is_empty() {
                diags.push(DictDiagnostic { file: file.into(), line: l.no, reason: "empty discard phrase".into() });
                continue;
            }
            d.entries.push(DiscardEntry { phrase: phrase.join(" "), story, whole_word, line: l.no });
        }
        d.compile();
        (d, diags)
    }

    fn compile(&mut self) {
        let pats: Vec<String> = self.entries.iter().map(|e| format!(" {}", e.phrase)).collect();
        // a DFA scans fastest (every coded sentence is checked); a pattern set too large
        // for one falls back to the automatic choice
        self.automaton = AhoCorasick::builder()
            .kind(Some(aho_corasick::AhoCorasickKind::DFA))
            .build(&pats)
            .or_else(|_| AhoCorasick::new(&pats))
            .ok();
    }

    /// The first discard phrase found in `text`, story-level ones taking priority.
    pub fn find(&self, text: &str) -> Option<DiscardHit<'_>> {
        self.automaton.as_ref()?;
        self.find_normalised(&normalise_text(text))
    }

    /// [`DiscardDict::find`] on text already normalised with [`normalise_words`].
    pub fn find_normalised(&self, norm: &str) -> Option<DiscardHit<'_>> {
        let ac = self.automaton.as_ref()?;
        let bytes = norm.as_bytes();
        let mut best: Option<&DiscardEntry> = None;
        for m in ac.find_overlapping_iter(norm) {
            let e = &self.entries[m.pattern().as_usize()];
            if e.whole_word && bytes.get(m.end()).is_some_and(|b| b.is_ascii_alphanumeric()) {
                continue;
            }
            if e.story {
                return Some(DiscardHit { entry: e });
            }
            best = best.or(Some(e));
        }
        best.map(|entry| DiscardHit { entry })
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IssueEntry {
    /// Upper-case phrase variants generated from the line.
    pub phrase: String,
    /// `None` for `~` ignore phrases, which cancel all issues of a sentence.
    pub code: Option<String>,
    pub line: usize,
}

#[derive(Debug, Clone, Default)]
pub struct IssueDict {
    pub entries: Vec<IssueEntry>,
    automaton: Option<AhoCorasick>,
}

/// Cap on the spelled-out variants of one issue phrase: each `+` doubles them and
/// each `v:` multiplies them, so hostile lines would otherwise grow exponentially
/// (found by fuzzing). Real entries stay far below it.
const MAX_VARIANTS: usize = 256;

fn expand_word(w: &str) -> Vec<String> {
    // `a+b` -> "A B" and "A-B"; `n:` noun plural; `v:` verb forms
    let parts: Vec<&str> = w.split('+').collect();
    let mut acc: Vec<String> = vec![String::new()];
    for (i, p) in parts.iter().enumerate() {
        let variants: Vec<String> = if let Some(n) = p.strip_prefix("n:") {
            let n = norm_word(n);
            vec![plural(&n), n]
        } else if let Some(v) = p.strip_prefix("v:") {
            let v = norm_word(v);
            let mut f = verb_forms(&v);
            f.push(v);
            f
        } else {
            vec![norm_word(p)]
        };
        let mut next = Vec::new();
        for a in &acc {
            for v in &variants {
                if i == 0 {
                    next.push(v.clone());
                } else {
                    next.push(format!("{a} {v}"));
                    next.push(format!("{a}-{v}"));
                }
            }
        }
        next.truncate(MAX_VARIANTS);
        acc = next;
    }
    acc
}

impl IssueDict {
    pub fn parse(src: &str, file: &str) -> (IssueDict, Vec<DictDiagnostic>) {
        let mut d = IssueDict::default();
        let mut diags = Vec::new();
        for l in lines(src) {
            let t = l.text.trim();
            if t.starts_with('<') {
                continue; // <ISSUE ...> / </ISSUE> grouping tags
            }
            let (ignore, body) = match t.strip_prefix('~') {
                Some(b) => (true, b.trim_start_matches('~').trim()),
                None => (false, t),
            };
            let (phrase, code) = if ignore {
                (body, None)
            } else {
                match bracket(body) {
                    Some((p, c, _)) if !c.trim().is_empty() => (p.trim(), Some(c.trim().to_string())),
                    _ => {
                        diags.push(DictDiagnostic {
                            file: file.into(),
                            line: l.no,
                            reason: "issue line without a `[CODE]`".into(),
                        });
                        continue;
                    }
                }
            };
            let mut variants = vec![String::new()];
            for w in phrase.split_whitespace() {
                let ex = expand_word(w);
                variants = variants
                    .iter()
                    .flat_map(|v| ex.iter().map(move |e| if v.is_empty() { e.clone() } else { format!("{v} {e}") }))
                    .take(MAX_VARIANTS)
                    .collect();
            }
            if variants.iter().all(String::is_empty) {
                diags.push(DictDiagnostic { file: file.into(), line: l.no, reason: "empty issue phrase".into() });
                continue;
            }
            for v in variants {
                d.entries.push(IssueEntry { phrase: v, code: code.clone(), line: l.no });
            }
        }
        let pats: Vec<String> = d.entries.iter().map(|e| format!(" {} ", e.phrase)).collect();
        d.automaton = AhoCorasick::new(&pats).ok();
        (d, diags)
    }

    /// Issue codes found in `text` with their counts, in first-seen order; empty when an
    /// ignore phrase occurs.
    pub fn find(&self, text: &str) -> Vec<(String, usize)> {
        let Some(ac) = self.automaton.as_ref() else { return Vec::new() };
        let norm = normalise_text(text);
        let mut out: Vec<(String, usize)> = Vec::new();
        for m in ac.find_overlapping_iter(&norm) {
            match &self.entries[m.pattern().as_usize()].code {
                None => return Vec::new(),
                Some(c) => match out.iter_mut().find(|(k, _)| k == c) {
                    Some(e) => e.1 += 1,
                    None => out.push((c.clone(), 1)),
                },
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plus_runs_do_not_explode() {
        // fuzz_dict_agents / fuzz_dict_actors: 24 `+` in one word, and many `a+b` words,
        // expanded to 2^n variants (gigabytes).
        let src = format!("A{}B [X]\n{} [Y]\n", "+".repeat(24), "a+b ".repeat(40));
        let (d, _) = IssueDict::parse(&src, "t.issues");
        assert!(!d.entries.is_empty() && d.entries.len() <= 2 * MAX_VARIANTS, "{}", d.entries.len());
        assert!(expand_word(&"x+".repeat(30)).len() <= MAX_VARIANTS);
        assert_eq!(expand_word("oil+price"), vec!["OIL PRICE".to_string(), "OIL-PRICE".to_string()]);
    }

    #[test]
    fn discards_sentence_story_and_stems() {
        let src = "MONTHS LATER\n+TYPHOON   # c\nBASEBALL\nWORLD_CUP_\n";
        let (d, diags) = DiscardDict::parse(src, "t.discards");
        assert!(diags.is_empty());
        assert!(!d.find("Two months later it rained").unwrap().entry.story);
        assert!(d.find("The typhoon hit").unwrap().entry.story);
        assert!(d.find("baseballs everywhere").is_some(), "stem match");
        assert!(d.find("the World Cup.").is_some());
        assert!(d.find("the World Cups").is_none(), "trailing _ requires a word end");
        assert!(d.find("nothing here").is_none());
        assert!(d.find("Amonths later").is_none(), "anchored on word start");
    }

    #[test]
    fn issues_expansions_and_ignores() {
        let src = "<ISSUE CATEGORY=\"X\">\nn:atrocity [ID_ATROCITY]\nethnic v:purge [ID_ATROCITY]\nal+zarqawi network [TERROR]\n~Saturday Night massacre\nn:massacre [ID_ATROCITY]\nbad line\n</ISSUE>\n";
        let (d, diags) = IssueDict::parse(src, "t.issues");
        assert_eq!(diags.len(), 1);
        assert_eq!(diags[0].line, 7);
        assert_eq!(d.find("Atrocities and an ethnic purged town"), vec![("ID_ATROCITY".to_string(), 2)]);
        assert_eq!(d.find("the al-Zarqawi network"), vec![("TERROR".to_string(), 1)]);
        assert!(d.find("the Saturday night massacre").is_empty());
    }
}
