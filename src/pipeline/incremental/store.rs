//! The parse of every event file and the events' search documents, kept in one file beside the
//! output (`.public.puente-cache` for `public/`) between runs, so that a build after a small edit
//! parses and indexes only what changed.
//!
//! Why a stored item is never wrong: an event is taken from the store only when its file's bytes
//! hash as they did when it was parsed (the inputs' fingerprint hashes every file anyway) and its
//! vocabulary (states, kinds, languages, settings) is the same; search documents are keyed by the
//! event's version, language and URL, and kept only while everything else they show (the bytes of
//! every input but the events, the options) hashes the same. The file starts with its format,
//! Puente's build and a checksum of the rest: anything missing, truncated, corrupt or written by
//! another build reads as an empty store, which only makes a build slower. It is written under a
//! fresh name (`O_EXCL`, which never opens through a link) and renamed over the old one, so no
//! reader sees half of it.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use serde::{Deserialize, Serialize};

use crate::content::Event;
use crate::render::SearchCache;

/// The store's first bytes: its format.
const MAGIC: &[u8; 16] = b"puente store 01\n";

/// Stored events that may be used for this build: by file, the bytes' hash and vocabulary key
/// they were parsed under, and the parse.
pub type StoredEvents = crate::content::StoredParses<Arc<Event>>;

/// What is written.
#[derive(Serialize)]
struct Written<'a> {
    events: Vec<(&'a Path, u128, u64, &'a Event)>,
    search: (u128, Vec<(u128, &'a str)>),
}

/// What is read back.
#[derive(Deserialize)]
struct Read {
    events: Vec<(PathBuf, u128, u64, Event)>,
    search: (u128, Vec<(u128, String)>),
}

/// The store beside `output`: its events, and its search documents with what they depend on.
/// Empty when there is none or it cannot be trusted.
pub(in crate::pipeline) fn read(output: &Path) -> (StoredEvents, Option<(u128, SearchCache)>) {
    let Some(bytes) = crate::fs::read_own(&crate::output::beside(output, "cache")) else {
        return Default::default();
    };
    let Some(read) = decode(&bytes) else {
        return Default::default();
    };
    let events = read
        .events
        .into_iter()
        .map(|(path, hash, key, event)| (path, (hash, key, Arc::new(event))))
        .collect();
    let (depends, docs) = read.search;
    let docs = docs
        .into_iter()
        .map(|(key, doc)| (key, Arc::from(doc)))
        .collect();
    (events, Some((depends, docs)))
}

/// Keeps `events` (by file: bytes' hash, vocabulary key, parse) and the search documents `docs`
/// made under `depends` beside `output`, replacing the store there. A store that cannot be
/// written is left out: the next build is slower, not wrong.
pub(in crate::pipeline) fn write(
    output: &Path,
    events: &[(&Path, u128, u64, &Event)],
    depends: u128,
    docs: &SearchCache,
) {
    let mut search: Vec<(u128, &str)> = docs.iter().map(|(k, d)| (*k, d.as_ref())).collect();
    search.sort_unstable_by_key(|(k, _)| *k);
    let written = Written {
        events: events.to_vec(),
        search: (depends, search),
    };
    if let Ok(body) = postcard::to_stdvec(&written) {
        let _ = crate::output::replace_beside(output, "cache", &encode(&body));
    }
}

/// The header (format, build, checksum) and `body`.
fn encode(body: &[u8]) -> Vec<u8> {
    let mut bytes = Vec::with_capacity(body.len() + 48);
    bytes.extend_from_slice(MAGIC);
    bytes.extend_from_slice(&identity().to_le_bytes());
    bytes.extend_from_slice(&xxhash_rust::xxh3::xxh3_128(body).to_le_bytes());
    bytes.extend_from_slice(body);
    bytes
}

/// The body of a store written by this build of Puente, if whole.
fn decode(bytes: &[u8]) -> Option<Read> {
    let rest = bytes.strip_prefix(MAGIC)?;
    let (build, rest) = rest.split_first_chunk::<16>()?;
    let (checksum, body) = rest.split_first_chunk::<16>()?;
    if u128::from_le_bytes(*build) != identity()
        || u128::from_le_bytes(*checksum) != xxhash_rust::xxh3::xxh3_128(body)
    {
        return None;
    }
    postcard::from_bytes(body).ok()
}

/// Puente's build, hashed (see `keys::build_identity`).
fn identity() -> u128 {
    xxhash_rust::xxh3::xxh3_128(super::keys::build_identity().as_bytes())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn event() -> Event {
        let text = "date = 2025-01-15\nkind = \"call\"\npeople = []\nstates = [\"MX-CHH\"]\n\n[es]\ntitle = \"Llamada\"\nsummary = \"Una llamada.\"\n\n[en]\ntitle = \"Call\"\nsummary = \"A call.\"\n";
        let vocabulary = crate::content::event::tests::vocabulary();
        Event::parse(
            Path::new("content/events/2025-01-15-llamada.toml"),
            text,
            &vocabulary,
        )
        .expect("a valid event")
    }

    #[test]
    fn a_store_reads_back_and_any_damage_reads_as_nothing() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        let event = event();
        let mut docs = SearchCache::default();
        docs.insert(7, Arc::from("{\"t\":\"Call\"}"));
        write(&out, &[(Path::new("a.toml"), 1, 2, &event)], 9, &docs);
        let (events, search) = read(&out);
        let (hash, key, back) = &events[Path::new("a.toml")];
        assert_eq!((*hash, *key), (1, 2));
        assert_eq!(back.texts["en"].title, "Call");
        assert_eq!(back.states, ["MX-CHH"]);
        let (depends, docs) = search.expect("search documents");
        assert_eq!((depends, &*docs[&7]), (9, "{\"t\":\"Call\"}"));

        let file = crate::output::beside(&out, "cache");
        let whole = std::fs::read(&file).unwrap();
        let mut flipped = whole.clone();
        let last = flipped.len() - 1;
        flipped[last] ^= 1;
        for damaged in [
            Vec::new(),
            whole[..whole.len() / 2].to_vec(),
            whole[..40].to_vec(),
            flipped,
            [b"puente store 00\n".as_slice(), &whole[16..]].concat(),
        ] {
            std::fs::remove_file(&file).unwrap();
            std::fs::write(&file, &damaged).unwrap();
            let (events, search) = read(&out);
            assert!(
                events.is_empty() && search.is_none(),
                "{} bytes",
                damaged.len()
            );
        }
    }
}
