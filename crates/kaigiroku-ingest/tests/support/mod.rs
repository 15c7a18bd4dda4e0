//! What the gold-set tests share: where the real files are, how a file is
//! read, and the key text is compared by.

#![allow(dead_code)]

use std::path::{Path, PathBuf};

use kaigiroku_core::analysis::normalize;
use kaigiroku_core::model::Meeting;
use kaigiroku_ingest::readers;
use kaigiroku_ingest::speaker::SpeakerParser;

pub fn tests_data() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/data")
}

/// The file from its copy in tests/data (the readers' fixtures, or
/// `agenda/corpus`), or from the large corpora beside the project (東京都's
/// files are megabytes).
pub fn corpus_file(relative: &str) -> PathBuf {
    let fixture = relative
        .replacen("shinagawa/r05/", "shinagawa/", 1)
        .replacen("discussnet-ssp/saas/", "discussnet/saas/", 1);
    for copied in [
        tests_data().join("agenda/corpus").join(relative),
        tests_data().join(fixture),
    ] {
        if copied.is_file() {
            return copied;
        }
    }
    let shared = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../../shared/corpus")
        .join(relative);
    assert!(
        shared.is_file(),
        "{relative}: neither in tests/data nor in ../shared/corpus"
    );
    shared
}

/// The meetings a file holds, read and completed as ingest reads them.
pub fn meetings(path: &Path) -> Vec<Meeting> {
    let (text, format) = readers::open(path, &std::fs::read(path).unwrap(), None)
        .unwrap()
        .expect("a minutes file");
    let speakers = SpeakerParser::new(kaigiroku_core::testing::analyzer());
    readers::read(path, &text, format, &speakers)
        .unwrap()
        .meetings
}

/// Text as compared: normalized, without white space.
pub fn key(text: &str) -> String {
    normalize(text)
        .text
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect()
}
