//! One speech on its own page: who said it, in which role, under which
//! agenda item, in which meeting; the speeches around it; a citation line
//! ready to copy; a canonical link and OpenGraph tags for sharing.

use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use kaigiroku_core::model::{Meeting, agenda_id, item_name, ndl};
use kaigiroku_query::StoredSpeech;
use minijinja::context;
use serde::Serialize;

use crate::api::{meeting_url, speech_url};
use crate::links::{self, base_url, person_page, speech_page};
use crate::state::{AppState, blocking};

#[derive(Serialize)]
struct SpeechPage {
    id: String,
    canonical: String,
    order: u64,
    speaker: String,
    position: String,
    text: String,
    /// The first words, for previews.
    description: String,
    meeting_title: String,
    meeting_href: String,
    in_meeting_href: String,
    municipality: String,
    body: String,
    date: String,
    agenda: String,
    /// The agenda item's own page, when the speech is under one.
    agenda_page: String,
    /// The speaker's page, when the label names a person.
    person: String,
    citation: String,
    previous: Option<String>,
    next: Option<String>,
    similar: Vec<SimilarSpeech>,
}

/// A speech like this one (類似の発言).
#[derive(Serialize)]
struct SimilarSpeech {
    page: String,
    speaker: String,
    meeting: String,
    date: String,
    municipality: String,
    preview: String,
}

/// Speeches shown as 類似の発言.
const SIMILAR_SPEECHES: usize = 5;

pub async fn speech_page_handler(
    State(state): State<AppState>,
    headers: HeaderMap,
    Path(id): Path<String>,
) -> Response {
    let base = base_url(&headers);
    let searcher = state.searcher.clone();
    let outcome = blocking(move || {
        let speech = searcher.speech(&id)?;
        let meeting = searcher.meeting(&speech.meeting_id)?.meeting;
        let (previous, next) = searcher.neighbours(&speech)?;
        let similar = searcher.similar_speeches(&speech.id, SIMILAR_SPEECHES)?;
        Ok((speech, meeting, (previous, next), similar))
    })
    .await;
    match outcome {
        Ok((speech, meeting, (previous, next), similar)) => {
            let mut page = view(&base, &speech, &meeting, previous, next);
            page.similar = similar
                .iter()
                .map(|hit| SimilarSpeech {
                    page: speech_page(&hit.speech_id),
                    speaker: hit.speaker_label.clone(),
                    meeting: hit.meeting_name().to_string(),
                    date: hit.date.clone(),
                    municipality: hit.municipality.clone(),
                    preview: hit.snippet.html(),
                })
                .collect();
            state
                .pages
                .render(StatusCode::OK, "speech.html", context! { s => page })
        }
        Err(err) => state.pages.failure(err, "発言が見つかりません。"),
    }
}

fn view(
    base: &str,
    speech: &StoredSpeech,
    meeting: &Meeting,
    previous: Option<String>,
    next: Option<String>,
) -> SpeechPage {
    let item = speech
        .agenda_orders
        .first()
        .and_then(|order| meeting.agenda.iter().find(|a| a.order == *order));
    let agenda = item
        .map(|a| item_name(&a.label, &a.title))
        .unwrap_or_else(|| speech.agenda_label.clone());
    let agenda_page = item.map_or(String::new(), |a| {
        links::agenda_page(&agenda_id(&meeting.id, a.order))
    });
    SpeechPage {
        id: speech.id.clone(),
        canonical: format!("{base}{}", speech_page(&speech.id)),
        order: speech.order,
        speaker: speech.speaker_label.clone(),
        position: speech.speaker_position.clone(),
        text: speech.text.clone(),
        description: speech.text.chars().take(120).collect(),
        meeting_title: if meeting.title.is_empty() {
            meeting.body.clone()
        } else {
            meeting.title.clone()
        },
        meeting_href: meeting_url(&meeting.id),
        in_meeting_href: speech_url(&meeting.id, speech.order),
        municipality: meeting.municipality.clone(),
        body: meeting.body.clone(),
        date: meeting.date.clone(),
        agenda,
        agenda_page,
        person: person_page(&speech.speaker_key),
        citation: citation(speech, meeting),
        previous: previous.map(|id| speech_page(&id)),
        next: next.map(|id| speech_page(&id)),
        similar: Vec::new(),
    }
}

/// 「品川区議会 総務委員会 2023年7月3日 佐藤経理課長の発言（発言番号3）」:
/// the assembly, the body, the date, who, and the number the minutes (or
/// the NDL, for the Diet) give the speech.
pub fn citation(speech: &StoredSpeech, meeting: &Meeting) -> String {
    let assembly = match meeting.municipality.as_str() {
        "" => String::new(),
        house if meeting.format == ndl::DIET_FORMAT => house.to_string(),
        name => format!("{name}議会"),
    };
    let who = if speech.speaker_label.is_empty() {
        "発言".to_string()
    } else {
        format!("{}の発言", speech.speaker_label)
    };
    let number = if meeting.format == ndl::DIET_FORMAT {
        ndl::ndl_order(speech.order)
    } else {
        speech.order
    };
    [
        assembly,
        meeting.body.clone(),
        japanese_date(&meeting.date),
        format!("{who}（発言番号{number}）"),
    ]
    .into_iter()
    .filter(|part| !part.is_empty())
    .collect::<Vec<_>>()
    .join(" ")
}

/// 2023-07-03 → 2023年7月3日.
fn japanese_date(iso: &str) -> String {
    let parts: Vec<u32> = iso.split('-').filter_map(|p| p.parse().ok()).collect();
    match parts.as_slice() {
        [y, m, d] => format!("{y}年{m}月{d}日"),
        _ => iso.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_citation_names_the_assembly_body_date_speaker_and_number() {
        let meeting = Meeting {
            municipality: "品川区".into(),
            body: "総務委員会".into(),
            date: "2023-07-03".into(),
            format: "shinagawa".into(),
            ..Meeting::default()
        };
        let speech = StoredSpeech {
            order: 3,
            speaker_label: "佐藤経理課長".into(),
            ..StoredSpeech::default()
        };
        assert_eq!(
            citation(&speech, &meeting),
            "品川区議会 総務委員会 2023年7月3日 佐藤経理課長の発言（発言番号3）"
        );
        let diet = Meeting {
            municipality: "参議院".into(),
            format: ndl::DIET_FORMAT.into(),
            ..meeting
        };
        assert!(citation(&speech, &diet).starts_with("参議院 総務委員会"));
        assert!(citation(&speech, &diet).ends_with("（発言番号2）"));
    }
}
