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
pub fn slugify(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut pending_hyphen = false;
    for c in text.chars() {
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
    if out.is_empty() {
        out.push('x');
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
    match c {
        'à' | 'á' | 'â' | 'ã' | 'ä' | 'å' | 'À' | 'Á' | 'Â' | 'Ã' | 'Ä' | 'Å' => "a",
        'æ' | 'Æ' => "ae",
        'ç' | 'Ç' | 'č' | 'Č' | 'ć' | 'Ć' => "c",
        'è' | 'é' | 'ê' | 'ë' | 'È' | 'É' | 'Ê' | 'Ë' | 'ě' | 'ę' => "e",
        'ì' | 'í' | 'î' | 'ï' | 'Ì' | 'Í' | 'Î' | 'Ï' => "i",
        'ñ' | 'Ñ' | 'ń' => "n",
        'ò' | 'ó' | 'ô' | 'õ' | 'ö' | 'ø' | 'Ò' | 'Ó' | 'Ô' | 'Õ' | 'Ö' | 'Ø' => "o",
        'œ' | 'Œ' => "oe",
        'ù' | 'ú' | 'û' | 'ü' | 'Ù' | 'Ú' | 'Û' | 'Ü' => "u",
        'ý' | 'ÿ' | 'Ý' => "y",
        'ß' => "ss",
        'š' | 'Š' | 'ś' => "s",
        'ž' | 'Ž' | 'ź' | 'ż' => "z",
        'ł' | 'Ł' => "l",
        _ => "",
    }
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
        assert!(is_slug(&slugify("../../etc/passwd")));
    }
}
