//! One reader per format, chosen from the extension and the content.

mod builder;
mod common;
mod corpora;
mod council;
mod jsonl;
mod seed;

use std::path::Path;

use kaigiroku_core::model::Meeting;
use sha2::{Digest, Sha256};

/// The formats kaigiroku reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// Tab-separated header table and `本部長：…` turns (the seed).
    SeedText,
    /// ○-marked council turns.
    CouncilText,
    /// Canonical JSON Lines.
    Jsonl,
    /// 品川区議会 `registerMinutes(…)` files.
    Shinagawa,
    /// 東京都議会 PoliInfo JSON.
    PoliInfo,
}

impl Format {
    pub const NAMES: [&str; 5] = ["seed", "council", "jsonl", "shinagawa", "poliinfo"];

    pub fn name(self) -> &'static str {
        match self {
            Format::SeedText => "seed",
            Format::CouncilText => "council",
            Format::Jsonl => "jsonl",
            Format::Shinagawa => "shinagawa",
            Format::PoliInfo => "poliinfo",
        }
    }

    pub fn parse(name: &str) -> Option<Format> {
        [
            Format::SeedText,
            Format::CouncilText,
            Format::Jsonl,
            Format::Shinagawa,
            Format::PoliInfo,
        ]
        .into_iter()
        .find(|f| f.name() == name)
    }
}

/// Extensions worth opening when walking a folder.
pub const EXTENSIONS: [&str; 4] = ["txt", "jsonl", "js", "json"];

/// The format of a file, from its extension and content.
pub fn detect(path: &Path, text: &str) -> Result<Format, String> {
    let extension = path
        .extension()
        .and_then(|e| e.to_str())
        .unwrap_or("")
        .to_ascii_lowercase();
    match extension.as_str() {
        "jsonl" => Ok(Format::Jsonl),
        "js" if corpora::detect_shinagawa(text) => Ok(Format::Shinagawa),
        "json" if corpora::detect_tokyo(text) => Ok(Format::PoliInfo),
        "json" | "js" => Err(
            "JSON in a shape kaigiroku does not read (expected PoliInfo or 品川区 minutes)".into(),
        ),
        _ if seed::detect(text) => Ok(Format::SeedText),
        _ if council::detect(text) => Ok(Format::CouncilText),
        _ => Err("no speaker turns found (not minutes in a known layout)".into()),
    }
}

/// Reads the meetings in one decoded file.
pub fn read(path: &Path, text: &str, format: Format) -> Result<Vec<Meeting>, String> {
    let template = Meeting {
        id: id_from_path(path),
        source: path.display().to_string(),
        format: format.name().to_string(),
        ..Meeting::default()
    };
    let meetings = match format {
        Format::SeedText => vec![seed::read(text, template)?],
        Format::CouncilText => vec![council::read(text, template)?],
        Format::Jsonl => jsonl::read(text, &template)?,
        Format::Shinagawa => corpora::read_shinagawa(text, template)?,
        Format::PoliInfo => corpora::read_tokyo(text, template)?,
    };
    if meetings.iter().all(|m| m.speeches.is_empty()) {
        return Err("no speeches found".into());
    }
    Ok(meetings)
}

/// A stable id from the file's folder and name: the same file gives the same
/// id on every ingest, wherever the path starts.
pub fn id_from_path(path: &Path) -> String {
    let stem = path
        .file_stem()
        .and_then(|s| s.to_str())
        .unwrap_or("meeting");
    let parent = path
        .parent()
        .and_then(|p| p.file_name())
        .and_then(|s| s.to_str())
        .unwrap_or("");
    let key = if parent.is_empty() {
        stem.to_string()
    } else {
        format!("{parent}-{stem}")
    };
    if key
        .chars()
        .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
    {
        key
    } else {
        let digest = Sha256::digest(key.as_bytes());
        format!("m-{}", &format!("{digest:x}")[..16])
    }
}
