//! The JSON API: search, exports, meetings, speeches, and its OpenAPI
//! document. Only this layer knows the JSON shapes.

use std::convert::Infallible;
use std::time::Instant;

use axum::Json;
use axum::body::{Body, Bytes};
use axum::extract::{Path, State};
use axum::http::header;
use axum::response::{IntoResponse, Response};
use serde_json::{Value, json};

use crate::error::{Error, Result};
use crate::facets::top;
use crate::records::{StoredMeeting, StoredSpeech};
use crate::search::{Hit, MeetingGroup, SearchRequest, SearchResult};
use crate::server::{AppState, Params, blocking, params, request_from};

/// Most rows an export streams; documented in the OpenAPI document.
pub const EXPORT_LIMIT: usize = 10_000;

pub async fn search(State(state): State<AppState>, raw: Params) -> Response {
    let started = Instant::now();
    let outcome = async {
        let request = request_from(&params(raw)?)?;
        let searcher = state.searcher.clone();
        let for_search = request.clone();
        let result = blocking(move || searcher.search(&for_search)).await?;
        Ok::<_, Error>((request, result))
    }
    .await;
    let took = started.elapsed();
    match outcome {
        Ok((request, result)) => {
            tracing::info!(q = %request.query, total = result.total, took_ms = took.as_millis() as u64, "search");
            Json(search_json(&request, &result, took.as_millis())).into_response()
        }
        Err(err) => {
            tracing::info!(error = %err, "search refused");
            err.into_response()
        }
    }
}

/// The JSON shape of a search response.
pub fn search_json(request: &SearchRequest, result: &SearchResult, took_ms: u128) -> Value {
    let facet = |name: &str, limit: usize| -> Value {
        top(&result.facets, name, limit)
            .into_iter()
            .map(|(value, count)| json!({"value": value, "count": count}))
            .collect()
    };
    let mut body = json!({
        "total": result.total,
        "took_ms": took_ms,
        "page": request.page.max(1),
        "per_page": if request.per_page == 0 { 20 } else { request.per_page },
        "query": {
            "q": request.query,
            "normalized": result.normalized,
            "terms": result.terms,
            "filters": {
                "speaker": request.speaker, "position": request.position, "category": request.category,
                "body": request.body, "municipality": request.municipality, "agenda": request.agenda,
                "outcome": request.outcome,
                "from": request.from, "until": request.until,
            },
            "sort": match request.sort { crate::Sort::Relevance => "relevance", crate::Sort::DateDesc => "date_desc", crate::Sort::DateAsc => "date_asc", crate::Sort::DateDescThenOrder => "date_desc" },
        },
        "facets": {
            "category": facet("speaker_category", 10),
            "position": facet("speaker_position", 20),
            "speaker": facet("speaker_name", 20),
            "body": facet("body", 20),
            "year": facet("year", 100),
            "outcome": facet("agenda_outcome", 20),
        },
        "hits": result.hits.iter().map(hit_json).collect::<Vec<_>>(),
    });
    if request.scope == crate::Scope::Agenda {
        body["scope"] = json!("agenda");
        body["items"] = result
            .items
            .iter()
            .map(|item| {
                let order = item.agenda_id.rsplit('#').next().unwrap_or("");
                json!({
                    "id": item.agenda_id,
                    "meeting_id": item.meeting_id,
                    "meeting_title": item.meeting_title,
                    "url": format!("/meetings/{}#a-{order}", item.meeting_id),
                    "date": item.date,
                    "body": item.body,
                    "municipality": item.municipality,
                    "label": item.label,
                    "title": item.title,
                    "outcome": (!item.outcome.is_empty()).then_some(&item.outcome),
                    "matching_speeches": item.matching_speeches,
                })
            })
            .collect();
    }
    if request.group_by_meeting {
        body["total_meetings"] = json!(result.total_groups);
        body["meetings"] = result.groups.iter().map(group_json).collect();
    }
    body
}

fn group_json(group: &MeetingGroup) -> Value {
    let first = group.best.first().cloned().unwrap_or_default();
    json!({
        "meeting": {"id": group.meeting_id, "title": first.meeting_title, "body": first.body, "municipality": first.municipality, "date": first.date, "url": format!("/meetings/{}", group.meeting_id)},
        "hits_in_meeting": group.hits_in_meeting,
        "best": group.best.iter().map(hit_json).collect::<Vec<_>>(),
    })
}

/// Where a speech is read in context.
pub fn speech_url(meeting_id: &str, order: u64) -> String {
    format!("/meetings/{meeting_id}#s-{order}")
}

pub fn hit_json(hit: &Hit) -> Value {
    json!({
        "speech_id": hit.speech_id,
        "url": speech_url(&hit.meeting_id, hit.order),
        "meeting": {"id": hit.meeting_id, "title": hit.meeting_title, "body": hit.body, "municipality": hit.municipality, "date": hit.date},
        "agenda": {"label": hit.agenda_label, "title": hit.agenda_title, "outcome": (!hit.agenda_outcome.is_empty()).then_some(&hit.agenda_outcome)},
        "speaker": {"label": hit.speaker_label, "position": hit.speaker_position, "category": hit.speaker_category},
        "snippet": hit.snippet,
        "score": hit.score,
    })
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
        "source": meeting.source,
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
        "speaker": {"label": speech.speaker_label, "position": speech.speaker_position, "category": speech.speaker_category},
        "agenda": speech.agenda_label,
        "text": speech.text,
    })
}

pub async fn speech(State(state): State<AppState>, Path(id): Path<String>) -> Response {
    let searcher = state.searcher.clone();
    let outcome = blocking(move || {
        let speech = searcher.speech(&id)?;
        let sibling = |order: u64| -> Result<Option<String>> {
            let id = format!("{}-{order}", speech.meeting_id);
            Ok(searcher.has_speech(&id)?.then_some(id))
        };
        let previous = if speech.order > 1 {
            sibling(speech.order - 1)?
        } else {
            None
        };
        let next = sibling(speech.order + 1)?;
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

/// Streams every match (up to [`EXPORT_LIMIT`]) as CSV, with a BOM so that
/// spreadsheet programs read it as UTF-8.
pub async fn export_csv(state: State<AppState>, raw: Params) -> Response {
    export(
        state,
        raw,
        "text/csv; charset=utf-8",
        "kaigiroku.csv",
        |row| {
            let fields = [
                &row.hit.speech_id,
                &row.url,
                &row.hit.date,
                &row.hit.municipality,
                &row.hit.body,
                &row.hit.meeting_title,
                &row.hit.agenda_label,
                &row.hit.agenda_title,
                &row.hit.speaker_label,
                &row.hit.speaker_position,
                &row.hit.speaker_category,
                &row.text,
            ];
            let mut line = fields
                .iter()
                .map(|f| csv_field(f))
                .collect::<Vec<_>>()
                .join(",");
            line.push_str("\r\n");
            line
        },
    )
    .await
}

/// Streams every match (up to [`EXPORT_LIMIT`]) as JSON Lines.
pub async fn export_jsonl(state: State<AppState>, raw: Params) -> Response {
    export(state, raw, "application/x-ndjson; charset=utf-8", "kaigiroku.jsonl", |row| {
        let value = json!({
            "speech_id": row.hit.speech_id, "url": row.url, "date": row.hit.date, "municipality": row.hit.municipality,
            "body": row.hit.body, "meeting_title": row.hit.meeting_title, "agenda_label": row.hit.agenda_label,
            "agenda_title": row.hit.agenda_title, "speaker": row.hit.speaker_label, "position": row.hit.speaker_position,
            "category": row.hit.speaker_category, "text": row.text,
        });
        format!("{value}\n")
    })
    .await
}

const CSV_HEADER: &str = "\u{FEFF}speech_id,url,date,municipality,body,meeting_title,agenda_label,agenda_title,speaker,position,category,text\r\n";

struct ExportRow {
    hit: Hit,
    url: String,
    text: String,
}

async fn export(
    State(state): State<AppState>,
    raw: Params,
    content_type: &'static str,
    file_name: &'static str,
    render: fn(&ExportRow) -> String,
) -> Response {
    let request = match params(raw).and_then(|p| request_from(&p)) {
        Ok(mut request) => {
            request.facets = false;
            request.group_by_meeting = false;
            request
        }
        Err(err) => return err.into_response(),
    };
    // Refuse a bad query before the stream starts, while a status can still say so.
    let searcher = state.searcher.clone();
    let probe = request.clone();
    if let Err(err) = blocking(move || {
        searcher.search(&SearchRequest {
            per_page: 1,
            ..probe
        })
    })
    .await
    {
        return err.into_response();
    }
    let (sender, receiver) = tokio::sync::mpsc::channel::<Bytes>(64);
    if content_type.starts_with("text/csv") {
        let _ = sender.send(Bytes::from_static(CSV_HEADER.as_bytes())).await;
    }
    let searcher = state.searcher.clone();
    tokio::task::spawn_blocking(move || {
        let outcome = searcher.all_hits(&request, EXPORT_LIMIT, |hit, text| {
            let url = speech_url(&hit.meeting_id, hit.order);
            let row = ExportRow {
                hit,
                url,
                text: text.to_string(),
            };
            sender.blocking_send(Bytes::from(render(&row))).is_ok()
        });
        if let Err(err) = outcome {
            tracing::warn!(error = %err, "export stopped");
        }
    });
    let stream = futures_util::stream::unfold(receiver, |mut receiver| async move {
        receiver
            .recv()
            .await
            .map(|chunk| (Ok::<_, Infallible>(chunk), receiver))
    });
    (
        [
            (header::CONTENT_TYPE, content_type.to_string()),
            (
                header::CONTENT_DISPOSITION,
                format!("attachment; filename=\"{file_name}\""),
            ),
        ],
        Body::from_stream(stream),
    )
        .into_response()
}

fn csv_field(value: &str) -> String {
    if value.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", value.replace('"', "\"\""))
    } else {
        value.to_string()
    }
}

pub async fn openapi() -> Response {
    (
        [(header::CONTENT_TYPE, "application/json")],
        include_str!("openapi.json"),
    )
        .into_response()
}
