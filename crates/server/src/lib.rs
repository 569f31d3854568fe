//! HTTP JSON API and embedded web UI over a tidings store (axum).
//!
//! Read-only unless started with a token: then `POST /api/articles` ingests,
//! and only with `Authorization: Bearer <token>`. No endpoint reads a path
//! from the request; the UI assets are compiled in. Bad parameters get a 400
//! with `{"error": ...}`; unknown routes a 404 with the same shape.

mod api;
mod status;
mod ui;

use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use std::net::SocketAddr;
use std::sync::{Arc, Mutex};
use tidings_pipeline::SentenceCoder;
use tidings_store::Store;

#[derive(Debug, thiserror::Error)]
pub enum ServerError {
    #[error("store: {0}")]
    Store(#[from] tidings_store::StoreError),
    #[error("binding {addr}: {source}")]
    Bind { addr: String, source: std::io::Error },
    #[error("server: {0}")]
    Io(#[from] std::io::Error),
}

/// A coder for ingested articles (the CLI passes the CAMEO event coder).
pub type Coder = Arc<dyn SentenceCoder + Send + Sync>;

/// What the server runs with.
pub struct Config {
    pub store: Store,
    /// Token that enables `POST /api/articles`; `None` = read-only.
    pub token: Option<String>,
    /// Coder for ingested articles; `None` stores articles and sentences only.
    pub coder: Option<Coder>,
}

pub(crate) struct AppState {
    pub store: Mutex<Store>,
    pub token: Option<String>,
    pub coder: Option<Coder>,
}

pub(crate) type State = Arc<AppState>;

/// A JSON error response.
#[derive(Debug)]
pub(crate) struct ApiError(pub StatusCode, pub String);

impl ApiError {
    pub fn bad(msg: impl Into<String>) -> ApiError {
        ApiError(StatusCode::BAD_REQUEST, msg.into())
    }
    pub fn not_found(msg: impl Into<String>) -> ApiError {
        ApiError(StatusCode::NOT_FOUND, msg.into())
    }
    pub fn internal(msg: impl std::fmt::Display) -> ApiError {
        ApiError(StatusCode::INTERNAL_SERVER_ERROR, msg.to_string())
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        (self.0, Json(serde_json::json!({ "error": self.1, "status": self.0.as_u16() }))).into_response()
    }
}

impl From<tidings_export::ExportError> for ApiError {
    fn from(e: tidings_export::ExportError) -> ApiError {
        match e {
            tidings_export::ExportError::BadFilter { .. } => ApiError::bad(e.to_string()),
            other => ApiError::internal(other),
        }
    }
}

impl From<tidings_store::StoreError> for ApiError {
    fn from(e: tidings_store::StoreError) -> ApiError {
        ApiError::internal(e)
    }
}

impl From<rusqlite::Error> for ApiError {
    fn from(e: rusqlite::Error) -> ApiError {
        ApiError::internal(e)
    }
}

/// The application router (API + UI) over `config`.
pub fn router(config: Config) -> Router {
    let state: State = Arc::new(AppState { store: Mutex::new(config.store), token: config.token, coder: config.coder });
    Router::new()
        .route("/api/openapi.json", get(api::openapi))
        .route("/api/events", get(api::events))
        .route("/api/events/{id}", get(api::event))
        .route("/api/stories", get(api::stories))
        .route("/api/stories/{id}", get(api::story))
        .route("/api/actors", get(api::actors))
        .route("/api/network", get(api::network))
        .route("/api/timeline", get(api::timeline))
        .route("/api/places", get(api::places))
        .route("/api/search", get(api::search))
        .route("/api/articles", post(api::ingest))
        .route("/api/status", get(status::status))
        .route("/", get(ui::index))
        .route("/story/{id}", get(ui::story))
        .route("/timeline", get(ui::timeline))
        .route("/network", get(ui::network))
        .route("/map", get(ui::map))
        .route("/assets/app.js", get(ui::app_js))
        .route("/assets/app.css", get(ui::app_css))
        .fallback(ui::not_found)
        .with_state(state)
}

/// Bind `addr` and serve until the process ends (blocking; builds its own runtime).
pub fn serve(config: Config, addr: &str, on_ready: impl FnOnce(SocketAddr)) -> Result<(), ServerError> {
    let rt = tokio::runtime::Builder::new_multi_thread().worker_threads(2).enable_all().build()?;
    rt.block_on(async move {
        let listener = tokio::net::TcpListener::bind(addr)
            .await
            .map_err(|source| ServerError::Bind { addr: addr.to_string(), source })?;
        on_ready(listener.local_addr()?);
        axum::serve(listener, router(config)).await?;
        Ok(())
    })
}

#[cfg(test)]
mod tests;
