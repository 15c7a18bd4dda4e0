//! What every handler shares: the searcher, the compiled pages, the query
//! parameters as they arrive, and the blocking pool with its deadline.

use std::collections::HashMap;
use std::sync::Arc;
use std::time::Duration;

use axum::extract::Query;
use axum::extract::rejection::QueryRejection;
use kaigiroku_query::Searcher;

use crate::error::ApiError;
use crate::templates::Pages;

/// Longest a search may run before the client gets a 503.
pub const SEARCH_DEADLINE: Duration = Duration::from_secs(10);

#[derive(Clone)]
pub struct AppState {
    pub searcher: Arc<Searcher>,
    pub pages: Arc<Pages>,
}

/// Query parameters, or why they could not be read (bad percent-encoding).
pub type Params = std::result::Result<Query<HashMap<String, String>>, QueryRejection>;

/// The parameters, with a rejection turned into a 400 that says why.
pub fn params(params: Params) -> Result<HashMap<String, String>, ApiError> {
    params
        .map(|Query(p)| p)
        .map_err(|err| ApiError::invalid("query string", err.body_text()))
}

/// Runs `work` on the blocking pool, giving up after [`SEARCH_DEADLINE`].
pub async fn blocking<T: Send + 'static>(
    work: impl FnOnce() -> kaigiroku_query::Result<T> + Send + 'static,
) -> Result<T, ApiError> {
    match tokio::time::timeout(SEARCH_DEADLINE, tokio::task::spawn_blocking(work)).await {
        Ok(Ok(outcome)) => outcome.map_err(ApiError::from),
        Ok(Err(joined)) => Err(ApiError::Internal(joined.to_string())),
        Err(_) => Err(ApiError::Timeout(SEARCH_DEADLINE.as_secs())),
    }
}
