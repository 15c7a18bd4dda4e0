//! From a request to a tantivy query: each word a phrase of its bigrams
//! (substring semantics), whole words ranked higher, names and the forms a
//! word takes in context as alternatives, then the filters.

use std::ops::Bound;

use kaigiroku_core::analysis::{Token, for_each_gram, name_key, normalize};
use kaigiroku_core::model::Category;
use kaigiroku_core::schema::MEETING_KIND;
use tantivy::Term;
use tantivy::query::{
    AllQuery, BooleanQuery, BoostQuery, Occur, PhraseQuery, Query, RangeQuery, RegexQuery,
    TermQuery,
};
use tantivy::schema::{Field, IndexRecordOption};

use crate::error::{Error, Result};
use crate::highlight::Highlighter;
use crate::request::{DateBound, Filter, KeywordField, SearchRequest};
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
}

/// A request as tantivy runs it, with how its words were read.
pub(crate) struct QueryPlan {
    pub query: BooleanQuery,
    /// The query as normalized by the analyzer.
    pub normalized: String,
    /// The terms each query word became (bigrams).
    pub terms: Vec<Vec<String>>,
    /// Those terms and the forms they take in context.
    pub highlighter: Highlighter,
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
        request.check()?;
        let mut clauses: Vec<(Occur, Box<dyn Query>)> = Vec::new();
        let mut terms: Vec<Vec<String>> = Vec::new();
        let mut highlight_terms: Vec<Vec<String>> = Vec::new();
        let mut normalized_words = Vec::new();
        for clause in &parse(&request.query) {
            match clause {
                Clause::AnyOf(words) => {
                    let mut alternatives: Vec<(Occur, Box<dyn Query>)> = Vec::new();
                    for word in words {
                        let read = self.word(word, request.names);
                        normalized_words.push(read.normalized);
                        terms.extend(read.terms);
                        highlight_terms.extend(read.highlighted);
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
            highlighter: Highlighter::new(self.analyzer.clone(), highlight_terms),
        })
    }

    /// One word of the query, and what else finds it: the speeches of a
    /// speaker so named (when `names`), and the forms the word takes in
    /// context.
    fn word(&self, word: &str, names: bool) -> Word {
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
        for variant in context_variants(word, &analysis.normalized.text) {
            let grams = gram_tokens(&variant);
            if let Some(query) = self.gram_query(&grams) {
                read.highlighted.push(gram_texts(&grams));
                read.alternatives.push((Occur::Should, query));
            }
        }
        read
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
        let pattern = format!("{}.*", regex_escape(&key));
        let query = RegexQuery::from_pattern(&pattern, self.fields.speaker_name).ok()?;
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

    fn gram_query(&self, grams: &[Token]) -> Option<Box<dyn Query>> {
        let bigrams: Vec<&Token> = grams
            .iter()
            .filter(|t| t.text.chars().count() == 2)
            .collect();
        if bigrams.is_empty() {
            // One character: every term that starts with it (a pattern of
            // one escaped character always compiles).
            let single = grams.first()?;
            let pattern = format!("{}.*", regex_escape(&single.text));
            return RegexQuery::from_pattern(&pattern, self.fields.text_gram)
                .ok()
                .map(|q| Box::new(q) as Box<dyn Query>);
        }
        let owned: Vec<Token> = bigrams.into_iter().cloned().collect();
        phrase_or_term(self.fields.text_gram, &owned)
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
        if let Some(speaker) = given(&request.speaker) {
            // Names are matched on their folded key, quotes kept.
            let key = match speaker.strip_prefix('"') {
                Some(quoted) => format!("\"{}\"", name_key(quoted.trim_end_matches('"'))),
                None => name_key(speaker),
            };
            filters.push(partial("speaker", fields.speaker_name, &key, true)?);
        }
        if let Some(position) = given(&request.position) {
            filters.push(partial(
                "position",
                fields.speaker_position,
                position,
                false,
            )?);
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
        if let Some(municipality) = given(&request.municipality) {
            filters.push(self.municipality_filter(municipality));
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

    /// One assembly: 131091 is 品川区's 団体コード; anything else is a name.
    pub(crate) fn municipality_filter(&self, municipality: &str) -> Box<dyn Query> {
        let is_code = municipality.len() == 6 && municipality.bytes().all(|b| b.is_ascii_digit());
        let field = if is_code {
            self.fields.municipality_code
        } else {
            self.fields.municipality
        };
        exact(field, municipality)
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
                let parameter = field.parameter();
                let field = self.keyword_field(*field);
                let mut alternatives: Vec<(Occur, Box<dyn Query>)> = Vec::new();
                for value in values {
                    let pattern = format!(".*{}.*", regex_escape(value));
                    let query = RegexQuery::from_pattern(&pattern, field)
                        .map_err(|err| Error::invalid(parameter, err.to_string()))?;
                    alternatives.push((Occur::Should, Box::new(query)));
                }
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

/// What users type matches in part: 高橋 finds 高橋(伸) (a name from its
/// start), 課長 every 〜課長 (a position anywhere). A value in double
/// quotes is exact, as the facet links ask.
fn partial(
    parameter: &'static str,
    field: Field,
    value: &str,
    from_start: bool,
) -> Result<Box<dyn Query>> {
    if let Some(quoted) = value.strip_prefix('"').and_then(|v| v.strip_suffix('"')) {
        return Ok(exact(field, quoted));
    }
    let lead = if from_start { "" } else { ".*" };
    let pattern = format!("{lead}{}.*", regex_escape(value));
    let query = RegexQuery::from_pattern(&pattern, field)
        .map_err(|err| Error::invalid(parameter, err.to_string()))?;
    Ok(Box::new(query))
}

pub(crate) fn regex_escape(text: &str) -> String {
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
