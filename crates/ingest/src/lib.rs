//! tidings-ingest: turn input files into [`Article`]s, one document at a time.
//!
//! This crate reads; it does not split sentences, dedupe or store. Every input
//! yields a stream of [`Item`]s: articles, and [`Diagnostic`]s for anything
//! that could not be read (with the path, `path:line` or `path#record`, and a
//! human reason). It never panics on input data and never holds a whole corpus
//! in memory.
//!
//! # Formats (detected by extension, else by sniffing the first 4 KB)
//! | format | extensions | module | one article per |
//! |---|---|---|---|
//! | plain text | `.txt`, unknown text | [`text`] | file |
//! | HTML | `.html`, `.htm`, sniffed `<html` / `<!doctype html` | [`html`] | file |
//! | JSON Lines | `.jsonl`, `.ndjson`, `.json` | [`jsonl`] | line |
//! | WARC | `.warc`, sniffed `WARC/` | [`warc`] | HTML `response` record |
//! | RSS / Atom | `.rss`, `.atom`, `.xml` sniffed `<rss`/`<feed`/`<rdf:RDF` | [`feed`] | item |
//!
//! Gzip is removed transparently wherever its magic bytes appear (`.gz`
//! suffix or not, nested up to 4 layers); the extension under `.gz` picks the
//! format. Directories are walked recursively in sorted order, skipping hidden
//! entries; symlinks are followed and loops reported.
//!
//! # Limits ([`IngestOptions`])
//! - `max_doc_bytes` (32 MiB): one text/HTML document or WARC record payload;
//!   feeds are capped at 8x this because `feed-rs` parses them whole.
//! - `max_decompressed_bytes` (1 GiB): total output of one gzip stream
//!   (gzip-bomb guard).
//! - `max_line_bytes` (32 MiB): one JSONL line; longer lines are skipped while
//!   streaming, never buffered.
//!
//! # Diagnostics
//! Exactly one per broken file (empty, binary, invalid UTF-8, truncated gzip,
//! unreadable, over a limit, HTML with no body); per line for JSONL and per
//! record/item for WARC and feeds, where the rest of the file continues.
//!
//! # Normalization
//! Bodies are Unicode NFC with LF line endings and no BOM; whole-line scraping
//! artifacts are removed ([`artifacts`]); plain text is otherwise verbatim.
//! [`dedup_key`] gives the exact-duplicate key (NFKC, folded).

use std::io::Read;
use std::path::Path;

use tidings_model::{Article, Diagnostic};

pub mod artifacts;
pub mod dates;
pub mod feed;
pub mod html;
pub mod jsonl;
pub mod normalize;
pub mod source;
pub mod text;
pub mod warc;

pub use html::parse_html;
pub use jsonl::parse_jsonl_line;
pub use normalize::dedup_key;
pub use source::Format;
pub use text::parse_text;

/// One output of the ingest stage (serializes as `{"article": {...}}` or
/// `{"diagnostic": {...}}`).
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Item {
    Article(Article),
    Diagnostic(Diagnostic),
}

/// Resource limits; see the crate docs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IngestOptions {
    /// Largest single document (text/HTML file, WARC payload), default 32 MiB.
    pub max_doc_bytes: usize,
    /// Largest decompressed output of one gzip stream, default 1 GiB.
    pub max_decompressed_bytes: u64,
    /// Largest JSONL line, default 32 MiB.
    pub max_line_bytes: usize,
}

impl Default for IngestOptions {
    fn default() -> Self {
        IngestOptions { max_doc_bytes: 32 << 20, max_decompressed_bytes: 1 << 30, max_line_bytes: 32 << 20 }
    }
}

/// Why one input (file, line, record) could not become an article.
#[derive(Debug, thiserror::Error)]
pub enum IngestError {
    #[error("empty file")]
    Empty,
    #[error("binary file (contains NUL bytes)")]
    Binary,
    #[error("invalid UTF-8 at byte {offset} (line {line})")]
    InvalidUtf8 { offset: usize, line: usize },
    #[error("invalid {0} text")]
    InvalidEncoding(&'static str),
    #[error("larger than the {limit}-byte limit")]
    TooLarge { limit: u64 },
    #[error("decompressed size exceeds the {limit}-byte limit (gzip bomb guard)")]
    DecompressedTooLarge { limit: u64 },
    #[error("truncated gzip stream")]
    TruncatedGzip,
    #[error("gzip: {0}")]
    Gzip(String),
    #[error("cannot read: {0}")]
    Io(String),
    #[error("no extractable body text")]
    NoBody,
    #[error("malformed JSON: {0}")]
    Json(String),
    #[error("JSON value is not an object")]
    NotAnObject,
    #[error("no text/body/content string field")]
    NoTextField,
    #[error("line longer than the {limit}-byte limit")]
    LineTooLong { limit: usize },
    #[error("WARC: {0}")]
    Warc(String),
    #[error("feed: {0}")]
    Feed(String),
    #[error("XML document is not an RSS/Atom feed")]
    NotAFeed,
}

fn diag(sink: &mut dyn FnMut(Item), path: &str, e: IngestError) {
    sink(Item::Diagnostic(Diagnostic::new(path, e.to_string())));
}

/// The input files under `path`, in the order `tidings run` reads them: `path`
/// itself when it is not a directory, else a recursive walk sorted by file name,
/// hidden entries skipped, links followed. An unreadable path or entry (or a
/// symlink loop) comes out as a diagnostic, in its place in the order.
pub fn input_files(path: &Path, f: &mut dyn FnMut(Result<&Path, Diagnostic>)) {
    let label = path.display().to_string();
    let meta = match std::fs::metadata(path) {
        Ok(m) => m,
        Err(e) => return f(Err(Diagnostic::new(label, IngestError::Io(e.to_string()).to_string()))),
    };
    if !meta.is_dir() {
        return f(Ok(path));
    }
    let walker = walkdir::WalkDir::new(path)
        .follow_links(true)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| e.depth() == 0 || !e.file_name().to_string_lossy().starts_with('.'));
    for entry in walker {
        match entry {
            Ok(e) if e.file_type().is_dir() => {}
            Ok(e) => f(Ok(e.path())),
            Err(e) => {
                let where_ = e.path().map_or_else(|| label.clone(), |p| p.display().to_string());
                let reason = if e.loop_ancestor().is_some() {
                    "symlink loop".to_string()
                } else {
                    e.io_error().map_or_else(|| e.to_string(), |io| io.to_string())
                };
                f(Err(Diagnostic::new(where_, IngestError::Io(reason).to_string())));
            }
        }
    }
}

/// Walk a file or directory (see [`input_files`]), detect format by extension
/// and sniffing, transparently gunzip, call `sink` per item.
pub fn ingest_path(path: &Path, opts: &IngestOptions, sink: &mut dyn FnMut(Item)) {
    input_files(path, &mut |file| match file {
        Ok(p) => ingest_file(p, opts, sink),
        Err(d) => sink(Item::Diagnostic(d)),
    });
}

fn ingest_file(path: &Path, opts: &IngestOptions, sink: &mut dyn FnMut(Item)) {
    let label = path.display().to_string();
    let file = match std::fs::File::open(path) {
        Ok(f) => f,
        Err(e) => return diag(sink, &label, IngestError::Io(e.to_string())),
    };
    let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    let ext = source::extension_of(&name);
    let stem = source::stem_of(&name);
    ingest_stream(&label, &stem, ext.as_deref(), Box::new(file), opts, sink);
}

/// Same as [`ingest_path`] for an already-open stream (stdin is label `-`);
/// the format is sniffed from the content.
pub fn ingest_reader(label: &str, reader: &mut dyn Read, opts: &IngestOptions, sink: &mut dyn FnMut(Item)) {
    let name = label.rsplit(['/', '\\']).next().unwrap_or(label);
    let (stem, ext) = if label == "-" || name.is_empty() {
        ("stdin".to_string(), None)
    } else {
        (source::stem_of(name), source::extension_of(name))
    };
    ingest_stream(label, &stem, ext.as_deref(), Box::new(reader), opts, sink);
}

fn ingest_stream(
    label: &str,
    stem: &str,
    ext: Option<&str>,
    reader: Box<dyn Read + '_>,
    opts: &IngestOptions,
    sink: &mut dyn FnMut(Item),
) {
    let mut opened = match source::open(reader, opts.max_decompressed_bytes) {
        Ok(o) => o,
        Err(e) => return diag(sink, label, e),
    };
    if opened.head.is_empty() {
        return diag(sink, label, IngestError::Empty);
    }
    let utf16 = opened.head.starts_with(b"\xff\xfe") || opened.head.starts_with(b"\xfe\xff");
    let format = match ext {
        Some("xml") if !source::looks_like_feed(&opened.head) => {
            if html::looks_like_html(&opened.head) {
                Format::Html
            } else {
                return diag(sink, label, IngestError::NotAFeed);
            }
        }
        _ => source::detect(ext, &opened.head),
    };
    // One diagnostic for a binary file, not one per "line" or "record".
    if format != Format::Warc && !utf16 && opened.head.contains(&0) {
        return diag(sink, label, IngestError::Binary);
    }
    match format {
        Format::Text | Format::Html => {
            let bytes = match source::read_capped(&mut opened.reader, opts.max_doc_bytes) {
                Ok(b) => b,
                Err(e) => return diag(sink, label, e),
            };
            let parsed = if format == Format::Text {
                parse_text(label, stem, &bytes)
            } else {
                parse_html(label, stem, &bytes, None)
            };
            match parsed {
                Ok(a) => sink(Item::Article(a)),
                Err(e) => diag(sink, label, e),
            }
        }
        Format::Jsonl => jsonl::ingest_jsonl(label, stem, &mut opened.reader, opts.max_line_bytes, sink),
        Format::JsonArray => match source::read_capped(&mut opened.reader, opts.max_doc_bytes.saturating_mul(8)) {
            Ok(b) => jsonl::ingest_json_array(label, stem, &b, sink),
            Err(e) => diag(sink, label, e),
        },
        Format::Warc => warc::ingest_warc(label, opened.reader, opts, sink),
        Format::Feed => match source::read_capped(&mut opened.reader, opts.max_doc_bytes.saturating_mul(8)) {
            Ok(b) => feed::ingest_feed(label, stem, &b, sink),
            Err(e) => diag(sink, label, e),
        },
    }
}
