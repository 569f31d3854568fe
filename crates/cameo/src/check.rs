//! A line-syntax checker for PETRARCH dictionary text.
//!
//! Independent of any full dictionary parser: it checks each line against the
//! documented line shapes of the four dictionaries and reports every line that
//! does not fit, with its number and the reason.

use crate::format::{is_verb_code, pattern_problem, Day, Synset};

/// One line that does not fit the dictionary syntax.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Issue {
    pub line: usize,
    pub reason: String,
}

fn issue(line: usize, reason: impl Into<String>) -> Issue {
    Issue { line, reason: reason.into() }
}

fn body(line: &str) -> &str {
    match line.find('#') {
        Some(i) => &line[..i],
        None => line,
    }
}

fn is_phrase(p: &str) -> bool {
    !p.is_empty()
        && p.chars().all(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || "_.'-&+".contains(c))
        && p.chars().any(|c| c.is_ascii_alphanumeric())
}

fn is_actor_code(c: &str) -> bool {
    c == "---" || (c.len() >= 3 && c.bytes().all(|b| b.is_ascii_uppercase() || b.is_ascii_digit()))
}

fn check_restriction(n: usize, inner: &str, out: &mut Vec<Issue>) {
    let mut parts = inner.split_whitespace();
    let code = parts.next().unwrap_or("");
    if !is_actor_code(code) {
        out.push(issue(n, format!("bad actor code {code:?}")));
    }
    if let Some(r) = parts.next() {
        let ok = if let Some(d) = r.strip_prefix('>').or_else(|| r.strip_prefix('<')) {
            Day::parse_compact(d).is_some()
        } else if let Some((a, b)) = r.split_once('-') {
            match (Day::parse_compact(a), Day::parse_compact(b)) {
                (Some(x), Some(y)) => x <= y,
                _ => false,
            }
        } else {
            false
        };
        if !ok {
            out.push(issue(n, format!("bad date restriction {r:?}")));
        }
    }
    if parts.next().is_some() {
        out.push(issue(n, "extra text in restriction"));
    }
}

/// Check an actors dictionary.
pub fn check_actors(text: &str) -> Vec<Issue> {
    let mut out = Vec::new();
    let mut in_entry = false;
    for (i, raw) in text.lines().enumerate() {
        let n = i + 1;
        let line = body(raw);
        if line.trim().is_empty() {
            continue;
        }
        let t = line.trim();
        if line.starts_with('\t') {
            if !in_entry {
                out.push(issue(n, "date restriction outside an entry"));
            }
            match t.strip_prefix('[').and_then(|x| x.strip_suffix(']')) {
                Some(inner) => check_restriction(n, inner, &mut out),
                None => out.push(issue(n, "tab line must be a single [CODE date]")),
            }
        } else if let Some(p) = t.strip_prefix('+') {
            if !in_entry {
                out.push(issue(n, "synonym outside an entry"));
            }
            if !is_phrase(p.trim()) {
                out.push(issue(n, format!("bad synonym phrase {p:?}")));
            }
        } else {
            let (phrase, rest) = match t.find(' ') {
                Some(i) => (&t[..i], t[i..].trim()),
                None => (t, ""),
            };
            if !is_phrase(phrase) {
                out.push(issue(n, format!("bad primary phrase {phrase:?}")));
            }
            if !rest.is_empty() {
                match rest.strip_prefix('[').and_then(|x| x.strip_suffix(']')) {
                    Some(code) if is_actor_code(code) => {}
                    _ => out.push(issue(n, format!("primary phrase may only be followed by [CODE], got {rest:?}"))),
                }
            }
            in_entry = true;
        }
    }
    out
}

/// Check an agents dictionary.
pub fn check_agents(text: &str) -> Vec<Issue> {
    let mut out = Vec::new();
    for (i, raw) in text.lines().enumerate() {
        let n = i + 1;
        let t = body(raw).trim();
        if t.is_empty() {
            continue;
        }
        let Some(open) = t.find('[') else {
            out.push(issue(n, "agent line needs [~CODE] or [CODE~]"));
            continue;
        };
        let Some(code) = t[open..].strip_prefix('[').and_then(|x| x.strip_suffix(']')) else {
            out.push(issue(n, "agent line must end with its [code]"));
            continue;
        };
        let bare = code.trim_start_matches('~').trim_end_matches('~');
        if code.starts_with('~') == code.ends_with('~') || !is_actor_code(bare) {
            out.push(issue(n, format!("bad agent code {code:?}")));
        }
        let head = t[..open].trim();
        let (phrase, plural) = match head.split_once(' ') {
            Some((p, rest)) => (p, Some(rest.trim())),
            None => (head, None),
        };
        if !is_phrase(phrase) {
            out.push(issue(n, format!("bad agent phrase {phrase:?}")));
        }
        if let Some(pl) = plural {
            match pl.strip_prefix('{').and_then(|x| x.strip_suffix('}')) {
                Some(inner) if inner.is_empty() || is_phrase(inner) => {}
                _ => out.push(issue(n, format!("plural must be {{}} or {{PHRASE}}, got {pl:?}"))),
            }
        }
    }
    out
}

fn is_verb_token(t: &str) -> bool {
    is_phrase(t) && t.matches('+').count() <= 1
}

/// Check a verbs dictionary: synsets, block headers, verb lines, patterns
/// (one `*`, balanced brackets, synsets defined before use, valid codes).
pub fn check_verbs(text: &str) -> Vec<Issue> {
    let mut out = Vec::new();
    let mut synsets: Vec<Synset> = Vec::new();
    let mut in_synset = false;
    let mut in_block = false;
    for (i, raw) in text.lines().enumerate() {
        let n = i + 1;
        let t = body(raw).trim();
        if t.is_empty() {
            continue;
        }
        if let Some(rest) = t.strip_prefix("---") {
            in_synset = false;
            in_block = true;
            let inner = rest.trim();
            let Some(inner) = inner.strip_suffix("---") else {
                out.push(issue(n, "block header must be --- NAME [CODE] ---"));
                continue;
            };
            let inner = inner.trim();
            match inner.split_once('[') {
                Some((name, code)) => {
                    if !is_phrase(name.trim()) {
                        out.push(issue(n, format!("bad block name {name:?}")));
                    }
                    match code.strip_suffix(']') {
                        Some(c) if is_verb_code(c.trim()) => {}
                        _ => out.push(issue(n, format!("bad block code {code:?}"))),
                    }
                }
                None => out.push(issue(n, "block header needs [CODE]")),
            }
        } else if let Some(label) = t.strip_prefix('&') {
            in_synset = true;
            if !is_phrase(label) || t.contains(' ') {
                out.push(issue(n, format!("bad synset label {t:?}")));
            }
            synsets.push(Synset { name: t.to_string(), phrases: Vec::new() });
        } else if in_synset && t.starts_with('+') {
            if !is_phrase(&t[1..]) {
                out.push(issue(n, format!("bad synset phrase {t:?}")));
            }
            if let Some(s) = synsets.last_mut() {
                s.phrases.push(t[1..].to_string());
            }
        } else if t.starts_with('~') {
            // Transformations are free-form postfix expressions.
        } else if !in_block {
            out.push(issue(n, "line before the first verb block"));
        } else if let Some(rest) = t.strip_prefix('-') {
            let rest = rest.trim();
            let Some(b) = rest.rfind('[') else {
                out.push(issue(n, "pattern needs a [CODE]"));
                continue;
            };
            let (pat, code) = (&rest[..b], &rest[b..]);
            match code.strip_prefix('[').and_then(|c| c.strip_suffix(']')) {
                Some(c) if is_verb_code(c.trim()) => {}
                _ => out.push(issue(n, format!("bad pattern code {code:?}"))),
            }
            if let Some(p) = pattern_problem(pat, &synsets) {
                out.push(issue(n, p));
            }
        } else {
            // Verb line: WORD [{FORMS}] [[CODE]]
            let (head, code) = match t.find('[') {
                Some(b) => (&t[..b], Some(&t[b..])),
                None => (t, None),
            };
            if let Some(code) = code {
                match code.strip_prefix('[').and_then(|c| c.strip_suffix(']')) {
                    Some(c) if is_verb_code(c.trim()) => {}
                    _ => out.push(issue(n, format!("bad verb code {code:?}"))),
                }
            }
            let (word, forms) = match head.find('{') {
                Some(b) => (&head[..b], Some(&head[b..])),
                None => (head, None),
            };
            if !is_verb_token(word.trim()) {
                out.push(issue(n, format!("bad verb {:?}", word.trim())));
            }
            if let Some(f) = forms {
                match f.trim().strip_prefix('{').and_then(|x| x.strip_suffix('}')) {
                    Some(inner) if inner.split_whitespace().all(is_verb_token) => {}
                    _ => out.push(issue(n, format!("bad verb forms {f:?}"))),
                }
            }
        }
    }
    out
}

/// Check a discard list.
pub fn check_discards(text: &str) -> Vec<Issue> {
    let mut out = Vec::new();
    for (i, raw) in text.lines().enumerate() {
        let n = i + 1;
        let t = body(raw).trim();
        if t.is_empty() {
            continue;
        }
        let p = t.strip_prefix('+').unwrap_or(t);
        if !p.split_whitespace().all(is_phrase) {
            out.push(issue(n, format!("bad discard phrase {t:?}")));
        }
    }
    out
}
