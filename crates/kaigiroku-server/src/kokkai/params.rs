//! The NDL's request parameters read into a search, with the NDL's checks
//! and error codes, in the order the NDL applies them.

use std::collections::HashMap;

use kaigiroku_core::analysis::normalize;
use kaigiroku_core::dates::parse_date;
use kaigiroku_core::model::ndl;
use kaigiroku_query::request::MAX_QUERY_CHARS;
use kaigiroku_query::{Assembly, DateRange, Filter, KeywordField, SearchRequest, Sort};

use crate::kokkai::error::KokkaiError;

/// The three endpoints.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Endpoint {
    Speech,
    MeetingList,
    Meeting,
}

impl Endpoint {
    /// (default, maximum) of maximumRecords.
    fn limits(self) -> (usize, usize) {
        match self {
            Endpoint::Meeting => (3, 10),
            _ => (30, 100),
        }
    }
}

/// A request as the endpoints run it.
#[derive(Debug)]
pub struct Parsed {
    pub request: SearchRequest,
    /// startRecord, from 1.
    pub start: usize,
    /// maximumRecords.
    pub maximum: usize,
}

/// The parameters that are search conditions: one at least is required.
const CONDITIONS: [&str; 14] = [
    "any",
    "nameOfHouse",
    "nameOfMeeting",
    "speaker",
    "speakerPosition",
    "speakerGroup",
    "speakerRole",
    "speechNumber",
    "from",
    "until",
    "issueID",
    "speechID",
    "sessionFrom",
    "issueFrom",
];

/// The parameters, trimmed; an empty one is absent.
struct Given<'a>(&'a HashMap<String, String>);

impl Given<'_> {
    fn get(&self, name: &str) -> Option<&str> {
        self.0.get(name).map(|v| v.trim()).filter(|v| !v.is_empty())
    }

    /// Words separated by half- or full-width spaces.
    fn words(&self, name: &str) -> Vec<String> {
        self.get(name)
            .map(|v| {
                v.split([' ', '　'])
                    .filter(|w| !w.is_empty())
                    .map(String::from)
                    .collect()
            })
            .unwrap_or_default()
    }
}

/// Whether the response is JSON (`recordPacking=json`) or the NDL's XML.
pub fn json_packing(params: &HashMap<String, String>) -> Result<bool, KokkaiError> {
    match params.get("recordPacking").map(String::as_str) {
        None | Some("") | Some("xml") => Ok(false),
        Some("json") => Ok(true),
        Some(other) => Err(KokkaiError::input(19011, format!("recordPacking:{other}"))),
    }
}

/// The NDL parameters as a search.
pub fn parse(params: &HashMap<String, String>, endpoint: Endpoint) -> Result<Parsed, KokkaiError> {
    let given = Given(params);
    if !CONDITIONS.iter().any(|name| given.get(name).is_some()) {
        return Err(KokkaiError::new(19007, "検索条件が指定されていません。"));
    }
    if given
        .get("any")
        .is_some_and(|any| any.chars().count() > MAX_QUERY_CHARS)
    {
        return Err(KokkaiError::new(19020, "検索条件の文字数が多すぎます。"));
    }
    let (start, maximum) = paging(&given, endpoint)?;
    let dates = dates(&given)?;
    let request = SearchRequest {
        query: given.words("any").join(" "),
        municipality: given
            .get("nameOfHouse")
            .map(|house| Assembly::Name(house.to_string())),
        dates,
        sort: Sort::DateDescThenOrder,
        extra: filters(&given)?,
        ..SearchRequest::default()
    };
    Ok(Parsed {
        request,
        start,
        maximum,
    })
}

/// startRecord and maximumRecords, within the endpoint's limits.
fn paging(given: &Given, endpoint: Endpoint) -> Result<(usize, usize), KokkaiError> {
    let (default_max, max_max) = endpoint.limits();
    let maximum = match given.get("maximumRecords") {
        None => default_max,
        Some(v) => match v.parse::<usize>() {
            Ok(n) if (1..=max_max).contains(&n) => n,
            _ if endpoint == Endpoint::Meeting => {
                return Err(KokkaiError::new(
                    19006,
                    "最大取得件数は1～10の範囲で指定してください。",
                ));
            }
            _ => {
                return Err(KokkaiError::new(
                    19005,
                    "最大取得件数は1～100の範囲で指定してください。",
                ));
            }
        },
    };
    let start = match given.get("startRecord") {
        None => 1,
        Some(v) => v
            .parse::<usize>()
            .ok()
            .filter(|n| *n >= 1)
            .ok_or_else(KokkaiError::start)?,
    };
    Ok((start, maximum))
}

/// from and until: YYYY-MM-DD only, real dates, in order.
fn dates(given: &Given) -> Result<DateRange, KokkaiError> {
    let date = |name: &str, format_code: u32, missing_code: u32| {
        let Some(value) = given.get(name) else {
            return Ok(None);
        };
        let well_formed = value.len() == 10
            && value.chars().enumerate().all(|(i, c)| {
                if i == 4 || i == 7 {
                    c == '-'
                } else {
                    c.is_ascii_digit()
                }
            });
        if !well_formed {
            return Err(KokkaiError::input(format_code, format!("{name}:{value}")));
        }
        parse_date(value)
            .map_err(|_| KokkaiError::input(missing_code, format!("{name}:{value}")))?;
        Ok(Some(value))
    };
    let from = date("from", 19012, 19018)?;
    let until = date("until", 19013, 19019)?;
    if let (Some(from), Some(until)) = (from, until)
        && from > until
    {
        return Err(KokkaiError::input(
            19014,
            format!("from:{from} until:{until}"),
        ));
    }
    DateRange::parse(from, until).map_err(|err| KokkaiError::input(19011, err.to_string()))
}

/// The partial and exact matches on speakers, meetings and ids.
fn filters(given: &Given) -> Result<Vec<Filter>, KokkaiError> {
    let mut extra = Vec::new();
    let speakers = given.words("speaker");
    if !speakers.is_empty() {
        let keys = speakers.iter().map(|s| normalize(s).text).collect();
        extra.push(Filter::ContainsAny(KeywordField::SpeakerName, keys));
    }
    if let Some(position) = given.get("speakerPosition") {
        extra.push(Filter::ContainsAny(
            KeywordField::SpeakerPosition,
            vec![position.to_string()],
        ));
    }
    if let Some(group) = given.get("speakerGroup") {
        extra.push(Filter::ContainsAny(
            KeywordField::SpeakerGroup,
            vec![group.to_string()],
        ));
    }
    if let Some(role) = given.get("speakerRole") {
        if !["証人", "参考人", "公述人"].contains(&role) {
            return Err(KokkaiError::input(19028, format!("speakerRole:{role}")));
        }
        extra.push(Filter::Exact(KeywordField::SpeakerRole, role.to_string()));
    }
    let meetings = given.words("nameOfMeeting");
    if !meetings.is_empty() {
        extra.push(Filter::ContainsAny(KeywordField::Body, meetings));
    }
    if let Some(number) = given.get("speechNumber") {
        let number = number
            .parse()
            .map_err(|_| KokkaiError::input(19011, format!("speechNumber:{number}")))?;
        extra.push(Filter::Order(number));
    }
    if let Some(issue) = given.get("issueID") {
        extra.push(Filter::Exact(KeywordField::MeetingId, issue.to_string()));
    }
    if let Some(speech) = given.get("speechID") {
        let local = ndl::local_speech_id(speech)
            .ok_or_else(|| KokkaiError::input(19026, format!("speechID:{speech}")))?;
        extra.push(Filter::Exact(KeywordField::SpeechId, local));
    }
    Ok(extra)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parsed(pairs: &[(&str, &str)], endpoint: Endpoint) -> Result<Parsed, String> {
        let params = pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        parse(&params, endpoint).map_err(|err| {
            let mut text = err.message;
            for detail in err.details {
                text.push(' ');
                text.push_str(&detail);
            }
            text
        })
    }

    #[test]
    fn conditions_become_a_search_in_the_ndls_order() {
        let parsed = parsed(
            &[
                ("any", "防災　避難所"),
                ("speaker", "岸田 石破"),
                ("speechNumber", "3"),
                ("from", "2024-01-01"),
                ("until", "2024-03-31"),
                ("speechID", "121405254X00220241004_003"),
                ("startRecord", "11"),
            ],
            Endpoint::Speech,
        )
        .unwrap();
        assert_eq!(parsed.request.query, "防災 避難所");
        assert_eq!(parsed.request.sort, Sort::DateDescThenOrder);
        assert_eq!(parsed.request.dates.from.as_ref().unwrap().key, 20240101);
        assert_eq!((parsed.start, parsed.maximum), (11, 30));
        assert!(!parsed.request.names, "any is text only");
        assert!(parsed.request.extra.contains(&Filter::Order(3)));
        assert!(parsed.request.extra.contains(&Filter::Exact(
            KeywordField::SpeechId,
            "121405254X00220241004-4".into()
        )));
    }

    #[test]
    fn refusals_carry_the_ndls_codes() {
        for (pairs, endpoint, code) in [
            (vec![("maximumRecords", "5")], Endpoint::Speech, "(19007)"),
            (
                vec![("any", "a"), ("maximumRecords", "101")],
                Endpoint::Speech,
                "(19005)",
            ),
            (
                vec![("any", "a"), ("maximumRecords", "11")],
                Endpoint::Meeting,
                "(19006)",
            ),
            (
                vec![("any", "a"), ("startRecord", "0")],
                Endpoint::Speech,
                "(19004)",
            ),
            (vec![("from", "2024/01/01")], Endpoint::Speech, "(19012)"),
            (vec![("until", "2024-02-30")], Endpoint::Speech, "(19019)"),
            (
                vec![("from", "2024-02-01"), ("until", "2024-01-01")],
                Endpoint::Speech,
                "(19014)",
            ),
            (vec![("speakerRole", "議員")], Endpoint::Speech, "(19028)"),
            (vec![("speechID", "nonsense")], Endpoint::Speech, "(19026)"),
        ] {
            let err = parsed(&pairs, endpoint).unwrap_err();
            assert!(err.contains(code), "{pairs:?}: {err}");
        }
        let long = "あ".repeat(MAX_QUERY_CHARS + 1);
        assert!(
            parsed(&[("any", &long)], Endpoint::Speech)
                .unwrap_err()
                .contains("(19020)")
        );
    }
}
