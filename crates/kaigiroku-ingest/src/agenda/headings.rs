//! Items printed as headings: blocks between rule lines in a presiding
//! officer's voice, and the day's list (議事日程) in a header.
//!
//! ```text
//! ────────            ────────                     第一　第百二十八号議案
//! 日程第１            １ 議案審査                       東京都知事の給料等の…
//! 第36号議案 職員の…   (10)第５１号議案 荏原保健…      第二　…
//! ────────
//! ```

use super::refs::normalize_label;
use kaigiroku_core::analysis::is_digit;

/// An item as a list or heading prints it.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Entry {
    pub label: String,
    pub title: String,
    pub number: Option<String>,
    /// The plan's section (議案審査, 請願・陳情審査, 報告事項) for (N) items.
    pub section: Option<String>,
}

impl Entry {
    /// What the item is found by: the label with digits normalized, after
    /// its section (a plan's (1) restarts in every section).
    pub fn key(&self) -> String {
        let section = self.section.as_deref().map(normalize_label);
        format!(
            "{}{}",
            section.unwrap_or_default(),
            normalize_label(&self.label)
        )
    }
}

/// A block of headings and where it sits in the voice.
#[derive(Debug, Clone)]
pub struct Block {
    pub entries: Vec<Entry>,
    /// Nothing but rules follows it: a plan for what comes next.
    pub at_end: bool,
    /// Byte range in the voice.
    start: usize,
    end: usize,
}

/// A line made only of rule characters (`────`, `－－－`, `━━━`).
fn is_rule(line: &str) -> bool {
    let line = line.trim();
    line.chars().count() >= 5
        && line
            .chars()
            .all(|c| matches!(c, '─' | '━' | '―' | '－' | '-' | '＝' | '=' | '・'))
        && line.chars().any(|c| c != '・')
}

/// The heading blocks of a voice: the lines after a rule line, up to the
/// next rule or the end, when they print items.
pub fn heading_blocks(text: &str) -> Vec<Block> {
    let mut lines = Vec::new();
    let mut at = 0;
    for line in text.split_inclusive('\n') {
        lines.push((at, line));
        at += line.len();
    }
    let mut blocks = Vec::new();
    let mut index = 0;
    while index < lines.len() {
        if !is_rule(lines[index].1) {
            index += 1;
            continue;
        }
        let start = lines[index].0;
        let mut end_index = index + 1;
        while end_index < lines.len() && !is_rule(lines[end_index].1) {
            end_index += 1;
        }
        let body: Vec<&str> = lines[index + 1..end_index]
            .iter()
            .map(|(_, l)| *l)
            .collect();
        let end = lines
            .get(end_index)
            .map_or(text.len(), |(at, line)| at + line.len());
        let entries = entries(&body);
        if !entries.is_empty() {
            let rest = &text[end.min(text.len())..];
            let at_end = rest.lines().all(|l| l.trim().is_empty() || is_rule(l));
            // A rule that closes one block and opens the next belongs to the
            // first: blocks never overlap.
            let start = blocks.last().map_or(start, |b: &Block| start.max(b.end));
            blocks.push(Block {
                entries,
                at_end,
                start,
                end,
            });
        }
        index = end_index;
    }
    blocks
}

/// `text` without its heading blocks.
pub fn without_blocks(text: &str, blocks: &[Block]) -> String {
    let mut out = String::with_capacity(text.len());
    let mut copied = 0;
    for block in blocks {
        if let Some(between) = text.get(copied..block.start) {
            out.push_str(between);
        }
        copied = copied.max(block.end);
    }
    out.push_str(&text[copied.min(text.len())..]);
    out
}

/// The day's list in a header: `第一　第百二十八号議案⏎　　title`,
/// `日程第１⏎　title`, `第４　議案第１号　title`; `…追加の一` lists are 追加日程.
pub fn schedule(text: &str) -> Vec<Entry> {
    let mut found: Vec<Entry> = Vec::new();
    let mut prefix = "";
    let mut open = false;
    // 本日の会議に付した事件 (東京都's committees, the Diet): a topic a line,
    // or a topic a 「一、」 with its lines wrapped.
    let mut topics = false;
    let mut marked_list = false;
    for line in text.lines() {
        let trimmed = line.trim();
        if trimmed.contains("本日の会議に付した") {
            topics = true;
            open = false;
            continue;
        }
        if topics {
            // The list ends at a blank line, another section (○…), a rule,
            // the roll call, or 「議事日程のとおり」 (nothing listed).
            let ends = (trimmed.is_empty() && found.iter().any(|e| e.number.is_none()))
                || line
                    .trim_start()
                    .starts_with(['○', '◯', '〇', '◎', '─', '―'])
                || is_roll(trimmed)
                || trimmed.starts_with("議事日程")
                || trimmed.contains("　　　");
            if ends {
                topics = false;
            } else if marked_list && !starts_topic(trimmed) {
                // 一、地方交付税法及び特別会計に関する法律の⏎　　一部を改正する…:
                // the Diet wraps its lines.
                if let Some(entry) = found.last_mut() {
                    entry.title.push_str(trimmed);
                    entry.label = entry.title.clone();
                }
            } else if let Some(entry) = topic_line(trimmed) {
                marked_list |= trimmed.starts_with("一、");
                found.push(entry);
            }
            continue;
        }
        // 「議　事　日　程」: letter-spaced headings too.
        if trimmed.replace(['　', ' '], "").contains("議事日程") {
            prefix = if trimmed.contains("追加") {
                "追加"
            } else {
                ""
            };
            open = false;
            continue;
        }
        if let Some((n, rest)) = schedule_label(trimmed) {
            let mut entry = Entry {
                label: format!("{prefix}日程第{n}"),
                ..Entry::default()
            };
            set_title(&mut entry, rest);
            found.push(entry);
            open = true;
            continue;
        }
        let indented = line.starts_with(['　', ' ', '\t']);
        // The roll call that follows the list is not a title, and a rule
        // (━━━) ends the list.
        if is_roll(trimmed) || is_rule(trimmed) {
            open = false;
        }
        // 第一　第百三十一号議案⏎平成二十九年度…補正予算（第二号）: a number
        // on the label's line, its title on the next, indented or not.
        let awaiting_title = found
            .last()
            .is_some_and(|e| e.title.is_empty() && e.number.is_some());
        if open && !trimmed.is_empty() && (indented || awaiting_title) {
            if let Some(entry) = found.last_mut() {
                match bill_line(trimmed) {
                    // 第４　議案第１号　…⏎　　　議案第２号　…: each bill of a
                    // 日程 is an item of its own, under the same label.
                    Some(_) if !entry.title.is_empty() => {
                        let mut bill = Entry {
                            label: entry.label.clone(),
                            section: entry.section.clone(),
                            ..Entry::default()
                        };
                        set_title(&mut bill, trimmed);
                        found.push(bill);
                    }
                    _ => continue_title(entry, trimmed),
                }
            }
        } else {
            open = false;
        }
    }
    found
}

/// A line that opens an entry of a marked topic list.
fn starts_topic(line: &str) -> bool {
    line.starts_with("一、") || line.starts_with(['・', '(', '（'])
}

/// A line of the roll call (出席議員, 欠席委員, …君, 午前十時開議).
fn is_roll(line: &str) -> bool {
    ["出席", "欠席", "説明員", "午前", "午後"]
        .iter()
        .any(|w| line.starts_with(w))
        || line.ends_with('君')
}

/// A line of a topic list: `（１）一七第三三号　…請願`, `・…について`,
/// `一、…法律案（内閣提出）`, or a topic on its own.
fn topic_line(line: &str) -> Option<Entry> {
    let line = line.trim_start_matches(['・', '○', '◯']);
    if line.is_empty() || line.starts_with("議事日程") || line.chars().count() > 120 {
        return None;
    }
    if let Some((n, rest)) = plan_item(line) {
        let mut entry = Entry {
            label: format!("({n})"),
            ..Entry::default()
        };
        set_title(&mut entry, rest);
        return Some(entry);
    }
    let line = line
        .strip_prefix("一、")
        .or_else(|| line.strip_prefix("一　"))
        .unwrap_or(line);
    if line.contains("日程第") {
        // 「一、日程第一及び第二」 repeats items of the 議事日程.
        return None;
    }
    Some(Entry {
        label: line.to_string(),
        title: line.to_string(),
        ..Entry::default()
    })
}

/// `第一　title`, `日程第１`, `日程第１　title` → (number, rest).
fn schedule_label(line: &str) -> Option<(String, &str)> {
    let rest = line.strip_prefix("日程").unwrap_or(line);
    let bare_label = rest.len() != line.len();
    // 「第　１　　会期について」: a one-digit number set under two-digit ones.
    let rest = rest.strip_prefix('第')?.trim_start_matches(['　', ' ']);
    let digits = leading_numeral(rest)?;
    let after = &rest[digits.len()..];
    let title = after.trim_start_matches(['　', ' ', '、']);
    if title.is_empty() {
        return bare_label.then_some((digits, ""));
    }
    if !after.starts_with(['　', ' ', '、']) {
        return None;
    }
    Some((digits, title))
}

/// The entries of a block's lines.
fn entries(lines: &[&str]) -> Vec<Entry> {
    let mut found: Vec<Entry> = Vec::new();
    let mut section: Option<String> = None;
    let mut section_has_items = false;
    let mut open = false;
    for raw in lines {
        let line = raw.trim();
        if line.is_empty() {
            continue;
        }
        if open
            && let Some(entry) = found.last_mut()
            && entry.title.is_empty()
            && schedule_line(line).is_none()
        {
            // 日程第１⏎第36号議案 職員の…: the title under its label.
            set_title(entry, line);
        } else if let Some((label, rest)) = schedule_line(line) {
            let mut entry = Entry {
                label,
                ..Entry::default()
            };
            set_title(&mut entry, rest.trim_end_matches(['～', '　', ' ']));
            found.push(entry);
            open = true;
        } else if let Some((n, rest)) = plan_item(line) {
            let mut entry = Entry {
                label: format!("({n})"),
                section: section.clone(),
                ..Entry::default()
            };
            set_title(&mut entry, rest);
            found.push(entry);
            section_has_items = true;
            open = true;
        } else if let Some(name) = section_line(line) {
            if let Some(previous) = section.take()
                && !section_has_items
            {
                found.push(section_entry(&previous));
            }
            section = Some(name.to_string());
            section_has_items = false;
            open = false;
        } else if let Some(number) = leading_number(line) {
            let mut entry = Entry {
                label: number.to_string(),
                section: section.clone(),
                ..Entry::default()
            };
            set_title(&mut entry, line);
            found.push(entry);
            section_has_items = true;
            open = true;
        } else if open && let Some(entry) = found.last_mut() {
            // A title wrapped onto the next line.
            continue_title(entry, line);
        }
    }
    if let Some(section) = section
        && !section_has_items
    {
        found.push(section_entry(&section));
    }
    found
}

/// A section of a plan with no numbered items (４ その他, １ 特定事件調査).
fn section_entry(section: &str) -> Entry {
    Entry {
        label: section.to_string(),
        title: section.to_string(),
        ..Entry::default()
    }
}

/// The number `text` starts with, in digits of either width or kanji.
fn leading_numeral(text: &str) -> Option<String> {
    let digits: String = text
        .chars()
        .take_while(|c| is_digit(*c) || kaigiroku_core::analysis::is_kanji_numeral(*c))
        .collect();
    (!digits.is_empty()).then_some(digits)
}

/// `日程第１`, `追加日程第１`, `日程第１、昨日に引き続き`, `日程14`,
/// `日程第１　議案第146号　…` → (label, the rest of the line).
fn schedule_line(line: &str) -> Option<(String, &str)> {
    let at = line.find("日程")?;
    let before = &line[..at];
    // 追加日程第１, 追加議事日程（二）日程第一, 追加日程（２）日程第１.
    if !(before.is_empty() || before.starts_with("追加")) || before.chars().count() > 10 {
        return None;
    }
    let rest = &line[at + "日程".len()..];
    let rest = rest.strip_prefix('第').unwrap_or(rest);
    let digits = leading_numeral(rest)?;
    let after = &rest[digits.len()..];
    let prefix = if before.is_empty() { "" } else { "追加" };
    let label = format!("{prefix}日程第{digits}");
    let after = after.trim_start_matches(['　', ' ']);
    if after.starts_with('、') {
        // 日程第１、昨日に引き続き: the title is on the next line.
        return Some((label, ""));
    }
    Some((label, after))
}

/// `(10)第５１号議案 …`, `（１） 令和５年請願第５号 …` → (number, rest).
fn plan_item(line: &str) -> Option<(String, &str)> {
    let rest = line.strip_prefix(['(', '（'])?;
    let digits: String = rest.chars().take_while(|c| is_digit(*c)).collect();
    if digits.is_empty() {
        return None;
    }
    let rest = rest[digits.len()..].strip_prefix([')', '）'])?;
    Some((
        normalize_label(&digits),
        rest.trim_start_matches(['　', ' ']),
    ))
}

/// `１ 議案審査`, `２．請願・陳情審査` → the section's name.
fn section_line(line: &str) -> Option<&str> {
    let digits = line
        .char_indices()
        .take_while(|(_, c)| is_digit(*c))
        .last()
        .map(|(at, c)| at + c.len_utf8())?;
    let rest = line[digits..].strip_prefix([' ', '　', '．', '.'])?;
    let rest = rest.trim_start_matches([' ', '　']);
    (!rest.is_empty() && rest.chars().count() <= 30 && !rest.contains('。')).then_some(rest)
}

/// A bill number that opens a line: `第８６号議案 …`, `平成２０年請願第１１号 …`.
fn leading_number(line: &str) -> Option<&str> {
    let end = line.find([' ', '　'])?;
    let head = &line[..end];
    let normalized = normalize_label(head);
    let is_number = (normalized.starts_with('第') && normalized.ends_with("号議案"))
        || ((normalized.contains("請願第") || normalized.contains("陳情第"))
            && normalized.ends_with('号'));
    is_number.then_some(head)
}

/// Splits a title line into the bill number and the title:
/// `第36号議案 職員の給与…` → (第36号議案, 職員の給与…);
/// `専決処分の報告について（報告第２３号）` keeps its title and gets 報告第２３号.
fn set_title(entry: &mut Entry, text: &str) {
    let text = text.trim();
    if text.is_empty() {
        return;
    }
    if let Some((number, title)) = spaced_number(text) {
        // 「議　　案　　第　９号　刑法等の…」: the number letter-spaced.
        entry.number.get_or_insert(number);
        entry.title = title.to_string();
        return;
    }
    if is_number(text) {
        // 第一　第百二十八号議案⏎　　title: the title follows.
        entry.number.get_or_insert_with(|| text.to_string());
        return;
    }
    let (number, title) = match text.split_once([' ', '　']) {
        Some((head, rest)) if is_number(head) => (Some(head.to_string()), rest.trim()),
        _ => (None, text),
    };
    let number = number.or_else(|| {
        // …について（報告第２３号）
        let inner = title.strip_suffix('）')?.rsplit_once('（')?.1;
        is_number(inner).then(|| inner.to_string())
    });
    if entry.number.is_none() {
        entry.number = number;
    }
    entry.title = title.to_string();
}

/// A line that opens with a bill or report number: `議案第２号　…`,
/// `報告第１号　…`, `第１２９号議案　…`.
fn bill_line(line: &str) -> Option<&str> {
    let head = line.split([' ', '　']).next()?;
    is_number(head).then_some(head)
}

/// A bill number set letter-spaced at the start of a line, and the title
/// after it: `議　　案　　第　９号　刑法…` → (議案第９号, 刑法…). Only where
/// spaces fall inside the number: a plain `議案第９号　…` is read by
/// [`set_title`] itself.
fn spaced_number(text: &str) -> Option<(String, &str)> {
    let mut number = String::new();
    for (at, c) in text.char_indices() {
        if matches!(c, '　' | ' ') {
            continue;
        }
        number.push(c);
        if number.chars().count() > 16 {
            return None;
        }
        let end = at + c.len_utf8();
        let closes = c == '号' && !text[end..].starts_with("議案");
        let closes = closes || number.ends_with("号議案");
        if closes {
            let spaced = text[..end].contains(['　', ' ']);
            let title = text[end..].trim_start_matches(['　', ' ']);
            return (spaced && is_number(&number) && !title.is_empty()).then_some((number, title));
        }
    }
    None
}

fn continue_title(entry: &mut Entry, line: &str) {
    if entry.title.is_empty() {
        set_title(entry, line);
    } else {
        // Titles are wrapped mid-word: join without a space.
        entry.title.push_str(line.trim());
    }
}

/// A bill or petition number on its own: 第３６号議案, 議案第146号,
/// 令和５年請願第５号, 報告第２３号, 第百二十八号議案, 市第54号議案.
fn is_number(text: &str) -> bool {
    let text = normalize_label(text);
    let ends = text.ends_with("号議案") || text.ends_with('号');
    ends && text.contains('第')
        && text.chars().count() <= 16
        && text.chars().any(|c| c.is_ascii_digit())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn letter_spaced_labels_and_numbers() {
        let header = "　議　事　日　程\n　第　１　　会期について\n　第　９　　議　　案　　第　８号　令和６年度葛飾区後期高齢者医療特別会計補正予\n　　　　　　　　　　　　　　　　　算（第２号）\n　第１０　　議　　案　　第　９号　刑法等の一部を改正する法律";
        let entries = schedule(header);
        let found: Vec<(&str, Option<&str>, &str)> = entries
            .iter()
            .map(|e| (e.label.as_str(), e.number.as_deref(), e.title.as_str()))
            .collect();
        assert_eq!(
            found,
            [
                ("日程第１", None, "会期について"),
                (
                    "日程第９",
                    Some("議案第８号"),
                    "令和６年度葛飾区後期高齢者医療特別会計補正予算（第２号）"
                ),
                (
                    "日程第１０",
                    Some("議案第９号"),
                    "刑法等の一部を改正する法律"
                ),
            ]
        );
    }

    #[test]
    fn blocks_lists_and_titles() {
        let plenary = "日程第１から日程第２までの２件を一括議題に供します。\n─────────\n日程第１\n第36号議案 職員の給与に関する条例の一部を改正する条\n例\n日程第２\n第37号議案 品川区手数料条例\n─────────";
        let blocks = heading_blocks(plenary);
        assert_eq!(blocks.len(), 1);
        assert_eq!(blocks[0].entries[0].label, "日程第１");
        assert_eq!(blocks[0].entries[0].number.as_deref(), Some("第36号議案"));
        assert_eq!(
            blocks[0].entries[0].title,
            "職員の給与に関する条例の一部を改正する条例"
        );
        assert!(blocks[0].at_end);
        let plan = "ただいまより…\n───────\n１ 議案審査\n(10)第５１号議案 荏原保健センター等複合施設大規模改修工事請負契約\n(5) 専決処分の報告について（報告第２３号）";
        let entries = &heading_blocks(plan)[0].entries;
        assert_eq!(entries[0].key(), "議案審査(10)");
        assert_eq!(entries[1].number.as_deref(), Some("報告第２３号"));
        // Two blocks that share a rule: no overlap, no panic.
        let shared = "可決されました。\n────────\n日程第１\n第36号議案 職員の給与\n────────\n日程第２\n第37号議案 手数料\n────────";
        let blocks = heading_blocks(shared);
        assert_eq!(blocks.len(), 2);
        assert!(blocks[1].start >= blocks[0].end);
        assert_eq!(without_blocks(shared, &blocks).trim(), "可決されました。");
        let header = "五月二十九日議事日程第一号\n第一　第百二十八号議案\n　　東京都知事の給料等の特例に関する条例の一部を改正する条例\n議事日程第一号追加の一\n第一　議員提出議案第六号\n　　東京都議会議員の期末手当の特例に関する条例";
        let listed = schedule(header);
        assert_eq!(listed[0].label, "日程第一");
        assert_eq!(listed[0].number.as_deref(), Some("第百二十八号議案"));
        assert_eq!(listed[1].label, "追加日程第一");
    }
}
