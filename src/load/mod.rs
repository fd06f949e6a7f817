//! Loading `content/`: the configuration and the chapters, each with source positions so
//! that every problem can be reported where it is. Loading never writes anything.
//!
//! All problems found are collected and returned together, so an editor sees every
//! mistake in one run.

pub mod chapters;
pub mod nesting;
pub mod pages;
pub mod read;
pub mod registry;
pub mod source;
pub mod spans;
pub mod statics;
pub mod yaml;

use crate::config::{Config, CONFIG_FILE};
use crate::diagnostics::{Diagnostic, Diagnostics, Result};
use crate::model::{Chapter, Sidecar};
use registry::Registry;
use source::SourceFile;
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// Everything read from an edition's `content/` folder.
#[derive(Clone, Debug)]
pub struct Content {
    /// The edition's configuration.
    pub config: Config,
    /// The chapters, in order of their `number`.
    pub chapters: Vec<Chapter>,
    /// Each chapter's apparatus (parallel to `chapters`; empty when it has no sidecar).
    pub sidecars: Vec<LoadedSidecar>,
    /// The people, events, places and terms.
    pub registry: Registry,
    /// Extra pages (about, editors' guide), in navigation order.
    pub pages: Vec<crate::model::page::ExtraPage>,
    /// Files of the edition's `static/` folder, copied to the top of the site as they are.
    pub statics: Vec<(String, Vec<u8>)>,
}

/// A chapter's sidecar with the file it came from.
#[derive(Clone, Debug, Default)]
pub struct LoadedSidecar {
    /// The apparatus.
    pub sidecar: Sidecar,
    /// The YAML file, when there is one.
    pub source: Option<Arc<SourceFile>>,
}

/// Where an edition's files are.
#[derive(Clone, Debug)]
pub struct Paths {
    /// The edition root (the folder holding `content/` and `themes/`).
    pub root: PathBuf,
    /// The most bytes read from one file (`max_file_mib` in the configuration).
    pub max_file_bytes: u64,
}

impl Paths {
    /// The paths of the edition at `root`.
    pub fn new(root: impl Into<PathBuf>) -> Self {
        Paths { root: root.into(), max_file_bytes: read::DEFAULT_MAX_FILE_MIB << 20 }
    }

    /// `root/content`.
    pub fn content(&self) -> PathBuf {
        self.root.join("content")
    }

    /// The metadata of `path` (symlinks followed) if it resolves to a place inside the
    /// edition root.
    pub fn inside(&self, path: &Path) -> std::result::Result<std::fs::Metadata, read::ReadError> {
        let real = read::resolve_inside(path, &self.root)?;
        std::fs::metadata(real).map_err(read::ReadError::Io)
    }

    /// A path for display in diagnostics: relative to the root when inside it.
    pub fn display(&self, path: &Path) -> PathBuf {
        path.strip_prefix(&self.root).unwrap_or(path).to_path_buf()
    }
}

/// Read a whole file of the edition (a regular file inside the root, within the size
/// limit), reporting problems as diagnostics: `io` for a failure of the system, `unsafe-read`
/// for a file gloss refuses to read.
pub fn read_file(paths: &Paths, path: &Path) -> std::result::Result<Vec<u8>, Diagnostic> {
    read::read_regular(path, Some(&paths.root), paths.max_file_bytes).map_err(|e| {
        let shown = paths.display(path);
        let (why, hint) = e.explain();
        let message = format!("cannot read {}: {why}", shown.display());
        let d = if e.is_io() { Diagnostic::io("io", message) } else { Diagnostic::error("unsafe-read", message) };
        d.in_file(shown).with_hint(hint)
    })
}

/// Load the configuration and all chapters of the edition at `paths`.
pub fn load(paths: &Paths) -> Result<Content> {
    let mut diags = Diagnostics::new();
    let config = load_config(paths).map_err(|d| diags.push(d)).ok();
    let limited;
    let paths = match &config {
        Some(c) => {
            limited = Paths { root: paths.root.clone(), max_file_bytes: c.max_file_mib.saturating_mul(1 << 20) };
            &limited
        }
        None => paths,
    };
    let chapters = chapters::load_chapters(paths, &mut diags);
    let sidecars = chapters::load_sidecars(paths, &chapters, &mut diags);
    let registry = registry::load_registry(paths, &mut diags);
    let pages = pages::load_pages(paths, &mut diags);
    let statics = statics::load_statics(paths, &mut diags);
    match config {
        Some(config) if !diags.has_errors() => Ok(Content { config, chapters, sidecars, registry, pages, statics }),
        _ => Err(diags),
    }
}

/// Load `content/edition.yaml`.
pub fn load_config(paths: &Paths) -> std::result::Result<Config, Diagnostic> {
    let path = paths.content().join(CONFIG_FILE);
    let shown = paths.display(&path);
    if !path.exists() {
        return Err(Diagnostic::error("missing-config", format!("no configuration file at {}", shown.display()))
            .with_hint(format!(
                "is --root pointing at an edition? It needs content/{CONFIG_FILE} with at least `title: ...`"
            )));
    }
    let bytes = read_file(paths, &path)?;
    let text = yaml::decode_text(&shown, &bytes)?;
    if text.trim().is_empty() {
        return Err(Diagnostic::error("empty-file", "the configuration file is empty")
            .in_file(&shown)
            .with_hint("it needs at least `title: ...`"));
    }
    let config: Config = yaml::parse(&shown, &text, &text, 0)?;
    if let Some(problem) = crate::config::base_url_problem(&config.base_url) {
        return Err(Diagnostic::error("bad-base-url", problem)
            .in_file(&shown)
            .at(&text, key_value_location(&text, 0, "base_url"))
            .with_hint("write the address the site will be published at, e.g. https://example.org/edition/, or a path such as /edition/"));
    }
    let mut config = config;
    if config.base_url.contains("://") && !crate::config::is_published_address(&config.base_url) {
        // an address on a domain reserved for examples: a placeholder left in place
        config.warnings.push(
            Diagnostic::warning(
                "placeholder-base-url",
                format!("`base_url` is `{}`, a placeholder address: pages carry no canonical link", config.base_url),
            )
            .in_file(&shown)
            .at(&text, key_value_location(&text, 0, "base_url"))
            .with_hint("write the address the site will be published at, or pass it with `--base-url` when building for publication"),
        );
    }
    if let Some((problem, hint)) = crate::config::language_problem(&config.language) {
        return Err(Diagnostic::error("bad-language", problem)
            .in_file(&shown)
            .at(&text, key_value_location(&text, 0, "language"))
            .with_hint(hint));
    }
    Ok(config)
}

/// Where the value of the top-level key `key` starts in `yaml` (a YAML file, or a front
/// matter that starts `line_offset` lines into its file), from the span index: the one way
/// gloss locates a value. Line 1 after the offset, column 1, when the key is not there.
pub fn key_value_location(yaml: &str, line_offset: usize, key: &str) -> crate::diagnostics::Location {
    let path = [spans::Seg::Key(key.to_string())];
    let pos = spans::SpanIndex::new(yaml).map(|index| index.best(&path));
    match pos {
        Some(p) => crate::diagnostics::Location { line: p.line + line_offset, column: p.column },
        None => crate::diagnostics::Location { line: 1 + line_offset, column: 1 },
    }
}
