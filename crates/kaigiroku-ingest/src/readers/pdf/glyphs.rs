//! The glyphs of a PDF's pages with their boxes, from poppler-glib.
//!
//! poppler decodes the fonts (Japanese CID fonts through their ToUnicode
//! maps, or poppler-data's CMaps when a font has none) and gives one box per
//! character of a page's text; the layout is ours (`layout.rs`).

use glib::translate::ToGlibPtr;

/// One character on a page, in points, origin at the top left.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Glyph {
    pub ch: char,
    pub x0: f64,
    pub y0: f64,
    pub x1: f64,
    pub y1: f64,
}

impl Glyph {
    pub fn width(&self) -> f64 {
        self.x1 - self.x0
    }

    pub fn height(&self) -> f64 {
        self.y1 - self.y0
    }

    pub fn center_y(&self) -> f64 {
        (self.y0 + self.y1) / 2.0
    }
}

/// A page: its size and the glyphs drawn on it (white space left out: the
/// layout measures gaps itself).
#[derive(Debug, Clone, Default)]
pub struct Page {
    pub width: f64,
    pub glyphs: Vec<Glyph>,
}

/// The pages of a PDF file, or why it cannot be opened.
pub fn pages(bytes: &[u8]) -> Result<Vec<Page>, String> {
    let data = glib::Bytes::from(bytes);
    let document = poppler::Document::from_bytes(&data, None).map_err(|err| {
        if err.matches(poppler::Error::Encrypted) {
            "an encrypted PDF (it needs a password)".to_string()
        } else {
            format!("not a readable PDF ({})", err.message())
        }
    })?;
    let mut pages = Vec::new();
    for index in 0..document.n_pages() {
        let Some(page) = document.page(index) else {
            continue;
        };
        let (width, _) = page.size();
        let text = page.text().map(|t| t.to_string()).unwrap_or_default();
        let boxes = layout_of(&page);
        let glyphs = text
            .chars()
            .zip(boxes)
            .filter(|(ch, _)| !ch.is_whitespace() && !ch.is_control())
            .map(|(ch, [x0, y0, x1, y1])| Glyph {
                ch,
                x0: x0.min(x1),
                y0: y0.min(y1),
                x1: x0.max(x1),
                y1: y0.max(y1),
            })
            .collect();
        pages.push(Page { width, glyphs });
    }
    Ok(pages)
}

/// One box per character of `page.text()`, in order.
fn layout_of(page: &poppler::Page) -> Vec<[f64; 4]> {
    let mut rectangles: *mut poppler::ffi::PopplerRectangle = std::ptr::null_mut();
    let mut count: u32 = 0;
    // SAFETY: poppler_page_get_text_layout is not wrapped by poppler-rs.
    // It fills `rectangles` with a g_malloc'd array of `count` rectangles
    // (or leaves it null and returns false); we copy them out and free the
    // array with g_free, as its documentation asks.
    unsafe {
        let found = poppler::ffi::poppler_page_get_text_layout(
            page.to_glib_none().0,
            &mut rectangles,
            &mut count,
        );
        if found == glib::ffi::GFALSE || rectangles.is_null() {
            return Vec::new();
        }
        let boxes = std::slice::from_raw_parts(rectangles, count as usize)
            .iter()
            .map(|r| [r.x1, r.y1, r.x2, r.y2])
            .collect();
        glib::ffi::g_free(rectangles.cast());
        boxes
    }
}
