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

/// Every path in `text` that starts at the crate root, at `super` or at
/// `self`, in `use` lines or written inline, resolved from `module` and
/// with use groups expanded. Comments are left out.
fn paths_in(text: &str, module: &str) -> Vec<String> {
    let code: String = text
        .lines()
        .map(|line| line.split("//").next().unwrap_or(""))
        .collect::<Vec<_>>()
        .join("\n");
    let parent = module.rsplit_once("::").map_or("", |(parent, _)| parent);
    let mut paths = Vec::new();
    for (start, head) in [("crate::", ""), ("super::", parent), ("self::", module)] {
        for (at, _) in code.match_indices(start) {
            let before = code[..at].chars().last();
            if before.is_some_and(|c| c.is_alphanumeric() || c == '_' || c == ':') {
                continue;
            }
            let rest = &code[at + start.len()..];
            // A path runs to the end of its use tree, or of its name.
            let tree = if rest.starts_with('{')
                || rest.contains('{') && {
                    let name_end =
                        rest.find(|c: char| !(c.is_alphanumeric() || c == '_' || c == ':'));
                    name_end.is_some_and(|end| rest[end..].starts_with('{'))
                } {
                let mut depth = 0;
                let end = rest
                    .char_indices()
                    .find(|(_, c)| {
                        match c {
                            '{' => depth += 1,
                            '}' => depth -= 1,
                            _ => {}
                        }
                        depth == 0 && *c == '}'
                    })
                    .map_or(rest.len(), |(i, _)| i + 1);
                &rest[..end]
            } else {
                let end = rest
                    .find(|c: char| !(c.is_alphanumeric() || c == '_' || c == ':'))
                    .unwrap_or(rest.len());
                rest[..end].trim_end_matches(':')
            };
            for path in expand(tree) {
                let joined = if head.is_empty() {
                    path
                } else {
                    format!("{head}::{path}")
                };
                paths.push(joined);
            }
        }
    }
    paths
}

/// For each module (`a::b`), the modules its paths name.
fn imports(src: &Path) -> BTreeMap<String, BTreeSet<String>> {
    let mut graph = BTreeMap::new();
    for file in rust_files(src) {
        let module = module_path(src, &file);
        let modules: BTreeSet<String> = modules_of(src);
        // Unit tests are a module of their own inside the file.
        let whole = read(&file);
        let text = whole.split("#[cfg(test)]").next().unwrap_or("");
        let mut used = BTreeSet::new();
        for path in paths_in(text, &module) {
            // The longest module prefix of a path is what it names; an item
            // re-exported at the crate root is the root's.
            let segments: Vec<&str> = path.split("::").collect();
            let from = (1..=segments.len())
                .rev()
                .map(|end| segments[..end].join("::"))
                .find(|candidate| modules.contains(candidate))
                .unwrap_or_default();
            if from != module {
                used.insert(from);
            }
        }
        // A child named by a relative path (`split::cut`, `use split::…`).
        for child in modules.iter().filter(|m| is_child(m, &module)) {
            let name = child.rsplit("::").next().unwrap_or(child);
            let named = text.match_indices(&format!("{name}::")).any(|(at, _)| {
                let before = text[..at].chars().last();
                !before.is_some_and(|c| c.is_alphanumeric() || c == '_' || c == ':')
            });
            if named {
                used.insert(child.clone());
            }
        }
        graph.insert(module, used);
    }
    graph
}

/// `a::b` is a child of `a`; every top module is a child of the root.
fn is_child(candidate: &str, parent: &str) -> bool {
    match candidate.rsplit_once("::") {
        Some((head, _)) => head == parent,
        None => parent.is_empty() && !candidate.is_empty(),
    }
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
