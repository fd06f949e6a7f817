//! Syntax highlighting of code blocks (YAML examples in the editors' guide) with syntect,
//! as CSS classes so light and dark themes can colour them.

use std::collections::HashMap;
use std::sync::{Mutex, OnceLock};
use syntect::html::{ClassStyle, ClassedHTMLGenerator};
use syntect::parsing::SyntaxSet;
use syntect::util::LinesWithEndings;

fn syntaxes() -> &'static SyntaxSet {
    static SET: OnceLock<SyntaxSet> = OnceLock::new();
    SET.get_or_init(SyntaxSet::load_defaults_newlines)
}

/// Prepare the highlighter (load the syntaxes, compile the YAML grammar's regexes) so the
/// first real code block does not pay for it. Called on a spare thread at the start of a
/// build, while content is loading.
pub fn warm() {
    let _ = code_block_uncached("id: x\nname: \"y\" # z\n- [a, b]\n", "yaml");
}

/// Highlighted blocks already seen in this process (the live preview rebuilds often).
/// (language, code) → (highlighted HTML, language highlighted as).
type Cache = Mutex<HashMap<(String, String), (String, String)>>;

fn cache() -> &'static Cache {
    static CACHE: OnceLock<Cache> = OnceLock::new();
    CACHE.get_or_init(Default::default)
}

/// Highlight `code` written in `lang` (a name or file extension such as `yaml`) as HTML with
/// `hl-` class names, and the language it was highlighted as (empty when the language is
/// unknown and the code is only escaped). The block around it comes from the theme's
/// `marks/code.html`.
pub fn code_block(code: &str, lang: &str) -> (String, String) {
    let key = (lang.to_string(), code.to_string());
    if let Some(hit) = cache().lock().ok().and_then(|c| c.get(&key).cloned()) {
        return hit;
    }
    let html = code_block_uncached(code, lang);
    if let Ok(mut c) = cache().lock() {
        if c.len() < 10_000 {
            c.insert(key, html.clone());
        }
    }
    html
}

fn code_block_uncached(code: &str, lang: &str) -> (String, String) {
    let set = syntaxes();
    let syntax = if lang.is_empty() { None } else { set.find_syntax_by_token(lang) };
    let Some(syntax) = syntax else {
        return (super::markdown::escape(code), String::new());
    };
    let mut gen = ClassedHTMLGenerator::new_with_class_style(syntax, set, ClassStyle::SpacedPrefixed { prefix: "hl-" });
    for line in LinesWithEndings::from(code) {
        if gen.parse_html_for_line_which_includes_newline(line).is_err() {
            return (super::markdown::escape(code), String::new());
        }
    }
    (gen.finalize(), lang.to_string())
}

#[cfg(test)]
mod tests {
    #[test]
    fn yaml_is_highlighted_with_classes_and_escaped() {
        let (html, lang) = super::code_block("id: x\nname: \"<b>\"\n", "yaml");
        assert!(html.contains("class=\"hl-"), "{html}");
        assert!(html.contains("&lt;b&gt;"), "{html}");
        assert_eq!(lang, "yaml");
        let plain = super::code_block("<x>", "no-such-lang");
        assert_eq!(plain, ("&lt;x&gt;".to_string(), String::new()));
    }
}
