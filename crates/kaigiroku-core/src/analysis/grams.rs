//! Character bigrams over the normalized text.

use super::Token;
use super::normalize::Normalized;

/// Bigrams of every run of non-space characters, and the last character of
/// each run as a unigram, so that every character starts at least one term.
///
/// A query of two or more characters becomes a phrase of its bigrams and
/// matches wherever it is a substring of the normalized text; a one-character
/// query is a prefix search over these terms. Positions count characters, so
/// bigrams of one string are consecutive.
pub fn bigrams(normalized: &Normalized) -> Vec<Token> {
    let text = normalized.text.as_str();
    let mut tokens = Vec::with_capacity(text.len() / 2);
    let mut chars = text.char_indices().enumerate().peekable();
    while let Some((position, (start, c))) = chars.next() {
        if c.is_whitespace() {
            continue;
        }
        // A bigram with the next character, or the run's last character alone.
        let token_end = match chars.peek() {
            Some(&(_, (next_start, next))) if !next.is_whitespace() => next_start + next.len_utf8(),
            _ => start + c.len_utf8(),
        };
        let (offset_from, offset_to) = normalized.original_range(start, token_end);
        tokens.push(Token {
            offset_from,
            offset_to,
            position,
            text: text[start..token_end].to_string(),
            position_length: 1,
        });
    }
    tokens
}
