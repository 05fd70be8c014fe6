//! Everything that needs an editor's attention before publishing, collected once for both
//! `serve`'s desk and `check --format json`: check's findings, drafts, placeholders, translations
//! to review (with what changed in the original since), and the advisory's review date.

use std::path::{Path, PathBuf};

use serde::Serialize;

use super::translations::{translations, ReviewState, Translation};
use super::{check, Findings, Severity, Topic};
use crate::content::Date;
use crate::pipeline::{Options, Project};
use crate::review::{Change, Field};
use crate::routes::PageKind;

/// What needs attention.
#[derive(Debug, Default)]
pub struct Attention {
    /// Every problem `check` finds (with drafts left out, as `build` publishes).
    pub findings: Findings,
    /// Items still marked `draft = true`.
    pub drafts: Vec<Draft>,
    /// `TODO` placeholders left in drafts (a published item cannot hold one).
    pub placeholders: Vec<Place>,
    /// Translations never reviewed or whose original changed since their review.
    pub translations: Vec<TranslationReview>,
    /// The newest advisory snapshot and when it is due for review.
    pub advisory: Option<AdvisoryReview>,
}

/// A place in a file of the project.
#[derive(Debug, Clone, Serialize)]
pub struct Place {
    /// Relative to the project.
    pub file: PathBuf,
    /// 1-based line, when known.
    pub line: Option<usize>,
    /// 1-based column, when known.
    pub column: Option<usize>,
}

/// An item still marked as a draft.
#[derive(Debug, Clone, Serialize)]
pub struct Draft {
    /// What the item is (`event `2026-01-10-reunion``).
    pub what: String,
    /// Its file and the line of its `draft = true`.
    #[serde(flatten)]
    pub place: Place,
    /// Where `serve` shows it, in each language.
    pub previews: Vec<Preview>,
}

/// A page where `serve` shows a draft.
#[derive(Debug, Clone, Serialize)]
pub struct Preview {
    /// The page's language.
    pub language: String,
    /// Its path on the preview server, such as `/es/cronologia/x/`.
    pub path: String,
}

/// What the original of a translation to review says now, and what changed since its review.
#[derive(Debug, Clone, Serialize)]
pub struct TranslationReview {
    /// The translation's key, as the desk's "mark as reviewed" posts it.
    pub id: String,
    /// What the item is.
    pub what: String,
    /// The item's title in the original's language (empty for an advisory, which has none).
    pub title: String,
    /// The file holding the translation, and the line of its `[language]` table (or of its
    /// fingerprint, in a page's front matter).
    #[serde(flatten)]
    pub place: Place,
    /// The translation's language.
    pub language: String,
    /// The original's language.
    pub source_language: String,
    /// `never_reviewed` or `stale`.
    pub state: ReviewState,
    /// The original's texts now.
    pub source: Vec<Field>,
    /// The translation's texts.
    pub translation: Vec<Field>,
    /// What changed in the original since the review.
    pub reviewed: Reviewed,
}

/// What is known of the original as the translation was last reviewed against it.
#[derive(Debug, Clone, Serialize)]
#[serde(tag = "kept", rename_all = "snake_case")]
pub enum Reviewed {
    /// No reviewed text is kept (never reviewed, or reviewed before records were kept).
    Nothing,
    /// The kept text is of another review than the one the translation records.
    OtherReview,
    /// The kept record cannot be read: why.
    Unreadable {
        /// The problem, with the record's file.
        problem: String,
    },
    /// The word diff of each text that changed, from the reviewed original to now.
    Changes {
        /// Each text that changed.
        fields: Vec<Change>,
    },
}

/// The newest advisory snapshot's age against `advisory_review_days`.
#[derive(Debug, Clone, Serialize)]
pub struct AdvisoryReview {
    /// Its file.
    pub file: PathBuf,
    /// Its date.
    pub date: String,
    /// The day it is due for review (its date plus `advisory_review_days`).
    pub due: String,
    /// How many days old it is.
    pub age_days: i64,
    /// `advisory_review_days`.
    pub review_days: i64,
    /// True when it is past due.
    pub overdue: bool,
}

impl Attention {
    /// Everything as one JSON document (`check --format json`; its shape is in docs/editors-guide.md).
    pub fn to_json(&self) -> serde_json::Value {
        let report = crate::diagnostic::Report(self.findings.problems.clone());
        let problems: Vec<serde_json::Value> = self
            .findings
            .problems
            .iter()
            .zip(&self.findings.topics)
            .map(|(d, topic)| {
                let mut problem = serde_json::json!(crate::report::JsonProblem::new(d));
                problem["topic"] = serde_json::json!(topic);
                problem
            })
            .collect();
        serde_json::json!({
            "errors": report.count(crate::diagnostic::Severity::Error),
            "warnings": report.count(crate::diagnostic::Severity::Warning),
            "problems": problems,
            "drafts": self.drafts,
            "placeholders": self.placeholders,
            "translations": self.translations,
            "advisory": self.advisory,
        })
    }
}

/// Collects everything that needs attention in the project at `root` as of `today`.
pub fn attention(root: &Path, today: Date) -> Attention {
    let findings = check(root, today);
    let options = Options {
        drafts: true,
        ..Options::default()
    };
    let project = match crate::pipeline::with_deep_stacks(|| Project::load(root, &options)) {
        Ok(project) => project,
        Err(report) => {
            // With drafts the project may fail where it loads without (a draft's own error).
            let mut findings = findings;
            findings.add_all(Topic::Build, Severity::Error, report.0);
            return Attention {
                findings,
                ..Attention::default()
            };
        }
    };
    Attention {
        findings,
        drafts: drafts(&project),
        placeholders: placeholders(&project),
        translations: to_review(&project),
        advisory: advisory(&project, today),
    }
}

/// The place of `offset` in `file`'s `text`.
fn place(root: &Path, file: &Path, text: &str, offset: Option<usize>) -> Place {
    let (line, column) = offset
        .map(|o| crate::diagnostic::line_column(text, o))
        .unzip();
    Place {
        file: crate::diagnostic::relative(root, file),
        line,
        column,
    }
}

/// The offset of the line that sets `draft` in a content file.
fn draft_line(text: &str) -> Option<usize> {
    line_starting(text, "draft")
}

/// Every draft item, with the pages `serve` previews it at.
fn drafts(project: &Project) -> Vec<Draft> {
    let root = &project.root;
    let content = &project.content;
    let mut list = Vec::new();
    let mut add = |what: String, path: &Path, wanted: &dyn Fn(&PageKind) -> bool| {
        let text = crate::fs::read_to_string(path).unwrap_or_default();
        let previews = project
            .routes
            .all
            .iter()
            .filter(|r| wanted(&r.kind))
            .map(|r| Preview {
                language: r.language.clone().unwrap_or_default(),
                path: r.path.clone(),
            })
            .collect();
        list.push(Draft {
            what,
            place: place(root, path, &text, draft_line(&text)),
            previews,
        });
    };
    for (i, e) in content.events.iter().enumerate().filter(|(_, e)| e.draft) {
        add(format!("event `{}`", e.id), &e.path, &|k| {
            *k == PageKind::Event(i)
        });
    }
    for (i, a) in content
        .advisories
        .iter()
        .enumerate()
        .filter(|(_, a)| a.draft)
    {
        let what = format!("the advisory of {}", a.date);
        add(what, &a.path, &|k| *k == PageKind::Advisory(i));
    }
    for (i, p) in content.pages.iter().enumerate().filter(|(_, p)| p.draft) {
        for text in p.texts.values().filter(|t| t.draft) {
            add(format!("page `{}`", p.name), &text.path, &|k| {
                *k == PageKind::Page(i)
            });
        }
    }
    list
}

/// The files of every draft item.
fn draft_files(project: &Project) -> Vec<PathBuf> {
    let content = &project.content;
    let events = content
        .events
        .iter()
        .filter(|e| e.draft)
        .map(|e| e.path.clone());
    let advisories = content.advisories.iter().filter(|a| a.draft);
    let pages = content.pages.iter().flat_map(|p| p.texts.values());
    events
        .chain(advisories.map(|a| a.path.clone()))
        .chain(pages.filter(|t| t.draft).map(|t| t.path.clone()))
        .collect()
}

/// Every `TODO` left in a draft.
fn placeholders(project: &Project) -> Vec<Place> {
    let mut list = Vec::new();
    for path in draft_files(project) {
        let text = crate::fs::read_to_string(&path).unwrap_or_default();
        for offset in crate::content::placeholder_offsets(&path, &text) {
            list.push(place(&project.root, &path, &text, Some(offset)));
        }
    }
    list
}

/// The translations to review, with what changed in their originals since.
fn to_review(project: &Project) -> Vec<TranslationReview> {
    translations(project)
        .into_iter()
        .filter(|t| t.state() != ReviewState::Current)
        .map(|t| TranslationReview {
            id: t.key.id(),
            what: t.what.clone(),
            title: t
                .source
                .iter()
                .find(|f| f.name == "title")
                .map(|f| f.text.clone())
                .unwrap_or_default(),
            place: translation_place(&project.root, &t),
            language: t.key.language.clone(),
            source_language: t.source_language.clone(),
            state: t.state(),
            reviewed: reviewed(&project.root, &t),
            source: t.source,
            translation: t.translated,
        })
        .collect()
}

/// Where a translation is: its `[en]` table, or in a page the `source_fingerprint` line if any.
fn translation_place(root: &Path, t: &Translation) -> Place {
    let text = crate::fs::read_to_string(&t.file).unwrap_or_default();
    let offset = if t.table.is_empty() {
        line_starting(&text, "source_fingerprint")
    } else {
        line_starting(&text, &format!("[{}]", t.table))
    };
    place(root, &t.file, &text, offset)
}

/// The offset of the first line of `text` that starts with `start` (after spaces).
fn line_starting(text: &str, start: &str) -> Option<usize> {
    let mut offset = 0;
    for line in text.split_inclusive('\n') {
        let indent = line.len() - line.trim_start().len();
        if line[indent..].starts_with(start) {
            return Some(offset + indent);
        }
        offset += line.len();
    }
    None
}

/// What the kept record says of the original the translation was reviewed against.
fn reviewed(root: &Path, t: &Translation) -> Reviewed {
    let Some(recorded) = &t.recorded else {
        return Reviewed::Nothing;
    };
    match crate::review::read(root, &t.key) {
        Ok(None) => Reviewed::Nothing,
        Ok(Some(record)) if record.fingerprint != *recorded => Reviewed::OtherReview,
        Ok(Some(record)) => Reviewed::Changes {
            fields: record.changes(&t.source),
        },
        Err(d) => Reviewed::Unreadable {
            problem: d.to_string(),
        },
    }
}

/// The newest published advisory snapshot and its review date.
fn advisory(project: &Project, today: Date) -> Option<AdvisoryReview> {
    let newest = project.content.advisories.iter().rfind(|a| !a.draft)?;
    let review_days = i64::from(project.config.advisory_review_days);
    let age_days = today.day_number() - newest.date.day_number();
    Some(AdvisoryReview {
        file: crate::diagnostic::relative(&project.root, &newest.path),
        date: newest.date.to_string(),
        due: Date::from_day_number(newest.date.day_number() + review_days).to_string(),
        age_days,
        review_days,
        overdue: age_days > review_days,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_draft_line_is_found_where_it_is() {
        let text = "date = 2026-01-10\n  draft = true\n";
        assert_eq!(draft_line(text), Some(20));
        assert_eq!(draft_line("date = 2026-01-10\n"), None);
    }
}
