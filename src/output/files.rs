//! Writing one output file: into a new inode, or linked from the published tree, never through a link.

use std::path::Path;

use crate::diagnostic::Diagnostic;
use crate::fs::io_diagnostic;

/// Makes `target` the same file (inode) as the published `source`, unless it already is.
pub(super) fn link_published(
    source: &Path,
    target: &Path,
    same_bytes: bool,
) -> Result<(), Diagnostic> {
    if same_bytes && same_inode(source, target) {
        return Ok(());
    }
    ensure_parent(target)?;
    let _ = std::fs::remove_file(target);
    match std::fs::hard_link(source, target) {
        Ok(()) => Ok(()),
        // Hard links can fail (another file system, no permission): copy the bytes instead,
        // from a regular file only, into a new file (never through a link at the target).
        Err(_) => {
            let (mut from, _) = crate::fs::open_regular(source)?;
            let mut to = std::fs::OpenOptions::new()
                .write(true)
                .create_new(true)
                .open(target)
                .map_err(|e| io_diagnostic(target, "cannot write", &e))?;
            std::io::copy(&mut from, &mut to)
                .map(|_| ())
                .map_err(|e| io_diagnostic(target, "cannot write", &e))
        }
    }
}

/// True when both paths name the same file (device and inode).
#[cfg(unix)]
fn same_inode(a: &Path, b: &Path) -> bool {
    use std::os::unix::fs::MetadataExt;
    match (std::fs::metadata(a), std::fs::metadata(b)) {
        (Ok(a), Ok(b)) => a.ino() == b.ino() && a.dev() == b.dev(),
        _ => false,
    }
}

#[cfg(not(unix))]
fn same_inode(_: &Path, _: &Path) -> bool {
    false
}

/// Writes `bytes` to a new file at `path` (never into an existing inode, which a hard link may share).
pub(super) fn replace_file(path: &Path, bytes: &[u8]) -> Result<(), Diagnostic> {
    use std::io::ErrorKind::{AlreadyExists, NotFound};
    // Nearly every page has a folder of its own: making it first (one `mkdir`) costs less than
    // a failed `open` and a look; an existing file is dealt with only when `open` says so.
    ensure_parent(path)?;
    let mut result = write_new(path, bytes);
    if matches!(&result, Err(e) if e.kind() == AlreadyExists) {
        match std::fs::remove_file(path) {
            Ok(()) => {}
            Err(e) if e.kind() == NotFound => {}
            Err(e) => return Err(io_diagnostic(path, "cannot replace", &e)),
        }
        result = write_new(path, bytes);
    }
    result.map_err(|e| io_diagnostic(path, "cannot write", &e))
}

/// Writes `bytes` to a file that must not exist yet.
fn write_new(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    use std::io::Write;
    let mut file = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(path)?;
    file.write_all(bytes)
}

/// Makes the folder of `path` (`mkdir` first: it says whether the folder was there).
pub(super) fn ensure_parent(path: &Path) -> Result<(), Diagnostic> {
    match path.parent() {
        Some(parent) => std::fs::create_dir_all(parent)
            .map_err(|e| io_diagnostic(parent, "cannot create the folder", &e)),
        None => Ok(()),
    }
}
