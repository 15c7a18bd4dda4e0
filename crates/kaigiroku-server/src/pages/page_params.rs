//! The query parameters of the pages that read their own (the search and
//! comparison pages read the API's sections, `contract.rs`).

use serde::Deserialize;

use crate::query_string::{given, sections};

/// `/meetings/{id}?q=` (the words to mark) and `/speakers/{key}` (their
/// speeches holding the words, a page of them, a period).
#[derive(Deserialize)]
pub struct Within {
    pub q: Option<String>,
    #[serde(default, deserialize_with = "given")]
    pub page: Option<usize>,
    pub from: Option<String>,
    pub until: Option<String>,
}

/// `/agenda/{id}?answers=true`: only the answers of the item's speeches.
#[derive(Deserialize)]
pub struct AgendaView {
    #[serde(default, deserialize_with = "given")]
    pub answers: Option<bool>,
}

sections!(Within, AgendaView);
