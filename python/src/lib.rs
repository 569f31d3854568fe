//! `tidings._tidings`: the native half of the `tidings` Python package.
//!
//! Every function here is a thin adapter over the library functions `tidings run`
//! uses (`tidings_pipeline::process`, `tidings_pipeline::coding`), so events coded
//! from Python are the events the CLI stores. Results come back as flat columns
//! (`dict[str, list]`); the Python layer turns them into Arrow tables. Coding runs
//! with the GIL released, documents in parallel (rayon), output in input order.

mod stories;

use pyo3::exceptions::{PyOSError, PyValueError};
use pyo3::prelude::*;
use pyo3::types::PyDict;
use rayon::prelude::*;
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, OnceLock};
use tidings_model::{Article, Date, SourceFormat};
use tidings_pipeline::coding::{load_dictionaries, DictSpec, EventCoder};
use tidings_store::NewEvent;

/// Loaded dictionaries, once per process and dictionary path ("" = built-in defaults).
struct Loaded {
    coder: Arc<EventCoder>,
    diagnostics: Vec<String>,
}

fn cache() -> &'static Mutex<HashMap<String, Loaded>> {
    static CACHE: OnceLock<Mutex<HashMap<String, Loaded>>> = OnceLock::new();
    CACHE.get_or_init(|| Mutex::new(HashMap::new()))
}

fn cache_key(dictionaries: Option<&str>) -> String {
    match dictionaries {
        None => String::new(),
        Some(p) => std::fs::canonicalize(p).map_or_else(|_| p.to_string(), |c| c.display().to_string()),
    }
}

/// The coder for `dictionaries`, loading it on first use (the GIL is released while loading).
fn coder_for(py: Python<'_>, dictionaries: Option<&str>) -> PyResult<(Arc<EventCoder>, Vec<String>)> {
    let key = cache_key(dictionaries);
    let owned = dictionaries.map(str::to_string);
    py.allow_threads(move || {
        let mut map = cache().lock().map_err(|_| PyValueError::new_err("dictionary cache poisoned"))?;
        if let Some(l) = map.get(&key) {
            return Ok((l.coder.clone(), l.diagnostics.clone()));
        }
        let spec = owned.map_or(DictSpec::Defaults, |p| DictSpec::Path(PathBuf::from(p)));
        let (dict, diags) = load_dictionaries(&spec).map_err(|e| PyValueError::new_err(e.to_string()))?;
        let loaded = Loaded {
            coder: Arc::new(EventCoder::new(dict)),
            diagnostics: diags.iter().map(|d| d.to_string()).collect(),
        };
        let out = (loaded.coder.clone(), loaded.diagnostics.clone());
        map.insert(key, loaded);
        Ok(out)
    })
}

/// Load (or fetch from the per-process cache) a dictionary set; returns its diagnostics.
#[pyfunction]
#[pyo3(signature = (dictionaries=None))]
fn load_dictionaries_cached(py: Python<'_>, dictionaries: Option<String>) -> PyResult<Vec<String>> {
    Ok(coder_for(py, dictionaries.as_deref())?.1)
}

/// Keys of the dictionary sets loaded in this process ("" = built-in defaults).
#[pyfunction]
fn loaded_dictionaries() -> PyResult<Vec<String>> {
    let map = cache().lock().map_err(|_| PyValueError::new_err("dictionary cache poisoned"))?;
    let mut keys: Vec<String> = map.keys().cloned().collect();
    keys.sort();
    Ok(keys)
}

/// Flat event columns (names of the CSV/Parquet export; the Python layer nests them
/// into the JSONL shape: `actor1 {code, text, span}`, `evidence {...}`, ...).
#[derive(Default)]
struct EventCols {
    doc_index: Vec<i64>,
    doc: Vec<String>,
    date: Vec<Option<String>>,
    date_precision: Vec<Option<String>>,
    date_source: Vec<Option<String>>,
    a1: ActorCols,
    a2: ActorCols,
    code: Vec<String>,
    root: Vec<Option<String>>,
    quad_class: Vec<Option<i64>>,
    goldstein: Vec<Option<f64>>,
    plover: Vec<Option<String>>,
    verb_start: Vec<i64>,
    verb_end: Vec<i64>,
    sentence: Vec<i64>,
    sentence_start: Vec<i64>,
    sentence_end: Vec<i64>,
    sentence_text: Vec<String>,
    pattern: Vec<String>,
    location: LocationCols,
}

/// Flat columns of a location (`{prefix}.name`, `.country`, `.adm1`, `.lat`, `.lon`, `.feature_id`).
#[derive(Default)]
struct LocationCols {
    name: Vec<Option<String>>,
    country: Vec<Option<String>>,
    adm1: Vec<Option<String>>,
    lat: Vec<Option<f64>>,
    lon: Vec<Option<f64>>,
    feature_id: Vec<Option<String>>,
}

impl LocationCols {
    fn push(&mut self, l: Option<&tidings_store::LocationRow>) {
        self.name.push(l.map(|l| l.name.clone()));
        self.country.push(l.map(|l| l.country.clone()));
        self.adm1.push(l.and_then(|l| l.adm1.clone()));
        self.lat.push(l.map(|l| l.lat));
        self.lon.push(l.map(|l| l.lon));
        self.feature_id.push(l.and_then(|l| l.feature_id.clone()));
    }
    fn into_dict(self, d: &Bound<'_, PyDict>, prefix: &str) -> PyResult<()> {
        d.set_item(format!("{prefix}.name"), self.name)?;
        d.set_item(format!("{prefix}.country"), self.country)?;
        d.set_item(format!("{prefix}.adm1"), self.adm1)?;
        d.set_item(format!("{prefix}.lat"), self.lat)?;
        d.set_item(format!("{prefix}.lon"), self.lon)?;
        d.set_item(format!("{prefix}.feature_id"), self.feature_id)?;
        Ok(())
    }
}

#[derive(Default)]
struct ActorCols {
    code: Vec<Option<String>>,
    text: Vec<Option<String>>,
    start: Vec<Option<i64>>,
    end: Vec<Option<i64>>,
    location: LocationCols,
}

impl ActorCols {
    fn push(&mut self, a: &Option<tidings_store::ActorRow>) {
        self.code.push(a.as_ref().map(|a| a.code.clone()));
        self.text.push(a.as_ref().map(|a| a.text.clone()));
        self.start.push(a.as_ref().map(|a| a.span.start as i64));
        self.end.push(a.as_ref().map(|a| a.span.end as i64));
        self.location.push(a.as_ref().and_then(|a| a.location.as_ref()));
    }
    fn into_dict(self, d: &Bound<'_, PyDict>, prefix: &str) -> PyResult<()> {
        d.set_item(format!("{prefix}.code"), self.code)?;
        d.set_item(format!("{prefix}.text"), self.text)?;
        d.set_item(format!("{prefix}.start"), self.start)?;
        d.set_item(format!("{prefix}.end"), self.end)?;
        self.location.into_dict(d, &format!("{prefix}.location"))
    }
}

/// f32 -> f64 through its shortest decimal form (as the exports do: 1.9 stays 1.9).
fn f32_exact(x: f32) -> f64 {
    x.to_string().parse().unwrap_or(f64::from(x))
}

impl EventCols {
    fn push(&mut self, doc_index: usize, a: &Article, spans: &[tidings_model::Span], e: &NewEvent) {
        let sent = spans.get(e.sentence).copied().unwrap_or(e.verb);
        self.doc_index.push(doc_index as i64);
        self.doc.push(a.doc.clone());
        self.date.push(e.date.map(|d| d.to_string()));
        self.date_precision.push(e.date_precision.clone());
        self.date_source.push(e.date_source.clone());
        self.a1.push(&e.actor1);
        self.a2.push(&e.actor2);
        self.code.push(e.code.clone());
        self.root.push(tidings_cameo::root(&e.code).map(str::to_owned));
        self.quad_class.push(tidings_cameo::quad_class(&e.code).map(i64::from));
        self.goldstein.push(tidings_cameo::goldstein(&e.code).map(f32_exact));
        self.plover.push(tidings_cameo::plover(&e.code).map(str::to_owned));
        self.verb_start.push(e.verb.start as i64);
        self.verb_end.push(e.verb.end as i64);
        self.sentence.push(e.sentence as i64);
        self.sentence_start.push(sent.start as i64);
        self.sentence_end.push(sent.end as i64);
        self.sentence_text.push(a.text.get(sent.range()).unwrap_or_default().to_string());
        self.pattern.push(e.pattern.clone());
        self.location.push(e.location.as_ref());
    }

    fn into_dict<'py>(self, py: Python<'py>) -> PyResult<Bound<'py, PyDict>> {
        let d = PyDict::new(py);
        d.set_item("doc_index", self.doc_index)?;
        d.set_item("doc", self.doc)?;
        d.set_item("date", self.date)?;
        d.set_item("date_precision", self.date_precision)?;
        d.set_item("date_source", self.date_source)?;
        self.a1.into_dict(&d, "actor1")?;
        self.a2.into_dict(&d, "actor2")?;
        d.set_item("code", self.code)?;
        d.set_item("root", self.root)?;
        d.set_item("quad_class", self.quad_class)?;
        d.set_item("goldstein", self.goldstein)?;
        d.set_item("plover", self.plover)?;
        d.set_item("verb_span.start", self.verb_start)?;
        d.set_item("verb_span.end", self.verb_end)?;
        d.set_item("evidence.sentence", self.sentence)?;
        d.set_item("evidence.start", self.sentence_start)?;
        d.set_item("evidence.end", self.sentence_end)?;
        d.set_item("evidence.text", self.sentence_text)?;
        d.set_item("pattern", self.pattern)?;
        self.location.into_dict(&d, "location")?;
        Ok(d)
    }
}

type Processed = (Vec<tidings_model::Span>, Vec<NewEvent>);

/// `tidings_pipeline::process` over many articles, in parallel, in input order.
fn process_all(articles: &[Article], coder: &EventCoder, threads: usize) -> PyResult<Vec<Processed>> {
    let run = || -> Vec<Processed> {
        articles
            .par_iter()
            .map(|a| tidings_pipeline::process(a, Some(coder as &dyn tidings_pipeline::SentenceCoder)))
            .collect()
    };
    if threads == 0 {
        return Ok(run());
    }
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(threads)
        .build()
        .map_err(|e| PyValueError::new_err(format!("thread pool: {e}")))?;
    Ok(pool.install(run))
}

/// Code raw texts. `dates[i]` is the publication date (`YYYY-MM-DD`) of `texts[i]` or None;
/// `docs[i]` its name. Returns flat event columns.
#[pyfunction]
#[pyo3(signature = (texts, dates, docs, dictionaries=None, threads=0))]
fn code_texts<'py>(
    py: Python<'py>,
    texts: Vec<String>,
    dates: Vec<Option<String>>,
    docs: Vec<String>,
    dictionaries: Option<String>,
    threads: usize,
) -> PyResult<Bound<'py, PyDict>> {
    if dates.len() != texts.len() || docs.len() != texts.len() {
        return Err(PyValueError::new_err(format!(
            "texts ({}), dates ({}) and docs ({}) must have the same length",
            texts.len(),
            dates.len(),
            docs.len()
        )));
    }
    let mut articles = Vec::with_capacity(texts.len());
    for (i, ((text, date), doc)) in texts.into_iter().zip(dates).zip(docs).enumerate() {
        let date = match date.as_deref().map(str::trim).filter(|d| !d.is_empty()) {
            None => None,
            Some(d) => Some(
                Date::parse_iso(d)
                    .ok_or_else(|| PyValueError::new_err(format!("dates[{i}] = {d:?}: expected YYYY-MM-DD")))?,
            ),
        };
        articles.push(Article {
            doc,
            path: format!("<texts>[{i}]"),
            format: SourceFormat::Text,
            url: None,
            outlet: None,
            title: None,
            byline: None,
            date,
            date_raw: None,
            text,
        });
    }
    let (coder, _) = coder_for(py, dictionaries.as_deref())?;
    let cols = py.allow_threads(|| -> PyResult<EventCols> {
        let processed = process_all(&articles, &coder, threads)?;
        let mut cols = EventCols::default();
        for (i, (a, (spans, events))) in articles.iter().zip(&processed).enumerate() {
            for e in events {
                cols.push(i, a, spans, e);
            }
        }
        Ok(cols)
    })?;
    cols.into_dict(py)
}

/// Input files in the order `tidings run PATH...` reads them (directories walked
/// recursively, sorted by file name, hidden entries skipped, links followed).
#[pyfunction]
fn input_files(paths: Vec<String>) -> PyResult<Vec<String>> {
    let mut out = Vec::new();
    for p in &paths {
        let path = Path::new(p);
        std::fs::metadata(path).map_err(|e| PyOSError::new_err(format!("{p}: {e}")))?;
        // unreadable entries: `tidings run` reports them as diagnostics; so does code_files
        tidings_ingest::input_files(path, &mut |file| match file {
            Ok(f) => out.push(f.display().to_string()),
            Err(d) => out.push(d.path),
        });
    }
    Ok(out)
}

/// Read, split and code input files exactly as `tidings run` does (same ingest
/// options, same per-article processing). No deduplication: every article is
/// returned with its `content_hash` (the store's dedup key) and its position
/// (`file` = the caller's ordinal of the path, `item` = index within the file), so a
/// caller merging many calls keeps the first copy of each text in (file, item)
/// order, as the store does. Returns `{"documents", "events", "diagnostics"}`.
#[pyfunction]
#[pyo3(signature = (files, ordinals, dictionaries=None, threads=0))]
fn code_files<'py>(
    py: Python<'py>,
    files: Vec<String>,
    ordinals: Vec<i64>,
    dictionaries: Option<String>,
    threads: usize,
) -> PyResult<Bound<'py, PyDict>> {
    if files.len() != ordinals.len() {
        return Err(PyValueError::new_err("files and ordinals must have the same length"));
    }
    let (coder, _) = coder_for(py, dictionaries.as_deref())?;
    struct Out {
        pos: Vec<(i64, i64)>,
        articles: Vec<Article>,
        hashes: Vec<String>,
        processed: Vec<Processed>,
        diagnostics: Vec<(String, String)>,
    }
    let out = py.allow_threads(|| -> PyResult<Out> {
        let opts = tidings_ingest::IngestOptions::default();
        let mut pos = Vec::new();
        let mut articles = Vec::new();
        let mut diagnostics = Vec::new();
        for (f, &ord) in files.iter().zip(&ordinals) {
            let mut item = 0i64;
            tidings_ingest::ingest_path(Path::new(f), &opts, &mut |it| match it {
                tidings_ingest::Item::Article(a) => {
                    pos.push((ord, item));
                    item += 1;
                    articles.push(a);
                }
                tidings_ingest::Item::Diagnostic(d) => diagnostics.push((d.path, d.reason)),
            });
        }
        let hashes =
            articles.iter().map(|a| tidings_store::content_hash(&tidings_ingest::dedup_key(&a.text))).collect();
        let processed = process_all(&articles, &coder, threads)?;
        Ok(Out { pos, articles, hashes, processed, diagnostics })
    })?;
    let mut ev = EventCols::default();
    for (i, (a, (spans, events))) in out.articles.iter().zip(&out.processed).enumerate() {
        for e in events {
            ev.push(i, a, spans, e);
        }
    }
    let docs = PyDict::new(py);
    docs.set_item("file", out.pos.iter().map(|p| p.0).collect::<Vec<_>>())?;
    docs.set_item("item", out.pos.iter().map(|p| p.1).collect::<Vec<_>>())?;
    let col = |f: &dyn Fn(&Article) -> Option<String>| out.articles.iter().map(f).collect::<Vec<_>>();
    docs.set_item("doc", col(&|a| Some(a.doc.clone())))?;
    docs.set_item("path", col(&|a| Some(a.path.clone())))?;
    docs.set_item("format", col(&|a| Some(a.format.as_str().to_string())))?;
    docs.set_item("url", col(&|a| a.url.clone()))?;
    docs.set_item("outlet", col(&|a| a.outlet.clone()))?;
    docs.set_item("title", col(&|a| a.title.clone()))?;
    docs.set_item("byline", col(&|a| a.byline.clone()))?;
    docs.set_item("date", col(&|a| a.date.map(|d| d.to_string())))?;
    docs.set_item("date_raw", col(&|a| a.date_raw.clone()))?;
    docs.set_item("content_hash", &out.hashes)?;
    docs.set_item("text", col(&|a| Some(a.text.clone())))?;
    let starts: Vec<Vec<i64>> = out.processed.iter().map(|(s, _)| s.iter().map(|s| s.start as i64).collect()).collect();
    let ends: Vec<Vec<i64>> = out.processed.iter().map(|(s, _)| s.iter().map(|s| s.end as i64).collect()).collect();
    docs.set_item("sentence_starts", starts)?;
    docs.set_item("sentence_ends", ends)?;
    let diags = PyDict::new(py);
    diags.set_item("path", out.diagnostics.iter().map(|d| d.0.clone()).collect::<Vec<_>>())?;
    diags.set_item("reason", out.diagnostics.iter().map(|d| d.1.clone()).collect::<Vec<_>>())?;
    let res = PyDict::new(py);
    res.set_item("documents", docs)?;
    res.set_item("events", ev.into_dict(py)?)?;
    res.set_item("diagnostics", diags)?;
    Ok(res)
}

/// Source key of a document for story source counts (outlet, else URL host, else the document).
#[pyfunction]
#[pyo3(signature = (outlet, url, doc_key))]
fn source_key(outlet: Option<String>, url: Option<String>, doc_key: i64) -> String {
    tidings_pipeline::stories::source_key(outlet.as_deref(), url.as_deref(), doc_key)
}

/// Export a table of an existing store (`what`: articles, sentences, events, mentions,
/// stories) through `tidings_export::export` — the code behind `tidings export` — in
/// `format` (parquet, jsonl, csv, gdelt). Filters as `tidings export --since/--until/...`.
#[pyfunction]
#[pyo3(signature = (db, what, format="parquet", since=None, until=None, actor=None, code=None, story=None))]
#[allow(clippy::too_many_arguments)]
fn export_store(
    py: Python<'_>,
    db: String,
    what: &str,
    format: &str,
    since: Option<String>,
    until: Option<String>,
    actor: Option<String>,
    code: Option<String>,
    story: Option<String>,
) -> PyResult<Py<pyo3::types::PyBytes>> {
    use tidings_export::{Filter, Format, What};
    let what = match what {
        "articles" | "documents" => What::Articles,
        "sentences" => What::Sentences,
        "events" => What::Events,
        "mentions" => What::Mentions,
        "stories" => What::Stories,
        other => return Err(PyValueError::new_err(format!("unknown table {other:?}"))),
    };
    let format = match format {
        "parquet" => Format::Parquet,
        "jsonl" => Format::Jsonl,
        "csv" => Format::Csv,
        "gdelt" => Format::Gdelt,
        other => return Err(PyValueError::new_err(format!("unknown format {other:?}"))),
    };
    let filter = Filter::parse(since.as_deref(), until.as_deref(), actor.as_deref(), code.as_deref(), story.as_deref())
        .map_err(|e| PyValueError::new_err(e.to_string()))?;
    let bytes = py.allow_threads(|| -> PyResult<Vec<u8>> {
        if !Path::new(&db).is_file() {
            return Err(PyOSError::new_err(format!("{db}: no tidings store (run `tidings run` first)")));
        }
        let store = tidings_store::Store::open(Path::new(&db)).map_err(|e| PyOSError::new_err(format!("{db}: {e}")))?;
        let mut buf = Vec::new();
        tidings_export::export(&store, what, format, &filter, &mut buf)
            .map_err(|e| PyValueError::new_err(format!("{db}: {e}")))?;
        Ok(buf)
    })?;
    Ok(pyo3::types::PyBytes::new(py, &bytes).unbind())
}

#[pymodule]
fn _tidings(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_function(wrap_pyfunction!(code_texts, m)?)?;
    m.add_function(wrap_pyfunction!(code_files, m)?)?;
    m.add_function(wrap_pyfunction!(input_files, m)?)?;
    m.add_function(wrap_pyfunction!(load_dictionaries_cached, m)?)?;
    m.add_function(wrap_pyfunction!(loaded_dictionaries, m)?)?;
    m.add_function(wrap_pyfunction!(source_key, m)?)?;
    m.add_function(wrap_pyfunction!(export_store, m)?)?;
    m.add_function(wrap_pyfunction!(stories::local_stories, m)?)?;
    m.add_function(wrap_pyfunction!(stories::merge_stories, m)?)?;
    m.add("__version__", env!("CARGO_PKG_VERSION"))?;
    Ok(())
}
