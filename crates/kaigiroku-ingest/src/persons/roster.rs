//! The roster an operator supplies for an assembly: who its members (and,
//! if listed, officials) are, with readings, 会派, terms and seats. Where
//! a roster names a person, it wins over what the minutes suggest.
//!
//! A UTF-8 CSV file with a header row; columns by name, in any order
//! (Japanese or English), only 団体コード and 氏名 required:
//!
//! ```text
//! 団体コード,氏名,よみ,会派,任期開始,任期終了,議席,役職
//! 131091,鈴木真澄,すずきますみ,自由民主党品川区議団,2023-05-01,2027-04-30,12,議員
//! ```
//!
//! (`code,name,yomi,group,from,until,seat,post`). Dates are ISO or 和暦
//! (`令和5年5月1日`); 役職 defaults to 議員.

use std::path::Path;

use kaigiroku_core::dates::parse_date;
use serde::{Deserialize, Serialize};

/// One person of a roster.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RosterEntry {
    /// The assembly's 団体コード (6 digits) or its name.
    pub assembly: String,
    pub name: String,
    pub yomi: Option<String>,
    pub group: Option<String>,
    /// The term, ISO dates; None where open.
    pub from: Option<String>,
    pub until: Option<String>,
    pub seat: Option<String>,
    pub post: String,
}

const COLUMNS: [(&str, &str); 8] = [
    ("団体コード", "code"),
    ("氏名", "name"),
    ("よみ", "yomi"),
    ("会派", "group"),
    ("任期開始", "from"),
    ("任期終了", "until"),
    ("議席", "seat"),
    ("役職", "post"),
];

/// Reads a roster file; an error names the line and what is wrong.
pub fn read_roster(path: &Path) -> Result<Vec<RosterEntry>, String> {
    let bytes = std::fs::read(path).map_err(|err| format!("cannot read: {err}"))?;
    let text = String::from_utf8(bytes).map_err(|_| "not UTF-8".to_string())?;
    let mut lines = text
        .lines()
        .enumerate()
        .filter(|(_, l)| !l.trim().is_empty());
    let (_, header) = lines.next().ok_or("empty roster")?;
    let header = fields(header.trim_start_matches('\u{feff}'));
    let column = |wanted: usize| {
        header
            .iter()
            .position(|h| h == COLUMNS[wanted].0 || h.eq_ignore_ascii_case(COLUMNS[wanted].1))
    };
    let columns: Vec<Option<usize>> = (0..COLUMNS.len()).map(column).collect();
    let (Some(code), Some(name)) = (columns[0], columns[1]) else {
        return Err("the header must name the columns 団体コード (code) and 氏名 (name)".into());
    };
    let mut entries = Vec::new();
    for (at, line) in lines {
        let row = fields(line);
        let get = |column: Option<usize>| {
            column
                .and_then(|c| row.get(c))
                .map(|v| v.trim().to_string())
                .filter(|v| !v.is_empty())
        };
        let line_number = at + 1;
        let date = |column: Option<usize>| -> Result<Option<String>, String> {
            get(column)
                .map(|v| {
                    parse_date(&v)
                        .map(|d| d.to_iso())
                        .map_err(|err| format!("line {line_number}: {v:?}: {err}"))
                })
                .transpose()
        };
        let (Some(assembly), Some(person)) = (get(Some(code)), get(Some(name))) else {
            return Err(format!(
                "line {line_number}: 団体コード and 氏名 are required"
            ));
        };
        entries.push(RosterEntry {
            assembly,
            name: person.chars().filter(|c| !c.is_whitespace()).collect(),
            yomi: get(columns[2]),
            group: get(columns[3]),
            from: date(columns[4])?,
            until: date(columns[5])?,
            seat: get(columns[6]),
            post: get(columns[7]).unwrap_or_else(|| "議員".to_string()),
        });
    }
    Ok(entries)
}

/// The fields of one CSV line; quoted fields may hold commas and `""`.
fn fields(line: &str) -> Vec<String> {
    let mut fields = Vec::new();
    let mut field = String::new();
    let mut quoted = false;
    let mut chars = line.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '"' if quoted && chars.peek() == Some(&'"') => {
                chars.next();
                field.push('"');
            }
            '"' => quoted = !quoted,
            ',' if !quoted => fields.push(std::mem::take(&mut field)),
            c => field.push(c),
        }
    }
    fields.push(field);
    fields
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quoted_fields_and_headers_in_either_language() {
        assert_eq!(
            fields(r#"a,"b,c","say ""hi""""#),
            ["a", "b,c", r#"say "hi""#]
        );
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("r.csv");
        std::fs::write(
            &path,
            "code,name,yomi,from\n131091,鈴木　真澄,すずきますみ,令和5年5月1日\n",
        )
        .unwrap();
        let entries = read_roster(&path).unwrap();
        assert_eq!(entries[0].name, "鈴木真澄");
        assert_eq!(entries[0].from.as_deref(), Some("2023-05-01"));
        assert_eq!(entries[0].post, "議員");
        std::fs::write(&path, "name\n鈴木\n").unwrap();
        assert!(read_roster(&path).unwrap_err().contains("団体コード"));
    }
}
