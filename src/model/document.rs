//! The one reading of a chapter's Markdown: parsed once, when the chapter is loaded, into
//! the parser's events plus the blocks every later stage needs — paragraphs with their
//! stable ids, plain text and byte ranges in the source, headings, and the author's notes.
//! Linking, rendering, indexes, search, exports and diagnostics all read this one model, so
//! a paragraph's id and text are the same everywhere by construction.
//!
//! The reading also notes which stretches of a paragraph's text are code spans (where a name
//! is not a mention) and which are the text of a link or an image description (where a name
//! is a mention, counted like any other, but is never made a link: a link inside a link is
//! not HTML).

use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};
use std::collections::HashSet;
use std::ops::Range;

/// The pulldown-cmark options gloss uses for all Markdown.
pub fn options() -> Options {
    Options::ENABLE_FOOTNOTES
        | Options::ENABLE_HEADING_ATTRIBUTES
        | Options::ENABLE_TABLES
        | Options::ENABLE_STRIKETHROUGH
}

/// The options for the editors' own Markdown (biographies, definitions, notes, pages):
/// [`options`] plus smart punctuation, so their quotes and dashes match the author's curly
/// ones. Never used for the author's text, whose characters are kept as printed.
pub fn editors_options() -> Options {
    options() | Options::ENABLE_SMART_PUNCTUATION
}

/// A paragraph of a chapter (including paragraphs inside block quotes, excluding those of
/// footnote definitions).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Paragraph {
    /// Stable id (see [`paragraph_id`]); unique within the chapter.
    pub id: String,
    /// Its position in the chapter, from 1.
    pub number: usize,
    /// The visible text as printed, without endnote markers.
    pub text: String,
    /// Byte ranges of `text` that are code spans, in order.
    pub code: Vec<(usize, usize)>,
    /// Byte ranges of `text` inside a link's text or an image's description, in order.
    pub links: Vec<(usize, usize)>,
    /// The paragraph's inline events: `events[inline]` in [`Document::events`].
    pub inline: Range<usize>,
    /// Byte range of the paragraph in the chapter body.
    pub source: Range<usize>,
    /// Where pieces of `text` come from: (offset in `text`, offset in the body), one pair at
    /// the start of each piece of text, in order.
    pub offsets: Vec<(usize, usize)>,
}

impl Paragraph {
    /// A paragraph of plain text with nothing else known (for tests).
    pub fn plain(id: impl Into<String>, text: impl Into<String>) -> Paragraph {
        Paragraph { id: id.into(), number: 1, text: text.into(), ..Paragraph::default() }
    }

    /// Whether `start..end` overlaps a code span.
    pub fn in_code(&self, start: usize, end: usize) -> bool {
        overlaps(&self.code, start, end)
    }

    /// Whether `start..end` overlaps the text of a link or image.
    pub fn in_link(&self, start: usize, end: usize) -> bool {
        overlaps(&self.links, start, end)
    }

    /// The byte offset in the chapter body of `at`, an offset in `text`: exact for text
    /// that Markdown did not escape, otherwise the start of the piece it is in.
    pub fn source_offset(&self, at: usize) -> usize {
        let i = self.offsets.partition_point(|&(t, _)| t <= at);
        match i.checked_sub(1).map(|i| self.offsets[i]) {
            Some((t, s)) => (s + (at - t)).min(self.source.end),
            None => self.source.start,
        }
    }
}

/// A section heading.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Heading {
    /// The anchor id (from `{#id}` or the title's slug), unique within the chapter.
    pub id: String,
    /// Its plain text.
    pub title: String,
    /// 1 for `#`, 2 for `##`, ...
    pub level: u8,
    /// Its inline events in [`Document::events`].
    pub inline: Range<usize>,
}

/// A footnote definition (the text of one of the author's notes).
#[derive(Clone, Debug, PartialEq)]
pub struct Definition {
    /// The label (`12`, `12-2`).
    pub label: String,
    /// Its events (block level), without the definition's own start and end.
    pub events: Vec<Event<'static>>,
    /// Its plain text.
    pub text: String,
}

/// A chapter body, read once.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Document {
    /// The body's events, footnote definitions taken out.
    pub events: Vec<Event<'static>>,
    /// The paragraphs, in order.
    pub paragraphs: Vec<Paragraph>,
    /// The headings, in order.
    pub headings: Vec<Heading>,
    /// The footnote definitions, in the order they are written.
    pub definitions: Vec<Definition>,
    /// The labels of footnote references in the body, in order of first use.
    pub note_labels: Vec<String>,
}

/// Markdown that nests deeper than the limit: the byte offset where it is crossed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct TooDeep(pub usize);

impl Document {
    /// Read a chapter body. Nesting deeper than `max_depth` (block quotes, lists, inline
    /// formatting, links, images) is refused at the offset where it starts.
    pub fn parse(markdown: &str, max_depth: usize) -> Result<Document, TooDeep> {
        let mut doc = Document::default();
        let mut depth = 0usize;
        let mut para_ids = IdSet::default();
        let mut heading_ids = IdSet::default();
        let mut labels_seen = HashSet::new();
        // inside a footnote definition: its label, events and nesting
        let mut definition: Option<(String, Vec<Event<'static>>, usize)> = None;
        let mut para: Option<Paragraph> = None;
        let mut heading: Option<(Heading, Option<String>)> = None;
        let mut link_depth = 0usize;
        for (ev, range) in Parser::new_ext(markdown, options()).into_offset_iter() {
            match &ev {
                Event::Start(tag) if nests(tag) => {
                    depth += 1;
                    if depth > max_depth {
                        return Err(TooDeep(range.start));
                    }
                }
                Event::End(tag) if nests_end(*tag) => depth = depth.saturating_sub(1),
                _ => {}
            }
            let ev = ev.into_static();
            if let Some((_, events, nested)) = definition.as_mut() {
                match &ev {
                    Event::Start(Tag::FootnoteDefinition(_)) => *nested += 1,
                    Event::End(TagEnd::FootnoteDefinition) if *nested == 0 => {
                        let (label, events, _) = definition.take().expect("inside a definition");
                        let text = plain_text(&events);
                        doc.definitions.push(Definition { label, events, text });
                        continue;
                    }
                    Event::End(TagEnd::FootnoteDefinition) => *nested -= 1,
                    _ => {}
                }
                events.push(ev);
                continue;
            }
            match &ev {
                Event::Start(Tag::FootnoteDefinition(label)) => {
                    definition = Some((label.to_string(), Vec::new(), 0));
                    continue;
                }
                Event::FootnoteReference(label) if labels_seen.insert(label.to_string()) => {
                    doc.note_labels.push(label.to_string());
                }
                _ => {}
            }
            let at = doc.events.len();
            match &ev {
                Event::Start(Tag::Paragraph) if para.is_none() && heading.is_none() => {
                    link_depth = 0;
                    para = Some(Paragraph { inline: at + 1..at + 1, source: range.clone(), ..Paragraph::default() });
                }
                Event::End(TagEnd::Paragraph) if para.is_some() => {
                    let mut p = para.take().expect("checked");
                    p.inline.end = at;
                    p.source.end = range.end;
                    while p.source.end > p.source.start && markdown.as_bytes()[p.source.end - 1].is_ascii_whitespace() {
                        p.source.end -= 1;
                    }
                    p.id = para_ids.unique(paragraph_id(&p.text));
                    p.number = doc.paragraphs.len() + 1;
                    doc.paragraphs.push(p);
                }
                Event::Start(Tag::Heading { level, id, .. }) if heading.is_none() => {
                    let h = Heading { level: *level as u8, inline: at + 1..at + 1, ..Heading::default() };
                    heading = Some((h, id.as_ref().map(|s| s.to_string())));
                }
                Event::End(TagEnd::Heading(_)) if heading.is_some() => {
                    let (mut h, wanted) = heading.take().expect("checked");
                    h.inline.end = at;
                    h.title = plain_text(&doc.events[h.inline.clone()]);
                    let wanted = crate::model::slug::slugify(wanted.as_deref().unwrap_or(&h.title));
                    h.id = heading_ids.unique(wanted);
                    doc.headings.push(h);
                }
                Event::Start(Tag::Link { .. } | Tag::Image { .. }) if para.is_some() => link_depth += 1,
                Event::End(TagEnd::Link | TagEnd::Image) if para.is_some() => link_depth = link_depth.saturating_sub(1),
                ev => {
                    if let Some(p) = para.as_mut() {
                        let start = p.text.len();
                        push_plain(ev, &mut p.text);
                        let end = p.text.len();
                        if end > start {
                            p.offsets.push((start, range.start));
                        }
                        if matches!(ev, Event::Code(_)) {
                            push_range(&mut p.code, start, end);
                        }
                        if link_depth > 0 {
                            push_range(&mut p.links, start, end);
                        }
                    }
                }
            }
            doc.events.push(ev);
        }
        Ok(doc)
    }

    /// The byte offset in the body of `at` in paragraph `para`'s text.
    pub fn source_offset(&self, para: usize, at: usize) -> usize {
        self.paragraphs.get(para).map_or(0, |p| p.source_offset(at))
    }
}

/// The tags that nest: containers and inline formatting (not list items, which come with
/// their list, nor paragraphs and headings, which do not nest).
fn nests(tag: &Tag) -> bool {
    matches!(
        tag,
        Tag::BlockQuote(_)
            | Tag::List(_)
            | Tag::Emphasis
            | Tag::Strong
            | Tag::Strikethrough
            | Tag::Link { .. }
            | Tag::Image { .. }
            | Tag::FootnoteDefinition(_)
    )
}

fn nests_end(tag: TagEnd) -> bool {
    matches!(
        tag,
        TagEnd::BlockQuote(_)
            | TagEnd::List(_)
            | TagEnd::Emphasis
            | TagEnd::Strong
            | TagEnd::Strikethrough
            | TagEnd::Link
            | TagEnd::Image
            | TagEnd::FootnoteDefinition
    )
}

/// Whether `start..end` overlaps one of `ranges` (sorted, not overlapping).
fn overlaps(ranges: &[(usize, usize)], start: usize, end: usize) -> bool {
    let i = ranges.partition_point(|r| r.1 <= start);
    ranges.get(i).is_some_and(|r| r.0 < end)
}

/// Append `start..end` to sorted `ranges`, joining it to the last one when they touch.
fn push_range(ranges: &mut Vec<(usize, usize)>, start: usize, end: usize) {
    match ranges.last_mut() {
        Some(last) if last.1 >= start => last.1 = last.1.max(end),
        _ if start < end => ranges.push((start, end)),
        _ => {}
    }
}

/// Append the visible text of one inline event.
pub fn push_plain(ev: &Event, s: &mut String) {
    match ev {
        Event::Text(t) | Event::Code(t) | Event::Html(t) | Event::InlineHtml(t) => s.push_str(t),
        Event::SoftBreak | Event::HardBreak => s.push(' '),
        _ => {}
    }
}

/// The visible text of a run of events (footnote references excluded).
pub fn plain_text(events: &[Event]) -> String {
    let mut s = String::new();
    for ev in events {
        push_plain(ev, &mut s);
    }
    s
}

/// The stable id of a paragraph: `p-` and eight hex digits of an FNV-1a hash of its text
/// with whitespace normalised. It depends only on the paragraph's own words, so editing
/// one paragraph never changes another's id.
pub fn paragraph_id(text: &str) -> String {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for word in text.split_whitespace() {
        for b in word.bytes().chain(std::iter::once(b' ')) {
            hash ^= u64::from(b);
            hash = hash.wrapping_mul(0x0000_0100_0000_01b3);
        }
    }
    format!("p-{:08x}", (hash >> 32) as u32 ^ hash as u32)
}

/// Makes ids unique by appending `-2`, `-3`, ...
#[derive(Default)]
pub struct IdSet(std::collections::HashMap<String, usize>);

impl IdSet {
    /// `id` if unused so far, else `id-N`.
    pub fn unique(&mut self, id: String) -> String {
        let n = self.0.entry(id.clone()).or_insert(0);
        *n += 1;
        if *n == 1 {
            id
        } else {
            format!("{id}-{n}")
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn doc(md: &str) -> Document {
        Document::parse(md, 100).unwrap()
    }

    #[test]
    fn paragraphs_include_block_quotes_and_exclude_notes() {
        let d = doc("One *two* `three`. [^1]\n\n> Quoted\n> line.\n\n## Heading\n\n[^1]: Note text.\n");
        let texts: Vec<_> = d.paragraphs.iter().map(|p| p.text.as_str()).collect();
        assert_eq!(texts, ["One two three. ", "Quoted line."]);
        assert_eq!(d.paragraphs[0].code, [(8, 13)]);
        assert_eq!(d.headings[0].title, "Heading");
        assert_eq!(d.headings[0].id, "heading");
        assert_eq!(d.note_labels, ["1"]);
        assert_eq!(d.definitions[0].text, "Note text.");
        assert_eq!(d.paragraphs[1].number, 2);
    }

    #[test]
    fn link_text_and_code_spans_are_noted() {
        let d = doc("See [the *Lev* page](x) and ![Lev](y) or `Lev`.\n");
        let t = &d.paragraphs[0];
        assert_eq!(t.text, "See the Lev page and Lev or Lev.");
        assert_eq!(t.links, [(4, 16), (21, 24)]);
        assert!(t.in_link(8, 11) && !t.in_link(0, 4) && t.in_link(21, 24));
        assert_eq!(t.code, [(28, 31)]);
        assert!(t.in_code(28, 31) && !t.in_code(21, 24));
    }

    #[test]
    fn text_offsets_map_back_to_the_source() {
        let md = "Intro.\n\nHe met *Lev Kamenev* in\nMoscow.\n";
        let d = doc(md);
        let p = &d.paragraphs[1];
        assert_eq!(&md[p.source.clone()], "He met *Lev Kamenev* in\nMoscow.");
        for word in ["Lev", "Kamenev", "Moscow", "in"] {
            let at = p.text.find(word).unwrap();
            assert_eq!(&md[p.source_offset(at)..][..word.len()], word, "{word}");
        }
    }

    #[test]
    fn ids_are_stable_and_unique() {
        let a = doc("First one.\n\nSecond one.\n");
        let b = doc("First one, edited.\n\nSecond one.\n");
        assert_ne!(a.paragraphs[0].id, b.paragraphs[0].id);
        assert_eq!(a.paragraphs[1].id, b.paragraphs[1].id);
        let c = doc("Same.\n\nSame.\n\n## T\n\n## T\n");
        assert_ne!(c.paragraphs[0].id, c.paragraphs[1].id);
        assert_eq!(c.headings[1].id, "t-2");
    }

    #[test]
    fn nesting_past_the_limit_is_refused_where_it_starts() {
        let md = format!("ok\n\n{}x", "> ".repeat(5));
        assert_eq!(Document::parse(&md, 4), Err(TooDeep(4 + 2 * 4)));
        assert!(Document::parse(&md, 5).is_ok());
    }
}
