//! Quote anchors: finding the one place in a chapter that a sidecar item's `quote` (with
//! its optional `prefix` and `suffix`) refers to.

use crate::model::document::Paragraph as ParaText;
use crate::model::sidecar::Anchor;

/// A span of one paragraph's plain text.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Span {
    /// Paragraph index (0-based).
    pub para: usize,
    /// Byte offset where the quoted words start.
    pub start: usize,
    /// Byte offset where they end.
    pub end: usize,
}

/// Why an anchor could not be resolved.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum AnchorError {
    /// The quote is empty.
    Empty,
    /// Not found; `near` describes a near miss (different quotes, spacing or case).
    NotFound {
        /// What a relaxed search found, if anything.
        near: Option<String>,
    },
    /// Found more than once: the paragraph numbers (1-based) of each place.
    Ambiguous {
        /// 1-based paragraph numbers, one per occurrence.
        paragraphs: Vec<usize>,
    },
}

/// Resolve an anchor against a chapter's paragraphs.
pub fn resolve(paras: &[ParaText], a: &Anchor) -> Result<Span, AnchorError> {
    if a.quote.is_empty() {
        return Err(AnchorError::Empty);
    }
    let prefix = a.prefix.as_deref().unwrap_or("");
    let suffix = a.suffix.as_deref().unwrap_or("");
    let needle = format!("{prefix}{}{suffix}", a.quote);
    let mut found = Vec::new();
    for (i, p) in paras.iter().enumerate() {
        let mut from = 0;
        while let Some(pos) = p.text[from..].find(&needle) {
            let at = from + pos;
            found.push(Span { para: i, start: at + prefix.len(), end: at + prefix.len() + a.quote.len() });
            from = at + needle.len().max(1);
            from = next_boundary(&p.text, from);
        }
    }
    match found.len() {
        1 => Ok(found[0]),
        0 => Err(AnchorError::NotFound { near: near_miss(paras, &needle) }),
        _ => Err(AnchorError::Ambiguous { paragraphs: found.iter().map(|s| s.para + 1).collect() }),
    }
}

fn next_boundary(s: &str, mut i: usize) -> usize {
    while i < s.len() && !s.is_char_boundary(i) {
        i += 1;
    }
    i
}

/// Fold what editors commonly get wrong when copying: curly vs straight quotes and
/// apostrophes, dashes, runs of spaces, case.
fn fold(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut space = false;
    for c in s.chars() {
        let c = match c {
            '’' | '‘' | '`' => '\'',
            '“' | '”' | '„' => '"',
            '–' | '—' => '-',
            c if c.is_whitespace() => ' ',
            c => c,
        };
        if c == ' ' {
            if space {
                continue;
            }
            space = true;
        } else {
            space = false;
        }
        out.extend(c.to_lowercase());
    }
    out
}

fn near_miss(paras: &[ParaText], needle: &str) -> Option<String> {
    let n = fold(needle);
    if n.trim().is_empty() {
        return None;
    }
    for (i, p) in paras.iter().enumerate() {
        let t = fold(&p.text);
        if let Some(pos) = t.find(&n) {
            // show the text as printed, from the folded position (approximate by chars)
            let start_chars = t[..pos].chars().count();
            let len_chars = n.chars().count();
            let printed: String = p.text.chars().skip(start_chars).take(len_chars).collect();
            return Some(format!(
                "paragraph {} has “{}”, which differs in quotes, dashes, spacing or capitals",
                i + 1,
                printed.trim_end()
            ));
        }
    }
    None
}

/// The shortest prefix (whole words before `span`) that makes `quote` unique in the chapter;
/// used to suggest a ready-made anchor to editors.
pub fn unique_prefix(paras: &[ParaText], span: Span) -> Option<String> {
    let text = &paras[span.para].text;
    let quote = &text[span.start..span.end];
    let before = &text[..span.start];
    let mut cut = before.len();
    for _ in 0..8 {
        // extend by one word
        let trimmed = before[..cut].trim_end();
        // past the whole whitespace character: it may be wider than a byte (U+00A0, U+3000)
        let word_start =
            trimmed.char_indices().rev().find(|&(_, c)| c.is_whitespace()).map_or(0, |(i, c)| i + c.len_utf8());
        if word_start >= cut {
            break;
        }
        cut = word_start;
        let prefix = &before[cut..];
        let a = Anchor { quote: quote.to_string(), prefix: Some(prefix.to_string()), suffix: None };
        if resolve(paras, &a) == Ok(span) {
            return Some(prefix.to_string());
        }
        if cut == 0 {
            break;
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn paras(texts: &[&str]) -> Vec<ParaText> {
        texts.iter().map(|t| ParaText::plain("", *t)).collect()
    }

    fn anchor(q: &str, p: Option<&str>, s: Option<&str>) -> Anchor {
        Anchor { quote: q.into(), prefix: p.map(Into::into), suffix: s.map(Into::into) }
    }

    #[test]
    fn unique_quotes_resolve_and_prefixes_disambiguate() {
        let ps = paras(&["I.N. Smirnov and V.M. Smirnov met.", "Smirnov left."]);
        assert_eq!(resolve(&ps, &anchor("met", None, None)), Ok(Span { para: 0, start: 30, end: 33 }));
        assert_eq!(
            resolve(&ps, &anchor("Smirnov", None, None)),
            Err(AnchorError::Ambiguous { paragraphs: vec![1, 1, 2] })
        );
        assert_eq!(resolve(&ps, &anchor("Smirnov", Some("V.M. "), None)), Ok(Span { para: 0, start: 22, end: 29 }));
        assert_eq!(resolve(&ps, &anchor("Smirnov", None, Some(" left"))), Ok(Span { para: 1, start: 0, end: 7 }));
    }

    #[test]
    fn near_misses_are_explained() {
        let ps = paras(&["Trotsky’s “attacks”"]);
        match resolve(&ps, &anchor("Trotsky's \"attacks\"", None, None)) {
            Err(AnchorError::NotFound { near: Some(n) }) => assert!(n.contains("paragraph 1"), "{n}"),
            other => panic!("{other:?}"),
        }
        assert_eq!(resolve(&ps, &anchor("", None, None)), Err(AnchorError::Empty));
    }

    #[test]
    fn suggests_the_shortest_unique_prefix() {
        let ps = paras(&["I.N. Smirnov and V.M. Smirnov met.", "Smirnov left."]);
        let span = Span { para: 0, start: 22, end: 29 };
        assert_eq!(unique_prefix(&ps, span).as_deref(), Some("V.M. "));
    }
}
