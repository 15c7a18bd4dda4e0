//! Text that XML 1.0 can hold.

/// `xml` without the characters XML 1.0 forbids (C0 controls other than
/// tab, LF and CR; U+FFFE and U+FFFF). A query or a speech may hold one,
/// and one is enough to make a whole feed unreadable to its reader. The
/// markup never holds them, so the whole document can be filtered.
pub fn without_forbidden_chars(xml: String) -> String {
    let forbidden = |c: char| {
        (c < ' ' && !matches!(c, '\t' | '\n' | '\r')) || matches!(c, '\u{FFFE}' | '\u{FFFF}')
    };
    if xml.contains(forbidden) {
        xml.replace(forbidden, "")
    } else {
        xml
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn controls_go_and_the_rest_stays() {
        assert_eq!(
            without_forbidden_chars("<t>a\u{b}b\u{0}\tc\r\n\u{FFFF}の</t>".into()),
            "<t>ab\tc\r\nの</t>"
        );
    }
}
