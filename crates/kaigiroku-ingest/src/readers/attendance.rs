//! The attendance list a header prints one person a line.

use kaigiroku_core::model::{Attendee, Meeting, SpeechKind};

use crate::speaker::is_position;

/// The attendance list of a header that prints one person a line, post
/// first (東京都議会: `委員長川島　忠一君`, `理事松本　文明君`,
/// `山崎　　泰君`, `財務局長木内　征司君`), under `出席委員　二十一名`.
pub fn attendees_in_header(meeting: &Meeting) -> Vec<Attendee> {
    let Some(header) = meeting
        .speeches
        .iter()
        .find(|s| s.kind == SpeechKind::Header)
    else {
        return Vec::new();
    };
    let mut group: Option<String> = None;
    let mut found = Vec::new();
    for line in header.text.lines() {
        let line = line.trim_matches([' ', '　']);
        if let Some(list) = ["出席委員", "欠席委員", "出席議員", "欠席議員", "出席説明員"]
            .into_iter()
            .find(|list| line.starts_with(list))
        {
            group = Some(list.to_string());
            continue;
        }
        if line.is_empty() || line.starts_with("本日の会議に付した事件") {
            if line.starts_with("本日") {
                break;
            }
            continue;
        }
        let Some(group) = &group else {
            continue;
        };
        if let Some(attendee) = listed_person(line, group) {
            found.push(attendee);
        }
    }
    found
}

/// `理事松本　文明君` → 松本文明, 理事; `山崎　　泰君` → 山崎泰 (a member).
pub(crate) fn listed_person(line: &str, group: &str) -> Option<Attendee> {
    let entry = line.strip_suffix('君')?;
    if entry.chars().count() > 40 || entry.contains(['、', '。', '（', '(']) {
        return None;
    }
    // The post is the longest start of the line that is a title; the name
    // is what follows (its spacing, surname then given name, dropped).
    let compact_at = |end: usize| entry[..end].trim_end_matches([' ', '　']);
    let post_end = entry
        .char_indices()
        .map(|(at, _)| at)
        .chain([entry.len()])
        .filter(|&end| end > 0 && !entry[..end].contains([' ', '　']))
        .filter(|&end| is_position(compact_at(end)))
        .max();
    let (position, name) = match post_end {
        Some(end) if end < entry.len() => (Some(entry[..end].to_string()), &entry[end..]),
        _ => (None, entry),
    };
    let name: String = name.chars().filter(|c| !c.is_whitespace()).collect();
    if name.chars().count() < 2 || name.chars().count() > 8 {
        return None;
    }
    Some(Attendee {
        name,
        position: position.or_else(|| Some("議員".to_string())),
        group: Some(group.to_string()),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_header_list_of_one_person_a_line() {
        let cases = [
            ("委員長川島　忠一君", Some(("川島忠一", "委員長"))),
            ("理事河合秀二郎君", Some(("河合秀二郎", "理事"))),
            ("山崎　　泰君", Some(("山崎泰", "議員"))),
            ("財務局長木内　征司君", Some(("木内征司", "財務局長"))),
            ("副議長五十嵐　正君", Some(("五十嵐正", "副議長"))),
            ("第一回定例会の招集について", None),
        ];
        for (line, expected) in cases {
            let got = listed_person(line, "出席委員");
            assert_eq!(
                got.as_ref()
                    .map(|a| (a.name.as_str(), a.position.as_deref().unwrap_or(""))),
                expected,
                "{line}"
            );
        }
    }
}
