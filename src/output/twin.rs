//! The output folder and its twin: whose they are, preparing the twin, and swapping the two.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use super::files::{ensure_parent, link_published, replace_file};
use super::{is_safe_relative, MANIFEST, STAMP};
use crate::diagnostic::Diagnostic;
use crate::fs::io_diagnostic;

/// `output` without a trailing `/` or `.` (through which `lstat` would follow a link); an error
/// when its last component is not a folder name (`..`, `/`).
pub(super) fn own_path(output: &Path) -> Result<PathBuf, Diagnostic> {
    let path: PathBuf = output.components().collect();
    match path.components().next_back() {
        Some(std::path::Component::Normal(_)) => Ok(path),
        _ => Err(
            Diagnostic::new(output, "the output path does not end in a folder name")
                .hint("set output_dir in site.toml to a folder of its own, such as `public`"),
        ),
    }
}

/// True when `path` is a regular file and not a link (`lstat`).
pub(super) fn is_own_file(path: &Path) -> bool {
    std::fs::symlink_metadata(path).is_ok_and(|m| m.is_file())
}

/// Refuses `path` unless it is a real folder: a symbolic link (to anywhere) is never followed.
pub(super) fn check_real_folder(path: &Path, what: &str) -> Result<(), Diagnostic> {
    let meta = std::fs::symlink_metadata(path)
        .map_err(|e| io_diagnostic(path, &format!("cannot read {what}"), &e))?;
    if meta.file_type().is_symlink() {
        return Err(Diagnostic::new(
            path,
            format!("{what} is a symbolic link; puente writes only into a real folder of its own and never follows a link there"),
        )
        .hint("remove the link (puente makes the folder itself), or set output_dir in site.toml to a real folder"));
    }
    if !meta.is_dir() {
        return Err(
            Diagnostic::new(path, format!("{what} exists and is not a folder"))
                .hint("move it away, or choose another output_dir in site.toml"),
        );
    }
    Ok(())
}

/// Refuses to replace a folder that has files but no stamp: it is not Puente's output. A link is
/// refused whatever it points to, without following it.
pub fn check_replaceable(output: &Path) -> Result<(), Diagnostic> {
    let output = &own_path(output)?;
    if std::fs::symlink_metadata(output).is_err() {
        return Ok(());
    }
    check_real_folder(output, "the output folder")?;
    let mut entries = std::fs::read_dir(output)
        .map_err(|e| io_diagnostic(output, "cannot read the output folder", &e))?;
    if is_own_file(&output.join(STAMP)) || entries.next().is_none() {
        Ok(())
    } else {
        Err(Diagnostic::new(
            output,
            format!(
                "the output folder is not empty and was not written by puente (no {STAMP} file)"
            ),
        )
        .hint("choose another output_dir in site.toml, or empty or remove this folder yourself"))
    }
}

/// `.<name>.puente-<suffix>` beside `output`.
pub(super) fn sibling(output: &Path, suffix: &str) -> PathBuf {
    let name = output
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "public".into());
    output.with_file_name(format!(".{name}.puente-{suffix}"))
}

/// Makes sure the twin exists and is ours; a twin with no manifest is emptied.
pub(super) fn prepare_twin(next: &Path) -> Result<(), Diagnostic> {
    if std::fs::symlink_metadata(next).is_ok() {
        check_real_folder(next, "the working folder")?;
        if !is_own_file(&next.join(MANIFEST)) {
            remove_own(next)?;
        }
    }
    // The folders above are the user's (made if missing); the twin itself is made with
    // `create_dir`, which never follows a link put in its place meanwhile.
    ensure_parent(next)?;
    match std::fs::create_dir(next) {
        Ok(()) => {}
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {
            check_real_folder(next, "the working folder")?
        }
        Err(e) => return Err(io_diagnostic(next, "cannot create the folder", &e)),
    }
    if is_own_file(&next.join(STAMP)) {
        Ok(())
    } else {
        replace_file(&next.join(STAMP), STAMP_TEXT.as_bytes())
    }
}

/// Puts a small file of Puente's own (stamp, manifest) into the twin, linked from the published
/// tree when its bytes are the same there, so that its modification time stays too.
pub(super) fn place_small(
    output: &Path,
    next: &Path,
    name: &str,
    bytes: &[u8],
) -> Result<(), Diagnostic> {
    let published = output.join(name);
    if crate::fs::read_own(&published).is_some_and(|old| old == bytes) {
        link_published(&published, &next.join(name), true)
    } else {
        replace_file(&next.join(name), bytes)
    }
}

pub(super) const STAMP_TEXT: &str =
    "This folder is written by `puente build` and replaced on every build.\n";

/// Removes a folder of Puente's (it carries the stamp); refuses anything else.
pub(super) fn remove_own(path: &Path) -> Result<(), Diagnostic> {
    if std::fs::symlink_metadata(path).is_err() {
        return Ok(());
    }
    // A link is refused, not removed: the folder it points to may hold copies of the stamp.
    check_real_folder(path, "the working folder")?;
    if is_own_file(&path.join(STAMP)) {
        // `remove_dir_all` removes the links inside, never what they point to.
        std::fs::remove_dir_all(path)
            .map_err(|e| io_diagnostic(path, "cannot remove the leftover folder", &e))
    } else {
        Err(Diagnostic::new(
            path,
            "a folder with puente's working name exists but was not written by puente",
        )
        .hint("move it away; puente will not delete it"))
    }
}

/// Entries below `dir` that are neither regular files nor folders (links, FIFOs, sockets,
/// devices): a walk that follows no link, by the types the folder listings give. Anything the
/// walk cannot read counts too, by the path it names.
pub(super) fn foreign_entries(dir: &Path) -> Vec<PathBuf> {
    if std::fs::symlink_metadata(dir).is_err() {
        return Vec::new();
    }
    walkdir::WalkDir::new(dir)
        .min_depth(1)
        .into_iter()
        .filter_map(|entry| match entry {
            Ok(e) if e.file_type().is_file() || e.file_type().is_dir() => None,
            Ok(e) => Some(e.into_path()),
            Err(e) => Some(e.path().unwrap_or(dir).to_path_buf()),
        })
        .collect()
}

/// Removes from the twin whatever is neither a regular file nor a folder (a link put there, by
/// hand or by a tool, is removed itself: what it points to is never touched).
pub(super) fn remove_foreign(next: &Path) -> Result<(), Diagnostic> {
    for path in foreign_entries(next) {
        match std::fs::symlink_metadata(&path) {
            Ok(meta) if !meta.is_dir() => std::fs::remove_file(&path)
                .map_err(|e| io_diagnostic(&path, "cannot remove", &e))?,
            Ok(_) => {}
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
            Err(e) => return Err(io_diagnostic(&path, "cannot read the working folder", &e)),
        }
    }
    Ok(())
}

/// Removes files of the twin that the site no longer has, and folders left empty.
pub(super) fn remove_stale(
    next: &Path,
    previous: &BTreeMap<String, String>,
    manifest: &BTreeMap<String, String>,
) -> Result<usize, Diagnostic> {
    let mut removed = 0;
    let stale = previous
        .keys()
        .filter(|p| !manifest.contains_key(*p) && is_safe_relative(p));
    for path in stale {
        let file = next.join(path);
        match std::fs::remove_file(&file) {
            Ok(()) => removed += 1,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
            Err(e) => return Err(io_diagnostic(&file, "cannot remove", &e)),
        }
        let mut dir = file.parent();
        while let Some(d) = dir.filter(|d| *d != next) {
            if std::fs::remove_dir(d).is_err() {
                break;
            }
            dir = d.parent();
        }
    }
    Ok(removed)
}

/// Exchanges the twin and the published folder atomically (or moves the twin into place).
pub(super) fn swap(output: &Path, next: &Path) -> Result<(), Diagnostic> {
    if !output.exists() {
        return std::fs::rename(next, output)
            .map_err(|e| io_diagnostic(output, "cannot move the new output into place", &e));
    }
    exchange(output, next).map_err(|e| io_diagnostic(output, "cannot swap in the new output", &e))
}

/// Exchanges two folders in one step (`renameat2(RENAME_EXCHANGE)`), or by renames where the
/// file system cannot.
#[cfg(any(target_os = "linux", target_os = "android"))]
fn exchange(a: &Path, b: &Path) -> std::io::Result<()> {
    use rustix::fs::{renameat_with, RenameFlags, CWD};
    match renameat_with(CWD, a, CWD, b, RenameFlags::EXCHANGE) {
        Ok(()) => Ok(()),
        // File systems without RENAME_EXCHANGE: fall back to two renames.
        Err(rustix::io::Errno::INVAL) | Err(rustix::io::Errno::NOSYS) => exchange_by_renames(a, b),
        Err(e) => Err(e.into()),
    }
}

/// Exchanges two folders by renames (no atomic exchange on this system).
#[cfg(not(any(target_os = "linux", target_os = "android")))]
fn exchange(a: &Path, b: &Path) -> std::io::Result<()> {
    exchange_by_renames(a, b)
}

/// Swaps two folders with three renames (not atomic; used where the kernel cannot exchange).
fn exchange_by_renames(a: &Path, b: &Path) -> std::io::Result<()> {
    let parking = sibling(a, "swap");
    std::fs::rename(a, &parking)?;
    if let Err(e) = std::fs::rename(b, a) {
        std::fs::rename(&parking, a)?;
        return Err(e);
    }
    std::fs::rename(&parking, b)
}
