//! The registers: people, events, places and glossary terms, as editors write them in
//! `content/people/`, `content/events/`, `content/places/` and `content/glossary/`.
//!
//! Every type rejects unknown keys, so a misspelt field is an error with a suggestion.
//! The JSON Schemas editors use for autocompletion are generated from these types.

use super::edtf::Edtf;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// The four kinds of entity.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Kind {
    /// A person (`content/people/`).
    Person,
    /// An event (`content/events/`).
    Event,
    /// A place (`content/places/`).
    Place,
    /// A glossary term, organisation or periodical (`content/glossary/`).
    Term,
}

impl Kind {
    /// All kinds, in display order.
    pub const ALL: [Kind; 4] = [Kind::Person, Kind::Event, Kind::Place, Kind::Term];

    /// The registry folder under `content/`.
    pub fn folder(self) -> &'static str {
        match self {
            Kind::Person => "people",
            Kind::Event => "events",
            Kind::Place => "places",
            Kind::Term => "glossary",
        }
    }

    /// The singular noun, for messages; also the folder of the entity pages
    /// (`person/trotsky.html`).
    pub fn noun(self) -> &'static str {
        match self {
            Kind::Person => "person",
            Kind::Event => "event",
            Kind::Place => "place",
            Kind::Term => "term",
        }
    }
}

/// A role a person held, with when.
#[derive(Clone, Debug, PartialEq, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Role {
    /// The role, e.g. "Member of the Central Committee".
    pub role: String,
    /// When (EDTF date or interval, e.g. `1919/1927`).
    #[serde(default)]
    pub date: Option<Edtf>,
}

/// A person named in the text.
#[derive(Clone, Debug, PartialEq, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Person {
    /// Unique id (a slug: lowercase letters, digits, hyphens), e.g. `rakovsky`.
    pub id: String,
    /// Display name, e.g. "Christian Rakovsky".
    pub name: String,
    /// Name for indexes, e.g. "Rakovsky, Christian Georgievich". Defaults to the name.
    #[serde(default)]
    pub sort_name: Option<String>,
    /// Every form the text uses to name this person, exactly as printed.
    #[serde(default)]
    pub aliases: Vec<String>,
    /// Date of birth (EDTF).
    #[serde(default)]
    pub born: Option<Edtf>,
    /// Date of death (EDTF).
    #[serde(default)]
    pub died: Option<Edtf>,
    /// Date of birth in the Julian calendar (Old Style), as the sources give it for a
    /// birth in Russia before 14 February 1918: a single day, e.g. `1886-02-15`. `born`
    /// stays the Gregorian date; `gloss check` verifies that the two are the same day.
    #[serde(default)]
    pub born_os: Option<Edtf>,
    /// Date of death in the Julian calendar (Old Style), as `born_os`.
    #[serde(default)]
    pub died_os: Option<Edtf>,
    /// One line of plain text, shown in popovers.
    pub summary: String,
    /// Biography (Markdown).
    #[serde(default)]
    pub bio: Option<String>,
    /// Roles held, with dates.
    #[serde(default)]
    pub roles: Vec<Role>,
    /// Wikidata item id, e.g. `Q193681`.
    #[serde(default)]
    pub wikidata: Option<String>,
    /// Where the facts come from.
    pub sources: Vec<String>,
}

impl Person {
    /// A person with only an id, a name and aliases (the rest empty): for tools and tests.
    pub fn named(id: &str, name: &str, aliases: &[&str]) -> Person {
        Person {
            id: id.to_string(),
            name: name.to_string(),
            sort_name: None,
            aliases: aliases.iter().map(|a| a.to_string()).collect(),
            born: None,
            died: None,
            born_os: None,
            died_os: None,
            summary: String::new(),
            bio: None,
            roles: vec![],
            wikidata: None,
            sources: vec![],
        }
    }
}

/// What kind of event.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Deserialize, Serialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
#[allow(missing_docs)]
pub enum EventKind {
    Congress,
    Conference,
    Plenum,
    Meeting,
    Demonstration,
    Arrest,
    Deportation,
    Expulsion,
    Death,
    Funeral,
    Publication,
    Letter,
    Speech,
    Uprising,
    Journey,
    Other,
}

/// A dated or datable event.
#[derive(Clone, Debug, PartialEq, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Event {
    /// Unique id (a slug), e.g. `fifteenth-congress`.
    pub id: String,
    /// Title, e.g. "Fifteenth Congress of the CPSU".
    pub title: String,
    /// What kind of event.
    #[serde(default)]
    pub kind: Option<EventKind>,
    /// When (EDTF: a day, month, season, interval; `~` approximate, `?` uncertain).
    /// Leave it out only when no date can be given; the event is then listed as undated.
    #[serde(default)]
    pub date: Option<Edtf>,
    /// Where (place ids).
    #[serde(default)]
    pub places: Vec<String>,
    /// Who took part (person ids).
    #[serde(default)]
    pub people: Vec<String>,
    /// One line of plain text, shown in popovers.
    pub summary: String,
    /// Description (Markdown).
    #[serde(default)]
    pub description: Option<String>,
    /// Phrases that name the event in the text, exactly as printed.
    #[serde(default)]
    pub aliases: Vec<String>,
    /// Where the facts come from.
    pub sources: Vec<String>,
}

/// What kind of place.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Deserialize, Serialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
#[allow(missing_docs)]
pub enum PlaceKind {
    City,
    Town,
    Village,
    Region,
    Country,
    Prison,
    Building,
    Street,
    River,
    Other,
}

/// Latitude and longitude in decimal degrees.
#[derive(Clone, Copy, Debug, PartialEq, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Coordinates {
    /// Latitude, −90 to 90.
    pub lat: f64,
    /// Longitude, −180 to 180.
    pub lon: f64,
}

/// A place named in the text.
#[derive(Clone, Debug, PartialEq, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Place {
    /// Unique id (a slug), e.g. `alma-ata`.
    pub id: String,
    /// Display name.
    pub name: String,
    /// What kind of place.
    #[serde(default)]
    pub kind: Option<PlaceKind>,
    /// Every form the text uses to name this place, exactly as printed.
    #[serde(default)]
    pub aliases: Vec<String>,
    /// Where it is.
    #[serde(default)]
    pub coordinates: Option<Coordinates>,
    /// One line of plain text, shown in popovers.
    pub summary: String,
    /// Where the facts come from.
    pub sources: Vec<String>,
}

/// What kind of glossary entry.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Deserialize, Serialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
#[allow(missing_docs)]
pub enum TermKind {
    Concept,
    Organisation,
    Institution,
    Periodical,
    Document,
}

/// A glossary entry: a term, an organisation, a periodical.
#[derive(Clone, Debug, PartialEq, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Term {
    /// Unique id (a slug), e.g. `thermidor`.
    pub id: String,
    /// The term as headword.
    pub term: String,
    /// What kind of entry.
    #[serde(default)]
    pub kind: Option<TermKind>,
    /// Variants and inflections as they occur in the text.
    #[serde(default)]
    pub aliases: Vec<String>,
    /// Definition (Markdown).
    pub definition: String,
    /// Related terms (ids).
    #[serde(default)]
    pub see_also: Vec<String>,
    /// Where the facts come from.
    pub sources: Vec<String>,
}

/// Any entity, for code that treats all kinds alike.
// A person is the largest variant (with its Old Style dates); entities are loaded once
// into the registry's vector, so the extra size costs little and boxing would touch
// every match on `Entity`.
#[allow(clippy::large_enum_variant)]
#[derive(Clone, Debug, PartialEq)]
pub enum Entity {
    /// A person.
    Person(Person),
    /// An event.
    Event(Event),
    /// A place.
    Place(Place),
    /// A glossary term.
    Term(Term),
}

impl Entity {
    /// Its kind.
    pub fn kind(&self) -> Kind {
        match self {
            Entity::Person(_) => Kind::Person,
            Entity::Event(_) => Kind::Event,
            Entity::Place(_) => Kind::Place,
            Entity::Term(_) => Kind::Term,
        }
    }

    /// Its id.
    pub fn id(&self) -> &str {
        match self {
            Entity::Person(p) => &p.id,
            Entity::Event(e) => &e.id,
            Entity::Place(p) => &p.id,
            Entity::Term(t) => &t.id,
        }
    }

    /// Its display name.
    pub fn label(&self) -> &str {
        match self {
            Entity::Person(p) => &p.name,
            Entity::Event(e) => &e.title,
            Entity::Place(p) => &p.name,
            Entity::Term(t) => &t.term,
        }
    }

    /// The name used for alphabetical indexes.
    pub fn sort_name(&self) -> &str {
        match self {
            Entity::Person(p) => p.sort_name.as_deref().unwrap_or(&p.name),
            _ => self.label(),
        }
    }

    /// The aliases as written.
    pub fn aliases(&self) -> &[String] {
        match self {
            Entity::Person(p) => &p.aliases,
            Entity::Event(e) => &e.aliases,
            Entity::Place(p) => &p.aliases,
            Entity::Term(t) => &t.aliases,
        }
    }

    /// The one-line summary (for terms, the definition's first sentence is used by pages).
    pub fn summary(&self) -> &str {
        match self {
            Entity::Person(p) => &p.summary,
            Entity::Event(e) => &e.summary,
            Entity::Place(p) => &p.summary,
            Entity::Term(t) => &t.definition,
        }
    }

    /// The sources.
    pub fn sources(&self) -> &[String] {
        match self {
            Entity::Person(p) => &p.sources,
            Entity::Event(e) => &e.sources,
            Entity::Place(p) => &p.sources,
            Entity::Term(t) => &t.sources,
        }
    }

    /// The page URL relative to the site root, e.g. `person/rakovsky.html`.
    pub fn url(&self) -> String {
        format!("{}/{}.html", self.kind().noun(), self.id())
    }
}

impl JsonSchema for Edtf {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "Edtf".into()
    }

    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({
            "type": ["string", "integer"],
            "description": "A date in EDTF (Library of Congress Extended Date/Time Format, levels 0 and 1): 1927-11-07, 1927-11, 1927, 1927~ (approximate), 1927? (uncertain), 1927% (both), 192X, 1928-21 (spring), 1927-12-02/1927-12-19, 1928/.., ../1929-02",
            "examples": ["1927-11-07", "1927-11~", "1928-21", "1927-12-02/1927-12-19", "1926/1927"]
        })
    }
}
