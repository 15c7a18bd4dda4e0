//! `kaigiroku ingest`: progress on stderr, a summary at the end, and an
//! exit code that says whether files were skipped.

use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::Arc;
use std::time::Duration;

use anyhow::{Result, bail};
use kaigiroku_core::analysis::Analyzer;
use kaigiroku_ingest::readers::Format;
use kaigiroku_ingest::{IngestOptions, Progress, ingest};

/// `kaigiroku ingest`: what to read, into which index, and how often to
/// commit.
#[derive(Debug, clap::Args)]
pub struct IngestArgs {
    /// Files or folders of minutes
    #[arg(required = true)]
    pub paths: Vec<PathBuf>,
    #[arg(long, default_value = "index")]
    pub index: PathBuf,
    /// Force a format instead of detecting it (seed, council, jsonl, shinagawa, poliinfo, html, discussnet, kokkai-json, kokkai-xml)
    #[arg(long)]
    pub format: Option<Format>,
    /// Delete the index first and build it anew
    #[arg(long)]
    pub rebuild: bool,
    /// Commit after this many MB of speech text (an interrupted ingest keeps
    /// what it had committed; a re-run goes on from there)
    #[arg(long, default_value_t = 64.0, value_parser = positive)]
    pub commit_mb: f64,
    /// Commit after this many seconds, if anything was written since the last
    /// commit
    #[arg(long, default_value_t = 60.0, value_parser = positive)]
    pub commit_seconds: f64,
    /// A roster of an assembly's members (CSV; see docs/ROSTER.md), repeatable:
    /// where it names a person, it wins over what the minutes suggest
    #[arg(long)]
    pub roster: Vec<PathBuf>,
}

fn positive(text: &str) -> Result<f64, String> {
    match text.parse::<f64>() {
        Ok(number) if number > 0.0 && number.is_finite() => Ok(number),
        _ => Err("a number greater than 0".to_string()),
    }
}

pub fn run(args: &IngestArgs, analyzer: Arc<Analyzer>) -> Result<ExitCode> {
    let index = &args.index;
    let mut options = IngestOptions::new(index.clone(), analyzer);
    options.format = args.format;
    options.commit_every_bytes = (args.commit_mb * 1e6) as u64;
    options.commit_every = Duration::from_secs_f64(args.commit_seconds);
    options.rosters = args.roster.clone();
    if args.rebuild && index.exists() {
        kaigiroku_ingest::ensure_not_writing(index)?;
        std::fs::remove_dir_all(index)?;
    }
    let terminal = std::io::stderr().is_terminal();
    options.progress = Some(Box::new(move |p: &Progress| {
        let line = format!(
            "files {}/{}  {:.1} MB  {:.1} MB/s",
            p.files_done,
            p.files_total,
            p.bytes_done as f64 / 1e6,
            p.megabytes_per_second()
        );
        if terminal {
            eprint!("\r{line}   ");
            let _ = std::io::stderr().flush();
        }
    }));
    let summary = ingest(&args.paths, &options)?;
    if terminal {
        eprintln!();
    }
    println!(
        "{} files, {:.1} MB in {:.1} s ({:.1} MB/s): {} meetings written, {} unchanged, {} speeches, {} skipped",
        summary.files,
        summary.bytes as f64 / 1e6,
        summary.elapsed.as_secs_f64(),
        summary.bytes as f64 / 1e6 / summary.elapsed.as_secs_f64().max(1e-9),
        summary.meetings,
        summary.unchanged,
        summary.speeches,
        summary.skipped.len()
    );
    println!(
        "{} commit{} in {:.2} s; merges waited for {:.2} s",
        summary.commits,
        if summary.commits == 1 { "" } else { "s" },
        summary.commit_time.as_secs_f64(),
        summary.merge_time.as_secs_f64()
    );
    for (path, reason) in &summary.skipped {
        eprintln!("skipped {}: {reason}", printable(path));
    }
    for (path, reason) in &summary.skipped_parts {
        eprintln!("skipped in {}: {reason}", printable(path));
    }
    Ok(
        if summary.skipped.is_empty() && summary.skipped_parts.is_empty() {
            ExitCode::SUCCESS
        } else {
            ExitCode::from(1)
        },
    )
}

/// A path for a line of the report: a control character in a file name
/// (a newline) is escaped, so that no name can forge a line of its own.
fn printable(path: &Path) -> String {
    path.display()
        .to_string()
        .chars()
        .flat_map(|c| {
            let escaped: Vec<char> = if c.is_control() {
                c.escape_default().collect()
            } else {
                vec![c]
            };
            escaped
        })
        .collect()
}

/// `kaigiroku parse --text`: the text a file's reader reads, for a PDF or a
/// Word file as laid out.
pub fn text(path: &Path, format: Option<Format>) -> Result<ExitCode> {
    let bytes = std::fs::read(path)?;
    match kaigiroku_ingest::readers::open(path, &bytes, format)
        .map_err(|reason| anyhow::anyhow!("{}: {reason}", path.display()))?
    {
        Some((text, _)) => print!("{text}"),
        None => bail!(
            "{}: read together with the minute.json of its folder",
            path.display()
        ),
    }
    Ok(ExitCode::SUCCESS)
}

/// `kaigiroku parse`: one file's meetings as canonical JSON Lines.
pub fn parse(path: &Path, format: Option<Format>, analyzer: Arc<Analyzer>) -> Result<ExitCode> {
    let bytes = std::fs::read(path)?;
    let Some((text, format)) = kaigiroku_ingest::readers::open(path, &bytes, format)
        .map_err(|reason| anyhow::anyhow!("{}: {reason}", path.display()))?
    else {
        bail!(
            "{}: read together with the minute.json of its folder",
            path.display()
        );
    };
    let speakers = kaigiroku_ingest::speaker::SpeakerParser::new(analyzer);
    let reading = kaigiroku_ingest::readers::read(path, &text, format, &speakers)
        .map_err(|reason| anyhow::anyhow!("{}: {reason}", path.display()))?;
    for reason in &reading.skipped {
        eprintln!("skipped in {}: {reason}", path.display());
    }
    let mut out = std::io::stdout().lock();
    for meeting in reading.meetings {
        // A closed pipe (`| head`) ends the output quietly.
        if writeln!(out, "{}", serde_json::to_string(&meeting)?).is_err() {
            break;
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// `kaigiroku report`: what the readers recover from each path, in all
/// and per format, and the files that could not be read.
pub fn report(paths: &[PathBuf], analyzer: Arc<Analyzer>) -> Result<()> {
    use kaigiroku_ingest::report::{Counts, RecordReport};
    let speakers = kaigiroku_ingest::speaker::SpeakerParser::new(analyzer);
    let percent = |part: usize, whole: usize| {
        if whole == 0 {
            "n/a".to_string()
        } else {
            format!("{:.1} %", 100.0 * part as f64 / whole as f64)
        }
    };
    let row = |name: &str, c: &Counts| {
        println!(
            "  {name:<12} {:>6} {:>8} {:>6} {:>9} {:>8} {:>8} {:>7} {:>9} {:>13} {:>13}",
            c.files,
            c.meetings,
            c.dated,
            c.speeches,
            c.labels,
            c.labels_unread,
            c.items,
            percent(c.items_with_outcome, c.items),
            percent(c.under_an_item, c.speeches_with_headings),
            format!(
                "{} ({})",
                percent(c.plenary_bills_decided, c.plenary_bills),
                c.plenary_bills
            ),
        );
    };
    for path in paths {
        let r = RecordReport::of(std::slice::from_ref(path), &speakers)?;
        println!(
            "{}: {} files read, {} skipped",
            path.display(),
            r.total.files,
            r.skipped.len()
        );
        println!(
            "  {:<12} {:>6} {:>8} {:>6} {:>9} {:>8} {:>8} {:>7} {:>9} {:>13} {:>13}",
            "format",
            "files",
            "meetings",
            "dated",
            "speeches",
            "speakers",
            "unread",
            "items",
            "outcome",
            "under_item",
            "bills_decided"
        );
        for (format, counts) in &r.by_format {
            row(format, counts);
        }
        row("all", &r.total);
        for (file, reason) in &r.skipped {
            println!("  skipped {}: {reason}", printable(file));
        }
    }
    Ok(())
}

/// `kaigiroku persons`: how well the speakers of some files resolve.
pub fn persons(
    paths: &[PathBuf],
    rosters: &[PathBuf],
    list: bool,
    analyzer: Arc<Analyzer>,
) -> Result<()> {
    use kaigiroku_ingest::persons::{PersonsReport, resolve_files};
    let speakers = kaigiroku_ingest::speaker::SpeakerParser::new(analyzer);
    let (_, meetings) =
        resolve_files(paths, None, &speakers, rosters).map_err(anyhow::Error::msg)?;
    let report = PersonsReport::of(meetings.iter().map(|(_, m)| m));
    let percent = |part: usize| 100.0 * part as f64 / report.keyed_speeches.max(1) as f64;
    println!("meetings: {}", meetings.len());
    println!("speeches with a person key: {}", report.keyed_speeches);
    println!(
        "  resolved to a full name: {} ({:.1} %)",
        report.resolved,
        percent(report.resolved)
    );
    println!(
        "  with a reading: {} ({:.1} %)",
        report.with_reading,
        percent(report.with_reading)
    );
    println!("keys: {}", report.keys);
    println!(
        "keys with a member's and an official's speech on one date: {}",
        report.mixed_keys.len()
    );
    println!(
        "unresolved keys beside exactly one full name of the same side and years: {}",
        report.split_keys.len()
    );
    if list {
        for key in &report.mixed_keys {
            println!("  mixed: {key}");
        }
        for (key, beside) in &report.split_keys {
            println!("  unresolved: {key} (beside {beside})");
        }
    }
    Ok(())
}
