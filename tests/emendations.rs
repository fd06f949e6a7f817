//! The edition's policy on emendations (docs/editing.md, "Emendations"), checked on the real
//! `content/`:
//!
//! - every regularisation of spelling or typography is listed here, and is marked
//!   `kind: regularisation` with a reason that does not call it an error;
//! - every other emendation is a correction, and every emendation has a reason;
//! - every error of the author that a register explains ("Broué's text dates it …") also has
//!   its correction or editorial note at its place in the chapter, and the quote of that item
//!   is in the chapter's text, once.
//!
//! Each check is a function returning the problems it finds, so that the last tests can
//! show that it does find them in a sidecar made wrong on purpose.

mod common;
use common::repo;
use gloss::model::sidecar::{EmendationKind, Sidecar};
use std::collections::BTreeSet;

const CH1: &str = "01-the-united-opposition";
const CH2: &str = "02-the-bolshevik-leninist-faction";

/// Every regularisation of the edition: (chapter, quote, corrected reading).
const REGULARISATIONS: &[(&str, &str, &str)] = &[
    (CH1, "400 million rubles", "roubles"),
    (CH1, "An Oppositionist, Ossovski", "Ossovsky"),
    (CH1, "The Lashevitch affair", "Lashevich"),
    (CH1, "Lashevitch was removed", "Lashevich"),
    (CH1, "Suvarin, Maslow, Ruth Fischer", "Souvarine"),
    (CH1, "the Yugoslav, Vuya Vuyovitch", "Voya Vuyovich"),
    (CH1, "the Fifteenth conference had shown", "Conference"),
    (CH1, "treaty of alliance with Yoffe", "Joffe"),
    (CH1, "One of these, Chiang Kai-Chek", "Kai-Shek"),
    (CH1, "From then on Ch’iang Kai-Shek", "Chiang"),
    (CH1, "he wrote that Ch’iang was preparing", "Chiang"),
    (CH1, "“Ch’iang Kai-shek is submitting", "Chiang"),
    (CH1, "stepped up its advances to Ch’iang", "Chiang"),
    (CH1, "Ch’iang’s strong-arm men", "Chiang’s"),
    (CH1, "the “treachery” of Ch’iang were", "Chiang"),
    (CH1, "government at Hankow against Ch’iang", "Chiang"),
    (CH1, "weaken the rear of Ch’iang’s armies", "Chiang’s"),
    (CH1, "the Old Bolshevik Mratchkovsky", "Mrachkovsky"),
    (CH1, "he, like Vuyovitch, was excluded", "Vuyovich"),
    (CH1, "deported to Alma Ata on", "Alma-Ata"),
    (CH2, "the Bolsheviks-Leninists in those prisons", "Bolshevik-Leninists"),
    (CH2, "a definitely counter revolutionary character", "counter-revolutionary"),
    (CH2, "Trotsky and Ljova", "Lyova"),
];

/// Words a regularisation's reason must not use: it is not an error.
const ERROR_WORDS: &[&str] = &["error", "mistake", "misspel", "misprint", "wrong", "incorrect", "typo"];

/// What stands at the place of an error in the text.
#[derive(Clone, Copy)]
enum Item {
    /// A correction: the quote, and the corrected reading.
    Emendation(&'static str, &'static str),
    /// An editorial note on the quoted words.
    Note(&'static str),
}

/// Errors of the author explained in a register, and what stands at their place in the
/// text: (register entry, chapter, item, words the correction's reason or the note must
/// contain: the right fact or the source it was checked against).
#[rustfmt::skip]
const AT_THEIR_PLACE: &[(&str, &str, Item, &str)] = &[
    // added with the policy (issue 16): errors that only an event page explained until then
    ("leninbund-founding", CH2, Item::Emendation("In March, the founding congress", "In April"), "8 April 1928"),
    ("anglo-russian-committee-formed", CH1, Item::Note("In May 1925, after a year of contacts with Purcell"), "6–8 April 1925"),
    ("pacific-declaration", CH1, Item::Note("were in play on August 5"), "8 August"),
    ("expulsion-of-trotsky-and-zinoviev", CH1, Item::Note("On November 15 they were all excluded together from the party"), "14 November 1927"),
    ("october-1926-plenum", CH1, Item::Note("Trotsky and Kamenev were excluded from the Politburo"), "23 October 1926"),
    ("sun-joffe-manifesto", CH1, Item::Note("signed a treaty of alliance"), "26 January 1923"),
    // corrected or annotated before
    ("sun-joffe-manifesto", CH1, Item::Emendation("In 1924 the Sun Yat-Sen government", "1923"), "January 1923"),
    ("canton-coup-march-1926", CH1, Item::Emendation("None the less on March 20, 1927 he mounted", "1926"), "20 March 1926"),
    ("april-1926-plenum", CH1, Item::Emendation("Central Committee in April 1925, Kamenev", "1926"), "April 1926"),
    ("july-1926-plenum", CH1, Item::Emendation("at the Central Committee in June, where Trotsky read", "July"), "July 1926"),
    ("eastman-publishes-testament", CH1, Item::Emendation("On October 15, Max Eastman", "18"), "18 October 1926"),
    ("fifteenth-conference", CH1, Item::Emendation("from October 21 to November 3", "October 26"), "26 October"),
    ("shanghai-second-uprising", CH1, Item::Emendation("On March 19, a general strike in Shanghai", "February 19"), "19 February"),
    ("stalin-hall-of-columns-speech", CH1, Item::Emendation("On May 5 Stalin delivered a speech", "April 5"), "5 April 1927"),
    ("trotsky-reply-to-martynov", CH1, Item::Emendation("which he had defended in Russia before 1971", "1917"), "1917"),
    ("eighth-plenum-ecci", CH1, Item::Note("As a member of the Central Committee he spoke at the Fifteenth Congress"), "Eighth Plenum"),
    ("declaration-of-the-eighty-three", CH1, Item::Emendation("this was to be “the Appeal of the 53”", "83"), "Eighty-Three"),
    ("declaration-of-the-eighty-three", CH1, Item::Emendation("for the declaration of the 53 as", "83"), "Eighty-Three"),
    ("leningrad-demonstration-october-17", CH1, Item::Note("during the celebration of the jubilee of the Central Committee"), "Central Executive Committee"),
    ("canton-commune", CH1, Item::Emendation("which was to end in October in the suicidal rising in Canton", "December"), "December 1927"),
    ("trotsky-deported-to-alma-ata", CH1, Item::Emendation("on January 17, 1925, following Preobrazhensky", "1928"), "17 January 1928"),
    ("zinoviev-kamenev-letter-in-pravda-1928", CH1, Item::Emendation("published, on January 27, 1925, a letter", "1928"), "1928"),
    ("stalin-speech-kutv-1925", CH1, Item::Emendation("On May 15, 1925, Stalin", "18"), "18 May 1925"),
    ("canton-hong-kong-strike", CH1, Item::Emendation("The great strike in Canton and Hong Kong in 1924", "1925"), "June 1925"),
    ("sosnovsky-pravda-article", CH1, Item::Note("Already on September 10, 1915, Sosnovsky had noted in Pravda"), "left as printed"),
    ("bilensky", CH1, Item::Emendation("the chairman was Bilensky", "Belenky"), "Belenky"),
    ("bukharin-lenins-political-testament", CH2, Item::Emendation("Pravda of 24 January, 1928 on Lenin’s", "24 January 1929"), "24 January 1929"),
];

fn sidecar(chapter: &str) -> Sidecar {
    let path = repo().join("content/chapters").join(format!("{chapter}.yaml"));
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    serde_yaml::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn sidecars() -> Vec<(&'static str, Sidecar)> {
    vec![(CH1, sidecar(CH1)), (CH2, sidecar(CH2))]
}

/// The chapter's text as quotes see it: the body after the front matter, without the
/// author's endnote markers (`[^12]`) and without the note definitions.
fn chapter_text(chapter: &str) -> String {
    let path = repo().join("content/chapters").join(format!("{chapter}.md"));
    let md = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let body = md.splitn(3, "---\n").nth(2).expect("front matter");
    let mut out = String::new();
    for line in body.lines().filter(|l| !l.starts_with("[^")) {
        let mut rest = line;
        while let Some(i) = rest.find("[^") {
            out.push_str(&rest[..i]);
            rest = match rest[i..].find(']') {
                Some(j) => &rest[i + j + 1..],
                None => "",
            };
        }
        out.push_str(rest);
        out.push('\n');
    }
    out
}

/// Every id in the registers (people, events, places, glossary).
fn register_ids() -> BTreeSet<String> {
    let mut ids = BTreeSet::new();
    for dir in ["people", "events", "places", "glossary"] {
        for entry in std::fs::read_dir(repo().join("content").join(dir)).unwrap() {
            let path = entry.unwrap().path();
            if path.extension().and_then(|e| e.to_str()) != Some("yaml") {
                continue;
            }
            let value: serde_yaml::Value = serde_yaml::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
            let entries = match value {
                serde_yaml::Value::Sequence(s) => s,
                other => vec![other],
            };
            for e in entries {
                if let Some(id) = e.get("id").and_then(|v| v.as_str()) {
                    ids.insert(id.to_string());
                }
            }
        }
    }
    ids
}

/// Problems with the kinds and reasons of the emendations of `sidecars`, given the list of
/// regularisations.
fn kind_problems(sidecars: &[(&str, Sidecar)], regularisations: &[(&str, &str, &str)]) -> Vec<String> {
    let mut problems = Vec::new();
    let mut listed = BTreeSet::new();
    for &(chapter, quote, corr) in regularisations {
        if !listed.insert((chapter, quote)) {
            problems.push(format!("{chapter}: “{quote}” is listed twice"));
        }
        let found: Vec<_> = sidecars
            .iter()
            .filter(|(c, _)| *c == chapter)
            .flat_map(|(_, s)| s.emendations.iter())
            .filter(|e| e.quote == quote)
            .collect();
        match found.as_slice() {
            [e] => {
                if e.corr != corr {
                    problems.push(format!("{chapter}: “{quote}” reads “{}”, not “{corr}”", e.corr));
                }
                if e.kind != EmendationKind::Regularisation {
                    problems.push(format!("{chapter}: “{quote}” → “{corr}” is not marked kind: regularisation"));
                }
                let reason = e.reason.to_lowercase();
                for word in ERROR_WORDS {
                    if reason.contains(word) {
                        problems.push(format!(
                            "{chapter}: the regularisation “{quote}” calls itself an error (“{word}”): {}",
                            e.reason
                        ));
                    }
                }
            }
            [] => problems.push(format!("{chapter}: the regularisation “{quote}” → “{corr}” is not in the sidecar")),
            _ => problems.push(format!("{chapter}: “{quote}” has {} emendations", found.len())),
        }
    }
    for (chapter, s) in sidecars {
        for e in &s.emendations {
            if e.reason.trim().is_empty() {
                problems.push(format!("{chapter}: the emendation “{}” has no reason", e.quote));
            }
            if !listed.contains(&(*chapter, e.quote.as_str())) && e.kind != EmendationKind::Correction {
                problems.push(format!(
                    "{chapter}: “{}” is marked {} but is not in the list of regularisations",
                    e.quote,
                    e.kind.as_str()
                ));
            }
        }
    }
    problems
}

/// Problems with the items that must stand at the places of the author's errors.
fn place_problems(sidecars: &[(&str, Sidecar)], texts: &[(&str, String)], ids: &BTreeSet<String>) -> Vec<String> {
    let mut problems = Vec::new();
    for &(id, chapter, item, must) in AT_THEIR_PLACE {
        if !ids.contains(id) {
            problems.push(format!("no register entry `{id}`"));
        }
        let s = &sidecars.iter().find(|(c, _)| *c == chapter).expect("chapter").1;
        let text = &texts.iter().find(|(c, _)| *c == chapter).expect("chapter").1;
        let (quote, prefix, suffix, said) = match item {
            Item::Emendation(quote, corr) => {
                let Some(e) = s.emendations.iter().find(|e| e.quote == quote) else {
                    problems.push(format!("{chapter}: no emendation “{quote}” (for `{id}`)"));
                    continue;
                };
                if e.corr != corr {
                    problems.push(format!("{chapter}: “{quote}” is emended to “{}”, not “{corr}”", e.corr));
                }
                if e.kind != EmendationKind::Correction {
                    problems.push(format!("{chapter}: the factual emendation “{quote}” is not a correction"));
                }
                (quote, e.prefix.clone(), e.suffix.clone(), e.reason.clone())
            }
            Item::Note(quote) => {
                let Some(n) = s.notes.iter().find(|n| n.quote == quote) else {
                    problems.push(format!("{chapter}: no editorial note on “{quote}” (for `{id}`)"));
                    continue;
                };
                (quote, n.prefix.clone(), n.suffix.clone(), n.note.clone())
            }
        };
        if !said.contains(must) {
            problems.push(format!("{chapter}: the item on “{quote}” does not say “{must}”: {said}"));
        }
        let anchor = format!("{}{quote}{}", prefix.unwrap_or_default(), suffix.unwrap_or_default());
        let n = text.matches(anchor.as_str()).count();
        if n != 1 {
            problems.push(format!("{chapter}: “{anchor}” occurs {n} times in the chapter text, not once"));
        }
    }
    problems
}

#[test]
fn every_regularisation_is_listed_and_marked_and_every_other_emendation_is_a_correction() {
    let problems = kind_problems(&sidecars(), REGULARISATIONS);
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn the_edition_has_both_kinds_of_emendation() {
    let all = sidecars();
    let count = |k: EmendationKind| all.iter().flat_map(|(_, s)| &s.emendations).filter(|e| e.kind == k).count();
    assert_eq!(count(EmendationKind::Regularisation), REGULARISATIONS.len());
    assert!(count(EmendationKind::Correction) >= 90, "corrections: {}", count(EmendationKind::Correction));
}

#[test]
fn the_authors_errors_explained_in_the_registers_are_dealt_with_at_their_place() {
    let texts = vec![(CH1, chapter_text(CH1)), (CH2, chapter_text(CH2))];
    let problems = place_problems(&sidecars(), &texts, &register_ids());
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn the_chapter_text_is_read_without_note_markers() {
    let text = chapter_text(CH1);
    assert!(text.contains("publishing false slander against the Russian party. . In reality"));
    assert!(!text.contains("[^"));
}

// The checks find what they look for.

#[test]
fn a_regularisation_marked_as_a_correction_or_called_an_error_is_reported() {
    let mut all = sidecars();
    let e = all[0].1.emendations.iter_mut().find(|e| e.quote == "400 million rubles").unwrap();
    e.kind = EmendationKind::Correction;
    e.reason = "Misspelling.".into();
    let problems = kind_problems(&all, REGULARISATIONS);
    assert!(problems.iter().any(|p| p.contains("not marked kind: regularisation")), "{problems:?}");
    assert!(problems.iter().any(|p| p.contains("calls itself an error")), "{problems:?}");
}

#[test]
fn an_unlisted_regularisation_or_an_empty_reason_is_reported() {
    let mut all = sidecars();
    let e = all[0].1.emendations.iter_mut().find(|e| e.quote == "Bolshevik party to rower in 1917").unwrap();
    e.kind = EmendationKind::Regularisation;
    e.reason = "  ".into();
    let problems = kind_problems(&all, REGULARISATIONS);
    assert!(problems.iter().any(|p| p.contains("not in the list of regularisations")), "{problems:?}");
    assert!(problems.iter().any(|p| p.contains("has no reason")), "{problems:?}");
    let missing = kind_problems(&all, &[(CH1, "a regularisation nobody made", "x")]);
    assert!(missing.iter().any(|p| p.contains("is not in the sidecar")), "{missing:?}");
}

#[test]
fn a_correction_or_note_missing_from_its_place_is_reported() {
    let texts = vec![(CH1, chapter_text(CH1)), (CH2, chapter_text(CH2))];
    let mut all = sidecars();
    all[1].1.emendations.retain(|e| e.quote != "In March, the founding congress");
    all[0].1.notes.retain(|n| n.quote != "were in play on August 5");
    let problems = place_problems(&all, &texts, &register_ids());
    assert!(problems.iter().any(|p| p.contains("no emendation “In March, the founding congress”")), "{problems:?}");
    assert!(problems.iter().any(|p| p.contains("no editorial note on “were in play on August 5”")), "{problems:?}");
    // a quote that is no longer in the text
    let mut changed = texts.clone();
    changed[0].1 = changed[0].1.replace("were in play on August 5", "were in play then");
    let problems = place_problems(&sidecars(), &changed, &register_ids());
    assert!(problems.iter().any(|p| p.contains("occurs 0 times")), "{problems:?}");
}
