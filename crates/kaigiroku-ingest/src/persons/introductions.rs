//! Whole names a meeting prints beside a label that gives only the
//! surname: a member introducing themself (「公明党のこんの孝子です」 said by
//! `こんの委員`, 「民主党の増子博樹と申します」) and an official introduced
//! with the post (「堀越明生涯学習課長でございます」 for `堀越生涯学習課長`),
//! and a member a chair calls by whole name (「品川区議会公明党、若林広毅委員」).
//! These are how a committee's surname labels meet the names of the
//! plenary, and a member's self-introduction names their 会派.

use super::lists::looks_like_group;
use crate::speaker::is_position;

/// How a self-introduction or an introduction ends.
const ENDINGS: [&str; 4] = ["でございます", "と申します", "です", "であります"];
/// The longest given name looked for, in characters.
const GIVEN_MAX: usize = 4;
/// A self-introduction opens a speech.
const OPENING_CHARS: usize = 80;

/// The whole name (and the 会派, if said) a member gives at the opening of
/// their own speech: `surname` is the label's (`西本` of `西本委員`).
pub fn self_introduction(text: &str, surname: &str) -> Option<(String, Option<String>)> {
    let head: String = text.chars().take(OPENING_CHARS).collect();
    let mut from = 0;
    while let Some(at) = head[from..].find(surname).map(|at| at + from) {
        let after = &head[at + surname.len()..];
        if let Some(given) = given_before(after, &ENDINGS).filter(|g| is_given_name(g, "")) {
            let before = head[..at].trim_end_matches(['の', '、', '　', ' ']);
            let start = before.rfind(['、', '。', '\n', '　', ' ']).map_or(0, |i| {
                i + before[i..].chars().next().map_or(0, char::len_utf8)
            });
            let group = Some(&before[start..]).filter(|g| looks_like_group(g));
            return Some((format!("{surname}{given}"), group.map(str::to_string)));
        }
        from = at + surname.len();
    }
    None
}

/// The whole name an official of `surname` is introduced by with `post`
/// anywhere in `text`: 「堀越明生涯学習課長でございます」 or
/// 「生涯学習課長の堀越明でございます」.
pub fn introduced_official(text: &str, surname: &str, post: &str) -> Option<String> {
    let mut from = 0;
    while let Some(at) = text[from..].find(surname).map(|at| at + from) {
        let after = &text[at + surname.len()..];
        let name_then_post: Vec<String> = ENDINGS.iter().map(|e| format!("{post}{e}")).collect();
        let name_then_post: Vec<&str> = name_then_post.iter().map(String::as_str).collect();
        let post_first = text[..at]
            .strip_suffix('の')
            .or_else(|| text[..at].strip_suffix('、'))
            .is_some_and(|before| before.ends_with(post));
        let given = given_before(after, &name_then_post)
            .or_else(|| post_first.then(|| given_before(after, &ENDINGS)).flatten());
        if let Some(given) = given.filter(|g| is_given_name(g, post)) {
            return Some(format!("{surname}{given}"));
        }
        from = at + surname.len();
    }
    None
}

/// The members a chair calls by whole name and title, with the 会派 the
/// chair names first: 「次に、品川区議会公明党、若林広毅委員。」,
/// 「以上で、若林広毅委員の質疑を終わります」.
pub fn called_members(text: &str, surname: &str, title: &str) -> Vec<(String, Option<String>)> {
    let endings: Vec<String> = ["。", "、", "の", "\n"]
        .iter()
        .map(|e| format!("{title}{e}"))
        .collect();
    let endings: Vec<&str> = endings.iter().map(String::as_str).collect();
    let mut found = Vec::new();
    let mut from = 0;
    while let Some(at) = text[from..].find(surname).map(|at| at + from) {
        from = at + surname.len();
        let Some(given) = given_before(&text[from..], &endings).filter(|g| is_given_name(g, title))
        else {
            continue;
        };
        let before = text[..at].strip_suffix('、').unwrap_or("");
        let start = before.rfind(['、', '。', '\n', '　', ' ']).map_or(0, |i| {
            i + before[i..].chars().next().map_or(0, char::len_utf8)
        });
        let group = Some(&before[start..]).filter(|g| looks_like_group(g));
        found.push((format!("{surname}{given}"), group.map(str::to_string)));
    }
    found
}

/// The shortest run of name characters at the start of `text` that one of
/// `endings` follows: the given name after a surname.
fn given_before<'t>(text: &'t str, endings: &[&str]) -> Option<&'t str> {
    let mut end = 0;
    for (count, c) in text.chars().enumerate() {
        if count >= GIVEN_MAX || !is_name_char(c) {
            return None;
        }
        end += c.len_utf8();
        let rest = &text[end..];
        if endings.iter().any(|e| rest.starts_with(e)) {
            return Some(&text[..end]);
        }
    }
    None
}

/// Not a title (`西本委員です`, `高橋副課長です`) nor an honorific.
fn is_given_name(given: &str, post: &str) -> bool {
    !is_position(given)
        && !is_position(&format!("{given}{post}"))
        && !["さん", "君", "様", "氏", "先生"]
            .iter()
            .any(|h| given.ends_with(h))
}

fn is_name_char(c: char) -> bool {
    matches!(c,
        '\u{4E00}'..='\u{9FFF}' | '々' | '\u{3041}'..='\u{3096}' | '\u{30A1}'..='\u{30FA}' | 'ー')
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pair(name: &str, group: Option<&str>) -> Option<(String, Option<String>)> {
        Some((name.to_string(), group.map(str::to_string)))
    }

    #[test]
    fn members_introduce_themselves() {
        assert_eq!(
            self_introduction("公明党のこんの孝子です。よろしくお願いします。", "こんの"),
            pair("こんの孝子", Some("公明党"))
        );
        assert_eq!(
            self_introduction("無所属の会の西本貴子です。", "西本"),
            pair("西本貴子", Some("無所属の会"))
        );
        assert_eq!(
            self_introduction("先生、民主党の増子博樹と申します。", "増子"),
            pair("増子博樹", Some("民主党"))
        );
        assert_eq!(
            self_introduction("石田しんごです。", "石田"),
            pair("石田しんご", None)
        );
        // A title or an honorific is no given name.
        assert_eq!(self_introduction("西本委員です。", "西本"), None);
        assert_eq!(self_introduction("西本さんです。", "西本"), None);
        // The surname alone is no whole name.
        assert_eq!(
            self_introduction("民主党の増子でございます。", "増子"),
            None
        );
        // Later in a speech it is no introduction.
        let late = format!("{}西本貴子です", "あ".repeat(OPENING_CHARS));
        assert_eq!(self_introduction(&late, "西本"), None);
    }

    #[test]
    fn chairs_call_members_by_whole_name() {
        let text = "次に、品川区議会公明党、若林広毅委員。";
        assert_eq!(
            called_members(text, "若林", "委員"),
            [pair("若林広毅", Some("品川区議会公明党")).unwrap()]
        );
        assert_eq!(
            called_members("以上で、若林広毅委員の質疑を終わります。", "若林", "委員"),
            [pair("若林広毅", None).unwrap()]
        );
        // The chair's title, or the surname alone, is no call by name.
        assert!(
            called_members("若林副委員長、お願いします。若林委員。", "若林", "委員").is_empty()
        );
    }

    #[test]
    fn officials_are_introduced_with_their_post() {
        assert_eq!(
            introduced_official(
                "続きまして、堀越明生涯学習課長でございます。",
                "堀越",
                "生涯学習課長"
            )
            .as_deref(),
            Some("堀越明")
        );
        assert_eq!(
            introduced_official("生涯学習課長の堀越明でございます。", "堀越", "生涯学習課長")
                .as_deref(),
            Some("堀越明")
        );
        // Another post, or the surname alone, names no one.
        assert_eq!(
            introduced_official("堀越明学務課長でございます。", "堀越", "生涯学習課長"),
            None
        );
        assert_eq!(
            introduced_official("堀越生涯学習課長でございます。", "堀越", "生涯学習課長"),
            None
        );
        assert_eq!(
            introduced_official("高橋副課長でございます。", "高橋", "課長"),
            None
        );
    }
}
