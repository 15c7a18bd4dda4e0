//! `/api/ordinances`: the ordinances an assembly's bills amended or
//! enacted, and, with `name`, every item that took one up, newest first.

use std::collections::HashMap;

use axum::Json;
use axum::extract::State;
use axum::response::{IntoResponse, Response};
use kaigiroku_query::{BillStage, Ordinance, Searcher};
use serde_json::json;

use crate::error::ApiError;
use crate::links::agenda_page;
use crate::pages::links::query_with;
use crate::state::{AppState, Params, blocking, params};

/// What an ordinances request asks: an assembly's list, or one ordinance.
pub enum Asked {
    List(String),
    One { assembly: String, name: String },
}

impl Asked {
    pub fn of(params: &HashMap<String, String>) -> Result<Asked, ApiError> {
        let assembly = params
            .get("municipality")
            .map(|m| m.trim().to_string())
            .filter(|m| !m.is_empty())
            .ok_or_else(|| {
                ApiError::invalid("municipality", "自治体名か団体コードを指定してください")
            })?;
        Ok(
            match params
                .get("name")
                .map(|n| n.trim())
                .filter(|n| !n.is_empty())
            {
                Some(name) => Asked::One {
                    assembly,
                    name: name.to_string(),
                },
                None => Asked::List(assembly),
            },
        )
    }
}

/// An assembly's ordinances, or one ordinance's items newest first.
pub enum Found {
    List {
        assembly: String,
        ordinances: Vec<Ordinance>,
    },
    One(Vec<BillStage>),
}

pub fn find(searcher: &Searcher, asked: &Asked) -> kaigiroku_query::Result<Found> {
    Ok(match asked {
        Asked::List(assembly) => Found::List {
            assembly: assembly.clone(),
            ordinances: searcher.ordinances(assembly)?,
        },
        Asked::One { assembly, name } => {
            let mut items = searcher.ordinance_items(name, assembly)?;
            items.reverse();
            Found::One(items)
        }
    })
}

/// The page of one ordinance of `assembly`.
pub fn ordinance_page(assembly: &str, name: &str) -> String {
    let params: HashMap<String, String> = [
        ("municipality".to_string(), assembly.to_string()),
        ("name".to_string(), name.to_string()),
    ]
    .into();
    format!("/ordinances?{}", query_with(&params, &[]))
}

pub async fn json(State(state): State<AppState>, raw: Params) -> Response {
    let asked = match params(raw).and_then(|p| Asked::of(&p)) {
        Ok(asked) => asked,
        Err(err) => return err.into_response(),
    };
    let searcher = state.searcher.clone();
    let found = match blocking(move || find(&searcher, &asked)).await {
        Ok(found) => found,
        Err(err) => return err.into_response(),
    };
    match found {
        Found::List { assembly, ordinances } => Json(json!({
            "ordinances": ordinances.iter().map(|o| json!({
                "name": o.name, "meetings": o.meetings, "page": ordinance_page(&assembly, &o.name),
            })).collect::<Vec<_>>()
        }))
        .into_response(),
        Found::One(items) => Json(json!({
            "items": items.iter().map(|s| json!({
                "id": s.agenda_id, "page": agenda_page(&s.agenda_id), "date": s.date, "body": s.body,
                "label": s.label, "number": s.number, "title": s.title, "bill": s.bill,
                "outcome": (!s.outcome.is_empty()).then_some(&s.outcome),
            })).collect::<Vec<_>>()
        }))
        .into_response(),
    }
}
