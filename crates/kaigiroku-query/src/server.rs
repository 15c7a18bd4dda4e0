//! The HTTP service: routes, limits and shutdown. Searches run on the
//! blocking pool under a deadline; the index is only ever read.

use std::collections::HashMap;
use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

use axum::Router;
use axum::extract::DefaultBodyLimit;
use axum::extract::Query;
use axum::extract::rejection::QueryRejection;
use axum::routing::get;

use crate::Scope;
use crate::error::{Error, Result};
use crate::search::{SearchRequest, Searcher, Sort};
use crate::{api, kokkai_api, page};

/// Longest a search may run before the client gets a 503.
pub const SEARCH_DEADLINE: Duration = Duration::from_secs(10);

/// What every handler shares.
#[derive(Clone)]
pub struct AppState {
    pub searcher: Arc<Searcher>,
    pub pages: Arc<page::Pages>,
}

/// Query parameters, or why they could not be read (bad percent-encoding).
pub type Params = std::result::Result<Query<HashMap<String, String>>, QueryRejection>;

/// The parameters, with a rejection turned into our 400.
pub fn params(params: Params) -> Result<HashMap<String, String>> {
    params
        .map(|Query(p)| p)
        .map_err(|err| Error::invalid("query string", err.body_text()))
}

/// The routes of the service over `searcher`.
pub fn router(searcher: Arc<Searcher>) -> Router {
    let state = AppState {
        searcher,
        pages: Arc::new(page::Pages::new()),
    };
    Router::new()
        .route("/", get(page::search_page))
        .route("/meetings/{id}", get(page::meeting_page))
        .route("/healthz", get(|| async { "ok" }))
        .route("/api/search", get(api::search))
        .route("/api/search.csv", get(api::export_csv))
        .route("/api/search.jsonl", get(api::export_jsonl))
        .route("/api/meetings/{id}", get(api::meeting))
        .route("/api/speeches/{id}", get(api::speech))
        .route("/api/openapi.json", get(api::openapi))
        .route("/api/speech", get(kokkai_api::speech))
        .route("/api/meeting_list", get(kokkai_api::meeting_list))
        .route("/api/meeting", get(kokkai_api::meeting))
        .layer(DefaultBodyLimit::max(16 * 1024))
        .with_state(state)
}

/// Serves until SIGINT or SIGTERM, then finishes the requests in flight.
pub async fn serve(searcher: Arc<Searcher>, addr: SocketAddr) -> std::io::Result<()> {
    let listener = tokio::net::TcpListener::bind(addr).await?;
    tracing::info!("serving on http://{}", listener.local_addr()?);
    axum::serve(listener, router(searcher))
        .with_graceful_shutdown(shutdown())
        .await
}

async fn shutdown() {
    let interrupt = tokio::signal::ctrl_c();
    #[cfg(unix)]
    {
        let mut terminate =
            tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate())
                .expect("SIGTERM handler");
        tokio::select! { _ = interrupt => {}, _ = terminate.recv() => {} }
    }
    #[cfg(not(unix))]
    let _ = interrupt.await;
    tracing::info!("shutting down");
}

/// Runs `work` on the blocking pool, giving up after [`SEARCH_DEADLINE`].
pub async fn blocking<T: Send + 'static>(
    work: impl FnOnce() -> Result<T> + Send + 'static,
) -> Result<T> {
    match tokio::time::timeout(SEARCH_DEADLINE, tokio::task::spawn_blocking(work)).await {
        Ok(joined) => joined.map_err(|err| Error::Internal(err.to_string()))?,
        Err(_) => Err(Error::Timeout(SEARCH_DEADLINE.as_secs())),
    }
}

/// A search request from query parameters, every one checked.
pub fn request_from(params: &HashMap<String, String>) -> Result<SearchRequest> {
    let number = |name: &'static str, default: usize| -> Result<usize> {
        match params.get(name).map(|v| v.trim()).filter(|v| !v.is_empty()) {
            None => Ok(default),
            Some(v) => v.parse::<usize>().ok().filter(|n| *n >= 1).ok_or_else(|| {
                Error::invalid(name, format!("expected a positive whole number, got {v:?}"))
            }),
        }
    };
    let sort = match params
        .get("sort")
        .map(String::as_str)
        .filter(|s| !s.is_empty())
    {
        None => Sort::Relevance,
        Some(name) => Sort::parse(name)
            .ok_or_else(|| Error::invalid("sort", "one of relevance, date_desc, date_asc"))?,
    };
    let group_by_meeting = match params
        .get("group")
        .map(String::as_str)
        .filter(|s| !s.is_empty())
    {
        None => false,
        Some("meeting") => true,
        Some(_) => {
            return Err(Error::invalid(
                "group",
                "the only grouping is group=meeting",
            ));
        }
    };
    let facets = match params
        .get("facets")
        .map(String::as_str)
        .filter(|s| !s.is_empty())
    {
        None | Some("true") => true,
        Some("false") => false,
        Some(_) => return Err(Error::invalid("facets", "true or false")),
    };
    let scope = match params
        .get("scope")
        .map(String::as_str)
        .filter(|s| !s.is_empty())
    {
        None => Scope::Speech,
        Some(name) => {
            Scope::parse(name).ok_or_else(|| Error::invalid("scope", "speech or agenda"))?
        }
    };
    let text = |name: &str| params.get(name).cloned().filter(|v| !v.trim().is_empty());
    Ok(SearchRequest {
        query: params.get("q").cloned().unwrap_or_default(),
        speaker: text("speaker"),
        position: text("position"),
        category: text("category"),
        body: text("body"),
        municipality: text("municipality"),
        agenda: text("agenda"),
        outcome: text("outcome"),
        scope,
        names: true,
        from: text("from"),
        until: text("until"),
        sort,
        page: number("page", 1)?,
        per_page: number("per_page", 20)?,
        facets,
        group_by_meeting,
        extra: Vec::new(),
    })
}
