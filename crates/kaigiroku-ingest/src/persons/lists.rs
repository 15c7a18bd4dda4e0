//! What minutes say of their people outside the labels: names printed in
//! the text, and the 会派 a member speaks for.

use crate::readers::listed_person;
use crate::speaker::is_position;

/// Whole names the text of a sitting prints: letter-spaced lists of
/// members (`委員長 本 多 健 信 君`, the 会議録署名議員 `川 西 絹 子 君`) and
/// the notes of who took the rostrum (`〔区長高橋久二君登壇〕`,
/// `〔山路良成君登壇〕`), as (name, post); the post is 議員 where none is printed.
pub fn names_in_text(text: &str) -> Vec<(String, String)> {
    let mut found = Vec::new();
    for line in text.lines() {
        let line = line.trim_matches([' ', '　']);
        if let Some(note) = line
            .strip_prefix('〔')
            .and_then(|l| l.strip_suffix("君登壇〕"))
        {
            if let Some(attendee) = listed_person(&format!("{note}君"), "登壇") {
                found.push((attendee.name, attendee.position.unwrap_or_default()));
            }
            continue;
        }
        let Some(entry) = line.strip_suffix('君') else {
            continue;
        };
        // A list line spaces the name's characters; a sentence does not.
        let (post, name) = match entry.split_once([' ', '　']) {
            Some((post, rest)) if is_position(post) => (post, rest),
            _ => ("議員", entry),
        };
        let spaced = name.trim().contains([' ', '　']);
        let name: String = name.chars().filter(|c| !c.is_whitespace()).collect();
        let length = name.chars().count();
        if spaced
            && (2..=7).contains(&length)
            && name
                .chars()
                .all(|c| !c.is_ascii() && !"、。「」（）".contains(c))
        {
            found.push((name, post.to_string()));
        }
    }
    found
}

/// The 会派 a member says they speak for: 「日本共産党品川区議団を代表して
/// 質問いたします」 → 日本共産党品川区議団. Not a committee a chair reports
/// for, nor the assembly or the residents.
pub fn declared_group(text: &str) -> Option<String> {
    let head: String = text.chars().take(300).collect();
    let end = head.find("を代表し")?;
    let before = &head[..end];
    let start = before
        .rfind(['、', '。', '\n', '　', ' ', 'は'])
        .map_or(0, |at| {
            at + before[at..].chars().next().map_or(0, char::len_utf8)
        });
    let group = before[start..].trim();
    looks_like_group(group).then(|| group.to_string())
}

/// True for a 会派's name (`日本共産党品川区議団`, `無所属の会`), not a
/// committee a chair reports for, nor the assembly or the residents.
pub fn looks_like_group(group: &str) -> bool {
    let chars = group.chars().count();
    let party_like = [
        "党",
        "会",
        "クラブ",
        "団",
        "ネット",
        "無所属",
        "維新",
        "フォーラム",
        "みらい",
    ]
    .iter()
    .any(|w| group.contains(w));
    let not_a_party = [
        "委員会",
        "委員長",
        "議会",
        "区民",
        "市民",
        "町民",
        "都民",
        "会派",
    ]
    .iter()
    .any(|w| group.ends_with(w))
        || group.contains("委員会");
    (2..=30).contains(&chars) && party_like && !not_a_party
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn groups_as_members_declare_them() {
        assert_eq!(
            declared_group("私は、日本共産党品川区議団を代表して一般質問を行います。").as_deref(),
            Some("日本共産党品川区議団")
        );
        assert_eq!(
            declared_group("品川区議会公明党を代表し、質問します。").as_deref(),
            Some("品川区議会公明党")
        );
        assert_eq!(
            declared_group("総務委員会を代表して審査の報告をいたします。"),
            None
        );
        assert_eq!(
            declared_group("区議会を代表してお祝いを申し上げます。"),
            None
        );
    }

    #[test]
    fn names_printed_in_a_sitting() {
        let text = "総務委員会\n委員長 本 多 健 信 君\n副委員長 佐 藤 弥二郎 君\n高 木 明 君\nご了承ください。\n〔区長高橋久二君登壇〕\n〔山路良成君登壇〕\n以上、よろしくお願いします君";
        assert_eq!(
            names_in_text(text),
            [
                ("本多健信", "委員長"),
                ("佐藤弥二郎", "副委員長"),
                ("高木明", "議員"),
                ("高橋久二", "区長"),
                ("山路良成", "議員"),
            ]
            .map(|(n, p)| (n.to_string(), p.to_string()))
        );
    }
}
