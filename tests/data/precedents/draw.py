#!/usr/bin/env python3
"""Draws 20 decided agenda items of 品川区 (2008 and 2023) and the top 5
precedents kaigiroku suggests for each, from a running server over
../shared/corpus/shinagawa: python3 draw.py http://127.0.0.1:8099 > suggestions.tsv
(a second argument: another seed, for a held-out draw that leaves out the items
of suggestions.tsv). With DRAW_ITEMS=1 it prints only the ids of the items
drawn (items-*.txt), those that got no suggestion included.
Columns: item id, item date, item body, item title, rank, suggestion id,
suggestion date, suggestion body, suggestion title, suggestion outcome."""
import json, random, sys, urllib.parse, urllib.request, glob, os

base = sys.argv[1]
seed = int(sys.argv[2]) if len(sys.argv) > 2 else 20261206
rng = random.Random(seed)
here = os.path.dirname(os.path.abspath(__file__))
tuned = set()
if len(sys.argv) > 2:
    with open(os.path.join(here, "suggestions.tsv")) as f:
        tuned = {line.split("\t")[0] for line in f}
corpus = os.path.join(os.path.dirname(__file__), "../../../../shared/corpus/shinagawa")

def get(path):
    with urllib.request.urlopen(base + path) as r:
        return json.load(r)

items = []
for fn in sorted(glob.glob(f"{corpus}/h20/*.js") + glob.glob(f"{corpus}/r05/*.js")):
    meeting = os.path.basename(fn)[:-3]
    try:
        m = get("/api/meetings/" + urllib.parse.quote(meeting))
    except Exception:
        continue
    for a in m.get("agenda", []):
        title = a.get("title") or ""
        if a.get("outcome") in ("可決", "否決", "認定", "承認", "同意", "採択", "不採択") and len(title) > 8 and "請願・陳情" not in title:
            if f"{meeting}#{a['order']}" not in tuned:
                items.append((m["date"], m["body"], f"{meeting}#{a['order']}", title))
drawn = rng.sample(items, 20)
if os.environ.get("DRAW_ITEMS"):
    # Only the items drawn, those with no suggestion included.
    for date, body, item, title in drawn:
        print(item)
    sys.exit()
for date, body, item, title in drawn:
    similar = get("/api/agenda/" + urllib.parse.quote(item, safe="") + "/similar?limit=5")["items"]
    for rank, s in enumerate(similar, 1):
        print("\t".join([item, date, body, title, str(rank), s["id"], s["date"], s["body"], s["title"], s.get("outcome") or ""]))
