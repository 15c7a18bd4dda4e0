#!/usr/bin/env python3
"""Browser test: the web page in headless Chromium, driven over WebDriver.

Starts `kaigiroku serve` on an index of the bundled data/
(`tests/support/local_server.py`), types a search
into the page, checks the results and the meeting page, and saves
screenshots under target/browser/. Standard library only; every wait is
bounded in time.
"""
import base64
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.request

sys.path.insert(0, os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "support"))
from local_server import ROOT, Served, free_port, stop, wait_for  # noqa: E402

SHOTS = os.path.join(ROOT, "target", "browser")
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
DRIVER = shutil.which("chromedriver") or "/usr/bin/chromedriver"
AXE = os.path.join(ROOT, "target", "axe", "node_modules", "axe-core", "axe.min.js")
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
         "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-dev-shm-usage"]


class Driver:
    def __init__(self, base):
        self.base = base
        self.session = None

    def call(self, method, path, body=None):
        data = None if body is None else json.dumps(body).encode()
        request = urllib.request.Request(self.base + path, data=data, method=method,
                                         headers={"Content-Type": "application/json"})
        try:
            with urllib.request.urlopen(request, timeout=60) as response:
                return json.loads(response.read() or b"{}").get("value")
        except urllib.error.HTTPError as err:
            raise SystemExit(f"webdriver {method} {path}: {err.read().decode()[:500]}")

    def start(self, profile):
        caps = {"capabilities": {"alwaysMatch": {"browserName": "chrome", "goog:chromeOptions": {
            "binary": CHROMIUM, "args": FLAGS + [f"--user-data-dir={profile}", "--window-size=1200,900"]}}}}
        self.session = self.call("POST", "/session", caps)["sessionId"]

    def s(self, path):
        return f"/session/{self.session}{path}"

    def go(self, url):
        self.call("POST", self.s("/url"), {"url": url})

    def find(self, css, all=False):
        value = self.call("POST", self.s("/elements" if all else "/element"), {"using": "css selector", "value": css})
        key = "element-6066-11e4-a52e-4f735466cecf"
        return [v[key] for v in value] if all else value[key]

    def wait(self, css, seconds=15):
        deadline = time.time() + seconds
        while time.time() < deadline:
            found = self.call("POST", self.s("/elements"), {"using": "css selector", "value": css})
            if found:
                return
            time.sleep(0.2)
        raise SystemExit(f"no element {css} after {seconds} s")

    def wait_url(self, part, seconds=15):
        """The current address once it holds `part` (a navigation can end
        after the click that started it returns)."""
        deadline = time.time() + seconds
        while time.time() < deadline:
            url = self.call("GET", self.s("/url"))
            if part in url:
                return url
            time.sleep(0.2)
        return url

    def text(self, element):
        return self.call("GET", self.s(f"/element/{element}/text"))

    def type(self, element, text):
        self.call("POST", self.s(f"/element/{element}/value"), {"text": text})

    def click(self, element):
        self.call("POST", self.s(f"/element/{element}/click"), {})

    def script(self, source):
        return self.call("POST", self.s("/execute/sync"), {"script": source, "args": []})

    def script_async(self, source):
        return self.call("POST", self.s("/execute/async"), {"script": source, "args": []})

    def screenshot(self, name):
        os.makedirs(SHOTS, exist_ok=True)
        path = os.path.join(SHOTS, name)
        with open(path, "wb") as f:
            f.write(base64.b64decode(self.call("GET", self.s("/screenshot"))))
        return path

    def resize(self, width, height):
        self.call("POST", self.s("/window/rect"), {"width": width, "height": height})

    def quit(self):
        if self.session:
            try:
                self.call("DELETE", self.s(""))
            except SystemExit:
                pass


def check(condition, message):
    if not condition:
        raise SystemExit(f"FAILED: {message}")
    print(f"ok: {message}")


# Every kind of page a user reaches, by a path on the bundled data.
PAGE_TYPES = [
    ("home", "/"),
    ("search", "/?q=" + "%E9%98%B2%E7%81%BD"),
    ("search-filtered", "/?q=%E5%A7%94%E5%93%A1%E4%BC%9A&municipality=%E5%93%81%E5%B7%9D%E5%8C%BA&answers=true&split=body"),
    ("agenda-search", "/?scope=agenda&q=%E3%83%9F%E3%82%B9%E3%83%88%E3%82%B5%E3%82%A6%E3%83%8A"),
    ("no-hits", "/?q=%E9%98%B2%E7%81%BD%20%E5%AE%87%E5%AE%99%E4%BA%BA&from=%E4%BB%A4%E5%92%8C5%E5%B9%B4"),
    ("bad-input", "/?q=%E9%98%B2%E7%81%BD&from=%E4%BB%A4%E5%92%8C%E5%B9%B4"),
    ("meeting", "/meetings/r05-20230703-5?q=%E7%B5%A6%E4%B8%8E"),
    ("agenda-item", "/agenda/r05-20230703-5%2312"),
    ("speaker-list", "/speakers?municipality=%E5%93%81%E5%B7%9D%E5%8C%BA"),
    ("ordinances", "/ordinances?municipality=%E5%93%81%E5%B7%9D%E5%8C%BA"),
    ("compare", "/compare?q=%E9%98%B2%E7%81%BD&municipality=%E5%93%81%E5%B7%9D%E5%8C%BA&municipality=%E7%9B%AE%E9%BB%92%E5%8C%BA"),
    ("not-found", "/no/such/page"),
]


def audit(driver, name):
    """axe-core on the page shown: the serious and critical violations."""
    with open(AXE, encoding="utf-8") as f:
        driver.script(f.read() + "\nreturn typeof axe;")
    result = driver.script_async(
        "var done = arguments[arguments.length - 1];"
        "axe.run(document, {resultTypes: ['violations']}).then(function (r) {"
        "  if (r.passes.length + r.incomplete.length < 10) { done(['axe ran only ' + r.passes.length + ' rules']); return; }"
        "  done(r.violations.filter(function (v) { return v.impact === 'serious' || v.impact === 'critical'; })"
        "    .map(function (v) { return v.id + ' (' + v.impact + '): ' + v.nodes.slice(0, 3).map(function (n) { return n.target.join(' '); }).join(', '); }));"
        "}, function (e) { done(['axe failed: ' + e]); });")
    return result


def every_page_type(driver, site):
    """Each page type: no serious or critical axe violation, and at 390 and
    320 px nothing wider than the screen."""
    # The pages that need an id from the data: a speech and a speaker.
    with urllib.request.urlopen(site + "/api/search?q=%E9%98%B2%E7%81%BD&per_page=1", timeout=20) as response:
        hit = json.loads(response.read())["hits"][0]
    pages = PAGE_TYPES + [("speech", "/speeches/" + urllib.parse.quote(hit["speech_id"], safe=""))]
    with urllib.request.urlopen(site + "/api/speakers?municipality=%E5%93%81%E5%B7%9D%E5%8C%BA", timeout=20) as response:
        speakers = json.loads(response.read())
    first = (speakers.get("speakers") or speakers.get("persons") or [{}])[0]
    if first.get("key"):
        pages.append(("speaker", "/speakers/" + urllib.parse.quote(first["key"], safe="")))
    with urllib.request.urlopen(site + "/api/ordinances?municipality=%E5%93%81%E5%B7%9D%E5%8C%BA", timeout=20) as response:
        ordinances = json.loads(response.read())
    rows = ordinances.get("ordinances") or []
    if rows:
        pages.append(("ordinance", "/ordinances?municipality=%E5%93%81%E5%B7%9D%E5%8C%BA&name=" + urllib.parse.quote(rows[0]["name"])))
    check(any(n == "speaker" for n, _ in pages) and any(n == "ordinance" for n, _ in pages),
          f"{len(pages)} page types to audit")
    failures = []
    # Dark mode (prefers-color-scheme) is audited too: its contrast.
    driver.call("POST", driver.s("/goog/cdp/execute"), {"cmd": "Emulation.setEmulatedMedia", "params": {
        "features": [{"name": "prefers-color-scheme", "value": "dark"}]}})
    for name, path in pages:
        driver.go(site + path)
        driver.wait("main")
        failures.extend(f"{name} (dark): {v}" for v in audit(driver, name))
    driver.screenshot("dark-last.png")
    driver.call("POST", driver.s("/goog/cdp/execute"), {"cmd": "Emulation.setEmulatedMedia", "params": {"features": []}})
    for width in (1200, 390, 320):
        driver.resize(width, 900)
        for name, path in pages:
            driver.go(site + path)
            driver.wait("main")
            overflow = driver.script("return document.documentElement.scrollWidth - window.innerWidth;")
            if overflow > 0:
                failures.append(f"{name} at {width} px overflows by {overflow} px")
            if width == 1200:
                violations = audit(driver, name)
                failures.extend(f"{name}: {v}" for v in violations)
            elif width == 390:
                driver.screenshot(f"type-{name}-390.png")
    check(not failures, "every page type passes axe-core (serious, critical; light and dark) and fits 390 and 320 px"
          + ("" if not failures else ":\n  " + "\n  ".join(failures)))


def filters_survive(driver, site):
    """A filter set in the form survives a sort change and goes with its chip."""
    driver.resize(1200, 900)
    driver.go(site + "/")
    driver.type(driver.find("input[name=q]"), "委員会")
    driver.type(driver.find("#f-municipality"), "品川区")
    driver.click(driver.find("button[type=submit]"))
    driver.wait("#summary")
    chips = [driver.text(e) for e in driver.find(".chips li", all=True)]
    check(any("自治体：品川区" in c for c in chips), f"the chip shows the filter: {chips}")
    # Change the sort in the form, which is collapsed once a search is shown.
    driver.click(driver.find("#conditions summary"))
    driver.click(driver.find("#f-sort option[value=date_desc]"))
    driver.click(driver.find("button[type=submit]"))
    url = driver.wait_url("sort=date_desc")
    driver.wait("#summary")
    check("sort=date_desc" in url and "municipality=" in url, f"sorted, the filter kept: {url}")
    places = set(driver.script("return Array.from(document.querySelectorAll('.group h2 .meta')).map(e => e.textContent);"))
    check(places and all("品川区" in p for p in places), f"only 品川区 listed: {sorted(places)[:2]}")
    chip = driver.find(".chips li a[aria-label^='自治体']")
    driver.click(chip)
    url = driver.wait_url("/?q=")
    driver.wait("#summary")
    chips = [driver.text(e) for e in driver.find(".chips li", all=True)]
    check("municipality=" not in url and "sort=date_desc" in url and not any("自治体" in c for c in chips),
          f"the chip removed the filter and kept the sort: {url}")
    # The first result on a phone, with the form and the chips above it.
    driver.resize(390, 844)
    driver.go(site + "/?q=%E9%98%B2%E7%81%BD&municipality=%E5%93%81%E5%B7%9D%E5%8C%BA")
    driver.wait("#summary")
    top = driver.script("var r = document.querySelector('.group'); return r ? r.getBoundingClientRect().top : 99999;")
    height = driver.script("return window.innerHeight;")
    check(top < height, f"the first result is above the fold on a phone ({top:.0f} < {height} px)")
    tabs = driver.script(
        "var all = Array.from(document.querySelectorAll('a[href],button,input,select,summary,[tabindex]'))"
        ".filter(e => e.checkVisibility({checkVisibilityCSS: true}) && e.tabIndex >= 0 && e.type !== 'hidden');"
        "var first = document.querySelector('.group h2 a'); return all.indexOf(first) + 1;")
    check(0 < tabs <= 20, f"the first result is Tab press {tabs}")


def main():
    for tool in (CHROMIUM, DRIVER, AXE):
        if not os.path.exists(tool):
            raise SystemExit(f"missing {tool} (apt-get install chromium chromium-driver; "
                             "npm install --prefix target/axe axe-core@4)")
    with Served() as site:
        return browse(site)


def browse(site):
    """The whole walk through the pages of `site`."""
    work = tempfile.mkdtemp(prefix="kaigiroku-browser-")
    processes = []
    driver = None
    try:
        driver_port = free_port()
        processes.append(subprocess.Popen([DRIVER, f"--port={driver_port}"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL))
        wait_for(f"http://127.0.0.1:{driver_port}/status")
        driver = Driver(f"http://127.0.0.1:{driver_port}")
        driver.start(os.path.join(work, "profile"))

        # A resident types a search and picks 事務局 as the speaker category.
        driver.go(site + "/")
        driver.type(driver.find("input[name=q]"), "LGWAN-ASP")
        driver.click(driver.find("select[name=category] option[value=secretariat]"))
        driver.click(driver.find("button[type=submit]"))
        driver.wait("#summary")
        summary = driver.text(driver.find("#summary"))
        check("件の発言" in summary and not summary.startswith("0 "), f"results summary: {summary}")
        marks = [driver.text(m) for m in driver.find("mark", all=True)]
        check(marks and all(m == "LGWAN-ASP" for m in marks), f"highlights {marks[:3]}")
        speakers = [driver.text(m) for m in driver.find(".hit .meta .person", all=True)]
        check(speakers and all(s.startswith("事務局") for s in speakers), f"only 事務局 speaks: {speakers}")
        print("screenshot", driver.screenshot("search.png"))

        # How often it came up: a chart drawn on the server, each bar a link.
        bars = driver.script("return Array.from(document.querySelectorAll('svg.chart a')).map(a => a.getAttribute('href'));")
        check(bars and all("from=" in b for b in bars), f"the chart has {len(bars)} linked bars")
        caption = driver.text(driver.find("figure.trend figcaption"))
        check("発言数" in caption, f"chart caption: {caption}")
        # Alerts: the page offers the search as a feed, and the feed parses.
        feed = driver.script("return document.querySelector('a#feed').href;")
        check("/feeds/search.atom?" in feed, f"feed link {feed}")
        check(driver.script("return document.querySelector('link[rel=alternate][type=\"application/atom+xml\"]') !== null;"),
              "the feed is announced in the head")
        import xml.etree.ElementTree as ElementTree
        with urllib.request.urlopen(feed, timeout=20) as response:
            atom = ElementTree.fromstring(response.read())
        entries = atom.findall("{http://www.w3.org/2005/Atom}entry")
        check(atom.tag == "{http://www.w3.org/2005/Atom}feed" and entries, f"the feed parses with {len(entries)} entries")

        # One click to read it in context: the meeting page, anchored and highlighted.
        driver.click(driver.find(".hit a.in-meeting"))
        driver.wait("article")
        url = driver.call("GET", driver.s("/url"))
        check("/meetings/" in url and "#s-" in url, f"meeting page at {url}")
        target = driver.script("var t = document.querySelector(':target'); return t ? t.id : null;")
        check(target and target.startswith("s-"), f"the speech {target} is the anchored target")
        check(driver.script("return document.querySelector(':target mark') !== null;"), "the hit is highlighted in the meeting")
        heading = driver.text(driver.find("article h2"))
        check("行政情報化推進本部" in heading, f"meeting heading {heading}")
        print("screenshot", driver.screenshot("meeting.png"))

        # Journalists follow people: from a result to the speaker's page.
        driver.go(site + "/?q=" + urllib.parse.quote("委員会"))
        driver.wait(".hit a.person")
        name = driver.text(driver.find(".hit a.person"))
        driver.click(driver.find(".hit a.person"))
        driver.wait("#positions")
        heading = driver.text(driver.find("article h2"))
        check(heading and heading[:1] in name, f"speaker page of {name}: {heading}")
        positions = [driver.text(e) for e in driver.find("#positions tbody tr", all=True)]
        check(positions, f"positions held: {positions[:3]}")
        check(driver.script("return document.querySelector('svg.chart') !== null;"), "speeches per year drawn")
        print("screenshot", driver.screenshot("speaker.png"))

        # Staff look for precedents: agenda items whose speeches hold both words.
        driver.go(site + "/")
        driver.type(driver.find("input[name=q]"), "ミストサウナ 耐用年数")
        driver.click(driver.find("select[name=scope] option[value=agenda]"))
        driver.click(driver.find("button[type=submit]"))
        driver.wait("#summary")
        summary = driver.text(driver.find("#summary"))
        check("件の議題" in summary and not summary.startswith("0 "), f"agenda summary: {summary}")
        first = driver.text(driver.find(".item a"))
        check("荏原保健センター" in first, f"first item {first}")
        check("可決" in driver.text(driver.find(".item")), "the item shows its outcome")
        print("screenshot", driver.screenshot("agenda.png"))
        driver.click(driver.find(".item a"))
        driver.wait("article")
        target = driver.script("var t = document.querySelector(':target'); return t ? t.id : null;")
        check(target and target.startswith("a-"), f"the item {target} is the anchored target in its meeting")

        # The item's own page: its outcome, its speeches, and past items like it.
        driver.go(site + "/?scope=agenda&q=" + urllib.parse.quote("ミストサウナ 耐用年数"))
        driver.wait(".item a.item-page")
        driver.click(driver.find(".item a.item-page"))
        driver.wait("#similar")
        check("可決" in driver.text(driver.find("#outcome")), "the item page shows its outcome")
        # A refurbishment has no earlier works of its kind in the bundled data:
        # the page says so rather than guess.
        check("見つかりませんでした" in driver.text(driver.find("#similar")), "no precedent is guessed")
        # The pay ordinance's amendment of 2023: its 2008 amendment is a precedent.
        driver.go(site + "/agenda/" + urllib.parse.quote("r05-20230703-5#12", safe=""))
        driver.wait("#similar")
        similar = [driver.text(e) for e in driver.find("#similar .item div:first-child a", all=True)]
        check(any("職員の給与に関する条例" in s for s in similar), f"過去の類似案件: {similar[:2]}")
        dates = driver.text(driver.find("#similar"))
        check("2008-02-25" in dates, "the precedent is the amendment of 2008")
        print("screenshot", driver.screenshot("agenda-item.png"))

        # Readable on a phone: nothing wider than the screen.
        driver.resize(390, 844)
        driver.go(site + "/?q=" + urllib.parse.quote("防災"))
        driver.wait("#summary")
        overflow = driver.script("return document.documentElement.scrollWidth - window.innerWidth;")
        check(overflow <= 0, f"no horizontal scrolling on a 390 px screen (overflow {overflow})")
        print("screenshot", driver.screenshot("phone.png"))

        # A chart with several series, at phone width.
        driver.go(site + "/?split=municipality&q=" + urllib.parse.quote("の"))
        driver.wait("svg.chart")
        overflow = driver.script("return document.documentElement.scrollWidth - window.innerWidth;")
        legend = [driver.text(e) for e in driver.find(".legend li", all=True)]
        check(len(legend) >= 2 and overflow <= 0, f"split chart legend {legend} fits (overflow {overflow})")
        print("screenshot", driver.screenshot("trend-phone.png"))

        # Every speech citable: its own page, at 390 px.
        driver.go(site + "/?q=" + urllib.parse.quote("LGWAN-ASP"))
        driver.wait(".hit a.permalink")
        driver.click(driver.find(".hit a.permalink"))
        driver.wait("#citation")
        citation = driver.text(driver.find("#citation"))
        check("豊島区議会" in citation and "発言番号" in citation, f"citation line: {citation}")
        canonical = driver.script("var l = document.querySelector('link[rel=canonical]'); return l ? l.href : null;")
        check(canonical and "/speeches/" in canonical, f"canonical link {canonical}")
        overflow = driver.script("return document.documentElement.scrollWidth - window.innerWidth;")
        check(overflow <= 0, f"the speech page fits a 390 px screen (overflow {overflow})")
        print("screenshot", driver.screenshot("speech-phone.png"))

        filters_survive(driver, site)
        every_page_type(driver, site)

        # Hostile input is shown, never run.
        driver.go(site + "/?q=" + urllib.parse.quote("<img src=x onerror=alert(1)>"))
        driver.wait("input[name=q]")
        check(driver.script("return document.querySelectorAll('img').length;") == 0, "a query with HTML is escaped")
    finally:
        if driver:
            driver.quit()
        for process in processes:
            stop(process)
        shutil.rmtree(work, ignore_errors=True)
    print("browser test passed")


if __name__ == "__main__":
    import urllib.parse
    import urllib.request
    sys.exit(main())
