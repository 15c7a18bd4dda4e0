//! `/api/speakers` (people by a name typed in part, for suggestions) and
//! `/api/speakers/{key}` (one person's positions, bodies, years and words).

use axum::Json;
use axum::extract::{Path, State};

use kaigiroku_query::speakers::{SpeakerMatch, SpeakerProfile};
use kaigiroku_query::{
    Filter, Interval, KeywordField, Member, MemberSort, Point, SearchRequest, Searcher, Trends,
};
use serde::Serialize;
use utoipa::ToSchema;

use crate::contract::SpeakersParams;
use crate::error::ApiError;
use crate::links::speaker_page;
use crate::query_string::QueryParams;
use crate::state::{AppState, blocking};

/// People one suggestion request lists.
const SUGGESTIONS: usize = 20;

/// Members listed per page at most.
pub const MAX_PER_PAGE: usize = 200;

/// A page of an assembly's members' list, as asked.
pub struct MembersRequest {
    pub municipality: String,
    pub sort: MemberSort,
    pub page: usize,
    pub per_page: usize,
}

impl MembersRequest {
    pub fn of(asked: &SpeakersParams) -> Result<MembersRequest, ApiError> {
        let bounded = |name: &'static str, value: Option<usize>, max: usize| match value {
            Some(n) if n > max => Err(ApiError::invalid(
                name,
                format!("1 から {max} までの数を指定してください（「{n}」）"),
            )),
            value => Ok(value),
        };
        Ok(MembersRequest {
            municipality: asked.municipality.clone().unwrap_or_default(),
            sort: asked.sort.unwrap_or_default(),
            page: bounded("page", asked.page, 10_000)?.unwrap_or(1),
            per_page: bounded("per_page", asked.per_page, MAX_PER_PAGE)?.unwrap_or(50),
        })
    }

    pub fn find(&self, searcher: &Searcher) -> kaigiroku_query::Result<(usize, Vec<Member>)> {
        searcher.members(
            &self.municipality,
            self.sort,
            (self.page - 1) * self.per_page,
            self.per_page,
        )
    }
}

/// `/api/speakers`: with `q`, people whose name holds it (suggestions);
/// with only `municipality`, every person of that assembly, a page at a
/// time (`page`, `per_page`, `sort=speeches|name|last|first`).
/// People whose name holds the words, or an assembly's list.
#[derive(Serialize, ToSchema)]
#[serde(untagged)]
pub enum SpeakersBody {
    Suggestions {
        speakers: Vec<Linked<SpeakerMatch>>,
    },
    Members {
        total: usize,
        page: usize,
        per_page: usize,
        speakers: Vec<Linked<Member>>,
    },
}

/// A person with the address of their page.
#[derive(Serialize, ToSchema)]
pub struct Linked<T> {
    #[serde(flatten)]
    person: T,
    url: String,
}

/// `/api/speakers`.
#[utoipa::path(get, path = "/api/speakers", operation_id = "list_speakers", tag = "people",
    summary = "発言者を探す（q: 名前の一部か読み、候補表示向け）、または自治体の議員・説明員一覧（municipality のみ: 全員をページ送りで）",
    params(crate::contract::SpeakersParams),
    responses((status = 200, body = SpeakersBody), (status = 400, body = crate::contract::ErrorBody),
        (status = 404, body = crate::contract::ErrorBody)))]
pub async fn list(
    State(state): State<AppState>,
    QueryParams(asked): QueryParams<SpeakersParams>,
) -> Result<Json<SpeakersBody>, ApiError> {
    let q = asked.q.clone().unwrap_or_default();
    if q.is_empty() && asked.municipality.is_some() {
        return members(state, &asked).await.map(Json);
    }
    let municipality = asked.municipality;
    let searcher = state.searcher.clone();
    let found =
        blocking(move || searcher.speakers(&q, municipality.as_deref(), SUGGESTIONS)).await?;
    Ok(Json(SpeakersBody::Suggestions {
        speakers: linked(found, |p| &p.key),
    }))
}

async fn members(state: AppState, asked: &SpeakersParams) -> Result<SpeakersBody, ApiError> {
    let request = MembersRequest::of(asked)?;
    let searcher = state.searcher.clone();
    let (page, per_page) = (request.page, request.per_page);
    let (total, found) = blocking(move || request.find(&searcher)).await?;
    Ok(SpeakersBody::Members {
        total,
        page,
        per_page,
        speakers: linked(found, |p| &p.key),
    })
}

/// People with the address of their pages.
fn linked<T>(people: Vec<T>, key: impl Fn(&T) -> &str) -> Vec<Linked<T>> {
    people
        .into_iter()
        .map(|person| Linked {
            url: speaker_page(key(&person)),
            person,
        })
        .collect()
}

/// The speeches of the person `key`, as a search filter.
pub fn theirs(key: &str) -> Filter {
    Filter::Exact(KeywordField::SpeakerKey, key.to_string())
}

/// A person's speeches per year.
pub fn years(searcher: &Searcher, key: &str) -> kaigiroku_query::Result<Trends> {
    let request = SearchRequest {
        extra: vec![theirs(key)],
        snippets: false,
        ..SearchRequest::default()
    };
    searcher.trends(&request, Interval::Year, None)
}

/// One person: positions held, bodies, speeches per year, own words.
#[derive(Serialize, ToSchema)]
pub struct SpeakerBody {
    #[serde(flatten)]
    profile: SpeakerProfile,
    url: String,
    /// Speeches per year; `null` when none is dated.
    years: Option<Vec<Point>>,
}

/// `/api/speakers/{key}`.
#[utoipa::path(get, path = "/api/speakers/{key}", operation_id = "get_speaker", tag = "people",
    summary = "発言者：職名の変遷（期間つき）、会議体、年ごとの発言数、よく使う言葉",
    params(("key" = String, Path, description = "発言者のキー（団体コード:名前）")),
    responses((status = 200, body = SpeakerBody), (status = 400, body = crate::contract::ErrorBody),
        (status = 404, body = crate::contract::ErrorBody)))]
pub async fn one(
    State(state): State<AppState>,
    Path(key): Path<String>,
) -> Result<Json<SpeakerBody>, ApiError> {
    let searcher = state.searcher.clone();
    let (profile, years) = blocking(move || {
        let profile = searcher.speaker(&key)?;
        let years = years(&searcher, &key)?;
        Ok((profile, years))
    })
    .await?;
    Ok(Json(SpeakerBody {
        url: speaker_page(&profile.key),
        years: years.series.into_iter().next().map(|s| s.points),
        profile,
    }))
}
