//! Pages that list the whole edition, each once: the timeline, the glossary, and the
//! back-of-book indexes of names, places and subjects.

use super::{chapter_url, EntityCard, Locator, Page, Site};
use crate::load::Content;
use crate::model::{Entity, EntityId, Kind};
use crate::render::dates::{capitalise, day_of_year, days_in_year};
use crate::render::graph::{event_sort_key, Graph};
use crate::render::markdown::render_fragment;
use crate::render::markup::Markup;
use serde::Serialize;
use std::collections::BTreeMap;

struct ChapterLocators {
    chapter: u32,
    paras: Vec<Locator>,
}

#[derive(Serialize)]
struct IndexEntry<'a> {
    card: &'a EntityCard,
    /// The entry's locators as HTML.
    locators: String,
}

#[derive(Serialize)]
struct LetterGroup<'a> {
    letter: String,
    entries: Vec<IndexEntry<'a>>,
}

fn locators(content: &Content, graph: &Graph, e: EntityId) -> Vec<ChapterLocators> {
    let mut out: Vec<ChapterLocators> = Vec::new();
    for o in &graph.occurrences[e] {
        let ch = &content.chapters[o.chapter];
        if out.last().is_none_or(|c| c.chapter != ch.meta.number) {
            out.push(ChapterLocators { chapter: ch.meta.number, paras: Vec::new() });
        }
        let cur = out.last_mut().expect("pushed above");
        let para = &ch.doc.paragraphs[o.para];
        if cur.paras.last().is_some_and(|l| l.para == para.number) {
            continue;
        }
        cur.paras.push(Locator { para: para.number, url: format!("{}#{}", chapter_url(ch), para.id) });
    }
    out
}

/// The locators of an index or glossary entry as HTML, from the theme's `marks/locator.html`
/// and `marks/locators.html` (an empty string if there are none): for each chapter, its
/// number and a link to each paragraph. `wrap` is true in the indexes, false in the
/// glossary. `root` leads from the page to the site root.
fn locators_html(locs: &[ChapterLocators], root: &str, wrap: bool, m: &Markup) -> String {
    let mut out = String::new();
    for (i, c) in locs.iter().enumerate() {
        let chapter = c.chapter.to_string();
        let mut inner = String::new();
        for (j, l) in c.paras.iter().enumerate() {
            let last = if j + 1 == c.paras.len() { "true" } else { "false" };
            inner.push_str(&m.render(
                "locator",
                &[last],
                &[&format!("{root}{}", l.url), &chapter, &l.para.to_string()],
            ));
        }
        let last = if i + 1 == locs.len() { "true" } else { "false" };
        out.push_str(&m.render("locators", &[if wrap { "true" } else { "false" }, last], &[&chapter, &inner]));
    }
    out
}

/// The letter an index entry files under: its sort name's first letter, accents removed.
fn letter(sort_name: &str) -> String {
    let slug = crate::model::slug::slugify(sort_name);
    match slug.chars().next() {
        Some(c) if c.is_ascii_alphabetic() => c.to_ascii_uppercase().to_string(),
        _ => "#".into(),
    }
}

fn index_groups<'a>(
    content: &Content,
    graph: &Graph,
    cards: &'a [EntityCard],
    members: impl Iterator<Item = EntityId>,
    page: &mut Page,
    m: &Markup,
) -> Vec<LetterGroup<'a>> {
    let root = super::root_prefix(&page.path);
    let mut entries: Vec<(String, EntityId)> =
        members.map(|i| (crate::model::slug::slugify(&cards[i].sort_name), i)).collect();
    entries.sort_by(|a, b| a.0.cmp(&b.0).then(cards[a.1].sort_name.cmp(&cards[b.1].sort_name)));
    // the locators, also set aside in the order the page shows them (`Page::verbatim`)
    let entries = entries.into_iter().map(|(_, i)| {
        let locators = locators_html(&locators(content, graph, i), &root, true, m);
        page.verbatim.push(locators.clone());
        IndexEntry { card: &cards[i], locators }
    });
    let mut groups: Vec<LetterGroup> = Vec::new();
    for entry in entries {
        let l = letter(&entry.card.sort_name);
        if groups.last().is_none_or(|g| g.letter != l) {
            groups.push(LetterGroup { letter: l, entries: Vec::new() });
        }
        groups.last_mut().expect("pushed above").entries.push(entry);
    }
    groups
}

#[derive(Serialize)]
struct TimelineEvent<'a> {
    card: &'a EntityCard,
    kind: String,
    approximate: bool,
    uncertain: bool,
    interval: bool,
    open_start: bool,
    open_end: bool,
    people: Vec<&'a EntityCard>,
    places: Vec<&'a EntityCard>,
    chapters: Vec<(u32, String)>,
    /// Position on the year strip, in percent of the year.
    left: f64,
    width: f64,
    filter: String,
}

#[derive(Serialize)]
struct MonthGroup<'a> {
    label: String,
    events: Vec<TimelineEvent<'a>>,
}

#[derive(Serialize)]
struct YearGroup<'a> {
    year: String,
    months: Vec<MonthGroup<'a>>,
    count: usize,
}

fn timeline<'a>(content: &Content, graph: &Graph, cards: &'a [EntityCard]) -> Vec<YearGroup<'a>> {
    let reg = &content.registry;
    // by year, then by month, with the events known only to a year, a season or a span of
    // months after the year's months (so no month is split), each group in date order
    let mut events: Vec<EntityId> = reg.of_kind(Kind::Event).collect();
    events.sort_by_key(|&e| {
        let entity = &reg.entities[e];
        let ym = match entity {
            Entity::Event(ev) => ev.date.as_ref().and_then(|d| d.year_month()),
            _ => None,
        };
        let (year, month) = ym.map_or((i32::MAX, 13), |(y, m)| (y, m.unwrap_or(13)));
        (year, month, event_sort_key(entity))
    });
    let mut years: Vec<YearGroup> = Vec::new();
    for e in events {
        let Entity::Event(ev) = &reg.entities[e] else { continue };
        let (year_number, month) = match ev.date.as_ref().and_then(|d| d.year_month()) {
            Some((y, m)) => (Some(y), m),
            None => (None, None),
        };
        let year = year_number.map_or_else(|| "Undated".to_string(), |y| y.to_string());
        let (lo, hi) = ev.date.as_ref().map_or((None, None), |d| d.bounds());
        let (left, width) = match (lo, hi) {
            (Some(a), Some(b)) if Some(a.year) == year_number => {
                let days = days_in_year(a.year);
                let start = day_of_year(a);
                let end = if b.year == a.year { day_of_year(b) + 1.0 } else { days };
                (start / days * 100.0, ((end - start) / days * 100.0).max(0.8))
            }
            (Some(a), None) => {
                let at = day_of_year(a) / days_in_year(a.year) * 100.0;
                (at, 100.0 - at)
            }
            _ => (0.0, 100.0),
        };
        let mut chapters: Vec<(u32, String)> = graph.occurrences[e]
            .iter()
            .map(|o| (content.chapters[o.chapter].meta.number, chapter_url(&content.chapters[o.chapter])))
            .collect();
        chapters.dedup();
        let people: Vec<&EntityCard> = ev.people.iter().filter_map(|id| reg.index_of(id)).map(|i| &cards[i]).collect();
        let places: Vec<&EntityCard> = ev.places.iter().filter_map(|id| reg.index_of(id)).map(|i| &cards[i]).collect();
        let kind = ev
            .kind
            .as_ref()
            .and_then(|k| serde_json::to_value(k).ok())
            .and_then(|v| v.as_str().map(str::to_string))
            .unwrap_or_else(|| "other".into());
        let filter = people
            .iter()
            .map(|c| format!("person:{}", c.id))
            .chain(places.iter().map(|c| format!("place:{}", c.id)))
            .chain(std::iter::once(format!("kind:{kind}")))
            .collect::<Vec<_>>()
            .join(" ");
        let date = ev.date.as_ref();
        let te = TimelineEvent {
            card: &cards[e],
            kind,
            approximate: date.is_some_and(|d| d.is_approximate()),
            uncertain: date.is_some_and(|d| d.is_uncertain()),
            interval: date.is_some_and(|d| d.is_interval()),
            open_start: date.is_some() && lo.is_none(),
            open_end: date.is_some() && hi.is_none(),
            people,
            places,
            chapters,
            left,
            width: width.min(100.0 - left),
            filter,
        };
        let month_label = match (month, date) {
            (Some(m), _) => format!("{} {year}", crate::model::edtf::month_name(m)),
            // a year, a season or a span of months, in words: "1928", "Spring 1928?", "1789–99"
            (None, Some(d)) => capitalise(&d.display()),
            (None, None) => "Date unknown".to_string(),
        };
        if years.last().is_none_or(|y| y.year != year) {
            years.push(YearGroup { year: year.clone(), months: Vec::new(), count: 0 });
        }
        let y = years.last_mut().expect("pushed above");
        y.count += 1;
        if y.months.last().is_none_or(|m| m.label != month_label) {
            y.months.push(MonthGroup { label: month_label, events: Vec::new() });
        }
        y.months.last_mut().expect("pushed above").events.push(te);
    }
    years
}

#[derive(Serialize)]
struct FilterOption {
    value: String,
    label: String,
}

#[derive(Serialize)]
struct GlossaryEntry<'a> {
    card: &'a EntityCard,
    kind: Option<String>,
    definition_html: String,
    /// The locators as HTML, or empty.
    locators: String,
}

/// The timeline, glossary, index and extra pages.
pub fn list_pages(site: Site, sink: &super::Sink) {
    let Site { content, graph, cards, markup: m, .. } = site;
    let reg = &content.registry;

    // timeline
    let years = timeline(content, graph, cards);
    let mut people_filter: BTreeMap<String, FilterOption> = BTreeMap::new();
    let mut place_filter: BTreeMap<String, FilterOption> = BTreeMap::new();
    let mut kinds: BTreeMap<String, usize> = BTreeMap::new();
    for y in &years {
        for m in &y.months {
            for e in &m.events {
                *kinds.entry(e.kind.clone()).or_insert(0) += 1;
                for p in &e.people {
                    people_filter
                        .entry(p.sort_name.clone())
                        .or_insert_with(|| FilterOption { value: format!("person:{}", p.id), label: p.name.clone() });
                }
                for p in &e.places {
                    place_filter
                        .entry(p.sort_name.clone())
                        .or_insert_with(|| FilterOption { value: format!("place:{}", p.id), label: p.name.clone() });
                }
            }
        }
    }
    let kind_filter: Vec<FilterOption> = kinds
        .into_iter()
        .map(|(k, n)| FilterOption { value: format!("kind:{k}"), label: format!("{k} ({n})") })
        .collect();
    sink(
        Page::new("timeline.html".into(), "timeline.html", "Timeline")
            .with("description", &format!("Every event of {} in date order", content.config.title))
            .with("years", &years)
            .with("filter_people", &people_filter.into_values().collect::<Vec<_>>())
            .with("filter_places", &place_filter.into_values().collect::<Vec<_>>())
            .with("filter_kinds", &kind_filter),
    );

    // glossary
    let mut terms: Vec<EntityId> = reg.of_kind(Kind::Term).collect();
    terms.sort_by_key(|&i| crate::model::slug::slugify(cards[i].sort_name.as_str()));
    let mut glossary: Vec<(String, Vec<GlossaryEntry>)> = Vec::new();
    let mut glossary_page = Page::new("glossary.html".into(), "glossary.html", "Glossary");
    for i in terms {
        let Entity::Term(t) = &reg.entities[i] else { continue };
        let l = letter(&t.term);
        if glossary.last().is_none_or(|g| g.0 != l) {
            glossary.push((l.clone(), Vec::new()));
        }
        let kind =
            t.kind.as_ref().and_then(|k| serde_json::to_value(k).ok()).and_then(|v| v.as_str().map(str::to_string));
        glossary.last_mut().expect("pushed above").1.push(GlossaryEntry {
            card: &cards[i],
            kind,
            definition_html: render_fragment(&t.definition, m),
            locators: {
                let html = locators_html(&locators(content, graph, i), "", false, m);
                glossary_page.verbatim.push(html.clone());
                html
            },
        });
    }
    let glossary: Vec<serde_json::Value> =
        glossary.into_iter().map(|(l, e)| serde_json::json!({"letter": l, "entries": e})).collect();
    sink(
        glossary_page
            .with("description", &format!("Terms, organisations and periodicals of {}", content.config.title))
            .with("groups", &glossary),
    );

    // indexes
    let specs: [(&str, &str, &str, Vec<Kind>); 3] = [
        ("index/names.html", "Index of names", "names", vec![Kind::Person]),
        ("index/places.html", "Index of places", "places", vec![Kind::Place]),
        ("index/subjects.html", "Index of subjects", "subjects", vec![Kind::Term, Kind::Event]),
    ];
    for (path, title, key, kinds) in specs {
        let members = reg.ids().filter(|&i| kinds.contains(&reg.entities[i].kind()));
        let mut page = Page::new(path.to_string(), "index-page.html", title);
        let groups = index_groups(content, graph, cards, members, &mut page, m);
        let letters: Vec<&str> = groups.iter().map(|g| g.letter.as_str()).collect();
        sink(
            page.with("description", &format!("{title} of {}, with locators to every paragraph", content.config.title))
                .with("groups", &groups)
                .with("letters", &letters)
                .with("index_key", &key),
        );
    }

    sink(
        Page::new("search.html".into(), "search.html", "Search")
            .with("description", &format!("Search {}", content.config.title)),
    );

    // extra pages (about, editing guide)
    for p in &content.pages {
        sink(
            Page::new(format!("{}.html", p.meta.slug), "page.html", &p.meta.title)
                .with("body_html", &render_fragment(&p.body, m)),
        );
    }
}
