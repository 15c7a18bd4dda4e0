//! `/api/speakers` (people by a name typed in part, for suggestions) and
//! `/api/speakers/{key}` (one person's positions, bodies, years and words).

use axum::Json;
use axum::extract::{Path, State};
use axum::response::{IntoResponse, Response};
use kaigiroku_query::{Filter, Interval, KeywordField, SearchRequest, Searcher, Trends};
use serde_json::json;

use crate::links::speaker_page;
use crate::state::{AppState, Params, blocking, params};

/// People one suggestion request lists.
const SUGGESTIONS: usize = 20;

pub async fn list(State(state): State<AppState>, raw: Params) -> Response {
    let outcome = async {
        let params = params(raw)?;
        let q = params.get("q").cloned().unwrap_or_default();
        let municipality = params.get("municipality").cloned();
        let searcher = state.searcher.clone();
        blocking(move || searcher.speakers(&q, municipality.as_deref(), SUGGESTIONS)).await
    }
    .await;
    match outcome {
        Ok(found) => Json(json!({
            "speakers": found.iter().map(|s| json!({
                "key": s.key, "name": s.name, "yomi": s.yomi, "municipality": s.municipality,
                "speeches": s.speeches, "url": speaker_page(&s.key),
            })).collect::<Vec<_>>()
        }))
        .into_response(),
        Err(err) => err.into_response(),
    }
}

/// The speeches of the person `key`, as a search filter.
pub fn theirs(key: &str) -> Filter {
    Filter::Exact(KeywordField::SpeakerKey, key.to_string())
}

/// A person's speeches per year.
pub fn years(searcher: &Searcher, key: &str) -> kaigiroku_query::Result<Trends> {
    let request = SearchRequest {
        extra: vec![theirs(key)],
        snippets: false,
        ..SearchRequest::default()
    };
    searcher.trends(&request, Interval::Year, None)
}

pub async fn one(State(state): State<AppState>, Path(key): Path<String>) -> Response {
    let searcher = state.searcher.clone();
    let outcome = blocking(move || {
        let profile = searcher.speaker(&key)?;
        let years = years(&searcher, &key)?;
        Ok((profile, years))
    })
    .await;
    match outcome {
        Ok((profile, years)) => {
            let mut body = json!(profile);
            body["url"] = json!(speaker_page(&profile.key));
            body["years"] = json!(years.series.first().map(|s| &s.points));
            Json(body).into_response()
        }
        Err(err) => err.into_response(),
    }
}
