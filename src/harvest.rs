//! `kaigiroku harvest kokkai`: the Diet's minutes from the NDL API (or any
//! server that speaks it, ours included) into an index. One request at a
//! time with a pause between them, as the NDL asks; resumable from a state
//! file; meetings already in the index are not fetched again.

use std::collections::HashSet;
use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::Arc;
use std::time::Duration;

use anyhow::{Context, Result, bail};
use kaigiroku_core::analysis::Analyzer;
use kaigiroku_ingest::readers::Format;
use kaigiroku_ingest::{IngestOptions, ingest};
use kaigiroku_query::{SearchRequest, Searcher};
use serde::{Deserialize, Serialize};
use serde_json::{Value, json};

/// Who fetches, in every harvest's requests.
pub(crate) const USER_AGENT: &str = concat!(
    "kaigiroku/",
    env!("CARGO_PKG_VERSION"),
    " (council minutes search; +https://github.com/kaigiroku)"
);

/// What one harvest asks for.
#[derive(Debug, Clone)]
pub struct Harvest {
    /// `https://kokkai.ndl.go.jp`, or any server with the same API.
    pub base_url: String,
    pub from: String,
    pub until: String,
    pub index: PathBuf,
    /// The pause between two requests.
    pub delay: Duration,
    /// Meetings per request (the NDL's `/api/meeting` allows 1 to 10).
    pub page_size: usize,
    /// Stop after this many requests (to harvest in parts).
    pub max_pages: Option<usize>,
}

/// Where a harvest stands, saved after every page.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
struct State {
    base_url: String,
    from: String,
    until: String,
    /// The `startRecord` of the next request; None once done.
    next: Option<usize>,
    /// Meetings the server reported for the range.
    total: usize,
    /// Meetings written so far.
    written: usize,
}

impl Harvest {
    /// The state file beside the index: `index.harvest.json`.
    fn state_path(&self) -> PathBuf {
        let mut name = self.index.file_name().unwrap_or_default().to_os_string();
        name.push(".harvest.json");
        self.index.with_file_name(name)
    }

    fn fresh_state(&self) -> State {
        State {
            base_url: self.base_url.clone(),
            from: self.from.clone(),
            until: self.until.clone(),
            next: Some(1),
            total: 0,
            written: 0,
        }
    }

    /// The saved state of this same harvest, or a new one.
    fn load_state(&self) -> Result<State> {
        let path = self.state_path();
        let Ok(text) = std::fs::read_to_string(&path) else {
            return Ok(self.fresh_state());
        };
        let state: State = serde_json::from_str(&text)
            .with_context(|| format!("{}: not a harvest state", path.display()))?;
        let same =
            state.base_url == self.base_url && state.from == self.from && state.until == self.until;
        Ok(if same { state } else { self.fresh_state() })
    }

    fn save_state(&self, state: &State) -> Result<()> {
        save_state(&self.state_path(), state)
    }

    /// `/api/meeting` from `start`.
    fn page_url(&self, start: usize) -> String {
        let encode = kaigiroku_server::encode;
        format!(
            "{}/api/meeting?from={}&until={}&startRecord={start}&maximumRecords={}&recordPacking=json",
            self.base_url.trim_end_matches('/'),
            encode(&self.from),
            encode(&self.until),
            self.page_size
        )
    }
}

/// Runs (or resumes) a harvest.
pub fn run(harvest: &Harvest, analyzer: Arc<Analyzer>) -> Result<ExitCode> {
    if !(1..=10).contains(&harvest.page_size) {
        bail!("--page-size: from 1 to 10 (the NDL's limit)");
    }
    let mut state = harvest.load_state()?;
    if state.next.is_none() {
        // A finished harvest of the same range looks again for new meetings.
        state.next = Some(1);
        state.written = 0;
    }
    let mut known = known_meetings(&harvest.index, &analyzer)?;
    let staging = harvest.index.with_extension("harvest");
    std::fs::create_dir_all(&staging)?;
    let agent = ureq::AgentBuilder::new()
        .timeout(Duration::from_secs(60))
        .user_agent(USER_AGENT)
        .build();
    let terminal = std::io::stderr().is_terminal();
    let mut pages = 0;
    while let Some(start) = state.next {
        if harvest.max_pages.is_some_and(|max| pages >= max) {
            break;
        }
        if pages > 0 {
            std::thread::sleep(harvest.delay);
        }
        let page = fetch(&agent, &harvest.page_url(start))?;
        pages += 1;
        state.total = page["numberOfRecords"].as_u64().unwrap_or(0) as usize;
        let records: Vec<Value> = page["meetingRecord"]
            .as_array()
            .cloned()
            .unwrap_or_default();
        let new: Vec<Value> = records
            .into_iter()
            .filter(|m| m["issueID"].as_str().is_some_and(|id| !known.contains(id)))
            .collect();
        if !new.is_empty() {
            let file = staging.join(format!("meetings-{start}.json"));
            std::fs::write(&file, json!({ "meetingRecord": new }).to_string())?;
            let written = ingest_file(&harvest.index, analyzer.clone(), &file, Format::KokkaiJson)?;
            std::fs::remove_file(&file)?;
            state.written += written;
            known.extend(
                new.iter()
                    .filter_map(|m| m["issueID"].as_str().map(String::from)),
            );
        }
        state.next = page["nextRecordPosition"]
            .as_u64()
            .map(|n| n as usize)
            .filter(|n| *n > start);
        harvest.save_state(&state)?;
        let line = format!(
            "meetings {}/{}  ({} new)",
            (start - 1 + harvest.page_size).min(state.total),
            state.total,
            state.written
        );
        if terminal {
            eprint!("\r{line}   ");
            let _ = std::io::stderr().flush();
        }
    }
    if terminal {
        eprintln!();
    }
    let _ = std::fs::remove_dir(&staging);
    match state.next {
        None => println!(
            "harvested {} of {} meetings ({} new) into {}",
            state.total,
            state.total,
            state.written,
            harvest.index.display()
        ),
        Some(next) => println!(
            "stopped before record {next} of {}; run again to resume ({} new so far)",
            state.total, state.written
        ),
    }
    Ok(ExitCode::SUCCESS)
}

/// Saves a harvest's state whole or not at all: written beside, then
/// renamed over the last one.
pub(crate) fn save_state(path: &Path, state: &impl Serialize) -> Result<()> {
    let staged = path.with_extension("json.tmp");
    std::fs::write(&staged, serde_json::to_string_pretty(state)?)?;
    std::fs::rename(&staged, path)?;
    Ok(())
}

/// Ingests one fetched file into `index` as `format`; the meetings written.
pub(crate) fn ingest_file(
    index: &Path,
    analyzer: Arc<Analyzer>,
    file: &Path,
    format: Format,
) -> Result<usize> {
    let options = IngestOptions {
        format: Some(format),
        ..IngestOptions::new(index.to_path_buf(), analyzer)
    };
    let summary = ingest(&[file.to_path_buf()], &options)?;
    if let Some((path, reason)) = summary.skipped.first() {
        bail!("{}: {reason}", path.display());
    }
    Ok(summary.meetings)
}

/// One page of the API, or the server's own message when it refuses.
fn fetch(agent: &ureq::Agent, url: &str) -> Result<Value> {
    match agent.get(url).call() {
        Ok(response) => {
            let text = response.into_string()?;
            serde_json::from_str(&text).with_context(|| format!("{url}: not JSON"))
        }
        Err(ureq::Error::Status(status, response)) => {
            let text = response.into_string().unwrap_or_default();
            let body: Value = serde_json::from_str(&text).unwrap_or(Value::Null);
            let message = body["message"].as_str().unwrap_or("no message");
            bail!("{url}: HTTP {status}: {message}")
        }
        Err(err) => Err(err).with_context(|| format!("{url}: no answer")),
    }
}

/// The meetings the index already holds (none when there is no index).
pub(crate) fn known_meetings(index: &Path, analyzer: &Arc<Analyzer>) -> Result<HashSet<String>> {
    if !index.join("meta.json").is_file() {
        return Ok(HashSet::new());
    }
    let searcher = Searcher::open(index, analyzer.clone())?;
    Ok(searcher
        .matching_meetings(&SearchRequest::default())?
        .into_iter()
        .map(|m| m.meeting_id)
        .collect())
}
