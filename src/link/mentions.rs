//! Finding mentions: every occurrence in the text of every entity's name or alias, in one
//! pass over the text with an Aho–Corasick automaton, so the cost grows with the length of
//! the text and not with the number of entities.
//!
//! Rules:
//! - whole words only: the character before a match and the one after must not be a letter
//!   or digit, so "Trotskyists" is not a mention of Trotsky but "Trotsky’s" is;
//! - a hyphen followed by a lower-case letter continues a word ("Sun-ism" is not "Sun"),
//!   while "Zinoviev-Kamenev" mentions both;
//! - straight and typographic apostrophes match each other;
//! - glossary terms and event names also match with a capital first letter (sentence start);
//! - where matches overlap, the longest wins, then the leftmost;
//! - a form shared by several entities is ambiguous: it is never guessed.

use crate::load::registry::Registry;
use crate::model::{Entity, Kind};
use aho_corasick::{AhoCorasick, MatchKind};
use std::collections::{BTreeMap, BTreeSet};

/// A match of a surface form in a paragraph.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Found {
    /// Byte offset of the start.
    pub start: usize,
    /// Byte offset of the end.
    pub end: usize,
    /// The entities this form names (more than one: ambiguous).
    pub candidates: Vec<usize>,
}

/// The automaton over all surface forms of all entities.
pub struct Linker {
    ac: Option<AhoCorasick>,
    /// Pattern id → candidate entity indices.
    candidates: Vec<Vec<usize>>,
}

impl Linker {
    /// Build the automaton from the registry.
    pub fn new(reg: &Registry) -> Linker {
        let mut forms: BTreeMap<String, BTreeSet<usize>> = BTreeMap::new();
        for (i, e) in reg.entities.iter().enumerate() {
            for form in surface_forms(e) {
                forms.entry(form).or_default().insert(i);
            }
        }
        let (patterns, candidates): (Vec<String>, Vec<Vec<usize>>) =
            forms.into_iter().map(|(f, set)| (f, set.into_iter().collect())).unzip();
        let ac = if patterns.is_empty() {
            None
        } else {
            Some(AhoCorasick::builder().match_kind(MatchKind::Standard).build(&patterns).expect("automaton builds"))
        };
        Linker { ac, candidates }
    }

    /// Every whole-word match in `text`, non-overlapping, longest first then leftmost.
    pub fn find(&self, text: &str) -> Vec<Found> {
        let Some(ac) = &self.ac else { return Vec::new() };
        let mut all: Vec<(usize, usize, usize)> = ac
            .find_overlapping_iter(text)
            .filter(|m| is_whole_word(text, m.start(), m.end()))
            .map(|m| (m.start(), m.end(), m.pattern().as_usize()))
            .collect();
        // longest first, then leftmost; then greedily keep non-overlapping matches
        all.sort_by(|a, b| (b.1 - b.0).cmp(&(a.1 - a.0)).then(a.0.cmp(&b.0)));
        let mut taken: Vec<(usize, usize, usize)> = Vec::new();
        for m in all {
            if taken.iter().all(|t| m.1 <= t.0 || m.0 >= t.1) {
                taken.push(m);
            }
        }
        taken.sort_unstable();
        taken.into_iter().map(|(start, end, p)| Found { start, end, candidates: self.candidates[p].clone() }).collect()
    }
}

/// The forms to look for: the display name and every alias, with apostrophe variants, and
/// for terms and events a capitalised variant.
pub fn surface_forms(e: &Entity) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    let label = match e {
        // event titles are descriptive ("Fifteenth Congress of the CPSU"), not necessarily printed
        Entity::Event(_) => None,
        _ => Some(e.label()),
    };
    for form in label.into_iter().chain(e.aliases().iter().map(String::as_str)) {
        let form = form.trim();
        if form.is_empty() {
            continue;
        }
        let mut variants = vec![form.to_string()];
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

fn is_whole_word(text: &str, start: usize, end: usize) -> bool {
    let before = text[..start].chars().next_back();
    let mut after = text[end..].chars();
    let next = after.next();
    if before.is_some_and(char::is_alphanumeric) {
        return false;
    }
    match next {
        Some(c) if c.is_alphanumeric() => false,
        Some('-') => !after.next().is_some_and(char::is_lowercase),
        _ => true,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::load::source::{Origin, SourceFile};
    use crate::model::entity::{Person, Term};
    use std::sync::Arc;

    fn person(id: &str, name: &str, aliases: &[&str]) -> Entity {
        Entity::Person(Person {
            id: id.into(),
            name: name.into(),
            sort_name: None,
            aliases: aliases.iter().map(|s| s.to_string()).collect(),
            born: None,
            died: None,
            born_os: None,
            died_os: None,
            summary: String::new(),
            bio: None,
            roles: vec![],
            wikidata: None,
            sources: vec![],
        })
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
        linker.find(text).into_iter().map(|f| (text[f.start..f.end].to_string(), f.candidates)).collect()
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
