//! What makes an earlier agenda item a precedent of another: the same kind
//! of matter, and within the kind the same thing. A budget's precedents are
//! budgets of the same account; an appointment's, appointments to the same
//! board; a works contract's, decided contracts for the same kind of
//! facility; a designated manager's, designations for the same facility;
//! anything else shares a distinctive word of its title (羽田, 防音), not
//! only the words every title of its kind has. (An ordinance's are the
//! earlier bills on that ordinance, found by its name: `similar.rs`.)

use std::collections::{HashMap, HashSet};

use kaigiroku_core::analysis::{Analyzer, normalize};
use kaigiroku_core::model::{account_of, is_kind_word, matter_kind};

/// How rare a word is: the share of speeches holding it.
pub(crate) type Rarity<'a> = dyn Fn(&str) -> f64 + 'a;

/// A noun in at most this share of speeches can name a subject (羽田
/// 0.5 %, 改築); more common ones (区民, 事業) name none.
const DISTINCTIVE_SHARE: f64 = 0.02;

/// Below this many candidates no word is told apart as the template.
const TEMPLATE_POOL: usize = 3;

/// What an item is, for comparing it with others.
#[derive(Debug, Clone, Default)]
pub(crate) struct Matter {
    kind: Option<&'static str>,
    /// The budget's account (一般, 国民健康保険).
    account: Option<String>,
    /// The kind of facility a works contract is for (学校, 庁舎).
    works: Option<&'static str>,
    /// The board or post an appointment is to (教育委員会, 監査委員).
    board: Option<String>,
    /// A designation's 区立 facilities, as its speeches name them.
    facilities: HashSet<String>,
    /// The title's distinctive words.
    words: HashSet<String>,
}

impl Matter {
    pub(crate) fn of(title: &str, text: &str, analyzer: &Analyzer, rarity: &Rarity) -> Matter {
        let kind = matter_kind(title);
        Matter {
            kind,
            account: account_of(title),
            board: board_of(title),
            works: works_of(title),
            facilities: if Matter::needs_text(kind) {
                facilities(text)
            } else {
                HashSet::new()
            },
            words: analyzer
                .words(title)
                .into_iter()
                .filter(|w| w.pos.first().is_some_and(|pos| pos == "名詞"))
                .map(|w| normalize(&w.surface).text)
                .filter(|w| {
                    w.chars().count() >= 2 && !is_kind_word(w) && rarity(w) <= DISTINCTIVE_SHARE
                })
                .collect(),
        }
    }

    /// The words more than half of `pool` share: how titles of that kind
    /// are worded (請負, 契約, 同意), not what they are about.
    pub(crate) fn template_words(pool: &[Matter]) -> HashSet<String> {
        let mut counts: HashMap<&str, usize> = HashMap::new();
        for matter in pool {
            for word in &matter.words {
                *counts.entry(word).or_default() += 1;
            }
        }
        counts
            .into_iter()
            .filter(|(_, count)| pool.len() >= TEMPLATE_POOL && count * 2 > pool.len())
            .map(|(word, _)| word.to_string())
            .collect()
    }

    /// True when `other`, an earlier item (titled `other_title`, decided
    /// `other_outcome`), is a precedent of this one; `template` as
    /// [`Matter::template_words`] gives them.
    pub(crate) fn admits(
        &self,
        other: &Matter,
        other_title: &str,
        other_outcome: Option<&str>,
        template: &HashSet<String>,
    ) -> bool {
        if self.kind != other.kind {
            return false;
        }
        match self.kind {
            Some("補正予算" | "予算" | "決算") => self.account == other.account,
            Some("人事") => self.board.is_some() && self.board == other.board,
            // A contract reported (報告事項) or only voted on in a fragment
            // carries no decision of its own: the decided stage is the
            // precedent.
            Some("契約") if other_outcome.is_none_or(|o| o == "報告") => false,
            // Works for the same kind of facility: a school's precedents are
            // schools' works, not the city hall's however alike the trade.
            Some("契約") if self.works.is_some() || other.works.is_some() => {
                self.works == other.works
            }
            // The reports on calling for or choosing candidates are not
            // designations.
            Some("指定管理者") => {
                is_designation(other_title)
                    && (self.facilities.is_empty()
                        || !self.facilities.is_disjoint(&other.facilities))
            }
            _ => self
                .words
                .intersection(&other.words)
                .any(|word| !template.contains(word)),
        }
    }

    /// True when comparing items of `kind` needs their text (a
    /// designation's facilities).
    pub(crate) fn needs_text(kind: Option<&str>) -> bool {
        kind == Some("指定管理者")
    }
}

/// The board or post a title appoints to: `教育委員会委員の任命同意について`
/// and `教育委員会教育長の任命同意について` → 教育委員会, `監査委員の選任同意
/// について` → 監査委員.
fn board_of(title: &str) -> Option<String> {
    let end = ["の任命", "の選任", "の推薦", "の同意", "の選挙"]
        .iter()
        .filter_map(|w| title.find(w))
        .min()?;
    let post = &title[..end];
    let post = post
        .find("委員会")
        .map_or(post, |at| &post[..at + "委員会".len()]);
    (!post.is_empty()).then(|| post.to_string())
}

/// The kind of facility a works contract's title names, by the words
/// public works are named with; None for one that names none of them.
fn works_of(title: &str) -> Option<&'static str> {
    const FACILITIES: [(&str, &[&str]); 9] = [
        (
            "学校",
            &["学校", "学園", "一貫校", "校舎", "幼稚園", "園舎"],
        ),
        ("庁舎", &["庁舎"]),
        ("保育・児童施設", &["保育園", "児童センター"]),
        ("区民住宅", &["住宅", "ファミーユ"]),
        ("職員寮", &["職員寮", "待機寮"]),
        ("下水道", &["貯留管", "幹線", "排水", "下水"]),
        ("道路", &["道路", "号線", "橋", "通路", "駅前広場"]),
        ("公園", &["公園"]),
        ("文化施設", &["会館", "文化センター", "図書館"]),
    ];
    FACILITIES
        .iter()
        .filter_map(|(kind, words)| {
            words
                .iter()
                .filter_map(|w| title.find(w))
                .min()
                .map(|at| (at, *kind))
        })
        .min()
        .map(|(_, kind)| kind)
}

fn is_designation(title: &str) -> bool {
    !["公募", "選定", "候補者"].iter().any(|w| title.contains(w))
}

/// The facilities a text names as 区立 (市立, 町立…): 「品川区立総合区民会館の
/// 指定管理者」 → 総合区民会館.
fn facilities(text: &str) -> HashSet<String> {
    let mut found = HashSet::new();
    for owner in ["区立", "市立", "町立", "村立", "都立", "県立"] {
        let mut from = 0;
        while let Some(at) = text[from..].find(owner).map(|at| at + from) {
            from = at + owner.len();
            let name: String = text[from..]
                .chars()
                .take_while(|c| !"、。の「」（）()・ 　\n等及".contains(*c))
                .take(30)
                .collect();
            let name = trim_predicate(&name);
            if name.chars().count() >= 2 {
                found.insert(name.to_string());
            }
        }
    }
    found
}

/// A facility's name without what the sentence goes on with:
/// `東大井地域密着型多機能ホームです` → `東大井地域密着型多機能ホーム`,
/// `シルバーセンター条例` → `シルバーセンター`.
fn trim_predicate(name: &str) -> &str {
    const AFTER: [&str; 13] = [
        "でございます",
        "であります",
        "です",
        "条例",
        "を",
        "は",
        "が",
        "に",
        "で",
        "と",
        "も",
        "へ",
        "や",
    ];
    let mut name = name;
    while let Some(shorter) = AFTER.iter().find_map(|a| name.strip_suffix(a)) {
        name = shorter;
    }
    name
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn facilities_named_in_a_designation() {
        let text = "第88号議案、品川区立総合区民会館の指定管理者の指定について。施設は、品川区立東大井地域密着型多機能ホームです。";
        let found = facilities(text);
        assert!(found.contains("総合区民会館"), "{found:?}");
        assert!(found.contains("東大井地域密着型多機能ホーム"), "{found:?}");
    }

    #[test]
    fn works_for_one_kind_of_facility() {
        assert_eq!(
            works_of("城南第二小学校改築機械設備工事請負契約"),
            Some("学校")
        );
        assert_eq!(
            works_of("小中一貫校八潮学園建設空気調和設備工事請負契約"),
            Some("学校")
        );
        assert_eq!(works_of("総合庁舎受変電設備改修工事請負契約"), Some("庁舎"));
        assert_eq!(
            works_of("戸越幹線貯留管中流部整備工事請負契約"),
            Some("下水道")
        );
        // The facility named first: a school's site is not a road.
        assert_eq!(
            works_of("浜川小学校校舎・幼稚園園舎改築その他工事請負契約の変更について"),
            Some("学校")
        );
        assert_eq!(works_of("物品の買入れについて"), None);
    }

    #[test]
    fn appointments_to_one_board() {
        let board = |t: &str| board_of(t);
        assert_eq!(
            board("教育委員会委員の任命同意について").as_deref(),
            Some("教育委員会")
        );
        assert_eq!(
            board("教育委員会教育長の任命同意について").as_deref(),
            Some("教育委員会")
        );
        assert_eq!(
            board("監査委員の選任同意について").as_deref(),
            Some("監査委員")
        );
        assert_eq!(board("指定管理者の指定について"), None);
    }

    #[test]
    fn reports_on_candidates_are_not_designations() {
        assert!(is_designation("指定管理者の指定について"));
        assert!(!is_designation(
            "品川区立健康センター指定管理者候補者の公募について"
        ));
    }
}
