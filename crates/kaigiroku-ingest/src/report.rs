//! What the readers recover from a corpus, measured the way
//! `shared/tools/record-report` measures it, plus the outcomes of the bills
//! decided in plenary sittings.

use kaigiroku_core::analysis::is_digit;
use std::collections::HashSet;
use std::path::PathBuf;

use kaigiroku_core::model::{Meeting, SpeechKind};

use crate::error::Result;
use crate::speaker::SpeakerParser;
use crate::{decode, readers, walk};

/// Counts over the meetings of some files.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RecordReport {
    pub files: usize,
    /// Files that could not be read (not minutes, bad encoding…) and folders
    /// that could not be listed.
    pub skipped: usize,
    pub meetings: usize,
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
    pub labels: usize,
    /// Distinct labels left with no name and no position.
    pub labels_unread: usize,
}

impl RecordReport {
    /// Reads every minutes file under `paths` and counts what was recovered.
    pub fn of(paths: &[PathBuf], speakers: &SpeakerParser) -> Result<RecordReport> {
        let mut report = RecordReport::default();
        let mut labels = HashSet::new();
        let found = walk::files(paths)?;
        report.skipped += found.unreadable.len();
        for path in found.files {
            report.files += 1;
            let meetings = std::fs::read(&path)
                .map_err(|err| err.to_string())
                .and_then(|bytes| decode::decode(&bytes))
                .and_then(|text| match readers::detect(&path, &text)? {
                    Some(format) => {
                        readers::read(&path, &text, format, speakers).map(|r| r.meetings)
                    }
                    None => Ok(Vec::new()),
                });
            match meetings {
                Ok(meetings) => {
                    for meeting in &meetings {
                        report.add(meeting, &mut labels);
                    }
                }
                Err(_) => report.skipped += 1,
            }
        }
        Ok(report)
    }

    fn add(&mut self, meeting: &Meeting, labels: &mut HashSet<String>) {
        self.meetings += 1;
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
        for speaker in speeches.iter().filter_map(|s| s.speaker.as_ref()) {
            if labels.insert(speaker.label.clone()) {
                self.labels += 1;
                if speaker.name.is_none() && speaker.position.is_none() {
                    self.labels_unread += 1;
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
