//! Static assets: theme files copied to the output, with CSS and JavaScript given a
//! content hash in their names (`style.3f2a9c1b.css`) so browsers can cache them forever.

use crate::output::OutputFile;
use crate::theme::Theme;
use std::collections::BTreeMap;

/// Output files for the theme's static assets, and a map from each asset's plain name to
/// its fingerprinted name, for templates (`assets["style.css"]`).
pub fn fingerprint(theme: &Theme) -> (Vec<OutputFile>, BTreeMap<String, String>) {
    let mut files = Vec::new();
    let mut names = BTreeMap::new();
    for (path, bytes) in &theme.statics {
        let out = match path.rsplit_once('.') {
            Some((stem, ext)) if ext == "css" || ext == "js" => format!("{stem}.{:08x}.{ext}", hash32(bytes)),
            _ => path.clone(),
        };
        names.insert(path.clone(), out.clone());
        files.push(OutputFile { path: out, bytes: bytes.clone() });
    }
    (files, names)
}

fn hash32(bytes: &[u8]) -> u32 {
    let mut h: u32 = 0x811c_9dc5;
    for b in bytes {
        h ^= u32::from(*b);
        h = h.wrapping_mul(0x0100_0193);
    }
    h
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn css_and_js_are_fingerprinted_other_files_are_not() {
        let mut theme = Theme::default();
        theme.statics.insert("style.css".into(), b"a{}".to_vec());
        theme.statics.insert("robots.txt".into(), b"x".to_vec());
        let (files, names) = fingerprint(&theme);
        assert!(names["style.css"].starts_with("style.") && names["style.css"].ends_with(".css"));
        assert_ne!(names["style.css"], "style.css");
        assert_eq!(names["robots.txt"], "robots.txt");
        assert_eq!(files.len(), 2);
    }
}
