//! Each page's key, and the keys kept beside the output so that the next build, in this process
//! or a later one, renders only the pages whose key changed.
//!
//! A page's key hashes what every page shows (`global`: Puente's own build, the options, the
//! bytes of every input but the events, the advisories' versions, the route table) and what the
//! page's type says it shows of the events (`pages::route_key`, beside each type's view). The
//! keys of a build on disk are kept beside the output (`.public.puente-pages` for `public/`),
//! each with the hash of the file it rendered: a page is kept only if the published file still
//! has that hash, so the keys vouch for nothing they did not describe, whenever they were
//! written. They stay out of the published folder, whose bytes thus depend only on the input.
//! Anything wrong with the file (missing, truncated, corrupt, from another version) only makes
//! pages render again.

use std::collections::HashMap;
use std::path::Path;

use super::InputStamps;
use crate::content::Content;
use crate::pipeline::options::Options;
use crate::render::Renderer;
use crate::routes::Routes;

/// The keys file's name beside the output: `.<output>.puente-pages`.
const KEYS_SUFFIX: &str = "pages";

/// Keeps the keys file's `text` beside `out`, replacing the last one. One that cannot be written
/// is left out: the next build renders more, never wrongly.
pub(in crate::pipeline) fn keep_keys(out: &Path, text: &str) {
    let _ = crate::output::replace_beside(out, KEYS_SUFFIX, text.as_bytes());
}

/// The first line of the keys file: its format.
const HEADER: &str = "puente page keys 1";

/// What every page's key holds besides the page's own part: Puente's build, the options, the
/// inputs other than events (their bytes' hash, `shared`, when the build took one; else their
/// `stamps`, good within one process only), the advisories' versions and the route table.
pub(in crate::pipeline) fn global_key(
    stamps: &InputStamps,
    options: &Options,
    shared: Option<u128>,
    content: &Content,
    routes: &Routes,
) -> u64 {
    let mut hasher = xxhash_rust::xxh3::Xxh3::new();
    hasher.update(build_identity().as_bytes());
    hasher.update(format!("{:?}{:?}", options.drafts, options.base_url).as_bytes());
    match shared {
        Some(digest) => hasher.update(&digest.to_le_bytes()),
        None => hasher.update(format!("{:?}", stamps.all()).as_bytes()),
    }
    for advisory in &content.advisories {
        hasher.update(&advisory.version.to_le_bytes());
    }
    for route in &routes.all {
        hasher.update(route.path.as_bytes());
    }
    hasher.digest()
}

/// Every page's key, in route order, over `global`.
pub(in crate::pipeline) fn page_keys(
    content: &Content,
    routes: &Routes,
    renderer: &Renderer<'_>,
    global: u64,
) -> Vec<u64> {
    use rayon::prelude::*;
    let mut events = xxhash_rust::xxh3::Xxh3::new();
    for event in &content.events {
        events.update(&event.version.to_le_bytes());
    }
    let all_events = events.digest();
    // The search files' keys hash their bytes: the indexes (and what else many pages share) are
    // made first, language by language, each in parallel.
    crate::pages::prepare(renderer);
    routes
        .all
        .par_iter()
        .map(|route| crate::pages::route_key(renderer, route, global, all_events))
        .collect()
}

/// What identifies the program making the pages: its version, and the size and modification
/// time of its executable (a rebuilt Puente may render differently under the same version).
pub(super) fn build_identity() -> String {
    static IDENTITY: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    IDENTITY
        .get_or_init(|| {
            let exe = std::env::current_exe().ok();
            let stamp = exe.as_deref().map(crate::fs::stamp);
            format!("{} {stamp:?}", env!("CARGO_PKG_VERSION"))
        })
        .clone()
}

/// A page as last built: its key, and the hash of the bytes written for it.
pub(in crate::pipeline) type LastPage = (u64, Option<String>);

/// The keys file's text: the header, then one `key hash file` line per page, in route order,
/// `hash` being that of the bytes the page's file holds (`hash_of`). A page without one is left
/// out (it was not written).
pub(in crate::pipeline) fn keys_text(
    routes: &Routes,
    keys: &[u64],
    hash_of: impl Fn(&str) -> Option<String>,
) -> String {
    let mut text = String::with_capacity(keys.len() * 80);
    text.push_str(HEADER);
    text.push('\n');
    for (route, key) in routes.all.iter().zip(keys) {
        let file = route.file();
        if let Some(hash) = hash_of(&file) {
            text.push_str(&format!("{key:016x} {hash} {file}\n"));
        }
    }
    text
}

/// The pages published in `out` as their keys file describes them, in route order of `routes`:
/// `None` for a page it does not have. Empty when the file is missing or not wholly readable. A
/// page is kept only if the published file still has the recorded hash (`Output::keep`), so a
/// keys file from another build cannot vouch for a file it did not describe.
pub(in crate::pipeline) fn published_keys(out: &Path, routes: &Routes) -> Vec<Option<LastPage>> {
    let text = crate::fs::read_own(&crate::output::beside(out, KEYS_SUFFIX))
        .and_then(|bytes| String::from_utf8(bytes).ok())
        .unwrap_or_default();
    match parse_keys(&text) {
        Some(keys) => routes
            .all
            .iter()
            .map(|route| {
                keys.get(route.file().as_str())
                    .map(|(key, hash)| (*key, Some(hash.to_string())))
            })
            .collect(),
        None => Vec::new(),
    }
}

/// The keys and hashes in a keys file's text, by file; `None` when any line is not as written.
fn parse_keys(text: &str) -> Option<HashMap<&str, (u64, &str)>> {
    let mut lines = text.split_terminator('\n');
    if lines.next()? != HEADER || !text.ends_with('\n') {
        return None;
    }
    let mut keys = HashMap::new();
    for line in lines {
        let (key, rest) = line.split_once(' ')?;
        let (hash, file) = rest.split_once(' ')?;
        let hex = |s: &str, n: usize| s.len() == n && s.bytes().all(|b| b.is_ascii_hexdigit());
        if !hex(key, 16) || !hex(hash, 32) || file.is_empty() {
            return None;
        }
        keys.insert(file, (u64::from_str_radix(key, 16).ok()?, hash));
    }
    Some(keys)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_read_back_and_anything_malformed_reads_as_none() {
        let h = "0123456789abcdef0123456789abcdef";
        let text = format!(
            "{HEADER}\n00000000000000ff {h} es/index.html\n0123456789abcdef {h} en/a b.html\n"
        );
        let keys = parse_keys(&text).expect("well formed");
        assert_eq!(keys["es/index.html"], (0xff, h));
        assert_eq!(keys["en/a b.html"].0, 0x0123456789abcdef);
        for bad in [
            String::new(),
            "puente page keys 0\n".to_string(),
            text[..text.len() - 1].to_string(),
            text[..text.len() - 9].to_string(),
            text.replace("00ff", "00fg"),
            text.replace("00000000000000ff ", "ff "),
            text.replacen(h, &h[1..], 1),
            format!("{text}garbage\n"),
            format!("{text}0000000000000001 {h}\n"),
        ] {
            assert!(parse_keys(&bad).is_none(), "{bad:?}");
        }
        assert!(parse_keys(&format!("{HEADER}\n")).is_some_and(|k| k.is_empty()));
    }
}
