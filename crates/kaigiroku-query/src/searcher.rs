//! The searcher: a read-only view of an index that reloads when ingest
//! commits, and how stored values are read back from its documents.

use std::collections::HashMap;
use std::path::Path;
use std::sync::{Arc, RwLock};

use kaigiroku_core::analysis::Analyzer;
use kaigiroku_core::schema::{Fields, open_index};
use tantivy::collector::TopDocs;
use tantivy::query::TermQuery;
use tantivy::schema::{IndexRecordOption, Value};
use tantivy::{IndexReader, ReloadPolicy, TantivyDocument, Term};

use crate::error::Result;
use crate::meeting_ids::MeetingIds;

/// A read-only searcher over an index; reloads when ingest commits.
pub struct Searcher {
    pub(crate) reader: IndexReader,
    pub(crate) fields: Fields,
    pub(crate) analyzer: Arc<Analyzer>,
    /// 団体コード by municipality name, as looked up so far: a name keeps
    /// its code, so every search's facet needs each only once.
    codes: RwLock<HashMap<String, Option<String>>>,
    /// Each segment's meeting ids, for hits named only by their ids.
    pub(crate) meeting_ids: MeetingIds,
}

impl Searcher {
    pub fn open(index_dir: &Path, analyzer: Arc<Analyzer>) -> Result<Searcher> {
        let (index, fields) = open_index(index_dir, &analyzer, false)?;
        let reader = index
            .reader_builder()
            .reload_policy(ReloadPolicy::OnCommitWithDelay)
            .try_into()?;
        Ok(Searcher {
            reader,
            fields,
            analyzer,
            codes: RwLock::default(),
            meeting_ids: MeetingIds::default(),
        })
    }

    pub fn fields(&self) -> &Fields {
        &self.fields
    }

    pub fn analyzer(&self) -> &Arc<Analyzer> {
        &self.analyzer
    }

    /// The 団体コード of each municipality named, as its records give it;
    /// a name without one (the Diet's houses) is left out.
    pub fn municipality_codes(&self, names: &[&str]) -> Result<HashMap<String, String>> {
        let mut codes = HashMap::new();
        for name in names {
            let known = self.codes.read().ok().and_then(|c| c.get(*name).cloned());
            let code = match known {
                Some(code) => code,
                None => {
                    let code = self.look_up_code(name)?;
                    if let Ok(mut cache) = self.codes.write() {
                        cache.insert(name.to_string(), code.clone());
                    }
                    code
                }
            };
            if let Some(code) = code {
                codes.insert(name.to_string(), code);
            }
        }
        Ok(codes)
    }

    /// The code a municipality's records carry, from one of them.
    fn look_up_code(&self, name: &str) -> Result<Option<String>> {
        let searcher = self.reader.searcher();
        let query = TermQuery::new(
            Term::from_field_text(self.fields.municipality, name),
            IndexRecordOption::Basic,
        );
        let top = searcher.search(&query, &TopDocs::with_limit(1).order_by_score())?;
        let Some((_, address)) = top.first() else {
            return Ok(None);
        };
        let doc: TantivyDocument = searcher.doc(*address)?;
        let code = stored_text(&doc, self.fields.municipality_code);
        Ok((!code.is_empty()).then_some(code))
    }
}

/// The first stored value of a text field, empty when it has none.
pub(crate) fn stored_text(doc: &TantivyDocument, field: tantivy::schema::Field) -> String {
    doc.get_first(field)
        .and_then(|v| v.as_str())
        .unwrap_or("")
        .to_string()
}

/// The `position`-th value of a field that holds one value per agenda
/// item in force (label, title, outcome).
pub(crate) fn nth_value(
    doc: &TantivyDocument,
    field: tantivy::schema::Field,
    position: usize,
) -> String {
    doc.get_all(field)
        .nth(position)
        .and_then(|v| v.as_str())
        .unwrap_or("")
        .to_string()
}
