//! `gloss check`: everything `build` checks, without writing anything.

use super::print_diagnostics;
use crate::cli::Format;
use crate::diagnostics::Diagnostics;
use crate::load::Paths;
use std::path::PathBuf;

/// Run `gloss check`.
pub fn run(root: PathBuf, format: Format, all: bool) -> u8 {
    let paths = Paths::new(&root);
    // everything but the search index, which no content can make fail
    let (mut diags, ok) = match crate::pipeline::render(&paths, Default::default()) {
        Ok(built) => (built.warnings, true),
        Err(d) => (d, false),
    };
    diags.sort();
    match format {
        Format::Json => {
            #[derive(serde::Serialize)]
            struct Report<'a> {
                ok: bool,
                errors: usize,
                warnings: usize,
                diagnostics: &'a Diagnostics,
            }
            let report =
                Report { ok, errors: diags.error_count(), warnings: diags.warning_count(), diagnostics: &diags };
            println!("{}", serde_json::to_string_pretty(&report).unwrap_or_default());
        }
        Format::Human => {
            print_diagnostics(&diags, all);
            if ok {
                eprintln!("check passed: {}", paths.root.display());
            }
        }
    }
    diags.exit_code().into()
}
