//! `gloss new DIR`: scaffold a minimal edition (configuration, one chapter with its
//! sidecar, one person, one event, one term, the JSON Schemas) that checks and builds clean.

use super::{EXIT_INTERNAL, EXIT_OK, EXIT_USER_ERROR};
use std::path::{Path, PathBuf};

const FILES: &[(&str, &str)] = &[
    (
        ".gitignore",
        "/output\n",
    ),
    (
        "README.md",
        "# A new edition\n\nMade with `gloss new`. Edit the files under `content/`, then:\n\n- `gloss check` checks every file and says where anything is wrong;\n- `gloss serve` shows the edition at http://127.0.0.1:1111/ and reloads it as you edit;\n- `gloss build` writes the site into `output/`, ready to upload.\n",
    ),
    (
        "content/edition.yaml",
        "# yaml-language-server: $schema=../schema/edition.schema.json\ntitle: \"A New Edition\"\nsubtitle: \"An annotated text\"\nauthors: [\"The Author\"]\neditors: [\"The Editors\"]\nlanguage: en\n# where the site will be published, e.g. \"https://example.net/edition/\" (or pass --base-url)\nbase_url: \"/\"\n",
    ),
    (
        "content/chapters/01-the-first-chapter.md",
        "---\ntitle: \"The First Chapter\"\nnumber: 1\nslug: \"the-first-chapter\"\nsource: \"Where the text comes from\"\n---\n\n## A Beginning\n\nIn 1927 Ada Lovelace was long dead, but the Opposition read her notes at the Fifteenth Congress. [^1]\n\nThis paragraph has a mistake which the editors correct without changing the text.\n\n[^1]: The author's note, where the edition has it.\n",
    ),
    (
        "content/chapters/01-the-first-chapter.yaml",
        "# yaml-language-server: $schema=../../schema/sidecar.schema.json\nnotes:\n  - quote: read her notes\n    note: An editorial note, shown beside the text.\nemendations:\n  - quote: a mistake which\n    sic: which\n    corr: that\n    reason: An example of a correction; the printed reading stays one click away.\n",
    ),
    (
        "content/people/people.yaml",
        "# yaml-language-server: $schema=../../schema/person.schema.json\n- id: lovelace\n  name: Ada Lovelace\n  sort_name: Lovelace, Ada\n  aliases: [Ada Lovelace, Lovelace]\n  born: 1815-12-10\n  died: 1852-11-27\n  summary: Mathematician; an example entry.\n  bio: |\n    A biography in Markdown, in the editors' own words.\n  sources: [\"Name the sources of every entry\"]\n",
    ),
    (
        "content/events/events.yaml",
        "# yaml-language-server: $schema=../../schema/event.schema.json\n- id: fifteenth-congress\n  title: Fifteenth Congress\n  kind: congress\n  date: 1927-12-02/1927-12-19\n  summary: An example event, dated with EDTF.\n  aliases: [the Fifteenth Congress]\n  sources: [\"Name the sources of every entry\"]\n",
    ),
    (
        "content/glossary/terms.yaml",
        "# yaml-language-server: $schema=../../schema/term.schema.json\n- id: opposition\n  term: Opposition\n  kind: organisation\n  definition: An example glossary entry, in Markdown.\n  sources: [\"Name the sources of every entry\"]\n",
    ),
];

/// Run `gloss new`.
pub fn run(dir: PathBuf) -> u8 {
    if dir.exists() && std::fs::read_dir(&dir).map(|mut d| d.next().is_some()).unwrap_or(true) {
        eprintln!("error: {} already exists and is not empty\n  = hint: choose a new folder name", dir.display());
        return EXIT_USER_ERROR;
    }
    match write(&dir) {
        Ok(()) => {
            println!("Created a new edition in {}", dir.display());
            println!("Next: cd {} && gloss serve", dir.display());
            EXIT_OK
        }
        Err(e) => {
            eprintln!("error: cannot create the edition in {}: {e}", dir.display());
            EXIT_INTERNAL
        }
    }
}

fn write(dir: &Path) -> std::io::Result<()> {
    for (path, text) in FILES {
        let p = dir.join(path);
        if let Some(parent) = p.parent() {
            std::fs::create_dir_all(parent)?;
        }
        std::fs::write(p, text)?;
    }
    std::fs::create_dir_all(dir.join("schema"))?;
    for (name, text) in crate::schema::all() {
        std::fs::write(dir.join("schema").join(name), text)?;
    }
    Ok(())
}
