//! The HTTP service on the bundled data, over a real loopback socket:
//! answers, 4xx JSON errors for bad parameters, and no 500 for hostile input.

use std::io::{Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::path::Path;
use std::sync::Arc;
use std::time::Duration;

use kaigiroku_core::testing;
use kaigiroku_ingest::{IngestOptions, ingest};
use kaigiroku_query::Searcher;

fn start() -> (tempfile::TempDir, SocketAddr) {
    let dir = tempfile::tempdir().unwrap();
    let index = dir.path().join("index");
    let data = Path::new(env!("CARGO_MANIFEST_DIR")).join("data");
    ingest(
        &[data],
        &IngestOptions::new(index.clone(), testing::analyzer()),
    )
    .unwrap();
    let searcher = Arc::new(Searcher::open(&index, testing::analyzer()).unwrap());
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = listener.local_addr().unwrap();
    listener.set_nonblocking(true).unwrap();
    std::thread::spawn(move || {
        let runtime = tokio::runtime::Runtime::new().unwrap();
        runtime.block_on(async move {
            let listener = tokio::net::TcpListener::from_std(listener).unwrap();
            axum::serve(listener, kaigiroku_query::server::router(searcher))
                .await
                .unwrap();
        });
    });
    (dir, addr)
}

/// (status, body) of `GET target`; `target` is sent as given (raw bytes).
fn get(addr: SocketAddr, target: &[u8]) -> (u16, String) {
    let mut stream = TcpStream::connect(addr).unwrap();
    stream
        .set_read_timeout(Some(Duration::from_secs(20)))
        .unwrap();
    let mut request = b"GET ".to_vec();
    request.extend_from_slice(target);
    request.extend_from_slice(b" HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n");
    stream.write_all(&request).unwrap();
    let mut response = Vec::new();
    stream.read_to_end(&mut response).unwrap();
    let response = String::from_utf8_lossy(&response).into_owned();
    let status = response
        .split(' ')
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(0);
    let body = response
        .split_once("\r\n\r\n")
        .map_or("", |(_, b)| b)
        .to_string();
    (status, body)
}

fn encode(text: &str) -> String {
    text.bytes()
        .map(|b| {
            if b.is_ascii_alphanumeric() || b"-_.~".contains(&b) {
                (b as char).to_string()
            } else {
                format!("%{b:02X}")
            }
        })
        .collect()
}

fn search(addr: SocketAddr, query: &str) -> (u16, serde_json::Value) {
    let (status, body) = get(addr, format!("/api/search?{query}").as_bytes());
    // Chunked bodies: the JSON object is between the first { and the last }.
    let json = body
        .find('{')
        .zip(body.rfind('}'))
        .map_or("null", |(a, b)| &body[a..=b])
        .to_string();
    (
        status,
        serde_json::from_str(&json).unwrap_or(serde_json::Value::Null),
    )
}

#[test]
fn api_answers_and_refuses_bad_input_with_json_errors() {
    let (_dir, addr) = start();
    std::thread::sleep(Duration::from_millis(100));
    assert_eq!(get(addr, b"/healthz").0, 200);

    let (status, json) = search(
        addr,
        &format!("q={}&category=secretariat", encode("LGWAN-ASP")),
    );
    assert_eq!(status, 200);
    assert!(json["total"].as_u64().unwrap() >= 1);
    assert_eq!(json["hits"][0]["agenda"]["label"], "報告事項（4）");
    assert_eq!(json["hits"][0]["speaker"]["category"], "secretariat");
    assert_eq!(json["query"]["normalized"], "lgwan-asp");

    for (query, parameter) in [
        ("q=a&per_page=-1", "per_page"),
        ("q=a&per_page=1000", "per_page"),
        ("q=a&page=zero", "page"),
        ("q=a&sort=sideways", "sort"),
        ("q=a&category=mayor", "category"),
        (&format!("q=a&from={}", encode("令和4年2月30日")), "from"),
        (&format!("q={}", "x".repeat(10_000)), "q"),
    ] {
        let (status, json) = search(addr, query);
        assert_eq!(status, 400, "{query}");
        assert_eq!(json["error"]["code"], "invalid_parameter", "{query}");
        assert!(
            json["error"]["message"]
                .as_str()
                .unwrap()
                .starts_with(parameter),
            "{query}: {json}"
        );
    }

    // Hostile input: never a 500.
    for target in [
        b"/api/search?q=%FF%FE".as_slice(),
        b"/api/search?q=%22unbalanced",
        b"/api/search?q=-",
        b"/api/search?q=OR",
        b"/api/search?q=%3Cscript%3E",
        b"/api/search?q=%E4%BA%AC%E9%83%BD&from=&until=",
        b"/?q=%3Cscript%3Ealert(1)%3C%2Fscript%3E",
    ] {
        let (status, body) = get(addr, target);
        assert!(
            (200..500).contains(&status),
            "{} gave {status}",
            String::from_utf8_lossy(target)
        );
        assert!(
            !body.contains("<script>alert"),
            "the page must escape the query"
        );
    }
}
