//! `kaigiroku search`: the engine's result in a terminal, or as JSON.

use std::path::Path;
use std::sync::Arc;

use anyhow::Result;
use kaigiroku_core::analysis::Analyzer;
use kaigiroku_query::{Scope, SearchRequest, Searcher};

pub fn run(
    request: SearchRequest,
    scope: Scope,
    index: &Path,
    json: bool,
    analyzer: Arc<Analyzer>,
) -> Result<()> {
    let searcher = Searcher::open(index, analyzer)?;
    if scope == Scope::Agenda {
        let result = searcher.search_agenda(&request)?;
        if json {
            println!("{}", serde_json::to_string_pretty(&result)?);
            return Ok(());
        }
        println!("{} agenda items ({})", result.total, result.normalized);
        for item in &result.items {
            println!(
                "\n{} {} {} {} {}{}\n  {} speeches with the words  {}",
                item.date,
                item.municipality,
                item.body,
                item.label,
                item.title,
                if item.outcome.is_empty() {
                    String::new()
                } else {
                    format!("（{}）", item.outcome)
                },
                item.matching_speeches,
                item.agenda_id
            );
        }
        return Ok(());
    }
    let result = searcher.search(&request)?;
    if json {
        println!("{}", serde_json::to_string_pretty(&result)?);
        return Ok(());
    }
    println!("{} speeches ({})", result.total, result.normalized);
    for hit in &result.hits {
        println!(
            "\n{} {} {} {} {}\n  {}（{}） {}\n  {}",
            hit.date,
            hit.municipality,
            hit.body,
            hit.agenda_label,
            hit.agenda_title,
            hit.speaker_label,
            hit.speaker_position,
            hit.speech_id,
            hit.snippet.with("【", "】")
        );
    }
    Ok(())
}
