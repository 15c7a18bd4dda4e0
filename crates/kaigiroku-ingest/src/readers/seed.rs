//! Minutes of executive bodies in the seed's style (豊島区 行政情報化推進本部):
//! a tab-separated header table, then turns `本部長：…`, agenda headings
//! `議案（1）…`, narration `〔…〕`, `【要旨】` summaries and decisions
//! `—議題について案のとおり承認—`.

use kaigiroku_core::dates::parse_date;
use kaigiroku_core::model::{Attendee, Meeting, Speaker, SpeechKind};

use super::builder::MeetingBuilder;
use super::common::{agenda_heading, compact, decision_outcome, split_municipality, times};
use crate::speaker::{is_position, printed};

/// True when `text` looks like the seed's style.
pub fn detect(text: &str) -> bool {
    text.lines()
        .take(30)
        .any(|line| compact(line).contains("会議体の名称"))
}

/// The meeting of a file in the seed's style: the header table, then the
/// turns up to the list of documents handed out.
pub fn read(text: &str, mut meeting: Meeting) -> Result<Meeting, String> {
    let mut lines = text.lines();
    read_header(&mut lines, &mut meeting);
    Ok(read_turns(lines, meeting))
}

/// The header table: `key<TAB>…<TAB>value`, keys letter-spaced (`議 題`), up
/// to the first blank line once the title and attendees are known.
fn read_header<'a>(lines: &mut impl Iterator<Item = &'a str>, meeting: &mut Meeting) {
    // The 出席者 group in force: its later rows have an empty key.
    let mut group: Option<String> = None;
    for line in lines {
        if line.trim().is_empty() && !meeting.title.is_empty() && !meeting.attendees.is_empty() {
            break;
        }
        header_row(line, meeting, &mut group);
    }
}

/// One row of the header table, into `meeting`.
fn header_row(line: &str, meeting: &mut Meeting, group: &mut Option<String>) {
    let cells: Vec<&str> = line.split('\t').collect();
    let key = compact(cells[0]);
    let value = cells
        .iter()
        .skip(1)
        .rev()
        .find(|c| !c.trim().is_empty())
        .map_or("", |c| c.trim());
    match key.as_str() {
        k if k.contains("会議体の名称") => {
            meeting.title = value.to_string();
            let (municipality, body) = split_municipality(value);
            meeting.municipality = municipality;
            meeting.body = body;
        }
        "開催日時" => set_when(value, meeting),
        "開催場所" => meeting.place = Some(value.to_string()),
        "公開の可否" if cells.get(1).is_some_and(|c| compact(c) == "会議") => {
            meeting.disclosure = checked_option(line);
        }
        "出席者" | "" if cells.len() >= 3 && (key == "出席者" || group.is_some()) => {
            let group_name = compact(cells[1]);
            add_attendees(&group_name, value, meeting);
            *group = Some(group_name);
        }
        _ => {}
    }
}

/// `令和4年1月26日(水) 11:10～11:59`: the date and the times.
fn set_when(value: &str, meeting: &mut Meeting) {
    let date_part = value.split([' ', '　']).next().unwrap_or("");
    meeting.date = parse_date(date_part)
        .map(|d| d.to_iso())
        .unwrap_or_default();
    let found = times(value);
    meeting.start_time = found.first().cloned();
    meeting.end_time = found.get(1).cloned();
}

/// `副区長(本部長)、総務部長、…`: positions listed under `group`.
fn add_attendees(group: &str, value: &str, meeting: &mut Meeting) {
    for entry in value.split('、').filter(|e| !e.trim().is_empty()) {
        meeting.attendees.push(Attendee {
            name: String::new(),
            position: Some(entry.trim().to_string()),
            group: Some(group.to_string()),
        });
    }
}

/// The turns after the header, up to `提出された資料`.
fn read_turns<'a>(lines: impl Iterator<Item = &'a str>, meeting: Meeting) -> Meeting {
    let mut turns = Turns {
        builder: MeetingBuilder::new(meeting),
        summary_speaker: None,
    };
    for line in lines.map(str::trim).filter(|line| !line.is_empty()) {
        if line.starts_with("提出された資料") {
            break;
        }
        turns.line(line);
    }
    turns.builder.finish()
}

/// The body of the minutes as it is read, line by line.
struct Turns {
    builder: MeetingBuilder,
    /// Who explained last (`〔事務局：…を説明〕`): the speaker of a `【要旨】`
    /// that follows.
    summary_speaker: Option<Speaker>,
}

impl Turns {
    /// One trimmed, non-empty line.
    fn line(&mut self, line: &str) {
        let builder = &mut self.builder;
        if let Some(end) = line.strip_prefix('[').and_then(|l| l.strip_suffix("終了]")) {
            builder.meeting.end_time = times(end).first().cloned();
        } else if let Some((label, title)) = agenda_heading(line) {
            builder.agenda(&label, &title);
        } else if let Some(inner) = line.strip_prefix('〔').and_then(|l| l.strip_suffix('〕')) {
            // 〔事務局：「…」を説明〕: who explained, and what.
            let speaker = inner.split_once('：').map(|(who, _)| printed(who));
            self.summary_speaker = speaker.clone();
            builder.add(SpeechKind::Narration, speaker, inner);
        } else if line == "【要旨】" {
            builder.start(SpeechKind::Summary, self.summary_speaker.clone(), "");
        } else if matches!(
            compact(line).as_str(),
            "(質疑)" | "（質疑）" | "(質疑なし)" | "（質疑なし）"
        ) {
            builder.close();
        } else if let Some(outcome) = decision_outcome(line) {
            builder.add(
                SpeechKind::Decision,
                None,
                line.trim_matches(['—', '－', '-', '―']),
            );
            builder.outcome(&outcome);
        } else if let Some((label, said)) = turn(line) {
            builder.start(SpeechKind::Speech, Some(printed(label)), said);
        } else if builder.is_open() {
            builder.append(line);
        } else {
            builder.add(SpeechKind::Narration, None, line);
        }
    }
}

/// `本部長：…`, `デジタル化推進員：…`, or `本部長 ただいまより…`.
fn turn(line: &str) -> Option<(&str, &str)> {
    if let Some((label, said)) = line.split_once('：')
        && label.chars().count() <= 16
        && !label.contains(['。', '、', '「'])
    {
        return Some((label.trim(), said));
    }
    let (label, said) = line.split_once([' ', '　'])?;
    is_position(label).then_some((label, said))
}

/// The option ticked in `<input checked="" type="checkbox"/> 非公開`.
fn checked_option(line: &str) -> Option<String> {
    let after = line.split("checked").nth(1)?;
    let after = after.split_once("/>")?.1;
    let option = after.split('<').next()?.trim();
    (!option.is_empty()).then(|| option.to_string())
}
