//! Lines back into paragraphs. A line that reaches its column's right edge
//! goes on in the next line (on the next page or column too); a new
//! paragraph starts where the next line is indented, or the line ends
//! short. A line that opens with a speaker's mark (○◯◆◎), a 〔…〕 note or
//! a 日程 heading always starts its own line: a turn is never swallowed
//! into the speech before it.

use super::layout::{Column, Line, PageLines};
use crate::readers::council::TURN_MARKS;

/// The text of the pages, one paragraph a line.
pub fn join(pages: &[PageLines]) -> String {
    let mut text = String::new();
    let mut previous: Option<(&Line, Column)> = None;
    for page in pages {
        for line in &page.lines {
            let column = page.columns.get(line.column).copied().unwrap_or(Column {
                x0: line.x0,
                x1: line.x1,
            });
            if let Some((before, before_column)) = previous {
                if goes_on(before, before_column, line, column) {
                    let ascii_pair = text.ends_with(|c: char| c.is_ascii_alphanumeric())
                        && line.text.starts_with(|c: char| c.is_ascii_alphanumeric());
                    if ascii_pair {
                        text.push(' ');
                    }
                } else {
                    text.push('\n');
                }
            }
            text.push_str(&line.text);
            previous = Some((line, column));
        }
    }
    text.push('\n');
    text
}

/// True when `next` continues the paragraph that `line` is in.
fn goes_on(line: &Line, column: Column, next: &Line, next_column: Column) -> bool {
    let reaches_the_edge = line.x1 >= column.x1 - line.em * 1.5;
    let indented = next.x0 > next_column.x0 + next.em * 0.6;
    let opens_its_own_line = next.text.starts_with(TURN_MARKS)
        || next.text.starts_with(['〔', '【', '［'])
        || next.text.starts_with("日程第");
    let is_note = line.text.ends_with(['〕', '】']);
    reaches_the_edge && !indented && !opens_its_own_line && !is_note
}
