//! Other spellings of a word, read from IPADIC: the nouns that share a
//! reading (ボウサイ: 防災), and among them those written with the same
//! kanji and other okurigana (取組, 取り組み, 取組み). The query folds them
//! (`kaigiroku-query`'s `fold.rs`), deciding there which are one word:
//! only the index can tell that こうえん is 公園, 講演 and 後援 at once.

use std::collections::{HashMap, HashSet};

use lindera::dictionary::Dictionary;

use super::kana::{is_hiragana, is_katakana, to_katakana};
use super::normalize::normalize;

/// IPADIC's nouns by reading.
pub struct Spellings {
    /// Katakana reading → the nouns so read (base forms, normalized).
    by_reading: HashMap<String, Vec<String>>,
    /// Noun → its readings.
    readings: HashMap<String, Vec<String>>,
    /// Kanji of a noun (two or more) → the nouns so written.
    by_kanji: HashMap<String, Vec<String>>,
    /// Nouns with an entry that is not a proper noun.
    common: HashSet<String>,
}

/// Kinds of noun that are words of their own (not numbers, suffixes,
/// pronouns or dependent nouns, whose readings are shared by everything).
const NOUN_KINDS: [&str; 4] = ["一般", "サ変接続", "形容動詞語幹", "固有名詞"];

impl Spellings {
    pub(crate) fn read(dictionary: &Dictionary) -> Spellings {
        let mut by_reading: HashMap<String, Vec<String>> = HashMap::new();
        let mut readings: HashMap<String, Vec<String>> = HashMap::new();
        let mut by_kanji: HashMap<String, Vec<String>> = HashMap::new();
        let mut common = HashSet::new();
        for id in 0..dictionary.prefix_dictionary.word_count() {
            let details = dictionary.word_details(id);
            let (Some(&"名詞"), Some(kind), Some(base), Some(reading)) = (
                details.first(),
                details.get(1),
                details.get(6),
                details.get(7),
            ) else {
                continue;
            };
            if !NOUN_KINDS.contains(kind) || *base == "*" || *reading == "*" {
                continue;
            }
            // A reading of one mora or two joins too much.
            if reading.chars().count() < 3 || !reading.chars().all(is_katakana) {
                continue;
            }
            let word = normalize(base).text;
            if *kind != "固有名詞" {
                common.insert(word.clone());
            }
            let kanji = kanji_of(&word);
            if kanji.chars().count() >= 2 {
                let written = by_kanji.entry(kanji).or_default();
                if !written.contains(&word) {
                    written.push(word.clone());
                }
            }
            let listed = by_reading.entry(reading.to_string()).or_default();
            if !listed.contains(&word) {
                listed.push(word.clone());
            }
            let read = readings.entry(word).or_default();
            if !read.iter().any(|r| r == reading) {
                read.push(reading.to_string());
            }
        }
        Spellings {
            by_reading,
            readings,
            by_kanji,
            common,
        }
    }

    /// The nouns read as `kana` (hiragana or katakana).
    pub fn read_as(&self, kana: &str) -> &[String] {
        let katakana: String = kana.chars().map(to_katakana).collect();
        self.by_reading.get(&katakana).map_or(&[], Vec::as_slice)
    }

    /// The readings of `word`, in katakana.
    pub fn readings_of(&self, word: &str) -> &[String] {
        self.readings.get(word).map_or(&[], Vec::as_slice)
    }

    /// True when `word` is a noun other than a proper one (a place's name
    /// is not spelt in kana for its reading).
    pub fn is_common(&self, word: &str) -> bool {
        self.common.contains(word)
    }

    /// The nouns written with the kanji of `word` and other okurigana, when
    /// they are read alike: 取組み, which IPADIC does not list, is 取組 and
    /// 取り組み (both トリクミ).
    pub fn written_alike(&self, word: &str) -> Vec<&str> {
        let Some(nouns) = self.by_kanji.get(&kanji_of(word)) else {
            return Vec::new();
        };
        let first = nouns.first().map(|n| self.readings_of(n));
        let read_alike = nouns.iter().all(|n| Some(self.readings_of(n)) == first);
        if !read_alike || !word.chars().all(|c| is_kanji(c) || is_hiragana(c)) {
            return Vec::new();
        }
        nouns
            .iter()
            .map(String::as_str)
            .filter(|n| *n != word)
            .collect()
    }

    /// `word` written with other okurigana: the nouns of the same reading
    /// whose kanji are the same, in the same order (取組 → 取り組み, 取組み).
    pub fn okurigana_variants(&self, word: &str) -> Vec<&str> {
        let skeleton = kanji_of(word);
        if skeleton.is_empty() {
            return Vec::new();
        }
        let mut found: Vec<&str> = Vec::new();
        for reading in self.readings_of(word) {
            for other in self.by_reading.get(reading).into_iter().flatten() {
                if other != word && kanji_of(other) == skeleton && !found.contains(&other.as_str())
                {
                    found.push(other);
                }
            }
        }
        found
    }
}

/// The kanji of a word, in order.
pub fn kanji_of(word: &str) -> String {
    word.chars().filter(|c| is_kanji(*c)).collect()
}

pub fn is_kanji(c: char) -> bool {
    matches!(c, '\u{4E00}'..='\u{9FFF}' | '\u{3400}'..='\u{4DBF}' | '々')
}
