//! How minutes name agenda items in running text: 日程第１ (and ranges
//! 日程第１から日程第17まで), a committee plan's (10), and bill numbers
//! (第５１号議案, 議案第146号, 令和５年請願第５号, 報告第１７号, 一七第三三号).

use kaigiroku_core::analysis::{ascii_digit, full_width_digit, is_full_width_digit};
use kaigiroku_core::analysis::{is_kanji_numeral, kanji_to_digits};

/// An item named in a sentence. Keys have their digits normalized.
#[derive(Debug, Clone, PartialEq)]
pub enum Ref {
    /// 日程第N or 追加日程第N, with the title the sentence gives it. An
    /// empty `printed` is a label only implied (inside a range whose ends
    /// carry their bills): it names a listed item, never a new one.
    Label {
        key: String,
        printed: String,
        title: String,
    },
    /// A committee plan's (N), and the bill number and title printed with it.
    Committee {
        key: String,
        number: Option<String>,
        title: String,
    },
    /// A bill or petition number.
    Number {
        key: String,
        printed: String,
        title: String,
    },
}

/// What a presiding officer's announcement puts on the floor.
#[derive(Debug, Default)]
pub struct Announced {
    /// Where the first announcing sentence starts in the text.
    pub at: usize,
    pub refs: Vec<Ref>,
    /// The subject when no item is named (「議長の選挙を行います」).
    pub subject: String,
    /// 「よって、本決議案を議題といたします」: the item proposed just before.
    pub the_proposed: bool,
}

/// 「…決議案（石井準一君外十名発議）は、…日程に追加してこれを議題とする
/// ことに御異議ございませんか」: the item proposed for the day, by name.
pub fn proposed_addition(text: &str) -> Option<String> {
    text.split_inclusive('。').find_map(|sentence| {
        if !sentence.contains("日程に追加") || !sentence.contains("議題とすること") {
            return None;
        }
        // 「この際、日程に追加して、地方交付税法…法律案を議題とすることに…」
        if let Some((_, after)) = sentence.split_once("日程に追加して、")
            && let Some((subject, _)) = after.split_once("を議題とすること")
        {
            let subject = subject.trim();
            return (4..=120)
                .contains(&subject.chars().count())
                .then(|| subject.to_string());
        }
        let subject = sentence.split("は、").next()?;
        let subject = subject
            .rsplit(['。', '、'])
            .next()
            .unwrap_or(subject)
            .trim();
        let subject = subject.trim_start_matches("この際、");
        ((4..=120).contains(&subject.chars().count()) && !subject.contains("議題"))
            .then(|| subject.to_string())
    })
}

/// Steps of taking up an item, never a topic of their own (「次に、質疑を行います」).
const PROCEDURE: [&str; 11] = [
    "質疑",
    "質問",
    "討論",
    "採決",
    "表決",
    "投票",
    "答弁",
    "説明",
    "意見開陳",
    "朗読",
    "審査",
];

/// 「次に、議員の褒章受章について申し上げます」: a presiding officer moving
/// to the next topic of the day (東京都's committees), with the topic, and
/// whether the words also serve for steps within an item (「次に、議席の一部
/// 変更を行います」, but also 「次に、質疑を行います」).
pub fn topic(text: &str) -> Option<(usize, String, bool)> {
    let mut offset = 0;
    for raw in text.split_inclusive('。') {
        let start = offset;
        offset += raw.len();
        let sentence = raw.trim().trim_end_matches('。');
        let Some(rest) = ["初めに、", "次に、", "まず、", "最後に、", "続いて、"]
            .iter()
            .find_map(|p| sentence.strip_prefix(p))
        else {
            continue;
        };
        // 「次に、今定例会の会議予定につきまして、…説明いたさせます」
        let leading = rest
            .split_once("につきまして、")
            .map(|(subject, _)| subject);
        for (ending, step) in [
            ("について申し上げます", false),
            ("についてご協議願います", false),
            ("につきましてご協議願います", false),
            ("についてを議題といたします", false),
            ("の審査を行います", false),
            ("を行います", true),
            ("を申し上げます", true),
        ] {
            if let Some(subject) = rest.strip_suffix(ending).or(leading)
                && (2..=60).contains(&subject.chars().count())
                && !subject.contains("日程")
                && !is_attendance_notice(subject)
                && !(step && PROCEDURE.iter().any(|p| subject.ends_with(p)))
            {
                let subject = subject.trim_start_matches("今定例会の").to_string();
                return Some((start, subject, step && leading.is_none()));
            }
        }
    }
    None
}

/// 「初めに、理事者の欠席について申し上げます」: who is absent today is
/// told, not taken up; the day's business comes after it.
fn is_attendance_notice(subject: &str) -> bool {
    subject.ends_with("欠席") || subject.ends_with("出席")
}

/// How a sentence that takes up items ends (「…について外三件の報告を聴取
/// いたします」, 「…に対する質疑を一括して行います」).
const TAKES_UP: [&str; 7] = [
    "聴取いたします",
    "聴取いたしたいと思います",
    "聴取します",
    "行います",
    "行いたいと思います",
    "求めます",
    "供します",
];

/// Words of a sentence that only names items, ending with a take-up verb
/// all the same: what is over (「…意見聴取はこれをもって終了…」), done
/// before (「既に説明を聴取しております」), put off (「…説明を聴取し、資料
/// 要求をすることにとどめ…」) or agreed on.
const ONLY_NAMES: [&str; 5] = ["終了", "終わり", "既に", "とどめ", "申し合わせ"];

/// A chair's sentence that takes up items by their titles.
pub fn takes_up_by_title(sentence: &str) -> bool {
    let sentence = sentence.trim().trim_end_matches('。');
    // The last clause says what is done: 「…既に説明を聴取しておりますので、
    // …とあわせて本件に対する質疑を一括して行います」 takes up.
    let last_clause = sentence.rsplit('、').next().unwrap_or(sentence);
    TAKES_UP.iter().any(|w| sentence.ends_with(w))
        && !ONLY_NAMES.iter().any(|w| last_clause.contains(w))
}

/// 「本日は、お手元配布の会議日程のとおり、報告事項の聴取及び閉会中の継続
/// 調査の申し出の決定を行います」: the day's plan, whose first business is
/// taken up now and the rest later.
pub fn is_the_days_plan(sentence: &str) -> bool {
    sentence.contains("会議日程のとおり")
}

/// Text as a title is compared in: digits of one width, no brackets (the
/// list prints 市場問題プロジェクトチーム（第八回会議）, the chair says
/// 市場問題プロジェクトチーム第八回会議) and no trademark sign (the list
/// prints ラグビーワールドカップ二〇一九™, the chair ラグビーワールドカップ
/// 二〇一九 or ラグビーワールドカップ二〇一九ＴＭ).
pub fn comparable(text: &str) -> String {
    // An opening quote mark stays a word's start: 報告事項「豊洲…」.
    comparable_with(text, Some('、'))
}

/// [`comparable`] with the opening quote marks put as `opening` (none in a
/// title: 「…調査委託」及び「…」 is quoted 「…調査委託及び…」).
fn comparable_with(text: &str, opening: Option<char>) -> String {
    text.chars()
        .filter_map(|c| match c {
            '（' | '）' | '(' | ')' | '」' | '』' | '™' => None,
            '「' | '『' => opening,
            c if is_full_width_digit(c) => Some(ascii_digit(c)),
            c => Some(c),
        })
        .collect::<String>()
        .replace("ＴＭ", "")
}

/// A listed title as the chair quotes it, comparable: without the list's
/// note of what is done with it (「（説明・質疑）」) and without its closing
/// 「について」.
pub fn quoted_title(title: &str) -> String {
    const NOTES: [&str; 8] = [
        "説明・質疑",
        "説明",
        "質疑",
        "質疑・意見開陳等",
        "意見開陳",
        "証人喚問",
        "資料要求",
        "参考人からの意見聴取",
    ];
    let mut title = title.trim();
    if let Some(open) = title.rfind(['（', '('])
        && let Some(note) = title[open..]
            .strip_prefix(['（', '('])
            .and_then(|rest| rest.strip_suffix(['）', ')']))
        && NOTES.contains(&note)
    {
        title = title[..open].trim_end();
    }
    comparable_with(title.strip_suffix("について").unwrap_or(title), None)
}

/// What follows a quoted title counts: 「外三件」 (three more listed after
/// it) or, after a heading, 「四件」 (the four listed under it).
#[derive(Debug, PartialEq)]
pub enum Counted {
    None,
    More(usize),
    Under(usize),
}

pub fn counted_after(after: &str) -> Counted {
    let after = after.strip_prefix("について").unwrap_or(after);
    let (more, rest) = match after.strip_prefix('外') {
        Some(rest) => (true, rest),
        None => (false, after),
    };
    let digits: String = rest
        .chars()
        .take_while(|&c| is_kanji_numeral(c) || c.is_ascii_digit())
        .collect();
    if digits.is_empty() || !rest[digits.len()..].starts_with('件') {
        return Counted::None;
    }
    let count = kanji_to_digits(&digits)
        .unwrap_or(digits)
        .parse()
        .unwrap_or(0);
    match (more, count) {
        (_, 0) => Counted::None,
        (true, n) => Counted::More(n),
        (false, n) => Counted::Under(n),
    }
}

/// Verbs that put an item on the floor.
const ANNOUNCING: [&str; 7] = [
    "議題に供します",
    "議題に供する",
    "議題といたします",
    "議題とします",
    "議題とし、",
    "一括議題",
    "を行います",
];

/// The items an announcement in `text` puts on the floor, if it makes one.
pub fn announcement(text: &str) -> Option<Announced> {
    let mut said = Announced::default();
    let mut any = false;
    let mut offset = 0;
    for raw in text.split_inclusive('。') {
        let start = offset;
        offset += raw.len();
        let sentence = raw.trim();
        // 「日程第１　会議録署名議員の指名について。」: a sentence that opens
        // with the label announces it, whatever verb follows.
        let opens_with_label = sentence
            .trim_start_matches(['次', 'に', '、', '　', ' '])
            .trim_start_matches("追加")
            .starts_with("日程第")
            && !sentence.contains("採決");
        let Some(verb) = ANNOUNCING
            .iter()
            .find(|v| sentence.contains(*v))
            .or(opens_with_label.then_some(&"日程第"))
        else {
            continue;
        };
        if sentence.contains("御異議")
            || sentence.contains("ご異議")
            || sentence.contains("供されました")
            // 「次の会議は明22日、本日に引き続き一般質問を行います」: the
            // next sitting's business, not this one's.
            || sentence.contains("次の会議")
        {
            continue;
        }
        let refs = refs_in(sentence);
        // 「──⏎日程第２⏎一般質問⏎──⏎を行います」: the item is in the block
        // between the rules, which the tracker reads and takes out; the
        // sentence opens with the verb.
        let after_block = sentence
            .trim_start_matches(['次', 'に', '、', '　', ' ', '\n'])
            .starts_with("を行います");
        // 「一昨日に引き続き、一般質問を行います」: questions are an item of
        // the day in every assembly, never a step of another.
        let questions = ["一般質問", "代表質問", "緊急質問"]
            .iter()
            .any(|q| sentence.contains(&format!("{q}を行います")));
        if *verb == "を行います" && refs.is_empty() && !after_block && !questions {
            // 「質疑を行います」 is procedure; 「議長の選挙を行います」 opens an item
            // only as the first words of a chair's turn.
            if !(sentence.ends_with("選挙を行います。") || sentence.ends_with("指名を行います。"))
            {
                continue;
            }
        }
        if !any {
            said.at = start;
        }
        any = true;
        if refs.is_empty() && said.subject.is_empty() {
            said.subject = subject(sentence, verb);
            said.the_proposed |= said.subject.is_empty()
                && (sentence.contains("本決議案")
                    || sentence.contains("本案")
                    || sentence.contains("本件"));
        }
        said.refs.extend(refs);
    }
    any.then_some(said)
}

/// 「それでは、第５号議案、令和５年度…予算を議題に供します」 → the words before
/// the verb, after the last opening phrase.
fn subject(sentence: &str, verb: &str) -> String {
    let before = sentence.split(verb).next().unwrap_or("");
    let before = before
        .trim_end_matches("一括して")
        .trim_end_matches('を')
        .trim_end_matches("の");
    let start = [
        "それでは、",
        "次に、",
        "まず、",
        "初めに、",
        "続いて、",
        "これより",
    ]
    .iter()
    .filter_map(|p| before.rfind(p).map(|at| at + p.len()))
    .max()
    .unwrap_or(0);
    let subject = before[start..].trim_matches(['、', '　', ' ']);
    // 本件, 本案, 本決議案: an item named before, not a new one.
    if subject.chars().count() > 80 || subject.starts_with('本') || subject.starts_with("よって")
    {
        String::new()
    } else {
        subject.to_string()
    }
}

/// Every item `sentence` names, in order.
pub fn refs_in(sentence: &str) -> Vec<Ref> {
    let full_width = sentence.contains("日程第") && sentence.chars().any(is_full_width_digit);
    let mut refs = refs_normalized(sentence);
    if full_width {
        // Labels as the minutes print them: 日程第１, not 日程第1.
        for reference in &mut refs {
            if let Ref::Label { printed, .. } = reference {
                *printed = printed.chars().map(full_width_digit).collect();
            }
        }
    }
    refs
}

fn refs_normalized(sentence: &str) -> Vec<Ref> {
    // A space between a number and its title (第９号 適格請求書…) still ends
    // the number: spaces become 、 before the digits are normalized.
    let spaced: String = sentence.split_whitespace().collect::<Vec<_>>().join("、");
    let text = normalize_label(&spaced);
    let chars: Vec<char> = text.chars().collect();
    let mut refs = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        if let Some((found, next)) = schedule_ref(&chars, i) {
            refs.extend(found);
            i = next;
        } else if let Some((key, next)) = committee_ref(&chars, i) {
            // (10)第５１号議案: one item, found by its number first.
            let number = (next..(next + 16).min(chars.len()))
                .filter(|&at| chars[at] == '第')
                .find_map(|at| number_ref(&chars, at))
                .filter(|(found, after)| {
                    matches!(found, Ref::Number { printed, .. } if printed.chars().count() == after - next)
                });
            match number {
                Some((
                    Ref::Number {
                        key: number, title, ..
                    },
                    after,
                )) => {
                    refs.push(Ref::Committee {
                        key,
                        number: Some(number),
                        title,
                    });
                    i = after;
                }
                _ => {
                    refs.push(Ref::Committee {
                        key,
                        number: None,
                        title: String::new(),
                    });
                    i = next;
                }
            }
        } else if let Some((found, next)) = number_ref(&chars, i) {
            // 第48号議案から第50号議案まで: every bill of the range.
            let range = starts_with(&chars, next, "から")
                .then(|| number_ref(&chars, next + 2))
                .flatten()
                .filter(|(_, end)| starts_with(&chars, *end, "まで"));
            let (found, next) = match range {
                Some((last, end)) => {
                    refs.extend(numbers_between(&found, &last));
                    (last, end + 2)
                }
                None => (found, next),
            };
            refs.push(found);
            i = next;
        } else {
            i += 1;
        }
    }
    for inside in labels_inside_a_range(&chars) {
        let known = refs
            .iter()
            .any(|r| matches!(r, Ref::Label { key, .. } if *key == inside));
        if !known {
            refs.push(Ref::Label {
                key: inside,
                printed: String::new(),
                title: String::new(),
            });
        }
    }
    refs
}

/// The labels a range names between its ends when each end carries its
/// bill: 「日程第２、議案第１２号から日程第４０、議案第５０号に至る議案３９件」
/// (or …まで) names 日程第３ to 日程第３９ too.
fn labels_inside_a_range(chars: &[char]) -> Vec<String> {
    let mut inside = Vec::new();
    let labels: Vec<(usize, usize, u32)> = (0..chars.len())
        .filter(|&at| starts_with(chars, at, "日程第"))
        .filter_map(|at| {
            let (digits, end) = digits_at(chars, at + 3);
            digits.parse().ok().map(|n| (at, end, n))
        })
        .collect();
    for pair in labels.windows(2) {
        let ((_, first_end, first), (second_at, second_end, second)) = (pair[0], pair[1]);
        let between: String = chars[first_end..second_at].iter().collect();
        let after: String = chars[second_end..(second_end + 40).min(chars.len())]
            .iter()
            .collect();
        let closes = ["まで", "に至る", "に至るまで"]
            .iter()
            .filter_map(|w| after.find(w))
            .min();
        let ranged = between.ends_with("から")
            || (between.contains("から") && between.chars().count() <= 40);
        if ranged
            && !between.contains('。')
            && closes.is_some_and(|at| !after[..at].contains(['。', '、']) || at < 30)
            && first < second
            && second - first <= 100
        {
            let prefix = if chars[..pair[0].0].ends_with(&['追', '加']) {
                "追加"
            } else {
                ""
            };
            inside.extend((first + 1..second).map(|n| format!("{prefix}日程第{n}")));
        }
    }
    inside
}

fn digits_at(chars: &[char], at: usize) -> (String, usize) {
    let digits: String = chars[at.min(chars.len())..]
        .iter()
        .take_while(|c| c.is_ascii_digit())
        .collect();
    let len = digits.len();
    (digits, at + len)
}

fn starts_with(chars: &[char], at: usize, word: &str) -> bool {
    let word: Vec<char> = word.chars().collect();
    chars.get(at..at + word.len()) == Some(&word[..])
}

/// 日程第N, 追加日程第N, 日程第Nから(日程)?第Mまで, 日程第N及び第M.
fn schedule_ref(chars: &[char], at: usize) -> Option<(Vec<Ref>, usize)> {
    if !starts_with(chars, at, "日程") {
        return None;
    }
    let mut i = at + 2;
    if chars.get(i) == Some(&'第') {
        i += 1;
    }
    let (first, mut next) = digits_at(chars, i);
    if first.is_empty() {
        return None;
    }
    let prefix = if at >= 2 && starts_with(chars, at - 2, "追加") {
        "追加"
    } else {
        ""
    };
    let label = |n: &str| format!("{prefix}日程第{n}");
    let title = title_after(chars, next);
    let mut refs = vec![Ref::Label {
        key: label(&first),
        printed: label(&first),
        title,
    }];
    // A range: …から(追加)?(日程)?第Mまで.
    if starts_with(chars, next, "から") {
        let mut j = next + 2;
        for word in ["追加", "日程", "第"] {
            if starts_with(chars, j, word) {
                j += word.chars().count();
            }
        }
        let (last, after) = digits_at(chars, j);
        if let (Ok(a), Ok(b)) = (first.parse::<u32>(), last.parse::<u32>())
            && a < b
            && b - a <= 100
            && starts_with(chars, after, "まで")
        {
            for n in a + 1..=b {
                let n = n.to_string();
                refs.push(Ref::Label {
                    key: label(&n),
                    printed: label(&n),
                    title: String::new(),
                });
            }
            next = after + 2;
        }
    }
    // 日程第一及び第二, 日程第一、第二及び第三: more labels of the same list.
    while let Some(joint) = ["及び", "並びに", "、"]
        .iter()
        .find(|w| starts_with(chars, next, w))
    {
        let mut j = next + joint.chars().count();
        for word in ["追加", "日程"] {
            if starts_with(chars, j, word) {
                j += word.chars().count();
            }
        }
        if chars.get(j) != Some(&'第') {
            break;
        }
        let (n, after) = digits_at(chars, j + 1);
        // 日程第１、第５号議案…: a bill's number, not a label.
        if n.is_empty() || chars.get(after) == Some(&'号') {
            break;
        }
        refs.push(Ref::Label {
            key: label(&n),
            printed: label(&n),
            title: String::new(),
        });
        next = after;
    }
    Some((refs, next))
}

/// The words after 日程第N、 up to the verb: its title as spoken.
fn title_after(chars: &[char], at: usize) -> String {
    if chars.get(at) == Some(&'「') {
        // 議案第173号「監査委員の選任について」
        let quoted: String = chars[at + 1..].iter().take_while(|c| **c != '」').collect();
        return if quoted.chars().count() <= 80 {
            quoted
        } else {
            String::new()
        };
    }
    // 「議案第１１号財産の取得について、」: dbsearch prints a bill's title
    // straight after its number; a particle (は, を, から) or 及び, 外 after
    // the number starts no title.
    let run_on = at > 0
        && chars[at - 1] == '号'
        && chars.get(at).is_some_and(|&c| {
            let kana_or_kanji =
                ('\u{30A0}'..='\u{30FF}').contains(&c) || ('\u{4E00}'..='\u{9FFF}').contains(&c);
            kana_or_kanji && !"及並外等乃以中議".contains(c)
        });
    if !run_on && !matches!(chars.get(at), Some('、' | '　' | ' ')) {
        return String::new();
    }
    let skip = usize::from(!run_on);
    let rest: String = chars[at + skip..].iter().collect();
    // 「日程第１、会議録署名議員の指名について。」 names a matter; a bill's
    // title keeps its について (監査委員の選任について).
    let bill = chars[..at].ends_with(&['号']) || chars[..at].ends_with(&['号', '議', '案']);
    let endings: &[&str] = if bill {
        &["を行います", "を議題", "を一括", "。", "、"]
    } else {
        &["を行います", "を議題", "について", "。"]
    };
    let end = endings
        .iter()
        .filter_map(|w| rest.find(w))
        .min()
        .unwrap_or(rest.len());
    // 「…補正予算（第６号）の件を議題とします」: the title without 「の件」.
    let title = rest[..end].trim();
    let title = title.strip_suffix("の件").unwrap_or(title);
    let names_a_bill =
        number_ref(&rest.chars().collect::<Vec<_>>(), 0).is_some() || rest.starts_with("議案第");
    if title.chars().count() > 60 || title.contains("日程") || names_a_bill {
        // 日程第43、議案第173号、…: the number and its title follow.
        String::new()
    } else {
        title.to_string()
    }
}

/// A committee plan's (N), with the bill number that may follow it.
fn committee_ref(chars: &[char], at: usize) -> Option<(String, usize)> {
    if chars.get(at) != Some(&'(') {
        return None;
    }
    let (n, next) = digits_at(chars, at + 1);
    if n.is_empty() || chars.get(next) != Some(&')') {
        return None;
    }
    Some((format!("({n})"), next + 1))
}

/// Prefixes of a bill number, longest first.
const NUMBER_KINDS: [&str; 8] = [
    "議員提出議案",
    "委員会提出議案",
    "議案",
    "請願",
    "陳情",
    "報告",
    "諮問",
    "承認",
];

/// 第N号議案, 議案第N号, 令和5年請願第N号, 報告第N号, 市第N号議案, 17第33号.
fn number_ref(chars: &[char], at: usize) -> Option<(Ref, usize)> {
    if chars.get(at) != Some(&'第') {
        return None;
    }
    let (n, next) = digits_at(chars, at + 1);
    if n.is_empty() || chars.get(next) != Some(&'号') {
        return None;
    }
    let mut end = next + 1;
    let mut start = at;
    if starts_with(chars, end, "議案") {
        end += 2;
        if at >= 1 && chars[at - 1] == '市' {
            start = at - 1;
        }
    } else {
        let before: String = chars[at.saturating_sub(12)..at].iter().collect();
        // 一七第三三号, 請願二六第一三号: a petition numbered by its year.
        let year_digits = before
            .chars()
            .rev()
            .take_while(char::is_ascii_digit)
            .count();
        if year_digits == 2 {
            let printed: String = chars[at - 2..next + 1].iter().collect();
            let title = title_after(chars, next + 1);
            return Some((
                Ref::Number {
                    key: printed.clone(),
                    printed,
                    title,
                },
                next + 1,
            ));
        }
        let kind = NUMBER_KINDS.iter().find(|k| before.ends_with(*k))?;
        start = at - kind.chars().count();
        // 令和5年請願, 平成12年度請願: the year belongs to the number.
        if matches!(*kind, "請願" | "陳情") {
            let head: String = chars[..start].iter().collect();
            let head = head.strip_suffix('度').unwrap_or(&head);
            if let Some(year_at) = head.strip_suffix('年').and_then(|h| {
                let digits = h.chars().rev().take_while(char::is_ascii_digit).count();
                let era = &h[..h.len() - digits];
                (digits > 0 && (era.ends_with("令和") || era.ends_with("平成")))
                    .then(|| era.chars().count() - 2)
            }) {
                start = year_at;
            }
        }
    }
    let printed: String = chars[start..end].iter().collect();
    let title = title_after(chars, end);
    Some((
        Ref::Number {
            key: printed.clone(),
            printed,
            title,
        },
        end,
    ))
}

/// The bills strictly between `first` and `last` when both are numbered
/// the same way (第48号議案 … 第50号議案 gives 第49号議案), with `first`.
fn numbers_between(first: &Ref, last: &Ref) -> Vec<Ref> {
    let (Ref::Number { key: a, .. }, Ref::Number { key: b, .. }) = (first, last) else {
        return Vec::new();
    };
    let split = |key: &str| {
        let start = key.find(|c: char| c.is_ascii_digit())?;
        let end = start + key[start..].find(|c: char| !c.is_ascii_digit())?;
        Some((
            key[..start].to_string(),
            key[start..end].parse::<u32>().ok()?,
            key[end..].to_string(),
        ))
    };
    let (Some((head, from, tail)), Some((head_b, to, tail_b))) = (split(a), split(b)) else {
        return Vec::new();
    };
    if head != head_b || tail != tail_b || from >= to || to - from > 100 {
        return Vec::new();
    }
    let mut refs = vec![first.clone()];
    for n in from + 1..to {
        let key = format!("{head}{n}{tail}");
        refs.push(Ref::Number {
            key: key.clone(),
            printed: key,
            title: String::new(),
        });
    }
    refs
}

/// A label or number with its digits normalized: full-width digits and
/// brackets to ASCII, kanji numerals to digits, spaces removed
/// (`日程第十三` → `日程第13`, `（１）` → `(1)`).
pub fn normalize_label(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut numeral = String::new();
    let flush = |numeral: &mut String, out: &mut String| {
        if numeral.is_empty() {
            return;
        }
        match kanji_to_digits(numeral) {
            Some(digits) => out.push_str(&digits),
            None => out.push_str(numeral),
        }
        numeral.clear();
    };
    let chars: Vec<char> = text.chars().collect();
    for (i, &c) in chars.iter().enumerate() {
        // Kanji numerals count only after 第 or before 号/年 (not 一括, 一般).
        if is_kanji_numeral(c) && numeral_context(&chars, i) {
            numeral.push(c);
            continue;
        }
        flush(&mut numeral, &mut out);
        match c {
            c if is_full_width_digit(c) => out.push(ascii_digit(c)),
            '（' => out.push('('),
            '）' => out.push(')'),
            c if c.is_whitespace() => {}
            c => out.push(c),
        }
    }
    flush(&mut numeral, &mut out);
    out
}

/// True when the numeral at `i` is part of a number: its run follows 第 or
/// 和/成 (令和, 平成), or is followed by 号, 年 or 第 (一七第三三号).
fn numeral_context(chars: &[char], i: usize) -> bool {
    let mut start = i;
    while start > 0 && is_kanji_numeral(chars[start - 1]) {
        start -= 1;
    }
    let mut end = i;
    while end < chars.len() && is_kanji_numeral(chars[end]) {
        end += 1;
    }
    let before = start.checked_sub(1).map(|b| chars[b]);
    let after = chars.get(end).copied();
    matches!(before, Some('第' | '和' | '成')) || matches!(after, Some('号' | '年' | '第' | '件'))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn titles_as_the_chair_quotes_them() {
        // 東京都's committee lists, and the chair's words.
        assert_eq!(
            quoted_title(
                "東京二〇二〇大会のシティドレッシング・大規模展示物の概要（案）について（説明・質疑）"
            ),
            "東京二〇二〇大会のシティドレッシング・大規模展示物の概要案"
        );
        assert_eq!(
            quoted_title("市場問題プロジェクトチーム(第八回会議)について（説明・質疑）"),
            comparable("市場問題プロジェクトチーム第八回会議")
        );
        assert_eq!(quoted_title("報告事項（質疑）"), "報告事項");
        assert_eq!(
            counted_after("について外三件の報告を聴取いたします。"),
            Counted::More(3)
        );
        assert_eq!(
            counted_after("四件に対する質疑を一括して行います。"),
            Counted::Under(4)
        );
        assert_eq!(
            counted_after("についての報告を聴取いたします。"),
            Counted::None
        );
        assert!(takes_up_by_title(
            "報告事項、開催都市マークについて外三件に対する質疑を一括して行います。"
        ));
        assert!(!takes_up_by_title(
            "また、質疑の内容につきましては、本日議題となっております報告事項の範囲内としていただきますよう、ご協力をお願いいたします。"
        ));
        assert!(!takes_up_by_title(
            "以上で参考人からの意見聴取はこれをもって終了いたします。"
        ));
        assert!(!takes_up_by_title(
            "本件につきましては、既に説明を聴取しております。"
        ));
        assert_eq!(
            comparable("ラグビーワールドカップ二〇一九™における東京都"),
            comparable("ラグビーワールドカップ二〇一九における東京都")
        );
        assert!(!is_attendance_notice("二〇二〇ＴＤＭ推進プロジェクト"));
        assert!(is_attendance_notice("理事者の欠席"));
    }

    #[test]
    fn labels_ranges_and_numbers() {
        assert_eq!(normalize_label("日程第十三"), "日程第13");
        assert_eq!(normalize_label("（１）第５１号議案"), "(1)第51号議案");
        assert_eq!(normalize_label("一括議題"), "一括議題");
        let labels = |text: &str| -> Vec<String> {
            refs_in(text)
                .into_iter()
                .filter_map(|r| match r {
                    Ref::Label { key, .. } => Some(key),
                    _ => None,
                })
                .collect()
        };
        assert_eq!(
            labels("日程第一及び第二は総務委員会に、日程第三は文教委員会に付託"),
            ["日程第1", "日程第2", "日程第3"]
        );
        assert_eq!(labels("日程第１、第５号議案を議題とします"), ["日程第1"]);
        let range = labels(
            "日程第２、議案第１２号から日程第５、議案第１５号に至る議案４件を一括議題といたします。",
        );
        assert_eq!(range, ["日程第2", "日程第5", "日程第3", "日程第4"]);
        let refs = refs_in("日程第１から日程第３までの３件を一括議題に供します。");
        assert_eq!(refs.len(), 3);
        let refs = refs_in(
            "まず、(10)第５１号議案、荏原保健センター等複合施設大規模改修工事請負契約を議題に供します。",
        );
        assert_eq!(
            refs[0],
            Ref::Committee {
                key: "(10)".into(),
                number: Some("第51号議案".into()),
                title: "荏原保健センター等複合施設大規模改修工事請負契約".into(),
            }
        );
        let refs = refs_in("まず、(1)令和５年請願第５号 安保関連３文書");
        assert!(
            matches!(&refs[0], Ref::Committee { number: Some(n), .. } if n == "令和5年請願第5号")
        );
        let refs =
            refs_in("日程第41議案第171号「令和６年度青森市一般会計補正予算」を議題といたします。");
        assert!(matches!(&refs[1], Ref::Number { key, .. } if key == "議案第171号"));
        let said =
            announcement("これより日程に入ります。日程第一、議長の選挙を行います。").unwrap();
        assert!(
            matches!(&said.refs[0], Ref::Label { key, title, .. } if key == "日程第1" && title == "議長の選挙")
        );
        assert!(announcement("質疑を行います。").is_none());
        let range =
            refs_in("第48号議案から第50号議案までの３議案は、可決すべきものと決定いたしました。");
        let keys: Vec<&str> = range
            .iter()
            .filter_map(|r| match r {
                Ref::Number { key, .. } => Some(key.as_str()),
                _ => None,
            })
            .collect();
        assert_eq!(keys, ["第48号議案", "第49号議案", "第50号議案"]);
    }
}
