//! Precedents: an agenda item with its speeches, and what resembles it.
//! Similarity is tantivy's `MoreLikeThisQuery` over the morpheme field:
//! the text's most distinctive words (by tf-idf, particles and one-kanji
//! words left out) looked up in every other speech.

use std::collections::{HashMap, HashSet};

use kaigiroku_core::dates::date_key;
use kaigiroku_core::model::{
    AgendaItem, Meeting, agenda_id, agenda_order, matter_kind, ordinance_of, title_key,
};
use kaigiroku_core::schema::AgendaFacts;
use tantivy::collector::TopDocs;
use tantivy::query::{BooleanQuery, MoreLikeThisQuery, Occur, Query, TermQuery};
use tantivy::schema::{IndexRecordOption, OwnedValue, Value};
use tantivy::{TantivyDocument, Term};

use crate::error::{Error, Result};
use crate::highlight::Highlighter;
use crate::precedents::Matter;
use crate::records::StoredSpeech;
use crate::results::{AgendaHit, Hit};
use crate::searcher::{Searcher, nth_value, stored_text};

/// Titles of procedure, never a precedent of anything.
fn is_procedure(title: &str) -> bool {
    const PROCEDURE: [&str; 10] = [
        "会期",
        "議事日程",
        "会議録署名",
        "視察",
        "その他",
        "継続審査",
        "継続調査",
        "日程",
        "報告事項",
        "付託",
    ];
    title.is_empty() || PROCEDURE.iter().any(|p| title.contains(p))
}

/// An item's speeches as one text, as much as describes it for similarity.
fn text_of(speeches: &[StoredSpeech]) -> String {
    let mut text = String::new();
    let mut chars = 0;
    for speech in speeches {
        if chars > ITEM_TEXT_CHARS {
            break;
        }
        chars += speech.text.chars().count();
        text.push_str(&speech.text);
        text.push('\n');
    }
    text
}

/// Characters of an item's speeches that describe it for similarity.
const ITEM_TEXT_CHARS: usize = 5_000;
/// How many times an item's title counts: its words name the matter,
/// where most of what is said under it is procedure.
const TITLE_WEIGHT: usize = 5;
/// Candidate items compared, at most.
const POOL: usize = 60;
/// Speeches examined to find similar items.
const ITEM_WINDOW: usize = 400;

/// An agenda item with the speeches made under it, in order.
#[derive(Debug, Clone)]
pub struct AgendaRecord {
    /// The meeting, without its speeches.
    pub meeting: Meeting,
    pub item: AgendaItem,
    pub speeches: Vec<StoredSpeech>,
}

impl Searcher {
    /// The agenda item `id` (`{meeting}#{order}`), or `NotFound`.
    pub fn agenda_item(&self, id: &str) -> Result<AgendaRecord> {
        let not_found = || Error::NotFound(format!("議題「{id}」はありません"));
        let (meeting_id, _) = id.rsplit_once('#').ok_or_else(not_found)?;
        let order = agenda_order(id).ok_or_else(not_found)?;
        let stored = self.meeting(meeting_id)?;
        let item = stored
            .meeting
            .agenda
            .iter()
            .find(|item| item.order == order)
            .cloned()
            .ok_or_else(not_found)?;
        let speeches = stored
            .speeches
            .into_iter()
            .filter(|s| s.agenda_orders.contains(&order))
            .collect();
        Ok(AgendaRecord {
            meeting: stored.meeting,
            item,
            speeches,
        })
    }

    /// The speeches most like speech `id`, best first, itself left out.
    pub fn similar_speeches(&self, id: &str, limit: usize) -> Result<Vec<Hit>> {
        let speech = self.speech(id)?;
        let query = self.unlike(self.like(&speech.text), id)?;
        let searcher = self.reader.searcher();
        let preview = Highlighter::new(self.analyzer.clone(), Vec::new());
        let mut hits = Vec::new();
        for (score, address) in
            searcher.search(&query, &TopDocs::with_limit(limit.max(1)).order_by_score())?
        {
            let doc: TantivyDocument = searcher.doc(address)?;
            hits.push(self.hit(&doc, score, Some(&preview)));
        }
        Ok(hits)
    }

    /// The agenda items whose speeches are most like those of item `id`,
    /// best first, itself left out. `matching_speeches` counts the similar
    /// speeches found under each.
    pub fn similar_items(&self, id: &str, limit: usize) -> Result<Vec<AgendaHit>> {
        self.items_like(&self.agenda_item(id)?, limit)
    }

    /// [`Searcher::similar_items`] for an item already read: precedents,
    /// strictly earlier than the item and never its own bill's stages
    /// (those are its history). First the earlier items on the same
    /// ordinance of the same assembly, newest first; then the items whose
    /// title and speeches are most like its own (the title counts most).
    pub fn items_like(&self, record: &AgendaRecord, limit: usize) -> Result<Vec<AgendaHit>> {
        let id = agenda_id(&record.meeting.id, record.item.order);
        let before = date_key(&record.meeting.date);
        let own: HashSet<String> = self
            .history(&record.item, record.meeting.assembly())?
            .into_iter()
            .map(|stage| stage.agenda_id)
            .collect();
        let earlier = |agenda_id: &str, date_key: u64| {
            date_key < before && agenda_id != id && !own.contains(agenda_id)
        };
        let mut hits: Vec<AgendaHit> = Vec::new();
        if let Some(ordinance) = ordinance_of(&record.item.title) {
            for hit in self.same_ordinance(record, &ordinance, before, limit)? {
                if earlier(&hit.agenda_id, date_key(&hit.date))
                    && hits.iter().all(|h| h.agenda_id != hit.agenda_id)
                {
                    hits.push(hit);
                }
            }
            // Another ordinance is no precedent of this one, however
            // alike their debates.
            if matter_kind(&record.item.title) == Some("条例") {
                return Ok(hits);
            }
        }
        let item_text = text_of(&record.speeches);
        let mut text = format!("{}\n", record.item.title).repeat(TITLE_WEIGHT);
        text.push_str(&item_text);
        let query = self.like(&text);
        let searcher = self.reader.searcher();
        let documents = searcher.num_docs().max(1) as f64;
        let rarity = |word: &str| {
            let term = Term::from_field_text(self.fields.text_morpheme, word);
            searcher.doc_freq(&term).unwrap_or(0) as f64 / documents
        };
        // Candidates: earlier items of the same kind of matter (an item of
        // no known kind, of no known kind but procedure), in the order of
        // their best speech, with how many of their speeches matched.
        let kind = matter_kind(&record.item.title);
        let mut pool: Vec<AgendaHit> = Vec::new();
        let mut seen: HashMap<String, Option<usize>> = HashMap::new();
        let mut matters: HashMap<(String, String), usize> = HashMap::new();
        for (_, address) in
            searcher.search(&query, &TopDocs::with_limit(ITEM_WINDOW).order_by_score())?
        {
            let doc: TantivyDocument = searcher.doc(address)?;
            let Some(facts) = self.item_facts(&doc) else {
                continue;
            };
            if !earlier(&facts.agenda_id, facts.date_key)
                || hits.iter().any(|h| h.agenda_id == facts.agenda_id)
            {
                continue;
            }
            match seen.get(&facts.agenda_id) {
                Some(Some(at)) => pool[*at].matching_speeches += 1,
                Some(None) => {}
                None if pool.len() < POOL => {
                    let hit = self.agenda_hit(&searcher, &facts, 1)?;
                    let same_kind = matter_kind(&hit.title) == kind
                        && (kind.is_some() || !is_procedure(&hit.title));
                    // One stage of a matter: its referral, committee and
                    // decision are one precedent, not three.
                    let matter = (
                        title_key(&hit.title),
                        hit.date.get(..4).unwrap_or("").to_string(),
                    );
                    let at = if !same_kind {
                        None
                    } else if let Some(&at) = matters.get(&matter) {
                        Some(at)
                    } else {
                        matters.insert(matter, pool.len());
                        pool.push(hit);
                        Some(pool.len() - 1)
                    };
                    seen.insert(facts.agenda_id.clone(), at);
                }
                None => {}
            }
        }
        // Of those, the ones on the same thing: a budget of the same
        // account, a designation for the same facility, else a title
        // sharing a word that not every title of the pool has.
        let text_of_hit = |hit: &AgendaHit| -> Result<String> {
            Ok(if Matter::needs_text(kind) {
                text_of(&self.agenda_item(&hit.agenda_id)?.speeches)
            } else {
                String::new()
            })
        };
        let matter = Matter::of(&record.item.title, &item_text, &self.analyzer, &rarity);
        let mut others = Vec::with_capacity(pool.len());
        for hit in &pool {
            let text = text_of_hit(hit)?;
            others.push(Matter::of(&hit.title, &text, &self.analyzer, &rarity));
        }
        let template = Matter::template_words(&others);
        for (hit, other) in pool.into_iter().zip(&others) {
            if hits.len() >= limit {
                break;
            }
            let outcome = Some(hit.outcome.as_str()).filter(|o| !o.is_empty());
            if matter.admits(other, &hit.title, outcome, &template) {
                hits.push(hit);
            }
        }
        Ok(hits)
    }

    /// The items of the item's assembly on `ordinance` before `before`,
    /// newest first, one per bill (its last stage: the decision).
    fn same_ordinance(
        &self,
        record: &AgendaRecord,
        ordinance: &str,
        before: u64,
        limit: usize,
    ) -> Result<Vec<AgendaHit>> {
        let assembly = record.meeting.assembly();
        if assembly.is_empty() {
            return Ok(Vec::new());
        }
        let mut bills = HashSet::new();
        // An amendment's precedents are amendments, not reports of a
        // 専決処分 on the same ordinance.
        let kind = matter_kind(&record.item.title);
        Ok(self
            .ordinance_items(ordinance, assembly)?
            .into_iter()
            .rev()
            .filter(|stage| date_key(&stage.date) < before)
            .filter(|stage| kind != Some("条例") || matter_kind(&stage.title) == kind)
            .filter(|stage| stage.bill.is_empty() || bills.insert(stage.bill.clone()))
            .take(limit)
            .map(|stage| AgendaHit {
                agenda_id: stage.agenda_id,
                meeting_id: stage.meeting_id,
                meeting_title: stage.meeting_title,
                body: stage.body,
                municipality: stage.municipality,
                date: stage.date,
                label: stage.label,
                title: stage.title,
                outcome: stage.outcome,
                matching_speeches: 0,
            })
            .collect())
    }

    /// What a list of items needs of the item a speech is under, read
    /// from its stored fields; None for a speech under no item.
    fn item_facts(&self, doc: &TantivyDocument) -> Option<AgendaFacts> {
        let fields = &self.fields;
        let agenda_id = doc.get_first(fields.agenda_id)?.as_str()?.to_string();
        Some(AgendaFacts {
            agenda_id,
            date_key: doc
                .get_first(fields.date_key)
                .and_then(|v| v.as_u64())
                .unwrap_or(0),
            outcome: nth_value(doc, fields.agenda_outcome, 0),
            body: stored_text(doc, fields.body),
        })
    }

    /// Speeches like `text`: its distinctive morphemes, weighted by tf-idf.
    fn like(&self, text: &str) -> MoreLikeThisQuery {
        let morphemes = self.analyzer.index_values(text).morphemes;
        // A word in more than a tenth of the speeches says nothing of a topic.
        let common = (self.reader.searcher().num_docs() / 10).max(2);
        MoreLikeThisQuery::builder()
            .with_min_doc_frequency(2)
            .with_max_doc_frequency(common)
            .with_min_term_frequency(1)
            .with_max_query_terms(30)
            // In bytes: one kanji or kana (particles, 市, 案) is noise.
            .with_min_word_length(4)
            .with_document_fields(vec![(
                self.fields.text_morpheme,
                vec![OwnedValue::Str(morphemes)],
            )])
    }

    /// `query` without the speech `id` itself.
    fn unlike(&self, query: MoreLikeThisQuery, id: &str) -> Result<BooleanQuery> {
        let itself = TermQuery::new(
            Term::from_field_text(self.fields.speech_id, id),
            IndexRecordOption::Basic,
        );
        Ok(BooleanQuery::new(vec![
            (Occur::Must, Box::new(query) as Box<dyn Query>),
            (Occur::MustNot, Box::new(itself)),
        ]))
    }
}
