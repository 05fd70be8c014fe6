//! Parsed event and advisory files kept between loads, reused while a file is unchanged.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use rustc_hash::FxHashMap;

use super::{Advisory, Event};
use crate::diagnostic::Diagnostic;
use crate::fs::FileStamp;

/// Parsed files of one kind, kept with the size and modification time they were parsed at and the
/// vocabulary they were checked against.
pub type ParseCache<T> = HashMap<PathBuf, (FileStamp, u64, Result<T, Vec<Diagnostic>>)>;

/// What `load_cached` keeps between loads.
#[derive(Default)]
pub struct ContentCache {
    /// Events by file.
    pub events: ParseCache<std::sync::Arc<Event>>,
    /// Advisory snapshots by file.
    pub advisories: ParseCache<Advisory>,
    /// Set when there will be no next load to reuse parses (a one-off build): files are then
    /// neither stamped nor kept.
    pub once: bool,
    /// The `source_hash` of every event and advisory file the last load read (a first build's
    /// inputs fingerprint takes them from here rather than reading the files again).
    pub hashes: FxHashMap<PathBuf, u128>,
}

/// A file's parse: the item, or what is wrong with it.
pub(super) type Parsed<T> = Result<T, Vec<Diagnostic>>;

/// Parses every file (in parallel), reusing the cached parse of unchanged files, and records the
/// `source_hash` of each file it reads in `hashes`. With `once`, the cache is neither read nor
/// filled.
pub(super) fn parse_all<T: Clone + Send + Sync>(
    files: &[PathBuf],
    key: u64,
    cache: &mut ParseCache<T>,
    once: bool,
    hashes: &mut FxHashMap<PathBuf, u128>,
    parse: impl Fn(&Path, &str) -> Result<T, Vec<Diagnostic>> + Sync,
) -> Vec<Parsed<T>> {
    use rayon::prelude::*;
    let read_and_parse = |path: &PathBuf| match crate::fs::read_hashed(path) {
        Ok((text, hash)) => (parse(path, &text), Some(hash)),
        Err(d) => (Err(vec![d]), None),
    };
    let stamps: Vec<FileStamp> = if once {
        Vec::new()
    } else {
        files.par_iter().map(|p| crate::fs::stamp(p)).collect()
    };
    let parsed: Vec<(Parsed<T>, Option<u128>)> = files
        .par_iter()
        .enumerate()
        .map(|(i, path)| match (stamps.get(i), cache.get(path)) {
            (Some(stamp), Some((old, old_key, result)))
                if old == stamp && *old_key == key && stamp.1.is_some() =>
            {
                (result.clone(), None)
            }
            _ => read_and_parse(path),
        })
        .collect();
    hashes.reserve(files.len());
    let mut results = Vec::with_capacity(files.len());
    for (path, (result, hash)) in files.iter().zip(parsed) {
        if let Some(hash) = hash {
            hashes.insert(path.clone(), hash);
        }
        results.push(result);
    }
    if once {
        return results;
    }
    cache.clear();
    cache.reserve(files.len());
    for ((path, stamp), result) in files.iter().zip(stamps).zip(&results) {
        cache.insert(path.clone(), (stamp, key, result.clone()));
    }
    results
}
