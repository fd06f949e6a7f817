//! Text fidelity: the chapter pages of the real edition show every word of the source
//! texts, in order, with nothing lost, added or altered; and every endnote marker of the
//! sources is a working two-way link.

mod common;
use common::*;
use scraper::{ElementRef, Node};

/// The text of the chapter body, leaving out what gloss adds around the author's words:
/// paragraph numbers, section links, note references (checked separately), editorial notes
/// and emendations' corrected readings and reasons. The printed reading of an emended
/// passage (`.sic`, one click away for readers) is kept: the source's words must all be
/// there.
fn body_text(el: ElementRef, out: &mut String) {
    for child in el.children() {
        match child.value() {
            Node::Text(t) => out.push_str(t),
            Node::Element(e) => {
                let skip = e.classes().any(|c| {
                    matches!(
                        c,
                        "pnum"
                            | "hlink"
                            | "noteref"
                            | "corr"
                            | "emark"
                            | "em-label"
                            | "em-reason"
                            | "ed-mark"
                            | "sidenote"
                    )
                });
                if !skip {
                    body_text(ElementRef::wrap(child).unwrap(), out);
                }
                if matches!(e.name(), "p" | "h2" | "h3" | "blockquote" | "li") {
                    out.push(' ');
                }
            }
            _ => {}
        }
    }
}

/// The words of a seed text with the author's `[n]` endnote markers removed, and the
/// number of markers.
fn seed_words(text: &str) -> (Vec<String>, usize) {
    let mut stripped = String::with_capacity(text.len());
    let mut markers = 0;
    let mut rest = text;
    while let Some(open) = rest.find('[') {
        stripped.push_str(&rest[..open]);
        let after = &rest[open + 1..];
        let digits = after.bytes().take_while(u8::is_ascii_digit).count();
        if digits > 0 && after[digits..].starts_with(']') {
            markers += 1;
            rest = &after[digits + 1..];
        } else {
            stripped.push('[');
            rest = after;
        }
    }
    stripped.push_str(rest);
    (stripped.split_whitespace().map(str::to_string).collect(), markers)
}

fn check_chapter(seed: &str, page: &str) {
    let source = std::fs::read_to_string(sources().join(seed)).expect("seed text");
    let (expected, marker_count) = seed_words(&source);
    let doc = html(&real_site().join(page));
    let text_el = doc.select(&sel("article .text")).next().expect("chapter body");
    let mut visible = String::new();
    body_text(text_el, &mut visible);
    let got: Vec<String> = visible.split_whitespace().map(str::to_string).collect();
    if got != expected {
        let first = got.iter().zip(&expected).position(|(a, b)| a != b).unwrap_or(got.len().min(expected.len()));
        panic!(
            "{page}: text differs from {seed} at word {first}:\n  page:   {:?}\n  source: {:?}\n(page has {} words, source {})",
            &got[first.saturating_sub(5)..(first + 8).min(got.len())],
            &expected[first.saturating_sub(5)..(first + 8).min(expected.len())],
            got.len(),
            expected.len()
        );
    }

    // Every marker is a note reference whose note exists and links back.
    let refs: Vec<_> = text_el.select(&sel("a[role=doc-noteref]")).collect();
    assert_eq!(refs.len(), marker_count, "{page}: every endnote marker is a note reference");
    let notes = doc.select(&sel("section[role=doc-endnotes]")).next().expect("endnote list");
    for r in &refs {
        let id = r.value().id().expect("note reference has an id for the back-link");
        let target = r.value().attr("href").unwrap().strip_prefix('#').unwrap();
        let note = notes
            .select(&sel(&format!("li[id='{target}']")))
            .next()
            .unwrap_or_else(|| panic!("{page}: note #{target} missing"));
        let back = note
            .select(&sel("a[role=doc-backlink]"))
            .find(|a| a.value().attr("href") == Some(&format!("#{id}")))
            .unwrap_or_else(|| panic!("{page}: note #{target} does not link back to #{id}"));
        assert!(back.value().attr("aria-label").is_some());
        // the printed number is shown
        let number = r.text().collect::<String>();
        assert!(number.chars().all(|c| c.is_ascii_digit()), "{number}");
    }
}

#[test]
fn chapter_1_shows_every_word_of_its_source_in_order() {
    check_chapter("broue-history-of-the-bolshevik-party-ch10.txt", "chapter/the-united-opposition.html");
}

#[test]
fn chapter_2_shows_every_word_of_its_source_in_order() {
    check_chapter("broue-trotsky-ch35.txt", "chapter/the-bolshevik-leninist-faction.html");
}

#[test]
fn duplicate_marker_numbers_have_distinct_working_anchors() {
    let doc = html(&real_site().join("chapter/the-united-opposition.html"));
    let refs: Vec<_> =
        doc.select(&sel("a[role=doc-noteref]")).filter(|a| a.text().collect::<String>() == "25").collect();
    assert_eq!(refs.len(), 2, "note number 25 is used twice in the source");
    let ids: Vec<_> = refs.iter().map(|a| a.value().id().unwrap()).collect();
    assert_ne!(ids[0], ids[1]);
    let targets: Vec<_> = refs.iter().map(|a| a.value().attr("href").unwrap()).collect();
    assert_ne!(targets[0], targets[1]);
}

#[test]
fn home_page_opens_both_chapters_with_credits() {
    let doc = html(&real_site().join("index.html"));
    let hrefs: Vec<_> =
        doc.select(&sel("nav#contents a.chapter-link")).map(|a| a.value().attr("href").unwrap().to_string()).collect();
    assert_eq!(hrefs, ["chapter/the-united-opposition.html", "chapter/the-bolshevik-leninist-faction.html"]);
    let text: String = doc.root_element().text().collect();
    assert!(text.contains("Pierre Broué"));
    assert!(text.contains("Ted Crawford"));
    // section headings of chapter 1 are in the table of contents
    assert!(doc.select(&sel("a[href='chapter/the-united-opposition.html#the-chinese-revolution']")).next().is_some());
}

#[test]
fn every_paragraph_has_a_unique_id_and_a_visible_permalink() {
    for page in ["chapter/the-united-opposition.html", "chapter/the-bolshevik-leninist-faction.html"] {
        let doc = html(&real_site().join(page));
        let mut seen = std::collections::HashSet::new();
        let paras: Vec<_> = doc.select(&sel("article .text p")).collect();
        assert!(paras.len() > 100, "{page}: {}", paras.len());
        for (i, p) in paras.iter().enumerate() {
            let id = p.value().id().unwrap_or_else(|| panic!("{page}: paragraph {} has no id", i + 1));
            assert!(seen.insert(id.to_string()), "{page}: duplicate id {id}");
            let link = p.select(&sel("a.pnum")).next().expect("permalink");
            assert_eq!(link.value().attr("href"), Some(format!("#{id}").as_str()));
            assert_eq!(link.text().collect::<String>(), (i + 1).to_string());
        }
    }
}
