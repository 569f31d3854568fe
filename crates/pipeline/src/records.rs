//! Coding validation-record files (`tidings code-records` / `validate`) with
//! either front end: the supplied parses or tidings' own raw-text analysis.

use crate::coding::EventCoder;
use tidings_coder::records::{Record, RecordResult, RecordsFile};
use tidings_coder::{penn::parse_penn, CoderOptions};
use tidings_model::Span;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FrontEnd {
    /// The `<Parse>` trees in the records.
    Supplied,
    /// Ignore the parses: tokenize and analyze `<Text>` with tidings-syntax.
    Raw,
}

/// A record that could not be coded (bad parse, bad option).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RecordProblem {
    pub id: String,
    pub line: usize,
    pub reason: String,
}

/// Code every record; the file's `<Config>` options apply from where they appear.
pub fn code_records(file: &RecordsFile, ec: &EventCoder, front: FrontEnd) -> (Vec<RecordResult>, Vec<RecordProblem>) {
    let mut opts: CoderOptions = ec.coder.options.clone();
    let mut problems = Vec::new();
    for (k, v) in &file.environment.config {
        if let Err(reason) = opts.set(k, v) {
            problems.push(RecordProblem { id: "<Environment>".into(), line: 0, reason });
        }
    }
    let mut results = Vec::with_capacity(file.records.len());
    for r in &file.records {
        for (k, v) in &r.config {
            if let Err(reason) = opts.set(k, v) {
                problems.push(RecordProblem { id: r.id.clone(), line: r.line, reason });
            }
        }
        let events = match tree_for(r, ec, front) {
            Ok(Some(tree)) => ec.coder.code_with(&tree, r.date, &opts),
            Ok(None) => Vec::new(),
            Err(reason) => {
                problems.push(RecordProblem { id: r.id.clone(), line: r.line, reason });
                Vec::new()
            }
        };
        results.push(RecordResult { id: r.id.clone(), events });
    }
    (results, problems)
}

fn tree_for(r: &Record, ec: &EventCoder, front: FrontEnd) -> Result<Option<tidings_model::tree::Tree>, String> {
    match front {
        FrontEnd::Supplied => match (&r.parse, &r.conllu) {
            (Some(p), _) => parse_penn(p).map(Some).map_err(|e| e.to_string()),
            (None, Some(c)) => tidings_coder::conllu::parse_conllu(c).map(Some).map_err(|e| e.to_string()),
            (None, None) => Ok(None),
        },
        FrontEnd::Raw => {
            let text = r.text.trim();
            Ok(Some(ec.tree_for_text(text, Span::new(0, text.len()))))
        }
    }
}
