//! The OpenAPI document, generated from the handlers' path descriptions,
//! the parameter types of `contract.rs` and the response types, and served
//! at `/openapi.json` and `/api/openapi.json`.

use std::sync::LazyLock;

use axum::http::header;
use axum::response::{IntoResponse, Response};
use utoipa::OpenApi;
use utoipa::openapi::OpenApi as Document;

use crate::contract::ErrorBody;
use crate::{api, export, kokkai, ordinances, speakers, trends};

/// Liveness.
#[utoipa::path(get, path = "/healthz", operation_id = "healthz", tag = "service", summary = "生存確認",
    responses((status = 200, description = "ok", content_type = "text/plain", body = String)))]
pub async fn healthz() -> &'static str {
    "ok"
}

/// This document.
#[utoipa::path(get, path = "/openapi.json", operation_id = "openapi", tag = "service",
    summary = "この API の OpenAPI 文書（/api/openapi.json も同じ）",
    responses((status = 200, description = "OpenAPI 3.1", content_type = "application/json")))]
pub async fn serve() -> Response {
    (
        [(header::CONTENT_TYPE, "application/json")],
        DOCUMENT.as_str(),
    )
        .into_response()
}

#[derive(OpenApi)]
#[openapi(
    info(
        title = "kaigiroku",
        description = "会議録検索 API。発言単位の検索、会議・発言の取得、エクスポート、国会会議録検索システム互換API。誤った値は 400 で、どの引数のどの値が誤りかを日本語で返す。文書にない引数も 400。"
    ),
    paths(
        healthz,
        serve,
        api::search,
        export::csv,
        export::jsonl,
        api::meeting,
        api::speech,
        kokkai::speech,
        kokkai::meeting_list,
        kokkai::meeting,
        trends::json,
        trends::csv,
        api::agenda_search,
        api::agenda_item,
        api::similar_items,
        api::similar_speeches,
        speakers::list,
        speakers::one,
        ordinances::json,
    ),
    components(schemas(ErrorBody)),
    tags(
        (name = "search", description = "検索・集計"),
        (name = "records", description = "会議・議題・発言"),
        (name = "people", description = "発言者・条例"),
        (name = "ndl", description = "国会会議録検索システム互換"),
        (name = "service", description = "サービス"),
    )
)]
struct ApiDoc;

/// The document, built once from the types.
pub fn document() -> Document {
    let mut doc = ApiDoc::openapi();
    doc.info.version = env!("CARGO_PKG_VERSION").to_string();
    doc
}

/// The document as served.
pub static DOCUMENT: LazyLock<String> = LazyLock::new(|| {
    document()
        .to_pretty_json()
        .expect("the document serializes")
});

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::MAX_SIMILAR;

    #[test]
    fn the_similar_limit_documented_is_the_one_enforced() {
        let doc: serde_json::Value = serde_json::from_str(&DOCUMENT).unwrap();
        let limit = &doc["paths"]["/api/agenda/{id}/similar"]["get"]["parameters"]
            .as_array()
            .unwrap()
            .iter()
            .find(|p| p["name"] == "limit")
            .unwrap()["schema"];
        assert_eq!(limit["maximum"], MAX_SIMILAR as u64);
    }
}
