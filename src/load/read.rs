//! Reading a file of the edition safely: only regular files, only inside the edition root
//! (after following symlinks), and never more than a size limit.
//!
//! Every file gloss reads from an edition (configuration, chapters, sidecars, registers,
//! pages and their `source:`, theme files) goes through [`read_regular`], so that a FIFO or
//! a device named like a chapter cannot hang a build, a symlink to `/dev/zero` cannot
//! exhaust memory, and a symlink out of the edition (`docs/pw.md -> /etc/passwd`) is
//! refused with a diagnostic that names the link and its target instead of being published.
//! Walks over content folders use [`is_candidate`], which keeps symlinked files (they are
//! then read, and checked, like any other) instead of silently skipping them.

use std::io::Read;
use std::path::Path;

/// The most bytes gloss reads from one file, unless `max_file_mib` in `edition.yaml` says
/// otherwise: large enough for any book's chapter, small enough that a runaway file cannot
/// take the machine's memory.
pub const DEFAULT_MAX_FILE_MIB: u64 = 256;

/// Why a file could not be read.
#[derive(Debug)]
pub enum ReadError {
    /// It resolves to a place outside the edition root (the resolved path is given).
    Outside(std::path::PathBuf),
    /// It is not a regular file (a folder, FIFO, socket or device; its kind is given).
    NotRegular(&'static str),
    /// It is larger than the limit (its size in bytes, and the limit).
    TooLarge(u64, u64),
    /// The operating system refused (missing, unreadable, ...).
    Io(std::io::Error),
}

impl ReadError {
    /// A sentence about the problem, and a hint on what to do.
    pub fn explain(&self) -> (String, String) {
        match self {
            ReadError::Outside(target) => (
                format!("it is a link to {}, outside the edition", target.display()),
                "gloss reads only files inside the edition folder; copy the file into the edition instead of linking to it"
                    .to_string(),
            ),
            ReadError::NotRegular(kind) => (
                format!("it is a {kind}, not a regular file"),
                "only regular files are read; replace it with a file".to_string(),
            ),
            ReadError::TooLarge(size, limit) => (
                format!("it is {} MiB, over the limit of {} MiB", size.div_ceil(1 << 20), limit >> 20),
                "split it, or raise `max_file_mib` in content/edition.yaml if it really is that large".to_string(),
            ),
            ReadError::Io(e) => {
                (format!("it cannot be read: {e}"), "check that the file exists and is readable".to_string())
            }
        }
    }

    /// Whether this is a failure of the environment (exit code 2: the system cannot read
    /// it, or a folder stands where the file should be) rather than of the edition's
    /// content (exit code 1: a link out of the edition, a FIFO or device that gloss refuses
    /// to read, a file over the limit).
    /// A file that does not exist is the content's problem (a `source:` naming a missing
    /// file).
    pub fn is_io(&self) -> bool {
        match self {
            ReadError::Io(e) => e.kind() != std::io::ErrorKind::NotFound,
            ReadError::NotRegular(kind) => *kind == "folder",
            _ => false,
        }
    }
}

/// What kind of file `meta` describes, in words.
fn kind_of(meta: &std::fs::Metadata) -> &'static str {
    use std::os::unix::fs::FileTypeExt;
    let t = meta.file_type();
    if t.is_dir() {
        "folder"
    } else if t.is_fifo() {
        "named pipe (FIFO)"
    } else if t.is_socket() {
        "socket"
    } else if t.is_block_device() || t.is_char_device() {
        "device"
    } else {
        "special file"
    }
}

/// Read the regular file at `path`, which must resolve inside `root` (when given), of at
/// most `limit` bytes.
pub fn read_regular(path: &Path, root: Option<&Path>, limit: u64) -> Result<Vec<u8>, ReadError> {
    if let Some(root) = root {
        resolve_inside(path, root)?;
    }
    // Look before opening: opening a FIFO for reading blocks until a writer appears.
    let meta = std::fs::metadata(path).map_err(ReadError::Io)?;
    if !meta.is_file() {
        return Err(ReadError::NotRegular(kind_of(&meta)));
    }
    if meta.len() > limit {
        return Err(ReadError::TooLarge(meta.len(), limit));
    }
    let file = open_nonblocking(path).map_err(ReadError::Io)?;
    // The file may have been swapped between the look and the open: look again at what
    // was opened, and never read past the limit whatever the metadata said.
    let opened = file.metadata().map_err(ReadError::Io)?;
    if !opened.is_file() {
        return Err(ReadError::NotRegular(kind_of(&opened)));
    }
    let mut bytes = Vec::with_capacity(opened.len().min(limit) as usize);
    file.take(limit + 1).read_to_end(&mut bytes).map_err(ReadError::Io)?;
    if bytes.len() as u64 > limit {
        return Err(ReadError::TooLarge(bytes.len() as u64, limit));
    }
    Ok(bytes)
}

/// Where `path` leads after following every symlink, if that is inside `root`.
pub fn resolve_inside(path: &Path, root: &Path) -> Result<std::path::PathBuf, ReadError> {
    let real = path.canonicalize().map_err(ReadError::Io)?;
    let root = root.canonicalize().map_err(ReadError::Io)?;
    if real.starts_with(&root) {
        Ok(real)
    } else {
        Err(ReadError::Outside(real))
    }
}

/// Open for reading without blocking on a FIFO (which is refused right after).
fn open_nonblocking(path: &Path) -> std::io::Result<std::fs::File> {
    use std::os::unix::fs::OpenOptionsExt;
    std::fs::OpenOptions::new().read(true).custom_flags(libc::O_NONBLOCK).open(path)
}

/// Whether a walked entry should be read as a content file with extension `ext`: anything
/// with that extension that is not a folder, including symlinks (followed, then checked by
/// [`read_regular`]) and special files (refused there with a diagnostic, never skipped).
pub fn is_candidate(entry: &walkdir::DirEntry, ext: &[&str]) -> bool {
    !entry.file_type().is_dir()
        && !entry.path().is_dir()
        && entry.path().extension().and_then(|e| e.to_str()).is_some_and(|e| ext.contains(&e))
}

/// Whether a relative path names a hidden file or folder anywhere along it (`.env`,
/// `.git/config`): never an edition's content.
pub fn is_hidden(rel: &Path) -> bool {
    rel.components().any(|c| c.as_os_str().to_str().is_some_and(|s| s.starts_with('.')))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn refuses_what_is_not_a_regular_file_inside_the_root() {
        let dir = std::env::temp_dir().join(format!("gloss-read-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(dir.join("root")).unwrap();
        let root = dir.join("root");
        std::fs::write(root.join("a.md"), "hello").unwrap();
        std::fs::write(dir.join("secret"), "outside").unwrap();
        std::os::unix::fs::symlink(dir.join("secret"), root.join("link.md")).unwrap();
        std::os::unix::fs::symlink("a.md", root.join("inner.md")).unwrap();
        std::os::unix::fs::symlink("/dev/zero", root.join("zero.md")).unwrap();
        assert_eq!(read_regular(&root.join("a.md"), Some(&root), 100).unwrap(), b"hello");
        assert_eq!(read_regular(&root.join("inner.md"), Some(&root), 100).unwrap(), b"hello");
        assert!(matches!(read_regular(&root.join("link.md"), Some(&root), 100), Err(ReadError::Outside(_))));
        assert!(matches!(read_regular(&root.join("zero.md"), Some(&root), 100), Err(ReadError::Outside(_))));
        assert!(matches!(read_regular(Path::new("/dev/zero"), None, 100), Err(ReadError::NotRegular("device"))));
        assert!(matches!(read_regular(&root.join("a.md"), Some(&root), 3), Err(ReadError::TooLarge(5, 3))));
        // a missing file is the content's problem; a folder where a file should be is not
        assert!(!read_regular(&root.join("none.md"), Some(&root), 3).unwrap_err().is_io());
        std::fs::create_dir(root.join("folder.md")).unwrap();
        assert!(read_regular(&root.join("folder.md"), Some(&root), 3).unwrap_err().is_io());
        assert!(!read_regular(Path::new("/dev/zero"), None, 100).unwrap_err().is_io());
        assert!(is_hidden(Path::new(".git/config")) && is_hidden(Path::new("docs/.env")));
        assert!(!is_hidden(Path::new("docs/editing.md")));
        let _ = std::fs::remove_dir_all(&dir);
    }
}
