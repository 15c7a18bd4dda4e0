//! Canonical JSON Lines: one [`Meeting`] per line, as documented in the
//! README, so that any scraper can feed kaigiroku. A bad line is reported
//! with its number and skipped; the other lines are read. `null` for an
//! optional field means absent.

use kaigiroku_core::model::Meeting;
use serde_json::Value;

use super::reading::Reading;

pub fn read(text: &str, template: &Meeting) -> Reading {
    read_from(text, template, 1)
}

/// [`read`], the first line of `text` being line `first_line` of its file.
pub fn read_from(text: &str, template: &Meeting, first_line: usize) -> Reading {
    let mut reading = Reading::default();
    for (number, line) in text.lines().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        match meeting(line, template) {
            Ok(meeting) => reading.meetings.push(meeting),
            Err(reason) => reading
                .skipped
                .push(format!("line {}: {reason}", first_line + number)),
        }
    }
    reading
}

fn meeting(line: &str, template: &Meeting) -> Result<Meeting, String> {
    let mut value: Value = serde_json::from_str(line).map_err(|err| err.to_string())?;
    drop_nulls(&mut value);
    let mut meeting: Meeting = serde_json::from_value(value).map_err(|err| err.to_string())?;
    if meeting.id.trim().is_empty() {
        return Err("a meeting needs an \"id\"".into());
    }
    for (index, speech) in meeting.speeches.iter_mut().enumerate() {
        if speech.order == 0 {
            speech.order = index as u32 + 1;
        }
    }
    if meeting.source.is_empty() {
        meeting.source = template.source.clone();
    }
    // The reader that first read it, when the record says (a Diet record
    // from `kaigiroku parse` stays one: the NDL API numbers it as the NDL).
    if meeting.format.trim().is_empty() {
        meeting.format = template.format.clone();
    }
    Ok(meeting)
}

/// Removes `"field": null` everywhere: an optional field given as null is
/// absent, whatever its type.
fn drop_nulls(value: &mut Value) {
    match value {
        Value::Object(map) => {
            map.retain(|_, v| !v.is_null());
            map.values_mut().for_each(drop_nulls);
        }
        Value::Array(items) => items.iter_mut().for_each(drop_nulls),
        _ => {}
    }
}
