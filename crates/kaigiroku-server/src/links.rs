//! Where things live on this server, as relative paths, and the absolute
//! base that feeds, canonical links and sitemaps need.

use axum::http::{HeaderMap, header};

/// `http://host` from the request's Host header; empty without one (the
/// links stay relative).
pub fn base_url(headers: &HeaderMap) -> String {
    headers
        .get(header::HOST)
        .and_then(|h| h.to_str().ok())
        .filter(|host| {
            !host.is_empty()
                && host
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || ".-:[]".contains(c))
        })
        .map_or_else(String::new, |host| format!("http://{host}"))
}

/// A speech's own page: its permanent, citable URL.
pub fn speech_page(speech_id: &str) -> String {
    format!("/speeches/{}", crate::pages::links::encode(speech_id))
}

/// An agenda item's own page (its id holds a `#`, encoded).
pub fn agenda_page(agenda_id: &str) -> String {
    format!("/agenda/{}", crate::pages::links::encode(agenda_id))
}

/// A person's page.
pub fn speaker_page(key: &str) -> String {
    format!("/speakers/{}", crate::pages::links::encode(key))
}

/// A speaker's page, or nothing for a label that names nobody.
pub fn person_page(key: &str) -> String {
    if key.is_empty() {
        String::new()
    } else {
        speaker_page(key)
    }
}
