//! The words positions are made of: titles a label ends with, with the
//! role each gives, and the organizational words before them. Names never
//! consist of these.

use kaigiroku_core::model::Category;

/// A title a position ends with: the role of whoever holds a post ending
/// with it, and whether it is held by a person named before it (大松委員)
/// rather than by an office (広報広聴課長).
#[derive(Debug, Clone, Copy)]
pub struct Title {
    pub word: &'static str,
    /// The category of a post ending with it (選挙管理委員会委員長).
    pub category: Category,
    /// The category of the title alone, where it differs: 本部長 chairs,
    /// a 防災対策本部長 answers; 理事 alone is a committee member's post.
    pub alone: Category,
    pub personal: bool,
}

/// A title whose category is the same alone.
const fn title(word: &'static str, category: Category, personal: bool) -> Title {
    Title {
        word,
        category,
        alone: category,
        personal,
    }
}

use Category::{Chair, Executive, Member, Other, Secretariat, Staff, Witness};

/// Every title a label can end with, with its role: the one table the
/// label splitter and [`super::category_of`] read. Every use tries them
/// all; where several end a position, the longest is its title
/// ([`title_of`]).
pub const TITLES: &[Title] = &[
    title("副委員長", Chair, false),
    title("委員長", Chair, false),
    title("副議長", Chair, false),
    title("議長", Chair, false),
    title("座長", Chair, false),
    Title {
        word: "副本部長",
        category: Staff,
        alone: Chair,
        personal: false,
    },
    Title {
        word: "本部長",
        category: Staff,
        alone: Chair,
        personal: false,
    },
    Title {
        word: "副会長",
        category: Other,
        alone: Chair,
        personal: false,
    },
    Title {
        word: "会長",
        category: Other,
        alone: Chair,
        personal: false,
    },
    title("委員会委員長", Staff, false),
    title("教育委員長", Staff, false),
    title("議員", Member, true),
    title("委員", Member, true),
    title("部員", Member, false),
    title("監査委員", Staff, true),
    title("政府委員", Staff, true),
    Title {
        word: "副理事",
        category: Staff,
        alone: Member,
        personal: true,
    },
    Title {
        word: "理事",
        category: Staff,
        alone: Member,
        personal: true,
    },
    title("副区長", Executive, false),
    title("副市長", Executive, false),
    title("副知事", Executive, false),
    title("副町長", Executive, false),
    title("副村長", Executive, false),
    title("区長", Executive, false),
    title("市長", Executive, false),
    title("町長", Executive, false),
    title("村長", Executive, false),
    title("知事", Executive, false),
    title("教育長", Executive, false),
    title("副大臣", Executive, false),
    title("大臣", Executive, false),
    title("政務官", Executive, false),
    title("収入役", Executive, false),
    title("助役", Executive, false),
    Title {
        word: "事務局長",
        category: Staff,
        alone: Secretariat,
        personal: false,
    },
    Title {
        word: "事務局次長",
        category: Staff,
        alone: Secretariat,
        personal: false,
    },
    Title {
        word: "事務局",
        category: Other,
        alone: Secretariat,
        personal: false,
    },
    Title {
        word: "書記",
        category: Other,
        alone: Secretariat,
        personal: true,
    },
    title("局長", Staff, false),
    title("部長", Staff, false),
    title("課長", Staff, false),
    title("室長", Staff, false),
    title("所長", Staff, false),
    title("次長", Staff, false),
    title("参事", Staff, false),
    title("管理者", Staff, false),
    title("長官", Staff, false),
    title("幹事", Staff, false),
    title("技監", Staff, false),
    title("総監", Staff, false),
    title("場長", Staff, false),
    title("センター長", Staff, false),
    title("館長", Staff, false),
    title("園長", Staff, false),
    title("校長", Staff, false),
    title("事務官", Staff, false),
    title("説明員", Staff, false),
    title("参考人", Witness, true),
    title("証人", Witness, true),
    title("公述人", Witness, true),
    title("政府参考人", Other, true),
    title("推進員", Other, false),
];

/// The longest title `position` ends with.
pub fn title_of(position: &str) -> Option<&'static Title> {
    TITLES
        .iter()
        .filter(|t| position.ends_with(t.word))
        .max_by_key(|t| t.word.len())
}

/// True when `text` is a title and nothing else.
pub fn is_title(text: &str) -> bool {
    TITLES.iter().any(|t| t.word == text)
}

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
    // The ministries of the Diet's 事務官 and 政府委員 (厚生事務官).
    "厚生",
    "外務",
    "文部",
    "通商",
    "運輸",
    "郵政",
    "自治",
    "科学",
    "防衛",
    "警察",
    "水産",
    "国土",
    "総理",
    "検察",
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
    TITLES.iter().any(|t| text.ends_with(t.word))
}

/// True when `text` is a position: organizational words ending with a title.
pub fn is_position(text: &str) -> bool {
    TITLES.iter().any(|title| {
        text.strip_suffix(title.word)
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
