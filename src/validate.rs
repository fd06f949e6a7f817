//! Validation of the registers: ids are slugs and unique across the edition, references
//! name existing entries of the right kind, dates are coherent, required lists are not
//! empty, text fields are not over their size limit ([`FIELD_LIMITS`]), and no alias is a
//! form that would link half the text (a common word, one character, punctuation).
//! Problems point at the exact value in the YAML file.
//!
//! (Syntax, types, unknown and missing fields and invalid EDTF dates are caught earlier,
//! while loading; quotes and mentions are checked by `link`.)

use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::load::registry::Registry;
use crate::load::yaml::did_you_mean;
use crate::model::slug::{is_slug, slugify};
use crate::model::{Entity, Kind};
use std::collections::HashMap;

/// Check the registry; problems go to `diags`.
pub fn validate_registry(reg: &Registry, diags: &mut Diagnostics) {
    let mut first_seen: HashMap<&str, usize> = HashMap::new();
    for (i, entity) in reg.entities.iter().enumerate() {
        let origin = &reg.origins[i];
        let id = entity.id();
        if !is_slug(id) {
            diags.push(
                origin.diagnostic(
                    Diagnostic::error("bad-id", format!("`{id}` is not a valid id")).with_hint(format!(
                        "ids are lowercase letters, digits and single hyphens, e.g. `{}`",
                        slugify(id)
                    )),
                    "id",
                ),
            );
        }
        if let Some(&j) = first_seen.get(id) {
            let other = &reg.origins[j];
            let first = other.diagnostic(Diagnostic::error("x", ""), "id");
            let at = match (&first.file, first.location) {
                (Some(f), Some(l)) => format!("{}:{}:{}", f.display(), l.line, l.column),
                (Some(f), None) => f.display().to_string(),
                _ => String::new(),
            };
            diags.push(origin.diagnostic(
                Diagnostic::error("duplicate-id", format!("the id `{id}` is used twice")).with_hint(format!(
                    "it is first used by the {} at {at}; ids must be unique across the edition",
                    reg.entities[j].kind().noun()
                )),
                "id",
            ));
        } else {
            first_seen.insert(id, i);
        }
        if entity.sources().is_empty() {
            diags.push(
                origin.diagnostic(
                    Diagnostic::error("no-sources", format!("`{id}` names no sources"))
                        .with_hint("list where the facts come from under `sources:` (at least one)"),
                    "sources",
                ),
            );
        }
        for (k, alias) in entity.aliases().iter().enumerate() {
            if alias.trim().is_empty() {
                diags.push(origin.diagnostic(
                    Diagnostic::error("empty-alias", "an alias is empty").with_hint("remove it"),
                    &format!("aliases[{k}]"),
                ));
            } else if let Some(why) = too_common(alias) {
                diags.push(origin.diagnostic(
                    Diagnostic::warning("common-alias", format!("the alias `{}` is {why}", alias.trim())).with_hint(
                        "an alias is linked wherever it occurs as a word, so this one would link words that do not name this entry; remove it, and link the places meant with a `mentions` override in the chapter's sidecar",
                    ),
                    &format!("aliases[{k}]"),
                ));
            }
        }
        check_sizes(entity, origin, diags);
        check_entity(reg, entity, origin, diags);
    }
}

/// Common English words that are never a good alias: each would be linked all over the text.
const STOP_WORDS: &[&str] = &[
    "a", "about", "after", "all", "an", "and", "are", "as", "at", "be", "but", "by", "for", "from", "had", "has",
    "have", "he", "her", "him", "his", "i", "if", "in", "is", "it", "its", "me", "my", "no", "not", "of", "on", "one",
    "or", "our", "she", "so", "that", "the", "their", "them", "then", "there", "these", "they", "this", "those", "to",
    "up", "us", "was", "we", "were", "what", "when", "which", "who", "will", "with", "would", "you", "your",
];

/// Why an alias would link words that are not this entry, if it would.
fn too_common(alias: &str) -> Option<&'static str> {
    let alias = alias.trim();
    if !alias.chars().any(char::is_alphanumeric) {
        Some("only punctuation")
    } else if alias.chars().count() == 1 {
        Some("a single character")
    } else if STOP_WORDS.contains(&alias.to_lowercase().as_str()) {
        Some("a common English word")
    } else {
        None
    }
}

/// The most bytes accepted in each free-text field of a register entry. A `summary` is one
/// line shown in popovers and on every page that mentions the entry, so it is kept short;
/// the longer texts are pages of their own. (One-line values are also bounded while the
/// YAML is read, by `crate::load::yaml::MAX_LINE_BYTES`.)
pub const FIELD_LIMITS: &[(&str, usize)] =
    &[("summary", 10_000), ("bio", 1 << 20), ("description", 1 << 20), ("definition", 1 << 20)];

/// The free-text fields of an entry, by name.
fn text_fields(entity: &Entity) -> Vec<(&'static str, &str)> {
    match entity {
        Entity::Person(p) => vec![("summary", p.summary.as_str()), ("bio", p.bio.as_deref().unwrap_or(""))],
        Entity::Event(e) => {
            vec![("summary", e.summary.as_str()), ("description", e.description.as_deref().unwrap_or(""))]
        }
        Entity::Place(p) => vec![("summary", p.summary.as_str())],
        Entity::Term(t) => vec![("definition", t.definition.as_str())],
    }
}

/// Refuse text fields over their limit in [`FIELD_LIMITS`].
fn check_sizes(entity: &Entity, origin: &crate::load::source::Origin, diags: &mut Diagnostics) {
    for (field, text) in text_fields(entity) {
        let limit = FIELD_LIMITS.iter().find(|(f, _)| *f == field).map_or(usize::MAX, |(_, n)| *n);
        if text.len() > limit {
            diags.push(
                origin.diagnostic(
                    Diagnostic::error(
                        "field-too-long",
                        format!("`{field}` is {} bytes long; at most {limit} are accepted", text.len()),
                    )
                    .with_hint(if field == "summary" {
                        "a summary is one line shown in popovers; put the rest in `bio`"
                    } else {
                        "shorten it; a text this long belongs in a chapter or a page of its own"
                    }),
                    field,
                ),
            );
        }
    }
}

fn check_entity(reg: &Registry, entity: &Entity, origin: &crate::load::source::Origin, diags: &mut Diagnostics) {
    match entity {
        Entity::Person(p) => {
            if p.summary.contains('\n') {
                diags.push(
                    origin.diagnostic(
                        Diagnostic::warning("long-summary", "the summary spans several lines")
                            .with_hint("a summary is one line shown in popovers; put the rest in `bio`"),
                        "summary",
                    ),
                );
            }
            if let Some(q) = &p.wikidata {
                if !(q.starts_with('Q')
                    && q.len() > 1
                    && q[1..].bytes().all(|b| b.is_ascii_digit())
                    && !q[1..].starts_with('0'))
                {
                    diags.push(
                        origin.diagnostic(
                            Diagnostic::error("bad-wikidata", format!("`{q}` is not a Wikidata item id"))
                                .with_hint("a Wikidata id is Q followed by digits, e.g. Q33391"),
                            "wikidata",
                        ),
                    );
                }
            }
            if let (Some(b), Some(d)) = (&p.born, &p.died) {
                if let ((Some(born), _), (_, Some(died))) = (b.bounds(), d.bounds()) {
                    if born > died {
                        diags.push(
                            origin.diagnostic(
                                Diagnostic::error(
                                    "died-before-born",
                                    format!("`{}` died ({d}) before being born ({b})", p.id),
                                )
                                .with_hint("check both dates"),
                                "died",
                            ),
                        );
                    }
                }
            }
        }
        Entity::Event(e) => {
            check_refs(reg, origin, &e.places, "places", Kind::Place, diags);
            check_refs(reg, origin, &e.people, "people", Kind::Person, diags);
        }
        Entity::Place(p) => {
            if let Some(c) = p.coordinates {
                if !(-90.0..=90.0).contains(&c.lat) || !(-180.0..=180.0).contains(&c.lon) {
                    diags.push(
                        origin.diagnostic(
                            Diagnostic::error(
                                "bad-coordinates",
                                format!("coordinates {}, {} are out of range", c.lat, c.lon),
                            )
                            .with_hint("latitude is −90 to 90, longitude −180 to 180, in decimal degrees"),
                            "coordinates",
                        ),
                    );
                }
            }
        }
        Entity::Term(t) => check_refs(reg, origin, &t.see_also, "see_also", Kind::Term, diags),
    }
}

fn check_refs(
    reg: &Registry,
    origin: &crate::load::source::Origin,
    ids: &[String],
    field: &str,
    kind: Kind,
    diags: &mut Diagnostics,
) {
    for (k, id) in ids.iter().enumerate() {
        match reg.get(id) {
            Some(e) if e.kind() == kind => {}
            Some(e) => diags.push(
                origin.diagnostic(
                    Diagnostic::error("wrong-kind", format!("`{id}` is a {}, not a {}", e.kind().noun(), kind.noun()))
                        .with_hint(format!("`{field}` lists {} ids", kind.noun())),
                    &format!("{field}[{k}]"),
                ),
            ),
            None => diags.push(
                origin.diagnostic(
                    Diagnostic::error("unknown-id", format!("there is no {} with id `{id}`", kind.noun()))
                        .with_hint(suggest(reg, id, kind)),
                    &format!("{field}[{k}]"),
                ),
            ),
        }
    }
}

/// A hint for an unknown id: the closest id of that kind, or where to add the entry.
pub fn suggest(reg: &Registry, id: &str, kind: Kind) -> String {
    let ids: Vec<&str> = reg.of_kind(kind).map(|i| reg.entities[i].id()).collect();
    match did_you_mean(id, &ids) {
        Some(s) => format!("did you mean `{s}`?"),
        None => format!("add an entry with `id: {id}` under content/{}/, or fix the id", kind.folder()),
    }
}
