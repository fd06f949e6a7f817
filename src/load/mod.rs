//! Loading `content/`: the configuration and the chapters, each with source positions so
//! that every problem can be reported where it is. Loading never writes anything.
//!
//! All problems found are collected and returned together, so an editor sees every
//! mistake in one run.

pub mod chapters;
pub mod nesting;
pub mod pages;
pub mod registry;
pub mod source;
pub mod spans;
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
}

impl Paths {
    /// The paths of the edition at `root`.
    pub fn new(root: impl Into<PathBuf>) -> Self {
        Paths { root: root.into() }
    }

    /// `root/content`.
    pub fn content(&self) -> PathBuf {
        self.root.join("content")
    }

    /// A path for display in diagnostics: relative to the root when inside it.
    pub fn display(&self, path: &Path) -> PathBuf {
        path.strip_prefix(&self.root).unwrap_or(path).to_path_buf()
    }
}

/// Read a whole file, reporting I/O problems as diagnostics.
pub fn read_file(paths: &Paths, path: &Path) -> std::result::Result<Vec<u8>, Diagnostic> {
    std::fs::read(path).map_err(|e| {
        Diagnostic::error("io", format!("cannot read {}: {e}", paths.display(path).display()))
            .in_file(paths.display(path))
            .with_hint("check that the file exists and is readable")
    })
}

/// Load the configuration and all chapters of the edition at `paths`.
pub fn load(paths: &Paths) -> Result<Content> {
    let mut diags = Diagnostics::new();
    let config = load_config(paths).map_err(|d| diags.push(d)).ok();
    let chapters = chapters::load_chapters(paths, &mut diags);
    let sidecars = chapters::load_sidecars(paths, &chapters, &mut diags);
    let registry = registry::load_registry(paths, &mut diags);
    let pages = pages::load_pages(paths, &mut diags);
    match config {
        Some(config) if !diags.has_errors() => Ok(Content { config, chapters, sidecars, registry, pages }),
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
        let line = text.lines().position(|l| l.starts_with("base_url:")).map_or(1, |i| i + 1);
        let column = text
            .lines()
            .nth(line - 1)
            .map_or(1, |l| l.len() - l["base_url:".len().min(l.len())..].trim_start().len() + 1);
        return Err(Diagnostic::error("bad-base-url", problem)
            .in_file(&shown)
            .at(&text, crate::diagnostics::Location { line, column })
            .with_hint("write the address the site will be published at, e.g. https://example.org/edition/, or a path such as /edition/"));
    }
    Ok(config)
}
