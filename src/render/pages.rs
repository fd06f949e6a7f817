//! Page builders: for each page of the site, its output path, its template and its
//! context. Each builder serialises only what its page shows.

use super::markdown::{self, Note, Section};
use crate::load::Content;
use crate::model::Chapter;
use serde::Serialize;

/// A page to render: where it goes, with which template, and its own data.
pub struct Page {
    /// Output path, relative, `/`-separated.
    pub path: String,
    /// Template name.
    pub template: &'static str,
    /// The page's own context (merged over the site-wide one).
    pub context: tera::Context,
}

/// The relative prefix from a page to the site root: `""` for `index.html`, `"../"` for
/// `chapter/x.html`. All internal links are relative, so the site works under any subpath
/// and from the file system.
pub fn root_prefix(path: &str) -> String {
    "../".repeat(path.matches('/').count())
}

/// A link to a chapter, for the table of contents and previous/next navigation.
#[derive(Serialize)]
struct ChapterLink<'a> {
    title: &'a str,
    number: u32,
    original_chapter: Option<&'a str>,
    url: String,
    sections: Vec<Section>,
}

/// A chapter page's data.
#[derive(Serialize)]
struct ChapterPage<'a> {
    title: &'a str,
    number: u32,
    slug: &'a str,
    original_chapter: Option<&'a str>,
    source: Option<&'a str>,
    translation: Option<&'a str>,
    html: String,
    sections: Vec<Section>,
    notes: Vec<Note>,
    paragraph_count: usize,
}

/// The URL of a chapter page, relative to the site root.
pub fn chapter_url(ch: &Chapter) -> String {
    format!("chapter/{}.html", ch.meta.slug)
}

/// Build every page of the site.
pub fn build_pages(content: &Content, _linked: &crate::link::Linked) -> Vec<Page> {
    let rendered: Vec<_> = content.chapters.iter().map(|ch| markdown::render_chapter(&ch.body)).collect();
    let links: Vec<ChapterLink> = content
        .chapters
        .iter()
        .zip(&rendered)
        .map(|(ch, r)| ChapterLink {
            title: &ch.meta.title,
            number: ch.meta.number,
            original_chapter: ch.meta.original_chapter.as_deref(),
            url: chapter_url(ch),
            sections: r.sections.clone(),
        })
        .collect();

    let mut pages = Vec::with_capacity(content.chapters.len() + 2);
    let mut ctx = tera::Context::new();
    ctx.insert("chapters", &links);
    ctx.insert("title", &content.config.title);
    pages.push(Page { path: "index.html".into(), template: "index.html", context: ctx });

    for (i, (ch, r)) in content.chapters.iter().zip(rendered).enumerate() {
        let mut ctx = tera::Context::new();
        let page = ChapterPage {
            title: &ch.meta.title,
            number: ch.meta.number,
            slug: &ch.meta.slug,
            original_chapter: ch.meta.original_chapter.as_deref(),
            source: ch.meta.source.as_deref(),
            translation: ch.meta.translation.as_deref(),
            paragraph_count: r.paragraphs.len(),
            html: r.html,
            sections: r.sections,
            notes: r.notes,
        };
        ctx.insert("chapter", &page);
        ctx.insert("title", &ch.meta.title);
        ctx.insert("prev", &i.checked_sub(1).map(|j| without_sections(&links[j])));
        ctx.insert("next", &links.get(i + 1).map(without_sections));
        pages.push(Page { path: chapter_url(ch), template: "chapter.html", context: ctx });
    }

    let mut ctx = tera::Context::new();
    ctx.insert("title", "Page not found");
    // A 404 page is served at any path, so its links must be absolute.
    ctx.insert("root", &content.config.base_url_slash());
    pages.push(Page { path: "404.html".into(), template: "404.html", context: ctx });
    pages
}

fn without_sections<'a>(l: &ChapterLink<'a>) -> ChapterLink<'a> {
    ChapterLink { title: l.title, number: l.number, original_chapter: l.original_chapter, url: l.url.clone(), sections: Vec::new() }
}
