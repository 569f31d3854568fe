//! Plain-text articles.
//!
//! Layout conventions recognised (nothing else is inferred):
//! - **title**: the first non-empty line, when a blank line follows it;
//! - **date**: a line among the first five non-empty ones that is a date and
//!   nothing else (see [`crate::dates::parse_date_line`]);
//! - **body**: everything else, verbatim apart from line-ending/NFC
//!   normalization and removal of whole-line scraping artifacts. Lines are never
//!   reflowed; leading and trailing blank lines are dropped.

use tidings_model::{Article, SourceFormat};

use crate::artifacts::strip_artifacts;
use crate::dates::parse_date_line;
use crate::normalize::{collapse_whitespace, normalize_text};
use crate::IngestError;

/// How many non-empty lines from the top may hold the date line.
const DATE_SCAN_LINES: usize = 5;

/// Check raw bytes of a text-like file and decode them: empty, NUL bytes and
/// invalid UTF-8 are errors (a UTF-16 BOM is honoured).
pub fn decode_text(bytes: &[u8]) -> Result<String, IngestError> {
    if bytes.iter().all(|b| b.is_ascii_whitespace()) {
        return Err(IngestError::Empty);
    }
    if bytes.starts_with(b"\xff\xfe") || bytes.starts_with(b"\xfe\xff") {
        if let Some((enc, bom)) = encoding_rs::Encoding::for_bom(bytes) {
            let (s, had_errors) = enc.decode_without_bom_handling(&bytes[bom..]);
            if had_errors {
                return Err(IngestError::InvalidEncoding(enc.name()));
            }
            return Ok(s.into_owned());
        }
    }
    if bytes.contains(&0) {
        return Err(IngestError::Binary);
    }
    match std::str::from_utf8(bytes) {
        Ok(s) => Ok(s.to_owned()),
        Err(e) => {
            let offset = e.valid_up_to();
            let line = 1 + bytes[..offset].iter().filter(|&&b| b == b'\n').count();
            Err(IngestError::InvalidUtf8 { offset, line })
        }
    }
}

/// Parse a plain-text article. `label` becomes `Article::path`, `doc` the id.
pub fn parse_text(label: &str, doc: &str, bytes: &[u8]) -> Result<Article, IngestError> {
    let raw = decode_text(bytes)?;
    let text = normalize_text(&raw);
    let lines: Vec<&str> = text.split('\n').collect();
    let is_blank = |i: usize| lines.get(i).is_none_or(|l| l.trim().is_empty());

    let mut title_line = None;
    let mut date_line = None;
    let non_empty: Vec<usize> = (0..lines.len()).filter(|&i| !is_blank(i)).take(DATE_SCAN_LINES).collect();
    if let Some(&first) = non_empty.first() {
        if parse_date_line(lines[first]).is_none() && is_blank(first + 1) && first + 1 < lines.len() {
            title_line = Some(first);
        }
    }
    let mut date = None;
    for &i in &non_empty {
        if Some(i) == title_line {
            continue;
        }
        if let Some(d) = parse_date_line(lines[i]) {
            date = Some(d);
            date_line = Some(i);
            break;
        }
    }

    let mut body = String::with_capacity(text.len());
    for (i, line) in lines.iter().enumerate() {
        if Some(i) == title_line || Some(i) == date_line {
            continue;
        }
        body.push_str(line);
        body.push('\n');
    }
    let body = strip_artifacts(&body);
    let body = trim_blank_lines(&body);
    if body.is_empty() {
        return Err(IngestError::NoBody);
    }
    Ok(Article {
        doc: doc.to_string(),
        path: label.to_string(),
        format: SourceFormat::Text,
        url: None,
        outlet: None,
        title: title_line.map(|i| collapse_whitespace(lines[i])),
        byline: None,
        date,
        date_raw: date_line.map(|i| lines[i].trim().to_string()),
        text: body.to_string(),
    })
}

/// Drop whole blank lines at the start and any trailing whitespace at the end.
fn trim_blank_lines(s: &str) -> &str {
    let mut start = 0;
    for line in s.split_inclusive('\n') {
        if line.trim().is_empty() {
            start += line.len();
        } else {
            break;
        }
    }
    s[start..].trim_end()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn title_and_date_are_taken_out_of_the_body() {
        let a = parse_text("a.txt", "a", b"Leaders meet\r\n\r\nSept. 13, 2023\r\n\r\nFirst para.\r\nSecond line.\r\n")
            .unwrap();
        assert_eq!(a.title.as_deref(), Some("Leaders meet"));
        assert_eq!(a.date.map(|d| d.to_string()).as_deref(), Some("2023-09-13"));
        assert_eq!(a.date_raw.as_deref(), Some("Sept. 13, 2023"));
        assert_eq!(a.text, "First para.\nSecond line.");
    }

    #[test]
    fn no_title_without_blank_line_and_no_invented_date() {
        let a = parse_text("b.txt", "b", b"First line runs on\ninto the second line.\n").unwrap();
        assert_eq!(a.title, None);
        assert_eq!(a.date, None);
        assert_eq!(a.text, "First line runs on\ninto the second line.");
    }

    #[test]
    fn date_first_is_not_a_title() {
        let a = parse_text("c.txt", "c", "2023-09-13\n\nBody text.".as_bytes()).unwrap();
        assert_eq!(a.title, None);
        assert_eq!(a.date_raw.as_deref(), Some("2023-09-13"));
        assert_eq!(a.text, "Body text.");
    }

    #[test]
    fn body_is_not_reflowed_and_artifacts_go() {
        let a = parse_text("d.txt", "d", "T\n\nLine one\n  indented\n\nShare this\n\nLast.\n".as_bytes()).unwrap();
        assert_eq!(a.text, "Line one\n  indented\n\nLast.");
    }

    #[test]
    fn bad_bytes() {
        assert!(matches!(parse_text("e", "e", b""), Err(IngestError::Empty)));
        assert!(matches!(parse_text("e", "e", b" \n\t"), Err(IngestError::Empty)));
        assert!(matches!(parse_text("e", "e", b"ab\0cd"), Err(IngestError::Binary)));
        assert!(matches!(
            parse_text("e", "e", b"ok \xff\xfe bad"),
            Err(IngestError::InvalidUtf8 { offset: 3, line: 1 })
        ));
        assert!(matches!(parse_text("e", "e", b"Only a title\n\n"), Err(IngestError::NoBody)));
    }

    #[test]
    fn utf16_with_bom_is_decoded() {
        let mut bytes = vec![0xff, 0xfe];
        for u in "Hi there".encode_utf16() {
            bytes.extend_from_slice(&u.to_le_bytes());
        }
        assert_eq!(parse_text("f", "f", &bytes).unwrap().text, "Hi there");
    }
}
