//! Facet counts over a result set, read from the fast fields: speaker
//! category, position and name, body, outcome, and year.

use std::collections::HashMap;

use kaigiroku_core::schema::field;
use tantivy::collector::{Collector, SegmentCollector};
use tantivy::columnar::{Column, StrColumn};
use tantivy::{DocId, Score, SegmentOrdinal, SegmentReader};

/// A keyword field counted over a result set.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Facet {
    Municipality,
    Category,
    Position,
    Speaker,
    Body,
    Outcome,
    /// The speaker's 会派.
    Group,
    /// The ordinances a meeting's items take up (meeting documents only).
    Ordinance,
    /// Counted from the date, not from a keyword field.
    Year,
    /// The person across meetings (`131091:高橋(伸)`).
    SpeakerKey,
    /// The agenda items in force, as packed [`kaigiroku_core::schema::AgendaFacts`].
    AgendaItem,
}

impl Facet {
    /// The facets of a speech search.
    pub const SEARCH: [Facet; 8] = [
        Facet::Municipality,
        Facet::Category,
        Facet::Position,
        Facet::Speaker,
        Facet::Body,
        Facet::Outcome,
        Facet::Group,
        Facet::Year,
    ];

    /// The fast field counted; None for the year, which the date gives.
    pub fn field(self) -> Option<&'static str> {
        Some(match self {
            Facet::Municipality => field::MUNICIPALITY,
            Facet::Category => field::SPEAKER_CATEGORY,
            Facet::Position => field::SPEAKER_POSITION,
            Facet::Speaker => field::SPEAKER_NAME,
            Facet::Body => field::BODY,
            Facet::Group => field::SPEAKER_GROUP,
            Facet::Ordinance => field::AGENDA_ORDINANCE,
            Facet::Outcome => field::AGENDA_OUTCOME,
            Facet::AgendaItem => field::AGENDA_FACTS,
            Facet::SpeakerKey => field::SPEAKER_KEY,
            Facet::Year => return None,
        })
    }
}

/// Counts per value, per facet.
pub type Facets = HashMap<Facet, HashMap<String, u64>>;

/// The `limit` most frequent values of one facet, most frequent first.
pub fn top(facets: &Facets, facet: Facet, limit: usize) -> Vec<(String, u64)> {
    let mut values: Vec<(String, u64)> = facets
        .get(&facet)
        .map(|v| {
            v.iter()
                .filter(|(k, _)| !k.is_empty())
                .map(|(k, c)| (k.clone(), *c))
                .collect()
        })
        .unwrap_or_default();
    values.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    values.truncate(limit);
    values
}

/// Counts every value of some facets over the matching documents, per
/// segment by term ordinal, turned into strings once.
pub struct FacetCollector {
    pub facets: &'static [Facet],
}

pub struct FacetSegmentCollector {
    columns: Vec<(Facet, StrColumn, Vec<u64>)>,
    /// The date column, when the year is counted.
    dates: Option<Column<u64>>,
    years: HashMap<u64, u64>,
}

impl Collector for FacetCollector {
    type Fruit = Facets;
    type Child = FacetSegmentCollector;

    fn for_segment(
        &self,
        _: SegmentOrdinal,
        segment: &SegmentReader,
    ) -> tantivy::Result<FacetSegmentCollector> {
        let fast = segment.fast_fields();
        let mut columns = Vec::new();
        for &facet in self.facets {
            if let Some(name) = facet.field()
                && let Some(column) = fast.str(name)?
            {
                let counts = vec![0; column.num_terms()];
                columns.push((facet, column, counts));
            }
        }
        let dates = if self.facets.contains(&Facet::Year) {
            Some(fast.u64(field::DATE_KEY)?)
        } else {
            None
        };
        Ok(FacetSegmentCollector {
            columns,
            dates,
            years: HashMap::new(),
        })
    }

    fn requires_scoring(&self) -> bool {
        false
    }

    fn merge_fruits(&self, fruits: Vec<tantivy::Result<Facets>>) -> tantivy::Result<Facets> {
        let mut merged = Facets::new();
        for fruit in fruits {
            for (facet, counts) in fruit? {
                let target = merged.entry(facet).or_default();
                for (value, count) in counts {
                    *target.entry(value).or_default() += count;
                }
            }
        }
        Ok(merged)
    }
}

impl SegmentCollector for FacetSegmentCollector {
    /// The strings of the ordinals are read from the index: that can fail.
    type Fruit = tantivy::Result<Facets>;

    fn collect(&mut self, doc: DocId, _: Score) {
        for (_, column, counts) in &mut self.columns {
            for ord in column.term_ords(doc) {
                counts[ord as usize] += 1;
            }
        }
        if let Some(key) = self.dates.as_ref().and_then(|dates| dates.first(doc))
            && key > 0
        {
            *self.years.entry(key / 10_000).or_default() += 1;
        }
    }

    fn harvest(self) -> tantivy::Result<Facets> {
        let mut facets = Facets::new();
        for (facet, column, counts) in self.columns {
            let values = facets.entry(facet).or_default();
            let mut text = String::new();
            for (ord, count) in counts.into_iter().enumerate().filter(|(_, c)| *c > 0) {
                text.clear();
                if column.ord_to_str(ord as u64, &mut text)? {
                    values.insert(text.clone(), count);
                }
            }
        }
        if self.dates.is_some() {
            facets.insert(
                Facet::Year,
                self.years
                    .into_iter()
                    .map(|(y, c)| (y.to_string(), c))
                    .collect(),
            );
        }
        Ok(facets)
    }
}

/// Collects the speech ids of the matching documents from the fast field.
pub struct IdCollector;

pub struct IdSegmentCollector {
    column: Option<StrColumn>,
    ords: Vec<u64>,
}

impl Collector for IdCollector {
    type Fruit = Vec<String>;
    type Child = IdSegmentCollector;

    fn for_segment(
        &self,
        _: SegmentOrdinal,
        segment: &SegmentReader,
    ) -> tantivy::Result<IdSegmentCollector> {
        Ok(IdSegmentCollector {
            column: segment.fast_fields().str(field::SPEECH_ID)?,
            ords: Vec::new(),
        })
    }

    fn requires_scoring(&self) -> bool {
        false
    }

    fn merge_fruits(
        &self,
        fruits: Vec<tantivy::Result<Vec<String>>>,
    ) -> tantivy::Result<Vec<String>> {
        let mut ids = Vec::new();
        for fruit in fruits {
            ids.extend(fruit?);
        }
        Ok(ids)
    }
}

impl SegmentCollector for IdSegmentCollector {
    type Fruit = tantivy::Result<Vec<String>>;

    fn collect(&mut self, doc: DocId, _: Score) {
        if let Some(column) = &self.column {
            self.ords.extend(column.term_ords(doc));
        }
    }

    fn harvest(self) -> tantivy::Result<Vec<String>> {
        let Some(column) = self.column else {
            return Ok(Vec::new());
        };
        // One walk over the sorted dictionary, not a seek per id.
        let mut ords = self.ords;
        ords.sort_unstable();
        let mut ids = Vec::with_capacity(ords.len());
        column.dictionary().sorted_ords_to_term_cb(&ords, |bytes| {
            ids.push(String::from_utf8_lossy(bytes).into_owned());
        })?;
        Ok(ids)
    }
}
