//! Live reload over server-sent events: every open page keeps a connection to
//! `/__gloss/events` and is told `reload` after a successful rebuild, or `error` (with the
//! diagnostics) after a failed one, which the page shows over its content.

use std::io::Read;
use std::sync::mpsc::{channel, Receiver, RecvTimeoutError, Sender};
use std::sync::{Arc, Mutex};
use std::time::Duration;

/// The connected pages.
#[derive(Default)]
pub struct Clients(Mutex<Vec<Sender<String>>>);

impl Clients {
    /// A new connection: a reader that yields the event stream.
    pub fn connect(&self) -> EventStream {
        let (tx, rx) = channel();
        let _ = tx.send("retry: 500\n\n".to_string());
        self.0.lock().unwrap_or_else(|e| e.into_inner()).push(tx);
        EventStream { rx, buf: Vec::new(), pos: 0 }
    }

    /// Send an event to every page; forget pages that went away.
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
        self.0.lock().unwrap_or_else(|e| e.into_inner()).retain(|tx| tx.send(msg.clone()).is_ok());
    }

    /// Number of connected pages.
    pub fn len(&self) -> usize {
        self.0.lock().unwrap_or_else(|e| e.into_inner()).len()
    }

    /// Whether no page is connected.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

/// The body of an event-stream response: blocks until the next event.
pub struct EventStream {
    rx: Receiver<String>,
    buf: Vec<u8>,
    pos: usize,
}

impl Read for EventStream {
    fn read(&mut self, out: &mut [u8]) -> std::io::Result<usize> {
        if self.pos >= self.buf.len() {
            match self.rx.recv_timeout(Duration::from_secs(30)) {
                Ok(msg) => {
                    self.buf = msg.into_bytes();
                    self.pos = 0;
                }
                // a comment line keeps proxies and browsers from closing the stream
                Err(RecvTimeoutError::Timeout) => {
                    self.buf = b": keep-alive\n\n".to_vec();
                    self.pos = 0;
                }
                Err(RecvTimeoutError::Disconnected) => return Ok(0),
            }
        }
        let n = out.len().min(self.buf.len() - self.pos);
        out[..n].copy_from_slice(&self.buf[self.pos..self.pos + n]);
        self.pos += n;
        Ok(n)
    }
}

/// Periodically drop connections whose pages have gone (a failed send removes them).
pub fn heartbeat(state: Arc<super::State>) {
    std::thread::spawn(move || loop {
        std::thread::sleep(Duration::from_secs(20));
        state.clients.broadcast("ping", "");
    });
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
