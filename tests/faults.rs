//! Faults: a build killed at any moment, writes that fail, and the preview server under
//! hostile requests and load. None of them may lose the previous site, leave a partial one,
//! or let a request read a file outside the site.

mod common;
use common::*;
use std::fs;
use std::io::{Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

fn no_panic(run: &Run) {
    assert_ne!(run.code, 101, "gloss panicked:\n{}", run.stderr);
    assert!(!run.stderr.contains("panicked"), "gloss panicked:\n{}", run.stderr);
}

/// A small xorshift generator: the tests need a little randomness, not a crate. The seed
/// is printed so a failure can be replayed with GLOSS_SEED.
struct Rng(u64);

impl Rng {
    fn new() -> Rng {
        let seed = std::env::var("GLOSS_SEED").ok().and_then(|s| s.parse().ok()).unwrap_or_else(|| {
            std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap().as_nanos() as u64 | 1
        });
        eprintln!("random seed: GLOSS_SEED={seed}");
        Rng(seed)
    }

    fn below(&mut self, n: u64) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0 % n.max(1)
    }
}

/// The linked fixture with `extra` generated people: an edition of a few hundred pages that
/// takes a second or so to build in a debug build (most of it indexing for search).
fn generated_edition(dir: &Path, extra: usize) -> PathBuf {
    let root = dir.join("edition");
    copy_dir(&repo().join("tests/fixtures/linked"), &root);
    let people: String = (0..extra)
        .map(|i| format!("- id: extra-{i}\n  name: Extra Person{i}\n  summary: Someone.\n  sources: [Fixture]\n"))
        .collect();
    fs::write(root.join("content/people/extra.yaml"), people).unwrap();
    root
}

fn build_args<'a>(root: &'a Path, out: &'a Path, base: &'a str) -> Vec<&'a str> {
    vec!["build", "--root", root.to_str().unwrap(), "--out", out.to_str().unwrap(), "--base-url", base, "-q"]
}

fn spawn_build(root: &Path, out: &Path, base: &str) -> Child {
    Command::new(env!("CARGO_BIN_EXE_gloss"))
        .args(build_args(root, out, base))
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap()
}

/// The names beside the output folder that a build left (staging folders and the like).
fn beside(out: &Path) -> Vec<String> {
    let name = out.file_name().unwrap().to_string_lossy().to_string();
    fs::read_dir(out.parent().unwrap())
        .unwrap()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().to_string())
        .filter(|n| n.starts_with(&format!(".{name}")))
        .collect()
}

// ---------------------------------------------------------------------------------------
// Killing the build

#[test]
fn a_build_killed_at_any_moment_leaves_a_complete_site() {
    let dir = temp_dir("faults-kill");
    let root = generated_edition(&dir, 300);
    kill_repeatedly(&dir, &root, 24);
}

#[test]
fn the_real_edition_killed_at_any_moment_leaves_a_complete_site() {
    kill_repeatedly(&temp_dir("faults-kill-real"), &repo(), 16);
}

/// Build `root` into a folder holding a previous good site, killing the build (SIGKILL)
/// `kills` times at random moments, and check the folder after each kill.
fn kill_repeatedly(dir: &Path, root: &Path, kills: usize) {
    let root = root.to_path_buf();
    // Two versions of the site, different in every page (their canonical URLs): after each
    // kill the output folder must be exactly one of them.
    let (a, b) = ("https://a.example.org/edition/", "https://b.example.org/edition/");
    let reference = |base: &str, name: &str| {
        let out = dir.join(name);
        let start = Instant::now();
        let run = gloss(&build_args(&root, &out, base));
        assert_eq!(run.code, 0, "{}", run.stderr);
        (snapshot(&out), start.elapsed())
    };
    let (snap_a, took) = reference(a, "ref-a");
    let (snap_b, _) = reference(b, "ref-b");
    assert_ne!(snap_a, snap_b);
    eprintln!("kill test: {} files, a build takes {took:?}", snap_a.len());

    let out = dir.join("site").join("output");
    let run = gloss(&build_args(&root, &out, a));
    assert_eq!(run.code, 0, "{}", run.stderr);
    let mut current = 'a';
    let mut rng = Rng::new();
    let (mut early, mut writing, mut completed, mut left_staging) = (0, 0, 0, 0);
    for i in 0..kills {
        let next = if current == 'a' { 'b' } else { 'a' };
        let mut child = spawn_build(&root, &out, if next == 'a' { a } else { b });
        let staging = out.parent().unwrap().join(format!(".output.staging-{}", child.id()));
        if i % 3 == 0 {
            // anywhere in the build: loading, rendering, indexing, writing
            std::thread::sleep(Duration::from_micros(rng.below(took.as_micros() as u64 * 12 / 10)));
            early += 1;
        } else {
            // while files are being written or swapped in: wait for the staging folder
            let deadline = Instant::now() + Duration::from_secs(60);
            while !staging.exists() && child.try_wait().unwrap().is_none() && Instant::now() < deadline {
                std::thread::sleep(Duration::from_micros(100));
            }
            std::thread::sleep(Duration::from_micros(rng.below(15_000)));
            writing += 1;
        }
        let _ = child.kill(); // SIGKILL
        let status = child.wait().unwrap();
        if status.success() {
            completed += 1;
        }
        if !beside(&out).is_empty() {
            left_staging += 1; // killed while writing or swapping: a partial staging folder
        }
        let now = snapshot(&out);
        if now == snap_a {
            current = 'a';
        } else if now == snap_b {
            current = 'b';
        } else {
            panic!(
                "after kill {i} the output folder is neither the previous site nor the new one ({} files, {} and {} expected); beside it: {:?}",
                now.len(),
                snap_a.len(),
                snap_b.len(),
                beside(&out)
            );
        }
    }
    eprintln!(
        "kill test: {kills} kills ({early} anywhere, {writing} while writing; a staging folder was left after {left_staging}, {completed} builds had finished)"
    );
    // what the killed builds left behind does not break the next build, which cleans it up
    let run = gloss(&build_args(&root, &out, b));
    no_panic(&run);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(snapshot(&out) == snap_b, "the build after the kills is complete");
    assert_eq!(beside(&out), Vec::<String>::new(), "leftovers beside the output folder");
}

// ---------------------------------------------------------------------------------------
// Writes that fail

/// A good site in `DIR/output`, with its snapshot.
fn previous_site(name: &str) -> (PathBuf, PathBuf, Vec<(String, Vec<u8>)>) {
    let dir = temp_dir(name);
    let root = dir.join("edition");
    copy_dir(&repo().join("tests/fixtures/linked"), &root);
    let out = dir.join("output");
    build(&root, &out);
    let snap = snapshot(&out);
    (root, out, snap)
}

fn assert_write_failure(run: &Run, out: &Path, before: &[(String, Vec<u8>)], what: &str) {
    no_panic(run);
    assert_eq!(run.code, 2, "expected exit code 2 (I/O failure):\n{}\n{}", run.stdout, run.stderr);
    assert!(run.stderr.contains("error[write]"), "{}", run.stderr);
    assert!(run.stderr.contains(what), "the message says what failed ({what}):\n{}", run.stderr);
    assert!(run.stderr.contains("previous site was left as it was"), "{}", run.stderr);
    assert!(snapshot(out) == before, "the previous site changed");
    assert_eq!(beside(out), Vec::<String>::new(), "leftovers beside the output folder");
}

#[test]
fn a_write_that_fails_midway_leaves_the_previous_site() {
    // Tests run as root, where permissions do not stop writes; a file size limit does (it
    // stands for a full disk: the write fails part-way through the new site).
    let (root, out, before) = previous_site("faults-fsize");
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_gloss"));
    cmd.args(["build", "--root", root.to_str().unwrap(), "--out", out.to_str().unwrap()]).env("NO_COLOR", "1");
    unsafe {
        use std::os::unix::process::CommandExt;
        cmd.pre_exec(|| {
            // SIGXFSZ ignored: the write returns EFBIG instead of killing the process
            libc::signal(libc::SIGXFSZ, libc::SIG_IGN);
            let limit = libc::rlimit { rlim_cur: 16 * 1024, rlim_max: 16 * 1024 };
            if libc::setrlimit(libc::RLIMIT_FSIZE, &limit) != 0 {
                return Err(std::io::Error::last_os_error());
            }
            Ok(())
        });
    }
    let o = cmd.output().unwrap();
    let run = Run {
        code: o.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&o.stdout).into(),
        stderr: String::from_utf8_lossy(&o.stderr).into(),
    };
    assert_write_failure(&run, &out, &before, "File too large");
}

#[test]
fn a_file_in_the_way_is_a_clear_error() {
    // the output folder's parent is a file
    let (root, out, _) = previous_site("faults-parent-file");
    let blocker = out.parent().unwrap().join("blocker");
    fs::write(&blocker, "a file").unwrap();
    let run = gloss(&["build", "--root", root.to_str().unwrap(), "--out", blocker.join("output").to_str().unwrap()]);
    no_panic(&run);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(run.stderr.contains("error[write]") && run.stderr.contains("blocker"), "{}", run.stderr);
    assert_eq!(fs::read_to_string(&blocker).unwrap(), "a file");

    // the output "folder" is a file: it is not replaced
    let run = gloss(&["build", "--root", root.to_str().unwrap(), "--out", blocker.to_str().unwrap()]);
    no_panic(&run);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(run.stderr.contains("is a file, not a folder"), "{}", run.stderr);
    assert_eq!(fs::read_to_string(&blocker).unwrap(), "a file");
    assert_eq!(beside(&blocker), Vec::<String>::new());
}

// ---------------------------------------------------------------------------------------
// The preview server

fn serve(root: &Path) -> Server {
    let server = serve_with(root, &[], &[]);
    // binds the loopback interface by default
    assert_eq!(server.addr.ip().to_string(), "127.0.0.1");
    assert_ne!(server.addr.port(), 0);
    server
}

/// Send one raw request (its request line as given: no client normalises it) and return
/// the status code and the whole response.
fn raw(addr: SocketAddr, request_line: &str) -> (u16, String) {
    let mut s = TcpStream::connect_timeout(&addr, Duration::from_secs(5)).unwrap();
    s.set_read_timeout(Some(Duration::from_secs(10))).unwrap();
    write!(s, "{request_line}\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n").unwrap();
    let mut bytes = Vec::new();
    let _ = s.read_to_end(&mut bytes);
    let text = String::from_utf8_lossy(&bytes).into_owned();
    let status = text.split_whitespace().nth(1).and_then(|c| c.parse().ok()).unwrap_or(0);
    (status, text)
}

fn get(addr: SocketAddr, path: &str) -> (u16, String) {
    raw(addr, &format!("GET {path} HTTP/1.1"))
}

#[test]
fn the_preview_never_serves_a_file_outside_the_site() {
    let dir = temp_dir("faults-traversal");
    let root = dir.join("edition");
    copy_dir(&repo().join("tests/fixtures/linked"), &root);
    let secret = "SECRET-4f1c9e2b-outside-the-site";
    fs::write(dir.join("secret.txt"), secret).unwrap();
    fs::write(root.join("secret.txt"), secret).unwrap();
    fs::write(root.join("content/secret.txt"), secret).unwrap();
    let server = serve(&root);
    let addr = server.addr;
    assert_eq!(get(addr, "/").0, 200);
    assert_eq!(get(addr, "/chapter/exile.html").0, 200);

    let port = addr.port();
    let attempts = [
        "GET /../secret.txt HTTP/1.1".to_string(),
        "GET /../../secret.txt HTTP/1.1".into(),
        "GET ../secret.txt HTTP/1.1".into(),
        "GET /%2e%2e/secret.txt HTTP/1.1".into(),
        "GET /%2E%2E/%2E%2E/secret.txt HTTP/1.1".into(),
        "GET /.%2e/secret.txt HTTP/1.1".into(),
        "GET /%2e%2e%2fsecret.txt HTTP/1.1".into(),
        "GET /..%2fsecret.txt HTTP/1.1".into(),
        "GET /..%2F..%2Fsecret.txt HTTP/1.1".into(),
        "GET /%252e%252e/secret.txt HTTP/1.1".into(),
        "GET /..\\secret.txt HTTP/1.1".into(),
        "GET /..%5csecret.txt HTTP/1.1".into(),
        "GET /..%5C..%5Csecret.txt HTTP/1.1".into(),
        "GET \\..\\secret.txt HTTP/1.1".into(),
        "GET /chapter/../../secret.txt HTTP/1.1".into(),
        "GET /./.././secret.txt HTTP/1.1".into(),
        "GET /..;/secret.txt HTTP/1.1".into(),
        "GET /%c0%ae%c0%ae/secret.txt HTTP/1.1".into(),
        "GET /..%00/secret.txt HTTP/1.1".into(),
        "GET /secret.txt HTTP/1.1".into(),
        "GET /content/secret.txt HTTP/1.1".into(),
        "GET /content/edition.yaml HTTP/1.1".into(),
        "GET /content/people/people.yaml HTTP/1.1".into(),
        format!("GET {}/secret.txt HTTP/1.1", dir.display()),
        format!("GET {} HTTP/1.1", dir.join("secret.txt").display()),
        format!("GET //{} HTTP/1.1", dir.join("secret.txt").display().to_string().trim_start_matches('/')),
        format!("GET file://{} HTTP/1.1", dir.join("secret.txt").display()),
        format!("GET http://127.0.0.1:{port}/../secret.txt HTTP/1.1"),
        format!("GET http://127.0.0.1:{port}/%2e%2e/secret.txt HTTP/1.1"),
        "GET /etc/passwd HTTP/1.1".into(),
        "GET //etc/passwd HTTP/1.1".into(),
        "GET /../../../../../../../../etc/passwd HTTP/1.1".into(),
        "GET /%2e%2e/%2e%2e/%2e%2e/%2e%2e/%2e%2e/etc/passwd HTTP/1.1".into(),
        "GET C:\\Windows\\win.ini HTTP/1.1".into(),
        "GET * HTTP/1.1".into(),
        "OPTIONS * HTTP/1.1".into(),
        "GET /__gloss/../../secret.txt HTTP/1.1".into(),
        "GET /__gloss/status/../../../secret.txt HTTP/1.1".into(),
    ];
    for line in &attempts {
        let (status, response) = raw(addr, line);
        assert!(!response.contains(secret), "{line} read the secret file:\n{response}");
        assert!(!response.contains("root:x:0:0"), "{line} read /etc/passwd");
        assert!(!response.contains("title: A Linked Edition"), "{line} read the configuration");
        assert!(!response.contains("id: trotsky"), "{line} read a register");
        assert!(status == 0 || status == 400 || status == 404 || status == 405, "{line}: status {status}\n{response}");
    }
    // still serving after all that
    assert_eq!(get(addr, "/").0, 200);
}

#[test]
fn the_preview_serves_under_load_and_through_a_rebuild() {
    let dir = temp_dir("faults-load");
    let root = dir.join("edition");
    copy_dir(&repo().join("tests/fixtures/linked"), &root);
    let server = serve(&root);
    let addr = server.addr;
    let paths = ["/", "/chapter/exile.html", "/person/trotsky.html", "/timeline.html", "/glossary.html"];
    for p in paths {
        assert_eq!(get(addr, p).0, 200, "{p}");
    }

    let stop = Arc::new(AtomicBool::new(false));
    let (ok, errors) = (Arc::new(AtomicU64::new(0)), Arc::new(AtomicU64::new(0)));
    let first_error = Arc::new(std::sync::Mutex::new(None::<String>));
    let threads: Vec<_> = (0..32)
        .map(|t| {
            let (stop, ok, errors, first_error) =
                (Arc::clone(&stop), Arc::clone(&ok), Arc::clone(&errors), Arc::clone(&first_error));
            std::thread::spawn(move || {
                let mut i = t;
                while !stop.load(Ordering::Relaxed) {
                    let path = paths[i % paths.len()];
                    i += 1;
                    // a fresh connection for every request
                    let result = (|| -> std::io::Result<u16> {
                        let mut s = TcpStream::connect_timeout(&addr, Duration::from_secs(5))?;
                        s.set_read_timeout(Some(Duration::from_secs(20)))?;
                        write!(s, "GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n")?;
                        let mut bytes = Vec::new();
                        s.read_to_end(&mut bytes)?;
                        let text = String::from_utf8_lossy(&bytes);
                        let status = text.split_whitespace().nth(1).and_then(|c| c.parse().ok()).unwrap_or(0);
                        if status == 200 && !text.contains("</html>") {
                            return Ok(1); // a cut response
                        }
                        Ok(status)
                    })();
                    match result {
                        Ok(200) => ok.fetch_add(1, Ordering::Relaxed),
                        other => {
                            first_error.lock().unwrap().get_or_insert(format!("{path}: {other:?}"));
                            errors.fetch_add(1, Ordering::Relaxed)
                        }
                    };
                }
            })
        })
        .collect();

    // a rebuild in the middle of the load: a new paragraph in the chapter
    let start = Instant::now();
    std::thread::sleep(Duration::from_millis(1500));
    let chapter = root.join("content/chapters/01-exile.md");
    let text = fs::read_to_string(&chapter).unwrap();
    let marker = "A paragraph added during the load test.";
    fs::write(&chapter, text.replacen("Smirnov hesitated.", &format!("{marker}\n\nSmirnov hesitated."), 1)).unwrap();
    let edited = Instant::now();
    // the load goes on until the new page is served, and for at least five seconds
    let deadline = Instant::now() + Duration::from_secs(60);
    let rebuilt = loop {
        let (status, page) = get(addr, "/chapter/exile.html");
        assert_eq!(status, 200, "during the rebuild");
        if page.contains(marker) {
            break edited.elapsed();
        }
        assert!(
            Instant::now() < deadline,
            "the edit was never rebuilt; the server said:\n{}",
            server.log.lock().unwrap()
        );
        std::thread::sleep(Duration::from_millis(50));
    };
    std::thread::sleep(Duration::from_millis(500).max(Duration::from_secs(5).saturating_sub(start.elapsed())));
    stop.store(true, Ordering::Relaxed);
    for t in threads {
        t.join().unwrap();
    }
    let seconds = start.elapsed().as_secs_f64();
    let (ok, errors) = (ok.load(Ordering::Relaxed), errors.load(Ordering::Relaxed));
    eprintln!(
        "load test: 32 clients, {seconds:.1} s, {ok} requests answered 200, {errors} errors, {:.0} requests/s; the edit was served {:.1} s after it was saved",
        ok as f64 / seconds,
        rebuilt.as_secs_f64()
    );
    assert_eq!(errors, 0, "first error: {:?}", first_error.lock().unwrap());
    assert!(ok > 100, "only {ok} requests in {seconds:.1} s");
    let log = server.log.lock().unwrap().clone();
    assert!(log.contains("rebuilt"), "{log}");
}

/// The preview indexes its in-memory pages in the same parts as `build` does, and serves
/// every part the search page will ask for.
#[test]
fn the_preview_serves_the_search_index_in_the_parts_build_makes() {
    let dir = temp_dir("faults-preview-parts");
    let root = dir.join("edition");
    copy_dir(&repo().join("tests/fixtures/linked"), &root);
    let config = fs::read_to_string(root.join("content/edition.yaml")).unwrap();
    fs::write(root.join("content/edition.yaml"), format!("{config}search_part_kib: 16\n")).unwrap();
    build(&root, &dir.join("output"));
    let built: Vec<String> =
        serde_json::from_str(&fs::read_to_string(dir.join("output/pagefind/gloss-parts.json")).unwrap()).unwrap();
    assert!(built.len() >= 2, "{built:?}");
    let server = serve(&root);
    // the index is built on spare threads after the pages are served
    let started = Instant::now();
    let served: Vec<String> = loop {
        let (status, text) = get(server.addr, "/pagefind/gloss-parts.json");
        if status == 200 {
            let body = text.split("\r\n\r\n").nth(1).unwrap_or_default();
            break serde_json::from_str(body).unwrap_or_else(|e| panic!("{e}: {text}"));
        }
        assert!(started.elapsed() < Duration::from_secs(60), "no search index after 60 s: {text}");
        std::thread::sleep(Duration::from_millis(100));
    };
    assert_eq!(served, built, "the preview's parts are the build's");
    for part in std::iter::once(String::new()).chain(served) {
        let (status, _) = get(server.addr, &format!("/pagefind/{part}pagefind-entry.json"));
        assert_eq!(status, 200, "pagefind/{part}pagefind-entry.json");
    }
}
