//! Whole-site tests on a small fixture edition (tests/fixtures/minimal): what is written,
//! how pages link together, what a failed build leaves behind.

mod common;
use common::*;
use std::fs;

fn minimal() -> std::path::PathBuf {
    repo().join("tests/fixtures/minimal")
}

#[test]
fn builds_the_expected_files_and_summary() {
    let out = temp_dir("minimal-files").join("output");
    let run = build(&minimal(), &out);
    assert!(run.stdout.starts_with("Built 10 pages and "), "{}", run.stdout);
    assert!(run.stdout.contains(" ms"), "{}", run.stdout);
    let all = files(&out);
    // the search bundle: Pagefind's runtime, the index and one fragment per indexed page
    assert!(all.contains(&"pagefind/pagefind.js".to_string()));
    assert!(all.iter().any(|f| f.starts_with("pagefind/index/")));
    assert_eq!(all.iter().filter(|f| f.starts_with("pagefind/fragment/")).count(), 2, "the two chapters are indexed");
    let mut list: Vec<String> = all.into_iter().filter(|f| !f.starts_with("pagefind/")).collect();
    // fingerprinted asset names vary with the theme; check their shape, snapshot the rest
    for stem in ["style", "gloss", "search"] {
        let i = list
            .iter()
            .position(|f| f.starts_with(&format!("{stem}.")) && f.matches('.').count() == 2)
            .unwrap_or_else(|| panic!("fingerprinted {stem} asset"));
        let ext = list[i].rsplit('.').next().unwrap().to_string();
        list[i] = format!("{stem}.HASH.{ext}");
    }
    list.sort();
    insta::assert_snapshot!(list.join("\n"), @r"
    .gloss-site
    404.html
    chapter/first.html
    chapter/second.html
    events.json
    gloss.HASH.js
    glossary.html
    glossary.json
    index.html
    index/names.html
    index/places.html
    index/subjects.html
    people.json
    places.json
    robots.txt
    schema/chapter.schema.json
    schema/edition.schema.json
    schema/event.schema.json
    schema/person.schema.json
    schema/place.schema.json
    schema/sidecar.schema.json
    schema/term.schema.json
    search.HASH.js
    search.html
    sitemap.xml
    style.HASH.css
    timeline.html
    ");
}

/// The chapter body, one block per line, for a readable snapshot.
fn pretty_body(path: &std::path::Path) -> String {
    let doc = html(path);
    let body = doc.select(&sel("article")).next().unwrap().html();
    body.replace("<p", "\n<p")
        .replace("<h", "\n<h")
        .replace("<li", "\n<li")
        .replace("<blockquote", "\n<blockquote")
        .replace("<section", "\n<section")
}

#[test]
fn chapter_page_snapshot() {
    let out = temp_dir("minimal-chapter").join("output");
    build(&minimal(), &out);
    insta::assert_snapshot!(pretty_body(&out.join("chapter/first.html")));
}

#[test]
fn pages_link_to_each_other_relatively() {
    let out = temp_dir("minimal-links").join("output");
    build(&minimal(), &out);
    let first = html(&out.join("chapter/first.html"));
    let next = first.select(&sel("a[rel=next]")).next().unwrap();
    assert_eq!(next.value().attr("href"), Some("../chapter/second.html"));
    assert!(first.select(&sel("a[rel=prev]")).next().is_none());
    let second = html(&out.join("chapter/second.html"));
    assert_eq!(second.select(&sel("a[rel=prev]")).next().unwrap().value().attr("href"), Some("../chapter/first.html"));
    // stylesheet and script are separate, cached files referenced relatively
    let css = first.select(&sel("link[rel=stylesheet]")).next().unwrap().value().attr("href").unwrap().to_string();
    assert!(css.starts_with("../style.") && out.join(&css[3..]).exists(), "{css}");
    let js = first.select(&sel("script[src]")).next().unwrap().value().attr("src").unwrap().to_string();
    assert!(out.join(&js[3..]).exists(), "{js}");
    // 404 uses absolute links (it is served at any path)
    let notfound = fs::read_to_string(out.join("404.html")).unwrap();
    assert!(notfound.contains("https://example.org/minimal/index.html"), "{notfound}");
}

#[test]
fn content_text_is_escaped_not_executed() {
    let out = temp_dir("minimal-escape").join("output");
    build(&minimal(), &out);
    let page = fs::read_to_string(out.join("chapter/second.html")).unwrap();
    assert!(!page.contains("<script>alert"), "{page}");
    assert!(page.contains("&lt;script>alert") || page.contains("&lt;script&gt;alert"), "{page}");
    assert!(page.contains("Second &lt;Chapter>") || page.contains("Second &lt;Chapter&gt;"));
}

#[test]
fn html_is_minified() {
    let out = temp_dir("minimal-minified").join("output");
    build(&minimal(), &out);
    let page = fs::read_to_string(out.join("index.html")).unwrap();
    assert!(page.starts_with("<!doctype html><html lang=en>"), "{}", &page[..80]);
    assert!(!page.contains("\n\n"));
}

#[test]
fn a_failed_build_leaves_the_previous_output_byte_for_byte() {
    let dir = temp_dir("failed-build");
    let root = dir.join("edition");
    copy_dir(&minimal(), &root);
    let out = dir.join("output");
    build(&root, &out);
    let before = snapshot(&out);

    // a template error in an override
    fs::create_dir_all(root.join("themes/default/templates")).unwrap();
    fs::write(
        root.join("themes/default/templates/chapter.html"),
        "{% extends \"base.html\" %}\n{% block main %}\n{{ chapter.title | no_such_filter }}\n{% endblock main %}\n",
    )
    .unwrap();
    let run = gloss(&["build", "--root", root.to_str().unwrap(), "--out", out.to_str().unwrap()]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(run.stderr.contains("chapter.html"), "the error names the template: {}", run.stderr);
    assert!(run.stderr.contains("no_such_filter"), "{}", run.stderr);
    assert!(run.stderr.contains("left as it was"), "{}", run.stderr);
    assert_eq!(snapshot(&out), before);

    // a template syntax error names the file and line
    fs::write(root.join("themes/default/templates/chapter.html"), "ok\n{% if %}\n").unwrap();
    let run = gloss(&["build", "--root", root.to_str().unwrap(), "--out", out.to_str().unwrap()]);
    assert_eq!(run.code, 1);
    assert!(run.stderr.contains("themes/default/templates/chapter.html:2:"), "{}", run.stderr);
    assert_eq!(snapshot(&out), before);

    // broken YAML in the front matter
    fs::remove_file(root.join("themes/default/templates/chapter.html")).unwrap();
    fs::write(root.join("content/chapters/02-second.md"), "---\ntitle: [unclosed\nnumber: 2\n---\nText\n").unwrap();
    let run = gloss(&["build", "--root", root.to_str().unwrap(), "--out", out.to_str().unwrap()]);
    assert_eq!(run.code, 1);
    assert!(run.stderr.contains("content/chapters/02-second.md:"), "{}", run.stderr);
    assert_eq!(snapshot(&out), before);
    // no staging folders are left behind
    let names: Vec<_> =
        fs::read_dir(&dir).unwrap().flatten().map(|e| e.file_name().to_string_lossy().to_string()).collect();
    assert!(names.iter().all(|n| !n.starts_with(".output")), "{names:?}");
}

#[test]
fn theme_files_can_be_overridden_by_the_edition() {
    let dir = temp_dir("override");
    let root = dir.join("edition");
    copy_dir(&minimal(), &root);
    fs::create_dir_all(root.join("themes/default/templates")).unwrap();
    fs::write(
        root.join("themes/default/templates/404.html"),
        "{% extends \"base.html\" %}{% block main %}<p>Custom lost page</p>{% endblock main %}",
    )
    .unwrap();
    let out = dir.join("output");
    build(&root, &out);
    assert!(fs::read_to_string(out.join("404.html")).unwrap().contains("Custom lost page"));
}

#[test]
fn unknown_config_keys_are_rejected_with_location_and_hint() {
    let dir = temp_dir("bad-config");
    let root = dir.join("edition");
    copy_dir(&minimal(), &root);
    fs::write(root.join("content/edition.yaml"), "title: X\nsubtitel: Y\n").unwrap();
    let run = gloss(&["check", "--root", root.to_str().unwrap()]);
    assert_eq!(run.code, 1);
    assert!(run.stderr.contains("content/edition.yaml:2:1"), "{}", run.stderr);
    assert!(run.stderr.contains("did you mean `subtitle`?"), "{}", run.stderr);
}

#[test]
fn import_converts_a_text_file_into_a_chapter_that_builds() {
    let dir = temp_dir("import");
    let root = dir.join("edition");
    copy_dir(&minimal(), &root);
    let txt = dir.join("chapter.txt");
    fs::write(
        &txt,
        "First paragraph. [1]\n\nA Heading\n\nHe wrote:\n\n“A document.” [2]\n\nE[vgeni] said [...] it. [2]\n",
    )
    .unwrap();
    let md = root.join("content/chapters/03-imported.md");
    let run =
        gloss(&["import", txt.to_str().unwrap(), "--title", "Imported", "--number", "3", "-o", md.to_str().unwrap()]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run.stderr.contains("3 endnote markers"), "{}", run.stderr);
    let text = fs::read_to_string(&md).unwrap();
    assert!(text.starts_with("---\ntitle: \"Imported\"\nnumber: 3\nslug: \"imported\"\n---\n"), "{text}");
    assert!(text.contains("## A Heading {#a-heading}"), "{text}");
    assert!(text.contains("> “A document.” [^2]"), "{text}");
    assert!(text.contains("E\\[vgeni\\] said \\[...\\] it. [^2-2]"), "{text}");
    let out = dir.join("output");
    build(&root, &out);
    let doc = html(&out.join("chapter/imported.html"));
    assert_eq!(doc.select(&sel("a[role=doc-noteref]")).count(), 3);
}

#[test]
fn two_builds_of_the_same_input_are_byte_identical() {
    let dir = temp_dir("deterministic");
    let (a, b) = (dir.join("a"), dir.join("b"));
    build(&repo(), &a);
    build(&repo(), &b);
    let (sa, sb) = (snapshot(&a), snapshot(&b));
    assert!(sa.len() > 1000, "the search index and pages are all there: {}", sa.len());
    let names_a: Vec<&String> = sa.iter().map(|(n, _)| n).collect();
    let names_b: Vec<&String> = sb.iter().map(|(n, _)| n).collect();
    assert_eq!(names_a, names_b, "the same files");
    for ((name, x), (_, y)) in sa.iter().zip(&sb) {
        assert!(x == y, "{name} differs between two builds");
    }
}
