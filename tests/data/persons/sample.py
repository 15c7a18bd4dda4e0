#!/usr/bin/env python3
"""Draws the (label, meeting) pairs of the person gold set from ../shared/corpus.

Independent of kaigiroku's parser: labels as the sources print them. Run from
the repository root: python3 tests/data/persons/sample.py > tests/data/persons/pairs.tsv
Columns: corpus file, date, meeting title, label as printed.
"""
import glob, json, random, re, os, sys

CORPUS = os.path.join(os.path.dirname(__file__), "../../../../shared/corpus")
rng = random.Random(20261206)
rows = []

def shinagawa(year, n_surname, n_full):
    pool_s, pool_f = set(), set()
    for fn in sorted(glob.glob(f"{CORPUS}/shinagawa/{year}/*.js")):
        s = open(fn, encoding="utf-8").read()
        j = json.loads(s[s.index("(") + 1 : s.rindex(")")])
        rel = os.path.relpath(fn, CORPUS)
        for v in j["voices"]:
            label = v["speaker"].strip()
            if not label:
                continue
            row = (rel, j["dateIso"], j["title"], label)
            (pool_f if "（" in label or label.endswith("君") else pool_s).add(row)
    rows.extend(rng.sample(sorted(pool_s), n_surname))
    rows.extend(rng.sample(sorted(pool_f), n_full))

def tokyo(n):
    pool = set()
    for fn in sorted(glob.glob(f"{CORPUS}/tokyo-poliinfo2/**/*.json", recursive=True)):
        rel = os.path.relpath(fn, CORPUS)
        for m in json.load(open(fn, encoding="utf-8")):
            parts = [x for x in re.split(r"\D+", m["Date"]) if x]
            if len(parts) != 3:
                continue
            date = "-".join(f"{int(x):02d}" for x in parts)
            for p in m["Proceeding"]:
                if p["Speaker"] and p["Speaker"] != "null":
                    pool.add((rel, date, m["ProceedingTitle"], p["Speaker"].strip()))
    rows.extend(rng.sample(sorted(pool), n))

def kokkai(n):
    pool = set()
    for fn in sorted(glob.glob(f"{CORPUS}/kokkai/*.json")):
        rel = os.path.relpath(fn, CORPUS)
        for r in json.load(open(fn, encoding="utf-8"))["speechRecord"]:
            if r["speechOrder"] > 0:
                pool.add((rel, r["date"], r["nameOfHouse"] + r["nameOfMeeting"], r["speaker"]))
    rows.extend(rng.sample(sorted(pool), min(n, len(pool))))

shinagawa("h13", 50, 20)
shinagawa("h20", 55, 20)
shinagawa("r05", 65, 25)
tokyo(70)
kokkai(20)
for row in rows:
    print("\t".join(row))
