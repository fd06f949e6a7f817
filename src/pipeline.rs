//! The build pipeline, stage by stage: load → validate → link → render. `write` is left
//! to the caller, so `check` runs exactly what `build` runs, minus the writing.

use crate::diagnostics::{Diagnostics, Result};
use crate::load::{self, Paths};
use crate::render::{self, OutputFile};
use crate::theme::Theme;

/// Load, validate, link and render the edition at `paths`. Returns the files to write and
/// the warnings, or every problem found if there is any error.
pub fn render(paths: &Paths) -> Result<(Vec<OutputFile>, Diagnostics)> {
    let content = load::load(paths)?;
    let mut diags = Diagnostics::new();
    crate::validate::validate_registry(&content.registry, &mut diags);
    let linked = crate::link::link(&content, &mut diags);
    let theme = match Theme::load(paths, &content.config.theme) {
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
    match render::render_site(&content, &linked, &theme) {
        Ok(files) => Ok((files, diags)),
        Err(e) => {
            diags.extend(e);
            Err(diags)
        }
    }
}
