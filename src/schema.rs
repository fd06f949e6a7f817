//! JSON Schemas for every YAML file editors write, generated from the Rust types (so they
//! can never drift from what gloss accepts). Editors point yaml-language-server at them
//! with a first line such as
//! `# yaml-language-server: $schema=../../docs/schema/person.schema.json`
//! and get completion, hover documentation and validation as they type.

use crate::config::Config;
use crate::model::chapter::ChapterMeta;
use crate::model::entity::{Event, Person, Place, Term};
use crate::model::Sidecar;
use schemars::{schema_for, JsonSchema};
use serde_json::{json, Map, Value};

/// The schemas, as (file name, JSON text), in a stable order.
pub fn all() -> Vec<(&'static str, String)> {
    vec![
        ("edition.schema.json", finish(single::<Config>("The edition's configuration (content/edition.yaml)"))),
        ("chapter.schema.json", finish(single::<ChapterMeta>("A chapter's front matter"))),
        (
            "person.schema.json",
            finish(one_or_many::<Person>("Person", "People (content/people/*.yaml): one entry or a list")),
        ),
        (
            "event.schema.json",
            finish(one_or_many::<Event>("Event", "Events (content/events/*.yaml): one entry or a list")),
        ),
        (
            "place.schema.json",
            finish(one_or_many::<Place>("Place", "Places (content/places/*.yaml): one entry or a list")),
        ),
        (
            "term.schema.json",
            finish(one_or_many::<Term>("Term", "Glossary (content/glossary/*.yaml): one entry or a list")),
        ),
        ("sidecar.schema.json", finish(single::<Sidecar>("A chapter's apparatus (content/chapters/NN-slug.yaml)"))),
    ]
}

fn single<T: JsonSchema>(title: &str) -> Value {
    let mut v = schema_for!(T).to_value();
    v["title"] = json!(title);
    v
}

/// A schema accepting one `T` or a list of them.
fn one_or_many<T: JsonSchema>(name: &str, title: &str) -> Value {
    let mut root = schema_for!(T).to_value();
    let obj = root.as_object_mut().expect("a schema is an object");
    let mut defs = match obj.remove("$defs") {
        Some(Value::Object(m)) => m,
        _ => Map::new(),
    };
    obj.remove("$schema");
    defs.insert(name.to_string(), Value::Object(obj.clone()));
    let r = json!({ "$ref": format!("#/$defs/{name}") });
    json!({
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": title,
        "oneOf": [r, { "type": "array", "items": r }],
        "$defs": defs,
    })
}

fn finish(v: Value) -> String {
    let mut s = serde_json::to_string_pretty(&v).expect("schemas serialise");
    s.push('\n');
    s
}

#[cfg(test)]
mod tests {
    #[test]
    fn schemas_name_the_fields_editors_write() {
        let all = super::all();
        let person = &all.iter().find(|(n, _)| *n == "person.schema.json").unwrap().1;
        for field in ["sort_name", "aliases", "born", "wikidata", "sources", "roles"] {
            assert!(person.contains(&format!("\"{field}\"")), "{field}");
        }
        assert!(person.contains("\"additionalProperties\": false"), "unknown keys are rejected");
        let sidecar = &all.iter().find(|(n, _)| *n == "sidecar.schema.json").unwrap().1;
        assert!(sidecar.contains("\"emendations\"") && sidecar.contains("\"corr\""));
    }
}
