//! Writing the built site: a staging folder filled completely, then swapped into place.

use std::path::{Path, PathBuf};

use crate::diagnostic::Diagnostic;
use crate::fs::io_diagnostic;

/// The file that marks a folder as Puente's own output, so it may be replaced.
pub const STAMP: &str = ".puente-output";

/// Files to write: path relative to the output folder, and bytes.
pub type Files = Vec<(String, Vec<u8>)>;

/// Writes `files` and a copy of `static_dir` into a staging folder beside `output`, then swaps it in.
///
/// On any error the previous output is left as it was.
pub fn write_site(output: &Path, files: &Files, static_dir: &Path) -> Result<(), Diagnostic> {
    check_replaceable(output)?;
    let staging = sibling(output, "staging");
    let old = sibling(output, "old");
    remove_own(&staging)?;
    remove_own(&old)?;
    create_dir(&staging)?;
    write_file(
        &staging.join(STAMP),
        b"This folder is written by puente build; it is replaced on every build.\n",
    )?;
    let result = fill(&staging, files, static_dir);
    if let Err(e) = result {
        let _ = std::fs::remove_dir_all(&staging);
        return Err(e);
    }
    swap(output, &staging, &old)
}

fn fill(staging: &Path, files: &Files, static_dir: &Path) -> Result<(), Diagnostic> {
    for (relative, bytes) in files {
        write_file(&staging.join(relative), bytes)?;
    }
    copy_static(static_dir, staging, files)
}

/// Copies `static_dir` as is, refusing a file that would overwrite a generated page.
fn copy_static(static_dir: &Path, staging: &Path, files: &Files) -> Result<(), Diagnostic> {
    if !static_dir.exists() {
        return Ok(());
    }
    for entry in walkdir::WalkDir::new(static_dir).sort_by_file_name() {
        let entry = entry
            .map_err(|e| Diagnostic::new(static_dir, format!("cannot read static files: {e}")))?;
        if !entry.file_type().is_file() {
            continue;
        }
        let relative = entry
            .path()
            .strip_prefix(static_dir)
            .unwrap_or(entry.path());
        let key = relative.to_string_lossy().replace('\\', "/");
        if files.iter().any(|(f, _)| *f == key) || key == STAMP {
            return Err(Diagnostic::new(
                entry.path(),
                format!("static file `{key}` has the same path as a generated page"),
            )
            .hint("rename or move the static file"));
        }
        let target = staging.join(relative);
        if let Some(parent) = target.parent() {
            create_dir(parent)?;
        }
        std::fs::copy(entry.path(), &target)
            .map_err(|e| io_diagnostic(entry.path(), "cannot copy", &e))?;
    }
    Ok(())
}

/// Refuses to replace a folder that has files but no stamp: it is not Puente's output.
pub fn check_replaceable(output: &Path) -> Result<(), Diagnostic> {
    if !output.exists() {
        return Ok(());
    }
    if !output.is_dir() {
        return Err(
            Diagnostic::new(output, "the output path exists and is not a folder")
                .hint("choose another output_dir in site.toml"),
        );
    }
    let mut entries = std::fs::read_dir(output)
        .map_err(|e| io_diagnostic(output, "cannot read the output folder", &e))?;
    if output.join(STAMP).is_file() || entries.next().is_none() {
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

fn sibling(output: &Path, suffix: &str) -> PathBuf {
    let name = output
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "public".into());
    output.with_file_name(format!(".{name}.puente-{suffix}"))
}

/// Removes a leftover staging or old folder, only if it carries the stamp.
fn remove_own(path: &Path) -> Result<(), Diagnostic> {
    if !path.exists() {
        return Ok(());
    }
    if path.join(STAMP).is_file() {
        std::fs::remove_dir_all(path)
            .map_err(|e| io_diagnostic(path, "cannot remove the leftover folder", &e))
    } else {
        Err(Diagnostic::new(
            path,
            "a folder with puente's staging name exists but was not written by puente",
        )
        .hint("move it away; puente will not delete it"))
    }
}

fn swap(output: &Path, staging: &Path, old: &Path) -> Result<(), Diagnostic> {
    let had_output = output.exists();
    if had_output {
        std::fs::rename(output, old)
            .map_err(|e| io_diagnostic(output, "cannot move the previous output aside", &e))?;
    }
    if let Err(e) = std::fs::rename(staging, output) {
        if had_output {
            let _ = std::fs::rename(old, output);
        }
        return Err(io_diagnostic(
            output,
            "cannot move the new output into place",
            &e,
        ));
    }
    if had_output {
        std::fs::remove_dir_all(old)
            .map_err(|e| io_diagnostic(old, "cannot remove the previous output", &e))?;
    }
    Ok(())
}

fn create_dir(path: &Path) -> Result<(), Diagnostic> {
    std::fs::create_dir_all(path).map_err(|e| io_diagnostic(path, "cannot create the folder", &e))
}

fn write_file(path: &Path, bytes: &[u8]) -> Result<(), Diagnostic> {
    if let Some(parent) = path.parent() {
        create_dir(parent)?;
    }
    std::fs::write(path, bytes).map_err(|e| io_diagnostic(path, "cannot write", &e))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn swaps_and_keeps_stamp() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        let files = vec![("index.html".to_string(), b"one".to_vec())];
        write_site(&out, &files, &dir.path().join("static")).unwrap();
        assert_eq!(std::fs::read(out.join("index.html")).unwrap(), b"one");
        let files = vec![("es/index.html".to_string(), b"two".to_vec())];
        write_site(&out, &files, &dir.path().join("static")).unwrap();
        assert!(!out.join("index.html").exists());
        assert!(out.join(STAMP).is_file());
        let leftovers: Vec<_> = std::fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(leftovers.len(), 1, "{leftovers:?}");
    }

    #[test]
    fn refuses_a_foreign_folder() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("docs");
        std::fs::create_dir(&out).unwrap();
        std::fs::write(out.join("mine.txt"), "keep").unwrap();
        let e = write_site(&out, &Vec::new(), &dir.path().join("static")).unwrap_err();
        assert!(e.message.contains("not written by puente"));
        assert_eq!(
            std::fs::read_to_string(out.join("mine.txt")).unwrap(),
            "keep"
        );
    }

    #[test]
    fn static_file_cannot_shadow_a_page() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        std::fs::create_dir_all(dir.path().join("static")).unwrap();
        std::fs::write(dir.path().join("static/index.html"), "x").unwrap();
        let files = vec![("index.html".to_string(), b"page".to_vec())];
        let e = write_site(&out, &files, &dir.path().join("static")).unwrap_err();
        assert!(e.message.contains("same path as a generated page"));
        assert!(!out.exists());
    }
}
