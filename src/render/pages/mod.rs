//! Page builders: for each page of the site, its output path, its template and its own
//! context. Each builder serialises only what its page shows; lists of the whole site
//! (indexes, timeline, glossary) live on their own pages and nowhere else.

mod chapter;
mod entity;
mod lists;

use super::graph::Graph;
use super::markup::Markup;
use crate::link::Linked;
use crate::load::Content;
use crate::model::{Chapter, Entity};
use serde::Serialize;

/// A page to render: where it goes, with which template, and its own data.
pub struct Page {
    /// Output path, relative, `/`-separated.
    pub path: String,
    /// Template name.
    pub template: &'static str,
    /// The page's own context (merged over the site-wide one).
    pub context: tera::Context,
    /// Blocks of HTML that gloss wrote compactly itself and that the context also holds as
    /// values (a chapter's text, an index's locators), in the order the page shows them:
    /// where the rendered page contains one verbatim, it is not minified again
    /// (`render::verbatim`).
    pub verbatim: Vec<String>,
    /// When building the page began (for the time spent per kind of page).
    pub started: std::time::Instant,
}

impl Page {
    fn new(path: String, template: &'static str, title: &str) -> Page {
        let mut context = tera::Context::new();
        context.insert("title", title);
        Page { path, template, context, verbatim: Vec::new(), started: std::time::Instant::now() }
    }

    /// Count the time spent on the page from `started`.
    fn since(mut self, started: std::time::Instant) -> Page {
        self.started = started;
        self
    }

    fn with(mut self, key: &str, value: &impl Serialize) -> Page {
        self.context.insert(key, value);
        self
    }
}

/// The relative prefix from a page to the site root: `""` for `index.html`, `"../"` for
/// `chapter/x.html`. All internal links are relative, so the site works under any subpath
/// and from the file system.
pub fn root_prefix(path: &str) -> String {
    "../".repeat(path.matches('/').count())
}

/// The URL of a chapter page, relative to the site root.
pub fn chapter_url(ch: &Chapter) -> String {
    format!("chapter/{}.html", ch.meta.slug)
}

/// A link to one paragraph where an entity occurs: its number and URL (relative to the site
/// root). Entity pages list mentions beyond their limit with these; indexes and the glossary
/// are made of them.
#[derive(Clone, Debug, Serialize)]
pub struct Locator {
    /// The paragraph's number in its chapter.
    pub para: usize,
    /// `chapter/<slug>.html#p-…`.
    pub url: String,
}

/// A link to an entity, as lists and pages show it.
#[derive(Clone, Debug, Serialize)]
pub struct EntityCard {
    /// Id.
    pub id: String,
    /// `person`, `event`, `place` or `term`.
    pub kind: &'static str,
    /// Display name.
    pub name: String,
    /// Name for sorting.
    pub sort_name: String,
    /// Dates for display ("1879–1940", "7 November 1927"), if any.
    pub dates: Option<String>,
    /// One-line summary.
    pub summary: String,
    /// URL relative to the site root.
    pub url: String,
}

/// The first sentence of a text (for terms, whose summary is their definition).
pub fn first_sentence(text: &str) -> String {
    let plain: String = text.replace(['*', '_', '`'], "").split_whitespace().collect::<Vec<_>>().join(" ");
    match plain.find(". ") {
        Some(i) if i < 240 => plain[..=i].to_string(),
        _ if plain.chars().count() > 240 => plain.chars().take(240).collect::<String>() + "…",
        _ => plain,
    }
}

/// The card of an entity.
pub fn card(e: &Entity) -> EntityCard {
    let summary = match e {
        Entity::Term(t) => first_sentence(&t.definition),
        _ => e.summary().to_string(),
    };
    EntityCard {
        id: e.id().to_string(),
        kind: e.kind().noun(),
        name: e.label().to_string(),
        sort_name: e.sort_name().to_string(),
        dates: crate::render::dates::entity_dates(e),
        summary,
        url: e.url(),
    }
}

/// What every page builder reads: the loaded and linked edition, the site graph, every
/// entity's card and the theme's marks.
#[derive(Clone, Copy)]
pub struct Site<'a> {
    /// The loaded edition.
    pub content: &'a Content,
    /// Its links.
    pub linked: &'a Linked,
    /// Occurrences, co-mentions, events per entity.
    pub graph: &'a Graph,
    /// Every entity's card (by `EntityId`).
    pub cards: &'a [EntityCard],
    /// The theme's marks.
    pub markup: &'a Markup<'a>,
}

/// Where built pages go: called once per page, from any thread, as soon as the page is
/// built, so that no more than a few pages' contexts exist at once.
pub type Sink<'a> = dyn Fn(Page) + Sync + 'a;

/// Build every page of the site, handing each to `sink`.
pub fn build_pages(content: &Content, linked: &Linked, markup: &Markup, sink: &Sink) {
    let graph = Graph::new(content, linked);
    let cards: Vec<EntityCard> = content.registry.entities.iter().map(card).collect();
    let site = Site { content, linked, graph: &graph, cards: &cards, markup };
    rayon::join(
        || rayon::join(|| chapter::chapter_pages(site, sink), || entity::entity_pages(site, sink)),
        || lists::list_pages(site, sink),
    );

    let mut notfound = Page::new("404.html".into(), "404.html", "Page not found");
    // A 404 page is served at any path, so its links must be absolute.
    notfound.context.insert("root", &content.config.base_url_slash());
    sink(notfound);
}
