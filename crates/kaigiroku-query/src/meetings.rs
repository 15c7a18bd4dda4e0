//! The distinct meetings of a result set, exact at any size: every
//! matching speech is counted into its meeting by the meeting id's term
//! ordinal, with the best score, the date and the first matching speech.
//! Grouped results and the NDL meeting endpoints both read it. The
//! ordinals become ids through [`MeetingIds`], decoded once per segment.

use std::collections::HashMap;
use std::sync::Arc;

use kaigiroku_core::schema::field;
use tantivy::collector::{Collector, SegmentCollector};
use tantivy::columnar::{Column, StrColumn};
use tantivy::index::SegmentId;
use tantivy::{DocId, Score, SegmentOrdinal, SegmentReader};

use crate::meeting_ids::MeetingIds;
use crate::ranking::{Priors, SegmentPriors};
use crate::request::Sort;

/// One meeting with matching speeches.
#[derive(Debug, Clone, PartialEq)]
pub struct MeetingMatch {
    pub meeting_id: String,
    /// yyyymmdd, 0 when the record has no date.
    pub date_key: u64,
    /// How many of its speeches match.
    pub speeches: u64,
    /// The best score of its speeches (0 unless ranked by relevance).
    pub best_score: Score,
    /// One of its speeches holds the words as typed (always true when no
    /// other spelling was searched): by relevance, such meetings come first.
    pub as_typed: bool,
    /// The order of its first matching speech.
    pub first_order: u64,
}

impl MeetingMatch {
    fn absorb(&mut self, other: &MeetingMatch) {
        self.speeches += other.speeches;
        self.best_score = self.best_score.max(other.best_score);
        self.as_typed |= other.as_typed;
        self.first_order = self.first_order.min(other.first_order);
    }
}

/// Puts meetings in the order of `sort`: the best speech's score, or the
/// date and then the earliest matching speech (the NDL's order); the id
/// breaks the remaining ties so that pages never overlap.
pub fn sort_meetings(meetings: &mut [MeetingMatch], sort: Sort) {
    meetings.sort_by(|a, b| {
        let by_date = match sort {
            Sort::DateAsc => a.date_key.cmp(&b.date_key),
            _ => b.date_key.cmp(&a.date_key),
        };
        let by_score = b.best_score.total_cmp(&a.best_score);
        match sort {
            Sort::Relevance => b.as_typed.cmp(&a.as_typed).then(by_score).then(by_date),
            _ => by_date,
        }
        .then(a.first_order.cmp(&b.first_order))
        .then_with(|| a.meeting_id.cmp(&b.meeting_id))
    });
}

/// Collects [`MeetingMatch`]es; scores are read only with `priors`.
pub struct MeetingCollector<'a> {
    /// When ranking by relevance: what multiplies each speech's score,
    /// as on a page of speeches.
    pub(crate) priors: Option<Priors>,
    /// Each segment's meeting ids by ordinal, decoded once.
    pub(crate) names: &'a MeetingIds,
    /// The segments searched, whose ids `names` keeps.
    pub(crate) searched: Vec<SegmentId>,
}

pub struct MeetingSegmentCollector {
    ids: Option<StrColumn>,
    names: Arc<Vec<String>>,
    dates: Column<u64>,
    orders: Column<u64>,
    priors: Option<SegmentPriors>,
    /// Per meeting-id ordinal: (speeches, best score, first order, date,
    /// as typed).
    found: HashMap<u64, (u64, Score, u64, u64, bool)>,
}

impl Collector for MeetingCollector<'_> {
    type Fruit = HashMap<String, MeetingMatch>;
    type Child = MeetingSegmentCollector;

    fn for_segment(
        &self,
        _: SegmentOrdinal,
        segment: &SegmentReader,
    ) -> tantivy::Result<MeetingSegmentCollector> {
        let fast = segment.fast_fields();
        let ids = fast.str(field::MEETING_ID)?;
        Ok(MeetingSegmentCollector {
            names: self.names.of(segment, ids.as_ref(), &self.searched)?,
            ids,
            dates: fast.u64(field::DATE_KEY)?,
            orders: fast.u64(field::ORDER)?,
            priors: self.priors.as_ref().map(|p| p.segment(segment)),
            found: HashMap::new(),
        })
    }

    fn requires_scoring(&self) -> bool {
        self.priors.is_some()
    }

    fn merge_fruits(
        &self,
        fruits: Vec<tantivy::Result<HashMap<String, MeetingMatch>>>,
    ) -> tantivy::Result<HashMap<String, MeetingMatch>> {
        let mut merged: HashMap<String, MeetingMatch> = HashMap::new();
        for fruit in fruits {
            for (id, found) in fruit? {
                match merged.get_mut(&id) {
                    Some(known) => known.absorb(&found),
                    None => {
                        merged.insert(id, found);
                    }
                }
            }
        }
        Ok(merged)
    }
}

impl SegmentCollector for MeetingSegmentCollector {
    type Fruit = tantivy::Result<HashMap<String, MeetingMatch>>;

    fn collect(&mut self, doc: DocId, score: Score) {
        let Some(ord) = self.ids.as_ref().and_then(|ids| ids.term_ords(doc).next()) else {
            return;
        };
        let order = self.orders.first(doc).unwrap_or(0);
        let entry = self.found.entry(ord).or_insert_with(|| {
            let date = self.dates.first(doc).unwrap_or(0);
            (0, Score::MIN, u64::MAX, date, self.priors.is_none())
        });
        entry.0 += 1;
        // A meeting ranks by its best speech as a page of speeches would.
        let score = match &self.priors {
            Some(priors) => {
                let prior = priors.of(doc);
                entry.4 |= prior.as_typed;
                score * prior.factor()
            }
            None => score,
        };
        entry.1 = entry.1.max(score);
        entry.2 = entry.2.min(order);
    }

    fn harvest(self) -> tantivy::Result<HashMap<String, MeetingMatch>> {
        let mut meetings = HashMap::with_capacity(self.found.len());
        for (ord, (speeches, best_score, first_order, date_key, as_typed)) in self.found {
            if let Some(meeting_id) = self.names.get(ord as usize) {
                let found = MeetingMatch {
                    meeting_id: meeting_id.clone(),
                    date_key,
                    speeches,
                    best_score,
                    as_typed,
                    first_order,
                };
                meetings.insert(meeting_id.clone(), found);
            }
        }
        Ok(meetings)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn meeting(id: &str, date_key: u64, best_score: f32) -> MeetingMatch {
        MeetingMatch {
            meeting_id: id.into(),
            date_key,
            speeches: 1,
            best_score,
            as_typed: true,
            first_order: 1,
        }
    }

    #[test]
    fn meetings_sort_by_score_or_date_and_ties_by_id() {
        let mut meetings = vec![
            meeting("b", 20240101, 1.0),
            meeting("a", 20240101, 1.0),
            meeting("c", 20230101, 5.0),
        ];
        sort_meetings(&mut meetings, Sort::Relevance);
        let ids = |m: &[MeetingMatch]| m.iter().map(|m| m.meeting_id.clone()).collect::<Vec<_>>();
        assert_eq!(ids(&meetings), ["c", "a", "b"]);
        sort_meetings(&mut meetings, Sort::DateDesc);
        assert_eq!(ids(&meetings), ["a", "b", "c"]);
        sort_meetings(&mut meetings, Sort::DateAsc);
        assert_eq!(ids(&meetings), ["c", "a", "b"]);
    }

    #[test]
    fn a_meeting_split_over_segments_adds_up() {
        let mut first = meeting("a", 20240101, 1.0);
        first.first_order = 7;
        let mut second = meeting("a", 20240101, 3.0);
        second.first_order = 2;
        first.absorb(&second);
        assert_eq!(
            (first.speeches, first.best_score, first.first_order),
            (2, 3.0, 2)
        );
    }
}
