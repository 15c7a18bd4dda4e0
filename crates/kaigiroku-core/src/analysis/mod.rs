//! The Japanese analyzer: one normalization, two token streams.
//!
//! ```text
//! original ─ normalize ─▶ lindera (decompose) ─ join kanji numbers ─▶ morphemes
//!                                    └──── fully normalized text ─▶ bigrams
//! ```
//! lindera reads the normalized text with the word-final ー normalization
//! dropped put back, as the dictionary writes its words.
//! Both streams carry byte offsets into the original text and positions
//! for phrase matching.

mod analyzer;
mod grams;
pub mod kana;
mod kanji_readings;
mod normalize;
mod numbers;
mod spellings;
mod tokenizer;
mod variants;

pub use analyzer::{ANALYZER_VERSION, Analysis, Analyzer, IndexValues, NUMERAL_CONTEXT, Word};
pub use grams::{bigrams, for_each_gram};
pub use kana::to_hiragana;
pub use normalize::{Normalized, Span, name_key, normalize};
pub use numbers::{
    ascii_digit, full_width_digit, is_digit, is_full_width_digit, is_kanji_numeral, kanji_to_digits,
};
pub use spellings::{Spellings, is_kanji, kanji_of};
pub use tokenizer::{
    GRAM_TOKENIZER, GramFieldTokenizer, MORPHEME_SEPARATOR, MORPHEME_TOKENIZER,
    MorphemeFieldTokenizer,
};
pub use variants::fold_variant;

/// A token: its text, its byte range in the original text and its position.
pub type Token = tantivy::tokenizer::Token;
