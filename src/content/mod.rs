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
    /// Per language code: the URL segments the site itself uses, which no slug may take (none
    /// for a language not listed).
    pub reserved: BTreeMap<String, slug::Reserved>,
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

/// One diagnostic per string value of the TOML `toml` (at byte `offset` of `text`) that holds an
/// unusable character (`is_unusable`), written or escaped (`"\u0001"`).
pub(crate) fn unusable_in_toml(
    path: &Path,
    text: &str,
    toml: &str,
    offset: usize,
) -> Vec<Diagnostic> {
    let mut found = Vec::new();
    if let Ok(root) = DeTable::parse(toml) {
        for (_, value) in root.get_ref().iter() {
            unusable_spans(value, &mut found);
        }
    }
    found
        .into_iter()
        .map(|(at, c)| unusable_at(path, text, offset + at, c))
        .collect()
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

/// Where a Markdown text is written in its file, to give its problems the file's line and column.
#[derive(Debug, Clone)]
pub(crate) enum MarkdownAt {
    /// Written as it is, from this byte of the file on (a page's body).
    Verbatim(usize),
    /// The value of the TOML string literal at these bytes of the file (quotes included).
    TomlString(std::ops::Range<usize>),
}

/// One diagnostic per thing in the Markdown `markdown` (written in the file `text` `at`) that
/// loading refuses (`crate::markdown::problems`), each at its line and column in the file.
pub(crate) fn markdown_problems(
    path: &Path,
    text: &str,
    markdown: &str,
    at: MarkdownAt,
) -> Vec<Diagnostic> {
    let problems = crate::markdown::problems(markdown);
    if problems.is_empty() {
        return Vec::new();
    }
    let file_offset: Box<dyn Fn(usize) -> usize> = match at {
        MarkdownAt::Verbatim(start) => Box::new(move |offset| start + offset),
        MarkdownAt::TomlString(span) => {
            let start = span.start;
            match text
                .get(span)
                .and_then(|literal| toml_string_offsets(literal, markdown))
            {
                Some(offsets) => {
                    Box::new(move |offset| start + offsets.get(offset).copied().unwrap_or_default())
                }
                // Not the literal of this value (should not happen): the string's start.
                None => Box::new(move |_| start),
            }
        }
    };
    problems
        .into_iter()
        .map(|problem| {
            Diagnostic::new(path, problem.message)
                .at_offset(text, file_offset(problem.offset))
                .hint(problem.hint)
        })
        .collect()
}

/// For the TOML string literal `literal` (basic or literal, one-line or multi-line, quotes
/// included) whose value is `value`: the byte offset in `literal` where each byte of `value` (and
/// its end) is written, escapes, a multi-line string's first newline and line-ending backslashes
/// taken into account. `None` when decoding the literal does not give `value`.
pub(crate) fn toml_string_offsets(literal: &str, value: &str) -> Option<Vec<usize>> {
    // TOML lets a parser write a multi-line string's CRLF as LF: try both readings.
    [false, true]
        .into_iter()
        .filter_map(|crlf_as_lf| decode_toml_string(literal, crlf_as_lf))
        .find(|(decoded, _)| decoded == value)
        .map(|(_, offsets)| offsets)
}

fn decode_toml_string(literal: &str, crlf_as_lf: bool) -> Option<(String, Vec<usize>)> {
    let delimiter = ["\"\"\"", "'''", "\"", "'"]
        .into_iter()
        .find(|d| literal.starts_with(d) && literal.len() >= 2 * d.len())?;
    let basic = delimiter.starts_with('"');
    let multiline = delimiter.len() == 3;
    let end = literal.len() - delimiter.len();
    let mut i = delimiter.len();
    if multiline {
        if literal[i..].starts_with("\r\n") {
            i += 2;
        } else if literal[i..].starts_with('\n') {
            i += 1;
        }
    }
    let mut decoded = String::with_capacity(end);
    let mut offsets = Vec::with_capacity(end + 1);
    let mut push = |c: char, at: usize, decoded: &mut String| {
        offsets.extend(std::iter::repeat_n(at, c.len_utf8()));
        decoded.push(c);
    };
    while i < end {
        let c = literal.get(i..end)?.chars().next()?;
        if basic && c == '\\' {
            let escaped = literal.get(i + 1..end)?.chars().next()?;
            let hex = |digits: usize| {
                let code = literal.get(i + 2..i + 2 + digits)?;
                char::from_u32(u32::from_str_radix(code, 16).ok()?)
            };
            let (c, len) = match escaped {
                'b' => ('\u{8}', 2),
                't' => ('\t', 2),
                'n' => ('\n', 2),
                'f' => ('\u{c}', 2),
                'r' => ('\r', 2),
                'e' => ('\u{1b}', 2),
                '"' => ('"', 2),
                '\\' => ('\\', 2),
                'x' => (hex(2)?, 4),
                'u' => (hex(4)?, 6),
                'U' => (hex(8)?, 10),
                ' ' | '\t' | '\r' | '\n' if multiline => {
                    // A line-ending backslash: the whitespace and newlines after it go.
                    i += 1;
                    while i < end && matches!(literal.as_bytes()[i], b' ' | b'\t' | b'\r' | b'\n') {
                        i += 1;
                    }
                    continue;
                }
                _ => return None,
            };
            push(c, i, &mut decoded);
            i += len;
            continue;
        }
        if crlf_as_lf && c == '\r' && literal[i..].starts_with("\r\n") {
            i += 1;
            continue;
        }
        push(c, i, &mut decoded);
        i += c.len_utf8();
    }
    offsets.push(end);
    Some((decoded, offsets))
}

/// The diagnostic for a placeholder at byte `offset` of `text`.
pub(crate) fn placeholder_at(path: &Path, text: &str, offset: usize) -> Diagnostic {
    Diagnostic::new(path, format!("placeholder text `{PLACEHOLDER}` is still here"))
        .at_offset(text, offset)
        .hint("write the text, or keep `draft = true` until the item is ready (drafts are shown only by `puente serve`)")
}

/// True for a character that has no place in published text: a control character other than
/// a line break or a tab (XML, and so the feeds, cannot even carry most of them), a line or
/// paragraph separator, a bidirectional embedding, override or isolate (they make text display
/// in another order than it is read), or a noncharacter (U+FFFE, U+FFFF).
pub fn is_unusable(c: char) -> bool {
    (c.is_control() && !matches!(c, '\n' | '\r' | '\t'))
        || matches!(
            c,
            '\u{2028}' | '\u{2029}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' | '\u{FFFE}' | '\u{FFFF}'
        )
}

/// The byte offset and the character of the first unusable character of `text` (`is_unusable`).
pub fn unusable_char(text: &str) -> Option<(usize, char)> {
    // Every unusable character is an ASCII control or starts with 0xC2 (C1 controls), 0xE2
    // (separators, bidirectional controls) or 0xEF (noncharacters): bytes that Spanish and
    // English text rarely has, so the characters are decoded only around them.
    let bytes = text.as_bytes();
    let mut at = 0;
    while let Some(i) = bytes[at..].iter().position(|&b| {
        (b < 0x20 && !matches!(b, b'\n' | b'\r' | b'\t')) || matches!(b, 0x7F | 0xC2 | 0xE2 | 0xEF)
    }) {
        let start = at + i;
        let c = text[start..].chars().next()?;
        if is_unusable(c) {
            return Some((start, c));
        }
        at = start + c.len_utf8();
    }
    None
}

/// The diagnostic for an unusable character `c` at byte `offset` of `text`.
pub(crate) fn unusable_at(path: &Path, text: &str, offset: usize, c: char) -> Diagnostic {
    Diagnostic::new(
        path,
        format!("the text holds the invisible character U+{:04X}, which has no place in a published page", c as u32),
    )
    .at_offset(text, offset)
    .hint("delete it (it often comes with text pasted from another program); write a line break as a new line, not as a separator character")
}

/// Byte offsets and characters of the unusable characters (`is_unusable`) in the string values
/// of `value`, one per string, at the string's start.
fn unusable_spans(value: &Spanned<toml::de::DeValue>, found: &mut Vec<(usize, char)>) {
    match value.get_ref() {
        toml::de::DeValue::String(s) => {
            if let Some((_, c)) = unusable_char(s) {
                found.push((value.span().start, c));
            }
        }
        toml::de::DeValue::Array(items) => items.iter().for_each(|v| unusable_spans(v, found)),
        toml::de::DeValue::Table(table) => table.iter().for_each(|(_, v)| unusable_spans(v, found)),
        _ => {}
    }
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

    /// The URL segments no slug of `language` may take.
    pub fn reserved(&self, language: &str) -> &slug::Reserved {
        static NONE: std::sync::OnceLock<slug::Reserved> = std::sync::OnceLock::new();
        self.reserved
            .get(language)
            .unwrap_or_else(|| NONE.get_or_init(slug::Reserved::default))
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
        // The project: what links may lead to.
        let root = content_dir.parent().unwrap_or(content_dir);
        let events = list_files(root, &content_dir.join("events"), "toml", &mut report);
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
        let advisories = list_files(root, &content_dir.join("advisories"), "toml", &mut report);
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
        let pages_dir = content_dir.join("pages");
        for path in list_files(root, &pages_dir, "md", &mut report) {
            // A page's URL is its slug alone: a folder would add nothing to it, and two `about`
            // pages in two folders would take one URL. Pages have no sub-folders.
            if path.parent() != Some(pages_dir.as_path()) {
                let name = path.file_name().map(|n| n.to_string_lossy().into_owned());
                report.push(
                    Diagnostic::new(&path, "a page must be directly in content/pages/, not in a sub-folder")
                        .hint(format!(
                            "move it to content/pages/{}: pages have no sub-folders (a page's URL comes from its `slug` or title, never from a folder)",
                            name.unwrap_or_default()
                        )),
                );
                continue;
            }
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
        report.extend(content.duplicate_event_ids());
        report.extend(content.check_excerpts(content_dir));
        report.into_result(content)
    }

    /// Events in two folders under one file name: the name is the event's id in the feeds
    /// (`tag:…:es/events/<id>`), which must name one entry.
    fn duplicate_event_ids(&self) -> Vec<Diagnostic> {
        let mut seen: HashMap<&str, &Path> = HashMap::with_capacity(self.events.len());
        let mut problems = Vec::new();
        for event in &self.events {
            if let Some(first) = seen.insert(&event.id, &event.path) {
                problems.push(
                    Diagnostic::new(
                        &event.path,
                        format!(
                            "a second event named `{}` (its file name is its id in the feeds)",
                            event.id
                        ),
                    )
                    .hint(format!("rename this file or {}", first.display())),
                );
            }
        }
        problems
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

/// Lists every `*.ext` file below `dir` in file-name order; a missing folder holds nothing.
fn list_files(root: &Path, dir: &Path, ext: &str, report: &mut Report) -> Vec<PathBuf> {
    let mut files = Vec::new();
    for entry in crate::fs::walk_files(root, dir, "the folder") {
        match entry {
            Ok(entry) if is_listed(entry.path(), ext) => files.push(entry.into_path()),
            Ok(_) => {}
            Err(d) => report.push(d),
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
    let mut unusable = Vec::new();
    for (_, value) in root.get_ref().iter() {
        placeholder_spans(value, &mut placeholders);
        unusable_spans(value, &mut unusable);
    }
    let mut shared = root.into_inner();
    let mut problems: Vec<Diagnostic> = unusable
        .into_iter()
        .map(|(at, c)| unusable_at(path, text, at, c))
        .collect();
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
    fn unusable_characters_are_found_and_text_is_not() {
        assert_eq!(unusable_char("Señora García — «hola»\n\ttexto\r\n"), None);
        assert_eq!(unusable_char("a\u{1}b"), Some((1, '\u{1}')));
        assert_eq!(unusable_char("ñ\u{85}"), Some((2, '\u{85}')));
        assert_eq!(unusable_char("x — \u{202E}y"), Some((6, '\u{202E}')));
        assert_eq!(unusable_char("\u{2066}"), Some((0, '\u{2066}')));
        assert_eq!(unusable_char("z\u{FFFE}"), Some((1, '\u{FFFE}')));
        assert_eq!(unusable_char("\u{7f}"), Some((0, '\u{7f}')));
        assert_eq!(unusable_char("’ “ ” … € ￼"), None);
        for c in (0..=0x10FFFF).filter_map(char::from_u32) {
            let text = format!("ab{c}");
            assert_eq!(
                unusable_char(&text).is_some(),
                is_unusable(c),
                "U+{:04X}",
                c as u32
            );
        }
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
    fn markdown_problems_in_toml_strings_point_at_the_file() {
        let vocabulary = crate::content::event::tests::vocabulary();
        let text = concat!(
            "date = 2025-03-01\nkind = \"call\"\n[es]\ntitle = \"E\"\n",
            "summary = \"\\u00e9 \\\"x\\\" [a](&#106;avascript:x)\"\n",
            "body = \"\"\"\n## T {#x onclick=alert(1)}\n\nUno \\\n   [b](vbscript:y)\n\"\"\"\n",
            "[en]\ntitle = \"E\"\nsummary = 'S ![i](https://evil.example/i.png)'\n",
        );
        let problems = crate::content::Event::parse(Path::new("e.toml"), text, &vocabulary)
            .expect_err("refused");
        let at: Vec<String> = problems.iter().map(|d| d.to_string()).collect();
        let expect = [
            "e.toml:5:29: error: a link to `javascript:x` is not allowed",
            "e.toml:7:10: error: a heading may not set the attribute `onclick`",
            "e.toml:10:8: error: a link to `vbscript:y` is not allowed",
            "e.toml:14:19: error: an image from `https://evil.example/i.png` is not allowed",
        ];
        for line in expect {
            assert!(at.iter().any(|d| d.starts_with(line)), "{line}\n{at:#?}");
        }
        assert_eq!(at.len(), expect.len(), "{at:#?}");
    }

    #[test]
    fn toml_string_offsets_undo_every_escape() {
        for (literal, value) in [
            ("\"a\\tb\\u00e9c\\U0001F600d\\\\e\"", "a\tbéc\u{1F600}d\\e"),
            ("'a\\tb'", "a\\tb"),
            ("\"\"\"\nab \\\n   cd\"\"\"", "ab cd"),
            ("'''\r\nab\r\ncd'''", "ab\ncd"),
            ("\"\"\"\r\nab\r\ncd\"\"\"", "ab\r\ncd"),
        ] {
            let offsets = toml_string_offsets(literal, value).expect(literal);
            assert_eq!(offsets.len(), value.len() + 1, "{literal}");
            // Every plain character of the value sits where it is written.
            for (i, c) in value
                .char_indices()
                .filter(|(_, c)| c.is_ascii_alphabetic())
            {
                assert_eq!(literal[offsets[i]..].chars().next(), Some(c), "{literal}");
            }
        }
        assert!(toml_string_offsets("\"ab\"", "abc").is_none());
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
