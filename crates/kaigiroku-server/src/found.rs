//! What a search returns as its results: speeches, meetings or agenda
//! items. The request names the unit once (`Unit::of`, from `group` and
//! `scope`); [`find`] is the one place that runs the engine's entry point
//! for it, and each caller renders the result type it gets.

use kaigiroku_query::{
    AgendaResult, Facets, Folded, MeetingResult, Scope, SearchRequest, SearchResult, Searcher,
};

/// What one result is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Unit {
    Speeches,
    /// A meeting, with its best speeches (`group=meeting`, and the page).
    Meetings,
    /// An agenda item whose speeches hold every word (`scope=agenda`).
    AgendaItems,
}

impl Unit {
    /// The unit `group` and `scope` ask for; `scope=agenda` wins, as an
    /// item is already a group of speeches.
    pub fn of(group: Option<&str>, scope: Option<Scope>) -> Unit {
        match (scope, group) {
            (Some(Scope::Agenda), _) => Unit::AgendaItems,
            (_, Some("meeting")) => Unit::Meetings,
            _ => Unit::Speeches,
        }
    }
}

/// A search's results, of the unit asked for.
pub enum Found {
    Speeches(SearchResult),
    Meetings(MeetingResult),
    AgendaItems(AgendaResult),
}

/// Runs the search for `unit`.
pub fn find(
    searcher: &Searcher,
    request: &SearchRequest,
    unit: Unit,
) -> kaigiroku_query::Result<Found> {
    Ok(match unit {
        Unit::Speeches => Found::Speeches(searcher.search(request)?),
        Unit::Meetings => Found::Meetings(searcher.search_meetings(request)?),
        Unit::AgendaItems => Found::AgendaItems(searcher.search_agenda(request)?),
    })
}

impl Found {
    /// Speeches matching, or items with agenda items.
    pub fn total(&self) -> usize {
        match self {
            Found::Speeches(r) => r.total,
            Found::Meetings(r) => r.total,
            Found::AgendaItems(r) => r.total,
        }
    }

    /// The results a page lists: speeches, meetings or items.
    pub fn listed(&self) -> usize {
        match self {
            Found::Speeches(r) => r.total,
            Found::Meetings(r) => r.total_meetings,
            Found::AgendaItems(r) => r.total,
        }
    }

    pub fn facets(&self) -> &Facets {
        match self {
            Found::Speeches(r) => &r.facets,
            Found::Meetings(r) => &r.facets,
            Found::AgendaItems(r) => &r.facets,
        }
    }

    /// The query as the analyzer normalized it.
    pub fn normalized(&self) -> &str {
        match self {
            Found::Speeches(r) => &r.normalized,
            Found::Meetings(r) => &r.normalized,
            Found::AgendaItems(r) => &r.normalized,
        }
    }

    /// The words searched in other spellings too.
    pub fn folded(&self) -> &[Folded] {
        match self {
            Found::Speeches(r) => &r.folded,
            Found::Meetings(r) => &r.folded,
            Found::AgendaItems(r) => &r.folded,
        }
    }

    /// The terms each word of the query became.
    pub fn terms(&self) -> &[Vec<String>] {
        match self {
            Found::Speeches(r) => &r.terms,
            Found::Meetings(r) => &r.terms,
            Found::AgendaItems(r) => &r.terms,
        }
    }
}
