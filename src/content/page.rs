//! Markdown pages: `content/pages/<name>.<lang>.md` with `+++` TOML front matter, grouped by name.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::Deserialize;
use toml::Spanned;

use super::fields::required;
use super::{slug, Date, Vocabulary};
use crate::diagnostic::Diagnostic;

/// The page whose text introduces the home page instead of getting a URL of its own.
pub const HOME: &str = "home";

/// One page in every language.
#[derive(Debug, Clone)]
pub struct Page {
    /// The shared name (`about` for `about.es.md` and `about.en.md`).
    pub name: String,
    /// The page in each language (every site language; see `untranslated`).
    pub texts: BTreeMap<String, PageText>,
    /// Languages with no file, filled with another language's text (partial translations).
    pub untranslated: Vec<String>,
    /// Not ready (a file of it says `draft = true`): loaded only when drafts are.
    pub draft: bool,
}

/// A page in one language.
#[derive(Debug, Clone)]
pub struct PageText {
    /// The file it came from.
    pub path: PathBuf,
    /// Title, shown as the page's heading.
    pub title: String,
    /// A shorter title for the navigation bar, if given.
    pub nav_title: Option<String>,
    /// URL segment.
    pub slug: String,
    /// Line and column of a hand-written slug.
    pub slug_at: Option<(usize, usize)>,
    /// Line and column of the title (what a derived slug is made from).
    pub title_at: (usize, usize),
    /// One sentence for `<meta name="description">`.
    pub description: String,
    /// When the text was last changed.
    pub updated: Date,
    /// Markdown body.
    pub body: String,
    /// Not ready: `draft = true`.
    pub draft: bool,
    /// Fingerprint of the default language's text when this translation was last reviewed.
    pub source_fingerprint: Option<String>,
}

impl PageText {
    /// The fingerprint of this text, as a translation records it.
    pub fn fingerprint(&self) -> String {
        super::fingerprint(&[&self.title, &self.description, &self.body])
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct FrontMatter {
    title: Spanned<String>,
    nav_title: Option<String>,
    slug: Option<Spanned<String>>,
    description: Spanned<String>,
    updated: Spanned<toml::value::Datetime>,
    #[serde(default)]
    draft: bool,
    source_fingerprint: Option<String>,
}

impl Page {
    /// Groups `<name>.<lang>.md` files into pages, checking every language is present.
    pub fn group(
        files: &[(PathBuf, String)],
        vocabulary: &Vocabulary,
    ) -> Result<Vec<Page>, Vec<Diagnostic>> {
        let mut problems = Vec::new();
        let mut pages: BTreeMap<String, BTreeMap<String, PageText>> = BTreeMap::new();
        for (path, text) in files {
            let Some((name, language)) = split_name(path) else {
                problems.push(
                    Diagnostic::new(path, "a page file must be named `<name>.<language>.md`").hint(
                        format!(
                            "rename it, for example `about.{}.md`",
                            vocabulary.languages[0]
                        ),
                    ),
                );
                continue;
            };
            if !vocabulary.languages.contains(&language) {
                problems.push(
                    Diagnostic::new(path, format!("`{language}` is not a language of this site"))
                        .hint(format!("use one of: {}", vocabulary.languages.join(", "))),
                );
                continue;
            }
            match PageText::parse(path, text, &language) {
                Ok(page) if name == HOME => {
                    pages.entry(name).or_default().insert(language, page);
                }
                Ok(page) => {
                    problems.extend(page.slug_problem(&language, vocabulary.reserved(&language)));
                    pages.entry(name).or_default().insert(language, page);
                }
                Err(mut p) => problems.append(&mut p),
            }
        }
        for (name, texts) in &pages {
            for language in &vocabulary.languages {
                if !texts.contains_key(language) && !vocabulary.allow_partial {
                    let (_, any) = texts
                        .iter()
                        .next()
                        .expect("a page group has at least one file");
                    problems.push(
                        Diagnostic::new(
                            &any.path,
                            format!("page `{name}` has no `{language}` version"),
                        )
                        .hint(format!(
                            "add `{name}.{language}.md` beside it: both languages publish together"
                        )),
                    );
                }
            }
        }
        if !problems.is_empty() {
            return Err(problems);
        }
        let pages: Vec<Page> = pages
            .into_iter()
            .map(|(name, mut texts)| Page {
                draft: texts.values().any(|t| t.draft),
                untranslated: super::fill_missing(&mut texts, &vocabulary.languages),
                name,
                texts,
            })
            .collect();
        // A language without the page publishes another's, slug included, among its own URLs.
        for page in pages.iter().filter(|p| !p.is_home()) {
            for language in &page.untranslated {
                let t = &page.texts[language];
                let reserved = vocabulary.reserved(language);
                if let Some(why) = slug::reserved(&t.slug, slug::Level::Language, reserved) {
                    let (line, column) = t.slug_at.unwrap_or(t.title_at);
                    problems.push(
                        Diagnostic::new(&t.path, format!("[{language}] the slug `{}`, used for `{language}` too (the page has no `{language}` file yet), {why}", t.slug))
                            .at(line, column)
                            .hint(format!("add `{}.{language}.md` with a `slug` of its own, or choose another `slug` here", page.name)),
                    );
                }
            }
        }
        if problems.is_empty() {
            Ok(pages)
        } else {
            Err(problems)
        }
    }

    /// True for the page that introduces the home page.
    pub fn is_home(&self) -> bool {
        self.name == HOME
    }
}

impl PageText {
    /// What is wrong with the page's slug at the root of `language`, where the site's own sections
    /// and files are (`reserved`); the slug's form is checked by `parse`.
    fn slug_problem(&self, language: &str, reserved: &slug::Reserved) -> Option<Diagnostic> {
        let diagnostic = |problem: String, (line, column): (usize, usize)| {
            Diagnostic::new(&self.path, format!("[{language}] {problem}")).at(line, column)
        };
        match self.slug_at {
            Some(at) => slug::reserved(&self.slug, slug::Level::Language, reserved).map(|why| {
                diagnostic(format!("the slug `{}` {why}", self.slug), at)
                    .hint("choose another `slug` for this page, such as `acerca`")
            }),
            None => slug::derived_problem(&self.slug, slug::Level::Language, reserved).map(|problem| {
                diagnostic(problem, self.title_at).hint(
                    "write a `slug` in the front matter, such as `slug = \"acerca\"`: lowercase ASCII letters, digits and hyphens",
                )
            }),
        }
    }

    /// Parses one page file: `+++` front matter, then Markdown.
    pub fn parse(path: &Path, text: &str, language: &str) -> Result<PageText, Vec<Diagnostic>> {
        let _lines = crate::diagnostic::line_scope(text);
        let (front, offset, body) = split_front_matter(path, text).map_err(|d| vec![d])?;
        let fm: FrontMatter = toml::from_str(front)
            .map_err(|e| vec![crate::toml_error::diagnostic(path, text, offset, &e)])?;
        let body_start = text.len() - body.len();
        let mut problems =
            super::markdown_problems(path, text, body, super::MarkdownAt::Verbatim(body_start));
        problems.extend(super::toml_string_problems(
            path, text, front, offset, !fm.draft,
        ));
        if let Some((at, c)) = super::unusable_char(body) {
            problems.push(super::unusable_at(path, text, body_start + at, c));
        }
        if !fm.draft {
            for (at, _) in body.match_indices(super::PLACEHOLDER) {
                problems.push(super::placeholder_at(path, text, body_start + at));
            }
        }
        let shifted = |s: &Spanned<String>| (offset + s.span().start)..(offset + s.span().end);
        let title_span = shifted(&fm.title);
        let title_at = crate::diagnostic::line_column(text, title_span.start);
        let title = required(
            path,
            text,
            language,
            "title",
            Spanned::new(title_span, fm.title.into_inner()),
            &mut problems,
        );
        let description_span = shifted(&fm.description);
        let description = required(
            path,
            text,
            language,
            "description",
            Spanned::new(description_span, fm.description.into_inner()),
            &mut problems,
        );
        let updated_span = (offset + fm.updated.span().start)..(offset + fm.updated.span().end);
        let updated = Date::from_toml(
            path,
            text,
            &Spanned::new(updated_span, *fm.updated.get_ref()),
            "updated",
        )
        .map_err(|d| problems.push(d))
        .ok();
        let (slug, slug_at) = match fm.slug {
            Some(s) => {
                let at = crate::diagnostic::line_column(text, offset + s.span().start);
                if let Some(problem) = slug::problem(s.get_ref()) {
                    problems.push(
                        Diagnostic::new(path, problem)
                            .at(at.0, at.1)
                            .hint("use lowercase ASCII letters, digits and hyphens, such as `acerca`, or remove `slug` to derive it from the title"),
                    );
                }
                (s.into_inner(), Some(at))
            }
            None => (slug::slugify(title.as_deref().unwrap_or_default()), None),
        };
        match (title, description, updated) {
            (Some(title), Some(description), Some(updated)) if problems.is_empty() => {
                Ok(PageText {
                    path: path.to_path_buf(),
                    title,
                    nav_title: fm.nav_title.filter(|t| !t.trim().is_empty()),
                    draft: fm.draft,
                    source_fingerprint: fm.source_fingerprint,
                    slug,
                    slug_at,
                    title_at,
                    description,
                    updated,
                    body: body.to_string(),
                })
            }
            _ => Err(problems),
        }
    }
}

/// `about.es.md` gives `("about", "es")`.
fn split_name(path: &Path) -> Option<(String, String)> {
    let stem = path.file_stem()?.to_str()?;
    let (name, language) = stem.rsplit_once('.')?;
    (!name.is_empty() && !language.is_empty()).then(|| (name.to_string(), language.to_string()))
}

/// Splits `+++\n<toml>\n+++\n<markdown>` into the TOML, its byte offset, and the Markdown.
pub(super) fn split_front_matter<'t>(
    path: &Path,
    text: &'t str,
) -> Result<(&'t str, usize, &'t str), Diagnostic> {
    let missing = || {
        Diagnostic::new(path, "the page does not start with `+++` front matter")
            .at(1, 1)
            .hint("start the file with a line `+++`, then title, slug, description and updated, then a closing `+++` line. Did you forget `+++`?")
    };
    let first_line_end = text.find('\n').ok_or_else(missing)?;
    if text[..first_line_end].trim_end() != "+++" {
        return Err(missing());
    }
    let start = first_line_end + 1;
    let mut line_start = start;
    for line in text[start..].split_inclusive('\n') {
        if line.trim_end() == "+++" {
            let body = &text[line_start + line.len()..];
            return Ok((&text[start..line_start], start, body));
        }
        line_start += line.len();
    }
    Err(Diagnostic::new(path, "the front matter is not closed")
        .at(1, 1)
        .hint("add a line `+++` after the front matter"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::content::event::tests::vocabulary;

    const PAGE: &str = "+++\r\ntitle = \"Acerca\"\r\ndescription = \"Fuentes.\"\r\nupdated = 2025-12-15\r\n+++\r\n## Fuentes\r\n";

    #[test]
    fn parses_front_matter_with_crlf() {
        let p = PageText::parse(Path::new("about.es.md"), PAGE, "es").unwrap();
        assert_eq!(p.title, "Acerca");
        assert_eq!(p.slug, "acerca");
        assert_eq!(p.updated.iso(), "2025-12-15");
        assert_eq!(p.body, "## Fuentes\r\n");
    }

    #[test]
    fn errors_point_into_the_file() {
        let bad = PAGE.replace("updated = 2025-12-15", "updated = 2025-02-30");
        let e = PageText::parse(Path::new("about.es.md"), &bad, "es").unwrap_err();
        assert_eq!((e[0].line, e[0].column), (Some(4), Some(11)), "{e:?}");
        let bad = PAGE.replace("title = \"Acerca\"", "title = Acerca");
        let e = PageText::parse(Path::new("about.es.md"), &bad, "es").unwrap_err();
        assert_eq!(e[0].line, Some(2), "{e:?}");
        let e = PageText::parse(Path::new("about.es.md"), "# No front matter\n", "es").unwrap_err();
        assert!(e[0]
            .hint
            .as_deref()
            .unwrap()
            .contains("Did you forget `+++`?"));
        let e =
            PageText::parse(Path::new("about.es.md"), "+++\ntitle = \"x\"\n", "es").unwrap_err();
        assert!(e[0].message.contains("not closed"));
    }

    #[test]
    fn a_missing_translation_is_reported() {
        let files = vec![(PathBuf::from("pages/about.es.md"), PAGE.to_string())];
        let e = Page::group(&files, &vocabulary()).unwrap_err();
        assert!(e[0].message.contains("page `about` has no `en` version"));
    }
}
