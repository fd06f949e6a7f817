//! `gloss coverage`: how completely the annotations cover the names in the text (see
//! [`crate::link::coverage`]).

use super::{print_diagnostics, EXIT_OK, EXIT_USER_ERROR};
use crate::cli::Format;
use crate::link::coverage::{chapter_coverage, ChapterCoverage};
use crate::load::Paths;
use crate::model::Kind;
use serde::Serialize;
use std::collections::BTreeMap;
use std::path::PathBuf;

#[derive(Serialize)]
struct ChapterReport<'a> {
    chapter: &'a str,
    file: String,
    mentions: BTreeMap<&'static str, usize>,
    linked_percent: f64,
    #[serde(flatten)]
    coverage: ChapterCoverage,
}

/// Run `gloss coverage`.
pub fn run(root: PathBuf, format: Format, limit: usize) -> u8 {
    let paths = Paths::new(&root);
    let content = match crate::load::load(&paths) {
        Ok(c) => c,
        Err(d) => {
            print_diagnostics(&d, false);
            return EXIT_USER_ERROR;
        }
    };
    let mut diags = crate::diagnostics::Diagnostics::new();
    crate::validate::validate_registry(&content.registry, &mut diags);
    let linked = crate::link::link(&content, &mut diags);
    if diags.has_errors() {
        print_diagnostics(&diags, false);
        return EXIT_USER_ERROR;
    }
    let reports: Vec<ChapterReport> = content
        .chapters
        .iter()
        .zip(&content.sidecars)
        .zip(&linked.chapters)
        .map(|((ch, side), lc)| {
            let mut mentions: BTreeMap<&'static str, usize> = Kind::ALL.iter().map(|k| (k.noun(), 0)).collect();
            for m in lc.mentions.iter().flatten() {
                *mentions.entry(content.registry.entities[m.entity].kind().noun()).or_insert(0) += 1;
            }
            let coverage = chapter_coverage(lc, &side.sidecar.ignore);
            ChapterReport {
                chapter: &ch.meta.title,
                file: ch.path.display().to_string(),
                mentions,
                linked_percent: (coverage.linked_percent() * 10.0).round() / 10.0,
                coverage,
            }
        })
        .collect();
    match format {
        Format::Json => println!("{}", serde_json::to_string_pretty(&reports).unwrap_or_default()),
        Format::Human => {
            for r in &reports {
                let c = &r.coverage;
                println!("{} ({})", r.chapter, r.file);
                println!(
                    "  mentions linked: {} people, {} places, {} events, {} terms",
                    r.mentions["person"], r.mentions["place"], r.mentions["event"], r.mentions["term"]
                );
                println!(
                    "  capitalised name words: {}; linked {} ({:.1}% of those not ignored); ignored {}; unlinked names: {}",
                    c.name_words,
                    c.linked_words,
                    r.linked_percent,
                    c.ignored_words,
                    c.unlinked.len()
                );
                for u in c.unlinked.iter().take(limit) {
                    let paras: Vec<String> = u.paragraphs.iter().map(|p| format!("¶{p}")).collect();
                    println!("    {:<40} {}", u.text, paras.join(" "));
                }
                if c.unlinked.len() > limit {
                    println!("    … and {} more (--limit N to see more)", c.unlinked.len() - limit);
                }
                println!();
            }
            println!("Unlinked names are either missing from the registers (add an entry or an alias) or");
            println!("deliberately left unlinked (add them to `ignore:` in the chapter's sidecar).");
        }
    }
    EXIT_OK
}
