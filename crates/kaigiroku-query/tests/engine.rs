//! The engine on the bundled minutes (data/): grouped results and the
//! distinct-meetings primitive agree at every page, snippets come only
//! when asked for, and the highlighter marks what the search matched.

use std::path::Path;
use std::sync::OnceLock;

use kaigiroku_core::testing;
use kaigiroku_ingest::{IngestOptions, ingest};
use kaigiroku_query::{DateRange, Detail, SearchRequest, Searcher, Sort};

/// One index of data/ per test process.
fn searcher() -> &'static Searcher {
    static INDEX: OnceLock<(tempfile::TempDir, Searcher)> = OnceLock::new();
    let (_, searcher) = INDEX.get_or_init(|| {
        let dir = tempfile::tempdir().unwrap();
        let index = dir.path().join("index");
        let data = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../data");
        let summary = ingest(
            &[data],
            &IngestOptions::new(index.clone(), testing::analyzer()),
        )
        .unwrap();
        assert!(summary.skipped.is_empty(), "{:?}", summary.skipped);
        let searcher = Searcher::open(&index, testing::analyzer()).unwrap();
        (dir, searcher)
    });
    searcher
}

fn request(query: &str) -> SearchRequest {
    SearchRequest {
        query: query.into(),
        ..SearchRequest::default()
    }
}

#[test]
fn grouped_pages_cover_every_meeting_once() {
    let searcher = searcher();
    for sort in [Sort::Relevance, Sort::DateDesc, Sort::DateAsc] {
        let all = SearchRequest {
            sort,
            ..request("の")
        };
        let meetings = searcher.matching_meetings(&all).unwrap();
        let total = searcher.search(&all).unwrap().total;
        assert!(meetings.len() >= 10, "{}", meetings.len());
        assert_eq!(
            meetings.iter().map(|m| m.speeches).sum::<u64>(),
            total as u64
        );
        let mut seen = Vec::new();
        for page in 1.. {
            let grouped = all.clone().paged(page, 3).unwrap();
            let result = searcher.search_meetings(&grouped).unwrap();
            assert_eq!(result.total_meetings, meetings.len());
            assert_eq!(result.total, total);
            if result.groups.is_empty() {
                break;
            }
            for group in result.groups {
                assert!(!group.best.is_empty() && group.best.len() <= 3);
                assert!(group.best.iter().all(|h| h.meeting_id == group.meeting_id));
                seen.push((group.meeting_id, group.hits_in_meeting));
            }
        }
        let expected: Vec<(String, u64)> = meetings
            .iter()
            .map(|m| (m.meeting_id.clone(), m.speeches))
            .collect();
        assert_eq!(seen, expected, "{sort:?}");
    }
    // Newest first by date, oldest first when asked.
    let newest = searcher
        .matching_meetings(&SearchRequest {
            sort: Sort::DateDesc,
            ..request("の")
        })
        .unwrap();
    assert!(newest.windows(2).all(|w| w[0].date_key >= w[1].date_key));
}

#[test]
fn snippets_only_when_asked_for_and_marked_like_the_meeting_page() {
    let searcher = searcher();
    let with = searcher.search(&request("LGWAN-ASP")).unwrap();
    assert!(with.total >= 1);
    assert!(
        with.hits
            .iter()
            .all(|h| h.snippet.html().contains("<mark>"))
    );
    let without = searcher
        .search(&SearchRequest {
            snippets: false,
            ..request("LGWAN-ASP")
        })
        .unwrap();
    assert_eq!(without.total, with.total);
    assert!(without.hits.iter().all(|h| h.snippet.is_empty()));
    // The meeting page highlights with the same terms as the search.
    let highlighter = searcher.highlighter("LGWAN-ASP").unwrap();
    let speech = searcher.speech(&with.hits[0].speech_id).unwrap();
    let html = highlighter.highlight_all(&speech.text).html();
    assert!(html.contains("<mark>LGWAN-ASP</mark>"), "{html}");
    assert!(
        !highlighter.highlight_all("<b>").html().contains('<'),
        "escaped"
    );
}

#[test]
fn a_word_is_marked_in_the_form_the_text_gave_it() {
    // バリアフリー化: the text's katakana word kept its ー, the query's
    // normalized form lost it; the context variant finds and marks it.
    let searcher = searcher();
    let found = searcher.search(&request("バリアフリー化")).unwrap();
    assert!(found.total >= 1, "{}", found.total);
    assert!(
        found.hits[0].snippet.html().contains("<mark>"),
        "{}",
        found.hits[0].snippet.html()
    );
    let highlighter = searcher.highlighter("バリアフリー化").unwrap();
    let speech = searcher.speech(&found.hits[0].speech_id).unwrap();
    assert!(
        highlighter
            .highlight_all(&speech.text)
            .html()
            .contains("<mark>")
    );
}

#[test]
fn agenda_items_page_by_offset_and_filters_are_typed() {
    let searcher = searcher();
    let all = SearchRequest {
        limit: 100,
        ..request("")
    };
    let every = searcher.search_agenda(&all).unwrap();
    assert!(every.total >= 5, "{}", every.total);
    let second = searcher
        .search_agenda(&SearchRequest {
            offset: 2,
            limit: 2,
            ..all.clone()
        })
        .unwrap();
    let ids = |r: &kaigiroku_query::AgendaResult| {
        r.items
            .iter()
            .map(|i| i.agenda_id.clone())
            .collect::<Vec<_>>()
    };
    assert_eq!(ids(&second), ids(&every)[2..4]);
    // A date range keeps only the meetings inside it.
    let dated = searcher
        .search(&SearchRequest {
            dates: DateRange::parse(Some("2022-01-26"), Some("2022-01-26")).unwrap(),
            ..request("グラム")
        })
        .unwrap();
    assert!(dated.total >= 1);
    assert!(dated.hits.iter().all(|h| h.date == "2022-01-26"));
    // The limits are the engine's, whoever calls it.
    let too_many = SearchRequest {
        limit: 101,
        ..request("グラム")
    };
    assert!(
        searcher
            .search(&too_many)
            .unwrap_err()
            .to_string()
            .starts_with("limit:")
    );
}

#[test]
fn hits_named_by_their_ids_are_the_hits_in_full() {
    // Two ingests, two segments: each segment's meeting ids are its own.
    let dir = tempfile::tempdir().unwrap();
    let index = dir.path().join("index");
    let data = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../data");
    for part in ["shinagawa", "tokyo"] {
        let options = IngestOptions::new(index.clone(), testing::analyzer());
        let summary = ingest(&[data.join(part)], &options).unwrap();
        assert!(summary.meetings >= 2, "{part}: {summary:?}");
    }
    let searcher = Searcher::open(&index, testing::analyzer()).unwrap();
    let named = |hit: &kaigiroku_query::Hit| {
        (
            hit.speech_id.clone(),
            hit.meeting_id.clone(),
            hit.order,
            hit.score,
        )
    };
    let mut meetings = std::collections::HashSet::new();
    for query in ["の", "予算", "委員"] {
        for sort in [Sort::Relevance, Sort::DateDesc, Sort::DateAsc] {
            for page in 1..=3 {
                let whole = SearchRequest {
                    sort,
                    ..request(query)
                }
                .paged(page, 20)
                .unwrap();
                let ids = SearchRequest {
                    detail: Detail::Id,
                    ..whole.clone()
                };
                let whole = searcher.search(&whole).unwrap();
                let ids = searcher.search(&ids).unwrap();
                assert_eq!(ids.total, whole.total, "{query}");
                let expected: Vec<_> = whole.hits.iter().map(named).collect();
                assert_eq!(ids.hits.iter().map(named).collect::<Vec<_>>(), expected);
                assert!(
                    ids.hits
                        .iter()
                        .all(|h| h.snippet.is_empty() && h.date.is_empty())
                );
                meetings.extend(whole.hits.iter().map(|h| h.meeting_id.clone()));
            }
        }
    }
    assert!(meetings.len() >= 4, "hits from both ingests: {meetings:?}");
}
