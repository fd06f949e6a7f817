//! Rendering: turns the loaded edition into pages (HTML) and assets, in memory.
//! `render` never reads content files and never writes to `output/`; it receives the model
//! and the theme and returns [`OutputFile`]s for `write`.
//!
//! Each page's template context is built once, from small serialisable structs; the site
//! information shared by every page is serialised once and cloned, and no page carries a
//! list of the whole site (the table of contents lives on the home page only).

pub mod assets;
pub mod decorate;
pub mod export;
pub mod graph;
pub mod highlight;
pub mod markdown;
pub mod pages;
pub mod weave;

use crate::diagnostics::{Diagnostics, Result};
use crate::load::Content;
use crate::theme::Theme;
use serde::Serialize;

/// A file to write into the output folder.
#[derive(Clone, Debug, PartialEq)]
pub struct OutputFile {
    /// Path relative to the output folder, with `/` separators.
    pub path: String,
    /// The file's bytes.
    pub bytes: Vec<u8>,
}

/// The site-wide data every template receives as `site`.
#[derive(Clone, Debug, Serialize)]
pub struct SiteInfo {
    /// Edition title.
    pub title: String,
    /// Subtitle.
    pub subtitle: Option<String>,
    /// Authors of the text.
    pub authors: Vec<String>,
    /// Translators.
    pub translators: Vec<String>,
    /// Editors of the edition.
    pub editors: Vec<String>,
    /// Description rendered from Markdown.
    pub description_html: Option<String>,
    /// Language tag.
    pub language: String,
    /// Base URL with a trailing slash.
    pub base_url: String,
}

/// Render the whole site: pages and assets.
pub fn render_site(
    content: &Content,
    linked: &crate::link::Linked,
    theme: &Theme,
    timings: &mut crate::pipeline::Timings,
) -> Result<Vec<OutputFile>> {
    let start = std::time::Instant::now();
    let tera = theme.compile()?;
    let (mut files, asset_names) = assets::fingerprint(theme);
    // the JSON Schemas, so editors can point their editors at the published site
    for (name, text) in crate::schema::all() {
        files.push(OutputFile { path: format!("schema/{name}"), bytes: text.into_bytes() });
    }
    let c = &content.config;
    let site = SiteInfo {
        title: c.title.clone(),
        subtitle: c.subtitle.clone(),
        authors: c.authors.clone(),
        translators: c.translators.clone(),
        editors: c.editors.clone(),
        description_html: c.description.as_deref().map(markdown::render_fragment),
        language: c.language.clone(),
        base_url: c.base_url_slash(),
    };
    let mut base = tera::Context::new();
    base.insert("site", &site);
    let nav: Vec<(&str, String)> =
        content.pages.iter().map(|p| (p.meta.title.as_str(), format!("{}.html", p.meta.slug))).collect();
    base.insert("extra_pages", &nav);
    base.insert("assets", &asset_names);

    // each page is rendered and minified on the thread that built it, as soon as it is
    // built, and its context dropped
    let rendered = std::sync::Mutex::new(Vec::new());
    pages::build_pages(content, linked, &|page: pages::Page| {
        let mut ctx = base.clone();
        ctx.insert("root", &pages::root_prefix(&page.path));
        ctx.insert("page_path", &page.path);
        ctx.insert("canonical", &format!("{}{}", site.base_url, page.path));
        ctx.extend(page.context);
        let result = match tera.render(page.template, &ctx) {
            Ok(html) => {
                Ok(OutputFile { path: page.path, bytes: pages::Page::fill_raw(page.raw, minify(html.as_bytes())) })
            }
            Err(e) => Err(theme.template_error(&e)),
        };
        rendered.lock().unwrap_or_else(std::sync::PoisonError::into_inner).push(result);
    });
    let mut rendered = rendered.into_inner().unwrap_or_else(std::sync::PoisonError::into_inner);
    // pages arrive in whatever order the threads finish them
    rendered.sort_by(|a, b| match (a, b) {
        (Ok(a), Ok(b)) => a.path.cmp(&b.path),
        (Err(a), Err(b)) => format!("{a:?}").cmp(&format!("{b:?}")),
        (a, b) => a.is_ok().cmp(&b.is_ok()),
    });
    let mut diags = Diagnostics::new();
    for r in rendered {
        match r {
            Ok(f) => files.push(f),
            // a broken template fails every page it renders: say it once
            Err(d) if diags.0.contains(&d) => {}
            Err(d) => diags.push(d),
        }
    }
    timings.stages.push(("render", start.elapsed()));
    if diags.has_errors() {
        return Err(diags);
    }
    files.extend(export::registers(content));
    // an edition's theme may provide its own robots.txt
    let mut seo = export::sitemap(content, &files);
    seo.retain(|f| !files.iter().any(|g| g.path == f.path));
    files.extend(seo);
    Ok(files)
}

/// Minify an HTML page with minify-html, keeping it standards-compliant.
pub fn minify(html: &[u8]) -> Vec<u8> {
    let mut cfg = minify_html::Cfg::new();
    cfg.minify_css = true;
    cfg.minify_js = true;
    cfg.keep_html_and_head_opening_tags = true;
    // closing tags stay: the search indexer (Pagefind, lol_html) needs them to see where
    // elements end
    cfg.keep_closing_tags = true;
    minify_html::minify(html, &cfg)
}
