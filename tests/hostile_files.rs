//! Hostile files: the ~250 bad inputs that `tests/hostile/generate.py`
//! makes from the real minutes of ../shared/corpus (truncations, wrong
//! encodings, NUL bytes, a 10 MB line, deep nesting, empty files, a 5 MB
//! speech, 100,000 tiny meetings, names that are not UTF-8, links in a
//! loop, a named pipe …), ingested as one batch with the real binary:
//! - it ends, without a panic, with exit status 1 (something was skipped);
//! - every case the manifest says is bad is reported with its path (and
//!   the line, for a bad line of a JSON Lines file), and a reason;
//! - every good record is indexed: each meeting of `oracle/` (the good
//!   part of every case, ingested alone) is in the batch's index with the
//!   same speeches.

mod support;

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use kaigiroku_core::testing;
use support::contents::{contents, meetings};

/// `kaigiroku ingest FOLDER --index INDEX`, killed past `limit`: (exit
/// code, or None when killed by a signal; stderr).
fn ingest(folder: &Path, index: &Path, limit: Duration) -> (Option<i32>, String) {
    let stderr_path = index.with_extension("stderr");
    let mut child = Command::new(env!("CARGO_BIN_EXE_kaigiroku"))
        .arg("--dict")
        .arg(testing::dictionary_dir())
        .arg("ingest")
        .arg(folder)
        .arg("--index")
        .arg(index)
        .stdout(Stdio::null())
        .stderr(std::fs::File::create(&stderr_path).unwrap())
        .spawn()
        .unwrap();
    let started = Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        if started.elapsed() > limit {
            let _ = child.kill();
            panic!("the ingest of {} ran past {limit:?}", folder.display());
        }
        std::thread::sleep(Duration::from_millis(50));
    };
    let stderr = String::from_utf8_lossy(&std::fs::read(&stderr_path).unwrap()).into_owned();
    (status.code(), stderr)
}

/// What the ingest reported: (whole-file skips, bad parts), one line each.
fn reports(stderr: &str) -> (Vec<&str>, Vec<&str>) {
    let parts = stderr
        .lines()
        .filter(|l| l.starts_with("skipped in "))
        .collect();
    let files = stderr
        .lines()
        .filter(|l| l.starts_with("skipped ") && !l.starts_with("skipped in "))
        .collect();
    (files, parts)
}

#[test]
fn a_batch_of_hostile_files_loses_no_good_record_and_reports_every_bad_one() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("hostile");
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let generated = Command::new("python3")
        .arg(root.join("tests/hostile/generate.py"))
        .arg(&out)
        .args(["--seed", "1"])
        .status()
        .expect("python3");
    assert!(generated.success(), "the generator failed");
    let manifest: serde_json::Value =
        serde_json::from_slice(&std::fs::read(out.join("manifest.json")).unwrap()).unwrap();
    let cases = manifest["cases"].as_array().unwrap();
    assert!(cases.len() >= 200, "{} cases", cases.len());

    let (code, stderr) = ingest(
        &out.join("input"),
        &dir.path().join("index"),
        Duration::from_secs(300),
    );
    // Chmod 000 entries would stop the temporary folder's removal.
    let _ = Command::new("chmod")
        .arg("-R")
        .arg("u+rwX")
        .arg(&out)
        .status();
    assert!(
        !stderr.contains("panicked") && !stderr.contains("overflowed"),
        "{stderr}"
    );
    assert_eq!(code, Some(1), "exit status: {code:?}\n{stderr}");

    let (files, parts) = reports(&stderr);
    let mut wrong = Vec::new();
    let mut tally = std::collections::BTreeMap::<&str, usize>::new();
    for case in cases {
        let name = case["match"].as_str().unwrap();
        let expect = case["expect"].as_str().unwrap();
        *tally.entry(expect).or_default() += 1;
        let skipped: Vec<&&str> = files.iter().filter(|l| l.contains(name)).collect();
        let bad_parts: Vec<&&str> = parts.iter().filter(|l| l.contains(name)).collect();
        // A link to a folder or file read already is reported, not lost.
        let losses = skipped
            .iter()
            .filter(|l| !l.contains(": a link to "))
            .count();
        let fine = match expect {
            "skipped" => skipped.iter().any(|l| {
                l.split_once(": ")
                    .is_some_and(|(_, reason)| !reason.trim().is_empty())
            }),
            "partial" => {
                losses == 0
                    && case["bad_lines"].as_array().unwrap().iter().all(|n| {
                        let line = format!(": line {}: ", n.as_u64().unwrap());
                        bad_parts.iter().any(|l| l.contains(&line))
                    })
            }
            "indexed" => losses == 0 && bad_parts.is_empty(),
            _ => true,
        };
        if !fine {
            wrong.push(format!(
                "{name} (expected {expect}): {skipped:?} {bad_parts:?}"
            ));
        }
    }
    println!("{} cases {tally:?}; wrong: {}", cases.len(), wrong.len());
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));

    // The good records, ingested alone, are all in the batch's index.
    let (code, oracle_stderr) = ingest(
        &out.join("oracle"),
        &dir.path().join("oracle-index"),
        Duration::from_secs(300),
    );
    assert_eq!(code, Some(0), "{oracle_stderr}");
    let batch = contents(&dir.path().join("index"));
    let good = contents(&dir.path().join("oracle-index"));
    let batch_meetings = meetings(&batch);
    let lost: Vec<_> = meetings(&good)
        .into_iter()
        .filter(|(meeting, speeches)| batch_meetings.get(meeting) != Some(speeches))
        .map(|(meeting, _)| meeting)
        .collect();
    println!(
        "{} good meetings ({} documents), all in the batch's index of {} documents",
        meetings(&good).len(),
        good.len(),
        batch.len()
    );
    assert!(lost.is_empty(), "good meetings lost or changed: {lost:?}");
}
