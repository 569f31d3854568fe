//! `GET /api/status`: store counts and the live watcher's health — its last
//! cycles (feeds polled, new articles, events added, stories touched,
//! failures, status line), feed outcomes and item states. `tidings watch`
//! writes them into the same store file; `serve` reads them live (SQLite WAL
//! lets one process write while the other reads).

use crate::{ApiError, State};
use axum::extract::State as St;
use axum::Json;
use serde_json::{json, Value};

pub async fn status(St(state): St<State>) -> Result<Json<Value>, ApiError> {
    tokio::task::spawn_blocking(move || {
        let store = state.store.lock().map_err(|_| ApiError::internal("store lock poisoned"))?;
        let counts = store.counts()?;
        let cycles = store.recent_watch_cycles(20)?;
        let feeds = store.watch_feeds()?;
        let items = store.watch_item_counts()?;
        Ok(Json(json!({
            "schema_version": store.schema_version()?,
            "counts": counts,
            "stories": store.stories()?.len(),
            "watch": { "cycles": cycles, "feeds": feeds, "items": items },
        })))
    })
    .await
    .map_err(ApiError::internal)?
}

#[cfg(test)]
mod tests {
    use std::io::{Read, Write};
    use tidings_store::watch::CycleRow;
    use tidings_store::Store;

    #[test]
    fn status_shows_the_watchers_last_cycles() {
        let mut store = Store::open_in_memory().unwrap();
        let id = store.start_watch_cycle().unwrap();
        let line = "watch cycle 1: 1 feeds polled (0 unchanged), 0 files read, 2 new articles".to_string();
        store
            .finish_watch_cycle(&CycleRow {
                id,
                feeds_polled: 1,
                new_articles: 2,
                line: Some(line.clone()),
                ..Default::default()
            })
            .unwrap();
        store.record_feed_failure("http://127.0.0.1:9/feed.xml", Some(500), "HTTP 500").unwrap();
        let rt = tokio::runtime::Builder::new_multi_thread().worker_threads(1).enable_all().build().unwrap();
        let listener = rt.block_on(tokio::net::TcpListener::bind("127.0.0.1:0")).unwrap();
        let addr = listener.local_addr().unwrap();
        let app = crate::router(crate::Config { store, token: None, coder: None });
        rt.spawn(async move {
            let _ = axum::serve(listener, app).await;
        });
        let mut s = std::net::TcpStream::connect(addr).unwrap();
        s.write_all(b"GET /api/status HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n").unwrap();
        let mut resp = String::new();
        s.read_to_string(&mut resp).unwrap();
        assert!(resp.starts_with("HTTP/1.1 200"), "{resp}");
        let body = &resp[resp.find("\r\n\r\n").unwrap() + 4..];
        let v: serde_json::Value = serde_json::from_str(body).unwrap();
        assert_eq!(v["watch"]["cycles"][0]["new_articles"], 2);
        assert_eq!(v["watch"]["cycles"][0]["line"], line.as_str());
        assert_eq!(v["watch"]["feeds"][0]["last_status"], 500);
        assert_eq!(v["counts"]["documents"], 0);
    }
}
