#!/usr/bin/env python3
"""A topic from the corpus itself: the cosine between a hit's tf-idf vector
(kanji and katakana bigrams) and the centroid of the vectors of the top
100, or of every speech holding a word (up to 3,000); the whole speech or
the text within W characters of the words; the query's own bigrams in or
out. Score × (1 + λ · cos / max cos)."""
import collections
import itertools
import math
import re

from common import evaluate, load, show, word_groups

RUN = re.compile(r"[\u4e00-\u9fff\u3005\u30a0-\u30ffA-Za-z0-9]+")


def grams(text):
    out = []
    for run in RUN.finditer(text):
        t = run.group()
        out.extend([t] if len(t) == 1 else (t[i:i + 2] for i in range(len(t) - 1)))
    return out


def around(text, words, width):
    if width == 0:
        return text
    spans = sorted((max(0, m.start() - width), m.end() + width)
                   for w in words for m in re.finditer(re.escape(w), text))
    return "\n".join(text[a:b] for a, b in spans)


def vector(text, idf, leave_out):
    counts = collections.Counter(g for g in grams(text) if g not in leave_out)
    v = {g: (1 + math.log(n)) * idf(g) for g, n in counts.items()}
    norm = math.sqrt(sum(x * x for x in v.values())) or 1
    return {g: x / norm for g, x in v.items()}


def centroid(vectors):
    total = collections.defaultdict(float)
    for v in vectors:
        for g, x in v.items():
            total[g] += x
    norm = math.sqrt(sum(x * x for x in total.values())) or 1
    return {g: x / norm for g, x in total.items()}


def cosine(a, b):
    if len(a) > len(b):
        a, b = b, a
    return sum(x * b.get(g, 0) for g, x in a.items())


data, texts, judged = load()
df = collections.Counter()
for text in texts.values():
    df.update(set(grams(text)))
idf = lambda g: math.log(len(texts) / (1 + df.get(g, 0)))  # noqa: E731
for width, source, leave in itertools.product([0, 150], ["top", "corpus"], [False, True]):
    cosines = {}
    for nid, need in data.items():
        words = [w for group in word_groups(need) for w in group]
        leave_out = {g for w in words for g in grams(w)} if leave else set()
        of = lambda sid: vector(around(texts.get(sid, ""), words, width), idf, leave_out)  # noqa: E731
        hits = {h["id"]: of(h["id"]) for h in need["hits"]}
        pool = hits.values() if source == "top" else \
            [of(sid) for sid in [k for k, t in texts.items() if any(w in t for w in words)][:3000]]
        c = centroid(pool)
        cosines[nid] = {sid: cosine(v, c) for sid, v in hits.items()}
    for weight in (0.25, 0.5, 1, 2):
        def score(nid, _, hit):
            top = max(cosines[nid].values()) or 1
            return hit["score"] * (1 + weight * cosines[nid][hit["id"]] / top)
        show(f"±{width} {source} query bigrams {'out' if leave else 'in'} λ {weight}", evaluate(data, judged, score))
