//! The kokkai-compatible API, field by field against the real NDL responses
//! in tests/data/kokkai (ingested, then served back).

mod support;

use std::path::Path;
use support::get;

use serde_json::Value;

fn data(relative: &str) -> String {
    std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/data/kokkai")
            .join(relative),
    )
    .unwrap()
}

#[test]
fn speech_endpoint_returns_the_ndl_record() {
    let served = support::serve("tests/data/kokkai");
    let addr = served.addr;
    let original: Value =
        serde_json::from_str(&data("speech_any-bousai_2022_start2_max1.json")).unwrap();
    let expected = &original["speechRecord"][0];
    let (status, body) = get(
        addr,
        "/api/speech?issueID=120804194X00320220428&recordPacking=json",
    );
    assert_eq!(status, 200, "{body}");
    let ours: Value = serde_json::from_str(&body).unwrap();
    assert_eq!(
        (
            ours["numberOfRecords"].as_u64(),
            ours["numberOfReturn"].as_u64(),
            ours["startRecord"].as_u64()
        ),
        (Some(1), Some(1), Some(1))
    );
    assert!(ours["nextRecordPosition"].is_null());
    let record = &ours["speechRecord"][0];
    // Every key of the NDL's record is there.
    let keys = |v: &Value| v.as_object().unwrap().keys().cloned().collect::<Vec<_>>();
    let mut expected_keys = keys(expected);
    let mut our_keys = keys(record);
    expected_keys.sort();
    our_keys.sort();
    assert_eq!(our_keys, expected_keys);
    for field in [
        "speechID",
        "issueID",
        "imageKind",
        "searchObject",
        "nameOfHouse",
        "nameOfMeeting",
        "issue",
        "date",
        "closing",
        "speechOrder",
        "speaker",
        "speakerYomi",
        "speakerGroup",
        "speakerPosition",
        "speakerRole",
        "speech",
    ] {
        assert_eq!(record[field], expected[field], "{field}");
    }
    // By speechID too, in the NDL's form.
    let (_, body) = get(
        addr,
        "/api/speech?speechID=120804194X00320220428_008&recordPacking=json",
    );
    let by_id: Value = serde_json::from_str(&body).unwrap();
    assert_eq!(
        by_id["speechRecord"][0]["speechID"],
        "120804194X00320220428_008"
    );
}

#[test]
fn meeting_endpoint_matches_the_real_xml() {
    let served = support::serve("tests/data/kokkai");
    let addr = served.addr;
    let original = data("1-end.xml");
    let original = roxmltree::Document::parse(&original).unwrap();
    let expected: Vec<(String, String, String)> = original
        .descendants()
        .filter(|n| n.has_tag_name("speechRecord"))
        .filter(|n| {
            n.descendants().any(|d| {
                d.has_tag_name("speechID")
                    && d.text().unwrap_or("").starts_with("100105291X00119470728")
            })
        })
        .map(|n| {
            let text = |tag: &str| {
                n.children()
                    .find(|c| c.has_tag_name(tag))
                    .and_then(|c| c.text())
                    .unwrap_or("")
                    .to_string()
            };
            (text("speechID"), text("speaker"), text("speech"))
        })
        .collect();
    assert_eq!(expected.len(), 63);

    let (status, body) = get(addr, "/api/meeting?issueID=100105291X00119470728");
    assert_eq!(status, 200);
    let ours = roxmltree::Document::parse(&body).unwrap();
    let count = |tag: &str| {
        ours.descendants()
            .find(|n| n.has_tag_name(tag))
            .and_then(|n| n.text())
            .unwrap_or("")
            .to_string()
    };
    assert_eq!(
        (count("numberOfRecords"), count("numberOfReturn")),
        ("1".into(), "1".into())
    );
    let meeting = ours
        .descendants()
        .find(|n| n.has_tag_name("meetingRecord"))
        .unwrap();
    let field = |tag: &str| {
        meeting
            .children()
            .find(|c| c.has_tag_name(tag))
            .and_then(|c| c.text())
            .unwrap_or("")
            .to_string()
    };
    assert_eq!(
        (
            field("nameOfHouse"),
            field("nameOfMeeting"),
            field("date"),
            field("issue")
        ),
        (
            "衆議院".into(),
            "労働委員会決算委員会連合審査会".into(),
            "1947-07-28".into(),
            "第1号".into()
        )
    );
    let got: Vec<(String, String, String)> = meeting
        .children()
        .filter(|n| n.has_tag_name("speechRecord"))
        .map(|n| {
            let text = |tag: &str| {
                n.children()
                    .find(|c| c.has_tag_name(tag))
                    .and_then(|c| c.text())
                    .unwrap_or("")
                    .to_string()
            };
            (text("speechID"), text("speaker"), text("speech"))
        })
        .collect();
    assert_eq!(got.len(), expected.len());
    for (ours, theirs) in got.iter().zip(&expected) {
        assert_eq!(ours.0, theirs.0);
        assert_eq!(ours.1, theirs.1, "speaker of {}", theirs.0);
        assert_eq!(ours.2, theirs.2, "speech {}", theirs.0);
    }
}

#[test]
fn errors_and_limits_in_the_ndl_shape() {
    let served = support::serve("tests/data/kokkai");
    let addr = served.addr;
    let cases = [
        ("/api/speech?recordPacking=json", "(19007)"),
        (
            "/api/meeting?nameOfHouse=%E8%A1%86%E8%AD%B0%E9%99%A2&maximumRecords=11&recordPacking=json",
            "(19006)",
        ),
        (
            "/api/speech?nameOfHouse=%E8%A1%86%E8%AD%B0%E9%99%A2&maximumRecords=101&recordPacking=json",
            "(19005)",
        ),
        (
            "/api/speech?nameOfHouse=%E8%A1%86%E8%AD%B0%E9%99%A2&startRecord=5000&recordPacking=json",
            "(19004)",
        ),
        ("/api/speech?from=2022-1-1&recordPacking=json", "(19011)"),
        (
            "/api/speech?from=2023-01-01&until=2022-01-01&recordPacking=json",
            "(19011)",
        ),
        (
            "/api/speech?speakerRole=%E8%AD%B0%E9%95%B7&recordPacking=json",
            "(19011)",
        ),
    ];
    for (target, code) in cases {
        let (status, body) = get(addr, target);
        assert_eq!(status, 400, "{target}");
        let json: Value = serde_json::from_str(&body).unwrap();
        assert!(
            json["message"].as_str().unwrap().starts_with(code),
            "{target}: {body}"
        );
    }
    let (_, details) = get(
        addr,
        "/api/speech?from=2023-01-01&until=2022-01-01&recordPacking=json",
    );
    assert!(details.contains("(19014)"), "{details}");
    // XML errors use <diagnostics>.
    let (status, xml) = get(addr, "/api/speech");
    assert_eq!(status, 400);
    assert!(
        xml.contains("<diagnostics><diagnostic><message>(19007)"),
        "{xml}"
    );
    // Paging: the 衆議院 records are two meetings, newest first.
    let (_, body) = get(
        addr,
        "/api/meeting_list?nameOfHouse=%E8%A1%86%E8%AD%B0%E9%99%A2&maximumRecords=1&recordPacking=json",
    );
    let list: Value = serde_json::from_str(&body).unwrap();
    assert_eq!(
        (
            list["numberOfRecords"].as_u64(),
            list["nextRecordPosition"].as_u64()
        ),
        (Some(2), Some(2))
    );
    assert_eq!(list["meetingRecord"][0]["date"], "2022-04-28");
    assert!(
        list["meetingRecord"][0]["speechRecord"][0]
            .get("speech")
            .is_none(),
        "meeting_list has no speech text"
    );
}

#[test]
fn a_diet_record_keeps_the_ndls_numbering_through_json_lines() {
    // What `kaigiroku parse` prints for the NDL's response, ingested again.
    let source = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/data/kokkai/speech_any-bousai_2022_start2_max1.json");
    let text = std::fs::read_to_string(&source).unwrap();
    let format = kaigiroku_ingest::readers::detect(&source, &text)
        .unwrap()
        .unwrap();
    let speakers =
        kaigiroku_ingest::speaker::SpeakerParser::new(kaigiroku_core::testing::analyzer());
    let reading = kaigiroku_ingest::readers::read(&source, &text, format, &speakers).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let lines: Vec<String> = reading
        .meetings
        .iter()
        .map(|m| serde_json::to_string(m).unwrap())
        .collect();
    std::fs::write(dir.path().join("diet.jsonl"), lines.join("\n")).unwrap();
    let served = support::serve_path(dir.path());
    let (status, body) = get(
        served.addr,
        "/api/speech?issueID=120804194X00320220428&recordPacking=json",
    );
    assert_eq!(status, 200, "{body}");
    let ours: Value = serde_json::from_str(&body).unwrap();
    let expected: Value =
        serde_json::from_str(&data("speech_any-bousai_2022_start2_max1.json")).unwrap();
    for field in ["speechID", "speechOrder", "searchObject"] {
        assert_eq!(
            ours["speechRecord"][0][field], expected["speechRecord"][0][field],
            "{field}"
        );
    }
}

#[test]
fn meeting_list_counts_every_meeting_of_a_large_result() {
    // A year of 品川区 minutes from the shared corpus (152 meetings): more
    // speeches than any window the old endpoints stopped at.
    let corpus =
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/corpus/shinagawa/r05");
    let served = support::serve_path(&corpus);
    let (status, body) = get(
        served.addr,
        "/api/search?municipality=%E5%93%81%E5%B7%9D%E5%8C%BA&group=meeting&per_page=1&facets=false",
    );
    assert_eq!(status, 200, "{body}");
    let grouped: Value = serde_json::from_str(&body).unwrap();
    let speeches = grouped["total"].as_u64().unwrap();
    assert!(speeches > 20_000, "{speeches} speeches");
    let (status, body) = get(
        served.addr,
        "/api/meeting_list?nameOfHouse=%E5%93%81%E5%B7%9D%E5%8C%BA&recordPacking=json&maximumRecords=1",
    );
    assert_eq!(status, 200, "{body}");
    let listed: Value = serde_json::from_str(&body).unwrap();
    assert_eq!(listed["numberOfRecords"], grouped["total_meetings"]);
    assert_eq!(listed["numberOfRecords"], 152);
    // The last page of the list holds the last meeting, not an empty window.
    let (status, body) = get(
        served.addr,
        "/api/meeting_list?nameOfHouse=%E5%93%81%E5%B7%9D%E5%8C%BA&recordPacking=json&maximumRecords=1&startRecord=152",
    );
    assert_eq!(status, 200, "{body}");
    let last: Value = serde_json::from_str(&body).unwrap();
    assert_eq!(last["numberOfReturn"], 1);
    assert!(last["nextRecordPosition"].is_null());
}
