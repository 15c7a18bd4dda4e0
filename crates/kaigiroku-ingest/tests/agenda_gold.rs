//! Agenda items read from real minutes of every format, against the items
//! found by hand (`tests/data/agenda/gold.json`, 16 meetings): each item
//! found, with its title and, where the chair states one, its outcome.

mod support;

use kaigiroku_core::model::AgendaItem;
use serde_json::Value;
use support::{corpus_file, key, meetings, tests_data};

/// Shares that must be reached (measured: 154/158, 151/154, 125/136).
const ITEMS_FOUND: f64 = 0.96;
const TITLES_RIGHT: f64 = 0.95;
const OUTCOMES_RIGHT: f64 = 0.88;

fn find<'a>(items: &'a [AgendaItem], gold: &Value) -> Option<&'a AgendaItem> {
    let text = |name: &str| gold[name].as_str().map(key).unwrap_or_default();
    let (number, label) = (text("number_text"), text("label"));
    items.iter().find(|item| {
        let ours = item.number.as_deref().map(key).unwrap_or_default();
        if number.is_empty() {
            key(&item.label) == label
        } else {
            ours == number || (ours.is_empty() && key(&item.label) == label)
        }
    })
}

#[test]
fn agenda_items_titles_and_outcomes_against_the_hand_checked_set() {
    let gold: Vec<Value> = serde_json::from_str(
        &std::fs::read_to_string(tests_data().join("agenda/gold.json")).unwrap(),
    )
    .unwrap();
    let (mut total, mut found, mut titled, mut decided, mut decisions) = (0, 0, 0, 0, 0);
    let mut misses = Vec::new();
    for meeting_gold in &gold {
        let file = meeting_gold["file"].as_str().unwrap();
        let all = meetings(&corpus_file(file));
        let meeting = match meeting_gold["meeting_id"].as_str() {
            Some(id) => all.iter().find(|m| m.id == id),
            None => all.first(),
        }
        .unwrap_or_else(|| panic!("{file}: meeting {}", meeting_gold["meeting_id"]));
        for item in meeting_gold["items"].as_array().unwrap() {
            // Items the minutes never print (the middle of a range) or that
            // have no number are judgement calls, left out.
            if item["label_printed"] == false || item["unnumbered"] == true {
                continue;
            }
            total += 1;
            let Some(ours) = find(&meeting.agenda, item) else {
                misses.push(format!(
                    "{file}: {} {} missing",
                    item["label"], item["number_text"]
                ));
                continue;
            };
            found += 1;
            let title = item["title"].as_str().map(key).unwrap_or_default();
            let prefix: String = title.chars().take(10).collect();
            if key(&ours.title).starts_with(&prefix) {
                titled += 1;
            } else {
                misses.push(format!(
                    "{file}: {} title {:?}, want {:?}",
                    item["label"], ours.title, item["title"]
                ));
            }
            if let Some(outcome) = item["outcome"].as_str() {
                decisions += 1;
                if ours.outcome.as_deref() == Some(outcome) {
                    decided += 1;
                } else {
                    misses.push(format!(
                        "{file}: {} outcome {:?}, want {outcome}",
                        item["label"], ours.outcome
                    ));
                }
            }
        }
    }
    let share = |part: usize, whole: usize| part as f64 / whole.max(1) as f64;
    eprintln!(
        "agenda gold set: items {found}/{total}, titles {titled}/{found}, outcomes {decided}/{decisions}"
    );
    for miss in &misses {
        eprintln!("  {miss}");
    }
    assert!(
        share(found, total) >= ITEMS_FOUND,
        "items found {found}/{total}"
    );
    assert!(
        share(titled, found) >= TITLES_RIGHT,
        "titles right {titled}/{found}"
    );
    assert!(
        share(decided, decisions) >= OUTCOMES_RIGHT,
        "outcomes right {decided}/{decisions}"
    );
}

/// The cases of `agenda/speech-gold.json` still read wrong: the chair
/// quotes a title in other words (「…汚染対策等に関する専門家会議」 for 「…土壌汚染
/// 対策等に関する専門家会議」: 14, 45); takes up the standing investigation
/// only by 「これより…調査を行います」 (7, 10); adds a report by 「…とあわせて
/// 本件に対する質疑を」 (28); hears 参考人 on a report named before (40);
/// tells a topic whose listed title has quote marks, which makes a second
/// item of it (31); decides 閉会中の継続調査 at the close (8); tells the
/// next dates after the items are done (27).
const SPEECHES_STILL_WRONG: [u64; 9] = [7, 8, 10, 14, 27, 28, 31, 40, 45];

#[test]
fn speeches_under_the_items_the_chair_took_up_against_the_hand_checked_set() {
    let gold: Value = serde_json::from_str(
        &std::fs::read_to_string(tests_data().join("agenda/speech-gold.json")).unwrap(),
    )
    .unwrap();
    let mut parsed: std::collections::HashMap<String, Vec<kaigiroku_core::model::Meeting>> =
        Default::default();
    let mut wrong = Vec::new();
    let cases = gold["cases"].as_array().unwrap();
    for case in cases {
        let file = case["file"].as_str().unwrap();
        let all = parsed
            .entry(file.to_string())
            .or_insert_with(|| meetings(&corpus_file(file)));
        let meeting = all
            .iter()
            .find(|m| m.id == case["meeting_id"].as_str().unwrap())
            .unwrap_or_else(|| panic!("{file}: {}", case["meeting_id"]));
        let speech = meeting
            .speeches
            .iter()
            .find(|s| u64::from(s.order) == case["speech"].as_u64().unwrap())
            .unwrap();
        let title = |order: &u32| {
            meeting
                .agenda
                .iter()
                .find(|item| item.order == *order)
                .map(|item| item.title.clone())
                .unwrap()
        };
        let mut ours: Vec<String> = speech
            .agenda
            .iter()
            .chain(&speech.together)
            .map(title)
            .collect();
        let mut want: Vec<String> = case["items"]
            .as_array()
            .unwrap()
            .iter()
            .map(|t| t.as_str().unwrap().to_string())
            .collect();
        ours.sort();
        want.sort();
        if ours != want {
            wrong.push(case["case"].as_u64().unwrap());
        }
    }
    eprintln!(
        "speeches under the right items: {}/{}",
        cases.len() - wrong.len(),
        cases.len()
    );
    assert_eq!(wrong, SPEECHES_STILL_WRONG);
}
