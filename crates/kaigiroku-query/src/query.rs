//! From a request to a tantivy query: each word a phrase of its bigrams
//! (substring semantics), whole words ranked higher, names and the forms a
//! word takes in context as alternatives, then the filters.

use std::ops::Bound;

use kaigiroku_core::analysis::{
    NUMERAL_CONTEXT, Token, for_each_gram, is_kanji_numeral, name_key, normalize,
};
use kaigiroku_core::model::Category;
use kaigiroku_core::schema::MEETING_KIND;
use tantivy::Term;
use tantivy::query::{
    AllQuery, BooleanQuery, BoostQuery, ConstScoreQuery, Occur, PhraseQuery, Query, RangeQuery,
    TermQuery, TermSetQuery,
};
use tantivy::schema::{Field, IndexRecordOption};

use crate::affix::AffixQuery;
use crate::error::Result;
use crate::fold::push_new;
use crate::highlight::Highlighter;
use crate::passage::QueryWords;
use crate::request::{Assembly, NameMatch};
use crate::request::{DateBound, Filter, KeywordField, SearchRequest};
use crate::results::Folded;
use crate::searcher::Searcher;
use crate::syntax::{Clause, parse};

/// How one query word was read.
#[derive(Default)]
struct Word {
    normalized: String,
    /// Its bigrams, as reported.
    terms: Vec<Vec<String>>,
    /// Its bigrams and those of its forms in context, to highlight.
    highlighted: Vec<Vec<String>>,
    /// The queries any of which finds it.
    alternatives: Vec<(Occur, Box<dyn Query>)>,
    /// Its other spellings searched with it.
    folded: Option<Folded>,
}

/// What a speech that holds a word only in another spelling weighs against
/// one holding it as typed: the typed spelling ranks first.
const OTHER_SPELLING: f32 = 0.3;

/// A request as tantivy runs it, with how its words were read.
pub(crate) struct QueryPlan {
    pub query: BooleanQuery,
    /// The query as normalized by the analyzer.
    pub normalized: String,
    /// The terms each query word became (bigrams).
    pub terms: Vec<Vec<String>>,
    /// Those terms and the forms they take in context.
    pub highlighter: Highlighter,
    /// The words searched in other spellings too.
    pub folded: Vec<Folded>,
    /// With `folded`: the query of the words as typed, whose speeches rank
    /// first.
    pub typed: Option<Box<dyn Query>>,
    /// The words, each in every spelling searched, for the passage score.
    pub words: QueryWords,
    /// Scores a speech by how many of the words its agenda item's title
    /// holds (1 each); None without words.
    pub title: Option<Box<dyn Query>>,
}

impl Searcher {
    /// What `query` highlights, exactly as a search for it would.
    pub fn highlighter(&self, query: &str) -> Result<Highlighter> {
        let request = SearchRequest {
            query: query.to_string(),
            ..SearchRequest::default()
        };
        Ok(self.plan(&request)?.highlighter)
    }

    /// The tantivy query for a request, how its words were read, and what
    /// to highlight.
    pub(crate) fn plan(&self, request: &SearchRequest) -> Result<QueryPlan> {
        self.plan_clauses(request, &parse(&request.query))
    }

    /// The plan of `words`, the query already read into clauses, under the
    /// request's filters (its own query text is not read again).
    pub(crate) fn plan_clauses(
        &self,
        request: &SearchRequest,
        words: &[Clause],
    ) -> Result<QueryPlan> {
        request.check()?;
        let mut clauses: Vec<(Occur, Box<dyn Query>)> = Vec::new();
        let mut terms: Vec<Vec<String>> = Vec::new();
        let mut highlight_words: Vec<Vec<Vec<String>>> = Vec::new();
        let mut normalized_words = Vec::new();
        let mut folded = Vec::new();
        let mut query_words = QueryWords::new();
        for clause in words {
            match clause {
                Clause::AnyOf(words) => {
                    let mut alternatives: Vec<(Occur, Box<dyn Query>)> = Vec::new();
                    for word in words {
                        let read = self.word(word, request.names, request.fold);
                        normalized_words.push(read.normalized);
                        folded.extend(read.folded);
                        terms.extend(read.terms);
                        query_words.push(
                            read.highlighted
                                .iter()
                                .filter(|grams| grams.iter().all(|g| g.chars().count() == 2))
                                .cloned()
                                .collect(),
                        );
                        highlight_words.push(read.highlighted);
                        alternatives.extend(read.alternatives);
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
        clauses.extend(self.filters(request)?);
        // Meeting documents have no text, so words never match them; a
        // search by filters alone must leave them out explicitly.
        if terms.is_empty() {
            if !clauses.iter().any(|(occur, _)| *occur == Occur::Must) {
                clauses.push((Occur::Must, Box::new(AllQuery)));
            }
            clauses.push((
                Occur::MustNot,
                Box::new(TermQuery::new(
                    Term::from_field_text(self.fields.kind, MEETING_KIND),
                    IndexRecordOption::Basic,
                )),
            ));
        }
        Ok(QueryPlan {
            query: BooleanQuery::new(clauses),
            normalized: normalized_words.join(" "),
            terms,
            highlighter: Highlighter::of_words(self.analyzer.clone(), highlight_words),
            typed: if folded.is_empty() {
                None
            } else {
                let as_typed = SearchRequest {
                    fold: false,
                    ..request.clone()
                };
                Some(Box::new(self.plan_clauses(&as_typed, words)?.query))
            },
            folded,
            title: self.title_query(&query_words),
            words: query_words,
        })
    }

    /// [`QueryPlan::title`]: each word in any of its spellings, 1 for each
    /// word the title holds.
    fn title_query(&self, words: &QueryWords) -> Option<Box<dyn Query>> {
        let field = self.fields.agenda_title_gram;
        let each: Vec<(Occur, Box<dyn Query>)> = words
            .iter()
            .filter_map(|spellings| {
                let any: Vec<(Occur, Box<dyn Query>)> = spellings
                    .iter()
                    .filter_map(|grams| phrase_or_term(field, &tokens_of(grams)))
                    .map(|query| (Occur::Should, query))
                    .collect();
                (!any.is_empty()).then(|| {
                    let word: Box<dyn Query> =
                        Box::new(ConstScoreQuery::new(Box::new(BooleanQuery::new(any)), 1.0));
                    (Occur::Should, word)
                })
            })
            .collect();
        (!each.is_empty()).then(|| Box::new(BooleanQuery::new(each)) as Box<dyn Query>)
    }

    /// One word of the query, and what else finds it: the speeches of a
    /// speaker so named (when `names`), and the forms the word takes in
    /// context.
    fn word(&self, word: &str, names: bool, fold: bool) -> Word {
        let analysis = self.analyzer.analyze(word);
        let mut read = Word {
            normalized: analysis.normalized.text.clone(),
            ..Word::default()
        };
        if let Some(query) = self.word_query(&analysis.grams, &analysis.morphemes) {
            let grams = gram_texts(&analysis.grams);
            read.terms.push(grams.clone());
            read.highlighted.push(grams);
            read.alternatives.push((Occur::Should, query));
        }
        if names && let Some(query) = self.name_query(word) {
            read.alternatives.push((Occur::Should, query));
        }
        if let Some(query) = self.cut_number_query(word, &analysis.normalized.text) {
            read.alternatives.push((Occur::Should, query));
        }
        for variant in context_variants(word, &analysis.normalized.text) {
            let grams = gram_tokens(&variant);
            if let Some(query) = self.gram_query(&grams) {
                read.highlighted.push(gram_texts(&grams));
                read.alternatives.push((Occur::Should, query));
            }
        }
        if fold && !read.alternatives.is_empty() {
            let spellings = self.spellings_of(&analysis.normalized.text);
            for spelling in &spellings {
                let other = self.analyzer.analyze(spelling);
                if let Some(query) = self.word_query(&other.grams, &other.morphemes) {
                    read.highlighted.push(gram_texts(&other.grams));
                    read.alternatives.push((
                        Occur::Should,
                        Box::new(BoostQuery::new(query, OTHER_SPELLING)),
                    ));
                }
            }
            if !spellings.is_empty() {
                // Searched apart, シルバー人材センタ and シルバー人材センター
                // print alike: each is named once.
                let dictionary = self.analyzer.spellings();
                let mut printed = Vec::new();
                for spelling in &spellings {
                    push_new(&mut printed, &dictionary.as_printed(spelling));
                }
                read.folded = Some(Folded {
                    word: word.to_string(),
                    spellings: printed,
                });
            }
        }
        read
    }

    /// A word that starts or ends with a kanji number also matches where
    /// the text's number goes on: 十三年 inside 二十三年, 二百九 inside
    /// 二百九十. The index reads those numbers as 23 and 290, so the word is
    /// looked up as printed in the text kept around numbers
    /// (`text_numerals`). As numbers they differ, so these speeches rank
    /// after all others (score 0), but a search still finds every
    /// substring of the text.
    fn cut_number_query(&self, word: &str, normalized: &str) -> Option<Box<dyn Query>> {
        let plain = normalize(word).text;
        let at_edge = plain.starts_with(is_kanji_numeral) || plain.ends_with(is_kanji_numeral);
        if !at_edge || plain == normalized || plain.chars().count() > NUMERAL_CONTEXT + 1 {
            return None;
        }
        let query = grams_query(self.fields.text_numerals, &gram_tokens(&plain))?;
        Some(Box::new(ConstScoreQuery::new(query, 0.0)))
    }

    /// A person's name typed as a word finds what they said: a name from
    /// its start (平和 is not 大平和夫), ranked below the speeches that say
    /// the word.
    fn name_query(&self, word: &str) -> Option<Box<dyn Query>> {
        let key = name_key(word);
        let written_as_a_name = key.chars().count() >= 2
            && key
                .chars()
                .all(|c| matches!(c, '\u{3041}'..='\u{30FA}' | '\u{4E00}'..='\u{9FFF}'));
        if !written_as_a_name {
            return None;
        }
        let query = AffixQuery::starting_with(self.fields.speaker_name, &key);
        Some(Box::new(BoostQuery::new(Box::new(query), 0.5)))
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

    pub(crate) fn gram_query(&self, grams: &[Token]) -> Option<Box<dyn Query>> {
        grams_query(self.fields.text_gram, grams)
    }

    /// The filters of a request, each a clause every result must meet.
    fn filters(&self, request: &SearchRequest) -> Result<Vec<(Occur, Box<dyn Query>)>> {
        let fields = &self.fields;
        let mut filters: Vec<Box<dyn Query>> = Vec::new();
        if let Some(category) = request.category {
            filters.push(exact(fields.speaker_category, category.as_str()));
        }
        if request.answers {
            let answering = [Category::Executive, Category::Staff]
                .map(|c| (Occur::Should, exact(fields.speaker_category, c.as_str())));
            filters.push(Box::new(BooleanQuery::new(answering.into())));
        }
        // Names are matched on their folded key, from their start.
        match &request.speaker {
            Some(NameMatch::Exact(name)) => {
                filters.push(exact(fields.speaker_name, &name_key(name)))
            }
            Some(NameMatch::Partial(name)) => filters.push(Box::new(AffixQuery::starting_with(
                fields.speaker_name,
                &name_key(name),
            ))),
            None => {}
        }
        match &request.position {
            Some(NameMatch::Exact(position)) => {
                filters.push(exact(fields.speaker_position, position))
            }
            Some(NameMatch::Partial(position)) => filters.push(Box::new(AffixQuery::containing(
                fields.speaker_position,
                position,
            ))),
            None => {}
        }
        if let Some(outcome) = request.outcome {
            filters.push(exact(fields.agenda_outcome, outcome.as_str()));
        }
        if let Some(body) = given(&request.body) {
            filters.push(exact(fields.body, body));
        }
        if let Some(agenda) = given(&request.agenda) {
            filters.push(exact(fields.agenda_label, agenda));
        }
        if let Some(ordinance) = given(&request.ordinance) {
            let items = self.ordinance_item_ids(ordinance, request.municipality.as_ref())?;
            filters.push(self.agenda_items(&items));
        }
        if let Some(assembly) = &request.municipality {
            filters.push(self.municipality_filter(assembly));
        }
        for filter in &request.extra {
            filters.push(self.extra_filter(filter)?);
        }
        if !request.dates.is_empty() {
            let bound = |bound: &Option<DateBound>| match bound {
                Some(bound) => Bound::Included(Term::from_field_u64(fields.date_key, bound.key)),
                None => Bound::Unbounded,
            };
            filters.push(Box::new(RangeQuery::new(
                bound(&request.dates.from),
                bound(&request.dates.until),
            )));
        }
        Ok(filters.into_iter().map(|f| (Occur::Must, f)).collect())
    }

    /// Speeches under one of these agenda items.
    fn agenda_items<'a>(&self, ids: impl IntoIterator<Item = &'a String>) -> Box<dyn Query> {
        let terms = ids
            .into_iter()
            .map(|id| Term::from_field_text(self.fields.agenda_id, id));
        Box::new(TermSetQuery::new(terms))
    }

    /// The assembly a non-empty name or code names.
    pub(crate) fn assembly_filter(&self, given: &str) -> Box<dyn Query> {
        let assembly = Assembly::parse(given).unwrap_or(Assembly::Name(String::new()));
        self.municipality_filter(&assembly)
    }

    /// One assembly, by its 団体コード or its name.
    pub(crate) fn municipality_filter(&self, assembly: &Assembly) -> Box<dyn Query> {
        let field = if matches!(assembly, Assembly::Code(_)) {
            self.fields.municipality_code
        } else {
            self.fields.municipality
        };
        exact(field, assembly.as_str())
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
            KeywordField::SpeakerKey => fields.speaker_key,
        }
    }

    fn extra_filter(&self, filter: &Filter) -> Result<Box<dyn Query>> {
        Ok(match filter {
            Filter::ContainsAny(field, values) => {
                let field = self.keyword_field(*field);
                let alternatives: Vec<(Occur, Box<dyn Query>)> = values
                    .iter()
                    .map(|value| {
                        let query: Box<dyn Query> = Box::new(AffixQuery::containing(field, value));
                        (Occur::Should, query)
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
            Filter::AgendaItems(ids) => self.agenda_items(ids),
        })
    }
}

/// Other forms a word can take in the index when the text around it changed
/// how it was normalized: the word without the number rewrite (lindera
/// kept 八 inside 井上八郎 as part of a name), and without a final ー that
/// the longer katakana word of the text lost (リー化 inside バリアフリー化).
fn context_variants(word: &str, normalized: &str) -> Vec<String> {
    let mut variants = Vec::new();
    let plain = normalize(word).text;
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

/// A string as its bigrams in a bigram field: a phrase of them, or for
/// one character every term that starts with it.
fn grams_query(field: Field, grams: &[Token]) -> Option<Box<dyn Query>> {
    let bigrams: Vec<Token> = grams
        .iter()
        .filter(|t| t.text.chars().count() == 2)
        .cloned()
        .collect();
    if bigrams.is_empty() {
        let single = grams.first()?;
        return Some(Box::new(AffixQuery::starting_with(field, &single.text)));
    }
    phrase_or_term(field, &bigrams)
}

/// Consecutive bigrams as tokens at consecutive positions.
fn tokens_of(grams: &[String]) -> Vec<Token> {
    grams
        .iter()
        .enumerate()
        .map(|(position, text)| Token {
            text: text.clone(),
            position,
            offset_from: 0,
            offset_to: 0,
            position_length: 1,
        })
        .collect()
}

/// Bigram tokens (text and position) of an already normalized string.
fn gram_tokens(text: &str) -> Vec<Token> {
    let mut tokens = Vec::new();
    for_each_gram(text, |position, start, end| {
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
            let terms = covering(tokens)
                .into_iter()
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

/// The fewest bigrams of a word (positions ascending) that still pin every
/// character the bigrams cover: していると needs して, いる and ると, not
/// てい. The phrase then reads fewer posting and position lists for the
/// same matches, since a bigram at position p fixes the characters p and
/// p + 1.
fn covering(bigrams: &[Token]) -> Vec<&Token> {
    let mut chosen: Vec<&Token> = Vec::with_capacity(bigrams.len() / 2 + 1);
    let mut index = 0;
    while index < bigrams.len() {
        let token = &bigrams[index];
        chosen.push(token);
        // Characters up to `end` are pinned. The next bigram to read starts
        // right after them; failing that (the word ends there), on the last
        // of them; failing both, after a space.
        let end = token.position + 1;
        let after = bigrams[index + 1..]
            .iter()
            .position(|t| t.position > end)
            .map_or(bigrams.len(), |skip| index + 1 + skip);
        let adjacent = bigrams.get(after).is_some_and(|t| t.position == end + 1);
        let overlapping = after > index + 1 && bigrams[after - 1].position == end;
        index = if !adjacent && overlapping {
            after - 1
        } else {
            after
        };
    }
    chosen
}

/// A text filter's value, trimmed; None when empty.
fn given(value: &Option<String>) -> Option<&str> {
    value.as_deref().map(str::trim).filter(|v| !v.is_empty())
}

/// The keyword field holds exactly `value`.
fn exact(field: Field, value: &str) -> Box<dyn Query> {
    Box::new(TermQuery::new(
        Term::from_field_text(field, value),
        IndexRecordOption::Basic,
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn bigrams(text: &str) -> Vec<Token> {
        gram_tokens(text)
            .into_iter()
            .filter(|t| t.text.chars().count() == 2)
            .collect()
    }

    fn cover(text: &str) -> Vec<(usize, String)> {
        covering(&bigrams(text))
            .into_iter()
            .map(|t| (t.position, t.text.clone()))
            .collect()
    }

    #[test]
    fn a_cover_pins_every_character_with_fewer_bigrams() {
        let pairs = |list: &[(usize, &str)]| {
            list.iter()
                .map(|(p, t)| (*p, t.to_string()))
                .collect::<Vec<_>>()
        };
        assert_eq!(cover("京都"), pairs(&[(0, "京都")]));
        assert_eq!(cover("委員会"), pairs(&[(0, "委員"), (1, "員会")]));
        assert_eq!(cover("保育園児"), pairs(&[(0, "保育"), (2, "園児")]));
        assert_eq!(
            cover("していると"),
            pairs(&[(0, "して"), (2, "いる"), (3, "ると")])
        );
        // A space splits the word; each side is pinned whole.
        assert_eq!(
            cover("子育て 支援策"),
            pairs(&[(0, "子育"), (1, "育て"), (4, "支援"), (5, "援策")])
        );
    }

    #[test]
    fn every_character_of_a_long_word_stays_pinned() {
        for text in [
            "ただきたいというこ",
            "地方自治法第百条",
            "ab cd ef",
            "ますけれども",
        ] {
            let all = bigrams(text);
            let chosen = covering(&all);
            let pinned = |tokens: &[&Token]| {
                let mut set: Vec<usize> = tokens
                    .iter()
                    .flat_map(|t| [t.position, t.position + 1])
                    .collect();
                set.sort();
                set.dedup();
                set
            };
            assert_eq!(
                pinned(&chosen),
                pinned(&all.iter().collect::<Vec<_>>()),
                "{text}"
            );
            if !text.contains(' ') {
                assert!(chosen.len() <= all.len() / 2 + 1, "{text}");
            }
        }
    }
}
