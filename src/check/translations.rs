//! Translations and their reviews: which translation is stale or was never reviewed, and
//! recording a review (the fingerprint in the content file, the original's text in `reviews/`).

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::Serialize;

use crate::content::page::PageText;
use crate::content::{Advisory, EventText};
use crate::diagnostic::{Diagnostic, Report};
use crate::pipeline::{Options, Project};
use crate::review::{Field, ItemKey, ReviewRecord};

/// One translation of an item: where it is recorded, the fingerprints to compare, and the texts.
#[derive(Debug, Clone)]
pub struct Translation {
    /// Which item and language.
    pub key: ItemKey,
    /// The file holding the translation (the event or advisory file, or the page's `.en.md`).
    pub file: PathBuf,
    /// `[en]` table in an event or advisory file; empty for a page's front matter.
    pub table: String,
    /// What the item is, for messages.
    pub what: String,
    /// The original's language (the site's first).
    pub source_language: String,
    /// The fingerprint the translation records, if any.
    pub recorded: Option<String>,
    /// The fingerprint of the original as it is now.
    pub current: String,
    /// The original's texts as they are now.
    pub source: Vec<Field>,
    /// The translation's texts.
    pub translated: Vec<Field>,
    /// True for a draft item.
    pub draft: bool,
}

/// Where a translation stands against its original.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ReviewState {
    /// It records no `source_fingerprint`.
    NeverReviewed,
    /// The original changed since it was reviewed.
    Stale,
    /// Reviewed against the original as it is.
    Current,
}

impl Translation {
    /// Whether the translation was reviewed against the original as it is now.
    pub fn state(&self) -> ReviewState {
        match &self.recorded {
            None => ReviewState::NeverReviewed,
            Some(r) if *r != self.current => ReviewState::Stale,
            Some(_) => ReviewState::Current,
        }
    }

    /// The record of a review made now: the original's texts and fingerprint.
    pub fn record(&self) -> ReviewRecord {
        ReviewRecord {
            source_language: self.source_language.clone(),
            fingerprint: self.current.clone(),
            fields: self.source.clone(),
        }
    }
}

fn field(name: &str, text: &str) -> Field {
    Field {
        name: name.to_string(),
        text: text.to_string(),
    }
}

fn event_fields(text: &EventText) -> Vec<Field> {
    vec![
        field("title", &text.title),
        field("summary", &text.summary),
        field("body", &text.body),
    ]
}

fn page_fields(text: &PageText) -> Vec<Field> {
    vec![
        field("title", &text.title),
        field("description", &text.description),
        field("body", &text.body),
    ]
}

/// An advisory's texts in `language`, in the order its fingerprint takes them.
fn advisory_fields(advisory: &Advisory, language: &str) -> Vec<Field> {
    let text = &advisory.texts[language];
    let mut fields = vec![
        field("issuer", &text.issuer),
        field("summary", &text.summary),
    ];
    fields.extend(text.note.as_deref().map(|n| field("note", n)));
    fields.extend(advisory.states.iter().filter_map(|(code, state)| {
        state
            .notes
            .get(language)
            .map(|n| field(&format!("note {code}"), n))
    }));
    fields
}

/// The name a file gives its item (`2025-11-18` of `content/advisories/2025-11-18.toml`).
fn stem(path: &Path) -> String {
    path.file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default()
}

/// Every translation of every event, advisory and page (languages after the default one, where
/// the item has words in them).
pub fn translations(project: &Project) -> Vec<Translation> {
    let languages = &project.config.languages;
    let default = languages[0].code.as_str();
    // The languages after the default one that an item has words in.
    let translated = |untranslated: &[String]| {
        let untranslated = untranslated.to_vec();
        languages
            .iter()
            .skip(1)
            .map(|l| l.code.clone())
            .filter(move |l| !untranslated.contains(l))
    };
    let key = |folder: &'static str, name: String, language: &str| ItemKey {
        folder,
        name,
        language: language.to_string(),
    };
    let mut list = Vec::new();
    for e in &project.content.events {
        for language in translated(&e.untranslated) {
            list.push(Translation {
                key: key("events", e.id.clone(), &language),
                file: e.path.clone(),
                table: language.clone(),
                what: format!("event `{}`", e.id),
                source_language: default.to_string(),
                recorded: e.texts[&language].source_fingerprint.clone(),
                current: e.texts[default].fingerprint(),
                source: event_fields(&e.texts[default]),
                translated: event_fields(&e.texts[&language]),
                draft: e.draft,
            });
        }
    }
    for a in &project.content.advisories {
        for language in translated(&a.untranslated) {
            list.push(Translation {
                key: key("advisories", stem(&a.path), &language),
                file: a.path.clone(),
                table: language.clone(),
                what: format!("the advisory of {}", a.date),
                source_language: default.to_string(),
                recorded: a.texts[&language].source_fingerprint.clone(),
                current: a.fingerprint(default),
                source: advisory_fields(a, default),
                translated: advisory_fields(a, &language),
                draft: a.draft,
            });
        }
    }
    for p in &project.content.pages {
        for language in translated(&p.untranslated) {
            let text = &p.texts[&language];
            list.push(Translation {
                key: key("pages", p.name.clone(), &language),
                file: text.path.clone(),
                table: String::new(),
                what: format!("page `{}`", p.name),
                source_language: default.to_string(),
                recorded: text.source_fingerprint.clone(),
                current: p.texts[default].fingerprint(),
                source: page_fields(&p.texts[default]),
                translated: page_fields(text),
                draft: p.draft,
            });
        }
    }
    list
}

/// `(file, message)` for each translation whose original changed since it was reviewed.
pub fn stale_translations(project: &Project) -> Vec<(PathBuf, String)> {
    let default = project.config.languages[0].code.as_str();
    translations(project)
        .into_iter()
        .filter_map(|t| {
            let file = crate::diagnostic::relative(&project.root, &t.file);
            let (what, language) = (&t.what, &t.key.language);
            match t.state() {
                ReviewState::NeverReviewed => Some((file, format!("the `{language}` text of {what} records no `source_fingerprint`: it was never marked as reviewed"))),
                ReviewState::Stale => Some((file, format!("the `{default}` text of {what} changed after its `{language}` translation was last reviewed"))),
                ReviewState::Current => None,
            }
        })
        .collect()
}

/// The project as reviews see it: drafts included (a draft's translation is reviewed too).
fn load_with_drafts(root: &Path) -> Result<Project, Report> {
    Project::load(
        root,
        &Options {
            drafts: true,
            ..Options::default()
        },
    )
}

/// Records that every translation was reviewed against its current original: its fingerprint in
/// the translation, the original's text in its review record. Returns the files changed.
pub fn fix_fingerprints(root: &Path) -> Result<Vec<PathBuf>, Report> {
    let project = load_with_drafts(root)?;
    record_reviews(root, translations(&project))
}

/// Records the review of one translation (`id` as `ItemKey::id` gives it), exactly as
/// `fix_fingerprints` records it for that one: the desk's "mark as reviewed".
pub fn mark_reviewed(root: &Path, id: &str) -> Result<Vec<PathBuf>, Report> {
    let project = load_with_drafts(root)?;
    let chosen: Vec<Translation> = translations(&project)
        .into_iter()
        .filter(|t| t.key.id() == id)
        .collect();
    if chosen.is_empty() {
        return Err(Diagnostic::new(
            crate::layout::CONTENT,
            format!("no translation `{id}` in the project"),
        )
        .hint("reload the desk: the item may have been renamed or removed")
        .into());
    }
    record_reviews(root, chosen)
}

/// Writes the fingerprints of `reviewed` into their files (grouped by file, formatting kept) and
/// their review records; returns the files changed, relative to `root`.
fn record_reviews(root: &Path, reviewed: Vec<Translation>) -> Result<Vec<PathBuf>, Report> {
    let mut edits: BTreeMap<PathBuf, Vec<(String, String)>> = BTreeMap::new();
    let mut changed = Vec::new();
    let mut problems = Report::default();
    for t in &reviewed {
        edits
            .entry(t.file.clone())
            .or_default()
            .push((t.table.clone(), t.current.clone()));
    }
    for (path, edits) in edits {
        let front_matter = path.extension().is_some_and(|e| e == "md");
        match set_fingerprints(&path, front_matter, &edits) {
            Ok(true) => changed.push(crate::diagnostic::relative(root, &path)),
            Ok(false) => {}
            Err(d) => problems.push(d),
        }
    }
    for t in &reviewed {
        match crate::review::write(root, &t.key, &t.record()) {
            Ok(true) => changed.extend(t.key.record_path()),
            Ok(false) => {}
            Err(d) => problems.push(d),
        }
    }
    problems.into_result(changed)
}

/// Sets `source_fingerprint` in the `[lang]` tables (or the front matter), keeping the formatting.
fn set_fingerprints(
    path: &Path,
    front_matter: bool,
    edits: &[(String, String)],
) -> Result<bool, Diagnostic> {
    let text = crate::fs::read_to_string(path)?;
    let (before, toml, after) = if front_matter {
        let start = text.find('\n').map_or(0, |i| i + 1);
        let end = text[start..]
            .find("\n+++")
            .map_or(text.len(), |i| start + i + 1);
        (&text[..start], &text[start..end], &text[end..])
    } else {
        ("", text.as_str(), "")
    };
    let mut doc: toml_edit::DocumentMut = toml
        .parse()
        .map_err(|e: toml_edit::TomlError| Diagnostic::new(path, e.to_string()))?;
    for (language, fp) in edits {
        let table = if language.is_empty() {
            doc.as_table_mut()
        } else {
            match doc.get_mut(language).and_then(|t| t.as_table_mut()) {
                Some(table) => table,
                None => continue,
            }
        };
        table["source_fingerprint"] = toml_edit::value(fp.as_str());
    }
    let new_text = format!("{before}{doc}{after}");
    if new_text == text {
        return Ok(false);
    }
    // Links are followed to read, never to write: the file it points to may be anywhere.
    if std::fs::symlink_metadata(path).is_ok_and(|m| m.file_type().is_symlink()) {
        return Err(Diagnostic::new(
            path,
            "is a symbolic link; puente does not write through links",
        )
        .hint("set source_fingerprint in the file it points to yourself, or replace the link with the file"));
    }
    std::fs::write(path, new_text)
        .map_err(|e| crate::fs::io_diagnostic(path, "cannot write", &e))?;
    Ok(true)
}
