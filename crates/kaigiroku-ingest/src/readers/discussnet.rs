//! DiscussNet SSP (会議録検索システム) API records: `minute.json` holds
//! `tenant_minutes[]`, one per speech, with `minute_type` (`○議長`,
//! `◆質問`, `◎答弁`, `名簿`) and a `<pre>` body; `metadata.json` beside it
//! names the tenant, the council and the schedule.

use std::path::Path;

use kaigiroku_core::model::{Meeting, SpeechKind};
use serde::Deserialize;

use super::builder::MeetingBuilder;
use super::common::{decode_entities, find_date};
use super::council;
use crate::speaker::printed;

#[derive(Deserialize)]
struct Minutes {
    tenant_minutes: Vec<Minute>,
}

#[derive(Deserialize)]
struct Minute {
    #[serde(default)]
    title: String,
    #[serde(default)]
    body: String,
    #[serde(default)]
    minute_type: String,
}

#[derive(Deserialize, Default)]
#[serde(default, rename_all = "camelCase")]
struct Metadata {
    tenant_slug: String,
    council_id: Option<u64>,
    council_name: String,
    schedule_id: Option<u64>,
    schedule_name: String,
}

pub fn detect(text: &str) -> bool {
    text.contains("\"tenant_minutes\"")
}

/// `metadata.json` and `schedules.json` describe a meeting; they are read
/// with its `minute.json`, not on their own.
pub fn is_companion(path: &Path, text: &str) -> bool {
    let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("");
    (name == "metadata.json" && text.contains("\"tenantSlug\""))
        || (name == "schedules.json" && text.contains("\"council_schedules\""))
}

pub fn read(path: &Path, text: &str, mut meeting: Meeting) -> Result<Meeting, String> {
    let minutes: Minutes =
        serde_json::from_str(text).map_err(|err| format!("bad DiscussNet JSON: {err}"))?;
    let metadata: Metadata = path
        .parent()
        .map(|dir| dir.join("metadata.json"))
        .and_then(|p| std::fs::read(p).ok())
        // In whatever encoding the minutes themselves may come in.
        .and_then(|bytes| crate::decode::decode(&bytes).ok())
        .and_then(|json| serde_json::from_str(&json).ok())
        .unwrap_or_default();
    if !metadata.tenant_slug.is_empty() {
        meeting.id = format!(
            "discussnet-{}-{}-{}",
            metadata.tenant_slug,
            metadata.council_id.unwrap_or(0),
            metadata.schedule_id.unwrap_or(0)
        );
        meeting.title = format!("{} {}", metadata.council_name, metadata.schedule_name)
            .trim()
            .to_string();
        meeting.body = council::body_of(&metadata.council_name);
    }
    let mut builder = MeetingBuilder::new(meeting);
    for minute in &minutes.tenant_minutes {
        let body = plain_text(&minute.body);
        if minute.minute_type == "名簿" {
            let header = &mut builder.meeting;
            header.date = find_date(&body).unwrap_or_default();
            header.municipality = crate::municipality::Municipalities::bundled()
                .mentioned_in(&body)
                .map(|m| m.name.clone())
                .unwrap_or_default();
            builder.add(SpeechKind::Header, None, &body);
            continue;
        }
        // The body repeats the label: ○議長（吉田崇仁）　… ; the title is the label.
        let said =
            body.lines()
                .next()
                .and_then(council::turn)
                .map_or(body.as_str(), |(_, said)| {
                    let start = said.as_ptr() as usize - body.as_ptr() as usize;
                    &body[start..]
                });
        let said = said.trim_end_matches(['－', '＝', '\n', '　', ' ']);
        let speaker = (!minute.title.is_empty()).then(|| printed(&minute.title));
        builder.add(SpeechKind::Speech, speaker, said);
    }
    Ok(builder.finish())
}

/// The text of a `<pre>` body: tags removed, entities decoded, rule lines
/// (`－－－`, `＝＝＝`) dropped.
fn plain_text(body: &str) -> String {
    let mut text = String::with_capacity(body.len());
    let mut in_tag = false;
    for c in body.chars() {
        match c {
            '<' => in_tag = true,
            '>' if in_tag => in_tag = false,
            _ if !in_tag => text.push(c),
            _ => {}
        }
    }
    let text = decode_entities(&text);
    text.lines()
        .filter(|line| {
            !line
                .trim()
                .chars()
                .all(|c| matches!(c, '－' | '＝' | '-' | '=' | '─' | '━'))
                || line.trim().is_empty()
        })
        .collect::<Vec<_>>()
        .join("\n")
}
