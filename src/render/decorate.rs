//! Turning a linked chapter into marks to weave: mention links (the calm policy: the first
//! mention of each entity in a paragraph is a visible link, the others stay plain text but
//! are all counted for the indexes), emendations (the corrected reading shown, the printed
//! reading and the reason one click away) and editorial notes (a marker after the quoted
//! words; the note beside the text on wide screens, expandable on narrow ones).
//!
//! A mention inside the text of a link (or an image description) is counted but never made
//! a link itself; the first mention of the entity outside links is linked instead.

use super::markdown::escape;
use super::markup::Markup;
use super::weave::{Mark, ParaMarks};
use crate::link::reading::Emended;
use crate::link::LinkedChapter;
use crate::load::registry::Registry;
use crate::model::document::Document;
use crate::model::{Entity, EntityId, Sidecar};
use std::collections::{BTreeSet, HashMap};

/// The marks for every paragraph of a chapter, and the entities it links to (for the
/// page's popover data).
pub struct Decorated {
    /// Per paragraph.
    pub paragraphs: Vec<ParaMarks>,
    /// Registry indices of the entities linked from the page.
    pub linked: BTreeSet<EntityId>,
}

/// Letters for editorial note markers: a, b, ..., z, aa, ab, ...
pub fn note_letter(mut n: usize) -> String {
    let mut s = Vec::new();
    loop {
        s.push(b'a' + (n % 26) as u8);
        if n < 26 {
            break;
        }
        n = n / 26 - 1;
    }
    s.reverse();
    String::from_utf8(s).unwrap_or_default()
}

/// The markup around a mention of `e`, from a page `root` away from the site root.
pub fn entity_link(m: &Markup, e: &Entity, root: &str) -> (String, String) {
    m.wrap("mention", &[e.kind().noun()], &[&format!("{root}{}", e.url()), e.id(), ""])
}

/// Build the marks for a chapter. Mentions are found in the corrected reading; their marks
/// are placed in the printed text the page's events carry: a mention inside corrected words
/// links the corrected reading, a mention containing corrected words links the words around
/// them and the corrected reading.
pub fn decorate(
    linked: &LinkedChapter,
    doc: &Document,
    sidecar: &Sidecar,
    reg: &Registry,
    root: &str,
    markup: &Markup,
) -> Decorated {
    let n = doc.paragraphs.len();
    let mut paragraphs: Vec<ParaMarks> = vec![ParaMarks::default(); n];
    let mut linked_entities = BTreeSet::new();
    // emendation index → the entity its corrected reading names
    let mut corr_links: HashMap<usize, EntityId> = HashMap::new();

    for (para, mentions) in linked.mentions.iter().enumerate() {
        let marks = &mut paragraphs[para];
        let (text, reading) = (&doc.paragraphs[para], &linked.readings[para]);
        let mut seen = BTreeSet::new();
        for m in mentions {
            if seen.contains(&m.entity) {
                continue;
            }
            let printed = (reading.to_printed(m.start, false), reading.to_printed(m.end, true));
            if text.in_link(printed.0, printed.1) {
                continue;
            }
            let within: Vec<&Emended> = reading.emended_in(m.start, m.end).collect();
            if let [e] = within.as_slice() {
                if e.start <= m.start && m.end <= e.end {
                    corr_links.entry(e.index).or_insert(m.entity);
                    linked_entities.insert(m.entity);
                    continue;
                }
            }
            // the words outside corrected ones, in printed offsets
            let mut pieces = Vec::new();
            let mut at = m.start;
            for e in &within {
                if e.start > at {
                    pieces.push((reading.to_printed(at, false), reading.to_printed(e.start, true)));
                }
                if m.start <= e.start && e.end <= m.end {
                    corr_links.entry(e.index).or_insert(m.entity);
                }
                at = e.end.max(at);
            }
            if at < m.end {
                pieces.push((reading.to_printed(at, false), reading.to_printed(m.end, true)));
            }
            let e = &reg.entities[m.entity];
            seen.insert(m.entity);
            linked_entities.insert(m.entity);
            let (open, close) = entity_link(markup, e, root);
            for (start, end) in pieces.into_iter().filter(|(s, e)| s < e) {
                marks.marks.push(Mark { start, end, open: open.clone(), close: close.clone(), link: true });
            }
        }
    }

    for p in &linked.emendations {
        let em = &sidecar.emendations[p.index];
        let id = format!("em-{}", p.index + 1);
        let corr = match corr_links.get(&p.index) {
            Some(&m) => {
                let (open, close) = entity_link(markup, &reg.entities[m], root);
                format!("{open}{}{close}", escape(&em.corr))
            }
            None => escape(&em.corr),
        };
        let (open, close) = markup.wrap("emendation", &[em.kind.as_str()], &[&id, &corr, &em.reason, ""]);
        paragraphs[p.span.para].marks.push(Mark { start: p.span.start, end: p.span.end, open, close, link: false });
    }

    let mut notes: Vec<_> = linked.notes.iter().collect();
    notes.sort_by_key(|p| (p.span.para, p.span.end));
    for (k, p) in notes.into_iter().enumerate() {
        let letter = note_letter(k);
        let id = format!("ed-{}", p.index + 1);
        let body = super::markdown::render_inline(&sidecar.notes[p.index].note, markup);
        let html = markup.render("ednote", &[], &[&id, &letter, &body]);
        paragraphs[p.span.para].points.push((p.span.end, html));
    }
    Decorated { paragraphs, linked: linked_entities }
}
