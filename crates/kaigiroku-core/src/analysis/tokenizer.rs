//! The analyzer as tantivy tokenizers.
//!
//! Indexing analyzes each speech once
//! ([`Analyzer::index_values`](super::Analyzer::index_values)) and hands
//! tantivy two plain strings: the normalized text and the morphemes joined
//! by [`MORPHEME_SEPARATOR`]. The tokenizers registered on the index fields
//! ([`GramFieldTokenizer`], [`MorphemeFieldTokenizer`]) only cut those
//! strings into terms, reusing one token, so lindera runs once per speech
//! and no token list is built or copied.

use tantivy::tokenizer::{Token, TokenStream, Tokenizer};

use super::grams::for_each_gram;

/// Tokenizer name of the morpheme field (values from
/// [`Analyzer::index_values`](super::Analyzer::index_values)).
pub const MORPHEME_TOKENIZER: &str = "kaigiroku_morphemes_v1";
/// Tokenizer name of the bigram field (values: normalized text).
pub const GRAM_TOKENIZER: &str = "kaigiroku_bigrams_v1";
/// Separates morphemes in the morpheme field's value; an empty segment is a
/// position with no term (punctuation).
pub const MORPHEME_SEPARATOR: char = '\u{1F}';

/// Bigram terms of an already normalized text.
#[derive(Clone, Default)]
pub struct GramFieldTokenizer;

/// Morpheme terms of a value joined by [`MORPHEME_SEPARATOR`].
#[derive(Clone, Default)]
pub struct MorphemeFieldTokenizer;

/// Terms found up front as byte ranges of the value, served one by one
/// through a single reused token.
pub struct RangeTokenStream<'a> {
    text: &'a str,
    ranges: Vec<(usize, usize, usize)>,
    next: usize,
    token: Token,
}

impl<'a> RangeTokenStream<'a> {
    fn new(text: &'a str, ranges: Vec<(usize, usize, usize)>) -> Self {
        RangeTokenStream {
            text,
            ranges,
            next: 0,
            token: Token::default(),
        }
    }
}

impl TokenStream for RangeTokenStream<'_> {
    fn advance(&mut self) -> bool {
        let Some(&(position, start, end)) = self.ranges.get(self.next) else {
            return false;
        };
        self.next += 1;
        self.token.text.clear();
        self.token.text.push_str(&self.text[start..end]);
        self.token.position = position;
        self.token.offset_from = start;
        self.token.offset_to = end;
        true
    }

    fn token(&self) -> &Token {
        &self.token
    }

    fn token_mut(&mut self) -> &mut Token {
        &mut self.token
    }
}

impl Tokenizer for GramFieldTokenizer {
    type TokenStream<'a> = RangeTokenStream<'a>;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> RangeTokenStream<'a> {
        let mut ranges = Vec::with_capacity(text.len() / 3 + 1);
        for_each_gram(text, |position, start, end| {
            ranges.push((position, start, end))
        });
        RangeTokenStream::new(text, ranges)
    }
}

impl Tokenizer for MorphemeFieldTokenizer {
    type TokenStream<'a> = RangeTokenStream<'a>;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> RangeTokenStream<'a> {
        let mut ranges = Vec::new();
        let mut start = 0;
        for (position, segment) in text.split(MORPHEME_SEPARATOR).enumerate() {
            if !segment.is_empty() {
                ranges.push((position, start, start + segment.len()));
            }
            start += segment.len() + MORPHEME_SEPARATOR.len_utf8();
        }
        RangeTokenStream::new(text, ranges)
    }
}
