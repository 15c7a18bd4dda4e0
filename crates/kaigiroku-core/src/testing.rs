//! Helpers for tests across the workspace: a dictionary compiled once.

use std::path::PathBuf;
use std::sync::{Arc, OnceLock};

use crate::analysis::Analyzer;
use crate::dictionary;

/// The workspace's `target/` folder.
pub fn target_dir() -> PathBuf {
    std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../target"))
}

/// The test dictionary, compiled into `target/test-dict/ipadic` on first use
/// (from Debian's mecab-ipadic; see [`dictionary::locate_source`]).
pub fn dictionary_dir() -> PathBuf {
    static DIR: OnceLock<PathBuf> = OnceLock::new();
    DIR.get_or_init(|| {
        let dir = std::env::var_os(dictionary::DICT_ENV)
            .map(PathBuf::from)
            .unwrap_or_else(|| target_dir().join("test-dict/ipadic"));
        if let Err(err) = dictionary::ensure_built(&dir) {
            panic!("tests need the IPADIC dictionary: {err}");
        }
        dir
    })
    .clone()
}

/// One analyzer per test process.
pub fn analyzer() -> Arc<Analyzer> {
    static ANALYZER: OnceLock<Arc<Analyzer>> = OnceLock::new();
    ANALYZER
        .get_or_init(|| {
            Arc::new(Analyzer::open(&dictionary_dir()).unwrap_or_else(|err| panic!("{err}")))
        })
        .clone()
}
