#!/usr/bin/env python3
"""HTTP fuzzer and security probe for `kaigiroku serve`.

    python3 tests/fuzz/http_fuzz.py --bin target/release/kaigiroku --dict DICT \\
        [--requests 2000] [--seed 1] [--data tests/data]

It ingests the real minutes of --data together with a hostile-but-valid
canonical JSON Lines file (script, attribute-breaking, `javascript:`,
template and spreadsheet-formula probes in every field a page shows) into a
temporary index, serves it on a free loopback port, and then

1. finds real ids (meetings, speeches, agenda items, speakers, export
   cursors) and the hostile records through the API;
2. probes: each probe string in every query parameter of every HTML page,
   the Atom feed and the NDL API, and every page that shows the hostile
   records (meeting, speeches, speakers, agenda items, facets, charts,
   comparisons, the feed, the CSV exports, the sitemap);
3. fuzzes every route with --requests requests over raw sockets: hostile
   and random values, bad percent-encoding, overlong UTF-8, NUL, huge and
   repeated parameters, odd numbers, hostile ids and long paths, odd methods
   and bodies, bad versions, malformed request lines and headers, missing
   Host, huge and many headers, Transfer-Encoding tricks, keep-alive and
   pipelining, and one burst of concurrent searches.

Every response is checked: no status >= 500 (a 503 with Retry-After is the
server saying it is busy: allowed, counted); Content-Security-Policy,
X-Content-Type-Options: nosniff and Referrer-Policy present (except on the
bare 4xx hyper itself gives a request it cannot read); HTML with no
injected element, event handler or `javascript:` URL; XML well-formed with
the probes escaped (and the HTML an Atom entry carries clean too); CSV with
no cell a spreadsheet would run; JSON that parses; redirects with a
Location that stays on the site and a Link that is a URI; the pages of the
hostile records showing them, escaped. A connection closed without a
response is allowed only for malformed HTTP, and counted. At the end the
server must still be alive, answer /healthz and have logged no panic.

Exit status 0 only if everything passed; each failing request is printed
(method, target, status, reason). The last line is `FUZZ {json}`.

Python 3 standard library only.
"""

from __future__ import annotations

import argparse
import collections
import csv
import html
import io
import json
import os
import random
import re
import select
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import quote, quote_plus, unquote

# ---------------------------------------------------------------------------
# The probes and the hostile minutes
# ---------------------------------------------------------------------------

SCRIPT = "<script>alert(1)</script>"
IMG = '"><img src=x onerror=alert(1)>'
JS_URL = "javascript:alert(1)"
TEXTAREA = "</textarea>"
TEMPLATE = "{{7*7}}"
FORMULA = "=cmd|' /C calc'!A0"
PROBES = [SCRIPT, IMG, JS_URL, "'", '"', "&", TEXTAREA, TEMPLATE, FORMULA]

# In every hostile speech and nowhere in the real minutes: finds them.
WORD = "鵺鶫注入試験"
MIXED = f"{SCRIPT} ' \" & {TEXTAREA}{TEMPLATE} {IMG} {JS_URL} {FORMULA}"


def hostile_meetings() -> list[dict]:
    """Two meetings in the canonical record (crates/kaigiroku-core/src/model.rs)
    whose every shown field carries probes amid Japanese text. The second
    has a hostile id, no date and no municipality."""
    first = {
        "id": "hostile-fuzz-1",
        "municipality": f"{SCRIPT}鵺ヶ丘市{IMG}",
        "body": f"-総務委員会{IMG}{TEXTAREA}",
        "title": f"@令和5年 第1回{SCRIPT}定例会 {JS_URL}",
        "date": "2023-05-10",
        "start_time": f"10:00{SCRIPT}",
        "end_time": "11:00",
        "place": f"第1委員会室{IMG}",
        "disclosure": f"公開{JS_URL}",
        "attendees": [
            {"name": f"鵺四郎{SCRIPT}", "position": f"委員{IMG}", "group": "出席委員"},
            {"name": "", "position": f"{JS_URL}課長", "group": f"説明員{TEXTAREA}"},
        ],
        "agenda": [
            {
                "order": 1,
                "label": "+日程第1",
                "title": f"{FORMULA} 防災計画{TEXTAREA}について",
                "number": f"第1号議案{SCRIPT}",
                "outcome": "可決",
                "decided_how": f"賛成多数{IMG}",
            },
            {
                "order": 2,
                "label": f"日程第2{IMG}",
                "title": f"{SCRIPT}{WORD}の件{JS_URL}",
                "outcome": "否決",
            },
        ],
        "speeches": [
            {
                "order": 1,
                "agenda": 1,
                "kind": "speech",
                "speaker": {
                    "label": f"{SCRIPT}議長",
                    "name": f"{IMG}鵺太郎",
                    "position": f"{JS_URL}議長",
                    "category": "chair",
                },
                "text": f"ただいまから{WORD}について審査します。{MIXED}",
            },
            {
                "order": 2,
                "agenda": 1,
                "kind": "speech",
                "speaker": {
                    "label": f"{FORMULA}部長",
                    "name": f"鵺次郎{SCRIPT}",
                    "position": f"=鵺部長{IMG}",
                    "category": "staff",
                },
                "text": f"{FORMULA} {WORD}の答弁です。{IMG}{JS_URL} 防災計画について説明します。",
            },
            {
                "order": 3,
                "agenda": 2,
                "kind": "speech",
                "speaker": {
                    "label": "+鵺三郎議員",
                    "name": "+鵺三郎",
                    "position": "@議員",
                    "category": "member",
                },
                "text": f"@SUM(1+1) {WORD}に賛成します。{JS_URL} {SCRIPT} 防災計画",
            },
            {
                "order": 4,
                "agenda": 2,
                "kind": "speech",
                "speaker": {
                    "label": f"市長{TEXTAREA}",
                    "name": "鵺五郎'\"&",
                    "position": "-市長",
                    "category": "executive",
                },
                "text": f"\t=1+1 {WORD}について市長として答弁します。{MIXED}",
            },
            {"order": 5, "agenda": 2, "kind": "narration", "text": f"〔{WORD} {SCRIPT}の採決〕"},
        ],
    }
    second = {
        "id": f"hostile-fuzz-2{IMG}'&{JS_URL}",
        "municipality": "",
        "body": f"{IMG}議会運営委員会",
        "title": "",
        "date": "",
        "agenda": [{"order": 1, "label": f"{TEXTAREA}議題1", "title": f"{WORD}{SCRIPT}"}],
        "speeches": [
            {
                "order": 1,
                "agenda": 1,
                "kind": "speech",
                "speaker": {
                    "label": f"{JS_URL}委員長",
                    "name": f"鵺六郎{IMG}",
                    "position": "委員長",
                    "category": "chair",
                },
                "text": f"{WORD}を議題とします。{MIXED}",
            },
            {
                "order": 2,
                "agenda": 1,
                "kind": "speech",
                "speaker": {"label": "鵺七郎委員", "name": "鵺七郎", "position": "委員", "category": "member"},
                "text": f"={WORD}について質問します。{SCRIPT}",
            },
        ],
    }
    return [first, second]


# ---------------------------------------------------------------------------
# Routes and their parameters (crates/kaigiroku-server/src/lib.rs, `router`)
# ---------------------------------------------------------------------------

SEARCH = [
    "q", "speaker", "position", "category", "body", "municipality", "agenda", "outcome",
    "from", "until", "sort", "scope", "page", "per_page", "facets", "answers", "group",
]
NDL = [
    "any", "nameOfHouse", "nameOfMeeting", "speaker", "speakerPosition", "speakerGroup",
    "speakerRole", "speechNumber", "from", "until", "issueID", "speechID", "sessionFrom",
    "sessionTo", "issueFrom", "issueTo", "startRecord", "maximumRecords", "recordPacking",
    "searchRange", "supplementAndAppendix", "contentsAndIndex", "closing",
]


@dataclass(frozen=True)
class Route:
    path: str
    params: tuple
    html: bool = False


ROUTES = [
    Route("/", tuple(SEARCH + ["split"]), html=True),
    Route("/meetings/{id}", ("q",), html=True),
    Route("/speeches/{id}", (), html=True),
    Route("/feeds/search.atom", tuple(SEARCH)),
    Route("/sitemap.xml", ()),
    Route("/sitemaps/{name}", ()),
    Route("/healthz", ()),
    Route("/api/search", tuple(SEARCH)),
    Route("/api/search.csv", tuple(SEARCH + ["after", "limit"])),
    Route("/api/search.jsonl", tuple(SEARCH + ["after", "limit"])),
    Route("/api/trends", tuple(SEARCH + ["interval", "split"])),
    Route("/api/trends.csv", tuple(SEARCH + ["interval", "split"])),
    Route("/api/meetings/{id}", ()),
    Route("/api/speeches/{id}", ()),
    Route("/api/speeches/{id}/similar", ("limit",)),
    Route("/api/agenda", tuple(SEARCH)),
    Route("/api/agenda/{id}", ()),
    Route("/api/agenda/{id}/similar", ("limit",)),
    Route("/api/speakers", ("q", "municipality", "page", "per_page", "sort")),
    Route("/speakers", ("municipality", "page", "per_page", "sort"), html=True),
    Route("/api/ordinances", ("municipality", "name")),
    Route("/ordinances", ("municipality", "name"), html=True),
    Route("/api/speakers/{key}", ()),
    Route("/speakers/{key}", ("q", "from", "until", "page"), html=True),
    Route("/compare", tuple(SEARCH + ["municipality"]), html=True),
    Route("/agenda", tuple(SEARCH), html=True),
    Route("/agenda/{id}", ("answers",), html=True),
    Route("/api/openapi.json", ()),
    Route("/api/speech", tuple(NDL)),
    Route("/api/meeting_list", tuple(NDL)),
    Route("/api/meeting", tuple(NDL)),
]
BY_PATH = {r.path: r for r in ROUTES}
NDL_ROUTES = {"/api/speech", "/api/meeting_list", "/api/meeting"}
ID_KIND = {  # which kind of id a path's placeholder takes
    "/meetings/{id}": "meeting",
    "/api/meetings/{id}": "meeting",
    "/speeches/{id}": "speech",
    "/api/speeches/{id}": "speech",
    "/api/speeches/{id}/similar": "speech",
    "/agenda/{id}": "agenda",
    "/api/agenda/{id}": "agenda",
    "/api/agenda/{id}/similar": "agenda",
    "/api/speakers/{key}": "speaker",
    "/speakers/{key}": "speaker",
    "/sitemaps/{name}": "sitemap",
}

# ---------------------------------------------------------------------------
# Values
# ---------------------------------------------------------------------------

CATEGORIES = ["chair", "member", "executive", "staff", "secretariat", "witness", "other"]
OUTCOMES = [
    "可決", "否決", "採択", "一部採択", "趣旨採択", "不採択", "承認", "不承認", "認定",
    "不認定", "同意", "不同意", "継続審査", "継続調査", "了承", "当選", "付託", "賛成", "撤回",
    "指名", "報告", "決定",
]
SPLITS = ["municipality", "body", "category", "position", "speaker"]
DATES = [
    "2023", "2023-06", "2023-06-30", "2022-01-26", "令和5年", "令和元年", "R5.6.1",
    "H31.4.30", "2022/1/26", "平成31年4月30日", "令和四年一月二十六日", "2019",
]
BAD_DATES = [
    "0000-00-00", "0000", "9999-12-31", "99999", "2023-02-29", "2023-13-01", "2023-00-10",
    "-2023", "令和0年", "令和9999999999年", "R99999999999999999999.1.1", "平成32年",
    "昭和100年", "2023-1-1", "20230101", "2023/2/29", "2023-06-31T00:00", "１９９９",
    "令和四千年十三月", "明治元年", "令和5年2月30日", "9" * 40, "2023-06-30\x00", "あした",
]
NUMBERS = [
    "0", "-1", "-0", "1.5", "1e99", "1e3", "NaN", "inf", "+7", " 7 ", "0x1f", "007",
    "18446744073709551615", "18446744073709551616", "9223372036854775808",
    "99999999999999999999999999999", "4294967296", "10000", "10001", "100", "101",
    "50", "51", "11", "1,000", "３", "٣", "½", "", " ",
]
CURSORS_BAD = [
    "", ".", "..", "1.2.", "1..x", "x.y.z", "-1.1.m", "1.-1.m", "99999999999999999999.1.m",
    "20230703.18446744073709551616.m", "20230703.3." + "m" * 5000, "20230703.3.\x00",
]
QUERY_STRESS = [
    "(", ")", '"', '""', "-", "--", "OR", "AND", "OR OR OR", "a OR", "- -防災", '"防災',
    '防災"', "*", "?", ".*", "\\", "[a-", "(防災 OR 予算) -訓練", "ﷺ" * 200, "ﷺ" * 1000,
    "㍿" * 500, "が\u3099" * 300, "\u3099" * 300, "ゝゞ々〻ヽヾ" * 50, "ー" * 500, "九" * 60,
    "一兆兆兆兆兆兆兆兆兆", "九千九百九十九京九千九百九十九兆", "百" * 100, "〇" * 200,
    "十" * 200, "二十一" * 100, "0" * 500, "9" * 100, "１２３４５６７８９０" * 30,
    "\u200b" * 100, "\ufeff防災", "\U0001F600" * 100, "𠮷野家", "ｶﾞｷﾞｸﾞ" * 50, "Ⅻ㈱㌔",
    "防災" * 500, "あ" * 1000, "あ" * 1001, " ".join(["防災"] * 400), " OR ".join(["防"] * 200),
    "-" * 200, '"' * 101, "a" * 1000, "\ud800", "a\udfffb", "\x00", "a\x00b", "\x01\x02\x03",
    "\r\n", "\t", "\x7f", "\u2028\u2029", " ", "　", "%", "%zz", "+", "&", "=", "#", "/", "..",
]
WORDS = ["防災", "予算", "議長", "子ども", "委員会", "計画", "保育園", "待機児童", "道路", "教育", "訓練", "情報"]
BAD_PERCENT = ["%", "%z", "%zz", "%E3%81", "%C0%AF", "%C0%AE%C0%AE%C0%AF", "%ED%A0%80", "%FF%FE",
               "%00", "%0D%0A", "%25", "%2B", "%F4%90%80%80", "%E0%80%80", "%80"]

# The NDL's own values.
NDL_GOOD = {
    "speakerGroup": ["自由民主党", "立憲民主党", "公明党"],
    "speakerRole": ["証人", "参考人", "公述人"],
    "searchRange": ["冒頭", "本文", "冒頭・本文"],
    "supplementAndAppendix": ["true", "false"],
    "contentsAndIndex": ["true", "false"],
    "closing": ["true", "false"],
    "recordPacking": ["xml", "json"],
}


@dataclass
class Known:
    """What the discovery found: real values and the hostile records."""
    meetings: list = field(default_factory=list)
    speeches: list = field(default_factory=list)
    agenda: list = field(default_factory=list)
    speakers: list = field(default_factory=list)
    names: list = field(default_factory=list)
    cursors: list = field(default_factory=list)
    municipalities: list = field(default_factory=list)
    bodies: list = field(default_factory=list)
    positions: list = field(default_factory=list)
    hostile_meetings: list = field(default_factory=list)
    hostile_speeches: list = field(default_factory=list)
    hostile_agenda: list = field(default_factory=list)
    hostile_speakers: list = field(default_factory=list)

    def ids(self, kind: str) -> list:
        return {
            "meeting": self.meetings + self.hostile_meetings,
            "speech": self.speeches + self.hostile_speeches,
            "agenda": self.agenda + self.hostile_agenda,
            "speaker": self.speakers + self.hostile_speakers,
            "sitemap": ["0.xml"],
        }[kind] or ["x"]


def random_text(rng: random.Random, n: int) -> str:
    ranges = [
        (0x20, 0x7E), (0x3041, 0x3096), (0x30A1, 0x30FA), (0x4E00, 0x9FFF), (0xFF61, 0xFF9F),
        (0x0300, 0x036F), (0x1F300, 0x1F64F), (0xE000, 0xE0FF), (0x00, 0x1F), (0x80, 0x9F),
        (0xFF01, 0xFF5E), (0x2460, 0x24FF), (0x3300, 0x33FF), (0xFDF0, 0xFDFF),
    ]
    out = []
    for _ in range(n):
        low, high = rng.choice(ranges)
        out.append(chr(rng.randint(low, high)))
    return "".join(out)


def good_value(rng: random.Random, known: Known, route: str, name: str) -> str:
    """A value the parameter accepts, mostly."""
    c = rng.choice
    if route in NDL_ROUTES:
        if name in NDL_GOOD:
            return c(NDL_GOOD[name])
        if name in ("from", "until"):
            return f"{rng.randint(2015, 2025)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
        ndl = {
            "any": lambda: c([c(WORDS), WORD, f"{c(WORDS)} {c(WORDS)}", f"{c(WORDS)}　{c(WORDS)}"]),
            "nameOfHouse": lambda: c(known.municipalities + ["衆議院", "参議院"]),
            "nameOfMeeting": lambda: c(known.bodies + ["本会議", "委員会"]),
            "speaker": lambda: c(known.names + ["議長"]),
            "speakerPosition": lambda: c(known.positions + ["議長", "委員長"]),
            "speechNumber": lambda: str(rng.randint(0, 30)),
            "issueID": lambda: c(known.ids("meeting")),
            "speechID": lambda: ndl_speech_id(c(known.ids("speech")), rng),
            "startRecord": lambda: str(rng.randint(1, 40)),
            "maximumRecords": lambda: str(rng.randint(1, 10 if route == "/api/meeting" else 100)),
            "sessionFrom": lambda: str(rng.randint(190, 215)),
            "sessionTo": lambda: str(rng.randint(190, 215)),
            "issueFrom": lambda: str(rng.randint(1, 20)),
            "issueTo": lambda: str(rng.randint(1, 20)),
        }
        if name in ndl:
            return ndl[name]()
    table = {
        "q": lambda: c(WORDS + [WORD, f"{WORD} 防災", '"防災 訓練"', "防災 OR 予算", "防災 -訓練",
                                "予算 AND 防災", "議", "鵺"]),
        "speaker": lambda: c(known.names + ["議長", "鵺"]),
        "position": lambda: c(known.positions + ["議長", "課長", "部長", '"議長"', "区長"]),
        "category": lambda: c(CATEGORIES),
        "body": lambda: c(known.bodies + ["本会議"]),
        "municipality": lambda: c(known.municipalities + ["品川区"]),
        "agenda": lambda: c(["日程第1", "議案", "防災", "報告", WORD]),
        "outcome": lambda: c(OUTCOMES),
        "from": lambda: c(DATES),
        "until": lambda: c(DATES),
        "sort": lambda: c(["relevance", "date_desc", "date_asc"]),
        "scope": lambda: c(["speech", "agenda"]),
        "page": lambda: str(rng.randint(1, 5)),
        "per_page": lambda: str(rng.randint(1, 100)),
        "facets": lambda: c(["true", "false"]),
        "answers": lambda: c(["true", "false"]),
        "group": lambda: "meeting",
        "split": lambda: c(SPLITS),
        "interval": lambda: c(["year", "month"]),
        "after": lambda: c(known.cursors or ["20230703.3.x"]),
        "limit": lambda: str(rng.randint(1, 50)),
    }
    return table.get(name, lambda: c(WORDS))()


def hostile_value(rng: random.Random, name: str) -> str:
    roll = rng.random()
    if roll < 0.2:
        probe = rng.choice(PROBES)
        return rng.choice([probe, f"防災{probe}", f"{probe}訓練 {probe}", f"{WORD}{probe}"])
    if roll < 0.35:
        return rng.choice(NUMBERS)
    if roll < 0.45:
        return rng.choice(BAD_DATES + DATES)
    if roll < 0.6:
        return rng.choice(QUERY_STRESS)
    if roll < 0.68:
        return rng.choice(CURSORS_BAD) if name == "after" else rng.choice(CURSORS_BAD + QUERY_STRESS)
    if roll < 0.9:
        return random_text(rng, rng.choice([1, 2, 5, 20, 100, 400]))
    if roll < 0.97:  # large, but within a request head's limits
        return rng.choice(["あ" * 3000, "a" * 20000, ("防災 OR " * 2000)[:3000], "九" * 3000, "ﷺ" * 3000])
    # Huge: 100 KB.
    return rng.choice(["a" * 100_000, "防" * 34_000, ("防災 OR " * 20_000)[:34_000], "%" * 100_000])


def ndl_speech_id(speech_id: str, rng: random.Random) -> str:
    """Our id, or the NDL's `<issueID>_<nnn>` form of it."""
    meeting, _, order = speech_id.rpartition("-")
    if rng.random() < 0.5 or not order.isdigit():
        return speech_id
    return f"{meeting}_{max(int(order) - 1, 0):03d}"


def encode(value: str, plus: bool = False) -> str:
    if plus:
        return quote_plus(value, safe="", errors="surrogatepass")
    return quote(value, safe="", errors="surrogatepass")


def fill_path(route: str, ident: str) -> str:
    """The route with its placeholder replaced by `ident` (already encoded)."""
    return re.sub(r"\{[a-z]+\}", lambda _: ident, route)


def query(pairs: list) -> str:
    return "&".join(f"{encode(k)}={encode(v)}" for k, v in pairs)


# ---------------------------------------------------------------------------
# HTTP over raw sockets
# ---------------------------------------------------------------------------

VALID, MALFORMED, OVERSIZE = "valid", "malformed", "oversize"
HEAD_LIMIT = 30_000  # a request head longer than this may be refused (431) or cut


class Truncated(Exception):
    """The server sent something that is not a whole HTTP response."""


@dataclass
class Response:
    version: str
    status: int
    reason: str
    headers: list
    body: bytes

    def get(self, name: str):
        name = name.lower()
        for key, value in self.headers:
            if key == name:
                return value
        return None

    def content_type(self) -> str:
        return (self.get("content-type") or "").lower()


@dataclass
class Case:
    """Bytes to send on one connection and what they are."""
    route: str
    method: str
    target: str
    parts: list  # requests, as bytes
    kind: str = VALID
    heads: list = None  # per request: was it HEAD (no body in the answer)
    pipelined: bool = False
    expect_neutralized: bool = False  # a CSV that must hold neutralized formula cells
    expect_hostile: bool = False  # a page that must show (escaped) hostile records
    note: str = ""

    def __post_init__(self):
        if self.heads is None:
            self.heads = [self.method == "HEAD"] * len(self.parts)
        if self.kind == VALID and max(len(p) for p in self.parts) > HEAD_LIMIT:
            self.kind = OVERSIZE


@dataclass
class Outcome:
    responses: list
    error: str | None  # None, "closed", "timeout", "refused", or why
    seconds: float


class Wire:
    """One TCP connection, read by hand, under one deadline."""

    def __init__(self, port: int, timeout: float):
        self.deadline = time.monotonic() + timeout
        self.sock = socket.create_connection(("127.0.0.1", port), timeout=timeout)
        self.buf = bytearray()
        self.eof = False

    def send(self, data: bytes) -> bool:
        try:
            self.sock.sendall(data)
            return True
        except (BrokenPipeError, ConnectionResetError):
            return False
        except socket.timeout:
            raise TimeoutError("send")

    def readable(self, seconds: float) -> bool:
        """Whether bytes (or the end) arrive within `seconds`."""
        if self.buf or self.eof:
            return True
        ready, _, _ = select.select([self.sock], [], [], seconds)
        return bool(ready)

    def half_close(self):
        try:
            self.sock.shutdown(socket.SHUT_WR)
        except OSError:
            pass

    def close(self):
        try:
            self.sock.close()
        except OSError:
            pass

    def _recv(self):
        if self.eof:
            return
        remaining = self.deadline - time.monotonic()
        if remaining <= 0:
            raise TimeoutError("deadline")
        self.sock.settimeout(remaining)
        try:
            chunk = self.sock.recv(1 << 16)
        except socket.timeout:
            raise TimeoutError("recv")
        except ConnectionResetError:
            chunk = b""
        if chunk:
            self.buf += chunk
            if len(self.buf) > 256 << 20:
                raise Truncated("response over 256 MB")
        else:
            self.eof = True

    def _line(self, limit: int = 1 << 20) -> bytes | None:
        while True:
            at = self.buf.find(b"\r\n")
            if at >= 0:
                line = bytes(self.buf[:at])
                del self.buf[: at + 2]
                return line
            if self.eof:
                return None
            if len(self.buf) > limit:
                raise Truncated("line too long")
            self._recv()

    def _take(self, n: int) -> bytes:
        while len(self.buf) < n:
            if self.eof:
                raise Truncated(f"body cut at {len(self.buf)} of {n} bytes")
            self._recv()
        data = bytes(self.buf[:n])
        del self.buf[:n]
        return data

    def response(self, head: bool) -> Response | None:
        """The next response; None when the server closed before a byte of it."""
        while True:
            while not self.buf and not self.eof:
                self._recv()
            if not self.buf and self.eof:
                return None
            status_line = self._line()
            if status_line is None:
                raise Truncated(f"no status line: {bytes(self.buf[:80])!r}")
            match = re.match(rb"(HTTP/\d\.\d) (\d{3})(?: (.*))?$", status_line)
            if not match:
                raise Truncated(f"bad status line {status_line[:80]!r}")
            headers = []
            while True:
                line = self._line()
                if line is None:
                    raise Truncated("headers cut")
                if not line:
                    break
                name, _, value = line.partition(b":")
                headers.append((name.strip().lower().decode("latin-1"), value.strip().decode("latin-1")))
            status = int(match.group(2))
            response = Response(match.group(1).decode(), status,
                                (match.group(3) or b"").decode("latin-1"), headers, b"")
            if 100 <= status < 200:
                continue  # 100 Continue and the like: the answer follows
            if head or status in (204, 304):
                return response
            encoding = (response.get("transfer-encoding") or "").lower()
            if "chunked" in encoding:
                response.body = self._chunked()
            elif response.get("content-length") is not None:
                response.body = self._take(int(response.get("content-length")))
            else:
                while not self.eof:
                    self._recv()
                response.body = bytes(self.buf)
                self.buf.clear()
            return response

    def _chunked(self) -> bytes:
        body = bytearray()
        while True:
            line = self._line()
            if line is None:
                raise Truncated("chunk size cut")
            size = int(line.split(b";")[0].strip() or b"0", 16)
            if size == 0:
                while True:  # trailers
                    trailer = self._line()
                    if trailer is None or not trailer:
                        return bytes(body)
            body += self._take(size)
            if self._take(2) != b"\r\n":
                raise Truncated("chunk without CRLF")


def exchange(port: int, case: Case, timeout: float, connected=None) -> Outcome:
    """Sends `case` on a new connection and reads the answers; `connected`,
    if given, is called once the connection is open, before sending."""
    started = time.monotonic()
    try:
        wire = Wire(port, timeout)
    except ConnectionRefusedError:
        return Outcome([], "refused", 0.0)
    except OSError as err:
        return Outcome([], f"connect failed: {err}", 0.0)
    responses, error = [], None
    try:
        if connected:
            connected()
            wire.deadline = time.monotonic() + timeout
        if case.kind != VALID:
            # Malformed or oversize: send, take what comes; when nothing more
            # comes for a second, say we are done (hyper may then close
            # without answering a request it is still reading or running).
            for part in case.parts:
                if not wire.send(part):
                    break
            half_closed = False
            while len(responses) < 8:
                if not half_closed and not wire.readable(1.0):
                    wire.half_close()
                    half_closed = True
                response = wire.response(head=case.heads[0])
                if response is None:
                    break
                responses.append(response)
        elif case.pipelined:
            wire.send(b"".join(case.parts))
            for head in case.heads:
                response = wire.response(head)
                if response is None:
                    error = "closed"
                    break
                responses.append(response)
        else:
            for part, head in zip(case.parts, case.heads):
                if not wire.send(part):
                    error = "closed"
                    break
                response = wire.response(head)
                if response is None:
                    error = "closed"
                    break
                responses.append(response)
    except TimeoutError:
        error = "timeout"
    except Truncated as err:
        error = f"truncated response: {err}"
    except (OSError, ValueError) as err:
        error = f"socket error: {err}"
    finally:
        wire.close()
    return Outcome(responses, error, time.monotonic() - started)


def http(method: str, target, *, host="", headers=(), body=b"", version="HTTP/1.1",
         close=True, port=0) -> bytes:
    """One request's bytes. `target` may be bytes (raw), `host` None for none."""
    if isinstance(target, str):
        target = target.encode("utf-8", "surrogatepass")
    lines = [method.encode("latin-1", "replace") + b" " + target + b" " + version.encode()]
    if host is not None:
        lines.append(b"Host: " + (host or f"127.0.0.1:{port}").encode("utf-8", "surrogatepass"))
    lines.append(b"User-Agent: kaigiroku-http-fuzz")
    for header in headers:
        lines.append(header if isinstance(header, bytes) else header.encode("utf-8", "surrogatepass"))
    if body and not any(h.lower().startswith(b"content-length") or h.lower().startswith(b"transfer-encoding")
                        for h in (x if isinstance(x, bytes) else x.encode() for x in headers)):
        lines.append(f"Content-Length: {len(body)}".encode())
    lines.append(b"Connection: close" if close else b"Connection: keep-alive")
    return b"\r\n".join(lines) + b"\r\n\r\n" + body


# ---------------------------------------------------------------------------
# Checks
# ---------------------------------------------------------------------------

SECURITY_HEADERS = ("content-security-policy", "x-content-type-options", "referrer-policy")
# What hyper answers by itself to a request it cannot read (no app, no headers).
PROTOCOL_REFUSALS = {400, 408, 413, 414, 431, 501, 505}
RAW_HTML = [
    ("unescaped <script>alert", re.compile(r"<script>alert", re.I)),
    ("unescaped <img src=x onerror", re.compile(r"<img\s+src=x\s+onerror", re.I)),
    ("javascript: URL in an attribute",
     re.compile(r"""\b(?:href|src|action|formaction)\s*=\s*["']?\s*javascript:""", re.I)),
]
DANGEROUS_TAGS = {"script", "iframe", "object", "embed", "frame", "frameset", "applet", "base"}
URL_ATTRIBUTES = {"href", "src", "action", "formaction", "xlink:href", "data", "poster", "background"}


class MarkupAudit(HTMLParser):
    """Elements and attributes that would run: what the probes would become
    if a value reached the page unescaped."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.problems = []

    def handle_starttag(self, tag, attrs):
        if tag in DANGEROUS_TAGS:
            self.problems.append(f"<{tag}> element in the page")
        for name, value in attrs:
            if name.startswith("on"):
                self.problems.append(f"event handler {name}= on <{tag}>")
            if name in URL_ATTRIBUTES and value:
                url = re.sub(r"[\x00-\x20]", "", value).lower()
                if url.startswith(("javascript:", "vbscript:", "data:text/html")):
                    self.problems.append(f"{name}={value[:60]!r} on <{tag}>")
            if tag == "img" and name == "src" and value == "x":
                self.problems.append("<img src=x> from a probe")

    handle_startendtag = handle_starttag


def html_problems(text: str) -> list:
    problems = [label for label, pattern in RAW_HTML if pattern.search(text)]
    audit = MarkupAudit()
    try:
        audit.feed(text)
        audit.close()
    except Exception as err:  # HTMLParser is lenient; a crash is worth a look
        problems.append(f"HTML parser failed: {err}")
    return problems + audit.problems


def xml_problems(body: bytes) -> list:
    problems = []
    if re.search(rb"<(?:script|img\b|iframe)", body, re.I):
        problems.append("raw markup (<script/<img/<iframe) in XML")
    try:
        root = ET.fromstring(body)
    except ET.ParseError as err:
        return problems + [f"XML not well-formed: {err}"]
    if root.tag == "{http://www.w3.org/2005/Atom}feed":
        # A feed reader renders type="html" text as HTML: it must be clean too.
        for element in root.iter():
            if element.get("type") in ("html", "xhtml") and element.text:
                problems += [f"Atom {element.tag.split('}')[-1]}: {p}" for p in html_problems(element.text)]
    return problems


# Characters a URI never holds raw (RFC 3986); header values arrive as latin-1.
NOT_IN_URI = re.compile(r'[\x00-\x20\x7f-\xff"<>\\^`{|}]')
FORMULA_LEADS = ("=", "+", "-", "@", "\t", "\r")
# A probe as HTML or XML shows it escaped (once, or twice inside an Atom entry).
HOSTILE_MARKERS = (b"&lt;script&gt;alert(1)", b"&lt;img src=x onerror", b"&amp;lt;script&amp;gt;alert(1)")


def csv_problems(body: bytes) -> tuple:
    """(problems, cells neutralized with a leading ')."""
    try:
        text = body.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        return [f"CSV not UTF-8: {err}"], 0
    problems, neutralized = [], 0
    try:
        for row in csv.reader(io.StringIO(text, newline="")):
            for cell in row:
                if cell.startswith(FORMULA_LEADS):
                    problems.append(f"CSV cell a spreadsheet would run: {cell[:80]!r}")
                elif cell.startswith("'") and cell[1:2] and cell[1] in "=+-@\t\r":
                    neutralized += 1
    except csv.Error as err:
        problems.append(f"CSV unreadable: {err}")
    return problems[:5], neutralized


def json_problems(body: bytes, lines: bool) -> list:
    try:
        text = body.decode("utf-8")
        if lines:
            for line in text.splitlines():
                if line.strip():
                    json.loads(line)
        else:
            json.loads(text)
    except (UnicodeDecodeError, json.JSONDecodeError) as err:
        return [f"{'JSON Lines' if lines else 'JSON'} unreadable: {err}"]
    return []


# ---------------------------------------------------------------------------
# The tally
# ---------------------------------------------------------------------------


@dataclass
class Failure:
    method: str
    target: str
    status: str
    reason: str
    note: str = ""


class Tally:
    def __init__(self):
        self.lock = threading.Lock()
        self.requests = collections.Counter()  # per route
        self.phases = collections.Counter()  # requests per phase
        self.statuses = collections.Counter()
        self.kinds = collections.Counter()
        self.server_errors = 0
        self.busy = 0
        self.closed = collections.Counter()  # per kind: closed without a response
        self.protocol_refusals = 0
        self.timeouts = 0
        self.checks = collections.Counter()
        self.check_failures = collections.Counter()
        self.failures: list[Failure] = []
        self.slowest = (0.0, "")
        self.recent = collections.deque(maxlen=16)

    def check(self, name: str, problems: list, case: Case, status, failures: list):
        self.checks[name] += 1
        if problems:
            self.check_failures[name] += 1
            for problem in dict.fromkeys(problems):
                failures.append(Failure(case.method, case.target, str(status), f"[{name}] {problem}", case.note))

    def judge(self, case: Case, outcome: Outcome, phase: str):
        failures = []
        sent = len(case.parts)
        with self.lock:
            self.requests[case.route] += sent
            self.phases[phase] += sent
            self.kinds[case.kind] += sent
            self.recent.append(case)
            if outcome.seconds > self.slowest[0]:
                self.slowest = (outcome.seconds, f"{case.method} {case.target[:120]}")
            heads = case.heads + [case.heads[-1]] * len(outcome.responses)  # more answers than asked
            for response, head in zip(outcome.responses, heads):
                self._response(case, response, head, failures)
            answered = len(outcome.responses)
            if outcome.error == "timeout":
                self.timeouts += 1
                failures.append(Failure(case.method, case.target, "-",
                                        "no answer within the timeout (hang)", case.note))
            elif outcome.error == "refused":
                failures.append(Failure(case.method, case.target, "-",
                                        "connection refused: is the server down?", case.note))
            elif case.kind == VALID and (outcome.error or answered < sent):
                failures.append(Failure(case.method, case.target, "-",
                                        f"well-formed request got no response "
                                        f"({answered} of {sent}; {outcome.error or 'closed'})", case.note))
            elif case.kind != VALID and answered == 0:
                if outcome.error and outcome.error.startswith("truncated"):
                    failures.append(Failure(case.method, case.target, "-", outcome.error, case.note))
                else:
                    self.closed[case.kind] += 1
            self.failures.extend(failures)

    def _response(self, case: Case, response: Response, head: bool, failures: list):
        status = response.status
        self.statuses[status] += 1
        if status >= 500:
            if status == 503 and response.get("retry-after"):
                self.busy += 1
            else:
                self.server_errors += 1
                text = response.body[:20_000].decode("utf-8", "replace")
                if "html" in response.content_type():  # what the page says, without its markup
                    text = re.sub(r"<[^>]*>", " ", re.sub(r"(?s)<head>.*?</head>", " ", text))
                text = " ".join(html.unescape(text).split())
                retry = "" if status != 503 else " (no Retry-After)"
                failures.append(Failure(case.method, case.target, str(status),
                                        f"server error {status} {response.reason}{retry}, "
                                        f"{response.content_type() or 'no content type'}: {text[:200]}",
                                        case.note))
        refusal = case.kind != VALID and status in PROTOCOL_REFUSALS and not response.body.strip()
        if refusal:
            self.protocol_refusals += 1
        else:
            missing = []
            for name in SECURITY_HEADERS:
                value = response.get(name)
                if not value:
                    missing.append(f"no {name} header")
                elif name == "x-content-type-options" and value.strip().lower() != "nosniff":
                    missing.append(f"x-content-type-options is {value!r}")
            self.check("headers", missing, case, status, failures)
        location = response.get("location")
        if location is not None or (300 <= status < 400 and status != 304):
            problems = []
            if location is None:
                problems.append(f"{status} redirect without a Location "
                                f"({response.body[:60].decode('utf-8', 'replace')!r})")
            elif not location.startswith("/") or location.startswith(("//", "/\\")):
                problems.append(f"Location leaves the site: {location[:100]!r}")
            elif NOT_IN_URI.search(location):
                shown = location.encode("latin-1").decode("utf-8", "replace")
                problems.append(f"Location is not a URI (raw {NOT_IN_URI.search(location).group()!r}): "
                                f"{shown[:100]!r}")
            self.check("redirect", problems, case, status, failures)
        link = response.get("link")
        if link is not None:
            urls = re.findall(r"<([^>]*)>", link)
            bad = [u for u in urls if NOT_IN_URI.search(u)] or ([] if urls else [link])
            self.check("link", [f"Link header holds no clean URI: {link[:120]!r}"] if bad else [],
                       case, status, failures)
        kind = response.content_type()
        if case.expect_hostile:
            shown = status == 200 and ("html" not in kind and "xml" not in kind or any(
                marker in response.body for marker in HOSTILE_MARKERS))
            self.check("shown", [] if shown else ["the hostile records are not on this page"],
                       case, status, failures)
        if head or not response.body:
            return
        if "text/html" in kind:
            self.check("html", html_problems(response.body.decode("utf-8", "replace")), case, status, failures)
        elif "xml" in kind:
            self.check("xml", xml_problems(response.body), case, status, failures)
        elif "text/csv" in kind:
            problems, neutralized = csv_problems(response.body)
            if case.expect_neutralized and status == 200 and neutralized == 0:
                problems.append("the hostile rows' formula cells are missing from the export")
            self.check("csv", problems, case, status, failures)
        elif "ndjson" in kind:
            self.check("json", json_problems(response.body, lines=True), case, status, failures)
        elif "json" in kind:
            self.check("json", json_problems(response.body, lines=False), case, status, failures)

    def total(self) -> int:
        return sum(self.requests.values())


# ---------------------------------------------------------------------------
# The server
# ---------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Server:
    def __init__(self, binary: str, dictionary: str, index: Path, folder: Path):
        self.command = [binary, "--dict", dictionary, "serve", "--index", str(index)]
        self.stderr_path = folder / "serve.stderr"
        self.stdout_path = folder / "serve.stdout"
        self.proc = None
        self.port = 0

    def start(self, wait: float = 60.0):
        for _ in range(3):
            self.port = free_port()
            with open(self.stderr_path, "ab") as err, open(self.stdout_path, "ab") as out:
                self.proc = subprocess.Popen(self.command + ["--addr", f"127.0.0.1:{self.port}"],
                                             stdin=subprocess.DEVNULL, stdout=out, stderr=err)
            deadline = time.monotonic() + wait
            while time.monotonic() < deadline:
                if not self.alive():
                    break
                if self.healthy():
                    return
                time.sleep(0.2)
            if self.alive():
                self.stop()
                raise RuntimeError(f"the server did not answer /healthz within {wait:.0f} s")
            if "in use" not in self.stderr():
                break
        raise RuntimeError(f"the server exited at start:\n{self.stderr()[-2000:]}")

    def healthy(self) -> bool:
        case = Case("/healthz", "GET", "/healthz", [http("GET", "/healthz", port=self.port)])
        outcome = exchange(self.port, case, 5.0)
        return bool(outcome.responses) and outcome.responses[0].status == 200

    def alive(self) -> bool:
        return self.proc is not None and self.proc.poll() is None

    def stderr(self) -> str:
        try:
            return self.stderr_path.read_text("utf-8", "replace")
        except OSError:
            return ""

    def stop(self):
        if not self.alive():
            return
        self.proc.send_signal(signal.SIGTERM)
        try:
            self.proc.wait(5)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait(5)


# ---------------------------------------------------------------------------
# The run
# ---------------------------------------------------------------------------


class Run:
    def __init__(self, args, server: Server):
        self.args = args
        self.server = server
        self.port = server.port
        self.tally = Tally()
        self.known = Known()
        self.started = time.monotonic()
        self.deadline = self.started + args.max_seconds
        self.stopped = ""  # why the run stopped early, if it did
        self.notes = []

    # -- requests ---------------------------------------------------------

    def get(self, route: str, target: str, *, headers=(), host="", note="", expect_neutralized=False,
            expect_hostile=False, method="GET") -> Case:
        return Case(route, method, target,
                    [http(method, target, headers=headers, host=host, port=self.port)],
                    note=note, expect_neutralized=expect_neutralized, expect_hostile=expect_hostile)

    def send(self, case: Case, phase: str, connected=None) -> Outcome:
        outcome = exchange(self.port, case, self.args.timeout, connected)
        self.tally.judge(case, outcome, phase)
        if outcome.error == "refused" and not self.server.alive():
            self.stopped = self.stopped or "the server died"
        return outcome

    def send_all(self, cases, phase: str):
        """Sends `cases` (an iterable) from the worker threads."""
        source = iter(cases)
        lock = threading.Lock()

        def work():
            while True:
                if self.stopped:
                    return
                if time.monotonic() > self.deadline:
                    self.stopped = self.stopped or f"the time limit ({self.args.max_seconds:.0f} s) ran out"
                    return
                with lock:
                    case = next(source, None)
                if case is None:
                    return
                self.send(case, phase)

        threads = [threading.Thread(target=work, daemon=True) for _ in range(self.args.workers)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()

    def fetch_json(self, route: str, target: str):
        outcome = self.send(self.get(route, target, note="discovery"), "discovery")
        if outcome.responses and outcome.responses[0].status == 200:
            try:
                return json.loads(outcome.responses[0].body), outcome.responses[0]
            except ValueError:
                pass
        return None, (outcome.responses[0] if outcome.responses else None)

    # -- 1. discovery -----------------------------------------------------

    def discover(self):
        k = self.known
        facets = collections.defaultdict(set)
        for word in WORDS[:6] + [WORD]:
            body, _ = self.fetch_json("/api/search", f"/api/search?q={encode(word)}&per_page=100")
            for hit in (body or {}).get("hits", []):
                hostile = word == WORD
                (k.hostile_speeches if hostile else k.speeches).append(hit["speech_id"])
                (k.hostile_meetings if hostile else k.meetings).append(hit["meeting"]["id"])
            for name in ("municipality", "body", "position", "speaker"):
                for entry in (body or {}).get("facets", {}).get(name, []):
                    facets[name].add(entry["value"])
            body, _ = self.fetch_json("/api/agenda", f"/api/agenda?q={encode(word)}&per_page=100")
            for item in (body or {}).get("items", []):
                (k.hostile_agenda if word == WORD else k.agenda).append(item["id"])
        for prefix in ["議", "委", "部", "市", "区", "鵺"]:
            body, _ = self.fetch_json("/api/speakers", f"/api/speakers?q={encode(prefix)}")
            for person in (body or {}).get("speakers", []):
                hostile = "鵺" in person["name"]
                (k.hostile_speakers if hostile else k.speakers).append(person["key"])
                if not hostile:
                    k.names.append(person["name"])
        for meeting in k.meetings[:8]:
            # People are linked from the meeting pages.
            outcome = self.send(self.get("/meetings/{id}", f"/meetings/{encode(meeting)}", note="discovery"),
                                "discovery")
            for response in outcome.responses:
                page = response.body.decode("utf-8", "replace")
                for href in re.findall(r'href="/speakers/([^"?#]+)"', page):
                    k.speakers.append(unquote(html.unescape(href)))
        for word in ["", "防災"]:
            outcome = self.send(self.get("/api/search.csv", f"/api/search.csv?q={encode(word)}&limit=3",
                                         note="discovery"), "discovery")
            for response in outcome.responses:
                if response.get("x-next-cursor"):
                    k.cursors.append(response.get("x-next-cursor"))
        hostile = set(k.hostile_meetings) | set(k.hostile_speeches) | set(k.hostile_agenda)
        for name in ("meetings", "speeches", "agenda", "speakers", "names", "hostile_meetings",
                     "hostile_speeches", "hostile_agenda", "hostile_speakers"):
            values = list(dict.fromkeys(getattr(k, name)))
            if not name.startswith("hostile"):
                values = [v for v in values if v not in hostile]
            setattr(k, name, values[:200])
        k.municipalities = sorted(facets["municipality"])
        k.bodies = sorted(facets["body"])
        k.positions = sorted(facets["position"])
        problems = []
        if len(k.hostile_meetings) < 2:
            problems.append(f"the hostile meetings are not found by q={WORD} ({k.hostile_meetings})")
        if not k.hostile_agenda:
            problems.append("no hostile agenda item found")
        if not k.hostile_speakers:
            problems.append("no hostile speaker found by /api/speakers?q=鵺")
        if not (k.meetings and k.speeches and k.agenda and k.speakers):
            problems.append("the real minutes gave no meetings, speeches, agenda items or speakers")
        for problem in problems:
            self.tally.failures.append(Failure("GET", "(discovery)", "-", problem))

    # -- 2. security probes -----------------------------------------------

    def probe_cases(self):
        k = self.known
        hostile_municipality = next((m for m in k.municipalities if "鵺" in m), "")
        real_municipality = next((m for m in k.municipalities if "鵺" not in m), "品川区")
        hostile_id = {
            "meeting": (k.hostile_meetings or ["x"])[0],
            "speech": (k.hostile_speeches or ["x"])[0],
            "agenda": (k.hostile_agenda or ["x"])[0],
            "speaker": (k.hostile_speakers or ["x"])[0],
        }
        # Each probe in every parameter of every HTML page (on the hostile
        # records, or searching for them), the Atom feed and the NDL API.
        bases = {
            "/compare": [("q", WORD), ("municipality", hostile_municipality),
                         ("municipality", real_municipality)],
            "/api/speech": [("any", WORD), ("recordPacking", "xml")],
            "/api/meeting_list": [("any", WORD), ("recordPacking", "xml")],
            "/api/meeting": [("any", WORD), ("recordPacking", "xml")],
        }
        for route in ROUTES:
            if not (route.html or route.path == "/feeds/search.atom" or route.path in NDL_ROUTES):
                continue
            kind = ID_KIND.get(route.path)
            path = fill_path(route.path, encode(hostile_id[kind])) if kind else route.path
            base = bases.get(route.path, [("q", WORD)] if "q" in route.params and not kind else [])
            for name in dict.fromkeys(route.params or ("x",)):  # a stray one where none is read
                for probe in PROBES:
                    pairs = [(key, value) for key, value in base if key != name] + [(name, probe)]
                    yield self.get(route.path, f"{path}?{query(pairs)}", note=f"probe in {name}")
        # Probes as ids: the error pages echo them.
        for probe in PROBES:
            for path in ["/meetings/{id}", "/speeches/{id}", "/agenda/{id}", "/speakers/{key}"]:
                yield self.get(path, fill_path(path, encode(probe)), note="probe as id")
        # The pages that show the hostile records: each must show them, escaped.
        w = encode(WORD)

        def shows(route: str, target: str, note: str) -> Case:
            return self.get(route, target, note=note, expect_hostile=True)

        for meeting in k.hostile_meetings:
            m = encode(meeting)
            for suffix in ["", f"?q={w}", "?q=script", f"?q={encode(SCRIPT)}"]:
                yield shows("/meetings/{id}", f"/meetings/{m}{suffix}", "hostile meeting")
            yield shows("/api/meetings/{id}", f"/api/meetings/{m}", "hostile meeting")
            yield shows("/api/speech", f"/api/speech?issueID={m}&recordPacking=xml", "hostile meeting")
            yield shows("/api/meeting", f"/api/meeting?issueID={m}", "hostile meeting")
        for speech in k.hostile_speeches:
            yield shows("/speeches/{id}", f"/speeches/{encode(speech)}", "hostile speech")
            yield shows("/api/speeches/{id}/similar", f"/api/speeches/{encode(speech)}/similar", "hostile speech")
        for key in k.hostile_speakers:
            for suffix in ["", f"?q={w}", "?from=2023&until=2023", "?page=2"]:
                yield shows("/speakers/{key}", f"/speakers/{encode(key)}{suffix}", "hostile speaker")
            yield shows("/api/speakers/{key}", f"/api/speakers/{encode(key)}", "hostile speaker")
        for item in k.hostile_agenda:
            for suffix in ["", "?answers=true"]:
                yield shows("/agenda/{id}", f"/agenda/{encode(item)}{suffix}", "hostile agenda item")
            yield shows("/api/agenda/{id}/similar", f"/api/agenda/{encode(item)}/similar", "hostile agenda item")
        searches = [f"q={w}", f"q={w}&group=meeting", f"q={w}&sort=date_asc",
                    f"q={w}&answers=true", "q=%E9%B5%BA", f"q={encode('鵺 ' + SCRIPT)}"]
        searches += [f"q={w}&split={split}" for split in SPLITS]
        for name, values in [("municipality", k.municipalities), ("body", k.bodies),
                             ("position", k.positions)]:
            searches += [f"q={w}&{name}={encode(v)}" for v in values if "鵺" in v or "<" in v or "=" in v]
        for search in searches:
            yield shows("/", f"/?{search}", "hostile results")
            yield shows("/feeds/search.atom", f"/feeds/search.atom?{search}", "hostile results")
        # Agenda items as results (the feed has no entries for them: checked, not required).
        yield shows("/", f"/?q={w}&scope=agenda", "hostile results")
        yield self.get("/feeds/search.atom", f"/feeds/search.atom?q={w}&scope=agenda", note="hostile results")
        assemblies = [("municipality", hostile_municipality), ("municipality", real_municipality)]
        yield shows("/compare", "/compare?" + query([("q", WORD)] + assemblies), "hostile comparison")
        yield shows("/compare", "/compare?" + query(assemblies), "hostile comparison")
        yield shows("/sitemap.xml", "/sitemap.xml", "hostile ids in the sitemap")
        # Exports: the hostile rows' formula cells must come out neutralized.
        dash_body = next((b for b in k.bodies if b.startswith("-")), "")
        for target in [f"/api/search.csv?q={w}", f"/api/search.csv?q={w}&scope=agenda",
                       f"/api/search.csv?body={encode(dash_body)}"]:
            yield self.get("/api/search.csv", target, note="hostile export", expect_neutralized=True)
        for split in ["body", "position", "speaker"]:
            yield self.get("/api/trends.csv", f"/api/trends.csv?q={w}&split={split}",
                           note="hostile export", expect_neutralized=True)
        yield self.get("/api/trends.csv", f"/api/trends.csv?q={w}&q={encode(FORMULA)}&q=-1",
                       note="hostile export")
        yield self.get("/api/search.jsonl", f"/api/search.jsonl?q={w}", note="hostile export")
        speech = hostile_id["speech"]
        # A hostile Host: links, canonical URLs and the NDL records are built from it.
        for host in [f'evil.example">{SCRIPT}', f"{IMG}", JS_URL, "a b", "127.0.0.1:1/<x>"]:
            for target, route in [(f"/api/speech?any={w}&recordPacking=xml", "/api/speech"),
                                  (f"/api/speech?any={w}&recordPacking=json", "/api/speech"),
                                  (f"/api/meeting_list?any={w}", "/api/meeting_list"),
                                  (f"/api/meeting?any={w}", "/api/meeting"),
                                  (f"/feeds/search.atom?q={w}", "/feeds/search.atom"),
                                  ("/sitemap.xml", "/sitemap.xml"),
                                  (f"/speeches/{encode(speech)}", "/speeches/{id}"),
                                  (f"/?q={w}", "/")]:
                yield self.get(route, target, host=host, note="hostile Host header")

    # -- 3. fuzz ----------------------------------------------------------

    def fuzz_cases(self, budget: int):
        """`budget` requests' worth of cases, each from its own seeded
        generator: the same seed gives the same cases."""
        sent, i = 0, 0
        while sent < budget:
            rng = random.Random(f"{self.args.seed}:{i}")
            case = self.fuzz_case(rng, i)
            case.note = case.note or f"case {self.args.seed}:{i}"
            if len(case.parts) > budget - sent:
                i += 1
                continue
            sent += len(case.parts)
            i += 1
            yield case

    def fuzz_case(self, rng: random.Random, i: int) -> Case:
        roll = rng.random()
        if roll < 0.55 or i < len(ROUTES):  # the first cases visit every route
            return self.parameter_case(rng, ROUTES[i % len(ROUTES)])
        if roll < 0.67:
            return self.path_case(rng)
        if roll < 0.75:
            return self.method_case(rng)
        if roll < 0.88:
            return self.protocol_case(rng)
        if roll < 0.95:
            return self.header_case(rng)
        return self.keep_alive_case(rng)

    def route_path(self, rng: random.Random, route: Route) -> str:
        kind = ID_KIND.get(route.path)
        if not kind:
            return route.path
        return fill_path(route.path, encode(rng.choice(self.known.ids(kind))))

    def random_target(self, rng: random.Random, route: Route | None = None) -> tuple:
        route = route or rng.choice(ROUTES)
        path = self.route_path(rng, route)
        pairs = [(name, good_value(rng, self.known, route.path, name))
                 for name in rng.sample(route.params, min(len(route.params), rng.randint(0, 3)))]
        if route.path in NDL_ROUTES and not pairs:
            pairs = [("any", rng.choice(WORDS))]
        return route, (f"{path}?{query(pairs)}" if pairs else path)

    def parameter_case(self, rng: random.Random, route: Route) -> Case:
        path = self.route_path(rng, route)
        names = list(route.params) or ["q", "x"]
        pairs = []
        for _ in range(rng.choice([0, 1, 1, 2, 2, 3, 3, 4, 6, 9])):
            name = rng.choice(names) if rng.random() < 0.93 else rng.choice(
                ["", "x", "q[]", "Q", "q ", "%71", "a" * 300, "页", "__proto__", "page\x00"])
            value = good_value(rng, self.known, route.path, name) if rng.random() < 0.55 \
                else hostile_value(rng, name)
            pairs.append((name, value))
        pieces = []
        for name, value in pairs:
            key = encode(name)
            roll = rng.random()
            if roll < 0.1:
                value = encode(value, plus=True)
            elif roll < 0.2:
                text = encode(value)
                at = rng.randint(0, len(text))
                value = text[:at] + rng.choice(BAD_PERCENT) + text[at:]
            else:
                value = encode(value)
            if rng.random() < 0.03:
                pieces.append(key)  # a key without =
            else:
                pieces.append(f"{key}={value}")
        roll = rng.random()
        note = ""
        if roll < 0.03:
            name = rng.choice(names)
            pieces += [f"{encode(name)}={encode(good_value(rng, self.known, route.path, name))}"] * 1000
            note = f"1,000 × {name}="
        elif roll < 0.05:
            pieces += [f"k{n}={n}" for n in range(1000)]
            note = "1,000 parameters"
        separator = rng.choice(["&"] * 8 + [";", "&&", "&amp;"])
        qs = separator.join(pieces)
        target = f"{path}?{qs}" if qs or rng.random() < 0.2 else path
        if rng.random() < 0.03:
            target += "#fragment"  # not allowed in a request target
            return Case(route.path, "GET", target, [http("GET", target, port=self.port)],
                        kind=MALFORMED, note=note)
        if rng.random() < 0.04:  # raw bytes in the query: not a valid request target
            raw = target.encode() + b"&" + rng.choice(
                [b"q=\xff\xfe", b"q=\xc0\xaf", "q=防災".encode(), b"q=\xe3\x81", b"q=a b", b"q=\x00",
                 b"q=\x7f", b"q=<script>", b'q="', b"q={}|\\^`"])
            return Case(route.path, "GET", raw.decode("latin-1"), [http("GET", raw, port=self.port)],
                        kind=MALFORMED, note="raw bytes in the query")
        return Case(route.path, "GET", target, [http("GET", target, port=self.port)], note=note)

    def path_case(self, rng: random.Random) -> Case:
        route = rng.choice([r for r in ROUTES if r.path in ID_KIND])
        kind = ID_KIND[route.path]
        real = rng.choice(self.known.ids(kind))
        idents = [
            "..", "%2e%2e", "../../../../etc/passwd", "%2e%2e%2f%2e%2e%2fetc%2fpasswd",
            "..%2F..%2F..%2Fetc%2Fpasswd", "%2F", "%2F%2F", "%00", "a%00b", encode(real) + "%00",
            encode(real) + "%2F..", "%2e", ".", "%", "%zz", "%E3%81", "%C0%AF", "%C0%AE%C0%AE%C0%AF",
            "%ED%A0%80", "%FF%FE", "%F4%90%80%80", encode("x" * 10_000), encode("鵺" * 1100),
            encode(rng.choice(PROBES)), encode(random_text(rng, 30)), "%23" + str(rng.randint(0, 99)),
            encode(real) + "%23999999999999999999999", encode(real + "#-1"), encode(real) + "/",
            encode(real) + ";x=1", encode(real).upper(), "%20", "+", "~", "0", "-1",
            "18446744073709551616.xml", "-1.xml", "0.XML", "00.xml", ".xml", "1e3.xml",
            encode(real[: max(1, len(real) // 2)]), encode(real) + "-9999", encode(real + "-0"),
            "CON", "%5C..%5C..%5Cwindows", "%u002e",
        ]
        ident = rng.choice(idents) if rng.random() < 0.8 else encode(real)
        target = fill_path(route.path, ident)
        shape = rng.random()
        if shape < 0.05:
            target = "/" + "a/" * 5000  # a 10 KB path
        elif shape < 0.08:
            target = route.path.split("{")[0].rstrip("/") + "/" + "b" * 10_000
        elif shape < 0.12:
            target = "/" + target.lstrip("/").replace("/", "//")
        elif shape < 0.15:
            target = target.upper()
        elif shape < 0.2:
            raw = rng.choice([b"\xff\xfe", b"\xc0\xaf", b"\xe3\x81", "会議".encode(), b"\x00", b" x",
                              b"\x7f", b"<>\"{}|\\^`"])
            body = fill_path(route.path, "").encode() + raw
            return Case(route.path, "GET", body.decode("latin-1"), [http("GET", body, port=self.port)],
                        kind=MALFORMED, note="raw bytes in the path")
        return Case(route.path, "GET", target, [http("GET", target, port=self.port)])

    def method_case(self, rng: random.Random) -> Case:
        route, target = self.random_target(rng)
        method = rng.choice(["POST", "PUT", "DELETE", "HEAD", "HEAD", "OPTIONS", "PATCH", "TRACE",
                             "PROPFIND", "FOO", "get", "GeT", "M-SEARCH", "X" * 1000, "CONNECT",
                             "G ET", "GET\x00", "(GET)", "GÉT", ""])
        body_roll = rng.random()
        headers, body = [], b""
        if body_roll < 0.3:
            body = os.urandom(rng.choice([1, 10, 1000, 20_000]))
        elif body_roll < 0.45:
            body = b"q=" + quote(rng.choice(PROBES)).encode()
            headers = ["Content-Type: application/x-www-form-urlencoded"]
        elif body_roll < 0.55:
            body = b"5\r\nhello\r\n0\r\n\r\n"
            headers = ["Transfer-Encoding: chunked"]
        elif body_roll < 0.6:
            body = json.dumps({"q": SCRIPT}).encode()
            headers = ["Content-Type: application/json", "Expect: 100-continue"]
        valid = re.fullmatch(r"[A-Za-z\-]+", method) is not None and method != "CONNECT"
        return Case(route.path, method or "(empty)", target,
                    [http(method, target, headers=headers, body=body, port=self.port)],
                    kind=VALID if valid else MALFORMED, note=f"method {method[:20]!r}")

    def protocol_case(self, rng: random.Random) -> Case:
        route, target = self.random_target(rng)
        host = f"Host: 127.0.0.1:{self.port}"
        t = target.encode()
        tb = t
        choices = [
            # bad versions
            lambda: b"GET " + tb + b" HTTP/2.0\r\n" + host.encode() + b"\r\n\r\n",
            lambda: b"GET " + tb + b" HTTP/1.2\r\n" + host.encode() + b"\r\n\r\n",
            lambda: b"GET " + tb + b" HTTP/0.9\r\n\r\n",
            lambda: b"GET " + tb + b" HTTP/9.9\r\n\r\n",
            lambda: b"GET " + tb + b" HTTP/1\r\n\r\n",
            lambda: b"GET " + tb + b" HTTP/1.1.1\r\n\r\n",
            lambda: b"GET " + tb + b" http/1.1\r\n\r\n",
            lambda: b"GET " + tb + b" HTTPS/1.1\r\n\r\n",
            lambda: b"GET " + tb + b"\r\n\r\n",
            lambda: b"GET " + tb + b" HTTP/\r\n\r\n",
            # request lines
            lambda: b"GET  " + tb + b"  HTTP/1.1\r\n" + host.encode() + b"\r\n\r\n",
            lambda: b"GET\t" + tb + b"\tHTTP/1.1\r\n\r\n",
            lambda: b" GET " + tb + b" HTTP/1.1\r\n\r\n",
            lambda: b"GET " + tb + b" HTTP/1.1 extra\r\n\r\n",
            lambda: tb + b" HTTP/1.1\r\n\r\n",
            lambda: b"GET\r\n\r\n",
            lambda: b"GET " + tb + b" HTTP/1.1\r" + host.encode() + b"\r\r",
            lambda: b"GET " + tb.replace(b"?", b"?\x00") + b" HTTP/1.1\r\n\r\n",
            lambda: b"\x00" * rng.randint(1, 100),
            lambda: os.urandom(rng.randint(1, 3000)),
            lambda: b"\x16\x03\x01\x02\x00\x01\x00\x01\xfc\x03\x03" + os.urandom(64),
            lambda: b"PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n",
            lambda: b"OPTIONS * HTTP/1.1\r\n" + host.encode() + b"\r\n\r\n",
            lambda: b"",
            lambda: b"\r\n" * 200,
            lambda: b"GET " + tb + b" HTTP/1.1\r\n" + host.encode() + b"\r\n",  # head never ends
            lambda: b"GET " + b"/" * 70_000 + b" HTTP/1.1\r\n\r\n",
            # header lines
            lambda: b"GET " + tb + b" HTTP/1.1\r\nHost 127.0.0.1\r\n\r\n",
            lambda: b"GET " + tb + b" HTTP/1.1\r\n Host: x\r\n\r\n",
            lambda: b"GET " + tb + b" HTTP/1.1\r\nHo st: x\r\n\r\n",
            lambda: b"GET " + tb + b" HTTP/1.1\r\nHost : x\r\n\r\n",
            lambda: b"GET " + tb + b" HTTP/1.1\r\n" + host.encode() + b"\r\nX-A: b\r\n folded\r\n\r\n",
            lambda: b"GET " + tb + b" HTTP/1.1\r\n" + host.encode() + b"\r\nX-A: a\x00b\r\n\r\n",
            lambda: b"GET " + tb + b" HTTP/1.1\r\n" + host.encode() + b"\r\nX\x7fA: a\r\n\r\n",
            lambda: b"GET " + tb + b" HTTP/1.1\r\n" + host.encode() + b"\r\n: empty\r\n\r\n",
            lambda: b"GET " + tb + b" HTTP/1.1\r\n" + host.encode() + b"\r\nX-A: a\rb\r\n\r\n",
            lambda: b"GET " + tb + b" HTTP/1.1\r\n" + host.encode() + b"\r\n" + b"X" * 20_000 + b": a\r\n\r\n",
            lambda: b"GET " + tb + b" HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n",
            lambda: b"GET " + tb + b" HTTP/1.1\r\nConnection: close\r\n\r\n",  # no Host
            lambda: b"GET " + tb + b" HTTP/1.1\r\n" + host.encode() + b"\r\nX-Big: " + b"a" * 65_536 + b"\r\n\r\n",
            lambda: b"GET " + tb + b" HTTP/1.1\r\n" + host.encode() + b"\r\n"
                    + b"".join(b"X-H%d: v\r\n" % n for n in range(rng.choice([101, 200, 1000]))) + b"\r\n",
            # Transfer-Encoding and Content-Length tricks
            lambda: b"GET " + tb + b" HTTP/1.1\r\n" + host.encode()
                    + b"\r\nContent-Length: 4\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\nGET /healthz HTTP/1.1\r\n"
                    + host.encode() + b"\r\n\r\n",
            lambda: b"POST " + tb + b" HTTP/1.1\r\n" + host.encode()
                    + b"\r\nTransfer-Encoding: chunked, identity\r\n\r\n5\r\nhello\r\n0\r\n\r\n",
            lambda: b"POST " + tb + b" HTTP/1.1\r\n" + host.encode() + b"\r\nTransfer-Encoding: xchunked\r\n\r\n5\r\nhello",
            lambda: b"POST " + tb + b" HTTP/1.1\r\n" + host.encode() + b"\r\nTransfer-Encoding: identity\r\n\r\nhello",
            lambda: b"POST " + tb + b" HTTP/1.1\r\n" + host.encode()
                    + b"\r\nTransfer-Encoding: chunked\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n",
            lambda: b"POST " + tb + b" HTTP/1.1\r\n" + host.encode()
                    + b"\r\nTransfer-Encoding:\tchunked\r\n\r\n0\r\n\r\n",
            lambda: b"POST " + tb + b" HTTP/1.1\r\n" + host.encode() + b"\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\nhello\r\n0\r\n\r\n",
            lambda: b"POST " + tb + b" HTTP/1.1\r\n" + host.encode()
                    + b"\r\nTransfer-Encoding: chunked\r\n\r\nffffffffffffffffffff\r\nhello\r\n0\r\n\r\n",
            lambda: b"POST " + tb + b" HTTP/1.1\r\n" + host.encode() + b"\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n",
            lambda: b"POST " + tb + b" HTTP/1.1\r\n" + host.encode()
                    + b"\r\nTransfer-Encoding: chunked\r\n\r\n5;a=\x00\r\nhello\r\n0\r\n\r\n",
            lambda: b"POST " + tb + b" HTTP/1.0\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n0\r\n\r\n",
            lambda: b"POST " + tb + b" HTTP/1.1\r\n" + host.encode() + b"\r\nContent-Length: 5\r\nContent-Length: 6\r\n\r\nhello!",
            lambda: b"POST " + tb + b" HTTP/1.1\r\n" + host.encode() + b"\r\nContent-Length: -1\r\n\r\n",
            lambda: b"POST " + tb + b" HTTP/1.1\r\n" + host.encode() + b"\r\nContent-Length: 1e3\r\n\r\n",
            lambda: b"POST " + tb + b" HTTP/1.1\r\n" + host.encode()
                    + b"\r\nContent-Length: 99999999999999999999\r\n\r\nhello",
            lambda: b"POST " + tb + b" HTTP/1.1\r\n" + host.encode() + b"\r\nContent-Length: 1000\r\n\r\nshort",
            lambda: b"GET " + tb + b" HTTP/1.1\r\n" + host.encode() + b"\r\nContent-Length: +5\r\n\r\nhello",
        ]
        which = rng.randrange(len(choices))
        payload = choices[which]()
        kind = OVERSIZE if len(payload) > HEAD_LIMIT else MALFORMED
        method, _, rest = payload.split(b"\r\n", 1)[0][:300].decode("latin-1").partition(" ")
        return Case(route.path, method[:20] or "(none)", rest or repr(payload[:100]), [payload], kind=kind,
                    note=f"protocol case {which}")

    def header_case(self, rng: random.Random) -> Case:
        route, target = self.random_target(rng, rng.choice(
            [BY_PATH[p] for p in ["/api/speech", "/api/meeting", "/feeds/search.atom", "/sitemap.xml",
                                  "/speeches/{id}", "/", "/api/search"]] + ROUTES))
        probe = rng.choice(PROBES + ["", "a", "[::1]:80", "evil.example", "x" * 1000, "127.0.0.1:0",
                                     random_text(rng, 20)])
        host, headers = "", []
        roll = rng.random()
        if roll < 0.35:
            host = probe or " "
        elif roll < 0.6:
            name = rng.choice(["User-Agent", "Referer", "Cookie", "Accept-Language", "X-Forwarded-For",
                               "X-Forwarded-Host", "Forwarded", "Origin", "Accept", "If-None-Match",
                               "Range", "Accept-Encoding", "Authorization", "X-Requested-With"])
            headers = [f"{name}: {probe}"]
        elif roll < 0.75:
            headers = [rng.choice(["Accept: text/html", "Accept: application/json", "Accept-Encoding: gzip, br",
                                   "Range: bytes=0-10", "Range: bytes=-1", "If-None-Match: *",
                                   "If-Modified-Since: Thu, 01 Jan 1970 00:00:00 GMT", "Upgrade: h2c",
                                   "Upgrade: websocket", "Expect: 100-continue", "TE: trailers",
                                   "Max-Forwards: 0", "Cookie: " + "a=b; " * 2000])]
        elif roll < 0.9:
            headers = [f"X-H{n}: {probe[:50]}" for n in range(50)]
        else:
            version = rng.choice(["HTTP/1.0", "HTTP/1.0"])
            payload = http("GET", target, host=None, version=version, port=self.port)
            return Case(route.path, "GET", target, [payload], note="HTTP/1.0 without Host")
        try:
            payload = http("GET", target, host=host, headers=headers, port=self.port)
        except UnicodeEncodeError:
            payload = http("GET", target, headers=headers, port=self.port)
        head_lines = payload.split(b"\r\n\r\n")[0].split(b"\r\n")
        raw_bytes = any(b > 0x7E or (b < 0x20 and b != 9) for line in head_lines for b in line)
        return Case(route.path, "GET", target, [payload], kind=MALFORMED if raw_bytes else VALID,
                    note=f"headers {(host or ' '.join(headers))[:60]!r}")

    def keep_alive_case(self, rng: random.Random) -> Case:
        n = rng.randint(2, 4)
        parts, heads, targets = [], [], []
        route = None
        for j in range(n):
            route, target = self.random_target(rng)
            method = "HEAD" if rng.random() < 0.2 else "GET"
            parts.append(http(method, target, close=j == n - 1, port=self.port))
            heads.append(method == "HEAD")
            targets.append(target)
        pipelined = rng.random() < 0.5
        return Case(route.path, "GET", " | ".join(targets), parts, heads=heads, pipelined=pipelined,
                    note=f"{'pipelined' if pipelined else 'keep-alive'} × {n}")

    # -- 4. burst ---------------------------------------------------------

    def burst(self, n: int):
        """`n` heavy requests at once: past the waiting room the server must
        say it is busy (503 with Retry-After), not fail or hang."""
        barrier = threading.Barrier(n)
        k = self.known
        # Tens of milliseconds each, small answers: the waiting room fills,
        # and the last one waits a few seconds, well within the deadline.
        heavy = [
            ("/api/search", "/api/search?q=%E3%81%AE%20OR%20%E3%81%AF%20OR%20%E3%81%8C&per_page=100"
                            "&group=meeting"),
            ("/", "/?q=%E3%81%AE&split=speaker"),
            ("/api/search.csv", "/api/search.csv?limit=10000&q=%E3%81%AE"),
            ("/api/trends", "/api/trends?q=%E3%81%AE&split=speaker"),
        ]
        # Every engine route's answer when it is busy.
        light = [(route, self.route_path(random.Random(j), BY_PATH[route])) for j, route in enumerate([
            "/meetings/{id}", "/speeches/{id}", "/speakers/{key}", "/agenda/{id}", "/api/search",
            "/api/meetings/{id}", "/api/speeches/{id}", "/api/agenda/{id}", "/api/speakers/{key}",
            "/api/speeches/{id}/similar", "/api/agenda/{id}/similar", "/feeds/search.atom",
            "/sitemap.xml", "/api/agenda", "/api/search.jsonl", "/api/trends.csv"])]
        light.append(("/api/speakers", "/api/speakers?q=%E8%AD%B0"))
        light += [("/compare", "/compare?" + query([("q", "の")] + [("municipality", m) for m in
                                                                   (k.municipalities or ["品川区"])[:2]])),
                  ("/api/speech", "/api/speech?any=%E3%81%AE"), ("/api/meeting", "/api/meeting?any=%E3%81%AE"),
                  ("/api/meeting_list", "/api/meeting_list?any=%E3%81%AE")]
        plan = [heavy[j % len(heavy)] if j % 3 else light[(j // 3) % len(light)] for j in range(n)]
        cases = [self.get(route, target, note="burst") for route, target in plan]

        def connected():  # every connection open before any request goes
            try:
                barrier.wait(30)
            except threading.BrokenBarrierError:
                pass

        def one(case):
            self.send(case, "burst", connected)

        threads = [threading.Thread(target=one, args=(c,), daemon=True) for c in cases]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()


# ---------------------------------------------------------------------------
# Setup, report, main
# ---------------------------------------------------------------------------


def routes_in_source() -> list:
    """The routes `router` declares, when the repository is at hand."""
    lib = Path(__file__).resolve().parents[2] / "crates" / "kaigiroku-server" / "src" / "lib.rs"
    try:
        return re.findall(r'\.route\(\s*"([^"]+)"', lib.read_text("utf-8"))
    except OSError:
        return []


def prepare(args, folder: Path) -> Path:
    """Writes the hostile minutes, checks that kaigiroku reads them, and
    ingests them with --data into a new index."""
    hostile = folder / "hostile.jsonl"
    hostile.write_text("".join(json.dumps(m, ensure_ascii=False) + "\n" for m in hostile_meetings()), "utf-8")
    base = [args.bin, "--dict", args.dict]
    parsed = subprocess.run(base + ["parse", str(hostile)], capture_output=True, timeout=120)
    lines = [line for line in parsed.stdout.decode("utf-8", "replace").splitlines() if line.strip()]
    if parsed.returncode != 0 or len(lines) != len(hostile_meetings()):
        raise RuntimeError(f"`parse` does not read the hostile file (exit {parsed.returncode}, "
                           f"{len(lines)} meetings): {parsed.stderr.decode('utf-8', 'replace')[-1000:]}")
    index = folder / "index"
    ingest = subprocess.run(base + ["ingest", args.data, str(hostile), "--index", str(index)],
                            capture_output=True, timeout=1800)
    output = (ingest.stdout + ingest.stderr).decode("utf-8", "replace")
    if ingest.returncode not in (0, 1):
        raise RuntimeError(f"ingest failed (exit {ingest.returncode}):\n{output[-2000:]}")
    refused = [line for line in output.splitlines() if "hostile.jsonl" in line]
    if refused:
        raise RuntimeError("ingest did not take the hostile file whole:\n" + "\n".join(refused))
    summary = next((line for line in output.splitlines() if "meetings written" in line), "")
    print(f"ingested {args.data} + hostile.jsonl (exit {ingest.returncode}): {summary.strip()}")
    return index


def report(run: Run, server_alive: bool, healthy: bool, panics: int, error_lines: int, elapsed: float) -> bool:
    t = run.tally
    failures = list(t.failures)
    if not server_alive:
        failures.append(Failure("-", "(server)", "-", "the server process is not alive at the end"))
    elif not healthy:
        failures.append(Failure("GET", "/healthz", "-", "/healthz does not answer 200 at the end"))
    if panics:
        failures.append(Failure("-", "(server stderr)", "-", f"{panics} line(s) with 'panicked' in the server's stderr"))
    if run.stopped:
        failures.append(Failure("-", "(run)", "-", f"the run stopped early: {run.stopped}"))
    passed = not failures
    print()
    print("requests per route:")
    for route in ROUTES:
        print(f"  {t.requests.get(route.path, 0):6d}  {route.path}")
    others = {r: n for r, n in t.requests.items() if r not in BY_PATH}
    for route, n in sorted(others.items()):
        print(f"  {n:6d}  {route}")
    print(f"requests per phase: {dict(t.phases)}; per kind: {dict(t.kinds)}")
    print("statuses: " + ", ".join(f"{s}: {n}" for s, n in sorted(t.statuses.items())))
    print(f"5xx (not counting busy): {t.server_errors}; 503 busy with Retry-After: {t.busy}")
    print(f"closed without a response (allowed for malformed/oversize requests): "
          f"{sum(t.closed.values())} {dict(t.closed)}; bare protocol refusals: {t.protocol_refusals}; "
          f"timeouts: {t.timeouts}")
    print("checks run: " + ", ".join(f"{k} {n}" for k, n in sorted(t.checks.items()))
          + f"; failed: {dict(t.check_failures) or 0}")
    print(f"slowest exchange: {t.slowest[0]:.2f} s ({t.slowest[1]})")
    print(f"server: alive {server_alive}, /healthz {healthy}, panics {panics}, ERROR log lines {error_lines}")
    for note in run.notes:
        print(f"note: {note}")
    print(f"elapsed: {elapsed:.1f} s for {t.total()} requests")
    if failures:
        print(f"\nFAILED: {len(failures)} failure(s)")
        reasons = collections.Counter(re.sub(r"\d+", "N", f.reason)[:90] for f in failures)
        for reason, n in reasons.most_common(30):
            print(f"  {n:5d} × {reason}")
        shown = failures[: run.args.show]
        for f in shown:
            target = f.target if len(f.target) <= 200 else f.target[:200] + "…"
            print(f"- {f.method[:20]} {target!r} → {f.status}: {f.reason[:400]}"
                  + (f"  ({f.note})" if f.note else ""))
        if len(failures) > len(shown):
            print(f"… and {len(failures) - len(shown)} more (--show N prints more)")
        if run.stopped and t.recent:
            print("last requests sent:")
            for case in list(t.recent):
                print(f"  {case.method[:20]} {case.target[:200]!r} ({case.note})")
    else:
        print("\nPASSED")
    machine = {
        "passed": passed,
        "seed": run.args.seed,
        "requests": t.total(),
        "phases": dict(t.phases),
        "routes": dict(t.requests),
        "statuses": {str(s): n for s, n in sorted(t.statuses.items())},
        "server_errors": t.server_errors,
        "busy_503": t.busy,
        "closed_without_response": sum(t.closed.values()),
        "protocol_refusals": t.protocol_refusals,
        "timeouts": t.timeouts,
        "checks": dict(t.checks),
        "check_failures": dict(t.check_failures),
        "failures": len(failures),
        "panics": panics,
        "server_alive": server_alive,
        "healthz": healthy,
        "elapsed_s": round(elapsed, 1),
    }
    print("FUZZ " + json.dumps(machine, ensure_ascii=False, sort_keys=True))
    return passed


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--bin", required=True, help="the kaigiroku binary")
    parser.add_argument("--dict", required=True, help="the compiled IPADIC folder")
    parser.add_argument("--requests", type=int, default=2000, help="fuzz requests (default 2000)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--data", default="tests/data", help="real minutes to ingest (default tests/data)")
    parser.add_argument("--workers", type=int, default=4, help="connections at once (default 4)")
    parser.add_argument("--timeout", type=float, default=12.0,
                        help="seconds per exchange (default 12: past the server's 10 s deadline)")
    parser.add_argument("--max-seconds", type=float, default=900.0, help="bound on the whole run")
    parser.add_argument("--show", type=int, default=200, help="failures printed in full")
    parser.add_argument("--keep", action="store_true", help="keep the temporary folder")
    args = parser.parse_args()

    if not Path(args.data).exists():  # relative to the repository, when run from elsewhere
        in_repo = Path(__file__).resolve().parents[2] / args.data
        if in_repo.exists():
            args.data = str(in_repo)
    started = time.monotonic()
    folder = Path(tempfile.mkdtemp(prefix="kaigiroku-fuzz-"))
    server = None
    try:
        index = prepare(args, folder)
        server = Server(args.bin, args.dict, index, folder)
        server.start()
        print(f"serving on 127.0.0.1:{server.port} (stderr in {server.stderr_path})")
        run = Run(args, server)
        declared = routes_in_source()
        missing = [r for r in declared if r not in BY_PATH]
        if missing:
            run.notes.append(f"routes in lib.rs this fuzzer does not know: {missing}")

        run.discover()
        k = run.known
        print(f"found {len(k.meetings)} meetings, {len(k.speeches)} speeches, {len(k.agenda)} agenda items, "
              f"{len(k.speakers)} speakers, {len(k.cursors)} cursors; hostile: {len(k.hostile_meetings)} "
              f"meetings, {len(k.hostile_speeches)} speeches, {len(k.hostile_agenda)} items, "
              f"{len(k.hostile_speakers)} speakers")
        run.send_all(run.probe_cases(), "probes")
        print(f"probes: {run.tally.phases['probes']} requests, {time.monotonic() - started:.1f} s")
        burst = min(96, max(8, args.requests // 20)) if args.requests >= 40 else 0
        run.send_all(run.fuzz_cases(args.requests - burst), "fuzz")
        if burst and not run.stopped:
            run.burst(burst)
        print(f"fuzz: {run.tally.phases['fuzz'] + run.tally.phases['burst']} requests, "
              f"{time.monotonic() - started:.1f} s")

        alive = server.alive()
        healthy = alive and server.healthy()
        stderr = server.stderr()
        panics = stderr.count("panicked")
        error_lines = sum(1 for line in re.sub(r"\x1b\[[0-9;]*m", "", stderr).splitlines() if " ERROR " in line)
        server.stop()
        if panics:
            for line in stderr.splitlines():
                if "panicked" in line:
                    print(f"server stderr: {line[:400]}")
        passed = report(run, alive, healthy, panics, error_lines, time.monotonic() - started)
        return 0 if passed else 1
    except (RuntimeError, subprocess.TimeoutExpired, OSError) as err:
        print(f"error: {err}", file=sys.stderr)
        print("FUZZ " + json.dumps({"passed": False, "error": str(err)[:500]}, ensure_ascii=False))
        return 1
    finally:
        if server is not None:
            server.stop()
        if args.keep:
            print(f"kept {folder}", file=sys.stderr)
        else:
            shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
