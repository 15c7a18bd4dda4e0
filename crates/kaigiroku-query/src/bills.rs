//! A bill's history: every stage of one bill (referral, committee,
//! committee report, plenary decision), found by its key across meetings;
//! and every item on one ordinance.

use std::collections::HashSet;

use kaigiroku_core::dates::date_key;
use kaigiroku_core::model::{AgendaItem, Meeting, agenda_id, ordinance_of, title_key};
use serde::Serialize;
use tantivy::collector::DocSetCollector;
use tantivy::query::{BooleanQuery, Occur, Query, TermQuery};
use tantivy::schema::{IndexRecordOption, Value};
use tantivy::{TantivyDocument, Term};

use crate::error::{Error, Result};
use crate::request::Assembly;
use crate::searcher::Searcher;

/// Stages listed at most: a bill has a handful; a key shared by hundreds
/// is not one bill.
const MAX_STAGES: usize = 100;

/// One stage of a bill: an agenda item that took it up.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct BillStage {
    pub agenda_id: String,
    pub meeting_id: String,
    pub meeting_title: String,
    pub body: String,
    pub municipality: String,
    pub date: String,
    pub label: String,
    pub number: String,
    /// The bill key, empty where the item names no numbered bill.
    pub bill: String,
    pub title: String,
    pub outcome: String,
    pub decided_how: String,
}

/// How far from a bill's numbered stages a stage found by its title alone
/// may be, in months: a session and the committee meetings around it.
const TITLE_REACH_MONTHS: u64 = 3;

impl Searcher {
    /// The stages of the bill `item` (of a meeting of `assembly`) is a
    /// stage of: those with its bill key, and the items a committee took up
    /// by title alone (a budget in the 予算特別委員会) near those dates, when
    /// no other numbered bill there has that title. Empty for an item that
    /// names no numbered bill.
    pub fn history(&self, item: &AgendaItem, assembly: &str) -> Result<Vec<BillStage>> {
        let Some(bill) = &item.bill else {
            return Ok(Vec::new());
        };
        let mut stages = self.bill_history(bill)?;
        let key = title_key(&item.title);
        let (Some(first), Some(last)) = (stages.first(), stages.last()) else {
            return Ok(stages);
        };
        if key.is_empty() || assembly.is_empty() {
            return Ok(stages);
        }
        let (from, until) = (months(&first.date), months(&last.date));
        let near = |stage: &BillStage| {
            let at = months(&stage.date);
            at + TITLE_REACH_MONTHS >= from && at <= until + TITLE_REACH_MONTHS
        };
        let query = BooleanQuery::new(vec![
            (
                Occur::Must,
                Box::new(TermQuery::new(
                    Term::from_field_text(self.fields.agenda_title_key, &key),
                    IndexRecordOption::Basic,
                )) as Box<dyn Query>,
            ),
            (Occur::Must, self.assembly_filter(assembly)),
        ]);
        let titled: Vec<BillStage> = self
            .items_of_meetings(&query, |other| title_key(&other.title) == key)?
            .into_iter()
            .filter(near)
            .collect();
        let bills: HashSet<&str> = titled
            .iter()
            .filter(|s| !s.bill.is_empty())
            .map(|s| s.bill.as_str())
            .collect();
        if bills.len() != 1 {
            return Ok(stages);
        }
        let unnumbered: Vec<BillStage> = titled
            .iter()
            .filter(|s| s.bill.is_empty() && stages.iter().all(|t| t.agenda_id != s.agenda_id))
            .cloned()
            .collect();
        stages.extend(unnumbered);
        stages.sort_by(|a, b| (&a.date, &a.meeting_id).cmp(&(&b.date, &b.meeting_id)));
        Ok(stages)
    }

    /// Every item with the bill key `bill`, in date order (a meeting's own
    /// items in their order).
    pub fn bill_history(&self, bill: &str) -> Result<Vec<BillStage>> {
        let query = TermQuery::new(
            Term::from_field_text(self.fields.agenda_bill, bill),
            IndexRecordOption::Basic,
        );
        self.items_of_meetings(&query, |item| item.bill.as_deref() == Some(bill))
    }

    /// Every item of `assembly` (a name or 団体コード) on the ordinance
    /// `ordinance` (as [`ordinance_of`] reads titles), in date order.
    pub fn ordinance_items(&self, ordinance: &str, assembly: &str) -> Result<Vec<BillStage>> {
        self.items_on_ordinance(ordinance, Assembly::parse(assembly).as_ref())
    }

    /// [`Searcher::ordinance_items`] of one assembly, or of every one.
    pub(crate) fn items_on_ordinance(
        &self,
        ordinance: &str,
        assembly: Option<&Assembly>,
    ) -> Result<Vec<BillStage>> {
        let on_it: Box<dyn Query> = Box::new(TermQuery::new(
            Term::from_field_text(self.fields.agenda_ordinance, ordinance),
            IndexRecordOption::Basic,
        ));
        let mut clauses = vec![(Occur::Must, on_it)];
        if let Some(assembly) = assembly {
            clauses.push((Occur::Must, self.municipality_filter(assembly)));
        }
        let query = BooleanQuery::new(clauses);
        self.items_of_meetings(&query, |item| {
            ordinance_of(&item.title).as_deref() == Some(ordinance)
        })
    }

    /// The ids of the items on `ordinance`, of one assembly or of all.
    pub(crate) fn ordinance_item_ids(
        &self,
        ordinance: &str,
        assembly: Option<&Assembly>,
    ) -> Result<std::collections::HashSet<String>> {
        Ok(self
            .items_on_ordinance(ordinance.trim(), assembly)?
            .into_iter()
            .map(|stage| stage.agenda_id)
            .collect())
    }

    /// The items `keep` takes of the meetings `query` finds, in date order.
    fn items_of_meetings(
        &self,
        query: &dyn Query,
        keep: impl Fn(&AgendaItem) -> bool,
    ) -> Result<Vec<BillStage>> {
        let fields = &self.fields;
        let searcher = self.reader.searcher();
        let mut stages = Vec::new();
        for address in searcher.search(query, &DocSetCollector)? {
            let doc: TantivyDocument = searcher.doc(address)?;
            let Some(json) = doc.get_first(fields.meeting_json).and_then(|v| v.as_str()) else {
                continue;
            };
            let meeting: Meeting = serde_json::from_str(json)
                .map_err(|err| Error::Corrupt(format!("a stored meeting: {err}")))?;
            for item in meeting.agenda.iter().filter(|item| keep(item)) {
                stages.push((item.order, stage_of(&meeting, item)));
            }
            if stages.len() > MAX_STAGES {
                break;
            }
        }
        stages.sort_by(|(a_order, a), (b_order, b)| {
            (&a.date, &a.meeting_id, a_order).cmp(&(&b.date, &b.meeting_id, b_order))
        });
        Ok(stages
            .into_iter()
            .map(|(_, stage)| stage)
            .take(MAX_STAGES)
            .collect())
    }
}

/// Months since year 0 of an ISO date: a coarse clock for nearness.
fn months(iso: &str) -> u64 {
    let key = date_key(iso);
    key / 10_000 * 12 + key / 100 % 100
}

fn stage_of(meeting: &Meeting, item: &AgendaItem) -> BillStage {
    BillStage {
        agenda_id: agenda_id(&meeting.id, item.order),
        meeting_id: meeting.id.clone(),
        meeting_title: meeting.title.clone(),
        body: meeting.body.clone(),
        municipality: meeting.municipality.clone(),
        date: meeting.date.clone(),
        label: item.label.clone(),
        number: item.number.clone().unwrap_or_default(),
        bill: item.bill.clone().unwrap_or_default(),
        title: item.title.clone(),
        outcome: item.outcome.clone().unwrap_or_default(),
        decided_how: item.decided_how.clone().unwrap_or_default(),
    }
}

/// An ordinance of an assembly, with how many items took it up.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Ordinance {
    pub name: String,
    /// Meetings whose items took it up.
    pub meetings: u64,
}

impl Searcher {
    /// The ordinances `assembly`'s items amend or enact, most often
    /// taken up first.
    pub fn ordinances(&self, assembly: &str) -> Result<Vec<Ordinance>> {
        let assembly = assembly.trim();
        if assembly.is_empty() {
            return Err(Error::invalid(
                "municipality",
                "自治体名か団体コードを指定してください",
            ));
        }
        let searcher = self.reader.searcher();
        let query = BooleanQuery::new(vec![
            (
                Occur::Must,
                Box::new(TermQuery::new(
                    Term::from_field_text(self.fields.kind, kaigiroku_core::schema::MEETING_KIND),
                    IndexRecordOption::Basic,
                )) as Box<dyn Query>,
            ),
            (Occur::Must, self.assembly_filter(assembly)),
        ]);
        let counts = searcher.search(
            &query,
            &crate::facets::FacetCollector {
                facets: &[crate::facets::Facet::Ordinance],
            },
        )?;
        Ok(
            crate::facets::top(&counts, crate::facets::Facet::Ordinance, usize::MAX)
                .into_iter()
                .map(|(name, meetings)| Ordinance { name, meetings })
                .collect(),
        )
    }
}
