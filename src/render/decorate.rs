//! Turning a linked chapter into marks to weave: mention links (the calm policy: the first
//! mention of each entity in a paragraph is a visible link, the others stay plain text but
//! are all counted for the indexes), emendations (the corrected reading shown, the printed
//! reading and the reason one click away) and editorial notes (a marker after the quoted
//! words; the note beside the text on wide screens, expandable on narrow ones).
//!
//! A mention inside the text of a link (or an image description) is counted but never made
//! a link itself; the first mention of the entity outside links is linked instead.

use super::markdown::escape;
use super::weave::{Mark, ParaMarks};
use crate::link::{LinkedChapter, Mention};
use crate::load::registry::Registry;
use crate::model::{Entity, Kind, Sidecar};
use std::collections::BTreeSet;

/// The marks for every paragraph of a chapter, and the entities it links to (for the
/// page's popover data).
pub struct Decorated {
    /// Per paragraph.
    pub paragraphs: Vec<ParaMarks>,
    /// Registry indices of the entities linked from the page.
    pub linked: BTreeSet<usize>,
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

/// The link to an entity's page from a page `root` away from the site root.
pub fn entity_link_open(e: &Entity, root: &str) -> String {
    let role = if e.kind() == Kind::Term { " role=\"doc-glossref\"" } else { "" };
    format!("<a class=\"m m-{}\" href=\"{root}{}\" data-e=\"{}\"{role}>", e.kind().noun(), e.url(), e.id())
}

/// Build the marks for a chapter.
pub fn decorate(linked: &LinkedChapter, sidecar: &Sidecar, reg: &Registry, root: &str) -> Decorated {
    let n = linked.paragraphs.len();
    let mut paragraphs: Vec<ParaMarks> = vec![ParaMarks::default(); n];
    let mut linked_entities = BTreeSet::new();

    // emendations first: they take precedence over mentions they overlap
    let mut emended: Vec<Vec<(usize, usize, usize)>> = vec![Vec::new(); n];
    for p in &linked.emendations {
        let em = &sidecar.emendations[p.index];
        emended[p.span.para].push((p.span.start, p.span.end, p.index));
        let _ = em;
    }

    for (para, mentions) in linked.mentions.iter().enumerate() {
        let marks = &mut paragraphs[para];
        let text = &linked.paragraphs[para];
        let mut seen = BTreeSet::new();
        for m in mentions {
            let overlaps = emended[para].iter().any(|(s, e, _)| m.start < *e && *s < m.end);
            if overlaps || text.in_link(m.start, m.end) || !seen.insert(m.entity) {
                continue;
            }
            let e = &reg.entities[m.entity];
            linked_entities.insert(m.entity);
            marks.marks.push(Mark {
                start: m.start,
                end: m.end,
                open: entity_link_open(e, root),
                close: "</a>".into(),
                link: true,
            });
        }
    }

    for p in &linked.emendations {
        let em = &sidecar.emendations[p.index];
        let id = format!("em-{}", p.index + 1);
        // a mention lying inside the emended words links the corrected reading
        let inner: Option<&Mention> = linked.mentions[p.span.para].iter().find(|m| {
            m.start >= p.span.start && m.end <= p.span.end && !linked.paragraphs[p.span.para].in_link(m.start, m.end)
        });
        let corr = match inner {
            Some(m) => {
                let e = &reg.entities[m.entity];
                linked_entities.insert(m.entity);
                format!("{}{}</a>", entity_link_open(e, root), escape(&em.corr))
            }
            None => escape(&em.corr),
        };
        let kind = em.kind.as_str();
        let open = format!(
            "<span class=\"emend emend-{kind}\" data-kind=\"{kind}\"><span class=\"corr\">{corr}</span><button type=\"button\" class=\"emark\" popovertarget=\"{id}\" aria-label=\"Emended reading ({kind}): show what the source prints\" title=\"Emended ({kind}): show the printed reading\">°</button><span class=\"emnote\" id=\"{id}\" popover role=\"note\"><span class=\"em-label\">Printed: </span><span class=\"sic\">"
        );
        let close = format!("</span><span class=\"em-reason\"> — {}</span></span></span>", escape(&em.reason));
        paragraphs[p.span.para].marks.push(Mark { start: p.span.start, end: p.span.end, open, close, link: false });
    }

    let mut notes: Vec<_> = linked.notes.iter().collect();
    notes.sort_by_key(|p| (p.span.para, p.span.end));
    for (k, p) in notes.into_iter().enumerate() {
        let letter = note_letter(k);
        let id = format!("ed-{}", p.index + 1);
        let body = super::markdown::render_inline(&sidecar.notes[p.index].note);
        let html = format!(
            "<label class=\"ed-mark\" for=\"{id}-t\" title=\"Editorial note {letter}\">{letter}</label><input type=\"checkbox\" class=\"ed-toggle\" id=\"{id}-t\" aria-label=\"Show editorial note {letter}\"><span class=\"sidenote\" id=\"{id}\" role=\"note\"><span class=\"ed-num\">{letter}</span> {body}</span>"
        );
        paragraphs[p.span.para].points.push((p.span.end, html));
    }
    Decorated { paragraphs, linked: linked_entities }
}
