//! The repository stands alone: the edition's source texts are in it, unchanged (checked
//! against `sources/SHA256SUMS`), every chapter names the source text it was imported
//! from, and nothing in the code, tests, benchmarks, fuzz targets or docs reads from beside
//! the repository or names a folder where the project happens to live on one machine.

mod common;

use common::{repo, sources};
use sha2::{Digest, Sha256};
use std::collections::BTreeMap;

/// `sources/SHA256SUMS`: file name -> hex digest.
fn recorded_sums() -> BTreeMap<String, String> {
    let text = std::fs::read_to_string(repo().join("sources/SHA256SUMS")).expect("sources/SHA256SUMS");
    text.lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| {
            let (sum, name) = l.split_once("  ").expect("`<sha256>  <file>` lines");
            (name.to_string(), sum.to_string())
        })
        .collect()
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

#[test]
fn the_source_texts_are_in_the_repository_unchanged() {
    let sums = recorded_sums();
    assert_eq!(sums.len(), 2, "the edition has two source texts: {sums:?}");
    for (name, sum) in &sums {
        let bytes = std::fs::read(sources().join(name)).unwrap_or_else(|e| panic!("sources/{name}: {e}"));
        assert_eq!(&hex(&Sha256::digest(&bytes)), sum, "sources/{name} differs from the text as received");
    }
    // every text file in sources/ is recorded
    for entry in std::fs::read_dir(repo().join("sources")).unwrap() {
        let name = entry.unwrap().file_name().to_string_lossy().to_string();
        if name.ends_with(".txt") {
            assert!(sums.contains_key(&name), "sources/{name} has no checksum in sources/SHA256SUMS");
        }
    }
}

#[test]
fn every_chapter_names_its_source_text() {
    let sums = recorded_sums();
    let dir = repo().join("content/chapters");
    let mut named = Vec::new();
    for entry in std::fs::read_dir(&dir).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().and_then(|e| e.to_str()) != Some("md") {
            continue;
        }
        let text = std::fs::read_to_string(&path).unwrap();
        let line = text
            .lines()
            .take_while(|l| !l.is_empty())
            .find_map(|l| l.strip_prefix("source_file: "))
            .unwrap_or_else(|| panic!("{} names no source_file", path.display()));
        let file = line.trim_matches('"');
        let name = file.strip_prefix("sources/").expect("source texts live in sources/");
        assert!(sums.contains_key(name), "{file} is not a recorded source text");
        named.push(name.to_string());
    }
    named.sort();
    assert_eq!(named, sums.keys().cloned().collect::<Vec<_>>(), "each source text is the source of one chapter");
}

#[test]
fn a_missing_source_file_is_a_located_error() {
    let tmp = common::temp_dir("standalone-missing-source");
    common::copy_dir(&repo().join("content"), &tmp.join("content"));
    // no sources/ folder in the copy: both chapters' source texts are missing
    let run = common::gloss(&["check", "--root", tmp.to_str().unwrap()]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(run.stderr.contains("missing-source-file"), "{}", run.stderr);
    // the value's first character, inside its quotes
    assert!(run.stderr.contains("02-the-bolshevik-leninist-faction.md:8:15"), "{}", run.stderr);
    assert!(run.stderr.contains("sources/"), "{}", run.stderr);
}

#[test]
fn nothing_reads_from_beside_the_repository() {
    // written in pieces so that this file does not match itself
    let forbidden = [
        format!("..{}shared", '/'),
        format!("{}work{}", '/', '/'),
        format!("{}home{}", '/', '/'),
        format!("{}Users{}", '/', '/'),
        format!("{}root{}", '/', '/'),
    ];
    let mut offenders = Vec::new();
    for top in ["src", "tests", "benches", "fuzz", "docs", "README.md", "Cargo.toml", "sources/README.md"] {
        for entry in walkdir::WalkDir::new(repo().join(top)).into_iter().filter_map(Result::ok) {
            let path = entry.path();
            let rel = path.strip_prefix(repo()).unwrap().to_string_lossy().to_string();
            // installed or generated, not the project's own files
            let foreign = ["fuzz/corpus", "/target/", "node_modules/", "fuzz/artifacts"];
            if !entry.file_type().is_file() || foreign.iter().any(|f| rel.starts_with(f) || rel.contains(f)) {
                continue;
            }
            let Ok(text) = std::fs::read_to_string(path) else { continue };
            for (i, line) in text.lines().enumerate() {
                // web addresses may hold such segments; paths on a machine do not have a scheme
                if line.contains("://") {
                    continue;
                }
                if let Some(p) = forbidden.iter().find(|p| line.contains(p.as_str())) {
                    offenders.push(format!("{rel}:{}: `{p}` in {line:?}", i + 1));
                }
            }
        }
    }
    assert!(offenders.is_empty(), "paths outside the repository:\n{}", offenders.join("\n"));
}
