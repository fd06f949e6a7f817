//! A chapter's apparatus, from the YAML file beside it (`NN-slug.md` → `NN-slug.yaml`).
//!
//! Each item is anchored by a quote of the chapter's text (the W3C Web Annotation
//! TextQuoteSelector idea): the exact words, with optional text just before (`prefix`) and
//! after (`suffix`) to make it unique. Anchors survive edits elsewhere in the chapter.

use schemars::JsonSchema;
use serde::{Deserialize, Deserializer, Serialize};

/// Where in the chapter an item applies: a quote of one paragraph's text.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Anchor {
    /// The exact words (as the reader sees them, without endnote markers).
    pub quote: String,
    /// Text right before the quote, to make it unique.
    pub prefix: Option<String>,
    /// Text right after the quote, to make it unique.
    pub suffix: Option<String>,
}

/// An editorial note.
#[derive(Clone, Debug, PartialEq, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct EditorialNote {
    /// The words the note is about.
    pub quote: String,
    /// Text right before the quote, if the quote alone is not unique.
    #[serde(default)]
    pub prefix: Option<String>,
    /// Text right after the quote, if the quote alone is not unique.
    #[serde(default)]
    pub suffix: Option<String>,
    /// The note (Markdown).
    pub note: String,
}

/// A correction of the text: the reading printed (`sic`) and the corrected one (`corr`).
#[derive(Clone, Debug, PartialEq, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Emendation {
    /// The words containing the error.
    pub quote: String,
    /// Text right before the quote, if the quote alone is not unique.
    #[serde(default)]
    pub prefix: Option<String>,
    /// Text right after the quote, if the quote alone is not unique.
    #[serde(default)]
    pub suffix: Option<String>,
    /// The erroneous reading inside the quote (defaults to the whole quote).
    #[serde(default)]
    pub sic: Option<String>,
    /// The corrected reading.
    pub corr: String,
    /// Why (one sentence).
    pub reason: String,
    /// What kind of change this is: a `correction` of substance (a date, name, fact or
    /// figure the source gets wrong: TEI `sic`/`corr`, the default) or a `regularisation`
    /// of spelling or typography (TEI `orig`/`reg`).
    #[serde(default)]
    pub kind: EmendationKind,
}

/// The two kinds of emendation, shown differently to readers.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Deserialize, Serialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum EmendationKind {
    /// A correction of substance: the source is wrong (TEI `sic`/`corr`).
    #[default]
    Correction,
    /// A regularisation of spelling or typography (TEI `orig`/`reg`).
    Regularisation,
}

impl EmendationKind {
    /// `correction` or `regularisation`.
    pub fn as_str(self) -> &'static str {
        match self {
            EmendationKind::Correction => "correction",
            EmendationKind::Regularisation => "regularisation",
        }
    }
}

/// An override of automatic mention linking for one place in the text.
#[derive(Clone, Debug, PartialEq, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct MentionOverride {
    /// The words of the mention.
    pub quote: String,
    /// Text right before the quote, if the quote alone is not unique.
    #[serde(default)]
    pub prefix: Option<String>,
    /// Text right after the quote, if the quote alone is not unique.
    #[serde(default)]
    pub suffix: Option<String>,
    /// The entity this mention names, or `null` if it is not a mention.
    #[serde(deserialize_with = "nullable")]
    #[schemars(required, schema_with = "nullable_id_schema")]
    pub id: Option<String>,
}

fn nullable_id_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
    schemars::json_schema!({ "type": ["string", "null"], "description": "The entity this mention names, or `null` if it is not a mention." })
}

fn nullable<'de, D: Deserializer<'de>>(d: D) -> Result<Option<String>, D::Error> {
    Option::<String>::deserialize(d)
}

/// Text or a link for one of the author's numbered notes.
#[derive(Clone, Debug, PartialEq, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct EndnoteItem {
    /// The note's label: its number as printed (`12`), or `12-2` for the second note
    /// numbered 12 in the chapter.
    #[serde(deserialize_with = "string_or_number")]
    #[schemars(schema_with = "string_or_number_schema")]
    pub number: String,
    /// The note's text (Markdown), where the editors have it.
    #[serde(default)]
    pub text: Option<String>,
    /// The id of the entity the note is about.
    #[serde(default)]
    pub about: Option<String>,
}

fn string_or_number_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
    schemars::json_schema!({ "type": ["string", "integer"], "description": "The note's number as printed, or `25-2` for the second note numbered 25" })
}

fn string_or_number<'de, D: Deserializer<'de>>(d: D) -> Result<String, D::Error> {
    #[derive(Deserialize)]
    #[serde(untagged)]
    enum Sn {
        S(String),
        N(u64),
    }
    Ok(match Sn::deserialize(d)? {
        Sn::S(s) => s,
        Sn::N(n) => n.to_string(),
    })
}

/// A chapter's apparatus.
#[derive(Clone, Debug, Default, PartialEq, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Sidecar {
    /// Editorial notes.
    #[serde(default)]
    pub notes: Vec<EditorialNote>,
    /// Corrections of the text.
    #[serde(default)]
    pub emendations: Vec<Emendation>,
    /// Overrides of automatic mention linking.
    #[serde(default)]
    pub mentions: Vec<MentionOverride>,
    /// Texts and links for the author's endnotes.
    #[serde(default)]
    pub endnotes: Vec<EndnoteItem>,
    /// Capitalised words that are deliberately not linked (for `gloss coverage`).
    #[serde(default)]
    pub ignore: Vec<String>,
}

/// Anything anchored by a quote.
pub trait Anchored {
    /// The anchor.
    fn anchor(&self) -> Anchor;
}

macro_rules! anchored {
    ($($t:ty),*) => {$(
        impl Anchored for $t {
            fn anchor(&self) -> Anchor {
                Anchor { quote: self.quote.clone(), prefix: self.prefix.clone(), suffix: self.suffix.clone() }
            }
        }
    )*};
}
anchored!(EditorialNote, Emendation, MentionOverride);
