//! The build pipeline, stage by stage: load → validate → link → render. Writing and the
//! search index are left to the caller, so `check` runs exactly what `build` runs, minus
//! those.

use crate::diagnostics::{Diagnostics, Result};
use crate::load::{self, Paths};
use crate::output::{Collect, Emit, OutputFile};
use crate::render;
use crate::theme::Theme;
use crate::timings::Timings;

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
    let files = Collect::default();
    let mut built = render_to(paths, opts, &files)?;
    built.files = files.into_files();
    Ok(built)
}

/// [`render`], handing each file to `out` as soon as it is rendered instead of keeping them
/// (`build` writes them into its staging folder); the returned `files` are empty.
pub fn render_to(paths: &Paths, opts: Options, out: &dyn Emit) -> Result<Built> {
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
    if opts.base_url.is_none() {
        // said about the configured address only: `--base-url` replaces it
        diags.extend(Diagnostics(content.config.warnings.clone()));
    }
    t.time("validate", || {
        crate::validate::validate_registry(&content.registry, &mut diags);
        crate::validate::check_dates_supported(&content, &mut diags);
    });
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
