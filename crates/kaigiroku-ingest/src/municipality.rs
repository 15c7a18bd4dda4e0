//! The assemblies of Japan, from the Ministry of Internal Affairs' code list
//! (`data/municipalities.csv`, 1,794 rows): a municipality a reader infers is
//! always one of these names, with its 団体コード, never a fragment of text.

use std::collections::HashMap;
use std::sync::OnceLock;

/// The bundled list (copied unchanged from `shared/reference`).
const LIST: &str = include_str!("../data/municipalities.csv");

/// One assembly: a prefecture or a municipality.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Municipality {
    /// The six-digit local government code (JIS X 0402 with check digit).
    pub code: String,
    pub prefecture: String,
    /// The municipality's name, or the prefecture's for a prefecture's row.
    pub name: String,
}

/// Every assembly, looked up by name.
pub struct Municipalities {
    all: Vec<Municipality>,
    by_name: HashMap<String, Vec<usize>>,
    longest_name: usize,
}

impl Municipalities {
    /// The bundled list, parsed once.
    pub fn bundled() -> &'static Municipalities {
        static LIST_ONCE: OnceLock<Municipalities> = OnceLock::new();
        LIST_ONCE.get_or_init(|| Municipalities::parse(LIST))
    }

    fn parse(csv: &str) -> Municipalities {
        let mut all = Vec::new();
        for line in csv.lines().skip(1) {
            let cells: Vec<&str> = line.split(',').map(|c| c.trim_matches('"')).collect();
            let [code, prefecture, name, ..] = cells[..] else {
                continue;
            };
            if code.len() != 6 {
                continue;
            }
            all.push(Municipality {
                code: code.to_string(),
                prefecture: prefecture.to_string(),
                name: if name.is_empty() { prefecture } else { name }.to_string(),
            });
        }
        let mut by_name: HashMap<String, Vec<usize>> = HashMap::new();
        for (index, m) in all.iter().enumerate() {
            by_name.entry(m.name.clone()).or_default().push(index);
            if m.name != m.prefecture {
                // 東京都品川区, 青森県青森市: the name qualified by its prefecture.
                by_name
                    .entry(format!("{}{}", m.prefecture, m.name))
                    .or_default()
                    .push(index);
            }
        }
        let longest_name = by_name.keys().map(|k| k.chars().count()).max().unwrap_or(0);
        Municipalities {
            all,
            by_name,
            longest_name,
        }
    }

    /// How many assemblies the list holds.
    pub fn len(&self) -> usize {
        self.all.len()
    }

    pub fn is_empty(&self) -> bool {
        self.all.is_empty()
    }

    /// The assembly named exactly `name` (`品川区`, `東京都品川区`, `東京都`);
    /// None when no assembly or several have that name (伊達市).
    pub fn lookup(&self, name: &str) -> Option<&Municipality> {
        let name: String = name.chars().filter(|c| !c.is_whitespace()).collect();
        match self.by_name.get(&name)?.as_slice() {
            [one] => Some(&self.all[*one]),
            _ => None,
        }
    }

    /// The assembly with this code.
    pub fn by_code(&self, code: &str) -> Option<&Municipality> {
        self.all.iter().find(|m| m.code == code)
    }

    /// The longest assembly name that `text` starts with (`豊島区行政情報化…`).
    pub fn name_at_start(&self, text: &str) -> Option<&Municipality> {
        let ends: Vec<usize> = text
            .char_indices()
            .map(|(at, c)| at + c.len_utf8())
            .take(self.longest_name)
            .collect();
        ends.iter().rev().find_map(|&end| self.lookup(&text[..end]))
    }

    /// The assembly a record names as its own: `弘前市議会`, `目黒区議会`,
    /// `横浜市会`, early in `text`. A name shared by several places counts
    /// only when the text also names the prefecture.
    pub fn mentioned_in(&self, text: &str) -> Option<&Municipality> {
        let head_end = text
            .char_indices()
            .nth(20_000)
            .map_or(text.len(), |(at, _)| at);
        let head = &text[..head_end];
        let mentions = head.match_indices("議会").map(|(at, _)| at).chain(
            head.match_indices("市会")
                .map(|(at, _)| at + '市'.len_utf8()),
        );
        for at in mentions {
            let starts: Vec<usize> = head[..at]
                .char_indices()
                .rev()
                .take(self.longest_name)
                .map(|(start, _)| start)
                .collect();
            // Longest name first: 東京都品川区 before 品川区.
            for start in starts.into_iter().rev() {
                let candidate = &head[start..at];
                if let Some(found) = self.lookup(candidate) {
                    return Some(found);
                }
                if let Some(ambiguous) = self.by_name.get(candidate) {
                    let named = ambiguous
                        .iter()
                        .map(|&i| &self.all[i])
                        .filter(|m| head.contains(&m.prefecture))
                        .collect::<Vec<_>>();
                    if let [one] = named[..] {
                        return Some(one);
                    }
                }
            }
        }
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_codes_and_mentions() {
        let list = Municipalities::bundled();
        assert_eq!(list.len(), 1794);
        assert_eq!(list.lookup("品川区").unwrap().code, "131091");
        assert_eq!(list.lookup("東京都品川区").unwrap().code, "131091");
        assert_eq!(list.lookup("東京都").unwrap().code, "130001");
        // Two 伊達市 (北海道, 福島県): not a name on its own.
        assert_eq!(list.lookup("伊達市"), None);
        assert_eq!(list.lookup("福島県伊達市").unwrap().prefecture, "福島県");
        assert_eq!(
            list.mentioned_in("令和５年第１回弘前市議会定例会を開会")
                .unwrap()
                .code,
            "022021"
        );
        assert_eq!(list.mentioned_in("横浜市会").unwrap().name, "横浜市");
        assert_eq!(list.mentioned_in("第１回定例会議会運営委員会"), None);
        assert_eq!(
            list.name_at_start("豊島区行政情報化推進本部").unwrap().name,
            "豊島区"
        );
    }
}
