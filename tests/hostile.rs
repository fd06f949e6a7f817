//! Hostile input: YAML built to hurt (duplicate keys, absurd nesting, path-like and
//! look-alike ids), editions far larger than any real one, two things claiming one output
//! file, markup and script in every text field, and broken configuration and themes.
//!
//! Every refusal is checked the same way ([`Edition::refused`]): a clear diagnostic (with
//! file, line and column where there is one), exit code 1, no panic, and the previous
//! site in the output folder byte for byte as it was.

mod common;
use common::*;
use serde_json::Value;
use std::fs;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

/// An edition copied from a fixture and built once: `out` holds the previous good site.
struct Edition {
    root: PathBuf,
    out: PathBuf,
    before: Vec<(String, Vec<u8>)>,
}

impl Edition {
    fn new(name: &str, fixture: &str) -> Edition {
        let dir = temp_dir(&format!("hostile-{name}"));
        let root = dir.join("edition");
        copy_dir(&repo().join("tests/fixtures").join(fixture), &root);
        let out = dir.join("output");
        build(&root, &out);
        let before = snapshot(&out);
        assert!(!before.is_empty());
        Edition { root, out, before }
    }

    fn write(&self, rel: &str, bytes: impl AsRef<[u8]>) {
        let p = self.root.join(rel);
        fs::create_dir_all(p.parent().unwrap()).unwrap();
        fs::write(p, bytes).unwrap();
    }

    fn root(&self) -> &str {
        self.root.to_str().unwrap()
    }

    /// `gloss check --format json`: the exit code and the diagnostics.
    fn check(&self) -> (i32, Vec<Value>) {
        let run = gloss(&["check", "--root", self.root(), "--format", "json"]);
        no_panic(&run);
        let report: Value = serde_json::from_str(&run.stdout)
            .unwrap_or_else(|e| panic!("not JSON ({e}): {}\n{}", run.stdout, run.stderr));
        (run.code, report["diagnostics"].as_array().unwrap().clone())
    }

    /// `gloss build` fails with exit code 1, without panicking, and leaves the previous
    /// site as it was. Returns the run for its messages.
    fn refused(&self) -> Run {
        self.refused_with(1)
    }

    /// [`Edition::refused`], with exit code `code` (2: the file system, not the content, failed).
    fn refused_with(&self, code: i32) -> Run {
        let run = gloss(&["build", "--root", self.root(), "--out", self.out.to_str().unwrap()]);
        no_panic(&run);
        assert_eq!(run.code, code, "expected exit code {code}:\n{}\n{}", run.stdout, run.stderr);
        assert!(run.stderr.contains("left as it was"), "{}", run.stderr);
        assert!(snapshot(&self.out) == self.before, "the previous site changed");
        run
    }
}

/// [`Edition::refused`], with an error message that names each of `names`.
fn refused_naming(ed: &Edition, names: &[&str]) {
    let run = ed.refused();
    for name in names {
        assert!(run.stderr.contains(name), "the error names {name}:\n{}", run.stderr);
    }
}

fn no_panic(run: &Run) {
    assert_ne!(run.code, 101, "gloss panicked:\n{}", run.stderr);
    assert!(!run.stderr.contains("panicked"), "gloss panicked:\n{}", run.stderr);
}

/// The one diagnostic with `code` in `file`, asserting its line and column.
fn expect(diags: &[Value], code: &str, file: &str, line: u64, column: u64) -> Value {
    let found: Vec<&Value> = diags.iter().filter(|d| d["code"] == code && d["file"] == file).collect();
    assert_eq!(found.len(), 1, "expected one `{code}` in {file}, got: {diags:#?}");
    let d = found[0].clone();
    assert_eq!(d["severity"], "error", "{d:#}");
    assert_eq!((d["location"]["line"].as_u64(), d["location"]["column"].as_u64()), (Some(line), Some(column)), "{d:#}");
    d
}

fn text(d: &Value, key: &str) -> String {
    d[key].as_str().unwrap_or("").to_string()
}

const PERSON: &str = "- id: trotsky\n  name: Leon Trotsky\n  aliases: [Trotsky]\n  summary: s\n  sources: [x]\n";

// ---------------------------------------------------------------------------------------
// YAML

/// Each kind of broken file that `gloss check` diagnoses (tests/check.rs asserts their exact
/// locations) also stops `gloss build`: exit code 1, the file named in the error, no panic,
/// and the previous site untouched.
#[test]
fn every_kind_of_broken_file_leaves_the_previous_site() {
    let mut bomb = String::from("a: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n");
    for (prev, name) in ["a", "b", "c", "d", "e", "f", "g", "h"].iter().zip(["b", "c", "d", "e", "f", "g", "h", "i"]) {
        bomb.push_str(&format!(
            "{name}: &{name} [*{prev},*{prev},*{prev},*{prev},*{prev},*{prev},*{prev},*{prev},*{prev}]\n"
        ));
    }
    let deep = format!("- id: x\n  name: {}{}\n", "[".repeat(10_000), "]".repeat(10_000));
    let cases: Vec<(&str, &str, Vec<u8>)> = vec![
        ("syntax", "content/people/t.yaml", b"- id: x\n  name: [unclosed\n  summary: s\n".to_vec()),
        ("wrong-type", "content/people/t.yaml", b"- id: x\n  name: X\n  summary: s\n  sources: 12\n".to_vec()),
        ("duplicate-key", "content/people/t.yaml", b"- id: x\n  name: X\n  name: Y\n".to_vec()),
        ("not-utf8", "content/people/t.yaml", b"- id: x\n  name: \xff\xfe\n".to_vec()),
        ("alias-bomb", "content/people/bomb.yaml", bomb.into_bytes()),
        ("deep", "content/people/deep.yaml", deep.into_bytes()),
        ("empty-chapter", "content/chapters/03-empty.md", Vec::new()),
        ("bad-front-matter", "content/chapters/03-bad.md", b"---\ntitle: [\n---\n\nText.\n".to_vec()),
        ("broken-config", "content/edition.yaml", b"title: A\nlanguage: [en\n".to_vec()),
    ];
    for (name, file, bytes) in cases {
        let ed = Edition::new(&format!("broken-{name}"), "minimal");
        ed.write(file, &bytes);
        let start = Instant::now();
        let run = ed.refused();
        assert!(start.elapsed() < Duration::from_secs(30), "{name}: took {:?}", start.elapsed());
        let shown = file.rsplit('/').next().unwrap();
        assert!(run.stderr.contains(shown), "{name}: the error names {file}:\n{}", run.stderr);
    }
}

#[test]
fn duplicate_keys_are_errors_at_the_repeated_key() {
    let ed = Edition::new("dup-keys", "minimal");
    ed.write(
        "content/people/p.yaml",
        "- id: trotsky\n  name: Leon Trotsky\n  aliases: [Trotsky]\n  name: Lev\n  summary: s\n  sources: [x]\n",
    );
    ed.write(
        "content/places/m.yaml",
        "id: moscow\nname: Moscow\ncoordinates: {lat: 55.75, lon: 37.6, lat: 1}\nsummary: s\nsources: [x]\n",
    );
    ed.write("content/chapters/01-first.yaml", "notes:\n  - quote: Opening\n    note: one\n    note: two\n");
    ed.write(
        "content/chapters/03-third.md",
        "---\ntitle: \"Third\"\nnumber: 3\nslug: \"third\"\ntitle: \"Again\"\n---\n\nText.\n",
    );
    let (code, diags) = ed.check();
    assert_eq!(code, 1);
    let d = expect(&diags, "duplicate-key", "content/people/p.yaml", 4, 3);
    assert!(text(&d, "message").contains("\"name\""), "{d:#}");
    assert!(text(&d, "hint").contains("only once"), "{d:#}");
    expect(&diags, "duplicate-key", "content/places/m.yaml", 3, 38);
    expect(&diags, "duplicate-key", "content/chapters/01-first.yaml", 4, 5);
    expect(&diags, "duplicate-key", "content/chapters/03-third.md", 5, 1);
    let run = ed.refused();
    assert!(run.stderr.contains("--> content/people/p.yaml:4:3"), "{}", run.stderr);

    // in the configuration too
    let ed = Edition::new("dup-keys-config", "minimal");
    ed.write("content/edition.yaml", "title: A\nlanguage: en\ntitle: B\n");
    let (code, diags) = ed.check();
    assert_eq!(code, 1);
    expect(&diags, "duplicate-key", "content/edition.yaml", 3, 1);
    ed.refused();
}

#[test]
fn absurdly_deep_nesting_is_refused_quickly() {
    let ed = Edition::new("deep", "minimal");
    // 100,000 `[`, 100,000 nested flow mappings, 10,000 nested block sequences
    ed.write("content/people/brackets.yaml", format!("- id: x\n  aliases: {}\n", "[".repeat(100_000)));
    ed.write("content/places/maps.yaml", format!("- id: y\n  name: {}\n", "{a: ".repeat(100_000)));
    ed.write("content/glossary/dashes.yaml", format!("{}x\n", "- ".repeat(10_000)));
    let start = Instant::now();
    let (code, diags) = ed.check();
    let took = start.elapsed();
    eprintln!("deep nesting: check took {took:?}");
    assert!(took < Duration::from_secs(20), "took {took:?}");
    assert_eq!(code, 1);
    for file in ["content/people/brackets.yaml", "content/places/maps.yaml", "content/glossary/dashes.yaml"] {
        let d = diags.iter().find(|d| d["file"] == file).unwrap_or_else(|| panic!("nothing about {file}: {diags:#?}"));
        assert_eq!(d["code"], "too-deep", "{d:#}");
        assert!(d["location"]["line"].as_u64().is_some() && d["location"]["column"].as_u64().is_some(), "{d:#}");
        assert!(text(d, "hint").contains("nests too deeply"), "{d:#}");
    }
    let start = Instant::now();
    let run = ed.refused();
    assert!(start.elapsed() < Duration::from_secs(20), "took {:?}", start.elapsed());
    assert!(run.stderr.contains("error[too-deep]"), "{}", run.stderr);
    // and the message stays readable: the offending line is cut around the caret
    assert!(run.stderr.lines().all(|l| l.chars().count() < 200), "{}", &run.stderr[..2000.min(run.stderr.len())]);
}

/// Every text file of the edition re-saved with a byte-order mark and CRLF line endings.
fn to_windows(root: &Path) {
    for entry in walkdir::WalkDir::new(root.join("content")) {
        let entry = entry.unwrap();
        if entry.file_type().is_file() {
            let text = fs::read_to_string(entry.path()).unwrap();
            let mut bytes = b"\xEF\xBB\xBF".to_vec();
            bytes.extend(text.replace('\n', "\r\n").into_bytes());
            fs::write(entry.path(), bytes).unwrap();
        }
    }
}

#[test]
fn a_byte_order_mark_and_windows_line_endings_are_accepted() {
    let dir = temp_dir("hostile-bom");
    let (plain, windows) = (dir.join("plain"), dir.join("windows"));
    copy_dir(&repo().join("tests/fixtures/linked"), &plain);
    copy_dir(&repo().join("tests/fixtures/linked"), &windows);
    to_windows(&windows);
    let first = fs::read(windows.join("content/chapters/01-exile.md")).unwrap();
    assert!(first.starts_with(b"\xEF\xBB\xBF---\r\n"));
    let run = build(&windows, &dir.join("out-windows"));
    no_panic(&run);
    build(&plain, &dir.join("out-plain"));
    let (a, b) = (snapshot(&dir.join("out-plain")), snapshot(&dir.join("out-windows")));
    assert_eq!(a.len(), b.len());
    for ((name, x), (_, y)) in a.iter().zip(&b) {
        assert!(x == y, "{name} differs between the LF and the BOM+CRLF edition");
    }
    // positions in such files are still right: a bad id on line 2, column 7
    fs::write(
        windows.join("content/people/bad.yaml"),
        b"\xEF\xBB\xBF# a comment\r\n- id: Bad/Id\r\n  name: B\r\n  summary: s\r\n  sources: [x]\r\n",
    )
    .unwrap();
    let run = gloss(&["check", "--root", windows.to_str().unwrap(), "--format", "json"]);
    no_panic(&run);
    let report: Value = serde_json::from_str(&run.stdout).unwrap();
    expect(report["diagnostics"].as_array().unwrap(), "bad-id", "content/people/bad.yaml", 2, 7);
}

#[test]
fn ids_that_could_escape_or_deceive_are_refused_where_they_are() {
    let ed = Edition::new("bad-ids", "minimal");
    ed.write(
        "content/people/p.yaml",
        // a path separator, `..`, a climb, a space, a backslash, a Cyrillic `а` (U+0430) in
        // an otherwise Latin id, and a full-width solidus
        "- id: a/b\n  name: A\n  summary: s\n  sources: [x]\n\
         - id: \"..\"\n  name: B\n  summary: s\n  sources: [x]\n\
         - id: ../../etc/passwd\n  name: C\n  summary: s\n  sources: [x]\n\
         - id: \"leon trotsky\"\n  name: D\n  summary: s\n  sources: [x]\n\
         - id: 'a\\b'\n  name: E\n  summary: s\n  sources: [x]\n\
         - id: r\u{430}kovsky\n  name: F\n  summary: s\n  sources: [x]\n\
         - id: a\u{ff0f}b\n  name: G\n  summary: s\n  sources: [x]\n",
    );
    let (code, diags) = ed.check();
    assert_eq!(code, 1);
    let bad: Vec<(u64, u64)> = diags
        .iter()
        .filter(|d| d["code"] == "bad-id")
        .map(|d| {
            assert_eq!(d["file"], "content/people/p.yaml");
            (d["location"]["line"].as_u64().unwrap(), d["location"]["column"].as_u64().unwrap())
        })
        .collect();
    assert_eq!(bad, [(1, 7), (5, 8), (9, 7), (13, 8), (17, 8), (21, 7), (25, 7)], "{diags:#?}");
    let d = diags.iter().find(|d| d["code"] == "bad-id" && d["location"]["line"] == 21).unwrap();
    assert!(text(d, "message").contains("r\u{430}kovsky"), "{d:#}");
    assert!(text(d, "hint").contains("lowercase letters, digits"), "{d:#}");
    ed.refused();
    // nothing was written outside the output folder either
    assert!(!ed.root.parent().unwrap().join("etc").exists());
}

// ---------------------------------------------------------------------------------------
// Scale

/// Time `gloss ARGS`, asserting success and no panic.
fn timed(what: &str, args: &[&str], limit: Duration) -> Duration {
    let start = Instant::now();
    let run = gloss(args);
    let took = start.elapsed();
    no_panic(&run);
    assert_eq!(run.code, 0, "{what}:\n{}\n{}", run.stdout, &run.stderr[..run.stderr.len().min(3000)]);
    eprintln!("scale: {what}: {:.1} s", took.as_secs_f64());
    assert!(took < limit, "{what} took {took:?} (limit {limit:?})");
    took
}

/// A fresh copy of the minimal fixture with an extra chapter `body` (and `files`).
fn scaled(name: &str, chapter: &str, files: &[(&str, String)]) -> PathBuf {
    let root = temp_dir(&format!("hostile-scale-{name}")).join("edition");
    copy_dir(&repo().join("tests/fixtures/minimal"), &root);
    fs::write(root.join("content/chapters/03-big.md"), chapter).unwrap();
    for (rel, text) in files {
        let p = root.join(rel);
        fs::create_dir_all(p.parent().unwrap()).unwrap();
        fs::write(p, text).unwrap();
    }
    root
}

const FRONT: &str = "---\ntitle: \"Big\"\nnumber: 3\nslug: \"big\"\n---\n\n";

/// A chapter of `megabytes` MB made by repeating a seed paragraph that names a person.
fn big_chapter(megabytes: usize) -> String {
    let seed = "The exiles wrote to one another about the grain crisis, the congress and the fate of the \
                revolution; Trotsky answered every letter, copied by hand and read aloud in the colonies, \
                within the week, whatever the censors did.\n\n";
    let mut s = String::with_capacity(megabytes * 1_000_000 + 100);
    s.push_str(FRONT);
    while s.len() < megabytes * 1_000_000 {
        s.push_str(seed);
    }
    s
}

/// A chapter with `n` endnote markers (ten to a paragraph) and their definitions.
fn many_notes(n: usize) -> String {
    let mut s = String::from(FRONT);
    for p in 0..n / 10 {
        for k in 1..=10 {
            s.push_str(&format!("Sentence {k} of paragraph {p}.[^{}] ", p * 10 + k));
        }
        s.push_str("\n\n");
    }
    for i in 1..=n {
        s.push_str(&format!("[^{i}]: Note {i}.\n"));
    }
    s
}

/// A register of `n` people.
fn many_people(n: usize) -> String {
    (0..n)
        .map(|i| format!("- id: person-{i}\n  name: Person Number{i}\n  summary: Someone.\n  sources: [Fixture]\n"))
        .collect()
}

fn check_and_build(name: &str, root: &Path, limit: Duration) {
    let r = root.to_str().unwrap();
    let out = root.parent().unwrap().join("output");
    timed(&format!("{name}: check"), &["check", "--root", r, "--format", "json"], limit);
    timed(&format!("{name}: build"), &["build", "--root", r, "--out", out.to_str().unwrap()], limit);
}

// The sizes a large edition can reach: a 50 MB chapter, 100,000 endnote markers, 100,000
// people. They run on every `cargo test`: the test profile optimises the dependencies
// (Cargo.toml), where most of the time goes. Editions of the same shapes, a tenth to a
// thirtieth of the size, run beside them and fail faster if something goes quadratic.

const LIMIT: Duration = Duration::from_secs(120);

fn chapter_of(megabytes: usize) {
    let root = scaled(&format!("{megabytes}mb"), &big_chapter(megabytes), &[("content/people/p.yaml", PERSON.into())]);
    check_and_build(&format!("{megabytes} MB chapter"), &root, LIMIT);
    let out = root.parent().unwrap().join("output");
    let page = fs::read_to_string(out.join("chapter/big.html")).unwrap();
    assert!(page.len() > megabytes * 1_000_000, "the whole chapter is there");
    let _ = fs::remove_dir_all(root.parent().unwrap()); // hundreds of MB at full size
}

fn notes_of(n: usize) {
    let root = scaled(&format!("notes-{n}"), &many_notes(n), &[]);
    check_and_build(&format!("{n} endnote markers"), &root, LIMIT);
    let doc = html(&root.parent().unwrap().join("output/chapter/big.html"));
    assert_eq!(doc.select(&sel("a[role=doc-noteref]")).count(), n);
    assert_eq!(doc.select(&sel("a[role=doc-backlink]")).count(), n);
    let _ = fs::remove_dir_all(root.parent().unwrap());
}

fn people_of(n: usize) {
    let chapter = "---\ntitle: \"Big\"\nnumber: 3\nslug: \"big\"\n---\n\nPerson Number7 wrote to Person Number11.\n";
    let root = scaled(&format!("people-{n}"), chapter, &[("content/people/many.yaml", many_people(n))]);
    check_and_build(&format!("{n} people"), &root, LIMIT);
    assert!(root.parent().unwrap().join(format!("output/person/person-{}.html", n - 1)).is_file());
    let _ = fs::remove_dir_all(root.parent().unwrap());
}

#[test]
fn scale_a_2_mb_chapter() {
    chapter_of(2);
}

#[test]
fn scale_a_chapter_with_10000_endnote_markers() {
    notes_of(10_000);
}

#[test]
fn scale_a_register_of_3000_people() {
    people_of(3_000);
}

#[test]
fn scale_a_50_mb_chapter() {
    chapter_of(50);
}

#[test]
fn scale_a_chapter_with_100000_endnote_markers() {
    notes_of(100_000);
}

#[test]
fn scale_a_register_of_100000_people() {
    people_of(100_000);
}

// ---------------------------------------------------------------------------------------
// Output paths

#[test]
fn two_chapters_with_one_slug_are_refused() {
    let ed = Edition::new("same-slug", "minimal");
    ed.write("content/chapters/03-again.md", "---\ntitle: \"Again\"\nnumber: 3\nslug: \"second\"\n---\n\nText.\n");
    let (code, diags) = ed.check();
    assert_eq!(code, 1);
    let d = diags.iter().find(|d| d["code"] == "duplicate-slug").unwrap_or_else(|| panic!("{diags:#?}"));
    assert!(text(d, "message").contains("`second`"), "{d:#}");
    let both = format!("{} {}", text(d, "file"), text(d, "hint"));
    assert!(both.contains("content/chapters/02-second.md") && both.contains("content/chapters/03-again.md"), "{d:#}");
    ed.refused();
}

#[test]
fn extra_pages_cannot_claim_another_page_s_file() {
    let page = |title: &str, slug: &str| format!("---\ntitle: {title}\nslug: {slug}\n---\n\nBody.\n");
    // two pages with one slug
    let ed = Edition::new("page-clash", "minimal");
    ed.write("content/pages/a.md", page("A", "about"));
    ed.write("content/pages/b.md", page("B", "about"));
    let (code, diags) = ed.check();
    assert_eq!(code, 1, "{diags:#?}");
    let d = expect(&diags, "duplicate-slug", "content/pages/b.md", 3, 7);
    assert!(text(&d, "hint").contains("content/pages/a.md"), "{d:#}");
    ed.refused();
    // a page named like a generated one
    for slug in ["index", "timeline", "glossary", "search", "404"] {
        let ed = Edition::new(&format!("page-{slug}"), "minimal");
        ed.write("content/pages/a.md", page("A", slug));
        let (code, diags) = ed.check();
        assert_eq!(code, 1, "{slug}: {diags:#?}");
        let d = expect(&diags, "bad-slug", "content/pages/a.md", 3, 7);
        assert!(text(&d, "message").contains(&format!("`{slug}`")), "{d:#}");
        ed.refused();
    }
    // a theme file named like a page
    let ed = Edition::new("static-clash", "minimal");
    ed.write("themes/default/static/chapter/first.html", "<p>not the chapter</p>");
    let (code, diags) = ed.check();
    assert_eq!(code, 1, "{diags:#?}");
    let d = diags.iter().find(|d| d["code"] == "output-clash").unwrap_or_else(|| panic!("{diags:#?}"));
    assert!(text(d, "message").contains("chapter/first.html"), "{d:#}");
    ed.refused();
}

// ---------------------------------------------------------------------------------------
// Markup and script in every field

/// The built hostile fixture (tests/fixtures/hostile).
fn hostile_site() -> &'static Path {
    static SITE: std::sync::OnceLock<PathBuf> = std::sync::OnceLock::new();
    SITE.get_or_init(|| {
        let out = temp_dir("hostile-site").join("output");
        let run = build(&repo().join("tests/fixtures/hostile"), &out);
        no_panic(&run);
        out
    })
}

/// Whether a URL attribute's value would run script or load inline content.
fn dangerous_url(value: &str) -> bool {
    let v: String = value.chars().filter(|c| !c.is_whitespace() && !c.is_control()).collect::<String>().to_lowercase();
    ["javascript:", "data:", "vbscript:"].iter().any(|s| v.starts_with(s))
}

/// Everything in one page that could run script, as readable strings.
fn script_vectors(name: &str, page: &str) -> Vec<String> {
    let doc = scraper::Html::parse_document(page);
    let mut bad = Vec::new();
    for el in doc.root_element().descendent_elements() {
        let v = el.value();
        let tag = v.name();
        for (attr, value) in v.attrs() {
            if attr.to_ascii_lowercase().starts_with("on") {
                bad.push(format!("{name}: <{tag} {attr}={value:?}>"));
            }
            if matches!(
                attr,
                "href"
                    | "src"
                    | "action"
                    | "formaction"
                    | "data"
                    | "poster"
                    | "srcset"
                    | "xlink:href"
                    | "background"
                    | "ping"
            ) && dangerous_url(value)
            {
                bad.push(format!("{name}: <{tag} {attr}={value:?}>"));
            }
            if attr == "srcdoc" || (attr == "http-equiv" && value.eq_ignore_ascii_case("refresh")) {
                bad.push(format!("{name}: <{tag} {attr}={value:?}>"));
            }
            if attr == "style" && value.to_lowercase().contains("url(") {
                bad.push(format!("{name}: <{tag} style={value:?}>"));
            }
        }
        if matches!(
            tag,
            "iframe"
                | "frame"
                | "frameset"
                | "object"
                | "embed"
                | "applet"
                | "base"
                | "svg"
                | "math"
                | "style"
                | "template"
                | "portal"
        ) {
            bad.push(format!("{name}: a <{tag}> element: {}", el.html().chars().take(120).collect::<String>()));
        }
        if tag == "link" && !matches!(v.attr("rel"), Some("stylesheet" | "canonical" | "icon")) {
            bad.push(format!("{name}: {}", el.html()));
        }
        if tag == "script" {
            let body: String = el.text().collect();
            match (v.attr("src"), v.attr("type")) {
                (Some(src), None | Some("module")) => {
                    let file = src.rsplit('/').next().unwrap_or("");
                    let ours = ["gloss.", "search."].iter().any(|p| {
                        file.strip_prefix(p)
                            .and_then(|r| r.strip_suffix(".js"))
                            .is_some_and(|h| !h.is_empty() && h.bytes().all(|b| b.is_ascii_hexdigit()))
                    });
                    // relative, or absolute at the base URL (the 404 page)
                    let located = !src.contains(':') || src.starts_with("https://") || src.starts_with("http://");
                    if !ours || !located || !body.trim().is_empty() {
                        bad.push(format!("{name}: {}", el.html()));
                    }
                }
                (None, Some(t @ ("application/json" | "application/ld+json"))) => {
                    let lower = body.to_lowercase();
                    if lower.contains("</script") || lower.contains("<!--") || lower.contains("<script") {
                        bad.push(format!("{name}: a {t} block holds markup: {}", &body[..body.len().min(200)]));
                    }
                    if let Err(e) = serde_json::from_str::<Value>(&body) {
                        bad.push(format!("{name}: a {t} block is not JSON ({e}): {}", &body[..body.len().min(200)]));
                    }
                }
                _ => bad.push(format!("{name}: {}", el.html().chars().take(200).collect::<String>())),
            }
        }
    }
    bad
}

#[test]
fn markup_and_script_in_every_field_stay_text() {
    let site = hostile_site();
    let pages: Vec<String> = files(site).into_iter().filter(|f| f.ends_with(".html")).collect();
    for expected in [
        "index.html",
        "chapter/payloads.html",
        "person/trotsky.html",
        "person/rakovsky.html",
        "event/deportation.html",
        "place/alma-ata.html",
        "place/astrakhan.html",
        "term/gpu.html",
        "term/kulak.html",
        "evil.html",
        "timeline.html",
        "glossary.html",
        "index/names.html",
        "search.html",
        "404.html",
    ] {
        assert!(pages.iter().any(|p| p == expected), "{expected} was not built: {pages:?}");
    }
    let mut bad = Vec::new();
    for p in &pages {
        let page = fs::read_to_string(site.join(p)).unwrap();
        bad.extend(script_vectors(p, &page));
        // the page's own structure survived: nothing swallowed the footer
        let doc = scraper::Html::parse_document(&page);
        if doc.select(&sel("footer.site-footer")).count() != 1 {
            bad.push(format!("{p}: the footer is gone (something swallowed the rest of the page)"));
        }
    }
    assert!(bad.is_empty(), "{} script vectors:\n{}", bad.len(), bad.join("\n"));

    // the payloads are there, as text: escaped, not dropped
    let chapter = html(&site.join("chapter/payloads.html"));
    let article: String = chapter.select(&sel("article")).next().unwrap().text().collect();
    for shown in [
        "<script>window.__pwned=1</script>",
        "<img src=x onerror=window.__pwned=1>",
        "<svg onload=window.__pwned=1>",
        "<iframe src=\"javascript:window.__pwned=1\">",
    ] {
        assert!(article.contains(shown), "{shown} is not shown as text:\n{article}");
    }
    let h1: String = chapter.select(&sel("h1")).next().unwrap().text().collect();
    assert!(h1.contains("<script>window.__pwned=1</script>"), "{h1}");
    // unsafe links lose their target; safe ones keep it
    let hrefs: Vec<&str> = chapter.select(&sel("article a[href]")).filter_map(|a| a.value().attr("href")).collect();
    assert!(hrefs.contains(&"https://example.org/"), "{hrefs:?}");
    let person: String = html(&site.join("person/trotsky.html")).root_element().text().collect();
    assert!(person.contains("Leon <script>window.__pwned=1</script> Trotsky"), "{person}");
}

#[test]
fn the_popover_data_survives_hostile_text_intact() {
    let chapter = fs::read_to_string(hostile_site().join("chapter/payloads.html")).unwrap();
    let doc = scraper::Html::parse_document(&chapter);
    let data = doc.select(&sel("script#gloss-entities")).next().expect("the popover data");
    let json: Value = serde_json::from_str(&data.text().collect::<String>()).unwrap();
    assert_eq!(json["trotsky"]["n"], "Leon <script>window.__pwned=1</script> Trotsky");
    assert_eq!(json["astrakhan"]["s"], "</script><!--<script>");
    for ld in html(&hostile_site().join("person/rakovsky.html")).select(&sel("script[type='application/ld+json']")) {
        let json: Value = serde_json::from_str(&ld.text().collect::<String>()).unwrap();
        assert_eq!(json["description"], "</script><script>window.__pwned=1</script>");
    }
}

#[test]
fn a_script_url_as_base_url_is_refused_or_neutralised() {
    for base in ["javascript:window.__pwned=1//", "data:text/html,x/", " JaVaScRiPt:window.__pwned=1//"] {
        let dir = temp_dir("hostile-base-url");
        let root = dir.join("edition");
        copy_dir(&repo().join("tests/fixtures/minimal"), &root);
        let out = dir.join("output");
        let run =
            gloss(&["build", "--root", root.to_str().unwrap(), "--out", out.to_str().unwrap(), "--base-url", base]);
        no_panic(&run);
        if run.code == 0 {
            let mut bad = Vec::new();
            for p in files(&out).into_iter().filter(|f| f.ends_with(".html")) {
                bad.extend(script_vectors(&p, &fs::read_to_string(out.join(&p)).unwrap()));
            }
            assert!(bad.is_empty(), "base URL {base:?}:\n{}", bad.join("\n"));
        } else {
            assert_eq!(run.code, 1, "{}", run.stderr);
            assert!(run.stderr.contains("base"), "{}", run.stderr);
        }
    }
}

// ---------------------------------------------------------------------------------------
// Configuration and themes

#[test]
fn broken_configurations_are_located() {
    // (case, edition.yaml, code, line, column (0: any), part of the message)
    type Case = (&'static str, &'static [u8], &'static str, u64, u64, &'static str);
    let cases: &[Case] = &[
        ("not-yaml", b"title: \"unclosed\nlanguage: en\n", "yaml-syntax", 0, 0, ""),
        ("tabs", b"title: A\n\tlanguage: en\n", "yaml-syntax", 0, 0, ""),
        ("a-list", b"- title: A\n", "wrong-type", 1, 1, "expected struct"),
        ("wrong-type", b"title: A\nauthors: Broue\n", "wrong-type", 2, 10, "expected a sequence"),
        ("wrong-type-map", b"title: {a: 1}\n", "wrong-type", 1, 8, "expected a string"),
        ("unknown-key", b"title: A\nbase-url: https://x.org/\n", "unknown-field", 2, 1, "`base-url`"),
        (
            "script-base-url",
            b"title: A\nbase_url: \"javascript:window.__pwned=1//\"\n",
            "bad-base-url",
            2,
            // the value's first character, inside its quotes (from the span index)
            12,
            "javascript:",
        ),
        ("binary", b"\x00\x01\x02\xff\xfe title", "encoding", 1, 4, "UTF-8"),
        ("no-title", b"language: en\n", "missing-field", 1, 1, "`title`"),
        ("empty", b"\n  \n", "empty-file", 0, 0, ""),
        ("only-a-comment", b"# nothing yet\n", "missing-field", 0, 0, "`title`"),
    ];
    for (name, bytes, code, line, column, message) in cases {
        let ed = Edition::new(&format!("config-{name}"), "minimal");
        ed.write("content/edition.yaml", bytes);
        let (exit, diags) = ed.check();
        assert_eq!(exit, 1, "{name}: {diags:#?}");
        let d = diags
            .iter()
            .find(|d| d["file"] == "content/edition.yaml")
            .unwrap_or_else(|| panic!("{name}: nothing about the configuration: {diags:#?}"));
        assert_eq!(d["code"], *code, "{name}: {d:#}");
        if *line > 0 {
            assert_eq!(
                (d["location"]["line"].as_u64(), d["location"]["column"].as_u64()),
                (Some(*line), Some(*column)),
                "{name}: {d:#}"
            );
        } else if *code == "yaml-syntax" {
            assert!(d["location"]["line"].as_u64().is_some(), "{name}: {d:#}");
        }
        assert!(text(d, "message").contains(message), "{name}: {d:#}");
        assert!(!text(d, "hint").is_empty(), "{name}: {d:#}");
        let run = ed.refused();
        assert!(run.stderr.contains("content/edition.yaml"), "{name}: {}", run.stderr);
    }
    // a folder where the configuration should be: the file cannot be read (exit code 2)
    let ed = Edition::new("config-folder", "minimal");
    fs::remove_file(ed.root.join("content/edition.yaml")).unwrap();
    fs::create_dir(ed.root.join("content/edition.yaml")).unwrap();
    let run = ed.refused_with(2);
    assert!(run.stderr.contains("content/edition.yaml"), "{}", run.stderr);
}

#[test]
fn a_missing_theme_or_template_names_what_is_missing() {
    // a theme that does not exist
    let ed = Edition::new("theme-nosuch", "minimal");
    let config = fs::read_to_string(ed.root.join("content/edition.yaml")).unwrap();
    ed.write("content/edition.yaml", format!("{config}theme: nosuch\n"));
    let (code, diags) = ed.check();
    assert_eq!(code, 1);
    let last = config.lines().count() as u64 + 1;
    let d = expect(&diags, "missing-theme", "content/edition.yaml", last, 8);
    assert!(text(&d, "message").contains("`nosuch`"), "{d:#}");
    ed.refused();

    // an override theme whose template extends or includes one that was deleted
    let ed = Edition::new("theme-deleted", "minimal");
    ed.write("content/edition.yaml", format!("{config}theme: mine\n"));
    ed.write(
        "themes/mine/templates/chapter.html",
        "{% extends \"layout.html\" %}\n{% block main %}x{% endblock main %}\n",
    );
    refused_naming(&ed, &["themes/mine/templates/chapter.html", "layout.html"]);
    ed.write(
        "themes/mine/templates/chapter.html",
        "{% extends \"base.html\" %}\n{% block main %}\n<p>x</p>\n{% include \"parts/gone.html\" %}\n{% endblock main %}\n",
    );
    refused_naming(&ed, &["themes/mine/templates/chapter.html", "parts/gone.html"]);
    // a theme folder that was emptied: the built-in templates still apply
    fs::remove_dir_all(ed.root.join("themes/mine/templates")).unwrap();
    let run = gloss(&["build", "--root", ed.root(), "--out", ed.out.to_str().unwrap()]);
    assert_eq!(run.code, 0, "{}", run.stderr);
}

#[test]
fn template_errors_name_the_template_and_the_line() {
    let ed = Edition::new("template-errors", "minimal");
    let cases = [
        // (template, what the message names, line)
        ("{% extends \"base.html\" %}\n{% block main %}\n<p>x</p>\n{{ chapter.nosuch.deeper }}\n{% endblock main %}\n", "chapter.nosuch.deeper", 4),
        ("{% extends \"base.html\" %}\n{% block main %}\n<p>{{ chapter.title }}</p>\n\n{{ chapter.title | shout }}\n{% endblock main %}\n", "shout", 5),
        ("{% extends \"base.html\" %}\n{% block main %}\n{{ nosuch_function() }}\n{% endblock main %}\n", "nosuch_function", 3),
        ("{% extends \"base.html\" %}\n{% block main %}\n{% for x in %}\n{% endblock main %}\n", "", 3),
        ("{% extends \"base.html\" %}\n{% block main %}\n{% if chapter %}\n{% endblock main %}\n", "", 4),
    ];
    for (source, names, line) in cases {
        ed.write("themes/default/templates/chapter.html", source);
        let run = ed.refused();
        assert_eq!(run.stderr.matches("error[template]").count(), 1, "said once, not once per page:\n{}", run.stderr);
        assert!(
            run.stderr.contains(&format!("themes/default/templates/chapter.html:{line}:")),
            "expected line {line}:\n{}",
            run.stderr
        );
        assert!(run.stderr.contains(names), "{}", run.stderr);
    }
}
