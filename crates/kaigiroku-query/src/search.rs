//! Searching the index: speeches in order, grouped by meeting, or every
//! match for an export. Query building is in [`crate::query`], agenda items
//! in [`crate::agenda`].

use kaigiroku_core::model::Category;
use kaigiroku_core::schema::field;
use std::cmp::Ordering;
use tantivy::collector::{Collector, Count, TopDocs};

use tantivy::query::{BooleanQuery, ConstScoreQuery, Occur, Query, TermQuery};
use tantivy::schema::{IndexRecordOption, Value};
use tantivy::{Order, TantivyDocument, Term};

use crate::error::Result;
use crate::facets::{Facet, FacetCollector};
use crate::highlight::{Highlighter, Marked};
use crate::meeting_ids::segment_ids;
use crate::meetings::{MeetingCollector, MeetingMatch, sort_meetings};
use crate::passage::densest;
use crate::query::QueryPlan;
use crate::ranking::{Priors, RERANK_DEPTH, Ranking, passage_factor, substance, title_factor};
use crate::request::{Detail, SearchRequest, Sort};
use crate::results::{Explain, Hit, MeetingGroup, MeetingResult, SearchResult};
use crate::searcher::{Searcher, nth_value, stored_text};

/// A page of hits: each with its score (0 when sorted by date) and address.
pub(crate) type Page = Vec<(f32, tantivy::DocAddress)>;

/// Characters of a snippet.
const SNIPPET_WIDTH: usize = 120;
/// Speeches shown per meeting in grouped results.
pub const BEST_PER_MEETING: usize = 3;

impl Searcher {
    /// Speeches matching, a page of them.
    pub fn search(&self, request: &SearchRequest) -> Result<SearchResult> {
        let plan = self.plan(request)?;
        let searcher = self.reader.searcher();
        let facets = request.facets.then_some(FacetCollector {
            facets: &Facet::SEARCH,
        });
        // The count, the facets and the page in one pass over the matches:
        // a phrase's positions are checked once, not once for the count and
        // again for the page.
        let ((total, facets), page) = self.top_with(
            &searcher,
            &plan.query,
            Ranking::of(&plan),
            (Count, facets),
            request.sort,
            request.limit,
            request.offset,
        )?;
        Ok(SearchResult {
            total,
            hits: self.page_hits(&searcher, page, request.offset, request, &plan)?,
            facets: facets.unwrap_or_default(),
            normalized: plan.normalized,
            terms: plan.terms,
            folded: plan.folded,
        })
    }

    /// Meetings holding a matching speech, a page of them (`offset` and
    /// `limit` count meetings), each with its best speeches.
    pub fn search_meetings(&self, request: &SearchRequest) -> Result<MeetingResult> {
        let plan = self.plan(request)?;
        let searcher = self.reader.searcher();
        let facets = request.facets.then_some(FacetCollector {
            facets: &Facet::SEARCH,
        });
        let (total, facets) = searcher.search(&plan.query, &(Count, facets))?;
        let (total_meetings, groups) = self.group(&searcher, request, &plan)?;
        Ok(MeetingResult {
            total,
            total_meetings,
            groups,
            facets: facets.unwrap_or_default(),
            normalized: plan.normalized,
            terms: plan.terms,
            folded: plan.folded,
        })
    }

    /// The hits of a page, with what `request.detail` asks for; `first` is
    /// the rank of the page's first hit among those it was ranked with.
    fn page_hits(
        &self,
        searcher: &tantivy::Searcher,
        page: Page,
        first: usize,
        request: &SearchRequest,
        plan: &QueryPlan,
    ) -> Result<Vec<Hit>> {
        let reranked = |rank: usize| request.sort == Sort::Relevance && first + rank < RERANK_DEPTH;
        // One set of priors for the page's explanations.
        let priors = if request.explain {
            Some(Priors::new(
                searcher,
                self.fields.text_gram,
                Ranking::of(plan),
            )?)
        } else {
            None
        };
        let explain = |address, score, rank| -> Result<Option<Explain>> {
            priors
                .as_ref()
                .map(|priors| self.explain(searcher, plan, priors, address, score, reranked(rank)))
                .transpose()
        };
        if request.detail == Detail::Id {
            let mut hits = self.meeting_ids.hits(searcher, page.clone())?;
            for (rank, (hit, (score, address))) in hits.iter_mut().zip(page).enumerate() {
                hit.explain = explain(address, score, rank)?;
            }
            return Ok(hits);
        }
        let highlighter = request.snippets.then_some(&plan.highlighter);
        page.into_iter()
            .enumerate()
            .map(|(rank, (score, address))| {
                let doc: TantivyDocument = searcher.doc(address)?;
                let mut hit = self.hit(&doc, score, highlighter);
                hit.explain = explain(address, score, rank)?;
                Ok(hit)
            })
            .collect()
    }

    /// The parts of a hit's score ([`Explain`]).
    fn explain(
        &self,
        searcher: &tantivy::Searcher,
        plan: &QueryPlan,
        priors: &Priors,
        address: tantivy::DocAddress,
        score: f32,
        reranked: bool,
    ) -> Result<Explain> {
        let text = plan.query.explain(searcher, address)?;
        let segment = searcher.segment_reader(address.segment_ord);
        let prior = priors.segment(segment).of(address.doc_id);
        let passage = densest(searcher, self.fields.text_gram, &plan.words, &[address])?[0];
        Ok(Explain {
            text: text.value(),
            length: prior.length,
            length_factor: substance(prior.length),
            title_share: prior.title_share,
            title_factor: title_factor(prior.title_share),
            by_chair: prior.by_chair,
            role_factor: prior.role_factor(),
            passage,
            passage_factor: if reranked {
                passage_factor(passage)
            } else {
                1.0
            },
            as_typed: prior.as_typed,
            score,
            text_parts: serde_json::to_value(&text).unwrap_or_default(),
        })
    }

    /// Every distinct meeting of the matching speeches in `request.sort`
    /// order, exact at any size.
    pub fn matching_meetings(&self, request: &SearchRequest) -> Result<Vec<MeetingMatch>> {
        let plan = self.plan(request)?;
        let searcher = self.reader.searcher();
        self.meetings_of(&searcher, &plan.query, Ranking::of(&plan), request.sort)
    }

    fn meetings_of(
        &self,
        searcher: &tantivy::Searcher,
        query: &dyn Query,
        ranking: Ranking<'_>,
        sort: Sort,
    ) -> Result<Vec<MeetingMatch>> {
        let collector = MeetingCollector {
            priors: match sort {
                Sort::Relevance => Some(Priors::new(searcher, self.fields.text_gram, ranking)?),
                _ => None,
            },
            names: &self.meeting_ids,
            searched: segment_ids(searcher),
        };
        let mut meetings: Vec<MeetingMatch> =
            searcher.search(query, &collector)?.into_values().collect();
        sort_meetings(&mut meetings, sort);
        Ok(meetings)
    }

    /// The page's meetings, each with its best speeches: by score when
    /// ranked by relevance, else in the order they were made.
    fn group(
        &self,
        searcher: &tantivy::Searcher,
        request: &SearchRequest,
        plan: &QueryPlan,
    ) -> Result<(usize, Vec<MeetingGroup>)> {
        let meetings = self.meetings_of(searcher, &plan.query, Ranking::of(plan), request.sort)?;
        let total = meetings.len();
        let mut groups = Vec::new();
        let within = match request.sort {
            Sort::Relevance => Sort::Relevance,
            _ => Sort::DateDescThenOrder,
        };
        for meeting in meetings
            .into_iter()
            .skip(request.offset)
            .take(request.limit)
        {
            // The meeting narrows without scoring: a hit keeps the score
            // it has in the whole result.
            let this_meeting = TermQuery::new(
                Term::from_field_text(self.fields.meeting_id, &meeting.meeting_id),
                IndexRecordOption::Basic,
            );
            let in_meeting = BooleanQuery::new(vec![
                (Occur::Must, Box::new(plan.query.clone()) as Box<dyn Query>),
                (
                    Occur::Must,
                    Box::new(ConstScoreQuery::new(Box::new(this_meeting), 0.0)),
                ),
            ]);
            let ranking = Ranking::of(plan);
            let page = self.top(searcher, &in_meeting, ranking, within, BEST_PER_MEETING, 0)?;
            let best = self.page_hits(searcher, page, 0, request, plan)?;
            groups.push(MeetingGroup {
                meeting_id: meeting.meeting_id,
                hits_in_meeting: meeting.speeches,
                best,
            });
        }
        Ok((total, groups))
    }

    /// The ids of every matching speech, in no particular order (for
    /// measuring recall; cheap: read from a fast field, no documents loaded).
    pub fn matching_ids(&self, request: &SearchRequest) -> Result<Vec<String>> {
        let plan = self.plan(request)?;
        Ok(self
            .reader
            .searcher()
            .search(&plan.query, &crate::facets::IdCollector)?)
    }

    /// The matching speeches in result order after the first `skip`, up to
    /// `limit`, each with its whole text, for exports and the NDL API (whose
    /// startRecord goes deeper than pages do); `each` returns false to stop.
    pub fn all_hits(
        &self,
        request: &SearchRequest,
        skip: usize,
        limit: usize,
        mut each: impl FnMut(Hit, &str) -> bool,
    ) -> Result<usize> {
        let plan = self.plan(request)?;
        let searcher = self.reader.searcher();
        let mut sent = 0;
        let ranking = Ranking::of(&plan);
        for (score, address) in
            self.top(&searcher, &plan.query, ranking, request.sort, limit, skip)?
        {
            let doc: TantivyDocument = searcher.doc(address)?;
            let text = doc
                .get_first(self.fields.text)
                .and_then(|v| v.as_str())
                .unwrap_or("")
                .to_string();
            sent += 1;
            let hit = self.hit(&doc, score, request.snippets.then_some(&plan.highlighter));
            if !each(hit, &text) {
                break;
            }
        }
        Ok(sent)
    }

    pub(crate) fn top(
        &self,
        searcher: &tantivy::Searcher,
        query: &dyn Query,
        ranking: Ranking<'_>,
        sort: Sort,
        limit: usize,
        offset: usize,
    ) -> Result<Page> {
        let (_, page) =
            self.top_with(searcher, query, ranking, None::<Count>, sort, limit, offset)?;
        Ok(page)
    }

    /// The page of [`Searcher::top`], and what `extra` collects in the same
    /// pass. By relevance, the speeches `typed` matches (the words as typed,
    /// when other spellings were searched too) come first.
    #[allow(clippy::too_many_arguments)]
    pub(crate) fn top_with<C: Collector>(
        &self,
        searcher: &tantivy::Searcher,
        query: &dyn Query,
        ranking: Ranking<'_>,
        extra: C,
        sort: Sort,
        limit: usize,
        offset: usize,
    ) -> Result<(C::Fruit, Page)> {
        let collector = TopDocs::with_limit(limit.max(1)).and_offset(offset);
        fn unscored<F, K>(
            (fruit, found): (F, Vec<(K, tantivy::DocAddress)>),
        ) -> (F, Vec<(f32, tantivy::DocAddress)>) {
            let page = found
                .into_iter()
                .map(|(_, address)| (0.0, address))
                .collect();
            (fruit, page)
        }
        Ok(match sort {
            Sort::Relevance => {
                let text = self.fields.text_gram;
                let priors = Priors::new(searcher, text, ranking)?;
                // The passage score reorders the first RERANK_DEPTH, the
                // same on every page.
                let collector = TopDocs::with_limit((offset + limit).max(RERANK_DEPTH));
                let ranked = collector.tweak_score(move |segment: &tantivy::SegmentReader| {
                    let priors = priors.segment(segment);
                    let fast = segment.fast_fields();
                    let dates = fast.u64(field::DATE_KEY).ok();
                    let orders = fast.u64(field::ORDER).ok();
                    move |doc: tantivy::DocId, score: tantivy::Score| {
                        let date = dates.as_ref().and_then(|c| c.first(doc)).unwrap_or(0);
                        let order = orders.as_ref().and_then(|c| c.first(doc)).unwrap_or(0);
                        let prior = priors.of(doc);
                        // Equal scores in the order of the minutes, newest
                        // first: the same on every ingest.
                        (
                            prior.as_typed,
                            score * prior.factor(),
                            date,
                            std::cmp::Reverse(order),
                        )
                    }
                });
                let (fruit, mut found) = searcher.search(query, &(extra, ranked))?;
                let head = found.len().min(RERANK_DEPTH);
                let addresses: Vec<_> = found[..head].iter().map(|(_, a)| *a).collect();
                let density = densest(searcher, text, ranking.words, &addresses)?;
                for ((key, _), density) in found.iter_mut().zip(density) {
                    key.1 *= passage_factor(density);
                }
                found[..head].sort_by(|a, b| b.0.partial_cmp(&a.0).unwrap_or(Ordering::Equal));
                let page = found
                    .into_iter()
                    .skip(offset)
                    .take(limit)
                    .map(|((_, score, ..), address)| (score, address))
                    .collect();
                (fruit, page)
            }
            Sort::DateDescThenOrder => {
                let scored = collector.tweak_score(|segment: &tantivy::SegmentReader| {
                    // Every speech has both columns (the schema's); a
                    // segment without them would sort as undated.
                    let fast = segment.fast_fields();
                    let dates = fast.u64(field::DATE_KEY).ok();
                    let orders = fast.u64(field::ORDER).ok();
                    move |doc: tantivy::DocId, _score: tantivy::Score| {
                        let date = dates.as_ref().and_then(|c| c.first(doc)).unwrap_or(0);
                        let order = orders.as_ref().and_then(|c| c.first(doc)).unwrap_or(0);
                        date * 1_000_000 + (999_999 - order.min(999_999))
                    }
                });
                unscored(searcher.search(query, &(extra, scored))?)
            }
            Sort::DateDesc | Sort::DateAsc => {
                let order = if sort == Sort::DateDesc {
                    Order::Desc
                } else {
                    Order::Asc
                };
                let by_date = collector.order_by_fast_field::<u64>(field::DATE_KEY, order);
                unscored(searcher.search(query, &(extra, by_date))?)
            }
        })
    }

    pub(crate) fn hit(
        &self,
        doc: &TantivyDocument,
        score: f32,
        highlighter: Option<&Highlighter>,
    ) -> Hit {
        let text = |field| stored_text(doc, field);
        let fields = &self.fields;
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
            format: text(fields.format),
            speaker_label: text(fields.speaker_label),
            speaker_position: text(fields.speaker_position),
            speaker_category: Category::parse(&text(fields.speaker_category)),
            speaker_key: text(fields.speaker_key),
            speaker_name: text(fields.speaker_display_name),
            speaker_yomi: text(fields.speaker_yomi),
            speaker_group: text(fields.speaker_group),
            agenda_label: text(fields.agenda_label),
            agenda_title: text(fields.agenda_title),
            agenda_outcome: nth_value(doc, fields.agenda_outcome, 0),
            snippet: highlighter.map_or_else(Marked::default, |h| {
                let speech = doc.get_first(fields.text).and_then(|v| v.as_str());
                h.snippet(speech.unwrap_or(""), SNIPPET_WIDTH)
            }),
            score,
            explain: None,
        }
    }
}
