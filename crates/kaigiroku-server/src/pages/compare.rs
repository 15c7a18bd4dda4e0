//! `/compare?q=…&municipality=A&municipality=B`: the same search in
//! several assemblies side by side, with their counts per year.

use std::collections::HashMap;

use axum::extract::rejection::QueryRejection;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::Response;
use kaigiroku_query::request::DEFAULT_LIMIT;
use kaigiroku_query::{Assembly, Interval, SearchRequest, Trends};
use minijinja::context;
use serde::Serialize;

use crate::chart::{bars, colour, table};
use crate::error::ApiError;
use crate::pages::links::href_with;
use crate::params::search_request_from;
use crate::state::{AppState, blocking};

/// Assemblies one comparison shows.
const MAX_ASSEMBLIES: usize = 5;

#[derive(Serialize)]
struct Column {
    name: String,
    colour: &'static str,
    total: u64,
    href: String,
    /// Years the index holds minutes of this assembly for, as a span.
    coverage: String,
    /// Meetings of this assembly in the index.
    meetings: u64,
    /// Matching speeches per meeting held, over its whole coverage.
    rate: String,
}

#[derive(Serialize)]
struct Row {
    period: String,
    cells: Vec<Cell>,
}

/// One assembly's year: its count and its rate per meeting held, or
/// nothing when the index has no minutes of it that year (not a zero).
#[derive(Serialize)]
struct Cell {
    covered: bool,
    count: u64,
    rate: String,
}

/// The matching search and every meeting of each assembly, per year.
struct Compared {
    matching: Trends,
    held: Trends,
}

/// Query parameters in order, repeated ones kept: the assemblies compared
/// are `municipality` given once each.
type Pairs = Result<Query<Vec<(String, String)>>, QueryRejection>;

pub async fn compare_page(State(state): State<AppState>, raw: Pairs) -> Response {
    let pairs = match raw {
        Ok(Query(pairs)) => pairs,
        Err(_) => {
            let err = ApiError::unreadable_query();
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
        Ok(compared) => {
            let ctx = view(&compared, &params, &names);
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
) -> Result<Compared, ApiError> {
    if names.len() > MAX_ASSEMBLIES {
        return Err(ApiError::invalid(
            "municipality",
            format!("くらべられる自治体は {MAX_ASSEMBLIES} つまでです"),
        ));
    }
    let base = SearchRequest {
        facets: false,
        snippets: false,
        ..search_request_from(params, DEFAULT_LIMIT)?.0
    };
    let searches: Vec<(String, SearchRequest)> = names
        .iter()
        .map(|name| {
            let request = SearchRequest {
                municipality: Assembly::parse(name),
                ..base.clone()
            };
            (name.clone(), request)
        })
        .collect();
    // Every meeting of each assembly, to show what the index covers.
    let all: Vec<(String, SearchRequest)> = names
        .iter()
        .map(|name| {
            let request = SearchRequest {
                municipality: Assembly::parse(name),
                facets: false,
                snippets: false,
                ..SearchRequest::default()
            };
            (name.clone(), request)
        })
        .collect();
    let searcher = state.searcher.clone();
    blocking(move || {
        Ok(Compared {
            matching: searcher.compare_trends(&searches, Interval::Year)?,
            held: searcher.compare_trends(&all, Interval::Year)?,
        })
    })
    .await
}

/// Meetings of `name` per year in the index.
fn meetings_held(held: &Trends, name: &str) -> HashMap<String, u64> {
    held.series
        .iter()
        .find(|s| s.key == name)
        .map(|s| {
            s.points
                .iter()
                .filter(|p| p.meetings > 0)
                .map(|p| (p.period.clone(), p.meetings))
                .collect()
        })
        .unwrap_or_default()
}

/// 「2019〜2023年（5 年分）」, or a note that there are none.
fn coverage(years: &HashMap<String, u64>) -> String {
    let mut dated: Vec<&String> = years.keys().filter(|y| y.len() == 4).collect();
    dated.sort();
    match (dated.first(), dated.last()) {
        (Some(first), Some(last)) if first == last => format!("{first}年のみ"),
        (Some(first), Some(last)) => format!("{first}〜{last}年（うち {} 年分）", dated.len()),
        _ => "会議録なし".to_string(),
    }
}

fn rate(count: u64, meetings: u64) -> String {
    if meetings == 0 {
        "—".into()
    } else {
        format!("{:.2}", count as f64 / meetings as f64)
    }
}

fn view(
    compared: &Compared,
    params: &HashMap<String, String>,
    names: &[String],
) -> minijinja::Value {
    let trends = &compared.matching;
    let q = params.get("q").cloned().unwrap_or_default();
    let held: Vec<HashMap<String, u64>> = names
        .iter()
        .map(|name| meetings_held(&compared.held, name))
        .collect();
    let columns: Vec<Column> = names
        .iter()
        .zip(&held)
        .enumerate()
        .map(|(k, (name, years))| {
            let total = trends
                .series
                .iter()
                .find(|s| &s.key == name)
                .map_or(0, |s| s.speeches());
            let meetings = years.values().sum();
            Column {
                name: name.clone(),
                colour: colour(k),
                total,
                href: href_with(params, &[("municipality", name)]),
                coverage: coverage(years),
                meetings,
                rate: rate(total, meetings),
            }
        })
        .collect();
    let rows: Vec<Row> = table(trends)
        .into_iter()
        .map(|(period, values)| Row {
            cells: values
                .into_iter()
                .zip(&held)
                .map(|(count, years)| {
                    let meetings = years.get(&period).copied().unwrap_or(0);
                    Cell {
                        covered: meetings > 0,
                        count,
                        rate: rate(count, meetings),
                    }
                })
                .collect(),
            period,
        })
        // Years no assembly has minutes for say nothing.
        .filter(|row| row.cells.iter().any(|c| c.covered))
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
