//! Character bigrams over the normalized text.

use super::normalize::Normalized;
use tantivy::tokenizer::Token;

/// Calls `emit(position, start, end)` for every term of `text`: the bigram
/// starting at each character of a run of non-space characters, and the
/// run's last character alone, so that every character starts a term.
///
/// A query of two or more characters becomes a phrase of its bigrams and
/// matches wherever it is a substring of the normalized text; a one-character
/// query is a prefix search over these terms. Positions count characters, so
/// the bigrams of one string are consecutive.
pub fn for_each_gram(text: &str, mut emit: impl FnMut(usize, usize, usize)) {
    let mut chars = text.char_indices().enumerate().peekable();
    while let Some((position, (start, c))) = chars.next() {
        if c.is_whitespace() {
            continue;
        }
        // A bigram with the next character, or the run's last character alone.
        let end = match chars.peek() {
            Some(&(_, (next_start, next))) if !next.is_whitespace() => next_start + next.len_utf8(),
            _ => start + c.len_utf8(),
        };
        emit(position, start, end);
    }
}

/// The terms of [`for_each_gram`] as tokens with offsets into the original.
pub fn bigrams(normalized: &Normalized) -> Vec<Token> {
    let text = normalized.text.as_str();
    let mut tokens = Vec::with_capacity(text.len() / 2);
    for_each_gram(text, |position, start, end| {
        let (offset_from, offset_to) = normalized.original_range(start, end);
        tokens.push(Token {
            offset_from,
            offset_to,
            position,
            text: text[start..end].to_string(),
            position_length: 1,
        });
    });
    tokens
}
