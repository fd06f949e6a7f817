//! Page builders: for each page of the site, its output path, its template and its own
//! context. Each builder serialises only what its page shows; lists of the whole site
//! (indexes, timeline, glossary) live on their own pages and nowhere else.

mod chapter;
mod entity;
mod lists;

use super::graph::Graph;
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
    /// Large blocks of HTML that gloss generated itself, already compact (a chapter's
    /// text): the context holds a placeholder for each ([`raw_token`]), and the block is
    /// put in its place after the page is minified, so the minifier does not parse the
    /// whole text of every chapter again.
    pub raw: Vec<String>,
    /// When building the page began (for the time spent per kind of page).
    pub started: std::time::Instant,
}

/// The placeholder for the `i`-th raw block of a page: private-use characters, which no
/// minifier changes, around a number drawn at random for each run, so that no text in the
/// edition can contain a placeholder and move a block.
pub fn raw_token(i: usize) -> String {
    format!("{}{i}\u{e001}", raw_prefix())
}

/// The start of every placeholder of this run.
fn raw_prefix() -> &'static str {
    static PREFIX: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    PREFIX.get_or_init(|| {
        use std::hash::{BuildHasher, Hasher};
        // the standard library seeds each RandomState from the system's randomness
        let random = std::collections::hash_map::RandomState::new().build_hasher().finish();
        format!("\u{e000}gloss-raw-{random:016x}-")
    })
}

impl Page {
    fn new(path: String, template: &'static str, title: &str) -> Page {
        let mut context = tera::Context::new();
        context.insert("title", title);
        Page { path, template, context, raw: Vec::new(), started: std::time::Instant::now() }
    }

    /// Keep `html` aside and return the placeholder to put in the context instead.
    fn raw_block(&mut self, html: String) -> String {
        self.raw.push(html);
        raw_token(self.raw.len() - 1)
    }

    /// The rendered (and minified) page with its raw blocks put back, in one pass over the
    /// page (an index page has thousands of them).
    pub fn fill_raw(raw: Vec<String>, html: Vec<u8>) -> Vec<u8> {
        if raw.is_empty() {
            return html;
        }
        let open = raw_prefix().as_bytes();
        const CLOSE: &[u8] = "\u{e001}".as_bytes();
        let mut raw: Vec<Option<String>> = raw.into_iter().map(Some).collect();
        let extra: usize = raw.iter().flatten().map(String::len).sum();
        let mut out = Vec::with_capacity(html.len() + extra);
        let mut rest = &html[..];
        let finder = memchr::memmem::Finder::new(open);
        while let Some(at) = finder.find(rest) {
            let after = &rest[at + open.len()..];
            let digits = after.iter().take_while(|b| b.is_ascii_digit()).count();
            let block = std::str::from_utf8(&after[..digits])
                .ok()
                .and_then(|d| d.parse::<usize>().ok())
                .filter(|_| after[digits..].starts_with(CLOSE))
                .and_then(|i| raw.get_mut(i).and_then(Option::take));
            match block {
                Some(b) => {
                    out.extend_from_slice(&rest[..at]);
                    out.extend_from_slice(b.as_bytes());
                    rest = &after[digits + CLOSE.len()..];
                }
                None => {
                    out.extend_from_slice(&rest[..at + open.len()]);
                    rest = after;
                }
            }
        }
        out.extend_from_slice(rest);
        out
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

/// Life dates or event date for display.
pub fn dates(e: &Entity) -> Option<String> {
    match e {
        Entity::Person(p) => match (&p.born, &p.died) {
            (None, None) => None,
            (Some(b), None) => Some(format!("born {}", b.display())),
            (None, Some(d)) => Some(format!("died {}", d.display())),
            (Some(b), Some(d)) => Some(format!("{}–{}", year_display(b), year_display(d))),
        },
        Entity::Event(ev) => ev.date.as_ref().map(|d| d.display()),
        _ => None,
    }
}

/// A date shortened to its year for life spans ("1879", "1890?", "c. 1877").
fn year_display(d: &crate::model::edtf::Edtf) -> String {
    let base = match d.bounds() {
        (Some(a), Some(b)) if a.year == b.year => a.year.to_string(),
        _ => return d.display(),
    };
    match (d.is_approximate(), d.is_uncertain()) {
        (true, true) => format!("c. {base}?"),
        (true, false) => format!("c. {base}"),
        (false, true) => format!("{base}?"),
        (false, false) => base,
    }
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
        dates: dates(e),
        summary,
        url: e.url(),
    }
}

/// Where built pages go: called once per page, from any thread, as soon as the page is
/// built, so that no more than a few pages' contexts exist at once.
pub type Sink<'a> = dyn Fn(Page) + Sync + 'a;

/// Build every page of the site, handing each to `sink`.
pub fn build_pages(content: &Content, linked: &Linked, sink: &Sink) {
    let graph = Graph::new(content, linked);
    let cards: Vec<EntityCard> = content.registry.entities.iter().map(card).collect();
    rayon::join(
        || {
            rayon::join(
                || chapter::chapter_pages(content, linked, &graph, &cards, sink),
                || entity::entity_pages(content, linked, &graph, &cards, sink),
            )
        },
        || lists::list_pages(content, &graph, &cards, sink),
    );

    let mut notfound = Page::new("404.html".into(), "404.html", "Page not found");
    // A 404 page is served at any path, so its links must be absolute.
    notfound.context.insert("root", &content.config.base_url_slash());
    sink(notfound);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn raw_blocks_go_back_where_their_placeholders_are() {
        let html = format!("<p>{}</p><ul>{}{}</ul>", raw_token(2), raw_token(0), raw_token(1));
        let raw = vec!["<li>a</li>".to_string(), "<li>b</li>".to_string(), "x".to_string()];
        let out = Page::fill_raw(raw, html.into_bytes());
        assert_eq!(String::from_utf8(out).unwrap(), "<p>x</p><ul><li>a</li><li>b</li></ul>");
        // a placeholder without a block, or a broken one, is left as it is
        let odd = format!("{}{}x {}", raw_token(5), raw_prefix(), raw_token(0));
        let out = Page::fill_raw(vec!["A".into()], odd.clone().into_bytes());
        assert_eq!(String::from_utf8(out).unwrap(), odd.replace(&raw_token(0), "A"));
        // a block is inserted once, and its own text is not searched for placeholders
        let twice = format!("{0}{0}", raw_token(0));
        let out = Page::fill_raw(vec![raw_token(0)], twice.into_bytes());
        assert_eq!(String::from_utf8(out).unwrap(), format!("{0}{0}", raw_token(0)));
        // a placeholder written by hand in the text (the number is not guessable) moves nothing
        let forged = format!("<p>\u{e000}gloss-raw-0\u{e001}</p>{}", raw_token(0));
        let out = Page::fill_raw(vec!["B".into()], forged.into_bytes());
        assert_eq!(String::from_utf8(out).unwrap(), "<p>\u{e000}gloss-raw-0\u{e001}</p>B");
    }
}
