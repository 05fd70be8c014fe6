//! The site's content: Markdown pages, timeline events and advisory snapshots, loaded and validated.

pub mod advisory;
mod cache;
pub mod date;
pub mod event;
mod fields;
mod localized;
pub mod page;
pub mod slug;
pub mod source;
mod text;
mod toml_spans;

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::{Path, PathBuf};

pub use advisory::{Advisory, AdvisoryState, Level};
pub use date::Date;
pub use event::{Event, EventText, Quote};
pub use page::Page;
pub use source::{Excerpt, Source, SourceKind};

use cache::parse_all;
pub use cache::{ContentCache, ParseCache};
pub(crate) use localized::{fill_missing, parse_localized};
pub use text::{is_unusable, placeholder_offsets, unusable_char, PLACEHOLDER};
pub(crate) use text::{
    markdown_problems, placeholder_at, placeholder_diagnostics, toml_string_problems, unusable_at,
    MarkdownAt,
};

use crate::diagnostic::{Diagnostic, Report};

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

/// A short fingerprint of a text, recorded in translations to notice when the original changes.
pub fn fingerprint(parts: &[&str]) -> String {
    let joined = parts.join("\u{0}");
    format!("{:016x}", xxhash_rust::xxh3::xxh3_64(joined.as_bytes()))
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
        let events = list_files(
            root,
            &content_dir.join(crate::layout::within_content(crate::layout::EVENTS)),
            "toml",
            &mut report,
        );
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
        let advisories = list_files(
            root,
            &content_dir.join(crate::layout::within_content(crate::layout::ADVISORIES)),
            "toml",
            &mut report,
        );
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
        let pages_dir = content_dir.join(crate::layout::within_content(crate::layout::PAGES));
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

#[cfg(test)]
mod tests {
    use super::*;

    fn langs() -> Vec<String> {
        vec!["es".into(), "en".into(), "fr".into()]
    }

    #[test]
    fn unusable_characters_are_found_and_text_is_not() {
        // At every offset around the 64-byte groups the scan tests at once.
        for at in 0..140 {
            let text = format!("{}\u{202E}ñ", "a".repeat(at));
            assert_eq!(unusable_char(&text), Some((at, '\u{202E}')), "{at}");
            let text = format!("{}é\u{1}", "a".repeat(at));
            assert_eq!(unusable_char(&text), Some((at + 2, '\u{1}')), "{at}");
        }
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
