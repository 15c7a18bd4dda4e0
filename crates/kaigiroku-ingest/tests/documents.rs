//! PDF and Word minutes, and the vendors' current pages, read from real
//! files: PDFs and a .docx made from 目黒区's real minutes by LibreOffice
//! and Chromium (`tests/data/pdf/make.sh`), and dbsearch's template view of
//! 音更町's minutes as served.

use std::path::{Path, PathBuf};

use kaigiroku_core::model::{Meeting, SpeechKind};
use kaigiroku_ingest::readers;

fn data(relative: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../tests/data")
        .join(relative)
}

/// The text a file's reader reads, and its format.
fn text(relative: &str) -> Result<(String, readers::Format), String> {
    let path = data(relative);
    readers::open(&path, &std::fs::read(&path).unwrap(), None).map(|found| found.unwrap())
}

fn read(relative: &str) -> Meeting {
    let path = data(relative);
    let (text, format) = text(relative).unwrap();
    let speakers =
        kaigiroku_ingest::speaker::SpeakerParser::new(kaigiroku_core::testing::analyzer());
    let mut meetings = readers::read(&path, &text, format, &speakers)
        .unwrap()
        .meetings;
    assert_eq!(meetings.len(), 1, "{relative}");
    meetings.remove(0)
}

/// The paragraphs of a range of lines of the source minutes (1-based, as
/// `make.sh` cut them), white space removed: the tools justify lines and
/// draw no U+3000.
fn source_paragraphs(first: usize, last: usize) -> Vec<String> {
    let source =
        std::fs::read_to_string(data("text/kensakusystem-sapphire-meguro-statements.txt")).unwrap();
    source
        .lines()
        .skip(first - 1)
        .take(last + 1 - first)
        .map(without_space)
        .filter(|l| !l.is_empty())
        .collect()
}

fn without_space(text: &str) -> String {
    text.chars().filter(|c| !c.is_whitespace()).collect()
}

fn speakers(meeting: &Meeting) -> Vec<&str> {
    meeting
        .speeches
        .iter()
        .filter(|s| s.kind == SpeechKind::Speech)
        .filter_map(|s| s.speaker.as_ref())
        .map(|s| s.label.as_str())
        .fold(Vec::new(), |mut turns, label| {
            if turns.last() != Some(&label) {
                turns.push(label);
            }
            turns
        })
}

/// Every paragraph of the minutes comes back whole and in order: the
/// columns read one after the other, lines joined across pages and
/// columns, no page furniture left.
#[test]
fn documents_give_back_the_paragraphs_of_the_minutes() {
    let cases = [
        ("pdf/meguro-one-column.pdf", readers::Format::Pdf, (1, 111)),
        ("docx/meguro.docx", readers::Format::Docx, (1, 111)),
        (
            "pdf/meguro-two-column.pdf",
            readers::Format::Pdf,
            (262, 330),
        ),
        (
            "pdf/meguro-two-column-lo.pdf",
            readers::Format::Pdf,
            (262, 330),
        ),
        // A font neither embedded nor mapped to Unicode (UniJIS-UCS2-H), as
        // older Japanese PDFs have: poppler-data's CMaps decode it.
        (
            "pdf/meguro-cid-nonembedded.pdf",
            readers::Format::Pdf,
            (1, 60),
        ),
    ];
    for (file, format, (first, last)) in cases {
        let (text, found) = text(file).unwrap();
        assert_eq!(found, format, "{file}");
        let paragraphs: Vec<String> = text
            .lines()
            .map(without_space)
            .filter(|l| !l.is_empty())
            .collect();
        let expected = source_paragraphs(first, last);
        for (n, (got, want)) in paragraphs.iter().zip(&expected).enumerate() {
            assert_eq!(got, want, "{file}: paragraph {n}");
        }
        assert_eq!(paragraphs.len(), expected.len(), "{file}");
    }
}

#[test]
fn a_one_column_pdf_reads_like_the_text_minutes() {
    let meeting = read("pdf/meguro-one-column.pdf");
    assert_eq!(meeting.format, "pdf");
    assert_eq!(meeting.date, "2025-02-17");
    assert_eq!(meeting.municipality, "目黒区");
    assert_eq!(meeting.body, "本会議");
    assert_eq!(speakers(&meeting), ["おのせ康裕議長", "青木英二区長"]);
    // The name before the title: 「○おのせ康裕議長」.
    assert_eq!(meeting.speeches[0].kind, SpeechKind::Header);
    assert!(meeting.speeches[0].text.contains("出席議員（３４名）"));
    let chair = meeting.speeches[1].speaker.as_ref().unwrap();
    assert_eq!(chair.name.as_deref(), Some("おのせ康裕"));
    assert_eq!(chair.position.as_deref(), Some("議長"));
    let first = &meeting.agenda[0];
    assert_eq!(
        (first.label.as_str(), first.title.as_str()),
        ("日程第１", "会期の決定")
    );
    assert_eq!(first.outcome.as_deref(), Some("決定"));
    assert!(
        meeting
            .attendees
            .iter()
            .any(|a| a.name == "岸大介" || a.name.contains("岸")),
        "{:?}",
        meeting.attendees
    );
}

#[test]
fn two_columns_keep_the_order_of_the_turns() {
    for file in ["pdf/meguro-two-column.pdf", "pdf/meguro-two-column-lo.pdf"] {
        let meeting = read(file);
        assert_eq!(
            speakers(&meeting),
            [
                "関根義孝教育長",
                "２０番（鈴木まさし議員）",
                "青木英二区長",
                "関根義孝教育長",
                "おのせ康裕議長",
                "２２番（たぞえ麻友議員）",
            ],
            "{file}"
        );
    }
}

#[test]
fn no_page_furniture_is_left_in_any_speech() {
    let furniture = [
        (
            "pdf/meguro-one-column.pdf",
            &["令和７年第１回定例会", "－１－", "－２－", "－３－"][..],
        ),
        (
            "pdf/meguro-two-column.pdf",
            &["file://", "kaigiroku-fixtures", "1/4", "4/4", "AM", "PM"][..],
        ),
        (
            "pdf/meguro-two-column-lo.pdf",
            &["定例会会議録（第１日）", "-1-", "1/5", "5/5"][..],
        ),
    ];
    for (file, strings) in furniture {
        let meeting = read(file);
        for speech in &meeting.speeches {
            let text = without_space(&speech.text);
            for string in strings {
                assert!(!text.contains(string), "{file}: {string:?} in {text}");
            }
        }
    }
}

#[test]
fn pdfs_without_a_text_layer_or_in_vertical_writing_are_refused_by_name() {
    let scanned = text("pdf/scanned.pdf").unwrap_err();
    assert!(scanned.contains("no text layer"), "{scanned}");
    let vertical = text("pdf/vertical.pdf").unwrap_err();
    assert!(vertical.contains("縦書き"), "{vertical}");
    let path = data("pdf/meguro-one-column.pdf");
    let bytes = std::fs::read(&path).unwrap();
    let truncated = readers::open(&path, &bytes[..bytes.len() / 3], None).unwrap_err();
    assert!(truncated.contains("PDF"), "{truncated}");
}

/// dbsearch's current layout: a block per turn, the label on its first
/// line, 「130:」 before it; the meeting named in the title bar.
#[test]
fn dbsearch_template_view_gives_every_turn_its_speaker() {
    let meeting = read("html/dbsearch-template-view-detail.html");
    assert_eq!(meeting.title, "令和６年第４回定例会（第５号）");
    assert_eq!(meeting.date, "2024-12-17");
    assert_eq!(meeting.municipality, "音更町");
    assert_eq!(meeting.body, "本会議");
    let turns: Vec<_> = meeting
        .speeches
        .iter()
        .filter(|s| s.kind == SpeechKind::Speech)
        .collect();
    assert_eq!(turns.len(), 198);
    let mut labels: Vec<&str> = turns
        .iter()
        .map(|s| s.speaker.as_ref().unwrap().label.as_str())
        .collect();
    labels.sort();
    labels.dedup();
    assert_eq!(labels.len(), 23, "{labels:?}");
    let mayor = turns
        .iter()
        .find_map(|s| s.speaker.as_ref().filter(|p| p.label == "町長（小野信次）"))
        .unwrap();
    assert_eq!(mayor.name.as_deref(), Some("小野信次"));
    // 「日程第２　議案第１１号財産の取得について、…」: the title straight
    // after the number; 「…原案のとおり可決されました」.
    let second = meeting
        .agenda
        .iter()
        .find(|a| a.label == "日程第２")
        .unwrap();
    assert_eq!(
        (
            second.number.as_deref(),
            second.title.as_str(),
            second.outcome.as_deref()
        ),
        (Some("議案第11号"), "財産の取得について", Some("可決"))
    );
    for speech in &meeting.speeches {
        let starts_a_line = |mark: &str| {
            speech
                .text
                .lines()
                .any(|l| l.trim_start().starts_with(mark))
        };
        assert!(!starts_a_line("◯"), "{}", speech.text);
        assert!(
            !speech.text.lines().any(|l| l.trim().ends_with(':')
                && l.trim()
                    .trim_end_matches(':')
                    .chars()
                    .all(|c| c.is_ascii_digit())),
            "{}",
            speech.text
        );
    }
}

/// A page in a layout no vendor reader knows (made from real minutes by
/// `html/generic/make.py` through LibreOffice's HTML export): each label
/// bold on a line of its own (`<p>○<b>関根義孝教育長</b></p>`), the speech in
/// the paragraphs after it. The general reader still gives every turn.
#[test]
fn a_page_of_an_unknown_vendor_gives_every_turn() {
    let meeting = read("html/generic/meguro-bold-labels.html");
    assert_eq!(meeting.format, "html");
    assert_eq!(meeting.date, "2025-02-17");
    assert_eq!(meeting.municipality, "目黒区");
    assert_eq!(
        speakers(&meeting),
        [
            "関根義孝教育長",
            "２０番（鈴木まさし議員）",
            "青木英二区長",
            "関根義孝教育長",
            "おのせ康裕議長",
            "２２番（たぞえ麻友議員）",
        ]
    );
    let turns = meeting
        .speeches
        .iter()
        .filter(|s| s.kind == SpeechKind::Speech)
        .count();
    assert_eq!(turns, 7);
    let chair = meeting
        .speeches
        .iter()
        .find_map(|s| s.speaker.as_ref().filter(|p| p.label == "おのせ康裕議長"))
        .unwrap();
    assert_eq!(
        (chair.name.as_deref(), chair.position.as_deref()),
        (Some("おのせ康裕"), Some("議長"))
    );
}

/// gijiroku.com (VOICES) in two more of its variants, as served: the ASP
/// pages (a committee, 「○中村　委員長」) and an assembly's own VOICES
/// server (鴨川市 plenary): each turn with its speaker.
#[test]
fn gijiroku_com_variants_give_their_turns() {
    let asp = read("html/gijiroku-com-asp-huid-page.html");
    let chair = asp.speeches[0].speaker.as_ref().unwrap();
    assert_eq!(
        (chair.name.as_deref(), chair.position.as_deref()),
        (Some("中村"), Some("委員長"))
    );
    assert!(
        asp.speeches[0]
            .text
            .starts_with("ただいまから民生環境協議会を開きます。")
    );
    let voices = read("html/gijiroku-com-voices-huid-page.html");
    assert_eq!(voices.municipality, "鴨川市");
    let chair = voices.speeches[0].speaker.as_ref().unwrap();
    assert_eq!(
        (chair.name.as_deref(), chair.position.as_deref()),
        (Some("川崎浩之"), Some("議長"))
    );
    assert!(
        voices.speeches[0]
            .text
            .contains("令和６年第４回鴨川市議会定例会は成立しました")
    );
}
