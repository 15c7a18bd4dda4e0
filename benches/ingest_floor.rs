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

#[path = "peers/proc_stat.rs"]
mod proc_stat;

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
use proc_stat::cpu_seconds;
use tantivy::indexer::NoMergePolicy;
use unicode_normalization::UnicodeNormalization;

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

    let ((meetings, files_read), read) = measured(|| read_all(&files, &analyzer, cores));
    let texts: Vec<&str> = meetings
        .iter()
        .flat_map(|m| m.speeches.iter().map(|s| s.text.as_str()))
        .collect();
    // Counted after NFKC, as `benches/peers.rs` counts the text it hands
    // every engine, so that the MB/s of both reports compare.
    let text_mb = texts
        .iter()
        .map(|t| t.nfkc().map(char::len_utf8).sum::<usize>())
        .sum::<usize>() as f64
        / 1e6;
    let ((), analyze) = measured(|| analyze_all(&texts, &analyzer, cores));
    let ((), lindera) = measured(|| segment_all(&texts, cores));

    let documents: Vec<_> = meetings
        .iter()
        .flat_map(|m| meeting_documents(m, "floor", &analyzer, &fields()))
        .collect();
    let (merge, index) = measured(|| index_all(documents, &analyzer));

    println!(
        "\n## Ingest, stage by stage (`cargo bench --bench ingest_floor`)\n\n\
         Each stage alone, on the same corpus ({} files, {} meetings, {} speeches, \
         {text_mb:.1} MB of speech text) and {cores} cores. A stage's CPU seconds over the \
         cores is the least wall time it can take in an ingest that runs it beside the \
         others; the last rows add them up: no ingest that analyzes morphemes with lindera \
         and indexes with tantivy is faster on these cores.\n",
        files_read,
        meetings.len(),
        texts.len()
    );
    println!("| stage | wall s | CPU s | MB/s of text (wall) |\n|---|---|---|---|");
    for (name, cost) in [
        ("read (decode, parse, complete)", read),
        (
            "analyze (`index_values`: normalization, lindera, numbers)",
            analyze,
        ),
        ("  of which lindera alone (IPADIC, normal mode)", lindera),
        ("index (tantivy alone: 2 threads, commit, merge)", index),
        ("  of which the merge to one segment", merge),
    ] {
        println!(
            "| {name} | {:.2} | {:.2} | {:.1} |",
            cost.wall.as_secs_f64(),
            cost.cpu,
            text_mb / cost.wall.as_secs_f64()
        );
    }
    for (name, cpu) in [
        ("all three stages", read.cpu + analyze.cpu + index.cpu),
        ("lindera alone + tantivy alone", lindera.cpu + index.cpu),
    ] {
        let seconds = cpu / cores as f64;
        println!(
            "| bound: {name}, CPU s / {cores} cores | {seconds:.2} | {cpu:.2} | {:.1} |",
            text_mb / seconds
        );
    }
}

/// Wall time and CPU seconds (every thread of the process) of some work.
#[derive(Debug, Clone, Copy)]
struct Cost {
    wall: Duration,
    cpu: f64,
}

fn measured<T>(work: impl FnOnce() -> T) -> (T, Cost) {
    let (started, cpu) = (Instant::now(), cpu_seconds("/proc/self/stat"));
    let value = work();
    let cost = Cost {
        wall: started.elapsed(),
        cpu: cpu_seconds("/proc/self/stat") - cpu,
    };
    (value, cost)
}

fn fields() -> kaigiroku_core::schema::Fields {
    kaigiroku_core::schema::schema().1
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

/// Every meeting of `files`, read on `threads` threads, and how many files
/// held meetings.
fn read_all(files: &[PathBuf], analyzer: &Arc<Analyzer>, threads: usize) -> (Vec<Meeting>, usize) {
    let speakers = SpeakerParser::new(analyzer.clone());
    let chunks: Vec<&[PathBuf]> = files.chunks(files.len().div_ceil(threads)).collect();
    std::thread::scope(|scope| {
        let handles: Vec<_> = chunks
            .into_iter()
            .map(|chunk| {
                let speakers = &speakers;
                scope.spawn(move || {
                    let mut meetings = Vec::new();
                    let mut read_files = 0;
                    for path in chunk {
                        let Ok(bytes) = std::fs::read(path) else {
                            continue;
                        };
                        let Ok(text) = decode(&bytes) else { continue };
                        let Ok(Some(format)) = detect(path, &text) else {
                            continue;
                        };
                        if let Ok(reading) = read(path, &text, format, speakers) {
                            read_files += 1;
                            meetings.extend(reading.meetings);
                        }
                    }
                    (meetings, read_files)
                })
            })
            .collect();
        let mut all = (Vec::new(), 0);
        for handle in handles {
            let (meetings, read_files) = handle.join().expect("a reading thread");
            all.0.extend(meetings);
            all.1 += read_files;
        }
        all
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

/// Indexes `documents` as an ingest does; returns what the final merge
/// cost.
fn index_all(documents: Vec<tantivy::TantivyDocument>, analyzer: &Arc<Analyzer>) -> Cost {
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
    let ((), merge) = measured(|| {
        let segments = index.searchable_segment_ids().expect("segments");
        if segments.len() > 1 {
            writer.merge(&segments).wait().expect("merged");
            writer.commit().expect("committed");
        }
    });
    writer.wait_merging_threads().expect("merges finished");
    merge
}
