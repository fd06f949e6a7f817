//! The edition's configuration: one YAML file, `content/edition.yaml`.
//!
//! Unknown keys are rejected, so a misspelt key is an error and not a silently ignored
//! setting.

use serde::{Deserialize, Serialize};

/// The most HTML, in KiB, that one part of the index covers by default
/// (`search_part_kib` in the edition's configuration). A large edition's index is built in
/// parts, each a Pagefind bundle of its own that the search page merges (`mergeIndex`):
/// parts are built side by side (Pagefind compresses one part's files on one thread) and
/// only `search::PARALLEL_PARTS` parts are in memory at a time.
pub const PART_KIB: u64 = 24 * 1024;

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
    /// The largest file, in MiB, that gloss reads from the edition (chapters, registers,
    /// pages, theme files); a larger file is refused with a diagnostic instead of being
    /// read into memory.
    #[serde(default = "default_max_file_mib")]
    pub max_file_mib: u64,
    /// Warnings about the configuration found when it was loaded (a placeholder
    /// `base_url`); not part of the file.
    #[serde(skip)]
    #[schemars(skip)]
    pub warnings: Vec<crate::diagnostics::Diagnostic>,
}

fn default_max_file_mib() -> u64 {
    crate::load::read::DEFAULT_MAX_FILE_MIB
}

fn default_mentions_in_context() -> usize {
    500
}

fn default_search_part_kib() -> u64 {
    PART_KIB
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

/// Whether `url` is a full address a reader can visit: `http(s)://` and not one of the
/// placeholder domains reserved for examples (`example.org`, `example.com`, `example.net`).
/// Only then do pages carry canonical links and `og:url`.
pub fn is_published_address(url: &str) -> bool {
    let lower = url.to_ascii_lowercase();
    let Some(rest) = lower.strip_prefix("https://").or_else(|| lower.strip_prefix("http://")) else { return false };
    let host = rest.split(['/', ':', '?', '#']).next().unwrap_or("");
    let host = host.strip_prefix("www.").unwrap_or(host);
    !host.is_empty() && !matches!(host, "example.org" | "example.com" | "example.net")
}

/// The longest `language` tag accepted: longer than any tag an edition needs (`zh-Hant-TW`,
/// `de-CH-1996`), and short enough for the search indexer.
pub const MAX_LANGUAGE_LEN: usize = 20;

/// Languages by name and their tags, for hints.
const LANGUAGES: [(&str, &str); 24] = [
    ("english", "en"),
    ("french", "fr"),
    ("german", "de"),
    ("russian", "ru"),
    ("spanish", "es"),
    ("italian", "it"),
    ("portuguese", "pt"),
    ("dutch", "nl"),
    ("polish", "pl"),
    ("ukrainian", "uk"),
    ("chinese", "zh"),
    ("japanese", "ja"),
    ("arabic", "ar"),
    ("hebrew", "he"),
    ("greek", "el"),
    ("latin", "la"),
    ("czech", "cs"),
    ("swedish", "sv"),
    ("danish", "da"),
    ("finnish", "fi"),
    ("norwegian", "no"),
    ("hungarian", "hu"),
    ("turkish", "tr"),
    ("yiddish", "yi"),
];

/// Why `tag` is not a usable BCP 47 language tag, if it is not, with a suggestion: a
/// primary language subtag of 2–3 letters, then subtags of 1–8 letters or digits joined by
/// `-`, at most [`MAX_LANGUAGE_LEN`] characters in all.
pub fn language_problem(tag: &str) -> Option<(String, String)> {
    let mut subtags = tag.split('-');
    let primary = subtags.next().unwrap_or("");
    let primary_ok = (2..=3).contains(&primary.len()) && primary.chars().all(|c| c.is_ascii_alphabetic());
    let rest_ok = subtags.all(|s| (1..=8).contains(&s.len()) && s.chars().all(|c| c.is_ascii_alphanumeric()));
    if primary_ok && rest_ok && tag.len() <= MAX_LANGUAGE_LEN {
        return None;
    }
    let lower = tag.trim().to_ascii_lowercase();
    let names: Vec<&str> = LANGUAGES.iter().map(|(n, _)| *n).collect();
    let tags: Vec<&str> = LANGUAGES.iter().map(|(_, t)| *t).collect();
    let suggestion = crate::load::yaml::did_you_mean(&lower, &names)
        .and_then(|n| LANGUAGES.iter().find(|(name, _)| *name == n).map(|(_, t)| *t))
        .or_else(|| crate::load::yaml::did_you_mean(&lower, &tags));
    let hint = match suggestion {
        Some(t) => format!("did you mean `{t}`? Write a BCP 47 tag such as `en`, `fr` or `pt-BR`"),
        None => "write a BCP 47 tag such as `en`, `fr` or `pt-BR`".to_string(),
    };
    Some((format!("`{tag}` is not a language tag (BCP 47, at most {MAX_LANGUAGE_LEN} characters)"), hint))
}

impl Config {
    /// The base URL with exactly one trailing slash.
    pub fn base_url_slash(&self) -> String {
        format!("{}/", self.base_url.trim_end_matches('/'))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn language_tags() {
        for ok in ["en", "fr", "pt-BR", "zh-Hant-TW", "de-CH-1996", "yue"] {
            assert!(language_problem(ok).is_none(), "{ok}");
        }
        let long = "en-".to_string() + &"x".repeat(30);
        for bad in ["", "english", "e", "en_GB", "en--GB", "fr-", long.as_str()] {
            assert!(language_problem(bad).is_some(), "{bad}");
        }
        assert!(language_problem("English").unwrap().1.contains("`en`"));
        assert!(language_problem("fre").is_none());
        assert!(language_problem("frnch").unwrap().1.contains("`fr`"));
    }
}
