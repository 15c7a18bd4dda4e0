//! `/api/speakers` (people by a name typed in part, for suggestions) and
//! `/api/speakers/{key}` (one person's positions, bodies, years and words).

use axum::Json;
use axum::extract::{Path, State};
use axum::response::{IntoResponse, Response};
use std::collections::HashMap;

use kaigiroku_query::{
    Filter, Interval, KeywordField, Member, MemberSort, SearchRequest, Searcher, Trends,
};
use serde_json::json;

use crate::error::ApiError;
use crate::links::speaker_page;
use crate::params::optional;
use crate::state::{AppState, Params, blocking, params};

/// People one suggestion request lists.
const SUGGESTIONS: usize = 20;

/// Members listed per page at most.
pub const MAX_PER_PAGE: usize = 200;

/// A page of an assembly's members' list, as asked.
pub struct MembersRequest {
    pub municipality: String,
    pub sort: MemberSort,
    pub page: usize,
    pub per_page: usize,
}

impl MembersRequest {
    pub fn of(params: &HashMap<String, String>) -> Result<MembersRequest, ApiError> {
        let number = |name: &'static str, max: usize| {
            optional(params, name, move |v| {
                v.parse::<usize>()
                    .ok()
                    .filter(|n| (1..=max).contains(n))
                    .ok_or_else(|| format!("1 から {max} までの数"))
            })
        };
        Ok(MembersRequest {
            municipality: params.get("municipality").cloned().unwrap_or_default(),
            sort: optional(params, "sort", |v| v.parse::<MemberSort>())?.unwrap_or_default(),
            page: number("page", 10_000)?.unwrap_or(1),
            per_page: number("per_page", MAX_PER_PAGE)?.unwrap_or(50),
        })
    }

    pub fn find(&self, searcher: &Searcher) -> kaigiroku_query::Result<(usize, Vec<Member>)> {
        searcher.members(
            &self.municipality,
            self.sort,
            (self.page - 1) * self.per_page,
            self.per_page,
        )
    }
}

/// `/api/speakers`: with `q`, people whose name holds it (suggestions);
/// with only `municipality`, every person of that assembly, a page at a
/// time (`page`, `per_page`, `sort=speeches|name|last|first`).
pub async fn list(State(state): State<AppState>, raw: Params) -> Response {
    let params = match params(raw) {
        Ok(params) => params,
        Err(err) => return err.into_response(),
    };
    let q = params.get("q").cloned().unwrap_or_default();
    if q.trim().is_empty() && params.contains_key("municipality") {
        return members(state, params).await;
    }
    let municipality = params.get("municipality").cloned();
    let searcher = state.searcher.clone();
    let found = blocking(move || searcher.speakers(&q, municipality.as_deref(), SUGGESTIONS)).await;
    match found {
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

async fn members(state: AppState, params: HashMap<String, String>) -> Response {
    let request = match MembersRequest::of(&params) {
        Ok(request) => request,
        Err(err) => return err.into_response(),
    };
    let searcher = state.searcher.clone();
    let (page, per_page) = (request.page, request.per_page);
    match blocking(move || request.find(&searcher)).await {
        Ok((total, found)) => Json(json!({
            "total": total,
            "page": page,
            "per_page": per_page,
            "speakers": found.iter().map(|m| {
                let mut value = json!(m);
                value["url"] = json!(speaker_page(&m.key));
                value
            }).collect::<Vec<_>>(),
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
