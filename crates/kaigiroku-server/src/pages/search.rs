//! The search page: the form, the facets, and the results by meeting (or
//! the agenda items found), ten to a page.

use std::collections::HashMap;
use std::str::FromStr;

use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use kaigiroku_core::model::{Category, Outcome, item_name};
use kaigiroku_query::facets::top;
use kaigiroku_query::trends::UNDATED;
use kaigiroku_query::{
    AgendaHit, Facet, Facets, Interval, MeetingGroup, NameMatch, SearchRequest, Searcher, Split,
    Trends,
};
use minijinja::context;
use serde::Serialize;

use crate::api::{item_url, meeting_url};
use crate::chart::{bars, colour, drawn_series, table};
use crate::error::ApiError;
use crate::found::{Found, Unit, find};
use crate::links::{agenda_page, person_page, speech_page};
use crate::pages::links::{encode, href_with, query_with};
use crate::params::{FILTERS, search_request_from};
use crate::state::{AppState, Params, blocking, params};

/// Meetings (or items) per page.
const PER_PAGE: usize = 10;

#[derive(Serialize)]
struct CategoryOption {
    value: &'static str,
    label: &'static str,
}

#[derive(Serialize)]
struct FacetValue {
    label: String,
    count: u64,
    href: String,
}

#[derive(Serialize)]
struct FacetBlock {
    title: &'static str,
    /// Shown open: the facets most searches narrow by.
    open: bool,
    values: Vec<FacetValue>,
}

#[derive(Serialize)]
struct GroupView {
    url: String,
    title: String,
    date: String,
    municipality: String,
    body: String,
    count: u64,
    /// The meeting page with every match listed.
    all_href: String,
    hits: Vec<HitView>,
}

#[derive(Serialize)]
struct HitView {
    url: String,
    /// The speaker's page, when the label names a person.
    person: String,
    /// The speech's own page.
    page: String,
    speaker: String,
    position: String,
    agenda: String,
    snippet: String,
}

/// An agenda item found (`scope=agenda`), as the page shows it.
#[derive(Serialize)]
struct ItemView {
    url: String,
    /// The item's own page, with its speeches and similar items.
    page: String,
    meeting_title: String,
    date: String,
    municipality: String,
    body: String,
    /// Label and title, the title once ([`item_name`]).
    name: String,
    outcome: String,
    count: u64,
}

pub async fn search_page(State(state): State<AppState>, raw: Params) -> Response {
    let (params, outcome) = match params(raw).map(with_match_modes) {
        Ok(params) => {
            let searched = FILTERS
                .iter()
                .any(|k| params.get(*k).is_some_and(|v| !v.trim().is_empty()));
            let outcome = if searched {
                Some(run(&state, &params).await)
            } else {
                None
            };
            (params, outcome)
        }
        Err(err) => (HashMap::new(), Some(Err(err))),
    };
    // A form sends its empty fields too: the address is cleaned of them so
    // that it reads, and is shared, as the search it is.
    if params.values().any(|v| v.is_empty()) {
        let page = params.get("page").cloned().unwrap_or_default();
        return Redirect::to(&href_with(&params, &[("page", &page)])).into_response();
    }
    let get = |k: &str| params.get(k).cloned().unwrap_or_default();
    let categories: Vec<CategoryOption> = Category::ALL
        .iter()
        .map(|c| CategoryOption {
            value: c.as_str(),
            label: c.label_ja(),
        })
        .collect();
    let splits: Vec<CategoryOption> = Split::ALL
        .iter()
        .map(|s| CategoryOption {
            value: s.as_str(),
            label: split_label(*s),
        })
        .collect();
    let (speaker, speaker_exact) = unquoted(&get("speaker"));
    let (position, position_exact) = unquoted(&get("position"));
    let form = context! {
        q => get("q"), category => get("category"), body => get("body"),
        speaker => speaker, speaker_exact => speaker_exact,
        position => position, position_exact => position_exact,
        municipality => get("municipality"), group => get("group"),
        ordinance => get("ordinance"), agenda => get("agenda"),
        answers => get("answers") == "true",
        unfolded => get("fold") == "false",
        outcome => get("outcome"), scope => get("scope"),
        outcomes => Outcome::ALL.map(Outcome::as_str),
        from => get("from"), until => get("until"),
        sort => params.get("sort").cloned().unwrap_or_else(|| "relevance".into()),
        categories => categories,
        splits => splits, split => get("split"),
        chips => chips(&params),
        clear_href => clear_href(&params),
    };
    // A page past the last (a link kept after the results shrank): the last.
    if let Some(Ok(shown)) = &outcome {
        let last = page_count(shown);
        if shown.request.page() > last {
            let href = href_with(&params, &[("page", &last.to_string())]);
            return Redirect::to(&href).into_response();
        }
    }
    let (status, results) = match outcome {
        None => (StatusCode::OK, context! { searched => false }),
        Some(Ok(shown)) => (StatusCode::OK, results(&params, &shown)),
        Some(Err(err)) => {
            let (status, _) = err.code();
            err.log();
            (
                status,
                context! { searched => false, error => err.to_string() },
            )
        }
    };
    state
        .pages
        .render(status, "search.html", context! { ..form, ..results })
}

/// What the page shows of a search: its result and its trend.
struct Shown {
    request: SearchRequest,
    result: Found,
    trends: Trends,
    split: Option<Split>,
}

/// The search the page shows: grouped by meeting, with facets and the
/// trend of its speeches.
async fn run(state: &AppState, params: &HashMap<String, String>) -> Result<Shown, ApiError> {
    let (request, unit) = search_request_from(params, PER_PAGE)?;
    // The page lists meetings, each with its best speeches, unless it
    // lists agenda items.
    let unit = match unit {
        Unit::AgendaItems => Unit::AgendaItems,
        Unit::Speeches | Unit::Meetings => Unit::Meetings,
    };
    let request = SearchRequest {
        facets: true,
        ..request
    };
    let split = match params
        .get("split")
        .map(|v| v.trim())
        .filter(|v| !v.is_empty())
    {
        Some(name) => Some(Split::from_str(name).map_err(|m| ApiError::invalid("split", m))?),
        None => None,
    };
    let searcher = state.searcher.clone();
    let for_search = request.clone();
    let (result, trends) = blocking(move || {
        let result = find(&searcher, &for_search, unit)?;
        let trends = chart_trends(&searcher, &for_search, split)?;
        Ok((result, trends))
    })
    .await?;
    Ok(Shown {
        request,
        result,
        trends,
        split,
    })
}

/// Mentions per year, or per month when they span two years or less.
fn chart_trends(
    searcher: &Searcher,
    request: &SearchRequest,
    split: Option<Split>,
) -> kaigiroku_query::Result<Trends> {
    let speeches = SearchRequest {
        facets: false,
        snippets: false,
        offset: 0,
        ..request.clone()
    };
    let yearly = searcher.trends(&speeches, Interval::Year, split)?;
    let years = yearly.series.first().map_or(0, |s| {
        s.points.iter().filter(|p| p.period != UNDATED).count()
    });
    if (1..=2).contains(&years) {
        searcher.trends(&speeches, Interval::Month, split)
    } else {
        Ok(yearly)
    }
}

/// A way out of an empty result.
#[derive(Serialize)]
struct Suggestion {
    href: String,
    label: String,
}

/// What to try when nothing was found: each word left out in turn, the
/// period dropped, the other filters dropped.
fn suggestions(params: &HashMap<String, String>) -> Vec<Suggestion> {
    let mut found = Vec::new();
    let q = params.get("q").cloned().unwrap_or_default();
    let words: Vec<&str> = q.split_whitespace().collect();
    if words.len() >= 2 {
        for (at, word) in words.iter().enumerate() {
            let rest: Vec<&str> = words
                .iter()
                .enumerate()
                .filter(|(i, _)| *i != at)
                .map(|(_, w)| *w)
                .collect();
            found.push(Suggestion {
                href: href_with(params, &[("q", &rest.join(" "))]),
                label: format!("「{word}」を外して検索"),
            });
        }
    }
    let given = |k: &str| params.get(k).is_some_and(|v| !v.trim().is_empty());
    if params.get("fold").is_some_and(|v| v == "false") {
        found.push(Suggestion {
            href: href_with(params, &[("fold", "")]),
            label: "別の表記（子供と子ども など）も探す".into(),
        });
    }
    if given("from") || given("until") {
        found.push(Suggestion {
            href: href_with(params, &[("from", ""), ("until", "")]),
            label: "期間を指定せずに検索".into(),
        });
    }
    const NARROWING: [&str; 10] = [
        "speaker",
        "position",
        "category",
        "body",
        "municipality",
        "outcome",
        "ordinance",
        "group",
        "agenda",
        "answers",
    ];
    if NARROWING.iter().any(|k| given(k)) && !q.trim().is_empty() {
        let mut only_words = HashMap::new();
        only_words.insert("q".to_string(), q.clone());
        found.push(Suggestion {
            href: href_with(&only_words, &[]),
            label: "絞り込みを外して、語だけで検索".into(),
        });
    }
    found
}

/// How many pages the result fills (one at least).
fn page_count(shown: &Shown) -> usize {
    shown.result.listed().div_ceil(shown.request.limit).max(1)
}

/// What the page shows of a result: counts, chart, facets, results and pager.
fn results(params: &HashMap<String, String>, shown: &Shown) -> minijinja::Value {
    let (request, result) = (&shown.request, &shown.result);
    let q = params.get("q").cloned().unwrap_or_default();
    let pages = page_count(shown);
    let page = request.page();
    let page_href = |p: usize| href_with(params, &[("page", &p.to_string())]);
    let chart = chart_view(params, shown);
    // 「この件で区長・部長はどう答弁したか」: one click to the answers.
    let answers_href = if request.answers {
        href_with(params, &[("answers", "")])
    } else {
        href_with(params, &[("answers", "true")])
    };
    // Two assemblies or more: the same search side by side.
    let assemblies = top(result.facets(), Facet::Municipality, 2);
    let compare_href = if assemblies.len() == 2 {
        let q = params.get("q").cloned().unwrap_or_default();
        format!(
            "/compare?q={}&municipality={}&municipality={}",
            encode(&q),
            encode(&assemblies[0].0),
            encode(&assemblies[1].0)
        )
    } else {
        String::new()
    };
    let feed = format!(
        "/feeds/search.atom{}",
        href_with(params, &[("scope", "")]).trim_start_matches('/')
    );
    context! {
        searched => true,
        feed => feed,
        compare_href => compare_href,
        answers => request.answers,
        answers_href => answers_href,
        chart => chart,
        total => result.total(),
        total_meetings => result.listed(),
        normalized => result.normalized(),
        folded => result
            .folded()
            .iter()
            .map(|f| context! { word => f.word, spellings => f.spellings.join("・") })
            .collect::<Vec<_>>(),
        unfold_href => href_with(params, &[("fold", "false")]),
        groups => match result {
            Found::Meetings(found) => found.groups.iter().map(|g| group_view(g, &q)).collect(),
            _ => Vec::new(),
        },
        downloads => downloads(params),
        items => match result {
            Found::AgendaItems(found) => found.items.iter().map(item_view).collect(),
            _ => Vec::new(),
        },
        facets => facet_blocks(params, result.facets()),
        suggestions => if result.total() == 0 { suggestions(params) } else { Vec::new() },
        page => page,
        pages => pages,
        prev_href => if page > 1 { page_href(page - 1) } else { String::new() },
        next_href => if page < pages { page_href(page + 1) } else { String::new() },
    }
}

/// The chart of mentions, its legend and its table.
#[derive(Serialize)]
struct ChartView {
    svg: String,
    caption: String,
    legend: Vec<LegendEntry>,
    heads: Vec<String>,
    rows: Vec<TableRow>,
    csv: String,
}

#[derive(Serialize)]
struct LegendEntry {
    name: String,
    colour: &'static str,
}

#[derive(Serialize)]
struct TableRow {
    period: String,
    href: String,
    values: Vec<u64>,
}

fn chart_view(params: &HashMap<String, String>, shown: &Shown) -> Option<ChartView> {
    let trends = &shown.trends;
    if trends.total == 0 {
        return None;
    }
    // A bar narrows the search to its period.
    let href = |period: &str| {
        if period == UNDATED {
            href_with(params, &[])
        } else {
            href_with(params, &[("from", period), ("until", period)])
        }
    };
    let unit = match trends.interval {
        Interval::Year => "年",
        Interval::Month => "月",
    };
    let q = params.get("q").map(|q| q.trim()).unwrap_or_default();
    let caption = match (q.is_empty(), shown.split) {
        (true, None) => format!("{unit}ごとの発言数"),
        (false, None) => format!("「{q}」の{unit}ごとの発言数"),
        (_, Some(split)) => format!("{unit}ごとの発言数（{}別）", split_label(split)),
    };
    let drawn = drawn_series(trends);
    let rows = table(trends)
        .into_iter()
        .map(|(period, values)| TableRow {
            href: href(&period),
            period,
            values,
        })
        .collect();
    let csv_query = href_with(params, &[]).trim_start_matches("/?").to_string();
    Some(ChartView {
        svg: bars(trends, &caption, href),
        legend: drawn
            .iter()
            .enumerate()
            .map(|(k, (name, _))| LegendEntry {
                name: name.clone(),
                colour: colour(k),
            })
            .collect(),
        heads: drawn.into_iter().map(|(name, _)| name).collect(),
        rows,
        csv: format!("/api/trends.csv?{csv_query}"),
        caption,
    })
}

/// The facet a chart is split by, as the page names it.
fn split_label(split: Split) -> &'static str {
    match split {
        Split::Municipality => "自治体",
        Split::Body => "会議体",
        Split::Category => "発言者の区分",
        Split::Position => "職名",
        Split::Speaker => "発言者",
    }
}

fn group_view(group: &MeetingGroup, q: &str) -> GroupView {
    let first = group.best.first().cloned().unwrap_or_default();
    let url = format!("{}?q={}", meeting_url(&group.meeting_id), encode(q));
    GroupView {
        title: first.meeting_name().to_string(),
        date: first.date.clone(),
        municipality: first.municipality.clone(),
        body: first.body.clone(),
        count: group.hits_in_meeting,
        all_href: format!("{url}#hits"),
        hits: group
            .best
            .iter()
            .map(|hit| HitView {
                url: format!("{url}#s-{}", hit.order),
                person: person_page(&hit.speaker_key),
                page: speech_page(&hit.speech_id),
                speaker: if hit.speaker_label.is_empty() {
                    "（発言者なし）".into()
                } else {
                    hit.speaker_label.clone()
                },
                position: hit.speaker_position.clone(),
                agenda: hit.agenda_name(),
                snippet: hit.snippet.html(),
            })
            .collect(),
        url,
    }
}

fn item_view(item: &AgendaHit) -> ItemView {
    ItemView {
        url: item_url(item),
        page: agenda_page(&item.agenda_id),
        meeting_title: item.meeting_title.clone(),
        date: item.date.clone(),
        municipality: item.municipality.clone(),
        body: item.body.clone(),
        name: item_name(&item.label, &item.title),
        outcome: item.outcome.clone(),
        count: item.matching_speeches,
    }
}

/// The facets as links that narrow the search to one value.
fn facet_blocks(params: &HashMap<String, String>, facets: &Facets) -> Vec<FacetBlock> {
    let block = |title: &'static str, facet: Facet, key: &str, limit: usize| FacetBlock {
        title,
        open: matches!(facet, Facet::Municipality | Facet::Category),
        values: top(facets, facet, limit)
            .into_iter()
            // An outcome a record printed in other words cannot be asked for.
            .filter(|(value, _)| facet != Facet::Outcome || Outcome::parse(value).is_some())
            .map(|(value, count)| {
                // A name or position narrows to exactly its value (議長, not 副議長).
                let exact = matches!(facet, Facet::Speaker | Facet::Position);
                let narrowed = if exact {
                    format!("\"{value}\"")
                } else {
                    value.clone()
                };
                FacetValue {
                    label: match facet {
                        Facet::Category => Category::parse(&value)
                            .map_or(value.clone(), |c| c.label_ja().to_string()),
                        _ => value.clone(),
                    },
                    count,
                    href: href_with(params, &[(key, &narrowed)]),
                }
            })
            .collect(),
    };
    let mut years = top(facets, Facet::Year, 100);
    years.sort_by(|a, b| b.0.cmp(&a.0));
    let years = FacetBlock {
        title: "年",
        open: false,
        values: years
            .into_iter()
            .take(12)
            .map(|(year, count)| FacetValue {
                label: format!("{year}年"),
                count,
                href: href_with(params, &[("from", &year), ("until", &year)]),
            })
            .collect(),
    };
    vec![
        block("自治体", Facet::Municipality, "municipality", 10),
        block("発言者の区分", Facet::Category, "category", 7),
        block("会議体", Facet::Body, "body", 8),
        block("発言者", Facet::Speaker, "speaker", 10),
        block("職名", Facet::Position, "position", 10),
        block("会派", Facet::Group, "group", 10),
        block("議題の結果", Facet::Outcome, "outcome", 10),
        years,
    ]
}

/// The page's checkboxes for exact names (`speaker_match=exact`) folded
/// into the quoted form the engine and the API read (`speaker="山田太郎"`).
fn with_match_modes(mut params: HashMap<String, String>) -> HashMap<String, String> {
    for (field, mode) in [("speaker", "speaker_match"), ("position", "position_match")] {
        let exact = params.remove(mode).is_some_and(|m| m == "exact");
        if exact
            && let Some(value) = params.get_mut(field)
            && let Some(NameMatch::Partial(bare)) = NameMatch::parse(value)
        {
            *value = NameMatch::Exact(bare).written();
        }
    }
    params
}

/// A name filter as the form shows it: the name, and whether it is exact.
fn unquoted(value: &str) -> (String, bool) {
    NameMatch::parse(value).map_or((String::new(), false), |m| {
        (m.value().to_string(), m.is_exact())
    })
}

/// An active filter as the page shows it, with the link that removes it.
#[derive(Serialize)]
struct Chip {
    label: String,
    href: String,
}

/// The filters a chip can show, with how the page names them.
const CHIPS: [(&str, &str); 13] = [
    ("municipality", "自治体"),
    ("category", "発言者の区分"),
    ("speaker", "発言者"),
    ("position", "職名"),
    ("body", "会議体"),
    ("group", "会派"),
    ("outcome", "議題の結果"),
    ("ordinance", "条例"),
    ("agenda", "議題"),
    ("answers", "答弁のみ"),
    ("fold", "表記ゆれ"),
    ("scope", "探す単位"),
    ("split", "グラフの内訳"),
];

/// Every active filter but the words, each removable on its own; the
/// period is one chip.
fn chips(params: &HashMap<String, String>) -> Vec<Chip> {
    let given = |k: &str| params.get(k).map(|v| v.trim()).filter(|v| !v.is_empty());
    let mut chips = Vec::new();
    if given("from").is_some() || given("until").is_some() {
        chips.push(Chip {
            label: format!(
                "期間：{}〜{}",
                given("from").unwrap_or(""),
                given("until").unwrap_or("")
            ),
            href: href_with(params, &[("from", ""), ("until", "")]),
        });
    }
    for (key, name) in CHIPS {
        let Some(value) = given(key) else { continue };
        let shown = match key {
            "category" => Category::parse(value).map_or(value.to_string(), |c| c.label_ja().into()),
            "answers" if value == "true" => "首長・説明員".into(),
            "answers" => continue,
            "fold" if value == "false" => "まとめない（入力どおりの表記だけ）".into(),
            "fold" => continue,
            "scope" if value == "agenda" => "議題".into(),
            "split" => Split::from_str(value).map_or(value.to_string(), |s| split_label(s).into()),
            "speaker" | "position" => match unquoted(value) {
                (bare, true) => format!("{bare}（完全一致）"),
                (bare, false) => format!("{bare}（一部一致）"),
            },
            _ => value.to_string(),
        };
        chips.push(Chip {
            label: format!("{name}：{shown}"),
            href: href_with(params, &[(key, "")]),
        });
    }
    chips
}

/// The search with every filter removed: the words alone.
fn clear_href(params: &HashMap<String, String>) -> String {
    let mut words = HashMap::new();
    if let Some(q) = params.get("q") {
        words.insert("q".to_string(), q.clone());
    }
    href_with(&words, &[])
}

/// Links that download the current search's speeches from the API.
#[derive(Serialize)]
struct Downloads {
    csv: String,
    jsonl: String,
}

/// The exports take the API's search parameters, not the page's own
/// (`split`, `page`): those are left out so the API does not refuse them.
fn downloads(params: &HashMap<String, String>) -> Option<Downloads> {
    const PAGE_ONLY: [&str; 4] = ["split", "page", "scope", "facets"];
    if params.get("scope").is_some_and(|s| s == "agenda") {
        return None;
    }
    let kept: HashMap<String, String> = params
        .iter()
        .filter(|(k, _)| !PAGE_ONLY.contains(&k.as_str()))
        .map(|(k, v)| (k.clone(), v.clone()))
        .collect();
    let query = query_with(&kept, &[]);
    Some(Downloads {
        csv: format!("/api/search.csv?{query}"),
        jsonl: format!("/api/search.jsonl?{query}"),
    })
}
