//! The build pipeline, stage by stage: load → validate → render. `write` is left to the
//! caller, so `check` runs exactly what `build` runs, minus the writing.

use crate::diagnostics::{Diagnostics, Result};
use crate::load::{self, Paths};
use crate::render::{self, OutputFile};
use crate::theme::Theme;

/// Load, check and render the edition at `paths`. Returns the files to write and any
/// warnings, or every error found.
pub fn render(paths: &Paths) -> Result<(Vec<OutputFile>, Diagnostics)> {
    let content = load::load(paths)?;
    let theme = Theme::load(paths, &content.config.theme)?;
    let files = render::render_site(&content, &theme)?;
    Ok((files, Diagnostics::new()))
}
