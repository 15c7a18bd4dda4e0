//! Small text helpers shared by the readers.

use kaigiroku_core::analysis::is_digit;
use kaigiroku_core::analysis::normalize;
use kaigiroku_core::model::Outcome;

/// `text` without any whitespace (letter-spaced keys such as `議 題`).
pub fn compact(text: &str) -> String {
    text.chars().filter(|c| !c.is_whitespace()).collect()
}

/// `議案（1）情報システム…` → (`議案（1）`, `情報システム…`); also 報告事項,
/// 協議事項 and 審議事項, with full- or half-width brackets.
pub fn agenda_heading(line: &str) -> Option<(String, String)> {
    const KINDS: [&str; 5] = ["議案", "報告事項", "協議事項", "審議事項", "その他"];
    let kind = KINDS.iter().find(|k| line.starts_with(*k))?;
    let rest = &line[kind.len()..];
    let (open, close) = if rest.starts_with('（') {
        ('（', '）')
    } else {
        ('(', ')')
    };
    let inner_start = rest.strip_prefix(open)?;
    let (number, title) = inner_start.split_once(close)?;
    if number.is_empty() || !number.chars().all(is_digit) {
        return None;
    }
    Some((format!("{kind}（{number}）"), title.trim().to_string()))
}

/// The outcome of a decision line such as `—議題について案のとおり承認—`
/// (原案可決 is 可決).
pub fn decision_outcome(line: &str) -> Option<String> {
    let inner = line
        .strip_prefix(['—', '－', '―'])?
        .trim_end_matches(['—', '－', '―']);
    Outcome::ending(inner).map(|outcome| outcome.as_str().to_string())
}

/// Times printed as `11:10` or `１１：１０`, in order, as `HH:MM`.
pub fn times(text: &str) -> Vec<String> {
    let normalized = normalize(text).text;
    let bytes = normalized.as_bytes();
    let mut found = Vec::new();
    for (index, _) in normalized.match_indices(':') {
        let hours_start = (0..index)
            .rev()
            .take_while(|&i| bytes[i].is_ascii_digit())
            .last();
        let minutes: String = normalized[index + 1..]
            .chars()
            .take_while(char::is_ascii_digit)
            .collect();
        if let Some(start) = hours_start
            && minutes.len() == 2
            && let Ok(hours) = normalized[start..index].parse::<u32>()
            && hours < 30
        {
            found.push(format!("{hours:02}:{minutes}"));
        }
    }
    found
}

/// `令和3年度 第2回豊島区行政情報化推進本部` → (`豊島区`, `行政情報化推進本部`).
pub fn split_municipality(title: &str) -> (String, String) {
    let mut rest = compact(title);
    // Drop the fiscal year and the sitting number in front.
    if let Some(at) = rest.find("年度") {
        rest = rest[at + "年度".len()..].to_string();
    }
    if rest.starts_with('第')
        && let Some(at) = rest.find('回')
    {
        rest = rest[at + '回'.len_utf8()..].to_string();
    }
    let boundary = rest
        .char_indices()
        .take(6)
        .find(|(_, c)| matches!(c, '都' | '道' | '府' | '県' | '市' | '区' | '町' | '村'))
        .map(|(at, c)| at + c.len_utf8());
    match boundary {
        Some(at) if at < rest.len() => (rest[..at].to_string(), rest[at..].to_string()),
        _ => (String::new(), rest),
    }
}

/// The first 和暦 date in `text` (`令和６年２月２２日（木曜日）`), as ISO.
pub fn find_date(text: &str) -> Option<String> {
    for era in ["令和", "平成", "昭和"] {
        for (at, _) in text.match_indices(era) {
            let candidate: String = text[at..]
                .chars()
                .take_while(|c| *c != '日')
                .take(20)
                .collect();
            if let Ok(date) = kaigiroku_core::dates::parse_date(&format!("{candidate}日")) {
                return Some(date.to_iso());
            }
        }
    }
    None
}

/// HTML character references left in a text (東京都's PoliInfo JSON prints
/// ラグビーワールドカップ二〇一九&trade; and &#x2160;; DiscussNet's bodies
/// &amp;): the named ones minutes use and every numeric one. An unknown
/// name is kept as printed.
pub fn decode_entities(text: &str) -> String {
    const NAMED: [(&str, char); 6] = [
        ("amp", '&'),
        ("lt", '<'),
        ("gt", '>'),
        ("quot", '"'),
        ("apos", '\''),
        ("trade", '™'),
    ];
    /// The longest reference read, `&#x10FFFF;` without its `&`: looking no
    /// further keeps a text of many `&` and no `;` linear.
    const LONGEST: usize = 9;
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(at) = rest.find('&') {
        out.push_str(&rest[..at]);
        rest = &rest[at..];
        let end = rest[1..].bytes().take(LONGEST).position(|b| b == b';');
        let decoded = end.map(|end| &rest[1..1 + end]).and_then(|name| {
            let character = match name.strip_prefix('#') {
                Some(hex) if hex.starts_with(['x', 'X']) => u32::from_str_radix(&hex[1..], 16)
                    .ok()
                    .and_then(char::from_u32),
                Some(decimal) => decimal.parse().ok().and_then(char::from_u32),
                None => NAMED.iter().find(|(n, _)| *n == name).map(|(_, c)| *c),
            }?;
            Some((character, name.len() + 2))
        });
        match decoded {
            Some((character, length)) => {
                out.push(character);
                rest = &rest[length..];
            }
            None => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn character_references_are_decoded() {
        // As 東京都's records print them.
        assert_eq!(
            decode_entities("ラグビーワールドカップ二〇一九&trade;の開催、第&#x2160;期、A&amp;B"),
            "ラグビーワールドカップ二〇一九™の開催、第Ⅰ期、A&B"
        );
        assert_eq!(decode_entities("&#39;&lt;&gt;&quot;"), "'<>\"");
        // Not a reference: kept as printed, however far the next ;.
        assert_eq!(
            decode_entities("R&D と &unknown; と &"),
            "R&D と &unknown; と &"
        );
        assert_eq!(decode_entities("A&B 社の件;"), "A&B 社の件;");
        assert_eq!(decode_entities("&#x10FFFF;"), "\u{10FFFF}");
    }

    #[test]
    fn headings_outcomes_times_and_bodies() {
        assert_eq!(
            agenda_heading("議案（1）情報システム契約案件（4000万円以上）の本部承認について"),
            Some((
                "議案（1）".into(),
                "情報システム契約案件（4000万円以上）の本部承認について".into()
            ))
        );
        assert_eq!(
            agenda_heading("報告事項（4）LGWAN-ASP サービスの利用について")
                .unwrap()
                .0,
            "報告事項（4）"
        );
        assert_eq!(agenda_heading("議案に関して"), None);
        assert_eq!(
            decision_outcome("—議題について案のとおり承認—").as_deref(),
            Some("承認")
        );
        assert_eq!(times("令和4年1月26日(水) 11:10 ~11:59"), ["11:10", "11:59"]);
        assert_eq!(
            split_municipality("令和3年度 第2回豊島区行政情報化推進本部"),
            ("豊島区".into(), "行政情報化推進本部".into())
        );
    }
}
