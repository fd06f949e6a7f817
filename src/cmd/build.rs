//! `gloss build`: check, render and write the site, then print a one-line summary.

use super::{print_diagnostics, EXIT_INTERNAL, EXIT_OK, EXIT_USER_ERROR};
use crate::load::Paths;
use std::path::PathBuf;
use std::time::Instant;

/// Options of `gloss build`.
pub struct BuildArgs {
    /// Edition root.
    pub root: PathBuf,
    /// Output folder (default `ROOT/output`).
    pub out: Option<PathBuf>,
    /// Print nothing but errors.
    pub quiet: bool,
    /// Print every warning instead of a count.
    pub verbose: bool,
    /// Print how long each stage took.
    pub timings: bool,
    /// Publish at this URL instead of the configuration's `base_url`.
    pub base_url: Option<String>,
}

/// Run `gloss build`.
pub fn run(args: BuildArgs) -> u8 {
    let start = Instant::now();
    let paths = Paths::new(&args.root);
    let out = args.out.unwrap_or_else(|| args.root.join("output"));
    // the search index is built from the written pages, in the staging folder (in parallel)
    let opts = crate::pipeline::Options { base_url: args.base_url.clone() };
    let built = match crate::pipeline::render(&paths, opts) {
        Ok(b) => b,
        Err(diags) => {
            let errors_only = crate::diagnostics::Diagnostics(diags.0.into_iter().filter(|d| d.is_error()).collect());
            print_diagnostics(&errors_only, true);
            eprintln!("build failed: {} was left as it was", out.display());
            return EXIT_USER_ERROR;
        }
    };
    if args.verbose {
        print_diagnostics(&built.warnings, true);
    }
    let write_start = Instant::now();
    let mut search_time = std::time::Duration::ZERO;
    let indexed: Vec<(String, u64)> = built
        .files
        .iter()
        .filter(|f| crate::search::is_indexed(f))
        .map(|f| (f.path.clone(), f.bytes.len() as u64))
        .collect();
    let (language, part_kib) = (built.language.clone(), built.search_part_kib);
    let written = crate::write::write_site_with(&out, built.files, |staging| {
        let start = Instant::now();
        let bundle = crate::search::index_folder(staging, &indexed, &language, part_kib);
        search_time = start.elapsed();
        bundle
    });
    match written {
        Ok(stats) => {
            if !args.quiet {
                let w = built.warnings.warning_count();
                let warn = match (w, args.verbose) {
                    (0, _) | (_, true) => String::new(),
                    (1, false) => " (1 warning: `gloss check` shows it)".into(),
                    (n, false) => format!(" ({n} warnings: `gloss check` lists them)"),
                };
                println!(
                    "Built {} pages and {} assets ({:.1} KiB) into {} in {:.0} ms{warn}",
                    stats.pages,
                    stats.assets,
                    stats.bytes as f64 / 1024.0,
                    out.display(),
                    start.elapsed().as_secs_f64() * 1000.0
                );
            }
            if args.timings {
                let write = write_start.elapsed().saturating_sub(search_time);
                println!(
                    "{} · search {:.1} ms · write {:.1} ms",
                    built.timings.summary(),
                    search_time.as_secs_f64() * 1000.0,
                    write.as_secs_f64() * 1000.0
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
