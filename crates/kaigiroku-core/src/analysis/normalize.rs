//! Character-level normalization that remembers where every byte came from.
//!
//! One pass over the text: NFKC (only where a character can change), lower
//! case, variant kanji, iteration marks and the katakana long vowel at the end
//! of a word. Each output byte keeps the span of the original text it was
//! made from, so that tokens found in the normalized text can be highlighted
//! in the text as printed.

use std::borrow::Cow;

use unicode_normalization::UnicodeNormalization;
use unicode_normalization::char::canonical_combining_class;

use super::kana::is_katakana;
use super::variants::fold_variant;

/// A byte range of the original text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Span {
    pub start: u32,
    pub end: u32,
}

impl Span {
    pub(crate) fn new(start: usize, end: usize) -> Self {
        Span {
            start: start as u32,
            end: end as u32,
        }
    }
}

/// Normalized text and, for each of its bytes, the original span.
#[derive(Debug, Clone, Default)]
pub struct Normalized {
    pub text: String,
    spans: Vec<Span>,
    /// Where in `text` a word-final ー was dropped, in increasing order:
    /// the dictionary knows アイスホッケー, not アイスホッケ, so words are cut
    /// with the marks back in ([`Normalized::as_printed_marks`]).
    dropped_marks: Vec<u32>,
}

impl Normalized {
    /// The original byte range behind `text[start..end]` (`start < end`).
    pub fn original_range(&self, start: usize, end: usize) -> (usize, usize) {
        debug_assert!(start < end && end <= self.spans.len());
        (
            self.spans[start].start as usize,
            self.spans[end - 1].end as usize,
        )
    }

    /// The original span of the normalized byte at `index`.
    pub fn span_at(&self, index: usize) -> Span {
        self.spans[index]
    }

    pub(crate) fn with_capacity(capacity: usize) -> Self {
        Normalized {
            text: String::with_capacity(capacity),
            spans: Vec::with_capacity(capacity),
            dropped_marks: Vec::new(),
        }
    }

    /// `text` with the word-final ー it dropped put back, and how to map
    /// that text's byte offsets onto `text`'s. Only [`normalize`]'s own
    /// result knows its marks: a text built from parts of it has none.
    pub(crate) fn as_printed_marks(&self) -> (Cow<'_, str>, MarkOffsets) {
        let mut offsets = MarkOffsets {
            marks: Vec::with_capacity(self.dropped_marks.len()),
        };
        if self.dropped_marks.is_empty() {
            return (Cow::Borrowed(&self.text), offsets);
        }
        let mut text = String::with_capacity(self.text.len() + 3 * self.dropped_marks.len());
        let mut copied = 0;
        for &at in &self.dropped_marks {
            text.push_str(&self.text[copied..at as usize]);
            offsets.marks.push(text.len());
            text.push('ー');
            copied = at as usize;
        }
        text.push_str(&self.text[copied..]);
        (Cow::Owned(text), offsets)
    }

    pub(crate) fn push_str(&mut self, s: &str, span: Span) {
        self.text.push_str(s);
        self.spans.extend(std::iter::repeat_n(span, s.len()));
    }

    /// Copies `other.text[start..end]` with its spans.
    pub(crate) fn extend_from(&mut self, other: &Normalized, start: usize, end: usize) {
        self.text.push_str(&other.text[start..end]);
        self.spans.extend_from_slice(&other.spans[start..end]);
    }
}

/// Maps byte offsets of [`Normalized::as_printed_marks`]'s text onto the
/// normalized text's.
pub(crate) struct MarkOffsets {
    /// Where each mark put back starts in the printed text, in order.
    marks: Vec<usize>,
}

impl MarkOffsets {
    /// The normalized offset of `offset`; an offset inside or just after a
    /// mark put back maps to where the mark was.
    pub fn map(&self, offset: usize) -> usize {
        const MARK: usize = 'ー'.len_utf8();
        // The marks that start before `offset`; the last of them may hold it.
        let before = self.marks.partition_point(|&at| at < offset);
        match before.checked_sub(1) {
            Some(last) if offset < self.marks[last] + MARK => self.marks[last] - MARK * last,
            _ => offset - MARK * before,
        }
    }
}

/// Normalizes `original` for indexing and querying alike.
pub fn normalize(original: &str) -> Normalized {
    let mut out = Builder {
        normalized: Normalized::with_capacity(original.len()),
        katakana_run: 0,
    };
    let mut chars = original.char_indices().peekable();
    while let Some((start, c)) = chars.next() {
        if c.is_ascii() {
            // Control characters are spacing (they also keep the morpheme
            // field's separator out of the text).
            let c = if c.is_ascii_control() {
                ' '
            } else {
                c.to_ascii_lowercase()
            };
            out.push(c, Span::new(start, start + 1));
            continue;
        }
        let mut end = start + c.len_utf8();
        while let Some(&(next_start, next)) = chars.peek() {
            if !combines_with_previous(next) {
                break;
            }
            end = next_start + next.len_utf8();
            chars.next();
        }
        let span = Span::new(start, end);
        if end == start + c.len_utf8() && nfkc_stable(c) {
            out.push_folded(c, span);
        } else {
            for folded in original[start..end].nfkc() {
                out.push_folded(folded, span);
            }
        }
    }
    out.finish()
}

/// Characters that NFKC leaves alone and that make up most Japanese text:
/// for these the costly normalization is skipped.
fn nfkc_stable(c: char) -> bool {
    matches!(c,
        '\u{3001}'..='\u{3011}'     // 、。〃〄々〆〇〈〉《》「」『』【】
        | '\u{3041}'..='\u{3096}'   // hiragana
        | '\u{30A1}'..='\u{30FE}'   // katakana, ・, ー, ヽ, ヾ
        | '\u{3400}'..='\u{4DBF}'   // CJK extension A
        | '\u{4E00}'..='\u{9FFF}') // CJK unified ideographs
}

/// Marks that NFKC may compose into the preceding character: combining
/// marks, and the half-width voiced sound marks (ｶﾞ → ガ).
fn combines_with_previous(c: char) -> bool {
    if c.is_ascii() || nfkc_stable(c) {
        return false;
    }
    matches!(c, '\u{FF9E}' | '\u{FF9F}') || canonical_combining_class(c) != 0
}

fn is_kanji(c: char) -> bool {
    matches!(c, '\u{3400}'..='\u{4DBF}' | '\u{4E00}'..='\u{9FFF}' | '\u{F900}'..='\u{FAFF}' | '\u{20000}'..='\u{3FFFF}')
}

/// Katakana words at least this long (with the mark) lose a final ー, as
/// in JIS Z 8301 and Lucene's JapaneseKatakanaStemFilter: サーバー → サーバ,
/// while short words such as ルー keep it. The text applies it to katakana
/// runs, the morphemes to each word ([`without_final_mark`]).
const LONG_VOWEL_MIN_CHARS: usize = 4;

/// A katakana word (as printed, its ー in place) without its final ー when
/// it is at least [`LONG_VOWEL_MIN_CHARS`] long: the same morpheme wherever
/// the word stands (サーバー alone and in サーバーセキュリティー is サーバ;
/// ツアー alone and in バスツアー stays ツアー).
pub(crate) fn without_final_mark(word: &str) -> &str {
    match word.strip_suffix('ー') {
        Some(stem)
            if word.chars().all(is_katakana) && word.chars().count() >= LONG_VOWEL_MIN_CHARS =>
        {
            stem
        }
        _ => word,
    }
}

struct Builder {
    normalized: Normalized,
    /// Katakana characters (with ー) since the last other character.
    katakana_run: usize,
}

impl Builder {
    fn push_folded(&mut self, c: char, span: Span) {
        if c.is_ascii() {
            return self.push(c.to_ascii_lowercase(), span);
        }
        let c = match c {
            // Dashes that NFKC keeps apart; users type the ASCII hyphen.
            '\u{2010}'..='\u{2013}' | '\u{2212}' | '\u{FE63}' => '-',
            '\u{301C}' => '~',
            _ => fold_variant(c),
        };
        if c.is_uppercase() {
            for lower in c.to_lowercase() {
                self.push(lower, span);
            }
        } else {
            self.push(c, span);
        }
    }

    fn push(&mut self, c: char, span: Span) {
        let c = match c {
            // Iteration marks repeat the previous character: 人々 → 人人.
            '々' => self.previous_char().filter(|p| is_kanji(*p)).unwrap_or(c),
            'ゝ' => self
                .previous_char()
                .filter(|p| matches!(p, '\u{3041}'..='\u{3096}'))
                .unwrap_or(c),
            'ヽ' => self
                .previous_char()
                .filter(|p| is_katakana(*p))
                .unwrap_or(c),
            _ => c,
        };
        if is_katakana(c) {
            self.katakana_run += 1;
        } else {
            self.end_katakana_run();
        }
        let mut buffer = [0u8; 4];
        self.normalized.push_str(c.encode_utf8(&mut buffer), span);
    }

    fn previous_char(&self) -> Option<char> {
        self.normalized.text.chars().next_back()
    }

    fn end_katakana_run(&mut self) {
        let run = std::mem::take(&mut self.katakana_run);
        if run < LONG_VOWEL_MIN_CHARS || !self.normalized.text.ends_with('ー') {
            return;
        }
        let text = &mut self.normalized.text;
        let spans = &mut self.normalized.spans;
        text.truncate(text.len() - 'ー'.len_utf8());
        let removed = spans[text.len()];
        spans.truncate(text.len());
        self.normalized.dropped_marks.push(text.len() as u32);
        // The word as printed still ends with the mark: highlight it too.
        let last_char_len = text.chars().next_back().map_or(0, char::len_utf8);
        for span in &mut spans[text.len() - last_char_len..] {
            span.end = removed.end;
        }
    }

    fn finish(mut self) -> Normalized {
        self.end_katakana_run();
        self.normalized
    }
}

/// The key a person's name is matched by: normalized (width, 旧字体) and
/// without spaces, so `髙橋` and `高　橋` find `高橋`; a disambiguator such
/// as （伸） stays part of it, as `(伸)`.
pub fn name_key(name: &str) -> String {
    normalize(name)
        .text
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(input: &str, expected: &str) {
        assert_eq!(normalize(input).text, expected, "normalize({input:?})");
    }

    #[test]
    fn width_case_and_voicing() {
        check("ＤＸ推進", "dx推進");
        check("４０００万円", "4000万円");
        check("ｶﾞｲﾄﾞﾗｲﾝ", "ガイドライン");
        check("LGWAN－ASPサービス", "lgwan-aspサービス");
        check("令和４年１月２６日", "令和4年1月26日");
        check("（質疑なし）", "(質疑なし)");
        check("後　藤　さちこ", "後 藤 さちこ");
    }

    #[test]
    fn variants_iteration_marks_and_long_vowels() {
        check("髙橋", "高橋");
        check("三原　將嗣", "三原 将嗣");
        check("人々", "人人");
        check("サーバー", "サーバ");
        check("サーバーの", "サーバの");
        check("コンピューター", "コンピュータ");
        check("ルー", "ルー");
        check("ゴミ", "ゴミ");
    }

    #[test]
    fn dropped_marks_come_back_for_the_segmenter() {
        let normalized = normalize("アイスホッケーとサーバーの件");
        assert_eq!(normalized.text, "アイスホッケとサーバの件");
        let (printed, offsets) = normalized.as_printed_marks();
        assert_eq!(printed, "アイスホッケーとサーバーの件");
        let after = |word: &str| printed.find(word).unwrap() + word.len();
        assert_eq!(offsets.map(after("アイスホッケー")), "アイスホッケ".len());
        assert_eq!(
            offsets.map(printed.find('と').unwrap()),
            "アイスホッケ".len()
        );
        assert_eq!(
            offsets.map(after("サーバー")),
            normalized.text.find('の').unwrap()
        );
        assert_eq!(offsets.map(printed.len()), normalized.text.len());
        // An offset at, inside or just after a mark maps to where it was.
        let mark = printed.find("ーと").unwrap();
        for offset in [mark, mark + 1, mark + 2, mark + 3] {
            assert_eq!(offsets.map(offset), "アイスホッケ".len(), "{offset}");
        }
        // A mark at the very end of the text.
        let alone = normalize("サーバー");
        let (printed, offsets) = alone.as_printed_marks();
        assert_eq!(printed, "サーバー");
        for offset in [9, 10, 11, 12] {
            assert_eq!(offsets.map(offset), 9, "{offset}");
        }
        assert_eq!(offsets.map(3), 3);
        assert_eq!(normalize("ゴミ").as_printed_marks().0, "ゴミ");
    }

    #[test]
    fn spans_point_into_the_original() {
        let original = "ＤＸとサーバー";
        let normalized = normalize(original);
        assert_eq!(normalized.text, "dxとサーバ");
        // "dx" comes from the two full-width letters.
        assert_eq!(normalized.original_range(0, 2), (0, 6));
        // "サーバ" covers the printed "サーバー", mark included.
        let start = normalized.text.find('サ').unwrap();
        assert_eq!(
            normalized.original_range(start, normalized.text.len()),
            (9, original.len())
        );
    }
}
