//! Council minutes as text (kensakusystem exports, and what HTML pages
//! reduce to): turns opened by ○ ◯ 〇 ◆ ◎, a header with 開催日 and 会議名,
//! attendance lists, and 日程第N announced by the chair.

use kaigiroku_core::analysis::is_digit;

use kaigiroku_core::dates::parse_date;
use kaigiroku_core::model::{Attendee, Meeting, SpeechKind};

use super::builder::MeetingBuilder;
use super::common::compact;
use crate::speaker::{is_position, printed};

pub(crate) const TURN_MARKS: [char; 5] = ['○', '◯', '〇', '◆', '◎'];

/// True when `text` has council-style turns.
pub fn detect(text: &str) -> bool {
    text.lines()
        .filter(|line| turn(line).is_some())
        .take(2)
        .count()
        >= 1
}

pub fn read(text: &str, mut meeting: Meeting) -> Result<Meeting, String> {
    let mut group: Option<String> = None;
    let mut lines = text.lines().peekable();
    let mut preamble = Vec::new();
    // The preamble: header, 議事日程 and attendance, up to the first turn.
    while let Some(line) = lines.next_if(|line| turn(line).is_none()) {
        preamble.push(line);
        let key = compact(line);
        if let Some(date) = key.strip_prefix("開催日：") {
            meeting.date = parse_date(date).map(|d| d.to_iso()).unwrap_or_default();
        } else if let Some(title) = line.trim().strip_prefix("会議名：") {
            meeting.title = title.trim().to_string();
        } else if let Some(name) = attendance_group(&key) {
            group = Some(name);
        } else if key.is_empty() || key.starts_with('―') || key.starts_with('─') {
            group = None;
        } else if let Some(group) = &group {
            meeting.attendees.extend(attendees(line, group));
        }
    }
    // Minutes without 開催日： and 会議名： (PDFs, Word files, pages) print
    // the meeting's name and its date as lines of the header.
    if meeting.date.is_empty()
        && let Some(date) = preamble.iter().find_map(|line| date_in(line))
    {
        meeting.date = date;
    }
    if meeting.title.is_empty()
        && let Some(title) = preamble.iter().map(|l| compact(l)).find(|l| is_title(l))
    {
        meeting.title = title;
    }
    if meeting.body.is_empty() {
        meeting.body = body_of(&meeting.title);
    }
    if meeting.municipality.is_empty() {
        meeting.municipality = crate::municipality::Municipalities::bundled()
            .mentioned_in(text)
            .map(|m| m.name.clone())
            .unwrap_or_default();
    }

    let mut builder = MeetingBuilder::new(meeting);
    // The preamble is the record's header: the agenda pass reads its
    // 議事日程 (wrapped titles, the bills under each 日程) as it reads every
    // format's.
    let header = preamble.join("\n");
    if !header.trim().is_empty() {
        builder.add(SpeechKind::Header, None, header.trim_matches('\n'));
    }
    for line in lines {
        if let Some((label, said)) = turn(line) {
            if is_note(said) {
                // ◯議会運営委員長（神長基子）〔登壇〕: the turn opens with a note.
                builder.add(SpeechKind::Narration, None, said);
                builder.start(SpeechKind::Speech, Some(printed(label)), "");
            } else {
                builder.start(SpeechKind::Speech, Some(printed(label)), said);
            }
            continue;
        }
        let trimmed = line.trim();
        if trimmed.starts_with('〔') && trimmed.ends_with('〕') || is_time_line(trimmed) {
            let speaker = builder.open_speaker().cloned();
            builder.add(SpeechKind::Narration, None, trimmed);
            // The speech goes on after 〔…登壇〕: reopen it under its speaker.
            if let Some(speaker) = speaker {
                builder.start(SpeechKind::Speech, Some(speaker), "");
            }
            continue;
        }
        if trimmed.starts_with("――") || trimmed.starts_with("──") {
            // A rule opens the headings the chair's voice ends with (日程第１
            // …): they stay in it, on lines of their own, for the agenda pass.
            builder.append_line(trimmed);
            continue;
        }
        builder.append(line);
    }
    let mut meeting = builder.finish();
    // A page without a header: a meeting chaired by a 議長 is a plenary.
    let chaired_by_speaker = meeting
        .speeches
        .iter()
        .find_map(|s| s.speaker.as_ref())
        .is_some_and(|s| s.label.starts_with("議長") || s.label.ends_with("議長）"));
    if meeting.body.is_empty() && chaired_by_speaker {
        meeting.body = "本会議".into();
    }
    Ok(meeting)
}

/// `○議長（清野一榮議員）　これより…` → (label, text). Headings such as
/// `○議事日程` (no text) are not turns.
pub fn turn(line: &str) -> Option<(&str, &str)> {
    let rest = line.trim_start().strip_prefix(TURN_MARKS)?;
    let Some((mut label, said)) = rest
        .split_once(['　', ' '])
        .filter(|(_, said)| !said.trim().is_empty())
    else {
        return label_alone(rest.trim_end());
    };
    let mut said = said.trim_start_matches(['　', ' ']);
    // 保健福祉部長（堀田　昇）: a space inside the parentheses is the name's.
    if label.matches(['（', '(']).count() > label.matches(['）', ')']).count()
        && let Some(close) = said.find(['）', ')'])
        && !said[..close].contains(['。', '、'])
    {
        let close_len = said[close..].chars().next().map_or(0, char::len_utf8);
        let end = said.as_ptr() as usize - rest.as_ptr() as usize + close + close_len;
        label = &rest[..end];
        said = rest[end..].trim_start_matches(['　', ' ']);
    }
    // ○塩田　委員長　　…: a title after one space still belongs to the label.
    if let Some((word, after)) = said.split_once(['　', ' '])
        && !after.trim().is_empty()
        && is_position(word)
        && !is_position(label)
    {
        let end = word.as_ptr() as usize - rest.as_ptr() as usize + word.len();
        label = &rest[..end];
        said = after.trim_start_matches(['　', ' ']);
    }
    if said.is_empty() {
        return label_alone(label);
    }
    if label.is_empty() || label.chars().count() > 30 || label.contains(['。', '、']) {
        return None;
    }
    Some((label, said))
}

/// A label on a line of its own, the speech on the lines after it, as
/// pages and PDFs print turns: `◯議長（高瀬博文）`, or with a note,
/// `◯議会運営委員長（神長基子）〔登壇〕` → (label, note). Only a label with a
/// name in parentheses: headings such as `○議事日程` or `○出席議員` are not
/// turns.
fn label_alone(rest: &str) -> Option<(&str, &str)> {
    let (label, note) = match rest.find('〔') {
        Some(at) if rest.ends_with('〕') => (&rest[..at], &rest[at..]),
        _ => (rest, ""),
    };
    let Some(open) = label.find(['（', '(']) else {
        // ○関根義孝教育長: a name run into its title, not a heading
        // (○出席議員, ○説明のため出席した者).
        const HEADINGS: [&str; 7] = ["出席", "欠席", "説明", "職務", "本日", "議事", "会議"];
        let named = crate::speaker::titled(label)
            && label.chars().count() <= 16
            && !label.contains(['　', ' ', '。', '、'])
            && !HEADINGS.iter().any(|h| label.starts_with(h));
        return named.then_some((label, note));
    };
    let name = label[open..]
        .trim_start_matches(['（', '('])
        .strip_suffix(['）', ')'])?;
    let well_formed = open > 0
        && !name.trim().is_empty()
        && !name.contains(['（', '(', '）', ')'])
        && label.chars().count() <= 30
        && !label.contains(['。', '、'])
        && !label[..open].contains(['　', ' ']);
    well_formed.then_some((label, note))
}

/// The first full 和暦 date of a line, as ISO: `令和６年３月５日（火曜日）`.
fn date_in(line: &str) -> Option<String> {
    let line = compact(line);
    let start = ["令和", "平成", "昭和"]
        .iter()
        .filter_map(|era| line.find(era))
        .min()?;
    let year_end = start + line[start..].find('年')? + '年'.len_utf8();
    // 「令和７年第１回定例会（第１日　２月１７日）」: the month and day may
    // come after other words.
    let rest = &line[year_end..];
    let month_day = rest.char_indices().find_map(|(at, c)| {
        if !is_digit(c) || rest[..at].ends_with(is_digit) {
            return None;
        }
        let tail = &rest[at..];
        let month = tail.find('月')?;
        let day = month + tail[month..].find('日')?;
        let digits = |s: &str| !s.is_empty() && s.chars().all(is_digit);
        (digits(&tail[..month]) && digits(&tail[month + '月'.len_utf8()..day]))
            .then(|| &tail[..day + '日'.len_utf8()])
    })?;
    let date = parse_date(&format!("{}{month_day}", &line[start..year_end])).ok()?;
    date.day.is_some().then(|| date.to_iso())
}

/// A header line that names the meeting: 「令和６年第１回音更町議会定例会会議録」,
/// 「総務委員会記録」.
fn is_title(line: &str) -> bool {
    ["定例会", "臨時会", "委員会", "会議録"]
        .iter()
        .any(|word| line.contains(word))
        && line.chars().count() <= 40
        && !line.starts_with(['〔', '（', '('])
        && !line.starts_with("出席")
        && !line.starts_with("日程")
}

/// A note of the record: 〔登壇〕, 〔「異議なし」と呼ぶ者あり〕.
fn is_note(text: &str) -> bool {
    text.starts_with('〔') && text.ends_with('〕')
}

/// `午後１時開議`, `午前10時31分　散会`: the record's clock, not a speech.
fn is_time_line(line: &str) -> bool {
    let compact = compact(line);
    (compact.starts_with("午前") || compact.starts_with("午後") || compact.starts_with("○午"))
        && ["開議", "散会", "休憩", "再開", "開会", "閉会", "延会"]
            .iter()
            .any(|w| compact.ends_with(w))
        && compact.chars().count() <= 16
}

fn attendance_group(key: &str) -> Option<String> {
    const GROUPS: [&str; 8] = [
        "出席議員",
        "欠席議員",
        "出席委員",
        "欠席委員",
        "出席説明員",
        "地方自治法第121条による出席者",
        "出席事務局職員",
        "区議会事務局",
    ];
    let key = key.trim_start_matches(|c: char| is_digit(c) || c == '　');
    GROUPS
        .iter()
        .find(|g| key.starts_with(*g))
        .map(|g| g.to_string())
}

/// The people on one line of an attendance list. Members come with seat
/// numbers (`１番　後　藤　さちこ`); officials as position then name.
fn attendees(line: &str, group: &str) -> Vec<Attendee> {
    let mut found = Vec::new();
    if line.contains('番') && line.chars().any(is_digit) {
        // Split before every seat number.
        let mut current = String::new();
        let mut entries = Vec::new();
        let chars: Vec<char> = line.chars().collect();
        let mut i = 0;
        while i < chars.len() {
            if is_digit(chars[i]) && (i == 0 || !is_digit(chars[i - 1])) {
                let mut j = i;
                while j < chars.len() && is_digit(chars[j]) {
                    j += 1;
                }
                if chars.get(j) == Some(&'番') {
                    entries.push(std::mem::take(&mut current));
                    i = j + 1;
                    continue;
                }
            }
            current.push(chars[i]);
            i += 1;
        }
        entries.push(current);
        for entry in entries.into_iter().skip(1) {
            let name = compact(&entry);
            let name = name.strip_suffix("議員").unwrap_or(&name).to_string();
            if !name.is_empty() {
                found.push(Attendee {
                    name,
                    position: Some("議員".into()),
                    group: Some(group.into()),
                });
            }
        }
        return found;
    }
    // Officials: chunks separated by two or more spaces; a chunk that is a
    // position starts a new person, the chunks after it spell the name.
    let mut position: Option<String> = None;
    let mut name = String::new();
    let spaced = line.replace('　', " ");
    for chunk in spaced.split("  ").map(str::trim).filter(|c| !c.is_empty()) {
        let chunk = compact(chunk);
        if chunk.starts_with('（') {
            continue;
        }
        if is_position(&chunk) {
            if position.is_some() || !name.is_empty() {
                found.push(Attendee {
                    name: std::mem::take(&mut name),
                    position: position.take(),
                    group: Some(group.into()),
                });
            }
            position = Some(chunk);
        } else {
            name.push_str(&chunk);
        }
    }
    if position.is_some() || !name.is_empty() {
        found.push(Attendee {
            name,
            position,
            group: Some(group.into()),
        });
    }
    found
}

/// The body of a meeting from its title: plenary sessions (定例会, 臨時会)
/// are 本会議; committees keep their name.
pub fn body_of(title: &str) -> String {
    let title = compact(title);
    if title.contains("定例会") || title.contains("臨時会") || title.contains("本会議") {
        return "本会議".into();
    }
    let without_year = match title.find('年') {
        Some(at) if at <= 12 => title[at + '年'.len_utf8()..].to_string(),
        _ => title.clone(),
    };
    without_year
        .split(['（', '('])
        .next()
        .unwrap_or("")
        .to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_space_inside_the_parentheses_stays_in_the_label() {
        assert_eq!(
            turn("○保健福祉部長（堀田　昇）　お答えいたします。"),
            Some(("保健福祉部長（堀田　昇）", "お答えいたします。"))
        );
        assert_eq!(
            turn("○議長（清野一榮議員）　これより会議を開きます。"),
            Some(("議長（清野一榮議員）", "これより会議を開きます。"))
        );
    }

    #[test]
    fn a_label_on_a_line_of_its_own_opens_a_turn() {
        assert_eq!(turn("◯議長（高瀬博文）"), Some(("議長（高瀬博文）", "")));
        assert_eq!(
            turn("◯保健福祉部長（堀田　昇）"),
            Some(("保健福祉部長（堀田　昇）", ""))
        );
        assert_eq!(
            turn("◯議会運営委員長（神長基子）〔登壇〕"),
            Some(("議会運営委員長（神長基子）", "〔登壇〕"))
        );
        assert_eq!(turn("○関根義孝教育長"), Some(("関根義孝教育長", "")));
        for heading in [
            "○議事日程　　",
            "○出席議員",
            "○本日の会議に付した事件",
            "○説明のため出席した者",
            "◎会議録署名議員の指名",
        ] {
            assert_eq!(turn(heading), None, "{heading}");
        }
    }
}
