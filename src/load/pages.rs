//! Reading extra pages: `content/pages/*.md`, front matter and Markdown, or a body taken
//! from another file of the edition (`source:`).

use super::chapters::split_front_matter;
use super::{read_file, yaml, Paths};
use crate::diagnostics::{Diagnostic, Diagnostics, Location};
use crate::model::page::{ExtraPage, PageMeta};
use crate::model::slug::is_slug;
use std::path::Component;
use walkdir::WalkDir;

/// Load every extra page, sorted by `order` then slug.
pub fn load_pages(paths: &Paths, diags: &mut Diagnostics) -> Vec<ExtraPage> {
    let dir = paths.content().join("pages");
    let mut pages = Vec::new();
    let mut slugs: std::collections::HashMap<String, std::path::PathBuf> = std::collections::HashMap::new();
    for entry in WalkDir::new(&dir).sort_by_file_name().into_iter().filter_map(Result::ok) {
        let path = entry.path();
        if !super::read::is_candidate(&entry, &["md"]) {
            continue;
        }
        let shown = paths.display(path);
        let loaded = read_file(paths, path).and_then(|b| yaml::decode_text(&shown, &b)).and_then(|text| {
            let (front, body, body_lines) = split_front_matter(&text).ok_or_else(|| {
                Diagnostic::error("front-matter", "the page has no front matter")
                    .in_file(&shown)
                    .at(&text, Location { line: 1, column: 1 })
                    .with_hint("start with `---`, `title: ...`, `slug: ...`, `---`")
            })?;
            let meta: PageMeta = yaml::parse(&shown, &text, front, 1)?;
            let at = |key: &str| super::key_value_location(front, 1, key);
            if !is_slug(&meta.slug) || matches!(meta.slug.as_str(), "index" | "timeline" | "glossary" | "search" | "404") {
                return Err(Diagnostic::error("bad-slug", format!("`{}` cannot be a page slug", meta.slug))
                    .in_file(&shown)
                    .at(&text, at("slug"))
                    .with_hint("use lowercase letters, digits and hyphens, and not the name of a generated page (index, timeline, glossary, search, 404)"));
            }
            if let Some(first) = slugs.get(&meta.slug) {
                return Err(Diagnostic::error("duplicate-slug", format!("two pages have slug `{}`", meta.slug))
                    .in_file(&shown)
                    .at(&text, at("slug"))
                    .with_hint(format!("{} has the same slug; they would overwrite each other's page", first.display())));
            }
            slugs.insert(meta.slug.clone(), shown.clone());
            let body = match &meta.source {
                None => body.to_string(),
                Some(src) => {
                    let rel = std::path::Path::new(src);
                    if rel.components().any(|c| !matches!(c, Component::Normal(_))) || super::read::is_hidden(rel) {
                        return Err(Diagnostic::error("bad-source", format!("`{src}` is not a path inside the edition, or names a hidden file"))
                            .in_file(&shown)
                            .at(&text, at("source"))
                            .with_hint("give a path relative to the edition root, without `..` and without hidden files or folders (`.git/`, `.env`), e.g. docs/editing.md"));
                    }
                    let bytes = read_file(paths, &paths.root.join(rel)).map_err(|d| d.in_file(&shown).at(&text, at("source")))?;
                    yaml::decode_text(rel, &bytes)?
                }
            };
            match &meta.source {
                None => super::nesting::read(&shown, &text, &body, body_lines).map(drop)?,
                Some(src) => super::nesting::read(std::path::Path::new(src), &body, &body, 0).map(drop)?,
            }
            Ok(ExtraPage { meta, body, path: shown.clone() })
        });
        match loaded {
            Ok(p) => pages.push(p),
            Err(d) => diags.push(d),
        }
    }
    pages.sort_by(|a, b| (a.meta.order, &a.meta.slug).cmp(&(b.meta.order, &b.meta.slug)));
    pages
}
