//! The preview's answers: files from memory, the live-reload endpoints, and nothing else.
//! Reading requests and writing answers is [`super::conn`]'s business.

use super::conn::{Request, Response};
use super::live::Subscription;
use super::State;

/// What a request gets.
pub enum Reply<'a> {
    /// A complete response.
    Done(Response),
    /// A live-reload stream, for as long as the page stays.
    Events(Subscription<'a>),
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

/// Answer a request that has been admitted (a known host, `GET` or `HEAD`).
pub fn respond<'a>(request: &Request, state: &'a State) -> Reply<'a> {
    let url = request.target.as_str();
    if !url.starts_with('/') {
        return Reply::Done(Response::text(400, "bad request"));
    }
    match url {
        "/__gloss/events" => match state.clients.connect() {
            Some(sub) => Reply::Events(sub),
            None => Reply::Done(Response::text(503, "too many pages are live-reloading; this one will not")),
        },
        "/__gloss/live.js" => Reply::Done(file(200, "live.js", super::live::SCRIPT.as_bytes().to_vec())),
        "/__gloss/status" => {
            let site = state.site.read().unwrap_or_else(|e| e.into_inner());
            Reply::Done(Response::text(200, site.error.as_deref().unwrap_or_default()))
        }
        _ => Reply::Done(site_file(url, state)),
    }
}

/// A file of the site, or its 404 page.
fn site_file(url: &str, state: &State) -> Response {
    let Some(path) = site_path(url) else {
        return Response::text(400, "bad request");
    };
    let (status, path, body) = {
        let site = state.site.read().unwrap_or_else(|e| e.into_inner());
        match site.files.get(&path).or_else(|| site.files.get(&format!("{path}/index.html"))) {
            Some(b) => (200, path, std::sync::Arc::clone(b)),
            None => match site.files.get("404.html") {
                Some(b) => (404, "404.html".to_string(), std::sync::Arc::clone(b)),
                None => return Response::text(404, "not found"),
            },
        }
    };
    let mut bytes = body.as_ref().clone();
    if path.ends_with(".html") {
        inject(&mut bytes);
    }
    file(status, &path, bytes)
}

fn file(status: u16, path: &str, body: Vec<u8>) -> Response {
    Response {
        status,
        headers: vec![("Content-Type", content_type(path).to_string()), ("Cache-Control", "no-store".to_string())],
        body,
    }
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
