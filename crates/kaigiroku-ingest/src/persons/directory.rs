//! The persons of each assembly, resolved from the [`Census`].
//!
//! A full name (`議長（本多健信君）`, a list, a roster) is a person; the
//! kana and kanji forms of one name (`安藤たい作`, `安藤泰作`) are one
//! person when their readings agree. A name run into its title (`石田委員`,
//! `林（宏）委員`, `森澤区長`) is resolved at its date to the one person of
//! its side whose full name begins with it (or whose reading does): members
//! seen within two years, officials holding that very post within about a
//! year, or the one official of the surname known by name in another post
//! who moved (an April personnel change) when no other of that surname
//! serves then. Where none or several could be meant, the label keeps a key
//! of its own, never a guess.

use std::collections::{BTreeMap, HashMap};
use std::sync::Arc;

use kaigiroku_core::analysis::{Analyzer, kana, name_key, to_hiragana};

use super::census::Census;
use super::side::Side;

/// How far from the dates a member was seen a surname still resolves to
/// them: half a four-year term.
const MEMBER_REACH_DAYS: i64 = 730;
/// Officials change posts every April: a post resolves within about a year.
const OFFICIAL_REACH_DAYS: i64 = 400;
/// The nearest candidate wins only this much ahead of the next.
const CLEAR_LEAD_DAYS: i64 = 180;
/// One seen around the date wins against one last seen this far from it.
const SEEN_AROUND_DAYS: i64 = 30;

/// What a label resolves to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Resolution {
    pub key: String,
    /// The person's full name, when the label is resolved to one person.
    pub person: Option<String>,
    /// The reading, in hiragana.
    pub yomi: Option<String>,
    pub group: Option<String>,
}

/// The persons of every assembly in a census.
pub struct Directory {
    assemblies: HashMap<String, People>,
    analyzer: Arc<Analyzer>,
}

#[derive(Default)]
struct People {
    persons: Vec<Person>,
    /// Each full name's key (every form) → its person.
    by_name: HashMap<String, usize>,
    /// Officials' surnames as labels print them → (post, day) of each
    /// meeting that prints them: who else of a surname served at a date.
    officials: HashMap<String, Vec<(String, i64)>>,
}

#[derive(Debug, Clone, Default)]
struct Person {
    /// The name as most often printed (a roster's, if one lists it).
    name: String,
    /// The match keys of every form of the name.
    forms: Vec<String>,
    /// Katakana, for matching.
    reading: Option<String>,
    yomi_given: Option<String>,
    /// The days each side saw them on, first and last.
    sides: BTreeMap<Side, (i64, i64)>,
    /// Each post held, first and last day.
    posts: HashMap<String, (i64, i64)>,
    /// (day, 会派), a roster's first.
    groups: Vec<(i64, String)>,
    weight: u32,
    roster: bool,
}

impl Directory {
    pub fn build(census: &Census, analyzer: Arc<Analyzer>) -> Directory {
        let mut names: HashMap<String, HashMap<String, Person>> = HashMap::new();
        for meeting in census.meetings.values() {
            let Some(day) = day_number(&meeting.date) else {
                continue;
            };
            for sighting in meeting.sightings.iter().filter(|s| s.full) {
                let person = names
                    .entry(meeting.assembly.clone())
                    .or_default()
                    .entry(name_key(&sighting.name))
                    .or_insert_with(|| Person::named(&sighting.name));
                person.see(sighting.side, sighting.position.as_deref(), day, day);
                person.weight += sighting.speeches + 1;
                if person.yomi_given.is_none() {
                    person.yomi_given = sighting.yomi.clone();
                }
                if let Some(group) = &sighting.group {
                    person.groups.push((day, group.clone()));
                }
            }
        }
        for entry in census.rosters.values().flatten() {
            let person = names
                .entry(entry.assembly.clone())
                .or_default()
                .entry(name_key(&entry.name))
                .or_insert_with(|| Person::named(&entry.name));
            let first = entry
                .from
                .as_deref()
                .and_then(day_number)
                .unwrap_or(i64::MIN / 4);
            let last = entry
                .until
                .as_deref()
                .and_then(day_number)
                .unwrap_or(i64::MAX / 4);
            let side = Side::of(crate::speaker::category_of(&entry.post));
            person.see(side, Some(&entry.post), first, last);
            person.roster = true;
            person.name = entry.name.clone();
            if entry.yomi.is_some() {
                person.yomi_given = entry.yomi.clone();
            }
            if let Some(group) = &entry.group {
                // A roster's 会派 holds from the start of the term.
                person.groups.insert(0, (first, group.clone()));
            }
        }
        let mut assemblies: HashMap<String, People> = names
            .into_iter()
            .map(|(assembly, names)| (assembly, People::of(names, &analyzer)))
            .collect();
        for meeting in census.meetings.values() {
            let (Some(day), Some(people)) = (
                day_number(&meeting.date),
                assemblies.get_mut(&meeting.assembly),
            ) else {
                continue;
            };
            for sighting in &meeting.sightings {
                if let (false, Side::Executive | Side::Staff, Some(post)) =
                    (sighting.full, sighting.side, &sighting.position)
                {
                    people
                        .officials
                        .entry(without_disambiguator(&sighting.name))
                        .or_default()
                        .push((post.clone(), day));
                }
            }
        }
        Directory {
            assemblies,
            analyzer,
        }
    }

    /// The person `name` means, printed with `position` on `date` in
    /// `assembly`; `full` when the label printed the whole name.
    pub fn resolve(
        &self,
        assembly: &str,
        name: &str,
        side: Side,
        position: Option<&str>,
        date: &str,
        full: bool,
    ) -> Resolution {
        let key = name_key(name);
        let day = day_number(date);
        let people = self.assemblies.get(assembly);
        let found = people.and_then(|people| {
            if full {
                people.by_name.get(&key).map(|&at| &people.persons[at])
            } else {
                day.and_then(|day| self.resolve_short(people, name, &key, side, position, day))
            }
        });
        if let Some(person) = found {
            return Resolution {
                key: format!("{assembly}:{}", name_key(&person.name)),
                person: Some(person.name.clone()),
                yomi: person.yomi(),
                group: day.and_then(|day| person.group_at(day)),
            };
        }
        // Unresolved: a name the record prints whole is still one person;
        // a surname keeps its own key, an official's qualified by the post,
        // so that a member and an official of one surname never share one.
        let whole = full || self.looks_whole(&key);
        // 佐藤（聡）: the parenthesis already tells the person from others.
        let told_apart = key.contains('(');
        let key = match (whole, side) {
            (true, _) | (false, Side::Member) => format!("{assembly}:{key}"),
            (false, _) if told_apart => format!("{assembly}:{key}（{}）", side.label()),
            (false, _) => format!("{assembly}:{key}（{}）", position.unwrap_or("")),
        };
        Resolution {
            key,
            person: whole.then(|| name.to_string()),
            yomi: self
                .analyzer
                .reading(&without_disambiguator(name))
                .map(|r| to_hiragana(&r)),
            group: None,
        }
    }

    fn resolve_short<'p>(
        &self,
        people: &'p People,
        name: &str,
        key: &str,
        side: Side,
        position: Option<&str>,
        day: i64,
    ) -> Option<&'p Person> {
        let prefix = expand_disambiguator(key);
        // Kana and kanji forms of one surname meet through their readings.
        let reading = self.analyzer.reading(&without_disambiguator(name));
        let has_kana = |s: &str| s.chars().any(is_kana);
        let mut candidates: Vec<(i64, &Person)> = people
            .persons
            .iter()
            .filter(|p| {
                p.forms.iter().any(|f| f.starts_with(&prefix))
                    || reading.as_ref().is_some_and(|r| {
                        // Only where one side spells the surname in kana:
                        // 渡部 is not 渡辺ゆういち, though both read ワタナベ.
                        (has_kana(name) || p.name.chars().next().is_some_and(is_kana))
                            && !key.contains('(')
                            && p.reading
                                .as_ref()
                                .is_some_and(|pr| pr.starts_with(r.as_str()) && pr != r)
                    })
            })
            .filter_map(|p| {
                let distance = match side {
                    Side::Member => distance(*p.sides.get(&side)?, day),
                    _ => distance(*p.posts.get(position?)?, day),
                };
                let reach = if side == Side::Member {
                    MEMBER_REACH_DAYS
                } else {
                    OFFICIAL_REACH_DAYS
                };
                (distance <= reach).then_some((distance, p))
            })
            .collect();
        candidates.sort_by_key(|(distance, _)| *distance);
        if candidates.is_empty() && side != Side::Member {
            return self.moved_post(people, &prefix, name, position?, day);
        }
        match candidates.as_slice() {
            [(_, only)] => Some(*only),
            // Seen before and after the date, against one last seen a
            // month or more away: minutes print a bare surname only while
            // it is the assembly's only one (else 鈴木（ひ）, 鈴木（真）).
            [(0, person), (next, _), ..] if *next > SEEN_AROUND_DAYS => Some(*person),
            [(best, person), (next, _), ..] if best + CLEAR_LEAD_DAYS < *next => Some(*person),
            _ => None,
        }
    }

    /// An official known by surname in a post no full name held: the one
    /// official of that surname serving within about a year, known by their
    /// full name in another post, who held no other post at the date, when
    /// no other post of that surname is printed around it (堀越 行財政改革
    /// 担当課長 in March, 堀越明 生涯学習課長 from April).
    fn moved_post<'p>(
        &self,
        people: &'p People,
        prefix: &str,
        name: &str,
        post: &str,
        day: i64,
    ) -> Option<&'p Person> {
        let mut serving = people.persons.iter().filter(|p| {
            p.forms.iter().any(|f| f.starts_with(prefix))
                && !p.sides.contains_key(&Side::Member)
                && p.posts
                    .values()
                    .any(|span| distance(*span, day) <= OFFICIAL_REACH_DAYS)
        });
        let only = serving.next()?;
        if serving.next().is_some() {
            return None;
        }
        let elsewhere = only
            .posts
            .iter()
            .any(|(held, span)| held != post && distance(*span, day) == 0);
        // Another post of the surname printed around the date, not one of
        // theirs: someone else of that surname serves then.
        let surname = without_disambiguator(name);
        let others_around = people.officials.get(&surname).is_some_and(|seen| {
            seen.iter().any(|(other, at)| {
                other != post
                    && !only.posts.contains_key(other)
                    && (at - day).abs() <= SEEN_AROUND_DAYS
            })
        });
        (!elsewhere && !others_around).then_some(only)
    }

    /// A name printed run into its title that is still a whole name
    /// (`おのせ康裕議長`): a given name follows the surname.
    fn looks_whole(&self, key: &str) -> bool {
        if key.contains(['(', '（']) {
            // 佐藤（憲）: a surname told apart from another, not a whole name.
            return false;
        }
        let words = self.analyzer.words(key);
        words.len() >= 2
            && words.iter().skip(1).any(|w| {
                w.known
                    && w.pos.get(2).is_some_and(|p| p == "人名")
                    && w.pos.get(3).is_some_and(|p| p == "名")
            })
    }

    /// How many persons each assembly has.
    pub fn count(&self, assembly: &str) -> usize {
        self.assemblies.get(assembly).map_or(0, |p| p.persons.len())
    }
}

impl People {
    /// The persons of one assembly: its full names, kana and kanji forms of
    /// one name merged.
    fn of(names: HashMap<String, Person>, analyzer: &Analyzer) -> People {
        let mut names: Vec<(String, Person)> = names.into_iter().collect();
        names.sort_by(|a, b| a.0.cmp(&b.0));
        for (_, person) in &mut names {
            person.reading = person
                .yomi_given
                .as_deref()
                .map(to_katakana)
                .or_else(|| analyzer.reading(&person.name));
        }
        // Union the kana and kanji forms of a name (安藤たい作, 安藤泰作),
        // compared where they share a first character or the start of
        // their readings, seen on one side within a term of each other.
        let mut parent: Vec<usize> = (0..names.len()).collect();
        let mut buckets: HashMap<String, Vec<usize>> = HashMap::new();
        for (at, (_, person)) in names.iter().enumerate() {
            if let Some(first) = person.name.chars().next() {
                buckets.entry(first.to_string()).or_default().push(at);
            }
            if let Some(reading) = &person.reading {
                let start: String = reading.chars().take(2).collect();
                buckets.entry(format!("読{start}")).or_default().push(at);
            }
        }
        for group in buckets.values() {
            for (i, &a) in group.iter().enumerate() {
                for &b in &group[i + 1..] {
                    let (pa, pb) = (&names[a].1, &names[b].1);
                    // Within a term of each other: a kana name fifteen
                    // years after a kanji one may be someone else, unless
                    // both forms said they sit for the same 会派.
                    let near = pa.sides.iter().any(|(side, span)| {
                        pb.sides
                            .get(side)
                            .is_some_and(|other| gap(*span, *other) <= MEMBER_REACH_DAYS)
                    });
                    let same_group = pa.sides.contains_key(&Side::Member)
                        && pb.sides.contains_key(&Side::Member)
                        && groups_agree(&pa.groups, &pb.groups);
                    if (near || same_group)
                        && !(pa.roster && pb.roster)
                        && spelled_alike(&pa.name, &pb.name, analyzer)
                    {
                        let (ra, rb) = (root(&mut parent, a), root(&mut parent, b));
                        parent[rb] = ra;
                    }
                }
            }
        }
        let mut merged: BTreeMap<usize, Vec<usize>> = BTreeMap::new();
        for at in 0..names.len() {
            merged.entry(root(&mut parent, at)).or_default().push(at);
        }
        let mut people = People::default();
        for members in merged.values() {
            let mut person = Person::default();
            let heaviest = members
                .iter()
                .copied()
                .max_by_key(|&at| (names[at].1.roster, names[at].1.weight))
                .unwrap_or(members[0]);
            person.name = names[heaviest].1.name.clone();
            person.reading = names[heaviest].1.reading.clone();
            for &at in members {
                let (key, form) = &names[at];
                person.absorb(form);
                person.forms.push(key.clone());
                people.by_name.insert(key.clone(), people.persons.len());
            }
            person.groups.sort_by_key(|(day, _)| *day);
            people.persons.push(person);
        }
        people
    }
}

impl Person {
    fn named(name: &str) -> Person {
        Person {
            name: name.to_string(),
            ..Person::default()
        }
    }

    fn see(&mut self, side: Side, position: Option<&str>, first: i64, last: i64) {
        widen(self.sides.entry(side).or_insert((first, last)), first, last);
        if let Some(position) = position {
            widen(
                self.posts
                    .entry(position.to_string())
                    .or_insert((first, last)),
                first,
                last,
            );
        }
    }

    fn absorb(&mut self, other: &Person) {
        for (side, (first, last)) in &other.sides {
            widen(
                self.sides.entry(*side).or_insert((*first, *last)),
                *first,
                *last,
            );
        }
        for (post, (first, last)) in &other.posts {
            widen(
                self.posts.entry(post.clone()).or_insert((*first, *last)),
                *first,
                *last,
            );
        }
        self.groups.extend(other.groups.iter().cloned());
        self.weight += other.weight;
        self.roster |= other.roster;
        if self.yomi_given.is_none() || other.roster {
            self.yomi_given = other.yomi_given.clone().or(self.yomi_given.take());
        }
    }

    fn yomi(&self) -> Option<String> {
        self.yomi_given
            .clone()
            .or_else(|| self.reading.as_deref().map(to_hiragana))
    }

    /// The 会派 last declared on or before `day`, else the first after.
    fn group_at(&self, day: i64) -> Option<String> {
        self.groups
            .iter()
            .rev()
            .find(|(at, _)| *at <= day)
            .or_else(|| self.groups.first())
            .map(|(_, group)| group.clone())
    }
}

fn widen(span: &mut (i64, i64), first: i64, last: i64) {
    span.0 = span.0.min(first);
    span.1 = span.1.max(last);
}

/// Days from `day` to the span; 0 inside it.
fn distance((first, last): (i64, i64), day: i64) -> i64 {
    if day < first {
        first - day
    } else if day > last {
        day - last
    } else {
        0
    }
}

/// One name in two spellings: where they differ, one is kana that can be
/// read as the other (西本たか子 and 西本貴子, えのした正人 and 江野下正人).
fn spelled_alike(a: &str, b: &str, analyzer: &Analyzer) -> bool {
    let (a, b): (Vec<char>, Vec<char>) = (a.chars().collect(), b.chars().collect());
    let head = a.iter().zip(&b).take_while(|(x, y)| x == y).count();
    let tail = a[head..]
        .iter()
        .rev()
        .zip(b[head..].iter().rev())
        .take_while(|(x, y)| x == y)
        .count();
    let rest = |name: &[char]| -> String { name[head..name.len() - tail].iter().collect() };
    let (ra, rb) = (rest(&a), rest(&b));
    if ra.is_empty() || rb.is_empty() {
        return false;
    }
    let kana = |s: &str| s.chars().all(is_kana);
    (kana(&ra) && !kana(&rb) && analyzer.could_read(&rb, &ra))
        || (kana(&rb) && !kana(&ra) && analyzer.could_read(&ra, &rb))
        || ((kana(&ra) || kana(&rb))
            && analyzer.reading(&ra).is_some()
            && analyzer.reading(&ra) == analyzer.reading(&rb))
}

/// True when one of the 会派 each declared names the other's
/// (`公明党`, `品川区議会公明党`; `無所属`, `無所属の会`).
fn groups_agree(a: &[(i64, String)], b: &[(i64, String)]) -> bool {
    a.iter().any(|(_, x)| {
        b.iter().any(|(_, y)| {
            let (short, long) = if x.len() <= y.len() { (x, y) } else { (y, x) };
            short.chars().count() >= 2 && long.contains(short.as_str())
        })
    })
}

/// Days between two spans; 0 when they overlap.
fn gap(a: (i64, i64), b: (i64, i64)) -> i64 {
    (b.0 - a.1).max(a.0 - b.1).max(0)
}

fn root(parent: &mut [usize], mut at: usize) -> usize {
    while parent[at] != at {
        parent[at] = parent[parent[at]];
        at = parent[at];
    }
    at
}

/// `林(宏)` → `林宏`: the parenthesis gives the start of the given name.
fn expand_disambiguator(key: &str) -> String {
    key.chars()
        .filter(|c| !matches!(c, '(' | ')' | '（' | '）'))
        .collect()
}

/// `林（宏）` → `林`.
fn without_disambiguator(name: &str) -> String {
    name.split(['(', '（']).next().unwrap_or(name).to_string()
}

/// Days since 1970-01-01 of an ISO date; None for an empty or partial one.
pub(crate) fn day_number(iso: &str) -> Option<i64> {
    let mut parts = iso.splitn(3, '-').map(|p| p.parse::<i64>().ok());
    let (y, m, d) = (parts.next()??, parts.next()??, parts.next()??);
    // Howard Hinnant's days_from_civil.
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    Some(era * 146_097 + doe - 719_468)
}

fn is_kana(c: char) -> bool {
    matches!(c, '\u{3041}'..='\u{3096}' | '\u{30A1}'..='\u{30FA}')
}

fn to_katakana(text: &str) -> String {
    text.chars().map(kana::to_katakana).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn days_count_calendar_days() {
        assert_eq!(day_number("1970-01-01"), Some(0));
        assert_eq!(
            day_number("2024-03-01").unwrap() - day_number("2024-02-28").unwrap(),
            2
        );
        assert_eq!(day_number("2023"), None);
    }

    #[test]
    fn disambiguators() {
        assert_eq!(expand_disambiguator("林(宏)"), "林宏");
        assert_eq!(without_disambiguator("林（宏）"), "林");
    }
}
