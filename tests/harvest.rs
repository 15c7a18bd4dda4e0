//! `kaigiroku harvest kokkai` against our own NDL-compatible server: the
//! Diet records of tests/data/kokkai served, harvested into a second index
//! in two runs (the first interrupted), and compared record by record.

mod support;

use std::process::Command;

use kaigiroku_core::testing;
use kaigiroku_query::{SearchRequest, Searcher};

fn harvest(base: &str, index: &std::path::Path, extra: &[&str]) -> String {
    let dict = testing::dictionary_dir();
    let mut args = vec![
        "--dict",
        dict.to_str().unwrap(),
        "harvest",
        "kokkai",
        "--base-url",
        base,
        "--from",
        "1900-01-01",
        "--until",
        "2100-12-31",
        "--index",
        index.to_str().unwrap(),
        "--delay-ms",
        "0",
        "--page-size",
        "1",
    ];
    args.extend_from_slice(extra);
    let output = Command::new(env!("CARGO_BIN_EXE_kaigiroku"))
        .args(&args)
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8_lossy(&output.stdout).into_owned()
}

fn meetings(searcher: &Searcher) -> Vec<String> {
    let mut ids: Vec<String> = searcher
        .matching_meetings(&SearchRequest::default())
        .unwrap()
        .into_iter()
        .map(|m| m.meeting_id)
        .collect();
    ids.sort();
    ids
}

#[test]
fn a_harvest_resumes_and_copies_every_meeting_and_speech() {
    let served = support::serve("tests/data/kokkai");
    let base = format!("http://{}", served.addr);
    let dir = tempfile::tempdir().unwrap();
    let index = dir.path().join("harvested");

    // Interrupted after one request: one meeting in, the rest to come.
    let stopped = harvest(&base, &index, &["--max-pages", "1"]);
    assert!(
        stopped.starts_with("stopped before record 2 of 3"),
        "{stopped}"
    );
    let state = std::fs::read_to_string(dir.path().join("harvested.harvest.json")).unwrap();
    assert!(state.contains("\"next\": 2"), "{state}");
    let partial = Searcher::open(&index, testing::analyzer()).unwrap();
    assert_eq!(meetings(&partial).len(), 1);

    // Resumed: the rest, and nothing twice.
    let done = harvest(&base, &index, &[]);
    assert!(
        done.starts_with("harvested 3 of 3 meetings (3 new)"),
        "{done}"
    );
    let copy = Searcher::open(&index, testing::analyzer()).unwrap();
    let original = &served.searcher;
    assert_eq!(meetings(&copy), meetings(original));
    let mut ids = original.matching_ids(&SearchRequest::default()).unwrap();
    let mut copied = copy.matching_ids(&SearchRequest::default()).unwrap();
    ids.sort();
    copied.sort();
    assert_eq!(copied, ids);
    for id in &ids {
        let (a, b) = (original.speech(id).unwrap(), copy.speech(id).unwrap());
        assert_eq!(
            (&b.text, &b.speaker_label, b.order),
            (&a.text, &a.speaker_label, a.order),
            "{id}"
        );
    }

    // Incremental: a second full run fetches nothing new.
    let again = harvest(&base, &index, &[]);
    assert!(again.contains("(0 new)"), "{again}");
}
