//! The one error type of gloss: a [`Diagnostic`] names the file, line and column of a
//! problem, quotes the offending line with a marker under it, and says what to do.
//!
//! Every stage (load, validate, link, render, write) reports problems as diagnostics and
//! collects them in a [`Diagnostics`] list, so one run reports all problems, not only the
//! first. Commands render the list for humans (with colour only on a terminal) or as JSON.

use serde::Serialize;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

/// How bad a problem is: errors stop the build, warnings do not.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// The input cannot be used as it is; the command exits with status 1.
    Error,
    /// Something an editor probably wants to fix; the build still succeeds.
    Warning,
}

/// What kind of failure an error is. The process's exit status follows from it
/// ([`Diagnostics::exit_code`]), never from the diagnostic's text or code.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Failure {
    /// A problem in the input that the user must fix: exit status 1.
    #[default]
    Input,
    /// The system or environment failed (a file that cannot be read or written, a port
    /// that cannot be opened, an output folder that must not be replaced): exit status 2.
    Environment,
}

/// The exit status of a command, as the README documents it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[repr(u8)]
pub enum ExitCode {
    /// Success (warnings allowed).
    Ok = 0,
    /// A problem in the input.
    Input = 1,
    /// An I/O or environment failure.
    Environment = 2,
}

impl From<ExitCode> for u8 {
    fn from(c: ExitCode) -> u8 {
        c as u8
    }
}

/// A position in a source file, 1-based as editors count.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct Location {
    /// Line number, starting at 1.
    pub line: usize,
    /// Column number in characters, starting at 1.
    pub column: usize,
}

impl Location {
    /// The location of a byte offset in `text`.
    pub fn from_offset(text: &str, offset: usize) -> Location {
        let offset = floor_char_boundary(text, offset.min(text.len()));
        let before = &text[..offset];
        let line = before.matches('\n').count() + 1;
        let line_start = before.rfind('\n').map_or(0, |i| i + 1);
        let column = before[line_start..].chars().count() + 1;
        Location { line, column }
    }
}

/// At most `width` characters of `line` around character `col`, with `…` where cut, and
/// the caret's position in the shown text.
fn window(line: &str, col: usize, width: usize) -> (String, usize) {
    let chars: Vec<char> = line.chars().collect();
    if chars.len() <= width {
        return (line.to_string(), col);
    }
    let start = col.saturating_sub(width / 3).min(chars.len().saturating_sub(width));
    let end = (start + width).min(chars.len());
    let mut shown = String::new();
    let mut caret = col - start;
    if start > 0 {
        shown.push('…');
        caret += 1;
    }
    shown.extend(&chars[start..end]);
    if end < chars.len() {
        shown.push('…');
    }
    (shown, caret)
}

fn floor_char_boundary(text: &str, mut i: usize) -> usize {
    while !text.is_char_boundary(i) {
        i -= 1;
    }
    i
}

/// One problem found in the input, with where it is and what to do about it.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Diagnostic {
    /// Error or warning.
    pub severity: Severity,
    /// A short stable code for the kind of problem, e.g. `yaml-syntax`.
    pub code: &'static str,
    /// The file the problem is in, relative to the edition root where possible.
    pub file: Option<PathBuf>,
    /// Where in the file, when known.
    pub location: Option<Location>,
    /// What is wrong, in one sentence.
    pub message: String,
    /// What to do about it.
    pub hint: Option<String>,
    /// The text of the offending line, for display under the message.
    #[serde(skip)]
    pub source_line: Option<String>,
    /// For an error: whether the input or the environment failed.
    pub failure: Failure,
}

impl Diagnostic {
    /// A new error with a message and no location.
    pub fn error(code: &'static str, message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Error,
            code,
            file: None,
            location: None,
            message: message.into(),
            hint: None,
            source_line: None,
            failure: Failure::Input,
        }
    }

    /// A new error of the environment (I/O): the command exits with status 2.
    pub fn io(code: &'static str, message: impl Into<String>) -> Self {
        Diagnostic { failure: Failure::Environment, ..Diagnostic::error(code, message) }
    }

    /// A new warning with a message and no location.
    pub fn warning(code: &'static str, message: impl Into<String>) -> Self {
        Diagnostic { severity: Severity::Warning, ..Diagnostic::error(code, message) }
    }

    /// Attach the file the problem is in.
    pub fn in_file(mut self, file: impl AsRef<Path>) -> Self {
        self.file = Some(file.as_ref().to_path_buf());
        self
    }

    /// Attach a location and quote the line it is on from the file's text.
    pub fn at(mut self, text: &str, location: Location) -> Self {
        self.source_line =
            text.lines().nth(location.line.saturating_sub(1)).map(|l| l.trim_end_matches('\r').to_string());
        self.location = Some(location);
        self
    }

    /// Attach a location given as a byte offset into the file's text.
    pub fn at_offset(self, text: &str, offset: usize) -> Self {
        let loc = Location::from_offset(text, offset);
        self.at(text, loc)
    }

    /// Attach a hint: what the editor should do.
    pub fn with_hint(mut self, hint: impl Into<String>) -> Self {
        self.hint = Some(hint.into());
        self
    }

    /// Whether this diagnostic stops the build.
    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }

    /// Render for a human, as `file:line:column: error: message`, the quoted line with a
    /// caret under the column, and the hint. `color` adds ANSI colours.
    pub fn render(&self, color: bool) -> String {
        let (red, yellow, blue, bold, reset) =
            if color { ("\x1b[31m", "\x1b[33m", "\x1b[34m", "\x1b[1m", "\x1b[0m") } else { ("", "", "", "", "") };
        let mut out = String::new();
        let (label, colour) = match self.severity {
            Severity::Error => ("error", red),
            Severity::Warning => ("warning", yellow),
        };
        let _ = write!(out, "{bold}{colour}{label}[{}]{reset}{bold}: {}{reset}", self.code, self.message);
        if let Some(file) = &self.file {
            let _ = write!(out, "\n  {blue}-->{reset} {}", file.display());
            if let Some(loc) = self.location {
                let _ = write!(out, ":{}:{}", loc.line, loc.column);
            }
        }
        if let (Some(line), Some(loc)) = (&self.source_line, self.location) {
            let num = loc.line.to_string();
            let pad = " ".repeat(num.len());
            let (shown, caret_at) = window(line, loc.column.saturating_sub(1), 100);
            let caret_pad: String = shown.chars().take(caret_at).map(|c| if c == '\t' { '\t' } else { ' ' }).collect();
            let _ = write!(
                out,
                "\n {pad} {blue}|{reset}\n {blue}{num} |{reset} {shown}\n {pad} {blue}|{reset} {caret_pad}{colour}^{reset}"
            );
        }
        if let Some(hint) = &self.hint {
            let _ = write!(out, "\n  {blue}= hint:{reset} {hint}");
        }
        out
    }
}

impl std::fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.render(false))
    }
}

/// All the problems found in one run.
#[derive(Clone, Debug, Default, Serialize)]
#[serde(transparent)]
pub struct Diagnostics(pub Vec<Diagnostic>);

impl Diagnostics {
    /// An empty list.
    pub fn new() -> Self {
        Self::default()
    }

    /// Add a problem.
    pub fn push(&mut self, d: Diagnostic) {
        self.0.push(d);
    }

    /// Add all problems from another list.
    pub fn extend(&mut self, other: Diagnostics) {
        self.0.extend(other.0);
    }

    /// The exit status these problems call for: 0 without errors, 2 if an error is a
    /// failure of the environment, else 1.
    pub fn exit_code(&self) -> ExitCode {
        let errors = self.0.iter().filter(|d| d.is_error());
        match errors.map(|d| d.failure).max() {
            None => ExitCode::Ok,
            Some(Failure::Input) => ExitCode::Input,
            Some(Failure::Environment) => ExitCode::Environment,
        }
    }

    /// Whether any problem is an error.
    pub fn has_errors(&self) -> bool {
        self.0.iter().any(Diagnostic::is_error)
    }

    /// Number of errors.
    pub fn error_count(&self) -> usize {
        self.0.iter().filter(|d| d.is_error()).count()
    }

    /// Number of warnings.
    pub fn warning_count(&self) -> usize {
        self.0.len() - self.error_count()
    }

    /// Whether the list is empty.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// Sort by file and position, errors first within a place, for stable output.
    pub fn sort(&mut self) {
        self.0.sort_by(|a, b| {
            (&a.file, a.location, a.severity, &a.message).cmp(&(&b.file, b.location, b.severity, &b.message))
        });
    }
}

impl From<Diagnostic> for Diagnostics {
    fn from(d: Diagnostic) -> Self {
        Diagnostics(vec![d])
    }
}

/// The result of a stage that may fail with one or more diagnostics.
pub type Result<T> = std::result::Result<T, Diagnostics>;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn offsets_become_lines_and_character_columns() {
        let text = "a: 1\nbé: x\n";
        assert_eq!(Location::from_offset(text, 0), Location { line: 1, column: 1 });
        // 'x' is after "bé: " -> 4 characters in, column 5
        let off = text.find('x').unwrap();
        assert_eq!(Location::from_offset(text, off), Location { line: 2, column: 5 });
    }

    #[test]
    fn long_lines_are_windowed_around_the_column() {
        let line = format!("{}TARGET{}", "a".repeat(500), "b".repeat(500));
        let d = Diagnostic::error("x", "m").in_file("f.md").at(&line, Location { line: 1, column: 501 });
        let out = d.render(false);
        let shown = out.lines().find(|l| l.contains("TARGET")).unwrap();
        let caret = out.lines().find(|l| l.trim_end().ends_with('^')).unwrap();
        assert!(shown.chars().count() < 120, "{shown}");
        assert_eq!(shown.chars().position(|c| c == 'T'), caret.chars().position(|c| c == '^'));
    }

    #[test]
    fn rendering_shows_file_line_caret_and_hint() {
        let text = "id: a\nalias: [x]\n";
        let d = Diagnostic::error("unknown-field", "unknown field `alias`")
            .in_file("people/a.yaml")
            .at(text, Location { line: 2, column: 1 })
            .with_hint("did you mean `aliases`?");
        let out = d.render(false);
        assert!(out.contains("error[unknown-field]: unknown field `alias`"), "{out}");
        assert!(out.contains("--> people/a.yaml:2:1"), "{out}");
        assert!(out.contains("2 | alias: [x]"), "{out}");
        assert!(out.contains("  | ^"), "{out}");
        assert!(out.contains("= hint: did you mean `aliases`?"), "{out}");
    }
}
