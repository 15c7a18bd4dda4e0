//! The readings of single kanji from KANJIDIC (see `data/README.md`):
//! on, kun and 名乗り, which names use and IPADIC's word entries miss
//! (毅 キ, 司 シ).

use std::collections::HashMap;
use std::sync::LazyLock;

const TABLE: &str = include_str!("../../data/kanji-readings.tsv");

static READINGS: LazyLock<HashMap<char, Vec<&'static str>>> = LazyLock::new(|| {
    TABLE
        .lines()
        .filter_map(|line| {
            let (kanji, readings) = line.split_once('\t')?;
            let mut chars = kanji.chars();
            let kanji = chars.next().filter(|_| chars.next().is_none())?;
            Some((kanji, readings.split(' ').collect()))
        })
        .collect()
});

/// The readings of `kanji` in katakana; none for a character not listed.
pub fn readings(kanji: char) -> &'static [&'static str] {
    READINGS.get(&kanji).map_or(&[], Vec::as_slice)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_readings_are_listed() {
        assert!(readings('毅').contains(&"キ"));
        assert!(readings('司').contains(&"シ"));
        assert!(readings('忍').contains(&"シノブ"));
        assert!(readings('a').is_empty());
    }
}
