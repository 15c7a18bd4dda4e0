//! The council record on real minutes: agenda items with titles and
//! outcomes, speeches under them, agenda items searched as units, and the
//! speaker and position filters matching what users type.

use std::path::{Path, PathBuf};

use kaigiroku_core::model::Meeting;
use kaigiroku_core::model::Outcome;
use kaigiroku_core::testing;
use kaigiroku_ingest::speaker::SpeakerParser;
use kaigiroku_ingest::{IngestOptions, Summary, decode, ingest, readers};
use kaigiroku_query::{Assembly, Facet, NameMatch, SearchRequest, Searcher};

fn data(relative: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/data")
        .join(relative)
}

fn read(relative: &str) -> Meeting {
    let path = data(relative);
    let text = decode::decode(&std::fs::read(&path).unwrap()).unwrap();
    let format = readers::detect(&path, &text).unwrap().unwrap();
    let speakers = SpeakerParser::new(testing::analyzer());
    readers::read(&path, &text, format, &speakers)
        .unwrap()
        .meetings
        .remove(0)
}

#[test]
fn shinagawa_committee_plan_items_with_titles_outcomes_and_first_speeches() {
    let meeting = read("shinagawa/r05-20230703-5.js");
    let item = |number: &str| {
        meeting
            .agenda
            .iter()
            .find(|a| a.number.as_deref() == Some(number))
            .unwrap_or_else(|| panic!("{number} in {:#?}", meeting.agenda))
    };
    let expected = [
        (
            "(10)",
            "第５１号議案",
            "荏原保健センター等複合施設大規模改修工事請負契約",
        ),
        (
            "(11)",
            "第５２号議案",
            "荏原保健センター等複合施設大規模改修機械設備工事請負契約",
        ),
        (
            "(12)",
            "第５３号議案",
            "荏原保健センター等複合施設大規模改修電気設備工事請負契約",
        ),
    ];
    let mut orders = Vec::new();
    for (label, number, title) in expected {
        let item = item(number);
        assert_eq!((item.label.as_str(), item.title.as_str()), (label, title));
        assert_eq!(item.outcome.as_deref(), Some("可決"), "{number}");
        orders.push(item.order);
    }
    // The chair's 「…を一括して議題に供します」 (voice 2) and what follows are
    // under all three; the opening voice is not.
    assert_eq!(meeting.speeches[0].agenda, None);
    for speech in &meeting.speeches[1..5] {
        let mut under: Vec<u32> = speech
            .agenda
            .into_iter()
            .chain(speech.together.clone())
            .collect();
        under.sort();
        assert_eq!(under, orders, "speech {}", speech.order);
    }
    // Items taken out of order: (17) right after (10)–(12).
    assert_eq!(meeting.agenda[3].label, "(17)");
    // A petition, rejected by a minority vote.
    let petition = item("令和５年請願第５号");
    assert_eq!(petition.outcome.as_deref(), Some("不採択"));
    assert_eq!(petition.decided_how.as_deref(), Some("賛成少数"));
}

#[test]
fn schedule_items_of_hirosaki_and_aomori_have_their_titles() {
    let hirosaki = read("text/kensakusystem-index-html-statements.txt");
    let first = &hirosaki.agenda[0];
    assert_eq!(
        (first.label.as_str(), first.title.as_str()),
        ("日程第１", "会議録署名議員の指名")
    );
    assert_eq!(hirosaki.municipality_code.as_deref(), Some("022021"));
    let aomori = read("html/dbsearch-aomori-page.html");
    let first = &aomori.agenda[0];
    assert_eq!(
        (
            first.label.as_str(),
            first.number.as_deref(),
            first.title.as_str()
        ),
        (
            "日程第１",
            Some("議案第146号"),
            "青森市職員定数条例の一部を改正する条例の制定について"
        )
    );
    assert_eq!(first.outcome.as_deref(), Some("可決"));
    assert_eq!(aomori.municipality_code.as_deref(), Some("022012"));
}

#[test]
fn speakers_get_keys_per_assembly() {
    let meeting = read("shinagawa/r05-20230703-5.js");
    let chair = meeting.speeches[0].speaker.as_ref().unwrap();
    assert_eq!(
        (
            chair.name.as_deref(),
            chair.position.as_deref(),
            chair.key.as_deref()
        ),
        (Some("せりざわ"), Some("委員長"), Some("131091:せりざわ"))
    );
    let answer = meeting.speeches[2].speaker.as_ref().unwrap();
    assert_eq!(
        (answer.name.as_deref(), answer.position.as_deref()),
        (Some("佐藤（聡）"), Some("経理課長"))
    );
    assert_eq!(answer.key.as_deref(), Some("131091:佐藤(聡)"));
}

fn committee_index() -> (tempfile::TempDir, Searcher) {
    let dir = tempfile::tempdir().unwrap();
    let index = dir.path().join("index");
    let options = IngestOptions::new(index.clone(), testing::analyzer());
    ingest(&[data("shinagawa")], &options).unwrap();
    let searcher = Searcher::open(&index, testing::analyzer()).unwrap();
    (dir, searcher)
}

fn request(query: &str) -> SearchRequest {
    SearchRequest {
        query: query.into(),
        limit: 100,
        ..SearchRequest::default()
    }
}

#[test]
fn an_agenda_item_is_found_by_words_spread_over_its_speeches() {
    let (_dir, searcher) = committee_index();
    // ミストサウナ is in one answer, 耐用年数 in another, both under (10)–(12).
    let speeches = searcher.search(&request("ミストサウナ 耐用年数")).unwrap();
    assert_eq!(speeches.total, 0);
    let items = searcher
        .search_agenda(&request("ミストサウナ 耐用年数"))
        .unwrap();
    let ids: Vec<&str> = items.items.iter().map(|i| i.agenda_id.as_str()).collect();
    assert!(ids.contains(&"r05-20230703-5#1"), "{ids:?}");
    let first = items
        .items
        .iter()
        .find(|i| i.agenda_id == "r05-20230703-5#1")
        .unwrap();
    assert_eq!(
        first.title,
        "荏原保健センター等複合施設大規模改修工事請負契約"
    );
    assert_eq!(first.outcome, "可決");
    assert_eq!(first.date, "2023-07-03");
    // An excluded word removes the item.
    let none = searcher
        .search_agenda(&request("ミストサウナ -耐用年数"))
        .unwrap();
    assert!(none.items.iter().all(|i| i.agenda_id != "r05-20230703-5#1"));
}

#[test]
fn speaker_and_position_filters_match_in_part() {
    let (_dir, searcher) = committee_index();
    let by = |speaker: Option<&str>, position: Option<&str>| {
        searcher
            .search(&SearchRequest {
                speaker: speaker.and_then(NameMatch::parse),
                position: position.and_then(NameMatch::parse),
                facets: true,
                ..request("")
            })
            .unwrap()
    };
    // 佐藤（聡） is found by 佐藤.
    let sato = by(Some("佐藤"), None);
    assert!(sato.total > 0);
    assert!(
        sato.facets[&Facet::Speaker]
            .keys()
            .any(|name| name == "佐藤(聡)"),
        "{:?}",
        sato.facets[&Facet::Speaker]
    );
    // Names match from their start: 林 is not 小林.
    let hayashi = by(Some("林"), None);
    assert!(
        hayashi.facets[&Facet::Speaker]
            .keys()
            .all(|n| n.starts_with('林')),
        "{:?}",
        hayashi.facets[&Facet::Speaker]
    );
    // A quoted value is exact, as the facet links ask: 委員長 is not 副委員長.
    let chair = by(None, Some("\"委員長\""));
    assert_eq!(
        chair.facets[&Facet::Position].keys().collect::<Vec<_>>(),
        ["委員長"]
    );
    // position=課長 finds every 〜課長, and the facet shows the full titles.
    let chiefs = by(None, Some("課長"));
    let titles = &chiefs.facets[&Facet::Position];
    assert!(titles.keys().all(|t| t.contains("課長")), "{titles:?}");
    assert!(titles.contains_key("経理課長") && titles.contains_key("施設整備課長"));
    // The assembly by its 団体コード.
    let by_code = searcher
        .search(&SearchRequest {
            municipality: Assembly::parse("131091"),
            ..request("")
        })
        .unwrap();
    assert_eq!(by_code.total, by(None, None).total);
    // Outcome filter.
    let rejected = searcher
        .search(&SearchRequest {
            outcome: Some(Outcome::NotAdopted),
            ..request("")
        })
        .unwrap();
    assert!(rejected.total > 0);
    // A name typed in the search box finds that person's speeches.
    let typed = |names| {
        searcher
            .search(&SearchRequest {
                names,
                ..request("せりざわ")
            })
            .unwrap()
            .total
    };
    let spoken = by(Some("せりざわ"), None).total;
    assert!(
        typed(true) >= spoken && typed(true) > typed(false),
        "{spoken}"
    );
}

#[test]
fn a_bad_json_lines_line_is_reported_and_the_others_are_indexed() {
    let dir = tempfile::tempdir().unwrap();
    let meeting = read("shinagawa/r05-20230111-10.js");
    let good = serde_json::to_string(&Meeting {
        id: "good-1".into(),
        ..meeting.clone()
    })
    .unwrap();
    let other = serde_json::to_string(&Meeting {
        id: "good-2".into(),
        ..meeting.clone()
    })
    .unwrap();
    // null for an optional field is absent; a broken line and a line
    // without an id are reported by number.
    let nulls = r#"{"id":"with-nulls","municipality":null,"body":null,"agenda":null,"speeches":[{"order":1,"agenda":null,"speaker":{"label":"議長（本多健信君）","name":null},"text":"ただいまより本会議を開会いたします。"}]}"#;
    let lines = [
        good.as_str(),
        r#"{"id":"broken","speeches":[{"text":"#,
        nulls,
        r#"{"speeches":[]}"#,
        other.as_str(),
    ];
    let (index, summary) = ingest_lines(dir.path(), &lines[..]);
    assert_eq!(summary.meetings, 3);
    assert!(summary.skipped.is_empty());
    let reasons = skipped_reasons(&summary);
    assert_eq!(reasons.len(), 2, "{reasons:?}");
    assert!(reasons[0].starts_with("line 2: "), "{reasons:?}");
    assert!(
        reasons[1].starts_with("line 4: ") && reasons[1].contains("id"),
        "{reasons:?}"
    );
    let searcher = Searcher::open(&index, testing::analyzer()).unwrap();
    let found = searcher.search(&request("開会いたします")).unwrap();
    assert!(found.hits.iter().any(|h| h.meeting_id == "with-nulls"));
    let stored = searcher.meeting("with-nulls").unwrap();
    assert_eq!(stored.speeches.len(), 1);
}

#[test]
fn a_large_json_lines_file_is_read_in_pieces_and_loses_no_line() {
    // Over 1 MB, a JSON Lines file is cut into pieces that both threads
    // read; every meeting must still arrive once, and a bad line keep its
    // number in the whole file.
    let dir = tempfile::tempdir().unwrap();
    let meeting = read("shinagawa/r05-20230111-10.js");
    let mut lines = Vec::new();
    let mut bytes = 0;
    let mut copy = 0;
    while bytes < 3 << 20 {
        copy += 1;
        let line = serde_json::to_string(&Meeting {
            id: format!("copy-{copy}"),
            ..meeting.clone()
        })
        .unwrap();
        bytes += line.len() + 1;
        lines.push(line);
    }
    let bad_at = lines.len() / 2;
    lines.insert(bad_at, r#"{"id":"cut-short","speeches":[{"text":"#.into());
    let index = dir.path().join("index");
    let jsonl = dir.path().join("large.jsonl");
    std::fs::write(&jsonl, lines.join("\n")).unwrap();
    let mut options = IngestOptions::new(index.clone(), testing::analyzer());
    // Commits come inside the file, between meetings, every 512 KB of text.
    options.commit_every_bytes = 512 << 10;
    let summary = ingest(&[jsonl], &options).unwrap();
    let text: usize = meeting.speeches.iter().map(|s| s.text.len()).sum();
    assert!(
        summary.commits >= copy * text / (512 << 10),
        "{} commits for {} KB of text",
        summary.commits,
        (copy * text) >> 10
    );
    assert_eq!(summary.meetings, copy, "every good line once");
    assert_eq!(summary.speeches, copy * meeting.speeches.len());
    let reasons = skipped_reasons(&summary);
    assert_eq!(reasons.len(), 1, "{reasons:?}");
    assert!(
        reasons[0].starts_with(&format!("line {}: ", bad_at + 1)),
        "{reasons:?}"
    );
    let searcher = Searcher::open(&index, testing::analyzer()).unwrap();
    assert_eq!(
        searcher
            .meeting(&format!("copy-{copy}"))
            .unwrap()
            .speeches
            .len(),
        meeting.speeches.len()
    );
}

/// Ingests `lines` as one JSON Lines file in `dir` into a fresh index.
fn ingest_lines(dir: &Path, lines: &[impl AsRef<str>]) -> (PathBuf, Summary) {
    let jsonl = dir.join("meetings.jsonl");
    let text: Vec<&str> = lines.iter().map(AsRef::as_ref).collect();
    std::fs::write(&jsonl, text.join("\n")).unwrap();
    let index = dir.join("index");
    let options = IngestOptions::new(index.clone(), testing::analyzer());
    (index.clone(), ingest(&[jsonl], &options).unwrap())
}

fn skipped_reasons(summary: &Summary) -> Vec<&str> {
    summary
        .skipped_parts
        .iter()
        .map(|(_, reason)| reason.as_str())
        .collect()
}
