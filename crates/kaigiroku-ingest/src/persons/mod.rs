//! Who a speaker is across an assembly's meetings.
//!
//! A label names a person only partly: `石田委員` in a committee is
//! `石田ちひろ君` in the plenary, `森澤区長` is `区長（森澤恭子君）`, and
//! `高橋` was a 区長 in 2001 and a councillor in 2023. Persons are
//! resolved per assembly in two steps: a [`Census`] of every name the
//! meetings print (labels, attendance lists, the Diet's fields, a roster
//! an operator supplies), then a [`Directory`] built from it that maps each
//! label at its date to one person, or leaves it unresolved.

mod assign;
mod census;
mod directory;
mod introductions;
mod lists;
mod report;
mod roster;
mod side;

pub use assign::{assign, fingerprint};
pub use census::{Census, Sighting};
pub use directory::{Directory, Resolution};
pub use lists::{declared_group, names_in_text};
pub use report::{PersonsReport, resolve_files};
pub use roster::{RosterEntry, read_roster};
pub use side::{Side, assembly_of};
