//! The one error type of the core crate.

use std::path::PathBuf;

/// Errors of the analyzer, the dictionary and the index schema.
///
/// The first group is the user's to fix (a missing package, an index built by
/// another analyzer, a date that does not exist); the second are faults.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error(
        "the IPADIC source files were not found (looked in {searched}): install Debian's \
         `mecab-ipadic` package (`apt-get install -y mecab-ipadic`), or point \
         KAIGIROKU_IPADIC_SRC at a folder holding matrix.def, char.def, unk.def and the .csv files"
    )]
    DictionarySourceMissing { searched: String },
    #[error("no dictionary in {path}: run `kaigiroku dict build --dict {path}` to compile it")]
    DictionaryMissing { path: PathBuf },
    #[error(
        "the index in {path} was built with {found}, but this program analyzes with {expected}: \
         re-ingest into a fresh index (`kaigiroku ingest --rebuild …`)"
    )]
    IndexAnalyzerMismatch {
        path: PathBuf,
        found: String,
        expected: String,
    },
    #[error("no index in {path}: run `kaigiroku ingest PATH… --index {path}` first")]
    IndexMissing { path: PathBuf },
    #[error(
        "日付として読めません：「{input}」（{reason}）。「令和5年」「令和5年4月1日」「R5.4.1」「2023-04-01」のように入れてください"
    )]
    InvalidDate { input: String, reason: String },

    #[error("dictionary error in {path}: {message}")]
    Dictionary { path: PathBuf, message: String },
    #[error("io error on {path}: {source}")]
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("index error: {0}")]
    Index(#[from] tantivy::TantivyError),
}

impl Error {
    /// True when the error is the user's to fix (bad input, missing set-up),
    /// false for internal faults.
    pub fn is_user_error(&self) -> bool {
        matches!(
            self,
            Error::DictionarySourceMissing { .. }
                | Error::DictionaryMissing { .. }
                | Error::IndexAnalyzerMismatch { .. }
                | Error::IndexMissing { .. }
                | Error::InvalidDate { .. }
        )
    }

    pub(crate) fn io(path: impl Into<PathBuf>, source: std::io::Error) -> Self {
        Error::Io {
            path: path.into(),
            source,
        }
    }
}

/// Result with the core crate's [`Error`].
pub type Result<T> = std::result::Result<T, Error>;
