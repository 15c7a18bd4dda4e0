//! One bill across its stages: the key that links its referral, its
//! committee's examination and report, and the plenary decision.
//!
//! Bills are numbered per assembly and year (第８１号議案, 議案第146号,
//! 議員提出第５号議案, 令和５年陳情第４８号, 報告第１７号); the key is the
//! kind, the number and the year: the year the number prints, else the
//! meeting's.

use crate::analysis::{kanji_to_digits, normalize};
use crate::dates::parse_date;

/// The kinds of numbered matters, longest first where one contains another.
const KINDS: [&str; 9] = [
    "議員提出議案",
    "委員会提出議案",
    "市長提出議案",
    "区長提出議案",
    "議案",
    "請願",
    "陳情",
    "報告",
    "諮問",
];

/// The key of the bill `number` names at a meeting on `date` (ISO) of
/// `assembly`: `131091:2023:議案81`. None when it names no numbered matter.
pub fn bill_key(assembly: &str, number: &str, date: &str) -> Option<String> {
    if assembly.is_empty() {
        return None;
    }
    let text: String = normalize(number)
        .text
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect();
    let kind = KINDS.iter().find(|kind| {
        let bare = kind.trim_end_matches("議案");
        // 議員提出第５号議案 prints its kind around the number.
        text.contains(*kind) || (!bare.is_empty() && text.contains(bare) && text.contains("議案"))
    })?;
    let digits = number_in(&text)?;
    let year = era_year(&text).or_else(|| date.get(..4)?.parse().ok())?;
    Some(format!("{assembly}:{year}:{kind}{digits}"))
}

/// The number after 第 (`第81号`, `第八十一号`), without leading zeros.
fn number_in(text: &str) -> Option<u32> {
    let after = text.split('第').skip(1).find_map(|rest| {
        let number: String = rest.chars().take_while(|c| *c != '号').collect();
        (number.len() < rest.len() && !number.is_empty()).then_some(number)
    })?;
    let digits = if after.chars().all(|c| c.is_ascii_digit()) {
        after
    } else {
        kanji_to_digits(&after)?
    };
    digits.parse().ok()
}

/// The year a number prints (`令和５年陳情第４８号` → 2023).
fn era_year(text: &str) -> Option<i32> {
    let end = text.find('年')?;
    let head = &text[..end + '年'.len_utf8()];
    let start = head
        .char_indices()
        .find(|(_, c)| "明大昭平令".contains(*c))?
        .0;
    parse_date(&head[start..]).ok().map(|d| d.year)
}

/// An item's title as stages of one bill share it: normalized, spaces
/// removed, and a committee's share (`（歳出 区民委員会所管分）`) left out:
/// `令和５年度品川区一般会計補正予算` at every stage.
pub fn title_key(title: &str) -> String {
    let text: String = normalize(title)
        .text
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect();
    match text.find('(') {
        Some(open) if text[open..].contains("所管") => text[..open].to_string(),
        _ => text,
    }
}

/// The kind of matter a title names, for precedents of the same kind:
/// a supplementary budget's precedents are supplementary budgets, not the
/// year's budget; None for procedure (会期の決定, 視察, その他) and titles
/// of no known kind.
pub fn matter_kind(title: &str) -> Option<&'static str> {
    MATTER_KINDS
        .iter()
        .find(|(_, words)| words.iter().any(|w| title.contains(w)))
        .map(|(kind, _)| *kind)
}

/// True for a word that names a kind of matter (陳情, 契約, 同意): it says
/// what kind an item is, not what it is about.
pub fn is_kind_word(word: &str) -> bool {
    MATTER_KINDS.iter().any(|(_, words)| words.contains(&word))
}

/// Each kind of matter and the words of a title that make it so, in the
/// order they are tried.
const MATTER_KINDS: [(&str, &[&str]); 11] = [
    ("意見書", &["意見書"]),
    ("決議", &["決議"]),
    ("請願・陳情", &["請願", "陳情"]),
    ("専決処分", &["専決処分"]),
    ("補正予算", &["補正予算"]),
    ("決算", &["決算"]),
    ("予算", &["予算"]),
    ("指定管理者", &["指定管理者"]),
    ("人事", &["同意", "任命", "選任", "推薦", "選挙"]),
    ("契約", &["契約", "買入れ", "取得", "処分"]),
    ("条例", &["条例"]),
];

/// The account a budget's title is for, the assembly and the kind of
/// account left out so that a name's changes over the years meet:
/// `平成19年度品川区国民健康保険事業会計補正予算` → `国民健康保険`,
/// `令和５年度品川区一般会計補正予算（歳出 区民委員会所管分）` → `一般`.
pub fn account_of(title: &str) -> Option<String> {
    let end = title.find("会計")?;
    let before = &title[..end];
    let start = before
        .rfind([
            '区', '市', '町', '村', '都', '道', '府', '県', '度', '、', '（',
        ])
        .map_or(0, |at| {
            at + before[at..].chars().next().map_or(0, char::len_utf8)
        });
    let account = before[start..]
        .trim_end_matches("特別")
        .trim_end_matches("事業")
        .trim();
    (!account.is_empty()).then(|| account.to_string())
}

/// The ordinance a bill's title amends, enacts or repeals, as printed:
/// `品川区立保育所条例の一部を改正する条例` → `品川区立保育所条例`,
/// `品川区児童相談所設置条例` → itself. None for a title with no ordinance.
pub fn ordinance_of(title: &str) -> Option<String> {
    let title = title.trim();
    let end = title.find("条例")? + "条例".len();
    let name = &title[..end];
    // The ordinance named first, not a list (…条例等) or a stray word,
    // nor the bill's number before it (「第７９号議案、品川区…条例」); a
    // comma inside a name stays (学校教育職員の勤務時間、休日、休暇等に関する条例).
    let name = name.rsplit(['（', '「']).next().unwrap_or(name);
    let name = match name.split_once(['、', '，']) {
        Some((number, rest)) if number.contains('号') => rest,
        _ => name,
    };
    let words = name.trim_end_matches("条例").chars().count();
    (words >= 3 && !name.ends_with("関係条例")).then(|| name.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stages_of_a_budget_share_a_title() {
        assert_eq!(
            title_key("令和５年度品川区一般会計補正予算（歳出　区民委員会所管分）"),
            title_key("令和５年度品川区一般会計補正予算")
        );
        assert_ne!(
            title_key("指定管理者の指定について（児童センター）"),
            title_key("指定管理者の指定について")
        );
    }

    #[test]
    fn the_account_a_budget_is_for() {
        assert_eq!(
            account_of("平成19年度品川区国民健康保険事業会計補正予算").as_deref(),
            Some("国民健康保険")
        );
        assert_eq!(
            account_of("令和５年度品川区国民健康保険特別会計補正予算").as_deref(),
            Some("国民健康保険")
        );
        assert_eq!(
            account_of("令和５年度品川区一般会計補正予算（歳出　区民委員会所管分）").as_deref(),
            Some("一般")
        );
        assert_eq!(
            account_of("令和５年度品川区後期高齢者医療特別会計予算").as_deref(),
            Some("後期高齢者医療")
        );
        assert_eq!(account_of("品川区立保育所条例の一部を改正する条例"), None);
    }

    #[test]
    fn the_ordinance_a_bill_touches() {
        let of = |t: &str| ordinance_of(t);
        assert_eq!(
            of("品川区立保育所条例の一部を改正する条例").as_deref(),
            Some("品川区立保育所条例")
        );
        assert_eq!(
            of("品川区児童相談所設置条例").as_deref(),
            Some("品川区児童相談所設置条例")
        );
        assert_eq!(
            of("品川区職員の給与に関する条例等の一部を改正する条例").as_deref(),
            Some("品川区職員の給与に関する条例")
        );
        assert_eq!(
            of("第７９号議案、品川区立保育所条例の一部を改正する条例").as_deref(),
            Some("品川区立保育所条例")
        );
        // Not the last words of a name with commas in it: another ordinance
        // ends the same way.
        assert_eq!(
            of("学校教育職員の勤務時間、休日、休暇等に関する条例").as_deref(),
            Some("学校教育職員の勤務時間、休日、休暇等に関する条例")
        );
        assert_ne!(
            of("職員の勤務時間、休日、休暇等に関する条例の一部を改正する条例"),
            of("学校教育職員の勤務時間、休日、休暇等に関する条例")
        );
        assert_eq!(of("指定管理者の指定について"), None);
        assert_eq!(
            of("地方公務員法の改正に伴う関係条例の整備に関する条例"),
            None
        );
    }

    #[test]
    fn one_bill_however_its_number_is_printed() {
        let key = |n: &str| bill_key("131091", n, "2023-12-06");
        assert_eq!(key("第81号議案").as_deref(), Some("131091:2023:議案81"));
        assert_eq!(key("第８１号議案"), key("第81号議案"));
        assert_eq!(key("議案第81号"), key("第81号議案"));
        assert_eq!(key("第八十一号議案"), key("第81号議案"));
        assert_eq!(
            key("議員提出第５号議案").as_deref(),
            Some("131091:2023:議員提出議案5")
        );
        assert_eq!(
            key("令和５年陳情第４８号").as_deref(),
            Some("131091:2023:陳情48")
        );
        assert_eq!(
            bill_key("131091", "令和４年請願第２号", "2023-02-01").as_deref(),
            Some("131091:2022:請願2")
        );
        assert_eq!(key("報告第１７号").as_deref(), Some("131091:2023:報告17"));
        assert_eq!(key("一般質問"), None);
        assert_eq!(bill_key("", "第81号議案", "2023-12-06"), None);
    }
}
