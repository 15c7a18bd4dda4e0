//! A meeting's page: its agenda with outcomes, who attended, and every
//! speech with an anchor, the words searched for marked.

use std::collections::HashSet;

use axum::extract::{Path, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use kaigiroku_core::model::item_name;
use kaigiroku_query::{Error, Highlighter, StoredMeeting};
use minijinja::context;
use serde::Serialize;

use crate::api::meeting_url;
use crate::error::ApiError;
use crate::links::{is_url, person_page, public_source, speech_page};
use crate::pages::page_params::Within;
use crate::query_string::QueryParams;
use crate::state::{AppState, blocking};

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
    /// The words searched for are in it.
    matched: bool,
    /// The heading of the agenda item that starts here, if one does.
    agenda_start: String,
    agenda_order: u32,
    /// Anchors of the items taken together with it.
    also_anchors: Vec<u32>,
}

pub async fn meeting_page(
    State(state): State<AppState>,
    Path(id): Path<String>,
    asked: Result<QueryParams<Within>, ApiError>,
) -> Response {
    let q = match asked {
        Ok(QueryParams(within)) => within.q.unwrap_or_default(),
        Err(err) => return state.pages.failure(err, ""),
    };
    let searcher = state.searcher.clone();
    let words = q.clone();
    let outcome = blocking(move || {
        let q = words;
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
            // Every speech the words were marked in, so that each match of
            // a search result is one click away.
            let hits: Vec<u64> = if q.trim().is_empty() {
                Vec::new()
            } else {
                speeches
                    .iter()
                    .filter(|s| s.matched)
                    .map(|s| s.order)
                    .collect()
            };
            let ctx = context! {
                text_href => format!("{}/text", meeting_url(&stored.meeting.id)),
                json_href => format!("/api{}", meeting_url(&stored.meeting.id)),
                speakers => speaker_counts(&stored),
                q => q,
                hits => hits,
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

/// A meeting as plain text, to save or print: its heading, its agenda and
/// every speech under its speaker.
pub async fn meeting_text(State(state): State<AppState>, Path(id): Path<String>) -> Response {
    let searcher = state.searcher.clone();
    match blocking(move || searcher.meeting(&id)).await {
        Ok(stored) => {
            let name = format!("{}.txt", stored.meeting.id);
            let disposition = format!("attachment; filename=\"{}\"", name.replace('"', ""));
            let headers = [
                (
                    header::CONTENT_TYPE,
                    "text/plain; charset=utf-8".to_string(),
                ),
                (header::CONTENT_DISPOSITION, disposition),
            ];
            (headers, as_text(&stored)).into_response()
        }
        Err(err) => state.pages.failure(err, "会議が見つかりません。"),
    }
}

fn as_text(stored: &StoredMeeting) -> String {
    let m = &stored.meeting;
    let mut out = format!(
        "{}\n{} {} {}\n",
        if m.title.is_empty() {
            &m.body
        } else {
            &m.title
        },
        m.municipality,
        m.body,
        m.date
    );
    if !m.agenda.is_empty() {
        out.push_str("\n【議題】\n");
        for a in &m.agenda {
            out.push_str(&item_name(&a.label, &a.title));
            if let Some(outcome) = a.outcome.as_deref().filter(|o| !o.is_empty()) {
                out.push_str(&format!("（{outcome}）"));
            }
            out.push('\n');
        }
    }
    out.push_str("\n【発言】\n");
    for s in &stored.speeches {
        out.push('\n');
        if !s.speaker_label.is_empty() {
            out.push('○');
            out.push_str(&s.speaker_label);
            if !s.speaker_position.is_empty() && !s.speaker_label.contains(&s.speaker_position) {
                out.push_str(&format!("（{}）", s.speaker_position));
            }
            out.push('\n');
        }
        out.push_str(s.text.trim_end());
        out.push('\n');
    }
    out.push_str(&format!("\n出典：{}\n", public_source(&m.source)));
    out
}

/// Who spoke, in order of first speech, with how often.
#[derive(Serialize)]
struct SpeakerCount {
    name: String,
    position: String,
    person: String,
    first: u64,
    count: usize,
}

fn speaker_counts(stored: &StoredMeeting) -> Vec<SpeakerCount> {
    let mut counts: Vec<SpeakerCount> = Vec::new();
    for s in stored
        .speeches
        .iter()
        .filter(|s| !s.speaker_label.is_empty())
    {
        match counts.iter_mut().find(|c| c.name == s.speaker_label) {
            Some(c) => c.count += 1,
            None => counts.push(SpeakerCount {
                name: s.speaker_label.clone(),
                position: s.speaker_position.clone(),
                person: person_page(&s.speaker_key),
                first: s.order,
                count: 1,
            }),
        }
    }
    counts
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
            let marked = highlighter.highlight_all(&s.text);
            SpeechView {
                order: s.order,
                page: speech_page(&s.id),
                person: person_page(&s.speaker_key),
                kind: s.kind.clone(),
                speaker: s.speaker_label.clone(),
                position: s.speaker_position.clone(),
                html: marked.html(),
                matched: marked.has_marks(),
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
