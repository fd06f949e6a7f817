//! Not minifying twice what gloss wrote compactly itself. A chapter's text and an index's
//! locators are real HTML values in their templates' contexts (a template may place,
//! wrap or filter them like any value), and every page is minified. But those blocks are
//! most of a large page and already compact, and minifying them again took most of the
//! rendering time. So after a page is rendered, each block that the page contains
//! *verbatim* is set aside for the minifier's pass and put back after it. A block a
//! template changed is not found, and is minified with the rest.
//!
//! While the page is minified, a set-aside block is represented by a marker made of
//! private-use characters around a number drawn at random for each run, so no text of the
//! edition can contain one.

/// The start of every marker of this run.
fn prefix() -> &'static str {
    static PREFIX: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    PREFIX.get_or_init(|| {
        use std::hash::{BuildHasher, Hasher};
        // the standard library seeds each RandomState from the system's randomness
        let random = std::collections::hash_map::RandomState::new().build_hasher().finish();
        format!("\u{e000}gloss-verbatim-{random:016x}-")
    })
}

const CLOSE: &str = "\u{e001}";

/// Minify `html` with `minify`, leaving untouched each of `blocks` that `html` contains
/// verbatim, in the order given (a block not found is minified with the page).
pub fn minify_around(html: &str, blocks: &[String], minify: impl Fn(&[u8]) -> Vec<u8>) -> Vec<u8> {
    if blocks.is_empty() {
        return minify(html.as_bytes());
    }
    // find the blocks in order, each after the one before
    let mut marked = String::with_capacity(html.len() / 2);
    let mut kept: Vec<&str> = Vec::new();
    let mut at = 0;
    for block in blocks.iter().filter(|b| !b.is_empty()) {
        let Some(found) = memchr::memmem::find(&html.as_bytes()[at..], block.as_bytes()) else { continue };
        marked.push_str(&html[at..at + found]);
        marked.push_str(prefix());
        marked.push_str(&kept.len().to_string());
        marked.push_str(CLOSE);
        kept.push(block);
        at += found + block.len();
    }
    marked.push_str(&html[at..]);
    let small = minify(marked.as_bytes());
    // put the blocks back, in one pass
    let open = prefix().as_bytes();
    let finder = memchr::memmem::Finder::new(open);
    let mut out = Vec::with_capacity(small.len() + kept.iter().map(|b| b.len()).sum::<usize>());
    let mut rest = &small[..];
    while let Some(i) = finder.find(rest) {
        let after = &rest[i + open.len()..];
        let digits = after.iter().take_while(|b| b.is_ascii_digit()).count();
        let block = std::str::from_utf8(&after[..digits])
            .ok()
            .and_then(|d| d.parse::<usize>().ok())
            .filter(|_| after[digits..].starts_with(CLOSE.as_bytes()))
            .and_then(|k| kept.get(k));
        out.extend_from_slice(&rest[..i]);
        match block {
            Some(b) => {
                out.extend_from_slice(b.as_bytes());
                rest = &after[digits + CLOSE.len()..];
            }
            None => {
                out.extend_from_slice(open);
                rest = after;
            }
        }
    }
    out.extend_from_slice(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn squeeze(b: &[u8]) -> Vec<u8> {
        String::from_utf8_lossy(b).replace("  ", "").into_bytes()
    }

    #[test]
    fn verbatim_blocks_skip_the_minifier_and_changed_ones_do_not() {
        let blocks = vec!["<p>a  b</p>".to_string(), "<i>x  y</i>".to_string(), "<b>gone  </b>".to_string()];
        // the template placed the first two as they are, and changed the third
        let page = "<main>  <p>a  b</p>  <i>x  y</i>  <B>GONE  </B></main>";
        let out = String::from_utf8(minify_around(page, &blocks, squeeze)).unwrap();
        assert_eq!(out, "<main><p>a  b</p><i>x  y</i><B>GONE</B></main>");
        // no blocks: the whole page is minified
        assert_eq!(minify_around("a  b", &[], squeeze), b"ab");
        // text that looks like a marker without this run's number moves nothing
        let forged = "\u{e000}gloss-verbatim-0\u{e001}<p>a  b</p>";
        let out = String::from_utf8(minify_around(forged, &blocks[..1], squeeze)).unwrap();
        assert_eq!(out, forged);
    }
}
