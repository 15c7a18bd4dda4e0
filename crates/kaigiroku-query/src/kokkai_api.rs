//! The National Diet Library's minutes API (`/api/speech`,
//! `/api/meeting_list`, `/api/meeting`) over local records: the same
//! parameter names, limits, response fields and errors, so that clients of
//! kokkai.ndl.go.jp work unchanged. The assembly (municipality, or 衆議院 /
//! 参議院 for Diet records) plays `nameOfHouse`; the body plays
//! `nameOfMeeting`; meeting ids play `issueID`.

use std::collections::HashMap;

use axum::extract::State;
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde_json::{Map, Value, json};

use crate::error::Error;
use crate::records::StoredSpeech;
use crate::search::{Filter, Hit, KeywordField, SearchRequest, Searcher, Sort};
use crate::server::{AppState, Params, blocking};

#[derive(Clone, Copy, PartialEq, Eq)]
enum Endpoint {
    Speech,
    MeetingList,
    Meeting,
}

impl Endpoint {
    /// (default, maximum) of maximumRecords.
    fn limits(self) -> (usize, usize) {
        match self {
            Endpoint::Meeting => (3, 10),
            _ => (30, 100),
        }
    }
}

/// A refusal in the NDL's shape.
struct KokkaiError {
    status: StatusCode,
    message: String,
    details: Vec<String>,
}

impl KokkaiError {
    fn new(code: u32, message: &str) -> Self {
        KokkaiError {
            status: StatusCode::BAD_REQUEST,
            message: format!("({code}){message}"),
            details: Vec::new(),
        }
    }

    /// 19011 wraps the detail of what was wrong.
    fn input(detail_code: u32, detail: String) -> Self {
        KokkaiError {
            status: StatusCode::BAD_REQUEST,
            message: "(19011)検索条件の入力に誤りがあります。".into(),
            details: vec![format!("(0) ({detail_code}){detail}")],
        }
    }
}

pub async fn speech(state: State<AppState>, headers: HeaderMap, raw: Params) -> Response {
    respond(state, headers, raw, Endpoint::Speech).await
}

pub async fn meeting_list(state: State<AppState>, headers: HeaderMap, raw: Params) -> Response {
    respond(state, headers, raw, Endpoint::MeetingList).await
}

pub async fn meeting(state: State<AppState>, headers: HeaderMap, raw: Params) -> Response {
    respond(state, headers, raw, Endpoint::Meeting).await
}

async fn respond(
    State(state): State<AppState>,
    headers: HeaderMap,
    raw: Params,
    endpoint: Endpoint,
) -> Response {
    let params = raw.map(|q| q.0).unwrap_or_default();
    let json_packing = match params.get("recordPacking").map(String::as_str) {
        None | Some("") | Some("xml") => false,
        Some("json") => true,
        Some(other) => {
            return render(
                Err(KokkaiError::input(19011, format!("recordPacking:{other}"))),
                false,
            );
        }
    };
    let base = headers
        .get(header::HOST)
        .and_then(|h| h.to_str().ok())
        .map_or_else(String::new, |host| format!("http://{host}"));
    let outcome = match parse(&params, endpoint) {
        Ok(parsed) => {
            let searcher = state.searcher.clone();
            match blocking(move || Ok(run(&searcher, parsed, endpoint, &base))).await {
                Ok(result) => result,
                Err(err) => Err(internal(err)),
            }
        }
        Err(err) => Err(err),
    };
    render(outcome, json_packing)
}

fn internal(err: Error) -> KokkaiError {
    match err {
        Error::InvalidParameter { parameter, message } => {
            KokkaiError::input(19011, format!("{parameter}:{message}"))
        }
        Error::Timeout(_) => KokkaiError {
            status: StatusCode::SERVICE_UNAVAILABLE,
            message: "(19001)混雑しています。".into(),
            details: vec![],
        },
        other => KokkaiError {
            status: StatusCode::INTERNAL_SERVER_ERROR,
            message: format!("(19000){other}"),
            details: vec![],
        },
    }
}

struct Parsed {
    request: SearchRequest,
    start: usize,
    maximum: usize,
}

/// The NDL parameters as a search, with the NDL's checks and error codes.
fn parse(params: &HashMap<String, String>, endpoint: Endpoint) -> Result<Parsed, KokkaiError> {
    let get = |name: &str| params.get(name).map(|v| v.trim()).filter(|v| !v.is_empty());
    let words = |name: &str| -> Vec<String> {
        get(name)
            .map(|v| {
                v.split([' ', '　'])
                    .filter(|w| !w.is_empty())
                    .map(String::from)
                    .collect()
            })
            .unwrap_or_default()
    };
    const CONDITIONS: [&str; 14] = [
        "any",
        "nameOfHouse",
        "nameOfMeeting",
        "speaker",
        "speakerPosition",
        "speakerGroup",
        "speakerRole",
        "speechNumber",
        "from",
        "until",
        "issueID",
        "speechID",
        "sessionFrom",
        "issueFrom",
    ];
    if !CONDITIONS.iter().any(|name| get(name).is_some()) {
        return Err(KokkaiError::new(19007, "検索条件が指定されていません。"));
    }
    if get("any").is_some_and(|any| any.chars().count() > crate::search::MAX_QUERY_CHARS) {
        return Err(KokkaiError::new(19020, "検索条件の文字数が多すぎます。"));
    }
    let (default_max, max_max) = endpoint.limits();
    let maximum = match get("maximumRecords") {
        None => default_max,
        Some(v) => match v.parse::<usize>() {
            Ok(n) if (1..=max_max).contains(&n) => n,
            _ if endpoint == Endpoint::Meeting => {
                return Err(KokkaiError::new(
                    19006,
                    "最大取得件数は1～10の範囲で指定してください。",
                ));
            }
            _ => {
                return Err(KokkaiError::new(
                    19005,
                    "最大取得件数は1～100の範囲で指定してください。",
                ));
            }
        },
    };
    let start = match get("startRecord") {
        None => 1,
        Some(v) => v
            .parse::<usize>()
            .ok()
            .filter(|n| *n >= 1)
            .ok_or_else(|| KokkaiError::new(19004, "開始位置の指定が不正です。"))?,
    };
    let date =
        |name: &str, format_code: u32, missing_code: u32| -> Result<Option<String>, KokkaiError> {
            let Some(value) = get(name) else {
                return Ok(None);
            };
            let well_formed = value.len() == 10
                && value.chars().enumerate().all(|(i, c)| {
                    if i == 4 || i == 7 {
                        c == '-'
                    } else {
                        c.is_ascii_digit()
                    }
                });
            if !well_formed {
                return Err(KokkaiError::input(format_code, format!("{name}:{value}")));
            }
            kaigiroku_core::dates::parse_date(value)
                .map_err(|_| KokkaiError::input(missing_code, format!("{name}:{value}")))?;
            Ok(Some(value.to_string()))
        };
    let from = date("from", 19012, 19018)?;
    let until = date("until", 19013, 19019)?;
    if let (Some(from), Some(until)) = (&from, &until)
        && from > until
    {
        return Err(KokkaiError::input(
            19014,
            format!("from:{from} until:{until}"),
        ));
    }
    let mut extra = Vec::new();
    let speakers = words("speaker");
    if !speakers.is_empty() {
        let keys = speakers
            .iter()
            .map(|s| kaigiroku_core::analysis::normalize(s).text)
            .collect();
        extra.push(Filter::ContainsAny(KeywordField::SpeakerName, keys));
    }
    if let Some(position) = get("speakerPosition") {
        extra.push(Filter::ContainsAny(
            KeywordField::SpeakerPosition,
            vec![position.to_string()],
        ));
    }
    if let Some(group) = get("speakerGroup") {
        extra.push(Filter::ContainsAny(
            KeywordField::SpeakerGroup,
            vec![group.to_string()],
        ));
    }
    if let Some(role) = get("speakerRole") {
        if !["証人", "参考人", "公述人"].contains(&role) {
            return Err(KokkaiError::input(19028, format!("speakerRole:{role}")));
        }
        extra.push(Filter::Exact(KeywordField::SpeakerRole, role.to_string()));
    }
    let meetings = words("nameOfMeeting");
    if !meetings.is_empty() {
        extra.push(Filter::ContainsAny(KeywordField::Body, meetings));
    }
    if let Some(number) = get("speechNumber") {
        let number = number
            .parse()
            .map_err(|_| KokkaiError::input(19011, format!("speechNumber:{number}")))?;
        extra.push(Filter::Order(number));
    }
    if let Some(issue) = get("issueID") {
        extra.push(Filter::Exact(KeywordField::MeetingId, issue.to_string()));
    }
    if let Some(speech) = get("speechID") {
        let local = local_speech_id(speech)
            .ok_or_else(|| KokkaiError::input(19026, format!("speechID:{speech}")))?;
        extra.push(Filter::Exact(KeywordField::SpeechId, local));
    }
    let request = SearchRequest {
        query: words("any").join(" "),
        municipality: get("nameOfHouse").map(String::from),
        from,
        until,
        sort: Sort::DateDescThenOrder,
        extra,
        ..SearchRequest::default()
    };
    Ok(Parsed {
        request,
        start,
        maximum,
    })
}

/// Matches examined for the meeting endpoints.
const MEETING_WINDOW: usize = 20_000;

fn run(
    searcher: &Searcher,
    parsed: Parsed,
    endpoint: Endpoint,
    base: &str,
) -> Result<Value, KokkaiError> {
    let Parsed {
        request,
        start,
        maximum,
    } = parsed;
    let (total, records) = match endpoint {
        Endpoint::Speech => {
            let mut page = Vec::new();
            let total = searcher
                .search(&SearchRequest {
                    per_page: 1,
                    facets: false,
                    ..request.clone()
                })
                .map_err(internal)?
                .total;
            if total > 0 && start > total {
                return Err(KokkaiError::new(19004, "開始位置の指定が不正です。"));
            }
            let mut index = 0;
            searcher
                .all_hits(&request, start - 1 + maximum, |hit, text| {
                    index += 1;
                    if index >= start {
                        page.push((hit, text.to_string()));
                    }
                    true
                })
                .map_err(internal)?;
            let records: Vec<Value> = page
                .into_iter()
                .map(|(hit, text)| {
                    let speech = searcher.speech(&hit.speech_id).unwrap_or_default();
                    speech_record(&speech, &text, Some(&hit), base)
                })
                .collect();
            (total, records)
        }
        Endpoint::MeetingList | Endpoint::Meeting => {
            // Distinct meetings of the matching speeches, newest first; the
            // first matching speech of each is its searchObject.
            let mut meetings: Vec<(String, u64)> = Vec::new();
            searcher
                .all_hits(&request, MEETING_WINDOW, |hit, _| {
                    if !meetings.iter().any(|(id, _)| *id == hit.meeting_id) {
                        meetings.push((hit.meeting_id.clone(), hit.order));
                    }
                    true
                })
                .map_err(internal)?;
            let total = meetings.len();
            if total > 0 && start > total {
                return Err(KokkaiError::new(19004, "開始位置の指定が不正です。"));
            }
            let records = meetings
                .into_iter()
                .skip(start - 1)
                .take(maximum)
                .filter_map(|(id, search_object)| {
                    searcher
                        .meeting(&id)
                        .ok()
                        .map(|stored| (stored, search_object))
                })
                .map(|(stored, search_object)| {
                    meeting_record(&stored, search_object, endpoint == Endpoint::Meeting, base)
                })
                .collect();
            (total, records)
        }
    };
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

/// An NDL issueID: 21 ASCII letters and digits (`121405254X00220241004`).
fn is_issue_id(id: &str) -> bool {
    id.len() == 21 && id.bytes().all(|b| b.is_ascii_alphanumeric())
}

/// The speechID clients expect: the NDL's `<issueID>_<order>` for Diet
/// records, kaigiroku's own id for the rest.
fn speech_id(speech: &StoredSpeech) -> String {
    if is_issue_id(&speech.meeting_id) {
        format!("{}_{:03}", speech.meeting_id, speech_order(speech))
    } else {
        speech.id.clone()
    }
}

/// The NDL's speechOrder: Diet records count from 0 (会議録情報), stored one
/// higher; other records keep their order.
fn speech_order(speech: &StoredSpeech) -> u64 {
    if is_issue_id(&speech.meeting_id) {
        speech.order.saturating_sub(1)
    } else {
        speech.order
    }
}

/// kaigiroku's id for a speechID given in either form.
fn local_speech_id(speech_id: &str) -> Option<String> {
    match speech_id.rsplit_once('_') {
        Some((issue, order)) if is_issue_id(issue) => order
            .parse::<u64>()
            .ok()
            .map(|order| format!("{issue}-{}", order + 1)),
        _ => speech_id.contains('-').then(|| speech_id.to_string()),
    }
}

/// 号数 as the NDL prints it (第3号), from a title that ends with it.
fn issue_of(title: &str) -> String {
    title
        .rsplit([' ', '　'])
        .next()
        .filter(|last| last.starts_with('第') && last.ends_with('号'))
        .unwrap_or(title)
        .to_string()
}

fn speech_url(base: &str, meeting: &str, order: u64) -> String {
    format!("{base}/meetings/{meeting}#s-{order}")
}

/// The text as the NDL prints it: `○<label>　` before the speech.
fn printed(speech: &StoredSpeech, text: &str) -> String {
    if speech.speaker_label.is_empty() {
        text.to_string()
    } else {
        format!("○{}　{text}", speech.speaker_label)
    }
}

fn null_if_empty(value: &str) -> Value {
    if value.is_empty() {
        Value::Null
    } else {
        json!(value)
    }
}

fn speaker_fields(speech: &StoredSpeech, record: &mut Map<String, Value>) {
    let header = speech.kind == "header";
    record.insert(
        "speaker".into(),
        if header {
            json!("会議録情報")
        } else {
            json!(speaker_name(speech))
        },
    );
    record.insert("speakerYomi".into(), null_if_empty(&speech.speaker_yomi));
    record.insert("speakerGroup".into(), null_if_empty(&speech.speaker_group));
    // The NDL prints no position for members (井林委員): the one kaigiroku
    // reads from the label is ours, not the Diet's.
    let position = match speech.speaker_position.as_str() {
        "委員" | "議員" => "",
        position => position,
    };
    record.insert("speakerPosition".into(), null_if_empty(position));
    record.insert("speakerRole".into(), null_if_empty(&speech.speaker_role));
}

/// The name as stored for matching is folded; the label is what was printed.
fn speaker_name(speech: &StoredSpeech) -> String {
    if speech.speaker_name.is_empty() {
        speech.speaker_label.clone()
    } else {
        speech.speaker_name.clone()
    }
}

fn speech_record(speech: &StoredSpeech, text: &str, hit: Option<&Hit>, base: &str) -> Value {
    let mut record = Map::new();
    record.insert("speechID".into(), json!(speech_id(speech)));
    record.insert("issueID".into(), json!(speech.meeting_id));
    record.insert("imageKind".into(), json!("会議録"));
    record.insert("searchObject".into(), json!(speech_order(speech)));
    if let Some(hit) = hit {
        record.insert("session".into(), Value::Null);
        record.insert("nameOfHouse".into(), json!(hit.municipality));
        record.insert("nameOfMeeting".into(), json!(hit.body));
        record.insert("issue".into(), json!(issue_of(&hit.meeting_title)));
        record.insert("date".into(), json!(hit.date));
        record.insert("closing".into(), Value::Null);
    }
    record.insert("speechOrder".into(), json!(speech_order(speech)));
    speaker_fields(speech, &mut record);
    record.insert("speech".into(), json!(printed(speech, text)));
    record.insert("startPage".into(), Value::Null);
    record.insert(
        "speechURL".into(),
        json!(speech_url(base, &speech.meeting_id, speech.order)),
    );
    record.insert(
        "meetingURL".into(),
        json!(format!("{base}/meetings/{}", speech.meeting_id)),
    );
    record.insert("pdfURL".into(), Value::Null);
    Value::Object(record)
}

fn meeting_record(
    stored: &crate::records::StoredMeeting,
    search_object: u64,
    full: bool,
    base: &str,
) -> Value {
    let meeting = &stored.meeting;
    let search_object = if is_issue_id(&meeting.id) {
        search_object.saturating_sub(1)
    } else {
        search_object
    };
    let speeches: Vec<Value> = stored
        .speeches
        .iter()
        .map(|speech| {
            let mut record = Map::new();
            record.insert("speechID".into(), json!(speech_id(speech)));
            record.insert("speechOrder".into(), json!(speech_order(speech)));
            if full {
                speaker_fields(speech, &mut record);
                record.insert("speech".into(), json!(printed(speech, &speech.text)));
                record.insert("startPage".into(), Value::Null);
                record.insert("createTime".into(), Value::Null);
                record.insert("updateTime".into(), Value::Null);
            } else {
                record.insert(
                    "speaker".into(),
                    json!(if speech.kind == "header" {
                        "会議録情報".to_string()
                    } else {
                        speaker_name(speech)
                    }),
                );
            }
            record.insert(
                "speechURL".into(),
                json!(speech_url(base, &speech.meeting_id, speech.order)),
            );
            Value::Object(record)
        })
        .collect();
    json!({
        "issueID": meeting.id,
        "imageKind": "会議録",
        "searchObject": search_object,
        "session": null,
        "nameOfHouse": meeting.municipality,
        "nameOfMeeting": meeting.body,
        "issue": issue_of(&meeting.title),
        "date": meeting.date,
        "closing": null,
        "speechRecord": speeches,
        "meetingURL": format!("{base}/meetings/{}", meeting.id),
        "pdfURL": null,
    })
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
        to_xml(&body),
    )
        .into_response()
}

/// The NDL's XML: `<data>` with the counts, records under
/// `<records><record><recordData>`, errors under `<diagnostics>`.
fn to_xml(body: &Value) -> String {
    let mut xml = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?><data>");
    if let Some(message) = body.get("message") {
        xml.push_str("<diagnostics><diagnostic><message>");
        push_escaped(message.as_str().unwrap_or(""), &mut xml);
        xml.push_str("</message>");
        for detail in body
            .get("details")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
        {
            xml.push_str("<details>");
            push_escaped(detail.as_str().unwrap_or(""), &mut xml);
            xml.push_str("</details>");
        }
        xml.push_str("</diagnostic></diagnostics></data>");
        return xml;
    }
    for key in [
        "numberOfRecords",
        "numberOfReturn",
        "startRecord",
        "nextRecordPosition",
    ] {
        match body.get(key) {
            Some(Value::Null) | None => {}
            Some(value) => element(key, value, &mut xml),
        }
    }
    xml.push_str("<records>");
    for key in ["speechRecord", "meetingRecord"] {
        for record in body
            .get(key)
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
        {
            xml.push_str("<record><recordData>");
            element(key, record, &mut xml);
            xml.push_str("</recordData></record>");
        }
    }
    xml.push_str("</records></data>");
    xml
}

fn element(name: &str, value: &Value, xml: &mut String) {
    match value {
        Value::Array(items) => {
            for item in items {
                element(name, item, xml);
            }
        }
        Value::Object(fields) => {
            xml.push_str(&format!("<{name}>"));
            for (key, value) in fields {
                element(key, value, xml);
            }
            xml.push_str(&format!("</{name}>"));
        }
        Value::Null => xml.push_str(&format!("<{name}></{name}>")),
        Value::String(text) => {
            xml.push_str(&format!("<{name}>"));
            push_escaped(text, xml);
            xml.push_str(&format!("</{name}>"));
        }
        other => xml.push_str(&format!("<{name}>{other}</{name}>")),
    }
}

fn push_escaped(text: &str, xml: &mut String) {
    for c in text.chars() {
        match c {
            '&' => xml.push_str("&amp;"),
            '<' => xml.push_str("&lt;"),
            '>' => xml.push_str("&gt;"),
            '"' => xml.push_str("&quot;"),
            _ => xml.push(c),
        }
    }
}
