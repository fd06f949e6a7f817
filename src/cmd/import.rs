//! `gloss import`: convert a plain-text chapter to Markdown (see [`crate::import`]).

use super::{EXIT_INTERNAL, EXIT_OK, EXIT_USER_ERROR};
use crate::diagnostics::Diagnostic;
use crate::import::{import_text, ImportMeta};
use std::path::PathBuf;

/// The options of `gloss import`.
pub struct ImportArgs {
    /// Input text file.
    pub file: PathBuf,
    /// Front matter for the chapter.
    pub meta: ImportMeta,
    /// Output file, or standard output.
    pub output: Option<PathBuf>,
}

/// Run `gloss import`.
pub fn run(args: ImportArgs) -> u8 {
    let bytes = match std::fs::read(&args.file) {
        Ok(b) => b,
        Err(e) => {
            eprintln!("{}", Diagnostic::error("io", format!("cannot read {}: {e}", args.file.display())));
            return EXIT_USER_ERROR;
        }
    };
    let text = match crate::load::yaml::decode_text(&args.file, &bytes) {
        Ok(t) => t,
        Err(d) => {
            eprintln!("{d}");
            return EXIT_USER_ERROR;
        }
    };
    let (markdown, report) = import_text(&text, &args.meta);
    match &args.output {
        Some(path) => {
            if let Err(e) = std::fs::write(path, markdown) {
                eprintln!("{}", Diagnostic::error("write", format!("cannot write {}: {e}", path.display())));
                return EXIT_INTERNAL;
            }
            eprintln!(
                "Imported {}: {} paragraphs, {} headings, {} quotations, {} endnote markers{} -> {}",
                args.file.display(),
                report.paragraphs,
                report.headings,
                report.quotes,
                report.markers,
                if report.duplicate_markers.is_empty() {
                    String::new()
                } else {
                    format!(" (numbers used twice: {})", report.duplicate_markers.join(", "))
                },
                path.display()
            );
        }
        None => print!("{markdown}"),
    }
    EXIT_OK
}
