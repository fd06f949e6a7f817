//! One module per command. Each returns an exit code; none calls `process::exit`.

pub mod build;
pub mod check;
pub mod import;

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

/// Print diagnostics for people on standard error, with a closing count.
pub fn print_diagnostics(diags: &Diagnostics) {
    let color = use_color();
    for d in &diags.0 {
        eprintln!("{}\n", d.render(color));
    }
    let (e, w) = (diags.error_count(), diags.warning_count());
    if e + w > 0 {
        eprintln!("{} error{}, {} warning{}", e, if e == 1 { "" } else { "s" }, w, if w == 1 { "" } else { "s" });
    }
}
