//! The small pieces of markup gloss weaves into text — a mention link, an emendation, an
//! editorial-note mark, a note reference, a paragraph with its number, a heading, an index
//! locator, a highlighted code block — come from the theme's templates under
//! `templates/marks/`, which an edition overrides file by file like any other template.
//!
//! A chapter has thousands of such pieces, so each template is not rendered per use: it is
//! rendered once per value of its *choice* variables (a mention's `kind`, an emendation's
//! `kind`, ...) with a marker in place of each free value, and the result is kept as a
//! list of literal pieces and slots that is filled by concatenation. Every template is
//! rendered a second time with different markers; if the two results do not have the same
//! shape, the template does something with the values themselves (a filter, a test on
//! their length) and is rendered by Tera at every use instead, so a theme may write any
//! template it likes. Free text values are HTML-escaped, as Tera's autoescaping would;
//! values named `*_html` and `content` are inserted as HTML.

use crate::diagnostics::Diagnostic;
use std::collections::HashMap;

/// One kind of mark: its template, its choice variables and its free values.
struct Spec {
    name: &'static str,
    /// Choice variables and the values each may take.
    choices: &'static [(&'static str, &'static [&'static str])],
    /// Free values, in the order callers give them.
    values: &'static [&'static str],
}

const MENTION: Spec = Spec {
    name: "mention",
    choices: &[("kind", &["person", "event", "place", "term"])],
    values: &["href", "id", "content"],
};
const EMENDATION: Spec = Spec {
    name: "emendation",
    choices: &[("kind", &["correction", "regularisation"])],
    values: &["id", "corr_html", "reason", "content"],
};
const EDNOTE: Spec = Spec { name: "ednote", choices: &[], values: &["id", "letter", "body_html"] };
const NOTEREF: Spec = Spec { name: "noteref", choices: &[], values: &["ref_id", "note_id", "number"] };
const PARAGRAPH: Spec = Spec { name: "paragraph", choices: &[], values: &["id", "number", "content"] };
const HEADING: Spec =
    Spec { name: "heading", choices: &[("level", &["1", "2", "3", "4", "5", "6"])], values: &["id", "content"] };
const LOCATOR: Spec =
    Spec { name: "locator", choices: &[("last", &["false", "true"])], values: &["href", "chapter", "para"] };
const LOCATORS: Spec = Spec {
    name: "locators",
    choices: &[("wrap", &["false", "true"]), ("last", &["false", "true"])],
    values: &["chapter", "content"],
};
const CODE: Spec = Spec { name: "code", choices: &[], values: &["lang", "code_html"] };

/// Every kind of mark, for the documentation and the tests.
pub const KINDS: &[&str] =
    &["mention", "emendation", "ednote", "noteref", "paragraph", "heading", "locator", "locators", "code"];

#[derive(Clone, Debug, PartialEq)]
enum Part {
    Lit(String),
    Slot(usize),
}

#[derive(Clone, Debug)]
enum Compiled {
    /// Literal pieces and slots.
    Pieces(Vec<Part>),
    /// The template uses its values: render it with Tera each time.
    Tera,
}

/// One mark's template, compiled.
struct Mark {
    template: String,
    choices: Vec<&'static str>,
    values: &'static [&'static str],
    /// One per combination of choice values, keyed by the values joined with `/`.
    variants: HashMap<String, Compiled>,
}

/// The theme's marks, compiled once per build.
pub struct Markup<'t> {
    tera: &'t tera::Tera,
    marks: HashMap<&'static str, Mark>,
}

fn marker(i: usize, second: bool) -> String {
    if second {
        format!("\u{e010}{i}ZzQ-\u{e011}")
    } else {
        format!("\u{e010}{i}\u{e011}")
    }
}

fn split(out: &str, n: usize, second: bool) -> Option<Vec<Part>> {
    let mut parts = Vec::new();
    let mut rest = out;
    loop {
        let next = (0..n).filter_map(|i| rest.find(&marker(i, second)).map(|at| (at, i))).min();
        match next {
            Some((at, i)) => {
                if at > 0 {
                    parts.push(Part::Lit(rest[..at].to_string()));
                }
                parts.push(Part::Slot(i));
                rest = &rest[at + marker(i, second).len()..];
            }
            None => {
                if rest.contains('\u{e010}') {
                    return None;
                }
                if !rest.is_empty() {
                    parts.push(Part::Lit(rest.to_string()));
                }
                return Some(parts);
            }
        }
    }
}

/// The built-in theme's templates, compiled (for tools and tests that render without an
/// edition).
pub fn builtin_tera() -> tera::Tera {
    crate::theme::Theme::built_in().compile().unwrap_or_default()
}

impl<'t> Markup<'t> {
    /// Compile every mark from the templates in `tera` (`marks/NAME.html`).
    pub fn new(tera: &'t tera::Tera) -> Result<Markup<'t>, Diagnostic> {
        let mut marks = HashMap::new();
        for spec in [&MENTION, &EMENDATION, &EDNOTE, &NOTEREF, &PARAGRAPH, &HEADING, &LOCATOR, &LOCATORS, &CODE] {
            marks.insert(spec.name, Markup::compile(tera, spec)?);
        }
        Ok(Markup { tera, marks })
    }

    fn compile(tera: &tera::Tera, spec: &Spec) -> Result<Mark, Diagnostic> {
        let template = format!("marks/{}.html", spec.name);
        let mut combos: Vec<Vec<&str>> = vec![Vec::new()];
        for (_, values) in spec.choices {
            combos = combos
                .into_iter()
                .flat_map(|c| {
                    values.iter().map(move |v| {
                        let mut c = c.clone();
                        c.push(*v);
                        c
                    })
                })
                .collect();
        }
        let mut variants = HashMap::new();
        for combo in combos {
            let render = |second: bool| -> Result<String, Diagnostic> {
                let mut ctx = tera::Context::new();
                for ((name, _), v) in spec.choices.iter().zip(&combo) {
                    insert_choice(&mut ctx, name, v);
                }
                for (i, name) in spec.values.iter().enumerate() {
                    ctx.insert(*name, &marker(i, second));
                }
                tera.render(&template, &ctx).map(trim_newline).map_err(|e| {
                    Diagnostic::error("template", format!("the mark template `{template}` failed: {}", error_text(&e)))
                        .with_hint(
                            "fix the template; see “Marks” in the theme documentation for the values it receives",
                        )
                })
            };
            let (a, b) = (render(false)?, render(true)?);
            // and with every value empty, for tests such as `{% if lang %}`
            let empty = {
                let mut ctx = tera::Context::new();
                for ((name, _), v) in spec.choices.iter().zip(&combo) {
                    insert_choice(&mut ctx, name, v);
                }
                for name in spec.values {
                    ctx.insert(*name, "");
                }
                tera.render(&template, &ctx).map(trim_newline).unwrap_or_default()
            };
            let compiled = match (split(&a, spec.values.len(), false), split(&b, spec.values.len(), true)) {
                (Some(x), Some(y)) if x == y && literal_text(&x) == empty => Compiled::Pieces(x),
                _ => Compiled::Tera,
            };
            variants.insert(combo.join("/"), compiled);
        }
        Ok(Mark { template, choices: spec.choices.iter().map(|c| c.0).collect(), values: spec.values, variants })
    }

    /// Render mark `name` with its choice values and free values (in the order of its
    /// specification).
    pub fn render(&self, name: &str, choices: &[&str], values: &[&str]) -> String {
        let Some(mark) = self.marks.get(name) else { return String::new() };
        match mark.variants.get(&choices.join("/")) {
            Some(Compiled::Pieces(parts)) => {
                let mut out = String::new();
                for p in parts {
                    match p {
                        Part::Lit(s) => out.push_str(s),
                        Part::Slot(i) => push_value(&mut out, mark.values[*i], values.get(*i).copied().unwrap_or("")),
                    }
                }
                out
            }
            _ => self.render_tera(mark, choices, values),
        }
    }

    /// Render a mark that wraps text (its `content` value) as the markup before the text and
    /// the markup after it.
    pub fn wrap(&self, name: &str, choices: &[&str], values: &[&str]) -> (String, String) {
        const CUT: &str = "\u{e012}content\u{e012}";
        let Some(mark) = self.marks.get(name) else { return Default::default() };
        let at = mark.values.iter().position(|v| *v == "content");
        let mut values: Vec<&str> = values.to_vec();
        if let Some(at) = at {
            values.resize(values.len().max(at + 1), "");
            values[at] = CUT;
        }
        let whole = self.render(name, choices, &values);
        match whole.split_once(CUT) {
            Some((a, b)) => (a.to_string(), b.to_string()),
            None => (whole, String::new()),
        }
    }

    fn render_tera(&self, mark: &Mark, choices: &[&str], values: &[&str]) -> String {
        let mut ctx = tera::Context::new();
        for (name, v) in mark.choices.iter().zip(choices) {
            insert_choice(&mut ctx, name, v);
        }
        for (name, v) in mark.values.iter().zip(values) {
            ctx.insert(*name, v);
        }
        // the template rendered at compile time with the same variables, so it renders now
        self.tera.render(&mark.template, &ctx).map(trim_newline).unwrap_or_default()
    }
}

/// Booleans and numbers go in as themselves, so `{% if last %}` and `{% if level > 2 %}`
/// work.
fn insert_choice(ctx: &mut tera::Context, name: &str, v: &str) {
    match v {
        "true" => ctx.insert(name, &true),
        "false" => ctx.insert(name, &false),
        n if n.parse::<u8>().is_ok() => ctx.insert(name, &n.parse::<u8>().unwrap_or(0)),
        s => ctx.insert(name, s),
    }
}

fn push_value(out: &mut String, name: &str, v: &str) {
    if name == "content" || name.ends_with("_html") {
        out.push_str(v);
    } else {
        out.push_str(&super::markdown::escape(v));
    }
}

/// The literal pieces joined: what the mark renders to with every value empty.
fn literal_text(parts: &[Part]) -> String {
    parts.iter().filter_map(|p| if let Part::Lit(s) = p { Some(s.as_str()) } else { None }).collect()
}

/// A mark's output without the line breaks around it (a template file's comment line and
/// final newline); spaces are kept, as a template may start or end with one on purpose.
fn trim_newline(s: String) -> String {
    s.trim_matches(['\n', '\r']).to_string()
}

fn error_text(e: &tera::Error) -> String {
    let mut out = e.to_string();
    let mut cur: Option<&dyn std::error::Error> = std::error::Error::source(e);
    while let Some(e) = cur {
        out.push_str(": ");
        out.push_str(&e.to_string());
        cur = e.source();
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tera_with(overrides: &[(&str, &str)]) -> tera::Tera {
        let mut theme = crate::theme::Theme::built_in();
        for (name, src) in overrides {
            theme.templates.insert(format!("marks/{name}.html"), (src.to_string(), String::new()));
        }
        theme.compile().unwrap()
    }

    #[test]
    fn marks_are_filled_by_concatenation_and_escaped() {
        let tera = tera_with(&[]);
        let m = Markup::new(&tera).unwrap();
        let (open, close) = m.wrap("mention", &["term"], &["../term/x.html", "a\"b", ""]);
        assert!(open.starts_with("<a ") && open.contains("a&quot;b") && open.contains("doc-glossref"), "{open}");
        assert_eq!(close, "</a>");
        let (open, _) = m.wrap("mention", &["person"], &["../person/x.html", "x", ""]);
        assert!(!open.contains("doc-glossref"), "{open}");
        assert!(matches!(m.marks["mention"].variants["person"], Compiled::Pieces(_)));
        // `{% if lang %}`: rendered by Tera, so an empty language leaves the attribute out
        assert!(matches!(m.marks["code"].variants[""], Compiled::Tera));
        assert!(!m.render("code", &[], &["", "x"]).contains("data-lang"));
        assert!(m.render("code", &[], &["yaml", "x"]).contains("data-lang=\"yaml\""));
    }

    #[test]
    fn a_template_that_transforms_its_values_is_rendered_each_time() {
        let tera = tera_with(&[("noteref", "<sup>{{ number | upper }}{% if ref_id | length > 3 %}!{% endif %}</sup>")]);
        let m = Markup::new(&tera).unwrap();
        assert!(matches!(m.marks["noteref"].variants[""], Compiled::Tera));
        assert_eq!(m.render("noteref", &[], &["fnref-1", "fn-1", "12b"]), "<sup>12B!</sup>");
        assert_eq!(m.render("noteref", &[], &["f", "fn-1", "4"]), "<sup>4</sup>");
    }

    #[test]
    fn a_broken_mark_template_is_an_error_naming_it() {
        let tera = tera_with(&[("ednote", "{{ nope }}")]);
        let err = Markup::new(&tera).err().expect("an error");
        assert!(err.message.contains("marks/ednote.html"), "{}", err.message);
    }
}
