//! Other spellings of a word, read from IPADIC: the nouns that share a
//! reading (ボウサイ: 防災), and among them those written with the same
//! kanji and other okurigana (取組, 取り組み, 取組み), and the short nouns
//! and suffixes that stand inside compounds (症 of 熱中症). The query folds them
//! (`kaigiroku-query`'s `fold.rs`), deciding there which are one word:
//! only the index can tell that こうえん is 公園, 講演 and 後援 at once.

use lindera::dictionary::Dictionary;

use super::kana::{is_hiragana, is_katakana, to_katakana};
use super::normalize::normalize;

/// IPADIC's nouns by reading. Packed (a few MB): held by every server for
/// its life, where maps of strings took 95 MB of heap.
pub struct Spellings {
    /// The nouns (base forms, normalized).
    nouns: Sorted,
    /// Their readings, in katakana.
    readings: Sorted,
    /// Kanji skeletons of two kanji or more.
    skeletons: Sorted,
    /// Reading → the nouns so read, in the dictionary's order.
    by_reading: Lists,
    /// Noun → its readings.
    read: Lists,
    /// Kanji of a noun → the nouns so written.
    by_kanji: Lists,
    /// Per noun: it has an entry that is not a proper noun.
    common: Vec<bool>,
    /// What else stands inside a compound, too short or too bound to be a
    /// spelling of its own: nouns read in one or two kana (税 ゼイ, 手 テ) …
    short_nouns: Parts,
    /// … and suffixes (症 ショウ, 者 シャ, 化 カ, 区 ク), and prefixes that
    /// begin one (不 フ of 不登校, 未 ミ of 未利用) …
    suffixes: Parts,
    prefixes: Parts,
    /// … and the places of one character that begin one too (区 of 区議会,
    /// 都 of 都営住宅), IPADIC's suffixes of place.
    places: Parts,
    /// Words a reading may be that are no spelling to fold to: adverbs
    /// and pronouns (一旦 of いったん, 私 of わたし).
    others: Parts,
    /// Katakana nouns printed with a final ー that normalizing drops
    /// (センター is searched as センタ), to show a spelling as printed.
    marked: Sorted,
}

/// Words by reading, in the packed form of [`Spellings`].
struct Parts {
    words: Sorted,
    readings: Sorted,
    by_reading: Lists,
}

/// Suffixes that make compounds of nouns (熱中症, 障害者, 高齢化, 品川区),
/// not counters or titles.
const SUFFIX_KINDS: [&str; 4] = ["一般", "サ変接続", "形容動詞語幹", "地域"];

/// Kinds of noun that are words of their own (not numbers, suffixes,
/// pronouns or dependent nouns, whose readings are shared by everything).
/// Nouns of time (今後, 今年) are words too, and without them こんご would
/// read as the one other noun so read, コンゴ.
const NOUN_KINDS: [&str; 5] = ["一般", "サ変接続", "形容動詞語幹", "固有名詞", "副詞可能"];

/// Kinds of noun that are words a reading may be, but no spelling to
/// fold to (私 of わたし).
const OTHER_WORD_KINDS: [&str; 1] = ["代名詞"];

/// One noun entry of the dictionary.
struct Entry {
    noun: String,
    reading: String,
    common: bool,
}

impl Spellings {
    pub(crate) fn read(dictionary: &Dictionary) -> Spellings {
        let mut entries = Vec::new();
        let mut short_nouns: Vec<(String, String)> = Vec::new();
        let mut suffixes: Vec<(String, String)> = Vec::new();
        let mut prefixes: Vec<(String, String)> = Vec::new();
        let mut places: Vec<(String, String)> = Vec::new();
        let mut others: Vec<(String, String)> = Vec::new();
        let mut marked: Vec<String> = Vec::new();
        for id in 0..dictionary.prefix_dictionary.word_count() {
            let details = dictionary.word_details(id);
            let (Some(pos), Some(kind), Some(base), Some(reading)) = (
                details.first(),
                details.get(1),
                details.get(6),
                details.get(7),
            ) else {
                continue;
            };
            if *pos == "接頭詞"
                && *kind == "名詞接続"
                && *base != "*"
                && reading.chars().all(is_katakana)
            {
                prefixes.push((normalize(base).text, reading.to_string()));
                continue;
            }
            if *base == "*" || *reading == "*" || !reading.chars().all(is_katakana) {
                continue;
            }
            if *pos == "副詞" || (*pos == "名詞" && OTHER_WORD_KINDS.contains(kind)) {
                others.push((normalize(base).text, reading.to_string()));
                continue;
            }
            if *pos != "名詞" {
                continue;
            }
            let suffix =
                *kind == "接尾" && details.get(2).is_some_and(|k| SUFFIX_KINDS.contains(k));
            if !NOUN_KINDS.contains(kind) && !suffix {
                continue;
            }
            let noun = normalize(base).text;
            if base.ends_with('ー') && !noun.ends_with('ー') {
                marked.push(noun.clone());
            }
            // A reading of one mora or two joins too much to be a word's
            // spelling; it still spells a part of a compound.
            if suffix {
                if details.get(2) == Some(&"地域") && noun.chars().count() == 1 {
                    places.push((noun.clone(), reading.to_string()));
                }
                suffixes.push((noun, reading.to_string()));
                continue;
            }
            if reading.chars().count() < 3 {
                short_nouns.push((noun, reading.to_string()));
                continue;
            }
            entries.push(Entry {
                noun,
                reading: reading.to_string(),
                common: *kind != "固有名詞",
            });
        }
        let nouns = Sorted::new(entries.iter().map(|e| e.noun.as_str()));
        let readings = Sorted::new(entries.iter().map(|e| e.reading.as_str()));
        let kanji: Vec<String> = entries.iter().map(|e| kanji_of(&e.noun)).collect();
        let skeletons = Sorted::new(
            kanji
                .iter()
                .map(String::as_str)
                .filter(|k| k.chars().count() >= 2),
        );
        let noun_of = |e: &Entry| nouns.id(&e.noun).expect("every noun is listed");
        let reading_of = |e: &Entry| readings.id(&e.reading).expect("every reading is listed");
        let mut common = vec![false; nouns.len()];
        for entry in entries.iter().filter(|e| e.common) {
            common[noun_of(entry) as usize] = true;
        }
        Spellings {
            by_reading: Lists::new(
                readings.len(),
                entries.iter().map(|e| (reading_of(e), noun_of(e))),
            ),
            read: Lists::new(
                nouns.len(),
                entries.iter().map(|e| (noun_of(e), reading_of(e))),
            ),
            by_kanji: Lists::new(
                skeletons.len(),
                entries
                    .iter()
                    .zip(&kanji)
                    .filter_map(|(e, k)| Some((skeletons.id(k)?, noun_of(e)))),
            ),
            nouns,
            readings,
            skeletons,
            common,
            short_nouns: Parts::new(&short_nouns),
            suffixes: Parts::new(&suffixes),
            prefixes: Parts::new(&prefixes),
            places: Parts::new(&places),
            others: Parts::new(&others),
            marked: Sorted::new(marked.iter().map(String::as_str)),
        }
    }

    /// What a part of a compound read as `kana` may be: the nouns so read,
    /// then the short nouns and suffixes (しょう: 症, 章, 賞 …).
    pub fn parts_read_as(&self, kana: &str) -> Vec<&str> {
        with_more(self.endings_read_as(kana), self.short_nouns.read_as(kana))
    }

    /// What the first part of a compound read as `kana` may be: a part,
    /// or a prefix (ふ: 不 of 不登校).
    pub fn beginnings_read_as(&self, kana: &str) -> Vec<&str> {
        with_more(self.parts_read_as(kana), self.prefixes.read_as(kana))
    }

    /// The prefixes read as `kana` (ふ: 不).
    pub fn prefixes_read_as(&self, kana: &str) -> Vec<&str> {
        self.prefixes.read_as(kana).collect()
    }

    /// True when `word` is a prefix (不, 非).
    pub fn is_prefix(&self, word: &str) -> bool {
        self.prefixes.words.id(word).is_some()
    }

    /// The adverbs and pronouns read as `kana` that are no noun so read
    /// (いったん: 一旦; わたし: 私).
    pub fn others_read_as(&self, kana: &str) -> Vec<&str> {
        let nouns = self.read_as(kana);
        self.others
            .read_as(kana)
            .filter(|word| !nouns.contains(word))
            .collect()
    }

    /// The places of one character read as `kana` (く: 区, と: 都).
    pub fn places_read_as(&self, kana: &str) -> Vec<&str> {
        self.places.read_as(kana).collect()
    }

    /// What the last part of a compound read as `kana` may be whatever
    /// follows it: a noun of three kana or more, or a suffix. A short noun
    /// ends too many longer words (区民生 is 区民生活 cut short; 熱中症 ends
    /// with a suffix): the query ends a compound with one only where the
    /// compound stands as a word.
    pub fn endings_read_as(&self, kana: &str) -> Vec<&str> {
        with_more(self.read_as(kana), self.suffixes.read_as(kana))
    }

    /// `spelling` (normalized) as the dictionary prints it: each katakana
    /// run that ends with a noun printed with a final ー gets it back
    /// (地域センタ → 地域センター, シルバーセンタ → シルバーセンター), and a
    /// kanji doubled alone takes its iteration mark back (時時 → 時々).
    pub fn as_printed(&self, spelling: &str) -> String {
        with_iteration_marks(&self.with_long_vowels(spelling))
    }

    fn with_long_vowels(&self, spelling: &str) -> String {
        let mut printed = String::with_capacity(spelling.len() + 3);
        let mut run = String::new();
        let end_run = |run: &mut String, printed: &mut String| {
            printed.push_str(run);
            let marked = run
                .char_indices()
                .any(|(at, _)| self.marked.id(&run[at..]).is_some());
            if marked {
                printed.push('ー');
            }
            run.clear();
        };
        for c in spelling.chars() {
            if is_katakana(c) {
                run.push(c);
            } else {
                end_run(&mut run, &mut printed);
                printed.push(c);
            }
        }
        end_run(&mut run, &mut printed);
        printed
    }

    /// The nouns read as `kana` (hiragana or katakana).
    pub fn read_as(&self, kana: &str) -> Vec<&str> {
        let katakana: String = kana.chars().map(to_katakana).collect();
        let nouns = self.readings.id(&katakana).map(|r| self.by_reading.of(r));
        nouns
            .unwrap_or_default()
            .iter()
            .map(|&n| self.nouns.get(n))
            .collect()
    }

    /// The readings of `word`, in katakana.
    pub fn readings_of(&self, word: &str) -> Vec<&str> {
        let readings = self.nouns.id(word).map(|n| self.read.of(n));
        readings
            .unwrap_or_default()
            .iter()
            .map(|&r| self.readings.get(r))
            .collect()
    }

    /// True when `word` is a noun other than a proper one (a place's name
    /// is not spelt in kana for its reading).
    pub fn is_common(&self, word: &str) -> bool {
        self.nouns.id(word).is_some_and(|n| self.common[n as usize])
    }

    /// The nouns written with the kanji of `word` and other okurigana, when
    /// they are read alike: 取組み, which IPADIC does not list, is 取組 and
    /// 取り組み (both トリクミ).
    pub fn written_alike(&self, word: &str) -> Vec<&str> {
        let Some(skeleton) = self.skeletons.id(&kanji_of(word)) else {
            return Vec::new();
        };
        let nouns: Vec<&str> = self
            .by_kanji
            .of(skeleton)
            .iter()
            .map(|&n| self.nouns.get(n))
            .collect();
        let first = nouns.first().map(|n| self.readings_of(n));
        let read_alike = nouns.iter().all(|n| Some(self.readings_of(n)) == first);
        if !read_alike || !word.chars().all(|c| is_kanji(c) || is_hiragana(c)) {
            return Vec::new();
        }
        // Its kana must be okurigana, read in the noun: 取組み's み is in
        // トリクミ, 今後とも's とも is no part of 今後 (コンゴ).
        let kana: Vec<String> = word
            .split(is_kanji)
            .filter(|run| !run.is_empty())
            .map(|run| run.chars().map(to_katakana).collect())
            .collect();
        let okurigana = |noun: &str| {
            self.readings_of(noun)
                .iter()
                .any(|reading| kana.iter().all(|run| reading.contains(run.as_str())))
        };
        nouns
            .into_iter()
            .filter(|n| *n != word && okurigana(n))
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
            for other in self.read_as(reading) {
                if other != word && kanji_of(other) == skeleton && !found.contains(&other) {
                    found.push(other);
                }
            }
        }
        found
    }
}

impl Parts {
    fn read_as(&self, kana: &str) -> impl Iterator<Item = &str> {
        let katakana: String = kana.chars().map(to_katakana).collect();
        let words = self.readings.id(&katakana).map(|r| self.by_reading.of(r));
        words.unwrap_or_default().iter().map(|&w| self.words.get(w))
    }

    fn new(entries: &[(String, String)]) -> Parts {
        let words = Sorted::new(entries.iter().map(|(w, _)| w.as_str()));
        let readings = Sorted::new(entries.iter().map(|(_, r)| r.as_str()));
        let by_reading = Lists::new(
            readings.len(),
            entries.iter().map(|(w, r)| {
                let reading = readings.id(r).expect("every reading is listed");
                (reading, words.id(w).expect("every word is listed"))
            }),
        );
        Parts {
            words,
            readings,
            by_reading,
        }
    }
}

/// `text` with each run of two same kanji written with 々 (時時 → 時々),
/// as normalizing wrote it out; longer runs are left (民主主義).
fn with_iteration_marks(text: &str) -> String {
    let chars: Vec<char> = text.chars().collect();
    let kanji_at = |i: usize| chars.get(i).is_some_and(|c| is_kanji(*c) && *c != '々');
    let mut out = String::with_capacity(text.len());
    for (i, c) in chars.iter().enumerate() {
        let doubled = i > 0
            && chars[i - 1] == *c
            && kanji_at(i)
            && !(i >= 2 && kanji_at(i - 2))
            && !kanji_at(i + 1);
        out.push(if doubled { '々' } else { *c });
    }
    out
}

/// `found`, then those of `more` it does not hold, in order.
fn with_more<'a>(mut found: Vec<&'a str>, more: impl Iterator<Item = &'a str>) -> Vec<&'a str> {
    for word in more {
        if !found.contains(&word) {
            found.push(word);
        }
    }
    found
}

/// The kanji of a word, in order.
pub fn kanji_of(word: &str) -> String {
    word.chars().filter(|c| is_kanji(*c)).collect()
}

pub fn is_kanji(c: char) -> bool {
    matches!(c, '\u{4E00}'..='\u{9FFF}' | '\u{3400}'..='\u{4DBF}' | '々')
}

/// Distinct strings in one buffer, sorted, each known by its rank.
struct Sorted {
    text: String,
    /// Where each string ends in `text`.
    ends: Vec<u32>,
}

impl Sorted {
    fn new<'a>(strings: impl Iterator<Item = &'a str>) -> Sorted {
        let mut strings: Vec<&str> = strings.collect();
        strings.sort_unstable();
        strings.dedup();
        let mut text = String::with_capacity(strings.iter().map(|s| s.len()).sum());
        let mut ends = Vec::with_capacity(strings.len());
        for string in strings {
            text.push_str(string);
            ends.push(u32::try_from(text.len()).expect("the dictionary is under 4 GB"));
        }
        Sorted { text, ends }
    }

    fn len(&self) -> usize {
        self.ends.len()
    }

    fn get(&self, id: u32) -> &str {
        let id = id as usize;
        let start = if id == 0 {
            0
        } else {
            self.ends[id - 1] as usize
        };
        &self.text[start..self.ends[id] as usize]
    }

    fn id(&self, string: &str) -> Option<u32> {
        let (mut low, mut high) = (0, self.len());
        while low < high {
            let middle = (low + high) / 2;
            match self.get(middle as u32).cmp(string) {
                std::cmp::Ordering::Less => low = middle + 1,
                std::cmp::Ordering::Greater => high = middle,
                std::cmp::Ordering::Equal => return Some(middle as u32),
            }
        }
        None
    }
}

/// For each key (a rank), its distinct values in the order first given.
struct Lists {
    /// Where each key's values start in `values`; one more than the keys.
    starts: Vec<u32>,
    values: Vec<u32>,
}

impl Lists {
    fn new(keys: usize, pairs: impl Iterator<Item = (u32, u32)>) -> Lists {
        let mut pairs: Vec<(u32, u32)> = pairs.collect();
        // Stable: each key's values stay in the order given.
        pairs.sort_by_key(|&(key, _)| key);
        let mut starts = Vec::with_capacity(keys + 1);
        let mut values = Vec::with_capacity(pairs.len());
        let mut pairs = pairs.into_iter().peekable();
        for key in 0..keys as u32 {
            let start = values.len();
            starts.push(start as u32);
            while let Some((_, value)) = pairs.next_if(|&(k, _)| k == key) {
                if !values[start..].contains(&value) {
                    values.push(value);
                }
            }
        }
        starts.push(values.len() as u32);
        Lists { starts, values }
    }

    fn of(&self, key: u32) -> &[u32] {
        let key = key as usize;
        &self.values[self.starts[key] as usize..self.starts[key + 1] as usize]
    }
}

#[cfg(test)]
mod tests {
    use super::{Lists, Sorted};

    #[test]
    fn packed_tables_find_what_maps_found() {
        let sorted = Sorted::new(["防災", "公園", "講演", "公園"].into_iter());
        assert_eq!(sorted.len(), 3);
        for word in ["防災", "公園", "講演"] {
            assert_eq!(sorted.get(sorted.id(word).unwrap()), word);
        }
        assert_eq!(sorted.id("後援"), None);
        // Each key's values in the order first given, once each.
        let lists = Lists::new(3, [(2, 7), (0, 5), (2, 1), (2, 7), (0, 4)].into_iter());
        assert_eq!(lists.of(0), &[5, 4]);
        assert_eq!(lists.of(1), &[] as &[u32]);
        assert_eq!(lists.of(2), &[7, 1]);
    }
}
