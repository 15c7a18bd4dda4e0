//! Agenda items as results (`scope=agenda`): the items whose speeches
//! hold every word between them, read from the `agenda_facts` fast field
//! without loading documents; only the page's items load one.

use std::collections::{HashMap, HashSet};

use kaigiroku_core::analysis::normalize;
use kaigiroku_core::model::Outcome;
use kaigiroku_core::schema::{AgendaFacts, field};
use tantivy::collector::TopDocs;
use tantivy::query::{Query, TermQuery};
use tantivy::schema::{IndexRecordOption, Value};
use tantivy::{Order, TantivyDocument, Term};

use crate::error::{Error, Result};
use crate::facets::{Facet, FacetCollector, Facets};
use crate::request::{Filter, SearchRequest, Sort};
use crate::results::{AgendaHit, AgendaResult};
use crate::searcher::{Searcher, nth_value, stored_text};
use crate::syntax::{Clause, parse};

/// Items whose titles are read to rank those that name the words first.
const TITLE_RANKED: usize = 500;

impl Searcher {
    /// Agenda items whose speeches hold every word between them: each
    /// word's items are read from the `agenda_facts` fast field and
    /// intersected; newest first. Only the page's items load a document.
    pub fn search_agenda(&self, request: &SearchRequest) -> Result<AgendaResult> {
        let searcher = self.reader.searcher();
        let mut result = AgendaResult::default();
        // The ordinance's items are looked up once: they narrow the
        // speeches searched, and then the items found.
        let on_ordinance = match request.ordinance.as_deref().map(str::trim) {
            Some(ordinance) if !ordinance.is_empty() => {
                Some(self.ordinance_item_ids(ordinance, request.municipality.as_ref())?)
            }
            _ => None,
        };
        let mut searched = request.clone();
        if let Some(ids) = &on_ordinance {
            searched.ordinance = None;
            searched
                .extra
                .push(Filter::AgendaItems(ids.iter().cloned().collect()));
        }
        let items = self.items_holding_every_word(&searcher, &searched, &mut result)?;
        let wanted = request.outcome.map(Outcome::as_str);
        // A speech under several items at once leads to all of them; only
        // those on the ordinance asked for are kept.
        let mut found: Vec<(AgendaFacts, u64)> = items
            .into_values()
            .filter(|(facts, _)| wanted.is_none_or(|o| facts.outcome == o))
            .filter(|(facts, _)| {
                on_ordinance
                    .as_ref()
                    .is_none_or(|ids| ids.contains(&facts.agenda_id))
            })
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
        result.total = found.len();
        count_item_facets(&found, &mut result.facets);
        if request.sort == Sort::Relevance && !request.query.trim().is_empty() {
            result.items = self.titles_first(&searcher, request, found)?;
            return Ok(result);
        }
        for (facts, matching) in found.into_iter().skip(request.offset).take(request.limit) {
            let hit = self.agenda_hit(&searcher, &facts, matching)?;
            result.items.push(hit);
        }
        Ok(result)
    }

    /// The page of `found` (newest first) with the items whose own title
    /// holds every word ranked before those whose speeches only do: an
    /// item on 品川区立保育所条例 before an item that mentions it. The
    /// titles of the newest [`TITLE_RANKED`] items are read.
    fn titles_first(
        &self,
        searcher: &tantivy::Searcher,
        request: &SearchRequest,
        found: Vec<(AgendaFacts, u64)>,
    ) -> Result<Vec<AgendaHit>> {
        let words: Vec<Vec<String>> = parse(&request.query)
            .into_iter()
            .filter_map(|clause| match clause {
                Clause::AnyOf(words) => Some(words.iter().map(|w| normalize(w).text).collect()),
                Clause::Not(_) => None,
            })
            .collect();
        let titled = |hit: &AgendaHit| {
            let title = normalize(&format!("{} {}", hit.label, hit.title)).text;
            words
                .iter()
                .all(|any| any.iter().any(|w| title.contains(w.as_str())))
        };
        let considered = found.len().min(TITLE_RANKED);
        let end = request.offset + request.limit;
        if request.offset >= considered {
            // Past the ranked items: the rest in date order.
            return found
                .into_iter()
                .skip(request.offset)
                .take(request.limit)
                .map(|(facts, matching)| self.agenda_hit(searcher, &facts, matching))
                .collect();
        }
        let mut ranked: Vec<(bool, AgendaHit)> = Vec::with_capacity(considered);
        for (facts, matching) in found.iter().take(considered) {
            let hit = self.agenda_hit(searcher, facts, *matching)?;
            ranked.push((titled(&hit), hit));
        }
        // Stable: within each group, newest first as before.
        ranked.sort_by_key(|(title, _)| !*title);
        let mut page: Vec<AgendaHit> = ranked
            .into_iter()
            .map(|(_, hit)| hit)
            .skip(request.offset)
            .take(request.limit)
            .collect();
        for (facts, matching) in found
            .iter()
            .skip(considered.max(request.offset))
            .take(end.saturating_sub(considered.max(request.offset)))
        {
            if page.len() >= request.limit {
                break;
            }
            page.push(self.agenda_hit(searcher, facts, *matching)?);
        }
        Ok(page)
    }

    /// The items (with their count of matching speeches) whose speeches
    /// hold every word, none of the excluded ones, under the filters; how
    /// the words were read goes into `result`.
    fn items_holding_every_word(
        &self,
        searcher: &tantivy::Searcher,
        request: &SearchRequest,
        result: &mut AgendaResult,
    ) -> Result<ItemCounts> {
        // The outcome is the item's own, not that of an item taken with it.
        let base = SearchRequest {
            outcome: None,
            ..request.clone()
        };
        // One query per clause: the words of one item may be in different
        // speeches. An excluded word is looked for like any other: the
        // items holding it are then left out.
        let mut items: Option<ItemCounts> = None;
        let mut excluded = HashSet::new();
        for clause in &parse(&request.query) {
            let looked_for = match clause {
                Clause::AnyOf(_) => clause.clone(),
                Clause::Not(word) => Clause::AnyOf(vec![word.clone()]),
            };
            let plan = self.plan_clauses(&base, std::slice::from_ref(&looked_for))?;
            let found = item_counts(searcher, &plan.query)?;
            match clause {
                Clause::Not(_) => excluded.extend(found.into_keys()),
                Clause::AnyOf(_) => {
                    result.terms.extend(plan.terms);
                    result.folded.extend(plan.folded);
                    result.normalized = [result.normalized.as_str(), &plan.normalized]
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
        let mut items = match items {
            Some(items) => items,
            // Filters alone: every item they leave.
            None => item_counts(searcher, &self.plan(&base)?.query)?,
        };
        items.retain(|id, _| !excluded.contains(id));
        Ok(items)
    }

    /// An agenda item as the first speech under it describes it.
    pub(crate) fn agenda_hit(
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
        let first = TopDocs::with_limit(1).order_by_fast_field::<u64>(field::ORDER, Order::Asc);
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
            let text = |field| stored_text(&doc, field);
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
}

/// Items by id, with how many matching speeches each has.
type ItemCounts = HashMap<String, (AgendaFacts, u64)>;

/// The items of the speeches `query` matches, from the fast field.
fn item_counts(searcher: &tantivy::Searcher, query: &dyn Query) -> Result<ItemCounts> {
    let collector = FacetCollector {
        facets: &[Facet::AgendaItem],
    };
    let mut items = ItemCounts::new();
    let values = searcher
        .search(query, &collector)?
        .remove(&Facet::AgendaItem);
    for (value, count) in values.unwrap_or_default() {
        let facts = AgendaFacts::decode(&value)
            .ok_or_else(|| Error::Corrupt(format!("agenda_facts value {value:?}")))?;
        items.insert(facts.agenda_id.clone(), (facts, count));
    }
    Ok(items)
}

/// Facets of an item search count items: their outcomes, bodies and years.
fn count_item_facets(found: &[(AgendaFacts, u64)], facets: &mut Facets) {
    for (facts, _) in found {
        let year = (facts.date_key / 10_000).to_string();
        for (facet, value) in [
            (Facet::Outcome, facts.outcome.clone()),
            (Facet::Body, facts.body.clone()),
            (Facet::Year, year),
        ] {
            *facets.entry(facet).or_default().entry(value).or_insert(0) += 1;
        }
    }
}
