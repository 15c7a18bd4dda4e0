//! The National Diet Library's minutes API (`/api/speech`,
//! `/api/meeting_list`, `/api/meeting`) over local records: the same
//! parameter names, limits, response fields and errors, so that clients of
//! kokkai.ndl.go.jp work unchanged. The assembly (municipality, or 衆議院 /
//! 参議院 for Diet records) plays `nameOfHouse`; the body plays
//! `nameOfMeeting`; meeting ids play `issueID`.

mod error;
mod params;
mod records;
mod xml;

use axum::extract::State;
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use kaigiroku_query::{SearchRequest, Searcher};
use serde_json::{Value, json};

use crate::kokkai::error::KokkaiError;
use crate::kokkai::params::{Endpoint, Parsed, json_packing, parse};
use crate::kokkai::records::{meeting_record, speech_record};
use crate::state::{AppState, Params, blocking, params};

/// `/api/speech`.
#[utoipa::path(get, path = "/api/speech", operation_id = "ndl_speech", tag = "ndl", summary = "国会会議録API互換：発言単位出力",
    params(crate::contract::NdlParams),
    responses((status = 200, description = "国会会議録検索システム検索用APIと同じ形（recordPacking=xml なら XML、json なら JSON）", content_type = "application/xml"),
        (status = 400, description = "同API と同じ形のエラー", content_type = "application/xml")))]
pub async fn speech(state: State<AppState>, headers: HeaderMap, raw: Params) -> Response {
    respond(state, headers, raw, Endpoint::Speech).await
}

/// `/api/meeting_list`.
#[utoipa::path(get, path = "/api/meeting_list", operation_id = "ndl_meeting_list", tag = "ndl", summary = "国会会議録API互換：会議単位簡易出力",
    params(crate::contract::NdlParams),
    responses((status = 200, description = "国会会議録検索システム検索用APIと同じ形（recordPacking=xml なら XML、json なら JSON）", content_type = "application/xml"),
        (status = 400, description = "同API と同じ形のエラー", content_type = "application/xml")))]
pub async fn meeting_list(state: State<AppState>, headers: HeaderMap, raw: Params) -> Response {
    respond(state, headers, raw, Endpoint::MeetingList).await
}

/// `/api/meeting`.
#[utoipa::path(get, path = "/api/meeting", operation_id = "ndl_meeting", tag = "ndl", summary = "国会会議録API互換：会議単位出力",
    params(crate::contract::NdlParams),
    responses((status = 200, description = "国会会議録検索システム検索用APIと同じ形（recordPacking=xml なら XML、json なら JSON）", content_type = "application/xml"),
        (status = 400, description = "同API と同じ形のエラー", content_type = "application/xml")))]
pub async fn meeting(state: State<AppState>, headers: HeaderMap, raw: Params) -> Response {
    respond(state, headers, raw, Endpoint::Meeting).await
}

async fn respond(
    State(state): State<AppState>,
    headers: HeaderMap,
    raw: Params,
    endpoint: Endpoint,
) -> Response {
    let params = match params(raw) {
        Ok(params) => params,
        Err(err) => return render(Err(err.into()), false),
    };
    let json = match json_packing(&params) {
        Ok(json) => json,
        Err(err) => return render(Err(err), false),
    };
    let base = crate::links::base_url(&headers);
    let outcome = match parse(&params, endpoint) {
        Ok(parsed) => {
            let searcher = state.searcher.clone();
            match blocking(move || Ok(run(&searcher, parsed, endpoint, &base))).await {
                Ok(outcome) => outcome,
                Err(err) => Err(err.into()),
            }
        }
        Err(err) => Err(err),
    };
    render(outcome, json)
}

/// The records of one endpoint, or the NDL's refusal.
fn run(
    searcher: &Searcher,
    parsed: Parsed,
    endpoint: Endpoint,
    base: &str,
) -> Result<Value, KokkaiError> {
    let (total, records) = match endpoint {
        Endpoint::Speech => speech_records(searcher, &parsed, base)?,
        Endpoint::MeetingList | Endpoint::Meeting => {
            meeting_records(searcher, &parsed, endpoint == Endpoint::Meeting, base)?
        }
    };
    let start = parsed.start;
    let returned = records.len();
    let next = (start - 1 + returned < total).then_some(start + returned);
    let key = if endpoint == Endpoint::Speech {
        "speechRecord"
    } else {
        "meetingRecord"
    };
    Ok(json!({
        "numberOfRecords": total,
        "numberOfReturn": returned,
        "startRecord": start,
        "nextRecordPosition": next,
        key: records,
    }))
}

/// 19004 when the page starts past the last record.
fn check_start(parsed: &Parsed, total: usize) -> Result<(), KokkaiError> {
    if total > 0 && parsed.start > total {
        return Err(KokkaiError::start());
    }
    Ok(())
}

/// The matching speeches of the page, and how many match in all.
fn speech_records(
    searcher: &Searcher,
    parsed: &Parsed,
    base: &str,
) -> Result<(usize, Vec<Value>), KokkaiError> {
    let request = SearchRequest {
        snippets: false,
        ..parsed.request.clone()
    };
    let total = searcher
        .search(&SearchRequest {
            limit: 1,
            ..request.clone()
        })?
        .total;
    check_start(parsed, total)?;
    let mut page = Vec::new();
    searcher.all_hits(&request, parsed.start - 1, parsed.maximum, |hit, text| {
        page.push((hit, text.to_string()));
        true
    })?;
    let mut records = Vec::with_capacity(page.len());
    for (hit, text) in page {
        let speech = searcher.speech(&hit.speech_id)?;
        records.push(speech_record(&speech, &text, &hit, base));
    }
    Ok((total, records))
}

/// The distinct meetings of the matching speeches, newest first, exact at
/// any size; the first matching speech of each is its searchObject.
fn meeting_records(
    searcher: &Searcher,
    parsed: &Parsed,
    full: bool,
    base: &str,
) -> Result<(usize, Vec<Value>), KokkaiError> {
    let meetings = searcher.matching_meetings(&parsed.request)?;
    check_start(parsed, meetings.len())?;
    let mut records = Vec::new();
    for found in meetings.iter().skip(parsed.start - 1).take(parsed.maximum) {
        let stored = searcher.meeting(&found.meeting_id)?;
        records.push(meeting_record(&stored, found.first_order, full, base));
    }
    Ok((meetings.len(), records))
}

fn render(outcome: Result<Value, KokkaiError>, json_packing: bool) -> Response {
    let (status, body) = match outcome {
        Ok(value) => (StatusCode::OK, value),
        Err(err) => {
            let mut body = json!({"message": err.message});
            if !err.details.is_empty() {
                body["details"] = json!(err.details);
            }
            (err.status, body)
        }
    };
    if json_packing {
        return (
            status,
            [(header::CONTENT_TYPE, "application/json; charset=utf-8")],
            body.to_string(),
        )
            .into_response();
    }
    (
        status,
        [(header::CONTENT_TYPE, "application/xml; charset=utf-8")],
        crate::xml_text::without_forbidden_chars(xml::to_xml(&body)),
    )
        .into_response()
}
