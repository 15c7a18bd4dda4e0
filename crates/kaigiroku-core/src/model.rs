//! The canonical record: Meeting → AgendaItem → Speech → Speaker.
//!
//! Plain data; the JSON shapes of the API belong to the server crate. The
//! serde derives serve the canonical JSON Lines input and the meeting store.

mod bill;
pub mod ndl;
mod outcome;

pub use bill::{account_of, bill_key, is_kind_word, matter_kind, ordinance_of, title_key};
pub use outcome::Outcome;

use serde::{Deserialize, Serialize};

/// One meeting (会議) as a record publishes it.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Meeting {
    /// Stable id derived from the source, never from ingest order.
    pub id: String,
    pub municipality: String,
    /// The assembly's 団体コード (six digits), when it is one of Japan's.
    pub municipality_code: Option<String>,
    /// The body (会議体): 本会議, 総務委員会, 行政情報化推進本部…
    pub body: String,
    pub title: String,
    /// ISO date, empty when the record states none.
    pub date: String,
    pub start_time: Option<String>,
    pub end_time: Option<String>,
    pub place: Option<String>,
    /// Disclosure status as printed (公開, 非公開, 一部非公開).
    pub disclosure: Option<String>,
    pub attendees: Vec<Attendee>,
    pub agenda: Vec<AgendaItem>,
    pub speeches: Vec<Speech>,
    /// Path or URL of the source.
    pub source: String,
    /// The reader that parsed it (text, html, discussnet, kokkai, jsonl…).
    pub format: String,
}

impl Meeting {
    /// The assembly its people and bills belong to, as keys and filters
    /// name it: its 団体コード, else its name; empty when neither is known.
    pub fn assembly(&self) -> &str {
        self.municipality_code
            .as_deref()
            .unwrap_or(&self.municipality)
    }
}

/// Someone listed as present, with the group they are listed under.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Attendee {
    pub name: String,
    pub position: Option<String>,
    /// The list it appears in (出席議員, 出席説明員, 部員…).
    pub group: Option<String>,
}

/// An agenda item (議題, 日程, 議案).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct AgendaItem {
    pub order: u32,
    /// The label as printed: 日程第１, 議案第146号, 議案（1）, 報告事項（2）.
    pub label: String,
    pub title: String,
    /// The number of the bill or petition, as printed (第５１号議案,
    /// 令和５年請願第５号, 報告第１７号), when the item has one.
    pub number: Option<String>,
    /// The outcome when the record states one (承認, 可決, 否決, 採択…).
    pub outcome: Option<String>,
    /// How it was decided, as the record says: 異議なし, 賛成多数, 起立多数…
    pub decided_how: Option<String>,
    /// The bill across meetings ([`bill_key`]): every stage of one bill
    /// has the same key.
    pub bill: Option<String>,
}

/// What kind of passage a speech is.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SpeechKind {
    #[default]
    Speech,
    /// 〔…〕: what the record narrates rather than quotes.
    Narration,
    /// 【要旨】: a summary instead of a verbatim speech.
    Summary,
    /// A recorded decision (—…承認—).
    Decision,
    /// Header material (the kokkai 会議録情報 block).
    Header,
}

impl SpeechKind {
    /// The lowercase name used in indexes and the API (as serde spells it).
    pub fn as_str(self) -> &'static str {
        match self {
            SpeechKind::Speech => "speech",
            SpeechKind::Narration => "narration",
            SpeechKind::Summary => "summary",
            SpeechKind::Decision => "decision",
            SpeechKind::Header => "header",
        }
    }
}

/// One speech, in order, under the agenda item in force when it was made.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Speech {
    pub order: u32,
    /// `order` of the agenda item in force, if any.
    pub agenda: Option<u32>,
    /// The other items taken together with it (一括議題), by `order`.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub together: Vec<u32>,
    pub kind: SpeechKind,
    pub speaker: Option<Speaker>,
    pub text: String,
}

/// The id of a speech: its meeting and its order there (`{meeting}-{order}`).
pub fn speech_id(meeting_id: &str, order: u64) -> String {
    format!("{meeting_id}-{order}")
}

/// How an item is named on a page: its label and its title, the title once
/// where it only repeats the label (`議席`, not `議席 議席`).
pub fn item_name(label: &str, title: &str) -> String {
    let (label, title) = (label.trim(), title.trim());
    if title.is_empty() || title == label || label.ends_with(title) {
        label.to_string()
    } else if label.is_empty() || title.starts_with(label) {
        title.to_string()
    } else {
        format!("{label} {title}")
    }
}

/// The id of an agenda item: its meeting and its order there
/// (`{meeting}#{order}`).
pub fn agenda_id(meeting_id: &str, order: u32) -> String {
    format!("{meeting_id}#{order}")
}

/// The order of the item an [`agenda_id`] names. The number after the last
/// `#`: meeting ids may hold `#` themselves (canonical JSON Lines).
pub fn agenda_order(agenda_id: &str) -> Option<u32> {
    agenda_id.rsplit_once('#')?.1.parse().ok()
}

/// The role category of a speaker.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Category {
    /// Presides: 議長, 委員長, 本部長, 会長.
    Chair,
    /// Elected or appointed member: 議員, 委員, 部員.
    Member,
    /// The executive: 市長, 区長, 知事, 大臣.
    Executive,
    /// Officials who answer for the executive: 部長, 課長.
    Staff,
    /// The assembly's secretariat: 事務局, 事務局長.
    Secretariat,
    /// Witnesses and invited speakers: 参考人, 証人.
    Witness,
    #[default]
    Other,
}

impl Category {
    pub const ALL: [Category; 7] = [
        Category::Chair,
        Category::Member,
        Category::Executive,
        Category::Staff,
        Category::Secretariat,
        Category::Witness,
        Category::Other,
    ];

    /// The lowercase name used in indexes, URLs and the API.
    pub fn as_str(self) -> &'static str {
        match self {
            Category::Chair => "chair",
            Category::Member => "member",
            Category::Executive => "executive",
            Category::Staff => "staff",
            Category::Secretariat => "secretariat",
            Category::Witness => "witness",
            Category::Other => "other",
        }
    }

    /// The category named `name` (as `as_str` spells it).
    pub fn parse(name: &str) -> Option<Category> {
        Category::ALL.into_iter().find(|c| c.as_str() == name)
    }

    /// The Japanese label shown to users.
    pub fn label_ja(self) -> &'static str {
        match self {
            Category::Chair => "議長・委員長",
            Category::Member => "議員・委員",
            Category::Executive => "首長",
            Category::Staff => "説明員",
            Category::Secretariat => "事務局",
            Category::Witness => "参考人・証人",
            Category::Other => "その他",
        }
    }
}

/// Who spoke, as printed and as understood.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Speaker {
    /// The label as printed: `議長（奈良岡隆君）`, `本部長`.
    pub label: String,
    /// The person's name, letter-spacing removed; None for position-only labels.
    pub name: Option<String>,
    /// The position: 議長, 企画部長, 議員 (for 六十七番)…
    pub position: Option<String>,
    pub category: Category,
    /// Reading, parliamentary group and role when the source gives them (kokkai).
    pub yomi: Option<String>,
    pub group: Option<String>,
    pub role: Option<String>,
    /// The person across meetings of one assembly, prefixed by the
    /// assembly's code or name: `131091:鈴木真澄` once the label is known
    /// to mean that person; a label that could mean several keeps its own
    /// name, qualified by the post for officials (`131091:高橋（障害者福祉課長）`).
    pub key: Option<String>,
    /// The person's full name as the assembly prints it, when the key is
    /// resolved to one person; None for a key that only names the label.
    pub person: Option<String>,
}

#[cfg(test)]
mod tests {
    #[test]
    fn an_item_is_named_once() {
        use super::item_name;
        assert_eq!(item_name("議席", "議席"), "議席");
        assert_eq!(item_name("日程第１", "会期の決定"), "日程第１ 会期の決定");
        assert_eq!(item_name("日程第１", ""), "日程第１");
        assert_eq!(item_name("", "会期の決定"), "会期の決定");
        assert_eq!(
            item_name(
                "第７９号議案",
                "第７９号議案 品川区立保育所条例の一部を改正する条例"
            ),
            "第７９号議案 品川区立保育所条例の一部を改正する条例"
        );
    }

    use super::*;

    #[test]
    fn speech_kind_names_are_their_serde_names() {
        for kind in [
            SpeechKind::Speech,
            SpeechKind::Narration,
            SpeechKind::Summary,
            SpeechKind::Decision,
            SpeechKind::Header,
        ] {
            let serde_name = serde_json::to_value(kind).unwrap();
            assert_eq!(serde_name.as_str(), Some(kind.as_str()));
        }
    }

    #[test]
    fn ids_name_their_meeting_and_order() {
        assert_eq!(speech_id("shinagawa-r05", 12), "shinagawa-r05-12");
        assert_eq!(agenda_id("shinagawa-r05", 3), "shinagawa-r05#3");
        assert_eq!(agenda_order("shinagawa-r05#3"), Some(3));
        assert_eq!(agenda_order("a#b#14"), Some(14));
        assert_eq!(agenda_order("shinagawa-r05"), None);
        assert_eq!(agenda_order("shinagawa-r05#"), None);
    }
}
