//! The Diet's (国会) records as the National Diet Library numbers them.
//!
//! The NDL's minutes API counts a meeting's speeches from 0, speechOrder 0
//! being the 会議録情報 header; kaigiroku keeps order 0 for the meeting's own
//! document, so the Diet's speechOrder n is stored as order n + 1. The kokkai
//! reader and the NDL-compatible API both go through here, so the two
//! numberings cannot drift apart.
//!
//! ```
//! use kaigiroku_core::model::ndl;
//! let issue = "121405254X00220241004";
//! assert_eq!(ndl::ndl_speech_id(issue, ndl::stored_order(3)), "121405254X00220241004_003");
//! assert_eq!(
//!     ndl::local_speech_id("121405254X00220241004_003").as_deref(),
//!     Some("121405254X00220241004-4")
//! );
//! ```

/// [`super::Meeting::format`] of the meetings the kokkai reader makes.
pub const DIET_FORMAT: &str = "kokkai";

/// kaigiroku's order of the speech the NDL numbers `ndl_order`.
pub fn stored_order(ndl_order: u64) -> u64 {
    ndl_order.saturating_add(1)
}

/// The NDL's speechOrder of the speech stored at `stored`.
pub fn ndl_order(stored: u64) -> u64 {
    stored.saturating_sub(1)
}

/// The NDL's speechID (`<issueID>_<speechOrder, 3 digits>`) of the speech of
/// meeting `issue_id` stored at `stored_order`.
pub fn ndl_speech_id(issue_id: &str, stored_order: u64) -> String {
    format!("{issue_id}_{:03}", ndl_order(stored_order))
}

/// An NDL issueID: 21 ASCII letters and digits (`121405254X00220241004`).
pub fn is_issue_id(id: &str) -> bool {
    id.len() == 21 && id.bytes().all(|b| b.is_ascii_alphanumeric())
}

/// kaigiroku's speech id for a speechID given in either form: the NDL's
/// `<issueID>_<nnn>`, or kaigiroku's own `{meeting}-{order}` (anything with a
/// `-`, which no NDL id has), taken as it is. None for neither.
pub fn local_speech_id(speech_id: &str) -> Option<String> {
    let ndl = speech_id
        .rsplit_once('_')
        .filter(|(issue, _)| is_issue_id(issue))
        .and_then(|(issue, order)| Some((issue, order.parse::<u64>().ok()?)));
    match ndl {
        Some((issue, order)) => Some(super::speech_id(issue, stored_order(order))),
        None => speech_id.contains('-').then(|| speech_id.to_string()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const ISSUE: &str = "121405254X00220241004";

    #[test]
    fn orders_are_shifted_by_the_meeting_document() {
        assert_eq!(stored_order(0), 1);
        assert_eq!(stored_order(12), 13);
        assert_eq!(ndl_order(13), 12);
        assert_eq!(
            ndl_order(0),
            0,
            "the meeting document has no speechOrder below 0"
        );
        for order in [0, 1, 999, 1000] {
            assert_eq!(ndl_order(stored_order(order)), order);
        }
    }

    #[test]
    fn speech_ids_round_trip() {
        assert_eq!(ndl_speech_id(ISSUE, 1), "121405254X00220241004_000");
        assert_eq!(ndl_speech_id(ISSUE, 13), "121405254X00220241004_012");
        assert_eq!(ndl_speech_id(ISSUE, 1235), "121405254X00220241004_1234");
        for stored in [1, 13, 1235] {
            let local = local_speech_id(&ndl_speech_id(ISSUE, stored));
            assert_eq!(local, Some(format!("{ISSUE}-{stored}")));
        }
    }

    #[test]
    fn local_ids_are_taken_as_they_are() {
        let cases = [
            ("121405254X00220241004_000", Some("121405254X00220241004-1")),
            ("121405254X00220241004-5", Some("121405254X00220241004-5")),
            (
                "shinagawa-r05-20230703-5-12",
                Some("shinagawa-r05-20230703-5-12"),
            ),
            (
                "seed-000_398aad91f4d2a6c2-3",
                Some("seed-000_398aad91f4d2a6c2-3"),
            ),
            // Not an issueID (20 characters), and no `-`.
            ("121405254X0022024100_003", None),
            ("121405254X00220241004_x", None),
            ("121405254X00220241004", None),
            ("", None),
        ];
        for (input, expected) in cases {
            assert_eq!(local_speech_id(input).as_deref(), expected, "{input}");
        }
    }

    #[test]
    fn issue_ids_are_21_ascii_alphanumerics() {
        assert!(is_issue_id(ISSUE));
        assert!(!is_issue_id("121405254X0022024100"));
        assert!(!is_issue_id("121405254X002202410045"));
        assert!(!is_issue_id("121405254X0022024100-"));
        assert!(!is_issue_id("１21405254X0022024100"));
    }
}
