//! Slugs: the ids of chapters and entities, which also become file names in `output/`.
//! A slug is lowercase ASCII letters and digits in runs joined by single hyphens, so it can
//! never hold a path separator, `..`, a space or a look-alike character.

/// Whether `s` is a valid slug: `[a-z0-9]+(-[a-z0-9]+)*`, at most 100 bytes.
pub fn is_slug(s: &str) -> bool {
    !s.is_empty()
        && s.len() <= 100
        && s.split('-')
            .all(|part| !part.is_empty() && part.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit()))
}

/// Turn any text into a slug: accented Latin letters lose their accents, other characters
/// become hyphens, runs of hyphens collapse. Returns `"x"` for text with no usable letters.
/// This is gloss's one slug function: ids, section anchors, index letters and the
/// importer's heading anchors all come from it.
pub fn slugify(text: &str) -> String {
    let out = slug_of(text);
    if out.is_empty() {
        "x".to_string()
    } else {
        out
    }
}

/// [`slugify`], but empty for text with no usable letters or digits (the caller picks the
/// fallback).
pub fn slug_of(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut pending_hyphen = false;
    for c in text.chars() {
        if ('\u{300}'..='\u{36f}').contains(&c) {
            continue; // a combining accent: "E\u{301}mile" -> "emile"
        }
        let mapped = fold(c);
        if mapped.is_empty() {
            if c == '\'' || c == '’' {
                continue; // "Trotsky's" -> "trotskys"
            }
            pending_hyphen = !out.is_empty();
            continue;
        }
        if pending_hyphen {
            out.push('-');
            pending_hyphen = false;
        }
        out.push_str(mapped);
    }
    out
}

fn fold(c: char) -> &'static str {
    const ASCII: [&str; 36] = [
        "a", "b", "c", "d", "e", "f", "g", "h", "i", "j", "k", "l", "m", "n", "o", "p", "q", "r", "s", "t", "u", "v",
        "w", "x", "y", "z", "0", "1", "2", "3", "4", "5", "6", "7", "8", "9",
    ];
    let lower = c.to_ascii_lowercase();
    if lower.is_ascii_lowercase() {
        return ASCII[(lower as u8 - b'a') as usize];
    }
    if lower.is_ascii_digit() {
        return ASCII[26 + (lower as u8 - b'0') as usize];
    }
    transliterate(c.to_lowercase().next().unwrap_or(c)).unwrap_or("")
}

/// ASCII transliteration of common accented Latin letters (lowercase input).
fn transliterate(c: char) -> Option<&'static str> {
    Some(match c {
        'à' | 'á' | 'â' | 'ã' | 'ä' | 'å' | 'ā' | 'ă' | 'ą' => "a",
        'æ' => "ae",
        'ç' | 'ć' | 'ĉ' | 'ċ' | 'č' => "c",
        'ď' | 'đ' | 'ð' => "d",
        'è' | 'é' | 'ê' | 'ë' | 'ē' | 'ĕ' | 'ė' | 'ę' | 'ě' => "e",
        'ĝ' | 'ğ' | 'ġ' | 'ģ' => "g",
        'ĥ' | 'ħ' => "h",
        'ì' | 'í' | 'î' | 'ï' | 'ĩ' | 'ī' | 'ĭ' | 'į' | 'ı' => "i",
        'ĳ' => "ij",
        'ĵ' => "j",
        'ķ' => "k",
        'ĺ' | 'ļ' | 'ľ' | 'ŀ' | 'ł' => "l",
        'ñ' | 'ń' | 'ņ' | 'ň' => "n",
        'ò' | 'ó' | 'ô' | 'õ' | 'ö' | 'ø' | 'ō' | 'ŏ' | 'ő' => "o",
        'œ' => "oe",
        'ŕ' | 'ŗ' | 'ř' => "r",
        'ś' | 'ŝ' | 'ş' | 'š' | 'ș' => "s",
        'ß' => "ss",
        'ţ' | 'ť' | 'ŧ' | 'ț' => "t",
        'þ' => "th",
        'ù' | 'ú' | 'û' | 'ü' | 'ũ' | 'ū' | 'ŭ' | 'ů' | 'ű' | 'ų' => "u",
        'ŵ' => "w",
        'ý' | 'ÿ' | 'ŷ' => "y",
        'ź' | 'ż' | 'ž' => "z",
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs_are_strict() {
        assert!(is_slug("smirnov-ivan"));
        assert!(is_slug("1927"));
        for bad in ["", "A", "a--b", "-a", "a-", "a/b", "..", "a b", "а", "a.b", "a_b"] {
            assert!(!is_slug(bad), "{bad:?} accepted");
        }
    }

    #[test]
    fn slugify_folds_accents_and_punctuation() {
        assert_eq!(slugify("The “Chinese Discussion”"), "the-chinese-discussion");
        assert_eq!(slugify("Broué’s Trotsky"), "broues-trotsky");
        assert_eq!(slugify("Fifteenth Congress of the CPSU"), "fifteenth-congress-of-the-cpsu");
        assert_eq!(slugify("—"), "x");
        assert_eq!(slug_of("—"), "");
        assert_eq!(slugify("  --Léviné-Meyer, Rosa!  "), "levine-meyer-rosa");
        assert_eq!(slugify("Straße Łódź Æther Œuvre"), "strasse-lodz-aether-oeuvre");
        assert_eq!(slugify("E\u{301}mile"), "emile");
        assert_eq!(slugify("1926–27"), "1926-27");
        assert!(is_slug(&slugify("../../etc/passwd")));
    }
}
