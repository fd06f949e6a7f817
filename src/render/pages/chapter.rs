//! The home page (title page and table of contents) and the chapter pages.

use super::{chapter_url, EntityCard, Page, Site};
use crate::model::ChapterId;
use crate::render::decorate::decorate;
use crate::render::markdown::{self, Note, Section};
use serde::Serialize;
use std::collections::BTreeMap;

#[derive(Serialize)]
struct ChapterLink<'a> {
    title: &'a str,
    number: u32,
    original_chapter: Option<&'a str>,
    url: String,
    sections: Vec<Section>,
}

#[derive(Serialize)]
struct ChapterData<'a> {
    title: &'a str,
    number: u32,
    slug: &'a str,
    original_chapter: Option<&'a str>,
    source: Option<&'a str>,
    translation: Option<&'a str>,
    html: String,
    sections: Vec<Section>,
    notes: Vec<Note>,
    paragraph_count: usize,
    events: Vec<&'a EntityCard>,
    emendation_count: usize,
    editorial_note_count: usize,
}

/// Popover data for the entities a chapter links to: id → name, dates, summary, kind, URL.
#[derive(Serialize)]
struct PopoverEntry<'a> {
    n: &'a str,
    d: Option<&'a str>,
    s: &'a str,
    k: &'a str,
    u: &'a str,
}

/// JSON for a `<script type="application/json">` element: every `<` is escaped (`\u003c`,
/// only ever inside JSON strings), so the text can neither close the element (`</script`)
/// nor make the HTML parser skip its real end tag (`<!--<script>`).
pub fn script_json(value: &impl Serialize) -> String {
    serde_json::to_string(value).unwrap_or_else(|_| "{}".into()).replace('<', "\\u003c")
}

fn without_sections<'a>(l: &ChapterLink<'a>) -> ChapterLink<'a> {
    ChapterLink {
        title: l.title,
        number: l.number,
        original_chapter: l.original_chapter,
        url: l.url.clone(),
        sections: Vec::new(),
    }
}

/// The chapter pages, each handed to `sink` as soon as it is built, then the home page
/// (whose table of contents lists every chapter's sections).
pub fn chapter_pages(site: Site, sink: &super::Sink) {
    let content = site.content;
    use rayon::prelude::*;
    let mut links: Vec<ChapterLink> = content
        .chapters
        .iter()
        .map(|ch| ChapterLink {
            title: &ch.meta.title,
            number: ch.meta.number,
            original_chapter: ch.meta.original_chapter.as_deref(),
            url: chapter_url(ch),
            sections: Vec::new(),
        })
        .collect();
    let sections: Vec<Vec<Section>> = (0..content.chapters.len())
        .into_par_iter()
        .map(|i| {
            let (page, sections) = chapter_page(site, &links, ChapterId::new(i));
            sink(page);
            sections
        })
        .collect();
    for (link, s) in links.iter_mut().zip(sections) {
        link.sections = s;
    }
    sink(Page::new("index.html".into(), "index.html", &content.config.title).with("chapters", &links));
}

/// The page of chapter `i`, and its sections (for the table of contents).
fn chapter_page(site: Site, links: &[ChapterLink], i: ChapterId) -> (Page, Vec<Section>) {
    let Site { content, linked, graph, cards, markup } = site;
    let started = std::time::Instant::now();
    let reg = &content.registry;
    let root = "../";
    let (ch, side, lc) = (&content.chapters[i], &content.sidecars[i], &linked.chapters[i]);
    let dec = decorate(lc, &ch.doc, &side.sidecar, reg, root, markup);
    let mut r = markdown::render_document(&ch.doc, &dec.paragraphs, markup);
    // endnote texts and subjects from the sidecar
    for note in &mut r.notes {
        if let Some(&i) = lc.endnotes.get(&note.label) {
            let item = &side.sidecar.endnotes[i];
            if let Some(t) = &item.text {
                note.html = Some(markdown::render_fragment(t, markup));
            }
            if let Some(e) = item.about.as_deref().and_then(|id| reg.get(id)) {
                let link = format!(
                    "<p class=\"note-about\">About: <a href=\"{root}{}\">{}</a></p>",
                    e.url(),
                    markdown::escape(e.label())
                );
                note.html = Some(note.html.take().unwrap_or_default() + &link);
            }
        }
    }
    let popovers: BTreeMap<&str, PopoverEntry> = dec
        .linked
        .iter()
        .map(|&e| {
            let c = &cards[e];
            (c.id.as_str(), PopoverEntry { n: &c.name, d: c.dates.as_deref(), s: &c.summary, k: c.kind, u: &c.url })
        })
        .collect();
    let mut page = Page::new(chapter_url(ch), "chapter.html", &ch.meta.title);
    page.started = started;
    let sections = r.sections.clone();
    let data = ChapterData {
        title: &ch.meta.title,
        number: ch.meta.number,
        slug: &ch.meta.slug,
        original_chapter: ch.meta.original_chapter.as_deref(),
        source: ch.meta.source.as_deref(),
        translation: ch.meta.translation.as_deref(),
        paragraph_count: r.paragraphs.len(),
        html: {
            page.verbatim.push(r.html.clone());
            r.html
        },
        sections: r.sections,
        notes: r.notes,
        events: graph.chapter_events[i].iter().map(|&e| &cards[e]).collect(),
        emendation_count: side.sidecar.emendations.len(),
        editorial_note_count: side.sidecar.notes.len(),
    };
    let cfg = &content.config;
    let mut cite = String::new();
    if !cfg.authors.is_empty() {
        cite.push_str(&cfg.authors.join(", "));
        cite.push_str(", ");
    }
    cite.push_str(&format!("“{}”, chapter {} of {}", ch.meta.title, ch.meta.number, cfg.title));
    if !cfg.editors.is_empty() {
        cite.push_str(&format!(", ed. {}", cfg.editors.join(", ")));
    }
    let description = format!("Chapter {}: {} · {}", ch.meta.number, ch.meta.title, cfg.title);
    let page = page
        .with("description", &description)
        .with("cite", &cite)
        .with("chapter", &data)
        .with("popover_json", &script_json(&popovers))
        .with("prev", &i.index().checked_sub(1).map(|j| without_sections(&links[j])))
        .with("next", &links.get(i.index() + 1).map(without_sections));
    (page, sections)
}
