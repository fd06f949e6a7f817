//! Watching the edition's sources and rebuilding on change. Events are gathered for a
//! short moment (editors often write a file in several steps) and one rebuild follows.
//! Only changes count: the rebuild's own reading of the files must not trigger another.

use super::State;
use notify::event::{AccessKind, AccessMode, EventKind};
use notify::{RecommendedWatcher, RecursiveMode, Watcher};
use std::path::{Path, PathBuf};
use std::sync::mpsc::{channel, Receiver, RecvTimeoutError};
use std::sync::Arc;
use std::time::Duration;

/// How long to wait for more changes before rebuilding.
const SETTLE: Duration = Duration::from_millis(50);

/// Start watching `content/`, `themes/` and `docs/` under `root`. Keep the returned watcher
/// alive for as long as watching should go on.
pub fn start(state: Arc<State>, root: &Path) -> Result<RecommendedWatcher, String> {
    let (tx, rx) = channel::<PathBuf>();
    let mut watcher = notify::recommended_watcher(move |res: notify::Result<notify::Event>| {
        let Ok(event) = res else { return };
        if !is_change(&event.kind) {
            return;
        }
        for p in event.paths {
            if !is_noise(&p) {
                let _ = tx.send(p);
            }
        }
    })
    .map_err(|e| format!("cannot watch files: {e}"))?;
    for dir in ["content", "themes", "docs"] {
        let p = root.join(dir);
        if p.is_dir() {
            watcher.watch(&p, RecursiveMode::Recursive).map_err(|e| format!("cannot watch {}: {e}", p.display()))?;
        }
    }
    let root = root.to_path_buf();
    std::thread::Builder::new()
        .name("gloss-watch".into())
        .spawn(move || rebuild_on_change(&rx, &state, &root))
        .map_err(|e| format!("cannot start the rebuilding thread: {e}"))?;
    Ok(watcher)
}

/// Rebuild once for every burst of changes, until the watcher is dropped.
fn rebuild_on_change(rx: &Receiver<PathBuf>, state: &Arc<State>, root: &Path) {
    while let Ok(first) = rx.recv() {
        let mut changed = vec![first];
        loop {
            match rx.recv_timeout(SETTLE) {
                Ok(p) => changed.push(p),
                Err(RecvTimeoutError::Timeout) => break,
                Err(RecvTimeoutError::Disconnected) => return,
            }
        }
        changed.sort();
        changed.dedup();
        let shown: Vec<String> =
            changed.iter().map(|p| p.strip_prefix(root).unwrap_or(p).display().to_string()).collect();
        let reason =
            if shown.len() == 1 { shown[0].clone() } else { format!("{} and {} more", shown[0], shown.len() - 1) };
        println!("{}", state.rebuild(&reason));
    }
}

/// Whether an event changes a file (not merely reads it).
fn is_change(kind: &EventKind) -> bool {
    matches!(
        kind,
        EventKind::Create(_)
            | EventKind::Modify(_)
            | EventKind::Remove(_)
            | EventKind::Access(AccessKind::Close(AccessMode::Write))
    )
}

/// Editor swap and backup files do not trigger rebuilds.
fn is_noise(path: &Path) -> bool {
    let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("");
    name.starts_with(".#") || name.ends_with('~') || name.ends_with(".swp") || name.ends_with(".swx") || name == "4913"
}
