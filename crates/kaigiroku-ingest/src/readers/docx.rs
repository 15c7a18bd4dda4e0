//! Word minutes (.docx, as secretariats hold them before they publish):
//! the paragraphs of `word/document.xml`, a table row on one line with its
//! cells apart, then read as council text like any other minutes.

use std::io::Read;

use roxmltree::{Document, Node};

/// WordprocessingML's namespace.
const W: &str = "http://schemas.openxmlformats.org/wordprocessingml/2006/main";
/// The largest `document.xml` read: a zip bomb is refused, not inflated.
const MAX_XML_BYTES: u64 = 256 << 20;

/// The text of a .docx file, one paragraph a line, or why there is none.
pub fn text(bytes: &[u8]) -> Result<String, String> {
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(bytes))
        .map_err(|err| format!("not a readable .docx (zip: {err})"))?;
    let mut part = archive
        .by_name("word/document.xml")
        .map_err(|_| "a zip file without word/document.xml (not a Word document)".to_string())?;
    if part.size() > MAX_XML_BYTES {
        return Err(format!(
            "word/document.xml inflates to {} MB, more than kaigiroku reads",
            part.size() >> 20
        ));
    }
    let mut xml = String::new();
    part.by_ref()
        .take(MAX_XML_BYTES)
        .read_to_string(&mut xml)
        .map_err(|err| format!("word/document.xml cannot be read ({err})"))?;
    let document = Document::parse_with_options(
        &xml,
        roxmltree::ParsingOptions {
            allow_dtd: false,
            ..roxmltree::ParsingOptions::default()
        },
    )
    .map_err(|err| format!("word/document.xml is not well-formed XML ({err})"))?;
    let mut out = String::new();
    // A stack of its own rather than recursion, as for HTML pages.
    let mut pending: Vec<Node<'_, '_>> = vec![document.root_element()];
    while let Some(node) = pending.pop() {
        match word(node) {
            Some("p") => {
                out.push_str(&paragraph(node));
                out.push('\n');
            }
            Some("tr") => {
                let cells: Vec<String> = node
                    .children()
                    .filter(|c| word(*c) == Some("tc"))
                    .map(|cell| {
                        cell.descendants()
                            .filter(|p| word(*p) == Some("p"))
                            .map(|p| paragraph(p))
                            .filter(|t| !t.trim().is_empty())
                            .collect::<Vec<_>>()
                            .join("　")
                    })
                    .collect();
                out.push_str(&cells.join("　"));
                out.push('\n');
            }
            _ => pending.extend(node.children().filter(|c| c.is_element()).rev()),
        }
    }
    if out.trim().is_empty() {
        return Err("a Word document with no text".into());
    }
    Ok(out)
}

/// True when the bytes are a zip file holding a Word document.
pub fn detect(bytes: &[u8]) -> bool {
    bytes.starts_with(b"PK\x03\x04")
        && bytes
            .windows(b"word/".len())
            .take(64 << 10)
            .any(|w| w == b"word/")
}

/// The local name of a WordprocessingML element.
fn word<'a>(node: Node<'a, '_>) -> Option<&'a str> {
    (node.is_element() && node.tag_name().namespace() == Some(W)).then(|| node.tag_name().name())
}

/// A paragraph's text: its runs, tabs as U+3000, breaks as new lines;
/// deleted text (tracked changes) and field codes left out.
fn paragraph(node: Node<'_, '_>) -> String {
    let mut text = String::new();
    for inner in node.descendants() {
        match word(inner) {
            Some("t") => text.push_str(inner.text().unwrap_or("")),
            Some("tab") => text.push('　'),
            Some("br" | "cr") => text.push('\n'),
            Some("noBreakHyphen") => text.push('-'),
            _ => {}
        }
    }
    text
}
