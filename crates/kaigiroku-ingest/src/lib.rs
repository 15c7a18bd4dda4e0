//! Readers for published minutes and the index writer.
//!
//! Files of every format we read become the canonical record
//! ([`kaigiroku_core::model::Meeting`]); [`ingest`] walks folders, parses and
//! analyzes in parallel and writes one tantivy document per speech.
//!
//! ```no_run
//! use kaigiroku_ingest::{IngestOptions, ingest};
//! let analyzer = kaigiroku_core::testing::analyzer();
//! let options = IngestOptions::new("index".into(), analyzer);
//! let summary = ingest(&["data".into()], &options)?;
//! println!("{} meetings, {} skipped", summary.meetings, summary.skipped.len());
//! # Ok::<(), kaigiroku_ingest::Error>(())
//! ```

pub mod agenda;
pub mod decode;
pub mod documents;
mod error;
pub mod municipality;
pub mod readers;
pub mod report;
pub mod speaker;
mod walk;

pub use error::{Error, Result};

use std::collections::{HashMap, VecDeque};
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::mpsc;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use kaigiroku_core::analysis::Analyzer;
use kaigiroku_core::model::Meeting;
use kaigiroku_core::schema::{Fields, IndexStamp, open_index};
use sha2::{Digest, Sha256};
use tantivy::collector::DocSetCollector;
use tantivy::query::TermQuery;
use tantivy::schema::{IndexRecordOption, Value};
use tantivy::{Index, TantivyDocument, Term};

use crate::documents::{MEETING_KIND, meeting_documents};
use crate::readers::Format;
use crate::speaker::SpeakerParser;

/// A callback that reports progress.
pub type ProgressReporter = Box<dyn Fn(&Progress) + Send + Sync>;

/// How to ingest.
pub struct IngestOptions {
    pub index_dir: PathBuf,
    pub analyzer: Arc<Analyzer>,
    /// Force a format instead of detecting it.
    pub format: Option<Format>,
    /// Parsing threads (defaults to the number of cores).
    pub threads: usize,
    /// Called about twice a second with the progress so far.
    pub progress: Option<ProgressReporter>,
    /// Commit after this many bytes of input, so that an interrupted
    /// ingest keeps what it had done.
    pub commit_every_bytes: u64,
}

impl IngestOptions {
    pub fn new(index_dir: PathBuf, analyzer: Arc<Analyzer>) -> Self {
        IngestOptions {
            index_dir,
            analyzer,
            format: None,
            threads: std::thread::available_parallelism().map_or(2, |n| n.get()),
            progress: None,
            commit_every_bytes: 64 << 20,
        }
    }
}

/// Where an ingest is.
#[derive(Debug, Clone, Default)]
pub struct Progress {
    pub files_done: usize,
    pub files_total: usize,
    pub bytes_done: u64,
    pub elapsed: Duration,
}

impl Progress {
    pub fn megabytes_per_second(&self) -> f64 {
        self.bytes_done as f64 / 1e6 / self.elapsed.as_secs_f64().max(1e-9)
    }
}

/// What an ingest did.
#[derive(Debug, Clone, Default)]
pub struct Summary {
    pub files: usize,
    pub bytes: u64,
    /// Meetings written (new or changed).
    pub meetings: usize,
    /// Meetings whose source had not changed.
    pub unchanged: usize,
    pub speeches: usize,
    /// Files not indexed, with the reason.
    pub skipped: Vec<(PathBuf, String)>,
    /// Parts of indexed files that were skipped (a JSON Lines file's bad
    /// lines), with the reason: `line 3: …`.
    pub skipped_parts: Vec<(PathBuf, String)>,
    pub elapsed: Duration,
}

/// What a worker sends: a file's outcome once it is read, then each of its
/// meetings as soon as it is analyzed.
enum Parsed {
    Meeting(ParsedMeeting),
    /// A meeting that could not be completed (an internal fault), skipped.
    Failed {
        path: Arc<Path>,
        reason: String,
    },
    File {
        path: PathBuf,
        bytes: u64,
        error: Option<String>,
        skipped_parts: Vec<String>,
    },
}

struct ParsedMeeting {
    id: String,
    /// None when the meeting is unchanged since the last ingest.
    documents: Option<Vec<TantivyDocument>>,
    speeches: usize,
}

/// Ingests the files and folders in `paths` into the index.
pub fn ingest(paths: &[PathBuf], options: &IngestOptions) -> Result<Summary> {
    let started = Instant::now();
    let files = walk::files(paths)?;
    let (index, fields) = open_index(&options.index_dir, &options.analyzer, true)?;
    let known = known_digests(&index, &fields)?;
    let mut writer = index.writer_with_num_threads::<TantivyDocument>(1, 256 << 20)?;

    let speakers = SpeakerParser::new(options.analyzer.clone());
    let work = Work {
        files: &files,
        next_file: AtomicUsize::new(0),
        meetings: Mutex::new(VecDeque::new()),
        reading: AtomicUsize::new(0),
    };
    let (sender, receiver) = mpsc::sync_channel::<Parsed>(options.threads * 4);
    let mut summary = Summary {
        files: files.len(),
        ..Summary::default()
    };
    let mut since_commit = 0u64;
    let mut last_progress = Instant::now();
    std::thread::scope(|scope| -> Result<()> {
        for _ in 0..options.threads.max(1) {
            let sender = sender.clone();
            let context = Context {
                options,
                speakers: &speakers,
                known: &known,
                fields: &fields,
            };
            let work = &work;
            scope.spawn(move || work.run(&context, &sender));
        }
        drop(sender);
        for parsed in receiver {
            match parsed {
                // A file is parsed whole before its first meeting is sent, so
                // a bad file never gets here: its meetings can be written now.
                Parsed::Meeting(meeting) => {
                    let Some(documents) = meeting.documents else {
                        summary.unchanged += 1;
                        continue;
                    };
                    writer.delete_term(Term::from_field_text(fields.meeting_id, &meeting.id));
                    for document in documents {
                        writer.add_document(document)?;
                    }
                    summary.meetings += 1;
                    summary.speeches += meeting.speeches;
                    continue;
                }
                Parsed::Failed { path, reason } => {
                    summary.skipped_parts.push((path.to_path_buf(), reason));
                    continue;
                }
                Parsed::File {
                    path,
                    bytes,
                    error,
                    skipped_parts,
                } => {
                    summary.bytes += bytes;
                    since_commit += bytes;
                    for part in skipped_parts {
                        summary.skipped_parts.push((path.clone(), part));
                    }
                    if let Some(reason) = error {
                        summary.skipped.push((path, reason));
                    }
                }
            }
            if since_commit >= options.commit_every_bytes {
                commit(&mut writer, &options.analyzer)?;
                since_commit = 0;
            }
            if let Some(report) = &options.progress
                && last_progress.elapsed() >= Duration::from_millis(500)
            {
                last_progress = Instant::now();
                report(&Progress {
                    files_done: work.next_file.load(Ordering::Relaxed).min(files.len()),
                    files_total: files.len(),
                    bytes_done: summary.bytes,
                    elapsed: started.elapsed(),
                });
            }
        }
        Ok(())
    })?;
    commit(&mut writer, &options.analyzer)?;
    writer.wait_merging_threads()?;
    summary.elapsed = started.elapsed();
    if let Some(report) = &options.progress {
        report(&Progress {
            files_done: files.len(),
            files_total: files.len(),
            bytes_done: summary.bytes,
            elapsed: summary.elapsed,
        });
    }
    Ok(summary)
}

fn commit(writer: &mut tantivy::IndexWriter<TantivyDocument>, analyzer: &Analyzer) -> Result<()> {
    let mut prepared = writer.prepare_commit()?;
    prepared.set_payload(&IndexStamp::for_analyzer(analyzer).to_payload());
    prepared.commit()?;
    Ok(())
}

/// What every ingest thread reads.
struct Context<'a> {
    options: &'a IngestOptions,
    speakers: &'a SpeakerParser,
    known: &'a HashMap<String, String>,
    fields: &'a Fields,
}

/// Why a file or meeting whose reading panicked was skipped.
const INTERNAL_FAULT: &str = "an internal fault while reading it; please report this file";

/// A meeting read, with its file and the file's digest.
type Queued = (Meeting, Arc<Path>, Arc<str>);

/// The work of an ingest, shared by its threads: files to read, then the
/// meetings they held, to complete and analyze. Meetings are taken first, so
/// one large file (a JSON Lines dump) keeps every core busy.
struct Work<'a> {
    files: &'a [PathBuf],
    next_file: AtomicUsize,
    /// Meetings read, waiting for analysis.
    meetings: Mutex<VecDeque<Queued>>,
    /// Files being read right now: their meetings may still come.
    reading: AtomicUsize,
}

impl Work<'_> {
    /// One thread's loop; returns when all work is done or the receiver is gone.
    fn run(&self, context: &Context<'_>, sender: &mpsc::SyncSender<Parsed>) {
        loop {
            let next_meeting = self
                .meetings
                .lock()
                .map(|mut q| q.pop_front())
                .ok()
                .flatten();
            if let Some((meeting, path, digest)) = next_meeting {
                let id = meeting.id.clone();
                // A fault in one meeting's completion skips that meeting, not
                // the ingest.
                let parsed = catch_unwind(AssertUnwindSafe(|| analyze(meeting, &digest, context)))
                    .map(Parsed::Meeting)
                    .unwrap_or_else(|_| Parsed::Failed {
                        path,
                        reason: format!("meeting {id}: {INTERNAL_FAULT}"),
                    });
                if sender.send(parsed).is_err() {
                    return;
                }
                continue;
            }
            let at = self.next_file.fetch_add(1, Ordering::Relaxed);
            if let Some(path) = self.files.get(at) {
                self.reading.fetch_add(1, Ordering::SeqCst);
                let sent = catch_unwind(AssertUnwindSafe(|| self.read_file(path, context, sender)))
                    .unwrap_or_else(|_| {
                        sender
                            .send(Parsed::File {
                                path: path.clone(),
                                bytes: 0,
                                error: Some(INTERNAL_FAULT.into()),
                                skipped_parts: Vec::new(),
                            })
                            .is_ok()
                    });
                // Decremented after the meetings are queued, even after a fault.
                self.reading.fetch_sub(1, Ordering::SeqCst);
                if !sent {
                    return;
                }
                continue;
            }
            let idle = self.meetings.lock().map(|q| q.is_empty()).unwrap_or(true);
            if idle && self.reading.load(Ordering::SeqCst) == 0 {
                return;
            }
            std::thread::sleep(Duration::from_millis(1));
        }
    }

    /// Reads one file whole, queues its meetings and sends its outcome.
    /// False when the receiver is gone.
    fn read_file(
        &self,
        path: &Path,
        context: &Context<'_>,
        sender: &mpsc::SyncSender<Parsed>,
    ) -> bool {
        let bytes = std::fs::read(path);
        let size = bytes.as_ref().map_or(0, |b| b.len() as u64);
        let parsed = bytes
            .map_err(|err| format!("cannot read: {err}"))
            .and_then(|bytes| {
                // The record's version is part of the digest: when the way
                // minutes are read changes, unchanged files are read again.
                let digest = format!(
                    "{:x}",
                    Sha256::new()
                        .chain_update(readers::RECORD_VERSION)
                        .chain_update(&bytes)
                        .finalize()
                );
                let text = decode::decode(&bytes)?;
                let format = match context.options.format {
                    Some(format) => format,
                    None => match readers::detect(path, &text)? {
                        Some(format) => format,
                        // Read together with another file of its folder.
                        None => return Ok((readers::Reading::default(), digest)),
                    },
                };
                Ok((readers::parse(path, &text, format)?, digest))
            });
        let (error, skipped_parts) = match parsed {
            Ok((reading, digest)) => {
                let digest: Arc<str> = digest.into();
                let file: Arc<Path> = path.into();
                if let Ok(mut queue) = self.meetings.lock() {
                    queue.extend(
                        reading
                            .meetings
                            .into_iter()
                            .map(|m| (m, file.clone(), digest.clone())),
                    );
                }
                (None, reading.skipped)
            }
            Err(reason) => (Some(reason), Vec::new()),
        };
        sender
            .send(Parsed::File {
                path: path.to_path_buf(),
                bytes: size,
                error,
                skipped_parts,
            })
            .is_ok()
    }
}

/// Completes and analyzes one meeting; an unchanged one is not analyzed.
fn analyze(mut meeting: Meeting, digest: &str, context: &Context<'_>) -> ParsedMeeting {
    let unchanged = context.known.get(&meeting.id).map(String::as_str) == Some(digest);
    if !unchanged {
        readers::complete(&mut meeting, context.speakers);
    }
    ParsedMeeting {
        id: meeting.id.clone(),
        speeches: meeting.speeches.len(),
        documents: (!unchanged).then(|| {
            meeting_documents(&meeting, digest, &context.options.analyzer, context.fields)
        }),
    }
}

/// The source digest of every meeting already in the index.
fn known_digests(index: &Index, fields: &Fields) -> Result<HashMap<String, String>> {
    let searcher = index.reader()?.searcher();
    let query = TermQuery::new(
        Term::from_field_text(fields.kind, MEETING_KIND),
        IndexRecordOption::Basic,
    );
    let mut known = HashMap::new();
    for address in searcher.search(&query, &DocSetCollector)? {
        let doc: TantivyDocument = searcher.doc(address)?;
        let text = |field| {
            doc.get_first(field)
                .and_then(|v| v.as_str())
                .unwrap_or("")
                .to_string()
        };
        known.insert(text(fields.meeting_id), text(fields.source_digest));
    }
    Ok(known)
}
