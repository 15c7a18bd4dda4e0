//! Across meetings, on real 品川区 minutes of 2023 (`tests/data/bills`,
//! copied from ../shared/corpus): one bill's stages linked into a history,
//! precedents strictly earlier and on the same ordinance first, agenda
//! search ranking an item's own title first, persons resolved from the
//! plenary's full names, and an assembly's members listed a page at a time.

mod support;

use kaigiroku_server::encode;
use support::{get, get_json as json};

#[test]
fn a_bill_its_history_its_precedents_and_its_people() {
    let served = support::serve("tests/data/bills/shinagawa");
    let addr = served.addr;

    // 第81号議案 品川区立保育所条例の一部を改正する条例: referred on 11-24,
    // passed by the 文教委員会 on 11-27, passed by the plenary on 12-06.
    let item = json(
        addr,
        &format!("/api/agenda/{}", encode("r05-20231206-honkaigi#16")),
    );
    assert_eq!(item["title"], "品川区立保育所条例の一部を改正する条例");
    assert_eq!(item["bill"], "131091:2023:議案81");
    let history: Vec<(String, String, String)> = item["history"]
        .as_array()
        .unwrap()
        .iter()
        .map(|h| {
            (
                h["date"].as_str().unwrap().to_string(),
                h["body"].as_str().unwrap().to_string(),
                h["outcome"].as_str().unwrap_or("").to_string(),
            )
        })
        .collect();
    let expected = [
        ("2023-11-24", "本会議", "付託"),
        ("2023-11-27", "文教委員会", "可決"),
        ("2023-12-06", "本会議", "可決"),
    ]
    .map(|(d, b, o)| (d.to_string(), b.to_string(), o.to_string()));
    assert_eq!(history, expected);
    // The page shows it as a timeline.
    let (_, page) = get(
        addr,
        format!("/agenda/{}", encode("r05-20231206-honkaigi#16")).as_bytes(),
    );
    assert!(
        page.contains("この議案の経過") && page.contains("文教委員会"),
        "{page}"
    );

    // 「日程第１⏎一般質問⏎…一昨日に引き続き、一般質問を行います」: the
    // questions sit under 一般質問, not outside every item.
    let sitting = json(addr, "/api/meetings/r05-20231124-honkaigi");
    let questions = &sitting["agenda"][0];
    assert_eq!(questions["title"], "一般質問");
    assert!(
        questions["speeches"].as_array().unwrap().len() > 40,
        "{questions}"
    );
    assert!(sitting["speeches_outside_agenda"].as_array().unwrap().len() <= 3);

    // Precedents: the ordinance's earlier amendment (2023-01-12) first,
    // nothing on or after the item's date, none of its own stages.
    let similar = json(
        addr,
        &format!(
            "/api/agenda/{}/similar?limit=5",
            encode("r05-20231206-honkaigi#16")
        ),
    );
    let items = similar["items"].as_array().unwrap();
    assert!(!items.is_empty());
    assert_eq!(items[0]["date"], "2023-01-12");
    assert_eq!(items[0]["title"], "品川区立保育所条例の一部を改正する条例");
    for precedent in items {
        assert!(
            precedent["date"].as_str().unwrap() < "2023-12-06",
            "{precedent}"
        );
    }

    // The ordinance as a filter: its items, and the speeches under them.
    let on_it = json(
        addr,
        &format!(
            "/api/agenda?municipality=131091&ordinance={}&per_page=50",
            encode("品川区立保育所条例")
        ),
    );
    let titles: Vec<&str> = on_it["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["title"].as_str().unwrap())
        .collect();
    assert!(titles.len() >= 3, "{titles:?}");
    assert!(
        titles.iter().all(|t| t.starts_with("品川区立保育所条例")),
        "{titles:?}"
    );
    let speeches = json(
        addr,
        &format!(
            "/api/search?ordinance={}&facets=false",
            encode("品川区立保育所条例")
        ),
    );
    let unfiltered = json(addr, "/api/search?facets=false");
    let total = speeches["total"].as_u64().unwrap();
    assert!(total > 0 && total < unfiltered["total"].as_u64().unwrap());
    let none = json(
        addr,
        &format!("/api/search?ordinance={}", encode("品川区存在しない条例")),
    );
    assert_eq!(none["total"], 0);

    // Ordinances: the assembly's list, and one ordinance's bills, newest first.
    let list = json(
        addr,
        &format!("/api/ordinances?municipality={}", encode("品川区")),
    );
    assert!(
        list["ordinances"]
            .to_string()
            .contains("品川区立保育所条例"),
        "{list}"
    );
    let one = json(
        addr,
        &format!(
            "/api/ordinances?municipality=131091&name={}",
            encode("品川区立保育所条例")
        ),
    );
    let dates: Vec<&str> = one["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["date"].as_str().unwrap())
        .collect();
    assert_eq!(dates.first(), Some(&"2023-12-06"), "{one}");
    assert_eq!(dates.last(), Some(&"2023-01-12"), "{one}");
    let (status, page) = get(
        addr,
        format!(
            "/ordinances?municipality=131091&name={}",
            encode("品川区立保育所条例")
        )
        .as_bytes(),
    );
    assert_eq!(status, 200);
    assert!(page.contains("2023-01-12"), "{page}");
    assert_eq!(get(addr, b"/api/ordinances").0, 400);

    // Agenda search: the items titled with the words come first.
    let found = json(
        addr,
        &format!("/api/agenda?q={}&per_page=3", encode("品川区立保育所条例")),
    );
    let first = &found["items"][0];
    assert!(
        first["title"]
            .as_str()
            .unwrap()
            .contains("品川区立保育所条例"),
        "{first}"
    );

    // Persons: the 文教委員会 prints 「つる委員長」, the plenary
    // 「文教委員長（つる伸一郎君）」: one person, with a reading.
    let hits = json(
        addr,
        &format!(
            "/api/search?q={}&speaker={}&per_page=50",
            encode("保育"),
            encode("つる")
        ),
    );
    let speakers: Vec<(&str, &str, &str)> = hits["hits"]
        .as_array()
        .unwrap()
        .iter()
        .map(|h| {
            let s = &h["speaker"];
            (
                s["label"].as_str().unwrap(),
                s["key"].as_str().unwrap(),
                s["yomi"].as_str().unwrap(),
            )
        })
        .collect();
    assert!(
        speakers.contains(&("つる委員長", "131091:つる伸一郎", "つるしんいちろう")),
        "{speakers:?}"
    );
    // The 会派 a member declares in the plenary: 「日本共産党品川区議団を代表して」.
    let member = json(addr, "/api/speakers?municipality=131091&per_page=200");
    let ando = member["speakers"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["key"] == "131091:安藤たい作")
        .expect("安藤たい作 listed");
    assert_eq!(ando["group"], "日本共産党品川区議団");
    // group= filters by 会派 (part of its name) and the 会派 facet counts them.
    let theirs = json(
        addr,
        &format!(
            "/api/search?q={}&group={}",
            encode("保育"),
            encode("共産党")
        ),
    );
    assert!(theirs["total"].as_u64().unwrap() > 0, "{theirs}");
    for hit in theirs["hits"].as_array().unwrap() {
        assert!(
            hit["speaker"]["group"].as_str().unwrap().contains("共産党"),
            "{hit}"
        );
    }
    assert!(
        theirs["facets"]["group"]
            .to_string()
            .contains("日本共産党品川区議団")
    );
    // Exports carry the person.
    let (_, csv) = get(
        addr,
        format!(
            "/api/search.csv?q={}&speaker={}",
            encode("保育"),
            encode("つる")
        )
        .as_bytes(),
    );
    assert!(
        csv.contains("131091:つる伸一郎,つる伸一郎,つるしんいちろう"),
        "{csv}"
    );

    // The members' list: every person, a page at a time.
    let list = json(
        addr,
        &format!("/api/speakers?municipality={}&per_page=5", encode("品川区")),
    );
    let total = list["total"].as_u64().unwrap();
    assert!(total > 20, "{list}");
    assert_eq!(list["speakers"].as_array().unwrap().len(), 5);
    let second = json(
        addr,
        "/api/speakers?municipality=131091&per_page=5&page=2&sort=name",
    );
    assert_eq!(second["page"], 2);
    for person in second["speakers"].as_array().unwrap() {
        assert!(person["first"].as_str().unwrap() <= person["last"].as_str().unwrap());
    }
    let (status, _) = get(addr, b"/api/speakers?municipality=131091&sort=age");
    assert_eq!(status, 400);
    let (status, page) = get(
        addr,
        format!("/speakers?municipality={}", encode("品川区")).as_bytes(),
    );
    assert_eq!(status, 200);
    assert!(
        page.contains("議員・説明員一覧") && page.contains("<table"),
        "{page}"
    );
}
