//! The index schema and the stamp that ties an index to its analyzer.
//!
//! One tantivy document per speech. The text is indexed twice from one
//! analysis (morphemes and bigrams, both with positions); everything users
//! filter or facet on is a keyword field.

use std::path::Path;
use std::sync::Arc;

use tantivy::schema::{
    FAST, Field, INDEXED, IndexRecordOption, STORED, STRING, Schema, TextFieldIndexing, TextOptions,
};
use tantivy::store::{Compressor, ZstdCompressor};
use tantivy::{Index, IndexSettings};

use crate::analysis::{
    Analyzer, GRAM_TOKENIZER, GramFieldTokenizer, MORPHEME_TOKENIZER, MorphemeFieldTokenizer,
};
use crate::error::{Error, Result};

/// Handles to the fields of a kaigiroku index.
#[derive(Debug, Clone)]
pub struct Fields {
    pub speech_id: Field,
    pub meeting_id: Field,
    /// The speech as printed (stored only; both indexed forms derive from it).
    pub text: Field,
    pub text_morpheme: Field,
    pub text_gram: Field,
    pub kind: Field,
    pub order: Field,
    pub speaker_label: Field,
    /// Folded name, for matching (旧字体 and spacing removed).
    pub speaker_name: Field,
    pub speaker_position: Field,
    pub speaker_category: Field,
    /// Parliamentary group and role, when the source gives them (kokkai).
    pub speaker_group: Field,
    pub speaker_role: Field,
    pub speaker_yomi: Field,
    /// The person across meetings ([`crate::model::Speaker::key`]).
    pub speaker_key: Field,
    /// The name as printed (letter-spacing removed), for display.
    pub speaker_display_name: Field,
    /// `{meeting}#{order}` of every agenda item in force: an item as a unit.
    pub agenda_id: Field,
    /// The same items with what a list of them needs, read from the fast
    /// field without loading documents: see [`AgendaFacts`].
    pub agenda_facts: Field,
    pub agenda_label: Field,
    pub agenda_title: Field,
    pub agenda_outcome: Field,
    pub meeting_title: Field,
    pub body: Field,
    pub municipality: Field,
    /// The assembly's 団体コード, for work across assemblies.
    pub municipality_code: Field,
    /// ISO date as printed in results.
    pub date: Field,
    /// The date as a number (yyyymmdd) for ranges and sorting.
    pub date_key: Field,
    /// The whole meeting as JSON, on its first speech's document only.
    pub meeting_json: Field,
    /// Digest of the meeting's source, to skip unchanged files.
    pub source_digest: Field,
}

/// The schema and its field handles.
pub fn schema() -> (Schema, Fields) {
    let mut builder = Schema::builder();
    let analyzed = |tokenizer: &str, record: IndexRecordOption| {
        TextOptions::default().set_indexing_options(
            TextFieldIndexing::default()
                .set_tokenizer(tokenizer)
                .set_index_option(record),
        )
    };
    let keyword = STRING | STORED | FAST;
    let fields = Fields {
        speech_id: builder.add_text_field("speech_id", STRING | STORED | FAST),
        meeting_id: builder.add_text_field("meeting_id", keyword.clone()),
        text: builder.add_text_field("text", STORED),
        // Bigrams need positions (a word is a phrase of its bigrams); the
        // morpheme field only ranks whole words higher, so term frequencies
        // are enough and the index stays smaller.
        text_morpheme: builder.add_text_field(
            "text_morpheme",
            analyzed(MORPHEME_TOKENIZER, IndexRecordOption::WithFreqs),
        ),
        text_gram: builder.add_text_field(
            "text_gram",
            analyzed(GRAM_TOKENIZER, IndexRecordOption::WithFreqsAndPositions),
        ),
        kind: builder.add_text_field("kind", STRING | STORED),
        order: builder.add_u64_field("order", INDEXED | STORED | FAST),
        speaker_label: builder.add_text_field("speaker_label", STORED),
        speaker_name: builder.add_text_field("speaker_name", keyword.clone()),
        speaker_position: builder.add_text_field("speaker_position", keyword.clone()),
        speaker_category: builder.add_text_field("speaker_category", keyword.clone()),
        speaker_group: builder.add_text_field("speaker_group", STRING | STORED),
        speaker_role: builder.add_text_field("speaker_role", STRING | STORED),
        speaker_yomi: builder.add_text_field("speaker_yomi", STORED),
        speaker_display_name: builder.add_text_field("speaker_display_name", STORED),
        speaker_key: builder.add_text_field("speaker_key", keyword.clone()),
        agenda_id: builder.add_text_field("agenda_id", keyword.clone()),
        agenda_facts: builder.add_text_field("agenda_facts", STRING | FAST),
        agenda_label: builder.add_text_field("agenda_label", keyword.clone()),
        agenda_title: builder.add_text_field("agenda_title", STORED),
        agenda_outcome: builder.add_text_field("agenda_outcome", keyword.clone()),
        meeting_title: builder.add_text_field("meeting_title", STORED),
        body: builder.add_text_field("body", keyword.clone()),
        municipality: builder.add_text_field("municipality", keyword.clone()),
        municipality_code: builder.add_text_field("municipality_code", keyword),
        date: builder.add_text_field("date", STRING | STORED),
        date_key: builder.add_u64_field("date_key", INDEXED | STORED | FAST),
        meeting_json: builder.add_text_field("meeting_json", STORED),
        source_digest: builder.add_text_field("source_digest", STRING | STORED),
    };
    (builder.build(), fields)
}

/// Registers the field tokenizers on `index`. They cut the values of
/// [`Analyzer::index_values`]; the analysis itself happens once, before.
pub fn register_tokenizers(index: &Index) {
    let tokenizers = index.tokenizers();
    tokenizers.register(MORPHEME_TOKENIZER, MorphemeFieldTokenizer);
    tokenizers.register(GRAM_TOKENIZER, GramFieldTokenizer);
}

/// What an index records about how it was built, in its commit payload.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct IndexStamp {
    /// [`Analyzer::fingerprint`] of the analyzer that wrote it.
    pub analyzer: String,
}

impl IndexStamp {
    pub fn for_analyzer(analyzer: &Analyzer) -> Self {
        IndexStamp {
            analyzer: analyzer.fingerprint(),
        }
    }

    /// The commit payload that carries the stamp.
    pub fn to_payload(&self) -> String {
        serde_json::to_string(self).expect("stamp serializes")
    }
}

/// Opens the index in `dir`, creating it if `create` and absent, with the
/// tokenizers registered. An index written by another analyzer or dictionary
/// is refused.
pub fn open_index(dir: &Path, analyzer: &Arc<Analyzer>, create: bool) -> Result<(Index, Fields)> {
    let (schema, fields) = schema();
    let exists = dir.join("meta.json").is_file();
    let index = if exists {
        Index::open_in_dir(dir)?
    } else if create {
        std::fs::create_dir_all(dir).map_err(|err| Error::io(dir, err))?;
        // zstd keeps the stored speeches at about half of lz4's size.
        let settings = IndexSettings {
            docstore_compression: Compressor::Zstd(ZstdCompressor {
                compression_level: Some(3),
            }),
            ..IndexSettings::default()
        };
        Index::builder()
            .schema(schema.clone())
            .settings(settings)
            .create_in_dir(dir)?
    } else {
        return Err(Error::IndexMissing {
            path: dir.to_path_buf(),
        });
    };
    if index.schema() != schema {
        return Err(Error::IndexAnalyzerMismatch {
            path: dir.to_path_buf(),
            found: "another schema".into(),
            expected: format!("the schema of {}", crate::analysis::ANALYZER_VERSION),
        });
    }
    let expected = IndexStamp::for_analyzer(analyzer);
    if let Some(payload) = index.load_metas()?.payload {
        let found = serde_json::from_str::<IndexStamp>(&payload)
            .map(|stamp| stamp.analyzer)
            .unwrap_or_else(|_| format!("an unknown analyzer ({payload})"));
        if found != expected.analyzer {
            return Err(Error::IndexAnalyzerMismatch {
                path: dir.to_path_buf(),
                found,
                expected: expected.analyzer,
            });
        }
    }
    register_tokenizers(&index);
    Ok((index, fields))
}

/// What a list of agenda items needs of each, packed in one fast-field value
/// per item: `{agenda_id}\u{1f}{yyyymmdd}\u{1f}{outcome}\u{1f}{body}`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct AgendaFacts {
    pub agenda_id: String,
    pub date_key: u64,
    pub outcome: String,
    pub body: String,
}

impl AgendaFacts {
    const SEPARATOR: char = '\u{1f}';

    pub fn encode(&self) -> String {
        let s = Self::SEPARATOR;
        format!(
            "{}{s}{}{s}{}{s}{}",
            self.agenda_id, self.date_key, self.outcome, self.body
        )
    }

    /// None for a value not written by [`AgendaFacts::encode`].
    pub fn decode(value: &str) -> Option<AgendaFacts> {
        let mut parts = value.split(Self::SEPARATOR);
        Some(AgendaFacts {
            agenda_id: parts.next()?.to_string(),
            date_key: parts.next()?.parse().ok()?,
            outcome: parts.next()?.to_string(),
            body: parts.next()?.to_string(),
        })
    }
}
