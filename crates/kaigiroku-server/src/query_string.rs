//! Query strings read into typed parameters before a handler runs.
//!
//! An endpoint's parameters are one or more sections of `contract.rs`
//! (`SearchFilters`, `Paging`, …), each a `Deserialize` struct whose fields
//! are typed values ([`ParamValue`]). [`QueryParams`] reads them; a value
//! that does not read is refused as a 400 naming the parameter, quoting the
//! value and saying what it takes, in Japanese.
//!
//! Sections are read one by one from the same query string, not flattened
//! into one struct: serde's `flatten` loses the name of the field that
//! failed, and the name is what the client needs.

use std::collections::HashMap;
use std::str::FromStr;

use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use kaigiroku_core::model::{Category, Outcome};
use kaigiroku_query::members::MemberSort;
use kaigiroku_query::{Assembly, Cursor, Detail, Interval, NameMatch, Scope, Sort, Split};
use serde::de::{DeserializeOwned, Error as _};
use serde::{Deserialize, Deserializer};

use crate::error::ApiError;

/// A parameter's value read from its text, or why it cannot be, in
/// Japanese, quoting the text.
pub trait ParamValue: Sized {
    fn read(text: &str) -> Result<Self, String>;
}

/// For `#[serde(deserialize_with = "given")]`: the value trimmed and read;
/// an empty field (a form's blank input) is absent.
pub fn given<'de, D: Deserializer<'de>, T: ParamValue>(
    deserializer: D,
) -> Result<Option<T>, D::Error> {
    let text = String::deserialize(deserializer)?;
    match text.trim() {
        "" => Ok(None),
        text => T::read(text).map(Some).map_err(D::Error::custom),
    }
}

impl ParamValue for String {
    fn read(text: &str) -> Result<Self, String> {
        Ok(text.to_string())
    }
}

/// A count: 1 or more. Each endpoint bounds it above.
impl ParamValue for usize {
    fn read(text: &str) -> Result<Self, String> {
        text.parse::<usize>()
            .ok()
            .filter(|n| *n >= 1)
            .ok_or_else(|| format!("1 以上の整数を指定してください（「{text}」）"))
    }
}

impl ParamValue for bool {
    fn read(text: &str) -> Result<Self, String> {
        match text {
            "true" => Ok(true),
            "false" => Ok(false),
            _ => Err(format!("true か false を指定してください（「{text}」）")),
        }
    }
}

fn one_of<const N: usize>(text: &str, names: [&str; N]) -> String {
    format!(
        "「{text}」は使えません。次のいずれかを指定してください：{}",
        names.join(", ")
    )
}

impl ParamValue for Category {
    fn read(text: &str) -> Result<Self, String> {
        Category::parse(text).ok_or_else(|| one_of(text, Category::ALL.map(Category::as_str)))
    }
}

impl ParamValue for Outcome {
    fn read(text: &str) -> Result<Self, String> {
        Outcome::parse(text).ok_or_else(|| one_of(text, Outcome::ALL.map(Outcome::as_str)))
    }
}

/// A name, `"…"` for exactly this one.
impl ParamValue for NameMatch {
    fn read(text: &str) -> Result<Self, String> {
        NameMatch::parse(text).ok_or_else(|| format!("名前を読めません（「{text}」）"))
    }
}

/// An assembly's name or 団体コード.
impl ParamValue for Assembly {
    fn read(text: &str) -> Result<Self, String> {
        Assembly::parse(text).ok_or_else(|| format!("自治体を読めません（「{text}」）"))
    }
}

/// The types the engine reads from their names (`FromStr`, with its
/// Japanese refusal).
macro_rules! named {
    ($($type:ty),*) => {
        $(impl ParamValue for $type {
            fn read(text: &str) -> Result<Self, String> {
                <$type>::from_str(text).map_err(|err| err.to_string())
            }
        })*
    };
}

named!(Sort, Scope, Detail, Interval, Split, MemberSort, Cursor);

/// Parameters that read themselves from a query string.
pub trait FromQuery: Sized {
    fn from_query(query: &str) -> Result<Self, ApiError>;
}

/// One section of parameters, read from the whole query string; the
/// names it does not take are other sections' (unknown names are refused
/// by `known_params.rs` before this runs).
pub fn read_section<T: DeserializeOwned>(query: &str) -> Result<T, ApiError> {
    let pairs = serde_urlencoded::Deserializer::new(form_urlencoded::parse(query.as_bytes()));
    serde_path_to_error::deserialize(pairs).map_err(|err| {
        let parameter = err.path().to_string();
        ApiError::invalid(parameter, err.into_inner().to_string())
    })
}

/// Declares structs as sections an endpoint's parameters are made of.
macro_rules! sections {
    ($($type:ty),*) => {
        $(impl $crate::query_string::FromQuery for $type {
            fn from_query(query: &str) -> Result<Self, $crate::error::ApiError> {
                $crate::query_string::read_section(query)
            }
        })*
    };
}

pub(crate) use sections;

impl<A: FromQuery, B: FromQuery> FromQuery for (A, B) {
    fn from_query(query: &str) -> Result<Self, ApiError> {
        Ok((A::from_query(query)?, B::from_query(query)?))
    }
}

impl<A: FromQuery, B: FromQuery, C: FromQuery> FromQuery for (A, B, C) {
    fn from_query(query: &str) -> Result<Self, ApiError> {
        Ok((
            A::from_query(query)?,
            B::from_query(query)?,
            C::from_query(query)?,
        ))
    }
}

/// The query string as given, name by name: for links that carry a
/// request's parameters on (the next page, a feed), never for reading
/// values.
pub fn as_given(query: Option<&str>) -> HashMap<String, String> {
    form_urlencoded::parse(query.unwrap_or_default().as_bytes())
        .into_owned()
        .collect()
}

/// An extractor: the endpoint's parameters, typed, or a 400 before the
/// handler runs.
pub struct QueryParams<T>(pub T);

impl<S: Send + Sync, T: FromQuery> FromRequestParts<S> for QueryParams<T> {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, ApiError> {
        T::from_query(parts.uri.query().unwrap_or_default()).map(QueryParams)
    }
}
