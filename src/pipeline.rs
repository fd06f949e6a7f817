//! The build pipeline, stage by stage: load → validate → link → render. Writing and the
//! search index are left to the caller, so `check` runs exactly what `build` runs, minus
//! those.

use crate::diagnostics::{Diagnostics, Result};
use crate::load::{self, Paths};
use crate::render::{self, OutputFile};
use crate::theme::Theme;
use std::time::{Duration, Instant};

/// How long each stage took.
#[derive(Clone, Debug, Default)]
pub struct Timings {
    /// Stage name and duration, in order.
    pub stages: Vec<(&'static str, Duration)>,
    /// Time spent building and rendering each kind of page (by template), summed over the
    /// threads that did it.
    pub per_template: Vec<(&'static str, Duration)>,
}

impl Timings {
    fn time<T>(&mut self, name: &'static str, f: impl FnOnce() -> T) -> T {
        let start = Instant::now();
        let out = f();
        self.stages.push((name, start.elapsed()));
        out
    }

    /// One line: `load 12.3 ms · validate 0.4 ms · ...`.
    pub fn summary(&self) -> String {
        self.stages
            .iter()
            .map(|(n, d)| format!("{n} {:.1} ms", d.as_secs_f64() * 1000.0))
            .collect::<Vec<_>>()
            .join(" · ")
    }

    /// One line: `thread time per template: chapter.html 1234.5 ms · entity.html ...`.
    pub fn per_template_summary(&self) -> String {
        let parts: Vec<String> =
            self.per_template.iter().map(|(n, d)| format!("{n} {:.1} ms", d.as_secs_f64() * 1000.0)).collect();
        format!("thread time per template: {}", parts.join(" · "))
    }
}

/// The result of a successful run of the pipeline.
pub struct Built {
    /// The edition's language (for indexing later).
    pub language: String,
    /// The most HTML, in KiB, one part of the search index covers (`search_part_kib`).
    pub search_part_kib: u64,
    /// The files to write.
    pub files: Vec<OutputFile>,
    /// Warnings found on the way.
    pub warnings: Diagnostics,
    /// How long each stage took.
    pub timings: Timings,
}

/// What to produce.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Options {
    /// Publish at this URL instead of the configuration's `base_url`.
    pub base_url: Option<String>,
}

/// Load, validate, link and render the edition at `paths`. Returns the files to write and
/// the warnings, or every problem found if there is any error. The search index is built
/// from these files by the caller (`crate::search`): in the background by the preview, not
/// at all by `check`.
pub fn render(paths: &Paths, opts: Options) -> Result<Built> {
    let files = render::Collect::default();
    let mut built = render_to(paths, opts, &files)?;
    built.files = files.into_files();
    Ok(built)
}

/// [`render`], handing each file to `out` as soon as it is rendered instead of keeping them
/// (`build` writes them into its staging folder); the returned `files` are empty.
pub fn render_to(paths: &Paths, opts: Options, out: &dyn render::Emit) -> Result<Built> {
    let mut t = Timings::default();
    let warm = std::thread::spawn(crate::render::highlight::warm);
    let mut content = t.time("load", || load::load(paths))?;
    if let Some(url) = &opts.base_url {
        if let Some(problem) = crate::config::base_url_problem(url) {
            return Err(crate::diagnostics::Diagnostic::error("bad-base-url", format!("--base-url: {problem}"))
                .with_hint("give the address the site will be published at, e.g. https://example.org/edition/")
                .into());
        }
        content.config.base_url = url.clone();
    }
    let mut diags = Diagnostics::new();
    t.time("validate", || crate::validate::validate_registry(&content.registry, &mut diags));
    let linked = t.time("link", || crate::link::link(&content, &mut diags));
    let theme = match t.time("theme", || Theme::load(paths, &content.config.theme)) {
        Ok(t) => Some(t),
        Err(d) => {
            diags.extend(d);
            None
        }
    };
    if diags.has_errors() {
        return Err(diags);
    }
    let theme = theme.expect("no errors means the theme loaded");
    let _ = warm.join();
    if let Err(e) = render::render_site(&content, &linked, &theme, &mut t, out) {
        diags.extend(e);
        return Err(diags);
    }
    Ok(Built {
        language: content.config.language.clone(),
        search_part_kib: content.config.search_part_kib,
        files: Vec::new(),
        warnings: diags,
        timings: t,
    })
}
