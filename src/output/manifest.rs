//! The manifest: every output file with the hash of its bytes, read from and written to a tree.

use std::collections::BTreeMap;
use std::path::Path;

use super::{is_safe_relative, MANIFEST};

/// The manifest of `tree`: output path to content hash. Only plain relative paths are taken: an
/// entry that could lead out of the tree is never linked to or removed.
pub(super) fn read_manifest(tree: &Path) -> BTreeMap<String, String> {
    let Some(text) =
        crate::fs::read_own(&tree.join(MANIFEST)).and_then(|b| String::from_utf8(b).ok())
    else {
        return BTreeMap::new();
    };
    text.lines()
        .filter_map(|line| line.split_once(' '))
        .filter(|(_, path)| is_safe_relative(path))
        .map(|(hash, path)| (path.to_string(), hash.to_string()))
        .collect()
}

/// The manifest's text: one `<hash> <path>` line per file, in path order.
pub(super) fn manifest_text(manifest: &BTreeMap<String, String>) -> String {
    let mut text = String::with_capacity(manifest.len() * 64);
    for (path, hash) in manifest {
        text.push_str(hash);
        text.push(' ');
        text.push_str(path);
        text.push('\n');
    }
    text
}
