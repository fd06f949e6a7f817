//! Live reload over server-sent events: every open page keeps a connection to
//! `/__gloss/events` and is told `reload` after a successful rebuild, or `error` (with the
//! diagnostics) after a failed one, which the page shows over its content.
//!
//! The number of pages kept live at once is capped (`--max-live-clients`): a page beyond
//! the cap is still served, but its event stream is refused (503), so it does not reload by
//! itself. A page's place is given back as soon as its connection ends.

use std::sync::mpsc::{channel, Receiver, RecvTimeoutError, Sender};
use std::sync::Mutex;
use std::time::Duration;

/// The connected pages, at most `cap` of them.
pub struct Clients {
    inner: Mutex<Inner>,
    cap: usize,
}

#[derive(Default)]
struct Inner {
    next_id: u64,
    pages: Vec<(u64, Sender<String>)>,
}

impl Clients {
    /// No page yet; at most `cap` at once.
    pub fn new(cap: usize) -> Clients {
        Clients { inner: Mutex::new(Inner::default()), cap }
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Inner> {
        self.inner.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// A new page, or `None` when `cap` pages are already connected.
    pub fn connect(&self) -> Option<Subscription<'_>> {
        let (tx, rx) = channel();
        let _ = tx.send("retry: 500\n\n".to_string());
        let mut inner = self.lock();
        if inner.pages.len() >= self.cap {
            return None;
        }
        inner.next_id += 1;
        let id = inner.next_id;
        inner.pages.push((id, tx));
        Some(Subscription { clients: self, id, rx })
    }

    /// Send an event to every page.
    pub fn broadcast(&self, event: &str, data: &str) {
        let mut msg = format!("event: {event}\n");
        for line in data.lines() {
            msg.push_str("data: ");
            msg.push_str(line);
            msg.push('\n');
        }
        if data.is_empty() {
            msg.push_str("data: \n");
        }
        msg.push('\n');
        self.lock().pages.retain(|(_, tx)| tx.send(msg.clone()).is_ok());
    }

    /// Number of connected pages.
    pub fn len(&self) -> usize {
        self.lock().pages.len()
    }

    /// Whether no page is connected.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

/// One connected page's events; its place is given back when it is dropped.
pub struct Subscription<'a> {
    clients: &'a Clients,
    id: u64,
    rx: Receiver<String>,
}

/// What waiting for an event gave.
pub enum Next {
    /// Text to write to the stream.
    Event(String),
    /// Nothing happened in the time given.
    Quiet,
}

impl Subscription<'_> {
    /// The next event, waiting at most `wait`.
    pub fn next(&self, wait: Duration) -> Next {
        match self.rx.recv_timeout(wait) {
            Ok(msg) => Next::Event(msg),
            Err(RecvTimeoutError::Timeout) => Next::Quiet,
            // the sender is only dropped when the page is forgotten, which the page does
            // itself on drop; should it happen anyway, wait rather than spin
            Err(RecvTimeoutError::Disconnected) => {
                std::thread::sleep(wait);
                Next::Quiet
            }
        }
    }
}

impl Drop for Subscription<'_> {
    fn drop(&mut self) {
        self.clients.lock().pages.retain(|(id, _)| *id != self.id);
    }
}

/// The script injected into every served page.
pub const SCRIPT: &str = r#"(function () {
  "use strict";
  var overlay = null;
  function show(text) {
    if (!overlay) {
      overlay = document.createElement("div");
      overlay.id = "gloss-error-overlay";
      overlay.setAttribute("role", "alert");
      overlay.style.cssText = "position:fixed;inset:0;z-index:9999;background:rgba(20,18,15,.94);color:#f4efe4;padding:2rem;overflow:auto;font:14px/1.5 ui-monospace,Menlo,Consolas,monospace;white-space:pre-wrap";
      document.body.appendChild(overlay);
    }
    overlay.textContent = "gloss: the last change does not build; still showing the last good version.\n\n" + text;
  }
  var es = new EventSource("/__gloss/events");
  es.addEventListener("reload", function () { location.reload(); });
  es.addEventListener("error", function (e) { if (e.data) show(e.data); });
  fetch("/__gloss/status").then(function (r) { return r.text(); }).then(function (t) { if (t) show(t); });
})();
"#;
