//! Highlighting: the passage where the matches gather, or a whole text, as
//! plain text with the byte ranges that matched ([`Marked`]); each caller
//! renders them (HTML `<mark>` for the pages, the API and the feeds, 【】 in
//! the terminal). Matches are found on the analyzer's bigrams, whose
//! offsets point into the text as printed.

use std::sync::Arc;

use kaigiroku_core::analysis::Analyzer;
use serde::Serialize;

/// Marks what a parsed query matches: each term a sequence of consecutive
/// bigrams, including the forms the query took in context. Built by
/// [`crate::Searcher::highlighter`] and by every search, so that every view
/// marks the same terms.
#[derive(Clone)]
pub struct Highlighter {
    analyzer: Arc<Analyzer>,
    terms: Vec<Vec<String>>,
    /// The query word each term spells: a snippet counts 子供 and 子ども as
    /// one word.
    word_of: Vec<usize>,
}

impl Highlighter {
    /// Each term a word of its own.
    pub(crate) fn new(analyzer: Arc<Analyzer>, terms: Vec<Vec<String>>) -> Self {
        let word_of = (0..terms.len()).collect();
        Highlighter {
            analyzer,
            terms,
            word_of,
        }
    }

    /// Per query word, the terms that spell it.
    pub(crate) fn of_words(analyzer: Arc<Analyzer>, words: Vec<Vec<Vec<String>>>) -> Self {
        let mut terms = Vec::new();
        let mut word_of = Vec::new();
        for (word, spellings) in words.into_iter().enumerate() {
            word_of.extend(std::iter::repeat_n(word, spellings.len()));
            terms.extend(spellings);
        }
        Highlighter {
            analyzer,
            terms,
            word_of,
        }
    }

    /// The terms marked, each a sequence of bigrams.
    pub fn terms(&self) -> &[Vec<String>] {
        &self.terms
    }

    /// About `width` characters of `text` where the query's words gather
    /// (the first match when they gather nowhere).
    pub fn snippet(&self, text: &str, width: usize) -> Marked {
        snippet(&self.analyzer, text, &self.terms, &self.word_of, width)
    }

    /// The whole of `text`, every match marked.
    pub fn highlight_all(&self, text: &str) -> Marked {
        Marked {
            text: text.to_string(),
            marks: match_ranges(&self.analyzer, text, &self.terms),
        }
    }
}

/// A passage and where the query matched in it.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Marked {
    /// The passage as printed, with … where it was cut.
    pub text: String,
    /// Byte ranges of `text` that matched: in order, apart, on character
    /// boundaries.
    pub marks: Vec<(usize, usize)>,
}

impl Marked {
    pub fn is_empty(&self) -> bool {
        self.text.is_empty()
    }

    /// True when the query matched in it.
    pub fn has_marks(&self) -> bool {
        !self.marks.is_empty()
    }

    /// The passage as HTML: escaped, each match in `<mark>`.
    pub fn html(&self) -> String {
        self.render("<mark>", "</mark>", escape_into)
    }

    /// The passage as plain text, each match between `open` and `close`.
    pub fn with(&self, open: &str, close: &str) -> String {
        self.render(open, close, |text, out| out.push_str(text))
    }

    /// Each piece of text through `put`, each match between `open` and
    /// `close`.
    fn render(&self, open: &str, close: &str, put: impl Fn(&str, &mut String)) -> String {
        let mut out = String::with_capacity(self.text.len() + 16);
        let mut cursor = 0;
        for &(from, to) in &self.marks {
            put(&self.text[cursor..from], &mut out);
            out.push_str(open);
            put(&self.text[from..to], &mut out);
            out.push_str(close);
            cursor = to;
        }
        put(&self.text[cursor..], &mut out);
        out
    }
}

fn snippet(
    analyzer: &Analyzer,
    text: &str,
    terms: &[Vec<String>],
    word_of: &[usize],
    width: usize,
) -> Marked {
    // Most matches are printed as the query normalizes: then only the
    // window around the printed ones is normalized, not the whole speech
    // (ten hits of several thousand characters each).
    if let Some(at) = densest_printed(text, terms, word_of, width) {
        let (start, end) = window(text, at, width);
        let ranges = match_ranges(analyzer, &text[start..end], terms)
            .into_iter()
            .map(|(from, to)| (start + from, start + to))
            .collect::<Vec<_>>();
        if !ranges.is_empty() {
            return marked(text, &ranges, start, end);
        }
    }
    let ranges = match_ranges(analyzer, text, terms);
    let (start, end) = window(text, ranges.first().map_or(0, |r| r.0), width);
    marked(text, &ranges, start, end)
}

/// Where the window of about `width` characters that holds the most of
/// the query's words, printed as the query spells them, starts: the most
/// distinct words first (`word_of` says which word each term spells), then
/// the most matches, then the earliest. A speech on 京都議定書 that names
/// 東京都 once first is shown at 京都議定書.
fn densest_printed(
    text: &str,
    terms: &[Vec<String>],
    word_of: &[usize],
    width: usize,
) -> Option<usize> {
    let mut found: Vec<(usize, usize)> = Vec::new();
    for (term, grams) in terms.iter().enumerate().filter(|(_, t)| !t.is_empty()) {
        let needle = term_string(grams);
        let word = word_of[term];
        found.extend(
            text.match_indices(needle.as_str())
                .map(|(at, _)| (at, word)),
        );
    }
    found.sort_unstable();
    // Two spellings of a word met at one place (取組 in 取組み) are one match.
    found.dedup();
    // Bytes, not characters: the minutes are mostly three-byte kanji and kana.
    let span = width * 3 / 2;
    let words = word_of.iter().max().map_or(0, |w| w + 1);
    let mut held = vec![0usize; words];
    let (mut distinct, mut end) = (0, 0);
    let mut best: Option<((usize, usize), usize)> = None;
    for (i, &(start, word)) in found.iter().enumerate() {
        while end < found.len() && found[end].0 - start <= span {
            let entering = found[end].1;
            if held[entering] == 0 {
                distinct += 1;
            }
            held[entering] += 1;
            end += 1;
        }
        let score = (distinct, end - i);
        if best.is_none_or(|(most, _)| score > most) {
            best = Some((score, start));
        }
        held[word] -= 1;
        if held[word] == 0 {
            distinct -= 1;
        }
    }
    best.map(|(_, start)| start)
}

/// Byte range of about `width` characters of `text`, starting a little
/// before the byte `center`.
fn window(text: &str, center: usize, width: usize) -> (usize, usize) {
    let before = text[..center].char_indices().rev().take(width / 4).last();
    let start = before.map_or(center, |(i, _)| i);
    let end = text[start..]
        .char_indices()
        .nth(width)
        .map_or(text.len(), |(i, _)| start + i);
    (start, end)
}

/// `text[start..end]` with the parts of `ranges` inside it, and ellipses
/// where it was cut.
fn marked(text: &str, ranges: &[(usize, usize)], start: usize, end: usize) -> Marked {
    let mut passage = String::new();
    if start > 0 {
        passage.push('…');
    }
    // Where `text[start]` is in the passage.
    let shift = passage.len();
    let marks = ranges
        .iter()
        .map(|&(from, to)| (from.max(start), to.min(end)))
        .filter(|(from, to)| from < to)
        .map(|(from, to)| (from - start + shift, to - start + shift))
        .collect();
    passage.push_str(&text[start..end]);
    if end < text.len() {
        passage.push('…');
    }
    Marked {
        text: passage,
        marks,
    }
}

/// Byte ranges of the printed text where a term matched, merged, in order.
///
/// The cheap way first: the terms as strings in the character-normalized
/// text (no lindera). Only when that finds nothing, because the match went
/// through a rewritten number (九条 for 9条), the full analysis.
fn match_ranges(analyzer: &Analyzer, text: &str, terms: &[Vec<String>]) -> Vec<(usize, usize)> {
    let terms: Vec<&Vec<String>> = terms.iter().filter(|t| !t.is_empty()).collect();
    if terms.is_empty() {
        return Vec::new();
    }
    let normalized = kaigiroku_core::analysis::normalize(text);
    let mut quick = Vec::new();
    for term in &terms {
        let needle = term_string(term);
        for (at, found) in normalized.text.match_indices(needle.as_str()) {
            quick.push(normalized.original_range(at, at + found.len()));
        }
    }
    if !quick.is_empty() {
        return merge(quick);
    }
    let grams = analyzer.analyze(text).grams;
    let mut ranges = Vec::new();
    for term in terms {
        for start in 0..grams.len() {
            let single = term.len() == 1 && term[0].chars().count() == 1;
            let matched = if single {
                grams[start].text.starts_with(term[0].as_str())
            } else {
                start + term.len() <= grams.len()
                    && term.iter().enumerate().all(|(k, t)| {
                        let g = &grams[start + k];
                        g.text == *t && g.position == grams[start].position + k
                    })
            };
            if matched {
                let last = &grams[start + if single { 0 } else { term.len() - 1 }];
                ranges.push((grams[start].offset_from, last.offset_to));
            }
        }
    }
    merge(ranges)
}

/// The string a sequence of overlapping bigrams spells (["憲法", "法9"] → 憲法9).
fn term_string(grams: &[String]) -> String {
    let mut text = grams[0].clone();
    for gram in &grams[1..] {
        text.extend(gram.chars().skip(1));
    }
    text
}

fn merge(mut ranges: Vec<(usize, usize)>) -> Vec<(usize, usize)> {
    ranges.sort_unstable();
    let mut merged: Vec<(usize, usize)> = Vec::new();
    for (from, to) in ranges {
        match merged.last_mut() {
            Some(last) if from <= last.1 => last.1 = last.1.max(to),
            _ => merged.push((from, to)),
        }
    }
    merged
}

/// Appends `text` HTML-escaped.
pub fn escape_into(text: &str, out: &mut String) {
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            _ => out.push(c),
        }
    }
}

/// `text` HTML-escaped.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    escape_into(text, &mut out);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn highlighter(terms: &[&[&str]]) -> Highlighter {
        let terms = terms
            .iter()
            .map(|t| t.iter().map(|g| g.to_string()).collect())
            .collect();
        Highlighter::new(kaigiroku_core::testing::analyzer(), terms)
    }

    #[test]
    fn a_snippet_is_a_window_around_the_first_match() {
        let text = format!(
            "{}防災訓練を実施<した>{}",
            "あ".repeat(100),
            "い".repeat(100)
        );
        let marked = highlighter(&[&["防災", "災訓", "訓練"]]).snippet(&text, 30);
        assert_eq!(marked.with("【", "】").matches("【防災訓練】").count(), 1);
        let snippet = marked.html();
        assert!(
            snippet.starts_with('…') && snippet.ends_with('…'),
            "{snippet}"
        );
        assert!(
            snippet.contains("<mark>防災訓練</mark>を実施&lt;した&gt;"),
            "{snippet}"
        );
        assert_eq!(snippet.chars().filter(|c| *c == 'あ').count(), 7);
    }

    #[test]
    fn a_snippet_shows_where_the_words_gather() {
        let text = format!(
            "{}東京都の気温{}京都議定書と京都会議、京都の会議{}",
            "あ".repeat(20),
            "い".repeat(200),
            "う".repeat(100)
        );
        let marked = highlighter(&[&["京都"]]).snippet(&text, 40);
        assert!(
            marked.text.contains("京都議定書と京都会議"),
            "{}",
            marked.text
        );
        assert!(!marked.text.contains("東京都"), "{}", marked.text);
        // Two words together outrank one word said more often alone.
        let text = format!(
            "団地、団地、団地{}八潮の団地{}",
            "え".repeat(200),
            "お".repeat(50)
        );
        let marked = highlighter(&[&["八潮"], &["団地"]]).snippet(&text, 30);
        assert!(marked.text.contains("八潮の団地"), "{}", marked.text);
        // Two spellings of one word are one word: 子ども食堂 is where 子供
        // and 食堂 gather, not where 子供 and 子ども stand side by side.
        let text = format!(
            "子供と子どもと子供{}子ども食堂{}",
            "か".repeat(200),
            "き".repeat(50)
        );
        let grams = |word: &str| -> Vec<String> {
            let chars: Vec<char> = word.chars().collect();
            chars.windows(2).map(|w| w.iter().collect()).collect()
        };
        let words = vec![vec![grams("子供"), grams("子ども")], vec![grams("食堂")]];
        let marked =
            Highlighter::of_words(kaigiroku_core::testing::analyzer(), words).snippet(&text, 30);
        assert!(marked.text.contains("子ども食堂"), "{}", marked.text);
    }

    #[test]
    fn numbers_match_through_their_rewrite() {
        // 九条 is indexed as 9条: the quick string match misses, the
        // analysis finds it.
        let marked = highlighter(&[&["法9", "9条"]]).highlight_all("憲法九条について");
        assert_eq!(marked.html(), "憲<mark>法九条</mark>について");
        assert_eq!(marked.with("【", "】"), "憲【法九条】について");
    }
}
