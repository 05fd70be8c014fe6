//! One module per subcommand, each an argument struct with its own `run()`.

pub mod build;
pub mod check;
pub mod new;
pub mod serve;

use std::io::{ErrorKind, IsTerminal};
use std::path::Path;

use puente::diagnostic::{Diagnostic, Report};

/// Prints a report to stderr, with source snippets, in colour on a terminal.
pub fn print_report(root: &Path, report: &Report) {
    let color = std::io::stderr().is_terminal();
    eprintln!("{}", puente::report::render(root, report, color));
}

/// What every command says when `root` is not a project (no `site.toml` in it), in plain words
/// instead of a failed read; `None` when there is a `site.toml` to read (whatever is wrong with
/// it is then the build's to report).
pub fn not_a_project(root: &Path) -> Option<Diagnostic> {
    let absolute = std::path::absolute(root).unwrap_or_else(|_| root.to_path_buf());
    let folder = absolute.display();
    let message = match std::fs::metadata(root) {
        Err(e) if e.kind() == ErrorKind::NotFound => {
            format!("no `site.toml` found: the folder {folder} does not exist")
        }
        Ok(meta) if !meta.is_dir() => {
            format!("no `site.toml` found: {folder} is a file, not a project folder")
        }
        _ => match std::fs::symlink_metadata(root.join(puente::layout::SITE_TOML)) {
            Err(e) if e.kind() == ErrorKind::NotFound => {
                format!("no `site.toml` found in the folder {folder}: it is not a Puente project")
            }
            _ => return None,
        },
    };
    Some(Diagnostic::new(absolute.join(puente::layout::SITE_TOML), message).hint(
        "run puente inside a project (the folder that holds site.toml), or pass `--root <folder>`",
    ))
}

/// Prints the not-a-project problem, if any, and says whether the command may go on.
pub fn require_project(root: &Path) -> bool {
    match not_a_project(root) {
        Some(problem) => {
            print_report(root, &problem.into());
            false
        }
        None => true,
    }
}
