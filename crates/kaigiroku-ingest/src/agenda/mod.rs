//! Agenda items read from the minutes themselves, whatever the format: the
//! day's list in a header (議事日程), heading blocks between rule lines
//! (`日程第１⏎第36号議案 …`, a committee's `１ 議案審査⏎(10)第５１号議案 …`),
//! the presiding officer's announcements (「…を一括して議題に供します」) and
//! decisions (「よって、本件は原案のとおり可決すべきものと決定いたしました」).
//!
//! Every speech gets the item in force when it was made; items may be taken
//! out of order or several together, and a decision is attached to the items
//! it decides, with how it was decided (異議なし, 賛成多数…).

mod bills;
mod decisions;
mod headings;
mod refs;

use kaigiroku_core::analysis::is_kanji;
use kaigiroku_core::analysis::kana;
use kaigiroku_core::model::{AgendaItem, Category, Meeting, Outcome, SpeechKind};

use decisions::{Decision, decision, vote_result};
use headings::{Entry, heading_blocks, schedule};
use refs::{Ref, announcement, refs_in};

pub use bills::assign_bills;

/// Reads the agenda of `meeting` from its speeches and assigns each speech
/// the item in force. A meeting whose reader already placed its speeches
/// under items (the seed's `議案（1）` headings) is left as it is.
pub fn complete(meeting: &mut Meeting) {
    if meeting.speeches.iter().any(|s| s.agenda.is_some()) {
        return;
    }
    let mut tracker = Tracker {
        items: std::mem::take(&mut meeting.agenda)
            .into_iter()
            .map(Item::from_declared)
            .collect(),
        ..Tracker::default()
    };
    let plenary = meeting.body == "本会議";
    for speech in &mut meeting.speeches {
        if speech.kind == SpeechKind::Header {
            for entry in schedule(&speech.text) {
                tracker.declare(entry);
            }
            continue;
        }
        let presiding = speech
            .speaker
            .as_ref()
            .is_some_and(|s| is_presiding(s.position.as_deref(), s.category, plenary));
        if presiding {
            let (first, rest) = tracker.preside(&speech.text);
            speech.agenda = first;
            speech.together = rest;
        } else {
            (speech.agenda, speech.together) = tracker.in_force();
            let reports = speech.text.contains("べきものと")
                && (speech.text.contains("報告") || speech.text.contains("審査の経過"));
            if reports_for_committee(speech.speaker.as_ref()) || reports {
                // A committee's report (「…原案のとおり可決すべきものと決しました」),
                // whoever the record names as its speaker (４番（奈良祥孝君）).
                tracker.recommend_in(&speech.text);
            }
        }
    }
    meeting.agenda = tracker.items.into_iter().map(|item| item.item).collect();
    mark_reports_heard(meeting);
}

/// A report taken up and never voted on was heard: its disposition is 報告
/// (諸般の報告, 陳情受理の報告, 報告第１号, 市政執行方針).
fn mark_reports_heard(meeting: &mut Meeting) {
    const REPORTS: [&str; 5] = ["報告", "執行方針", "施政方針", "所信表明", "状況説明"];
    let taken_up: std::collections::HashSet<u32> = meeting
        .speeches
        .iter()
        .flat_map(|s| s.agenda.iter().chain(&s.together).copied())
        .collect();
    for item in meeting.agenda.iter_mut().filter(|i| i.outcome.is_none()) {
        let is_report = REPORTS.iter().any(|w| item.title.contains(w))
            || item
                .number
                .as_deref()
                .is_some_and(|n| n.starts_with("報告"));
        if is_report && taken_up.contains(&item.order) {
            item.outcome = Some(Outcome::Reported.as_str().to_string());
        }
    }
}

/// The officer who presides: 議長, 委員長, 座長, 会長, 本部長 and their
/// deputies (and a 事務局長 until a 議長 is elected), not a committee chair
/// reporting to the plenary (総務委員長) nor a board's head (選挙管理委員会委員長).
fn is_presiding(position: Option<&str>, category: Category, plenary: bool) -> bool {
    let Some(position) = position else {
        return false;
    };
    const PRESIDING: [&str; 12] = [
        "議長",
        "副議長",
        "臨時議長",
        "仮議長",
        "委員長",
        "副委員長",
        "仮委員長",
        "臨時委員長",
        "座長",
        "会長",
        "本部長",
        "事務局長",
    ];
    category != Category::Member
        && (PRESIDING.contains(&position)
            || (!plenary && category == Category::Chair && position.ends_with("委員長")))
}

/// 「本日の日程は全て終了いたしました」.
fn ends_the_day(text: &str) -> bool {
    text.contains("本日の日程は") && (text.contains("終了") || text.contains("終わり"))
}

/// A committee chair (総務委員長) reporting the committee's decisions.
fn reports_for_committee(speaker: Option<&kaigiroku_core::model::Speaker>) -> bool {
    speaker
        .and_then(|s| s.position.as_deref())
        .is_some_and(|p| p.ends_with("委員長") && p != "委員長" && p != "副委員長")
}

/// Items a chair's sentence takes up by their titles.
struct Titled {
    /// Where the sentence starts in the voice.
    at: usize,
    items: Vec<usize>,
    /// The sentence is the day's plan (「本日は、お手元配布の会議日程のと
    /// おり、…を行います」).
    plan: bool,
}

/// An item with the keys it is found by.
#[derive(Debug, Clone)]
struct Item {
    item: AgendaItem,
    /// The label with digits normalized (日程第1, 議案審査(10)).
    key: String,
    /// The bill number with digits normalized (第51号議案).
    number_key: Option<String>,
    /// Other labels the same bill is listed under (追加日程第2 for 日程第1).
    aliases: Vec<String>,
}

impl Item {
    /// A matter named by its words alone (議席の一部変更, 請願の審査について).
    fn is_topic(&self) -> bool {
        self.item.number.is_none() && self.item.label == self.item.title
    }

    fn from_declared(item: AgendaItem) -> Item {
        let key = refs::normalize_label(&item.label);
        let number_key = item.number.as_deref().map(refs::normalize_label);
        Item {
            item,
            key,
            number_key,
            aliases: Vec::new(),
        }
    }

    fn is_known_as(&self, key: &str) -> bool {
        self.key == key || self.aliases.iter().any(|a| a == key)
    }
}

#[derive(Default)]
struct Tracker {
    items: Vec<Item>,
    /// Indexes of the items in force.
    current: Vec<usize>,
    /// Items of a plan printed at the end of the last presiding voice.
    pending: Vec<usize>,
    pending_from_previous: bool,
    /// The items the last 「…について採決いたします」 named.
    vote_target: Vec<usize>,
    /// The last vote result heard (異議なし, 賛成多数…).
    last_vote: Option<String>,
    /// The item last proposed for addition to the day (日程に追加).
    proposed: Option<usize>,
    /// What a committee reported it decided, by item: a plenary 「委員長の
    /// 報告のとおり決しました」 takes it.
    recommended: std::collections::HashMap<usize, String>,
    /// The chair has turned to matters off the floor (「陳情の付託について
    /// 申し上げます」, 「所管事務について、閉会中の継続調査の申し出があります」)
    /// until the next item is taken up.
    aside: bool,
}

impl Tracker {
    /// Reads a presiding officer's voice: the items it prints, decides and
    /// puts on the floor; returns the items the voice itself is under.
    fn preside(&mut self, text: &str) -> (Option<u32>, Vec<u32>) {
        let blocks = heading_blocks(text);
        // The block's own items first: a plenary chair announces
        // 「日程第１から日程第17までを一括議題に供します」 and prints them after.
        let in_block: Vec<usize> = blocks
            .iter()
            .flat_map(|block| block.entries.iter())
            .map(|entry| self.declare(entry.clone()))
            .collect();
        let body = headings::without_blocks(text, &blocks);
        let announced = announcement(&body);
        // 「次に、議員の褒章受章について申し上げます」; 「次に、議席の一部変更を
        // 行います」 only between items, where it cannot be a step of one.
        let topic = refs::topic(&body).filter(|(_, _, step)| !step || self.between_items());
        // Where nothing is announced, the listed items a sentence takes up
        // by their titles (東京都's committees: 「報告事項、開催都市マークに
        // ついて外三件に対する質疑を一括して行います」), before a topic told;
        // but the day's plan names its first business only until a topic
        // told after it in the same voice.
        let titled = announced
            .is_none()
            .then(|| self.titled(&body))
            .flatten()
            .filter(|titled| {
                !(titled.plan && topic.as_ref().is_some_and(|(at, _, _)| *at > titled.at))
            });
        let said = announced.or_else(|| {
            topic
                .filter(|_| titled.is_none())
                .map(|(at, subject, _)| refs::Announced {
                    at,
                    subject,
                    ..refs::Announced::default()
                })
        });
        let mut proposed_here = None;
        if let Some(name) = refs::proposed_addition(&body) {
            let index = self.unnumbered(&name);
            self.proposed = Some(index);
            proposed_here = Some(index);
        }
        // Decisions before the announcement close the items in force
        // (「よって…可決いたしました。次に、日程第18…を議題に供します」): the
        // voice stays with them, and the new items start with the next one.
        let split = titled
            .as_ref()
            .map(|titled| titled.at)
            .or(said.as_ref().map(|s| s.at))
            .unwrap_or(body.len());
        let held = self.decide_in(&body[..split]).then(|| self.in_force());
        let mut switched = false;
        if let Some(titled) = titled {
            self.switch(titled.items);
            switched = true;
        }
        if let Some(said) = said {
            let mut targets = self.resolve(&said.refs);
            if targets.is_empty() && !in_block.is_empty() && blocks.iter().any(|b| !b.at_end) {
                // 「次に、⏎──⏎日程第18⏎議員派遣の件⏎──⏎を議題に供します」
                targets = in_block;
            }
            if targets.is_empty() && said.refs.is_empty() && !said.subject.is_empty() {
                targets.push(self.unnumbered(&said.subject));
            }
            if targets.is_empty() && said.the_proposed {
                targets.extend(self.proposed.take());
            }
            if !targets.is_empty() {
                self.switch(targets);
                switched = true;
            }
        }
        if !switched && let Some(index) = proposed_here {
            // The Diet adds a bill to the day and takes it up at once.
            self.switch(vec![index]);
            switched = true;
        }
        if !switched && blocks.iter().all(|b| b.at_end) && self.pending_from_previous {
            // A plan printed at the end of the previous voice, taken up
            // without naming it again.
            let pending = std::mem::take(&mut self.pending);
            if !pending.is_empty() {
                self.switch(pending);
            }
        }
        self.pending_from_previous = false;
        let at_end: Vec<usize> = blocks
            .iter()
            .filter(|b| b.at_end)
            .flat_map(|b| b.entries.iter())
            .filter_map(|e| self.find(&e.key()))
            .collect();
        if !at_end.is_empty() {
            self.pending = at_end;
            self.pending_from_previous = true;
        }
        let under = held.unwrap_or_else(|| self.in_force());
        self.decide_in(&body[split..]);
        if ends_the_day(text) {
            // 「以上をもちまして、本日の日程は全て終了いたしました」: what
            // follows (休会, 散会) is under no item.
            self.switch(Vec::new());
        }
        under
    }

    /// The last sentence of `text` that takes up listed items by their
    /// titles: where it starts, and the items it quotes in its order (「…に
    /// ついて及び…について」), with those its count adds: 「外三件」 the three
    /// listed after the last quoted, 「報告事項四件」 the four listed after
    /// the heading instead of it.
    fn titled(&self, text: &str) -> Option<Titled> {
        let mut found = None;
        let mut offset = 0;
        for sentence in text.split_inclusive('。') {
            let start = offset;
            offset += sentence.len();
            if !refs::takes_up_by_title(sentence) {
                continue;
            }
            let plan = refs::is_the_days_plan(sentence);
            let sentence = refs::comparable(sentence);
            let mut quoted = self.quoted_in(&sentence);
            if plan {
                quoted.truncate(1);
            }
            let Some(&(_, end, last)) = quoted.last() else {
                continue;
            };
            let mut items: Vec<usize> = quoted.iter().map(|&(_, _, index)| index).collect();
            let listed_after = |count: usize| last + 1..=(last + count).min(self.items.len() - 1);
            match refs::counted_after(&sentence[end..]) {
                refs::Counted::None => {}
                refs::Counted::More(count) => items.extend(listed_after(count)),
                refs::Counted::Under(count) => {
                    items.pop();
                    items.extend(listed_after(count));
                }
            }
            let mut unique = Vec::new();
            for index in items {
                if !unique.contains(&index) {
                    unique.push(index);
                }
            }
            found = Some(Titled {
                at: start,
                items: unique,
                plan,
            });
        }
        found
    }

    /// The items whose titles `sentence` (comparable) quotes, as (start,
    /// end, index) in the order quoted, none inside another's quotation,
    /// and no heading quoted only to name one of its items (「報告事項、開催
    /// 都市マークについて」, 「中央卸売市場関係の報告事項」).
    fn quoted_in(&self, sentence: &str) -> Vec<(usize, usize, usize)> {
        /// A shorter title is too likely a phrase of the sentence.
        const SHORTEST: usize = 4;
        let mut spans: Vec<(usize, usize, usize)> = Vec::new();
        for (index, item) in self.items.iter().enumerate() {
            let title = refs::quoted_title(&item.item.title);
            if title.chars().count() < SHORTEST {
                continue;
            }
            // From a word's start: 委員長の互選 is not quoted in 副委員長の互選.
            let starts_a_word = |at: usize| {
                sentence[..at]
                    .chars()
                    .last()
                    .is_none_or(|c| !(is_kanji(c) || kana::is_katakana(c)))
            };
            if let Some((at, _)) = sentence
                .match_indices(title.as_str())
                .find(|&(at, _)| starts_a_word(at))
            {
                spans.push((at, at + title.len(), index));
            }
        }
        // Longest first, so that a title inside a longer one drops out.
        spans.sort_by_key(|&(from, to, index)| (std::cmp::Reverse(to - from), from, index));
        let mut kept: Vec<(usize, usize, usize)> = Vec::new();
        for span in spans {
            if !kept.iter().any(|k| span.0 < k.1 && k.0 < span.1) {
                kept.push(span);
            }
        }
        kept.sort();
        // 「報告事項、開催都市マークについて」, 「報告事項「豊洲…」について」,
        // 「…の状況についての報告事項」: a heading quoted next to one of its
        // items (the shorter title of the two) names the item.
        const BESIDE: [&str; 4] = ["", "、", "の", "についての"];
        let title_length = |index: usize| self.items[index].item.title.chars().count();
        let headings: Vec<usize> = kept
            .windows(2)
            .filter(|pair| BESIDE.contains(&&sentence[pair[0].1..pair[1].0]))
            .map(|pair| {
                if title_length(pair[0].2) <= title_length(pair[1].2) {
                    pair[0].2
                } else {
                    pair[1].2
                }
            })
            .collect();
        // 「総務部の事務事業概要についての質疑」: a part of the item quoted,
        // not the item.
        let qualified: Vec<usize> = kept
            .iter()
            .enumerate()
            .filter(|&(i, &(from, _, _))| {
                sentence[..from].ends_with('の')
                    && (i == 0 || !BESIDE.contains(&&sentence[kept[i - 1].1..from]))
            })
            .map(|(_, &(_, _, index))| index)
            .collect();
        kept.retain(|&(_, _, index)| !headings.contains(&index) && !qualified.contains(&index));
        kept
    }

    /// Adds an entry of a list or heading block, or completes the item it
    /// names; returns its index.
    fn declare(&mut self, entry: Entry) -> usize {
        // A bill listed twice (under its 日程 and again on its own) is one item.
        if let Some(index) = entry
            .number
            .as_deref()
            .and_then(|n| self.find_number(&refs::normalize_label(n)))
        {
            let key = entry.key();
            let found = &mut self.items[index];
            if !found.is_known_as(&key) {
                found.aliases.push(key);
            }
            if found.item.title.is_empty() {
                found.item.title = entry.title;
            }
            return index;
        }
        let key = entry.key();
        // Bills of one 日程 share its label but not their numbers or titles
        // (日程第５　諸般の報告⏎　報告第１号　…).
        let another_bill = |item: &Item| {
            entry.number.is_some()
                && (item.item.number.is_some()
                    || !(item.item.title.is_empty() || item.item.title == entry.title))
        };
        if let Some(index) = self.find(&key).filter(|&i| !another_bill(&self.items[i])) {
            let item = &mut self.items[index].item;
            if item.title.is_empty() {
                item.title = entry.title;
            }
            if item.number.is_none() {
                item.number = entry.number;
                self.items[index].number_key = item.number.as_deref().map(refs::normalize_label);
            }
            return index;
        }
        let order = self.items.len() as u32 + 1;
        let number_key = entry.number.as_deref().map(refs::normalize_label);
        self.items.push(Item {
            item: AgendaItem {
                order,
                label: entry.label,
                title: entry.title,
                number: entry.number,
                ..AgendaItem::default()
            },
            key,
            number_key,
            aliases: Vec::new(),
        });
        self.items.len() - 1
    }

    /// Every item known by `key`, in order: the bills of one 日程.
    fn known_as<'a>(&'a self, key: &'a str) -> impl Iterator<Item = usize> + 'a {
        (0..self.items.len()).filter(move |&i| self.items[i].is_known_as(key))
    }

    fn find(&self, key: &str) -> Option<usize> {
        // The latest item with this key: committee labels restart per section.
        self.items.iter().rposition(|item| item.is_known_as(key))
    }

    /// The latest item with this bill number (digits normalized).
    fn find_number(&self, number: &str) -> Option<usize> {
        self.items
            .iter()
            .rposition(|item| item.number_key.as_deref() == Some(number))
    }

    /// An item named only by its subject (「議長の選挙を行います」), matched
    /// to a listed topic that shares most of its words
    /// (第四回定例会 → 第四回定例会の招集について).
    fn unnumbered(&mut self, subject: &str) -> usize {
        // The same words from the same start (副議長の選挙 is not 議長の選挙).
        let close = |title: &str| {
            let longer = subject.chars().count().max(title.chars().count());
            (subject.chars().count() >= 2 && title.starts_with(subject))
                || (title.chars().next() == subject.chars().next()
                    && common_run(title, subject) * 2 >= longer)
        };
        if let Some(index) = self
            .items
            .iter()
            .position(|item| item.item.title == subject || item.item.label == subject)
            .or_else(|| {
                self.items
                    .iter()
                    .position(|item| item.is_topic() && close(&item.item.title))
            })
        {
            return index;
        }
        self.declare(Entry {
            label: subject.to_string(),
            title: subject.to_string(),
            number: None,
            section: None,
        })
    }

    /// The items `refs` name, creating those no list declared.
    fn resolve(&mut self, refs: &[Ref]) -> Vec<usize> {
        let mut found = Vec::new();
        for reference in refs {
            let index = match reference {
                Ref::Label {
                    key,
                    printed,
                    title,
                } => match self.find(key) {
                    Some(index) => {
                        // 「日程第１　会議録署名議員の指名を行います」 names the
                        // item a bare heading (日程第１) left untitled.
                        let item = &mut self.items[index].item;
                        if item.title.is_empty() && !title.is_empty() {
                            item.title = title.clone();
                        }
                        // A 日程 names every bill listed under it.
                        for other in self.known_as(key).filter(|&i| i != index) {
                            if !found.contains(&other) {
                                found.push(other);
                            }
                        }
                        Some(index)
                    }
                    // A label a range only implies names no new item.
                    None if printed.is_empty() => None,
                    None => Some(self.declare(Entry {
                        label: printed.clone(),
                        title: title.clone(),
                        number: None,
                        section: None,
                    })),
                },
                Ref::Number {
                    key,
                    printed,
                    title,
                } => {
                    match self.find_number(key) {
                        Some(index) => Some(index),
                        // 日程第43議案第173号「監査委員の選任について」: the
                        // number and title of the item just named.
                        None if !found.is_empty() => {
                            if let Some(&last) = found.last().filter(|_| !title.is_empty()) {
                                let item: &mut Item = &mut self.items[last];
                                if item.item.number.is_none() {
                                    item.item.number = Some(printed.clone());
                                    item.number_key = Some(refs::normalize_label(printed));
                                }
                                if item.item.title.is_empty() {
                                    item.item.title = title.clone();
                                }
                            }
                            None
                        }
                        None => Some(self.declare(Entry {
                            label: printed.clone(),
                            title: title.clone(),
                            number: Some(printed.clone()),
                            section: None,
                        })),
                    }
                }
                Ref::Committee { key, number, title } => {
                    self.committee_item(key, number.as_deref()).or_else(|| {
                        // (2)令和５年請願第９号 of a section whose plan was not
                        // printed: an item of its own.
                        number.as_ref().map(|number| {
                            self.declare(Entry {
                                label: key.clone(),
                                title: title.clone(),
                                number: Some(number.clone()),
                                section: Some(number.clone()),
                            })
                        })
                    })
                }
            };
            if let Some(index) = index
                && !found.contains(&index)
            {
                found.push(index);
            }
        }
        found
    }

    /// A plan's (N): by the number printed with it, else the latest item
    /// labelled (N) that has no other number.
    fn committee_item(&self, key: &str, number: Option<&str>) -> Option<usize> {
        if let Some(found) = number.and_then(|number| self.find_number(number)) {
            return Some(found);
        }
        self.items.iter().rposition(|item| {
            item.key.ends_with(key) && (number.is_none() || item.number_key.is_none())
        })
    }

    /// True when no numbered item is in force: before the 日程, after it,
    /// or among the unnumbered matters of the day (議席の一部変更, 諸般の報告).
    fn between_items(&self) -> bool {
        self.current.iter().all(|&i| self.items[i].is_topic())
    }

    fn switch(&mut self, targets: Vec<usize>) {
        self.aside = false;
        self.pending.retain(|p| !targets.contains(p));
        self.current = targets;
        self.vote_target.clear();
    }

    fn in_force(&self) -> (Option<u32>, Vec<u32>) {
        let orders: Vec<u32> = self
            .current
            .iter()
            .map(|&i| self.items[i].item.order)
            .collect();
        match orders.split_first() {
            Some((first, rest)) => (Some(*first), rest.to_vec()),
            None => (None, Vec::new()),
        }
    }

    /// Reads the votes and decisions of a presiding officer's speech; true
    /// when it decided an item.
    fn decide_in(&mut self, text: &str) -> bool {
        let mut decided = false;
        for sentence in sentences(text) {
            if let Some(result) = vote_result(sentence) {
                self.last_vote = Some(result);
            }
            let named = refs_in(sentence);
            if sentence.contains("採決") || sentence.contains("お諮り") {
                let target = self.resolve_existing(&named);
                if !target.is_empty() {
                    self.vote_target = target;
                }
            }
            if let Some(word) = decisions::stated_report(sentence) {
                let mut targets = self.resolve_existing(&named);
                if targets.is_empty() {
                    targets = self.current.clone();
                }
                for index in targets {
                    self.recommended.insert(index, word.to_string());
                }
                continue;
            }
            let Some(Decision { outcome, how }) = decision(sentence) else {
                if named.is_empty() && decisions::about_other_matters(sentence) {
                    self.aside = true;
                }
                if decisions::nominates(sentence) {
                    for &index in &self.current {
                        let item = &mut self.items[index].item;
                        // Only an item that names people (会議録署名議員の指名,
                        // 常任委員の選任); in 指名推選 an election's candidate
                        // is named, then elected (当選).
                        let names_people = ["指名", "選任", "委員"]
                            .iter()
                            .any(|w| item.title.contains(w));
                        if item.outcome.is_none() && names_people && !item.title.contains("選挙")
                        {
                            item.outcome = Some(Outcome::Nominated.as_str().to_string());
                            decided = true;
                        }
                    }
                }
                continue;
            };
            let mut targets = self.resolve_existing(&named);
            let carried_over = [
                Outcome::ContinuedReview,
                Outcome::ContinuedInquiry,
                Outcome::Referred,
            ]
            .iter()
            .any(|o| o.as_str() == outcome);
            let petitions_on_the_floor = self.current.iter().any(|&i| {
                let title = &self.items[i].item.title;
                title.contains("請願") || title.contains("陳情")
            });
            if targets.is_empty()
                && carried_over
                && (self.aside || decisions::about_other_matters(sentence))
                && !petitions_on_the_floor
            {
                // Petitions referred or carried over, or a committee's own
                // matters: not the bills on the floor.
                continue;
            }
            if targets.is_empty() {
                targets = if self.vote_target.is_empty() {
                    // Undecided, or only referred so far (付託 is a step).
                    self.current
                        .iter()
                        .copied()
                        .filter(|&i| {
                            let outcome = self.items[i].item.outcome.as_deref();
                            outcome.is_none() || outcome == Some(Outcome::Referred.as_str())
                        })
                        .collect()
                } else {
                    self.vote_target.clone()
                };
            }
            if targets.is_empty() {
                targets = self.current.clone();
            }
            let how = how.or_else(|| self.last_vote.take());
            decided = true;
            let follows_report = outcome == decisions::DECIDED_WITHOUT_WORD
                && (sentence.contains("報告のとおり") || sentence.contains("報告どおり"));
            let committees = if outcome == Outcome::Referred.as_str() {
                self.referral_committees(sentence, &targets)
            } else {
                std::collections::HashMap::new()
            };
            for index in targets {
                let outcome = match self.recommended.get(&index) {
                    Some(recommended) if follows_report => recommended.clone(),
                    _ => outcome.clone(),
                };
                let item = &mut self.items[index].item;
                // A wordless decision keeps a worded one; one that follows
                // the committee's report ends the referral to it.
                let referred = item.outcome.as_deref() == Some(Outcome::Referred.as_str());
                if item.outcome.is_some()
                    && !(referred && follows_report)
                    && outcome == decisions::DECIDED_WITHOUT_WORD
                {
                    continue;
                }
                item.outcome = Some(outcome);
                if let Some(committee) = committees.get(&index) {
                    // A referral: where the bill went is how it was decided.
                    item.decided_how = Some(committee.clone());
                } else if how.is_some() {
                    item.decided_how = how.clone();
                }
            }
            self.vote_target.clear();
        }
        decided
    }

    /// The committee each referred item went to: 「日程第一及び第二は総務委員会
    /// に、日程第三は文教委員会に、それぞれ付託する」; one committee named
    /// alone takes every item.
    fn referral_committees(
        &self,
        sentence: &str,
        targets: &[usize],
    ) -> std::collections::HashMap<usize, String> {
        let mut found = std::collections::HashMap::new();
        let mut waiting: Vec<usize> = Vec::new();
        let mut alone: Option<String> = None;
        let mut mentioned: Option<String> = None;
        for clause in sentence.split(['、', '，']) {
            waiting.extend(self.resolve_existing(&refs_in(clause)));
            let named = decisions::committee_named(clause).and_then(|name| {
                // 「…予算審査特別委員会を設置し、…を同委員会に付託する」
                if name.starts_with('同') || name.starts_with("当該") {
                    mentioned.clone()
                } else {
                    Some(name)
                }
            });
            if let Some(name) = decisions::committee_mentioned(clause) {
                mentioned = Some(name);
            }
            if let Some(committee) = named {
                if waiting.is_empty() {
                    alone.get_or_insert(committee);
                } else {
                    for index in waiting.drain(..) {
                        found.insert(index, committee.clone());
                    }
                }
            }
        }
        if let Some(committee) = alone.filter(|_| found.is_empty()) {
            for &index in targets {
                found.insert(index, committee.clone());
            }
        }
        found
    }

    /// Reads a committee chair's report: 「第５８号議案は…可決すべきものと
    /// 決定いたしました」.
    fn recommend_in(&mut self, text: &str) {
        let mut named: Vec<usize> = Vec::new();
        for sentence in sentences(text) {
            let refs = self.resolve_existing(&refs_in(sentence));
            if !refs.is_empty() {
                named = refs;
            }
            if let Some(Decision { outcome, .. }) = decision(sentence)
                && outcome != decisions::DECIDED_WITHOUT_WORD
            {
                let targets = if named.is_empty() {
                    &self.current
                } else {
                    &named
                };
                for &index in targets {
                    self.recommended.insert(index, outcome.clone());
                }
            }
        }
    }

    /// The items `refs` name among those already known.
    fn resolve_existing(&self, refs: &[Ref]) -> Vec<usize> {
        let mut found = Vec::new();
        for reference in refs {
            let index = match reference {
                Ref::Label { key, .. } => {
                    // A 日程 names every bill listed under it.
                    for index in self.known_as(key) {
                        if !found.contains(&index) {
                            found.push(index);
                        }
                    }
                    None
                }
                Ref::Committee { key, number, .. } => self.committee_item(key, number.as_deref()),
                Ref::Number { key, .. } => self.find_number(key),
            };
            if let Some(index) = index
                && !found.contains(&index)
            {
                found.push(index);
            }
        }
        found
    }
}

/// The length in characters of the longest run `a` and `b` share.
fn common_run(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    let mut best = 0;
    let mut previous = vec![0usize; b.len() + 1];
    for x in &a {
        let mut current = vec![0usize; b.len() + 1];
        for (j, y) in b.iter().enumerate() {
            if x == y {
                current[j + 1] = previous[j] + 1;
                best = best.max(current[j + 1]);
            }
        }
        previous = current;
    }
    best
}

/// The sentences of `text`, split after 。 and at line ends.
fn sentences(text: &str) -> impl Iterator<Item = &str> {
    text.split_inclusive(['。', '\n'])
        .map(str::trim)
        .filter(|s| !s.is_empty())
}
