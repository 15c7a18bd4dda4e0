//! A meeting's page: its agenda with outcomes, who attended, and every
//! speech with an anchor, the words searched for marked.

use std::collections::HashSet;

use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::Response;
use kaigiroku_core::model::item_name;
use kaigiroku_query::{Error, Highlighter, StoredMeeting};
use minijinja::context;
use serde::Serialize;

use crate::links::{is_url, person_page, public_source, speech_page};
use crate::state::{AppState, Params, blocking, params};

#[derive(Serialize)]
struct SpeechView {
    order: u64,
    /// The speaker's page, when the label names a person.
    person: String,
    /// The speech's own page.
    page: String,
    kind: String,
    speaker: String,
    position: String,
    html: String,
    /// The heading of the agenda item that starts here, if one does.
    agenda_start: String,
    agenda_order: u32,
    /// Anchors of the items taken together with it.
    also_anchors: Vec<u32>,
}

pub async fn meeting_page(
    State(state): State<AppState>,
    Path(id): Path<String>,
    raw: Params,
) -> Response {
    let q = match params(raw) {
        Ok(params) => params.get("q").cloned().unwrap_or_default(),
        Err(err) => return state.pages.failure(err, ""),
    };
    let searcher = state.searcher.clone();
    let outcome = blocking(move || {
        let stored = searcher.meeting(&id)?;
        // A `q` the engine refuses (too long) only goes unmarked: the
        // meeting is what was asked for.
        let highlighter = match searcher.highlighter(&q) {
            Err(Error::InvalidParameter { .. }) => searcher.highlighter("")?,
            other => other?,
        };
        let speeches = speech_views(&stored, &highlighter);
        Ok((stored, speeches))
    })
    .await;
    match outcome {
        Ok((stored, speeches)) => {
            let source = public_source(&stored.meeting.source);
            let source_is_url = is_url(&source);
            let ctx = context! {
                m => stored.meeting,
                source => source,
                source_is_url => source_is_url,
                speeches => speeches,
                attendees => attendees(&stored),
            };
            state.pages.render(StatusCode::OK, "meeting.html", ctx)
        }
        Err(err) => state.pages.failure(err, "会議が見つかりません。"),
    }
}

/// The attendance list as printed: 名前（職名）.
fn attendees(stored: &StoredMeeting) -> Vec<String> {
    stored
        .meeting
        .attendees
        .iter()
        .map(|a| match (&a.position, a.name.is_empty()) {
            (Some(p), false) => format!("{}（{p}）", a.name),
            (Some(p), true) => p.clone(),
            (None, _) => a.name.clone(),
        })
        .collect()
}

/// The speeches in order, each agenda item's heading where it starts.
fn speech_views(stored: &StoredMeeting, highlighter: &Highlighter) -> Vec<SpeechView> {
    let mut previous_agenda = None;
    let mut anchored = HashSet::new();
    stored
        .speeches
        .iter()
        .map(|s| {
            let order = s.agenda_orders.first().copied();
            let starts = order.is_some() && order != previous_agenda;
            previous_agenda = order;
            let item = stored
                .meeting
                .agenda
                .iter()
                .find(|a| Some(a.order) == order);
            if let Some(order) = order.filter(|_| starts) {
                anchored.insert(order);
            }
            // Items taken with it start here too: each gets its anchor once.
            let also: Vec<u32> = s
                .agenda_orders
                .iter()
                .copied()
                .filter(|o| anchored.insert(*o))
                .collect();
            SpeechView {
                order: s.order,
                page: speech_page(&s.id),
                person: person_page(&s.speaker_key),
                kind: s.kind.clone(),
                speaker: s.speaker_label.clone(),
                position: s.speaker_position.clone(),
                html: highlighter.highlight_all(&s.text),
                agenda_start: if starts {
                    item.map_or(s.agenda_label.clone(), |a| item_name(&a.label, &a.title))
                } else {
                    String::new()
                },
                agenda_order: item.map_or(0, |a| a.order),
                also_anchors: also,
            }
        })
        .collect()
}
