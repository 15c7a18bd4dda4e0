//! `/speakers?municipality=…`: an assembly's 議員・説明員一覧, sortable,
//! a page at a time, each person linked to their page.

use axum::extract::{RawQuery, State};
use axum::http::StatusCode;
use axum::response::Response;
use kaigiroku_core::model::Category;
use kaigiroku_query::MemberSort;
use minijinja::context;
use serde::Serialize;

use crate::contract::SpeakersParams;
use crate::error::ApiError;
use crate::links::speaker_page;
use crate::pages::links::query_with;
use crate::query_string::{QueryParams, as_given};
use crate::speakers::MembersRequest;
use crate::state::{AppState, blocking};

#[derive(Serialize)]
struct Row {
    page: String,
    name: String,
    yomi: String,
    group: String,
    category: String,
    posts: String,
    speeches: u64,
    first: String,
    last: String,
}

#[derive(Serialize)]
struct SortLink {
    label: &'static str,
    href: String,
    current: bool,
}

pub async fn members_page(
    State(state): State<AppState>,
    RawQuery(raw): RawQuery,
    asked: Result<QueryParams<SpeakersParams>, ApiError>,
) -> Response {
    let params = as_given(raw.as_deref());
    let request = match asked.and_then(|QueryParams(asked)| MembersRequest::of(&asked)) {
        Ok(request) => request,
        Err(err) => return state.pages.failure(err, ""),
    };
    let municipality = request.municipality.trim().to_string();
    if municipality.is_empty() {
        let ctx = context! { municipality => "", rows => Vec::<Row>::new(), total => 0 };
        return state.pages.render(StatusCode::OK, "members.html", ctx);
    }
    let (page, per_page, sort) = (request.page, request.per_page, request.sort);
    let searcher = state.searcher.clone();
    match blocking(move || request.find(&searcher)).await {
        Ok((total, found)) => {
            let rows: Vec<Row> = found
                .iter()
                .map(|m| Row {
                    page: speaker_page(&m.key),
                    name: m.name.clone(),
                    yomi: m.yomi.clone(),
                    group: m.group.clone(),
                    category: Category::parse(&m.category)
                        .map_or_else(String::new, |c| c.label_ja().to_string()),
                    posts: m.posts.join("、"),
                    speeches: m.speeches,
                    first: m.first.clone(),
                    last: m.last.clone(),
                })
                .collect();
            let link =
                |changes: &[(&str, &str)]| format!("/speakers?{}", query_with(&params, changes));
            let sorts = [
                ("発言数", MemberSort::Speeches, "speeches"),
                ("よみ", MemberSort::Name, "name"),
                ("最終発言", MemberSort::Last, "last"),
                ("初発言", MemberSort::First, "first"),
            ]
            .map(|(label, value, name)| SortLink {
                label,
                href: link(&[("sort", name), ("page", "1")]),
                current: value == sort,
            });
            let pages = total.div_ceil(per_page).max(1);
            let previous = (page > 1).then(|| link(&[("page", &(page - 1).to_string())]));
            let next = (page < pages).then(|| link(&[("page", &(page + 1).to_string())]));
            let ctx = context! {
                municipality => municipality,
                rows => rows,
                total => total,
                page => page,
                pages => pages,
                sorts => sorts,
                previous => previous,
                next => next,
            };
            state.pages.render(StatusCode::OK, "members.html", ctx)
        }
        Err(err) => state.pages.failure(err, ""),
    }
}
