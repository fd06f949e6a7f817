//! `gloss new`: a scaffolded edition checks clean (no error, no warning) and builds.

mod common;
use common::*;

#[test]
fn a_new_edition_checks_clean_and_builds() {
    let dir = temp_dir("new").join("my-edition");
    let run = gloss(&["new", dir.to_str().unwrap()]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    for f in
        ["content/edition.yaml", "content/chapters/01-the-first-chapter.md", "schema/person.schema.json", ".gitignore"]
    {
        assert!(dir.join(f).exists(), "{f}");
    }
    let check = gloss(&["check", "--root", dir.to_str().unwrap(), "--format", "json"]);
    assert_eq!(check.code, 0);
    let report: serde_json::Value = serde_json::from_str(&check.stdout).unwrap();
    assert_eq!((report["errors"].as_u64(), report["warnings"].as_u64()), (Some(0), Some(0)), "{}", check.stdout);
    let out = dir.join("output");
    let run = build(&dir, &out);
    assert!(run.stdout.starts_with("Built "), "{}", run.stdout);
    let chapter = html(&out.join("chapter/the-first-chapter.html"));
    assert_eq!(chapter.select(&sel("a.m")).count(), 3, "the person, the event and the term are linked");
    assert_eq!(chapter.select(&sel(".emend")).count(), 1);
    assert_eq!(chapter.select(&sel(".sidenote")).count(), 1);
    // the new edition's files match the schemas it ships
    for (file, schema) in
        [("content/people/people.yaml", "person"), ("content/chapters/01-the-first-chapter.yaml", "sidecar")]
    {
        let s: serde_json::Value =
            serde_json::from_str(&std::fs::read_to_string(dir.join(format!("schema/{schema}.schema.json"))).unwrap())
                .unwrap();
        let y: serde_json::Value = serde_yaml::from_str(&std::fs::read_to_string(dir.join(file)).unwrap()).unwrap();
        assert!(jsonschema::validator_for(&s).unwrap().is_valid(&y), "{file}");
    }
}

#[test]
fn new_refuses_to_overwrite_a_folder() {
    let dir = temp_dir("new-existing");
    std::fs::write(dir.join("keep.txt"), "mine").unwrap();
    let run = gloss(&["new", dir.to_str().unwrap()]);
    assert_eq!(run.code, 1);
    assert!(run.stderr.contains("already exists"), "{}", run.stderr);
    assert_eq!(std::fs::read_to_string(dir.join("keep.txt")).unwrap(), "mine");
}
