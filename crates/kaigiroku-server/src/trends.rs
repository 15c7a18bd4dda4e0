//! `/api/trends` and `/api/trends.csv`: how often a search came up per
//! year or month, split by a facet, or one series per word compared
//! (`q=保育園&q=待機児童`).

use std::collections::HashMap;
use std::fmt::Write;

use axum::Json;
use axum::extract::State;
use axum::http::header;
use axum::response::{IntoResponse, Response};
use kaigiroku_query::request::DEFAULT_LIMIT;
use kaigiroku_query::{Interval, Point, SearchRequest, Searcher, Split, Trends};
use serde::Serialize;
use utoipa::ToSchema;

use crate::contract::{Paging, SearchFilters, SearchOptions, TrendParams};
use crate::error::ApiError;
use crate::params::search_request;
use crate::query_string::{FromQuery, QueryParams};
use crate::state::{AppState, blocking};

/// Words one request may compare.
pub const MAX_TERMS: usize = 10;

/// A trend as asked for: the searches (one per word compared), the period
/// and the split.
#[derive(Debug, Clone)]
pub struct TrendQuery {
    pub searches: Vec<(String, SearchRequest)>,
    pub interval: Interval,
    pub split: Option<Split>,
}

impl TrendQuery {
    /// Reads the search parameters plus `interval` and `split`; each `q`
    /// beyond the first is a word to compare.
    pub fn from_pairs(pairs: &[(String, String)]) -> Result<TrendQuery, ApiError> {
        // Every name but `q` is given once (`known_params.rs`), so the rest
        // reads as any search's sections do.
        let rest = form_urlencoded::Serializer::new(String::new())
            .extend_pairs(pairs.iter().filter(|(k, _)| k != "q"))
            .finish();
        let (mut filters, paging, options): (SearchFilters, Paging, SearchOptions) =
            FromQuery::from_query(&rest)?;
        let TrendParams { interval, split } = FromQuery::from_query(&rest)?;
        filters.q = pairs.iter().find(|(k, _)| k == "q").map(|(_, v)| v.clone());
        let base = SearchRequest {
            facets: false,
            snippets: false,
            ..search_request((filters, paging, options), DEFAULT_LIMIT)?
        };
        let terms: Vec<&str> = pairs
            .iter()
            .filter(|(k, v)| k == "q" && !v.trim().is_empty())
            .map(|(_, v)| v.as_str())
            .collect();
        if terms.len() > MAX_TERMS {
            return Err(ApiError::invalid(
                "q",
                format!("比べられる語は {MAX_TERMS} 個までです"),
            ));
        }
        let interval = interval.unwrap_or_default();
        if terms.len() > 1 && split.is_some() {
            return Err(ApiError::invalid(
                "split",
                "複数の語を比べるときは語ごとの系列になります。split を使うときは q を一つにしてください",
            ));
        }
        let searches = if terms.len() > 1 {
            terms
                .iter()
                .map(|term| {
                    let request = SearchRequest {
                        query: term.to_string(),
                        ..base.clone()
                    };
                    (term.to_string(), request)
                })
                .collect()
        } else {
            vec![(String::new(), base)]
        };
        Ok(TrendQuery {
            searches,
            interval,
            split,
        })
    }

    /// Runs it on the engine.
    pub fn run(&self, searcher: &Searcher) -> kaigiroku_query::Result<Trends> {
        match self.searches.as_slice() {
            [(_, request)] => searcher.trends(request, self.interval, self.split),
            searches => searcher.compare_trends(searches, self.interval),
        }
    }
}

impl FromQuery for TrendQuery {
    fn from_query(query: &str) -> Result<Self, ApiError> {
        let pairs: Vec<(String, String)> = form_urlencoded::parse(query.as_bytes())
            .into_owned()
            .collect();
        TrendQuery::from_pairs(&pairs)
    }
}

async fn trends(state: &AppState, query: TrendQuery) -> Result<Trends, ApiError> {
    Ok(trends_with_codes(state, query).await?.0)
}

/// The trend, and for a split by municipality each one's 団体コード.
async fn trends_with_codes(
    state: &AppState,
    query: TrendQuery,
) -> Result<(Trends, HashMap<String, String>), ApiError> {
    let searcher = state.searcher.clone();
    blocking(move || {
        let trends = query.run(&searcher)?;
        let codes = if query.split == Some(Split::Municipality) {
            let names: Vec<&str> = trends.series.iter().map(|s| s.key.as_str()).collect();
            searcher.municipality_codes(&names)?
        } else {
            HashMap::new()
        };
        Ok((trends, codes))
    })
    .await
}

/// A trend as the API gives it.
#[derive(Serialize, ToSchema)]
pub struct TrendsBody<'a> {
    interval: Interval,
    /// The largest first; their points add up to `total`.
    series: Vec<SeriesBody<'a>>,
    /// Speeches the search found.
    total: u64,
}

#[derive(Serialize, ToSchema)]
struct SeriesBody<'a> {
    /// The split's value, or the word compared; empty unsplit.
    key: &'a str,
    /// A municipality's 団体コード, with `split=municipality`.
    #[serde(skip_serializing_if = "Option::is_none")]
    code: Option<&'a str>,
    points: &'a [Point],
}

/// `/api/trends`.
#[utoipa::path(get, path = "/api/trends", operation_id = "trends", tag = "search",
    summary = "検索に当てはまる発言の数の推移（年・月ごと、系列に分けて）",
    params(crate::contract::SearchFilters, crate::contract::TrendParams),
    responses((status = 200, body = TrendsBody), (status = 400, body = crate::contract::ErrorBody)))]
pub async fn json(
    State(state): State<AppState>,
    QueryParams(query): QueryParams<TrendQuery>,
) -> Result<Response, ApiError> {
    let (trends, codes) = trends_with_codes(&state, query).await?;
    Ok(Json(TrendsBody {
        interval: trends.interval,
        series: trends
            .series
            .iter()
            .map(|s| SeriesBody {
                key: &s.key,
                code: codes.get(&s.key).map(String::as_str),
                points: &s.points,
            })
            .collect(),
        total: trends.total,
    })
    .into_response())
}

/// The same as a table: one row per series and period, with a BOM so that
/// spreadsheet programs read UTF-8.
/// `/api/trends.csv`.
#[utoipa::path(get, path = "/api/trends.csv", operation_id = "trends_csv", tag = "search",
    summary = "推移を表で（series,period,speeches,meetings；UTF-8 BOM 付き CSV）",
    params(crate::contract::SearchFilters, crate::contract::TrendParams),
    responses((status = 200, content_type = "text/csv", body = String),
        (status = 400, body = crate::contract::ErrorBody)))]
pub async fn csv(
    State(state): State<AppState>,
    QueryParams(query): QueryParams<TrendQuery>,
) -> Response {
    match trends(&state, query).await {
        Ok(trends) => (
            [
                (header::CONTENT_TYPE, "text/csv; charset=utf-8"),
                (
                    header::CONTENT_DISPOSITION,
                    "attachment; filename=\"trends.csv\"",
                ),
            ],
            table(&trends),
        )
            .into_response(),
        Err(err) => err.into_response(),
    }
}

/// `series,period,speeches,meetings` rows.
pub fn table(trends: &Trends) -> String {
    let mut csv = String::from("\u{FEFF}series,period,speeches,meetings\r\n");
    for series in &trends.series {
        for point in &series.points {
            let _ = write!(
                csv,
                "{},{},{},{}\r\n",
                crate::export::csv_field(&series.key),
                point.period,
                point.speeches,
                point.meetings
            );
        }
    }
    csv
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pairs(list: &[(&str, &str)]) -> Vec<(String, String)> {
        list.iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect()
    }

    #[test]
    fn each_q_is_a_series_and_bad_values_name_their_parameter() {
        let query = TrendQuery::from_pairs(&pairs(&[
            ("q", "保育園"),
            ("q", "待機児童"),
            ("interval", "month"),
            ("from", "2023"),
        ]))
        .unwrap();
        let labels: Vec<&str> = query.searches.iter().map(|(l, _)| l.as_str()).collect();
        assert_eq!(labels, ["保育園", "待機児童"]);
        assert_eq!(query.searches[1].1.query, "待機児童");
        assert_eq!(
            query.searches[1].1.dates.from.as_ref().unwrap().key,
            20230101
        );
        assert_eq!(query.interval, Interval::Month);
        let one = TrendQuery::from_pairs(&pairs(&[("q", "防災"), ("split", "body")])).unwrap();
        assert_eq!((one.searches.len(), one.split), (1, Some(Split::Body)));
        for (list, parameter) in [
            (vec![("q", "a"), ("interval", "week")], "interval"),
            (vec![("q", "a"), ("split", "party")], "split"),
            (vec![("q", "a"), ("q", "b"), ("split", "body")], "split"),
            (vec![("q", "a"), ("from", "2023-13")], "from"),
        ] {
            let err = TrendQuery::from_pairs(&pairs(&list))
                .unwrap_err()
                .to_string();
            assert!(err.starts_with(&format!("{parameter}:")), "{list:?}: {err}");
        }
    }
}
