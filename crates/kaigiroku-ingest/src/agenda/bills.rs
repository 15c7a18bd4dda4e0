//! Each item's bill key, so that a bill's stages in other meetings find it.

use kaigiroku_core::model::{Meeting, bill_key};

/// Gives every item that names a numbered bill its key: from its number,
/// else from its label (`第７９号議案、品川区立区民集会所条例の一部を改正する
/// 条例`, a committee taking up a bill by its number), whose title then is
/// what follows the number rather than the label again.
pub fn assign_bills(meeting: &mut Meeting) {
    let assembly = meeting.assembly().to_string();
    // Bills are numbered per session year: a sitting of 令和４年第４回定例会
    // held in January 2023 decides bills numbered in 2022.
    let session_date = session_year(&meeting.title)
        .map(|year| format!("{year}-01-01"))
        .unwrap_or_else(|| meeting.date.clone());
    for item in &mut meeting.agenda {
        let printed = item
            .number
            .clone()
            .or_else(|| numbered(&item.label).then(|| item.label.clone()));
        let Some(number) = printed else {
            continue;
        };
        item.bill = bill_key(&assembly, &number, &session_date);
        if item.bill.is_some()
            && item.number.is_none()
            && item.title == item.label
            && let Some((number, title)) = after_number(&item.label)
        {
            item.number = Some(number.to_string());
            item.title = title.to_string();
        }
    }
}

/// The year of a session its title names (`令和４年_第４回定例会`).
fn session_year(title: &str) -> Option<i32> {
    let end = title.find('年')? + '年'.len_utf8();
    let start = title.find(['令', '平', '昭'])?;
    (start < end && title[end..].contains("会"))
        .then(|| kaigiroku_core::dates::parse_date(&title[start..end]).ok())
        .flatten()
        .map(|d| d.year)
}

/// A label that opens with a bill's number: `第７９号議案、…`, `議案第５号…`.
fn numbered(label: &str) -> bool {
    let head: String = label.chars().take(12).collect();
    head.contains('号') && (head.contains("議案") || head.contains("請願") || head.contains("陳情"))
}

/// `第７９号議案、品川区立…条例` → (第７９号議案, 品川区立…条例): the number
/// and, after a comma or a space, the title.
fn after_number(label: &str) -> Option<(&str, &str)> {
    let end = label.find('号')? + '号'.len_utf8();
    let end = ["議案", "請願", "陳情"]
        .iter()
        .find_map(|kind| label[end..].starts_with(kind).then(|| end + kind.len()))
        .unwrap_or(end);
    let (number, rest) = label.split_at(end);
    let title = rest.trim_start_matches(['、', ',', ' ', '　']).trim();
    (!title.is_empty() && title.len() < rest.len()).then_some((number.trim(), title))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_label_that_is_a_number_and_a_title() {
        assert_eq!(
            after_number("第７９号議案、品川区立区民集会所条例の一部を改正する条例"),
            Some(("第７９号議案", "品川区立区民集会所条例の一部を改正する条例"))
        );
        assert_eq!(
            after_number("第１５号議案 品川区家庭的保育事業等の条例"),
            Some(("第１５号議案", "品川区家庭的保育事業等の条例"))
        );
        assert_eq!(after_number("令和５年陳情第４８号"), None);
    }
}
