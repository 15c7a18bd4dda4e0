//! The service's errors and their statuses, in one table. A client's
//! mistake is a 4xx naming the parameter; a fault of the index or of the
//! service is a 5xx, logged with its cause.

use axum::Json;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use kaigiroku_query::Error;
use serde::Serialize;
use utoipa::ToSchema;

/// A refused request: `code` is stable, `message` is Japanese and names
/// the parameter and its value.
#[derive(Serialize, ToSchema)]
pub struct ErrorBody {
    pub error: ErrorDetail,
}

#[derive(Serialize, ToSchema)]
pub struct ErrorDetail {
    /// invalid_parameter, not_found, timeout, busy, index_unavailable, internal
    pub code: &'static str,
    /// 例：「per_page：1 から 100 までの数を指定してください（"0"）」
    pub message: String,
}

#[derive(Debug)]
pub enum ApiError {
    Engine(Error),
    /// No turn of the engine came within the deadline (seconds).
    Timeout(u64),
    /// Too many requests already wait for the engine.
    Busy,
    /// A task panicked or was cancelled.
    Internal(String),
}

impl From<Error> for ApiError {
    fn from(err: Error) -> Self {
        ApiError::Engine(err)
    }
}

impl std::fmt::Display for ApiError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ApiError::Engine(err) => err.fmt(f),
            ApiError::Timeout(seconds) => {
                write!(
                    f,
                    "サーバーが {seconds} 秒のあいだ混み合っていました。しばらくしてからもう一度お試しください"
                )
            }
            ApiError::Internal(cause) => write!(f, "内部エラー：{cause}"),
            ApiError::Busy => write!(
                f,
                "サーバーが混み合っています。1 秒ほどしてからもう一度お試しください"
            ),
        }
    }
}

impl ApiError {
    pub fn invalid(
        parameter: impl Into<std::borrow::Cow<'static, str>>,
        message: impl Into<String>,
    ) -> Self {
        ApiError::Engine(Error::invalid(parameter, message))
    }

    /// A query string that does not parse as `name=value` pairs.
    pub fn unreadable_query() -> Self {
        ApiError::invalid(
            "query string",
            "クエリ文字列を読めません。名前=値 を & でつなぎ、値は URL エンコードしてください",
        )
    }

    /// The stable code and status of each error.
    pub fn code(&self) -> (StatusCode, &'static str) {
        match self {
            ApiError::Engine(Error::InvalidParameter { .. }) => {
                (StatusCode::BAD_REQUEST, "invalid_parameter")
            }
            ApiError::Engine(Error::NotFound(_)) => (StatusCode::NOT_FOUND, "not_found"),
            ApiError::Timeout(_) => (StatusCode::SERVICE_UNAVAILABLE, "timeout"),
            ApiError::Busy => (StatusCode::SERVICE_UNAVAILABLE, "busy"),
            ApiError::Engine(Error::Core(err)) if err.is_user_error() => {
                (StatusCode::SERVICE_UNAVAILABLE, "index_unavailable")
            }
            ApiError::Engine(Error::Core(_) | Error::Index(_) | Error::Corrupt(_))
            | ApiError::Internal(_) => (StatusCode::INTERNAL_SERVER_ERROR, "internal"),
        }
    }

    /// Logs a fault of ours with its cause; a client's mistake is not one.
    pub fn log(&self) {
        let (status, code) = self.code();
        if matches!(self, ApiError::Busy | ApiError::Timeout(_)) {
            // Load shed as designed, not a fault; under overload thousands a
            // second, so not a line each at the default level.
            tracing::debug!(code, error = %self, "request shed");
        } else if status.is_server_error() {
            tracing::error!(code, error = %self, "request failed");
        } else {
            tracing::info!(code, error = %self, "request refused");
        }
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        self.log();
        let (status, code) = self.code();
        let body = ErrorBody {
            error: ErrorDetail {
                code,
                message: self.to_string(),
            },
        };
        let mut response = (status, Json(body)).into_response();
        if matches!(self, ApiError::Busy) {
            response
                .headers_mut()
                .insert(header::RETRY_AFTER, HeaderValue::from_static("1"));
        }
        response
    }
}
