//! Writers producing PETRARCH-format dictionary text from tidings' tables.
//!
//! PETRARCH dictionaries are upper-case ASCII, words joined by `_`. Phrases
//! are folded to ASCII (accents dropped) and de-duplicated; an actor phrase
//! that already belongs to another entry is left out, so the output never
//! gives one phrase two codes.

use crate::format::{Agent, Country, Discard, Organization, Person, Plural, Term, Verb, VerbDictionary};
use std::collections::HashSet;
use unicode_normalization::UnicodeNormalization;

/// Upper-case ASCII PETRARCH phrase: accents dropped, spaces to `_`, and
/// characters other than letters, digits, `.`, `'`, `-`, `&`, `+`, `_` removed.
pub fn phrase(s: &str) -> String {
    let folded: String = s.nfd().filter(|c| c.is_ascii()).collect::<String>().to_ascii_uppercase();
    let mut out = String::with_capacity(folded.len());
    for word in folded.split_whitespace() {
        let w: String = word.chars().filter(|c| c.is_ascii_alphanumeric() || "._'-&+".contains(*c)).collect();
        if w.is_empty() {
            continue;
        }
        if !out.is_empty() {
            out.push('_');
        }
        out.push_str(&w);
    }
    out
}

/// Regular English verb forms of a single word: third person, past, -ing.
pub fn regular_forms(base: &str) -> [String; 3] {
    let b = base.to_ascii_lowercase();
    let ends = |s: &str| b.ends_with(s);
    let consonant_y = b.len() >= 2 && ends("y") && !b[..b.len() - 1].ends_with(['a', 'e', 'i', 'o', 'u']);
    let third = if ends("s") || ends("x") || ends("z") || ends("ch") || ends("sh") {
        format!("{b}es")
    } else if consonant_y {
        format!("{}ies", &b[..b.len() - 1])
    } else {
        format!("{b}s")
    };
    let past = if ends("e") {
        format!("{b}d")
    } else if consonant_y {
        format!("{}ied", &b[..b.len() - 1])
    } else {
        format!("{b}ed")
    };
    let ing = if ends("ie") {
        format!("{}ying", &b[..b.len() - 2])
    } else if ends("e") && !ends("ee") && !ends("ye") && !ends("oe") && b.len() > 2 {
        format!("{}ing", &b[..b.len() - 1])
    } else {
        format!("{b}ing")
    };
    [third, past, ing]
}

/// The inflected word of a verb (marked `+`, else the first) and its index.
fn verb_head(words: &[&str]) -> usize {
    words.iter().position(|w| w.starts_with('+')).unwrap_or(0)
}

/// All inflected forms of a (possibly multi-word) verb, as written in the
/// tidings file: explicit forms when given, else regular ones.
pub fn verb_forms(v: &Verb) -> Vec<String> {
    let words: Vec<&str> = v.word.split_whitespace().collect();
    let head = verb_head(&words);
    let stem = words.get(head).map(|w| w.trim_start_matches('+')).unwrap_or("");
    let forms: Vec<String> = if v.forms.is_empty() { regular_forms(stem).to_vec() } else { v.forms.clone() };
    let mut seen = HashSet::new();
    forms
        .into_iter()
        .filter(|f| seen.insert(f.clone()))
        .map(|f| {
            let mut w: Vec<String> = words.iter().map(|x| x.trim_start_matches('+').to_string()).collect();
            if let Some(slot) = w.get_mut(head) {
                *slot = f;
            }
            w.join(" ")
        })
        .collect()
}

/// PETRARCH spelling of a verb or one of its forms: multi-word verbs are joined
/// with `_` and the inflected word carries `+` (`+CALL_OFF`, `WIRE_+TAP`).
fn verb_token(words: &str, head: usize, multi: bool) -> String {
    let parts: Vec<String> = words.split_whitespace().map(phrase).collect();
    if !multi {
        return parts.join("_");
    }
    parts
        .iter()
        .enumerate()
        .map(|(i, p)| if i == head { format!("+{p}") } else { p.clone() })
        .collect::<Vec<_>>()
        .join("_")
}

/// Convert a tidings pattern (lower case, spaces) to PETRARCH: upper case and
/// synset names kept.
fn pattern_text(p: &str) -> String {
    let folded: String = p.nfd().filter(|c| c.is_ascii()).collect();
    folded.to_ascii_uppercase()
}

struct PhraseSet {
    seen: HashSet<String>,
}

impl PhraseSet {
    fn new() -> Self {
        PhraseSet { seen: HashSet::new() }
    }
    /// Returns the PETRARCH phrase if it was not used before.
    fn take(&mut self, s: &str) -> Option<String> {
        let p = phrase(s);
        if p.is_empty() || !self.seen.insert(p.clone()) {
            return None;
        }
        Some(p)
    }
}

fn date_restriction(t: &Term) -> String {
    match (t.start, t.end) {
        (None, None) => format!("[{}]", t.code),
        (Some(s), None) => format!("[{} >{}]", t.code, s.compact()),
        (None, Some(e)) => format!("[{} <{}]", t.code, e.compact()),
        (Some(s), Some(e)) => format!("[{} {}-{}]", t.code, s.compact(), e.compact()),
    }
}

/// The actors dictionary: countries (names, adjectives, capitals), then
/// organisations, then dated people.
pub fn actors(countries: &[Country], orgs: &[Organization], people: &[Person]) -> String {
    let mut s = String::from(
        "# tidings default actors dictionary (PETRARCH format), generated from\n\
         # crates/cameo/data/{countries,igos,people}.tsv. Do not edit: edit the tables.\n\n",
    );
    let mut used = PhraseSet::new();
    s.push_str("# ======== COUNTRIES AND TERRITORIES ========\n");
    // Metonyms with a role go to their own entries after the country.
    for c in countries {
        let Some(primary) = used.take(&c.name) else { continue };
        s.push_str(&format!("{primary}_ [{}]\n", c.code));
        let plain = c
            .other_names
            .iter()
            .chain(&c.adjectives)
            .chain(c.capitals.iter().filter(|m| m.role.is_none()).map(|m| &m.name));
        for n in plain {
            if let Some(p) = used.take(n) {
                s.push_str(&format!("+{p}_\n"));
            }
        }
        for m in c.capitals.iter().filter(|m| m.role.is_some()) {
            if let (Some(p), Some(role)) = (used.take(&m.name), &m.role) {
                s.push_str(&format!("{p}_ [{}{role}]\n", c.code));
            }
        }
        s.push('\n');
    }
    s.push_str("# ======== INTERNATIONAL ORGANISATIONS AND NGOS ========\n");
    for o in orgs {
        let Some(primary) = used.take(&o.name) else { continue };
        s.push_str(&format!("{primary}_ [{}]\n", o.code));
        for n in &o.other_names {
            if let Some(p) = used.take(n) {
                s.push_str(&format!("+{p}_\n"));
            }
        }
        s.push('\n');
    }
    s.push_str("# ======== PEOPLE (dated terms) ========\n");
    for p in people {
        let Some(primary) = used.take(&p.name) else { continue };
        s.push_str(&format!("{primary}_\n"));
        for v in &p.variants {
            if let Some(x) = used.take(v) {
                s.push_str(&format!("+{x}_\n"));
            }
        }
        for t in &p.terms {
            // The role travels as a comment so that conversions keep it.
            let role = t.role.replace('#', " ");
            if role.trim().is_empty() {
                s.push_str(&format!("\t{}\n", date_restriction(t)));
            } else {
                s.push_str(&format!("\t{} # {}\n", date_restriction(t), role.trim()));
            }
        }
        let has_open = p.terms.iter().any(|t| t.start.is_none() && t.end.is_none());
        if !has_open {
            if let Some(d) = p.default_code() {
                s.push_str(&format!("\t[{d}]\n"));
            }
        }
        s.push('\n');
    }
    s
}

/// The agents dictionary.
pub fn agents(agents: &[Agent]) -> String {
    let mut s = String::from(
        "# tidings default agents dictionary (PETRARCH format), generated from\n\
         # crates/cameo/data/agents.tsv. Do not edit: edit the table.\n\n",
    );
    for a in agents {
        let p = phrase(&a.phrase);
        match &a.plural {
            Plural::Regular => s.push_str(&format!("{p} [{}]\n", a.code)),
            Plural::None => s.push_str(&format!("{p} {{}} [{}]\n", a.code)),
            Plural::Irregular(pl) => s.push_str(&format!("{p} {{{}}} [{}]\n", phrase(pl), a.code)),
        }
    }
    s
}

/// The verbs dictionary: synsets, then verb blocks with explicit forms and
/// patterns, then transformations.
pub fn verbs(d: &VerbDictionary) -> String {
    let mut s = String::from(
        "# tidings default verb dictionary (PETRARCH format), generated from\n\
         # crates/cameo/data/verbs.txt. Do not edit: edit the source.\n\n\
         ####### SYNONYM SETS #######\n\n",
    );
    for syn in &d.synsets {
        s.push_str(&pattern_text(&syn.name));
        s.push('\n');
        for p in &syn.phrases {
            s.push_str(&format!("+{}\n", phrase(p)));
        }
        s.push('\n');
    }
    s.push_str("####### VERB PATTERNS #######\n\n");
    for b in &d.blocks {
        s.push_str(&format!("--- {} [{}] ---\n", phrase(&b.name), b.code));
        for v in &b.verbs {
            let words: Vec<&str> = v.word.split_whitespace().collect();
            let multi = words.len() > 1;
            let head = verb_head(&words);
            let base = verb_token(&v.word, head, multi);
            let forms: Vec<String> =
                verb_forms(v).iter().map(|f| verb_token(f, head, multi)).filter(|f| *f != base).collect();
            s.push_str(&base);
            if !forms.is_empty() {
                s.push_str(&format!(" {{{}}}", forms.join(" ")));
            }
            if let Some(c) = &v.code {
                s.push_str(&format!(" [{c}]"));
            }
            s.push('\n');
        }
        for p in &b.patterns {
            s.push_str(&format!("- {} [{}]\n", pattern_text(&p.pattern), p.code));
        }
        s.push('\n');
    }
    if !d.transformations.is_empty() {
        s.push_str("####### TRANSFORMATIONS #######\n\n");
        for t in &d.transformations {
            s.push_str(&format!("~ {t}\n"));
        }
    }
    s
}

/// The discard list.
pub fn discards(items: &[Discard]) -> String {
    let mut s = String::from(
        "# tidings default discard list (PETRARCH format), generated from\n\
         # crates/cameo/data/discards.txt.\n\n",
    );
    for d in items {
        let mut p = pattern_text(&d.phrase);
        p = p.split_whitespace().collect::<Vec<_>>().join(" ");
        if d.whole_story {
            s.push('+');
        }
        s.push_str(&p);
        s.push('\n');
    }
    s
}
