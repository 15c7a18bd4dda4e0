//! The search parameters of the JSON API, the exports and the search page,
//! read into a typed [`SearchRequest`]: every value checked, a bad one
//! refused with its parameter's name.

use std::collections::HashMap;
use std::str::FromStr;

use kaigiroku_core::model::{Category, Outcome};
use kaigiroku_query::{
    Assembly, DateRange, Filter, KeywordField, NameMatch, Scope, SearchRequest, Sort,
};

use crate::error::ApiError;

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

/// A search request from query parameters; `per_page` is `default_per_page`
/// unless they say.
pub fn search_request(
    params: &HashMap<String, String>,
    default_per_page: usize,
) -> Result<SearchRequest, ApiError> {
    let text = |name: &str| params.get(name).cloned().filter(|v| !v.trim().is_empty());
    if let Some(query) = params.get("q") {
        kaigiroku_query::syntax::check(query).map_err(|message| ApiError::invalid("q", message))?;
    }
    let given = |name: &str| text(name).map(|v| v.trim().to_string());
    let request = SearchRequest {
        query: params.get("q").cloned().unwrap_or_default(),
        speaker: text("speaker").and_then(|v| NameMatch::parse(&v)),
        position: text("position").and_then(|v| NameMatch::parse(&v)),
        category: parsed("category", given("category"), |v| {
            Category::parse(v).ok_or_else(|| one_of(v, Category::ALL.map(Category::as_str)))
        })?,
        body: text("body"),
        municipality: text("municipality").and_then(|v| Assembly::parse(&v)),
        agenda: text("agenda"),
        ordinance: given("ordinance"),
        outcome: parsed("outcome", given("outcome"), |v| {
            Outcome::parse(v).ok_or_else(|| one_of(v, Outcome::ALL.map(Outcome::as_str)))
        })?,
        dates: DateRange::parse(
            params.get("from").map(String::as_str),
            params.get("until").map(String::as_str),
        )?,
        sort: parsed("sort", given("sort"), Sort::from_str)?.unwrap_or_default(),
        scope: parsed("scope", given("scope"), Scope::from_str)?.unwrap_or_default(),
        facets: parsed("facets", given("facets"), boolean)?.unwrap_or(true),
        answers: parsed("answers", given("answers"), boolean)?.unwrap_or(false),
        // group=meeting groups by meeting; any other value is a 会派.
        group_by_meeting: given("group").as_deref() == Some("meeting"),
        extra: given("group")
            .filter(|g| g != "meeting")
            .map(|g| vec![Filter::ContainsAny(KeywordField::SpeakerGroup, vec![g])])
            .unwrap_or_default(),
        names: true,
        ..SearchRequest::default()
    };
    let page = number("page", given("page"), 1)?;
    let per_page = number("per_page", given("per_page"), default_per_page)?;
    Ok(request.paged(page, per_page)?)
}

/// The parameter `name`, trimmed, read by `parse`: None when absent or
/// empty, a 400 naming it when `parse` refuses it.
pub fn optional<T>(
    params: &HashMap<String, String>,
    name: &'static str,
    parse: impl Fn(&str) -> Result<T, String>,
) -> Result<Option<T>, ApiError> {
    parsed(
        name,
        params
            .get(name)
            .map(|v| v.trim().to_string())
            .filter(|v| !v.is_empty()),
        parse,
    )
}

/// `value` read by `parse`, or a 400 naming `parameter`.
fn parsed<T>(
    parameter: &'static str,
    value: Option<String>,
    parse: impl Fn(&str) -> Result<T, String>,
) -> Result<Option<T>, ApiError> {
    value
        .map(|v| parse(&v).map_err(|message| ApiError::invalid(parameter, message)))
        .transpose()
}

fn one_of<const N: usize>(value: &str, names: [&str; N]) -> String {
    format!(
        "「{value}」は使えません。次のいずれかを指定してください：{}",
        names.join(", ")
    )
}

/// `true` or `false`.
pub fn boolean(value: &str) -> Result<bool, String> {
    match value {
        "true" => Ok(true),
        "false" => Ok(false),
        _ => Err(format!("true か false を指定してください（「{value}」）")),
    }
}

fn number(
    parameter: &'static str,
    value: Option<String>,
    default: usize,
) -> Result<usize, ApiError> {
    Ok(parsed(parameter, value, |v| {
        v.parse::<usize>()
            .ok()
            .filter(|n| *n >= 1)
            .ok_or_else(|| format!("1 以上の整数を指定してください（「{v}」）"))
    })?
    .unwrap_or(default))
}

#[cfg(test)]
mod tests {
    use super::*;
    use kaigiroku_query::request::DEFAULT_LIMIT;

    fn request(pairs: &[(&str, &str)]) -> Result<SearchRequest, String> {
        let params = pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        search_request(&params, DEFAULT_LIMIT).map_err(|err| err.to_string())
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
        assert_eq!(
            (request.sort, request.scope),
            (Sort::DateAsc, Scope::Agenda)
        );
        assert_eq!((request.offset, request.limit), (5, 5));
        assert!(request.facets && request.names && !request.group_by_meeting);
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
        assert!(!party.group_by_meeting);
        assert_eq!(
            party.extra,
            [Filter::ContainsAny(
                KeywordField::SpeakerGroup,
                vec!["共産党".into()]
            )]
        );
        let grouped = request(&[("q", "防災"), ("group", "meeting")]).unwrap();
        assert!(grouped.group_by_meeting && grouped.extra.is_empty());
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
