//! Coverage: how much of the text's vocabulary of names the annotations reach. For each
//! chapter, the capitalised words (candidate proper names) that are not part of any
//! mention and not on the sidecar's `ignore` list, and the share of candidate names that
//! are linked.
//!
//! A capitalised word counts as a candidate name unless it is a common function word, or
//! it begins a sentence and the chapter never uses it capitalised elsewhere. Runs of
//! capitalised words ("Central Control Commission") are reported together.

use super::LinkedChapter;
use serde::Serialize;
use std::collections::{BTreeMap, HashSet};

/// Words that are capitalised for grammatical reasons, never names.
const COMMON: &[&str] = &[
    "A",
    "After",
    "All",
    "Also",
    "Although",
    "An",
    "And",
    "Another",
    "Any",
    "Are",
    "As",
    "At",
    "Be",
    "Because",
    "Before",
    "Besides",
    "Both",
    "But",
    "By",
    "Did",
    "Do",
    "Does",
    "During",
    "Each",
    "Even",
    "Every",
    "Finally",
    "First",
    "For",
    "From",
    "Had",
    "Has",
    "Have",
    "He",
    "Her",
    "Here",
    "His",
    "How",
    "However",
    "I",
    "If",
    "In",
    "Indeed",
    "Is",
    "It",
    "Its",
    "Just",
    "Later",
    "Let",
    "Like",
    "Many",
    "May",
    "Meanwhile",
    "More",
    "Moreover",
    "Most",
    "Much",
    "My",
    "Neither",
    "Never",
    "Nevertheless",
    "No",
    "Nor",
    "Not",
    "Nothing",
    "Now",
    "Of",
    "On",
    "Once",
    "One",
    "Only",
    "Or",
    "Other",
    "Our",
    "Over",
    "Perhaps",
    "Second",
    "Secondly",
    "She",
    "Since",
    "So",
    "Some",
    "Still",
    "Such",
    "Than",
    "That",
    "The",
    "Their",
    "Them",
    "Then",
    "There",
    "These",
    "They",
    "This",
    "Those",
    "Thus",
    "To",
    "Under",
    "Unlike",
    "Until",
    "Up",
    "Was",
    "We",
    "Were",
    "What",
    "When",
    "Where",
    "Whether",
    "Which",
    "While",
    "Who",
    "Whom",
    "Whose",
    "Why",
    "With",
    "Within",
    "Without",
    "Yes",
    "Yet",
    "You",
    "Your",
    "Mr",
    "Mrs",
    "Dr",
    "St",
];

/// An unlinked candidate name and where it occurs.
#[derive(Clone, Debug, Serialize, PartialEq, Eq)]
pub struct Unlinked {
    /// The words, as printed.
    pub text: String,
    /// Paragraph numbers (1-based) where it occurs unlinked.
    pub paragraphs: Vec<usize>,
}

/// Coverage of one chapter.
#[derive(Clone, Debug, Serialize, PartialEq)]
pub struct ChapterCoverage {
    /// Candidate name words in the chapter.
    pub name_words: usize,
    /// Of which inside a mention.
    pub linked_words: usize,
    /// Of which on the ignore list.
    pub ignored_words: usize,
    /// Unlinked, unignored names, most frequent first.
    pub unlinked: Vec<Unlinked>,
}

impl ChapterCoverage {
    /// Linked share of the candidate name words that are not ignored, in percent.
    pub fn linked_percent(&self) -> f64 {
        let base = self.name_words.saturating_sub(self.ignored_words);
        if base == 0 {
            100.0
        } else {
            100.0 * self.linked_words as f64 / base as f64
        }
    }
}

struct Word {
    start: usize,
    end: usize,
    sentence_start: bool,
}

fn words(text: &str) -> Vec<Word> {
    let mut out = Vec::new();
    let mut sentence_start = true;
    let mut iter = text.char_indices().peekable();
    while let Some((i, c)) = iter.next() {
        if c.is_alphanumeric() {
            let mut end = i + c.len_utf8();
            while let Some(&(j, d)) = iter.peek() {
                let rest = &text[j + d.len_utf8()..];
                // a possessive ’s is not part of the name: "Trotsky’s" is the word "Trotsky"
                let possessive = (d == '’' || d == '\'')
                    && rest.starts_with('s')
                    && !rest[1..].chars().next().is_some_and(char::is_alphanumeric);
                let joins = d.is_alphanumeric()
                    || (!possessive
                        && (d == '-' || d == '’' || d == '\'' || d == '.')
                        && rest.chars().next().is_some_and(char::is_alphanumeric));
                if !joins {
                    break;
                }
                end = j + d.len_utf8();
                iter.next();
            }
            out.push(Word { start: i, end, sentence_start });
            sentence_start = false;
        } else if matches!(c, '.' | '!' | '?' | ':' | '“' | '"' | '(' | '[' | '—' | '–') {
            sentence_start = true;
        } else if !c.is_whitespace() && !matches!(c, '’' | '”' | ')' | ']' | ',' | ';' | '\'') {
            sentence_start = false;
        }
    }
    out
}

fn is_capitalised(w: &str) -> bool {
    w.chars().next().is_some_and(char::is_uppercase)
}

/// Measure one chapter.
pub fn chapter_coverage(ch: &LinkedChapter, ignore: &[String]) -> ChapterCoverage {
    let common: HashSet<&str> = COMMON.iter().copied().collect();
    // words used capitalised in mid-sentence somewhere in the chapter
    let mut mid_caps: HashSet<&str> = HashSet::new();
    for p in &ch.readings {
        for w in words(&p.text) {
            let s = &p.text[w.start..w.end];
            if !w.sentence_start && is_capitalised(s) {
                mid_caps.insert(s);
            }
        }
    }
    let mut cov = ChapterCoverage { name_words: 0, linked_words: 0, ignored_words: 0, unlinked: Vec::new() };
    let mut unlinked: BTreeMap<String, Vec<usize>> = BTreeMap::new();
    for (pi, p) in ch.readings.iter().enumerate() {
        let mentions = &ch.mentions[pi];
        let ignored_spans: Vec<(usize, usize)> = ignore
            .iter()
            .filter(|s| !s.is_empty())
            .flat_map(|s| p.text.match_indices(s.as_str()).map(|(i, m)| (i, i + m.len())))
            .collect();
        let ws = words(&p.text);
        let mut run: Vec<(usize, usize)> = Vec::new();
        let flush = |run: &mut Vec<(usize, usize)>, unlinked: &mut BTreeMap<String, Vec<usize>>| {
            if let (Some(first), Some(last)) = (run.first(), run.last()) {
                let entry = unlinked.entry(p.text[first.0..last.1].to_string()).or_default();
                if entry.last() != Some(&(pi + 1)) {
                    entry.push(pi + 1);
                }
            }
            run.clear();
        };
        for (k, w) in ws.iter().enumerate() {
            let s = &p.text[w.start..w.end];
            let candidate = is_capitalised(s)
                && !common.contains(s)
                && !s.chars().all(|c| c.is_uppercase() && s.len() == 1)
                && (!w.sentence_start || mid_caps.contains(s));
            if !candidate {
                flush(&mut run, &mut unlinked);
                continue;
            }
            cov.name_words += 1;
            if mentions.iter().any(|m| m.start <= w.start && w.end <= m.end) {
                cov.linked_words += 1;
                flush(&mut run, &mut unlinked);
            } else if ignored_spans.iter().any(|(a, b)| *a <= w.start && w.end <= *b) {
                cov.ignored_words += 1;
                flush(&mut run, &mut unlinked);
            } else {
                // join with the previous word if only spaces lie between
                let adjacent = k > 0 && run.last().is_some_and(|l| p.text[l.1..w.start].chars().all(|c| c == ' '));
                if !adjacent {
                    flush(&mut run, &mut unlinked);
                }
                run.push((w.start, w.end));
            }
        }
        flush(&mut run, &mut unlinked);
    }
    let mut list: Vec<Unlinked> =
        unlinked.into_iter().map(|(text, paragraphs)| Unlinked { text, paragraphs }).collect();
    list.sort_by(|a, b| b.paragraphs.len().cmp(&a.paragraphs.len()).then(a.text.cmp(&b.text)));
    cov.unlinked = list;
    cov
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::link::Mention;
    use crate::link::Reading;

    #[test]
    fn unlinked_names_are_listed_and_linked_ones_counted() {
        let text = "The Opposition met. Trotsky spoke with Central Control Commission members. Then Trotsky left.";
        let t = text.find("Trotsky").unwrap();
        let ch = LinkedChapter {
            readings: vec![Reading::plain(text)],
            mentions: vec![vec![Mention { start: t, end: t + 7, entity: crate::model::EntityId::new(0) }]],
            ..Default::default()
        };
        let cov = chapter_coverage(&ch, &[]);
        let names: Vec<&str> = cov.unlinked.iter().map(|u| u.text.as_str()).collect();
        // "The" and "Then" are function words; the second Trotsky is unlinked
        assert_eq!(names, ["Central Control Commission", "Opposition", "Trotsky"]);
        assert_eq!(cov.linked_words, 1);
        assert_eq!(cov.name_words, 6);
        let ignore = ["Central Control Commission".into(), "Trotsky".into(), "Opposition".into()];
        let cov = chapter_coverage(&ch, &ignore);
        assert_eq!(cov.unlinked.len(), 0);
        assert_eq!(cov.ignored_words, 5);
        assert_eq!(cov.linked_percent(), 100.0);
    }

    #[test]
    fn sentence_initial_words_count_only_if_capitalised_elsewhere() {
        let text = "Later the Opposition grew. Opposition was strong. Meanwhile Moscow slept. Nothing happened. Moscow’s mayor.";
        let ch = LinkedChapter { readings: vec![Reading::plain(text)], mentions: vec![vec![]], ..Default::default() };
        let names: Vec<String> = chapter_coverage(&ch, &[]).unlinked.into_iter().map(|u| u.text).collect();
        assert_eq!(names, ["Moscow", "Opposition"]);
    }
}
