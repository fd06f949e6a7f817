//! Regression tests from fuzzing (see docs/fuzzing.md).
//!
//! The checks are those of the fuzz targets themselves (`fuzz/checks.rs`, included here), so
//! each test runs an input through exactly the code that was fuzzed: first every file of the
//! target's committed seed corpus (`fuzz/corpus/<target>/`), then the inputs that once made
//! a target crash, as byte strings.

#[path = "../fuzz/checks.rs"]
mod checks;

use std::path::Path;

/// Run every file of `fuzz/corpus/<target>/` through `check`.
fn run_corpus(target: &str, check: fn(&[u8])) {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("fuzz/corpus").join(target);
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("cannot list {}: {e}", dir.display()))
        .map(|e| e.expect("directory entry").path())
        .filter(|p| p.is_file())
        .collect();
    files.sort();
    assert!(!files.is_empty(), "{} holds no corpus files", dir.display());
    for path in files {
        let data = std::fs::read(&path).unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()));
        let result = std::panic::catch_unwind(|| check(&data));
        assert!(result.is_ok(), "{target}: corpus file {} fails", path.display());
    }
}

#[test]
fn yaml_loaders_corpus() {
    run_corpus("yaml_loaders", checks::yaml_loaders);
}

#[test]
fn edtf_corpus() {
    run_corpus("edtf", checks::edtf);
}

#[test]
fn importer_corpus() {
    run_corpus("importer", checks::importer);
}

#[test]
fn anchoring_corpus() {
    run_corpus("anchoring", checks::anchoring);
}

#[test]
fn markdown_linker_corpus() {
    run_corpus("markdown_linker", checks::markdown_linker);
}

/// A date whose own text holds "(at character 0)": the error column was read from the
/// quoted date instead of from the message, and `k - 1` underflowed in
/// `load::yaml::to_diagnostic` (a panic in debug builds, a wrong column in release).
#[test]
fn yaml_date_text_looking_like_a_position() {
    let input = b"- id: x\n  name: X\n  born: \"(at character 0)\"\n";
    checks::yaml_loaders(input);
    let text = std::str::from_utf8(input).unwrap();
    let Err(d) = gloss::load::registry::parse_entries::<gloss::model::entity::Person>(Path::new("x.yaml"), text) else {
        panic!("the date is invalid");
    };
    // the caret is on the `(`, the first character of the date, past its opening quote
    let loc = d.location.expect("a location");
    assert_eq!((loc.line, loc.column), (3, 10), "{d}");
}

/// A title (the first line) holding U+2028: the importer wrote it raw into the double-quoted
/// YAML front matter, where it is a line break that eats the space after it, so the chapter
/// loaded with a different title. U+2029 is the same; U+FFFE and U+FFFF made the front
/// matter fail to load at all. `import::yaml_string` now escapes them.
#[test]
fn importer_front_matter_keeps_line_separators() {
    // found by the fuzzer (in the `source` taken from the first 40 characters), minimised
    checks::importer(b"Title line\r\n\r\xe2\x80\xa8 A numbered *stars* & [sic]\r\n");
    checks::importer(b"x\xe2\x80\xa8 y\n\nText.\n");
    checks::importer(b"x\xe2\x80\xa9 y\n\nText.\n");
    checks::importer(b"x\xef\xbf\xbe y\n\nText.\n");
    checks::importer(b"x\xef\xbf\xbf y\n\nText.\n");
}

/// A quote made unique by its suffix, after a word that follows a no-break space:
/// `unique_prefix` stepped one byte past the whitespace it found and sliced inside the
/// two-byte U+00A0 (the fuzzer's input had `Oje\u{a0}two three, ...`).
#[test]
fn anchoring_prefix_after_multibyte_whitespace() {
    // markdown NUL quote NUL prefix NUL suffix
    checks::anchoring(b"x\xc2\xa0y two z. two w.\0two\0\0 z");
    checks::anchoring(b"x\xe3\x80\x80y two z. two w.\0two\0\0 z");
    use gloss::link::anchor::{resolve, unique_prefix};
    use gloss::model::sidecar::Anchor;
    let paras = gloss::model::document::Document::parse("x\u{a0}y two z. two w.\n", 100).unwrap().paragraphs;
    let anchor = Anchor { quote: "two".into(), prefix: None, suffix: Some(" z".into()) };
    let span = resolve(&paras, &anchor).expect("unique with its suffix");
    assert_eq!(unique_prefix(&paras, span).as_deref(), Some("y "));
}
