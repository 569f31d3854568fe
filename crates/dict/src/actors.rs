//! Actor and agent dictionaries, compiled into a token-hashed phrase index.

use std::collections::HashMap;
use tidings_model::fnv::{word_bit, FnvMap};

use crate::text::{bracket, lines, norm_word, plural, split_phrase};
use crate::DictDiagnostic;

/// A date restriction on an actor code (limits are inclusive), dates as `YYYYMMDD`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DateRule {
    Before(u32, String),
    After(u32, String),
    Between(u32, u32, String),
}

/// One actor record: a primary phrase, its synonyms and its (dated) codes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ActorEntry {
    /// The primary phrase as written.
    pub phrase: String,
    /// Code used when no date restriction applies (a `[CODE]` with no date).
    pub default: Option<String>,
    pub rules: Vec<DateRule>,
    pub line: usize,
}

impl ActorEntry {
    /// The code for a sentence dated `date` (`YYYYMMDD`): the first satisfied restriction,
    /// else the default; `None` when neither applies (a null code).
    pub fn code_at(&self, date: Option<u32>) -> Option<&str> {
        if let Some(d) = date {
            for r in &self.rules {
                match r {
                    DateRule::Before(x, c) if d <= *x => return Some(c),
                    DateRule::After(x, c) if d >= *x => return Some(c),
                    DateRule::Between(a, b, c) if d >= *a && d <= *b => return Some(c),
                    _ => {}
                }
            }
        }
        self.default.as_deref()
    }
}

/// A phrase compiled for matching: words plus "must be consecutive" flags.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Phrase {
    pub words: Vec<String>,
    /// `joins[i]`: word `i` must immediately follow word `i-1` (`_` in the file).
    pub joins: Vec<bool>,
    /// Index of the record (actor or agent entry) this phrase belongs to.
    pub entry: usize,
    /// Word mask of the words after the first ([`tidings_model::fnv::word_bit`]).
    mask: u64,
}

/// Phrases hashed on their first word; each bucket holds longer phrases first.
#[derive(Debug, Clone, Default)]
pub struct PhraseIndex {
    by_first: FnvMap<String, Vec<Phrase>>,
}

impl PhraseIndex {
    fn add(&mut self, words: Vec<(String, bool)>, entry: usize) {
        if words.is_empty() {
            return;
        }
        let (words, joins): (Vec<String>, Vec<bool>) = words.into_iter().unzip();
        let mask = words[1..].iter().map(|w| word_bit(w)).fold(0, |a, b| a | b);
        self.by_first.entry(words[0].clone()).or_default().push(Phrase { words, joins, entry, mask });
    }

    fn finish(&mut self) {
        for v in self.by_first.values_mut() {
            v.sort_by_key(|p| std::cmp::Reverse(p.words.len()));
        }
    }

    /// Number of distinct phrases.
    pub fn len(&self) -> usize {
        self.by_first.values().map(Vec::len).sum()
    }

    pub fn is_empty(&self) -> bool {
        self.by_first.is_empty()
    }

    /// Longest phrase starting at `words[start]`; returns it and the end (exclusive)
    /// of the matched words. Blank-separated phrase words may have other words between
    /// them, `_`-joined ones may not.
    pub fn match_at<'a, S: AsRef<str>>(&'a self, words: &[S], start: usize) -> Option<(&'a Phrase, usize)> {
        let first = words.get(start)?.as_ref();
        let bucket = self.by_first.get(first)?;
        // a large bucket (a common first word): skip phrases whose later words are absent
        let avail = if bucket.len() > 4 {
            words[start + 1..].iter().map(|w| word_bit(w.as_ref())).fold(0, |a, b| a | b)
        } else {
            u64::MAX
        };
        'phr: for p in bucket {
            if p.mask & !avail != 0 {
                continue;
            }
            let mut k = start + 1;
            for (w, &join) in p.words.iter().zip(&p.joins).skip(1) {
                if join {
                    if words.get(k).map(AsRef::as_ref) != Some(w.as_str()) {
                        continue 'phr;
                    }
                    k += 1;
                } else {
                    match (k..words.len()).find(|&j| words[j].as_ref() == w) {
                        Some(j) => k = j + 1,
                        None => continue 'phr,
                    }
                }
            }
            return Some((p, k));
        }
        None
    }
}

/// The compiled actor dictionaries.
#[derive(Debug, Clone, Default)]
pub struct ActorDict {
    pub entries: Vec<ActorEntry>,
    pub index: PhraseIndex,
}

/// Parse `YYYYMMDD` or `YYMMDD` (years 00-30 read as 20xx).
fn parse_date(s: &str) -> Option<u32> {
    let s = s.trim();
    if !s.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let v: u32 = s.parse().ok()?;
    match s.len() {
        8 => Some(v),
        6 => {
            let yy = v / 10000;
            let year = if yy <= 30 { 2000 + yy } else { 1900 + yy };
            Some(year * 10000 + v % 10000)
        }
        _ => None,
    }
}

fn parse_code_spec(spec: &str) -> Result<(String, Option<DateRule>), String> {
    let mut it = spec.split_whitespace();
    let code = it.next().ok_or("empty code `[]`")?.to_string();
    // the restriction may be written with blanks: `< 950601`, `19950601 - 19990815`
    let restr: String = it.collect::<Vec<_>>().concat();
    if restr.is_empty() {
        return Ok((code, None));
    }
    let restr = restr.as_str();
    let bad = || format!("malformed date restriction `{restr}`");
    let rule = if let Some(d) = restr.strip_prefix('<') {
        DateRule::Before(parse_date(d).ok_or_else(bad)?, code.clone())
    } else if let Some(d) = restr.strip_prefix('>') {
        DateRule::After(parse_date(d).ok_or_else(bad)?, code.clone())
    } else if let Some((a, b)) = restr.split_once('-') {
        DateRule::Between(parse_date(a).ok_or_else(bad)?, parse_date(b).ok_or_else(bad)?, code.clone())
    } else {
        return Err(bad());
    };
    Ok((code, Some(rule)))
}

impl ActorDict {
    /// Add the records of one actor file (PETRARCH or TABARI `.actors` form).
    pub fn add_file(&mut self, src: &str, file: &str, diags: &mut Vec<DictDiagnostic>) {
        let mut current: Option<usize> = None;
        for l in lines(src) {
            let raw = l.text;
            let t = raw.split(';').next().unwrap_or("").trim_end();
            let trimmed = t.trim();
            if trimmed.is_empty() {
                continue;
            }
            let mut diag = |reason: String| diags.push(DictDiagnostic { file: file.into(), line: l.no, reason });
            if trimmed.starts_with('[') && (raw.starts_with(char::is_whitespace) || current.is_some()) {
                // date restriction / code line for the current record
                let Some(cur) = current else {
                    diag("code line before any actor".into());
                    continue;
                };
                let Some((_, spec, _)) = bracket(trimmed) else {
                    diag("unclosed `[` in code line".into());
                    continue;
                };
                match parse_code_spec(spec) {
                    Ok((_, Some(rule))) => self.entries[cur].rules.push(rule),
                    Ok((code, None)) => self.entries[cur].default = Some(code),
                    Err(e) => diag(e),
                }
                continue;
            }
            let (syn, body) = match trimmed.strip_prefix('+') {
                Some(b) => (true, b),
                None => (false, trimmed),
            };
            let (phrase, code) = match body.find('[') {
                Some(_) => match bracket(body) {
                    Some((p, c, _)) => (p.trim(), Some(c)),
                    None => {
                        diag("unclosed `[` in actor line".into());
                        continue;
                    }
                },
                None => (body.trim(), None),
            };
            let words = split_phrase(phrase);
            if words.is_empty() {
                diag("actor line without a phrase".into());
                continue;
            }
            let entry = if syn {
                match current {
                    Some(c) => c,
                    None => {
                        diag("synonym `+` line before any actor".into());
                        continue;
                    }
                }
            } else {
                self.entries.push(ActorEntry {
                    phrase: phrase.to_string(),
                    default: None,
                    rules: Vec::new(),
                    line: l.no,
                });
                self.entries.len() - 1
            };
            current = Some(entry);
            if let Some(spec) = code {
                match parse_code_spec(spec) {
                    Ok((c, None)) => {
                        if self.entries[entry].default.is_none() {
                            self.entries[entry].default = Some(c)
                        }
                    }
                    Ok((_, Some(rule))) => self.entries[entry].rules.push(rule),
                    Err(e) => diag(e),
                }
            }
            self.index.add(words, entry);
        }
    }

    /// Sort the phrase index (longest phrases first); call after the last `add_file`.
    pub fn finish(&mut self) {
        self.index.finish();
    }
}

/// An agent code: `~GOV` is appended after the actor code, `NGO~` put before it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AgentEntry {
    pub code: String,
    pub prefix: bool,
    pub line: usize,
}

/// The compiled agent dictionary.
#[derive(Debug, Clone, Default)]
pub struct AgentDict {
    pub entries: Vec<AgentEntry>,
    pub index: PhraseIndex,
}

impl AgentDict {
    pub fn parse(src: &str, file: &str) -> (AgentDict, Vec<DictDiagnostic>) {
        let mut d = AgentDict::default();
        let mut diags = Vec::new();
        let mut subst: HashMap<String, Vec<String>> = HashMap::new();
        for l in lines(src) {
            let t = l.text.trim();
            let mut diag = |reason: String| diags.push(DictDiagnostic { file: file.into(), line: l.no, reason });
            if t.starts_with('!') {
                if let Some((name, list)) = t.split_once('=') {
                    let name = name.trim();
                    if name.len() < 3 || !name.ends_with('!') {
                        diag(format!("malformed substitution marker `{name}`"));
                        continue;
                    }
                    let items = list.split(',').map(|s| norm_word(s.trim())).filter(|s| !s.is_empty()).collect();
                    subst.insert(name.to_uppercase(), items);
                    continue;
                }
            }
            let Some(open) = t.find('[') else {
                diag("agent line without a `[CODE]`".into());
                continue;
            };
            let close = t[open..].find([']', '}']).map(|c| c + open);
            let Some(close) = close else {
                diag("unclosed `[` in agent line".into());
                continue;
            };
            let spec = t[open + 1..close].trim();
            let (code, prefix) = if let Some(c) = spec.strip_prefix('~') {
                (c, false)
            } else if let Some(c) = spec.strip_suffix('~') {
                (c, true)
            } else {
                diag(format!("agent code `{spec}` needs a `~` before or after it"));
                continue;
            };
            if code.is_empty() || code.contains(char::is_whitespace) {
                diag(format!("malformed agent code `{spec}`"));
                continue;
            }
            let head = &t[..open];
            let (phrase, plural_spec) = match head.find('{') {
                Some(a) => match head[a..].find('}') {
                    Some(b) => (head[..a].trim(), Some(head[a + 1..a + b].trim())),
                    None => {
                        diag("unclosed `{` in agent line".into());
                        continue;
                    }
                },
                None => (head.trim(), None),
            };
            if phrase.is_empty() {
                diag("agent line without a phrase".into());
                continue;
            }
            d.entries.push(AgentEntry { code: code.to_string(), prefix, line: l.no });
            let entry = d.entries.len() - 1;
            // substitution markers: expand each, no plurals
            let upper = phrase.to_uppercase();
            if let Some(a) = upper.find('!') {
                let b = upper[a + 1..].find('!').map(|b| b + a + 1);
                let Some(b) = b else {
                    diag("unclosed `!` substitution marker".into());
                    continue;
                };
                let marker = &upper[a..=b];
                let Some(items) = subst.get(marker) else {
                    diag(format!("undefined substitution marker {marker}"));
                    continue;
                };
                for it in items {
                    let p = format!("{}{}{}", &upper[..a], it, &upper[b + 1..]);
                    d.index.add(split_phrase(&p), entry);
                }
                continue;
            }
            let words = split_phrase(phrase);
            match plural_spec {
                Some("") => {}
                Some(pl) => d.index.add(split_phrase(pl), entry),
                None => {
                    let mut pw = words.clone();
                    if let Some(last) = pw.last_mut() {
                        last.0 = plural(&last.0);
                    }
                    d.index.add(pw, entry);
                }
            }
            d.index.add(words, entry);
        }
        d.index.finish();
        (d, diags)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const ACTORS: &str = "\
ARNOR_  [ARN]
GONDOR [GON]
+MINAS_TIRITH
PRESIDENT HOSNI MURBARAK [EGYGOV]
THE_SHIRE  [FRO/BIL/SAM]
SAM_GAMGEE [HOB]  # default
\t[HOBCIV <20080120]
\t[ORCHOB 20100109-20100112]
\t[HOBMIL 20080120-20121109]
\t[HOBELI >20130119]
ZIMBABWE
\t[RHO <790606]
\t[ZBW]
U.S.S.R
+USSR
\t[USR <911226]
";

    fn actors() -> (ActorDict, Vec<DictDiagnostic>) {
        let mut d = ActorDict::default();
        let mut diags = Vec::new();
        d.add_file(ACTORS, "t.actors", &mut diags);
        d.finish();
        (d, diags)
    }

    fn code(d: &ActorDict, words: &[&str], date: u32) -> Option<String> {
        let (p, _) = d.index.match_at(words, 0)?;
        d.entries[p.entry].code_at(Some(date)).map(str::to_string)
    }

    #[test]
    fn phrases_and_synonyms() {
        let (d, diags) = actors();
        assert!(diags.is_empty(), "{diags:?}");
        assert_eq!(code(&d, &["MINAS", "TIRITH"], 19950101).as_deref(), Some("GON"));
        assert_eq!(code(&d, &["MINAS", "X", "TIRITH"], 19950101), None, "`_` requires consecutive words");
        let (_, end) = d.index.match_at(&["PRESIDENT", "HOSNI", "X", "MURBARAK", "Y"], 0).unwrap();
        assert_eq!(end, 4, "blank allows intervening words");
        assert_eq!(code(&d, &["THE", "SHIRE"], 19950101).as_deref(), Some("FRO/BIL/SAM"));
    }

    #[test]
    fn date_restrictions() {
        let (d, _) = actors();
        let sam = |date| code(&d, &["SAM", "GAMGEE"], date);
        assert_eq!(sam(20000101).as_deref(), Some("HOBCIV"));
        assert_eq!(sam(20080120).as_deref(), Some("HOBCIV"), "limits are inclusive, first rule wins");
        assert_eq!(sam(20100110).as_deref(), Some("ORCHOB"));
        assert_eq!(sam(20110101).as_deref(), Some("HOBMIL"));
        assert_eq!(sam(20121201).as_deref(), Some("HOB"), "default when nothing applies");
        assert_eq!(sam(20140101).as_deref(), Some("HOBELI"));
        assert_eq!(code(&d, &["ZIMBABWE"], 19700101).as_deref(), Some("RHO"));
        assert_eq!(code(&d, &["ZIMBABWE"], 19900101).as_deref(), Some("ZBW"));
        assert_eq!(code(&d, &["USSR"], 19900101).as_deref(), Some("USR"));
        assert_eq!(code(&d, &["USSR"], 19950101), None, "null code after restriction");
        assert_eq!(parse_date("450703"), Some(19450703));
        assert_eq!(
            parse_code_spec("HOBGOV 19950601 - 19990815").unwrap().1,
            Some(DateRule::Between(19950601, 19990815, "HOBGOV".into()))
        );
        assert_eq!(parse_date("070723"), Some(20070723));
    }

    #[test]
    fn agents_plurals_and_substitution() {
        let src = "!PERSON! = MAN, MEN\nCONGRESS!PERSON! [~LEG]\nPOLICE {} [~COP]\nGOLDEN_GOOSE {GOLDEN_GEESE} [~GGS]\nACTIVIST [~OPP]\nHUMAN_RIGHTS_BODY [NGO~]\nPARTY [~PTY]\n";
        let (d, diags) = AgentDict::parse(src, "t.agents");
        assert!(diags.is_empty(), "{diags:?}");
        let get = |w: &[&str]| d.index.match_at(w, 0).map(|(p, _)| d.entries[p.entry].clone());
        assert_eq!(get(&["CONGRESSMEN"]).unwrap().code, "LEG");
        assert!(get(&["POLICES"]).is_none());
        assert_eq!(get(&["GOLDEN", "GEESE"]).unwrap().code, "GGS");
        assert!(get(&["GOLDEN", "GOOSES"]).is_none());
        assert_eq!(get(&["ACTIVISTS"]).unwrap().code, "OPP");
        assert_eq!(get(&["PARTIES"]).unwrap().code, "PTY");
        assert!(get(&["HUMAN", "RIGHTS", "BODY"]).unwrap().prefix);
    }

    #[test]
    fn malformed_actor_and_agent_lines() {
        let mut d = ActorDict::default();
        let mut diags = Vec::new();
        d.add_file("+ORPHAN\nX [A 1999-]\nY [B\n\t[C <1x]\nZ [D < 950601]\n", "bad.actors", &mut diags);
        let l: Vec<usize> = diags.iter().map(|d| d.line).collect();
        assert_eq!(l, vec![1, 2, 3, 4], "{diags:?}");
        let (_, diags) = AgentDict::parse("NOCODE\nX [GOV]\nY [~A\n!M!_Z [~Q]\n", "bad.agents");
        let l: Vec<usize> = diags.iter().map(|d| d.line).collect();
        assert_eq!(l, vec![1, 2, 3, 4], "{diags:?}");
    }
}
