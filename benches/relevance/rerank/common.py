"""What every re-ranking simulation shares: each need's top 100 with
`explain` (dump.py writes it), the speeches' text (eval.py's export), the
judgments of both sets, and nDCG@10 per set with the needs more than 0.05
below Groonga. The typed spelling stays first, as the engine ranks it."""
import json
import math
import os
import sys
import unicodedata

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.dirname(HERE))
import eval as ev  # noqa: E402

K = 10
WORK = os.environ.get("WORK", os.path.join(HERE, "..", "..", "..", "target", "relevance"))


def nfkc(text):
    return unicodedata.normalize("NFKC", text)


def load():
    """(needs' tops, speech id → text, need → speech → grade)."""
    data = json.load(open(os.path.join(WORK, "top100.json")))
    texts = {}
    for line in open(os.path.join(WORK, "docs.jsonl")):
        row = json.loads(line)
        texts[row["_key"]] = nfkc(row["text"])
    judged = {}
    for name in ev.SETS:
        judged.update(ev.load(name)[1])
    return data, texts, judged


def word_groups(need):
    """Each query word with the spellings it was folded to."""
    folded = {nfkc(f["word"]): [nfkc(s) for s in f["spellings"]] for f in need["folded"]}
    return [[w] + folded.get(w, []) for w in map(nfkc, need["query"].split())]


def dcg(grades):
    return sum((2 ** g - 1) / math.log2(i + 2) for i, g in enumerate(grades[:K]))


def ndcg(ranked, judged):
    ideal = dcg(sorted(judged.values(), reverse=True))
    return dcg([judged.get(s, 0) for s in ranked[:K]]) / ideal if ideal else 0.0


def evaluate(data, judged, score):
    """nDCG@10 per set and the needs below Groonga, ranking each need's
    top 100 by score(need id, need, hit), the typed spelling first."""
    found = {name: [] for name in ev.SETS}
    below = {name: [] for name in ev.SETS}
    for nid, need in data.items():
        hits = sorted(need["hits"], key=lambda h: (not h["explain"]["as_typed"], -score(nid, need, h)))
        grades = judged.get(nid, {})
        ours, theirs = ndcg([h["id"] for h in hits], grades), ndcg(need["groonga"], grades)
        found[need["set"]].append(ours)
        if ours < theirs - 0.05:
            below[need["set"]].append(f"{nid}{ours - theirs:+.2f}")
    return {name: (sum(v) / len(v), below[name]) for name, v in found.items()}


def show(label, result):
    cells = [f"{name} {mean:.3f} ({len(below)})" for name, (mean, below) in result.items()]
    print(f"{label:40s} " + "  ".join(cells) + "  | " + " ".join(result["heldout"][1]), flush=True)
