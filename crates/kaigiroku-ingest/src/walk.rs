//! The files to ingest, from the paths given.

use std::path::{Path, PathBuf};

use crate::error::{Error, Result};
use crate::readers::EXTENSIONS;

/// What a walk found.
#[derive(Debug, Default)]
pub struct Found {
    /// Files named directly, and the minutes-like files under folders, sorted.
    pub files: Vec<PathBuf>,
    /// Folders (or their entries) that could not be read, with the reason:
    /// the minutes in them would be missing without a word otherwise.
    pub unreadable: Vec<(PathBuf, String)>,
}

/// The files under `paths`; a path that does not exist is an error, since
/// the user named it.
pub fn files(paths: &[PathBuf]) -> Result<Found> {
    let mut found = Found::default();
    for path in paths {
        if path.is_file() {
            found.files.push(path.clone());
        } else if path.is_dir() {
            found.collect(path);
        } else {
            return Err(Error::PathMissing { path: path.clone() });
        }
    }
    found.files.sort();
    found.files.dedup();
    Ok(found)
}

impl Found {
    fn collect(&mut self, dir: &Path) {
        let entries = match std::fs::read_dir(dir) {
            Ok(entries) => entries,
            Err(err) => return self.note_unreadable(dir, err),
        };
        for entry in entries {
            let path = match entry {
                Ok(entry) => entry.path(),
                // An entry that cannot be listed has no name: report its folder.
                Err(err) => {
                    self.note_unreadable(dir, err);
                    continue;
                }
            };
            if is_hidden(&path) {
                continue;
            }
            if path.is_dir() {
                self.collect(&path);
            } else if has_minutes_extension(&path) {
                self.files.push(path);
            }
        }
    }

    fn note_unreadable(&mut self, path: &Path, err: std::io::Error) {
        self.unreadable
            .push((path.to_path_buf(), format!("cannot read: {err}")));
    }
}

fn is_hidden(path: &Path) -> bool {
    path.file_name()
        .and_then(|n| n.to_str())
        .is_some_and(|n| n.starts_with('.'))
}

fn has_minutes_extension(path: &Path) -> bool {
    path.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| EXTENSIONS.contains(&e.to_ascii_lowercase().as_str()))
}

#[cfg(test)]
mod tests {
    use std::fs;
    use std::os::unix::fs::PermissionsExt;

    use super::*;

    #[test]
    fn an_unreadable_folder_is_reported_not_skipped_silently() {
        let root = tempfile::tempdir().unwrap();
        let locked = root.path().join("locked");
        fs::create_dir(&locked).unwrap();
        fs::write(locked.join("minutes.txt"), "○議長 開会します。").unwrap();
        fs::write(root.path().join("open.txt"), "○議長 開会します。").unwrap();
        fs::set_permissions(&locked, fs::Permissions::from_mode(0o000)).unwrap();
        // Root reads the folder whatever its mode: nothing to test then.
        let readable = fs::read_dir(&locked).is_ok();
        let found = files(&[root.path().to_path_buf()]);
        fs::set_permissions(&locked, fs::Permissions::from_mode(0o755)).unwrap();
        if readable {
            return;
        }

        let found = found.unwrap();
        assert_eq!(found.files, [root.path().join("open.txt")]);
        let [(path, reason)] = found.unreadable.as_slice() else {
            panic!("one unreadable folder: {:?}", found.unreadable)
        };
        assert_eq!(path, &locked);
        assert!(reason.starts_with("cannot read: "), "{reason}");
    }

    #[test]
    fn hidden_files_and_other_extensions_are_left_out() {
        let root = tempfile::tempdir().unwrap();
        for name in ["a.txt", "b.JSON", ".hidden.txt", "c.pdf"] {
            fs::write(root.path().join(name), "").unwrap();
        }
        let found = files(&[root.path().to_path_buf()]).unwrap();
        let names: Vec<_> = found
            .files
            .iter()
            .map(|p| p.file_name().unwrap().to_str().unwrap())
            .collect();
        assert_eq!(names, ["a.txt", "b.JSON"]);
        assert!(found.unreadable.is_empty());
    }
}
