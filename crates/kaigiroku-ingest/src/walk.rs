//! The files to ingest, from the paths given.

use std::path::PathBuf;

use crate::error::{Error, Result};
use crate::readers::EXTENSIONS;

/// Files named directly, and the minutes-like files under folders, sorted.
pub fn files(paths: &[PathBuf]) -> Result<Vec<PathBuf>> {
    let mut found = Vec::new();
    for path in paths {
        if path.is_file() {
            found.push(path.clone());
        } else if path.is_dir() {
            collect(path, &mut found);
        } else {
            return Err(Error::PathMissing { path: path.clone() });
        }
    }
    found.sort();
    found.dedup();
    Ok(found)
}

fn collect(dir: &std::path::Path, found: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        let hidden = path
            .file_name()
            .and_then(|n| n.to_str())
            .is_some_and(|n| n.starts_with('.'));
        if hidden {
            continue;
        }
        if path.is_dir() {
            collect(&path, found);
        } else if path
            .extension()
            .and_then(|e| e.to_str())
            .is_some_and(|e| EXTENSIONS.contains(&e.to_ascii_lowercase().as_str()))
        {
            found.push(path);
        }
    }
}
