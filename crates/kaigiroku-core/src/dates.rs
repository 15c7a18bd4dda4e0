//! Dates as minutes print them: 和暦 with kanji or full-width numbers, the
//! short forms `R4.1.26`, and Western `2022/1/26`, to one ISO date.
//!
//! ```
//! use kaigiroku_core::dates::parse_date;
//! assert_eq!(parse_date("令和四年一月二十六日").unwrap().to_iso(), "2022-01-26");
//! assert_eq!(parse_date("令和元年").unwrap().to_iso(), "2019");
//! assert!(parse_date("令和4年2月30日").is_err());
//! ```

use crate::analysis::{kanji_to_digits, normalize};
use crate::error::{Error, Result};

/// A calendar date, as precise as the input: a year, a month, or a day.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct PartialDate {
    pub year: i32,
    pub month: Option<u32>,
    pub day: Option<u32>,
}

/// A day (year, month, day), as ordered tuples compare.
pub type Day = (i32, u32, u32);

struct Era {
    names: [&'static str; 2],
    first: Day,
    last: Day,
}

const ERAS: [Era; 5] = [
    Era {
        names: ["令和", "r"],
        first: (2019, 5, 1),
        last: (9999, 12, 31),
    },
    Era {
        names: ["平成", "h"],
        first: (1989, 1, 8),
        last: (2019, 4, 30),
    },
    Era {
        names: ["昭和", "s"],
        first: (1926, 12, 25),
        last: (1989, 1, 7),
    },
    Era {
        names: ["大正", "t"],
        first: (1912, 7, 30),
        last: (1926, 12, 24),
    },
    Era {
        names: ["明治", "m"],
        first: (1868, 1, 25),
        last: (1912, 7, 29),
    },
];

impl PartialDate {
    /// `2022-01-26`, `2022-01` or `2022`.
    pub fn to_iso(&self) -> String {
        match (self.month, self.day) {
            (Some(month), Some(day)) => format!("{:04}-{month:02}-{day:02}", self.year),
            (Some(month), None) => format!("{:04}-{month:02}", self.year),
            _ => format!("{:04}", self.year),
        }
    }

    /// The first day the date covers (2022 → 2022-01-01).
    pub fn first_day(&self) -> Day {
        (self.year, self.month.unwrap_or(1), self.day.unwrap_or(1))
    }

    /// The last day the date covers (2022-02 → 2022-02-28).
    pub fn last_day(&self) -> Day {
        let month = self.month.unwrap_or(12);
        (
            self.year,
            month,
            self.day.unwrap_or_else(|| days_in_month(self.year, month)),
        )
    }
}

/// The number a day is indexed and compared as: 2022-01-26 → 20220126.
/// Takes the fields of a [`Day`], so `let (y, m, d) = date.first_day();
/// key_of(y, m, d)` bounds a range.
pub fn key_of(year: i32, month: u32, day: u32) -> u64 {
    // Years before 1 never parse; clamp rather than wrap.
    year.max(0) as u64 * 10_000 + month as u64 * 100 + day as u64
}

/// The key of an ISO date as meetings store it ([`key_of`]): 2022-01-26 →
/// 20220126; a month or a year alone keeps its zeros (2022-01 → 20220100);
/// 0 when there is no date.
pub fn date_key(iso: &str) -> u64 {
    let digits: String = iso.chars().filter(char::is_ascii_digit).collect();
    match digits.len() {
        8 => digits.parse().unwrap_or(0),
        6 => digits.parse::<u64>().map_or(0, |d| d * 100),
        4 => digits.parse::<u64>().map_or(0, |d| d * 10_000),
        _ => 0,
    }
}

/// Parses a date; the whole input must be one date (a trailing weekday such
/// as `(水)` is allowed). Impossible dates are errors, never guesses.
pub fn parse_date(input: &str) -> Result<PartialDate> {
    let invalid = |reason: &str| Error::InvalidDate {
        input: input.to_string(),
        reason: reason.to_string(),
    };
    let normalized = normalize(input).text;
    let compact: String = normalized.chars().filter(|c| !c.is_whitespace()).collect();
    let text = strip_weekday(&compact);
    if text.is_empty() {
        return Err(invalid("空です"));
    }

    let mut rest = text;
    let era = ERAS.iter().find_map(|era| {
        era.names
            .iter()
            .find_map(|name| rest.strip_prefix(name))
            .map(|after| (era, after))
    });
    if let Some((_, after)) = era {
        rest = after;
    }
    let (year, after) = number(rest, era.is_some()).ok_or_else(|| invalid("年がありません"))?;
    rest = after;
    let mut fields = vec![year];
    let mut units = vec![];
    while let Some((unit, after)) = separator(rest) {
        units.push(unit);
        rest = after;
        if rest.is_empty() {
            break;
        }
        let (value, after) = number(rest, false).ok_or_else(|| invalid("数字がありません"))?;
        fields.push(value);
        rest = after;
    }
    if !rest.is_empty() || fields.len() > 3 {
        return Err(invalid("日付でない文字があります"));
    }
    if units
        .iter()
        .any(|&unit| unit == '年' || unit == '月' || unit == '日')
        && !units
            .iter()
            .zip(['年', '月', '日'])
            .all(|(&unit, expected)| unit == expected)
    {
        return Err(invalid("年・月・日の順になっていません"));
    }

    let year = match era {
        Some((era, _)) => {
            if fields[0] == 0 {
                return Err(invalid("元号の年は元年（1年）からです"));
            }
            era.first.0 + fields[0] as i32 - 1
        }
        None => i32::try_from(fields[0]).map_err(|_| invalid("年が範囲外です"))?,
    };
    if !(1..=9999).contains(&year) {
        return Err(invalid("年が範囲外です"));
    }
    let month = fields.get(1).map(|&m| m as u32);
    let day = fields.get(2).map(|&d| d as u32);
    if let Some(month) = month
        && !(1..=12).contains(&month)
    {
        return Err(invalid("その月はありません"));
    }
    if let (Some(month), Some(day)) = (month, day)
        && !(1..=days_in_month(year, month)).contains(&day)
    {
        return Err(invalid("その月にその日はありません"));
    }
    let date = PartialDate { year, month, day };
    if let Some((era, _)) = era
        && (date.last_day() < era.first || date.first_day() > era.last)
    {
        return Err(invalid("その元号の期間外です"));
    }
    Ok(date)
}

/// A number at the start of `text`: Arabic digits, kanji numerals, or 元
/// (the first year of an era) when `allow_gan` is set.
fn number(text: &str, allow_gan: bool) -> Option<(u64, &str)> {
    if allow_gan && let Some(rest) = text.strip_prefix('元') {
        return Some((1, rest));
    }
    let digits_end = text
        .find(|c: char| !c.is_ascii_digit())
        .unwrap_or(text.len());
    if digits_end > 0 {
        return Some((text[..digits_end].parse().ok()?, &text[digits_end..]));
    }
    let kanji_end = text
        .char_indices()
        .find(|(_, c)| !crate::analysis::is_kanji_numeral(*c))
        .map_or(text.len(), |(index, _)| index);
    let value = kanji_to_digits(&text[..kanji_end])?.parse().ok()?;
    Some((value, &text[kanji_end..]))
}

fn separator(text: &str) -> Option<(char, &str)> {
    let c = text.chars().next()?;
    matches!(c, '年' | '月' | '日' | '.' | '/' | '-').then(|| (c, &text[c.len_utf8()..]))
}

fn strip_weekday(text: &str) -> &str {
    if let Some(open) = text.rfind('(')
        && text.ends_with(')')
    {
        let inside = &text[open + 1..text.len() - 1];
        if inside.starts_with(['月', '火', '水', '木', '金', '土', '日'])
            && inside.chars().count() <= 3
        {
            return &text[..open];
        }
    }
    text
}

fn days_in_month(year: i32, month: u32) -> u32 {
    match month {
        2 if (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_as_printed_parse_to_iso() {
        let cases = [
            ("令和4年1月26日", "2022-01-26"),
            ("令和４年１月２６日", "2022-01-26"),
            ("令和四年一月二十六日", "2022-01-26"),
            ("令和 7年 2月17日", "2025-02-17"),
            ("令和4年1月26日(水)", "2022-01-26"),
            ("平成十三年五月二十五日", "2001-05-25"),
            ("平成31年4月30日", "2019-04-30"),
            ("令和元年", "2019"),
            ("令和元年5月1日", "2019-05-01"),
            ("昭和二十二年十二月九日", "1947-12-09"),
            ("大正15年12月24日", "1926-12-24"),
            ("R4.1.26", "2022-01-26"),
            ("H13.5.25", "2001-05-25"),
            ("R4.1", "2022-01"),
            ("令和4年", "2022"),
            ("2022/1/26", "2022-01-26"),
            ("2022-01-26", "2022-01-26"),
            ("２０２２年１月２６日", "2022-01-26"),
            ("2024/2/29", "2024-02-29"),
        ];
        for (input, iso) in cases {
            assert_eq!(
                parse_date(input).map(|d| d.to_iso()).ok().as_deref(),
                Some(iso),
                "{input}"
            );
        }
    }

    #[test]
    fn impossible_dates_are_errors() {
        for input in [
            "令和4年2月30日",
            "2023/2/29",
            "令和0年",
            "令和元年4月1日",
            "平成32年",
            "平成31年5月1日",
            "2022/13/1",
            "令和4年1月26日ごろ",
            "",
            "あした",
            "令和",
        ] {
            assert!(parse_date(input).is_err(), "{input} should be an error");
        }
    }

    #[test]
    fn ranges_cover_the_whole_period() {
        let date = parse_date("令和4年2月").unwrap();
        assert_eq!(date.first_day(), (2022, 2, 1));
        assert_eq!(date.last_day(), (2022, 2, 28));
        let (y, m, d) = date.first_day();
        assert_eq!(key_of(y, m, d), 20220201);
        let (y, m, d) = date.last_day();
        assert_eq!(key_of(y, m, d), 20220228);
    }

    #[test]
    fn date_keys_of_stored_dates() {
        let cases = [
            ("2022-01-26", 20220126),
            ("2022-01", 20220100),
            ("2022", 20220000),
            ("", 0),
            ("令和4年", 0),
            ("2022-1-26", 0),
        ];
        for (iso, key) in cases {
            assert_eq!(date_key(iso), key, "{iso:?}");
        }
        let date = parse_date("令和4年1月26日").unwrap();
        let (y, m, d) = date.first_day();
        assert_eq!(date_key(&date.to_iso()), key_of(y, m, d));
    }
}
