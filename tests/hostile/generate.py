#!/usr/bin/env python3
"""Hostile input for `kaigiroku ingest`, built from the real minutes.

    python3 tests/hostile/generate.py OUT_DIR [--corpus DIR] [--seed N]
                                              [--exclude KIND]...

Writes, deterministically for a seed (standard library only):

- OUT_DIR/input/    the batch to ingest: real files truncated, re-encoded,
                    blown up, nested, emptied, with bad JSON Lines lines,
                    odd names, unreadable entries, symlink loops, a FIFO,
                    and untouched good files mixed in;
- OUT_DIR/oracle/   exactly the good records that must be in the index after
                    ingesting input/: the same relative paths (a meeting id
                    may come from the folder and file name), holding the
                    good file, or the JSON Lines file without its bad lines,
                    or the UTF-8 text of a re-encoded file;
- OUT_DIR/manifest.json
                    {"root": bool, "seed": N, "cases": [{"name", "kind",
                    "match", "expect", "bad_lines"?, "path", "note"?}]}.
                    `match` is ASCII and unique to the case's path (the case
                    name is part of it), for finding it in the ingest's
                    stderr; `expect` is "indexed", "skipped", "partial" (with
                    `bad_lines`, 1-based) or "any"; `path` is the input path
                    relative to OUT_DIR, non-ASCII bytes escaped.

Meeting ids never repeat across cases: every derived file has its ids
rewritten (or takes them from its own path), so a truncated copy that still
parses cannot replace a good file's meetings. As root, chmod 000 does not
make a file unreadable: those cases are "any" then ("root": true).

Input/ holds entries that are hostile to the tools around the test too: a
folder and a file with mode 000 (restore with `chmod -R u+rwX` before
deleting), symlink loops, a FIFO. `--exclude KIND` leaves a kind out.
"""

import argparse
import json
import os
import random
import re
import shutil
import sys
import time
from pathlib import Path

BOM = b"\xef\xbb\xbf"
MB = 1 << 20
# decode.rs looks for NUL bytes in this many first bytes.
NUL_WINDOW = 8192
# lib.rs reads a JSON Lines file over this size in pieces of about this size.
JSONL_PIECE = 1 << 20
EXTENSIONS = ["txt", "jsonl", "js", "json", "html", "htm", "xml", "text"]


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("out", type=Path, help="folder to write input/, oracle/ and manifest.json into")
    default_corpus = Path(__file__).resolve().parents[2] / ".." / "shared" / "corpus"
    parser.add_argument("--corpus", type=Path, default=default_corpus)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--exclude", action="append", default=[], metavar="KIND",
                        help="leave out the cases of this kind (repeatable)")
    args = parser.parse_args()
    started = time.monotonic()
    corpus = Corpus(args.corpus.resolve())
    batch = Batch(args.out, random.Random(args.seed), set(args.exclude))
    build(batch, corpus)
    batch.finish(args.seed)
    counts = {}
    for case in batch.cases:
        counts[case["expect"]] = counts.get(case["expect"], 0) + 1
    print(
        f"{len(batch.cases)} cases ({', '.join(f'{n} {e}' for e, n in sorted(counts.items()))}), "
        f"{batch.written / 1e6:.1f} MB written in {time.monotonic() - started:.1f} s to {args.out}"
    )


# ---------------------------------------------------------------- the corpus


def read_bytes(path):
    return path.read_bytes()


def read_text(path):
    return path.read_text(encoding="utf-8")


class Corpus:
    """The real minutes under ../shared/corpus, read on demand."""

    def __init__(self, root):
        if not (root / "shinagawa").is_dir():
            sys.exit(f"generate.py: no corpus at {root} (give --corpus DIR)")
        self.root = root
        self.shinagawa = sorted(root.glob("shinagawa/*/*.js"))
        self.tokyo = sorted(root.glob("tokyo-poliinfo2/*/*/*.json"))
        self.html = sorted(root.glob("html/*.html"))
        self.text = sorted(root.glob("text/*.txt"))
        self.seed = sorted(root.glob("seed/*.txt"))
        self.discussnet = sorted(p.parent for p in root.glob("discussnet-ssp/*/minute.json"))
        self.kokkai_xml = sorted(root.glob("kokkai/*.xml"))
        self.kokkai_json = sorted(root.glob("kokkai/*.json"))
        for name in ["tokyo", "html", "text", "seed", "discussnet", "kokkai_xml", "kokkai_json"]:
            if not getattr(self, name):
                sys.exit(f"generate.py: the corpus at {root} has no {name} files")
        # Small shinagawa files for the many derived cases, the rest for bulk.
        sized = sorted(self.shinagawa, key=lambda p: (p.stat().st_size, p))
        self.shinagawa_small = sorted(sized[: len(sized) // 3])
        self.shinagawa_medium = sorted(sized[len(sized) // 3: 2 * len(sized) // 3])
        self._tokyo_records = None

    def tokyo_records(self):
        """Meetings of the smaller PoliInfo files, each with its size."""
        if self._tokyo_records is None:
            records = []
            for path in self.tokyo:
                if path.stat().st_size > 1_200_000:
                    continue
                for record in json.loads(read_text(path)):
                    size = len(json.dumps(record, ensure_ascii=False).encode())
                    records.append((record, size))
            self._tokyo_records = records
        return self._tokyo_records

    def shinagawa_record(self, path):
        """The JSON object inside a 品川区 file's registerMinutes( … )."""
        text = read_text(path)
        start = text.index("registerMinutes(") + len("registerMinutes(")
        return json.loads(text[start: text.rindex(")")])

    def utterances(self):
        """Real speeches of the PoliInfo files (speaker, text)."""
        return [
            (u["Speaker"], u["Utterance"])
            for record, _ in self.tokyo_records()
            for u in record["Proceeding"]
            if u["Speaker"] != "null" and u["Utterance"].strip()
        ]


# ------------------------------------------------------------- ids rewritten


def rewrite_shinagawa(text, prefix):
    marker = 'registerMinutes({"id":"'
    if marker not in text:
        raise ValueError("a shinagawa file without registerMinutes({\"id\":")
    return text.replace(marker, marker + prefix + "-", 1)


def rewrite_tokyo(text, prefix):
    # tokyo-{path after /record/}: the URL makes the id.
    return text.replace("/record/", f"/record/{prefix}-")


def rewrite_kokkai(text, prefix):
    return re.sub(r'(<issueID>|"issueID"\s*:\s*")', lambda m: m.group(1) + prefix + "-", text)


def rewrite_discussnet_metadata(text, prefix):
    metadata = json.loads(text)
    metadata["tenantSlug"] = f"{prefix}-{metadata.get('tenantSlug', '')}"
    return json.dumps(metadata, ensure_ascii=False, indent=2) + "\n"


# ------------------------------------------------------ decoding as decode.rs


def normalize_newlines(text):
    return text.replace("\r\n", "\n").replace("\r", "\n")


def decode_sjis(data):
    """encoding_rs's Shift_JIS (WHATWG): Python's cp932 but for the single
    bytes 0xA0 and 0xFD–0xFF, which cp932 maps to U+F8F0–U+F8F3."""
    try:
        text = data.decode("cp932")
    except UnicodeDecodeError:
        return None
    if any("\uf8f0" <= c <= "\uf8f3" for c in text):
        return None
    return text


def decode_eucjp(data):
    """encoding_rs's EUC-JP (WHATWG): JIS X 0208 pairs through the same index
    as Shift_JIS, 0x8E half-width katakana, 0x8F JIS X 0212 triples."""
    out = []
    i, n = 0, len(data)
    while i < n:
        b = data[i]
        if b < 0x80:
            out.append(chr(b))
            i += 1
            continue
        t = data[i + 1] if i + 1 < n else -1
        if b == 0x8E and 0xA1 <= t <= 0xDF:
            out.append(chr(0xFF61 + t - 0xA1))
            i += 2
        elif b == 0x8F and 0xA1 <= t <= 0xFE and i + 2 < n and 0xA1 <= data[i + 2] <= 0xFE:
            try:
                out.append(data[i: i + 3].decode("euc_jp"))
            except UnicodeDecodeError:
                return None
            i += 3
        elif 0xA1 <= b <= 0xFE and 0xA1 <= t <= 0xFE:
            pointer = (b - 0xA1) * 94 + (t - 0xA1)
            lead, trail = divmod(pointer, 188)
            lead += 0x81 if lead < 0x1F else 0xC1
            trail += 0x40 if trail < 0x3F else 0x41
            try:
                out.append(bytes([lead, trail]).decode("cp932"))
            except UnicodeDecodeError:
                return None
            i += 2
        else:
            return None
    return "".join(out)


def implausible(text):
    return sum(1 for c in text if "\uff61" <= c <= "\uff9f" or "\ue000" <= c <= "\uf8ff")


def predict_decode(data):
    """The text decode.rs makes of `data`, or None when it refuses it."""
    if not data:
        return None
    if data.startswith(BOM):
        try:
            return normalize_newlines(data[3:].decode("utf-8"))
        except UnicodeDecodeError:
            return None
    if 0 in data[:NUL_WINDOW]:
        return None
    try:
        return normalize_newlines(data.decode("utf-8"))
    except UnicodeDecodeError:
        pass
    readings = [t for t in (decode_sjis(data), decode_eucjp(data)) if t is not None]
    if not readings:
        return None
    return normalize_newlines(min(readings, key=implausible))


def encode_ja(text, codec):
    """`text` in Shift_JIS or EUC-JP (unencodable characters as '?') and the
    text kaigiroku decodes from those bytes."""
    data = text.encode(codec, errors="replace")
    decoded = predict_decode(data)
    if decoded is None:
        raise ValueError(f"{codec} bytes that decode.rs would refuse")
    return data, decoded


# ------------------------------------------------------------- the batch


def ascii_path(rel):
    raw = rel if isinstance(rel, bytes) else os.fsencode(rel)
    return raw.decode("ascii", "backslashreplace")


class Batch:
    """The files written and the cases listed in the manifest."""

    def __init__(self, out, rng, exclude):
        self.out = out
        self.rng = rng
        self.exclude = exclude
        self.cases = []
        self.number = 0
        self.written = 0
        self.locked = []
        for entry in ["input", "oracle"]:
            remove_tree(out / entry)
        (out / "manifest.json").unlink(missing_ok=True)
        (out / "input").mkdir(parents=True)
        (out / "oracle").mkdir(parents=True)
        self.root = os.geteuid() == 0

    def name(self, kind):
        """A new case name; the number keeps it unique and makes it the
        match (no name is a substring of another's path)."""
        self.number += 1
        return f"c{self.number:04d}-{kind}"

    def wanted(self, kind):
        return kind not in self.exclude

    def write(self, rel, data, oracle=None):
        """Writes input/rel and, when given, oracle/rel (bytes or str)."""
        for tree, content in [("input", data), ("oracle", oracle)]:
            if content is None:
                continue
            if isinstance(content, str):
                content = content.encode("utf-8")
            path = os.path.join(os.fsencode(self.out / tree), os.fsencode(rel))
            os.makedirs(os.path.dirname(path), exist_ok=True)
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644)
            with os.fdopen(fd, "wb") as f:
                f.write(content)
            self.written += len(content)

    def case(self, name, kind, expect, path, bad_lines=None, note=None):
        assert expect in ("indexed", "skipped", "partial", "any")
        case = {"name": name, "kind": kind, "match": name, "expect": expect}
        if expect == "partial":
            case["bad_lines"] = sorted(bad_lines)
        case["path"] = "input/" + ascii_path(path)
        if note:
            case["note"] = note
        self.cases.append(case)

    def flat(self, name, ext):
        """A flat case's path: one shared folder, so that its meeting id
        (folder + file name) is the same under input/ and oracle/."""
        return f"h/{name}.{ext}"

    def lock(self, rel):
        """chmod 000 at the end (a locked folder cannot be written into)."""
        self.locked.append(rel)

    def readable_when_locked(self):
        """Whether chmod 000 fails to lock us out (root, capabilities)."""
        probe = self.out / ".probe-locked"
        probe.write_bytes(b"x")
        probe.chmod(0)
        try:
            probe.read_bytes()
            return True
        except PermissionError:
            return False
        finally:
            probe.chmod(0o644)
            probe.unlink()

    def finish(self, seed):
        for rel in self.locked:
            os.chmod(self.out / "input" / rel, 0)
        manifest = {"root": self.root, "seed": seed, "cases": self.cases}
        with open(self.out / "manifest.json", "w", encoding="utf-8") as f:
            json.dump(manifest, f, ensure_ascii=True, indent=1)
            f.write("\n")


def remove_tree(path):
    """rmtree that first gives back the modes a previous run took away."""
    if not os.path.lexists(path):
        return
    if path.is_symlink() or not path.is_dir():
        path.unlink()
        return
    for dirpath, dirnames, _ in os.walk(path, followlinks=False):
        for d in dirnames:
            full = os.path.join(dirpath, d)
            if not os.path.islink(full):
                os.chmod(full, 0o755)
    for dirpath, _, filenames in os.walk(path, followlinks=False):
        for f in filenames:
            full = os.path.join(dirpath, f)
            if not os.path.islink(full):
                os.chmod(full, 0o644)
    shutil.rmtree(path)


# ------------------------------------------------------- sources for a case


class Sources:
    """Real files, handed out in a seeded order."""

    def __init__(self, corpus, rng):
        self.corpus = corpus
        self.rng = rng
        self.small = list(corpus.shinagawa_small)
        rng.shuffle(self.small)
        self.medium = list(corpus.shinagawa_medium)
        rng.shuffle(self.medium)
        records = [r for r, size in corpus.tokyo_records() if size < 80_000]
        self.tokyo = records

    def shinagawa(self, medium=False):
        pool = self.medium if medium else self.small
        if not pool:
            pool.extend(self.corpus.shinagawa_small if not medium else self.corpus.shinagawa_medium)
            self.rng.shuffle(pool)
        return pool.pop()

    def tokyo_excerpt(self, prefix, count=None):
        """A PoliInfo file of one or two real meetings, ids rewritten."""
        count = count or self.rng.randint(1, 2)
        records = self.rng.sample(self.tokyo, count)
        return rewrite_tokyo(json.dumps(records, ensure_ascii=False, indent=4) + "\n", prefix)

    def smaller(self, paths, min_size=0):
        """One of `paths` of at least `min_size` bytes, the smallest three
        times in four (the batch stays small)."""
        paths = [p for p in paths if p.stat().st_size >= min_size] or paths
        if self.rng.random() < 0.25:
            return self.rng.choice(paths)
        return min(paths, key=lambda p: (p.stat().st_size, p))

    def text_of(self, source, prefix, min_size=0):
        """(text, extension) of a real file of a source kind, ids rewritten,
        of at least `min_size` bytes where the corpus has one. `source` is
        one of: shinagawa, tokyo, html, text, seed, kokkai-xml, kokkai-json."""
        c = self.corpus
        if source == "shinagawa":
            return rewrite_shinagawa(read_text(self.shinagawa(medium=min_size > 0)), prefix), "js"
        if source == "tokyo":
            for _ in range(20):
                text = self.tokyo_excerpt(prefix)
                if len(text.encode()) >= min_size:
                    break
            return text, "json"
        if source == "html":
            return read_text(self.smaller(c.html, min_size)), self.rng.choice(["html", "htm"])
        if source == "text":
            return read_text(self.smaller(c.text, min_size)), self.rng.choice(["txt", "text"])
        if source == "seed":
            return read_text(c.seed[0]), "txt"
        if source == "kokkai-xml":
            return rewrite_kokkai(read_text(self.smaller(c.kokkai_xml, min_size)), prefix), "xml"
        if source == "kokkai-json":
            return rewrite_kokkai(read_text(self.rng.choice(c.kokkai_json)), prefix), "json"
        raise ValueError(source)


STRICT_SOURCES = ["shinagawa", "tokyo", "kokkai-xml", "kokkai-json"]
LENIENT_SOURCES = ["html", "text", "seed"]
ALL_SOURCES = STRICT_SOURCES + LENIENT_SOURCES


def strict_limit(data, source):
    """Cutting a strict format's bytes anywhere before this offset leaves it
    unparsable: the top-level JSON value or the XML root is never closed."""
    if source == "kokkai-xml":
        return data.rindex(b">")
    if source == "shinagawa":
        return data.rindex(b"}")
    return max(data.rindex(b"}"), data.rindex(b"]"))


def payload(data, source):
    """The byte range of a strict format's JSON value or XML root: a NUL
    anywhere in it makes the file unparsable."""
    if source == "kokkai-xml":
        start = data.index(b"<")
    elif source == "shinagawa":
        start = data.index(b"registerMinutes(") + len(b"registerMinutes(")
    else:
        start = min(i for i in (data.find(b"["), data.find(b"{")) if i >= 0)
    return start + 1, strict_limit(data, source)


# ------------------------------------------------------------- the cases


def build(batch, corpus):
    sources = Sources(corpus, batch.rng)
    for group in [good, truncated, encodings, big, deep, empty, jsonl_cases, discussnet_cases,
                  file_system]:
        group(batch, corpus, sources)
    # More random truncations until the batch is large enough.
    while len(batch.cases) < 230 and batch.wanted("truncated-js"):
        truncate_strict(batch, sources, "shinagawa", 1)


def good(batch, corpus, sources):
    """Untouched real files, their ids as published."""
    kind = "good"
    if not batch.wanted(kind):
        return
    files = [(sources.shinagawa(medium=True), "js") for _ in range(3)]
    files += [(sources.shinagawa(), "js") for _ in range(7)]
    olympic = [p for p in corpus.tokyo if p.name.endswith("olympic2020.json")]
    files += [(p, "json") for p in olympic[:1]]
    files += [(corpus.html[-1], "html"), (corpus.text[0], "txt"), (corpus.seed[0], "txt")]
    files += [(corpus.kokkai_xml[-1], "xml"), (corpus.kokkai_json[0], "json")]
    for path, ext in files:
        name = batch.name(kind)
        rel = batch.flat(name, ext)
        data = read_bytes(path)
        batch.write(rel, data, data)
        batch.case(name, kind, "indexed", rel, note=f"untouched {path.relative_to(corpus.root)}")
    # A DiscussNet folder: minute.json read with its metadata.json.
    folder = corpus.discussnet[-1]
    name = batch.name(kind)
    for file in ["minute.json", "metadata.json", "schedules.json"]:
        data = read_bytes(folder / file)
        batch.write(f"{name}/{file}", data, data)
    batch.case(name, kind, "indexed", f"{name}/minute.json",
               note=f"untouched {folder.relative_to(corpus.root)}/")


def cut_points(rng, limit, count):
    """`count` offsets in [0, limit): one byte short, and random ones."""
    points = {max(limit - 1, 0)}
    while len(points) < min(count, limit):
        points.add(rng.randrange(1, limit) if rng.random() > 0.05 else 0)
    return sorted(points)


def truncate_strict(batch, sources, source, count):
    kind = "truncated-xml" if source == "kokkai-xml" else (
        "truncated-js" if source == "shinagawa" else "truncated-json")
    if not batch.wanted(kind):
        return
    first = batch.number + 1
    text, ext = sources.text_of(source, f"c{first:04d}")
    data = text.encode("utf-8")
    for cut in cut_points(batch.rng, strict_limit(data, source), count):
        name = batch.name(kind)
        rel = batch.flat(name, ext)
        batch.write(rel, data[:cut])
        batch.case(name, kind, "skipped", rel, note=f"{source} cut at byte {cut} of {len(data)}")


def truncate_lenient(batch, sources, source, count):
    kind = "truncated-html" if source == "html" else "truncated-text"
    if not batch.wanted(kind):
        return
    text, ext = sources.text_of(source, "")
    data = text.encode("utf-8")
    for cut in cut_points(batch.rng, len(data), count):
        name = batch.name(kind)
        rel = batch.flat(name, ext)
        batch.write(rel, data[:cut])
        # Its meeting id comes from its own name: it cannot replace another's.
        batch.case(name, kind, "any", rel, note=f"{source} cut at byte {cut} of {len(data)}")


def truncated(batch, corpus, sources):
    for _ in range(6):
        truncate_strict(batch, sources, "tokyo", 3)
    truncate_strict(batch, sources, "kokkai-json", 6)
    for _ in range(2):
        truncate_strict(batch, sources, "kokkai-xml", 6)
    for _ in range(18):
        truncate_strict(batch, sources, "shinagawa", 1)
    for _ in range(4):
        truncate_lenient(batch, sources, "html", 3)
    for _ in range(4):
        truncate_lenient(batch, sources, "text", 3)
    truncate_lenient(batch, sources, "seed", 4)


def derived(batch, sources, kind, source, make, expect=None, note=None, min_size=0):
    """One case from a real file's text: `make(text, source)` gives the input
    bytes; the expectation is what decode.rs does with them, unless given."""
    if not batch.wanted(kind):
        return
    name = batch.name(kind)
    text, ext = sources.text_of(source, name, min_size)
    data = make(text, source)
    rel = batch.flat(name, ext)
    decoded = predict_decode(data)
    oracle = None
    if expect is None:
        expect = "skipped" if decoded is None else "any"
    if expect == "indexed":
        assert decoded is not None, (name, "expected indexed but undecodable")
        oracle = decoded
    batch.write(rel, data, oracle)
    batch.case(name, kind, expect, rel, note=note or f"from {source}")


def insert_at(rng, data, piece, lo=0, hi=None):
    """`piece` inserted at a character boundary between lo and hi."""
    hi = len(data) if hi is None else min(hi, len(data))
    if lo >= hi:
        raise ValueError(f"nowhere to insert between {lo} and {hi}")
    at = rng.randrange(lo, hi)
    while at < len(data) and 0x80 <= data[at] < 0xC0:
        at += 1
    return data[:at] + piece + data[at:]


def encodings(batch, corpus, sources):
    rng = batch.rng
    utf8 = lambda t: t.encode("utf-8")
    for source in ["text", "seed", "html", "shinagawa", "shinagawa", "tokyo", "kokkai-xml", "kokkai-json"]:
        derived(batch, sources, "shift-jis", source, lambda t, _: encode_ja(t, "cp932")[0], "indexed")
    for source in ["text", "html", "shinagawa", "tokyo", "kokkai-xml", "seed"]:
        derived(batch, sources, "euc-jp", source, lambda t, _: encode_ja(t, "euc_jp")[0], "indexed")
    for source in ["text", "html", "shinagawa", "tokyo", "kokkai-xml", "kokkai-json"]:
        derived(batch, sources, "utf8-bom", source, lambda t, _: BOM + utf8(t), "indexed")
    utf16 = {
        "utf16le-bom": lambda t, _: b"\xff\xfe" + t.encode("utf-16-le"),
        "utf16be-bom": lambda t, _: b"\xfe\xff" + t.encode("utf-16-be"),
        "utf16le": lambda t, _: t.encode("utf-16-le"),
        "utf16be": lambda t, _: t.encode("utf-16-be"),
    }
    for kind, make in utf16.items():
        for source in ["text", "shinagawa", "tokyo"]:
            derived(batch, sources, kind, source, make, note=f"from {source}; decode.rs has no UTF-16")
    for source in ALL_SOURCES:
        derived(batch, sources, "nul-bytes", source,
                lambda t, _: insert_at(rng, utf8(t), b"\x00" * rng.randint(1, 4), 0, NUL_WINDOW),
                "skipped", note=f"from {source}; NUL within the first {NUL_WINDOW} bytes")
    def nul_late(t, source):
        data = utf8(t)
        lo, hi = payload(data, source) if source in STRICT_SOURCES else (0, len(data))
        return insert_at(rng, data, b"\x00", max(lo, NUL_WINDOW + 16), hi)

    for source in ["shinagawa", "tokyo", "kokkai-xml"]:
        derived(batch, sources, "nul-bytes-late", source, nul_late, "skipped",
                note=f"from {source}; one NUL past the first {NUL_WINDOW} bytes: "
                     "decoded, then not valid JSON or XML", min_size=4 * NUL_WINDOW)
    for source in ["text", "html"]:
        derived(batch, sources, "nul-bytes-late", source, nul_late, "any",
                note=f"from {source}; one NUL past the first {NUL_WINDOW} bytes",
                min_size=4 * NUL_WINDOW)

    def bom_nul(t, source):
        data = utf8(t)
        lo, hi = payload(data, source) if source in STRICT_SOURCES else (0, len(data))
        return BOM + insert_at(rng, data, b"\x00", lo, min(hi, NUL_WINDOW // 2))

    for source in ["shinagawa", "text"]:
        derived(batch, sources, "utf8-bom-nul-bytes", source, bom_nul,
                "skipped" if source in STRICT_SOURCES else "any",
                note=f"from {source}; a NUL in the first {NUL_WINDOW // 2} bytes after a BOM, "
                     "which turns off the NUL check")
    for source in ALL_SOURCES:
        derived(batch, sources, "invalid-utf8-middle", source,
                lambda t, _: insert_at(rng, utf8(t), rng.choice([b"\xff", b"\xfe\xff", b"\xc3\x28\xff"]),
                                    len(utf8(t)) // 4, 3 * len(utf8(t)) // 4),
                note=f"from {source}; 0xFF is invalid in UTF-8, Shift_JIS and EUC-JP")
    for source in ["text", "shinagawa", "tokyo"]:
        derived(batch, sources, "invalid-utf8-continuation", source,
                lambda t, _: insert_at(rng, utf8(t), b"\x80", len(utf8(t)) // 2))
        derived(batch, sources, "overlong-utf8", source,
                lambda t, _: insert_at(rng, utf8(t),
                                       rng.choice([b"\xc0\xaf", b"\xed\xa0\x80", b"\xf4\x90\x80\x80"]),
                                       len(utf8(t)) // 2),
                note=f"from {source}; an overlong form, a surrogate or a code point past U+10FFFF")
    for source in ["text", "html", "shinagawa", "tokyo", "kokkai-xml"]:
        def mixed(t, _):
            half = len(t) // 2
            return t[:half].encode("utf-8") + t[half:].encode("cp932", errors="replace")
        derived(batch, sources, "mixed-utf8-sjis", source, mixed,
                note=f"from {source}; first half UTF-8, second half Shift_JIS")
    for source in ["text", "shinagawa"]:
        derived(batch, sources, "bom-then-sjis", source,
                lambda t, _: BOM + t.encode("cp932", errors="replace"),
                "skipped", note=f"from {source}; a UTF-8 BOM before Shift_JIS bytes")
    for source in ["html", "tokyo"]:
        derived(batch, sources, "sjis-invalid-byte", source,
                lambda t, _: insert_at(rng, t.encode("cp932", errors="replace"), b"\xff",
                                       len(t.encode("cp932", errors="replace")) // 2),
                "skipped", note=f"from {source}; Shift_JIS with one 0xFF")


def big(batch, corpus, sources):
    rng = batch.rng
    speeches = corpus.utterances()
    # 10 MB on one line: a council turn whose text is real speech, repeated.
    kind = "10mb-single-line"
    if batch.wanted(kind):
        name = batch.name(kind)
        parts, size = ["○議長（石川良一君）　"], 0
        while size < 10 * MB:
            text = rng.choice(speeches)[1].replace("\n", "").replace("\r", "")
            parts.append(text)
            size += len(text.encode())
        data = "".join(parts).encode()
        rel = batch.flat(name, "txt")
        batch.write(rel, data, data)
        batch.case(name, kind, "indexed", rel, note="one council turn of 10 MB, no newline")
        # The same as JSON Lines: a record whose text is never closed.
        name = batch.name(kind)
        body = json.dumps("".join(parts[1:]), ensure_ascii=False)[:-1]
        line = '{"id":"%s","speeches":[{"text":%s' % (name, body)
        rel = batch.flat(name, "jsonl")
        batch.write(rel, line.encode())
        batch.case(name, kind, "skipped", rel,
                   note="one 10 MB JSON Lines line, its string never closed (its only line)")
    kind = "5mb-speech"
    if batch.wanted(kind):
        name = batch.name(kind)
        speaker, first = rng.choice(speeches)
        text, size = [first], len(first.encode())
        while size < 5 * MB:
            more = rng.choice(speeches)[1]
            text.append(more)
            size += len(more.encode())
        record = {"id": name, "municipality": "東京都", "body": "本会議", "title": "5 MB の発言",
                  "date": "2020-02-19",
                  "speeches": [{"kind": "speech", "speaker": {"label": speaker}, "text": "\n".join(text)}]}
        data = (json.dumps(record, ensure_ascii=False) + "\n").encode()
        rel = batch.flat(name, "jsonl")
        batch.write(rel, data, data)
        batch.case(name, kind, "indexed", rel, note="one record, one speech of 5 MB")
    kind = "100k-tiny-meetings"
    if batch.wanted(kind):
        name = batch.name(kind)
        sentences = sorted({json.dumps(s + "。", ensure_ascii=False)
                            for _, t in speeches for s in t.replace("\n", "").split("。")
                            if 4 <= len(s.strip()) <= 12})
        lines = []
        for i in range(100_000):
            # Short ids keep the file small: "c0123-000042" is still this case's own.
            lines.append('{"id":"%s-%06d","speeches":[{"text":%s}]}\n' % (
                name[:5], i, sentences[rng.randrange(len(sentences))]))
        data = "".join(lines).encode()
        rel = batch.flat(name, "jsonl")
        batch.write(rel, data, data)
        batch.case(name, kind, "indexed", rel, note="100,000 valid one-speech meetings")


def deep(batch, corpus, sources):
    n = 100_000
    cases = [
        ("json", "[" * n, "skipped", "100,000 [ in a .json: no known shape"),
        ("json", "[" * n + '"Proceeding"' + "]" * n, "skipped", "PoliInfo-shaped, 100,000 levels"),
        ("json", '{"speechRecord":' + "[" * n + "]" * n + "}", "skipped", "kokkai-shaped, 100,000 levels"),
        ("json", '{"tenant_minutes":' + "[" * n + "]" * n + "}", "skipped",
         "DiscussNet-shaped, 100,000 levels"),
        ("js", "window.SHINAGAWA_DB.registerMinutes(" + '{"a":' * n + "1" + "}" * n + ");\n",
         "skipped", "品川区-shaped, 100,000 levels"),
        ("jsonl", "[" * n + "\n", "skipped", "one JSON Lines line of 100,000 ["),
        ("xml", "<data><meetingRecord>" + "<a>" * n, "skipped", "100,000 unclosed XML elements"),
    ]
    kind = "deep-json"
    for ext, text, expect, note in cases:
        kind = "deep-xml" if ext == "xml" else "deep-json"
        if not batch.wanted(kind):
            continue
        name = batch.name(kind)
        rel = batch.flat(name, ext)
        batch.write(rel, text)
        batch.case(name, kind, expect, rel, note=note)
    # Well-formed XML with a real speech 100,000 elements down.
    kind = "deep-xml"
    if batch.wanted(kind):
        name = batch.name(kind)
        speaker, said = corpus.utterances()[batch.rng.randrange(1000)]
        record = ("<speechRecord><issueID>%s</issueID><speechOrder>1</speechOrder><speaker>%s</speaker>"
                  "<speech>○%s　%s</speech></speechRecord>") % (
            name, xml_escape(speaker), xml_escape(speaker), xml_escape(said))
        deep_xml = "<data>" + "<a>" * n + record + "</a>" * n + "</data>\n"
        shallow = "<data><records>" + record + "</records></data>\n"
        rel = batch.flat(name, "xml")
        batch.write(rel, deep_xml, shallow)
        batch.case(name, kind, "indexed", rel, note="a kokkai speechRecord under 100,000 elements")
    # HTML minutes 50,000 <div> down (html5ever accepts any depth).
    kind = "deep-html"
    if batch.wanted(kind):
        name = batch.name(kind)
        minutes = "\n".join(
            "<p>○%s　%s</p>" % (html_escape(s), html_escape(t)) for s, t in corpus.utterances()[:3])
        depth = 50_000
        text = ("<!DOCTYPE html><html><body>" + "<div>" * depth + minutes + "</div>" * depth
                + "</body></html>\n")
        rel = batch.flat(name, "html")
        batch.write(rel, text)
        batch.case(name, kind, "any", rel, note=f"minutes under {depth} nested <div>: must not crash")


def xml_escape(text):
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


html_escape = xml_escape


def empty(batch, corpus, sources):
    if batch.wanted("empty"):
        for ext in EXTENSIONS + ["JSON", "Txt"]:
            name = batch.name("empty")
            rel = batch.flat(name, ext)
            batch.write(rel, b"")
            batch.case(name, "empty", "skipped", rel)
    if batch.wanted("whitespace-only"):
        for ext, text in [("txt", " \n\t\n"), ("jsonl", "\n\n   \n"), ("json", "  \n"), ("html", "\n"),
                          ("xml", "\r\n"), ("jsonl", "\u3000\n\u3000")]:
            name = batch.name("whitespace-only")
            rel = batch.flat(name, ext)
            batch.write(rel, text)
            batch.case(name, "whitespace-only", "skipped", rel)
    if batch.wanted("bom-only"):
        for ext in ["txt", "jsonl", "json", "js"]:
            name = batch.name("bom-only")
            rel = batch.flat(name, ext)
            batch.write(rel, BOM)
            batch.case(name, "bom-only", "skipped", rel)


# ------------------------------------------------------------- JSON Lines


def jsonl_records(corpus, sources, prefix, voices_per=(2, 9), limit=None, medium=False):
    """Canonical records from one real 品川区 meeting, cut into small meetings
    with ids of their own."""
    record = corpus.shinagawa_record(sources.shinagawa(medium))
    voices = [v for v in record["voices"] if v.get("text", "").strip()]
    records, i = [], 0
    while i < len(voices) and (limit is None or len(records) < limit):
        take = sources.rng.randint(*voices_per)
        part = voices[i: i + take]
        i += take
        records.append({
            "id": f"{prefix}-{len(records) + 1:03d}",
            "municipality": "品川区",
            "body": record["title"].split(" ", 1)[-1],
            "title": record["title"],
            "date": record["dateIso"],
            "source": record.get("sourceUrl", ""),
            "speeches": [
                {"order": k + 1, "kind": "speech",
                 "speaker": {"label": v["speaker"]} if v.get("speaker") else None, "text": v["text"]}
                for k, v in enumerate(part)
            ],
        })
    return records


def dumps(record):
    return json.dumps(record, ensure_ascii=False)


def bad_line(rng, record, what):
    """One line that is not a meeting, made from a real record."""
    r = dict(record)
    r["id"] = record["id"] + "-bad"
    speech = dict(r["speeches"][0])
    line = dumps(r)
    if what == "truncated":
        return line[: rng.randrange(2, len(line) - 1)]
    if what == "id-number":
        return dumps({**r, "id": 12345})
    if what == "speeches-string":
        return dumps({**r, "speeches": speech["text"]})
    if what == "text-number":
        return dumps({**r, "speeches": [{**speech, "text": 42}]})
    if what == "order-negative":
        return dumps({**r, "speeches": [{**speech, "order": -1}]})
    if what == "order-overflow":
        return dumps({**r, "speeches": [{**speech, "order": 4294967296}]})
    if what == "kind-unknown":
        return dumps({**r, "speeches": [{**speech, "kind": "shout"}]})
    if what == "category-unknown":
        return dumps({**r, "speeches": [{**speech, "speaker": {"label": "市長", "category": "mayor"}}]})
    if what == "date-array":
        return dumps({**r, "date": [r["date"]]})
    if what == "agenda-string":
        return dumps({**r, "speeches": [{**speech, "agenda": "1"}]})
    if what == "attendees-object":
        return dumps({**r, "attendees": {"name": "品川太郎"}})
    if what == "missing-id":
        return dumps({k: v for k, v in r.items() if k != "id"})
    if what == "blank-id":
        return dumps({**r, "id": " \u3000 "})
    if what == "null-id":
        return dumps({**r, "id": None})
    if what == "trailing-garbage":
        return line + " 以上"
    if what == "two-objects":
        return line + dumps({**r, "id": r["id"] + "2"})
    if what == "binary":
        chars = [1, 2, 3, 4, 5, 6, 7, 8, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29,
                 30, 31, 127, 0x85, 0xFFFD, 0xFEFF, 0x2028, 0xE000, 0x10FFFF]
        return "\x01" + "".join(chr(rng.choice(chars)) for _ in range(rng.randint(20, 200)))
    if what == "deep":
        return line[:-1] + ',"extra":' + "[" * 1000 + "]" * 1000 + "}"
    if what == "lone-surrogate":
        return dumps({**r, "speeches": [{**speech, "text": "@@"}]}).replace("@@", "\\ud800")
    if what == "bad-escape":
        return dumps({**r, "speeches": [{**speech, "text": "@@"}]}).replace("@@", "\\q")
    if what == "nan":
        return dumps({**r, "speeches": [{**speech, "order": 1}]}).replace('"order": 1', '"order": NaN')
    if what == "huge-number":
        return dumps({**r, "speeches": [{**speech, "order": 1}]}).replace('"order": 1', '"order": 1e400')
    if what == "inner-bom":
        return "\ufeff" + line
    for literal in ["null", "42", '"会議録"', "true", "[]", "{}"]:
        if what == literal:
            return literal
    raise ValueError(what)


BAD_KINDS = ["truncated", "id-number", "speeches-string", "text-number", "order-negative",
             "order-overflow", "kind-unknown", "category-unknown", "date-array", "agenda-string",
             "attendees-object", "missing-id", "blank-id", "null-id", "trailing-garbage",
             "two-objects", "binary", "deep", "lone-surrogate", "bad-escape", "nan", "huge-number",
             "inner-bom", "null", "42", '"会議録"', "true", "[]", "{}"]


def assemble(rng, good, bad, blanks=0):
    """Good lines and bad lines shuffled together (a good record first, so
    the file has a meeting), with blank lines; the 1-based numbers of the
    bad lines."""
    items = [("good", dumps(r)) for r in good[1:]] + [("bad", b) for b in bad]
    rng.shuffle(items)
    items.insert(rng.randrange(0, 2), ("good", dumps(good[0])))
    for _ in range(blanks):
        items.insert(rng.randrange(len(items) + 1), ("blank", rng.choice(["", "   ", "\t", "\u3000"])))
    lines, bad_lines, oracle = [], [], []
    for number, (what, line) in enumerate(items, 1):
        lines.append(line)
        if what == "bad":
            bad_lines.append(number)
        elif what == "good":
            oracle.append(line)
    return lines, bad_lines, oracle


def jsonl_cases(batch, corpus, sources):
    rng = batch.rng
    kind = "jsonl-bad-lines"
    if batch.wanted(kind):
        kinds = list(BAD_KINDS)
        rng.shuffle(kinds)
        # Every kind of bad line at least once, a few to a file.
        for start in range(0, len(kinds), 3):
            name = batch.name(kind)
            good_records = jsonl_records(corpus, sources, name, limit=rng.randint(3, 25))
            bad = [bad_line(rng, rng.choice(good_records), k) for k in kinds[start: start + 3]]
            lines, bad_lines, oracle = assemble(rng, good_records, bad, blanks=rng.randint(0, 3))
            rel = batch.flat(name, "jsonl")
            batch.write(rel, "\n".join(lines) + "\n", "\n".join(oracle) + "\n")
            batch.case(name, kind, "partial", rel, bad_lines,
                       note="bad: " + ", ".join(kinds[start: start + 3]))
    kind = "jsonl-bad-lines-large"
    if batch.wanted(kind):
        # Over 1 MB: read in pieces, the line numbers must still be the file's.
        name = batch.name(kind)
        good_records = []
        while sum(len(dumps(r).encode()) + 1 for r in good_records) < 2.2 * MB:
            good_records += jsonl_records(corpus, sources, f"{name}-{len(good_records):04d}", medium=True)
        lines, bad_lines, oracle = [], [], []
        offset, boundary = 0, JSONL_PIECE
        for record in good_records:
            line = dumps(record)
            crossing = offset + len(line.encode()) + 1 > boundary
            if crossing or rng.random() < 0.01:
                # A bad line across a piece boundary, and one right after it.
                for _ in range(2 if crossing else 1):
                    bad = bad_line(rng, record, rng.choice(BAD_KINDS))
                    lines.append(bad)
                    bad_lines.append(len(lines))
                    offset += len(bad.encode()) + 1
                if crossing:
                    boundary += JSONL_PIECE
            lines.append(line)
            oracle.append(line)
            offset += len(line.encode()) + 1
        rel = batch.flat(name, "jsonl")
        batch.write(rel, "\n".join(lines) + "\n", "\n".join(oracle) + "\n")
        batch.case(name, kind, "partial", rel, bad_lines,
                   note="2.2 MB, bad lines around the 1 MB piece boundaries")
    kind = "jsonl-nul-line"
    if batch.wanted(kind):
        # A NUL past the first 8 KiB is valid UTF-8: only its line is bad.
        name = batch.name(kind)
        records = jsonl_records(corpus, sources, name, voices_per=(6, 12), medium=True)
        lines, bad_lines, oracle, size = [], [], [], 0
        for record in records:
            line = dumps(record)
            if size > NUL_WINDOW and not bad_lines:
                lines.append('{"id":"%s-nul",\x00"speeches":[]}' % name)
                bad_lines.append(len(lines))
            lines.append(line)
            oracle.append(line)
            size += len(line.encode()) + 1
        if bad_lines:
            rel = batch.flat(name, "jsonl")
            batch.write(rel, "\n".join(lines) + "\n", "\n".join(oracle) + "\n")
            batch.case(name, kind, "partial", rel, bad_lines, note="a NUL byte in a line past 8 KiB")
        # Within the first 8 KiB the whole file is binary.
        name = batch.name(kind)
        records = jsonl_records(corpus, sources, name, limit=5)
        lines = [dumps(r) for r in records]
        lines.insert(1, '{"id":"%s-nul",\x00"speeches":[]}' % name)
        rel = batch.flat(name, "jsonl")
        batch.write(rel, "\n".join(lines) + "\n")
        batch.case(name, kind, "skipped", rel, note="a NUL byte in line 2: decode.rs calls it binary")
    kind = "jsonl-invalid-utf8-line"
    if batch.wanted(kind):
        name = batch.name(kind)
        records = jsonl_records(corpus, sources, name, limit=8)
        lines = [dumps(r).encode() for r in records]
        raw = bytes(rng.randrange(0x80, 0x100) for _ in range(64)) + b"\xff"
        lines.insert(rng.randrange(1, len(lines)), raw)
        rel = batch.flat(name, "jsonl")
        batch.write(rel, b"\n".join(lines) + b"\n")
        batch.case(name, kind, "skipped", rel,
                   note="one line of raw bytes: the file is not valid text, decode.rs refuses it whole")
    kind = "jsonl-all-bad"
    if batch.wanted(kind):
        name = batch.name(kind)
        records = jsonl_records(corpus, sources, name, limit=6)
        bad = [bad_line(rng, r, rng.choice(BAD_KINDS)) for r in records]
        rel = batch.flat(name, "jsonl")
        batch.write(rel, "\n".join(bad) + "\n")
        batch.case(name, kind, "skipped", rel, note="every line bad: nothing to index")
    kind = "jsonl-pretty-printed"
    if batch.wanted(kind):
        name = batch.name(kind)
        records = jsonl_records(corpus, sources, name, limit=3)
        rel = batch.flat(name, "jsonl")
        batch.write(rel, json.dumps(records, ensure_ascii=False, indent=2) + "\n")
        batch.case(name, kind, "skipped", rel, note="a JSON array over many lines, not JSON Lines")
    # Good JSON Lines in unusual but valid shapes.
    variants = {
        "jsonl-cr-only": lambda lines: "\r".join(lines) + "\r",
        "jsonl-crlf": lambda lines: "\r\n".join(lines) + "\r\n",
        "jsonl-bom": lambda lines: "\ufeff" + "\n".join(lines) + "\n",
        "jsonl-no-final-newline": lambda lines: "\n".join(lines),
        "jsonl-blank-lines": lambda lines: "\n\n \n".join(lines) + "\n\n\u3000\n\t\n",
    }
    for kind, join in variants.items():
        if not batch.wanted(kind):
            continue
        name = batch.name(kind)
        lines = [dumps(r) for r in jsonl_records(corpus, sources, name, limit=8)]
        rel = batch.flat(name, "jsonl")
        batch.write(rel, join(lines), "\n".join(lines) + "\n")
        batch.case(name, kind, "indexed", rel)
    kind = "jsonl-odd-fields"
    if batch.wanted(kind):
        name = batch.name(kind)
        records = jsonl_records(corpus, sources, name, limit=6)
        for i, r in enumerate(records):
            r["x-unknown"] = {"nested": [1, 2, {"deeper": None}]}
            r["start_time"] = None
            r["municipality_code"] = None if i % 2 else "131091"
            r["speeches"][0]["order"] = 0
            r["speeches"][0]["speaker"] = None
        lines = [dumps(r) for r in records]
        rel = batch.flat(name, "jsonl")
        batch.write(rel, "\n".join(lines) + "\n", "\n".join(lines) + "\n")
        batch.case(name, kind, "indexed", rel, note="unknown fields, nulls for optional fields, order 0")


# ------------------------------------------------------------- DiscussNet


def discussnet_cases(batch, corpus, sources):
    """minute.json read with the metadata.json of its folder, which names
    the meeting: every folder gets a tenantSlug of its own."""
    rng = batch.rng
    kind = "truncated-json"
    if batch.wanted(kind):
        for folder in corpus.discussnet:
            minute = read_bytes(folder / "minute.json")
            for cut in cut_points(rng, strict_limit(minute, "json"), 4):
                name = batch.name(kind)
                metadata = rewrite_discussnet_metadata(read_text(folder / "metadata.json"), name)
                batch.write(f"{name}/minute.json", minute[:cut])
                batch.write(f"{name}/metadata.json", metadata)
                batch.case(name, kind, "skipped", f"{name}/minute.json",
                           note=f"DiscussNet minute.json cut at byte {cut} of {len(minute)}")
    folder = corpus.discussnet[0]
    minute = read_text(folder / "minute.json")
    metadata_text = read_text(folder / "metadata.json")
    for kind, codec in [("shift-jis", "cp932"), ("euc-jp", "euc_jp")]:
        if not batch.wanted(kind):
            continue
        name = batch.name(kind)
        metadata = rewrite_discussnet_metadata(metadata_text, name)
        data, decoded = encode_ja(minute, codec)
        batch.write(f"{name}/minute.json", data, decoded)
        batch.write(f"{name}/metadata.json", metadata, metadata)
        batch.case(name, kind, "indexed", f"{name}/minute.json",
                   note="DiscussNet minute.json re-encoded, its metadata.json UTF-8")
    # The metadata itself in another encoding: the meeting keeps its name.
    for kind, make in [
        ("discussnet-metadata-sjis", lambda t: encode_ja(t, "cp932")[0]),
        ("discussnet-metadata-bom", lambda t: BOM + t.encode()),
    ]:
        if not batch.wanted(kind):
            continue
        name = batch.name(kind)
        metadata = rewrite_discussnet_metadata(metadata_text, name)
        batch.write(f"{name}/minute.json", minute, minute)
        batch.write(f"{name}/metadata.json", make(metadata), metadata)
        batch.case(name, kind, "indexed", f"{name}/minute.json",
                   note="metadata.json decodable by decode.rs but not UTF-8 without BOM: "
                        "the meeting id must be the one its metadata gives")


# ------------------------------------------------------------- the file system


def file_system(batch, corpus, sources):
    rng = batch.rng
    locked_readable = batch.readable_when_locked()

    def council_text():
        return read_bytes(rng.choice(corpus.text))

    kind = "non-utf8-filename"
    if batch.wanted(kind):
        # Each in a folder of its own: its id is folder + "meeting".
        for raw in [b"\xff\xfe", b"\x83\x41\x83\x43", b"\xe3\x81"]:
            name = batch.name(kind)
            rel = name.encode() + b"/" + raw + b"-minutes.txt"
            data = council_text()
            batch.write(rel, data, data)
            batch.case(name, kind, "indexed", rel, note="a file name that is not UTF-8, good content")
        name = batch.name(kind)
        rel = name.encode() + b"/\xff-" + name.encode() + b".json"
        batch.write(rel, b"{\"truncated\": ")
        batch.case(name, kind, "skipped", rel, note="a file name that is not UTF-8, bad content")
    kind = "non-utf8-dirname"
    if batch.wanted(kind):
        name = batch.name(kind)
        rel = b"\xfe\xff-dir/" + name.encode() + b".txt"
        data = council_text()
        batch.write(rel, data, data)
        batch.case(name, kind, "indexed", rel, note="a folder name that is not UTF-8")
    kind = "newline-in-filename"
    if batch.wanted(kind):
        name = batch.name(kind)
        rel = f"h/{name}\nsecond line: x.txt"
        data = council_text()
        batch.write(rel, data, data)
        batch.case(name, kind, "indexed", rel, note="a newline and ': ' in the file name")
        name = batch.name(kind)
        rel = f"h/{name}\nskipped fake: reason.txt"
        batch.write(rel, b"")
        batch.case(name, kind, "skipped", rel, note="empty; a newline and 'skipped ' in the file name")
    expect_locked = "any" if locked_readable else "skipped"
    note = "readable anyway: chmod 000 does not stop root" if locked_readable else None
    kind = "unreadable-file"
    if batch.wanted(kind):
        for ext in ["txt", "jsonl"]:
            name = batch.name(kind)
            rel = batch.flat(name, ext)
            data = council_text() if ext == "txt" else (
                "\n".join(dumps(r) for r in jsonl_records(corpus, sources, name, limit=3)) + "\n").encode()
            batch.write(rel, data)
            batch.lock(rel)
            batch.case(name, kind, expect_locked, rel, note=note)
    kind = "unreadable-folder"
    if batch.wanted(kind):
        name = batch.name(kind)
        batch.write(f"{name}/{name}-inside.txt", council_text())
        batch.lock(name)
        batch.case(name, kind, expect_locked, name, note=note)
    links = [
        ("symlink-loop-self", [("self", ".")], "a folder holding a symlink to itself"),
        ("symlink-loop-parent", [("sub/up", "..")], "a subfolder holding a symlink to its parent"),
        ("symlink-loop-both", [("self", "."), ("again", ".")],
         "a folder holding two symlinks to itself: 2^40 paths to walk"),
    ]
    for kind, targets, note in links:
        if not batch.wanted(kind):
            continue
        name = batch.name(kind)
        rel = f"{name}/{name}-minutes.txt"
        data = council_text()
        batch.write(rel, data, data)
        for link, target in targets:
            path = batch.out / "input" / name / link
            path.parent.mkdir(parents=True, exist_ok=True)
            os.symlink(target, path)
        batch.case(name, kind, "indexed", rel,
                   note=note + "; the good file in it must be indexed and the walk must end")
    kind = "dangling-symlink"
    if batch.wanted(kind):
        name = batch.name(kind)
        rel = batch.flat(name, "txt")
        os.symlink(f"{name}-nowhere.txt", batch.out / "input" / rel)
        batch.case(name, kind, "skipped", rel, note="a symlink to a file that does not exist")
    kind = "fifo"
    if batch.wanted(kind) and hasattr(os, "mkfifo"):
        name = batch.name(kind)
        rel = batch.flat(name, "txt")
        os.mkfifo(batch.out / "input" / rel)
        batch.case(name, kind, "skipped", rel,
                   note="a named pipe with a minutes extension: reported, never read (reading would block)")


if __name__ == "__main__":
    main()
