//! gloss: a terminal reader and annotator for text corpora.
//!
//! The core (everything but `tui`) knows texts, offsets, annotations,
//! schemas and files, and nothing about terminals; the terminal shell in
//! `tui` and the command line in `cli` are both built on it.

pub mod adjudicate;
pub mod agree;
pub mod annotation;
pub mod article;
pub mod autosave;
pub mod cli;
pub mod config;
pub mod convert;
pub mod corpus;
pub mod dirs;
pub mod formats;
pub mod fsread;
pub mod hash;
pub mod history;
pub mod lock;
pub mod merge;
pub mod natural;
pub mod outputs;
#[cfg(test)]
mod parser_props;
pub mod paths;
pub mod reanchor;
pub mod review;
pub mod schema;
pub mod search;
pub mod service;
pub mod store;
mod strict_json;
pub mod team;
pub mod team_stats;
pub mod text;
pub mod tui;
pub mod validate;
