//! Source positions of the values in a YAML document, looked up by path.
//!
//! Annotation files are deserialised with `serde_yaml`, which reports a
//! position only for syntax and type errors. Semantic errors found later
//! (a duplicate id, an unknown reference, an invalid date, ...) still need to
//! point at the offending value, so this module builds a [`SpanIndex`] of the
//! document from the parse events of the `saphyr-parser` crate and answers
//! "where is `[3].aliases[2]`?" with a line and column.
//!
//! ```text
//! let index = SpanIndex::new(text).unwrap_or_default();
//! let pos = index.best(&SpanIndex::path("[3].roles[0].date"));
//! eprintln!("{}:{}:{}: invalid date", file, pos.line, pos.column);
//! ```
//!
//! What is indexed, and how:
//!
//! * Only the first document of the text is indexed; the rest of the stream is
//!   still parsed, so that [`SpanIndex::new`] returns `None` for any text that
//!   is not well-formed YAML.
//! * Block and flow collections, every scalar style, comments, `---`, tags and
//!   anchors. A scalar's position is its first character: after its anchor and
//!   tag, after an opening quote, and for a literal (`|`) or folded (`>`)
//!   scalar the first character of its content (the indicator itself when
//!   the content is empty). A block mapping starts at its first key, a block
//!   sequence at its first `-`, a flow collection at its `[` or `{`. An empty
//!   (null) value such as `name:` is placed right after its key.
//! * Mapping keys are matched by their scalar text, so `1: x` is found with
//!   `Seg::Key("1".into())` and `"a b": x` with `Seg::Key("a b".into())`. An
//!   alias used as a key takes the text of the scalar it refers to. Keys that
//!   are collections cannot be addressed and are skipped. Of duplicate keys
//!   the first one is kept.
//! * An alias (`*name`) is indexed as a value at the position of the `*`, and
//!   is never expanded: a path that continues through an alias is not found
//!   (so [`SpanIndex::best`] points at the alias). Merge keys (`<<`) are
//!   ordinary keys here.
//! * Nothing is recursive, so a deeply nested document cannot overflow the
//!   stack. `saphyr-parser` itself rejects flow collections nested more than
//!   255 levels deep, for which [`SpanIndex::new`] returns `None` (as
//!   `serde_yaml` fails on those too); block nesting has no limit.
//! * Lines are counted at `\n`, `\r\n` and a lone `\r`; columns count
//!   characters (not bytes) from 1; a byte-order mark at the start of the text
//!   takes no column; offsets are byte offsets into the text as given.
//! * The parser is run under [`std::panic::catch_unwind`], so a bug in it
//!   turns into `None` rather than a crash (with the default hook the panic
//!   message is still printed).

use std::collections::HashMap;

use saphyr_parser::{Event, Parser, ScalarStyle, Span};

/// One step of a path into a YAML document.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Seg {
    /// The value of a mapping entry, by the scalar text of its key.
    Key(String),
    /// An item of a sequence, counted from 0.
    Index(usize),
}

/// A position in the source text.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Pos {
    /// Line number, from 1.
    pub line: usize,
    /// Column, in characters, from 1.
    pub column: usize,
    /// Byte offset from the start of the text.
    pub offset: usize,
}

/// The start of the text: line 1, column 1.
const START: Pos = Pos { line: 1, column: 1, offset: 0 };

/// A link from a collection node to one of its children.
#[derive(Clone, Debug)]
struct Child {
    /// Index of the child in `SpanIndex::nodes`.
    node: usize,
    /// Position of the key, for a mapping entry.
    key: Option<Pos>,
}

/// Positions of the values (and keys) of a YAML document, by path.
#[derive(Clone, Debug, Default)]
pub struct SpanIndex {
    /// Start of every node's value, in document order; node 0 is the root.
    nodes: Vec<Pos>,
    /// `(parent node, segment)` to the child node.
    children: HashMap<(usize, Seg), Child>,
}

impl SpanIndex {
    /// Index the first document of `text`. Returns `None` if the text is not well-formed YAML (`serde_yaml` reports those errors).
    ///
    /// An empty text (or one of only comments) gives an empty index. Flow
    /// collections nested more than 255 levels deep are rejected by the
    /// parser, so such a text gives `None` too.
    #[must_use]
    pub fn new(text: &str) -> Option<SpanIndex> {
        std::panic::catch_unwind(|| build(text)).ok().flatten()
    }

    /// Position where the value at `path` starts (for a scalar: its first character, not the quote; for a mapping/sequence: its first key/item, or the `[`/`{`).
    ///
    /// The empty path gives the document's root value. `None` if there is no
    /// value at `path`.
    #[must_use]
    pub fn value(&self, path: &[Seg]) -> Option<Pos> {
        let node = self.walk(path).ok()?;
        self.nodes.get(node).copied()
    }

    /// Position of the key at `path` (last segment must be Key), e.g. to point at `alias:`.
    ///
    /// `None` if the last segment is an index, or there is no such key.
    #[must_use]
    pub fn key(&self, path: &[Seg]) -> Option<Pos> {
        let (last, parent) = path.split_last()?;
        if !matches!(last, Seg::Key(_)) {
            return None;
        }
        let parent = self.walk(parent).ok()?;
        self.children.get(&(parent, last.clone()))?.key
    }

    /// Best position for `path`: value if present, else key, else the nearest existing ancestor's position (so a missing field points at its entry).
    ///
    /// An ancestor's position is that of its value, so a field missing from
    /// the entry `- id: x` points at `id`.
    #[must_use]
    pub fn best(&self, path: &[Seg]) -> Pos {
        if let Some(pos) = self.value(path).or_else(|| self.key(path)) {
            return pos;
        }
        let node = match self.walk(path) {
            Ok(node) | Err(node) => node,
        };
        self.nodes.get(node).copied().unwrap_or(START)
    }

    /// Convenience: a path from a string like "[3].aliases[2]" or "roles[0].date" or "id".
    ///
    /// Keys are separated by `.`, indices written as `[n]`. A bracket holding
    /// anything but a number is taken as a key, without surrounding quotes,
    /// so `a["b.c"]` is the key `b.c` of `a`. The empty string is the root.
    #[must_use]
    pub fn path(s: &str) -> Vec<Seg> {
        let mut segs = Vec::new();
        let mut key = String::new();
        let mut chars = s.chars();
        while let Some(c) = chars.next() {
            match c {
                '.' => push_key(&mut segs, &mut key),
                '[' => {
                    push_key(&mut segs, &mut key);
                    let inner: String = chars.by_ref().take_while(|&c| c != ']').collect();
                    let inner = inner.trim();
                    match inner.parse::<usize>() {
                        Ok(i) => segs.push(Seg::Index(i)),
                        Err(_) => segs.push(Seg::Key(unquote(inner).to_owned())),
                    }
                }
                _ => key.push(c),
            }
        }
        push_key(&mut segs, &mut key);
        segs
    }

    /// Follow `path` from the root: `Ok(node)` at its end, or `Err(node)` for
    /// the deepest node found on the way (0, the root, when there is none).
    fn walk(&self, path: &[Seg]) -> Result<usize, usize> {
        if self.nodes.is_empty() {
            return Err(0);
        }
        let mut node = 0;
        for seg in path {
            match self.children.get(&(node, seg.clone())) {
                Some(child) => node = child.node,
                None => return Err(node),
            }
        }
        Ok(node)
    }
}

/// Push `key` onto `segs` as a key segment, unless it is empty.
fn push_key(segs: &mut Vec<Seg>, key: &mut String) {
    if !key.is_empty() {
        segs.push(Seg::Key(std::mem::take(key)));
    }
}

/// `s` without one pair of surrounding `"` or `'` quotes.
fn unquote(s: &str) -> &str {
    for q in ['"', '\''] {
        if let Some(inner) = s.strip_prefix(q).and_then(|s| s.strip_suffix(q)) {
            return inner;
        }
    }
    s
}

/// An open collection while the events are read.
enum Frame {
    /// A sequence, and the index of its next item.
    Seq { node: usize, next: usize },
    /// A mapping, and its key once read, until its value comes.
    Map { node: usize, pending: Option<PendingKey> },
}

/// A mapping key that waits for its value.
struct PendingKey {
    /// Its text, `None` for a key that cannot be addressed.
    text: Option<String>,
    /// Its position (character index).
    at: usize,
}

/// Read the events of `text` into an index; `None` on a parse error.
fn build(text: &str) -> Option<SpanIndex> {
    let chars: Vec<char> = text.chars().collect();
    // Positions as character indices until the end, then converted.
    let mut nodes: Vec<usize> = Vec::new();
    let mut children: HashMap<(usize, Seg), (usize, Option<usize>)> = HashMap::new();
    let mut frames: Vec<Frame> = Vec::new();
    let mut anchors: HashMap<usize, String> = HashMap::new();
    let mut last_end = 0;
    let mut in_doc = false;
    let mut done = false;

    let mut parser = Parser::new_from_str(text);
    while let Some(event) = parser.next_event() {
        let (event, span) = event.ok()?;
        let (start, end) = (span.start.index(), span.end.index());
        match event {
            Event::StreamEnd => break,
            Event::DocumentStart(_) => in_doc = !done,
            Event::DocumentEnd => {
                if in_doc {
                    in_doc = false;
                    done = true;
                }
            }
            _ if !in_doc => {}
            Event::Scalar(value, style, anchor, _) => {
                let at = scalar_start(&chars, span, style, value.is_empty(), last_end);
                let id = nodes.len();
                nodes.push(at);
                attach(&mut frames, &mut children, id, at, || Some(value.to_string()));
                if anchor > 0 {
                    anchors.insert(anchor, value.into_owned());
                }
            }
            Event::Alias(anchor) => {
                let id = nodes.len();
                nodes.push(start);
                attach(&mut frames, &mut children, id, start, || anchors.get(&anchor).cloned());
            }
            Event::SequenceStart(..) | Event::MappingStart(..) => {
                let seq = matches!(event, Event::SequenceStart(..));
                let in_map = matches!(frames.last(), Some(Frame::Map { .. }));
                let at = collection_start(&chars, seq && in_map, start, end, last_end);
                let id = nodes.len();
                nodes.push(at);
                attach(&mut frames, &mut children, id, at, || None);
                frames.push(if seq {
                    Frame::Seq { node: id, next: 0 }
                } else {
                    Frame::Map { node: id, pending: None }
                });
            }
            Event::SequenceEnd | Event::MappingEnd => {
                frames.pop();
            }
            Event::Nothing | Event::StreamStart => {}
        }
        last_end = end;
    }

    let mut wanted: Vec<usize> = nodes.clone();
    wanted.extend(children.values().filter_map(|&(_, key)| key));
    let table = PosTable::new(text, wanted);
    Some(SpanIndex {
        nodes: nodes.iter().map(|&at| table.get(at)).collect(),
        children: children
            .into_iter()
            .map(|(link, (node, key))| {
                let key = key.map(|at| table.get(at));
                (link, Child { node, key })
            })
            .collect(),
    })
}

/// Record the node `id`, starting at `at`, in the innermost open collection:
/// as its next item, as a mapping key (with the text `key()`, which is only
/// asked for there), or as the value of the pending key.
fn attach(
    frames: &mut [Frame],
    children: &mut HashMap<(usize, Seg), (usize, Option<usize>)>,
    id: usize,
    at: usize,
    key: impl FnOnce() -> Option<String>,
) {
    match frames.last_mut() {
        None => {}
        Some(Frame::Seq { node, next }) => {
            children.insert((*node, Seg::Index(*next)), (id, None));
            *next += 1;
        }
        Some(Frame::Map { node, pending }) => match pending.take() {
            None => *pending = Some(PendingKey { text: key(), at }),
            Some(PendingKey { text, at: key_at }) => {
                if let Some(text) = text {
                    children.entry((*node, Seg::Key(text))).or_insert((id, Some(key_at)));
                }
            }
        },
    }
}

/// Whether `c` separates tokens (a byte-order mark counts as one).
fn is_blank(c: char) -> bool {
    matches!(c, ' ' | '\t' | '\r' | '\n' | '\u{feff}')
}

/// Whether `c` is a line break.
fn is_break(c: char) -> bool {
    matches!(c, '\r' | '\n')
}

/// The character at `i`, or `'\0'` past the end.
fn at(chars: &[char], i: usize) -> char {
    chars.get(i).copied().unwrap_or('\0')
}

/// Index just past the anchor (`&a`) or tag (`!t`, `!!str`, `!<...>`) at `p`.
fn skip_property(chars: &[char], p: usize) -> usize {
    let mut p = p + 1;
    if at(chars, p - 1) == '!' && at(chars, p) == '<' {
        while p < chars.len() && !is_blank(chars[p]) {
            p += 1;
            if chars[p - 1] == '>' {
                break;
            }
        }
        return p;
    }
    while p < chars.len() && !is_blank(chars[p]) && !matches!(chars[p], ',' | '[' | ']' | '{' | '}') {
        p += 1;
    }
    p
}

/// Index just past the comment at `p`, at its line break.
fn skip_comment(chars: &[char], mut p: usize) -> usize {
    while p < chars.len() && !is_break(chars[p]) {
        p += 1;
    }
    p
}

/// From `start`, skip the node properties (anchor, tag) and the blanks and
/// comments after them, but not past `end`.
fn skip_properties(chars: &[char], start: usize, end: usize) -> usize {
    let end = end.max(start);
    let mut p = start;
    while p < end {
        match at(chars, p) {
            '&' | '!' => p = skip_property(chars, p),
            '#' => p = skip_comment(chars, p),
            c if is_blank(c) => p += 1,
            _ => break,
        }
    }
    p.min(end)
}

/// Where a scalar's text starts, from its span (which begins at its
/// properties, if any) and the end of the event before it.
fn scalar_start(chars: &[char], span: Span, style: ScalarStyle, empty: bool, last_end: usize) -> usize {
    let (start, end) = (span.start.index(), span.end.index());
    match style {
        ScalarStyle::Plain => {
            let p = skip_properties(chars, start, end);
            // An empty (null) value may be placed at the start of the next
            // line; keep it right after its key instead.
            let moved = last_end <= p && chars.get(last_end..p).is_some_and(|s| s.iter().any(|&c| is_break(c)));
            if empty && moved {
                last_end
            } else {
                p
            }
        }
        ScalarStyle::SingleQuoted | ScalarStyle::DoubleQuoted => {
            let p = skip_properties(chars, start, end);
            if matches!(at(chars, p), '"' | '\'') {
                p + 1
            } else {
                p
            }
        }
        // Literal, folded, and any style added to the parser later.
        _ => block_scalar_start(chars, start, end, last_end),
    }
}

/// Where a literal or folded scalar's content starts: its first non-blank
/// character after the header line, or the `|`/`>` indicator when it has none.
fn block_scalar_start(chars: &[char], start: usize, end: usize, last_end: usize) -> usize {
    // The span starts either at the properties or at the content, so find the
    // header from the end of the previous event.
    let Some(header) = find_header(chars, last_end.min(start), end.max(start)) else {
        return start;
    };
    let mut p = skip_comment(chars, header);
    while p < end && is_blank(at(chars, p)) {
        p += 1;
    }
    if p < end {
        p
    } else {
        header
    }
}

/// From `from` (up to `limit`), skip what may stand between the end of one
/// event and the start of the next node's text: blanks, comments, node
/// properties, and the `:` and `?` indicators (and `-` if `dash`).
fn skip_separators(chars: &[char], from: usize, limit: usize, dash: bool) -> usize {
    let mut p = from;
    while p < limit {
        match at(chars, p) {
            ':' | '?' => p += 1,
            '-' if dash => p += 1,
            '&' | '!' => p = skip_property(chars, p),
            '#' => p = skip_comment(chars, p),
            c if is_blank(c) => p += 1,
            _ => break,
        }
    }
    p
}

/// The `|` or `>` of a block scalar header, searched from `from` (before
/// `limit`) past indicators, properties, blanks and comments.
fn find_header(chars: &[char], from: usize, limit: usize) -> Option<usize> {
    let p = skip_separators(chars, from, limit, true);
    (p < limit && matches!(at(chars, p), '|' | '>')).then_some(p)
}

/// Where a collection starts: its `[` or `{`, or (block style) its first key
/// or first `-`, from its span, whether it is a sequence in a mapping, and
/// the end of the event before it.
fn collection_start(chars: &[char], seq_in_map: bool, start: usize, end: usize, last_end: usize) -> usize {
    if end > start && matches!(at(chars, end - 1), '[' | '{') {
        return end - 1;
    }
    // A block collection's span ends at its first key or `-`, except for a
    // sequence not indented under its key (`key:` then `- item`), whose span
    // ends at its first item: look for the `-` from the end of the key.
    if seq_in_map {
        let p = skip_separators(chars, last_end.min(start), end, false);
        let dash = at(chars, p) == '-' && (p + 1 >= chars.len() || is_blank(at(chars, p + 1)));
        if p <= end && dash {
            return p;
        }
    }
    end
}

/// Character indices converted to positions.
struct PosTable {
    /// Sorted, distinct character indices.
    indices: Vec<usize>,
    /// The position of each of `indices`.
    positions: Vec<Pos>,
}

impl PosTable {
    /// Compute the positions of the character indices `wanted` in `text`, in
    /// one pass; an index past the end is the end of the text.
    fn new(text: &str, mut wanted: Vec<usize>) -> PosTable {
        wanted.sort_unstable();
        wanted.dedup();
        let mut positions = Vec::with_capacity(wanted.len());
        let (mut line, mut column) = (1, 1);
        let mut after_cr = false;
        for (i, (offset, c)) in text.char_indices().enumerate() {
            if positions.len() == wanted.len() {
                break;
            }
            if wanted[positions.len()] == i {
                positions.push(Pos { line, column, offset });
            }
            match c {
                '\n' if after_cr => {}
                '\r' | '\n' => {
                    line += 1;
                    column = 1;
                }
                '\u{feff}' if i == 0 => {}
                _ => column += 1,
            }
            after_cr = c == '\r';
        }
        while positions.len() < wanted.len() {
            positions.push(Pos { line, column, offset: text.len() });
        }
        PosTable { indices: wanted, positions }
    }

    /// The position of character index `i` (which must have been wanted).
    fn get(&self, i: usize) -> Pos {
        match self.indices.binary_search(&i) {
            Ok(k) => self.positions.get(k).copied().unwrap_or(START),
            Err(_) => START,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::{Duration, Instant};

    /// Index `text`, which must be well-formed.
    fn index(text: &str) -> SpanIndex {
        match SpanIndex::new(text) {
            Some(index) => index,
            None => panic!("not indexed: {text:?}"),
        }
    }

    /// `(line, column)` of the value at the path string `path`.
    fn value(index: &SpanIndex, path: &str) -> Option<(usize, usize)> {
        index.value(&SpanIndex::path(path)).map(|p| (p.line, p.column))
    }

    /// `(line, column)` of the key at the path string `path`.
    fn key(index: &SpanIndex, path: &str) -> Option<(usize, usize)> {
        index.key(&SpanIndex::path(path)).map(|p| (p.line, p.column))
    }

    /// `(line, column)` of the best position for the path string `path`.
    fn best(index: &SpanIndex, path: &str) -> (usize, usize) {
        let p = index.best(&SpanIndex::path(path));
        (p.line, p.column)
    }

    /// The text from the value at `path` to the end of its line.
    fn text_at<'t>(text: &'t str, index: &SpanIndex, path: &str) -> &'t str {
        let pos = index.value(&SpanIndex::path(path)).expect(path);
        let rest = &text[pos.offset..];
        rest.split(['\r', '\n']).next().unwrap_or("")
    }

    /// Every position in `index` agrees with its offset in `text`.
    fn check_consistent(text: &str, index: &SpanIndex) {
        let keys = index.children.values().filter_map(|c| c.key);
        for pos in index.nodes.iter().copied().chain(keys) {
            assert!(text.is_char_boundary(pos.offset), "{pos:?} in {text:?}");
            let before = &text[..pos.offset];
            let lines: Vec<&str> = before.split("\r\n").flat_map(|s| s.split(['\r', '\n'])).collect();
            assert_eq!(pos.line, lines.len(), "{pos:?} in {text:?}");
            let last = lines.last().copied().unwrap_or("");
            let last = if lines.len() == 1 { last.trim_start_matches('\u{feff}') } else { last };
            assert_eq!(pos.column, last.chars().count() + 1, "{pos:?} in {text:?}");
        }
    }

    const PEOPLE: &str = "\
# People of the edition.
- id: lincoln
  name: Abraham Lincoln
  aliases: [Abe, \"Honest Abe\", 'The Rail-Splitter']
  roles:
    - title: President
      date: 1861-03-04
    - title: Congressman
      date: \"1847\"
- id: douglass
  name:   Frederick Douglass   # trailing comment
  roles: []
";

    #[test]
    fn people_values() {
        let ix = index(PEOPLE);
        assert_eq!(value(&ix, ""), Some((2, 1)));
        assert_eq!(value(&ix, "[0]"), Some((2, 3)));
        assert_eq!(value(&ix, "[0].id"), Some((2, 7)));
        assert_eq!(value(&ix, "[0].name"), Some((3, 9)));
        assert_eq!(value(&ix, "[0].roles"), Some((6, 5)));
        assert_eq!(value(&ix, "[0].roles[0]"), Some((6, 7)));
        assert_eq!(value(&ix, "[0].roles[0].date"), Some((7, 13)));
        assert_eq!(value(&ix, "[0].roles[1].title"), Some((8, 14)));
        assert_eq!(value(&ix, "[0].roles[1].date"), Some((9, 14)));
        assert_eq!(value(&ix, "[1].id"), Some((10, 7)));
        assert_eq!(value(&ix, "[1].name"), Some((11, 11)));
        assert_eq!(value(&ix, "[1].roles"), Some((12, 10)));
        assert_eq!(text_at(PEOPLE, &ix, "[1].id"), "douglass");
        assert_eq!(text_at(PEOPLE, &ix, "[0].roles[1].date"), "1847\"");
        assert_eq!(text_at(PEOPLE, &ix, "[0].roles[0].date"), "1861-03-04");
        assert_eq!(value(&ix, "[2]"), None);
        assert_eq!(value(&ix, "[0].missing"), None);
        assert_eq!(value(&ix, "[1].roles[0]"), None);
        assert_eq!(value(&ix, "id"), None);
        assert_eq!(value(&ix, "[0][0]"), None);
        check_consistent(PEOPLE, &ix);
    }

    #[test]
    fn people_keys() {
        let ix = index(PEOPLE);
        assert_eq!(key(&ix, "[0].id"), Some((2, 3)));
        assert_eq!(key(&ix, "[0].aliases"), Some((4, 3)));
        assert_eq!(key(&ix, "[0].roles[1].date"), Some((9, 7)));
        assert_eq!(key(&ix, "[1].name"), Some((11, 3)));
        assert_eq!(key(&ix, "[0]"), None);
        assert_eq!(key(&ix, "[0].aliases[1]"), None);
        assert_eq!(key(&ix, "[0].nope"), None);
        assert_eq!(key(&ix, ""), None);
        let pos = ix.key(&SpanIndex::path("[1].name")).unwrap();
        assert_eq!(&PEOPLE[pos.offset..pos.offset + 5], "name:");
    }

    #[test]
    fn flow_sequence_items() {
        let ix = index(PEOPLE);
        assert_eq!(value(&ix, "[0].aliases"), Some((4, 12)));
        assert_eq!(value(&ix, "[0].aliases[0]"), Some((4, 13)));
        // After the opening quote.
        assert_eq!(value(&ix, "[0].aliases[1]"), Some((4, 19)));
        assert_eq!(value(&ix, "[0].aliases[2]"), Some((4, 33)));
        assert_eq!(text_at(PEOPLE, &ix, "[0].aliases[1]"), "Honest Abe\", 'The Rail-Splitter']");
        assert_eq!(&text_at(PEOPLE, &ix, "[0].aliases[2]")[..3], "The");
        assert_eq!(value(&ix, "[0].aliases[3]"), None);
    }

    #[test]
    fn flow_sequence_from_brief() {
        let text = "aliases: [A, \"B\", 'C']\n";
        let ix = index(text);
        assert_eq!(value(&ix, "aliases"), Some((1, 10)));
        assert_eq!(value(&ix, "aliases[0]"), Some((1, 11)));
        // The B, after the quote.
        assert_eq!(value(&ix, "aliases[1]"), Some((1, 15)));
        assert_eq!(value(&ix, "aliases[2]"), Some((1, 20)));
        assert_eq!(text_at(text, &ix, "aliases[1]"), "B\", 'C']");
    }

    #[test]
    fn best_falls_back() {
        let ix = index(PEOPLE);
        // Present: the value.
        assert_eq!(best(&ix, "[0].name"), (3, 9));
        // A missing field: its entry, i.e. the entry's first key.
        assert_eq!(best(&ix, "[1].aliases"), (10, 3));
        assert_eq!(best(&ix, "[1].aliases[0]"), (10, 3));
        assert_eq!(best(&ix, "[0].roles[1].place"), (8, 7));
        assert_eq!(best(&ix, "[0].roles[7].date"), (6, 5));
        assert_eq!(best(&ix, "[1].roles[0]"), (12, 10));
        assert_eq!(best(&ix, "[9].id"), (2, 1));
        assert_eq!(best(&ix, ""), (2, 1));
        // Nothing indexed: the start of the text.
        let empty = index("");
        assert_eq!(empty.best(&SpanIndex::path("[0].id")), START);
        assert_eq!(SpanIndex::default().best(&[]), START);
        assert_eq!(empty.value(&[]), None);
        let comments = index("# nothing here\n\n# at all\n");
        assert_eq!(comments.best(&SpanIndex::path("id")), START);
    }

    #[test]
    fn single_mapping_document() {
        let text = "\
id: gettysburg
title: \"Address at Gettysburg\"
date: 1863-11-19
speaker:
  ref: lincoln
";
        let ix = index(text);
        assert_eq!(value(&ix, ""), Some((1, 1)));
        assert_eq!(value(&ix, "id"), Some((1, 5)));
        assert_eq!(value(&ix, "title"), Some((2, 9)));
        assert_eq!(value(&ix, "date"), Some((3, 7)));
        assert_eq!(value(&ix, "speaker"), Some((5, 3)));
        assert_eq!(value(&ix, "speaker.ref"), Some((5, 8)));
        assert_eq!(key(&ix, "speaker.ref"), Some((5, 3)));
        assert_eq!(key(&ix, "date"), Some((3, 1)));
        assert_eq!(best(&ix, "speaker.role"), (5, 3));
        assert_eq!(best(&ix, "location"), (1, 1));
        assert_eq!(value(&ix, "[0]"), None);
        check_consistent(text, &ix);
    }

    #[test]
    fn document_start_and_comments() {
        let text = "%YAML 1.2\n---\n# a comment\n- id: x # inline\n  # between\n  name: y\n...\n";
        let ix = index(text);
        assert_eq!(value(&ix, "[0].id"), Some((4, 7)));
        assert_eq!(value(&ix, "[0].name"), Some((6, 9)));
        let ix = index("--- # start\nkey: value\n");
        assert_eq!(value(&ix, "key"), Some((2, 6)));
        let ix = index("--- plain\n");
        assert_eq!(value(&ix, ""), Some((1, 5)));
    }

    #[test]
    fn crlf_line_endings() {
        let text = "- id: a\r\n  name: \"Ann\"\r\n  roles:\r\n    - date: 1850\r\n- id: b\r\n";
        let ix = index(text);
        assert_eq!(value(&ix, "[0].id"), Some((1, 7)));
        assert_eq!(value(&ix, "[0].name"), Some((2, 10)));
        assert_eq!(value(&ix, "[0].roles[0].date"), Some((4, 13)));
        assert_eq!(key(&ix, "[0].roles[0].date"), Some((4, 7)));
        assert_eq!(value(&ix, "[1].id"), Some((5, 7)));
        assert_eq!(text_at(text, &ix, "[1].id"), "b");
        assert_eq!(text_at(text, &ix, "[0].roles[0].date"), "1850");
        check_consistent(text, &ix);
        // A lone CR is a line break too.
        let ix = index("a: 1\rb: 2\r");
        assert_eq!(value(&ix, "b"), Some((2, 4)));
    }

    #[test]
    fn non_ascii_columns() {
        let text = "- név: Ádám Éva\n  城市: [東京, \"大阪\", 'Zürich']\n  ñ: {ü: ö, x: y}\n";
        let ix = index(text);
        assert_eq!(value(&ix, "[0].név"), Some((1, 8)));
        assert_eq!(value(&ix, "[0].城市"), Some((2, 7)));
        assert_eq!(value(&ix, "[0].城市[0]"), Some((2, 8)));
        assert_eq!(value(&ix, "[0].城市[1]"), Some((2, 13)));
        assert_eq!(value(&ix, "[0].城市[2]"), Some((2, 19)));
        assert_eq!(key(&ix, "[0].ñ"), Some((3, 3)));
        assert_eq!(value(&ix, "[0].ñ.ü"), Some((3, 10)));
        assert_eq!(value(&ix, "[0].ñ.x"), Some((3, 16)));
        assert_eq!(text_at(text, &ix, "[0].城市[1]"), "大阪\", 'Zürich']");
        assert_eq!(text_at(text, &ix, "[0].ñ.x"), "y}");
        check_consistent(text, &ix);
    }

    #[test]
    fn byte_order_mark() {
        let text = "\u{feff}id: x\nname: y\n";
        let ix = index(text);
        let id = ix.value(&SpanIndex::path("id")).unwrap();
        assert_eq!((id.line, id.column, id.offset), (1, 5, 7));
        assert_eq!(key(&ix, "id"), Some((1, 1)));
        assert_eq!(value(&ix, "name"), Some((2, 7)));
        check_consistent(text, &ix);
        let ix = index("\u{feff}- a\r\n- b\r\n");
        assert_eq!(value(&ix, "[1]"), Some((2, 3)));
    }

    #[test]
    fn block_scalars() {
        let text = "\
note: |
  First line.

  Third line.
folded: >- # comment | >
    Folded
    text.
keep: |+

empty: |
anchored: &n !!str |2

   indented
chomp: >
other: 1
";
        let ix = index(text);
        assert_eq!(value(&ix, "note"), Some((2, 3)));
        assert_eq!(value(&ix, "folded"), Some((6, 5)));
        // No content: the indicator.
        assert_eq!(value(&ix, "keep"), Some((8, 7)));
        assert_eq!(value(&ix, "empty"), Some((10, 8)));
        assert_eq!(value(&ix, "anchored"), Some((13, 4)));
        assert_eq!(value(&ix, "chomp"), Some((14, 8)));
        assert_eq!(value(&ix, "other"), Some((15, 8)));
        assert_eq!(text_at(text, &ix, "note"), "First line.");
        check_consistent(text, &ix);
        // Block scalars in a sequence, and one whose text looks like properties.
        let text = "- |\n  !not a tag\n- >\n  &nor an anchor\n- !t |\n  x\n";
        let ix = index(text);
        assert_eq!(value(&ix, "[0]"), Some((2, 3)));
        assert_eq!(value(&ix, "[1]"), Some((4, 3)));
        assert_eq!(value(&ix, "[2]"), Some((6, 3)));
        // At the document's top level, after `---`.
        let ix = index("--- |\n  text\n");
        assert_eq!(value(&ix, ""), Some((2, 3)));
        let ix = index("--- >\n");
        assert_eq!(value(&ix, ""), Some((1, 5)));
    }

    #[test]
    fn multi_line_values() {
        let text = "\
plain: first
  second
  third
quoted: \"one
  two\"
single:
  'on the next line'
below:
  value
list:
- a
- b
";
        let ix = index(text);
        assert_eq!(value(&ix, "plain"), Some((1, 8)));
        assert_eq!(value(&ix, "quoted"), Some((4, 10)));
        assert_eq!(value(&ix, "single"), Some((7, 4)));
        assert_eq!(value(&ix, "below"), Some((9, 3)));
        assert_eq!(value(&ix, "list"), Some((11, 1)));
        assert_eq!(value(&ix, "list[1]"), Some((12, 3)));
        check_consistent(text, &ix);
    }

    #[test]
    fn flow_collections() {
        let text = "\
m: {a: 1, \"b\": [x, {c: d}], e: }
s: [[1, 2], [3], {k: v}, a: b, ? q]
multi: [
  one,
  two
]
";
        let ix = index(text);
        assert_eq!(value(&ix, "m"), Some((1, 4)));
        assert_eq!(value(&ix, "m.a"), Some((1, 8)));
        assert_eq!(value(&ix, "m.b"), Some((1, 16)));
        assert_eq!(key(&ix, "m.b"), Some((1, 12)));
        assert_eq!(value(&ix, "m.b[1]"), Some((1, 20)));
        assert_eq!(value(&ix, "m.b[1].c"), Some((1, 24)));
        assert_eq!(key(&ix, "m.e"), Some((1, 29)));
        assert_eq!(value(&ix, "s[0][1]"), Some((2, 9)));
        assert_eq!(value(&ix, "s[1]"), Some((2, 13)));
        assert_eq!(value(&ix, "s[2].k"), Some((2, 22)));
        // A single-pair mapping in a flow sequence starts at its key.
        assert_eq!(value(&ix, "s[3]"), Some((2, 26)));
        assert_eq!(value(&ix, "s[3].a"), Some((2, 29)));
        assert_eq!(value(&ix, "s[4]"), Some((2, 34)));
        assert_eq!(key(&ix, "s[4].q"), Some((2, 34)));
        assert_eq!(value(&ix, "multi[1]"), Some((5, 3)));
        check_consistent(text, &ix);
    }

    #[test]
    fn block_sequences_start_at_their_dash() {
        let text = "\
indented:
  - &a x
unindented:
- y
anchored: &s
- z
commented:
- # first item below
  w
nested:
  - - deep
  - k: v
dashes:
- - a
-   [b]
- |
  c
";
        let ix = index(text);
        assert_eq!(value(&ix, "indented"), Some((2, 3)));
        assert_eq!(value(&ix, "indented[0]"), Some((2, 8)));
        assert_eq!(value(&ix, "unindented"), Some((4, 1)));
        assert_eq!(value(&ix, "unindented[0]"), Some((4, 3)));
        assert_eq!(value(&ix, "anchored"), Some((6, 1)));
        assert_eq!(value(&ix, "commented"), Some((8, 1)));
        assert_eq!(value(&ix, "commented[0]"), Some((9, 3)));
        assert_eq!(value(&ix, "nested"), Some((11, 3)));
        assert_eq!(value(&ix, "nested[0]"), Some((11, 5)));
        assert_eq!(value(&ix, "nested[0][0]"), Some((11, 7)));
        // A mapping in a sequence starts at its first key, not the dash.
        assert_eq!(value(&ix, "nested[1]"), Some((12, 5)));
        assert_eq!(value(&ix, "dashes"), Some((14, 1)));
        assert_eq!(value(&ix, "dashes[0]"), Some((14, 3)));
        assert_eq!(value(&ix, "dashes[0][0]"), Some((14, 5)));
        assert_eq!(value(&ix, "dashes[1]"), Some((15, 5)));
        assert_eq!(value(&ix, "dashes[2]"), Some((17, 3)));
        // At the top level and nested in sequences.
        let ix = index("- - - a\n");
        assert_eq!(value(&ix, ""), Some((1, 1)));
        assert_eq!(value(&ix, "[0]"), Some((1, 3)));
        assert_eq!(value(&ix, "[0][0]"), Some((1, 5)));
        assert_eq!(value(&ix, "[0][0][0]"), Some((1, 7)));
        check_consistent(text, &ix);
    }

    #[test]
    fn empty_values() {
        let text = "a:\nb: # comment\nc: ~\n? d\ne: &x\nf: !t\n";
        let ix = index(text);
        // Right after the key.
        assert_eq!(value(&ix, "a"), Some((1, 2)));
        assert_eq!(value(&ix, "b"), Some((2, 2)));
        assert_eq!(value(&ix, "c"), Some((3, 4)));
        assert_eq!(value(&ix, "d"), Some((4, 4)));
        assert_eq!(key(&ix, "d"), Some((4, 3)));
        assert_eq!(value(&ix, "e"), Some((5, 6)));
        assert_eq!(value(&ix, "f"), Some((6, 6)));
        assert_eq!(best(&ix, "a"), (1, 2));
        check_consistent(text, &ix);
    }

    #[test]
    fn non_string_keys() {
        let text = "1: one\ntrue: yes\n~: nothing\n2.5: x\n\"quoted key\": q\n'single': s\n[complex]: c\n? {also: complex}\n: d\nlast: l\n";
        let ix = index(text);
        assert_eq!(value(&ix, "[\"1\"]"), Some((1, 4)));
        assert_eq!(ix.value(&[Seg::Key("1".into())]).map(|p| p.column), Some(4));
        assert_eq!(value(&ix, "true"), Some((2, 7)));
        assert_eq!(value(&ix, "~"), Some((3, 4)));
        assert_eq!(value(&ix, "[\"2.5\"]"), Some((4, 6)));
        assert_eq!(value(&ix, "[\"quoted key\"]"), Some((5, 15)));
        assert_eq!(key(&ix, "[\"quoted key\"]"), Some((5, 2)));
        assert_eq!(value(&ix, "single"), Some((6, 11)));
        // Collection keys are skipped, the rest still indexed.
        assert_eq!(value(&ix, "complex"), None);
        assert_eq!(value(&ix, "last"), Some((10, 7)));
        assert_eq!(ix.value(&[Seg::Index(1)]), None);
        check_consistent(text, &ix);
    }

    #[test]
    fn duplicate_keys_keep_first() {
        let ix = index("a: 1\na: 2\n");
        assert_eq!(value(&ix, "a"), Some((1, 4)));
    }

    #[test]
    fn anchors_and_aliases() {
        let text = "\
base: &base
  role: author
  date: &d 1850
copy: *base
date: *d
list: [&x one, *x, !!str &y \"two\", !<tag:yaml.org,2002:str> three]
*x : alias key
merged:
  <<: *base
  extra: 1
";
        let ix = index(text);
        assert_eq!(value(&ix, "base"), Some((2, 3)));
        // After the anchor.
        assert_eq!(value(&ix, "base.date"), Some((3, 12)));
        // An alias sits where it is written, and is not expanded.
        assert_eq!(value(&ix, "copy"), Some((4, 7)));
        assert_eq!(value(&ix, "copy.role"), None);
        assert_eq!(best(&ix, "copy.role"), (4, 7));
        assert_eq!(value(&ix, "date"), Some((5, 7)));
        assert_eq!(value(&ix, "list[0]"), Some((6, 11)));
        assert_eq!(value(&ix, "list[1]"), Some((6, 16)));
        assert_eq!(value(&ix, "list[2]"), Some((6, 30)));
        assert_eq!(value(&ix, "list[3]"), Some((6, 61)));
        // An alias as a key takes the text of its anchored scalar.
        assert_eq!(key(&ix, "one"), Some((7, 1)));
        assert_eq!(value(&ix, "one"), Some((7, 6)));
        assert_eq!(value(&ix, "merged.<<"), Some((9, 7)));
        assert_eq!(value(&ix, "merged.role"), None);
        check_consistent(text, &ix);
    }

    #[test]
    fn billion_laughs_is_not_expanded() {
        let mut text = String::from("l0: &l0 [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]\n");
        for level in 1..10 {
            let prev = format!("*l{}", level - 1);
            let items = [prev.as_str(); 10].join(", ");
            text += &format!("l{level}: &l{level} [{items}]\n");
        }
        let started = Instant::now();
        let ix = index(&text);
        assert!(started.elapsed() < Duration::from_secs(2));
        assert!(ix.nodes.len() < 200, "{} nodes", ix.nodes.len());
        assert_eq!(value(&ix, "l9[9]"), Some((10, 55)));
        assert_eq!(value(&ix, "l9[9][0]"), None);
        assert_eq!(best(&ix, "l9[9][0][0]"), (10, 55));
    }

    #[test]
    fn deep_flow_nesting_is_rejected_without_overflow() {
        let n = 10_000;
        let text = format!("{}{}", "[".repeat(n), "]".repeat(n));
        assert!(SpanIndex::new(&text).is_none());
        let text = format!("{}{}", "{a: ".repeat(n), "}".repeat(n));
        assert!(SpanIndex::new(&text).is_none());
        let text = "[".repeat(n);
        assert!(SpanIndex::new(&text).is_none());
        // Within the parser's limit it is indexed.
        let text = format!("{}x{}", "[".repeat(200), "]".repeat(200));
        let ix = index(&text);
        let path = vec![Seg::Index(0); 200];
        assert_eq!(ix.value(&path).map(|p| p.column), Some(201));
    }

    #[test]
    fn deep_block_nesting_is_indexed() {
        let n = 10_000;
        let text = format!("{}x\n", "- ".repeat(n));
        let ix = index(&text);
        let path = vec![Seg::Index(0); n];
        assert_eq!(ix.value(&path).map(|p| p.column), Some(2 * n + 1));
        assert_eq!(ix.best(&vec![Seg::Index(0); n + 3]).column, 2 * n + 1);
        let mut text = String::new();
        for i in 0..300 {
            text.push_str(&" ".repeat(i));
            text.push_str("k:\n");
        }
        let ix = index(&text);
        let path = vec![Seg::Key("k".into()); 300];
        assert_eq!(value(&ix, ""), Some((1, 1)));
        assert_eq!(ix.key(&path).map(|p| (p.line, p.column)), Some((300, 300)));
    }

    #[test]
    fn malformed_yaml_is_none() {
        for text in [
            "a: [1, 2",
            "a: b: c",
            "- a\nb: c",
            "a: 'unterminated",
            "a: \"bad \\q escape\"",
            "key: *undefined",
            "a: 1\n a: 2",
            "{a: 1}}",
            "a: 1\n---\n[",
        ] {
            assert!(SpanIndex::new(text).is_none(), "{text:?}");
        }
    }

    #[test]
    fn first_document_only() {
        let ix = index("a: 1\n---\nb: 2\n");
        assert_eq!(value(&ix, "a"), Some((1, 4)));
        assert_eq!(value(&ix, "b"), None);
        let ix = index("---\n- x\n...\n---\n- y\n- z\n");
        assert_eq!(value(&ix, "[0]"), Some((2, 3)));
        assert_eq!(value(&ix, "[1]"), None);
    }

    #[test]
    fn tabs_count_as_one_column() {
        let text = "a: \tb\nc: [\tx]\n";
        let ix = index(text);
        assert_eq!(value(&ix, "a"), Some((1, 5)));
        assert_eq!(value(&ix, "c[0]"), Some((2, 6)));
    }

    #[test]
    fn known_parser_limitation_tab_right_after_colon() {
        // Valid YAML that serde_yaml accepts, but saphyr-parser 0.3 rejects:
        // callers then have no positions (and fall back to the file).
        assert!(SpanIndex::new("a:\tb\n").is_none());
    }

    #[test]
    fn path_parsing() {
        let k = |s: &str| Seg::Key(s.to_owned());
        assert_eq!(SpanIndex::path("id"), vec![k("id")]);
        assert_eq!(SpanIndex::path("[3].aliases[2]"), vec![Seg::Index(3), k("aliases"), Seg::Index(2)]);
        assert_eq!(SpanIndex::path("roles[0].date"), vec![k("roles"), Seg::Index(0), k("date")]);
        assert_eq!(SpanIndex::path("a[1][2]"), vec![k("a"), Seg::Index(1), Seg::Index(2)]);
        assert_eq!(SpanIndex::path("a[\"b.c\"].d"), vec![k("a"), k("b.c"), k("d")]);
        assert_eq!(SpanIndex::path("a['x'][ 4 ]"), vec![k("a"), k("x"), Seg::Index(4)]);
        assert_eq!(SpanIndex::path("név.城市"), vec![k("név"), k("城市")]);
        assert_eq!(SpanIndex::path(""), Vec::<Seg>::new());
        assert_eq!(SpanIndex::path("a..b."), vec![k("a"), k("b")]);
        assert_eq!(SpanIndex::path("a[1"), vec![k("a"), Seg::Index(1)]);
        assert_eq!(SpanIndex::path("[]"), vec![k("")]);
    }

    /// Documents run through the fuzz-ish tests.
    const SAMPLES: &[&str] = &[
        PEOPLE,
        "\u{feff}--- # doc\r\nid: x\r\nnote: |\r\n  line\r\n  line\r\nlist: [a, \"b\", 'c', {d: e}]\r\n",
        "base: &b {x: 1, y: [2, 3]}\nuse: *b\n*b : k\n? [c]\n: v\nblk: >-\n  é ü 城\n...\n--- x\n",
        "- !!str &a \"q\\\"uote\"\n- !<t> 'it''s'\n- &c !t\n- *c\n- ? k\n  : v\n- [[], {}, [a: b]]\n",
        "%YAML 1.2\n%TAG !e! tag:example.com,2000:\n---\n!e!foo\nkey:\n  - |2\n     x\n  - >+\n\n  - \"multi\n    line\"\n",
    ];

    #[test]
    fn every_prefix_is_safe() {
        for sample in SAMPLES {
            for (end, _) in sample.char_indices().chain([(sample.len(), ' ')]) {
                let text = &sample[..end];
                if let Some(ix) = SpanIndex::new(text) {
                    check_consistent(text, &ix);
                    for path in ["", "[0]", "id", "[0].roles[0].date", "list[1]", "key[1]"] {
                        let pos = ix.best(&SpanIndex::path(path));
                        assert!(pos.offset <= text.len());
                    }
                }
            }
        }
    }

    #[test]
    fn mutations_are_safe() {
        // A small deterministic generator (no dependency on a fuzzing crate).
        let mut state: u64 = 0x9e37_79b9_7f4a_7c15;
        let mut next = move |bound: usize| {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            usize::try_from(state % bound as u64).unwrap_or(0)
        };
        let pieces = [
            "[", "]", "{", "}", ",", ":", ": ", "- ", "? ", "&a ", "*a", "!t ", "!<x>", "|", ">-", "#", "\"", "'",
            "\\", "\n", "\r\n", "\r", "\t", " ", "  ", "---\n", "...\n", "%", "@", "é", "城", "\u{feff}", "\u{85}",
            "\u{2028}", "\0",
        ];
        for sample in SAMPLES {
            let starts: Vec<usize> = sample.char_indices().map(|(i, _)| i).collect();
            for _ in 0..300 {
                let mut text = String::from(*sample);
                for _ in 0..1 + next(3) {
                    let at = starts[next(starts.len())].min(text.len());
                    if !text.is_char_boundary(at) {
                        continue;
                    }
                    if next(4) == 0 {
                        let stop = text[at..].chars().next().map_or(at, |c| at + c.len_utf8());
                        text.replace_range(at..stop, "");
                    } else {
                        text.insert_str(at, pieces[next(pieces.len())]);
                    }
                }
                if let Some(ix) = SpanIndex::new(&text) {
                    check_consistent(&text, &ix);
                }
            }
        }
    }
}
