//! `kaigiroku serve` under load, with the benchmark's 270 queries:
//!
//! - `overload`: p50/p99 with one connection, then connections sending
//!   back to back (no back-off) far past what two cores serve. The
//!   requests the server accepts must stay within 2× the unloaded p99;
//!   the others get 503 with `Retry-After`.
//! - `soak [MINUTES]`: the highest rate found at 32 connections, then
//!   80 % of it for MINUTES (10 by default), paced: RSS, errors and latency
//!   per minute.
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
#[path = "peers/proc_stat.rs"]
mod proc_stat;

use client::Client;
use kaigiroku_core::testing;
use kaigiroku_server::encode;
use proc_stat::cpu_seconds;

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

    /// CPU seconds the server has used so far.
    fn cpu_seconds(&self) -> f64 {
        cpu_seconds(&format!("/proc/{}/stat", self.0.id()))
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
    /// The server's own time for each 200 (`took_us`: the wait for a turn
    /// and the search), in µs.
    server: Vec<u64>,
    busy: usize,
    other: usize,
}

impl Seen {
    fn merge(&mut self, other: Seen) {
        self.ok.extend(other.ok);
        self.server.extend(other.server);
        self.busy += other.busy;
        self.other += other.other;
    }

    /// Of the 200s, as the clients saw them; sorted once all are in.
    fn percentile_ms(&self, p: f64) -> f64 {
        percentile_ms(&self.ok, p)
    }
}

fn percentile_ms(sorted: &[u64], p: f64) -> f64 {
    sorted
        .get(((sorted.len().max(1) - 1) as f64 * p).round() as usize)
        .map_or(0.0, |&us| us as f64 / 1000.0)
}

/// `took_us` of a search's JSON.
fn took_us(body: &[u8]) -> Option<u64> {
    let at = body.windows(10).position(|w| w == b"\"took_us\":")? + 10;
    let digits: String = body[at..]
        .iter()
        .take_while(|b| b.is_ascii_digit())
        .map(|&b| b as char)
        .collect();
    digits.parse().ok()
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
        .map(|client_number| {
            let (paths, stop, next) = (paths.clone(), stop.clone(), next.clone());
            std::thread::spawn(move || {
                let mut client = Client::connect(PORT);
                let mut seen = Seen::default();
                // Paced clients start spread over one interval, not at once.
                let mut due = Instant::now()
                    + interval.map_or(Duration::ZERO, |i| {
                        i.mul_f64(client_number as f64 / connections as f64)
                    });
                while !stop.load(Ordering::Relaxed) {
                    if let Some(interval) = interval {
                        if let Some(wait) = due.checked_duration_since(Instant::now()) {
                            std::thread::sleep(wait);
                        }
                        // A client that fell behind does not catch up in a burst.
                        due = due.max(Instant::now()) + interval;
                    }
                    let path = &paths[next.fetch_add(1, Ordering::Relaxed) % paths.len()];
                    let started = Instant::now();
                    let (status, body) = client.get(path);
                    match status {
                        200 => {
                            seen.ok.push(started.elapsed().as_micros() as u64);
                            seen.server.extend(took_us(&body));
                        }
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
    all.server.sort_unstable();
    all
}

fn overload(index: &Path, paths: &Arc<Vec<String>>) {
    const SECONDS: f64 = 15.0;
    let server = Server::start(index);
    drive(paths, 1, 3.0, None);
    let unloaded = drive(paths, 1, SECONDS, None);
    let (p50, p99) = (unloaded.percentile_ms(0.5), unloaded.percentile_ms(0.99));
    let server_p99 = percentile_ms(&unloaded.server, 0.99);
    println!(
        "| load | offered/s | accepted/s | 503/s | other | p50 ms | p99 ms | p99 / unloaded p99 | server-side p50 / p99 ms | server-side p99 / unloaded | cores used by server / clients |"
    );
    println!("|---|---|---|---|---|---|---|---|---|---|---|");
    println!(
        "| 1 connection, back to back (unloaded) | | {:.0} | 0 | {} | {p50:.2} | {p99:.2} | 1.00 | {:.2} / {server_p99:.2} | 1.00 | |",
        unloaded.ok.len() as f64 / SECONDS,
        unloaded.other,
        percentile_ms(&unloaded.server, 0.5),
    );
    let row = |load: String, offered: String, seen: &Seen, cores: (f64, f64)| {
        let p99_loaded = seen.percentile_ms(0.99);
        let server_p99_loaded = percentile_ms(&seen.server, 0.99);
        println!(
            "| {load} | {offered} | {:.0} | {:.0} | {} | {:.2} | {p99_loaded:.2} | {:.2} | {:.2} / {server_p99_loaded:.2} | {:.2} | {:.2} / {:.2} |",
            seen.ok.len() as f64 / SECONDS,
            seen.busy as f64 / SECONDS,
            seen.other,
            seen.percentile_ms(0.5),
            p99_loaded / p99,
            percentile_ms(&seen.server, 0.5),
            server_p99_loaded / server_p99,
            cores.0,
            cores.1
        );
    };
    // Cores the server and this process (the clients) used over a phase.
    let measured = |phase: &dyn Fn() -> Seen| {
        let before = (server.cpu_seconds(), cpu_seconds("/proc/self/stat"));
        let seen = phase();
        let after = (server.cpu_seconds(), cpu_seconds("/proc/self/stat"));
        let cores = (
            (after.0 - before.0) / SECONDS,
            (after.1 - before.1) / SECONDS,
        );
        (seen, cores)
    };
    let (most, cores) = measured(&|| drive(paths, 32, SECONDS, None));
    let capacity = most.ok.len() as f64 / SECONDS;
    row(
        "32 connections, back to back".into(),
        String::new(),
        &most,
        cores,
    );
    // Open loop: more requests arrive than two cores serve, at a steady
    // rate, whatever the answers; a client does not retry a 503 at once.
    for times in [1.5, 3.0] {
        let connections = 256;
        let offered = capacity * times;
        let interval = Duration::from_secs_f64(connections as f64 / offered);
        let (seen, cores) = measured(&|| drive(paths, connections, SECONDS, Some(interval)));
        row(
            format!("{connections} connections, paced at {times}× capacity"),
            format!("{offered:.0}"),
            &seen,
            cores,
        );
    }
}

fn soak(index: &Path, paths: &Arc<Vec<String>>, minutes: u64) {
    // Enough connections that a paced one whose answer came late still
    // sends its next request on time: at 8, the soak reached 68–70 % of
    // the highest rate instead of 80 %.
    const CONNECTIONS: usize = 32;
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
