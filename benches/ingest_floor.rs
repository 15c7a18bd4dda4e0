//! Where ingest time goes, stage by stage, on the benchmark corpus: each
//! stage alone on all cores, so that their sum is the fastest an ingest
//! built from them could be.
//!
//! Corpus: ../shared/corpus/shinagawa and tokyo-poliinfo2 (the 403 files of
//! `benches/run`). Stages:
//! 1. read: decode, detect, parse and complete every file (speakers, agenda);
//! 2. analyze: `Analyzer::index_values` of every speech (normalization,
//!    lindera, numbers), the one analysis an ingest runs; and, inside it,
//!    lindera alone (IPADIC, normal mode, the raw segmenter);
//! 3. index: tantivy alone, handed the documents already analyzed: two
//!    indexing threads, one commit, one merge to a single segment, as
//!    `kaigiroku ingest` ends.
//!
//! Run: `cargo bench --bench ingest_floor`.

use std::borrow::Cow;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, Instant};

use kaigiroku_core::analysis::Analyzer;
use kaigiroku_core::dictionary;
use kaigiroku_core::model::Meeting;
use kaigiroku_core::schema::open_index;
use kaigiroku_core::testing;
use kaigiroku_ingest::decode::decode;
use kaigiroku_ingest::documents::meeting_documents;
use kaigiroku_ingest::readers::{detect, read};
use kaigiroku_ingest::speaker::SpeakerParser;
use lindera::mode::Mode;
use lindera::segmenter::Segmenter;
use tantivy::indexer::NoMergePolicy;

fn main() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let corpus = root.join("../shared/corpus");
    let mut files = Vec::new();
    for folder in ["shinagawa", "tokyo-poliinfo2"] {
        collect(&corpus.join(folder), &mut files);
    }
    files.sort();
    if files.is_empty() {
        eprintln!("no corpus at {}: nothing to measure", corpus.display());
        return;
    }
    let analyzer = testing::analyzer();
    let cores = std::thread::available_parallelism().map_or(2, |n| n.get());

    let (meetings, read_time) = timed(|| read_all(&files, &analyzer, cores));
    let texts: Vec<&str> = meetings
        .iter()
        .flat_map(|m| m.speeches.iter().map(|s| s.text.as_str()))
        .collect();
    let text_mb = texts.iter().map(|t| t.len()).sum::<usize>() as f64 / 1e6;
    let ((), analyze_time) = timed(|| analyze_all(&texts, &analyzer, cores));
    let ((), lindera_time) = timed(|| segment_all(&texts, cores));

    let documents: Vec<_> = meetings
        .iter()
        .flat_map(|m| meeting_documents(m, "floor", &analyzer, &fields()))
        .collect();
    let (merge_time, index_time) = timed(|| index_all(documents, &analyzer));

    println!(
        "\n## Ingest, stage by stage (`cargo bench --bench ingest_floor`)\n\n\
         Each stage alone on all cores, on the same corpus ({} files, {} meetings, {} \
         speeches, {text_mb:.1} MB of speech text, {cores} cores). An ingest runs them all; \
         the sum of lindera alone and tantivy alone is a bound no ingest that analyzes \
         morphemes with lindera and indexes with tantivy can beat on these cores.\n",
        files.len(),
        meetings.len(),
        texts.len()
    );
    println!("| stage, alone on {cores} cores | seconds | MB/s of text |\n|---|---|---|");
    let total = read_time + analyze_time + index_time;
    let floor = lindera_time + index_time;
    for (name, time) in [
        ("read (decode, parse, complete)", read_time),
        (
            "analyze (`index_values`: normalization, lindera, numbers)",
            analyze_time,
        ),
        (
            "  of which lindera alone (IPADIC, normal mode)",
            lindera_time,
        ),
        (
            "index (tantivy alone: 2 threads, commit, merge)",
            index_time,
        ),
        ("  of which the merge to one segment", merge_time),
        ("sum: the fastest ingest of these stages", total),
        (
            "lindera alone + tantivy alone: no ingest of both is faster",
            floor,
        ),
    ] {
        println!(
            "| {name} | {:.2} | {:.1} |",
            time.as_secs_f64(),
            text_mb / time.as_secs_f64()
        );
    }
}

fn fields() -> kaigiroku_core::schema::Fields {
    kaigiroku_core::schema::schema().1
}

fn timed<T>(work: impl FnOnce() -> T) -> (T, Duration) {
    let started = Instant::now();
    let value = work();
    (value, started.elapsed())
}

fn collect(dir: &Path, files: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            collect(&path, files);
        } else {
            files.push(path);
        }
    }
}

/// Every meeting of `files`, read on `threads` threads.
fn read_all(files: &[PathBuf], analyzer: &Arc<Analyzer>, threads: usize) -> Vec<Meeting> {
    let speakers = SpeakerParser::new(analyzer.clone());
    let chunks: Vec<&[PathBuf]> = files.chunks(files.len().div_ceil(threads)).collect();
    std::thread::scope(|scope| {
        let handles: Vec<_> = chunks
            .into_iter()
            .map(|chunk| {
                let speakers = &speakers;
                scope.spawn(move || {
                    let mut meetings = Vec::new();
                    for path in chunk {
                        let Ok(bytes) = std::fs::read(path) else {
                            continue;
                        };
                        let Ok(text) = decode(&bytes) else { continue };
                        let Ok(Some(format)) = detect(path, &text) else {
                            continue;
                        };
                        if let Ok(reading) = read(path, &text, format, speakers) {
                            meetings.extend(reading.meetings);
                        }
                    }
                    meetings
                })
            })
            .collect();
        handles
            .into_iter()
            .flat_map(|h| h.join().expect("a reading thread"))
            .collect()
    })
}

fn analyze_all(texts: &[&str], analyzer: &Analyzer, threads: usize) {
    let chunks: Vec<&[&str]> = texts.chunks(texts.len().div_ceil(threads)).collect();
    std::thread::scope(|scope| {
        for chunk in chunks {
            scope.spawn(move || {
                for text in chunk {
                    std::hint::black_box(analyzer.index_values(text));
                }
            });
        }
    });
}

fn segment_all(texts: &[&str], threads: usize) {
    let chunks: Vec<&[&str]> = texts.chunks(texts.len().div_ceil(threads)).collect();
    std::thread::scope(|scope| {
        for chunk in chunks {
            scope.spawn(move || {
                let loaded = dictionary::load(&testing::dictionary_dir()).expect("dictionary");
                let segmenter = Segmenter::new(Mode::Normal, loaded.dictionary, None);
                for text in chunk {
                    let _ = std::hint::black_box(segmenter.segment(Cow::Borrowed(*text)));
                }
            });
        }
    });
}

/// Indexes `documents` as an ingest does; returns how long the final
/// merge took.
fn index_all(documents: Vec<tantivy::TantivyDocument>, analyzer: &Arc<Analyzer>) -> Duration {
    let dir = tempfile::tempdir().expect("a temporary folder");
    let (index, _) = open_index(dir.path(), analyzer, true).expect("an index");
    let mut writer = index
        .writer_with_num_threads::<tantivy::TantivyDocument>(2, 2 * (256 << 20))
        .expect("a writer");
    writer.set_merge_policy(Box::new(NoMergePolicy));
    for document in documents {
        writer.add_document(document).expect("added");
    }
    writer.commit().expect("committed");
    let started = Instant::now();
    let segments = index.searchable_segment_ids().expect("segments");
    if segments.len() > 1 {
        writer.merge(&segments).wait().expect("merged");
        writer.commit().expect("committed");
    }
    writer.wait_merging_threads().expect("merges finished");
    started.elapsed()
}
