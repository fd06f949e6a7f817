//! The author's endnotes: the texts found in the published sources (see "The author's
//! notes" on the About page) stay in the chapter files, each under its own marker, and every
//! note with a text is rendered as that text, never as the "not included" message.

mod common;
use common::*;

/// The chapters, their pages and how many of their footnote definitions have a text.
/// Chapter 1: all 82 markers (81 notes in the source; the second "79" shows note 79 again).
/// Chapter 2: all 142 markers (notes 2 to 143; note 1 belongs to the chapter title).
const CHAPTERS: [(&str, &str, usize, usize); 2] = [
    ("content/chapters/01-the-united-opposition.md", "chapter/the-united-opposition.html", 82, 82),
    ("content/chapters/02-the-bolshevik-leninist-faction.md", "chapter/the-bolshevik-leninist-faction.html", 142, 142),
];

/// The footnote definitions of a chapter file: (label, text).
fn definitions(file: &str) -> Vec<(String, String)> {
    let text = std::fs::read_to_string(repo().join(file)).unwrap();
    text.lines()
        .filter_map(|l| {
            let rest = l.strip_prefix("[^")?;
            let (label, body) = rest.split_once("]: ")?;
            Some((label.to_string(), body.trim().to_string()))
        })
        .collect()
}

#[test]
fn every_chapter_keeps_the_note_texts_found_in_its_sources() {
    for (file, _, markers, with_text) in CHAPTERS {
        let defs = definitions(file);
        assert_eq!(defs.len(), markers, "{file}: one definition per marker");
        let found = defs.iter().filter(|(_, t)| t != "—" && !t.is_empty()).count();
        assert_eq!(found, with_text, "{file}: notes with a text (a note text was lost or added)");
    }
}

#[test]
fn every_note_with_a_text_is_rendered_as_that_text() {
    for (file, page, _, with_text) in CHAPTERS {
        let defs = definitions(file);
        let doc = html(&real_site().join(page));
        let list = doc.select(&sel("section[role=doc-endnotes]")).next().expect("endnote list");
        let mut rendered = 0;
        for (label, text) in &defs {
            let li = list
                .select(&sel(&format!("li[id='fn-{label}']")))
                .next()
                .unwrap_or_else(|| panic!("{page}: note {label} missing from the list"));
            let shown: String = li.text().collect();
            if text == "—" {
                continue;
            }
            rendered += 1;
            assert!(li.select(&sel(".note-missing")).next().is_none(), "{page}: note {label} shown as missing");
            assert!(!shown.contains("not included"), "{page}: note {label}: {shown}");
            assert!(li.select(&sel(".note-text")).next().is_some(), "{page}: note {label} has no text: {shown}");
        }
        assert_eq!(rendered, with_text, "{page}");
    }
}

#[test]
fn duplicated_markers_carry_the_note_that_stands_at_their_place() {
    let note = |page: &str, id: &str| -> String {
        let doc = html(&real_site().join(page));
        let li = doc.select(&sel(&format!("li[id='{id}']"))).next().unwrap_or_else(|| panic!("{page}: #{id}"));
        li.select(&sel(".note-text")).next().map(|t| t.text().collect()).unwrap_or_default()
    };
    let ch1 = "chapter/the-united-opposition.html";
    // the second printed "25" stands where note 28 belongs
    assert!(note(ch1, "fn-25").contains("2245–2270"));
    assert!(note(ch1, "fn-25-2").contains("2176–2315"));
    // the source links both printed "79"s to note 79
    assert!(note(ch1, "fn-79").contains("January 11, 1925, p. 53"));
    assert!(note(ch1, "fn-79-2").contains("January 11, 1925, p. 53"));
    assert!(note(ch1, "fn-80").contains("p. 216"));
    // chapter 2 starts at 2; the numbers follow the translation's
    let ch2 = "chapter/the-bolshevik-leninist-faction.html";
    assert!(note(ch2, "fn-2").contains("Sosnovsky"));
    assert!(note(ch2, "fn-13").contains("B.M. Eltsin"));
    assert!(note(ch2, "fn-143").contains("The Bukharin Group and the Right Deviation"));
}
