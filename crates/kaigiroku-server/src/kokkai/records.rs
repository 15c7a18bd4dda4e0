//! Records in the NDL's shape: speechRecord and meetingRecord, with the
//! Diet's numbering for Diet records and kaigiroku's own for the rest.

use kaigiroku_core::model::{SpeechKind, ndl};
use kaigiroku_query::{Hit, StoredMeeting, StoredSpeech};
use serde_json::{Map, Value, json};

/// The speechID clients expect: the NDL's `<issueID>_<nnn>` for Diet
/// records, kaigiroku's own id for the rest.
fn speech_id(speech: &StoredSpeech) -> String {
    if speech.format == ndl::DIET_FORMAT {
        ndl::ndl_speech_id(&speech.meeting_id, speech.order)
    } else {
        speech.id.clone()
    }
}

/// An order as the NDL numbers it (Diet records count from 0).
fn numbered(format: &str, order: u64) -> u64 {
    if format == ndl::DIET_FORMAT {
        ndl::ndl_order(order)
    } else {
        order
    }
}

fn speech_order(speech: &StoredSpeech) -> u64 {
    numbered(&speech.format, speech.order)
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
    format!("{base}{}", crate::api::speech_url(meeting, order))
}

fn meeting_url(base: &str, meeting: &str) -> String {
    format!("{base}{}", crate::api::meeting_url(meeting))
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
    record.insert("speaker".into(), json!(speaker(speech)));
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

/// Who the NDL says spoke: 会議録情報 for the header, else the name as
/// printed, or the label when no name was read from it.
fn speaker(speech: &StoredSpeech) -> &str {
    if speech.kind == SpeechKind::Header.as_str() {
        "会議録情報"
    } else if speech.speaker_name.is_empty() {
        &speech.speaker_label
    } else {
        &speech.speaker_name
    }
}

/// A speechRecord of `/api/speech`: the speech with its meeting's fields.
pub fn speech_record(speech: &StoredSpeech, text: &str, hit: &Hit, base: &str) -> Value {
    let mut record = Map::new();
    record.insert("speechID".into(), json!(speech_id(speech)));
    record.insert("issueID".into(), json!(speech.meeting_id));
    record.insert("imageKind".into(), json!("会議録"));
    record.insert("searchObject".into(), json!(speech_order(speech)));
    record.insert("session".into(), Value::Null);
    record.insert("nameOfHouse".into(), json!(hit.municipality));
    record.insert("nameOfMeeting".into(), json!(hit.body));
    record.insert("issue".into(), json!(issue_of(&hit.meeting_title)));
    record.insert("date".into(), json!(hit.date));
    record.insert("closing".into(), Value::Null);
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
        json!(meeting_url(base, &speech.meeting_id)),
    );
    record.insert("pdfURL".into(), Value::Null);
    Value::Object(record)
}

/// A meetingRecord: the meeting with its speeches, whole (`/api/meeting`)
/// or as a list (`/api/meeting_list`); `first_match` is the order of its
/// first matching speech.
pub fn meeting_record(stored: &StoredMeeting, first_match: u64, full: bool, base: &str) -> Value {
    let meeting = &stored.meeting;
    let search_object = numbered(&meeting.format, first_match);
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
                record.insert("speaker".into(), json!(speaker(speech)));
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
        "meetingURL": meeting_url(base, &meeting.id),
        "pdfURL": null,
    })
}
