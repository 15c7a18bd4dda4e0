//! Links between pages: query strings built from the current parameters.

use std::collections::HashMap;

/// Percent-encodes a query-string value.
pub fn encode(value: &str) -> String {
    const HEX: &[u8; 16] = b"0123456789ABCDEF";
    let mut out = String::with_capacity(value.len() * 3);
    for b in value.bytes() {
        if b.is_ascii_alphanumeric() || b"-_.~".contains(&b) {
            out.push(b as char);
        } else {
            out.push('%');
            out.push(HEX[(b >> 4) as usize] as char);
            out.push(HEX[(b & 15) as usize] as char);
        }
    }
    out
}

/// `/?…` with `params`, each of `changes` set (or removed when empty), and
/// the page reset unless it is one of the changes.
pub fn href_with(params: &HashMap<String, String>, changes: &[(&str, &str)]) -> String {
    format!("/?{}", query_with(params, changes))
}

/// The query string of [`href_with`], for a page of another path.
/// Names are percent-encoded like values: a parameter name carried over
/// from a request cannot add parameters, spaces or control characters to a
/// link or a header.
pub fn query_with(params: &HashMap<String, String>, changes: &[(&str, &str)]) -> String {
    let changed = |key: &str| key == "page" || changes.iter().any(|(k, _)| *k == key);
    let mut pairs: Vec<(&str, &str)> = params
        .iter()
        .filter(|(k, v)| !changed(k) && !v.is_empty())
        .map(|(k, v)| (k.as_str(), v.as_str()))
        .chain(changes.iter().copied().filter(|(_, v)| !v.is_empty()))
        .collect();
    pairs.sort();
    pairs
        .iter()
        .map(|(k, v)| format!("{}={}", encode(k), encode(v)))
        .collect::<Vec<_>>()
        .join("&")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn params(pairs: &[(&str, &str)]) -> HashMap<String, String> {
        pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect()
    }

    #[test]
    fn parameter_names_are_encoded_like_values() {
        let params = params(&[("x&q", "予算"), ("a\u{1}b", "1"), ("q ", "防災")]);
        assert_eq!(
            href_with(&params, &[]),
            "/?a%01b=1&q%20=%E9%98%B2%E7%81%BD&x%26q=%E4%BA%88%E7%AE%97"
        );
    }

    #[test]
    fn links_keep_the_search_and_reset_the_page() {
        let params = params(&[("q", "防災 訓練"), ("page", "3"), ("body", "")]);
        assert_eq!(
            href_with(&params, &[("position", "\"課長\"")]),
            "/?position=%22%E8%AA%B2%E9%95%B7%22&q=%E9%98%B2%E7%81%BD%20%E8%A8%93%E7%B7%B4"
        );
        assert_eq!(
            href_with(&params, &[("from", "2023"), ("until", "2023")]),
            "/?from=2023&q=%E9%98%B2%E7%81%BD%20%E8%A8%93%E7%B7%B4&until=2023"
        );
        assert!(href_with(&params, &[("page", "4")]).starts_with("/?page=4&q="));
    }
}
