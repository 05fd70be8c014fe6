//! The offline search index of one language, split so that a first search fetches hundreds of
//! kilobytes, not the whole text: an inverted index in shards by the first two letters of each
//! folded word (`search/w<n>.json`), the documents' title, address, kind and text in numbered
//! chunks (`search/d<n>.json`) fetched only for the results shown, and `search.json` saying how
//! many of each there are. Words are folded to lowercase ASCII, so that "michoacan" finds
//! "Michoacán" and "García" "garcia". `static/search.js` reads it.
//!
//! Each document is made into a *piece* (`piece`): its JSON for a chunk, a line break, then its
//! words with their weights. An event's piece is kept across builds (`made_search_pieces`), so a
//! rebuild after one edit tokenises that event only and assembles the files from the pieces.
//! Why this design and not one file or Pagefind: docs/performance.md (full-text search).

use fluent_bundle::FluentValue;
use rayon::prelude::*;
use serde::Serialize;
use std::collections::BTreeMap;
use std::sync::Arc;
use std::time::{Duration, Instant};

use crate::diagnostic::Diagnostic;
use crate::render::meta::plain_text;
use crate::render::{markdown_html, piece_key, Renderer};
use crate::routes::{
    level_key, region_name, search_documents, search_shard, search_shards, PageKind, SEARCH_CHUNK,
};

/// One searchable document, as its chunk holds it.
#[derive(Serialize)]
struct Document<'a> {
    /// Title.
    t: &'a str,
    /// URL.
    u: &'a str,
    /// What it is and when ("Llamada · 2 de diciembre de 2026", "Entidad").
    k: &'a str,
    /// Its text, for the snippet around a match.
    x: &'a str,
}

/// A language's search index as files (`search.json`, the shards and the chunks), each with the
/// hash of its bytes (its route's key), and what lets the next render of a session update it in
/// place: the pieces it was made from and every shard's postings.
pub(crate) struct Assembled {
    manifest: String,
    shards: Vec<String>,
    chunks: Vec<String>,
    /// The hash of each shard's bytes.
    shard_hashes: Vec<u64>,
    /// The hash of each chunk's bytes.
    chunk_hashes: Vec<u64>,
    /// The pieces, in document order.
    pieces: Vec<Arc<str>>,
    /// Each shard's words, each with its documents (ascending) and their weights.
    postings: Vec<Postings>,
    /// Documents per chunk.
    chunk: usize,
}

/// One shard's words, each with its documents (ascending) and their weights.
type Postings = rustc_hash::FxHashMap<Box<str>, Vec<(u32, u32)>>;

/// A language's assembled search index, or why it could not be made (made once per render).
pub(crate) type AssembledIndex = Result<Arc<Assembled>, Diagnostic>;

/// An event's piece: its key, the piece and how long it took to make.
type MadePiece = (u128, Arc<str>, Duration);

/// Lowercase ASCII: accents and case fold away (`Michoacán` gives `michoacan`).
pub fn fold(text: &str) -> String {
    // Runs of ASCII are copied as they are, every other character is transliterated on its own
    // (`deunicode::deunicode` would also trim a transliteration's trailing space before a space
    // or the end: the same words either way), and the whole, ASCII, lowercased in place.
    let mut folded = String::with_capacity(text.len() + 8);
    let mut rest = text;
    while !rest.is_empty() {
        let ascii = rest
            .bytes()
            .position(|b| !b.is_ascii())
            .unwrap_or(rest.len());
        folded.push_str(&rest[..ascii]);
        rest = &rest[ascii..];
        let mut chars = rest.chars();
        if let Some(c) = chars.next() {
            folded.push_str(deunicode::deunicode_char(c).unwrap_or("[?]"));
            rest = chars.as_str();
        }
    }
    folded.make_ascii_lowercase();
    folded
}

/// The words of folded text: its runs of ASCII letters and digits.
fn words(folded: &str) -> impl Iterator<Item = &str> {
    folded
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|w| !w.is_empty())
}

/// A document's piece: its chunk JSON, a line break, then each of its words (title, text and
/// `extra`, words found but not shown) as `word:weight`, sorted, separated by spaces. The weight
/// is twice the word's occurrences, plus one when the title holds it.
fn piece(
    title: &str,
    url: &str,
    kind: &str,
    text: &str,
    extra: &str,
) -> Result<String, Diagnostic> {
    let mut piece = serde_json::to_string(&Document {
        t: title,
        u: url,
        k: kind,
        x: text,
    })
    .map_err(|e| Diagnostic::new("search index", e.to_string()))?;
    let (folded_title, folded_text, folded_extra) = (fold(title), fold(text), fold(extra));
    let mut counts: rustc_hash::FxHashMap<&str, (u32, bool)> = Default::default();
    for word in words(&folded_title) {
        let count = counts.entry(word).or_default();
        *count = (count.0 + 1, true);
    }
    for word in words(&folded_text).chain(words(&folded_extra)) {
        counts.entry(word).or_default().0 += 1;
    }
    piece.push('\n');
    let mut counts: Vec<(&str, (u32, bool))> = counts.into_iter().collect();
    counts.sort_unstable_by(|a, b| a.0.cmp(b.0));
    for (n, (word, (count, in_title))) in counts.iter().enumerate() {
        if n > 0 {
            piece.push(' ');
        }
        piece.push_str(word);
        piece.push(':');
        push_number(&mut piece, 2 * count + u32::from(*in_title));
    }
    Ok(piece)
}

/// The files of an index from its documents' pieces, in the index's order: `shards` shards and
/// chunks of `chunk` documents. A shard is a JSON object from each word to its documents and
/// weights, `[document, weight, ...]`, each document number after the first given as the
/// difference from the one before (they ascend).
fn assemble(pieces: Vec<Arc<str>>, shards: u32, chunk: usize) -> Assembled {
    let chunk = chunk.max(1);
    let count = shards.max(1);
    let mut borrowed: Vec<rustc_hash::FxHashMap<&str, Vec<(u32, u32)>>> =
        (0..count).map(|_| Default::default()).collect();
    for (doc, piece) in pieces.iter().enumerate() {
        for (word, weight) in piece_words(piece) {
            borrowed[search_shard(word, count) as usize]
                .entry(word)
                .or_default()
                .push((doc as u32, weight));
        }
    }
    let postings: Vec<Postings> = borrowed
        .into_par_iter()
        .map(|words| {
            words
                .into_iter()
                .map(|(word, docs)| (Box::from(word), docs))
                .collect()
        })
        .collect();
    let shards: Vec<String> = postings.par_iter().map(shard_json).collect();
    let chunks: Vec<String> = (0..pieces.len().div_ceil(chunk))
        .into_par_iter()
        .map(|n| chunk_json(&pieces, n, chunk))
        .collect();
    Assembled {
        manifest: format!(
            "{{\"shards\":{count},\"chunk\":{chunk},\"documents\":{}}}",
            pieces.len()
        ),
        shard_hashes: shards.par_iter().map(|s| hash(s)).collect(),
        chunk_hashes: chunks.par_iter().map(|c| hash(c)).collect(),
        shards,
        chunks,
        pieces,
        postings,
        chunk,
    }
}

/// The index `last` was, made the index of `pieces`: only the shards that hold a word of a
/// document that changed, and the chunks that hold such a document, are made again. What it
/// gives depends on nothing but the pieces (`last` holds the postings of its own pieces), so it
/// equals `assemble(pieces, ..)`, which it falls back to when the documents were added, removed
/// or reordered, or many changed.
fn update(mut last: Assembled, pieces: Vec<Arc<str>>, shards: u32, chunk: usize) -> Assembled {
    let (count, chunk) = (shards.max(1), chunk.max(1));
    if last.pieces.len() != pieces.len()
        || last.postings.len() != count as usize
        || last.chunk != chunk
    {
        return assemble(pieces, shards, chunk);
    }
    let changed: Vec<usize> = (0..pieces.len())
        .filter(|&d| !Arc::ptr_eq(&last.pieces[d], &pieces[d]) && last.pieces[d] != pieces[d])
        .collect();
    // Past a few, making the whole index again is as quick, and needs no bookkeeping.
    if changed.len() > 64 {
        return assemble(pieces, shards, chunk);
    }
    let mut dirty_shards = std::collections::BTreeSet::new();
    for &doc in &changed {
        let n = doc as u32;
        for (word, _) in piece_words(&last.pieces[doc]) {
            let shard = search_shard(word, count) as usize;
            dirty_shards.insert(shard);
            let words = &mut last.postings[shard];
            if let Some(docs) = words.get_mut(word) {
                docs.retain(|(d, _)| *d != n);
                if docs.is_empty() {
                    words.remove(word);
                }
            }
        }
        for (word, weight) in piece_words(&pieces[doc]) {
            let shard = search_shard(word, count) as usize;
            dirty_shards.insert(shard);
            let docs = last.postings[shard].entry(Box::from(word)).or_default();
            let at = docs.partition_point(|(d, _)| *d < n);
            docs.insert(at, (n, weight));
        }
    }
    last.pieces = pieces;
    for shard in dirty_shards {
        last.shards[shard] = shard_json(&last.postings[shard]);
        last.shard_hashes[shard] = hash(&last.shards[shard]);
    }
    let dirty_chunks: std::collections::BTreeSet<usize> =
        changed.iter().map(|doc| doc / chunk).collect();
    for n in dirty_chunks {
        last.chunks[n] = chunk_json(&last.pieces, n, chunk);
        last.chunk_hashes[n] = hash(&last.chunks[n]);
    }
    last
}

/// A piece's two parts: its document, as its chunk holds it, and its words (see `piece`).
fn piece_parts(piece: &str) -> (&str, &str) {
    match memchr::memchr(b'\n', piece.as_bytes()) {
        Some(at) => (&piece[..at], &piece[at + 1..]),
        None => (piece, ""),
    }
}

/// A piece's words with their weights (see `piece`). A word is found once in a piece.
fn piece_words(piece: &str) -> impl Iterator<Item = (&str, u32)> {
    split_bytes(piece_parts(piece).1, b' ').filter_map(|entry| {
        let colon = memchr::memrchr(b':', entry.as_bytes())?;
        Some((&entry[..colon], entry[colon + 1..].parse().unwrap_or(1)))
    })
}

/// The chunk `n` of `pieces`: a JSON array of the documents `n * chunk ..`, `chunk` of them.
fn chunk_json(pieces: &[Arc<str>], n: usize, chunk: usize) -> String {
    let docs = &pieces[(n * chunk).min(pieces.len())..((n + 1) * chunk).min(pieces.len())];
    let mut json = String::with_capacity(docs.iter().map(|p| p.len()).sum::<usize>() + 2);
    for (i, piece) in docs.iter().enumerate() {
        json.push(if i == 0 { '[' } else { ',' });
        json.push_str(piece_parts(piece).0);
    }
    json.push(']');
    json
}

/// A shard's file: a JSON object of its words, sorted, each with its documents and weights.
fn shard_json(postings: &Postings) -> String {
    let mut words: Vec<(&str, &Vec<(u32, u32)>)> =
        postings.iter().map(|(w, d)| (w.as_ref(), d)).collect();
    words.sort_unstable_by(|a, b| a.0.cmp(b.0));
    let mut json = String::from("{");
    for (n, (word, docs)) in words.iter().enumerate() {
        if n > 0 {
            json.push(',');
        }
        // Words are `[a-z0-9]+`: nothing to escape.
        json.push('"');
        json.push_str(word);
        json.push_str("\":[");
        let mut last = 0;
        for (i, (doc, weight)) in docs.iter().enumerate() {
            if i > 0 {
                json.push(',');
            }
            push_number(&mut json, doc - last);
            json.push(',');
            push_number(&mut json, *weight);
            last = *doc;
        }
        json.push(']');
    }
    json.push('}');
    json
}

/// The hash of a file's bytes: the key of its route.
fn hash(file: &str) -> u64 {
    xxhash_rust::xxh3::xxh3_64(file.as_bytes())
}

/// The parts of `text` between the bytes `separator` (an ASCII byte), found with memchr.
fn split_bytes(text: &str, separator: u8) -> impl Iterator<Item = &str> {
    let mut start = 0;
    let ends = memchr::memchr_iter(separator, text.as_bytes()).chain(std::iter::once(text.len()));
    ends.map(move |end| {
        // `separator` is ASCII, so both ends are on character boundaries.
        let part = &text[start..end];
        start = end + 1;
        part
    })
}

/// Writes `number` in decimal, as `Display` does, without the formatting machinery (a shard of a
/// large site holds millions of numbers).
fn push_number(text: &mut String, number: u32) {
    let mut digits = [0u8; 10];
    let mut at = digits.len();
    let mut rest = number;
    loop {
        at -= 1;
        digits[at] = b'0' + (rest % 10) as u8;
        rest /= 10;
        if rest == 0 {
            break;
        }
    }
    for &digit in &digits[at..] {
        text.push(char::from(digit));
    }
}

/// The bytes of one file of the search index of `lang`: `search.json`, a shard or a chunk.
pub(crate) fn bytes(r: &Renderer<'_>, kind: &PageKind, lang: &str) -> Result<Vec<u8>, Diagnostic> {
    let index = shared(r, lang)?;
    let file = match kind {
        PageKind::SearchWords(n) => index.shards.get(*n as usize),
        PageKind::SearchDocs(n) => index.chunks.get(*n as usize),
        _ => Some(&index.manifest),
    };
    file.map(|f| f.clone().into_bytes()).ok_or_else(|| {
        Diagnostic::new(
            "search index",
            format!("the search index of `{lang}` has no file for {kind:?}"),
        )
    })
}

/// The key of a file of the search index of `lang`: the hash of its bytes (the index is
/// assembled, or updated, before any key is asked for: see `prepare`).
pub(crate) fn key(r: &Renderer<'_>, kind: &PageKind, lang: &str) -> u64 {
    let Ok(index) = shared(r, lang) else {
        // No bytes to hash: a key no file has, so that the file is made, and its error reported.
        return u64::MAX;
    };
    let file = match kind {
        PageKind::SearchWords(n) => index.shard_hashes.get(*n as usize).copied(),
        PageKind::SearchDocs(n) => index.chunk_hashes.get(*n as usize).copied(),
        _ => Some(hash(&index.manifest)),
    };
    file.unwrap_or(u64::MAX)
}

/// Assembles the search index of every language the routes hold one for, one language after the
/// other, before the pages' keys are computed in parallel (a key of a search file hashes its
/// bytes). Made here, and not by the first route that asks, the index is never waited for by a
/// thread that is itself assembling it (see `pages::prepare`).
pub(crate) fn prepare(r: &Renderer<'_>) {
    for lang in &r.languages {
        if r.routes.get(&PageKind::SearchIndex, Some(lang)).is_some() {
            let _ = shared(r, lang);
        }
    }
}

/// The assembled indexes of a render, by language, for the next render of its session to
/// update (see `update`); those still shared, or not made, are left out.
pub(crate) fn take_assembled(r: &mut Renderer<'_>) -> BTreeMap<String, Assembled> {
    std::mem::take(&mut r.search_index)
        .into_iter()
        .filter_map(|(lang, once)| {
            let index = Arc::try_unwrap(once.into_inner()?.ok()?).ok()?;
            Some((lang, index))
        })
        .collect()
}

/// The search index of `lang`, assembled once per render for all its files.
fn shared(r: &Renderer<'_>, lang: &str) -> AssembledIndex {
    match r.search_index.get(lang) {
        Some(once) => once.get_or_init(|| index(r, lang).map(Arc::new)).clone(),
        None => Err(Diagnostic::new(
            crate::layout::SITE_TOML,
            format!("`{lang}` is not a language of the site"),
        )),
    }
}

/// The search index of `lang`: every event (newest first), state, advisory snapshot (newest
/// first) and page, in that order, the order ties keep in the results.
fn index(r: &Renderer<'_>, lang: &str) -> Result<Assembled, Diagnostic> {
    let started = Instant::now();
    let translated = |missing: &[String]| !missing.iter().any(|l| l == lang);
    // Event pieces are most of the index: made in parallel, kept in order (the first error in
    // that order is the one reported). Each is timed on its own: while this thread waits for
    // the others it may render other pages, which are not the index's time.
    let parallel = Instant::now();
    let made: Vec<Result<MadePiece, Diagnostic>> = (0..r.content.events.len())
        .into_par_iter()
        .rev()
        .filter(|&i| translated(&r.content.events[i].untranslated))
        .map(|i| {
            let started = Instant::now();
            let path = r.routes.path(&PageKind::Event(i), lang);
            let key = piece_key(b"search 3", r.content.events[i].version, lang, path);
            let piece = match r.search_pieces.and_then(|c| c.get(&key)) {
                Some(piece) => piece.clone(),
                None => event_piece(r, i, lang, &r.config.link(path))?.into(),
            };
            Ok((key, piece, started.elapsed()))
        })
        .collect();
    let parallel = parallel.elapsed();
    let made: Vec<MadePiece> = made.into_iter().collect::<Result<_, _>>()?;
    let work: Duration = made.iter().map(|(_, _, time)| *time).sum();
    let mut pieces: Vec<Arc<str>> = made.iter().map(|(_, piece, _)| piece.clone()).collect();
    // Every piece this index holds, for the next build (stale ones drop out).
    r.made_search_pieces
        .lock()
        .unwrap_or_else(|e| e.into_inner())
        .extend(made.into_iter().map(|(key, piece, _)| (key, piece)));
    let mut push = |title: String, url: String, kind: String, text: String, extra: String| {
        pieces.push(piece(&title, &url, &kind, &text, &extra)?.into());
        Ok::<(), Diagnostic>(())
    };
    let latest = r.content.advisories.last();
    for (i, region) in r.regions.iter().enumerate() {
        let listed = latest.and_then(|a| a.states.get(&region.code));
        let level = r.t(
            lang,
            &format!("level-{}", level_key(listed.map(|s| s.level))),
            &[],
        )?;
        let note = listed
            .and_then(|s| s.notes.get(lang))
            .cloned()
            .unwrap_or_default();
        push(
            region_name(region, lang).to_string(),
            r.link(&PageKind::State(i), lang),
            r.t(lang, "search-kind-state", &[])?,
            format!("{level}. {note}").trim().to_string(),
            region.code.clone(),
        )?;
    }
    for (i, advisory) in r.content.advisories.iter().enumerate().rev() {
        if !translated(&advisory.untranslated) {
            continue;
        }
        let date = r.i18n.long_date(lang, advisory.date)?;
        // Its page names the states it lists, with their notes, and its own note.
        let listed: Vec<&str> = r
            .regions
            .iter()
            .filter_map(|region| {
                let state = advisory.states.get(&region.code)?;
                Some([
                    Some(region_name(region, lang)),
                    state.notes.get(lang).map(String::as_str),
                ])
            })
            .flatten()
            .flatten()
            .collect();
        let text = &advisory.texts[lang];
        push(
            r.t(lang, "advisory-title", &[("date", FluentValue::from(date))])?,
            r.link(&PageKind::Advisory(i), lang),
            r.t(lang, "search-kind-advisory", &[])?,
            joined(&[
                &plain_text(&r.html.advisories[i][lang]),
                &text.issuer,
                text.note.as_deref().unwrap_or_default(),
                &listed.join(" "),
            ]),
            String::new(),
        )?;
    }
    for (i, page) in r
        .content
        .pages
        .iter()
        .enumerate()
        .filter(|(_, p)| !p.is_home() && translated(&p.untranslated))
    {
        let text = &page.texts[lang];
        push(
            text.title.clone(),
            r.link(&PageKind::Page(i), lang),
            r.t(lang, "search-kind-page", &[])?,
            joined(&[&text.description, &plain_text(&r.html.pages[i][lang])]),
            String::new(),
        )?;
    }
    let expected = search_documents(r.content, r.regions, lang);
    if pieces.len() != expected {
        return Err(Diagnostic::new(
            "search index",
            format!(
                "the search index of `{lang}` holds {} documents where its routes expect {expected}",
                pieces.len()
            ),
        ));
    }
    let shards = search_shards(r.content.events.len());
    let last = r
        .last_search
        .lock()
        .unwrap_or_else(|e| e.into_inner())
        .remove(lang);
    let assembled = match last {
        Some(last) => update(last, pieces, shards, SEARCH_CHUNK),
        None => assemble(pieces, shards, SEARCH_CHUNK),
    };
    r.clock(
        "search index (context)",
        started.elapsed().saturating_sub(parallel) + work,
        Duration::ZERO,
    );
    Ok(assembled)
}

/// The non-empty `texts`, separated by a space.
fn joined(texts: &[&str]) -> String {
    let texts: Vec<&str> = texts
        .iter()
        .map(|t| t.trim())
        .filter(|t| !t.is_empty())
        .collect();
    texts.join(" ")
}

/// One event's piece: its title, and as text its summary, body, people, their roles and states.
fn event_piece(r: &Renderer<'_>, i: usize, lang: &str, url: &str) -> Result<String, Diagnostic> {
    let event = &r.content.events[i];
    let text = &event.texts[lang];
    let states: Vec<&str> = event
        .states
        .iter()
        .filter_map(|c| r.regions.iter().find(|r| r.code == *c))
        .map(|r| region_name(r, lang))
        .collect();
    let date = r.i18n.long_date(lang, event.date)?;
    // The capacity each person spoke in ("Secretary of Security ...") is on the page too.
    let people: Vec<String> = event
        .people
        .iter()
        .zip(
            event
                .roles
                .iter()
                .map(|r| r.get(lang))
                .chain(std::iter::repeat(None)),
        )
        .map(|(person, role)| match role {
            Some(role) => format!("{person} ({role})"),
            None => person.clone(),
        })
        .collect();
    let body = plain_text(&markdown_html(r.config, &text.body));
    piece(
        &text.title,
        url,
        &format!(
            "{} · {date}",
            r.t(lang, &format!("kind-{}", event.kind), &[])?
        ),
        &joined(&[
            &plain_text(&r.html.events[i][lang]),
            &body,
            &people.join(", "),
            &states.join(", "),
        ]),
        "",
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_and_splits_are_written_as_std_writes_them() {
        for number in [0, 7, 10, 99, 100, 4_711, 65_536, u32::MAX] {
            let mut text = String::from("x");
            push_number(&mut text, number);
            assert_eq!(text, format!("x{number}"));
        }
        for text in ["", "a", "a b", " a  b ", "ñ:3 ü:1"] {
            let ours: Vec<&str> = split_bytes(text, b' ').collect();
            let std: Vec<&str> = text.split(' ').collect();
            assert_eq!(ours, std, "{text:?}");
        }
    }

    #[test]
    fn folding_ignores_accents_and_case() {
        assert_eq!(fold("Michoacán García Ñuño"), "michoacan garcia nuno");
    }

    proptest::proptest! {
        /// Folding a character at a time finds the words deunicode's whole-text folding finds.
        #[test]
        fn folding_finds_the_words_deunicode_finds(text in "[a-zA-Z0-9 ,.ñÑáéíóúüÜ¿¡—–北京🦄\u{a0}\u{300}\u{e000}]{0,24}") {
            let whole = deunicode::deunicode(&text).to_lowercase();
            let ours = fold(&text);
            proptest::prop_assert_eq!(words(&ours).collect::<Vec<_>>(), words(&whole).collect::<Vec<_>>());
        }
    }

    #[test]
    fn words_are_runs_of_letters_and_digits() {
        let folded = fold("¿Cárteles? El T-MEC, 2025: fentanilo—y más.");
        let found: Vec<&str> = words(&folded).collect();
        assert_eq!(
            found,
            [
                "carteles",
                "el",
                "t",
                "mec",
                "2025",
                "fentanilo",
                "y",
                "mas"
            ]
        );
    }

    #[test]
    fn a_piece_holds_its_document_then_its_weighted_words() {
        let made = piece(
            "Fentanilo en Sinaloa",
            "/es/a/",
            "Llamada",
            "El fentanilo y los cárteles.",
            "MX-SIN",
        )
        .unwrap();
        let (json, words) = made.split_once('\n').unwrap();
        assert_eq!(
            json,
            r#"{"t":"Fentanilo en Sinaloa","u":"/es/a/","k":"Llamada","x":"El fentanilo y los cárteles."}"#
        );
        // Twice the occurrences, plus one for a word of the title.
        assert_eq!(
            words,
            "carteles:2 el:2 en:3 fentanilo:5 los:2 mx:2 sin:2 sinaloa:3 y:2"
        );
    }

    #[test]
    fn shards_group_words_by_their_first_two_letters() {
        // Every word that starts with the same two letters is in one shard, so a prefix of two
        // letters names one shard; a word of one letter has its own number.
        for shards in [8, 64, 512] {
            let shard = |w| search_shard(w, shards);
            assert_eq!(shard("fentanilo"), shard("fe"));
            assert_eq!(shard("carteles"), shard("cartel"));
            assert!(shard("zz") < shards);
        }
        assert_eq!(search_shard("a", 2000), 10 * 37 + 36);
        assert_eq!(search_shard("ab", 2000), 10 * 37 + 11);
        assert_eq!(search_shard("09", 2000), 9);
        assert_eq!(search_shards(0), 8);
        assert_eq!(search_shards(10_000), 512);
    }

    #[test]
    fn assembling_makes_shards_of_postings_and_chunks_of_documents() {
        let pieces = [
            "{\"t\":\"a\"}\nfe:3 fentanilo:2",
            "{\"t\":\"b\"}\ncarteles:4",
            "{\"t\":\"c\"}\nfentanilo:6",
        ];
        let index = assemble(arcs(&pieces), 8, 2);
        assert_eq!(index.manifest, r#"{"shards":8,"chunk":2,"documents":3}"#);
        assert_eq!(index.chunks, [r#"[{"t":"a"},{"t":"b"}]"#, r#"[{"t":"c"}]"#]);
        assert_eq!(index.shards.len(), 8);
        // Documents 0 and 2, the second as a difference: 0, then 0 + 2.
        let fe = &index.shards[search_shard("fe", 8) as usize];
        assert!(fe.contains(r#""fe":[0,3]"#), "{fe}");
        assert!(fe.contains(r#""fentanilo":[0,2,2,6]"#), "{fe}");
        let ca = &index.shards[search_shard("ca", 8) as usize];
        assert!(ca.contains(r#""carteles":[1,4]"#), "{ca}");
        // Every shard is JSON, words sorted.
        for shard in &index.shards {
            let parsed: serde_json::Value = serde_json::from_str(shard).unwrap();
            assert!(parsed.is_object());
        }
        assert!(fe.find("\"fe\"").unwrap() < fe.find("\"fentanilo\"").unwrap());
    }

    /// The pieces as an index holds them.
    fn arcs(pieces: &[&str]) -> Vec<Arc<str>> {
        pieces.iter().map(|p| Arc::from(*p)).collect()
    }

    /// Every file of an index, and its hash, to compare two indexes.
    fn files(index: &Assembled) -> (String, Vec<String>, Vec<String>, Vec<u64>, Vec<u64>) {
        (
            index.manifest.clone(),
            index.shards.clone(),
            index.chunks.clone(),
            index.shard_hashes.clone(),
            index.chunk_hashes.clone(),
        )
    }

    #[test]
    fn an_index_updated_in_place_equals_one_assembled_whole() {
        // Random edits of random pieces (words from a small vocabulary, so that documents share
        // words and shards), each applied to the last index, which must then equal an index
        // assembled whole from the same pieces: word by word, weight by weight, file by file.
        let vocabulary = [
            "fe",
            "fentanilo",
            "carteles",
            "ca",
            "a",
            "b",
            "9",
            "zz",
            "mex",
        ];
        let seed = std::cell::Cell::new(0x9e37_79b9_7f4a_7c15_u64);
        let next = |below: usize| {
            let mut x = seed.get();
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            seed.set(x);
            (x % below as u64) as usize
        };
        let random_piece = |n: usize| -> Arc<str> {
            let mut words: Vec<&str> = (0..next(5)).map(|_| vocabulary[next(9)]).collect();
            words.sort_unstable();
            words.dedup();
            let words: Vec<String> = words
                .iter()
                .map(|w| format!("{w}:{}", 1 + next(4)))
                .collect();
            Arc::from(format!("{{\"t\":\"{n}\"}}\n{}", words.join(" ")))
        };
        for (shards, chunk, documents) in [(8, 2, 9), (8, 4, 1), (64, 3, 30)] {
            let mut pieces: Vec<Arc<str>> = (0..documents).map(random_piece).collect();
            let mut index = assemble(pieces.clone(), shards, chunk);
            for step in 0..40 {
                // One to three documents changed, now and then one that is left as it was.
                for _ in 0..1 + next(3) {
                    let doc = next(documents);
                    pieces[doc] = if next(4) == 0 {
                        Arc::from(pieces[doc].to_string())
                    } else {
                        random_piece(step)
                    };
                }
                index = update(index, pieces.clone(), shards, chunk);
                let whole = assemble(pieces.clone(), shards, chunk);
                assert_eq!(files(&index), files(&whole), "step {step}");
            }
            // Documents added: assembled whole.
            pieces.push(random_piece(99));
            let index = update(index, pieces.clone(), shards, chunk);
            assert_eq!(files(&index), files(&assemble(pieces, shards, chunk)));
        }
    }

    #[test]
    fn an_empty_index_has_no_chunk_and_empty_shards() {
        let index = assemble(Vec::new(), 8, 8);
        assert!(index.chunks.is_empty());
        assert!(index.shards.iter().all(|s| s == "{}"));
    }
}
