//! `/sitemap.xml` (sitemaps.org 0.9): the front page, every meeting and
//! every speech, so that search engines can index the minutes. Past
//! 50,000 URLs it is a sitemap index of `/sitemaps/{n}.xml`.

use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use kaigiroku_query::highlight::escape;
use kaigiroku_query::{SearchRequest, Searcher};

use crate::api::meeting_url;
use crate::error::ApiError;
use crate::links::{base_url, speech_page};
use crate::state::{AppState, blocking};

/// The most URLs one sitemap may hold (sitemaps.org).
pub const MAX_URLS: usize = 50_000;
const NAMESPACE: &str = "http://www.sitemaps.org/schemas/sitemap/0.9";

/// Every page worth indexing, relative, in a stable order.
fn pages(searcher: &Searcher) -> kaigiroku_query::Result<Vec<String>> {
    let every = SearchRequest::default();
    let mut meetings: Vec<String> = searcher
        .matching_meetings(&every)?
        .into_iter()
        .map(|m| m.meeting_id)
        .collect();
    meetings.sort();
    let mut speeches = searcher.matching_ids(&every)?;
    speeches.sort();
    let mut pages = vec!["/".to_string()];
    pages.extend(meetings.iter().map(|id| meeting_url(id)));
    pages.extend(speeches.iter().map(|id| speech_page(id)));
    Ok(pages)
}

pub async fn index(State(state): State<AppState>, headers: HeaderMap) -> Response {
    let base = base_url(&headers);
    let searcher = state.searcher.clone();
    match blocking(move || pages(&searcher)).await {
        Ok(pages) if pages.len() <= MAX_URLS => xml(url_set(&base, &pages)),
        Ok(pages) => xml(sitemap_index(&base, pages.len().div_ceil(MAX_URLS))),
        Err(err) => err.into_response(),
    }
}

/// `/sitemaps/{n}.xml`: the n-th 50,000 pages.
pub async fn part(
    State(state): State<AppState>,
    headers: HeaderMap,
    Path(name): Path<String>,
) -> Response {
    let base = base_url(&headers);
    let Some(n) = name
        .strip_suffix(".xml")
        .and_then(|n| n.parse::<usize>().ok())
    else {
        return ApiError::Engine(kaigiroku_query::Error::NotFound(format!(
            "no sitemap {name:?}"
        )))
        .into_response();
    };
    let searcher = state.searcher.clone();
    match blocking(move || pages(&searcher)).await {
        Ok(pages) => match pages.chunks(MAX_URLS).nth(n) {
            Some(chunk) => xml(url_set(&base, chunk)),
            None => (StatusCode::NOT_FOUND, "no such sitemap").into_response(),
        },
        Err(err) => err.into_response(),
    }
}

fn xml(body: String) -> Response {
    (
        [(header::CONTENT_TYPE, "application/xml; charset=utf-8")],
        body,
    )
        .into_response()
}

/// A `<urlset>` of absolute URLs.
pub fn url_set(base: &str, pages: &[String]) -> String {
    let mut xml = format!(r#"<?xml version="1.0" encoding="UTF-8"?><urlset xmlns="{NAMESPACE}">"#);
    for page in pages {
        xml.push_str("<url><loc>");
        xml.push_str(&escape(&format!("{base}{page}")));
        xml.push_str("</loc></url>");
    }
    xml.push_str("</urlset>");
    xml
}

/// A `<sitemapindex>` of `parts` sitemaps.
pub fn sitemap_index(base: &str, parts: usize) -> String {
    let mut xml =
        format!(r#"<?xml version="1.0" encoding="UTF-8"?><sitemapindex xmlns="{NAMESPACE}">"#);
    for n in 0..parts {
        xml.push_str(&format!(
            "<sitemap><loc>{}</loc></sitemap>",
            escape(&format!("{base}/sitemaps/{n}.xml"))
        ));
    }
    xml.push_str("</sitemapindex>");
    xml
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn past_fifty_thousand_urls_the_sitemap_is_an_index() {
        let pages: Vec<String> = (0..MAX_URLS + 1)
            .map(|n| format!("/speeches/m-{n}"))
            .collect();
        let parts = pages.len().div_ceil(MAX_URLS);
        assert_eq!(parts, 2);
        let index = sitemap_index("http://h", parts);
        assert!(
            index.contains("<sitemapindex xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">")
        );
        assert_eq!(index.matches("<sitemap><loc>").count(), 2);
        assert!(index.contains("<loc>http://h/sitemaps/1.xml</loc>"));
        let last = url_set("http://h", pages.chunks(MAX_URLS).nth(1).unwrap());
        assert_eq!(last.matches("<url>").count(), 1);
        assert!(
            url_set("http://h", &["/?a=1&b=2".into()]).contains("<loc>http://h/?a=1&amp;b=2</loc>")
        );
    }
}
