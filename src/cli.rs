//! Arguments and dispatch.

use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::Arc;

use anyhow::Result;
use clap::{Parser, Subcommand};
use kaigiroku_core::analysis::Analyzer;
use kaigiroku_core::dictionary;

#[derive(Debug, Parser)]
#[command(name = "kaigiroku", version, about = "Search engine over Japanese council minutes (会議録)")]
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
}

#[derive(Debug, Subcommand)]
enum DictCommand {
    /// Compile IPADIC from Debian's mecab-ipadic sources (no download)
    Build {
        /// Folder with the IPADIC sources [default: the first found of $KAIGIROKU_IPADIC_SRC, /usr/share/mecab/dic/ipadic, ~/.cache/kaigiroku/mecab-ipadic/…]
        #[arg(long)]
        source: Option<PathBuf>,
    },
    /// Print where the dictionary is and its checksum
    Info,
}

pub fn run(args: Args) -> Result<ExitCode> {
    let dict_dir = args.dict.unwrap_or_else(dictionary::default_dictionary_dir);
    match args.command {
        Command::Dict { command: DictCommand::Build { source } } => {
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
        Command::Dict { command: DictCommand::Info } => {
            let stamp = dictionary::read_stamp(&dict_dir)?;
            println!("dictionary: {}\nsource:     {}\nbuilder:    {}\nsha256:     {}", dict_dir.display(), stamp.source, stamp.builder, stamp.checksum);
        }
        Command::Analyze { text, json } => {
            let analyzer = open_analyzer(&dict_dir)?;
            crate::analyze::print(&analyzer, &text, json);
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// The analyzer, compiling the dictionary first when it is missing.
pub fn open_analyzer(dict_dir: &std::path::Path) -> Result<Arc<Analyzer>> {
    if dictionary::read_stamp(dict_dir).is_err() {
        eprintln!("kaigiroku: compiling the IPADIC dictionary into {} …", dict_dir.display());
    }
    dictionary::ensure_built(dict_dir)?;
    Ok(Arc::new(Analyzer::open(dict_dir)?))
}
