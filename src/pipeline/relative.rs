//! How a build names the project's files in what it reports: relative to the project root.

use std::path::Path;

use crate::diagnostic::{relative, Diagnostic, Report};

/// A report whose paths (in file names, messages and hints) are shown relative to the project root.
pub(crate) fn relative_report(root: &Path, problems: Vec<Diagnostic>) -> Report {
    let prefix = format!("{}{}", root.display(), std::path::MAIN_SEPARATOR);
    let strip = |text: &str| {
        if prefix.len() > 1 {
            text.replace(&prefix, "")
        } else {
            text.to_string()
        }
    };
    Report(
        problems
            .into_iter()
            .map(|mut d| {
                d.file = relative(root, &d.file);
                d.message = strip(&d.message);
                d.hint = d.hint.as_deref().map(strip);
                d
            })
            .collect(),
    )
    .sorted()
}
