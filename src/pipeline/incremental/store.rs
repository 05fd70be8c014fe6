//! The events' pieces (search documents, open-data rows), kept in one file beside the output
//! (`.public.puente-cache` for `public/`) between runs, so that a build after an edit makes the
//! pieces of the changed events only (making all of them is most of a search index's time, and of
//! an open-data file's).
//!
//! Why a stored piece is never wrong: pieces are keyed by the event's version (the hash of
//! its file's bytes), language and URL, and kept only while everything else they show (the bytes
//! of every input but the events, the options: `depends`) hashes the same. The file starts with its
//! format, Puente's build and a checksum of the rest: anything missing, truncated, corrupt or
//! written by another build reads as no store, which only makes a build slower. It is written
//! under a fresh name (`O_EXCL`, which never opens through a link) and renamed over the old one,
//! so no reader sees half of it.
//!
//! The events' parse was kept here too at first, and measured: reading back 10,000 parsed events
//! (60 MB) took longer than parsing their files, so it is not kept.

use std::path::Path;
use std::sync::Arc;

use crate::render::{PieceCache, Pieces};

/// The store's first bytes: its format.
const MAGIC: &[u8; 16] = b"puente store 03\n";

/// One kind of piece as stored: by key, in key order.
type Stored<'a> = Vec<(u128, &'a str)>;

/// The pieces kept beside `output`, with what they depend on; `None` when there are none or they
/// cannot be trusted.
pub(in crate::pipeline) fn read(output: &Path) -> Option<(u128, Pieces)> {
    let bytes = crate::fs::read_own(&crate::output::beside(output, "cache"))?;
    let (depends, search, rows): (u128, Stored, Stored) =
        postcard::from_bytes(decode(&bytes)?).ok()?;
    let back = |stored: Stored| -> PieceCache {
        stored
            .into_iter()
            .map(|(key, piece)| (key, Arc::from(piece)))
            .collect()
    };
    let pieces = Pieces {
        search: back(search),
        rows: back(rows),
    };
    Some((depends, pieces))
}

/// One kind of piece, in key order, for the store.
fn sorted(cache: &PieceCache) -> Stored<'_> {
    let mut stored: Stored = cache.iter().map(|(k, d)| (*k, d.as_ref())).collect();
    stored.sort_unstable_by_key(|(k, _)| *k);
    stored
}

/// Keeps the pieces, made under `depends`, beside `output`, replacing the store there. A store
/// that cannot be written is left out: the next build is slower, not wrong.
pub(in crate::pipeline) fn write(output: &Path, depends: u128, pieces: &Pieces) {
    let (search, rows) = (sorted(&pieces.search), sorted(&pieces.rows));
    let size = 64
        + search
            .iter()
            .chain(&rows)
            .map(|(_, d)| d.len() + 24)
            .sum::<usize>();
    let mut bytes = Vec::with_capacity(size);
    bytes.extend_from_slice(&[0; HEADER]);
    if let Ok(mut bytes) = postcard::to_extend(&(depends, search, rows), bytes) {
        seal(&mut bytes);
        let _ = crate::output::replace_beside(output, "cache", &bytes);
    }
}

/// The header's length: the format, the build, the checksum of the body.
const HEADER: usize = 16 + 16 + 16;

/// Writes the header (format, build, checksum of what follows) over the first `HEADER` bytes.
fn seal(bytes: &mut [u8]) {
    let checksum = xxhash_rust::xxh3::xxh3_128(&bytes[HEADER..]);
    bytes[..16].copy_from_slice(MAGIC);
    bytes[16..32].copy_from_slice(&identity().to_le_bytes());
    bytes[32..HEADER].copy_from_slice(&checksum.to_le_bytes());
}

/// The body of a store written by this build of Puente, if whole.
fn decode(bytes: &[u8]) -> Option<&[u8]> {
    let rest = bytes.strip_prefix(MAGIC)?;
    let (build, rest) = rest.split_first_chunk::<16>()?;
    let (checksum, body) = rest.split_first_chunk::<16>()?;
    (u128::from_le_bytes(*build) == identity()
        && u128::from_le_bytes(*checksum) == xxhash_rust::xxh3::xxh3_128(body))
    .then_some(body)
}

/// Puente's build, hashed (see `keys::build_identity`).
fn identity() -> u128 {
    xxhash_rust::xxh3::xxh3_128(super::keys::build_identity().as_bytes())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_store_reads_back_and_any_damage_reads_as_nothing() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        let mut docs = Pieces::default();
        docs.search.insert(7, Arc::from("{\"t\":\"Call\"}"));
        docs.search.insert(3, Arc::from("{\"t\":\"Llamada\"}"));
        docs.rows.insert(5, Arc::from("{\"id\":\"x\"}\u{0}x\r\n"));
        write(&out, 9, &docs);
        let (depends, back) = read(&out).expect("a store");
        assert_eq!(depends, 9);
        assert_eq!(back, docs);

        let file = crate::output::beside(&out, "cache");
        let whole = std::fs::read(&file).unwrap();
        let mut flipped = whole.clone();
        let last = flipped.len() - 1;
        flipped[last] ^= 1;
        let mut other_build = whole.clone();
        other_build[20] ^= 1;
        for damaged in [
            Vec::new(),
            whole[..whole.len() / 2].to_vec(),
            whole[..40].to_vec(),
            flipped,
            other_build,
            [b"puente store 02\n".as_slice(), &whole[16..]].concat(),
        ] {
            std::fs::remove_file(&file).unwrap();
            std::fs::write(&file, &damaged).unwrap();
            assert!(read(&out).is_none(), "{} bytes", damaged.len());
        }
    }
}
