#!/usr/bin/env python3
"""Each need's top 100 with `explain=true`, and Groonga's top 10, into
<WORK>/top100.json: what the simulations here re-rank.

    WORK=target/relevance python3 benches/relevance/rerank/dump.py http://127.0.0.1:18097
"""
import json
import os
import sys
import urllib.parse

from common import WORK, ev

server = sys.argv[1]
data = {}
db = ev.groonga_db(server, WORK)
for name in ev.SETS:
    needs, _ = ev.load(name)
    for need, groonga in zip(needs, ev.groonga(db, [n["query"] for n in needs])):
        url = f"{server}/api/search?facets=false&per_page=100&explain=true&q={urllib.parse.quote(need['query'])}"
        found = json.loads(ev.get(url)[0])
        data[need["id"]] = {
            "set": name, "query": need["query"], "groonga": groonga, "folded": found["query"]["folded"],
            "hits": [{"id": h["speech_id"], "score": h["score"], "explain": h["explain"],
                      "category": h["speaker"]["category"], "body": h["meeting"]["body"]} for h in found["hits"]],
        }
json.dump(data, open(os.path.join(WORK, "top100.json"), "w"), ensure_ascii=False)
print(f"{len(data)} needs", file=sys.stderr)
