//! The index schema and the stamp that ties an index to its analyzer.
//!
//! One tantivy document per speech, plus one per meeting ([`MEETING_KIND`]).
//! The text is indexed twice from one analysis: bigrams with positions (a
//! word is a phrase of its bigrams) and morphemes with frequencies only (they
//! only rank whole words higher). Everything users filter or facet on is a
//! keyword field. [`field`] names every field, for the crates that look them
//! up by name.

use std::path::Path;
use std::sync::Arc;

use tantivy::schema::{
    FAST, Field, INDEXED, IndexRecordOption, STORED, STRING, Schema, TextFieldIndexing, TextOptions,
};
use tantivy::store::Compressor;
use tantivy::{Index, IndexSettings};

use crate::analysis::{
    Analyzer, GRAM_TOKENIZER, GramFieldTokenizer, MORPHEME_TOKENIZER, MorphemeFieldTokenizer,
};
use crate::error::{Error, Result};

/// The name of every field in the index, the one spelling ingest and query
/// share; [`Fields`] says what each holds.
pub mod field {
    pub const SPEECH_ID: &str = "speech_id";
    pub const MEETING_ID: &str = "meeting_id";
    pub const TEXT: &str = "text";
    pub const TEXT_MORPHEME: &str = "text_morpheme";
    pub const TEXT_GRAM: &str = "text_gram";
    pub const TEXT_NUMERALS: &str = "text_numerals";
    pub const KIND: &str = "kind";
    pub const ORDER: &str = "order";
    pub const SPEAKER_LABEL: &str = "speaker_label";
    pub const SPEAKER_NAME: &str = "speaker_name";
    pub const SPEAKER_POSITION: &str = "speaker_position";
    pub const SPEAKER_CATEGORY: &str = "speaker_category";
    pub const SPEAKER_GROUP: &str = "speaker_group";
    pub const SPEAKER_ROLE: &str = "speaker_role";
    pub const SPEAKER_YOMI: &str = "speaker_yomi";
    pub const SPEAKER_DISPLAY_NAME: &str = "speaker_display_name";
    pub const SPEAKER_KEY: &str = "speaker_key";
    pub const AGENDA_ID: &str = "agenda_id";
    pub const AGENDA_FACTS: &str = "agenda_facts";
    pub const AGENDA_LABEL: &str = "agenda_label";
    pub const AGENDA_TITLE: &str = "agenda_title";
    pub const AGENDA_TITLE_GRAM: &str = "agenda_title_gram";
    pub const AGENDA_OUTCOME: &str = "agenda_outcome";
    pub const AGENDA_BILL: &str = "agenda_bill";
    pub const AGENDA_ORDINANCE: &str = "agenda_ordinance";
    pub const AGENDA_TITLE_KEY: &str = "agenda_title_key";
    pub const MEETING_TITLE: &str = "meeting_title";
    pub const BODY: &str = "body";
    pub const MUNICIPALITY: &str = "municipality";
    pub const MUNICIPALITY_CODE: &str = "municipality_code";
    pub const DATE: &str = "date";
    pub const DATE_KEY: &str = "date_key";
    pub const MEETING_JSON: &str = "meeting_json";
    pub const SOURCE_DIGEST: &str = "source_digest";
    pub const FORMAT: &str = "format";
}

/// `kind` of the document that holds a meeting (its metadata and
/// [`Fields::meeting_json`]); speech documents carry
/// [`crate::model::SpeechKind::as_str`].
pub const MEETING_KIND: &str = "meeting";

/// Bytes of stored documents compressed together. A hit loads its whole
/// block: at tantivy's 16 KB, decompressing ten blocks was 15 % of a typical
/// search. Measured on the shared corpus (270 benchmark queries, in
/// process): p50 182 µs at 16 KB, 164 µs at 8 KB, 150 µs at 4 KB, for an
/// index of 116, 120 and 125 MiB.
pub const DOCSTORE_BLOCK_BYTES: usize = 4096;

/// Handles to the fields of a kaigiroku index.
#[derive(Debug, Clone)]
pub struct Fields {
    pub speech_id: Field,
    pub meeting_id: Field,
    /// The speech as printed (stored only; both indexed forms derive from it).
    pub text: Field,
    pub text_morpheme: Field,
    pub text_gram: Field,
    /// The text around kanji numbers as printed ([`IndexValues::numerals`](crate::analysis::IndexValues)),
    /// for query words cut inside a number.
    pub text_numerals: Field,
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
    /// The titles normalized, in bigrams: a speech under an item titled
    /// with the query's words is about them.
    pub agenda_title_gram: Field,
    pub agenda_outcome: Field,
    /// On a meeting's document, the bill key of each of its items
    /// ([`crate::model::bill_key`]): where a bill's other stages are found.
    pub agenda_bill: Field,
    /// On a meeting's document, the ordinance each item amends or enacts
    /// ([`crate::model::ordinance_of`]), as printed.
    pub agenda_ordinance: Field,
    /// On a meeting's document, each item's [`crate::model::title_key`]:
    /// the stages of a bill a committee takes up by title alone.
    pub agenda_title_key: Field,
    pub meeting_title: Field,
    pub body: Field,
    pub municipality: Field,
    /// The assembly's 団体コード, for work across assemblies.
    pub municipality_code: Field,
    /// ISO date as printed in results.
    pub date: Field,
    /// The date as a number (yyyymmdd) for ranges and sorting.
    pub date_key: Field,
    /// The whole meeting as JSON, on the meeting's document only.
    pub meeting_json: Field,
    /// Digest of the meeting's source, to skip unchanged files (on the
    /// meeting's document only).
    pub source_digest: Field,
    /// The reader that parsed the meeting ([`crate::model::Meeting::format`]):
    /// the NDL-compatible API tells the Diet's records by it
    /// ([`crate::model::ndl::DIET_FORMAT`]).
    pub format: Field,
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
        speech_id: builder.add_text_field(field::SPEECH_ID, STRING | STORED | FAST),
        meeting_id: builder.add_text_field(field::MEETING_ID, keyword.clone()),
        text: builder.add_text_field(field::TEXT, STORED),
        // Bigrams need positions (a word is a phrase of its bigrams); the
        // morpheme field only ranks whole words higher, so term frequencies
        // are enough and the index stays smaller.
        text_morpheme: builder.add_text_field(
            field::TEXT_MORPHEME,
            analyzed(MORPHEME_TOKENIZER, IndexRecordOption::WithFreqs),
        ),
        text_gram: builder.add_text_field(
            field::TEXT_GRAM,
            analyzed(GRAM_TOKENIZER, IndexRecordOption::WithFreqsAndPositions),
        ),
        text_numerals: builder.add_text_field(
            field::TEXT_NUMERALS,
            analyzed(GRAM_TOKENIZER, IndexRecordOption::WithFreqsAndPositions),
        ),
        kind: builder.add_text_field(field::KIND, STRING | STORED),
        order: builder.add_u64_field(field::ORDER, INDEXED | STORED | FAST),
        speaker_label: builder.add_text_field(field::SPEAKER_LABEL, STORED),
        speaker_name: builder.add_text_field(field::SPEAKER_NAME, keyword.clone()),
        speaker_position: builder.add_text_field(field::SPEAKER_POSITION, keyword.clone()),
        speaker_category: builder.add_text_field(field::SPEAKER_CATEGORY, keyword.clone()),
        speaker_group: builder.add_text_field(field::SPEAKER_GROUP, STRING | STORED | FAST),
        speaker_role: builder.add_text_field(field::SPEAKER_ROLE, STRING | STORED),
        speaker_yomi: builder.add_text_field(field::SPEAKER_YOMI, STORED),
        speaker_display_name: builder.add_text_field(field::SPEAKER_DISPLAY_NAME, STORED),
        speaker_key: builder.add_text_field(field::SPEAKER_KEY, keyword.clone()),
        agenda_id: builder.add_text_field(field::AGENDA_ID, keyword.clone()),
        agenda_facts: builder.add_text_field(field::AGENDA_FACTS, STRING | FAST),
        agenda_label: builder.add_text_field(field::AGENDA_LABEL, keyword.clone()),
        agenda_title: builder.add_text_field(field::AGENDA_TITLE, STORED),
        agenda_title_gram: builder.add_text_field(
            field::AGENDA_TITLE_GRAM,
            analyzed(GRAM_TOKENIZER, IndexRecordOption::WithFreqsAndPositions),
        ),
        agenda_outcome: builder.add_text_field(field::AGENDA_OUTCOME, keyword.clone()),
        agenda_bill: builder.add_text_field(field::AGENDA_BILL, STRING),
        agenda_ordinance: builder.add_text_field(field::AGENDA_ORDINANCE, STRING | FAST),
        agenda_title_key: builder.add_text_field(field::AGENDA_TITLE_KEY, STRING),
        meeting_title: builder.add_text_field(field::MEETING_TITLE, STORED),
        body: builder.add_text_field(field::BODY, keyword.clone()),
        municipality: builder.add_text_field(field::MUNICIPALITY, keyword.clone()),
        municipality_code: builder.add_text_field(field::MUNICIPALITY_CODE, keyword),
        date: builder.add_text_field(field::DATE, STRING | STORED),
        date_key: builder.add_u64_field(field::DATE_KEY, INDEXED | STORED | FAST),
        meeting_json: builder.add_text_field(field::MEETING_JSON, STORED),
        source_digest: builder.add_text_field(field::SOURCE_DIGEST, STRING | STORED),
        format: builder.add_text_field(field::FORMAT, STRING | STORED),
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
        // LZ4, tantivy's default, over zstd: loading the ten hits of a page
        // was a third of a typical search with zstd (a new decompression
        // context per block). Measured on the shared corpus: server-side
        // p50 0.43 ms with LZ4 against 0.63 ms, for an index of 1.72× the
        // text against 1.49×.
        let settings = IndexSettings {
            docstore_compression: Compressor::Lz4,
            docstore_blocksize: DOCSTORE_BLOCK_BYTES,
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_field_has_its_name_constant() {
        use field::*;
        let names = [
            SPEECH_ID,
            MEETING_ID,
            TEXT,
            TEXT_MORPHEME,
            TEXT_GRAM,
            TEXT_NUMERALS,
            KIND,
            ORDER,
            SPEAKER_LABEL,
            SPEAKER_NAME,
            SPEAKER_POSITION,
            SPEAKER_CATEGORY,
            SPEAKER_GROUP,
            SPEAKER_ROLE,
            SPEAKER_YOMI,
            SPEAKER_DISPLAY_NAME,
            SPEAKER_KEY,
            AGENDA_ID,
            AGENDA_FACTS,
            AGENDA_LABEL,
            AGENDA_TITLE,
            AGENDA_TITLE_GRAM,
            AGENDA_OUTCOME,
            AGENDA_BILL,
            AGENDA_ORDINANCE,
            AGENDA_TITLE_KEY,
            MEETING_TITLE,
            BODY,
            MUNICIPALITY,
            MUNICIPALITY_CODE,
            DATE,
            DATE_KEY,
            MEETING_JSON,
            SOURCE_DIGEST,
            FORMAT,
        ];
        let (schema, fields) = schema();
        for name in names {
            assert!(schema.get_field(name).is_ok(), "{name}");
        }
        assert_eq!(schema.fields().count(), names.len());
        assert_eq!(schema.get_field(FORMAT).unwrap(), fields.format);
    }
}
