//! The fingerprint of everything a build reads, recorded beside the output so that a build of an
//! unchanged project can return at once.
//!
//! What a build records must describe the bytes it used, or a later build could skip wrongly. The
//! events' and advisories' files are described by the hashes the load takes of the very bytes it
//! parses (so a clean build does not read them twice); every other input is hashed before the
//! load, and counts only if its size and modification time are the same after it.

use std::path::{Path, PathBuf};

use rustc_hash::FxHashMap;

use crate::diagnostic::Diagnostic;
use crate::fs::{check_file_type, stamp, FileStamp};
use crate::pipeline::options::Options;

/// The content folders whose `*.toml` files the load parses (and hashes) one by one.
const PARSED: [&str; 2] = [crate::layout::EVENTS, crate::layout::ADVISORIES];

/// One input's part in the fingerprint.
enum Part {
    /// A source folder or file the project does not have (`static/` is optional).
    Absent,
    /// A file the load parses: the hash of the bytes it read, when it took one; `Some` only
    /// when hashed before the load, to compare with a published record.
    Parsed(Option<u128>),
    /// Any other file: the hash of its bytes, and its stamp from before they were read.
    Read(u128, FileStamp),
}

/// Every input, in the order of a sorted walk, with its part in the fingerprint.
pub(super) struct InputFiles {
    files: Vec<(PathBuf, Part)>,
}

impl InputFiles {
    /// Walks the inputs and hashes every file; with `defer_parsed`, the files the load will
    /// parse are left to it. `Ok(None)` when something cannot be read: the build will say what.
    /// An input that is neither a regular file nor a folder (a FIFO, a socket, a device, or a
    /// link to one) is an error: it is never opened.
    pub(super) fn hash(
        root: &Path,
        defer_parsed: bool,
    ) -> Result<Option<InputFiles>, Vec<Diagnostic>> {
        let walked = walk(root)?;
        Ok(walked.and_then(|walked| hash_walked(walked, defer_parsed)))
    }

    /// The fingerprint of the files as they were hashed, to compare with a published record
    /// before loading. `None` if the load was to hash some of them.
    pub(super) fn before_load(&self, root: &Path, options: &Options) -> Option<String> {
        self.combine(root, options, |_, part| match part {
            Part::Parsed(hash) => *hash,
            Part::Read(hash, _) => Some(*hash),
            Part::Absent => Some(0),
        })
    }

    /// The fingerprint of what the build used, to record: the parsed files' hashes from the load
    /// (`parsed`, which must hold those files and no other), the others' from before it if they
    /// were not touched meanwhile. `None` when it cannot vouch for the inputs.
    pub(super) fn after_load(
        &self,
        root: &Path,
        options: &Options,
        parsed: &FxHashMap<PathBuf, u128>,
    ) -> Option<String> {
        let walked = self
            .files
            .iter()
            .filter(|(_, part)| matches!(part, Part::Parsed(_)))
            .count();
        // A file added to those folders after the walk was parsed and published, but is not in
        // the walk.
        if parsed.len() != walked {
            return None;
        }
        self.combine(root, options, |path, part| match part {
            Part::Parsed(_) => parsed.get(path).copied(),
            Part::Read(hash, before) => (stamp(path) == *before).then_some(*hash),
            Part::Absent => std::fs::symlink_metadata(path).is_err().then_some(0),
        })
    }

    /// A hash of every input but the events and advisories (whose versions the page keys take
    /// one by one): each file's relative path and the hash of its bytes, if its stamp did not
    /// change since they were hashed. `None` when that cannot be vouched for.
    pub(super) fn shared_digest(&self, root: &Path) -> Option<u128> {
        let mut hasher = xxhash_rust::xxh3::Xxh3::new();
        for (file, part) in &self.files {
            let hash = match part {
                Part::Parsed(_) => continue,
                Part::Read(hash, before) => (stamp(file) == *before).then_some(*hash)?,
                Part::Absent => std::fs::symlink_metadata(file).is_err().then_some(0)?,
            };
            let relative = file.strip_prefix(root).unwrap_or(file);
            hasher.update(relative.to_string_lossy().as_bytes());
            hasher.update(&[0]);
            hasher.update(&hash.to_le_bytes());
        }
        Some(hasher.digest128())
    }

    /// Hashes the version, the options and every file's relative path and part, in order.
    fn combine(
        &self,
        root: &Path,
        options: &Options,
        part_hash: impl Fn(&Path, &Part) -> Option<u128>,
    ) -> Option<String> {
        let mut hasher = xxhash_rust::xxh3::Xxh3::new();
        hasher.update(env!("CARGO_PKG_VERSION").as_bytes());
        hasher.update(format!("{:?}|{:?}", options.drafts, options.base_url).as_bytes());
        for (file, part) in &self.files {
            let hash = part_hash(file, part)?;
            // Relative paths: the same project built anywhere records the same fingerprint.
            let relative = file.strip_prefix(root).unwrap_or(file);
            hasher.update(relative.to_string_lossy().as_bytes());
            hasher.update(&[u8::from(matches!(part, Part::Absent))]);
            hasher.update(&hash.to_le_bytes());
        }
        Some(format!("{:032x}", hasher.digest128()))
    }
}

/// Every input file, in the order of a sorted walk: `(path, absent, parsed by the load)`.
/// `Ok(None)` when the walk could not read something; `Err` names each input that is neither a
/// regular file nor a folder (one `stat` each, by the walk; nothing is opened).
#[allow(clippy::type_complexity)]
fn walk(root: &Path) -> Result<Option<Vec<(PathBuf, bool, bool)>>, Vec<Diagnostic>> {
    let parsed_dirs = PARSED.map(|dir| root.join(dir));
    let mut walked = Vec::new();
    let mut problems = Vec::new();
    let mut unreadable = false;
    for source in crate::layout::INPUTS {
        let path = root.join(source);
        if let Err(d) = crate::fs::check_inside(root, &path) {
            problems.push(d);
            continue;
        }
        match std::fs::metadata(&path) {
            Ok(meta) if meta.is_dir() => {}
            Ok(meta) => {
                if let Err(d) = check_file_type(&path, meta.file_type()) {
                    problems.push(d);
                } else {
                    walked.push((path, false, false));
                }
                continue;
            }
            Err(_) => {
                let absent = std::fs::symlink_metadata(&path).is_err();
                walked.push((path, absent, false));
                continue;
            }
        }
        // Followed like the build follows them; anything the walk cannot read (a link to
        // nowhere, a loop) makes the fingerprint match nothing, so the build runs and says so.
        let mut walk = walkdir::WalkDir::new(&path)
            .follow_links(true)
            .sort_by_file_name()
            .into_iter();
        while let Some(entry) = walk.next() {
            let entry = match entry {
                Ok(entry) => entry,
                Err(e) => {
                    // A link out of the project (to `/`, which holds it: a loop) is refused.
                    match e.path().map(|p| crate::fs::check_inside(root, p)) {
                        Some(Err(d)) => problems.push(d),
                        _ => unreadable = true,
                    }
                    continue;
                }
            };
            if let Err(d) = crate::fs::check_walked(root, &entry) {
                problems.push(d);
                // A refused link to a folder is not walked into (it may lead to `/`).
                if entry.file_type().is_dir() {
                    walk.skip_current_dir();
                }
                continue;
            }
            if entry.file_type().is_dir() {
                continue;
            }
            let parsed = is_parsed_source(entry.path(), &parsed_dirs);
            walked.push((entry.into_path(), false, parsed));
        }
    }
    if !problems.is_empty() {
        return Err(problems);
    }
    Ok((!unreadable).then_some(walked))
}

/// Hashes each walked file on its own (in parallel), kept in the walk's order; with
/// `defer_parsed`, the files the load will parse are left to it. `None` if one cannot be read.
fn hash_walked(walked: Vec<(PathBuf, bool, bool)>, defer_parsed: bool) -> Option<InputFiles> {
    use rayon::prelude::*;
    let files = walked
        .into_par_iter()
        .map(|(path, absent, parsed)| {
            let part = match (absent, parsed) {
                (true, _) => Part::Absent,
                (false, true) if defer_parsed => Part::Parsed(None),
                (false, true) => Part::Parsed(Some(read_hash(&path)?)),
                (false, false) => {
                    let before = stamp(&path);
                    Part::Read(read_hash(&path)?, before)
                }
            };
            Some((path, part))
        })
        .collect::<Option<Vec<_>>>()?;
    Some(InputFiles { files })
}

/// The `source_hash` of a file's bytes, read through the checked, capped reader; `None` if it
/// cannot be read (the load says why).
fn read_hash(path: &Path) -> Option<u128> {
    crate::fs::hash_file(path).ok()
}

/// True for a file the content load parses itself: one `content::list_files` lists among the
/// `*.toml` files below `content/events/` or `content/advisories/`.
fn is_parsed_source(path: &Path, parsed_dirs: &[PathBuf]) -> bool {
    crate::content::is_listed(path, "toml") && parsed_dirs.iter().any(|dir| path.starts_with(dir))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A project with one event, one template and no `static/` folder.
    fn project() -> tempfile::TempDir {
        let dir = tempfile::tempdir().unwrap();
        let write = |relative: &str, text: &str| {
            let path = dir.path().join(relative);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(path, text).unwrap();
        };
        write("site.toml", "title = 'x'\n");
        write("content/events/a.toml", "\u{feff}date = 2025-01-01\n");
        write("content/events/.hidden.toml", "not parsed\n");
        write("content/events/notes.md", "not parsed\n");
        write("templates/base.html", "<p></p>\n");
        dir
    }

    /// What the load hashes: the event's bytes, as it read them.
    fn parsed(root: &Path) -> FxHashMap<PathBuf, u128> {
        let path = root.join("content/events/a.toml");
        let hash = crate::fs::source_hash(&std::fs::read(&path).unwrap());
        FxHashMap::from_iter([(path, hash)])
    }

    #[test]
    fn the_recorded_fingerprint_is_the_one_a_later_build_computes() {
        let dir = project();
        let (root, options) = (dir.path(), Options::default());
        let deferred = InputFiles::hash(root, true).unwrap().unwrap();
        assert_eq!(
            deferred.before_load(root, &options),
            None,
            "the load has to hash"
        );
        let recorded = deferred.after_load(root, &options, &parsed(root));
        let later = InputFiles::hash(root, false).unwrap().unwrap();
        assert!(
            recorded.is_some(),
            "an absent static/ folder is part of the project"
        );
        assert_eq!(recorded, later.before_load(root, &options));
        assert_eq!(recorded, later.after_load(root, &options, &parsed(root)));
        let drafts = Options {
            drafts: true,
            ..Options::default()
        };
        assert_ne!(recorded, later.before_load(root, &drafts));
    }

    #[test]
    fn a_fingerprint_that_cannot_vouch_for_the_build_is_none() {
        let dir = project();
        let (root, options) = (dir.path(), Options::default());
        let files = InputFiles::hash(root, true).unwrap().unwrap();
        // The load did not hash the event (it could not read it, or reused an old parse).
        assert_eq!(
            files.after_load(root, &options, &FxHashMap::default()),
            None
        );
        // The load parsed an event the walk did not see (added meanwhile).
        let mut more = parsed(root);
        more.insert(root.join("content/events/b.toml"), 1);
        assert_eq!(files.after_load(root, &options, &more), None);
        // A template changed after it was hashed: the build may have used either version.
        let template = root.join("templates/base.html");
        let file = std::fs::File::options()
            .write(true)
            .open(&template)
            .unwrap();
        file.set_modified(std::time::SystemTime::now() + std::time::Duration::from_secs(60))
            .unwrap();
        assert_eq!(files.after_load(root, &options, &parsed(root)), None);
    }

    /// A FIFO anywhere among the inputs (even where the load reads nothing) is named, not opened.
    #[cfg(unix)]
    #[test]
    fn an_input_that_is_no_regular_file_is_an_error() {
        let dir = project();
        let root = dir.path().to_path_buf();
        let fifo = root.join("content/notes/pipe");
        std::fs::create_dir_all(fifo.parent().unwrap()).unwrap();
        assert!(std::process::Command::new("mkfifo")
            .arg(&fifo)
            .status()
            .unwrap()
            .success());
        std::os::unix::fs::symlink("/dev/null", root.join("templates/null.html")).unwrap();
        let (tx, rx) = std::sync::mpsc::channel();
        std::thread::spawn(move || {
            let _ = tx.send(InputFiles::hash(&root, false).err());
        });
        let problems = rx
            .recv_timeout(std::time::Duration::from_secs(20))
            .expect("the fingerprint blocked")
            .expect("refused");
        let text: Vec<String> = problems.iter().map(|d| d.to_string()).collect();
        assert_eq!(problems.len(), 2, "{text:?}");
        assert!(text[0].contains("content/notes/pipe") && text[0].contains("is a FIFO"));
        assert!(text[1].contains("templates/null.html") && text[1].contains("is a device"));
    }
}
