//! gloss never destroys what it did not make and never reads outside the edition: the
//! output-folder rule (only a missing, empty or gloss-marked folder is replaced), the
//! edition's `static/` files, the language tag, symlinks, FIFOs and devices, the file-size
//! limit, and `gloss import`'s refusals. Each test reproduces a failure found by an attack
//! on the release binary (issue "Never destroy what gloss did not make").

mod common;

use common::{gloss, temp_dir, Run};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

/// A new edition (made by `gloss new`) in a fresh temporary folder; returns (folder, root).
fn edition(name: &str) -> (PathBuf, PathBuf) {
    let tmp = temp_dir(&format!("safety-{name}"));
    let root = tmp.join("E");
    let run = gloss(&["new", root.to_str().unwrap()]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    (tmp, root)
}

fn s(p: &Path) -> &str {
    p.to_str().unwrap()
}

fn build_into(root: &Path, out: &Path, extra: &[&str]) -> Run {
    let mut args = vec!["build", "--root", s(root), "--out", s(out), "-q"];
    args.extend_from_slice(extra);
    gloss(&args)
}

fn refused_output(run: &Run) {
    assert_eq!(run.code, 2, "expected a refusal with exit 2:\n{}", run.stderr);
    assert!(run.stderr.contains("unsafe-output"), "{}", run.stderr);
    assert!(run.stderr.contains("nothing was written or deleted"), "{}", run.stderr);
    assert!(!run.stderr.contains("panicked"), "{}", run.stderr);
}

#[test]
fn the_edition_and_its_folders_are_never_an_output_folder() {
    let (tmp, root) = edition("own");
    std::fs::write(root.join("NOTES.txt"), "notes").unwrap();
    let before = common::snapshot(&root);
    for out in [root.clone(), root.join("content"), root.join("content/site"), root.join("themes"), tmp.clone()] {
        refused_output(&build_into(&root, &out, &[]));
        refused_output(&build_into(&root, &out, &["--force"]));
        assert_eq!(common::snapshot(&root), before, "the edition changed after --out {}", out.display());
    }
    // `..` in the path is resolved before the rule is applied
    let sneaky = root.join("output/../content");
    refused_output(&build_into(&root, &sneaky, &["--force"]));
    assert_eq!(common::snapshot(&root), before);
}

#[test]
fn a_folder_gloss_did_not_make_is_kept_unless_forced() {
    let (tmp, root) = edition("unrelated");
    let imp = tmp.join("imp");
    std::fs::create_dir_all(&imp).unwrap();
    std::fs::write(imp.join("MARKER.txt"), "x").unwrap();
    refused_output(&build_into(&root, &imp, &[]));
    assert_eq!(std::fs::read_to_string(imp.join("MARKER.txt")).unwrap(), "x");
    // through a symlink: the rule applies to the link's target
    let link = tmp.join("link");
    std::os::unix::fs::symlink(&imp, &link).unwrap();
    refused_output(&build_into(&root, &link, &[]));
    assert!(imp.join("MARKER.txt").is_file());
    // --force replaces it, and from then on it is a gloss site
    assert_eq!(build_into(&root, &imp, &["--force"]).code, 0);
    assert!(!imp.join("MARKER.txt").exists() && imp.join("index.html").is_file());
    assert!(imp.join(".gloss-site").is_file());
    assert_eq!(build_into(&root, &imp, &[]).code, 0);
}

#[test]
fn empty_missing_and_marked_folders_are_built_into() {
    let (tmp, root) = edition("marked");
    let empty = tmp.join("empty");
    std::fs::create_dir_all(&empty).unwrap();
    for out in [empty.clone(), tmp.join("new/deeper"), root.join("output")] {
        let run = build_into(&root, &out, &[]);
        assert_eq!(run.code, 0, "{}", run.stderr);
        assert!(out.join(".gloss-site").is_file() && out.join("index.html").is_file());
        // and again, over its own previous site
        assert_eq!(build_into(&root, &out, &[]).code, 0);
    }
}

#[test]
fn a_folder_holding_git_is_refused_even_when_forced() {
    let (tmp, root) = edition("git");
    let site = tmp.join("site");
    assert_eq!(build_into(&root, &site, &[]).code, 0);
    std::fs::create_dir_all(site.join(".git")).unwrap();
    std::fs::write(site.join(".git/HEAD"), "ref: refs/heads/main\n").unwrap();
    for extra in [&[][..], &["--force"][..]] {
        let run = build_into(&root, &site, extra);
        refused_output(&run);
        assert!(run.stderr.contains(".git"), "{}", run.stderr);
    }
    assert!(site.join(".git/HEAD").is_file());
}

#[test]
fn files_for_the_host_come_from_the_editions_static_folder() {
    let (tmp, root) = edition("static");
    std::fs::create_dir_all(root.join("static/.well-known")).unwrap();
    std::fs::write(root.join("static/CNAME"), "edition.example.org\n").unwrap();
    std::fs::write(root.join("static/.nojekyll"), "").unwrap();
    std::fs::write(root.join("static/.well-known/security.txt"), "Contact: x\n").unwrap();
    let out = tmp.join("site");
    assert_eq!(build_into(&root, &out, &[]).code, 0);
    assert_eq!(std::fs::read_to_string(out.join("CNAME")).unwrap(), "edition.example.org\n");
    assert!(out.join(".nojekyll").is_file() && out.join(".well-known/security.txt").is_file());
    // a static file may not take a generated page's place
    std::fs::write(root.join("static/index.html"), "mine").unwrap();
    let run = build_into(&root, &out, &[]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(run.stderr.contains("index.html"), "{}", run.stderr);
    assert_ne!(std::fs::read_to_string(out.join("index.html")).unwrap(), "mine");
}

#[test]
fn a_long_language_tag_is_refused_by_check_not_a_panic_in_build() {
    let (tmp, root) = edition("language");
    let config = root.join("content/edition.yaml");
    let text = std::fs::read_to_string(&config).unwrap();
    let text: String = text.lines().filter(|l| !l.starts_with("language:")).map(|l| format!("{l}\n")).collect();
    std::fs::write(&config, format!("{text}language: en-aaaaaaaa-bbbbbbbb-cccccccc-dd\n")).unwrap();
    let check = gloss(&["check", "--root", s(&root)]);
    assert_eq!(check.code, 1);
    assert!(check.stderr.contains("bad-language") && check.stderr.contains("edition.yaml:"), "{}", check.stderr);
    assert!(check.stderr.contains("did you mean `en`"), "{}", check.stderr);
    let out = tmp.join("site");
    let build = build_into(&root, &out, &[]);
    assert_eq!(build.code, 1, "{}", build.stderr);
    assert!(!build.stderr.contains("panicked") && !out.exists());
}

/// Run check and build; assert both refuse (exit 1) naming `naming`, within a second or
/// two, and that nothing of /etc/passwd appears in what they print or write.
fn refuses_to_read(root: &Path, out: &Path, naming: &str) {
    for args in [vec!["check", "--root", s(root)], vec!["build", "--root", s(root), "--out", s(out)]] {
        let start = Instant::now();
        let run = gloss(&args);
        assert!(start.elapsed() < Duration::from_secs(10), "{args:?} took {:?}", start.elapsed());
        assert_eq!(run.code, 1, "{args:?}:\n{}\n{}", run.stdout, run.stderr);
        assert!(run.stderr.contains(naming), "{args:?} does not name {naming}:\n{}", run.stderr);
        assert!(!run.stderr.contains("root:x:0:0") && !run.stdout.contains("root:x:0:0"), "{}", run.stderr);
    }
    if out.exists() {
        for f in common::files(out) {
            let bytes = std::fs::read(out.join(&f)).unwrap();
            assert!(memchr::memmem::find(&bytes, b"root:x:0:0").is_none(), "{f} holds /etc/passwd");
        }
    }
}

fn page(root: &Path, source: &str) {
    std::fs::create_dir_all(root.join("content/pages")).unwrap();
    std::fs::write(root.join("content/pages/p.md"), format!("---\ntitle: P\nslug: p\nsource: {source}\n---\n"))
        .unwrap();
}

#[test]
fn nothing_outside_the_edition_is_read_through_a_page_source() {
    let (tmp, root) = edition("page-source");
    let out = tmp.join("site");
    std::fs::create_dir_all(root.join("docs")).unwrap();
    std::os::unix::fs::symlink("/etc/passwd", root.join("docs/pw.md")).unwrap();
    page(&root, "docs/pw.md");
    refuses_to_read(&root, &out, "/etc/passwd");
    for hidden in [".env", ".git/config", "docs/.secret.md"] {
        let path = root.join(hidden);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(&path, "SECRET=1\n").unwrap();
        page(&root, hidden);
        refuses_to_read(&root, &out, "hidden");
    }
}

#[test]
fn a_sidecar_linked_outside_is_refused_without_printing_it() {
    let (tmp, root) = edition("sidecar-link");
    let sidecar = root.join("content/chapters/01-the-first-chapter.yaml");
    std::fs::remove_file(&sidecar).unwrap();
    std::os::unix::fs::symlink("/etc/passwd", &sidecar).unwrap();
    refuses_to_read(&root, &tmp.join("site"), "outside the edition");
}

#[test]
fn folders_linked_outside_the_edition_are_refused() {
    for (name, folder) in [("chapters", "content/chapters"), ("pages", "content/pages"), ("theme", "themes/default")] {
        let (tmp, root) = edition(&format!("folder-{name}"));
        let elsewhere = tmp.join("elsewhere");
        std::fs::create_dir_all(&elsewhere).unwrap();
        let target = root.join(folder);
        if target.is_dir() {
            common::copy_dir(&target, &elsewhere);
            std::fs::remove_dir_all(&target).unwrap();
        } else if name == "pages" {
            std::fs::write(elsewhere.join("p.md"), "---\ntitle: P\nslug: p\n---\nText.\n").unwrap();
        } else {
            std::fs::create_dir_all(elsewhere.join("templates")).unwrap();
            std::fs::write(elsewhere.join("templates/x.html"), "x").unwrap();
        }
        std::fs::create_dir_all(target.parent().unwrap()).unwrap();
        std::os::unix::fs::symlink(&elsewhere, &target).unwrap();
        refuses_to_read(&root, &tmp.join("site"), "outside the edition");
    }
}

#[test]
fn symlinked_files_inside_the_edition_are_followed_not_skipped() {
    let (tmp, root) = edition("inner-link");
    std::fs::create_dir_all(root.join("drafts")).unwrap();
    std::fs::write(root.join("drafts/about.md"), "---\ntitle: About us\nslug: about\n---\nAll about it.\n").unwrap();
    std::fs::create_dir_all(root.join("content/pages")).unwrap();
    std::os::unix::fs::symlink("../../drafts/about.md", root.join("content/pages/about.md")).unwrap();
    let out = tmp.join("site");
    let run = build_into(&root, &out, &[]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(std::fs::read_to_string(out.join("about.html")).unwrap().contains("All about it."));
}

#[test]
fn fifos_and_devices_are_refused_at_once() {
    let (tmp, root) = edition("fifo");
    let out = tmp.join("site");
    let fifo = |p: &Path| {
        let c = std::ffi::CString::new(p.to_str().unwrap()).unwrap();
        // SAFETY: a valid NUL-terminated path
        assert_eq!(unsafe { libc::mkfifo(c.as_ptr(), 0o644) }, 0);
    };
    // a FIFO as a sidecar
    let sidecar = root.join("content/chapters/01-the-first-chapter.yaml");
    std::fs::remove_file(&sidecar).unwrap();
    fifo(&sidecar);
    refuses_to_read(&root, &out, "FIFO");
    std::fs::remove_file(&sidecar).unwrap();
    // a FIFO as a page source
    std::fs::create_dir_all(root.join("docs")).unwrap();
    fifo(&root.join("docs/pipe.md"));
    page(&root, "docs/pipe.md");
    refuses_to_read(&root, &out, "FIFO");
    // /dev/zero through a link: outside the edition, and never read
    std::os::unix::fs::symlink("/dev/zero", root.join("docs/zero.md")).unwrap();
    page(&root, "docs/zero.md");
    refuses_to_read(&root, &out, "/dev/zero");
}

#[test]
fn a_file_over_the_size_limit_is_refused_with_its_name() {
    let (tmp, root) = edition("size");
    let config = root.join("content/edition.yaml");
    let text = std::fs::read_to_string(&config).unwrap();
    std::fs::write(&config, format!("{text}max_file_mib: 1\n")).unwrap();
    let chapter = root.join("content/chapters/01-the-first-chapter.md");
    let mut body = std::fs::read_to_string(&chapter).unwrap();
    while body.len() < 1_200_000 {
        body.push_str("\nAnother paragraph of the chapter, to make it larger than the limit.\n");
    }
    std::fs::write(&chapter, body).unwrap();
    let run = gloss(&["build", "--root", s(&root), "--out", s(&tmp.join("site"))]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(run.stderr.contains("01-the-first-chapter.md") && run.stderr.contains("max_file_mib"), "{}", run.stderr);
}

#[test]
fn import_refuses_what_it_cannot_safely_read_or_write() {
    let tmp = temp_dir("safety-import");
    let ok = tmp.join("ok.txt");
    std::fs::write(&ok, "A paragraph.\n").unwrap();
    let md = tmp.join("out.md");
    let import = |file: &Path, extra: &[&str]| {
        let mut args = vec!["import", s(file), "--title", "T", "--number", "1", "-o", s(&md)];
        args.extend_from_slice(extra);
        gloss(&args)
    };
    // a FIFO is refused at once, not waited on
    let pipe = tmp.join("pipe.txt");
    let c = std::ffi::CString::new(s(&pipe)).unwrap();
    // SAFETY: a valid NUL-terminated path
    assert_eq!(unsafe { libc::mkfifo(c.as_ptr(), 0o644) }, 0);
    let start = Instant::now();
    let run = import(&pipe, &[]);
    assert!(start.elapsed() < Duration::from_secs(5));
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(run.stderr.contains("FIFO"), "{}", run.stderr);
    // a bad slug is refused before anything is written
    let run = import(&ok, &["--slug", "Bad Slug/.."]);
    assert_eq!(run.code, 1);
    assert!(run.stderr.contains("bad-slug") && !md.exists(), "{}", run.stderr);
    // UTF-16 without a byte-order mark is refused; NUL bytes are warned about
    let utf16: Vec<u8> = "A paragraph of text.\n".encode_utf16().flat_map(|u| u.to_le_bytes()).collect();
    std::fs::write(tmp.join("utf16.txt"), utf16).unwrap();
    let run = import(&tmp.join("utf16.txt"), &[]);
    assert_eq!(run.code, 1);
    assert!(run.stderr.contains("UTF-16"), "{}", run.stderr);
    std::fs::write(tmp.join("nul.txt"), "One.\n\nTwo \0 three.\n").unwrap();
    let run = import(&tmp.join("nul.txt"), &[]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run.stderr.contains("nul-byte") && run.stderr.contains("line 3"), "{}", run.stderr);
    // an existing (perhaps hand-edited) chapter is kept unless --force
    std::fs::write(&md, "my edits").unwrap();
    let run = import(&ok, &[]);
    assert_eq!(run.code, 1);
    assert!(run.stderr.contains("--force"), "{}", run.stderr);
    assert_eq!(std::fs::read_to_string(&md).unwrap(), "my edits");
    assert_eq!(import(&ok, &["--force"]).code, 0);
    assert!(std::fs::read_to_string(&md).unwrap().contains("A paragraph."));
}
