//! The one error type of the query crate, and its HTTP mapping.

use axum::Json;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};

#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// A bad parameter: the client's to fix.
    #[error("{parameter}: {message}")]
    InvalidParameter {
        parameter: &'static str,
        message: String,
    },
    #[error("not found: {0}")]
    NotFound(String),
    #[error(transparent)]
    Core(#[from] kaigiroku_core::Error),
    #[error("index error: {0}")]
    Index(#[from] tantivy::TantivyError),
    #[error("the search took longer than {0} s; narrow it down")]
    Timeout(u64),
    #[error("internal error: {0}")]
    Internal(String),
}

impl Error {
    pub fn invalid(parameter: &'static str, message: impl Into<String>) -> Self {
        Error::InvalidParameter {
            parameter,
            message: message.into(),
        }
    }

    /// The stable code and status of each error, in one table.
    pub fn code(&self) -> (StatusCode, &'static str) {
        match self {
            Error::InvalidParameter { .. } => (StatusCode::BAD_REQUEST, "invalid_parameter"),
            Error::NotFound(_) => (StatusCode::NOT_FOUND, "not_found"),
            Error::Timeout(_) => (StatusCode::SERVICE_UNAVAILABLE, "timeout"),
            Error::Core(err) if err.is_user_error() => {
                (StatusCode::SERVICE_UNAVAILABLE, "index_unavailable")
            }
            Error::Core(_) | Error::Index(_) | Error::Internal(_) => {
                (StatusCode::INTERNAL_SERVER_ERROR, "internal")
            }
        }
    }
}

impl IntoResponse for Error {
    fn into_response(self) -> Response {
        let (status, code) = self.code();
        let body = serde_json::json!({"error": {"code": code, "message": self.to_string()}});
        (status, Json(body)).into_response()
    }
}

pub type Result<T> = std::result::Result<T, Error>;
