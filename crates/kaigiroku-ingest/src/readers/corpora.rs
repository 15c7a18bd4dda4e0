//! The two large corpora of the benchmarks, read as formats of their own:
//! 品川区議会 (JS-wrapped JSON with `voices[{speaker, text}]`) and 東京都議会
//! (NTCIR PoliInfo JSON with `Proceeding[{Speaker, Utterance}]`). Their
//! speaker labels go through the same parser as every other format, and
//! `日程第１` announcements become agenda items.

use std::collections::HashMap;

use kaigiroku_core::dates::parse_date;
use kaigiroku_core::model::{Meeting, SpeechKind};
use serde::Deserialize;

use super::builder::MeetingBuilder;
use super::common::decode_entities;
use super::council::body_of;
use crate::speaker::printed;

#[derive(Deserialize)]
struct ShinagawaRecord {
    id: String,
    #[serde(rename = "dateIso", default)]
    date_iso: String,
    #[serde(default)]
    title: String,
    #[serde(rename = "sourceUrl", default)]
    source_url: String,
    voices: Vec<ShinagawaVoice>,
}

#[derive(Deserialize)]
struct ShinagawaVoice {
    #[serde(default)]
    speaker: String,
    #[serde(default)]
    text: String,
}

pub fn detect_shinagawa(text: &str) -> bool {
    text.contains("registerMinutes(")
}

pub fn read_shinagawa(text: &str, mut meeting: Meeting) -> Result<Vec<Meeting>, String> {
    let open = text
        .find("registerMinutes(")
        .ok_or("no registerMinutes( call")?
        + "registerMinutes(".len();
    let close = text
        .rfind(')')
        .filter(|&close| close > open)
        .ok_or("registerMinutes( is not closed")?;
    let record: ShinagawaRecord = serde_json::from_str(&text[open..close])
        .map_err(|err| format!("bad JSON in registerMinutes: {err}"))?;
    meeting.id = record.id;
    meeting.date = record.date_iso;
    meeting.municipality = "品川区".into();
    // 2023年1月11日 議会運営委員会
    meeting.body = record
        .title
        .split_once([' ', '　'])
        .map_or(record.title.as_str(), |(_, body)| body)
        .trim()
        .to_string();
    if meeting.body.contains("定例会") || meeting.body.contains("臨時会") {
        meeting.body = "本会議".into();
    }
    meeting.title = record.title;
    if !record.source_url.is_empty() {
        meeting.source = record.source_url;
    }
    let mut builder = MeetingBuilder::new(meeting);
    for voice in record.voices {
        add_voice(&mut builder, &voice.speaker, &voice.text);
    }
    Ok(vec![builder.finish()])
}

#[derive(Deserialize)]
struct TokyoRecord {
    #[serde(rename = "Date", default)]
    date: String,
    #[serde(rename = "Prefecture", default)]
    prefecture: String,
    #[serde(rename = "ProceedingTitle", default)]
    title: String,
    #[serde(rename = "URL", default)]
    url: String,
    #[serde(rename = "Proceeding", default)]
    proceeding: Vec<TokyoUtterance>,
}

#[derive(Deserialize)]
struct TokyoUtterance {
    #[serde(rename = "Speaker", default)]
    speaker: String,
    #[serde(rename = "Utterance", default)]
    utterance: String,
}

pub fn detect_tokyo(text: &str) -> bool {
    text.trim_start().starts_with('[') && text.contains("\"Proceeding\"")
}

pub fn read_tokyo(text: &str, template: Meeting) -> Result<Vec<Meeting>, String> {
    let records: Vec<TokyoRecord> =
        serde_json::from_str(text).map_err(|err| format!("bad PoliInfo JSON: {err}"))?;
    let mut seen: HashMap<String, usize> = HashMap::new();
    let mut meetings = Vec::with_capacity(records.len());
    for record in records {
        let mut meeting = template.clone();
        // https://www.gikai.metro.tokyo.jp/record/rugby-world-cup/19-01.html → rugby-world-cup-19-01
        let key = record
            .url
            .trim_end_matches(".html")
            .split("/record/")
            .nth(1)
            .map(|path| path.replace('/', "-"))
            .unwrap_or_else(|| format!("{}-{}", template.id, meetings.len() + 1));
        let count = seen.entry(key.clone()).or_default();
        *count += 1;
        meeting.id = if *count == 1 {
            format!("tokyo-{key}")
        } else {
            format!("tokyo-{key}-{count}")
        };
        meeting.date = parse_date(&record.date)
            .map(|d| d.to_iso())
            .unwrap_or_default();
        meeting.municipality = if record.prefecture.is_empty() {
            "東京都".into()
        } else {
            record.prefecture
        };
        // 令和二年東京都議会会議録第一号 / ラグビーワールドカップ特別対策委員会速記録第一号
        let name = record.title.split("速記録").next().unwrap_or(&record.title);
        meeting.body = if name.contains("会議録") {
            "本会議".into()
        } else {
            body_of(name)
        };
        meeting.title = record.title;
        if !record.url.is_empty() {
            meeting.source = record.url;
        }
        let mut builder = MeetingBuilder::new(meeting);
        for utterance in record.proceeding {
            let text = decode_entities(&utterance.utterance);
            if utterance.speaker == "null" {
                builder.add(SpeechKind::Header, None, &text);
            } else {
                add_voice(&mut builder, &utterance.speaker, &text);
            }
        }
        meetings.push(builder.finish());
    }
    Ok(meetings)
}

fn add_voice(builder: &mut MeetingBuilder, speaker: &str, text: &str) {
    let speaker = (!speaker.trim().is_empty()).then(|| printed(speaker));
    builder.add(SpeechKind::Speech, speaker, text);
}
