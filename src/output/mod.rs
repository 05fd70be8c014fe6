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
mod memory;

pub use memory::{MemoryWriter, SiteFiles};

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use crate::diagnostic::Diagnostic;
use crate::fs::io_diagnostic;

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

/// Publishes `files` at `output`, writing only what changed; the previous output stays whole on error.
pub fn write_site(output: &Path, files: &Files) -> Result<WriteStats, Diagnostic> {
    let writer = Writer::begin(output)?;
    for (relative, bytes) in files {
        writer.put(relative, bytes)?;
    }
    writer.finish()
}

/// Where a build puts its files: a folder on disk (`Writer`) or memory (`MemoryWriter`).
pub trait Output: Sync {
    /// Puts one file of the site.
    fn put(&self, relative: &str, bytes: &[u8]) -> Result<(), Diagnostic>;
    /// Keeps the previous build's file as it is, without its bytes (its page did not change);
    /// `false` when the previous build has no such file.
    fn keep(&self, relative: &str) -> Result<bool, Diagnostic>;
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
        let output = &own_path(output)?;
        check_replaceable(output)?;
        let next = sibling(output, "next");
        remove_own(&sibling(output, "staging"))?;
        prepare_twin(&next)?;
        remove_foreign(&next)?;
        let previous = read_manifest(&next);
        // From here on the twin no longer matches its manifest.
        match std::fs::remove_file(next.join(MANIFEST)) {
            Ok(()) => {}
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
            Err(e) => return Err(io_diagnostic(&next, "cannot update the working folder", &e)),
        }
        place_small(output, &next, STAMP, STAMP_TEXT.as_bytes())?;
        // A published tree with a link (or a FIFO) in it is not linked from: every file is written.
        let published = if foreign_entries(output).is_empty() {
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
    fn keep(&self, relative: &str) -> Result<bool, Diagnostic> {
        use std::sync::atomic::Ordering::Relaxed;
        let Some(hash) = self
            .published
            .get(relative)
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

/// A stable 128-bit hash of bytes, as 32 hex digits.
pub fn content_hash(bytes: &[u8]) -> String {
    format!("{:032x}", xxhash_rust::xxh3::xxh3_128(bytes))
}

/// `output` without a trailing `/` or `.` (through which `lstat` would follow a link); an error
/// when its last component is not a folder name (`..`, `/`).
fn own_path(output: &Path) -> Result<PathBuf, Diagnostic> {
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
fn is_own_file(path: &Path) -> bool {
    std::fs::symlink_metadata(path).is_ok_and(|m| m.is_file())
}

/// Refuses `path` unless it is a real folder: a symbolic link (to anywhere) is never followed.
fn check_real_folder(path: &Path, what: &str) -> Result<(), Diagnostic> {
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
fn sibling(output: &Path, suffix: &str) -> PathBuf {
    let name = output
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "public".into());
    output.with_file_name(format!(".{name}.puente-{suffix}"))
}

/// Makes sure the twin exists and is ours; a twin with no manifest is emptied.
fn prepare_twin(next: &Path) -> Result<(), Diagnostic> {
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
fn place_small(output: &Path, next: &Path, name: &str, bytes: &[u8]) -> Result<(), Diagnostic> {
    let published = output.join(name);
    if crate::fs::read_own(&published).is_some_and(|old| old == bytes) {
        link_published(&published, &next.join(name), true)
    } else {
        replace_file(&next.join(name), bytes)
    }
}

const STAMP_TEXT: &str = "This folder is written by `puente build` and replaced on every build.\n";

/// Removes a folder of Puente's (it carries the stamp); refuses anything else.
fn remove_own(path: &Path) -> Result<(), Diagnostic> {
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

/// The manifest of `tree`: output path to content hash. Only plain relative paths are taken: an
/// entry that could lead out of the tree is never linked to or removed.
fn read_manifest(tree: &Path) -> BTreeMap<String, String> {
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

fn manifest_text(manifest: &BTreeMap<String, String>) -> String {
    let mut text = String::with_capacity(manifest.len() * 64);
    for (path, hash) in manifest {
        text.push_str(hash);
        text.push(' ');
        text.push_str(path);
        text.push('\n');
    }
    text
}

/// Makes `target` the same file (inode) as the published `source`, unless it already is.
fn link_published(source: &Path, target: &Path, same_bytes: bool) -> Result<(), Diagnostic> {
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
fn replace_file(path: &Path, bytes: &[u8]) -> Result<(), Diagnostic> {
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
fn ensure_parent(path: &Path) -> Result<(), Diagnostic> {
    match path.parent() {
        Some(parent) => std::fs::create_dir_all(parent)
            .map_err(|e| io_diagnostic(parent, "cannot create the folder", &e)),
        None => Ok(()),
    }
}

/// Entries below `dir` that are neither regular files nor folders (links, FIFOs, sockets,
/// devices): a walk that follows no link, by the types the folder listings give. Anything the
/// walk cannot read counts too, by the path it names.
fn foreign_entries(dir: &Path) -> Vec<PathBuf> {
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
fn remove_foreign(next: &Path) -> Result<(), Diagnostic> {
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
fn remove_stale(
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
fn swap(output: &Path, next: &Path) -> Result<(), Diagnostic> {
    if !output.exists() {
        return std::fs::rename(next, output)
            .map_err(|e| io_diagnostic(output, "cannot move the new output into place", &e));
    }
    exchange(output, next).map_err(|e| io_diagnostic(output, "cannot swap in the new output", &e))
}

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

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::{Duration, SystemTime};

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
