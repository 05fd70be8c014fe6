//! File-system helpers that put the path into every error (after mdBook's `utils/fs.rs`).
//!
//! Every file Puente reads goes through `open_regular`: one `stat` (following links) says what the
//! path is before anything opens it, and a FIFO, socket or device is refused by name; the file is
//! then opened without blocking (a FIFO swapped in meanwhile cannot hold the open) and the open
//! handle must be the very regular file the `stat` saw. What is read stops at a size cap.

use std::io::Read;
use std::path::Path;

use crate::diagnostic::Diagnostic;

/// The largest source file Puente reads: a briefing's texts are far smaller; a file this big is a
/// mistake (a pasted export, a binary), and refusing it keeps builds fast and memory bounded.
pub const MAX_FILE_BYTES: u64 = 4 * 1024 * 1024;

/// The largest static file Puente publishes (an image, a PDF report): static files are held in
/// memory while the site is written, so one this big is refused rather than read.
pub const MAX_STATIC_BYTES: u64 = 64 * 1024 * 1024;

/// Reads a UTF-8 text file of at most `MAX_FILE_BYTES`, dropping a leading byte-order mark.
pub fn read_to_string(path: &Path) -> Result<String, Diagnostic> {
    read_limited(path).and_then(|bytes| into_text(path, bytes))
}

/// Like `read_to_string`, with the `source_hash` of the file's bytes as they were read (before a
/// byte-order mark is dropped).
pub fn read_hashed(path: &Path) -> Result<(String, u128), Diagnostic> {
    let bytes = read_limited(path)?;
    let hash = source_hash(&bytes);
    Ok((into_text(path, bytes)?, hash))
}

/// The bytes of a static file of at most `MAX_STATIC_BYTES`.
pub fn read_static(path: &Path) -> Result<Vec<u8>, Diagnostic> {
    read_capped(path, MAX_STATIC_BYTES, too_big_static)
}

/// The `source_hash` of a file of at most `MAX_STATIC_BYTES` (the larger cap: the inputs'
/// fingerprint hashes static files too), read in pieces so that memory stays small.
pub fn hash_file(path: &Path) -> Result<u128, Diagnostic> {
    let cannot_read = |e: std::io::Error| io_diagnostic(path, "cannot read", &e);
    let (file, meta) = open_regular(path)?;
    if meta.len() > MAX_STATIC_BYTES {
        return Err(too_big_static(path, meta.len()));
    }
    let mut hasher = xxhash_rust::xxh3::Xxh3::new();
    let mut reader = file.take(MAX_STATIC_BYTES + 1);
    let mut buffer = vec![0; meta.len().min(64 * 1024) as usize + 1];
    let mut total = 0u64;
    loop {
        let n = match reader.read(&mut buffer) {
            Ok(0) => break,
            Ok(n) => n,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(cannot_read(e)),
        };
        total += n as u64;
        if total > MAX_STATIC_BYTES {
            return Err(too_big_static(path, total));
        }
        hasher.update(&buffer[..n]);
    }
    Ok(hasher.digest128())
}

/// The largest bookkeeping file Puente reads back: the search pieces kept beside the output hold
/// every event's text in every language (about 92 MB at 10,000 events, over `MAX_STATIC_BYTES`).
pub const MAX_OWN_BYTES: u64 = 512 * 1024 * 1024;

/// The bytes of a bookkeeping file Puente wrote itself (the output's stamp, manifest, record, the
/// search store): `None` unless it is a regular file, not a link, of at most `MAX_OWN_BYTES`.
/// Never blocks.
pub fn read_own(path: &Path) -> Option<Vec<u8>> {
    let meta = std::fs::symlink_metadata(path).ok()?;
    if !meta.is_file() {
        return None;
    }
    let file = open_options(true).open(path).ok()?;
    let opened = file.metadata().ok()?;
    if !opened.is_file() || !same_file(&meta, &opened) {
        return None;
    }
    let mut bytes = Vec::new();
    file.take(MAX_OWN_BYTES + 1).read_to_end(&mut bytes).ok()?;
    (bytes.len() as u64 <= MAX_OWN_BYTES).then_some(bytes)
}

/// A file's size and modification time, taken to say whether it changed.
pub type FileStamp = (u64, Option<std::time::SystemTime>);

/// The `FileStamp` of `path`; `(u64::MAX, None)` when it cannot be read. One `stat`, which never
/// blocks, whatever the path is (a FIFO, a device).
pub fn stamp(path: &Path) -> FileStamp {
    std::fs::metadata(path).map_or((u64::MAX, None), |m| (m.len(), m.modified().ok()))
}

/// The hash of a source file's bytes, as the inputs' fingerprint records it.
pub fn source_hash(bytes: &[u8]) -> u128 {
    xxhash_rust::xxh3::xxh3_128(bytes)
}

/// Refuses what is neither a regular file nor a folder (a FIFO, a socket, a device), by the type
/// `stat` (links followed) or a directory walk gave for `path`.
pub fn check_file_type(path: &Path, file_type: std::fs::FileType) -> Result<(), Diagnostic> {
    if file_type.is_file() || file_type.is_dir() {
        return Ok(());
    }
    Err(not_regular(path, file_type))
}

/// Refuses `path` if, through a symbolic link (the file itself or a folder on its way), it leads
/// outside the project at `root`: a link in a contribution could otherwise publish any file of
/// the machine that builds (`/proc/self/environ`, a private key). A path that does not resolve
/// (a link to nowhere) passes: reading it says why it cannot be read.
pub fn check_inside(root: &Path, path: &Path) -> Result<(), Diagnostic> {
    let Ok(real) = path.canonicalize() else {
        return Ok(());
    };
    // `""` (a relative path's empty parent) is the current folder.
    let root = if root.as_os_str().is_empty() {
        Path::new(".")
    } else {
        root
    };
    let Ok(real_root) = root.canonicalize() else {
        return Err(io_diagnostic(
            root,
            "cannot read the project folder",
            &std::io::Error::from(std::io::ErrorKind::NotFound),
        ));
    };
    // Git keeps credentials in `.git/config` (a token in a remote's URL): a link into it is
    // refused like one out of the project (git cannot check out a file inside `.git`).
    if real.starts_with(&real_root) && !real.starts_with(real_root.join(".git")) {
        return Ok(());
    }
    // A link to a device or a FIFO is named for what it is.
    if let Ok(meta) = std::fs::metadata(path) {
        check_file_type(path, meta.file_type())?;
    }
    let place = if real.starts_with(&real_root) {
        "into the project's .git folder"
    } else {
        "outside the project"
    };
    Err(Diagnostic::new(
        path,
        format!(
            "leads {place}, through a symbolic link, to {}",
            real.display()
        ),
    )
    .hint("puente follows links only to files and folders inside the project (not into .git): copy the file into the project instead"))
}

/// The checks of an entry of a walk below the project at `root` that follows links: a regular
/// file or a folder (`check_file_type`), and, if the entry is a link, one to inside the project.
pub fn check_walked(root: &Path, entry: &walkdir::DirEntry) -> Result<(), Diagnostic> {
    check_file_type(entry.path(), entry.file_type())?;
    if entry.path_is_symlink() {
        check_inside(root, entry.path())?;
    }
    Ok(())
}

/// The regular files below `dir` (a missing folder holds none) and the problems met, in the
/// walk's file-name order, following links to inside the project at `root` only. A link out of
/// the project, a special file or a folder that cannot be read (said as
/// `cannot read {what}: {error}`) is a problem; a refused link to a folder is not walked into.
pub fn walk_files(
    root: &Path,
    dir: &Path,
    what: &str,
) -> Vec<Result<walkdir::DirEntry, Diagnostic>> {
    let mut files = Vec::new();
    if !dir.exists() {
        return files;
    }
    // Links are followed so that a loop of symbolic links is found and reported, not skipped.
    let mut walk = walkdir::WalkDir::new(dir)
        .follow_links(true)
        .sort_by_file_name()
        .into_iter();
    while let Some(entry) = walk.next() {
        let entry = match entry {
            Ok(entry) => entry,
            Err(error) => {
                let path = error.path().unwrap_or(dir).to_path_buf();
                // A link out of the project (to `/`, which holds it: a loop) is said as such.
                let said = check_inside(root, &path).err().unwrap_or_else(|| {
                    Diagnostic::new(path, format!("cannot read {what}: {error}"))
                        .hint("check permissions and remove symbolic-link loops")
                });
                files.push(Err(said));
                continue;
            }
        };
        // Links are followed to what they point to, inside the project only: a FIFO, socket or
        // device is refused by name (whatever its name: it is an input of the build all the
        // same), never opened.
        if let Err(d) = check_walked(root, &entry) {
            files.push(Err(d));
            // A refused link to a folder is not walked into (it may lead to `/`).
            if entry.file_type().is_dir() {
                walk.skip_current_dir();
            }
            continue;
        }
        if entry.file_type().is_file() {
            files.push(Ok(entry));
        }
    }
    files
}

/// The error for a path that is not a regular file.
fn not_regular(path: &Path, file_type: std::fs::FileType) -> Diagnostic {
    Diagnostic::new(
        path,
        format!("is {}, not a regular file", describe(file_type)),
    )
    .hint("puente reads only regular files (and follows links only to them): replace it with a regular file, or remove it")
}

/// What a file type is, with its article ("a FIFO").
fn describe(file_type: std::fs::FileType) -> &'static str {
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if file_type.is_fifo() {
            return "a FIFO";
        }
        if file_type.is_socket() {
            return "a socket";
        }
        if file_type.is_block_device() || file_type.is_char_device() {
            return "a device";
        }
    }
    if file_type.is_dir() {
        return "a folder";
    }
    if file_type.is_symlink() {
        return "a symbolic link";
    }
    "a special file"
}

/// Options that open for reading without blocking (a FIFO opened so returns at once); with
/// `no_follow`, a link as the last component makes the open fail.
fn open_options(no_follow: bool) -> std::fs::OpenOptions {
    let mut options = std::fs::OpenOptions::new();
    options.read(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        // Kept for the reads too: a file of a pseudo file system that would wait for data
        // (`/proc/kmsg`) says so at once instead of blocking. Regular files ignore it.
        let mut flags = rustix::fs::OFlags::NONBLOCK | rustix::fs::OFlags::NOCTTY;
        if no_follow {
            flags |= rustix::fs::OFlags::NOFOLLOW;
        }
        options.custom_flags(flags.bits() as i32);
    }
    #[cfg(not(unix))]
    let _ = no_follow;
    options
}

/// True when two metadata describe the same file (device and inode).
#[cfg(unix)]
fn same_file(a: &std::fs::Metadata, b: &std::fs::Metadata) -> bool {
    use std::os::unix::fs::MetadataExt;
    a.dev() == b.dev() && a.ino() == b.ino()
}

#[cfg(not(unix))]
fn same_file(_: &std::fs::Metadata, _: &std::fs::Metadata) -> bool {
    true
}

/// Opens the regular file at `path` (links followed) for reading, with its metadata: checked by
/// one `stat` before the open (nothing but a regular file is ever opened), opened without
/// blocking, and the open handle checked to be that same file (not one swapped in between).
pub fn open_regular(path: &Path) -> Result<(std::fs::File, std::fs::Metadata), Diagnostic> {
    let cannot_read = |e: std::io::Error| io_diagnostic(path, "cannot read", &e);
    let meta = std::fs::metadata(path).map_err(cannot_read)?;
    if !meta.is_file() {
        return Err(not_regular(path, meta.file_type()));
    }
    let file = open_options(false).open(path).map_err(cannot_read)?;
    let opened = file.metadata().map_err(cannot_read)?;
    if !opened.is_file() {
        return Err(not_regular(path, opened.file_type()));
    }
    if !same_file(&meta, &opened) {
        return Err(
            Diagnostic::new(path, "the file was replaced while it was being read")
                .hint("build again once nothing is writing to the project"),
        );
    }
    Ok((file, opened))
}

/// The bytes of a file of at most `MAX_FILE_BYTES`.
fn read_limited(path: &Path) -> Result<Vec<u8>, Diagnostic> {
    read_capped(path, MAX_FILE_BYTES, too_big)
}

/// The bytes of a regular file of at most `cap` bytes; `too_big` gives the error past it.
fn read_capped(
    path: &Path,
    cap: u64,
    too_big: fn(&Path, u64) -> Diagnostic,
) -> Result<Vec<u8>, Diagnostic> {
    let cannot_read = |e: std::io::Error| io_diagnostic(path, "cannot read", &e);
    // The size comes from the open file, and no more than the limit is read even from a file
    // that grows meanwhile.
    let (file, meta) = open_regular(path)?;
    let size = meta.len();
    if size > cap {
        return Err(too_big(path, size));
    }
    let mut bytes = Vec::with_capacity(size as usize);
    file.take(cap + 1)
        .read_to_end(&mut bytes)
        .map_err(cannot_read)?;
    if bytes.len() as u64 > cap {
        return Err(too_big(path, bytes.len() as u64));
    }
    Ok(bytes)
}

/// `bytes` as UTF-8 text without a leading byte-order mark.
fn into_text(path: &Path, bytes: Vec<u8>) -> Result<String, Diagnostic> {
    let text = String::from_utf8(bytes).map_err(|e| {
        let offset = e.utf8_error().valid_up_to();
        let valid = String::from_utf8_lossy(&e.as_bytes()[..offset]).into_owned();
        Diagnostic::new(path, "the file is not valid UTF-8")
            .at_offset(&valid, offset)
            .hint("save the file as UTF-8")
    })?;
    Ok(match text.strip_prefix('\u{feff}') {
        Some(rest) => rest.to_string(),
        None => text,
    })
}

/// The error for a file of `size` bytes, over `MAX_FILE_BYTES`.
fn too_big(path: &Path, size: u64) -> Diagnostic {
    Diagnostic::new(
        path,
        format!(
            "the file is {:.1} MB, more than the {} MB a source file may be",
            size as f64 / 1_048_576.0,
            MAX_FILE_BYTES / 1_048_576
        ),
    )
    .hint("split the text into several pages or events, or remove what was pasted by mistake")
}

/// The error for a static file of `size` bytes, over `MAX_STATIC_BYTES`.
fn too_big_static(path: &Path, size: u64) -> Diagnostic {
    Diagnostic::new(
        path,
        format!(
            "the file is {:.1} MB, more than the {} MB a static file may be",
            size as f64 / 1_048_576.0,
            MAX_STATIC_BYTES / 1_048_576
        ),
    )
    .hint("publish a smaller version of it (a compressed image, a PDF split in parts), or link to it elsewhere")
}

/// A diagnostic for an I/O error on `path`.
pub fn io_diagnostic(path: &Path, doing: &str, error: &std::io::Error) -> Diagnostic {
    let hint = match error.kind() {
        std::io::ErrorKind::NotFound => "check that the file exists and the project root is right",
        std::io::ErrorKind::PermissionDenied => "check the file's permissions",
        _ => "check the file and try again",
    };
    Diagnostic::new(path, format!("{doing}: {error}")).hint(hint)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_file_over_the_limit_is_refused_by_its_size() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("big.md");
        std::fs::write(&path, vec![b'a'; MAX_FILE_BYTES as usize + 1]).unwrap();
        let d = read_to_string(&path).unwrap_err();
        assert!(d.message.contains("more than the 4 MB"), "{d}");
        std::fs::write(&path, "\u{feff}hola").unwrap();
        assert_eq!(read_to_string(&path).unwrap(), "hola");
    }

    /// A device (here through a link) is refused by its type before it is opened.
    #[cfg(unix)]
    #[test]
    fn a_device_or_a_link_to_one_is_not_read() {
        let dir = tempfile::tempdir().unwrap();
        let link = dir.path().join("zero.toml");
        std::os::unix::fs::symlink("/dev/zero", &link).unwrap();
        for path in [Path::new("/dev/zero"), &link] {
            let d = read_to_string(path).unwrap_err();
            assert_eq!(d.file, path);
            assert!(d.message.contains("is a device, not a regular file"), "{d}");
            assert!(read_static(path).is_err() && hash_file(path).is_err());
        }
        assert_eq!(read_own(&link), None);
    }

    /// A FIFO with no writer would block an ordinary open or read forever: it is refused at once.
    #[cfg(unix)]
    #[test]
    fn a_fifo_is_refused_without_blocking() {
        let dir = tempfile::tempdir().unwrap();
        let fifo = dir.path().join("x.toml");
        let made = std::process::Command::new("mkfifo")
            .arg(&fifo)
            .status()
            .unwrap();
        assert!(made.success());
        let link = dir.path().join("link.css");
        std::os::unix::fs::symlink(&fifo, &link).unwrap();
        let (tx, rx) = std::sync::mpsc::channel();
        let paths = [fifo.clone(), link.clone()];
        std::thread::spawn(move || {
            let results: Vec<_> = paths
                .iter()
                .map(|p| {
                    (
                        read_to_string(p).map_err(|d| d.message),
                        read_static(p).map_err(|d| d.message),
                        hash_file(p).map_err(|d| d.message),
                        read_own(p),
                        stamp(p).0,
                    )
                })
                .collect();
            let _ = tx.send(results);
        });
        let results = rx
            .recv_timeout(std::time::Duration::from_secs(20))
            .expect("reading a FIFO blocked");
        for (text, bytes, hash, own, _) in results {
            for message in [text.unwrap_err(), bytes.unwrap_err(), hash.unwrap_err()] {
                assert!(
                    message.contains("is a FIFO, not a regular file"),
                    "{message}"
                );
            }
            assert_eq!(own, None);
        }
    }

    /// The open checks the handle it got, so a FIFO swapped in for the file after the `stat`
    /// neither blocks the open nor is read: `open_options` never blocks on one.
    #[cfg(unix)]
    #[test]
    fn opening_never_blocks_on_a_fifo() {
        let dir = tempfile::tempdir().unwrap();
        let fifo = dir.path().join("swapped");
        assert!(std::process::Command::new("mkfifo")
            .arg(&fifo)
            .status()
            .unwrap()
            .success());
        let (tx, rx) = std::sync::mpsc::channel();
        let path = fifo.clone();
        std::thread::spawn(move || {
            let file = open_options(false).open(&path).unwrap();
            let _ = tx.send(file.metadata().unwrap().is_file());
        });
        let is_file = rx
            .recv_timeout(std::time::Duration::from_secs(20))
            .expect("the open blocked");
        assert!(!is_file);
    }

    #[test]
    fn static_files_have_a_cap_of_their_own() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("image.png");
        let file = std::fs::File::create(&path).unwrap();
        file.set_len(MAX_FILE_BYTES + 1).unwrap();
        assert_eq!(read_static(&path).unwrap().len() as u64, MAX_FILE_BYTES + 1);
        assert_eq!(
            hash_file(&path).unwrap(),
            source_hash(&read_static(&path).unwrap()),
            "hashing in pieces gives the hash of the whole"
        );
        file.set_len(MAX_STATIC_BYTES + 1).unwrap();
        let d = read_static(&path).unwrap_err();
        assert!(
            d.message
                .contains("more than the 64 MB a static file may be"),
            "{d}"
        );
        let d = hash_file(&path).unwrap_err();
        assert!(d.message.contains("more than the 64 MB"), "{d}");
    }

    #[cfg(unix)]
    #[test]
    fn own_files_are_read_only_when_they_are_no_link() {
        let dir = tempfile::tempdir().unwrap();
        let real = dir.path().join("manifest");
        std::fs::write(&real, "abc").unwrap();
        let link = dir.path().join("link");
        std::os::unix::fs::symlink(&real, &link).unwrap();
        assert_eq!(read_own(&real).as_deref(), Some(&b"abc"[..]));
        assert_eq!(read_own(&link), None);
        assert_eq!(read_own(dir.path()), None, "a folder");
    }

    #[cfg(unix)]
    #[test]
    fn links_may_lead_only_inside_the_project() {
        let outside = tempfile::tempdir().unwrap();
        std::fs::write(outside.path().join("secret"), "x").unwrap();
        let project = tempfile::tempdir().unwrap();
        let root = project.path();
        std::fs::create_dir(root.join("static")).unwrap();
        std::fs::write(root.join("static/logo.svg"), "<svg/>").unwrap();
        let link = |target: &Path, name: &str| {
            std::os::unix::fs::symlink(target, root.join(name)).unwrap();
            root.join(name)
        };
        let inside = link(Path::new("logo.svg"), "static/alias.svg");
        let folder = link(Path::new("static"), "assets");
        let secret = link(&outside.path().join("secret"), "static/secret");
        let through = link(outside.path(), "elsewhere");
        let env = link(Path::new("/proc/self/environ"), "static/env.txt");
        let zero = link(Path::new("/dev/zero"), "static/zero");
        std::fs::create_dir(root.join(".git")).unwrap();
        std::fs::write(root.join(".git/config"), "[remote]").unwrap();
        let git = link(Path::new("../.git/config"), "static/git.txt");
        assert!(check_inside(root, &inside).is_ok());
        assert!(check_inside(root, &folder.join("logo.svg")).is_ok());
        assert!(check_inside(root, &root.join("static/missing")).is_ok());
        for path in [secret, through.join("secret"), env] {
            let d = check_inside(root, &path).unwrap_err();
            assert!(d.message.starts_with("leads outside the project"), "{d}");
            assert_eq!(d.file, path);
        }
        let d = check_inside(root, &git).unwrap_err();
        assert!(
            d.message
                .starts_with("leads into the project's .git folder"),
            "{d}"
        );
        let d = check_inside(root, &zero).unwrap_err();
        assert!(d.message.contains("is a device"), "{d}");
    }

    #[test]
    fn a_folder_is_not_read_as_a_file() {
        let dir = tempfile::tempdir().unwrap();
        let d = read_to_string(dir.path()).unwrap_err();
        assert!(d.message.contains("is a folder, not a regular file"), "{d}");
    }

    #[test]
    fn missing_file_names_path() {
        let d = read_to_string(Path::new("/nonexistent/puente.toml")).unwrap_err();
        assert_eq!(d.file, Path::new("/nonexistent/puente.toml"));
        assert!(d.message.starts_with("cannot read"));
    }
}
