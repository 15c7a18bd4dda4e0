//! Precedents: an agenda item's page (what was decided, the speeches made
//! under it, only the answers if asked, and the past items most like it),
//! and `/agenda`, the list of items as search results.

use axum::extract::{Path, RawQuery, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use kaigiroku_core::model::{Category, agenda_id, item_name};
use kaigiroku_query::{AgendaHit, AgendaRecord, BillStage};
use minijinja::context;
use serde::Serialize;

use crate::api::{item_url, meeting_url, speech_url};
use crate::error::ApiError;
use crate::links::{agenda_page as page_of, person_page, speech_page};
use crate::pages::links::href_with;
use crate::pages::page_params::AgendaView;
use crate::query_string::{QueryParams, as_given};
use crate::state::{AppState, blocking};

/// Past items shown as 過去の類似案件.
const SIMILAR_ITEMS: usize = 8;

/// `/agenda?…`: the search page listing agenda items.
pub async fn agenda_list(RawQuery(raw): RawQuery) -> Response {
    let mut with_scope = as_given(raw.as_deref());
    with_scope.insert("scope".into(), "agenda".into());
    (
        StatusCode::SEE_OTHER,
        [(header::LOCATION, href_with(&with_scope, &[]))],
    )
        .into_response()
}

#[derive(Serialize)]
struct SpeechRow {
    order: u64,
    speaker: String,
    /// The speaker's page, when the label names a person.
    person: String,
    position: String,
    text: String,
    page: String,
    in_meeting: String,
}

#[derive(Serialize)]
struct Stage {
    page: String,
    date: String,
    body: String,
    label: String,
    outcome: String,
    decided_how: String,
    current: bool,
}

#[derive(Serialize)]
struct SimilarItem {
    page: String,
    in_meeting: String,
    /// Label and title, the title once ([`item_name`]).
    name: String,
    outcome: String,
    date: String,
    municipality: String,
    body: String,
    matching: u64,
}

pub async fn agenda_page(
    State(state): State<AppState>,
    Path(id): Path<String>,
    asked: Result<QueryParams<AgendaView>, ApiError>,
) -> Response {
    // The API's reading of `answers`: a bad value is refused, not taken
    // for false.
    let answers = match asked {
        Ok(QueryParams(view)) => view.answers.unwrap_or_default(),
        Err(err) => return state.pages.failure(err, ""),
    };
    let searcher = state.searcher.clone();
    let outcome = blocking(move || {
        let record = searcher.agenda_item(&id)?;
        let similar = searcher.items_like(&record, SIMILAR_ITEMS)?;
        let history = searcher.history(&record.item, record.meeting.assembly())?;
        Ok((record, similar, history))
    })
    .await;
    match outcome {
        Ok((record, similar, history)) => {
            let ctx = view(&record, &similar, &history, answers);
            state.pages.render(StatusCode::OK, "agenda.html", ctx)
        }
        Err(err) => state.pages.failure(err, "議題が見つかりません。"),
    }
}

fn view(
    record: &AgendaRecord,
    similar: &[AgendaHit],
    history: &[BillStage],
    answers: bool,
) -> minijinja::Value {
    let meeting = &record.meeting;
    let id = agenda_id(&meeting.id, record.item.order);
    let history: Vec<Stage> = history
        .iter()
        .map(|stage| Stage {
            page: page_of(&stage.agenda_id),
            date: stage.date.clone(),
            body: stage.body.clone(),
            label: item_name(&stage.label, &stage.title),
            outcome: stage.outcome.clone(),
            decided_how: stage.decided_how.clone(),
            current: stage.agenda_id == id,
        })
        .collect();
    // 答弁: what the executive and its staff said.
    let answering = |category: Option<Category>| {
        matches!(category, Some(Category::Executive | Category::Staff))
    };
    let speeches: Vec<SpeechRow> = record
        .speeches
        .iter()
        .filter(|s| !answers || answering(s.speaker_category))
        .map(|s| SpeechRow {
            order: s.order,
            speaker: s.speaker_label.clone(),
            person: person_page(&s.speaker_key),
            position: s.speaker_position.clone(),
            text: s.text.clone(),
            page: speech_page(&s.id),
            in_meeting: speech_url(&meeting.id, s.order),
        })
        .collect();
    let answer_count = record
        .speeches
        .iter()
        .filter(|s| answering(s.speaker_category))
        .count();
    let similar: Vec<SimilarItem> = similar
        .iter()
        .map(|item| SimilarItem {
            page: page_of(&item.agenda_id),
            in_meeting: item_url(item),
            name: item_name(&item.label, &item.title),
            outcome: item.outcome.clone(),
            date: item.date.clone(),
            municipality: item.municipality.clone(),
            body: item.body.clone(),
            matching: item.matching_speeches,
        })
        .collect();
    let page = page_of(&id);
    context! {
        item => record.item,
        meeting_title => if meeting.title.is_empty() { meeting.body.clone() } else { meeting.title.clone() },
        meeting_href => format!("{}#a-{}", meeting_url(&meeting.id), record.item.order),
        municipality => meeting.municipality,
        body => meeting.body,
        date => meeting.date,
        speeches => speeches,
        total_speeches => record.speeches.len(),
        answer_count => answer_count,
        answers => answers,
        all_href => page.clone(),
        answers_href => format!("{page}?answers=true"),
        similar => similar,
        history => history,
    }
}
