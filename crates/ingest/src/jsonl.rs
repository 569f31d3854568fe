//! JSON Lines (`.jsonl`, `.ndjson`, `.json` with one object per line) and
//! `.json` files holding one array of objects.
//!
//! Lines are read with a hard cap ([`crate::IngestOptions::max_line_bytes`]):
//! an over-long line is skipped *while streaming* (never held in memory) and
//! reported once. A malformed line is one diagnostic `path:line: reason`; the
//! rest of the file continues.
//!
//! Accepted fields (first present wins): `id`/`doc_id`; `title`;
//! `text`/`body`/`content`; `date`/`published`/`published_at`/`pubDate`
//! (string, or a Unix timestamp in seconds or milliseconds);
//! `url`/`source_url`/`link`; `source`/`outlet`/`site` (string or
//! `{"name": ...}`); `author`/`byline`. A text field that starts with `<` is
//! markup and goes through the HTML extractor.

use std::io::{self, BufRead};

use serde_json::{Map, Value};
use tidings_model::{Article, Diagnostic, SourceFormat};

use crate::artifacts::strip_artifacts;
use crate::dates::{date_from_unix, parse_date_value};
use crate::html::{extract_page, html_fragment_to_text};
use crate::normalize::{clean_field, normalize_text};
use crate::source::classify_io;
use crate::{IngestError, Item};

/// Outcome of reading one line.
pub(crate) enum Line {
    /// The line's bytes, without the trailing newline.
    Complete,
    /// The line was longer than the cap; its bytes were discarded.
    TooLong,
}

/// Read one `\n`-terminated line into `buf` (cleared first), never storing
/// more than `cap` bytes. `Ok(None)` at end of input.
pub(crate) fn read_line_capped(reader: &mut dyn BufRead, buf: &mut Vec<u8>, cap: usize) -> io::Result<Option<Line>> {
    buf.clear();
    let mut seen_any = false;
    let mut too_long = false;
    loop {
        let chunk = match reader.fill_buf() {
            Ok(c) => c,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(e),
        };
        if chunk.is_empty() {
            break;
        }
        seen_any = true;
        let (take, done) = match chunk.iter().position(|&b| b == b'\n') {
            Some(i) => (i, true),
            None => (chunk.len(), false),
        };
        if !too_long {
            if buf.len() + take > cap {
                too_long = true;
                buf.clear();
                buf.shrink_to(64 * 1024);
            } else {
                buf.extend_from_slice(&chunk[..take]);
            }
        }
        reader.consume(if done { take + 1 } else { take });
        if done {
            break;
        }
    }
    if !seen_any {
        return Ok(None);
    }
    if too_long {
        return Ok(Some(Line::TooLong));
    }
    if buf.last() == Some(&b'\r') {
        buf.pop();
    }
    Ok(Some(Line::Complete))
}

fn first_field<'v>(obj: &'v Map<String, Value>, names: &[&str]) -> Option<&'v Value> {
    names.iter().find_map(|n| obj.get(*n).filter(|v| !v.is_null()))
}

fn as_text(v: &Value) -> Option<String> {
    match v {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        Value::Object(o) => o.get("name").and_then(Value::as_str).map(str::to_string),
        Value::Array(a) => {
            let parts: Vec<String> = a.iter().filter_map(as_text).collect();
            (!parts.is_empty()).then(|| parts.join(", "))
        }
        _ => None,
    }
}

fn json_reason(e: &serde_json::Error) -> String {
    let msg = e.to_string();
    let msg = msg.split(" at line ").next().unwrap_or(&msg).to_string();
    format!("{msg} (column {})", e.column())
}

/// Parse one JSONL line. `label` is the file's path, `stem` its stem, `line`
/// the 1-based line number. `Ok(None)` for a blank line.
pub fn parse_jsonl_line(label: &str, stem: &str, line: usize, bytes: &[u8]) -> Result<Option<Article>, IngestError> {
    let bytes = bytes.strip_prefix(b"\xef\xbb\xbf").unwrap_or(bytes);
    if bytes.iter().all(|b| b.is_ascii_whitespace()) {
        return Ok(None);
    }
    let value: Value = serde_json::from_slice(bytes).map_err(|e| IngestError::Json(json_reason(&e)))?;
    article_from_value(label, stem, line, &value).map(Some)
}

/// Build an article from one JSON object (a JSONL line or an array element).
pub fn article_from_value(label: &str, stem: &str, line: usize, value: &Value) -> Result<Article, IngestError> {
    let Value::Object(obj) = value else {
        return Err(IngestError::NotAnObject);
    };
    let raw_text =
        first_field(obj, &["text", "body", "content"]).and_then(Value::as_str).ok_or(IngestError::NoTextField)?;
    let mut title = first_field(obj, &["title", "headline"]).and_then(as_text).and_then(|t| clean_field(&t));
    let mut date = None;
    let mut date_raw = None;
    if let Some(v) = first_field(obj, &["date", "published", "published_at", "pubDate"]) {
        date = match v {
            Value::Number(n) => n.as_i64().and_then(date_from_unix),
            Value::String(s) => parse_date_value(s),
            _ => None,
        };
        date_raw = as_text(v);
    }
    let url = first_field(obj, &["url", "source_url", "link"]).and_then(as_text).and_then(|u| clean_field(&u));
    let outlet = first_field(obj, &["source", "outlet", "site"]).and_then(as_text).and_then(|o| clean_field(&o));
    let byline = first_field(obj, &["author", "byline", "authors"]).and_then(as_text).and_then(|b| clean_field(&b));

    let trimmed = raw_text.trim_start();
    let text = if trimmed.starts_with('<') {
        let lower: String = trimmed.chars().take(200).collect::<String>().to_ascii_lowercase();
        if lower.starts_with("<!doctype") || lower.starts_with("<html") {
            let page = extract_page(trimmed);
            if title.is_none() {
                title = page.title;
            }
            if date.is_none() && page.date.is_some() {
                date = page.date;
                date_raw = page.date_raw;
            }
            page.body
        } else {
            html_fragment_to_text(trimmed)
        }
    } else {
        strip_artifacts(&normalize_text(raw_text)).trim().to_string()
    };
    if text.trim().is_empty() {
        return Err(IngestError::NoBody);
    }
    let doc = first_field(obj, &["id", "doc_id"]).and_then(as_text).and_then(|d| clean_field(&d));
    Ok(Article {
        doc: doc.unwrap_or_else(|| format!("{stem}#{line}")),
        path: format!("{label}#{line}"),
        format: SourceFormat::Jsonl,
        url,
        outlet,
        title,
        byline,
        date,
        date_raw,
        text,
    })
}

/// Stream a JSONL source into the sink.
pub(crate) fn ingest_jsonl(
    label: &str,
    stem: &str,
    reader: &mut dyn BufRead,
    max_line: usize,
    sink: &mut dyn FnMut(Item),
) {
    let mut buf = Vec::new();
    let mut line_no = 0usize;
    let mut articles = 0usize;
    let mut problems = 0usize;
    loop {
        line_no += 1;
        let where_ = || format!("{label}:{line_no}");
        match read_line_capped(reader, &mut buf, max_line) {
            Ok(None) => break,
            Ok(Some(Line::TooLong)) => {
                problems += 1;
                let e = IngestError::LineTooLong { limit: max_line };
                sink(Item::Diagnostic(Diagnostic::new(where_(), e.to_string())));
            }
            Ok(Some(Line::Complete)) => match parse_jsonl_line(label, stem, line_no, &buf) {
                Ok(Some(a)) => {
                    articles += 1;
                    sink(Item::Article(a));
                }
                Ok(None) => {}
                Err(e) => {
                    problems += 1;
                    sink(Item::Diagnostic(Diagnostic::new(where_(), e.to_string())));
                }
            },
            Err(e) => {
                sink(Item::Diagnostic(Diagnostic::new(where_(), classify_io(e).to_string())));
                return;
            }
        }
    }
    if articles == 0 && problems == 0 {
        sink(Item::Diagnostic(Diagnostic::new(label, IngestError::Empty.to_string())));
    }
}

/// A `.json` file holding an array of article objects, or one object (read whole, capped).
pub(crate) fn ingest_json_array(label: &str, stem: &str, bytes: &[u8], sink: &mut dyn FnMut(Item)) {
    let values: Vec<Value> = match serde_json::from_slice(bytes) {
        Ok(Value::Array(v)) => v,
        Ok(object @ Value::Object(_)) => {
            // One pretty-printed article: the whole file is record 1.
            match article_from_value(label, stem, 1, &object) {
                Ok(mut a) => {
                    a.path = label.to_string();
                    if a.doc == format!("{stem}#1") {
                        a.doc = stem.to_string();
                    }
                    sink(Item::Article(a));
                }
                Err(e) => sink(Item::Diagnostic(Diagnostic::new(label, e.to_string()))),
            }
            return;
        }
        Ok(_) => {
            sink(Item::Diagnostic(Diagnostic::new(label, "JSON document is neither an object nor an array")));
            return;
        }
        Err(e) => {
            sink(Item::Diagnostic(Diagnostic::new(label, IngestError::Json(json_reason(&e)).to_string())));
            return;
        }
    };
    if values.is_empty() {
        sink(Item::Diagnostic(Diagnostic::new(label, "JSON array has no records")));
    }
    for (i, v) in values.iter().enumerate() {
        match article_from_value(label, stem, i + 1, v) {
            Ok(a) => sink(Item::Article(a)),
            Err(e) => sink(Item::Diagnostic(Diagnostic::new(format!("{label}#{}", i + 1), e.to_string()))),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Cursor;

    #[test]
    fn empty_json_array_is_a_diagnostic() {
        // fuzz_ingest: `[] ` in a .json file produced neither an article nor a diagnostic.
        let mut out = Vec::new();
        ingest_json_array("e.json", "e", b"[] ", &mut |i| out.push(i));
        let [Item::Diagnostic(d)] = &out[..] else { panic!("{out:?}") };
        assert_eq!((d.path.as_str(), d.reason.as_str()), ("e.json", "JSON array has no records"));
    }

    #[test]
    fn extreme_unix_timestamps_do_not_overflow() {
        // fuzz_dates: `n.abs()` overflowed for i64::MIN.
        for n in [i64::MIN, i64::MIN + 1, i64::MAX] {
            let line = format!("{{\"date\": {n}, \"text\": \"Talks resumed.\"}}");
            let a = parse_jsonl_line("t.jsonl", "t", 1, line.as_bytes()).unwrap().unwrap();
            assert_eq!(a.date, None, "{n}");
        }
    }

    #[test]
    fn capped_lines_stream() {
        let data = b"short\r\n0123456789012345\nlast";
        let mut r = Cursor::new(&data[..]);
        let mut buf = Vec::new();
        assert!(matches!(read_line_capped(&mut r, &mut buf, 10).unwrap(), Some(Line::Complete)));
        assert_eq!(buf, b"short");
        assert!(matches!(read_line_capped(&mut r, &mut buf, 10).unwrap(), Some(Line::TooLong)));
        assert!(matches!(read_line_capped(&mut r, &mut buf, 10).unwrap(), Some(Line::Complete)));
        assert_eq!(buf, b"last");
        assert!(read_line_capped(&mut r, &mut buf, 10).unwrap().is_none());
    }

    #[test]
    fn field_aliases() {
        let a = parse_jsonl_line(
            "f.jsonl",
            "f",
            3,
            br#"{"doc_id": 17, "headline": "H", "body": "B.", "published_at": 1694592000, "link": "u", "site": {"name": "S"}}"#,
        )
        .unwrap()
        .unwrap();
        assert_eq!(a.doc, "17");
        assert_eq!(a.path, "f.jsonl#3");
        assert_eq!(a.title.as_deref(), Some("H"));
        assert_eq!(a.date.map(|d| d.to_string()).as_deref(), Some("2023-09-13"));
        assert_eq!(a.date_raw.as_deref(), Some("1694592000"));
        assert_eq!((a.url.as_deref(), a.outlet.as_deref()), (Some("u"), Some("S")));

        let b = parse_jsonl_line("f.jsonl", "f", 4, br#"{"content": "<p>Hello <b>world</b></p>"}"#).unwrap().unwrap();
        assert_eq!((b.doc.as_str(), b.text.as_str()), ("f#4", "Hello world"));
    }

    #[test]
    fn bad_lines() {
        assert!(parse_jsonl_line("f", "f", 1, b"   ").unwrap().is_none());
        assert!(matches!(parse_jsonl_line("f", "f", 1, b"{\"text\": "), Err(IngestError::Json(_))));
        assert!(matches!(parse_jsonl_line("f", "f", 1, b"[1,2]"), Err(IngestError::NotAnObject)));
        assert!(matches!(parse_jsonl_line("f", "f", 1, b"{\"title\": \"t\"}"), Err(IngestError::NoTextField)));
        assert!(matches!(parse_jsonl_line("f", "f", 1, b"{\"text\": \"  \"}"), Err(IngestError::NoBody)));
    }
}
