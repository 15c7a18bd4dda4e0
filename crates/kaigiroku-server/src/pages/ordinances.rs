//! `/ordinances?municipality=…`: the ordinances an assembly's bills took
//! up; with `name`, every item on one ordinance, newest first.

use axum::extract::State;
use axum::http::StatusCode;
use axum::response::Response;
use kaigiroku_core::model::item_name;
use minijinja::context;
use serde::Serialize;

use crate::contract::OrdinancesParams;
use crate::error::ApiError;
use crate::links::agenda_page;
use crate::ordinances::{Asked, Found, find, ordinance_page};
use crate::pages::links::query_with;
use crate::query_string::QueryParams;
use crate::state::{AppState, blocking};

#[derive(Serialize)]
struct Row {
    href: String,
    name: String,
    meetings: u64,
}

#[derive(Serialize)]
struct Item {
    href: String,
    date: String,
    body: String,
    /// Label and title, the title once ([`item_name`]).
    name: String,
    outcome: String,
}

pub async fn ordinances_page(
    State(state): State<AppState>,
    asked: Result<QueryParams<OrdinancesParams>, ApiError>,
) -> Response {
    let params = match asked {
        Ok(QueryParams(params)) => params,
        Err(err) => return state.pages.failure(err, ""),
    };
    let municipality = params.municipality.clone().unwrap_or_default();
    let name = params.name.clone().unwrap_or_default();
    if municipality.is_empty() {
        let ctx = context! { municipality => "", name => "" };
        return state.pages.render(StatusCode::OK, "ordinances.html", ctx);
    }
    let asked = match Asked::of(&params) {
        Ok(asked) => asked,
        Err(err) => return state.pages.failure(err, ""),
    };
    let searcher = state.searcher.clone();
    match blocking(move || find(&searcher, &asked)).await {
        Ok(Found::List {
            assembly,
            ordinances,
        }) => {
            let rows: Vec<Row> = ordinances
                .iter()
                .map(|o| Row {
                    href: ordinance_page(&assembly, &o.name),
                    name: o.name.clone(),
                    meetings: o.meetings,
                })
                .collect();
            let ctx = context! { municipality => municipality, name => "", rows => rows };
            state.pages.render(StatusCode::OK, "ordinances.html", ctx)
        }
        Ok(Found::One(stages)) => {
            let items: Vec<Item> = stages
                .iter()
                .map(|s| Item {
                    href: agenda_page(&s.agenda_id),
                    date: s.date.clone(),
                    body: s.body.clone(),
                    name: item_name(&s.label, &s.title),
                    outcome: s.outcome.clone(),
                })
                .collect();
            let list: std::collections::HashMap<String, String> =
                [("municipality".to_string(), municipality.clone())].into();
            let ctx = context! {
                municipality => municipality,
                name => name,
                items => items,
                list_href => format!("/ordinances?{}", query_with(&list, &[])),
                // Its debates: the speeches under its items.
                search_href => format!(
                    "/search?{}",
                    query_with(&list, &[("ordinance", name.as_str())])
                ),
            };
            state.pages.render(StatusCode::OK, "ordinances.html", ctx)
        }
        Err(err) => state.pages.failure(err, ""),
    }
}
