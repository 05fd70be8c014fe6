//! Cited sources (`[[sources]]` of events and advisories): what each source is, and the passage
//! (`excerpt`) that supports the item, checked against the editor's copy of the source's full text
//! kept in `sources/` beside `content/` (never published).

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};
use toml::Spanned;

use super::{Date, Vocabulary};
use crate::diagnostic::Diagnostic;

/// The longest excerpt, in characters: a passage that supports an item, not the source itself.
pub const MAX_EXCERPT_CHARS: usize = 400;

/// The folder, beside `content/`, that holds the full texts of sources (never published).
pub const REFERENCE_DIR: &str = "sources";

/// What kind of document a source is, labelled through the Fluent files (`source-kind-<key>`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum SourceKind {
    /// A news article.
    NewsArticle,
    /// An official web page (a government's own advice, for example).
    OfficialPage,
    /// A press release or official statement.
    PressRelease,
    /// A report or other document.
    Document,
}

impl SourceKind {
    /// Every kind.
    pub const ALL: [SourceKind; 4] = [
        SourceKind::NewsArticle,
        SourceKind::OfficialPage,
        SourceKind::PressRelease,
        SourceKind::Document,
    ];

    /// The key used in content and in Fluent message ids (`source-kind-<key>`).
    pub fn key(self) -> &'static str {
        match self {
            SourceKind::NewsArticle => "news-article",
            SourceKind::OfficialPage => "official-page",
            SourceKind::PressRelease => "press-release",
            SourceKind::Document => "document",
        }
    }
}

/// A source cited by an event or advisory.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Source {
    /// What the source is (`news-article`, ...), when given.
    pub kind: Option<SourceKind>,
    /// Title (headline) of the cited document, when recorded.
    pub title: Option<String>,
    /// Who published it, when recorded.
    pub publisher: Option<String>,
    /// When it was published, when recorded.
    pub date: Option<Date>,
    /// Where to read it, when recorded.
    pub url: Option<String>,
    /// Language of the document (BCP 47); a source in another language than the page's is marked.
    pub language: Option<String>,
    /// The file under `sources/` holding the source's full text, for editors.
    pub reference: Option<String>,
    /// The passage of the source that supports the item.
    pub excerpt: Option<Excerpt>,
}

/// A passage of a source, quoted in the source's language, with translations.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Excerpt {
    /// The passage, exactly as the source words it (whitespace aside).
    pub text: String,
    /// Translations by language code.
    pub translation: BTreeMap<String, String>,
    /// Line and column of the excerpt in its file, for reports.
    pub at: (usize, usize),
}

/// A `[[sources]]` entry as written.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawSource {
    kind: Option<SourceKind>,
    title: Option<String>,
    publisher: Option<String>,
    date: Option<Spanned<toml::value::Datetime>>,
    url: Option<String>,
    language: Option<String>,
    reference: Option<Spanned<String>>,
    excerpt: Option<Spanned<String>>,
    #[serde(default)]
    excerpt_translation: BTreeMap<String, String>,
}

/// Validates the `[[sources]]` of the file `path` (whose text is `text`), collecting problems.
pub(crate) fn sources(
    path: &Path,
    text: &str,
    raw: Vec<Spanned<RawSource>>,
    vocabulary: &Vocabulary,
    problems: &mut Vec<Diagnostic>,
) -> Vec<Source> {
    raw.into_iter()
        .map(|entry| {
            let at = entry.span().start;
            source(path, text, at, entry.into_inner(), vocabulary, problems)
        })
        .collect()
}

fn source(
    path: &Path,
    text: &str,
    at: usize,
    raw: RawSource,
    vocabulary: &Vocabulary,
    problems: &mut Vec<Diagnostic>,
) -> Source {
    let mut problem = |message: String, offset: usize, hint: String| {
        problems.push(
            Diagnostic::new(path, message)
                .at_offset(text, offset)
                .hint(hint),
        );
    };
    let blank = |s: &Option<String>| s.as_ref().is_some_and(|s| s.trim().is_empty());
    if blank(&raw.title) || (raw.title.is_none() && raw.kind.is_none()) {
        problem(
            "a source has no `title` and no `kind`".into(),
            at,
            format!("give the [[sources]] entry the document's `title`, or, when its headline was not recorded, say what it is with `kind` (one of: {})", kinds()),
        );
    }
    if let Some(url) = &raw.url {
        if !(url.starts_with("https://") || url.starts_with("http://")) {
            problem(
                format!("source URL `{url}` is not an http(s) address"),
                at,
                "cite sources by their https:// address".into(),
            );
        }
    }
    let date = raw
        .date
        .as_ref()
        .and_then(|d| match Date::from_toml(path, text, d, "date") {
            Ok(date) => Some(date),
            Err(d) => {
                problems.push(d);
                None
            }
        });
    if let Some(language) = &raw.language {
        if let Some(d) = language_problem(path, "language", language) {
            problems.push(d.at_offset(text, at));
        }
    }
    let mut problem = |message: String, offset: usize, hint: String| {
        problems.push(
            Diagnostic::new(path, message)
                .at_offset(text, offset)
                .hint(hint),
        );
    };
    if let Some(reference) = &raw.reference {
        if let Some(why) = reference_problem(reference.get_ref()) {
            problem(
                format!("source `reference` `{}` {why}", shown(reference.get_ref())),
                reference.span().start,
                format!("name a file in the project's `{REFERENCE_DIR}/` folder by its bare name, such as `article-es.txt`"),
            );
        }
    }
    let excerpt = raw.excerpt.map(|excerpt| {
        let offset = excerpt.span().start;
        let words = excerpt.get_ref();
        if words.trim().is_empty() {
            problem(
                "a source's `excerpt` is empty".into(),
                offset,
                "quote the passage that supports the item, or remove `excerpt`".into(),
            );
        }
        let length = words.chars().count();
        if length > MAX_EXCERPT_CHARS {
            problem(
                format!("a source's `excerpt` is {length} characters long, more than {MAX_EXCERPT_CHARS}"),
                offset,
                "quote only the passage that supports the item (a sentence or two); the full text stays in the reference file".into(),
            );
        }
        if raw.reference.is_none() {
            problem(
                "a source's `excerpt` has no `reference` to check it against".into(),
                offset,
                format!("add `reference = \"<file>\"`, the source's full text kept in `{REFERENCE_DIR}/`"),
            );
        }
        match &raw.language {
            None => problem(
                "a source's `excerpt` has no `language`".into(),
                offset,
                "add `language = \"es\"` (the language the source is written in), so the quotation is marked".into(),
            ),
            Some(language) => {
                for site_language in &vocabulary.languages {
                    if site_language != language && !raw.excerpt_translation.contains_key(site_language) {
                        problem(
                            format!("a source's `excerpt` has no `excerpt_translation.{site_language}`"),
                            offset,
                            format!("add `excerpt_translation.{site_language} = \"...\"`: the {site_language} pages show the passage with a translation"),
                        );
                    }
                }
            }
        }
        for (language, translation) in &raw.excerpt_translation {
            if !vocabulary.languages.contains(language) {
                problem(
                    format!("`excerpt_translation.{language}` is not a language of the site"),
                    offset,
                    format!("write translations as `excerpt_translation.<language>` with one of: {}", vocabulary.languages.join(", ")),
                );
            } else if translation.trim().is_empty() {
                problem(
                    format!("`excerpt_translation.{language}` is empty"),
                    offset,
                    "translate the passage, or remove the excerpt".into(),
                );
            }
        }
        Excerpt {
            at: crate::diagnostic::line_column(text, offset),
            text: excerpt.into_inner(),
            translation: raw.excerpt_translation.clone(),
        }
    });
    if excerpt.is_none() && !raw.excerpt_translation.is_empty() {
        problem(
            "a source has an `excerpt_translation` but no `excerpt`".into(),
            at,
            "add the `excerpt` in the source's language, or remove the translation".into(),
        );
    }
    Source {
        kind: raw.kind,
        title: raw.title,
        publisher: raw.publisher,
        date,
        url: raw.url,
        language: raw.language,
        reference: raw.reference.map(Spanned::into_inner),
        excerpt,
    }
}

fn kinds() -> String {
    SourceKind::ALL
        .iter()
        .map(|k| k.key())
        .collect::<Vec<_>>()
        .join(", ")
}

/// At most 60 characters of a name, for a message.
fn shown(name: &str) -> String {
    name.chars().take(60).collect()
}

/// Why `name` cannot name a reference file, if it cannot: only a bare file name in `sources/`.
fn reference_problem(name: &str) -> Option<&'static str> {
    if name.trim().is_empty() {
        Some("is empty")
    } else if name.contains(['/', '\\']) || name.contains(':') {
        Some("is a path, not a file name")
    } else if name.starts_with('.') {
        Some("names a hidden file or a parent folder")
    } else if name.chars().any(char::is_control) {
        Some("holds a control character")
    } else {
        None
    }
}

/// True for a well-formed language tag as HTML's `lang` takes it (BCP 47 shape: `es`, `en-CA`).
pub(crate) fn is_language_tag(tag: &str) -> bool {
    let mut parts = tag.split('-');
    let primary = parts.next().unwrap_or_default();
    (2..=3).contains(&primary.len())
        && primary.chars().all(|c| c.is_ascii_alphabetic())
        && parts.all(|p| (1..=8).contains(&p.len()) && p.chars().all(|c| c.is_ascii_alphanumeric()))
}

/// A diagnostic for a malformed language tag in `field`, if it is one.
pub(crate) fn language_problem(path: &Path, field: &str, tag: &str) -> Option<Diagnostic> {
    (!is_language_tag(tag)).then(|| {
        Diagnostic::new(
            path,
            format!("`{field}` `{}` is not a language code", shown(tag)),
        )
        .hint("write a BCP 47 language code such as `es`, `en` or `en-CA`")
    })
}

/// Whitespace-normalised text: every run of whitespace one space, no leading or trailing space.
pub fn normalize_whitespace(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The reference texts read so far, normalised, by file name (`Err` when one cannot be used).
#[derive(Default)]
pub struct References {
    dir: PathBuf,
    texts: BTreeMap<String, Result<String, String>>,
}

impl References {
    /// References in `dir` (`sources/` beside `content/`).
    pub fn new(dir: PathBuf) -> Self {
        References {
            dir,
            texts: BTreeMap::new(),
        }
    }

    /// The folder, beside `content_dir`, holding the reference texts.
    pub fn beside(content_dir: &Path) -> Self {
        let root = content_dir.parent().unwrap_or(Path::new(""));
        References::new(root.join(REFERENCE_DIR))
    }

    /// Checks every source of an item (from the file `path`): its reference file can be read and
    /// its excerpt occurs in it.
    pub fn check(&mut self, path: &Path, sources: &[Source]) -> Vec<Diagnostic> {
        let mut problems = Vec::new();
        for source in sources {
            let Some(reference) = &source.reference else {
                continue;
            };
            if reference_problem(reference).is_some() {
                continue; // reported when the item was parsed
            }
            let at = source.excerpt.as_ref().map(|e| e.at);
            let located = |d: Diagnostic| match at {
                Some((line, column)) => d.at(line, column),
                None => d,
            };
            let text = match self.text(reference) {
                Ok(text) => text,
                Err(why) => {
                    problems.push(
                        located(Diagnostic::new(path, format!("source `reference` `{}`: {why}", shown(reference))))
                            .hint(format!("keep the source's full text as a UTF-8 file `{REFERENCE_DIR}/{}` beside `content/`, or correct the name", shown(reference))),
                    );
                    continue;
                }
            };
            if let Some(excerpt) = &source.excerpt {
                let passage = normalize_whitespace(&excerpt.text);
                if !passage.is_empty() && !occurs(text, &passage) {
                    let mut start: String = passage.chars().take(50).collect();
                    if start.len() < passage.len() {
                        start.push('…');
                    }
                    problems.push(
                        located(Diagnostic::new(
                            path,
                            format!("the excerpt “{start}” does not occur in `{REFERENCE_DIR}/{reference}`"),
                        ))
                        .hint("copy the passage exactly as the source words it, from the start of a word to the end of one (line breaks and runs of spaces may differ; accents, quotation marks and capitals may not); put any translation in `excerpt_translation`"),
                    );
                }
            }
        }
        problems
    }

    /// The normalised text of a reference file, read once.
    fn text(&mut self, name: &str) -> Result<&str, String> {
        let dir = &self.dir;
        let entry = self
            .texts
            .entry(name.to_string())
            .or_insert_with(|| read_reference(&dir.join(name)));
        entry.as_deref().map_err(Clone::clone)
    }
}

/// Whether `passage` occurs in `text` as whole words: a match that starts or ends inside a word
/// ("anadá actualizó" in "Canadá actualizó") is not the passage the source has.
fn occurs(text: &str, passage: &str) -> bool {
    text.match_indices(passage).any(|(at, _)| {
        let before = text[..at].chars().next_back();
        let after = text[at + passage.len()..].chars().next();
        let first = passage.chars().next();
        let last = passage.chars().next_back();
        let joins = |a: Option<char>, b: Option<char>| {
            a.is_some_and(char::is_alphanumeric) && b.is_some_and(char::is_alphanumeric)
        };
        !joins(before, first) && !joins(last, after)
    })
}

/// Reads a reference file: a regular file (not a link, a folder or a device), UTF-8, normalised.
fn read_reference(path: &Path) -> Result<String, String> {
    let meta = std::fs::symlink_metadata(path).map_err(|e| match e.kind() {
        std::io::ErrorKind::NotFound => format!("there is no file {}", path.display()),
        _ => format!("cannot read {}: {e}", path.display()),
    })?;
    if !meta.file_type().is_file() {
        return Err(format!(
            "{} is not a plain file (a folder, a symbolic link or a device)",
            path.display()
        ));
    }
    crate::fs::read_to_string(path)
        .map(|text| normalize_whitespace(&text))
        .map_err(|d| d.message)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::content::event::tests::vocabulary;

    fn parse(entry: &str) -> (Vec<Source>, Vec<String>) {
        #[derive(Deserialize)]
        struct Doc {
            sources: Vec<Spanned<RawSource>>,
        }
        let text = format!("[[sources]]\n{entry}");
        let doc: Doc = toml::from_str(&text).unwrap();
        let mut problems = Vec::new();
        let list = sources(
            Path::new("e.toml"),
            &text,
            doc.sources,
            &vocabulary(),
            &mut problems,
        );
        (list, problems.iter().map(|p| p.to_string()).collect())
    }

    const GOOD: &str = "kind = \"news-article\"\nlanguage = \"es\"\nreference = \"a.txt\"\nexcerpt = \"Canadá actualizó\"\nexcerpt_translation.en = \"Canada updated\"\n";

    #[test]
    fn a_source_without_a_headline_says_what_it_is() {
        let (list, problems) = parse(GOOD);
        assert!(problems.is_empty(), "{problems:?}");
        let source = &list[0];
        assert_eq!(source.kind, Some(SourceKind::NewsArticle));
        assert_eq!(source.title, None);
        let excerpt = source.excerpt.as_ref().unwrap();
        assert_eq!(excerpt.text, "Canadá actualizó");
        assert_eq!(excerpt.translation["en"], "Canada updated");
        assert_eq!(excerpt.at, (5, 11));
    }

    #[test]
    fn every_problem_of_a_source_is_reported() {
        let (_, problems) = parse("language = \"es\"\nexcerpt = \"x\"\n");
        assert!(
            problems[0].contains("no `title` and no `kind`"),
            "{problems:#?}"
        );
        assert!(problems.iter().any(|p| p.contains("has no `reference`")));
        assert!(problems
            .iter()
            .any(|p| p.contains("no `excerpt_translation.en`")));
        let (_, problems) = parse(&GOOD.replace("a.txt", "../secret.txt"));
        assert!(
            problems[0].contains("is a path, not a file name"),
            "{problems:#?}"
        );
        let (_, problems) = parse(&GOOD.replace("language = \"es\"\n", ""));
        assert!(problems[0].contains("has no `language`"), "{problems:#?}");
        let long = "a".repeat(MAX_EXCERPT_CHARS + 1);
        let (_, problems) = parse(&GOOD.replace("Canadá actualizó", &long));
        assert!(problems[0].contains("more than 400"), "{problems:#?}");
        let (_, problems) =
            parse(&GOOD.replace("excerpt_translation.en", "excerpt_translation.fr"));
        assert!(problems
            .iter()
            .any(|p| p.contains("`excerpt_translation.fr` is not a language")));
    }

    #[test]
    fn language_tags_are_checked() {
        for good in ["es", "en", "en-CA", "es-419", "zh-Hant-TW"] {
            assert!(is_language_tag(good), "{good}");
        }
        for bad in [
            "",
            "e",
            "español",
            "es_MX",
            "es\" onclick=\"x",
            "en-",
            "-en",
        ] {
            assert!(!is_language_tag(bad), "{bad}");
        }
        let (_, problems) = parse(&GOOD.replace("language = \"es\"", "language = \"español\""));
        assert!(
            problems[0].contains("`language` `español` is not a language code"),
            "{problems:#?}"
        );
    }

    #[test]
    fn excerpts_are_matched_with_whitespace_normalised() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(
            dir.path().join("a.txt"),
            "Primera línea.\n\nEn paralelo, Canadá\n   actualizó su alerta.",
        )
        .unwrap();
        let mut references = References::new(dir.path().to_path_buf());
        let (mut list, _) = parse(GOOD);
        list[0].excerpt.as_mut().unwrap().text = "Canadá actualizó  su\nalerta.".into();
        assert!(references.check(Path::new("e.toml"), &list).is_empty());
        list[0].excerpt.as_mut().unwrap().text = "anadá actualizó su".into();
        let problems = references.check(Path::new("e.toml"), &list);
        assert_eq!(problems.len(), 1, "a passage starts at a word's start");
        list[0].excerpt.as_mut().unwrap().text = "Canadá actualizó s".into();
        assert_eq!(references.check(Path::new("e.toml"), &list).len(), 1);
        list[0].excerpt.as_mut().unwrap().text = "(Canadá) no".into();
        assert_eq!(references.check(Path::new("e.toml"), &list).len(), 1);
        list[0].excerpt.as_mut().unwrap().text = "Canadá actualizó su aviso.".into();
        let problems = references.check(Path::new("e.toml"), &list);
        assert!(
            problems[0].to_string().starts_with("e.toml:5:11:")
                && problems[0]
                    .message
                    .contains("does not occur in `sources/a.txt`"),
            "{problems:?}"
        );
        list[0].reference = Some("missing.txt".into());
        let problems = references.check(Path::new("e.toml"), &list);
        assert!(
            problems[0].message.contains("there is no file"),
            "{problems:?}"
        );
        std::fs::create_dir(dir.path().join("folder.txt")).unwrap();
        list[0].reference = Some("folder.txt".into());
        let problems = references.check(Path::new("e.toml"), &list);
        assert!(
            problems[0].message.contains("not a plain file"),
            "{problems:?}"
        );
    }
}
