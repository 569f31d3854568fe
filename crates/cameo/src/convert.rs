//! Converters between PETRARCH dictionary text and tidings' own formats.
//!
//! * actors: PETRARCH actor entries <-> the dated-actor table (`people.tsv`
//!   layout: name, code, start, end, variants, role). Every PETRARCH actor,
//!   dated or not, fits that table.
//! * agents: PETRARCH agents <-> `agents.tsv` (substitution markers such as
//!   `!PERSON!` are expanded).
//! * verbs: PETRARCH verbs <-> `verbs.txt` (synsets, blocks, verbs with their
//!   irregular forms, patterns, transformations; comments are dropped).
//!
//! PETRARCH phrases are upper case with `_` between words; tidings tables are
//! written in lower case with spaces, so text passes through
//! `tidings -> PETRARCH -> tidings` unchanged up to case.

use crate::format::{self, Agent, Block, DataError, Day, Pattern, Person, Plural, Synset, Term, Verb, VerbDictionary};
use crate::petrarch;

/// Why a text could not be converted.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ConvertError {
    /// A PETRARCH line that does not follow the dictionary syntax.
    #[error("line {line}: {reason}: {text:?}")]
    Syntax { line: usize, reason: String, text: String },
    /// A bad line in tidings-format input.
    #[error(transparent)]
    Data(#[from] DataError),
}

fn syntax(line: usize, reason: &str, text: &str) -> ConvertError {
    ConvertError::Syntax { line, reason: reason.to_string(), text: text.to_string() }
}

/// Strip a PETRARCH comment (`#` to end of line, or `<!-- ... -->` lines).
fn strip_comment(line: &str) -> &str {
    let l = line.trim_end_matches('\r');
    if l.trim_start().starts_with("<!--") {
        return "";
    }
    match l.find('#') {
        Some(i) => &l[..i],
        None => l,
    }
}

/// A PETRARCH phrase back to tidings text: `_` to spaces, lower case, the
/// trailing "exact word" `_` dropped.
fn unphrase(p: &str) -> String {
    p.trim().trim_end_matches('_').split('_').filter(|w| !w.is_empty()).collect::<Vec<_>>().join(" ").to_lowercase()
}

/// Split `PHRASE [CODE] rest` into the phrase and the bracketed code.
fn phrase_and_code(s: &str) -> (String, Option<String>) {
    match s.find('[') {
        Some(i) => {
            let p = s[..i].trim().to_string();
            let code = s[i + 1..].split(']').next().unwrap_or("").trim().to_string();
            (p, Some(code))
        }
        None => (s.trim().trim_end_matches(';').trim().to_string(), None),
    }
}

fn parse_restriction(line_no: usize, raw: &str, body: &str) -> Result<Term, ConvertError> {
    let mut parts = body.split_whitespace();
    let code = parts.next().ok_or_else(|| syntax(line_no, "empty date restriction", raw))?.to_string();
    // TABARI files sometimes put blanks inside: `< 950601`, `19950601 - 19990815`.
    let rest: String = parts.by_ref().collect::<Vec<_>>().concat();
    let joined = (!rest.is_empty()).then_some(rest);
    let (start, end) = match joined.as_deref() {
        None => (None, None),
        Some(r) => {
            let day = |s: &str| Day::parse_compact(s).ok_or_else(|| syntax(line_no, "bad date", raw));
            if let Some(d) = r.strip_prefix('>') {
                (Some(day(d)?), None)
            } else if let Some(d) = r.strip_prefix('<') {
                (None, Some(day(d)?))
            } else if let Some((a, b)) = r.split_once('-') {
                (Some(day(a)?), Some(day(b)?))
            } else {
                return Err(syntax(line_no, "date restriction must be <D, >D or D-D", raw));
            }
        }
    };
    Ok(Term { code, start, end, role: String::new() })
}

/// Parse a PETRARCH actors dictionary into dated actors.
pub fn parse_petrarch_actors(s: &str) -> Result<Vec<Person>, ConvertError> {
    let mut out: Vec<Person> = Vec::new();
    // The entry being read and whether its primary line carried a code.
    let mut in_entry = false;
    for (i, raw) in s.lines().enumerate() {
        let n = i + 1;
        let line = strip_comment(raw);
        // TABARI-style `; note` comments on actor lines.
        let line = match line.find(';') {
            Some(i) => &line[..i],
            None => line,
        };
        if line.trim().is_empty() {
            continue;
        }
        let indented = line.starts_with('\t') || line.starts_with(' ');
        let t = line.trim();
        if indented && t.starts_with('[') {
            let p = out
                .last_mut()
                .filter(|_| in_entry)
                .ok_or_else(|| syntax(n, "date restriction outside an actor entry", raw))?;
            let body =
                t.strip_prefix('[').and_then(|x| x.split(']').next()).ok_or_else(|| syntax(n, "unclosed [", raw))?;
            let mut term = parse_restriction(n, raw, body)?;
            if let Some((_, note)) = raw.split_once('#') {
                term.role = note.trim().to_string();
            }
            p.terms.push(term);
        } else if let Some(syn) = t.strip_prefix('+') {
            let p =
                out.last_mut().filter(|_| in_entry).ok_or_else(|| syntax(n, "synonym outside an actor entry", raw))?;
            let (phr, code) = phrase_and_code(syn);
            if phr.is_empty() {
                return Err(syntax(n, "empty synonym", raw));
            }
            if code.is_some() {
                return Err(syntax(n, "codes belong on the primary phrase or a date line", raw));
            }
            let v = unphrase(&phr);
            if !p.variants.contains(&v) && v != p.name {
                p.variants.push(v);
            }
        } else if indented {
            return Err(syntax(n, "indented line is not a [date restriction]", raw));
        } else {
            let (phr, code) = phrase_and_code(t);
            if phr.is_empty() || phr.contains(['[', ']', '{', '}']) {
                return Err(syntax(n, "bad primary phrase", raw));
            }
            let mut p = Person { name: unphrase(&phr), variants: Vec::new(), terms: Vec::new() };
            if let Some(c) = code {
                if c.is_empty() || c.contains(char::is_whitespace) {
                    return Err(syntax(n, "bad code", raw));
                }
                p.terms.push(Term { code: c, start: None, end: None, role: String::new() });
            }
            out.push(p);
            in_entry = true;
        }
    }
    // Drop the elite default that tidings' own writer adds, so that
    // tidings -> PETRARCH -> tidings is the identity.
    for p in &mut out {
        if p.terms.len() > 1 {
            if let Some(last) = p.terms.last() {
                let bare = last.start.is_none() && last.end.is_none();
                let derived = Person { terms: p.terms[..p.terms.len() - 1].to_vec(), ..p.clone() }.default_code();
                if bare && derived.as_deref() == Some(last.code.as_str()) {
                    p.terms.pop();
                }
            }
        }
    }
    Ok(out)
}

/// PETRARCH actors -> tidings dated-actor table (`people.tsv` layout).
pub fn petrarch_actors_to_tidings(s: &str) -> Result<String, ConvertError> {
    let people = parse_petrarch_actors(s)?;
    Ok(format::write_people(&people))
}

/// tidings dated-actor table -> PETRARCH actors.
pub fn tidings_actors_to_petrarch(s: &str) -> Result<String, ConvertError> {
    let people = format::parse_people(s, "actors")?;
    Ok(petrarch::actors(&[], &[], &people))
}

/// Parse a PETRARCH agents dictionary (substitution markers expanded).
pub fn parse_petrarch_agents(s: &str) -> Result<Vec<Agent>, ConvertError> {
    let mut subs: Vec<(String, Vec<String>)> = Vec::new();
    let mut out = Vec::new();
    for (i, raw) in s.lines().enumerate() {
        let n = i + 1;
        let line = strip_comment(raw).trim();
        if line.is_empty() {
            continue;
        }
        if line.starts_with('!') {
            if let Some((name, list)) = line.split_once('=') {
                let name = name.trim().to_string();
                if name.len() < 3 || !name.ends_with('!') {
                    return Err(syntax(n, "substitution marker must be !NAME!", raw));
                }
                subs.push((name, list.split(',').map(|x| x.trim().to_string()).collect()));
                continue;
            }
        }
        let open = line.find('[').ok_or_else(|| syntax(n, "agent line needs a [code]", raw))?;
        let close = line[open..].find([']', '}']).map(|c| c + open).ok_or_else(|| syntax(n, "unclosed [", raw))?;
        let code = line[open + 1..close].trim().to_string();
        let head = line[..open].trim();
        let (phr, plural) = match head.find('{') {
            Some(b) => {
                let inner = head[b + 1..].split('}').next().ok_or_else(|| syntax(n, "unclosed {", raw))?.trim();
                let pl = if inner.is_empty() { Plural::None } else { Plural::Irregular(unphrase(inner)) };
                (head[..b].trim(), pl)
            }
            None => (head, Plural::Regular),
        };
        let bare = code.trim_start_matches('~').trim_end_matches('~');
        if phr.is_empty() || bare.is_empty() || !code.contains('~') {
            return Err(syntax(n, "agent needs a phrase and a ~CODE or CODE~", raw));
        }
        // Expand one substitution marker if present.
        let expansions: Vec<String> = match subs.iter().find(|(m, _)| phr.contains(m.as_str())) {
            Some((m, list)) => list.iter().map(|x| phr.replace(m.as_str(), x)).collect(),
            None => vec![phr.to_string()],
        };
        let expanded = expansions.len() > 1;
        for e in expansions {
            out.push(Agent {
                phrase: unphrase(&e),
                code: code.clone(),
                plural: if expanded { Plural::None } else { plural.clone() },
            });
        }
    }
    Ok(out)
}

/// PETRARCH agents -> tidings `agents.tsv`.
pub fn petrarch_agents_to_tidings(s: &str) -> Result<String, ConvertError> {
    Ok(format::write_agents(&parse_petrarch_agents(s)?))
}

/// tidings `agents.tsv` -> PETRARCH agents.
pub fn tidings_agents_to_petrarch(s: &str) -> Result<String, ConvertError> {
    Ok(petrarch::agents(&format::parse_agents(s, "agents")?))
}

/// `WORD`, `+CALL_OFF` or `WIRE_+TAP` to tidings form ("call off", "wire +tap").
fn unverb(tok: &str) -> String {
    let words: Vec<&str> = tok.split('_').filter(|w| !w.is_empty()).collect();
    let head = words.iter().position(|w| w.starts_with('+')).unwrap_or(0);
    words
        .iter()
        .enumerate()
        .map(|(i, w)| {
            let w = w.trim_start_matches('+').to_lowercase();
            if i == head || words.len() == 1 {
                if i == 0 {
                    w
                } else {
                    format!("+{w}")
                }
            } else {
                w
            }
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// Parse a PETRARCH verb dictionary.
pub fn parse_petrarch_verbs(s: &str) -> Result<VerbDictionary, ConvertError> {
    let mut d = VerbDictionary::default();
    let mut in_synset = false;
    for (i, raw) in s.lines().enumerate() {
        let n = i + 1;
        let line = strip_comment(raw).trim();
        if line.is_empty() {
            continue;
        }
        if let Some(rest) = line.strip_prefix("---") {
            in_synset = false;
            let body = rest.trim().trim_end_matches('-').trim();
            let (name, code) = phrase_and_code(body);
            if name.is_empty() {
                return Err(syntax(n, "block header without a name", raw));
            }
            d.blocks.push(Block {
                name: name.replace(char::is_whitespace, "_"),
                code: code.unwrap_or_else(|| "---".to_string()),
                verbs: Vec::new(),
                patterns: Vec::new(),
            });
        } else if line.starts_with('&') {
            in_synset = true;
            d.synsets
                .push(Synset { name: line.split_whitespace().next().unwrap_or(line).to_string(), phrases: Vec::new() });
        } else if let Some(rest) = line.strip_prefix('~') {
            d.transformations.push(rest.trim().to_string());
        } else if let Some(rest) = line.strip_prefix('-') {
            let (pat, code) = match rest.rfind('[') {
                Some(b) => (rest[..b].trim(), rest[b + 1..].split(']').next().unwrap_or("").trim()),
                None => return Err(syntax(n, "pattern without [code]", raw)),
            };
            let block = d.blocks.last_mut().ok_or_else(|| syntax(n, "pattern before the first --- block", raw))?;
            block.patterns.push(Pattern {
                pattern: lower_pattern(pat),
                code: if code.is_empty() { "---".into() } else { code.to_string() },
            });
        } else if in_synset && line.starts_with('+') {
            if let Some(syn) = d.synsets.last_mut() {
                syn.phrases.push(unphrase(&line[1..]));
                // Keep a trailing "no plural" underscore visible.
                if line.ends_with('_') {
                    if let Some(last) = syn.phrases.last_mut() {
                        last.push('_');
                    }
                }
            }
        } else {
            // A verb line: WORD {FORMS} [CODE]
            let block = d.blocks.last_mut().ok_or_else(|| syntax(n, "verb before the first --- block", raw))?;
            let (head, code) = match line.find('[') {
                Some(b) => (line[..b].trim(), Some(line[b + 1..].split(']').next().unwrap_or("").trim().to_string())),
                None => (line, None),
            };
            let (word, forms) = match head.find('{') {
                Some(b) => {
                    let inner = head[b + 1..].split('}').next().unwrap_or("");
                    (head[..b].trim(), inner.split_whitespace().map(unverb).collect::<Vec<_>>())
                }
                None => (head, Vec::new()),
            };
            if word.is_empty() || word.contains(char::is_whitespace) {
                return Err(syntax(n, "verb line must be WORD {FORMS} [CODE]", raw));
            }
            let mut v = Verb {
                word: unverb(word),
                forms: forms
                    .iter()
                    .map(|f| f.split_whitespace().nth(verb_index(f)).unwrap_or(f).trim_start_matches('+').to_string())
                    .collect(),
                code: code.filter(|c| !c.is_empty()),
            };
            // Regular forms are implicit in tidings' format.
            let stem = v.word.split_whitespace().nth(verb_index(&v.word)).unwrap_or("").trim_start_matches('+');
            let regular = petrarch::regular_forms(stem);
            if !v.forms.is_empty() && same_set(&v.forms, &regular) {
                v.forms.clear();
            }
            block.verbs.push(v);
        }
    }
    Ok(d)
}

fn verb_index(words: &str) -> usize {
    words.split_whitespace().position(|w| w.starts_with('+')).unwrap_or(0)
}

fn same_set(a: &[String], b: &[String; 3]) -> bool {
    let mut x: Vec<&str> = a.iter().map(String::as_str).collect();
    let mut y: Vec<&str> = b.iter().map(String::as_str).collect();
    x.sort_unstable();
    x.dedup();
    y.sort_unstable();
    y.dedup();
    x == y
}

/// PETRARCH verbs -> tidings `verbs.txt`.
pub fn petrarch_verbs_to_tidings(s: &str) -> Result<String, ConvertError> {
    Ok(format::write_verbs(&parse_petrarch_verbs(s)?))
}

/// tidings `verbs.txt` -> PETRARCH verbs.
pub fn tidings_verbs_to_petrarch(s: &str) -> Result<String, ConvertError> {
    Ok(petrarch::verbs(&format::parse_verbs(s, "verbs")?))
}

/// Run a strict parser, skipping each offending line and retrying; returns
/// what could be read and one error per skipped line (at most 10 000).
fn lenient<T>(s: &str, parse: impl Fn(&str) -> Result<T, ConvertError>) -> (Option<T>, Vec<ConvertError>) {
    let mut lines: Vec<&str> = s.lines().collect();
    let mut errors = Vec::new();
    while errors.len() < 10_000 {
        match parse(&lines.join("\n")) {
            Ok(t) => return (Some(t), errors),
            Err(e) => {
                let line = match &e {
                    ConvertError::Syntax { line, .. } => *line,
                    ConvertError::Data(d) => d.line,
                };
                errors.push(e);
                match lines.get_mut(line.wrapping_sub(1)) {
                    Some(l) if !l.is_empty() => *l = "",
                    _ => return (None, errors),
                }
            }
        }
    }
    (None, errors)
}

/// Like [`parse_petrarch_actors`], but skips bad lines, reporting each.
pub fn parse_petrarch_actors_lenient(s: &str) -> (Vec<Person>, Vec<ConvertError>) {
    let (v, e) = lenient(s, parse_petrarch_actors);
    (v.unwrap_or_default(), e)
}

/// Like [`parse_petrarch_agents`], but skips bad lines, reporting each.
pub fn parse_petrarch_agents_lenient(s: &str) -> (Vec<Agent>, Vec<ConvertError>) {
    let (v, e) = lenient(s, parse_petrarch_agents);
    (v.unwrap_or_default(), e)
}

/// Like [`parse_petrarch_verbs`], but skips bad lines, reporting each.
pub fn parse_petrarch_verbs_lenient(s: &str) -> (VerbDictionary, Vec<ConvertError>) {
    let (v, e) = lenient(s, parse_petrarch_verbs);
    (v.unwrap_or_default(), e)
}

/// Lower-case a PETRARCH pattern except synset names (`&CURRENCY`), and
/// normalise spacing.
fn lower_pattern(p: &str) -> String {
    let mut out = String::with_capacity(p.len());
    let mut in_synset = false;
    for c in p.split_whitespace().collect::<Vec<_>>().join(" ").chars() {
        if c == '&' {
            in_synset = true;
        } else if !(c.is_ascii_alphanumeric() || c == '_') {
            in_synset = false;
        }
        if in_synset {
            out.push(c);
        } else {
            out.extend(c.to_lowercase());
        }
    }
    out
}
