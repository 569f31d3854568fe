//! PETRARCH/TABARI validation-record files: reading, JSONL output, validation report.

use std::collections::BTreeMap;
use std::fmt;
use std::path::{Path, PathBuf};

use tidings_model::Date;

use crate::{ActorHit, CodedEvent, CoderError};

/// The `<Environment>` block: dictionary files, resolved relative to the records file.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Environment {
    pub verbs: Option<PathBuf>,
    pub actors: Vec<PathBuf>,
    pub agents: Option<PathBuf>,
    pub discards: Option<PathBuf>,
    /// UniversalPetrarch's `<PICOfile>`: the internal coding ontology.
    pub ontology: Option<PathBuf>,
    pub include: Vec<String>,
    /// `<Config option= value=>` inside the environment.
    pub config: Vec<(String, String)>,
}

impl Environment {
    /// The dictionary files as a [`tidings_dict::DictFiles`], if a verb file is named.
    pub fn dict_files(&self) -> Option<tidings_dict::DictFiles> {
        Some(tidings_dict::DictFiles {
            verbs: self.verbs.clone()?,
            actors: self.actors.clone(),
            agents: self.agents.clone(),
            discards: self.discards.clone(),
            issues: None,
            ontology: self.ontology.clone(),
        })
    }
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Record {
    pub id: String,
    pub date: Option<Date>,
    pub category: String,
    pub text: String,
    /// Penn-Treebank parse, when `<Parse>` holds a bracketed tree.
    pub parse: Option<String>,
    /// CoNLL-U parse, when `<Parse>` holds tab-separated UD lines.
    pub conllu: Option<String>,
    /// Expected (source, target, event code) triples.
    pub expected: Vec<(String, String, String)>,
    /// `noevents`/`error` expectation: nothing should be coded.
    pub expect_none: bool,
    /// `<Config>` options that appear before this record (they stay in force afterwards).
    pub config: Vec<(String, String)>,
    /// `evaluate="false"` records are not scored.
    pub evaluate: bool,
    /// 1-based line of the `<Sentence` tag.
    pub line: usize,
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RecordsFile {
    pub environment: Environment,
    pub records: Vec<Record>,
}

/// Coded events for one record.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RecordResult {
    pub id: String,
    pub events: Vec<CodedEvent>,
}

fn unescape(s: &str) -> String {
    s.replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", "\"").replace("&apos;", "'").replace("&amp;", "&")
}

/// Attribute `name` of a tag text such as `<Sentence date="1995" id='X'>`.
fn attr(tag: &str, name: &str) -> Option<String> {
    let mut from = 0;
    while let Some(p) = tag[from..].find(name) {
        let at = from + p;
        from = at + name.len();
        let before_ok = at == 0 || tag.as_bytes()[at - 1].is_ascii_whitespace();
        if !before_ok {
            continue;
        }
        let rest = tag[from..].trim_start();
        let Some(rest) = rest.strip_prefix('=') else { continue };
        let rest = rest.trim_start();
        let q = rest.chars().next()?;
        if q != '"' && q != '\'' {
            continue;
        }
        let end = rest[1..].find(q)?;
        return Some(unescape(rest[1..1 + end].trim().trim_matches('"')));
    }
    None
}

/// Remove `<!-- ... -->` comments, keeping newlines so line numbers stay right.
fn strip_comments(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(a) = rest.find("<!--") {
        out.push_str(&rest[..a]);
        let after = &rest[a + 4..];
        match after.find("-->") {
            Some(b) => {
                out.extend(after[..b].chars().filter(|&c| c == '\n'));
                rest = &after[b + 3..];
            }
            None => {
                rest = "";
                break;
            }
        }
    }
    out.push_str(rest);
    out
}

fn element<'a>(block: &'a str, name: &str) -> Option<&'a str> {
    let open = format!("<{name}");
    let a = block.find(&open)?;
    let gt = block[a..].find('>')? + a + 1;
    let close = format!("</{name}>");
    let b = block[gt..].find(&close)? + gt;
    Some(&block[gt..b])
}

fn tags<'a>(block: &'a str, name: &str) -> Vec<&'a str> {
    let open = format!("<{name}");
    let mut out = Vec::new();
    let mut from = 0;
    while let Some(p) = block[from..].find(&open) {
        let a = from + p;
        let after = block.as_bytes().get(a + open.len()).copied();
        let Some(gt) = block[a..].find('>') else { break };
        if matches!(after, Some(b) if b.is_ascii_whitespace() || b == b'>' || b == b'/') {
            out.push(&block[a..a + gt + 1]);
        }
        from = a + gt + 1;
    }
    out
}

fn config_of(tag: &str) -> Option<(String, String)> {
    Some((attr(tag, "option")?, attr(tag, "value")?))
}

/// Parse a records file held in memory; file names resolve against `base`.
pub fn parse_records(text: &str, base: &Path) -> Result<RecordsFile, CoderError> {
    let text = strip_comments(text);
    let mut env = Environment::default();
    let mut body_start = 0;
    if let Some(a) = text.find("<Environment") {
        let b = text[a..].find("</Environment>").map(|b| b + a).ok_or_else(|| CoderError::Records {
            line: text[..a].matches('\n').count() + 1,
            reason: "<Environment> without </Environment>".into(),
        })?;
        let e = &text[a..b];
        let path = |s: &str| base.join(unescape(s.trim()));
        env.verbs = element(e, "Verbfile").map(path);
        let mut rest = e;
        while let Some(v) = element(rest, "Actorfile") {
            for f in v.split(',').filter(|f| !f.trim().is_empty()) {
                env.actors.push(path(f));
            }
            let Some(p) = rest.find("</Actorfile>") else { break };
            rest = &rest[p + 12..];
        }
        env.agents = element(e, "Agentfile").map(path);
        env.discards = element(e, "Discardfile").map(path);
        env.ontology = element(e, "PICOfile").map(path);
        env.include =
            element(e, "Include").map(|s| s.split_whitespace().map(str::to_string).collect()).unwrap_or_default();
        env.config = tags(e, "Config").into_iter().filter_map(config_of).collect();
        body_start = b;
    }
    let mut records = Vec::new();
    let mut pending: Vec<(String, String)> = Vec::new();
    let mut pos = body_start;
    // incremental line numbering (the file is scanned once)
    let mut line_no = 1;
    let mut line_pos = 0;
    loop {
        let next_sent = text[pos..].find("<Sentence").map(|p| p + pos);
        let segment_end = next_sent.unwrap_or(text.len());
        pending.extend(tags(&text[pos..segment_end], "Config").into_iter().filter_map(config_of));
        let Some(s) = next_sent else { break };
        let after = text.as_bytes().get(s + 9).copied();
        if !matches!(after, Some(b) if b.is_ascii_whitespace() || b == b'>') {
            pos = s + 9; // <Sentences>
            continue;
        }
        line_no += text[line_pos..s].matches('\n').count();
        line_pos = s;
        let line = line_no;
        let gt = text[s..]
            .find('>')
            .map(|g| g + s)
            .ok_or(CoderError::Records { line, reason: "unterminated <Sentence tag".into() })?;
        let head = &text[s..=gt];
        let end = text[gt..]
            .find("</Sentence>")
            .map(|e| e + gt)
            .ok_or(CoderError::Records { line, reason: "<Sentence> without </Sentence>".into() })?;
        let block = &text[gt + 1..end];
        let id = attr(head, "id").ok_or(CoderError::Records { line, reason: "<Sentence> without id".into() })?;
        let date = attr(head, "date").and_then(|d| Date::parse_compact(&d).or_else(|| Date::parse_iso(&d)));
        let category = attr(head, "category").unwrap_or_default();
        let evaluate = attr(head, "evaluate").map(|v| !v.eq_ignore_ascii_case("false")).unwrap_or(true);
        let mut expected = Vec::new();
        let mut expect_none = false;
        for t in tags(block, "EventCoding") {
            if attr(t, "noevents").is_some() || attr(t, "error").is_some() {
                expect_none = true;
                continue;
            }
            expected.push((
                attr(t, "sourcecode").unwrap_or_default(),
                attr(t, "targetcode").unwrap_or_default(),
                attr(t, "eventcode").unwrap_or_default(),
            ));
        }
        let text_el = element(block, "Text").map(|t| unescape(&t.split_whitespace().collect::<Vec<_>>().join(" ")));
        let parse_el = element(block, "Parse").map(unescape);
        let (parse, conllu) = match parse_el {
            Some(p) if p.lines().any(|l| l.contains('\t')) && !p.trim_start().starts_with('(') => (None, Some(p)),
            Some(p) if !p.trim().is_empty() => (Some(p.trim().to_string()), None),
            _ => (None, None),
        };
        pending.extend(tags(block, "Config").into_iter().filter_map(config_of));
        records.push(Record {
            id,
            date,
            category,
            text: text_el.unwrap_or_default(),
            parse,
            conllu,
            expected,
            expect_none,
            config: std::mem::take(&mut pending),
            evaluate,
            line,
        });
        pos = end + 11;
    }
    Ok(RecordsFile { environment: env, records })
}

/// Read a records file from disk.
pub fn read_records(path: &Path) -> Result<RecordsFile, CoderError> {
    let bytes = std::fs::read(path).map_err(|e| CoderError::Io { path: path.display().to_string(), source: e })?;
    let text = String::from_utf8_lossy(&bytes);
    let base = path.parent().unwrap_or(Path::new("."));
    parse_records(&text, base).map_err(|e| match e {
        CoderError::Records { line, reason } => {
            CoderError::Records { line, reason: format!("{}: {reason}", path.display()) }
        }
        other => other,
    })
}

/// One JSON line per record: `{"id", "events": [{"source", "target", "code"}]}` (the
/// scorer's format). With `explain` (the records file the results came from), each event
/// also carries the matched texts, the verb token range and the dictionary pattern that
/// fired, and each line the record's text.
pub fn to_jsonl(results: &[RecordResult], explain: Option<&RecordsFile>) -> String {
    let mut out = String::new();
    for r in results {
        let events: Vec<serde_json::Value> = r
            .events
            .iter()
            .map(|e| {
                fn code(a: &Option<ActorHit>) -> &str {
                    a.as_ref().map_or("---", |a| a.code.as_str())
                }
                let mut v = serde_json::json!({ "source": code(&e.source), "target": code(&e.target), "code": e.code });
                if explain.is_some() {
                    let text = |a: &Option<ActorHit>| a.as_ref().map(|a| a.text.clone());
                    v["source_text"] = text(&e.source).into();
                    v["target_text"] = text(&e.target).into();
                    v["verb_tokens"] = serde_json::json!([e.verb.start, e.verb.end]);
                    v["pattern"] = e.pattern.clone().into();
                }
                v
            })
            .collect();
        let mut line = serde_json::json!({ "id": r.id, "events": events });
        if let Some(rec) = explain.and_then(|f| f.records.iter().find(|x| x.id == r.id)) {
            line["text"] = rec.text.clone().into();
        }
        out.push_str(&line.to_string());
        out.push('\n');
    }
    out
}

/// Outcome of one record.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RecordOutcome {
    pub id: String,
    pub category: String,
    pub pass: bool,
    /// Why it failed (missing / extra triples).
    pub reason: String,
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ValidationReport {
    pub outcomes: Vec<RecordOutcome>,
    /// category -> (passed, total)
    pub categories: BTreeMap<String, (usize, usize)>,
    pub passed: usize,
    pub total: usize,
    /// (passed, total) over the categories named in `<Include>` (all when none).
    pub included: (usize, usize),
}

type Triple = (String, String, String);

fn triples(events: &[CodedEvent]) -> Vec<Triple> {
    let mut v: Vec<Triple> = events
        .iter()
        .map(|e| {
            (
                e.source.as_ref().map(|a| a.code.clone()).unwrap_or_else(|| "---".into()),
                e.target.as_ref().map(|a| a.code.clone()).unwrap_or_else(|| "---".into()),
                e.code.clone(),
            )
        })
        .collect();
    v.sort();
    v
}

/// Compare results with the records' expectations (multiset equality of triples,
/// PETRARCH-1's rule). Records without any `<EventCoding>` or with
/// `evaluate="false"` are not scored.
pub fn validate(file: &RecordsFile, results: &[RecordResult]) -> ValidationReport {
    let mut rep = ValidationReport::default();
    for rec in &file.records {
        if !rec.evaluate || (rec.expected.is_empty() && !rec.expect_none) {
            continue;
        }
        let got = results.iter().find(|r| r.id == rec.id).map(|r| triples(&r.events)).unwrap_or_default();
        let mut want = rec.expected.clone();
        want.sort();
        let pass = got == want;
        let reason = if pass {
            String::new()
        } else {
            let missing: Vec<_> = want.iter().filter(|t| !got.contains(t)).collect();
            let extra: Vec<_> = got.iter().filter(|t| !want.contains(t)).collect();
            format!("expected {want:?} got {got:?}; missing {missing:?} extra {extra:?}")
        };
        let c = rep.categories.entry(rec.category.clone()).or_default();
        c.1 += 1;
        rep.total += 1;
        let inc = file.environment.include.is_empty() || file.environment.include.contains(&rec.category);
        if inc {
            rep.included.1 += 1;
        }
        if pass {
            c.0 += 1;
            rep.passed += 1;
            if inc {
                rep.included.0 += 1;
            }
        }
        rep.outcomes.push(RecordOutcome { id: rec.id.clone(), category: rec.category.clone(), pass, reason });
    }
    rep
}

impl fmt::Display for ValidationReport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for o in self.outcomes.iter().filter(|o| !o.pass) {
            writeln!(f, "FAIL {} [{}] {}", o.id, o.category, o.reason)?;
        }
        for (c, (p, t)) in &self.categories {
            writeln!(f, "{c}\t{p}/{t}")?;
        }
        writeln!(f, "included categories {}/{}", self.included.0, self.included.1)?;
        writeln!(f, "records {}/{}", self.passed, self.total)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const SRC: &str = r#"<Validation>
<!-- a <Sentence id="NOPE"> in a comment -->
<Environment>
  <Verbfile>v.txt</Verbfile>
  <Actorfile>a.txt</Actorfile><PICOfile>o.txt</PICOfile>
  <Config option="stop_on_error" value="True"></Config>
</Environment>
<Sentences>
<Sentence date="19950101" id="A-1" category="DEMO">
<EventCoding sourcecode="ARN" targetcode="GON" eventcode="064"></EventCoding>
<Text>
Arnor &amp; Gondor
</Text>
<Parse>
(ROOT (S (NP (NNP Arnor))))
</Parse>
</Sentence>
<Config option="require_dyad" value="false"></Config>
<Sentence date="19950102" id='A-2' category="ERROR">
<EventCoding noevents = "True"></EventCoding>
<Text>x</Text>
<Parse>
1	x	x	X	NN	_	0	root	_	_
</Parse>
</Sentence>
</Sentences>
</Validation>"#;

    #[test]
    fn reads_environment_records_and_config() {
        let f = parse_records(SRC, Path::new("/base")).unwrap();
        assert_eq!(f.environment.verbs, Some(PathBuf::from("/base/v.txt")));
        assert_eq!(f.environment.actors, vec![PathBuf::from("/base/a.txt")]);
        assert_eq!(f.environment.ontology, Some(PathBuf::from("/base/o.txt")));
        assert_eq!(f.environment.dict_files().unwrap().ontology, Some(PathBuf::from("/base/o.txt")));
        assert_eq!(f.environment.config.len(), 1);
        assert_eq!(f.records.len(), 2);
        let a = &f.records[0];
        assert_eq!((a.id.as_str(), a.category.as_str(), a.text.as_str()), ("A-1", "DEMO", "Arnor & Gondor"));
        assert_eq!(a.date, Date::new(1995, 1, 1));
        assert_eq!(a.expected, vec![("ARN".into(), "GON".into(), "064".into())]);
        assert!(a.parse.as_deref().unwrap().starts_with("(ROOT"));
        let b = &f.records[1];
        assert!(b.expect_none && b.conllu.is_some() && b.parse.is_none());
        assert_eq!(b.config, vec![("require_dyad".to_string(), "false".to_string())]);
        assert_eq!(b.line, 19);
    }

    #[test]
    fn validation_and_jsonl() {
        let f = parse_records(SRC, Path::new("/base")).unwrap();
        let ev = CodedEvent {
            source: Some(crate::ActorHit { code: "ARN".into(), tokens: 0..1, text: "Arnor".into() }),
            target: Some(crate::ActorHit { code: "GON".into(), tokens: 2..3, text: "Gondor".into() }),
            code: "064".into(),
            verb: 1..2,
            pattern: "x".into(),
        };
        let results = vec![
            RecordResult { id: "A-1".into(), events: vec![ev] },
            RecordResult { id: "A-2".into(), events: vec![] },
        ];
        let rep = validate(&f, &results);
        assert_eq!((rep.passed, rep.total), (2, 2));
        assert!(rep.to_string().ends_with("records 2/2\n"));
        let j = to_jsonl(&results, None);
        let first: serde_json::Value = serde_json::from_str(j.lines().next().unwrap()).unwrap();
        assert_eq!(first["events"][0]["target"], "GON");
        let rep = validate(&f, &results[1..]);
        assert_eq!(rep.passed, 1);
        assert!(rep.outcomes[0].reason.contains("missing"));
    }

    #[test]
    fn malformed_records_are_errors() {
        assert!(parse_records("<Sentence id=\"x\">", Path::new(".")).is_err());
        assert!(parse_records("<Environment>", Path::new(".")).is_err());
        assert!(parse_records("<Sentence date=\"1\">\n</Sentence>", Path::new(".")).is_err());
    }
}
