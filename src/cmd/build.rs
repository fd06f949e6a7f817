//! `gloss build`: check, render and write the site, then print a one-line summary.

use super::{print_diagnostics, EXIT_INTERNAL, EXIT_OK};
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
    /// Replace an output folder that gloss did not make (never the edition or its folders).
    pub force: bool,
}

/// Run `gloss build`.
pub fn run(args: BuildArgs) -> u8 {
    let start = Instant::now();
    let paths = Paths::new(&args.root);
    let out = args.out.unwrap_or_else(|| args.root.join("output"));
    if let Err(d) = crate::write::guard::may_replace(&out, &args.root, args.force) {
        print_diagnostics(&d.into(), true);
        return EXIT_INTERNAL;
    }
    // pages are written into the staging folder as they are rendered; the pages that opt in
    // to search are noted, and indexed there once all are written
    let staging = crate::write::Staging::new(&out);
    let sink = Noting { staging: &staging, indexed: Default::default() };
    let opts = crate::pipeline::Options { base_url: args.base_url.clone() };
    let built = match crate::pipeline::render_to(&paths, opts, &sink) {
        Ok(b) => b,
        Err(diags) => {
            let errors_only = crate::diagnostics::Diagnostics(diags.0.into_iter().filter(|d| d.is_error()).collect());
            print_diagnostics(&errors_only, true);
            eprintln!("build failed: {} was left as it was", out.display());
            // a page that could not be written is the system's problem, not the content's
            return errors_only.exit_code().into();
        }
    };
    if args.verbose {
        print_diagnostics(&built.warnings, true);
    }
    let search_start = Instant::now();
    let mut indexed = sink.indexed.into_inner().unwrap_or_else(std::sync::PoisonError::into_inner);
    indexed.sort();
    let written = staging
        .dir()
        .and_then(|dir| crate::search::index_folder(dir, &indexed, &built.language, built.search_part_kib))
        .map(|bundle| (bundle, search_start.elapsed()))
        .and_then(|(bundle, search_time)| {
            let write_start = Instant::now();
            staging.write_all(bundle)?;
            let stats = staging.commit()?;
            Ok((stats, search_time, write_start.elapsed()))
        });
    match written {
        Ok((stats, search_time, write)) => {
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
                println!(
                    "{} · search {:.1} ms · write {:.1} ms",
                    built.timings.summary(),
                    search_time.as_secs_f64() * 1000.0,
                    write.as_secs_f64() * 1000.0
                );
                println!("{}", built.timings.per_template_summary());
            }
            EXIT_OK
        }
        Err(d) => {
            print_diagnostics(&d.into(), true);
            EXIT_INTERNAL
        }
    }
}

/// Hands rendered files to the staging folder, noting the pages that opt in to search
/// (path and size).
struct Noting<'a> {
    staging: &'a crate::write::Staging,
    indexed: std::sync::Mutex<Vec<(String, u64)>>,
}

impl crate::output::Emit for Noting<'_> {
    fn emit(&self, file: crate::output::OutputFile) -> Result<(), crate::diagnostics::Diagnostic> {
        if crate::search::is_indexed(&file) {
            let entry = (file.path.clone(), file.bytes.len() as u64);
            self.indexed.lock().unwrap_or_else(std::sync::PoisonError::into_inner).push(entry);
        }
        self.staging.write(&file)
    }
}
