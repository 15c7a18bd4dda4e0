//! Queries for the terms of a field that start with, or contain, a string.
//!
//! A regex query builds a DFA on every request, and that build cost more
//! than the rest of a typical search (a name such as 高橋 is looked up as a
//! speaker on every search). These automata are built in a few
//! microseconds and walk the term dictionary the same way.

use std::sync::Arc;

use tantivy::query::{AutomatonWeight, EnableScoring, Query, Weight};
use tantivy::schema::Field;
use tantivy_fst::Automaton;

/// Terms of `field` that start with, or contain, `text`; every document
/// that has one matches, with a constant score.
#[derive(Debug, Clone)]
pub struct AffixQuery {
    field: Field,
    automaton: Arc<AffixAutomaton>,
}

impl AffixQuery {
    /// Terms that start with `prefix`.
    pub fn starting_with(field: Field, prefix: &str) -> Self {
        Self::new(field, prefix, false)
    }

    /// Terms that contain `part` anywhere.
    pub fn containing(field: Field, part: &str) -> Self {
        Self::new(field, part, true)
    }

    fn new(field: Field, text: &str, anywhere: bool) -> Self {
        AffixQuery {
            field,
            automaton: Arc::new(AffixAutomaton::new(text.as_bytes(), anywhere)),
        }
    }
}

impl Query for AffixQuery {
    fn weight(&self, _scoring: EnableScoring<'_>) -> tantivy::Result<Box<dyn Weight>> {
        Ok(Box::new(AutomatonWeight::<AffixAutomaton>::new(
            self.field,
            self.automaton.clone(),
        )))
    }
}

/// Byte-level matcher of a needle, at the start of a term or anywhere in it
/// (Knuth–Morris–Pratt); UTF-8 never matches across a character boundary.
#[derive(Debug)]
struct AffixAutomaton {
    needle: Vec<u8>,
    anywhere: bool,
    /// For each matched length, the length of the longest proper prefix of
    /// the needle that is also a suffix of that much of it.
    fallback: Vec<usize>,
}

/// What has been read of a term.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum State {
    /// This many bytes of the needle matched so far.
    Partial(usize),
    /// The needle was found: every continuation matches.
    Found,
    /// A prefix that went wrong: nothing below matches.
    Dead,
}

impl AffixAutomaton {
    fn new(needle: &[u8], anywhere: bool) -> Self {
        let mut fallback = vec![0; needle.len() + 1];
        let mut k = 0;
        for i in 1..needle.len() {
            while k > 0 && needle[i] != needle[k] {
                k = fallback[k];
            }
            if needle[i] == needle[k] {
                k += 1;
            }
            fallback[i + 1] = k;
        }
        AffixAutomaton {
            needle: needle.to_vec(),
            anywhere,
            fallback,
        }
    }
}

impl Automaton for AffixAutomaton {
    type State = State;

    fn start(&self) -> State {
        if self.needle.is_empty() {
            State::Found
        } else {
            State::Partial(0)
        }
    }

    fn is_match(&self, state: &State) -> bool {
        *state == State::Found
    }

    fn can_match(&self, state: &State) -> bool {
        *state != State::Dead
    }

    fn will_always_match(&self, state: &State) -> bool {
        *state == State::Found
    }

    fn accept(&self, state: &State, byte: u8) -> State {
        let State::Partial(mut matched) = *state else {
            return *state;
        };
        if !self.anywhere {
            return if self.needle[matched] != byte {
                State::Dead
            } else if matched + 1 == self.needle.len() {
                State::Found
            } else {
                State::Partial(matched + 1)
            };
        }
        while matched > 0 && self.needle[matched] != byte {
            matched = self.fallback[matched];
        }
        if self.needle[matched] == byte {
            matched += 1;
        }
        if matched == self.needle.len() {
            State::Found
        } else {
            State::Partial(matched)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn matches(needle: &str, anywhere: bool, term: &str) -> bool {
        let automaton = AffixAutomaton::new(needle.as_bytes(), anywhere);
        let state = term.bytes().fold(automaton.start(), |state, byte| {
            automaton.accept(&state, byte)
        });
        automaton.is_match(&state)
    }

    #[test]
    fn prefixes_match_from_the_start_only() {
        assert!(matches("高橋", false, "高橋(伸)"));
        assert!(matches("高橋", false, "高橋"));
        assert!(!matches("高橋", false, "大高橋"));
        assert!(!matches("平和", false, "大平和夫"));
        assert!(matches("", false, "何でも"));
    }

    #[test]
    fn parts_match_anywhere() {
        assert!(matches("課長", true, "広報広聴課長"));
        assert!(matches("課長", true, "課長補佐"));
        assert!(!matches("課長", true, "部長"));
        // Overlapping starts: KMP must fall back, not restart.
        assert!(matches("aab", true, "aaab"));
        assert!(matches("abab", true, "ababab"));
        assert!(!matches("abac", true, "ababab"));
        // Special characters of regexes are plain bytes here.
        assert!(matches("(伸)", true, "高橋(伸)"));
        assert!(matches(".*", true, "a.*b"));
        assert!(!matches(".*", true, "ab"));
    }
}
