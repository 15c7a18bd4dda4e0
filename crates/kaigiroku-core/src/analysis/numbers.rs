//! Kanji numerals to Arabic digits: 二十五 → 25, 四〇 → 40, 百二十六 → 126.
//!
//! Conversion is decided on whole morphemes (see `analyzer`): lindera
//! splits 九州, 一般, 統一 and 万一 as words, and only runs of numeral
//! morphemes are rewritten, which keeps those words intact.

/// Words written with numeral kanji that are not numbers. lindera usually
/// keeps them whole, but not in every context; checking the text keeps the
/// index and the query side agreeing (十分 must never become 10分 in one
/// and stay 十分 in the other).
const NOT_NUMBERS: [&str; 40] = [
    "十分", "一般", "一部", "一緒", "一層", "一方", "一体", "一定", "一応", "一切", "一旦", "一向",
    "一律", "一環", "一括", "一連", "一斉", "一貫", "一覧", "一同", "一助", "一丸", "一概", "一瞬",
    "一帯", "一見", "一生", "一気", "統一", "万一", "唯一", "同一", "均一", "単一", "画一", "随一",
    "逐一", "九州", "三菱", "千葉",
];

/// True when the numerals starting at byte `at` of `text` belong to a word
/// that is not a number (統一, 十分, 九州…).
pub fn starts_non_number_word(text: &str, at: usize) -> bool {
    let (before, after) = text.split_at(at);
    NOT_NUMBERS.iter().any(|word| {
        word.char_indices().any(|(split, _)| {
            let (prefix, suffix) = word.split_at(split);
            before.ends_with(prefix) && after.starts_with(suffix)
        })
    })
}

/// A digit as minutes print them: ASCII or full-width (０–９).
pub fn is_digit(c: char) -> bool {
    c.is_ascii_digit() || is_full_width_digit(c)
}

pub fn is_full_width_digit(c: char) -> bool {
    ('０'..='９').contains(&c)
}

/// A full-width digit as its ASCII digit; any other character as it is.
pub fn ascii_digit(c: char) -> char {
    if is_full_width_digit(c) {
        char::from_u32(c as u32 - '０' as u32 + '0' as u32).unwrap_or(c)
    } else {
        c
    }
}

/// An ASCII digit as its full-width digit; any other character as it is.
pub fn full_width_digit(c: char) -> char {
    if c.is_ascii_digit() {
        char::from_u32(c as u32 - '0' as u32 + '０' as u32).unwrap_or(c)
    } else {
        c
    }
}

/// True for the characters kanji numbers are written with.
pub fn is_kanji_numeral(c: char) -> bool {
    digit_value(c).is_some() || unit_value(c).is_some() || group_value(c).is_some()
}

fn digit_value(c: char) -> Option<u128> {
    Some(match c {
        '〇' | '零' => 0,
        '一' => 1,
        '二' => 2,
        '三' => 3,
        '四' => 4,
        '五' => 5,
        '六' => 6,
        '七' => 7,
        '八' => 8,
        '九' => 9,
        _ => return None,
    })
}

fn unit_value(c: char) -> Option<u128> {
    Some(match c {
        '十' => 10,
        '百' => 100,
        '千' => 1_000,
        _ => return None,
    })
}

fn group_value(c: char) -> Option<u128> {
    Some(match c {
        '万' => 10_u128.pow(4),
        '億' => 10_u128.pow(8),
        '兆' => 10_u128.pow(12),
        _ => return None,
    })
}

/// The digits of a kanji number, or `None` when `kanji` is not one that
/// should be rewritten (a bare 万 after Arabic digits, as in 4000万, stays).
pub fn kanji_to_digits(kanji: &str) -> Option<String> {
    if kanji.is_empty() || !kanji.chars().all(is_kanji_numeral) {
        return None;
    }
    if !kanji
        .chars()
        .any(|c| digit_value(c).is_some() || unit_value(c).is_some())
    {
        return None;
    }
    // Positional notation, as in 二〇二二 or 四〇: digit by digit.
    if kanji.chars().all(|c| digit_value(c).is_some()) {
        return Some(
            kanji
                .chars()
                .filter_map(digit_value)
                .map(|d| char::from(b'0' + d as u8))
                .collect(),
        );
    }
    let mut total: u128 = 0;
    let mut section: u128 = 0;
    let mut current: Option<u128> = None;
    for c in kanji.chars() {
        if let Some(d) = digit_value(c) {
            // 二〇万: digits without units read positionally.
            current = Some(current.map_or(d, |n| n.checked_mul(10).unwrap_or(n) + d));
        } else if let Some(unit) = unit_value(c) {
            section += current.take().unwrap_or(1) * unit;
        } else if let Some(group) = group_value(c) {
            let value = section + current.take().unwrap_or(0);
            total = total.checked_add(value.max(1).checked_mul(group)?)?;
            section = 0;
        }
    }
    Some((total + section + current.unwrap_or(0)).to_string())
}

#[cfg(test)]
mod tests {
    #[test]
    fn digits_of_either_width() {
        use super::*;
        assert!(is_digit('7') && is_digit('７') && !is_digit('七'));
        assert_eq!(
            "第１２号".chars().map(ascii_digit).collect::<String>(),
            "第12号"
        );
        assert_eq!(
            "日程第12".chars().map(full_width_digit).collect::<String>(),
            "日程第１２"
        );
    }

    use super::*;

    #[test]
    fn numbers_convert() {
        let cases = [
            ("九", Some("9")),
            ("二十五", Some("25")),
            ("百二十六", Some("126")),
            ("四〇", Some("40")),
            ("二〇二二", Some("2022")),
            ("六十七", Some("67")),
            ("十", Some("10")),
            ("千二百", Some("1200")),
            ("三千五百万", Some("35000000")),
            ("一億二千万", Some("120000000")),
            ("万", None),
            ("億", None),
            ("一般", None),
            ("", None),
        ];
        for (kanji, digits) in cases {
            assert_eq!(kanji_to_digits(kanji).as_deref(), digits, "{kanji}");
        }
    }

    #[test]
    fn words_with_numerals_are_recognized_in_context() {
        let text = "十分な統一と三十分";
        assert!(starts_non_number_word(text, 0));
        assert!(starts_non_number_word(text, text.find('一').unwrap()));
        assert!(!starts_non_number_word(text, text.find('三').unwrap()));
    }
}
