//! `/api/trends` and `/api/trends.csv`: how often a search came up per
//! year or month, split by a facet, or one series per word compared
//! (`q=保育園&q=待機児童`).

use std::collections::HashMap;
use std::fmt::Write;
use std::str::FromStr;

use axum::Json;
use axum::extract::rejection::QueryRejection;
use axum::extract::{Query, State};
use axum::http::header;
use axum::response::{IntoResponse, Response};
use kaigiroku_query::request::DEFAULT_LIMIT;
use kaigiroku_query::{Interval, SearchRequest, Searcher, Split, Trends};
use serde_json::json;

use crate::error::ApiError;
use crate::params::{optional, search_request};
use crate::state::{AppState, blocking};

/// Words one request may compare.
pub const MAX_TERMS: usize = 10;

/// Query parameters in order, repeated ones kept (`q` may be given twice).
pub type Pairs = Result<Query<Vec<(String, String)>>, QueryRejection>;

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
        let params: HashMap<String, String> = pairs.iter().cloned().collect();
        let base = SearchRequest {
            facets: false,
            snippets: false,
            ..search_request(&params, DEFAULT_LIMIT)?
        };
        let terms: Vec<&str> = pairs
            .iter()
            .filter(|(k, v)| k == "q" && !v.trim().is_empty())
            .map(|(_, v)| v.as_str())
            .collect();
        if terms.len() > MAX_TERMS {
            return Err(ApiError::invalid(
                "q",
                format!("at most {MAX_TERMS} words to compare"),
            ));
        }
        let interval = optional(&params, "interval", Interval::from_str)?.unwrap_or_default();
        let split = optional(&params, "split", Split::from_str)?;
        if terms.len() > 1 && split.is_some() {
            return Err(ApiError::invalid(
                "split",
                "a comparison of several words is split by word; give one q to split",
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

async fn trends(state: &AppState, raw: Pairs) -> Result<Trends, ApiError> {
    Ok(trends_with_codes(state, raw).await?.0)
}

/// The trend, and for a split by municipality each one's 団体コード.
async fn trends_with_codes(
    state: &AppState,
    raw: Pairs,
) -> Result<(Trends, HashMap<String, String>), ApiError> {
    let pairs = raw
        .map(|Query(pairs)| pairs)
        .map_err(|err| ApiError::invalid("query string", err.body_text()))?;
    let query = TrendQuery::from_pairs(&pairs)?;
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

pub async fn json(State(state): State<AppState>, raw: Pairs) -> Response {
    match trends_with_codes(&state, raw).await {
        Ok((trends, codes)) => {
            let mut body = json!(trends);
            // Series of municipalities carry their 団体コード.
            for series in body["series"].as_array_mut().into_iter().flatten() {
                let key = series["key"].as_str().unwrap_or_default();
                if let Some(code) = codes.get(key) {
                    series["code"] = json!(code);
                }
            }
            Json(body).into_response()
        }
        Err(err) => err.into_response(),
    }
}

/// The same as a table: one row per series and period, with a BOM so that
/// spreadsheet programs read UTF-8.
pub async fn csv(State(state): State<AppState>, raw: Pairs) -> Response {
    match trends(&state, raw).await {
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
