//! The `gloss` command: parse the command line, run a command, exit with its code.

use clap::Parser;
use gloss::cli::{Cli, Command};
use gloss::cmd;
use std::process::ExitCode;

fn main() -> ExitCode {
    let cli = Cli::parse();
    let code = match cli.command {
        Command::Build { root, out, quiet, verbose, timings, base_url } => {
            cmd::build::run(cmd::build::BuildArgs { root: root.root, out, quiet, verbose, timings, base_url })
        }
        Command::Check { root, format, all } => cmd::check::run(root.root, format, all),
        Command::Schema { out } => cmd::schema::run(out),
        Command::New { dir } => cmd::new::run(dir),
        Command::Serve { root, port, bind } => {
            match gloss::serve::run(gloss::serve::ServeOptions { root: root.root, bind, port }) {
                Ok(()) => 0,
                Err(e) => {
                    eprintln!("error: {e}");
                    2
                }
            }
        }
        Command::Coverage { root, format, limit } => cmd::coverage::run(root.root, format, limit),
        Command::Import { file, title, number, slug, original_chapter, source, translation, output } => {
            let slug = slug.unwrap_or_else(|| gloss::model::slug::slugify(&title));
            cmd::import::run(cmd::import::ImportArgs {
                file,
                meta: gloss::import::ImportMeta { title, number, slug, original_chapter, source, translation },
                output,
            })
        }
    };
    ExitCode::from(code)
}

#[global_allocator]
static ALLOC: mimalloc::MiMalloc = mimalloc::MiMalloc;
