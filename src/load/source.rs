//! Source files kept in memory after loading, so later stages can point at the exact line
//! and column of any value when they find a problem.

use super::spans::{Seg, SpanIndex};
use crate::diagnostics::{Diagnostic, Location};
use std::path::PathBuf;
use std::sync::{Arc, OnceLock};

/// A YAML file's path (as shown to editors) and text.
#[derive(Debug, Default)]
pub struct SourceFile {
    /// Path relative to the edition root.
    pub path: PathBuf,
    /// The decoded text.
    pub text: String,
    /// The span index, built the first time a diagnostic needs a position.
    index: OnceLock<Option<SpanIndex>>,
}

/// Where an entry came from: its file, and its position in the file's list (if the file
/// holds a list).
#[derive(Clone, Debug)]
pub struct Origin {
    /// The file.
    pub file: Arc<SourceFile>,
    /// The entry's index in the file's top-level list, or `None` for a one-entry file.
    pub index: Option<usize>,
}

impl Origin {
    /// The YAML path of `field` within this entry, e.g. `[3].aliases[2]`.
    pub fn path(&self, field: &str) -> Vec<Seg> {
        let mut path = match self.index {
            Some(i) => vec![Seg::Index(i)],
            None => Vec::new(),
        };
        if !field.is_empty() {
            path.extend(SpanIndex::path(field));
        }
        path
    }

    /// A diagnostic located at `field` of this entry (or the entry itself for `""`).
    pub fn diagnostic(&self, d: Diagnostic, field: &str) -> Diagnostic {
        self.file.diagnostic(d, &self.path(field))
    }
}

impl SourceFile {
    /// A source file with its text.
    pub fn new(path: PathBuf, text: String) -> SourceFile {
        SourceFile { path, text, index: OnceLock::new() }
    }

    /// A diagnostic located at the value at `path` (or its nearest existing ancestor).
    pub fn diagnostic(&self, d: Diagnostic, path: &[Seg]) -> Diagnostic {
        let d = d.in_file(&self.path);
        match self.index.get_or_init(|| SpanIndex::new(&self.text)) {
            Some(index) => {
                let pos = index.best(path);
                // the quoted line is cut out around the offset: `Diagnostic::at` would count
                // lines from the start, which is quadratic over a file's many diagnostics
                let at = pos.offset.min(self.text.len());
                let start = self.text[..at].rfind('\n').map_or(0, |i| i + 1);
                let end = self.text[at..].find('\n').map_or(self.text.len(), |i| at + i);
                let mut d = d;
                d.location = Some(Location { line: pos.line, column: pos.column });
                d.source_line = Some(self.text[start..end].trim_end_matches('\r').to_string());
                d
            }
            None => d,
        }
    }
}
