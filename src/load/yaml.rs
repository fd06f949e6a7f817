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
    serde_yaml::from_str::<T>(text).map_err(|e| to_diagnostic(file, full_text, &e, line_offset))
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
        if !path.is_empty()
            && !path.contains(' ')
            && (path.starts_with('.') || path.contains('[') || path.contains('.'))
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
    let rest = message.strip_prefix(crate::model::edtf::DESERIALIZE_PREFIX)?;
    let n = rest.split("(at character ").nth(1)?.split(')').next()?;
    n.parse().ok()
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
    if message.contains("duplicate entry") || message.contains("duplicate key") {
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
    fn bom_and_crlf_are_accepted() {
        assert_eq!(decode_text(Path::new("x"), b"\xEF\xBB\xBFa: 1\r\nb: 2\r\n").unwrap(), "a: 1\nb: 2\n");
    }
}
