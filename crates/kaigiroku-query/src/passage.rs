//! Where in a speech the query's words gather: the densest passage.
//!
//! BM25 counts a word over the whole speech and divides by its length, so
//! a long report that lists the subject once scores like one that spends a
//! page on it. The words' positions tell them apart: in the second they
//! come back, together, within a few lines.

use tantivy::postings::{Postings, SegmentPostings};
use tantivy::schema::{Field, IndexRecordOption};
use tantivy::{DocAddress, DocSet, Term};

use crate::error::Result;

/// The query's words as passages are looked for: per word, each of its
/// spellings as its bigrams (a word of one character has none and is not
/// looked for).
pub(crate) type QueryWords = Vec<Vec<Vec<String>>>;

/// How many characters a passage spans: a paragraph or two of minutes.
pub(crate) const PASSAGE_WIDTH: u32 = 300;
/// Occurrences of one word that count in a passage: a word said three
/// times in a paragraph is its subject; more says no more.
const PER_WORD: usize = 3;

/// For each of `docs`, how densely the words gather in its densest
/// passage: the occurrences of each word within [`PASSAGE_WIDTH`]
/// characters, at most [`PER_WORD`] each, over the most there could be
/// (0 to 1).
pub(crate) fn densest(
    searcher: &tantivy::Searcher,
    field: Field,
    words: &QueryWords,
    docs: &[DocAddress],
) -> Result<Vec<f32>> {
    let words: Vec<&Vec<Vec<String>>> = words
        .iter()
        .filter(|spellings| spellings.iter().any(|grams| !grams.is_empty()))
        .collect();
    let mut density = vec![0.0; docs.len()];
    if words.is_empty() {
        return Ok(density);
    }
    let most = (PER_WORD * words.len()) as f32;
    let mut order: Vec<usize> = (0..docs.len()).collect();
    order.sort_by_key(|&i| (docs[i].segment_ord, docs[i].doc_id));
    let mut at = 0;
    while at < order.len() {
        let segment_ord = docs[order[at]].segment_ord;
        let end = order[at..]
            .iter()
            .position(|&i| docs[i].segment_ord != segment_ord)
            .map_or(order.len(), |n| at + n);
        let inverted = searcher.segment_reader(segment_ord).inverted_index(field)?;
        // Per word, per spelling, the postings of each of its bigrams.
        let mut postings: Vec<Vec<Vec<Option<SegmentPostings>>>> = Vec::new();
        for spellings in &words {
            let mut of_word = Vec::new();
            for grams in spellings.iter().filter(|grams| !grams.is_empty()) {
                let mut of_spelling = Vec::new();
                for gram in grams {
                    let term = Term::from_field_text(field, gram);
                    let read = inverted
                        .read_postings(&term, IndexRecordOption::WithFreqsAndPositions)
                        .map_err(tantivy::TantivyError::from)?;
                    of_spelling.push(read);
                }
                of_word.push(of_spelling);
            }
            postings.push(of_word);
        }
        let mut occurrences: Vec<(u32, usize)> = Vec::new();
        let mut positions: Vec<Vec<u32>> = Vec::new();
        for &i in &order[at..end] {
            let doc = docs[i].doc_id;
            occurrences.clear();
            for (word, spellings) in postings.iter_mut().enumerate() {
                for grams in spellings.iter_mut() {
                    if !phrase_positions(grams, doc, &mut positions) {
                        continue;
                    }
                    let (first, rest) = positions.split_first().expect("a spelling has a bigram");
                    for &start in first {
                        let follows = rest
                            .iter()
                            .enumerate()
                            .all(|(j, next)| next.binary_search(&(start + j as u32 + 1)).is_ok());
                        if follows {
                            occurrences.push((start, word));
                        }
                    }
                }
            }
            occurrences.sort_unstable();
            occurrences.dedup();
            density[i] = best_window(&occurrences, words.len()) as f32 / most;
        }
        at = end;
    }
    Ok(density)
}

/// The positions of each bigram of a spelling in `doc`, into `positions`;
/// false when one of them is not in it.
fn phrase_positions(
    grams: &mut [Option<SegmentPostings>],
    doc: tantivy::DocId,
    positions: &mut Vec<Vec<u32>>,
) -> bool {
    positions.resize_with(grams.len(), Vec::new);
    positions.truncate(grams.len());
    for (postings, out) in grams.iter_mut().zip(positions.iter_mut()) {
        let Some(postings) = postings else {
            return false;
        };
        if postings.doc() < doc {
            postings.seek(doc);
        }
        if postings.doc() != doc {
            return false;
        }
        out.clear();
        postings.positions(out);
    }
    true
}

/// The most occurrences (at most [`PER_WORD`] per word) any window of
/// [`PASSAGE_WIDTH`] characters holds; `occurrences` sorted by position.
fn best_window(occurrences: &[(u32, usize)], words: usize) -> usize {
    let mut counts = vec![0usize; words];
    let mut held = 0;
    let mut best = 0;
    let mut from = 0;
    for &(position, word) in occurrences {
        counts[word] += 1;
        if counts[word] <= PER_WORD {
            held += 1;
        }
        while occurrences[from].0 + PASSAGE_WIDTH <= position {
            let leaving = occurrences[from].1;
            if counts[leaving] <= PER_WORD {
                held -= 1;
            }
            counts[leaving] -= 1;
            from += 1;
        }
        best = best.max(held);
    }
    best
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_window_counts_each_word_at_most_three_times() {
        let spread = [(0, 0), (400, 0), (800, 1)];
        assert_eq!(best_window(&spread, 2), 1);
        let gathered = [
            (0, 0),
            (10, 1),
            (20, 0),
            (30, 0),
            (40, 0),
            (50, 0),
            (900, 1),
        ];
        assert_eq!(best_window(&gathered, 2), 4);
    }
}
