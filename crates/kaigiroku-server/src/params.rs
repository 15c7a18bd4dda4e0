//! The search parameters of the JSON API, the exports and the search page,
//! turned into the engine's [`SearchRequest`]. The values arrive typed
//! (`contract.rs`, read by `query_string.rs`); what is checked here is what
//! spans parameters: the query's syntax, the period, the page.

use std::collections::HashMap;

use kaigiroku_query::{DateRange, Filter, KeywordField, SearchRequest};

use crate::contract::{Paging, SearchFilters, SearchOptions};
use crate::error::ApiError;
use crate::found::Unit;
use crate::query_string::FromQuery;

/// The filters a search form or link may carry; any of them set means a
/// search was asked for.
pub const FILTERS: [&str; 13] = [
    "q",
    "municipality",
    "group",
    "agenda",
    "speaker",
    "position",
    "category",
    "body",
    "outcome",
    "ordinance",
    "from",
    "until",
    "answers",
];

/// The search a request asks for: its filters, page and options, every value
/// already typed; `per_page` is `default_per_page` unless they say.
pub fn search_request(
    (filters, paging, options): (SearchFilters, Paging, SearchOptions),
    default_per_page: usize,
) -> Result<SearchRequest, ApiError> {
    let query = filters.q.unwrap_or_default();
    kaigiroku_query::syntax::check(&query).map_err(|message| ApiError::invalid("q", message))?;
    // group=meeting asks for meetings (`Unit::of`); any other value is a
    // 会派.
    let by_meeting = filters.group.as_deref() == Some("meeting");
    let request = SearchRequest {
        query,
        speaker: filters.speaker,
        position: filters.position,
        category: filters.category,
        body: filters.body,
        municipality: filters.municipality,
        agenda: filters.agenda,
        ordinance: filters.ordinance,
        outcome: filters.outcome,
        dates: DateRange::parse(filters.from.as_deref(), filters.until.as_deref())?,
        sort: filters.sort.unwrap_or_default(),
        facets: options.facets.unwrap_or(true),
        answers: filters.answers.unwrap_or(false),
        extra: filters
            .group
            .filter(|_| !by_meeting)
            .map(|g| vec![Filter::ContainsAny(KeywordField::SpeakerGroup, vec![g])])
            .unwrap_or_default(),
        names: true,
        fold: filters.fold.unwrap_or(true),
        ..SearchRequest::default()
    };
    Ok(request.paged(
        paging.page.unwrap_or(1),
        paging.per_page.unwrap_or(default_per_page),
    )?)
}

/// What the results of a search are to be.
pub fn unit_of((filters, _, options): &(SearchFilters, Paging, SearchOptions)) -> Unit {
    Unit::of(filters.group.as_deref(), options.scope)
}

/// The search a page's query string asks for (a page reads its own
/// parameters besides).
pub fn search_request_from(
    params: &HashMap<String, String>,
    default_per_page: usize,
) -> Result<(SearchRequest, Unit), ApiError> {
    let query = serde_urlencoded::to_string(params).map_err(|_| ApiError::unreadable_query())?;
    let asked = FromQuery::from_query(&query)?;
    let unit = unit_of(&asked);
    Ok((search_request(asked, default_per_page)?, unit))
}

#[cfg(test)]
mod tests {
    use super::*;
    use kaigiroku_core::model::{Category, Outcome};
    use kaigiroku_query::Sort;
    use kaigiroku_query::request::DEFAULT_LIMIT;

    fn request(pairs: &[(&str, &str)]) -> Result<SearchRequest, String> {
        let params = pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        search_request_from(&params, DEFAULT_LIMIT)
            .map(|(request, _)| request)
            .map_err(|err| err.to_string())
    }

    #[test]
    fn every_filter_is_typed() {
        let request = request(&[
            ("q", "防災"),
            ("category", "staff"),
            ("outcome", "可決"),
            ("from", "2023"),
            ("until", "2023-06"),
            ("sort", "date_asc"),
            ("scope", "agenda"),
            ("page", "2"),
            ("per_page", "5"),
        ])
        .unwrap();
        assert_eq!(request.category, Some(Category::Staff));
        assert_eq!(request.outcome, Some(Outcome::Passed));
        assert_eq!(request.dates.from.as_ref().unwrap().key, 20230101);
        assert_eq!(request.dates.until.as_ref().unwrap().key, 20230630);
        assert_eq!(request.sort, Sort::DateAsc);
        assert_eq!((request.offset, request.limit), (5, 5));
        assert!(request.facets && request.names);
    }

    #[test]
    fn defaults_come_from_the_engine() {
        let request = request(&[("q", "防災"), ("category", " ")]).unwrap();
        assert_eq!((request.offset, request.limit), (0, DEFAULT_LIMIT));
        assert_eq!(request.category, None);
    }

    #[test]
    fn group_is_a_grouping_or_a_parliamentary_group() {
        let party = request(&[("q", "防災"), ("group", "共産党")]).unwrap();
        assert_eq!(
            party.extra,
            [Filter::ContainsAny(
                KeywordField::SpeakerGroup,
                vec!["共産党".into()]
            )]
        );
        let grouped = request(&[("q", "防災"), ("group", "meeting")]).unwrap();
        assert!(grouped.extra.is_empty());
    }

    #[test]
    fn the_unit_is_read_once_from_group_and_scope() {
        let unit = |pairs: &[(&str, &str)]| {
            let params = pairs
                .iter()
                .map(|(k, v)| (k.to_string(), v.to_string()))
                .collect();
            search_request_from(&params, DEFAULT_LIMIT).unwrap().1
        };
        assert_eq!(unit(&[("q", "防災")]), Unit::Speeches);
        assert_eq!(unit(&[("q", "防災"), ("group", "共産党")]), Unit::Speeches);
        assert_eq!(unit(&[("q", "防災"), ("group", "meeting")]), Unit::Meetings);
        assert_eq!(
            unit(&[("scope", "agenda"), ("group", "meeting")]),
            Unit::AgendaItems
        );
    }

    #[test]
    fn a_bad_value_names_its_parameter() {
        for (pair, parameter) in [
            (("category", "mayor"), "category"),
            (("outcome", "maybe"), "outcome"),
            (("sort", "newest"), "sort"),
            (("scope", "meeting"), "scope"),
            (("facets", "yes"), "facets"),
            (("page", "0"), "page"),
            (("per_page", "500"), "per_page"),
            (("from", "2023-13"), "from"),
        ] {
            let err = request(&[("q", "防災"), pair]).unwrap_err();
            assert!(err.starts_with(&format!("{parameter}:")), "{pair:?}: {err}");
        }
    }
}
