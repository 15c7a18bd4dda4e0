//! What a search finds: speeches, meetings of speeches, agenda items. Plain
//! data (serializable, for the CLI's `--json`); how the API shows them is
//! the server's.

use kaigiroku_core::model::Category;
use serde::Serialize;

use crate::facets::Facets;
use crate::highlight::Marked;

/// One speech found.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Hit {
    pub speech_id: String,
    pub meeting_id: String,
    pub meeting_title: String,
    pub body: String,
    pub municipality: String,
    pub date: String,
    pub order: u64,
    /// The reader that parsed its meeting (`kokkai` for the Diet's).
    pub format: String,
    pub speaker_label: String,
    pub speaker_position: String,
    pub speaker_category: Option<Category>,
    /// The person across meetings; empty when the label names nobody.
    pub speaker_key: String,
    /// The person's full name where the key is resolved to one, else the
    /// name as printed; its reading (hiragana) and 会派 where known.
    pub speaker_name: String,
    pub speaker_yomi: String,
    pub speaker_group: String,
    pub agenda_label: String,
    pub agenda_title: String,
    pub agenda_outcome: String,
    /// The passage where the words gather and the matches in it; empty
    /// when the request asked for no snippets.
    pub snippet: Marked,
    pub score: f32,
    /// Why it ranks where it does, when the request asked.
    pub explain: Option<Explain>,
}

/// The parts of a hit's score: `score` = `text` × `length_factor` ×
/// `title_factor` × `role_factor` × `passage_factor`, and the speeches that
/// spell the words as typed rank above those that do not.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct Explain {
    /// The match of the words: BM25 over bigrams, whole words ×2, names
    /// ×0.5, other spellings ×0.3 (their sum, as `text_parts` details).
    pub text: f32,
    /// The speech's length in bigrams, as the index keeps it.
    pub length: u32,
    /// How much the length says the speech is about the words (0–1): a
    /// short line that only mentions them weighs less.
    pub length_factor: f32,
    /// Share of the query's words its agenda item's title holds (0–1).
    pub title_share: f32,
    /// What the title adds: 1 + 0.3 × `title_share`.
    pub title_factor: f32,
    /// Said by the chair (calling items, reading motions).
    pub by_chair: bool,
    /// 0.7 for a chair's speech, else 1.
    pub role_factor: f32,
    /// How densely the words gather in the speech's densest passage of
    /// 300 characters (0–1: each word three times).
    pub passage: f32,
    /// What the passage adds: 1 + 0.25 × `passage` among the first 100
    /// hits, which it reorders; 1 below them.
    pub passage_factor: f32,
    /// The speech holds the words as typed (false: only in another
    /// spelling, ranked after those that do).
    pub as_typed: bool,
    /// The score the ranking used.
    pub score: f32,
    /// tantivy's explanation of `text`, term by term.
    #[schema(value_type = Object)]
    pub text_parts: serde_json::Value,
}

impl Hit {
    /// The meeting as a list names it: its title, or its body when the
    /// record gives no title.
    pub fn meeting_name(&self) -> &str {
        if self.meeting_title.is_empty() {
            &self.body
        } else {
            &self.meeting_title
        }
    }

    /// The agenda item in force as a list shows it: label and title.
    pub fn agenda_name(&self) -> String {
        kaigiroku_core::model::item_name(&self.agenda_label, &self.agenda_title)
    }
}

/// Speeches found ([`crate::Searcher::search`]).
#[derive(Debug, Clone, Default, Serialize)]
pub struct SearchResult {
    /// Speeches matching.
    pub total: usize,
    pub hits: Vec<Hit>,
    /// The query as normalized by the analyzer.
    pub normalized: String,
    /// The terms each query word became (bigrams).
    pub terms: Vec<Vec<String>>,
    /// Facet counts over the whole result set.
    pub facets: Facets,
    /// The words searched in other spellings too (表記ゆれ).
    pub folded: Vec<Folded>,
}

/// Meetings found ([`crate::Searcher::search_meetings`]): each with its
/// number of matching speeches and its best ones.
#[derive(Debug, Clone, Default, Serialize)]
pub struct MeetingResult {
    /// Speeches matching.
    pub total: usize,
    /// Meetings holding one.
    pub total_meetings: usize,
    /// The page's meetings in result order.
    pub groups: Vec<MeetingGroup>,
    /// The query as normalized by the analyzer.
    pub normalized: String,
    /// The terms each query word became (bigrams).
    pub terms: Vec<Vec<String>>,
    /// Facet counts over the whole result set.
    pub facets: Facets,
    /// The words searched in other spellings too (表記ゆれ).
    pub folded: Vec<Folded>,
}

/// Agenda items found ([`crate::Searcher::search_agenda`]): the items whose
/// speeches hold every word between them.
#[derive(Debug, Clone, Default, Serialize)]
pub struct AgendaResult {
    /// Items matching.
    pub total: usize,
    /// The page's items.
    pub items: Vec<AgendaHit>,
    /// The query as normalized by the analyzer.
    pub normalized: String,
    /// The terms each query word became (bigrams).
    pub terms: Vec<Vec<String>>,
    /// Facet counts over the whole result set.
    pub facets: Facets,
    /// The words searched in other spellings too (表記ゆれ).
    pub folded: Vec<Folded>,
}

/// One meeting of a grouped result.
#[derive(Debug, Clone, Default, Serialize)]
pub struct MeetingGroup {
    pub meeting_id: String,
    pub hits_in_meeting: u64,
    pub best: Vec<Hit>,
}

/// One agenda item found.
#[derive(Debug, Clone, Default, Serialize)]
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

/// A query word and the other spellings searched with it.
#[derive(Debug, Clone, Default, Serialize, PartialEq, Eq, utoipa::ToSchema)]
pub struct Folded {
    /// The word as typed.
    pub word: String,
    /// Its other spellings searched, as printed (地域センター, which the
    /// index holds as 地域センタ).
    pub spellings: Vec<String>,
}
