//! `gloss schema`: write the JSON Schemas of every YAML kind (see [`crate::schema`]).

use super::{EXIT_INTERNAL, EXIT_OK};
use std::path::PathBuf;

/// Run `gloss schema`.
pub fn run(out: PathBuf) -> u8 {
    if let Err(e) = std::fs::create_dir_all(&out) {
        eprintln!("error: cannot create {}: {e}", out.display());
        return EXIT_INTERNAL;
    }
    for (name, text) in crate::schema::all() {
        let path = out.join(name);
        if let Err(e) = std::fs::write(&path, text) {
            eprintln!("error: cannot write {}: {e}", path.display());
            return EXIT_INTERNAL;
        }
        println!("wrote {}", path.display());
    }
    EXIT_OK
}
