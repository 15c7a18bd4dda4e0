//! The HTTP service over the kaigiroku engine: the JSON API and its
//! exports, the NDL-compatible API, and the web pages. Engine work takes
//! turns, one per core, with a bounded waiting room (`state`); connections
//! are capped and timed out (`connections`); the index is only ever read.

mod admission;
mod api;
mod chart;
mod connections;
mod contract;
mod error;
mod export;
mod feeds;
mod found;
mod known_params;
mod kokkai;
mod links;
mod openapi;
mod ordinances;
mod pages;
mod params;
mod query_string;
mod sitemap;
mod speakers;
mod state;
mod templates;
mod trends;
mod xml_text;

use std::net::SocketAddr;
use std::sync::Arc;

use axum::Router;
use axum::extract::DefaultBodyLimit;
use axum::http::{HeaderValue, header};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use kaigiroku_query::Searcher;

pub use connections::{Limits, serve_connections};
pub use error::ApiError;
pub use export::EXPORT_LIMIT;
pub use pages::links::encode;
pub use state::{SEARCH_DEADLINE, runtime};

use crate::state::AppState;
use crate::templates::Pages;

/// The routes of the service over `searcher`.
pub fn router(searcher: Arc<Searcher>) -> Router {
    let state = AppState {
        searcher,
        pages: Arc::new(Pages::new()),
    };
    Router::new()
        .route("/", get(pages::search::search_page))
        .route("/meetings/{id}", get(pages::meeting::meeting_page))
        .route("/meetings/{id}/text", get(pages::meeting::meeting_text))
        .route("/speeches/{id}", get(pages::speech::speech_page_handler))
        .route("/feeds/search.atom", get(feeds::search))
        .route("/sitemap.xml", get(sitemap::index))
        .route("/sitemaps/{name}", get(sitemap::part))
        .route("/healthz", get(openapi::healthz))
        .route("/api/search", get(api::search))
        .route("/api/search.csv", get(export::csv))
        .route("/api/search.jsonl", get(export::jsonl))
        .route("/api/trends", get(trends::json))
        .route("/api/trends.csv", get(trends::csv))
        .route("/api/meetings/{id}", get(api::meeting))
        .route("/api/speeches/{id}", get(api::speech))
        .route("/api/speeches/{id}/similar", get(api::similar_speeches))
        .route("/api/agenda", get(api::agenda_search))
        .route("/api/agenda/{id}", get(api::agenda_item))
        .route("/api/agenda/{id}/similar", get(api::similar_items))
        .route("/api/speakers", get(speakers::list))
        .route("/api/speakers/{key}", get(speakers::one))
        .route("/speakers", get(pages::members::members_page))
        .route("/ordinances", get(pages::ordinances::ordinances_page))
        .route("/api/ordinances", get(ordinances::json))
        .route("/speakers/{key}", get(pages::speaker::speaker_page_handler))
        .route("/compare", get(pages::compare::compare_page))
        .route("/agenda", get(pages::agenda::agenda_list))
        .route("/agenda/{id}", get(pages::agenda::agenda_page))
        .route("/api/openapi.json", get(openapi::serve))
        .route("/openapi.json", get(openapi::serve))
        .route("/api/speech", get(kokkai::speech))
        .route("/api/meeting_list", get(kokkai::meeting_list))
        .route("/api/meeting", get(kokkai::meeting))
        .route_layer(axum::middleware::from_fn(known_params::refuse_unknown))
        .fallback(not_found)
        .layer(DefaultBodyLimit::max(16 * 1024))
        .layer(axum::middleware::map_response(security_headers))
        .with_state(state)
}

/// A path no route serves: a JSON error under `/api/`, else a page in
/// Japanese with a way back, never an empty body.
async fn not_found(
    axum::extract::State(state): axum::extract::State<AppState>,
    uri: axum::http::Uri,
) -> Response {
    let missing = format!(
        "この API にパス「{}」はありません（/openapi.json に一覧）",
        uri.path()
    );
    if uri.path().starts_with("/api/") {
        return ApiError::from(kaigiroku_query::Error::NotFound(missing)).into_response();
    }
    state.pages.error(
        axum::http::StatusCode::NOT_FOUND,
        "ページが見つかりません。アドレスを確かめるか、トップページから検索してください。",
        &missing,
    )
}

/// What every response says about itself (and a 503, when to retry): no
/// script runs on our pages
/// (they have none; styles are inline), nothing is sniffed into another
/// type, and a click away sends only our origin.
async fn security_headers(mut response: Response) -> Response {
    // A 503 is load shed or an index being replaced: every renderer (JSON,
    // pages, the NDL's XML) says when to come back.
    let unavailable = response.status() == axum::http::StatusCode::SERVICE_UNAVAILABLE;
    let headers = response.headers_mut();
    if unavailable && !headers.contains_key(header::RETRY_AFTER) {
        headers.insert(header::RETRY_AFTER, HeaderValue::from_static("1"));
    }
    headers.insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static(
            "default-src 'none'; style-src 'unsafe-inline'; img-src 'self' data:; form-action 'self'; base-uri 'none'; frame-ancestors 'none'",
        ),
    );
    headers.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    headers.insert(
        header::REFERRER_POLICY,
        HeaderValue::from_static("strict-origin-when-cross-origin"),
    );
    response
}

/// Serves until SIGINT or SIGTERM, then finishes the requests in flight.
pub async fn serve(searcher: Arc<Searcher>, addr: SocketAddr) -> std::io::Result<()> {
    let listener = tokio::net::TcpListener::bind(addr).await?;
    tracing::info!("serving on http://{}", listener.local_addr()?);
    serve_connections(listener, router(searcher), Limits::default(), shutdown()).await;
    Ok(())
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
