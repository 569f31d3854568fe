//! Verb dictionaries: synsets, verb families (synonym blocks), verb forms and patterns.
//!
//! Both the PETRARCH-1/TABARI validation form (`- SAID * TO ATTEND [082]`, with `$`,
//! `+`, `^`, `%`, `_`) and the PETRARCH-2 CAMEO.2.0 form (`- * (TO {BANNED PARTIES}) $
//! [1722]`, with `~` transformations) are read into the same structures.

use tidings_model::fnv::FnvMap;

use crate::text::{bracket, lines, norm_word, plural, split_phrase, verb_forms};
use crate::DictDiagnostic;

/// One element of a verb pattern.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PatElem {
    /// A literal (upper-case) word.
    Word(String),
    /// A synset reference, stored without the `&`.
    Synset(String),
    /// `$`: the source actor is the noun phrase here.
    Source,
    /// `+`: the target actor is the noun phrase here.
    Target,
    /// `^`: skip the rest of the noun phrase here.
    Skip,
    /// `%`: a compound noun phrase here supplies both source and target.
    Compound,
}

/// A pattern element plus whether it must immediately follow its left neighbour
/// (joined with `_` in the dictionary) instead of allowing intervening words.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PatItem {
    pub elem: PatElem,
    pub join_prev: bool,
    /// A word of a PETRARCH-2 braced noun phrase (`{FINANCIAL AID}`): it matches
    /// only a word inside a noun phrase of the sentence.
    pub noun: bool,
}

/// One `- ... [CODE]` pattern line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Pattern {
    /// Elements before `*`, in sentence (left-to-right) order.
    pub upper: Vec<PatItem>,
    /// Elements after `*`, in sentence order.
    pub lower: Vec<PatItem>,
    /// The last upper element must immediately precede the verb (`IN_*`).
    pub upper_adjacent: bool,
    /// The first lower element must immediately follow the verb (`*_OUT`).
    pub lower_adjacent: bool,
    /// Event code (`---` means "this pattern codes nothing").
    pub code: String,
    /// 1-based line in the verb file.
    pub line: usize,
    /// The pattern as written (without comment), for `--explain`.
    pub text: String,
}

impl Pattern {
    /// A rough specificity used to try more specific patterns first.
    pub fn weight(&self) -> usize {
        self.upper.len() + self.lower.len()
    }
}

/// A verb synonym block (`--- NAME [CODE] ---`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VerbFamily {
    pub name: String,
    /// Primary code of the block; `None` for the null code `---`.
    pub code: Option<String>,
    /// Patterns, ordered most specific first (stable in dictionary order).
    pub patterns: Vec<Pattern>,
    pub line: usize,
}

/// One surface form of a verb (possibly multi-word: `CORDONED OFF`, `WIRE TAPPED`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VerbForm {
    /// The word that is the verb itself (what the tree tags VB*).
    pub word: String,
    /// Words that must immediately precede the verb word.
    pub before: Vec<String>,
    /// Words that must follow the verb word.
    pub after: Vec<String>,
    pub family: usize,
    /// Own code (`DOWNPLAY [014]`) overriding the family code; `Some("---")` is null.
    pub code: Option<String>,
    pub line: usize,
}

/// A PETRARCH-2 transformation line (`~ a (a b ATTACK) SAY = a b 015`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Transform {
    pub upper_source: String,
    pub inner: (String, String, String),
    pub verb: String,
    pub result: (String, String, String),
    pub line: usize,
}

/// The compiled verb dictionary.
#[derive(Debug, Clone, Default)]
pub struct VerbDict {
    /// Synset name (without `&`) -> phrases (word lists), plurals already added.
    pub synsets: FnvMap<String, Vec<Vec<String>>>,
    pub families: Vec<VerbFamily>,
    pub forms: Vec<VerbForm>,
    /// Verb word -> indices into `forms`, longest (most words) first.
    pub by_word: FnvMap<String, Vec<usize>>,
    pub transforms: Vec<Transform>,
    /// The file uses the PETRARCH-2 (CAMEO 2.0) pattern form: `(PREP ...)`/`{...}`
    /// groups or `~` transformations.
    pub petrarch2: bool,
}

impl VerbDict {
    /// Forms whose verb word is `word` (upper case).
    pub fn forms_for(&self, word: &str) -> impl Iterator<Item = &VerbForm> {
        self.by_word.get(word).into_iter().flatten().map(move |&i| &self.forms[i])
    }

    /// Does `words` (upper case, in order) start with a phrase of synset `name`?
    /// Returns the length of the longest matching phrase.
    pub fn synset_match(&self, name: &str, words: &[&str]) -> Option<usize> {
        let phrases = self.synsets.get(name)?;
        phrases
            .iter()
            .filter(|p| p.len() <= words.len() && p.iter().zip(words).all(|(a, b)| a == b))
            .map(|p| p.len())
            .max()
    }

    /// Read a verb dictionary. `file` names it in diagnostics.
    pub fn parse(src: &str, file: &str) -> (VerbDict, Vec<DictDiagnostic>) {
        let mut d = VerbDict::default();
        let mut diags = Vec::new();
        let diag = |diags: &mut Vec<DictDiagnostic>, line: usize, reason: String| {
            diags.push(DictDiagnostic { file: file.to_string(), line, reason });
        };
        let mut synset: Option<(String, bool)> = None; // name, no-plurals flag
        let mut family: Option<usize> = None;
        for l in lines(src) {
            let t = l.text.trim();
            if let Some(name) = t.strip_prefix('&') {
                let name = name.split_whitespace().next().unwrap_or("");
                if name.is_empty() {
                    diag(&mut diags, l.no, "synset label `&` without a name".into());
                    synset = None;
                    continue;
                }
                let noplural = name.ends_with('_');
                let name = norm_word(name.trim_end_matches('_'));
                d.synsets.entry(name.clone()).or_default();
                synset = Some((name, noplural));
                continue;
            }
            if let (Some((name, noplural)), Some(member)) = (synset.as_ref(), t.strip_prefix('+')) {
                let member = member.trim();
                if let Some(inner) = member.strip_prefix('&') {
                    let inner = norm_word(inner.trim_end_matches('_'));
                    match d.synsets.get(&inner).cloned() {
                        Some(ph) => d.synsets.entry(name.clone()).or_default().extend(ph),
                        None => diag(&mut diags, l.no, format!("synset &{inner} used before it is defined")),
                    }
                    continue;
                }
                if member.contains(['$', '%', '^', '*']) {
                    diag(&mut diags, l.no, "synset phrases may contain only words".into());
                    continue;
                }
                let words: Vec<String> = split_phrase(member).into_iter().map(|(w, _)| w).collect();
                if words.is_empty() {
                    diag(&mut diags, l.no, "empty synset phrase".into());
                    continue;
                }
                let entry = d.synsets.entry(name.clone()).or_default();
                if !*noplural && !member.ends_with('_') {
                    let mut pl = words.clone();
                    if let Some(last) = pl.last_mut() {
                        *last = plural(last);
                    }
                    entry.push(words);
                    entry.push(pl);
                } else {
                    entry.push(words);
                }
                continue;
            }
            synset = None;
            if t.starts_with("---") {
                let inner = t.trim_start_matches('-').trim_end_matches('-').trim();
                let (name, code) = match bracket(inner) {
                    Some((before, code, _)) => (before.trim(), code.trim()),
                    None => (inner, "---"),
                };
                if name.is_empty() {
                    diag(&mut diags, l.no, "verb block header without a name".into());
                }
                let code = if code == "---" || code.is_empty() { None } else { Some(code.to_string()) };
                d.families.push(VerbFamily { name: norm_word(name), code, patterns: Vec::new(), line: l.no });
                family = Some(d.families.len() - 1);
                continue;
            }
            if let Some(rest) = t.strip_prefix('~') {
                d.petrarch2 = true;
                match parse_transform(rest, l.no) {
                    Ok(tr) => d.transforms.push(tr),
                    Err(e) => diag(&mut diags, l.no, e),
                }
                continue;
            }
            if let Some(rest) = t.strip_prefix('-') {
                if rest.contains(['(', '{']) {
                    d.petrarch2 = true;
                }
                let Some(fam) = family else {
                    diag(&mut diags, l.no, "pattern before any `--- VERB ---` block".into());
                    continue;
                };
                match parse_pattern(rest, l.no, &d.synsets) {
                    Ok(p) => d.families[fam].patterns.push(p),
                    Err(e) => diag(&mut diags, l.no, e),
                }
                continue;
            }
            if t.starts_with('+') && family.is_none() {
                diag(&mut diags, l.no, "`+` line outside a synset or verb block".into());
                continue;
            }
            // A verb line.
            let Some(fam) = family else {
                diag(&mut diags, l.no, format!("verb `{t}` before any `--- VERB ---` block"));
                continue;
            };
            match parse_verb_line(t) {
                Ok((forms, code)) => {
                    for (word, before, after) in forms {
                        d.forms.push(VerbForm { word, before, after, family: fam, code: code.clone(), line: l.no });
                    }
                }
                Err(e) => diag(&mut diags, l.no, e),
            }
        }
        for f in &mut d.families {
            // stable: more specific patterns first
            f.patterns.sort_by_key(|p| std::cmp::Reverse(p.weight()));
        }
        for (i, f) in d.forms.iter().enumerate() {
            d.by_word.entry(f.word.clone()).or_default().push(i);
        }
        let forms = &d.forms;
        for v in d.by_word.values_mut() {
            v.sort_by_key(|&i| std::cmp::Reverse(forms[i].before.len() + forms[i].after.len()));
        }
        (d, diags)
    }
}

type FormWords = (String, Vec<String>, Vec<String>);

/// Parse one written form such as `CORDON_OFF`, `+CORDONED_OFF`, `WIRE_+TAP`.
fn parse_form(s: &str) -> Result<FormWords, String> {
    let parts: Vec<&str> = s.split(['_', ' ']).filter(|w| !w.is_empty()).collect();
    if parts.is_empty() {
        return Err("empty verb form".into());
    }
    let marked: Vec<usize> = parts.iter().enumerate().filter(|(_, p)| p.starts_with('+')).map(|(i, _)| i).collect();
    let vi = match marked.as_slice() {
        [] => 0,
        [i] => *i,
        _ => return Err(format!("verb form `{s}` marks more than one word with `+`")),
    };
    let word = norm_word(parts[vi].trim_start_matches('+'));
    if word.is_empty() || word.contains(['{', '}', '[', ']', '$', '%', '^', '*']) {
        return Err(format!("malformed verb form `{s}`"));
    }
    let before = parts[..vi].iter().map(|w| norm_word(w)).collect();
    let after = parts[vi + 1..].iter().map(|w| norm_word(w)).collect();
    Ok((word, before, after))
}

type VerbLine = (Vec<FormWords>, Option<String>);

fn parse_verb_line(t: &str) -> Result<VerbLine, String> {
    let (main, code) = match bracket(t) {
        Some((before, code, _)) => (before, Some(code.trim().to_string())),
        None => (t, None),
    };
    if t.contains('[') && code.is_none() {
        return Err("unclosed `[` in verb line".into());
    }
    let (base, irregular) = match main.find('{') {
        Some(a) => {
            let b = main[a..].find('}').ok_or_else(|| "unclosed `{` in verb line".to_string())? + a;
            (&main[..a], Some(&main[a + 1..b]))
        }
        None => (main, None),
    };
    let base = base.trim();
    if base.is_empty() {
        return Err("verb line without a verb".into());
    }
    let (word, before, after) = parse_form(base)?;
    let mut forms = vec![(word.clone(), before.clone(), after.clone())];
    match irregular {
        Some(irr) => {
            for f in irr.split_whitespace() {
                forms.push(parse_form(f)?);
            }
        }
        None => {
            for w in verb_forms(&word) {
                forms.push((w, before.clone(), after.clone()));
            }
        }
    }
    Ok((forms, code))
}

fn parse_pattern(rest: &str, line: usize, synsets: &FnvMap<String, Vec<Vec<String>>>) -> Result<Pattern, String> {
    let (body, code) = match bracket(rest) {
        Some((body, code, _)) => (body, code.trim()),
        None => return Err("pattern without a `[CODE]`".into()),
    };
    if code.is_empty() {
        return Err("pattern with an empty code".into());
    }
    let mut upper = Vec::new();
    let mut lower = Vec::new();
    let mut seen_star = false;
    let mut upper_adjacent = false;
    let mut lower_adjacent = false;
    let mut after_star_first = false;
    let mut in_brace = false;
    for chunk in body.split_whitespace() {
        if chunk.trim_start_matches('(').starts_with('{') {
            in_brace = true;
        }
        let closes = chunk.contains('}');
        let cleaned: String = chunk.chars().filter(|c| !"(){}".contains(*c)).collect();
        for (ui, piece) in cleaned.split('_').enumerate() {
            if piece.is_empty() {
                continue;
            }
            let join = ui > 0;
            if piece == "*" {
                if seen_star {
                    return Err("pattern with more than one `*`".into());
                }
                seen_star = true;
                upper_adjacent = join;
                after_star_first = true;
                continue;
            }
            let elem = match piece {
                "$" => PatElem::Source,
                "+" => PatElem::Target,
                "^" => PatElem::Skip,
                "%" => PatElem::Compound,
                p if p.starts_with('&') => {
                    let name = norm_word(p[1..].trim_end_matches('_'));
                    if !synsets.contains_key(&name) {
                        return Err(format!("pattern uses undefined synset &{name}"));
                    }
                    PatElem::Synset(name)
                }
                p if p.contains(['*', '$', '%', '^', '[', ']', '&']) => {
                    return Err(format!("malformed pattern word `{p}`"));
                }
                p => PatElem::Word(norm_word(p)),
            };
            let noun = in_brace && matches!(elem, PatElem::Word(_));
            if seen_star {
                if after_star_first {
                    lower_adjacent = join;
                    after_star_first = false;
                    lower.push(PatItem { elem, join_prev: false, noun });
                } else {
                    lower.push(PatItem { elem, join_prev: join, noun });
                }
            } else {
                let join_prev = join && !upper.is_empty();
                upper.push(PatItem { elem, join_prev, noun });
            }
        }
        if closes {
            in_brace = false;
        }
    }
    if !seen_star {
        return Err("pattern without the verb marker `*`".into());
    }
    Ok(Pattern {
        upper,
        lower,
        upper_adjacent,
        lower_adjacent,
        code: code.to_string(),
        line,
        text: format!("- {} [{}]", body.trim(), code),
    })
}

fn parse_transform(rest: &str, line: usize) -> Result<Transform, String> {
    let (lhs, rhs) = rest.split_once('=').ok_or("transformation without `=`")?;
    let a = lhs.find('(').ok_or("transformation without `(`")?;
    let b = lhs.find(')').ok_or("transformation without `)`")?;
    if b < a {
        return Err("transformation with `)` before `(`".into());
    }
    let upper_source = lhs[..a].trim().to_string();
    let inner: Vec<&str> = lhs[a + 1..b].split_whitespace().collect();
    let verb = lhs[b + 1..].trim().to_string();
    let res: Vec<&str> = rhs.split_whitespace().collect();
    if inner.len() != 3 || res.len() != 3 || verb.is_empty() || upper_source.is_empty() {
        return Err("transformation must read `~ a (a b VERB) VERB = a b CODE`".into());
    }
    Ok(Transform {
        upper_source,
        inner: (inner[0].into(), inner[1].into(), norm_word(inner[2])),
        verb: norm_word(&verb),
        result: (res[0].into(), res[1].into(), res[2].into()),
        line,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    const SRC: &str = "\
&TIETYPES
+MILITARY
+ECONOMIC

&NEG_
+DID N'T

&BOTH
+&TIETYPES
+CLOSER

--- ABANDON  [345]  ---
ABANDON    # c
KLM_NOP_+RST [002]
- * NEW_&TIETYPES_RELATIONS [903]
- SUGGESTED_+ * DEMAND  [111]  #
- IN_*  [075]
- *_OUT [074]
- + WAS_ * TO_ ^ FROM $  [174]

--- BREAK [1717] ---
BREAK { BROKE BROKEN  }
+BREAK_DOWN {+BREAKS_DOWN +BROKE_DOWN }
WIRE_+TAP {WIRE_+TAPPED}
DOWNPLAY [014]
- * &NEG [1]
- * (TO {BANNED PARTIES}) $ [1722]
~ a (a b ATTACK) SAY = a b 015
";

    fn dict() -> (VerbDict, Vec<DictDiagnostic>) {
        VerbDict::parse(SRC, "t.verbs")
    }

    #[test]
    fn synsets_with_plurals_and_nesting() {
        let (d, diags) = dict();
        assert!(diags.is_empty(), "{diags:?}");
        let t = &d.synsets["TIETYPES"];
        assert!(t.contains(&vec!["MILITARY".to_string()]));
        assert!(t.contains(&vec!["MILITARIES".to_string()]));
        // label ending in `_`: no plurals
        assert_eq!(d.synsets["NEG"], vec![vec!["DID".to_string(), "N'T".to_string()]]);
        assert!(d.synsets["BOTH"].contains(&vec!["ECONOMIC".to_string()]));
        assert_eq!(d.synset_match("NEG", &["DID", "N'T", "GO"]), Some(2));
        assert_eq!(d.synset_match("NEG", &["DID"]), None);
    }

    #[test]
    fn verb_forms_regular_irregular_multiword() {
        let (d, _) = dict();
        let names: Vec<_> = d.forms_for("ABANDONED").map(|f| d.families[f.family].name.clone()).collect();
        assert_eq!(names, vec!["ABANDON"]);
        assert!(d.forms_for("BROKEN").next().is_some());
        assert!(d.forms_for("BREAKED").next().is_none(), "irregular list replaces regular forms");
        let bd: Vec<_> = d.forms_for("BROKE").collect();
        assert_eq!(bd[0].after, vec!["DOWN"], "multi-word form first");
        let tap = d.forms_for("TAPPED").next().unwrap();
        assert_eq!(tap.before, vec!["WIRE"]);
        let rst = d.forms_for("RST").next().unwrap();
        assert_eq!((rst.before.len(), rst.code.as_deref()), (2, Some("002")));
        assert_eq!(d.forms_for("DOWNPLAYED").next().unwrap().code.as_deref(), Some("014"));
        assert_eq!(d.families[0].code.as_deref(), Some("345"));
    }

    #[test]
    fn pattern_syntax() {
        let (d, _) = dict();
        let pats = &d.families[0].patterns;
        let by_code = |c: &str| pats.iter().find(|p| p.code == c).unwrap();
        let p = by_code("903");
        assert_eq!(p.lower.len(), 3);
        assert!(matches!(&p.lower[1].elem, PatElem::Synset(s) if s == "TIETYPES"));
        assert!(p.lower[1].join_prev && p.lower[2].join_prev && !p.lower_adjacent);
        let p = by_code("111");
        assert_eq!(p.upper[1].elem, PatElem::Target);
        assert!(p.upper[1].join_prev);
        assert!(by_code("075").upper_adjacent);
        assert!(by_code("074").lower_adjacent);
        let p = by_code("174");
        assert_eq!(p.upper[0].elem, PatElem::Target);
        assert!(!p.upper_adjacent, "a trailing `_` marks an exact word, not a join");
        assert_eq!(p.lower[1].elem, PatElem::Skip);
        assert_eq!(p.lower.last().unwrap().elem, PatElem::Source);
        // most specific first
        assert_eq!(pats[0].code, "174");
        let p2 = d.families[1].patterns.iter().find(|p| p.code == "1722").unwrap();
        assert_eq!(p2.lower.len(), 4);
        // `(TO {BANNED PARTIES}) $`: the braced words are noun-phrase words, the
        // preposition and the source are not
        let nouns: Vec<bool> = p2.lower.iter().map(|it| it.noun).collect();
        assert_eq!(nouns, [false, true, true, false]);
        assert_eq!(d.transforms.len(), 1);
        assert_eq!(d.transforms[0].result.2, "015");
    }

    #[test]
    fn malformed_lines_are_diagnostics() {
        let src = "- * X [1]\n--- A [1] ---\nA\n- * Y\n- * &NOPE [2]\n- X Y [3]\n+LOOSE\n~ bad\nB {C\n";
        let (d, diags) = VerbDict::parse(src, "bad.verbs");
        let lines: Vec<usize> = diags.iter().map(|d| d.line).collect();
        assert_eq!(lines, vec![1, 4, 5, 6, 8, 9], "{diags:?}");
        assert!(diags.iter().all(|d| d.file == "bad.verbs" && !d.reason.is_empty()));
        assert_eq!(d.families.len(), 1);
    }
}
