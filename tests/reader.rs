//! The reader's apparatus on the real edition: corrections and regularisations told
//! apart, the readers' navigation, glossary pages, mentions in context without repeats,
//! canonical links only for a real address.

mod common;
use common::*;
use std::fs;

fn ids_in(doc: &scraper::Html, selector: &str, attr: &str) -> Vec<String> {
    doc.select(&sel(selector)).filter_map(|e| e.value().attr(attr).map(str::to_string)).collect()
}

#[test]
fn corrections_and_regularisations_are_marked_as_such() {
    let site = real_site();
    let (mut regularised, mut corrected) = (0, 0);
    for rel in ["chapter/the-united-opposition.html", "chapter/the-bolshevik-leninist-faction.html"] {
        let doc = html(&site.join(rel));
        for em in doc.select(&sel(".emend")) {
            let label: String = em.select(&sel(".em-label")).next().unwrap().text().collect();
            match em.value().attr("data-kind") {
                Some("regularisation") => {
                    assert!(em.value().has_class("emend-regularisation", scraper::CaseSensitivity::CaseSensitive));
                    assert!(label.starts_with("Regularised"), "{label}");
                    regularised += 1;
                }
                Some("correction") => {
                    assert!(label.starts_with("Corrected"), "{label}");
                    corrected += 1;
                }
                other => panic!("{rel}: an emendation of kind {other:?}"),
            }
        }
    }
    let mut in_sidecars = (0, 0);
    for side in ["01-the-united-opposition.yaml", "02-the-bolshevik-leninist-faction.yaml"] {
        let s: gloss::model::Sidecar =
            serde_yaml::from_str(&fs::read_to_string(repo().join("content/chapters").join(side)).unwrap()).unwrap();
        for e in &s.emendations {
            match e.kind {
                gloss::model::sidecar::EmendationKind::Regularisation => in_sidecars.0 += 1,
                gloss::model::sidecar::EmendationKind::Correction => in_sidecars.1 += 1,
            }
        }
    }
    assert_eq!((regularised, corrected), in_sidecars);
    assert!(regularised >= 20 && corrected >= 80, "{regularised} regularisations, {corrected} corrections");
}

#[test]
fn the_readers_navigation_leaves_out_the_editors_guide() {
    let site = real_site();
    for rel in ["index.html", "chapter/the-united-opposition.html", "about.html"] {
        let doc = html(&site.join(rel));
        let nav = ids_in(&doc, ".site-nav a", "href");
        assert!(nav.iter().any(|h| h.ends_with("about.html")), "{rel}: {nav:?}");
        assert!(!nav.iter().any(|h| h.ends_with("editing.html")), "{rel}: {nav:?}");
    }
    // the guide is still published, and the About page links to it
    assert!(site.join("editing.html").is_file());
    let about = html(&site.join("about.html"));
    assert!(ids_in(&about, "main a", "href").iter().any(|h| h == "editing.html"));
}

#[test]
fn a_glossary_page_gives_its_definition_once() {
    let doc = html(&real_site().join("term/thermidor.html"));
    let body: String = doc.select(&sel("article.entity")).next().unwrap().text().collect();
    let definition: String =
        doc.select(&sel("article.entity .body, article.entity .definition")).flat_map(|e| e.text()).collect();
    let first = definition.split(". ").next().unwrap().trim().to_string();
    assert!(first.len() > 20, "{definition}");
    assert_eq!(body.matches(first.as_str()).count(), 1, "the definition's first sentence is shown twice");
}

#[test]
fn no_two_mentions_in_context_repeat_one_passage() {
    // a second mention inside the passage already quoted is not quoted again
    let site = real_site();
    for rel in ["person/trotsky.html", "person/stalin.html", "person/zinoviev.html"] {
        let doc = html(&site.join(rel));
        let mut seen: Vec<(String, String)> = Vec::new();
        for li in doc.select(&sel(".kwic li")) {
            let href = li.select(&sel("a.loc")).next().unwrap().value().attr("href").unwrap().to_string();
            let text: String = li.select(&sel(".ctx")).next().unwrap().text().collect();
            let text = text.trim_matches('…').trim().to_string();
            for (h, t) in &seen {
                if *h == href {
                    // two snippets of one paragraph must not overlap: neither contains the other's start
                    let head: String = text.chars().take(25).collect();
                    assert!(!t.contains(&head), "{rel}: {href} quoted twice: “{t}” and “{text}”");
                }
            }
            seen.push((href, text));
        }
    }
}

#[test]
fn canonical_links_only_for_the_real_address_and_a_placeholder_is_warned_about() {
    // the edition's own configuration has no address yet: no canonical link, no warning
    let doc = html(&real_site().join("index.html"));
    assert_eq!(doc.select(&sel("link[rel=canonical], meta[property='og:url']")).count(), 0);
    // a real address given at build time: canonical links and og:url on every page
    let out = temp_dir("reader-canonical").join("output");
    let run = gloss(&[
        "build",
        "--root",
        repo().to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
        "--base-url",
        "https://broue.gloss.test/edition/",
    ]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let doc = html(&out.join("person/trotsky.html"));
    assert_eq!(ids_in(&doc, "link[rel=canonical]", "href"), ["https://broue.gloss.test/edition/person/trotsky.html"]);
    assert_eq!(
        ids_in(&doc, "meta[property='og:url']", "content"),
        ["https://broue.gloss.test/edition/person/trotsky.html"]
    );
    // a placeholder address in the configuration: a located warning, and no canonical link
    let root = temp_dir("reader-placeholder").join("edition");
    copy_dir(&repo().join("tests/fixtures/linked"), &root);
    let config = root.join("content/edition.yaml");
    let text = fs::read_to_string(&config).unwrap();
    let text: String = text.lines().filter(|l| !l.starts_with("base_url:")).map(|l| format!("{l}\n")).collect();
    fs::write(&config, format!("{text}base_url: \"https://example.org/edition/\"\n")).unwrap();
    let run = gloss(&["check", "--root", root.to_str().unwrap()]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stderr.contains("warning[placeholder-base-url]") && run.stderr.contains("content/edition.yaml:"),
        "{}",
        run.stderr
    );
    let out = root.parent().unwrap().join("output");
    build(&root, &out);
    assert_eq!(html(&out.join("index.html")).select(&sel("link[rel=canonical]")).count(), 0);
}

#[test]
fn readers_see_dates_in_words_never_edtf_codes() {
    let site = real_site();
    let edtf = regex_like_edtf;
    let mut pages = 0;
    for rel in files(site) {
        if !rel.ends_with(".html") || rel == "editing.html" || rel.starts_with("pagefind") {
            continue;
        }
        let doc = html(&site.join(&rel));
        let Some(main) = doc.select(&sel("main")).next() else { continue };
        let text: String = main.text().collect();
        if let Some(code) = edtf(&text) {
            panic!("{rel} shows the EDTF code “{code}” to readers");
        }
        pages += 1;
    }
    assert!(pages > 500);
    // the code stays in the page for machines
    let doc = html(&site.join("event/fifteenth-congress.html"));
    assert_eq!(ids_in(&doc, ".date[data-edtf]", "data-edtf").len(), 1);
}

/// An EDTF code as a reader should never see it: `1927-12-02`, `1928-07~`, `1927/1928`.
fn regex_like_edtf(text: &str) -> Option<String> {
    let b = text.as_bytes();
    for i in 0..b.len().saturating_sub(7) {
        let digits = |from: usize, n: usize| b.get(from..from + n).is_some_and(|s| s.iter().all(u8::is_ascii_digit));
        let boundary = i == 0 || !b[i - 1].is_ascii_alphanumeric();
        if boundary && digits(i, 4) {
            let no_digit_at = |at: usize| !b.get(at).is_some_and(u8::is_ascii_digit);
            let month = b.get(i + 4) == Some(&b'-') && digits(i + 5, 2) && no_digit_at(i + 7);
            let interval = b.get(i + 4) == Some(&b'/') && digits(i + 5, 4) && no_digit_at(i + 9);
            if month || interval {
                return Some(text[i..(i + 10).min(text.len())].to_string());
            }
        }
    }
    None
}

#[test]
fn the_timeline_never_splits_a_month() {
    let doc = html(&real_site().join("timeline.html"));
    let months: Vec<&str> = (1..=12).map(gloss::model::edtf::month_name).collect();
    let mut years = 0;
    for year in doc.select(&sel(".tl-year")) {
        years += 1;
        let labels: Vec<String> = year.select(&sel("h3")).map(|h| h.text().collect()).collect();
        // each label once in its year
        for (i, l) in labels.iter().enumerate() {
            assert!(!labels[i + 1..].contains(l), "“{l}” twice in one year: {labels:?}");
        }
        // the months in order, before anything dated only to the year, a season or a span
        let month_of = |l: &str| months.iter().position(|m| l.starts_with(m));
        let ranks: Vec<usize> = labels.iter().map(|l| month_of(l).unwrap_or(12)).collect();
        assert!(ranks.windows(2).all(|w| w[0] <= w[1]), "{labels:?}");
    }
    assert!(years > 10);
    // a span of years is labelled in words
    let all: Vec<String> = doc.select(&sel(".tl-year h3")).map(|h| h.text().collect()).collect();
    assert!(all.iter().any(|l| l == "1789–99"), "{all:?}");
}
