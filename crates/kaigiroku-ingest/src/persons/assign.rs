//! Persons given to a meeting's speakers.

use std::collections::HashMap;

use kaigiroku_core::model::{Attendee, Category, Meeting};

use super::census;
use super::directory::{Directory, Resolution};
use super::side::{Side, assembly_of};

/// Gives every named speaker of `meeting` its person: key, full name,
/// reading and 会派, as `directory` resolves the label at the meeting's date.
pub fn assign(meeting: &mut Meeting, directory: &Directory) {
    let Some(assembly) = assembly_of(meeting) else {
        // Without the assembly, a name alone would merge strangers.
        return;
    };
    let date = meeting.date.clone();
    // A meeting prints each label many times; each is resolved once.
    let mut resolved: HashMap<(String, Option<String>, Category, Option<String>), Resolution> =
        HashMap::new();
    for speech in &mut meeting.speeches {
        let Some(speaker) = speech.speaker.as_mut() else {
            continue;
        };
        let Some(name) = speaker.name.as_deref() else {
            continue;
        };
        let seen = (
            speaker.label.clone(),
            speaker.name.clone(),
            speaker.category,
            speaker.position.clone(),
        );
        let found = resolved
            .entry(seen)
            .or_insert_with(|| {
                let side = Side::of(speaker.category);
                let full = census::is_full_name(speaker);
                // A surname the meeting's own attendance list completes.
                let listed = (!full)
                    .then(|| listed_as(&meeting.attendees, name, side))
                    .flatten();
                directory.resolve(
                    &assembly,
                    listed.unwrap_or(name),
                    side,
                    speaker.position.as_deref(),
                    &date,
                    full || listed.is_some(),
                )
            })
            .clone();
        speaker.key = Some(found.key);
        speaker.person = found.person;
        if speaker.yomi.is_none() {
            speaker.yomi = found.yomi;
        }
        if speaker.group.is_none() {
            speaker.group = found.group;
        }
    }
}

/// The one person of `side` on the attendance list whose name begins with
/// `name` (`林（宏）` begins 林宏), if exactly one does.
fn listed_as<'a>(attendees: &'a [Attendee], name: &str, side: Side) -> Option<&'a str> {
    let prefix: String = name
        .chars()
        .filter(|c| !matches!(c, '(' | ')' | '（' | '）') && !c.is_whitespace())
        .collect();
    let mut found = attendees.iter().filter(|a| {
        a.name.starts_with(&prefix)
            && a.position
                .as_deref()
                .map_or(Side::Member, |p| Side::of(crate::speaker::category_of(p)))
                == side
    });
    match (found.next(), found.next()) {
        (Some(only), None) => Some(&only.name),
        _ => None,
    }
}

/// A digest of what [`assign`] gave a meeting's speakers: a meeting whose
/// source is unchanged is written again when its people resolve otherwise.
pub fn fingerprint(meeting: &Meeting) -> String {
    use sha2::{Digest, Sha256};
    let mut hash = Sha256::new();
    for speaker in meeting.speeches.iter().filter_map(|s| s.speaker.as_ref()) {
        for part in [&speaker.key, &speaker.person, &speaker.yomi, &speaker.group] {
            hash.update(part.as_deref().unwrap_or("").as_bytes());
            hash.update([0x1f]);
        }
    }
    format!("{:x}", hash.finalize())[..16].to_string()
}
