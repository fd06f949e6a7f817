//! gloss turns history texts into annotated editions: Markdown chapters plus YAML registers
//! of people, events, places and terms become a cross-linked static website.
//!
//! The pipeline runs one way: [`load`] reads `content/` into the [`model`], [`render`]
//! turns the model into pages with the [`theme`], and [`write`] puts them into `output/`
//! atomically. [`pipeline`] strings the stages together; [`cmd`] holds the commands.
#![warn(missing_docs)]

pub mod cli;
pub mod cmd;
pub mod config;
pub mod diagnostics;
pub mod import;
pub mod link;
pub mod load;
pub mod model;
pub mod pipeline;
pub mod render;
pub mod schema;
pub mod text;
pub mod theme;
pub mod validate;
pub mod write;
