//! Shared YAML reading: decoding bytes to text, parsing with `serde_yaml`, and turning its
//! errors into [`Diagnostic`]s with file, line, column and a hint.

use crate::diagnostics::{Diagnostic, Location};
use serde::de::DeserializeOwned;
use std::path::Path;

/// Decode a file's bytes as UTF-8 text, stripping a byte-order mark and normalising Windows
/// line endings. Invalid UTF-8 is reported at the first bad byte.
pub fn decode_text(file: &Path, bytes: &[u8]) -> Result<String, Diagnostic> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    match std::str::from_utf8(bytes) {
        Ok(s) => Ok(if s.contains('\r') { s.replace("\r\n", "\n") } else { s.to_string() }),
        Err(e) => {
            let good = e.valid_up_to();
            let lossy = String::from_utf8_lossy(bytes);
            let prefix = String::from_utf8_lossy(&bytes[..good]);
            Err(Diagnostic::error("encoding", "this file is not valid UTF-8 text")
                .in_file(file)
                .at(&lossy, Location::from_offset(&prefix, good))
                .with_hint(format!(
                    "the byte at offset {good} is not UTF-8; save the file as UTF-8 (most editors have an \"encoding\" setting)"
                )))
        }
    }
}

/// Parse `text` (the contents of `file`) into `T`. `line_offset` is the number of lines
/// before `text` in the file (for YAML front matter), so reported lines match the file.
pub fn parse<T: DeserializeOwned>(
    file: &Path,
    full_text: &str,
    text: &str,
    line_offset: usize,
) -> Result<T, Diagnostic> {
    if let Some(d) = too_long(file, text, line_offset) {
        return Err(d);
    }
    if let Some(at) = too_deep(text) {
        return Err(Diagnostic::error("too-deep", format!("the document nests more than {MAX_DEPTH} levels deep"))
            .in_file(file)
            .at(full_text, Location { line: at.line() + line_offset, column: at.col() + 1 })
            .with_hint("the document nests too deeply to be an annotation file"));
    }
    serde_yaml::from_str::<T>(text).map_err(|e| {
        let d = to_diagnostic(file, full_text, &e, line_offset);
        match (d.code, duplicate_key(text)) {
            // serde_yaml points at the mapping; point at the repeated key instead
            ("duplicate-key", Some(at)) => {
                d.at(full_text, Location { line: at.line() + line_offset, column: at.col() + 1 })
            }
            _ => d,
        }
    })
}

/// The longest line accepted in a YAML file, in bytes: a bound on every one-line value (a
/// `summary`, a name), checked before the YAML parser allocates anything. A single 200 MB
/// `summary` once made a build use gigabytes, since a summary is copied into every page
/// that mentions the entity. Longer texts belong in block scalars (`bio: |`), whose size is
/// bounded field by field (see `crate::validate::FIELD_LIMITS`).
pub const MAX_LINE_BYTES: usize = 1 << 20;

/// A diagnostic for the first line of `text` longer than [`MAX_LINE_BYTES`], if any. The
/// line is not copied: the diagnostic quotes its beginning only.
fn too_long(file: &Path, text: &str, line_offset: usize) -> Option<Diagnostic> {
    for (number, line) in text.split('\n').enumerate() {
        if line.len() > MAX_LINE_BYTES {
            let cut = (0..=MAX_LINE_BYTES).rev().find(|&i| line.is_char_boundary(i)).unwrap_or(0);
            let column = line[..cut].chars().count() + 1;
            let shown = (0..=80.min(line.len())).rev().find(|&i| line.is_char_boundary(i)).unwrap_or(0);
            let mut d = Diagnostic::error(
                "too-long",
                format!("line {} is {} bytes long; at most {MAX_LINE_BYTES} are accepted", number + 1 + line_offset, line.len()),
            )
            .in_file(file)
            .with_hint("a one-line value (a summary, a name) must be short; write long texts as a block (`bio: |`) of several lines");
            d.location = Some(Location { line: number + 1 + line_offset, column });
            d.source_line = Some(format!("{}…", &line[..shown]));
            return Some(d);
        }
    }
    None
}

/// Collections nested deeper than this are refused before `serde_yaml` reads the
/// document: it stops at 128 levels itself, but only after libyaml has scanned the whole
/// text, which takes time quadratic in the depth of flow collections (minutes for a line
/// of 100,000 `[` or `{a: `).
pub const MAX_DEPTH: usize = 128;

/// Where a collection opens more than [`MAX_DEPTH`] levels deep, if one does.
fn too_deep(text: &str) -> Option<saphyr_parser::Marker> {
    // A cheap bound first: no document can nest deeper in flow style than it has unclosed
    // brackets, and block nesting costs serde_yaml only linear time.
    let (mut open, mut max) = (0usize, 0usize);
    for b in text.bytes() {
        match b {
            b'[' | b'{' => {
                open += 1;
                max = max.max(open);
            }
            b']' | b'}' => open = open.saturating_sub(1),
            _ => {}
        }
    }
    if max <= MAX_DEPTH {
        return None;
    }
    let mut depth = 0usize;
    for event in saphyr_parser::Parser::new_from_str(text) {
        let (event, span) = match event {
            Ok(e) => e,
            // saphyr-parser stops at 255 open flow collections, possibly while looking ahead
            Err(e) if e.info().contains("recursion limit") => return Some(*e.marker()),
            Err(_) => return None,
        };
        match event {
            saphyr_parser::Event::SequenceStart(..) | saphyr_parser::Event::MappingStart(..) => {
                depth += 1;
                if depth > MAX_DEPTH {
                    return Some(span.start);
                }
            }
            saphyr_parser::Event::SequenceEnd | saphyr_parser::Event::MappingEnd => depth = depth.saturating_sub(1),
            _ => {}
        }
    }
    None
}

/// Where the first key repeated within one mapping is.
fn duplicate_key(text: &str) -> Option<saphyr_parser::Marker> {
    use saphyr_parser::Event;
    // per open collection: for a mapping, the keys seen and whether the next node is a key
    enum Frame {
        Seq,
        Map { keys: std::collections::HashSet<String>, key_next: bool },
    }
    let mut frames: Vec<Frame> = Vec::new();
    for event in saphyr_parser::Parser::new_from_str(text) {
        let (event, span) = event.ok()?;
        // a node is a key when it comes where the innermost mapping expects one
        let is_key = match frames.last_mut() {
            Some(Frame::Map { key_next, .. }) if !matches!(event, Event::SequenceEnd | Event::MappingEnd) => {
                let k = *key_next;
                *key_next = !k;
                k
            }
            _ => false,
        };
        match event {
            Event::Scalar(value, ..) if is_key => {
                if let Some(Frame::Map { keys, .. }) = frames.last_mut() {
                    if !keys.insert(value.into_owned()) {
                        return Some(span.start);
                    }
                }
            }
            Event::SequenceStart(..) => frames.push(Frame::Seq),
            Event::MappingStart(..) => frames.push(Frame::Map { keys: Default::default(), key_next: true }),
            Event::SequenceEnd | Event::MappingEnd => {
                frames.pop();
            }
            Event::DocumentEnd | Event::StreamEnd => return None,
            _ => {}
        }
    }
    None
}

/// Turn a `serde_yaml` error into a diagnostic with a location and a hint.
pub fn to_diagnostic(file: &Path, full_text: &str, err: &serde_yaml::Error, line_offset: usize) -> Diagnostic {
    let raw = err.to_string();
    // serde_yaml appends " at line L column C" to messages; keep the message clean.
    let mut message = match raw.find(" at line ") {
        Some(i) => raw[..i].to_string(),
        None => raw.clone(),
    };
    // ... and prefixes the path of the value (`.[24]: `, `roles[0].date: `): move it to the end.
    if let Some((path, rest)) = message.split_once(": ") {
        // a top-level key (`authors: invalid type: ...`) has no `.` or `[` to recognise it by
        let from_serde = [
            "invalid type",
            "invalid value",
            "invalid length",
            "unknown field",
            "unknown variant",
            "missing field",
            "duplicate entry",
            crate::model::edtf::DESERIALIZE_PREFIX,
        ]
        .iter()
        .any(|p| rest.starts_with(p));
        if !path.is_empty()
            && !path.contains(' ')
            && (path.starts_with('.') || path.contains('[') || path.contains('.') || from_serde)
        {
            message = format!("{rest} (in `{}`)", path.trim_start_matches('.'));
        }
    }
    let (code, hint) = classify(&message);
    let shift = date_error_column(&message);
    let mut d = Diagnostic::error(code, message).in_file(file);
    if let Some(loc) = err.location() {
        let line = loc.line() + line_offset;
        let mut column = loc.column();
        if let Some(k) = shift {
            // point at the offending character of the date, past an opening quote
            let line_text = full_text.lines().nth(line - 1).unwrap_or("");
            let at = line_text.chars().nth(column - 1);
            column += k - 1 + usize::from(matches!(at, Some('"' | '\'')));
        }
        d = d.at(full_text, Location { line, column });
    }
    match hint {
        Some(h) => d.with_hint(h),
        None => d,
    }
}

/// For an invalid EDTF date, the 1-based character of the date where the problem is.
fn date_error_column(message: &str) -> Option<usize> {
    // The message is `PREFIX "date" (at character N): ...`, the date written with `{:?}`.
    // Skip the quoted date first: it is the editor's text and may itself hold
    // "(at character 0)", which must not be taken for the position (that underflowed
    // `k - 1` in `to_diagnostic`; see tests/fuzz_regressions.rs).
    let rest = message.strip_prefix(crate::model::edtf::DESERIALIZE_PREFIX)?.strip_prefix('"')?;
    let mut escaped = false;
    let (close, _) = rest.char_indices().find(|&(_, c)| {
        let closes = c == '"' && !escaped;
        escaped = c == '\\' && !escaped;
        closes
    })?;
    let n = rest[close + 1..].strip_prefix(" (at character ")?.split(')').next()?;
    n.parse().ok().filter(|&k| k >= 1)
}

fn classify(message: &str) -> (&'static str, Option<String>) {
    if message.starts_with(crate::model::edtf::DESERIALIZE_PREFIX) {
        return ("bad-date", Some("write the date in EDTF: 1927-11-07, 1927-11, 1927, 1927~ (approximate), 1927? (uncertain), 1928-21 (spring), 1926/1927 (interval); see docs/editing.md".into()));
    }
    if let Some(rest) = message.strip_prefix("unknown field `") {
        let field = rest.split('`').next().unwrap_or("");
        let expected: Vec<&str> = rest
            .split("expected ")
            .nth(1)
            .map_or(vec![], |e| e.split('`').enumerate().filter(|(i, _)| i % 2 == 1).map(|(_, s)| s).collect());
        let hint = match did_you_mean(field, &expected) {
            Some(s) => format!("did you mean `{s}`? Allowed keys here: {}", expected.join(", ")),
            None => format!("remove it, or use one of the allowed keys: {}", expected.join(", ")),
        };
        return ("unknown-field", Some(hint));
    }
    if message.starts_with("missing field") {
        return ("missing-field", Some("add the field; see docs/editing.md for what it holds".into()));
    }
    if message.starts_with("unknown variant") {
        return ("unknown-value", Some("use one of the values listed".into()));
    }
    if message.starts_with("invalid type") {
        return ("wrong-type", Some("check the value's form against docs/editing.md (a list needs `- item` lines or `[a, b]`; a text with a colon needs quotes)".into()));
    }
    if message.contains("duplicate entry")
        || message.contains("duplicate key")
        || message.starts_with("duplicate field")
    {
        return ("duplicate-key", Some("a key may appear only once in a mapping: remove or merge one of them".into()));
    }
    if message.contains("recursion limit") {
        return ("too-deep", Some("the document nests too deeply to be an annotation file".into()));
    }
    if message.contains("repetition limit") || message.contains("aliases") && message.contains("limit") {
        return ("alias-bomb", Some("the document expands YAML aliases too many times; write the values out".into()));
    }
    ("yaml-syntax", Some("check indentation, colons and quotes on this line and the one before it".into()))
}

/// The closest candidate to `word` by edit distance, if it is close enough to be a typo.
pub fn did_you_mean<'a>(word: &str, candidates: &[&'a str]) -> Option<&'a str> {
    candidates
        .iter()
        .map(|c| (levenshtein(word, c), *c))
        .filter(|(d, c)| *d <= (c.len().max(word.len()) / 3).max(1) || c.starts_with(word) || word.starts_with(c))
        .min_by_key(|(d, _)| *d)
        .map(|(_, c)| c)
}

fn levenshtein(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut cur = vec![i + 1];
        for (j, cb) in b.iter().enumerate() {
            let cost = usize::from(ca != *cb);
            cur.push((prev[j] + cost).min(prev[j + 1] + 1).min(cur[j] + 1));
        }
        prev = cur;
    }
    prev[b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde::Deserialize;

    #[derive(Debug, Deserialize)]
    #[serde(deny_unknown_fields)]
    #[allow(dead_code)]
    struct Entry {
        id: String,
        aliases: Vec<String>,
    }

    #[test]
    fn unknown_field_suggests_the_right_key_with_location() {
        let text = "id: x\nalias: [a]\n";
        let d = parse::<Entry>(Path::new("p.yaml"), text, text, 0).unwrap_err();
        assert_eq!(d.code, "unknown-field");
        assert_eq!(d.location, Some(Location { line: 2, column: 1 }));
        assert!(d.hint.as_deref().unwrap().starts_with("did you mean `aliases`?"), "{:?}", d.hint);
    }

    #[test]
    fn wrong_types_at_the_top_level_are_classified() {
        #[derive(Debug, Deserialize)]
        #[allow(dead_code)]
        struct Config {
            authors: Vec<String>,
        }
        let text = "authors: Broué\n";
        let d = parse::<Config>(Path::new("edition.yaml"), text, text, 0).unwrap_err();
        assert_eq!(d.code, "wrong-type");
        assert!(
            d.message.starts_with("invalid type: string \"Broué\", expected a sequence (in `authors`)"),
            "{}",
            d.message
        );
    }

    #[test]
    fn front_matter_lines_are_offset() {
        let full = "---\nid: x\nbad: 1\n---\n";
        let d = parse::<Entry>(Path::new("c.md"), full, "id: x\nbad: 1\n", 1).unwrap_err();
        assert_eq!(d.location.unwrap().line, 3);
    }

    #[test]
    fn invalid_utf8_is_located() {
        let d = decode_text(Path::new("x.yaml"), b"id: a\nname: \xff\n").unwrap_err();
        assert_eq!(d.code, "encoding");
        assert_eq!(d.location, Some(Location { line: 2, column: 7 }));
    }

    #[test]
    fn deep_nesting_is_refused_quickly_and_located() {
        for text in ["a: ".to_string() + &"[".repeat(100_000), "a: ".to_string() + &"{a: ".repeat(100_000)] {
            let start = std::time::Instant::now();
            let d = parse::<serde_yaml::Value>(Path::new("x.yaml"), &text, &text, 0).unwrap_err();
            assert!(start.elapsed().as_secs() < 5, "took {:?}", start.elapsed());
            assert_eq!(d.code, "too-deep");
            assert_eq!(d.location.unwrap().line, 1);
        }
        // brackets inside strings do not count
        let text = format!("a: \"{}\"\n", "[".repeat(200));
        assert!(parse::<serde_yaml::Value>(Path::new("x.yaml"), &text, &text, 0).is_ok());
    }

    #[test]
    fn duplicate_keys_point_at_the_second_key() {
        let text = "- id: x\n  aliases: [a]\n- id: y\n  name: A\n  sub: {k: 1}\n  name: B\n";
        let d = parse::<serde_yaml::Value>(Path::new("x.yaml"), text, text, 0).unwrap_err();
        assert_eq!(d.code, "duplicate-key");
        assert_eq!(d.location, Some(Location { line: 6, column: 3 }));
        let front = "---\ntitle: A\ntitle: B\n---\n";
        let d = parse::<serde_yaml::Value>(Path::new("c.md"), front, "title: A\ntitle: B\n", 1).unwrap_err();
        assert_eq!(d.location, Some(Location { line: 3, column: 1 }));
    }

    #[test]
    fn bom_and_crlf_are_accepted() {
        assert_eq!(decode_text(Path::new("x"), b"\xEF\xBB\xBFa: 1\r\nb: 2\r\n").unwrap(), "a: 1\nb: 2\n");
    }
}
