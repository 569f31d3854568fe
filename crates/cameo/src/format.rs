//! tidings' own dictionary formats: parsers for the files in `data/`.
//!
//! Every parser is strict and reports the first bad line as a [`DataError`]
//! with the file name, the 1-based line number and the reason; none panics.
//! The formats are documented in `data/README.md`.

use serde::Serialize;
use std::fmt;

/// A bad line in a tidings dictionary file.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{file}:{line}: {reason}")]
pub struct DataError {
    /// The file (or a label such as `countries.tsv` for embedded data).
    pub file: String,
    /// 1-based line number.
    pub line: usize,
    /// Why the line was rejected.
    pub reason: String,
}

fn err(file: &str, line: usize, reason: impl Into<String>) -> DataError {
    DataError { file: file.to_string(), line, reason: reason.into() }
}

/// Iterate over the meaningful lines of a file: `(line number, text)`,
/// skipping blanks and `#` comment lines.
fn content_lines(text: &str) -> impl Iterator<Item = (usize, &str)> {
    text.lines()
        .enumerate()
        .map(|(i, l)| (i + 1, l.trim_end_matches('\r')))
        .filter(|(_, l)| !l.trim().is_empty() && !l.trim_start().starts_with('#'))
}

fn split_list(s: &str) -> Vec<String> {
    s.split('|').map(str::trim).filter(|x| !x.is_empty()).map(str::to_string).collect()
}

fn is_upper_code(s: &str) -> bool {
    !s.is_empty() && s.bytes().all(|b| b.is_ascii_uppercase() || b.is_ascii_digit())
}

// ---------------------------------------------------------------- countries

/// A capital or other place/institution name standing for the state.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Metonym {
    /// The name as written ("Moscow", "White House").
    pub name: String,
    /// Role code appended to the country code ("GOV" for the Kremlin), if any.
    pub role: Option<String>,
}

/// A country or territory.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Country {
    /// Three-letter code as CAMEO uses it (ISO 3166 alpha-3, plus KSV for Kosovo).
    pub code: String,
    /// ISO 3166 alpha-2 code (XK for Kosovo).
    pub iso2: String,
    /// Common English name.
    pub name: String,
    /// Other names and abbreviations.
    pub other_names: Vec<String>,
    /// Adjectival forms and demonyms ("North Korean", "Afghans").
    pub adjectives: Vec<String>,
    /// Capitals and metonyms, the first being the capital when there is one.
    pub capitals: Vec<Metonym>,
}

impl Country {
    /// The capital city, when the table lists one.
    pub fn capital(&self) -> Option<&str> {
        self.capitals.iter().find(|m| m.role.is_none()).map(|m| m.name.as_str())
    }
}

/// Parse `countries.tsv`.
pub fn parse_countries(text: &str, file: &str) -> Result<Vec<Country>, DataError> {
    let mut out = Vec::new();
    for (n, line) in content_lines(text) {
        let cols: Vec<&str> = line.split('\t').collect();
        if cols.len() != 6 {
            return Err(err(file, n, format!("expected 6 tab-separated columns, found {}", cols.len())));
        }
        let code = cols[0].trim();
        if code.len() != 3 || !code.bytes().all(|b| b.is_ascii_uppercase()) {
            return Err(err(file, n, format!("country code {code:?} is not three capital letters")));
        }
        let iso2 = cols[1].trim();
        if iso2.len() != 2 || !iso2.bytes().all(|b| b.is_ascii_uppercase()) {
            return Err(err(file, n, format!("ISO alpha-2 code {iso2:?} is not two capital letters")));
        }
        let name = cols[2].trim();
        if name.is_empty() {
            return Err(err(file, n, "empty country name"));
        }
        let mut capitals = Vec::new();
        for item in split_list(cols[5]) {
            let (name, role) = match item.split_once('=') {
                Some((a, r)) => {
                    let r = r.trim();
                    if !is_upper_code(r) {
                        return Err(err(file, n, format!("metonym role {r:?} is not a code")));
                    }
                    (a.trim().to_string(), Some(r.to_string()))
                }
                None => (item, None),
            };
            capitals.push(Metonym { name, role });
        }
        out.push(Country {
            code: code.to_string(),
            iso2: iso2.to_string(),
            name: name.to_string(),
            other_names: split_list(cols[3]),
            adjectives: split_list(cols[4]),
            capitals,
        });
    }
    Ok(out)
}

// ------------------------------------------------------------ organisations

/// An international organisation, NGO or other named collective actor.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Organization {
    /// CAMEO-style code (IGOUNO, IGOWSTNAT, NGOHLHIRC, ...).
    pub code: String,
    /// Full name.
    pub name: String,
    /// Abbreviations and other names.
    pub other_names: Vec<String>,
}

/// Parse `igos.tsv`.
pub fn parse_organizations(text: &str, file: &str) -> Result<Vec<Organization>, DataError> {
    let mut out = Vec::new();
    for (n, line) in content_lines(text) {
        let cols: Vec<&str> = line.split('\t').collect();
        if cols.len() != 3 {
            return Err(err(file, n, format!("expected 3 tab-separated columns, found {}", cols.len())));
        }
        let code = cols[0].trim();
        if code.len() < 3 || !is_upper_code(code) {
            return Err(err(file, n, format!("organisation code {code:?} is not a code")));
        }
        let name = cols[1].trim();
        if name.is_empty() {
            return Err(err(file, n, "empty organisation name"));
        }
        out.push(Organization { code: code.to_string(), name: name.to_string(), other_names: split_list(cols[2]) });
    }
    Ok(out)
}

// ------------------------------------------------------------------- people

/// A calendar day as `(year, month, day)`, comparable.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub struct Day {
    pub year: i32,
    pub month: u32,
    pub day: u32,
}

impl Day {
    /// A valid calendar day, or `None`.
    pub fn new(year: i32, month: u32, day: u32) -> Option<Day> {
        let leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
        let dim = match month {
            1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
            4 | 6 | 9 | 11 => 30,
            2 if leap => 29,
            2 => 28,
            _ => return None,
        };
        (1..=dim).contains(&day).then_some(Day { year, month, day })
    }

    /// Parse `YYYY-MM-DD`.
    pub fn parse_iso(s: &str) -> Option<Day> {
        let b = s.as_bytes();
        if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
            return None;
        }
        let y = s.get(0..4)?.parse().ok()?;
        let m = s.get(5..7)?.parse().ok()?;
        let d = s.get(8..10)?.parse().ok()?;
        Day::new(y, m, d)
    }

    /// Parse PETRARCH's `YYYYMMDD` or `YYMMDD` (two-digit years up to 30 are 20xx).
    pub fn parse_compact(s: &str) -> Option<Day> {
        if !s.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        let (y, rest) = match s.len() {
            8 => (s.get(0..4)?.parse::<i32>().ok()?, s.get(4..)?),
            6 => {
                let yy: i32 = s.get(0..2)?.parse().ok()?;
                (if yy <= 30 { 2000 + yy } else { 1900 + yy }, s.get(2..)?)
            }
            _ => return None,
        };
        Day::new(y, rest.get(0..2)?.parse().ok()?, rest.get(2..4)?.parse().ok()?)
    }

    /// `YYYYMMDD`.
    pub fn compact(self) -> String {
        format!("{:04}{:02}{:02}", self.year, self.month, self.day)
    }
}

impl fmt::Display for Day {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

/// One dated term: the person holds `code` from `start` to `end` inclusive
/// (`None` = open).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Term {
    pub code: String,
    pub start: Option<Day>,
    pub end: Option<Day>,
    /// Free-text role ("President", "Foreign Minister").
    pub role: String,
}

impl Term {
    /// Does the term cover `day`?
    pub fn covers(&self, day: Day) -> bool {
        self.start.is_none_or(|s| s <= day) && self.end.is_none_or(|e| day <= e)
    }
}

/// A person (or other dated actor) with all their terms, in file order.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Person {
    pub name: String,
    /// Spelling variants and titled forms ("Kim Jong-un", "President Obama").
    pub variants: Vec<String>,
    pub terms: Vec<Term>,
}

const TITLES: &[&str] = &["king", "queen", "pope", "prince", "princess", "emir", "sheikh"];
const PARTICLES: &[&str] = &[
    "al", "el", "bin", "bint", "ibn", "de", "da", "do", "dos", "van", "von", "der", "den", "zu", "la", "le", "di",
    "du", "abu",
];
/// Countries whose names are written family name first.
const FAMILY_FIRST: &[&str] = &["CHN", "TWN", "HKG", "MAC", "PRK", "KOR", "VNM", "KHM"];

impl Person {
    /// The code that applies on `day`: the first covering term, else the
    /// default (country elite, see [`Person::default_code`]).
    pub fn code_on(&self, day: Day) -> Option<String> {
        self.terms.iter().find(|t| t.covers(day)).map(|t| t.code.clone()).or_else(|| self.default_code())
    }

    /// Code used outside every term (and for undated text): for a collective
    /// actor its current (open-ended) code; for a person `XXXELI` for the first term whose code
    /// starts with a three-letter country code, or that term's own code when it
    /// is already an elite code; `None` for people known only in IGO roles.
    pub fn default_code(&self) -> Option<String> {
        if let Some(open) = self.terms.iter().find(|t| t.start.is_none() && t.end.is_none()) {
            return Some(open.code.clone());
        }
        // A collective actor (armed group) keeps its current code.
        if self.is_collective() {
            return self.terms.iter().rev().find(|t| t.end.is_none()).map(|t| t.code.clone());
        }
        self.terms
            .iter()
            .find(|t| !t.code.starts_with("IGO") && !t.code.starts_with("NGO") && t.code.len() >= 3)
            .and_then(|t| t.code.get(..3))
            .map(|c| format!("{c}ELI"))
    }

    /// A group rather than a person: some term's role mentions "group".
    pub fn is_collective(&self) -> bool {
        self.terms.iter().any(|t| t.role.to_ascii_lowercase().contains("group"))
    }

    /// The short form used for later mentions in an article ("Putin",
    /// "von der Leyen", "Kim" for Korean and Chinese names); `None` for
    /// titled names ("Pope Francis"), single-word names and collective actors
    /// (a term whose role mentions "group").
    pub fn surname(&self) -> Option<String> {
        let words: Vec<&str> = self.name.split_whitespace().collect();
        // Collective actors (role mentions "group") have no surname.
        if words.len() < 2 || self.is_collective() {
            return None;
        }
        if TITLES.contains(&words[0].to_ascii_lowercase().as_str()) {
            return None;
        }
        let family_first = self.terms.first().and_then(|t| t.code.get(..3)).is_some_and(|c| FAMILY_FIRST.contains(&c));
        if family_first {
            return Some(words[0].to_string());
        }
        // Start the surname at the first particle after the given name.
        let start = (1..words.len())
            .find(|&i| {
                let w = words[i].to_ascii_lowercase();
                PARTICLES.contains(&w.as_str()) || w.starts_with("al-") || w.starts_with("el-")
            })
            .filter(|&i| i + 1 < words.len() || words[i].contains('-'))
            .unwrap_or(words.len() - 1);
        Some(words[start..].join(" "))
    }
}

/// Parse `people.tsv` (one line per term), grouping terms by name in order of
/// first appearance.
pub fn parse_people(text: &str, file: &str) -> Result<Vec<Person>, DataError> {
    let mut out: Vec<Person> = Vec::new();
    for (n, line) in content_lines(text) {
        let cols: Vec<&str> = line.split('\t').collect();
        if cols.len() != 6 {
            return Err(err(file, n, format!("expected 6 tab-separated columns, found {}", cols.len())));
        }
        let name = cols[0].trim();
        if name.is_empty() {
            return Err(err(file, n, "empty name"));
        }
        let code = cols[1].trim();
        if code.len() < 3 || !is_upper_code(code) {
            return Err(err(file, n, format!("actor code {code:?} is not a code")));
        }
        let date = |s: &str, what: &str| -> Result<Option<Day>, DataError> {
            let s = s.trim();
            if s.is_empty() {
                return Ok(None);
            }
            Day::parse_iso(s).map(Some).ok_or_else(|| err(file, n, format!("{what} date {s:?} is not YYYY-MM-DD")))
        };
        let start = date(cols[2], "start")?;
        let end = date(cols[3], "end")?;
        if let (Some(s), Some(e)) = (start, end) {
            if e < s {
                return Err(err(file, n, format!("term ends ({e}) before it starts ({s})")));
            }
        }
        let term = Term { code: code.to_string(), start, end, role: cols[5].trim().to_string() };
        let variants = split_list(cols[4]);
        let person = match out.iter_mut().position(|p| p.name == name) {
            Some(i) => &mut out[i],
            None => {
                out.push(Person { name: name.to_string(), variants: Vec::new(), terms: Vec::new() });
                let last = out.len() - 1;
                &mut out[last]
            }
        };
        for v in variants {
            if !person.variants.contains(&v) {
                person.variants.push(v);
            }
        }
        person.terms.push(term);
    }
    Ok(out)
}

/// Write people back in `people.tsv` form (one line per term, variants on the
/// first line of each person).
pub fn write_people(people: &[Person]) -> String {
    let mut s = String::from("# name\tcode\tstart\tend\tvariants\trole\n");
    for p in people {
        for (i, t) in p.terms.iter().enumerate() {
            let d = |d: Option<Day>| d.map(|d| d.to_string()).unwrap_or_default();
            let variants = if i == 0 { p.variants.join("|") } else { String::new() };
            s.push_str(&format!("{}\t{}\t{}\t{}\t{}\t{}\n", p.name, t.code, d(t.start), d(t.end), variants, t.role));
        }
    }
    s
}

// ------------------------------------------------------------------- agents

/// How an agent's plural is formed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub enum Plural {
    /// Regular English plural, generated by the coder.
    Regular,
    /// No plural form (already plural or invariant: "police").
    None,
    /// An irregular plural ("spokesmen").
    Irregular(String),
}

/// A role that combines with an actor ("military" + China = CHNMIL).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Agent {
    pub phrase: String,
    /// `~MIL` (appended to the actor code) or `NGO~` (put in front).
    pub code: String,
    pub plural: Plural,
}

/// Parse `agents.tsv`.
pub fn parse_agents(text: &str, file: &str) -> Result<Vec<Agent>, DataError> {
    let mut out = Vec::new();
    for (n, line) in content_lines(text) {
        let cols: Vec<&str> = line.split('\t').collect();
        if cols.len() != 2 && cols.len() != 3 {
            return Err(err(file, n, format!("expected 2 or 3 tab-separated columns, found {}", cols.len())));
        }
        let phrase = cols[0].trim();
        if phrase.is_empty() {
            return Err(err(file, n, "empty agent phrase"));
        }
        let code = cols[1].trim();
        let bare = code.trim_start_matches('~').trim_end_matches('~');
        let one_tilde = code.starts_with('~') != code.ends_with('~');
        if !one_tilde || !is_upper_code(bare) {
            return Err(err(file, n, format!("agent code {code:?} must be ~CODE or CODE~")));
        }
        let plural = match cols.get(2).map(|s| s.trim()).unwrap_or("") {
            "" => Plural::Regular,
            "-" => Plural::None,
            p => Plural::Irregular(p.to_string()),
        };
        out.push(Agent { phrase: phrase.to_string(), code: code.to_string(), plural });
    }
    Ok(out)
}

/// Write agents in `agents.tsv` form.
pub fn write_agents(agents: &[Agent]) -> String {
    let mut s = String::from("# phrase\tcode\tplural\n");
    for a in agents {
        let pl = match &a.plural {
            Plural::Regular => String::new(),
            Plural::None => "-".to_string(),
            Plural::Irregular(p) => p.clone(),
        };
        s.push_str(&format!("{}\t{}\t{}\n", a.phrase, a.code, pl));
    }
    s
}

// -------------------------------------------------------------------- verbs

/// A noun synonym set, referenced from patterns as `&NAME`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Synset {
    /// Label including the `&`.
    pub name: String,
    pub phrases: Vec<String>,
}

/// A verb in a block.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Verb {
    /// Base form; multi-word verbs separate words with spaces and mark the
    /// inflected word with `+` when it is not the first ("wire +tap").
    pub word: String,
    /// Irregular forms (3rd person, past, participle, -ing), empty = regular.
    pub forms: Vec<String>,
    /// Code of the isolated verb when it differs from the block's.
    pub code: Option<String>,
}

/// A pattern line: the PETRARCH pattern mini-language, and its code.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Pattern {
    pub pattern: String,
    pub code: String,
}

/// A verb block: synonymous verbs sharing patterns.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Block {
    pub name: String,
    /// Default code of the block's verbs, or `---`.
    pub code: String,
    pub verbs: Vec<Verb>,
    pub patterns: Vec<Pattern>,
}

/// A whole verb dictionary.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize)]
pub struct VerbDictionary {
    pub synsets: Vec<Synset>,
    pub blocks: Vec<Block>,
    /// PETRARCH transformation lines kept verbatim (without the leading `~`).
    pub transformations: Vec<String>,
}

impl VerbDictionary {
    /// Number of patterns over all blocks.
    pub fn pattern_count(&self) -> usize {
        self.blocks.iter().map(|b| b.patterns.len()).sum()
    }
    /// Number of verbs over all blocks.
    pub fn verb_count(&self) -> usize {
        self.blocks.iter().map(|b| b.verbs.len()).sum()
    }
}

/// A code as written in verb dictionaries: `---`, digits, or `A:B` pairs of them.
pub fn is_verb_code(s: &str) -> bool {
    let one = |p: &str| p == "---" || (!p.is_empty() && p.len() <= 4 && p.bytes().all(|b| b.is_ascii_digit()));
    !s.is_empty() && s.split(':').all(|p| p.is_empty() || one(p)) && s.split(':').any(one)
}

fn bracket_balance(s: &str) -> bool {
    let mut stack = Vec::new();
    for c in s.chars() {
        match c {
            '(' | '{' => stack.push(c),
            ')' if stack.pop() != Some('(') => return false,
            '}' if stack.pop() != Some('{') => return false,
            _ => {}
        }
    }
    stack.is_empty()
}

/// Check one pattern's syntax: exactly one `*`, balanced brackets, every
/// synset defined. Returns the reason when bad.
pub fn pattern_problem(pattern: &str, synsets: &[Synset]) -> Option<String> {
    let stars = pattern.split_whitespace().filter(|t| *t == "*").count();
    if stars != 1 {
        return Some(format!("pattern needs exactly one standalone * (has {stars})"));
    }
    if !bracket_balance(pattern) {
        return Some("unbalanced ( ) or { } in pattern".into());
    }
    for tok in pattern.split(|c: char| c.is_whitespace() || "(){}".contains(c)) {
        if let Some(name) = tok.strip_prefix('&') {
            let label = format!("&{name}");
            if !synsets.iter().any(|s| s.name.eq_ignore_ascii_case(&label)) {
                return Some(format!("synset {label} is not defined before use"));
            }
        }
    }
    None
}

/// Parse `verbs.txt`.
pub fn parse_verbs(text: &str, file: &str) -> Result<VerbDictionary, DataError> {
    let mut d = VerbDictionary::default();
    for (n, raw) in content_lines(text) {
        let line = raw.trim();
        if let Some(rest) = line.strip_prefix("synset ") {
            let (name, items) =
                rest.split_once(':').ok_or_else(|| err(file, n, "synset line needs `synset &NAME: a, b, c`"))?;
            let name = name.trim();
            if !name.starts_with('&') || name.len() < 2 || name.contains(char::is_whitespace) {
                return Err(err(file, n, format!("synset name {name:?} must be &NAME")));
            }
            let phrases: Vec<String> =
                items.split(',').map(str::trim).filter(|s| !s.is_empty()).map(str::to_string).collect();
            if phrases.is_empty() {
                return Err(err(file, n, "synset without phrases"));
            }
            d.synsets.push(Synset { name: name.to_string(), phrases });
        } else if let Some(rest) = line.strip_prefix("== ") {
            let mut parts = rest.split_whitespace();
            let (Some(name), Some(code), None) = (parts.next(), parts.next(), parts.next()) else {
                return Err(err(file, n, "block header needs `== NAME CODE`"));
            };
            if !is_verb_code(code) {
                return Err(err(file, n, format!("block code {code:?} is not a code or ---")));
            }
            d.blocks.push(Block {
                name: name.to_string(),
                code: code.to_string(),
                verbs: Vec::new(),
                patterns: Vec::new(),
            });
        } else if let Some(rest) = line.strip_prefix("transform ") {
            d.transformations.push(rest.trim().to_string());
        } else if let Some(rest) = line.strip_prefix("verb ") {
            let block = d.blocks.last_mut().ok_or_else(|| err(file, n, "verb before the first `==` block"))?;
            let (body, code) = match rest.rsplit_once('=') {
                Some((b, c)) => {
                    let c = c.trim();
                    if !is_verb_code(c) {
                        return Err(err(file, n, format!("verb code {c:?} is not a code or ---")));
                    }
                    (b.trim(), Some(c.to_string()))
                }
                None => (rest.trim(), None),
            };
            let (word, forms) = match body.split_once('(') {
                Some((w, f)) => {
                    let f = f.strip_suffix(')').ok_or_else(|| err(file, n, "verb forms need a closing )"))?;
                    let forms: Vec<String> = f.split_whitespace().map(str::to_string).collect();
                    if forms.is_empty() {
                        return Err(err(file, n, "empty ( ) verb forms"));
                    }
                    (w.trim(), forms)
                }
                None => (body, Vec::new()),
            };
            if word.is_empty() || word.contains(['{', '}', '[', ']', '*']) {
                return Err(err(file, n, format!("bad verb {word:?}")));
            }
            block.verbs.push(Verb { word: word.to_string(), forms, code });
        } else if line.split_whitespace().any(|t| t == "*") {
            let (pat, code) =
                line.rsplit_once(" = ").ok_or_else(|| err(file, n, "pattern needs ` = CODE` at the end"))?;
            let code = code.trim();
            if !is_verb_code(code) {
                return Err(err(file, n, format!("pattern code {code:?} is not a code or ---")));
            }
            if let Some(p) = pattern_problem(pat, &d.synsets) {
                return Err(err(file, n, p));
            }
            let block = d.blocks.last_mut().ok_or_else(|| err(file, n, "pattern before the first `==` block"))?;
            block.patterns.push(Pattern { pattern: pat.trim().to_string(), code: code.to_string() });
        } else {
            return Err(err(file, n, "not a synset, block header, verb, transform or pattern line"));
        }
    }
    Ok(d)
}

/// Write a verb dictionary in `verbs.txt` form.
pub fn write_verbs(d: &VerbDictionary) -> String {
    let mut s = String::new();
    for syn in &d.synsets {
        s.push_str(&format!("synset {}: {}\n", syn.name, syn.phrases.join(", ")));
    }
    for b in &d.blocks {
        s.push_str(&format!("\n== {} {}\n", b.name, b.code));
        for v in &b.verbs {
            s.push_str("verb ");
            s.push_str(&v.word);
            if !v.forms.is_empty() {
                s.push_str(&format!(" ({})", v.forms.join(" ")));
            }
            if let Some(c) = &v.code {
                s.push_str(&format!(" = {c}"));
            }
            s.push('\n');
        }
        for p in &b.patterns {
            s.push_str(&format!("{} = {}\n", p.pattern, p.code));
        }
    }
    if !d.transformations.is_empty() {
        s.push('\n');
        for t in &d.transformations {
            s.push_str(&format!("transform {t}\n"));
        }
    }
    s
}

// ----------------------------------------------------------------- discards

/// A discard phrase: sentences (or whole stories) containing it are not coded.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Discard {
    pub phrase: String,
    /// Drop the whole story, not just the sentence.
    pub whole_story: bool,
}

/// Parse `discards.txt`.
pub fn parse_discards(text: &str, file: &str) -> Result<Vec<Discard>, DataError> {
    let mut out = Vec::new();
    for (n, line) in content_lines(text) {
        let line = line.trim();
        let (whole_story, phrase) = match line.strip_prefix('+') {
            Some(p) => (true, p.trim()),
            None => (false, line),
        };
        if phrase.is_empty() || phrase.contains(['[', ']']) {
            return Err(err(file, n, format!("bad discard phrase {line:?}")));
        }
        out.push(Discard { phrase: phrase.to_string(), whole_story });
    }
    Ok(out)
}
