//! The edition's configuration: one YAML file, `content/edition.yaml`.
//!
//! Unknown keys are rejected, so a misspelt key is an error and not a silently ignored
//! setting.

use serde::{Deserialize, Serialize};

/// The name of the configuration file inside `content/`.
pub const CONFIG_FILE: &str = "edition.yaml";

/// The edition's configuration, as written by editors in `content/edition.yaml`.
#[derive(Clone, Debug, Deserialize, Serialize, PartialEq, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Config {
    /// The edition's title, shown on every page.
    pub title: String,
    /// A subtitle shown on the home page.
    #[serde(default)]
    pub subtitle: Option<String>,
    /// Authors of the text.
    #[serde(default)]
    pub authors: Vec<String>,
    /// Translators of the text.
    #[serde(default)]
    pub translators: Vec<String>,
    /// Editors of this annotated edition.
    #[serde(default)]
    pub editors: Vec<String>,
    /// A one-paragraph description of the edition (Markdown), for the home page and metadata.
    #[serde(default)]
    pub description: Option<String>,
    /// The language of the edition as a BCP 47 tag (`en`, `fr`).
    #[serde(default = "default_language")]
    pub language: String,
    /// The URL the site will be published at, e.g. `https://example.org/edition/`.
    #[serde(default = "default_base_url")]
    pub base_url: String,
    /// The theme folder under `themes/` whose files override the built-in default theme.
    #[serde(default = "default_theme")]
    pub theme: String,
    /// How many mentions an entity page shows in context (a line of the text around the
    /// name); further mentions are listed by chapter and paragraph number only, each a
    /// link to the paragraph (0: all of them). Keeps the pages of much-mentioned entities
    /// readable in large editions.
    #[serde(default = "default_mentions_in_context")]
    pub mentions_in_context: usize,
    /// The most HTML, in KiB, that one part of the search index covers: a larger edition's
    /// index is built in several parts, which the search page merges. Smaller parts need
    /// less memory to build; larger parts mean fewer downloads per search (0: never split).
    #[serde(default = "default_search_part_kib")]
    pub search_part_kib: u64,
}

fn default_mentions_in_context() -> usize {
    500
}

fn default_search_part_kib() -> u64 {
    crate::search::PART_KIB
}

fn default_language() -> String {
    "en".to_string()
}

fn default_base_url() -> String {
    "/".to_string()
}

fn default_theme() -> String {
    "default".to_string()
}

/// Why `url` cannot be the address the site is published at, if it cannot: it must be an
/// `http(s)://` URL or a path from the root (`/`, `/edition/`), since it becomes the target
/// of links (the 404 page's, canonical URLs); `javascript:` and the like are refused.
pub fn base_url_problem(url: &str) -> Option<String> {
    let lower = url.to_ascii_lowercase();
    let scheme_ok = lower.starts_with("https://") || lower.starts_with("http://") || lower.starts_with('/');
    if !scheme_ok {
        return Some(format!("`{url}` is not an http(s) address or a path starting with `/`"));
    }
    if url.chars().any(|c| c.is_whitespace() || c.is_control() || matches!(c, '"' | '\'' | '<' | '>' | '`' | '\\')) {
        return Some(format!("`{url}` holds characters a web address cannot"));
    }
    None
}

impl Config {
    /// The base URL with exactly one trailing slash.
    pub fn base_url_slash(&self) -> String {
        format!("{}/", self.base_url.trim_end_matches('/'))
    }
}
