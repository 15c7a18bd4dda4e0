//! `kaigiroku analyze`: the analyzer's view of a text.

use kaigiroku_core::analysis::{Analyzer, Token};
use serde_json::json;

pub fn print(analyzer: &Analyzer, text: &str, as_json: bool) {
    let analysis = analyzer.analyze(text);
    if as_json {
        let tokens = |tokens: &[Token]| {
            tokens
                .iter()
                .map(|t| json!({"text": t.text, "start": t.offset_from, "end": t.offset_to, "position": t.position, "original": &text[t.offset_from..t.offset_to]}))
                .collect::<Vec<_>>()
        };
        let value = json!({
            "analyzer": analyzer.fingerprint(),
            "normalized": analysis.normalized.text,
            "morphemes": tokens(&analysis.morphemes),
            "bigrams": tokens(&analysis.grams),
        });
        println!("{}", serde_json::to_string_pretty(&value).expect("json"));
        return;
    }
    println!("normalized: {}", analysis.normalized.text);
    for (title, tokens) in [
        ("morphemes", &analysis.morphemes),
        ("bigrams", &analysis.grams),
    ] {
        println!("\n{title} ({}):", tokens.len());
        println!("  {:>4}  {:>11}  {:<12} original", "pos", "bytes", "token");
        for t in tokens.iter() {
            println!(
                "  {:>4}  {:>5}..{:<4}  {:<12} {}",
                t.position,
                t.offset_from,
                t.offset_to,
                t.text,
                &text[t.offset_from..t.offset_to]
            );
        }
    }
}
