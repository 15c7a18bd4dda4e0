//! The day's list in a header (議事日程, 本日の会議に付した事件) read whole,
//! against the items found by hand in real minutes of four kinds of
//! assembly (`tests/data/agenda/header-gold.json`, `HEADER-GOLD.md`): each
//! item found once, its title whole (wrapped lines joined), and the
//! disposition the same meeting's proceedings give it.
//!
//! The items still wrong are listed by name in `header-gold-misses.txt`
//! beside the set: any change to what is read shows as a diff there.

mod support;

use kaigiroku_core::model::{AgendaItem, Meeting};
use serde_json::Value;
use support::{corpus_file, key, meetings, tests_data};

/// The outcomes that state a gold disposition in kaigiroku's words.
fn accepted(disposition: &str) -> Vec<&'static str> {
    match disposition {
        "原案可決" | "修正可決" | "可決" => vec!["可決"],
        "選挙" => vec!["当選"],
        "指名" => vec!["指名", "決定", "当選"],
        "報告" => vec!["報告", "了承"],
        other => kaigiroku_core::model::Outcome::parse(other)
            .map(|o| vec![o.as_str()])
            .unwrap_or_default(),
    }
}

/// Our item for a gold item: by its bill number, else by its title.
fn find<'a>(items: &'a [AgendaItem], gold: &Value) -> Option<&'a AgendaItem> {
    let title = key(gold["title"].as_str().unwrap_or(""));
    if let Some(number) = gold["number"].as_str().map(key) {
        let by_number = items
            .iter()
            .find(|i| i.number.as_deref().map(key).as_deref() == Some(number.as_str()));
        if by_number.is_some() {
            return by_number;
        }
    }
    items
        .iter()
        .find(|i| key(&i.title) == title || key(&i.label) == title)
        .or_else(|| {
            let prefix: String = title.chars().take(8).collect();
            items
                .iter()
                .find(|i| prefix.chars().count() >= 4 && key(&i.title).starts_with(&prefix))
        })
}

#[test]
fn header_lists_against_the_hand_checked_set() {
    let gold: Value = serde_json::from_str(
        &std::fs::read_to_string(tests_data().join("agenda/header-gold.json")).unwrap(),
    )
    .unwrap();
    let (mut total, mut found, mut titled, mut decided, mut decisions) = (0, 0, 0, 0, 0);
    let mut wrapped = (0, 0);
    let mut misses = Vec::new();
    let mut loaded: Option<(String, Vec<Meeting>)> = None;
    for file_gold in gold["files"].as_array().unwrap() {
        let file = file_gold["file"].as_str().unwrap();
        if loaded.as_ref().is_none_or(|(name, _)| name != file) {
            loaded = Some((file.to_string(), meetings(&corpus_file(file))));
        }
        let all = &loaded.as_ref().unwrap().1;
        let date = file_gold["date"].as_str().unwrap();
        let record = file_gold["record"].as_u64().unwrap_or(0) as usize;
        let meeting = all
            .get(record)
            .filter(|m| m.date == date)
            .or_else(|| all.iter().find(|m| m.date == date))
            .unwrap_or_else(|| panic!("{file} [{record}]: no meeting of {date}"));
        let at = format!("{file} [{record}]");
        for item in file_gold["items"].as_array().unwrap() {
            total += 1;
            let name = format!(
                "{} {}",
                item["schedule"].as_str().unwrap_or("-"),
                item["number"]
                    .as_str()
                    .unwrap_or_else(|| item["title"].as_str().unwrap_or(""))
            );
            let Some(ours) = find(&meeting.agenda, item) else {
                misses.push(format!("{at} {name}: missing"));
                continue;
            };
            found += 1;
            let is_wrapped = item["wrapped"] == true;
            wrapped.1 += usize::from(is_wrapped);
            if key(&ours.title) == key(item["title"].as_str().unwrap_or("")) {
                titled += 1;
                wrapped.0 += usize::from(is_wrapped);
            } else {
                misses.push(format!("{at} {name}: title {:?}", ours.title));
            }
            if let Some(disposition) = item["disposition"].as_str() {
                decisions += 1;
                let want = accepted(disposition);
                if ours.outcome.as_deref().is_some_and(|o| want.contains(&o)) {
                    decided += 1;
                } else {
                    misses.push(format!(
                        "{at} {name}: outcome {:?}, want {disposition}",
                        ours.outcome
                    ));
                }
            }
        }
    }
    let report = format!(
        "header gold set: items {found}/{total}, titles {titled}/{found} (wrapped {}/{}), dispositions {decided}/{decisions}",
        wrapped.0, wrapped.1
    );
    eprintln!("{report}");
    let mut actual = vec![report];
    actual.extend(misses);
    let actual = actual.join("\n") + "\n";
    let path = tests_data().join("agenda/header-gold-misses.txt");
    if std::env::var_os("KAIGIROKU_BLESS").is_some() {
        std::fs::write(&path, &actual).unwrap();
    }
    let expected = std::fs::read_to_string(&path).unwrap_or_default();
    let lines = |text: &str| text.lines().map(String::from).collect::<Vec<_>>();
    let (now, before) = (lines(&actual), lines(&expected));
    let gone: Vec<&String> = before.iter().filter(|l| !now.contains(l)).collect();
    let new: Vec<&String> = now.iter().filter(|l| !before.contains(l)).collect();
    assert!(
        gone.is_empty() && new.is_empty(),
        "the header gold set's results changed (KAIGIROKU_BLESS=1 rewrites {}):\nno longer: {gone:#?}\nnow: {new:#?}",
        path.display()
    );
}
