//! Refusals in the NDL's shape: a numbered message, and for a bad input
//! the detail of what was wrong.

use axum::http::StatusCode;

use crate::error::ApiError;

pub struct KokkaiError {
    pub status: StatusCode,
    pub message: String,
    pub details: Vec<String>,
}

impl KokkaiError {
    pub fn new(code: u32, message: &str) -> Self {
        KokkaiError {
            status: StatusCode::BAD_REQUEST,
            message: format!("({code}){message}"),
            details: Vec::new(),
        }
    }

    /// 19011 wraps the detail of what was wrong.
    pub fn input(detail_code: u32, detail: String) -> Self {
        KokkaiError {
            status: StatusCode::BAD_REQUEST,
            message: "(19011)検索条件の入力に誤りがあります。".into(),
            details: vec![format!("(0) ({detail_code}){detail}")],
        }
    }

    /// 19004: a startRecord past the last record.
    pub fn start() -> Self {
        KokkaiError::new(19004, "開始位置の指定が不正です。")
    }
}

/// An engine error met while answering: an index fault becomes a 500.
impl From<kaigiroku_query::Error> for KokkaiError {
    fn from(err: kaigiroku_query::Error) -> Self {
        ApiError::from(err).into()
    }
}

/// The service's own errors in the NDL's words; a fault is logged first.
impl From<ApiError> for KokkaiError {
    fn from(err: ApiError) -> Self {
        err.log();
        let (status, _) = err.code();
        match err {
            ApiError::Engine(kaigiroku_query::Error::InvalidParameter { parameter, message }) => {
                KokkaiError::input(19011, format!("{parameter}:{message}"))
            }
            ApiError::Timeout(_) => KokkaiError {
                status,
                message: "(19001)混雑しています。".into(),
                details: vec![],
            },
            other => KokkaiError {
                status,
                message: format!("(19000){other}"),
                details: vec![],
            },
        }
    }
}
