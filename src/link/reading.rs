//! The corrected reading of a paragraph: its printed text with every emendation applied.
//! It is what readers see, so mentions are found in it, and every view that quotes the
//! author (mentions in context, search, exports) quotes it, with the emended spans marked
//! and the printed words beside them.

/// An emended span of a reading.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Emended {
    /// Byte range of the corrected words in the reading.
    pub start: usize,
    /// End of that range.
    pub end: usize,
    /// Byte range of the printed words in the paragraph's printed text.
    pub printed: (usize, usize),
    /// Index of the emendation in its sidecar list.
    pub index: usize,
}

/// A paragraph's corrected reading.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Reading {
    /// The text with every emendation applied.
    pub text: String,
    /// The emended spans, in order, not overlapping.
    pub emended: Vec<Emended>,
}

/// A piece of a quoted passage: plain words, or corrected words with the printed ones.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct Segment {
    /// The words as the edition reads them.
    pub text: String,
    /// Whether these are corrected words.
    pub corrected: bool,
    /// The printed words, on the last piece of corrected words that the passage shows (a
    /// correction cut by the passage's edges or by a mention is given once).
    pub printed: Option<String>,
}

impl Reading {
    /// Apply `spans` (printed byte range, corrected words, emendation index), sorted and
    /// not overlapping, to `printed`.
    pub fn new(printed: &str, spans: &[(usize, usize, &str, usize)]) -> Reading {
        let mut text = String::with_capacity(printed.len());
        let mut emended = Vec::with_capacity(spans.len());
        let mut at = 0;
        for &(s, e, corr, index) in spans {
            text.push_str(&printed[at..s]);
            let start = text.len();
            text.push_str(corr);
            emended.push(Emended { start, end: text.len(), printed: (s, e), index });
            at = e;
        }
        text.push_str(&printed[at..]);
        Reading { text, emended }
    }

    /// A reading with no emendation.
    pub fn plain(text: &str) -> Reading {
        Reading { text: text.to_string(), emended: Vec::new() }
    }

    /// The offset in the printed text of `at`, an offset in the reading: inside an emended
    /// span, that span's printed start (`end == false`) or end (`end == true`).
    pub fn to_printed(&self, at: usize, end: bool) -> usize {
        let mut shift: isize = 0;
        for e in &self.emended {
            if at < e.start || (end && at == e.start) {
                break;
            }
            if at < e.end || (end && at == e.end) {
                return if end { e.printed.1 } else { e.printed.0 };
            }
            shift += (e.printed.1 - e.printed.0) as isize - (e.end - e.start) as isize;
        }
        (at as isize + shift) as usize
    }

    /// The offset in the reading of `at`, an offset in the printed text (inside an emended
    /// span: that span's start or end, as for [`Reading::to_printed`]).
    pub fn from_printed(&self, at: usize, end: bool) -> usize {
        let mut shift: isize = 0;
        for e in &self.emended {
            let (ps, pe) = e.printed;
            if at < ps || (end && at == ps) {
                break;
            }
            if at < pe || (end && at == pe) {
                return if end { e.end } else { e.start };
            }
            shift += (e.end - e.start) as isize - (pe - ps) as isize;
        }
        (at as isize + shift) as usize
    }

    /// The emended spans that overlap `start..end` of the reading.
    pub fn emended_in(&self, start: usize, end: usize) -> impl Iterator<Item = &Emended> {
        self.emended.iter().filter(move |e| e.start < end && start < e.end)
    }

    /// `start..end` of the reading cut into plain and corrected pieces; `printed` is the
    /// paragraph's printed text, from which the printed words are taken.
    pub fn segments(&self, printed: &str, start: usize, end: usize) -> Vec<Segment> {
        let mut out = Vec::new();
        let mut at = start;
        for e in self.emended_in(start, end) {
            if e.start > at {
                out.push(Segment { text: self.text[at..e.start].to_string(), corrected: false, printed: None });
            }
            let (s, t) = (e.start.max(at), e.end.min(end));
            out.push(Segment {
                text: self.text[s..t].to_string(),
                corrected: true,
                printed: (t == e.end || t == end).then(|| printed[e.printed.0..e.printed.1].to_string()),
            });
            at = t;
        }
        if at < end {
            out.push(Segment { text: self.text[at..end].to_string(), corrected: false, printed: None });
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn offsets_map_both_ways_around_emendations() {
        let printed = "Sent to Alma Ata on January 17, 1925, by train.";
        let a = printed.find("Alma Ata").unwrap();
        let y = printed.find("1925").unwrap();
        let r = Reading::new(printed, &[(a, a + 8, "Alma-Ata", 0), (y, y + 4, "1928", 1)]);
        assert_eq!(r.text, "Sent to Alma-Ata on January 17, 1928, by train.");
        let by = r.text.find("by").unwrap();
        assert_eq!(r.to_printed(by, false), printed.find("by").unwrap());
        assert_eq!(r.from_printed(printed.find("by").unwrap(), false), by);
        // inside an emended span: its edges
        assert_eq!(r.to_printed(a + 2, false), a);
        assert_eq!(r.to_printed(a + 2, true), a + 8);
        // a span ending where an emendation ends
        assert_eq!(r.to_printed(r.text.find(" on").unwrap(), true), a + 8);
    }

    #[test]
    fn unequal_lengths_shift_what_follows() {
        let printed = "Suvarin and Rosmer.";
        let r = Reading::new(printed, &[(0, 7, "Souvarine", 0)]);
        let rosmer = r.text.find("Rosmer").unwrap();
        assert_eq!(&printed[r.to_printed(rosmer, false)..][..6], "Rosmer");
        assert_eq!(r.from_printed(printed.find("Rosmer").unwrap(), false), rosmer);
    }

    #[test]
    fn segments_mark_the_corrected_words() {
        let printed = "deported to Alma Ata on January 17, 1925";
        let y = printed.find("1925").unwrap();
        let r = Reading::new(printed, &[(y, y + 4, "1928", 0)]);
        let segs = r.segments(printed, 12, r.text.len());
        assert_eq!(segs.len(), 2);
        assert_eq!(segs[1], Segment { text: "1928".into(), corrected: true, printed: Some("1925".into()) });
        // a correction cut in two (a mention inside it) gives its printed words once
        let first = r.segments(printed, 12, y + 2);
        let rest = r.segments(printed, y + 2, r.text.len());
        assert_eq!(first.last().unwrap().printed.as_deref(), Some("1925"), "cut by the end of the passage");
        assert_eq!(rest[0], Segment { text: "28".into(), corrected: true, printed: Some("1925".into()) });
        assert_eq!(segs[0].text, "Alma Ata on January 17, ");
    }
}
