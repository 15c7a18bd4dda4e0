//! The query language: words separated by spaces must all match; `OR`
//! between words; `-word` excludes; `"…"` is a phrase.

/// One clause of a parsed query.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Clause {
    /// All of these alternatives' … one of them must match (a single word is
    /// a group of one).
    AnyOf(Vec<String>),
    /// Must not match.
    Not(String),
}

/// Splits a query into clauses. Unbalanced quotes run to the end.
pub fn parse(query: &str) -> Vec<Clause> {
    let mut words: Vec<(String, bool)> = Vec::new(); // (text, quoted)
    let mut chars = query.chars().peekable();
    let mut current = String::new();
    while let Some(c) = chars.next() {
        match c {
            '"' | '“' | '”' | '「' if current.is_empty() || current == "-" => {
                let closing: &[char] = if c == '「' {
                    &['」']
                } else {
                    &['"', '“', '”']
                };
                let mut phrase = std::mem::take(&mut current);
                for c in chars.by_ref() {
                    if closing.contains(&c) {
                        break;
                    }
                    phrase.push(c);
                }
                words.push((phrase, true));
            }
            c if c.is_whitespace() => {
                if !current.is_empty() {
                    words.push((std::mem::take(&mut current), false));
                }
            }
            c => current.push(c),
        }
    }
    if !current.is_empty() {
        words.push((current, false));
    }

    let mut clauses: Vec<Clause> = Vec::new();
    let mut join_next = false;
    for (word, quoted) in words {
        if !quoted && (word == "OR" || word == "|") {
            join_next = matches!(clauses.last(), Some(Clause::AnyOf(_)));
            continue;
        }
        if let Some(excluded) = word.strip_prefix('-').filter(|w| !w.trim().is_empty()) {
            clauses.push(Clause::Not(excluded.to_string()));
            join_next = false;
            continue;
        }
        if word.trim().is_empty() || word == "-" {
            continue;
        }
        match clauses.last_mut() {
            Some(Clause::AnyOf(alternatives)) if join_next => alternatives.push(word),
            _ => clauses.push(Clause::AnyOf(vec![word])),
        }
        join_next = false;
    }
    clauses
}

/// Refuses a query made only of syntax (`OR`, `"""`, `-`): it names no
/// word, and would otherwise match every speech.
pub fn check(query: &str) -> Result<(), String> {
    if query.trim().is_empty() || !parse(query).is_empty() {
        return Ok(());
    }
    Err(format!(
        "検索語がありません（「{}」）。OR は語と語のあいだに、- は除く語の前に、\"…\" は語句を囲んで使います（例：保育園 OR 幼稚園、防災 -訓練、\"待機児童\"）",
        query.trim()
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn syntax_alone_is_no_query() {
        for bare in ["OR", "\"\"\"", "-", "|", "OR OR", "「」"] {
            assert!(check(bare).is_err(), "{bare}");
        }
        for fine in [
            "",
            "  ",
            "保育園",
            "保育園 OR 幼稚園",
            "-訓練",
            "\"待機児童\"",
        ] {
            assert!(check(fine).is_ok(), "{fine}");
        }
    }

    fn any(words: &[&str]) -> Clause {
        Clause::AnyOf(words.iter().map(|w| w.to_string()).collect())
    }

    #[test]
    fn and_or_not_and_phrases() {
        assert_eq!(parse("防災 避難所"), [any(&["防災"]), any(&["避難所"])]);
        assert_eq!(
            parse("防災 OR 減災 避難所"),
            [any(&["防災", "減災"]), any(&["避難所"])]
        );
        assert_eq!(
            parse("防災 -訓練"),
            [any(&["防災"]), Clause::Not("訓練".into())]
        );
        assert_eq!(
            parse("\"防災 訓練\" 区長"),
            [any(&["防災 訓練"]), any(&["区長"])]
        );
        assert_eq!(parse("\"unbalanced"), [any(&["unbalanced"])]);
        assert_eq!(parse("OR - \"\""), []);
    }
}
