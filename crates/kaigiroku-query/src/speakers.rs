//! People: who matches a name typed in part, and what one person said, in
//! which positions and bodies over time, and which words are theirs more
//! than anyone's. A person is a speaker key (`131091:高橋(伸)`, one per
//! assembly; see `kaigiroku_core::model::Speaker::key`).

use std::collections::HashMap;

use kaigiroku_core::analysis::{MORPHEME_SEPARATOR, name_key};
use kaigiroku_core::schema::field;
use serde::Serialize;
use tantivy::collector::{Collector, Count, SegmentCollector, TopDocs};
use tantivy::columnar::{Column, StrColumn};
use tantivy::query::{BooleanQuery, Occur, Query, TermQuery};
use tantivy::schema::IndexRecordOption;
use tantivy::{DocId, Order, Score, SegmentOrdinal, SegmentReader, TantivyDocument, Term};

use crate::affix::AffixQuery;
use crate::error::{Error, Result};
use crate::facets::{Facet, FacetCollector, top};
use crate::searcher::{Searcher, stored_text};

/// Speeches read to find a person's own words.
const TERM_WINDOW: usize = 400;

/// A person whose name matched, with how much they said.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct SpeakerMatch {
    pub key: String,
    pub name: String,
    pub yomi: String,
    pub municipality: String,
    pub speeches: u64,
}

/// A value a person had over a span of dates: a position, or a body.
#[derive(Debug, Clone, Serialize, PartialEq, Eq, utoipa::ToSchema)]
pub struct Held {
    pub value: String,
    /// ISO dates of the first and the last speech with it.
    pub from: String,
    pub until: String,
    pub speeches: u64,
}

/// A word a person uses more than the others do.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct OwnWord {
    pub word: String,
    /// In how many of the person's speeches read it occurs.
    pub speeches: u64,
    pub score: f32,
}

/// What one person said, in which roles.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct SpeakerProfile {
    pub key: String,
    pub name: String,
    pub yomi: String,
    pub municipality: String,
    pub speeches: u64,
    /// Oldest first.
    pub positions: Vec<Held>,
    pub bodies: Vec<Held>,
    pub terms: Vec<OwnWord>,
}

impl Searcher {
    /// People whose name (or reading, where the source gives one) holds
    /// `q`, in one assembly if `municipality` is given, most speeches first.
    pub fn speakers(
        &self,
        q: &str,
        municipality: Option<&str>,
        limit: usize,
    ) -> Result<Vec<SpeakerMatch>> {
        let q = q.trim();
        if q.chars().count() > 50 {
            return Err(Error::invalid("q", "50 文字以内で指定してください"));
        }
        let fields = &self.fields;
        let mut clauses: Vec<(Occur, Box<dyn Query>)> = Vec::new();
        if !q.is_empty() {
            let contains = |field, text: &str| -> Box<dyn Query> {
                Box::new(AffixQuery::containing(field, text))
            };
            let either = vec![
                (Occur::Should, contains(fields.speaker_name, &name_key(q))),
                (Occur::Should, contains(fields.speaker_yomi, q)),
            ];
            clauses.push((Occur::Must, Box::new(BooleanQuery::new(either))));
        }
        if let Some(municipality) = municipality.map(str::trim).filter(|m| !m.is_empty()) {
            clauses.push((Occur::Must, self.assembly_filter(municipality)));
        }
        if clauses.is_empty() {
            return Err(Error::invalid("q", "名前の一部か自治体を指定してください"));
        }
        let searcher = self.reader.searcher();
        let query = BooleanQuery::new(clauses);
        let keys = searcher.search(
            &query,
            &FacetCollector {
                facets: &[Facet::SpeakerKey],
            },
        )?;
        let mut found = Vec::new();
        for (key, speeches) in top(&keys, Facet::SpeakerKey, limit) {
            let (name, yomi, municipality) = self.who(&searcher, &key)?;
            found.push(SpeakerMatch {
                key,
                name,
                yomi,
                municipality,
                speeches,
            });
        }
        Ok(found)
    }

    /// The person `key`: positions and bodies over time, and their words.
    pub fn speaker(&self, key: &str) -> Result<SpeakerProfile> {
        let searcher = self.reader.searcher();
        let query = term_query(self.fields.speaker_key, key);
        let speeches = searcher.search(&query, &Count)? as u64;
        if speeches == 0 {
            return Err(Error::NotFound(format!("発言者「{key}」はいません")));
        }
        let (name, yomi, municipality) = self.who(&searcher, key)?;
        let held = |field| -> Result<Vec<Held>> {
            let mut held: Vec<Held> = searcher
                .search(&query, &HeldCollector { field })?
                .into_iter()
                .filter(|(value, _)| !value.is_empty())
                .map(|(value, (first, last, speeches))| Held {
                    value,
                    from: iso(first),
                    until: iso(last),
                    speeches,
                })
                .collect();
            held.sort_by(|a, b| a.from.cmp(&b.from).then(b.speeches.cmp(&a.speeches)));
            Ok(held)
        };
        Ok(SpeakerProfile {
            key: key.to_string(),
            name,
            yomi,
            municipality,
            speeches,
            positions: held(field::SPEAKER_POSITION)?,
            bodies: held(field::BODY)?,
            terms: self.own_words(&searcher, &*query, 15)?,
        })
    }

    /// The name, reading and assembly of `key`, from its newest speech.
    fn who(&self, searcher: &tantivy::Searcher, key: &str) -> Result<(String, String, String)> {
        let newest =
            TopDocs::with_limit(1).order_by_fast_field::<u64>(field::DATE_KEY, Order::Desc);
        let found = searcher.search(&*term_query(self.fields.speaker_key, key), &newest)?;
        let Some((_, address)) = found.first() else {
            return Ok((String::new(), String::new(), String::new()));
        };
        let doc: TantivyDocument = searcher.doc(*address)?;
        let fields = &self.fields;
        let mut name = stored_text(&doc, fields.speaker_display_name);
        if name.is_empty() {
            name = key.split_once(':').map_or(key, |(_, n)| n).to_string();
        }
        Ok((
            name,
            stored_text(&doc, fields.speaker_yomi),
            stored_text(&doc, fields.municipality),
        ))
    }

    /// The words of a person's newest speeches, each weighed by tf-idf
    /// against every speech of the index: what they say that others don't.
    fn own_words(
        &self,
        searcher: &tantivy::Searcher,
        query: &dyn Query,
        limit: usize,
    ) -> Result<Vec<OwnWord>> {
        let newest = TopDocs::with_limit(TERM_WINDOW)
            .order_by_fast_field::<u64>(field::DATE_KEY, Order::Desc);
        let mut counts: HashMap<String, (u64, u64)> = HashMap::new();
        for (_, address) in searcher.search(query, &newest)? {
            let doc: TantivyDocument = searcher.doc(address)?;
            let morphemes = self
                .analyzer
                .index_values(&stored_text(&doc, self.fields.text))
                .morphemes;
            let mut in_this = std::collections::HashSet::new();
            for word in morphemes
                .split(MORPHEME_SEPARATOR)
                .filter(|w| is_content_word(w))
            {
                let entry = counts.entry(word.to_string()).or_default();
                entry.0 += 1;
                if in_this.insert(word) {
                    entry.1 += 1;
                }
            }
        }
        let documents = searcher.num_docs().max(1) as f32;
        let mut terms = Vec::new();
        for (word, (frequency, speeches)) in counts {
            // A word said once is an accident, not a habit.
            if speeches < 2 {
                continue;
            }
            let term = Term::from_field_text(self.fields.text_morpheme, &word);
            let document_frequency = searcher.doc_freq(&term)?.max(1) as f32;
            let score = (1.0 + (frequency as f32).ln()) * (documents / document_frequency).ln();
            terms.push(OwnWord {
                word,
                speeches,
                score,
            });
        }
        terms.sort_by(|a, b| b.score.total_cmp(&a.score).then(a.word.cmp(&b.word)));
        terms.truncate(limit);
        Ok(terms)
    }
}

/// A word worth listing: two characters or more, not only kana or digits
/// (particles, endings and numbers say nothing of a topic).
fn is_content_word(word: &str) -> bool {
    let chars: Vec<char> = word.chars().collect();
    chars.len() >= 2
        && chars
            .iter()
            .any(|c| matches!(c, '\u{4E00}'..='\u{9FFF}' | '\u{30A1}'..='\u{30FA}'))
        && !chars.iter().all(|c| c.is_ascii_digit())
}

fn term_query(field: tantivy::schema::Field, value: &str) -> Box<dyn Query> {
    Box::new(TermQuery::new(
        Term::from_field_text(field, value),
        IndexRecordOption::Basic,
    ))
}

/// 20230703 → 2023-07-03.
fn iso(key: u64) -> String {
    if key == 0 {
        return String::new();
    }
    format!(
        "{:04}-{:02}-{:02}",
        key / 10_000,
        key / 100 % 100,
        key % 100
    )
}

/// Per value of a keyword field: the first and last date and the count.
struct HeldCollector {
    field: &'static str,
}

type HeldCounts = HashMap<String, (u64, u64, u64)>;

struct HeldSegmentCollector {
    values: Option<StrColumn>,
    dates: Column<u64>,
    found: HashMap<u64, (u64, u64, u64)>,
}

impl Collector for HeldCollector {
    type Fruit = HeldCounts;
    type Child = HeldSegmentCollector;

    fn for_segment(
        &self,
        _: SegmentOrdinal,
        segment: &SegmentReader,
    ) -> tantivy::Result<HeldSegmentCollector> {
        let fast = segment.fast_fields();
        Ok(HeldSegmentCollector {
            values: fast.str(self.field)?,
            dates: fast.u64(field::DATE_KEY)?,
            found: HashMap::new(),
        })
    }

    fn requires_scoring(&self) -> bool {
        false
    }

    fn merge_fruits(
        &self,
        fruits: Vec<tantivy::Result<HeldCounts>>,
    ) -> tantivy::Result<HeldCounts> {
        let mut merged = HeldCounts::new();
        for fruit in fruits {
            for (value, (first, last, count)) in fruit? {
                let entry = merged.entry(value).or_insert((first, last, 0));
                entry.0 = entry.0.min(first);
                entry.1 = entry.1.max(last);
                entry.2 += count;
            }
        }
        Ok(merged)
    }
}

impl SegmentCollector for HeldSegmentCollector {
    type Fruit = tantivy::Result<HeldCounts>;

    fn collect(&mut self, doc: DocId, _: Score) {
        let Some(ord) = self.values.as_ref().and_then(|c| c.term_ords(doc).next()) else {
            return;
        };
        let date = self.dates.first(doc).unwrap_or(0);
        let entry = self.found.entry(ord).or_insert((date, date, 0));
        entry.0 = entry.0.min(date);
        entry.1 = entry.1.max(date);
        entry.2 += 1;
    }

    fn harvest(self) -> tantivy::Result<HeldCounts> {
        let mut held = HeldCounts::new();
        let Some(values) = self.values else {
            return Ok(held);
        };
        for (ord, found) in self.found {
            let mut value = String::new();
            if values.ord_to_str(ord, &mut value)? {
                held.insert(value, found);
            }
        }
        Ok(held)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn content_words_are_kanji_or_katakana_of_two_characters_or_more() {
        assert!(
            is_content_word("保育園") && is_content_word("ＤＸ推進") && is_content_word("デジタル")
        );
        assert!(!is_content_word("の") && !is_content_word("について") && !is_content_word("2023"));
        assert_eq!(iso(20230703), "2023-07-03");
    }
}
