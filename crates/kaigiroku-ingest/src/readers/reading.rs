//! What reading one file gives.

use kaigiroku_core::model::Meeting;

/// What a file held: its meetings as the format prints them, and the parts
/// that could not be read (a JSON Lines file's bad lines), which were skipped.
#[derive(Debug, Default)]
pub struct Reading {
    pub meetings: Vec<Meeting>,
    /// `line 3: …`: one entry per part skipped.
    pub skipped: Vec<String>,
}
