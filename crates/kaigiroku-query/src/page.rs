//! The web pages for residents, rendered on the server with minijinja
//! templates (auto-escaped; only snippets built by [`crate::snippet`] are
//! marked safe). Everything works without JavaScript.

use std::collections::HashMap;

use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Response};
use kaigiroku_core::model::Category;
use minijinja::{Environment, context};
use serde::Serialize;

use crate::Scope;
use crate::error::Error;
use crate::facets::top;
use crate::search::SearchRequest;
use crate::server::{AppState, Params, blocking, params, request_from};
use crate::snippet::highlight_all;

/// The compiled templates.
pub struct Pages {
    env: Environment<'static>,
}

impl Default for Pages {
    fn default() -> Self {
        Self::new()
    }
}

impl Pages {
    pub fn new() -> Self {
        let mut env = Environment::new();
        // HTML-escape what must be (& < > " '), but leave `/` alone so that
        // links read as written; values marked safe (snippets) pass through.
        env.set_formatter(|out, state, value| {
            let html = matches!(state.auto_escape(), minijinja::AutoEscape::Html);
            if html && !value.is_safe() && !value.is_none() && !value.is_undefined() {
                out.write_str(&crate::snippet::escape(&value.to_string()))
                    .map_err(minijinja::Error::from)
            } else {
                minijinja::escape_formatter(out, state, value)
            }
        });
        for (name, source) in [
            ("base.html", include_str!("../templates/base.html")),
            ("search.html", include_str!("../templates/search.html")),
            ("meeting.html", include_str!("../templates/meeting.html")),
        ] {
            env.add_template(name, source).expect("templates compile");
        }
        Pages { env }
    }

    fn render(&self, name: &str, ctx: minijinja::Value) -> Response {
        match self.env.get_template(name).and_then(|t| t.render(ctx)) {
            Ok(html) => Html(html).into_response(),
            Err(err) => {
                tracing::error!(error = %err, "template");
                (StatusCode::INTERNAL_SERVER_ERROR, "page error").into_response()
            }
        }
    }
}

#[derive(Serialize)]
struct Option_ {
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

/// Percent-encodes a query-string value.
pub fn encode(value: &str) -> String {
    value
        .bytes()
        .map(|b| {
            if b.is_ascii_alphanumeric() || b"-_.~".contains(&b) {
                (b as char).to_string()
            } else {
                format!("%{b:02X}")
            }
        })
        .collect()
}

/// `/?…` with `params`, `key` set to `value` (or removed when empty) and the page reset.
fn href_with(params: &HashMap<String, String>, key: &str, value: &str) -> String {
    let mut pairs: Vec<(&str, &str)> = params
        .iter()
        .filter(|(k, v)| k.as_str() != key && k.as_str() != "page" && !v.is_empty())
        .map(|(k, v)| (k.as_str(), v.as_str()))
        .collect();
    if !value.is_empty() {
        pairs.push((key, value));
    }
    pairs.sort();
    let query: Vec<String> = pairs
        .iter()
        .map(|(k, v)| format!("{k}={}", encode(v)))
        .collect();
    format!("/?{}", query.join("&"))
}

pub async fn search_page(State(state): State<AppState>, raw: Params) -> Response {
    let params = params(raw).unwrap_or_default();
    let get = |k: &str| params.get(k).cloned().unwrap_or_default();
    let categories: Vec<Option_> = Category::ALL
        .iter()
        .map(|c| Option_ {
            value: c.as_str(),
            label: c.label_ja(),
        })
        .collect();
    let searched = [
        "q", "speaker", "position", "category", "body", "outcome", "from", "until",
    ]
    .iter()
    .any(|k| !get(k).trim().is_empty());
    let mut error = None;
    let mut ctx = HashMap::<&str, minijinja::Value>::new();
    if searched {
        let outcome = match request_from(&params) {
            Ok(request) => {
                let request = SearchRequest {
                    group_by_meeting: request.scope == Scope::Speech,
                    per_page: 10,
                    facets: true,
                    ..request
                };
                let searcher = state.searcher.clone();
                let for_search = request.clone();
                blocking(move || searcher.search(&for_search))
                    .await
                    .map(|result| (request, result))
            }
            Err(err) => Err(err),
        };
        match outcome {
            Ok((request, result)) => {
                let q = get("q");
                let groups: Vec<GroupView> = result
                    .groups
                    .iter()
                    .map(|group| {
                        let first = group.best.first().cloned().unwrap_or_default();
                        let link = |order: u64| {
                            format!("/meetings/{}?q={}#s-{order}", group.meeting_id, encode(&q))
                        };
                        GroupView {
                            url: format!("/meetings/{}?q={}", group.meeting_id, encode(&q)),
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
                                    url: link(hit.order),
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
                        }
                    })
                    .collect();
                let category_label = |value: &str| {
                    Category::parse(value).map_or(value.to_string(), |c| c.label_ja().to_string())
                };
                let block =
                    |title: &'static str,
                     facet: &str,
                     key: &str,
                     limit: usize,
                     label: &dyn Fn(&str) -> String| FacetBlock {
                        title,
                        values: top(&result.facets, facet, limit)
                            .into_iter()
                            .map(|(value, count)| FacetValue {
                                label: label(&value),
                                count,
                                // A facet narrows to exactly its value (議長, not 副議長).
                                href: if matches!(key, "speaker" | "position") {
                                    href_with(&params, key, &format!("\"{value}\""))
                                } else {
                                    href_with(&params, key, &value)
                                },
                            })
                            .collect(),
                    };
                let year_href =
                    |year: &str| href_with(&href_params(&params, "from", year), "until", year);
                let years = FacetBlock {
                    title: "年",
                    values: {
                        let mut years = top(&result.facets, "year", 100);
                        years.sort_by(|a, b| b.0.cmp(&a.0));
                        years
                            .into_iter()
                            .take(12)
                            .map(|(y, c)| FacetValue {
                                label: format!("{y}年"),
                                count: c,
                                href: year_href(&y),
                            })
                            .collect()
                    },
                };
                let facets = vec![
                    block(
                        "発言者の区分",
                        "speaker_category",
                        "category",
                        7,
                        &category_label,
                    ),
                    block("会議体", "body", "body", 8, &|v| v.to_string()),
                    block("発言者", "speaker_name", "speaker", 10, &|v| {
                        v.to_string()
                    }),
                    block("職名", "speaker_position", "position", 10, &|v| {
                        v.to_string()
                    }),
                    block("議題の結果", "agenda_outcome", "outcome", 10, &|v| {
                        v.to_string()
                    }),
                    years,
                ];
                let per_page = 10;
                let shown = if request.scope == Scope::Agenda {
                    result.total
                } else {
                    result.total_groups
                };
                let pages = shown.div_ceil(per_page).max(1);
                ctx.insert(
                    "items",
                    minijinja::Value::from_serialize(item_views(&result.items)),
                );
                let page = request.page.max(1);
                let page_href = |p: usize| href_with(&params, "page", &p.to_string());
                ctx.insert("total", result.total.into());
                ctx.insert("total_meetings", result.total_groups.into());
                ctx.insert("normalized", result.normalized.clone().into());
                ctx.insert("groups", minijinja::Value::from_serialize(&groups));
                ctx.insert("facets", minijinja::Value::from_serialize(&facets));
                ctx.insert("page", page.into());
                ctx.insert("pages", pages.into());
                ctx.insert(
                    "prev_href",
                    (if page > 1 {
                        page_href(page - 1)
                    } else {
                        String::new()
                    })
                    .into(),
                );
                ctx.insert(
                    "next_href",
                    (if page < pages {
                        page_href(page + 1)
                    } else {
                        String::new()
                    })
                    .into(),
                );
            }
            Err(err) => error = Some(err.to_string()),
        }
    }
    let sort = params
        .get("sort")
        .cloned()
        .unwrap_or_else(|| "relevance".into());
    let page = context! {
        q => get("q"), category => get("category"), speaker => get("speaker"), body => get("body"),
        position => get("position"), outcome => get("outcome"), scope => get("scope"),
        from => get("from"), until => get("until"), sort => sort,
        categories => minijinja::Value::from_serialize(&categories),
        searched => searched && error.is_none(), error => error,
        ..minijinja::Value::from_serialize(&ctx)
    };
    let status = if page.get_attr("error").is_ok_and(|e| !e.is_none()) {
        StatusCode::BAD_REQUEST
    } else {
        StatusCode::OK
    };
    let mut response = state.pages.render("search.html", page);
    if status != StatusCode::OK && response.status() == StatusCode::OK {
        *response.status_mut() = status;
    }
    response
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

fn item_views(items: &[crate::AgendaHit]) -> Vec<ItemView> {
    items
        .iter()
        .map(|item| {
            let order = item.agenda_id.rsplit('#').next().unwrap_or("");
            ItemView {
                url: format!("/meetings/{}#a-{order}", item.meeting_id),
                meeting_title: item.meeting_title.clone(),
                date: item.date.clone(),
                municipality: item.municipality.clone(),
                body: item.body.clone(),
                label: item.label.clone(),
                title: item.title.clone(),
                outcome: item.outcome.clone(),
                count: item.matching_speeches,
            }
        })
        .collect()
}

fn href_params(
    params: &HashMap<String, String>,
    key: &str,
    value: &str,
) -> HashMap<String, String> {
    let mut with = params.clone();
    with.insert(key.to_string(), value.to_string());
    with
}

#[derive(Serialize)]
struct SpeechView {
    order: u64,
    kind: String,
    speaker: String,
    position: String,
    html: String,
    agenda_start: String,
    agenda_order: u32,
    /// Anchors of the items taken together with it.
    also_anchors: Vec<u32>,
}

pub async fn meeting_page(
    State(state): State<AppState>,
    Path(id): Path<String>,
    raw: Params,
) -> Response {
    let q = params(raw)
        .ok()
        .and_then(|p| p.get("q").cloned())
        .unwrap_or_default();
    let searcher = state.searcher.clone();
    let outcome = blocking(move || {
        let stored = searcher.meeting(&id)?;
        let analyzer = searcher.analyzer().clone();
        let terms: Vec<Vec<String>> = crate::syntax::parse(&q)
            .iter()
            .filter_map(|clause| match clause {
                crate::syntax::Clause::AnyOf(words) => Some(words.clone()),
                crate::syntax::Clause::Not(_) => None,
            })
            .flatten()
            .map(|word| crate::search::gram_texts(&analyzer.analyze(&word).grams))
            .collect();
        let mut previous_agenda = None;
        let mut anchored = std::collections::HashSet::new();
        let speeches: Vec<SpeechView> = stored
            .speeches
            .iter()
            .map(|s| {
                let order = s.agenda_orders.first().copied();
                let starts = order.is_some() && order != previous_agenda;
                previous_agenda = order;
                let item = stored
                    .meeting
                    .agenda
                    .iter()
                    .find(|a| Some(a.order) == order);
                if let Some(order) = order.filter(|_| starts) {
                    anchored.insert(order);
                }
                // Items taken with it start here too: each gets its anchor once.
                let also: Vec<u32> = s
                    .agenda_orders
                    .iter()
                    .copied()
                    .filter(|o| anchored.insert(*o))
                    .collect();
                SpeechView {
                    order: s.order,
                    kind: s.kind.clone(),
                    speaker: s.speaker_label.clone(),
                    position: s.speaker_position.clone(),
                    html: highlight_all(&analyzer, &s.text, &terms),
                    agenda_start: if starts {
                        item.map_or(s.agenda_label.clone(), |a| {
                            format!("{} {}", a.label, a.title)
                        })
                    } else {
                        String::new()
                    },
                    agenda_order: item.map_or(0, |a| a.order),
                    also_anchors: also,
                }
            })
            .collect();
        Ok((stored, speeches))
    })
    .await;
    match outcome {
        Ok((stored, speeches)) => {
            let attendees: Vec<String> = stored
                .meeting
                .attendees
                .iter()
                .map(|a| match (&a.position, a.name.is_empty()) {
                    (Some(p), false) => format!("{}（{p}）", a.name),
                    (Some(p), true) => p.clone(),
                    (None, _) => a.name.clone(),
                })
                .collect();
            let ctx = context! { m => minijinja::Value::from_serialize(&stored.meeting), speeches => minijinja::Value::from_serialize(&speeches), attendees => attendees };
            state.pages.render("meeting.html", ctx)
        }
        Err(Error::NotFound(message)) => (StatusCode::NOT_FOUND, Html(format!("<!doctype html><html lang=\"ja\"><meta charset=\"utf-8\"><title>見つかりません</title><p>会議が見つかりません。<a href=\"/\">検索に戻る</a></p><!-- {} --></html>", crate::snippet::escape(&message)))).into_response(),
        Err(err) => err.into_response(),
    }
}
