//! A built site held in memory (the preview server's): no file is written, unchanged pages are
//! shared with the previous build, and a new build replaces the old one in a single step.

use rustc_hash::FxHashMap;
use std::sync::atomic::{AtomicUsize, Ordering::Relaxed};
use std::sync::{Arc, Mutex};

use super::{Output, WriteStats};
use crate::diagnostic::Diagnostic;

/// Every file of a site: path relative to the site (with `/`) to bytes (a `Vec`, so that a page
/// made whole, an open-data file of many megabytes, is kept as it was made, not copied).
pub type SiteFiles = FxHashMap<Arc<str>, Arc<Vec<u8>>>;

/// One build's files, collected from many threads on top of the previous build's.
pub struct MemoryWriter {
    previous: Arc<SiteFiles>,
    files: Mutex<SiteFiles>,
    written: AtomicUsize,
    unchanged: AtomicUsize,
}

impl MemoryWriter {
    /// A build that may keep files of `previous` (the last good build).
    pub fn begin(previous: Arc<SiteFiles>) -> MemoryWriter {
        MemoryWriter {
            files: Mutex::new(SiteFiles::with_capacity_and_hasher(
                previous.len(),
                Default::default(),
            )),
            previous,
            written: 0.into(),
            unchanged: 0.into(),
        }
    }

    /// The new site, and what changed since the previous one.
    pub fn finish(self) -> (SiteFiles, WriteStats) {
        let files = self.files.into_inner().unwrap_or_else(|e| e.into_inner());
        let removed = self
            .previous
            .keys()
            .filter(|path| !files.contains_key(path.as_ref()))
            .count();
        let stats = WriteStats {
            written: self.written.into_inner(),
            unchanged: self.unchanged.into_inner(),
            removed,
        };
        (files, stats)
    }

    fn insert(&self, relative: Arc<str>, bytes: Arc<Vec<u8>>) {
        let mut files = self.files.lock().unwrap_or_else(|e| e.into_inner());
        files.insert(relative, bytes);
    }
}

impl Output for MemoryWriter {
    fn put(&self, relative: &str, bytes: &[u8]) -> Result<(), Diagnostic> {
        self.put_page(relative, std::borrow::Cow::Borrowed(bytes))
    }

    fn put_page(
        &self,
        relative: &str,
        bytes: std::borrow::Cow<'_, [u8]>,
    ) -> Result<(), Diagnostic> {
        let (relative, bytes) = match self.previous.get_key_value(relative) {
            Some((path, old)) if old.as_slice() == &*bytes => {
                self.unchanged.fetch_add(1, Relaxed);
                (path.clone(), old.clone())
            }
            _ => {
                self.written.fetch_add(1, Relaxed);
                (Arc::from(relative), Arc::new(bytes.into_owned()))
            }
        };
        self.insert(relative, bytes);
        Ok(())
    }

    fn keep(&self, relative: &str, expected: Option<&str>) -> Result<bool, Diagnostic> {
        let Some((path, old)) = self.previous.get_key_value(relative) else {
            return Ok(false);
        };
        if expected.is_some_and(|e| e != super::content_hash(old)) {
            return Ok(false);
        }
        self.unchanged.fetch_add(1, Relaxed);
        self.insert(path.clone(), old.clone());
        Ok(true)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_build_keeps_shares_replaces_and_drops_files() {
        let first = MemoryWriter::begin(Arc::default());
        first.put("a.html", b"A").unwrap();
        first.put("b.html", b"B").unwrap();
        first.put("c.html", b"C").unwrap();
        let (files, stats) = first.finish();
        assert_eq!((stats.written, stats.unchanged, stats.removed), (3, 0, 0));
        let previous = Arc::new(files);

        let second = MemoryWriter::begin(previous.clone());
        assert!(second.keep("a.html", None).unwrap());
        assert!(!second.keep("new.html", None).unwrap(), "nothing to keep");
        second.put("b.html", b"B").unwrap();
        second.put("d.html", b"D").unwrap();
        let (files, stats) = second.finish();
        assert_eq!((stats.written, stats.unchanged, stats.removed), (1, 2, 1));
        assert!(Arc::ptr_eq(&files["a.html"], &previous["a.html"]));
        assert!(Arc::ptr_eq(&files["b.html"], &previous["b.html"]));
        assert_eq!(files["d.html"].as_slice(), b"D");
        // Owned bytes are kept as they were handed over.
        let third = MemoryWriter::begin(Arc::new(files));
        let page = b"E".repeat(3).to_vec();
        let at = page.as_ptr();
        third
            .put_page("e.html", std::borrow::Cow::Owned(page))
            .unwrap();
        let (files, _) = third.finish();
        assert_eq!(files["e.html"].as_ptr(), at);
        assert!(!files.contains_key("c.html"));
    }
}
