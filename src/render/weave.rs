//! Weaving annotations into a paragraph: given spans of the paragraph's plain text (the
//! same text `link` searched) with the HTML to open and close around each, and points where
//! HTML is inserted, rewrite the paragraph's inline events.
//!
//! Spans must not partially overlap one another (callers resolve that). A span whose start
//! and end lie in different inline contexts (say, starting inside an emphasis and ending
//! after it) would produce mis-nested HTML, so it is skipped and reported back.

use pulldown_cmark::{CowStr, Event};

/// HTML to put around a span of plain text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Mark {
    /// Start offset in the paragraph's plain text.
    pub start: usize,
    /// End offset.
    pub end: usize,
    /// HTML inserted before the span.
    pub open: String,
    /// HTML inserted after the span.
    pub close: String,
}

/// Everything to weave into one paragraph.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ParaMarks {
    /// Spans to wrap.
    pub marks: Vec<Mark>,
    /// HTML to insert right after an offset (e.g. a note marker after a quote).
    pub points: Vec<(usize, String)>,
}

#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Side {
    Close,
    Point,
    Open,
}

struct Insert {
    at: usize,
    side: Side,
    /// tie-breaker: opens of longer spans first, closes of later-started spans first
    rank: i64,
    html: String,
}

/// Weave `marks` into the inline events of one paragraph. Returns the new events and the
/// indices of marks that had to be skipped (mis-nested with inline formatting).
pub fn weave<'a>(events: &[Event<'a>], marks: &ParaMarks) -> (Vec<Event<'a>>, Vec<usize>) {
    if marks.marks.is_empty() && marks.points.is_empty() {
        return (events.to_vec(), Vec::new());
    }
    // inline context (stack of open tags) of each text event, and its offset range
    let mut ranges: Vec<(usize, usize, Vec<usize>)> = Vec::new();
    let mut stack: Vec<usize> = Vec::new();
    let mut pos = 0;
    for (i, ev) in events.iter().enumerate() {
        match ev {
            Event::Start(_) => stack.push(i),
            Event::End(_) => {
                stack.pop();
            }
            Event::Text(t) | Event::Code(t) => {
                ranges.push((pos, pos + t.len(), stack.clone()));
                pos += t.len();
            }
            Event::Html(t) | Event::InlineHtml(t) => {
                ranges.push((pos, pos + t.len(), stack.clone()));
                pos += t.len();
            }
            Event::SoftBreak | Event::HardBreak => pos += 1,
            _ => {}
        }
    }
    let context = |offset: usize, at_end: bool| -> Option<&Vec<usize>> {
        ranges
            .iter()
            .find(|(s, e, _)| if at_end { *s < offset && offset <= *e } else { *s <= offset && offset < *e })
            .map(|(_, _, c)| c)
    };
    let mut inserts = Vec::new();
    let mut skipped = Vec::new();
    for (k, m) in marks.marks.iter().enumerate() {
        let ok =
            m.start < m.end && context(m.start, false).is_some() && context(m.start, false) == context(m.end, true);
        if !ok {
            skipped.push(k);
            continue;
        }
        inserts.push(Insert { at: m.start, side: Side::Open, rank: -(m.end as i64), html: m.open.clone() });
        inserts.push(Insert { at: m.end, side: Side::Close, rank: -(m.start as i64), html: m.close.clone() });
    }
    for (at, html) in &marks.points {
        inserts.push(Insert { at: *at, side: Side::Point, rank: 0, html: html.clone() });
    }
    inserts.sort_by_key(|i| (i.at, i.side, i.rank));

    let mut out = Vec::with_capacity(events.len() + inserts.len() * 2);
    let mut next = 0; // next insert to emit
    let mut pos = 0;
    for ev in events {
        let (text, is_code) = match ev {
            Event::Text(t) => (t, false),
            Event::Code(t) => (t, true),
            Event::SoftBreak | Event::HardBreak => {
                out.push(ev.clone());
                pos += 1;
                continue;
            }
            Event::Html(t) | Event::InlineHtml(t) => {
                out.push(ev.clone());
                pos += t.len();
                continue;
            }
            other => {
                out.push(other.clone());
                continue;
            }
        };
        let end = pos + text.len();
        let mut cut = pos;
        while next < inserts.len() {
            let ins = &inserts[next];
            let here = match ins.side {
                Side::Open => ins.at < end || (text.is_empty() && ins.at == pos),
                Side::Close | Side::Point => ins.at <= end && (ins.at > pos || pos == 0 && ins.at == 0),
            };
            if !here || ins.at < pos {
                if ins.at < pos {
                    next += 1; // cannot happen for valid marks; never loop forever
                    continue;
                }
                break;
            }
            if ins.at > cut {
                out.push(piece(&text[cut - pos..ins.at - pos], is_code));
                cut = ins.at;
            }
            out.push(Event::Html(CowStr::from(ins.html.clone())));
            next += 1;
        }
        if cut < end {
            out.push(piece(&text[cut - pos..], is_code));
        }
        pos = end;
    }
    for ins in &inserts[next..] {
        out.push(Event::Html(CowStr::from(ins.html.clone())));
    }
    (out, skipped)
}

fn piece<'a>(s: &str, is_code: bool) -> Event<'a> {
    let s = CowStr::from(s.to_string());
    if is_code {
        Event::Code(s)
    } else {
        Event::Text(s)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use pulldown_cmark::{Parser, Tag, TagEnd};

    fn inline(md: &str) -> Vec<Event<'_>> {
        Parser::new(md).filter(|e| !matches!(e, Event::Start(Tag::Paragraph) | Event::End(TagEnd::Paragraph))).collect()
    }

    fn html(events: Vec<Event>) -> String {
        let mut s = String::new();
        pulldown_cmark::html::push_html(&mut s, events.into_iter());
        s
    }

    fn mark(start: usize, end: usize, tag: &str) -> Mark {
        Mark { start, end, open: format!("<{tag}>"), close: format!("</{tag}>") }
    }

    #[test]
    fn wraps_spans_and_inserts_points() {
        let ev = inline("Trotsky met Zinoviev.");
        let marks =
            ParaMarks { marks: vec![mark(0, 7, "a"), mark(12, 20, "b")], points: vec![(20, "<sup>a</sup>".into())] };
        let (out, skipped) = weave(&ev, &marks);
        assert!(skipped.is_empty());
        assert_eq!(html(out), "<a>Trotsky</a> met <b>Zinoviev</b><sup>a</sup>.");
    }

    #[test]
    fn nested_spans_nest_and_escaping_is_kept() {
        let ev = inline("A &lt; Lenin’s Testament");
        // plain text: "A < Lenin’s Testament"
        let text = "A < Lenin’s Testament";
        let s = text.find("Lenin").unwrap();
        let marks = ParaMarks { marks: vec![mark(s, text.len(), "i"), mark(s, s + 5, "a")], points: vec![] };
        let (out, _) = weave(&ev, &marks);
        assert_eq!(html(out), "A &lt; <i><a>Lenin</a>’s Testament</i>");
    }

    #[test]
    fn spans_across_formatting_are_skipped_not_misnested() {
        let ev = inline("one *two three* four");
        // "one two three four": a span from "two" into "four" crosses </em>
        let (out, skipped) = weave(&ev, &ParaMarks { marks: vec![mark(4, 18, "a"), mark(4, 7, "b")], points: vec![] });
        assert_eq!(skipped, vec![0]);
        assert_eq!(html(out), "one <em><b>two</b> three</em> four");
    }

    #[test]
    fn spans_at_the_edges_of_formatting_stay_inside_it() {
        let ev = inline("*Pravda* wrote");
        let (out, _) = weave(&ev, &ParaMarks { marks: vec![mark(0, 6, "a")], points: vec![(6, "<x>".into())] });
        assert_eq!(html(out), "<em><a>Pravda</a><x></em> wrote");
    }
}
