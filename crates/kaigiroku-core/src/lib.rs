//! What ingest and query must agree on: the Japanese analyzer, the offline
//! IPADIC dictionary, the index schema and the canonical record model.
//!
//! ```no_run
//! use kaigiroku_core::analysis::Analyzer;
//! use kaigiroku_core::dictionary;
//!
//! let dir = dictionary::default_dictionary_dir();
//! dictionary::ensure_built(&dir)?;
//! let analyzer = Analyzer::open(&dir)?;
//! let analysis = analyzer.analyze("憲法九条");
//! assert_eq!(analysis.normalized.text, "憲法9条");
//! # Ok::<(), kaigiroku_core::Error>(())
//! ```

pub mod analysis;
pub mod dates;
pub mod dictionary;
mod error;
pub mod model;
pub mod schema;
#[cfg(any(test, feature = "testing"))]
pub mod testing;

pub use error::{Error, Result};
