//! A search as callers ask for it. Every filter is typed here and parsed
//! at the edges (query strings, command-line flags), so that a bad value
//! is refused there with the parameter's name.

use kaigiroku_core::dates::{key_of, parse_date};
use kaigiroku_core::model::{Category, Outcome};

use crate::error::{Error, Result};

/// Longest query accepted, in characters.
pub const MAX_QUERY_CHARS: usize = 1000;
/// Results per page unless the caller says otherwise.
pub const DEFAULT_LIMIT: usize = 20;
/// Largest page.
pub const MAX_LIMIT: usize = 100;
/// Results beyond this offset are not served: deep paging is a crawl.
pub const MAX_OFFSET: usize = 10_000;

/// A search, as the API and the CLI ask for it.
#[derive(Debug, Clone)]
pub struct SearchRequest {
    pub query: String,
    /// A name: partly from its start (高橋 finds 高橋(伸)), or exactly.
    pub speaker: Option<NameMatch>,
    /// A position: partly anywhere in it (課長 finds every 〜課長), or
    /// exactly (区長, not 副区長).
    pub position: Option<NameMatch>,
    pub category: Option<Category>,
    /// Only answers (答弁): speeches of the executive or its staff.
    pub answers: bool,
    pub body: Option<String>,
    /// One assembly, by name or by 団体コード.
    pub municipality: Option<Assembly>,
    /// An agenda label as printed (日程第１).
    pub agenda: Option<String>,
    /// Only speeches under agenda items with this outcome.
    pub outcome: Option<Outcome>,
    /// Only speeches under the items on this ordinance, as printed
    /// (品川区立保育所条例: its amendments, enactment and repeal).
    pub ordinance: Option<String>,
    pub dates: DateRange,
    pub sort: Sort,
    /// Results skipped (speeches, items or meetings, as the scope says).
    pub offset: usize,
    /// Results returned.
    pub limit: usize,
    /// Count facets (off for exports and benchmarks).
    pub facets: bool,
    /// Cut a snippet for each hit (off where nobody reads one).
    pub snippets: bool,
    /// What each hit of a page carries.
    pub detail: Detail,
    /// A word also finds the speeches of a speaker whose name holds it (a
    /// person's name typed in the search box). Off for the text-only
    /// semantics of the kokkai-compatible API and the benchmarks.
    pub names: bool,
    /// Further conditions (the kokkai-compatible API's partial matches).
    pub extra: Vec<Filter>,
    /// A word also finds its other spellings (表記ゆれ: 子供 → 子ども, こども),
    /// ranked below it. Off for the text-only semantics of the
    /// kokkai-compatible API and the benchmarks.
    pub fold: bool,
    /// Each hit with the parts of its score.
    pub explain: bool,
}

impl Default for SearchRequest {
    fn default() -> Self {
        SearchRequest {
            query: String::new(),
            speaker: None,
            position: None,
            category: None,
            answers: false,
            body: None,
            municipality: None,
            agenda: None,
            outcome: None,
            ordinance: None,
            dates: DateRange::default(),
            sort: Sort::default(),
            offset: 0,
            limit: DEFAULT_LIMIT,
            facets: false,
            snippets: true,
            detail: Detail::default(),
            names: false,
            extra: Vec::new(),
            fold: false,
            explain: false,
        }
    }
}

impl SearchRequest {
    /// The offset and limit of page `page` (from 1) of `per_page` results,
    /// checked against the limits.
    pub fn paged(self, page: usize, per_page: usize) -> Result<SearchRequest> {
        if per_page == 0 || per_page > MAX_LIMIT {
            return Err(Error::invalid(
                "per_page",
                format!("1 から {MAX_LIMIT} までの数を指定してください（「{per_page}」）"),
            ));
        }
        let offset = page.saturating_sub(1).saturating_mul(per_page);
        if offset > MAX_OFFSET {
            return Err(Error::invalid(
                "page",
                format!(
                    "{MAX_OFFSET} 件より後の結果はページでは出しません。条件を絞り込むか、/api/search.csv で全件を書き出してください（続きは after= で）"
                ),
            ));
        }
        Ok(SearchRequest {
            offset,
            limit: per_page,
            ..self
        })
    }

    /// The page (from 1) that `offset` falls on.
    pub fn page(&self) -> usize {
        self.offset / self.limit.max(1) + 1
    }

    /// Refuses what the engine will not run: an overlong query, a page too
    /// large or too deep.
    pub(crate) fn check(&self) -> Result<()> {
        if self.query.chars().count() > MAX_QUERY_CHARS {
            return Err(Error::invalid(
                "q",
                format!("検索語が {MAX_QUERY_CHARS} 文字を超えています。短くしてください"),
            ));
        }
        if self.limit == 0 || self.limit > MAX_LIMIT {
            return Err(Error::invalid(
                "limit",
                format!("1 から {MAX_LIMIT} までの数を指定してください"),
            ));
        }
        if self.offset > MAX_OFFSET {
            return Err(Error::invalid(
                "offset",
                format!("{MAX_OFFSET} 件より後の結果は出しません。条件を絞り込んでください"),
            ));
        }
        Ok(())
    }
}

/// A date filter: the first day of `from` to the last of `until`, each as
/// the user wrote it (2024, 2024-05, 令和6年5月1日) and as a yyyymmdd key.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct DateRange {
    pub from: Option<DateBound>,
    pub until: Option<DateBound>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DateBound {
    pub given: String,
    pub key: u64,
}

impl DateRange {
    /// Reads the two bounds; a bad one is refused with its parameter name.
    pub fn parse(from: Option<&str>, until: Option<&str>) -> Result<DateRange> {
        let bound = |parameter: &'static str, value: Option<&str>, first: bool| {
            let Some(value) = value.map(str::trim).filter(|v| !v.is_empty()) else {
                return Ok(None);
            };
            let date =
                parse_date(value).map_err(|err| Error::invalid(parameter, err.to_string()))?;
            let (y, m, d) = if first {
                date.first_day()
            } else {
                date.last_day()
            };
            Ok::<_, Error>(Some(DateBound {
                given: value.to_string(),
                key: key_of(y, m, d),
            }))
        };
        let range = DateRange {
            from: bound("from", from, true)?,
            until: bound("until", until, false)?,
        };
        if let (Some(from), Some(until)) = (&range.from, &range.until)
            && from.key > until.key
        {
            // Nothing can match; say why rather than answer with nothing.
            return Err(Error::invalid(
                "until",
                format!(
                    "終わり（{}）が始め（{}）より前です。期間の始めと終わりを入れ替えてください",
                    until.given, from.given
                ),
            ));
        }
        Ok(range)
    }

    pub fn is_empty(&self) -> bool {
        self.from.is_none() && self.until.is_none()
    }
}

/// What one result of a search is.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Scope {
    #[default]
    Speech,
    /// An agenda item: every word must occur in its speeches, not
    /// necessarily in one.
    Agenda,
}

impl Scope {
    pub const ALL: [Scope; 2] = [Scope::Speech, Scope::Agenda];

    pub fn as_str(self) -> &'static str {
        match self {
            Scope::Speech => "speech",
            Scope::Agenda => "agenda",
        }
    }
}

/// What each hit of a page carries.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Detail {
    /// Everything a result page shows: the meeting, the agenda item, the
    /// speaker and the snippet, from the stored speech.
    #[default]
    All,
    /// Only what names the speech (its id, its meeting's, its order) and the
    /// score, from the fast fields: no stored speech is read. For clients
    /// that list or count matches.
    Id,
}

impl Detail {
    pub const ALL: [Detail; 2] = [Detail::All, Detail::Id];

    pub fn as_str(self) -> &'static str {
        match self {
            Detail::All => "all",
            Detail::Id => "id",
        }
    }
}

/// Result order.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Sort {
    #[default]
    Relevance,
    DateDesc,
    DateAsc,
    /// Newest meeting first, then in speech order (the NDL API's order).
    DateDescThenOrder,
}

impl Sort {
    /// The orders users choose between (the NDL's is implied by its API).
    pub const ALL: [Sort; 3] = [Sort::Relevance, Sort::DateDesc, Sort::DateAsc];

    pub fn as_str(self) -> &'static str {
        match self {
            Sort::Relevance => "relevance",
            Sort::DateDesc | Sort::DateDescThenOrder => "date_desc",
            Sort::DateAsc => "date_asc",
        }
    }
}

/// Reads the `as_str` names of a small enum, with an error that lists them.
macro_rules! named {
    ($type:ty, $all:expr) => {
        impl std::str::FromStr for $type {
            type Err = String;

            fn from_str(name: &str) -> std::result::Result<Self, String> {
                $all.into_iter()
                    .find(|value| value.as_str() == name)
                    .ok_or_else(|| {
                        let names: Vec<&str> = $all.iter().map(|v| v.as_str()).collect();
                        format!(
                            "「{name}」は使えません。次のいずれかを指定してください：{}",
                            names.join(", ")
                        )
                    })
            }
        }
    };
}
pub(crate) use named;
named!(Detail, Detail::ALL);
named!(Scope, Scope::ALL);
named!(Sort, Sort::ALL);

/// How a speaker's name or position filter matches.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum NameMatch {
    /// Part of the value: a name from its start, a position anywhere.
    Partial(String),
    /// The whole value.
    Exact(String),
}

impl NameMatch {
    /// The filter a query string writes: `"…"` is exact, anything else
    /// partial; nothing when empty.
    pub fn parse(written: &str) -> Option<NameMatch> {
        let written = written.trim();
        let quoted = written
            .strip_prefix('"')
            .and_then(|v| v.strip_suffix('"'))
            .map(str::trim);
        match quoted {
            Some("") => None,
            Some(inner) => Some(NameMatch::Exact(inner.to_string())),
            None if written.is_empty() => None,
            None => Some(NameMatch::Partial(written.to_string())),
        }
    }

    /// Partial or exact as `exact` says; nothing when empty.
    pub fn new(value: &str, exact: bool) -> Option<NameMatch> {
        let value = value.trim();
        match (value.is_empty(), exact) {
            (true, _) => None,
            (false, true) => Some(NameMatch::Exact(value.to_string())),
            (false, false) => Some(NameMatch::Partial(value.to_string())),
        }
    }

    /// The value matched.
    pub fn value(&self) -> &str {
        match self {
            NameMatch::Partial(value) | NameMatch::Exact(value) => value,
        }
    }

    pub fn is_exact(&self) -> bool {
        matches!(self, NameMatch::Exact(_))
    }

    /// As a query string writes it (the inverse of [`NameMatch::parse`]).
    pub fn written(&self) -> String {
        match self {
            NameMatch::Partial(value) => value.clone(),
            NameMatch::Exact(value) => format!("\"{value}\""),
        }
    }
}

/// A keyword field a [`Filter`] applies to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum KeywordField {
    SpeakerName,
    SpeakerPosition,
    SpeakerGroup,
    SpeakerRole,
    Body,
    MeetingId,
    SpeechId,
    /// The person across meetings.
    SpeakerKey,
}

impl KeywordField {
    /// The parameter a bad value is reported under (the NDL API's names).
    pub fn parameter(self) -> &'static str {
        match self {
            KeywordField::SpeakerName => "speaker",
            KeywordField::SpeakerPosition => "speakerPosition",
            KeywordField::SpeakerGroup => "speakerGroup",
            KeywordField::SpeakerRole => "speakerRole",
            KeywordField::Body => "nameOfMeeting",
            KeywordField::MeetingId => "issueID",
            KeywordField::SpeechId => "speechID",
            KeywordField::SpeakerKey => "speaker",
        }
    }
}

/// A condition beyond the usual filters.
#[derive(Debug, Clone, PartialEq)]
pub enum Filter {
    /// The field contains one of these strings (OR of partial matches).
    ContainsAny(KeywordField, Vec<String>),
    /// The field is exactly this value.
    Exact(KeywordField, String),
    /// The speech has this order (発言番号).
    Order(u64),
    /// The speech is under one of these agenda items (their ids).
    AgendaItems(Vec<String>),
}

/// One assembly, as a filter names it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Assembly {
    /// Its 団体コード, six digits (131091 is 品川区); full-width digits are
    /// read too.
    Code(String),
    /// Its name as the index holds it: 品川区, 衆議院.
    Name(String),
}

impl Assembly {
    /// The assembly a parameter names; nothing when empty.
    pub fn parse(given: &str) -> Option<Assembly> {
        let given = given.trim();
        let digits: String = given
            .chars()
            .filter_map(|c| match c {
                '0'..='9' => Some(c),
                '０'..='９' => char::from_u32(c as u32 - '０' as u32 + '0' as u32),
                _ => None,
            })
            .collect();
        if given.is_empty() {
            None
        } else if digits.len() == 6 && digits.chars().count() == given.chars().count() {
            Some(Assembly::Code(digits))
        } else {
            Some(Assembly::Name(given.to_string()))
        }
    }

    /// The code or the name, as matched.
    pub fn as_str(&self) -> &str {
        match self {
            Assembly::Code(code) => code,
            Assembly::Name(name) => name,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_take_the_first_and_last_day_and_name_the_bad_parameter() {
        let range = DateRange::parse(Some("2023"), Some("令和5年2月")).unwrap();
        assert_eq!(range.from.unwrap().key, 20230101);
        assert_eq!(range.until.unwrap().key, 20230228);
        let err = DateRange::parse(Some("2023-01-01"), Some("2023-02-30")).unwrap_err();
        assert!(err.to_string().starts_with("until:"), "{err}");
        assert!(DateRange::parse(Some(" "), None).unwrap().is_empty());
        // A period that ends before it starts is explained, not empty.
        let err = DateRange::parse(Some("令和5年"), Some("令和4年")).unwrap_err();
        assert!(err.to_string().contains("入れ替えて"), "{err}");
        // A date that is not one says how to write one.
        let err = DateRange::parse(Some("令和年"), None).unwrap_err();
        assert!(err.to_string().contains("令和5年"), "{err}");
    }

    #[test]
    fn pages_become_offsets_within_the_limits() {
        let request = SearchRequest::default().paged(3, 10).unwrap();
        assert_eq!((request.offset, request.limit, request.page()), (20, 10, 3));
        let err = SearchRequest::default().paged(1, 101).unwrap_err();
        assert!(err.to_string().starts_with("per_page:"), "{err}");
        let err = SearchRequest::default().paged(1002, 10).unwrap_err();
        assert!(err.to_string().starts_with("page:"), "{err}");
    }

    #[test]
    fn an_assembly_is_named_or_coded() {
        assert_eq!(
            Assembly::parse(" 131091 "),
            Some(Assembly::Code("131091".into()))
        );
        assert_eq!(
            Assembly::parse("１３１０９１"),
            Some(Assembly::Code("131091".into()))
        );
        assert_eq!(
            Assembly::parse("品川区"),
            Some(Assembly::Name("品川区".into()))
        );
        assert_eq!(
            Assembly::parse("1310911"),
            Some(Assembly::Name("1310911".into()))
        );
        assert_eq!(Assembly::parse(" "), None);
    }

    #[test]
    fn names_match_partly_unless_quoted() {
        assert_eq!(
            NameMatch::parse(" 区長 "),
            Some(NameMatch::Partial("区長".into()))
        );
        assert_eq!(
            NameMatch::parse("\"区長\""),
            Some(NameMatch::Exact("区長".into()))
        );
        assert_eq!(NameMatch::parse("\"\""), None);
        assert_eq!(NameMatch::parse("  "), None);
        for written in ["区長", "\"区長\""] {
            assert_eq!(NameMatch::parse(written).unwrap().written(), written);
        }
        assert_eq!(NameMatch::new("区長", true), NameMatch::parse("\"区長\""));
    }

    #[test]
    fn enum_names_round_trip_and_errors_list_them() {
        for sort in Sort::ALL {
            assert_eq!(sort.as_str().parse::<Sort>(), Ok(sort));
        }
        assert_eq!(
            "newest".parse::<Sort>(),
            Err("「newest」は使えません。次のいずれかを指定してください：relevance, date_desc, date_asc".to_string())
        );
        assert_eq!("agenda".parse::<Scope>(), Ok(Scope::Agenda));
    }
}
