//! 表記ゆれ: the other spellings of a query word, searched with it and
//! ranked below it.
//!
//! - Sudachi's synonym dictionary, only the entries it marks 異表記・表記ゆれ
//!   of a word (子供 → 子ども; 障害者 → 障がい者, 障碍者), never the other
//!   synonyms of its group (`variants/hyoukiyure.tsv`, built by
//!   `scripts/variants-from-sudachi`).
//! - IPADIC: the same reading written with the same kanji and other
//!   okurigana (取組 → 取り組み, 取組み).
//! - Readings, where the user types kana (ぼうさい → 防災) or the record
//!   writes a word in kana (子供 → こども): only when the reading is one word
//!   in the index, so that こうえん (公園, 講演, 後援) folds nothing, and the
//!   kana a word of its own there (not the ないよう of しないように). Kana
//!   bring the other spellings of the word they read as too (しはらい →
//!   支払い → 支払). Kana that no one word reads as are read as a compound
//!   of the dictionary's words (ねっちゅうしょう → 熱中症), on the same rule.
//! - The long vowel inside a katakana word, written or not
//!   (コミュニティーバス, コミュニティバス), where the index holds the other form.

use std::collections::HashMap;
use std::sync::LazyLock;

use kaigiroku_core::analysis::kana::is_hiragana;
use kaigiroku_core::analysis::{
    bigrams, is_kanji, is_kanji_numeral, kanji_of, normalize, to_hiragana,
};
use tantivy::collector::Count;
use tantivy::query::{BooleanQuery, EnableScoring, Occur, Query, TermQuery};
use tantivy::schema::IndexRecordOption;
use tantivy::{DocAddress, DocSet, TERMINATED, TantivyDocument, Term};

use crate::searcher::{Searcher, stored_text};

/// Other spellings a word brings at most.
const MAX_SPELLINGS: usize = 8;

/// Sudachi's spellings of each word: word → the other forms of its lines.
static SUDACHI: LazyLock<HashMap<String, Vec<String>>> = LazyLock::new(|| {
    let mut table: HashMap<String, Vec<String>> = HashMap::new();
    for line in include_str!("../variants/hyoukiyure.tsv").lines() {
        if line.starts_with('#') || line.trim().is_empty() {
            continue;
        }
        let forms: Vec<String> = line.split('\t').map(|f| normalize(f).text).collect();
        for form in &forms {
            let others = table.entry(form.clone()).or_default();
            for other in &forms {
                if other != form && !others.contains(other) {
                    others.push(other.clone());
                }
            }
        }
    }
    table
});

/// A word typed in hiragana (ー included): read for the word it says.
fn typed_in_hiragana(word: &str) -> bool {
    word.chars().count() >= 2 && word.chars().all(|c| c == 'ー' || is_hiragana(c))
}

/// The share of a reading's speeches one word must hold for the reading
/// to be that word: こども is 子供 (小人 is rarely read so), こうえん is
/// no one word (公園, 講演, 後援).
const DOMINANT: f64 = 0.9;

impl Searcher {
    /// The other spellings of `word` (normalized) to search with it.
    pub(crate) fn spellings_of(&self, word: &str) -> Vec<String> {
        let mut found: Vec<String> = Vec::new();
        let add = |spelling: &str, found: &mut Vec<String>| {
            if spelling != word && !found.iter().any(|f| f == spelling) {
                found.push(spelling.to_string());
            }
        };
        if typed_in_hiragana(word) {
            let words = match self.word_read_as(word) {
                Some(words) => words,
                None => self.compound_read_as(word),
            };
            for spelling in &words {
                add(spelling, &mut found);
            }
            // Then those words' own spellings: ひとりぐらし reads as 一人暮らし,
            // which the record also prints ひとり暮らし and 1人暮らし.
            for spelling in words.iter().flat_map(|w| self.whole_word_spellings(w)) {
                add(&spelling, &mut found);
            }
            return self.printed(found);
        }
        for spelling in self.whole_word_spellings(word) {
            add(&spelling, &mut found);
        }
        for spelling in long_vowel_variants(word) {
            if self.any_speech_holds(&spelling) {
                add(&spelling, &mut found);
            }
        }
        if found.is_empty() {
            // A compound: each of its words spelt otherwise in turn
            // (子供食堂 → 子ども食堂).
            let (_, morphemes) = self.analyzer.morphemes(word);
            for morpheme in morphemes.iter().filter(|m| m.text.chars().count() >= 2) {
                // The word as it stands in `word` (a morpheme's text may
                // have lost its ー).
                let (before, rest) = word.split_at(morpheme.offset_from);
                let (part, after) = rest.split_at(morpheme.offset_to - morpheme.offset_from);
                if part == word {
                    continue;
                }
                for spelling in self.whole_word_spellings(part) {
                    add(&format!("{before}{spelling}{after}"), &mut found);
                }
            }
        }
        self.printed(found)
    }

    /// The first [`MAX_SPELLINGS`] of `spellings` that some speech prints:
    /// one the record never prints finds nothing, and the echo would name
    /// it (東京都 is no トウキョウ都, though Sudachi spells 東京 トウキョウ).
    fn printed(&self, mut spellings: Vec<String>) -> Vec<String> {
        spellings.retain(|spelling| self.any_speech_holds(spelling));
        spellings.truncate(MAX_SPELLINGS);
        spellings
    }

    /// A word's spellings as a whole: Sudachi's, other okurigana, and its
    /// reading in kana when the reading is this word in the index.
    fn whole_word_spellings(&self, word: &str) -> Vec<String> {
        let spellings = self.analyzer.spellings();
        let mut found: Vec<String> = family(word);
        for other in spellings.okurigana_variants(word) {
            push_new(&mut found, other);
        }
        if found.is_empty() {
            for other in spellings.written_alike(word) {
                push_new(&mut found, other);
            }
        }
        let known = spellings.readings_of(word);
        let readings: Vec<String> = if known.is_empty() {
            // Not a word of the dictionary (引きこもり): read by its parts.
            self.analyzer.reading(word).into_iter().collect()
        } else if spellings.is_common(word) {
            known.iter().map(|r| r.to_string()).collect()
        } else {
            Vec::new()
        };
        for reading in readings {
            let kana = to_hiragana(&reading);
            if kana == word || kana.chars().count() < 3 || !self.kana_used(&kana) {
                continue;
            }
            // The kana is this word's when nothing else in the index is
            // read so, or this word is what the reading is.
            let ours = match self.word_read_as(&kana) {
                None => true,
                Some(members) => members.iter().any(|w| w == word || found.contains(w)),
            };
            if ours {
                push_new(&mut found, &kana);
            }
        }
        found
    }

    /// The word `kana` reads as in the index: the spellings of the one word
    /// (with those of its family) that [`DOMINANT`] of the speeches using
    /// any word so read use; empty when none does, None when no word so
    /// read is in the index.
    ///
    /// Adverbs and pronouns compete, but are no spelling to fold to:
    /// いったん is 一旦 more than 一端, わたし is 私, not 渡し.
    ///
    /// The kana is another word where more speeches use it as a word of
    /// its own (or, when the analyzer cuts it in several, print it) than
    /// print the family in any spelling: つまり, いつも and および are not
    /// 詰まり, 出雲 and お呼び, nor the verb しない 市内, while こども (469
    /// speeches) is 子供 and 子ども (5,185 print them). A kana Sudachi names
    /// among the word's spellings is the word however often it is printed:
    /// すべて is 全て, あいさつ 挨拶. Only words of two characters or
    /// more whose numbers stay kanji are kept: the search finds a word
    /// wherever it is printed, and 間 is in 時間, 七日 (7日) in 17日.
    fn word_read_as(&self, kana: &str) -> Option<Vec<String>> {
        let spellings = self.analyzer.spellings();
        let others = spellings.others_read_as(kana);
        let counted: Vec<(String, usize)> = spellings
            .read_as(kana)
            .into_iter()
            .chain(others.iter().copied())
            .filter(|word| *word != kana)
            .map(|word| (word.to_string(), self.speeches_using(word)))
            .collect();
        let (members, _) = dominant_family(counted)?;
        if members.iter().any(|word| others.contains(&word.as_str())) {
            return Some(Vec::new());
        }
        let mut spelt: Vec<String> = members.clone();
        for member in &members {
            for other in family(member) {
                push_new(&mut spelt, &other);
            }
        }
        let family_uses: usize = spelt
            .iter()
            .filter(|word| *word != kana)
            .map(|word| self.speeches_holding(word))
            .sum();
        let a_spelling_of_it = spelt.iter().any(|word| word == kana);
        if !a_spelling_of_it && self.speeches_using(kana) > family_uses {
            return Some(Vec::new());
        }
        Some(
            members
                .into_iter()
                .filter(|word| word.chars().count() >= 2 && !self.read_as_number(word))
                .collect(),
        )
    }

    /// True when the index reads a number in `word` (七日 is 7日, 一人 is
    /// 1人; 五反田 and 一緒 keep their kanji).
    fn read_as_number(&self, word: &str) -> bool {
        self.analyzer
            .morphemes(word)
            .0
            .text
            .chars()
            .any(|c| c.is_ascii_digit())
    }

    /// The compound a word typed in kana spells when no one word is so
    /// read (ねっちゅうしょう: 熱中 + 症, しょうがいしゃ: 障害 + 者), with its
    /// other spellings: the one family of [`Self::spelt_compounds`] that
    /// [`DOMINANT`] of the speeches using any of them use, and at least as
    /// many as print the kana itself (として is no 都市手).
    fn compound_read_as(&self, kana: &str) -> Vec<String> {
        /// One speech is too few to say what a reading is.
        const FEWEST: usize = 2;
        let counted = self
            .spelt_compounds(kana)
            .into_iter()
            .map(|compound| {
                let count = self.speeches_using_words(&compound);
                (compound, count)
            })
            .collect();
        let Some((members, count)) = dominant_family(counted) else {
            return Vec::new();
        };
        if count < FEWEST || count < self.speeches_holding(kana) {
            return Vec::new();
        }
        members
    }

    /// The spellings of `kana` as two words or more of the dictionary, one
    /// after another, that some speech prints: each spelt beginning must be
    /// in a speech to be carried on, so that the parts' many readings
    /// (しょう: 症, 章, 賞 …) stay few. The last word is a noun of three kana
    /// or more or a suffix (see [`Spellings::endings_read_as`]), or a short
    /// noun where the compound is not [`Self::cut_short`] (住民税), and
    /// never one kana (や); the whole is no word the dictionary reads
    /// otherwise (今や).
    ///
    /// [`Spellings::endings_read_as`]: kaigiroku_core::analysis::Spellings::endings_read_as
    fn spelt_compounds(&self, kana: &str) -> Vec<String> {
        /// Beginnings kept at each place of the kana.
        const BEAM: usize = 16;
        /// Looks into the index at most: しょうしこうれいか (少子高齢化) takes
        /// over a thousand, each a phrase of bigrams, a few ms in all.
        const PROBES: usize = 2048;
        let chars: Vec<char> = kana.chars().collect();
        if chars.len() < 3 {
            return Vec::new();
        }
        let spellings = self.analyzer.spellings();
        let mut spelt: Vec<Vec<String>> = vec![Vec::new(); chars.len() + 1];
        spelt[0].push(String::new());
        // The beginnings spelt with a place as their first word (区 + 議会,
        // not 都市 + 整備).
        let mut from_place: Vec<String> = Vec::new();
        let mut probes = 0;
        for from in 0..chars.len() {
            let beginnings = std::mem::take(&mut spelt[from]);
            if beginnings.is_empty() {
                continue;
            }
            for to in from + 1..=chars.len() {
                let part: String = chars[from..to].iter().collect();
                let last = to == chars.len();
                let words = if from == 0 && !last {
                    spellings.beginnings_read_as(&part)
                } else {
                    spellings.parts_read_as(&part)
                };
                // Only a first word can be one character alone.
                let mut first_characters = Vec::new();
                if from == 0 {
                    first_characters = spellings.prefixes_read_as(&part);
                    first_characters.extend(spellings.places_read_as(&part));
                }
                let endings = if last {
                    spellings.endings_read_as(&part)
                } else {
                    Vec::new()
                };
                for word in words {
                    // A last word of one kana (や, さ) is a particle or
                    // an ending of another word as often as a suffix:
                    // こんや would be the コンや of エアコンや.
                    if last && word.chars().count() == 1 && word.chars().all(is_hiragana) {
                        continue;
                    }
                    for beginning in &beginnings {
                        let compound = format!("{beginning}{word}");
                        if spelt[to].len() >= BEAM || spelt[to].contains(&compound) {
                            continue;
                        }
                        // A prefix of one character (不) or a place (区)
                        // has no bigram to look for: it is looked for with
                        // the next word. Other words of one character
                        // begin too much.
                        if compound.chars().count() < 2 {
                            if first_characters.contains(&word) {
                                spelt[to].push(compound);
                            }
                            continue;
                        }

                        // A word of the dictionary is read as it reads it:
                        // 今や is いまや, not こんや, and 村上 is no そんじょう.
                        if last && self.analyzer.read_otherwise(&compound, kana) {
                            continue;
                        }
                        if probes == PROBES {
                            return Vec::new();
                        }
                        probes += 1;
                        // A compound that begins with a place or ends with
                        // a short noun is often a longer word cut (区人 of
                        // 特別区人事委員会, 区民生 of 区民生活): it must stand
                        // as a word where it is printed.
                        let place_first = from_place.contains(beginning)
                            || (beginning.chars().count() == 1 && !spellings.is_prefix(beginning));
                        let short_end = last && !endings.contains(&word);
                        let checked = last && (place_first || short_end);
                        if self.any_speech_holds(&compound)
                            && !(checked && self.cut_short(&compound))
                        {
                            if place_first {
                                from_place.push(compound.clone());
                            }
                            spelt[to].push(compound);
                        }
                    }
                }
            }
        }
        // One word alone is what `word_read_as` found nothing for, and the
        // kana spelt as itself is no other spelling.
        let whole = spellings.parts_read_as(kana);
        let mut compounds = spelt.pop().unwrap_or_default();
        compounds.retain(|c| c != kana && !whole.contains(&c.as_str()));
        compounds
    }

    /// True when `compound` is a longer word cut short: in the first
    /// speeches that print it, a kanji follows it nearly everywhere (区民生
    /// is 区民生活, 区計 is 地区計画), or it is not found as printed. A word
    /// goes on otherwise often enough: 住民税 is followed by a kanji 41 %
    /// of the time (住民税額, 住民税非課税), 保育料 13 %.
    fn cut_short(&self, compound: &str) -> bool {
        /// Speeches read, in index order.
        const READ: usize = 20;
        let searcher = self.reader.searcher();
        let (mut printed, mut going_on) = (0usize, 0usize);
        for address in self.first_speeches(&searcher, compound, READ) {
            let Ok(stored) = searcher.doc::<TantivyDocument>(address) else {
                continue;
            };
            let text = normalize(&stored_text(&stored, self.fields.text)).text;
            for (at, _) in text.match_indices(compound) {
                printed += 1;
                let after = text[at + compound.len()..].chars().next();
                going_on += usize::from(after.is_some_and(is_kanji));
            }
        }
        printed == 0 || going_on as f64 >= DOMINANT * printed as f64
    }

    /// How many speeches print `compound` with each of its words a word of
    /// the speech too: 調査検 is in 調査検討, but no speech there has 検 as a
    /// word of its own. The morpheme field keeps no positions, so a word
    /// used elsewhere in the speech still counts.
    fn speeches_using_words(&self, compound: &str) -> usize {
        let Some(substring) = self.substring_query(compound) else {
            return 0;
        };
        let (_, morphemes) = self.analyzer.morphemes(compound);
        let mut clauses: Vec<(Occur, Box<dyn Query>)> = vec![(Occur::Must, substring)];
        for morpheme in &morphemes {
            let term = Term::from_field_text(self.fields.text_morpheme, &morpheme.text);
            clauses.push((
                Occur::Must,
                Box::new(TermQuery::new(term, IndexRecordOption::Basic)),
            ));
        }
        self.reader
            .searcher()
            .search(&BooleanQuery::new(clauses), &Count)
            .unwrap_or(0)
    }

    /// Reads the dictionary's spellings now rather than on the first
    /// search that folds (a few hundred milliseconds).
    pub fn prepare_folding(&self) {
        self.analyzer.spellings();
    }

    /// True when a speech holds `word`, as printed or inside a longer
    /// word: the first one found ends the look.
    fn any_speech_holds(&self, word: &str) -> bool {
        !self
            .first_speeches(&self.reader.searcher(), word, 1)
            .is_empty()
    }

    /// The first `limit` live speeches, in index order, that hold `word`
    /// as printed or inside a longer word.
    fn first_speeches(
        &self,
        searcher: &tantivy::Searcher,
        word: &str,
        limit: usize,
    ) -> Vec<DocAddress> {
        let mut found = Vec::new();
        let Some(query) = self.substring_query(word) else {
            return found;
        };
        let Ok(weight) = query.weight(EnableScoring::disabled_from_searcher(searcher)) else {
            return found;
        };
        for (ord, segment) in searcher.segment_readers().iter().enumerate() {
            let Ok(mut scorer) = weight.scorer(segment, 1.0) else {
                continue;
            };
            let alive = segment.alive_bitset();
            let mut doc = scorer.doc();
            while doc != TERMINATED && found.len() < limit {
                if alive.is_none_or(|alive| alive.is_alive(doc)) {
                    found.push(DocAddress::new(ord as u32, doc));
                }
                doc = scorer.advance();
            }
        }
        found
    }

    /// About how many speeches use `word` as a word of its own: where the
    /// analyzer reads it as one morpheme, the speeches holding that
    /// morpheme (a lookup, not a scan); else the speeches holding it.
    fn speeches_using(&self, word: &str) -> usize {
        match self.single_morpheme(word) {
            Some(term) => self.reader.searcher().doc_freq(&term).unwrap_or(0) as usize,
            None => self.speeches_holding(word),
        }
    }

    /// True when a speech uses the kana `kana` as a word of its own: the
    /// analyzer reads it as one morpheme (こども) and a speech holds it.
    /// Kana read as several (ない よう) are inside other words far more
    /// often than they are a word: しないように holds ないよう.
    fn kana_used(&self, kana: &str) -> bool {
        self.single_morpheme(kana)
            .is_some_and(|term| self.reader.searcher().doc_freq(&term).unwrap_or(0) > 0)
    }

    /// The morpheme term of `word` when the analyzer reads it as one.
    fn single_morpheme(&self, word: &str) -> Option<Term> {
        let (normalized, morphemes) = self.analyzer.morphemes(word);
        match morphemes.as_slice() {
            [one] if one.text == normalized.text => {
                Some(Term::from_field_text(self.fields.text_morpheme, &one.text))
            }
            _ => None,
        }
    }

    /// How many speeches hold `word`, as printed or inside a longer word.
    fn speeches_holding(&self, word: &str) -> usize {
        let Some(query) = self.substring_query(word) else {
            return 0;
        };
        self.reader.searcher().search(&query, &Count).unwrap_or(0)
    }

    /// What finds `word` as a substring of the text: its bigrams' phrase.
    fn substring_query(&self, word: &str) -> Option<Box<dyn tantivy::query::Query>> {
        // Only kanji numerals need the segmenter (二十三年 is indexed 23年);
        // other text is its normalized bigrams, without a lindera run for
        // each of the compound reader's thousand looks.
        if word.chars().any(is_kanji_numeral) {
            self.gram_query(&self.analyzer.analyze(word).grams)
        } else {
            self.gram_query(&bigrams(&normalize(word)))
        }
    }
}

/// Sudachi's other spellings of `word`.
fn family(word: &str) -> Vec<String> {
    SUDACHI.get(word).cloned().unwrap_or_default()
}

/// Of spellings with the speeches using each, the family (spellings
/// [`alike`]) that [`DOMINANT`] of all those speeches use, with its count;
/// empty when none does; None when no speech uses any.
fn dominant_family(counted: Vec<(String, usize)>) -> Option<(Vec<String>, usize)> {
    let mut families: Vec<(Vec<String>, usize)> = Vec::new();
    for (spelling, count) in counted.into_iter().filter(|(_, n)| *n > 0) {
        match families
            .iter_mut()
            .find(|(members, _)| members.iter().any(|m| alike(m, &spelling)))
        {
            Some((members, total)) => {
                members.push(spelling);
                *total += count;
            }
            None => families.push((vec![spelling], count)),
        }
    }
    let all: usize = families.iter().map(|(_, n)| n).sum();
    if all == 0 {
        return None;
    }
    Some(
        families
            .into_iter()
            .find(|(_, n)| *n as f64 >= DOMINANT * all as f64)
            .unwrap_or_default(),
    )
}

/// Two spellings of one word: Sudachi says so, or the same kanji.
fn alike(a: &str, b: &str) -> bool {
    family(a).iter().any(|f| f == b) || (!kanji_of(a).is_empty() && kanji_of(a) == kanji_of(b))
}

/// Adds `spelling` to `found` unless it is there already.
pub(crate) fn push_new(found: &mut Vec<String>, spelling: &str) {
    if !found.iter().any(|f| f == spelling) {
        found.push(spelling.to_string());
    }
}

/// A word with one long vowel mark inside a katakana run taken out, or put
/// in after a syllable that another katakana syllable follows: the forms a
/// loanword takes in the record (ホスピタリティースペース, ホスピタリティスペース).
/// A final ー is already folded by normalization; a small kana or ッ
/// cannot carry one. Only for words of five katakana or more: a short one
/// taken out or lengthened is often another word that the index holds
/// (メール and メル of メルマガ, バス and バース).
fn long_vowel_variants(word: &str) -> Vec<String> {
    const SHORTEST: usize = 5;
    const LONGEST: usize = 16;
    let chars: Vec<char> = word.chars().collect();
    let katakana = |c: char| matches!(c, '\u{30A1}'..='\u{30FA}');
    let small = |c: char| "ァィゥェォャュョヮッヵヶ".contains(c);
    let count = chars.iter().filter(|&&c| katakana(c)).count();
    if !(SHORTEST..=LONGEST).contains(&count) {
        return Vec::new();
    }
    let mut variants = Vec::new();
    for i in 1..chars.len().saturating_sub(1) {
        let (before, at, after) = (chars[i - 1], chars[i], chars[i + 1]);
        if at == 'ー' && katakana(before) && katakana(after) {
            variants.push(chars[..i].iter().chain(&chars[i + 1..]).collect());
        }
    }
    for i in 1..chars.len() {
        let (before, next) = (chars[i - 1], chars[i]);
        if katakana(before) && before != 'ッ' && katakana(next) && !small(next) {
            let mut variant: String = chars[..i].iter().collect();
            variant.push('ー');
            variant.extend(&chars[i..]);
            variants.push(variant);
        }
    }
    variants
}

#[cfg(test)]
mod tests {
    use super::long_vowel_variants;

    #[test]
    fn a_long_vowel_inside_a_katakana_word_comes_and_goes() {
        let taken_out = long_vowel_variants("コミュニティーバス");
        assert!(taken_out.contains(&"コミュニティバス".to_string()));
        let put_in = long_vowel_variants("コミュニティバス");
        assert!(put_in.contains(&"コミュニティーバス".to_string()));
        // Never before a small kana or ー, never after ッ.
        assert!(
            !put_in
                .iter()
                .any(|v| v.contains("ーュ") || v.contains("ーィ"))
        );
        let after_small_tsu = long_vowel_variants("ブックレット");
        assert!(!after_small_tsu.is_empty());
        assert!(after_small_tsu.iter().all(|v| !v.contains("ッー")));
        assert!(long_vowel_variants("防災").is_empty());
        assert!(long_vowel_variants("メール").is_empty());
        assert!(long_vowel_variants("バス").is_empty());
    }
}
