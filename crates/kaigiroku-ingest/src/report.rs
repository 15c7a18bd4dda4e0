//! What the readers recover from a corpus, measured the way
//! `shared/tools/record-report` measures it, plus the outcomes of the bills
//! decided in plenary sittings.

use kaigiroku_core::analysis::is_digit;
use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::PathBuf;

use kaigiroku_core::model::{Meeting, SpeechKind};

use crate::error::Result;
use crate::speaker::SpeakerParser;
use crate::{readers, walk};

/// What was read from some files: in all, per format, and the files that
/// could not be read with the reason.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RecordReport {
    pub total: Counts,
    /// By [`readers::Format::name`] (a meeting's `format`).
    pub by_format: BTreeMap<String, Counts>,
    /// Files that could not be read (not minutes, bad encoding, a scanned
    /// PDF…) and folders that could not be listed, with the reason.
    pub skipped: Vec<(PathBuf, String)>,
}

/// Counts over the meetings of some files.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Counts {
    /// Files read, with at least one meeting or not.
    pub files: usize,
    pub meetings: usize,
    /// Meetings with a date.
    pub dated: usize,
    pub speeches: usize,
    /// Speeches of meetings whose text has agenda headings (`日程第`, `１ 議案審査`).
    pub speeches_with_headings: usize,
    /// Of those, the speeches under an agenda item.
    pub under_an_item: usize,
    pub items: usize,
    pub items_with_outcome: usize,
    /// 議案 items (a bill's number or title says 議案) of 本会議 meetings.
    pub plenary_bills: usize,
    pub plenary_bills_decided: usize,
    /// Distinct speaker labels.
    pub labels: usize,
    /// Distinct labels left with no name and no position.
    pub labels_unread: usize,
}

impl RecordReport {
    /// Reads every minutes file under `paths` and counts what was recovered.
    pub fn of(paths: &[PathBuf], speakers: &SpeakerParser) -> Result<RecordReport> {
        let mut report = RecordReport::default();
        let mut labels: HashMap<String, HashSet<String>> = HashMap::new();
        let found = walk::files(paths)?;
        report.skipped.extend(
            found
                .unreadable
                .iter()
                .map(|(path, reason)| (path.clone(), reason.to_string())),
        );
        for path in found.files {
            let read = std::fs::read(&path)
                .map_err(|err| err.to_string())
                .and_then(|bytes| match readers::open(&path, &bytes, None)? {
                    Some((text, format)) => readers::read(&path, &text, format, speakers)
                        .map(|r| Some((format, r.meetings))),
                    None => Ok(None),
                });
            match read {
                Ok(Some((format, meetings))) => {
                    report.total.files += 1;
                    let counts = report
                        .by_format
                        .entry(format.name().to_string())
                        .or_default();
                    counts.files += 1;
                    for meeting in &meetings {
                        let seen = labels.entry(format.name().to_string()).or_default();
                        counts.add(meeting, seen);
                        report.total.add_meeting(meeting);
                    }
                }
                Ok(None) => report.total.files += 1,
                Err(reason) => report.skipped.push((path, reason)),
            }
        }
        report.total.labels = report.by_format.values().map(|c| c.labels).sum();
        report.total.labels_unread = report.by_format.values().map(|c| c.labels_unread).sum();
        Ok(report)
    }
}

impl Counts {
    /// Counts a meeting, its labels against those already `seen`.
    fn add(&mut self, meeting: &Meeting, seen: &mut HashSet<String>) {
        self.add_meeting(meeting);
        for speaker in meeting
            .speeches
            .iter()
            .filter(|s| s.kind == SpeechKind::Speech)
            .filter_map(|s| s.speaker.as_ref())
        {
            if seen.insert(speaker.label.clone()) {
                self.labels += 1;
                if speaker.name.is_none() && speaker.position.is_none() {
                    self.labels_unread += 1;
                }
            }
        }
    }

    fn add_meeting(&mut self, meeting: &Meeting) {
        self.meetings += 1;
        self.dated += usize::from(!meeting.date.is_empty());
        let speeches: Vec<_> = meeting
            .speeches
            .iter()
            .filter(|s| s.kind == SpeechKind::Speech)
            .collect();
        self.speeches += speeches.len();
        if speeches.iter().any(|s| has_headings(&s.text)) {
            self.speeches_with_headings += speeches.len();
            self.under_an_item += speeches.iter().filter(|s| s.agenda.is_some()).count();
        }
        self.items += meeting.agenda.len();
        self.items_with_outcome += meeting
            .agenda
            .iter()
            .filter(|a| a.outcome.is_some())
            .count();
        if meeting.body == "本会議" {
            for item in &meeting.agenda {
                let bill = item.number.as_deref().unwrap_or(&item.title);
                if bill.contains("議案") {
                    self.plenary_bills += 1;
                    self.plenary_bills_decided += usize::from(item.outcome.is_some());
                }
            }
        }
    }
}

/// A line opening with `日程第` or a numbered heading (`１ 議案審査`).
fn has_headings(text: &str) -> bool {
    text.lines().any(|line| {
        if line.starts_with("日程第") {
            return true;
        }
        let digits = line
            .char_indices()
            .take_while(|(_, c)| is_digit(*c) || kaigiroku_core::analysis::is_kanji_numeral(*c))
            .last()
            .map(|(at, c)| at + c.len_utf8());
        digits.is_some_and(|end| {
            let rest = &line[end..];
            rest.starts_with([' ', '　'])
                && rest
                    .trim_start_matches([' ', '　'])
                    .chars()
                    .next()
                    .is_some_and(|c| !c.is_whitespace())
        })
    })
}
