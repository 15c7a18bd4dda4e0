#!/usr/bin/env python3
"""A learned re-ranker: gradient-boosted trees and ridge regression on the
gain of one set's judged pairs, over 19 features of each hit, mixed with
its rank, tested on the other set. Needs numpy and scikit-learn."""
import math

import numpy as np
from sklearn.ensemble import GradientBoostingRegressor
from sklearn.linear_model import Ridge

from common import evaluate, load, show, word_groups

CATEGORIES = ["member", "staff", "chair", "executive"]
data, texts, judged = load()


def features(need, hit, rank):
    e, text = hit["explain"], texts.get(hit["id"], "")
    length = max(len(text), 1)
    groups = word_groups(need)
    counts = [sum(text.count(w) for w in g) for g in groups]
    firsts = [min([text.find(w) for w in g if w in text] or [length]) for g in groups]
    top = need["hits"][0]["explain"]["text"] or 1
    return [math.log(e["text"] + 1e-3), math.log(e["score"] + 1e-3), math.log(length), math.log1p(min(counts)),
            math.log1p(sum(counts)), min(counts) / length * 1000, e["title_share"], float(e["by_chair"]),
            e["passage"], float(e["as_typed"]), max(firsts) / length, e["text"] / top,
            float(hit["body"] == "本会議"), float(hit["body"] in ("予算特別委員会", "決算特別委員会"))] \
        + [float(hit["category"] == c) for c in CATEGORIES] + [math.log(rank + 1)]


rows = {nid: {h["id"]: (features(need, h, i), i) for i, h in enumerate(need["hits"])} for nid, need in data.items()}


def fit(model, name):
    xs, ys = [], []
    for nid, need in data.items():
        if need["set"] == name:
            for sid, grade in judged.get(nid, {}).items():
                if sid in rows[nid]:
                    xs.append(rows[nid][sid][0])
                    ys.append(2 ** grade - 1)
    return model.fit(np.array(xs), np.array(ys))


MODELS = {
    "trees depth 2": lambda: GradientBoostingRegressor(max_depth=2, n_estimators=100, learning_rate=0.05,
                                                      subsample=0.8, random_state=0),
    "trees depth 3": lambda: GradientBoostingRegressor(max_depth=3, n_estimators=200, learning_rate=0.05,
                                                      subsample=0.8, random_state=0),
    "ridge": lambda: Ridge(alpha=1.0),
}
for label, make in MODELS.items():
    for trained_on in ("tuning", "heldout"):
        model = fit(make(), trained_on)
        predicted = {nid: dict(zip(r, model.predict(np.array([f for f, _ in r.values()])))) for nid, r in rows.items() if r}
        for mix in (0, 0.5, 1, 2):
            def score(nid, need, hit):
                return predicted[nid][hit["id"]] + mix * (1 - rows[nid][hit["id"]][1] / len(need["hits"]))
            show(f"{label}, trained on {trained_on}, rank ×{mix}", evaluate(data, judged, score))
