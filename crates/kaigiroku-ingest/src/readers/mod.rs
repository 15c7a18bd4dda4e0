//! One reader per format, chosen from the extension and the content.

mod attendance;
mod builder;
mod common;
mod corpora;
mod council;
mod discussnet;
mod docx;
mod html;
mod jsonl;
mod pdf;
mod reading;

pub(crate) use attendance::listed_person;
pub use reading::Reading;
mod kokkai;
mod seed;

use std::path::Path;

use kaigiroku_core::model::{Meeting, Outcome};
use sha2::{Digest, Sha256};

use crate::speaker::SpeakerParser;

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
    /// Minutes pages (dbsearch, gijiroku.com).
    Html,
    /// DiscussNet SSP `minute.json`.
    DiscussNet,
    /// 国会会議録 API responses, JSON.
    KokkaiJson,
    /// 国会会議録 API responses, XML.
    KokkaiXml,
    /// PDF minutes, laid out from the glyphs' positions.
    Pdf,
    /// Word minutes (.docx).
    Docx,
}

const ALL: [Format; 11] = [
    Format::SeedText,
    Format::CouncilText,
    Format::Jsonl,
    Format::Shinagawa,
    Format::PoliInfo,
    Format::Html,
    Format::DiscussNet,
    Format::KokkaiJson,
    Format::KokkaiXml,
    Format::Pdf,
    Format::Docx,
];

impl Format {
    /// The names `--format` accepts.
    pub fn names() -> Vec<&'static str> {
        ALL.iter().map(|f| f.name()).collect()
    }

    /// The name `--format` takes and [`Meeting::format`] records (except
    /// the kokkai readers', which record
    /// [`kaigiroku_core::model::ndl::DIET_FORMAT`]).
    pub fn name(self) -> &'static str {
        match self {
            Format::SeedText => "seed",
            Format::CouncilText => "council",
            Format::Jsonl => "jsonl",
            Format::Shinagawa => "shinagawa",
            Format::PoliInfo => "poliinfo",
            Format::Html => "html",
            Format::DiscussNet => "discussnet",
            Format::KokkaiJson => "kokkai-json",
            Format::KokkaiXml => "kokkai-xml",
            Format::Pdf => "pdf",
            Format::Docx => "docx",
        }
    }
}

/// A format by its [`Format::name`], as `--format` gives it.
impl std::str::FromStr for Format {
    type Err = String;

    fn from_str(name: &str) -> Result<Format, String> {
        ALL.into_iter()
            .find(|f| f.name() == name)
            .ok_or_else(|| format!("expected one of {}", Format::names().join(", ")))
    }
}

/// Extensions worth opening when walking a folder.
pub const EXTENSIONS: [&str; 10] = [
    "txt", "jsonl", "js", "json", "html", "htm", "xml", "text", "pdf", "docx",
];

/// A file's text and format: documents (PDF, Word) laid out, any other
/// file decoded ([`crate::decode`]) and its format `forced` or detected.
/// `None` for a file read together with another (DiscussNet's
/// metadata.json).
pub fn open(
    path: &Path,
    bytes: &[u8],
    forced: Option<Format>,
) -> Result<Option<(String, Format)>, String> {
    let (text, document) = decode_file(path, bytes)?;
    let format = match document.or(forced) {
        Some(format) => format,
        None => match detect(path, &text)? {
            Some(format) => format,
            None => return Ok(None),
        },
    };
    Ok(Some((text, format)))
}

/// A file's text; for documents, with the format their bytes decide.
fn decode_file(path: &Path, bytes: &[u8]) -> Result<(String, Option<Format>), String> {
    let extension = path
        .extension()
        .and_then(|e| e.to_str())
        .unwrap_or("")
        .to_ascii_lowercase();
    if extension == "pdf" || pdf::detect(bytes) {
        return Ok((pdf::text(bytes)?, Some(Format::Pdf)));
    }
    if extension == "docx" || docx::detect(bytes) {
        return Ok((docx::text(bytes)?, Some(Format::Docx)));
    }
    Ok((crate::decode::decode(bytes)?, None))
}

/// The format of a file, from its extension and content; `None` for a file
/// that is read with another (DiscussNet's metadata.json).
pub fn detect(path: &Path, text: &str) -> Result<Option<Format>, String> {
    let extension = path
        .extension()
        .and_then(|e| e.to_str())
        .unwrap_or("")
        .to_ascii_lowercase();
    let format = match extension.as_str() {
        "jsonl" => Format::Jsonl,
        "json" | "js" if discussnet::is_companion(path, text) => return Ok(None),
        "js" if corpora::detect_shinagawa(text) => Format::Shinagawa,
        "json" if corpora::detect_tokyo(text) => Format::PoliInfo,
        "json" if discussnet::detect(text) => Format::DiscussNet,
        "json" if kokkai::detect_json(text) => Format::KokkaiJson,
        "json" | "js" => {
            return Err("JSON in a shape kaigiroku does not read (expected PoliInfo, DiscussNet, kokkai API or 品川区 minutes)".into());
        }
        "xml" if kokkai::detect_xml(text) => Format::KokkaiXml,
        "xml" => return Err("XML that is not a kokkai API response".into()),
        _ if html::detect(text) => Format::Html,
        _ if seed::detect(text) => Format::SeedText,
        _ if council::detect(text) => Format::CouncilText,
        _ => return Err("no speaker turns found (not minutes in a known layout)".into()),
    };
    Ok(Some(format))
}

/// Changes whenever readers or [`complete`] read the same file differently;
/// part of each meeting's source digest, so re-ingest reads files again.
pub const RECORD_VERSION: &str = "kaigiroku-record/6";

/// Reads the meetings in one decoded file and completes them
/// ([`complete`]), with the parts that could not be read.
pub fn read(
    path: &Path,
    text: &str,
    format: Format,
    speakers: &SpeakerParser,
) -> Result<Reading, String> {
    let mut reading = parse(path, text, format)?;
    for meeting in &mut reading.meetings {
        complete(meeting, speakers);
    }
    Ok(reading)
}

/// What a meeting read from `path` holds before its reader fills it in.
pub fn template(path: &Path, format: Format) -> Meeting {
    Meeting {
        id: id_from_path(path),
        source: path.display().to_string(),
        format: format.name().to_string(),
        ..Meeting::default()
    }
}

/// The meetings of some lines of a JSON Lines file, numbered from
/// `first_line` (1 for the file's first): a large file is read a piece at
/// a time, by whichever thread is free.
pub fn read_lines(text: &str, template: &Meeting, first_line: usize) -> Reading {
    jsonl::read_from(text, template, first_line)
}

/// Reads the meetings in one decoded file as its format prints them; the
/// file is refused whole only when nothing in it can be read.
pub fn parse(path: &Path, text: &str, format: Format) -> Result<Reading, String> {
    let template = template(path, format);
    let mut skipped = Vec::new();
    let meetings = match format {
        Format::SeedText => vec![seed::read(text, template)?],
        // Documents are council text once laid out.
        Format::CouncilText | Format::Pdf | Format::Docx => vec![council::read(text, template)?],
        Format::Jsonl => {
            let read = jsonl::read(text, &template);
            skipped = read.skipped;
            read.meetings
        }
        Format::Shinagawa => corpora::read_shinagawa(text, template)?,
        Format::PoliInfo => corpora::read_tokyo(text, template)?,
        Format::Html => vec![html::read(text, template)?],
        Format::DiscussNet => vec![discussnet::read(path, text, template)?],
        Format::KokkaiJson => kokkai::read_json(text)?,
        Format::KokkaiXml => kokkai::read_xml(text)?,
    };
    if meetings.iter().all(|m| m.speeches.is_empty()) {
        return Err(match skipped.first() {
            Some(first) => format!("no meeting could be read ({first})"),
            None => "no speeches found".into(),
        });
    }
    Ok(Reading { meetings, skipped })
}

/// Completes a meeting as read: the municipality from the national list,
/// speakers taken apart with `speakers` and keyed per assembly, and the
/// agenda read from the minutes.
pub fn complete(meeting: &mut Meeting, speakers: &SpeakerParser) {
    complete_speakers(meeting, speakers);
    name_outcomes(meeting);
    crate::agenda::complete(meeting);
    crate::agenda::assign_bills(meeting);
}

/// The part of [`complete`] that persons are resolved from: the
/// municipality, the attendance list a header prints, and the speakers
/// taken apart and keyed by their names within this meeting (an ingest
/// then resolves the keys across meetings, [`crate::persons::assign`]).
pub fn complete_speakers(meeting: &mut Meeting, speakers: &SpeakerParser) {
    resolve_municipality(meeting);
    if meeting.attendees.is_empty() {
        meeting.attendees = attendance::attendees_in_header(meeting);
    }
    speakers.complete(meeting);
    crate::speaker::assign_keys(meeting);
}

/// Outcomes in the words users filter by: a phrase that ends with one
/// (原案可決, given in a JSON Lines record) becomes that word; a phrase
/// that ends with none is kept as printed.
fn name_outcomes(meeting: &mut Meeting) {
    for item in &mut meeting.agenda {
        if let Some(outcome) = item.outcome.as_mut()
            && Outcome::parse(outcome).is_none()
            && let Some(known) = Outcome::ending(outcome)
        {
            *outcome = known.as_str().to_string();
        }
    }
}

/// The municipality as a name of the national list with its code. A code
/// given (canonical JSON Lines) names it; a name a reader inferred and the
/// list does not hold is dropped rather than kept as a fragment of text,
/// while one a user supplied is kept. The Diet's houses are not on the list.
fn resolve_municipality(meeting: &mut Meeting) {
    let list = crate::municipality::Municipalities::bundled();
    if let Some(found) = meeting
        .municipality_code
        .as_deref()
        .and_then(|c| list.by_code(c))
    {
        meeting.municipality = found.name.clone();
        return;
    }
    meeting.municipality_code = None;
    if meeting.municipality.is_empty()
        || ["衆議院", "参議院"].contains(&meeting.municipality.as_str())
    {
        return;
    }
    match list
        .lookup(&meeting.municipality)
        .or_else(|| list.name_at_start(&meeting.municipality))
    {
        Some(found) => {
            meeting.municipality = found.name.clone();
            meeting.municipality_code = Some(found.code.clone());
        }
        None if meeting.format == Format::Jsonl.name() => {}
        None => meeting.municipality.clear(),
    }
}

/// A stable id from the file's folder and name: the same file gives the same
/// id on every ingest, wherever the path starts.
pub fn id_from_path(path: &Path) -> String {
    let stem = path.file_stem().map_or("meeting".into(), name_text);
    let parent = path
        .parent()
        .and_then(|p| p.file_name())
        .map_or(String::new(), name_text);
    let key = if parent.is_empty() {
        stem
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

/// A file name as text; bytes that are not UTF-8 are kept as `%XX`, so
/// that two names differing only in them still give two ids.
fn name_text(name: &std::ffi::OsStr) -> String {
    let mut text = String::new();
    for chunk in name.as_encoded_bytes().utf8_chunks() {
        text.push_str(chunk.valid());
        for byte in chunk.invalid() {
            text.push_str(&format!("%{byte:02X}"));
        }
    }
    text
}

#[cfg(test)]
mod tests {
    use std::ffi::OsStr;
    use std::os::unix::ffi::OsStrExt;

    use super::*;

    #[test]
    fn file_names_that_are_not_utf8_still_give_distinct_ids() {
        let id = |name: &[u8]| id_from_path(&Path::new("d").join(OsStr::from_bytes(name)));
        let ids = [id(b"\xff-a.txt"), id(b"\xfe-a.txt"), id(b"\xff-b.txt")];
        assert!(ids.iter().all(|id| id.starts_with("m-")), "{ids:?}");
        assert!(ids[0] != ids[1] && ids[0] != ids[2] && ids[1] != ids[2]);
        assert_eq!(id(b"plain.txt"), "d-plain");
    }
}
