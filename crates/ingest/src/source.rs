//! Byte sources: transparent (nested) gunzip with a bomb guard, capped reads,
//! and format detection by extension and content sniffing.

use std::io::{self, BufRead, BufReader, Cursor, Read};

use crate::IngestError;

/// Bytes looked at for sniffing.
pub const SNIFF_BYTES: usize = 4096;
/// Gzip inside gzip inside gzip is plausible; deeper is an attack.
const MAX_GZIP_LAYERS: usize = 4;

/// Input formats tidings understands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Text,
    Html,
    Jsonl,
    /// A `.json` file holding one array of objects, or one pretty-printed object.
    JsonArray,
    Warc,
    Feed,
}

/// Marker errors carried inside `io::Error` so the layer that failed is known.
#[derive(Debug)]
pub(crate) enum SourceFault {
    Gzip(io::Error),
    DecompressLimit(u64),
    SizeLimit(u64),
}

impl std::fmt::Display for SourceFault {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            SourceFault::Gzip(e) => write!(f, "gzip: {e}"),
            SourceFault::DecompressLimit(n) => write!(f, "decompressed size exceeds {n} bytes"),
            SourceFault::SizeLimit(n) => write!(f, "input exceeds {n} bytes"),
        }
    }
}
impl std::error::Error for SourceFault {}

/// Turn a read error into the typed error, recognising our own markers.
pub(crate) fn classify_io(e: io::Error) -> IngestError {
    if !e.get_ref().is_some_and(|inner| inner.is::<SourceFault>()) {
        return IngestError::Io(e.to_string());
    }
    match e.into_inner().map(|b| b.downcast::<SourceFault>()) {
        Some(Ok(fault)) => match *fault {
            SourceFault::Gzip(g) if g.kind() == io::ErrorKind::UnexpectedEof => IngestError::TruncatedGzip,
            SourceFault::Gzip(g) => IngestError::Gzip(g.to_string()),
            SourceFault::DecompressLimit(n) => IngestError::DecompressedTooLarge { limit: n },
            SourceFault::SizeLimit(n) => IngestError::TooLarge { limit: n },
        },
        _ => IngestError::Io("read failed".to_string()),
    }
}

/// Tags every error of the wrapped gzip decoder as a gzip fault.
struct GzipLayer<R>(flate2::bufread::MultiGzDecoder<R>);

impl<R: BufRead> Read for GzipLayer<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        self.0.read(buf).map_err(|e| io::Error::other(SourceFault::Gzip(e)))
    }
}

/// Errors (rather than silently stopping) once more than `limit` bytes were read.
pub(crate) struct LimitReader<R> {
    inner: R,
    remaining: u64,
    limit: u64,
    decompressed: bool,
}

impl<R: Read> LimitReader<R> {
    pub(crate) fn new(inner: R, limit: u64, decompressed: bool) -> Self {
        LimitReader { inner, remaining: limit, limit, decompressed }
    }
}

impl<R: Read> Read for LimitReader<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        if buf.is_empty() {
            return Ok(0);
        }
        if self.remaining == 0 {
            // Only an error if there really is more.
            let mut probe = [0u8; 1];
            return match self.inner.read(&mut probe)? {
                0 => Ok(0),
                _ => Err(io::Error::other(if self.decompressed {
                    SourceFault::DecompressLimit(self.limit)
                } else {
                    SourceFault::SizeLimit(self.limit)
                })),
            };
        }
        let max = buf.len().min(usize::try_from(self.remaining).unwrap_or(usize::MAX));
        let n = self.inner.read(&mut buf[..max])?;
        self.remaining -= n as u64;
        Ok(n)
    }
}

/// An opened source: gzip layers removed, first bytes available for sniffing.
pub(crate) struct Opened<'a> {
    pub head: Vec<u8>,
    pub reader: Box<dyn BufRead + 'a>,
}

fn read_head(reader: &mut dyn Read) -> io::Result<Vec<u8>> {
    let mut head = Vec::with_capacity(SNIFF_BYTES);
    reader.take(SNIFF_BYTES as u64).read_to_end(&mut head)?;
    Ok(head)
}

/// Peel gzip layers (by magic bytes) and keep the first bytes for sniffing.
pub(crate) fn open<'a>(reader: Box<dyn Read + 'a>, max_decompressed: u64) -> Result<Opened<'a>, IngestError> {
    let mut reader = reader;
    for _ in 0..=MAX_GZIP_LAYERS {
        let head = read_head(&mut reader).map_err(classify_io)?;
        let is_gzip = head.starts_with(&[0x1f, 0x8b]);
        let rejoined = BufReader::with_capacity(64 * 1024, Cursor::new(head.clone()).chain(reader));
        if !is_gzip {
            return Ok(Opened { head, reader: Box::new(rejoined) });
        }
        let gz = GzipLayer(flate2::bufread::MultiGzDecoder::new(rejoined));
        reader = Box::new(LimitReader::new(gz, max_decompressed, true));
    }
    Err(IngestError::Gzip(format!("more than {MAX_GZIP_LAYERS} nested gzip layers")))
}

/// Read a whole document, failing when it is larger than `max` bytes.
pub(crate) fn read_capped(reader: &mut dyn Read, max: usize) -> Result<Vec<u8>, IngestError> {
    let mut buf = Vec::new();
    let mut limited = LimitReader::new(reader, max as u64, false);
    limited.read_to_end(&mut buf).map_err(classify_io)?;
    Ok(buf)
}

/// Strip `.gz` (any number of times) and return the remaining lowercase extension.
pub fn extension_of(name: &str) -> Option<String> {
    let mut name = name;
    loop {
        let lower = name.to_ascii_lowercase();
        if lower.ends_with(".gz") && name.len() > 3 {
            name = &name[..name.len() - 3];
            continue;
        }
        if lower.ends_with(".tgz") {
            return None;
        }
        let dot = name.rfind('.')?;
        if dot == 0 {
            return None;
        }
        return Some(lower[dot + 1..].to_string());
    }
}

/// File stem with `.gz` and the format extension removed (`a.warc.gz` -> `a`).
pub fn stem_of(name: &str) -> String {
    let mut name = name;
    while name.to_ascii_lowercase().ends_with(".gz") && name.len() > 3 {
        name = &name[..name.len() - 3];
    }
    match name.rfind('.') {
        Some(dot) if dot > 0 => name[..dot].to_string(),
        _ => name.to_string(),
    }
}

fn skip_ws_bom(head: &[u8]) -> &[u8] {
    let h = head.strip_prefix(b"\xef\xbb\xbf").unwrap_or(head);
    let start = h.iter().position(|b| !b.is_ascii_whitespace()).unwrap_or(h.len());
    &h[start..]
}

/// Whether the first bytes are an RSS, Atom or RSS 1.0 (RDF) feed.
pub fn looks_like_feed(head: &[u8]) -> bool {
    let lower: Vec<u8> = skip_ws_bom(head).iter().map(|b| b.to_ascii_lowercase()).collect();
    if !lower.starts_with(b"<") {
        return false;
    }
    let first_of = |needle: &[u8]| lower.windows(needle.len()).position(|w| w == needle);
    let feed = [first_of(b"<rss"), first_of(b"<feed"), first_of(b"<rdf:rdf")].into_iter().flatten().min();
    match (feed, first_of(b"<html")) {
        (Some(f), Some(h)) => f < h,
        (Some(_), None) => true,
        _ => false,
    }
}

/// `{` alone on the first line: a pretty-printed JSON document, not JSON Lines.
fn first_line_is_open_brace(trimmed: &[u8]) -> bool {
    let line = trimmed.split(|&b| b == b'\n').next().unwrap_or(b"");
    line.trim_ascii() == b"{"
}

/// Detect the format from the file extension, falling back to the content.
pub fn detect(ext: Option<&str>, head: &[u8]) -> Format {
    let trimmed = skip_ws_bom(head);
    match ext {
        Some("txt" | "text") => Format::Text,
        Some("html" | "htm" | "xhtml" | "shtml") => Format::Html,
        Some("jsonl" | "ndjson") => Format::Jsonl,
        Some("json") if trimmed.starts_with(b"[") || first_line_is_open_brace(trimmed) => Format::JsonArray,
        Some("json") => Format::Jsonl,
        Some("warc") => Format::Warc,
        Some("rss" | "atom") => Format::Feed,
        _ => sniff(head),
    }
}

/// Detect the format from the content alone.
pub fn sniff(head: &[u8]) -> Format {
    let trimmed = skip_ws_bom(head);
    if trimmed.starts_with(b"WARC/") {
        Format::Warc
    } else if looks_like_feed(head) {
        Format::Feed
    } else if crate::html::looks_like_html(head) {
        Format::Html
    } else if trimmed.starts_with(b"{") {
        Format::Jsonl
    } else {
        Format::Text
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;

    fn gz(data: &[u8]) -> Vec<u8> {
        let mut e = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
        e.write_all(data).unwrap();
        e.finish().unwrap()
    }

    #[test]
    fn extensions_and_stems() {
        assert_eq!(extension_of("a.warc.gz").as_deref(), Some("warc"));
        assert_eq!(extension_of("a.TXT").as_deref(), Some("txt"));
        assert_eq!(extension_of("README"), None);
        assert_eq!(stem_of("a.warc.gz"), "a");
        assert_eq!(stem_of("002_b6.txt"), "002_b6");
        assert_eq!(stem_of(".hidden"), ".hidden");
    }

    #[test]
    fn detection() {
        assert_eq!(detect(None, b"WARC/1.0\r\n"), Format::Warc);
        assert_eq!(detect(Some("xml"), b"<?xml version='1.0'?><rss version='2.0'>"), Format::Feed);
        assert_eq!(detect(None, b"<feed xmlns='http://www.w3.org/2005/Atom'>"), Format::Feed);
        assert_eq!(detect(None, b"<!doctype html><html>"), Format::Html);
        assert_eq!(detect(None, b"{\"text\": 1}"), Format::Jsonl);
        assert_eq!(detect(Some("json"), b" [ {} ]"), Format::JsonArray);
        assert_eq!(detect(Some("json"), b"{\n  \"text\": \"x\"\n}"), Format::JsonArray);
        assert_eq!(detect(Some("json"), b"{\"text\": \"x\"}\n{\"text\": \"y\"}"), Format::Jsonl);
        assert_eq!(detect(Some("txt"), b"<html>"), Format::Text);
        assert_eq!(detect(None, b"Just words"), Format::Text);
    }

    #[test]
    fn nested_gzip_and_limits() {
        let inner = b"hello world".to_vec();
        let twice = gz(&gz(&inner));
        let mut o = open(Box::new(Cursor::new(twice)), 1 << 20).unwrap();
        let mut out = Vec::new();
        o.reader.read_to_end(&mut out).unwrap();
        assert_eq!(out, inner);

        let bomb = gz(&vec![b'a'; 100_000]);
        let err = match open(Box::new(Cursor::new(bomb)), 1000) {
            Ok(mut o) => read_capped(&mut o.reader, 1 << 20).unwrap_err(),
            Err(e) => e,
        };
        assert!(matches!(err, IngestError::DecompressedTooLarge { limit: 1000 }), "{err:?}");

        let data = gz(&vec![b'x'; 50_000]);
        let truncated = data[..data.len() / 2].to_vec();
        let err = match open(Box::new(Cursor::new(truncated)), 1 << 20) {
            Ok(mut o) => read_capped(&mut o.reader, 1 << 20).unwrap_err(),
            Err(e) => e,
        };
        assert!(matches!(err, IngestError::TruncatedGzip), "{err:?}");

        let err = read_capped(&mut Cursor::new(vec![0u8; 11]), 10).unwrap_err();
        assert!(matches!(err, IngestError::TooLarge { limit: 10 }));
        assert_eq!(read_capped(&mut Cursor::new(vec![0u8; 10]), 10).unwrap().len(), 10);
    }
}
