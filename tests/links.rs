//! No dead internal link and no dangling fragment anywhere in the built site: every
//! `href` and `src` that points inside the site names a file that exists and, if it has a
//! `#fragment`, an element with that id in that file.

mod common;
use common::*;
use std::collections::{HashMap, HashSet};
use std::path::{Component, Path, PathBuf};

fn normalise(p: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for c in p.components() {
        match c {
            Component::ParentDir => {
                out.pop();
            }
            Component::CurDir => {}
            other => out.push(other),
        }
    }
    out
}

fn decode(s: &str) -> String {
    // the site's own URLs are ASCII slugs; decode %XX just in case
    let mut out = Vec::new();
    let b = s.as_bytes();
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'%' && i + 2 < b.len() {
            if let Ok(v) = u8::from_str_radix(&s[i + 1..i + 3], 16) {
                out.push(v);
                i += 3;
                continue;
            }
        }
        out.push(b[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

fn check_site(site: &Path) -> (usize, Vec<String>) {
    let pages: Vec<String> = files(site).into_iter().filter(|f| f.ends_with(".html")).collect();
    let mut ids: HashMap<String, HashSet<String>> = HashMap::new();
    let mut links: Vec<(String, String)> = Vec::new();
    let sel_ids = sel("[id]");
    let sel_links = sel("a[href], link[href], script[src], img[src]");
    for page in &pages {
        let doc = html(&site.join(page));
        ids.insert(page.clone(), doc.select(&sel_ids).filter_map(|e| e.value().id().map(str::to_string)).collect());
        for el in doc.select(&sel_links) {
            let v = el.value();
            let target = v.attr("href").or(v.attr("src")).unwrap_or_default().to_string();
            links.push((page.clone(), target));
        }
    }
    let mut problems = Vec::new();
    let mut checked = 0;
    for (page, target) in &links {
        if target.contains("://") || target.starts_with("mailto:") || target.starts_with("//") {
            continue;
        }
        if page == "404.html" {
            continue; // absolute links to base_url, served at any path
        }
        checked += 1;
        let (path, fragment) = match target.split_once('#') {
            Some((p, f)) => (p, Some(f)),
            None => (target.as_str(), None),
        };
        let file = if path.is_empty() {
            page.clone()
        } else {
            let base = Path::new(page).parent().unwrap_or(Path::new(""));
            normalise(&base.join(decode(path))).to_string_lossy().replace('\\', "/")
        };
        if !site.join(&file).is_file() {
            problems.push(format!("{page}: link to missing file `{target}`"));
            continue;
        }
        if let Some(f) = fragment {
            if f.is_empty() {
                continue;
            }
            match ids.get(&file) {
                Some(set) if set.contains(&decode(f)) => {}
                Some(_) => problems.push(format!("{page}: `{target}`: no element with id `{f}` in {file}")),
                None => problems.push(format!("{page}: `{target}`: fragment into a non-HTML file")),
            }
        }
    }
    (checked, problems)
}

#[test]
fn the_real_edition_has_no_dead_links_or_fragments() {
    let (checked, problems) = check_site(real_site());
    assert!(checked > 5000, "only {checked} links checked");
    assert!(
        problems.is_empty(),
        "{} dead links, e.g.:\n{}",
        problems.len(),
        problems.iter().take(20).cloned().collect::<Vec<_>>().join("\n")
    );
}

#[test]
fn the_fixture_edition_has_no_dead_links_or_fragments() {
    let out = temp_dir("links-minimal").join("output");
    build(&repo().join("tests/fixtures/minimal"), &out);
    let (checked, problems) = check_site(&out);
    assert!(checked > 20);
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn ids_are_unique_within_each_page() {
    let site = real_site();
    for page in files(site).into_iter().filter(|f| f.ends_with(".html")) {
        let doc = html(&site.join(&page));
        let mut seen = HashSet::new();
        for el in doc.select(&sel("[id]")) {
            let id = el.value().id().unwrap();
            assert!(seen.insert(id.to_string()), "{page}: duplicate id `{id}`");
        }
    }
}
