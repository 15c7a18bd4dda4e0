//! The JSON API: search, meetings, speeches, and its OpenAPI document.
//! The JSON shapes of these endpoints are written here and nowhere else.

use std::time::Instant;

use axum::Json;
use axum::extract::{Path, State};
use axum::response::{IntoResponse, Response};
use kaigiroku_core::model::agenda_order;
use kaigiroku_query::facets::top;
use kaigiroku_query::{
    AgendaHit, Assembly, Detail, Explain, Facet, Folded, Hit, MeetingGroup, NameMatch, Scope,
    SearchRequest, StoredMeeting, StoredSpeech,
};
use serde::Serialize;
use utoipa::ToSchema;

use crate::contract::{ErrorBody, Paging, SearchFilters, SearchOptions, SimilarParams};
use crate::error::ApiError;
use crate::found::{Found, find};
use crate::links::{agenda_page, speech_page};
use crate::params::{search_request, unit_of};
use crate::query_string::QueryParams;
use crate::state::{AppState, blocking};
use kaigiroku_query::request::DEFAULT_LIMIT;

/// Most similar items or speeches one request returns.
pub const MAX_SIMILAR: usize = 50;

/// `/api/search`.
#[utoipa::path(get, path = "/api/search", operation_id = "search", tag = "search", summary = "発言の検索",
    params(SearchFilters, Paging, SearchOptions),
    responses((status = 200, body = SearchBody), (status = 400, body = ErrorBody),
        (status = 503, body = ErrorBody)))]
pub async fn search(
    State(state): State<AppState>,
    QueryParams(asked): QueryParams<(SearchFilters, Paging, SearchOptions)>,
) -> Response {
    let started = Instant::now();
    let outcome = async {
        // `fields` is the JSON API's own: pages and exports show whole hits.
        let detail = asked.2.fields.unwrap_or_default();
        let explain = asked.2.explain.unwrap_or(false);
        let unit = unit_of(&asked);
        let request = SearchRequest {
            detail,
            explain,
            ..search_request(asked, DEFAULT_LIMIT)?
        };
        let searcher = state.searcher.clone();
        let for_search = request.clone();
        let (result, codes) = blocking(move || {
            let result = find(&searcher, &for_search, unit)?;
            let names: Vec<String> = top(result.facets(), Facet::Municipality, 20)
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
            tracing::info!(q = %request.query, total = result.total(), took_us = took.as_micros() as u64, "search");
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

// Written as types, not `json!`, so that the hot path serializes straight
// to bytes: building a `serde_json::Value` first was a tenth of the CPU of
// a search under load.
/// A search's answer: the hits, how the query was read, and the counts.
#[derive(Serialize, ToSchema)]
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
    /// With `scope=agenda`: the agenda items found.
    #[serde(skip_serializing_if = "Option::is_none")]
    items: Option<Vec<ItemJson<'a>>>,
    /// With `group=meeting`: how many meetings hold a hit.
    #[serde(skip_serializing_if = "Option::is_none")]
    total_meetings: Option<usize>,
    /// With `group=meeting`: the hits by meeting.
    #[serde(skip_serializing_if = "Option::is_none")]
    meetings: Option<Vec<GroupJson<'a>>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    took_us: Option<u64>,
}

/// How the query was read, and the filters as given.
#[derive(Serialize, ToSchema)]
struct QueryEcho<'a> {
    q: &'a str,
    normalized: &'a str,
    terms: &'a [Vec<String>],
    /// The words searched in other spellings too (表記ゆれ), unless `fold=false`.
    folded: &'a [Folded],
    filters: Filters<'a>,
    sort: &'static str,
}

#[derive(Serialize, ToSchema)]
struct Filters<'a> {
    /// `"…"` when exact.
    speaker: Option<String>,
    /// `"…"` when exact.
    position: Option<String>,
    category: Option<&'static str>,
    body: Option<&'a str>,
    municipality: Option<&'a str>,
    agenda: Option<&'a str>,
    outcome: Option<&'static str>,
    from: Option<&'a str>,
    until: Option<&'a str>,
}

#[derive(Serialize, ToSchema)]
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

#[derive(Serialize, ToSchema, Clone)]
struct FacetValue {
    value: String,
    count: u64,
    /// A municipality's 団体コード, `null` when unknown; absent for the
    /// other facets.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(value_type = Option<String>)]
    code: Option<Option<String>>,
}

pub fn search_body<'a>(
    request: &'a SearchRequest,
    result: &'a Found,
    took_ms: u128,
) -> SearchBody<'a> {
    let facet = |facet: Facet, limit: usize| -> Vec<FacetValue> {
        top(result.facets(), facet, limit)
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
    SearchBody {
        total: result.total(),
        took_ms,
        page: request.page(),
        per_page: request.limit,
        query: QueryEcho {
            q: &request.query,
            normalized: result.normalized(),
            terms: result.terms(),
            folded: result.folded(),
            filters: Filters {
                speaker: request.speaker.as_ref().map(NameMatch::written),
                position: request.position.as_ref().map(NameMatch::written),
                category: request.category.map(|c| c.as_str()),
                body: request.body.as_deref(),
                municipality: request.municipality.as_ref().map(Assembly::as_str),
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
        hits: match result {
            Found::Speeches(found) => found
                .hits
                .iter()
                .map(|hit| HitJson::of(hit, request.detail))
                .collect(),
            _ => Vec::new(),
        },
        scope: matches!(result, Found::AgendaItems(_)).then_some(Scope::Agenda.as_str()),
        items: match result {
            Found::AgendaItems(found) => Some(found.items.iter().map(item_json).collect()),
            _ => None,
        },
        total_meetings: match result {
            Found::Meetings(found) => Some(found.total_meetings),
            _ => None,
        },
        meetings: match result {
            Found::Meetings(found) => Some(
                found
                    .groups
                    .iter()
                    .map(|group| group_json(group, request.detail))
                    .collect(),
            ),
            _ => None,
        },
        took_us: None,
    }
}

/// An agenda item found, or like another.
#[derive(Serialize, ToSchema)]
pub struct ItemJson<'a> {
    id: &'a str,
    /// The item's own page.
    page: String,
    meeting_id: &'a str,
    meeting_title: &'a str,
    /// Where the item starts in its meeting.
    url: String,
    date: &'a str,
    body: &'a str,
    municipality: &'a str,
    label: &'a str,
    title: &'a str,
    outcome: Option<&'a str>,
    /// Speeches of the item that match (or are like the other item's).
    matching_speeches: u64,
}

fn item_json(item: &AgendaHit) -> ItemJson<'_> {
    ItemJson {
        id: &item.agenda_id,
        page: agenda_page(&item.agenda_id),
        meeting_id: &item.meeting_id,
        meeting_title: &item.meeting_title,
        url: item_url(item),
        date: &item.date,
        body: &item.body,
        municipality: &item.municipality,
        label: &item.label,
        title: &item.title,
        outcome: nonempty(&item.outcome),
        matching_speeches: item.matching_speeches,
    }
}

/// `Some` unless empty: an outcome the record does not state is `null`.
fn nonempty(value: &str) -> Option<&str> {
    (!value.is_empty()).then_some(value)
}

/// A meeting's hits (`group=meeting`).
#[derive(Serialize, ToSchema)]
pub struct GroupJson<'a> {
    meeting: GroupMeeting<'a>,
    hits_in_meeting: u64,
    /// The best hits of the meeting.
    best: Vec<HitJson<'a>>,
}

/// The meeting of a group; with `fields=id`, its id and address only.
#[derive(Serialize, ToSchema)]
struct GroupMeeting<'a> {
    id: &'a str,
    url: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    title: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    body: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    municipality: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    date: Option<&'a str>,
}

fn group_json(group: &MeetingGroup, detail: Detail) -> GroupJson<'_> {
    let first = group.best.first().filter(|_| detail == Detail::All);
    GroupJson {
        meeting: GroupMeeting {
            id: &group.meeting_id,
            url: meeting_url(&group.meeting_id),
            title: first.map(|h| h.meeting_title.as_str()),
            body: first.map(|h| h.body.as_str()),
            municipality: first.map(|h| h.municipality.as_str()),
            date: first.map(|h| h.date.as_str()),
        },
        hits_in_meeting: group.hits_in_meeting,
        best: group
            .best
            .iter()
            .map(|hit| HitJson::of(hit, detail))
            .collect(),
    }
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
#[derive(Serialize, ToSchema)]
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
                explain: hit.explain.as_ref(),
            }),
        }
    }
}

/// A hit with `fields=id`.
#[derive(Serialize, ToSchema)]
pub struct HitId<'a> {
    speech_id: &'a str,
    meeting_id: &'a str,
    url: String,
    score: f32,
    /// With `explain=true`: the parts of `score`.
    #[serde(skip_serializing_if = "Option::is_none")]
    explain: Option<&'a Explain>,
}

/// One hit of a search, as the API shows it.
#[derive(Serialize, ToSchema)]
pub struct HitBody<'a> {
    speech_id: &'a str,
    url: String,
    meeting: HitMeeting<'a>,
    agenda: HitAgenda<'a>,
    speaker: HitSpeaker<'a>,
    /// HTML: the passage around the first match, escaped, each match in
    /// `<mark>`.
    snippet: String,
    score: f32,
    /// With `explain=true`: the parts of `score`.
    #[serde(skip_serializing_if = "Option::is_none")]
    explain: Option<&'a Explain>,
}

#[derive(Serialize, ToSchema)]
struct HitMeeting<'a> {
    id: &'a str,
    title: &'a str,
    body: &'a str,
    municipality: &'a str,
    date: &'a str,
}

#[derive(Serialize, ToSchema)]
struct HitAgenda<'a> {
    label: &'a str,
    title: &'a str,
    outcome: Option<&'a str>,
}

#[derive(Serialize, ToSchema)]
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
                outcome: nonempty(&hit.agenda_outcome),
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
            snippet: hit.snippet.html(),
            score: hit.score,
            explain: hit.explain.as_ref(),
        }
    }
}

/// A meeting whole: its record, its agenda with each item's speeches.
#[derive(Serialize, ToSchema)]
pub struct MeetingJson<'a> {
    id: &'a str,
    title: &'a str,
    body: &'a str,
    municipality: &'a str,
    date: &'a str,
    start_time: Option<&'a str>,
    end_time: Option<&'a str>,
    place: Option<&'a str>,
    disclosure: Option<&'a str>,
    /// The address the minutes were published at, or the file's name.
    source: String,
    format: &'a str,
    attendees: Vec<AttendeeJson<'a>>,
    speeches_outside_agenda: Vec<SpeechJson<'a>>,
    agenda: Vec<AgendaJson<'a>>,
    speech_count: usize,
}

#[derive(Serialize, ToSchema)]
struct AttendeeJson<'a> {
    name: &'a str,
    position: Option<&'a str>,
    group: Option<&'a str>,
}

/// An agenda item of a meeting, with its speeches.
#[derive(Serialize, ToSchema)]
struct AgendaJson<'a> {
    order: u32,
    label: &'a str,
    title: &'a str,
    outcome: Option<&'a str>,
    speeches: Vec<SpeechJson<'a>>,
}

/// One speech as a meeting or an item lists it.
#[derive(Serialize, ToSchema)]
pub struct SpeechJson<'a> {
    id: &'a str,
    /// Where it is read in its meeting.
    url: String,
    order: u64,
    /// speech, narration (ト書き) …
    kind: &'a str,
    speaker: SpeechSpeaker<'a>,
    /// The agenda item's label.
    agenda: &'a str,
    text: &'a str,
}

#[derive(Serialize, ToSchema)]
struct SpeechSpeaker<'a> {
    label: &'a str,
    position: &'a str,
    category: &'static str,
}

/// A speech on its own, with its neighbours' ids.
#[derive(Serialize, ToSchema)]
pub struct SpeechDetail<'a> {
    #[serde(flatten)]
    speech: SpeechJson<'a>,
    meeting_id: &'a str,
    previous: Option<String>,
    next: Option<String>,
}

/// `/api/meetings/{id}`.
#[utoipa::path(get, path = "/api/meetings/{id}", operation_id = "get_meeting", tag = "records",
    summary = "会議全体（議題ごとの発言を順に）",
    params(("id" = String, Path, description = "会議ID")),
    responses((status = 200, body = MeetingJson), (status = 404, body = ErrorBody)))]
pub async fn meeting(
    State(state): State<AppState>,
    Path(id): Path<String>,
) -> Result<Response, ApiError> {
    let searcher = state.searcher.clone();
    let stored = blocking(move || searcher.meeting(&id)).await?;
    Ok(Json(meeting_json(&stored)).into_response())
}

pub fn meeting_json(stored: &StoredMeeting) -> MeetingJson<'_> {
    let meeting = &stored.meeting;
    let speeches_of = |order: Option<u32>| -> Vec<SpeechJson> {
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
    MeetingJson {
        id: &meeting.id,
        title: &meeting.title,
        body: &meeting.body,
        municipality: &meeting.municipality,
        date: &meeting.date,
        start_time: meeting.start_time.as_deref(),
        end_time: meeting.end_time.as_deref(),
        place: meeting.place.as_deref(),
        disclosure: meeting.disclosure.as_deref(),
        source: crate::links::public_source(&meeting.source),
        format: &meeting.format,
        attendees: meeting
            .attendees
            .iter()
            .map(|a| AttendeeJson {
                name: &a.name,
                position: a.position.as_deref(),
                group: a.group.as_deref(),
            })
            .collect(),
        speeches_outside_agenda: speeches_of(None),
        agenda: meeting
            .agenda
            .iter()
            .map(|item| AgendaJson {
                order: item.order,
                label: &item.label,
                title: &item.title,
                outcome: item.outcome.as_deref(),
                speeches: speeches_of(Some(item.order)),
            })
            .collect(),
        speech_count: stored.speeches.len(),
    }
}

fn speech_json(speech: &StoredSpeech) -> SpeechJson<'_> {
    SpeechJson {
        id: &speech.id,
        url: speech_url(&speech.meeting_id, speech.order),
        order: speech.order,
        kind: &speech.kind,
        speaker: SpeechSpeaker {
            label: &speech.speaker_label,
            position: &speech.speaker_position,
            category: speech.speaker_category.map_or("", |c| c.as_str()),
        },
        agenda: &speech.agenda_label,
        text: &speech.text,
    }
}

/// `/api/speeches/{id}`.
#[utoipa::path(get, path = "/api/speeches/{id}", operation_id = "get_speech", tag = "records",
    summary = "1つの発言と前後の発言ID",
    params(("id" = String, Path, description = "発言ID")),
    responses((status = 200, body = SpeechDetail), (status = 404, body = ErrorBody)))]
pub async fn speech(
    State(state): State<AppState>,
    Path(id): Path<String>,
) -> Result<Response, ApiError> {
    let searcher = state.searcher.clone();
    let (speech, previous, next) = blocking(move || {
        let speech = searcher.speech(&id)?;
        let (previous, next) = searcher.neighbours(&speech)?;
        Ok((speech, previous, next))
    })
    .await?;
    Ok(Json(SpeechDetail {
        speech: speech_json(&speech),
        meeting_id: &speech.meeting_id,
        previous,
        next,
    })
    .into_response())
}

/// `/api/agenda`: agenda items as results.
#[derive(Serialize, ToSchema)]
pub struct AgendaSearchBody<'a> {
    total: usize,
    page: usize,
    per_page: usize,
    query: QueryEcho<'a>,
    facets: AgendaFacets,
    items: Vec<ItemJson<'a>>,
}

/// The agenda items found, counted by outcome, body and year.
#[derive(Serialize, ToSchema)]
struct AgendaFacets {
    outcome: Vec<FacetValue>,
    body: Vec<FacetValue>,
    year: Vec<FacetValue>,
}

/// `/api/agenda`: agenda items as results (a search with `scope=agenda`),
/// with facets by outcome, body and year.
#[utoipa::path(get, path = "/api/agenda", operation_id = "search_agenda", tag = "search",
    summary = "議題を結果として（結果・会議体・年の件数つき）",
    params(SearchFilters, Paging),
    responses((status = 200, body = AgendaSearchBody), (status = 400, body = ErrorBody),
        (status = 503, body = ErrorBody)))]
pub async fn agenda_search(
    State(state): State<AppState>,
    QueryParams(asked): QueryParams<(SearchFilters, Paging, SearchOptions)>,
) -> Result<Response, ApiError> {
    let started = Instant::now();
    let request = search_request(asked, DEFAULT_LIMIT)?;
    let searcher = state.searcher.clone();
    let for_search = request.clone();
    let result = blocking(move || searcher.search_agenda(&for_search)).await?;
    let result = Found::AgendaItems(result);
    let body = search_body(&request, &result, started.elapsed().as_millis());
    Ok(Json(AgendaSearchBody {
        total: result.total(),
        page: request.page(),
        per_page: request.limit,
        query: body.query,
        facets: AgendaFacets {
            outcome: body.facets.outcome,
            body: body.facets.body,
            year: body.facets.year,
        },
        items: body.items.unwrap_or_default(),
    })
    .into_response())
}

/// `/api/agenda/{id}`: one item.
#[derive(Serialize, ToSchema)]
pub struct AgendaItemBody<'a> {
    id: String,
    label: &'a str,
    title: &'a str,
    number: Option<&'a str>,
    outcome: Option<&'a str>,
    /// How it was decided: 全会一致, 賛成多数 …
    decided_how: Option<&'a str>,
    /// The bill it takes up, the key its stages share.
    bill: Option<&'a str>,
    /// The bill's stages across meetings, in order.
    history: Vec<StageJson<'a>>,
    meeting: ItemMeeting<'a>,
    speeches: Vec<SpeechJson<'a>>,
}

#[derive(Serialize, ToSchema)]
struct ItemMeeting<'a> {
    id: &'a str,
    title: &'a str,
    body: &'a str,
    municipality: &'a str,
    date: &'a str,
    url: String,
}

/// `/api/agenda/{id}`: the item, its outcome, and its speeches in order.
#[utoipa::path(get, path = "/api/agenda/{id}", operation_id = "get_agenda_item", tag = "records",
    summary = "議題とその結果、発言（順に）",
    params(("id" = String, Path, description = "議題ID（会議ID#順番）")),
    responses((status = 200, body = AgendaItemBody), (status = 400, body = ErrorBody),
        (status = 404, body = ErrorBody)))]
pub async fn agenda_item(
    State(state): State<AppState>,
    Path(id): Path<String>,
) -> Result<Response, ApiError> {
    let searcher = state.searcher.clone();
    let (record, history) = blocking(move || {
        let record = searcher.agenda_item(&id)?;
        let history = searcher.history(&record.item, record.meeting.assembly())?;
        Ok((record, history))
    })
    .await?;
    let (meeting, item) = (&record.meeting, &record.item);
    Ok(Json(AgendaItemBody {
        id: kaigiroku_core::model::agenda_id(&meeting.id, item.order),
        label: &item.label,
        title: &item.title,
        number: item.number.as_deref(),
        outcome: item.outcome.as_deref(),
        decided_how: item.decided_how.as_deref(),
        bill: item.bill.as_deref(),
        history: history.iter().map(stage_json).collect(),
        meeting: ItemMeeting {
            id: &meeting.id,
            title: &meeting.title,
            body: &meeting.body,
            municipality: &meeting.municipality,
            date: &meeting.date,
            url: meeting_url(&meeting.id),
        },
        speeches: record.speeches.iter().map(speech_json).collect(),
    })
    .into_response())
}

/// One stage of a bill's history.
#[derive(Serialize, ToSchema)]
pub struct StageJson<'a> {
    id: &'a str,
    page: String,
    date: &'a str,
    body: &'a str,
    meeting_title: &'a str,
    label: &'a str,
    number: &'a str,
    title: &'a str,
    outcome: Option<&'a str>,
    decided_how: Option<&'a str>,
}

fn stage_json(stage: &kaigiroku_query::BillStage) -> StageJson<'_> {
    StageJson {
        id: &stage.agenda_id,
        page: agenda_page(&stage.agenda_id),
        date: &stage.date,
        body: &stage.body,
        meeting_title: &stage.meeting_title,
        label: &stage.label,
        number: &stage.number,
        title: &stage.title,
        outcome: nonempty(&stage.outcome),
        decided_how: nonempty(&stage.decided_how),
    }
}

/// How many similar results to return.
fn similar_limit(asked: SimilarParams) -> Result<usize, ApiError> {
    match asked.limit {
        None => Ok(10),
        Some(n) if n <= MAX_SIMILAR => Ok(n),
        Some(n) => Err(ApiError::invalid(
            "limit",
            format!("1 から {MAX_SIMILAR} までの数を指定してください（「{n}」）"),
        )),
    }
}

/// Items like another.
#[derive(Serialize, ToSchema)]
pub struct SimilarItems<'a> {
    items: Vec<ItemJson<'a>>,
}

/// `/api/agenda/{id}/similar`: the items most like it.
#[utoipa::path(get, path = "/api/agenda/{id}/similar", operation_id = "similar_agenda_items", tag = "records",
    summary = "過去の類似案件",
    description = "議題より前の日付で同じ対象のものだけ。条例の改正なら同じ条例の過去の議案、予算なら同じ会計、人事なら同じ委員会、工事契約なら同じ種類の施設、指定管理者なら同じ施設、その他は題名の語を共有する同じ種類の議題を審議の似た順に（一つの案件につき一つ）。同じ議案の段階（history）は含まない。該当がなければ空。",
    params(("id" = String, Path, description = "議題ID（会議ID#順番）"), SimilarParams),
    responses((status = 200, body = SimilarItems), (status = 400, body = ErrorBody),
        (status = 404, body = ErrorBody)))]
pub async fn similar_items(
    State(state): State<AppState>,
    Path(id): Path<String>,
    QueryParams(asked): QueryParams<SimilarParams>,
) -> Result<Response, ApiError> {
    let limit = similar_limit(asked)?;
    let searcher = state.searcher.clone();
    let items = blocking(move || searcher.similar_items(&id, limit)).await?;
    Ok(Json(SimilarItems {
        items: items.iter().map(item_json).collect(),
    })
    .into_response())
}

/// Speeches like another.
#[derive(Serialize, ToSchema)]
pub struct SimilarSpeeches<'a> {
    hits: Vec<SimilarHit<'a>>,
}

/// A speech like another, with its own page.
#[derive(Serialize, ToSchema)]
struct SimilarHit<'a> {
    #[serde(flatten)]
    hit: HitBody<'a>,
    page: String,
}

/// `/api/speeches/{id}/similar`: the speeches most like it.
#[utoipa::path(get, path = "/api/speeches/{id}/similar", operation_id = "similar_speeches", tag = "records",
    summary = "類似の発言",
    params(("id" = String, Path, description = "発言ID"), SimilarParams),
    responses((status = 200, body = SimilarSpeeches), (status = 400, body = ErrorBody),
        (status = 404, body = ErrorBody)))]
pub async fn similar_speeches(
    State(state): State<AppState>,
    Path(id): Path<String>,
    QueryParams(asked): QueryParams<SimilarParams>,
) -> Result<Response, ApiError> {
    let limit = similar_limit(asked)?;
    let searcher = state.searcher.clone();
    let hits = blocking(move || searcher.similar_speeches(&id, limit)).await?;
    Ok(Json(SimilarSpeeches {
        hits: hits
            .iter()
            .map(|hit| SimilarHit {
                hit: HitBody::of(hit),
                page: speech_page(&hit.speech_id),
            })
            .collect(),
    })
    .into_response())
}
