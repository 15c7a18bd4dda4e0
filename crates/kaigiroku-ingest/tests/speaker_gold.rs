//! Speaker labels of every corpus in ../shared/corpus, split by hand
//! (`tests/data/speakers/gold.tsv`), against the parser. Each label is read
//! as the only speaker of a meeting; the optional `body` column gives the
//! meeting's body where the category depends on it (the officials who
//! answer in a 議会運営委員会 are the assembly's own).

use std::path::Path;

use kaigiroku_core::model::{Category, Meeting, Speech};
use kaigiroku_ingest::speaker::{SpeakerParser, printed};

/// The share of labels that must be split exactly right.
const TARGET: f64 = 0.99;

struct Gold {
    corpus: String,
    label: String,
    name: String,
    position: String,
    role: String,
    category: String,
    body: String,
}

fn gold() -> Vec<Gold> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/data/speakers/gold.tsv");
    let text = std::fs::read_to_string(&path).expect("tests/data/speakers/gold.tsv");
    text.lines()
        .skip(1)
        .filter(|line| !line.starts_with('#') && !line.trim().is_empty())
        .map(|line| {
            let cells: Vec<&str> = line.split('\t').collect();
            let cell = |i: usize| cells.get(i).map_or("", |c| c.trim()).to_string();
            Gold {
                corpus: cell(0),
                label: cell(1),
                name: cell(2),
                position: cell(3),
                role: cell(4),
                category: cell(5),
                body: cell(6),
            }
        })
        .collect()
}

#[test]
fn hand_split_labels_of_every_corpus() {
    let parser = SpeakerParser::new(kaigiroku_core::testing::analyzer());
    let gold = gold();
    assert!(gold.len() >= 400, "the gold set has {} labels", gold.len());
    let mut wrong = Vec::new();
    for case in &gold {
        let mut meeting = Meeting {
            body: case.body.clone(),
            speeches: vec![Speech {
                speaker: Some(printed(&case.label)),
                ..Speech::default()
            }],
            ..Meeting::default()
        };
        parser.complete(&mut meeting);
        let speaker = meeting.speeches.remove(0).speaker.unwrap();
        let got = (
            speaker.name.unwrap_or_default(),
            speaker.position.unwrap_or_default(),
            speaker.role.unwrap_or_default(),
            speaker.category.as_str().to_string(),
        );
        let expected = (
            case.name.clone(),
            case.position.clone(),
            case.role.clone(),
            case.category.clone(),
        );
        assert!(
            Category::parse(&case.category).is_some(),
            "bad category in the gold set: {}",
            case.category
        );
        if got != expected {
            wrong.push(format!(
                "{}\t{}\tgot {} / {} / {} / {}\twant {} / {} / {} / {}",
                case.corpus,
                case.label,
                got.0,
                got.1,
                got.2,
                got.3,
                expected.0,
                expected.1,
                expected.2,
                expected.3
            ));
        }
    }
    let accuracy = 1.0 - wrong.len() as f64 / gold.len() as f64;
    eprintln!(
        "speaker gold set: {} of {} labels right ({:.1} %)",
        gold.len() - wrong.len(),
        gold.len(),
        accuracy * 100.0
    );
    for line in &wrong {
        eprintln!("  {line}");
    }
    assert!(
        accuracy >= TARGET,
        "{:.1} % of the gold labels right, below {:.0} %",
        accuracy * 100.0,
        TARGET * 100.0
    );
}
