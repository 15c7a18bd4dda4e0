//! The files to ingest, from the paths given.

use std::collections::HashMap;
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
/// the user named it. A folder is read once however many links lead to it
/// (a link back to a folder above would otherwise never end), and only
/// regular files are read (reading a named pipe would wait forever).
pub fn files(paths: &[PathBuf]) -> Result<Found> {
    let mut found = Found::default();
    let mut seen = Seen::default();
    for path in paths {
        match std::fs::metadata(path) {
            Ok(meta) if meta.is_dir() => found.collect(path, &mut seen),
            Ok(meta) if meta.is_file() => found.take_file(path, &mut seen),
            Ok(_) => found.note_not_regular(path),
            Err(err) if err.kind() == std::io::ErrorKind::NotFound => {
                return Err(Error::PathMissing { path: path.clone() });
            }
            Err(err) => found.note_unreadable(path, err),
        }
    }
    found.files.sort();
    Ok(found)
}

/// The folders and files taken so far, by their real path.
#[derive(Default)]
struct Seen {
    folders: HashMap<PathBuf, PathBuf>,
    files: HashMap<PathBuf, PathBuf>,
}

impl Found {
    fn collect(&mut self, dir: &Path, seen: &mut Seen) {
        let real = match std::fs::canonicalize(dir) {
            Ok(real) => real,
            Err(err) => return self.note_unreadable(dir, err),
        };
        if let Some(first) = seen.folders.get(&real) {
            return self.note_again(dir, first);
        }
        seen.folders.insert(real, dir.to_path_buf());
        let entries = match std::fs::read_dir(dir) {
            Ok(entries) => entries,
            Err(err) => return self.note_unreadable(dir, err),
        };
        let mut paths = Vec::new();
        for entry in entries {
            match entry {
                Ok(entry) => paths.push(entry.path()),
                // An entry that cannot be listed has no name: report its folder.
                Err(err) => self.note_unreadable(dir, err),
            }
        }
        // Sorted, so that of two links to one folder the same one is read.
        paths.sort();
        for path in paths {
            if is_hidden(&path) {
                continue;
            }
            match std::fs::metadata(&path) {
                Ok(meta) if meta.is_dir() => self.collect(&path, seen),
                _ if !has_minutes_extension(&path) => {}
                Ok(meta) if meta.is_file() => self.take_file(&path, seen),
                Ok(_) => self.note_not_regular(&path),
                // A link to nothing, or a file that vanished.
                Err(err) => self.note_unreadable(&path, err),
            }
        }
    }

    fn take_file(&mut self, path: &Path, seen: &mut Seen) {
        let real = std::fs::canonicalize(path).unwrap_or_else(|_| path.to_path_buf());
        if let Some(first) = seen.files.get(&real) {
            if first != path {
                self.note_again(path, first);
            }
            return;
        }
        seen.files.insert(real, path.to_path_buf());
        self.files.push(path.to_path_buf());
    }

    fn note_unreadable(&mut self, path: &Path, err: std::io::Error) {
        self.unreadable
            .push((path.to_path_buf(), format!("cannot read: {err}")));
    }

    fn note_not_regular(&mut self, path: &Path) {
        self.unreadable.push((
            path.to_path_buf(),
            "not a regular file (a pipe, socket or device)".to_string(),
        ));
    }

    fn note_again(&mut self, path: &Path, first: &Path) {
        self.unreadable.push((
            path.to_path_buf(),
            format!("a link to {}, which is read already", first.display()),
        ));
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
    fn links_in_a_loop_pipes_and_dangling_links_are_reported_and_each_file_read_once() {
        let root = tempfile::tempdir().unwrap();
        let dir = root.path();
        fs::write(dir.join("a.txt"), "○議長 開会します。").unwrap();
        std::os::unix::fs::symlink(".", dir.join("self")).unwrap();
        std::os::unix::fs::symlink(".", dir.join("again")).unwrap();
        std::os::unix::fs::symlink("a.txt", dir.join("b.txt")).unwrap();
        std::os::unix::fs::symlink("nowhere.txt", dir.join("dangling.txt")).unwrap();
        let fifo = dir.join("pipe.txt");
        let made = std::process::Command::new("mkfifo").arg(&fifo).status();
        assert!(made.is_ok_and(|status| status.success()), "mkfifo");

        let found = files(&[dir.to_path_buf()]).unwrap();
        assert_eq!(found.files, [dir.join("a.txt")]);
        let mut reasons: Vec<(String, String)> = found
            .unreadable
            .iter()
            .map(|(path, reason)| {
                let name = path.file_name().unwrap().to_str().unwrap().to_string();
                (name, reason.split(',').next().unwrap().to_string())
            })
            .collect();
        reasons.sort();
        let a = dir.join("a.txt").display().to_string();
        let folder = dir.display().to_string();
        assert_eq!(
            reasons,
            [
                ("again".to_string(), format!("a link to {folder}")),
                ("b.txt".to_string(), format!("a link to {a}")),
                (
                    "dangling.txt".to_string(),
                    "cannot read: No such file or directory (os error 2)".to_string()
                ),
                (
                    "pipe.txt".to_string(),
                    "not a regular file (a pipe".to_string()
                ),
                ("self".to_string(), format!("a link to {folder}")),
            ]
        );
        // Named directly, a pipe is reported too, not taken for missing.
        let found = files(&[fifo]).unwrap();
        assert!(found.files.is_empty());
        assert_eq!(found.unreadable.len(), 1);
    }

    #[test]
    fn hidden_files_and_other_extensions_are_left_out() {
        let root = tempfile::tempdir().unwrap();
        for name in ["a.txt", "b.JSON", ".hidden.txt", "c.png"] {
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
