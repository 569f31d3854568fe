//! Embedded SQLite store for tidings.
//!
//! * Versioned schema with forward-only migrations (`PRAGMA user_version`).
//! * Documents are keyed by a content hash of their normalized text: the same
//!   text arriving again (same file re-ingested, or the same article from
//!   another path) is stored once and recorded as a *sighting*.
//! * Every write goes through a [`Batch`] — one SQLite transaction — so a
//!   killed run loses at most the batch in flight and a re-run completes it.
//! * Spans are stored as byte offsets into `documents.text`, which is stored
//!   verbatim; sentence and event text is always re-sliced from it.

mod schema;
pub mod watch;

use rusqlite::{params, Connection, OptionalExtension};
use std::path::Path;
use tidings_model::{Article, Date, Diagnostic, SourceFormat, Span};

pub use schema::SCHEMA_VERSION;

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("sqlite: {0}")]
    Sqlite(#[from] rusqlite::Error),
    #[error("store {path} has schema version {found}, newer than this tidings ({supported})")]
    TooNew { path: String, found: i64, supported: i64 },
    #[error("corrupt row in {table}: {reason}")]
    Corrupt { table: &'static str, reason: String },
}

pub type Result<T> = std::result::Result<T, StoreError>;

/// Row counts, for run summaries and idempotency checks.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, serde::Serialize)]
pub struct Counts {
    pub documents: u64,
    pub sightings: u64,
    pub sentences: u64,
    pub events: u64,
    pub diagnostics: u64,
}

/// What happened to an article offered to [`Batch::add_article`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AddOutcome {
    /// New text: stored with this document id; the caller should add sentences/events.
    New(i64),
    /// Same text as an existing document, seen at a new place: a sighting was recorded.
    Duplicate(i64),
    /// Same text from the same place as before: nothing changed.
    AlreadySeen(i64),
}

impl AddOutcome {
    pub fn id(self) -> i64 {
        match self {
            AddOutcome::New(i) | AddOutcome::Duplicate(i) | AddOutcome::AlreadySeen(i) => i,
        }
    }
}

/// An actor slot of an event as stored.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct ActorRow {
    pub code: String,
    pub text: String,
    pub span: Span,
    /// Where the actor is from, when its mention names or implies a place ("Russian
    /// military" → Russia, "Moscow police" → Moscow): GDELT's Actor1Geo/Actor2Geo.
    pub location: Option<LocationRow>,
}

/// A coded event to store, with its evidence.
#[derive(Debug, Clone, PartialEq)]
pub struct NewEvent {
    /// Index of the sentence within the document (as given to `add_sentences`).
    pub sentence: usize,
    pub code: String,
    pub actor1: Option<ActorRow>,
    pub actor2: Option<ActorRow>,
    pub verb: Span,
    pub date: Option<Date>,
    pub pattern: String,
    /// How precise `date` is: `day`, `month`, `year`.
    pub date_precision: Option<String>,
    /// Where `date` came from: `sentence`, `publication`, `story`.
    pub date_source: Option<String>,
    /// The phrase the date was resolved from ("on Wednesday").
    pub date_phrase: Option<String>,
    pub location: Option<LocationRow>,
}

/// An event's action location (GDELT ActionGeo), with its evidence span when it came from the text.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct LocationRow {
    pub name: String,
    pub kind: String,
    /// ISO 3166-1 alpha-3 country code ("RUS"); empty for international waters.
    pub country: String,
    /// FIPS 10-4 country code, as GDELT's ActionGeo_CountryCode ("RS").
    pub fips: String,
    pub adm1: Option<String>,
    pub lat: f64,
    pub lon: f64,
    pub feature_id: Option<String>,
    pub span: Option<Span>,
}

/// A story as stored (recomputed by the story engine after each run).
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct StoryRow {
    pub id: i64,
    pub headline: Option<String>,
    pub date: Option<String>,
    pub place: Option<String>,
    pub num_articles: u64,
    pub num_sources: u64,
    pub num_mentions: u64,
    /// The story brief as JSON (agreements, conflicts, quotes, ...).
    pub brief: Option<String>,
}

/// One real-world event: a cluster of coreferent event mentions.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct ClusterRow {
    pub id: i64,
    pub story_id: Option<i64>,
    /// The mention (events.id) that stands for the cluster.
    pub root_event_id: i64,
    pub code: String,
    pub actor1_code: Option<String>,
    pub actor2_code: Option<String>,
    pub date: Option<String>,
    pub num_mentions: u64,
    pub num_sources: u64,
    pub num_articles: u64,
}

/// Story-level results to write in one go: replaces all previous story data.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct StoryUpdate {
    pub stories: Vec<StoryRow>,
    pub clusters: Vec<ClusterRow>,
    /// (document id, story id, resolved date, date inferred from the story)
    pub documents: Vec<(i64, Option<i64>, Option<String>, bool)>,
    /// (event id, cluster id, confidence, resolved date, date precision, date source)
    pub events: Vec<EventUpdate>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct EventUpdate {
    pub event_id: i64,
    pub cluster_id: Option<i64>,
    pub confidence: Option<f64>,
    /// When set, replaces the event's date (e.g. resolved against an inferred story date).
    pub date: Option<(String, Option<String>, Option<String>)>,
}

/// A stored document.
#[derive(Debug, Clone, PartialEq)]
pub struct DocumentRow {
    pub id: i64,
    pub doc: String,
    pub path: String,
    pub format: String,
    pub url: Option<String>,
    pub outlet: Option<String>,
    pub title: Option<String>,
    pub byline: Option<String>,
    pub date: Option<String>,
    pub date_raw: Option<String>,
    pub content_hash: String,
    pub story_id: Option<i64>,
    pub resolved_date: Option<String>,
    pub sightings: u64,
    /// `resolved_date` was inferred from the document's story (it states no date itself).
    pub date_inferred: bool,
}

#[derive(Debug, Clone, PartialEq)]
pub struct SentenceRow {
    pub document_id: i64,
    pub doc: String,
    pub index: usize,
    pub span: Span,
    pub text: String,
}

#[derive(Debug, Clone, PartialEq)]
pub struct EventRow {
    pub id: i64,
    pub document_id: i64,
    pub doc: String,
    pub sentence_index: usize,
    pub sentence_span: Span,
    pub sentence_text: String,
    pub code: String,
    pub actor1: Option<ActorRow>,
    pub actor2: Option<ActorRow>,
    pub verb: Span,
    pub date: Option<String>,
    pub pattern: String,
    pub date_precision: Option<String>,
    pub date_source: Option<String>,
    pub date_phrase: Option<String>,
    pub location: Option<LocationRow>,
    pub cluster_id: Option<i64>,
    pub confidence: Option<f64>,
    pub story_id: Option<i64>,
    pub outlet: Option<String>,
    pub url: Option<String>,
    pub path: String,
    pub doc_date: Option<String>,
    pub ingested_at: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DiagnosticRow {
    pub path: String,
    pub reason: String,
    pub count: u64,
}

pub struct Store {
    conn: Connection,
}

impl Store {
    /// Open (creating and migrating as needed) the store at `path`.
    pub fn open(path: &Path) -> Result<Store> {
        let conn = Connection::open(path)?;
        Self::init(conn, &path.display().to_string())
    }

    /// A private in-memory store (tests, `code-records`).
    pub fn open_in_memory() -> Result<Store> {
        Self::init(Connection::open_in_memory()?, ":memory:")
    }

    fn init(conn: Connection, label: &str) -> Result<Store> {
        // SAFETY: `handle` is this open connection's pointer, used for one call before any
        // statement exists; the variadic arguments are the (void*, int, int) LOOKASIDE takes.
        unsafe {
            rusqlite::ffi::sqlite3_db_config(
                conn.handle(),
                rusqlite::ffi::SQLITE_DBCONFIG_LOOKASIDE,
                std::ptr::null_mut::<std::ffi::c_void>(),
                1200 as std::ffi::c_int,
                1000 as std::ffi::c_int,
            );
        }
        conn.pragma_update(None, "journal_mode", "WAL")?;
        conn.pragma_update(None, "synchronous", "NORMAL")?;
        // The references of sentences and events (to their document and sentence) are
        // checked by `Batch` itself, once per document rather than by SQLite once per row;
        // nothing else writes those tables.
        conn.pragma_update(None, "foreign_keys", "OFF")?;
        conn.busy_timeout(std::time::Duration::from_secs(10))?;
        // Room for the multi-row inserts of a batch (2 x CHUNKS) next to the other statements.
        conn.set_prepared_statement_cache_capacity(32);
        schema::migrate(&conn, label)?;
        Ok(Store { conn })
    }

    /// Start a write batch (one transaction). Dropping it without `commit` rolls back.
    pub fn batch(&mut self) -> Result<Batch<'_>> {
        Ok(Batch {
            tx: self.conn.transaction()?,
            json: Vec::new(),
            documents: std::collections::HashSet::new(),
            sentences: std::collections::HashMap::new(),
        })
    }

    pub fn counts(&self) -> Result<Counts> {
        let one = |sql: &str| -> Result<u64> { Ok(self.conn.query_row(sql, [], |r| r.get::<_, i64>(0))? as u64) };
        Ok(Counts {
            documents: one("SELECT count(*) FROM documents")?,
            sightings: one("SELECT count(*) FROM sightings")?,
            sentences: one("SELECT count(*) FROM sentences")?,
            events: one("SELECT count(*) FROM events")?,
            diagnostics: one("SELECT count(*) FROM diagnostics")?,
        })
    }

    /// `PRAGMA integrity_check` result ("ok" when healthy).
    pub fn integrity_check(&self) -> Result<String> {
        Ok(self.conn.query_row("PRAGMA integrity_check", [], |r| r.get(0))?)
    }

    pub fn schema_version(&self) -> Result<i64> {
        Ok(self.conn.query_row("PRAGMA user_version", [], |r| r.get(0))?)
    }

    /// Text of one document.
    pub fn document_text(&self, id: i64) -> Result<Option<String>> {
        Ok(self.conn.query_row("SELECT text FROM documents WHERE id = ?1", [id], |r| r.get(0)).optional()?)
    }

    /// Sentence spans of one document, in order.
    pub fn sentence_spans(&self, document_id: i64) -> Result<Vec<Span>> {
        let mut stmt =
            self.conn.prepare_cached("SELECT start, end FROM sentences WHERE document_id = ?1 ORDER BY idx")?;
        let rows = stmt
            .query_map([document_id], |r| Ok(Span::new(r.get::<_, i64>(0)? as usize, r.get::<_, i64>(1)? as usize)))?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Ids of documents after `after` (exclusive), in order.
    pub fn document_ids_after(&self, after: i64) -> Result<Vec<i64>> {
        let mut stmt = self.conn.prepare("SELECT id FROM documents WHERE id > ?1 ORDER BY id")?;
        let rows = stmt.query_map([after], |r| r.get(0))?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// One document by id.
    pub fn document(&self, id: i64) -> Result<Option<DocumentRow>> {
        let mut found = None;
        self.documents_where("WHERE d.id = ?1", &[&id], |d| found = Some(d))?;
        Ok(found)
    }

    /// Visit every document in id order.
    pub fn for_each_document(&self, f: impl FnMut(DocumentRow)) -> Result<()> {
        self.documents_where("", &[], f)
    }

    fn documents_where(
        &self,
        filter: &str,
        args: &[&dyn rusqlite::ToSql],
        mut f: impl FnMut(DocumentRow),
    ) -> Result<()> {
        let mut stmt = self.conn.prepare(&format!(
            "SELECT d.id, d.doc, d.path, d.format, d.url, d.outlet, d.title, d.byline, d.date, d.date_raw,
                    d.content_hash, d.story_id, d.resolved_date,
                    (SELECT count(*) FROM sightings s WHERE s.document_id = d.id), d.date_inferred
             FROM documents d {filter} ORDER BY d.id"
        ))?;
        let rows = stmt.query_map(args, |r| {
            Ok(DocumentRow {
                id: r.get(0)?,
                doc: r.get(1)?,
                path: r.get(2)?,
                format: r.get(3)?,
                url: r.get(4)?,
                outlet: r.get(5)?,
                title: r.get(6)?,
                byline: r.get(7)?,
                date: r.get(8)?,
                date_raw: r.get(9)?,
                content_hash: r.get(10)?,
                story_id: r.get(11)?,
                resolved_date: r.get(12)?,
                sightings: r.get::<_, i64>(13)? as u64,
                date_inferred: r.get::<_, i64>(14)? != 0,
            })
        })?;
        for row in rows {
            f(row?);
        }
        Ok(())
    }

    /// Visit every sentence (document order, then sentence order), with its text.
    pub fn for_each_sentence(&self, mut f: impl FnMut(SentenceRow)) -> Result<()> {
        let mut stmt = self.conn.prepare(
            "SELECT s.document_id, d.doc, s.idx, s.start, s.end, d.text FROM sentences s
             JOIN documents d ON d.id = s.document_id ORDER BY s.document_id, s.idx",
        )?;
        // Slicing by bytes must happen in Rust (SQLite substr counts characters).
        let mut cache: Option<(i64, String)> = None;
        let mut rows = stmt.query([])?;
        while let Some(r) = rows.next()? {
            let document_id: i64 = r.get(0)?;
            let span = Span::new(r.get::<_, i64>(3)? as usize, r.get::<_, i64>(4)? as usize);
            if cache.as_ref().map(|c| c.0) != Some(document_id) {
                cache = Some((document_id, r.get(5)?));
            }
            let text = cache.as_ref().map(|c| slice(&c.1, span, "sentences")).transpose()?.unwrap_or_default();
            f(SentenceRow { document_id, doc: r.get(1)?, index: r.get::<_, i64>(2)? as usize, span, text });
        }
        Ok(())
    }

    /// Visit every event in id order, with its evidence sentence.
    pub fn for_each_event(&self, f: impl FnMut(EventRow)) -> Result<()> {
        self.events_where("", &[], f)
    }

    /// Events of one document, in id order.
    pub fn events_of(&self, document_id: i64) -> Result<Vec<EventRow>> {
        let mut v = Vec::new();
        self.events_where("WHERE e.document_id = ?1", &[&document_id], |e| v.push(e))?;
        Ok(v)
    }

    fn events_where(&self, filter: &str, args: &[&dyn rusqlite::ToSql], mut f: impl FnMut(EventRow)) -> Result<()> {
        let mut stmt = self.conn.prepare(&format!(
            "SELECT e.id, e.document_id, d.doc, s.idx, s.start, s.end, e.code,
                    e.a1_code, e.a1_start, e.a1_end, e.a2_code, e.a2_start, e.a2_end,
                    e.verb_start, e.verb_end, e.date, e.pattern, d.text,
                    e.date_precision, e.date_source, e.date_phrase,
                    e.loc_name, e.loc_kind, e.loc_country, e.loc_adm1, e.loc_lat, e.loc_lon, e.loc_feature_id,
                    e.loc_start, e.loc_end, e.cluster_id, e.confidence, d.story_id, d.outlet, d.url, d.path,
                    d.date, d.ingested_at, e.loc_fips, e.a1_geo, e.a2_geo
             FROM events e JOIN sentences s ON s.id = e.sentence_id JOIN documents d ON d.id = e.document_id
             {filter} ORDER BY e.id"
        ))?;
        let mut rows = stmt.query(args)?;
        while let Some(r) = rows.next()? {
            let text: String = r.get(17)?;
            let span_at = |a: usize, b: usize| -> rusqlite::Result<Option<Span>> {
                let s: Option<i64> = r.get(a)?;
                let e: Option<i64> = r.get(b)?;
                Ok(s.zip(e).map(|(s, e)| Span::new(s as usize, e as usize)))
            };
            let actor = |code: Option<String>, span: Option<Span>, geo: Option<String>| -> Result<Option<ActorRow>> {
                match (code, span) {
                    (Some(code), Some(span)) => {
                        let location = match geo {
                            Some(json) => Some(serde_json::from_str(&json).map_err(|e| StoreError::Corrupt {
                                table: "events",
                                reason: format!("actor location {json:?}: {e}"),
                            })?),
                            None => None,
                        };
                        Ok(Some(ActorRow { code, text: slice(&text, span, "events")?, span, location }))
                    }
                    _ => Ok(None),
                }
            };
            let sentence_span = Span::new(r.get::<_, i64>(4)? as usize, r.get::<_, i64>(5)? as usize);
            let a1 = actor(r.get(7)?, span_at(8, 9)?, r.get(39)?)?;
            let a2 = actor(r.get(10)?, span_at(11, 12)?, r.get(40)?)?;
            f(EventRow {
                id: r.get(0)?,
                document_id: r.get(1)?,
                doc: r.get(2)?,
                sentence_index: r.get::<_, i64>(3)? as usize,
                sentence_span,
                sentence_text: slice(&text, sentence_span, "sentences")?,
                code: r.get(6)?,
                actor1: a1,
                actor2: a2,
                verb: span_at(13, 14)?.unwrap_or(sentence_span),
                date: r.get(15)?,
                pattern: r.get(16)?,
                date_precision: r.get(18)?,
                date_source: r.get(19)?,
                date_phrase: r.get(20)?,
                location: match (
                    r.get::<_, Option<String>>(21)?,
                    r.get::<_, Option<f64>>(25)?,
                    r.get::<_, Option<f64>>(26)?,
                ) {
                    (Some(name), Some(lat), Some(lon)) => Some(LocationRow {
                        name,
                        kind: r.get::<_, Option<String>>(22)?.unwrap_or_default(),
                        country: r.get::<_, Option<String>>(23)?.unwrap_or_default(),
                        fips: r.get::<_, Option<String>>(38)?.unwrap_or_default(),
                        adm1: r.get(24)?,
                        lat,
                        lon,
                        feature_id: r.get(27)?,
                        span: span_at(28, 29)?,
                    }),
                    _ => None,
                },
                cluster_id: r.get(30)?,
                confidence: r.get(31)?,
                story_id: r.get(32)?,
                outlet: r.get(33)?,
                url: r.get(34)?,
                path: r.get(35)?,
                doc_date: r.get(36)?,
                ingested_at: r.get(37)?,
            });
        }
        Ok(())
    }

    /// Replace all story-level data (stories, event clusters, assignments) in one transaction.
    pub fn write_stories(&mut self, u: &StoryUpdate) -> Result<()> {
        let tx = self.conn.transaction()?;
        tx.execute_batch(
            "DELETE FROM stories; DELETE FROM event_clusters;
             UPDATE events SET cluster_id = NULL, confidence = NULL;
             UPDATE documents SET story_id = NULL, resolved_date = NULL, date_inferred = 0;",
        )?;
        write_story_rows(&tx, u)?;
        tx.commit()?;
        Ok(())
    }

    /// Write the story-level data that changed: upsert the given stories and event clusters,
    /// delete the `removed` story ids (merged or emptied), and update the listed documents
    /// and events. Rows not mentioned are left as they are, so the cost follows the change,
    /// not the size of the store.
    pub fn write_story_changes(&mut self, u: &StoryUpdate, removed: &[i64]) -> Result<()> {
        let tx = self.conn.transaction()?;
        {
            let mut del = tx.prepare("DELETE FROM stories WHERE id = ?1")?;
            for id in removed {
                del.execute([id])?;
            }
        }
        write_story_rows(&tx, u)?;
        tx.commit()?;
        Ok(())
    }

    pub fn stories(&self) -> Result<Vec<StoryRow>> {
        let mut stmt = self.conn.prepare(
            "SELECT id, headline, date, place, num_articles, num_sources, num_mentions, brief FROM stories ORDER BY id",
        )?;
        let rows = stmt.query_map([], |r| {
            Ok(StoryRow {
                id: r.get(0)?,
                headline: r.get(1)?,
                date: r.get(2)?,
                place: r.get(3)?,
                num_articles: r.get::<_, i64>(4)? as u64,
                num_sources: r.get::<_, i64>(5)? as u64,
                num_mentions: r.get::<_, i64>(6)? as u64,
                brief: r.get(7)?,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    pub fn clusters(&self) -> Result<Vec<ClusterRow>> {
        let mut stmt = self.conn.prepare(
            "SELECT id, story_id, root_event_id, code, actor1_code, actor2_code, date, num_mentions, num_sources,
                    num_articles FROM event_clusters ORDER BY id",
        )?;
        let rows = stmt.query_map([], |r| {
            Ok(ClusterRow {
                id: r.get(0)?,
                story_id: r.get(1)?,
                root_event_id: r.get(2)?,
                code: r.get(3)?,
                actor1_code: r.get(4)?,
                actor2_code: r.get(5)?,
                date: r.get(6)?,
                num_mentions: r.get::<_, i64>(7)? as u64,
                num_sources: r.get::<_, i64>(8)? as u64,
                num_articles: r.get::<_, i64>(9)? as u64,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Persisted engine state (e.g. the story engine), by name.
    pub fn state(&self, name: &str) -> Result<Option<Vec<u8>>> {
        Ok(self.conn.query_row("SELECT value FROM engine_state WHERE name = ?1", [name], |r| r.get(0)).optional()?)
    }

    pub fn set_state(&mut self, name: &str, value: &[u8]) -> Result<()> {
        self.conn.execute(
            "INSERT INTO engine_state (name, value) VALUES (?1, ?2)
             ON CONFLICT(name) DO UPDATE SET value = excluded.value",
            params![name, value],
        )?;
        Ok(())
    }

    /// Read-only access for query layers (HTTP API, exports) that need their own SQL.
    pub fn connection(&self) -> &Connection {
        &self.conn
    }

    pub fn diagnostics(&self) -> Result<Vec<DiagnosticRow>> {
        let mut stmt = self.conn.prepare("SELECT path, reason, count FROM diagnostics ORDER BY id")?;
        let rows = stmt.query_map([], |r| {
            Ok(DiagnosticRow { path: r.get(0)?, reason: r.get(1)?, count: r.get::<_, i64>(2)? as u64 })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }
}

fn slice(text: &str, span: Span, table: &'static str) -> Result<String> {
    text.get(span.range())
        .map(str::to_owned)
        .ok_or_else(|| StoreError::Corrupt { table, reason: format!("span {span:?} does not slice its document") })
}

/// Content hash used for exact-duplicate detection (hex BLAKE3 of the dedup key).
pub fn content_hash(dedup_key: &str) -> String {
    blake3::hash(dedup_key.as_bytes()).to_hex().as_str().to_owned()
}

/// The sentences and events of one new document, for [`Batch::add_documents`].
#[derive(Debug, Clone, Copy)]
pub struct DocumentRows<'a> {
    /// The document id (from [`Batch::add_article`]).
    pub id: i64,
    pub sentences: &'a [Span],
    /// Events whose `sentence` indexes `sentences`.
    pub events: &'a [NewEvent],
}

/// The id of the sentence an event refers to, among a document's `sentence_ids`.
fn sentence_id(sentence_ids: &[i64], e: &NewEvent) -> Result<i64> {
    sentence_ids.get(e.sentence).copied().ok_or_else(|| StoreError::Corrupt {
        table: "events",
        reason: format!("event refers to sentence {} of {}", e.sentence, sentence_ids.len()),
    })
}

/// One write transaction.
pub struct Batch<'a> {
    tx: rusqlite::Transaction<'a>,
    /// Reused buffer for the actor-location JSON of `add_events`.
    json: Vec<u8>,
    /// Documents stored by this batch (known to exist without a lookup).
    documents: std::collections::HashSet<i64>,
    /// Sentence ids stored by this batch, per document: `first..first + count`.
    sentences: std::collections::HashMap<i64, std::ops::Range<i64>>,
}

const FIND_DOCUMENT: &str = "SELECT id FROM documents WHERE content_hash = ?1";
const INSERT_DOCUMENT: &str =
    "INSERT INTO documents (doc, path, format, url, outlet, title, byline, date, date_raw, content_hash, text)
     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)";
const INSERT_SIGHTING: &str =
    "INSERT OR IGNORE INTO sightings (document_id, path, url, outlet, date) VALUES (?1, ?2, ?3, ?4, ?5)";
/// A multi-row `INSERT ... VALUES (..), (..)` statement, prepared for chunks of
/// [`CHUNKS`] rows: one statement per chunk instead of one per row.
struct MultiInsert {
    head: &'static str,
    columns: usize,
    sql: std::sync::OnceLock<Vec<String>>,
}

/// Row counts of the prepared multi-row statements, largest first; any count is a sum of them.
const CHUNKS: [usize; 6] = [32, 16, 8, 4, 2, 1];

impl MultiInsert {
    const fn new(head: &'static str, columns: usize) -> MultiInsert {
        MultiInsert { head, columns, sql: std::sync::OnceLock::new() }
    }

    /// The statement text for `CHUNKS[which]` rows.
    fn sql(&'static self, which: usize) -> &'static str {
        let all = self.sql.get_or_init(|| {
            CHUNKS
                .iter()
                .map(|&rows| {
                    let row = format!("({})", vec!["?"; self.columns].join(", "));
                    format!("{} VALUES {}", self.head, vec![row; rows].join(", "))
                })
                .collect()
        });
        &all[which]
    }
}

/// Split `n` rows into chunks: (index into [`CHUNKS`], first row, row count).
fn chunks(n: usize) -> impl Iterator<Item = (usize, usize, usize)> {
    let mut at = 0;
    std::iter::from_fn(move || {
        let left = n - at;
        let which = CHUNKS.iter().position(|&c| c <= left)?;
        let first = at;
        at += CHUNKS[which];
        Some((which, first, CHUNKS[which]))
    })
}

static INSERT_SENTENCES: MultiInsert = MultiInsert::new("INSERT INTO sentences (document_id, idx, start, end)", 4);
static INSERT_EVENTS: MultiInsert = MultiInsert::new(
    "INSERT INTO events (document_id, sentence_id, code, a1_code, a1_start, a1_end, a2_code, a2_start, a2_end,
                         verb_start, verb_end, date, pattern, date_precision, date_source, date_phrase,
                         loc_name, loc_kind, loc_country, loc_adm1, loc_lat, loc_lon, loc_feature_id,
                         loc_start, loc_end, loc_fips, a1_geo, a2_geo)",
    28,
);

impl Batch<'_> {
    /// Store an article (or record a sighting of identical text). `hash` is
    /// [`content_hash`] of the ingest stage's dedup key.
    pub fn add_article(&mut self, a: &Article, hash: &str) -> Result<AddOutcome> {
        let existing: Option<i64> =
            self.tx.prepare_cached(FIND_DOCUMENT)?.query_row([hash], |r| r.get(0)).optional()?;
        let mut date_text = DateText::default();
        let date = a.date.map(|d| date_text.format(d));
        let id = match existing {
            Some(id) => id,
            None => {
                let mut st = self.tx.prepare_cached(INSERT_DOCUMENT)?;
                st.raw_bind_parameter(1, a.doc.as_str())?;
                st.raw_bind_parameter(2, a.path.as_str())?;
                st.raw_bind_parameter(3, format_str(a.format))?;
                st.raw_bind_parameter(4, a.url.as_deref())?;
                st.raw_bind_parameter(5, a.outlet.as_deref())?;
                st.raw_bind_parameter(6, a.title.as_deref())?;
                st.raw_bind_parameter(7, a.byline.as_deref())?;
                st.raw_bind_parameter(8, date)?;
                st.raw_bind_parameter(9, a.date_raw.as_deref())?;
                st.raw_bind_parameter(10, hash)?;
                st.raw_bind_parameter(11, a.text.as_str())?;
                st.raw_execute()?;
                self.tx.last_insert_rowid()
            }
        };
        let mut st = self.tx.prepare_cached(INSERT_SIGHTING)?;
        st.raw_bind_parameter(1, id)?;
        st.raw_bind_parameter(2, a.path.as_str())?;
        st.raw_bind_parameter(3, a.url.as_deref())?;
        st.raw_bind_parameter(4, a.outlet.as_deref())?;
        st.raw_bind_parameter(5, date)?;
        let inserted = st.raw_execute()?;
        Ok(match (existing, inserted) {
            (None, _) => {
                self.documents.insert(id);
                AddOutcome::New(id)
            }
            (Some(_), 0) => AddOutcome::AlreadySeen(id),
            (Some(_), _) => AddOutcome::Duplicate(id),
        })
    }

    /// Store the sentence spans of a new document.
    pub fn add_sentences(&mut self, document_id: i64, spans: &[Span]) -> Result<Vec<i64>> {
        let rows: Vec<(i64, usize, Span)> = spans.iter().enumerate().map(|(i, s)| (document_id, i, *s)).collect();
        self.insert_sentences(&rows)
    }

    /// Store events for a document whose sentences were stored with ids `sentence_ids`.
    pub fn add_events(&mut self, document_id: i64, sentence_ids: &[i64], events: &[NewEvent]) -> Result<()> {
        let rows =
            events.iter().map(|e| Ok((document_id, sentence_id(sentence_ids, e)?, e))).collect::<Result<Vec<_>>>()?;
        for &(_, sid, _) in &rows {
            self.check_sentence(document_id, sid)?;
        }
        self.insert_events(&rows)
    }

    /// Error unless document `id` exists (what the `sentences.document_id` and
    /// `events.document_id` references require).
    fn check_document(&mut self, id: i64) -> Result<()> {
        if self.documents.contains(&id) {
            return Ok(());
        }
        let found = self.tx.prepare_cached("SELECT 1 FROM documents WHERE id = ?1")?.exists([id])?;
        if !found {
            return Err(StoreError::Corrupt { table: "sentences", reason: format!("no document {id}") });
        }
        self.documents.insert(id);
        Ok(())
    }

    /// Error unless sentence `id` exists and belongs to document `document_id`.
    fn check_sentence(&mut self, document_id: i64, id: i64) -> Result<()> {
        if self.sentences.get(&document_id).is_some_and(|r| r.contains(&id)) {
            return Ok(());
        }
        let owner: Option<i64> = self
            .tx
            .prepare_cached("SELECT document_id FROM sentences WHERE id = ?1")?
            .query_row([id], |r| r.get(0))
            .optional()?;
        if owner != Some(document_id) {
            return Err(StoreError::Corrupt {
                table: "events",
                reason: format!("sentence {id} is not a sentence of document {document_id}"),
            });
        }
        Ok(())
    }

    /// Store the sentences and events of several new documents, as [`Batch::add_sentences`]
    /// then [`Batch::add_events`] for each would (the same rows and ids), with the rows of
    /// all documents sharing the multi-row inserts.
    pub fn add_documents(&mut self, docs: &[DocumentRows<'_>]) -> Result<()> {
        let sentences: Vec<(i64, usize, Span)> =
            docs.iter().flat_map(|d| d.sentences.iter().enumerate().map(|(i, s)| (d.id, i, *s))).collect();
        let ids = self.insert_sentences(&sentences)?;
        let mut events = Vec::with_capacity(docs.iter().map(|d| d.events.len()).sum());
        let mut first = 0;
        for d in docs {
            let own = &ids[first..first + d.sentences.len()];
            first += d.sentences.len();
            for e in d.events {
                events.push((d.id, sentence_id(own, e)?, e));
            }
        }
        self.insert_events(&events)
    }

    /// Insert (document id, index, span) rows; returns their ids.
    fn insert_sentences(&mut self, rows: &[(i64, usize, Span)]) -> Result<Vec<i64>> {
        let mut last_document = None;
        for &(document_id, _, _) in rows {
            if last_document != Some(document_id) {
                self.check_document(document_id)?;
                last_document = Some(document_id);
            }
        }
        let mut ids = Vec::with_capacity(rows.len());
        if rows.is_empty() {
            return Ok(ids);
        }
        // Each new rowid is one more than the largest (this transaction is the only writer),
        // so the rows of one statement get consecutive ids ending at the last inserted one.
        // SQLite only departs from that once the largest rowid is i64::MAX: checked below.
        let mut largest: i64 =
            self.tx.prepare_cached("SELECT coalesce(max(id), 0) FROM sentences")?.query_row([], |r| r.get(0))?;
        for (which, first, n) in chunks(rows.len()) {
            let mut stmt = self.tx.prepare_cached(INSERT_SENTENCES.sql(which))?;
            for (r, (document_id, index, span)) in rows[first..first + n].iter().enumerate() {
                let at = r * 4;
                stmt.raw_bind_parameter(at + 1, *document_id)?;
                stmt.raw_bind_parameter(at + 2, *index as i64)?;
                stmt.raw_bind_parameter(at + 3, span.start as i64)?;
                stmt.raw_bind_parameter(at + 4, span.end as i64)?;
            }
            stmt.raw_execute()?;
            let last = self.tx.last_insert_rowid();
            if largest.checked_add(n as i64) != Some(last) {
                return Err(StoreError::Corrupt {
                    table: "sentences",
                    reason: format!("new ids do not follow the largest id {largest}"),
                });
            }
            ids.extend(largest + 1..=last);
            largest = last;
        }
        for (&(document_id, _, _), &id) in rows.iter().zip(&ids) {
            let range = self.sentences.entry(document_id).or_insert(id..id);
            if range.end == id {
                range.end = id + 1;
            }
        }
        Ok(ids)
    }

    /// Insert (document id, sentence id, event) rows.
    fn insert_events(&mut self, rows: &[(i64, i64, &NewEvent)]) -> Result<()> {
        let json = &mut self.json;
        for (which, first, n) in chunks(rows.len()) {
            let mut stmt = self.tx.prepare_cached(INSERT_EVENTS.sql(which))?;
            for (r, (document_id, sentence_id, e)) in rows[first..first + n].iter().enumerate() {
                bind_event(&mut stmt, r * 28, *document_id, *sentence_id, e, json)?;
            }
            stmt.raw_execute()?;
        }
        Ok(())
    }

    /// Record a diagnostic; the same (path, reason) again only bumps its count.
    pub fn add_diagnostic(&mut self, d: &Diagnostic) -> Result<()> {
        self.tx
            .prepare_cached(
                "INSERT INTO diagnostics (path, reason) VALUES (?1, ?2)
             ON CONFLICT(path, reason) DO UPDATE SET count = count + 1, last_seen = CURRENT_TIMESTAMP",
            )?
            .execute(params![d.path, d.reason])?;
        Ok(())
    }

    pub fn commit(self) -> Result<()> {
        Ok(self.tx.commit()?)
    }
}

/// Bind the 28 columns of one event row, as parameters `at + 1 ..= at + 28`.
fn bind_event(
    stmt: &mut rusqlite::Statement<'_>,
    at: usize,
    document_id: i64,
    sentence_id: i64,
    e: &NewEvent,
    json: &mut Vec<u8>,
) -> Result<()> {
    stmt.raw_bind_parameter(at + 1, document_id)?;
    stmt.raw_bind_parameter(at + 2, sentence_id)?;
    stmt.raw_bind_parameter(at + 3, e.code.as_str())?;
    for (col, actor) in [(4, &e.actor1), (7, &e.actor2)] {
        stmt.raw_bind_parameter(at + col, actor.as_ref().map(|a| a.code.as_str()))?;
        stmt.raw_bind_parameter(at + col + 1, actor.as_ref().map(|a| a.span.start as i64))?;
        stmt.raw_bind_parameter(at + col + 2, actor.as_ref().map(|a| a.span.end as i64))?;
    }
    stmt.raw_bind_parameter(at + 10, e.verb.start as i64)?;
    stmt.raw_bind_parameter(at + 11, e.verb.end as i64)?;
    let mut date = DateText::default();
    stmt.raw_bind_parameter(at + 12, e.date.map(|d| date.format(d)))?;
    stmt.raw_bind_parameter(at + 13, e.pattern.as_str())?;
    stmt.raw_bind_parameter(at + 14, e.date_precision.as_deref())?;
    stmt.raw_bind_parameter(at + 15, e.date_source.as_deref())?;
    stmt.raw_bind_parameter(at + 16, e.date_phrase.as_deref())?;
    let l = e.location.as_ref();
    stmt.raw_bind_parameter(at + 17, l.map(|l| l.name.as_str()))?;
    stmt.raw_bind_parameter(at + 18, l.map(|l| l.kind.as_str()))?;
    stmt.raw_bind_parameter(at + 19, l.map(|l| l.country.as_str()))?;
    stmt.raw_bind_parameter(at + 20, l.and_then(|l| l.adm1.as_deref()))?;
    stmt.raw_bind_parameter(at + 21, l.map(|l| l.lat))?;
    stmt.raw_bind_parameter(at + 22, l.map(|l| l.lon))?;
    stmt.raw_bind_parameter(at + 23, l.and_then(|l| l.feature_id.as_deref()))?;
    stmt.raw_bind_parameter(at + 24, l.and_then(|l| l.span).map(|s| s.start as i64))?;
    stmt.raw_bind_parameter(at + 25, l.and_then(|l| l.span).map(|s| s.end as i64))?;
    stmt.raw_bind_parameter(at + 26, l.map(|l| l.fips.as_str()))?;
    for (col, actor) in [(27, &e.actor1), (28, &e.actor2)] {
        stmt.raw_bind_parameter(at + col, actor_geo(json, actor)?)?;
    }
    Ok(())
}

/// A date as stored (`YYYY-MM-DD`, the `Display` form of [`Date`]), formatted
/// without allocating.
#[derive(Default)]
struct DateText {
    buf: [u8; 16],
    len: usize,
}

impl DateText {
    fn format(&mut self, d: Date) -> &str {
        use std::io::Write;
        let mut w = &mut self.buf[..];
        let total = w.len();
        // Fast path for the common 4-digit year; anything else goes through `Display`.
        if (0..=9999).contains(&d.year) && d.month < 100 && d.day < 100 {
            let (y, m, dd) = (d.year as u32, d.month, d.day);
            let digits = [
                b'0' + (y / 1000) as u8,
                b'0' + (y / 100 % 10) as u8,
                b'0' + (y / 10 % 10) as u8,
                b'0' + (y % 10) as u8,
                b'-',
                b'0' + (m / 10) as u8,
                b'0' + (m % 10) as u8,
                b'-',
                b'0' + (dd / 10) as u8,
                b'0' + (dd % 10) as u8,
            ];
            self.buf[..10].copy_from_slice(&digits);
            self.len = 10;
        } else if write!(w, "{d}").is_ok() {
            self.len = total - w.len();
        } else {
            self.len = 0;
        }
        // Only ASCII digits, '-' and what `Display` wrote are in the buffer.
        std::str::from_utf8(&self.buf[..self.len]).unwrap_or_default()
    }
}

fn format_str(f: SourceFormat) -> &'static str {
    f.as_str()
}

#[cfg(test)]
mod tests;

/// JSON of an actor's location, for the `a1_geo` / `a2_geo` columns, written into `buf`.
fn actor_geo<'b>(buf: &'b mut Vec<u8>, a: &Option<ActorRow>) -> Result<Option<&'b str>> {
    match a.as_ref().and_then(|a| a.location.as_ref()) {
        Some(l) => {
            buf.clear();
            let bad = |e: String| StoreError::Corrupt { table: "events", reason: format!("actor location: {e}") };
            location_json(buf, l).map_err(|e| bad(e.to_string()))?;
            std::str::from_utf8(buf).map(Some).map_err(|e| bad(e.to_string()))
        }
        None => Ok(None),
    }
}

/// `serde_json::to_string(l)`, byte for byte (the field order and names of the derive),
/// without the per-field machinery: keys are literals, values go through serde_json.
fn location_json(buf: &mut Vec<u8>, l: &LocationRow) -> serde_json::Result<()> {
    fn value<T: serde::Serialize + ?Sized>(buf: &mut Vec<u8>, key: &[u8], v: &T) -> serde_json::Result<()> {
        buf.extend_from_slice(key);
        serde_json::to_writer(&mut *buf, v)
    }
    value(buf, b"{\"name\":", l.name.as_str())?;
    value(buf, b",\"kind\":", l.kind.as_str())?;
    value(buf, b",\"country\":", l.country.as_str())?;
    value(buf, b",\"fips\":", l.fips.as_str())?;
    value(buf, b",\"adm1\":", &l.adm1)?;
    value(buf, b",\"lat\":", &l.lat)?;
    value(buf, b",\"lon\":", &l.lon)?;
    value(buf, b",\"feature_id\":", &l.feature_id)?;
    value(buf, b",\"span\":", &l.span)?;
    buf.push(b'}');
    Ok(())
}

/// Upsert the stories and event clusters of `u` and apply its document and event assignments.
fn write_story_rows(tx: &rusqlite::Transaction<'_>, u: &StoryUpdate) -> Result<()> {
    let mut st = tx.prepare(
        "INSERT OR REPLACE INTO stories (id, headline, date, place, num_articles, num_sources, num_mentions, brief)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
    )?;
    for x in &u.stories {
        st.execute(params![
            x.id,
            x.headline,
            x.date,
            x.place,
            x.num_articles as i64,
            x.num_sources as i64,
            x.num_mentions as i64,
            x.brief
        ])?;
    }
    let mut cl = tx.prepare(
        "INSERT OR REPLACE INTO event_clusters (id, story_id, root_event_id, code, actor1_code, actor2_code,
                                                date, num_mentions, num_sources, num_articles)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
    )?;
    for c in &u.clusters {
        cl.execute(params![
            c.id,
            c.story_id,
            c.root_event_id,
            c.code,
            c.actor1_code,
            c.actor2_code,
            c.date,
            c.num_mentions as i64,
            c.num_sources as i64,
            c.num_articles as i64
        ])?;
    }
    let mut d =
        tx.prepare("UPDATE documents SET story_id = ?2, resolved_date = ?3, date_inferred = ?4 WHERE id = ?1")?;
    for (id, story, date, inferred) in &u.documents {
        d.execute(params![id, story, date, *inferred as i64])?;
    }
    let mut e = tx.prepare("UPDATE events SET cluster_id = ?2, confidence = ?3 WHERE id = ?1")?;
    let mut ed = tx.prepare("UPDATE events SET date = ?2, date_precision = ?3, date_source = ?4 WHERE id = ?1")?;
    for x in &u.events {
        e.execute(params![x.event_id, x.cluster_id, x.confidence])?;
        if let Some((date, prec, src)) = &x.date {
            ed.execute(params![x.event_id, date, prec, src])?;
        }
    }
    Ok(())
}
