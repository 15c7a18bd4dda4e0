//! Hits named only by their ids ([`crate::Detail::Id`]), read from the fast
//! fields. Loading a stored speech (decompressing its block) was half of a
//! typical search's time, and looking a meeting id up in the fast field's
//! dictionary decompresses a block of it per hit (16 µs, more than the
//! speech), so each segment's meeting ids are decoded once, in ordinal
//! order, and kept while the segment is searched.

use std::collections::HashMap;
use std::sync::{Arc, RwLock};

use kaigiroku_core::model::speech_id;
use kaigiroku_core::schema::field;
use tantivy::index::SegmentId;
use tantivy::{DocAddress, SegmentReader};

use crate::error::{Error, Result};
use crate::results::Hit;

/// The meeting ids of each segment searched, by term ordinal.
#[derive(Default)]
pub(crate) struct MeetingIds {
    by_segment: RwLock<HashMap<SegmentId, Arc<Vec<String>>>>,
}

impl MeetingIds {
    /// The hits of `page`: ids, order and score; every other field empty.
    pub(crate) fn hits(
        &self,
        searcher: &tantivy::Searcher,
        page: Vec<(f32, DocAddress)>,
    ) -> Result<Vec<Hit>> {
        let mut hits = Vec::with_capacity(page.len());
        let mut opened = HashMap::new();
        for (score, address) in page {
            let DocAddress {
                segment_ord,
                doc_id,
            } = address;
            let (ordinals, orders, names) = match opened.entry(segment_ord) {
                std::collections::hash_map::Entry::Occupied(columns) => columns.into_mut(),
                std::collections::hash_map::Entry::Vacant(vacant) => {
                    let segment = searcher.segment_reader(segment_ord);
                    let fast = segment.fast_fields();
                    vacant.insert((
                        fast.str(field::MEETING_ID)?,
                        fast.u64(field::ORDER).ok(),
                        self.of(searcher, segment)?,
                    ))
                }
            };
            let meeting_id = ordinals
                .as_ref()
                .and_then(|column| column.term_ords(doc_id).next())
                .and_then(|ordinal| names.get(ordinal as usize))
                .ok_or_else(|| Error::Corrupt(format!("document {doc_id} has no meeting id")))?;
            let order = orders.as_ref().and_then(|c| c.first(doc_id)).unwrap_or(0);
            hits.push(Hit {
                speech_id: speech_id(meeting_id, order),
                meeting_id: meeting_id.clone(),
                order,
                score,
                ..Hit::default()
            });
        }
        Ok(hits)
    }

    /// The meeting ids of `segment`, decoded now if they were not yet;
    /// segments no longer searched (merged away) are forgotten then.
    fn of(
        &self,
        searcher: &tantivy::Searcher,
        segment: &SegmentReader,
    ) -> Result<Arc<Vec<String>>> {
        let id = segment.segment_id();
        if let Some(names) = self
            .by_segment
            .read()
            .ok()
            .and_then(|c| c.get(&id).cloned())
        {
            return Ok(names);
        }
        let mut names = Vec::new();
        if let Some(column) = segment.fast_fields().str(field::MEETING_ID)? {
            let mut terms = column
                .dictionary()
                .stream()
                .map_err(|err| Error::Corrupt(format!("the meeting ids of a segment: {err}")))?;
            while terms.advance() {
                names.push(String::from_utf8_lossy(terms.key()).into_owned());
            }
        }
        let names = Arc::new(names);
        if let Ok(mut cache) = self.by_segment.write() {
            let searched: Vec<SegmentId> = searcher
                .segment_readers()
                .iter()
                .map(SegmentReader::segment_id)
                .collect();
            cache.retain(|segment, _| searched.contains(segment));
            cache.insert(id, names.clone());
        }
        Ok(names)
    }
}
