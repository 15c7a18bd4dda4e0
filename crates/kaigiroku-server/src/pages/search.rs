//! The search page: the form, the facets, and the results by meeting (or
//! the agenda items found), ten to a page.

use std::collections::HashMap;

use axum::extract::State;
use axum::http::StatusCode;
use axum::response::Response;
use kaigiroku_core::model::{Category, Outcome};
use kaigiroku_query::facets::top;
use kaigiroku_query::{AgendaHit, Facet, MeetingGroup, Scope, SearchRequest, SearchResult};
use minijinja::context;
use serde::Serialize;

use crate::api::{item_url, meeting_url};
use crate::error::ApiError;
use crate::pages::links::{encode, href_with};
use crate::params::{FILTERS, search_request};
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
    hits: Vec<HitView>,
}

#[derive(Serialize)]
struct HitView {
    url: String,
    speaker: String,
    position: String,
    agenda: String,
    snippet: String,
}

/// An agenda item found (`scope=agenda`), as the page shows it.
#[derive(Serialize)]
struct ItemView {
    url: String,
    meeting_title: String,
    date: String,
    municipality: String,
    body: String,
    label: String,
    title: String,
    outcome: String,
    count: u64,
}

pub async fn search_page(State(state): State<AppState>, raw: Params) -> Response {
    let (params, outcome) = match params(raw) {
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
    let get = |k: &str| params.get(k).cloned().unwrap_or_default();
    let categories: Vec<CategoryOption> = Category::ALL
        .iter()
        .map(|c| CategoryOption {
            value: c.as_str(),
            label: c.label_ja(),
        })
        .collect();
    let form = context! {
        q => get("q"), category => get("category"), speaker => get("speaker"), body => get("body"),
        position => get("position"), outcome => get("outcome"), scope => get("scope"),
        from => get("from"), until => get("until"),
        sort => params.get("sort").cloned().unwrap_or_else(|| "relevance".into()),
        categories => categories,
    };
    let (status, results) = match outcome {
        None => (StatusCode::OK, context! { searched => false }),
        Some(Ok((request, result))) => (StatusCode::OK, results(&params, &request, &result)),
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

/// The search the page shows: grouped by meeting, with facets.
async fn run(
    state: &AppState,
    params: &HashMap<String, String>,
) -> Result<(SearchRequest, SearchResult), ApiError> {
    let request = search_request(params, PER_PAGE)?;
    let request = SearchRequest {
        group_by_meeting: request.scope == Scope::Speech,
        facets: true,
        ..request
    };
    let searcher = state.searcher.clone();
    let for_search = request.clone();
    let result = blocking(move || searcher.search(&for_search)).await?;
    Ok((request, result))
}

/// What the page shows of a result: counts, facets, results and pager.
fn results(
    params: &HashMap<String, String>,
    request: &SearchRequest,
    result: &SearchResult,
) -> minijinja::Value {
    let q = params.get("q").cloned().unwrap_or_default();
    let shown = if request.scope == Scope::Agenda {
        result.total
    } else {
        result.total_groups
    };
    let pages = shown.div_ceil(request.limit).max(1);
    let page = request.page();
    let page_href = |p: usize| href_with(params, &[("page", &p.to_string())]);
    context! {
        searched => true,
        total => result.total,
        total_meetings => result.total_groups,
        normalized => result.normalized,
        groups => result.groups.iter().map(|g| group_view(g, &q)).collect::<Vec<_>>(),
        items => result.items.iter().map(item_view).collect::<Vec<_>>(),
        facets => facet_blocks(params, result),
        page => page,
        pages => pages,
        prev_href => if page > 1 { page_href(page - 1) } else { String::new() },
        next_href => if page < pages { page_href(page + 1) } else { String::new() },
    }
}

fn group_view(group: &MeetingGroup, q: &str) -> GroupView {
    let first = group.best.first().cloned().unwrap_or_default();
    let url = format!("{}?q={}", meeting_url(&group.meeting_id), encode(q));
    GroupView {
        title: if first.meeting_title.is_empty() {
            first.body.clone()
        } else {
            first.meeting_title.clone()
        },
        date: first.date.clone(),
        municipality: first.municipality.clone(),
        body: first.body.clone(),
        count: group.hits_in_meeting,
        hits: group
            .best
            .iter()
            .map(|hit| HitView {
                url: format!("{url}#s-{}", hit.order),
                speaker: if hit.speaker_label.is_empty() {
                    "（発言者なし）".into()
                } else {
                    hit.speaker_label.clone()
                },
                position: hit.speaker_position.clone(),
                agenda: [hit.agenda_label.as_str(), hit.agenda_title.as_str()]
                    .join(" ")
                    .trim()
                    .to_string(),
                snippet: hit.snippet.clone(),
            })
            .collect(),
        url,
    }
}

fn item_view(item: &AgendaHit) -> ItemView {
    ItemView {
        url: item_url(item),
        meeting_title: item.meeting_title.clone(),
        date: item.date.clone(),
        municipality: item.municipality.clone(),
        body: item.body.clone(),
        label: item.label.clone(),
        title: item.title.clone(),
        outcome: item.outcome.clone(),
        count: item.matching_speeches,
    }
}

/// The facets as links that narrow the search to one value.
fn facet_blocks(params: &HashMap<String, String>, result: &SearchResult) -> Vec<FacetBlock> {
    let block = |title: &'static str, facet: Facet, key: &str, limit: usize| FacetBlock {
        title,
        values: top(&result.facets, facet, limit)
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
    let mut years = top(&result.facets, Facet::Year, 100);
    years.sort_by(|a, b| b.0.cmp(&a.0));
    let years = FacetBlock {
        title: "年",
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
        block("発言者の区分", Facet::Category, "category", 7),
        block("会議体", Facet::Body, "body", 8),
        block("発言者", Facet::Speaker, "speaker", 10),
        block("職名", Facet::Position, "position", 10),
        block("議題の結果", Facet::Outcome, "outcome", 10),
        years,
    ]
}
