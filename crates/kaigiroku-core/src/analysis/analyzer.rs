//! The analyzer proper: normalization, lindera and the number join.

use std::borrow::Cow;
use std::path::Path;
use std::sync::OnceLock;

use lindera::dictionary::Lattice;
use lindera::mode::{Mode, Penalty};
use lindera::segmenter::Segmenter;

use super::grams::bigrams;
use super::kana::to_katakana;
use super::kanji_readings;
use super::normalize::{Normalized, Span, normalize, without_final_mark};
use super::numbers::{is_kanji_numeral, kanji_to_digits, starts_non_number_word};
use super::spellings::Spellings;
use super::tokenizer::MORPHEME_SEPARATOR;
use crate::dictionary::{self, LoadedDictionary};
use crate::error::Result;
use tantivy::tokenizer::Token;

/// Changes whenever normalization or segmentation changes what is indexed;
/// an index records it and refuses a reader with another.
pub const ANALYZER_VERSION: &str = "kaigiroku-analyzer/6";

/// How far, in characters, the literal text around a rewritten kanji
/// number is kept for [`IndexValues::numerals`]: a query word cut inside a
/// number matches when it is at most this long plus one.
pub const NUMERAL_CONTEXT: usize = 32;

/// The Japanese analyzer shared by ingest and query. Cheap to share across
/// threads (`&self` everywhere).
pub struct Analyzer {
    /// Normal mode, for running text: half again as fast as decompose
    /// mode, whose penalties only change the words they penalize, which
    /// [`Analyzer::segment_text`] re-cuts with `decompose`.
    normal: Segmenter,
    /// Decompose mode (関西国際空港 → 関西 国際 空港), for the long words of
    /// the text and for short labels. Shares the dictionary with `normal`.
    decompose: Segmenter,
    dictionary_checksum: String,
    /// Read from the dictionary on first use (a few hundred milliseconds):
    /// only searches that fold spellings need it.
    spellings: OnceLock<Spellings>,
}

/// A word of [`Analyzer::words`]: its surface, byte range and part of speech.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Word {
    pub surface: String,
    pub start: usize,
    pub end: usize,
    /// The first four part-of-speech fields (`名詞,固有名詞,人名,姓`).
    pub pos: Vec<String>,
    /// False for words the dictionary does not list.
    pub known: bool,
}

/// What the analyzer makes of one text.
#[derive(Debug, Clone, Default)]
pub struct Analysis {
    /// The fully normalized text (numbers rewritten), with original spans.
    pub normalized: Normalized,
    /// Morphemes, punctuation left out; positions count every morpheme.
    pub morphemes: Vec<Token>,
    /// Character bigrams of `normalized`.
    pub grams: Vec<Token>,
}

impl Analyzer {
    /// An analyzer over a loaded dictionary, in decompose mode
    /// (関西国際空港 → 関西 国際 空港).
    pub fn new(loaded: LoadedDictionary) -> Self {
        // Cloning a dictionary clones the handles of its tables, not the tables.
        Analyzer {
            normal: Segmenter::new(Mode::Normal, loaded.dictionary.clone(), None),
            decompose: Segmenter::new(Mode::Decompose(Penalty::default()), loaded.dictionary, None),
            dictionary_checksum: loaded.stamp.checksum,
            spellings: OnceLock::new(),
        }
    }

    /// IPADIC's nouns by reading, for other spellings of a word.
    pub fn spellings(&self) -> &Spellings {
        self.spellings
            .get_or_init(|| Spellings::read(&self.decompose.dictionary))
    }

    /// Loads the compiled dictionary in `dir`.
    pub fn open(dir: &Path) -> Result<Self> {
        Ok(Self::new(dictionary::load(dir)?))
    }

    /// The identity an index records: analyzer version and dictionary checksum.
    pub fn fingerprint(&self) -> String {
        format!(
            "{ANALYZER_VERSION} ipadic-sha256:{}",
            self.dictionary_checksum
        )
    }

    /// Normalizes and segments `text` into both token streams.
    pub fn analyze(&self, text: &str) -> Analysis {
        let (normalized, morphemes) = self.morphemes(text);
        let grams = bigrams(&normalized);
        Analysis {
            normalized,
            morphemes,
            grams,
        }
    }

    /// The index field values of `text`, analyzed once (see [`IndexValues`]).
    pub fn index_values(&self, text: &str) -> IndexValues {
        let converted = self.convert(text);
        let mut joined =
            String::with_capacity(converted.full.text.len() + converted.morphemes.len());
        let mut position = 0;
        for morpheme in &converted.morphemes {
            while position < morpheme.position {
                joined.push(MORPHEME_SEPARATOR);
                position += 1;
            }
            joined.push_str(&morpheme.text);
        }
        IndexValues {
            numerals: numeral_windows(&converted.plain.text, &converted.numerals),
            grams: converted.full.text,
            morphemes: joined,
        }
    }

    /// lindera's segmentation of `text` as printed (not normalized), with
    /// each word's part of speech: for short labels whose words matter,
    /// such as a speaker's name run into a title.
    pub fn words(&self, text: &str) -> Vec<Word> {
        let mut tokens = self
            .decompose
            .segment(Cow::Borrowed(text))
            .unwrap_or_default();
        tokens
            .iter_mut()
            .map(|token| {
                let known = !token.word_id.is_unknown();
                let pos = token
                    .details()
                    .iter()
                    .take(4)
                    .map(|d| d.to_string())
                    .collect();
                Word {
                    surface: token.surface.to_string(),
                    start: token.byte_start,
                    end: token.byte_end,
                    pos,
                    known,
                }
            })
            .collect()
    }

    /// The reading of a name in katakana (`安藤たい作` → `アンドウタイサク`):
    /// kana as written, each word the dictionary knows by its reading, an
    /// unknown run of kanji character by character. None when a character
    /// has no reading: a guessed reading would join strangers.
    pub fn reading(&self, name: &str) -> Option<String> {
        let name: String = normalize(name)
            .text
            .chars()
            .filter(|c| !c.is_whitespace())
            .collect();
        if name.is_empty() {
            return None;
        }
        let mut reading = String::new();
        for mut word in self.decompose.segment(Cow::Borrowed(name.as_str())).ok()? {
            if word.surface.chars().all(is_kana) {
                reading.extend(word.surface.chars().map(to_katakana));
            } else if !word.word_id.is_unknown() {
                reading.push_str(known_reading(word.details().get(7).copied()?)?);
            } else {
                for c in word.surface.chars() {
                    let mut buffer = [0; 4];
                    let mut entry = self
                        .decompose
                        .segment(Cow::Borrowed(c.encode_utf8(&mut buffer)))
                        .ok()?
                        .into_iter()
                        .next()?;
                    if entry.word_id.is_unknown() {
                        return None;
                    }
                    reading.push_str(known_reading(entry.details().get(7).copied()?)?);
                }
            }
        }
        Some(reading)
    }

    /// True when `kana` can be read as `kanji` (`たい` as `泰`, `しんじ` as
    /// `慎司`): a reading the dictionary lists for the whole of it, or for
    /// its characters in turn (IPADIC's and KANJIDIC's, 名乗り included).
    /// Names are spelt in kana for their readings, and a kanji has many;
    /// the one the segmenter picks is often another. Voicing is ignored
    /// (司 is シ, and ジ in 慎司).
    pub fn could_read(&self, kanji: &str, kana: &str) -> bool {
        let kana: String = kana.chars().map(|c| unvoiced(to_katakana(c))).collect();
        self.could_read_katakana(kanji, &kana, 0)
    }

    fn could_read_katakana(&self, kanji: &str, kana: &str, depth: usize) -> bool {
        if kanji.is_empty() || kana.is_empty() || depth > 8 {
            return kanji.is_empty() && kana.is_empty();
        }
        if kanji.chars().all(is_kana) {
            return kanji
                .chars()
                .map(|c| unvoiced(to_katakana(c)))
                .eq(kana.chars());
        }
        if self.readings_of(kanji).iter().any(|r| r == kana) {
            return true;
        }
        let first = kanji.chars().next().map_or(0, char::len_utf8);
        let (head, rest) = kanji.split_at(first);
        let readings = if head.chars().all(is_kana) {
            vec![head.chars().map(|c| unvoiced(to_katakana(c))).collect()]
        } else {
            let mut readings = self.readings_of(head);
            for kanji in head.chars() {
                readings.extend(
                    kanji_readings::readings(kanji)
                        .iter()
                        .map(|r| r.chars().map(unvoiced).collect::<String>()),
                );
            }
            readings
        };
        readings.iter().any(|r| {
            kana.strip_prefix(r.as_str())
                .is_some_and(|after| self.could_read_katakana(rest, after, depth + 1))
        })
    }

    /// True when the dictionary lists `surface` as a word of its own and
    /// never reads it `kana`: 今や is いまや and 村上 むらかみ, so neither
    /// spells こんや or そんじょう, though their characters may be read so.
    /// Voicing is ignored.
    pub fn read_otherwise(&self, surface: &str, kana: &str) -> bool {
        let kana: String = kana.chars().map(|c| unvoiced(to_katakana(c))).collect();
        let readings = self.readings_of(surface);
        !readings.is_empty() && !readings.contains(&kana)
    }

    /// Every reading the dictionary lists for exactly `surface`, katakana,
    /// unvoiced.
    fn readings_of(&self, surface: &str) -> Vec<String> {
        let dictionary = &self.decompose.dictionary;
        let mut readings: Vec<String> = dictionary
            .prefix_dictionary
            .find_surface(surface)
            .into_iter()
            .filter_map(|entry| {
                let details = dictionary.word_details(entry.word_id().id() as usize);
                details
                    .get(7)
                    .and_then(|r| known_reading(r))
                    .map(|r| r.chars().map(unvoiced).collect())
            })
            .collect();
        readings.sort();
        readings.dedup();
        readings
    }

    /// Every reading the dictionary lists for exactly `surface`, as the
    /// first four part-of-speech fields (`名詞,固有名詞,人名,姓`).
    pub fn entries(&self, surface: &str) -> Vec<Vec<String>> {
        let dictionary = &self.decompose.dictionary;
        dictionary
            .prefix_dictionary
            .find_surface(surface)
            .into_iter()
            .map(|entry| {
                dictionary
                    .word_details(entry.word_id().id() as usize)
                    .into_iter()
                    .take(4)
                    .map(str::to_string)
                    .collect()
            })
            .collect()
    }

    /// The fully normalized text and its morphemes, without the bigrams.
    pub fn morphemes(&self, text: &str) -> (Normalized, Vec<Token>) {
        let converted = self.convert(text);
        (converted.full, converted.morphemes)
    }

    /// Normalization, segmentation and the number rewrite, keeping where
    /// the numbers were.
    fn convert(&self, text: &str) -> Converted {
        let chars = normalize(text);
        let mut tokens = self.segment_normalized(&chars);

        let mut full = Normalized::with_capacity(chars.text.len());
        let mut morphemes = Vec::with_capacity(tokens.len());
        let mut numerals = Vec::new();
        let mut copied = 0;
        let mut index = 0;
        let mut position = 0;
        while index < tokens.len() {
            let start = tokens[index].byte_start;
            // A place or name begun by a numeral is one word, not a number.
            let proper = self.proper_noun_from_numeral(&mut tokens, index, &chars.text);
            let run = match proper {
                Some(_) => None,
                None => numeral_run(&mut tokens, index, &chars.text),
            };
            let digits = run
                .as_ref()
                .and_then(|run| kanji_to_digits(&chars.text[start..run.digits_end]));
            full.extend_from(&chars, copied, start);
            match (run, digits) {
                (Some(run), Some(digits)) => {
                    let span = Span {
                        start: chars.span_at(start).start,
                        end: chars.span_at(run.digits_end - 1).end,
                    };
                    if chars.text[start..run.digits_end] != digits {
                        numerals.push(start..run.digits_end);
                    }
                    full.push_str(&digits, span);
                    morphemes.push(token(digits, span, position));
                    index = run.end;
                    let end = tokens[index - 1].byte_end;
                    if run.digits_end < end {
                        // The counter of a word such as 一月: its own morpheme.
                        full.extend_from(&chars, run.digits_end, end);
                        position += 1;
                        let (from, to) = chars.original_range(run.digits_end, end);
                        morphemes.push(token(
                            chars.text[run.digits_end..end].to_string(),
                            Span::new(from, to),
                            position,
                        ));
                    }
                }
                _ => {
                    let last = proper.unwrap_or(index + 1);
                    let end = tokens[last - 1].byte_end;
                    full.extend_from(&chars, start, end);
                    let surface: Cow<str> = match &tokens[index..last] {
                        [one] => Cow::Borrowed(&one.surface),
                        several => several.iter().map(|t| t.surface.as_ref()).collect(),
                    };
                    if surface.chars().any(is_word_char) {
                        let (from, to) = chars.original_range(start, end);
                        let word = without_final_mark(&surface).to_string();
                        morphemes.push(token(word, Span::new(from, to), position));
                    }
                    index = last;
                }
            }
            copied = tokens[index - 1].byte_end;
            position += 1;
        }
        full.extend_from(&chars, copied, chars.text.len());
        Converted {
            plain: chars,
            full,
            morphemes,
            numerals,
        }
    }

    /// Where the place or name that the numeral at `tokens[index]` begins
    /// ends (the index after its last token), when the dictionary lists it
    /// but lindera cut it apart in context: 八潮 of 八潮五丁目 (八 潮 五
    /// 丁目), 六本木 of 六本木一丁目. Names made of numerals only (五十二, a
    /// given name) and a numeral with its counter (二条 of 第二条: 条
    /// counts) stay numbers.
    fn proper_noun_from_numeral(
        &self,
        tokens: &mut [lindera::token::Token<'_>],
        index: usize,
        text: &str,
    ) -> Option<usize> {
        if !tokens[index].surface.starts_with(is_kanji_numeral) {
            return None;
        }
        let start = tokens[index].byte_start;
        let last = tokens.len().min(index + PROPER_NOUN_MAX_TOKENS);
        for end in index + 1..last {
            if tokens[end].byte_start != tokens[end - 1].byte_end {
                break;
            }
            let candidate = &text[start..tokens[end].byte_end];
            if candidate.chars().all(is_kanji_numeral)
                || tokens[end].get_detail(2) == Some("助数詞")
            {
                continue;
            }
            if self
                .entries(candidate)
                .iter()
                .any(|pos| pos.get(1).is_some_and(|p| p == "固有名詞"))
            {
                return Some(end + 1);
            }
        }
        None
    }

    /// The words of a normalized text, cut with the word-final ー that
    /// normalization drops put back (the dictionary knows アイスホッケー, not
    /// アイスホッケ, which it would cut アイス ホッケ). Byte offsets are the
    /// normalized text's; a word's surface keeps its ー (ツアー of バスツアー,
    /// as typed alone), and [`without_final_mark`] folds it by the word's
    /// own length, wherever it stands.
    fn segment_normalized<'a>(&'a self, chars: &'a Normalized) -> Vec<lindera::token::Token<'a>> {
        let (printed, offsets) = chars.as_printed_marks();
        let Cow::Owned(printed) = printed else {
            return self.segment_text(&chars.text);
        };
        self.segment_text(&printed)
            .into_iter()
            .filter_map(|token| {
                let start = offsets.map(token.byte_start);
                let end = offsets.map(token.byte_end);
                let normalized = &chars.text[start..end];
                let surface = if token.surface.len() == normalized.len() {
                    Cow::Borrowed(normalized)
                } else {
                    Cow::Owned(token.surface.into_owned())
                };
                // A mark cut off on its own is no word of the normalized text.
                (start < end).then(|| {
                    lindera::token::Token::new(
                        surface,
                        start,
                        end,
                        token.position,
                        token.word_id,
                        &self.normal.dictionary,
                        None,
                    )
                })
            })
            .collect()
    }

    /// Decompose mode's segmentation of `text`, at normal mode's cost.
    ///
    /// Decompose mode is normal mode with a penalty on words of more than
    /// two kanji or more than seven other characters. Where normal mode's
    /// best path has no such word, it is decompose mode's best path too
    /// (every other path only got dearer), so only those words are cut
    /// again, each on its own. lindera only fails on a broken dictionary;
    /// an unsegmented text still gets its bigrams.
    fn segment_text<'a>(&'a self, text: &'a str) -> Vec<lindera::token::Token<'a>> {
        LATTICE.with_borrow_mut(|lattice| self.segment_text_in(text, lattice))
    }

    fn segment_text_in<'a>(
        &'a self,
        text: &'a str,
        lattice: &mut Lattice,
    ) -> Vec<lindera::token::Token<'a>> {
        let tokens = self
            .normal
            .segment_with_lattice(Cow::Borrowed(text), lattice)
            .unwrap_or_default();
        if !tokens.iter().any(|t| penalized(&t.surface)) {
            return tokens;
        }
        let mut cut = Vec::with_capacity(tokens.len() + 8);
        for token in tokens {
            if !penalized(&token.surface) {
                cut.push(token);
                continue;
            }
            let (start, end) = (token.byte_start, token.byte_end);
            let parts = self
                .decompose
                .segment_with_lattice(Cow::Borrowed(&text[start..end]), lattice)
                .unwrap_or_default();
            if parts.len() < 2 {
                cut.push(token);
                continue;
            }
            cut.extend(parts.into_iter().map(|mut part| {
                part.byte_start += start;
                part.byte_end += start;
                part
            }));
        }
        cut
    }
}

/// How many of lindera's tokens a place or name cut apart may span
/// (六 本 木).
const PROPER_NOUN_MAX_TOKENS: usize = 4;

thread_local! {
    /// lindera's working memory, kept per thread: a fresh one per speech
    /// costs as much as the allocations of a whole segmentation.
    static LATTICE: std::cell::RefCell<Lattice> = std::cell::RefCell::new(Lattice::default());
}

/// Whether decompose mode's penalty weighs on a word (lindera's defaults:
/// more than two characters all kanji, or more than seven of any kind).
fn penalized(surface: &str) -> bool {
    let penalty = Penalty::default();
    let mut count = 0;
    let mut kanji_only = true;
    for c in surface.chars() {
        count += 1;
        kanji_only &= matches!(c as u32, 0x4E00..=0x9FAF | 0x3400..=0x4DBF);
    }
    if kanji_only {
        count > penalty.kanji_penalty_length_threshold
    } else {
        count > penalty.other_penalty_length_threshold
    }
}

/// Letters, digits, kana and kanji: a morpheme made only of other
/// characters (、。「」・…) is punctuation and not indexed.
fn is_word_char(c: char) -> bool {
    match c {
        _ if c.is_ascii() => c.is_ascii_alphanumeric(),
        '・' => false,
        '\u{3041}'..='\u{30FF}' | '\u{4E00}'..='\u{9FFF}' => true,
        _ => c.is_alphanumeric(),
    }
}

/// The values a speech's text gives the index's analyzed fields.
pub struct IndexValues {
    /// The fully normalized text, cut into bigrams by
    /// [`super::GramFieldTokenizer`].
    pub grams: String,
    /// The morphemes joined by [`MORPHEME_SEPARATOR`], one segment per
    /// position, cut by [`super::MorphemeFieldTokenizer`].
    pub morphemes: String,
    /// The text around each rewritten kanji number as printed (normalized,
    /// numbers not rewritten), windows apart by a space, cut into bigrams.
    /// `grams` reads 二十三年 as 23年, where 十三年 (13年) is not found; a
    /// query word that starts or ends inside a number is looked up here,
    /// so that every substring of the text stays findable.
    pub numerals: String,
}

/// The text before and after the number rewrite.
struct Converted {
    /// Normalized, numbers as printed.
    plain: Normalized,
    /// Normalized, numbers rewritten.
    full: Normalized,
    morphemes: Vec<Token>,
    /// Byte ranges of `plain` rewritten to other digits.
    numerals: Vec<std::ops::Range<usize>>,
}

/// [`IndexValues::numerals`]: each range of `text` with
/// [`NUMERAL_CONTEXT`] characters either side, overlapping windows merged.
fn numeral_windows(text: &str, numerals: &[std::ops::Range<usize>]) -> String {
    let back = |at: usize| {
        text[..at]
            .char_indices()
            .rev()
            .nth(NUMERAL_CONTEXT - 1)
            .map_or(0, |(i, _)| i)
    };
    let forward = |at: usize| {
        text[at..]
            .char_indices()
            .nth(NUMERAL_CONTEXT)
            .map_or(text.len(), |(i, _)| at + i)
    };
    let mut windows: Vec<std::ops::Range<usize>> = Vec::new();
    for range in numerals {
        let window = back(range.start)..forward(range.end);
        match windows.last_mut() {
            Some(last) if window.start <= last.end => last.end = last.end.max(window.end),
            _ => windows.push(window),
        }
    }
    let mut joined = String::new();
    for window in windows {
        if !joined.is_empty() {
            joined.push(' ');
        }
        joined.push_str(&text[window]);
    }
    joined
}

fn token(text: String, span: Span, position: usize) -> Token {
    Token {
        offset_from: span.start as usize,
        offset_to: span.end as usize,
        position,
        text,
        position_length: 1,
    }
}

/// Counters that IPADIC lists fused with a numeral (一月, 二日, 一人): the
/// numeral is rewritten and the counter kept. 分 is left out on purpose:
/// 十分 is "enough" far more often than ten minutes.
const FUSED_COUNTERS: [char; 8] = ['月', '日', '年', '人', '回', '条', '番', '号'];

/// A run of adjacent numeral morphemes: the tokens it spans and where its
/// numerals end (before a fused counter).
struct NumeralRun {
    /// One past the last token of the run.
    end: usize,
    /// Byte offset in the text where the numerals end.
    digits_end: usize,
}

/// The run of numeral morphemes that starts at `start`, if one does. A run
/// right after an Arabic digit (the 万 of 4000万) is not one: it stays as
/// printed.
fn numeral_run(
    tokens: &mut [lindera::token::Token<'_>],
    start: usize,
    text: &str,
) -> Option<NumeralRun> {
    if !tokens[start].surface.starts_with(is_kanji_numeral) {
        return None;
    }
    let first = tokens[start].byte_start;
    if first > 0 && text.as_bytes()[first - 1].is_ascii_digit()
        || starts_non_number_word(text, first)
    {
        return None;
    }
    let mut run: Option<NumeralRun> = None;
    for index in start..tokens.len() {
        if index > start && tokens[index].byte_start != tokens[index - 1].byte_end {
            break;
        }
        let token = &mut tokens[index];
        let surface = token.surface.as_ref();
        let numerals_end = surface
            .char_indices()
            .find(|(_, c)| !is_kanji_numeral(*c))
            .map_or(surface.len(), |(at, _)| at);
        if numerals_end == surface.len() {
            if token.get_detail(1) != Some("数") {
                break;
            }
            run = Some(NumeralRun {
                end: index + 1,
                digits_end: token.byte_end,
            });
            continue;
        }
        let rest = &surface[numerals_end..];
        let mut rest_chars = rest.chars();
        let fused = numerals_end > 0
            && rest_chars
                .next()
                .is_some_and(|c| FUSED_COUNTERS.contains(&c))
            && rest_chars.next().is_none();
        if fused {
            run = Some(NumeralRun {
                end: index + 1,
                digits_end: token.byte_start + numerals_end,
            });
        }
        break;
    }
    run
}

/// Hiragana, katakana and the long-vowel mark.
fn is_kana(c: char) -> bool {
    matches!(c, '\u{3041}'..='\u{3096}' | '\u{30A1}'..='\u{30FA}' | 'ー')
}

/// IPADIC's reading field, `*` where it has none.
fn known_reading(field: &str) -> Option<&str> {
    (field != "*" && !field.is_empty()).then_some(field)
}

/// ガ → カ, ジ → シ, パ → ハ: katakana without its voicing marks.
fn unvoiced(c: char) -> char {
    use unicode_normalization::char::decompose_canonical;
    let mut base = c;
    let mut first = true;
    decompose_canonical(c, |part| {
        if first {
            base = part;
            first = false;
        }
    });
    base
}
