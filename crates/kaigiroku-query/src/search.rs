//! Searching the index: query building, filters, ranking and snippets.

use std::collections::HashMap;
use std::path::Path;
use std::sync::Arc;

use kaigiroku_core::analysis::{Analyzer, Token};
use kaigiroku_core::dates::parse_date;
use kaigiroku_core::model::Category;
use kaigiroku_core::schema::{AgendaFacts, Fields, open_index};
use tantivy::collector::{Count, TopDocs};
use tantivy::query::{
    AllQuery, BooleanQuery, BoostQuery, Occur, PhraseQuery, Query, RangeQuery, RegexQuery,
    TermQuery,
};
use tantivy::schema::{IndexRecordOption, Value};
use tantivy::{Index, IndexReader, Order, ReloadPolicy, TantivyDocument, Term};

use crate::error::{Error, Result};
use crate::facets::{FacetCollector, Facets};
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
    /// Count facets (off for exports and benchmarks).
    pub facets: bool,
    /// One row per meeting instead of one per speech.
    pub group_by_meeting: bool,
    pub agenda: Option<String>,
    /// Only speeches under agenda items with this outcome (可決, 採択…).
    pub outcome: Option<String>,
    /// What a result is: a speech, or an agenda item whose speeches hold
    /// every word between them.
    pub scope: Scope,
    /// A word also finds the speeches of a speaker whose name holds it (a
    /// person's name typed in the search box). Off for the text-only
    /// semantics of the kokkai-compatible API and the benchmarks.
    pub names: bool,
    /// Further conditions (the kokkai-compatible API's partial matches).
    pub extra: Vec<Filter>,
}

/// What one result of a search is.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Scope {
    #[default]
    Speech,
    /// An agenda item: every word must occur in its speeches, not
    /// necessarily in one.
    Agenda,
}

impl Scope {
    pub fn parse(name: &str) -> Option<Scope> {
        match name {
            "speech" => Some(Scope::Speech),
            "agenda" => Some(Scope::Agenda),
            _ => None,
        }
    }
}

/// One agenda item found (`scope=agenda`).
#[derive(Debug, Clone, Default)]
pub struct AgendaHit {
    pub agenda_id: String,
    pub meeting_id: String,
    pub meeting_title: String,
    pub body: String,
    pub municipality: String,
    pub date: String,
    pub label: String,
    pub title: String,
    pub outcome: String,
    /// Speeches of the item that hold a word, counted once per word.
    pub matching_speeches: u64,
}

/// A keyword field a [`Filter`] applies to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum KeywordField {
    SpeakerName,
    SpeakerPosition,
    SpeakerGroup,
    SpeakerRole,
    Body,
    MeetingId,
    SpeechId,
}

/// A condition beyond the usual filters.
#[derive(Debug, Clone, PartialEq)]
pub enum Filter {
    /// The field contains one of these strings (OR of partial matches).
    ContainsAny(KeywordField, Vec<String>),
    /// The field is exactly this value.
    Exact(KeywordField, String),
    /// The speech has this order (発言番号).
    Order(u64),
}

/// Result order.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Sort {
    #[default]
    Relevance,
    DateDesc,
    DateAsc,
    /// Newest meeting first, then in speech order (the NDL API's order).
    DateDescThenOrder,
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
    /// Facet counts over the whole result set.
    pub facets: Facets,
    /// With `group_by_meeting`: meetings in result order, each with its
    /// number of matching speeches and its best hits.
    pub groups: Vec<MeetingGroup>,
    /// With `group_by_meeting`: how many meetings matched.
    pub total_groups: usize,
    /// With [`Scope::Agenda`]: the items of this page (`total` counts items).
    pub items: Vec<AgendaHit>,
}

/// One meeting of a grouped result.
#[derive(Debug, Clone, Default)]
pub struct MeetingGroup {
    pub meeting_id: String,
    pub hits_in_meeting: u64,
    pub best: Vec<Hit>,
}

/// Speeches shown per meeting in grouped results.
pub const BEST_PER_MEETING: usize = 3;
/// Matches examined to form groups.
const GROUPING_WINDOW: usize = 5_000;

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

    pub(crate) fn reader(&self) -> &IndexReader {
        &self.reader
    }

    pub fn analyzer(&self) -> &Arc<Analyzer> {
        &self.analyzer
    }

    pub fn index(&self) -> &Index {
        &self.index
    }

    /// Runs a search.
    pub fn search(&self, request: &SearchRequest) -> Result<SearchResult> {
        if request.scope == Scope::Agenda {
            return self.search_agenda(request);
        }
        let per_page = checked_per_page(request.per_page)?;
        let (query, mut result, highlight_terms) = self.build_query(request)?;
        let searcher = self.reader.searcher();
        let offset = request.page.saturating_sub(1).saturating_mul(per_page);
        if offset > 10_000 {
            return Err(Error::invalid(
                "page",
                "pages beyond 10,000 results are not served; narrow the search",
            ));
        }
        let (total, facets) = if request.facets {
            searcher.search(&query, &(Count, FacetCollector::SEARCH))?
        } else {
            (searcher.search(&query, &Count)?, Facets::new())
        };
        result.total = total;
        result.facets = facets;
        if request.group_by_meeting {
            let window = self.top(&searcher, &query, request.sort, GROUPING_WINDOW, 0)?;
            let mut groups: Vec<MeetingGroup> = Vec::new();
            for (score, address) in window {
                let doc: TantivyDocument = searcher.doc(address)?;
                let meeting_id = doc
                    .get_first(self.fields.meeting_id)
                    .and_then(|v| v.as_str())
                    .unwrap_or("")
                    .to_string();
                let position = match groups.iter().position(|g| g.meeting_id == meeting_id) {
                    Some(position) => position,
                    None => {
                        groups.push(MeetingGroup {
                            meeting_id: meeting_id.clone(),
                            ..MeetingGroup::default()
                        });
                        groups.len() - 1
                    }
                };
                let group = &mut groups[position];
                if group.best.len() < BEST_PER_MEETING
                    && (offset..offset + per_page).contains(&position)
                {
                    group.best.push(self.hit(&doc, score, &highlight_terms));
                }
            }
            result.total_groups = result
                .facets
                .get("meeting_id")
                .map_or(groups.len(), |m| m.len().max(groups.len()));
            let counts = result.facets.get("meeting_id");
            result.groups = groups
                .into_iter()
                .skip(offset)
                .take(per_page)
                .map(|mut group| {
                    group.hits_in_meeting = counts
                        .and_then(|c| c.get(&group.meeting_id))
                        .copied()
                        .unwrap_or(group.best.len() as u64);
                    group
                })
                .collect();
            return Ok(result);
        }
        for (score, address) in self.top(&searcher, &query, request.sort, per_page, offset)? {
            let doc: TantivyDocument = searcher.doc(address)?;
            result.hits.push(self.hit(&doc, score, &highlight_terms));
        }
        Ok(result)
    }

    /// Agenda items whose speeches hold every word between them: each
    /// word's items are read from the `agenda_facts` fast field and
    /// intersected; newest first. Only the page's items load a document.
    fn search_agenda(&self, request: &SearchRequest) -> Result<SearchResult> {
        let per_page = checked_per_page(request.per_page)?;
        let searcher = self.reader.searcher();
        let tally = |query: &dyn Query| -> Result<HashMap<String, (AgendaFacts, u64)>> {
            let collector = FacetCollector {
                fields: &["agenda_facts"],
            };
            Ok(searcher
                .search(query, &collector)?
                .remove("agenda_facts")
                .unwrap_or_default()
                .into_iter()
                .filter_map(|(value, count)| {
                    let facts = AgendaFacts::decode(&value)?;
                    Some((facts.agenda_id.clone(), (facts, count)))
                })
                .collect())
        };
        // The outcome is the item's own, not that of an item taken with it.
        let base = SearchRequest {
            scope: Scope::Speech,
            outcome: None,
            ..request.clone()
        };
        // One query per clause: the words of one item may be in different speeches.
        let mut items: Option<HashMap<String, (AgendaFacts, u64)>> = None;
        let mut excluded = std::collections::HashSet::new();
        let mut skeleton = SearchResult::default();
        for clause in &parse(&request.query) {
            let quoted = |word: &String| format!("\"{}\"", word.replace('"', ""));
            let single = SearchRequest {
                query: match clause {
                    Clause::AnyOf(words) => {
                        words.iter().map(quoted).collect::<Vec<_>>().join(" OR ")
                    }
                    Clause::Not(word) => quoted(word),
                },
                ..base.clone()
            };
            let (query, result, _) = self.build_query(&single)?;
            let found = tally(&query)?;
            match clause {
                Clause::Not(_) => excluded.extend(found.into_keys()),
                Clause::AnyOf(_) => {
                    skeleton.terms.extend(result.terms);
                    skeleton.normalized = [skeleton.normalized.as_str(), &result.normalized]
                        .join(" ")
                        .trim()
                        .to_string();
                    items = Some(match items {
                        None => found,
                        Some(so_far) => so_far
                            .into_iter()
                            .filter_map(|(id, (facts, n))| {
                                found.get(&id).map(|(_, m)| (id, (facts, n + m)))
                            })
                            .collect(),
                    });
                }
            }
        }
        let items = match items {
            Some(items) => items,
            // Filters alone: every item they leave.
            None => tally(&self.build_query(&base)?.0)?,
        };
        let wanted = request.outcome.as_deref().filter(|o| !o.is_empty());
        let mut found: Vec<(AgendaFacts, u64)> = items
            .into_values()
            .filter(|(facts, _)| !excluded.contains(&facts.agenda_id))
            .filter(|(facts, _)| wanted.is_none_or(|o| facts.outcome == o))
            .collect();
        found.sort_by(|(a, n), (b, m)| {
            b.date_key
                .cmp(&a.date_key)
                .then(m.cmp(n))
                .then(a.agenda_id.cmp(&b.agenda_id))
        });
        if request.sort == Sort::DateAsc {
            found.reverse();
        }
        skeleton.total = found.len();
        // Facets count items: their outcomes, bodies and years.
        for (facts, _) in &found {
            let year = (facts.date_key / 10_000).to_string();
            for (facet, value) in [
                ("agenda_outcome", facts.outcome.clone()),
                ("body", facts.body.clone()),
                ("year", year),
            ] {
                *skeleton
                    .facets
                    .entry(facet)
                    .or_default()
                    .entry(value)
                    .or_insert(0) += 1;
            }
        }
        let offset = request.page.saturating_sub(1).saturating_mul(per_page);
        for (facts, matching) in found.into_iter().skip(offset).take(per_page) {
            skeleton
                .items
                .push(self.agenda_hit(&searcher, &facts, matching)?);
        }
        Ok(skeleton)
    }

    /// An agenda item as the first speech under it describes it.
    fn agenda_hit(
        &self,
        searcher: &tantivy::Searcher,
        facts: &AgendaFacts,
        matching: u64,
    ) -> Result<AgendaHit> {
        let id = facts.agenda_id.as_str();
        let query = TermQuery::new(
            Term::from_field_text(self.fields.agenda_id, id),
            IndexRecordOption::Basic,
        );
        let first = TopDocs::with_limit(1).order_by_fast_field::<u64>("order", Order::Asc);
        let top = searcher.search(&query, &first)?;
        let mut hit = AgendaHit {
            agenda_id: id.to_string(),
            outcome: facts.outcome.clone(),
            body: facts.body.clone(),
            matching_speeches: matching,
            ..AgendaHit::default()
        };
        if let Some((_, address)) = top.first() {
            let doc: TantivyDocument = searcher.doc(*address)?;
            let fields = &self.fields;
            let text = |field| {
                doc.get_first(field)
                    .and_then(|v| v.as_str())
                    .unwrap_or("")
                    .to_string()
            };
            // The item's own position among the values of this speech.
            let position = doc
                .get_all(fields.agenda_id)
                .position(|v| v.as_str() == Some(id))
                .unwrap_or(0);
            let nth = |field| nth_value(&doc, field, position);
            hit.meeting_id = text(fields.meeting_id);
            hit.meeting_title = text(fields.meeting_title);
            hit.municipality = text(fields.municipality);
            hit.date = text(fields.date);
            hit.label = nth(fields.agenda_label);
            hit.title = nth(fields.agenda_title);
        }
        Ok(hit)
    }

    /// The ids of every matching speech, in no particular order (for
    /// measuring recall; cheap: read from a fast field, no documents loaded).
    pub fn matching_ids(&self, request: &SearchRequest) -> Result<Vec<String>> {
        let (query, _, _) = self.build_query(request)?;
        Ok(self
            .reader
            .searcher()
            .search(&query, &crate::facets::IdCollector)?)
    }

    /// Every matching speech in result order, up to `limit`, for exports.
    pub fn all_hits(
        &self,
        request: &SearchRequest,
        limit: usize,
        mut each: impl FnMut(Hit, &str) -> bool,
    ) -> Result<usize> {
        let (query, _, highlight_terms) = self.build_query(request)?;
        let searcher = self.reader.searcher();
        let mut sent = 0;
        for (score, address) in self.top(&searcher, &query, request.sort, limit, 0)? {
            let doc: TantivyDocument = searcher.doc(address)?;
            let text = doc
                .get_first(self.fields.text)
                .and_then(|v| v.as_str())
                .unwrap_or("")
                .to_string();
            sent += 1;
            if !each(self.hit(&doc, score, &highlight_terms), &text) {
                break;
            }
        }
        Ok(sent)
    }

    fn top(
        &self,
        searcher: &tantivy::Searcher,
        query: &dyn Query,
        sort: Sort,
        limit: usize,
        offset: usize,
    ) -> Result<Vec<(f32, tantivy::DocAddress)>> {
        let collector = TopDocs::with_limit(limit.max(1)).and_offset(offset);
        Ok(match sort {
            Sort::Relevance => searcher.search(query, &collector.order_by_score())?,
            Sort::DateDescThenOrder => {
                let scored = collector.tweak_score(|segment: &tantivy::SegmentReader| {
                    let fast = segment.fast_fields();
                    let dates = fast.u64("date_key").ok();
                    let orders = fast.u64("order").ok();
                    move |doc: tantivy::DocId, _score: tantivy::Score| {
                        let date = dates.as_ref().and_then(|c| c.first(doc)).unwrap_or(0);
                        let order = orders.as_ref().and_then(|c| c.first(doc)).unwrap_or(0);
                        date * 1_000_000 + (999_999 - order.min(999_999))
                    }
                });
                searcher
                    .search(query, &scored)?
                    .into_iter()
                    .map(|(_, address)| (0.0, address))
                    .collect()
            }
            Sort::DateDesc | Sort::DateAsc => {
                let order = if sort == Sort::DateDesc {
                    Order::Desc
                } else {
                    Order::Asc
                };
                searcher
                    .search(
                        query,
                        &collector.order_by_fast_field::<u64>("date_key", order),
                    )?
                    .into_iter()
                    .map(|(_, address)| (0.0, address))
                    .collect()
            }
        })
    }

    /// The tantivy query for a request, the result skeleton (how the query
    /// was read) and the terms to highlight.
    fn build_query(
        &self,
        request: &SearchRequest,
    ) -> Result<(BooleanQuery, SearchResult, Vec<Vec<String>>)> {
        if request.query.chars().count() > MAX_QUERY_CHARS {
            return Err(Error::invalid(
                "q",
                format!("the query is longer than {MAX_QUERY_CHARS} characters"),
            ));
        }
        let mut clauses: Vec<(Occur, Box<dyn Query>)> = Vec::new();
        let mut result = SearchResult::default();
        let mut highlight_terms: Vec<Vec<String>> = Vec::new();
        let mut normalized_words = Vec::new();
        for clause in &parse(&request.query) {
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
                        // A person's name typed as a word finds what they said.
                        let key = kaigiroku_core::analysis::name_key(word);
                        if request.names
                            && key.chars().count() >= 2
                            && key.chars().all(
                                |c| matches!(c, '\u{3041}'..='\u{30FA}' | '\u{4E00}'..='\u{9FFF}'),
                            )
                            && let Ok(query) = RegexQuery::from_pattern(
                                &format!("{}.*", regex_escape(&key)),
                                self.fields.speaker_name,
                            )
                        {
                            // A name from its start (平和 is not 大平和夫), ranked
                            // below the speeches that say the word.
                            alternatives.push((
                                Occur::Should,
                                Box::new(BoostQuery::new(Box::new(query), 0.5)),
                            ));
                        }
                        for variant in context_variants(word, &analysis.normalized.text) {
                            let grams = gram_tokens(&variant);
                            if let Some(query) = self.gram_query(&grams) {
                                highlight_terms.push(gram_texts(&grams));
                                alternatives.push((Occur::Should, query));
                            }
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
        // Meeting documents have no text, so words never match them; a
        // search by filters alone must leave them out explicitly.
        if result.terms.is_empty() {
            if !clauses.iter().any(|(occur, _)| *occur == Occur::Must) {
                clauses.push((Occur::Must, Box::new(AllQuery)));
            }
            clauses.push((
                Occur::MustNot,
                Box::new(TermQuery::new(
                    Term::from_field_text(self.fields.kind, "meeting"),
                    IndexRecordOption::Basic,
                )),
            ));
        }
        Ok((BooleanQuery::new(clauses), result, highlight_terms))
    }

    /// A word: its bigrams must match as a phrase (substring semantics);
    /// matching as a whole morpheme sequence too ranks higher.
    fn word_query(&self, grams: &[Token], morphemes: &[Token]) -> Option<Box<dyn Query>> {
        let gram_query = self.gram_query(grams)?;
        let mut parts: Vec<(Occur, Box<dyn Query>)> = vec![(Occur::Must, gram_query)];
        // Whole words rank higher: every morpheme of the word is a term of
        // the speech (the morpheme field keeps no positions).
        if !morphemes.is_empty() {
            let words: Vec<(Occur, Box<dyn Query>)> = morphemes
                .iter()
                .map(|m| {
                    let term = Term::from_field_text(self.fields.text_morpheme, &m.text);
                    let query: Box<dyn Query> =
                        Box::new(TermQuery::new(term, IndexRecordOption::WithFreqs));
                    (Occur::Must, query)
                })
                .collect();
            parts.push((
                Occur::Should,
                Box::new(BoostQuery::new(Box::new(BooleanQuery::new(words)), 2.0)),
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
        // A name or position in part: 高橋 finds 高橋(伸); 課長 every 〜課長.
        // What users type matches in part: 高橋 finds 高橋(伸) (a name from
        // its start), 課長 every 〜課長 (a position anywhere). A value in
        // double quotes is exact, as the facet links ask.
        let partial = |parameter: &'static str, field, value: &str, from_start: bool| {
            let value = value.trim();
            if let Some(exact) = value.strip_prefix('"').and_then(|v| v.strip_suffix('"')) {
                return Ok(term(field, exact));
            }
            let lead = if from_start { "" } else { ".*" };
            let pattern = format!("{lead}{}.*", regex_escape(value));
            let query = RegexQuery::from_pattern(&pattern, field)
                .map_err(|err| Error::invalid(parameter, err.to_string()))?;
            Ok::<_, Error>((Occur::Must, Box::new(query) as Box<dyn Query>))
        };
        if let Some(speaker) = request.speaker.as_deref().filter(|s| !s.trim().is_empty()) {
            let key = if speaker.trim().starts_with('"') {
                format!(
                    "\"{}\"",
                    kaigiroku_core::analysis::name_key(speaker.trim().trim_matches('"'))
                )
            } else {
                kaigiroku_core::analysis::name_key(speaker)
            };
            filters.push(partial("speaker", self.fields.speaker_name, &key, true)?);
        }
        if let Some(position) = request.position.as_deref().filter(|s| !s.trim().is_empty()) {
            filters.push(partial(
                "position",
                self.fields.speaker_position,
                position,
                false,
            )?);
        }
        if let Some(outcome) = request.outcome.as_deref().filter(|s| !s.is_empty()) {
            filters.push(term(self.fields.agenda_outcome, outcome));
        }
        if let Some(body) = request.body.as_deref().filter(|s| !s.is_empty()) {
            filters.push(term(self.fields.body, body));
        }
        if let Some(agenda) = request.agenda.as_deref().filter(|s| !s.is_empty()) {
            filters.push(term(self.fields.agenda_label, agenda));
        }
        if let Some(municipality) = request.municipality.as_deref().filter(|s| !s.is_empty()) {
            // 131091 is 品川区's 団体コード; anything else is a name.
            let is_code =
                municipality.len() == 6 && municipality.bytes().all(|b| b.is_ascii_digit());
            let field = if is_code {
                self.fields.municipality_code
            } else {
                self.fields.municipality
            };
            filters.push(term(field, municipality));
        }
        for filter in &request.extra {
            filters.push((Occur::Must, self.extra_filter(filter)?));
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

    fn keyword_field(&self, field: KeywordField) -> tantivy::schema::Field {
        let fields = &self.fields;
        match field {
            KeywordField::SpeakerName => fields.speaker_name,
            KeywordField::SpeakerPosition => fields.speaker_position,
            KeywordField::SpeakerGroup => fields.speaker_group,
            KeywordField::SpeakerRole => fields.speaker_role,
            KeywordField::Body => fields.body,
            KeywordField::MeetingId => fields.meeting_id,
            KeywordField::SpeechId => fields.speech_id,
        }
    }

    fn extra_filter(&self, filter: &Filter) -> Result<Box<dyn Query>> {
        Ok(match filter {
            Filter::ContainsAny(field, values) => {
                let field = self.keyword_field(*field);
                let alternatives: Vec<(Occur, Box<dyn Query>)> = values
                    .iter()
                    .filter_map(|value| {
                        let pattern = format!(".*{}.*", regex_escape(value));
                        RegexQuery::from_pattern(&pattern, field)
                            .ok()
                            .map(|q| (Occur::Should, Box::new(q) as Box<dyn Query>))
                    })
                    .collect();
                Box::new(BooleanQuery::new(alternatives))
            }
            Filter::Exact(field, value) => Box::new(TermQuery::new(
                Term::from_field_text(self.keyword_field(*field), value),
                IndexRecordOption::Basic,
            )),
            Filter::Order(order) => Box::new(TermQuery::new(
                Term::from_field_u64(self.fields.order, *order),
                IndexRecordOption::Basic,
            )),
        })
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
            agenda_outcome: nth_value(doc, fields.agenda_outcome, 0),
            snippet: crate::snippet::snippet(&self.analyzer, &body_text, terms, 120),
            score,
        }
    }
}

/// The `position`-th value of a field that holds one value per agenda
/// item in force (label, title, outcome).
fn nth_value(doc: &TantivyDocument, field: tantivy::schema::Field, position: usize) -> String {
    doc.get_all(field)
        .nth(position)
        .and_then(|v| v.as_str())
        .unwrap_or("")
        .to_string()
}

fn checked_per_page(per_page: usize) -> Result<usize> {
    match per_page {
        0 => Ok(20),
        n if n > MAX_PER_PAGE => Err(Error::invalid(
            "per_page",
            format!("at most {MAX_PER_PAGE}"),
        )),
        n => Ok(n),
    }
}

/// Other forms a word can take in the index when the text around it changed
/// how it was normalized: the word without the number rewrite (lindera
/// kept 八 inside 井上八郎 as part of a name), and without a final ー that
/// the longer katakana word of the text lost (リー化 inside バリアフリー化).
fn context_variants(word: &str, normalized: &str) -> Vec<String> {
    let mut variants = Vec::new();
    let plain = kaigiroku_core::analysis::normalize(word).text;
    for form in [plain.as_str(), normalized] {
        let katakana = |c: char| matches!(c, '\u{30A1}'..='\u{30FA}' | 'ー');
        let run_end = form.find(|c: char| !katakana(c)).unwrap_or(form.len());
        if run_end > 0 && run_end < form.len() && form[..run_end].ends_with('ー') {
            variants.push(format!(
                "{}{}",
                &form[..run_end - 'ー'.len_utf8()],
                &form[run_end..]
            ));
        }
    }
    variants.push(plain.clone());
    variants.retain(|v| v != normalized && v.chars().count() >= 2);
    variants.sort();
    variants.dedup();
    variants
}

/// Bigram tokens (text and position) of an already normalized string.
fn gram_tokens(text: &str) -> Vec<Token> {
    let mut tokens = Vec::new();
    kaigiroku_core::analysis::for_each_gram(text, |position, start, end| {
        tokens.push(Token {
            text: text[start..end].to_string(),
            position,
            offset_from: start,
            offset_to: end,
            position_length: 1,
        });
    });
    tokens
}

/// The terms a query word is searched and highlighted by: its bigrams, or
/// its one character.
pub(crate) fn gram_texts(grams: &[Token]) -> Vec<String> {
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
            // `\<` and `\>` would be word boundaries: < and > stay as they are.
            let special = "\\.+*?()|[]{}^$#&-~\"@".contains(c);
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
