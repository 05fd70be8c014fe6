//! The site's content: Markdown pages, timeline events and advisory snapshots, loaded and validated.

pub mod advisory;
pub mod date;
pub mod event;
pub mod page;
pub mod slug;

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use serde::de::DeserializeOwned;
use serde::Deserialize;
use toml::de::DeTable;
use toml::Spanned;
use walkdir::WalkDir;

pub use advisory::{Advisory, AdvisoryState, Level};
pub use date::Date;
pub use event::{Event, EventText, Quote};
pub use page::Page;

use crate::diagnostic::{Diagnostic, Report};

/// Everything under `content/`, sorted: pages by name, events and advisories by date.
#[derive(Debug, Clone, Default)]
pub struct Content {
    /// Markdown pages, one entry per name with its languages.
    pub pages: Vec<Page>,
    /// Timeline events, oldest first.
    pub events: Vec<Event>,
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
}

/// A source cited by an event or advisory.
#[derive(Debug, Clone, Deserialize, serde::Serialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct Source {
    /// Title of the cited document.
    pub title: String,
    /// Who published it, when recorded.
    pub publisher: Option<String>,
    /// Where to read it, when recorded.
    pub url: Option<String>,
    /// Language of the document (BCP 47), when it differs from the page's it is marked.
    pub language: Option<String>,
}

impl Vocabulary {
    /// True when `code` is a federal entity of the map (or the map could not be loaded).
    pub fn knows_state(&self, code: &str) -> bool {
        self.states.as_ref().is_none_or(|s| s.contains_key(code))
    }
}

impl Content {
    /// Loads every page, event and advisory under `content_dir`, collecting every problem.
    pub fn load(content_dir: &Path, vocabulary: &Vocabulary) -> Result<Content, Report> {
        let mut report = Report::default();
        let mut content = Content::default();
        let mut page_files = Vec::new();
        for (path, text) in read_folder(&content_dir.join("events"), "toml", &mut report) {
            match Event::parse(&path, &text, vocabulary) {
                Ok(event) => content.events.push(event),
                Err(problems) => report.extend(problems),
            }
        }
        for (path, text) in read_folder(&content_dir.join("advisories"), "toml", &mut report) {
            match Advisory::parse(&path, &text, vocabulary) {
                Ok(advisory) => content.advisories.push(advisory),
                Err(problems) => report.extend(problems),
            }
        }
        for (path, text) in read_folder(&content_dir.join("pages"), "md", &mut report) {
            page_files.push((path, text));
        }
        match Page::group(&page_files, vocabulary) {
            Ok(pages) => content.pages = pages,
            Err(problems) => report.extend(problems),
        }
        content
            .events
            .sort_by(|a, b| (a.date, &a.id).cmp(&(b.date, &b.id)));
        content.advisories.sort_by_key(|a| a.date);
        report.extend(content.duplicate_advisory_dates());
        report.into_result(content)
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
fn read_folder(dir: &Path, ext: &str, report: &mut Report) -> Vec<(PathBuf, String)> {
    if !dir.exists() {
        return Vec::new();
    }
    let mut files = Vec::new();
    for entry in WalkDir::new(dir).sort_by_file_name() {
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
        let path = entry.path();
        let hidden = entry.file_name().to_string_lossy().starts_with('.');
        if !entry.file_type().is_file() || hidden || path.extension().is_none_or(|e| e != ext) {
            continue;
        }
        match crate::fs::read_to_string(path) {
            Ok(text) => files.push((path.to_path_buf(), text)),
            Err(diagnostic) => report.push(diagnostic),
        }
    }
    files
}

/// A TOML document split into its shared part and one table per language (`[es]`, `[en]`).
pub(crate) struct Localized<S, T> {
    /// The language-independent fields.
    pub shared: S,
    /// The per-language tables, by language code.
    pub texts: BTreeMap<String, T>,
}

/// Parses `text` as TOML whose top-level tables named after languages hold each language's words.
pub(crate) fn parse_localized<S, T>(
    path: &Path,
    text: &str,
    languages: &[String],
) -> Result<Localized<S, T>, Vec<Diagnostic>>
where
    S: DeserializeOwned,
    T: DeserializeOwned,
{
    let toml_error = |e: &toml::de::Error| crate::toml_error::diagnostic(path, text, 0, e);
    let root = DeTable::parse(text).map_err(|e| vec![toml_error(&e)])?;
    let span = root.span();
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
            None => problems.push(
                Diagnostic::new(path, format!("the `[{language}]` section is missing")).hint(
                    format!("add a `[{language}]` table with this item's words in that language"),
                ),
            ),
        }
    }
    let shared = S::deserialize(toml::de::Deserializer::from(Spanned::new(span, shared)))
        .map_err(|e| toml_error(&e));
    match shared {
        Ok(shared) if problems.is_empty() => Ok(Localized { shared, texts }),
        Ok(_) => Err(problems),
        Err(d) => {
            problems.insert(0, d);
            Err(problems)
        }
    }
}
