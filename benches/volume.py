#!/usr/bin/env python3
"""Text volume of Japan's council minutes, measured and estimated (docs/SCALING.md).

Measures speech text (UTF-8 bytes) per assembly and year in ../shared/corpus, fits
MB/year = A * (population / P_A) ** alpha on the complete years of 品川区, applies it
to the 1,794 assemblies of ../shared/reference/municipalities.csv, and reads the cost
curve of benches/RESULTS.md (if present) for the single-machine break point.
Prints Markdown. Python 3 standard library only. Usage: python3 benches/volume.py
"""
import csv, glob, json, math, os, re, statistics, sys
import xml.etree.ElementTree as ET
from collections import defaultdict

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SHARED = os.environ.get("KAIGIROKU_SHARED", os.path.join(ROOT, "..", "shared"))
CORPUS = os.path.join(SHARED, "corpus")
MB, YEARS, P99_MS = 1e6, 20, 10.0
ALPHAS = [("low", 0.65), ("central", 0.5), ("high", 0.35)]  # larger alpha: small assemblies say less
ANCHOR, ANCHOR_CODE = "品川区", "131091"
DESIGNATED = set("札幌市 仙台市 さいたま市 千葉市 横浜市 川崎市 相模原市 新潟市 静岡市 浜松市 名古屋市 "
                 "京都市 大阪市 堺市 神戸市 岡山市 広島市 北九州市 福岡市 熊本市".split())
skipped = []
# (source, assembly, year) -> [meetings, speeches, text bytes, characters, months]
cells = defaultdict(lambda: [0, 0, 0, 0, set()])


def add(source, assembly, date, texts):
    year, month = (re.findall(r"\d+", date or "") + ["?", "?"])[:2]
    c = cells[(source, assembly, year)]
    c[0] += 1
    c[1] += len(texts)
    c[2] += sum(len(t.encode()) for t in texts)
    c[3] += sum(len(t) for t in texts)
    c[4].add(month)


def measure():
    for path in sorted(glob.glob(os.path.join(CORPUS, "shinagawa", "*", "*.js"))):
        try:
            s = open(path, encoding="utf-8").read()
            m = json.loads(s[s.index("registerMinutes(") + 16: s.rindex(")")])
            add("shinagawa", ANCHOR, m["dateIso"], [v["text"] for v in m["voices"]])
        except (ValueError, KeyError, TypeError) as e:
            skipped.append((path, e))
    for path in sorted(glob.glob(os.path.join(CORPUS, "tokyo-poliinfo2", "**", "*.json"), recursive=True)):
        try:
            for m in json.load(open(path, encoding="utf-8")):  # Speaker "null": the header block
                texts = [u.get("Utterance") or "" for u in m["Proceeding"] if u.get("Speaker") not in (None, "null")]
                add("tokyo-poliinfo2 (subset)", "東京都", m.get("Date"), texts)
        except (ValueError, KeyError, TypeError, AttributeError) as e:
            skipped.append((path, e))
    for path in sorted(glob.glob(os.path.join(CORPUS, "discussnet-ssp", "*", "minute.json"))):
        try:
            meta = json.load(open(os.path.join(os.path.dirname(path), "metadata.json"), encoding="utf-8"))
            mins = json.load(open(path, encoding="utf-8"))["tenant_minutes"]
            texts = [re.sub(r"<[^>]*>", "", x["body"]) for x in mins if x.get("minute_type") != "名簿"]
            add("discussnet-ssp (1 day)", meta["tenantSlug"], meta["viewYear"], texts)
        except (ValueError, KeyError, TypeError, OSError) as e:
            skipped.append((path, e))
    for path in sorted(glob.glob(os.path.join(CORPUS, "kokkai", "*.xml"))):
        try:
            for m in ET.parse(path).iter("meetingRecord"):
                texts = [r.findtext("speech") or "" for r in m.iter("speechRecord") if r.findtext("speechOrder") != "0"]
                add("kokkai (sample meetings)", m.findtext("nameOfHouse"), m.findtext("date"), texts)
        except (ET.ParseError, OSError) as e:
            skipped.append((path, e))
    for folder in ("html", "text", "seed"):  # no speech split here: file bytes, an upper bound
        for path in sorted(glob.glob(os.path.join(CORPUS, folder, "*"))):
            c = cells[(folder + " (file bytes, 1 meeting each)", os.path.basename(path)[:28], "?")]
            c[0] += 1
            c[1] = None
            c[2] += os.path.getsize(path)


def assemblies():
    rows = []
    with open(os.path.join(SHARED, "reference", "municipalities.csv"), encoding="utf-8-sig") as f:
        for r in list(csv.reader(f))[1:]:
            # Population and its year are the last two fields: a few URLs hold unquoted commas.
            pop = int(r[-2]) if r[-2].isdigit() else 0
            name = r[2] or r[1]
            tier = ("都道府県" if not r[2] else "特別区" if r[0].startswith("131") and name.endswith("区")
                    else "政令市" if name in DESIGNATED else "市" if name.endswith("市") else "町村")
            rows.append({"code": r[0], "pref": r[1], "name": name, "url": r[5], "pop": pop, "tier": tier})
    return rows


def curve():
    """(text MB, index MB, p99 ms) rows of the cost curve in benches/RESULTS.md; ingest MB/s of text."""
    try:
        s = open(os.path.join(ROOT, "benches", "RESULTS.md"), encoding="utf-8").read()
    except OSError:
        return [], None
    # Both tables count MB of speech text: "| kaigiroku, 403 files | s | MB/s | …"
    m = re.search(r"\| kaigiroku, \d+ files \| [\d.]+ \| ([\d.]+) \|", s)
    rate = float(m.group(1)) if m else None
    part, rows = s.split("## Cost curve", 1)[1] if "## Cost curve" in s else "", []
    # | 3× | MB of text | speeches | ingest s | MB/s | index MB | index/text | commits | merges | p50 | p99 | RSS |
    for line in part.splitlines()[1:]:
        if line.startswith("#"):
            break
        f = [x.strip() for x in line.strip("| ").split("|")]
        try:
            rows.append((float(f[1]), float(f[5]), float(f[10])))
        except (ValueError, IndexError):
            pass
    return rows, rate


def main():
    measure()
    out = print
    out("### Measured (../shared/corpus)\n")
    out("| source | assembly | year | months | meetings | speeches | text MB | bytes/speech |")
    out("|---|---|---|---|---|---|---|---|")
    for (src, asm, year), (mt, sp, tb, ch, months) in sorted(cells.items()):
        months = len(months - {"?"}) or "–"
        bps = f"{tb / sp:,.0f}" if sp else "–"
        out(f"| {src} | {asm} | {year} | {months} | {mt} | {sp if sp is not None else '–'} | {tb / MB:.2f} | {bps} |")
    out(f"\nFiles skipped (could not parse): {len(skipped)}" + "".join(f"; {p}: {e}" for p, e in skipped[:5]))

    anchor = [(y, c) for (s, a, y), c in cells.items() if a == ANCHOR and len(c[4]) >= 11]
    if not anchor:
        sys.exit("no complete year of the anchor assembly in the corpus")
    A = statistics.mean(c[2] for _, c in anchor) / MB
    bps = sum(c[2] for _, c in anchor) / sum(c[1] for _, c in anchor)
    chars = statistics.mean(c[3] for _, c in anchor)
    rows = assemblies()
    P = next(r["pop"] for r in rows if r["code"] == ANCHOR_CODE)
    out(f"\n### Model\n\nAnchor: {ANCHOR}, complete years {', '.join(sorted(y for y, _ in anchor))}: "
        f"A = {A:.1f} MB of speech text a year ({chars / 1e6:.1f}M characters, "
        f"≈ {chars / 300 / 60:.0f} hours of speech at 300 字/分), {bps:,.0f} bytes a speech, "
        f"population P_A = {P:,}. MB/year = A × (population / P_A)^α; "
        + ", ".join(f"α = {a} ({n})" for n, a in ALPHAS) + ". Population 0 (北方領土 villages): no assembly, 0.")
    vol = {n: [A * (r["pop"] / P) ** a if r["pop"] else 0.0 for r in rows] for n, a in ALPHAS}

    out(f"\n### National estimate ({len(rows):,} assemblies)\n")
    out(f"| scenario | α | GB / year | GB / {YEARS} years | speeches / year | speeches / {YEARS} years |"
        " GB / year, with a minutes URL | GB / year, the four vendor formats |")
    out("|---|---|---|---|---|---|---|---|")
    vendor = re.compile(r"kaigiroku\.net|dbsr\.jp|kensakusystem|gijiroku\.com|/voices/", re.I)
    for n, a in ALPHAS:
        v = vol[n]
        tot, url = sum(v) / 1e3, sum(x for x, r in zip(v, rows) if r["url"]) / 1e3
        ven = sum(x for x, r in zip(v, rows) if vendor.search(r["url"])) / 1e3
        sp = sum(v) * MB / bps
        out(f"| {n} | {a} | {tot:.1f} | {tot * YEARS:,.0f} | {sp / 1e6:.1f}M | {sp * YEARS / 1e6:,.0f}M | {url:.1f} | {ven:.1f} |")

    c = vol["central"]
    out("\n### By tier (central)\n")
    out("| tier | assemblies | median population | MB / year, median (range) | hours of speech / year, median "
        "(300 字/分) | GB / year, total | share |")
    out("|---|---|---|---|---|---|---|")
    for t in ("都道府県", "政令市", "特別区", "市", "町村"):  # without the population-0 villages
        v = [x for x, r in zip(c, rows) if r["tier"] == t and r["pop"]]
        pops = [r["pop"] for r in rows if r["tier"] == t and r["pop"]]
        out(f"| {t} | {len(v)} | {statistics.median(pops):,.0f} | {statistics.median(v):.1f} "
            f"({min(v):.1f}–{max(v):.0f}) | {statistics.median(v) / A * chars / 18000:.0f} | {sum(v) / 1e3:.2f} "
            f"| {sum(v) / sum(c):.0%} |")
    top = sorted(zip(c, rows), key=lambda x: -x[0])[:5]
    out("\nLargest (central, MB/year): " + ", ".join(f"{r['name']} {x:.0f}" for x, r in top) + ".")
    tokyo = [cc[2] for (s, a, y), cc in cells.items() if a == "東京都"]
    if tokyo:
        out(f"Check: 東京都議会 central {c[[r['name'] for r in rows].index('東京都')]:.0f} MB/year ≥ the largest year "
            f"of the corpus' subset (議会運営委員会, special committees, 臨時会), {max(tokyo) / MB:.1f} MB.")

    pref = defaultdict(float)
    for x, r in zip(c, rows):
        pref[r["code"][:2]] += x
    names = {r["code"][:2]: r["pref"] for r in rows}
    pv = sorted(pref.values())
    big = sorted(pref, key=pref.get)[-3:][::-1]
    out(f"\n### Per prefecture (都道府県 + its municipalities, central)\n\nMB/year: min {pv[0]:.0f}, median "
        f"{statistics.median(pv):.0f}, max {pv[-1]:.0f}; largest " + ", ".join(f"{names[k]} {pref[k]:.0f}" for k in big)
        + f". Over {YEARS} years: median {statistics.median(pv) * YEARS / 1e3:.1f} GB, max {pv[-1] * YEARS / 1e3:.1f} GB.")

    pts, rate = curve()
    out("\n### Break point of one index (cost curve of benches/RESULTS.md)\n")
    if len(pts) < 2:
        out("No cost curve in benches/RESULTS.md: index ratio <<INDEX_RATIO>>, break point <<CURVE>>.")
        return
    i = next((j for j in range(1, len(pts)) if pts[j][2] >= P99_MS), len(pts) - 1)  # the pair around 10 ms
    (t1, _, p1), (t2, _, p2), ratio = pts[i - 1], pts[i], pts[-1][1] / pts[-1][0]
    k = math.log(p2 / p1) / math.log(t2 / t1)
    (t3, _, p3), (t4, _, p4) = pts[-2:]
    top = f" (top two: text^{math.log(p4 / p3) / math.log(t4 / t3):.2f})" if i < len(pts) - 1 else ""
    brk = t2 * (P99_MS / p2) ** (1 / k)
    nat = sum(c)
    out(f"Curve (speech text MB → p99 ms): " + ", ".join(f"{t:g} → {p:.2f}" for t, _, p in pts)
        + f". Index / text at the largest corpus: {ratio:.2f}×. Local exponent of the two points around 10 ms (else the top two): "
        f"p99 ∝ text^{k:.2f}{top}; p99 = {P99_MS:.0f} ms at ≈ {brk:.0f} MB of speech text "
        f"(index ≈ {brk * ratio:.0f} MB) = {brk / A:.1f} {ANCHOR}-years = {brk / nat:.2%} of a national year "
        f"(central); {t2 * P99_MS / p2:.0f} MB if p99 grows linearly from the upper point. Assemblies whose "
        f"{YEARS}-year archive is under it: {sum(0 < x * YEARS <= brk for x in c):,} of {sum(x > 0 for x in c):,}.")
    out(f"\nNational central at that index ratio: {nat * ratio / 1e3:.1f} GB of index a year, "
        f"{nat * YEARS * ratio / 1e3:,.0f} GB over {YEARS} years. An unfiltered exact-count query over {YEARS} years "
        f"costs the work of ≈ {nat * YEARS / brk:,.0f} break-point indexes (one core each, in parallel, "
        f"for p99 ≤ {P99_MS:.0f} ms); over one year ≈ {nat / brk:,.0f}. Partitions of at most the break point for "
        f"{YEARS} years: ≈ {nat * YEARS / brk:,.0f} if filled, {sum(math.ceil(x * YEARS / brk) for x in c if x):,} "
        f"if each assembly has its own (one each for the {sum(0 < x * YEARS <= brk for x in c):,} under it).")
    if rate:
        out(f"\nIngest at {rate:.1f} MB/s of speech text (RESULTS.md): a national year (central) ≈ "
            f"{nat / rate / 3600:.1f} h, {YEARS} years ≈ {nat * YEARS / rate / 3600:.0f} h on the benchmark machine.")


if __name__ == "__main__":
    main()
