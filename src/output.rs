//! What the pipeline produces and where it goes: [`OutputFile`]s handed to an [`Emit`] sink
//! as soon as each is ready. `render` makes them; `write` (the staging folder), `search`,
//! the preview and the tests take them. Keeping these types here, below every stage,
//! means no stage reaches up to another for them.

/// A file to write into the output folder.
#[derive(Clone, Debug, PartialEq)]
pub struct OutputFile {
    /// Path relative to the output folder, with `/` separators.
    pub path: String,
    /// The file's bytes.
    pub bytes: Vec<u8>,
}

/// Where rendered files go, each as soon as it is ready, from any thread: written into the
/// staging folder by `build`, kept in memory by `check`, the preview and the tests.
pub trait Emit: Sync {
    /// Take one file. An error (two files for one path, a failed write) stops the build.
    fn emit(&self, file: OutputFile) -> std::result::Result<(), crate::diagnostics::Diagnostic>;
}

/// Rendered files kept in memory.
#[derive(Default)]
pub struct Collect(std::sync::Mutex<Vec<OutputFile>>);

impl Emit for Collect {
    fn emit(&self, file: OutputFile) -> std::result::Result<(), crate::diagnostics::Diagnostic> {
        self.0.lock().unwrap_or_else(std::sync::PoisonError::into_inner).push(file);
        Ok(())
    }
}

impl Collect {
    /// The files, sorted by path.
    pub fn into_files(self) -> Vec<OutputFile> {
        let mut files = self.0.into_inner().unwrap_or_else(std::sync::PoisonError::into_inner);
        files.sort_by(|a, b| a.path.cmp(&b.path));
        files
    }
}

/// Two files claim one output path (a theme's static file named like a page, ...): a
/// problem in the input, found before the site is swapped in.
pub fn clash(path: &str) -> crate::diagnostics::Diagnostic {
    crate::diagnostics::Diagnostic::error("output-clash", format!("two files would be written to `{path}`"))
        .with_hint("give the pages, entries or theme files different slugs, ids or names")
}
