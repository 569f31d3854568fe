//! The embedded web UI (plain HTML/JS/SVG, compiled in) and the OpenAPI document.

use crate::ApiError;
use axum::extract::Path;
use axum::http::{header, StatusCode, Uri};
use axum::response::{Html, IntoResponse, Response};
use serde_json::{json, Value};

const PAGE: &str = include_str!("../assets/page.html");
const APP_JS: &str = include_str!("../assets/app.js");
const APP_CSS: &str = include_str!("../assets/app.css");

/// The page shell: the script renders `page` (with numeric `id`) from the API.
fn page(title: &str, page: &str, id: i64) -> Html<String> {
    Html(PAGE.replace("{{title}}", title).replace("{{page}}", page).replace("{{id}}", &id.to_string()))
}

pub async fn index() -> Html<String> {
    page("tidings", "index", 0)
}

pub async fn story(Path(raw): Path<String>) -> Response {
    match raw.parse::<i64>() {
        Ok(id) => page("tidings story", "story", id).into_response(),
        Err(_) => ApiError::bad(format!("story id must be an integer, got {raw:?}")).into_response(),
    }
}

pub async fn timeline() -> Html<String> {
    page("tidings timeline", "timeline", 0)
}

pub async fn network() -> Html<String> {
    page("tidings actor network", "network", 0)
}

pub async fn map() -> Html<String> {
    page("tidings map", "map", 0)
}

pub async fn app_js() -> impl IntoResponse {
    ([(header::CONTENT_TYPE, "text/javascript; charset=utf-8")], APP_JS)
}

pub async fn app_css() -> impl IntoResponse {
    ([(header::CONTENT_TYPE, "text/css; charset=utf-8")], APP_CSS)
}

pub async fn not_found(uri: Uri) -> Response {
    if uri.path().starts_with("/api/") {
        ApiError::not_found(format!("no endpoint {}", uri.path())).into_response()
    } else {
        (StatusCode::NOT_FOUND, Html("<!doctype html><title>not found</title><p>Not found. <a href=\"/\">Home</a>"))
            .into_response()
    }
}

fn filter_params() -> Vec<Value> {
    let p = |name: &str, desc: &str, ty: &str| json!({ "name": name, "in": "query", "required": false, "description": desc, "schema": { "type": ty } });
    vec![
        p("since", "earliest event date, YYYY-MM-DD (inclusive)", "string"),
        p("until", "latest event date, YYYY-MM-DD (inclusive)", "string"),
        p("actor", "actor code prefix (actor1 or actor2), e.g. USA, USAGOV", "string"),
        p("code", "CAMEO event code prefix, e.g. 04, 042", "string"),
        p("story", "story id", "integer"),
    ]
}

fn paging() -> Vec<Value> {
    vec![
        json!({ "name": "limit", "in": "query", "schema": { "type": "integer", "minimum": 0, "maximum": 1000 } }),
        json!({ "name": "offset", "in": "query", "schema": { "type": "integer", "minimum": 0 } }),
    ]
}

fn op(summary: &str, params: Vec<Value>) -> Value {
    json!({ "get": { "summary": summary, "parameters": params, "responses": {
        "200": { "description": "OK", "content": { "application/json": {} } },
        "400": { "description": "bad parameter", "content": { "application/json": { "schema": { "$ref": "#/components/schemas/Error" } } } }
    } } })
}

/// OpenAPI 3.0 description of the JSON API.
pub fn openapi() -> Value {
    let id_param = |what: &str| json!({ "name": "id", "in": "path", "required": true, "description": format!("{what} id"), "schema": { "type": "integer" } });
    let mut events_params = filter_params();
    events_params.extend(paging());
    let mut with_limit = filter_params();
    with_limit.push(json!({ "name": "limit", "in": "query", "schema": { "type": "integer" } }));
    let mut paths = serde_json::Map::new();
    paths
        .insert("/api/events".into(), op("Coded events (filters + paging); fields as the JSONL export", events_params));
    paths.insert(
        "/api/events/{id}".into(),
        op("One event with all its mentions and evidence text", vec![id_param("event")]),
    );
    paths.insert("/api/stories".into(), op("Stories (without briefs), paged", paging()));
    paths.insert(
        "/api/stories/{id}".into(),
        op("One story with brief and articles; article text as highlight segments", vec![id_param("story")]),
    );
    paths.insert("/api/actors".into(), op("Top actor codes by event count", with_limit.clone()));
    paths.insert(
        "/api/network".into(),
        op("Actor-pair network: actor1 -> actor2 edges with count and Goldstein", with_limit),
    );
    paths.insert("/api/timeline".into(), op("Event counts per day by root code and QuadClass", filter_params()));
    paths.insert("/api/places".into(), op("Event locations with counts", filter_params()));
    paths.insert("/api/status".into(), op("Store counts and the live watcher's last cycles, feeds and items", vec![]));
    paths.insert(
        "/api/search".into(),
        op("Articles whose title or text contains q", vec![
            json!({ "name": "q", "in": "query", "required": true, "schema": { "type": "string", "maxLength": 200 } }),
            json!({ "name": "limit", "in": "query", "schema": { "type": "integer", "maximum": 200 } }),
        ]),
    );
    paths.insert("/api/articles".into(), json!({ "post": {
        "summary": "Ingest articles (only when the server was started with a token)",
        "security": [{ "bearer": [] }],
        "requestBody": { "required": true, "content": { "application/json": { "schema": {
            "oneOf": [ { "$ref": "#/components/schemas/NewArticle" },
                       { "type": "array", "items": { "$ref": "#/components/schemas/NewArticle" } },
                       { "type": "object", "properties": { "articles": { "type": "array", "items": { "$ref": "#/components/schemas/NewArticle" } } } } ] } } } },
        "responses": { "200": { "description": "per-article outcome" }, "400": { "description": "bad body" },
                       "401": { "description": "missing or wrong token" }, "403": { "description": "read-only server" } }
    } }));
    json!({
        "openapi": "3.0.3",
        "info": { "title": "tidings API", "version": env!("CARGO_PKG_VERSION"),
                  "description": "News event data with evidence: events, stories, actors, timeline, places, search." },
        "paths": paths,
        "components": {
            "securitySchemes": { "bearer": { "type": "http", "scheme": "bearer" } },
            "schemas": {
                "Error": { "type": "object", "properties": { "error": { "type": "string" }, "status": { "type": "integer" } } },
                "NewArticle": { "type": "object", "required": ["text"], "additionalProperties": false, "properties": {
                    "doc": { "type": "string" }, "title": { "type": "string" }, "text": { "type": "string" },
                    "url": { "type": "string" }, "outlet": { "type": "string" }, "date": { "type": "string", "format": "date" } } }
            }
        }
    })
}
