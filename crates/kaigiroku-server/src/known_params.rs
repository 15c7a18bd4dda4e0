//! The query parameters each JSON route takes, read from the OpenAPI
//! document the server publishes, so that what is documented and what is
//! accepted cannot drift apart: a misspelt parameter (`qq=`, `form=`) is
//! answered 400 naming it and the ones the route takes, never ignored.
//! The kokkai-compatible routes keep the NDL's own rules.

use std::collections::{BTreeSet, HashMap};
use std::sync::LazyLock;

use axum::extract::{MatchedPath, Query, Request};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

use crate::error::ApiError;
use crate::openapi::DOCUMENT;

/// Routes that answer as the NDL's API does, unknown parameters included.
const NDL_ROUTES: [&str; 3] = ["/api/speech", "/api/meeting", "/api/meeting_list"];
/// Routes that take a parameter more than once (`q` for words compared).
const REPEATABLE: [&str; 2] = ["/api/trends", "/api/trends.csv"];
/// Routes read with the speech search's parameters besides their own.
const SEARCH_LIKE: [&str; 5] = [
    "/api/agenda",
    "/api/search.csv",
    "/api/search.jsonl",
    "/api/trends",
    "/api/trends.csv",
];

/// Route template → the query parameters its GET documents.
static KNOWN: LazyLock<HashMap<String, BTreeSet<String>>> = LazyLock::new(|| {
    let document: serde_json::Value =
        serde_json::from_str(&DOCUMENT).expect("the OpenAPI document parses");
    let mut known = HashMap::new();
    let Some(paths) = document["paths"].as_object() else {
        return known;
    };
    for (path, operations) in paths {
        if NDL_ROUTES.contains(&path.as_str()) {
            continue;
        }
        let names: BTreeSet<String> = operations["get"]["parameters"]
            .as_array()
            .into_iter()
            .flatten()
            .filter(|p| p["in"] == "query")
            .filter_map(|p| p["name"].as_str().map(str::to_string))
            .collect();
        known.insert(path.clone(), names);
    }
    let search = known.get("/api/search").cloned().unwrap_or_default();
    for route in SEARCH_LIKE {
        if let Some(names) = known.get_mut(route) {
            names.extend(search.iter().cloned());
        }
    }
    known
});

/// Refuses a request to a documented route that carries a parameter the
/// route does not take, or one it takes once given twice (one value would
/// be dropped without a word).
pub async fn refuse_unknown(
    matched: Option<MatchedPath>,
    request: Request,
    next: Next,
) -> Response {
    let route = matched.as_ref().map(|m| m.as_str()).unwrap_or_default();
    if let Some(known) = KNOWN.get(route)
        && let Ok(Query(pairs)) = Query::<Vec<(String, String)>>::try_from_uri(request.uri())
    {
        if let Some((unknown, _)) = pairs.iter().find(|(name, _)| !known.contains(name)) {
            let taken: Vec<&str> = known.iter().map(String::as_str).collect();
            return ApiError::invalid(
                "query string",
                format!(
                    "このAPIにないパラメータです：「{unknown}」。使えるもの：{}",
                    if taken.is_empty() {
                        "なし".to_string()
                    } else {
                        taken.join(", ")
                    }
                ),
            )
            .into_response();
        }
        let twice = pairs
            .iter()
            .enumerate()
            .find(|(at, (name, _))| pairs[..*at].iter().any(|(n, _)| n == name));
        if let Some((_, (name, _))) = twice.filter(|_| !REPEATABLE.contains(&route)) {
            return ApiError::invalid(
                "query string",
                format!("パラメータ「{name}」が二度あります。一度だけ指定してください"),
            )
            .into_response();
        }
    }
    next.run(request).await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_document_names_each_routes_parameters() {
        assert!(KNOWN["/api/search"].contains("q"));
        assert!(KNOWN["/api/search"].contains("ordinance"));
        assert!(!KNOWN.contains_key("/api/speech"));
        // An export takes the search's parameters and its own.
        assert!(KNOWN["/api/search.csv"].contains("answers"));
        assert!(KNOWN["/api/search.csv"].contains("after"));
    }
}
