//! `gloss import`: convert a plain-text chapter to Markdown (see [`crate::import`]).
//!
//! The input must be a regular file (a FIFO or a device is refused, never waited on) of at
//! most [`crate::load::read::DEFAULT_MAX_FILE_MIB`] MiB, in UTF-8; text that looks like
//! UTF-16 without a byte-order mark is refused with a hint, and NUL bytes get a warning.
//! An existing output file is kept unless `--force`. When the output goes into an edition
//! (a folder with `content/edition.yaml` above it) and the input lies inside that edition,
//! the chapter's front matter records the input as its `source_file`.

use super::{EXIT_INTERNAL, EXIT_OK, EXIT_USER_ERROR};
use crate::diagnostics::Diagnostic;
use crate::import::{import_text, ImportMeta};
use crate::load::read::{read_regular, DEFAULT_MAX_FILE_MIB};
use std::path::{Path, PathBuf};

/// The options of `gloss import`.
pub struct ImportArgs {
    /// Input text file.
    pub file: PathBuf,
    /// Front matter for the chapter.
    pub meta: ImportMeta,
    /// Output file, or standard output.
    pub output: Option<PathBuf>,
    /// Overwrite an existing output file.
    pub force: bool,
}

/// Run `gloss import`.
pub fn run(mut args: ImportArgs) -> u8 {
    if !crate::model::slug::is_slug(&args.meta.slug) {
        eprintln!(
            "{}",
            Diagnostic::error("bad-slug", format!("`{}` is not a valid slug", args.meta.slug)).with_hint(format!(
                "use lowercase letters, digits and single hyphens, e.g. `--slug {}`",
                crate::model::slug::slugify(&args.meta.slug)
            ))
        );
        return EXIT_USER_ERROR;
    }
    if let Some(out) = args.output.as_ref().filter(|o| o.exists() && !args.force) {
        eprintln!(
            "{}",
            Diagnostic::error("exists", format!("{} already exists", out.display()))
                .with_hint("it may hold your edits: choose another file, or add --force to overwrite it")
        );
        return EXIT_USER_ERROR;
    }
    let bytes = match read_regular(&args.file, None, DEFAULT_MAX_FILE_MIB << 20) {
        Ok(b) => b,
        Err(e) => {
            let (why, hint) = e.explain();
            eprintln!(
                "{}",
                Diagnostic::error("io", format!("cannot read {}: {why}", args.file.display())).with_hint(hint)
            );
            return if e.is_io() { EXIT_INTERNAL } else { EXIT_USER_ERROR };
        }
    };
    if looks_like_utf16(&bytes) {
        eprintln!(
            "{}",
            Diagnostic::error("encoding", format!("{} looks like UTF-16 text, not UTF-8", args.file.display()))
                .with_hint("save it as UTF-8 (most editors have an \"encoding\" setting) and import again")
        );
        return EXIT_USER_ERROR;
    }
    let text = match crate::load::yaml::decode_text(&args.file, &bytes) {
        Ok(t) => t,
        Err(d) => {
            eprintln!("{d}");
            return EXIT_USER_ERROR;
        }
    };
    if let Some(at) = text.find('\0') {
        let line = text[..at].matches('\n').count() + 1;
        eprintln!(
            "{}",
            Diagnostic::warning("nul-byte", format!("{} holds NUL bytes (first on line {line})", args.file.display()))
                .with_hint("they are kept as they are; check that the file is really a text file")
        );
    }
    args.meta.source_file = args.output.as_deref().and_then(|out| source_file(&args.file, out));
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
            match &args.meta.source_file {
                Some(f) => eprintln!("The chapter records its source text as `source_file: {f}`."),
                None => eprintln!(
                    "hint: keep the source text with the edition: copy it into the edition's sources/ folder and import it from there, so the chapter records where it came from"
                ),
            }
        }
        None => print!("{markdown}"),
    }
    EXIT_OK
}

/// The input's path relative to the edition the output goes into, if the input lies
/// inside it (`/`-separated).
fn source_file(input: &Path, output: &Path) -> Option<String> {
    let out_dir = std::path::absolute(output).ok()?.parent()?.to_path_buf();
    let root = out_dir.ancestors().find(|d| d.join("content").join(crate::config::CONFIG_FILE).is_file())?;
    let root = root.canonicalize().ok()?;
    let input = input.canonicalize().ok()?;
    let rel = input.strip_prefix(&root).ok()?;
    Some(rel.to_string_lossy().replace('\\', "/"))
}

/// Whether `bytes` look like UTF-16 without a byte-order mark: many NUL bytes, nearly all
/// at even or nearly all at odd positions.
fn looks_like_utf16(bytes: &[u8]) -> bool {
    if bytes.starts_with(&[0xFF, 0xFE]) || bytes.starts_with(&[0xFE, 0xFF]) {
        return true; // with a BOM: still not UTF-8; the hint is the same
    }
    let sample = &bytes[..bytes.len().min(4096)];
    let (mut even, mut odd) = (0usize, 0usize);
    for (i, b) in sample.iter().enumerate() {
        if *b == 0 {
            if i % 2 == 0 {
                even += 1;
            } else {
                odd += 1;
            }
        }
    }
    let half = sample.len() / 2;
    half >= 2 && (even.max(odd) * 10 >= half * 8) && even.min(odd) * 10 <= even.max(odd)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn utf16_is_recognised() {
        let utf16le: Vec<u8> = "Some text here".encode_utf16().flat_map(|u| u.to_le_bytes()).collect();
        let utf16be: Vec<u8> = "Some text here".encode_utf16().flat_map(|u| u.to_be_bytes()).collect();
        assert!(looks_like_utf16(&utf16le) && looks_like_utf16(&utf16be));
        assert!(!looks_like_utf16(b"Plain text with one \0 NUL byte in it"));
        assert!(!looks_like_utf16("Broué".as_bytes()));
    }
}
