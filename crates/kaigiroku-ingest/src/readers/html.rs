//! Minutes pages as HTML (dbsearch: 仙台市, 青森市, and its current
//! template view, 音更町; gijiroku.com: つくば市; any other page whose text
//! holds ○/◯/◆/◎-marked turns): the minutes text is taken out with a real
//! HTML parser (html5ever via `scraper`), navigation, forms and scripts
//! dropped, and read as council text.

use kaigiroku_core::model::Meeting;
use scraper::{ElementRef, Html, Node, Selector};

use super::council;

/// Where the minutes text sits in each vendor's page, most specific first.
const CONTAINERS: [&str; 4] = [
    ".voice__text .js-textwrap-container",
    ".page-text__text",
    // dbsearch's template view: one block a turn, its label on the first line.
    "#voices_text p.voice__text",
    "body",
];

/// Elements whose text is not minutes: chrome, scripts, the voice numbers.
const SKIPPED: [&str; 10] = [
    "script", "style", "noscript", "nav", "header", "footer", "form", "button", "select", "head",
];
const SKIPPED_CLASSES: [&str; 5] = [
    "visible-print-block",
    "page-text__number",
    "voice__number",
    // 「130:」 before a turn of the template view.
    "voice__detail",
    "hidden-print",
];

pub fn detect(text: &str) -> bool {
    let head: String = text
        .chars()
        .take(2048)
        .collect::<String>()
        .to_ascii_lowercase();
    head.contains("<html") || head.contains("<!doctype html")
}

pub fn read(html: &str, mut meeting: Meeting) -> Result<Meeting, String> {
    let document = Html::parse_document(html);
    let mut text = String::new();
    for container in CONTAINERS {
        let selector = Selector::parse(container).expect("static selector");
        for element in document.select(&selector) {
            append_text(element, &mut text);
            text.push('\n');
        }
        if text.lines().any(|line| council::turn(line).is_some()) {
            break;
        }
        text.clear();
    }
    if text.is_empty() {
        return Err("no minutes text found in the HTML page".into());
    }
    let title = document
        .select(&Selector::parse("title").expect("static selector"))
        .next()
        .map(|t| t.text().collect::<String>())
        .unwrap_or_default();
    // 「文書閲覧 ＤＸ推進調査特別委員会　本文 || … ||仙台市議会会議録」
    let parts: Vec<&str> = title
        .split(['|', '｜'])
        .map(str::trim)
        .filter(|p| !p.is_empty())
        .collect();
    if let Some(site) = parts.last()
        && let Some(at) = site.find("議会会議録")
    {
        meeting.municipality = site[..at].to_string();
    }
    if let Some(name) = parts.first().and_then(|p| p.strip_prefix("文書閲覧")) {
        let name = name.trim().trim_end_matches("本文").trim();
        if !name.is_empty() {
            meeting.title = name.to_string();
            meeting.body = council::body_of(name);
        }
    }
    // The template view names the meeting and its day in its title bar:
    // 「令和６年第４回定例会（第５号）　本文」, 「2024-12-17」.
    let first_text = |selector: &str| {
        document
            .select(&Selector::parse(selector).expect("static selector"))
            .next()
            .map(|e| e.text().collect::<String>().trim().to_string())
            .filter(|t| !t.is_empty())
    };
    if let Some(name) = first_text(".command__docname") {
        let name = name.trim_end_matches("本文").trim();
        meeting.title = name.to_string();
        meeting.body = council::body_of(name);
    }
    if let Some(date) = first_text(".command__date")
        && let Ok(date) = kaigiroku_core::dates::parse_date(&date)
    {
        meeting.date = date.to_iso();
    }
    let page_text = document.root_element().text().collect::<String>();
    if meeting.date.is_empty()
        && let Some(at) = page_text.find("開催日:")
    {
        let date: String = page_text[at + "開催日:".len()..]
            .trim_start()
            .chars()
            .take(10)
            .collect();
        meeting.date = kaigiroku_core::dates::parse_date(&date)
            .map(|d| d.to_iso())
            .unwrap_or_default();
    }
    council::read(&text, meeting)
}

/// The text of `element` with line breaks where the page breaks lines.
/// Walked with a stack of its own, not by recursion: a page nested
/// 20,000 elements deep overflowed a thread's stack.
fn append_text(element: ElementRef<'_>, out: &mut String) {
    enum Step<'a> {
        Enter(ego_tree::NodeRef<'a, Node>),
        /// After an element's children: what it ends with (a line break
        /// after a block, a space after a table cell), and whether it was
        /// a `<pre>`.
        Leave {
            ends_with: Option<char>,
            pre: bool,
        },
    }
    let mut pre_depth = 0usize;
    let mut steps: Vec<Step<'_>> = element.children().rev().map(Step::Enter).collect();
    while let Some(step) = steps.pop() {
        let node = match step {
            Step::Enter(node) => node,
            Step::Leave { ends_with, pre } => {
                out.extend(ends_with);
                pre_depth -= usize::from(pre);
                continue;
            }
        };
        match node.value() {
            Node::Text(text) if pre_depth > 0 => out.push_str(text),
            Node::Text(text) => collapse_white_space(text, out),
            Node::Element(inner) => {
                let name = inner.name();
                if SKIPPED.contains(&name) || inner.classes().any(|c| SKIPPED_CLASSES.contains(&c))
                {
                    continue;
                }
                if matches!(
                    name,
                    "p" | "div"
                        | "li"
                        | "tr"
                        | "table"
                        | "section"
                        | "h1"
                        | "h2"
                        | "h3"
                        | "h4"
                        | "pre"
                ) {
                    out.push('\n');
                }
                let ends_with = match name {
                    "br" | "p" | "div" | "li" | "tr" | "pre" | "h1" | "h2" | "h3" | "h4" => {
                        Some('\n')
                    }
                    "td" | "th" => Some('　'),
                    _ => None,
                };
                let pre = name == "pre";
                pre_depth += usize::from(pre);
                steps.push(Step::Leave { ends_with, pre });
                steps.extend(node.children().rev().map(Step::Enter));
            }
            _ => {}
        }
    }
}

/// Text as a browser lays it out: a run of spaces, tabs and line breaks
/// of the page's source is one space, or nothing where a line break falls
/// between two Japanese characters (CSS Text's segment break rule); U+3000
/// is text and is kept.
fn collapse_white_space(text: &str, out: &mut String) {
    let mut run = String::new();
    for c in text.chars() {
        if matches!(c, ' ' | '\t' | '\n' | '\r' | '\u{c}') {
            run.push(c);
            continue;
        }
        if !run.is_empty() {
            let wide = |c: Option<char>| c.is_some_and(|c| !c.is_ascii());
            let joins_japanese = run.contains('\n') && wide(out.chars().last()) && wide(Some(c));
            if !joins_japanese && !out.ends_with([' ', '\n', '　']) && !out.is_empty() {
                out.push(' ');
            }
            run.clear();
        }
        out.push(c);
    }
    if !run.is_empty() && !out.ends_with([' ', '\n', '　']) && !out.is_empty() {
        out.push(' ');
    }
}
