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

/// A meeting's source as the public may see it: its URL, or for a file
/// read from disk only the file's name, never the server's folders
/// (`/srv/minutes/shinagawa/r05-20230703-5.js` → `r05-20230703-5.js`).
pub fn public_source(source: &str) -> String {
    if is_url(source) {
        return source.to_string();
    }
    source
        .rsplit(['/', '\\'])
        .next()
        .unwrap_or_default()
        .to_string()
}

/// True for an http(s) URL, which a page may link to.
pub fn is_url(source: &str) -> bool {
    source.starts_with("https://") || source.starts_with("http://")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_source_never_shows_the_servers_folders() {
        assert_eq!(
            public_source("/srv/minutes/shinagawa/r05-20230703-5.js"),
            "r05-20230703-5.js"
        );
        assert_eq!(public_source(r"C:\minutes\a.txt"), "a.txt");
        assert_eq!(
            public_source("https://kokkai.ndl.go.jp/txt/121405261X00120240126"),
            "https://kokkai.ndl.go.jp/txt/121405261X00120240126"
        );
    }
}
