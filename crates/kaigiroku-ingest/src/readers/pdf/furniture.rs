//! Page furniture: what a page prints around the minutes. Page numbers
//! (「－ 12 －」, 「- 12 -」, 「12/56」), running heads (「令和６年第１回定例会」)
//! and a browser's print header and URL footer are taken out; they sit in
//! the first or last rows of a page, and all but page numbers repeat from
//! page to page.

use std::collections::HashMap;

use kaigiroku_core::analysis::{ascii_digit, is_digit};

use super::layout::{Line, PageLines, edges};

/// Rows at each end of a page that may be furniture.
const END_ROWS: usize = 2;

/// Removes the furniture of every page in place.
pub fn remove(pages: &mut [PageLines]) {
    let candidates: Vec<Vec<usize>> = pages.iter().map(|p| end_rows(&p.lines)).collect();
    // How many pages print each candidate, its digits set aside.
    let mut pages_with: HashMap<String, usize> = HashMap::new();
    for (page, found) in pages.iter().zip(&candidates) {
        let mut keys: Vec<String> = found.iter().map(|&i| key(&page.lines[i].text)).collect();
        keys.sort();
        keys.dedup();
        for key in keys {
            *pages_with.entry(key).or_default() += 1;
        }
    }
    let repeated = pages.len().div_ceil(2).max(2);
    for (page, found) in pages.iter_mut().zip(candidates) {
        let furniture: Vec<usize> = found
            .into_iter()
            .filter(|&i| {
                let text = &page.lines[i].text;
                is_page_number(text)
                    || is_url(text)
                    || pages_with.get(&key(text)).is_some_and(|&n| n >= repeated)
            })
            .collect();
        if furniture.is_empty() {
            continue;
        }
        let mut index = 0;
        page.lines.retain(|_| {
            index += 1;
            !furniture.contains(&(index - 1))
        });
        for (column, edge) in page.columns.iter_mut().enumerate() {
            let lines: Vec<Line> = page
                .lines
                .iter()
                .filter(|l| l.column == column)
                .cloned()
                .collect();
            *edge = edges(&lines);
        }
    }
}

/// The lines in the top and bottom [`END_ROWS`] rows of a page.
fn end_rows(lines: &[Line]) -> Vec<usize> {
    let mut tops: Vec<f64> = lines.iter().map(|l| l.y0).collect();
    tops.sort_by(f64::total_cmp);
    tops.dedup_by(|a, b| (*a - *b).abs() < 2.0);
    if tops.len() <= END_ROWS * 2 {
        return (0..lines.len()).collect();
    }
    let first = tops[END_ROWS - 1] + 1.0;
    let last = tops[tops.len() - END_ROWS] - 1.0;
    (0..lines.len())
        .filter(|&i| lines[i].y0 <= first || lines[i].y0 >= last)
        .collect()
}

/// The text with its digits as `#` and no spaces: a running head or a
/// print header is the same on every page but for its numbers.
fn key(text: &str) -> String {
    text.chars()
        .filter(|c| !c.is_whitespace())
        .map(|c| if is_digit(c) { '#' } else { c })
        .collect()
}

/// 「－ 12 －」, 「- 12 -」, 「12/56」, 「(12)」, 「12ページ」, 「P.12」, 「12」.
pub fn is_page_number(text: &str) -> bool {
    const DASHES: &[char] = &[
        '-', '－', '−', '―', '—', '–', '‐', 'ー', '─', '(', ')', '（', '）', '[', ']', '〔', '〕',
    ];
    let compact: String = text.chars().filter(|c| !c.is_whitespace()).collect();
    let inner = compact.trim_matches(DASHES);
    let inner = inner
        .strip_suffix("ページ")
        .or_else(|| inner.strip_suffix('頁'))
        .or_else(|| inner.strip_prefix("P."))
        .or_else(|| inner.strip_prefix("p."))
        .unwrap_or(inner);
    let digits = |s: &str| !s.is_empty() && s.chars().all(is_digit);
    match inner.split_once(['/', '／']) {
        Some((page, of)) => {
            digits(page)
                && digits(of)
                && number(page) <= number(of)
                && !compact.contains(['(', '（'])
        }
        None => digits(inner) && inner.chars().count() <= 3,
    }
}

fn number(digits: &str) -> u64 {
    digits
        .chars()
        .map(ascii_digit)
        .collect::<String>()
        .parse()
        .unwrap_or(u64::MAX)
}

/// A browser's URL footer: 「https://…/minutes.html」, 「file:///…」.
fn is_url(text: &str) -> bool {
    let text = text.trim();
    ["http://", "https://", "file://"]
        .iter()
        .any(|scheme| text.starts_with(scheme))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn page_numbers_in_the_forms_minutes_print() {
        for number in [
            "－ 12 －",
            "- 12 -",
            "12/56",
            "１２／５６",
            "（12）",
            "12ページ",
            "3",
            "― ３ ―",
        ] {
            assert!(is_page_number(number), "{number}");
        }
        for text in [
            "令和６年",
            "議案第１号",
            "56/12",
            "2024",
            "12345",
            "（３）補正予算",
        ] {
            assert!(!is_page_number(text), "{text}");
        }
    }
}
