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

// ------------------------------------------------------------------------------------------
// Lints for tidings-format dictionaries (`tidings dict check`).

/// What kind of problem a lint found.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum LintKind {
    /// The line does not parse.
    Syntax,
    /// The same entry is written twice with the same code.
    Duplicate,
    /// One phrase, verb or pattern is given two different codes.
    Conflict,
    /// An entry that can never fire (shadowed pattern, pattern in a block without verbs,
    /// unused synset, verb coded `---` without patterns).
    Unreachable,
    /// A date that does not parse, a term that ends before it starts, overlapping terms.
    BadDate,
    /// An event code missing from the CAMEO codebook.
    UnknownCode,
}

impl LintKind {
    pub fn as_str(self) -> &'static str {
        match self {
            LintKind::Syntax => "syntax",
            LintKind::Duplicate => "duplicate",
            LintKind::Conflict => "conflict",
            LintKind::Unreachable => "unreachable",
            LintKind::BadDate => "bad date",
            LintKind::UnknownCode => "unknown code",
        }
    }
}

/// One lint finding, printed as `file:line: kind: message`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Finding {
    pub file: String,
    pub line: usize,
    pub kind: LintKind,
    pub message: String,
}

impl std::fmt::Display for Finding {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}:{}: {}: {}", self.file, self.line, self.kind.as_str(), self.message)
    }
}

/// One dictionary file to lint: its standard name (`verbs.txt`, ...), the label used in
/// messages (a path) and its text.
#[derive(Debug, Clone)]
pub struct LintFile {
    pub name: String,
    pub label: String,
    pub text: String,
}

fn lines_of(text: &str) -> impl Iterator<Item = (usize, &str)> {
    text.lines()
        .enumerate()
        .map(|(i, l)| (i + 1, l.trim_end_matches('\r')))
        .filter(|(_, l)| !l.trim().is_empty() && !l.trim_start().starts_with('#'))
}

struct Linter {
    out: Vec<Finding>,
}

impl Linter {
    fn push(&mut self, file: &str, line: usize, kind: LintKind, message: impl Into<String>) {
        self.out.push(Finding { file: file.to_string(), line, kind, message: message.into() });
    }
}

/// Where a key was first seen: (code, file, line, raw text).
type Seen = std::collections::HashMap<String, (String, String, usize, String)>;

#[allow(clippy::too_many_arguments)]
fn see(l: &mut Linter, seen: &mut Seen, key: String, code: &str, file: &str, line: usize, raw: &str, what: &str) {
    if key.is_empty() {
        return;
    }
    match seen.get(&key) {
        Some((c, f, n, _)) if c != code => l.push(
            file,
            line,
            LintKind::Conflict,
            format!("{what} {raw:?} coded {code} here but {c} at {f}:{n}; only the first is used"),
        ),
        Some((_, f, n, r)) if r.eq_ignore_ascii_case(raw) && !(f == file && *n == line) => {
            l.push(file, line, LintKind::Duplicate, format!("{what} {raw:?} already listed at {f}:{n}"))
        }
        Some(_) => {}
        None => {
            seen.insert(key, (code.to_string(), file.to_string(), line, raw.to_string()));
        }
    }
}

fn code_known(code: &str) -> bool {
    code.split(':').filter(|p| !p.is_empty() && *p != "---").all(|p| crate::lookup(p).is_some())
}

/// Lint a set of tidings-format files (any subset of the six; cross-file checks such as one
/// actor phrase with two codes use whatever is given).
pub fn lint_files(files: &[LintFile]) -> Vec<Finding> {
    let mut l = Linter { out: Vec::new() };
    let get = |name: &str| files.iter().find(|f| f.name == name);
    let mut actors: Seen = Seen::new();
    if let Some(f) = get("countries.tsv") {
        let mut codes: Seen = Seen::new();
        for (n, line) in lines_of(&f.text) {
            match crate::format::parse_countries(line, &f.label) {
                Err(e) => l.push(&f.label, n, LintKind::Syntax, e.reason),
                Ok(cs) => {
                    for c in cs {
                        see(&mut l, &mut codes, c.code.clone(), &c.code, &f.label, n, &c.code, "country code");
                        let names = std::iter::once(&c.name).chain(&c.other_names).chain(&c.adjectives);
                        for p in names {
                            see(
                                &mut l,
                                &mut actors,
                                crate::petrarch::phrase(p),
                                &c.code,
                                &f.label,
                                n,
                                p,
                                "actor phrase",
                            );
                        }
                        for m in &c.capitals {
                            let code = format!("{}{}", c.code, m.role.as_deref().unwrap_or(""));
                            let key = crate::petrarch::phrase(&m.name);
                            see(&mut l, &mut actors, key, &code, &f.label, n, &m.name, "actor phrase");
                        }
                    }
                }
            }
        }
    }
    if let Some(f) = get("igos.tsv") {
        for (n, line) in lines_of(&f.text) {
            match crate::format::parse_organizations(line, &f.label) {
                Err(e) => l.push(&f.label, n, LintKind::Syntax, e.reason),
                Ok(os) => {
                    for o in os {
                        for p in std::iter::once(&o.name).chain(&o.other_names) {
                            see(
                                &mut l,
                                &mut actors,
                                crate::petrarch::phrase(p),
                                &o.code,
                                &f.label,
                                n,
                                p,
                                "actor phrase",
                            );
                        }
                    }
                }
            }
        }
    }
    if let Some(f) = get("people.tsv") {
        lint_people(&mut l, f, &mut actors);
    }
    if let Some(f) = get("agents.tsv") {
        let mut seen: Seen = Seen::new();
        for (n, line) in lines_of(&f.text) {
            match crate::format::parse_agents(line, &f.label) {
                Err(e) => l.push(&f.label, n, LintKind::Syntax, e.reason),
                Ok(agents) => {
                    for a in agents {
                        see(
                            &mut l,
                            &mut seen,
                            crate::petrarch::phrase(&a.phrase),
                            &a.code,
                            &f.label,
                            n,
                            &a.phrase,
                            "agent",
                        );
                        if let crate::format::Plural::Irregular(p) = &a.plural {
                            see(&mut l, &mut seen, crate::petrarch::phrase(p), &a.code, &f.label, n, p, "agent plural");
                        }
                    }
                }
            }
        }
    }
    if let Some(f) = get("verbs.txt") {
        lint_verbs(&mut l, f);
    }
    if let Some(f) = get("discards.txt") {
        let mut seen: Seen = Seen::new();
        for (n, line) in lines_of(&f.text) {
            match crate::format::parse_discards(line, &f.label) {
                Err(e) => l.push(&f.label, n, LintKind::Syntax, e.reason),
                Ok(ds) => {
                    for d in ds {
                        let code = if d.whole_story { "story" } else { "sentence" };
                        see(&mut l, &mut seen, d.phrase.to_lowercase(), code, &f.label, n, &d.phrase, "discard");
                    }
                }
            }
        }
    }
    l.out.sort_by(|a, b| (&a.file, a.line, a.kind).cmp(&(&b.file, b.line, b.kind)));
    l.out
}

fn lint_people(l: &mut Linter, f: &LintFile, actors: &mut Seen) {
    use crate::format::Day;
    // name -> terms (line, start, end)
    type Terms = std::collections::HashMap<String, Vec<(usize, Option<Day>, Option<Day>)>>;
    let mut terms: Terms = Default::default();
    let mut lines_seen: Seen = Seen::new();
    for (n, line) in lines_of(&f.text) {
        let cols: Vec<&str> = line.split('\t').collect();
        // Dates first, so that every bad date is reported (the parser stops at the first).
        let mut bad = false;
        for (i, what) in [(2, "start"), (3, "end")] {
            if let Some(s) = cols.get(i).map(|s| s.trim()).filter(|s| !s.is_empty()) {
                match Day::parse_iso(s) {
                    None => {
                        l.push(&f.label, n, LintKind::BadDate, format!("{what} date {s:?} is not a YYYY-MM-DD day"));
                        bad = true;
                    }
                    Some(d) if d.year < 1900 || d.year > 2100 => {
                        l.push(&f.label, n, LintKind::BadDate, format!("{what} date {s} is implausible"));
                    }
                    Some(_) => {}
                }
            }
        }
        if bad {
            continue;
        }
        let people = match crate::format::parse_people(line, &f.label) {
            Err(e) => {
                let kind = if e.reason.contains("before it starts") { LintKind::BadDate } else { LintKind::Syntax };
                l.push(&f.label, n, kind, e.reason);
                continue;
            }
            Ok(p) => p,
        };
        for p in people {
            let key = line.split('\t').take(4).collect::<Vec<_>>().join("\t");
            see(l, &mut lines_seen, key, "-", &f.label, n, line, "term");
            let code = format!("person:{}", p.name);
            // A person's name repeats on each term line: only another code is a conflict.
            for v in std::iter::once(&p.name).chain(&p.variants) {
                let key = crate::petrarch::phrase(v);
                match actors.get(&key) {
                    Some((c, _, _, _)) if *c == code => {}
                    _ => see(l, actors, key, &code, &f.label, n, v, "actor phrase"),
                }
            }
            for t in &p.terms {
                let list = terms.entry(p.name.clone()).or_default();
                for (m, s, e) in list.iter() {
                    let overlap = t.start.is_none_or(|ts| e.is_none_or(|e| ts <= e))
                        && s.is_none_or(|s| t.end.is_none_or(|te| s <= te));
                    if overlap {
                        l.push(
                            &f.label,
                            n,
                            LintKind::BadDate,
                            format!("term of {} overlaps the term at {}:{m}", p.name, f.label),
                        );
                        break;
                    }
                }
                list.push((n, t.start, t.end));
            }
        }
    }
}

fn normalize_pattern(p: &str) -> String {
    p.split_whitespace().collect::<Vec<_>>().join(" ").to_lowercase()
}

fn lint_verbs(l: &mut Linter, f: &LintFile) {
    if let Err(e) = crate::format::parse_verbs(&f.text, &f.label) {
        l.push(&f.label, e.line, LintKind::Syntax, e.reason);
        return;
    }
    let d = match crate::format::parse_verbs(&f.text, &f.label) {
        Ok(d) => d,
        Err(_) => return,
    };
    // Line numbers of synsets, blocks, verbs and patterns, in file order.
    let mut synset_lines = Vec::new();
    let mut block_lines = Vec::new();
    let mut verb_lines: Vec<Vec<usize>> = Vec::new();
    let mut pattern_lines: Vec<Vec<usize>> = Vec::new();
    for (n, raw) in lines_of(&f.text) {
        let t = raw.trim();
        if t.starts_with("synset ") {
            synset_lines.push(n);
        } else if t.starts_with("== ") {
            block_lines.push(n);
            verb_lines.push(Vec::new());
            pattern_lines.push(Vec::new());
        } else if t.starts_with("verb ") {
            if let Some(v) = verb_lines.last_mut() {
                v.push(n);
            }
        } else if !t.starts_with("transform ") && t.split_whitespace().any(|w| w == "*") {
            if let Some(p) = pattern_lines.last_mut() {
                p.push(n);
            }
        }
    }
    let mut forms: Seen = Seen::new();
    let mut used_synsets = std::collections::HashSet::new();
    for (bi, b) in d.blocks.iter().enumerate() {
        let bl = block_lines.get(bi).copied().unwrap_or(0);
        if !code_known(&b.code) {
            l.push(&f.label, bl, LintKind::UnknownCode, format!("block code {} is not in the CAMEO codebook", b.code));
        }
        for (vi, v) in b.verbs.iter().enumerate() {
            let n = verb_lines.get(bi).and_then(|x| x.get(vi)).copied().unwrap_or(bl);
            let code = v.code.clone().unwrap_or_else(|| b.code.clone());
            if !code_known(&code) {
                l.push(&f.label, n, LintKind::UnknownCode, format!("verb code {code} is not in the CAMEO codebook"));
            }
            if code == "---" && b.patterns.is_empty() {
                l.push(
                    &f.label,
                    n,
                    LintKind::Unreachable,
                    format!("verb {:?} codes ---and its block has no patterns", v.word),
                );
            }
            let owner = format!("{}/{}", b.name, code);
            let base = v.word.replace('+', "");
            see(l, &mut forms, crate::petrarch::phrase(&base), &owner, &f.label, n, &base, "verb");
            for form in crate::petrarch::verb_forms(v) {
                let key = crate::petrarch::phrase(&form);
                if key != crate::petrarch::phrase(&base) {
                    // Forms only conflict; a verb's own forms may repeat (e.g. past = participle).
                    if let Some((c, file, m, _)) = forms.get(&key) {
                        if *c != owner {
                            l.push(
                                &f.label,
                                n,
                                LintKind::Conflict,
                                format!("form {form:?} of {:?} is also a form at {file}:{m} ({c})", v.word),
                            );
                        }
                    } else {
                        forms.insert(key, (owner.clone(), f.label.clone(), n, form.clone()));
                    }
                }
            }
        }
        let mut pats: Seen = Seen::new();
        for (pi, p) in b.patterns.iter().enumerate() {
            let n = pattern_lines.get(bi).and_then(|x| x.get(pi)).copied().unwrap_or(bl);
            if !code_known(&p.code) {
                l.push(
                    &f.label,
                    n,
                    LintKind::UnknownCode,
                    format!("pattern code {} is not in the CAMEO codebook", p.code),
                );
            }
            if b.verbs.is_empty() {
                l.push(&f.label, n, LintKind::Unreachable, format!("pattern in block {} which has no verbs", b.name));
            }
            let key = normalize_pattern(&p.pattern);
            if let Some((c, _, m, _)) = pats.get(&key) {
                if *c == p.code {
                    l.push(
                        &f.label,
                        n,
                        LintKind::Duplicate,
                        format!("pattern {:?} already at {}:{m}", p.pattern, f.label),
                    );
                } else {
                    l.push(
                        &f.label,
                        n,
                        LintKind::Unreachable,
                        format!(
                            "pattern {:?} ({}) is shadowed by the same pattern at {}:{m} ({c})",
                            p.pattern, p.code, f.label
                        ),
                    );
                }
            } else {
                pats.insert(key, (p.code.clone(), f.label.clone(), n, p.pattern.clone()));
            }
            for tok in p.pattern.split(|c: char| c.is_whitespace() || "(){}".contains(c)) {
                if tok.starts_with('&') {
                    used_synsets.insert(tok.to_ascii_uppercase());
                }
            }
        }
    }
    let mut syn_seen: Seen = Seen::new();
    for (si, s) in d.synsets.iter().enumerate() {
        let n = synset_lines.get(si).copied().unwrap_or(0);
        see(l, &mut syn_seen, s.name.to_ascii_uppercase(), "synset", &f.label, n, &s.name, "synset");
        if !used_synsets.contains(&s.name.to_ascii_uppercase()) {
            l.push(&f.label, n, LintKind::Unreachable, format!("synset {} is never used by a pattern", s.name));
        }
        let mut inner = std::collections::HashSet::new();
        for p in &s.phrases {
            if !inner.insert(p.to_lowercase()) {
                l.push(&f.label, n, LintKind::Duplicate, format!("synset {} lists {p:?} twice", s.name));
            }
        }
    }
}

/// Lint the embedded default dictionaries.
pub fn lint_embedded() -> Vec<Finding> {
    let files: Vec<LintFile> = crate::defaults::FILES
        .iter()
        .map(|(name, text)| LintFile {
            name: name.to_string(),
            label: format!("crates/cameo/data/{name}"),
            text: text.to_string(),
        })
        .collect();
    lint_files(&files)
}
