//! Full-text search: the rendered pages are indexed with Pagefind, used as a library inside
//! the build, and its static index and runtime are written under `pagefind/`. Nothing else
//! needs to be installed, and the search works from any static host, under any subpath.
//!
//! Pages opt in with `data-pagefind-body` (chapters and entity pages do; lists do not);
//! filters come from `data-pagefind-filter` attributes (kind of page, chapter). Every
//! paragraph has an id, which Pagefind records as an anchor, so the search page can link a
//! result to the paragraph it was found in.
//!
//! `gloss build` indexes the written pages in the staging folder ([`index_folder`]), where
//! Pagefind parses them in parallel; the live preview indexes its in-memory pages one by one
//! ([`index`]) on a spare thread. Both give the same index.

use crate::diagnostics::Diagnostic;
use crate::render::OutputFile;
use pagefind::api::PagefindIndex;
use pagefind::options::PagefindServiceConfig;
use std::path::Path;

/// The folder the index is written to, inside the output folder.
pub const BUNDLE_DIR: &str = "pagefind";

/// Whether an HTML page opts in to the search index.
pub fn is_indexed(f: &OutputFile) -> bool {
    f.path.ends_with(".html") && f.path != "404.html" && memchr::memmem::find(&f.bytes, b"data-pagefind-body").is_some()
}

/// Index the HTML pages among `files` and return the search bundle's files.
pub fn index(files: &[OutputFile], language: &str) -> Result<Vec<OutputFile>, Diagnostic> {
    with_index(language, |mut index| async move {
        for f in files.iter().filter(|f| is_indexed(f)) {
            let html = String::from_utf8_lossy(&f.bytes).into_owned();
            index.add_html_file(None, Some(format!("/{}", f.path)), html).await.map_err(|e| search_error(&e))?;
        }
        Ok(index)
    })
}

/// Index the pages `pages` (paths relative to `dir`, as written there) and return the
/// search bundle's files. Pagefind reads and parses them in parallel.
pub fn index_folder(dir: &Path, pages: &[String], language: &str) -> Result<Vec<OutputFile>, Diagnostic> {
    let glob = folder_glob(pages);
    let dir = dir.to_string_lossy().into_owned();
    with_index(language, |mut index| async move {
        index.add_directory(dir, Some(glob)).await.map_err(|e| search_error(&e))?;
        Ok(index)
    })
}

/// A glob matching `pages` and as few other files as possible: `folder/*.html` for pages
/// in a folder, the file name for pages at the top.
fn folder_glob(pages: &[String]) -> String {
    let mut parts: Vec<String> = pages
        .iter()
        .map(|p| match p.rsplit_once('/') {
            Some((dir, _)) => format!("{dir}/*.html"),
            None => p.clone(),
        })
        .collect();
    parts.sort();
    parts.dedup();
    format!("{{{}}}", parts.join(","))
}

/// Make an index with gloss's configuration, let `add` fill it, and return its files.
fn with_index<F, Fut>(language: &str, add: F) -> Result<Vec<OutputFile>, Diagnostic>
where
    F: FnOnce(PagefindIndex) -> Fut,
    Fut: std::future::Future<Output = Result<PagefindIndex, Diagnostic>>,
{
    let lang = language.split(['-', '_']).next().unwrap_or("en").to_string();
    let runtime = tokio::runtime::Builder::new_current_thread()
        .build()
        .map_err(|e| Diagnostic::error("search", format!("cannot start the search indexer: {e}")))?;
    runtime.block_on(async move {
        let config = PagefindServiceConfig::builder()
            .force_language(lang)
            .keep_index_url(true)
            .exclude_selectors(vec![".pnum".into(), ".hlink".into(), ".emark".into(), ".ed-mark".into()])
            .build();
        let index = PagefindIndex::new(Some(config)).map_err(|e| search_error(&e))?;
        let mut index = add(index).await?;
        let bundle = index.get_files().await.map_err(|e| search_error(&e))?;
        let mut out: Vec<OutputFile> = bundle
            .into_iter()
            .map(|s| {
                let name = s.filename.to_string_lossy().replace('\\', "/");
                let name = name.trim_start_matches("./").trim_start_matches('/').to_string();
                let path =
                    if name.starts_with(&format!("{BUNDLE_DIR}/")) { name } else { format!("{BUNDLE_DIR}/{name}") };
                OutputFile { path, bytes: s.contents }
            })
            // the default UI and the playground are not used: gloss has its own search page
            .filter(|f| !f.path.contains("-ui.") && !f.path.contains("playground") && !f.path.contains("highlight"))
            .collect();
        out.sort_by(|a, b| a.path.cmp(&b.path));
        Ok(out)
    })
}

fn search_error(e: &dyn std::fmt::Display) -> Diagnostic {
    Diagnostic::error("search", format!("building the search index failed: {e}"))
        .with_hint("this is a bug in gloss or Pagefind; please report it with the page that fails")
}
