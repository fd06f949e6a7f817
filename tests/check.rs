//! `gloss check`: one small invalid edition per class of mistake, asserting the message,
//! the file, the line and the column editors are pointed to, and the exit code.

mod common;
use common::*;
use serde_json::Value;
use std::fs;
use std::path::{Path, PathBuf};

/// A fresh copy of the minimal fixture with a chapter that names people, plus `files`.
fn edition(name: &str, files: &[(&str, &[u8])]) -> PathBuf {
    let root = temp_dir(&format!("check-{name}")).join("edition");
    copy_dir(&repo().join("tests/fixtures/minimal"), &root);
    fs::write(
        root.join("content/chapters/03-names.md"),
        "---\ntitle: \"Names\"\nnumber: 3\nslug: \"names\"\n---\n\nI.N. Smirnov met Trotsky in Moscow.\n\nLater Smirnov wrote to Trotsky’s son.\n",
    )
    .unwrap();
    for (path, bytes) in files {
        let p = root.join(path);
        fs::create_dir_all(p.parent().unwrap()).unwrap();
        fs::write(p, bytes).unwrap();
    }
    root
}

const TROTSKY: &str =
    "- id: trotsky\n  name: Leon Trotsky\n  aliases: [Trotsky]\n  summary: Revolutionary.\n  sources: [Broué]\n";

struct Checked {
    code: i32,
    diagnostics: Vec<Value>,
}

fn check(root: &Path) -> Checked {
    let run = gloss(&["check", "--root", root.to_str().unwrap(), "--format", "json"]);
    let report: Value =
        serde_json::from_str(&run.stdout).unwrap_or_else(|e| panic!("not JSON ({e}): {}\n{}", run.stdout, run.stderr));
    Checked { code: run.code, diagnostics: report["diagnostics"].as_array().unwrap().clone() }
}

/// The one diagnostic with `code`, asserting its file, line and column.
fn expect(c: &Checked, code: &str, file: &str, line: u64, column: u64) -> Value {
    let found: Vec<&Value> = c.diagnostics.iter().filter(|d| d["code"] == code).collect();
    assert_eq!(found.len(), 1, "expected one `{code}`, got: {:#?}", c.diagnostics);
    let d = found[0].clone();
    assert_eq!(d["file"], file, "{d:#}");
    assert_eq!((d["location"]["line"].as_u64(), d["location"]["column"].as_u64()), (Some(line), Some(column)), "{d:#}");
    d
}

fn message(d: &Value) -> &str {
    d["message"].as_str().unwrap()
}

fn hint(d: &Value) -> &str {
    d["hint"].as_str().unwrap_or("")
}

#[test]
fn unknown_field_suggests_the_right_one() {
    let bad = "- id: trotsky\n  name: Leon Trotsky\n  alias: [Trotsky]\n  summary: s\n  sources: [x]\n";
    let c = check(&edition("unknown-field", &[("content/people/t.yaml", bad.as_bytes())]));
    assert_eq!(c.code, 1);
    let d = expect(&c, "unknown-field", "content/people/t.yaml", 3, 3);
    assert!(message(&d).contains("unknown field `alias`"), "{d}");
    assert!(hint(&d).starts_with("did you mean `aliases`?"), "{d}");
}

#[test]
fn wrong_type_is_located() {
    let bad = "- id: trotsky\n  name: Leon Trotsky\n  aliases: Trotsky\n  summary: s\n  sources: [x]\n";
    let c = check(&edition("wrong-type", &[("content/people/t.yaml", bad.as_bytes())]));
    assert_eq!(c.code, 1);
    let d = expect(&c, "wrong-type", "content/people/t.yaml", 3, 12);
    assert!(message(&d).contains("invalid type: string \"Trotsky\", expected a sequence"), "{d}");
}

#[test]
fn missing_required_field_points_at_the_entry() {
    let bad = "- id: trotsky\n  name: Leon Trotsky\n  sources: [x]\n";
    let c = check(&edition("missing", &[("content/people/t.yaml", bad.as_bytes())]));
    assert_eq!(c.code, 1);
    let d = expect(&c, "missing-field", "content/people/t.yaml", 1, 3);
    assert!(message(&d).contains("missing field `summary`"), "{d}");
}

#[test]
fn duplicate_ids_name_both_places() {
    let other = "id: trotsky\nname: Another\nsummary: s\nsources: [x]\n";
    let c = check(&edition(
        "duplicate",
        &[("content/people/a.yaml", TROTSKY.as_bytes()), ("content/people/b.yaml", other.as_bytes())],
    ));
    assert_eq!(c.code, 1);
    let d = expect(&c, "duplicate-id", "content/people/b.yaml", 1, 5);
    assert!(hint(&d).contains("content/people/a.yaml:1:7"), "{d}");
}

#[test]
fn ids_must_be_slugs() {
    let bad = "- id: Leon/Trotsky\n  name: Leon Trotsky\n  summary: s\n  sources: [x]\n";
    let c = check(&edition("slug", &[("content/people/t.yaml", bad.as_bytes())]));
    assert_eq!(c.code, 1);
    let d = expect(&c, "bad-id", "content/people/t.yaml", 1, 7);
    assert!(hint(&d).contains("`leon-trotsky`"), "{d}");
}

#[test]
fn unknown_references_suggest_close_ids() {
    let event =
        "- id: arrival\n  title: Arrival\n  date: 1929-02-12\n  people: [trotksy]\n  summary: s\n  sources: [x]\n";
    let c = check(&edition(
        "unknown-ref",
        &[("content/people/t.yaml", TROTSKY.as_bytes()), ("content/events/e.yaml", event.as_bytes())],
    ));
    assert_eq!(c.code, 1);
    let d = expect(&c, "unknown-id", "content/events/e.yaml", 4, 12);
    assert!(message(&d).contains("no person with id `trotksy`"), "{d}");
    assert_eq!(hint(&d), "did you mean `trotsky`?");
}

#[test]
fn invalid_dates_point_at_the_character() {
    let bad = "- id: arrival\n  title: Arrival\n  date: \"2016-02-30\"\n  summary: s\n  sources: [x]\n";
    let c = check(&edition("date", &[("content/events/e.yaml", bad.as_bytes())]));
    assert_eq!(c.code, 1);
    let d = expect(&c, "bad-date", "content/events/e.yaml", 3, 18);
    assert!(message(&d).contains("day 30 does not exist in February 2016"), "{d}");
}

#[test]
fn quotes_must_be_found_once() {
    let side = "notes:\n  - quote: Zinoviev\n    note: Not in the text.\n  - quote: Trotsky\n    note: Twice in the text.\n  - quote: Trotsky\n    suffix: \" in Moscow\"\n    note: Once with its suffix.\n";
    let c = check(&edition("quotes", &[("content/chapters/03-names.yaml", side.as_bytes())]));
    assert_eq!(c.code, 1);
    let d = expect(&c, "quote-not-found", "content/chapters/03-names.yaml", 2, 12);
    assert!(message(&d).contains("“Zinoviev” is not in the chapter"), "{d}");
    let d = expect(&c, "quote-not-unique", "content/chapters/03-names.yaml", 4, 12);
    assert!(message(&d).contains("occurs 2 times (paragraphs 1, 2)"), "{d}");
    assert!(hint(&d).contains("prefix"), "{d}");
}

#[test]
fn near_misses_in_quotes_are_explained() {
    let side = "notes:\n  - quote: Trotsky's son\n    note: Straight apostrophe.\n";
    let c = check(&edition("near", &[("content/chapters/03-names.yaml", side.as_bytes())]));
    let d = expect(&c, "quote-not-found", "content/chapters/03-names.yaml", 2, 12);
    assert!(hint(&d).contains("paragraph 2 has “Trotsky’s son”"), "{d}");
}

#[test]
fn shared_aliases_are_ambiguities_to_resolve_not_errors() {
    let people = "- id: smirnov-ivan\n  name: Ivan Smirnov\n  aliases: [I.N. Smirnov, Smirnov]\n  summary: s\n  sources: [x]\n- id: smirnov-vladimir\n  name: Vladimir Smirnov\n  aliases: [Smirnov]\n  summary: s\n  sources: [x]\n";
    let root = edition(
        "ambiguous",
        &[("content/people/s.yaml", people.as_bytes()), ("content/people/t.yaml", TROTSKY.as_bytes())],
    );
    let c = check(&root);
    assert_eq!(c.code, 0, "warnings alone do not fail");
    let d = expect(&c, "ambiguous-mention", "content/chapters/03-names.md", 9, 7);
    assert_eq!(d["severity"], "warning");
    assert!(
        message(&d)
            .contains("“Smirnov” could name `smirnov-ivan` (Ivan Smirnov) or `smirnov-vladimir` (Vladimir Smirnov)"),
        "{d}"
    );
    assert!(message(&d).contains("¶2"), "{d}");
    assert!(hint(&d).contains("quote: \"Smirnov\", prefix: \"Later \", id: smirnov-ivan"), "{d}");
    // resolving it in the sidecar silences it
    fs::write(
        root.join("content/chapters/03-names.yaml"),
        "mentions:\n  - quote: Smirnov\n    prefix: \"Later \"\n    id: smirnov-ivan\n",
    )
    .unwrap();
    let c = check(&root);
    assert!(c.diagnostics.iter().all(|d| d["code"] != "ambiguous-mention"), "{:#?}", c.diagnostics);
}

#[test]
fn entities_never_mentioned_are_warnings() {
    let people = format!("{TROTSKY}- id: lenin\n  name: Vladimir Lenin\n  summary: s\n  sources: [x]\n");
    let c = check(&edition("unmentioned", &[("content/people/p.yaml", people.as_bytes())]));
    assert_eq!(c.code, 0);
    let d = expect(&c, "never-mentioned", "content/people/p.yaml", 6, 7);
    assert!(message(&d).contains("person `lenin` is never mentioned"), "{d}");
}

#[test]
fn an_entry_another_entry_lists_is_not_reported_as_never_mentioned() {
    // Lenin is named nowhere in the text but is a participant of an event; Zinoviev is not
    let people = format!(
        "{TROTSKY}- id: lenin\n  name: Vladimir Lenin\n  summary: s\n  sources: [x]\n- id: zinoviev\n  name: Grigory Zinoviev\n  summary: s\n  sources: [x]\n"
    );
    let events = "- id: meeting\n  title: The meeting in Moscow\n  aliases: [met Trotsky in Moscow]\n  people: [lenin]\n  summary: s\n  sources: [x]\n";
    let c = check(&edition(
        "listed",
        &[("content/people/p.yaml", people.as_bytes()), ("content/events/e.yaml", events.as_bytes())],
    ));
    let unmentioned: Vec<&str> = c
        .diagnostics
        .iter()
        .filter(|d| d["code"] == "never-mentioned")
        .map(|d| d["message"].as_str().unwrap())
        .collect();
    assert_eq!(unmentioned, ["person `zinoviev` is never mentioned in the text"], "{:#?}", c.diagnostics);
}

#[test]
fn malformed_yaml_is_a_located_error() {
    let c = check(&edition("syntax", &[("content/people/t.yaml", b"- id: x\n  name: [unclosed\n  summary: s\n")]));
    assert_eq!(c.code, 1);
    let d = &c.diagnostics[0];
    assert_eq!(d["code"], "yaml-syntax");
    assert_eq!(d["file"], "content/people/t.yaml");
    assert!(d["location"]["line"].as_u64().unwrap() >= 2, "{d}");
}

#[test]
fn non_utf8_and_empty_files_are_diagnosed() {
    let c = check(&edition(
        "encoding",
        &[("content/people/t.yaml", b"- id: x\n  name: \xff\xfe\n"), ("content/places/empty.yaml", b"# nothing yet\n")],
    ));
    assert_eq!(c.code, 1);
    expect(&c, "encoding", "content/people/t.yaml", 2, 9);
    let d = c.diagnostics.iter().find(|d| d["code"] == "empty-file").expect("empty file warning");
    assert_eq!(d["file"], "content/places/empty.yaml");
}

#[test]
fn yaml_alias_bombs_are_refused_quickly() {
    let mut bomb = String::from("a: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n");
    for (i, name) in ["b", "c", "d", "e", "f", "g", "h", "i"].iter().enumerate() {
        let prev = ["a", "b", "c", "d", "e", "f", "g", "h"][i];
        bomb.push_str(&format!(
            "{name}: &{name} [*{prev},*{prev},*{prev},*{prev},*{prev},*{prev},*{prev},*{prev},*{prev}]\n"
        ));
    }
    let start = std::time::Instant::now();
    let c = check(&edition("bomb", &[("content/people/bomb.yaml", bomb.as_bytes())]));
    assert!(start.elapsed().as_secs() < 10, "took {:?}", start.elapsed());
    assert_eq!(c.code, 1);
    assert!(c.diagnostics.iter().any(|d| d["file"] == "content/people/bomb.yaml"), "{:#?}", c.diagnostics);
}

#[test]
fn all_problems_are_reported_in_one_run() {
    let a = "- id: a\n  name: A\n  summary: s\n  sources: []\n";
    let b = "- id: b\n  name: B\n  summary: s\n  sources: [x]\n  wikidata: 12\n";
    let c =
        check(&edition("many", &[("content/people/a.yaml", a.as_bytes()), ("content/people/b.yaml", b.as_bytes())]));
    let codes: Vec<&str> =
        c.diagnostics.iter().filter(|d| d["severity"] == "error").map(|d| d["code"].as_str().unwrap()).collect();
    assert!(codes.contains(&"no-sources") && codes.contains(&"bad-wikidata"), "{codes:?}");
}

#[test]
fn human_output_shows_the_line_a_caret_and_no_colour_without_a_terminal() {
    let bad = "- id: trotsky\n  name: Leon Trotsky\n  alias: [Trotsky]\n  summary: s\n  sources: [x]\n";
    let root = edition("human", &[("content/people/t.yaml", bad.as_bytes())]);
    let run = gloss(&["check", "--root", root.to_str().unwrap()]);
    assert_eq!(run.code, 1);
    assert!(run.stderr.contains("error[unknown-field]: unknown field `alias`"), "{}", run.stderr);
    assert!(run.stderr.contains("--> content/people/t.yaml:3:3"), "{}", run.stderr);
    assert!(run.stderr.contains(" 3 |   alias: [Trotsky]\n   |   ^"), "{}", run.stderr);
    assert!(!run.stderr.contains('\x1b'), "no colour when not on a terminal");
    assert!(run.stderr.contains("1 error, "), "{}", run.stderr);
}

#[test]
fn the_real_edition_checks_without_errors() {
    let run = gloss(&["check", "--root", repo().to_str().unwrap(), "--format", "json"]);
    let report: Value = serde_json::from_str(&run.stdout).unwrap();
    assert_eq!(report["errors"], 0, "{}", run.stdout);
    assert_eq!(run.code, 0);
}

/// A person with Old Style dates beside the Gregorian ones (the fields start on line 3).
fn old_style_person(fields: &str) -> String {
    format!("- id: smirnov\n  name: Ivan Smirnov\n{fields}  summary: s\n  sources: [x]\n")
}

#[test]
fn old_style_dates_the_same_day_pass() {
    // 1886: 12 days; 1900 after 1 March Old Style, and 1917: 13 days; across a year end.
    let good =
        old_style_person("  born: 1886-02-27\n  born_os: 1886-02-15\n  died: 1917-11-07\n  died_os: 1917-10-25\n");
    let other = "- id: piatakov\n  name: Piatakov\n  born: 1891-01-06\n  born_os: 1890-12-25\n  died: 1900-03-14\n  died_os: 1900-03-01\n  summary: s\n  sources: [x]\n";
    let c = check(&edition(
        "old-style-good",
        &[("content/people/s.yaml", good.as_bytes()), ("content/people/p.yaml", other.as_bytes())],
    ));
    assert!(
        c.diagnostics.iter().all(|d| !d["code"].as_str().unwrap().starts_with("old-style")),
        "{:#?}",
        c.diagnostics
    );
}

#[test]
fn old_style_date_with_the_wrong_difference_is_an_error() {
    // 13 days before a nineteenth-century date: the Gregorian date was given twice converted.
    let bad = old_style_person("  born: 1886-02-27\n  born_os: 1886-02-14\n");
    let c = check(&edition("old-style-13", &[("content/people/s.yaml", bad.as_bytes())]));
    assert_eq!(c.code, 1);
    let d = expect(&c, "old-style-mismatch", "content/people/s.yaml", 4, 12);
    assert!(message(&d).contains("is 13 days before `born` (1886-02-27), not 12"), "{d}");
    assert!(hint(&d).contains("27 February 1886 (Gregorian) is 1886-02-15 Old Style"), "{d}");
    assert!(hint(&d).contains("the Gregorian date is 1886-02-26"), "{d}");
}

#[test]
fn old_style_date_twelve_days_off_in_the_twentieth_century_is_an_error() {
    let bad = old_style_person("  died: 1917-11-07\n  died_os: 1917-10-26\n");
    let c = check(&edition("old-style-12", &[("content/people/s.yaml", bad.as_bytes())]));
    assert_eq!(c.code, 1);
    let d = expect(&c, "old-style-mismatch", "content/people/s.yaml", 4, 12);
    assert!(message(&d).contains("is 12 days before `died` (1917-11-07), not 13"), "{d}");
}

#[test]
fn old_style_date_equal_to_the_gregorian_one_is_an_error() {
    // The usual mistake: the Julian date copied into `born` unconverted.
    let bad = old_style_person("  born: 1890-08-06\n  born_os: 1890-08-06\n");
    let c = check(&edition("old-style-0", &[("content/people/s.yaml", bad.as_bytes())]));
    assert_eq!(c.code, 1);
    let d = expect(&c, "old-style-mismatch", "content/people/s.yaml", 4, 12);
    assert!(message(&d).contains("is 0 days before"), "{d}");
    assert!(hint(&d).contains("the Gregorian date is 1890-08-18"), "{d}");
}

#[test]
fn old_style_date_after_the_calendar_reform_is_an_error() {
    let bad = old_style_person("  died: 1918-02-14\n  died_os: 1918-02-01\n");
    let c = check(&edition("old-style-1918", &[("content/people/s.yaml", bad.as_bytes())]));
    assert_eq!(c.code, 1);
    let d = expect(&c, "old-style-after-1918", "content/people/s.yaml", 4, 12);
    assert!(message(&d).contains("14 February 1918"), "{d}");
}

#[test]
fn old_style_date_must_be_a_day_beside_a_day() {
    let bad = old_style_person("  born: 1886\n  born_os: 1886-02-15\n  died_os: 1937-07\n");
    let c = check(&edition("old-style-day", &[("content/people/s.yaml", bad.as_bytes())]));
    assert_eq!(c.code, 1);
    let found: Vec<&Value> = c.diagnostics.iter().filter(|d| d["code"] == "old-style-not-a-day").collect();
    assert_eq!(found.len(), 1, "{:#?}", c.diagnostics);
    assert_eq!(found[0]["location"]["line"], 3, "{:#}", found[0]);
    let d = expect(&c, "old-style-alone", "content/people/s.yaml", 5, 12);
    assert!(message(&d).contains("`died_os` is given without `died`"), "{d}");
}

#[test]
fn dates_only_the_chapters_could_support_must_be_in_them() {
    // the chapter says nothing of 1879 or 1940; it does name 1927
    let chapter = "---\ntitle: \"Dates\"\nnumber: 4\nslug: \"dates\"\n---\n\nIn 1927 Trotsky was expelled.\n";
    let people = "- id: trotsky\n  name: Leon Trotsky\n  aliases: [Trotsky]\n  born: \"1879-11-07\"\n  summary: Revolutionary.\n  sources: [\"Broué, ch. X (chapter 4 of this edition)\"]\n";
    let events = "- id: expulsion\n  title: Expulsion\n  date: \"1927-11\"\n  summary: s\n  sources: [\"Broué, ch. X (chapter 4 of this edition)\"]\n- id: exile\n  title: Exile\n  date: \"1929-02\"\n  summary: s\n  sources: [\"Broué, ch. X (chapter 4 of this edition)\", \"Another work — https://en.wikipedia.org/wiki/X\"]\n";
    let root = edition(
        "date-sources",
        &[
            ("content/chapters/04-dates.md", chapter.as_bytes()),
            ("content/people/t.yaml", people.as_bytes()),
            ("content/events/e.yaml", events.as_bytes()),
        ],
    );
    let c = check(&root);
    let found: Vec<&Value> = c.diagnostics.iter().filter(|d| d["code"] == "date-not-in-sources").collect();
    // the birth year is in no chapter: warned at the date; 1927 is in the chapter; the
    // exile cites another work
    assert_eq!(found.len(), 1, "{found:?}");
    let d = expect(&c, "date-not-in-sources", "content/people/t.yaml", 4, 10);
    assert!(message(&d).contains("born") && message(&d).contains("1879"), "{d}");
    assert_eq!(d["severity"], "warning");
}
