//! JSON API handlers.

use crate::{ApiError, State};
use axum::extract::rejection::{JsonRejection, QueryRejection};
use axum::extract::{Path, Query, State as St};
use axum::http::HeaderMap;
use axum::Json;
use serde_json::{json, Value};
use std::collections::{BTreeMap, HashMap};
use tidings_export::{EventOut, Filter, StoryOut};
use tidings_store::Store;

type Params = Result<Query<HashMap<String, String>>, QueryRejection>;
type ApiResult = Result<Json<Value>, ApiError>;

/// Run `f` on the store in a blocking thread.
async fn with_store<T: Send + 'static>(
    state: State,
    f: impl FnOnce(&Store) -> Result<T, ApiError> + Send + 'static,
) -> Result<T, ApiError> {
    tokio::task::spawn_blocking(move || {
        let store = state.store.lock().map_err(|_| ApiError::internal("store lock poisoned"))?;
        f(&store)
    })
    .await
    .map_err(ApiError::internal)?
}

/// Query parameters, rejecting any not in `allowed`.
fn params(q: Params, allowed: &[&str]) -> Result<HashMap<String, String>, ApiError> {
    let Query(map) = q.map_err(|e| ApiError::bad(format!("bad query string: {e}")))?;
    for k in map.keys() {
        if !allowed.contains(&k.as_str()) {
            return Err(ApiError::bad(format!("unknown parameter {k:?} (allowed: {})", allowed.join(", "))));
        }
    }
    Ok(map)
}

const FILTERS: &[&str] = &["since", "until", "actor", "code", "story"];

fn filter(p: &HashMap<String, String>) -> Result<Filter, ApiError> {
    let g = |k: &str| p.get(k).map(String::as_str);
    Ok(Filter::parse(g("since"), g("until"), g("actor"), g("code"), g("story"))?)
}

fn number(p: &HashMap<String, String>, key: &str, default: usize, max: usize) -> Result<usize, ApiError> {
    match p.get(key) {
        None => Ok(default),
        Some(v) => match v.trim().parse::<usize>() {
            Ok(n) if n <= max => Ok(n),
            _ => Err(ApiError::bad(format!("{key} must be an integer 0..={max}, got {v:?}"))),
        },
    }
}

fn id(raw: &str, what: &str) -> Result<i64, ApiError> {
    raw.parse::<i64>().map_err(|_| ApiError::bad(format!("{what} id must be an integer, got {raw:?}")))
}

fn with(allowed_extra: &[&str]) -> Vec<&'static str> {
    let mut v: Vec<&'static str> = FILTERS.to_vec();
    for a in allowed_extra {
        if let Some(s) = ["limit", "offset", "q"].iter().find(|s| *s == a) {
            v.push(s);
        }
    }
    v
}

pub async fn openapi() -> Json<Value> {
    Json(crate::ui::openapi())
}

/// GET /api/events: filtered, paged events.
pub async fn events(St(state): St<State>, q: Params) -> ApiResult {
    let p = params(q, &with(&["limit", "offset"]))?;
    let f = filter(&p)?;
    let limit = number(&p, "limit", 100, 1000)?;
    let offset = number(&p, "offset", 0, usize::MAX)?;
    with_store(state, move |s| {
        let all = tidings_export::events(s, &f)?;
        let total = all.len();
        let page: Vec<EventOut> = all.into_iter().skip(offset).take(limit).collect();
        Ok(Json(json!({ "total": total, "offset": offset, "limit": limit, "events": page })))
    })
    .await
}

/// Text of `span` in document `doc`, when it slices.
fn doc_texts(s: &Store) -> Result<HashMap<String, (i64, String)>, ApiError> {
    let mut m = HashMap::new();
    let mut stmt = s.connection().prepare("SELECT doc, id, text FROM documents")?;
    let mut rows = stmt.query([])?;
    while let Some(r) = rows.next()? {
        m.insert(r.get::<_, String>(0)?, (r.get(1)?, r.get(2)?));
    }
    Ok(m)
}

/// GET /api/events/{id}: one event, its mentions with their sentence text, and evidence.
pub async fn event(St(state): St<State>, Path(raw): Path<String>) -> ApiResult {
    let eid = id(&raw, "event")?;
    with_store(state, move |s| {
        let clusters = tidings_export::Clusters::load(s)?;
        let mut found = None;
        s.for_each_event(|e| {
            if e.id == eid {
                found = Some(EventOut::from_row(&e, &clusters));
            }
        })?;
        let e = found.ok_or_else(|| ApiError::not_found(format!("no event {eid}")))?;
        let texts = doc_texts(s)?;
        let mentions: Vec<Value> = e
            .mentions
            .iter()
            .map(|m| {
                let text = texts.get(&m.doc).and_then(|(_, t)| t.get(m.span[0]..m.span[1])).unwrap_or("");
                json!({ "doc": m.doc, "sentence": m.sentence, "span": m.span, "text": text })
            })
            .collect();
        Ok(Json(json!({ "event": e, "mentions": mentions, "evidence": e.evidence })))
    })
    .await
}

/// GET /api/stories: story list (without briefs), paged.
pub async fn stories(St(state): St<State>, q: Params) -> ApiResult {
    let p = params(q, &["since", "until", "limit", "offset"])?;
    let f = filter(&p)?;
    let limit = number(&p, "limit", 100, 1000)?;
    let offset = number(&p, "offset", 0, usize::MAX)?;
    with_store(state, move |s| {
        let list: Vec<StoryOut> = s
            .stories()?
            .into_iter()
            .filter(|r| f.date_ok(r.date.as_deref()))
            .map(|r| StoryOut { brief: None, ..StoryOut::from_row(r) })
            .collect();
        let total = list.len();
        let page: Vec<StoryOut> = list.into_iter().skip(offset).take(limit).collect();
        Ok(Json(json!({ "total": total, "offset": offset, "limit": limit, "stories": page })))
    })
    .await
}

/// One highlighted piece of an article text.
#[derive(serde::Serialize, PartialEq)]
struct Segment {
    text: String,
    /// Events whose evidence sentence covers this piece.
    events: Vec<i64>,
    /// Part of an event's verb or actor text.
    verb: bool,
    actor: bool,
}

/// Split `text` at every evidence/verb/actor boundary so the UI can highlight
/// without converting byte offsets.
fn segments(text: &str, events: &[EventOut]) -> Vec<Segment> {
    let mut cuts = vec![0, text.len()];
    for e in events {
        cuts.extend(e.evidence.span);
        cuts.extend(e.verb_span);
        for a in [&e.actor1, &e.actor2].into_iter().flatten() {
            cuts.extend(a.span);
        }
    }
    cuts.retain(|c| *c <= text.len() && text.is_char_boundary(*c));
    cuts.sort_unstable();
    cuts.dedup();
    let mut out: Vec<Segment> = Vec::new();
    for w in cuts.windows(2) {
        let (a, b) = (w[0], w[1]);
        let inside = |s: [usize; 2]| s[0] <= a && b <= s[1] && s[0] < s[1];
        let seg = Segment {
            text: text.get(a..b).unwrap_or("").to_string(),
            events: events.iter().filter(|e| inside(e.evidence.span)).map(|e| e.event_id).collect(),
            verb: events.iter().any(|e| inside(e.verb_span)),
            actor: events.iter().any(|e| [&e.actor1, &e.actor2].into_iter().flatten().any(|x| inside(x.span))),
        };
        match out.last_mut() {
            Some(l) if l.events == seg.events && l.verb == seg.verb && l.actor == seg.actor => {
                l.text.push_str(&seg.text)
            }
            _ => out.push(seg),
        }
    }
    out
}

/// GET /api/stories/{id}: the story, its brief, and its articles with highlighted evidence.
pub async fn story(St(state): St<State>, Path(raw): Path<String>) -> ApiResult {
    let sid = id(&raw, "story")?;
    with_store(state, move |s| {
        let row = s
            .stories()?
            .into_iter()
            .find(|r| r.id == sid)
            .ok_or_else(|| ApiError::not_found(format!("no story {sid}")))?;
        let story = StoryOut::from_row(row);
        let f = Filter { story: Some(sid), ..Filter::default() };
        let events = tidings_export::events(s, &f)?;
        let mut docs = Vec::new();
        s.for_each_document(|d| {
            if d.story_id == Some(sid) {
                docs.push(d);
            }
        })?;
        let mut articles = Vec::new();
        for d in docs {
            let text = s.document_text(d.id)?.unwrap_or_default();
            let evs: Vec<EventOut> = events.iter().filter(|e| e.doc == d.doc).cloned().collect();
            articles.push(json!({
                "doc": d.doc, "title": d.title, "outlet": d.outlet, "url": d.url, "date": d.date,
                "resolved_date": d.resolved_date, "segments": segments(&text, &evs), "events": evs,
            }));
        }
        Ok(Json(json!({ "story": story, "articles": articles })))
    })
    .await
}

/// Events of one actor code, and the texts it was written as.
type ActorTally = (u64, HashMap<String, u64>);

/// GET /api/actors: top actor codes by event count.
pub async fn actors(St(state): St<State>, q: Params) -> ApiResult {
    let p = params(q, &with(&["limit"]))?;
    let f = filter(&p)?;
    let limit = number(&p, "limit", 50, 1000)?;
    with_store(state, move |s| {
        let mut counts: HashMap<String, ActorTally> = HashMap::new();
        for e in tidings_export::events(s, &f)? {
            for a in [e.actor1, e.actor2].into_iter().flatten() {
                let c = counts.entry(a.code).or_default();
                c.0 += 1;
                *c.1.entry(a.text).or_default() += 1;
            }
        }
        let mut v: Vec<(String, ActorTally)> = counts.into_iter().collect();
        v.sort_by(|a, b| b.1 .0.cmp(&a.1 .0).then(a.0.cmp(&b.0)));
        let out: Vec<Value> = v
            .into_iter()
            .take(limit)
            .map(|(code, (n, names))| {
                let mut names: Vec<(String, u64)> = names.into_iter().collect();
                names.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
                let names: Vec<String> = names.into_iter().take(3).map(|x| x.0).collect();
                json!({ "code": code, "events": n, "names": names })
            })
            .collect();
        Ok(Json(json!({ "actors": out })))
    })
    .await
}

/// GET /api/network: directed actor-pair edges (actor1 -> actor2) with counts and Goldstein.
pub async fn network(St(state): St<State>, q: Params) -> ApiResult {
    let p = params(q, &with(&["limit"]))?;
    let f = filter(&p)?;
    let limit = number(&p, "limit", 200, 5000)?;
    with_store(state, move |s| {
        let mut edges: BTreeMap<(String, String), (u64, f64)> = BTreeMap::new();
        for e in tidings_export::events(s, &f)? {
            if let (Some(a), Some(b)) = (&e.actor1, &e.actor2) {
                let x = edges.entry((a.code.clone(), b.code.clone())).or_default();
                x.0 += 1;
                x.1 += e.goldstein.map_or(0.0, f64::from);
            }
        }
        let mut v: Vec<_> = edges.into_iter().collect();
        v.sort_by(|a, b| b.1 .0.cmp(&a.1 .0).then(a.0.cmp(&b.0)));
        let mut nodes: BTreeMap<String, u64> = BTreeMap::new();
        let edges: Vec<Value> = v
            .into_iter()
            .take(limit)
            .map(|((src, dst), (n, g))| {
                *nodes.entry(src.clone()).or_default() += n;
                *nodes.entry(dst.clone()).or_default() += n;
                let mean = (g / n as f64 * 100.0).round() / 100.0;
                json!({ "source": src, "target": dst, "count": n, "goldstein_sum": g, "goldstein_mean": mean })
            })
            .collect();
        let nodes: Vec<Value> = nodes.into_iter().map(|(c, n)| json!({ "code": c, "weight": n })).collect();
        Ok(Json(json!({ "nodes": nodes, "edges": edges })))
    })
    .await
}

/// GET /api/timeline: events per day by root code and QuadClass.
pub async fn timeline(St(state): St<State>, q: Params) -> ApiResult {
    let p = params(q, FILTERS)?;
    let f = filter(&p)?;
    with_store(state, move |s| {
        let mut by: BTreeMap<(String, String, u8), u64> = BTreeMap::new();
        let mut undated = 0u64;
        for e in tidings_export::events(s, &f)? {
            match e.date.as_deref().and_then(|d| d.get(..10)) {
                Some(d) => {
                    *by.entry((d.to_string(), e.root.clone().unwrap_or_default(), e.quad_class.unwrap_or(0)))
                        .or_default() += 1
                }
                None => undated += 1,
            }
        }
        let rows: Vec<Value> = by
            .into_iter()
            .map(|((day, root, quad), n)| json!({ "day": day, "root": root, "quad_class": quad, "count": n }))
            .collect();
        Ok(Json(json!({ "counts": rows, "undated": undated })))
    })
    .await
}

/// GET /api/places: event locations with counts (for the map).
pub async fn places(St(state): St<State>, q: Params) -> ApiResult {
    let p = params(q, FILTERS)?;
    let f = filter(&p)?;
    with_store(state, move |s| {
        let mut by: BTreeMap<String, (Value, u64, Vec<i64>)> = BTreeMap::new();
        for e in tidings_export::events(s, &f)? {
            if let Some(l) = &e.location {
                let key = format!("{}|{:.4}|{:.4}", l.name, l.lat, l.lon);
                let x =
                    by.entry(key).or_insert_with(|| (serde_json::to_value(l).unwrap_or(Value::Null), 0, Vec::new()));
                x.1 += 1;
                if x.2.len() < 20 {
                    x.2.push(e.event_id);
                }
            }
        }
        let rows: Vec<Value> =
            by.into_values().map(|(l, n, ids)| json!({ "location": l, "count": n, "event_ids": ids })).collect();
        Ok(Json(json!({ "places": rows })))
    })
    .await
}

/// GET /api/search?q=...: articles whose title or text contains q (case-insensitive).
pub async fn search(St(state): St<State>, q: Params) -> ApiResult {
    let p = params(q, &["q", "limit"])?;
    let needle = p.get("q").map(|s| s.trim().to_string()).unwrap_or_default();
    if needle.is_empty() || needle.len() > 200 {
        return Err(ApiError::bad("q must be 1-200 bytes"));
    }
    let limit = number(&p, "limit", 20, 200)?;
    with_store(state, move |s| {
        let lower = needle.to_lowercase();
        let mut stmt = s.connection().prepare(
            "SELECT doc, title, outlet, date, url, story_id, text FROM documents
             WHERE instr(lower(coalesce(title, '')), ?1) > 0 OR instr(lower(text), ?1) > 0 ORDER BY id LIMIT ?2",
        )?;
        let mut rows = stmt.query(rusqlite::params![lower, limit as i64])?;
        let mut out = Vec::new();
        while let Some(r) = rows.next()? {
            let text: String = r.get(6)?;
            out.push(json!({
                "doc": r.get::<_, String>(0)?, "title": r.get::<_, Option<String>>(1)?,
                "outlet": r.get::<_, Option<String>>(2)?, "date": r.get::<_, Option<String>>(3)?,
                "url": r.get::<_, Option<String>>(4)?, "story_id": r.get::<_, Option<i64>>(5)?,
                "snippet": snippet(&text, &lower),
            }));
        }
        Ok(Json(json!({ "q": needle, "articles": out })))
    })
    .await
}

/// Up to ~80 bytes either side of the first (ASCII-case-insensitive) hit.
fn snippet(text: &str, lower_needle: &str) -> String {
    let pos = text.to_lowercase().find(lower_needle).unwrap_or(0).min(text.len());
    let mut a = pos.saturating_sub(80);
    while !text.is_char_boundary(a) {
        a -= 1;
    }
    let mut b = (pos + lower_needle.len() + 80).min(text.len());
    while !text.is_char_boundary(b) {
        b += 1;
    }
    text.get(a..b).unwrap_or("").replace('\n', " ")
}

#[derive(serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct NewArticle {
    doc: Option<String>,
    title: Option<String>,
    text: String,
    url: Option<String>,
    outlet: Option<String>,
    date: Option<String>,
}

/// POST /api/articles: ingest articles (only with the server's token).
pub async fn ingest(St(state): St<State>, headers: HeaderMap, body: Result<Json<Value>, JsonRejection>) -> ApiResult {
    let Some(token) = state.token.clone() else {
        return Err(ApiError(axum::http::StatusCode::FORBIDDEN, "read-only server (start it with a token)".into()));
    };
    let given = headers
        .get(axum::http::header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "))
        .unwrap_or("");
    if !constant_time_eq(given.as_bytes(), token.as_bytes()) {
        return Err(ApiError(axum::http::StatusCode::UNAUTHORIZED, "missing or wrong bearer token".into()));
    }
    let Json(body) = body.map_err(|e| ApiError::bad(format!("bad JSON body: {e}")))?;
    let list = match body {
        Value::Array(a) => a,
        Value::Object(mut o) if o.contains_key("articles") => match o.remove("articles") {
            Some(Value::Array(a)) => a,
            _ => return Err(ApiError::bad("\"articles\" must be an array")),
        },
        v @ Value::Object(_) => vec![v],
        _ => return Err(ApiError::bad("expected an article object, an array, or {\"articles\": [...]}")),
    };
    if list.is_empty() || list.len() > 1000 {
        return Err(ApiError::bad("send 1-1000 articles"));
    }
    let mut articles = Vec::new();
    for (i, v) in list.into_iter().enumerate() {
        let a: NewArticle = serde_json::from_value(v).map_err(|e| ApiError::bad(format!("article {i}: {e}")))?;
        if a.text.trim().is_empty() {
            return Err(ApiError::bad(format!("article {i}: empty text")));
        }
        let date = match &a.date {
            Some(d) => Some(
                tidings_model::Date::parse_iso(d)
                    .ok_or_else(|| ApiError::bad(format!("article {i}: date must be YYYY-MM-DD, got {d:?}")))?,
            ),
            None => None,
        };
        let hash = tidings_store::content_hash(&tidings_ingest::dedup_key(&a.text));
        let doc = a.doc.clone().unwrap_or_else(|| format!("api-{}", hash.get(..12).unwrap_or(&hash)));
        articles.push(tidings_model::Article {
            path: format!("api:{doc}"),
            doc,
            format: tidings_model::SourceFormat::Jsonl,
            url: a.url,
            outlet: a.outlet,
            title: a.title,
            byline: None,
            date,
            date_raw: a.date,
            text: a.text,
        });
    }
    let coder = state.coder.clone();
    let st = state.clone();
    tokio::task::spawn_blocking(move || {
        let mut store = st.store.lock().map_err(|_| ApiError::internal("store lock poisoned"))?;
        let mut batch = store.batch()?;
        let mut results = Vec::new();
        for a in &articles {
            let hash = tidings_store::content_hash(&tidings_ingest::dedup_key(&a.text));
            let outcome = batch.add_article(a, &hash)?;
            let mut events = 0;
            if let tidings_store::AddOutcome::New(id) = outcome {
                let (spans, evs) =
                    tidings_pipeline::process(a, coder.as_deref().map(|c| c as &dyn tidings_pipeline::SentenceCoder));
                let ids = batch.add_sentences(id, &spans)?;
                batch.add_events(id, &ids, &evs)?;
                events = evs.len();
            }
            let status = match outcome {
                tidings_store::AddOutcome::New(_) => "new",
                tidings_store::AddOutcome::Duplicate(_) => "duplicate",
                tidings_store::AddOutcome::AlreadySeen(_) => "already_seen",
            };
            results.push(json!({ "doc": a.doc, "status": status, "events": events }));
        }
        batch.commit()?;
        Ok(Json(json!({ "articles": results })))
    })
    .await
    .map_err(ApiError::internal)?
}

fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    if a.len() != b.len() {
        return false;
    }
    a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

#[cfg(test)]
mod unit {
    use super::*;

    #[test]
    fn segments_cover_the_text_exactly_and_mark_evidence() {
        let store = tidings_export::fixture::summit_store(None, true).unwrap();
        let events = tidings_export::events(&store, &Filter::default()).unwrap();
        let text = store.document_text(1).unwrap().unwrap();
        let evs: Vec<EventOut> = events.into_iter().filter(|e| e.doc == "summit-a").collect();
        let segs = segments(&text, &evs);
        assert_eq!(segs.iter().map(|s| s.text.as_str()).collect::<String>(), text);
        let verbs: Vec<&str> = segs.iter().filter(|s| s.verb).map(|s| s.text.as_str()).collect();
        assert_eq!(verbs, vec!["met", "signed"]);
        assert!(segs.iter().any(|s| s.events == vec![evs[0].event_id] && s.text.contains("in Geneva on Monday")));
    }

    #[test]
    fn snippet_respects_char_boundaries() {
        let t = "é".repeat(100) + "summit" + &"ü".repeat(100);
        let s = snippet(&t, "summit");
        assert!(s.contains("summit") && s.len() <= 180);
    }
}
