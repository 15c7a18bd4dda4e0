#!/usr/bin/env python3
"""The OpenAPI document against the server that publishes it.

Starts `kaigiroku serve` on an index of the bundled data/, then:
- validates /openapi.json (and /api/openapi.json, the same) with
  openapi-spec-validator;
- calls every documented path with each of its parameters in turn, a
  valid value each, and validates every JSON answer (and every JSON Lines
  row) against the schema the document gives for it;
- sends bad values and unknown names, and checks each 400 (and 404) is the
  documented error, with a Japanese message that names the parameter and
  holds no English sentence.

Needs `openapi-spec-validator` (from PyPI; scripts/test installs it into
target/pyenv). Every wait is bounded in time.
"""
import json
import os
import re
import sys
import urllib.error
import urllib.parse
import urllib.request

from jsonschema import Draft202012Validator
from openapi_spec_validator import validate as validate_spec

sys.path.insert(0, os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "support"))
from local_server import Served  # noqa: E402

# A valid value for each documented parameter, by name, on the bundled data.
VALID = {
    "q": "委員会", "speaker": "佐藤", "position": "課長", "category": "secretariat",
    "body": "総務委員会", "municipality": "品川区", "agenda": "報告事項（2）", "outcome": "可決",
    "ordinance": "職員の給与に関する条例", "from": "令和4年", "until": "R5.12", "group": "meeting",
    "answers": "true", "sort": "date_desc", "page": "1", "per_page": "5", "facets": "false",
    "fields": "id", "scope": "agenda", "limit": "5", "interval": "month", "split": "body",
    "name": "職員の給与に関する条例", "fold": "false", "explain": "true",
    # The NDL's names.
    "any": "委員会", "nameOfHouse": "衆議院", "nameOfMeeting": "委員会", "speakerPosition": "委員長",
    "speakerGroup": "自由", "speakerRole": "証人", "speechNumber": "1", "issueID": "x",
    "speechID": "x", "startRecord": "1", "maximumRecords": "5", "recordPacking": "json",
}
# Per path where the name means something else.
VALID_AT = {
    ("/api/speakers", "q"): "せりざわ",
    ("/api/speakers", "sort"): "name",
    ("/api/speakers", "per_page"): "5",
}
for ndl in ("/api/speech", "/api/meeting_list", "/api/meeting"):
    VALID_AT[(ndl, "from")] = "2015-01-01"
    VALID_AT[(ndl, "until")] = "2023-12-31"
    VALID_AT[(ndl, "speechID")] = "r05-20230703-5-40"
# What a path needs besides the parameter tried.
BASE = {
    "/api/ordinances": {"municipality": "品川区"},
    "/api/speech": {"any": "委員会", "recordPacking": "json"},
    "/api/meeting_list": {"any": "委員会", "recordPacking": "json"},
    "/api/meeting": {"any": "委員会", "recordPacking": "json", "maximumRecords": "1"},
    "/api/speakers": {"municipality": "品川区"},
}
PATH_VALUES = {
    "/api/agenda/": "r05-20230703-5%2312",
    "/api/speeches/": "r05-20230703-5-40",
    "/api/meetings/": "r05-20230703-5",
    "/api/speakers/": "131091%3A%E3%81%9B%E3%82%8A%E3%81%96%E3%82%8F",
}

# Requests the API refuses: (target, status, the parameter the message names).
REFUSED = [
    ("/api/search?per_page=0", 400, "per_page"),
    ("/api/search?per_page=101", 400, "per_page"),
    ("/api/search?page=0", 400, "page"),
    ("/api/search?page=9999", 400, "page"),
    ("/api/search?category=x", 400, "category"),
    ("/api/search?outcome=x", 400, "outcome"),
    ("/api/search?sort=x", 400, "sort"),
    ("/api/search?scope=x", 400, "scope"),
    ("/api/search?fields=x", 400, "fields"),
    ("/api/search?facets=x", 400, "facets"),
    ("/api/search?answers=x", 400, "answers"),
    ("/api/search?fold=no", 400, "fold"),
    ("/api/search?explain=1", 400, "explain"),
    ("/api/search?from=" + urllib.parse.quote("令和年"), 400, "from"),
    ("/api/search?until=" + urllib.parse.quote("2023-02-30"), 400, "until"),
    ("/api/search?from=2024&until=2023", 400, "until"),
    ("/api/search?q=OR", 400, "q"),
    ("/api/search?q=%22%22%22", 400, "q"),
    ("/api/search?q=" + "a" * 1001, 400, "q"),
    ("/api/search?qq=1", 400, "query string"),
    ("/api/search?q=a&q", 400, None),
    ("/api/search.csv?q=a&limit=0", 400, "limit"),
    ("/api/search.csv?q=a&after=zzz", 400, "after"),
    ("/api/search.jsonl?q=a&limit=10001", 400, "limit"),
    ("/api/trends?q=a&interval=x", 400, "interval"),
    ("/api/trends?q=a&split=x", 400, "split"),
    ("/api/trends?q=a&q=b&split=body", 400, "split"),
    ("/api/trends?" + "&".join(f"q=w{i}" for i in range(11)), 400, "q"),
    ("/api/agenda?per_page=0", 400, "per_page"),
    ("/api/agenda/r05-20230703-5%2312/similar?limit=0", 400, "limit"),
    ("/api/speeches/r05-20230703-5-40/similar?limit=51", 400, "limit"),
    ("/api/speakers?municipality=" + urllib.parse.quote("品川区") + "&per_page=0", 400, "per_page"),
    ("/api/speakers?municipality=" + urllib.parse.quote("品川区") + "&sort=x", 400, "sort"),
    ("/api/speakers?q=" + urllib.parse.quote("あ" * 51), 400, "q"),
    ("/api/ordinances", 400, "municipality"),
    ("/api/ordinances?municipality=" + urllib.parse.quote("品川区") + "&x=1", 400, "query string"),
    ("/api/meetings/no-such-meeting", 404, None),
    ("/api/speeches/no-such-speech", 404, None),
    ("/api/agenda/no-such-item", 404, None),
    ("/api/speakers/no-such-person", 404, None),
    ("/api/no-such-route", 404, None),
]

# Three Latin words in a row: an English sentence (names and values are
# single words, lists are comma-separated).
ENGLISH = re.compile(r"[A-Za-z]{2,}[ ]+[A-Za-z]{2,}[ ]+[A-Za-z]{2,}")


def fetch(url):
    """(status, headers, body) of a GET, errors included."""
    try:
        with urllib.request.urlopen(url, timeout=30) as response:
            return response.status, response.headers, response.read()
    except urllib.error.HTTPError as err:
        return err.code, err.headers, err.read()


def validator(doc, schema):
    """A validator of `schema` whose $refs resolve in the document."""
    return Draft202012Validator(dict(schema, components=doc["components"]))


def json_schema(operation, status):
    response = operation["responses"].get(str(status), {})
    for kind, media in response.get("content", {}).items():
        if "json" in kind and "schema" in media:
            return kind, media["schema"]
    return None, None


def main():
    failures = []
    calls = 0
    with Served() as site:
        status, _, body = fetch(site + "/openapi.json")
        doc = json.loads(body)
        validate_spec(doc)
        print(f"ok: /openapi.json is a valid OpenAPI {doc['openapi']} document with {len(doc['paths'])} paths")
        if fetch(site + "/api/openapi.json")[2] != body:
            failures.append("/api/openapi.json differs from /openapi.json")

        # A cursor, as an export's first chunk gives it.
        _, headers, _ = fetch(site + "/api/search.csv?limit=1&q=" + urllib.parse.quote("委員会"))
        VALID["after"] = headers.get("x-next-cursor", "")
        if not VALID["after"]:
            failures.append("an export of one row gives no X-Next-Cursor")

        for path, item in doc["paths"].items():
            operation = item["get"]
            target = path
            for prefix, value in PATH_VALUES.items():
                if path.startswith(prefix):
                    target = re.sub(r"\{[a-z]+\}", value, path)
            names = [p["name"] for p in operation.get("parameters", []) if p["in"] == "query"]
            for name in [None] + names:
                query = dict(BASE.get(path, {}))
                if name is not None:
                    query[name] = VALID_AT.get((path, name), VALID[name])
                url = site + target + ("?" + urllib.parse.urlencode(query) if query else "")
                status, headers, body = fetch(url)
                calls += 1
                if status != 200:
                    failures.append(f"{path} with {name}: {status} {body[:200]!r}")
                    continue
                kind = headers.get("content-type", "")
                _, schema = json_schema(operation, 200)
                if path.endswith(".jsonl"):
                    row_schema = operation["responses"]["200"]["content"]["application/x-ndjson"]["schema"]
                    rows = [json.loads(line) for line in body.decode().splitlines() if line]
                    for row in rows[:50]:
                        for error in validator(doc, row_schema).iter_errors(row):
                            failures.append(f"{path} row: {error.message} at {list(error.path)}")
                elif schema is not None and "json" in kind:
                    value = json.loads(body)
                    for error in validator(doc, schema).iter_errors(value):
                        failures.append(f"{path} with {name}: {error.message[:200]} at {list(error.path)}")
        print(f"ok: {calls} calls, every documented path with each of its parameters")

        error_schema = {"$ref": "#/components/schemas/ErrorBody"}
        for target, expected, parameter in REFUSED:
            status, _, body = fetch(site + target)
            calls += 1
            if status != expected:
                failures.append(f"{target[:80]}: {status}, expected {expected}: {body[:200]!r}")
                continue
            try:
                value = json.loads(body)
            except ValueError:
                failures.append(f"{target[:80]}: not JSON: {body[:120]!r}")
                continue
            for error in validator(doc, error_schema).iter_errors(value):
                failures.append(f"{target[:80]}: {error.message}")
            message = value.get("error", {}).get("message", "")
            if parameter and not message.startswith(parameter + ":"):
                failures.append(f"{target[:80]}: the message does not name {parameter}: {message}")
            if ENGLISH.search(message):
                failures.append(f"{target[:80]}: an English sentence: {message}")
            if not re.search(r"[\u3040-\u30ff\u4e00-\u9fff]", message):
                failures.append(f"{target[:80]}: no Japanese: {message}")
        print(f"ok: {len(REFUSED)} refusals are the documented error, in Japanese")
    if failures:
        print("FAILED:\n  " + "\n  ".join(failures[:60]))
        return 1
    print(f"openapi check passed ({calls} requests)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
