//! Helpers shared by the coder's integration tests.

use tidings_coder::CodedEvent;

/// (source, target, code) of each event, a missing side as "", sorted.
pub fn triples(events: Vec<CodedEvent>) -> Vec<(String, String, String)> {
    let mut v: Vec<_> = events
        .into_iter()
        .map(|e| (e.source.map(|a| a.code).unwrap_or_default(), e.target.map(|a| a.code).unwrap_or_default(), e.code))
        .collect();
    v.sort();
    v
}
