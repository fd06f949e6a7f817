//! Reading the edition's `static/` folder: files a host needs at the top of the published
//! site (`CNAME`, `.nojekyll`, `_headers`, a favicon), copied into every build as they are.
//!
//! The output folder is replaced as a whole on every build, so such files cannot be put
//! there by hand; they live here instead, and a file here whose path a generated page also
//! takes is refused like any other clash.

use super::{read_file, Paths};
use crate::diagnostics::{Diagnostic, Diagnostics};
use walkdir::WalkDir;

/// The name of the folder, under the edition root.
pub const STATIC_DIR: &str = "static";

/// Every file under `static/`, as (path relative to it, `/`-separated; bytes), sorted.
pub fn load_statics(paths: &Paths, diags: &mut Diagnostics) -> Vec<(String, Vec<u8>)> {
    let dir = paths.root.join(STATIC_DIR);
    let mut files = Vec::new();
    if !dir.is_dir() {
        return files;
    }
    for entry in WalkDir::new(&dir).sort_by_file_name().into_iter().filter_map(Result::ok) {
        if entry.file_type().is_dir() || entry.path().is_dir() {
            continue;
        }
        let Ok(rel) = entry.path().strip_prefix(&dir) else { continue };
        let rel = rel.to_string_lossy().replace('\\', "/");
        if rel == crate::write::guard::MARKER || rel.starts_with(".git/") {
            diags.push(
                Diagnostic::error("bad-static", format!("static/{rel} cannot be published"))
                    .in_file(paths.display(entry.path()))
                    .with_hint(
                        "gloss writes its own .gloss-site marker, and never publishes a .git folder; remove the file",
                    ),
            );
            continue;
        }
        match read_file(paths, entry.path()) {
            Ok(bytes) => files.push((rel, bytes)),
            Err(d) => diags.push(d),
        }
    }
    files
}
