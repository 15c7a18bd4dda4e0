//! Throughput of the analyzer on real minutes, in MB/s of original text.
//!
//! Text: the 2023 品川区議会 minutes from ../shared/corpus/shinagawa (read
//! where they lie; about 2 MB are used), else the bundled seed.
//! Run: `cargo bench --bench analyzer`.

use std::borrow::Cow;
use std::path::Path;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use kaigiroku_core::analysis::normalize;
use kaigiroku_core::dictionary;
use kaigiroku_core::testing;
use lindera::mode::{Mode, Penalty};
use lindera::segmenter::Segmenter;

const SAMPLE_BYTES: usize = 2 << 20;

/// Speech texts of real minutes, split at paragraphs as the index sees them.
fn sample() -> Vec<String> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let corpus = root.join("../shared/corpus/shinagawa/r05");
    let mut texts = Vec::new();
    let mut total = 0;
    if let Ok(entries) = std::fs::read_dir(&corpus) {
        let mut paths: Vec<_> = entries.flatten().map(|e| e.path()).collect();
        paths.sort();
        for path in paths {
            let Ok(raw) = std::fs::read_to_string(&path) else {
                continue;
            };
            let (Some(open), Some(close)) = (raw.find('{'), raw.rfind('}')) else {
                continue;
            };
            let Ok(value) = serde_json::from_str::<serde_json::Value>(&raw[open..=close]) else {
                continue;
            };
            for voice in value["voices"].as_array().into_iter().flatten() {
                if let Some(text) = voice["text"].as_str() {
                    total += text.len();
                    texts.push(text.to_string());
                }
            }
            if total >= SAMPLE_BYTES {
                break;
            }
        }
    }
    if texts.is_empty() {
        let seed = root.join("tests/data/seed/000_398aad91f4d2a6c2.txt");
        texts.push(std::fs::read_to_string(seed).expect("the bundled seed"));
    }
    texts
}

fn analyzer_throughput(c: &mut Criterion) {
    let texts = sample();
    let bytes: usize = texts.iter().map(String::len).sum();
    let analyzer = testing::analyzer();
    let segmenter = |mode| {
        let loaded = dictionary::load(&testing::dictionary_dir()).expect("dictionary");
        Segmenter::new(mode, loaded.dictionary, None)
    };
    let decompose = segmenter(Mode::Decompose(Penalty::default()));
    let normal = segmenter(Mode::Normal);

    let mut group = c.benchmark_group("analyzer");
    group.throughput(Throughput::Bytes(bytes as u64));
    group.sample_size(10);
    group.bench_function("normalize", |b| {
        b.iter(|| texts.iter().map(|t| normalize(t).text.len()).sum::<usize>())
    });
    for (name, segmenter) in [
        ("lindera_decompose_raw", &decompose),
        ("lindera_normal_raw", &normal),
    ] {
        group.bench_function(name, |b| {
            b.iter(|| {
                texts
                    .iter()
                    .map(|t| {
                        segmenter
                            .segment(Cow::Borrowed(t.as_str()))
                            .map_or(0, |v| v.len())
                    })
                    .sum::<usize>()
            })
        });
    }
    group.bench_function("morpheme_chain", |b| {
        b.iter(|| {
            texts
                .iter()
                .map(|t| analyzer.morphemes(t).1.len())
                .sum::<usize>()
        })
    });
    group.bench_function("analyze_both_streams", |b| {
        b.iter(|| {
            texts
                .iter()
                .map(|t| {
                    let analysis = analyzer.analyze(t);
                    analysis.morphemes.len() + analysis.grams.len()
                })
                .sum::<usize>()
        })
    });
    group.finish();
}

criterion_group!(benches, analyzer_throughput);
criterion_main!(benches);
