//! One page per person, event, place and glossary term: what the edition says about it,
//! and every mention of it in context, grouped by chapter, each linking to its paragraph.

use super::{chapter_url, EntityCard, Locator, Page, Site};
use crate::link::Linked;
use crate::link::Segment;
use crate::load::Content;
use crate::model::{Entity, EntityId, Kind};
use crate::render::dates::old_style;
use crate::render::graph::kwic;
use crate::render::markdown::render_fragment;
use serde::Serialize;

/// Mentions in context: a passage of the corrected reading around one mention, or around
/// several of one paragraph whose passages would overlap (each mention marked, the
/// passage given once). Each piece is cut into plain and corrected segments.
#[derive(Serialize)]
struct Snippet {
    para: usize,
    url: String,
    cut_before: bool,
    pieces: Vec<Piece>,
    cut_after: bool,
    /// Where the passage ends in the reading, and where its last mention ends (not shown).
    #[serde(skip)]
    to: usize,
    #[serde(skip)]
    last_mark_end: usize,
    /// Its paragraph (not shown).
    #[serde(skip)]
    at: (crate::model::ChapterId, crate::model::ParaId),
}

/// A piece of a passage: words around the mentions, or a mention (`mark`).
#[derive(Serialize)]
struct Piece {
    mark: bool,
    segments: Vec<Segment>,
}

#[derive(Serialize)]
struct ChapterMentions<'a> {
    title: &'a str,
    number: u32,
    url: String,
    snippets: Vec<Snippet>,
    more: Vec<Locator>,
}

#[derive(Serialize)]
struct RoleView {
    role: String,
    date: Option<String>,
}

#[derive(Serialize)]
struct Related<'a> {
    card: &'a EntityCard,
    count: usize,
}

#[derive(Serialize, Default)]
struct EntityView<'a> {
    id: &'a str,
    kind: &'static str,
    kind_detail: Option<String>,
    name: &'a str,
    sort_name: &'a str,
    summary: String,
    dates: Option<String>,
    born: Option<String>,
    died: Option<String>,
    born_os: Option<String>,
    died_os: Option<String>,
    date: Option<String>,
    date_edtf: Option<String>,
    date_approximate: bool,
    date_uncertain: bool,
    body_html: Option<String>,
    roles: Vec<RoleView>,
    wikidata: Option<&'a str>,
    coordinates: Option<(f64, f64)>,
    aliases: Vec<&'a str>,
    sources: Vec<String>,
    places: Vec<&'a EntityCard>,
    people: Vec<&'a EntityCard>,
    see_also: Vec<&'a EntityCard>,
    jsonld: String,
}

fn kind_name<T: Serialize>(k: &Option<T>) -> Option<String> {
    k.as_ref().and_then(|k| serde_json::to_value(k).ok()).and_then(|v| v.as_str().map(str::to_string))
}

/// Every entity page.
pub fn entity_pages(site: Site, sink: &super::Sink) {
    use rayon::prelude::*;
    (0..site.content.registry.len()).into_par_iter().for_each(|i| sink(entity_page(site, EntityId::new(i))));
}

fn entity_page(site: Site, i: EntityId) -> Page {
    let Site { content, linked, graph, cards, markup } = site;
    let started = std::time::Instant::now();
    let reg = &content.registry;
    let e = &reg.entities[i];
    let lookup = |ids: &[String]| -> Vec<&EntityCard> {
        ids.iter().filter_map(|id| reg.index_of(id)).map(|i| &cards[i]).collect()
    };
    {
        let mut v = EntityView {
            id: e.id(),
            kind: e.kind().noun(),
            name: e.label(),
            sort_name: e.sort_name(),
            summary: cards[i].summary.clone(),
            dates: cards[i].dates.clone(),
            aliases: e.aliases().iter().map(String::as_str).collect(),
            sources: e.sources().iter().map(|s| render_inline_source(s)).collect(),
            ..Default::default()
        };
        match e {
            Entity::Person(p) => {
                v.born = p.born.as_ref().map(|d| d.display());
                v.died = p.died.as_ref().map(|d| d.display());
                v.born_os = p.born_os.as_ref().map(|os| old_style(os, p.born.as_ref()));
                v.died_os = p.died_os.as_ref().map(|os| old_style(os, p.died.as_ref()));
                v.body_html = p.bio.as_deref().map(|t| render_fragment(t, markup));
                v.roles = p
                    .roles
                    .iter()
                    .map(|r| RoleView { role: r.role.clone(), date: r.date.as_ref().map(|d| d.display()) })
                    .collect();
                v.wikidata = p.wikidata.as_deref();
            }
            Entity::Event(ev) => {
                v.kind_detail = kind_name(&ev.kind);
                v.date = ev.date.as_ref().map(|d| d.display());
                v.date_edtf = ev.date.as_ref().map(|d| d.to_string());
                v.date_approximate = ev.date.as_ref().is_some_and(|d| d.is_approximate());
                v.date_uncertain = ev.date.as_ref().is_some_and(|d| d.is_uncertain());
                v.body_html = ev.description.as_deref().map(|t| render_fragment(t, markup));
                v.places = lookup(&ev.places);
                v.people = lookup(&ev.people);
            }
            Entity::Place(p) => {
                v.kind_detail = kind_name(&p.kind);
                v.coordinates = p.coordinates.map(|c| (c.lat, c.lon));
            }
            Entity::Term(t) => {
                v.kind_detail = kind_name(&t.kind);
                v.body_html = Some(render_fragment(&t.definition, markup));
                v.see_also = lookup(&t.see_also);
            }
        }
        v.jsonld = super::chapter::script_json(&jsonld(e, &v, &content.config.base_url_slash()));
        let (mentions, in_context) =
            mentions_by_chapter(content, linked, &graph.occurrences[i], content.config.mentions_in_context);
        let co: Vec<Related> = if e.kind() == Kind::Person {
            graph.co_mentions[i].iter().take(12).map(|&(j, n)| Related { card: &cards[j], count: n }).collect()
        } else {
            Vec::new()
        };
        let events: Vec<&EntityCard> = graph.events_of[i].iter().map(|&j| &cards[j]).collect();
        Page::new(e.url(), "entity.html", e.label())
            .with("description", &cards[i].summary)
            .with("entity", &v)
            .with("mentions", &mentions)
            .with("mention_count", &graph.occurrences[i].len())
            .with("in_context", &in_context)
            .with("co_mentioned", &co)
            .with("events", &events)
            .since(started)
    }
}

/// Sources may contain a URL after a dash ("Title — https://..."): make it a link.
fn render_inline_source(s: &str) -> String {
    let escaped = crate::render::markdown::escape(s);
    match escaped.find("https://").or_else(|| escaped.find("http://")) {
        Some(i) => {
            let (text, rest) = escaped.split_at(i);
            let end = rest.find(char::is_whitespace).unwrap_or(rest.len());
            let (url, tail) = rest.split_at(end);
            format!("{text}<a href=\"{url}\" rel=\"nofollow\">{url}</a>{tail}")
        }
        None => escaped,
    }
}

fn mentions_by_chapter<'a>(
    content: &'a Content,
    linked: &Linked,
    occ: &[crate::render::graph::Occurrence],
    limit: usize,
) -> (Vec<ChapterMentions<'a>>, usize) {
    let mut out: Vec<ChapterMentions> = Vec::new();
    // passages shown (at most `limit`) and mentions marked in them
    let (mut shown, mut marked) = (0, 0);
    // the chapter and paragraph of the last passage, which a mention inside it joins
    let mut last: Option<(crate::model::ChapterId, crate::model::ParaId)> = None;
    for o in occ {
        let ch = &content.chapters[o.chapter];
        if out.last().is_none_or(|c| c.number != ch.meta.number) {
            out.push(ChapterMentions {
                title: &ch.meta.title,
                number: ch.meta.number,
                url: chapter_url(ch),
                snippets: Vec::new(),
                more: Vec::new(),
            });
        }
        let para = &ch.doc.paragraphs[o.para];
        let reading = &linked.chapters[o.chapter].readings[o.para];
        let current = out.last_mut().expect("pushed above");
        let (from, to) = kwic(&reading.text, o.start, o.end, 70);
        let joins = last == Some((o.chapter, o.para));
        last = Some((o.chapter, o.para));
        let overlaps = joins && current.snippets.last().is_some_and(|s| from < s.to);
        if shown == limit && !overlaps {
            // past the limit: listed by paragraph, each paragraph once
            let url = format!("{}#{}", current.url, para.id);
            if !joins || current.more.last().is_none_or(|l| l.url != url) {
                current.more.push(Locator { para: para.number, url });
            }
            continue;
        }
        if !overlaps {
            shown += 1;
        }
        marked += 1;
        match current.snippets.last_mut() {
            // a mention whose passage would overlap the one before, in the same paragraph:
            // marked in that passage, which goes on to this mention's words after
            Some(s) if overlaps => {
                s.pieces.push(Piece { mark: false, segments: reading.segments(&para.text, s.last_mark_end, o.start) });
                s.pieces.push(Piece { mark: true, segments: reading.segments(&para.text, o.start, o.end) });
                s.to = to.max(s.to);
                s.cut_after = s.to < reading.text.len();
                s.last_mark_end = o.end;
            }
            _ => current.snippets.push(Snippet {
                para: para.number,
                url: format!("{}#{}", current.url, para.id),
                cut_before: from > 0,
                pieces: vec![
                    Piece { mark: false, segments: reading.segments(&para.text, from, o.start) },
                    Piece { mark: true, segments: reading.segments(&para.text, o.start, o.end) },
                ],
                cut_after: to < reading.text.len(),
                to,
                last_mark_end: o.end,
                at: (o.chapter, o.para),
            }),
        }
    }
    // the words after each passage's last mention
    for s in out.iter_mut().flat_map(|c| c.snippets.iter_mut()) {
        let (c, p) = s.at;
        let text = &content.chapters[c].doc.paragraphs[p].text;
        let after = linked.chapters[c].readings[p].segments(text, s.last_mark_end, s.to);
        s.pieces.push(Piece { mark: false, segments: after });
    }
    (out, marked)
}

/// schema.org structured data for the entity.
fn jsonld(e: &Entity, v: &EntityView, base: &str) -> serde_json::Value {
    use serde_json::json;
    let url = format!("{base}{}", e.url());
    let mut d = match e {
        Entity::Person(p) => json!({
            "@type": "Person", "name": p.name, "description": p.summary,
            "birthDate": p.born.as_ref().map(|d| d.to_string()),
            "deathDate": p.died.as_ref().map(|d| d.to_string()),
        }),
        Entity::Event(ev) => json!({
            "@type": "Event", "name": ev.title, "description": ev.summary,
            "startDate": ev.date.as_ref().and_then(|d| d.bounds().0).map(|d| d.to_string()),
            "endDate": ev.date.as_ref().and_then(|d| d.bounds().1).map(|d| d.to_string()),
            "location": v.places.iter().map(|p| json!({"@type": "Place", "name": p.name})).collect::<Vec<_>>(),
        }),
        Entity::Place(p) => json!({
            "@type": "Place", "name": p.name, "description": p.summary,
            "geo": p.coordinates.map(|c| json!({"@type": "GeoCoordinates", "latitude": c.lat, "longitude": c.lon})),
        }),
        Entity::Term(t) => json!({ "@type": "DefinedTerm", "name": t.term, "description": v.summary }),
    };
    d["@context"] = json!("https://schema.org");
    d["url"] = json!(url);
    if let Entity::Person(p) = e {
        if let Some(q) = &p.wikidata {
            d["sameAs"] = json!(format!("https://www.wikidata.org/wiki/{q}"));
        }
    }
    if let Some(obj) = d.as_object_mut() {
        obj.retain(|_, v| !v.is_null());
    }
    d
}
