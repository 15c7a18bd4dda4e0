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
            Err(reason) => {
                reading
                    .skipped
                    .push(format!("line {}: {}", first_line + number, shorten(reason)))
            }
        }
    }
    reading
}

/// A reason short enough for one line of a report: serde quotes the
/// offending value whole, and a scraper's 300,000-character string made
/// one line of 900 KB.
fn shorten(reason: String) -> String {
    const MOST: usize = 240;
    match reason.char_indices().nth(MOST) {
        Some((end, _)) => format!("{}…", &reason[..end]),
        None => reason,
    }
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_long_reason_is_cut_to_one_readable_line() {
        let line = format!(
            "{{\"id\": \"a\", \"speeches\": \"{}\"}}\n",
            "あ".repeat(300_000)
        );
        let reading = read(&line, &Meeting::default());
        let [reason] = reading.skipped.as_slice() else {
            panic!("one bad line: {}", reading.skipped.len())
        };
        assert!(
            reason.starts_with("line 1: invalid type: string"),
            "{reason}"
        );
        assert!(reason.chars().count() < 260 && reason.ends_with('…'));
    }
}
