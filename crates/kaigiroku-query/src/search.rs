//! Searching the index: query building, filters, ranking and snippets.

use std::path::Path;
use std::sync::Arc;

use kaigiroku_core::analysis::{Analyzer, Token};
use kaigiroku_core::dates::parse_date;
use kaigiroku_core::model::Category;
use kaigiroku_core::schema::{Fields, open_index};
use tantivy::collector::{Count, TopDocs};
use tantivy::query::{
    AllQuery, BooleanQuery, BoostQuery, Occur, PhraseQuery, Query, RangeQuery, RegexQuery,
    TermQuery,
};
use tantivy::schema::{IndexRecordOption, Value};
use tantivy::{Index, IndexReader, Order, ReloadPolicy, TantivyDocument, Term};

use crate::error::{Error, Result};
use crate::syntax::{Clause, parse};

/// Longest query accepted, in characters.
pub const MAX_QUERY_CHARS: usize = 1000;
/// Largest page.
pub const MAX_PER_PAGE: usize = 100;

/// A search, as the API and the CLI ask for it.
#[derive(Debug, Clone, Default)]
pub struct SearchRequest {
    pub query: String,
    pub speaker: Option<String>,
    pub position: Option<String>,
    pub category: Option<String>,
    pub body: Option<String>,
    pub municipality: Option<String>,
    pub from: Option<String>,
    pub until: Option<String>,
    pub sort: Sort,
    pub page: usize,
    pub per_page: usize,
}

/// Result order.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Sort {
    #[default]
    Relevance,
    DateDesc,
    DateAsc,
}

impl Sort {
    pub fn parse(name: &str) -> Option<Sort> {
        match name {
            "relevance" => Some(Sort::Relevance),
            "date_desc" => Some(Sort::DateDesc),
            "date_asc" => Some(Sort::DateAsc),
            _ => None,
        }
    }
}

/// One speech found.
#[derive(Debug, Clone, Default)]
pub struct Hit {
    pub speech_id: String,
    pub meeting_id: String,
    pub meeting_title: String,
    pub body: String,
    pub municipality: String,
    pub date: String,
    pub order: u64,
    pub speaker_label: String,
    pub speaker_position: String,
    pub speaker_category: String,
    pub agenda_label: String,
    pub agenda_title: String,
    pub agenda_outcome: String,
    /// HTML: the passage with `<mark>`s, everything else escaped.
    pub snippet: String,
    pub score: f32,
}

/// What a search found.
#[derive(Debug, Clone, Default)]
pub struct SearchResult {
    pub total: usize,
    pub hits: Vec<Hit>,
    /// The query as normalized by the analyzer.
    pub normalized: String,
    /// The terms each query word became (bigrams).
    pub terms: Vec<Vec<String>>,
}

/// A read-only searcher over an index; reloads when ingest commits.
pub struct Searcher {
    index: Index,
    reader: IndexReader,
    fields: Fields,
    analyzer: Arc<Analyzer>,
}

impl Searcher {
    pub fn open(index_dir: &Path, analyzer: Arc<Analyzer>) -> Result<Searcher> {
        let (index, fields) = open_index(index_dir, &analyzer, false)?;
        let reader = index
            .reader_builder()
            .reload_policy(ReloadPolicy::OnCommitWithDelay)
            .try_into()?;
        Ok(Searcher {
            index,
            reader,
            fields,
            analyzer,
        })
    }

    pub fn fields(&self) -> &Fields {
        &self.fields
    }

    pub fn index(&self) -> &Index {
        &self.index
    }

    /// Runs a search.
    pub fn search(&self, request: &SearchRequest) -> Result<SearchResult> {
        if request.query.chars().count() > MAX_QUERY_CHARS {
            return Err(Error::invalid(
                "q",
                format!("the query is longer than {MAX_QUERY_CHARS} characters"),
            ));
        }
        let per_page = match request.per_page {
            0 => 20,
            n if n > MAX_PER_PAGE => {
                return Err(Error::invalid(
                    "per_page",
                    format!("at most {MAX_PER_PAGE}"),
                ));
            }
            n => n,
        };
        let mut clauses: Vec<(Occur, Box<dyn Query>)> = Vec::new();
        let mut result = SearchResult::default();
        let mut highlight_terms: Vec<Vec<String>> = Vec::new();
        let parsed = parse(&request.query);
        let mut normalized_words = Vec::new();
        for clause in &parsed {
            match clause {
                Clause::AnyOf(words) => {
                    let mut alternatives: Vec<(Occur, Box<dyn Query>)> = Vec::new();
                    for word in words {
                        let analysis = self.analyzer.analyze(word);
                        normalized_words.push(analysis.normalized.text.clone());
                        if let Some(query) = self.word_query(&analysis.grams, &analysis.morphemes) {
                            let grams = gram_texts(&analysis.grams);
                            result.terms.push(grams.clone());
                            highlight_terms.push(grams);
                            alternatives.push((Occur::Should, query));
                        }
                    }
                    if !alternatives.is_empty() {
                        clauses.push((Occur::Must, Box::new(BooleanQuery::new(alternatives))));
                    }
                }
                Clause::Not(word) => {
                    let analysis = self.analyzer.analyze(word);
                    normalized_words.push(format!("-{}", analysis.normalized.text));
                    if let Some(query) = self.gram_query(&analysis.grams) {
                        clauses.push((Occur::MustNot, query));
                    }
                }
            }
        }
        result.normalized = normalized_words.join(" ");
        clauses.extend(self.filters(request)?);
        // Only speeches, never the meeting documents.
        clauses.push((
            Occur::Must,
            Box::new(RangeQuery::new(
                std::ops::Bound::Included(Term::from_field_u64(self.fields.order, 1)),
                std::ops::Bound::Unbounded,
            )),
        ));
        if !clauses.iter().any(|(occur, _)| *occur == Occur::Must)
            || clauses.iter().all(|(o, _)| *o == Occur::MustNot)
        {
            clauses.push((Occur::Must, Box::new(AllQuery)));
        }
        let query = BooleanQuery::new(clauses);
        let searcher = self.reader.searcher();
        let offset = request.page.saturating_sub(1).saturating_mul(per_page);
        if offset > 10_000 {
            return Err(Error::invalid(
                "page",
                "pages beyond 10,000 results are not served; narrow the search",
            ));
        }
        let total = searcher.search(&query, &Count)?;
        let addresses: Vec<(f32, tantivy::DocAddress)> = match request.sort {
            Sort::Relevance => searcher.search(
                &query,
                &TopDocs::with_limit(per_page)
                    .and_offset(offset)
                    .order_by_score(),
            )?,
            Sort::DateDesc | Sort::DateAsc => {
                let order = if request.sort == Sort::DateDesc {
                    Order::Desc
                } else {
                    Order::Asc
                };
                searcher
                    .search(
                        &query,
                        &TopDocs::with_limit(per_page)
                            .and_offset(offset)
                            .order_by_fast_field::<u64>("date_key", order),
                    )?
                    .into_iter()
                    .map(|(_, address)| (0.0, address))
                    .collect()
            }
        };
        result.total = total;
        for (score, address) in addresses {
            let doc: TantivyDocument = searcher.doc(address)?;
            result.hits.push(self.hit(&doc, score, &highlight_terms));
        }
        Ok(result)
    }

    /// A word: its bigrams must match as a phrase (substring semantics);
    /// matching as a whole morpheme sequence too ranks higher.
    fn word_query(&self, grams: &[Token], morphemes: &[Token]) -> Option<Box<dyn Query>> {
        let gram_query = self.gram_query(grams)?;
        let mut parts: Vec<(Occur, Box<dyn Query>)> = vec![(Occur::Must, gram_query)];
        if let Some(morpheme_query) = phrase_or_term(self.fields.text_morpheme, morphemes) {
            parts.push((
                Occur::Should,
                Box::new(BoostQuery::new(morpheme_query, 2.0)),
            ));
        }
        Some(Box::new(BooleanQuery::new(parts)))
    }

    fn gram_query(&self, grams: &[Token]) -> Option<Box<dyn Query>> {
        let bigrams: Vec<&Token> = grams
            .iter()
            .filter(|t| t.text.chars().count() == 2)
            .collect();
        if bigrams.is_empty() {
            // One character: every term that starts with it.
            let single = grams.first()?;
            let pattern = format!("{}.*", regex_escape(&single.text));
            return RegexQuery::from_pattern(&pattern, self.fields.text_gram)
                .ok()
                .map(|q| Box::new(q) as Box<dyn Query>);
        }
        let owned: Vec<Token> = bigrams.into_iter().cloned().collect();
        phrase_or_term(self.fields.text_gram, &owned)
    }

    fn filters(&self, request: &SearchRequest) -> Result<Vec<(Occur, Box<dyn Query>)>> {
        let mut filters: Vec<(Occur, Box<dyn Query>)> = Vec::new();
        let term = |field, value: &str| -> (Occur, Box<dyn Query>) {
            (
                Occur::Must,
                Box::new(TermQuery::new(
                    Term::from_field_text(field, value),
                    IndexRecordOption::Basic,
                )),
            )
        };
        if let Some(category) = request.category.as_deref().filter(|c| !c.is_empty()) {
            if Category::parse(category).is_none() {
                return Err(Error::invalid(
                    "category",
                    "one of chair, member, executive, staff, secretariat, witness, other",
                ));
            }
            filters.push(term(self.fields.speaker_category, category));
        }
        if let Some(speaker) = request.speaker.as_deref().filter(|s| !s.trim().is_empty()) {
            filters.push(term(
                self.fields.speaker_name,
                &kaigiroku_ingest_name_key(speaker),
            ));
        }
        if let Some(position) = request.position.as_deref().filter(|s| !s.is_empty()) {
            filters.push(term(self.fields.speaker_position, position));
        }
        if let Some(body) = request.body.as_deref().filter(|s| !s.is_empty()) {
            filters.push(term(self.fields.body, body));
        }
        if let Some(municipality) = request.municipality.as_deref().filter(|s| !s.is_empty()) {
            filters.push(term(self.fields.municipality, municipality));
        }
        let from = date_bound("from", request.from.as_deref(), true)?;
        let until = date_bound("until", request.until.as_deref(), false)?;
        if from.is_some() || until.is_some() {
            let bound = |value: Option<u64>, inclusive| match value {
                Some(v) if inclusive => {
                    std::ops::Bound::Included(Term::from_field_u64(self.fields.date_key, v))
                }
                _ => std::ops::Bound::Unbounded,
            };
            filters.push((
                Occur::Must,
                Box::new(RangeQuery::new(bound(from, true), bound(until, true))),
            ));
        }
        Ok(filters)
    }

    fn hit(&self, doc: &TantivyDocument, score: f32, terms: &[Vec<String>]) -> Hit {
        let text = |field| {
            doc.get_first(field)
                .and_then(|v| v.as_str())
                .unwrap_or("")
                .to_string()
        };
        let fields = &self.fields;
        let body_text = text(fields.text);
        Hit {
            speech_id: text(fields.speech_id),
            meeting_id: text(fields.meeting_id),
            meeting_title: text(fields.meeting_title),
            body: text(fields.body),
            municipality: text(fields.municipality),
            date: text(fields.date),
            order: doc
                .get_first(fields.order)
                .and_then(|v| v.as_u64())
                .unwrap_or(0),
            speaker_label: text(fields.speaker_label),
            speaker_position: text(fields.speaker_position),
            speaker_category: text(fields.speaker_category),
            agenda_label: text(fields.agenda_label),
            agenda_title: text(fields.agenda_title),
            agenda_outcome: text(fields.agenda_outcome),
            snippet: crate::snippet::snippet(&self.analyzer, &body_text, terms, 120),
            score,
        }
    }
}

/// The same key ingest stores speaker names under.
fn kaigiroku_ingest_name_key(name: &str) -> String {
    kaigiroku_core::analysis::normalize(name)
        .text
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect()
}

fn gram_texts(grams: &[Token]) -> Vec<String> {
    let bigrams: Vec<String> = grams
        .iter()
        .filter(|t| t.text.chars().count() == 2)
        .map(|t| t.text.clone())
        .collect();
    if bigrams.is_empty() {
        grams.iter().take(1).map(|t| t.text.clone()).collect()
    } else {
        bigrams
    }
}

fn phrase_or_term(field: tantivy::schema::Field, tokens: &[Token]) -> Option<Box<dyn Query>> {
    match tokens {
        [] => None,
        [single] => Some(Box::new(TermQuery::new(
            Term::from_field_text(field, &single.text),
            IndexRecordOption::WithFreqs,
        ))),
        [first, ..] => {
            let terms = tokens
                .iter()
                .map(|t| {
                    (
                        t.position - first.position,
                        Term::from_field_text(field, &t.text),
                    )
                })
                .collect();
            Some(Box::new(PhraseQuery::new_with_offset(terms)))
        }
    }
}

fn regex_escape(text: &str) -> String {
    text.chars()
        .flat_map(|c| {
            let special = "\\.+*?()|[]{}^$#&-~\"@<>".contains(c);
            special
                .then_some('\\')
                .into_iter()
                .chain(std::iter::once(c))
        })
        .collect()
}

/// A date filter as yyyymmdd: the first day of `from`, the last of `until`.
fn date_bound(parameter: &'static str, value: Option<&str>, first: bool) -> Result<Option<u64>> {
    let Some(value) = value.filter(|v| !v.trim().is_empty()) else {
        return Ok(None);
    };
    let date = parse_date(value).map_err(|err| Error::invalid(parameter, err.to_string()))?;
    let (y, m, d) = if first {
        date.first_day()
    } else {
        date.last_day()
    };
    Ok(Some(y as u64 * 10_000 + m as u64 * 100 + d as u64))
}
