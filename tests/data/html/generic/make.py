#!/usr/bin/env python3
"""A minutes page in a layout none of kaigiroku's vendor readers knows.

Source: lines 262-330 of tests/data/text/kensakusystem-sapphire-meguro-statements.txt
(目黒区議会 令和7年第1回定例会, real minutes). Each turn's label is set in bold
on a line of its own (<b>○関根義孝教育長</b><br>) and the speech follows in
<p> paragraphs, inside a table-based page with a site header and navigation,
as small vendors' pages are. The generated page is then passed through
LibreOffice's HTML export (`soffice --headless --convert-to html`), a real
tool that rewrites the markup its own way (<font>, <span>, its own <p>
classes); the output, meguro-bold-labels.html, is what the test reads.

Run: python3 tests/data/html/generic/make.py   (needs LibreOffice)
"""
import html
import pathlib
import subprocess
import tempfile

HERE = pathlib.Path(__file__).resolve().parent
SOURCE = HERE.parents[1] / "text" / "kensakusystem-sapphire-meguro-statements.txt"
FIRST, LAST = 262, 330
MARKS = ("○", "◯", "◆", "◎")


def main():
    lines = SOURCE.read_text(encoding="utf-8").replace("\r", "").split("\n")[FIRST - 1:LAST]
    body = []
    for line in lines:
        if not line.strip():
            continue
        stripped = line.lstrip()
        if stripped.startswith(MARKS) and ("　" in stripped):
            label, said = stripped.split("　", 1)
            body.append(f"<b>{html.escape(label)}</b><br>")
            body.append(f"<p>{html.escape(said.strip('　'))}</p>")
        else:
            body.append(f"<p>{html.escape(line)}</p>")
    page = f"""<!DOCTYPE html>
<html lang="ja"><head><meta charset="utf-8"><title>会議録閲覧</title></head>
<body>
<table width="100%"><tr><td>目黒区議会 会議録検索システム</td><td><a href="#">トップへ</a></td></tr></table>
<table width="100%"><tr><td>
<h2>令和 7年第1回定例会（第1日 2月17日）</h2>
{chr(10).join(body)}
</td></tr></table>
</body></html>
"""
    with tempfile.TemporaryDirectory() as work:
        work = pathlib.Path(work)
        (work / "meguro-bold-labels.html").write_text(page, encoding="utf-8")
        profile = work / "profile"
        subprocess.run(
            ["soffice", f"-env:UserInstallation=file://{profile}", "--headless",
             "--convert-to", "html:HTML (StarWriter):UTF8", "--outdir", str(work / "out"),
             str(work / "meguro-bold-labels.html")],
            check=True, capture_output=True)
        out = (work / "out" / "meguro-bold-labels.html").read_text(encoding="utf-8")
    (HERE / "meguro-bold-labels.html").write_text(out, encoding="utf-8")


if __name__ == "__main__":
    main()
