//! Turns `toml` parse errors into diagnostics with the line and column in the whole file.

use std::path::Path;

use crate::diagnostic::Diagnostic;

/// A diagnostic for a TOML error in `toml_text`, which starts at byte `offset` of `file_text`.
pub fn diagnostic(
    path: &Path,
    file_text: &str,
    offset: usize,
    error: &toml::de::Error,
) -> Diagnostic {
    let message = error.message().trim().to_string();
    let diagnostic = Diagnostic::new(path, message);
    match error.span() {
        Some(span) => diagnostic.at_offset(file_text, offset + span.start),
        None => diagnostic,
    }
}
