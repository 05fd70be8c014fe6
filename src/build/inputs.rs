//! The fingerprint of everything a build reads, recorded beside the output so that a build of an
//! unchanged project can return at once.
//!
//! A clean build (nothing recorded to compare with) does not read its sources twice: the events'
//! and advisories' files are hashed by the load, from the very bytes it parses.

use std::path::{Path, PathBuf};

use rustc_hash::FxHashMap;

use super::Options;

/// The folders and files a build reads, relative to the project root.
const SOURCES: [&str; 5] = ["site.toml", "content", "i18n", "templates", "static"];

/// The content folders whose `*.toml` files the load parses (and hashes) one by one.
const PARSED: [&str; 2] = ["events", "advisories"];

/// One input file's part in the fingerprint.
enum FileHash {
    /// Its bytes' hash.
    Hashed(u128),
    /// Left to the load, which hashes the bytes it parses.
    Parsed,
}

/// Every input file, in the order of a sorted walk, with its hash or the promise of one.
pub(super) struct InputFiles {
    files: Vec<(PathBuf, FileHash)>,
}

impl InputFiles {
    /// Walks the inputs and hashes every file; with `defer_parsed`, the files the load will
    /// parse are left to it. `None` when something cannot be read: the build will say what.
    pub(super) fn hash(root: &Path, defer_parsed: bool) -> Option<InputFiles> {
        use rayon::prelude::*;
        let parsed_dirs = PARSED.map(|dir| root.join("content").join(dir));
        let mut files = Vec::new();
        for source in SOURCES {
            let path = root.join(source);
            if !path.is_dir() {
                files.push((path, false));
                continue;
            }
            // Followed like the build follows them; anything the walk cannot read (a link to
            // nowhere, a loop) makes the fingerprint match nothing, so the build runs and says so.
            for entry in walkdir::WalkDir::new(&path)
                .follow_links(true)
                .sort_by_file_name()
            {
                let entry = entry.ok()?;
                if entry.file_type().is_dir() {
                    continue;
                }
                let deferred = defer_parsed
                    && entry.file_type().is_file()
                    && is_parsed_source(entry.path(), &parsed_dirs);
                files.push((entry.into_path(), deferred));
            }
        }
        // Each file hashed on its own (in parallel), kept in the walk's order.
        let files = files
            .into_par_iter()
            .map(|(path, deferred)| {
                let hash = if deferred {
                    FileHash::Parsed
                } else {
                    FileHash::Hashed(crate::fs::source_hash(&std::fs::read(&path).ok()?))
                };
                Some((path, hash))
            })
            .collect::<Option<Vec<_>>>()?;
        Some(InputFiles { files })
    }

    /// The fingerprint, with the hashes the load took of the files it parsed. A file left to the
    /// load that it did not parse makes the fingerprint `None`.
    pub(super) fn fingerprint(
        &self,
        root: &Path,
        options: &Options,
        parsed: &FxHashMap<PathBuf, u128>,
    ) -> Option<String> {
        let mut hasher = xxhash_rust::xxh3::Xxh3::new();
        hasher.update(env!("CARGO_PKG_VERSION").as_bytes());
        hasher.update(format!("{:?}|{:?}", options.drafts, options.base_url).as_bytes());
        for (file, hash) in &self.files {
            let hash = match hash {
                FileHash::Hashed(hash) => *hash,
                FileHash::Parsed => *parsed.get(file)?,
            };
            // Relative paths: the same project built anywhere records the same fingerprint.
            let relative = file.strip_prefix(root).unwrap_or(file);
            hasher.update(relative.to_string_lossy().as_bytes());
            hasher.update(&hash.to_le_bytes());
        }
        Some(format!("{:032x}", hasher.digest128()))
    }
}

/// True for a file the content load parses itself: a visible `*.toml` below `content/events/` or
/// `content/advisories/` (the rule of `content::list_files`).
fn is_parsed_source(path: &Path, parsed_dirs: &[PathBuf]) -> bool {
    let visible = path
        .file_name()
        .is_some_and(|name| !name.to_string_lossy().starts_with('.'));
    visible
        && path.extension().is_some_and(|ext| ext == "toml")
        && parsed_dirs.iter().any(|dir| path.starts_with(dir))
}
