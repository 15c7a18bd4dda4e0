//! Arguments and dispatch.

use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::Arc;

use anyhow::Result;
use clap::{Parser, Subcommand};
use kaigiroku_core::analysis::Analyzer;
use kaigiroku_core::dictionary;

#[derive(Debug, Parser)]
#[command(
    name = "kaigiroku",
    version,
    about = "Search engine over Japanese council minutes (会議録)"
)]
pub struct Args {
    /// Compiled dictionary folder [default: $KAIGIROKU_DICT or dict/ipadic]
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
    Ingest {
        /// Files or folders of minutes
        #[arg(required = true)]
        paths: Vec<PathBuf>,
        #[arg(long, default_value = "index")]
        index: PathBuf,
        /// Force a format instead of detecting it (seed, council, jsonl, shinagawa, poliinfo)
        #[arg(long)]
        format: Option<String>,
        /// Delete the index first and build it anew
        #[arg(long)]
        rebuild: bool,
    },
    /// Print the meetings a file holds, as canonical JSON Lines (no index needed)
    Parse {
        path: PathBuf,
        /// Force a format instead of detecting it
        #[arg(long)]
        format: Option<String>,
    },
    /// Report what the readers recover from files or folders: agenda
    /// coverage, outcomes, speaker labels (no index needed)
    Report {
        #[arg(required = true)]
        paths: Vec<PathBuf>,
    },
    /// Search the index from the terminal
    Search {
        query: String,
        #[arg(long, default_value = "index")]
        index: PathBuf,
        #[arg(long)]
        speaker: Option<String>,
        /// chair, member, executive, staff, secretariat, witness or other
        #[arg(long)]
        category: Option<String>,
        #[arg(long)]
        from: Option<String>,
        #[arg(long)]
        until: Option<String>,
        #[arg(long, default_value_t = 10)]
        limit: usize,
        /// Print the API's JSON
        #[arg(long)]
        json: bool,
    },
    /// Serve the web page and the API
    Serve {
        #[arg(long, default_value = "index")]
        index: PathBuf,
        #[arg(long, default_value = "127.0.0.1:8080")]
        addr: std::net::SocketAddr,
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
        } => {
            if if_missing && let Ok(stamp) = dictionary::read_stamp(&dict_dir) {
                println!(
                    "dictionary {} is there (sha256 {})",
                    dict_dir.display(),
                    stamp.checksum
                );
                return Ok(ExitCode::SUCCESS);
            }
            let source = match source {
                Some(source) => source,
                None => dictionary::locate_source()?,
            };
            let started = std::time::Instant::now();
            let stamp = dictionary::build(&source, &dict_dir)?;
            println!(
                "built {} from {} in {:.1} s (sha256 {})",
                dict_dir.display(),
                source.display(),
                started.elapsed().as_secs_f64(),
                stamp.checksum
            );
        }
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
            let analyzer = open_analyzer(&dict_dir)?;
            crate::analyze::print(&analyzer, &text, json);
        }
        Command::Ingest {
            paths,
            index,
            format,
            rebuild,
        } => {
            let analyzer = open_analyzer(&dict_dir)?;
            return crate::ingest::run(&paths, &index, format.as_deref(), rebuild, analyzer);
        }
        Command::Parse { path, format } => {
            let analyzer = open_analyzer(&dict_dir)?;
            return crate::ingest::parse(&path, format.as_deref(), analyzer);
        }
        Command::Report { paths } => {
            let analyzer = open_analyzer(&dict_dir)?;
            crate::ingest::report(&paths, analyzer)?;
        }
        Command::Search {
            query,
            index,
            speaker,
            category,
            from,
            until,
            limit,
            json,
        } => {
            let analyzer = open_analyzer(&dict_dir)?;
            let searcher = kaigiroku_query::Searcher::open(&index, analyzer)?;
            let request = kaigiroku_query::SearchRequest {
                query,
                speaker,
                category,
                from,
                until,
                per_page: limit,
                page: 1,
                names: true,
                ..Default::default()
            };
            let started = std::time::Instant::now();
            let result = searcher.search(&request)?;
            if json {
                let value = kaigiroku_query::api::search_json(
                    &request,
                    &result,
                    started.elapsed().as_millis(),
                );
                println!("{}", serde_json::to_string_pretty(&value)?);
            } else {
                println!("{} speeches ({})", result.total, result.normalized);
                for hit in &result.hits {
                    println!(
                        "\n{} {} {} {} {}\n  {}（{}） {}\n  {}",
                        hit.date,
                        hit.municipality,
                        hit.body,
                        hit.agenda_label,
                        hit.agenda_title,
                        hit.speaker_label,
                        hit.speaker_position,
                        hit.speech_id,
                        hit.snippet.replace("<mark>", "【").replace("</mark>", "】")
                    );
                }
            }
        }
        Command::Serve { index, addr } => {
            let analyzer = open_analyzer(&dict_dir)?;
            let searcher = std::sync::Arc::new(kaigiroku_query::Searcher::open(&index, analyzer)?);
            tracing_subscriber::fmt()
                .with_env_filter(
                    tracing_subscriber::EnvFilter::try_from_default_env()
                        .unwrap_or_else(|_| "info".into()),
                )
                .with_target(false)
                .with_writer(std::io::stderr)
                .with_ansi(std::io::IsTerminal::is_terminal(&std::io::stderr()))
                .init();
            let runtime = tokio::runtime::Runtime::new()?;
            runtime.block_on(kaigiroku_query::server::serve(searcher, addr))?;
        }
    }
    Ok(ExitCode::SUCCESS)
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
