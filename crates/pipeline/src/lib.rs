//! The tidings pipeline: ingest -> text -> coding -> store, plus exports.
//!
//! [`run`] streams documents from the ingest stage, groups them into batches,
//! and writes each batch in one store transaction: documents (or sightings of
//! known text), sentences with byte spans, coded events with their evidence,
//! and diagnostics. A killed run loses at most the batch in flight; a re-run
//! skips what is stored (content hash + path) and completes the rest.

pub mod coding;
pub mod records;
pub mod stories;
pub mod synth;

use std::path::PathBuf;
use tidings_ingest::{IngestOptions, Item};
use tidings_model::{Article, Date, Diagnostic};
use tidings_store::{content_hash, AddOutcome, DocumentRows, NewEvent, Store, StoreError};

#[derive(Debug, thiserror::Error)]
pub enum PipelineError {
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error("stories: {0}")]
    Stories(String),
    #[error("thread pool: {0}")]
    Threads(String),
    #[error("dictionaries: {0}")]
    Dict(#[from] tidings_dict::DictError),
    #[error("dictionaries {path}: {reason}")]
    Dictionaries { path: String, reason: String },
}

/// Codes the events of one sentence. Implemented by the CLI over the CAMEO
/// coder and the syntax analyzer; the pipeline only needs this seam.
pub trait SentenceCoder: Sync {
    /// `doc` is the document text, `sentence` one of its sentences (spans into `doc`).
    /// Returned events must have spans into `doc`; their `sentence` field is ignored.
    fn code(&self, doc: &str, sentence: &tidings_text::Sentence, date: Option<Date>) -> Vec<NewEvent>;

    /// Code all sentences of one document, in order (one list per sentence). The
    /// default codes each sentence on its own; coders with per-article memory
    /// (later mentions of people named earlier) override it.
    fn code_sentences(
        &self,
        doc: &str,
        sentences: &[tidings_text::Sentence],
        date: Option<Date>,
    ) -> Vec<Vec<NewEvent>> {
        sentences.iter().map(|s| self.code(doc, s, date)).collect()
    }
}

#[derive(Debug, Clone)]
pub struct RunOptions {
    pub ingest: IngestOptions,
    /// Documents per store transaction.
    pub batch_size: usize,
    /// Worker threads for sentence splitting, analysis and coding (0 = one per core).
    /// Output is identical for any thread count.
    pub threads: usize,
}

impl Default for RunOptions {
    fn default() -> Self {
        RunOptions { ingest: IngestOptions::default(), batch_size: 200, threads: 0 }
    }
}

/// What a run did.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize)]
pub struct Summary {
    /// Articles read from the input.
    pub articles: u64,
    /// Articles stored as new documents.
    pub new_documents: u64,
    /// Articles whose text was already stored from another place (recorded as a sighting).
    pub duplicates: u64,
    /// Articles already stored from this very place (re-ingest): nothing changed.
    pub already_seen: u64,
    pub sentences: u64,
    pub events: u64,
    /// Input bytes of article text processed.
    pub text_bytes: u64,
    pub diagnostics: Vec<Diagnostic>,
}

/// Progress callback payload.
#[derive(Debug, Clone, Copy, Default)]
pub struct Progress {
    pub articles: u64,
    pub text_bytes: u64,
    pub sentences: u64,
}

/// Items collected into store batches of `batch_size`, each processed on `pool`
/// and written in one transaction (shared by [`run`] and [`run_items`]).
struct Batcher {
    pool: rayon::ThreadPool,
    pending: Vec<Item>,
    batch_size: usize,
    summary: Summary,
}

impl Batcher {
    fn new(opts: &RunOptions) -> Result<Batcher, PipelineError> {
        let pool = rayon::ThreadPoolBuilder::new()
            .num_threads(opts.threads)
            .build()
            .map_err(|e| PipelineError::Threads(e.to_string()))?;
        let batch_size = opts.batch_size.max(1);
        Ok(Batcher { pool, pending: Vec::with_capacity(batch_size), batch_size, summary: Summary::default() })
    }

    /// Add one item; returns whether a batch was written.
    fn push(
        &mut self,
        store: &mut Store,
        item: Item,
        coder: Option<&dyn SentenceCoder>,
    ) -> Result<bool, PipelineError> {
        self.pending.push(item);
        if self.pending.len() < self.batch_size {
            return Ok(false);
        }
        flush(store, &mut self.pending, coder, &self.pool, &mut self.summary)?;
        Ok(true)
    }

    fn finish(mut self, store: &mut Store, coder: Option<&dyn SentenceCoder>) -> Result<Summary, PipelineError> {
        flush(store, &mut self.pending, coder, &self.pool, &mut self.summary)?;
        Ok(self.summary)
    }

    fn progress(&self) -> Progress {
        Progress {
            articles: self.summary.articles,
            text_bytes: self.summary.text_bytes,
            sentences: self.summary.sentences,
        }
    }
}

/// Ingest and process `paths` (files, directories, or `-` for stdin) into `store`.
pub fn run(
    store: &mut Store,
    paths: &[PathBuf],
    coder: Option<&dyn SentenceCoder>,
    opts: &RunOptions,
    progress: &mut dyn FnMut(Progress),
) -> Result<Summary, PipelineError> {
    let mut batcher = Batcher::new(opts)?;
    let mut error: Option<PipelineError> = None;
    for path in paths {
        let mut sink = |item: Item| {
            if error.is_some() {
                return;
            }
            match batcher.push(store, item, coder) {
                Ok(true) => progress(batcher.progress()),
                Ok(false) => {}
                Err(e) => error = Some(e),
            }
        };
        if path.as_os_str() == "-" {
            let stdin = std::io::stdin();
            let mut lock = stdin.lock();
            tidings_ingest::ingest_reader("-", &mut lock, &opts.ingest, &mut sink);
        } else {
            tidings_ingest::ingest_path(path, &opts.ingest, &mut sink);
        }
        if let Some(e) = error.take() {
            return Err(e);
        }
    }
    let summary = batcher.finish(store, coder)?;
    progress(Progress { articles: summary.articles, text_bytes: summary.text_bytes, sentences: summary.sentences });
    Ok(summary)
}

/// Process items read elsewhere (e.g. pages fetched by the live watcher)
/// exactly as [`run`] processes files: batches of `opts.batch_size`, one
/// transaction each, the same dedup by content hash and path.
pub fn run_items(
    store: &mut Store,
    items: impl IntoIterator<Item = Item>,
    coder: Option<&dyn SentenceCoder>,
    opts: &RunOptions,
) -> Result<Summary, PipelineError> {
    let mut batcher = Batcher::new(opts)?;
    for item in items {
        batcher.push(store, item, coder)?;
    }
    batcher.finish(store, coder)
}

fn flush(
    store: &mut Store,
    pending: &mut Vec<Item>,
    coder: Option<&dyn SentenceCoder>,
    pool: &rayon::ThreadPool,
    summary: &mut Summary,
) -> Result<(), PipelineError> {
    if pending.is_empty() {
        return Ok(());
    }
    let mut batch = store.batch()?;
    // Phase 1 (sequential, in the transaction): store documents / sightings.
    let mut fresh: Vec<(i64, Article)> = Vec::new();
    for item in pending.drain(..) {
        match item {
            Item::Diagnostic(d) => {
                batch.add_diagnostic(&d)?;
                summary.diagnostics.push(d);
            }
            Item::Article(a) => {
                summary.articles += 1;
                summary.text_bytes += a.text.len() as u64;
                let hash = content_hash(&tidings_ingest::dedup_key(&a.text));
                match batch.add_article(&a, &hash)? {
                    AddOutcome::New(id) => {
                        summary.new_documents += 1;
                        fresh.push((id, a));
                    }
                    AddOutcome::Duplicate(_) => summary.duplicates += 1,
                    AddOutcome::AlreadySeen(_) => summary.already_seen += 1,
                }
            }
        }
    }
    // Phase 2 (parallel, pure): sentences, analysis, coding of the new documents.
    let processed: Vec<_> = pool.install(|| {
        use rayon::prelude::*;
        fresh.par_iter().map(|(_, a)| process(a, coder)).collect()
    });
    // Phase 3 (sequential, in order): store sentences and events.
    let docs: Vec<DocumentRows<'_>> = fresh
        .iter()
        .zip(&processed)
        .map(|((id, _), (spans, events))| DocumentRows { id: *id, sentences: spans, events })
        .collect();
    for d in &docs {
        summary.sentences += d.sentences.len() as u64;
        summary.events += d.events.len() as u64;
    }
    batch.add_documents(&docs)?;
    batch.commit()?;
    Ok(())
}

/// Sentences and events of one article (pure: no store access). Each event
/// gets its date (resolved from the sentence against the publication date)
/// and its action location (from the sentence, disambiguated by the article);
/// each actor gets the place its mention names or implies, when it does.
pub fn process(a: &Article, coder: Option<&dyn SentenceCoder>) -> (Vec<tidings_model::Span>, Vec<NewEvent>) {
    let sentences = tidings_text::analyze(&a.text);
    let mut events = Vec::new();
    if let Some(coder) = coder {
        let gaz = tidings_geo::Gazetteer::embedded();
        let mut ctx: Option<tidings_geo::DocContext> = None;
        let anchor = a.date.map(tidings_when::ResolvedDate::publication);
        let per_sentence = coder.code_sentences(&a.text, &sentences, a.date);
        for (i, (s, coded)) in sentences.iter().zip(per_sentence).enumerate() {
            if coded.is_empty() {
                continue;
            }
            let ctx = ctx.get_or_insert_with(|| tidings_geo::DocContext::new(gaz, &a.text, &sentences));
            // The sentence's tokens are looked up once for the event and every actor.
            let places = ctx.sentence(gaz, &a.text, s);
            let place = places.locate().map(location_row);
            let date = tidings_when::resolve_sentence(&a.text, s, anchor.clone());
            for mut e in coded {
                e.sentence = i;
                set_date(&mut e, date.as_ref());
                e.location = place.clone();
                for actor in [&mut e.actor1, &mut e.actor2].into_iter().flatten() {
                    actor.location = places.actor_location(actor.span).map(location_row);
                }
                events.push(e);
            }
        }
    }
    (sentences.into_iter().map(|s| s.span).collect(), events)
}

/// Store form of a resolved place.
pub fn location_row(h: tidings_geo::PlaceHit) -> tidings_store::LocationRow {
    tidings_store::LocationRow {
        name: h.place.name,
        kind: h.place.kind.as_str().to_string(),
        country: h.place.iso3,
        fips: h.place.country,
        adm1: h.place.adm1,
        lat: h.place.lat,
        lon: h.place.lon,
        feature_id: h.place.feature_id,
        span: Some(h.span),
    }
}

/// Public names of date precision and source (export fields `date_precision`, `date_source`).
pub fn precision_str(p: tidings_when::Precision) -> &'static str {
    match p {
        tidings_when::Precision::Day => "day",
        tidings_when::Precision::Week => "week",
        tidings_when::Precision::Month => "month",
        tidings_when::Precision::Year => "year",
    }
}

pub fn source_str(s: tidings_when::DateSource) -> &'static str {
    match s {
        tidings_when::DateSource::Sentence => "sentence",
        tidings_when::DateSource::Publication => "publication",
        tidings_when::DateSource::Story => "story",
    }
}

fn set_date(e: &mut NewEvent, d: Option<&tidings_when::ResolvedDate>) {
    e.date = d.map(|d| d.date);
    e.date_precision = d.map(|d| precision_str(d.precision).to_string());
    e.date_source = d.map(|d| if d.inferred { "story" } else { source_str(d.source) }.to_string());
    e.date_phrase = d.and_then(|d| d.phrase.clone());
}

#[cfg(test)]
mod tests;
