//! The HTTP service: JSON API and the web page, over a read-only searcher.

use std::collections::HashMap;
use std::net::SocketAddr;
use std::sync::Arc;

use axum::Json;
use axum::Router;
use axum::extract::rejection::QueryRejection;
use axum::extract::{Query, State};
use axum::response::{Html, IntoResponse, Response};
use axum::routing::get;
use serde_json::{Value, json};

use crate::error::{Error, Result};
use crate::page;
use crate::search::{Hit, SearchRequest, SearchResult, Searcher, Sort};

type Params = std::result::Result<Query<HashMap<String, String>>, QueryRejection>;

/// The routes of the service over `searcher`.
pub fn router(searcher: Arc<Searcher>) -> Router {
    Router::new()
        .route("/", get(home))
        .route("/healthz", get(|| async { "ok" }))
        .route("/api/search", get(api_search))
        .with_state(searcher)
}

/// Serves until SIGINT or SIGTERM.
pub async fn serve(searcher: Arc<Searcher>, addr: SocketAddr) -> std::io::Result<()> {
    let listener = tokio::net::TcpListener::bind(addr).await?;
    eprintln!("kaigiroku: serving on http://{}", listener.local_addr()?);
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
    let text = |name: &str| params.get(name).cloned().filter(|v| !v.trim().is_empty());
    Ok(SearchRequest {
        query: params.get("q").cloned().unwrap_or_default(),
        speaker: text("speaker"),
        position: text("position"),
        category: text("category"),
        body: text("body"),
        municipality: text("municipality"),
        from: text("from"),
        until: text("until"),
        sort,
        page: number("page", 1)?,
        per_page: number("per_page", 20)?,
    })
}

async fn run_search(searcher: Arc<Searcher>, request: SearchRequest) -> Result<SearchResult> {
    tokio::task::spawn_blocking(move || searcher.search(&request))
        .await
        .map_err(|err| Error::Internal(err.to_string()))?
}

async fn api_search(State(searcher): State<Arc<Searcher>>, params: Params) -> Response {
    let started = std::time::Instant::now();
    let result = async {
        let Query(params) =
            params.map_err(|err| Error::invalid("query string", err.body_text()))?;
        let request = request_from(&params)?;
        let result = run_search(searcher, request.clone()).await?;
        Ok::<_, Error>(Json(search_json(
            &request,
            &result,
            started.elapsed().as_millis(),
        )))
    }
    .await;
    match result {
        Ok(json) => json.into_response(),
        Err(err) => err.into_response(),
    }
}

async fn home(State(searcher): State<Arc<Searcher>>, params: Params) -> Response {
    let params = params.map(|Query(p)| p).unwrap_or_default();
    let request = request_from(&params);
    let outcome = match &request {
        Ok(request)
            if !request.query.trim().is_empty()
                || request.speaker.is_some()
                || request.category.is_some() =>
        {
            Some(run_search(searcher, request.clone()).await)
        }
        Ok(_) => None,
        Err(_) => None,
    };
    let error = request.as_ref().err().map(ToString::to_string).or_else(|| {
        outcome
            .as_ref()
            .and_then(|o| o.as_ref().err())
            .map(ToString::to_string)
    });
    let result = outcome.and_then(|o| o.ok());
    Html(page::render(&params, result.as_ref(), error.as_deref())).into_response()
}

/// The JSON shape of a search response.
pub fn search_json(request: &SearchRequest, result: &SearchResult, took_ms: u128) -> Value {
    json!({
        "total": result.total,
        "took_ms": took_ms,
        "page": request.page,
        "per_page": if request.per_page == 0 { 20 } else { request.per_page },
        "query": {
            "q": request.query,
            "normalized": result.normalized,
            "terms": result.terms,
        },
        "hits": result.hits.iter().map(hit_json).collect::<Vec<_>>(),
    })
}

fn hit_json(hit: &Hit) -> Value {
    json!({
        "speech_id": hit.speech_id,
        "url": format!("/meetings/{}#s-{}", hit.meeting_id, hit.order),
        "meeting": {"id": hit.meeting_id, "title": hit.meeting_title, "body": hit.body, "municipality": hit.municipality, "date": hit.date},
        "agenda": {"label": hit.agenda_label, "title": hit.agenda_title, "outcome": (!hit.agenda_outcome.is_empty()).then_some(&hit.agenda_outcome)},
        "speaker": {"label": hit.speaker_label, "position": hit.speaker_position, "category": hit.speaker_category},
        "snippet": hit.snippet,
        "score": hit.score,
    })
}
