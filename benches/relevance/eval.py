#!/usr/bin/env python3
"""nDCG@10 of kaigiroku (a server on loopback) and Groonga TokenBigram on the
judged needs. Run through benches/relevance/run, which builds, ingests and
serves. Documents a ranker puts in its top 10 that nobody graded count as 0
and are listed in <work>/unjudged.tsv, to be graded (GRADING.md) and added
to judgments.tsv; the table says how many there were."""
import argparse
import json
import math
import os
import shutil
import subprocess
import sys
import time
import urllib.parse
import urllib.request

HERE = os.path.dirname(os.path.abspath(__file__))
K = 10


def get(url):
    with urllib.request.urlopen(url, timeout=60) as response:
        return response.read(), response.headers


def wait(server):
    deadline = time.time() + 60
    while time.time() < deadline:
        try:
            get(server + "/healthz")
            return
        except OSError:
            time.sleep(0.2)
    sys.exit("the server did not answer within 60 s")


def kaigiroku(server, query, extra):
    url = f"{server}/api/search?facets=false&per_page={K}&q={urllib.parse.quote(query)}{extra}"
    body, _ = get(url)
    return [h["speech_id"] for h in json.loads(body)["hits"]]


def export(server, path):
    """Every speech of the index (id and text) for Groonga, from the export."""
    after, count = None, 0
    with open(path, "w") as out:
        for _ in range(1000):
            url = server + "/api/search.jsonl?limit=10000"
            if after:
                url += "&after=" + urllib.parse.quote(after)
            body, headers = get(url)
            for line in body.decode().splitlines():
                if line.strip():
                    row = json.loads(line)
                    out.write(json.dumps({"_key": row["speech_id"], "text": row["text"]}, ensure_ascii=False) + "\n")
                    count += 1
            after = headers.get("x-next-cursor")
            if not after:
                break
    return count


def groonga_db(server, work):
    db = os.path.join(work, "groonga", "db")
    if os.path.exists(db):
        return db
    docs = os.path.join(work, "docs.jsonl")
    count = export(server, docs)
    os.makedirs(os.path.dirname(db), exist_ok=True)
    commands = os.path.join(work, "groonga", "load.grn")
    with open(commands, "w") as out, open(docs) as rows:
        out.write("table_create Speeches TABLE_HASH_KEY ShortText\n")
        out.write("column_create Speeches text COLUMN_SCALAR LongText\n")
        out.write("load --table Speeches\n[\n")
        for i, row in enumerate(rows):
            out.write(("," if i else "") + row)
        out.write("]\n")
        out.write("table_create Terms TABLE_PAT_KEY ShortText --default_tokenizer TokenBigram --normalizer NormalizerNFKC100\n")
        out.write("column_create Terms speeches_text COLUMN_INDEX|WITH_POSITION Speeches text\n")
    with open(commands) as stdin:
        subprocess.run(["groonga", "-n", db], stdin=stdin, stdout=subprocess.DEVNULL, check=True)
    os.remove(commands)
    print(f"groonga: {count} speeches loaded", file=sys.stderr)
    return db


def groonga(db, queries):
    """Top 10 per query: every word required, Groonga's own score, ties by key."""
    commands = []
    for query in queries:
        words = " ".join('"%s"' % w.replace("\\", "\\\\").replace('"', '\\"') for w in query.split())
        escaped = words.replace("\\", "\\\\").replace('"', '\\"')
        commands.append(
            f'select Speeches --match_columns text --query "{escaped}" '
            f"--output_columns _key,_score --sort_keys -_score,_key --limit {K} --cache no"
        )
    out = subprocess.run(["groonga", db], input="\n".join(commands) + "\n",
                         capture_output=True, text=True, check=True).stdout
    decoder, at, results = json.JSONDecoder(), 0, []
    while at < len(out):
        while at < len(out) and out[at].isspace():
            at += 1
        if at >= len(out):
            break
        value, at = decoder.raw_decode(out, at)
        results.append([row[0] for row in value[1][0][2:]])
    return results


SETS = {"tuning": HERE, "heldout": os.path.join(HERE, "heldout")}


def load(name):
    """A set's needs and its judgments: need id → speech id → grade."""
    folder = SETS[name]
    needs = json.load(open(os.path.join(folder, "needs.json")))
    judged = {}
    path = os.path.join(folder, "judgments.tsv")
    if os.path.exists(path):
        for line in open(path):
            if line.startswith("#") or not line.strip():
                continue
            need, speech, grade = line.split("\t")[:3]
            judged.setdefault(need, {})[speech] = int(grade)
    return needs, judged


def dcg(grades):
    return sum((2 ** g - 1) / math.log2(i + 2) for i, g in enumerate(grades[:K]))


def score(ranked, judged):
    grades = [judged.get(s, 0) for s in ranked[:K]]
    ideal = dcg(sorted(judged.values(), reverse=True))
    return {
        "ndcg": dcg(grades) / ideal if ideal else 0.0,
        "relevant": sum(g >= 1 for g in grades),
        "high": sum(g == 2 for g in grades),
        "unjudged": [s for s in ranked[:K] if s not in judged],
    }


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--server", required=True)
    parser.add_argument("--work", required=True)
    parser.add_argument("--extra", default="", help="added to each kaigiroku search, e.g. '&fold=false'")
    parser.add_argument("--no-groonga", action="store_true")
    parser.add_argument("--set", default="tuning", choices=SETS,
                        help="tuning: the needs every weight was chosen on; heldout: needs no weight was chosen on")
    args = parser.parse_args()
    needs, judged = load(args.set)
    wait(args.server)
    rankers = {"kaigiroku": [kaigiroku(args.server, n["query"], args.extra) for n in needs]}
    if args.no_groonga or not shutil.which("groonga"):
        if not args.no_groonga:
            print("WARNING: groonga not installed: the peer row is skipped", file=sys.stderr)
    else:
        rankers["Groonga TokenBigram"] = groonga(groonga_db(args.server, args.work), [n["query"] for n in needs])
    scores = {name: [score(r, judged.get(n["id"], {})) for r, n in zip(ranked, needs)]
              for name, ranked in rankers.items()}
    names = list(rankers)
    print("| need | user | query | " + " | ".join(f"{n} nDCG@10" for n in names) + " |")
    print("|---|---|---|" + "---|" * len(names))
    for i, need in enumerate(needs):
        cells = " | ".join(f"{scores[n][i]['ndcg']:.3f}" for n in names)
        print(f"| {need['id']} | {need['user']} | {need['query']} | {cells} |")
    print()
    print("| ranker | nDCG@10 | P@10 (grade ≥ 1) | share grade 2 | needs won | unjudged in top 10 |")
    print("|---|---|---|---|---|---|")
    unjudged = []
    for name in names:
        rows = scores[name]
        won = sum(all(rows[i]["ndcg"] > scores[o][i]["ndcg"] + 1e-9 for o in names if o != name)
                  for i in range(len(needs)))
        top = sum(len(r["unjudged"]) for r in rows)
        print(f"| {name} | {sum(r['ndcg'] for r in rows) / len(rows):.3f} "
              f"| {sum(r['relevant'] for r in rows) / (K * len(rows)):.3f} "
              f"| {sum(r['high'] for r in rows) / (K * len(rows)):.3f} | {won} | {top} |")
        unjudged += [(need["id"], s) for need, r in zip(needs, rows) for s in r["unjudged"]]
    if len(names) > 1:
        worse = [(needs[i]["id"], needs[i]["query"], scores[names[0]][i]["ndcg"] - scores[names[1]][i]["ndcg"])
                 for i in range(len(needs))
                 if scores[names[0]][i]["ndcg"] < scores[names[1]][i]["ndcg"] - 0.05]
        print(f"\nneeds where {names[0]} is more than 0.05 below {names[1]}: {len(worse)}")
        for need, query, gap in worse:
            print(f"- {need} {query}: {gap:+.3f}")
    with open(os.path.join(args.work, f"unjudged-{args.set}.tsv" if args.set != "tuning" else "unjudged.tsv"), "w") as out:
        for need, speech in sorted(set(unjudged)):
            out.write(f"{need}\t{speech}\n")


if __name__ == "__main__":
    main()
