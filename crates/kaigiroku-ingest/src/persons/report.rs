//! How well persons resolve over some files: the figures the issue on
//! persons asked for (`kaigiroku persons`).

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::PathBuf;

use kaigiroku_core::model::{Meeting, SpeechKind};

use super::assign::assign;
use super::census::Census;
use super::directory::Directory;
use super::roster::read_roster;
use super::side::Side;
use crate::readers::Format;
use crate::speaker::SpeakerParser;

/// The meetings of the files under `paths`, completed, with persons
/// resolved across all of them and the rosters given; and the directory
/// they were resolved with. Each meeting comes with the file it was read from.
pub fn resolve_files(
    paths: &[PathBuf],
    forced: Option<Format>,
    speakers: &SpeakerParser,
    rosters: &[PathBuf],
) -> Result<(Directory, Vec<(PathBuf, Meeting)>), String> {
    let files = crate::walk::files(paths)
        .map_err(|err| err.to_string())?
        .files;
    let files = files.as_slice();
    let mut census = Census::default();
    for roster in rosters {
        let entries =
            read_roster(roster).map_err(|reason| format!("{}: {reason}", roster.display()))?;
        census.add_roster(roster, entries);
    }
    census.survey(files, forced, speakers, 2);
    let directory = Directory::build(&census, speakers.analyzer());
    let mut meetings = Vec::new();
    for path in files {
        let Ok(bytes) = std::fs::read(path) else {
            continue;
        };
        let Ok(Some((text, format))) = crate::readers::open(path, &bytes, forced) else {
            continue;
        };
        let Ok(reading) = crate::readers::read(path, &text, format, speakers) else {
            continue;
        };
        for mut meeting in reading.meetings {
            assign(&mut meeting, &directory);
            meetings.push((path.clone(), meeting));
        }
    }
    Ok((directory, meetings))
}

/// Figures over resolved meetings.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct PersonsReport {
    /// Speeches (not narration) whose speaker has a key.
    pub keyed_speeches: usize,
    /// Of those, with a reading.
    pub with_reading: usize,
    /// Of those, resolved to a person's full name.
    pub resolved: usize,
    pub keys: usize,
    /// Keys holding a member's and an official's speech on one date.
    pub mixed_keys: Vec<String>,
    /// Keys of a name left unresolved beside exactly one full name of the
    /// same side that begins with it, seen in the same years.
    pub split_keys: Vec<(String, String)>,
}

impl PersonsReport {
    pub fn of<'m>(meetings: impl IntoIterator<Item = &'m Meeting>) -> PersonsReport {
        let mut report = PersonsReport::default();
        // key → date → sides; key → (name, side, years) of unresolved keys.
        let mut sides: HashMap<&str, HashMap<&str, BTreeSet<Side>>> = HashMap::new();
        let mut unresolved: BTreeMap<&str, (&str, Side, BTreeSet<&str>)> = BTreeMap::new();
        let mut persons: HashMap<(Side, &str), BTreeSet<&str>> = HashMap::new();
        for meeting in meetings {
            let year = meeting.date.get(..4).unwrap_or("");
            for speech in meeting
                .speeches
                .iter()
                .filter(|s| s.kind == SpeechKind::Speech)
            {
                let Some(speaker) = &speech.speaker else {
                    continue;
                };
                let Some(key) = speaker.key.as_deref() else {
                    continue;
                };
                report.keyed_speeches += 1;
                report.with_reading += usize::from(speaker.yomi.is_some());
                let side = Side::of(speaker.category);
                sides
                    .entry(key)
                    .or_default()
                    .entry(&meeting.date)
                    .or_default()
                    .insert(side);
                match (&speaker.person, &speaker.name) {
                    (Some(person), _) => {
                        report.resolved += 1;
                        persons.entry((side, person)).or_default().insert(year);
                    }
                    (None, Some(name)) => {
                        unresolved
                            .entry(key)
                            .or_insert_with(|| (name, side, BTreeSet::new()))
                            .2
                            .insert(year);
                    }
                    (None, None) => {}
                }
            }
        }
        report.keys = sides.len();
        report.mixed_keys = sides
            .iter()
            .filter(|(_, dates)| {
                dates.values().any(|s| {
                    s.contains(&Side::Member)
                        && (s.contains(&Side::Executive) || s.contains(&Side::Staff))
                })
            })
            .map(|(key, _)| key.to_string())
            .collect();
        report.mixed_keys.sort();
        for (key, (name, side, years)) in unresolved {
            let surname = name.split(['(', '（']).next().unwrap_or(name);
            let beside: Vec<&&str> = persons
                .iter()
                .filter(|((s, person), seen)| {
                    *s == side
                        && person.starts_with(surname)
                        && person != &surname
                        && !seen.is_disjoint(&years)
                })
                .map(|((_, person), _)| person)
                .collect();
            if let [only] = beside.as_slice() {
                report.split_keys.push((key.to_string(), only.to_string()));
            }
        }
        report
    }

    pub fn reading_share(&self) -> f64 {
        self.with_reading as f64 / self.keyed_speeches.max(1) as f64
    }
}
