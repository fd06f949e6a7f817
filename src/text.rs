//! The shared reading of chapter Markdown: the parser options, what counts as a paragraph
//! and what its plain text is. `link` anchors quotes and finds mentions in this plain
//! text, and `render` weaves links into exactly the same text, so the two always agree.

use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};

/// The pulldown-cmark options gloss uses for all Markdown.
pub fn options() -> Options {
    Options::ENABLE_FOOTNOTES
        | Options::ENABLE_HEADING_ATTRIBUTES
        | Options::ENABLE_TABLES
        | Options::ENABLE_STRIKETHROUGH
}

/// A paragraph of a chapter as plain text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ParaText {
    /// Stable id (see [`paragraph_id`]); made unique within the chapter.
    pub id: String,
    /// The visible text, without endnote markers.
    pub text: String,
}

/// The paragraphs of a chapter body, in order (including paragraphs inside block quotes,
/// excluding footnote definitions), with unique stable ids.
pub fn paragraphs(markdown: &str) -> Vec<ParaText> {
    let mut out = Vec::new();
    let mut ids = IdSet::default();
    let mut in_para = false;
    let mut footnote_depth = 0usize;
    let mut text = String::new();
    for ev in Parser::new_ext(markdown, options()) {
        match ev {
            Event::Start(Tag::FootnoteDefinition(_)) => footnote_depth += 1,
            Event::End(TagEnd::FootnoteDefinition) => footnote_depth = footnote_depth.saturating_sub(1),
            Event::Start(Tag::Paragraph) if footnote_depth == 0 => {
                in_para = true;
                text.clear();
            }
            Event::End(TagEnd::Paragraph) if in_para => {
                in_para = false;
                let id = ids.unique(paragraph_id(&text));
                out.push(ParaText { id, text: std::mem::take(&mut text) });
            }
            ev if in_para => push_plain(&ev, &mut text),
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
    }
}
