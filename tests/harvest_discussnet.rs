//! `kaigiroku harvest discussnet` against a local server that replays real
//! recorded DiscussNet SSP responses (函館市: its tenant.js, its whole
//! `councils/index`, the `get_schedule` of 令和６年第１回２月定例会 and the
//! `get_minute` of its first sitting; tests/data/discussnet), with the
//! robots.txt ssp.kaigiroku.net serves. A run cut short, a resume, a re-run
//! that adds nothing; the meeting is the one the files give when ingested.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use kaigiroku_core::testing;
use kaigiroku_query::{SearchRequest, Searcher};

/// ssp.kaigiroku.net/robots.txt as two public scrapers quote it.
const ROBOTS: &str = "User-agent: *\nDisallow: /\nAllow: /tenant/\nDisallow: /tenant/js/\n";

fn data(relative: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/data/discussnet")
        .join(relative)
}

/// One request as the server saw it.
#[derive(Debug, Clone)]
struct Seen {
    method: String,
    path: String,
    body: String,
    user_agent: String,
}

/// The replay server: one request a connection, answers from the files.
struct Replay {
    addr: std::net::SocketAddr,
    seen: Arc<Mutex<Vec<Seen>>>,
}

fn replay() -> Replay {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = listener.local_addr().unwrap();
    let seen = Arc::new(Mutex::new(Vec::new()));
    let log = seen.clone();
    std::thread::spawn(move || {
        // Bounded: no test makes this many requests.
        for stream in listener.incoming().take(5_000) {
            let Ok(stream) = stream else { continue };
            let _ = answer(stream, &log);
        }
    });
    Replay { addr, seen }
}

fn answer(mut stream: TcpStream, log: &Mutex<Vec<Seen>>) -> std::io::Result<()> {
    stream.set_read_timeout(Some(Duration::from_secs(10)))?;
    let mut reader = BufReader::new(stream.try_clone()?);
    let mut request_line = String::new();
    reader.read_line(&mut request_line)?;
    let mut length = 0;
    let mut user_agent = String::new();
    loop {
        let mut line = String::new();
        reader.read_line(&mut line)?;
        let line = line.trim_end();
        if line.is_empty() {
            break;
        }
        let (name, value) = line.split_once(':').unwrap_or((line, ""));
        match name.to_ascii_lowercase().as_str() {
            "content-length" => length = value.trim().parse().unwrap_or(0),
            "user-agent" => user_agent = value.trim().to_string(),
            _ => {}
        }
    }
    let mut body = vec![0; length];
    reader.read_exact(&mut body)?;
    let body = String::from_utf8_lossy(&body).into_owned();
    let mut parts = request_line.split_whitespace();
    let method = parts.next().unwrap_or("").to_string();
    let path = parts.next().unwrap_or("").to_string();
    let form = |key: &str| {
        body.split('&')
            .find_map(|pair| pair.strip_prefix(&format!("{key}=")))
            .unwrap_or("")
            .to_string()
    };
    let file = |relative: &str| std::fs::read_to_string(data(relative)).unwrap();
    let (status, text) = match (method.as_str(), path.as_str()) {
        ("GET", "/robots.txt") => (200, ROBOTS.to_string()),
        ("GET", "/tenant/hakodate/js/tenant.js") => (200, file("replay/saas/tenant.js")),
        ("POST", "/dnp/search/councils/index") if form("tenant_id") == "537" => {
            (200, file("replay/saas/councils.json"))
        }
        ("POST", "/dnp/search/minutes/get_schedule") => match form("council_id").as_str() {
            "1251" => (200, file("saas/schedules.json")),
            _ => (200, r#"{"council_schedules":[]}"#.to_string()),
        },
        ("POST", "/dnp/search/minutes/get_minute") => {
            match (form("council_id").as_str(), form("schedule_id").as_str()) {
                ("1251", "2") => (200, file("saas/minute.json")),
                _ => (200, r#"{"tenant_minutes":[]}"#.to_string()),
            }
        }
        ("GET", p) if p.starts_with("/dnp/") => (400, "POST only".to_string()),
        _ => (404, "not found".to_string()),
    };
    log.lock().unwrap().push(Seen {
        method,
        path,
        body,
        user_agent,
    });
    write!(
        stream,
        "HTTP/1.1 {status} X\r\nContent-Type: application/json; charset=utf-8\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{text}",
        text.len()
    )
}

fn harvest(replay: &Replay, index: &Path, extra: &[&str]) -> Output {
    let dict = testing::dictionary_dir();
    let host = format!("http://{}", replay.addr);
    let mut args = vec![
        "--dict",
        dict.to_str().unwrap(),
        "harvest",
        "discussnet",
        "--tenant",
        "hakodate",
        "--host",
        &host,
        "--year",
        "2024",
        "--index",
        index.to_str().unwrap(),
        "--delay-ms",
        "0",
    ];
    args.extend_from_slice(extra);
    Command::new(env!("CARGO_BIN_EXE_kaigiroku"))
        .args(&args)
        .output()
        .unwrap()
}

fn succeeded(output: &Output) -> String {
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8_lossy(&output.stdout).into_owned()
}

fn speeches(searcher: &Searcher) -> Vec<(String, String, String)> {
    let mut ids = searcher.matching_ids(&SearchRequest::default()).unwrap();
    ids.sort();
    ids.iter()
        .map(|id| {
            let speech = searcher.speech(id).unwrap();
            (id.clone(), speech.speaker_label.clone(), speech.text)
        })
        .collect()
}

#[test]
fn a_harvest_obeys_robots_resumes_and_adds_nothing_twice() {
    let replay = replay();
    let dir = tempfile::tempdir().unwrap();
    let index = dir.path().join("harvested");

    // robots.txt disallows the API: nothing is fetched without the
    // operator saying the assembly agreed.
    let refused = harvest(&replay, &index, &[]);
    assert!(!refused.status.success());
    let message = String::from_utf8_lossy(&refused.stderr);
    assert!(
        message.contains("robots.txt disallows /dnp/search/"),
        "{message}"
    );
    assert!(
        replay
            .seen
            .lock()
            .unwrap()
            .iter()
            .all(|s| !s.path.starts_with("/dnp/")),
        "the API was called although robots.txt disallows it"
    );

    // Cut short after 4 requests: robots.txt, tenant.js, councils/index and
    // the sittings of the first 会議 of 2024, none of them fetched yet.
    let stopped = succeeded(&harvest(
        &replay,
        &index,
        &["--ignore-robots", "--max-requests", "4"],
    ));
    assert!(
        stopped.starts_with("stopped after 4 requests: 1 会議, 1 sittings (0 new meetings"),
        "{stopped}"
    );
    let state =
        std::fs::read_to_string(dir.path().join("harvested.discussnet-hakodate.json")).unwrap();
    assert!(state.contains("\"tenant_id\": 537"), "{state}");

    // Resumed: tenant.js is not asked for again; the sitting with text is
    // ingested, the six without are noted.
    let done = succeeded(&harvest(&replay, &index, &["--ignore-robots"]));
    assert!(
        done.starts_with("harvested 9 会議, 7 sittings (1 new meetings, 6 sittings without text)"),
        "{done}"
    );
    let tenant_js = replay
        .seen
        .lock()
        .unwrap()
        .iter()
        .filter(|s| s.path.ends_with("tenant.js"))
        .count();
    assert_eq!(tenant_js, 1);
    let harvested = Searcher::open(&index, testing::analyzer()).unwrap();
    let meetings: Vec<String> = harvested
        .matching_meetings(&SearchRequest::default())
        .unwrap()
        .into_iter()
        .map(|m| m.meeting_id)
        .collect();
    assert_eq!(meetings, ["discussnet-hakodate-1251-2"]);

    // The same meeting, speech for speech, as ingesting the recorded files.
    let direct = dir.path().join("direct");
    let output = Command::new(env!("CARGO_BIN_EXE_kaigiroku"))
        .args([
            "--dict",
            testing::dictionary_dir().to_str().unwrap(),
            "ingest",
            data("saas").to_str().unwrap(),
            "--index",
            direct.to_str().unwrap(),
        ])
        .output()
        .unwrap();
    succeeded(&output);
    let direct = Searcher::open(&direct, testing::analyzer()).unwrap();
    let copied = speeches(&harvested);
    assert_eq!(copied.len(), 21);
    assert_eq!(copied, speeches(&direct));

    // A re-run asks for no sitting again and adds nothing.
    let before = replay.seen.lock().unwrap().len();
    let again = succeeded(&harvest(&replay, &index, &["--ignore-robots"]));
    assert!(again.contains("(0 new meetings"), "{again}");
    let seen = replay.seen.lock().unwrap();
    let later = &seen[before..];
    assert!(
        later.iter().all(|s| !s.path.ends_with("get_minute")),
        "{later:?}"
    );
    assert_eq!(
        speeches(&Searcher::open(&index, testing::analyzer()).unwrap()),
        copied
    );

    // Polite: every request names kaigiroku; the API is only POSTed to,
    // with the tenant's number.
    for request in seen.iter() {
        assert!(request.user_agent.starts_with("kaigiroku/"), "{request:?}");
        if request.path.starts_with("/dnp/") {
            assert_eq!(request.method, "POST");
            assert!(request.body.contains("tenant_id=537"), "{request:?}");
        }
    }
}
