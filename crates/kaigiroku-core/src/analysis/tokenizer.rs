//! The analyzer as tantivy tokenizers, for the query parser and snippets.

use std::sync::Arc;

use tantivy::tokenizer::{Token, TokenStream, Tokenizer};

use super::Analyzer;

/// Name under which [`MorphemeTokenizer`] is registered in an index.
pub const MORPHEME_TOKENIZER: &str = "ja_morpheme";
/// Name under which [`GramTokenizer`] is registered in an index.
pub const GRAM_TOKENIZER: &str = "ja_bigram";

/// lindera morphemes after kaigiroku's normalization.
#[derive(Clone)]
pub struct MorphemeTokenizer(pub Arc<Analyzer>);

/// Character bigrams after kaigiroku's normalization.
#[derive(Clone)]
pub struct GramTokenizer(pub Arc<Analyzer>);

impl Tokenizer for MorphemeTokenizer {
    type TokenStream<'a> = VecTokenStream;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> VecTokenStream {
        VecTokenStream::new(self.0.analyze(text).morphemes)
    }
}

impl Tokenizer for GramTokenizer {
    type TokenStream<'a> = VecTokenStream;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> VecTokenStream {
        VecTokenStream::new(self.0.analyze(text).grams)
    }
}

/// A token stream over tokens computed up front.
pub struct VecTokenStream {
    tokens: Vec<Token>,
    /// One past the current token; 0 before the first `advance`.
    next: usize,
}

impl VecTokenStream {
    fn new(tokens: Vec<Token>) -> Self {
        VecTokenStream { tokens, next: 0 }
    }
}

impl TokenStream for VecTokenStream {
    fn advance(&mut self) -> bool {
        if self.next < self.tokens.len() {
            self.next += 1;
            true
        } else {
            false
        }
    }

    fn token(&self) -> &Token {
        &self.tokens[self.next - 1]
    }

    fn token_mut(&mut self) -> &mut Token {
        &mut self.tokens[self.next - 1]
    }
}
