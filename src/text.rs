//! The shared reading of chapter Markdown: the parser options, what counts as a paragraph
//! and what its plain text is. `link` anchors quotes and finds mentions in this plain
//! text, and `render` weaves links into exactly the same text, so the two always agree.
//!
//! The reading also notes which stretches of a paragraph's text are code spans (where a name
//! is not a mention) and which are the text of a link or an image description (where a name
//! is a mention, counted like any other, but is never made a link: a link inside a link is
//! not HTML).

use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};

/// The pulldown-cmark options gloss uses for all Markdown.
pub fn options() -> Options {
    Options::ENABLE_FOOTNOTES
        | Options::ENABLE_HEADING_ATTRIBUTES
        | Options::ENABLE_TABLES
        | Options::ENABLE_STRIKETHROUGH
}

/// A paragraph of a chapter as plain text.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ParaText {
    /// Stable id (see [`paragraph_id`]); made unique within the chapter.
    pub id: String,
    /// The visible text, without endnote markers.
    pub text: String,
    /// Byte ranges of `text` that are code spans, in order.
    pub code: Vec<(usize, usize)>,
    /// Byte ranges of `text` inside a link's text or an image's description, in order.
    pub links: Vec<(usize, usize)>,
}

impl ParaText {
    /// A paragraph with no code spans or links.
    pub fn plain(id: impl Into<String>, text: impl Into<String>) -> ParaText {
        ParaText { id: id.into(), text: text.into(), ..ParaText::default() }
    }

    /// Whether `start..end` overlaps a code span.
    pub fn in_code(&self, start: usize, end: usize) -> bool {
        overlaps(&self.code, start, end)
    }

    /// Whether `start..end` overlaps the text of a link or image.
    pub fn in_link(&self, start: usize, end: usize) -> bool {
        overlaps(&self.links, start, end)
    }
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

/// The paragraphs of a chapter body, in order (including paragraphs inside block quotes,
/// excluding footnote definitions), with unique stable ids.
pub fn paragraphs(markdown: &str) -> Vec<ParaText> {
    let mut out = Vec::new();
    let mut ids = IdSet::default();
    let mut in_para = false;
    let mut footnote_depth = 0usize;
    let mut link_depth = 0usize;
    let mut para = ParaText::default();
    for ev in Parser::new_ext(markdown, options()) {
        match ev {
            Event::Start(Tag::FootnoteDefinition(_)) => footnote_depth += 1,
            Event::End(TagEnd::FootnoteDefinition) => footnote_depth = footnote_depth.saturating_sub(1),
            Event::Start(Tag::Paragraph) if footnote_depth == 0 => {
                in_para = true;
                link_depth = 0;
                para = ParaText::default();
            }
            Event::End(TagEnd::Paragraph) if in_para => {
                in_para = false;
                para.id = ids.unique(paragraph_id(&para.text));
                out.push(std::mem::take(&mut para));
            }
            Event::Start(Tag::Link { .. } | Tag::Image { .. }) if in_para => link_depth += 1,
            Event::End(TagEnd::Link | TagEnd::Image) if in_para => link_depth = link_depth.saturating_sub(1),
            ev if in_para => {
                let start = para.text.len();
                push_plain(&ev, &mut para.text);
                let end = para.text.len();
                if matches!(ev, Event::Code(_)) {
                    push_range(&mut para.code, start, end);
                }
                if link_depth > 0 {
                    push_range(&mut para.links, start, end);
                }
            }
            _ => {}
        }
    }
    out
}

/// Append the visible text of one inline event.
pub fn push_plain(ev: &Event, s: &mut String) {
    match ev {
        Event::Text(t) | Event::Code(t) | Event::Html(t) | Event::InlineHtml(t) => s.push_str(t),
        Event::SoftBreak | Event::HardBreak => s.push(' '),
        _ => {}
    }
}

/// The visible text of a run of inline events (footnote references excluded).
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

/// The labels of the footnote references in a chapter body, in order of first use.
pub fn note_labels(markdown: &str) -> Vec<String> {
    let mut seen = std::collections::HashSet::new();
    Parser::new_ext(markdown, options())
        .filter_map(|ev| match ev {
            Event::FootnoteReference(l) if seen.insert(l.to_string()) => Some(l.to_string()),
            _ => None,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paragraphs_include_block_quotes_and_exclude_notes() {
        let p = paragraphs("One *two* `three`. [^1]\n\n> Quoted\n> line.\n\n## Heading\n\n[^1]: Note text.\n");
        let texts: Vec<_> = p.iter().map(|p| p.text.as_str()).collect();
        assert_eq!(texts, ["One two three. ", "Quoted line."]);
        assert_eq!(p[0].code, [(8, 13)]);
    }

    #[test]
    fn link_text_and_code_spans_are_noted() {
        let p = paragraphs("See [the *Lev* page](x) and ![Lev](y) or `Lev`.\n");
        let t = &p[0];
        assert_eq!(t.text, "See the Lev page and Lev or Lev.");
        assert_eq!(t.links, [(4, 16), (21, 24)]);
        assert!(t.in_link(8, 11) && !t.in_link(0, 4) && t.in_link(21, 24));
        assert_eq!(t.code, [(28, 31)]);
        assert!(t.in_code(28, 31) && !t.in_code(21, 24));
    }
}
