//! Where a name run into a title ends (`辻広報広聴課長` → 辻 | 広報広聴課長).
//!
//! Every cut that leaves a title at the end is scored on both sides, from
//! what the dictionary and the meeting know, and the best one wins:
//! - the name side: IPADIC marks surnames and given names
//!   (名詞,固有名詞,人名,姓/名); a run of hiragana is a name written in kana
//!   (つる, せりざわ); the segmentation of the whole label says whether the
//!   dictionary read the start as a name in context;
//! - the position side: it must read as an office, words of the dictionary
//!   or of [`ORG_WORDS`] ending in a title, and must not start with a
//!   suffix such as 区 (品川｜品川区清掃事務所長, not 品川品川｜区…);
//! - titles the meeting itself shows ([`KnownTitles`]) count most.
//!
//! A label where no cut beats "no name at all" is a position only.

use kaigiroku_core::analysis::is_full_width_digit;
use std::collections::{HashMap, HashSet};

use kaigiroku_core::analysis::{Analyzer, Word};
use kaigiroku_core::model::Meeting;

use super::lexicon::{ORG_WORDS, TITLES, is_position, is_title, title_of, titled};

/// The evidence a split weighs, in points: a label is cut where the name
/// and the office together score highest. Tuned on the label and header
/// gold sets (`tests/header_gold.rs`, the speaker tests): change one and
/// run them.
mod weight {
    /// A surname or a full name the dictionary knows (阿部, 青木英二).
    pub const DICTIONARY_NAME: f32 = 3.0;
    /// A one-character surname (辻): too easily a word's first character.
    pub const ONE_CHARACTER_SURNAME: f32 = 0.0;
    /// A name written in hiragana, two characters or more (おのせ).
    pub const KANA_NAME: f32 = 2.0;
    /// A place name, which doubles as a surname (品川).
    pub const PLACE_NAME: f32 = 2.0;
    /// A common word or an organizational one: not a name on its own.
    pub const COMMON_WORD: f32 = -2.0;
    /// The label's own segmentation reads the name as names.
    pub const NAME_IN_CONTEXT: f32 = 1.0;
    /// A unit's character (区, 課, 部 …) ends the name.
    pub const UNIT_ENDS_NAME: f32 = -2.0;
    /// The name holds an office's word (国務, 広報).
    pub const OFFICE_WORDS_IN_NAME: f32 = -2.0;
    /// The office is a title the meeting shows elsewhere, after a name …
    pub const KNOWN_TITLE_AFTER_NAME: f32 = 3.0;
    /// … or alone.
    pub const KNOWN_TITLE: f32 = 1.0;
    /// The office starts with a unit's character (区…, 課…).
    pub const OFFICE_STARTS_WITH_UNIT: f32 = -3.0;
    /// An office read as words, less for each character left unread.
    pub const OFFICE_READ: f32 = 1.0;
    pub const PER_UNREAD_CHARACTER: f32 = -0.25;
    /// The office starts inside a dictionary word.
    pub const OFFICE_STARTS_MID_WORD: f32 = -3.0;
    /// The office starts with a word the dictionary lacks.
    pub const OFFICE_STARTS_UNKNOWN_WORD: f32 = -0.5;
    /// A personal title (委員) with no name before it.
    pub const PERSONAL_TITLE_WITHOUT_NAME: f32 = -2.0;
    /// A personal title after a name with an office between them.
    pub const OFFICE_BEFORE_PERSONAL_TITLE: f32 = -3.0;
    /// The office starts with a surname.
    pub const SURNAME_STARTS_OFFICE: f32 = -2.0;
    /// The office is organizational words only.
    pub const ONLY_ORGANIZATIONAL_WORDS: f32 = 1.0;

    /// A name the dictionary does not know, by its length: two or three
    /// characters is the usual name.
    pub fn unknown_word(chars: usize) -> f32 {
        match chars {
            1 => -1.0,
            2 | 3 => 1.0,
            4 => 0.5,
            _ => 0.0,
        }
    }
}

/// Single characters an office may start with (副委員長, 総務…, 兼…).
const OFFICE_PREFIXES: [char; 12] = [
    '副', '総', '主', '次', '新', '臨', '仮', '前', '元', '本', '兼', '第',
];

/// Suffixes of a place or unit: an office never starts with one.
const UNIT_SUFFIXES: [char; 12] = [
    '区', '市', '町', '村', '都', '県', '課', '部', '局', '室', '所', '係',
];

/// Titles a meeting shows besides its labels: attendance lists, labels
/// that are positions only, titles listed in the text (「スポーツ推進課長、
/// 子ども育成課長…にもご同席いただいています」), and a title seen after
/// several different names.
#[derive(Debug, Default, Clone)]
pub struct KnownTitles {
    titles: HashSet<String>,
}

impl KnownTitles {
    pub fn of_meeting(meeting: &Meeting) -> KnownTitles {
        let mut titles = HashSet::new();
        for attendee in &meeting.attendees {
            if let Some(position) = &attendee.position {
                titles.insert(compact(position));
            }
        }
        let labels = labels(meeting);
        for label in &labels {
            let label = compact(label);
            if is_position(&label) {
                titles.insert(label);
            }
        }
        for speech in &meeting.speeches {
            listed_titles(&speech.text, &mut titles);
        }
        // A title seen after several different names is a title.
        let mut names_before: HashMap<&str, HashSet<&str>> = HashMap::new();
        for label in &labels {
            for (at, _) in label.char_indices().skip(1) {
                let (name, position) = label.split_at(at);
                if name.chars().count() <= 4
                    && titled(position)
                    && !is_title(position)
                    && name.chars().all(is_name_char)
                {
                    names_before.entry(position).or_default().insert(name);
                }
            }
        }
        for (position, names) in names_before {
            if names.len() >= 2 {
                titles.insert(position.to_string());
            }
        }
        // A bare title says nothing about where a name ends.
        titles.retain(|t| !is_title(t));
        KnownTitles { titles }
    }

    fn contains(&self, title: &str) -> bool {
        self.titles.contains(title)
    }
}

/// Titles written as a list in running text: each item between 、 or
/// および that is made only of kanji and katakana and ends with a title.
fn listed_titles(text: &str, titles: &mut HashSet<String>) {
    for segment in text.split(['、', '。', '，', '\n', '　', ' ', '「', '」', '（', '）']) {
        for item in segment.split("および").flat_map(|s| s.split("及び")) {
            let count = item.chars().count();
            if (4..=20).contains(&count)
                && item
                    .chars()
                    .all(|c| is_kanji(c) || is_katakana(c) || c == '・')
                && titled(item)
            {
                titles.insert(item.to_string());
            }
        }
    }
}

/// The best (name, position) cut of `label`, or None when the label reads
/// best as a position alone.
pub fn best_split<'a>(
    analyzer: &Analyzer,
    label: &'a str,
    known: &KnownTitles,
) -> Option<(&'a str, &'a str)> {
    let words = analyzer.words(label);
    let scorer = Scorer {
        analyzer,
        words: &words,
        known,
    };
    let whole = scorer.office(label, false);
    let mut best: Option<(f32, &str, &str)> = None;
    for (at, _) in label.char_indices().skip(1) {
        let (name, position) = label.split_at(at);
        if !titled(position) || name.chars().count() > 8 || !name.chars().all(is_name_char) {
            continue;
        }
        // Never inside a katakana word (篠｜オリンピック…, not 篠オ｜リンピック…).
        let last = name.chars().next_back().unwrap_or(' ');
        let next = position.chars().next().unwrap_or(' ');
        let in_word = |c: char| is_katakana(c) || c == '・';
        if in_word(last) && in_word(next) {
            continue;
        }
        let score = scorer.name(name) + scorer.office(position, true);
        if best.is_none_or(|(top, _, _)| score > top) {
            best = Some((score, name, position));
        }
    }
    best.filter(|(score, _, _)| *score > whole)
        .map(|(_, name, position)| (name, position))
}

/// How an office's words read: characters outside any word, whether the
/// office starts with one, and whether every word is organizational.
#[derive(Debug, Clone, Copy, Default)]
struct OfficeReading {
    unknown: usize,
    unknown_start: bool,
    only_org: bool,
}

impl OfficeReading {
    fn better_than(&self, other: &OfficeReading) -> bool {
        (self.unknown, self.unknown_start, !self.only_org)
            < (other.unknown, other.unknown_start, !other.only_org)
    }
}

struct Scorer<'a> {
    analyzer: &'a Analyzer,
    /// The whole label as the dictionary segments it.
    words: &'a [Word],
    known: &'a KnownTitles,
}

impl Scorer<'_> {
    /// How much `name` reads as a person's name.
    fn name(&self, name: &str) -> f32 {
        let chars = name.chars().count();
        let entries = self.analyzer.entries(name);
        // The dictionary read the label's start as this name, in context.
        let in_context = self.name_in_context(name);
        let mut score = if is_person(&entries, "姓") {
            if chars == 1 {
                weight::ONE_CHARACTER_SURNAME
            } else {
                weight::DICTIONARY_NAME
            }
        } else if self.full_name(name) {
            weight::DICTIONARY_NAME
        } else if name.chars().all(is_hiragana) {
            if chars >= 2 {
                weight::KANA_NAME
            } else {
                weight::COMMON_WORD
            }
        } else if chars >= 2
            && entries.iter().any(|pos| {
                pos.get(2).is_some_and(|p| p == "人名")
                    || (pos.get(1).is_some_and(|p| p == "固有名詞")
                        && pos.get(2).is_some_and(|p| p == "地域"))
            })
        {
            // Place names double as surnames (中川原, 品川).
            weight::PLACE_NAME
        } else if !entries.is_empty() || is_org_word(name) {
            // A common word (道路, 広報): not a name on its own.
            weight::COMMON_WORD
        } else {
            weight::unknown_word(chars)
        };
        if in_context {
            score += weight::NAME_IN_CONTEXT;
        }
        if chars >= 2
            && name.ends_with([
                '区', '課', '部', '局', '室', '係', '副', '新', '兼', '総', '臨', '仮',
            ])
        {
            // 福田区｜議会事務局長: the unit belongs to the office.
            score += weight::UNIT_ENDS_NAME;
        }
        let plain = folded(name);
        if ORG_WORDS
            .iter()
            .any(|w| w.chars().count() >= 2 && plain.contains(w))
        {
            // 盛山国務｜大臣, 辻広報広聴｜課長: the name took the office's words.
            score += weight::OFFICE_WORDS_IN_NAME;
        }
        score
    }

    /// A surname and a given name (青木英二, おのせ康裕, 鈴木まさし).
    fn full_name(&self, name: &str) -> bool {
        let is = |part: &str, kind: &str| is_person(&self.analyzer.entries(part), kind);
        name.char_indices().skip(1).any(|(at, _)| {
            let (surname, given) = name.split_at(at);
            let kana = |s: &str| s.chars().count() >= 2 && s.chars().all(is_hiragana);
            // A one-character given name is too easily a word's first character.
            let given_name = given.chars().count() >= 2 && is(given, "名");
            (is(surname, "姓") || kana(surname)) && (given_name || kana(given))
        })
    }

    /// True when the label's segmentation has `name` as whole words all
    /// read as names (辻[姓] 広報…; not 中[接頭詞] 尾根…).
    fn name_in_context(&self, name: &str) -> bool {
        let kinds: Vec<&str> = self
            .words
            .iter()
            .take_while(|word| word.start < name.len())
            .map(|word| match (word.pos.get(2), word.pos.get(3)) {
                (Some(p), Some(kind)) if p == "人名" => kind.as_str(),
                _ => "",
            })
            .collect();
        let end = self
            .words
            .get(kinds.len().saturating_sub(1))
            .map_or(0, |w| w.end);
        end == name.len() && matches!(kinds[..], ["姓"] | ["姓", "名"] | ["一般"])
    }

    /// How much `position` reads as an office; `after_name` when a name
    /// stands before it.
    fn office(&self, position: &str, after_name: bool) -> f32 {
        let stem = strip_title(position);
        let mut score = 0.0;
        if self.known.contains(position) {
            score += if after_name {
                weight::KNOWN_TITLE_AFTER_NAME
            } else {
                weight::KNOWN_TITLE
            };
        }
        if stem.starts_with(UNIT_SUFFIXES) && !self.long_word_at_start(stem) {
            score += weight::OFFICE_STARTS_WITH_UNIT;
        }
        let reading = self.office_words(stem);
        score += weight::OFFICE_READ + weight::PER_UNREAD_CHARACTER * reading.unknown as f32;
        match self.word_starts(stem, 0) {
            // An office does not start with the last character of a name
            // (上川｜内生涯…, 東清｜掃事業…).
            1 => score += weight::OFFICE_STARTS_MID_WORD,
            // A word the dictionary lacks (木密整備…): a weaker doubt.
            n if n > 1 => score += weight::OFFICE_STARTS_UNKNOWN_WORD,
            _ => {}
        }
        let personal = title_of(position).is_some_and(|t| t.personal);
        if !after_name && personal && !is_position(position) {
            // 大松委員: only people are 委員 with a word before it.
            score += weight::PERSONAL_TITLE_WITHOUT_NAME;
        }
        if after_name && personal && !stem.is_empty() && !is_position(position) {
            // 鈴木｜広康委員: a 委員 has no office before it but a committee's.
            score += weight::OFFICE_BEFORE_PERSONAL_TITLE;
        }
        if !after_name && self.starts_with_surname(stem) {
            // 阿部都市計画課長: a surname first is a name, not an office.
            score += weight::SURNAME_STARTS_OFFICE;
        }
        if !stem.is_empty() && reading.unknown == 0 && reading.only_org {
            score += weight::ONLY_ORGANIZATIONAL_WORDS;
        }
        score
    }

    /// How `stem` (an office without its title) reads as words, the reading
    /// that leaves the fewest characters outside any word.
    fn office_words(&self, stem: &str) -> OfficeReading {
        let bounds: Vec<usize> = stem
            .char_indices()
            .map(|(at, _)| at)
            .chain(std::iter::once(stem.len()))
            .collect();
        let n = bounds.len() - 1;
        // best[i]: the best reading of stem[..i].
        let mut best: Vec<Option<OfficeReading>> = vec![None; n + 1];
        best[0] = Some(OfficeReading {
            unknown: 0,
            unknown_start: false,
            only_org: true,
        });
        for start in 0..n {
            let Some(so_far) = best[start] else {
                continue;
            };
            let mut step = |end: usize, unknown: bool, org: bool| {
                let next = OfficeReading {
                    unknown: so_far.unknown + usize::from(unknown),
                    unknown_start: so_far.unknown_start || (start == 0 && unknown),
                    only_org: so_far.only_org && org,
                };
                if best[end].is_none_or(|b| next.better_than(&b)) {
                    best[end] = Some(next);
                }
            };
            // One character outside any word.
            step(start + 1, true, false);
            for end in start + 1..=n.min(start + 10) {
                let piece = &stem[bounds[start]..bounds[end]];
                if is_org_word(piece) {
                    step(end, false, true);
                } else if self.is_office_word(piece, start == 0) {
                    step(end, false, false);
                }
            }
        }
        best[n].unwrap_or_default()
    }

    /// True when `stem` starts with a word the dictionary knows as a
    /// surname, or with characters it does not know at all (多並…).
    fn starts_with_surname(&self, stem: &str) -> bool {
        if self.word_starts(stem, 0) > 0 {
            return true;
        }
        prefixes(stem, 4)
            .any(|piece| !is_org_word(piece) && is_person(&self.analyzer.entries(piece), "姓"))
    }

    /// True when a word of two characters or more starts `stem` (都市…,
    /// 区民…), so a unit character first is not a place's suffix.
    fn long_word_at_start(&self, stem: &str) -> bool {
        prefixes(stem, 10).any(|piece| {
            is_org_word(piece)
                    || self.is_office_word(piece, true)
                    // 区議会事務局長: the assembly of a ward, city, prefecture.
                    || piece
                        .strip_suffix("議会")
                        .is_some_and(|unit| unit.chars().count() == 1)
        })
    }

    /// How many characters of `stem` from `at` lie before the first word
    /// the office could be read from (0: a word starts right there).
    fn word_starts(&self, stem: &str, at: usize) -> usize {
        let chars: Vec<(usize, char)> = stem.char_indices().collect();
        let starts_word = |from: usize| {
            (from + 1..=chars.len().min(from + 10)).any(|to| {
                let start = chars[from].0;
                let end = chars.get(to).map_or(stem.len(), |(b, _)| *b);
                let piece = &stem[start..end];
                is_org_word(piece) || (to - from >= 2 && self.is_office_word(piece, from == 0))
            })
        };
        (at..chars.len())
            .position(starts_word)
            .unwrap_or(chars.len() - at.min(chars.len()))
    }

    /// A word an office name may contain: a common noun of two characters
    /// or more, a place or organization, a katakana or Latin word, or a
    /// prefix such as 副.
    fn is_office_word(&self, piece: &str, first: bool) -> bool {
        let count = piece.chars().count();
        if piece.chars().any(is_hiragana) {
            // Offices are written in kanji and katakana (よしのり is a name).
            return false;
        }
        if piece.chars().all(|c| is_katakana(c) || c == '・')
            || piece.chars().all(|c| {
                c.is_ascii_alphanumeric() || ('Ａ'..='Ｚ').contains(&c) || is_full_width_digit(c)
            })
        {
            return true;
        }
        if count == 1 {
            let c = piece.chars().next().unwrap_or(' ');
            return OFFICE_PREFIXES.contains(&c) || (!first && UNIT_SUFFIXES.contains(&c));
        }
        self.analyzer.entries(piece).iter().any(|pos| {
            pos.first().is_some_and(|p| p == "名詞")
                && pos.get(2).is_none_or(|p| p != "人名")
                && pos.get(1).is_none_or(|p| p != "接尾")
        })
    }
}

/// `position` without its title: 広報広聴課長 → 広報広聴.
fn strip_title(position: &str) -> &str {
    let position = position.strip_suffix("兼務").unwrap_or(position);
    TITLES
        .iter()
        .filter_map(|t| position.strip_suffix(t.word))
        .min_by_key(|stem| stem.len())
        .unwrap_or(position)
}

/// The prefixes of `text` of two to `longest` characters.
fn prefixes(text: &str, longest: usize) -> impl Iterator<Item = &str> {
    text.char_indices()
        .map(|(at, c)| &text[..at + c.len_utf8()])
        .take(longest)
        .skip(1)
}

/// True when the dictionary lists a reading as a person's name of `kind`
/// (姓 surname, 名 given name): 名詞,固有名詞,人名,姓.
fn is_person(entries: &[Vec<String>], kind: &str) -> bool {
    entries
        .iter()
        .any(|pos| pos.get(2).is_some_and(|p| p == "人名") && pos.get(3).is_some_and(|p| p == kind))
}

/// An organizational word, 旧字体 folded (國務 is 国務).
fn is_org_word(piece: &str) -> bool {
    ORG_WORDS.contains(&piece) || ORG_WORDS.contains(&folded(piece).as_str())
}

fn folded(text: &str) -> String {
    text.chars()
        .map(kaigiroku_core::analysis::fold_variant)
        .collect()
}

fn compact(text: &str) -> String {
    text.chars().filter(|c| !c.is_whitespace()).collect()
}

fn is_kanji(c: char) -> bool {
    matches!(c, '\u{4E00}'..='\u{9FFF}' | '\u{3400}'..='\u{4DBF}' | '\u{F900}'..='\u{FAFF}' | '\u{20000}'..='\u{2FFFF}' | '々' | 'ヶ' | '〆')
}

fn is_hiragana(c: char) -> bool {
    matches!(c, '\u{3041}'..='\u{3096}' | 'ー')
}

fn is_katakana(c: char) -> bool {
    matches!(c, '\u{30A1}'..='\u{30FA}' | 'ー')
}

/// Characters a name is written in.
fn is_name_char(c: char) -> bool {
    is_kanji(c) || is_hiragana(c) || is_katakana(c)
}

/// The labels of `meeting`, for learning which suffixes are titles.
fn labels(meeting: &Meeting) -> HashSet<&str> {
    meeting
        .speeches
        .iter()
        .filter_map(|s| s.speaker.as_ref())
        .map(|s| s.label.as_str())
        .collect()
}
