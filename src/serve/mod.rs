//! `gloss serve`: the live preview. The site is built into memory and served on
//! 127.0.0.1 (unless `--bind` says otherwise); `content/`, `themes/` and `docs/` are
//! watched, every change rebuilds the site, and open pages reload through server-sent
//! events. A build error is printed in the terminal and shown over the page, while the
//! last good site keeps being served.
//!
//! Requests are answered from memory only: a path is a key into the map of built files,
//! so no request can read anything from disk, let alone outside the site.
//!
//! The server degrades rather than dies: connections and live-reload pages are capped
//! (`--max-connections`, `--max-live-clients`), request headers and bodies are bounded, a
//! thread that cannot be started costs one connection a `503`, and only requests whose
//! `Host` names this server are answered (see [`conn`] and [`addr`]).

mod addr;
mod conn;
mod http;
mod live;
mod watch;

pub use conn::{Limits, MAX_BODY_BYTES, MAX_HEAD_BYTES};

use crate::diagnostics::Diagnostics;
use crate::load::Paths;
use crate::output::OutputFile;
use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::{Arc, RwLock};
use std::time::Instant;

/// Options of `gloss serve`.
#[derive(Clone, Debug)]
pub struct ServeOptions {
    /// Edition root.
    pub root: PathBuf,
    /// Address to listen on.
    pub bind: String,
    /// Port (0: any free port).
    pub port: u16,
    /// Caps on connections and live-reload pages.
    pub limits: Limits,
}

/// The site being served.
#[derive(Default)]
pub struct Site {
    /// Built files by path.
    pub files: HashMap<String, Arc<Vec<u8>>>,
    /// The last build's errors, rendered for people, if the last build failed.
    pub error: Option<String>,
    /// Incremented on every successful build.
    pub version: u64,
}

/// Shared state between the builder, the watcher and the HTTP threads.
pub struct State {
    /// The site.
    pub site: RwLock<Site>,
    /// Connected live-reload clients.
    pub clients: live::Clients,
    paths: Paths,
}

impl State {
    /// Rebuild the site; on success swap it in and tell the browsers to reload, on failure
    /// keep the previous site and show the errors. Returns a one-line report.
    pub fn rebuild(self: &Arc<Self>, reason: &str) -> String {
        let start = Instant::now();
        // the preview serves the site at its root, whatever address it will be published at
        let opts = crate::pipeline::Options { base_url: Some("/".to_string()) };
        match crate::pipeline::render(&self.paths, opts) {
            Ok(built) => {
                let version = {
                    let mut site = self.site.write().unwrap_or_else(|e| e.into_inner());
                    let search: Vec<(String, Arc<Vec<u8>>)> = site
                        .files
                        .iter()
                        .filter(|(k, _)| k.starts_with(crate::search::BUNDLE_DIR))
                        .map(|(k, v)| (k.clone(), Arc::clone(v)))
                        .collect();
                    site.files = built.files.iter().map(|f| (f.path.clone(), Arc::new(f.bytes.clone()))).collect();
                    // keep the previous search index until the new one is ready
                    site.files.extend(search);
                    site.error = None;
                    site.version += 1;
                    site.version
                };
                let ms = start.elapsed().as_secs_f64() * 1000.0;
                self.clients.broadcast("reload", &version.to_string());
                let warnings = built.warnings.warning_count();
                let pages = built.files_len();
                self.index_in_background(built.files, built.language, built.search_part_kib, version);
                format!(
                    "{reason}: rebuilt {} pages in {ms:.0} ms{}",
                    pages,
                    if warnings > 0 {
                        format!(" ({warnings} warnings: `gloss check` lists them)")
                    } else {
                        String::new()
                    }
                )
            }
            Err(diags) => {
                let text = render_errors(&diags);
                eprintln!("{}", render_errors_colored(&diags));
                self.site.write().unwrap_or_else(|e| e.into_inner()).error = Some(text.clone());
                self.clients.broadcast("error", &text);
                format!("{reason}: build failed ({} errors); still serving the last good site", diags.error_count())
            }
        }
    }

    /// Build the search index on a spare thread and add it when ready, unless a newer build
    /// has been published meanwhile.
    fn index_in_background(self: &Arc<Self>, files: Vec<OutputFile>, language: String, part_kib: u64, version: u64) {
        let state = Arc::clone(self);
        let started = std::thread::Builder::new().name("gloss-index".into()).spawn(move || {
            if let Ok(bundle) = crate::search::index(&files, &language, part_kib) {
                let mut site = state.site.write().unwrap_or_else(|e| e.into_inner());
                if site.version == version {
                    site.files.retain(|k, _| !k.starts_with(crate::search::BUNDLE_DIR));
                    for f in bundle {
                        site.files.insert(f.path, Arc::new(f.bytes));
                    }
                }
            }
        });
        if let Err(e) = started {
            eprintln!("warning: the search index was not rebuilt: cannot start a thread: {e}");
        }
    }
}

impl crate::pipeline::Built {
    fn files_len(&self) -> usize {
        self.files.iter().filter(|f| f.path.ends_with(".html")).count()
    }
}

fn render_errors(diags: &Diagnostics) -> String {
    diags.0.iter().filter(|d| d.is_error()).map(|d| d.render(false)).collect::<Vec<_>>().join("\n\n")
}

fn render_errors_colored(diags: &Diagnostics) -> String {
    let color = crate::cmd::use_color();
    diags.0.iter().filter(|d| d.is_error()).map(|d| d.render(color)).collect::<Vec<_>>().join("\n\n")
}

/// Run the preview server until interrupted.
pub fn run(opts: ServeOptions) -> Result<(), crate::diagnostics::Diagnostic> {
    use crate::diagnostics::Diagnostic;
    // the command line and the machine, not the edition, are at fault: exit status 2
    let fail = |code: &'static str| move |e: String| Diagnostic::io(code, e);
    opts.limits.check().map_err(fail("bad-option"))?;
    let paths = Paths::new(&opts.root);
    let clients = live::Clients::new(opts.limits.max_live_clients);
    let state = Arc::new(State { site: RwLock::new(Site::default()), clients, paths });
    println!("{}", state.rebuild("initial build"));
    let listener = addr::listen(&opts.bind, opts.port).map_err(fail("listen"))?;
    let local =
        listener.local_addr().map_err(|e| Diagnostic::io("listen", format!("cannot listen on {}: {e}", opts.bind)))?;
    if !local.ip().is_loopback() {
        eprintln!("warning: listening on {} — other machines can reach this preview", opts.bind);
    }
    println!("Serving the edition at http://{local}/ (Ctrl+C to stop)");
    let _watcher = watch::start(Arc::clone(&state), &opts.root).map_err(fail("watch"))?;
    conn::serve(listener, state, addr::Hosts::new(&opts.bind, local), opts.limits);
    Ok(())
}
