//! Schema and forward-only migrations. Each entry of [`MIGRATIONS`] moves the
//! store from version `i` to `i + 1`; `PRAGMA user_version` records where it is.

use crate::{Result, StoreError};
use rusqlite::Connection;

const MIGRATIONS: &[&str] = &[
    // v1: documents, sightings, sentences, events, diagnostics
    "CREATE TABLE documents (
        id INTEGER PRIMARY KEY,
        doc TEXT NOT NULL,
        path TEXT NOT NULL,
        format TEXT NOT NULL,
        url TEXT,
        outlet TEXT,
        title TEXT,
        byline TEXT,
        date TEXT,
        date_raw TEXT,
        content_hash TEXT NOT NULL UNIQUE,
        text TEXT NOT NULL,
        story_id INTEGER,
        resolved_date TEXT,
        ingested_at TEXT NOT NULL DEFAULT CURRENT_TIMESTAMP
     );
     CREATE INDEX documents_doc ON documents(doc);
     CREATE TABLE sightings (
        id INTEGER PRIMARY KEY,
        document_id INTEGER NOT NULL REFERENCES documents(id),
        path TEXT NOT NULL,
        url TEXT,
        outlet TEXT,
        date TEXT,
        seen_at TEXT NOT NULL DEFAULT CURRENT_TIMESTAMP,
        UNIQUE(document_id, path)
     );
     CREATE TABLE sentences (
        id INTEGER PRIMARY KEY,
        document_id INTEGER NOT NULL REFERENCES documents(id),
        idx INTEGER NOT NULL,
        start INTEGER NOT NULL,
        end INTEGER NOT NULL,
        UNIQUE(document_id, idx)
     );
     CREATE TABLE events (
        id INTEGER PRIMARY KEY,
        document_id INTEGER NOT NULL REFERENCES documents(id),
        sentence_id INTEGER NOT NULL REFERENCES sentences(id),
        code TEXT NOT NULL,
        a1_code TEXT, a1_start INTEGER, a1_end INTEGER,
        a2_code TEXT, a2_start INTEGER, a2_end INTEGER,
        verb_start INTEGER, verb_end INTEGER,
        date TEXT,
        pattern TEXT NOT NULL
     );
     CREATE INDEX events_document ON events(document_id);
     CREATE TABLE diagnostics (
        id INTEGER PRIMARY KEY,
        path TEXT NOT NULL,
        reason TEXT NOT NULL,
        count INTEGER NOT NULL DEFAULT 1,
        first_seen TEXT NOT NULL DEFAULT CURRENT_TIMESTAMP,
        last_seen TEXT NOT NULL DEFAULT CURRENT_TIMESTAMP,
        UNIQUE(path, reason)
     );",
    // v2: event dates and places, stories, event clusters (coreference)
    "ALTER TABLE events ADD COLUMN date_precision TEXT;
     ALTER TABLE events ADD COLUMN date_source TEXT;
     ALTER TABLE events ADD COLUMN date_phrase TEXT;
     ALTER TABLE events ADD COLUMN loc_name TEXT;
     ALTER TABLE events ADD COLUMN loc_kind TEXT;
     ALTER TABLE events ADD COLUMN loc_country TEXT;
     ALTER TABLE events ADD COLUMN loc_fips TEXT;
     ALTER TABLE events ADD COLUMN loc_adm1 TEXT;
     ALTER TABLE events ADD COLUMN loc_lat REAL;
     ALTER TABLE events ADD COLUMN loc_lon REAL;
     ALTER TABLE events ADD COLUMN loc_feature_id TEXT;
     ALTER TABLE events ADD COLUMN loc_start INTEGER;
     ALTER TABLE events ADD COLUMN loc_end INTEGER;
     ALTER TABLE events ADD COLUMN cluster_id INTEGER;
     ALTER TABLE events ADD COLUMN confidence REAL;
     ALTER TABLE documents ADD COLUMN date_inferred INTEGER NOT NULL DEFAULT 0;
     CREATE TABLE stories (
        id INTEGER PRIMARY KEY,
        headline TEXT,
        date TEXT,
        place TEXT,
        num_articles INTEGER NOT NULL DEFAULT 0,
        num_sources INTEGER NOT NULL DEFAULT 0,
        num_mentions INTEGER NOT NULL DEFAULT 0,
        brief TEXT,
        updated_at TEXT NOT NULL DEFAULT CURRENT_TIMESTAMP
     );
     CREATE TABLE event_clusters (
        id INTEGER PRIMARY KEY,
        story_id INTEGER,
        root_event_id INTEGER NOT NULL,
        code TEXT NOT NULL,
        actor1_code TEXT,
        actor2_code TEXT,
        date TEXT,
        num_mentions INTEGER NOT NULL,
        num_sources INTEGER NOT NULL,
        num_articles INTEGER NOT NULL
     );
     CREATE INDEX events_cluster ON events(cluster_id);
     CREATE INDEX documents_story ON documents(story_id);
     CREATE TABLE engine_state (name TEXT PRIMARY KEY, value BLOB NOT NULL);",
    // v3: actor locations (GDELT Actor1Geo/Actor2Geo), JSON of `LocationRow` with the evidence span
    "ALTER TABLE events ADD COLUMN a1_geo TEXT;
     ALTER TABLE events ADD COLUMN a2_geo TEXT;",
    // v4: live watcher state (tidings-watch): feeds with HTTP validators, feed items, watched files, cycles
    "CREATE TABLE watch_feeds (
        url TEXT PRIMARY KEY,
        etag TEXT,
        last_modified TEXT,
        last_polled TEXT,
        last_status INTEGER,
        last_error TEXT,
        polls INTEGER NOT NULL DEFAULT 0,
        failures INTEGER NOT NULL DEFAULT 0
     );
     CREATE TABLE watch_items (
        id INTEGER PRIMARY KEY,
        url TEXT NOT NULL UNIQUE,
        guid TEXT,
        feed_url TEXT,
        title TEXT,
        date TEXT,
        date_raw TEXT,
        outlet TEXT,
        byline TEXT,
        state TEXT NOT NULL DEFAULT 'pending',
        attempts INTEGER NOT NULL DEFAULT 0,
        http_status INTEGER,
        final_url TEXT,
        etag TEXT,
        last_modified TEXT,
        document_id INTEGER,
        error TEXT,
        first_seen TEXT NOT NULL DEFAULT CURRENT_TIMESTAMP,
        fetched_at TEXT
     );
     CREATE INDEX watch_items_guid ON watch_items(guid);
     CREATE INDEX watch_items_state ON watch_items(state);
     CREATE TABLE watch_files (
        path TEXT PRIMARY KEY,
        size INTEGER NOT NULL,
        mtime_ns INTEGER NOT NULL,
        seen_at TEXT NOT NULL
     );
     CREATE TABLE watch_cycles (
        id INTEGER PRIMARY KEY,
        started_at TEXT NOT NULL,
        finished_at TEXT,
        feeds_polled INTEGER NOT NULL DEFAULT 0,
        feeds_unchanged INTEGER NOT NULL DEFAULT 0,
        files_read INTEGER NOT NULL DEFAULT 0,
        new_articles INTEGER NOT NULL DEFAULT 0,
        events_added INTEGER NOT NULL DEFAULT 0,
        stories_touched INTEGER NOT NULL DEFAULT 0,
        failures INTEGER NOT NULL DEFAULT 0,
        line TEXT
     );",
    // v5: cheaper bulk loads. Events are stored without a cluster and get one only from the
    // story engine, so the cluster index holds just the clustered events (a partial index);
    // lookups by cluster id (`cluster_id = ?`, `cluster_id IS NOT NULL`) can still use it.
    "DROP INDEX events_cluster;
     CREATE INDEX events_cluster ON events(cluster_id) WHERE cluster_id IS NOT NULL;",
];

/// The schema version this build writes.
pub const SCHEMA_VERSION: i64 = MIGRATIONS.len() as i64;

pub(crate) fn migrate(conn: &Connection, label: &str) -> Result<()> {
    let found: i64 = conn.query_row("PRAGMA user_version", [], |r| r.get(0))?;
    if found > SCHEMA_VERSION {
        return Err(StoreError::TooNew { path: label.to_string(), found, supported: SCHEMA_VERSION });
    }
    for (i, sql) in MIGRATIONS.iter().enumerate().skip(found as usize) {
        conn.execute_batch(&format!("BEGIN; {sql}; PRAGMA user_version = {}; COMMIT;", i + 1))?;
    }
    Ok(())
}
