//! Writing the site: every file goes into a staging folder beside the output folder as
//! soon as it is rendered ([`Staging`]), and only when all of them are written is the
//! staging folder swapped in. A build that fails or is killed part-way never touches the
//! previous `output/`.

pub mod guard;

use crate::diagnostics::Diagnostic;
use crate::output::OutputFile;
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

/// Write `files` into `out`, atomically replacing what was there (all at once; `build`
/// writes through a [`Staging`] as it renders).
pub fn write_site(out: &Path, files: Vec<OutputFile>) -> Result<WriteStats, Diagnostic> {
    let staging = Staging::new(out);
    staging.write_all(files)?;
    staging.commit()
}

/// A site being written: files go into a staging folder beside the output folder as they
/// come (from any thread), and [`Staging::commit`] swaps it in. Dropped without a commit
/// (a build that failed), the staging folder is removed and the previous site is left as
/// it was. Nothing is touched on disk before the first file.
pub struct Staging {
    parent: PathBuf,
    name: String,
    out: PathBuf,
    dir: PathBuf,
    /// Set up on the first file: the staging folder exists (or why it could not).
    ready: std::sync::OnceLock<Result<(), Diagnostic>>,
    /// Every path written so far (two files for one path are refused), the folders made,
    /// and the counts.
    state: std::sync::Mutex<State>,
    committed: bool,
}

#[derive(Default)]
struct State {
    written: std::collections::HashSet<String>,
    dirs: std::collections::HashSet<PathBuf>,
    stats: WriteStats,
}

impl Staging {
    /// A staging folder for the site at `out` (not made yet).
    pub fn new(out: &Path) -> Staging {
        let parent = match out.parent() {
            Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
            _ => PathBuf::from("."),
        };
        let name = out.file_name().map(|n| n.to_string_lossy().to_string()).unwrap_or_else(|| "output".into());
        let dir = parent.join(format!(".{name}.staging-{}", std::process::id()));
        Staging {
            parent,
            name,
            out: out.to_path_buf(),
            dir,
            ready: std::sync::OnceLock::new(),
            state: Default::default(),
            committed: false,
        }
    }

    /// The staging folder, made if it was not yet.
    pub fn dir(&self) -> Result<&Path, Diagnostic> {
        self.ready.get_or_init(|| self.prepare()).clone().map(|()| self.dir.as_path())
    }

    fn prepare(&self) -> Result<(), Diagnostic> {
        let (parent, out) = (&self.parent, &self.out);
        fs::create_dir_all(parent).map_err(|e| io_error(parent, "create the folder", &e))?;
        recover_interrupted_swap(parent, &self.name, out);
        if out.symlink_metadata().is_ok_and(|m| !m.is_dir() && !out.is_dir()) {
            // never replace something that is not a site folder
            return Err(Diagnostic::io("write", format!("{} is a file, not a folder", out.display()))
                .with_hint("move it away or choose another output folder with --out; nothing was written"));
        }
        let _ = fs::remove_dir_all(&self.dir);
        fs::create_dir_all(&self.dir).map_err(|e| io_error(&self.dir, "create the staging folder", &e))?;
        // the mark that lets the next build replace this folder (see `guard`)
        let marker = self.dir.join(guard::MARKER);
        fs::write(&marker, guard::MARKER_TEXT).map_err(|e| io_error(&marker, "write", &e))
    }

    /// Write one file into the staging folder. Its path is checked first: it must stay
    /// inside the folder and not have been written already.
    pub fn write(&self, f: &OutputFile) -> Result<(), Diagnostic> {
        let dir = self.dir()?;
        let rel = safe_relative(&f.path).ok_or_else(|| {
            Diagnostic::io("unsafe-path", format!("refusing to write `{}`: it would escape the output folder", f.path))
                .with_hint("ids and slugs must be lowercase letters, digits and hyphens")
        })?;
        let dest = dir.join(rel);
        {
            let mut state = self.state.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
            if !state.written.insert(f.path.clone()) {
                return Err(crate::output::clash(&f.path));
            }
            state.stats.bytes += f.bytes.len() as u64;
            if f.path.ends_with(".html") {
                state.stats.pages += 1;
            } else {
                state.stats.assets += 1;
            }
            // folders are made under the lock, so that no other thread writes into one
            // before it exists (there are few folders)
            if let Some(d) = dest.parent().filter(|d| !state.dirs.contains(*d)) {
                fs::create_dir_all(d).map_err(|e| io_error(d, "create the folder", &e))?;
                state.dirs.insert(d.to_path_buf());
            }
        }
        fs::write(&dest, &f.bytes).map_err(|e| io_error(&dest, "write", &e))
    }

    /// Write `files`, in parallel, and drop them.
    pub fn write_all(&self, files: Vec<OutputFile>) -> Result<(), Diagnostic> {
        use rayon::prelude::*;
        self.dir()?;
        // every path is checked before anything is written
        for f in &files {
            if safe_relative(&f.path).is_none() {
                return self.write(f);
            }
        }
        files.par_iter().try_for_each(|f| self.write(f))
    }

    /// Swap the written site in for the previous one and say what was written.
    pub fn commit(mut self) -> Result<WriteStats, Diagnostic> {
        let dir = self.dir()?.to_path_buf();
        let result = swap_in(&self.parent, &self.name, &dir, &self.out);
        self.committed = result.is_ok();
        result?;
        Ok(self.state.lock().unwrap_or_else(std::sync::PoisonError::into_inner).stats)
    }
}

impl crate::output::Emit for Staging {
    fn emit(&self, file: OutputFile) -> Result<(), Diagnostic> {
        self.write(&file)
    }
}

impl Drop for Staging {
    fn drop(&mut self) {
        if !self.committed && self.ready.get().is_some_and(Result::is_ok) {
            let _ = fs::remove_dir_all(&self.dir);
        }
    }
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
    Diagnostic::io("write", format!("cannot {what} {}: {e}", path.display()))
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
    fn files_written_from_many_threads_into_new_folders_all_arrive() {
        let tmp = std::env::temp_dir().join(format!("gloss-write-threads-{}", std::process::id()));
        let _ = fs::remove_dir_all(&tmp);
        let staging = Staging::new(&tmp.join("output"));
        let threads = 4;
        let barrier = std::sync::Barrier::new(threads);
        let failures = std::sync::Mutex::new(Vec::new());
        std::thread::scope(|scope| {
            for t in 0..threads {
                let (staging, barrier, failures) = (&staging, &barrier, &failures);
                scope.spawn(move || {
                    // all threads write into the same new folder at the same moment
                    for d in 0..300 {
                        barrier.wait();
                        let f = OutputFile { path: format!("d{d}/x/f{t}.html"), bytes: vec![b'a' + t as u8] };
                        if let Err(e) = staging.write(&f) {
                            failures.lock().unwrap().push(e.message);
                        }
                    }
                });
            }
        });
        let failures = failures.into_inner().unwrap();
        assert!(failures.is_empty(), "{} writes failed, e.g. {:?}", failures.len(), failures.first());
        staging.commit().unwrap();
        for d in 0..300 {
            for t in 0..threads {
                assert_eq!(fs::read(tmp.join(format!("output/d{d}/x/f{t}.html"))).unwrap(), vec![b'a' + t as u8]);
            }
        }
        let _ = fs::remove_dir_all(&tmp);
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
