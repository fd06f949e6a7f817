//! Validation of the registers: ids are slugs and unique across the edition, references
//! name existing entries of the right kind, dates are coherent, required lists are not
//! empty, text fields are not over their size limit ([`FIELD_LIMITS`]), and no alias is a
//! form that would link half the text (a common word, one character, punctuation).
//! Problems point at the exact value in the YAML file.
//!
//! (Syntax, types, unknown and missing fields and invalid EDTF dates are caught earlier,
//! while loading; quotes and mentions are checked by `link`.)

use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::load::registry::Registry;
use crate::model::edtf::{Date3, Edtf};
use crate::model::slug::{is_slug, slugify};
use crate::model::{Entity, EntityId, Kind};
use std::collections::HashMap;

/// Check the registry; problems go to `diags`.
pub fn validate_registry(reg: &Registry, diags: &mut Diagnostics) {
    let mut first_seen: HashMap<&str, EntityId> = HashMap::new();
    for i in reg.ids() {
        let entity = &reg.entities[i];
        let origin = &reg.origins[i];
        let id = entity.id();
        if !is_slug(id) {
            diags.push(
                origin.diagnostic(
                    Diagnostic::error("bad-id", format!("`{id}` is not a valid id")).with_hint(format!(
                        "ids are lowercase letters, digits and single hyphens, e.g. `{}`",
                        slugify(id)
                    )),
                    "id",
                ),
            );
        }
        if let Some(&j) = first_seen.get(id) {
            let other = &reg.origins[j];
            let first = other.diagnostic(Diagnostic::error("x", ""), "id");
            let at = match (&first.file, first.location) {
                (Some(f), Some(l)) => format!("{}:{}:{}", f.display(), l.line, l.column),
                (Some(f), None) => f.display().to_string(),
                _ => String::new(),
            };
            diags.push(origin.diagnostic(
                Diagnostic::error("duplicate-id", format!("the id `{id}` is used twice")).with_hint(format!(
                    "it is first used by the {} at {at}; ids must be unique across the edition",
                    reg.entities[j].kind().noun()
                )),
                "id",
            ));
        } else {
            first_seen.insert(id, i);
        }
        if entity.sources().is_empty() {
            diags.push(
                origin.diagnostic(
                    Diagnostic::error("no-sources", format!("`{id}` names no sources"))
                        .with_hint("list where the facts come from under `sources:` (at least one)"),
                    "sources",
                ),
            );
        }
        for (k, alias) in entity.aliases().iter().enumerate() {
            if alias.trim().is_empty() {
                diags.push(origin.diagnostic(
                    Diagnostic::error("empty-alias", "an alias is empty").with_hint("remove it"),
                    &format!("aliases[{k}]"),
                ));
            } else if let Some(why) = too_common(alias) {
                diags.push(origin.diagnostic(
                    Diagnostic::warning("common-alias", format!("the alias `{}` is {why}", alias.trim())).with_hint(
                        "an alias is linked wherever it occurs as a word, so this one would link words that do not name this entry; remove it, and link the places meant with a `mentions` override in the chapter's sidecar",
                    ),
                    &format!("aliases[{k}]"),
                ));
            }
        }
        check_sizes(entity, origin, diags);
        check_entity(reg, entity, origin, diags);
    }
}

/// Common English words that are never a good alias: each would be linked all over the text.
const STOP_WORDS: &[&str] = &[
    "a", "about", "after", "all", "an", "and", "are", "as", "at", "be", "but", "by", "for", "from", "had", "has",
    "have", "he", "her", "him", "his", "i", "if", "in", "is", "it", "its", "me", "my", "no", "not", "of", "on", "one",
    "or", "our", "she", "so", "that", "the", "their", "them", "then", "there", "these", "they", "this", "those", "to",
    "up", "us", "was", "we", "were", "what", "when", "which", "who", "will", "with", "would", "you", "your",
];

/// Why an alias would link words that are not this entry, if it would.
fn too_common(alias: &str) -> Option<&'static str> {
    let alias = alias.trim();
    if !alias.chars().any(char::is_alphanumeric) {
        Some("only punctuation")
    } else if alias.chars().count() == 1 {
        Some("a single character")
    } else if STOP_WORDS.contains(&alias.to_lowercase().as_str()) {
        Some("a common English word")
    } else {
        None
    }
}

/// The most bytes accepted in each free-text field of a register entry. A `summary` is one
/// line shown in popovers and on every page that mentions the entry, so it is kept short;
/// the longer texts are pages of their own. (One-line values are also bounded while the
/// YAML is read, by `crate::load::yaml::MAX_LINE_BYTES`.)
pub const FIELD_LIMITS: &[(&str, usize)] =
    &[("summary", 10_000), ("bio", 1 << 20), ("description", 1 << 20), ("definition", 1 << 20)];

/// The free-text fields of an entry, by name.
fn text_fields(entity: &Entity) -> Vec<(&'static str, &str)> {
    match entity {
        Entity::Person(p) => vec![("summary", p.summary.as_str()), ("bio", p.bio.as_deref().unwrap_or(""))],
        Entity::Event(e) => {
            vec![("summary", e.summary.as_str()), ("description", e.description.as_deref().unwrap_or(""))]
        }
        Entity::Place(p) => vec![("summary", p.summary.as_str())],
        Entity::Term(t) => vec![("definition", t.definition.as_str())],
    }
}

/// Refuse text fields over their limit in [`FIELD_LIMITS`].
fn check_sizes(entity: &Entity, origin: &crate::load::source::Origin, diags: &mut Diagnostics) {
    for (field, text) in text_fields(entity) {
        let limit = FIELD_LIMITS.iter().find(|(f, _)| *f == field).map_or(usize::MAX, |(_, n)| *n);
        if text.len() > limit {
            diags.push(
                origin.diagnostic(
                    Diagnostic::error(
                        "field-too-long",
                        format!("`{field}` is {} bytes long; at most {limit} are accepted", text.len()),
                    )
                    .with_hint(if field == "summary" {
                        "a summary is one line shown in popovers; put the rest in `bio`"
                    } else {
                        "shorten it; a text this long belongs in a chapter or a page of its own"
                    }),
                    field,
                ),
            );
        }
    }
}

fn check_entity(reg: &Registry, entity: &Entity, origin: &crate::load::source::Origin, diags: &mut Diagnostics) {
    match entity {
        Entity::Person(p) => {
            if p.summary.contains('\n') {
                diags.push(
                    origin.diagnostic(
                        Diagnostic::warning("long-summary", "the summary spans several lines")
                            .with_hint("a summary is one line shown in popovers; put the rest in `bio`"),
                        "summary",
                    ),
                );
            }
            if let Some(q) = &p.wikidata {
                if !(q.starts_with('Q')
                    && q.len() > 1
                    && q[1..].bytes().all(|b| b.is_ascii_digit())
                    && !q[1..].starts_with('0'))
                {
                    diags.push(
                        origin.diagnostic(
                            Diagnostic::error("bad-wikidata", format!("`{q}` is not a Wikidata item id"))
                                .with_hint("a Wikidata id is Q followed by digits, e.g. Q33391"),
                            "wikidata",
                        ),
                    );
                }
            }
            check_old_style(origin, p.born.as_ref(), p.born_os.as_ref(), "born", diags);
            check_old_style(origin, p.died.as_ref(), p.died_os.as_ref(), "died", diags);
            if let (Some(b), Some(d)) = (&p.born, &p.died) {
                if let ((Some(born), _), (_, Some(died))) = (b.bounds(), d.bounds()) {
                    if born > died {
                        diags.push(
                            origin.diagnostic(
                                Diagnostic::error(
                                    "died-before-born",
                                    format!("`{}` died ({d}) before being born ({b})", p.id),
                                )
                                .with_hint("check both dates"),
                                "died",
                            ),
                        );
                    }
                }
            }
        }
        Entity::Event(e) => {
            check_refs(reg, origin, &e.places, "places", Kind::Place, diags);
            check_refs(reg, origin, &e.people, "people", Kind::Person, diags);
        }
        Entity::Place(p) => {
            if let Some(c) = p.coordinates {
                if !(-90.0..=90.0).contains(&c.lat) || !(-180.0..=180.0).contains(&c.lon) {
                    diags.push(
                        origin.diagnostic(
                            Diagnostic::error(
                                "bad-coordinates",
                                format!("coordinates {}, {} are out of range", c.lat, c.lon),
                            )
                            .with_hint("latitude is −90 to 90, longitude −180 to 180, in decimal degrees"),
                            "coordinates",
                        ),
                    );
                }
            }
        }
        Entity::Term(t) => check_refs(reg, origin, &t.see_also, "see_also", Kind::Term, diags),
    }
}

/// The day Russia adopted the Gregorian calendar: 1 February 1918 Old Style was followed
/// by 14 February New Style, so no Old Style date can be given from this day on.
const GREGORIAN_IN_RUSSIA: Date3 = Date3 { year: 1918, month: 2, day: 14 };

/// The one day a date can be, if it is a single day (not a span, a month or a year).
fn single_day(date: &Edtf) -> Option<Date3> {
    match date.bounds() {
        (Some(first), Some(last)) if first == last && !date.is_interval() => Some(first),
        _ => None,
    }
}

/// Julian Day Number of a day in the Gregorian (`julian == false`) or the Julian calendar.
fn julian_day_number(d: Date3, julian: bool) -> i64 {
    let (year, month, day) = (i64::from(d.year), i64::from(d.month), i64::from(d.day));
    let a = (14 - month) / 12;
    let y = year + 4800 - a;
    let m = month + 12 * a - 3;
    let common = day + (153 * m + 2) / 5 + 365 * y + y.div_euclid(4);
    if julian {
        common - 32083
    } else {
        common - y.div_euclid(100) + y.div_euclid(400) - 32045
    }
}

/// The Julian-calendar day with this Julian Day Number.
fn julian_calendar_day(jdn: i64) -> Date3 {
    let c = jdn + 32082;
    let d = (4 * c + 3).div_euclid(1461);
    let e = c - (1461 * d).div_euclid(4);
    let m = (5 * e + 2).div_euclid(153);
    let day = e - (153 * m + 2).div_euclid(5) + 1;
    let month = m + 3 - 12 * (m / 10);
    let year = d - 4800 + m / 10;
    // Within the range of `i32` years, as the Gregorian day it comes from.
    Date3 { year: year as i32, month: month as u8, day: day as u8 }
}

/// An Old Style (Julian) date beside its Gregorian one: both single days, before
/// 14 February 1918, and the same day in the two calendars (12 days apart in the
/// nineteenth century, 13 from 1 March 1900 Old Style).
fn check_old_style(
    origin: &crate::load::source::Origin,
    gregorian: Option<&Edtf>,
    old_style: Option<&Edtf>,
    field: &str,
    diags: &mut Diagnostics,
) {
    let Some(os) = old_style else { return };
    let os_field = format!("{field}_os");
    let Some(g) = gregorian else {
        diags.push(origin.diagnostic(
            Diagnostic::error("old-style-alone", format!("`{os_field}` is given without `{field}`")).with_hint(
                format!("give the Gregorian date in `{field}` too; `{os_field}` only adds the Old Style one"),
            ),
            &os_field,
        ));
        return;
    };
    let Some(os_day) = single_day(os) else {
        diags.push(
            origin.diagnostic(
                Diagnostic::error("old-style-not-a-day", format!("`{os_field}` ({os}) is not a single day"))
                    .with_hint("an Old Style date is recorded only when the sources give the day, e.g. `1886-02-15`"),
                &os_field,
            ),
        );
        return;
    };
    let Some(g_day) = single_day(g) else {
        diags.push(
            origin.diagnostic(
                Diagnostic::error(
                    "old-style-not-a-day",
                    format!("`{field}` ({g}) is not a single day, but `{os_field}` is given"),
                )
                .with_hint(format!("give the Gregorian day in `{field}`, or leave `{os_field}` out")),
                field,
            ),
        );
        return;
    };
    if g_day >= GREGORIAN_IN_RUSSIA {
        diags.push(origin.diagnostic(
            Diagnostic::error(
                "old-style-after-1918",
                format!("`{os_field}` is given for {}, after Russia adopted the Gregorian calendar", g.display()),
            )
            .with_hint(format!(
                "the Julian calendar ended in Russia on 31 January 1918 Old Style (13 February New Style); remove `{os_field}`"
            )),
            &os_field,
        ));
        return;
    }
    let jdn = julian_day_number(g_day, false);
    let gap = jdn - julian_day_number(os_day, false);
    if julian_day_number(os_day, true) != jdn {
        let expected = julian_calendar_day(jdn);
        let expected_gap = jdn - julian_day_number(expected, false);
        diags.push(origin.diagnostic(
            Diagnostic::error(
                "old-style-mismatch",
                format!(
                    "`{os_field}` ({os}) is {gap} days before `{field}` ({g}), not {expected_gap}: they are not the same day"
                ),
            )
            .with_hint(format!(
                "{} (Gregorian) is {expected} Old Style; if the sources give {os_day} Old Style, the Gregorian date is {}",
                g.display(),
                gregorian_of_julian(os_day)
            )),
            &os_field,
        ));
    }
}

/// The Gregorian day of a Julian-calendar day.
fn gregorian_of_julian(d: Date3) -> Date3 {
    let jdn = julian_day_number(d, true);
    // Proleptic Gregorian from a Julian Day Number (Richards' algorithm).
    let f = jdn + 1401 + ((4 * jdn + 274_277).div_euclid(146_097) * 3).div_euclid(4) - 38;
    let e = 4 * f + 3;
    let g = e.rem_euclid(1461).div_euclid(4);
    let h = 5 * g + 2;
    let day = h.rem_euclid(153).div_euclid(5) + 1;
    let month = (h.div_euclid(153) + 2).rem_euclid(12) + 1;
    let year = e.div_euclid(1461) - 4716 + (12 + 2 - month).div_euclid(12);
    Date3 { year: year as i32, month: month as u8, day: day as u8 }
}

fn check_refs(
    reg: &Registry,
    origin: &crate::load::source::Origin,
    ids: &[String],
    field: &str,
    kind: Kind,
    diags: &mut Diagnostics,
) {
    for (k, id) in ids.iter().enumerate() {
        match reg.get(id) {
            Some(e) if e.kind() == kind => {}
            Some(e) => diags.push(
                origin.diagnostic(
                    Diagnostic::error("wrong-kind", format!("`{id}` is a {}, not a {}", e.kind().noun(), kind.noun()))
                        .with_hint(format!("`{field}` lists {} ids", kind.noun())),
                    &format!("{field}[{k}]"),
                ),
            ),
            None => diags.push(
                origin.diagnostic(
                    Diagnostic::error("unknown-id", format!("there is no {} with id `{id}`", kind.noun()))
                        .with_hint(suggest(reg, id, kind)),
                    &format!("{field}[{k}]"),
                ),
            ),
        }
    }
}

/// Whether a citation is of the edition's own chapters (the guide's form ends
/// "(chapter N of this edition)").
pub fn cites_the_chapters(source: &str) -> bool {
    source.contains("of this edition)")
}

/// Dates that only the edition's own chapters could support: for a person or event whose
/// sources are all the edition's chapters, every year of `born`, `died` and `date` must be
/// in the chapters' text (their notes included). Otherwise the date came from somewhere
/// the entry does not cite: a warning at the date.
pub fn check_dates_supported(content: &crate::load::Content, diags: &mut Diagnostics) {
    let reg = &content.registry;
    // the four-digit numbers of the chapters, gathered only if an entry needs them
    let years_in_text = std::sync::OnceLock::<std::collections::HashSet<&str>>::new();
    let years = || {
        years_in_text.get_or_init(|| {
            content
                .chapters
                .iter()
                .flat_map(|c| c.body.split(|ch: char| !ch.is_ascii_digit()))
                .filter(|w| w.len() == 4)
                .collect()
        })
    };
    for i in reg.ids() {
        let e = &reg.entities[i];
        if e.sources().is_empty() || !e.sources().iter().all(|s| cites_the_chapters(s)) {
            continue;
        }
        let dates: Vec<(&str, &Edtf)> = match e {
            Entity::Person(p) => [("born", &p.born), ("died", &p.died)]
                .into_iter()
                .filter_map(|(f, d)| d.as_ref().map(|d| (f, d)))
                .collect(),
            Entity::Event(ev) => ev.date.iter().map(|d| ("date", d)).collect(),
            _ => continue,
        };
        for (field, date) in dates {
            let (lo, hi) = date.bounds();
            let years_of_date: Vec<String> = [lo, hi].into_iter().flatten().map(|d| format!("{:04}", d.year)).collect();
            if let Some(missing) = years_of_date.iter().find(|y| !years().contains(y.as_str())) {
                diags.push(reg.origins[i].diagnostic(
                    Diagnostic::warning(
                        "date-not-in-sources",
                        format!(
                            "`{}` cites only the edition's chapters, but its `{field}` ({missing}) is not in them",
                            e.id()
                        ),
                    )
                    .with_hint("add to `sources` the work that gives this date (see “Sources and facts” in the guide), or remove the date"),
                    field,
                ));
            }
        }
    }
}

/// A hint for an unknown id: the closest id of that kind, or where to add the entry.
pub fn suggest(reg: &Registry, id: &str, kind: Kind) -> String {
    reg.suggest(id, Some(kind))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(year: i32, month: u8, day: u8) -> Date3 {
        Date3 { year, month, day }
    }

    #[test]
    fn julian_and_gregorian_days() {
        // Trotsky: 26 October 1879 Old Style is 7 November 1879.
        assert_eq!(gregorian_of_julian(day(1879, 10, 26)), day(1879, 11, 7));
        assert_eq!(julian_calendar_day(julian_day_number(day(1879, 11, 7), false)), day(1879, 10, 26));
        // Julian 29 February 1900 exists: it is 13 March 1900 Gregorian, and 1 March is the 14th.
        assert_eq!(gregorian_of_julian(day(1900, 2, 28)), day(1900, 3, 12));
        assert_eq!(gregorian_of_julian(day(1900, 3, 1)), day(1900, 3, 14));
        // The last Julian day in Russia, 31 January 1918, was 13 February.
        assert_eq!(gregorian_of_julian(day(1918, 1, 31)), day(1918, 2, 13));
        // Preobrazhensky and Piatakov (issue 16).
        assert_eq!(gregorian_of_julian(day(1886, 2, 15)), day(1886, 2, 27));
        assert_eq!(gregorian_of_julian(day(1890, 8, 6)), day(1890, 8, 18));
        // Around the year change.
        assert_eq!(gregorian_of_julian(day(1890, 12, 25)), day(1891, 1, 6));
        assert_eq!(julian_calendar_day(julian_day_number(day(1891, 1, 6), false)), day(1890, 12, 25));
    }
}
