//! Finding mentions: every occurrence in the text of every entity's name or alias, in one
//! pass over the text with an Aho–Corasick automaton, so the cost grows with the length of
//! the text and not with the number of entities or how their names overlap.
//!
//! Rules:
//! - whole words only: the character before a match and the one after must not be a letter,
//!   digit or combining mark, so "Trotskyists" is not a mention of Trotsky but "Trotsky’s"
//!   is;
//! - a hyphen followed by a lower-case letter continues a word ("Sun-ism" is not "Sun"),
//!   while "Zinoviev-Kamenev" mentions both;
//! - straight and typographic apostrophes match each other;
//! - names are compared in Unicode normal form C: "Zinóviev" typed with a precomposed "ó"
//!   and with "o" and a combining accent are one name, in the registers and in the text;
//! - glossary terms and event names also match with a capital first letter (sentence start);
//! - where matches overlap, the leftmost wins, then the longest;
//! - a form shared by several entities is ambiguous: it is never guessed.
//!
//! Whole words are found by the automaton itself, not checked afterwards: the text and every
//! pattern are searched with two marker bytes (which never occur in UTF-8) inserted where a
//! word may start and where one may end, and every pattern begins with a start marker and
//! ends with an end marker. A leftmost-longest search then only ever reports whole-word
//! matches, with no quadratic sorting of overlapping candidates (5,000 aliases `A`, `AA`,
//! `AAA`, … once made `check` run for minutes).

use crate::load::registry::Registry;
use crate::model::{Entity, EntityId, Kind};
use aho_corasick::{AhoCorasick, MatchKind};
use std::collections::{BTreeMap, BTreeSet};
use unicode_normalization::UnicodeNormalization;

/// Inserted where a word may end (before a character that does not continue a word).
const WORD_END: u8 = 0xFE;
/// Inserted where a word may start (after a character that is not part of a word).
const WORD_START: u8 = 0xFF;

/// A match of a surface form in a paragraph.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Found {
    /// Byte offset of the start.
    pub start: usize,
    /// Byte offset of the end.
    pub end: usize,
    /// The entities this form names (more than one: ambiguous).
    pub candidates: Vec<EntityId>,
}

/// The automaton over all surface forms of all entities.
pub struct Linker {
    ac: Option<AhoCorasick>,
    /// Pattern id → candidate entity indices.
    candidates: Vec<Vec<EntityId>>,
}

impl Linker {
    /// Build the automaton from the registry.
    pub fn new(reg: &Registry) -> Linker {
        let mut forms: BTreeMap<String, BTreeSet<EntityId>> = BTreeMap::new();
        for i in reg.ids() {
            for form in surface_forms(&reg.entities[i]) {
                forms.entry(form).or_default().insert(i);
            }
        }
        // each form (in NFC) is searched as written and decomposed (NFD)
        let mut patterns: Vec<Vec<u8>> = Vec::new();
        let mut candidates: Vec<Vec<EntityId>> = Vec::new();
        for (form, set) in forms {
            let set: Vec<EntityId> = set.into_iter().collect();
            let nfd: String = form.nfd().collect();
            if nfd != form {
                patterns.push(marked(&nfd).0);
                candidates.push(set.clone());
            }
            patterns.push(marked(&form).0);
            candidates.push(set);
        }
        let ac = if patterns.is_empty() {
            None
        } else {
            AhoCorasick::builder().match_kind(MatchKind::LeftmostLongest).build(&patterns).ok()
        };
        Linker { ac, candidates }
    }

    /// Every whole-word match in `text`, non-overlapping, leftmost first then longest.
    pub fn find(&self, text: &str) -> Vec<Found> {
        let Some(ac) = &self.ac else { return Vec::new() };
        let (hay, markers) = marked(text);
        // a position in `hay` back to one in `text`: minus the markers before it
        let original = |at: usize| at - markers.partition_point(|&m| m < at);
        ac.find_iter(&hay)
            .map(|m| Found {
                start: original(m.start()),
                end: original(m.end()),
                candidates: self.candidates[m.pattern().as_usize()].clone(),
            })
            .filter(|f| f.start < f.end)
            .collect()
    }
}

/// `text` with word markers inserted, and the positions of the markers in the result.
fn marked(text: &str) -> (Vec<u8>, Vec<usize>) {
    let mut out = Vec::with_capacity(text.len() + text.len() / 2 + 2);
    let mut markers = Vec::new();
    let mut prev_is_word = false;
    let mut chars = text.char_indices().peekable();
    loop {
        let next = chars.next();
        let continues = match next {
            None => false,
            Some((_, c)) => is_word_char(c) || (c == '-' && chars.peek().is_some_and(|(_, n)| n.is_lowercase())),
        };
        if !continues {
            markers.push(out.len());
            out.push(WORD_END);
        }
        if !prev_is_word {
            markers.push(out.len());
            out.push(WORD_START);
        }
        let Some((i, c)) = next else { break };
        out.extend_from_slice(&text.as_bytes()[i..i + c.len_utf8()]);
        prev_is_word = is_word_char(c);
    }
    (out, markers)
}

/// Letters, digits and combining marks (the accent of a decomposed "ó") make up words.
fn is_word_char(c: char) -> bool {
    c.is_alphanumeric() || unicode_normalization::char::is_combining_mark(c)
}

/// The forms to look for: the display name and every alias, with apostrophe variants, and
/// for terms and events a capitalised variant; all in Unicode normal form C.
pub fn surface_forms(e: &Entity) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    let label = match e {
        // event titles are descriptive ("Fifteenth Congress of the CPSU"), not necessarily printed
        Entity::Event(_) => None,
        _ => Some(e.label()),
    };
    for form in label.into_iter().chain(e.aliases().iter().map(String::as_str)) {
        let form: String = form.trim().nfc().collect();
        if form.is_empty() {
            continue;
        }
        let mut variants = vec![form.clone()];
        if matches!(e.kind(), Kind::Term | Kind::Event) {
            let mut cs = form.chars();
            if let Some(first) = cs.next() {
                if first.is_lowercase() {
                    variants.push(first.to_uppercase().chain(cs).collect());
                }
            }
        }
        for v in variants {
            if v.contains(['\'', '’']) {
                out.insert(v.replace('’', "'"));
                out.insert(v.replace('\'', "’"));
            } else {
                out.insert(v);
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::load::source::{Origin, SourceFile};
    use crate::model::entity::{Person, Term};
    use std::sync::Arc;

    fn person(id: &str, name: &str, aliases: &[&str]) -> Entity {
        Entity::Person(Person::named(id, name, aliases))
    }

    fn registry(entities: Vec<Entity>) -> Registry {
        let file = Arc::new(SourceFile::new("x.yaml".into(), String::new()));
        let mut reg = Registry::default();
        for e in entities {
            reg.push(e, Origin { file: Arc::clone(&file), index: None });
        }
        reg
    }

    fn found(linker: &Linker, text: &str) -> Vec<(String, Vec<usize>)> {
        let found = linker.find(text).into_iter();
        found.map(|f| (text[f.start..f.end].to_string(), f.candidates.iter().map(|c| c.index()).collect())).collect()
    }

    #[test]
    fn whole_words_possessives_initials_hyphens_longest() {
        let reg = registry(vec![
            person("trotsky", "Leon Trotsky", &["Trotsky", "LD"]),
            person("smirnov-ivan", "Ivan Smirnov", &["I.N. Smirnov", "Smirnov"]),
            person("smirnov-vladimir", "Vladimir Smirnov", &["V.M. Smirnov", "Smirnov"]),
            person("antonov", "Vladimir Antonov-Ovseenko", &["Antonov-Ovseenko"]),
            person("zinoviev", "Grigory Zinoviev", &["Zinoviev"]),
            person("sun", "Sun Yat-sen", &["Sun"]),
        ]);
        let l = Linker::new(&reg);
        assert_eq!(
            found(&l, "Trotsky’s friends, Trotsky's allies, the Trotskyists and Zinovievists."),
            vec![("Trotsky".into(), vec![0]), ("Trotsky".into(), vec![0])]
        );
        assert_eq!(
            found(&l, "I.N. Smirnov met Smirnov."),
            vec![("I.N. Smirnov".into(), vec![1]), ("Smirnov".into(), vec![1, 2])]
        );
        assert_eq!(
            found(&l, "Antonov-Ovseenko and the Zinoviev-Trotsky bloc"),
            vec![("Antonov-Ovseenko".into(), vec![3]), ("Zinoviev".into(), vec![4]), ("Trotsky".into(), vec![0]),]
        );
        assert_eq!(found(&l, "Sun-ism, not Sun."), vec![("Sun".into(), vec![5])]);
        assert_eq!(found(&l, "OLD, LDX, LD."), vec![("LD".into(), vec![0])]);
    }

    #[test]
    fn composed_and_decomposed_forms_are_one_name() {
        let nfc = "Zin\u{f3}viev";
        let nfd = "Zino\u{301}viev";
        let reg = registry(vec![person("zinoviev", nfc, &[]), person("zino", "Zino", &[])]);
        let l = Linker::new(&reg);
        let text = format!("{nfc} and {nfd}, not Zino\u{301}.");
        let f = found(&l, &text);
        assert_eq!(f, vec![(nfc.to_string(), vec![0]), (nfd.to_string(), vec![0])]);
        // aliases equal after normalisation are one form: ambiguous between their entities
        let reg = registry(vec![person("a", nfc, &[]), person("b", nfd, &[])]);
        assert_eq!(found(&Linker::new(&reg), nfd), vec![(nfd.to_string(), vec![0, 1])]);
    }

    #[test]
    fn prefix_chains_are_found_in_linear_time() {
        let aliases: Vec<String> = (1..=2000).map(|n| "A".repeat(n)).collect();
        let refs: Vec<&str> = aliases.iter().map(String::as_str).collect();
        let reg = registry(vec![person("a", "Alpha", &refs)]);
        let l = Linker::new(&reg);
        let text = "AAA ".repeat(50_000) + &"A".repeat(100_000);
        let start = std::time::Instant::now();
        let f = l.find(&text);
        assert_eq!(f.len(), 50_000);
        assert!(start.elapsed().as_secs() < 5, "{:?}", start.elapsed());
    }

    #[test]
    fn terms_match_at_sentence_start_and_apostrophes_fold() {
        let reg = registry(vec![Entity::Term(Term {
            id: "kulak".into(),
            term: "kulak".into(),
            kind: None,
            aliases: vec!["kulaks".into(), "Lenin’s Testament".into()],
            definition: String::new(),
            see_also: vec![],
            sources: vec![],
        })]);
        let l = Linker::new(&reg);
        let f = found(&l, "Kulaks grew. The kulaks and the kulak. Lenin's Testament.");
        let words: Vec<_> = f.iter().map(|(w, _)| w.as_str()).collect();
        assert_eq!(words, ["Kulaks", "kulaks", "kulak", "Lenin's Testament"]);
    }
}
