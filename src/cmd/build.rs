//! `gloss build`: check, render and write the site, then print a one-line summary.

use super::{print_diagnostics, EXIT_INTERNAL, EXIT_OK, EXIT_USER_ERROR};
use crate::load::Paths;
use std::path::PathBuf;
use std::time::Instant;

/// Run `gloss build`.
pub fn run(root: PathBuf, out: Option<PathBuf>, quiet: bool) -> u8 {
    let start = Instant::now();
    let paths = Paths::new(&root);
    let out = out.unwrap_or_else(|| root.join("output"));
    let files = match crate::pipeline::render(&paths) {
        Ok((files, warnings)) => {
            if !warnings.is_empty() {
                print_diagnostics(&warnings, false);
            }
            files
        }
        Err(diags) => {
            print_diagnostics(&diags, false);
            eprintln!("build failed: {} was left as it was", out.display());
            return EXIT_USER_ERROR;
        }
    };
    match crate::write::write_site(&out, &files) {
        Ok(stats) => {
            if !quiet {
                println!(
                    "Built {} pages and {} assets ({:.1} KiB) into {} in {:.0} ms",
                    stats.pages,
                    stats.assets,
                    stats.bytes as f64 / 1024.0,
                    out.display(),
                    start.elapsed().as_secs_f64() * 1000.0
                );
            }
            EXIT_OK
        }
        Err(d) => {
            print_diagnostics(&d.into(), true);
            EXIT_INTERNAL
        }
    }
}
