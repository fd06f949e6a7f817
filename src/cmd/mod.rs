//! One module per command. Each returns an exit code; none calls `process::exit`.

pub mod build;
pub mod check;
pub mod coverage;
pub mod import;
pub mod new;
pub mod schema;

use crate::diagnostics::Diagnostics;
use std::io::IsTerminal;

/// Exit code: success.
pub const EXIT_OK: u8 = 0;
/// Exit code: the input has errors the user must fix.
pub const EXIT_USER_ERROR: u8 = 1;
/// Exit code: an internal or environment failure (I/O).
pub const EXIT_INTERNAL: u8 = 2;

/// Whether to colour output on standard error: only on a terminal, and never when
/// `NO_COLOR` is set.
pub fn use_color() -> bool {
    std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty()) && std::io::stderr().is_terminal()
}

/// How many warnings of one kind are printed before the rest are summarised.
pub const WARNINGS_PER_CODE: usize = 10;

/// Print diagnostics for people on standard error, with a closing count. Errors are all
/// printed; warnings beyond [`WARNINGS_PER_CODE`] of one kind are counted, unless `all`.
pub fn print_diagnostics(diags: &Diagnostics, all: bool) {
    let color = use_color();
    let mut per_code: std::collections::BTreeMap<&str, usize> = std::collections::BTreeMap::new();
    for d in &diags.0 {
        let n = per_code.entry(d.code).or_insert(0);
        *n += 1;
        if all || d.is_error() || *n <= WARNINGS_PER_CODE {
            eprintln!("{}\n", d.render(color));
        }
    }
    if !all {
        for (code, n) in &per_code {
            let hidden =
                diags.0.iter().filter(|d| d.code == *code && !d.is_error()).count().saturating_sub(WARNINGS_PER_CODE);
            if hidden > 0 && *n > WARNINGS_PER_CODE {
                eprintln!("… and {hidden} more `{code}` warnings (`gloss check --all` lists them all)\n");
            }
        }
    }
    let (e, w) = (diags.error_count(), diags.warning_count());
    if e + w > 0 {
        eprintln!("{} error{}, {} warning{}", e, if e == 1 { "" } else { "s" }, w, if w == 1 { "" } else { "s" });
    }
}
