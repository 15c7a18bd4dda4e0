//! What happens around a running ingest, with the real binary on the real
//! 東京都議会 corpus (../shared/corpus/tokyo-poliinfo2, 24 MB, 466
//! meetings), committing every 1 MB of speech text:
//! - killed with SIGKILL at random points, the index opens and holds whole
//!   meetings only, and a re-run ends with the documents of an
//!   uninterrupted run;
//! - a second ingest on the same index is refused and harms nothing;
//! - two servers on the index answer through the ingest's commits and
//!   merges.
//!
//! `KAIGIROKU_CRASH_KILLS` sets the number of kills (20 by default).

mod support;

use std::collections::BTreeSet;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::OnceLock;
use std::time::{Duration, Instant};

use kaigiroku_core::testing;
use support::contents::{Contents, contents, meetings};

fn corpus() -> PathBuf {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/corpus/tokyo-poliinfo2");
    assert!(
        path.is_dir(),
        "{} is missing: these tests need ../shared beside the repository",
        path.display()
    );
    path
}

fn kaigiroku() -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_kaigiroku"));
    command.arg("--dict").arg(testing::dictionary_dir());
    command
}

/// `kaigiroku ingest` of the corpus, committing every 1 MB of text.
fn ingest(index: &Path) -> Command {
    let mut command = kaigiroku();
    command
        .arg("ingest")
        .arg(corpus())
        .arg("--index")
        .arg(index)
        .args(["--commit-mb", "1"])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    command
}

/// Runs `command` to its end: (exit code, stdout, stderr).
fn run(mut command: Command) -> (i32, String, String) {
    let output = command.output().unwrap();
    (
        output.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&output.stdout).into_owned(),
        String::from_utf8_lossy(&output.stderr).into_owned(),
    )
}

/// The documents of an uninterrupted ingest, and its number of commits,
/// made once.
fn uninterrupted() -> &'static (Contents, usize) {
    static FULL: OnceLock<(Contents, usize)> = OnceLock::new();
    FULL.get_or_init(|| {
        let dir = tempfile::tempdir().unwrap();
        let index = dir.path().join("index");
        let (code, out, err) = run(ingest(&index));
        assert_eq!(code, 0, "{out}{err}");
        // "21 commits in 2.24 s; merges waited for 1.23 s"
        let commits = out
            .lines()
            .find(|line| line.contains(" in ") && line.contains("merges waited"))
            .and_then(|line| line.split(' ').next())
            .and_then(|count| count.parse().ok())
            .unwrap_or_else(|| panic!("no commit count in {out}"));
        let contents = contents(&index);
        assert_eq!(contents.len(), 25_164 + 466);
        (contents, commits)
    })
}

/// The index's operation stamp, which every commit moves on.
fn opstamp(index: &Path) -> Option<u64> {
    let meta = std::fs::read_to_string(index.join("meta.json")).ok()?;
    let at = meta.find("\"opstamp\":")? + "\"opstamp\":".len();
    let digits: String = meta[at..]
        .chars()
        .skip_while(|c| c.is_whitespace())
        .take_while(char::is_ascii_digit)
        .collect();
    digits.parse().ok()
}

/// Waits until `commits` commits of the running ingest have been seen
/// (bounded), or the ingest has ended.
fn wait_for_commits(index: &Path, commits: usize, child: &mut std::process::Child) {
    let deadline = Instant::now() + Duration::from_secs(120);
    let mut seen = 0;
    let mut last = opstamp(index);
    while seen < commits && child.try_wait().unwrap().is_none() {
        assert!(Instant::now() < deadline, "no commit came");
        std::thread::sleep(Duration::from_millis(2));
        let now = opstamp(index);
        if now.is_some() && now != last {
            seen += 1;
            last = now;
        }
    }
}

/// A fixed sequence of numbers in [0, 1), so that a failure can be rerun.
fn fractions(count: usize) -> impl Iterator<Item = f64> {
    let mut state: u64 = 0x9e37_79b9_7f4a_7c15;
    (0..count).map(move |_| {
        state = state
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        (state >> 11) as f64 / (1u64 << 53) as f64
    })
}

#[test]
fn an_ingest_killed_at_any_point_keeps_whole_meetings_and_a_rerun_completes_it() {
    let kills: usize = std::env::var("KAIGIROKU_CRASH_KILLS")
        .ok()
        .and_then(|kills| kills.parse().ok())
        .unwrap_or(20);
    let (full, commits) = uninterrupted();
    let full_meetings = meetings(full);
    let mut kept = Vec::new();
    let mut random = fractions(2 * kills);
    for round in 0..kills {
        let dir = tempfile::tempdir().unwrap();
        let index = dir.path().join("index");
        // A random point of the run: after the k-th commit (none for k = 0,
        // so before the first one), plus up to 150 ms. Counted in commits,
        // not seconds, so that a busy machine moves no kill past the end.
        let after = (random.next().unwrap() * (commits - 1) as f64) as usize;
        let delay = Duration::from_millis(150).mul_f64(random.next().unwrap());
        let at = format!("{after} commits and {delay:?}");
        let mut child = ingest(&index).spawn().unwrap();
        wait_for_commits(&index, after, &mut child);
        std::thread::sleep(delay);
        // SIGKILL: no destructor, no last commit.
        child.kill().unwrap();
        child.wait().unwrap();

        let after_kill = if index.join("meta.json").exists() {
            contents(&index)
        } else {
            Contents::new()
        };
        for (meeting, speeches) in meetings(&after_kill) {
            assert_eq!(
                Some(&speeches),
                full_meetings.get(meeting),
                "round {round}, killed at {at:?}: meeting {meeting} is not whole"
            );
        }
        kept.push(after_kill.len());

        let (code, out, err) = run(ingest(&index));
        assert_eq!(code, 0, "round {round}: the re-run failed: {out}{err}");
        assert!(
            contents(&index) == *full,
            "round {round}, killed at {at:?}: the re-run did not end with the uninterrupted run's documents"
        );
    }
    let partial = kept
        .iter()
        .filter(|&&kept| kept > 0 && kept < full.len())
        .count();
    println!(
        "{kills} kills in an ingest of {} documents with {commits} commits: documents kept {kept:?}",
        full.len()
    );
    // Kills before the first commit or after the last teach nothing: most
    // must land in between.
    assert!(
        partial * 2 >= kills,
        "only {partial} of {kills} kills landed between two commits: {kept:?}"
    );
}

/// Waits until `index` is locked by a writer (bounded).
fn wait_for_writer(index: &Path) {
    let deadline = Instant::now() + Duration::from_secs(30);
    while kaigiroku_ingest::ensure_not_writing(index).is_ok() {
        assert!(Instant::now() < deadline, "the ingest never took the index");
        std::thread::sleep(Duration::from_millis(5));
    }
}

#[test]
fn a_second_ingest_on_the_same_index_is_refused_and_the_first_is_unharmed() {
    let (full, _) = uninterrupted();
    let dir = tempfile::tempdir().unwrap();
    let index = dir.path().join("index");
    let first = ingest(&index).spawn().unwrap();
    wait_for_writer(&index);

    let seed = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/seed");
    for extra in [&[][..], &["--rebuild"][..]] {
        let mut second = kaigiroku();
        second
            .arg("ingest")
            .arg(&seed)
            .arg("--index")
            .arg(&index)
            .args(extra);
        let (code, _, err) = run(second);
        assert_eq!(code, 2, "{extra:?}: {err}");
        assert!(
            err.contains("another ingest is writing this index; this one changed nothing"),
            "{extra:?}: {err}"
        );
    }

    let output = first.wait_with_output().unwrap();
    assert!(output.status.success(), "{output:?}");
    assert!(contents(&index) == *full, "the first ingest was harmed");
}

/// A `kaigiroku serve` process on a port of its own choosing.
struct Server {
    child: Child,
    addr: SocketAddr,
}

impl Server {
    fn start(index: &Path) -> Server {
        let mut child = kaigiroku()
            .arg("serve")
            .arg("--index")
            .arg(index)
            .args(["--addr", "127.0.0.1:0"])
            .env("RUST_LOG", "info")
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let mut lines = BufReader::new(child.stderr.take().unwrap()).lines();
        let addr = loop {
            let line = lines
                .next()
                .expect("the server ended before it served")
                .unwrap();
            if let Some((_, addr)) = line.split_once("serving on http://") {
                break addr.trim().parse().unwrap();
            }
        };
        // Keep reading its log, so that it never blocks on a full pipe.
        std::thread::spawn(move || lines.for_each(drop));
        Server { child, addr }
    }

    /// The total of a search, or the status when it is not 200.
    fn total(&self, query: &str) -> Result<u64, String> {
        let mut stream = TcpStream::connect(self.addr).map_err(|err| err.to_string())?;
        stream
            .set_read_timeout(Some(Duration::from_secs(20)))
            .unwrap();
        write!(
            stream,
            "GET /api/search?q={query}&per_page=1 HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n"
        )
        .unwrap();
        let mut response = String::new();
        stream
            .read_to_string(&mut response)
            .map_err(|err| err.to_string())?;
        if !response.starts_with("HTTP/1.1 200") {
            return Err(response.lines().next().unwrap_or("no response").to_string());
        }
        let body = response.split_once("\r\n\r\n").unwrap().1;
        let json: serde_json::Value = serde_json::from_str(body).map_err(|err| err.to_string())?;
        json["total"].as_u64().ok_or_else(|| body.to_string())
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

#[test]
fn two_servers_on_one_index_answer_through_an_ingest_and_its_commits_and_merges() {
    let (full, _) = uninterrupted();
    let dir = tempfile::tempdir().unwrap();
    let index = dir.path().join("index");
    // Something to serve before the ingest starts.
    let mut first = kaigiroku();
    first
        .arg("ingest")
        .arg(Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/seed"))
        .arg("--index")
        .arg(&index);
    let (code, _, err) = run(first);
    assert_eq!(code, 0, "{err}");
    let servers = [Server::start(&index), Server::start(&index)];
    // 議会 (assembly) is in nearly every speech of the corpus.
    let query = "%E8%AD%B0%E4%BC%9A";
    let before = servers[0].total(query).unwrap();

    let mut ingest = ingest(&index).spawn().unwrap();
    let mut answers = 0;
    let mut seen = BTreeSet::new();
    let deadline = Instant::now() + Duration::from_secs(300);
    while ingest.try_wait().unwrap().is_none() {
        assert!(Instant::now() < deadline, "the ingest did not end");
        for server in &servers {
            let total = server
                .total(query)
                .unwrap_or_else(|err| panic!("a server failed during the ingest: {err}"));
            seen.insert(total);
            answers += 1;
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    assert!(ingest.wait().unwrap().success());

    // The servers reload a moment after each commit: in the end they agree
    // with a server started on the finished index.
    let truth = Server::start(&index).total(query).unwrap();
    assert!(truth > before && truth <= full.len() as u64);
    let settled = (0..100).any(|_| {
        std::thread::sleep(Duration::from_millis(100));
        servers
            .iter()
            .all(|server| server.total(query) == Ok(truth))
    });
    assert!(
        settled,
        "the servers did not reach the finished index's {truth}"
    );
    println!(
        "{answers} answers during the ingest, {} distinct totals seen, from {before} to {truth}",
        seen.len()
    );
    // Both saw the commits as they came, not only the end.
    assert!(
        seen.len() >= 3,
        "the servers did not follow the commits: {seen:?}"
    );
}
