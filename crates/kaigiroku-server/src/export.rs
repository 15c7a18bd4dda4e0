//! Exports: every match in the order of the minutes (date, meeting,
//! speech order) as CSV or JSON Lines, one speech per row with its whole
//! text, up to [`EXPORT_LIMIT`] rows a request; past that the response
//! links the next page (`after=`, a cursor on that order), so that a
//! result of any size can be exported whole. The columns are listed once,
//! in [`COLUMNS`].

use std::convert::Infallible;

use axum::body::{Body, Bytes};
use axum::extract::{RawQuery, State};
use axum::http::header;
use axum::response::{IntoResponse, Response};
use kaigiroku_query::{Hit, SearchRequest};

use crate::api::speech_url;
use crate::contract::{ExportParams, Paging, SearchFilters, SearchOptions};
use crate::error::ApiError;
use crate::pages::links::href_with;
use crate::params::search_request;
use crate::query_string::{QueryParams, as_given};
use crate::state::{AppState, blocking};
use kaigiroku_query::request::DEFAULT_LIMIT;

/// Most rows an export streams; documented in the OpenAPI document.
pub const EXPORT_LIMIT: usize = 10_000;

/// One exported speech.
pub struct ExportRow {
    pub hit: Hit,
    pub text: String,
}

/// A column: its name, and its value in a row.
type Column = (&'static str, fn(&ExportRow) -> String);

/// The columns of both formats, in order.
pub const COLUMNS: [Column; 16] = [
    ("speech_id", |r| r.hit.speech_id.clone()),
    ("url", |r| speech_url(&r.hit.meeting_id, r.hit.order)),
    ("date", |r| r.hit.date.clone()),
    ("municipality", |r| r.hit.municipality.clone()),
    ("body", |r| r.hit.body.clone()),
    ("meeting_title", |r| r.hit.meeting_title.clone()),
    ("agenda_label", |r| r.hit.agenda_label.clone()),
    ("agenda_title", |r| r.hit.agenda_title.clone()),
    ("speaker", |r| r.hit.speaker_label.clone()),
    ("speaker_key", |r| r.hit.speaker_key.clone()),
    ("speaker_name", |r| r.hit.speaker_name.clone()),
    ("speaker_yomi", |r| r.hit.speaker_yomi.clone()),
    ("speaker_group", |r| r.hit.speaker_group.clone()),
    ("position", |r| r.hit.speaker_position.clone()),
    ("category", |r| {
        r.hit
            .speaker_category
            .map_or("", |c| c.as_str())
            .to_string()
    }),
    ("text", |r| r.text.clone()),
];

/// A JSON Lines row: one string per column, described from [`COLUMNS`]
/// so that the document lists exactly the columns written.
pub struct ExportLine;

impl utoipa::PartialSchema for ExportLine {
    fn schema() -> utoipa::openapi::RefOr<utoipa::openapi::schema::Schema> {
        use utoipa::openapi::schema::{ObjectBuilder, Type};
        COLUMNS
            .iter()
            .fold(
                ObjectBuilder::new().description(Some(
                    "1 行に 1 件の発言。列は CSV と同じ（値はすべて文字列）",
                )),
                |object, (name, _)| {
                    object
                        .property(*name, ObjectBuilder::new().schema_type(Type::String))
                        .required(*name)
                },
            )
            .into()
    }
}

impl utoipa::ToSchema for ExportLine {}

/// The two export formats.
#[derive(Clone, Copy)]
enum Export {
    Csv,
    JsonLines,
}

impl Export {
    fn content_type(self) -> &'static str {
        match self {
            Export::Csv => "text/csv; charset=utf-8",
            Export::JsonLines => "application/x-ndjson; charset=utf-8",
        }
    }

    /// Where it is served.
    fn path(self) -> &'static str {
        match self {
            Export::Csv => "/api/search.csv",
            Export::JsonLines => "/api/search.jsonl",
        }
    }

    fn file_name(self) -> &'static str {
        match self {
            Export::Csv => "kaigiroku.csv",
            Export::JsonLines => "kaigiroku.jsonl",
        }
    }

    /// What comes before the rows: for CSV a BOM, so that spreadsheet
    /// programs read UTF-8, and the header.
    fn preamble(self) -> Option<String> {
        match self {
            Export::Csv => {
                let names: Vec<&str> = COLUMNS.iter().map(|(name, _)| *name).collect();
                Some(format!("\u{FEFF}{}\r\n", names.join(",")))
            }
            Export::JsonLines => None,
        }
    }

    fn row(self, row: &ExportRow) -> String {
        match self {
            Export::Csv => {
                let fields: Vec<String> = COLUMNS
                    .iter()
                    .map(|(_, value)| csv_field(&value(row)))
                    .collect();
                format!("{}\r\n", fields.join(","))
            }
            Export::JsonLines => {
                let object: serde_json::Map<String, serde_json::Value> = COLUMNS
                    .iter()
                    .map(|(name, value)| (name.to_string(), value(row).into()))
                    .collect();
                format!("{}\n", serde_json::Value::Object(object))
            }
        }
    }
}

/// `/api/search.csv`.
#[utoipa::path(get, path = "/api/search.csv", operation_id = "export_csv", tag = "search",
    summary = "検索結果の全件エクスポート（CSV, UTF-8 BOM付き, 最大10,000件）",
    params(crate::contract::SearchFilters, crate::contract::ExportParams),
    responses((status = 200, description = "UTF-8（BOM 付き）の CSV。列は JSON Lines の各行と同じ（speech_id, url, date, municipality, body, meeting_title, agenda_label, agenda_title, speaker, speaker_key, speaker_name, speaker_yomi, speaker_group, position, category, text）", content_type = "text/csv", body = String),
        (status = 400, body = crate::contract::ErrorBody), (status = 503, body = crate::contract::ErrorBody)))]
pub async fn csv(state: State<AppState>, raw: RawQuery, asked: QueryParams<Asked>) -> Response {
    export(state, raw, asked, Export::Csv).await
}

/// `/api/search.jsonl`.
#[utoipa::path(get, path = "/api/search.jsonl", operation_id = "export_jsonl", tag = "search",
    summary = "検索結果の全件エクスポート（JSON Lines, 最大10,000件）",
    params(crate::contract::SearchFilters, crate::contract::ExportParams),
    responses((status = 200, description = "1 行に 1 件の発言（JSON オブジェクト）", content_type = "application/x-ndjson", body = ExportLine),
        (status = 400, body = crate::contract::ErrorBody), (status = 503, body = crate::contract::ErrorBody)))]
pub async fn jsonl(state: State<AppState>, raw: RawQuery, asked: QueryParams<Asked>) -> Response {
    export(state, raw, asked, Export::JsonLines).await
}

/// What an export reads: a search (its paging is checked, then the
/// export's chunk replaces it), and the chunk.
type Asked = ((SearchFilters, Paging, SearchOptions), ExportParams);

async fn export(
    State(state): State<AppState>,
    RawQuery(raw): RawQuery,
    QueryParams((search, chunk)): QueryParams<Asked>,
    format: Export,
) -> Response {
    let request = search_request(search, DEFAULT_LIMIT);
    let request = match request {
        Ok(request) => SearchRequest {
            facets: false,
            snippets: false,
            ..request
        },
        Err(err) => return err.into_response(),
    };
    let limit = match chunk.limit {
        None => EXPORT_LIMIT,
        Some(n) if n <= EXPORT_LIMIT => n,
        Some(n) => {
            return ApiError::invalid(
                "limit",
                format!("1 から {EXPORT_LIMIT} までの数を指定してください（「{n}」）"),
            )
            .into_response();
        }
    };
    let after = chunk.after;
    let params = as_given(raw.as_deref());
    let searcher = state.searcher.clone();
    let page = match blocking(move || searcher.page_after(&request, after.as_ref(), limit)).await {
        Ok(page) => page,
        Err(err) => return err.into_response(),
    };
    let mut headers = vec![
        (header::CONTENT_TYPE, format.content_type().to_string()),
        (
            header::CONTENT_DISPOSITION,
            format!("attachment; filename=\"{}\"", format.file_name()),
        ),
    ];
    // More than one request holds: the next page starts after this one.
    if let Some(next) = &page.next {
        let next = next.to_string();
        let query = href_with(&params, &[("after", &next)]);
        let url = format!("{}{}", format.path(), query.trim_start_matches('/'));
        headers.push((header::LINK, format!("<{url}>; rel=\"next\"")));
        headers.push((header::HeaderName::from_static("x-next-cursor"), next));
    }
    let mut chunks = Vec::with_capacity(page.rows.len() + 1);
    chunks.extend(format.preamble().map(Bytes::from));
    chunks.extend(
        page.rows
            .into_iter()
            .map(|(hit, text)| Bytes::from(format.row(&ExportRow { hit, text }))),
    );
    let stream = futures_util::stream::iter(chunks.into_iter().map(Ok::<_, Infallible>));
    let mut response = Body::from_stream(stream).into_response();
    for (name, value) in headers {
        if let Ok(value) = header::HeaderValue::from_str(&value) {
            response.headers_mut().insert(name, value);
        }
    }
    response
}

/// A CSV field, quoted when it must be. A cell that a spreadsheet would
/// read as a formula (it begins with `=`, `+`, `-`, `@`, a tab or a carriage
/// return) gets a leading `'`, so that a speech quoted as `=HYPERLINK(…)`
/// stays text when a journalist opens the export in Excel.
pub fn csv_field(value: &str) -> String {
    let formula = value.starts_with(['=', '+', '-', '@', '\t', '\r']);
    let value = if formula {
        format!("'{value}")
    } else {
        value.to_string()
    };
    if formula || value.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", value.replace('"', "\"\""))
    } else {
        value
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cells_a_spreadsheet_would_run_are_text() {
        assert_eq!(
            csv_field("=HYPERLINK(\"http://x\")"),
            "\"'=HYPERLINK(\"\"http://x\"\")\""
        );
        for lead in ["+1", "-1", "@SUM(A1)", "\tx", "\rx"] {
            assert!(csv_field(lead).starts_with("\"'"), "{lead:?}");
        }
        assert_eq!(csv_field("議長（本多健信君）"), "議長（本多健信君）");
        assert_eq!(csv_field("a,b"), "\"a,b\"");
        assert_eq!(csv_field("2023-07-03"), "2023-07-03");
    }

    fn row() -> ExportRow {
        ExportRow {
            hit: Hit {
                speech_id: "m-3".into(),
                meeting_id: "m".into(),
                order: 3,
                speaker_label: "辻広報広聴課長".into(),
                ..Hit::default()
            },
            text: "「防災」, \"訓練\"\n次に".into(),
        }
    }

    #[test]
    fn both_formats_carry_the_same_columns() {
        let header = Export::Csv.preamble().unwrap();
        assert!(
            header.starts_with("\u{FEFF}speech_id,url,date,"),
            "{header}"
        );
        let csv = Export::Csv.row(&row());
        assert!(csv.starts_with("m-3,/meetings/m#s-3,"), "{csv}");
        assert!(
            csv.ends_with(",\"「防災」, \"\"訓練\"\"\n次に\"\r\n"),
            "{csv}"
        );
        let line = Export::JsonLines.row(&row());
        let value: serde_json::Value = serde_json::from_str(&line).unwrap();
        let keys: Vec<&str> = value
            .as_object()
            .unwrap()
            .keys()
            .map(String::as_str)
            .collect();
        let names: Vec<&str> = COLUMNS.iter().map(|(name, _)| *name).collect();
        assert_eq!(keys, names);
        assert_eq!(value["speaker"], "辻広報広聴課長");
    }
}
