//! The API's contract: the query parameters of each endpoint and the error
//! body, as types the OpenAPI document (`openapi.rs`) is generated from.
//! The response types live beside their handlers and derive their schema
//! there.
//!
//! The parameter types are what the handlers receive: each endpoint's
//! query string is read into its sections by `query_string.rs` before the
//! handler runs, so that what is documented is what is read.
//! `tests/openapi/check.py` calls every documented name, and
//! `known_params.rs` refuses any name the document does not give the route.

use kaigiroku_core::model::{Category, Outcome};
use kaigiroku_query::members::MemberSort;
use kaigiroku_query::{Assembly, Cursor, Detail, Interval, NameMatch, Scope, Sort, Split};
use serde::Deserialize;
use utoipa::IntoParams;
use utoipa::openapi::RefOr;
use utoipa::openapi::schema::{ObjectBuilder, Schema, Type};

pub use crate::error::ErrorBody;
use crate::query_string::{given, sections};

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
#[derive(Deserialize, IntoParams, Default)]
#[into_params(parameter_in = Query)]
pub struct SearchFilters {
    /// 検索語。空白区切りはAND、`OR`、`-語`で除外、`"…"`で語順どおりの一致。各語は正規化後のテキストの部分文字列として一致する。最大1000文字。
    pub q: Option<String>,
    /// 発言者の氏名（先頭一致、旧字体・空白を無視。例：高橋 は 高橋（伸） にも一致。"…" で囲むと完全一致）
    #[serde(default, deserialize_with = "given")]
    #[param(value_type = Option<String>)]
    pub speaker: Option<NameMatch>,
    /// 職名（部分一致。例：課長 は すべての〜課長 に一致。"…" で囲むと完全一致）
    #[serde(default, deserialize_with = "given")]
    #[param(value_type = Option<String>)]
    pub position: Option<NameMatch>,
    /// 発言者の区分
    #[serde(default, deserialize_with = "given")]
    #[param(schema_with = categories)]
    pub category: Option<Category>,
    /// 会議体（完全一致）
    #[serde(default, deserialize_with = "given")]
    pub body: Option<String>,
    /// 自治体名・院（完全一致）、または団体コード（6桁、例：131091）
    #[serde(default, deserialize_with = "given")]
    #[param(value_type = Option<String>)]
    pub municipality: Option<Assembly>,
    /// 議題ラベル（例：報告事項（4））
    #[serde(default, deserialize_with = "given")]
    pub agenda: Option<String>,
    /// 議題の結果。記録に書かれた語のいずれか
    #[serde(default, deserialize_with = "given")]
    #[param(schema_with = outcomes)]
    pub outcome: Option<Outcome>,
    /// その条例（題名から読んだ条例名、例: 品川区立保育所条例）の改正・制定の議題での発言・議題だけ。自治体（municipality）と合わせて使う
    #[serde(default, deserialize_with = "given")]
    pub ordinance: Option<String>,
    /// 期間の始め（ISOまたは和暦：2022-01-26, 令和4年, R4.1）
    pub from: Option<String>,
    /// 期間の終わり（同上。年・月だけならその末日まで）
    pub until: Option<String>,
    /// meeting なら会議ごとにまとめる。それ以外の値は会派（部分一致）で絞り込む
    #[serde(default, deserialize_with = "given")]
    pub group: Option<String>,
    /// true で答弁のみ（首長・説明員の発言）
    #[serde(default, deserialize_with = "given")]
    #[param(schema_with = booleans)]
    pub answers: Option<bool>,
    /// 並び順（relevance が既定）
    #[serde(default, deserialize_with = "given")]
    #[param(schema_with = sorts)]
    pub sort: Option<Sort>,
    /// false で表記ゆれをまとめない。既定（true）では語の別の表記（子供→子ども・こども、取組→取り組み、ぼうさい→防災）も探し、入力どおりの表記の発言を先に並べる。まとめた表記は応答の query.folded に
    #[serde(default, deserialize_with = "given")]
    #[param(schema_with = booleans)]
    pub fold: Option<bool>,
}

/// Pages of a result.
#[derive(Deserialize, IntoParams, Default)]
#[into_params(parameter_in = Query)]
pub struct Paging {
    /// ページ（1から）
    #[serde(default, deserialize_with = "given")]
    #[param(minimum = 1, maximum = 10000, value_type = Option<u32>)]
    pub page: Option<usize>,
    /// 1ページの件数（1〜100、既定 20）
    #[serde(default, deserialize_with = "given")]
    #[param(minimum = 1, maximum = 100, value_type = Option<u32>)]
    pub per_page: Option<usize>,
}

/// What `/api/search` alone takes.
#[derive(Deserialize, IntoParams, Default)]
#[into_params(parameter_in = Query)]
pub struct SearchOptions {
    /// false で件数集計を省く（速い）
    #[serde(default, deserialize_with = "given")]
    #[param(schema_with = booleans)]
    pub facets: Option<bool>,
    /// all（既定）または id。id では各ヒットが speech_id・meeting_id・url・score だけになり、発言本文を読み出さない
    #[serde(default, deserialize_with = "given")]
    #[param(schema_with = details)]
    pub fields: Option<Detail>,
    /// speech（発言ごと、既定）または agenda（議題ごと：すべての語がその議題の発言のどこかにあるもの）
    #[serde(default, deserialize_with = "given")]
    #[param(schema_with = scopes)]
    pub scope: Option<Scope>,
    /// true で各ヒットにスコアの内訳（explain：語の一致 text、長さ length と係数 length_factor、議題名に語を含む割合 title_share と係数 title_factor、議長・委員長の発言か by_chair と係数 role_factor、語が集まる一節の密度 passage と係数 passage_factor、入力どおりの表記か as_typed、語ごとの内訳 text_parts）をつける。score はこれらの係数と text の積
    #[serde(default, deserialize_with = "given")]
    #[param(schema_with = booleans)]
    pub explain: Option<bool>,
}

/// An export's chunks.
#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ExportParams {
    /// 1 回で返す行数（1〜10000、既定 10000）
    #[serde(default, deserialize_with = "given")]
    #[param(minimum = 1, maximum = 10000, value_type = Option<u32>)]
    pub limit: Option<usize>,
    /// 前の応答の Link（rel="next"）／X-Next-Cursor が示すカーソル。会議録の順（日付・会議・発言番号）で、その次から返す
    #[serde(default, deserialize_with = "given")]
    #[param(value_type = Option<String>)]
    pub after: Option<Cursor>,
}

/// A trend's periods and series.
#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct TrendParams {
    /// 期間の単位（year が既定）
    #[serde(default, deserialize_with = "given")]
    #[param(schema_with = intervals)]
    pub interval: Option<Interval>,
    /// 系列の分け方（q を一つだけ与えたとき）。q を繰り返すと語ごとの系列を比べる（最大 10）
    #[serde(default, deserialize_with = "given")]
    #[param(schema_with = splits)]
    pub split: Option<Split>,
}

/// How many similar results.
#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct SimilarParams {
    /// 件数（1〜50、既定 10）
    #[serde(default, deserialize_with = "given")]
    #[param(minimum = 1, maximum = 50, value_type = Option<u32>)]
    pub limit: Option<usize>,
}

/// Speakers by name, or an assembly's list.
#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct SpeakersParams {
    /// 名前の一部、または読み
    #[serde(default, deserialize_with = "given")]
    pub q: Option<String>,
    /// 自治体名か団体コード
    #[serde(default, deserialize_with = "given")]
    pub municipality: Option<String>,
    /// 一覧のページ（1から。municipality のみのとき）
    #[serde(default, deserialize_with = "given")]
    #[param(minimum = 1, maximum = 10000, value_type = Option<u32>)]
    pub page: Option<usize>,
    /// 一覧の1ページの人数（1〜200、既定50）
    #[serde(default, deserialize_with = "given")]
    #[param(minimum = 1, maximum = 200, value_type = Option<u32>)]
    pub per_page: Option<usize>,
    /// 一覧の並び: speeches（発言数）, name（よみ）, last（最終発言の新しい順）, first（初発言の古い順）
    #[serde(default, deserialize_with = "given")]
    #[param(schema_with = member_sorts)]
    pub sort: Option<MemberSort>,
}

/// An assembly's ordinances, or one.
#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct OrdinancesParams {
    /// 自治体名か団体コード（必須）
    #[serde(default, deserialize_with = "given")]
    #[param(required = true, value_type = String)]
    pub municipality: Option<String>,
    /// 条例の名前（例: 品川区立保育所条例）
    #[serde(default, deserialize_with = "given")]
    pub name: Option<String>,
}

sections!(
    SearchFilters,
    Paging,
    SearchOptions,
    ExportParams,
    TrendParams,
    SimilarParams,
    SpeakersParams,
    OrdinancesParams
);

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
