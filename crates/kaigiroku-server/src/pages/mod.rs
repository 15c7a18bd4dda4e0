//! The web pages for residents, rendered on the server; everything works
//! without JavaScript.

pub mod agenda;
pub mod compare;
pub mod links;
pub mod meeting;
pub mod members;
pub mod ordinances;
pub mod page_params;
pub mod search;
pub mod speaker;
pub mod speech;
