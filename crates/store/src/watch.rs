//! State of the live watcher (`tidings watch`), kept in the store so that a
//! restart never fetches the same thing twice and a crash loses nothing:
//!
//! * `watch_feeds`: one row per feed URL with its HTTP validators (ETag,
//!   Last-Modified) for conditional GET, and the outcome of its last poll;
//! * `watch_items`: one row per feed item (keyed by link URL, also found by
//!   guid) with its state (`pending`, `done`, `failed`, `skipped`), attempts,
//!   the page's validators, the document it became and the last error. A feed
//!   poll records its new items as `pending` in the same transaction as the
//!   feed's new validators, so an item is never lost behind a `304`;
//! * `watch_files`: files of watched directories already read (size + mtime);
//! * `watch_cycles`: one row per cycle with its figures and status line; a
//!   row without `finished_at` is a cycle that was interrupted.

use crate::{Result, Store};
use rusqlite::{params, OptionalExtension};

const NOW: &str = "strftime('%Y-%m-%dT%H:%M:%fZ','now')";

/// A feed's stored poll state.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize)]
pub struct FeedState {
    pub url: String,
    pub etag: Option<String>,
    pub last_modified: Option<String>,
    pub last_polled: Option<String>,
    /// HTTP status of the last poll (`None` when it never got a response).
    pub last_status: Option<u16>,
    pub last_error: Option<String>,
    pub polls: u64,
    pub failures: u64,
}

/// A feed item discovered by a poll.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct NewItem {
    pub url: String,
    pub guid: Option<String>,
    pub feed_url: String,
    pub title: Option<String>,
    /// Publication date from the feed (`YYYY-MM-DD`).
    pub date: Option<String>,
    pub date_raw: Option<String>,
    pub outlet: Option<String>,
    pub byline: Option<String>,
}

/// A feed item to fetch (state `pending`).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PendingItem {
    pub id: i64,
    pub attempts: u32,
    pub item: NewItem,
}

/// How a fetch of an item ended.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ItemOutcome {
    /// Fetched and stored as (or recognized as) this document.
    Done {
        document_id: Option<i64>,
        status: u16,
        final_url: String,
        etag: Option<String>,
        last_modified: Option<String>,
    },
    /// Failed; `retry` keeps it pending for a later cycle.
    Failed { status: Option<u16>, error: String, retry: bool },
    /// Not to be fetched (robots.txt disallows it).
    Skipped { reason: String },
}

/// Figures of one watch cycle.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct CycleRow {
    pub id: i64,
    pub started_at: String,
    /// `None` while running, or when the cycle was interrupted.
    pub finished_at: Option<String>,
    pub feeds_polled: u64,
    pub feeds_unchanged: u64,
    pub files_read: u64,
    pub new_articles: u64,
    pub events_added: u64,
    pub stories_touched: u64,
    pub failures: u64,
    /// The status line printed for the cycle.
    pub line: Option<String>,
}

/// Item counts by state.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, serde::Serialize)]
pub struct ItemCounts {
    pub pending: u64,
    pub done: u64,
    pub failed: u64,
    pub skipped: u64,
}

impl Store {
    /// Stored state of a feed (validators and last outcome).
    pub fn watch_feed(&self, url: &str) -> Result<Option<FeedState>> {
        Ok(self
            .conn
            .query_row(
                "SELECT url, etag, last_modified, last_polled, last_status, last_error, polls, failures
                 FROM watch_feeds WHERE url = ?1",
                [url],
                feed_row,
            )
            .optional()?)
    }

    /// All feeds ever polled, by URL.
    pub fn watch_feeds(&self) -> Result<Vec<FeedState>> {
        let mut stmt = self.conn.prepare(
            "SELECT url, etag, last_modified, last_polled, last_status, last_error, polls, failures
             FROM watch_feeds ORDER BY url",
        )?;
        let rows = stmt.query_map([], feed_row)?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Record a successful poll (200 or 304) in one transaction: the feed's new
    /// validators and its items not seen before (by URL or guid) as pending.
    /// Returns how many items were new.
    pub fn record_feed_poll(
        &mut self,
        url: &str,
        status: u16,
        etag: Option<&str>,
        last_modified: Option<&str>,
        items: &[NewItem],
    ) -> Result<u64> {
        let tx = self.conn.transaction()?;
        let mut added = 0;
        {
            let mut known = tx
                .prepare_cached("SELECT 1 FROM watch_items WHERE url = ?1 OR (?2 IS NOT NULL AND guid = ?2) LIMIT 1")?;
            let mut ins = tx.prepare_cached(
                "INSERT OR IGNORE INTO watch_items (url, guid, feed_url, title, date, date_raw, outlet, byline)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
            )?;
            for it in items {
                if known.exists(params![it.url, it.guid])? {
                    continue;
                }
                added += ins.execute(params![
                    it.url,
                    it.guid,
                    it.feed_url,
                    it.title,
                    it.date,
                    it.date_raw,
                    it.outlet,
                    it.byline
                ])? as u64;
            }
        }
        tx.execute(
            &format!(
                "INSERT INTO watch_feeds (url, etag, last_modified, last_polled, last_status, last_error, polls)
                 VALUES (?1, ?2, ?3, {NOW}, ?4, NULL, 1)
                 ON CONFLICT(url) DO UPDATE SET
                    etag = COALESCE(excluded.etag, CASE WHEN ?4 = 304 THEN etag END),
                    last_modified = COALESCE(excluded.last_modified, CASE WHEN ?4 = 304 THEN last_modified END),
                    last_polled = excluded.last_polled, last_status = ?4, last_error = NULL, polls = polls + 1"
            ),
            params![url, etag, last_modified, status],
        )?;
        tx.commit()?;
        Ok(added)
    }

    /// Record a failed poll; the feed's validators are kept.
    pub fn record_feed_failure(&mut self, url: &str, status: Option<u16>, error: &str) -> Result<()> {
        self.conn.execute(
            &format!(
                "INSERT INTO watch_feeds (url, last_polled, last_status, last_error, polls, failures)
                 VALUES (?1, {NOW}, ?2, ?3, 1, 1)
                 ON CONFLICT(url) DO UPDATE SET last_polled = excluded.last_polled, last_status = ?2,
                    last_error = ?3, polls = polls + 1, failures = failures + 1"
            ),
            params![url, status, error],
        )?;
        Ok(())
    }

    /// Items still to fetch, oldest first.
    pub fn pending_watch_items(&self) -> Result<Vec<PendingItem>> {
        let mut stmt = self.conn.prepare(
            "SELECT id, attempts, url, guid, feed_url, title, date, date_raw, outlet, byline
             FROM watch_items WHERE state = 'pending' ORDER BY id",
        )?;
        let rows = stmt.query_map([], |r| {
            Ok(PendingItem {
                id: r.get(0)?,
                attempts: r.get::<_, i64>(1)? as u32,
                item: NewItem {
                    url: r.get(2)?,
                    guid: r.get(3)?,
                    feed_url: r.get::<_, Option<String>>(4)?.unwrap_or_default(),
                    title: r.get(5)?,
                    date: r.get(6)?,
                    date_raw: r.get(7)?,
                    outlet: r.get(8)?,
                    byline: r.get(9)?,
                },
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Record how fetching item `id` ended. A failure with `retry` stays
    /// pending unless it has now been tried `max_attempts` times.
    pub fn record_item_outcome(&mut self, id: i64, outcome: &ItemOutcome, max_attempts: u32) -> Result<()> {
        match outcome {
            ItemOutcome::Done { document_id, status, final_url, etag, last_modified } => {
                self.conn.execute(
                    &format!(
                        "UPDATE watch_items SET state = 'done', attempts = attempts + 1, http_status = ?2,
                            final_url = ?3, etag = ?4, last_modified = ?5, document_id = ?6, error = NULL,
                            fetched_at = {NOW} WHERE id = ?1"
                    ),
                    params![id, status, final_url, etag, last_modified, document_id],
                )?;
            }
            ItemOutcome::Failed { status, error, retry } => {
                self.conn.execute(
                    &format!(
                        "UPDATE watch_items SET attempts = attempts + 1, http_status = ?2, error = ?3,
                            fetched_at = {NOW},
                            state = CASE WHEN ?4 AND attempts + 1 < ?5 THEN 'pending' ELSE 'failed' END
                         WHERE id = ?1"
                    ),
                    params![id, status, error, *retry, max_attempts as i64],
                )?;
            }
            ItemOutcome::Skipped { reason } => {
                self.conn.execute(
                    &format!("UPDATE watch_items SET state = 'skipped', error = ?2, fetched_at = {NOW} WHERE id = ?1"),
                    params![id, reason],
                )?;
            }
        }
        Ok(())
    }

    /// State of the item stored under `url`: (`state`, attempts, document id).
    pub fn watch_item_state(&self, url: &str) -> Result<Option<(String, u32, Option<i64>)>> {
        Ok(self
            .conn
            .query_row("SELECT state, attempts, document_id FROM watch_items WHERE url = ?1", [url], |r| {
                Ok((r.get(0)?, r.get::<_, i64>(1)? as u32, r.get(2)?))
            })
            .optional()?)
    }

    pub fn watch_item_counts(&self) -> Result<ItemCounts> {
        let mut c = ItemCounts::default();
        let mut stmt = self.conn.prepare("SELECT state, count(*) FROM watch_items GROUP BY state")?;
        let mut rows = stmt.query([])?;
        while let Some(r) = rows.next()? {
            let n = r.get::<_, i64>(1)? as u64;
            match r.get::<_, String>(0)?.as_str() {
                "pending" => c.pending = n,
                "done" => c.done = n,
                "failed" => c.failed = n,
                "skipped" => c.skipped = n,
                _ => {}
            }
        }
        Ok(c)
    }

    /// The document a fetch stored under `path` (the page URL), via its sighting.
    pub fn document_for_path(&self, path: &str) -> Result<Option<i64>> {
        Ok(self
            .conn
            .query_row("SELECT document_id FROM sightings WHERE path = ?1 ORDER BY id LIMIT 1", [path], |r| r.get(0))
            .optional()?)
    }

    /// Size and modification time (ns since the epoch) recorded for a watched file.
    pub fn watch_file(&self, path: &str) -> Result<Option<(u64, i64)>> {
        Ok(self
            .conn
            .query_row("SELECT size, mtime_ns FROM watch_files WHERE path = ?1", [path], |r| {
                Ok((r.get::<_, i64>(0)? as u64, r.get(1)?))
            })
            .optional()?)
    }

    /// Record watched files as read (path, size, mtime ns), in one transaction.
    pub fn record_watch_files(&mut self, files: &[(String, u64, i64)]) -> Result<()> {
        let tx = self.conn.transaction()?;
        {
            let mut st = tx.prepare_cached(&format!(
                "INSERT INTO watch_files (path, size, mtime_ns, seen_at) VALUES (?1, ?2, ?3, {NOW})
                 ON CONFLICT(path) DO UPDATE SET size = excluded.size, mtime_ns = excluded.mtime_ns,
                    seen_at = excluded.seen_at"
            ))?;
            for (p, size, mtime) in files {
                st.execute(params![p, *size as i64, mtime])?;
            }
        }
        tx.commit()?;
        Ok(())
    }

    /// Largest document id (0 for an empty store).
    pub fn max_document_id(&self) -> Result<i64> {
        Ok(self.conn.query_row("SELECT COALESCE(max(id), 0) FROM documents", [], |r| r.get(0))?)
    }

    /// Distinct stories of the documents with id greater than `after`.
    pub fn stories_of_documents_after(&self, after: i64) -> Result<u64> {
        Ok(self.conn.query_row(
            "SELECT count(DISTINCT story_id) FROM documents WHERE id > ?1 AND story_id IS NOT NULL",
            [after],
            |r| r.get::<_, i64>(0),
        )? as u64)
    }

    /// Open a cycle row; returns its id.
    pub fn start_watch_cycle(&mut self) -> Result<i64> {
        self.conn.execute(&format!("INSERT INTO watch_cycles (started_at) VALUES ({NOW})"), [])?;
        Ok(self.conn.last_insert_rowid())
    }

    /// Close a cycle row with its figures.
    pub fn finish_watch_cycle(&mut self, c: &CycleRow) -> Result<()> {
        self.conn.execute(
            &format!(
                "UPDATE watch_cycles SET finished_at = {NOW}, feeds_polled = ?2, feeds_unchanged = ?3,
                    files_read = ?4, new_articles = ?5, events_added = ?6, stories_touched = ?7, failures = ?8,
                    line = ?9 WHERE id = ?1"
            ),
            params![
                c.id,
                c.feeds_polled as i64,
                c.feeds_unchanged as i64,
                c.files_read as i64,
                c.new_articles as i64,
                c.events_added as i64,
                c.stories_touched as i64,
                c.failures as i64,
                c.line
            ],
        )?;
        Ok(())
    }

    /// The last `n` cycles, newest first.
    pub fn recent_watch_cycles(&self, n: usize) -> Result<Vec<CycleRow>> {
        let mut stmt = self.conn.prepare(
            "SELECT id, started_at, finished_at, feeds_polled, feeds_unchanged, files_read, new_articles,
                    events_added, stories_touched, failures, line
             FROM watch_cycles ORDER BY id DESC LIMIT ?1",
        )?;
        let rows = stmt.query_map([n as i64], |r| {
            let u = |i: usize| -> rusqlite::Result<u64> { Ok(r.get::<_, i64>(i)? as u64) };
            Ok(CycleRow {
                id: r.get(0)?,
                started_at: r.get(1)?,
                finished_at: r.get(2)?,
                feeds_polled: u(3)?,
                feeds_unchanged: u(4)?,
                files_read: u(5)?,
                new_articles: u(6)?,
                events_added: u(7)?,
                stories_touched: u(8)?,
                failures: u(9)?,
                line: r.get(10)?,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }
}

fn feed_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<FeedState> {
    Ok(FeedState {
        url: r.get(0)?,
        etag: r.get(1)?,
        last_modified: r.get(2)?,
        last_polled: r.get(3)?,
        last_status: r.get::<_, Option<i64>>(4)?.map(|s| s as u16),
        last_error: r.get(5)?,
        polls: r.get::<_, i64>(6)? as u64,
        failures: r.get::<_, i64>(7)? as u64,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn item(url: &str, guid: Option<&str>) -> NewItem {
        NewItem { url: url.into(), guid: guid.map(Into::into), feed_url: "http://f/feed".into(), ..Default::default() }
    }

    #[test]
    fn feed_polls_keep_validators_and_dedupe_items_by_url_and_guid() {
        let mut s = Store::open_in_memory().unwrap();
        let n = s
            .record_feed_poll(
                "http://f/feed",
                200,
                Some("\"v1\""),
                None,
                &[item("http://a/1", Some("g1")), item("http://a/2", None)],
            )
            .unwrap();
        assert_eq!(n, 2);
        // Same guid under a new URL, same URL under a new guid: both known.
        let n = s
            .record_feed_poll(
                "http://f/feed",
                200,
                Some("\"v2\""),
                None,
                &[item("http://a/1?utm=x", Some("g1")), item("http://a/2", Some("g9"))],
            )
            .unwrap();
        assert_eq!(n, 0);
        // A 304 without validators keeps the stored ones.
        s.record_feed_poll("http://f/feed", 304, None, None, &[]).unwrap();
        let f = s.watch_feed("http://f/feed").unwrap().unwrap();
        assert_eq!((f.etag.as_deref(), f.last_status, f.polls), (Some("\"v2\""), Some(304), 3));
        s.record_feed_failure("http://f/feed", Some(500), "HTTP 500").unwrap();
        let f = s.watch_feed("http://f/feed").unwrap().unwrap();
        assert_eq!((f.etag.as_deref(), f.failures, f.last_error.as_deref()), (Some("\"v2\""), 1, Some("HTTP 500")));
    }

    #[test]
    fn item_outcomes_move_through_states() {
        let mut s = Store::open_in_memory().unwrap();
        s.record_feed_poll(
            "http://f/feed",
            200,
            None,
            None,
            &[item("http://a/1", None), item("http://a/2", None), item("http://a/3", None)],
        )
        .unwrap();
        let p = s.pending_watch_items().unwrap();
        assert_eq!(p.len(), 3);
        let done = ItemOutcome::Done {
            document_id: None,
            status: 200,
            final_url: "http://a/1".into(),
            etag: Some("x".into()),
            last_modified: None,
        };
        s.record_item_outcome(p[0].id, &done, 3).unwrap();
        let fail = ItemOutcome::Failed { status: Some(503), error: "HTTP 503".into(), retry: true };
        s.record_item_outcome(p[1].id, &fail, 2).unwrap();
        assert_eq!(s.watch_item_state("http://a/2").unwrap().unwrap().0, "pending");
        s.record_item_outcome(p[1].id, &fail, 2).unwrap();
        assert_eq!(s.watch_item_state("http://a/2").unwrap().unwrap(), ("failed".into(), 2, None));
        s.record_item_outcome(p[2].id, &ItemOutcome::Skipped { reason: "robots.txt".into() }, 3).unwrap();
        let c = s.watch_item_counts().unwrap();
        assert_eq!(c, ItemCounts { pending: 0, done: 1, failed: 1, skipped: 1 });
        assert!(s.pending_watch_items().unwrap().is_empty());
    }

    #[test]
    fn cycles_and_files_are_recorded() {
        let mut s = Store::open_in_memory().unwrap();
        let id = s.start_watch_cycle().unwrap();
        let open = s.recent_watch_cycles(5).unwrap();
        assert_eq!(open[0].finished_at, None);
        let row = CycleRow { id, new_articles: 4, line: Some("cycle".into()), ..Default::default() };
        s.finish_watch_cycle(&row).unwrap();
        let c = &s.recent_watch_cycles(5).unwrap()[0];
        assert!(c.finished_at.is_some());
        assert_eq!((c.new_articles, c.line.as_deref()), (4, Some("cycle")));
        s.record_watch_files(&[("/x/a.txt".into(), 10, 99)]).unwrap();
        s.record_watch_files(&[("/x/a.txt".into(), 12, 100)]).unwrap();
        assert_eq!(s.watch_file("/x/a.txt").unwrap(), Some((12, 100)));
        assert_eq!(s.watch_file("/x/b.txt").unwrap(), None);
    }
}
