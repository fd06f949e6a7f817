//! The cross-linked edition, on a small fixture (tests/fixtures/linked) where every count is
//! known: mention linking and its calm policy, overrides, emendations, editorial and author's
//! notes, entity pages with every mention in context, the timeline, glossary and indexes.

mod common;
use common::*;
use scraper::Html;
use std::path::PathBuf;
use std::sync::OnceLock;

fn site() -> &'static PathBuf {
    static SITE: OnceLock<PathBuf> = OnceLock::new();
    SITE.get_or_init(|| {
        let out = temp_dir("linked").join("output");
        build(&repo().join("tests/fixtures/linked"), &out);
        out
    })
}

fn page(p: &str) -> Html {
    html(&site().join(p))
}

fn texts(doc: &Html, selector: &str) -> Vec<String> {
    doc.select(&sel(selector)).map(|e| e.text().collect::<String>()).collect()
}

fn attrs(doc: &Html, selector: &str, attr: &str) -> Vec<String> {
    doc.select(&sel(selector)).filter_map(|e| e.value().attr(attr).map(str::to_string)).collect()
}

#[test]
fn the_first_mention_of_each_entity_per_paragraph_is_linked() {
    let doc = page("chapter/exile.html");
    let paras: Vec<_> = doc.select(&sel(".text > p")).collect();
    let links = |i: usize| -> Vec<(String, String)> {
        paras[i]
            .select(&sel("a.m"))
            .map(|a| (a.text().collect(), a.value().attr("data-e").unwrap().to_string()))
            .collect()
    };
    // ¶1: Trotsky (linked once, not "Trotsky’s", never "Trotskyists"), Alma-Ata, the event, Moscow
    assert_eq!(
        links(0),
        [("Trotsky", "trotsky"), ("Alma-Ata", "alma-ata"), ("January 1928", "deportation"), ("Moscow", "moscow")]
            .map(|(a, b)| (a.to_string(), b.to_string()))
    );
    // ¶2: "LD" is Trotsky's first mention there; the later "Trotsky" is not linked again
    assert_eq!(
        links(1),
        [("Rakovsky", "rakovsky"), ("LD", "trotsky"), ("Astrakhan", "astrakhan"), ("GPU", "gpu"), ("kulaks", "kulak")]
            .map(|(a, b)| (a.to_string(), b.to_string()))
    );
    assert_eq!(attrs(&doc, "a.m[data-e=trotsky]", "href")[0], "../person/trotsky.html");
    // glossary terms are DPUB-ARIA glossary references
    assert_eq!(attrs(&doc, "a.m[data-e=kulak]", "role"), ["doc-glossref"]);
    assert!(attrs(&doc, "a.m[data-e=rakovsky]", "role").is_empty());
}

#[test]
fn overrides_resolve_shared_forms() {
    let doc = page("chapter/exile.html");
    assert_eq!(attrs(&doc, "a.m[data-e=smirnov-ivan]", "href"), ["../person/smirnov-ivan.html"]);
    assert!(doc.select(&sel("a.m[data-e=smirnov-vladimir]")).next().is_none());
}

#[test]
fn emendations_show_the_correction_and_keep_the_printed_reading() {
    let doc = page("chapter/exile.html");
    let em = doc.select(&sel(".emend")).next().expect("an emendation");
    assert_eq!(em.select(&sel(".corr")).next().unwrap().text().collect::<String>(), "Joffe");
    assert_eq!(em.select(&sel(".sic")).next().unwrap().text().collect::<String>(), "Yoffe");
    assert!(em.text().collect::<String>().contains("The spelling used elsewhere"));
    // the corrected reading links to the person named
    assert_eq!(attrs(&doc, ".emend .corr a.m", "data-e"), ["joffe"]);
    let button = em.select(&sel("button.emark")).next().unwrap();
    let target = button.value().attr("popovertarget").unwrap();
    assert_eq!(em.select(&sel(&format!("[id='{target}'][popover]"))).count(), 1);
}

#[test]
fn editorial_notes_follow_their_quote_and_endnotes_get_texts_and_subjects() {
    let doc = page("chapter/exile.html");
    let p1 = doc.select(&sel(".text > p")).next().unwrap().html();
    let at = p1.find("weekly").unwrap();
    let mark = p1.find("class=\"ed-mark\"").unwrap();
    assert!(mark > at && mark < at + 40, "the note marker follows the quoted word: {p1}");
    assert_eq!(texts(&doc, ".sidenote"), ["a Roughly; the post was slow in winter."]);
    let note = doc.select(&sel("#fn-1")).next().unwrap();
    let text: String = note.text().collect();
    assert!(text.contains("Letters in the Trotsky archive."), "{text}");
    assert_eq!(note.select(&sel(".note-about a")).next().unwrap().value().attr("href"), Some("../person/trotsky.html"));
}

#[test]
fn chapter_pages_carry_popover_data_for_their_own_entities_only() {
    let doc = page("chapter/exile.html");
    let json = texts(&doc, "script#gloss-entities").remove(0);
    let data: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_eq!(data["trotsky"]["n"], "Leon Trotsky");
    assert_eq!(data["trotsky"]["d"], "1879–1940");
    assert_eq!(data["trotsky"]["s"], "Leader of the Left Opposition.");
    assert!(data.get("smirnov-vladimir").is_none(), "not linked from this chapter");
}

#[test]
fn chapters_show_a_small_timeline_of_their_events() {
    let doc = page("chapter/exile.html");
    assert_eq!(texts(&doc, ".chapter-timeline li a"), ["Trotsky deported to Alma-Ata"]);
}

#[test]
fn person_pages_show_facts_and_every_mention_in_context() {
    let doc = page("person/trotsky.html");
    assert_eq!(texts(&doc, "h1"), ["Leon Trotsky"]);
    let facts = texts(&doc, ".facts").remove(0);
    assert!(facts.contains("7 November 1879") && facts.contains("21 August 1940"), "{facts}");
    // the Old Style date after the Gregorian one, without the year when it is the same
    assert!(facts.contains("7 November 1879 (O.S. 26 October)"), "{facts}");
    assert_eq!(texts(&doc, ".facts .old-style"), ["(O.S. 26 October)"]);
    assert_eq!(attrs(&doc, ".facts a[href*=wikidata]", "href"), ["https://www.wikidata.org/wiki/Q33391"]);
    assert_eq!(texts(&doc, ".roles li"), ["People's Commissar for War (1918–25)"]);
    // four mentions: Trotsky, Trotsky’s (¶1), LD, Trotsky (¶2) -- not "Trotskyists"; the
    // mentions of one paragraph share a passage, each marked
    let marks = texts(&doc, ".kwic mark");
    assert_eq!(marks, ["Trotsky", "Trotsky", "LD", "Trotsky"]);
    let locs = attrs(&doc, ".kwic a.loc", "href");
    let ch = page("chapter/exile.html");
    let ids = attrs(&ch, ".text > p", "id");
    assert_eq!(locs, [format!("../chapter/exile.html#{}", ids[0]), format!("../chapter/exile.html#{}", ids[1])]);
    assert!(texts(&doc, ".kwic .ctx")[0].contains("Trotsky’s letters"));
    // co-mentions and events
    assert_eq!(
        texts(&doc, "#co-title + ul a"),
        ["Alma-Ata", "Rakovsky"]
            .map(String::from)
            .into_iter()
            .filter(|n| n != "Alma-Ata")
            .collect::<Vec<_>>()
            .iter()
            .map(|_| "Christian Rakovsky".to_string())
            .collect::<Vec<_>>()
    );
    assert_eq!(texts(&doc, "#events-title + ol a"), ["Trotsky deported to Alma-Ata", "A rumoured meeting"]);
    // structured data
    let ld: serde_json::Value = serde_json::from_str(&texts(&doc, "script[type='application/ld+json']")[0]).unwrap();
    assert_eq!(ld["@type"], "Person");
    assert_eq!(ld["sameAs"], "https://www.wikidata.org/wiki/Q33391");
    assert_eq!(ld["birthDate"], "1879-11-07");
}

#[test]
fn event_place_and_term_pages_follow_the_same_pattern() {
    let ev = page("event/deportation.html");
    let facts = texts(&ev, ".facts").remove(0);
    assert!(facts.contains("17 January 1928"), "{facts}");
    assert_eq!(attrs(&ev, ".facts a[href$='alma-ata.html']", "href"), ["../place/alma-ata.html"]);
    assert_eq!(texts(&ev, ".kwic mark"), ["January 1928"]);
    let place = page("place/alma-ata.html");
    assert!(texts(&place, ".facts").remove(0).contains("43.25, 76.95"));
    assert_eq!(texts(&place, "#events-title + ol a"), ["Trotsky deported to Alma-Ata"]);
    let term = page("term/kulak.html");
    assert!(texts(&term, ".body").remove(0).contains("A well-off peasant."));
    assert_eq!(texts(&term, "#see-title + ul a"), ["GPU"]);
    assert_eq!(texts(&term, ".kwic mark"), ["kulaks"]);
}

#[test]
fn the_timeline_orders_groups_and_marks_uncertain_dates() {
    let doc = page("timeline.html");
    assert_eq!(texts(&doc, ".tl-year h2"), ["1928 (2)"]);
    assert_eq!(texts(&doc, ".tl-year h3"), ["January 1928", "Spring 1928?"]);
    let events: Vec<_> = doc.select(&sel(".tl-event")).collect();
    assert_eq!(events.len(), 2);
    let classes = |i: usize| events[i].value().attr("class").unwrap().to_string();
    assert!(!classes(0).contains("uncertain"));
    assert!(classes(1).contains("uncertain"), "{}", classes(1));
    // the bar of 17 January starts near the left of its year
    let style = events[0].select(&sel(".bar")).next().unwrap().value().attr("style").unwrap().to_string();
    // day 16 of the leap year 1928 (366 days): 4.37 % of the strip
    assert!(style.contains("left:4.37%"), "{style}");
    assert!(events[1].value().attr("data-filter").unwrap().contains("person:rakovsky"));
}

#[test]
fn glossary_and_indexes_list_entries_with_locators() {
    let g = page("glossary.html");
    assert_eq!(texts(&g, "dl.glossary dt a"), ["GPU", "kulak"]);
    assert!(texts(&g, ".used").iter().all(|u| u.contains("1: 2")), "{:?}", texts(&g, ".used"));
    let names = page("index/names.html");
    assert_eq!(texts(&names, ".az a"), ["J", "R", "S", "T"]);
    assert_eq!(
        texts(&names, "a.entry"),
        [
            "Joffe, Adolph",
            "Rakovsky, Christian",
            "Smirnov, Ivan Nikitich",
            "Smirnov, Vladimir Mikhailovich",
            "Trotsky, Leon"
        ]
    );
    let trotsky = names.select(&sel(".index-list li")).next_back().unwrap();
    let locs: Vec<String> = trotsky.select(&sel(".locs a")).map(|a| a.text().collect()).collect();
    assert_eq!(locs, ["1", "2"], "one locator per paragraph, not per mention");
    let places = page("index/places.html");
    assert_eq!(texts(&places, "a.entry"), ["Alma-Ata", "Astrakhan", "Moscow"]);
    let subjects = page("index/subjects.html");
    assert_eq!(texts(&subjects, "a.entry"), ["A rumoured meeting", "GPU", "kulak", "Trotsky deported to Alma-Ata"]);
}

#[test]
fn no_page_carries_a_list_of_the_whole_site() {
    // chapter and entity pages must not embed the registers: output grows linearly
    for p in ["chapter/exile.html", "person/rakovsky.html"] {
        let doc = page(p);
        let all_links = attrs(&doc, "a", "href");
        assert!(!all_links.iter().any(|h| h.ends_with("smirnov-vladimir.html")), "{p} links to an unrelated entity");
    }
}

#[test]
fn coverage_lists_unlinked_names_until_they_are_linked_or_ignored() {
    let root = temp_dir("coverage").join("edition");
    copy_dir(&repo().join("tests/fixtures/linked"), &root);
    let report = |root: &std::path::Path| -> serde_json::Value {
        let run = gloss(&["coverage", "--root", root.to_str().unwrap(), "--format", "json"]);
        assert_eq!(run.code, 0, "{}", run.stderr);
        serde_json::from_str(&run.stdout).unwrap()
    };
    let r = report(&root);
    assert_eq!(r[0]["unlinked"], serde_json::json!([{"text": "Trotskyists", "paragraphs": [1]}]));
    assert_eq!(r[0]["mentions"]["person"], 8);
    assert_eq!(r[0]["linked_percent"], 91.7, "11 of 12 name words: \"Trotsky’s\" counts as the linked \"Trotsky\"");
    let side = root.join("content/chapters/01-exile.yaml");
    let text = std::fs::read_to_string(&side).unwrap() + "ignore: [Trotskyists]\n";
    std::fs::write(&side, text).unwrap();
    let r = report(&root);
    assert_eq!(r[0]["unlinked"], serde_json::json!([]));
    assert_eq!(r[0]["linked_percent"], 100.0);
}

/// The search index holds exactly the pages that opt in (chapters, entity pages), each once,
/// under its own URL: the build indexes the written pages in parallel, and a page left out
/// (or a list page let in) would change what readers find.
#[test]
fn the_search_index_holds_every_opted_in_page_once() {
    let out = site();
    let expected = opted_in(out);
    assert!(expected.iter().any(|u| u.starts_with("/chapter/")) && expected.iter().any(|u| u.starts_with("/person/")));
    assert_eq!(std::fs::read_to_string(out.join("pagefind/gloss-parts.json")).unwrap(), "[]", "one part");
    assert_eq!(indexed(out, "pagefind"), expected);
}

/// The pages that opt in to the search index, as Pagefind records their URLs.
fn opted_in(out: &std::path::Path) -> Vec<String> {
    let mut expected: Vec<String> = files(out)
        .into_iter()
        .filter(|f| f.ends_with(".html") && !f.starts_with("pagefind/"))
        .filter(|f| std::fs::read_to_string(out.join(f)).unwrap().contains("data-pagefind-body"))
        .map(|f| format!("/{f}"))
        .collect();
    expected.sort();
    expected
}

/// The URLs of the pages in the search bundle at `bundle` (not counting other parts).
fn indexed(out: &std::path::Path, bundle: &str) -> Vec<String> {
    use std::io::Read;
    let mut indexed = Vec::new();
    for f in files(out).into_iter().filter(|f| f.starts_with(&format!("{bundle}/fragment/"))) {
        let mut text = String::new();
        flate2::read::GzDecoder::new(std::fs::File::open(out.join(&f)).unwrap()).read_to_string(&mut text).unwrap();
        let json: serde_json::Value = serde_json::from_str(text.trim_start_matches("pagefind_dcd")).unwrap();
        indexed.push(json["url"].as_str().expect("a fragment has a url").to_string());
    }
    indexed.sort();
    indexed
}

/// With `search_part_kib` set low, the index comes in parts, each a whole Pagefind bundle
/// listed in `gloss-parts.json`; together they hold every opted-in page exactly once.
#[test]
fn a_search_index_in_parts_holds_every_page_once() {
    let out = build_fixture_with("linked-parts", "search_part_kib: 16");
    let listed: Vec<String> =
        serde_json::from_str(&std::fs::read_to_string(out.join("pagefind/gloss-parts.json")).unwrap()).unwrap();
    assert!(listed.len() >= 2, "several parts: {listed:?}");
    let mut all = indexed(&out, "pagefind");
    assert!(!all.is_empty());
    for (i, part) in listed.iter().enumerate() {
        assert_eq!(part, &format!("part-{}/", i + 2));
        let bundle = format!("pagefind/{}", part.trim_end_matches('/'));
        for f in ["pagefind.js", "pagefind-entry.json", "wasm.en.pagefind"] {
            assert!(out.join(&bundle).join(f).is_file(), "{bundle}/{f}");
        }
        let pages = indexed(&out, &bundle);
        assert!(!pages.is_empty(), "{bundle} holds pages");
        all.extend(pages);
    }
    all.sort();
    assert_eq!(all, opted_in(&out), "every page once (a page in two parts would show twice)");
}

/// Past `mentions_in_context`, an entity page lists the remaining mentions by paragraph
/// only: fewer snippets, but every mention still links to its paragraph, in order.
#[test]
fn mentions_past_the_limit_are_listed_by_paragraph() {
    let out = build_fixture_with("linked-limit", "mentions_in_context: 1");
    let mut limited_pages = 0;
    for f in
        files(site()).into_iter().filter(|f| ["person/", "place/", "event/", "term/"].iter().any(|k| f.starts_with(k)))
    {
        let full = page(&f);
        let all = attrs(&full, ".mentions .kwic .loc", "href");
        let cut = html(&out.join(&f));
        let shown = attrs(&cut, ".mentions .kwic .loc", "href");
        let listed = attrs(&cut, ".mentions .more-locs a", "href");
        assert_eq!(shown.len(), all.len().min(1), "{f}");
        assert_eq!([shown.clone(), listed.clone()].concat(), all, "{f}: every mention, in order");
        let note = texts(&cut, ".mentions .more-note");
        if all.len() > 1 {
            limited_pages += 1;
            // the mentions marked in the one passage shown, of all the page's mentions
            let (marked, total) = (texts(&cut, ".kwic mark").len(), texts(&full, ".kwic mark").len());
            assert!(marked >= 1 && marked < total, "{f}");
            assert_eq!(
                note,
                vec![format!("In context: the first {marked} of {total} mentions; the rest are listed by paragraph.")],
                "{f}"
            );
        } else {
            assert!(note.is_empty() && listed.is_empty(), "{f}");
        }
    }
    assert!(limited_pages >= 1, "the fixture has an entity mentioned in more than one passage");
}

/// `build --timings` names every stage and the time spent per kind of page: editors read it
/// to see where a slow build goes, and the benchmark (`benches/edition.rs`) parses it.
#[test]
fn build_timings_name_every_stage_and_kind_of_page() {
    let dir = temp_dir("linked-timings");
    let fixture = repo().join("tests/fixtures/linked");
    let out = dir.join("output");
    let run = gloss(&["build", "--timings", "--root", fixture.to_str().unwrap(), "--out", out.to_str().unwrap()]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let stages = run.stdout.lines().find(|l| l.starts_with("load ")).unwrap_or_else(|| panic!("{}", run.stdout));
    let names: Vec<&str> = stages.split(" · ").filter_map(|s| s.split_whitespace().next()).collect();
    assert_eq!(names, ["load", "validate", "link", "theme", "render", "search", "write"], "{stages}");
    for part in stages.split(" · ") {
        let ms = part.split_whitespace().nth(1).and_then(|n| n.parse::<f64>().ok());
        assert!(ms.is_some_and(|ms| ms >= 0.0) && part.ends_with(" ms"), "{part}");
    }
    let per = run
        .stdout
        .lines()
        .find_map(|l| l.strip_prefix("thread time per template: "))
        .unwrap_or_else(|| panic!("{}", run.stdout));
    for t in ["chapter.html", "entity.html", "index-page.html", "timeline.html"] {
        assert!(per.split(" · ").any(|p| p.starts_with(&format!("{t} ")) && p.ends_with(" ms")), "{t}: {per}");
    }
}

/// Build a copy of the fixture with `line` added to its `edition.yaml`; returns the output.
fn build_fixture_with(name: &str, line: &str) -> std::path::PathBuf {
    let dir = temp_dir(name);
    let root = dir.join("edition");
    copy_dir(&repo().join("tests/fixtures/linked"), &root);
    let config = std::fs::read_to_string(root.join("content/edition.yaml")).unwrap();
    std::fs::write(root.join("content/edition.yaml"), format!("{config}{line}\n")).unwrap();
    let out = dir.join("output");
    build(&root, &out);
    out
}
