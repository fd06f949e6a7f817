//! Reading the registers: every YAML file under `content/people/`, `content/events/`,
//! `content/places/` and `content/glossary/` (found with walkdir), each holding one entry
//! or a list of entries.

use super::source::{Origin, SourceFile};
use super::{read_file, yaml, Paths};
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::model::entity::{Event, Person, Place, Term};
use crate::model::{Entity, EntityId, Kind};
use serde::de::DeserializeOwned;
use std::collections::HashMap;
use std::path::Path;
use std::sync::Arc;
use walkdir::WalkDir;

/// All entities of the edition, in a stable order (by kind, then file, then position).
#[derive(Clone, Debug, Default)]
pub struct Registry {
    /// The entities.
    pub entities: Vec<Entity>,
    /// Where each entity was defined (parallel to `entities`).
    pub origins: Vec<Origin>,
    by_id: HashMap<String, EntityId>,
}

impl Registry {
    /// Add an entity; the first entity with an id wins lookups (duplicates are reported by
    /// validation).
    pub fn push(&mut self, entity: Entity, origin: Origin) {
        self.by_id.entry(entity.id().to_string()).or_insert(EntityId::new(self.entities.len()));
        self.entities.push(entity);
        self.origins.push(origin);
    }

    /// The reference to the entity with this id.
    pub fn index_of(&self, id: &str) -> Option<EntityId> {
        self.by_id.get(id).copied()
    }

    /// The entity with this id.
    pub fn get(&self, id: &str) -> Option<&Entity> {
        self.index_of(id).map(|i| &self.entities[i])
    }

    /// Number of entities.
    pub fn len(&self) -> usize {
        self.entities.len()
    }

    /// Whether there are none.
    pub fn is_empty(&self) -> bool {
        self.entities.is_empty()
    }

    /// The one did-you-mean hint for an unknown id: the closest id (of `kind`, if given),
    /// or what to do.
    pub fn suggest(&self, id: &str, kind: Option<Kind>) -> String {
        let ids: Vec<&str> =
            self.entities.iter().filter(|e| kind.is_none_or(|k| e.kind() == k)).map(|e| e.id()).collect();
        match (super::yaml::did_you_mean(id, &ids), kind) {
            (Some(s), _) => format!("did you mean `{s}`?"),
            (None, Some(k)) => format!("add an entry with `id: {id}` under content/{}/, or fix the id", k.folder()),
            (None, None) => "use the id of a person, event, place or term".into(),
        }
    }

    /// Every entity, in load order.
    pub fn ids(&self) -> impl Iterator<Item = EntityId> {
        EntityId::all(self.entities.len())
    }

    /// The entities of one kind, in load order.
    pub fn of_kind(&self, kind: Kind) -> impl Iterator<Item = EntityId> + '_ {
        self.ids().filter(move |&i| self.entities[i].kind() == kind)
    }
}

/// Load every registry folder.
pub fn load_registry(paths: &Paths, diags: &mut Diagnostics) -> Registry {
    let mut reg = Registry::default();
    for kind in Kind::ALL {
        let dir = paths.content().join(kind.folder());
        if !dir.is_dir() {
            continue;
        }
        let mut files: Vec<_> = WalkDir::new(&dir)
            .sort_by_file_name()
            .into_iter()
            .filter_map(|e| match e {
                Ok(e) => Some(e),
                Err(err) => {
                    diags.push(Diagnostic::io("io", format!("cannot list {}: {err}", dir.display())));
                    None
                }
            })
            .filter(|e| super::read::is_candidate(e, &["yaml", "yml"]))
            .map(|e| e.into_path())
            .collect();
        files.sort();
        for path in files {
            match kind {
                Kind::Person => load_file::<Person>(paths, &path, diags, &mut reg, Entity::Person),
                Kind::Event => load_file::<Event>(paths, &path, diags, &mut reg, Entity::Event),
                Kind::Place => load_file::<Place>(paths, &path, diags, &mut reg, Entity::Place),
                Kind::Term => load_file::<Term>(paths, &path, diags, &mut reg, Entity::Term),
            }
        }
    }
    reg
}

/// Whether a path is a YAML file.
pub fn is_yaml(path: &Path) -> bool {
    matches!(path.extension().and_then(|e| e.to_str()), Some("yaml" | "yml"))
}

fn load_file<T: DeserializeOwned>(
    paths: &Paths,
    path: &Path,
    diags: &mut Diagnostics,
    reg: &mut Registry,
    wrap: fn(T) -> Entity,
) {
    let shown = paths.display(path);
    let text = match read_file(paths, path).and_then(|b| yaml::decode_text(&shown, &b)) {
        Ok(t) => t,
        Err(d) => return diags.push(d),
    };
    match parse_entries::<T>(&shown, &text) {
        Ok(Entries::Empty) => diags.push(
            Diagnostic::warning("empty-file", "this registry file has no entries")
                .in_file(&shown)
                .with_hint("add an entry, or delete the file"),
        ),
        Ok(Entries::One(entry)) => {
            let file = Arc::new(SourceFile::new(shown, text));
            reg.push(wrap(entry), Origin { file, index: None });
        }
        Ok(Entries::Many(list)) => {
            let file = Arc::new(SourceFile::new(shown, text));
            for (i, entry) in list.into_iter().enumerate() {
                reg.push(wrap(entry), Origin { file: Arc::clone(&file), index: Some(i) });
            }
        }
        Err(d) => diags.push(d),
    }
}

/// The entries of one registry file.
pub enum Entries<T> {
    /// An empty file (or only comments).
    Empty,
    /// A file holding one entry (a mapping).
    One(T),
    /// A file holding a list of entries.
    Many(Vec<T>),
}

/// Parse a registry file's text as one entry or a list of entries.
pub fn parse_entries<T: DeserializeOwned>(file: &Path, text: &str) -> Result<Entries<T>, Diagnostic> {
    let value: serde_yaml::Value = yaml::parse(file, text, text, 0)?;
    match value {
        serde_yaml::Value::Null => Ok(Entries::Empty),
        serde_yaml::Value::Sequence(_) => yaml::parse::<Vec<T>>(file, text, text, 0).map(Entries::Many),
        serde_yaml::Value::Mapping(_) => yaml::parse::<T>(file, text, text, 0).map(Entries::One),
        _ => Err(Diagnostic::error(
            "wrong-type",
            "a registry file holds an entry (`id: ...` lines) or a list of entries (`- id: ...`)",
        )
        .in_file(file)
        .at_offset(text, text.len() - text.trim_start().len())
        .with_hint("see docs/editing.md for the fields of each kind of entry")),
    }
}
