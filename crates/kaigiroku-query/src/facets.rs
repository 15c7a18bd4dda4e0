//! Facet counts over a result set, read from the fast fields: speaker
//! category, position and name, body, meeting, and year.

use std::collections::HashMap;

use tantivy::collector::{Collector, SegmentCollector};
use tantivy::columnar::{Column, StrColumn};
use tantivy::{DocId, Score, SegmentOrdinal, SegmentReader};

/// The keyword fields counted, by schema name.
pub const FACET_FIELDS: [&str; 6] = [
    "agenda_outcome",
    "speaker_category",
    "speaker_position",
    "speaker_name",
    "body",
    "meeting_id",
];

/// Counts per value, per facet (`year` comes from the date).
pub type Facets = HashMap<&'static str, HashMap<String, u64>>;

/// Counts every value of some keyword fast fields over the matching
/// documents, per segment by term ordinal, turned into strings once.
pub struct FacetCollector {
    pub fields: &'static [&'static str],
}

impl FacetCollector {
    /// The facets of a search.
    pub const SEARCH: FacetCollector = FacetCollector {
        fields: &FACET_FIELDS,
    };
}

pub struct FacetSegmentCollector {
    columns: Vec<(&'static str, StrColumn, Vec<u64>)>,
    dates: Column<u64>,
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
        for &name in self.fields {
            if let Some(column) = fast.str(name)? {
                let counts = vec![0; column.num_terms()];
                columns.push((name, column, counts));
            }
        }
        Ok(FacetSegmentCollector {
            columns,
            dates: fast.u64("date_key")?,
            years: HashMap::new(),
        })
    }

    fn requires_scoring(&self) -> bool {
        false
    }

    fn merge_fruits(&self, fruits: Vec<Facets>) -> tantivy::Result<Facets> {
        let mut merged = Facets::new();
        for fruit in fruits {
            for (facet, counts) in fruit {
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
    type Fruit = Facets;

    fn collect(&mut self, doc: DocId, _: Score) {
        for (_, column, counts) in &mut self.columns {
            for ord in column.term_ords(doc) {
                counts[ord as usize] += 1;
            }
        }
        if let Some(key) = self.dates.first(doc)
            && key > 0
        {
            *self.years.entry(key / 10_000).or_default() += 1;
        }
    }

    fn harvest(self) -> Facets {
        let mut facets = Facets::new();
        for (name, column, counts) in self.columns {
            let values = facets.entry(name).or_default();
            let mut text = String::new();
            for (ord, count) in counts.into_iter().enumerate().filter(|(_, c)| *c > 0) {
                text.clear();
                if column.ord_to_str(ord as u64, &mut text).unwrap_or(false) {
                    values.insert(text.clone(), count);
                }
            }
        }
        facets.insert(
            "year",
            self.years
                .into_iter()
                .map(|(y, c)| (y.to_string(), c))
                .collect(),
        );
        facets
    }
}

/// The `limit` most frequent values of one facet, most frequent first.
pub fn top(facets: &Facets, name: &str, limit: usize) -> Vec<(String, u64)> {
    let mut values: Vec<(String, u64)> = facets
        .get(name)
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

/// Collects the speech ids of the matching documents from the fast field.
pub struct IdCollector;

pub struct IdSegmentCollector {
    column: Option<StrColumn>,
    ids: Vec<String>,
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
            column: segment.fast_fields().str("speech_id")?,
            ids: Vec::new(),
        })
    }

    fn requires_scoring(&self) -> bool {
        false
    }

    fn merge_fruits(&self, fruits: Vec<Vec<String>>) -> tantivy::Result<Vec<String>> {
        Ok(fruits.into_iter().flatten().collect())
    }
}

impl SegmentCollector for IdSegmentCollector {
    type Fruit = Vec<String>;

    fn collect(&mut self, doc: DocId, _: Score) {
        if let Some(column) = &self.column {
            for ord in column.term_ords(doc) {
                let mut id = String::new();
                if column.ord_to_str(ord, &mut id).unwrap_or(false) {
                    self.ids.push(id);
                }
            }
        }
    }

    fn harvest(self) -> Vec<String> {
        self.ids
    }
}
