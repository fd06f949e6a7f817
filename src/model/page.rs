//! Extra pages of the edition (about, editors' guide): `content/pages/*.md`.

use serde::{Deserialize, Serialize};
use std::path::PathBuf;

/// A page's front matter.
#[derive(Clone, Debug, Deserialize, Serialize, PartialEq, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct PageMeta {
    /// Title.
    pub title: String,
    /// Slug: the page is written to `<slug>.html`.
    pub slug: String,
    /// Position in the site navigation (lower first).
    #[serde(default)]
    pub order: i32,
    /// Take the body from this Markdown file (relative to the edition root) instead of the
    /// page file, e.g. `docs/editing.md`, so a document kept elsewhere is published as is.
    #[serde(default)]
    pub source: Option<String>,
    /// Whether the page is listed in the site's navigation (default `true`). A page for
    /// editors, such as the editing guide, is left out of the readers' navigation and
    /// linked from another page instead.
    #[serde(default = "yes")]
    pub nav: bool,
}

fn yes() -> bool {
    true
}

/// An extra page.
#[derive(Clone, Debug, PartialEq)]
pub struct ExtraPage {
    /// Front matter.
    pub meta: PageMeta,
    /// Markdown body.
    pub body: String,
    /// Where it was read from.
    pub path: PathBuf,
}
