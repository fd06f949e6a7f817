//! The JSON Schemas (generated from the Rust types) accept every YAML file of the real
//! edition, reject mistakes, and the copies committed in docs/schema/ are up to date.

mod common;
use common::*;

fn schema_for(rel: &str) -> Option<&'static str> {
    let first = rel.split('/').nth(1)?;
    Some(match first {
        "people" => "person.schema.json",
        "events" => "event.schema.json",
        "places" => "place.schema.json",
        "glossary" => "term.schema.json",
        "chapters" if rel.ends_with(".yaml") => "sidecar.schema.json",
        "edition.yaml" => "edition.schema.json",
        _ => return None,
    })
}

fn validator(name: &str) -> jsonschema::Validator {
    let text = gloss::schema::all().into_iter().find(|(n, _)| *n == name).unwrap().1;
    let schema: serde_json::Value = serde_json::from_str(&text).unwrap();
    jsonschema::validator_for(&schema).unwrap()
}

#[test]
fn committed_schemas_are_up_to_date() {
    for (name, text) in gloss::schema::all() {
        let committed = std::fs::read_to_string(repo().join("docs/schema").join(name)).unwrap_or_default();
        assert_eq!(committed, text, "docs/schema/{name} is stale: run `cargo run -- schema`");
    }
}

#[test]
fn schemas_accept_every_yaml_file_of_the_edition() {
    let content = repo().join("content");
    let mut checked = 0;
    for rel in files(&content) {
        let rel = format!("content/{rel}");
        let Some(name) = schema_for(&rel) else { continue };
        if !rel.ends_with(".yaml") {
            continue;
        }
        let yaml: serde_json::Value =
            serde_yaml::from_str(&std::fs::read_to_string(repo().join(&rel)).unwrap()).unwrap();
        let v = validator(name);
        let errors: Vec<String> =
            v.iter_errors(&yaml).map(|e| format!("{} at {}", e, e.instance_path)).take(5).collect();
        assert!(errors.is_empty(), "{rel} does not match {name}:\n{}", errors.join("\n"));
        checked += 1;
    }
    assert!(checked >= 20, "only {checked} files checked");
    // chapter front matter
    let v = validator("chapter.schema.json");
    for rel in files(&content.join("chapters")).into_iter().filter(|f| f.ends_with(".md")) {
        let text = std::fs::read_to_string(content.join("chapters").join(&rel)).unwrap();
        let (front, _, _) = gloss::load::chapters::split_front_matter(&text).unwrap();
        let yaml: serde_json::Value = serde_yaml::from_str(front).unwrap();
        assert!(v.is_valid(&yaml), "{rel}: front matter does not match the schema");
    }
}

#[test]
fn schemas_reject_unknown_fields_bad_types_and_missing_fields() {
    let v = validator("person.schema.json");
    let ok: serde_json::Value = serde_yaml::from_str("id: x\nname: X\nsummary: s\nsources: [a]\n").unwrap();
    assert!(v.is_valid(&ok));
    let list: serde_json::Value = serde_yaml::from_str("- id: x\n  name: X\n  summary: s\n  sources: [a]\n").unwrap();
    assert!(v.is_valid(&list));
    for bad in [
        "id: x\nname: X\nsummary: s\nsources: [a]\nalias: [y]\n",
        "id: x\nname: X\nsummary: s\nsources: a\n",
        "id: x\nsummary: s\nsources: [a]\n",
    ] {
        let y: serde_json::Value = serde_yaml::from_str(bad).unwrap();
        assert!(!v.is_valid(&y), "accepted: {bad}");
    }
    let side = validator("sidecar.schema.json");
    let y: serde_json::Value = serde_yaml::from_str("mentions:\n  - quote: Smirnov\n").unwrap();
    assert!(!side.is_valid(&y), "a mention override must say `id` (or `id: null`)");
}

#[test]
fn schemas_are_published_with_the_site() {
    let site = real_site();
    for (name, _) in gloss::schema::all() {
        assert!(site.join("schema").join(name).exists(), "{name} not in output/schema/");
    }
}
