//! Writing the site: every file goes into a staging folder beside the output folder, and
//! only when all of them are written is the staging folder swapped in. A build that fails
//! or is killed part-way never touches the previous `output/`.

use crate::diagnostics::Diagnostic;
use crate::render::OutputFile;
use std::fs;
use std::path::{Component, Path, PathBuf};

/// What was written.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct WriteStats {
    /// HTML pages written.
    pub pages: usize,
    /// Other files written.
    pub assets: usize,
    /// Total bytes written.
    pub bytes: u64,
}

/// Write `files` into `out`, atomically replacing what was there.
pub fn write_site(out: &Path, files: Vec<OutputFile>) -> Result<WriteStats, Diagnostic> {
    write_site_with(out, files, |_| Ok(Vec::new()))
}

/// [`write_site`], with a last step that runs on the written staging folder before it is
/// swapped in (the build indexes the written pages for search there) and returns more
/// files to write. If it fails, nothing is swapped in. `files` are dropped once written,
/// so that their memory is free for that last step.
pub fn write_site_with(
    out: &Path,
    files: Vec<OutputFile>,
    finish: impl FnOnce(&Path) -> Result<Vec<OutputFile>, Diagnostic>,
) -> Result<WriteStats, Diagnostic> {
    let parent = match out.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let name = out.file_name().map(|n| n.to_string_lossy().to_string()).unwrap_or_else(|| "output".into());
    fs::create_dir_all(&parent).map_err(|e| io_error(&parent, "create the folder", &e))?;
    recover_interrupted_swap(&parent, &name, out);
    if out.symlink_metadata().is_ok_and(|m| !m.is_dir() && !out.is_dir()) {
        // never replace something that is not a site folder
        return Err(Diagnostic::error("write", format!("{} is a file, not a folder", out.display()))
            .with_hint("move it away or choose another output folder with --out; nothing was written"));
    }

    let staging = parent.join(format!(".{name}.staging-{}", std::process::id()));
    let _ = fs::remove_dir_all(&staging);
    // every path written so far, so that the last step's files cannot replace a page
    let mut written = std::collections::HashSet::new();
    let result = fs::create_dir_all(&staging)
        .map_err(|e| io_error(&staging, "create the staging folder", &e))
        .and_then(|()| write_all(&staging, &files, &mut written))
        .and_then(|mut stats| {
            drop(files);
            let more = finish(&staging)?;
            let extra = write_all(&staging, &more, &mut written)?;
            stats.pages += extra.pages;
            stats.assets += extra.assets;
            stats.bytes += extra.bytes;
            Ok(stats)
        });
    let stats = match result {
        Ok(s) => s,
        Err(e) => {
            let _ = fs::remove_dir_all(&staging);
            return Err(e);
        }
    };
    swap_in(&parent, &name, &staging, out).inspect_err(|_| {
        let _ = fs::remove_dir_all(&staging);
    })?;
    Ok(stats)
}

/// Write `files` into the (existing) staging folder: folders first, then the files in
/// parallel. Paths are checked before anything is written, against each other and against
/// the paths in `written` (which they are added to).
fn write_all(
    staging: &Path,
    files: &[OutputFile],
    written: &mut std::collections::HashSet<String>,
) -> Result<WriteStats, Diagnostic> {
    use rayon::prelude::*;
    let mut stats = WriteStats::default();
    let mut dirs = std::collections::BTreeSet::new();
    let mut dests = Vec::with_capacity(files.len());
    for f in files {
        let rel = safe_relative(&f.path).ok_or_else(|| {
            Diagnostic::error(
                "unsafe-path",
                format!("refusing to write `{}`: it would escape the output folder", f.path),
            )
            .with_hint("ids and slugs must be lowercase letters, digits and hyphens")
        })?;
        if !written.insert(f.path.clone()) {
            return Err(Diagnostic::error("output-clash", format!("two pages would be written to `{}`", f.path))
                .with_hint("give the entries different ids or slugs"));
        }
        let dest = staging.join(rel);
        if let Some(dir) = dest.parent() {
            dirs.insert(dir.to_path_buf());
        }
        stats.bytes += f.bytes.len() as u64;
        if f.path.ends_with(".html") {
            stats.pages += 1;
        } else {
            stats.assets += 1;
        }
        dests.push(dest);
    }
    for dir in &dirs {
        fs::create_dir_all(dir).map_err(|e| io_error(dir, "create the folder", &e))?;
    }
    files
        .par_iter()
        .zip(dests.par_iter())
        .try_for_each(|(f, dest)| fs::write(dest, &f.bytes).map_err(|e| io_error(dest, "write", &e)))?;
    Ok(stats)
}

/// Move the finished staging folder to `out`: on Linux, by exchanging the two folders in
/// one step. Elsewhere (or if the file system cannot), the previous site is first renamed
/// aside, then the new one renamed in, then the old one deleted; if the process dies
/// between the two renames, the next build restores the previous site (see
/// [`recover_interrupted_swap`]).
fn swap_in(parent: &Path, name: &str, staging: &Path, out: &Path) -> Result<(), Diagnostic> {
    // Where the system can, the two folders change places in one step, so that `out` holds
    // a complete site at every moment; the previous site, now under the staging name, is
    // deleted afterwards (or by the next build, if this one is killed first).
    if out.is_dir() && exchange(staging, out).is_ok() {
        let _ = fs::remove_dir_all(staging);
        return Ok(());
    }
    let old = parent.join(format!(".{name}.previous"));
    let _ = fs::remove_dir_all(&old);
    let had_old = out.exists();
    if had_old {
        fs::rename(out, &old).map_err(|e| io_error(out, "move aside the previous site", &e))?;
    }
    if let Err(e) = fs::rename(staging, out) {
        if had_old {
            let _ = fs::rename(&old, out);
        }
        return Err(io_error(out, "move the new site into place", &e));
    }
    let _ = fs::remove_dir_all(&old);
    Ok(())
}

/// Atomically exchange two directories (Linux `renameat2` with `RENAME_EXCHANGE`).
#[cfg(target_os = "linux")]
fn exchange(a: &Path, b: &Path) -> std::io::Result<()> {
    use std::os::unix::ffi::OsStrExt;
    let a = std::ffi::CString::new(a.as_os_str().as_bytes())?;
    let b = std::ffi::CString::new(b.as_os_str().as_bytes())?;
    // SAFETY: two valid NUL-terminated paths; renameat2 only reads them.
    let r = unsafe {
        libc::syscall(
            libc::SYS_renameat2,
            libc::AT_FDCWD,
            a.as_ptr(),
            libc::AT_FDCWD,
            b.as_ptr(),
            libc::RENAME_EXCHANGE,
        )
    };
    if r == 0 {
        Ok(())
    } else {
        Err(std::io::Error::last_os_error())
    }
}

/// Elsewhere, the two-rename swap below is used.
#[cfg(not(target_os = "linux"))]
fn exchange(_: &Path, _: &Path) -> std::io::Result<()> {
    Err(std::io::Error::from(std::io::ErrorKind::Unsupported))
}

/// If an earlier build was killed after moving the previous site aside but before moving
/// the new one in, put the previous site back; remove stale staging folders.
pub fn recover_interrupted_swap(parent: &Path, name: &str, out: &Path) {
    let old = parent.join(format!(".{name}.previous"));
    if old.is_dir() {
        if out.exists() {
            let _ = fs::remove_dir_all(&old);
        } else {
            let _ = fs::rename(&old, out);
        }
    }
    if let Ok(entries) = fs::read_dir(parent) {
        let prefix = format!(".{name}.staging-");
        for e in entries.flatten() {
            let fname = e.file_name().to_string_lossy().to_string();
            if let Some(pid) = fname.strip_prefix(&prefix) {
                if pid.parse::<u32>().ok().is_some_and(|p| p != std::process::id() && !process_alive(p)) {
                    let _ = fs::remove_dir_all(e.path());
                }
            }
        }
    }
}

fn process_alive(pid: u32) -> bool {
    Path::new("/proc").is_dir() && Path::new(&format!("/proc/{pid}")).exists()
}

/// `path` as a relative path that stays inside the output folder, or `None`.
pub fn safe_relative(path: &str) -> Option<PathBuf> {
    if path.is_empty() || path.contains('\\') || path.contains('\0') {
        return None;
    }
    let p = Path::new(path);
    let mut out = PathBuf::new();
    for c in p.components() {
        match c {
            Component::Normal(s) => out.push(s),
            _ => return None,
        }
    }
    Some(out)
}

fn io_error(path: &Path, what: &str, e: &std::io::Error) -> Diagnostic {
    let hint = match e.kind() {
        std::io::ErrorKind::PermissionDenied => "check the permissions of the output folder and its parent",
        _ if e.raw_os_error() == Some(28) => "the disk is full: free some space and build again",
        _ if e.raw_os_error() == Some(27) => "the file is larger than this system allows (ulimit -f)",
        _ => "check the output folder",
    };
    Diagnostic::error("write", format!("cannot {what} {}: {e}", path.display()))
        .with_hint(format!("{hint}; the previous site was left as it was"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_cannot_escape() {
        assert!(safe_relative("chapter/a.html").is_some());
        for bad in ["../x", "/etc/passwd", "a/../../x", "", "a\\..\\x", "./.."] {
            assert!(safe_relative(bad).is_none(), "{bad}");
        }
    }

    #[test]
    fn a_failed_write_leaves_the_previous_site() {
        let tmp = std::env::temp_dir().join(format!("gloss-write-test-{}", std::process::id()));
        let out = tmp.join("output");
        let _ = fs::remove_dir_all(&tmp);
        let good = vec![OutputFile { path: "index.html".into(), bytes: b"v1".to_vec() }];
        write_site(&out, good.clone()).unwrap();
        let bad = vec![
            OutputFile { path: "index.html".into(), bytes: b"v2".to_vec() },
            OutputFile { path: "../escape.html".into(), bytes: b"x".to_vec() },
        ];
        assert!(write_site(&out, bad.clone()).is_err());
        assert_eq!(fs::read(out.join("index.html")).unwrap(), b"v1");
        let leftovers: Vec<_> = fs::read_dir(&tmp).unwrap().flatten().map(|e| e.file_name()).collect();
        assert_eq!(leftovers, vec![std::ffi::OsString::from("output")]);
        // a second good build replaces the first in one step, leaving nothing beside it
        let v3 = vec![OutputFile { path: "index.html".into(), bytes: b"v3".to_vec() }];
        write_site(&out, v3.clone()).unwrap();
        assert_eq!(fs::read(out.join("index.html")).unwrap(), b"v3");
        let leftovers: Vec<_> = fs::read_dir(&tmp).unwrap().flatten().map(|e| e.file_name()).collect();
        assert_eq!(leftovers, vec![std::ffi::OsString::from("output")]);
        write_site(&out, good.clone()).unwrap();
        // a file where the output folder should be is left alone
        let file = tmp.join("file");
        fs::write(&file, b"keep me").unwrap();
        assert!(write_site(&file, good.clone()).is_err());
        assert_eq!(fs::read(&file).unwrap(), b"keep me");
        fs::remove_file(&file).unwrap();
        // an interrupted swap is repaired by the next build
        fs::rename(&out, tmp.join(".output.previous")).unwrap();
        recover_interrupted_swap(&tmp, "output", &out);
        assert_eq!(fs::read(out.join("index.html")).unwrap(), b"v1");
        let _ = fs::remove_dir_all(&tmp);
    }
}
