//! The preview server degrades, never dies: more live-reload pages or connections than
//! its (lowered) caps, threads that cannot be started, oversized headers and bodies, a
//! foreign `Host` (DNS rebinding), and the `--bind` forms it must accept. Every request
//! goes to the loopback interface; every server is killed when its test ends.

mod common;
use common::*;
use std::io::{Read, Write};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

/// A copy of the linked fixture, so that the server's watcher sees no other test's files.
fn edition(name: &str) -> PathBuf {
    let root = temp_dir(name).join("edition");
    copy_dir(&repo().join("tests/fixtures/linked"), &root);
    root
}

/// Start `gloss serve` on a free port with more arguments and environment variables.
fn serve(root: &Path, args: &[&str], env: &[(&str, &str)]) -> Server {
    serve_with(root, args, env)
}

fn connect(addr: SocketAddr) -> TcpStream {
    let s = TcpStream::connect_timeout(&addr, Duration::from_secs(5)).unwrap();
    s.set_read_timeout(Some(Duration::from_secs(10))).unwrap();
    s
}

/// The status code of a response, 0 if there is none.
fn status(text: &str) -> u16 {
    text.split_whitespace().nth(1).and_then(|c| c.parse().ok()).unwrap_or(0)
}

/// Send a GET with this `Host` and return the status and the whole response (0 if the
/// connection was closed or reset without one).
fn get_as(addr: SocketAddr, path: &str, host: &str) -> (u16, String) {
    let mut s = connect(addr);
    let _ = write!(s, "GET {path} HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n");
    let mut bytes = Vec::new();
    let _ = s.read_to_end(&mut bytes);
    let text = String::from_utf8_lossy(&bytes).into_owned();
    (status(&text), text)
}

fn get(addr: SocketAddr, path: &str) -> (u16, String) {
    get_as(addr, path, &addr.to_string())
}

/// Open a live-reload stream and return it with the status of its answer (0: closed
/// without one).
fn event_stream(addr: SocketAddr) -> (TcpStream, u16) {
    let mut s = connect(addr);
    write!(s, "GET /__gloss/events HTTP/1.1\r\nHost: {addr}\r\nAccept: text/event-stream\r\n\r\n").unwrap();
    // read the head only: the stream stays open
    let mut head = Vec::new();
    let mut byte = [0u8; 1];
    while !head.ends_with(b"\r\n\r\n") && head.len() < 4096 {
        match s.read(&mut byte) {
            Ok(1) => head.push(byte[0]),
            _ => break,
        }
    }
    let code = status(&String::from_utf8_lossy(&head));
    (s, code)
}

#[test]
fn pages_are_served_with_more_live_reload_clients_than_the_cap() {
    let root = edition("limits-live");
    let mut server = serve(&root, &["--max-live-clients", "3", "--max-connections", "16"], &[]);
    let addr = server.addr;
    let live: Vec<TcpStream> = (0..3)
        .map(|i| {
            let (s, code) = event_stream(addr);
            assert_eq!(code, 200, "live client {i}");
            s
        })
        .collect();
    // ten more pages ask to live-reload: each is refused, none is left hanging
    let started = Instant::now();
    for i in 0..10 {
        let (mut s, code) = event_stream(addr);
        assert!(code == 503 || code == 0, "over-cap live client {i} got {code}");
        let mut rest = Vec::new();
        let _ = s.read_to_end(&mut rest);
    }
    let refused = started.elapsed();
    for _ in 0..20 {
        let (code, page) = get(addr, "/");
        assert_eq!(code, 200);
        assert!(page.contains("</html>") && page.contains("/__gloss/live.js"));
    }
    assert_eq!(get(addr, "/chapter/exile.html").0, 200);
    assert!(server.alive(), "the server died");
    // a page that goes away gives its place back
    drop(live);
    let deadline = Instant::now() + Duration::from_secs(10);
    let (_again, code) = loop {
        let (s, code) = event_stream(addr);
        if code == 200 || Instant::now() > deadline {
            break (s, code);
        }
        std::thread::sleep(Duration::from_millis(200));
    };
    assert_eq!(code, 200, "no live-reload place given back in 10 s");
    eprintln!("10 over-cap live clients refused in {} ms", refused.as_millis());
    assert!(server.alive(), "the server died");
}

#[test]
fn connections_over_the_cap_get_503_and_the_server_goes_on() {
    let root = edition("limits-connections");
    let mut server = serve(&root, &["--max-live-clients", "1", "--max-connections", "4"], &[]);
    let addr = server.addr;
    // four idle connections fill the server (they send nothing: each holds its thread)
    let idle: Vec<TcpStream> = (0..4).map(|_| connect(addr)).collect();
    std::thread::sleep(Duration::from_millis(300));
    for i in 0..20 {
        let (code, text) = get(addr, "/");
        assert!(code == 503 || code == 0, "connection {i} over the cap got {code}: {text}");
        assert!(!text.contains("</html>"));
    }
    assert!(server.alive(), "the server died");
    drop(idle);
    let deadline = Instant::now() + Duration::from_secs(10);
    while get(addr, "/").0 != 200 {
        assert!(Instant::now() < deadline, "no page 10 s after the idle connections closed");
        std::thread::sleep(Duration::from_millis(100));
    }
    assert!(server.alive(), "the server died");
}

#[test]
fn the_live_client_cap_must_leave_room_for_pages() {
    let root = edition("limits-bad-caps");
    let run = gloss(&[
        "serve",
        "--root",
        root.to_str().unwrap(),
        "--port",
        "0",
        "--max-live-clients",
        "4",
        "--max-connections",
        "4",
    ]);
    assert_eq!(run.code, 2, "{}{}", run.stdout, run.stderr);
    assert!(run.stderr.contains("--max-live-clients"), "{}", run.stderr);
}

#[test]
fn a_thread_that_cannot_start_costs_a_503_not_the_server() {
    let root = edition("limits-spawn");
    // the first 3 connections get a thread, the next 5 do not, then threads start again
    let env = [("GLOSS_TEST_FAIL_SPAWN_AFTER", "3"), ("GLOSS_TEST_FAIL_SPAWN_COUNT", "5")];
    let mut server = serve(&root, &[], &env);
    let addr = server.addr;
    for i in 0..3 {
        assert_eq!(get(addr, "/").0, 200, "request {i}, before the failures");
    }
    let mut answered = 0;
    for i in 0..5 {
        let (code, text) = get(addr, "/");
        assert!(code == 503 || code == 0, "request {i}, while threads fail: {code}\n{text}");
        answered += usize::from(code == 503);
        assert!(server.alive(), "the server died when a thread could not start");
    }
    assert!(answered >= 1, "no 503 while threads failed");
    for i in 0..10 {
        assert_eq!(get(addr, "/chapter/exile.html").0, 200, "request {i}, after the failures");
    }
    assert!(server.alive(), "the server died");
    eprintln!("{answered} of 5 connections without a thread were answered 503");
}

/// Sample the server's RSS every 20 ms until `stop`; the highest value, in KiB.
fn watch_rss(pid: u32, stop: Arc<AtomicBool>) -> std::thread::JoinHandle<u64> {
    std::thread::spawn(move || {
        let mut peak = 0;
        while !stop.load(Ordering::Relaxed) {
            if let Ok(status) = std::fs::read_to_string(format!("/proc/{pid}/status")) {
                if let Some(kib) = status
                    .lines()
                    .find(|l| l.starts_with("VmRSS:"))
                    .and_then(|l| l.split_whitespace().nth(1))
                    .and_then(|v| v.parse::<u64>().ok())
                {
                    peak = peak.max(kib);
                }
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        peak
    })
}

#[test]
fn an_oversized_header_gets_431_quickly_and_memory_stays_bounded() {
    const HEADER: usize = 64 << 20;
    const BOUND_KIB: u64 = 50 * 1024;
    let root = edition("limits-header");
    let mut server = serve(&root, &[], &[]);
    let addr = server.addr;
    // the search index is built in the background after the pages are served: wait for
    // it, so that its memory is not counted against the header
    let deadline = Instant::now() + Duration::from_secs(60);
    while get(addr, "/pagefind/gloss-parts.json").0 != 200 {
        assert!(Instant::now() < deadline, "no search index after 60 s");
        std::thread::sleep(Duration::from_millis(100));
    }
    std::thread::sleep(Duration::from_millis(500));
    let before = server.rss_kib();
    let stop = Arc::new(AtomicBool::new(false));
    let sampler = watch_rss(server.child.id(), Arc::clone(&stop));

    let s = connect(addr);
    let mut writer = s.try_clone().unwrap();
    let sent = Arc::new(AtomicU64::new(0));
    let counter = Arc::clone(&sent);
    let started = Instant::now();
    let sender = std::thread::spawn(move || {
        let chunk = vec![b'a'; 64 * 1024];
        let _ = write!(writer, "GET / HTTP/1.1\r\nHost: {addr}\r\nX-Filler: ");
        for _ in 0..HEADER / chunk.len() {
            if writer.write_all(&chunk).is_err() {
                return; // the server closed the connection: it will not read more
            }
            counter.fetch_add(chunk.len() as u64, Ordering::Relaxed);
        }
    });
    let mut reader = s;
    let mut bytes = Vec::new();
    let _ = reader.read_to_end(&mut bytes);
    let answered = started.elapsed();
    let _ = reader.shutdown(std::net::Shutdown::Both);
    sender.join().unwrap();
    std::thread::sleep(Duration::from_millis(200));
    stop.store(true, Ordering::Relaxed);
    let peak = sampler.join().unwrap().max(server.rss_kib());
    let text = String::from_utf8_lossy(&bytes);
    eprintln!(
        "64 MB header: {} in {} ms after {} KiB were accepted; RSS {before} KiB before, peak {peak} KiB (+{} KiB)",
        status(&text),
        answered.as_millis(),
        sent.load(Ordering::Relaxed) / 1024,
        peak.saturating_sub(before)
    );
    assert_eq!(status(&text), 431, "{text}");
    assert!(answered < Duration::from_secs(5), "431 took {answered:?}");
    assert!(peak < before + BOUND_KIB, "RSS grew from {before} KiB to {peak} KiB");

    // many small header fields add up the same way
    let mut s = connect(addr);
    let mut head = format!("GET / HTTP/1.1\r\nHost: {addr}\r\n");
    for i in 0..5000 {
        head.push_str(&format!("X-Field-{i}: {}\r\n", "b".repeat(20)));
    }
    let _ = s.write_all(head.as_bytes());
    let mut bytes = Vec::new();
    let _ = s.read_to_end(&mut bytes);
    assert_eq!(status(&String::from_utf8_lossy(&bytes)), 431);
    assert_eq!(get(addr, "/").0, 200);
    assert!(server.alive(), "the server died");
}

#[test]
fn an_oversized_body_gets_413() {
    let root = edition("limits-body");
    let mut server = serve(&root, &[], &[]);
    let addr = server.addr;
    let mut s = connect(addr);
    write!(s, "POST / HTTP/1.1\r\nHost: {addr}\r\nContent-Length: 600000000\r\n\r\n").unwrap();
    let _ = s.write_all(&vec![b'x'; 1 << 20]);
    let mut bytes = Vec::new();
    let _ = s.read_to_end(&mut bytes);
    assert_eq!(status(&String::from_utf8_lossy(&bytes)), 413);
    // a small body is read and dropped; the method is still refused
    let mut s = connect(addr);
    write!(s, "POST / HTTP/1.1\r\nHost: {addr}\r\nContent-Length: 5\r\n\r\nhello").unwrap();
    let mut bytes = Vec::new();
    let _ = s.read_to_end(&mut bytes);
    assert_eq!(status(&String::from_utf8_lossy(&bytes)), 405);
    assert_eq!(get(addr, "/").0, 200);
    assert!(server.alive(), "the server died");
}

#[test]
fn a_foreign_host_gets_no_page() {
    let root = edition("limits-host");
    let mut server = serve(&root, &[], &[]);
    let addr = server.addr;
    let port = addr.port();
    let with_port = format!("evil.example:{port}");
    for host in ["evil.example", with_port.as_str(), "localhost.evil.example", "127.0.0.1.nip.io"] {
        for path in ["/", "/chapter/exile.html", "/__gloss/status", "/__gloss/events", "/__gloss/live.js"] {
            let (code, text) = get_as(addr, path, host);
            assert!(code == 403 || code == 421, "Host: {host} {path}: {code}\n{text}");
            assert!(!text.contains("<html") && !text.contains("EventSource"), "Host: {host} {path} got content");
        }
    }
    for host in [format!("localhost:{port}"), format!("127.0.0.1:{port}"), "localhost".into(), "127.0.0.1".into()] {
        let (code, text) = get_as(addr, "/", &host);
        assert_eq!(code, 200, "Host: {host}");
        assert!(text.contains("</html>"), "Host: {host}");
    }
    assert!(server.alive(), "the server died");
}

#[test]
fn bind_accepts_localhost() {
    let root = edition("limits-bind-localhost");
    let server = serve(&root, &["--bind", "localhost"], &[]);
    let addr = server.addr;
    let (code, text) = get_as(addr, "/", &format!("localhost:{}", addr.port()));
    assert_eq!(code, 200, "{text}");
}

#[test]
fn bind_accepts_ipv6_loopback() {
    if TcpListener::bind("[::1]:0").is_err() {
        eprintln!("skipped: this machine has no IPv6 loopback interface");
        return;
    }
    let root = edition("limits-bind-v6");
    let server = serve(&root, &["--bind", "::1"], &[]);
    let addr = server.addr;
    assert_eq!(addr.ip().to_string(), "::1");
    for host in [format!("[::1]:{}", addr.port()), format!("localhost:{}", addr.port())] {
        let (code, text) = get_as(addr, "/", &host);
        assert_eq!(code, 200, "Host: {host}\n{text}");
    }
    assert_eq!(get_as(addr, "/", "evil.example").0, 403);
}

#[test]
fn the_preview_serves_a_working_404_page() {
    // whatever `base_url` the edition gives, the preview serves the site at its root: the
    // 404 page's links and stylesheet lead to the preview's own pages
    let root = edition("limits-404");
    let config = root.join("content/edition.yaml");
    let text = std::fs::read_to_string(&config).unwrap();
    let text: String = text.lines().filter(|l| !l.starts_with("base_url:")).map(|l| format!("{l}\n")).collect();
    std::fs::write(&config, format!("{text}base_url: \"https://example.org/somewhere/\"\n")).unwrap();
    let server = serve(&root, &[], &[]);
    let (code, page) = get(server.addr, "/no/such/page.html");
    assert_eq!(code, 404, "{page}");
    let css: Vec<&str> = page.split("href=").skip(1).filter(|h| h.contains(".css")).collect();
    assert!(!css.is_empty() && css.iter().all(|h| h.trim_start_matches('"').starts_with('/')), "{page}");
    assert!(page.contains("/index.html"), "{page}");
    assert!(!page.contains("example.org/somewhere"), "{page}");
    let stylesheet = css[0].trim_start_matches('"').split(['"', ' ', '>']).next().unwrap().to_string();
    let (code, _) = get(server.addr, &stylesheet);
    assert_eq!(code, 200, "{stylesheet}");
}
