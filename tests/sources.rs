//! The registers' sources and dates, read from `content/` as editors wrote them:
//!
//! - every source is a readable citation (words, not a bare id, a bare URL or a
//!   provenance string such as "id as recorded in SpocWiki …");
//! - every source URL is on a reputable site listed in `docs/sources-allowlist.yaml`;
//! - every pre-1918 Russian birth or death the editors verified as having an Old Style
//!   date records it in `born_os` / `died_os` (the rule itself is `gloss check`'s).

mod common;
use common::*;
use serde::Deserialize;
use serde_yaml::Value;
use std::collections::BTreeSet;

#[derive(Deserialize)]
struct Allowlist {
    domains: Vec<Allowed>,
}

#[derive(Deserialize)]
struct Allowed {
    domain: String,
    why: String,
}

/// One entry of a register: its file, id, and the whole YAML mapping.
struct Entry {
    file: String,
    id: String,
    value: Value,
}

fn entries() -> Vec<Entry> {
    let mut out = Vec::new();
    for folder in ["people", "events", "places", "glossary"] {
        let dir = repo().join("content").join(folder);
        for rel in files(&dir) {
            if !rel.ends_with(".yaml") {
                continue;
            }
            let text = std::fs::read_to_string(dir.join(&rel)).unwrap();
            let doc: Value = serde_yaml::from_str(&text).unwrap_or_else(|e| panic!("{folder}/{rel}: {e}"));
            let items = match doc {
                Value::Sequence(items) => items,
                Value::Mapping(_) => vec![doc],
                _ => continue,
            };
            for value in items {
                let id = value["id"].as_str().unwrap_or_default().to_string();
                out.push(Entry { file: format!("content/{folder}/{rel}"), id, value });
            }
        }
    }
    assert!(out.len() > 100, "the registers were not found under content/");
    out
}

fn sources(e: &Entry) -> Vec<String> {
    match &e.value["sources"] {
        Value::Sequence(s) => {
            s.iter().map(|v| v.as_str().map(str::to_string).unwrap_or_else(|| format!("{v:?}"))).collect()
        }
        _ => vec![],
    }
}

/// The hosts of every `http://` or `https://` address in a source.
fn hosts(source: &str) -> Vec<String> {
    let mut out = Vec::new();
    for scheme in ["http://", "https://"] {
        for (at, _) in source.match_indices(scheme) {
            let rest = &source[at + scheme.len()..];
            let end = rest.find(|c: char| c == '/' || c.is_whitespace() || c == ')' || c == '"').unwrap_or(rest.len());
            out.push(rest[..end].to_ascii_lowercase());
        }
    }
    out
}

fn allowlist() -> BTreeSet<String> {
    let text = std::fs::read_to_string(repo().join("docs/sources-allowlist.yaml")).unwrap();
    let list: Allowlist = serde_yaml::from_str(&text).unwrap();
    for d in &list.domains {
        assert!(!d.why.trim().is_empty(), "docs/sources-allowlist.yaml: say why {} is there", d.domain);
    }
    list.domains.into_iter().map(|d| d.domain).collect()
}

/// Sources that are known not to pass yet, as (entry id, host): the remainder of issue 16.
/// Fix one, then delete its line; the test fails if a listed pair is fixed but still
/// listed, so this list can only shrink.
const NOT_YET_REPLACED: &[(&str, &str)] = &[];

#[test]
fn every_source_url_is_on_the_allowlist() {
    let allowed = allowlist();
    let mut bad = BTreeSet::new();
    for e in entries() {
        for s in sources(&e) {
            for host in hosts(&s) {
                if !allowed.contains(&host) {
                    bad.insert((e.id.clone(), host, e.file.clone()));
                }
            }
        }
    }
    let pending: BTreeSet<(String, String)> =
        NOT_YET_REPLACED.iter().map(|(id, h)| (id.to_string(), h.to_string())).collect();
    let new: Vec<String> = bad
        .iter()
        .filter(|(id, h, _)| !pending.contains(&(id.clone(), h.clone())))
        .map(|(id, h, f)| format!("{f}: `{id}` cites {h}"))
        .collect();
    assert!(
        new.is_empty(),
        "sources on sites not in docs/sources-allowlist.yaml (cite the canonical page you read, or remove the source and what only it supports):\n{}",
        new.join("\n")
    );
    let found: BTreeSet<(String, String)> = bad.into_iter().map(|(id, h, _)| (id, h)).collect();
    let fixed: Vec<_> = pending.difference(&found).collect();
    assert!(fixed.is_empty(), "fixed, so remove them from NOT_YET_REPLACED: {fixed:?}");
}

#[test]
fn every_source_is_a_readable_citation() {
    const PROVENANCE: [&str; 4] = ["SpocWiki", "id as recorded in", "GitHub data files", "_Standards"];
    let mut bad = Vec::new();
    for e in entries() {
        for s in sources(&e) {
            let text = s.trim();
            let before_url = text.split("http").next().unwrap_or("").trim();
            let words = before_url.split_whitespace().filter(|w| w.chars().any(char::is_alphabetic)).count();
            if words < 2 {
                bad.push(format!("{}: `{}` has a source that is not a citation: {text:?}", e.file, e.id));
            } else if let Some(p) = PROVENANCE.iter().find(|p| text.contains(*p)) {
                bad.push(format!("{}: `{}` shows readers an internal provenance string ({p}): {text:?}", e.file, e.id));
            }
        }
    }
    assert!(bad.is_empty(), "write sources as author, title, site or publisher, then the address:\n{}", bad.join("\n"));
}

#[test]
fn hosts_are_read_from_urls() {
    assert_eq!(hosts("Wikipedia, X — https://en.wikipedia.org/wiki/X_(y)"), ["en.wikipedia.org"]);
    assert_eq!(hosts("a http://Cryer.org.uk/p and https://de.zxc.wiki"), ["cryer.org.uk", "de.zxc.wiki"]);
    assert!(hosts("Pierre Broué, Trotsky (Paris: Fayard, 1988)").is_empty());
}

/// People born or dead in Russia before 14 February 1918 whose Old Style date the editors
/// found in a source they read, as (id, field, Gregorian, Old Style). Sources:
/// - preobrazhensky born: Italian Wikipedia, "Evgenij Alekseevič Preobraženskij"
///   (27 February 1886, "15 febbraio del calendario giuliano");
/// - piatakov born: English Wikipedia, "Georgy Pyatakov" (infobox 18 August 1890,
///   text 6 August 1890);
/// - lominadze born: German Wikipedia, "Bessarion Lominadse" ("25. Mai jul. / 6. Juni
///   1897 greg.");
/// - trotsky born: Hungarian Wikipedia, "Lev Davidovics Trockij" (26 October 1879 in the
///   infobox, 7 November 1879 in the text), as docs/editing.md says;
/// - novgorodtseva born: The Great Soviet Encyclopedia (3rd ed., English translation on
///   encyclopedia2.thefreedictionary.com), article
///   "Novgorodtseva, Klavdiia Timofeevna" ("Born Mar. 10 (22), 1876").
const OLD_STYLE: &[(&str, &str, &str, &str)] = &[
    ("preobrazhensky", "born", "1886-02-27", "1886-02-15"),
    ("piatakov", "born", "1890-08-18", "1890-08-06"),
    ("lominadze", "born", "1897-06-06", "1897-05-25"),
    ("trotsky", "born", "1879-11-07", "1879-10-26"),
    ("novgorodtseva", "born", "1876-03-22", "1876-03-10"),
];

#[test]
fn verified_old_style_dates_are_recorded() {
    let all = entries();
    for (id, field, gregorian, julian) in OLD_STYLE {
        let e = all.iter().find(|e| e.id == *id).unwrap_or_else(|| panic!("no entry `{id}`"));
        let get = |k: &str| e.value[k].as_str().map(str::to_string).unwrap_or_default();
        assert_eq!(get(field), *gregorian, "{}: `{id}` {field} should be the Gregorian date", e.file);
        assert_eq!(get(&format!("{field}_os")), *julian, "{}: `{id}` should record {field}_os", e.file);
    }
}
