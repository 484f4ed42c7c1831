//! Search across the corpus: a query (plain text, `re:` regular expression,
//! or an annotation query such as `@PER`), the hits it has in one article
//! (code-point offsets, line and column), and a keyword-in-context line to
//! show each hit. Pure: the terminal's list pane and `gloss search` both
//! build on it.

pub mod corpus;
mod hits;
pub mod kwic;
mod ordered;
pub mod query;

pub use hits::{Hit, hits_in_annotations, hits_in_text};
pub use kwic::{Kwic, kwic};
pub use query::{AnnotationQuery, Query, QueryError, TextQuery, parse};

#[cfg(test)]
mod tests;
