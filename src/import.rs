//! Import of plain-text source chapters into gloss Markdown.
//!
//! The source texts of an edition arrive as plain text: one paragraph per line with blank
//! lines between paragraphs, section headings as short lines of their own, and the author's
//! endnote markers as bracketed numbers such as ` [12]`. [`import_text`] turns such a text
//! into a Markdown chapter file with YAML front matter, and [`crate::model::slug::slug_of`] makes the anchors.
//!
//! # What the importer recognises
//!
//! * **Endnote markers.** Only a bracketed pure number of one to four ASCII digits (`[12]`)
//!   is a marker. Every other bracketed text is editorial material of the source and is kept
//!   literally: ellipses `[...]` and `[…]`, supplied letters `E[vgeni] A[lekseyevich]`,
//!   supplied names `[Radek]`. A marker becomes a Markdown footnote reference: the first
//!   occurrence of a number `n` in the chapter gets the label `n` (`[^12]`), the second
//!   `n-2` (`[^12-2]`), the third `n-3`, so that every marker has its own anchor even when
//!   the source repeats a number. The number to display is the part of the label before the
//!   first `-`. The one exception: a bracketed number at the very start of a paragraph that
//!   is directly followed by `:` is kept as literal text, because `[^n]:` at the start of a
//!   line would be a footnote *definition*.
//! * **Footnote definitions.** The note texts are not part of the sources, so the end of the
//!   file holds one placeholder definition per marker label, in order of appearance, whose
//!   whole text is an em dash: `[^12]: —`. The renderer treats a definition consisting of
//!   only `—` as "text of this note not available in the source".
//! * **Headings.** A line is a section heading when it is shorter than 80 characters, holds
//!   no endnote marker, does not start with a quote mark or a digit, does not end with
//!   sentence punctuation (`.` `:` `;` `,` `!` `?` `…`) — also not with such punctuation
//!   followed by closing quote marks, as in `“Go.”` — and has a blank line (or the edge of
//!   the file) on both sides. A heading that merely ends with a quoted title, such as
//!   ``The “Chinese Discussion”``, is still a heading. Headings are emitted as
//!   `## Text {#slug}` (pulldown-cmark heading attributes); the slug is [`crate::model::slug::slug_of`] of the
//!   text, made unique within the chapter by the suffixes `-2`, `-3`, …
//! * **Block quotes.** A paragraph directly following a paragraph that ends with `:`
//!   (possibly followed by endnote markers, as in `: [12]`) becomes a block quote when it
//!   starts with an opening quote mark (`“`, `"`, `„`, `«`, `‘`), or when it is an unmarked
//!   quoted document, recognised by ending with an endnote marker (the citation of the
//!   quoted source). Later paragraphs that start with an opening quote mark join the same
//!   block quote, each as a paragraph of its own; the first one that does not ends it. The
//!   quote marks of the source are kept.
//!
//! # Fidelity
//!
//! Apart from the marker transformation, every character of the source is kept in order:
//! line endings are normalised to `\n`, a leading byte-order mark and the whitespace at the
//! start and end of each line are dropped, and paragraphs are separated by exactly one blank
//! line. Characters that Markdown would interpret are backslash-escaped so that the rendered
//! text equals the source text: `\`, `*`, `_`, `` ` ``, `<`, `>`, `~`, `^`, `$`, and every
//! `[`/`]` that is not a marker, everywhere; `&` where it would start an entity; `#`, `-`,
//! `+`, `:` and an ordered-list number (`1.` → `1\.`) at the start of a paragraph; `#`, `{`
//! and `}` anywhere in a heading; `!` before and `(` after a footnote reference. Only ASCII
//! punctuation is ever escaped. The renderer must not enable smart punctuation, which would
//! rewrite straight quotes, `--` and `...`.

use std::collections::{HashMap, HashSet};

/// Metadata of one chapter, written to the YAML front matter of the imported file.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ImportMeta {
    /// Title of the chapter as it appears in the edition.
    pub title: String,
    /// Position of the chapter in the edition (1-based).
    pub number: u32,
    /// URL slug of the chapter.
    pub slug: String,
    /// Chapter number or label in the original publication (for example `XXXV`), if known.
    pub original_chapter: Option<String>,
    /// Bibliographic source of the text, if known.
    pub source: Option<String>,
    /// Translation credit, if the text is a translation.
    pub translation: Option<String>,
    /// The source text's path relative to the edition root, when it lies inside it.
    pub source_file: Option<String>,
}

/// Counts gathered while importing one text.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ImportReport {
    /// Number of body paragraphs emitted (headings excluded, paragraphs inside block quotes
    /// included).
    pub paragraphs: usize,
    /// Number of section headings emitted.
    pub headings: usize,
    /// Number of block quotes emitted (one block quote may hold several paragraphs).
    pub quotes: usize,
    /// Number of endnote markers converted to footnote references (every occurrence counts).
    pub markers: usize,
    /// Footnote labels given to the second and later occurrences of a marker number, in
    /// order of appearance, for example `["25-2", "79-2"]`.
    pub duplicate_markers: Vec<String>,
}

/// Converts a plain-text chapter into gloss Markdown and reports what was found.
///
/// The returned Markdown starts with YAML front matter built from `meta`, followed by the
/// paragraphs, headings and block quotes of `text` and, at the end, one placeholder
/// footnote definition (`[^label]: —`) per endnote marker. See the module documentation for
/// the exact rules.
pub fn import_text(text: &str, meta: &ImportMeta) -> (String, ImportReport) {
    let mut report = ImportReport::default();
    let mut out = front_matter(meta);

    let normalised = text.replace("\r\n", "\n").replace('\r', "\n");
    let normalised = normalised.strip_prefix('\u{feff}').unwrap_or(&normalised);
    let lines: Vec<&str> = normalised.split('\n').collect();
    let is_blank = |i: usize| lines[i].trim().is_empty();

    // Every non-blank line is one paragraph; remember whether blank lines surround it.
    let mut paras: Vec<Para> = Vec::new();
    for (i, line) in lines.iter().enumerate() {
        if is_blank(i) {
            continue;
        }
        let text = line.trim_matches(|c: char| c.is_ascii_whitespace());
        let blank_before = i == 0 || is_blank(i - 1);
        let blank_after = i + 1 == lines.len() || is_blank(i + 1);
        paras.push(Para { text, isolated: blank_before && blank_after });
    }

    let mut markers = Markers::default();
    let mut slugs: HashSet<String> = HashSet::new();
    let mut in_quote = false;
    let mut prev_introduces_quote = false;

    for para in &paras {
        let t = para.text;
        if para.isolated && is_heading(t) {
            let slug = unique_slug(t, &mut slugs);
            out.push_str("\n## ");
            out.push_str(&escape_heading(t));
            out.push_str(" {#");
            out.push_str(&slug);
            out.push_str("}\n");
            report.headings += 1;
            in_quote = false;
            prev_introduces_quote = false;
            continue;
        }

        let starts_quoted = starts_with_opening_quote(t);
        let body = render_inline(t, &mut markers);
        report.paragraphs += 1;
        if in_quote && starts_quoted {
            out.push_str(">\n> ");
            out.push_str(&body);
            out.push('\n');
        } else if prev_introduces_quote && (starts_quoted || ends_with_marker(t)) {
            out.push_str("\n> ");
            out.push_str(&body);
            out.push('\n');
            report.quotes += 1;
            in_quote = true;
        } else {
            out.push('\n');
            out.push_str(&body);
            out.push('\n');
            in_quote = false;
        }
        prev_introduces_quote = ends_with_colon(t);
    }

    for label in &markers.order {
        out.push('\n');
        out.push_str("[^");
        out.push_str(label);
        out.push_str("]: —\n");
    }

    report.markers = markers.order.len();
    report.duplicate_markers = markers.duplicates;
    (out, report)
}

/// One non-blank line of the source.
struct Para<'a> {
    /// The line without surrounding whitespace.
    text: &'a str,
    /// Whether the line has a blank line or the file edge on both sides.
    isolated: bool,
}

/// Marker labels handed out so far.
#[derive(Default)]
struct Markers {
    /// How often each number has been seen.
    seen: HashMap<String, usize>,
    /// Every label, in order of appearance.
    order: Vec<String>,
    /// Labels of repeated numbers.
    duplicates: Vec<String>,
}

impl Markers {
    fn label(&mut self, number: &str) -> String {
        let count = self.seen.entry(number.to_string()).or_insert(0);
        *count += 1;
        let label = if *count == 1 { number.to_string() } else { format!("{number}-{count}") };
        if *count > 1 {
            self.duplicates.push(label.clone());
        }
        self.order.push(label.clone());
        label
    }
}

fn front_matter(meta: &ImportMeta) -> String {
    let mut fm = String::from("---\n");
    fm.push_str(&format!("title: {}\n", yaml_string(&meta.title)));
    fm.push_str(&format!("number: {}\n", meta.number));
    fm.push_str(&format!("slug: {}\n", yaml_string(&meta.slug)));
    let optional = [
        ("original_chapter", &meta.original_chapter),
        ("source", &meta.source),
        ("translation", &meta.translation),
        ("source_file", &meta.source_file),
    ];
    for (key, value) in optional {
        if let Some(v) = value {
            fm.push_str(&format!("{key}: {}\n", yaml_string(v)));
        }
    }
    fm.push_str("---\n");
    fm
}

/// A double-quoted YAML scalar.
fn yaml_string(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            // YAML reads U+2028 and U+2029 as line breaks (folding away the spaces after
            // them) and rejects U+FFFE and U+FFFF: escape them too.
            c if c.is_control() || matches!(c, '\u{2028}' | '\u{2029}' | '\u{fffe}' | '\u{ffff}') => {
                out.push_str(&format!("\\u{:04X}", c as u32))
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// If `s[i..]` starts with an endnote marker, returns its number and byte length.
fn marker_at(s: &str, i: usize) -> Option<(&str, usize)> {
    let rest = s[i..].strip_prefix('[')?;
    let digits = rest.bytes().take_while(u8::is_ascii_digit).count();
    if (1..=4).contains(&digits) && rest[digits..].starts_with(']') {
        Some((&rest[..digits], digits + 2))
    } else {
        None
    }
}

fn contains_marker(s: &str) -> bool {
    s.match_indices('[').any(|(i, _)| marker_at(s, i).is_some())
}

/// Removes trailing endnote markers and whitespace.
fn strip_trailing_markers(s: &str) -> &str {
    let mut t = s.trim_end();
    loop {
        let Some(open) = t.rfind('[') else { return t };
        match marker_at(t, open) {
            Some((_, len)) if open + len == t.len() => t = t[..open].trim_end(),
            _ => return t,
        }
    }
}

fn ends_with_marker(s: &str) -> bool {
    strip_trailing_markers(s).len() != s.trim_end().len()
}

fn ends_with_colon(s: &str) -> bool {
    strip_trailing_markers(s).ends_with(':')
}

fn is_opening_quote(c: char) -> bool {
    matches!(c, '“' | '"' | '„' | '«' | '‘')
}

fn is_quote_mark(c: char) -> bool {
    matches!(c, '“' | '”' | '"' | '„' | '‟' | '«' | '»' | '‘' | '’' | '\'' | '‚' | '‹' | '›')
}

fn starts_with_opening_quote(s: &str) -> bool {
    s.chars().next().is_some_and(is_opening_quote)
}

/// The heading test of the module documentation, for a line already known to stand alone.
fn is_heading(s: &str) -> bool {
    let Some(first) = s.chars().next() else {
        return false;
    };
    if s.chars().count() >= 80 || contains_marker(s) {
        return false;
    }
    if is_quote_mark(first) || first.is_ascii_digit() {
        return false;
    }
    let core = s.trim_end_matches(is_quote_mark);
    if core.is_empty() {
        return false;
    }
    !core.ends_with(['.', ':', ';', ',', '!', '?', '…'])
}

fn unique_slug(text: &str, used: &mut HashSet<String>) -> String {
    let mut base = crate::model::slug::slug_of(text);
    if base.is_empty() {
        base = "section".to_string();
    }
    let mut slug = base.clone();
    let mut n = 2;
    while used.contains(&slug) {
        slug = format!("{base}-{n}");
        n += 1;
    }
    used.insert(slug.clone());
    slug
}

/// Whether an `&` at byte `i` would start an HTML entity or character reference.
fn starts_entity(s: &str, i: usize) -> bool {
    let rest = &s[i + 1..];
    let (body, ok_char): (&str, fn(&u8) -> bool) =
        if let Some(hex) = rest.strip_prefix("#x").or_else(|| rest.strip_prefix("#X")) {
            (hex, u8::is_ascii_hexdigit)
        } else if let Some(dec) = rest.strip_prefix('#') {
            (dec, u8::is_ascii_digit)
        } else {
            (rest, u8::is_ascii_alphanumeric)
        };
    let n = body.bytes().take_while(ok_char).count();
    n > 0 && body[n..].starts_with(';')
}

/// Length in bytes of an ordered-list start (`12.` or `12)` followed by whitespace or the
/// end) at the start of `s`, without the delimiter.
fn list_number_len(s: &str) -> Option<usize> {
    let digits = s.bytes().take_while(u8::is_ascii_digit).count();
    if !(1..=9).contains(&digits) {
        return None;
    }
    let rest = &s[digits..];
    let mut chars = rest.chars();
    match (chars.next(), chars.next()) {
        (Some('.' | ')'), None) => Some(digits),
        (Some('.' | ')'), Some(c)) if c.is_whitespace() => Some(digits),
        _ => None,
    }
}

fn push_escaped(out: &mut String, c: char) {
    out.push('\\');
    out.push(c);
}

/// Escapes the text of a heading (which holds no markers).
fn escape_heading(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 8);
    for (i, c) in s.char_indices() {
        match c {
            '\\' | '*' | '_' | '`' | '<' | '>' | '~' | '^' | '$' | '[' | ']' | '#' | '{' | '}' => {
                push_escaped(&mut out, c)
            }
            '-' | '+' | ':' if i == 0 => push_escaped(&mut out, c),
            '&' if starts_entity(s, i) => push_escaped(&mut out, c),
            c => out.push(c),
        }
    }
    out
}

/// Escapes a paragraph and turns its endnote markers into footnote references.
fn render_inline(s: &str, markers: &mut Markers) -> String {
    let mut out = String::with_capacity(s.len() + 16);
    let list_len = list_number_len(s);
    let mut after_marker = false;
    let mut skip_until = 0;
    for (i, c) in s.char_indices() {
        if i < skip_until {
            continue;
        }
        // `[n]:` at the start of a paragraph would become a footnote definition: keep it.
        let marker = marker_at(s, i).filter(|&(_, len)| !(i == 0 && s[len..].starts_with(':')));
        if let Some((number, len)) = marker {
            out.push_str("[^");
            out.push_str(&markers.label(number));
            out.push(']');
            skip_until = i + len;
            after_marker = true;
            continue;
        }
        match c {
            '\\' | '*' | '_' | '`' | '<' | '>' | '~' | '^' | '$' | '[' | ']' => push_escaped(&mut out, c),
            '#' | '-' | '+' | ':' if i == 0 => push_escaped(&mut out, c),
            '.' | ')' if list_len == Some(i) => push_escaped(&mut out, c),
            '&' if starts_entity(s, i) => push_escaped(&mut out, c),
            '(' if after_marker => push_escaped(&mut out, c),
            '!' if marker_at(s, i + 1).is_some() => push_escaped(&mut out, c),
            c => out.push(c),
        }
        after_marker = false;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use pulldown_cmark::{html, Options, Parser};
    use std::path::PathBuf;

    const SEED_000: &str = "broue-history-of-the-bolshevik-party-ch10.txt";
    const SEED_001: &str = "broue-trotsky-ch35.txt";

    fn meta() -> ImportMeta {
        ImportMeta { title: "Test".into(), number: 1, slug: "test".into(), ..ImportMeta::default() }
    }

    /// The Markdown body after the front matter.
    fn body(md: &str) -> &str {
        let rest = md.strip_prefix("---\n").expect("front matter start");
        let end = rest.find("\n---\n").expect("front matter end");
        &rest[end + 5..]
    }

    fn render(md: &str) -> String {
        let mut opts = Options::empty();
        opts.insert(Options::ENABLE_FOOTNOTES);
        opts.insert(Options::ENABLE_HEADING_ATTRIBUTES);
        opts.insert(Options::ENABLE_YAML_STYLE_METADATA_BLOCKS);
        let mut out = String::new();
        html::push_html(&mut out, Parser::new_ext(md, opts));
        out
    }

    /// Removes every element that starts with `open` (up to its matching `close`).
    fn remove_elements(html: &str, open: &str, close: &str) -> String {
        let mut out = String::new();
        let mut rest = html;
        while let Some(start) = rest.find(open) {
            out.push_str(&rest[..start]);
            let after = &rest[start..];
            let end = after.find(close).expect("element closed");
            rest = &after[end + close.len()..];
        }
        out.push_str(rest);
        out
    }

    fn strip_tags(html: &str) -> String {
        let mut out = String::new();
        let mut in_tag = false;
        for c in html.chars() {
            match c {
                '<' => in_tag = true,
                '>' if in_tag => {
                    in_tag = false;
                    out.push(' ');
                }
                c if !in_tag => out.push(c),
                _ => {}
            }
        }
        out
    }

    fn decode_entities(s: &str) -> String {
        let mut out = String::new();
        let mut rest = s;
        while let Some(amp) = rest.find('&') {
            out.push_str(&rest[..amp]);
            let after = &rest[amp..];
            let semi = after.find(';').filter(|&n| n < 12);
            let decoded = semi.and_then(|n| {
                let name = &after[1..n];
                let c = match name {
                    "amp" => Some('&'),
                    "lt" => Some('<'),
                    "gt" => Some('>'),
                    "quot" => Some('"'),
                    "apos" => Some('\''),
                    _ => {
                        if let Some(hex) = name.strip_prefix("#x").or(name.strip_prefix("#X")) {
                            u32::from_str_radix(hex, 16).ok().and_then(char::from_u32)
                        } else if let Some(dec) = name.strip_prefix('#') {
                            dec.parse().ok().and_then(char::from_u32)
                        } else {
                            None
                        }
                    }
                };
                c.map(|c| (c, n + 1))
            });
            match decoded {
                Some((c, len)) => {
                    out.push(c);
                    rest = &after[len..];
                }
                None => {
                    out.push('&');
                    rest = &after[1..];
                }
            }
        }
        out.push_str(rest);
        out
    }

    /// The visible text of the rendered Markdown, without footnote references and
    /// definitions.
    fn visible_text(md: &str) -> String {
        let html = render(md);
        let html = remove_elements(&html, "<div class=\"footnote-definition\"", "</div>");
        let html = remove_elements(&html, "<sup class=\"footnote-reference\">", "</sup>");
        decode_entities(&strip_tags(&html))
    }

    fn words(s: &str) -> Vec<&str> {
        s.split_whitespace().collect()
    }

    /// The source with every endnote marker removed.
    fn without_markers(s: &str) -> String {
        let mut out = String::new();
        let mut skip_until = 0;
        for (i, c) in s.char_indices() {
            if i < skip_until {
                continue;
            }
            if let Some((_, len)) = marker_at(s, i) {
                skip_until = i + len;
                continue;
            }
            out.push(c);
        }
        out
    }

    fn marker_count(s: &str) -> usize {
        s.match_indices('[').filter(|(i, _)| marker_at(s, *i).is_some()).count()
    }

    fn assert_renders_faithfully(source: &str) {
        let (md, report) = import_text(source, &meta());
        let expected = without_markers(source);
        let got = visible_text(&md);
        let (e, g) = (words(&expected), words(&got));
        if let Some(pos) = e.iter().zip(&g).position(|(a, b)| a != b) {
            let lo = pos.saturating_sub(5);
            panic!(
                "word {pos} differs:\n  source:   {:?}\n  rendered: {:?}",
                &e[lo..(pos + 5).min(e.len())],
                &g[lo..(pos + 5).min(g.len())]
            );
        }
        assert_eq!(e.len(), g.len(), "word counts differ");
        let refs = render(&md).matches("<sup class=\"footnote-reference\">").count();
        assert_eq!(refs, marker_count(source), "footnote references");
        assert_eq!(report.markers, marker_count(source));
    }

    /// The edition's source texts: `sources/` in the repository, or `GLOSS_SOURCES`.
    fn sources_dir() -> PathBuf {
        std::env::var_os("GLOSS_SOURCES")
            .map(PathBuf::from)
            .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("sources"))
    }

    fn read_seed(name: &str) -> String {
        let path = sources_dir().join(name);
        std::fs::read_to_string(&path)
            .unwrap_or_else(|e| panic!("cannot read the source text {} ({e}); it belongs in sources/", path.display()))
    }

    #[test]
    fn markers_versus_editorial_brackets() {
        let src = "By E[vgeni] A[lekseyevich] [Preobrazhensky] and [Radek] [...] or […] so. [12]";
        let (md, report) = import_text(src, &meta());
        let body = body(&md);
        assert!(body.contains(
            "By E\\[vgeni\\] A\\[lekseyevich\\] \\[Preobrazhensky\\] and \\[Radek\\] \\[...\\] or \\[…\\] so. [^12]\n"
        ));
        assert!(body.ends_with("\n[^12]: —\n"));
        assert_eq!(report.markers, 1);
        assert_eq!(visible_text(&md).trim(), without_markers(src).trim());
        // Five digits, letters and empty brackets are not markers.
        let (md, report) = import_text("a [12345] b [1a] c [] d [0007]", &meta());
        assert_eq!(report.markers, 1);
        assert!(md.contains("a \\[12345\\] b \\[1a\\] c \\[\\] d [^0007]"));
    }

    #[test]
    fn duplicate_numbers_get_distinct_labels() {
        let src = "One. [25]\n\nTwo. [26] Three. [25]\n\nFour. [25] and [2]";
        let (md, report) = import_text(src, &meta());
        let body = body(&md);
        assert!(body.contains("One. [^25]\n"));
        assert!(body.contains("Two. [^26] Three. [^25-2]\n"));
        assert!(body.contains("Four. [^25-3] and [^2]\n"));
        assert_eq!(report.markers, 5);
        assert_eq!(report.duplicate_markers, vec!["25-2", "25-3"]);
        let defs: Vec<&str> = body.lines().filter(|l| l.starts_with("[^")).collect();
        assert_eq!(defs, ["[^25]: —", "[^26]: —", "[^25-2]: —", "[^25-3]: —", "[^2]: —"]);
        let html = render(&md);
        for id in ["25", "25-2", "25-3"] {
            assert!(html.contains(&format!("<a href=\"#{id}\">")), "{id}");
        }
    }

    #[test]
    fn heading_detection() {
        let src = "Intro paragraph.\n\nThe Unification of the Opposition\n\nA short sentence.\n\n“A quoted line\n\n1927 and After\n\nThe “Chinese Discussion”\n\n“It was over.”\n\nWith a note [3]\n\nHe said:\n\nNot Alone\nBecause of this line\n\nLast Heading";
        let (md, report) = import_text(src, &meta());
        let body = body(&md);
        assert!(body.contains("\n## The Unification of the Opposition {#the-unification-of-the-opposition}\n"));
        assert!(body.contains("\n## The “Chinese Discussion” {#the-chinese-discussion}\n"));
        assert!(body.contains("\n## Last Heading {#last-heading}\n"));
        assert!(body.contains("\nA short sentence.\n"));
        assert!(body.contains("\n“A quoted line\n"));
        assert!(body.contains("\n1927 and After\n"));
        assert!(body.contains("\n“It was over.”\n"));
        assert!(body.contains("\nWith a note [^3]\n"));
        assert!(body.contains("\nNot Alone\n"));
        assert!(body.contains("\nBecause of this line\n"));
        assert_eq!(report.headings, 3);
        assert_eq!(report.paragraphs, 9);
        let long = "A".repeat(80);
        assert!(!is_heading(&long));
        assert!(is_heading(&long[..79]));
        let html = render(&md);
        assert!(html.contains("<h2 id=\"the-chinese-discussion\">The “Chinese Discussion”</h2>"));
    }

    #[test]
    fn heading_slugs_are_unique() {
        let src = "Part One\n\nText.\n\nPart One\n\nText.\n\nPart  one!?x\n\nPart One";
        let (md, report) = import_text(src, &meta());
        let body = body(&md);
        assert!(body.contains("## Part One {#part-one}\n"));
        assert!(body.contains("## Part One {#part-one-2}\n"));
        assert!(body.contains("## Part  one!?x {#part-one-x}\n"));
        assert!(body.contains("## Part One {#part-one-3}\n"));
        assert_eq!(report.headings, 4);
    }

    #[test]
    fn block_quote_after_colon() {
        let src = "Stalin said: [7]\n\n“First part.”\n\n“Second part.” [8]\n\n“An admirable comparison”, cried Wang.\n\nTrotsky wrote:\n\n“Quoted.”\n\nNarrative again.\n\n“Not after a colon.”\n\nDingelstedt wrote:\n\nThese measures have been caused by famine. [9]\n\nHe ended:\n\nPlain narrative without a citation.";
        let (md, report) = import_text(src, &meta());
        let body = body(&md);
        assert!(body.contains("\n> “First part.”\n>\n> “Second part.” [^8]\n>\n> “An admirable comparison”, cried Wang.\n\nTrotsky wrote:\n"));
        assert!(body.contains("\n> “Quoted.”\n\nNarrative again.\n"));
        assert!(body.contains("\n“Not after a colon.”\n"));
        assert!(body.contains("\n> These measures have been caused by famine. [^9]\n"));
        assert!(body.contains("\nPlain narrative without a citation.\n"));
        assert_eq!(report.quotes, 3);
        let html = render(&md);
        assert_eq!(html.matches("<blockquote>").count(), 3);
        assert!(html.contains("<blockquote>\n<p>“First part.”</p>\n<p>“Second part.”"));
    }

    #[test]
    fn front_matter_escaping() {
        let m = ImportMeta {
            title: "The \"Left\" Turn \\ Part".into(),
            number: 7,
            slug: "the-left-turn".into(),
            original_chapter: Some("XXXV".into()),
            source: None,
            translation: Some("Line\nbreak".into()),
            source_file: None,
        };
        let (md, _) = import_text("Text.", &m);
        assert!(md.starts_with(
            "---\ntitle: \"The \\\"Left\\\" Turn \\\\ Part\"\nnumber: 7\nslug: \"the-left-turn\"\noriginal_chapter: \"XXXV\"\ntranslation: \"Line\\nbreak\"\n---\n\nText.\n"
        ));
        assert!(!md.contains("source:"));
        assert!(md.ends_with("Text.\n"));
    }

    #[test]
    fn markdown_syntax_is_escaped() {
        let src = "# not a heading *a* _b_ `c` <d> > e & f &amp; g &#38; h \\ i ~j~ $k$ ^l^ ! [3](x) ![4]\n\n1. one\n\n- dash.\n\n+ plus.\n\n: colon.\n\n[5]: not a definition\n\n2) two";
        let (md, report) = import_text(src, &meta());
        let body = body(&md);
        assert!(body.contains("\\# not a heading \\*a\\* \\_b\\_ \\`c\\` \\<d\\> \\> e & f \\&amp; g \\&#38; h \\\\ i \\~j\\~ \\$k\\$ \\^l\\^ ! [^3]\\(x) \\![^4]\n"));
        assert!(body.contains("\n1\\. one\n"));
        assert!(body.contains("\n\\- dash.\n"));
        assert!(body.contains("\n\\+ plus.\n"));
        assert!(body.contains("\n\\: colon.\n"));
        assert!(body.contains("\n\\[5\\]: not a definition\n"));
        assert!(body.contains("\n2\\) two\n"));
        assert_eq!(report.markers, 2);
        let expected = without_markers(src).replace(": not", "[5]: not");
        assert_eq!(words(&visible_text(&md)), words(&expected));
    }

    #[test]
    fn whitespace_and_line_endings_are_normalised() {
        let src = "\u{feff}First line.   \r\n\r\n\r\n  Second\tline. [1]\t\r\rThird.";
        let (md, report) = import_text(src, &meta());
        assert_eq!(body(&md), "\nFirst line.\n\nSecond\tline. [^1]\n\nThird.\n\n[^1]: —\n");
        assert_eq!(report.paragraphs, 3);
        let (md, report) = import_text("", &meta());
        assert_eq!(body(&md), "");
        assert_eq!(report, ImportReport::default());
    }

    #[test]
    fn seed_000_is_imported_faithfully() {
        let source = read_seed(SEED_000);
        assert_renders_faithfully(&source);
        let (_, report) = import_text(&source, &meta());
        assert_eq!(report.duplicate_markers, vec!["25-2", "79-2"]);
        assert!(report.headings >= 10);
        assert!(report.quotes > 0);
    }

    #[test]
    fn seed_001_is_imported_faithfully() {
        let source = read_seed(SEED_001);
        assert_renders_faithfully(&source);
        let (md, report) = import_text(&source, &meta());
        assert!(report.duplicate_markers.is_empty());
        assert!(md.contains("E\\[vgeni\\] A\\[lekseyevich\\] \\[Preobrazhensky\\]"));
        assert!(body(&md).contains("\n[^2]: —\n"));
        assert!(!body(&md).contains("\n[^1]: —\n"));
    }
}
