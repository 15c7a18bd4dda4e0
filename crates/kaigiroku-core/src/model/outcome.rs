//! What became of an agenda item, as the minutes word it: the closed
//! vocabulary the agenda reader recognizes and users filter by.

/// The outcome of an agenda item.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Outcome {
    /// 可決: a bill passed.
    Passed,
    /// 否決: a bill voted down.
    Rejected,
    /// 採択: a petition adopted.
    Adopted,
    /// 一部採択.
    PartlyAdopted,
    /// 趣旨採択: adopted in its aim only.
    AdoptedInPrinciple,
    /// 不採択.
    NotAdopted,
    /// 承認.
    Approved,
    /// 不承認.
    NotApproved,
    /// 認定 (accounts).
    Certified,
    /// 不認定.
    NotCertified,
    /// 同意 (appointments).
    Consented,
    /// 不同意.
    NotConsented,
    /// 継続審査: carried over for further review.
    ContinuedReview,
    /// 継続調査.
    ContinuedInquiry,
    /// 了承 (reports).
    Noted,
    /// 当選 (elections).
    Elected,
    /// 付託: sent to a committee.
    Referred,
    /// 賛成 (a committee's opinion).
    Supported,
    /// 撤回: withdrawn by its proposer.
    Withdrawn,
    /// 指名: members named by the presiding officer (会議録署名議員の指名).
    Nominated,
    /// 報告: a report heard, not voted on (諸般の報告, 報告第１号).
    Reported,
    /// 決定: decided without a more specific word (会期 and the like).
    Decided,
}

impl Outcome {
    /// Every outcome, the more specific first where one word holds
    /// another (不採択 before 採択), as a reader scanning text needs them.
    pub const ALL: [Outcome; 22] = [
        Outcome::NotAdopted,
        Outcome::AdoptedInPrinciple,
        Outcome::PartlyAdopted,
        Outcome::Adopted,
        Outcome::NotApproved,
        Outcome::Approved,
        Outcome::NotCertified,
        Outcome::Certified,
        Outcome::NotConsented,
        Outcome::Consented,
        Outcome::Rejected,
        Outcome::Passed,
        Outcome::ContinuedReview,
        Outcome::ContinuedInquiry,
        Outcome::Noted,
        Outcome::Elected,
        Outcome::Referred,
        Outcome::Supported,
        Outcome::Withdrawn,
        Outcome::Nominated,
        Outcome::Reported,
        Outcome::Decided,
    ];

    /// The word as the minutes print it, stored in records and indexes.
    pub const fn as_str(self) -> &'static str {
        match self {
            Outcome::Passed => "可決",
            Outcome::Rejected => "否決",
            Outcome::Adopted => "採択",
            Outcome::PartlyAdopted => "一部採択",
            Outcome::AdoptedInPrinciple => "趣旨採択",
            Outcome::NotAdopted => "不採択",
            Outcome::Approved => "承認",
            Outcome::NotApproved => "不承認",
            Outcome::Certified => "認定",
            Outcome::NotCertified => "不認定",
            Outcome::Consented => "同意",
            Outcome::NotConsented => "不同意",
            Outcome::ContinuedReview => "継続審査",
            Outcome::ContinuedInquiry => "継続調査",
            Outcome::Noted => "了承",
            Outcome::Elected => "当選",
            Outcome::Referred => "付託",
            Outcome::Supported => "賛成",
            Outcome::Withdrawn => "撤回",
            Outcome::Nominated => "指名",
            Outcome::Reported => "報告",
            Outcome::Decided => "決定",
        }
    }

    /// The outcome printed as `word`.
    pub fn parse(word: &str) -> Option<Outcome> {
        Outcome::ALL.into_iter().find(|o| o.as_str() == word)
    }

    /// The outcome a phrase ends with, the longest word first: 原案可決 →
    /// 可決, 不承認 → 不承認.
    pub fn ending(phrase: &str) -> Option<Outcome> {
        Outcome::ALL
            .into_iter()
            .filter(|o| phrase.ends_with(o.as_str()))
            .max_by_key(|o| o.as_str().len())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_round_trip_and_longer_words_come_first() {
        for outcome in Outcome::ALL {
            assert_eq!(Outcome::parse(outcome.as_str()), Some(outcome));
        }
        assert_eq!(Outcome::parse("可決"), Some(Outcome::Passed));
        assert_eq!(Outcome::parse("原案可決"), None);
        assert_eq!(Outcome::ending("原案可決"), Some(Outcome::Passed));
        assert_eq!(Outcome::ending("不承認"), Some(Outcome::NotApproved));
        assert_eq!(Outcome::ending("可決とする"), None);
        // A word that holds another comes before it, for readers that scan.
        for (i, outcome) in Outcome::ALL.iter().enumerate() {
            for earlier in &Outcome::ALL[..i] {
                assert!(
                    !outcome.as_str().contains(earlier.as_str()),
                    "{} comes after {}",
                    outcome.as_str(),
                    earlier.as_str()
                );
            }
        }
    }
}
