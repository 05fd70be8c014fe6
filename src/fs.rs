//! File-system helpers that put the path into every error (after mdBook's `utils/fs.rs`).

use std::path::Path;

use crate::diagnostic::Diagnostic;

/// The largest source file Puente reads: a briefing's texts are far smaller; a file this big is a
/// mistake (a pasted export, a binary), and refusing it keeps builds fast and memory bounded.
pub const MAX_FILE_BYTES: u64 = 4 * 1024 * 1024;

/// Reads a UTF-8 text file of at most `MAX_FILE_BYTES`, dropping a leading byte-order mark.
pub fn read_to_string(path: &Path) -> Result<String, Diagnostic> {
    let size = std::fs::metadata(path)
        .map_err(|e| io_diagnostic(path, "cannot read", &e))?
        .len();
    if size > MAX_FILE_BYTES {
        return Err(Diagnostic::new(
            path,
            format!(
                "the file is {:.1} MB, more than the {} MB a source file may be",
                size as f64 / 1_048_576.0,
                MAX_FILE_BYTES / 1_048_576
            ),
        )
        .hint(
            "split the text into several pages or events, or remove what was pasted by mistake",
        ));
    }
    let bytes = std::fs::read(path).map_err(|e| io_diagnostic(path, "cannot read", &e))?;
    let text = String::from_utf8(bytes).map_err(|e| {
        let offset = e.utf8_error().valid_up_to();
        let valid = String::from_utf8_lossy(&e.as_bytes()[..offset]).into_owned();
        Diagnostic::new(path, "the file is not valid UTF-8")
            .at_offset(&valid, offset)
            .hint("save the file as UTF-8")
    })?;
    Ok(match text.strip_prefix('\u{feff}') {
        Some(rest) => rest.to_string(),
        None => text,
    })
}

/// A diagnostic for an I/O error on `path`.
pub fn io_diagnostic(path: &Path, doing: &str, error: &std::io::Error) -> Diagnostic {
    let hint = match error.kind() {
        std::io::ErrorKind::NotFound => "check that the file exists and the project root is right",
        std::io::ErrorKind::PermissionDenied => "check the file's permissions",
        _ => "check the file and try again",
    };
    Diagnostic::new(path, format!("{doing}: {error}")).hint(hint)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn missing_file_names_path() {
        let d = read_to_string(Path::new("/nonexistent/puente.toml")).unwrap_err();
        assert_eq!(d.file, Path::new("/nonexistent/puente.toml"));
        assert!(d.message.starts_with("cannot read"));
    }
}
