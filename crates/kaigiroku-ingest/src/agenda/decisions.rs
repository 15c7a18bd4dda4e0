//! Decisions as the presiding officer states them: 「よって、本件は原案の
//! とおり可決すべきものと決定いたしました」「…継続審査とすることに決定
//! いたしました」, and how the vote went (異議なし, 賛成多数, 起立多数…).

use kaigiroku_core::model::Outcome;

/// An outcome and, when the sentence says it, how it was reached.
#[derive(Debug, Clone, PartialEq)]
pub struct Decision {
    pub outcome: String,
    pub how: Option<String>,
}

/// Outcome words a sentence may name, the more specific first (不採択
/// before 採択): every outcome but the one a decision naming none gets.
fn outcome_words() -> impl Iterator<Item = &'static str> {
    // 報告 and 指名 are named in sentences that decide something else
    // (「委員長の報告のとおり決しました」): they have rules of their own.
    Outcome::ALL
        .into_iter()
        .filter(|o| ![Outcome::Decided, Outcome::Reported, Outcome::Nominated].contains(o))
        .map(Outcome::as_str)
}

/// 「会議録署名議員は、…議員を指名いたします」: the presiding officer names
/// members, which decides the item.
pub fn nominates(sentence: &str) -> bool {
    let ending = sentence.trim_end_matches(['。', '　', ' ']);
    [
        "指名いたします",
        "指名します",
        "指名いたしました",
        "指名申し上げます",
    ]
    .iter()
    .any(|e| ending.ends_with(e))
}

/// 「本案に関する委員会の報告は、いずれも可決であります」: the chair states
/// what a committee reported, before the plenary decides on it.
pub fn stated_report(sentence: &str) -> Option<&'static str> {
    let ending = sentence.trim_end_matches(['。', '　', ' ']);
    if !(ending.contains("報告は") && (ending.ends_with("であります") || ending.ends_with("です")))
    {
        return None;
    }
    outcome_words()
        .filter_map(|o| ending.rfind(o).map(|at| (at, o)))
        .max_by_key(|(at, o)| (*at + o.len(), o.len()))
        .map(|(_, o)| o)
}

/// 「本件陳情は、いずれも閉会中の継続審査に付することに決定いたしました」,
/// 「議会運営委員会の所管事務について…閉会中の継続調査」: petitions and a
/// committee's own matters carried over, not the bills on the floor.
pub fn about_other_matters(sentence: &str) -> bool {
    ["陳情", "請願", "所管事務", "特定事件", "申し出", "申出"]
        .iter()
        .any(|w| sentence.contains(w))
}

/// The committee a referral names: 「総務委員会に付託」 → 総務委員会.
pub fn committee_named(clause: &str) -> Option<String> {
    let at = clause
        .find("委員会に")
        .or_else(|| clause.find("委員会へ"))?;
    committee_ending_at(clause, at)
}

/// The last committee a clause mentions at all: 「予算審査特別委員会を設置し」,
/// which a later 「同委員会に付託」 refers back to.
pub fn committee_mentioned(clause: &str) -> Option<String> {
    clause
        .match_indices("委員会")
        .filter_map(|(at, _)| committee_ending_at(clause, at))
        .filter(|name| !name.starts_with('同'))
        .last()
}

/// The committee's name whose 「委員会」 starts at `at`.
fn committee_ending_at(clause: &str, at: usize) -> Option<String> {
    let before = &clause[..at];
    let start = before
        .char_indices()
        .rev()
        // A committee's name is a compound of kanji and katakana: the walk
        // back stops at kana particles (を, の, は), punctuation and spaces.
        .take_while(|(_, c)| {
            !(('\u{3041}'..='\u{309F}').contains(c)
                || c.is_ascii()
                || matches!(c, '、' | '，' | '。' | '　' | '「' | '」' | '（' | '）'))
        })
        .last()
        .map_or(at, |(i, _)| i);
    let name = &clause[start..at + "委員会".len()];
    // 「所管の常任委員会」「各委員会」 name no committee.
    const GENERIC: [&str; 6] = [
        "委員会",
        "常任委員会",
        "特別委員会",
        "各委員会",
        "所管委員会",
        "関係委員会",
    ];
    (!GENERIC.contains(&name)).then(|| name.to_string())
}

/// The outcome of a decision that names none: 会期 and the like, or a
/// plenary that follows a committee's report.
pub const DECIDED_WITHOUT_WORD: &str = Outcome::Decided.as_str();

/// Endings that make a sentence a decision rather than a proposal.
const DECIDED: [&str; 10] = [
    "決定いたしました",
    "決定しました",
    "決しました",
    "可決されました",
    "否決されました",
    "採択されました",
    "承認されました",
    "付託いたします",
    // 「三田敏哉君が議長に当選されました」.
    "当選されました",
    "当選いたしました",
];

/// Procedural decisions that decide no item.
const PROCEDURAL: [&str; 11] = [
    "直ちに採決",
    "結論を出す",
    "日程に追加",
    "付託を省略",
    "休会",
    "立会人",
    "そのように決定",
    "散会",
    "延会",
    "朗読を省略",
    "質疑を終結",
];

/// The decision `sentence` states, if it states one.
pub fn decision(sentence: &str) -> Option<Decision> {
    let ending = sentence.trim_end_matches(['。', '　', ' ']);
    // 「よって、本件は…可決いたしました」: a chair's conclusion in the past.
    let concluded = (ending.starts_with("よって") || ending.starts_with("したがって"))
        && ["いたしました", "しました", "されました"]
            .iter()
            .any(|e| ending.ends_with(e));
    // 「よって、本件は継続審査といたします」「では、継続審査とさせていただき
    // ます」: a chair's ruling in the present, with its outcome named.
    let ruled = ["よって", "したがって", "では", "それでは"]
        .iter()
        .any(|s| ending.starts_with(s))
        && ["といたします", "とさせていただきます", "とします"]
            .iter()
            .any(|e| ending.ends_with(e))
        && !ending.contains("議題")
        && outcome_words().any(|o| ending.contains(o));
    let decided = concluded || ruled || DECIDED.iter().any(|d| ending.ends_with(d));
    if !decided || PROCEDURAL.iter().any(|p| sentence.contains(p)) {
        return None;
    }
    if sentence.contains("ご異議ありませんか") || sentence.contains("御異議ありませんか")
    {
        return None;
    }
    // 「賛成多数であります」「賛成の諸君」 say how, not what.
    let words = ["賛成多数", "賛成少数", "賛成者", "賛成の"]
        .iter()
        .fold(sentence.to_string(), |text, vote| text.replace(vote, "＿"));
    let outcome = outcome_words()
        .filter_map(|o| words.find(o).map(|at| (at, o)))
        // The word the sentence ends on decides (継続審査…を否決 is 否決).
        .max_by_key(|(at, o)| (*at + o.len(), o.len()))
        .map(|(_, o)| o.to_string())
        .or_else(|| {
            ((sentence.contains("原案のとおり") || sentence.contains("原案どおり"))
                && (sentence.contains("決定") || sentence.contains("決し")))
            .then(|| "可決".to_string())
        })
        // 「会期は…と決定いたしました」「…報告のとおり決しました」.
        .unwrap_or_else(|| DECIDED_WITHOUT_WORD.to_string());
    Some(Decision {
        outcome,
        how: vote_result(sentence),
    })
}

/// How a vote went, from the sentence that announces it.
pub fn vote_result(sentence: &str) -> Option<String> {
    const RESULTS: [(&str, &str); 14] = [
        ("全員異議なく", "異議なし"),
        ("異議なしと認め", "異議なし"),
        ("異議ないと認め", "異議なし"),
        ("御異議なしと認め", "異議なし"),
        ("賛成多数", "賛成多数"),
        ("賛成者多数", "賛成多数"),
        ("賛成少数", "賛成少数"),
        ("賛成者少数", "賛成少数"),
        ("起立多数", "起立多数"),
        ("起立総員", "起立総員"),
        ("起立少数", "起立少数"),
        ("過半数と認め", "起立多数"),
        ("挙手多数", "挙手多数"),
        ("全会一致", "全会一致"),
    ];
    RESULTS
        .iter()
        .find(|(words, _)| sentence.contains(words))
        .map(|(_, result)| result.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn elections_nominations_reports_and_referrals() {
        let d = decision("三田　敏哉君\nが議長に当選されました。").unwrap();
        assert_eq!(d.outcome, "当選");
        assert!(nominates(
            "会議録署名議員は、１番田中議員、２番鈴木議員を指名いたします。"
        ));
        assert_eq!(
            stated_report("本案に関する委員会の報告は、いずれも可決であります。"),
            Some("可決")
        );
        let d = decision("よって、本件は委員長の報告のとおり決しました。").unwrap();
        assert_eq!(d.outcome, DECIDED_WITHOUT_WORD);
        assert_eq!(
            committee_named("日程第一及び第二は総務委員会に").as_deref(),
            Some("総務委員会")
        );
        assert_eq!(committee_named("所管の常任委員会に付託"), None);
        assert_eq!(
            committee_named("予算特別委員会へ付託").as_deref(),
            Some("予算特別委員会")
        );
    }

    #[test]
    fn decisions_and_votes() {
        let d = decision("よって、本件は原案のとおり可決すべきものと決定いたしました。").unwrap();
        assert_eq!(d.outcome, "可決");
        let d = decision("賛成多数であります。よって、本件は不採択とすることに決定いたしました。")
            .unwrap();
        assert_eq!(
            (d.outcome.as_str(), d.how.as_deref()),
            ("不採択", Some("賛成多数"))
        );
        let d =
            decision("ご異議なしと認めます。よって、本件は継続審査とすることに決定いたしました。")
                .unwrap();
        assert_eq!(d.outcome, "継続審査");
        assert_eq!(
            decision("本件は直ちに採決することに決定いたしました。"),
            None
        );
        assert_eq!(decision("可決されましたが、その後の状況は。"), None);
        assert_eq!(
            vote_result("ご異議なしと認めます。").as_deref(),
            Some("異議なし")
        );
        assert_eq!(decision("質疑なしと認めます。"), None);
        let d = decision("賛成多数と認めます。よって、本案は原案のとおり決しました。").unwrap();
        assert_eq!(
            (d.outcome.as_str(), d.how.as_deref()),
            ("可決", Some("賛成多数"))
        );
    }
}
