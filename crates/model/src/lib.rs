//! Shared data types passed between the tidings pipeline stages.
//!
//! Every stage crate depends on this one and on nothing upstream of it, so the
//! types here are deliberately plain: owned strings, byte spans, no behaviour
//! beyond small helpers.

use serde::{Deserialize, Serialize};

/// A half-open byte range `[start, end)` into a document's stored text.
///
/// Invariant: for a span produced by any stage, `&doc.text[span.range()]` is the
/// exact text the span stands for (it always falls on UTF-8 boundaries).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(from = "[usize; 2]", into = "[usize; 2]")]
pub struct Span {
    pub start: usize,
    pub end: usize,
}

impl Span {
    pub fn new(start: usize, end: usize) -> Self {
        debug_assert!(start <= end);
        Span { start, end }
    }
    pub fn range(self) -> std::ops::Range<usize> {
        self.start..self.end
    }
    pub fn len(self) -> usize {
        self.end - self.start
    }
    pub fn is_empty(self) -> bool {
        self.start == self.end
    }
    /// Smallest span covering both.
    pub fn cover(self, other: Span) -> Span {
        Span::new(self.start.min(other.start), self.end.max(other.end))
    }
    /// Shift by `offset` bytes (e.g. sentence-relative to document-relative).
    pub fn shift(self, offset: usize) -> Span {
        Span::new(self.start + offset, self.end + offset)
    }
}

impl From<[usize; 2]> for Span {
    fn from(a: [usize; 2]) -> Self {
        Span::new(a[0], a[1])
    }
}
impl From<Span> for [usize; 2] {
    fn from(s: Span) -> Self {
        [s.start, s.end]
    }
}

/// A calendar date with no time zone (UTC day).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub struct Date {
    pub year: i32,
    pub month: u32,
    pub day: u32,
}

impl Date {
    pub fn new(year: i32, month: u32, day: u32) -> Option<Date> {
        let leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
        let dim = match month {
            1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
            4 | 6 | 9 | 11 => 30,
            2 if leap => 29,
            2 => 28,
            _ => return None,
        };
        (1..=dim).contains(&day).then_some(Date { year, month, day })
    }
    /// `YYYYMMDD` as PETRARCH/TABARI write it.
    pub fn parse_compact(s: &str) -> Option<Date> {
        let s = s.trim();
        if s.len() != 8 || !s.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        Date::new(s[0..4].parse().ok()?, s[4..6].parse().ok()?, s[6..8].parse().ok()?)
    }
    /// ISO `YYYY-MM-DD`.
    pub fn parse_iso(s: &str) -> Option<Date> {
        let b = s.as_bytes();
        if b.len() < 10 || b[4] != b'-' || b[7] != b'-' {
            return None;
        }
        // `get`: a multi-byte character may straddle a field boundary (found by fuzzing).
        Date::new(s.get(0..4)?.parse().ok()?, s.get(5..7)?.parse().ok()?, s.get(8..10)?.parse().ok()?)
    }
    pub fn compact(self) -> u32 {
        self.year as u32 * 10000 + self.month * 100 + self.day
    }
}

impl std::fmt::Display for Date {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

/// What kind of input an article came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum SourceFormat {
    Text,
    Html,
    Jsonl,
    Warc,
    Feed,
}

impl SourceFormat {
    pub fn as_str(self) -> &'static str {
        match self {
            SourceFormat::Text => "text",
            SourceFormat::Html => "html",
            SourceFormat::Jsonl => "jsonl",
            SourceFormat::Warc => "warc",
            SourceFormat::Feed => "feed",
        }
    }
}

/// One article as the ingest stage hands it on: cleaned body text plus metadata.
///
/// `text` is the document text every later span points into; it is stored
/// verbatim, so spans stay valid forever.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Article {
    /// Stable short identifier: file stem, JSONL id, or a name derived from the URL.
    pub doc: String,
    /// Where it was read from (file path, `path#line`, `path#record`; `-` for stdin).
    pub path: String,
    pub format: SourceFormat,
    pub url: Option<String>,
    pub outlet: Option<String>,
    pub title: Option<String>,
    pub byline: Option<String>,
    /// Publication date when the input states one; never guessed.
    pub date: Option<Date>,
    /// The date as the input wrote it (e.g. `13 Sep 2023 08:15 GMT`).
    pub date_raw: Option<String>,
    pub text: String,
}

/// Something wrong with one input: reported with where and why, never a panic.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Diagnostic {
    pub path: String,
    pub reason: String,
}

impl Diagnostic {
    pub fn new(path: impl Into<String>, reason: impl Into<String>) -> Self {
        Diagnostic { path: path.into(), reason: reason.into() }
    }
}

impl std::fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", self.path, self.reason)
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn parse_iso_rejects_multibyte_straddling_fields() {
        // fuzz_dates crash: U+FFFD (3 bytes) starting at byte 9 made `s[8..10]` panic.
        assert_eq!(super::Date::parse_iso("2022-03-0\u{fffd}4-03-05"), None);
        assert_eq!(super::Date::parse_iso("2022-\u{e9}3-05"), None);
        assert_eq!(super::Date::parse_iso("2022-03-05"), super::Date::new(2022, 3, 5));
    }

    use super::*;

    #[test]
    fn dates_validate() {
        assert_eq!(Date::parse_compact("20230913"), Date::new(2023, 9, 13));
        assert_eq!(Date::parse_iso("2023-09-13T08:15:00Z").unwrap().to_string(), "2023-09-13");
        assert!(Date::new(2023, 2, 29).is_none());
        assert!(Date::new(2024, 2, 29).is_some());
        assert!(Date::parse_compact("2023091").is_none());
    }

    #[test]
    fn span_serializes_as_pair() {
        let s = Span::new(3, 9);
        assert_eq!(serde_json_like(s), "[3,9]");
    }

    fn serde_json_like(s: Span) -> String {
        let a: [usize; 2] = s.into();
        format!("[{},{}]", a[0], a[1])
    }
}

pub mod fnv;
pub mod tree;
