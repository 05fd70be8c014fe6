//! Review records: the original text a translation was last reviewed against, kept in
//! `reviews/<folder>/<item>.<language>.toml` so that a changed original can be shown as a diff.

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::diagnostic::Diagnostic;

/// The first lines of every record, saying what it is.
const HEADER: &str = "# The original text that this translation was last reviewed against, written by\n# `puente check --fix-fingerprints` or by \"mark as reviewed\" on the desk of `puente serve`.\n# Commit it with the content; do not edit it by hand.\n";

/// The largest record read (a record holds one item's texts, far less).
const MAX_RECORD_BYTES: u64 = 4 * 1024 * 1024;

/// One named text of an original (`title`, `summary`, `body`, a state's note).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Field {
    /// Which text it is.
    pub name: String,
    /// The text itself.
    pub text: String,
}

/// What a translation was reviewed against: the original's language, fingerprint and texts.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReviewRecord {
    /// The language of the original (the site's first language).
    pub source_language: String,
    /// The fingerprint of the original, as the translation records it in `source_fingerprint`.
    pub fingerprint: String,
    /// The original's texts, in the order the item shows them.
    #[serde(rename = "field", default)]
    pub fields: Vec<Field>,
}

/// How one text of the original changed since the review.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Change {
    /// Which text (`summary`).
    pub name: String,
    /// Its word diff, from the reviewed text to the text now.
    pub pieces: Vec<crate::diff::Piece>,
}

/// Which item a translation belongs to: its kind's folder and its name.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub struct ItemKey {
    /// `events`, `advisories` or `pages`.
    pub folder: &'static str,
    /// The event's id, the advisory's date, the page's name.
    pub name: String,
    /// The translation's language.
    pub language: String,
}

impl ItemKey {
    /// The key as one word (`events/2025-01-15-llamada.en`), as the desk's form posts it.
    pub fn id(&self) -> String {
        format!("{}/{}.{}", self.folder, self.name, self.language)
    }

    /// Where the record of this translation's review is kept, relative to the project; `None` for
    /// a name that could leave its folder (a separator, a leading dot).
    pub fn record_path(&self) -> Option<PathBuf> {
        let plain = |s: &str| !s.is_empty() && !s.starts_with('.') && !s.contains(['/', '\\']);
        (plain(&self.name) && plain(&self.language)).then(|| {
            Path::new(crate::layout::REVIEWS)
                .join(self.folder)
                .join(format!("{}.{}.toml", self.name, self.language))
        })
    }
}

impl ReviewRecord {
    /// The record as the text of its file.
    pub fn to_text(&self) -> String {
        let body = toml::to_string_pretty(self).unwrap_or_default();
        format!("{HEADER}\n{body}")
    }

    /// Parses the text of a record file.
    pub fn parse(path: &Path, text: &str) -> Result<ReviewRecord, Diagnostic> {
        toml::from_str(text).map_err(|e| crate::toml_error::diagnostic(path, text, 0, &e))
    }

    /// The texts of the original that changed since this review: each field's word diff (fields
    /// added or removed since count as all added or all removed). Unchanged fields are left out.
    pub fn changes(&self, now: &[Field]) -> Vec<Change> {
        let old = |name: &str| self.fields.iter().find(|f| f.name == name);
        let change = |name: &str, before: &str, after: &str| Change {
            name: name.to_string(),
            pieces: crate::diff::words(before, after),
        };
        let mut changed: Vec<Change> = now
            .iter()
            .filter_map(|field| {
                let before = old(&field.name).map_or("", |f| f.text.as_str());
                (before != field.text).then(|| change(&field.name, before, &field.text))
            })
            .collect();
        for gone in self
            .fields
            .iter()
            .filter(|f| !now.iter().any(|n| n.name == f.name))
        {
            changed.push(change(&gone.name, &gone.text, ""));
        }
        changed
    }
}

/// The record of `key`'s last review in the project at `root`: `Ok(None)` when none is kept.
pub fn read(root: &Path, key: &ItemKey) -> Result<Option<ReviewRecord>, Diagnostic> {
    let Some(relative) = key.record_path() else {
        return Ok(None);
    };
    let path = root.join(&relative);
    match std::fs::symlink_metadata(&path) {
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(e) => return Err(crate::fs::io_diagnostic(&relative, "cannot read", &e)),
        Ok(meta) if !meta.is_file() => {
            return Err(Diagnostic::new(&relative, "is not a regular file").hint(
                "a review record is a plain file Puente writes; remove what is at this path",
            ))
        }
        Ok(meta) if meta.len() > MAX_RECORD_BYTES => {
            return Err(
                Diagnostic::new(&relative, "is too big to be a review record")
                    .hint("remove it; the next review writes it again"),
            )
        }
        Ok(_) => {}
    }
    let text = crate::fs::read_to_string(&path).map_err(|mut d| {
        d.file = relative.clone();
        d
    })?;
    ReviewRecord::parse(&relative, &text).map(Some)
}

/// Writes the record of `key`'s review into the project at `root`, never through a link: every
/// folder on the way must be a real folder inside the project, and the file is replaced (written
/// beside it, then renamed over it), never written into. Returns whether the file changed.
pub fn write(root: &Path, key: &ItemKey, record: &ReviewRecord) -> Result<bool, Diagnostic> {
    let relative = key.record_path().ok_or_else(|| {
        Diagnostic::new(
            crate::layout::REVIEWS,
            format!("cannot keep a review record for `{}`", key.id()),
        )
    })?;
    let text = record.to_text();
    let path = root.join(&relative);
    if std::fs::symlink_metadata(&path).is_ok_and(|m| m.is_file())
        && std::fs::read_to_string(&path).is_ok_and(|old| old == text)
    {
        return Ok(false);
    }
    let mut folder = root.to_path_buf();
    for part in relative.parent().into_iter().flat_map(Path::components) {
        folder.push(part);
        real_folder(root, &folder)?;
    }
    if std::fs::symlink_metadata(&path).is_ok_and(|m| !m.is_file()) {
        return Err(Diagnostic::new(
            &relative,
            "is a link or a folder; puente does not write through links",
        )
        .hint("remove it; the review record is written again as a plain file"));
    }
    let temporary = path.with_extension("toml.puente-tmp");
    let _ = std::fs::remove_file(&temporary);
    write_new(&temporary, &text)
        .and_then(|()| std::fs::rename(&temporary, &path))
        .map_err(|e| {
            let _ = std::fs::remove_file(&temporary);
            crate::fs::io_diagnostic(&relative, "cannot write", &e)
        })?;
    Ok(true)
}

/// Makes sure `folder` is a real folder (created if missing), not a link.
fn real_folder(root: &Path, folder: &Path) -> Result<(), Diagnostic> {
    let shown = crate::diagnostic::relative(root, folder);
    match std::fs::symlink_metadata(folder) {
        Ok(meta) if meta.is_dir() => Ok(()),
        Ok(_) => Err(Diagnostic::new(
            &shown,
            "is not a folder (a link or a file); puente does not write through links",
        )
        .hint("make it a plain folder inside the project, or remove it")),
        Err(_) => std::fs::create_dir(folder)
            .map_err(|e| crate::fs::io_diagnostic(&shown, "cannot create the folder", &e)),
    }
}

/// Writes `text` into a new file (`create_new` refuses anything already at the path, a link too).
fn write_new(path: &Path, text: &str) -> std::io::Result<()> {
    use std::io::Write;
    let mut file = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(path)?;
    file.write_all(text.as_bytes())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn record() -> ReviewRecord {
        ReviewRecord {
            source_language: "es".into(),
            fingerprint: "0123456789abcdef".into(),
            fields: vec![
                Field {
                    name: "title".into(),
                    text: "Llamada \"Sheinbaum\"–Carney".into(),
                },
                Field {
                    name: "body".into(),
                    text: "Primer párrafo.\n\nSegundo, con ''' y \"\"\" y \\ dentro.\n".into(),
                },
            ],
        }
    }

    fn key(name: &str) -> ItemKey {
        ItemKey {
            folder: "events",
            name: name.into(),
            language: "en".into(),
        }
    }

    #[test]
    fn a_record_reads_back_as_it_was_written() {
        let text = record().to_text();
        assert!(text.starts_with("# The original text"), "{text}");
        assert!(text.contains("[[field]]"), "{text}");
        let back = ReviewRecord::parse(Path::new("r.toml"), &text).unwrap();
        assert_eq!(back, record());
    }

    #[test]
    fn a_broken_record_is_an_error_with_its_place() {
        let d = ReviewRecord::parse(Path::new("reviews/events/x.en.toml"), "fingerprint = 3\n")
            .unwrap_err();
        assert_eq!(d.file, Path::new("reviews/events/x.en.toml"));
        assert_eq!(d.line, Some(1));
    }

    #[test]
    fn records_live_under_reviews_and_never_leave_it() {
        assert_eq!(
            key("2025-01-15-llamada").record_path(),
            Some(PathBuf::from("reviews/events/2025-01-15-llamada.en.toml"))
        );
        assert_eq!(
            key("2025-01-15-llamada").id(),
            "events/2025-01-15-llamada.en"
        );
        for bad in ["", "..", ".x", "a/b", "a\\b"] {
            assert_eq!(key(bad).record_path(), None, "{bad}");
        }
    }

    #[test]
    fn changes_are_word_diffs_of_the_fields_that_changed() {
        let now = vec![
            Field {
                name: "title".into(),
                text: "Llamada \"Sheinbaum\"–Carney".into(),
            },
            Field {
                name: "summary".into(),
                text: "Nuevo resumen".into(),
            },
        ];
        let changes = record().changes(&now);
        let names: Vec<&str> = changes.iter().map(|c| c.name.as_str()).collect();
        assert_eq!(names, ["summary", "body"]);
        assert!(changes[0]
            .pieces
            .iter()
            .all(|p| p.kind == crate::diff::Kind::Added));
        assert!(changes[1]
            .pieces
            .iter()
            .all(|p| p.kind == crate::diff::Kind::Removed));
    }

    #[test]
    fn writes_inside_the_project_and_refuses_links() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        assert_eq!(read(root, &key("a")).unwrap(), None);
        assert!(write(root, &key("a"), &record()).unwrap());
        assert!(!write(root, &key("a"), &record()).unwrap(), "unchanged");
        assert_eq!(read(root, &key("a")).unwrap(), Some(record()));
        #[cfg(unix)]
        {
            let outside = tempfile::tempdir().unwrap();
            let target = outside.path().join("victim.toml");
            std::fs::write(&target, "keep").unwrap();
            let link = root.join("reviews/events/b.en.toml");
            std::os::unix::fs::symlink(&target, &link).unwrap();
            let d = write(root, &key("b"), &record()).unwrap_err();
            assert!(d.message.contains("link"), "{d}");
            assert_eq!(std::fs::read_to_string(&target).unwrap(), "keep");
            std::fs::remove_file(&link).unwrap();
            std::fs::remove_dir_all(root.join("reviews/events")).unwrap();
            std::os::unix::fs::symlink(outside.path(), root.join("reviews/events")).unwrap();
            let d = write(root, &key("c"), &record()).unwrap_err();
            assert!(d.message.contains("link"), "{d}");
            assert!(!outside.path().join("c.en.toml").exists());
        }
    }
}
