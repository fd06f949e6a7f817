//! Weaving annotations into a paragraph: given spans of the paragraph's plain text (the
//! same text `link` searched) with the HTML to open and close around each, and points where
//! HTML is inserted, rewrite the paragraph's inline events.
//!
//! Spans must not partially overlap one another (callers resolve that). A span whose start
//! and end lie in different inline contexts (say, starting inside an emphasis and ending
//! after it) would produce mis-nested HTML. A span that is a link ([`Mark::link`]) is then
//! moved out to the edges of the formatting when it covers it from its first character
//! (`*Lev* Kamenev` → `<a><em>Lev</em> Kamenev</a>`), or else cut into one link per piece of
//! formatting; any other such span is skipped and reported back. A link is never put inside
//! the text of another link or of an image description.
//!
//! Finding the context of an offset is a binary search, so the work is proportional to the
//! events and marks of the paragraph times the depth of its inline nesting (which loading
//! caps, see `crate::load::nesting`).

use pulldown_cmark::{CowStr, Event, Tag};

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
    /// The span is a link: never inside another link, and it may be moved to the edges of
    /// formatting it crosses, or cut into several links.
    pub link: bool,
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

/// Where an insert goes: at an offset of the plain text (inside the text event holding it),
/// or right before an event (by index; the number of events means after the last).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Slot {
    Offset(usize),
    Event(usize),
}

/// The inline structure of a paragraph's events, for placing spans.
struct Layout<'e, 'a> {
    events: &'e [Event<'a>],
    /// Per text-like event: its offset range and its context (indices of the open tags).
    ranges: Vec<(usize, usize, Vec<usize>)>,
    /// Per event: the plain-text offset just before it.
    offset_before: Vec<usize>,
    /// Per start event: the index of its end event.
    end_of: Vec<usize>,
}

impl<'e, 'a> Layout<'e, 'a> {
    fn new(events: &'e [Event<'a>]) -> Self {
        let mut ranges = Vec::new();
        let mut offset_before = Vec::with_capacity(events.len() + 1);
        let mut end_of = vec![usize::MAX; events.len()];
        let mut stack: Vec<usize> = Vec::new();
        let mut pos = 0;
        for (i, ev) in events.iter().enumerate() {
            offset_before.push(pos);
            match ev {
                Event::Start(_) => stack.push(i),
                Event::End(_) => {
                    if let Some(s) = stack.pop() {
                        end_of[s] = i;
                    }
                }
                Event::Text(t) | Event::Code(t) | Event::Html(t) | Event::InlineHtml(t) => {
                    ranges.push((pos, pos + t.len(), stack.clone()));
                    pos += t.len();
                }
                Event::SoftBreak | Event::HardBreak => pos += 1,
                _ => {}
            }
        }
        offset_before.push(pos);
        Layout { events, ranges, offset_before, end_of }
    }

    /// The context of the character at `offset` (or, `at_end`, of the one before it).
    fn context(&self, offset: usize, at_end: bool) -> Option<&[usize]> {
        let i = if at_end {
            self.ranges.partition_point(|r| r.1 < offset)
        } else {
            self.ranges.partition_point(|r| r.1 <= offset)
        };
        let (s, e, c) = self.ranges.get(i)?;
        let inside = if at_end { *s < offset && offset <= *e } else { *s <= offset && offset < *e };
        inside.then_some(c.as_slice())
    }

    /// Whether a context lies inside a link or an image.
    fn in_link(&self, context: &[usize]) -> bool {
        context.iter().any(|&i| matches!(self.events[i], Event::Start(Tag::Link { .. } | Tag::Image { .. })))
    }

    /// Where to open and close `m`, as one or more pairs; `None` when it cannot be woven.
    fn place(&self, m: &Mark) -> Option<Vec<(Slot, Slot, usize, usize)>> {
        if m.start >= m.end {
            return None;
        }
        let (cs, ce) = (self.context(m.start, false)?, self.context(m.end, true)?);
        if m.link && (self.in_link(cs) || self.in_link(ce)) {
            return None;
        }
        if cs == ce {
            return Some(vec![(Slot::Offset(m.start), Slot::Offset(m.end), m.start, m.end)]);
        }
        if !m.link {
            return None;
        }
        match (self.hoisted_open(m, cs, ce), self.hoisted_close(m, cs, ce)) {
            (Some(open), Some(close)) => Some(vec![(open, close, m.start, m.end)]),
            _ => self.pieces(m),
        }
    }

    /// The open of a span whose start is inside formatting its end is not in: before that
    /// formatting, if the span starts with it.
    fn hoisted_open(&self, m: &Mark, cs: &[usize], ce: &[usize]) -> Option<Slot> {
        let common = cs.iter().zip(ce).take_while(|(a, b)| a == b).count();
        match cs.get(common) {
            None => Some(Slot::Offset(m.start)),
            Some(&t) => (self.offset_before[t] == m.start).then_some(Slot::Event(t)),
        }
    }

    /// The close, likewise: after the formatting the span's end is in, if it ends with it.
    fn hoisted_close(&self, m: &Mark, cs: &[usize], ce: &[usize]) -> Option<Slot> {
        let common = cs.iter().zip(ce).take_while(|(a, b)| a == b).count();
        match ce.get(common) {
            None => Some(Slot::Offset(m.end)),
            Some(&t) => {
                let e = *self.end_of.get(t)?;
                (e != usize::MAX && self.offset_before[e] == m.end).then_some(Slot::Event(e + 1))
            }
        }
    }

    /// A link cut at every change of context, one piece per run of text in one context.
    fn pieces(&self, m: &Mark) -> Option<Vec<(Slot, Slot, usize, usize)>> {
        let first = self.ranges.partition_point(|r| r.1 <= m.start);
        let mut out: Vec<(Slot, Slot, usize, usize)> = Vec::new();
        let mut last_context: Option<&[usize]> = None;
        for (s, e, c) in self.ranges[first..].iter().take_while(|r| r.0 < m.end) {
            let (a, b) = ((*s).max(m.start), (*e).min(m.end));
            if a >= b || self.in_link(c) {
                last_context = None;
                continue;
            }
            match out.last_mut() {
                Some(piece) if last_context == Some(c.as_slice()) => {
                    piece.1 = Slot::Offset(b);
                    piece.3 = b;
                }
                _ => out.push((Slot::Offset(a), Slot::Offset(b), a, b)),
            }
            last_context = Some(c.as_slice());
        }
        (!out.is_empty()).then_some(out)
    }
}

/// Weave `marks` into the inline events of one paragraph. Returns the new events and the
/// indices of marks that had to be skipped (mis-nested with inline formatting, or a link
/// inside a link).
pub fn weave<'a>(events: &[Event<'a>], marks: &ParaMarks) -> (Vec<Event<'a>>, Vec<usize>) {
    if marks.marks.is_empty() && marks.points.is_empty() {
        return (events.to_vec(), Vec::new());
    }
    let layout = Layout::new(events);
    let mut inserts = Vec::new();
    let mut before_event: Vec<(usize, Insert)> = Vec::new();
    let mut skipped = Vec::new();
    for (k, m) in marks.marks.iter().enumerate() {
        let Some(pairs) = layout.place(m) else {
            skipped.push(k);
            continue;
        };
        for (open, close, start, end) in pairs {
            let o = Insert { at: start, side: Side::Open, rank: -(end as i64), html: m.open.clone() };
            let c = Insert { at: end, side: Side::Close, rank: -(start as i64), html: m.close.clone() };
            for (slot, ins) in [(open, o), (close, c)] {
                match slot {
                    Slot::Offset(_) => inserts.push(ins),
                    Slot::Event(i) => before_event.push((i, ins)),
                }
            }
        }
    }
    for (at, html) in &marks.points {
        inserts.push(Insert { at: *at, side: Side::Point, rank: 0, html: html.clone() });
    }
    inserts.sort_by_key(|i| (i.at, i.side, i.rank));
    before_event.sort_by_key(|(e, i)| (*e, i.side, i.rank));

    let mut out = Vec::with_capacity(events.len() + inserts.len() * 2 + before_event.len());
    let mut next = 0; // next insert to emit
    let mut next_ev = 0; // next insert placed before an event
    let mut pos = 0;
    for (index, ev) in events.iter().enumerate() {
        while next_ev < before_event.len() && before_event[next_ev].0 <= index {
            out.push(Event::Html(CowStr::from(before_event[next_ev].1.html.clone())));
            next_ev += 1;
        }
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
    for (_, ins) in &before_event[next_ev..] {
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
        Mark { start, end, open: format!("<{tag}>"), close: format!("</{tag}>"), link: false }
    }

    fn link(start: usize, end: usize) -> Mark {
        Mark { start, end, open: "<a>".into(), close: "</a>".into(), link: true }
    }

    #[test]
    fn links_across_emphasis_go_around_it_or_are_cut() {
        let woven = |md: &str, start: usize, end: usize| {
            html(weave(&inline(md), &ParaMarks { marks: vec![link(start, end)], points: vec![] }).0)
        };
        // plain text "Lev Kamenev"
        assert_eq!(woven("*Lev* Kamenev", 0, 11), "<a><em>Lev</em> Kamenev</a>");
        assert_eq!(woven("Lev *Kamenev* said", 0, 11), "<a>Lev <em>Kamenev</em></a> said");
        assert_eq!(woven("**Lev Kamenev**", 0, 11), "<strong><a>Lev Kamenev</a></strong>");
        assert_eq!(woven("***Lev** Kamenev*", 0, 11), "<em><a><strong>Lev</strong> Kamenev</a></em>");
        // "the Lev Kamenev": the emphasis starts before the name
        assert_eq!(woven("*the Lev* Kamenev", 4, 15), "<em>the <a>Lev</a></em><a> Kamenev</a>");
    }

    #[test]
    fn no_link_inside_a_link_or_image() {
        let ev = inline("[to Lev Kamenev](https://example.org/) ![Lev](x.png) Lev");
        // "to Lev Kamenev Lev Lev"
        let marks = ParaMarks { marks: vec![link(3, 6), link(15, 18), link(19, 22)], points: vec![] };
        let (out, skipped) = weave(&ev, &marks);
        assert_eq!(skipped, vec![0, 1]);
        let h = html(out);
        assert_eq!(h.matches("<a").count(), 2, "{h}");
        assert!(h.ends_with("<a>Lev</a>"), "{h}");
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
