//! Arguments and dispatch.

use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::Arc;

use anyhow::Result;
use clap::{Parser, Subcommand};
use kaigiroku_core::analysis::Analyzer;
use kaigiroku_core::dictionary;
use kaigiroku_core::model::{Category, Outcome};
use kaigiroku_ingest::readers::Format;
use kaigiroku_query::{Assembly, DateRange, NameMatch, Scope, SearchRequest, Sort};

#[derive(Debug, Parser)]
#[command(
    name = "kaigiroku",
    version,
    about = "Search engine over Japanese council minutes (会議録)"
)]
pub struct Args {
    /// Compiled dictionary folder [default: $KAIGIROKU_DICT, else $XDG_DATA_HOME/kaigiroku/ipadic or ~/.local/share/kaigiroku/ipadic]
    #[arg(long, global = true)]
    dict: Option<PathBuf>,
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Manage the IPADIC dictionary
    Dict {
        #[command(subcommand)]
        command: DictCommand,
    },
    /// Show how a text is normalized and tokenized (like Elasticsearch's _analyze)
    Analyze {
        /// The text to analyze
        text: String,
        /// Print JSON instead of a table
        #[arg(long)]
        json: bool,
    },
    /// Read minutes (files or folders) into the index
    Ingest(crate::ingest::IngestArgs),
    /// Print the meetings a file holds, as canonical JSON Lines (no index needed)
    Parse {
        path: PathBuf,
        /// Force a format instead of detecting it
        #[arg(long)]
        format: Option<Format>,
        /// Print the text the reader reads (a PDF or Word file laid out) instead of the meetings
        #[arg(long)]
        text: bool,
    },
    /// Report what the readers recover from files or folders: agenda
    /// coverage, outcomes, speaker labels (no index needed)
    Report {
        #[arg(required = true)]
        paths: Vec<PathBuf>,
    },
    /// Resolve the speakers of files or folders to persons and report how
    /// well they resolve (no index needed)
    Persons {
        #[arg(required = true)]
        paths: Vec<PathBuf>,
        /// A roster file (CSV; see docs/ROSTER.md), repeatable
        #[arg(long)]
        roster: Vec<PathBuf>,
        /// Also list the keys left unresolved beside one full name
        #[arg(long)]
        list: bool,
    },
    /// Search the index from the terminal, with the API's filters
    Search(SearchArgs),
    /// Fetch minutes from a public API into the index
    Harvest {
        #[command(subcommand)]
        source: HarvestSource,
    },
    /// Serve the web page and the API
    Serve {
        #[arg(long, default_value = "index")]
        index: PathBuf,
        #[arg(long, default_value = "127.0.0.1:8080")]
        addr: std::net::SocketAddr,
    },
}

/// `kaigiroku search`: the filters of `/api/search`, read the same way.
#[derive(Debug, clap::Args)]
struct SearchArgs {
    query: String,
    #[arg(long, default_value = "index")]
    index: PathBuf,
    /// A name from its start; "…" for exactly this name
    #[arg(long)]
    speaker: Option<String>,
    /// A position anywhere in it (課長); "…" for exactly this position
    #[arg(long)]
    position: Option<String>,
    /// chair, member, executive, staff, secretariat, witness or other
    #[arg(long, value_parser = category)]
    category: Option<Category>,
    /// The body (本会議, 総務委員会…)
    #[arg(long)]
    body: Option<String>,
    /// A municipality's name or 団体コード
    #[arg(long)]
    municipality: Option<String>,
    /// An agenda label as printed (日程第１)
    #[arg(long)]
    agenda: Option<String>,
    /// Only under agenda items with this outcome (可決, 採択…)
    #[arg(long, value_parser = outcome)]
    outcome: Option<Outcome>,
    /// From this date (2023, 2023-06, 令和5年6月1日)
    #[arg(long)]
    from: Option<String>,
    /// Until this date, inclusive
    #[arg(long)]
    until: Option<String>,
    /// relevance, date_desc or date_asc
    #[arg(long, default_value = "relevance")]
    sort: Sort,
    /// speech, or agenda for agenda items whose speeches hold every word
    #[arg(long, default_value = "speech")]
    scope: Scope,
    #[arg(long, default_value_t = 1)]
    page: usize,
    /// Results per page
    #[arg(long, alias = "per-page", default_value_t = 10)]
    limit: usize,
    /// Print the result as JSON
    #[arg(long)]
    json: bool,
}

fn category(name: &str) -> Result<Category, String> {
    Category::parse(name).ok_or_else(|| {
        let names: Vec<&str> = Category::ALL.iter().map(|c| c.as_str()).collect();
        format!("one of {}", names.join(", "))
    })
}

fn outcome(word: &str) -> Result<Outcome, String> {
    Outcome::parse(word).ok_or_else(|| {
        let words: Vec<&str> = Outcome::ALL.iter().map(|o| o.as_str()).collect();
        format!("one of {}", words.join(", "))
    })
}

#[derive(Debug, Subcommand)]
enum HarvestSource {
    /// An assembly's minutes through its DiscussNet SSP API (ssp.kaigiroku.net
    /// or a self-hosted server), one request at a time; obeys robots.txt,
    /// resumes where it stopped and fetches only sittings it has not seen
    Discussnet {
        /// The tenant's name in its URLs: hakodate in
        /// https://ssp.kaigiroku.net/tenant/hakodate/MinuteSearch.html
        #[arg(long)]
        tenant: String,
        /// The DiscussNet server
        #[arg(long, default_value = "https://ssp.kaigiroku.net")]
        host: String,
        /// The tenant's number, if known (else read from its tenant.js)
        #[arg(long)]
        tenant_id: Option<u64>,
        /// Only the 会議 filed under this year (repeatable), e.g. 2024
        #[arg(long = "year")]
        years: Vec<String>,
        #[arg(long, default_value = "index")]
        index: PathBuf,
        /// Pause between requests, in milliseconds
        #[arg(long, default_value_t = 5000)]
        delay_ms: u64,
        /// Stop after this many requests (run again to resume)
        #[arg(long)]
        max_requests: Option<usize>,
        /// Go on although the host's robots.txt disallows the API: only with
        /// the assembly's agreement
        #[arg(long)]
        ignore_robots: bool,
    },
    /// The Diet's minutes through the NDL API (/api/meeting), one request at
    /// a time; resumes where it stopped and skips meetings already indexed
    Kokkai {
        /// The API's server, e.g. https://kokkai.ndl.go.jp
        #[arg(long)]
        base_url: String,
        /// First meeting date (YYYY-MM-DD)
        #[arg(long)]
        from: String,
        /// Last meeting date (YYYY-MM-DD)
        #[arg(long)]
        until: String,
        #[arg(long, default_value = "index")]
        index: PathBuf,
        /// Pause between requests, in milliseconds (the NDL asks for sequential, polite access)
        #[arg(long, default_value_t = 1000)]
        delay_ms: u64,
        /// Meetings per request (1 to 10)
        #[arg(long, default_value_t = 10)]
        page_size: usize,
        /// Stop after this many requests; run again to resume
        #[arg(long)]
        max_pages: Option<usize>,
    },
}

#[derive(Debug, Subcommand)]
enum DictCommand {
    /// Compile IPADIC from Debian's mecab-ipadic sources (no download)
    Build {
        /// Folder with the IPADIC sources [default: the first found of $KAIGIROKU_IPADIC_SRC, /usr/share/mecab/dic/ipadic, ~/.cache/kaigiroku/mecab-ipadic/…]
        #[arg(long)]
        source: Option<PathBuf>,
        /// Do nothing when a complete dictionary is already there
        #[arg(long)]
        if_missing: bool,
    },
    /// Print where the dictionary is and its checksum
    Info,
}

pub fn run(args: Args) -> Result<ExitCode> {
    let dict_dir = args.dict.unwrap_or_else(dictionary::default_dictionary_dir);
    match args.command {
        Command::Dict {
            command: DictCommand::Build { source, if_missing },
        } => build_dictionary(&dict_dir, source, if_missing)?,
        Command::Dict {
            command: DictCommand::Info,
        } => {
            let stamp = dictionary::read_stamp(&dict_dir)?;
            println!(
                "dictionary: {}\nsource:     {}\nbuilder:    {}\nsha256:     {}",
                dict_dir.display(),
                stamp.source,
                stamp.builder,
                stamp.checksum
            );
        }
        Command::Analyze { text, json } => {
            crate::analyze::print(&*open_analyzer(&dict_dir)?, &text, json);
        }
        Command::Ingest(args) => {
            return crate::ingest::run(&args, open_analyzer(&dict_dir)?);
        }
        Command::Parse { path, format, text } => {
            if text {
                return crate::ingest::text(&path, format);
            }
            return crate::ingest::parse(&path, format, open_analyzer(&dict_dir)?);
        }
        Command::Report { paths } => crate::ingest::report(&paths, open_analyzer(&dict_dir)?)?,
        Command::Persons {
            paths,
            roster,
            list,
        } => crate::ingest::persons(&paths, &roster, list, open_analyzer(&dict_dir)?)?,
        Command::Search(search) => crate::search::run(
            search.request()?,
            search.scope,
            &search.index,
            search.json,
            open_analyzer(&dict_dir)?,
        )?,
        Command::Harvest {
            source:
                HarvestSource::Kokkai {
                    base_url,
                    from,
                    until,
                    index,
                    delay_ms,
                    page_size,
                    max_pages,
                },
        } => {
            let harvest = crate::harvest::Harvest {
                base_url,
                from,
                until,
                index,
                delay: std::time::Duration::from_millis(delay_ms),
                page_size,
                max_pages,
            };
            return crate::harvest::run(&harvest, open_analyzer(&dict_dir)?);
        }
        Command::Harvest {
            source:
                HarvestSource::Discussnet {
                    tenant,
                    host,
                    tenant_id,
                    years,
                    index,
                    delay_ms,
                    max_requests,
                    ignore_robots,
                },
        } => {
            let harvest = crate::discussnet::Harvest {
                host,
                tenant,
                tenant_id,
                index,
                years,
                delay: std::time::Duration::from_millis(delay_ms),
                max_requests,
                ignore_robots,
            };
            return crate::discussnet::run(&harvest, open_analyzer(&dict_dir)?);
        }
        Command::Serve { index, addr } => serve(&index, addr, open_analyzer(&dict_dir)?)?,
    }
    Ok(ExitCode::SUCCESS)
}

impl SearchArgs {
    /// The request these flags ask for, checked as the API checks it.
    fn request(&self) -> Result<SearchRequest> {
        let request = SearchRequest {
            query: self.query.clone(),
            speaker: self.speaker.as_deref().and_then(NameMatch::parse),
            position: self.position.as_deref().and_then(NameMatch::parse),
            category: self.category,
            body: self.body.clone(),
            municipality: self.municipality.as_deref().and_then(Assembly::parse),
            agenda: self.agenda.clone(),
            outcome: self.outcome,
            dates: DateRange::parse(self.from.as_deref(), self.until.as_deref())?,
            sort: self.sort,
            names: true,
            fold: true,
            ..SearchRequest::default()
        };
        Ok(request.paged(self.page, self.limit)?)
    }
}

fn build_dictionary(dict_dir: &Path, source: Option<PathBuf>, if_missing: bool) -> Result<()> {
    if if_missing && let Ok(stamp) = dictionary::read_stamp(dict_dir) {
        println!(
            "dictionary {} is there (sha256 {})",
            dict_dir.display(),
            stamp.checksum
        );
        return Ok(());
    }
    let source = match source {
        Some(source) => source,
        None => dictionary::locate_source()?,
    };
    let started = std::time::Instant::now();
    let stamp = dictionary::build(&source, dict_dir)?;
    println!(
        "built {} from {} in {:.1} s (sha256 {})",
        dict_dir.display(),
        source.display(),
        started.elapsed().as_secs_f64(),
        stamp.checksum
    );
    Ok(())
}

fn serve(index: &Path, addr: std::net::SocketAddr, analyzer: Arc<Analyzer>) -> Result<()> {
    let searcher = Arc::new(kaigiroku_query::Searcher::open(index, analyzer)?);
    // The first search that folds spellings would read them otherwise.
    let warming = searcher.clone();
    std::thread::spawn(move || warming.prepare_folding());
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_default_env().unwrap_or_else(|_| "info".into()),
        )
        .with_target(false)
        .with_writer(std::io::stderr)
        .with_ansi(std::io::IsTerminal::is_terminal(&std::io::stderr()))
        .init();
    let runtime = kaigiroku_server::runtime()?;
    runtime.block_on(kaigiroku_server::serve(searcher, addr))?;
    Ok(())
}

/// The analyzer, compiling the dictionary first when it is missing.
pub fn open_analyzer(dict_dir: &std::path::Path) -> Result<Arc<Analyzer>> {
    if dictionary::read_stamp(dict_dir).is_err() {
        eprintln!(
            "kaigiroku: compiling the IPADIC dictionary into {} …",
            dict_dir.display()
        );
    }
    dictionary::ensure_built(dict_dir)?;
    Ok(Arc::new(Analyzer::open(dict_dir)?))
}
