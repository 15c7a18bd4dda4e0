//! `kaigiroku harvest discussnet`: an assembly's minutes from its DiscussNet
//! SSP API (会議録検索システム, 531 assemblies) into an index. The API and the
//! sequence are in docs/notes/discussnet-api.md: the tenant's number from
//! its `tenant.js`, every 会議 from `councils/index`, each one's sittings
//! from `minutes/get_schedule`, and each sitting's text from
//! `minutes/get_minute`.
//!
//! One request at a time with a pause between them and a User-Agent that
//! names kaigiroku; the host's robots.txt is obeyed unless the operator says
//! the assembly agreed (`--ignore-robots`). Each sitting is kept as the
//! files the DiscussNet reader reads (`minute.json` and `metadata.json`),
//! ingested, and recorded in a state file: a run cut short resumes where it
//! stopped, and a later run fetches only the sittings it has not seen.

use std::collections::BTreeSet;
use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::Arc;
use std::time::Duration;

use anyhow::{Context, Result, bail};
use kaigiroku_core::analysis::Analyzer;
use kaigiroku_ingest::readers::Format;
use serde::{Deserialize, Serialize};
use serde_json::{Value, json};

use crate::robots::Robots;

/// The path of the API under a DiscussNet host.
const API: &str = "/dnp/search";

/// What one harvest asks for.
#[derive(Debug, Clone)]
pub struct Harvest {
    /// `https://ssp.kaigiroku.net`, or a self-hosted server.
    pub host: String,
    /// The tenant's name in its URLs: `hakodate` in
    /// `https://ssp.kaigiroku.net/tenant/hakodate/MinuteSearch.html`.
    pub tenant: String,
    /// The tenant's number, when known: saves reading its `tenant.js`.
    pub tenant_id: Option<u64>,
    pub index: PathBuf,
    /// Only the 会議 filed under these years (`view_year`), if any are given.
    pub years: Vec<String>,
    pub delay: Duration,
    /// Stop after this many requests (to harvest in parts).
    pub max_requests: Option<usize>,
    /// The assembly agreed to be fetched although robots.txt disallows it.
    pub ignore_robots: bool,
}

/// Where a harvest stands, saved after every sitting.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
struct State {
    host: String,
    tenant: String,
    tenant_id: u64,
    /// Sittings fetched and ingested, as (council_id, schedule_id).
    done: BTreeSet<(u64, u64)>,
    /// Councils whose sittings are all done and whose year is past: their
    /// schedule lists are not asked for again.
    closed: BTreeSet<u64>,
}

/// One 会議 of the tenant's listing.
#[derive(Debug, Clone)]
struct Council {
    id: u64,
    name: String,
    view_year: String,
}

/// One sitting (号) of a 会議.
#[derive(Debug, Clone, Deserialize)]
struct Schedule {
    schedule_id: u64,
    #[serde(default)]
    name: String,
    #[serde(default)]
    member_list: String,
}

/// Counts printed at the end.
#[derive(Debug, Default)]
struct Tally {
    councils: usize,
    sittings: usize,
    new_meetings: usize,
    empty: usize,
}

struct Client {
    agent: ureq::Agent,
    delay: Duration,
    requests: usize,
    max_requests: Option<usize>,
}

/// The request budget ran out: stop, keep the state, say how to resume.
#[derive(Debug)]
struct OutOfRequests;

impl std::fmt::Display for OutOfRequests {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("--max-requests reached")
    }
}

impl std::error::Error for OutOfRequests {}

impl Client {
    fn new(harvest: &Harvest) -> Client {
        Client {
            agent: ureq::AgentBuilder::new()
                .timeout(Duration::from_secs(120))
                .user_agent(crate::harvest::USER_AGENT)
                .build(),
            delay: harvest.delay,
            requests: 0,
            max_requests: harvest.max_requests,
        }
    }

    /// Waits its turn: one request at a time, `delay` apart.
    fn turn(&mut self) -> Result<()> {
        if self.max_requests.is_some_and(|max| self.requests >= max) {
            return Err(OutOfRequests.into());
        }
        if self.requests > 0 {
            std::thread::sleep(self.delay);
        }
        self.requests += 1;
        Ok(())
    }

    fn get(&mut self, url: &str) -> Result<Option<String>> {
        self.turn()?;
        match self.agent.get(url).call() {
            Ok(response) => Ok(Some(response.into_string()?)),
            Err(ureq::Error::Status(404, _)) => Ok(None),
            Err(ureq::Error::Status(status, _)) => bail!("{url}: HTTP {status}"),
            Err(err) => Err(err).with_context(|| format!("{url}: no answer")),
        }
    }

    /// A POST of the API with a form body, as the vendor's own page sends it.
    fn api(&mut self, host: &str, endpoint: &str, form: &[(&str, String)]) -> Result<Value> {
        self.turn()?;
        let url = format!("{host}{API}/{endpoint}");
        let pairs: Vec<(&str, &str)> = form.iter().map(|(k, v)| (*k, v.as_str())).collect();
        match self.agent.post(&url).send_form(&pairs) {
            Ok(response) => {
                let text = response.into_string()?;
                serde_json::from_str(&text).with_context(|| format!("{url}: not JSON"))
            }
            Err(ureq::Error::Status(status, _)) => bail!("{url}: HTTP {status}"),
            Err(err) => Err(err).with_context(|| format!("{url}: no answer")),
        }
    }
}

impl Harvest {
    fn host(&self) -> &str {
        self.host.trim_end_matches('/')
    }

    /// The state file beside the index: `index.discussnet-hakodate.json`.
    fn state_path(&self) -> PathBuf {
        let mut name = self.index.file_name().unwrap_or_default().to_os_string();
        name.push(format!(".discussnet-{}.json", self.tenant));
        self.index.with_file_name(name)
    }

    /// Where the sittings' files are kept: `index.discussnet/hakodate/…`.
    fn files(&self) -> PathBuf {
        let mut name = self.index.file_name().unwrap_or_default().to_os_string();
        name.push(".discussnet");
        self.index.with_file_name(name).join(&self.tenant)
    }

    fn load_state(&self) -> Result<Option<State>> {
        let path = self.state_path();
        let Ok(text) = std::fs::read_to_string(&path) else {
            return Ok(None);
        };
        let state: State = serde_json::from_str(&text)
            .with_context(|| format!("{}: not a harvest state", path.display()))?;
        Ok((state.host == self.host() && state.tenant == self.tenant).then_some(state))
    }

    fn save_state(&self, state: &State) -> Result<()> {
        crate::harvest::save_state(&self.state_path(), state)
    }
}

/// Runs (or resumes) a harvest.
pub fn run(harvest: &Harvest, analyzer: Arc<Analyzer>) -> Result<ExitCode> {
    if harvest.tenant.is_empty()
        || !harvest
            .tenant
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-')
    {
        bail!(
            "--tenant: the name in the assembly's DiscussNet URLs (…/tenant/NAME/…), letters and digits"
        );
    }
    let mut client = Client::new(harvest);
    let mut tally = Tally::default();
    let outcome = harvest_all(harvest, &analyzer, &mut client, &mut tally);
    let stopped = match outcome {
        Ok(()) => false,
        Err(err) if err.is::<OutOfRequests>() => true,
        Err(err) => return Err(err),
    };
    let summary = format!(
        "{} 会議, {} sittings ({} new meetings, {} sittings without text) into {}",
        tally.councils,
        tally.sittings,
        tally.new_meetings,
        tally.empty,
        harvest.index.display()
    );
    if stopped {
        println!(
            "stopped after {} requests: {summary}; run again to resume",
            client.requests
        );
    } else {
        println!("harvested {summary}");
    }
    Ok(ExitCode::SUCCESS)
}

fn harvest_all(
    harvest: &Harvest,
    analyzer: &Arc<Analyzer>,
    client: &mut Client,
    tally: &mut Tally,
) -> Result<()> {
    let host = harvest.host();
    let robots = match client.get(&format!("{host}/robots.txt"))? {
        Some(text) => Robots::parse(&text),
        None => Robots::default(),
    };
    if !robots.allows(crate::harvest::USER_AGENT, &format!("{API}/councils/index")) {
        if !harvest.ignore_robots {
            bail!(
                "{host}/robots.txt disallows {API}/: fetch this assembly's minutes only with its \
                 agreement, then run again with --ignore-robots"
            );
        }
        eprintln!("note: {host}/robots.txt disallows {API}/; going on with --ignore-robots");
    }
    let mut state = match harvest.load_state()? {
        Some(state) => state,
        None => State {
            host: host.to_string(),
            tenant: harvest.tenant.clone(),
            tenant_id: 0,
            ..State::default()
        },
    };
    if let Some(id) = harvest.tenant_id {
        state.tenant_id = id;
    }
    if state.tenant_id == 0 {
        state.tenant_id = tenant_id(client, host, &harvest.tenant)?;
        harvest.save_state(&state)?;
    }
    let tenant_id = state.tenant_id.to_string();
    let listing = client.api(host, "councils/index", &[("tenant_id", tenant_id.clone())])?;
    let councils = councils(&listing);
    if councils.is_empty() {
        bail!(
            "{host}: tenant {} (id {tenant_id}) lists no 会議: is the tenant's name or --tenant-id right?",
            harvest.tenant
        );
    }
    let latest_year = councils
        .iter()
        .map(|c| c.view_year.clone())
        .max()
        .unwrap_or_default();
    let wanted: Vec<&Council> = councils
        .iter()
        .filter(|c| harvest.years.is_empty() || harvest.years.contains(&c.view_year))
        .collect();
    let mut known = crate::harvest::known_meetings(&harvest.index, analyzer)?;
    for council in wanted {
        tally.councils += 1;
        if state.closed.contains(&council.id) {
            continue;
        }
        let answer = client.api(
            host,
            "minutes/get_schedule",
            &[
                ("tenant_id", tenant_id.clone()),
                ("council_id", council.id.to_string()),
            ],
        )?;
        let schedules: Vec<Schedule> = answer
            .get("council_schedules")
            .cloned()
            .map(serde_json::from_value)
            .transpose()
            .with_context(|| format!("council {}: bad get_schedule answer", council.id))?
            .unwrap_or_default();
        for schedule in schedules.iter().filter(|s| is_sitting(&s.name)) {
            tally.sittings += 1;
            let key = (council.id, schedule.schedule_id);
            if state.done.contains(&key) {
                continue;
            }
            let minutes = client.api(
                host,
                "minutes/get_minute",
                &[
                    ("tenant_id", tenant_id.clone()),
                    ("council_id", council.id.to_string()),
                    ("schedule_id", schedule.schedule_id.to_string()),
                ],
            )?;
            let has_text = minutes
                .get("tenant_minutes")
                .and_then(Value::as_array)
                .is_some_and(|m| !m.is_empty());
            if has_text {
                let id = format!(
                    "discussnet-{}-{}-{}",
                    harvest.tenant, council.id, schedule.schedule_id
                );
                let written =
                    write_and_ingest(harvest, analyzer, &state, council, schedule, &minutes)?;
                if !known.contains(&id) {
                    tally.new_meetings += written;
                    known.insert(id);
                }
            } else {
                tally.empty += 1;
            }
            state.done.insert(key);
            harvest.save_state(&state)?;
        }
        // A 会議 of a past year keeps its sittings: not asked for again.
        let all_done = schedules
            .iter()
            .filter(|s| is_sitting(&s.name))
            .all(|s| state.done.contains(&(council.id, s.schedule_id)));
        if all_done && council.view_year < latest_year {
            state.closed.insert(council.id);
            harvest.save_state(&state)?;
        }
    }
    Ok(())
}

/// The tenant's number from its `tenant.js`: `dnp.params.tenant_id = 537`
/// (the last such number: a comment may hold an example before it).
fn tenant_id(client: &mut Client, host: &str, tenant: &str) -> Result<u64> {
    let url = format!("{host}/tenant/{tenant}/js/tenant.js");
    let Some(script) = client.get(&url)? else {
        bail!("{url}: not found: is --tenant the name in the assembly's DiscussNet URLs?");
    };
    let mut found = None;
    for (at, _) in script.match_indices("tenant_id") {
        let digits: String = script[at + "tenant_id".len()..]
            .trim_start_matches(|c: char| {
                c.is_whitespace() || matches!(c, '=' | '"' | '\'') || c.is_ascii_alphabetic()
            })
            .chars()
            .take_while(char::is_ascii_digit)
            .collect();
        if let Ok(id) = digits.parse() {
            found = Some(id);
        }
    }
    found.with_context(|| format!("{url}: no tenant_id in it; give --tenant-id"))
}

/// The 会議 of a `councils/index` answer, minutes only: the 資料 branch
/// (bill lists, tables) and 別冊 volumes hold no proceedings.
fn councils(listing: &Value) -> Vec<Council> {
    let mut found = Vec::new();
    let empty = Vec::new();
    let array = |v: &Value, key: &str| {
        v.get(key)
            .and_then(Value::as_array)
            .unwrap_or(&empty)
            .clone()
    };
    for root in array(listing, "councils") {
        for year in array(&root, "view_years") {
            let view_year = year["view_year"].as_str().unwrap_or("").to_string();
            for kind in array(&year, "council_type") {
                if kind["council_type_name1"].as_str() != Some("全会議") {
                    continue;
                }
                for council in array(&kind, "councils") {
                    let name = council["name"].as_str().unwrap_or("").to_string();
                    let Some(id) = council["council_id"].as_u64() else {
                        continue;
                    };
                    if name.contains("別冊") || found.iter().any(|c: &Council| c.id == id) {
                        continue;
                    }
                    found.push(Council {
                        id,
                        name,
                        view_year: view_year.clone(),
                    });
                }
            }
        }
    }
    found
}

/// A sitting's label, 「02月22日－01号」; not 「06月17日－目次」 or a list of
/// bills 「議第69号～議第93号」.
fn is_sitting(name: &str) -> bool {
    let name = name.trim();
    let month = name
        .chars()
        .take_while(|c| !matches!(c, '月'))
        .collect::<String>();
    !month.is_empty()
        && month
            .chars()
            .all(|c| c.is_ascii_digit() || ('０'..='９').contains(&c))
        && name.contains('日')
        && name.ends_with('号')
}

/// Keeps a sitting as the DiscussNet reader reads it and ingests it;
/// returns the meetings written.
fn write_and_ingest(
    harvest: &Harvest,
    analyzer: &Arc<Analyzer>,
    state: &State,
    council: &Council,
    schedule: &Schedule,
    minutes: &Value,
) -> Result<usize> {
    let dir = harvest
        .files()
        .join(council.id.to_string())
        .join(schedule.schedule_id.to_string());
    std::fs::create_dir_all(&dir)?;
    let metadata = json!({
        "tenantSlug": harvest.tenant,
        "tenantId": state.tenant_id,
        "councilId": council.id,
        "councilName": council.name,
        "viewYear": council.view_year,
        "scheduleId": schedule.schedule_id,
        "scheduleName": schedule.name,
        "memberList": schedule.member_list,
        "host": harvest.host(),
    });
    std::fs::write(
        dir.join("metadata.json"),
        serde_json::to_string_pretty(&metadata)?,
    )?;
    let file = dir.join("minute.json");
    std::fs::write(&file, serde_json::to_string(minutes)?)?;
    crate::harvest::ingest_file(&harvest.index, analyzer.clone(), &file, Format::DiscussNet)
}
