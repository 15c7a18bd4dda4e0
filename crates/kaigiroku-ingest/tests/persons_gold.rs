//! Persons resolved across the meetings of ../shared/corpus (品川区, 東京都,
//! the Diet) against 306 (label, meeting) pairs mapped to persons by hand
//! (`tests/data/persons/gold.tsv`, rules in `GRADING.md`). A pair is right
//! when its key holds only its person and its person only that key; the
//! pairs still wrong are pinned in `tests/data/persons/gold-misses.txt`
//! (rewritten with KAIGIROKU_BLESS=1), so that any regression fails.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use kaigiroku_core::model::Meeting;
use kaigiroku_ingest::persons::{PersonsReport, resolve_files};
use kaigiroku_ingest::speaker::SpeakerParser;

/// The share of pairs that must resolve right, as the issue asked; the
/// misses left are pinned as well.
const TARGET: f64 = 0.98;

struct Pair {
    file: String,
    date: String,
    title: String,
    label: String,
    person: String,
}

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn gold() -> Vec<Pair> {
    let text = std::fs::read_to_string(root().join("tests/data/persons/gold.tsv"))
        .expect("tests/data/persons/gold.tsv");
    text.lines()
        .filter(|line| !line.trim().is_empty())
        .map(|line| {
            let cells: Vec<&str> = line.split('\t').collect();
            let cell = |i: usize| cells.get(i).map_or("", |c| c.trim()).to_string();
            Pair {
                file: cell(0),
                date: cell(1),
                title: cell(2),
                label: cell(3),
                person: cell(4),
            }
        })
        .collect()
}

/// The key the engine gave the pair's label in its meeting.
fn key_of<'m>(pair: &Pair, meetings: &'m [(PathBuf, Meeting)]) -> Option<&'m str> {
    let candidates: Vec<&Meeting> = meetings
        .iter()
        .filter(|(path, m)| path.ends_with(&pair.file) && m.date == pair.date)
        .map(|(_, m)| m)
        .collect();
    let titled: Vec<&Meeting> = candidates
        .iter()
        .copied()
        .filter(|m| pair.title.contains(&m.title) || m.title.contains(&pair.title))
        .collect();
    let meetings = if titled.is_empty() {
        candidates
    } else {
        titled
    };
    meetings
        .iter()
        .flat_map(|m| &m.speeches)
        .filter_map(|s| s.speaker.as_ref())
        .find(|s| s.label == pair.label)
        .and_then(|s| s.key.as_deref())
}

#[test]
fn persons_of_the_shared_corpus_against_the_hand_set() {
    let corpus = root().join("../shared/corpus");
    let speakers = SpeakerParser::new(kaigiroku_core::testing::analyzer());
    let paths = ["shinagawa", "tokyo-poliinfo2", "kokkai"].map(|c| corpus.join(c));
    let (_, meetings) = resolve_files(&paths, None, &speakers, &[]).expect("the corpus");
    let gold = gold();
    assert!(gold.len() >= 300, "the gold set has {} pairs", gold.len());

    let keys: Vec<Option<&str>> = gold.iter().map(|pair| key_of(pair, &meetings)).collect();
    let mut persons_of_key: BTreeMap<&str, BTreeSet<&str>> = BTreeMap::new();
    let mut keys_of_person: BTreeMap<&str, BTreeSet<&str>> = BTreeMap::new();
    for (pair, key) in gold.iter().zip(&keys) {
        let key = key.unwrap_or("(no key)");
        persons_of_key.entry(key).or_default().insert(&pair.person);
        keys_of_person.entry(&pair.person).or_default().insert(key);
    }
    let merges: Vec<String> = persons_of_key
        .iter()
        .filter(|(_, persons)| persons.len() > 1)
        .map(|(key, persons)| format!("merge {key}: {persons:?}"))
        .collect();
    let splits: Vec<String> = keys_of_person
        .iter()
        .filter(|(_, keys)| keys.len() > 1)
        .map(|(person, keys)| format!("split {person}: {keys:?}"))
        .collect();
    let mut misses = Vec::new();
    for (pair, key) in gold.iter().zip(&keys) {
        let key = key.unwrap_or("(no key)");
        let right =
            persons_of_key[key].len() == 1 && keys_of_person[pair.person.as_str()].len() == 1;
        if !right {
            misses.push(format!(
                "{}\t{}\t{}\t{} → {key}",
                pair.file, pair.date, pair.label, pair.person
            ));
        }
    }
    let accuracy = 1.0 - misses.len() as f64 / gold.len() as f64;
    println!(
        "persons: {}/{} pairs right ({:.1} %), {} merges, {} splits",
        gold.len() - misses.len(),
        gold.len(),
        100.0 * accuracy,
        merges.len(),
        splits.len()
    );
    for line in merges.iter().chain(&splits) {
        println!("  {line}");
    }
    for line in &misses {
        println!("  {line}");
    }
    let pinned_path = root().join("tests/data/persons/gold-misses.txt");
    let mut listed = merges.clone();
    listed.extend(splits.iter().cloned());
    listed.extend(misses.iter().cloned());
    if std::env::var_os("KAIGIROKU_BLESS").is_some() {
        std::fs::write(&pinned_path, listed.join("\n") + "\n").unwrap();
    }
    let pinned = std::fs::read_to_string(&pinned_path).unwrap_or_default();
    let pinned: Vec<&str> = pinned.lines().filter(|l| !l.is_empty()).collect();
    assert!(
        listed == pinned,
        "the pairs still wrong changed (KAIGIROKU_BLESS=1 rewrites {})",
        pinned_path.display()
    );
    assert!(accuracy >= TARGET, "accuracy {accuracy:.3} under {TARGET}");

    // The figures the issue set on 品川区.
    let shinagawa = meetings
        .iter()
        .filter(|(path, _)| path.starts_with(&paths[0]))
        .map(|(_, m)| m);
    let report = PersonsReport::of(shinagawa);
    println!(
        "shinagawa: {} keyed speeches, {:.1} % with a reading, {} mixed keys, {} unresolved beside one full name",
        report.keyed_speeches,
        100.0 * report.reading_share(),
        report.mixed_keys.len(),
        report.split_keys.len()
    );
    assert!(report.mixed_keys.is_empty(), "{:?}", report.mixed_keys);
    assert!(report.split_keys.len() <= 20, "{:?}", report.split_keys);
    assert!(report.reading_share() >= 0.95);
}
