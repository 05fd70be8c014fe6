//! One module per subcommand, each an argument struct with its own `run()`.

pub mod build;
pub mod check;
pub mod new;
pub mod serve;

use std::io::IsTerminal;
use std::path::Path;

use puente::diagnostic::Report;

/// Prints a report to stderr, with source snippets, in colour on a terminal.
pub fn print_report(root: &Path, report: &Report) {
    let color = std::io::stderr().is_terminal();
    eprintln!("{}", puente::report::render(root, report, color));
}
