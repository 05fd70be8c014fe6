//! The incremental bookkeeping: what lets a build skip the work an earlier one did, kept apart
//! from the stages themselves.
//!
//! - `cache`: the parsed sources a session keeps between builds, reused while their files are
//!   unchanged (`Stamp`s);
//! - `inputs`: the fingerprint of every input a build reads;
//! - `record`: that fingerprint, recorded beside the output, and the shortcut a first build of an
//!   unchanged project takes;
//! - `keys`: each page's key and its file's hash, kept beside the output for the next build;
//! - `store`: the events' pieces (search documents, open-data rows), kept beside the output
//!   between runs;
//! - `Memory` (here): what a session remembers of its last build: each page's key, the event
//!   HTML, the events' pieces and the search indexes.

mod cache;
mod inputs;
mod keys;
mod record;
mod store;

use std::sync::Arc;

pub(super) use cache::reuse;
pub use cache::{Cache, InputStamps, Stamp};
pub(super) use keys::{global_key, keep_keys, keys_text, page_keys, published_keys, LastPage};
pub(super) use record::{Fingerprint, Record, Start};
pub(super) use store::write as keep_store;

use super::options::Options;
use crate::render::{MarkdownCache, PieceCache, Pieces, SearchIndexes};
use crate::routes::Routes;

/// What a session remembers between builds.
#[derive(Default)]
pub(super) struct Memory {
    /// The parsed sources.
    pub(super) cache: Cache,
    /// The last successful build's routes and each one's key (see `pages::route_key`).
    last_keys: Option<(Arc<Routes>, Vec<u64>)>,
    /// The event HTML of the last successful build.
    markdown: MarkdownCache,
    /// The events' pieces of the last successful build, with what they depend on.
    pieces: (u64, Pieces),
    /// The search indexes of the last successful build, to update (they depend on nothing but
    /// their pieces: see `pages::search::update`).
    search_indexes: SearchIndexes,
}

impl Memory {
    /// True once a build of this session succeeded (it then knows what changed page by page).
    pub(super) fn has_built(&self) -> bool {
        self.last_keys.is_some()
    }

    /// What the event HTML and pieces of the last build may be reused for this one:
    /// `search_key` (see `search_key`) says whether the pieces still hold.
    pub(super) fn reusable(&self, search_key: u64) -> (&MarkdownCache, Option<&Pieces>) {
        (
            &self.markdown,
            (self.pieces.0 == search_key).then_some(&self.pieces.1),
        )
    }

    /// The keys of the last build's pages, if its routes had the same paths in the same order
    /// (a changed route changes every key anyway: they all hold the route table).
    pub(super) fn last_keys(&self, routes: &Routes) -> Option<&[u64]> {
        self.last_keys
            .as_ref()
            .filter(|(last, _)| same_paths(last, routes))
            .map(|(_, keys)| keys.as_slice())
    }

    /// Keeps what the next build of this session reuses: the routes and their keys, the event
    /// HTML, the events' pieces and the search indexes.
    pub(super) fn remember(
        &mut self,
        routes: Arc<Routes>,
        keys: Vec<u64>,
        markdown: MarkdownCache,
        pieces: (u64, Pieces),
        search_indexes: SearchIndexes,
    ) {
        self.last_keys = Some((routes, keys));
        self.markdown = markdown;
        self.pieces = pieces;
        self.search_indexes = search_indexes;
    }

    /// Takes the pieces kept beside the output (`stored`) as the last build's, when they were
    /// made under what this build's are (`depends`, see `search_depends`).
    pub(super) fn restore_pieces(
        &mut self,
        search_key: u64,
        depends: Option<u128>,
        stored: Option<(u128, Pieces)>,
    ) {
        if let (Some(depends), Some((made_under, pieces))) = (depends, stored) {
            if depends == made_under && !self.has_built() {
                self.pieces = (search_key, pieces);
            }
        }
    }

    /// The pieces to keep after a build that made `made`: of each kind, those made, or, when it
    /// made none (no file that holds them changed), the last build's if they still hold.
    pub(super) fn pieces(&mut self, search_key: u64, made: Pieces) -> Pieces {
        let holds = self.pieces.0 == search_key;
        let last = &mut self.pieces.1;
        let keep = |made: PieceCache, last: &mut PieceCache| {
            if made.is_empty() && holds {
                std::mem::take(last)
            } else {
                made
            }
        };
        Pieces {
            search: keep(made.search, &mut last.search),
            rows: keep(made.rows, &mut last.rows),
        }
    }

    /// The search indexes of the last build, taken for this one to update (a build that fails
    /// leaves none: the next one assembles them whole).
    pub(super) fn take_search_indexes(&mut self) -> SearchIndexes {
        std::mem::take(&mut self.search_indexes)
    }

    /// Forgets the page keys (a one-off build keeps none).
    pub(super) fn forget_keys(&mut self) {
        self.last_keys = None;
    }
}

/// True when two route tables have the same paths in the same order.
fn same_paths(a: &Routes, b: &Routes) -> bool {
    std::ptr::eq(a, b)
        || (a.all.len() == b.all.len() && a.all.iter().zip(&b.all).all(|(x, y)| x.path == y.path))
}

/// What the events' pieces depend on besides the events: they hold labels and dates
/// from the UI strings and names from the map (stamped by the load, `InputStamps`).
pub(super) fn search_key(stamps: &InputStamps, options: &Options) -> u64 {
    let stamp = stamps.site.clone().and(&stamps.i18n).and(&stamps.geo);
    xxhash_rust::xxh3::xxh3_64(format!("{stamp:?}{:?}", options.base_url).as_bytes())
}

/// What the events' pieces depend on besides the events, in a form that holds across
/// runs: the bytes of every other input (`shared`, see `InputFiles::shared_digest`) and the
/// options.
pub(super) fn search_depends(shared: u128, options: &Options) -> u128 {
    let options = format!("{:?}{:?}", options.base_url, options.drafts);
    shared ^ xxhash_rust::xxh3::xxh3_128(options.as_bytes())
}
