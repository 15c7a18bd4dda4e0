//! Glyphs to lines in reading order: rows by position, a page's two
//! columns (段組み) found from the gutter that the rows leave empty, and the
//! gaps between glyphs turned back into spaces.

use super::glyphs::{Glyph, Page};

/// One line of one column, as the reader reads it.
#[derive(Debug, Clone, PartialEq)]
pub struct Line {
    pub text: String,
    pub x0: f64,
    pub x1: f64,
    pub y0: f64,
    pub y1: f64,
    /// The line's em: the median glyph height.
    pub em: f64,
    /// Which column of its page the line is in (0 for one column).
    pub column: usize,
}

/// The left and right edges of a column, from the lines in it.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Column {
    pub x0: f64,
    pub x1: f64,
}

/// A page's lines in reading order, with the edges of each column.
#[derive(Debug, Clone, Default)]
pub struct PageLines {
    pub lines: Vec<Line>,
    pub columns: Vec<Column>,
}

/// Share of the rows that may cross a gutter: headings and running heads
/// that span both columns.
const CROSSING_ROWS: f64 = 0.35;
/// Each column of a two-column page is at least this share of the page wide
/// and holds at least this many rows: a table's narrow label column is not
/// a column of text.
const COLUMN_WIDTH: f64 = 0.3;
const COLUMN_ROWS: usize = 5;

/// The lines of a page in reading order: for two columns, the rows that
/// cross the gutter in place and, between them, the left column's lines
/// before the right's.
pub fn read_page(page: &Page) -> PageLines {
    let rows = rows(&page.glyphs);
    let Some(gutter) = gutter(&rows, page.width) else {
        let lines: Vec<Line> = rows.iter().map(|row| line(row, 0)).collect();
        let columns = vec![edges(&lines)];
        return PageLines { lines, columns };
    };
    // Punctuation hangs into the gutter (ぶら下げ): a row crosses it only
    // where a glyph stands over its middle.
    let middle = (gutter.0 + gutter.1) / 2.0;
    let mut lines = Vec::new();
    let mut left = Vec::new();
    let mut right = Vec::new();
    for row in &rows {
        if row
            .iter()
            .any(|g| g.x0 < middle - 1.0 && g.x1 > middle + 1.0)
        {
            lines.append(&mut left);
            lines.append(&mut right);
            lines.push(line(row, 0));
            continue;
        }
        let (l, r): (Vec<Glyph>, Vec<Glyph>) =
            row.iter().partition(|g| (g.x0 + g.x1) / 2.0 < middle);
        if !l.is_empty() {
            left.push(line(&l, 0));
        }
        if !r.is_empty() {
            right.push(line(&r, 1));
        }
    }
    lines.append(&mut left);
    lines.append(&mut right);
    let columns = [0, 1]
        .map(|c| {
            let in_column: Vec<Line> = lines.iter().filter(|l| l.column == c).cloned().collect();
            edges(&in_column)
        })
        .to_vec();
    PageLines { lines, columns }
}

/// Glyphs grouped into rows (top to bottom), each row left to right. A
/// glyph joins a row when its middle lies within half a glyph of the row's.
fn rows(glyphs: &[Glyph]) -> Vec<Vec<Glyph>> {
    let mut sorted = glyphs.to_vec();
    sorted.sort_by(|a, b| a.center_y().total_cmp(&b.center_y()));
    let mut rows: Vec<Vec<Glyph>> = Vec::new();
    let mut center = f64::NEG_INFINITY;
    for glyph in sorted {
        let tolerance = glyph.height().max(1.0) * 0.45;
        match rows.last_mut() {
            Some(row) if (glyph.center_y() - center).abs() <= tolerance => {
                row.push(glyph);
                center = row.iter().map(Glyph::center_y).sum::<f64>() / row.len() as f64;
            }
            _ => {
                center = glyph.center_y();
                rows.push(vec![glyph]);
            }
        }
    }
    for row in &mut rows {
        row.sort_by(|a, b| a.x0.total_cmp(&b.x0));
    }
    rows
}

/// The gutter of a two-column page, as the x-interval (from, to) that no
/// more than [`CROSSING_ROWS`] of the rows cross, with wide columns of text
/// on both sides; `None` for one column.
fn gutter(rows: &[Vec<Glyph>], width: f64) -> Option<(f64, f64)> {
    if rows.len() < 2 * COLUMN_ROWS || width <= 0.0 {
        return None;
    }
    let em = median(rows.iter().flatten().map(Glyph::height))?;
    let bins = width.ceil() as usize;
    let mut covered = vec![0usize; bins + 1];
    for row in rows {
        let mut row_bins = vec![false; bins + 1];
        for glyph in row {
            let from = glyph.x0.max(0.0).floor() as usize;
            let to = (glyph.x1.max(0.0).ceil() as usize).min(bins);
            for bin in &mut row_bins[from.min(bins)..=to] {
                *bin = true;
            }
        }
        for (count, on) in covered.iter_mut().zip(row_bins) {
            *count += usize::from(on);
        }
    }
    let limit = (rows.len() as f64 * CROSSING_ROWS) as usize;
    let middle = (width * 0.25) as usize..(width * 0.75) as usize;
    // The widest run of sparse bins in the middle half of the page.
    let mut best: Option<(usize, usize)> = None;
    let mut start = None;
    let end = middle.end.min(bins);
    for (x, &count) in covered.iter().enumerate().take(end + 1).skip(middle.start) {
        let sparse = x < end && count <= limit;
        match (sparse, start) {
            (true, None) => start = Some(x),
            (false, Some(from)) => {
                if best.is_none_or(|(a, b)| x - from > b - a) {
                    best = Some((from, x));
                }
                start = None;
            }
            _ => {}
        }
    }
    let (from, to) = best?;
    let (from, to) = (from as f64, to as f64);
    if to - from < em * 0.8 {
        return None;
    }
    let side = |keep: &dyn Fn(&Glyph) -> bool| {
        let glyphs: Vec<&Glyph> = rows.iter().flatten().filter(|g| keep(g)).collect();
        let rows_with = rows.iter().filter(|row| row.iter().any(keep)).count();
        let extent = glyphs.iter().map(|g| g.x1).fold(f64::MIN, f64::max)
            - glyphs.iter().map(|g| g.x0).fold(f64::MAX, f64::min);
        rows_with >= COLUMN_ROWS && extent >= width * COLUMN_WIDTH
    };
    let left = side(&|g: &Glyph| g.x1 <= from);
    let right = side(&|g: &Glyph| g.x0 >= to);
    (left && right).then_some((from, to))
}

/// A row's glyphs as text: a gap of half an em or more is a space
/// (U+3000 between Japanese characters, else ' ').
fn line(glyphs: &[Glyph], column: usize) -> Line {
    let em = median(glyphs.iter().map(Glyph::height)).unwrap_or(10.0);
    let mut text = String::new();
    let mut previous: Option<&Glyph> = None;
    for glyph in glyphs {
        if let Some(before) = previous
            && glyph.x0 - before.x1 >= em * 0.5
        {
            text.push(if before.ch.is_ascii() && glyph.ch.is_ascii() {
                ' '
            } else {
                '　'
            });
        }
        text.push(glyph.ch);
        previous = Some(glyph);
    }
    let fold = |f: fn(f64, f64) -> f64, start: f64, of: fn(&Glyph) -> f64| {
        glyphs.iter().map(of).fold(start, f)
    };
    Line {
        text,
        x0: fold(f64::min, f64::MAX, |g| g.x0),
        x1: fold(f64::max, f64::MIN, |g| g.x1),
        y0: fold(f64::min, f64::MAX, |g| g.y0),
        y1: fold(f64::max, f64::MIN, |g| g.y1),
        em,
        column,
    }
}

/// The edges of a column: its leftmost start, and the end that most full
/// lines reach (the 90th percentile: punctuation hanging past the edge in
/// a few lines does not move it).
pub fn edges(lines: &[Line]) -> Column {
    let mut ends: Vec<f64> = lines.iter().map(|l| l.x1).collect();
    ends.sort_by(f64::total_cmp);
    Column {
        x0: lines.iter().map(|l| l.x0).fold(f64::MAX, f64::min),
        x1: ends
            .get((ends.len() * 9 / 10).min(ends.len().saturating_sub(1)))
            .copied()
            .unwrap_or(f64::MIN),
    }
}

pub fn median(values: impl Iterator<Item = f64>) -> Option<f64> {
    let mut values: Vec<f64> = values.filter(|v| v.is_finite()).collect();
    if values.is_empty() {
        return None;
    }
    values.sort_by(f64::total_cmp);
    Some(values[values.len() / 2])
}

/// True when more glyphs touch the one below them than the one beside
/// them: vertical writing (縦書き), which this reader does not lay out.
/// (poppler's own order reads such a page across, a glyph from each line.)
pub fn is_vertical(pages: &[Page]) -> bool {
    let (mut down, mut across) = (0usize, 0usize);
    for page in pages {
        let mut glyphs = page.glyphs.clone();
        glyphs.sort_by(|a, b| {
            (a.x0 * 2.0)
                .round()
                .total_cmp(&(b.x0 * 2.0).round())
                .then(a.y0.total_cmp(&b.y0))
        });
        down += glyphs
            .windows(2)
            .filter(|p| {
                (p[1].x0 - p[0].x0).abs() < 1.0 && touches(p[1].y0 - p[0].y1, p[0].height())
            })
            .count();
        glyphs.sort_by(|a, b| {
            (a.y0 * 2.0)
                .round()
                .total_cmp(&(b.y0 * 2.0).round())
                .then(a.x0.total_cmp(&b.x0))
        });
        across += glyphs
            .windows(2)
            .filter(|p| (p[1].y0 - p[0].y0).abs() < 1.0 && touches(p[1].x0 - p[0].x1, p[0].width()))
            .count();
    }
    down + across >= 20 && down > across * 2
}

/// Two glyphs set solid: the gap between them is under a fifth of one.
fn touches(gap: f64, size: f64) -> bool {
    gap > -size * 0.2 && gap < size * 0.2
}

#[cfg(test)]
mod tests {
    use super::*;

    fn glyphs(text: &str, x: f64, y: f64) -> Vec<Glyph> {
        text.chars()
            .enumerate()
            .filter(|(_, ch)| !ch.is_whitespace())
            .map(|(i, ch)| Glyph {
                ch,
                x0: x + i as f64 * 10.0,
                y0: y,
                x1: x + i as f64 * 10.0 + 10.0,
                y1: y + 10.0,
            })
            .collect()
    }

    #[test]
    fn two_columns_read_left_then_right() {
        let mut page = Page {
            width: 360.0,
            glyphs: Vec::new(),
        };
        for row in 0..12 {
            let y = 100.0 + row as f64 * 20.0;
            page.glyphs
                .extend(glyphs(&format!("左の段の{row}行目です。続き"), 20.0, y));
            page.glyphs
                .extend(glyphs(&format!("右の段の{row}行目です。続き"), 200.0, y));
        }
        let read = read_page(&page);
        assert_eq!(read.columns.len(), 2);
        let texts: Vec<&str> = read.lines.iter().map(|l| l.text.as_str()).collect();
        assert_eq!(texts[0], "左の段の0行目です。続き");
        assert_eq!(texts[7], "左の段の7行目です。続き");
        assert_eq!(texts[12], "右の段の0行目です。続き");
    }

    #[test]
    fn a_table_with_a_narrow_label_column_stays_one_column() {
        let mut page = Page {
            width: 600.0,
            glyphs: Vec::new(),
        };
        for row in 0..12 {
            let y = 100.0 + row as f64 * 20.0;
            page.glyphs.extend(glyphs(&format!("日程第{row}"), 50.0, y));
            page.glyphs
                .extend(glyphs("議案第１号　令和６年度一般会計補正予算", 250.0, y));
        }
        let read = read_page(&page);
        assert_eq!(read.columns.len(), 1);
        assert_eq!(
            read.lines[0].text,
            "日程第0　議案第１号　令和６年度一般会計補正予算"
        );
    }
}
