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
//! ([`index`]) on spare threads. Both give the same index: for an edition of up to
//! `search_part_kib` of pages one bundle; a larger one is indexed in parts, each a bundle of its own
//! (`pagefind/part-2/`, ...), listed in `pagefind/gloss-parts.json`, which the search page
//! merges with Pagefind's `mergeIndex`. Pagefind holds a whole bundle's pages in memory
//! and compresses its files on one thread: parts keep the memory bounded and let both
//! cores compress.

use crate::diagnostics::Diagnostic;
use crate::output::OutputFile;
use pagefind::api::PagefindIndex;
use pagefind::options::PagefindServiceConfig;
use std::path::Path;

/// The folder the index is written to, inside the output folder.
pub const BUNDLE_DIR: &str = "pagefind";

/// Whether an HTML page opts in to the search index.
pub fn is_indexed(f: &OutputFile) -> bool {
    f.path.ends_with(".html") && f.path != "404.html" && memchr::memmem::find(&f.bytes, b"data-pagefind-body").is_some()
}

/// Index the HTML pages among `files` (in memory, for the preview) in parts of at most
/// `part_kib` KiB, as [`index_folder`] does, and return the search bundles' files.
pub fn index(files: &[OutputFile], language: &str, part_kib: u64) -> Result<Vec<OutputFile>, Diagnostic> {
    let pages: Vec<&OutputFile> = files.iter().filter(|f| is_indexed(f)).collect();
    let sizes: Vec<(String, u64)> = pages.iter().map(|f| (f.path.clone(), f.bytes.len() as u64)).collect();
    let by_path: std::collections::HashMap<&str, &OutputFile> = pages.iter().map(|f| (f.path.as_str(), *f)).collect();
    let by_path = &by_path;
    in_parts(parts(&sizes, part_kib), |i, part| {
        with_index(language, &part_dir(i), |mut index| async move {
            for f in part.iter().filter_map(|p| by_path.get(p.as_str())) {
                let html = String::from_utf8_lossy(&f.bytes).into_owned();
                index.add_html_file(None, Some(format!("/{}", f.path)), html).await.map_err(|e| search_error(&e))?;
            }
            Ok(index)
        })
    })
}

/// How many parts are built at the same time.
const PARALLEL_PARTS: usize = 2;

/// The file, in the main bundle, that lists the other parts (folders relative to it).
pub const PARTS_FILE: &str = "gloss-parts.json";

/// Split `pages` (path, size in bytes), in order, into parts of at most `part_kib` KiB
/// (a page larger than that is a part of its own; 0: one part).
pub fn parts(pages: &[(String, u64)], part_kib: u64) -> Vec<Vec<String>> {
    let limit = if part_kib == 0 { u64::MAX } else { part_kib.saturating_mul(1024) };
    let mut out: Vec<Vec<String>> = Vec::new();
    let mut size = 0u64;
    for (path, bytes) in pages {
        if out.is_empty() || size.saturating_add(*bytes) > limit && size > 0 {
            out.push(Vec::new());
            size = 0;
        }
        size += bytes;
        out.last_mut().expect("pushed above").push(path.clone());
    }
    out
}

/// The bundle folder of part `i` (0 is the main bundle).
fn part_dir(i: usize) -> String {
    if i == 0 {
        BUNDLE_DIR.to_string()
    } else {
        format!("{BUNDLE_DIR}/part-{}", i + 1)
    }
}

/// Index the pages `pages` (paths relative to `dir`, as written there, with their sizes)
/// and return the search bundles' files. Pagefind reads and parses them in parallel; a large
/// site is indexed in parts of at most `part_kib` KiB of HTML ([`crate::config::PART_KIB`]).
pub fn index_folder(
    dir: &Path,
    pages: &[(String, u64)],
    language: &str,
    part_kib: u64,
) -> Result<Vec<OutputFile>, Diagnostic> {
    let farms = dir.join(FARMS_DIR);
    let parts = parts(pages, part_kib);
    let single = parts.len() <= 1;
    let out = in_parts(parts, |i, part| {
        if single {
            index_pages_in(dir, folder_glob(part), language, &part_dir(i))
        } else {
            let farm = farms.join(format!("part-{}", i + 1));
            link_pages(dir, part, &farm)
                .and_then(|()| index_pages_in(&farm, "**/*.html".into(), language, &part_dir(i)))
        }
    });
    let _ = std::fs::remove_dir_all(&farms);
    out
}

/// Index each of `parts` with `index_part` (given the part's number and pages), at most
/// [`PARALLEL_PARTS`] at a time, and return all the bundles' files and the parts file.
/// The first failure stops the parts not yet started.
fn in_parts(
    mut parts: Vec<Vec<String>>,
    index_part: impl Fn(usize, &[String]) -> Result<Vec<OutputFile>, Diagnostic> + Sync,
) -> Result<Vec<OutputFile>, Diagnostic> {
    use std::sync::atomic::{AtomicUsize, Ordering};
    if parts.is_empty() {
        parts.push(Vec::new()); // an empty index, so that the search page finds one
    }
    let next = AtomicUsize::new(0);
    let results = std::sync::Mutex::new(Vec::new());
    std::thread::scope(|scope| {
        for _ in 0..PARALLEL_PARTS.min(parts.len()) {
            scope.spawn(|| loop {
                let i = next.fetch_add(1, Ordering::Relaxed);
                let Some(part) = parts.get(i) else { break };
                // the indexer is another crate's code: a panic in it is a failed build with a
                // message, never a crash that leaves the site half-indexed
                let files = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| index_part(i, part)))
                    .unwrap_or_else(|panic| Err(indexer_panicked(panic.as_ref())));
                let failed = files.is_err();
                results.lock().unwrap_or_else(std::sync::PoisonError::into_inner).push((i, files));
                if failed {
                    next.store(parts.len(), Ordering::Relaxed);
                }
            });
        }
    });
    let mut results = results.into_inner().unwrap_or_else(std::sync::PoisonError::into_inner);
    results.sort_by_key(|(i, _)| *i);
    let mut out = Vec::new();
    for (_, files) in results {
        out.extend(files?);
    }
    out.push(parts_file(parts.len()));
    Ok(out)
}

/// The diagnostic for a panic inside the search indexer.
fn indexer_panicked(panic: &(dyn std::any::Any + Send)) -> Diagnostic {
    let what = panic
        .downcast_ref::<&str>()
        .map(|s| s.to_string())
        .or_else(|| panic.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "no message".into());
    Diagnostic::error("search", format!("the search indexer failed: {what}")).with_hint(
        "this is a bug in gloss or Pagefind; please report it with the edition's `language` and the pages involved; the previous site was kept",
    )
}

/// Where the pages of each part are linked for indexing, inside the staging folder (and
/// removed before it is swapped in).
const FARMS_DIR: &str = ".gloss-search-parts";

/// Index the pages under `dir` that `glob` matches, into the bundle `bundle_dir`.
fn index_pages_in(dir: &Path, glob: String, language: &str, bundle_dir: &str) -> Result<Vec<OutputFile>, Diagnostic> {
    let dir = dir.to_string_lossy().into_owned();
    with_index(language, bundle_dir, |mut index| async move {
        index.add_directory(dir, Some(glob)).await.map_err(|e| search_error(&e))?;
        Ok(index)
    })
}

/// Hard-link (or, where the file system cannot, copy) the pages `pages` of `dir` into
/// `farm` under the same relative paths, so that Pagefind sees one part's pages in a
/// folder of their own and records the same URLs.
fn link_pages(dir: &Path, pages: &[String], farm: &Path) -> Result<(), Diagnostic> {
    let fail = |p: &Path, e: std::io::Error| {
        Diagnostic::error("search", format!("cannot prepare the search index in {}: {e}", p.display())).with_hint(
            "check the permissions and the free space of the output folder's parent; the previous site was kept",
        )
    };
    for page in pages {
        let (from, to) = (dir.join(page), farm.join(page));
        if let Some(parent) = to.parent() {
            std::fs::create_dir_all(parent).map_err(|e| fail(parent, e))?;
        }
        if std::fs::hard_link(&from, &to).is_err() {
            std::fs::copy(&from, &to).map_err(|e| fail(&to, e))?;
        }
    }
    Ok(())
}

/// The list of the parts other than the main bundle, for the search page.
fn parts_file(count: usize) -> OutputFile {
    let others: Vec<String> = (1..count).map(|i| format!("part-{}/", i + 1)).collect();
    let json = serde_json::to_string(&others).expect("strings serialise");
    OutputFile { path: format!("{BUNDLE_DIR}/{PARTS_FILE}"), bytes: json.into_bytes() }
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
    if parts.is_empty() {
        return "gloss-nothing-to-index".into();
    }
    format!("{{{}}}", parts.join(","))
}

/// Make an index with gloss's configuration, let `add` fill it, and return its files.
fn with_index<F, Fut>(language: &str, bundle_dir: &str, add: F) -> Result<Vec<OutputFile>, Diagnostic>
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
                let name = name.trim_start_matches("./").trim_start_matches('/');
                let name = name.strip_prefix(&format!("{BUNDLE_DIR}/")).unwrap_or(name);
                let path = format!("{bundle_dir}/{name}");
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

#[cfg(test)]
mod tests {
    use super::*;

    fn pages(sizes: &[u64]) -> Vec<(String, u64)> {
        sizes.iter().enumerate().map(|(i, &s)| (format!("p{i}.html"), s)).collect()
    }

    #[test]
    fn parts_keep_the_order_and_stay_under_the_limit() {
        let names = |parts: Vec<Vec<String>>| -> Vec<usize> { parts.iter().map(Vec::len).collect() };
        // 1 KiB limit: 600 + 400 fit, 600 + 600 do not
        assert_eq!(names(parts(&pages(&[600, 400, 600, 600, 100]), 1)), [2, 1, 2]);
        // a page larger than a part is a part of its own
        assert_eq!(names(parts(&pages(&[100, 5000, 100]), 1)), [1, 1, 1]);
        // 0: never split
        assert_eq!(names(parts(&pages(&[5000, 5000, 5000]), 0)), [3]);
        let all: Vec<String> = parts(&pages(&[600, 400, 600, 600, 100]), 1).concat();
        assert_eq!(all, ["p0.html", "p1.html", "p2.html", "p3.html", "p4.html"]);
        assert!(parts(&[], 1).is_empty());
    }

    #[test]
    fn the_parts_file_lists_the_other_bundles() {
        assert_eq!(parts_file(1).bytes, b"[]");
        assert_eq!(parts_file(3).bytes, br#"["part-2/","part-3/"]"#);
        assert_eq!(parts_file(3).path, "pagefind/gloss-parts.json");
    }
}
