//! Markdown to HTML for chapters and annotation texts, as a transformation of
//! pulldown-cmark's event stream (never of HTML strings).
//!
//! For a chapter, the transformation:
//! - gives every paragraph a stable id derived from its own text (so editing one paragraph
//!   never changes another's id), a visible number and a permalink;
//! - turns headings into linkable section anchors and records them for the table of contents;
//! - turns footnote references (the author's endnote markers) into DPUB-ARIA note
//!   references with distinct back-link anchors, and collects the notes for the endnote list;
//! - shows raw HTML as text and drops links to unsafe schemes (`javascript:`), so content can
//!   never run script in a reader's browser;
//! - highlights fenced code with syntect.

use super::highlight;
use super::markup::Markup;
use crate::model::document::{editors_options, Document};
use pulldown_cmark::{CodeBlockKind, CowStr, Event, Parser, Tag, TagEnd};
use serde::Serialize;
use std::collections::HashMap;

/// The placeholder body of an endnote whose text the edition does not have (written by
/// `gloss import`).
pub const MISSING_NOTE: &str = "—";

/// A section heading in a chapter.
#[derive(Clone, Debug, Serialize, PartialEq)]
pub struct Section {
    /// The heading's anchor id.
    pub id: String,
    /// The heading's text.
    pub title: String,
    /// Heading level (2 for `##`).
    pub level: u8,
}

/// A paragraph of a chapter, for citations, indexes and search.
#[derive(Clone, Debug, Serialize, PartialEq)]
pub struct Paragraph {
    /// Stable id (`p-` and a hash of the paragraph's text).
    pub id: String,
    /// Its position in the chapter, from 1.
    pub number: usize,
    /// Its plain text, without endnote markers.
    pub text: String,
}

/// An endnote of the author's, with the places that refer to it.
#[derive(Clone, Debug, Serialize, PartialEq)]
pub struct Note {
    /// The footnote label in the Markdown (`12`, or `12-2` for a second note numbered 12).
    pub label: String,
    /// The number as printed (`12`).
    pub number: String,
    /// The note's anchor id in the endnote list.
    pub id: String,
    /// Anchor ids of the references in the text, for back-links.
    pub refs: Vec<String>,
    /// The note's text as HTML, when the edition has it.
    pub html: Option<String>,
}

/// A chapter body rendered to HTML, with what was learnt on the way.
#[derive(Clone, Debug, Serialize, PartialEq)]
pub struct RenderedChapter {
    /// The body HTML (without the endnote list, which the template renders from `notes`).
    pub html: String,
    /// Section headings, in order.
    pub sections: Vec<Section>,
    /// Paragraphs, in order.
    pub paragraphs: Vec<Paragraph>,
    /// Endnotes, in order of first reference.
    pub notes: Vec<Note>,
}

/// Render a short Markdown text (a biography, a definition, a note) to safe HTML.
pub fn render_fragment(markdown: &str, m: &Markup) -> String {
    let events = sanitize(Parser::new_ext(markdown, editors_options()).collect(), m);
    let mut html = String::new();
    pulldown_cmark::html::push_html(&mut html, events.into_iter());
    html
}

/// Render a short Markdown text as inline HTML, to sit inside a paragraph (a side note):
/// paragraphs are joined with line breaks and no block element remains.
pub fn render_inline(markdown: &str, m: &Markup) -> String {
    let events = sanitize(Parser::new_ext(markdown, editors_options()).collect(), m);
    let mut out: Vec<Event> = Vec::with_capacity(events.len());
    let mut first = true;
    for ev in events {
        match ev {
            Event::Start(Tag::Paragraph) => {
                if !first {
                    out.push(Event::Html("<br>".into()));
                }
                first = false;
            }
            Event::End(TagEnd::Paragraph) => {}
            Event::Start(Tag::List(_) | Tag::Item | Tag::BlockQuote(_) | Tag::Heading { .. }) => {}
            Event::End(TagEnd::List(_) | TagEnd::Item | TagEnd::BlockQuote(_) | TagEnd::Heading(_)) => {
                out.push(Event::Html(" ".into()))
            }
            Event::Html(s) => out.push(Event::Text(s)),
            other => out.push(other),
        }
    }
    let mut html = String::new();
    pulldown_cmark::html::push_html(&mut html, out.into_iter());
    html
}

/// Render a chapter body without annotations (for tests and tools).
pub fn render_chapter(m: &Markup, markdown: &str) -> RenderedChapter {
    let doc = crate::model::document::Document::parse(markdown, usize::MAX).unwrap_or_default();
    render_document(&doc, &[], m)
}

/// Render a chapter's document, weaving in each paragraph's marks (mentions, emendations,
/// notes). The document's paragraphs and headings keep the ids they were given when it was
/// read.
pub fn render_document(doc: &Document, marks: &[super::weave::ParaMarks], m: &Markup) -> RenderedChapter {
    let body = &doc.events;
    let mut out: Vec<Event> = Vec::with_capacity(body.len());
    let mut sections = Vec::new();
    let mut paragraphs = Vec::new();
    let mut notes: Vec<Note> = Vec::new();
    let mut note_index: HashMap<String, usize> = HashMap::new();
    let (mut next_para, mut next_heading) = (0, 0);

    let mut i = 0;
    while i < body.len() {
        let para = doc.paragraphs.get(next_para).filter(|p| p.inline.start == i + 1);
        let heading = doc.headings.get(next_heading).filter(|h| h.inline.start == i + 1);
        if let Some(p) = para {
            let (id, number) = (&p.id, p.number);
            let (open, close) = m.wrap("paragraph", &[], &[id, &number.to_string(), ""]);
            out.push(Event::Html(open.into()));
            let events = sanitize(body[p.inline.clone()].to_vec(), m);
            let inline = match marks.get(number - 1) {
                Some(marks) => super::weave::weave(&events, marks).0,
                None => events,
            };
            for ev in inline {
                push_inline(ev, &mut out, &mut notes, &mut note_index, m);
            }
            out.push(Event::Html((close + "\n").into()));
            paragraphs.push(Paragraph { id: p.id.clone(), number, text: p.text.clone() });
            next_para += 1;
            i = p.inline.end + 1;
        } else if let Some(h) = heading {
            let (id, lvl) = (&h.id, h.level);
            let (open, close) = m.wrap("heading", &[&lvl.to_string()], &[id, ""]);
            out.push(Event::Html(open.into()));
            for ev in sanitize(body[h.inline.clone()].to_vec(), m) {
                push_inline(ev, &mut out, &mut notes, &mut note_index, m);
            }
            out.push(Event::Html((close + "\n").into()));
            sections.push(Section { id: id.clone(), title: h.title.clone(), level: lvl });
            next_heading += 1;
            i = h.inline.end + 1;
        } else if matches!(body[i], Event::Start(Tag::CodeBlock(_))) {
            let end = find_end(body, i);
            out.extend(sanitize(body[i..=end].to_vec(), m));
            i = end + 1;
        } else {
            for ev in sanitize(vec![body[i].clone()], m) {
                push_inline(ev, &mut out, &mut notes, &mut note_index, m);
            }
            i += 1;
        }
    }

    let definitions: HashMap<&str, &crate::model::document::Definition> =
        doc.definitions.iter().map(|d| (d.label.as_str(), d)).collect();
    for note in &mut notes {
        note.html = definitions.get(note.label.as_str()).and_then(|d| {
            let t = d.text.trim();
            (!t.is_empty() && t != MISSING_NOTE).then(|| {
                let mut h = String::new();
                pulldown_cmark::html::push_html(&mut h, sanitize(d.events.clone(), m).into_iter());
                h
            })
        });
    }
    let mut html = String::with_capacity(body.len() * 16);
    pulldown_cmark::html::push_html(&mut html, out.into_iter());
    RenderedChapter { html, sections, paragraphs, notes }
}

/// Emit one body event, turning footnote references into note references.
fn push_inline<'a>(
    ev: Event<'a>,
    out: &mut Vec<Event<'a>>,
    notes: &mut Vec<Note>,
    index: &mut HashMap<String, usize>,
    m: &Markup,
) {
    match ev {
        Event::FootnoteReference(label) => {
            let label = label.to_string();
            let key = crate::model::slug::slugify(&label);
            let n = *index.entry(label.clone()).or_insert_with(|| {
                notes.push(Note {
                    number: label.split('-').next().unwrap_or(&label).to_string(),
                    id: format!("fn-{key}"),
                    label: label.clone(),
                    refs: Vec::new(),
                    html: None,
                });
                notes.len() - 1
            });
            let note = &mut notes[n];
            let ref_id = if note.refs.is_empty() {
                format!("fnref-{key}")
            } else {
                // `_` never occurs in a slug, so this cannot clash with another note's id
                format!("fnref-{key}_{}", note.refs.len() + 1)
            };
            out.push(Event::Html(m.render("noteref", &[], &[&ref_id, &note.id, &note.number]).into()));
            note.refs.push(ref_id);
        }
        other => out.push(other),
    }
}

/// Make content safe: raw HTML becomes visible text, unsafe link and image targets are
/// dropped, and fenced code is highlighted.
fn sanitize<'a>(events: Vec<Event<'a>>, m: &Markup) -> Vec<Event<'a>> {
    let mut out = Vec::with_capacity(events.len());
    let mut iter = events.into_iter();
    while let Some(ev) = iter.next() {
        match ev {
            Event::Html(s) | Event::InlineHtml(s) => out.push(Event::Text(s)),
            Event::Start(Tag::Link { link_type, dest_url, title, id }) => {
                let dest_url = if is_safe_url(&dest_url) { dest_url } else { CowStr::Borrowed("#") };
                out.push(Event::Start(Tag::Link { link_type, dest_url, title, id }));
            }
            Event::Start(Tag::Image { link_type, dest_url, title, id }) => {
                let dest_url = if is_safe_url(&dest_url) { dest_url } else { CowStr::Borrowed("") };
                out.push(Event::Start(Tag::Image { link_type, dest_url, title, id }));
            }
            Event::Start(Tag::CodeBlock(kind)) => {
                let lang = match &kind {
                    CodeBlockKind::Fenced(l) => l.split([' ', ',']).next().unwrap_or("").to_string(),
                    CodeBlockKind::Indented => String::new(),
                };
                let mut code = String::new();
                for ev in iter.by_ref() {
                    match ev {
                        Event::End(TagEnd::CodeBlock) => break,
                        Event::Text(t) => code.push_str(&t),
                        _ => {}
                    }
                }
                let (html, lang) = highlight::code_block(&code, &lang);
                out.push(Event::Html((m.render("code", &[], &[&lang, &html]) + "\n").into()));
            }
            other => out.push(other),
        }
    }
    out
}

/// Whether a link target is safe to put in an `href`: relative, fragment, or http(s)/mailto.
pub fn is_safe_url(url: &str) -> bool {
    let lower: String =
        url.trim().chars().filter(|c| !c.is_whitespace() && !c.is_control()).collect::<String>().to_ascii_lowercase();
    match lower.find(':') {
        None => true,
        Some(colon) => {
            let scheme = &lower[..colon];
            // a colon after a slash, ? or # is part of a path, not a scheme
            if scheme.contains(['/', '?', '#']) {
                return true;
            }
            matches!(scheme, "http" | "https" | "mailto")
        }
    }
}

fn find_end(events: &[Event], start: usize) -> usize {
    let mut depth = 0usize;
    for (j, ev) in events.iter().enumerate().skip(start) {
        match ev {
            Event::Start(_) => depth += 1,
            Event::End(_) => {
                depth -= 1;
                if depth == 0 {
                    return j;
                }
            }
            _ => {}
        }
    }
    events.len() - 1
}

/// Escape text for HTML.
pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn editors_markdown_gets_curly_quotes_and_dashes() {
        let tera = crate::render::markup::builtin_tera();
        let m = Markup::new(&tera).unwrap();
        let html = render_fragment("He said \"no\" -- it's 1926--1927.", &m);
        assert!(html.contains("“no”") && html.contains("it’s") && html.contains("1926–1927"), "{html}");
        // the author's text keeps its characters
        let r = render_chapter(&m, "He said \"no\" -- it's.\n");
        assert!(r.html.contains("&quot;no&quot; -- it's") || r.html.contains("\"no\" -- it's"), "{}", r.html);
    }

    #[test]
    fn paragraph_ids_depend_only_on_their_own_text() {
        let tera = crate::render::markup::builtin_tera();
        let m = Markup::new(&tera).unwrap();
        let a = render_chapter(&m, "First one.\n\nSecond one.\n");
        let b = render_chapter(&m, "First one, edited.\n\nSecond one.\n");
        assert_ne!(a.paragraphs[0].id, b.paragraphs[0].id);
        assert_eq!(a.paragraphs[1].id, b.paragraphs[1].id);
        assert_eq!(a.paragraphs[1].number, 2);
        // identical paragraphs still get distinct ids
        let c = render_chapter(&m, "Same.\n\nSame.\n");
        assert_ne!(c.paragraphs[0].id, c.paragraphs[1].id);
    }

    #[test]
    fn footnotes_become_two_way_note_references() {
        let tera = crate::render::markup::builtin_tera();
        let m = Markup::new(&tera).unwrap();
        let r =
            render_chapter(&m, "A [^12] and B [^12-2] and again [^12].\n\n[^12]: —\n[^12-2]: The *second* twelve.\n");
        assert_eq!(r.notes.len(), 2);
        assert_eq!(r.notes[0].number, "12");
        assert_eq!(r.notes[0].refs, vec!["fnref-12", "fnref-12_2"]);
        assert_eq!(r.notes[1].number, "12");
        assert_eq!(r.notes[1].id, "fn-12-2");
        assert_eq!(r.notes[0].html, None);
        assert!(r.notes[1].html.as_deref().unwrap().contains("<em>second</em>"));
        assert!(r.html.contains(r##"<a id="fnref-12" href="#fn-12" role="doc-noteref""##));
        assert!(!r.html.contains("The second"), "definitions stay out of the body");
    }

    #[test]
    fn headings_get_anchors_and_sections() {
        let tera = crate::render::markup::builtin_tera();
        let m = Markup::new(&tera).unwrap();
        let r = render_chapter(&m, "## The Two Roads {#two-roads}\n\nText.\n\n## The Two Roads\n");
        assert_eq!(r.sections[0].id, "two-roads");
        assert_eq!(r.sections[1].id, "the-two-roads");
        assert!(r.html.contains(r##"<h2 id="two-roads">The Two Roads <a class="hlink" href="#two-roads""##));
    }

    #[test]
    fn raw_html_and_script_links_are_neutralised() {
        let tera = crate::render::markup::builtin_tera();
        let m = Markup::new(&tera).unwrap();
        let r = render_fragment("<script>alert(1)</script>\n\n[x](javascript:alert(1)) [y]( JaVa\tScript:alert(1)) <img src=x onerror=alert(1)>", &m);
        assert!(!r.contains("<script"), "{r}");
        assert!(!r.contains("<img"), "{r}");
        assert!(!r.to_lowercase().contains("href=\"javascript"), "{r}");
        assert!(r.contains("&lt;script&gt;"), "{r}");
        assert!(is_safe_url("https://example.org/a:b"));
        assert!(is_safe_url("../person/x.html#p-1"));
        assert!(!is_safe_url("data:text/html,x"));
        assert!(!is_safe_url("vbscript:x"));
    }

    #[test]
    fn paragraph_text_excludes_markers() {
        let tera = crate::render::markup::builtin_tera();
        let m = Markup::new(&tera).unwrap();
        let r = render_chapter(&m, "He wrote. [^4]\n\n[^4]: —\n");
        assert_eq!(r.paragraphs[0].text, "He wrote. ");
    }
}
