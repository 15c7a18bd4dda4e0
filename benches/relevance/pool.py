#!/usr/bin/env python3
"""Blind grading packets for the speeches of a set that nobody graded yet.

Reads (need, speech) pairs, one per line, tab-separated (the unjudged.tsv
files eval.py writes; several may be given), drops those already in the
set's judgments.tsv (unless --regrade), and writes <out>/packet-K.md: each need as GRADING.md
describes it (user, query, need, relevant), then its speeches in a shuffled
order with speaker, date, meeting and full text. A packet says nothing of
which ranker found a speech or at what rank. A grader answers in
<out>/grades-K.tsv: need, speech id, grade, reason."""
import argparse
import json
import os
import random
import sys
import urllib.request

from eval import SETS, load


def fetch(server, path):
    with urllib.request.urlopen(server + path, timeout=60) as response:
        return json.loads(response.read())


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--server", required=True)
    parser.add_argument("--set", default="tuning", choices=SETS)
    parser.add_argument("--out", required=True)
    parser.add_argument("--packets", type=int, default=1)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--regrade", action="store_true",
                        help="keep pairs already judged (for a second grader, or a third where two disagree)")
    parser.add_argument("pairs", nargs="+", help="files of need<TAB>speech lines")
    args = parser.parse_args()
    needs, judged = load(args.set)
    by_id = {n["id"]: n for n in needs}
    wanted = {}
    for path in args.pairs:
        for line in open(path):
            parts = line.rstrip("\n").split("\t")
            if len(parts) >= 2 and parts[0] in by_id and (
                    args.regrade or parts[1] not in judged.get(parts[0], {})):
                wanted.setdefault(parts[0], set()).add(parts[1])
    rng = random.Random(args.seed)
    order = sorted(wanted)
    # Whole needs per packet, packets of about the same number of speeches.
    packets = [[] for _ in range(args.packets)]
    for need in sorted(order, key=lambda n: -len(wanted[n])):
        min(packets, key=lambda p: sum(len(wanted[n]) for n in p)).append(need)
    os.makedirs(args.out, exist_ok=True)
    meetings = {}
    for k, packet in enumerate(packets, 1):
        lines = [f"# Grading packet {k}", "",
                 "Grade each speech 0, 1 or 2 for its need, by GRADING.md. Answer one line per speech in",
                 f"grades-{k}.tsv: need id, speech id, grade, a short reason (tab-separated).", ""]
        for need_id in sorted(packet):
            need = by_id[need_id]
            lines += [f"## Need {need_id} ({need['user']})", "",
                      f"- query: {need['query']}", f"- need: {need['need']}",
                      f"- relevant: {need['relevant']}", ""]
            speeches = sorted(wanted[need_id])
            rng.shuffle(speeches)
            for speech_id in speeches:
                speech = fetch(args.server, f"/api/speeches/{speech_id}")
                meeting_id = speech["meeting_id"]
                if meeting_id not in meetings:
                    meetings[meeting_id] = fetch(args.server, f"/api/meetings/{meeting_id}")
                meeting = meetings[meeting_id]
                item = next((a["title"] for a in meeting.get("agenda", [])
                             if a["label"] == speech.get("agenda")), "")
                lines += [f"### {need_id} / {speech_id}", "",
                          f"{speech['speaker']['label']} · {meeting.get('date')} · {meeting.get('title')}"
                          + (f" · 議題: {item}" if item else ""), "", speech["text"], ""]
        with open(os.path.join(args.out, f"packet-{k}.md"), "w") as out:
            out.write("\n".join(lines))
        print(f"packet-{k}.md: {len(packet)} needs, {sum(len(wanted[n]) for n in packet)} speeches", file=sys.stderr)


if __name__ == "__main__":
    main()
