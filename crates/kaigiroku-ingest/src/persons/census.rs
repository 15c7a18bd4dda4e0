//! Every name an assembly's meetings print, with the side, post and date
//! it was printed with: what persons are resolved from. Kept beside the
//! index (`census.json`), so that a later ingest of a few files still knows
//! the names the earlier meetings printed.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use kaigiroku_core::model::{Attendee, Meeting, Speaker, SpeechKind};
use serde::{Deserialize, Serialize};

use super::introductions::{called_members, introduced_official, self_introduction};
use super::lists::{declared_group, names_in_text};
use super::roster::RosterEntry;
use super::side::{Side, assembly_of};
use crate::speaker::category_of;

/// The file beside the index.
const FILE: &str = "census.json";

/// One name as one meeting prints it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Sighting {
    /// The name, letter-spacing removed (`林（宏）`, `石田ちひろ`).
    pub name: String,
    pub side: Side,
    pub position: Option<String>,
    /// True when the record prints the whole name here (`議長（本多健信君）`,
    /// an attendance list, the Diet's `speaker`); false for a name run into
    /// its title (`石田委員`), which is often the surname alone.
    pub full: bool,
    pub yomi: Option<String>,
    pub group: Option<String>,
    /// Speeches under this name; 0 for a name only listed.
    pub speeches: u32,
}

/// What one meeting shows of its people.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct MeetingSightings {
    pub assembly: String,
    pub date: String,
    pub sightings: Vec<Sighting>,
}

/// The names of every meeting ingested, and the rosters supplied.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Census {
    pub meetings: BTreeMap<String, MeetingSightings>,
    /// Per roster file: its entries.
    pub rosters: BTreeMap<String, Vec<RosterEntry>>,
}

impl Census {
    /// The census kept beside the index in `index_dir`; empty when there is
    /// none or it cannot be read (it is rebuilt from the files ingested).
    pub fn load(index_dir: &Path) -> Census {
        std::fs::read(index_dir.join(FILE))
            .ok()
            .and_then(|bytes| serde_json::from_slice(&bytes).ok())
            .unwrap_or_default()
    }

    /// Writes the census beside the index, atomically.
    pub fn save(&self, index_dir: &Path) -> std::io::Result<()> {
        let path = index_dir.join(FILE);
        let temporary: PathBuf = index_dir.join(format!("{FILE}.partial"));
        std::fs::write(&temporary, serde_json::to_vec(self)?)?;
        std::fs::rename(temporary, path)
    }

    /// Records what a completed meeting shows, replacing what an earlier
    /// reading of it showed.
    pub fn record(&mut self, meeting: &Meeting) {
        let Some(assembly) = assembly_of(meeting) else {
            return;
        };
        self.meetings.insert(
            meeting.id.clone(),
            MeetingSightings {
                assembly,
                date: meeting.date.clone(),
                sightings: sightings(meeting),
            },
        );
    }

    pub fn add_roster(&mut self, source: &Path, entries: Vec<RosterEntry>) {
        self.rosters.insert(source.display().to_string(), entries);
    }
}

/// True when the label prints the whole name: not a name run into its
/// title (`石田委員`, `林（宏）委員`, `中尾根企画部長`).
pub fn is_full_name(speaker: &Speaker) -> bool {
    let Some(name) = &speaker.name else {
        return false;
    };
    let compact: String = speaker
        .label
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect();
    let run_in = speaker.position.as_deref().is_some_and(|position| {
        compact.strip_suffix(position) == Some(name.as_str())
            || compact
                .strip_suffix('君')
                .and_then(|c| c.strip_suffix(position))
                == Some(name.as_str())
    });
    !run_in
}

/// The names a meeting prints: each speaker's, once per side and post, and
/// its attendance lists.
fn sightings(meeting: &Meeting) -> Vec<Sighting> {
    let mut found: BTreeMap<(String, Side, Option<String>), Sighting> = BTreeMap::new();
    for speech in &meeting.speeches {
        let Some(speaker) = &speech.speaker else {
            continue;
        };
        let Some(name) = &speaker.name else {
            continue;
        };
        let side = Side::of(speaker.category);
        let entry = found
            .entry((name.clone(), side, speaker.position.clone()))
            .or_insert_with(|| Sighting {
                name: name.clone(),
                side,
                position: speaker.position.clone(),
                full: is_full_name(speaker),
                yomi: speaker.yomi.clone(),
                group: speaker.group.clone(),
                speeches: 0,
            });
        if speech.kind == SpeechKind::Speech {
            entry.speeches += 1;
        }
        if entry.group.is_none() && side == Side::Member {
            entry.group = declared_group(&speech.text);
        }
    }
    for sighting in introduced(meeting) {
        let entry = found
            .entry((
                sighting.name.clone(),
                sighting.side,
                sighting.position.clone(),
            ))
            .or_insert_with(|| sighting.clone());
        if entry.group.is_none() {
            entry.group = sighting.group;
        }
    }
    let printed = meeting
        .speeches
        .iter()
        .flat_map(|speech| names_in_text(&speech.text))
        .map(|(name, post)| Attendee {
            name,
            position: Some(post),
            group: None,
        });
    for attendee in meeting.attendees.iter().cloned().chain(printed) {
        let name: String = attendee
            .name
            .chars()
            .filter(|c| !c.is_whitespace())
            .collect();
        if name.chars().count() < 2 {
            continue;
        }
        let side = attendee
            .position
            .as_deref()
            .map_or(Side::Member, |p| Side::of(category_of(p)));
        found
            .entry((name.clone(), side, attendee.position.clone()))
            .or_insert_with(|| Sighting {
                name,
                side,
                position: attendee.position.clone(),
                full: true,
                yomi: None,
                group: None,
                speeches: 0,
            });
    }
    found.into_values().collect()
}

/// The whole names a meeting gives its surname labels: members' own
/// introductions and the chair's calls (with the 会派 they name), and
/// officials introduced with their post.
fn introduced(meeting: &Meeting) -> Vec<Sighting> {
    // The title a chair calls a member by.
    const CALLED_AS: &str = "委員";
    let whole = |name: String, side: Side, post: &str, group: Option<String>| Sighting {
        name,
        side,
        position: Some(post.to_string()),
        full: true,
        yomi: None,
        group,
        speeches: 0,
    };
    let mut found = Vec::new();
    let mut searched = std::collections::HashSet::new();
    for speech in &meeting.speeches {
        let Some(speaker) = speech.speaker.as_ref().filter(|s| !is_full_name(s)) else {
            continue;
        };
        let (Some(name), Some(position)) = (&speaker.name, &speaker.position) else {
            continue;
        };
        let surname = name.split(['(', '（']).next().unwrap_or(name);
        if surname.is_empty() {
            continue;
        }
        let side = Side::of(speaker.category);
        if side == Side::Member {
            if let Some((name, group)) = self_introduction(&speech.text, surname) {
                found.push(whole(name, side, position, group));
            }
            if searched.insert((surname, CALLED_AS)) {
                for other in &meeting.speeches {
                    for (name, group) in called_members(&other.text, surname, CALLED_AS) {
                        found.push(whole(name, side, CALLED_AS, group));
                    }
                }
            }
        } else if searched.insert((surname, position)) {
            let introduced = meeting
                .speeches
                .iter()
                .find_map(|s| introduced_official(&s.text, surname, position));
            if let Some(name) = introduced {
                found.push(whole(name, side, position, None));
            }
        }
    }
    found
}

impl Census {
    /// Reads every file (in `threads` threads) and records what its
    /// meetings show of their people. Files that cannot be read are left
    /// to the ingest, which reports them.
    pub fn survey(
        &mut self,
        files: &[PathBuf],
        forced: Option<crate::readers::Format>,
        speakers: &crate::speaker::SpeakerParser,
        threads: usize,
    ) {
        use std::sync::Mutex;
        use std::sync::atomic::{AtomicUsize, Ordering};
        let next = AtomicUsize::new(0);
        let found = Mutex::new(Vec::new());
        std::thread::scope(|scope| {
            for _ in 0..threads.max(1) {
                scope.spawn(|| {
                    while let Some(path) = files.get(next.fetch_add(1, Ordering::Relaxed)) {
                        let read = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
                            meetings_of(path, forced, speakers)
                        }));
                        if let Ok(meetings) = read
                            && let Ok(mut found) = found.lock()
                        {
                            found.extend(meetings);
                        }
                    }
                });
            }
        });
        for meeting in found.into_inner().unwrap_or_default() {
            self.record(&meeting);
        }
    }
}

/// A file's meetings with their speakers read; none if it cannot be read.
fn meetings_of(
    path: &Path,
    forced: Option<crate::readers::Format>,
    speakers: &crate::speaker::SpeakerParser,
) -> Vec<Meeting> {
    let Ok(bytes) = std::fs::read(path) else {
        return Vec::new();
    };
    let Ok(Some((text, format))) = crate::readers::open(path, &bytes, forced) else {
        return Vec::new();
    };
    let Ok(reading) = crate::readers::parse(path, &text, format) else {
        return Vec::new();
    };
    reading
        .meetings
        .into_iter()
        .map(|mut meeting| {
            crate::readers::complete_speakers(&mut meeting, speakers);
            meeting
        })
        .collect()
}
