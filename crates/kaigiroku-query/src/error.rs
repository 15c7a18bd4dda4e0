//! The one error type of the search engine. `InvalidParameter` and
//! `NotFound` are the caller's to fix; the rest are faults of the index.
//! The server maps them to statuses.

use std::borrow::Cow;

#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// A bad parameter: the client's to fix.
    #[error("{parameter}: {message}")]
    InvalidParameter {
        parameter: Cow<'static, str>,
        message: String,
    },
    #[error("見つかりません：{0}")]
    NotFound(String),
    #[error(transparent)]
    Core(#[from] kaigiroku_core::Error),
    #[error("索引を読めませんでした：{0}")]
    Index(#[from] tantivy::TantivyError),
    /// The index holds something the engine cannot read back.
    #[error("索引の記録が壊れています：{0}")]
    Corrupt(String),
}

impl Error {
    pub fn invalid(parameter: impl Into<Cow<'static, str>>, message: impl Into<String>) -> Self {
        Error::InvalidParameter {
            parameter: parameter.into(),
            message: message.into(),
        }
    }
}

pub type Result<T> = std::result::Result<T, Error>;
