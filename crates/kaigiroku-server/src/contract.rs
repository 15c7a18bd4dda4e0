//! The API's contract: the query parameters of each endpoint and the error
//! body, as types the OpenAPI document (`openapi.rs`) is generated from.
//! The response types live beside their handlers and derive their schema
//! there.
//!
//! The parameter types describe each endpoint's query string; the handlers
//! still read values through `params.rs`. `tests/openapi/check.py` calls
//! every documented name, and `known_params.rs` refuses any name the
//! document does not give the route.

use kaigiroku_core::model::{Category, Outcome};
use kaigiroku_query::{Detail, Interval, Scope, Sort, Split};
use serde::Serialize;
use utoipa::openapi::RefOr;
use utoipa::openapi::schema::{ObjectBuilder, Schema, Type};
use utoipa::{IntoParams, ToSchema};

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

/// A string parameter that takes one of `values`.
fn one_of<I: IntoIterator<Item = &'static str>>(values: I) -> RefOr<Schema> {
    ObjectBuilder::new()
        .schema_type(Type::String)
        .enum_values(Some(values))
        .into()
}

fn categories() -> RefOr<Schema> {
    one_of(Category::ALL.map(Category::as_str))
}

fn outcomes() -> RefOr<Schema> {
    one_of(Outcome::ALL.map(Outcome::as_str))
}

fn sorts() -> RefOr<Schema> {
    one_of(Sort::ALL.map(Sort::as_str))
}

fn scopes() -> RefOr<Schema> {
    one_of(Scope::ALL.map(Scope::as_str))
}

fn details() -> RefOr<Schema> {
    one_of(Detail::ALL.map(Detail::as_str))
}

fn intervals() -> RefOr<Schema> {
    one_of(Interval::ALL.map(Interval::as_str))
}

fn splits() -> RefOr<Schema> {
    one_of(Split::ALL.map(Split::as_str))
}

fn booleans() -> RefOr<Schema> {
    one_of(["true", "false"])
}

fn member_sorts() -> RefOr<Schema> {
    one_of(["speeches", "name", "last", "first"])
}

/// What every search reads: the words and the filters.
#[derive(IntoParams)]
#[into_params(parameter_in = Query)]
#[expect(dead_code, reason = "describes the query string params.rs reads")]
pub struct SearchFilters {
    /// 検索語。空白区切りはAND、`OR`、`-語`で除外、`"…"`で語順どおりの一致。各語は正規化後のテキストの部分文字列として一致する。最大1000文字。
    q: Option<String>,
    /// 発言者の氏名（先頭一致、旧字体・空白を無視。例：高橋 は 高橋（伸） にも一致。"…" で囲むと完全一致）
    speaker: Option<String>,
    /// 職名（部分一致。例：課長 は すべての〜課長 に一致。"…" で囲むと完全一致）
    position: Option<String>,
    /// 発言者の区分
    #[param(schema_with = categories)]
    category: Option<String>,
    /// 会議体（完全一致）
    body: Option<String>,
    /// 自治体名・院（完全一致）、または団体コード（6桁、例：131091）
    municipality: Option<String>,
    /// 議題ラベル（例：報告事項（4））
    agenda: Option<String>,
    /// 議題の結果。記録に書かれた語のいずれか
    #[param(schema_with = outcomes)]
    outcome: Option<String>,
    /// その条例（題名から読んだ条例名、例: 品川区立保育所条例）の改正・制定の議題での発言・議題だけ。自治体（municipality）と合わせて使う
    ordinance: Option<String>,
    /// 期間の始め（ISOまたは和暦：2022-01-26, 令和4年, R4.1）
    from: Option<String>,
    /// 期間の終わり（同上。年・月だけならその末日まで）
    until: Option<String>,
    /// meeting なら会議ごとにまとめる。それ以外の値は会派（部分一致）で絞り込む
    group: Option<String>,
    /// true で答弁のみ（首長・説明員の発言）
    #[param(schema_with = booleans)]
    answers: Option<String>,
    /// 並び順（relevance が既定）
    #[param(schema_with = sorts)]
    sort: Option<String>,
}

/// Pages of a result.
#[derive(IntoParams)]
#[into_params(parameter_in = Query)]
#[expect(dead_code, reason = "describes the query string params.rs reads")]
pub struct Paging {
    /// ページ（1から）
    #[param(minimum = 1, maximum = 10000)]
    page: Option<u32>,
    /// 1ページの件数（1〜100、既定 20）
    #[param(minimum = 1, maximum = 100)]
    per_page: Option<u32>,
}

/// What `/api/search` alone takes.
#[derive(IntoParams)]
#[into_params(parameter_in = Query)]
#[expect(dead_code, reason = "describes the query string params.rs reads")]
pub struct SearchOptions {
    /// false で件数集計を省く（速い）
    #[param(schema_with = booleans)]
    facets: Option<String>,
    /// all（既定）または id。id では各ヒットが speech_id・meeting_id・url・score だけになり、発言本文を読み出さない
    #[param(schema_with = details)]
    fields: Option<String>,
    /// speech（発言ごと、既定）または agenda（議題ごと：すべての語がその議題の発言のどこかにあるもの）
    #[param(schema_with = scopes)]
    scope: Option<String>,
}

/// An export's chunks.
#[derive(IntoParams)]
#[into_params(parameter_in = Query)]
#[expect(dead_code, reason = "describes the query string export.rs reads")]
pub struct ExportParams {
    /// 1 回で返す行数（1〜10000、既定 10000）
    #[param(minimum = 1, maximum = 10000)]
    limit: Option<u32>,
    /// 前の応答の Link（rel="next"）／X-Next-Cursor が示すカーソル。会議録の順（日付・会議・発言番号）で、その次から返す
    after: Option<String>,
}

/// A trend's periods and series.
#[derive(IntoParams)]
#[into_params(parameter_in = Query)]
#[expect(dead_code, reason = "describes the query string trends.rs reads")]
pub struct TrendParams {
    /// 期間の単位（year が既定）
    #[param(schema_with = intervals)]
    interval: Option<String>,
    /// 系列の分け方（q を一つだけ与えたとき）。q を繰り返すと語ごとの系列を比べる（最大 10）
    #[param(schema_with = splits)]
    split: Option<String>,
}

/// How many similar results.
#[derive(IntoParams)]
#[into_params(parameter_in = Query)]
#[expect(dead_code, reason = "describes the query string api.rs reads")]
pub struct SimilarParams {
    /// 件数（1〜50、既定 10）
    #[param(minimum = 1, maximum = 50)]
    limit: Option<u32>,
}

/// Speakers by name, or an assembly's list.
#[derive(IntoParams)]
#[into_params(parameter_in = Query)]
#[expect(dead_code, reason = "describes the query string speakers.rs reads")]
pub struct SpeakersParams {
    /// 名前の一部、または読み
    q: Option<String>,
    /// 自治体名か団体コード
    municipality: Option<String>,
    /// 一覧のページ（1から。municipality のみのとき）
    #[param(minimum = 1, maximum = 10000)]
    page: Option<u32>,
    /// 一覧の1ページの人数（1〜200、既定50）
    #[param(minimum = 1, maximum = 200)]
    per_page: Option<u32>,
    /// 一覧の並び: speeches（発言数）, name（よみ）, last（最終発言の新しい順）, first（初発言の古い順）
    #[param(schema_with = member_sorts)]
    sort: Option<String>,
}

/// An assembly's ordinances, or one.
#[derive(IntoParams)]
#[into_params(parameter_in = Query)]
#[expect(dead_code, reason = "describes the query string ordinances.rs reads")]
pub struct OrdinancesParams {
    /// 自治体名か団体コード（必須）
    municipality: String,
    /// 条例の名前（例: 品川区立保育所条例）
    name: Option<String>,
}

/// The NDL's search API's parameters, as its documentation names them.
#[derive(IntoParams)]
#[into_params(parameter_in = Query)]
#[expect(
    dead_code,
    reason = "describes the query string kokkai/params.rs reads"
)]
#[allow(non_snake_case)]
pub struct NdlParams {
    /// 検索語（空白区切りでAND、部分一致）
    any: Option<String>,
    /// 院名・自治体（完全一致）
    nameOfHouse: Option<String>,
    /// 会議名（空白区切りでOR、部分一致）
    nameOfMeeting: Option<String>,
    /// 発言者名（空白区切りでOR、部分一致）
    speaker: Option<String>,
    /// 肩書き（部分一致）
    speakerPosition: Option<String>,
    /// 会派（部分一致）
    speakerGroup: Option<String>,
    /// 証人・参考人・公述人
    speakerRole: Option<String>,
    /// 発言番号
    speechNumber: Option<String>,
    /// YYYY-MM-DD
    from: Option<String>,
    /// YYYY-MM-DD
    until: Option<String>,
    /// 会議録ID
    issueID: Option<String>,
    /// 発言ID（<issueID>_<番号> または kaigiroku のID）
    speechID: Option<String>,
    /// 開始位置（1から）
    startRecord: Option<String>,
    /// 最大件数（speech・meeting_list: 1–100、meeting: 1–10）
    maximumRecords: Option<String>,
    /// xml（既定）または json
    recordPacking: Option<String>,
}
