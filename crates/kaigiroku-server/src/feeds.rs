//! Alerts: any search as an Atom 1.0 feed (RFC 4287), newest meetings
//! first, each entry a speech at its permanent URL. Built with the
//! maintained `atom_syndication` crate.

use atom_syndication::{Entry, Feed, FixedDateTime, Link, Person, Text};
use axum::extract::{RawQuery, State};
use axum::http::{HeaderMap, header};
use axum::response::{IntoResponse, Response};
use kaigiroku_query::request::DEFAULT_LIMIT;
use kaigiroku_query::{Hit, SearchRequest, Sort};

use crate::contract::{Paging, SearchFilters, SearchOptions};
use crate::error::ApiError;
use crate::links::{base_url, speech_page};
use crate::pages::links::href_with;
use crate::params::search_request;
use crate::query_string::{QueryParams, as_given};
use crate::state::{AppState, blocking};

pub async fn search(
    State(state): State<AppState>,
    headers: HeaderMap,
    RawQuery(raw): RawQuery,
    QueryParams(asked): QueryParams<(SearchFilters, Paging, SearchOptions)>,
) -> Response {
    let base = base_url(&headers);
    let params = as_given(raw.as_deref());
    let outcome = async {
        let request = SearchRequest {
            sort: Sort::DateDesc,
            facets: false,
            ..search_request(asked, DEFAULT_LIMIT)?
        };
        let searcher = state.searcher.clone();
        let for_search = request.clone();
        let result = blocking(move || searcher.search(&for_search)).await?;
        Ok::<_, ApiError>((request, result.hits))
    }
    .await;
    match outcome {
        Ok((request, hits)) => {
            let page = format!("{base}{}", href_with(&params, &[]));
            let own = format!(
                "{base}/feeds/search.atom{}",
                href_with(&params, &[]).trim_start_matches('/')
            );
            let feed = feed(&base, &request, &hits, &page, &own);
            (
                [(header::CONTENT_TYPE, "application/atom+xml; charset=utf-8")],
                crate::xml_text::without_forbidden_chars(feed.to_string()),
            )
                .into_response()
        }
        Err(err) => err.into_response(),
    }
}

/// The feed of `hits`; `page` is the search page, `own` the feed's URL.
pub fn feed(base: &str, request: &SearchRequest, hits: &[Hit], page: &str, own: &str) -> Feed {
    let title = match request.query.trim() {
        "" => "会議録の新着発言".to_string(),
        q => format!("「{q}」を含む新着発言"),
    };
    let entries: Vec<Entry> = hits.iter().map(|hit| entry(base, hit)).collect();
    let mut feed = Feed::default();
    feed.set_title(Text::plain(format!("{title} | kaigiroku")));
    // The feed is the search: its URL is its id.
    feed.set_id(own);
    feed.set_updated(
        entries
            .iter()
            .map(|e| *e.updated())
            .max()
            .unwrap_or_else(epoch),
    );
    feed.set_authors(vec![person("kaigiroku")]);
    feed.set_links(vec![
        link(own, "self", "application/atom+xml"),
        link(page, "alternate", "text/html"),
    ]);
    feed.set_lang("ja".to_string());
    feed.set_entries(entries);
    feed
}

fn entry(base: &str, hit: &Hit) -> Entry {
    let url = format!("{base}{}", speech_page(&hit.speech_id));
    let meeting = hit.meeting_name();
    let speaker = if hit.speaker_label.is_empty() {
        "（発言者なし）"
    } else {
        &hit.speaker_label
    };
    let mut entry = Entry::default();
    entry.set_title(Text::plain(format!("{meeting} {speaker}")));
    // The speech's permanent URL: stable across re-ingest.
    entry.set_id(url.clone());
    entry.set_updated(meeting_date(&hit.date));
    entry.set_authors(vec![person(speaker)]);
    entry.set_summary(Some(Text::html(hit.snippet.html())));
    entry.set_links(vec![link(&url, "alternate", "text/html")]);
    entry
}

/// Midnight in Japan on the meeting's date; the epoch when it has none.
fn meeting_date(date: &str) -> FixedDateTime {
    FixedDateTime::parse_from_rfc3339(&format!("{date}T00:00:00+09:00")).unwrap_or_else(|_| epoch())
}

fn epoch() -> FixedDateTime {
    FixedDateTime::parse_from_rfc3339("1970-01-01T00:00:00Z").expect("a valid date")
}

fn person(name: &str) -> Person {
    let mut person = Person::default();
    person.set_name(name.to_string());
    person
}

fn link(href: &str, rel: &str, mime_type: &str) -> Link {
    let mut link = Link::default();
    link.set_href(href.to_string());
    link.set_rel(rel.to_string());
    link.set_mime_type(Some(mime_type.to_string()));
    link
}
