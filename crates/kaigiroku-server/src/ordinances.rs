//! `/api/ordinances`: the ordinances an assembly's bills amended or
//! enacted, and, with `name`, every item that took one up, newest first.

use std::collections::HashMap;

use axum::Json;
use axum::extract::State;
use kaigiroku_query::{BillStage, Ordinance, Searcher};
use serde::Serialize;
use utoipa::ToSchema;

use crate::contract::OrdinancesParams;
use crate::error::ApiError;
use crate::links::agenda_page;
use crate::pages::links::query_with;
use crate::query_string::QueryParams;
use crate::state::{AppState, blocking};

/// What an ordinances request asks: an assembly's list, or one ordinance.
pub enum Asked {
    List(String),
    One { assembly: String, name: String },
}

impl Asked {
    pub fn of(params: &OrdinancesParams) -> Result<Asked, ApiError> {
        let assembly = params.municipality.clone().ok_or_else(|| {
            ApiError::invalid("municipality", "自治体名か団体コードを指定してください")
        })?;
        Ok(match params.name.clone() {
            Some(name) => Asked::One { assembly, name },
            None => Asked::List(assembly),
        })
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

/// An assembly's ordinances, or the items of one.
#[derive(Serialize, ToSchema)]
#[serde(untagged)]
pub enum OrdinancesBody {
    List { ordinances: Vec<OrdinanceJson> },
    One { items: Vec<OrdinanceItem> },
}

#[derive(Serialize, ToSchema)]
pub struct OrdinanceJson {
    name: String,
    /// Meetings that took it up.
    meetings: u64,
    /// Its page.
    page: String,
}

/// An item that amended or enacted the ordinance.
#[derive(Serialize, ToSchema)]
pub struct OrdinanceItem {
    id: String,
    page: String,
    date: String,
    body: String,
    label: String,
    number: String,
    title: String,
    bill: String,
    outcome: Option<String>,
}

/// `/api/ordinances`.
#[utoipa::path(get, path = "/api/ordinances", operation_id = "ordinances", tag = "people",
    summary = "自治体の議案が改正・制定した条例の一覧。name を指定すると、その条例を審議した議題（新しい順）",
    params(crate::contract::OrdinancesParams),
    responses((status = 200, body = OrdinancesBody), (status = 400, body = crate::contract::ErrorBody)))]
pub async fn json(
    State(state): State<AppState>,
    QueryParams(params): QueryParams<OrdinancesParams>,
) -> Result<Json<OrdinancesBody>, ApiError> {
    let asked = Asked::of(&params)?;
    let searcher = state.searcher.clone();
    Ok(Json(
        match blocking(move || find(&searcher, &asked)).await? {
            Found::List {
                assembly,
                ordinances,
            } => OrdinancesBody::List {
                ordinances: ordinances
                    .into_iter()
                    .map(|o| OrdinanceJson {
                        page: ordinance_page(&assembly, &o.name),
                        name: o.name,
                        meetings: o.meetings,
                    })
                    .collect(),
            },
            Found::One(items) => OrdinancesBody::One {
                items: items
                    .into_iter()
                    .map(|s| OrdinanceItem {
                        page: agenda_page(&s.agenda_id),
                        id: s.agenda_id,
                        date: s.date,
                        body: s.body,
                        label: s.label,
                        number: s.number,
                        title: s.title,
                        bill: s.bill,
                        outcome: (!s.outcome.is_empty()).then_some(s.outcome),
                    })
                    .collect(),
            },
        },
    ))
}
