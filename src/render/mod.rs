//! Rendering: turns the loaded edition into pages (HTML) and assets, in memory.
//! `render` never reads content files and never writes to `output/`; it receives the model
//! and the theme and returns [`OutputFile`]s for `write`.
//!
//! Each page's template context is built once, from small serialisable structs; the site
//! information shared by every page is serialised once and cloned, and no page carries a
//! list of the whole site (the table of contents lives on the home page only).

pub mod assets;
pub mod dates;
pub mod decorate;
pub mod export;
pub mod graph;
pub mod highlight;
pub mod markdown;
pub mod markup;
pub mod pages;
pub mod verbatim;
pub mod weave;

use crate::diagnostics::{Diagnostics, Result};
use crate::load::Content;
use crate::output::{clash, Emit, OutputFile};
use crate::theme::Theme;
use serde::Serialize;

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
    /// Whether `base_url` is the real address of the site (`config::is_published_address`):
    /// only then do pages carry canonical links and `og:url`.
    pub published: bool,
}

/// Render the whole site, pages and assets, handing each file to `out` as soon as it is
/// ready: no more than a few pages are in memory at once. Two files for one path are
/// refused here, before either reaches `out`.
pub fn render_site(
    content: &Content,
    linked: &crate::link::Linked,
    theme: &Theme,
    timings: &mut crate::timings::Timings,
    out: &dyn Emit,
) -> Result<()> {
    use std::sync::atomic::{AtomicBool, Ordering};
    use std::sync::{Mutex, PoisonError};
    let start = std::time::Instant::now();
    let tera = theme.compile()?;
    let markup = markup::Markup::new(&tera).map_err(Diagnostics::from)?;
    // problems found on the way (each said once); after the first failed output, no more
    // pages are rendered
    let problems = Mutex::new(Diagnostics::new());
    let stopped = AtomicBool::new(false);
    let paths = Mutex::new(std::collections::HashSet::new());
    let per_template = Mutex::new(std::collections::BTreeMap::<&'static str, std::time::Duration>::new());
    let put = |f: OutputFile| {
        let fresh = paths.lock().unwrap_or_else(PoisonError::into_inner).insert(f.path.clone());
        match if fresh { out.emit(f) } else { Err(clash(&f.path)) } {
            Ok(()) => {}
            Err(d) => {
                stopped.store(true, Ordering::Relaxed);
                problems.lock().unwrap_or_else(PoisonError::into_inner).push(d);
            }
        }
    };
    let (assets, asset_names) = assets::fingerprint(theme);
    assets.into_iter().for_each(put);
    // the edition's own static files (CNAME, .nojekyll, ...), at the top of the site
    for (path, bytes) in &content.statics {
        put(OutputFile { path: path.clone(), bytes: bytes.clone() });
    }
    // the JSON Schemas, so editors can point their editors at the published site
    for (name, text) in crate::schema::all() {
        put(OutputFile { path: format!("schema/{name}"), bytes: text.into_bytes() });
    }
    let c = &content.config;
    let site = SiteInfo {
        title: c.title.clone(),
        subtitle: c.subtitle.clone(),
        authors: c.authors.clone(),
        translators: c.translators.clone(),
        editors: c.editors.clone(),
        description_html: c.description.as_deref().map(|d| markdown::render_fragment(d, &markup)),
        language: c.language.clone(),
        base_url: c.base_url_slash(),
        published: crate::config::is_published_address(&c.base_url),
    };
    let mut base = tera::Context::new();
    base.insert("site", &site);
    let nav: Vec<(&str, String)> = content
        .pages
        .iter()
        .filter(|p| p.meta.nav)
        .map(|p| (p.meta.title.as_str(), format!("{}.html", p.meta.slug)))
        .collect();
    base.insert("extra_pages", &nav);
    base.insert("assets", &asset_names);

    // each page is rendered and minified on the thread that built it, as soon as it is
    // built, and handed on; its context is dropped
    pages::build_pages(content, linked, &markup, &|page: pages::Page| {
        if stopped.load(Ordering::Relaxed) {
            return;
        }
        let mut ctx = base.clone();
        ctx.insert("root", &pages::root_prefix(&page.path));
        ctx.insert("page_path", &page.path);
        ctx.insert("canonical", &format!("{}{}", site.base_url, page.path));
        ctx.extend(page.context);
        let (template, started) = (page.template, page.started);
        match tera.render(page.template, &ctx) {
            Ok(html) => {
                let bytes = verbatim::minify_around(&html, &page.verbatim, minify);
                put(OutputFile { path: page.path, bytes });
                let mut times = per_template.lock().unwrap_or_else(PoisonError::into_inner);
                *times.entry(template).or_default() += started.elapsed();
            }
            Err(e) => {
                let d = theme.template_error(&e);
                let mut problems = problems.lock().unwrap_or_else(PoisonError::into_inner);
                // a broken template fails every page it renders: say it once
                if !problems.0.contains(&d) {
                    problems.push(d);
                }
            }
        }
    });
    timings.stages.push(("render", start.elapsed()));
    timings.per_template = per_template.into_inner().unwrap_or_else(PoisonError::into_inner).into_iter().collect();
    if problems.lock().unwrap_or_else(PoisonError::into_inner).has_errors() {
        let mut diags = problems.into_inner().unwrap_or_else(PoisonError::into_inner);
        // pages fail in whatever order the threads reach them
        diags.0.sort_by_key(|d| format!("{d:?}"));
        return Err(diags);
    }
    export::registers(content).into_iter().for_each(put);
    let emitted: Vec<String> = paths.lock().unwrap_or_else(PoisonError::into_inner).iter().cloned().collect();
    // an edition's theme may provide its own robots.txt
    for f in export::sitemap(content, &emitted) {
        if !emitted.contains(&f.path) {
            put(f);
        }
    }
    let diags = problems.into_inner().unwrap_or_else(PoisonError::into_inner);
    if diags.has_errors() {
        return Err(diags);
    }
    Ok(())
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
