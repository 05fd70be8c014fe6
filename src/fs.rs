//! File-system helpers that put the path into every error (after mdBook's `utils/fs.rs`).

use std::io::Read;
use std::path::Path;

use crate::diagnostic::Diagnostic;

/// The largest source file Puente reads: a briefing's texts are far smaller; a file this big is a
/// mistake (a pasted export, a binary), and refusing it keeps builds fast and memory bounded.
pub const MAX_FILE_BYTES: u64 = 4 * 1024 * 1024;

/// Reads a UTF-8 text file of at most `MAX_FILE_BYTES`, dropping a leading byte-order mark.
pub fn read_to_string(path: &Path) -> Result<String, Diagnostic> {
    read_limited(path).and_then(|bytes| into_text(path, bytes))
}

/// Like `read_to_string`, with the `source_hash` of the file's bytes as they were read (before a
/// byte-order mark is dropped).
pub fn read_hashed(path: &Path) -> Result<(String, u128), Diagnostic> {
    let bytes = read_limited(path)?;
    let hash = source_hash(&bytes);
    Ok((into_text(path, bytes)?, hash))
}

/// A file's size and modification time, taken to say whether it changed.
pub type FileStamp = (u64, Option<std::time::SystemTime>);

/// The `FileStamp` of `path`; `(u64::MAX, None)` when it cannot be read.
pub fn stamp(path: &Path) -> FileStamp {
    std::fs::metadata(path).map_or((u64::MAX, None), |m| (m.len(), m.modified().ok()))
}

/// The hash of a source file's bytes, as the inputs' fingerprint records it.
pub fn source_hash(bytes: &[u8]) -> u128 {
    xxhash_rust::xxh3::xxh3_128(bytes)
}

/// The bytes of a file of at most `MAX_FILE_BYTES`.
fn read_limited(path: &Path) -> Result<Vec<u8>, Diagnostic> {
    let cannot_read = |e: std::io::Error| io_diagnostic(path, "cannot read", &e);
    // One open: the size comes from the open file, and no more than the limit is read even from
    // a file that grows meanwhile or a device that reports no size.
    let file = std::fs::File::open(path).map_err(cannot_read)?;
    let size = file.metadata().map_err(cannot_read)?.len();
    if size > MAX_FILE_BYTES {
        return Err(too_big(path, size));
    }
    let mut bytes = Vec::with_capacity(size as usize);
    file.take(MAX_FILE_BYTES + 1)
        .read_to_end(&mut bytes)
        .map_err(cannot_read)?;
    if bytes.len() as u64 > MAX_FILE_BYTES {
        return Err(too_big(path, bytes.len() as u64));
    }
    Ok(bytes)
}

/// `bytes` as UTF-8 text without a leading byte-order mark.
fn into_text(path: &Path, bytes: Vec<u8>) -> Result<String, Diagnostic> {
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

/// The error for a file of `size` bytes, over `MAX_FILE_BYTES`.
fn too_big(path: &Path, size: u64) -> Diagnostic {
    Diagnostic::new(
        path,
        format!(
            "the file is {:.1} MB, more than the {} MB a source file may be",
            size as f64 / 1_048_576.0,
            MAX_FILE_BYTES / 1_048_576
        ),
    )
    .hint("split the text into several pages or events, or remove what was pasted by mistake")
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
    fn a_file_over_the_limit_is_refused_by_its_size() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("big.md");
        std::fs::write(&path, vec![b'a'; MAX_FILE_BYTES as usize + 1]).unwrap();
        let d = read_to_string(&path).unwrap_err();
        assert!(d.message.contains("more than the 4 MB"), "{d}");
        std::fs::write(&path, "\u{feff}hola").unwrap();
        assert_eq!(read_to_string(&path).unwrap(), "hola");
    }

    /// A device reports no size: what is read stops at the limit all the same.
    #[test]
    fn reading_stops_at_the_limit_when_the_size_is_not_known() {
        let d = read_to_string(Path::new("/dev/zero")).unwrap_err();
        assert!(d.message.contains("more than the 4 MB"), "{d}");
    }

    #[test]
    fn missing_file_names_path() {
        let d = read_to_string(Path::new("/nonexistent/puente.toml")).unwrap_err();
        assert_eq!(d.file, Path::new("/nonexistent/puente.toml"));
        assert!(d.message.starts_with("cannot read"));
    }
}
