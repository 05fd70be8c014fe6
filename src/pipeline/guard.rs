//! What a build refuses before it reads or writes anything: sources that lead outside the project
//! through a link, and an output folder that would replace the project or its sources.

use std::path::{Path, PathBuf};

use super::relative::relative_report;
use crate::diagnostic::{Diagnostic, Report};
use crate::layout;

/// Refuses the project's sources if one of them (`site.toml`, a source folder, the map) leads
/// outside the project through a symbolic link; nothing is read then. (Links below the source
/// folders are checked by the walks that meet them.)
pub(super) fn check_sources_inside(root: &Path) -> Result<(), Report> {
    let mut refused: Vec<(PathBuf, Diagnostic)> = Vec::new();
    for source in layout::CHECKED_INSIDE {
        let path = root.join(source);
        // Said once, for the outermost path that leads out.
        if refused.iter().any(|(outer, _)| path.starts_with(outer)) {
            continue;
        }
        if let Err(d) = crate::fs::check_inside(root, &path) {
            refused.push((path, d));
        }
    }
    if refused.is_empty() {
        Ok(())
    } else {
        Err(relative_report(
            root,
            refused.into_iter().map(|(_, d)| d).collect(),
        ))
    }
}

/// Refuses output folders that would replace the project or anything holding it.
pub(crate) fn check_output_location(root: &Path, output: &Path) -> Result<(), Diagnostic> {
    let root = resolve(root);
    let resolved = resolve(output);
    let protected = layout::PROTECTED;
    if root.starts_with(&resolved)
        || protected.iter().any(|p| resolved.starts_with(root.join(p)))
        || resolved.parent().is_none()
    {
        return Err(Diagnostic::new(
            output,
            "the output folder would replace the project or its sources",
        )
        .hint("set output_dir in site.toml to a folder of its own, such as `public`"));
    }
    Ok(())
}

/// The absolute, symlink-free form of `path`, even when its last components do not exist yet:
/// the longest existing ancestor is canonicalized and the rest appended (`..` resolved lexically).
fn resolve(path: &Path) -> PathBuf {
    let absolute = if path.is_absolute() {
        path.to_path_buf()
    } else {
        std::env::current_dir().unwrap_or_default().join(path)
    };
    let mut existing = absolute.as_path();
    let mut rest = Vec::new();
    while existing.canonicalize().is_err() {
        match (existing.parent(), existing.file_name()) {
            (Some(parent), Some(name)) => {
                rest.push(name.to_os_string());
                existing = parent;
            }
            _ => break,
        }
    }
    let mut resolved = existing
        .canonicalize()
        .unwrap_or_else(|_| existing.to_path_buf());
    for name in rest.into_iter().rev() {
        if name == ".." {
            resolved.pop();
        } else if name != "." {
            resolved.push(name);
        }
    }
    resolved
}
