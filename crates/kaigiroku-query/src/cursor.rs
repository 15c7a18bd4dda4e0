//! Every match in the order of the minutes (date, meeting, speech order),
//! a page at a time from a cursor: search-after on that key, exact at any
//! size. Exports read it, so that a result of any size can be exported
//! whole, page by page, with no hit twice and none left out.

use std::collections::{BinaryHeap, HashMap};
use std::fmt;
use std::str::FromStr;

use kaigiroku_core::schema::field;
use tantivy::collector::{Collector, SegmentCollector};
use tantivy::columnar::{Column, StrColumn};
use tantivy::{DocAddress, DocId, Score, SegmentOrdinal, SegmentReader, TantivyDocument};

use crate::error::Result;
use crate::request::SearchRequest;
use crate::results::Hit;
use crate::searcher::{Searcher, stored_text};

/// Where a page ended: the last speech's date, meeting and order.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Cursor {
    pub date_key: u64,
    pub meeting_id: String,
    pub order: u64,
}

/// `20230703.3.r05-20230703-5`: date, order, then the meeting id (which
/// may hold dots itself).
impl fmt::Display for Cursor {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}.{}.{}", self.date_key, self.order, self.meeting_id)
    }
}

impl FromStr for Cursor {
    type Err = String;

    fn from_str(text: &str) -> std::result::Result<Cursor, String> {
        let bad = || {
            format!(
                "カーソルとして読めません（「{text}」）。前の応答が示したものをそのまま使ってください"
            )
        };
        let mut parts = text.splitn(3, '.');
        let date_key = parts.next().and_then(|p| p.parse().ok()).ok_or_else(bad)?;
        let order = parts.next().and_then(|p| p.parse().ok()).ok_or_else(bad)?;
        let meeting_id = parts.next().filter(|m| !m.is_empty()).ok_or_else(bad)?;
        Ok(Cursor {
            date_key,
            meeting_id: meeting_id.to_string(),
            order,
        })
    }
}

/// One page in the order of the minutes.
pub struct Page {
    /// Each hit with the speech's whole text.
    pub rows: Vec<(Hit, String)>,
    /// Where the next page starts; None after the last.
    pub next: Option<Cursor>,
}

impl Searcher {
    /// Up to `limit` matches of `request` after `after`, in the order of
    /// the minutes, without snippets.
    pub fn page_after(
        &self,
        request: &SearchRequest,
        after: Option<&Cursor>,
        limit: usize,
    ) -> Result<Page> {
        let plan = self.plan(request)?;
        let searcher = self.reader.searcher();
        let collector = AfterCollector {
            after: after.cloned(),
            limit: limit.max(1),
        };
        let mut found = searcher.search(&plan.query, &collector)?;
        let more = found.len() > limit;
        found.truncate(limit);
        let next = if more {
            found.last().map(|(key, _)| key.clone())
        } else {
            None
        };
        let mut rows = Vec::with_capacity(found.len());
        for (_, address) in found {
            let doc: TantivyDocument = searcher.doc(address)?;
            let text = stored_text(&doc, self.fields.text);
            rows.push((self.hit(&doc, 0.0, None), text));
        }
        Ok(Page { rows, next })
    }
}

/// The `limit` + 1 first keys after the cursor: per segment by meeting-id
/// ordinal (the dictionary is sorted, so ordinals order like the ids),
/// merged by the ids themselves.
struct AfterCollector {
    after: Option<Cursor>,
    limit: usize,
}

struct AfterSegmentCollector {
    segment: SegmentOrdinal,
    after: Option<Cursor>,
    keep: usize,
    dates: Column<u64>,
    orders: Column<u64>,
    meetings: Option<StrColumn>,
    /// How each meeting ordinal on the cursor's date compares with the
    /// cursor's meeting.
    compared: HashMap<u64, std::cmp::Ordering>,
    /// The smallest keys so far, largest on top.
    heap: BinaryHeap<(u64, u64, u64, DocId)>,
}

type Keyed = Vec<(Cursor, DocAddress)>;

impl Collector for AfterCollector {
    type Fruit = Keyed;
    type Child = AfterSegmentCollector;

    fn for_segment(
        &self,
        segment: SegmentOrdinal,
        reader: &SegmentReader,
    ) -> tantivy::Result<AfterSegmentCollector> {
        let fast = reader.fast_fields();
        Ok(AfterSegmentCollector {
            segment,
            after: self.after.clone(),
            keep: self.limit + 1,
            dates: fast.u64(field::DATE_KEY)?,
            orders: fast.u64(field::ORDER)?,
            meetings: fast.str(field::MEETING_ID)?,
            compared: HashMap::new(),
            heap: BinaryHeap::new(),
        })
    }

    fn requires_scoring(&self) -> bool {
        false
    }

    fn merge_fruits(&self, fruits: Vec<tantivy::Result<Keyed>>) -> tantivy::Result<Keyed> {
        let mut all = Vec::new();
        for fruit in fruits {
            all.extend(fruit?);
        }
        all.sort_by(|a, b| a.0.cmp(&b.0));
        all.truncate(self.limit + 1);
        Ok(all)
    }
}

impl AfterSegmentCollector {
    /// True when the speech comes after the cursor in the minutes' order.
    fn is_after(&mut self, date: u64, meeting: u64, order: u64) -> bool {
        let Some(after) = &self.after else {
            return true;
        };
        if date != after.date_key {
            return date > after.date_key;
        }
        let meetings = &self.meetings;
        let by_meeting = *self.compared.entry(meeting).or_insert_with(|| {
            let mut id = String::new();
            match meetings.as_ref().map(|m| m.ord_to_str(meeting, &mut id)) {
                Some(Ok(true)) => id.as_str().cmp(after.meeting_id.as_str()),
                // Unreadable: treat it as past, so nothing is lost.
                _ => std::cmp::Ordering::Greater,
            }
        });
        by_meeting.then(order.cmp(&after.order)).is_gt()
    }
}

impl SegmentCollector for AfterSegmentCollector {
    type Fruit = tantivy::Result<Keyed>;

    fn collect(&mut self, doc: DocId, _: Score) {
        let date = self.dates.first(doc).unwrap_or(0);
        let order = self.orders.first(doc).unwrap_or(0);
        let meeting = self
            .meetings
            .as_ref()
            .and_then(|m| m.term_ords(doc).next())
            .unwrap_or(0);
        if !self.is_after(date, meeting, order) {
            return;
        }
        let key = (date, meeting, order, doc);
        if self.heap.len() < self.keep {
            self.heap.push(key);
        } else if self.heap.peek().is_some_and(|top| key < *top) {
            self.heap.pop();
            self.heap.push(key);
        }
    }

    fn harvest(self) -> tantivy::Result<Keyed> {
        let mut keyed = Vec::with_capacity(self.heap.len());
        for (date, meeting, order, doc) in self.heap {
            let mut meeting_id = String::new();
            if let Some(meetings) = &self.meetings {
                meetings.ord_to_str(meeting, &mut meeting_id)?;
            }
            let key = Cursor {
                date_key: date,
                meeting_id,
                order,
            };
            keyed.push((key, DocAddress::new(self.segment, doc)));
        }
        Ok(keyed)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_cursor_reads_back_what_it_wrote_and_orders_like_the_minutes() {
        let cursor = Cursor {
            date_key: 20230703,
            meeting_id: "tokyo.a-1".into(),
            order: 12,
        };
        assert_eq!(cursor.to_string(), "20230703.12.tokyo.a-1");
        assert_eq!(cursor.to_string().parse::<Cursor>(), Ok(cursor.clone()));
        assert!("20230703.x.m".parse::<Cursor>().is_err());
        assert!("20230703.1.".parse::<Cursor>().is_err());
        let later = Cursor {
            order: 2,
            meeting_id: "tokyo.b".into(),
            ..cursor.clone()
        };
        assert!(cursor < later, "the meeting before the order");
    }
}
