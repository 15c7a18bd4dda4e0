//! `/compare?q=…&municipality=A&municipality=B`: the same search in
//! several assemblies side by side, with their counts per year.

use std::collections::HashMap;

use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::Response;
use kaigiroku_query::request::DEFAULT_LIMIT;
use kaigiroku_query::{Interval, SearchRequest, Trends};
use minijinja::context;
use serde::Serialize;

use crate::chart::{bars, colour, table};
use crate::error::ApiError;
use crate::pages::links::href_with;
use crate::params::search_request;
use crate::state::{AppState, blocking};
use crate::trends::Pairs;

/// Assemblies one comparison shows.
const MAX_ASSEMBLIES: usize = 5;

#[derive(Serialize)]
struct Column {
    name: String,
    colour: &'static str,
    total: u64,
    href: String,
}

#[derive(Serialize)]
struct Row {
    period: String,
    values: Vec<u64>,
}

pub async fn compare_page(State(state): State<AppState>, raw: Pairs) -> Response {
    let pairs = match raw {
        Ok(Query(pairs)) => pairs,
        Err(err) => {
            let err = ApiError::invalid("query string", err.body_text());
            return state.pages.error(
                StatusCode::BAD_REQUEST,
                "入力を確認してください。",
                &err.to_string(),
            );
        }
    };
    let params: HashMap<String, String> = pairs.iter().cloned().collect();
    let names: Vec<String> = pairs
        .iter()
        .filter(|(k, v)| k == "municipality" && !v.trim().is_empty())
        .map(|(_, v)| v.trim().to_string())
        .collect();
    let q = params.get("q").cloned().unwrap_or_default();
    let form = context! { q => q, names => names, slots => (0..MAX_ASSEMBLIES.max(names.len() + 1).min(MAX_ASSEMBLIES)).collect::<Vec<_>>() };
    if names.len() < 2 {
        return state.pages.render(
            StatusCode::OK,
            "compare.html",
            context! { compared => false, ..form },
        );
    }
    let outcome = run(&state, &params, &names).await;
    match outcome {
        Ok(trends) => {
            let ctx = view(&trends, &params, &names);
            state.pages.render(
                StatusCode::OK,
                "compare.html",
                context! { ..form, ..context! { compared => true, ..ctx } },
            )
        }
        Err(err) => {
            err.log();
            let (status, _) = err.code();
            state.pages.render(
                status,
                "compare.html",
                context! { compared => false, error => err.to_string(), ..form },
            )
        }
    }
}

async fn run(
    state: &AppState,
    params: &HashMap<String, String>,
    names: &[String],
) -> Result<Trends, ApiError> {
    if names.len() > MAX_ASSEMBLIES {
        return Err(ApiError::invalid(
            "municipality",
            format!("at most {MAX_ASSEMBLIES} to compare"),
        ));
    }
    let base = SearchRequest {
        facets: false,
        snippets: false,
        ..search_request(params, DEFAULT_LIMIT)?
    };
    let searches: Vec<(String, SearchRequest)> = names
        .iter()
        .map(|name| {
            let request = SearchRequest {
                municipality: Some(name.clone()),
                ..base.clone()
            };
            (name.clone(), request)
        })
        .collect();
    let searcher = state.searcher.clone();
    blocking(move || searcher.compare_trends(&searches, Interval::Year)).await
}

fn view(trends: &Trends, params: &HashMap<String, String>, names: &[String]) -> minijinja::Value {
    let q = params.get("q").cloned().unwrap_or_default();
    let columns: Vec<Column> = names
        .iter()
        .enumerate()
        .map(|(k, name)| Column {
            name: name.clone(),
            colour: colour(k),
            total: trends
                .series
                .iter()
                .find(|s| &s.key == name)
                .map_or(0, |s| s.speeches()),
            href: href_with(params, &[("municipality", name)]),
        })
        .collect();
    let rows: Vec<Row> = table(trends)
        .into_iter()
        .map(|(period, values)| Row { period, values })
        .collect();
    let title = if q.trim().is_empty() {
        "自治体ごとの年別発言数".to_string()
    } else {
        format!("「{}」の自治体ごとの年別発言数", q.trim())
    };
    let chart = (trends.total > 0).then(|| {
        // A bar stacks every assembly: it opens the period's results in all.
        bars(trends, &title, |period| {
            href_with(
                params,
                &[("municipality", ""), ("from", period), ("until", period)],
            )
        })
    });
    context! { title => title, chart => chart, columns => columns, rows => rows }
}
