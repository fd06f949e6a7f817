//! The preview's connections, read and answered by gloss itself so that every resource a
//! client can make it use is bounded. (tiny_http, used before, read a request's header
//! into memory without limit, started a thread per connection without limit and panicked
//! when a thread could not be started.)
//!
//! - At most `--max-connections` connections are open at once, each with its own thread;
//!   one more is answered `503` by the accepting thread and closed.
//! - A connection whose thread cannot be started is answered `503` and closed; the server
//!   goes on. Tests provoke this through `GLOSS_TEST_FAIL_SPAWN_AFTER=N` (the first `N`
//!   connections get a thread, then every start fails) and `GLOSS_TEST_FAIL_SPAWN_COUNT=M`
//!   (only `M` starts fail, the later ones succeed again); both are read only here.
//! - A request's header is read into a buffer of at most [`MAX_HEAD_BYTES`]: a longer one
//!   is answered `431`. A body longer than [`MAX_BODY_BYTES`] is answered `413`, a shorter
//!   one is read and discarded (the preview only answers `GET` and `HEAD`).
//! - The header must arrive within [`HEAD_TIMEOUT`], the next request on a kept-alive
//!   connection within [`IDLE_TIMEOUT`]; a client that reads nothing is dropped after
//!   [`WRITE_TIMEOUT`].
//! - The `Host` header must name the server (see [`super::addr`]), else `403`.

use super::addr::Hosts;
use super::http::{self, Reply};
use super::live::{Next, Subscription};
use super::State;
use std::io::{self, Read, Write};
use std::net::{Shutdown, TcpListener, TcpStream};
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// The longest request header read (request line and header fields).
pub const MAX_HEAD_BYTES: usize = 64 * 1024;
/// The longest request body accepted (and discarded).
pub const MAX_BODY_BYTES: u64 = 64 * 1024;
/// Time allowed for a request's header to arrive on a new connection.
pub const HEAD_TIMEOUT: Duration = Duration::from_secs(10);
/// Time a kept-alive connection may wait for its next request.
pub const IDLE_TIMEOUT: Duration = Duration::from_secs(5);
/// Time a write may wait for the client to read.
pub const WRITE_TIMEOUT: Duration = Duration::from_secs(10);
/// How often a live-reload stream checks whether its page has gone.
const POLL: Duration = Duration::from_secs(1);
/// A comment is sent on a quiet live-reload stream this often (proxies and browsers close
/// streams that stay silent).
const KEEP_ALIVE: Duration = Duration::from_secs(20);
/// Stack of a connection's thread (a request needs little).
const STACK: usize = 256 * 1024;

/// The limits of `gloss serve`.
#[derive(Clone, Copy, Debug)]
pub struct Limits {
    /// Connections open at once, live-reload streams included.
    pub max_connections: usize,
    /// Live-reload streams open at once.
    pub max_live_clients: usize,
}

impl Default for Limits {
    fn default() -> Limits {
        Limits { max_connections: 128, max_live_clients: 32 }
    }
}

impl Limits {
    /// Whether the limits make sense together: live-reload streams must leave room for
    /// the pages themselves.
    pub fn check(&self) -> Result<(), String> {
        if self.max_connections < 2 || self.max_live_clients >= self.max_connections {
            return Err(format!(
                "--max-live-clients ({}) must be below --max-connections ({}), which must be at least 2",
                self.max_live_clients, self.max_connections
            ));
        }
        Ok(())
    }
}

/// What every connection's thread shares.
struct Shared {
    state: Arc<State>,
    hosts: Hosts,
    open: AtomicUsize,
    max_connections: usize,
}

/// Accept connections until the listener fails for good; never panics.
pub fn serve(listener: TcpListener, state: Arc<State>, hosts: Hosts, limits: Limits) {
    let shared = Arc::new(Shared { state, hosts, open: AtomicUsize::new(0), max_connections: limits.max_connections });
    let spawner = Spawner::from_env();
    for stream in listener.incoming() {
        match stream {
            Ok(stream) => accept(stream, &shared, &spawner),
            // out of file descriptors, or a connection reset before it was accepted:
            // wait a moment for connections to close, and go on
            Err(_) => std::thread::sleep(Duration::from_millis(20)),
        }
    }
}

/// Give a new connection its thread, or answer 503 if it cannot have one.
fn accept(stream: TcpStream, shared: &Arc<Shared>, spawner: &Spawner) {
    if shared.open.load(Ordering::SeqCst) >= shared.max_connections {
        refuse(stream, 503, "too many connections to the preview; try again");
        return;
    }
    shared.open.fetch_add(1, Ordering::SeqCst);
    let slot = Slot(Arc::clone(shared));
    // the stream goes to the thread through this cell, so that it is still here to be
    // answered if the thread cannot be started
    let cell = Arc::new(Mutex::new(Some(stream)));
    let for_thread = Arc::clone(&cell);
    let started = spawner.spawn(move || {
        let stream = for_thread.lock().unwrap_or_else(|e| e.into_inner()).take();
        if let Some(stream) = stream {
            connection(stream, &slot.0);
        }
        drop(slot);
    });
    if started.is_err() {
        if let Some(stream) = cell.lock().unwrap_or_else(|e| e.into_inner()).take() {
            refuse(stream, 503, "the preview cannot start a thread for this connection; try again");
        }
    }
}

/// A connection's place in the count; given back when dropped.
struct Slot(Arc<Shared>);

impl Drop for Slot {
    fn drop(&mut self) {
        self.0.open.fetch_sub(1, Ordering::SeqCst);
    }
}

/// Starts connection threads; a test can make it fail (see the module documentation).
struct Spawner {
    attempts: AtomicU64,
    fail_after: u64,
    fail_count: u64,
}

impl Spawner {
    fn from_env() -> Spawner {
        let var = |name: &str| std::env::var(name).ok().and_then(|v| v.trim().parse::<u64>().ok());
        Spawner {
            attempts: AtomicU64::new(0),
            fail_after: var("GLOSS_TEST_FAIL_SPAWN_AFTER").unwrap_or(u64::MAX),
            fail_count: var("GLOSS_TEST_FAIL_SPAWN_COUNT").unwrap_or(u64::MAX),
        }
    }

    fn spawn(&self, f: impl FnOnce() + Send + 'static) -> io::Result<()> {
        let n = self.attempts.fetch_add(1, Ordering::SeqCst);
        if n >= self.fail_after && n - self.fail_after < self.fail_count {
            return Err(io::Error::other("thread start failed (GLOSS_TEST_FAIL_SPAWN_AFTER)"));
        }
        std::thread::Builder::new().name("gloss-serve".into()).stack_size(STACK).spawn(f).map(drop)
    }
}

/// Answer a connection that will not be served, from the accepting thread: take what the
/// client has already sent (so that closing does not reset the connection before the
/// answer is read), answer, close. Never blocks for long.
fn refuse(mut stream: TcpStream, status: u16, text: &str) {
    if stream.set_nonblocking(true).is_ok() {
        let mut buf = [0u8; 4096];
        let _ = stream.read(&mut buf);
    }
    let _ = stream.set_nonblocking(false);
    let _ = stream.set_write_timeout(Some(Duration::from_millis(200)));
    let _ = write_response(&mut stream, &Response::text(status, text), false, false);
    let _ = stream.shutdown(Shutdown::Write);
}

/// A parsed request header.
#[derive(Debug)]
pub struct Request {
    /// `GET`, `HEAD`, …
    pub method: String,
    /// The request target as sent.
    pub target: String,
    http11: bool,
    host: Option<String>,
    length: Option<u64>,
    chunked: bool,
    close: bool,
}

impl Request {
    fn keep_alive(&self) -> bool {
        self.http11 && !self.close
    }
}

/// A complete answer.
pub struct Response {
    /// Status code.
    pub status: u16,
    /// Header fields beyond the length and the connection.
    pub headers: Vec<(&'static str, String)>,
    /// Body.
    pub body: Vec<u8>,
}

impl Response {
    /// A plain-text answer.
    pub fn text(status: u16, text: &str) -> Response {
        Response {
            status,
            headers: vec![("Content-Type", "text/plain; charset=utf-8".into()), ("Cache-Control", "no-store".into())],
            body: text.as_bytes().to_vec(),
        }
    }
}

fn reason(status: u16) -> &'static str {
    match status {
        200 => "OK",
        400 => "Bad Request",
        403 => "Forbidden",
        404 => "Not Found",
        405 => "Method Not Allowed",
        408 => "Request Timeout",
        411 => "Length Required",
        413 => "Content Too Large",
        431 => "Request Header Fields Too Large",
        503 => "Service Unavailable",
        _ => "",
    }
}

fn write_response(stream: &mut TcpStream, r: &Response, head_only: bool, keep: bool) -> io::Result<()> {
    let mut out = format!("HTTP/1.1 {} {}\r\n", r.status, reason(r.status));
    for (name, value) in &r.headers {
        out.push_str(&format!("{name}: {value}\r\n"));
    }
    out.push_str(&format!(
        "Content-Length: {}\r\nConnection: {}\r\n\r\n",
        r.body.len(),
        if keep { "keep-alive" } else { "close" }
    ));
    let mut bytes = out.into_bytes();
    if !head_only {
        bytes.extend_from_slice(&r.body);
    }
    stream.write_all(&bytes)?;
    stream.flush()
}

/// Why a request is not read to its end.
enum Stop {
    /// The client went away, or stayed silent too long: close without a word.
    Gone,
    /// Answer this and close.
    Answer(u16, &'static str),
}

/// A connection and what has been read from it beyond the current request.
struct Conn {
    stream: TcpStream,
    buf: Vec<u8>,
}

impl Conn {
    /// Read more bytes into the buffer before `deadline`; at least one, or `Stop::Gone`.
    fn fill(&mut self, deadline: Instant) -> Result<(), Stop> {
        let left = deadline.saturating_duration_since(Instant::now());
        if left.is_zero() || self.stream.set_read_timeout(Some(left)).is_err() {
            return Err(Stop::Gone);
        }
        let mut chunk = [0u8; 8192];
        match self.stream.read(&mut chunk) {
            Ok(0) | Err(_) => Err(Stop::Gone),
            Ok(n) => {
                self.buf.extend_from_slice(&chunk[..n]);
                Ok(())
            }
        }
    }

    /// The next request's header, at most [`MAX_HEAD_BYTES`] long.
    fn head(&mut self, wait: Duration) -> Result<Vec<u8>, Stop> {
        let deadline = Instant::now() + wait;
        loop {
            if let Some(end) = head_end(&self.buf) {
                let rest = self.buf.split_off(end);
                return Ok(std::mem::replace(&mut self.buf, rest));
            }
            if self.buf.len() > MAX_HEAD_BYTES {
                return Err(Stop::Answer(431, "the request header is too large"));
            }
            // a client that started a request and stalls is told so
            self.fill(deadline).map_err(|stop| match stop {
                Stop::Gone if !self.buf.is_empty() && Instant::now() >= deadline => {
                    Stop::Answer(408, "the request header took too long")
                }
                other => other,
            })?;
        }
    }

    /// Read and drop a body of `len` bytes (already known to be small).
    fn skip_body(&mut self, len: u64) -> Result<(), Stop> {
        let deadline = Instant::now() + HEAD_TIMEOUT;
        let len = usize::try_from(len).unwrap_or(usize::MAX);
        while self.buf.len() < len {
            self.fill(deadline)?;
        }
        self.buf.drain(..len);
        Ok(())
    }

    /// Answer and close, giving the client a moment to read the answer before the
    /// connection is reset (whatever it still sends is read and dropped, within bounds).
    fn answer_and_close(mut self, status: u16, text: &str) {
        if write_response(&mut self.stream, &Response::text(status, text), false, false).is_err() {
            return;
        }
        let _ = self.stream.shutdown(Shutdown::Write);
        let deadline = Instant::now() + Duration::from_millis(500);
        let mut chunk = [0u8; 8192];
        let mut budget: usize = 4 << 20;
        while budget > 0 {
            let left = deadline.saturating_duration_since(Instant::now());
            if left.is_zero() || self.stream.set_read_timeout(Some(left)).is_err() {
                return;
            }
            match self.stream.read(&mut chunk) {
                Ok(0) | Err(_) => return,
                Ok(n) => budget = budget.saturating_sub(n),
            }
        }
    }
}

/// Where a request header ends (after its blank line), if it has.
fn head_end(buf: &[u8]) -> Option<usize> {
    let mut from = 0;
    while let Some(i) = memchr::memchr(b'\n', &buf[from..]) {
        let at = from + i;
        match buf.get(at + 1..) {
            Some([b'\n', ..]) => return Some(at + 2),
            Some([b'\r', b'\n', ..]) => return Some(at + 3),
            _ => from = at + 1,
        }
    }
    None
}

/// Parse a request header; `None` if it is not HTTP/1.x.
fn parse(head: &[u8]) -> Option<Request> {
    let text = std::str::from_utf8(head).ok()?;
    let mut lines = text.split('\n').map(|l| l.strip_suffix('\r').unwrap_or(l));
    let mut parts = lines.next()?.split(' ');
    let (method, target, version) = (parts.next()?, parts.next()?, parts.next()?);
    if parts.next().is_some() || method.is_empty() || target.is_empty() {
        return None;
    }
    let http11 = match version {
        "HTTP/1.1" => true,
        "HTTP/1.0" => false,
        _ => return None,
    };
    let mut req = Request {
        method: method.to_string(),
        target: target.to_string(),
        http11,
        host: None,
        length: None,
        chunked: false,
        close: false,
    };
    for line in lines.filter(|l| !l.is_empty()) {
        let (name, value) = line.split_once(':')?;
        if name.is_empty() || name.ends_with([' ', '\t']) || name.starts_with([' ', '\t']) {
            return None;
        }
        let value = value.trim();
        match name.to_ascii_lowercase().as_str() {
            "host" if req.host.is_some() => return None,
            "host" => req.host = Some(value.to_string()),
            "content-length" => {
                let n: u64 = value.parse().ok()?;
                if req.length.is_some_and(|m| m != n) {
                    return None;
                }
                req.length = Some(n);
            }
            "transfer-encoding" => req.chunked = true,
            "connection" => req.close = value.split(',').any(|t| t.trim().eq_ignore_ascii_case("close")),
            _ => {}
        }
    }
    Some(req)
}

/// Serve one connection: requests one after the other, until it closes or turns into a
/// live-reload stream.
fn connection(stream: TcpStream, shared: &Shared) {
    let _ = stream.set_write_timeout(Some(WRITE_TIMEOUT));
    let _ = stream.set_nodelay(true);
    let mut conn = Conn { stream, buf: Vec::new() };
    let mut wait = HEAD_TIMEOUT;
    loop {
        let req = match conn.head(wait).map(|head| parse(&head)) {
            Ok(Some(req)) => req,
            Ok(None) => return conn.answer_and_close(400, "bad request"),
            Err(Stop::Gone) => return,
            Err(Stop::Answer(status, text)) => return conn.answer_and_close(status, text),
        };
        if let Err(stop) = admit(&mut conn, &req, &shared.hosts) {
            return match stop {
                Stop::Gone => {}
                Stop::Answer(status, text) => conn.answer_and_close(status, text),
            };
        }
        match http::respond(&req, &shared.state) {
            Reply::Done(response) => {
                // a refusal (503) closes the connection, giving its place back
                let keep = req.keep_alive() && response.status < 500;
                if write_response(&mut conn.stream, &response, req.method == "HEAD", keep).is_err() || !keep {
                    return;
                }
            }
            Reply::Events(sub) => return events(conn.stream, &sub),
        }
        wait = IDLE_TIMEOUT;
    }
}

/// Whether a request may be answered: its host, its method, its body (read and dropped).
fn admit(conn: &mut Conn, req: &Request, hosts: &Hosts) -> Result<(), Stop> {
    match &req.host {
        Some(host) if hosts.allows(host) => {}
        None if !req.http11 => {}
        Some(_) => return Err(Stop::Answer(403, "this preview does not answer to that host name")),
        None => return Err(Stop::Answer(400, "a Host header is required")),
    }
    if req.chunked {
        return Err(Stop::Answer(411, "a request body needs a Content-Length"));
    }
    let len = req.length.unwrap_or(0);
    if len > MAX_BODY_BYTES {
        return Err(Stop::Answer(413, "the request body is too large"));
    }
    conn.skip_body(len)?;
    if req.method != "GET" && req.method != "HEAD" {
        return Err(Stop::Answer(405, "the preview only answers GET and HEAD"));
    }
    Ok(())
}

/// Write a live-reload stream until the page goes away.
fn events(mut stream: TcpStream, sub: &Subscription) {
    let head = "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nCache-Control: no-store\r\nConnection: keep-alive\r\n\r\n";
    if stream.write_all(head.as_bytes()).is_err() {
        return;
    }
    let mut quiet = Instant::now();
    loop {
        let text = match sub.next(POLL) {
            Next::Event(text) => text,
            Next::Quiet if peer_closed(&stream) => return,
            Next::Quiet if quiet.elapsed() >= KEEP_ALIVE => ": keep-alive\n\n".to_string(),
            Next::Quiet => continue,
        };
        if stream.write_all(text.as_bytes()).and_then(|()| stream.flush()).is_err() {
            return;
        }
        quiet = Instant::now();
    }
}

/// Whether the client closed its side of the connection (or it broke).
fn peer_closed(stream: &TcpStream) -> bool {
    if stream.set_nonblocking(true).is_err() {
        return true;
    }
    let result = stream.peek(&mut [0u8; 1]);
    let _ = stream.set_nonblocking(false);
    match result {
        Ok(0) => true,
        Ok(_) => false,
        Err(e) => e.kind() != io::ErrorKind::WouldBlock,
    }
}

#[cfg(test)]
mod tests {
    use super::{head_end, parse};

    #[test]
    fn heads_end_at_the_blank_line() {
        assert_eq!(head_end(b"GET / HTTP/1.1\r\nHost: a\r\n\r\nrest"), Some(27));
        assert_eq!(head_end(b"GET / HTTP/1.1\nHost: a\n\nrest"), Some(24));
        assert_eq!(head_end(b"GET / HTTP/1.1\r\nHost: a\r\n"), None);
    }

    #[test]
    fn requests_parse_strictly() {
        let req = parse(b"GET /x HTTP/1.1\r\nHost: localhost:1\r\nContent-Length: 3\r\n\r\n").unwrap();
        assert_eq!((req.method.as_str(), req.target.as_str()), ("GET", "/x"));
        assert_eq!((req.host.as_deref(), req.length), (Some("localhost:1"), Some(3)));
        assert!(req.keep_alive());
        for bad in [
            &b"GET /x\r\n\r\n"[..],
            b"GET /x HTTP/2\r\n\r\n",
            b"GET /x HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n",
            b"GET /x HTTP/1.1\r\nContent-Length: x\r\n\r\n",
            b"GET /x HTTP/1.1\r\n folded\r\n\r\n",
            b"GET /x HTTP/1.1\r\nHost : a\r\n\r\n",
        ] {
            assert!(parse(bad).is_none(), "{}", String::from_utf8_lossy(bad));
        }
    }
}
