//! `kaigiroku serve` under load, with the benchmark's 270 queries:
//!
//! - `overload`: p50/p99 with one connection, then connections sending
//!   back to back (no back-off) far past what two cores serve. The
//!   requests the server accepts must stay within 2× the unloaded p99;
//!   the others get 503 with `Retry-After`.
//! - `soak [MINUTES]`: the highest rate found at 8 connections, then 80 %
//!   of it for MINUTES (10 by default), paced: RSS, errors and latency per
//!   minute.
//!
//! `cargo bench --bench load -- overload|soak [MINUTES]`. It serves the
//! index of `benches/run` (target/bench-work/kaigiroku-files), or builds
//! one from ../shared/corpus first.

use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::time::{Duration, Instant};

#[path = "peers/client.rs"]
mod client;

use client::Client;
use kaigiroku_core::testing;
use kaigiroku_server::encode;

const PORT: u16 = 18_090;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// The index and the request paths of `benches/run`, made here if missing.
fn workload() -> (PathBuf, Vec<String>) {
    let work = root().join("target/bench-work");
    let index = work.join("kaigiroku-files");
    if !index.join("meta.json").exists() {
        eprintln!("building {} …", index.display());
        let corpus = root().join("../shared/corpus");
        let status = Command::new(root().join("target/release/kaigiroku"))
            .arg("--dict")
            .arg(testing::dictionary_dir())
            .arg("ingest")
            .arg(corpus.join("shinagawa"))
            .arg(corpus.join("tokyo-poliinfo2"))
            .arg("--index")
            .arg(&index)
            .status()
            .expect("kaigiroku ingest");
        assert!(status.success(), "ingest failed");
    }
    let queries: Vec<serde_json::Value> = serde_json::from_str(
        &std::fs::read_to_string(root().join("benches/queries.json")).expect("queries.json"),
    )
    .expect("queries.json");
    let paths = queries.iter().map(path).collect();
    (index, paths)
}

/// `/api/search` for one query of queries.json, as `benches/run` sends it.
fn path(query: &serde_json::Value) -> String {
    let terms: Vec<&str> = query["terms"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|t| t.as_str())
        .collect();
    let text = if query["phrase"].as_bool() == Some(true) {
        format!("\"{}\"", terms[0])
    } else {
        terms.join(" ")
    };
    let mut path = format!("/api/search?per_page=10&facets=false&q={}", encode(&text));
    if let Some(category) = query["category"].as_str() {
        path += &format!("&category={category}");
    }
    for bound in ["from", "until"] {
        if let Some(key) = query[bound].as_u64() {
            path += &format!(
                "&{bound}={:04}-{:02}-{:02}",
                key / 10_000,
                key / 100 % 100,
                key % 100
            );
        }
    }
    path
}

struct Server(Child);

impl Server {
    fn start(index: &Path) -> Server {
        let child = Command::new(root().join("target/release/kaigiroku"))
            .arg("--dict")
            .arg(testing::dictionary_dir())
            .args(["serve", "--index"])
            .arg(index)
            .args(["--addr", &format!("127.0.0.1:{PORT}")])
            .env("RUST_LOG", "error")
            .stderr(Stdio::null())
            .spawn()
            .expect("kaigiroku serve");
        let deadline = Instant::now() + Duration::from_secs(60);
        while std::net::TcpStream::connect(("127.0.0.1", PORT)).is_err() {
            assert!(Instant::now() < deadline, "the server never listened");
            std::thread::sleep(Duration::from_millis(100));
        }
        Server(child)
    }

    fn rss_mb(&self) -> f64 {
        let status =
            std::fs::read_to_string(format!("/proc/{}/status", self.0.id())).unwrap_or_default();
        status
            .lines()
            .find_map(|l| l.strip_prefix("VmRSS:"))
            .and_then(|v| v.split_whitespace().next())
            .and_then(|v| v.parse::<f64>().ok())
            .unwrap_or(0.0)
            / 1024.0
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// What clients saw: latencies of the 200s in µs, and the other answers.
#[derive(Default)]
struct Seen {
    ok: Vec<u64>,
    busy: usize,
    other: usize,
}

impl Seen {
    fn merge(&mut self, other: Seen) {
        self.ok.extend(other.ok);
        self.busy += other.busy;
        self.other += other.other;
    }

    /// Of the 200s; `ok` is sorted once all clients are in.
    fn percentile_ms(&self, p: f64) -> f64 {
        self.ok
            .get(((self.ok.len().max(1) - 1) as f64 * p).round() as usize)
            .map_or(0.0, |&us| us as f64 / 1000.0)
    }
}

/// `connections` clients for `seconds`, each sending the paths in turn;
/// with `interval`, each client sends one request per interval (paced),
/// else back to back.
fn drive(
    paths: &Arc<Vec<String>>,
    connections: usize,
    seconds: f64,
    interval: Option<Duration>,
) -> Seen {
    let stop = Arc::new(AtomicBool::new(false));
    let next = Arc::new(AtomicUsize::new(0));
    let clients: Vec<_> = (0..connections)
        .map(|_| {
            let (paths, stop, next) = (paths.clone(), stop.clone(), next.clone());
            std::thread::spawn(move || {
                let mut client = Client::connect(PORT);
                let mut seen = Seen::default();
                let mut due = Instant::now();
                while !stop.load(Ordering::Relaxed) {
                    if let Some(interval) = interval {
                        due += interval;
                        if let Some(wait) = due.checked_duration_since(Instant::now()) {
                            std::thread::sleep(wait);
                        }
                    }
                    let path = &paths[next.fetch_add(1, Ordering::Relaxed) % paths.len()];
                    let started = Instant::now();
                    let (status, _) = client.get(path);
                    match status {
                        200 => seen.ok.push(started.elapsed().as_micros() as u64),
                        503 => seen.busy += 1,
                        _ => seen.other += 1,
                    }
                }
                seen
            })
        })
        .collect();
    std::thread::sleep(Duration::from_secs_f64(seconds));
    stop.store(true, Ordering::Relaxed);
    let mut all = Seen::default();
    for client in clients {
        all.merge(client.join().expect("client thread"));
    }
    all.ok.sort_unstable();
    all
}

fn overload(index: &Path, paths: &Arc<Vec<String>>) {
    let _server = Server::start(index);
    drive(paths, 1, 3.0, None);
    let unloaded = drive(paths, 1, 15.0, None);
    let (p50, p99) = (unloaded.percentile_ms(0.5), unloaded.percentile_ms(0.99));
    println!("| connections | accepted/s | 503/s | other | p50 ms | p99 ms | p99 / unloaded p99 |");
    println!("|---|---|---|---|---|---|---|");
    println!(
        "| 1 (unloaded) | {:.0} | 0 | {} | {p50:.2} | {p99:.2} | 1.00 |",
        unloaded.ok.len() as f64 / 15.0,
        unloaded.other
    );
    for connections in [32, 128, 512] {
        let seconds = 15.0;
        let seen = drive(paths, connections, seconds, None);
        let loaded_p99 = seen.percentile_ms(0.99);
        println!(
            "| {connections} | {:.0} | {:.0} | {} | {:.2} | {loaded_p99:.2} | {:.2} |",
            seen.ok.len() as f64 / seconds,
            seen.busy as f64 / seconds,
            seen.other,
            seen.percentile_ms(0.5),
            loaded_p99 / p99
        );
    }
}

fn soak(index: &Path, paths: &Arc<Vec<String>>, minutes: u64) {
    const CONNECTIONS: usize = 8;
    let server = Server::start(index);
    drive(paths, CONNECTIONS, 5.0, None);
    let most = drive(paths, CONNECTIONS, 20.0, None);
    let max_rate = most.ok.len() as f64 / 20.0;
    let rate = 0.8 * max_rate;
    let interval = Duration::from_secs_f64(CONNECTIONS as f64 / rate);
    println!(
        "highest rate at {CONNECTIONS} connections: {max_rate:.0}/s; soak at {rate:.0}/s for {minutes} min"
    );
    println!("| minute | requests/s | 503 | other | p50 ms | p99 ms | RSS MB |");
    println!("|---|---|---|---|---|---|---|");
    for minute in 1..=minutes {
        let seen = drive(paths, CONNECTIONS, 60.0, Some(interval));
        println!(
            "| {minute} | {:.0} | {} | {} | {:.2} | {:.2} | {:.1} |",
            seen.ok.len() as f64 / 60.0,
            seen.busy,
            seen.other,
            seen.percentile_ms(0.5),
            seen.percentile_ms(0.99),
            server.rss_mb()
        );
    }
}

fn main() {
    let args: Vec<String> = std::env::args()
        .skip(1)
        .filter(|a| a != "--bench")
        .collect();
    let (index, paths) = workload();
    let paths = Arc::new(paths);
    match args.first().map(String::as_str) {
        Some("soak") => {
            let minutes = args.get(1).and_then(|m| m.parse().ok()).unwrap_or(10);
            soak(&index, &paths, minutes);
        }
        Some("overload") | None => overload(&index, &paths),
        Some(other) => panic!("unknown mode {other}: overload or soak [MINUTES]"),
    }
}
