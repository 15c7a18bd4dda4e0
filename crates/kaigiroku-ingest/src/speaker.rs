//! Speaker labels as minutes print them, into name, position and category.
//!
//! Forms seen in the corpus: `議長（奈良岡隆君）`, `（伊藤よしのり議長）`,
//! `議長（清野一榮議員）`, `おのせ康裕議長`, `４番（奈良祥孝君）`,
//! `六十七番（岡本こうき君）`, `市長（大泉潤）`, `中尾根企画部長`,
//! `林（宏）委員`, and position-only labels (`本部長`, `事務局`,
//! `デジタル戦略推進部長`).

use kaigiroku_core::model::{Category, Speaker};

/// Titles a label can end with, longest first where one contains another.
const TITLES: &[&str] = &[
    "副委員長",
    "委員長",
    "副議長",
    "議長",
    "副本部長",
    "本部長",
    "議員",
    "委員",
    "部員",
    "副区長",
    "副市長",
    "副知事",
    "副町長",
    "副村長",
    "区長",
    "市長",
    "町長",
    "村長",
    "知事",
    "教育長",
    "事務局長",
    "事務局次長",
    "事務局",
    "局長",
    "部長",
    "課長",
    "室長",
    "所長",
    "次長",
    "参事",
    "理事",
    "管理者",
    "推進員",
    "副大臣",
    "大臣",
    "政務官",
    "長官",
    "参考人",
    "証人",
    "公述人",
    "会長",
    "座長",
    "書記",
    "幹事",
    "技監",
    "総監",
    "場長",
    "センター長",
    "館長",
    "園長",
    "校長",
    "収入役",
    "助役",
];

/// Words that make up the organizational part of a position
/// (企画経営部長, デジタル戦略推進部長): a name never consists of them.
const ORG_WORDS: &[&str] = &[
    "企画",
    "経営",
    "政策",
    "総務",
    "財務",
    "財政",
    "福祉",
    "保健",
    "健康",
    "推進",
    "教育",
    "都市",
    "整備",
    "環境",
    "清掃",
    "建設",
    "産業",
    "経済",
    "文化",
    "スポーツ",
    "生活",
    "区民",
    "市民",
    "都民",
    "危機",
    "管理",
    "子ども",
    "子育て",
    "支援",
    "会計",
    "選挙",
    "監査",
    "情報",
    "戦略",
    "デジタル",
    "防災",
    "街づくり",
    "まちづくり",
    "地域",
    "振興",
    "国際",
    "観光",
    "農林",
    "農業",
    "商工",
    "水道",
    "下水道",
    "交通",
    "消防",
    "病院",
    "税務",
    "人事",
    "契約",
    "議会",
    "事務",
    "委員会",
    "行政",
    "計画",
    "技術",
    "担当",
    "統括",
    "秘書",
    "広報",
    "法務",
    "資源",
    "循環",
    "公園",
    "道路",
    "住宅",
    "学校",
    "生涯",
    "学習",
    "指導",
    "保育",
    "障害",
    "高齢",
    "介護",
    "医療",
    "衛生",
    "港湾",
    "国務",
    "内閣",
    "官房",
    "政務",
    "政府",
    "総合",
    "特別",
    "調整",
    "こども",
    "議事",
    "調査",
    "主税",
    "労働",
    "市場",
    "収用",
    "東京",
    "中央",
    "卸売",
    "兼",
    "副",
    "次",
    "化",
    "本部",
    "部",
    "課",
    "局",
    "室",
    "所",
    "係",
    "区",
    "市",
    "都",
];

/// Parses a speaker label. `label` is kept as printed; names lose their
/// letter-spacing (`後　藤　さちこ` → `後藤さちこ`) and honorifics.
pub fn parse_speaker(label: &str) -> Speaker {
    let printed = label.trim();
    let compact: String = printed.chars().filter(|c| !c.is_whitespace()).collect();
    let (name, position) = split_label(&compact);
    let position = position.map(|p| seat_to_member(&p));
    let category = position.as_deref().map_or(Category::Other, category_of);
    Speaker {
        label: printed.to_string(),
        name: name.filter(|n| !n.is_empty()),
        position: position.filter(|p| !p.is_empty()),
        category,
        ..Speaker::default()
    }
}

fn split_label(label: &str) -> (Option<String>, Option<String>) {
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
        if after.is_empty() && inside.ends_with("兼務") {
            // 豊嶋生活福祉課長（生活支援臨時給付金担当課長兼務）: a second post.
            let (name, position) = split_name_position(before);
            return (name, position.map(|p| format!("{p}（{inside}）")));
        }
        if after.is_empty() {
            return if before.is_empty() {
                split_name_position(inside)
            } else {
                (Some(clean_name(inside)), Some(before.to_string()))
            };
        }
        if TITLES.iter().any(|t| after.ends_with(t)) {
            // 林（宏）委員: the parenthesis tells two members named 林 apart.
            return (
                Some(label[..after_paren].to_string()),
                Some(after.to_string()),
            );
        }
    }
    split_name_position(label)
}

/// `おのせ康裕議長` → (おのせ康裕, 議長); `企画経営部長` → (None, 企画経営部長).
fn split_name_position(label: &str) -> (Option<String>, Option<String>) {
    if let Some(name) = label.strip_suffix('君')
        && !TITLES.iter().any(|t| name.ends_with(t))
    {
        // 石井準一君, （井上さくら君）: a member, named with no position printed.
        return (Some(clean_name(name)), Some("議員".into()));
    }
    let label = label.trim_end_matches('君');
    let titled = |text: &str| {
        let text = text.strip_suffix("兼務").unwrap_or(text);
        TITLES.iter().any(|t| text.ends_with(t))
    };
    if is_position(label) || !titled(label) {
        return (None, Some(label.to_string()));
    }
    let splits = || {
        label
            .char_indices()
            .skip(1)
            .map(|(at, _)| label.split_at(at))
    };
    let looks_like_name = |name: &str| {
        name.chars().all(|c| matches!(c, '\u{4E00}'..='\u{9FFF}' | '\u{3041}'..='\u{3096}' | '々' | 'ヶ' | '\u{F900}'..='\u{FAFF}'))
    };
    // A split whose position is made of known words (中尾根｜企画部長); a
    // one-character name only before a bare title (林｜委員).
    let known = splits().find(|(name, position)| {
        let bare_title = TITLES.contains(position);
        is_position(position)
            && looks_like_name(name)
            && !is_org_phrase(name)
            && (name.chars().count() >= 2 || bare_title)
    });
    // A surname before a position in an organization we do not know
    // (砂田｜オリンピック・パラリンピック準備局施設担当部長).
    let surname = || {
        let candidates = || {
            splits().filter(|(name, position)| {
                (2..=4).contains(&name.chars().count())
                    && looks_like_name(name)
                    && titled(position)
                    && UNIT_MARKERS.iter().any(|m| position.contains(m))
            })
        };
        // Prefer the split where the office starts with a word of its own
        // (小久保｜オリンピック…, not 小久｜保オリンピック…).
        let starts_office = |position: &str| {
            position.starts_with(|c: char| matches!(c, '\u{30A1}'..='\u{30FA}'))
                || ORG_WORDS
                    .iter()
                    .any(|w| w.chars().count() >= 2 && position.starts_with(w))
        };
        candidates()
            .find(|(_, position)| starts_office(position))
            .or_else(|| candidates().next())
    };
    // Long names are full names (おのせ康裕｜議長) unless a surname reading exists.
    let chosen = match known {
        Some((name, _)) if name.chars().count() <= 4 => known,
        _ => surname().or(known),
    };
    if let Some((name, position)) = chosen {
        return (Some(clean_name(name)), Some(position.to_string()));
    }
    (None, Some(label.to_string()))
}

/// Parts of an organization's name: a position containing one is an office.
const UNIT_MARKERS: [&str; 11] = [
    "局",
    "部",
    "課",
    "室",
    "所",
    "庁",
    "本部",
    "委員会",
    "院",
    "署",
    "市場",
];

/// True when `text` is a position: organizational words ending with a title.
pub fn is_position(text: &str) -> bool {
    TITLES.iter().any(|title| {
        text.strip_suffix(title)
            .is_some_and(|prefix| prefix.is_empty() || is_org_phrase(prefix))
    })
}

/// True when `text` is made only of organizational words.
fn is_org_phrase(text: &str) -> bool {
    if text.is_empty() {
        return true;
    }
    // Acronyms such as ＢＰＲ or ICT name units, never people.
    let latin = text.chars().take_while(|c| {
        c.is_ascii_alphabetic() || ('Ａ'..='Ｚ').contains(c) || ('ａ'..='ｚ').contains(c)
    });
    let latin_bytes: usize = latin.map(char::len_utf8).sum();
    if latin_bytes > 0 && is_org_phrase(&text[latin_bytes..]) {
        return true;
    }
    ORG_WORDS
        .iter()
        .any(|word| text.strip_prefix(word).is_some_and(is_org_phrase))
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
        && digits.chars().all(|c| {
            c.is_ascii_digit()
                || ('０'..='９').contains(&c)
                || kaigiroku_core::analysis::is_kanji_numeral(c)
        });
    if is_seat {
        "議員".to_string()
    } else {
        position.to_string()
    }
}

/// The role category of a position.
pub fn category_of(position: &str) -> Category {
    // …担当部長兼務: the last of several posts held at once.
    let position = position.split(['（', '(']).next().unwrap_or(position);
    let position = position.strip_suffix("兼務").unwrap_or(position);
    let ends = |suffixes: &[&str]| suffixes.iter().any(|s| position.ends_with(s));
    if position == "事務局"
        || position == "事務局長"
        || position == "事務局次長"
        || position.starts_with("議会事務局")
        || position == "書記"
    {
        Category::Secretariat
    } else if ends(&["参考人", "証人", "公述人"]) && !position.starts_with("政府") {
        Category::Witness
    } else if ends(&["議長", "委員長", "本部長", "会長", "座長"]) {
        Category::Chair
    } else if ends(&["議員", "委員", "部員"]) && !ends(&["監査委員"]) {
        Category::Member
    } else if ends(&[
        "区長",
        "市長",
        "町長",
        "村長",
        "知事",
        "大臣",
        "政務官",
        "教育長",
        "助役",
    ]) && !ends(&["事務局長"])
    {
        Category::Executive
    } else if ends(&[
        "部長",
        "局長",
        "課長",
        "室長",
        "所長",
        "次長",
        "参事",
        "理事",
        "管理者",
        "監査委員",
        "長官",
        "参考人",
        "幹事",
        "事務官",
        "政府委員",
        "説明員",
        "技監",
        "総監",
        "場長",
        "センター長",
        "館長",
        "園長",
        "校長",
        "収入役",
    ]) {
        Category::Staff
    } else {
        Category::Other
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(label: &str, name: Option<&str>, position: &str, category: Category) {
        let speaker = parse_speaker(label);
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
        check("會田議事部長", Some("會田"), "議事部長", Staff);
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
            "生活福祉課長（生活支援臨時給付金担当課長兼務）",
            Staff,
        );
    }
}
