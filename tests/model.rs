//! The one text model: each chapter is read once, so every view agrees on its paragraphs;
//! corrections are a layer that every view quoting the author shows; the markup woven into
//! the text comes from the theme; URLs and anchors stay as they were; exit codes follow the
//! kind of failure.

mod common;
use common::*;
use std::collections::{BTreeSet, HashMap};
use std::fs;
use std::path::Path;

fn ids_in(doc: &scraper::Html, selector: &str, attr: &str) -> Vec<String> {
    doc.select(&sel(selector)).filter_map(|e| e.value().attr(attr).map(str::to_string)).collect()
}

/// Every page path of a built site, and the paragraph, heading and note anchors of its
/// chapter pages, as `path#id` lines.
fn urls_and_anchors(site: &Path) -> Vec<String> {
    let mut out = Vec::new();
    for rel in files(site) {
        if !rel.ends_with(".html") || rel.starts_with("pagefind") {
            continue;
        }
        out.push(rel.clone());
        if rel.starts_with("chapter/") {
            let doc = html(&site.join(&rel));
            for e in doc.select(&sel(
                "p[id], h1[id], h2[id], h3[id], h4[id], h5[id], h6[id], li[id], a[id], sup[id], section[id]",
            )) {
                let id = e.value().attr("id").unwrap();
                let heading = e.value().name().starts_with('h');
                if heading || ["p-", "fn-", "fnref-"].iter().any(|p| id.starts_with(p)) {
                    out.push(format!("{rel}#{id}"));
                }
            }
        }
    }
    out.sort();
    out
}

#[test]
fn urls_and_anchors_are_those_of_the_edition_before_the_text_model() {
    // tests/fixtures/urls-and-anchors.txt was written from a build of this edition by gloss
    // before chapters were read once (one slug function, one paragraph reading)
    let expected: Vec<String> = fs::read_to_string(repo().join("tests/fixtures/urls-and-anchors.txt"))
        .unwrap()
        .lines()
        .map(str::to_string)
        .collect();
    let now = urls_and_anchors(real_site());
    let missing: Vec<_> = expected.iter().filter(|u| !now.contains(u)).collect();
    let added: Vec<_> = now.iter().filter(|u| !expected.contains(u)).collect();
    assert!(missing.is_empty() && added.is_empty(), "missing: {missing:?}\nnew: {added:?}");
    assert!(expected.iter().filter(|u| u.contains("#p-")).count() > 200);
}

#[test]
fn every_view_uses_the_paragraph_ids_of_the_chapter_pages() {
    let site = real_site();
    let mut chapter_ids: HashMap<String, BTreeSet<String>> = HashMap::new();
    for rel in files(site).into_iter().filter(|r| r.starts_with("chapter/") && r.ends_with(".html")) {
        let doc = html(&site.join(&rel));
        chapter_ids.insert(rel, ids_in(&doc, ".text p[id]", "id").into_iter().collect());
    }
    // the model's own reading gives the same ids, in the same order, as the pages
    for ch in fs::read_dir(repo().join("content/chapters")).unwrap().map(|e| e.unwrap().path()) {
        if ch.extension().is_none_or(|x| x != "md") {
            continue;
        }
        let text = fs::read_to_string(&ch).unwrap();
        let (front, body, _) = gloss::load::chapters::split_front_matter(&text).unwrap();
        let slug = front.lines().find_map(|l| l.strip_prefix("slug:")).unwrap().trim().trim_matches('"');
        let doc = gloss::model::document::Document::parse(body, 100).unwrap();
        let page = html(&site.join(format!("chapter/{slug}.html")));
        let on_page = ids_in(&page, ".text p[id]", "id");
        let in_model: Vec<String> = doc.paragraphs.iter().map(|p| p.id.clone()).collect();
        assert_eq!(on_page, in_model, "{slug}");
    }
    // index locators and mentions in context point at ids the chapter pages have
    let mut checked = 0;
    for rel in files(site).into_iter().filter(|r| r.ends_with(".html") && !r.starts_with("chapter/")) {
        let doc = html(&site.join(&rel));
        for href in ids_in(&doc, ".locs a, .kwic a.loc, .more-locs a, .used a", "href") {
            let href = href.trim_start_matches("../");
            let Some((page, id)) = href.split_once('#') else { continue };
            let ids = chapter_ids.get(page).unwrap_or_else(|| panic!("{rel}: {href} is not a chapter"));
            assert!(ids.contains(id), "{rel}: {href} names no paragraph of {page}");
            checked += 1;
        }
    }
    assert!(checked > 2000, "only {checked} locators checked");
}

fn has_class(e: &scraper::node::Element, c: &str) -> bool {
    e.has_class(c, scraper::CaseSensitivity::CaseSensitive)
}

fn squash(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// A paragraph of a chapter page as a reader reads it (corrected words, no paragraph
/// number, popovers, note marks or editorial notes), whitespace squashed, with where each
/// emendation's corrected words are in it and the printed words.
struct PageReading {
    text: String,
    emended: Vec<(usize, usize, String, String)>,
}

fn page_readings(site: &Path) -> HashMap<String, PageReading> {
    let skip = ["pnum", "emnote", "emark", "sidenote", "ed-mark", "noteref"];
    let mut out = HashMap::new();
    for rel in files(site).into_iter().filter(|r| r.starts_with("chapter/") && r.ends_with(".html")) {
        let doc = html(&site.join(&rel));
        for p in doc.select(&sel(".text p[id]")) {
            let mut raw = String::new();
            let mut emended = Vec::new();
            for em in p.select(&sel(".emend")) {
                let corr: String = em.select(&sel(".corr")).next().unwrap().text().collect();
                let sic: String = em.select(&sel(".sic")).next().unwrap().text().collect();
                emended.push((em.id(), corr, sic));
            }
            let mut spans = Vec::new();
            for node in p.descendants() {
                let Some(t) = node.value().as_text() else { continue };
                let mut excluded = false;
                let mut in_emend = None;
                for a in node.ancestors() {
                    if a.id() == p.id() {
                        break;
                    }
                    if let Some(e) = a.value().as_element() {
                        excluded |= skip.iter().any(|c| has_class(e, c)) || e.name() == "input";
                        if has_class(e, "emend") {
                            in_emend = Some(a.id());
                        }
                    }
                }
                if excluded {
                    continue;
                }
                let start = raw.len();
                raw.push_str(t);
                if let Some(id) = in_emend {
                    spans.push((id, start, raw.len()));
                }
            }
            // squash whitespace, mapping offsets
            let mut text = String::new();
            let mut map = vec![0; raw.len() + 1];
            let mut last_space = true;
            for (i, c) in raw.char_indices() {
                map[i] = text.len();
                if c.is_whitespace() {
                    if !last_space {
                        text.push(' ');
                    }
                    last_space = true;
                } else {
                    text.push(c);
                    last_space = false;
                }
            }
            map[raw.len()] = text.len();
            let emended = emended
                .into_iter()
                .filter_map(|(id, corr, sic)| {
                    let mine: Vec<_> = spans.iter().filter(|s| s.0 == id).collect();
                    let (s, e) = (mine.first()?.1, mine.last()?.2);
                    Some((map[s], map[e], corr, sic))
                })
                .collect();
            out.insert(p.value().attr("id").unwrap().to_string(), PageReading { text, emended });
        }
    }
    out
}

#[test]
fn mentions_in_context_quote_the_corrected_reading_with_the_printed_words() {
    let site = real_site();
    let readings = page_readings(site);
    // the sidecars' emendations all reached the pages
    let sidecar_count: usize = fs::read_dir(repo().join("content/chapters"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "yaml"))
        .map(|p| {
            let s: gloss::model::Sidecar = serde_yaml::from_str(&fs::read_to_string(p).unwrap()).unwrap();
            s.emendations.len()
        })
        .sum();
    assert_eq!(readings.values().map(|r| r.emended.len()).sum::<usize>(), sidecar_count);

    let (mut covering, mut snippets) = (0, 0);
    for rel in files(site).into_iter().filter(|r| r.ends_with(".html") && !r.starts_with("chapter/")) {
        let doc = html(&site.join(&rel));
        for li in doc.select(&sel(".kwic li")) {
            snippets += 1;
            let href = li.select(&sel("a.loc")).next().unwrap().value().attr("href").unwrap();
            let id = href.rsplit_once('#').unwrap().1;
            let para = &readings[id];
            if para.emended.is_empty() {
                continue;
            }
            let ctx = li.select(&sel(".ctx")).next().unwrap();
            // the snippet as a reader sees it, without the printed words given beside corrections
            let shown: String = ctx
                .descendants()
                .filter_map(|n| n.value().as_text().map(|t| (n, t)))
                .filter(|(n, _)| {
                    !n.ancestors().any(|a| a.value().as_element().is_some_and(|e| has_class(e, "printed")))
                })
                .map(|(_, t)| t.to_string())
                .collect();
            let shown = squash(shown.trim_matches('…'));
            let at = para.text.find(&shown).unwrap_or_else(|| panic!("{rel}: “{shown}” is not in paragraph {id}"));
            // the corrected words shown (pieces joined) and the printed words given beside them
            let corrected =
                squash(&ctx.select(&sel("ins.emended")).map(|i| i.text().collect::<String>()).collect::<String>());
            let printed: Vec<String> = ctx.select(&sel(".printed")).map(|e| e.text().collect()).collect();
            for (start, end, corr, sic) in &para.emended {
                // first: does the emended span lie inside the snippet?
                if !(*start >= at && *end <= at + shown.len()) {
                    continue;
                }
                covering += 1;
                // then: the snippet shows the corrected reading, marked, with the printed one
                assert_eq!(&para.text[*start..*end], squash(corr));
                assert!(
                    corrected.contains(&squash(corr)) && printed.iter().any(|p| p.contains(sic.trim())),
                    "{rel}: the snippet “{shown}” shows “{corr}” without marking it as corrected from “{sic}”: {corrected:?} {printed:?}"
                );
            }
        }
    }
    assert!(snippets > 1000, "{snippets} snippets");
    assert!(covering >= 10, "only {covering} snippets cover an emendation");
    // the example: Alma-Ata's page quotes the corrected date
    let alma = fs::read_to_string(site.join("place/alma-ata.html")).unwrap();
    assert!(!alma.contains("January 17, 1925"), "the printed date stands alone on place/alma-ata.html");
}

#[test]
fn a_theme_restyles_every_mark() {
    let root = temp_dir("theme-marks").join("edition");
    copy_dir(&repo().join("tests/fixtures/linked"), &root);
    let marks = root.join("themes/default/templates/marks");
    fs::create_dir_all(&marks).unwrap();
    fs::write(
        marks.join("mention.html"),
        "<b class=\"who-{{ kind }}\" data-href=\"{{ href }}\">{{ content | safe }}</b>",
    )
    .unwrap();
    fs::write(
        marks.join("emendation.html"),
        "<ins class=\"fix\" title=\"{{ reason }}\">{{ corr_html | safe }}</ins><del class=\"was\">{{ content | safe }}</del>",
    )
    .unwrap();
    fs::write(
        marks.join("paragraph.html"),
        "<p id=\"{{ id }}\" class=\"para\" data-n=\"{{ number }}\">{{ content | safe }}</p>",
    )
    .unwrap();
    fs::write(
        marks.join("locator.html"),
        "<a class=\"loc-x\" href=\"{{ href }}\">§{{ para }}</a>{% if not last %} {% endif %}",
    )
    .unwrap();
    let out = root.parent().unwrap().join("output");
    build(&root, &out);

    let chapter = fs::read_to_string(out.join("chapter/exile.html")).unwrap();
    let doc = scraper::Html::parse_document(&chapter);
    assert!(doc.select(&sel("b.who-person[data-href]")).count() >= 1, "mention not restyled");
    assert!(doc.select(&sel("ins.fix + del.was")).count() >= 1, "emendation not restyled");
    assert!(doc.select(&sel(".text p.para[data-n='1']")).count() == 1, "paragraph not restyled");
    for builtin in ["a.m", ".pnum", ".emark", ".emend", ".emnote"] {
        assert_eq!(doc.select(&sel(builtin)).count(), 0, "built-in markup `{builtin}` is still in the chapter page");
    }
    let index = fs::read_to_string(out.join("index/names.html")).unwrap();
    assert!(index.contains("loc-x") && index.contains('§'), "locators not restyled");
    assert!(!index.contains("aria-label=\"chapter 1, paragraph"), "built-in locator markup remains");
    // the restyled site is still valid: every paragraph keeps its id and the popover data
    let doc = html(&out.join("chapter/exile.html"));
    assert!(doc.select(&sel("p.para[id^=p-]")).count() >= 3);
}

#[test]
fn exit_codes_follow_the_kind_of_failure() {
    // an unreadable content file: a folder stands where the configuration file should be
    let root = temp_dir("exit-io").join("edition");
    copy_dir(&repo().join("tests/fixtures/linked"), &root);
    fs::remove_file(root.join("content/edition.yaml")).unwrap();
    fs::create_dir(root.join("content/edition.yaml")).unwrap();
    let out = root.parent().unwrap().join("output");
    for cmd in ["build", "check"] {
        let mut args = vec![cmd, "--root", root.to_str().unwrap()];
        if cmd == "build" {
            args.extend(["--out", out.to_str().unwrap()]);
        }
        let run = gloss(&args);
        assert_eq!(run.code, 2, "{cmd}: {}", run.stderr);
        assert!(run.stderr.contains("edition.yaml") && run.stderr.contains("folder"), "{}", run.stderr);
    }
    // a problem in the content: exit 1
    let root = temp_dir("exit-input").join("edition");
    copy_dir(&repo().join("tests/fixtures/linked"), &root);
    let side = root.join("content/chapters/01-exile.yaml");
    let text = fs::read_to_string(&side).unwrap().replace("quote: weekly", "quote: never in the text");
    fs::write(&side, text).unwrap();
    for cmd in ["build", "check"] {
        let out = root.parent().unwrap().join("output");
        let mut args = vec![cmd, "--root", root.to_str().unwrap()];
        if cmd == "build" {
            args.extend(["--out", out.to_str().unwrap()]);
        }
        let run = gloss(&args);
        assert_eq!(run.code, 1, "{cmd}: {}", run.stderr);
        assert!(run.stderr.contains("quote-not-found"), "{}", run.stderr);
    }
}
