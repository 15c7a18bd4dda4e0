//! Each reader on real files from ../shared/corpus (copied to tests/data),
//! asserting what the files actually say.

use std::path::{Path, PathBuf};

use kaigiroku_core::model::{Category, Meeting, SpeechKind};
use kaigiroku_ingest::{decode, readers};

fn data(relative: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../tests/data")
        .join(relative)
}

fn read(relative: &str) -> Vec<Meeting> {
    let path = data(relative);
    let text = decode::decode(&std::fs::read(&path).unwrap()).unwrap();
    let format = readers::detect(&path, &text)
        .unwrap()
        .expect("a minutes file");
    let speakers =
        kaigiroku_ingest::speaker::SpeakerParser::new(kaigiroku_core::testing::analyzer());
    readers::read(&path, &text, format, &speakers)
        .unwrap()
        .meetings
}

#[test]
fn seed_header_agenda_outcomes_and_speakers() {
    let meetings = read("seed/000_398aad91f4d2a6c2.txt");
    let [meeting] = meetings.as_slice() else {
        panic!("one meeting")
    };
    assert_eq!(meeting.format, "seed");
    assert_eq!(meeting.title, "令和3年度 第2回豊島区行政情報化推進本部");
    assert_eq!(meeting.body, "行政情報化推進本部");
    assert_eq!(meeting.municipality, "豊島区");
    assert_eq!(meeting.date, "2022-01-26");
    assert_eq!(meeting.start_time.as_deref(), Some("11:10"));
    assert_eq!(meeting.end_time.as_deref(), Some("11:59"));
    assert_eq!(meeting.place.as_deref(), Some("庁議室(本庁舎5階)"));
    assert_eq!(meeting.disclosure.as_deref(), Some("非公開"));
    assert!(
        meeting
            .attendees
            .iter()
            .any(|a| a.position.as_deref() == Some("副区長(本部長)")
                && a.group.as_deref() == Some("部員"))
    );
    assert!(
        meeting
            .attendees
            .iter()
            .any(|a| a.position.as_deref() == Some("総務課長")
                && a.group.as_deref() == Some("事務局"))
    );

    let labels: Vec<&str> = meeting.agenda.iter().map(|a| a.label.as_str()).collect();
    assert_eq!(
        labels,
        [
            "議案（1）",
            "議案（2）",
            "報告事項（1）",
            "報告事項（2）",
            "報告事項（3）",
            "報告事項（4）"
        ]
    );
    assert_eq!(
        meeting.agenda[0].title,
        "情報システム契約案件（4000万円以上）の本部承認について"
    );
    let outcomes: Vec<Option<&str>> = meeting
        .agenda
        .iter()
        .map(|a| a.outcome.as_deref())
        .collect();
    assert_eq!(
        outcomes,
        [Some("承認"), Some("承認"), None, None, None, None]
    );

    // The opening, said with a space instead of a colon, before any agenda item.
    let first = &meeting.speeches[0];
    assert_eq!(
        first.text,
        "ただいまより第2回行政情報化推進本部を開催します。"
    );
    assert_eq!(
        first.speaker.as_ref().unwrap().position.as_deref(),
        Some("本部長")
    );
    assert_eq!(first.speaker.as_ref().unwrap().category, Category::Chair);
    assert_eq!(first.agenda, None);

    let answer = meeting
        .speeches
        .iter()
        .find(|s| s.text == "250グラムです。")
        .expect("the 250グラム answer");
    let speaker = answer.speaker.as_ref().unwrap();
    assert_eq!(
        (speaker.position.as_deref(), speaker.category),
        (Some("事務局"), Category::Secretariat)
    );
    assert_eq!(
        meeting.agenda[(answer.agenda.unwrap() - 1) as usize].label,
        "報告事項（2）"
    );

    let members = meeting
        .speeches
        .iter()
        .filter(|s| {
            s.speaker
                .as_ref()
                .is_some_and(|sp| sp.category == Category::Member)
        })
        .count();
    assert_eq!(members, 5, "部員 spoke five times");
    let adviser = meeting
        .speeches
        .iter()
        .find(|s| {
            s.speaker
                .as_ref()
                .is_some_and(|sp| sp.label == "デジタル化推進員")
        })
        .unwrap();
    assert_eq!(adviser.speaker.as_ref().unwrap().category, Category::Other);

    assert_eq!(
        meeting
            .speeches
            .iter()
            .filter(|s| s.kind == SpeechKind::Summary)
            .count(),
        6
    );
    assert_eq!(
        meeting
            .speeches
            .iter()
            .filter(|s| s.kind == SpeechKind::Decision)
            .count(),
        2
    );
    // The sentence broken across lines in the source is one sentence here.
    let lgwan = meeting
        .speeches
        .iter()
        .find(|s| s.kind == SpeechKind::Summary && s.text.starts_with("LGWAN-ASP"))
        .unwrap();
    assert!(
        lgwan.text.ends_with("導入してよいこととする。"),
        "{}",
        lgwan.text
    );
    assert!(!lgwan.text.contains("\nてよいこととする"), "{}", lgwan.text);
}

#[test]
fn council_text_meguro() {
    let meetings = read("text/kensakusystem-sapphire-meguro-statements.txt");
    let [meeting] = meetings.as_slice() else {
        panic!("one meeting")
    };
    assert_eq!(meeting.format, "council");
    assert_eq!(meeting.date, "2025-02-17");
    assert_eq!(meeting.title, "令和 7年第1回定例会（第1日 2月17日）");
    assert_eq!(meeting.body, "本会議");
    assert_eq!(meeting.municipality, "目黒区");
    let names: Vec<&str> = meeting.attendees.iter().map(|a| a.name.as_str()).collect();
    assert!(names.contains(&"後藤さちこ"), "{names:?}");
    assert!(names.contains(&"細貝悠"), "{names:?}");
    let mayor = meeting
        .attendees
        .iter()
        .find(|a| a.position.as_deref() == Some("区長"))
        .unwrap();
    assert_eq!(mayor.name, "青木英二");
    let speeches: Vec<_> = meeting
        .speeches
        .iter()
        .filter(|s| s.kind == SpeechKind::Speech)
        .collect();
    let first = speeches[0].speaker.as_ref().unwrap();
    assert_eq!(
        (
            first.name.as_deref(),
            first.position.as_deref(),
            first.category
        ),
        (Some("おのせ康裕"), Some("議長"), Category::Chair)
    );
    let question = speeches
        .iter()
        .find(|s| s.speaker.as_ref().unwrap().label == "２０番（鈴木まさし議員）")
        .unwrap();
    assert_eq!(
        question.speaker.as_ref().unwrap().category,
        Category::Member
    );
    assert_eq!(
        question.speaker.as_ref().unwrap().name.as_deref(),
        Some("鈴木まさし")
    );
    assert!(
        meeting.agenda.iter().any(|a| a.label == "日程第２"),
        "{:?}",
        meeting.agenda
    );
}

#[test]
fn council_text_hirosaki_with_crlf() {
    let meetings = read("text/kensakusystem-index-html-statements.txt");
    let meeting = &meetings[0];
    assert_eq!(meeting.date, "2023-02-17");
    assert_eq!(meeting.municipality, "弘前市");
    // The preamble is the header; its 議事日程 lists 30 bills under 第４.
    assert_eq!(meeting.speeches[0].kind, SpeechKind::Header);
    let under_fourth: Vec<&str> = meeting
        .agenda
        .iter()
        .filter(|a| a.label == "日程第４")
        .filter_map(|a| a.number.as_deref())
        .collect();
    assert_eq!(under_fourth.len(), 30, "{under_fourth:?}");
    assert_eq!(under_fourth[29], "議案第30号");
    let chair = meeting.speeches[1].speaker.as_ref().unwrap();
    assert_eq!(
        (chair.name.as_deref(), chair.position.as_deref()),
        (Some("清野一榮"), Some("議長"))
    );
    let item = meeting
        .agenda
        .iter()
        .find(|a| a.label == "日程第１")
        .expect("日程第１");
    assert_eq!(item.title, "会議録署名議員の指名");
    // 〔市長　櫻田　宏　登壇〕 is narration, not part of a speech.
    assert!(
        meeting
            .speeches
            .iter()
            .any(|s| s.kind == SpeechKind::Narration && s.text.contains("登壇"))
    );
    assert!(
        meeting
            .speeches
            .iter()
            .filter(|s| s.kind == SpeechKind::Speech)
            .all(|s| !s.text.contains("登壇〕"))
    );
}

#[test]
fn shinagawa_and_tokyo_corpora() {
    let meetings = read("shinagawa/r05-20230111-10.js");
    let meeting = &meetings[0];
    assert_eq!(meeting.id, "r05-20230111-10");
    assert_eq!(
        (
            meeting.date.as_str(),
            meeting.body.as_str(),
            meeting.municipality.as_str()
        ),
        ("2023-01-11", "議会運営委員会", "品川区")
    );
    let chair = meeting.speeches[0].speaker.as_ref().unwrap();
    assert_eq!(
        (chair.name.as_deref(), chair.position.as_deref()),
        (Some("渡辺"), Some("委員長"))
    );

    let meetings = read("tokyo/utterances_tokyo_rugby-world-cup.json");
    let first = &meetings[0];
    assert_eq!(first.id, "tokyo-rugby-world-cup-19-01");
    assert_eq!(first.date, "2015-12-16");
    assert_eq!(first.body, "ラグビーワールドカップ特別対策委員会");
    assert_eq!(first.speeches[0].kind, SpeechKind::Header);
    let chair = first.speeches[1].speaker.as_ref().unwrap();
    assert_eq!(
        (
            chair.name.as_deref(),
            chair.position.as_deref(),
            chair.category
        ),
        (Some("相川"), Some("座長"), Category::Chair)
    );
}

fn speeches(meeting: &Meeting) -> Vec<&kaigiroku_core::model::Speech> {
    meeting
        .speeches
        .iter()
        .filter(|s| s.kind == SpeechKind::Speech)
        .collect()
}

fn count_by(meeting: &Meeting, name: &str, position: &str, category: Category) -> usize {
    speeches(meeting)
        .iter()
        .filter(|s| {
            let speaker = s.speaker.as_ref().unwrap();
            speaker.name.as_deref() == Some(name)
                && speaker.position.as_deref() == Some(position)
                && speaker.category == category
        })
        .count()
}

#[test]
fn html_pages_of_three_vendors() {
    // 仙台市 dbsearch: 文書中の発言: 50.
    let sendai = &read("html/dbsearch-sendai-detail.html")[0];
    assert_eq!(
        (
            sendai.municipality.as_str(),
            sendai.body.as_str(),
            sendai.date.as_str()
        ),
        ("仙台市", "ＤＸ推進調査特別委員会", "2024-12-26")
    );
    assert_eq!(speeches(sendai).len(), 50);
    assert_eq!(
        count_by(sendai, "福田ようすけ", "委員", Category::Member),
        7
    );
    let first = speeches(sendai)[0].speaker.clone().unwrap();
    assert_eq!(
        (first.name, first.position.as_deref(), first.category),
        (None, Some("委員長"), Category::Chair)
    );
    assert!(
        speeches(sendai)
            .iter()
            .all(|s| !s.text.contains("<br") && !s.text.starts_with("1:"))
    );

    // 青森市 dbsearch: 122 voices, two of them (日程第43, 日程第44) continued
    // after a narration; the speaker's 〔…登壇〕 is narration.
    let aomori = &read("html/dbsearch-aomori-page.html")[0];
    assert_eq!(
        (aomori.municipality.as_str(), aomori.body.as_str()),
        ("青森市", "本会議")
    );
    assert_eq!(speeches(aomori).len(), 124);
    assert_eq!(count_by(aomori, "奈良岡隆", "議長", Category::Chair), 102);
    assert!(
        aomori
            .speeches
            .iter()
            .any(|s| s.kind == SpeechKind::Narration && s.text == "〔議員奈良祥孝君登壇〕")
    );
    assert_eq!(aomori.agenda[0].label, "日程第１");

    // つくば市 gijiroku.com fragment: ○塩田　委員長, with a space inside the label.
    let tsukuba = &read("html/gijiroku-com-tsukuba-huid-page.html")[0];
    assert_eq!(count_by(tsukuba, "塩田", "委員長", Category::Chair), 1);
    assert!(speeches(tsukuba)[0].text.starts_with("改めまして"));
}

#[test]
fn discussnet_minutes_with_metadata() {
    let meeting = &read("discussnet/saas/minute.json")[0];
    assert_eq!(meeting.id, "discussnet-hakodate-1251-2");
    assert_eq!(
        (
            meeting.municipality.as_str(),
            meeting.body.as_str(),
            meeting.date.as_str()
        ),
        ("函館市", "本会議", "2024-02-22")
    );
    // 21 minutes: the 名簿 is the header, 20 are speeches.
    assert_eq!(meeting.speeches[0].kind, SpeechKind::Header);
    assert_eq!(speeches(meeting).len(), 20);
    assert_eq!(count_by(meeting, "吉田崇仁", "議長", Category::Chair), 15);
    assert_eq!(count_by(meeting, "大泉潤", "市長", Category::Executive), 1);
    assert_eq!(meeting.agenda[0].label, "日程第１");
    // The title as the 議事日程 in the 名簿 prints it.
    assert_eq!(meeting.agenda[0].title, "会議録署名議員の指名");
}

#[test]
fn kokkai_xml_and_json() {
    let meetings = read("kokkai/1-end.xml");
    assert_eq!(meetings.len(), 2);
    let first = &meetings[0];
    assert_eq!(first.id, "100105291X00119470728");
    assert_eq!(
        (
            first.municipality.as_str(),
            first.body.as_str(),
            first.date.as_str()
        ),
        ("衆議院", "労働委員会決算委員会連合審査会", "1947-07-28")
    );
    // 63 records: speechOrder 0 (会議録情報) is the header.
    assert_eq!(first.speeches.len(), 63);
    assert_eq!(first.speeches[0].kind, SpeechKind::Header);
    assert_eq!(
        count_by(first, "米窪滿亮", "国務大臣", Category::Executive),
        22
    );
    // The 旧字体 name is found by its modern form.
    assert_eq!(
        kaigiroku_core::analysis::name_key("米窪滿亮"),
        kaigiroku_core::analysis::name_key("米窪満亮")
    );
    assert!(
        speeches(first)[0]
            .text
            .starts_with("それではこれから勞働委員會")
    );

    let json = read("kokkai/speech_any-bousai_2022_start2_max1.json");
    let speech = &json[0].speeches[0];
    let speaker = speech.speaker.as_ref().unwrap();
    assert_eq!(json[0].id, "120804194X00320220428");
    assert_eq!(
        (
            speaker.name.as_deref(),
            speaker.yomi.as_deref(),
            speaker.group.as_deref()
        ),
        (
            Some("井林辰憲"),
            Some("いばやしたつのり"),
            Some("自由民主党")
        )
    );
    // speakerPosition is null in the API's record; the printed 井林委員 gives it.
    assert_eq!(
        (speaker.position.as_deref(), speaker.category),
        (Some("委員"), Category::Member)
    );
    assert!(speech.text.starts_with("ありがとうございます。"));
}

/// Every name `--format` accepts reads a file of its format when forced,
/// the way `kaigiroku parse --format NAME` and `ingest --format NAME` do.
#[test]
fn every_format_name_reads_its_files_when_forced() {
    // No JSON Lines in tests/data: one is made from the seed's meeting.
    let seed = read("seed/000_398aad91f4d2a6c2.txt").remove(0);
    let folder = tempfile::tempdir().unwrap();
    let jsonl = folder.path().join("seed.jsonl");
    std::fs::write(&jsonl, serde_json::to_string(&seed).unwrap() + "\n").unwrap();

    let samples = [
        ("seed", data("seed/000_398aad91f4d2a6c2.txt")),
        (
            "council",
            data("text/kensakusystem-sapphire-meguro-statements.txt"),
        ),
        ("jsonl", jsonl),
        ("shinagawa", data("shinagawa/r05-20230111-10.js")),
        (
            "poliinfo",
            data("tokyo/utterances_tokyo_rugby-world-cup.json"),
        ),
        ("html", data("html/dbsearch-sendai-detail.html")),
        ("discussnet", data("discussnet/saas/minute.json")),
        (
            "kokkai-json",
            data("kokkai/speech_any-bousai_2022_start2_max1.json"),
        ),
        ("kokkai-xml", data("kokkai/1-end.xml")),
        ("pdf", data("pdf/meguro-one-column.pdf")),
        ("docx", data("docx/meguro.docx")),
    ];
    let names: Vec<&str> = samples.iter().map(|(name, _)| *name).collect();
    assert_eq!(names, readers::Format::names(), "a sample for every format");
    for (name, path) in samples {
        let format: readers::Format = name.parse().unwrap();
        assert_eq!(format.name(), name);
        let (text, opened_as) = readers::open(&path, &std::fs::read(&path).unwrap(), Some(format))
            .unwrap()
            .unwrap();
        assert_eq!(opened_as, format);
        let reading = readers::parse(&path, &text, format)
            .unwrap_or_else(|err| panic!("--format {name}: {err}"));
        assert!(
            reading.meetings.iter().any(|m| !m.speeches.is_empty()),
            "--format {name}"
        );
    }
    let err = "text".parse::<readers::Format>().unwrap_err();
    assert_eq!(
        err,
        "expected one of seed, council, jsonl, shinagawa, poliinfo, html, discussnet, kokkai-json, kokkai-xml, pdf, docx"
    );
}

/// 葛飾区's kensakusystem text (the cgi variant): a letter-spaced header
/// (「議　事　日　程」, 「第　１」, 「議　　案　　第　９号」) whose titles wrap
/// onto the next line, 47 items; bills referred to a committee set up in
/// the same sentence (「予算審査特別委員会を設置し、…議案６件を同委員会に付託」)
/// and to 「所管の常任委員会」, which names none.
#[test]
fn council_text_katsushika_header_read_whole() {
    let meetings = read("text/kensakusystem-cgi-katsushika-statements.txt");
    let meeting = &meetings[0];
    assert_eq!(meeting.date, "2025-02-14");
    assert_eq!(meeting.municipality, "葛飾区");
    let items: Vec<(&str, Option<&str>, &str)> = meeting
        .agenda
        .iter()
        .map(|a| (a.label.as_str(), a.number.as_deref(), a.title.as_str()))
        .collect();
    assert_eq!(items.len(), 47, "{items:?}");
    assert_eq!(items[0], ("日程第１", None, "会期について"));
    assert_eq!(
        items[8],
        (
            "日程第９",
            Some("議案第８号"),
            "令和６年度葛飾区後期高齢者医療事業特別会計補正予算（第２号）"
        )
    );
    assert_eq!(
        items[11],
        (
            "日程第１２",
            Some("議案第１１号"),
            "葛飾区建築物再生可能エネルギー利用促進区域制度における説明義務の対象となる建築物の用途及び規模を定める条例"
        )
    );
    assert_eq!(items[46].1, Some("議員提出議案第５号"));
    let budget: Vec<_> = meeting.agenda[1..7]
        .iter()
        .map(|a| (a.outcome.as_deref(), a.decided_how.as_deref()))
        .collect();
    assert_eq!(budget, [(Some("付託"), Some("予算審査特別委員会")); 6]);
    assert!(
        meeting.agenda[7..]
            .iter()
            .all(|a| a.outcome.as_deref() == Some("付託")),
        "{:?}",
        meeting.agenda
    );
    assert_eq!(meeting.agenda[0].outcome.as_deref(), Some("決定"));
}

/// DiscussNet on smart.discussvision.net (墨田区's 臨時会, as recorded by
/// open-gikai): the same minute.json shape, read by the same reader.
#[test]
fn discussnet_smart_sumida() {
    let meetings = read("discussnet/smart/minute.json");
    let meeting = &meetings[0];
    assert_eq!(meeting.municipality, "墨田区");
    assert_eq!(meeting.date, "2024-12-27");
    let mayor = meeting
        .speeches
        .iter()
        .find_map(|s| s.speaker.as_ref().filter(|p| p.label == "区長（山本亨）"))
        .unwrap();
    assert_eq!(
        (mayor.name.as_deref(), mayor.position.as_deref()),
        (Some("山本亨"), Some("区長"))
    );
    // Referred to its committee, then decided 「委員会審査報告どおり」 the
    // same day; the report itself is printed at the end of the volume, so
    // the minutes say only that it was decided.
    let item = &meeting.agenda[0];
    assert_eq!(item.title, "令和６年度墨田区一般会計補正予算");
    assert_eq!(item.number.as_deref(), Some("議案第７０号"));
    assert_eq!(item.outcome.as_deref(), Some("決定"));
}
