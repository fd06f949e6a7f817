//! The command line, in one place.

use clap::{Parser, Subcommand, ValueEnum};
use std::path::PathBuf;

/// gloss: build annotated editions of history texts as static websites.
#[derive(Debug, Parser)]
#[command(name = "gloss", version, about, long_about = None)]
pub struct Cli {
    /// What to do.
    #[command(subcommand)]
    pub command: Command,
}

/// Options shared by commands that read an edition.
#[derive(Debug, clap::Args)]
pub struct RootArgs {
    /// The edition's root folder (holding content/ and themes/).
    #[arg(long, default_value = ".", value_name = "DIR")]
    pub root: PathBuf,
}

/// How to print diagnostics.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// For people: file:line:column, the line, a marker and a hint.
    #[default]
    Human,
    /// One JSON document with every diagnostic, for tools.
    Json,
}

/// The commands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Build the site into the output folder (replaced atomically, only on success).
    Build {
        /// The edition root.
        #[command(flatten)]
        root: RootArgs,
        /// Where to write the site [default: ROOT/output].
        #[arg(long, value_name = "DIR")]
        out: Option<PathBuf>,
        /// Print nothing but errors.
        #[arg(long, short)]
        quiet: bool,
        /// Print every warning (by default only their number; `gloss check` lists them).
        #[arg(long, short)]
        verbose: bool,
        /// Print how long each stage of the build took.
        #[arg(long)]
        timings: bool,
        /// The URL the site will be published at, overriding `base_url` in the
        /// configuration (for canonical links, the sitemap and structured data).
        #[arg(long, value_name = "URL")]
        base_url: Option<String>,
        /// Replace the output folder even if gloss did not make it (it is deleted as a
        /// whole). Never allowed for the edition itself, its folders, a folder containing
        /// it, a folder holding `.git`, the home folder or `/`.
        #[arg(long)]
        force: bool,
    },
    /// Check the edition for problems without writing anything.
    Check {
        /// The edition root.
        #[command(flatten)]
        root: RootArgs,
        /// Output format for diagnostics.
        #[arg(long, value_enum, default_value_t = Format::Human)]
        format: Format,
        /// List every warning (by default, at most 10 of each kind are printed).
        #[arg(long)]
        all: bool,
    },
    /// Build the site into memory and serve it for preview, rebuilding and reloading open
    /// pages on every change.
    Serve {
        /// The edition root.
        #[command(flatten)]
        root: RootArgs,
        /// Port to listen on (0 picks a free one).
        #[arg(long, short, default_value_t = 1111)]
        port: u16,
        /// Address to listen on: an IP address (127.0.0.1, ::1, 0.0.0.0) or a host name
        /// such as localhost; only this machine by default.
        #[arg(long, default_value = "127.0.0.1")]
        bind: String,
        /// Most connections open at once, live-reload streams included; one more is
        /// answered 503 (Service Unavailable).
        #[arg(long, default_value_t = 128, value_name = "N")]
        max_connections: usize,
        /// Most pages live-reloading at once (below --max-connections); a page beyond
        /// that is still served but does not reload by itself.
        #[arg(long, default_value_t = 32, value_name = "N")]
        max_live_clients: usize,
    },
    /// Report the names in the text that no annotation covers, and the share linked.
    Coverage {
        /// The edition root.
        #[command(flatten)]
        root: RootArgs,
        /// Output format.
        #[arg(long, value_enum, default_value_t = Format::Human)]
        format: Format,
        /// How many unlinked names to list per chapter.
        #[arg(long, default_value_t = 40)]
        limit: usize,
    },
    /// Create a new, minimal edition that checks and builds clean.
    New {
        /// The folder to create.
        dir: PathBuf,
    },
    /// Write the JSON Schemas of the YAML files (for editor autocompletion and validation).
    Schema {
        /// Where to write them.
        #[arg(long, default_value = "docs/schema", value_name = "DIR")]
        out: PathBuf,
    },
    /// Convert a plain-text chapter (one paragraph per line, [n] endnote markers) to a
    /// Markdown chapter with front matter.
    Import {
        /// The plain-text file to convert.
        file: PathBuf,
        /// Chapter title.
        #[arg(long)]
        title: String,
        /// Chapter number in the edition.
        #[arg(long)]
        number: u32,
        /// Slug [default: from the title].
        #[arg(long)]
        slug: Option<String>,
        /// Chapter number in the original book (e.g. XXXV).
        #[arg(long)]
        original_chapter: Option<String>,
        /// Bibliographic source of the text.
        #[arg(long)]
        source: Option<String>,
        /// Translation credit.
        #[arg(long)]
        translation: Option<String>,
        /// Write the Markdown here [default: standard output].
        #[arg(long, short, value_name = "FILE")]
        output: Option<PathBuf>,
        /// Overwrite the output file if it exists.
        #[arg(long)]
        force: bool,
    },
}
