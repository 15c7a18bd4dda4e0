//! Canonical JSON Lines: one [`Meeting`] per line, as documented in the
//! README, so that any scraper can feed kaigiroku.

use kaigiroku_core::model::Meeting;

pub fn read(text: &str, template: &Meeting) -> Result<Vec<Meeting>, String> {
    let mut meetings = Vec::new();
    for (number, line) in text.lines().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        let mut meeting: Meeting =
            serde_json::from_str(line).map_err(|err| format!("line {}: {err}", number + 1))?;
        if meeting.id.is_empty() {
            return Err(format!("line {}: a meeting needs an \"id\"", number + 1));
        }
        for (index, speech) in meeting.speeches.iter_mut().enumerate() {
            if speech.order == 0 {
                speech.order = index as u32 + 1;
            }
        }
        if meeting.source.is_empty() {
            meeting.source = template.source.clone();
        }
        meeting.format = template.format.clone();
        meetings.push(meeting);
    }
    Ok(meetings)
}
