//! tidings-watch: live ingestion. `tidings watch` polls RSS/Atom feeds and
//! watches directories; each cycle fetches the article pages of new feed
//! items, removes their boilerplate (tidings-ingest) and feeds them to the
//! normal pipeline, then updates stories, so events, stories and their counts
//! grow as news arrives.
//!
//! # A cycle ([`run_cycle`])
//! 1. **Directories**: files not seen before, or changed (size or mtime),
//!    are read by the pipeline exactly as `tidings run` reads them. Hidden
//!    files are skipped, so writers should write `.name.tmp` and rename.
//! 2. **Feeds**: each feed is fetched with a conditional GET (its stored
//!    ETag / Last-Modified). A `304` costs nothing; a `200` is parsed and its
//!    items not seen before (by link URL or guid) are stored as *pending*, in
//!    the same transaction as the feed's new validators.
//! 3. **Pages**: every pending item is fetched (robots.txt, per-host spacing
//!    and concurrency, timeouts, retries with backoff, gzip/brotli, a size
//!    limit), extracted, and stored through the pipeline in feed order, a
//!    batch at a time; then its item is marked done (or failed, or skipped).
//! 4. **Stories** are updated, and the cycle's figures are stored with its
//!    status line.
//!
//! # Restart safety
//! Everything the watcher knows is in the store. A crash loses at most the
//! pages fetched but not yet stored: their items are still pending and the
//! next cycle fetches them (a page stored but not yet marked is recognized by
//! its URL and costs no second document). Transient failures stay pending for
//! up to [`WatchConfig::max_attempts`] cycles; permanent ones (4xx, no body,
//! over the size limit) are marked failed with their reason. Every failure is
//! also a diagnostic in the store (path = the URL) and a log line.

pub mod feeds;
pub mod fetch;
pub mod politeness;
pub mod robots;
pub mod testing;

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::sync::mpsc;
use std::sync::Mutex;
use std::time::{Duration, Instant};

use fetch::{FetchError, FetchOptions, Fetched, Fetcher, Validators};
use tidings_ingest::Item;
use tidings_model::{Article, Date, Diagnostic};
use tidings_pipeline::{RunOptions, SentenceCoder};
use tidings_store::watch::{CycleRow, ItemOutcome, PendingItem};
use tidings_store::Store;

pub use feeds::{parse_feeds_list, parse_interval};

#[derive(Debug, thiserror::Error)]
pub enum WatchError {
    #[error(transparent)]
    Store(#[from] tidings_store::StoreError),
    #[error(transparent)]
    Pipeline(#[from] tidings_pipeline::PipelineError),
}

/// What to watch and how.
#[derive(Debug, Clone)]
pub struct WatchConfig {
    /// Feed URLs (see [`parse_feeds_list`]).
    pub feeds: Vec<String>,
    /// Directories (or files) to watch for new files.
    pub dirs: Vec<PathBuf>,
    pub fetch: FetchOptions,
    pub run: RunOptions,
    /// Cycles in which a transiently failing item is tried before it is marked failed.
    pub max_attempts: u32,
    /// Run the story pass after a cycle that stored new documents.
    pub stories: bool,
}

impl Default for WatchConfig {
    fn default() -> Self {
        WatchConfig {
            feeds: Vec::new(),
            dirs: Vec::new(),
            fetch: FetchOptions::default(),
            run: RunOptions { batch_size: 16, ..RunOptions::default() },
            max_attempts: 3,
            stories: true,
        }
    }
}

/// What one cycle did.
#[derive(Debug, Clone, Default)]
pub struct CycleReport {
    /// The figures as stored (`watch_cycles`), including the status line.
    pub row: CycleRow,
    /// Items skipped because robots.txt disallows them.
    pub skipped: u64,
    /// Items still pending after the cycle (transient failures to retry).
    pub pending: u64,
    /// HTTP requests sent (robots.txt included).
    pub requests: u64,
    /// Every failure of the cycle, as stored.
    pub diagnostics: Vec<Diagnostic>,
}

impl CycleReport {
    pub fn line(&self) -> &str {
        self.row.line.as_deref().unwrap_or("")
    }
}

/// One watch cycle over `cfg`; `log` receives one line per failure.
pub fn run_cycle(
    store: &mut Store,
    cfg: &WatchConfig,
    coder: Option<&dyn SentenceCoder>,
    log: &mut dyn FnMut(&str),
) -> Result<CycleReport, WatchError> {
    let started = Instant::now();
    let mut rep = CycleReport::default();
    rep.row.id = store.start_watch_cycle()?;
    let before = store.max_document_id()?;
    let mut new_docs = 0u64;

    // 1. Directories.
    let files = changed_files(store, &cfg.dirs, &mut rep.diagnostics)?;
    if !files.is_empty() {
        let paths: Vec<PathBuf> = files.iter().map(|f| PathBuf::from(&f.0)).collect();
        let s = tidings_pipeline::run(store, &paths, coder, &cfg.run, &mut |_| {})?;
        store.record_watch_files(&files)?;
        rep.row.files_read = files.len() as u64;
        new_docs += s.new_documents;
        rep.row.events_added += s.events;
        rep.diagnostics.extend(s.diagnostics);
    }

    // 2. Feeds.
    let fetcher = Fetcher::new(cfg.fetch.clone());
    let polls = {
        let states: Vec<_> = cfg.feeds.iter().map(|u| store.watch_feed(u)).collect::<Result<_, _>>()?;
        let jobs: Vec<(String, Option<String>, Option<String>)> = cfg
            .feeds
            .iter()
            .zip(states)
            .map(|(u, s)| (u.clone(), s.as_ref().and_then(|s| s.etag.clone()), s.and_then(|s| s.last_modified)))
            .collect();
        parallel(&jobs, cfg.fetch.concurrency, |(url, etag, lm)| {
            fetcher.get(url, Validators { etag: etag.as_deref(), last_modified: lm.as_deref() })
        })
    };
    let mut item_diags = Vec::new();
    for (url, result) in cfg.feeds.iter().zip(polls) {
        rep.row.feeds_polled += 1;
        match result {
            Ok(f) if f.not_modified() => {
                store.record_feed_poll(url, 304, None, None, &[])?;
                rep.row.feeds_unchanged += 1;
            }
            Ok(f) => match feeds::feed_items(url, &f.body) {
                Ok((items, diags)) => {
                    store.record_feed_poll(url, f.status, f.etag.as_deref(), f.last_modified.as_deref(), &items)?;
                    item_diags.extend(diags);
                }
                Err(reason) => {
                    store.record_feed_failure(url, Some(f.status), &reason)?;
                    rep.diagnostics.push(Diagnostic::new(url.as_str(), format!("feed: {reason}")));
                }
            },
            Err(e) => {
                store.record_feed_failure(url, e.status(), &e.to_string())?;
                rep.diagnostics.push(Diagnostic::new(url.as_str(), format!("feed: {e}")));
            }
        }
    }
    rep.diagnostics.extend(item_diags);

    // 3. Pages of pending items, stored in item order a batch at a time.
    let pending = store.pending_watch_items()?;
    let batch = cfg.run.batch_size.max(1);
    let (tx, rx) = mpsc::channel::<(usize, Got)>();
    let mut page_stats = PageStats::default();
    let mut store_err: Option<WatchError> = None;
    let next = Mutex::new(0usize);
    std::thread::scope(|s| {
        for _ in 0..cfg.fetch.concurrency.max(1).min(pending.len().max(1)) {
            let tx = tx.clone();
            let (next, pending, fetcher) = (&next, &pending, &fetcher);
            s.spawn(move || loop {
                let i = {
                    let mut n = next.lock().unwrap_or_else(|p| p.into_inner());
                    let i = *n;
                    *n += 1;
                    i
                };
                let Some(p) = pending.get(i) else { break };
                let got = fetch_item(fetcher, p);
                if tx.send((i, got)).is_err() {
                    break;
                }
            });
        }
        drop(tx);
        let mut ready: BTreeMap<usize, Got> = BTreeMap::new();
        let mut next_out = 0usize;
        let mut chunk: Vec<(usize, Got)> = Vec::new();
        for (i, got) in rx {
            ready.insert(i, got);
            while let Some(g) = ready.remove(&next_out) {
                chunk.push((next_out, g));
                next_out += 1;
            }
            if chunk.len() >= batch || next_out == pending.len() {
                if store_err.is_none() {
                    if let Err(e) = store_chunk(store, cfg, coder, &pending, &mut chunk, &mut page_stats) {
                        store_err = Some(e);
                    }
                }
                chunk.clear();
            }
        }
    });
    if let Some(e) = store_err {
        return Err(e);
    }
    new_docs += page_stats.new_documents;
    rep.row.events_added += page_stats.events;
    rep.skipped = page_stats.skipped;
    rep.diagnostics.extend(page_stats.diagnostics);
    // Every failure is one diagnostic (feeds, items, files); robots.txt skips are logged but are no failure.
    rep.row.failures = (rep.diagnostics.len() as u64).saturating_sub(rep.skipped);

    // Failures as diagnostics in the store (and the log).
    if !rep.diagnostics.is_empty() {
        let mut b = store.batch()?;
        for d in &rep.diagnostics {
            b.add_diagnostic(d)?;
        }
        b.commit()?;
        for d in &rep.diagnostics {
            log(&format!("{}: {}", d.path, d.reason));
        }
    }

    // 4. Stories.
    if cfg.stories && new_docs > 0 {
        tidings_pipeline::stories::update_stories(store)?;
    }
    rep.row.new_articles = new_docs;
    rep.row.stories_touched = store.stories_of_documents_after(before)?;
    rep.pending = store.watch_item_counts()?.pending;
    rep.requests = fetcher.requests();
    let r = &rep.row;
    let mut line = format!(
        "watch cycle {}: {} feeds polled ({} unchanged), {} files read, {} new articles, {} events added, {} stories touched, {} failures",
        r.id, r.feeds_polled, r.feeds_unchanged, r.files_read, r.new_articles, r.events_added, r.stories_touched, r.failures
    );
    if rep.skipped > 0 {
        line.push_str(&format!(", {} skipped by robots.txt", rep.skipped));
    }
    if rep.pending > 0 {
        line.push_str(&format!(", {} to retry", rep.pending));
    }
    line.push_str(&format!(" in {:.1}s", started.elapsed().as_secs_f64()));
    rep.row.line = Some(line);
    store.finish_watch_cycle(&rep.row)?;
    if let Some(c) = store.recent_watch_cycles(1)?.into_iter().next() {
        rep.row.started_at = c.started_at;
        rep.row.finished_at = c.finished_at;
    }
    Ok(rep)
}

/// Run cycles every `every` (measured from the start of one to the next) until
/// `keep_going` says stop; `on_cycle` sees each report.
pub fn watch(
    store: &mut Store,
    cfg: &WatchConfig,
    coder: Option<&dyn SentenceCoder>,
    every: Duration,
    log: &mut dyn FnMut(&str),
    on_cycle: &mut dyn FnMut(&CycleReport) -> bool,
) -> Result<(), WatchError> {
    loop {
        let t = Instant::now();
        let rep = run_cycle(store, cfg, coder, log)?;
        if !on_cycle(&rep) {
            return Ok(());
        }
        if let Some(rest) = every.checked_sub(t.elapsed()) {
            std::thread::sleep(rest);
        }
    }
}

/// A fetched item, ready to store.
enum Got {
    Article(Box<Article>, Fetched),
    Failed(ItemOutcome, Diagnostic),
}

#[derive(Default)]
struct PageStats {
    new_documents: u64,
    events: u64,
    skipped: u64,
    diagnostics: Vec<Diagnostic>,
}

fn fetch_item(fetcher: &Fetcher, p: &PendingItem) -> Got {
    let url = p.item.url.as_str();
    match fetcher.get(url, Validators::default()) {
        Ok(f) => match page_article(p, &f) {
            Ok(a) => Got::Article(Box::new(a), f),
            Err(reason) => Got::Failed(
                ItemOutcome::Failed { status: Some(f.status), error: reason.clone(), retry: false },
                Diagnostic::new(url, reason),
            ),
        },
        Err(FetchError::Disallowed) => Got::Failed(
            ItemOutcome::Skipped { reason: FetchError::Disallowed.to_string() },
            Diagnostic::new(url, FetchError::Disallowed.to_string()),
        ),
        Err(e) => Got::Failed(
            ItemOutcome::Failed { status: e.status(), error: e.to_string(), retry: e.is_transient() },
            Diagnostic::new(url, e.to_string()),
        ),
    }
}

/// The article of a fetched page: boilerplate-free body and page metadata,
/// with the feed item's title, date, outlet and byline where the page has none.
pub fn page_article(p: &PendingItem, f: &Fetched) -> Result<Article, String> {
    let url = p.item.url.as_str();
    let doc = doc_id(url);
    let mime = f.content_type.as_deref().unwrap_or("").split(';').next().unwrap_or("").trim().to_ascii_lowercase();
    let html = matches!(mime.as_str(), "text/html" | "application/xhtml+xml")
        || (!mime.starts_with("text/plain") && tidings_ingest::html::looks_like_html(&f.body));
    let mut a = if html {
        tidings_ingest::html::parse_html_with(url, &doc, &f.body, Some(&f.final_url), f.charset().as_deref())
    } else if mime.is_empty() || mime.starts_with("text/plain") {
        tidings_ingest::parse_text(url, &doc, &f.body).map(|mut a| {
            a.url = Some(f.final_url.clone());
            a
        })
    } else {
        return Err(format!("unsupported content type {mime:?}"));
    }
    .map_err(|e| e.to_string())?;
    let it = &p.item;
    if a.title.is_none() {
        a.title = it.title.clone();
    }
    if a.date.is_none() {
        a.date = it.date.as_deref().and_then(Date::parse_iso);
        if a.date.is_some() {
            a.date_raw = it.date_raw.clone();
        }
    }
    if a.outlet.is_none() {
        a.outlet = it.outlet.clone();
    }
    if a.byline.is_none() {
        a.byline = it.byline.clone();
    }
    Ok(a)
}

/// Document id of a page: the last path segment without its extension, else the host.
pub fn doc_id(url: &str) -> String {
    let parsed = url::Url::parse(url).ok();
    let seg = parsed
        .as_ref()
        .and_then(|u| u.path_segments())
        .and_then(|mut s| s.rfind(|x| !x.is_empty()).map(str::to_string));
    match seg {
        Some(s) => {
            let decoded = s.replace("%20", " ");
            match decoded.rsplit_once('.') {
                Some((stem, _)) if !stem.is_empty() => stem.to_string(),
                _ => decoded,
            }
        }
        None => parsed.and_then(|u| u.host_str().map(str::to_string)).unwrap_or_else(|| url.to_string()),
    }
}

fn store_chunk(
    store: &mut Store,
    cfg: &WatchConfig,
    coder: Option<&dyn SentenceCoder>,
    pending: &[PendingItem],
    chunk: &mut [(usize, Got)],
    stats: &mut PageStats,
) -> Result<(), WatchError> {
    let mut articles = Vec::new();
    for (_, g) in chunk.iter_mut() {
        if let Got::Article(a, _) = g {
            articles.push(Item::Article((**a).clone()));
        }
    }
    if !articles.is_empty() {
        let s = tidings_pipeline::run_items(store, articles, coder, &cfg.run)?;
        stats.new_documents += s.new_documents;
        stats.events += s.events;
    }
    for (i, g) in chunk.iter() {
        let p = &pending[*i];
        match g {
            Got::Article(_, f) => {
                let doc = store.document_for_path(&p.item.url)?;
                let outcome = ItemOutcome::Done {
                    document_id: doc,
                    status: f.status,
                    final_url: f.final_url.clone(),
                    etag: f.etag.clone(),
                    last_modified: f.last_modified.clone(),
                };
                store.record_item_outcome(p.id, &outcome, cfg.max_attempts)?;
            }
            Got::Failed(outcome, d) => {
                store.record_item_outcome(p.id, outcome, cfg.max_attempts)?;
                if let ItemOutcome::Skipped { .. } = outcome {
                    stats.skipped += 1;
                }
                stats.diagnostics.push(d.clone());
            }
        }
    }
    Ok(())
}

/// Files under `dirs` not recorded yet, or changed since: (path, size, mtime ns).
fn changed_files(
    store: &Store,
    dirs: &[PathBuf],
    diags: &mut Vec<Diagnostic>,
) -> Result<Vec<(String, u64, i64)>, WatchError> {
    let mut out = Vec::new();
    for dir in dirs {
        let walker = walkdir::WalkDir::new(dir)
            .follow_links(true)
            .sort_by_file_name()
            .into_iter()
            .filter_entry(|e| e.depth() == 0 || !e.file_name().to_string_lossy().starts_with('.'));
        for entry in walker {
            let e = match entry {
                Ok(e) => e,
                Err(err) => {
                    let at = err.path().map_or_else(|| dir.display().to_string(), |p| p.display().to_string());
                    diags.push(Diagnostic::new(at, format!("cannot read: {err}")));
                    continue;
                }
            };
            if e.file_type().is_dir() {
                continue;
            }
            let Ok(meta) = e.metadata() else { continue };
            let mtime = meta
                .modified()
                .ok()
                .and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok())
                .map_or(0, |d| d.as_nanos() as i64);
            let path = e.path().display().to_string();
            if store.watch_file(&path)? != Some((meta.len(), mtime)) {
                out.push((path, meta.len(), mtime));
            }
        }
    }
    Ok(out)
}

/// Run `f` over `jobs` on up to `threads` threads; results in job order.
fn parallel<J: Sync, R: Send>(jobs: &[J], threads: usize, f: impl Fn(&J) -> R + Sync) -> Vec<R> {
    let next = Mutex::new(0usize);
    let results: Mutex<Vec<Option<R>>> = Mutex::new((0..jobs.len()).map(|_| None).collect());
    std::thread::scope(|s| {
        for _ in 0..threads.max(1).min(jobs.len()) {
            s.spawn(|| loop {
                let i = {
                    let mut n = next.lock().unwrap_or_else(|p| p.into_inner());
                    let i = *n;
                    *n += 1;
                    i
                };
                let Some(job) = jobs.get(i) else { break };
                let r = f(job);
                results.lock().unwrap_or_else(|p| p.into_inner())[i] = Some(r);
            });
        }
    });
    results.into_inner().unwrap_or_else(|p| p.into_inner()).into_iter().flatten().collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn doc_ids_from_urls() {
        assert_eq!(doc_id("http://127.0.0.1:8/news/000_abc.html"), "000_abc");
        assert_eq!(doc_id("https://n.example/2024/03/port-opens/"), "port-opens");
        assert_eq!(doc_id("https://n.example/"), "n.example");
        assert_eq!(doc_id("https://n.example/a/b?x=1"), "b");
    }
}
