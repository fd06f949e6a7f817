//! A chapter: its front matter and its Markdown body, as loaded from `content/chapters/`.

use serde::{Deserialize, Serialize};
use std::path::PathBuf;

/// A chapter's front matter (the YAML between `---` lines at the top of its file).
#[derive(Clone, Debug, Deserialize, Serialize, PartialEq, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ChapterMeta {
    /// The chapter's title.
    pub title: String,
    /// Its position in the edition (1, 2, ...); chapters are ordered by it.
    pub number: u32,
    /// Its slug, which names its page: `chapter/<slug>.html`.
    pub slug: String,
    /// The chapter's number in the original book, if it differs (e.g. `XXXV`).
    #[serde(default)]
    pub original_chapter: Option<String>,
    /// Where the text comes from (bibliographic reference).
    #[serde(default)]
    pub source: Option<String>,
    /// Who translated it, and where the translation was published.
    #[serde(default)]
    pub translation: Option<String>,
    /// The source text this chapter was imported from, relative to the edition root
    /// (e.g. `sources/broue-trotsky-ch35.txt`). `gloss check` verifies that it is there.
    #[serde(default)]
    pub source_file: Option<String>,
}

/// A chapter as loaded: metadata, Markdown body and where it came from.
#[derive(Clone, Debug, PartialEq)]
pub struct Chapter {
    /// The front matter.
    pub meta: ChapterMeta,
    /// The file it was read from, relative to the edition root.
    pub path: PathBuf,
    /// The Markdown after the front matter.
    pub body: String,
    /// The number of lines before the body in the file (to map body lines to file lines).
    pub body_line_offset: usize,
    /// The body, read once: paragraphs, headings, notes, with their places in `body`.
    pub doc: super::document::Document,
}

impl Chapter {
    /// Point `d` at byte `offset` of the body: the chapter file, its line and column, and
    /// the line's text.
    pub fn locate(&self, d: crate::diagnostics::Diagnostic, offset: usize) -> crate::diagnostics::Diagnostic {
        use crate::diagnostics::Location;
        let at = Location::from_offset(&self.body, offset.min(self.body.len()));
        let mut d = d.in_file(&self.path).at(&self.body, at);
        d.location = Some(Location { line: at.line + self.body_line_offset, column: at.column });
        d
    }
}
