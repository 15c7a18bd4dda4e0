#!/usr/bin/env bash
# make.sh: regenerate the PDF and .docx fixtures in tests/data/pdf/ and
# tests/data/docx/ from REAL minutes text, through real tools. No minutes text
# in the outputs is typed by hand; only the page furniture (running heads,
# page numbers) is ours, and that is what a reader has to strip.
#
# SOURCE: tests/data/text/kensakusystem-sapphire-meguro-statements.txt
#   (目黒区議会, kensakusystem plain text, UTF-8, CRLF; byte-identical to
#   shared/corpus/text/ of the same name). Its own header (lines 1-2) says
#     開催日：令和 7年 2月17日
#     会議名：令和 7年第1回定例会（第1日 2月17日）
#   hence the running heads 「令和７年第１回定例会」 below.
# EXCERPTS: contiguous line ranges of that file (1-based), cut with sed, CR
# removed, nothing else changed. Each line becomes one paragraph (an empty
# line an empty paragraph); leading full-width spaces stay as text.
#   ONE  lines 1-111   the kensakusystem header (開催日/会議名), ○議事日程 with
#                      the letter-spaced attendance lists, 〇午後１時開会, the
#                      議長's five opening turns, and the start of the
#                      区長所信表明 (its first section, 第１, up to line 111).
#   TWO  lines 262-330 〔関根義孝教育長登壇〕, 教育長's answer, ２０番's
#                      再質問, 区長, 教育長, 議長, 〇休憩/〇開議, 議長, and the
#                      first lines of ２２番（たぞえ麻友議員）'s question.
#   VERT lines 57-99   〇午後１時開会 … 会期の決定 … 〔青木英二区長登壇〕.
#   (The ranges are kept short because each distinct kanji costs ~430 bytes of
#   embedded IPA Mincho subset: lines 1-219 made a 408 KB PDF.)
#
# OUTPUTS (all A4, font IPAMincho, embedded as subsets with ToUnicode):
#   tests/data/pdf/meguro-one-column.pdf    ONE, one column, 3 pages.
#       LibreOffice `soffice --headless --convert-to pdf` from a generated
#       flat ODT (.fodt) whose master page has the header 「令和７年第１回定例会」
#       and the footer 「－ N －」 (U+FF0D, space, page-number field, space,
#       U+FF0D) on every page.
#   tests/data/pdf/meguro-two-column.pdf    TWO, two columns (CSS
#       column-count: 2, column-fill: auto), 4 pages, Chromium headless
#       --print-to-pdf WITH Chromium's default header (date of the run, e.g.
#       "12/6/26, 4:39 AM", and the <title> 「令和 7年第1回定例会（第1日 2月17日）」
#       = source line 2 after 会議名：) and default footer (the file URL
#       file:///tmp/kaigiroku-fixtures/meguro-two-column.html and "N/4").
#       Chromium 156 prints them by default (no flag needed). There is no
#       "- N -": Chromium 156 does draw CSS @page margin boxes, but any
#       @bottom-* box replaces the whole default footer (URL and N/M) and any
#       @top-* box the whole default header, so the default furniture was kept.
#   tests/data/pdf/meguro-two-column-lo.pdf TWO, two columns made by
#       LibreOffice (a text:section with 2 columns in the .fodt), 5 pages,
#       header 「令和７年第１回目黒区議会定例会会議録（第１日）」 and one footer
#       line: centred "- N -", right-aligned "N/5" (page/total fields).
#   tests/data/pdf/vertical.pdf             VERT, one page of 縦書き (CSS
#       writing-mode: vertical-rl), Chromium --print-to-pdf with
#       --no-pdf-header-footer: no furniture, only the vertical order.
#   tests/data/pdf/scanned.pdf              page 1 of meguro-one-column.pdf
#       rendered by `pdftoppm -r 150 -mono -png` (black/white pixels, stored as
#       an RGB PNG) and wrapped by img2pdf: one image, no text layer.
#   tests/data/docx/meguro.docx             ONE, LibreOffice
#       `--convert-to docx` from the same .fodt as meguro-one-column.pdf: 111
#       w:p in word/document.xml, one per source line, text identical; the head
#       and the 「－ PAGE －」 footer live in word/header1.xml / footer1.xml.
#
# WHAT pdftotext (poppler 22.12) MAKES OF THEM, observed when this was written:
#   - Full-width spaces (U+3000) are never printed: LibreOffice and Chromium
#     draw no glyph for them. `-layout` renders the gap after a speaker label
#     as ASCII spaces; plain pdftotext puts the label on a line of its own
#     ("○関根義孝教育長" then "鈴木議員の第６点目、…" on the next line).
#   - Justified lines get stray spaces before punctuation in LibreOffice
#     output ("多様化しており 、"), so compare text with whitespace removed.
#   - meguro-two-column.pdf (Chromium): `-layout` prints each left-column line
#     and the right-column line at the same height side by side on one output
#     line, i.e. the columns INTERLEAVE line by line: the problem the reader
#     must fix. Plain pdftotext is no better here: it alternates single lines
#     (left 1, right 1, left 2, right 2, … as separate paragraphs), so on page
#     1 "○２０番（鈴木まさし議員）" (top of the right column) comes out before
#     "○関根義孝教育長" (left column), the reverse of the source order.
#   - meguro-two-column-lo.pdf (LibreOffice): `-layout` side by side as above.
#     Plain pdftotext alternates blocks: on pages 2-4, left lines 1-18, right
#     lines 1-18, left lines 19-48, right lines 19-48, then the footer.
#   - meguro-one-column.pdf: `-layout` gives the excerpt in order; plain
#     pdftotext moves the right-hand pieces of the attendance table
#     (e.g. 「第１号」 of 「目黒区議会会議録　　第１号」) elsewhere.
#   - vertical.pdf: both modes read across the page row by row, one character
#     per column per output line; the characters are all there (check 6b).
#   The checks at the end (6a, 6b) assert the furniture, the character
#   fidelity and the -layout interleaving, and print the plain-mode order.
#
# TOOLS (Debian bookworm): LibreOffice 7.4.7.2, Chromium 156.0.8078.114,
# poppler-utils 22.12.0, img2pdf 0.4.4, fonts-ipafont-mincho 00303:
#   apt-get install -y libreoffice-writer-nogui chromium poppler-utils img2pdf \
#       fonts-ipafont-mincho fonts-ipafont-gothic
# RUN from anywhere: bash tests/data/pdf/make.sh (about 10 s). Idempotent: the
# build folder ($BUILD, default /tmp/kaigiroku-fixtures; fixed because
# Chromium prints the URL) is wiped and the six outputs are overwritten; only
# the PDF dates/IDs and Chromium's header date differ between runs. Niced.
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO="$(cd "$HERE/../../.." && pwd)"
SRC="$REPO/tests/data/text/kensakusystem-sapphire-meguro-statements.txt"
OUT="$HERE"
DOCX_OUT="$REPO/tests/data/docx"
BUILD="${BUILD:-/tmp/kaigiroku-fixtures}"   # fixed: Chromium prints its URL
ONE_RANGE="1,111"     # one-column PDF, docx, scan
TWO_RANGE="262,330"   # both two-column PDFs
VERT_RANGE="57,99"    # vertical PDF

for t in soffice chromium pdftotext pdftoppm pdfinfo pdffonts img2pdf python3; do
    command -v "$t" >/dev/null || { echo "make.sh: $t not found (see the apt-get line at the top)" >&2; exit 1; }
done

rm -rf "$BUILD"
mkdir -p "$BUILD" "$DOCX_OUT"

# 1. the excerpts: contiguous line ranges, CR removed.
sed -n "${ONE_RANGE}p" "$SRC" | tr -d '\r' > "$BUILD/one.txt"
sed -n "${TWO_RANGE}p" "$SRC" | tr -d '\r' > "$BUILD/two.txt"
sed -n "2p" "$SRC" | tr -d '\r' > "$BUILD/meeting.txt"   # 会議名：…
sed -n "${VERT_RANGE}p" "$SRC" | tr -d '\r' > "$BUILD/vertical.txt"

# 2. wrap them: two .fodt files for LibreOffice, two HTML files for Chromium.
python3 - "$BUILD" <<'PY'
import html, re, sys
build = sys.argv[1]
one = open(f"{build}/one.txt", encoding="utf-8").read().split("\n")[:-1]
two = open(f"{build}/two.txt", encoding="utf-8").read().split("\n")[:-1]
vert = open(f"{build}/vertical.txt", encoding="utf-8").read().split("\n")[:-1]
# <title> for Chromium's default header: the 会議名 line of the source, verbatim.
# 令和 7年第1回定例会（第1日 2月17日）
title = open(f"{build}/meeting.txt", encoding="utf-8").read().strip().split("：", 1)[1]

def odf_text(s):
    s = html.escape(s, quote=False)
    # ODF collapses runs of ASCII spaces like HTML: keep them with <text:s/>.
    s = re.sub(r" {2,}", lambda m: " " + f'<text:s text:c="{len(m.group())-1}"/>', s)
    return s.replace("\t", "<text:tab/>")

def fodt(paragraphs, header, footer, columns, footer_tabs=False):
    body = "\n".join(f'<text:p text:style-name="Body">{odf_text(p)}</text:p>' for p in paragraphs)
    if columns > 1:
        body = (f'<text:section text:style-name="Cols" text:name="Columns">\n{body}\n'
                '</text:section>')
    tabs = ('<style:tab-stops><style:tab-stop style:position="85mm" style:type="center"/>'
            '<style:tab-stop style:position="170mm" style:type="right"/></style:tab-stops>'
            if footer_tabs else "")
    falign = "start" if footer_tabs else "center"
    return f'''<?xml version="1.0" encoding="UTF-8"?>
<office:document xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"
 xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0"
 xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"
 xmlns:fo="urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0"
 xmlns:svg="urn:oasis:names:tc:opendocument:xmlns:svg-compatible:1.0"
 xmlns:meta="urn:oasis:names:tc:opendocument:xmlns:meta:1.0"
 xmlns:dc="http://purl.org/dc/elements/1.1/"
 office:version="1.3" office:mimetype="application/vnd.oasis.opendocument.text">
<office:meta><dc:title>{html.escape(title)}</dc:title><dc:language>ja-JP</dc:language></office:meta>
<office:font-face-decls>
 <style:font-face style:name="IPAMincho" svg:font-family="IPAMincho" style:font-family-generic="roman" style:font-pitch="fixed"/>
</office:font-face-decls>
<office:styles>
 <style:default-style style:family="paragraph">
  <style:paragraph-properties style:writing-mode="lr-tb" style:line-break="strict"/>
  <style:text-properties style:font-name="IPAMincho" fo:font-size="10pt" fo:language="ja" fo:country="JP"
   style:font-name-asian="IPAMincho" style:font-size-asian="10pt" style:language-asian="ja" style:country-asian="JP"
   style:font-name-complex="IPAMincho" style:font-size-complex="10pt"/>
 </style:default-style>
 <style:style style:name="Standard" style:family="paragraph" style:class="text"/>
 <style:style style:name="Body" style:family="paragraph" style:parent-style-name="Standard" style:class="text">
  <style:paragraph-properties fo:margin-top="0mm" fo:margin-bottom="0mm" fo:line-height="150%" fo:text-align="justify"/>
 </style:style>
 <style:style style:name="Header" style:family="paragraph" style:parent-style-name="Standard" style:class="extra">
  <style:paragraph-properties fo:text-align="center"/>
 </style:style>
 <style:style style:name="Footer" style:family="paragraph" style:parent-style-name="Standard" style:class="extra">
  <style:paragraph-properties fo:text-align="{falign}">{tabs}</style:paragraph-properties>
 </style:style>
</office:styles>
<office:automatic-styles>
 <style:page-layout style:name="A4">
  <style:page-layout-properties fo:page-width="210mm" fo:page-height="297mm" style:print-orientation="portrait"
   fo:margin-top="12mm" fo:margin-bottom="12mm" fo:margin-left="20mm" fo:margin-right="20mm" style:writing-mode="lr-tb"/>
  <style:header-style><style:header-footer-properties fo:min-height="0mm" fo:margin-bottom="6mm"/></style:header-style>
  <style:footer-style><style:header-footer-properties fo:min-height="0mm" fo:margin-top="6mm"/></style:footer-style>
 </style:page-layout>
 <style:style style:name="Cols" style:family="section">
  <style:section-properties text:dont-balance-text-columns="false">
   <style:columns fo:column-count="{columns}" fo:column-gap="8mm"/>
  </style:section-properties>
 </style:style>
</office:automatic-styles>
<office:master-styles>
 <style:master-page style:name="Standard" style:page-layout-name="A4">
  <style:header><text:p text:style-name="Header">{header}</text:p></style:header>
  <style:footer><text:p text:style-name="Footer">{footer}</text:p></style:footer>
 </style:master-page>
</office:master-styles>
<office:body><office:text>
{body}
</office:text></office:body>
</office:document>
'''

PAGE = '<text:page-number text:select-page="current">1</text:page-number>'
COUNT = '<text:page-count>1</text:page-count>'
open(f"{build}/meguro-one-column.fodt", "w", encoding="utf-8").write(
    fodt(one, "令和７年第１回定例会", f"－ {PAGE} －", 1))
open(f"{build}/meguro-two-column-lo.fodt", "w", encoding="utf-8").write(
    fodt(two, "令和７年第１回目黒区議会定例会会議録（第１日）",
         f"<text:tab/>- {PAGE} -<text:tab/>{PAGE}/{COUNT}", 2, footer_tabs=True))

def html_doc(paragraphs, css):
    ps = "\n".join(f"<p>{html.escape(p) if p else '<br>'}</p>" for p in paragraphs)
    return f'''<!DOCTYPE html>
<html lang="ja"><head><meta charset="utf-8">
<title>{html.escape(title)}</title>
<style>
{css}
</style></head>
<body><div class="minutes">
{ps}
</div></body></html>
'''

open(f"{build}/meguro-two-column.html", "w", encoding="utf-8").write(html_doc(two, '''
@page { size: A4; margin: 15mm 12mm; }
body { margin: 0; font-family: "IPAMincho", serif; font-size: 9.5pt; line-height: 1.5; }
.minutes { column-count: 2; column-gap: 8mm; column-fill: auto; }
p { margin: 0; white-space: pre-wrap; text-align: justify; line-break: strict; }'''))

open(f"{build}/vertical.html", "w", encoding="utf-8").write(html_doc(vert, '''
@page { size: A4; margin: 15mm; }
html, body { margin: 0; }
.minutes { writing-mode: vertical-rl; font-family: "IPAMincho", serif; font-size: 10.5pt;
           line-height: 1.6; height: 262mm; }
p { margin: 0; white-space: pre-wrap; line-break: strict; }'''))
PY

# 3. LibreOffice: both .fodt to PDF, the one-column .fodt to .docx.
export HOME="$BUILD/home"; mkdir -p "$HOME"
LO=(nice -n 10 soffice --headless --norestore --nolockcheck
    "-env:UserInstallation=file://$BUILD/lo-profile")
(cd "$BUILD" && "${LO[@]}" --convert-to pdf:writer_pdf_Export --outdir "$BUILD" \
    meguro-one-column.fodt meguro-two-column-lo.fodt >/dev/null)
(cd "$BUILD" && "${LO[@]}" --convert-to 'docx:MS Word 2007 XML' --outdir "$BUILD" \
    meguro-one-column.fodt >/dev/null)
cp "$BUILD/meguro-one-column.pdf" "$OUT/meguro-one-column.pdf"
cp "$BUILD/meguro-two-column-lo.pdf" "$OUT/meguro-two-column-lo.pdf"
cp "$BUILD/meguro-one-column.docx" "$DOCX_OUT/meguro.docx"

# 4. Chromium: print the two HTML files.
chrome() {  # chrome OUT.pdf URL [flags...]
    local out="$1" url="$2"; shift 2
    local prof; prof="$(mktemp -d)"
    rm -f "$out"
    nice -n 10 timeout 180 chromium --headless --no-sandbox --disable-gpu \
        --disable-background-networking --disable-component-update --disable-sync \
        --no-first-run --user-data-dir="$prof" "$@" --print-to-pdf="$out" "$url" \
        >/dev/null 2>&1 || true
    rm -rf "$prof"
    [ -s "$out" ] || { echo "make.sh: chromium made no $out" >&2; exit 1; }
}
chrome "$OUT/meguro-two-column.pdf" "file://$BUILD/meguro-two-column.html"
chrome "$OUT/vertical.pdf" "file://$BUILD/vertical.html" --no-pdf-header-footer

# 5. scanned.pdf: page 1 of the one-column PDF as a 1-bit 150 dpi image.
nice -n 10 pdftoppm -f 1 -l 1 -r 150 -mono -png "$OUT/meguro-one-column.pdf" "$BUILD/scan"
img2pdf --pagesize A4 -o "$OUT/scanned.pdf" "$BUILD"/scan*.png

# 6. checks. They fail the script if a fixture lost what the tests rely on.
fail() { echo "make.sh: CHECK FAILED: $*" >&2; exit 1; }
pages() { pdfinfo "$1" | awk '/^Pages:/ {print $2}'; }
# 6a. furniture on every page, with the right page number.
n=$(pages "$OUT/meguro-one-column.pdf")
for p in $(seq 1 "$n"); do
    t=$(pdftotext -layout -f "$p" -l "$p" "$OUT/meguro-one-column.pdf" -)
    grep -q '令和７年第１回定例会' <<<"$t" || fail "one-column page $p: no running head"
    grep -q "－ $p －" <<<"$t" || fail "one-column page $p: no 「－ $p －」"
done
n=$(pages "$OUT/meguro-two-column-lo.pdf")
for p in $(seq 1 "$n"); do
    t=$(pdftotext -layout -f "$p" -l "$p" "$OUT/meguro-two-column-lo.pdf" -)
    grep -q '令和７年第１回目黒区議会定例会会議録（第１日）' <<<"$t" || fail "two-column-lo page $p: no head"
    grep -q -- "- $p -" <<<"$t" || fail "two-column-lo page $p: no '- $p -'"
    grep -q " $p/$n\$" <<<"$t" || fail "two-column-lo page $p: no '$p/$n'"
done
n=$(pages "$OUT/meguro-two-column.pdf")
for p in $(seq 1 "$n"); do
    t=$(pdftotext -layout -f "$p" -l "$p" "$OUT/meguro-two-column.pdf" -)
    grep -q "file://$BUILD/meguro-two-column.html" <<<"$t" || fail "two-column page $p: no URL footer"
    grep -q " $p/$n\$" <<<"$t" || fail "two-column page $p: no '$p/$n'"
    grep -qE '^[0-9]{1,2}/[0-9]{1,2}/[0-9]{2}, [0-9]{1,2}:[0-9]{2} [AP]M ' <<<"$t" || fail "two-column page $p: no date"
    grep -q '令和 7年第1回定例会（第1日 2月17日）' <<<"$t" || fail "two-column page $p: no title"
done
# 6b. text fidelity and column order, by python: every character of the
# excerpt comes back from pdftotext (fonts carry ToUnicode), and the two-column
# files interleave their columns in -layout mode.
python3 - "$OUT" "$BUILD" "$BUILD/meguro-two-column.html" <<'PY' || fail "text check"
import re, subprocess, sys
out, build, url = sys.argv[1:]
def pdftotext(f, *a):
    return subprocess.run(["pdftotext", *a, f"{out}/{f}", "-"], check=True,
                          capture_output=True, text=True).stdout
def chars(s): return sorted(re.sub(r"\s", "", s))
furniture = {
    "meguro-one-column.pdf": [r"令和７年第１回定例会", r"－ \d+ －"],
    "meguro-two-column-lo.pdf": [r"令和７年第１回目黒区議会定例会会議録（第１日）", r"- \d+ -", r"\b\d+/5\b"],
    "meguro-two-column.pdf": [r"\d+/\d+/\d+, \d+:\d+ [AP]M", r"令和 7年第1回定例会（第1日 2月17日）",
                              re.escape("file://" + url), r"\b\d+/4\b"],
    "vertical.pdf": [],
}
src = {"meguro-one-column.pdf": "one", "meguro-two-column-lo.pdf": "two",
       "meguro-two-column.pdf": "two", "vertical.pdf": "vertical"}
for f, furn in furniture.items():
    t = pdftotext(f, "-layout")
    for r in furn:
        t = re.sub(r, "", t)
    want = open(f"{build}/{src[f]}.txt", encoding="utf-8").read()
    if chars(t) != chars(want):
        sys.exit(f"{f}: the text minus furniture is not the excerpt's characters")
    if f == "meguro-one-column.pdf" and re.sub(r"\s", "", t) != re.sub(r"\s", "", want):
        sys.exit(f"{f}: -layout text is not the excerpt in order")
for f in ("meguro-two-column.pdf", "meguro-two-column-lo.pdf"):
    lay = pdftotext(f, "-layout", "-f", "2", "-l", "2")
    both = [l for l in lay.splitlines() if re.search(r"[^\x00-\x7f] {3,}[^\x00-\x7f]", l.strip())]
    if len(both) < 20:
        sys.exit(f"{f}: -layout does not put the two columns side by side ({len(both)} lines)")
    # plain pdftotext: where does the right column's first line come out?
    raw = pdftotext(f, "-f", "2", "-l", "2")
    rows = [l.strip() for l in lay.splitlines() if re.search(r"[^\x00-\x7f] {3,}[^\x00-\x7f]", l.strip())]
    left_last = re.split(r" {3,}", rows[-1])[0]
    right_first = re.split(r" {3,}", rows[0])[-1]
    order = "left column first" if raw.find(left_last) < raw.find(right_first) else "columns interleaved"
    print(f"{f}: -layout: {len(both)} lines hold both columns; plain pdftotext page 2: {order}")
for line in subprocess.run(["pdffonts", f"{out}/meguro-one-column.pdf"], capture_output=True, text=True).stdout.splitlines()[2:]:
    if "yes yes yes" not in line:
        sys.exit("font not embedded+subset+ToUnicode: " + line)
PY
[ "$(pages "$OUT/vertical.pdf")" = 1 ] || fail "vertical.pdf is not one page"
[ -z "$(pdftotext "$OUT/scanned.pdf" - | tr -d '[:space:]')" ] || fail "scanned.pdf has text"
for f in meguro-one-column meguro-two-column meguro-two-column-lo vertical scanned; do
    s=$(stat -c %s "$OUT/$f.pdf"); [ "$s" -lt 300000 ] || fail "$f.pdf is $s bytes"
    echo "$f.pdf: $(pages "$OUT/$f.pdf") pages, $s bytes"
done
s=$(stat -c %s "$DOCX_OUT/meguro.docx"); [ "$s" -lt 60000 ] || fail "meguro.docx is $s bytes"
echo "meguro.docx: $s bytes"
