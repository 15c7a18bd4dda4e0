//! One harness for the HTTP tests: ingest a folder of real minutes, serve
//! it on a loopback port, and send raw requests.
#![allow(dead_code)] // each test binary uses its own part of it

pub mod contents;

use std::io::{Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::path::Path;
use std::sync::Arc;
use std::time::Duration;

use kaigiroku_core::testing;
use kaigiroku_ingest::{IngestOptions, ingest};
use kaigiroku_query::Searcher;

/// A running service over an index in a temporary folder.
pub struct Served {
    pub addr: SocketAddr,
    pub searcher: Arc<Searcher>,
    /// The index served, in the temporary folder.
    pub index: std::path::PathBuf,
    _dir: tempfile::TempDir,
}

/// Ingests `relative` (a folder of the repository) and serves it.
pub fn serve(relative: &str) -> Served {
    serve_path(&Path::new(env!("CARGO_MANIFEST_DIR")).join(relative))
}

/// Ingests the files or folder at `data` and serves them.
pub fn serve_path(data: &Path) -> Served {
    let dir = tempfile::tempdir().unwrap();
    let index = dir.path().join("index");
    let data = data.to_path_buf();
    let summary = ingest(
        &[data],
        &IngestOptions::new(index.clone(), testing::analyzer()),
    )
    .unwrap();
    assert!(summary.skipped.is_empty(), "{:?}", summary.skipped);
    let searcher = Arc::new(Searcher::open(&index, testing::analyzer()).unwrap());
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = listener.local_addr().unwrap();
    listener.set_nonblocking(true).unwrap();
    let served = searcher.clone();
    std::thread::spawn(move || {
        let runtime = kaigiroku_server::runtime().unwrap();
        runtime.block_on(async move {
            let listener = tokio::net::TcpListener::from_std(listener).unwrap();
            kaigiroku_server::serve_connections(
                listener,
                kaigiroku_server::router(served),
                test_limits(),
                std::future::pending(),
            )
            .await;
        });
    });
    Served {
        addr,
        searcher,
        index,
        _dir: dir,
    }
}

/// The server's limits, with deadlines short enough for a test to wait
/// them out.
pub fn test_limits() -> kaigiroku_server::Limits {
    kaigiroku_server::Limits {
        head_timeout: Duration::from_secs(2),
        write_timeout: Duration::from_secs(2),
        ..kaigiroku_server::Limits::default()
    }
}

/// (status, body) of `GET target`; `target` is sent as given (raw bytes,
/// so that malformed requests can be tested).
pub fn get(addr: SocketAddr, target: impl AsRef<[u8]>) -> (u16, String) {
    let (status, _, body) = get_with_headers(addr, target);
    (status, body)
}

/// The JSON of a `GET target` that must answer 200. A chunked body keeps
/// its chunk sizes around the object: it is read between the first `{`
/// and the last `}`.
pub fn get_json(addr: SocketAddr, target: &str) -> serde_json::Value {
    let (status, body) = get(addr, target.as_bytes());
    assert_eq!(status, 200, "{target}: {body}");
    let start = body.find('{').expect("a JSON body");
    let end = body.rfind('}').expect("a JSON body");
    serde_json::from_str(&body[start..=end]).expect("JSON")
}

/// (status, header lines lowercased, body) of `GET target`.
pub fn get_with_headers(addr: SocketAddr, target: impl AsRef<[u8]>) -> (u16, String, String) {
    {
        let mut stream = TcpStream::connect(addr).unwrap();
        stream
            .set_read_timeout(Some(Duration::from_secs(20)))
            .unwrap();
        let mut request = b"GET ".to_vec();
        request.extend_from_slice(target.as_ref());
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
        let (head, body) = response.split_once("\r\n\r\n").unwrap_or((&response, ""));
        (status, head.to_lowercase(), body.to_string())
    }
}
