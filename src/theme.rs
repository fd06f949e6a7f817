//! Themes: Tera templates and static assets.
//!
//! The default theme (`themes/default/` in the gloss repository) is built into the binary.
//! An edition overrides any of its files by providing a file with the same path under its
//! own `themes/default/` or `themes/<config.theme>/` folder, as in Zola and Hugo. Files are
//! layered: built-in, then `themes/default/` on disk, then the configured theme.

use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::load::Paths;
use std::collections::BTreeMap;
use std::path::Path;
use walkdir::WalkDir;

macro_rules! builtin {
    ($($path:literal),* $(,)?) => {
        /// The files of the built-in default theme: (path inside the theme, contents).
        pub const BUILTIN: &[(&str, &[u8])] = &[
            $(($path, include_bytes!(concat!("../themes/default/", $path)))),*
        ];
    };
}

builtin!(
    "templates/base.html",
    "templates/index.html",
    "templates/chapter.html",
    "templates/entity.html",
    "templates/glossary.html",
    "templates/index-page.html",
    "templates/page.html",
    "templates/search.html",
    "templates/timeline.html",
    "templates/404.html",
    "templates/macros.html",
    "templates/marks/mention.html",
    "templates/marks/emendation.html",
    "templates/marks/ednote.html",
    "templates/marks/noteref.html",
    "templates/marks/paragraph.html",
    "templates/marks/heading.html",
    "templates/marks/locator.html",
    "templates/marks/locators.html",
    "templates/marks/code.html",
    "static/style.css",
    "static/gloss.js",
    "static/search.js",
);

/// A resolved theme: every template's source and every static file, after overrides.
#[derive(Clone, Debug, Default)]
pub struct Theme {
    /// Template name (path under `templates/`) to (source, where it came from).
    pub templates: BTreeMap<String, (String, String)>,
    /// Static file path (under `static/`) to contents.
    pub statics: BTreeMap<String, Vec<u8>>,
}

impl Theme {
    /// The built-in theme alone.
    pub fn built_in() -> Theme {
        let mut theme = Theme::default();
        let mut diags = Diagnostics::new();
        for (path, bytes) in BUILTIN {
            theme.add(path, bytes.to_vec(), &format!("(built-in) themes/default/{path}"), &mut diags);
        }
        theme
    }

    /// Load the built-in theme with the edition's overrides on top.
    pub fn load(paths: &Paths, theme_name: &str) -> Result<Theme, Diagnostics> {
        let mut theme = Theme::built_in();
        let mut diags = Diagnostics::new();
        let mut layers = vec!["default".to_string()];
        if theme_name != "default" {
            if !crate::model::slug::is_slug(theme_name) || !paths.root.join("themes").join(theme_name).is_dir() {
                let mut d = Diagnostic::error("missing-theme", format!("theme `{theme_name}` not found"))
                    .in_file(Path::new("content").join(crate::config::CONFIG_FILE))
                    .with_hint(format!("create themes/{theme_name}/ or remove `theme:` from the configuration"));
                // point at the `theme:` line of the configuration
                let config = std::fs::read(paths.content().join(crate::config::CONFIG_FILE))
                    .ok()
                    .and_then(|b| crate::load::yaml::decode_text(Path::new(""), &b).ok())
                    .unwrap_or_default();
                if !config.is_empty() {
                    d = d.at(&config, crate::load::key_value_location(&config, 0, "theme"));
                }
                diags.push(d);
                return Err(diags);
            }
            layers.push(theme_name.to_string());
        }
        for layer in layers {
            let dir = paths.root.join("themes").join(&layer);
            if !dir.is_dir() {
                continue;
            }
            for entry in WalkDir::new(&dir).sort_by_file_name().into_iter().filter_map(Result::ok) {
                if entry.file_type().is_dir() || entry.path().is_dir() {
                    continue;
                }
                let Ok(rel) = entry.path().strip_prefix(&dir) else { continue };
                let rel = rel.to_string_lossy().replace('\\', "/");
                match crate::load::read_file(paths, entry.path()) {
                    Ok(bytes) => theme.add(&rel, bytes, &paths.display(entry.path()).display().to_string(), &mut diags),
                    Err(d) => diags.push(d),
                }
            }
        }
        if diags.has_errors() {
            Err(diags)
        } else {
            Ok(theme)
        }
    }

    fn add(&mut self, rel: &str, bytes: Vec<u8>, origin: &str, diags: &mut Diagnostics) {
        if let Some(name) = rel.strip_prefix("templates/") {
            match String::from_utf8(bytes) {
                Ok(src) => {
                    self.templates.insert(name.to_string(), (src, origin.to_string()));
                }
                Err(_) => diags.push(
                    Diagnostic::error("encoding", "template is not valid UTF-8")
                        .in_file(origin)
                        .with_hint("save it as UTF-8"),
                ),
            }
        } else if let Some(name) = rel.strip_prefix("static/") {
            self.statics.insert(name.to_string(), bytes);
        }
    }

    /// Compile the templates with Tera. Syntax errors name the template file and line.
    pub fn compile(&self) -> Result<tera::Tera, Diagnostics> {
        let mut tera = tera::Tera::default();
        tera.autoescape_on(vec![".html", ".xml"]);
        let list: Vec<(&str, &str)> = self.templates.iter().map(|(k, (src, _))| (k.as_str(), src.as_str())).collect();
        tera.add_raw_templates(list).map_err(|e| Diagnostics::from(self.template_error(&e)))?;
        Ok(tera)
    }

    /// Turn a Tera error into a diagnostic naming the template file and, where Tera says
    /// it, the line and column.
    pub fn template_error(&self, err: &tera::Error) -> Diagnostic {
        let chain = error_chain(err);
        let name = chain.iter().find_map(|m| template_name_in(m, &self.templates)).unwrap_or_default();
        let mut d = Diagnostic::error("template", chain.join(": "));
        if let Some((src, origin)) = self.templates.get(&name) {
            d = d.in_file(origin);
            if let Some((line, col)) = chain.iter().find_map(|m| line_col_in(m)) {
                d = d.at(src, crate::diagnostics::Location { line, column: col });
            } else if let Some(at) = chain.iter().find_map(|m| symbol_in(m)).and_then(|s| find_symbol(src, &s)) {
                // Tera's rendering errors carry no position: point at the unknown name
                d = d.at_offset(src, at);
            }
        }
        d.with_hint("fix the template; the previous output/ was left untouched")
    }
}

fn error_chain(err: &tera::Error) -> Vec<String> {
    let mut out = vec![err.to_string()];
    let mut cur: Option<&dyn std::error::Error> = std::error::Error::source(err);
    while let Some(e) = cur {
        out.push(e.to_string());
        cur = e.source();
    }
    out
}

fn template_name_in(message: &str, templates: &BTreeMap<String, (String, String)>) -> Option<String> {
    templates
        .keys()
        .filter(|k| message.contains(&format!("'{k}'")) || message.contains(&format!("`{k}`")))
        .max_by_key(|k| k.len())
        .cloned()
}

/// The unknown name in a Tera rendering error: "Variable `a.b` not found ...",
/// "Filter 'f' not found", "Function 'f' not found", "Test 't' not found".
fn symbol_in(message: &str) -> Option<String> {
    ["Variable ", "Filter ", "Function ", "Test "].iter().find_map(|kind| {
        let rest = &message[message.find(kind)? + kind.len()..];
        let quote = rest.chars().next().filter(|c| matches!(c, '`' | '\''))?;
        let name = rest[1..].split(quote).next()?;
        (!name.is_empty()).then(|| name.to_string())
    })
}

/// The byte offset of the first whole-word occurrence of `name` in a template.
fn find_symbol(src: &str, name: &str) -> Option<usize> {
    let word = |c: char| c.is_alphanumeric() || c == '_';
    src.match_indices(name).map(|(i, _)| i).find(|&i| {
        !src[..i].chars().next_back().is_some_and(|c| word(c) || c == '.')
            && !src[i + name.len()..].chars().next().is_some_and(word)
    })
}

/// Tera's parse errors contain `--> LINE:COL`.
fn line_col_in(message: &str) -> Option<(usize, usize)> {
    let rest = &message[message.find("--> ")? + 4..];
    let mut it = rest.split(|c: char| !c.is_ascii_digit()).filter(|s| !s.is_empty());
    Some((it.next()?.parse().ok()?, it.next()?.parse().ok()?))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_default_theme_file_is_built_in() {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("themes/default");
        let on_disk: Vec<String> = WalkDir::new(&dir)
            .into_iter()
            .filter_map(Result::ok)
            .filter(|e| e.file_type().is_file())
            .map(|e| e.path().strip_prefix(&dir).unwrap().to_string_lossy().replace('\\', "/"))
            .collect();
        for f in &on_disk {
            assert!(BUILTIN.iter().any(|(p, _)| p == f), "{f} is in themes/default but not in theme::BUILTIN");
        }
        assert_eq!(on_disk.len(), BUILTIN.len());
    }

    #[test]
    fn unknown_names_in_templates_are_located() {
        assert_eq!(symbol_in("Variable `chapter.nope` not found in context").as_deref(), Some("chapter.nope"));
        assert_eq!(symbol_in("Failed to render 'a.html': Filter 'shout' not found").as_deref(), Some("shout"));
        let src = "<p>{{ shouting }}</p>\n{{ x | shout }}\n";
        assert_eq!(find_symbol(src, "shout"), Some(src.rfind("shout").unwrap()));
        assert_eq!(find_symbol(src, "nowhere"), None);
    }

    #[test]
    fn template_syntax_errors_name_file_and_line() {
        let mut theme = Theme::default();
        theme.templates.insert("page.html".into(), ("ok\n{% if %}\n".into(), "themes/x/templates/page.html".into()));
        let d = theme.compile().unwrap_err().0.remove(0);
        assert_eq!(d.file.as_deref(), Some(Path::new("themes/x/templates/page.html")));
        assert_eq!(d.location.map(|l| l.line), Some(2), "{d}");
    }
}
