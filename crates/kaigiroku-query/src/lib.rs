//! Search over a kaigiroku index, and the HTTP service.
//!
//! The query side never writes the index: [`Searcher`] opens it read-only
//! and picks up new commits from a concurrent ingest.
//!
//! ```no_run
//! use kaigiroku_query::{SearchRequest, Searcher};
//! let searcher = Searcher::open("index".as_ref(), kaigiroku_core::testing::analyzer())?;
//! let result = searcher.search(&SearchRequest { query: "防災 避難所".into(), ..Default::default() })?;
//! println!("{} speeches", result.total);
//! # Ok::<(), kaigiroku_query::Error>(())
//! ```

pub mod api;
mod error;
pub mod facets;
pub mod kokkai_api;
pub mod page;
pub mod records;
pub mod search;
pub mod server;
pub mod snippet;
pub mod syntax;

pub use error::{Error, Result};
pub use search::{
    AgendaHit, Filter, Hit, KeywordField, MeetingGroup, Scope, SearchRequest, SearchResult,
    Searcher, Sort,
};
