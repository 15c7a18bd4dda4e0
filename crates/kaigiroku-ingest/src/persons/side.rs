//! Which side of the chamber a speaker speaks from, and whose assembly.

use kaigiroku_core::model::{Category, Meeting};
use serde::{Deserialize, Serialize};

/// Which side of the chamber a speaker speaks from. A label is only ever
/// resolved to a person of its own side: a member is never an official.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum Side {
    /// Members, the chair included.
    Member,
    /// The head of the executive and its deputies (区長, 副区長, 教育長, 大臣).
    Executive,
    /// Officials who answer (部長, 課長) and the assembly's secretariat.
    Staff,
    /// Witnesses and anyone else.
    Other,
}

impl Side {
    /// The word a key qualifies an official's name with.
    pub fn label(self) -> &'static str {
        match self {
            Side::Member => "議員",
            Side::Executive => "首長",
            Side::Staff => "説明員",
            Side::Other => "その他",
        }
    }

    pub fn of(category: Category) -> Side {
        match category {
            Category::Chair | Category::Member => Side::Member,
            Category::Executive => Side::Executive,
            Category::Staff | Category::Secretariat => Side::Staff,
            Category::Witness | Category::Other => Side::Other,
        }
    }
}

/// The assembly a meeting's people belong to: its code, else its name.
pub fn assembly_of(meeting: &Meeting) -> Option<String> {
    Some(meeting.assembly().to_string()).filter(|a| !a.is_empty())
}
