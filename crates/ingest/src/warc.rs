//! WARC archives (`.warc`, `.warc.gz`) via the `warc` crate's streaming reader.
//!
//! `response` records whose HTTP payload is `text/html` (and `resource`
//! records stored as `text/html`) become articles: the HTTP header is
//! stripped, chunked transfer and gzip/deflate content encodings are undone,
//! and the page goes through the HTML extractor with the HTTP charset.
//! `url` is `WARC-Target-URI`; `date` comes from the page, else from
//! `WARC-Date` (then `date_raw` reads `WARC-Date: ...`). Other records
//! (requests, metadata, images, redirects, errors) are skipped silently.
//!
//! Memory: a record body is read only up to `max_doc_bytes`; record headers
//! are capped at [`MAX_WARC_HEADER_BYTES`] so a corrupt file cannot make the
//! parser buffer it whole. A corrupt record ends the file with one diagnostic
//! (after it, record boundaries are unknown).

use std::cell::{Cell, RefCell};
use std::collections::HashMap;
use std::io::{self, BufRead, Read};
use std::rc::Rc;

use tidings_model::{Diagnostic, SourceFormat};
use warc::{RecordType, WarcHeader, WarcReader};

use crate::dates::parse_date_value;
use crate::html::{parse_html_with, sniff_charset};
use crate::source::{classify_io, LimitReader};
use crate::{IngestError, IngestOptions, Item};

/// Largest WARC record header block accepted.
pub const MAX_WARC_HEADER_BYTES: u64 = 1 << 20;

/// Limits reads while the WARC parser scans a record header, and keeps a copy
/// of the header bytes: `warc::Record::header` panics on non-UTF-8 values, so
/// header values are read from this copy instead.
struct HeaderGuard<R> {
    inner: R,
    header_mode: Rc<Cell<bool>>,
    budget: Rc<Cell<u64>>,
    captured: Rc<RefCell<Vec<u8>>>,
}

impl<R: BufRead> HeaderGuard<R> {
    fn check(&self) -> io::Result<()> {
        if self.header_mode.get() && self.budget.get() == 0 {
            return Err(io::Error::new(io::ErrorKind::InvalidData, "WARC record header too long"));
        }
        Ok(())
    }
}

impl<R: BufRead> Read for HeaderGuard<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let avail = self.fill_buf()?;
        let n = avail.len().min(buf.len());
        buf[..n].copy_from_slice(&avail[..n]);
        self.consume(n);
        Ok(n)
    }
}

impl<R: BufRead> BufRead for HeaderGuard<R> {
    fn fill_buf(&mut self) -> io::Result<&[u8]> {
        self.check()?;
        let header_mode = self.header_mode.get();
        let budget = usize::try_from(self.budget.get()).unwrap_or(usize::MAX);
        let buf = self.inner.fill_buf()?;
        Ok(if header_mode { &buf[..buf.len().min(budget)] } else { buf })
    }
    fn consume(&mut self, amt: usize) {
        if self.header_mode.get() {
            self.budget.set(self.budget.get().saturating_sub(amt as u64));
            // fill_buf right after fill_buf returns the same buffered bytes without I/O.
            if let Ok(buf) = self.inner.fill_buf() {
                self.captured.borrow_mut().extend_from_slice(&buf[..amt.min(buf.len())]);
            }
        }
        self.inner.consume(amt);
    }
}

/// Value of a named header in a captured WARC header block (lossy UTF-8).
fn captured_header(block: &[u8], name: &str) -> Option<String> {
    let text = String::from_utf8_lossy(block);
    text.lines().skip_while(|l| !l.starts_with("WARC/")).skip(1).find_map(|line| {
        let (k, v) = line.split_once(':')?;
        k.trim().eq_ignore_ascii_case(name).then(|| v.trim().to_string())
    })
}

/// A file-name-safe document id from a URI's last path segment.
pub fn doc_from_uri(uri: &str) -> Option<String> {
    let no_scheme = uri.split_once("://").map_or(uri, |(_, rest)| rest);
    let path_part = no_scheme.split(['?', '#']).next().unwrap_or("");
    let mut segments = path_part.split('/');
    let host = segments.next().unwrap_or("");
    let last = segments.rfind(|s| !s.is_empty()).unwrap_or(host);
    let last = ["html", "htm", "php", "aspx", "asp", "shtml", "jsp"]
        .iter()
        .find_map(|ext| last.strip_suffix(&format!(".{ext}")))
        .unwrap_or(last);
    let safe = make_safe(last);
    (!safe.is_empty()).then_some(safe)
}

fn make_safe(s: &str) -> String {
    let mut out: String = s
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.') { c } else { '_' })
        .take(100)
        .collect();
    while out.starts_with('.') {
        out.remove(0);
    }
    out
}

struct HttpResponse<'b> {
    status: u16,
    content_type: Option<String>,
    chunked: bool,
    encoding: Option<String>,
    body: &'b [u8],
}

fn parse_http(payload: &[u8]) -> Option<HttpResponse<'_>> {
    if !payload.starts_with(b"HTTP/") {
        return None;
    }
    let search = &payload[..payload.len().min(256 * 1024)];
    let (head_end, body_start) = match search.windows(4).position(|w| w == b"\r\n\r\n") {
        Some(i) => (i, i + 4),
        None => {
            let i = search.windows(2).position(|w| w == b"\n\n")?;
            (i, i + 2)
        }
    };
    let head = String::from_utf8_lossy(&payload[..head_end]);
    let mut lines = head.lines();
    let status = lines.next()?.split_whitespace().nth(1)?.parse().ok()?;
    let mut resp =
        HttpResponse { status, content_type: None, chunked: false, encoding: None, body: &payload[body_start..] };
    for line in lines {
        let Some((k, v)) = line.split_once(':') else {
            continue;
        };
        let v = v.trim().to_ascii_lowercase();
        match k.trim().to_ascii_lowercase().as_str() {
            "content-type" => resp.content_type = Some(v),
            "transfer-encoding" => resp.chunked = v.contains("chunked"),
            "content-encoding" => resp.encoding = Some(v),
            _ => {}
        }
    }
    Some(resp)
}

fn is_html_type(ct: &str) -> bool {
    ct.starts_with("text/html") || ct.starts_with("application/xhtml")
}

/// Undo chunked transfer encoding; `None` when the framing is broken.
fn dechunk(mut data: &[u8]) -> Option<Vec<u8>> {
    let mut out = Vec::with_capacity(data.len());
    loop {
        let eol = data.windows(2).position(|w| w == b"\r\n")?;
        let size_str = std::str::from_utf8(&data[..eol]).ok()?;
        let size = usize::from_str_radix(size_str.split(';').next()?.trim(), 16).ok()?;
        data = &data[eol + 2..];
        if size == 0 {
            return Some(out);
        }
        if data.len() < size {
            return None;
        }
        out.extend_from_slice(&data[..size]);
        data = data.get(size..)?;
        data = data.strip_prefix(b"\r\n").unwrap_or(data);
    }
}

fn decode_content(body: &[u8], encoding: Option<&str>, max: usize) -> Result<Vec<u8>, IngestError> {
    let mut out = Vec::new();
    match encoding.map(str::trim) {
        None | Some("") | Some("identity") => return Ok(body.to_vec()),
        Some("gzip") | Some("x-gzip") => {
            LimitReader::new(flate2::read::MultiGzDecoder::new(body), max as u64, true)
                .read_to_end(&mut out)
                .map_err(classify_io)?;
        }
        Some("deflate") => {
            // "deflate" is zlib-wrapped by the standard, raw in practice: try both.
            let zlib = LimitReader::new(flate2::read::ZlibDecoder::new(body), max as u64, true).read_to_end(&mut out);
            if zlib.is_err() {
                out.clear();
                LimitReader::new(flate2::read::DeflateDecoder::new(body), max as u64, true)
                    .read_to_end(&mut out)
                    .map_err(classify_io)?;
            }
        }
        Some(other) => return Err(IngestError::Warc(format!("unsupported Content-Encoding {other}"))),
    }
    Ok(out)
}

/// Stream WARC records from `reader` into `sink`.
pub(crate) fn ingest_warc(
    label: &str,
    reader: Box<dyn BufRead + '_>,
    opts: &IngestOptions,
    sink: &mut dyn FnMut(Item),
) {
    let header_mode = Rc::new(Cell::new(true));
    let budget = Rc::new(Cell::new(MAX_WARC_HEADER_BYTES));
    let captured = Rc::new(RefCell::new(Vec::new()));
    let guard = HeaderGuard {
        inner: reader,
        header_mode: header_mode.clone(),
        budget: budget.clone(),
        captured: captured.clone(),
    };
    let mut warc = WarcReader::new(guard);
    let mut records = warc.stream_records();
    let mut n = 0usize;
    let mut seen_docs: HashMap<String, usize> = HashMap::new();
    loop {
        header_mode.set(true);
        budget.set(MAX_WARC_HEADER_BYTES);
        captured.borrow_mut().clear();
        let mut record = match records.next_item() {
            None => break,
            Some(Ok(r)) => r,
            Some(Err(e)) => {
                let reason = match e {
                    warc::Error::ReadData(io) => classify_io(io).to_string(),
                    other => format!("corrupt WARC record: {other}"),
                };
                sink(Item::Diagnostic(Diagnostic::new(format!("{label}#{}", n + 1), reason)));
                return;
            }
        };
        n += 1;
        header_mode.set(false);
        let where_ = format!("{label}#{n}");
        let warc_type = record.warc_type().clone();
        let (warc_ct, uri, content_length) = {
            let block = captured.borrow();
            (
                captured_header(&block, "Content-Type").map(|c| c.to_ascii_lowercase()),
                captured_header(&block, "WARC-Target-URI").map(|u| u.trim_matches(['<', '>']).to_string()),
                captured_header(&block, "Content-Length").and_then(|l| l.parse::<u64>().ok()),
            )
        };
        let wanted = match warc_type {
            RecordType::Response => warc_ct.as_deref().is_none_or(|c| c.starts_with("application/http")),
            RecordType::Resource => warc_ct.as_deref().is_some_and(is_html_type),
            _ => false,
        };
        let warc_date = record.header(WarcHeader::Date).map(|d| d.to_string());
        let record_id = Some(record.warc_id().to_string());

        let mut payload = Vec::new();
        let read =
            if wanted { (&mut record).take(opts.max_doc_bytes as u64 + 1).read_to_end(&mut payload) } else { Ok(0) };
        // Drain whatever was not read so the next record header is aligned.
        let drained = read.and_then(|n| Ok(n as u64 + io::copy(&mut record, &mut io::sink())?));
        match drained {
            Err(e) => {
                sink(Item::Diagnostic(Diagnostic::new(where_, classify_io(e).to_string())));
                return;
            }
            Ok(got) if content_length.is_some_and(|want| got < want) => {
                let reason = format!("truncated WARC record: {got} of {} bytes", content_length.unwrap_or(0));
                sink(Item::Diagnostic(Diagnostic::new(where_, reason)));
                return;
            }
            Ok(_) => {}
        }
        if !wanted {
            continue;
        }
        if payload.len() > opts.max_doc_bytes {
            let e = IngestError::TooLarge { limit: opts.max_doc_bytes as u64 };
            sink(Item::Diagnostic(Diagnostic::new(where_, e.to_string())));
            continue;
        }

        let (html, charset): (Vec<u8>, Option<String>) = if warc_type == RecordType::Resource {
            (payload, warc_ct.as_deref().and_then(|c| sniff_charset(c.as_bytes())))
        } else {
            let Some(http) = parse_http(&payload) else {
                sink(Item::Diagnostic(Diagnostic::new(where_, "corrupt WARC record: response payload is not HTTP")));
                continue;
            };
            let html_ct = http.content_type.as_deref().is_some_and(is_html_type);
            if !(200..300).contains(&http.status) || !html_ct {
                continue;
            }
            let body = if http.chunked {
                dechunk(http.body).unwrap_or_else(|| http.body.to_vec())
            } else {
                http.body.to_vec()
            };
            match decode_content(&body, http.encoding.as_deref(), opts.max_doc_bytes) {
                Ok(b) => (b, http.content_type.as_deref().and_then(|c| sniff_charset(c.as_bytes()))),
                Err(e) => {
                    sink(Item::Diagnostic(Diagnostic::new(where_, e.to_string())));
                    continue;
                }
            }
        };

        let base = uri
            .as_deref()
            .and_then(doc_from_uri)
            .or_else(|| {
                record_id.as_deref().map(|id| make_safe(id.trim_start_matches("<urn:uuid:").trim_end_matches('>')))
            })
            .unwrap_or_else(|| format!("record-{n}"));
        let count = seen_docs.entry(base.clone()).or_insert(0);
        *count += 1;
        let doc = if *count == 1 { base } else { format!("{base}-{count}") };

        match parse_html_with(&where_, &doc, &html, uri.as_deref(), charset.as_deref()) {
            Ok(mut article) => {
                article.format = SourceFormat::Warc;
                if article.date.is_none() {
                    if let Some(raw) = warc_date {
                        article.date = parse_date_value(&raw);
                        article.date_raw = article.date.map(|_| format!("WARC-Date: {raw}"));
                    }
                }
                sink(Item::Article(article));
            }
            Err(e) => sink(Item::Diagnostic(Diagnostic::new(where_, e.to_string()))),
        }
    }
    if n == 0 {
        sink(Item::Diagnostic(Diagnostic::new(label, "no WARC records")));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn uri_to_doc() {
        assert_eq!(doc_from_uri("https://ex.org/world/kim-putin.html?x=1").as_deref(), Some("kim-putin"));
        assert_eq!(doc_from_uri("https://ex.org/a/b/").as_deref(), Some("b"));
        assert_eq!(doc_from_uri("https://ex.org").as_deref(), Some("ex.org"));
        assert_eq!(doc_from_uri("https://ex.org/%E2%9C%93 x").as_deref(), Some("_E2_9C_93_x"));
    }

    #[test]
    fn http_and_chunks() {
        let p = b"HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n0\r\n\r\n";
        let r = parse_http(p).unwrap();
        assert_eq!(r.status, 200);
        assert!(r.chunked);
        assert_eq!(dechunk(r.body).unwrap(), b"hello");
        assert!(dechunk(b"zz\r\n").is_none());
        assert!(parse_http(b"not http").is_none());
    }
}
