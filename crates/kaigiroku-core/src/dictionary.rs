//! The IPADIC dictionary, compiled offline from Debian's `mecab-ipadic`.
//!
//! lindera's `embed-*` features download the dictionary at build time, which
//! our machines cannot do. Debian ships the IPADIC sources (EUC-JP CSV and
//! .def files); lindera's own `DictionaryBuilder` compiles them in seconds
//! into a directory that is memory-mapped at run time.

use std::ffi::OsString;
use std::fs;
use std::io::Read;
use std::path::{Path, PathBuf};

use lindera::dictionary::{Dictionary, DictionaryBuilder, Metadata};
use sha2::{Digest, Sha256};

use crate::error::{Error, Result};

/// lindera-ipadic 6.2's `metadata.json`, with the encoding of Debian's files.
const IPADIC_METADATA: &str = include_str!("../ipadic-metadata.json");

/// Where Debian installs the IPADIC sources.
pub const DEBIAN_IPADIC_DIR: &str = "/usr/share/mecab/dic/ipadic";

/// Environment variable naming a folder with the IPADIC sources.
pub const SOURCE_ENV: &str = "KAIGIROKU_IPADIC_SRC";

/// Environment variable naming the compiled dictionary folder.
pub const DICT_ENV: &str = "KAIGIROKU_DICT";

/// The file, written last, that marks a complete build and holds its checksum.
const STAMP_FILE: &str = "kaigiroku-dictionary.json";

/// Files the builder needs besides the CSV lexicon.
const REQUIRED_SOURCE_FILES: [&str; 3] = ["matrix.def", "char.def", "unk.def"];

/// The compiled-dictionary folder of this user, from the environment: see
/// [`dictionary_dir_from`].
pub fn default_dictionary_dir() -> PathBuf {
    dictionary_dir_from(
        std::env::var_os(DICT_ENV),
        std::env::var_os("XDG_DATA_HOME"),
        std::env::var_os("HOME"),
    )
}

/// The compiled-dictionary folder given the values of `$KAIGIROKU_DICT`,
/// `$XDG_DATA_HOME` and `$HOME`: the first, else
/// `$XDG_DATA_HOME/kaigiroku/ipadic`, else `$HOME/.local/share/kaigiroku/ipadic`,
/// else `dict/ipadic` under the current folder. One place per user, not per
/// working folder, so that every command started anywhere shares one
/// dictionary instead of compiling its own.
pub fn dictionary_dir_from(
    dict: Option<OsString>,
    xdg_data: Option<OsString>,
    home: Option<OsString>,
) -> PathBuf {
    let set = |value: Option<OsString>| value.filter(|v| !v.is_empty()).map(PathBuf::from);
    if let Some(dir) = set(dict) {
        return dir;
    }
    // The XDG spec says to ignore a relative $XDG_DATA_HOME.
    let data = set(xdg_data)
        .filter(|dir| dir.is_absolute())
        .or_else(|| set(home).map(|home| home.join(".local/share")));
    match data {
        Some(data) => data.join("kaigiroku/ipadic"),
        None => PathBuf::from("dict/ipadic"),
    }
}

/// The folders searched for the IPADIC sources, in order: `$KAIGIROKU_IPADIC_SRC`,
/// Debian's location, and the cache the set-up script unpacks the package into
/// when it cannot install it.
pub fn source_candidates() -> Vec<PathBuf> {
    let mut candidates = Vec::new();
    if let Some(dir) = std::env::var_os(SOURCE_ENV) {
        candidates.push(PathBuf::from(dir));
    }
    candidates.push(PathBuf::from(DEBIAN_IPADIC_DIR));
    let cache = std::env::var_os("XDG_CACHE_HOME")
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|home| Path::new(&home).join(".cache")));
    if let Some(cache) = cache {
        candidates.push(
            cache
                .join("kaigiroku/mecab-ipadic")
                .join(DEBIAN_IPADIC_DIR.trim_start_matches('/')),
        );
    }
    candidates
}

/// The first candidate folder that holds a complete IPADIC source.
pub fn locate_source() -> Result<PathBuf> {
    let candidates = source_candidates();
    candidates
        .iter()
        .find(|dir| is_ipadic_source(dir))
        .cloned()
        .ok_or_else(|| Error::DictionarySourceMissing {
            searched: candidates
                .iter()
                .map(|dir| dir.display().to_string())
                .collect::<Vec<_>>()
                .join(", "),
        })
}

fn is_ipadic_source(dir: &Path) -> bool {
    REQUIRED_SOURCE_FILES
        .iter()
        .all(|file| dir.join(file).is_file())
        && fs::read_dir(dir).is_ok_and(|entries| {
            entries
                .flatten()
                .any(|entry| entry.path().extension().is_some_and(|ext| ext == "csv"))
        })
}

/// What a compiled dictionary records about itself.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct DictionaryStamp {
    /// SHA-256 over the compiled files, in name order.
    pub checksum: String,
    /// The source folder it was compiled from.
    pub source: String,
    /// The lindera version that compiled it.
    pub builder: String,
}

/// Compiles the IPADIC sources in `source` into `output`.
///
/// The build goes to a sibling temporary folder that is renamed into place
/// when complete, so an interrupted build never leaves a half dictionary.
pub fn build(source: &Path, output: &Path) -> Result<DictionaryStamp> {
    let metadata = Metadata::load(IPADIC_METADATA.as_bytes()).map_err(|err| Error::Dictionary {
        path: source.to_path_buf(),
        message: err.to_string(),
    })?;
    let parent = output
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    fs::create_dir_all(parent).map_err(|err| Error::io(parent, err))?;
    let staging = parent.join(format!(
        ".{}.building-{}",
        output
            .file_name()
            .and_then(|n| n.to_str())
            .unwrap_or("dict"),
        std::process::id()
    ));
    let _ = fs::remove_dir_all(&staging);
    DictionaryBuilder::new(metadata)
        .build_dictionary(source, &staging)
        .map_err(|err| Error::Dictionary {
            path: source.to_path_buf(),
            message: err.to_string(),
        })?;
    let stamp = DictionaryStamp {
        checksum: checksum_files(&staging)?,
        source: source.display().to_string(),
        builder: format!("lindera {}", LINDERA_VERSION),
    };
    let stamp_json = serde_json::to_string_pretty(&stamp).expect("stamp serializes");
    fs::write(staging.join(STAMP_FILE), stamp_json).map_err(|err| Error::io(&staging, err))?;
    if output.exists() {
        fs::remove_dir_all(output).map_err(|err| Error::io(output, err))?;
    }
    if let Err(err) = fs::rename(&staging, output) {
        // Another process finished the same build first: theirs is as good.
        let _ = fs::remove_dir_all(&staging);
        if read_stamp(output).is_err() {
            return Err(Error::io(output, err));
        }
    }
    Ok(stamp)
}

/// The lindera version the workspace pins (kept in step with Cargo.toml).
pub const LINDERA_VERSION: &str = "6.2";

/// Builds the dictionary into `output` unless a complete one is there.
pub fn ensure_built(output: &Path) -> Result<DictionaryStamp> {
    match read_stamp(output) {
        Ok(stamp) => Ok(stamp),
        Err(_) => build(&locate_source()?, output),
    }
}

/// The stamp of the compiled dictionary in `dir`.
pub fn read_stamp(dir: &Path) -> Result<DictionaryStamp> {
    let path = dir.join(STAMP_FILE);
    let bytes = fs::read(&path).map_err(|_| Error::DictionaryMissing {
        path: dir.to_path_buf(),
    })?;
    serde_json::from_slice(&bytes).map_err(|err| Error::Dictionary {
        path,
        message: format!("unreadable stamp ({err}); rebuild with `kaigiroku dict build`"),
    })
}

/// A loaded dictionary with its checksum.
pub struct LoadedDictionary {
    pub dictionary: Dictionary,
    pub stamp: DictionaryStamp,
}

/// Loads (memory-maps) the compiled dictionary in `dir`.
pub fn load(dir: &Path) -> Result<LoadedDictionary> {
    let stamp = read_stamp(dir)?;
    let dictionary =
        lindera::dictionary::load_fs_dictionary(dir).map_err(|err| Error::Dictionary {
            path: dir.to_path_buf(),
            message: err.to_string(),
        })?;
    Ok(LoadedDictionary { dictionary, stamp })
}

fn checksum_files(dir: &Path) -> Result<String> {
    let mut files: Vec<PathBuf> = fs::read_dir(dir)
        .map_err(|err| Error::io(dir, err))?
        .flatten()
        .map(|entry| entry.path())
        .filter(|path| path.is_file())
        .collect();
    files.sort();
    let mut hasher = Sha256::new();
    let mut buffer = vec![0u8; 1 << 16];
    for path in files {
        hasher.update(path.file_name().unwrap_or_default().as_encoded_bytes());
        let mut file = fs::File::open(&path).map_err(|err| Error::io(&path, err))?;
        loop {
            let read = file
                .read(&mut buffer)
                .map_err(|err| Error::io(&path, err))?;
            if read == 0 {
                break;
            }
            hasher.update(&buffer[..read]);
        }
    }
    Ok(format!("{:x}", hasher.finalize()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_dictionary_folder_is_one_per_user() {
        let some = |s: &str| Some(OsString::from(s));
        let cases = [
            (
                (some("/opt/dict"), some("/x"), some("/home/a")),
                "/opt/dict",
            ),
            ((some("rel/dict"), None, None), "rel/dict"),
            ((None, some("/x"), some("/home/a")), "/x/kaigiroku/ipadic"),
            (
                (None, None, some("/home/a")),
                "/home/a/.local/share/kaigiroku/ipadic",
            ),
            // Empty is unset; a relative XDG_DATA_HOME is ignored (XDG spec).
            (
                (some(""), some(""), some("/home/a")),
                "/home/a/.local/share/kaigiroku/ipadic",
            ),
            (
                (None, some("data"), some("/home/a")),
                "/home/a/.local/share/kaigiroku/ipadic",
            ),
            ((None, some("/x"), None), "/x/kaigiroku/ipadic"),
            ((None, None, None), "dict/ipadic"),
            ((None, None, some("")), "dict/ipadic"),
        ];
        for ((dict, xdg, home), expected) in cases {
            let input = format!("{dict:?} {xdg:?} {home:?}");
            assert_eq!(
                dictionary_dir_from(dict, xdg, home),
                PathBuf::from(expected),
                "{input}"
            );
        }
    }
}
