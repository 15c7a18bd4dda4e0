//! The search engine over a kaigiroku index: requests, query building,
//! facets, highlighting, distinct meetings and stored records. No HTTP
//! here: the server crate puts it on the web, the CLI in a terminal.
//!
//! The engine never writes the index: [`Searcher`] opens it read-only and
//! picks up new commits from a concurrent ingest.
//!
//! ```no_run
//! use kaigiroku_core::{analysis::Analyzer, dictionary};
//! use kaigiroku_query::{SearchRequest, Searcher};
//! let analyzer = std::sync::Arc::new(Analyzer::open(&dictionary::default_dictionary_dir())?);
//! let searcher = Searcher::open("index".as_ref(), analyzer)?;
//! let result = searcher.search(&SearchRequest { query: "防災 避難所".into(), ..Default::default() })?;
//! println!("{} speeches", result.total);
//! # Ok::<(), kaigiroku_query::Error>(())
//! ```

mod affix;
mod agenda;
pub mod bills;
pub mod cursor;
mod error;
pub mod facets;
mod fold;
pub mod highlight;
mod meeting_ids;
pub mod meetings;
pub mod members;
mod passage;
mod precedents;
mod query;
mod ranking;
pub mod records;
pub mod request;
pub mod results;
mod search;
mod searcher;
pub mod similar;
pub mod speakers;
pub mod syntax;
pub mod trends;

pub use bills::{BillStage, Ordinance};
pub use cursor::Cursor;
pub use error::{Error, Result};
pub use facets::{Facet, Facets};
pub use highlight::{Highlighter, Marked};
pub use meetings::MeetingMatch;
pub use members::{Member, MemberSort};
pub use records::{StoredMeeting, StoredSpeech};
pub use request::{
    Assembly, DateBound, DateRange, Detail, Filter, KeywordField, NameMatch, Scope, SearchRequest,
    Sort,
};
pub use results::{
    AgendaHit, AgendaResult, Explain, Folded, Hit, MeetingGroup, MeetingResult, SearchResult,
};
pub use search::BEST_PER_MEETING;
pub use searcher::Searcher;
pub use similar::AgendaRecord;
pub use trends::{Interval, Point, Split, Trends};
