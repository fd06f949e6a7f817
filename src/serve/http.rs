//! The preview's HTTP side: files from memory, the live-reload endpoints, and nothing else.

use super::State;
use std::io::{Read, Write};
use std::sync::Arc;
use tiny_http::{Header, Request, Response, Server};

/// Answer requests until the server stops; one thread per request.
pub fn serve(server: Server, state: Arc<State>) {
    for request in server.incoming_requests() {
        let state = Arc::clone(&state);
        std::thread::spawn(move || handle(request, &state));
    }
}

fn header(name: &str, value: &str) -> Header {
    Header::from_bytes(name.as_bytes(), value.as_bytes()).expect("valid header")
}

/// Decode %XX escapes; `None` if the result is not UTF-8.
fn percent_decode(s: &str) -> Option<String> {
    let b = s.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'%' {
            if i + 2 >= b.len() {
                return None;
            }
            let hex = std::str::from_utf8(&b[i + 1..i + 3]).ok()?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(b[i]);
            i += 1;
        }
    }
    String::from_utf8(out).ok()
}

/// The site path a URL path asks for: `/` → `index.html`, `/dir/` → `dir/index.html`.
/// Paths that try to climb (`..`), hold a backslash or a NUL are refused with `None`.
pub fn site_path(url: &str) -> Option<String> {
    let path = url.split(['?', '#']).next().unwrap_or("");
    let decoded = percent_decode(path)?;
    if decoded.contains('\\') || decoded.contains('\0') {
        return None;
    }
    let mut parts = Vec::new();
    for seg in decoded.split('/') {
        match seg {
            "" | "." => {}
            ".." => return None,
            s => parts.push(s),
        }
    }
    let mut p = parts.join("/");
    if p.is_empty() || decoded.ends_with('/') {
        if !p.is_empty() {
            p.push('/');
        }
        p.push_str("index.html");
    }
    Some(p)
}

fn content_type(path: &str) -> &'static str {
    match path.rsplit('.').next().unwrap_or("") {
        "html" => "text/html; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "js" => "text/javascript; charset=utf-8",
        "json" => "application/json",
        "xml" => "application/xml",
        "txt" => "text/plain; charset=utf-8",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "wasm" | "pagefind" => "application/wasm",
        _ => "application/octet-stream",
    }
}

fn handle(request: Request, state: &Arc<State>) {
    let url = request.url().to_string();
    if url == "/__gloss/events" {
        // The event stream is written to the socket by hand, flushing after every event
        // (a normal response body would be buffered).
        let mut stream = state.clients.connect();
        let mut w = request.into_writer();
        let head = "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nCache-Control: no-store\r\nConnection: keep-alive\r\n\r\n";
        if w.write_all(head.as_bytes()).and_then(|_| w.flush()).is_err() {
            return;
        }
        let mut buf = [0u8; 4096];
        loop {
            match stream.read(&mut buf) {
                Ok(0) | Err(_) => return,
                Ok(n) => {
                    if w.write_all(&buf[..n]).and_then(|_| w.flush()).is_err() {
                        return;
                    }
                }
            }
        }
    }
    if url == "/__gloss/live.js" {
        let _ = request.respond(
            Response::from_string(super::live::SCRIPT)
                .with_header(header("Content-Type", "text/javascript; charset=utf-8")),
        );
        return;
    }
    if url == "/__gloss/status" {
        let error = state.site.read().unwrap_or_else(|e| e.into_inner()).error.clone().unwrap_or_default();
        let _ = request.respond(Response::from_string(error).with_header(header("Cache-Control", "no-store")));
        return;
    }
    let Some(path) = site_path(&url) else {
        let _ = request.respond(Response::from_string("bad request").with_status_code(400));
        return;
    };
    let (status, path, body) = {
        let site = state.site.read().unwrap_or_else(|e| e.into_inner());
        match site.files.get(&path).or_else(|| site.files.get(&format!("{path}/index.html"))) {
            Some(b) => (200, path, std::sync::Arc::clone(b)),
            None => match site.files.get("404.html") {
                Some(b) => (404, "404.html".to_string(), std::sync::Arc::clone(b)),
                None => (404, "404.txt".to_string(), std::sync::Arc::new(b"not found".to_vec())),
            },
        }
    };
    let mut bytes = body.as_ref().clone();
    if path.ends_with(".html") {
        inject(&mut bytes);
    }
    let response = Response::from_data(bytes)
        .with_status_code(status)
        .with_header(header("Content-Type", content_type(&path)))
        .with_header(header("Cache-Control", "no-store"));
    let _ = request.respond(response);
}

/// Add the live-reload script to a page.
fn inject(html: &mut Vec<u8>) {
    let tag = b"<script src=/__gloss/live.js defer></script>";
    let at = find(html, b"</body>").unwrap_or(html.len());
    html.splice(at..at, tag.iter().copied());
}

fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).rposition(|w| w == needle)
}

#[cfg(test)]
mod tests {
    use super::site_path;

    #[test]
    fn paths_map_to_site_files_and_never_climb() {
        assert_eq!(site_path("/").as_deref(), Some("index.html"));
        assert_eq!(site_path("/chapter/x.html?q=1#p").as_deref(), Some("chapter/x.html"));
        assert_eq!(site_path("/index/").as_deref(), Some("index/index.html"));
        assert_eq!(site_path("/a%20b.html").as_deref(), Some("a b.html"));
        for bad in
            ["/../etc/passwd", "/a/../../x", "/%2e%2e/secret", "/a%2f..%2f..%2fx", "/..%5c..%5cx", "/%00", "/%zz"]
        {
            assert_eq!(site_path(bad), None, "{bad}");
        }
    }
}
