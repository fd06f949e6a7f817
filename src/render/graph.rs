//! The site graph, computed once from the linked edition: where each entity occurs
//! (chapter, paragraph, position), who is mentioned together with whom, which events
//! involve which people and places. Entity pages, indexes and the timeline read it.

use crate::link::Linked;
use crate::load::Content;
use crate::model::{ChapterId, Entity, EntityId, Kind, ParaId};
use std::collections::HashMap;

/// One occurrence of an entity in the text.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Occurrence {
    /// The chapter.
    pub chapter: ChapterId,
    /// The paragraph, within the chapter.
    pub para: ParaId,
    /// Byte range in the paragraph's corrected reading.
    pub start: usize,
    /// End of the range.
    pub end: usize,
}

/// Derived relations between entities and the text.
pub struct Graph {
    /// Occurrences of each entity (parallel to the registry), in text order.
    pub occurrences: Vec<Vec<Occurrence>>,
    /// For each person, other people mentioned in the same paragraphs, with the number of
    /// shared paragraphs, most frequent first.
    pub co_mentions: Vec<Vec<(EntityId, usize)>>,
    /// For each entity, the events that list it (as a participant or a place).
    pub events_of: Vec<Vec<EntityId>>,
    /// For each chapter, the events mentioned in it, in date order.
    pub chapter_events: Vec<Vec<EntityId>>,
}

impl Graph {
    /// Build the graph.
    pub fn new(content: &Content, linked: &Linked) -> Graph {
        let reg = &content.registry;
        let n = reg.len();
        let mut occurrences = vec![Vec::new(); n];
        let mut pair_counts: Vec<HashMap<EntityId, usize>> = vec![HashMap::new(); n];
        let mut chapter_events = Vec::with_capacity(linked.chapters.len());
        for (c, ch) in ChapterId::all(linked.chapters.len()).zip(&linked.chapters) {
            let mut events_here = Vec::new();
            for (p, mentions) in ParaId::all(ch.mentions.len()).zip(&ch.mentions) {
                let mut people_here: Vec<EntityId> = Vec::new();
                for m in mentions {
                    occurrences[m.entity].push(Occurrence { chapter: c, para: p, start: m.start, end: m.end });
                    match reg.entities[m.entity].kind() {
                        Kind::Person => people_here.push(m.entity),
                        Kind::Event => events_here.push(m.entity),
                        _ => {}
                    }
                }
                people_here.sort_unstable();
                people_here.dedup();
                for (i, &a) in people_here.iter().enumerate() {
                    for &b in &people_here[i + 1..] {
                        *pair_counts[a].entry(b).or_insert(0) += 1;
                        *pair_counts[b].entry(a).or_insert(0) += 1;
                    }
                }
            }
            events_here.sort_unstable();
            events_here.dedup();
            events_here.sort_by_key(|&e| event_sort_key(&reg.entities[e]));
            chapter_events.push(events_here);
        }
        let co_mentions = pair_counts
            .into_iter()
            .map(|m| {
                let mut v: Vec<(EntityId, usize)> = m.into_iter().collect();
                v.sort_by(|a, b| b.1.cmp(&a.1).then(reg.entities[a.0].sort_name().cmp(reg.entities[b.0].sort_name())));
                v
            })
            .collect();
        let mut events_of = vec![Vec::new(); n];
        for i in reg.ids() {
            if let Entity::Event(ev) = &reg.entities[i] {
                for id in ev.people.iter().chain(&ev.places) {
                    if let Some(j) = reg.index_of(id) {
                        events_of[j].push(i);
                    }
                }
            }
        }
        for list in &mut events_of {
            list.sort_by_key(|&e| event_sort_key(&reg.entities[e]));
            list.dedup();
        }
        Graph { occurrences, co_mentions, events_of, chapter_events }
    }
}

/// Sort key of an event: its date bounds (undated last), then its title.
pub fn event_sort_key(e: &Entity) -> (i64, i64, String) {
    match e {
        Entity::Event(ev) => {
            let (a, b) = ev.date.as_ref().map_or((i64::MAX, i64::MAX), |d| d.sort_key());
            (a, b, ev.title.clone())
        }
        _ => (i64::MAX, i64::MAX, e.label().to_string()),
    }
}

/// A keyword-in-context window around `start..end` of `text`: about `width` characters
/// either side, cut at word boundaries, as the byte range (from, to) to show.
pub fn kwic(text: &str, start: usize, end: usize, width: usize) -> (usize, usize) {
    let mut from = text[..start].char_indices().rev().nth(width.saturating_sub(1)).map_or(0, |(i, _)| i);
    if from > 0 {
        if let Some(i) = text[from..start].find(' ') {
            from += i + 1;
        }
    }
    let mut to = text[end..].char_indices().nth(width).map_or(text.len(), |(i, _)| end + i);
    if to < text.len() {
        if let Some(i) = text[end..to].rfind(' ') {
            to = end + i;
        }
    }
    (from, to)
}

#[cfg(test)]
mod tests {
    #[test]
    fn kwic_cuts_at_words() {
        let t = "one two three Trotsky four five six";
        let s = t.find("Trotsky").unwrap();
        let (from, to) = super::kwic(t, s, s + 7, 9);
        assert_eq!(&t[from..to], "three Trotsky four");
        assert_eq!(super::kwic(t, s, s + 7, 100), (0, t.len()));
    }
}
