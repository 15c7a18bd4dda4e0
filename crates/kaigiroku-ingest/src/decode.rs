//! Bytes to text: UTF-8 (with or without BOM), Shift_JIS (CP932) or EUC-JP.
//!
//! A file is only accepted in an encoding that decodes it without a single
//! error, so mojibake never reaches the index.

use encoding_rs::{EUC_JP, SHIFT_JIS};

/// Decodes `bytes`, or says why it cannot.
pub fn decode(bytes: &[u8]) -> Result<String, String> {
    if bytes.is_empty() {
        return Err("empty file".into());
    }
    let bom = bytes.starts_with(b"\xEF\xBB\xBF");
    let bytes = if bom { &bytes[3..] } else { bytes };
    if bytes.iter().take(8192).any(|&b| b == 0) {
        return Err("binary file (contains NUL bytes)".into());
    }
    if bom {
        return std::str::from_utf8(bytes)
            .map(normalize_newlines)
            .map_err(|err| format!("starts with a UTF-8 BOM but is not UTF-8 ({err})"));
    }
    if let Ok(text) = std::str::from_utf8(bytes) {
        return Ok(normalize_newlines(text));
    }
    // Many EUC-JP byte sequences are also valid Shift_JIS (as half-width
    // katakana and user-defined characters): keep the more plausible reading.
    let best = [SHIFT_JIS, EUC_JP]
        .into_iter()
        .filter_map(|encoding| encoding.decode_without_bom_handling_and_without_replacement(bytes))
        .min_by_key(|text| implausible_chars(text));
    if let Some(text) = best {
        return Ok(normalize_newlines(&text));
    }
    Err("not valid UTF-8, Shift_JIS or EUC-JP text".into())
}

/// Characters that real minutes almost never contain: half-width katakana
/// and the private-use area.
fn implausible_chars(text: &str) -> usize {
    text.chars()
        .filter(|c| matches!(c, '\u{FF61}'..='\u{FF9F}' | '\u{E000}'..='\u{F8FF}'))
        .count()
}

fn normalize_newlines(text: &str) -> String {
    text.replace("\r\n", "\n").replace('\r', "\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn encodings_decode_to_the_same_text() {
        let text = "○議長（奈良岡隆君）　ただいまから会議を開きます。\n";
        let (sjis, _, _) = SHIFT_JIS.encode(text);
        let (euc, _, _) = EUC_JP.encode(text);
        let crlf = text.replace('\n', "\r\n");
        let bom = [b"\xEF\xBB\xBF".as_slice(), text.as_bytes()].concat();
        for bytes in [text.as_bytes(), &sjis, &euc, crlf.as_bytes(), &bom] {
            assert_eq!(decode(bytes).unwrap(), text);
        }
    }

    #[test]
    fn garbage_is_refused_with_a_reason() {
        assert_eq!(decode(b"").unwrap_err(), "empty file");
        assert!(
            decode(b"\x00\x01\x02binary")
                .unwrap_err()
                .contains("binary")
        );
        assert!(
            decode(b"\xff\xfe\xfd\xfc\x80\x80")
                .unwrap_err()
                .contains("not valid")
        );
    }
}
