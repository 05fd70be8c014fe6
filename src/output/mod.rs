//! Writing the built site: only files whose bytes changed are written, into a second tree that is
//! then swapped with the published one in a single atomic step.
//!
//! The published folder (`public/`) and its twin (`.public.puente-next/`) are both Puente's own,
//! marked with a stamp file and described by a manifest of content hashes. A build brings the twin
//! up to date, hard-linking every file whose bytes did not change from the published tree (so its
//! modification time stays), writes the rest, removes what is gone, then exchanges the two folders
//! with one `renameat2(RENAME_EXCHANGE)`. A failed or killed build never touches `public/`.
//!
//! Nothing is written through a symbolic link. The output folder and its twin must be real folders
//! (checked with `lstat`, never followed; a link is refused by name); inside the twin, whatever is
//! not a regular file or a folder (a link someone put there, a FIFO) is removed, never followed,
//! before anything is written; a published tree holding such a thing is not trusted to link
//! unchanged files from (every file is written anew, and the swap drops it). New files are created
//! with `O_EXCL`, which refuses to open through a link. The folders above the output are the
//! user's: they may be links (only the output's own last component is Puente's).

pub mod assets;
mod files;
mod manifest;
mod memory;
mod twin;

pub use memory::{MemoryWriter, SiteFiles};
pub use twin::check_replaceable;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use crate::diagnostic::Diagnostic;
use crate::fs::io_diagnostic;
use files::{link_published, replace_file};
use manifest::{manifest_text, read_manifest};
use twin::{
    check_real_folder, foreign_entries, own_path, place_small, prepare_twin, remove_foreign,
    remove_own, remove_stale, sibling, swap, STAMP_TEXT,
};

/// The file that marks a folder as Puente's own output, so it may be replaced.
pub const STAMP: &str = crate::layout::STAMP;

/// The file listing every output file with the hash of its bytes.
pub const MANIFEST: &str = crate::layout::MANIFEST;

/// Files to write: path relative to the output folder (with `/`), and bytes.
pub type Files = Vec<(String, Vec<u8>)>;

/// What a write did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct WriteStats {
    /// Files whose bytes were written.
    pub written: usize,
    /// Files kept as they were (unchanged bytes).
    pub unchanged: usize,
    /// Files removed because the site no longer has them.
    pub removed: usize,
}

/// Where a build puts its files: a folder on disk (`Writer`) or memory (`MemoryWriter`).
pub trait Output: Sync {
    /// Puts one file of the site.
    fn put(&self, relative: &str, bytes: &[u8]) -> Result<(), Diagnostic>;
    /// Puts one file of the site, taking its bytes when they are owned (a site in memory then
    /// keeps them without a copy).
    fn put_page(
        &self,
        relative: &str,
        bytes: std::borrow::Cow<'_, [u8]>,
    ) -> Result<(), Diagnostic> {
        self.put(relative, &bytes)
    }
    /// Keeps the previous build's file as it is, without its bytes (its page did not change);
    /// `false` when the previous build has no such file, or when `expected` is given and the
    /// file's bytes do not have that hash (`content_hash`).
    fn keep(&self, relative: &str, expected: Option<&str>) -> Result<bool, Diagnostic>;
}

/// One build's output, written file by file (from many threads) into the twin, then swapped in.
///
/// Until `finish`, nothing the reader sees changes; a writer dropped without `finish` leaves the
/// twin without a manifest, so the next build rebuilds it instead of trusting it.
pub struct Writer {
    output: PathBuf,
    next: PathBuf,
    published: BTreeMap<String, String>,
    previous: BTreeMap<String, String>,
    manifest: std::sync::Mutex<BTreeMap<String, String>>,
    written: std::sync::atomic::AtomicUsize,
    unchanged: std::sync::atomic::AtomicUsize,
}

impl Writer {
    /// Prepares the twin of `output` (refusing a folder that is not Puente's).
    pub fn begin(output: &Path) -> Result<Writer, Diagnostic> {
        Writer::begin_with(output, false)
    }

    /// `begin`; with `clean`, the published tree's manifest is not trusted either, so every file
    /// is written anew (`build --clean`).
    pub fn begin_with(output: &Path, clean: bool) -> Result<Writer, Diagnostic> {
        let output = &own_path(output)?;
        check_replaceable(output)?;
        let next = sibling(output, "next");
        remove_own(&sibling(output, "staging"))?;
        prepare_twin(&next)?;
        remove_foreign(&next)?;
        if clean {
            // Emptied: nothing in it is trusted to be what its manifest says.
            remove_own(&next)?;
            prepare_twin(&next)?;
        }
        let previous = read_manifest(&next);
        // From here on the twin no longer matches its manifest.
        match std::fs::remove_file(next.join(MANIFEST)) {
            Ok(()) => {}
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
            Err(e) => return Err(io_diagnostic(&next, "cannot update the working folder", &e)),
        }
        place_small(output, &next, STAMP, STAMP_TEXT.as_bytes())?;
        // A published tree with a link (or a FIFO) in it is not linked from: every file is written.
        let published = if !clean && foreign_entries(output).is_empty() {
            read_manifest(output)
        } else {
            BTreeMap::new()
        };
        Ok(Writer {
            published,
            previous,
            output: output.to_path_buf(),
            next,
            manifest: std::sync::Mutex::new(BTreeMap::new()),
            written: 0.into(),
            unchanged: 0.into(),
        })
    }

    /// Removes what the site no longer has, records the manifest and swaps the twin in.
    pub fn finish(self) -> Result<WriteStats, Diagnostic> {
        let manifest = self
            .manifest
            .into_inner()
            .unwrap_or_else(|e| e.into_inner());
        let removed = remove_stale(&self.next, &self.previous, &manifest)?;
        place_small(
            &self.output,
            &self.next,
            MANIFEST,
            manifest_text(&manifest).as_bytes(),
        )?;
        // Checked again right before the swap: neither may have become a link meanwhile.
        check_real_folder(&self.next, "the working folder")?;
        if std::fs::symlink_metadata(&self.output).is_ok() {
            check_real_folder(&self.output, "the output folder")?;
        }
        swap(&self.output, &self.next)?;
        Ok(WriteStats {
            written: self.written.into_inner(),
            unchanged: self.unchanged.into_inner(),
            removed,
        })
    }
}

impl Output for Writer {
    /// Puts one file: linked from the published tree if its bytes did not change, else written.
    fn put(&self, relative: &str, bytes: &[u8]) -> Result<(), Diagnostic> {
        use std::sync::atomic::Ordering::Relaxed;
        if !is_safe_relative(relative) {
            return Err(Diagnostic::new(
                &self.output,
                format!("refusing to write `{}`: not a plain path inside the output folder", relative.escape_debug()),
            )
            .hint("rename the file that gives this path: letters, digits, `-`, `_`, `.` and `/` between names"));
        }
        let hash = content_hash(bytes);
        let target = self.next.join(relative);
        if self.published.get(relative) == Some(&hash) {
            self.unchanged.fetch_add(1, Relaxed);
            let same = self.previous.get(relative) == Some(&hash);
            link_published(&self.output.join(relative), &target, same)?;
        } else if self.previous.get(relative) == Some(&hash) && target.is_file() {
            self.unchanged.fetch_add(1, Relaxed);
        } else {
            self.written.fetch_add(1, Relaxed);
            replace_file(&target, bytes)?;
        }
        let mut manifest = self.manifest.lock().unwrap_or_else(|e| e.into_inner());
        manifest.insert(relative.to_string(), hash);
        Ok(())
    }

    /// Keeps the published file as it is, without its bytes (its page did not change since the
    /// build that wrote it); `false` when there is no published file to keep.
    fn keep(&self, relative: &str, expected: Option<&str>) -> Result<bool, Diagnostic> {
        use std::sync::atomic::Ordering::Relaxed;
        let Some(hash) = self
            .published
            .get(relative)
            .filter(|hash| expected.is_none_or(|e| e == hash.as_str()))
            .filter(|_| is_safe_relative(relative))
        else {
            return Ok(false);
        };
        let same = self.previous.get(relative) == Some(hash);
        link_published(&self.output.join(relative), &self.next.join(relative), same)?;
        self.unchanged.fetch_add(1, Relaxed);
        let mut manifest = self.manifest.lock().unwrap_or_else(|e| e.into_inner());
        manifest.insert(relative.to_string(), hash.clone());
        Ok(true)
    }
}

impl Writer {
    /// The output folder this writer publishes to.
    pub fn output(&self) -> &Path {
        &self.output
    }

    /// The hash of the bytes put or kept at `relative` so far in this build.
    pub fn hash_of(&self, relative: &str) -> Option<String> {
        let manifest = self.manifest.lock().unwrap_or_else(|e| e.into_inner());
        manifest.get(relative).cloned()
    }
}

/// The path of Puente's file named `suffix` beside the output folder `output` (such as
/// `.public.puente-cache`).
pub fn beside(output: &Path, suffix: &str) -> PathBuf {
    sibling(output, suffix)
}

/// Replaces Puente's file named `suffix` beside `output` with `bytes`: written under a fresh
/// name (created with `O_EXCL`, so never through a link) and renamed over the old file, which a
/// reader therefore sees whole or not at all.
pub fn replace_beside(output: &Path, suffix: &str, bytes: &[u8]) -> std::io::Result<()> {
    use std::io::Write;
    let target = sibling(output, suffix);
    let fresh = sibling(output, &format!("{suffix}-new"));
    match std::fs::remove_file(&fresh) {
        Err(e) if e.kind() != std::io::ErrorKind::NotFound => return Err(e),
        _ => {}
    }
    let mut file = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(&fresh)?;
    file.write_all(bytes)?;
    drop(file);
    std::fs::rename(&fresh, &target)
}

/// A stable 128-bit hash of bytes, as 32 hex digits.
pub fn content_hash(bytes: &[u8]) -> String {
    format!("{:032x}", xxhash_rust::xxh3::xxh3_128(bytes))
}

/// True for a path that stays inside the folder it is joined to: relative, `/` between names,
/// no empty, `.` or `..` name, no backslash and no control character (a newline would also split
/// the manifest's lines).
pub fn is_safe_relative(path: &str) -> bool {
    !path.is_empty()
        && !path.starts_with('/')
        && !path.contains('\\')
        && !path.chars().any(char::is_control)
        && path
            .split('/')
            .all(|name| !name.is_empty() && name != "." && name != "..")
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::{Duration, SystemTime};

    /// Publishes `files` at `output`, writing only what changed; the previous output stays whole on error.
    fn write_site(output: &Path, files: &Files) -> Result<WriteStats, Diagnostic> {
        let writer = Writer::begin(output)?;
        for (relative, bytes) in files {
            writer.put(relative, bytes)?;
        }
        writer.finish()
    }

    fn files(list: &[(&str, &str)]) -> Files {
        list.iter()
            .map(|(p, b)| (p.to_string(), b.as_bytes().to_vec()))
            .collect()
    }

    fn mtime(path: &Path) -> SystemTime {
        std::fs::metadata(path).unwrap().modified().unwrap()
    }

    #[test]
    fn writes_only_what_changed_and_keeps_mtimes() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        let stats = write_site(
            &out,
            &files(&[("index.html", "one"), ("es/index.html", "uno")]),
        )
        .unwrap();
        assert_eq!(
            stats,
            WriteStats {
                written: 2,
                unchanged: 0,
                removed: 0
            }
        );
        let old = SystemTime::now() - Duration::from_secs(3600);
        std::fs::File::options()
            .write(true)
            .open(out.join("es/index.html"))
            .unwrap()
            .set_modified(old)
            .unwrap();
        let stats = write_site(
            &out,
            &files(&[("index.html", "two"), ("es/index.html", "uno")]),
        )
        .unwrap();
        assert_eq!(
            stats,
            WriteStats {
                written: 1,
                unchanged: 1,
                removed: 0
            }
        );
        assert_eq!(
            std::fs::read_to_string(out.join("index.html")).unwrap(),
            "two"
        );
        assert_eq!(
            mtime(&out.join("es/index.html")),
            old,
            "an unchanged file keeps its modification time"
        );
        // Nothing changed: nothing written, and the twin converges on the published files.
        for _ in 0..3 {
            let stats = write_site(
                &out,
                &files(&[("index.html", "two"), ("es/index.html", "uno")]),
            )
            .unwrap();
            assert_eq!(stats.written, 0);
            assert_eq!(mtime(&out.join("es/index.html")), old);
        }
        // A removed page disappears, and so does its empty folder.
        let stats = write_site(&out, &files(&[("index.html", "two")])).unwrap();
        assert_eq!(stats.written, 0);
        assert!(!out.join("es").exists());
        let stats = write_site(&out, &files(&[("index.html", "two")])).unwrap();
        assert_eq!(stats.removed, 1, "the twin drops it on the next build");
        assert!(out.join(STAMP).is_file());
        assert!(out.join(MANIFEST).is_file());
    }

    #[test]
    fn shared_inodes_are_never_written_through() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        for _ in 0..3 {
            write_site(&out, &files(&[("a.html", "same")])).unwrap();
        }
        write_site(&out, &files(&[("a.html", "changed")])).unwrap();
        let twin = sibling(&out, "next");
        assert_eq!(
            std::fs::read_to_string(out.join("a.html")).unwrap(),
            "changed"
        );
        assert_eq!(
            std::fs::read_to_string(twin.join("a.html")).unwrap(),
            "same"
        );
    }

    #[test]
    fn only_plain_relative_paths_are_safe() {
        for good in [
            "a",
            "es/index.html",
            "es/mapa/chiapas/index.html",
            ".well-known/x",
        ] {
            assert!(is_safe_relative(good), "{good}");
        }
        for bad in [
            "",
            "/etc/passwd",
            "../x",
            "a/../../x",
            "a//b",
            "./a",
            "a/.",
            "..\\x",
            "a\n0 ../x",
            "a\u{7f}",
        ] {
            assert!(!is_safe_relative(bad), "{bad:?}");
        }
    }

    /// A manifest line that leads out of the twin (a file name with a newline once wrote one) is
    /// never acted on: the file it names outside the output survives a build that drops it.
    #[test]
    fn a_manifest_entry_outside_the_tree_is_ignored() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        write_site(&out, &files(&[("index.html", "a")])).unwrap();
        write_site(&out, &files(&[("index.html", "b")])).unwrap();
        let outside = dir.path().join("precious.txt");
        std::fs::write(&outside, "keep").unwrap();
        let twin = sibling(&out, "next");
        let manifest = std::fs::read_to_string(twin.join(MANIFEST)).unwrap();
        std::fs::write(
            twin.join(MANIFEST),
            format!("{manifest}0123 ../precious.txt\n"),
        )
        .unwrap();
        write_site(&out, &files(&[("index.html", "c")])).unwrap();
        assert_eq!(std::fs::read_to_string(&outside).unwrap(), "keep");
        assert!(write_site(&out, &files(&[("../escape.html", "x")])).is_err());
        assert!(!dir.path().join("escape.html").exists());
    }

    #[test]
    fn refuses_a_foreign_folder() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("docs");
        std::fs::create_dir(&out).unwrap();
        std::fs::write(out.join("mine.txt"), "keep").unwrap();
        let e = write_site(&out, &Vec::new()).unwrap_err();
        assert!(e.message.contains("not written by puente"));
        assert_eq!(
            std::fs::read_to_string(out.join("mine.txt")).unwrap(),
            "keep"
        );
    }

    #[test]
    fn a_foreign_twin_is_not_deleted() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        std::fs::create_dir(sibling(&out, "next")).unwrap();
        std::fs::write(sibling(&out, "next").join("x"), "keep").unwrap();
        let e = write_site(&out, &files(&[("a.html", "a")])).unwrap_err();
        assert!(e.message.contains("not written by puente"), "{e}");
        assert!(sibling(&out, "next").join("x").is_file());
    }

    #[cfg(unix)]
    #[test]
    fn a_twin_or_output_that_is_a_link_is_refused_and_not_followed() {
        let dir = tempfile::tempdir().unwrap();
        let elsewhere = tempfile::tempdir().unwrap();
        std::fs::write(elsewhere.path().join(STAMP), STAMP_TEXT).unwrap();
        std::fs::write(elsewhere.path().join(MANIFEST), "").unwrap();
        let out = dir.path().join("public");
        std::os::unix::fs::symlink(elsewhere.path(), sibling(&out, "next")).unwrap();
        let e = write_site(&out, &files(&[("a.html", "a")])).unwrap_err();
        assert!(
            e.message.contains("the working folder is a symbolic link"),
            "{e}"
        );
        std::fs::remove_file(sibling(&out, "next")).unwrap();
        std::os::unix::fs::symlink(elsewhere.path(), &out).unwrap();
        for name in ["public", "public/", "public/."] {
            let e = write_site(&dir.path().join(name), &files(&[("a.html", "a")])).unwrap_err();
            assert!(
                e.message.contains("the output folder is a symbolic link"),
                "{e}"
            );
        }
        assert!(!elsewhere.path().join("a.html").exists());
        assert!(!sibling(&out, "next").exists());
    }

    #[cfg(unix)]
    #[test]
    fn links_inside_the_twin_are_removed_not_followed() {
        let dir = tempfile::tempdir().unwrap();
        let elsewhere = tempfile::tempdir().unwrap();
        std::fs::write(elsewhere.path().join("a.html"), "outside").unwrap();
        let out = dir.path().join("public");
        let site = files(&[("a.html", "one"), ("es/b.html", "b")]);
        write_site(&out, &site).unwrap();
        write_site(&out, &files(&[("a.html", "two"), ("es/b.html", "b")])).unwrap();
        let twin = sibling(&out, "next");
        std::fs::remove_dir_all(twin.join("es")).unwrap();
        std::os::unix::fs::symlink(elsewhere.path(), twin.join("es")).unwrap();
        std::fs::remove_file(twin.join("a.html")).unwrap();
        std::os::unix::fs::symlink(elsewhere.path().join("a.html"), twin.join("a.html")).unwrap();
        write_site(&out, &files(&[("a.html", "three"), ("es/a.html", "c")])).unwrap();
        assert_eq!(
            std::fs::read_to_string(out.join("a.html")).unwrap(),
            "three"
        );
        assert_eq!(std::fs::read_to_string(out.join("es/a.html")).unwrap(), "c");
        assert!(!out.join("es").is_symlink() && !out.join("es/b.html").exists());
        assert_eq!(
            std::fs::read_to_string(elsewhere.path().join("a.html")).unwrap(),
            "outside"
        );
        assert_eq!(std::fs::read_dir(elsewhere.path()).unwrap().count(), 1);
    }
}
