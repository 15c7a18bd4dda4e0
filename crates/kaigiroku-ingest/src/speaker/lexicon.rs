//! The words positions are made of: titles a label ends with, and the
//! organizational words before them. Names never consist of these.

/// Titles a label can end with (every use tries them all).
pub const TITLES: &[&str] = &[
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
pub const ORG_WORDS: &[&str] = &[
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

/// True when `text` ends with a title (a trailing 兼務 aside).
pub fn titled(text: &str) -> bool {
    let text = text.strip_suffix("兼務").unwrap_or(text);
    TITLES.iter().any(|t| text.ends_with(t))
}

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
