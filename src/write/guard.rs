//! Which folders gloss may replace with a site: only what it made itself.
//!
//! A build replaces its output folder as a whole (see [`super::Staging`]), and the folder
//! it replaces is deleted. So before anything is written, [`may_replace`] checks the output
//! folder: gloss replaces it only if it is missing, empty, or carries the marker file
//! ([`MARKER`]) that gloss writes at the top of every site. Anything else is refused, with
//! exit code 2 and a message, unless `--force` is given; and some folders are never
//! replaced, `--force` or not: the edition root and any folder containing it, the
//! edition's own folders (`content/`, `themes/`, `docs/`, `sources/`, `static/`) and
//! anything inside them, the user's home folder, `/`, and any folder holding a `.git`
//! (publish from a copy, or use the deploy recipe in docs/deploy.md).
//!
//! A symlink given as the output folder is followed, and the rule applies to its target.

use crate::diagnostics::Diagnostic;
use std::path::{Path, PathBuf};

/// The file gloss writes at the top of every site it builds: its presence says the folder
/// is a gloss site that a later build may replace.
pub const MARKER: &str = ".gloss-site";

/// What the marker file holds.
pub const MARKER_TEXT: &str = "This folder is a site built by gloss. `gloss build` replaces it as a whole.\n";

/// The edition's own folders, never an output folder nor a place for one.
const EDITION_FOLDERS: [&str; 5] = ["content", "themes", "docs", "sources", "static"];

/// Whether the site may be written to `out` for the edition at `root`: `Ok` if so,
/// otherwise a diagnostic (code `unsafe-output`, exit code 2) saying why and what to do.
pub fn may_replace(out: &Path, root: &Path, force: bool) -> Result<(), Diagnostic> {
    let target = resolve(out);
    let root = absolute(root);
    if let Some(why) = never(&target, &root) {
        return Err(refuse(out, &why, "choose a folder of its own for the site, such as ROOT/output"));
    }
    let Ok(meta) = std::fs::metadata(&target) else { return Ok(()) };
    if !meta.is_dir() {
        return Err(refuse(
            out,
            "it is a file, not a folder",
            "move it away or choose another output folder with --out",
        ));
    }
    if target.join(".git").exists() {
        return Err(refuse(
            out,
            "it holds a `.git` folder, which a build would delete",
            "build into a folder of its own and copy the site into the repository you publish from (see docs/deploy.md)",
        ));
    }
    let empty = std::fs::read_dir(&target).map(|mut d| d.next().is_none()).unwrap_or(false);
    if empty || target.join(MARKER).is_file() || force {
        return Ok(());
    }
    Err(refuse(
        out,
        "it is not a site gloss built (it has no .gloss-site marker), and a build replaces the whole folder",
        "choose an empty or new folder with --out; or, if everything in it may be deleted, add --force",
    ))
}

/// Why `target` may never be replaced, if it may not.
fn never(target: &Path, root: &Path) -> Option<String> {
    if target.parent().is_none() {
        return Some("it is the root of the file system".into());
    }
    if root.starts_with(target) {
        return Some(if root == target { "it is the edition itself".into() } else { "it contains the edition".into() });
    }
    for folder in EDITION_FOLDERS {
        if target.starts_with(root.join(folder)) {
            return Some(format!("it is the edition's `{folder}/` folder or inside it"));
        }
    }
    if std::env::var_os("HOME").map(|h| absolute(Path::new(&h))).is_some_and(|home| home == target) {
        return Some("it is your home folder".into());
    }
    None
}

/// `out` with symlinks followed as far as it exists, made absolute.
fn resolve(out: &Path) -> PathBuf {
    let abs = absolute(out);
    // follow the deepest existing ancestor's links, then add the rest
    let mut existing = abs.as_path();
    let mut rest = Vec::new();
    while !existing.exists() {
        match (existing.parent(), existing.file_name()) {
            (Some(p), Some(name)) => {
                rest.push(name.to_os_string());
                existing = p;
            }
            _ => return abs,
        }
    }
    let mut real = existing.canonicalize().unwrap_or_else(|_| existing.to_path_buf());
    for name in rest.into_iter().rev() {
        real.push(name);
    }
    real
}

/// `p` made absolute and with `.` and `..` resolved lexically (symlinks followed where the
/// path exists).
fn absolute(p: &Path) -> PathBuf {
    if let Ok(real) = p.canonicalize() {
        return real;
    }
    let base = if p.is_absolute() { PathBuf::new() } else { std::env::current_dir().unwrap_or_default() };
    let mut out = PathBuf::new();
    for c in base.join(p).components() {
        match c {
            std::path::Component::ParentDir => {
                out.pop();
            }
            std::path::Component::CurDir => {}
            other => out.push(other),
        }
    }
    out
}

fn refuse(out: &Path, why: &str, hint: &str) -> Diagnostic {
    Diagnostic::io("unsafe-output", format!("refusing to write the site into {}: {why}", out.display()))
        .with_hint(format!("{hint}; nothing was written or deleted"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_missing_empty_or_marked_folders_are_replaced() {
        let tmp = std::env::temp_dir().join(format!("gloss-guard-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&tmp);
        let root = tmp.join("edition");
        std::fs::create_dir_all(root.join("content")).unwrap();
        std::fs::create_dir_all(tmp.join("empty")).unwrap();
        std::fs::create_dir_all(tmp.join("marked")).unwrap();
        std::fs::write(tmp.join("marked").join(MARKER), MARKER_TEXT).unwrap();
        std::fs::create_dir_all(tmp.join("notes")).unwrap();
        std::fs::write(tmp.join("notes/MARKER.txt"), "x").unwrap();
        std::fs::create_dir_all(tmp.join("repo/.git")).unwrap();
        std::fs::write(tmp.join("repo").join(MARKER), MARKER_TEXT).unwrap();
        std::os::unix::fs::symlink(tmp.join("notes"), tmp.join("link")).unwrap();
        for ok in ["missing", "empty", "marked", "edition/output"] {
            assert!(may_replace(&tmp.join(ok), &root, false).is_ok(), "{ok}");
        }
        for (bad, forced) in [
            ("notes", true),
            ("link", true),
            ("repo", false),
            ("edition", false),
            ("edition/content", false),
            ("edition/content/out", false),
            ("", false),
        ] {
            let out = tmp.join(bad);
            let err = may_replace(&out, &root, false).unwrap_err();
            assert_eq!(err.code, "unsafe-output", "{bad}");
            assert_eq!(may_replace(&out, &root, true).is_ok(), forced, "{bad} with --force");
        }
        assert!(may_replace(Path::new("/"), &root, true).is_err());
        assert!(may_replace(&tmp.join("edition/content/../.."), &root, true).is_err());
        let _ = std::fs::remove_dir_all(&tmp);
    }
}
