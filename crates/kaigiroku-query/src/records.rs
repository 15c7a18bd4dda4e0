//! Reading whole meetings and single speeches back from the index.

use kaigiroku_core::model::{Category, Meeting, agenda_order, speech_id};
use tantivy::collector::DocSetCollector;
use tantivy::query::TermQuery;
use tantivy::schema::{IndexRecordOption, Value};
use tantivy::{TantivyDocument, Term};

use crate::error::{Error, Result};
use crate::searcher::{Searcher, stored_text};

/// One speech as stored.
#[derive(Debug, Clone, Default)]
pub struct StoredSpeech {
    pub id: String,
    pub meeting_id: String,
    pub order: u64,
    pub kind: String,
    /// The reader that parsed its meeting (`kokkai` for the Diet's).
    pub format: String,
    pub speaker_label: String,
    pub speaker_name: String,
    pub speaker_position: String,
    pub speaker_category: Option<Category>,
    pub speaker_group: String,
    pub speaker_role: String,
    /// The person across meetings; empty when the label names nobody.
    pub speaker_key: String,
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
        let fields = &self.fields;
        let searcher = self.reader.searcher();
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
                    .map_err(|err| Error::Corrupt(format!("stored meeting {id}: {err}")))?;
                found = true;
            } else {
                stored.speeches.push(self.stored_speech(&doc));
            }
        }
        if !found {
            return Err(Error::NotFound(format!("会議「{id}」はありません")));
        }
        stored.speeches.sort_by_key(|s| s.order);
        Ok(stored)
    }

    /// The speech `id` ([`kaigiroku_core::model::speech_id`]), or `NotFound`.
    pub fn speech(&self, id: &str) -> Result<StoredSpeech> {
        let fields = &self.fields;
        let searcher = self.reader.searcher();
        let query = TermQuery::new(
            Term::from_field_text(fields.speech_id, id),
            IndexRecordOption::Basic,
        );
        let address = searcher
            .search(&query, &DocSetCollector)?
            .into_iter()
            .next()
            .ok_or_else(|| Error::NotFound(format!("発言「{id}」はありません")))?;
        let doc: TantivyDocument = searcher.doc(address)?;
        Ok(self.stored_speech(&doc))
    }

    /// The ids of the speeches just before and after `speech` in its
    /// meeting, when there are such speeches.
    pub fn neighbours(&self, speech: &StoredSpeech) -> Result<(Option<String>, Option<String>)> {
        let sibling = |order: u64| -> Result<Option<String>> {
            let id = speech_id(&speech.meeting_id, order);
            Ok(self.has_speech(&id)?.then_some(id))
        };
        let previous = match speech.order {
            0 | 1 => None,
            order => sibling(order - 1)?,
        };
        Ok((previous, sibling(speech.order + 1)?))
    }

    /// True when a speech with this id exists.
    pub fn has_speech(&self, id: &str) -> Result<bool> {
        let searcher = self.reader.searcher();
        let query = TermQuery::new(
            Term::from_field_text(self.fields.speech_id, id),
            IndexRecordOption::Basic,
        );
        Ok(searcher.search(&query, &tantivy::collector::Count)? > 0)
    }

    fn stored_speech(&self, doc: &TantivyDocument) -> StoredSpeech {
        let fields = &self.fields;
        let text = |field| stored_text(doc, field);
        StoredSpeech {
            id: text(fields.speech_id),
            meeting_id: text(fields.meeting_id),
            order: doc
                .get_first(fields.order)
                .and_then(|v| v.as_u64())
                .unwrap_or(0),
            kind: text(fields.kind),
            format: text(fields.format),
            speaker_label: text(fields.speaker_label),
            speaker_name: text(fields.speaker_display_name),
            speaker_position: text(fields.speaker_position),
            speaker_category: Category::parse(&text(fields.speaker_category)),
            speaker_group: text(fields.speaker_group),
            speaker_role: text(fields.speaker_role),
            speaker_key: text(fields.speaker_key),
            speaker_yomi: text(fields.speaker_yomi),
            agenda_label: text(fields.agenda_label),
            // The item in force first.
            agenda_orders: doc
                .get_all(fields.agenda_id)
                .filter_map(|v| agenda_order(v.as_str()?))
                .collect(),
            text: text(fields.text),
        }
    }
}
