#!/usr/bin/env python3
"""make_cid.py: regenerate tests/data/pdf/meguro-cid-nonembedded.pdf.

Run from the repository root:  python3 tests/data/pdf/make_cid.py
Needs: reportlab from PyPI (`pip install reportlab`; written with reportlab
5.1.0 on Python 3.11.7). Output is byte-for-byte reproducible (invariant=1:
no creation date or random document id).

SOURCE: tests/data/text/kensakusystem-sapphire-meguro-statements.txt
  (目黒区議会, 令和 7年第1回定例会（第1日 2月17日）), lines 1-60 (1-based),
  CR removed, nothing else changed: the kensakusystem header (開催日/会議名),
  ○議事日程 with the letter-spaced attendance lists, 〇午後１時開会 and the
  議長's first turn (line 60). No minutes text here is typed by hand.

LAYOUT: A4, one column, font HeiseiMin-W3 10.5 pt, leading 18 pt. Each
source line is one paragraph (an empty line is an empty paragraph, i.e. a
blank line); a paragraph is broken into lines by glyph width (reportlab's
stringWidth) at any character, no kinsoku. Every character, leading U+3000
included, is drawn as text. Page furniture (ours, not minutes text): the
footer 「－ N －」 (U+FF0D, space, page number in ASCII digits, space, U+FF0D)
centred at the bottom of every page. No header.

WHAT IT PROVES: this is how many older Japanese municipal PDFs are made. The
font is one of the Adobe-Japan1 standard fonts, NOT embedded, the text is
encoded with the predefined CMap UniJIS-UCS2-H (2-byte UCS-2 codes mapped to
Adobe-Japan1 CIDs), and there is NO /ToUnicode map. A reader must get Unicode
back from the CMap name and the CID collection (Adobe-Japan1), e.g. poppler
with poppler-data's cidToUnicode/Adobe-Japan1 file, and must lay glyphs out
without the font program (widths come from the PDF's /W array). Checked when
written:
  pdffonts:   HeiseiMin-W3  CID Type 0  UniJIS-UCS2-H  emb no  sub no  uni no
  pdftotext (poppler 22.12.0 + Debian poppler-data 0.4.12): every non-space
  character of lines 1-60 comes back (`pdftotext -raw`: all of them in
  order; plain `pdftotext` regroups the letter-spaced attendance tables, so
  88 % in order), plus the footers, which poppler returns as 「− N −」 with
  U+2212: UniJIS-UCS2-H sends U+FF0D to an Adobe-Japan1 CID that poppler-data
  maps back to U+2212. See docs/notes/pdf-libraries.md.
"""

import os
import sys

from reportlab.lib.pagesizes import A4
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.pdfgen import canvas

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.normpath(os.path.join(HERE, "..", "..", ".."))
SOURCE = os.path.join(
    ROOT, "tests", "data", "text", "kensakusystem-sapphire-meguro-statements.txt"
)
OUTPUT = os.path.join(HERE, "meguro-cid-nonembedded.pdf")
FIRST, LAST = 1, 60

FONT = "HeiseiMin-W3"
SIZE = 10.5
LEADING = 18.0
MARGIN_X = 72.0  # 1 inch left and right
MARGIN_TOP = 72.0
MARGIN_BOTTOM = 72.0
FOOTER_Y = 40.0


def source_lines():
    with open(SOURCE, "rb") as f:
        data = f.read().decode("utf-8")
    lines = data.replace("\r", "").split("\n")
    return lines[FIRST - 1 : LAST]


def wrap(text, width):
    """Break one paragraph into lines no wider than `width` (any character
    may end a line). An empty paragraph gives one empty line."""
    if text == "":
        return [""]
    out, cur, cur_w = [], "", 0.0
    for ch in text:
        w = pdfmetrics.stringWidth(ch, FONT, SIZE)
        if cur and cur_w + w > width:
            out.append(cur)
            cur, cur_w = "", 0.0
        cur += ch
        cur_w += w
    out.append(cur)
    return out


def main():
    pdfmetrics.registerFont(UnicodeCIDFont(FONT))  # encoding UniJIS-UCS2-H
    page_w, page_h = A4
    text_w = page_w - 2 * MARGIN_X
    c = canvas.Canvas(OUTPUT, pagesize=A4, invariant=1,
                      initialFontName=FONT, initialFontSize=SIZE)
    c.setTitle("meguro-cid-nonembedded (lines %d-%d)" % (FIRST, LAST))

    page = 1
    y = page_h - MARGIN_TOP

    def footer(n):
        c.setFont(FONT, SIZE)
        c.drawCentredString(page_w / 2, FOOTER_Y, "－ %d －" % n)

    for para in source_lines():
        for line in wrap(para, text_w):
            if y < MARGIN_BOTTOM:
                footer(page)
                c.showPage()
                page += 1
                y = page_h - MARGIN_TOP
            if line:
                c.setFont(FONT, SIZE)
                c.drawString(MARGIN_X, y, line)
            y -= LEADING
    footer(page)
    c.showPage()
    c.save()
    print("%s: %d pages, %d bytes" % (OUTPUT, page, os.path.getsize(OUTPUT)),
          file=sys.stderr)


if __name__ == "__main__":
    main()
