//! Linking: resolves every sidecar anchor to a place in its chapter, finds every mention of
//! every entity, applies the sidecars' overrides, and reports what an editor must resolve
//! (quotes not found or not unique, ambiguous mentions, unknown ids, entities never
//! mentioned). The result, a table of mentions and placed apparatus per chapter, is what
//! `render` weaves into the pages.

pub mod anchor;
pub mod coverage;
pub mod mentions;
pub mod reading;

use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::load::{Content, LoadedSidecar};
use crate::model::sidecar::Anchored;
use crate::model::{Chapter, EntityId};
use anchor::{resolve, AnchorError, Span};
pub use reading::{Reading, Segment};
use std::collections::{BTreeMap, HashMap};
use unicode_normalization::UnicodeNormalization;

/// A mention of an entity in a paragraph.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Mention {
    /// Byte offset of the start in the paragraph's corrected reading.
    pub start: usize,
    /// Byte offset of the end.
    pub end: usize,
    /// The entity named.
    pub entity: EntityId,
}

/// A sidecar item placed in the text.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Placed {
    /// Where, in the printed text (for emendations: the span of the `sic` reading).
    pub span: Span,
    /// Index of the item in its sidecar list.
    pub index: usize,
}

/// One chapter, linked.
#[derive(Clone, Debug, Default)]
pub struct LinkedChapter {
    /// Each paragraph's corrected reading (parallel to the document's paragraphs).
    pub readings: Vec<Reading>,
    /// Mentions per paragraph, in the corrected reading, sorted by position, not
    /// overlapping.
    pub mentions: Vec<Vec<Mention>>,
    /// Editorial notes, placed.
    pub notes: Vec<Placed>,
    /// Emendations, placed.
    pub emendations: Vec<Placed>,
    /// Footnote label → index into the sidecar's `endnotes`.
    pub endnotes: HashMap<String, usize>,
}

/// The whole edition, linked.
#[derive(Clone, Debug, Default)]
pub struct Linked {
    /// Per chapter (parallel to `Content::chapters`).
    pub chapters: Vec<LinkedChapter>,
}

/// Link the edition. Problems go to `diags`.
pub fn link(content: &Content, diags: &mut Diagnostics) -> Linked {
    let reg = &content.registry;
    let linker = mentions::Linker::new(reg);
    let mut counts: Vec<usize> = vec![0; reg.len()];
    let mut referenced = vec![false; reg.len()];
    let mut chapters = Vec::with_capacity(content.chapters.len());
    // chapters are linked in parallel; their problems and references are then gathered in
    // chapter order, so the output does not depend on scheduling
    use rayon::prelude::*;
    let results: Vec<(LinkedChapter, Diagnostics, Vec<EntityId>)> = content
        .chapters
        .par_iter()
        .zip(&content.sidecars)
        .map(|(ch, side)| {
            let mut local = Diagnostics::new();
            let mut refs = Vec::new();
            let linked = link_chapter(content, ch, side, &linker, &mut refs, &mut local);
            (linked, local, refs)
        })
        .collect();
    for (linked, local, refs) in results {
        diags.extend(local);
        for e in refs {
            referenced[e] = true;
        }
        for para in &linked.mentions {
            for m in para {
                counts[m.entity] += 1;
            }
        }
        chapters.push(linked);
    }
    // an entry another entry lists (an event's people and places, a term's see-also) is
    // part of the apparatus even where the text does not name it
    for e in &reg.entities {
        let listed: &[String] = match e {
            crate::model::Entity::Event(ev) => &[ev.people.as_slice(), ev.places.as_slice()].concat(),
            crate::model::Entity::Term(t) => &t.see_also,
            _ => &[],
        };
        for id in listed {
            if let Some(j) = reg.index_of(id) {
                referenced[j] = true;
            }
        }
    }
    for i in reg.ids() {
        let e = &reg.entities[i];
        if counts[i] == 0 && !referenced[i] {
            diags.push(reg.origins[i].diagnostic(
                Diagnostic::warning("never-mentioned", format!("{} `{}` is never mentioned in the text", e.kind().noun(), e.id()))
                    .with_hint("add the form the text uses to `aliases`, link a place with a `mentions` override in a chapter sidecar, list it in an event that the text names, or remove the entry"),
                "id",
            ));
        }
    }
    Linked { chapters }
}

fn link_chapter(
    content: &Content,
    ch: &Chapter,
    side: &LoadedSidecar,
    linker: &mentions::Linker,
    referenced: &mut Vec<EntityId>,
    diags: &mut Diagnostics,
) -> LinkedChapter {
    let reg = &content.registry;
    let paragraphs = &ch.doc.paragraphs;
    let sc = &side.sidecar;
    let src = side.source.as_ref();
    let report = |d: Diagnostic, list: &str, i: usize, field: &str| -> Diagnostic {
        match src {
            Some(f) => f.diagnostic(d, &crate::load::spans::SpanIndex::path(&format!("{list}[{i}].{field}"))),
            None => d.in_file(&ch.path),
        }
    };
    let place = |a: crate::model::sidecar::Anchor, list: &str, i: usize, diags: &mut Diagnostics| -> Option<Span> {
        match resolve(paragraphs, &a) {
            Ok(span) => Some(span),
            Err(e) => {
                diags.push(report(anchor_error(&a.quote, e), list, i, "quote"));
                None
            }
        }
    };

    // emendations first: they make the corrected reading, in which mentions are found
    let mut emendations: Vec<Placed> = Vec::new();
    for (i, e) in sc.emendations.iter().enumerate() {
        let Some(span) = place(e.anchor(), "emendations", i, diags) else { continue };
        let span = match &e.sic {
            None => span,
            Some(sic) => match e.quote.find(sic.as_str()) {
                Some(off) if !sic.is_empty() => {
                    Span { para: span.para, start: span.start + off, end: span.start + off + sic.len() }
                }
                _ => {
                    diags.push(report(
                        Diagnostic::error(
                            "sic-not-in-quote",
                            format!("the reading `{sic}` does not occur in the quote"),
                        )
                        .with_hint("`sic` is the erroneous words, copied exactly from inside `quote`"),
                        "emendations",
                        i,
                        "sic",
                    ));
                    continue;
                }
            },
        };
        if let Some(other) =
            emendations.iter().find(|o| o.span.para == span.para && o.span.start < span.end && span.start < o.span.end)
        {
            diags.push(report(
                Diagnostic::error(
                    "overlapping-emendations",
                    format!("this emendation overlaps emendation {}", other.index + 1),
                )
                .with_hint("merge the two corrections into one"),
                "emendations",
                i,
                "quote",
            ));
            continue;
        }
        emendations.push(Placed { span, index: i });
    }
    let readings: Vec<Reading> = paragraphs
        .iter()
        .enumerate()
        .map(|(p, para)| {
            let mut spans: Vec<(usize, usize, &str, usize)> = emendations
                .iter()
                .filter(|e| e.span.para == p)
                .map(|e| (e.span.start, e.span.end, sc.emendations[e.index].corr.as_str(), e.index))
                .collect();
            if spans.is_empty() {
                return Reading::plain(&para.text);
            }
            spans.sort_unstable();
            Reading::new(&para.text, &spans)
        })
        .collect();

    // automatic mentions, in the corrected reading (a name in a code span is not one)
    let mut found: Vec<Vec<mentions::Found>> = readings
        .iter()
        .zip(paragraphs)
        .map(|(r, p)| {
            let mut fs = linker.find(&r.text);
            fs.retain(|f| !p.in_code(r.to_printed(f.start, false), r.to_printed(f.end, true)));
            fs
        })
        .collect();

    // overrides (anchored in the printed text)
    let mut forced: Vec<Vec<Mention>> = vec![Vec::new(); paragraphs.len()];
    for (i, o) in sc.mentions.iter().enumerate() {
        let Some(span) = place(o.anchor(), "mentions", i, diags) else { continue };
        let r = &readings[span.para];
        let (start, end) = (r.from_printed(span.start, false), r.from_printed(span.end, true));
        found[span.para].retain(|f| f.end <= start || f.start >= end);
        if let Some(id) = &o.id {
            match reg.index_of(id) {
                Some(e) => forced[span.para].push(Mention { start, end, entity: e }),
                None => diags.push(report(
                    Diagnostic::error("unknown-id", format!("there is no entry with id `{id}`"))
                        .with_hint(suggest_any(reg, id)),
                    "mentions",
                    i,
                    "id",
                )),
            }
        }
    }

    // ambiguous forms left unresolved, grouped by form
    let mut ambiguous: BTreeMap<String, Unresolved> = BTreeMap::new();
    let mut mentions: Vec<Vec<Mention>> = Vec::with_capacity(paragraphs.len());
    for (p, (fs, forced)) in found.into_iter().zip(forced).enumerate() {
        let mut list = forced;
        for f in fs {
            if f.candidates.len() == 1 {
                list.push(Mention { start: f.start, end: f.end, entity: f.candidates[0] });
            } else {
                // grouped in normal form C: composed and decomposed spellings are one form
                let form: String = readings[p].text[f.start..f.end].nfc().collect();
                let entry = ambiguous.entry(form).or_insert_with(|| (f.candidates.clone(), Vec::new()));
                entry.1.push((p, Span { para: p, start: f.start, end: f.end }));
            }
        }
        list.sort_by_key(|m| (m.start, m.end));
        mentions.push(list);
    }
    for (form, (cands, places)) in ambiguous {
        diags.push(ambiguity(content, ch, &readings, &form, &cands, &places));
    }

    // editorial notes
    let mut notes = Vec::new();
    for (i, n) in sc.notes.iter().enumerate() {
        if let Some(span) = place(n.anchor(), "notes", i, diags) {
            notes.push(Placed { span, index: i });
        }
    }

    // endnotes
    let labels: std::collections::HashSet<&str> = ch.doc.note_labels.iter().map(String::as_str).collect();
    let mut endnotes = HashMap::new();
    for (i, item) in sc.endnotes.iter().enumerate() {
        if !labels.contains(item.number.as_str()) {
            diags.push(report(
                Diagnostic::error("unknown-endnote", format!("the chapter has no endnote `{}`", item.number)).with_hint(
                    "use the note's number as printed; for the second note with the same number, use its label such as `25-2`",
                ),
                "endnotes",
                i,
                "number",
            ));
            continue;
        }
        if endnotes.insert(item.number.clone(), i).is_some() {
            diags.push(report(
                Diagnostic::error("duplicate-endnote", format!("endnote `{}` is given twice", item.number))
                    .with_hint("merge the two items"),
                "endnotes",
                i,
                "number",
            ));
        }
        if let Some(id) = &item.about {
            match reg.index_of(id) {
                Some(e) => referenced.push(e),
                None => diags.push(report(
                    Diagnostic::error("unknown-id", format!("there is no entry with id `{id}`"))
                        .with_hint(suggest_any(reg, id)),
                    "endnotes",
                    i,
                    "about",
                )),
            }
        }
    }
    LinkedChapter { readings, mentions, notes, emendations, endnotes }
}

/// An ambiguous form: its candidate entities and where it occurs unresolved.
type Unresolved = (Vec<EntityId>, Vec<(usize, Span)>);

fn anchor_error(quote: &str, e: AnchorError) -> Diagnostic {
    match e {
        AnchorError::Empty => {
            Diagnostic::error("empty-quote", "the quote is empty").with_hint("copy the exact words the item is about")
        }
        AnchorError::NotFound { near } => Diagnostic::error(
            "quote-not-found",
            format!("the quote “{quote}” is not in the chapter"),
        )
        .with_hint(match near {
            Some(n) => format!("{n}: copy the words exactly as printed"),
            None => "copy the words exactly as printed, from a single paragraph, without endnote numbers".into(),
        }),
        AnchorError::Ambiguous { paragraphs } => Diagnostic::error(
            "quote-not-unique",
            format!("the quote “{quote}” occurs {} times (paragraphs {})", paragraphs.len(), join(&paragraphs)),
        )
        .with_hint("add `prefix:` (the words just before) or `suffix:` (the words just after) to pick one"),
    }
}

fn join(ns: &[usize]) -> String {
    ns.iter().map(usize::to_string).collect::<Vec<_>>().join(", ")
}

fn suggest_any(reg: &crate::load::registry::Registry, id: &str) -> String {
    reg.suggest(id, None)
}

/// A warning for a form that names several entities, with every place it occurs and a
/// ready-to-paste override for the first.
fn ambiguity(
    content: &Content,
    ch: &Chapter,
    readings: &[Reading],
    form: &str,
    cands: &[EntityId],
    places: &[(usize, Span)],
) -> Diagnostic {
    let reg = &content.registry;
    let names: Vec<String> =
        cands.iter().map(|&c| format!("`{}` ({})", reg.entities[c].id(), reg.entities[c].label())).collect();
    let where_: Vec<String> = places.iter().map(|(p, _)| format!("¶{}", p + 1)).collect();
    let (p0, span0) = places[0];
    let r = &readings[p0];
    let printed = Span { para: p0, start: r.to_printed(span0.start, false), end: r.to_printed(span0.end, true) };
    let paras = &ch.doc.paragraphs;
    let prefix = anchor::unique_prefix(paras, printed);
    // the quote as the text prints it (the form is in normal form C)
    let quote = &paras[p0].text[printed.start..printed.end];
    let example = match prefix {
        Some(pre) => format!(
            "mentions: [{{quote: {quote:?}, prefix: {pre:?}, id: {}}}]",
            cands.first().map_or("...", |&c| reg.entities[c].id())
        ),
        None => format!("mentions: [{{quote: {quote:?}, prefix: \"...\", id: ...}}]"),
    };
    let d = Diagnostic::warning(
        "ambiguous-mention",
        format!(
            "“{form}” could name {}; it occurs {} time(s) unresolved, at {}",
            names.join(" or "),
            places.len(),
            where_.join(", ")
        ),
    )
    .with_hint(format!("say which one in {} for each place, e.g. {example}", ch.path.with_extension("yaml").display()));
    // the place in the chapter file, from the document's map of the text to the source
    let at = ch.doc.source_offset(p0, printed.start);
    ch.locate(d, at)
}
