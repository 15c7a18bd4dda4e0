//! Speaker labels as minutes print them, into name, position, role and
//! category.
//!
//! Forms seen in the corpora: `議長（奈良岡隆君）`, `（伊藤よしのり議長）`,
//! `議長（清野一榮議員）`, `おのせ康裕議長`, `４番（奈良祥孝君）`,
//! `六十七番（岡本こうき君）`, `市長（大泉潤）`, `林（宏）委員`,
//! `参事（企画調整課長事務取扱）`, position-only labels (`本部長`, `事務局`,
//! `デジタル戦略推進部長`), and names run straight into titles
//! (`辻広報広聴課長`, `つる文教委員長`), which [`split`] cuts with the
//! dictionary.

mod lexicon;
mod split;

use kaigiroku_core::analysis::is_digit;
use std::collections::HashMap;
use std::sync::Arc;

use kaigiroku_core::analysis::Analyzer;
use kaigiroku_core::model::{Category, Meeting, Speaker};

pub use lexicon::is_position;
use lexicon::title_of;
pub use lexicon::titled;
pub use split::KnownTitles;

/// A speaker as the record prints it; [`SpeakerParser::complete`] fills in
/// the rest.
pub fn printed(label: &str) -> Speaker {
    Speaker {
        label: label.trim().to_string(),
        ..Speaker::default()
    }
}

/// Reads speaker labels with the dictionary's knowledge of names.
#[derive(Clone)]
pub struct SpeakerParser {
    analyzer: Arc<Analyzer>,
}

/// A label taken apart.
#[derive(Debug, Default, PartialEq)]
struct Parts {
    name: Option<String>,
    position: Option<String>,
    role: Option<String>,
}

impl SpeakerParser {
    pub fn new(analyzer: Arc<Analyzer>) -> Self {
        SpeakerParser { analyzer }
    }

    /// The analyzer it reads names with.
    pub fn analyzer(&self) -> Arc<Analyzer> {
        self.analyzer.clone()
    }

    /// Parses one label on its own. `label` is kept as printed; names lose
    /// their letter-spacing (`後　藤　さちこ` → `後藤さちこ`) and honorifics.
    pub fn parse(&self, label: &str) -> Speaker {
        self.parse_with(label, &KnownTitles::default())
    }

    /// Parses a label knowing the titles its meeting shows.
    pub fn parse_with(&self, label: &str, known: &KnownTitles) -> Speaker {
        let printed = label.trim();
        let compact: String = printed.chars().filter(|c| !c.is_whitespace()).collect();
        let parts = self.split_label(&compact, known);
        let position = parts.position.map(|p| seat_to_member(&p));
        let mut category = position.as_deref().map_or(Category::Other, category_of);
        if category == Category::Member && parts.role.is_some() {
            // 理事（総務局長事務取扱）: an official's rank, not a member's seat.
            category = Category::Staff;
        }
        Speaker {
            label: printed.to_string(),
            name: parts.name.filter(|n| !n.is_empty()),
            position: position.filter(|p| !p.is_empty()),
            category,
            role: parts.role,
            ..Speaker::default()
        }
    }

    /// Fills the name, position, role and category of every speaker of
    /// `meeting` from its label, with what the meeting shows of its titles
    /// (attendance lists, position-only labels, titles listed in the text,
    /// a title seen after several names). What a source already gives (the
    /// kokkai API's fields) is kept.
    pub fn complete(&self, meeting: &mut Meeting) {
        let known = KnownTitles::of_meeting(meeting);
        // In the steering committee the officials who answer are mostly the
        // assembly's own: 管理部長, 議事部長, 調査部長 of its secretariat.
        let steering =
            meeting.body.contains("議会運営委員会") || meeting.body.contains("議院運営委員会");
        let mut parsed: HashMap<String, Speaker> = HashMap::new();
        for speech in &mut meeting.speeches {
            let Some(speaker) = speech.speaker.as_mut() else {
                continue;
            };
            let reading = parsed.entry(speaker.label.clone()).or_insert_with(|| {
                let mut reading = self.parse_with(&speaker.label, &known);
                if steering
                    && reading.category == Category::Staff
                    && reading.position.as_deref().is_some_and(is_secretariat_unit)
                {
                    reading.category = Category::Secretariat;
                }
                reading
            });
            if speaker.name.is_none() {
                speaker.name = reading.name.clone();
            }
            if speaker.position.is_none() {
                speaker.position = reading.position.clone();
                if speaker.category == Category::Other {
                    speaker.category = reading.category;
                }
            }
            if speaker.role.is_none() {
                speaker.role = reading.role.clone();
            }
        }
    }

    fn split_label(&self, label: &str, known: &KnownTitles) -> Parts {
        // 議長（奈良岡隆君）, ４番（奈良祥孝君）, 林（宏）委員, （伊藤よしのり議長）
        let open = label.char_indices().find(|(_, c)| matches!(c, '（' | '('));
        let close = label
            .char_indices()
            .rev()
            .find(|(_, c)| matches!(c, '）' | ')'));
        if let (Some((open, open_char)), Some((close, close_char))) = (open, close)
            && open < close
        {
            let before = &label[..open];
            let inside = &label[open + open_char.len_utf8()..close];
            let after_paren = close + close_char.len_utf8();
            let after = &label[after_paren..];
            if after.is_empty() && is_duty(inside) && !before.is_empty() {
                // 参事（企画調整課長事務取扱）, 豊嶋生活福祉課長（…担当課長兼務）:
                // a post held besides the position.
                let parts = self.split_run(before, known);
                return Parts {
                    role: Some(inside.to_string()),
                    ..parts
                };
            }
            if after.is_empty() {
                return if before.is_empty() {
                    self.split_run(inside, known)
                } else {
                    Parts {
                        name: Some(clean_name(inside)),
                        position: Some(before.to_string()),
                        role: None,
                    }
                };
            }
            if title_of(after).is_some() {
                // 林（宏）委員: the parenthesis tells two members named 林 apart.
                return Parts {
                    name: Some(label[..after_paren].to_string()),
                    position: Some(after.to_string()),
                    role: None,
                };
            }
        }
        self.split_run(label, known)
    }

    /// A label without parentheses: `おのせ康裕議長` → (おのせ康裕, 議長);
    /// `企画経営部長` → (None, 企画経営部長); `石井準一君` → (石井準一, 議員).
    fn split_run(&self, label: &str, known: &KnownTitles) -> Parts {
        if let Some(name) = label.strip_suffix('君')
            && !titled(name)
        {
            // 石井準一君, （井上さくら君）: a member, named with no position printed.
            return Parts {
                name: Some(clean_name(name)),
                position: Some("議員".into()),
                role: None,
            };
        }
        let label = label.trim_end_matches('君');
        if is_position(label) || !titled(label) {
            return Parts {
                position: Some(label.to_string()),
                ..Parts::default()
            };
        }
        match split::best_split(&self.analyzer, label, known) {
            Some((name, position)) => Parts {
                name: Some(clean_name(name)),
                position: Some(position.to_string()),
                role: None,
            },
            None => Parts {
                position: Some(label.to_string()),
                ..Parts::default()
            },
        }
    }
}

/// A parenthetical naming a second post or an acting duty:
/// `企画調整課長事務取扱`, `…担当課長兼務`, `総務部長事務代理`.
fn is_duty(inside: &str) -> bool {
    ["兼務", "事務取扱", "事務代理", "心得", "兼任", "代理"]
        .iter()
        .any(|d| inside.ends_with(d))
        || is_position(inside)
}

/// Gives every named speaker of `meeting` the key that identifies the
/// person across the assembly's meetings: `131091:高橋(伸)`.
pub fn assign_keys(meeting: &mut Meeting) {
    let assembly = meeting.assembly().to_string();
    if assembly.is_empty() {
        // Without the assembly, a name alone would merge strangers.
        return;
    }
    for speech in &mut meeting.speeches {
        if let Some(speaker) = speech.speaker.as_mut()
            && let Some(name) = &speaker.name
        {
            speaker.key = Some(format!(
                "{assembly}:{}",
                kaigiroku_core::analysis::name_key(name)
            ));
        }
    }
}

/// A post of the kind an assembly's secretariat has (管理部長, 議事部長,
/// 連絡調整担当部長): its office is made only of these words.
fn is_secretariat_unit(position: &str) -> bool {
    const UNITS: [&str; 6] = ["管理", "議事", "調査", "連絡", "調整", "担当"];
    fn made_of(text: &str) -> bool {
        text.is_empty()
            || UNITS
                .iter()
                .any(|u| text.strip_prefix(u).is_some_and(made_of))
    }
    ["部長", "課長", "室長"]
        .iter()
        .find_map(|t| position.strip_suffix(t))
        .is_some_and(|office| !office.is_empty() && made_of(office))
}

fn clean_name(name: &str) -> String {
    let name: String = name.chars().filter(|c| !c.is_whitespace()).collect();
    let name = name.strip_suffix("議員").unwrap_or(&name);
    name.trim_end_matches('君').to_string()
}

/// `六十七番`, `４番`, `20番` are seat numbers: the speaker is a member.
fn seat_to_member(position: &str) -> String {
    let digits = position.strip_suffix('番').unwrap_or("");
    let is_seat = !digits.is_empty()
        && digits
            .chars()
            .all(|c| is_digit(c) || kaigiroku_core::analysis::is_kanji_numeral(c));
    if is_seat {
        "議員".to_string()
    } else {
        position.to_string()
    }
}

/// The role category of a position: its title's ([`lexicon::TITLES`]),
/// unless the post is in the assembly's own secretariat.
pub fn category_of(position: &str) -> Category {
    // …担当部長兼務: the last of several posts held at once.
    let position = position.split(['（', '(']).next().unwrap_or(position);
    let position = position.strip_suffix("兼務").unwrap_or(position);
    const SECRETARIAT_POSTS: [&str; 2] = ["議事部長", "調査部長"];
    const SECRETARIAT_UNITS: [&str; 4] = ["議会事務局", "区議会事務局", "市議会事務局", "議会局"];
    if SECRETARIAT_POSTS.contains(&position)
        || SECRETARIAT_UNITS.iter().any(|u| position.starts_with(u))
    {
        return Category::Secretariat;
    }
    match title_of(position) {
        Some(title) if title.word == position => title.alone,
        Some(title) => title.category,
        None => Category::Other,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_posts_role_is_its_titles_unless_the_secretariat_holds_it() {
        use Category::*;
        for (position, category) in [
            ("議長", Chair),
            ("副委員長", Chair),
            ("選挙管理委員会委員長", Staff),
            ("教育委員長", Staff),
            ("本部長", Chair),
            ("防災対策本部長", Staff),
            ("会長", Chair),
            ("審議会会長", Other),
            ("理事", Member),
            ("企画理事", Staff),
            ("監査委員", Staff),
            ("総務委員", Member),
            ("区長", Executive),
            ("副区長", Executive),
            ("事務局長", Secretariat),
            ("議会事務局次長", Secretariat),
            ("議事部長", Secretariat),
            ("選挙管理委員会事務局長", Staff),
            ("参考人", Witness),
            ("政府参考人", Other),
            ("書記", Secretariat),
            ("事務官", Staff),
            ("説明員", Staff),
            ("推進員", Other),
            ("広報広聴課長", Staff),
            ("企画担当部長兼務", Staff),
            ("参事（企画調整課長事務取扱）", Staff),
        ] {
            assert_eq!(category_of(position), category, "{position}");
        }
    }

    #[test]
    fn a_title_ending_with_a_personal_one_is_personal() {
        for title in lexicon::TITLES {
            for shorter in lexicon::TITLES.iter().filter(|t| t.personal) {
                if title.word.ends_with(shorter.word) {
                    assert!(title.personal, "{} ends with {}", title.word, shorter.word);
                }
            }
        }
    }

    fn check(label: &str, name: Option<&str>, position: &str, category: Category) {
        let parser = SpeakerParser::new(kaigiroku_core::testing::analyzer());
        let speaker = parser.parse(label);
        assert_eq!(speaker.name.as_deref(), name, "name of {label}");
        assert_eq!(
            speaker.position.as_deref(),
            Some(position),
            "position of {label}"
        );
        assert_eq!(speaker.category, category, "category of {label}");
        assert_eq!(speaker.label, label.trim());
    }

    #[test]
    fn labels_from_the_corpus() {
        use Category::*;
        check("議長（奈良岡隆君）", Some("奈良岡隆"), "議長", Chair);
        check("（伊藤よしのり議長）", Some("伊藤よしのり"), "議長", Chair);
        check("議長（清野一榮議員）", Some("清野一榮"), "議長", Chair);
        check("おのせ康裕議長", Some("おのせ康裕"), "議長", Chair);
        // Names before titles, as PDFs and unknown vendors' pages print them.
        check("平賀貴幸議長", Some("平賀貴幸"), "議長", Chair);
        check("関根義孝教育長", Some("関根義孝"), "教育長", Executive);
        check("青木英二区長", Some("青木英二"), "区長", Executive);
        check("４番（奈良祥孝君）", Some("奈良祥孝"), "議員", Member);
        check(
            "２０番（鈴木まさし議員）",
            Some("鈴木まさし"),
            "議員",
            Member,
        );
        check(
            "六十七番（岡本こうき君）",
            Some("岡本こうき"),
            "議員",
            Member,
        );
        check("市長（大泉潤）", Some("大泉潤"), "市長", Executive);
        check(
            "知事（小池百合子君）",
            Some("小池百合子"),
            "知事",
            Executive,
        );
        check("青木英二区長", Some("青木英二"), "区長", Executive);
        check("関根義孝教育長", Some("関根義孝"), "教育長", Executive);
        check("デジタル戦略推進部長", None, "デジタル戦略推進部長", Staff);
        check("中尾根企画部長", Some("中尾根"), "企画部長", Staff);
        check("本多委員長", Some("本多"), "委員長", Chair);
        check("林（宏）委員", Some("林（宏）"), "委員", Member);
        check("山崎委員長", Some("山崎"), "委員長", Chair);
        check("松澤証人", Some("松澤"), "証人", Witness);
        check("盛山国務大臣", Some("盛山"), "国務大臣", Executive);
        check(
            "事務局長（佐藤記一）",
            Some("佐藤記一"),
            "事務局長",
            Secretariat,
        );
        check("本部長", None, "本部長", Chair);
        check("事務局", None, "事務局", Secretariat);
        check("部員", None, "部員", Member);
        check("デジタル化推進員", None, "デジタル化推進員", Other);
        check("塩田　委員長", Some("塩田"), "委員長", Chair);
        check("厚生事務官", None, "厚生事務官", Staff);
        check("ＢＰＲ推進課長", None, "ＢＰＲ推進課長", Staff);
        check("阿部管理部長", Some("阿部"), "管理部長", Staff);
        check("比留間座長", Some("比留間"), "座長", Chair);
        check("會田議事部長", Some("會田"), "議事部長", Secretariat);
        check(
            "砂田オリンピック・パラリンピック準備局施設担当部長",
            Some("砂田"),
            "オリンピック・パラリンピック準備局施設担当部長",
            Staff,
        );
        check(
            "延與スポーツ振興局競技計画担当部長",
            Some("延與"),
            "スポーツ振興局競技計画担当部長",
            Staff,
        );
        check(
            "吉野中央卸売市場建設技術担当部長",
            Some("吉野"),
            "中央卸売市場建設技術担当部長",
            Staff,
        );
        check(
            "小久保オリンピック・パラリンピック準備局ラグビーワールドカップ会場運営担当部長国際大会準備担当部長兼務",
            Some("小久保"),
            "オリンピック・パラリンピック準備局ラグビーワールドカップ会場運営担当部長国際大会準備担当部長兼務",
            Staff,
        );
        check(
            "福田中央卸売市場理事",
            Some("福田"),
            "中央卸売市場理事",
            Staff,
        );
        check("村松中央卸売市場長", Some("村松"), "中央卸売市場長", Staff);
        check("北村消防総監", Some("北村"), "消防総監", Staff);
        check(
            "臨時議長（比留間敏夫君）",
            Some("比留間敏夫"),
            "臨時議長",
            Chair,
        );
        check("田中(朝)委員", Some("田中(朝)"), "委員", Member);
        // ○石井準一君: a member, named with no position printed.
        check("石井準一君", Some("石井準一"), "議員", Member);
        check(
            "丸谷教育総合支援センター長",
            Some("丸谷"),
            "教育総合支援センター長",
            Staff,
        );
        check(
            "豊嶋生活福祉課長（生活支援臨時給付金担当課長兼務）",
            Some("豊嶋"),
            "生活福祉課長",
            Staff,
        );
    }

    /// Labels from the issue that asked for the dictionary split, split
    /// wrongly before (辻広 / 報広聴課長 and so on).
    #[test]
    fn names_run_into_titles() {
        use Category::*;
        check("辻広報広聴課長", Some("辻"), "広報広聴課長", Staff);
        check("森道路課長", Some("森"), "道路課長", Staff);
        check("長谷川児童相談課長", Some("長谷川"), "児童相談課長", Staff);
        check("つる文教委員長", Some("つる"), "文教委員長", Chair);
        check(
            "品川品川区清掃事務所長",
            Some("品川"),
            "品川区清掃事務所長",
            Staff,
        );
        check(
            "保健福祉部長（堀田　昇）",
            Some("堀田昇"),
            "保健福祉部長",
            Staff,
        );
        check("加藤委員長", Some("加藤"), "委員長", Chair);
        check("仮委員長（堀末治君）", Some("堀末治"), "仮委員長", Chair);
        check("広報広聴課長", None, "広報広聴課長", Staff);
        let parser = SpeakerParser::new(kaigiroku_core::testing::analyzer());
        let acting = parser.parse("参事（企画調整課長事務取扱）");
        assert_eq!(
            (acting.position.as_deref(), acting.role.as_deref()),
            (Some("参事"), Some("企画調整課長事務取扱"))
        );
    }
}
