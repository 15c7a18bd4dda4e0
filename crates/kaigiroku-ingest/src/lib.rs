//! Readers for published minutes and the index writer.
//!
//! Files of every format we read become the canonical record
//! ([`kaigiroku_core::model::Meeting`]); [`ingest`] walks folders, parses and
//! analyzes in parallel and writes one tantivy document per speech.
//!
//! ```no_run
//! use std::sync::Arc;
//! use kaigiroku_core::{analysis::Analyzer, dictionary};
//! use kaigiroku_ingest::{IngestOptions, ingest};
//! let analyzer = Analyzer::open(&dictionary::default_dictionary_dir())?;
//! let options = IngestOptions::new("index".into(), Arc::new(analyzer));
//! let summary = ingest(&["data".into()], &options)?;
//! println!("{} meetings, {} skipped", summary.meetings, summary.skipped.len());
//! # Ok::<(), kaigiroku_ingest::Error>(())
//! ```

pub mod agenda;
pub mod decode;
pub mod documents;
mod error;
pub mod municipality;
pub mod persons;
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
use kaigiroku_core::schema::{Fields, IndexStamp, MEETING_KIND, open_index};
use sha2::{Digest, Sha256};
use tantivy::collector::DocSetCollector;
use tantivy::directory::error::LockError;
use tantivy::index::SegmentId;
use tantivy::indexer::NoMergePolicy;
use tantivy::query::TermQuery;
use tantivy::schema::{IndexRecordOption, Value};
use tantivy::{Index, TantivyDocument, Term};

use crate::documents::meeting_documents;
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
    /// Commit after this many bytes of speech text written, or after
    /// `commit_every` of time, whichever comes first, so that an interrupted
    /// ingest keeps what it had done, even inside one large file.
    pub commit_every_bytes: u64,
    pub commit_every: Duration,
    /// Rosters an operator supplies ([`persons::read_roster`]): where one
    /// names a person, it wins over what the minutes suggest.
    pub rosters: Vec<PathBuf>,
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
            commit_every: Duration::from_secs(60),
            rosters: Vec::new(),
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
    /// Files not indexed, and folders that could not be listed, with the
    /// reason.
    pub skipped: Vec<(PathBuf, String)>,
    /// Parts of indexed files that were skipped (a JSON Lines file's bad
    /// lines), with the reason: `line 3: …`.
    pub skipped_parts: Vec<(PathBuf, String)>,
    pub elapsed: Duration,
    /// Commits made, and the time spent in them (the last one included).
    pub commits: usize,
    pub commit_time: Duration,
    /// Time spent at the end waiting for segment merges to finish.
    pub merge_time: Duration,
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
    /// The file it was read from.
    file: Arc<Path>,
    /// Bytes of speech text, counted toward the next commit.
    text_bytes: u64,
    /// None when the meeting is unchanged since the last ingest.
    documents: Option<Vec<TantivyDocument>>,
    speeches: usize,
}

/// Ingests the files and folders in `paths` into the index.
pub fn ingest(paths: &[PathBuf], options: &IngestOptions) -> Result<Summary> {
    let started = Instant::now();
    let found = walk::files(paths)?;
    let (index, fields) = open_index(&options.index_dir, &options.analyzer, true)?;
    let known = known_digests(&index, &fields)?;
    let earlier_segments = index.searchable_segment_ids()?;
    let writer = match index.writer_with_num_threads::<TantivyDocument>(
        options.threads.clamp(1, 2),
        options.threads.clamp(1, 2) * (256 << 20),
    ) {
        Err(tantivy::TantivyError::LockFailure(LockError::LockBusy, _)) => {
            return Err(Error::IndexBusy {
                index: options.index_dir.clone(),
            });
        }
        writer => writer?,
    };
    // The ingest merges at its end (`merge_new_segments`); a background
    // merge would race it for the same segments.
    writer.set_merge_policy(Box::new(NoMergePolicy));
    let mut sink = Sink {
        // Two indexing threads beside the readers: with one, indexing was
        // the bottleneck on 2 cores (12.8 s against 10.6 s for the corpus).
        writer,
        fields: &fields,
        options,
        summary: Summary {
            files: found.files.len(),
            // Folders that could not be listed, reported like unreadable files.
            skipped: found.unreadable,
            ..Summary::default()
        },
        since_commit: 0,
        last_commit: Instant::now(),
        started,
        last_progress: Instant::now(),
        earlier_segments,
        files_with_meetings: Default::default(),
    };
    let speakers = SpeakerParser::new(options.analyzer.clone());
    // Persons are resolved across meetings: first what every file (and the
    // meetings ingested before) shows of its people, then the meetings.
    let mut census = persons::Census::load(&options.index_dir);
    for roster in &options.rosters {
        match persons::read_roster(roster) {
            Ok(entries) => census.add_roster(roster, entries),
            Err(reason) => sink
                .summary
                .skipped
                .push((roster.clone(), format!("roster: {reason}"))),
        }
    }
    census.survey(&found.files, options.format, &speakers, options.threads);
    let directory = persons::Directory::build(&census, options.analyzer.clone());
    let context = Context {
        options,
        speakers: &speakers,
        known: &known,
        fields: &fields,
        directory: &directory,
    };
    read_in_parallel(&found.files, &context, &mut sink)?;
    let summary = sink.finish()?;
    census
        .save(&options.index_dir)
        .map_err(|source| Error::Census {
            path: options.index_dir.clone(),
            source,
        })?;
    Ok(summary)
}

/// Fails with [`Error::IndexBusy`] while an ingest is writing the index at
/// `index_dir`: for what must not run beside one, like deleting the index.
pub fn ensure_not_writing(index_dir: &Path) -> Result<()> {
    // tantivy's writer holds an exclusive `flock` on this file while it lives.
    let lock = index_dir.join(".tantivy-writer.lock");
    let Ok(file) = std::fs::File::open(&lock) else {
        return Ok(());
    };
    match file.try_lock() {
        Ok(()) => Ok(()),
        Err(std::fs::TryLockError::WouldBlock) => Err(Error::IndexBusy {
            index: index_dir.to_path_buf(),
        }),
        Err(std::fs::TryLockError::Error(source)) => {
            Err(kaigiroku_core::Error::Io { path: lock, source }.into())
        }
    }
}

/// Reads and analyzes `files` on `options.threads` threads while this one writes
/// what they send into `sink`.
fn read_in_parallel(files: &[PathBuf], context: &Context<'_>, sink: &mut Sink<'_>) -> Result<()> {
    let threads = context.options.threads;
    let work = Work::new(files);
    let (sender, receiver) = mpsc::sync_channel::<Parsed>(threads * 4);
    std::thread::scope(|scope| -> Result<()> {
        for _ in 0..threads.max(1) {
            let sender = sender.clone();
            let work = &work;
            scope.spawn(move || work.run(context, &sender));
        }
        // The workers hold the only senders: the loop ends when they are done.
        drop(sender);
        for parsed in receiver {
            sink.take(parsed, work.files_started())?;
        }
        Ok(())
    })
}

/// The writing end of an ingest: adds what the workers send to the index,
/// commits as input accumulates, and keeps the summary.
struct Sink<'a> {
    writer: tantivy::IndexWriter<TantivyDocument>,
    fields: &'a Fields,
    options: &'a IngestOptions,
    summary: Summary,
    /// Bytes of speech text written since the last commit, and when it was.
    since_commit: u64,
    last_commit: Instant,
    started: Instant,
    last_progress: Instant,
    /// Segments the index had before this ingest: they are left as they are.
    earlier_segments: Vec<SegmentId>,
    /// Files that sent at least one meeting, written or unchanged.
    files_with_meetings: std::collections::HashSet<Arc<Path>>,
}

impl Sink<'_> {
    /// Takes one message of a worker; `files_started` is for the progress.
    fn take(&mut self, parsed: Parsed, files_started: usize) -> Result<()> {
        match parsed {
            // A file is parsed whole before its first meeting is sent, so
            // a bad file never gets here: its meetings can be written now.
            Parsed::Meeting(meeting) => self.write(meeting),
            Parsed::Failed { path, reason } => {
                self.summary
                    .skipped_parts
                    .push((path.to_path_buf(), reason));
                Ok(())
            }
            Parsed::File {
                path,
                bytes,
                error,
                skipped_parts,
            } => {
                self.summary.bytes += bytes;
                for part in skipped_parts {
                    self.summary.skipped_parts.push((path.clone(), part));
                }
                if let Some(reason) = error {
                    self.summary.skipped.push((path, reason));
                }
                self.after_file(files_started)
            }
        }
    }

    /// Replaces the meeting's documents, unless it is unchanged.
    fn write(&mut self, meeting: ParsedMeeting) -> Result<()> {
        self.files_with_meetings.insert(meeting.file);
        let Some(documents) = meeting.documents else {
            self.summary.unchanged += 1;
            return Ok(());
        };
        self.writer
            .delete_term(Term::from_field_text(self.fields.meeting_id, &meeting.id));
        for document in documents {
            self.writer.add_document(document)?;
        }
        self.summary.meetings += 1;
        self.summary.speeches += meeting.speeches;
        self.since_commit += meeting.text_bytes;
        self.commit_if_due()
    }

    /// Commits once enough text or time has passed since the last commit.
    /// Only between meetings: a meeting is committed whole or not at all.
    fn commit_if_due(&mut self) -> Result<()> {
        if self.since_commit >= self.options.commit_every_bytes
            || (self.since_commit > 0 && self.last_commit.elapsed() >= self.options.commit_every)
        {
            self.commit()?;
        }
        Ok(())
    }

    /// Commits when due, and reports the progress about twice a second.
    fn after_file(&mut self, files_started: usize) -> Result<()> {
        self.commit_if_due()?;
        if let Some(report) = &self.options.progress
            && self.last_progress.elapsed() >= Duration::from_millis(500)
        {
            self.last_progress = Instant::now();
            report(&Progress {
                files_done: files_started,
                files_total: self.summary.files,
                bytes_done: self.summary.bytes,
                elapsed: self.started.elapsed(),
            });
        }
        Ok(())
    }

    /// The last commit, and the summary with the last progress report.
    fn finish(mut self) -> Result<Summary> {
        self.commit()?;
        self.skip_files_without_meetings();
        let merging = Instant::now();
        self.merge_new_segments()?;
        self.writer.wait_merging_threads()?;
        let mut summary = self.summary;
        summary.merge_time = merging.elapsed();
        summary.elapsed = self.started.elapsed();
        if let Some(report) = &self.options.progress {
            report(&Progress {
                files_done: summary.files,
                files_total: summary.files,
                bytes_done: summary.bytes,
                elapsed: summary.elapsed,
            });
        }
        Ok(summary)
    }
}

impl Sink<'_> {
    /// A file read in pieces (a large JSON Lines file) whose every line was
    /// bad is reported skipped as a whole, as a small one is.
    fn skip_files_without_meetings(&mut self) {
        let parts = std::mem::take(&mut self.summary.skipped_parts);
        let mut emptied = std::collections::HashSet::new();
        for (path, reason) in parts {
            if self.files_with_meetings.contains(path.as_path()) {
                self.summary.skipped_parts.push((path, reason));
            } else if emptied.insert(path.clone()) {
                self.summary
                    .skipped
                    .push((path, format!("no meeting could be read ({reason})")));
            }
        }
    }

    /// Merges the segments this ingest wrote into one: every search pays a
    /// fixed cost per segment (p50 13 % lower with one than with the four
    /// of two indexing threads and a commit). Older segments are left as
    /// they are, so a small update never rewrites the index, until there
    /// are more than [`MAX_SEGMENTS`]: then all are merged into one.
    fn merge_new_segments(&mut self) -> Result<()> {
        let all = self.writer.index().searchable_segment_ids()?;
        let merged: Vec<SegmentId> = if all.len() > MAX_SEGMENTS {
            all
        } else {
            all.into_iter()
                .filter(|id| !self.earlier_segments.contains(id))
                .collect()
        };
        if merged.len() > 1 {
            self.writer.merge(&merged).wait()?;
            self.commit()?;
        }
        Ok(())
    }

    fn commit(&mut self) -> Result<()> {
        let started = Instant::now();
        commit(&mut self.writer, &self.options.analyzer)?;
        self.since_commit = 0;
        self.last_commit = Instant::now();
        self.summary.commits += 1;
        self.summary.commit_time += started.elapsed();
        Ok(())
    }
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
    directory: &'a persons::Directory,
}

/// Why a file or meeting whose reading panicked was skipped.
const INTERNAL_FAULT: &str = "an internal fault while reading it; please report this file";

/// Segments an index may keep after an ingest; past them the ingest merges
/// them all.
const MAX_SEGMENTS: usize = 8;

/// A meeting read, with its file and the file's digest.
type Queued = (Meeting, Arc<Path>, Arc<str>);

/// A JSON Lines file is cut into pieces of about this many bytes, read by
/// whichever thread is free: one thread parsing a whole large file while
/// the other waited made a single file a third slower than many.
const LINES_PER_PIECE_BYTES: usize = 1 << 20;

/// Some lines of a JSON Lines file, waiting to be read.
struct Lines {
    text: String,
    first_line: usize,
    template: Arc<Meeting>,
    path: Arc<Path>,
    digest: Arc<str>,
}

/// The work of an ingest, shared by its threads: files to read, then the
/// meetings they held, to complete and analyze. Meetings are taken first, so
/// one large file (a JSON Lines dump) keeps every core busy.
struct Work<'a> {
    files: &'a [PathBuf],
    next_file: AtomicUsize,
    /// Meetings read, waiting for analysis.
    meetings: Mutex<VecDeque<Queued>>,
    /// Pieces of JSON Lines files, waiting to be read.
    lines: Mutex<VecDeque<Lines>>,
    /// Files or pieces being read right now: their meetings may still come.
    reading: AtomicUsize,
}

impl<'a> Work<'a> {
    fn new(files: &'a [PathBuf]) -> Self {
        Work {
            files,
            next_file: AtomicUsize::new(0),
            meetings: Mutex::new(VecDeque::new()),
            lines: Mutex::new(VecDeque::new()),
            reading: AtomicUsize::new(0),
        }
    }

    /// Files taken by a thread so far: the ones done, and those being read.
    fn files_started(&self) -> usize {
        self.next_file.load(Ordering::Relaxed).min(self.files.len())
    }

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
                let file = path.clone();
                let parsed = catch_unwind(AssertUnwindSafe(|| {
                    analyze(meeting, file, &digest, context)
                }))
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
            if let Some(lines) = self.next_lines() {
                if !self.read_lines(lines, sender) {
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
            let idle = self.meetings.lock().map(|q| q.is_empty()).unwrap_or(true)
                && self.lines.lock().map(|q| q.is_empty()).unwrap_or(true);
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
                let Some((text, format)) = readers::open(path, &bytes, context.options.format)?
                else {
                    // Read together with another file of its folder.
                    return Ok((readers::Reading::default(), digest));
                };
                if format == Format::Jsonl && text.len() > LINES_PER_PIECE_BYTES {
                    self.queue_lines(path, &text, &digest);
                    return Ok((readers::Reading::default(), digest));
                }
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

impl Work<'_> {
    fn next_lines(&self) -> Option<Lines> {
        let mut queue = self.lines.lock().ok()?;
        let lines = queue.pop_front()?;
        // Counted before the queue is released, so no thread sees the work
        // finished while these lines are being read.
        self.reading.fetch_add(1, Ordering::SeqCst);
        Some(lines)
    }

    /// Cuts a JSON Lines file into pieces at line ends and queues them.
    fn queue_lines(&self, path: &Path, text: &str, digest: &str) {
        let template = Arc::new(readers::template(path, Format::Jsonl));
        let path: Arc<Path> = path.into();
        let digest: Arc<str> = digest.into();
        let mut pieces = Vec::new();
        let (mut start, mut first_line) = (0, 1);
        while start < text.len() {
            // A newline byte is never inside a character: cutting after one
            // always leaves whole characters.
            let end = (start + LINES_PER_PIECE_BYTES).min(text.len());
            let end = text.as_bytes()[end..]
                .iter()
                .position(|&b| b == b'\n')
                .map_or(text.len(), |at| end + at + 1);
            let piece = &text[start..end];
            pieces.push(Lines {
                text: piece.to_string(),
                first_line,
                template: template.clone(),
                path: path.clone(),
                digest: digest.clone(),
            });
            first_line += piece.matches('\n').count();
            start = end;
        }
        if let Ok(mut queue) = self.lines.lock() {
            queue.extend(pieces);
        }
    }

    /// Reads one piece of a JSON Lines file: its meetings are queued, its
    /// bad lines reported. False when the receiver is gone.
    fn read_lines(&self, lines: Lines, sender: &mpsc::SyncSender<Parsed>) -> bool {
        let read = catch_unwind(AssertUnwindSafe(|| {
            readers::read_lines(&lines.text, &lines.template, lines.first_line)
        }));
        let mut sent = true;
        match read {
            Ok(reading) => {
                if let Ok(mut queue) = self.meetings.lock() {
                    queue.extend(
                        reading
                            .meetings
                            .into_iter()
                            .map(|m| (m, lines.path.clone(), lines.digest.clone())),
                    );
                }
                for reason in reading.skipped {
                    sent &= sender
                        .send(Parsed::Failed {
                            path: lines.path.clone(),
                            reason,
                        })
                        .is_ok();
                }
            }
            Err(_) => {
                sent = sender
                    .send(Parsed::Failed {
                        path: lines.path.clone(),
                        reason: format!("lines from {}: {INTERNAL_FAULT}", lines.first_line),
                    })
                    .is_ok();
            }
        }
        self.reading.fetch_sub(1, Ordering::SeqCst);
        sent
    }
}

/// Completes and analyzes one meeting; an unchanged one is not analyzed.
fn analyze(
    mut meeting: Meeting,
    file: Arc<Path>,
    digest: &str,
    context: &Context<'_>,
) -> ParsedMeeting {
    readers::complete(&mut meeting, context.speakers);
    persons::assign(&mut meeting, context.directory);
    // A meeting is written again when its file changed or its people
    // resolve otherwise (a later meeting or a roster named them).
    let digest = &format!("{digest}+{}", persons::fingerprint(&meeting));
    let unchanged = context.known.get(&meeting.id) == Some(digest);
    ParsedMeeting {
        id: meeting.id.clone(),
        file,
        text_bytes: meeting.speeches.iter().map(|s| s.text.len() as u64).sum(),
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
