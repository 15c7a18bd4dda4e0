//! Records of the National Diet Library's minutes API (kokkai.ndl.go.jp):
//! `/api/meeting` and `/api/speech` responses, JSON or XML. speechOrder 0
//! (会議録情報) is the meeting's header, not a speech.

use std::collections::BTreeMap;

use kaigiroku_core::model::{Category, Meeting, Speaker, SpeechKind, ndl};
use serde_json::Value;

use super::builder::MeetingBuilder;
use super::council;
use crate::speaker::category_of;

/// One `speechRecord`, whatever the packing.
#[derive(Debug, Default, Clone)]
struct SpeechRecord {
    fields: BTreeMap<String, String>,
}

impl SpeechRecord {
    fn get(&self, name: &str) -> &str {
        self.fields.get(name).map_or("", String::as_str)
    }
}

pub fn detect_json(text: &str) -> bool {
    text.contains("\"speechRecord\"") || text.contains("\"meetingRecord\"")
}

pub fn detect_xml(text: &str) -> bool {
    text.contains("<speechRecord>") || text.contains("<meetingRecord>")
}

pub fn read_json(text: &str) -> Result<Vec<Meeting>, String> {
    let value: Value =
        serde_json::from_str(text).map_err(|err| format!("bad kokkai JSON: {err}"))?;
    let mut records = Vec::new();
    let flat = |object: &Value| -> SpeechRecord {
        let mut fields = BTreeMap::new();
        if let Some(map) = object.as_object() {
            for (key, value) in map {
                let text = match value {
                    Value::String(s) => s.clone(),
                    Value::Number(n) => n.to_string(),
                    _ => continue,
                };
                fields.insert(key.clone(), text);
            }
        }
        SpeechRecord { fields }
    };
    for meeting in value["meetingRecord"].as_array().into_iter().flatten() {
        let header = flat(meeting);
        for speech in meeting["speechRecord"].as_array().into_iter().flatten() {
            let mut record = header.clone();
            record.fields.extend(flat(speech).fields);
            records.push(record);
        }
    }
    for speech in value["speechRecord"].as_array().into_iter().flatten() {
        records.push(flat(speech));
    }
    meetings(records)
}

pub fn read_xml(text: &str) -> Result<Vec<Meeting>, String> {
    let document =
        roxmltree::Document::parse(text).map_err(|err| format!("bad kokkai XML: {err}"))?;
    let leaf_fields = |node: roxmltree::Node<'_, '_>| -> BTreeMap<String, String> {
        node.children()
            .filter(|child| child.is_element() && !child.children().any(|c| c.is_element()))
            .map(|child| {
                (
                    child.tag_name().name().to_string(),
                    child.text().unwrap_or("").to_string(),
                )
            })
            .collect()
    };
    let mut records = Vec::new();
    for speech in document
        .descendants()
        .filter(|n| n.has_tag_name("speechRecord"))
    {
        let mut fields = speech
            .parent()
            .filter(|p| p.has_tag_name("meetingRecord"))
            .map(leaf_fields)
            .unwrap_or_default();
        fields.extend(leaf_fields(speech));
        records.push(SpeechRecord { fields });
    }
    meetings(records)
}

/// Groups speech records by issue into meetings, in speech order.
fn meetings(records: Vec<SpeechRecord>) -> Result<Vec<Meeting>, String> {
    let mut by_issue: BTreeMap<String, Vec<SpeechRecord>> = BTreeMap::new();
    for record in records {
        let issue = record.get("issueID").to_string();
        if issue.is_empty() {
            return Err("a speechRecord without issueID".into());
        }
        by_issue.entry(issue).or_default().push(record);
    }
    let mut meetings = Vec::new();
    for (issue, mut records) in by_issue {
        records.sort_by_key(|r| r.get("speechOrder").parse::<u32>().unwrap_or(0));
        let first = &records[0];
        let meeting = Meeting {
            // The NDL issueID, so that ids and links match the Diet's own.
            id: issue.clone(),
            municipality: first.get("nameOfHouse").to_string(),
            body: first.get("nameOfMeeting").to_string(),
            title: format!(
                "{} {} {}",
                first.get("nameOfHouse"),
                first.get("nameOfMeeting"),
                first.get("issue")
            )
            .trim()
            .to_string(),
            date: first.get("date").to_string(),
            source: first.get("meetingURL").to_string(),
            format: ndl::DIET_FORMAT.into(),
            ..Meeting::default()
        };
        let mut builder = MeetingBuilder::new(meeting);
        for record in &records {
            let text = record.get("speech");
            let before = builder.meeting.speeches.len();
            if record.get("speechOrder") == "0" {
                builder.add(SpeechKind::Header, None, text);
            } else {
                let (label, said) = text.lines().next().and_then(council::turn).map_or(
                    ("", text),
                    |(label, said)| {
                        let start = said.as_ptr() as usize - text.as_ptr() as usize;
                        (label, &text[start..])
                    },
                );
                let speaker = kokkai_speaker(record, label);
                builder.add(SpeechKind::Speech, Some(speaker), said);
            }
            // Keep the NDL's numbering, so speechIDs map back.
            if builder.meeting.speeches.len() > before
                && let (Some(speech), Some(order)) = (
                    builder.meeting.speeches.last_mut(),
                    record
                        .get("speechOrder")
                        .parse::<u64>()
                        .ok()
                        .and_then(|n| u32::try_from(ndl::stored_order(n)).ok()),
                )
            {
                speech.order = order;
            }
        }
        meetings.push(builder.finish());
    }
    Ok(meetings)
}

/// The API names the speaker, position and role; what it leaves empty (the
/// position of members and of some chairs) is read from the printed label
/// (`加藤委員長`, `仮委員長（堀末治君）`) by [`crate::speaker::SpeakerParser::complete`].
fn kokkai_speaker(record: &SpeechRecord, label: &str) -> Speaker {
    let non_empty = |s: &str| (!s.is_empty()).then(|| s.to_string());
    let position = non_empty(record.get("speakerPosition"));
    let category = match (record.get("speakerRole"), position.as_deref()) {
        ("証人", _) | ("参考人", _) | ("公述人", _) => {
            category_of(record.get("speakerRole"))
        }
        (_, Some(position)) => category_of(position),
        _ => Category::Other,
    };
    Speaker {
        label: if label.is_empty() {
            record.get("speaker").to_string()
        } else {
            label.to_string()
        },
        name: non_empty(record.get("speaker")),
        position,
        category,
        yomi: non_empty(record.get("speakerYomi")),
        group: non_empty(record.get("speakerGroup")),
        role: non_empty(record.get("speakerRole")),
        key: None,
        person: None,
    }
}
