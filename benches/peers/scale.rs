//! The corpus as one JSON Lines file, and the larger corpora synthesized
//! from it for the cost curve.
//!
//! Copy k of a meeting is the same meeting moved 25 × k years back, with
//! `~k` added to its id: the text repeats, so the index's terms do not
//! grow as they would with new minutes (the curve says so).

use std::io::{BufWriter, Write};
use std::path::Path;

use serde_json::Value;

/// Years between two copies: more than the corpus spans (2001–2023).
const YEARS_PER_COPY: i64 = 25;

/// Writes `copies` copies of the meetings `lines` (canonical JSON Lines) to
/// `out`; returns the bytes written.
pub fn write_copies(lines: &[String], copies: usize, out: &Path) -> u64 {
    let mut file = BufWriter::new(std::fs::File::create(out).expect("create the JSON Lines file"));
    let mut bytes = 0;
    for copy in 0..copies {
        for line in lines {
            let shifted = if copy == 0 {
                line.clone()
            } else {
                shift(line, copy)
            };
            file.write_all(shifted.as_bytes()).unwrap();
            file.write_all(b"\n").unwrap();
            bytes += shifted.len() as u64 + 1;
        }
    }
    file.flush().unwrap();
    bytes
}

/// One meeting's copy `copy`: a new id, its date and title years earlier.
fn shift(line: &str, copy: usize) -> String {
    let mut meeting: Value = serde_json::from_str(line).expect("a meeting we serialized");
    let years = YEARS_PER_COPY * copy as i64;
    if let Some(id) = meeting["id"].as_str() {
        meeting["id"] = Value::from(format!("{id}~{copy}"));
    }
    let year = meeting["date"]
        .as_str()
        .and_then(|d| d.get(..4))
        .and_then(|y| y.parse::<i64>().ok());
    if let (Some(year), Some(date)) = (year, meeting["date"].as_str()) {
        let moved = format!("{:04}{}", year - years, &date[4..]);
        meeting["date"] = Value::from(moved);
        if let Some(title) = meeting["title"].as_str() {
            let retitled = title.replace(&format!("{year}年"), &format!("{}年", year - years));
            meeting["title"] = Value::from(retitled);
        }
    }
    meeting.to_string()
}
