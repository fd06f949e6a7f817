//! Syntax highlighting of code blocks (YAML examples in the editors' guide) with syntect,
//! as CSS classes so light and dark themes can colour them.

use std::sync::OnceLock;
use syntect::html::{ClassStyle, ClassedHTMLGenerator};
use syntect::parsing::SyntaxSet;
use syntect::util::LinesWithEndings;

fn syntaxes() -> &'static SyntaxSet {
    static SET: OnceLock<SyntaxSet> = OnceLock::new();
    SET.get_or_init(SyntaxSet::load_defaults_newlines)
}

/// Highlight `code` written in `lang` (a name or file extension such as `yaml`), as a
/// `<pre><code>` block with `hl-` class names. Unknown languages are escaped plain text.
pub fn code_block(code: &str, lang: &str) -> String {
    let escaped_lang = super::markdown::escape(lang);
    let set = syntaxes();
    let syntax = if lang.is_empty() { None } else { set.find_syntax_by_token(lang) };
    let Some(syntax) = syntax else {
        return format!("<pre class=\"code\" tabindex=\"0\"><code>{}</code></pre>\n", super::markdown::escape(code));
    };
    let mut gen = ClassedHTMLGenerator::new_with_class_style(syntax, set, ClassStyle::SpacedPrefixed { prefix: "hl-" });
    for line in LinesWithEndings::from(code) {
        if gen.parse_html_for_line_which_includes_newline(line).is_err() {
            return format!(
                "<pre class=\"code\" tabindex=\"0\"><code>{}</code></pre>\n",
                super::markdown::escape(code)
            );
        }
    }
    format!("<pre class=\"code\" tabindex=\"0\" data-lang=\"{escaped_lang}\"><code>{}</code></pre>\n", gen.finalize())
}

#[cfg(test)]
mod tests {
    #[test]
    fn yaml_is_highlighted_with_classes_and_escaped() {
        let html = super::code_block("id: x\nname: \"<b>\"\n", "yaml");
        assert!(html.contains("class=\"hl-"), "{html}");
        assert!(html.contains("&lt;b&gt;"), "{html}");
        let plain = super::code_block("<x>", "no-such-lang");
        assert_eq!(plain, "<pre class=\"code\" tabindex=\"0\"><code>&lt;x&gt;</code></pre>\n");
    }
}
