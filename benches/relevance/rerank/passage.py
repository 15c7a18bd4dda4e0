#!/usr/bin/env python3
"""What BM25's length normalization took from a long speech, against its
best window of W characters: score × max(1, BM25(window) / BM25(speech))^η,
BM25 over the words' counts (each word with its folded spellings)."""
import itertools
import math
import re

from common import evaluate, load, show, word_groups

data, texts, judged = load()
average = sum(map(len, texts.values())) / len(texts)
idfs = {}


def idf(group):
    key = tuple(group)
    if key not in idfs:
        n = sum(1 for t in texts.values() if any(w in t for w in group))
        idfs[key] = math.log(1 + (len(texts) - n + 0.5) / (n + 0.5))
    return idfs[key]


def bm25(counts, length, groups, k1=1.2, b=0.75):
    return sum(idf(g) * tf * (k1 + 1) / (tf + k1 * (1 - b + b * length / average)) for g, tf in zip(groups, counts))


def taken(text, groups, width):
    places = [sorted(m.start() for w in g for m in re.finditer(re.escape(w), text)) for g in groups]
    whole = bm25([len(p) for p in places], len(text), groups)
    if whole == 0 or len(text) <= width:
        return 1.0
    starts = sorted(set(itertools.chain.from_iterable(places)))
    best = max(bm25([sum(s <= p < s + width for p in ps) for ps in places], width, groups) for s in starts)
    return best / whole


for width in (500, 1000, 2000):
    ratio = {nid: {h["id"]: taken(texts.get(h["id"], ""), word_groups(need), width) for h in need["hits"]}
             for nid, need in data.items()}
    for eta in (0.25, 0.5, 1, 1.5):
        show(f"window {width} η {eta}",
             evaluate(data, judged, lambda nid, _, h: h["score"] * max(1, ratio[nid][h["id"]]) ** eta))
