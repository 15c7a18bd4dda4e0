//! Exports: every match (up to [`EXPORT_LIMIT`]) streamed as CSV or JSON
//! Lines, one speech per row with its whole text. The columns are listed
//! once, in [`COLUMNS`].

use std::convert::Infallible;

use axum::body::{Body, Bytes};
use axum::extract::State;
use axum::http::header;
use axum::response::{IntoResponse, Response};
use kaigiroku_query::{Hit, SearchRequest};

use crate::api::speech_url;
use crate::error::ApiError;
use crate::params::search_request;
use crate::state::{AppState, Params, blocking, params};
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
pub const COLUMNS: [Column; 12] = [
    ("speech_id", |r| r.hit.speech_id.clone()),
    ("url", |r| speech_url(&r.hit.meeting_id, r.hit.order)),
    ("date", |r| r.hit.date.clone()),
    ("municipality", |r| r.hit.municipality.clone()),
    ("body", |r| r.hit.body.clone()),
    ("meeting_title", |r| r.hit.meeting_title.clone()),
    ("agenda_label", |r| r.hit.agenda_label.clone()),
    ("agenda_title", |r| r.hit.agenda_title.clone()),
    ("speaker", |r| r.hit.speaker_label.clone()),
    ("position", |r| r.hit.speaker_position.clone()),
    ("category", |r| {
        r.hit
            .speaker_category
            .map_or("", |c| c.as_str())
            .to_string()
    }),
    ("text", |r| r.text.clone()),
];

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

pub async fn csv(state: State<AppState>, raw: Params) -> Response {
    export(state, raw, Export::Csv).await
}

pub async fn jsonl(state: State<AppState>, raw: Params) -> Response {
    export(state, raw, Export::JsonLines).await
}

async fn export(State(state): State<AppState>, raw: Params, format: Export) -> Response {
    let request = match params(raw).and_then(|p| search_request(&p, DEFAULT_LIMIT)) {
        Ok(request) => SearchRequest {
            facets: false,
            snippets: false,
            group_by_meeting: false,
            ..request
        },
        Err(err) => return err.into_response(),
    };
    // Refuse a bad query before the stream starts, while a status can still say so.
    let searcher = state.searcher.clone();
    let probe = SearchRequest {
        limit: 1,
        offset: 0,
        ..request.clone()
    };
    if let Err(err) = blocking(move || searcher.search(&probe)).await {
        return err.into_response();
    }
    let (sender, receiver) = tokio::sync::mpsc::channel::<Bytes>(64);
    if let Some(preamble) = format.preamble() {
        let _ = sender.send(Bytes::from(preamble)).await;
    }
    let searcher = state.searcher.clone();
    tokio::task::spawn_blocking(move || {
        let outcome = searcher.all_hits(&request, 0, EXPORT_LIMIT, |hit, text| {
            let row = ExportRow {
                hit,
                text: text.to_string(),
            };
            sender.blocking_send(Bytes::from(format.row(&row))).is_ok()
        });
        // The status is sent: a fault now can only end the stream early.
        if let Err(err) = outcome {
            ApiError::from(err).log();
        }
    });
    let stream = futures_util::stream::unfold(receiver, |mut receiver| async move {
        receiver
            .recv()
            .await
            .map(|chunk| (Ok::<_, Infallible>(chunk), receiver))
    });
    (
        [
            (header::CONTENT_TYPE, format.content_type().to_string()),
            (
                header::CONTENT_DISPOSITION,
                format!("attachment; filename=\"{}\"", format.file_name()),
            ),
        ],
        Body::from_stream(stream),
    )
        .into_response()
}

/// A CSV field, quoted when it must be.
pub fn csv_field(value: &str) -> String {
    if value.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", value.replace('"', "\"\""))
    } else {
        value.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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
