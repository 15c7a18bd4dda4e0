//! 表記ゆれ on the bundled data, through the API: a word finds its other
//! spellings, ranked after the speeches that spell it as typed; a word
//! typed in kana finds the one word it reads as, and nothing when the
//! reading is several words.

mod support;

use std::net::SocketAddr;

use kaigiroku_server::encode;
use serde_json::Value;
use support::get_json as json;

/// Every hit of a search, in rank order, and what it says was folded.
fn ranked(addr: SocketAddr, q: &str, fold: bool) -> (Vec<String>, Value) {
    let mut ids = Vec::new();
    let mut folded = Value::Null;
    for page in 1..=50 {
        let found = json(
            addr,
            &format!(
                "/api/search?q={}&fold={fold}&fields=id&facets=false&per_page=100&page={page}",
                encode(q)
            ),
        );
        folded = found["query"]["folded"].clone();
        let hits = found["hits"].as_array().unwrap();
        ids.extend(
            hits.iter()
                .map(|h| h["speech_id"].as_str().unwrap().to_string()),
        );
        if ids.len() as u64 >= found["total"].as_u64().unwrap() {
            break;
        }
    }
    (ids, folded)
}

/// Every hit of `typed` with folding, once its echo says it was folded
/// to `spellings`.
fn folded_as(addr: SocketAddr, typed: &str, spellings: &[&str]) -> Vec<String> {
    let (found, echo) = ranked(addr, typed, true);
    assert_eq!(
        echo,
        serde_json::json!([{"word": typed, "spellings": spellings}]),
        "{typed}"
    );
    found
}

/// Every hit of `typed` with folding, once its echo says nothing was
/// folded: the hits of the words as typed.
fn folds_nothing(addr: SocketAddr, typed: &str) -> Vec<String> {
    let (found, echo) = ranked(addr, typed, true);
    assert_eq!(echo, serde_json::json!([]), "{typed}");
    assert_eq!(found, ranked(addr, typed, false).0, "{typed}");
    found
}

fn text(addr: SocketAddr, id: &str) -> String {
    let speech = json(addr, &format!("/api/speeches/{}", encode(id)));
    speech["text"].as_str().unwrap().to_string()
}

#[test]
fn a_word_finds_its_other_spellings_after_its_own() {
    let served = support::serve("data");
    let addr = served.addr;
    let (typed, nothing) = ranked(addr, "子供", false);
    assert_eq!(nothing, serde_json::json!([]));
    let (folded, echo) = ranked(addr, "子供", true);
    assert_eq!(
        echo,
        serde_json::json!([{"word": "子供", "spellings": ["子ども", "こども"]}])
    );
    assert!(typed.len() >= 5, "{}", typed.len());
    assert!(
        folded.len() > typed.len() + 20,
        "{} {}",
        folded.len(),
        typed.len()
    );
    // The speeches written 子供 first, all of them; then the others.
    let mut first: Vec<&String> = folded[..typed.len()].iter().collect();
    let mut own: Vec<&String> = typed.iter().collect();
    first.sort();
    own.sort();
    assert_eq!(first, own);
    let rest: Vec<String> = folded[typed.len()..]
        .iter()
        .map(|id| text(addr, id))
        .collect();
    assert!(rest.iter().all(|t| !t.contains("子供")));
    assert!(rest.iter().any(|t| t.contains("子ども")));
    assert!(
        rest.iter()
            .any(|t| t.contains("こども") && !t.contains("子ども"))
    );
}

#[test]
fn a_long_vowel_inside_a_loanword_is_folded() {
    let served = support::serve("data");
    let addr = served.addr;
    // 品川区議会 prints both ホスピタリティースペース and ホスピタリティスペース.
    let with = "ホスピタリティースペース";
    let without = "ホスピタリティスペース";
    let (long, _) = ranked(addr, with, false);
    let (short, _) = ranked(addr, without, false);
    assert!(!long.is_empty() && !short.is_empty());
    for (typed, own, other) in [(with, &long, &short), (without, &short, &long)] {
        let (folded, echo) = ranked(addr, typed, true);
        let spelt_otherwise = if typed == with { without } else { with };
        assert_eq!(
            echo,
            serde_json::json!([{"word": typed, "spellings": [spelt_otherwise]}])
        );
        // Its own speeches first, then those spelt the other way.
        assert_eq!(&folded[..own.len()], &own[..]);
        for id in other.iter() {
            assert!(folded.contains(id), "{typed}: {id}");
        }
    }
}

#[test]
fn kana_finds_the_one_word_it_reads_as() {
    let served = support::serve("data");
    let addr = served.addr;
    // No speech of the bundled data writes ぼうさい; 防災 is the one word so read.
    let (as_typed, _) = ranked(addr, "ぼうさい", false);
    assert!(as_typed.is_empty());
    let found = folded_as(addr, "ぼうさい", &["防災"]);
    let (bosai, _) = ranked(addr, "防災", false);
    assert_eq!(found.len(), bosai.len());
    // Nouns of time are words too: こんご is 今後, not コンゴ.
    let found = folded_as(addr, "こんご", &["今後"]);
    assert_eq!(found, ranked(addr, "今後", false).0);
    // The echo names only spellings the record prints: Sudachi spells 東京
    // トウキョウ, but no speech here prints トウキョウ都.
    folds_nothing(addr, "東京都");
    // The echo prints the word with the final ー the search leaves out.
    let found = folded_as(addr, "せんたー", &["センター"]);
    assert_eq!(found, ranked(addr, "センター", false).0);
    // こうえん is 公園, 講演 and 後援 here: it folds into none of them.
    assert!(folds_nothing(addr, "こうえん").is_empty());
    for word in ["公園", "講演", "後援"] {
        assert!(!ranked(addr, word, false).0.is_empty(), "{word}");
    }
}

#[test]
fn kana_finds_the_other_spellings_of_the_word_it_reads_as() {
    let served = support::serve("data");
    let addr = served.addr;
    // しはらい reads as 支払い, which the record also prints 支払: the
    // speech that prints only 支払 (in 支払う) is found too.
    let found = folded_as(addr, "しはらい", &["支払い", "支払"]);
    let (okurigana, _) = ranked(addr, "支払い", false);
    let (short, _) = ranked(addr, "支払", false);
    let only_short: Vec<&String> = short.iter().filter(|id| !okurigana.contains(id)).collect();
    assert_eq!(only_short, ["tokyo-rugby-world-cup-19-02-72"]);
    for id in okurigana.iter().chain(&short) {
        assert!(found.contains(id), "{id}");
    }
    assert_eq!(found.len(), 4);
}

#[test]
fn kana_finds_the_compound_it_spells() {
    let served = support::serve("data");
    let addr = served.addr;
    // No one word of the dictionary reads しょうがいしゃ or ねっちゅうしょう:
    // they are 障害 + 者 and 熱中 + 症, as the record prints them. The echo
    // names the spellings printed here: not Sudachi's 障碍者.
    let found = folded_as(addr, "しょうがいしゃ", &["障害者", "障がい者"]);
    let (shogaisha, _) = ranked(addr, "障害者", false);
    assert!(shogaisha.len() >= 10, "{}", shogaisha.len());
    for id in &shogaisha {
        assert!(found.contains(id), "{id}");
    }
    let found = folded_as(addr, "ねっちゅうしょう", &["熱中症"]);
    let (nettyusho, _) = ranked(addr, "熱中症", false);
    assert!(!nettyusho.is_empty());
    assert_eq!(found, nettyusho);
    // A prefix begins one: ふとうこう is 不 + 登校.
    let found = folded_as(addr, "ふとうこう", &["不登校"]);
    assert_eq!(found, ranked(addr, "不登校", false).0);
    // So does a place of one character: くぎかい is 区 + 議会.
    let found = folded_as(addr, "くぎかい", &["区議会"]);
    assert_eq!(found, ranked(addr, "区議会", false).0);
    // A short noun ends one where the compound stands as a word: 住民税 is
    // followed by 額, の, を …, while 区民生 (くみんせい, below) is 区民生活.
    let found = folded_as(addr, "じゅうみんぜい", &["住民税"]);
    assert_eq!(found, ranked(addr, "住民税", false).0);
    // The start of a longer word is no compound: 区民生 is printed only in
    // 区民生活, 調査検 only in 調査検討.
    for kana in ["くみんせい", "ちょうさけん"] {
        assert!(folds_nothing(addr, kana).is_empty(), "{kana}");
    }
    // きょうぎかい: 競技会 is printed here only in 競技会場, so 協議会 is
    // the one word so read, and all of its speeches are found.
    let found = folded_as(addr, "きょうぎかい", &["協議会"]);
    assert_eq!(found, ranked(addr, "協議会", false).0);
    for id in ranked(addr, "競技会", false).0 {
        assert!(text(addr, &id).contains("競技会場"), "{id}");
    }
}

#[test]
fn kana_read_as_a_word_the_search_would_overreach_fold_nothing() {
    let served = support::serve("data");
    let addr = served.addr;
    // 所 (ところ) and 則 (すなわち) are one character, found inside 事務所
    // and 規則; 七日 (なのか) and 五日 (いつか) are searched as 7日 and 5日,
    // inside 17日 and 25日. Each finds only its kana as typed.
    for kana in ["ところ", "すなわち", "なのか", "いつか"] {
        assert!(!folds_nothing(addr, kana).is_empty(), "{kana}");
    }
    // いったん is the adverb 一旦 (7 speeches here) more than the noun 一端
    // (1): an adverb competes, and is no spelling to fold to.
    assert!(folds_nothing(addr, "いったん").is_empty());
    assert_eq!(ranked(addr, "一旦", false).0.len(), 7);
}

#[test]
fn kana_printed_more_than_the_word_it_reads_as_folds_nothing() {
    let served = support::serve("data");
    let addr = served.addr;
    // The analyzer cuts しない and きたい in two (し ない, き たい): as
    // printed they are the verb (しない, していきたい) far more than 市内
    // and 期待, which the bundled data prints too.
    for (kana, word) in [("しない", "市内"), ("きたい", "期待")] {
        let as_typed = folds_nothing(addr, kana);
        let (printed, _) = ranked(addr, word, false);
        assert!(
            !printed.is_empty() && printed.len() < as_typed.len(),
            "{word}"
        );
    }
}

#[test]
fn kana_spell_no_word_the_dictionary_reads_otherwise() {
    let served = support::serve("data");
    let addr = served.addr;
    // 今 is read コン, and the bundled data prints 今や; but 今や is いまや,
    // and a one-kana last word (や) is no suffix to end a compound with.
    assert!(!ranked(addr, "今や", false).0.is_empty());
    assert!(folds_nothing(addr, "こんや").is_empty());
}

#[test]
fn a_reading_met_only_inside_other_words_is_no_spelling() {
    let served = support::serve("data");
    let addr = served.addr;
    // The bundled data prints ないよう and たよう only inside other words
    // (しないように, したように): they are not 内容 and 多様 written in kana.
    for (word, kana) in [("内容", "ないよう"), ("多様", "たよう")] {
        let (inside, _) = ranked(addr, kana, false);
        assert!(inside.len() >= 10, "{kana}: {}", inside.len());
        folds_nothing(addr, word);
    }
}

#[test]
fn meetings_holding_the_typed_spelling_come_first() {
    let served = support::serve("data");
    let found = json(
        served.addr,
        &format!(
            "/api/search?q={}&group=meeting&explain=true&facets=false&per_page=100",
            encode("子供")
        ),
    );
    // A meeting's best speech is spelt as typed when any of its speeches is.
    let typed: Vec<bool> = found["meetings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["best"][0]["explain"]["as_typed"].as_bool().unwrap())
        .collect();
    let first_other = typed
        .iter()
        .position(|t| !t)
        .expect("子ども and こども fold in");
    assert!(first_other > 0, "{typed:?}");
    assert!(typed[first_other..].iter().all(|t| !t), "{typed:?}");
}

#[test]
fn explain_gives_the_parts_of_each_score() {
    let served = support::serve("data");
    let addr = served.addr;
    let explained = |q: &str| {
        let found = json(
            addr,
            &format!(
                "/api/search?q={}&explain=true&facets=false&per_page=100",
                encode(q)
            ),
        );
        found["hits"].as_array().unwrap().clone()
    };
    let (typed, _) = ranked(addr, "子供", false);
    let hits = explained("子供");
    assert!(hits.len() > typed.len());
    for (rank, hit) in hits.iter().enumerate() {
        let explain = &hit["explain"];
        // The speeches written 子供 first, then those in another spelling.
        assert_eq!(explain["as_typed"], rank < typed.len(), "{rank}: {explain}");
        assert!(explain["text_parts"]["details"].is_array());
    }
    // 予算 names agenda items, is said by chairs and gathers in passages:
    // every part is at work, and the score the ranking used is their
    // product.
    let hits = explained("予算");
    let (mut titled, mut chaired, mut dense) = (0, 0, 0);
    for hit in hits.iter().chain(&explained("子供")) {
        let explain = &hit["explain"];
        let part = |name: &str| explain[name].as_f64().unwrap();
        let score = hit["score"].as_f64().unwrap();
        assert!((part("score") - score).abs() < 1e-3, "{explain}");
        let product = part("text")
            * part("length_factor")
            * part("title_factor")
            * part("role_factor")
            * part("passage_factor");
        assert!((product - score).abs() < 1e-3 * score.max(1.0), "{explain}");
        assert!(part("length_factor") > 0.0 && part("length_factor") < 1.0);
        assert!((part("title_factor") - (1.0 + 0.3 * part("title_share"))).abs() < 1e-6);
        assert!((part("passage_factor") - (1.0 + 0.25 * part("passage"))).abs() < 1e-6);
        let by_chair = hit["speaker"]["category"] == "chair";
        assert_eq!(explain["by_chair"], by_chair, "{hit}");
        assert_eq!(part("role_factor"), if by_chair { 0.7 } else { 1.0 });
        let title = hit["agenda"]["title"].as_str().unwrap_or("");
        if title.contains("予算") && hits.contains(hit) {
            assert_eq!(part("title_share"), 1.0, "{hit}");
        }
        titled += usize::from(part("title_share") > 0.0);
        chaired += usize::from(by_chair);
        dense += usize::from(part("passage") == 1.0);
    }
    assert!(
        titled >= 10 && chaired >= 5 && dense >= 10,
        "{titled} {chaired} {dense}"
    );
    // The passage reorders the first hits by the final score, and pages
    // cut that one order.
    let scores: Vec<f64> = hits.iter().map(|h| h["score"].as_f64().unwrap()).collect();
    assert!(scores.windows(2).all(|w| w[0] >= w[1]), "{scores:?}");
    let ids = |hits: &[Value]| -> Vec<String> {
        hits.iter()
            .map(|h| h["speech_id"].as_str().unwrap().to_string())
            .collect()
    };
    let mut paged = Vec::new();
    for page in 1..=5 {
        let found = json(
            addr,
            &format!(
                "/api/search?q={}&facets=false&per_page=10&page={page}",
                encode("予算")
            ),
        );
        paged.extend(ids(found["hits"].as_array().unwrap()));
    }
    assert_eq!(paged, ids(&hits)[..paged.len()]);
    // Without asking, no explanation.
    let plain = json(addr, &format!("/api/search?q={}", encode("子供")));
    assert!(plain["hits"][0].get("explain").is_none());
}
