#!/usr/bin/env python3
"""How far one grader's figures can be trusted: a second grader graded
blind, by the same GRADING.md, the top 10 of kaigiroku and of Groonga
TokenBigram for 14 needs (`grades.tsv`): the 7 where kaigiroku was more
than 0.05 below Groonga at the time, and 7 drawn at random among the others
(seed 7). Prints how often the two graders agree, and both engines'
nDCG@10 by each grader, the ideal taken from the graded pool of the need.

Where the two differ, a third grader graded blind (`third.tsv`), and the
set's judgments.tsv holds the majority of the three; the first grader's
own grades of those pairs are kept in `first.tsv`, so that "grader 1"
below is the first grader's, and "majority" is the judgments'.

    python3 agreement.py --server http://127.0.0.1:18097 --work ../../../target/relevance
"""
import argparse
import collections
import math
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.dirname(HERE))
from eval import SETS, groonga, groonga_db, kaigiroku, load, wait  # noqa: E402

LOSERS = ["n28", "h01", "h04", "h05", "h10", "h19", "h30"]
CONTROLS = ["n21", "n10", "n26", "n43", "h03", "h06", "h33"]


def dcg(grades):
    return sum((2 ** g - 1) / math.log2(i + 2) for i, g in enumerate(grades[:10]))


def ndcg(ranked, grades, pool):
    ideal = dcg(sorted((grades.get(s, 0) for s in pool), reverse=True))
    return dcg([grades.get(s, 0) for s in ranked]) / ideal if ideal else 0.0


def kappa(pairs):
    """Cohen's kappa with linear weights over grades 0, 1, 2."""
    weight = lambda a, b: 1 - abs(a - b) / 2
    first = collections.Counter(a for a, _ in pairs)
    second = collections.Counter(b for _, b in pairs)
    observed = sum(weight(a, b) for a, b in pairs) / len(pairs)
    expected = sum(weight(i, j) * first[i] * second[j] for i in range(3) for j in range(3)) / len(pairs) ** 2
    return (observed - expected) / (1 - expected)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--server", required=True)
    parser.add_argument("--work", required=True)
    args = parser.parse_args()
    needs, majority = {}, {}
    for name in SETS:
        set_needs, judged = load(name)
        needs.update({n["id"]: n for n in set_needs})
        majority.update(judged)
    first = {need: dict(grades) for need, grades in majority.items()}
    for need, grades in read(os.path.join(HERE, "first.tsv")).items():
        first[need].update(grades)
    second = read(os.path.join(HERE, "grades.tsv"))
    third = read(os.path.join(HERE, "third.tsv"))
    wait(args.server)
    db = groonga_db(args.server, args.work)
    print("| group | need | query | kaigiroku, grader 1 | Groonga, grader 1 | kaigiroku, grader 2 | Groonga, grader 2 "
          "| kaigiroku, majority | Groonga, majority |")
    print("|---|---|---|---|---|---|---|---|---|")
    pairs = collections.defaultdict(list)
    for group, ids in (("below Groonga", LOSERS), ("drawn", CONTROLS)):
        for need in ids:
            query = needs[need]["query"]
            ours = kaigiroku(args.server, query, "")
            theirs = groonga(db, [query])[0]
            pool = set(ours) | set(theirs)
            pairs[group] += [(first[need][s], second[need][s]) for s in pool
                             if s in first.get(need, {}) and s in second[need]]
            cells = [ndcg(r, g, pool) for g in (first[need], second[need], majority[need]) for r in (ours, theirs)]
            print(f"| {group} | {need} | {query} | " + " | ".join(f"{c:.3f}" for c in cells) + " |")
    print()
    for group, graded in pairs.items():
        same = sum(a == b for a, b in graded) / len(graded)
        print(f"{group}: {len(graded)} speeches graded twice, same grade {same:.3f}, "
              f"linear-weighted kappa {kappa(graded):.3f}")
    sides = collections.Counter(
        "grader 1" if grade == first[need][speech] else "grader 2" if grade == second[need][speech] else "neither"
        for need, grades in third.items() for speech, grade in grades.items())
    print(f"third grader, on the {sum(sides.values())} speeches the first two graded differently: "
          + ", ".join(f"with {who} {n}" for who, n in sorted(sides.items())))


def read(path):
    """need → speech → grade, from a grades file."""
    grades = collections.defaultdict(dict)
    for line in open(path):
        if line.startswith("#") or not line.strip():
            continue
        need, speech, grade = line.rstrip("\n").split("\t")[:3]
        grades[need][speech] = int(grade)
    return grades


if __name__ == "__main__":
    main()
