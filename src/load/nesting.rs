//! A cap on how deeply Markdown nests, checked when a chapter or page is loaded, before any
//! of it reaches linking, rendering or the search index.
//!
//! No edition needs more than a few levels of block quotes, lists or emphasis, but every
//! later stage walks the open containers at each step: a chapter of a hundred thousand
//! nested `>` or list items, or thirty thousand images nested in one another's description,
//! once took minutes and gigabytes to build. Anything nested more than [`MAX_NESTING`]
//! levels deep is refused with a diagnostic at the line and column where the limit is
//! crossed.
//!
//! The check runs in two steps. A scan of each line's leading container markers (`>`, `-`,
//! `*`, `+`, `1.`, `1)`) catches the common shape of deep block nesting (a line opening
//! thousands of containers) without parsing. Then the one parse of the Markdown into its
//! [`Document`] counts open block quotes, lists and inline formatting (emphasis, links,
//! images), which also catches nesting spread over many lines or inside a paragraph.

use crate::diagnostics::{Diagnostic, Location};
use crate::model::document::{Document, TooDeep};
use std::path::Path;

/// The deepest nesting of block quotes, lists and inline formatting accepted in Markdown.
pub const MAX_NESTING: usize = 100;

/// Read `body` (the Markdown of `file`, starting `line_offset` lines into `full_text`) into
/// its [`Document`], refusing it if it nests more than [`MAX_NESTING`] levels deep. This is
/// the one parse of a chapter's Markdown.
pub fn read(file: &Path, full_text: &str, body: &str, line_offset: usize) -> Result<Document, Diagnostic> {
    let parsed = match too_deep_line(body) {
        Some(offset) => Err(TooDeep(offset)),
        None => Document::parse(body, MAX_NESTING),
    };
    parsed.map_err(|TooDeep(offset)| {
        let at = Location::from_offset(body, offset);
        Diagnostic::error("too-deep", format!("the Markdown nests more than {MAX_NESTING} levels deep here"))
            .in_file(file)
            .at(full_text, Location { line: at.line + line_offset, column: at.column })
            .with_hint(format!(
                "block quotes, lists, emphasis, links and images may nest at most {MAX_NESTING} levels; \
                 is a `>` or list marker repeated by mistake?"
            ))
    })
}

/// The byte offset of the first container marker past the limit at the start of a line.
fn too_deep_line(body: &str) -> Option<usize> {
    let mut line_start = 0;
    for line in body.split_inclusive('\n') {
        if let Some(at) = deep_prefix(line) {
            return Some(line_start + at);
        }
        line_start += line.len();
    }
    None
}

/// Within one line: where its leading container markers exceed the limit.
fn deep_prefix(line: &str) -> Option<usize> {
    let b = line.as_bytes();
    let (mut i, mut depth) = (0, 0);
    loop {
        while i < b.len() && (b[i] == b' ' || b[i] == b'\t') {
            i += 1;
        }
        let marker = match b.get(i) {
            Some(b'>') => 1,
            Some(b'-' | b'*' | b'+') if b.get(i + 1).is_some_and(|c| *c == b' ' || *c == b'\t') => 1,
            Some(c) if c.is_ascii_digit() => {
                let digits = b[i..].iter().take_while(|c| c.is_ascii_digit()).count();
                let after = b.get(i + digits + 1);
                match b.get(i + digits) {
                    Some(b'.' | b')') if digits <= 9 && after.is_some_and(|c| *c == b' ' || *c == b'\t') => digits + 1,
                    _ => return None,
                }
            }
            _ => return None,
        };
        depth += 1;
        if depth > MAX_NESTING {
            return Some(i);
        }
        i += marker;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn depth_error(body: &str) -> Option<Location> {
        read(Path::new("c.md"), body, body, 0).err().map(|d| d.location.expect("located"))
    }

    #[test]
    fn ordinary_nesting_passes() {
        assert_eq!(depth_error("> quote\n> > nested\n\n- a\n  - b\n    1. c\n\n*a **b [c](d)***\n"), None);
        assert_eq!(depth_error(&format!("{}x\n", "> ".repeat(MAX_NESTING))), None);
    }

    #[test]
    fn deep_block_quotes_and_lists_are_located() {
        let body = format!("Text.\n\n{}x\n", "> ".repeat(100_000));
        assert_eq!(depth_error(&body), Some(Location { line: 3, column: 2 * MAX_NESTING + 1 }));
        let body = format!("{}x\n", ">".repeat(1_000_000));
        assert_eq!(depth_error(&body), Some(Location { line: 1, column: MAX_NESTING + 1 }));
        let body = format!("{}x\n", "- ".repeat(100_000));
        assert_eq!(depth_error(&body), Some(Location { line: 1, column: 2 * MAX_NESTING + 1 }));
        let body = format!("{}x\n", "1. ".repeat(200));
        assert_eq!(depth_error(&body), Some(Location { line: 1, column: 3 * MAX_NESTING + 1 }));
    }

    #[test]
    fn deep_inline_nesting_is_located() {
        let n = 1_000;
        let body = format!("Intro.\n\n{}Lev Kamenev{}\n", "![".repeat(n), "](x)".repeat(n));
        let at = depth_error(&body).expect("refused");
        assert_eq!(at.line, 3);
        let body = format!("{}Lev{}\n", "*".repeat(500), "*".repeat(500));
        assert!(depth_error(&body).is_some());
    }
}
