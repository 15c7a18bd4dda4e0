//! The one error type of the ingest crate.

use std::path::PathBuf;

/// What can stop an ingest as a whole. A bad input file is not an error of
/// the ingest: it is reported in the [`crate::Summary`] and skipped.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("{path}: no such file or folder")]
    PathMissing { path: PathBuf },
    #[error(
        "{index}: another ingest is writing this index; this one changed nothing (run it again when the other has finished)"
    )]
    IndexBusy { index: PathBuf },
    #[error(transparent)]
    Core(#[from] kaigiroku_core::Error),
    #[error("index error: {0}")]
    Index(#[from] tantivy::TantivyError),
    #[error("{path}: cannot write the census of persons: {source}")]
    Census {
        path: PathBuf,
        source: std::io::Error,
    },
}

impl Error {
    /// True when the user can fix it (a wrong path, a missing dictionary).
    pub fn is_user_error(&self) -> bool {
        match self {
            Error::PathMissing { .. } | Error::IndexBusy { .. } => true,
            Error::Core(err) => err.is_user_error(),
            Error::Index(_) | Error::Census { .. } => false,
        }
    }
}

pub type Result<T> = std::result::Result<T, Error>;
