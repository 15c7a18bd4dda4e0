//! PDF minutes: the glyphs poppler decodes, laid out again from their
//! positions (one or two columns, page furniture removed, lines joined into
//! paragraphs), then read as council text like any other minutes.
//!
//! A PDF with no text layer (a scan) or in vertical writing (縦書き) is
//! refused with that reason rather than read as garbage.

mod furniture;
mod glyphs;
mod layout;
mod paragraphs;

/// The text of a PDF's minutes, one paragraph a line, or why there is none.
pub fn text(bytes: &[u8]) -> Result<String, String> {
    let pages = glyphs::pages(bytes)?;
    if pages.is_empty() {
        return Err("a PDF with no pages".into());
    }
    let glyphs: usize = pages.iter().map(|p| p.glyphs.len()).sum();
    if glyphs == 0 {
        return Err(format!(
            "a PDF of {} page(s) with no text layer (a scanned image?): it needs OCR first",
            pages.len()
        ));
    }
    if layout::is_vertical(&pages) {
        return Err(
            "a PDF in vertical writing (縦書き), which kaigiroku does not lay out yet".into(),
        );
    }
    let mut lines: Vec<layout::PageLines> = pages.iter().map(layout::read_page).collect();
    furniture::remove(&mut lines);
    Ok(paragraphs::join(&lines))
}

/// True when the bytes are a PDF file (`%PDF-` within its first kilobyte,
/// where the format allows junk before it).
pub fn detect(bytes: &[u8]) -> bool {
    bytes.windows(5).take(1024).any(|window| window == b"%PDF-")
}
