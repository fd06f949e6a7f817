//! gloss turns history texts into annotated editions: Markdown chapters plus YAML registers
//! of people, events, places and terms become a cross-linked static website.
//!
//! The pipeline runs one way: [`load`] reads `content/` into the [`model`], [`render`]
//! turns the model into pages with the [`theme`], and [`write`] puts them into `output/`
//! atomically. [`pipeline`] strings the stages together; [`cmd`] holds the commands.
#![warn(missing_docs)]
// Diagnostics carry a file, a location, the quoted line and a hint; they are returned only
// on the error path, so their size does not matter.
#![allow(clippy::result_large_err)]

pub mod cli;
pub mod cmd;
pub mod config;
pub mod diagnostics;
pub mod import;
pub mod link;
pub mod load;
pub mod model;
pub mod output;
pub mod pipeline;
pub mod render;
pub mod schema;
pub mod search;
pub mod serve;
pub mod theme;
pub mod timings;
pub mod validate;
pub mod write;
