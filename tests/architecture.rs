//! The shape the code must keep (ARCHITECTURE.md): the engine knows no
//! HTTP, and no module imports from a module that imports it back.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// The crates, by folder; `.` is the binary.
const CRATES: [&str; 5] = [
    ".",
    "crates/kaigiroku-core",
    "crates/kaigiroku-ingest",
    "crates/kaigiroku-query",
    "crates/kaigiroku-server",
];

#[test]
fn the_engine_has_no_web_dependencies() {
    let manifest = read(&root().join("crates/kaigiroku-query/Cargo.toml"));
    let dependencies = manifest
        .split("[dependencies]")
        .nth(1)
        .and_then(|rest| rest.split("\n[").next())
        .expect("a [dependencies] table");
    for web in ["axum", "tokio", "hyper", "minijinja", "tower"] {
        assert!(
            !dependencies
                .lines()
                .any(|l| l.trim_start().starts_with(web)),
            "kaigiroku-query depends on {web}"
        );
    }
    // The data flows one way: core ← ingest, core ← engine ← server.
    for (krate, forbidden) in [
        (
            "kaigiroku-core",
            &["kaigiroku-ingest", "kaigiroku-query", "kaigiroku-server"][..],
        ),
        (
            "kaigiroku-ingest",
            &["kaigiroku-query", "kaigiroku-server"][..],
        ),
        (
            "kaigiroku-query",
            &["kaigiroku-ingest", "kaigiroku-server"][..],
        ),
    ] {
        let manifest = read(&root().join("crates").join(krate).join("Cargo.toml"));
        let normal = manifest
            .split("[dependencies]")
            .nth(1)
            .and_then(|rest| rest.split("\n[").next())
            .unwrap_or("");
        for name in forbidden {
            assert!(!normal.contains(name), "{krate} depends on {name}");
        }
    }
}

#[test]
fn no_module_imports_from_a_module_that_imports_it() {
    let mut cycles = Vec::new();
    for krate in CRATES {
        let graph = imports(&root().join(krate).join("src"));
        cycles.extend(
            cycles_of(&graph)
                .into_iter()
                .map(|c| format!("{krate}: {c}")),
        );
    }
    assert!(cycles.is_empty(), "import cycles: {cycles:#?}");
}

/// Every module that can reach itself through imports, with the way back.
fn cycles_of(graph: &BTreeMap<String, BTreeSet<String>>) -> Vec<String> {
    let mut found = Vec::new();
    for start in graph.keys() {
        // Depth-first from `start`, remembering how each module was reached.
        let mut stack: Vec<Vec<&String>> = vec![vec![start]];
        let mut seen = BTreeSet::new();
        while let Some(path) = stack.pop() {
            let last = *path.last().unwrap();
            for next in graph.get(last).into_iter().flatten() {
                if next == start {
                    let names: Vec<&str> = path.iter().map(|m| m.as_str()).collect();
                    found.push(format!("{} → {start}", names.join(" → ")));
                } else if next != last && seen.insert(next) {
                    let mut longer = path.clone();
                    longer.push(next);
                    stack.push(longer);
                }
            }
        }
    }
    found
}

#[test]
fn cycles_are_found() {
    let graph: BTreeMap<String, BTreeSet<String>> = [
        ("server", &["api"][..]),
        ("api", &["state"][..]),
        ("state", &["server"][..]),
        ("leaf", &[][..]),
    ]
    .iter()
    .map(|(m, used)| (m.to_string(), used.iter().map(|u| u.to_string()).collect()))
    .collect();
    let cycles = cycles_of(&graph);
    assert!(
        cycles.contains(&"server → api → state → server".to_string()),
        "{cycles:?}"
    );
    assert_eq!(cycles.len(), 3);
    assert_eq!(
        expand("{api, kokkai::{params::{self, parse}, xml}}"),
        [
            "api",
            "kokkai::params",
            "kokkai::params::parse",
            "kokkai::xml"
        ]
    );
}

/// The paths of a use tree: `a::{b, c::{d, e}}` → a::b, a::c::d, a::c::e.
fn expand(tree: &str) -> Vec<String> {
    let tree: String = tree.chars().filter(|c| !c.is_whitespace()).collect();
    let Some(open) = tree.find('{') else {
        let path = tree.split(" as ").next().unwrap_or(&tree);
        return vec![path.trim_end_matches("::*").to_string()];
    };
    let prefix = &tree[..open];
    let inner = &tree[open + 1..tree.rfind('}').unwrap_or(tree.len())];
    // Split the group on the commas at its own depth.
    let (mut parts, mut depth, mut start) = (Vec::new(), 0, 0);
    for (i, c) in inner.char_indices() {
        match c {
            '{' => depth += 1,
            '}' => depth -= 1,
            ',' if depth == 0 => {
                parts.push(&inner[start..i]);
                start = i + 1;
            }
            _ => {}
        }
    }
    parts.push(&inner[start..]);
    parts
        .into_iter()
        .filter(|p| !p.is_empty())
        .flat_map(|part| match part {
            "self" => vec![prefix.trim_end_matches("::").to_string()],
            _ => expand(&format!("{prefix}{part}")),
        })
        .collect()
}

/// For each module (`a::b`), the modules its `use crate::…` lines name.
fn imports(src: &Path) -> BTreeMap<String, BTreeSet<String>> {
    let mut graph = BTreeMap::new();
    for file in rust_files(src) {
        let module = module_path(src, &file);
        let modules: BTreeSet<String> = modules_of(src);
        let text = read(&file);
        let mut used = BTreeSet::new();
        for statement in text.split(';') {
            let statement = statement.trim();
            let Some(path) = statement
                .strip_prefix("use crate::")
                .or_else(|| statement.strip_prefix("pub use crate::"))
            else {
                continue;
            };
            for path in expand(path) {
                // The longest module prefix of a path is what it imports from.
                // An item re-exported at the crate root is the root's.
                let segments: Vec<&str> = path.split("::").collect();
                let from = (1..=segments.len())
                    .rev()
                    .map(|end| segments[..end].join("::"))
                    .find(|candidate| modules.contains(candidate))
                    .unwrap_or_default();
                used.insert(from);
            }
        }
        graph.insert(module, used);
    }
    graph
}

fn modules_of(src: &Path) -> BTreeSet<String> {
    rust_files(src)
        .iter()
        .map(|file| module_path(src, file))
        .collect()
}

/// `kokkai/mod.rs` → `kokkai`, `kokkai/params.rs` → `kokkai::params`.
fn module_path(src: &Path, file: &Path) -> String {
    let relative = file.strip_prefix(src).unwrap().with_extension("");
    let mut parts: Vec<String> = relative
        .iter()
        .map(|p| p.to_string_lossy().into_owned())
        .collect();
    if matches!(
        parts.last().map(String::as_str),
        Some("mod" | "lib" | "main")
    ) {
        parts.pop();
    }
    parts.join("::")
}

fn rust_files(dir: &Path) -> Vec<PathBuf> {
    let mut files = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            files.extend(rust_files(&path));
        } else if path.extension().is_some_and(|e| e == "rs") {
            files.push(path);
        }
    }
    files.sort();
    files
}

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn read(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap_or_else(|err| panic!("{}: {err}", path.display()))
}
