//! End to end on the bundled real data: ingest with bad files mixed in,
//! re-ingest, search through the library, the CLI and HTTP.

use std::path::{Path, PathBuf};
use std::process::Command;

use kaigiroku_core::model::{Category, Meeting};
use kaigiroku_core::testing;
use kaigiroku_ingest::{IngestOptions, ingest};
use kaigiroku_query::{DateRange, SearchRequest, Searcher};

fn data(relative: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/data")
        .join(relative)
}

/// The seed and two council records, plus three bad files.
fn corpus(dir: &Path) -> PathBuf {
    let root = dir.join("minutes");
    std::fs::create_dir_all(root.join("seed")).unwrap();
    std::fs::copy(
        data("seed/000_398aad91f4d2a6c2.txt"),
        root.join("seed/000_398aad91f4d2a6c2.txt"),
    )
    .unwrap();
    std::fs::copy(
        data("text/kensakusystem-index-html-statements.txt"),
        root.join("hirosaki.txt"),
    )
    .unwrap();
    std::fs::write(root.join("empty.txt"), b"").unwrap();
    std::fs::write(root.join("garbage.txt"), [0u8, 159, 146, 150, 0, 1, 2]).unwrap();
    std::fs::write(
        root.join("truncated.json"),
        br#"[{"Date": "2020/2/19", "Proceeding": [{"Speaker""#,
    )
    .unwrap();
    root
}

fn search(searcher: &Searcher, query: &str) -> kaigiroku_query::SearchResult {
    searcher
        .search(&SearchRequest {
            query: query.into(),
            limit: 50,
            ..Default::default()
        })
        .unwrap()
}

#[test]
fn bad_files_are_skipped_with_reasons_and_reingest_changes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let minutes = corpus(dir.path());
    let index = dir.path().join("index");
    let options = IngestOptions::new(index.clone(), testing::analyzer());
    let summary = ingest(std::slice::from_ref(&minutes), &options).unwrap();
    assert_eq!(summary.files, 5);
    assert_eq!(summary.meetings, 2);
    let mut skipped: Vec<(String, String)> = summary
        .skipped
        .iter()
        .map(|(path, reason)| {
            (
                path.file_name().unwrap().to_string_lossy().into_owned(),
                reason.clone(),
            )
        })
        .collect();
    skipped.sort();
    assert_eq!(skipped[0], ("empty.txt".into(), "empty file".into()));
    assert!(
        skipped[1].0 == "garbage.txt" && skipped[1].1.contains("binary"),
        "{skipped:?}"
    );
    assert!(
        skipped[2].0 == "truncated.json" && skipped[2].1.contains("bad PoliInfo JSON"),
        "{skipped:?}"
    );

    let searcher = Searcher::open(&index, testing::analyzer()).unwrap();
    let before = search(&searcher, "の").total;
    assert!(before > 30, "{before}");

    // Same files again: nothing rewritten, same ids, same counts.
    let again = ingest(std::slice::from_ref(&minutes), &options).unwrap();
    assert_eq!((again.meetings, again.unchanged), (0, 2));
    let searcher = Searcher::open(&index, testing::analyzer()).unwrap();
    assert_eq!(search(&searcher, "の").total, before);

    // A changed file replaces its meeting.
    let seed = minutes.join("seed/000_398aad91f4d2a6c2.txt");
    let text = std::fs::read_to_string(&seed)
        .unwrap()
        .replace("250グラムです。", "300グラムです。");
    std::fs::write(&seed, text).unwrap();
    let changed = ingest(std::slice::from_ref(&minutes), &options).unwrap();
    assert_eq!((changed.meetings, changed.unchanged), (1, 1));
    let searcher = Searcher::open(&index, testing::analyzer()).unwrap();
    assert_eq!(search(&searcher, "250グラム").total, 0);
    let hits = search(&searcher, "300グラム");
    assert_eq!(hits.total, 1);
    assert_eq!(hits.hits[0].speech_id, "seed-000_398aad91f4d2a6c2-29");
    assert_eq!(search(&searcher, "の").total, before);
}

fn bundled_index() -> (tempfile::TempDir, Searcher) {
    let dir = tempfile::tempdir().unwrap();
    let index = dir.path().join("index");
    let data_dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("data");
    let summary = ingest(
        &[data_dir],
        &IngestOptions::new(index.clone(), testing::analyzer()),
    )
    .unwrap();
    assert!(summary.skipped.is_empty(), "{:?}", summary.skipped);
    let searcher = Searcher::open(&index, testing::analyzer()).unwrap();
    (dir, searcher)
}

#[test]
fn search_semantics_on_the_bundled_data() {
    let (_dir, searcher) = bundled_index();
    // LGWAN-ASP: the 報告事項（4） speeches of the seed.
    let lgwan = search(&searcher, "LGWAN-ASP");
    assert!(lgwan.total >= 2);
    assert!(lgwan.hits.iter().all(|h| h.agenda_label == "報告事項（4）"));
    assert!(
        lgwan.hits[0]
            .snippet
            .html()
            .contains("<mark>LGWAN-ASP</mark>"),
        "{}",
        lgwan.hits[0].snippet.html()
    );

    // Width and kanji numerals do not matter.
    let full_width = search(&searcher, "４０００万円");
    assert_eq!(full_width.total, search(&searcher, "4000万円").total);
    assert!(full_width.total >= 1);
    assert_eq!(
        search(&searcher, "二〇一九").total,
        search(&searcher, "2019").total
    );

    // Substrings match; whole words rank first.
    let kyoto = search(&searcher, "京都");
    assert!(kyoto.total > 1);
    assert!(
        kyoto.hits[0]
            .snippet
            .html()
            .contains("<mark>京都</mark>迎賓館"),
        "{}",
        kyoto.hits[0].snippet.html()
    );
    assert!(
        kyoto
            .hits
            .iter()
            .any(|h| h.snippet.html().contains("東<mark>京都</mark>"))
    );

    // Filters, exclusion, OR, phrases.
    let secretariat = searcher
        .search(&SearchRequest {
            query: "説明".into(),
            category: Some(Category::Secretariat),
            limit: 100,
            ..Default::default()
        })
        .unwrap();
    assert!(
        secretariat.total > 0
            && secretariat
                .hits
                .iter()
                .all(|h| h.speaker_category == Some(Category::Secretariat))
    );
    let all = search(&searcher, "グラム").total;
    assert_eq!(search(&searcher, "グラム -250").total, all - 1);
    assert_eq!(search(&searcher, "250グラム OR 150グラム").total, 2);
    assert_eq!(search(&searcher, "\"グラムです\"").total, 1);
    assert_eq!(search(&searcher, "\"です グラム\"").total, 0);
    let dated = |from: Option<&str>, until: Option<&str>| {
        let request = SearchRequest {
            query: "250グラム".into(),
            dates: DateRange::parse(from, until).unwrap(),
            ..Default::default()
        };
        searcher.search(&request).unwrap().total
    };
    assert_eq!(dated(Some("令和4年"), Some("R4.1")), 1);
    assert_eq!(dated(Some("2022-01-26"), Some("2022-01-26")), 1);
    assert_eq!(dated(None, Some("2022-01-25")), 0);
    assert_eq!(dated(Some("令和4年1月27日"), None), 0);
    assert!(
        DateRange::parse(Some("令和4年2月30日"), None)
            .unwrap_err()
            .to_string()
            .starts_with("from:")
    );
}

#[test]
fn cli_analyze_and_ingest_report_what_they_do() {
    let dir = tempfile::tempdir().unwrap();
    let bin = env!("CARGO_BIN_EXE_kaigiroku");
    let dict = testing::dictionary_dir();
    let output = Command::new(bin)
        .args([
            "--dict",
            dict.to_str().unwrap(),
            "analyze",
            "--json",
            "憲法九条",
        ])
        .output()
        .unwrap();
    assert!(output.status.success());
    let json: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(json["normalized"], "憲法9条");
    assert_eq!(json["morphemes"][1]["original"], "九");

    let minutes = corpus(dir.path());
    let index = dir.path().join("cli-index");
    let output = Command::new(bin)
        .args([
            "--dict",
            dict.to_str().unwrap(),
            "ingest",
            minutes.to_str().unwrap(),
            "--index",
            index.to_str().unwrap(),
        ])
        .output()
        .unwrap();
    assert_eq!(
        output.status.code(),
        Some(1),
        "skipped files make exit code 1"
    );
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(
        stdout.contains("2 meetings written") && stdout.contains("3 skipped"),
        "{stdout}"
    );
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("garbage.txt: binary file"), "{stderr}");

    // `search` takes the API's filters, typed and checked the same way.
    let search = |flags: &[&str]| {
        let mut args = vec!["--dict", dict.to_str().unwrap(), "search"];
        args.extend_from_slice(flags);
        args.extend(["--index", index.to_str().unwrap()]);
        Command::new(bin).args(&args).output().unwrap()
    };
    let output = search(&[
        "LGWAN-ASP",
        "--position",
        "事務局",
        "--body",
        "行政情報化推進本部",
        "--json",
    ]);
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let json: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    assert!(json["total"].as_u64().unwrap() >= 1, "{json}");
    assert!(
        json["hits"]
            .as_array()
            .unwrap()
            .iter()
            .all(|h| h["speaker_position"] == "事務局" && h["speaker_category"] == "secretariat"),
        "{json}"
    );
    let output = search(&[
        "LGWAN-ASP",
        "--position",
        "本部長",
        "--page",
        "1",
        "--limit",
        "5",
    ]);
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(stdout.starts_with("0 speeches"), "{stdout}");
    for (flag, value) in [
        ("--outcome", "maybe"),
        ("--category", "mayor"),
        ("--sort", "newest"),
    ] {
        let output = search(&["x", flag, value]);
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert!(
            !output.status.success() && stderr.contains(flag),
            "{flag}: {stderr}"
        );
    }
    let output = search(&["x", "--from", "令和4年2月30日"]);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        !output.status.success() && stderr.contains("from:"),
        "{stderr}"
    );
}

#[test]
fn kanji_and_arabic_article_numbers_find_the_same_speeches() {
    let (_dir, searcher) = bundled_index();
    // 品川区議会 2023-07-03: 「憲法９条」 printed with a full-width digit.
    let kanji = search(&searcher, "憲法九条");
    assert!(kanji.total >= 2, "{}", kanji.total);
    for variant in ["憲法9条", "憲法９条"] {
        let other = search(&searcher, variant);
        let ids = |r: &kaigiroku_query::SearchResult| {
            let mut ids: Vec<String> = r.hits.iter().map(|h| h.speech_id.clone()).collect();
            ids.sort();
            ids
        };
        assert_eq!(ids(&other), ids(&kanji), "{variant}");
    }
    assert!(
        kanji.hits[0]
            .snippet
            .html()
            .contains("<mark>憲法９条</mark>"),
        "{}",
        kanji.hits[0].snippet.html()
    );
}

/// Every speech of an index: its id and its text as printed.
fn speech_texts(index: &Path) -> Vec<(String, String)> {
    use kaigiroku_core::schema::field;
    use tantivy::schema::Value;
    let index = tantivy::Index::open_in_dir(index).unwrap();
    let schema = index.schema();
    let (id, text) = (
        schema.get_field(field::SPEECH_ID).unwrap(),
        schema.get_field(field::TEXT).unwrap(),
    );
    let searcher = index.reader().unwrap().searcher();
    let mut speeches = Vec::new();
    for (ordinal, segment) in searcher.segment_readers().iter().enumerate() {
        for doc in segment.doc_ids_alive() {
            let document: tantivy::TantivyDocument = searcher
                .doc(tantivy::DocAddress::new(ordinal as u32, doc))
                .unwrap();
            let get = |field| document.get_first(field).and_then(|v| v.as_str());
            if let (Some(id), Some(text)) = (get(id), get(text)) {
                speeches.push((id.to_string(), text.to_string()));
            }
        }
    }
    speeches
}

#[test]
fn a_word_cut_inside_a_kanji_number_is_found_after_the_number_itself() {
    use kaigiroku_core::analysis::is_kanji_numeral;
    let (dir, searcher) = bundled_index();
    let speeches = speech_texts(&dir.path().join("index"));
    // The index reads 二十五日 as 25日 and 二十九年 as 29年: as printed they
    // hold 十五日 and 十九年, which a search must find (every substring of
    // the text is found), but as numbers they are not 15日 and 19年.
    for (word, digits) in [("十五日", "15日"), ("十九年", "19年")] {
        let printed: Vec<&String> = speeches
            .iter()
            .filter(|(_, text)| text.contains(word))
            .map(|(id, _)| id)
            .collect();
        // Only inside longer numbers, and not as the number itself in the
        // analyzed text either (二〇一九年 is 2019年, which holds 19年).
        let analyzer = testing::analyzer();
        let cut_only = |text: &str| {
            text.match_indices(word)
                .all(|(at, _)| text[..at].ends_with(is_kanji_numeral))
                && !analyzer.analyze(text).normalized.text.contains(digits)
        };
        let inside: Vec<&String> = speeches
            .iter()
            .filter(|(_, text)| text.contains(word) && cut_only(text))
            .map(|(id, _)| id)
            .collect();
        assert!(!inside.is_empty(), "{word}: no number holds it in the data");
        let mut hits = Vec::new();
        for page in 0..10 {
            let found = searcher
                .search(&SearchRequest {
                    query: word.into(),
                    offset: page * 100,
                    limit: 100,
                    ..Default::default()
                })
                .unwrap();
            let total = found.total;
            hits.extend(found.hits.into_iter().map(|h| (h.speech_id, h.score)));
            if hits.len() >= total {
                break;
            }
        }
        let rank = |id: &&String| hits.iter().position(|(hit, _)| hit == *id);
        for id in &printed {
            assert!(rank(id).is_some(), "{word}: {id} holds it and is not found");
        }
        // The number itself first: every speech cut inside a longer number
        // after every speech holding it whole.
        let first_cut = inside.iter().filter_map(rank).min().unwrap();
        for id in printed.iter().filter(|id| !inside.contains(id)) {
            assert!(
                rank(id).unwrap() < first_cut,
                "{word}: {id} ranks after a cut"
            );
        }
        assert!(inside.iter().all(|id| hits[rank(id).unwrap()].1 == 0.0));
    }
}

#[test]
fn canonical_json_lines_round_trip() {
    let dir = tempfile::tempdir().unwrap();
    let seed = data("seed/000_398aad91f4d2a6c2.txt");
    let text = kaigiroku_ingest::decode::decode(&std::fs::read(&seed).unwrap()).unwrap();
    let format = kaigiroku_ingest::readers::detect(&seed, &text)
        .unwrap()
        .unwrap();
    let speakers =
        kaigiroku_ingest::speaker::SpeakerParser::new(kaigiroku_core::testing::analyzer());
    let mut meeting = kaigiroku_ingest::readers::read(&seed, &text, format, &speakers)
        .unwrap()
        .meetings
        .remove(0);
    meeting.id = "toshima-2022-01-26".into();
    let jsonl = dir.path().join("meetings.jsonl");
    std::fs::write(
        &jsonl,
        format!("{}\n", serde_json::to_string(&meeting).unwrap()),
    )
    .unwrap();

    let index = dir.path().join("index");
    let summary = ingest(
        &[jsonl],
        &IngestOptions::new(index.clone(), testing::analyzer()),
    )
    .unwrap();
    assert_eq!(
        (summary.meetings, summary.speeches),
        (1, meeting.speeches.len())
    );
    let searcher = Searcher::open(&index, testing::analyzer()).unwrap();
    let hit = &search(&searcher, "250グラム").hits[0];
    assert_eq!(
        (hit.speech_id.as_str(), hit.agenda_label.as_str()),
        ("toshima-2022-01-26-29", "報告事項（2）")
    );
    let stored = searcher.meeting("toshima-2022-01-26").unwrap();
    assert_eq!(stored.meeting.agenda, meeting.agenda);
    // The record keeps the reader that first read it (so a Diet record
    // stays one); a record that names none was read as JSON Lines.
    assert_eq!(stored.meeting.format, "seed");
    let anonymous = Meeting {
        id: "no-format".into(),
        format: String::new(),
        ..meeting.clone()
    };
    let jsonl = dir.path().join("anonymous.jsonl");
    std::fs::write(
        &jsonl,
        format!("{}\n", serde_json::to_string(&anonymous).unwrap()),
    )
    .unwrap();
    ingest(
        &[jsonl],
        &IngestOptions::new(index.clone(), testing::analyzer()),
    )
    .unwrap();
    let searcher = Searcher::open(&index, testing::analyzer()).unwrap();
    assert_eq!(
        searcher.meeting("no-format").unwrap().meeting.format,
        "jsonl"
    );
}

#[test]
fn a_running_searcher_sees_new_commits_without_a_restart() {
    let dir = tempfile::tempdir().unwrap();
    let index = dir.path().join("index");
    let options = IngestOptions::new(index.clone(), testing::analyzer());
    ingest(&[data("seed")], &options).unwrap();
    let searcher = Searcher::open(&index, testing::analyzer()).unwrap();
    assert_eq!(search(&searcher, "弘前市").total, 0);
    ingest(
        &[data("text/kensakusystem-index-html-statements.txt")],
        &options,
    )
    .unwrap();
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(10);
    while search(&searcher, "弘前市").total == 0 {
        assert!(
            std::time::Instant::now() < deadline,
            "the new commit never became visible"
        );
        std::thread::sleep(std::time::Duration::from_millis(100));
    }
}
