//! The JSON API: search, meetings, speeches, and its OpenAPI document.
//! The JSON shapes of these endpoints are written here and nowhere else.

use std::str::FromStr;
use std::time::Instant;

use axum::Json;
use axum::extract::{Path, State};
use axum::http::header;
use axum::response::{IntoResponse, Response};
use kaigiroku_core::model::agenda_order;
use kaigiroku_query::facets::top;
use kaigiroku_query::{
    AgendaHit, Detail, Facet, Hit, MeetingGroup, Scope, SearchRequest, SearchResult, Searcher,
    StoredMeeting, StoredSpeech,
};
use serde::Serialize;
use serde_json::{Value, json};

use crate::error::ApiError;
use crate::links::{agenda_page, speech_page};
use crate::params::{optional, search_request};
use crate::state::{AppState, Params, blocking, params};
use kaigiroku_query::request::DEFAULT_LIMIT;

pub async fn search(State(state): State<AppState>, raw: Params) -> Response {
    let started = Instant::now();
    let outcome = async {
        let params = params(raw)?;
        // `fields` is the JSON API's own: pages and exports show whole hits.
        let request = SearchRequest {
            detail: optional(&params, "fields", Detail::from_str)?.unwrap_or_default(),
            ..search_request(&params, DEFAULT_LIMIT)?
        };
        let searcher = state.searcher.clone();
        let for_search = request.clone();
        let (result, codes) = blocking(move || {
            let result = searcher.search(&for_search)?;
            let names: Vec<String> = top(&result.facets, Facet::Municipality, 20)
                .into_iter()
                .map(|(name, _)| name)
                .collect();
            let names: Vec<&str> = names.iter().map(String::as_str).collect();
            let codes = searcher.municipality_codes(&names)?;
            Ok((result, codes))
        })
        .await?;
        Ok::<_, ApiError>((request, result, codes))
    }
    .await;
    let took = started.elapsed();
    match outcome {
        Ok((request, result, codes)) => {
            tracing::info!(q = %request.query, total = result.total, took_us = took.as_micros() as u64, "search");
            let mut body = search_body(&request, &result, took.as_millis());
            // Most searches take well under a millisecond.
            body.took_us = Some(took.as_micros() as u64);
            // Each municipality with its 団体コード, for work across assemblies.
            for entry in &mut body.facets.municipality {
                entry.code = Some(codes.get(&entry.value).cloned());
            }
            Json(body).into_response()
        }
        Err(err) => err.into_response(),
    }
}

/// The JSON shape of a search response, as a value.
pub fn search_json(request: &SearchRequest, result: &SearchResult, took_ms: u128) -> Value {
    serde_json::to_value(search_body(request, result, took_ms)).expect("a search serializes")
}

/// The JSON shape of a search response. Written as types, not `json!`, so
/// that the hot path serializes straight to bytes: building a
/// `serde_json::Value` first was a tenth of the CPU of a search under load.
#[derive(Serialize)]
pub struct SearchBody<'a> {
    total: usize,
    took_ms: u128,
    page: usize,
    per_page: usize,
    query: QueryEcho<'a>,
    facets: FacetsBody,
    hits: Vec<HitJson<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    scope: Option<&'static str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    items: Option<Vec<Value>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    total_meetings: Option<usize>,
    #[serde(skip_serializing_if = "Option::is_none")]
    meetings: Option<Vec<Value>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    took_us: Option<u64>,
}

/// How the query was read, and the filters as given.
#[derive(Serialize)]
struct QueryEcho<'a> {
    q: &'a str,
    normalized: &'a str,
    terms: &'a [Vec<String>],
    filters: Filters<'a>,
    sort: &'static str,
}

#[derive(Serialize)]
struct Filters<'a> {
    speaker: Option<&'a str>,
    position: Option<&'a str>,
    category: Option<&'static str>,
    body: Option<&'a str>,
    municipality: Option<&'a str>,
    agenda: Option<&'a str>,
    outcome: Option<&'static str>,
    from: Option<&'a str>,
    until: Option<&'a str>,
}

#[derive(Serialize)]
struct FacetsBody {
    municipality: Vec<FacetValue>,
    category: Vec<FacetValue>,
    position: Vec<FacetValue>,
    speaker: Vec<FacetValue>,
    body: Vec<FacetValue>,
    year: Vec<FacetValue>,
    outcome: Vec<FacetValue>,
    /// 会派.
    group: Vec<FacetValue>,
}

#[derive(Serialize)]
struct FacetValue {
    value: String,
    count: u64,
    /// A municipality's 団体コード, `null` when unknown; absent for the
    /// other facets.
    #[serde(skip_serializing_if = "Option::is_none")]
    code: Option<Option<String>>,
}

pub fn search_body<'a>(
    request: &'a SearchRequest,
    result: &'a SearchResult,
    took_ms: u128,
) -> SearchBody<'a> {
    let facet = |facet: Facet, limit: usize| -> Vec<FacetValue> {
        top(&result.facets, facet, limit)
            .into_iter()
            .map(|(value, count)| FacetValue {
                value,
                count,
                code: None,
            })
            .collect()
    };
    let given =
        |bound: &'a Option<kaigiroku_query::DateBound>| bound.as_ref().map(|b| b.given.as_str());
    let agenda = request.scope == Scope::Agenda;
    SearchBody {
        total: result.total,
        took_ms,
        page: request.page(),
        per_page: request.limit,
        query: QueryEcho {
            q: &request.query,
            normalized: &result.normalized,
            terms: &result.terms,
            filters: Filters {
                speaker: request.speaker.as_deref(),
                position: request.position.as_deref(),
                category: request.category.map(|c| c.as_str()),
                body: request.body.as_deref(),
                municipality: request.municipality.as_deref(),
                agenda: request.agenda.as_deref(),
                outcome: request.outcome.map(|o| o.as_str()),
                from: given(&request.dates.from),
                until: given(&request.dates.until),
            },
            sort: request.sort.as_str(),
        },
        facets: FacetsBody {
            municipality: facet(Facet::Municipality, 20),
            category: facet(Facet::Category, 10),
            position: facet(Facet::Position, 20),
            speaker: facet(Facet::Speaker, 20),
            body: facet(Facet::Body, 20),
            year: facet(Facet::Year, 100),
            outcome: facet(Facet::Outcome, 20),
            group: facet(Facet::Group, 20),
        },
        hits: result
            .hits
            .iter()
            .map(|hit| HitJson::of(hit, request.detail))
            .collect(),
        scope: agenda.then_some(Scope::Agenda.as_str()),
        items: agenda.then(|| result.items.iter().map(item_json).collect()),
        total_meetings: request.group_by_meeting.then_some(result.total_groups),
        meetings: request.group_by_meeting.then(|| {
            result
                .groups
                .iter()
                .map(|group| group_json(group, request.detail))
                .collect()
        }),
        took_us: None,
    }
}

fn item_json(item: &AgendaHit) -> Value {
    json!({
        "id": item.agenda_id,
        "page": agenda_page(&item.agenda_id),
        "meeting_id": item.meeting_id,
        "meeting_title": item.meeting_title,
        "url": item_url(item),
        "date": item.date,
        "body": item.body,
        "municipality": item.municipality,
        "label": item.label,
        "title": item.title,
        "outcome": (!item.outcome.is_empty()).then_some(&item.outcome),
        "matching_speeches": item.matching_speeches,
    })
}

fn group_json(group: &MeetingGroup, detail: Detail) -> Value {
    let meeting = match detail {
        Detail::All => {
            let first = group.best.first().cloned().unwrap_or_default();
            json!({"id": group.meeting_id, "title": first.meeting_title, "body": first.body, "municipality": first.municipality, "date": first.date, "url": meeting_url(&group.meeting_id)})
        }
        Detail::Id => json!({"id": group.meeting_id, "url": meeting_url(&group.meeting_id)}),
    };
    let best: Vec<HitJson> = group
        .best
        .iter()
        .map(|hit| HitJson::of(hit, detail))
        .collect();
    json!({
        "meeting": meeting,
        "hits_in_meeting": group.hits_in_meeting,
        "best": best,
    })
}

/// Where a meeting is read.
pub fn meeting_url(meeting_id: &str) -> String {
    format!("/meetings/{meeting_id}")
}

/// Where a speech is read in context.
pub fn speech_url(meeting_id: &str, order: u64) -> String {
    format!("/meetings/{meeting_id}#s-{order}")
}

/// Where an agenda item starts in its meeting.
pub fn item_url(item: &AgendaHit) -> String {
    let order = agenda_order(&item.agenda_id).unwrap_or(0);
    format!("/meetings/{}#a-{order}", item.meeting_id)
}

/// A hit as `fields` asks for it: whole, or only what names it.
#[derive(Serialize)]
#[serde(untagged)]
pub enum HitJson<'a> {
    // Boxed: a whole hit is five times the size of its id.
    All(Box<HitBody<'a>>),
    Id(HitId<'a>),
}

impl<'a> HitJson<'a> {
    pub fn of(hit: &'a Hit, detail: Detail) -> Self {
        match detail {
            Detail::All => HitJson::All(Box::new(HitBody::of(hit))),
            Detail::Id => HitJson::Id(HitId {
                speech_id: &hit.speech_id,
                meeting_id: &hit.meeting_id,
                url: speech_url(&hit.meeting_id, hit.order),
                score: hit.score,
            }),
        }
    }
}

/// A hit with `fields=id`.
#[derive(Serialize)]
pub struct HitId<'a> {
    speech_id: &'a str,
    meeting_id: &'a str,
    url: String,
    score: f32,
}

/// One hit of a search, as the API shows it.
#[derive(Serialize)]
pub struct HitBody<'a> {
    speech_id: &'a str,
    url: String,
    meeting: HitMeeting<'a>,
    agenda: HitAgenda<'a>,
    speaker: HitSpeaker<'a>,
    snippet: &'a str,
    score: f32,
}

#[derive(Serialize)]
struct HitMeeting<'a> {
    id: &'a str,
    title: &'a str,
    body: &'a str,
    municipality: &'a str,
    date: &'a str,
}

#[derive(Serialize)]
struct HitAgenda<'a> {
    label: &'a str,
    title: &'a str,
    outcome: Option<&'a str>,
}

#[derive(Serialize)]
struct HitSpeaker<'a> {
    label: &'a str,
    position: &'a str,
    category: &'static str,
    /// The person across meetings, their full name where resolved, reading
    /// and 会派: empty where unknown.
    key: &'a str,
    name: &'a str,
    yomi: &'a str,
    group: &'a str,
}

impl<'a> HitBody<'a> {
    pub fn of(hit: &'a Hit) -> Self {
        HitBody {
            speech_id: &hit.speech_id,
            url: speech_url(&hit.meeting_id, hit.order),
            meeting: HitMeeting {
                id: &hit.meeting_id,
                title: &hit.meeting_title,
                body: &hit.body,
                municipality: &hit.municipality,
                date: &hit.date,
            },
            agenda: HitAgenda {
                label: &hit.agenda_label,
                title: &hit.agenda_title,
                outcome: (!hit.agenda_outcome.is_empty()).then_some(hit.agenda_outcome.as_str()),
            },
            speaker: HitSpeaker {
                label: &hit.speaker_label,
                position: &hit.speaker_position,
                category: hit.speaker_category.map_or("", |c| c.as_str()),
                key: &hit.speaker_key,
                name: &hit.speaker_name,
                yomi: &hit.speaker_yomi,
                group: &hit.speaker_group,
            },
            snippet: &hit.snippet,
            score: hit.score,
        }
    }
}

pub fn hit_json(hit: &Hit) -> Value {
    serde_json::to_value(HitBody::of(hit)).expect("a hit serializes")
}

pub async fn meeting(State(state): State<AppState>, Path(id): Path<String>) -> Response {
    let searcher = state.searcher.clone();
    match blocking(move || searcher.meeting(&id)).await {
        Ok(stored) => Json(meeting_json(&stored)).into_response(),
        Err(err) => err.into_response(),
    }
}

pub fn meeting_json(stored: &StoredMeeting) -> Value {
    let meeting = &stored.meeting;
    let speeches_of = |order: Option<u32>| -> Vec<Value> {
        stored
            .speeches
            .iter()
            .filter(|s| match order {
                Some(order) => s.agenda_orders.contains(&order),
                None => s.agenda_orders.is_empty(),
            })
            .map(speech_json)
            .collect()
    };
    json!({
        "id": meeting.id,
        "title": meeting.title,
        "body": meeting.body,
        "municipality": meeting.municipality,
        "date": meeting.date,
        "start_time": meeting.start_time,
        "end_time": meeting.end_time,
        "place": meeting.place,
        "disclosure": meeting.disclosure,
        "source": crate::links::public_source(&meeting.source),
        "format": meeting.format,
        "attendees": meeting.attendees.iter().map(|a| json!({"name": a.name, "position": a.position, "group": a.group})).collect::<Vec<_>>(),
        "speeches_outside_agenda": speeches_of(None),
        "agenda": meeting.agenda.iter().map(|item| json!({
            "order": item.order, "label": item.label, "title": item.title, "outcome": item.outcome,
            "speeches": speeches_of(Some(item.order)),
        })).collect::<Vec<_>>(),
        "speech_count": stored.speeches.len(),
    })
}

fn speech_json(speech: &StoredSpeech) -> Value {
    json!({
        "id": speech.id,
        "url": speech_url(&speech.meeting_id, speech.order),
        "order": speech.order,
        "kind": speech.kind,
        "speaker": {"label": speech.speaker_label, "position": speech.speaker_position, "category": speech.speaker_category.map_or("", |c| c.as_str())},
        "agenda": speech.agenda_label,
        "text": speech.text,
    })
}

pub async fn speech(State(state): State<AppState>, Path(id): Path<String>) -> Response {
    let searcher = state.searcher.clone();
    let outcome = blocking(move || {
        let speech = searcher.speech(&id)?;
        let (previous, next) = searcher.neighbours(&speech)?;
        Ok((speech, previous, next))
    })
    .await;
    match outcome {
        Ok((speech, previous, next)) => {
            let mut body = speech_json(&speech);
            body["meeting_id"] = json!(speech.meeting_id);
            body["previous"] = json!(previous);
            body["next"] = json!(next);
            Json(body).into_response()
        }
        Err(err) => err.into_response(),
    }
}

pub async fn openapi() -> Response {
    (
        [(header::CONTENT_TYPE, "application/json")],
        include_str!("openapi.json"),
    )
        .into_response()
}

/// Most similar items or speeches one request returns.
const MAX_SIMILAR: usize = 50;

/// `/api/agenda`: agenda items as results (a search with `scope=agenda`),
/// with facets by outcome, body and year.
pub async fn agenda_search(State(state): State<AppState>, raw: Params) -> Response {
    let started = Instant::now();
    let outcome = async {
        let request = SearchRequest {
            scope: Scope::Agenda,
            ..search_request(&params(raw)?, DEFAULT_LIMIT)?
        };
        let searcher = state.searcher.clone();
        let for_search = request.clone();
        let result = blocking(move || searcher.search(&for_search)).await?;
        Ok::<_, ApiError>((request, result))
    }
    .await;
    match outcome {
        Ok((request, result)) => {
            let body = search_json(&request, &result, started.elapsed().as_millis());
            let facets = &body["facets"];
            Json(json!({
                "total": result.total,
                "page": request.page(),
                "per_page": request.limit,
                "query": body["query"],
                "facets": {"outcome": facets["outcome"], "body": facets["body"], "year": facets["year"]},
                "items": body["items"],
            }))
            .into_response()
        }
        Err(err) => err.into_response(),
    }
}

/// `/api/agenda/{id}`: the item, its outcome, and its speeches in order.
pub async fn agenda_item(State(state): State<AppState>, Path(id): Path<String>) -> Response {
    let searcher = state.searcher.clone();
    let found = blocking(move || {
        let record = searcher.agenda_item(&id)?;
        let history = searcher.history(&record.item, record.meeting.assembly())?;
        Ok((record, history))
    })
    .await;
    match found {
        Ok((record, history)) => {
            let meeting = &record.meeting;
            Json(json!({
                "id": kaigiroku_core::model::agenda_id(&meeting.id, record.item.order),
                "label": record.item.label,
                "title": record.item.title,
                "number": record.item.number,
                "outcome": record.item.outcome,
                "decided_how": record.item.decided_how,
                "bill": record.item.bill,
                "history": history.iter().map(stage_json).collect::<Vec<_>>(),
                "meeting": {"id": meeting.id, "title": meeting.title, "body": meeting.body, "municipality": meeting.municipality, "date": meeting.date, "url": meeting_url(&meeting.id)},
                "speeches": record.speeches.iter().map(speech_json).collect::<Vec<_>>(),
            }))
            .into_response()
        }
        Err(err) => err.into_response(),
    }
}

/// One stage of a bill's history.
fn stage_json(stage: &kaigiroku_query::BillStage) -> Value {
    json!({
        "id": stage.agenda_id,
        "page": agenda_page(&stage.agenda_id),
        "date": stage.date,
        "body": stage.body,
        "meeting_title": stage.meeting_title,
        "label": stage.label,
        "number": stage.number,
        "title": stage.title,
        "outcome": (!stage.outcome.is_empty()).then_some(&stage.outcome),
        "decided_how": (!stage.decided_how.is_empty()).then_some(&stage.decided_how),
    })
}

/// The `limit` (1 to 50, default 10) most similar results of `find`, in
/// the JSON `render` gives them.
async fn similar<T: Send + 'static>(
    state: AppState,
    raw: Params,
    find: impl FnOnce(&Searcher, usize) -> kaigiroku_query::Result<T> + Send + 'static,
    render: impl FnOnce(T) -> Value,
) -> Response {
    let limit = params(raw).and_then(|params| {
        optional(&params, "limit", |v| {
            v.parse::<usize>()
                .ok()
                .filter(|n| (1..=MAX_SIMILAR).contains(n))
                .ok_or_else(|| format!("from 1 to {MAX_SIMILAR}"))
        })
    });
    let limit = match limit {
        Ok(limit) => limit.unwrap_or(10),
        Err(err) => return err.into_response(),
    };
    let searcher = state.searcher.clone();
    match blocking(move || find(&searcher, limit)).await {
        Ok(found) => Json(render(found)).into_response(),
        Err(err) => err.into_response(),
    }
}

/// `/api/agenda/{id}/similar`: the items most like it.
pub async fn similar_items(
    State(state): State<AppState>,
    Path(id): Path<String>,
    raw: Params,
) -> Response {
    let find = move |searcher: &Searcher, limit| searcher.similar_items(&id, limit);
    similar(
        state,
        raw,
        find,
        |items| json!({"items": items.iter().map(item_json).collect::<Vec<_>>()}),
    )
    .await
}

/// `/api/speeches/{id}/similar`: the speeches most like it.
pub async fn similar_speeches(
    State(state): State<AppState>,
    Path(id): Path<String>,
    raw: Params,
) -> Response {
    let find = move |searcher: &Searcher, limit| searcher.similar_speeches(&id, limit);
    similar(state, raw, find, |hits| {
        let hits: Vec<Value> = hits
            .iter()
            .map(|hit| {
                let mut value = hit_json(hit);
                value["page"] = json!(speech_page(&hit.speech_id));
                value
            })
            .collect();
        json!({ "hits": hits })
    })
    .await
}
