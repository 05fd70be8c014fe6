//! Shared helpers for integration tests: lay out a fixture site in a temporary folder and build it.

#![allow(dead_code)]

pub mod search;
pub mod server;

use std::path::{Path, PathBuf};

/// The repository root (the real site).
pub fn repo_root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// A fixture site laid out in a temporary folder: the real templates, i18n, static files and
/// geometry, with the fixture's own files on top.
pub struct Fixture {
    pub dir: tempfile::TempDir,
}

impl Fixture {
    /// Lays out `tests/fixtures/<name>` over the shared theme.
    pub fn new(name: &str) -> Fixture {
        let dir = tempfile::tempdir().unwrap();
        let root = repo_root();
        for shared in ["templates", "i18n", "static", "content/geo", "archetypes"] {
            copy_tree(&root.join(shared), &dir.path().join(shared));
        }
        overlay(&root.join("tests/fixtures").join(name), dir.path());
        Fixture { dir }
    }

    /// Lays out the basic fixture with an invalid case from `tests/fixtures/invalid/<case>` on top.
    pub fn invalid(case: &str) -> Fixture {
        let fixture = Fixture::new("basic");
        fixture.apply(&repo_root().join("tests/fixtures/invalid").join(case));
        fixture
    }

    /// Copies a case's files over this fixture (`*.append` files are appended to their target).
    pub fn apply(&self, case: &Path) {
        overlay(case, self.dir.path());
    }

    /// The project folder.
    pub fn root(&self) -> &Path {
        self.dir.path()
    }

    /// The output folder.
    pub fn out(&self) -> PathBuf {
        self.dir.path().join("public")
    }

    /// Builds it; panics with the report if the build fails.
    pub fn build(&self) -> puente::pipeline::Summary {
        match puente::pipeline::build(self.root(), None) {
            Ok(summary) => summary,
            Err(report) => panic!("the fixture should build:\n{report}"),
        }
    }

    /// Reads an output file.
    pub fn read(&self, relative: &str) -> String {
        let path = self.out().join(relative);
        std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
    }

    /// Writes a file into the project.
    pub fn write(&self, relative: &str, text: &str) {
        let path = self.root().join(relative);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    }
}

/// Copies every file of `from` into `to`, keeping relative paths.
pub fn copy_tree(from: &Path, to: &Path) {
    for entry in walkdir::WalkDir::new(from).sort_by_file_name() {
        let entry = entry.unwrap();
        let target = to.join(entry.path().strip_prefix(from).unwrap());
        if entry.file_type().is_dir() {
            std::fs::create_dir_all(&target).unwrap();
        } else {
            std::fs::copy(entry.path(), &target).unwrap();
        }
    }
}

/// Copies `from` over `to`; a file `x.append` is appended to `x`, `expected.txt` is skipped.
fn overlay(from: &Path, to: &Path) {
    for entry in walkdir::WalkDir::new(from).sort_by_file_name() {
        let entry = entry.unwrap();
        let relative = entry.path().strip_prefix(from).unwrap();
        if entry.file_type().is_dir() || relative == Path::new("expected.txt") {
            continue;
        }
        let target = to.join(relative);
        std::fs::create_dir_all(target.parent().unwrap()).unwrap();
        let name = relative.to_string_lossy();
        if let Some(base) = name.strip_suffix(".append") {
            let target = to.join(base);
            let mut text = std::fs::read_to_string(&target).unwrap_or_default();
            text.push_str(&std::fs::read_to_string(entry.path()).unwrap());
            std::fs::write(target, text).unwrap();
        } else {
            std::fs::copy(entry.path(), &target).unwrap();
        }
    }
}

/// A digest of every file under `dir` (paths and bytes), to show a folder did not change.
pub fn tree_digest(dir: &Path) -> Vec<(PathBuf, Vec<u8>)> {
    walkdir::WalkDir::new(dir)
        .sort_by_file_name()
        .into_iter()
        .map(|e| e.unwrap())
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            (
                e.path().strip_prefix(dir).unwrap().to_path_buf(),
                std::fs::read(e.path()).unwrap(),
            )
        })
        .collect()
}
