//! Exports of a tidings store: JSONL, CSV, GDELT 2.0 Event/Mentions tables and
//! Parquet. Field names are a public interface (see README "Output formats" and
//! this crate's README): keep them stable.
//!
//! Every export goes through [`export`]; the same row builders feed CSV and
//! Parquet (one typed column list per table, [`columns`]), so the two always
//! agree. The GDELT writer ([`gdelt`]) emits the exact GDELT 2.0 column order.

pub mod fixture;
pub mod gdelt;
mod parquet_out;
mod rows;

pub use rows::{columns, ActorOut, ArticleOut, EventOut, EvidenceOut, LocationOut, MentionOut, MentionRef};
pub use rows::{SentenceOut, StoryOut};

use std::collections::{HashMap, HashSet};
use std::io::Write;
use tidings_store::{ClusterRow, EventRow, Store};

#[derive(Debug, thiserror::Error)]
pub enum ExportError {
    #[error(transparent)]
    Store(#[from] tidings_store::StoreError),
    #[error("sqlite: {0}")]
    Sql(#[from] rusqlite::Error),
    #[error("export: {0}")]
    Io(#[from] std::io::Error),
    #[error("csv: {0}")]
    Csv(#[from] csv::Error),
    #[error("json: {0}")]
    Json(#[from] serde_json::Error),
    #[error("parquet: {0}")]
    Parquet(String),
    #[error("--format {format} cannot export --what {what} ({reason})")]
    Unsupported { what: &'static str, format: &'static str, reason: &'static str },
    #[error("bad filter {field}={value:?}: {reason}")]
    BadFilter { field: &'static str, value: String, reason: &'static str },
}

pub type Result<T> = std::result::Result<T, ExportError>;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum What {
    Articles,
    Sentences,
    Events,
    Mentions,
    Stories,
}

impl What {
    pub fn name(self) -> &'static str {
        match self {
            What::Articles => "articles",
            What::Sentences => "sentences",
            What::Events => "events",
            What::Mentions => "mentions",
            What::Stories => "stories",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Jsonl,
    Csv,
    /// GDELT 2.0 tab-separated Event (61 columns) or Mentions (16 columns) table.
    Gdelt,
    Parquet,
}

impl Format {
    pub fn name(self) -> &'static str {
        match self {
            Format::Jsonl => "jsonl",
            Format::Csv => "csv",
            Format::Gdelt => "gdelt",
            Format::Parquet => "parquet",
        }
    }
}

/// Row filters shared by exports and the HTTP API. All are optional and combine with AND.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Filter {
    /// Earliest event date, inclusive (`YYYY-MM-DD`).
    pub since: Option<String>,
    /// Latest event date, inclusive (`YYYY-MM-DD`).
    pub until: Option<String>,
    /// Actor code prefix; matches when actor1 or actor2 code starts with it (`USA` matches `USAGOV`).
    pub actor: Option<String>,
    /// CAMEO event code prefix (`04` matches `040`, `042`, ...).
    pub code: Option<String>,
    /// Story id.
    pub story: Option<i64>,
}

/// Check a `YYYY-MM-DD` date (also accepts `YYYYMMDD`); returns it as `YYYY-MM-DD`.
pub fn parse_date(field: &'static str, s: &str) -> Result<String> {
    let s = s.trim();
    let digits: String = s.chars().filter(|c| *c != '-').collect();
    let shaped = s.len() == 10 && s.as_bytes().get(4) == Some(&b'-') && s.as_bytes().get(7) == Some(&b'-');
    if digits.len() != 8 || !digits.bytes().all(|b| b.is_ascii_digit()) || !(shaped || s.len() == 8) {
        return Err(ExportError::BadFilter { field, value: s.to_string(), reason: "expected YYYY-MM-DD" });
    }
    let (y, m, d) = (&digits[..4], &digits[4..6], &digits[6..]);
    let (mi, di): (u32, u32) = (m.parse().unwrap_or(0), d.parse().unwrap_or(0));
    if !(1..=12).contains(&mi) || !(1..=31).contains(&di) {
        return Err(ExportError::BadFilter { field, value: s.to_string(), reason: "month or day out of range" });
    }
    Ok(format!("{y}-{m}-{d}"))
}

/// Check an actor code or CAMEO code prefix: 1-15 ASCII letters/digits.
pub fn parse_code(field: &'static str, s: &str) -> Result<String> {
    let s = s.trim();
    if s.is_empty() || s.len() > 15 || !s.bytes().all(|b| b.is_ascii_alphanumeric()) {
        return Err(ExportError::BadFilter { field, value: s.to_string(), reason: "expected 1-15 letters or digits" });
    }
    Ok(s.to_ascii_uppercase())
}

impl Filter {
    /// Build a filter from raw strings, validating each (used by the CLI and the server).
    pub fn parse(
        since: Option<&str>,
        until: Option<&str>,
        actor: Option<&str>,
        code: Option<&str>,
        story: Option<&str>,
    ) -> Result<Filter> {
        let since = since.map(|s| parse_date("since", s)).transpose()?;
        let until = until.map(|s| parse_date("until", s)).transpose()?;
        if let (Some(a), Some(b)) = (&since, &until) {
            if a > b {
                return Err(ExportError::BadFilter { field: "since", value: a.clone(), reason: "after --until" });
            }
        }
        let story = story
            .map(|s| {
                s.trim().parse::<i64>().map_err(|_| ExportError::BadFilter {
                    field: "story",
                    value: s.to_string(),
                    reason: "expected an integer story id",
                })
            })
            .transpose()?;
        Ok(Filter {
            since,
            until,
            actor: actor.map(|s| parse_code("actor", s)).transpose()?,
            code: code.map(|s| parse_code("code", s)).transpose()?,
            story,
        })
    }

    pub fn is_empty(&self) -> bool {
        *self == Filter::default()
    }

    /// Whether a date (`YYYY-MM-DD...`, or none) is inside since/until. Undated rows
    /// pass only when no date bound is set.
    pub fn date_ok(&self, date: Option<&str>) -> bool {
        if self.since.is_none() && self.until.is_none() {
            return true;
        }
        let Some(d) = date else { return false };
        let d = d.get(..10).unwrap_or(d);
        self.since.as_deref().is_none_or(|s| d >= s) && self.until.as_deref().is_none_or(|u| d <= u)
    }

    /// Whether an event passes every filter.
    pub fn event_ok(&self, e: &EventRow) -> bool {
        if let Some(s) = self.story {
            if e.story_id != Some(s) {
                return false;
            }
        }
        if let Some(c) = &self.code {
            if !e.code.starts_with(c.as_str()) {
                return false;
            }
        }
        if let Some(a) = &self.actor {
            let hit = |x: &Option<tidings_store::ActorRow>| x.as_ref().is_some_and(|x| x.code.starts_with(a.as_str()));
            if !hit(&e.actor1) && !hit(&e.actor2) {
                return false;
            }
        }
        self.date_ok(event_date(e))
    }
}

/// The date an event is placed on: its own date, else its document's.
pub fn event_date(e: &EventRow) -> Option<&str> {
    e.date.as_deref().or(e.doc_date.as_deref())
}

/// Cluster (coreference) context for events: counts and the mentions of each cluster.
#[derive(Debug, Default)]
pub struct Clusters {
    pub by_id: HashMap<i64, ClusterRow>,
    pub mentions: HashMap<i64, Vec<MentionRef>>,
}

impl Clusters {
    /// Load clusters and their member mentions (empty when no story engine has run).
    pub fn load(store: &Store) -> Result<Clusters> {
        let by_id = store.clusters()?.into_iter().map(|c| (c.id, c)).collect();
        let mut mentions: HashMap<i64, Vec<MentionRef>> = HashMap::new();
        let mut stmt = store.connection().prepare(
            "SELECT e.cluster_id, d.doc, s.idx, s.start, s.end FROM events e
             JOIN sentences s ON s.id = e.sentence_id JOIN documents d ON d.id = e.document_id
             WHERE e.cluster_id IS NOT NULL ORDER BY e.id",
        )?;
        let mut rows = stmt.query([])?;
        while let Some(r) = rows.next()? {
            let cid: i64 = r.get(0)?;
            let m = MentionRef {
                doc: r.get(1)?,
                sentence: r.get::<_, i64>(2)?.max(0) as usize,
                span: [r.get::<_, i64>(3)?.max(0) as usize, r.get::<_, i64>(4)?.max(0) as usize],
            };
            mentions.entry(cid).or_default().push(m);
        }
        Ok(Clusters { by_id, mentions })
    }

    /// The GDELT GlobalEventID of an event: its cluster's root mention, else itself.
    pub fn global_id(&self, e: &EventRow) -> i64 {
        e.cluster_id.and_then(|c| self.by_id.get(&c)).map_or(e.id, |c| c.root_event_id)
    }

    /// Whether the event stands for its cluster (or is unclustered).
    pub fn is_root(&self, e: &EventRow) -> bool {
        self.global_id(e) == e.id
    }
}

/// Events passing `filter`, in id order, with cluster context (used by the server).
pub fn events(store: &Store, filter: &Filter) -> Result<Vec<EventOut>> {
    let clusters = Clusters::load(store)?;
    let mut out = Vec::new();
    store.for_each_event(|e| {
        if filter.event_ok(&e) {
            out.push(EventOut::from_row(&e, &clusters));
        }
    })?;
    Ok(out)
}

/// Write `what` from `store` to `out` in `format`; returns the number of rows written.
pub fn export(store: &Store, what: What, format: Format, filter: &Filter, out: &mut dyn Write) -> Result<u64> {
    if format == Format::Gdelt {
        return match what {
            What::Events => gdelt::write_events(store, filter, out),
            What::Mentions => gdelt::write_mentions(store, filter, out),
            _ => Err(ExportError::Unsupported {
                what: what.name(),
                format: format.name(),
                reason: "GDELT has Event and Mentions tables only",
            }),
        };
    }
    let mut sink: Box<dyn Sink + '_> = match format {
        Format::Jsonl => Box::new(JsonSink { out: &mut *out }),
        Format::Csv => Box::new(CsvSink { w: csv::Writer::from_writer(&mut *out), what, header: false }),
        Format::Parquet => Box::new(parquet_out::ParquetSink::new(what, &mut *out)?),
        Format::Gdelt => unreachable_gdelt()?,
    };
    let mut n = 0u64;
    let mut err: Option<ExportError> = None;
    let mut emit = |row: Row| {
        if err.is_none() {
            match sink.row(&row) {
                Ok(()) => n += 1,
                Err(e) => err = Some(e),
            }
        }
    };
    match what {
        What::Articles => {
            let docs = article_docs(store, filter)?;
            store.for_each_document(|d| {
                if docs.as_ref().is_none_or(|s| s.contains(&d.id)) && article_ok(filter, &d) {
                    emit(Row::Article(ArticleOut::from_row(d)));
                }
            })?;
        }
        What::Sentences => {
            let docs = article_docs(store, filter)?;
            let story_docs = story_docs(store, filter)?;
            store.for_each_sentence(|s| {
                if docs.as_ref().is_none_or(|d| d.contains(&s.document_id))
                    && story_docs.as_ref().is_none_or(|d| d.contains(&s.document_id))
                {
                    emit(Row::Sentence(SentenceOut::from_row(s)));
                }
            })?;
        }
        What::Events => {
            let clusters = Clusters::load(store)?;
            store.for_each_event(|e| {
                if filter.event_ok(&e) {
                    emit(Row::Event(Box::new(EventOut::from_row(&e, &clusters))));
                }
            })?;
        }
        What::Mentions => {
            let clusters = Clusters::load(store)?;
            store.for_each_event(|e| {
                if filter.event_ok(&e) {
                    emit(Row::Mention(MentionOut::from_row(&e, &clusters)));
                }
            })?;
        }
        What::Stories => {
            for s in store.stories()? {
                if filter.story.is_none_or(|id| id == s.id) && filter.date_ok(s.date.as_deref()) {
                    emit(Row::Story(StoryOut::from_row(s)));
                }
            }
        }
    }
    if let Some(e) = err {
        return Err(e);
    }
    sink.finish()?;
    Ok(n)
}

fn unreachable_gdelt() -> Result<Box<dyn Sink + 'static>> {
    Err(ExportError::Unsupported { what: "any", format: "gdelt", reason: "internal dispatch" })
}

fn article_ok(filter: &Filter, d: &tidings_store::DocumentRow) -> bool {
    filter.story.is_none_or(|s| d.story_id == Some(s))
        && filter.date_ok(d.resolved_date.as_deref().or(d.date.as_deref()))
}

/// Documents having at least one event matching the actor/code filters (None = no such filter).
fn article_docs(store: &Store, filter: &Filter) -> Result<Option<HashSet<i64>>> {
    if filter.actor.is_none() && filter.code.is_none() {
        return Ok(None);
    }
    let f = Filter { since: None, until: None, story: None, ..filter.clone() };
    let mut set = HashSet::new();
    store.for_each_event(|e| {
        if f.event_ok(&e) {
            set.insert(e.document_id);
        }
    })?;
    Ok(Some(set))
}

fn story_docs(store: &Store, filter: &Filter) -> Result<Option<HashSet<i64>>> {
    if filter.story.is_none() && filter.since.is_none() && filter.until.is_none() {
        return Ok(None);
    }
    let mut set = HashSet::new();
    store.for_each_document(|d| {
        if article_ok(filter, &d) {
            set.insert(d.id);
        }
    })?;
    Ok(Some(set))
}

/// One output row of any table.
pub(crate) enum Row {
    Article(ArticleOut),
    Sentence(SentenceOut),
    Event(Box<EventOut>),
    Mention(MentionOut),
    Story(StoryOut),
}

impl Row {
    fn json(&self, out: &mut dyn Write) -> Result<()> {
        match self {
            Row::Article(x) => serde_json::to_writer(&mut *out, x)?,
            Row::Sentence(x) => serde_json::to_writer(&mut *out, x)?,
            Row::Event(x) => serde_json::to_writer(&mut *out, x)?,
            Row::Mention(x) => serde_json::to_writer(&mut *out, x)?,
            Row::Story(x) => serde_json::to_writer(&mut *out, x)?,
        }
        out.write_all(b"\n")?;
        Ok(())
    }

    /// Typed cells in [`columns`] order.
    pub(crate) fn cells(&self) -> Vec<rows::Cell> {
        match self {
            Row::Article(x) => x.cells(),
            Row::Sentence(x) => x.cells(),
            Row::Event(x) => x.cells(),
            Row::Mention(x) => x.cells(),
            Row::Story(x) => x.cells(),
        }
    }
}

pub(crate) trait Sink {
    fn row(&mut self, row: &Row) -> Result<()>;
    fn finish(&mut self) -> Result<()>;
}

struct JsonSink<'a> {
    out: &'a mut dyn Write,
}

impl Sink for JsonSink<'_> {
    fn row(&mut self, row: &Row) -> Result<()> {
        row.json(self.out)
    }
    fn finish(&mut self) -> Result<()> {
        self.out.flush()?;
        Ok(())
    }
}

struct CsvSink<W: Write> {
    w: csv::Writer<W>,
    what: What,
    header: bool,
}

impl<W: Write> CsvSink<W> {
    fn header(&mut self) -> Result<()> {
        if !self.header {
            self.header = true;
            self.w.write_record(columns(self.what).iter().map(|(n, _)| *n))?;
        }
        Ok(())
    }
}

impl<W: Write> Sink for CsvSink<W> {
    fn row(&mut self, row: &Row) -> Result<()> {
        self.header()?;
        self.w.write_record(row.cells().iter().map(rows::Cell::to_text))?;
        Ok(())
    }
    fn finish(&mut self) -> Result<()> {
        self.header()?;
        self.w.flush()?;
        Ok(())
    }
}

#[cfg(test)]
mod tests;
