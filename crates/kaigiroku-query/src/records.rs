//! Reading whole meetings and single speeches back from the index.

use kaigiroku_core::model::Meeting;
use tantivy::collector::DocSetCollector;
use tantivy::query::TermQuery;
use tantivy::schema::{IndexRecordOption, Value};
use tantivy::{TantivyDocument, Term};

use crate::error::{Error, Result};
use crate::search::Searcher;

/// One speech as stored.
#[derive(Debug, Clone, Default)]
pub struct StoredSpeech {
    pub id: String,
    pub meeting_id: String,
    pub order: u64,
    pub kind: String,
    pub speaker_label: String,
    pub speaker_name: String,
    pub speaker_position: String,
    pub speaker_category: String,
    pub speaker_group: String,
    pub speaker_role: String,
    pub speaker_yomi: String,
    pub agenda_label: String,
    /// `order` of the agenda item in force, and of those taken with it.
    pub agenda_orders: Vec<u32>,
    pub text: String,
}

/// A meeting with all its speeches in order.
#[derive(Debug, Clone, Default)]
pub struct StoredMeeting {
    pub meeting: Meeting,
    pub speeches: Vec<StoredSpeech>,
}

impl Searcher {
    /// The meeting `id` with its speeches, or `NotFound`.
    pub fn meeting(&self, id: &str) -> Result<StoredMeeting> {
        let fields = self.fields();
        let searcher = self.reader().searcher();
        let query = TermQuery::new(
            Term::from_field_text(fields.meeting_id, id),
            IndexRecordOption::Basic,
        );
        let mut stored = StoredMeeting::default();
        let mut found = false;
        for address in searcher.search(&query, &DocSetCollector)? {
            let doc: TantivyDocument = searcher.doc(address)?;
            if let Some(json) = doc.get_first(fields.meeting_json).and_then(|v| v.as_str()) {
                stored.meeting = serde_json::from_str(json)
                    .map_err(|err| Error::Internal(format!("stored meeting {id}: {err}")))?;
                found = true;
            } else {
                stored.speeches.push(self.stored_speech(&doc));
            }
        }
        if !found {
            return Err(Error::NotFound(format!("no meeting with id {id:?}")));
        }
        stored.speeches.sort_by_key(|s| s.order);
        Ok(stored)
    }

    /// The speech `id` (`{meeting}-{order}`), or `NotFound`.
    pub fn speech(&self, id: &str) -> Result<StoredSpeech> {
        let fields = self.fields();
        let searcher = self.reader().searcher();
        let query = TermQuery::new(
            Term::from_field_text(fields.speech_id, id),
            IndexRecordOption::Basic,
        );
        let address = searcher
            .search(&query, &DocSetCollector)?
            .into_iter()
            .next()
            .ok_or_else(|| Error::NotFound(format!("no speech with id {id:?}")))?;
        let doc: TantivyDocument = searcher.doc(address)?;
        Ok(self.stored_speech(&doc))
    }

    /// True when a speech with this id exists.
    pub fn has_speech(&self, id: &str) -> Result<bool> {
        let searcher = self.reader().searcher();
        let query = TermQuery::new(
            Term::from_field_text(self.fields().speech_id, id),
            IndexRecordOption::Basic,
        );
        Ok(searcher.search(&query, &tantivy::collector::Count)? > 0)
    }

    fn stored_speech(&self, doc: &TantivyDocument) -> StoredSpeech {
        let fields = self.fields();
        let text = |field| {
            doc.get_first(field)
                .and_then(|v| v.as_str())
                .unwrap_or("")
                .to_string()
        };
        StoredSpeech {
            id: text(fields.speech_id),
            meeting_id: text(fields.meeting_id),
            order: doc
                .get_first(fields.order)
                .and_then(|v| v.as_u64())
                .unwrap_or(0),
            kind: text(fields.kind),
            speaker_label: text(fields.speaker_label),
            speaker_name: text(fields.speaker_display_name),
            speaker_position: text(fields.speaker_position),
            speaker_category: text(fields.speaker_category),
            speaker_group: text(fields.speaker_group),
            speaker_role: text(fields.speaker_role),
            speaker_yomi: text(fields.speaker_yomi),
            agenda_label: text(fields.agenda_label),
            // `{meeting}#{order}`, the item in force first.
            agenda_orders: doc
                .get_all(fields.agenda_id)
                .filter_map(|v| v.as_str()?.rsplit('#').next()?.parse().ok())
                .collect(),
            text: text(fields.text),
        }
    }
}
