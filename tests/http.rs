//! The HTTP service on the bundled data, over a real loopback socket:
//! answers, 4xx JSON errors for bad parameters, and no 500 for hostile input.

mod support;

use std::net::SocketAddr;
use std::time::Duration;
use support::get;

use kaigiroku_server::encode;

fn search(addr: SocketAddr, query: &str) -> (u16, serde_json::Value) {
    let (status, body) = get(addr, format!("/api/search?{query}").as_bytes());
    // Chunked bodies: the JSON object is between the first { and the last }.
    let json = body
        .find('{')
        .zip(body.rfind('}'))
        .map_or("null", |(a, b)| &body[a..=b])
        .to_string();
    (
        status,
        serde_json::from_str(&json).unwrap_or(serde_json::Value::Null),
    )
}

#[test]
fn api_answers_and_refuses_bad_input_with_json_errors() {
    let served = support::serve("data");
    let addr = served.addr;
    std::thread::sleep(Duration::from_millis(100));
    assert_eq!(get(addr, b"/healthz").0, 200);

    let (status, json) = search(
        addr,
        &format!("q={}&category=secretariat", encode("LGWAN-ASP")),
    );
    assert_eq!(status, 200);
    assert!(json["total"].as_u64().unwrap() >= 1);
    assert_eq!(json["hits"][0]["agenda"]["label"], "報告事項（4）");
    assert_eq!(json["hits"][0]["speaker"]["category"], "secretariat");
    assert_eq!(json["query"]["normalized"], "lgwan-asp");
    assert!(
        json["took_us"].as_u64().is_some(),
        "server time in microseconds"
    );

    // Agenda items as results: every word within the speeches of one item.
    let (status, json) = search(addr, &format!("q={}&scope=agenda", encode("LGWAN-ASP")));
    assert_eq!(status, 200);
    assert_eq!(json["scope"], "agenda");
    assert_eq!(json["items"][0]["label"], "報告事項（4）");
    assert!(json["items"][0]["matching_speeches"].as_u64().unwrap() >= 1);

    for (query, parameter) in [
        ("q=a&per_page=-1", "per_page"),
        ("q=a&per_page=1000", "per_page"),
        ("q=a&page=zero", "page"),
        ("q=a&sort=sideways", "sort"),
        ("q=a&category=mayor", "category"),
        ("q=a&scope=meeting", "scope"),
        ("q=a&fields=text", "fields"),
        (&format!("q=a&from={}", encode("令和4年2月30日")), "from"),
        (&format!("q={}", "x".repeat(10_000)), "q"),
        // Syntax alone names no word; a period must not end before it starts.
        ("q=OR", "q"),
        // A misspelt parameter is named, not ignored.
        ("qq=a", "query string"),
        ("q=a&form=2023", "query string"),
        ("q=%22%22%22", "q"),
        (
            &format!("q=a&from={}&until={}", encode("令和5年"), encode("令和4年")),
            "until",
        ),
    ] {
        let (status, json) = search(addr, query);
        assert_eq!(status, 400, "{query}");
        assert_eq!(json["error"]["code"], "invalid_parameter", "{query}");
        assert!(
            json["error"]["message"]
                .as_str()
                .unwrap()
                .starts_with(parameter),
            "{query}: {json}"
        );
    }

    // Hostile input: never a 500.
    for target in [
        b"/api/search?q=%FF%FE".as_slice(),
        b"/api/search?q=%22unbalanced",
        b"/api/search?q=-",
        b"/api/search?q=OR",
        b"/api/search?q=%3Cscript%3E",
        b"/api/search?q=%E4%BA%AC%E9%83%BD&from=&until=",
        b"/?q=%3Cscript%3Ealert(1)%3C%2Fscript%3E",
    ] {
        let (status, body) = get(addr, target);
        assert!(
            (200..500).contains(&status),
            "{} gave {status}",
            String::from_utf8_lossy(target)
        );
        assert!(
            !body.contains("<script>alert"),
            "the page must escape the query"
        );
    }
}

#[test]
fn fields_id_names_the_same_hits_without_loading_them() {
    let served = support::serve("data");
    let addr = served.addr;
    let query = format!("q={}&per_page=20&facets=false", encode("予算"));
    let (status, whole) = search(addr, &query);
    assert_eq!(status, 200);
    let (status, ids) = search(addr, &format!("{query}&fields=id"));
    assert_eq!(status, 200);
    assert_eq!(ids["total"], whole["total"]);
    let whole_hits = whole["hits"].as_array().unwrap();
    let id_hits = ids["hits"].as_array().unwrap();
    assert!(whole_hits.len() >= 10, "{whole}");
    assert_eq!(id_hits.len(), whole_hits.len());
    for (id_hit, hit) in id_hits.iter().zip(whole_hits) {
        let mut keys: Vec<&str> = id_hit
            .as_object()
            .unwrap()
            .keys()
            .map(String::as_str)
            .collect();
        keys.sort_unstable();
        assert_eq!(
            keys,
            ["meeting_id", "score", "speech_id", "url"],
            "{id_hit}"
        );
        assert_eq!(id_hit["speech_id"], hit["speech_id"]);
        assert_eq!(id_hit["meeting_id"], hit["meeting"]["id"]);
        assert_eq!(id_hit["url"], hit["url"]);
        assert_eq!(id_hit["score"], hit["score"]);
    }

    // Grouped by meeting: the same meetings and speeches, named only.
    let (_, whole) = search(addr, &format!("{query}&group=meeting"));
    let (_, ids) = search(addr, &format!("{query}&group=meeting&fields=id"));
    let names = |json: &serde_json::Value| -> Vec<(String, Vec<String>)> {
        json["meetings"]
            .as_array()
            .unwrap()
            .iter()
            .map(|group| {
                let best = group["best"].as_array().unwrap();
                let speeches = best.iter().map(|h| h["speech_id"].to_string()).collect();
                (group["meeting"]["id"].to_string(), speeches)
            })
            .collect()
    };
    assert!(!names(&whole).is_empty());
    assert_eq!(names(&ids), names(&whole));
    assert!(ids["meetings"][0]["meeting"]["title"].is_null());
    assert!(ids["meetings"][0]["best"][0]["snippet"].is_null());
}

#[test]
fn pages_render_results_meetings_and_escape_input() {
    let served = support::serve("data");
    let addr = served.addr;
    let (status, page) = get(addr, format!("/?q={}", encode("LGWAN-ASP")).as_bytes());
    assert_eq!(status, 200);
    assert!(page.contains("<html lang=\"ja\">"));
    assert!(page.contains("件の発言"), "{page}");
    assert!(page.contains("<mark>LGWAN-ASP</mark>"));
    assert!(
        page.contains("/meetings/seed-000_398aad91f4d2a6c2?q=LGWAN-ASP#s-"),
        "permanent links to the speech"
    );

    // Nothing found: ways out, each word left out and the period dropped.
    let (status, page) = get(
        addr,
        format!(
            "/?q={}&from={}",
            encode("LGWAN-ASP ありえない語ぞろぞろ"),
            encode("令和4年")
        )
        .as_bytes(),
    );
    assert_eq!(status, 200);
    assert!(page.contains("見つかりませんでした"), "{page}");
    assert!(
        page.contains("「ありえない語ぞろぞろ」を外して検索"),
        "{page}"
    );
    assert!(page.contains("期間を指定せずに検索"), "{page}");

    // A page past the last leads to the last, never 「29 / 28 ページ」.
    let (status, head, _) = support::get_with_headers(
        addr,
        format!("/?q={}&page=40", encode("LGWAN-ASP")).as_bytes(),
    );
    assert_eq!(status, 303);
    assert!(head.contains("location: /?page=1&q=lgwan-asp"), "{head}");

    let (status, page) = get(
        addr,
        format!("/?q={}", encode("<script>alert(1)</script>")).as_bytes(),
    );
    assert_eq!(status, 200);
    assert!(!page.contains("<script>alert(1)"));
    assert!(page.contains("&lt;script&gt;alert(1)&lt;/script&gt;"));

    let (status, page) = get(
        addr,
        format!("/?q=a&from={}", encode("令和4年2月30日")).as_bytes(),
    );
    assert_eq!(status, 400);
    assert!(page.contains("入力を確認してください"));

    let (status, page) = get(
        addr,
        format!(
            "/meetings/seed-000_398aad91f4d2a6c2?q={}",
            encode("250グラム")
        )
        .as_bytes(),
    );
    assert_eq!(status, 200);
    assert!(page.contains("id=\"s-29\""));
    assert!(page.contains("<mark>250グラム</mark>です。"));
    assert!(page.contains("報告事項（2） 管理職パソコンの入れ替えについて"));
    assert!(page.contains("（承認）"));
    assert_eq!(get(addr, b"/meetings/no-such-meeting").0, 404);
}

#[test]
fn pages_keep_their_filters_and_lead_to_every_match() {
    let served = support::serve("data");
    let addr = served.addr;
    // Every active filter is a chip with a link that removes only it.
    let (status, page) = get(
        addr,
        format!(
            "/?q={}&municipality={}&answers=true&position={}",
            encode("委員会"),
            encode("品川区"),
            encode("課長")
        )
        .as_bytes(),
    );
    assert_eq!(status, 200);
    for chip in [
        "自治体：品川区",
        "答弁のみ：首長・説明員",
        "職名：課長（一部一致）",
    ] {
        assert!(page.contains(&format!("<li>{chip} <a href=")), "{chip}");
    }
    assert!(page.contains(
        "<li>自治体：品川区 <a href=\"/?answers=true&amp;position=%E8%AA%B2%E9%95%B7&amp;q=%E5%A7%94%E5%93%A1%E4%BC%9A\""
    ));
    // The form carries them, so that a new sort or new words keep them.
    assert!(page.contains("name=\"municipality\" value=\"品川区\""));
    assert!(page.contains("name=\"answers\" value=\"true\" checked"));
    // Exact or partial, said plainly: 課長 alone is no one's exact title.
    let (_, partial) = search(addr, &format!("position={}&per_page=1", encode("課長")));
    assert_eq!(partial["total"], 80);
    let (status, page) = get(
        addr,
        format!("/?position={}&position_match=exact", encode("課長")).as_bytes(),
    );
    assert_eq!(status, 200);
    assert!(
        page.contains("<li>職名：課長（完全一致） <a href="),
        "{page}"
    );
    assert!(page.contains("<strong>0</strong> 件の発言"));
    // A form's empty fields are cleaned from the address.
    let (status, head, _) = support::get_with_headers(
        addr,
        format!("/?q={}&category=&speaker=&sort=date_desc", encode("給与")).as_bytes(),
    );
    assert_eq!(status, 303);
    assert!(
        head.contains("location: /?q=%e7%b5%a6%e4%b8%8e&sort=date_desc"),
        "{head}"
    );
    // The downloads of the search answer, with its filters.
    let (_, page) = get(
        addr,
        format!(
            "/?q={}&municipality={}&split=body",
            encode("給与"),
            encode("品川区")
        )
        .as_bytes(),
    );
    for (id, kind) in [
        ("download-csv", "text/csv"),
        ("download-jsonl", "application/x-ndjson"),
    ] {
        let needle = format!("id=\"{id}\" href=\"");
        let at = page.find(&needle).expect(id) + needle.len();
        let href = page[at..].split('"').next().unwrap().replace("&amp;", "&");
        assert!(
            href.contains("municipality=") && !href.contains("split="),
            "{href}"
        );
        let (status, head, body) = support::get_with_headers(addr, href.as_bytes());
        assert_eq!(status, 200, "{href}: {body}");
        assert!(head.contains(kind), "{head}");
    }

    // A meeting group links to every match in its meeting: 11 speeches of
    // r05-20230703-5 say 給与, and its page lists all 11.
    let (_, grouped) = search(
        addr,
        &format!("q={}&group=meeting&per_page=5", encode("給与")),
    );
    let group = grouped["meetings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|m| m["meeting"]["id"] == "r05-20230703-5")
        .unwrap();
    assert_eq!(group["hits_in_meeting"], 11);
    let (_, page) = get(addr, format!("/?q={}", encode("給与")).as_bytes());
    assert!(page.contains("href=\"/meetings/r05-20230703-5?q=%E7%B5%A6%E4%B8%8E#hits\">この会議の該当 11 件をすべて見る"));
    let (_, meeting) = get(
        addr,
        format!("/meetings/r05-20230703-5?q={}", encode("給与")).as_bytes(),
    );
    let hits = meeting
        .split("id=\"hits\"")
        .nth(1)
        .unwrap()
        .split("</nav>")
        .next()
        .unwrap();
    assert!(hits.contains("（11 件）"));
    assert_eq!(hits.matches("<a href=\"#s-").count(), 11);
    // Its table of contents, its speakers with counts, its downloads.
    assert!(meeting.contains("id=\"toc\"") && meeting.contains("id=\"speakers\""));
    assert!(meeting.contains("href=\"/api/meetings/r05-20230703-5\""));
    let (status, head, text) = support::get_with_headers(addr, b"/meetings/r05-20230703-5/text");
    assert_eq!(status, 200);
    assert!(
        head.contains("content-type: text/plain; charset=utf-8"),
        "{head}"
    );
    assert!(
        head.contains("attachment; filename=\"r05-20230703-5.txt\""),
        "{head}"
    );
    assert!(text.contains("【議題】") && text.contains("職員の給与に関する条例"));
    assert!(
        text.contains("\n○せりざわ委員長\n"),
        "{}",
        &text[..2000.min(text.len())]
    );
    assert_eq!(get(addr, b"/meetings/no-such-meeting/text").0, 404);

    // The item page reads `answers` as the API does: a bad value is a 400.
    let (status, page) = get(addr, b"/agenda/r05-20230703-5%2312?answers=yes");
    assert_eq!(status, 400);
    assert!(page.contains("true か false を指定してください"), "{page}");
    assert_eq!(
        get(addr, b"/agenda/r05-20230703-5%2312?answers=true").0,
        200
    );

    // A speech page links its speaker and its agenda item.
    let (_, page) = get(addr, b"/speeches/r05-20230703-5-40");
    assert!(
        page.contains("id=\"speaker-link\" href=\"/speakers/"),
        "{page}"
    );
    assert!(
        page.contains("id=\"agenda-link\" href=\"/agenda/r05-20230703-5%23"),
        "{page}"
    );
}

#[test]
fn openapi_document_matches_the_routes() {
    let served = support::serve("data");
    let addr = served.addr;
    let (status, body) = get(addr, b"/api/openapi.json");
    assert_eq!(status, 200);
    let doc: serde_json::Value =
        serde_json::from_str(body.trim_start_matches(|c: char| c != '{')).unwrap();
    let paths: Vec<&String> = doc["paths"].as_object().unwrap().keys().collect();
    assert_eq!(paths.len(), 19);
    for path in paths {
        let target = if path.starts_with("/api/agenda/") {
            path.replace("{id}", "r05-20230703-5%231")
        } else if path.starts_with("/api/speeches/") {
            path.replace("{id}", "seed-000_398aad91f4d2a6c2-1")
        } else {
            path.replace("{id}", "seed-000_398aad91f4d2a6c2")
        }
        .replace("{key}", "131091%3A%E3%81%9B%E3%82%8A%E3%81%96%E3%82%8F");
        let query = if path.starts_with("/api/search") || path == "/api/speakers" {
            "?q=%E4%BA%8B%E5%8B%99%E5%B1%80"
        } else if path == "/api/ordinances" {
            "?municipality=131091"
        } else if path.starts_with("/api/meeting") && !path.contains("{id}")
            || path == "/api/speech"
        {
            "?any=%E4%BA%8B%E5%8B%99%E5%B1%80&recordPacking=json"
        } else {
            ""
        };
        let (status, _) = get(addr, format!("{target}{query}").as_bytes());
        assert_eq!(status, 200, "{path} is documented but answers {status}");
    }
    // Every documented search parameter is accepted with a valid value.
    let search = doc["paths"]["/api/search"]["get"]["parameters"]
        .as_array()
        .unwrap();
    let valid = |name: &str| match name {
        "category" => "secretariat",
        "sort" => "date_desc",
        "group" => "meeting",
        "page" | "per_page" => "1",
        "from" => "令和4年",
        "until" => "R4.12",
        "facets" => "false",
        "scope" => "agenda",
        "interval" => "month",
        "split" => "body",
        "answers" => "true",
        "fold" => "false",
        "explain" => "true",
        "outcome" => "可決",
        "fields" => "id",
        _ => "x",
    };
    for parameter in search {
        let name = parameter["name"].as_str().unwrap();
        let (status, body) = get(
            addr,
            format!("/api/search?{name}={}", encode(valid(name))).as_bytes(),
        );
        assert_eq!(status, 200, "{name}: {body}");
    }
    // The document at the root too; an unknown path says so, never empty.
    let (status, root) = get(addr, b"/openapi.json");
    assert_eq!(status, 200);
    assert_eq!(root, body);
    let (status, missing) = get(addr, b"/api/no-such-thing");
    assert_eq!(status, 404);
    let missing: serde_json::Value = serde_json::from_str(&missing).unwrap();
    assert_eq!(missing["error"]["code"], "not_found", "{missing}");
    let (status, page) = get(addr, b"/no-such-page");
    assert_eq!(status, 404);
    assert!(page.contains("ページが見つかりません"), "{page}");
}

#[test]
fn exports_stream_the_whole_result_set() {
    let served = support::serve("data");
    let addr = served.addr;
    let (status, csv) = get(
        addr,
        format!("/api/search.csv?q={}&per_page=1", encode("グラム")).as_bytes(),
    );
    assert_eq!(status, 200);
    let (_, json) = search(addr, &format!("q={}", encode("グラム")));
    let total = json["total"].as_u64().unwrap() as usize;
    assert!(total > 1);
    // Chunked transfer: count the CSV records by their speech ids.
    assert!(csv.contains("speech_id,url,date,municipality,body,meeting_title,agenda_label,agenda_title,speaker,speaker_key,speaker_name,speaker_yomi,speaker_group,position,category,text"));
    assert_eq!(
        csv.matches("\n,").count() + csv.matches(",/meetings/").count(),
        total,
        "one row per match, not one page"
    );
    let (status, jsonl) = get(
        addr,
        format!("/api/search.jsonl?q={}", encode("グラム")).as_bytes(),
    );
    assert_eq!(status, 200);
    assert_eq!(jsonl.matches("\"speech_id\"").count(), total);
    assert_eq!(get(addr, b"/api/search.csv?per_page=0").0, 400);
}

#[test]
fn trends_add_up_to_the_search_and_show_on_the_page() {
    let served = support::serve("data");
    let addr = served.addr;
    for q in ["の", "グラム"] {
        let (_, search) = search(addr, &format!("q={}&per_page=1", encode(q)));
        let total = search["total"].as_u64().unwrap();
        for extra in ["", "&split=municipality", "&split=category&interval=month"] {
            let (status, body) = get(addr, format!("/api/trends?q={}{extra}", encode(q)));
            assert_eq!(status, 200, "{body}");
            let trends: serde_json::Value = serde_json::from_str(&body).unwrap();
            let sum: u64 = trends["series"]
                .as_array()
                .unwrap()
                .iter()
                .flat_map(|s| s["points"].as_array().unwrap())
                .map(|p| p["speeches"].as_u64().unwrap())
                .sum();
            assert_eq!(
                (sum, trends["total"].as_u64().unwrap()),
                (total, total),
                "{q}{extra}"
            );
        }
    }
    // Years without a hit are there as zeros, between the first and the last.
    let (_, body) = get(addr, "/api/trends?q=%E3%81%AE");
    let trends: serde_json::Value = serde_json::from_str(&body).unwrap();
    let periods: Vec<u64> = trends["series"][0]["points"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|p| p["period"].as_str()?.parse().ok())
        .collect();
    assert!(periods.windows(2).all(|w| w[1] == w[0] + 1), "{periods:?}");
    // Two words, two series over the same periods; and a table.
    let (status, csv) = get(
        addr,
        format!(
            "/api/trends.csv?q={}&q={}",
            encode("グラム"),
            encode("防災")
        ),
    );
    assert_eq!(status, 200);
    let rows: Vec<&str> = csv.lines().collect();
    assert!(
        rows[0].ends_with("series,period,speeches,meetings"),
        "{}",
        rows[0]
    );
    assert!(
        rows.iter().any(|r| r.starts_with("グラム,"))
            && rows.iter().any(|r| r.starts_with("防災,"))
    );
    assert_eq!(get(addr, "/api/trends?q=a&interval=week").0, 400);
    // The page draws it, with a table and links to each period.
    let (status, page) = get(addr, format!("/?q={}", encode("グラム")));
    assert_eq!(status, 200);
    assert!(page.contains("<svg class=\"chart\""), "no chart");
    assert!(page.contains("表で見る") && page.contains("/api/trends.csv?"));
    assert!(
        page.contains("from=2022&amp;q="),
        "a bar links to its period"
    );
}

#[test]
fn the_feed_parses_and_holds_the_newest_hits() {
    let served = support::serve("data");
    let addr = served.addr;
    let q = encode("グラム");
    let (status, body) = get(addr, format!("/feeds/search.atom?q={q}&per_page=5"));
    assert_eq!(status, 200, "{body}");
    let feed: atom_syndication::Feed = body.parse().expect("a valid Atom feed");
    let (_, newest) = search(addr, &format!("q={q}&sort=date_desc&per_page=5"));
    let hits = newest["hits"].as_array().unwrap();
    assert!(!hits.is_empty());
    assert_eq!(feed.entries().len(), hits.len());
    for (entry, hit) in feed.entries().iter().zip(hits) {
        let id = hit["speech_id"].as_str().unwrap();
        assert_eq!(entry.id(), format!("http://localhost/speeches/{id}"));
        assert_eq!(entry.links()[0].href(), entry.id());
        assert_eq!(entry.links()[0].rel(), "alternate");
        let date = hit["meeting"]["date"].as_str().unwrap();
        assert_eq!(
            entry.updated().to_rfc3339(),
            format!("{date}T00:00:00+09:00")
        );
        assert!(
            entry
                .title()
                .as_str()
                .contains(hit["speaker"]["label"].as_str().unwrap())
        );
        assert_eq!(
            entry.summary().unwrap().as_str(),
            hit["snippet"].as_str().unwrap()
        );
    }
    assert!(feed.links().iter().any(|l| l.rel() == "self"));
    // The search page offers it.
    let (_, page) = get(addr, format!("/?q={q}"));
    assert!(page.contains("<link rel=\"alternate\" type=\"application/atom+xml\""));
    assert!(page.contains("このキーワードの新着をフィードで受け取る"));
    assert_eq!(get(addr, "/feeds/search.atom?q=a&sort=nope").0, 400);
}

#[test]
fn a_speech_has_its_page_and_every_page_is_in_the_sitemap() {
    let served = support::serve("data");
    let addr = served.addr;
    let id = "seed-000_398aad91f4d2a6c2-41";
    let (status, page) = get(addr, format!("/speeches/{id}"));
    assert_eq!(status, 200, "{page}");
    assert!(page.contains(&format!(
        "<link rel=\"canonical\" href=\"http://localhost/speeches/{id}\">"
    )));
    assert!(page.contains("<meta property=\"og:title\""));
    assert!(
        page.contains("豊島区議会 行政情報化推進本部 2022年1月26日 事務局の発言（発言番号41）"),
        "the citation line"
    );
    assert!(page.contains("rel=\"prev\"") && page.contains("rel=\"next\""));
    assert_eq!(get(addr, "/speeches/no-such-speech").0, 404);

    // sitemaps.org: a urlset in its namespace, one absolute loc per url.
    let (status, xml) = get(addr, "/sitemap.xml");
    assert_eq!(status, 200);
    let doc = roxmltree::Document::parse(&xml).expect("well-formed XML");
    let root = doc.root_element();
    assert_eq!(
        (root.tag_name().name(), root.tag_name().namespace()),
        (
            "urlset",
            Some("http://www.sitemaps.org/schemas/sitemap/0.9")
        )
    );
    let urls: Vec<roxmltree::Node> = root.children().filter(|n| n.is_element()).collect();
    assert!(urls.len() <= 50_000);
    let mut locs = Vec::new();
    for url in &urls {
        assert_eq!(url.tag_name().name(), "url");
        let children: Vec<_> = url.children().filter(|n| n.is_element()).collect();
        assert_eq!(children.len(), 1);
        assert_eq!(children[0].tag_name().name(), "loc");
        let loc = children[0].text().unwrap();
        assert!(
            loc.starts_with("http://localhost/") && loc.len() <= 2048,
            "{loc}"
        );
        locs.push(loc.to_string());
    }
    assert!(locs.contains(&format!("http://localhost/speeches/{id}")));
    assert!(locs.contains(&"http://localhost/meetings/seed-000_398aad91f4d2a6c2".to_string()));
    // Every speech is there once: as many speech URLs as the index holds.
    let (_, all) = search(addr, "per_page=1&facets=false&category=");
    let speeches = locs.iter().filter(|l| l.contains("/speeches/")).count();
    assert_eq!(speeches as u64, all["total"].as_u64().unwrap());
}

#[test]
fn precedents_items_with_outcomes_their_speeches_and_similar_ones() {
    let served = support::serve("data");
    let addr = served.addr;
    let json = |target: String| {
        let (status, body) = get(addr, target);
        assert_eq!(status, 200, "{body}");
        serde_json::from_str::<serde_json::Value>(&body).unwrap()
    };
    let passed = json(format!(
        "/api/agenda?outcome={}&per_page=50",
        encode("可決")
    ));
    let items = passed["items"].as_array().unwrap();
    assert!(!items.is_empty());
    assert!(
        items
            .iter()
            .all(|i| i["outcome"] == "可決" && !i["title"].as_str().unwrap().is_empty())
    );
    assert_eq!(passed["facets"]["outcome"][0]["value"], "可決");
    // The item of 荏原保健センター's refurbishment: decided, with speeches.
    let found = json(format!("/api/agenda?q={}", encode("ミストサウナ 耐用年数")));
    let page = found["items"][0]["page"].as_str().unwrap().to_string();
    let id = found["items"][0]["id"].as_str().unwrap().to_string();
    let item = json(format!("/api{page}"));
    assert_eq!(item["id"], id.as_str());
    assert_eq!(item["outcome"], "可決");
    let speeches = item["speeches"].as_array().unwrap();
    assert!(speeches.len() >= 2);
    // Its precedents: works contracts before it, never itself (there may
    // be none among these few files: a refurbishment of a health centre is
    // not a school's or a road's works).
    let similar = json(format!("/api{page}/similar?limit=5"));
    let others = similar["items"].as_array().unwrap();
    assert!(others.len() <= 5);
    assert!(
        others.iter().all(|i| i["id"] != id.as_str()
            && i["date"].as_str().unwrap() < item["meeting"]["date"].as_str().unwrap()
            && i["title"].as_str().unwrap().contains("契約")),
        "{others:?}"
    );
    assert_eq!(get(addr, format!("/api{page}/similar?limit=0")).0, 400);
    assert_eq!(get(addr, "/api/agenda/no-such%231").0, 404);
    // A speech's similar speeches leave it out.
    let speech = speeches[0]["id"].as_str().unwrap();
    let like = json(format!("/api/speeches/{speech}/similar"));
    let hits = like["hits"].as_array().unwrap();
    assert!(!hits.is_empty() && hits.iter().all(|h| h["speech_id"] != speech));
    // The page: outcome, speeches, 過去の類似案件, and the answers in one click.
    let (status, html) = get(addr, page.as_str());
    assert_eq!(status, 200);
    assert!(html.contains("過去の類似案件") && html.contains("結果：<strong>可決</strong>"));
    let (_, answers) = get(addr, format!("{page}?answers=true"));
    assert!(answers.contains("<strong>答弁のみ"));
    // In search, only the executive and its staff answer.
    let (_, answered) = search(
        addr,
        &format!("q={}&answers=true&per_page=100", encode("の")),
    );
    let categories: Vec<&str> = answered["hits"]
        .as_array()
        .unwrap()
        .iter()
        .map(|h| h["speaker"]["category"].as_str().unwrap())
        .collect();
    assert!(!categories.is_empty());
    assert!(
        categories
            .iter()
            .all(|c| ["executive", "staff"].contains(c)),
        "{categories:?}"
    );
    assert_eq!(get(addr, "/agenda?q=a").0, 303);
}

#[test]
fn a_speaker_page_shows_the_positions_held_over_time() {
    // Two 品川区 committee meetings of 2023, copied from the shared corpus:
    // 中塚 chairs the first (委員長) and is vice-chair in the second, where
    // he introduces himself: 「共産党の中塚亮と申します」.
    let served = support::serve("tests/data/speakers/shinagawa");
    let addr = served.addr;
    let (status, body) = get(addr, format!("/api/speakers?q={}", encode("中塚")));
    assert_eq!(status, 200, "{body}");
    let found: serde_json::Value = serde_json::from_str(&body).unwrap();
    let person = &found["speakers"][0];
    assert_eq!(person["key"], "131091:中塚亮");
    assert_eq!(person["municipality"], "品川区");
    let url = person["url"].as_str().unwrap().to_string();
    let (status, body) = get(addr, format!("/api{url}"));
    assert_eq!(status, 200, "{body}");
    let profile: serde_json::Value = serde_json::from_str(&body).unwrap();
    let held: Vec<(&str, &str, &str)> = profile["positions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|h| {
            (
                h["value"].as_str().unwrap(),
                h["from"].as_str().unwrap(),
                h["until"].as_str().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        held,
        [
            ("委員長", "2023-01-23", "2023-01-23"),
            ("副委員長", "2023-02-24", "2023-02-24")
        ]
    );
    assert_eq!(profile["years"][0]["period"], "2023");
    assert!(!profile["terms"].as_array().unwrap().is_empty());
    // The page: the positions, a chart, and a search over only their speeches.
    let (status, page) = get(addr, url.as_str());
    assert_eq!(status, 200);
    assert!(page.contains("職名の変遷") && page.contains("副委員長") && page.contains("<svg"));
    let (_, theirs) = get(addr, format!("{url}?q={}", encode("委員長")));
    assert!(theirs.contains("<mark>"), "their speeches, highlighted");
    // Results link speakers to their pages.
    let (_, results) = get(addr, format!("/?q={}", encode("委員会")));
    assert!(results.contains(&format!("href=\"{url}\"")));
    assert_eq!(get(addr, "/speakers/131091%3Anobody").0, 404);
    assert_eq!(get(addr, "/api/speakers").0, 400);
}

#[test]
fn assemblies_side_by_side_with_their_codes() {
    let served = support::serve("data");
    let addr = served.addr;
    let (_, all) = search(addr, &format!("q={}&per_page=1", encode("の")));
    let municipalities = all["facets"]["municipality"].as_array().unwrap();
    let shinagawa = municipalities
        .iter()
        .find(|m| m["value"] == "品川区")
        .unwrap();
    assert_eq!(shinagawa["code"], "131091");
    let (_, body) = get(
        addr,
        format!("/api/trends?q={}&split=municipality", encode("の")),
    );
    let trends: serde_json::Value = serde_json::from_str(&body).unwrap();
    let series = trends["series"].as_array().unwrap();
    assert!(
        series
            .iter()
            .any(|s| s["key"] == "品川区" && s["code"] == "131091")
    );
    // The page: one column per assembly, counts per year, a chart.
    let (status, page) = get(
        addr,
        format!(
            "/compare?q={}&municipality={}&municipality={}",
            encode("の"),
            encode("品川区"),
            encode("東京都")
        ),
    );
    assert_eq!(status, 200);
    assert!(
        page.contains("<svg class=\"chart\"")
            && page.contains("<th scope=\"col\">品川区</th><th scope=\"col\">東京都</th>")
    );
    // Coverage: the meetings each assembly has in the index, and the rate
    // per meeting beside the count.
    let meetings = |name: &str| {
        let (_, all) = search(
            addr,
            &format!("municipality={}&group=meeting&per_page=1", encode(name)),
        );
        all["total_meetings"].as_u64().unwrap()
    };
    let (shinagawa, tokyo) = (meetings("品川区"), meetings("東京都"));
    assert_eq!((shinagawa, tokyo), (3, 8), "the bundled data's meetings");
    assert!(
        page.contains(
            "<th scope=\"row\">品川区</th><td>2008〜2023年（うち 2 年分）</td><td>3</td>"
        ),
        "品川区's coverage"
    );
    assert!(
        page.contains(
            "<th scope=\"row\">東京都</th><td>2015〜2017年（うち 3 年分）</td><td>8</td>"
        )
    );
    let per = |name: &str| {
        let (_, one) = search(
            addr,
            &format!(
                "q={}&municipality={}&per_page=1",
                encode("の"),
                encode(name)
            ),
        );
        one["total"].as_u64().unwrap()
    };
    let (in_shinagawa, in_tokyo) = (per("品川区"), per("東京都"));
    assert!(page.contains(&format!("品川区</a>（{in_shinagawa} 件）")));
    assert!(page.contains(&format!("東京都</a>（{in_tokyo} 件）")));
    let rate = format!("<td>{in_tokyo}</td><td>{:.2}</td>", in_tokyo as f64 / 8.0);
    assert!(page.contains(&rate), "東京都's rate per meeting: {rate}");
    let (status, _) = get(addr, "/compare?q=a");
    assert_eq!(status, 200, "the empty form");
}

#[test]
fn a_cursor_export_returns_every_hit_exactly_once() {
    let served = support::serve("data");
    let addr = served.addr;
    let q = encode("の");
    let (_, all) = search(addr, &format!("q={q}&per_page=1"));
    let total = all["total"].as_u64().unwrap() as usize;
    assert!(total > 300, "{total}");
    // 100 rows a request, following the cursor each response gives.
    let mut target = format!("/api/search.jsonl?q={q}&limit=100");
    let mut ids = Vec::new();
    let mut dates = Vec::new();
    for _ in 0..100 {
        let mut stream = std::net::TcpStream::connect(addr).unwrap();
        use std::io::{Read, Write};
        write!(
            stream,
            "GET {target} HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n"
        )
        .unwrap();
        let mut response = String::new();
        stream.read_to_string(&mut response).unwrap();
        let (head, body) = response.split_once("\r\n\r\n").unwrap();
        assert!(head.starts_with("HTTP/1.1 200"), "{head}");
        for line in body.lines().filter(|l| l.starts_with('{')) {
            let row: serde_json::Value = serde_json::from_str(line).unwrap();
            ids.push(row["speech_id"].as_str().unwrap().to_string());
            dates.push(row["date"].as_str().unwrap().to_string());
        }
        let next = head
            .lines()
            .find_map(|l| l.strip_prefix("link: <"))
            .map(|l| l.split_once('>').unwrap().0.to_string());
        match next {
            Some(next) => target = next,
            None => break,
        }
    }
    assert_eq!(ids.len(), total, "every hit");
    let mut unique = ids.clone();
    unique.sort();
    unique.dedup();
    assert_eq!(unique.len(), total, "none twice");
    assert!(
        dates.windows(2).all(|w| w[0] <= w[1]),
        "in the order of the minutes"
    );
    assert_eq!(get(addr, "/api/search.csv?q=a&after=nonsense").0, 400);
    assert_eq!(get(addr, "/api/search.csv?q=a&limit=0").0, 400);
}

#[test]
fn every_response_carries_the_security_headers() {
    let served = support::serve("data");
    let addr = served.addr;
    for target in [
        "/".to_string(),
        format!("/?q={}", encode("<script>alert(1)</script>")),
        "/api/search?q=a".into(),
        "/api/search.csv?q=a".into(),
        "/api/search?q=a&page=zero".into(),
        "/meetings/no-such-meeting".into(),
        "/healthz".into(),
    ] {
        let (status, head, _) = support::get_with_headers(addr, target.as_bytes());
        assert!(status > 0, "{target}");
        for expected in [
            "content-security-policy: default-src 'none'; style-src 'unsafe-inline';",
            "x-content-type-options: nosniff",
            "referrer-policy: strict-origin-when-cross-origin",
        ] {
            assert!(
                head.contains(expected),
                "{target}: {expected} missing in\n{head}"
            );
        }
    }
}

#[test]
fn ids_never_reach_the_file_system_and_serving_never_writes_the_index() {
    let served = support::serve("data");
    let addr = served.addr;
    let before = files_of(&served.index);
    for target in [
        "/api/meetings/..%2F..%2Fetc%2Fpasswd",
        "/api/meetings/%2e%2e%2fmeta.json",
        "/meetings/..%2Fmeta.json",
        "/meetings/%00",
        "/api/speeches/..%2F..%2Fmeta.json",
        "/speeches/%2Fetc%2Fpasswd",
        "/api/agenda/..%2Fmeta.json%231",
        "/agenda/%00%231",
        "/api/speakers/..%2F..%2Fmeta.json",
        "/speakers/%2Fetc%2Fpasswd",
        "/sitemaps/..%2Fmeta.json",
        "/sitemaps/%2Fetc%2Fpasswd",
    ] {
        let (status, _, body) = support::get_with_headers(addr, target.as_bytes());
        assert!((400..500).contains(&status), "{target}: {status}");
        for leaked in ["root:", "index_settings", "opstamp"] {
            assert!(!body.contains(leaked), "{target} shows {leaked}");
        }
    }
    // Searches, pages, exports and feeds read the index and leave it as it was.
    for target in [
        format!("/?q={}", encode("保育園")),
        format!("/api/search?q={}&group=meeting", encode("予算")),
        "/api/search.csv?q=a".into(),
        "/api/search.jsonl?q=a".into(),
        "/feeds/search.atom?q=a".into(),
        "/sitemap.xml".into(),
        "/api/trends?q=a".into(),
    ] {
        assert_eq!(get(addr, target.as_bytes()).0, 200, "{target}");
    }
    assert_eq!(
        files_of(&served.index),
        before,
        "the server wrote the index"
    );
    // A file's meeting names its file, never the folders it was read from.
    let folder = env!("CARGO_MANIFEST_DIR");
    let (status, body) = get(addr, "/api/meetings/seed-000_398aad91f4d2a6c2");
    assert_eq!(status, 200, "{body}");
    let meeting: serde_json::Value = serde_json::from_str(&body).unwrap();
    assert_eq!(meeting["source"], "000_398aad91f4d2a6c2.txt");
    let (status, page) = get(addr, "/meetings/seed-000_398aad91f4d2a6c2");
    assert_eq!(status, 200);
    assert!(page.contains("出典：000_398aad91f4d2a6c2.txt"), "{page}");
    for body in [&body, &page] {
        assert!(
            !body.contains(folder),
            "the server's folder {folder} is shown"
        );
    }
    // A source the minutes give as a URL is a link.
    let (_, page) = get(addr, "/meetings/r05-20230703-5");
    assert!(
        page.contains("出典：<a href=\"https://kaigiroku.city.shinagawa.tokyo.jp/"),
        "{page}"
    );
}

/// Every file of `dir` with its size and modification time.
fn files_of(dir: &std::path::Path) -> Vec<(String, u64, std::time::SystemTime)> {
    let mut files: Vec<_> = std::fs::read_dir(dir)
        .unwrap()
        .flatten()
        .map(|entry| {
            let meta = entry.metadata().unwrap();
            (
                entry.file_name().to_string_lossy().into_owned(),
                meta.len(),
                meta.modified().unwrap(),
            )
        })
        .collect();
    files.sort();
    files
}

/// Reads until the server closes the connection (bounded): what it sent,
/// and how long it took.
fn read_until_closed(stream: &mut std::net::TcpStream) -> (String, Duration) {
    use std::io::Read;
    let started = std::time::Instant::now();
    stream
        .set_read_timeout(Some(Duration::from_secs(15)))
        .unwrap();
    let mut received = Vec::new();
    let mut buffer = [0u8; 4096];
    loop {
        match stream.read(&mut buffer) {
            Ok(0) => break,
            Ok(n) => received.extend_from_slice(&buffer[..n]),
            Err(err) if err.kind() == std::io::ErrorKind::ConnectionReset => break,
            Err(err) => panic!("the server did not close the connection: {err}"),
        }
    }
    (
        String::from_utf8_lossy(&received).into_owned(),
        started.elapsed(),
    )
}

#[test]
fn slow_and_idle_clients_are_cut_off_and_oversized_heads_refused() {
    use std::io::Write;
    let served = support::serve("data");
    let head_timeout = support::test_limits().head_timeout;

    // Slowloris: a head that never ends is cut off at the deadline, even
    // while bytes keep coming.
    let mut slow = std::net::TcpStream::connect(served.addr).unwrap();
    slow.write_all(b"GET / HTTP/1.1\r\nHost: localhost\r\n")
        .unwrap();
    for _ in 0..3 {
        std::thread::sleep(head_timeout / 4);
        let _ = slow.write_all(b"X-Slow: 1\r\n");
    }
    let (received, waited) = read_until_closed(&mut slow);
    assert!(
        !received.contains(" 200 "),
        "a head that never ended was answered: {received}"
    );
    assert!(waited < head_timeout * 3, "cut off only after {waited:?}");

    // An idle keep-alive connection is closed after the same deadline.
    let mut idle = std::net::TcpStream::connect(served.addr).unwrap();
    idle.write_all(b"GET /healthz HTTP/1.1\r\nHost: localhost\r\n\r\n")
        .unwrap();
    let (received, waited) = read_until_closed(&mut idle);
    assert!(received.starts_with("HTTP/1.1 200"), "{received}");
    assert!(
        waited >= head_timeout / 2 && waited < head_timeout * 3,
        "idle connection closed after {waited:?}"
    );

    // A head of 100 KB: 431, and the service goes on.
    let mut large = std::net::TcpStream::connect(served.addr).unwrap();
    let padding = "a".repeat(100 * 1024);
    let _ = large.write_all(
        format!("GET / HTTP/1.1\r\nHost: localhost\r\nX-Padding: {padding}\r\n\r\n").as_bytes(),
    );
    let (received, _) = read_until_closed(&mut large);
    assert!(
        received.starts_with("HTTP/1.1 431"),
        "{}",
        &received[..received.len().min(200)]
    );
    assert_eq!(get(served.addr, b"/healthz").0, 200);
}
