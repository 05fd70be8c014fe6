//! The site's content: Markdown pages, timeline events and advisory snapshots, loaded and validated.

pub mod advisory;
pub mod date;
pub mod event;
pub mod page;
pub mod slug;
pub mod source;

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::{Path, PathBuf};

use rustc_hash::FxHashMap;
use serde::de::DeserializeOwned;
use toml::de::DeTable;
use toml::Spanned;
use walkdir::WalkDir;

pub use advisory::{Advisory, AdvisoryState, Level};
pub use date::Date;
pub use event::{Event, EventText, Quote};
pub use page::Page;
pub use source::{Excerpt, Source, SourceKind};

use crate::diagnostic::{Diagnostic, Report};
use crate::fs::FileStamp;

/// Everything under `content/`, sorted: pages by name, events and advisories by date.
#[derive(Debug, Clone, Default)]
pub struct Content {
    /// Markdown pages, one entry per name with its languages.
    pub pages: Vec<Page>,
    /// Timeline events, oldest first (shared with the parse cache, so a rebuild copies nothing).
    pub events: Vec<std::sync::Arc<Event>>,
    /// Advisory snapshots, oldest first.
    pub advisories: Vec<Advisory>,
}

/// What content may refer to: the site's languages, event kinds, state codes and advisory levels.
#[derive(Debug, Clone, Default)]
pub struct Vocabulary {
    /// Language codes, default first.
    pub languages: Vec<String>,
    /// Event kinds (keys whose labels live in the Fluent files); `None` when they could not be loaded.
    pub kinds: Option<BTreeSet<String>>,
    /// ISO 3166-2 codes of the federal entities with a name (for hints); `None` when the map did not load.
    pub states: Option<BTreeMap<String, String>>,
    /// Whether an item may lack a language (`allow_partial_translations` in site.toml).
    pub allow_partial: bool,
    /// Whether drafts (`draft = true`) are loaded (`serve`) or left out (`build`).
    pub include_drafts: bool,
}

/// The word that marks unfinished text; an item that still holds it must be a draft.
pub const PLACEHOLDER: &str = "TODO";

/// One diagnostic per string value of the TOML `toml` (at byte `offset` of `text`) that still
/// holds the placeholder; comments may mention it freely.
pub(crate) fn placeholders(path: &Path, text: &str, toml: &str, offset: usize) -> Vec<Diagnostic> {
    let mut spans = Vec::new();
    if let Ok(root) = DeTable::parse(toml) {
        for (_, value) in root.get_ref().iter() {
            placeholder_spans(value, &mut spans);
        }
    }
    placeholder_diagnostics(path, text, offset, &spans)
}

/// Diagnostics for placeholders found at `spans` (byte offsets relative to `offset` in `text`).
pub(crate) fn placeholder_diagnostics(
    path: &Path,
    text: &str,
    offset: usize,
    spans: &[usize],
) -> Vec<Diagnostic> {
    spans
        .iter()
        .map(|start| placeholder_at(path, text, offset + start))
        .collect()
}

/// One diagnostic per link of the Markdown `texts` (found in the file `text`) to a forbidden scheme.
pub(crate) fn forbidden_links(path: &Path, text: &str, texts: &[&str]) -> Vec<Diagnostic> {
    let mut problems = Vec::new();
    for markdown in texts {
        for url in crate::markdown::forbidden_links(markdown) {
            let shown: String = url.chars().take(40).collect();
            let diagnostic = Diagnostic::new(path, format!("a link to `{shown}` is not allowed"))
                .hint("link only to http(s) addresses or to pages of the site; `javascript:`, `data:` and `vbscript:` links could run code in readers' browsers");
            problems.push(match text.find(url.as_str()) {
                Some(offset) => diagnostic.at_offset(text, offset),
                None => diagnostic,
            });
        }
    }
    problems
}

/// The diagnostic for a placeholder at byte `offset` of `text`.
pub(crate) fn placeholder_at(path: &Path, text: &str, offset: usize) -> Diagnostic {
    Diagnostic::new(path, format!("placeholder text `{PLACEHOLDER}` is still here"))
        .at_offset(text, offset)
        .hint("write the text, or keep `draft = true` until the item is ready (drafts are shown only by `puente serve`)")
}

fn placeholder_spans(value: &Spanned<toml::de::DeValue>, spans: &mut Vec<usize>) {
    match value.get_ref() {
        toml::de::DeValue::String(s) if s.contains(PLACEHOLDER) => spans.push(value.span().start),
        toml::de::DeValue::Array(items) => items.iter().for_each(|v| placeholder_spans(v, spans)),
        toml::de::DeValue::Table(table) => {
            table.iter().for_each(|(_, v)| placeholder_spans(v, spans))
        }
        _ => {}
    }
}

/// A short fingerprint of a text, recorded in translations to notice when the original changes.
pub fn fingerprint(parts: &[&str]) -> String {
    let joined = parts.join("\u{0}");
    format!("{:016x}", xxhash_rust::xxh3::xxh3_64(joined.as_bytes()))
}

/// Gives every language missing from `texts` a copy of the first language's text, and names them.
pub(crate) fn fill_missing<T: Clone>(
    texts: &mut BTreeMap<String, T>,
    languages: &[String],
) -> Vec<String> {
    let missing: Vec<String> = languages
        .iter()
        .filter(|l| !texts.contains_key(*l))
        .cloned()
        .collect();
    if missing.is_empty() {
        // The usual case: nothing to copy (cloning the source first cost a whole event's words).
        return missing;
    }
    if let Some(source) = languages.iter().find_map(|l| texts.get(l)).cloned() {
        for language in &missing {
            texts.insert(language.clone(), source.clone());
        }
        missing
    } else {
        Vec::new()
    }
}

impl Vocabulary {
    /// A hash of everything in the vocabulary, so a cached parse is reused only against the same one.
    pub fn key(&self) -> u64 {
        xxhash_rust::xxh3::xxh3_64(format!("{self:?}").as_bytes())
    }

    /// True when `code` is a federal entity of the map (or the map could not be loaded).
    pub fn knows_state(&self, code: &str) -> bool {
        self.states.as_ref().is_none_or(|s| s.contains_key(code))
    }
}

impl Content {
    /// Loads every page, event and advisory under `content_dir`, collecting every problem.
    pub fn load(content_dir: &Path, vocabulary: &Vocabulary) -> Result<Content, Report> {
        Content::load_cached(content_dir, vocabulary, &mut ContentCache::default())
    }

    /// Like `load`, reusing the parse of every file whose size and modification time are unchanged.
    pub fn load_cached(
        content_dir: &Path,
        vocabulary: &Vocabulary,
        cache: &mut ContentCache,
    ) -> Result<Content, Report> {
        let mut report = Report::default();
        let mut content = Content::default();
        let key = vocabulary.key();
        cache.hashes.clear();
        let events = list_files(&content_dir.join("events"), "toml", &mut report);
        let parsed = parse_all(
            &events,
            key,
            &mut cache.events,
            cache.once,
            &mut cache.hashes,
            |path, text| Event::parse(path, text, vocabulary).map(std::sync::Arc::new),
        );
        content.events.reserve(parsed.len());
        for result in parsed {
            match result {
                Ok(event) => content.events.push(event),
                Err(problems) => report.extend(problems),
            }
        }
        let advisories = list_files(&content_dir.join("advisories"), "toml", &mut report);
        let parsed = parse_all(
            &advisories,
            key,
            &mut cache.advisories,
            cache.once,
            &mut cache.hashes,
            |path, text| Advisory::parse(path, text, vocabulary),
        );
        for result in parsed {
            match result {
                Ok(advisory) => content.advisories.push(advisory),
                Err(problems) => report.extend(problems),
            }
        }
        let mut page_files = Vec::new();
        for path in list_files(&content_dir.join("pages"), "md", &mut report) {
            match crate::fs::read_to_string(&path) {
                Ok(text) => page_files.push((path, text)),
                Err(d) => report.push(d),
            }
        }
        match Page::group(&page_files, vocabulary) {
            Ok(pages) => content.pages = pages,
            Err(problems) => report.extend(problems),
        }
        content
            .events
            .sort_by(|a, b| (a.date, &a.id).cmp(&(b.date, &b.id)));
        content.advisories.sort_by_key(|a| a.date);
        if !vocabulary.include_drafts {
            content.events.retain(|e| !e.draft);
            content.advisories.retain(|a| !a.draft);
            content.pages.retain(|p| !p.draft);
        }
        report.extend(content.duplicate_advisory_dates());
        report.extend(content.check_excerpts(content_dir));
        report.into_result(content)
    }

    /// Every source's reference file is readable and every excerpt occurs in it (the files in
    /// `sources/` beside `content_dir` are read once per load: they are small, and never cached
    /// with a parse, so an edited reference text is checked again).
    fn check_excerpts(&self, content_dir: &Path) -> Vec<Diagnostic> {
        let cited = |sources: &[Source]| sources.iter().any(|s| s.reference.is_some());
        if !self.events.iter().any(|e| cited(&e.sources))
            && !self.advisories.iter().any(|a| cited(&a.sources))
        {
            return Vec::new();
        }
        let mut references = source::References::beside(content_dir);
        let mut problems = Vec::new();
        for event in &self.events {
            problems.extend(references.check(&event.path, &event.sources));
        }
        for advisory in &self.advisories {
            problems.extend(references.check(&advisory.path, &advisory.sources));
        }
        problems
    }

    fn duplicate_advisory_dates(&self) -> Vec<Diagnostic> {
        self.advisories
            .windows(2)
            .filter(|w| w[0].date == w[1].date)
            .map(|w| {
                Diagnostic::new(
                    &w[1].path,
                    format!("a second advisory snapshot for {}", w[1].date),
                )
                .hint(format!("merge it into {}", w[0].path.display()))
            })
            .collect()
    }
}

/// Reads every `*.ext` file below `dir` in file-name order; a missing folder holds nothing.
fn list_files(dir: &Path, ext: &str, report: &mut Report) -> Vec<PathBuf> {
    if !dir.exists() {
        return Vec::new();
    }
    let mut files = Vec::new();
    // Links are followed so that a loop of symbolic links is found and reported, not skipped.
    for entry in WalkDir::new(dir).follow_links(true).sort_by_file_name() {
        let entry = match entry {
            Ok(entry) => entry,
            Err(error) => {
                let path = error.path().unwrap_or(dir).to_path_buf();
                report.push(
                    Diagnostic::new(path, format!("cannot read the folder: {error}"))
                        .hint("check permissions and remove symbolic-link loops"),
                );
                continue;
            }
        };
        if entry.file_type().is_file() && is_listed(entry.path(), ext) {
            files.push(entry.into_path());
        }
    }
    files
}

/// True for a file `list_files` lists among `*.ext` files: a visible one (its name does not
/// start with `.`) with that extension.
pub(crate) fn is_listed(path: &Path, ext: &str) -> bool {
    let visible = path
        .file_name()
        .is_some_and(|name| !name.to_string_lossy().starts_with('.'));
    visible && path.extension().is_some_and(|e| e == ext)
}

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
type Parsed<T> = Result<T, Vec<Diagnostic>>;

/// Parses every file (in parallel), reusing the cached parse of unchanged files, and records the
/// `source_hash` of each file it reads in `hashes`. With `once`, the cache is neither read nor
/// filled.
fn parse_all<T: Clone + Send + Sync>(
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

/// A TOML document split into its shared part and one table per language (`[es]`, `[en]`).
pub(crate) struct Localized<S, T> {
    /// The language-independent fields.
    pub shared: S,
    /// The per-language tables, by language code.
    pub texts: BTreeMap<String, T>,
    /// Byte offsets of string values that still hold the placeholder.
    pub placeholders: Vec<usize>,
}

/// Parses `text` as TOML whose top-level tables named after languages hold each language's words.
pub(crate) fn parse_localized<S, T>(
    path: &Path,
    text: &str,
    languages: &[String],
    allow_partial: bool,
) -> Result<Localized<S, T>, Vec<Diagnostic>>
where
    S: DeserializeOwned,
    T: DeserializeOwned,
{
    let toml_error = |e: &toml::de::Error| crate::toml_error::diagnostic(path, text, 0, e);
    let root = DeTable::parse(text).map_err(|e| vec![toml_error(&e)])?;
    let span = root.span();
    let mut placeholders = Vec::new();
    for (_, value) in root.get_ref().iter() {
        placeholder_spans(value, &mut placeholders);
    }
    let mut shared = root.into_inner();
    let mut problems = Vec::new();
    let mut texts = BTreeMap::new();
    for language in languages {
        match shared.remove(language.as_str()) {
            Some(value) => match T::deserialize(toml::de::ValueDeserializer::from(value)) {
                Ok(t) => {
                    texts.insert(language.clone(), t);
                }
                Err(e) => problems.push(toml_error(&e)),
            },
            None if allow_partial => {}
            None => problems.push(
                Diagnostic::new(path, format!("the `[{language}]` section is missing")).hint(
                    format!("add a `[{language}]` table with this item's words in that language"),
                ),
            ),
        }
    }
    if texts.is_empty() && problems.is_empty() {
        problems.push(
            Diagnostic::new(path, "the item has no language section").hint(format!(
                "add a `[{}]` table with its words",
                languages.join("]` or `[")
            )),
        );
    }
    let shared = S::deserialize(toml::de::Deserializer::from(Spanned::new(span, shared)))
        .map_err(|e| toml_error(&e));
    match shared {
        Ok(shared) if problems.is_empty() => Ok(Localized {
            shared,
            texts,
            placeholders,
        }),
        Ok(_) => Err(problems),
        Err(d) => {
            problems.insert(0, d);
            Err(problems)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn langs() -> Vec<String> {
        vec!["es".into(), "en".into(), "fr".into()]
    }

    #[test]
    fn fill_missing_copies_the_first_languages_text_into_each_missing_one() {
        let mut texts = BTreeMap::from([("en".to_string(), "hello")]);
        assert_eq!(fill_missing(&mut texts, &langs()), ["es", "fr"]);
        assert_eq!(texts["es"], "hello");
        assert_eq!(texts["fr"], "hello");
        let mut texts = BTreeMap::from([("es".to_string(), "hola"), ("en".to_string(), "hi")]);
        assert_eq!(fill_missing(&mut texts, &langs()), ["fr"]);
        assert_eq!(
            texts["fr"], "hola",
            "the first language of the site, not of the map"
        );
    }

    /// The vendored toml_parser passes over eight plain bytes of a string at a time
    /// (vendor/README.md): escapes, quotes and forbidden bytes at every offset of a group.
    #[test]
    fn toml_strings_decode_the_same_wherever_an_escape_falls() {
        for pad in 0..17 {
            let p = "ñ".repeat(pad / 2) + &"a".repeat(pad % 2);
            let text = format!(
                "x = \"{p}\\t\\\\\\\"\\u00e9ñ{p}\"\ny = \"\"\"\n{p}\\\\ \" \"\" ñ\n{p}\t\"\"\"\n"
            );
            let value: toml::Value = toml::from_str(&text).expect(&text);
            assert_eq!(
                value["x"].as_str(),
                Some(format!("{p}\t\\\"éñ{p}").as_str())
            );
            assert_eq!(
                value["y"].as_str(),
                Some(format!("{p}\\ \" \"\" ñ\n{p}\t").as_str())
            );
            for bad in ["\u{1}", "\u{7f}", "\r"] {
                let text = format!("x = \"{p}{bad}{p}\"\n");
                let error = toml::from_str::<toml::Value>(&text).expect_err(&text);
                let span = error.span().expect("a position");
                assert_eq!(span.start, 5 + p.len(), "{bad:?} after {p:?}: {error}");
            }
        }
    }

    #[test]
    fn fill_missing_changes_nothing_when_every_language_or_none_is_there() {
        let mut full = BTreeMap::from([("es".to_string(), 1), ("en".to_string(), 2)]);
        let languages = vec!["es".to_string(), "en".to_string()];
        assert!(fill_missing(&mut full, &languages).is_empty());
        assert_eq!(
            full,
            BTreeMap::from([("es".to_string(), 1), ("en".to_string(), 2)])
        );
        let mut empty: BTreeMap<String, i32> = BTreeMap::new();
        assert!(fill_missing(&mut empty, &languages).is_empty());
        assert!(empty.is_empty());
    }
}
