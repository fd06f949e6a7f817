//! Reading chapters: `content/chapters/*.md`, each a YAML front matter block between `---`
//! lines followed by Markdown.

use super::source::SourceFile;
use super::{read_file, yaml, LoadedSidecar, Paths};
use crate::diagnostics::{Diagnostic, Diagnostics, Location};
use crate::model::slug::is_slug;
use crate::model::{Chapter, ChapterMeta};
use std::collections::HashMap;
use std::path::Path;
use std::sync::Arc;
use walkdir::WalkDir;

/// Load every chapter under `content/chapters/`, sorted by number. Problems go to `diags`.
pub fn load_chapters(paths: &Paths, diags: &mut Diagnostics) -> Vec<Chapter> {
    let dir = paths.content().join("chapters");
    let mut chapters = Vec::new();
    if !dir.is_dir() {
        return chapters;
    }
    let mut files = Vec::new();
    for entry in WalkDir::new(&dir).sort_by_file_name() {
        let entry = match entry {
            Ok(e) => e,
            Err(e) => {
                diags.push(Diagnostic::io("io", format!("cannot list {}: {e}", paths.display(&dir).display())));
                continue;
            }
        };
        if super::read::is_candidate(&entry, &["md"]) {
            files.push(entry.into_path());
        }
    }
    // each chapter is read and parsed on its own: in parallel, gathered in file order
    use rayon::prelude::*;
    let loaded: Vec<Result<Chapter, Diagnostic>> = files.par_iter().map(|path| load_chapter(paths, path)).collect();
    for result in loaded {
        match result {
            Ok(ch) => chapters.push(ch),
            Err(d) => diags.push(d),
        }
    }
    check_unique(&chapters, diags);
    chapters.sort_by(|a, b| (a.meta.number, &a.meta.slug).cmp(&(b.meta.number, &b.meta.slug)));
    chapters
}

/// Load the sidecar beside each chapter (`NN-slug.md` → `NN-slug.yaml`), and warn about
/// sidecars with no chapter.
pub fn load_sidecars(paths: &Paths, chapters: &[Chapter], diags: &mut Diagnostics) -> Vec<LoadedSidecar> {
    let mut out = Vec::with_capacity(chapters.len());
    let mut claimed = std::collections::HashSet::new();
    for ch in chapters {
        let path = paths.root.join(ch.path.with_extension("yaml"));
        claimed.insert(path.clone());
        if std::fs::symlink_metadata(&path).is_err() {
            out.push(LoadedSidecar::default());
            continue;
        }
        let shown = paths.display(&path);
        let loaded = read_file(paths, &path).and_then(|b| yaml::decode_text(&shown, &b)).and_then(|text| {
            let sidecar =
                if text.trim().is_empty() { Default::default() } else { yaml::parse(&shown, &text, &text, 0)? };
            Ok(LoadedSidecar { sidecar, source: Some(Arc::new(SourceFile::new(shown.clone(), text))) })
        });
        match loaded {
            Ok(s) => out.push(s),
            Err(d) => {
                diags.push(d);
                out.push(LoadedSidecar::default());
            }
        }
    }
    let dir = paths.content().join("chapters");
    for entry in WalkDir::new(&dir).sort_by_file_name().into_iter().filter_map(Result::ok) {
        let p = entry.path();
        if super::read::is_candidate(&entry, &["yaml", "yml"]) && !claimed.contains(p) {
            diags.push(
                Diagnostic::warning("orphan-sidecar", "this sidecar has no chapter beside it")
                    .in_file(paths.display(p))
                    .with_hint("a sidecar must have the same name as its chapter: `NN-slug.md` → `NN-slug.yaml`"),
            );
        }
    }
    out
}

fn load_chapter(paths: &Paths, path: &Path) -> Result<Chapter, Diagnostic> {
    let shown = paths.display(path);
    let bytes = read_file(paths, path)?;
    let text = yaml::decode_text(&shown, &bytes)?;
    let (front, body, body_line_offset) = split_front_matter(&text).ok_or_else(|| {
        Diagnostic::error("front-matter", "the chapter has no front matter")
            .in_file(&shown)
            .at(&text, Location { line: 1, column: 1 })
            .with_hint(
                "start the file with a `---` line, then `title:`, `number:` and `slug:`, then a closing `---` line",
            )
    })?;
    let meta: ChapterMeta = yaml::parse(&shown, &text, front, 1)?;
    if !is_slug(&meta.slug) {
        return Err(Diagnostic::error("bad-slug", format!("`{}` is not a valid slug", meta.slug))
            .in_file(&shown)
            .at(&text, super::key_value_location(front, 1, "slug"))
            .with_hint(format!(
                "use lowercase letters, digits and single hyphens, e.g. `{}`",
                crate::model::slug::slugify(&meta.slug)
            )));
    }
    if let Some(file) = &meta.source_file {
        check_source_file(paths, file).map_err(|(message, hint)| {
            Diagnostic::error("missing-source-file", message)
                .in_file(&shown)
                .at(&text, super::key_value_location(front, 1, "source_file"))
                .with_hint(hint)
        })?;
    }
    let doc = super::nesting::read(&shown, &text, body, body_line_offset)?;
    Ok(Chapter { meta, path: shown, body: body.to_string(), body_line_offset, doc })
}

/// A chapter's `source_file` must name a regular file inside the edition, by a relative
/// path without `..`; the error is a message and a hint.
fn check_source_file(paths: &Paths, file: &str) -> Result<(), (String, String)> {
    let rel = Path::new(file);
    if file.is_empty() || rel.components().any(|c| !matches!(c, std::path::Component::Normal(_))) {
        return Err((
            format!("`{file}` is not a path inside the edition"),
            "give the source text's path relative to the edition root, e.g. sources/chapter.txt".to_string(),
        ));
    }
    let full = paths.root.join(rel);
    match paths.inside(&full) {
        Ok(meta) if meta.is_file() => Ok(()),
        Ok(_) => Err((format!("`{file}` is not a regular file"), "name the source text file itself".to_string())),
        Err(why) => Err((
            format!("the source text `{file}` cannot be used: {}", why.explain().0),
            "keep the text the chapter was imported from under sources/ (see sources/README.md), or remove `source_file:`"
                .to_string(),
        )),
    }
}

/// Split `---\nYAML\n---\nbody` into (YAML, body, lines before body).
pub fn split_front_matter(text: &str) -> Option<(&str, &str, usize)> {
    let rest = text.strip_prefix("---\n")?;
    let mut offset = 0;
    for line in rest.split_inclusive('\n') {
        if line.trim_end() == "---" {
            let front = &rest[..offset];
            let body = &rest[offset + line.len()..];
            let lines = 2 + front.matches('\n').count();
            return Some((front, body, lines));
        }
        offset += line.len();
    }
    None
}

fn check_unique(chapters: &[Chapter], diags: &mut Diagnostics) {
    let mut numbers: HashMap<u32, &Chapter> = HashMap::new();
    let mut slugs: HashMap<&str, &Chapter> = HashMap::new();
    for ch in chapters {
        if let Some(other) = numbers.insert(ch.meta.number, ch) {
            diags.push(
                Diagnostic::error("duplicate-number", format!("two chapters have number {}", ch.meta.number))
                    .in_file(&ch.path)
                    .with_hint(format!("{} has the same number; give each chapter its own", other.path.display())),
            );
        }
        if let Some(other) = slugs.insert(&ch.meta.slug, ch) {
            diags.push(
                Diagnostic::error("duplicate-slug", format!("two chapters have slug `{}`", ch.meta.slug))
                    .in_file(&ch.path)
                    .with_hint(format!(
                        "{} has the same slug; they would overwrite each other's page",
                        other.path.display()
                    )),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn front_matter_splits_with_line_offset() {
        let (front, body, n) = split_front_matter("---\ntitle: A\nnumber: 1\n---\nText\n").unwrap();
        assert_eq!(front, "title: A\nnumber: 1\n");
        assert_eq!(body, "Text\n");
        assert_eq!(n, 4);
        assert!(split_front_matter("No front matter").is_none());
        assert!(split_front_matter("---\ntitle: A\n").is_none());
    }
}
