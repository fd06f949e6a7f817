//! The checks behind the fuzz targets, one function per target.
//!
//! Each function takes the raw fuzzer input and panics on a bug. The fuzz targets in
//! `fuzz_targets/` call them, and so does `tests/fuzz_regressions.rs` (which includes this
//! file with `#[path]`), so the regression tests run exactly the code that was fuzzed.
#![allow(dead_code)]

use std::path::Path;

use gloss::import::{import_text, ImportMeta};
use gloss::link::anchor::{resolve, unique_prefix};
use gloss::load::chapters::split_front_matter;
use gloss::load::registry::parse_entries;
use gloss::load::spans::SpanIndex;
use gloss::load::yaml;
use gloss::model::chapter::ChapterMeta;
use gloss::model::edtf::Edtf;
use gloss::model::entity::{Event, Person, Place, Term};
use gloss::model::sidecar::Anchor;
use gloss::model::slug::slug_of as slugify;

/// The paragraphs of a chapter body, as the one reading of it gives them.
fn paragraphs(markdown: &str) -> Vec<gloss::model::document::Paragraph> {
    gloss::model::document::Document::parse(markdown, usize::MAX).unwrap_or_default().paragraphs
}

/// Paths looked up in the span index of every well-formed input.
const SPAN_PATHS: &[&str] =
    &["", "[0].aliases[1]", "[0].id", "[1].roles[0].date", "notes[0].quote", "title", "a[\"b.c\"]"];

/// (1) The YAML loaders: the four registries, a sidecar, the edition config and the span
/// index, all on the same text. Errors are fine; panics are not. Diagnostics are rendered
/// to text, since that is where locations are turned into excerpts.
pub fn yaml_loaders(data: &[u8]) {
    let path = Path::new("x.yaml");
    let text = match yaml::decode_text(path, data) {
        Ok(t) => t,
        Err(d) => {
            let _ = d.to_string();
            return;
        }
    };
    fn show<T>(r: Result<T, gloss::diagnostics::Diagnostic>) {
        if let Err(d) = r {
            let _ = d.to_string();
        }
    }
    show(parse_entries::<Person>(path, &text));
    show(parse_entries::<Event>(path, &text));
    show(parse_entries::<Place>(path, &text));
    show(parse_entries::<Term>(path, &text));
    show(yaml::parse::<gloss::model::Sidecar>(path, &text, &text, 0));
    show(yaml::parse::<gloss::config::Config>(path, &text, &text, 0));
    if let Some(index) = SpanIndex::new(&text) {
        for p in SPAN_PATHS {
            let pos = index.best(&SpanIndex::path(p));
            assert!(pos.offset <= text.len(), "{p}: {pos:?} past the end");
            assert!(text.is_char_boundary(pos.offset), "{p}: {pos:?} not at a character boundary");
            assert!(pos.line >= 1 && pos.column >= 1, "{p}: {pos:?}");
        }
    }
}

/// (2) The EDTF parser: a parsed date has bounds in order, a display and a sort key, and its
/// canonical string parses back to the same value. An error points inside the input.
pub fn edtf(data: &[u8]) {
    let Ok(s) = std::str::from_utf8(data) else { return };
    match Edtf::parse(s) {
        Ok(e) => {
            let (first, last) = e.bounds();
            if let (Some(first), Some(last)) = (first, last) {
                assert!(first <= last, "{s:?}: bounds {first} > {last}");
            }
            let _ = e.display();
            let _ = e.year_month();
            let (a, b) = e.sort_key();
            assert!(a <= b, "{s:?}: sort key ({a}, {b})");
            let canonical = e.to_string();
            match Edtf::parse(&canonical) {
                Ok(again) => assert_eq!(again, e, "{s:?} -> {canonical:?} re-parses differently"),
                Err(err) => panic!("{s:?} -> {canonical:?} does not re-parse: {err} at {}", err.offset),
            }
        }
        Err(err) => {
            assert!(err.offset <= s.len(), "{s:?}: error offset {} past the end", err.offset);
            assert!(s.is_char_boundary(err.offset), "{s:?}: error offset {} inside a character", err.offset);
        }
    }
}

/// (3) The importer: any text imports, its output renders, and the front matter it writes
/// loads back as the same chapter metadata. The first line doubles as the title.
pub fn importer(data: &[u8]) {
    let Ok(text) = yaml::decode_text(Path::new("x.txt"), data) else { return };
    let first = text.lines().next().unwrap_or("");
    let meta = ImportMeta {
        title: first.to_string(),
        number: text.len() as u32,
        slug: slugify(first),
        original_chapter: (text.len() % 2 == 0).then(|| first.chars().rev().collect()),
        source: Some(text.chars().take(40).collect()),
        translation: None,
        source_file: None,
    };
    let (md, report) = import_text(&text, &meta);
    assert!(report.markers >= report.duplicate_markers.len());
    let tera = gloss::render::markup::builtin_tera();
    let markup = gloss::render::markup::Markup::new(&tera).expect("the built-in marks compile");
    let _ = gloss::render::markdown::render_chapter(&markup, &md);
    let (front, body, _) = split_front_matter(&md).expect("imported Markdown has front matter");
    let _ = gloss::render::markdown::render_chapter(&markup, body);
    let loaded: ChapterMeta = match yaml::parse(Path::new("x.md"), &md, front, 1) {
        Ok(m) => m,
        Err(d) => panic!("the imported front matter does not load: {d}\n{front}"),
    };
    assert_eq!(loaded.title, meta.title);
    assert_eq!(loaded.number, meta.number);
    assert_eq!(loaded.slug, meta.slug);
    assert_eq!(loaded.original_chapter, meta.original_chapter);
    assert_eq!(loaded.source, meta.source);
    assert_eq!(loaded.translation, meta.translation);
}

/// (4) Quote anchoring. The input is `markdown NUL quote NUL prefix NUL suffix` (missing or
/// empty prefix/suffix are `None`). Besides that anchor, a quote cut from one of the
/// paragraphs (chosen by the quote's bytes) is anchored too, so that `resolve` succeeds
/// often and `unique_prefix` gets exercised.
pub fn anchoring(data: &[u8]) {
    let s = String::from_utf8_lossy(data);
    let mut parts = s.split('\0');
    let markdown = parts.next().unwrap_or("");
    let quote = parts.next().unwrap_or("");
    let opt = |p: Option<&str>| p.filter(|p| !p.is_empty()).map(str::to_string);
    let prefix = opt(parts.next());
    let suffix = opt(parts.next());
    let paras = paragraphs(markdown);
    check_anchor(&paras, &Anchor { quote: quote.to_string(), prefix, suffix });

    if paras.is_empty() {
        return;
    }
    let b = quote.as_bytes();
    let byte = |i: usize| b.get(i).copied().map_or(0, usize::from);
    let text = &paras[byte(0) % paras.len()].text;
    let mut start = (byte(1) * 256 + byte(2)) % (text.len() + 1);
    while !text.is_char_boundary(start) {
        start -= 1;
    }
    let mut end = (start + byte(3) % 64).min(text.len());
    while !text.is_char_boundary(end) {
        end += 1;
    }
    check_anchor(&paras, &Anchor { quote: text[start..end].to_string(), prefix: None, suffix: None });
}

fn check_anchor(paras: &[gloss::model::document::Paragraph], anchor: &Anchor) {
    let Ok(span) = resolve(paras, anchor) else { return };
    assert!(span.para < paras.len(), "{span:?}");
    let text = &paras[span.para].text;
    assert!(span.start <= span.end && span.end <= text.len(), "{span:?} in {text:?}");
    assert_eq!(text.get(span.start..span.end), Some(anchor.quote.as_str()), "{span:?} in {text:?}");
    if let Some(prefix) = unique_prefix(paras, span) {
        let again = Anchor { quote: anchor.quote.clone(), prefix: Some(prefix.clone()), suffix: None };
        assert_eq!(resolve(paras, &again), Ok(span), "suggested prefix {prefix:?} does not resolve");
    }
}

/// (5) The Markdown renderer and the mention linker together. The input is
/// `aliases NUL markdown`: the first part, split at `|`, names one person per alias (so
/// shared, nested and normalisation-equal forms occur), the second is a chapter body.
/// Bodies nested too deeply are refused by the loader's check, as in a build; the rest are
/// linked, decorated and rendered. Besides panics, a bug is: a mention outside its
/// paragraph, inside a character, overlapping another or out of order; a mention in a code
/// span; a link opened inside another link in the rendered HTML.
pub fn markdown_linker(data: &[u8]) {
    use gloss::link::mentions::Linker;
    use gloss::link::{LinkedChapter, Mention};
    use gloss::load::registry::Registry;
    use gloss::load::source::{Origin, SourceFile};
    use gloss::model::{Entity, Sidecar};
    use std::sync::Arc;

    let s = String::from_utf8_lossy(data);
    let (aliases, markdown) = s.split_once('\0').unwrap_or(("", &s));
    let Ok(doc) = gloss::load::nesting::read(Path::new("x.md"), markdown, markdown, 0) else {
        return;
    };
    let file = Arc::new(SourceFile::new("x.yaml".into(), String::new()));
    let mut reg = Registry::default();
    for (i, alias) in aliases.split('|').take(64).enumerate() {
        let person = Person::named(&format!("p{i}"), &format!("Person {i}"), &[alias]);
        reg.push(Entity::Person(person), Origin { file: Arc::clone(&file), index: None });
    }
    let linker = Linker::new(&reg);
    let paragraphs = &doc.paragraphs;
    let mut mentions = Vec::new();
    for p in paragraphs {
        let mut list = Vec::new();
        let mut last_end = 0;
        for f in linker.find(&p.text) {
            assert!(f.start < f.end && f.end <= p.text.len(), "{f:?} outside {:?}", p.text);
            assert!(p.text.is_char_boundary(f.start) && p.text.is_char_boundary(f.end), "{f:?} in {:?}", p.text);
            assert!(f.start >= last_end, "{f:?} overlaps or precedes the one before, in {:?}", p.text);
            last_end = f.end;
            if p.in_code(f.start, f.end) {
                continue;
            }
            list.push(Mention { start: f.start, end: f.end, entity: f.candidates[0] });
        }
        mentions.push(list);
    }
    let readings = paragraphs.iter().map(|p| gloss::link::Reading::plain(&p.text)).collect();
    let linked = LinkedChapter { readings, mentions, ..Default::default() };
    let tera = gloss::render::markup::builtin_tera();
    let markup = gloss::render::markup::Markup::new(&tera).expect("the built-in marks compile");
    let decorated = gloss::render::decorate::decorate(&linked, &doc, &Sidecar::default(), &reg, "../", &markup);
    let html = gloss::render::markdown::render_document(&doc, &decorated.paragraphs, &markup).html;
    assert_no_nested_links(&html);
}

/// Panics if `html` opens an `<a` element while another is open.
fn assert_no_nested_links(html: &str) {
    let lower = html.to_ascii_lowercase();
    let mut depth = 0usize;
    for (i, _) in lower.match_indices('<') {
        let rest = &lower[i..];
        if rest.starts_with("<a ") || rest.starts_with("<a>") {
            assert!(depth == 0, "a link inside a link at byte {i}: {html}");
            depth += 1;
        } else if rest.starts_with("</a>") {
            depth = depth.saturating_sub(1);
        }
    }
}
