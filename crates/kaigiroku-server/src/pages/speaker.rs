//! A person's page: the positions they held and when, the bodies they
//! spoke in, their speeches per year, the words that are theirs, and their
//! speeches, newest first, with a search box over only their speeches.

use std::collections::HashMap;

use axum::extract::{Path, RawQuery, State};
use axum::http::StatusCode;
use axum::response::Response;
use kaigiroku_query::speakers::SpeakerProfile;
use kaigiroku_query::{DateRange, Hit, SearchRequest, SearchResult, Sort, Trends};
use minijinja::context;
use serde::Serialize;

use crate::api::speech_url;
use crate::chart::bars;
use crate::error::ApiError;
use crate::links::{speaker_page, speech_page};
use crate::pages::page_params::Within;
use crate::query_string::{QueryParams, as_given};
use crate::speakers::{theirs, years};
use crate::state::{AppState, blocking};

const PER_PAGE: usize = 20;

#[derive(Serialize)]
struct SpeechRow {
    page: String,
    in_meeting: String,
    date: String,
    meeting: String,
    position: String,
    agenda: String,
    snippet: String,
}

#[derive(Serialize)]
struct TermLink {
    word: String,
    href: String,
}

pub async fn speaker_page_handler(
    State(state): State<AppState>,
    Path(key): Path<String>,
    RawQuery(raw): RawQuery,
    asked: Result<QueryParams<Within>, ApiError>,
) -> Response {
    let params = as_given(raw.as_deref());
    let request = asked.and_then(|QueryParams(within)| speeches_request(&key, within));
    let request = match request {
        Ok(found) => found,
        Err(err) => return state.pages.failure(err, ""),
    };
    let searcher = state.searcher.clone();
    let for_search = request.clone();
    let who = key.clone();
    let outcome = blocking(move || {
        let profile = searcher.speaker(&who)?;
        let years = years(&searcher, &who)?;
        let speeches = searcher.search(&for_search)?;
        Ok((profile, years, speeches))
    })
    .await;
    match outcome {
        Ok((profile, years, speeches)) => {
            let ctx = view(&profile, &years, &request, &speeches, &params);
            state.pages.render(StatusCode::OK, "speaker.html", ctx)
        }
        Err(err) => state.pages.failure(err, "発言者が見つかりません。"),
    }
}

/// Their speeches: all of them newest first, or those holding `q`.
fn speeches_request(key: &str, within: Within) -> Result<SearchRequest, ApiError> {
    let q = within.q.unwrap_or_default();
    let sort = if q.trim().is_empty() {
        Sort::DateDesc
    } else {
        Sort::Relevance
    };
    let request = SearchRequest {
        query: q,
        dates: DateRange::parse(within.from.as_deref(), within.until.as_deref())?,
        sort,
        extra: vec![theirs(key)],
        ..SearchRequest::default()
    };
    Ok(request.paged(within.page.unwrap_or(1), PER_PAGE)?)
}

fn view(
    profile: &SpeakerProfile,
    years: &Trends,
    request: &SearchRequest,
    speeches: &SearchResult,
    params: &HashMap<String, String>,
) -> minijinja::Value {
    let own = speaker_page(&profile.key);
    let href = |changes: &[(&str, &str)]| {
        let query = crate::pages::links::query_with(params, changes);
        if query.is_empty() {
            own.clone()
        } else {
            format!("{own}?{query}")
        }
    };
    let chart = (years.total > 0).then(|| {
        bars(
            years,
            &format!("{}の年ごとの発言数", profile.name),
            |year| href(&[("from", year), ("until", year)]),
        )
    });
    let rows: Vec<SpeechRow> = speeches.hits.iter().map(row).collect();
    let terms: Vec<TermLink> = profile
        .terms
        .iter()
        .map(|t| TermLink {
            word: t.word.clone(),
            href: href(&[("q", &t.word), ("from", ""), ("until", "")]),
        })
        .collect();
    let page = request.page();
    let pages = speeches.total.div_ceil(request.limit).max(1);
    context! {
        p => profile,
        chart => chart,
        terms => terms,
        q => params.get("q").cloned().unwrap_or_default(),
        from => params.get("from").cloned().unwrap_or_default(),
        until => params.get("until").cloned().unwrap_or_default(),
        total => speeches.total,
        speeches => rows,
        page => page,
        pages => pages,
        own => own,
        prev_href => if page > 1 { href(&[("page", &(page - 1).to_string())]) } else { String::new() },
        next_href => if page < pages { href(&[("page", &(page + 1).to_string())]) } else { String::new() },
    }
}

fn row(hit: &Hit) -> SpeechRow {
    SpeechRow {
        page: speech_page(&hit.speech_id),
        in_meeting: speech_url(&hit.meeting_id, hit.order),
        date: hit.date.clone(),
        meeting: hit.meeting_name().to_string(),
        position: hit.speaker_position.clone(),
        agenda: hit.agenda_name(),
        snippet: hit.snippet.html(),
    }
}
