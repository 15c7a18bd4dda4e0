//! kaigiroku side by side with Groonga and SQLite FTS5 on real minutes.
//!
//! Run with `benches/run` (installs the peers, then `cargo bench --bench
//! peers`). Reads the 品川区 and 東京都 corpora where they lie, generates (or
//! reuses) `benches/queries.json` with a fixed seed, computes the ground
//! truth by a plain scan of the NFKC-normalized texts, measures ingest,
//! queries (in-process and over HTTP with one client for both servers),
//! correctness and memory, and writes `benches/RESULTS.md`.
//! `cargo bench --no-run` only compiles it.

use std::collections::{HashMap, HashSet};
use std::fmt::Write as _;
use std::io::Write;
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::Arc;
use std::time::{Duration, Instant};

use kaigiroku_core::model::Category;
use kaigiroku_core::testing;
use kaigiroku_ingest::{decode, readers};
use kaigiroku_query::{DateRange, SearchRequest, Searcher};
use serde::{Deserialize, Serialize};
use unicode_normalization::UnicodeNormalization;

#[path = "peers/client.rs"]
mod client;
#[path = "peers/scale.rs"]
mod scale;

use client::Client;

const SEED: u64 = 20_261_126;
const KAIGIROKU_PORT: u16 = 18_080;
const GROONGA_PORTS: [u16; 2] = [18_081, 18_082];

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

// ---------------------------------------------------------------- corpus

struct Doc {
    id: String,
    text: String,
    category: String,
    date: u64,
}

struct Corpus {
    files: Vec<PathBuf>,
    bytes: Vec<u64>,
    docs: Vec<Doc>,
    /// Index into `files` of each doc.
    file_of: Vec<usize>,
    /// Every meeting as a line of canonical JSON Lines.
    jsonl: Vec<String>,
}

fn load_corpus() -> Corpus {
    let dirs = ["shinagawa", "tokyo-poliinfo2"].map(|d| root().join("../shared/corpus").join(d));
    let mut files = Vec::new();
    for dir in &dirs {
        collect(dir, &mut files);
    }
    files.sort();
    let mut corpus = Corpus {
        files: Vec::new(),
        bytes: Vec::new(),
        docs: Vec::new(),
        file_of: Vec::new(),
        jsonl: Vec::new(),
    };
    let speakers = kaigiroku_ingest::speaker::SpeakerParser::new(testing::analyzer());
    for path in files {
        let Ok(raw) = std::fs::read(&path) else {
            continue;
        };
        let Ok(text) = decode::decode(&raw) else {
            continue;
        };
        let Ok(Some(format)) = readers::detect(&path, &text) else {
            continue;
        };
        let Ok(readers::Reading { meetings, .. }) = readers::read(&path, &text, format, &speakers)
        else {
            continue;
        };
        let file = corpus.files.len();
        corpus.files.push(path);
        corpus.bytes.push(raw.len() as u64);
        for meeting in meetings {
            corpus
                .jsonl
                .push(serde_json::to_string(&meeting).expect("a meeting serializes"));
            let date = kaigiroku_core::dates::date_key(&meeting.date);
            for speech in meeting.speeches {
                corpus.docs.push(Doc {
                    id: format!("{}-{}", meeting.id, speech.order),
                    text: speech.text.nfkc().collect(),
                    category: speech
                        .speaker
                        .map(|s| s.category.as_str().to_string())
                        .unwrap_or_default(),
                    date,
                });
                corpus.file_of.push(file);
            }
        }
    }
    corpus
}

fn collect(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).into_iter().flatten().flatten() {
        let path = entry.path();
        if path.is_dir() {
            collect(&path, out);
        } else if matches!(
            path.extension().and_then(|e| e.to_str()),
            Some("js" | "json")
        ) {
            out.push(path);
        }
    }
}

struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        // xorshift64*
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
}

// ---------------------------------------------------------------- queries

#[derive(Serialize, Deserialize, Clone, Debug)]
struct Query {
    kind: String,
    /// NFKC-normalized terms, all required.
    terms: Vec<String>,
    #[serde(default)]
    phrase: bool,
    #[serde(default)]
    category: Option<String>,
    #[serde(default)]
    from: Option<u64>,
    #[serde(default)]
    until: Option<u64>,
}

fn is_kanji(c: char) -> bool {
    ('\u{4E00}'..='\u{9FFF}').contains(&c)
}
fn is_katakana(c: char) -> bool {
    ('\u{30A1}'..='\u{30FA}').contains(&c) || c == 'ー'
}

fn random_word(docs: &[Doc], rng: &mut Rng) -> String {
    loop {
        let chars: Vec<char> = docs[rng.below(docs.len())].text.chars().collect();
        if chars.len() < 10 {
            continue;
        }
        let at = rng.below(chars.len());
        let script = if is_kanji(chars[at]) {
            is_kanji
        } else if is_katakana(chars[at]) {
            is_katakana
        } else {
            continue;
        };
        let mut start = at;
        while start > 0 && script(chars[start - 1]) {
            start -= 1;
        }
        let mut end = at;
        while end < chars.len() && script(chars[end]) {
            end += 1;
        }
        let len = end - start;
        if len < 2 {
            continue;
        }
        let take = 2 + rng.below(len.min(6) - 1);
        return chars[start..start + take].iter().collect();
    }
}

fn random_substring(docs: &[Doc], rng: &mut Rng, min: usize, max: usize) -> String {
    loop {
        let chars: Vec<char> = docs[rng.below(docs.len())].text.chars().collect();
        let len = min + rng.below(max - min + 1);
        if chars.len() <= len {
            continue;
        }
        let at = rng.below(chars.len() - len);
        let piece: String = chars[at..at + len].iter().collect();
        if piece
            .chars()
            .any(|c| c.is_whitespace() || c.is_ascii_punctuation() || "、。「」（）".contains(c))
        {
            continue;
        }
        return piece;
    }
}

fn generate_queries(corpus: &Corpus) -> Vec<Query> {
    let mut rng = Rng(SEED);
    let docs = &corpus.docs;
    let q = |kind: &str, terms: Vec<String>| Query {
        kind: kind.into(),
        terms,
        phrase: false,
        category: None,
        from: None,
        until: None,
    };
    let mut queries = Vec::new();
    for _ in 0..60 {
        queries.push(q("topical", vec![random_word(docs, &mut rng)]));
    }
    for _ in 0..60 {
        queries.push(q("substring", vec![random_substring(docs, &mut rng, 2, 8)]));
    }
    for _ in 0..40 {
        queries.push(q(
            "and",
            vec![random_word(docs, &mut rng), random_word(docs, &mut rng)],
        ));
    }
    let mut rare = 0;
    while rare < 30 {
        let term = random_substring(docs, &mut rng, 4, 7);
        let count = docs
            .iter()
            .filter(|d| d.text.contains(&term))
            .take(6)
            .count();
        if (1..=5).contains(&count) {
            queries.push(q("rare", vec![term]));
            rare += 1;
        }
    }
    for _ in 0..40 {
        let mut phrase = q("phrase", vec![random_substring(docs, &mut rng, 5, 10)]);
        phrase.phrase = true;
        queries.push(phrase);
    }
    for i in 0..40 {
        let mut filtered = q("filtered", vec![random_word(docs, &mut rng)]);
        if i % 2 == 0 {
            filtered.category = Some(["member", "staff", "chair", "executive"][i / 2 % 4].into());
        } else {
            let year = 2001 + rng.below(23) as u64;
            filtered.from = Some(year * 10_000 + 101);
            filtered.until = Some((year + 2) * 10_000 + 1231);
        }
        queries.push(filtered);
    }
    queries
}

fn truth(corpus: &Corpus, docs: &HashSet<usize>, query: &Query) -> HashSet<String> {
    docs.iter()
        .map(|&i| &corpus.docs[i])
        .filter(|d| query.terms.iter().all(|t| d.text.contains(t.as_str())))
        .filter(|d| query.category.as_ref().is_none_or(|c| &d.category == c))
        .filter(|d| {
            query.from.is_none_or(|f| d.date >= f) && query.until.is_none_or(|u| d.date <= u)
        })
        .map(|d| d.id.clone())
        .collect()
}

// ---------------------------------------------------------------- engines

fn iso(key: u64) -> String {
    format!(
        "{:04}-{:02}-{:02}",
        key / 10_000,
        key / 100 % 100,
        key % 100
    )
}

fn kaigiroku_request(query: &Query, per_page: usize) -> SearchRequest {
    let text = if query.phrase {
        format!("\"{}\"", query.terms[0])
    } else {
        query.terms.join(" ")
    };
    let from = query.from.map(iso);
    let until = query.until.map(iso);
    SearchRequest {
        query: text,
        category: query.category.as_deref().and_then(Category::parse),
        dates: DateRange::parse(from.as_deref(), until.as_deref()).expect("bench dates"),
        limit: per_page,
        facets: false,
        ..SearchRequest::default()
    }
}

use kaigiroku_server::encode;

fn kaigiroku_path(query: &Query) -> String {
    let request = kaigiroku_request(query, 10);
    let mut path = format!(
        "/api/search?per_page=10&facets=false&q={}",
        encode(&request.query)
    );
    let given = |bound: Option<kaigiroku_query::DateBound>| bound.map(|b| b.given);
    for (name, value) in [
        ("category", request.category.map(|c| c.as_str().to_string())),
        ("from", given(request.dates.from)),
        ("until", given(request.dates.until)),
    ] {
        if let Some(value) = value {
            let _ = write!(path, "&{name}={}", encode(&value));
        }
    }
    path
}

fn groonga_query(query: &Query) -> String {
    query
        .terms
        .iter()
        .map(|t| format!("\"{}\"", t.replace('\\', "\\\\").replace('"', "\\\"")))
        .collect::<Vec<_>>()
        .join(" ")
}

fn groonga_filter(query: &Query) -> Option<String> {
    let mut parts = Vec::new();
    if let Some(c) = &query.category {
        parts.push(format!("category == \"{c}\""));
    }
    if let Some(f) = query.from {
        parts.push(format!("date >= {f}"));
    }
    if let Some(u) = query.until {
        parts.push(format!("date <= {u}"));
    }
    (!parts.is_empty()).then(|| parts.join(" && "))
}

fn groonga_path(query: &Query, limit: i64, columns: &str) -> String {
    let mut path = format!(
        "/d/select?table=Speeches&match_columns=text&query={}&limit={limit}&output_columns={columns}&cache=no",
        encode(&groonga_query(query))
    );
    if let Some(filter) = groonga_filter(query) {
        let _ = write!(path, "&filter={}", encode(&filter));
    }
    path
}

struct Server {
    child: Child,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Server {
    /// (RSS, peak RSS, anonymous RSS) in kB. The rest of RSS is the index
    /// and dictionary files mapped and read: page cache, not heap.
    fn rss_kb(&self) -> (u64, u64, u64) {
        let status = std::fs::read_to_string(format!("/proc/{}/status", self.child.id()))
            .unwrap_or_default();
        let field = |name: &str| {
            status
                .lines()
                .find(|l| l.starts_with(name))
                .and_then(|l| l.split_whitespace().nth(1))
                .and_then(|v| v.parse().ok())
                .unwrap_or(0)
        };
        (field("VmRSS:"), field("VmHWM:"), field("RssAnon:"))
    }
}

fn wait_port(port: u16) {
    let deadline = Instant::now() + Duration::from_secs(60);
    while TcpStream::connect(("127.0.0.1", port)).is_err() {
        assert!(Instant::now() < deadline, "port {port} never opened");
        std::thread::sleep(Duration::from_millis(100));
    }
}

// ---------------------------------------------------------------- measures

#[derive(Default, Clone)]
struct Latency {
    micros: Vec<u64>,
}

impl Latency {
    fn percentile(&self, p: f64) -> f64 {
        let mut v = self.micros.clone();
        v.sort_unstable();
        if v.is_empty() {
            return 0.0;
        }
        v[((v.len() as f64 - 1.0) * p).round() as usize] as f64 / 1000.0
    }
    fn qps(&self) -> f64 {
        let total: u64 = self.micros.iter().sum();
        self.micros.len() as f64 / (total as f64 / 1e6).max(1e-9)
    }
}

#[derive(Default)]
struct Correctness {
    /// Per kind: (found ∩ truth, truth, found, zero-hit queries, queries)
    by_kind: HashMap<String, (usize, usize, usize, usize, usize)>,
}

impl Correctness {
    fn add(&mut self, kind: &str, found: &HashSet<String>, truth: &HashSet<String>) {
        let entry = self.by_kind.entry(kind.to_string()).or_default();
        entry.0 += found.intersection(truth).count();
        entry.1 += truth.len();
        entry.2 += found.len();
        entry.3 += usize::from(found.is_empty() && !truth.is_empty());
        entry.4 += 1;
    }
    fn totals(&self) -> (f64, f64) {
        let (mut hit, mut truth, mut found) = (0, 0, 0);
        for v in self.by_kind.values() {
            hit += v.0;
            truth += v.1;
            found += v.2;
        }
        (ratio(hit, truth), ratio(hit, found))
    }
}

fn ratio(a: usize, b: usize) -> f64 {
    if b == 0 { 1.0 } else { a as f64 / b as f64 }
}

#[derive(Clone)]
struct IngestFigures {
    seconds: f64,
    /// Speech text loaded, the same for every engine.
    megabytes: f64,
    peak_rss_mb: f64,
    index_mb: f64,
    /// kaigiroku's own account: commits and their time, merges waited for.
    commits: Option<(usize, f64, f64)>,
}

fn dir_size(path: &Path) -> u64 {
    let mut total = 0;
    for entry in std::fs::read_dir(path).into_iter().flatten().flatten() {
        let p = entry.path();
        total += if p.is_dir() {
            dir_size(&p)
        } else {
            entry.metadata().map_or(0, |m| m.len())
        };
    }
    total
}

/// `/usr/bin/time -v` around a command: (seconds, peak RSS in MB, stdout).
fn timed(command: &mut Command) -> (f64, f64, String) {
    let started = Instant::now();
    let output = command
        .stderr(Stdio::piped())
        .stdout(Stdio::piped())
        .output()
        .expect("run");
    let seconds = started.elapsed().as_secs_f64();
    let stderr = String::from_utf8_lossy(&output.stderr);
    let rss = stderr
        .lines()
        .find(|l| l.contains("Maximum resident set size"))
        .and_then(|l| l.split(':').nth(1))
        .and_then(|v| v.trim().parse::<f64>().ok())
        .unwrap_or(0.0)
        / 1024.0;
    (
        seconds,
        rss,
        String::from_utf8_lossy(&output.stdout).into_owned(),
    )
}

/// `kaigiroku ingest` of `inputs` into a fresh `index`; `text_mb` is the
/// speech text they hold.
/// RSS in MB of `kaigiroku serve` on `index` after it answered every query
/// once.
fn served_rss_mb(index: &Path, queries: &[Query]) -> f64 {
    let server = serve_kaigiroku(index);
    for query in queries {
        let _ = Client::connect(KAIGIROKU_PORT).get(&kaigiroku_path(query));
    }
    server.rss_kb().0 as f64 / 1024.0
}

fn serve_kaigiroku(index: &Path) -> Server {
    let server = Server {
        child: Command::new(root().join("target/release/kaigiroku"))
            .arg("--dict")
            .arg(testing::dictionary_dir())
            .args(["serve", "--index"])
            .arg(index)
            .args(["--addr", &format!("127.0.0.1:{KAIGIROKU_PORT}")])
            .env("RUST_LOG", "warn")
            .stderr(Stdio::null())
            .spawn()
            .expect("serve"),
    };
    wait_port(KAIGIROKU_PORT);
    server
}

fn ingest_kaigiroku(inputs: &[PathBuf], text_mb: f64, index: &Path) -> IngestFigures {
    let _ = std::fs::remove_dir_all(index);
    let bin = root().join("target/release/kaigiroku");
    let mut command = Command::new("/usr/bin/time");
    command
        .arg("-v")
        .arg(&bin)
        .arg("--dict")
        .arg(testing::dictionary_dir())
        .arg("ingest")
        .arg("--index")
        .arg(index);
    command.args(inputs);
    let (seconds, peak_rss_mb, stdout) = timed(&mut command);
    // "2 commits in 0.81 s; merges waited for 0.00 s"
    let commits = stdout
        .lines()
        .find(|l| l.contains("merges waited for"))
        .and_then(|l| {
            let numbers: Vec<f64> = l
                .split(|c: char| !(c.is_ascii_digit() || c == '.'))
                .filter_map(|n| n.parse().ok())
                .collect();
            (numbers.len() >= 3).then(|| (numbers[0] as usize, numbers[1], numbers[2]))
        });
    IngestFigures {
        seconds,
        megabytes: text_mb,
        peak_rss_mb,
        index_mb: dir_size(index) as f64 / 1e6,
        commits,
    }
}

// ------------------------------------------------------------------ main

/// The row of kaigiroku answering with ids only (`fields=id`), as Groonga
/// is asked for `_key` only.
const ID_ROW: &str = "kaigiroku (HTTP), `fields=id`: ids and count, as Groonga is asked";

/// A server's HTTP figures: name, single-client latency, server-side time
/// (kaigiroku's `took_us`), (connections, requests/s, p99 ms) per load
/// level (none for a row measured by the single client only), (RSS, peak
/// RSS, anonymous RSS) in kB.
type HttpRow = (
    String,
    Latency,
    Latency,
    Vec<(usize, f64, f64)>,
    (u64, u64, u64),
);

struct EngineRow {
    name: String,
    ingest: Option<IngestFigures>,
    latency: Latency,
    correctness: Correctness,
    note: String,
}

fn main() {
    let work = root().join("target/bench-work");
    std::fs::create_dir_all(&work).unwrap();
    eprintln!("loading the corpora …");
    let corpus = load_corpus();
    let total_mb: f64 = corpus.bytes.iter().sum::<u64>() as f64 / 1e6;
    let text_mb: f64 = corpus.docs.iter().map(|d| d.text.len()).sum::<usize>() as f64 / 1e6;
    eprintln!(
        "{} files, {:.1} MB, {} speeches, {:.1} MB of text",
        corpus.files.len(),
        total_mb,
        corpus.docs.len(),
        text_mb
    );

    let query_file = root().join("benches/queries.json");
    let queries: Vec<Query> = match std::fs::read_to_string(&query_file) {
        Ok(json) if !std::env::args().any(|a| a == "--regen") => {
            serde_json::from_str(&json).expect("queries.json")
        }
        _ => {
            let queries = generate_queries(&corpus);
            std::fs::write(&query_file, serde_json::to_string_pretty(&queries).unwrap()).unwrap();
            queries
        }
    };
    let all_docs: HashSet<usize> = (0..corpus.docs.len()).collect();
    eprintln!("ground truth for {} queries …", queries.len());
    let truths: Vec<HashSet<String>> = queries
        .iter()
        .map(|q| truth(&corpus, &all_docs, q))
        .collect();

    let mut report = String::new();
    let mut rows: Vec<EngineRow> = Vec::new();

    // ---- kaigiroku: the corpus as its files, then as one JSON Lines file
    // at 1×, 3× and 10× (the cost curve).
    eprintln!("kaigiroku ingest, {} files …", corpus.files.len());
    let full_index = work.join("kaigiroku-files");
    let many_files = ingest_kaigiroku(&corpus.files, text_mb, &full_index);
    let mut ingests = vec![(
        format!("kaigiroku, {} files", corpus.files.len()),
        many_files,
    )];
    let mut curve = Vec::new();
    for copies in [1, 3, 10] {
        let jsonl = work.join(format!("corpus-{copies}x.jsonl"));
        let bytes = scale::write_copies(&corpus.jsonl, copies, &jsonl);
        eprintln!(
            "kaigiroku ingest, one JSON Lines file, {copies}× ({:.0} MB) …",
            bytes as f64 / 1e6
        );
        let index = work.join(format!("kaigiroku-{copies}x"));
        let figures = ingest_kaigiroku(
            std::slice::from_ref(&jsonl),
            text_mb * copies as f64,
            &index,
        );
        let _ = std::fs::remove_file(&jsonl);
        let searcher = Searcher::open(&index, testing::analyzer()).expect("index");
        for query in &queries {
            let _ = searcher.search(&kaigiroku_request(query, 10));
        }
        let mut latency = Latency::default();
        for query in &queries {
            let started = Instant::now();
            let _ = searcher.search(&kaigiroku_request(query, 10));
            latency.micros.push(started.elapsed().as_micros() as u64);
        }
        drop(searcher);
        let rss_mb = served_rss_mb(&index, &queries);
        let _ = std::fs::remove_dir_all(&index);
        if copies == 1 {
            ingests.push(("kaigiroku, one JSON Lines file".into(), figures.clone()));
        }
        curve.push((copies, figures, latency, rss_mb));
    }
    let searcher = Arc::new(Searcher::open(&full_index, testing::analyzer()).unwrap());
    let mut ours = EngineRow {
        name: "kaigiroku (in-process)".into(),
        ingest: Some(ingests[0].1.clone()),
        latency: Latency::default(),
        correctness: Correctness::default(),
        note: String::new(),
    };
    // Warm once, then time top-10 + total count.
    for query in &queries {
        let _ = searcher.search(&kaigiroku_request(query, 10));
    }
    for (query, truth) in queries.iter().zip(&truths) {
        let started = Instant::now();
        let _ = searcher.search(&kaigiroku_request(query, 10)).unwrap();
        ours.latency
            .micros
            .push(started.elapsed().as_micros() as u64);
        let found: HashSet<String> = searcher
            .matching_ids(&kaigiroku_request(query, 10))
            .unwrap()
            .into_iter()
            .collect();
        ours.correctness.add(&query.kind, &found, truth);
    }
    rows.push(ours);

    // ---- SQLite FTS5 trigram, in-process.
    eprintln!("SQLite FTS5 …");
    rows.push(sqlite_row(&corpus, &queries, &truths, &work));

    // ---- Groonga over HTTP (bigram and MeCab), and kaigiroku's server.
    let groonga = which("groonga");
    let mut http_rows: Vec<HttpRow> = Vec::new();
    let kaigiroku_server = serve_kaigiroku(&full_index);
    let paths: Vec<String> = queries.iter().map(kaigiroku_path).collect();
    let (single, server_side, load) =
        http_measure(KAIGIROKU_PORT, &paths, &work.join("kaigiroku-paths.txt"));
    http_rows.push((
        "kaigiroku (HTTP)".into(),
        single,
        server_side,
        load,
        kaigiroku_server.rss_kb(),
    ));
    // The same question as Groonga is asked: the top 10 ids and the count.
    let id_paths: Vec<String> = paths.iter().map(|p| format!("{p}&fields=id")).collect();
    let (single, server_side) = one_connection_each(KAIGIROKU_PORT, &id_paths);
    http_rows.push((
        ID_ROW.to_string(),
        single,
        server_side,
        Vec::new(),
        (0, 0, 0),
    ));
    http_rows.push(floor_row(
        "kaigiroku",
        KAIGIROKU_PORT,
        "/healthz",
        paths.len(),
    ));
    drop(kaigiroku_server);

    if let Some(groonga) = &groonga {
        for (tokenizer, port) in [
            ("TokenBigram", GROONGA_PORTS[0]),
            ("TokenMecab", GROONGA_PORTS[1]),
        ] {
            eprintln!("Groonga {tokenizer} …");
            let (row, server) =
                groonga_row(groonga, tokenizer, port, &corpus, &queries, &truths, &work);
            let paths: Vec<String> = queries
                .iter()
                .map(|q| groonga_path(q, 10, "_key"))
                .collect();
            let (single, server_side, load) = http_measure(
                port,
                &paths,
                &work.join(format!("groonga-{tokenizer}-paths.txt")),
            );
            http_rows.push((
                format!("Groonga {tokenizer} (HTTP)"),
                single,
                server_side,
                load,
                server.rss_kb(),
            ));
            http_rows.push(floor_row(
                &format!("Groonga {tokenizer}"),
                port,
                "/d/status",
                paths.len(),
            ));
            if let Some(figures) = &row.ingest {
                ingests.push((
                    format!("Groonga {tokenizer}, `load` over HTTP"),
                    figures.clone(),
                ));
            }
            rows.push(row);
        }
        eprintln!("Groonga TokenBigram, bulk load …");
        ingests.push((
            "Groonga TokenBigram, `groonga -n` load then index build".into(),
            groonga_bulk(groonga, &corpus, &work),
        ));
    }
    if let Some(figures) = rows
        .iter()
        .find(|r| r.name.starts_with("SQLite"))
        .and_then(|r| r.ingest.clone())
    {
        ingests.push(("SQLite FTS5 trigram (in-process)".into(), figures));
    }

    // ---- the ranking check: 京都 as a word above 東京都.
    let kyoto = searcher
        .search(&SearchRequest {
            query: "京都".into(),
            limit: 10,
            facets: false,
            ..SearchRequest::default()
        })
        .unwrap();
    // A hit counts when its text says 京都 other than inside 東京都
    // anywhere, not only in its snippet (which starts at the first match).
    let texts: HashMap<&str, &str> = corpus
        .docs
        .iter()
        .map(|d| (d.id.as_str(), d.text.as_str()))
        .collect();
    let word_first = kyoto
        .hits
        .iter()
        .take(5)
        .filter(|h| {
            texts
                .get(h.speech_id.as_str())
                .is_some_and(|text| text.replace("東京都", "").contains("京都"))
        })
        .count();

    write_report(
        &mut report,
        &corpus,
        total_mb,
        text_mb,
        &queries,
        &rows,
        &ingests,
        &http_rows,
        &curve,
        word_first,
        groonga.is_some(),
    );
    std::fs::write(root().join("benches/RESULTS.md"), &report).unwrap();
    println!("{report}");
}

fn which(name: &str) -> Option<PathBuf> {
    std::env::var_os("PATH").and_then(|paths| {
        std::env::split_paths(&paths)
            .map(|p| p.join(name))
            .find(|p| p.is_file())
    })
}

fn sqlite_row(
    corpus: &Corpus,
    queries: &[Query],
    truths: &[HashSet<String>],
    work: &Path,
) -> EngineRow {
    let path = work.join("fts5.sqlite");
    let _ = std::fs::remove_file(&path);
    let started = Instant::now();
    let db = rusqlite::Connection::open(&path).unwrap();
    db.execute_batch("PRAGMA journal_mode=OFF; PRAGMA synchronous=OFF; CREATE VIRTUAL TABLE fts USING fts5(id UNINDEXED, category UNINDEXED, date UNINDEXED, text, tokenize='trigram');").unwrap();
    {
        let tx = db.unchecked_transaction().unwrap();
        {
            let mut insert = tx
                .prepare("INSERT INTO fts(id, category, date, text) VALUES (?1, ?2, ?3, ?4)")
                .unwrap();
            for doc in &corpus.docs {
                insert
                    .execute(rusqlite::params![
                        doc.id,
                        doc.category,
                        doc.date as i64,
                        doc.text
                    ])
                    .unwrap();
            }
        }
        tx.commit().unwrap();
    }
    let seconds = started.elapsed().as_secs_f64();
    let text_mb = corpus.docs.iter().map(|d| d.text.len()).sum::<usize>() as f64 / 1e6;
    let index_mb = std::fs::metadata(&path).map_or(0, |m| m.len()) as f64 / 1e6;
    let mut row = EngineRow {
        name: "SQLite FTS5 trigram (in-process)".into(),
        ingest: Some(IngestFigures {
            seconds,
            megabytes: text_mb,
            peak_rss_mb: 0.0,
            index_mb,
            commits: None,
        }),
        latency: Latency::default(),
        correctness: Correctness::default(),
        note: String::new(),
    };
    let mut fallbacks = 0;
    for (query, truth) in queries.iter().zip(truths) {
        let mut clauses = Vec::new();
        let mut params: Vec<rusqlite::types::Value> = Vec::new();
        let matched: Vec<&String> = query
            .terms
            .iter()
            .filter(|t| t.chars().count() >= 3)
            .collect();
        if !matched.is_empty() {
            clauses.push("fts MATCH ?".to_string());
            params.push(
                matched
                    .iter()
                    .map(|t| format!("\"{}\"", t.replace('"', "\"\"")))
                    .collect::<Vec<_>>()
                    .join(" AND ")
                    .into(),
            );
        }
        for short in query.terms.iter().filter(|t| t.chars().count() < 3) {
            // Trigrams cannot match one or two characters: a LIKE scan.
            fallbacks += 1;
            clauses.push("text LIKE ?".into());
            params.push(format!("%{short}%").into());
        }
        if let Some(c) = &query.category {
            clauses.push("category = ?".into());
            params.push(c.clone().into());
        }
        if let Some(f) = query.from {
            clauses.push("date >= ?".into());
            params.push((f as i64).into());
        }
        if let Some(u) = query.until {
            clauses.push("date <= ?".into());
            params.push((u as i64).into());
        }
        let filter = clauses.join(" AND ");
        let order = if matched.is_empty() {
            ""
        } else {
            "ORDER BY rank"
        };
        let started = Instant::now();
        let _count: i64 = db
            .query_row(
                &format!("SELECT count(*) FROM fts WHERE {filter}"),
                rusqlite::params_from_iter(params.iter()),
                |r| r.get(0),
            )
            .unwrap();
        let mut top = db
            .prepare(&format!(
                "SELECT id FROM fts WHERE {filter} {order} LIMIT 10"
            ))
            .unwrap();
        let _ids: Vec<String> = top
            .query_map(rusqlite::params_from_iter(params.iter()), |r| r.get(0))
            .unwrap()
            .flatten()
            .collect();
        row.latency
            .micros
            .push(started.elapsed().as_micros() as u64);
        let mut all = db
            .prepare(&format!("SELECT id FROM fts WHERE {filter}"))
            .unwrap();
        let found: HashSet<String> = all
            .query_map(rusqlite::params_from_iter(params.iter()), |r| r.get(0))
            .unwrap()
            .flatten()
            .collect();
        row.correctness.add(&query.kind, &found, truth);
    }
    row.note = format!(
        "{fallbacks} terms under 3 characters fell back to LIKE (full scan); text loaded NFKC-normalized"
    );
    row
}

fn groonga_row(
    groonga: &Path,
    tokenizer: &str,
    port: u16,
    corpus: &Corpus,
    queries: &[Query],
    truths: &[HashSet<String>],
    work: &Path,
) -> (EngineRow, Server) {
    let dir = work.join(format!("groonga-{tokenizer}"));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let db = dir.join("db");
    let status = Command::new(groonga)
        .arg("-n")
        .arg(&db)
        .arg("status")
        .stdout(Stdio::null())
        .status()
        .unwrap();
    assert!(status.success(), "groonga could not create {db:?}");
    let server = Server {
        child: Command::new(groonga)
            .args([
                "--protocol",
                "http",
                "-s",
                "--bind-address",
                "127.0.0.1",
                "--port",
                &port.to_string(),
            ])
            .arg(&db)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("groonga server"),
    };
    wait_port(port);
    let mut client = Client::connect(port);
    let normalizer = "NormalizerNFKC100";
    for command in [
        "/d/table_create?name=Speeches&flags=TABLE_HASH_KEY&key_type=ShortText".to_string(),
        "/d/column_create?table=Speeches&name=text&flags=COLUMN_SCALAR&type=LongText".into(),
        "/d/column_create?table=Speeches&name=category&flags=COLUMN_SCALAR&type=ShortText".into(),
        "/d/column_create?table=Speeches&name=date&flags=COLUMN_SCALAR&type=UInt32".into(),
        format!("/d/table_create?name=Terms&flags=TABLE_PAT_KEY&key_type=ShortText&default_tokenizer={tokenizer}&normalizer={normalizer}"),
        "/d/column_create?table=Terms&name=speeches_text&flags=COLUMN_INDEX|WITH_POSITION&type=Speeches&source=text".into(),
    ] {
        let (status, body) = client.get(&command.replace('|', "%7C"));
        assert_eq!(status, 200, "{command}: {}", String::from_utf8_lossy(&body));
    }
    let started = Instant::now();
    for chunk in corpus.docs.chunks(2000) {
        let values: Vec<serde_json::Value> = chunk
            .iter()
            .map(|d| serde_json::json!({"_key": d.id, "text": d.text, "category": d.category, "date": d.date}))
            .collect();
        let body = serde_json::to_vec(&values).unwrap();
        let (status, response) = client.request("POST", "/d/load?table=Speeches", &body);
        assert_eq!(status, 200, "load: {}", String::from_utf8_lossy(&response));
    }
    let seconds = started.elapsed().as_secs_f64();
    let text_mb = corpus.docs.iter().map(|d| d.text.len()).sum::<usize>() as f64 / 1e6;
    let mut row = EngineRow {
        name: format!("Groonga {tokenizer} (HTTP)"),
        ingest: Some(IngestFigures {
            seconds,
            megabytes: text_mb,
            peak_rss_mb: server.rss_kb().1 as f64 / 1024.0,
            index_mb: dir_size(&dir) as f64 / 1e6,
            commits: None,
        }),
        latency: Latency::default(),
        correctness: Correctness::default(),
        note: format!("{normalizer}; loaded with `load` over HTTP"),
    };
    for (query, truth) in queries.iter().zip(truths) {
        let path = groonga_path(query, 10, "_key");
        let started = Instant::now();
        let _ = client.get(&path);
        row.latency
            .micros
            .push(started.elapsed().as_micros() as u64);
        let (_, body) = client.get(&groonga_path(query, -1, "_key"));
        let found: HashSet<String> = serde_json::from_slice::<serde_json::Value>(&body)
            .ok()
            .and_then(|v| v[1][0].as_array().cloned())
            .map(|records| {
                records
                    .iter()
                    .skip(2)
                    .filter_map(|r| r[0].as_str().map(String::from))
                    .collect()
            })
            .unwrap_or_default();
        row.correctness.add(&query.kind, &found, truth);
    }
    (row, server)
}

/// Single-client latency with the keep-alive client, then wrk at several
/// concurrency levels: (single, [(connections, requests/s, p99 ms)]).
/// The cost of a request that searches nothing (`path`), a new connection
/// each: the floor under every figure of the single client.
fn floor_row(server: &str, port: u16, path: &str, requests: usize) -> HttpRow {
    let (single, _) = one_connection_each(port, &vec![path.to_string(); requests]);
    (
        format!("{server}, no search (`{path}`)"),
        single,
        Latency::default(),
        Vec::new(),
        (0, 0, 0),
    )
}

/// Single-client latency, a new connection per request, and the server's
/// own time (`took_us`) when it reports one.
fn one_connection_each(port: u16, paths: &[String]) -> (Latency, Latency) {
    // A new connection per request for both servers: Groonga's HTTP server
    // closes every connection, so this is the like-for-like client.
    for path in paths {
        let _ = Client::connect(port).get(path);
    }
    let mut single = Latency::default();
    let mut server_side = Latency::default();
    for path in paths {
        let started = Instant::now();
        let (status, body) = Client::connect(port).get(path);
        single.micros.push(started.elapsed().as_micros() as u64);
        assert!(status == 200, "{path} gave {status}");
        let took = serde_json::from_slice::<serde_json::Value>(&body)
            .ok()
            .and_then(|v| v["took_us"].as_u64());
        server_side.micros.extend(took);
    }
    (single, server_side)
}

fn http_measure(
    port: u16,
    paths: &[String],
    path_file: &Path,
) -> (Latency, Latency, Vec<(usize, f64, f64)>) {
    let (single, server_side) = one_connection_each(port, paths);
    let mut load = Vec::new();
    let Some(wrk) = which("wrk") else {
        return (single, server_side, load);
    };
    std::fs::write(path_file, paths.join("\n")).unwrap();
    let script = path_file.with_extension("lua");
    std::fs::write(
        &script,
        format!(
            "local paths = {{}}\nfor line in io.lines(\"{}\") do paths[#paths + 1] = line end\nlocal n = 0\nrequest = function()\n  n = n + 1\n  return wrk.format(\"GET\", paths[(n % #paths) + 1])\nend\n",
            path_file.display()
        ),
    )
    .unwrap();
    for connections in [1, 2, 8, 32] {
        let threads = connections.min(2);
        let output = Command::new(&wrk)
            .args([
                "-t",
                &threads.to_string(),
                "-c",
                &connections.to_string(),
                "-d",
                "8s",
                "--latency",
                "-s",
            ])
            .arg(&script)
            .arg(format!("http://127.0.0.1:{port}"))
            .output()
            .expect("wrk");
        let text = String::from_utf8_lossy(&output.stdout);
        let rps: f64 = text
            .lines()
            .find(|l| l.starts_with("Requests/sec:"))
            .and_then(|l| l.split_whitespace().nth(1))
            .and_then(|v| v.parse().ok())
            .unwrap_or(0.0);
        // Only answered searches count: a 503 (load shed) is not one.
        let count = |prefix: &str, at: usize| -> f64 {
            text.lines()
                .map(str::trim_start)
                .find(|l| l.contains(prefix))
                .and_then(|l| l.split_whitespace().nth(at))
                .and_then(|v| v.parse().ok())
                .unwrap_or(0.0)
        };
        let (total, refused) = (
            count("requests in", 0),
            count("Non-2xx or 3xx responses:", 4),
        );
        if refused > 0.0 {
            eprintln!("  {connections} connections: {refused} of {total} answers were not 2xx");
        }
        let rps = if total > 0.0 {
            rps * (1.0 - refused / total)
        } else {
            rps
        };
        let p99 = text
            .lines()
            .find(|l| l.trim_start().starts_with("99%"))
            .and_then(|l| l.split_whitespace().nth(1))
            .map(wrk_ms)
            .unwrap_or(0.0);
        load.push((connections, rps, p99));
    }
    (single, server_side, load)
}

/// Groonga's fastest load: `groonga -n` reads the records from a command
/// file into a table without an index, then builds the index in one pass
/// (static index construction).
fn groonga_bulk(groonga: &Path, corpus: &Corpus, work: &Path) -> IngestFigures {
    let dir = work.join("groonga-bulk");
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let commands = dir.join("load.grn");
    {
        let mut out = std::io::BufWriter::new(std::fs::File::create(&commands).unwrap());
        writeln!(out, "table_create Speeches TABLE_HASH_KEY ShortText").unwrap();
        writeln!(out, "column_create Speeches text COLUMN_SCALAR LongText").unwrap();
        writeln!(
            out,
            "column_create Speeches category COLUMN_SCALAR ShortText"
        )
        .unwrap();
        writeln!(out, "column_create Speeches date COLUMN_SCALAR UInt32").unwrap();
        writeln!(out, "load --table Speeches").unwrap();
        writeln!(out, "[").unwrap();
        for (i, d) in corpus.docs.iter().enumerate() {
            let record = serde_json::json!({"_key": d.id, "text": d.text, "category": d.category, "date": d.date});
            let comma = if i + 1 < corpus.docs.len() { "," } else { "" };
            writeln!(out, "{record}{comma}").unwrap();
        }
        writeln!(out, "]").unwrap();
        writeln!(out, "table_create Terms TABLE_PAT_KEY ShortText --default_tokenizer TokenBigram --normalizer NormalizerNFKC100").unwrap();
        writeln!(
            out,
            "column_create Terms speeches_text COLUMN_INDEX|WITH_POSITION Speeches text"
        )
        .unwrap();
        out.flush().unwrap();
    }
    let db = dir.join("db");
    let (seconds, peak_rss_mb, _) = timed(
        Command::new("/usr/bin/time")
            .arg("-v")
            .arg(groonga)
            .arg("-n")
            .arg(&db)
            .stdin(std::fs::File::open(&commands).unwrap()),
    );
    let _ = std::fs::remove_file(&commands);
    let text_mb = corpus.docs.iter().map(|d| d.text.len()).sum::<usize>() as f64 / 1e6;
    IngestFigures {
        seconds,
        megabytes: text_mb,
        peak_rss_mb,
        index_mb: dir_size(&dir) as f64 / 1e6,
        commits: None,
    }
}

fn wrk_ms(value: &str) -> f64 {
    let (number, unit) = value.split_at(
        value
            .find(|c: char| c.is_ascii_alphabetic())
            .unwrap_or(value.len()),
    );
    let n: f64 = number.parse().unwrap_or(0.0);
    match unit {
        "us" => n / 1000.0,
        "ms" => n,
        "s" => n * 1000.0,
        _ => n,
    }
}

#[allow(clippy::too_many_arguments)]
fn write_report(
    out: &mut String,
    corpus: &Corpus,
    total_mb: f64,
    text_mb: f64,
    queries: &[Query],
    rows: &[EngineRow],
    ingests: &[(String, IngestFigures)],
    http: &[HttpRow],
    curve: &[(usize, IngestFigures, Latency, f64)],
    word_first: usize,
    groonga: bool,
) {
    let cpu = std::fs::read_to_string("/proc/cpuinfo")
        .ok()
        .and_then(|c| {
            c.lines()
                .find(|l| l.starts_with("model name"))
                .map(|l| l.split(':').nth(1).unwrap_or("").trim().to_string())
        })
        .unwrap_or_default();
    let cores = std::thread::available_parallelism().map_or(0, |n| n.get());
    let commit = Command::new("git")
        .args(["rev-parse", "--short", "HEAD"])
        .current_dir(root())
        .output()
        .map(|o| String::from_utf8_lossy(&o.stdout).trim().to_string())
        .unwrap_or_default();
    let date = Command::new("date")
        .arg("-u")
        .arg("+%Y-%m-%d %H:%M UTC")
        .output()
        .map(|o| String::from_utf8_lossy(&o.stdout).trim().to_string())
        .unwrap_or_default();
    let _ = writeln!(out, "# kaigiroku benchmark results\n");
    let _ = writeln!(
        out,
        "Machine: {cpu}, {cores} cores. Date: {date}. Commit: {commit}. Command: `benches/run`.\n"
    );
    let _ = writeln!(
        out,
        "Corpus: ../shared/corpus/shinagawa + tokyo-poliinfo2, {} files, {total_mb:.1} MB on disk, {} speeches, {text_mb:.1} MB of speech text (UTF-8). {} queries from `benches/queries.json` (fixed seed); ground truth: speeches whose NFKC text contains every NFKC term.\n",
        corpus.files.len(),
        corpus.docs.len(),
        queries.len()
    );
    let _ = writeln!(
        out,
        "## Ingest and index\n\n| engine | seconds | MB/s of text | peak RSS MB | index MB | index / text |\n|---|---|---|---|---|---|"
    );
    for (name, f) in ingests {
        let _ = writeln!(
            out,
            "| {name} | {:.1} | {:.1} | {} | {:.0} | {:.2}× |",
            f.seconds,
            f.megabytes / f.seconds,
            if f.peak_rss_mb > 0.0 {
                format!("{:.0}", f.peak_rss_mb)
            } else {
                "–".into()
            },
            f.index_mb,
            f.index_mb / f.megabytes
        );
    }
    let _ = writeln!(
        out,
        "\nMB/s counts the speech text ({text_mb:.1} MB) for every engine; kaigiroku reads it from the {total_mb:.1} MB of files (or from the JSON Lines file) and parses the minutes itself, the peers are handed the texts. kaigiroku's time is the whole `kaigiroku ingest` process, wall clock, on all cores. Peak RSS: kaigiroku's and `groonga -n`'s whole process; the Groonga HTTP server's after the load.\n"
    );
    let _ = writeln!(
        out,
        "## Queries: top 10 + total count, single client\n\n| engine | p50 ms | p95 ms | p99 ms | QPS | recall | precision |\n|---|---|---|---|---|---|---|"
    );
    for row in rows {
        let (recall, precision) = row.correctness.totals();
        let _ = writeln!(
            out,
            "| {} | {:.2} | {:.2} | {:.2} | {:.0} | {:.1}% | {:.1}% |",
            row.name,
            row.latency.percentile(0.5),
            row.latency.percentile(0.95),
            row.latency.percentile(0.99),
            row.latency.qps(),
            recall * 100.0,
            precision * 100.0
        );
    }
    for (name, single, server_side, _, _) in http {
        let _ = writeln!(
            out,
            "| {name} (same client, one connection per request) | {:.2} | {:.2} | {:.2} | {:.0} | | |",
            single.percentile(0.5),
            single.percentile(0.95),
            single.percentile(0.99),
            single.qps()
        );
        if !server_side.micros.is_empty() {
            let _ = writeln!(
                out,
                "| {name}, server side (`took_us` of the same requests) | {:.3} | {:.3} | {:.3} | | | |",
                server_side.percentile(0.5),
                server_side.percentile(0.95),
                server_side.percentile(0.99),
            );
        }
    }
    let _ = writeln!(
        out,
        "\n## Correctness per query kind (recall / precision / zero-hit queries)\n"
    );
    let kinds = ["topical", "substring", "and", "rare", "phrase", "filtered"];
    let _ = write!(out, "| engine |");
    for kind in kinds {
        let _ = write!(out, " {kind} |");
    }
    let _ = writeln!(out, "\n|---|{}", "---|".repeat(kinds.len()));
    for row in rows {
        let _ = write!(out, "| {} |", row.name);
        for kind in kinds {
            let (hit, truth, found, zero, _) = row
                .correctness
                .by_kind
                .get(kind)
                .copied()
                .unwrap_or_default();
            let _ = write!(
                out,
                " {:.1}% / {:.1}% / {} |",
                ratio(hit, truth) * 100.0,
                ratio(hit, found) * 100.0,
                zero
            );
        }
        let _ = writeln!(out);
    }
    for row in rows.iter().filter(|r| !r.note.is_empty()) {
        let _ = writeln!(out, "\n- {}: {}", row.name, row.note);
    }
    let _ = writeln!(
        out,
        "\nRanking check: of the top 5 hits for `京都`, {word_first} are 京都 as a word (not inside 東京都).\n"
    );
    let _ = writeln!(
        out,
        "## HTTP under load (wrk, 8 s per level, queries cycled)\n\n| server | 1 conn rps / p99 | 2 | 8 | 32 | RSS after load MB (peak; anonymous) |\n|---|---|---|---|---|---|"
    );
    for (name, _, _, load, (rss, hwm, anonymous)) in http.iter().filter(|row| !row.3.is_empty()) {
        let _ = write!(out, "| {name} |");
        for (_, rps, p99) in load {
            let _ = write!(out, " {rps:.0} / {p99:.1} ms |");
        }
        let _ = writeln!(
            out,
            " {:.0} ({:.0}; {:.0}) |",
            *rss as f64 / 1024.0,
            *hwm as f64 / 1024.0,
            *anonymous as f64 / 1024.0
        );
    }
    if !groonga {
        let _ = writeln!(
            out,
            "\nGroonga was not found: install groonga-bin, groonga-tokenizer-mecab and mecab-ipadic-utf8 (benches/run does)."
        );
    }
    let _ = writeln!(
        out,
        "\n## Cost curve (kaigiroku, one JSON Lines file)\n\nEach larger corpus repeats the real one, every copy moved 25 years back with new ids: the text repeats, so the term dictionary grows less than with new minutes, while posting lists, stored text and hit counts grow as they would.\n\n| corpus | MB of text | speeches | ingest s | MB/s | index MB | index / text | commits (s) | merges waited s | query p50 ms | p99 ms | server RSS MB |\n|---|---|---|---|---|---|---|---|---|---|---|---|"
    );
    for (copies, figures, latency, rss_mb) in curve {
        let (commits, commit_s, merge_s) = figures.commits.unwrap_or_default();
        let _ = writeln!(
            out,
            "| {copies}× | {:.0} | {} | {:.1} | {:.1} | {:.0} | {:.2}× | {commits} ({commit_s:.1}) | {merge_s:.1} | {:.2} | {:.2} | {rss_mb:.0} |",
            figures.megabytes,
            corpus.docs.len() * copies,
            figures.seconds,
            figures.megabytes / figures.seconds,
            figures.index_mb,
            figures.index_mb / figures.megabytes,
            latency.percentile(0.5),
            latency.percentile(0.99)
        );
    }
    write_targets(out, ingests, http);
}

/// The targets of issue 11, each against Groonga TokenBigram in this run.
fn write_targets(out: &mut String, ingests: &[(String, IngestFigures)], http: &[HttpRow]) {
    let speed = |f: &IngestFigures| f.megabytes / f.seconds;
    let ingest = |prefix: &str| {
        ingests
            .iter()
            .find(|(n, _)| n.starts_with(prefix))
            .map(|(_, f)| f)
    };
    let server = |prefix: &str| http.iter().find(|row| row.0.starts_with(prefix));
    let (Some(groonga_load), Some(ours_http), Some(groonga_http)) = (
        ingest("Groonga TokenBigram, `groonga -n`"),
        server("kaigiroku"),
        server("Groonga TokenBigram"),
    ) else {
        let _ = writeln!(out, "\nTargets: Groonga was not measured.");
        return;
    };
    let verdict = |ok: bool| if ok { "met" } else { "**not met**" };
    let _ = writeln!(
        out,
        "\n## Targets against Groonga TokenBigram (same run)\n\n| target | kaigiroku | Groonga | ratio | |\n|---|---|---|---|---|"
    );
    for (name, f) in ingests.iter().filter(|(n, _)| n.starts_with("kaigiroku")) {
        let ratio = speed(f) / speed(groonga_load);
        let _ = writeln!(
            out,
            "| ingest ≥ 2× (`groonga -n` load + index): {name} | {:.1} MB/s | {:.1} MB/s | {ratio:.2}× | {} |",
            speed(f),
            speed(groonga_load),
            verdict(ratio >= 2.0)
        );
    }
    let (ours_p50, groonga_p50) = (ours_http.1.percentile(0.5), groonga_http.1.percentile(0.5));
    let _ = writeln!(
        out,
        "| p50, new connection per request, ≤ 0.5× | {ours_p50:.2} ms | {groonga_p50:.2} ms | {:.2}× | {} |",
        ours_p50 / groonga_p50,
        verdict(ours_p50 <= 0.5 * groonga_p50)
    );
    if let Some(ids) = http.iter().find(|row| row.0 == ID_ROW) {
        let ids_p50 = ids.1.percentile(0.5);
        let _ = writeln!(
            out,
            "| the same, `fields=id` (ids and count, as Groonga is asked) | {ids_p50:.2} ms | {groonga_p50:.2} ms | {:.2}× | {} |",
            ids_p50 / groonga_p50,
            verdict(ids_p50 <= 0.5 * groonga_p50)
        );
    }
    let server_p50 = ours_http.2.percentile(0.5);
    let _ = writeln!(
        out,
        "| server-side p50 ≤ 0.3 ms (`took_us`) | {server_p50:.3} ms | | | {} |",
        verdict(server_p50 <= 0.3)
    );
    let at_32 = |row: &HttpRow| row.3.iter().find(|(c, _, _)| *c == 32).copied();
    if let (Some((_, ours_rps, ours_p99)), Some((_, their_rps, their_p99))) =
        (at_32(ours_http), at_32(groonga_http))
    {
        let _ = writeln!(
            out,
            "| requests/s at 32 connections ≥ 3× | {ours_rps:.0} | {their_rps:.0} | {:.2}× | {} |",
            ours_rps / their_rps,
            verdict(ours_rps >= 3.0 * their_rps)
        );
        let _ = writeln!(
            out,
            "| p99 at 32 connections ≤ Groonga's | {ours_p99:.1} ms | {their_p99:.1} ms | {:.2}× | {} |",
            ours_p99 / their_p99,
            verdict(ours_p99 <= their_p99)
        );
    }
    if let Some(f) = ingest("kaigiroku") {
        let ratio = f.index_mb / f.megabytes;
        let _ = writeln!(
            out,
            "| index ≤ 1.2× the text | {ratio:.2}× | {:.2}× | | {} |",
            groonga_load.index_mb / groonga_load.megabytes,
            verdict(ratio <= 1.2)
        );
    }
    let rss_mb = ours_http.4.0 as f64 / 1024.0;
    let _ = writeln!(
        out,
        "| server RSS ≤ 150 MB after the load | {rss_mb:.0} MB ({:.0} MB anonymous) | {:.0} MB ({:.0} MB anonymous) | | {} |",
        ours_http.4.2 as f64 / 1024.0,
        groonga_http.4.0 as f64 / 1024.0,
        groonga_http.4.2 as f64 / 1024.0,
        verdict(rss_mb <= 150.0)
    );
}
