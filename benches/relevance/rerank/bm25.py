#!/usr/bin/env python3
"""BM25 with other k1, b, average length and length prior: each hit's text
score re-computed from the leaves of its `explain` tree (term frequency,
field length, average length, idf), every other prior kept. k1 1.2, b 0.75,
×1 and 200 give the engine's own ranking."""
import itertools
import re

from common import evaluate, load, show


def rescore(node, k1, b, scale):
    description, details = node.get("description", ""), node.get("details", [])
    if description.startswith("TermQuery"):
        idf = next(d for d in details if d["description"].startswith("idf"))["value"]
        norm = next(d for d in details if d["description"].startswith("freq /"))
        parts = {d["description"].split(",")[0]: d["value"] for d in norm["details"]}
        tf, length, average = parts["freq"], parts["dl"], parts["avgdl"] * scale
        return (k1 + 1) * idf * tf / (tf + k1 * (1 - b + b * length / average))
    children = [rescore(d, k1, b, scale) for d in details]
    if description.startswith(("BooleanClause", "Phrase Scorer")):
        return sum(children)
    boost = re.match(r"Boost x([\d.]+)", description)
    if boost:
        return float(boost.group(1)) * sum(children)
    return node["value"]


def scorer(k1, b, scale, half):
    def score(_, __, hit):
        e = hit["explain"]
        prior = e["length"] / (e["length"] + half) * e["title_factor"] * e["role_factor"] * e["passage_factor"]
        return rescore(e["text_parts"], k1, b, scale) * prior
    return score


data, _, judged = load()
for k1, b, scale, half in itertools.product([1.2, 2, 3, 4, 6, 10], [0.5, 0.6, 0.75, 0.9], [1, 2, 4], [100, 200, 400, 800]):
    show(f"k1 {k1} b {b} average ×{scale} half {half}", evaluate(data, judged, scorer(k1, b, scale, half)))
