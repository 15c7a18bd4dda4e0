//! Each segment's meeting ids by term ordinal, decoded once and kept while
//! the segment is searched. Looking one id up in the fast field's
//! dictionary decompresses a block of it (16 µs, more than loading a
//! stored speech), which was paid once per hit named by its ids and once
//! per distinct meeting of a result (849 for の: 14 ms).
//!
//! Here too: hits named only by their ids ([`crate::Detail::Id`]), read from
//! the fast fields without loading the stored speech.

use std::collections::HashMap;
use std::collections::hash_map::Entry;
use std::sync::{Arc, RwLock};

use kaigiroku_core::model::speech_id;
use kaigiroku_core::schema::field;
use tantivy::columnar::StrColumn;
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
        let searched = segment_ids(searcher);
        let mut hits = Vec::with_capacity(page.len());
        let mut opened = HashMap::new();
        for (score, address) in page {
            let DocAddress {
                segment_ord,
                doc_id,
            } = address;
            let (ordinals, orders, names) = match opened.entry(segment_ord) {
                Entry::Occupied(columns) => columns.into_mut(),
                Entry::Vacant(vacant) => {
                    let segment = searcher.segment_reader(segment_ord);
                    let fast = segment.fast_fields();
                    let ordinals = fast.str(field::MEETING_ID)?;
                    let names = self.of(segment, ordinals.as_ref(), &searched)?;
                    vacant.insert((ordinals, fast.u64(field::ORDER).ok(), names))
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

    /// The meeting ids of `segment` (whose meeting id column is `ordinals`),
    /// decoded now if they were not yet; segments no longer among `searched`
    /// (merged away) are forgotten then.
    pub(crate) fn of(
        &self,
        segment: &SegmentReader,
        ordinals: Option<&StrColumn>,
        searched: &[SegmentId],
    ) -> tantivy::Result<Arc<Vec<String>>> {
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
        if let Some(column) = ordinals {
            let mut terms = column.dictionary().stream()?;
            while terms.advance() {
                names.push(String::from_utf8_lossy(terms.key()).into_owned());
            }
        }
        let names = Arc::new(names);
        if let Ok(mut cache) = self.by_segment.write() {
            cache.retain(|segment, _| searched.contains(segment));
            cache.insert(id, names.clone());
        }
        Ok(names)
    }
}

/// The segments `searcher` searches.
pub(crate) fn segment_ids(searcher: &tantivy::Searcher) -> Vec<SegmentId> {
    searcher
        .segment_readers()
        .iter()
        .map(SegmentReader::segment_id)
        .collect()
}
