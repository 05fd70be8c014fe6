//! Timeline events: `content/events/<id>.toml`, shared facts once and words per language.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::Deserialize;
use toml::Spanned;

use super::fields::{check_states, dates, file_id, required};
use super::source::RawSource;
use super::{parse_localized, slug, Date, Source, Vocabulary};
use crate::diagnostic::Diagnostic;

/// One timeline event.
#[derive(Debug, Clone)]
pub struct Event {
    /// The file stem, such as `2025-12-15-llamada-seguridad`; stable across languages.
    pub id: String,
    /// The file it came from.
    pub path: PathBuf,
    /// When it happened.
    pub date: Date,
    /// When its text was last changed, if after `date`.
    pub updated: Option<Date>,
    /// Kind key (`call`, `agreement`, ...), labelled through the Fluent files.
    pub kind: String,
    /// People named as taking part.
    pub people: Vec<String>,
    /// Each person's role (office) by language code, as the source gives it; empty when the
    /// file gives none. Same length and order as `people`.
    pub roles: Vec<BTreeMap<String, String>>,
    /// ISO 3166-2 codes of the states it concerns.
    pub states: Vec<String>,
    /// Cited sources.
    pub sources: Vec<Source>,
    /// Direct quotes, kept in their original language.
    pub quotes: Vec<Quote>,
    /// Words per language code (every site language; see `untranslated`).
    pub texts: BTreeMap<String, EventText>,
    /// Languages the file has no words for, filled with another language's (partial translations).
    pub untranslated: Vec<String>,
    /// Not ready: loaded only when drafts are (`puente serve`).
    pub draft: bool,
    /// A hash of the file's text: equal versions, equal event.
    pub version: u64,
}

/// An event's words in one language.
#[derive(Debug, Clone)]
pub struct EventText {
    /// Headline.
    pub title: String,
    /// URL segment, given or derived from the title.
    pub slug: String,
    /// Line and column of a hand-written slug, for collision reports.
    pub slug_at: Option<(usize, usize)>,
    /// Byte offset of the title in the file (what a derived slug is made from), for error reports
    /// (a line and column for every event would cost a scan of every file).
    pub title_offset: usize,
    /// One paragraph of Markdown.
    pub summary: String,
    /// Markdown body.
    pub body: String,
    /// Fingerprint of the default language's text when this translation was last reviewed.
    pub source_fingerprint: Option<String>,
}

impl EventText {
    /// The fingerprint of this text, as a translation records it.
    pub fn fingerprint(&self) -> String {
        super::fingerprint(&[&self.title, &self.summary, &self.body])
    }
}

/// A direct quote in its original language, with translations into the site's other languages.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Quote {
    /// Who said it.
    pub by: String,
    /// Language of the original words.
    pub lang: String,
    /// The original words, without quotation marks.
    pub text: String,
    /// Translations by language code.
    #[serde(default)]
    pub translation: BTreeMap<String, String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawEvent {
    #[serde(default)]
    draft: bool,
    date: Spanned<toml::value::Datetime>,
    updated: Option<Spanned<toml::value::Datetime>>,
    kind: Spanned<String>,
    #[serde(default)]
    people: Vec<Spanned<RawPerson>>,
    #[serde(default)]
    states: Vec<Spanned<String>>,
    #[serde(default)]
    sources: Vec<Spanned<RawSource>>,
    #[serde(default)]
    quotes: Vec<Spanned<Quote>>,
}

/// A participant as written: a name, or `{ name = "…", role.es = "…", role.en = "…" }`.
struct RawPerson {
    name: String,
    role: BTreeMap<String, String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawPersonTable {
    name: String,
    #[serde(default)]
    role: BTreeMap<String, String>,
}

impl<'de> Deserialize<'de> for RawPerson {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct Visitor;
        impl<'de> serde::de::Visitor<'de> for Visitor {
            type Value = RawPerson;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str(
                    "a name, or a table `{ name = \"…\", role.es = \"…\", role.en = \"…\" }`",
                )
            }
            fn visit_str<E: serde::de::Error>(self, name: &str) -> Result<RawPerson, E> {
                Ok(RawPerson {
                    name: name.to_string(),
                    role: BTreeMap::new(),
                })
            }
            fn visit_map<A: serde::de::MapAccess<'de>>(
                self,
                map: A,
            ) -> Result<RawPerson, A::Error> {
                let table =
                    RawPersonTable::deserialize(serde::de::value::MapAccessDeserializer::new(map))?;
                Ok(RawPerson {
                    name: table.name,
                    role: table.role,
                })
            }
        }
        deserializer.deserialize_any(Visitor)
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawText {
    title: Spanned<String>,
    slug: Option<Spanned<String>>,
    summary: Spanned<String>,
    body: Option<Spanned<String>>,
    source_fingerprint: Option<String>,
}

impl Event {
    /// Reads and parses an event file.
    pub fn from_file(path: &Path, vocabulary: &Vocabulary) -> Result<Event, Vec<Diagnostic>> {
        let text = crate::fs::read_to_string(path).map_err(|d| vec![d])?;
        Event::parse(path, &text, vocabulary)
    }

    /// Parses and validates the text of an event file.
    pub fn parse(
        path: &Path,
        text: &str,
        vocabulary: &Vocabulary,
    ) -> Result<Event, Vec<Diagnostic>> {
        let _lines = crate::diagnostic::line_scope(text);
        let doc = parse_localized::<RawEvent, RawText>(
            path,
            text,
            &vocabulary.languages,
            vocabulary.allow_partial,
        )?;
        let raw = doc.shared;
        let mut problems = Vec::new();
        if !raw.draft {
            problems.extend(super::placeholder_diagnostics(
                path,
                text,
                0,
                &doc.placeholders,
            ));
        }
        let (date, updated) = dates(path, text, &raw.date, raw.updated.as_ref(), &mut problems);
        check_kind(path, text, &raw.kind, vocabulary, &mut problems);
        check_states(path, text, &raw.states, vocabulary, &mut problems);
        let (people, roles) = people(path, text, raw.people, vocabulary, &mut problems);
        let sources = super::source::sources(path, text, raw.sources, vocabulary, &mut problems);
        for quote in &raw.quotes {
            check_quote(path, text, quote, vocabulary, &mut problems);
        }
        let mut texts = BTreeMap::new();
        for (language, raw_text) in doc.texts {
            let reserved = vocabulary.reserved(&language);
            if let Some(t) = event_text(path, text, &language, raw_text, reserved, &mut problems) {
                texts.insert(language, t);
            }
        }
        let untranslated = super::fill_missing(&mut texts, &vocabulary.languages);
        // A language without words publishes another's, slug included, among its own URLs.
        // (Once: a slug already refused in its own language is not reported again.)
        let lent: &[String] = if problems.is_empty() {
            &untranslated
        } else {
            &[]
        };
        for language in lent {
            let t = &texts[language];
            let level = slug::Level::Timeline;
            if let Some(why) = slug::reserved(&t.slug, level, vocabulary.reserved(language)) {
                let (line, column) = t
                    .slug_at
                    .unwrap_or_else(|| crate::diagnostic::line_column(text, t.title_offset));
                problems.push(
                    Diagnostic::new(path, format!("[{language}] the slug `{}`, used for `{language}` too (the event has no `[{language}]` yet), {why}", t.slug))
                        .at(line, column)
                        .hint(format!("add the `[{language}]` section with a `slug` of its own, or choose another `slug` here")),
                );
            }
        }
        match date {
            Some(date) if problems.is_empty() => Ok(Event {
                untranslated,
                draft: raw.draft,
                version: xxhash_rust::xxh3::xxh3_64(text.as_bytes()),
                id: file_id(path),
                path: path.to_path_buf(),
                date,
                updated,
                kind: raw.kind.into_inner(),
                people,
                roles,
                states: raw.states.into_iter().map(Spanned::into_inner).collect(),
                sources,
                quotes: raw.quotes.into_iter().map(Spanned::into_inner).collect(),
                texts,
            }),
            _ => Err(problems),
        }
    }

    /// The date its page shows as modified: `updated`, else `date`.
    pub fn modified(&self) -> Date {
        self.updated.unwrap_or(self.date).max(self.date)
    }
}

/// The words of one language of an event, checked.
fn event_text(
    path: &Path,
    text: &str,
    language: &str,
    raw: RawText,
    reserved: &slug::Reserved,
    problems: &mut Vec<Diagnostic>,
) -> Option<EventText> {
    let title_offset = raw.title.span().start;
    let title = required(path, text, language, "title", raw.title, problems);
    // The Markdown's problems, at their places in the file (escapes of the TOML string counted).
    problems.extend(super::markdown_problems(
        path,
        text,
        raw.summary.get_ref(),
        super::MarkdownAt::TomlString(raw.summary.span()),
    ));
    if let Some(body) = &raw.body {
        problems.extend(super::markdown_problems(
            path,
            text,
            body.get_ref(),
            super::MarkdownAt::TomlString(body.span()),
        ));
    }
    let summary = required(path, text, language, "summary", raw.summary, problems);
    let (slug, slug_at) = match raw.slug {
        Some(s) => {
            let at = crate::diagnostic::line_column(text, s.span().start);
            if let Some(problem) =
                slug::written_problem(s.get_ref(), slug::Level::Timeline, reserved)
            {
                problems.push(
                    Diagnostic::new(path, format!("[{language}] {problem}"))
                        .at(at.0, at.1)
                        .hint("use lowercase ASCII letters, digits and hyphens that name this event, such as `llamada-de-seguridad`"),
                );
            }
            (s.into_inner(), Some(at))
        }
        None => {
            let slug = slug::slugify(title.as_deref().unwrap_or_default());
            if let Some(problem) = title
                .as_ref()
                .and_then(|_| slug::derived_problem(&slug, slug::Level::Timeline, reserved))
            {
                problems.push(
                    Diagnostic::new(path, format!("[{language}] {problem}"))
                        .at_offset(text, title_offset)
                        .hint(format!("write a `slug` in `[{language}]`, such as `slug = \"llamada-de-seguridad\"`: lowercase ASCII letters, digits and hyphens")),
                );
            }
            (slug, None)
        }
    };
    Some(EventText {
        title: title?,
        slug,
        slug_at,
        title_offset,
        summary: summary?,
        body: raw.body.map(Spanned::into_inner).unwrap_or_default(),
        source_fingerprint: raw.source_fingerprint,
    })
}

/// Reports a kind the Fluent files do not label.
fn check_kind(
    path: &Path,
    text: &str,
    kind: &Spanned<String>,
    vocabulary: &Vocabulary,
    problems: &mut Vec<Diagnostic>,
) {
    let Some(kinds) = &vocabulary.kinds else {
        return;
    };
    if !kinds.contains(kind.get_ref()) {
        let known: Vec<&str> = kinds.iter().map(String::as_str).collect();
        problems.push(
            Diagnostic::new(path, format!("unknown event kind `{}`", kind.get_ref()))
                .at_offset(text, kind.span().start)
                .hint(format!(
                    "use one of: {} (a kind is known when both Fluent files define `kind-<key>`)",
                    known.join(", ")
                )),
        );
    }
}

/// The participants' names and roles, reporting blank names and roles missing a language.
fn people(
    path: &Path,
    text: &str,
    raw: Vec<Spanned<RawPerson>>,
    vocabulary: &Vocabulary,
    problems: &mut Vec<Diagnostic>,
) -> (Vec<String>, Vec<BTreeMap<String, String>>) {
    let mut names = Vec::new();
    let mut roles = Vec::new();
    for person in raw {
        let at = person.span().start;
        let RawPerson { name, role } = person.into_inner();
        if name.trim().is_empty() {
            problems.push(
                Diagnostic::new(path, "a participant's name is empty")
                    .at_offset(text, at)
                    .hint("write the person's name as the source gives it, or remove the entry"),
            );
        }
        if !role.is_empty() {
            for language in role.keys() {
                if !vocabulary.languages.contains(language) {
                    problems.push(
                        Diagnostic::new(
                            path,
                            format!(
                                "the role of {name} is in `{language}`, not a language of the site"
                            ),
                        )
                        .at_offset(text, at)
                        .hint(format!(
                            "write roles as `role.<language>` with one of: {}",
                            vocabulary.languages.join(", ")
                        )),
                    );
                }
            }
            for language in &vocabulary.languages {
                match role.get(language) {
                    Some(r) if !r.trim().is_empty() => {}
                    _ => problems.push(
                        Diagnostic::new(
                            path,
                            format!("the role of {name} has no `{language}` text"),
                        )
                        .at_offset(text, at)
                        .hint(format!(
                            "add `role.{language} = \"...\"` so both languages name the office"
                        )),
                    ),
                }
            }
        }
        names.push(name);
        roles.push(role);
    }
    (names, roles)
}

fn check_quote(
    path: &Path,
    text: &str,
    quote: &Spanned<Quote>,
    vocabulary: &Vocabulary,
    problems: &mut Vec<Diagnostic>,
) {
    let q = quote.get_ref();
    if let Some(d) = super::source::language_problem(path, "lang", &q.lang) {
        problems.push(d.at_offset(text, quote.span().start));
    }
    for language in &vocabulary.languages {
        if *language != q.lang && !q.translation.contains_key(language) {
            problems.push(
                Diagnostic::new(
                    path,
                    format!("a quote by {} has no `translation.{language}`", q.by),
                )
                .at_offset(text, quote.span().start)
                .hint(format!(
                    "add `translation.{language} = \"...\"` to the [[quotes]] entry"
                )),
            );
        }
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    pub(crate) fn vocabulary() -> Vocabulary {
        Vocabulary {
            languages: vec!["es".into(), "en".into()],
            kinds: Some(["call".to_string(), "agreement".to_string()].into()),
            states: Some(
                [
                    ("MX-CHH".to_string(), "Chihuahua".to_string()),
                    ("MX-CHP".to_string(), "Chiapas".to_string()),
                ]
                .into(),
            ),
            allow_partial: false,
            include_drafts: false,
            ..Vocabulary::default()
        }
    }

    const EVENT: &str = r#"date = 2025-12-15
kind = "call"
people = ["Omar García Harfuch"]
states = ["MX-CHP"]
[[sources]]
title = "Artículo"
language = "es"
[[quotes]]
by = "Omar García Harfuch"
lang = "es"
text = "Avanzamos"
translation.en = "We are making progress"
[es]
title = "Llamada de seguridad"
summary = "Resumen."
body = "Cuerpo."
[en]
title = "Security call"
slug = "security-call"
summary = "Summary."
"#;

    #[test]
    fn parses_shared_facts_and_languages() {
        let e = Event::parse(
            Path::new("events/2025-12-15-call.toml"),
            EVENT,
            &vocabulary(),
        )
        .unwrap();
        assert_eq!(e.id, "2025-12-15-call");
        assert_eq!(e.date.iso(), "2025-12-15");
        assert_eq!(e.texts["es"].slug, "llamada-de-seguridad");
        assert_eq!(e.texts["en"].slug, "security-call");
        assert_eq!(e.texts["en"].slug_at, Some((19, 8)));
        assert_eq!(e.quotes[0].translation["en"], "We are making progress");
        assert_eq!(e.modified(), e.date);
    }

    #[test]
    fn collects_every_problem_with_positions() {
        let bad = EVENT
            .replace("kind = \"call\"", "kind = \"cal\"")
            .replace("[\"MX-CHP\"]", "[\"MX-CHI\"]")
            .replace("title = \"Security call\"", "title = \"\"");
        let problems = Event::parse(Path::new("e.toml"), &bad, &vocabulary()).unwrap_err();
        let messages: Vec<String> = problems.iter().map(|p| p.to_string()).collect();
        assert_eq!(problems.len(), 3, "{messages:#?}");
        assert!(messages[0].starts_with("e.toml:2:8: error: unknown event kind `cal`"));
        assert!(messages[1].starts_with("e.toml:4:11: error: unknown state code `MX-CHI`"));
        assert!(messages[1].contains("did you mean MX-CHH (Chihuahua)?"));
        assert!(messages[2].contains("[en] `title` is empty"));
    }

    #[test]
    fn missing_language_section_and_unknown_field() {
        let bad = EVENT
            .split("[en]")
            .next()
            .unwrap()
            .replace("people =", "peeple =");
        let problems = Event::parse(Path::new("e.toml"), &bad, &vocabulary()).unwrap_err();
        let text: Vec<String> = problems.iter().map(|p| p.to_string()).collect();
        assert!(
            text.iter()
                .any(|t| t.contains("unknown field `peeple`") && t.starts_with("e.toml:3:1")),
            "{text:#?}"
        );
        assert!(
            text.iter()
                .any(|t| t.contains("the `[en]` section is missing")),
            "{text:#?}"
        );
    }

    #[test]
    fn malformed_toml_has_position() {
        let problems = Event::parse(
            Path::new("e.toml"),
            "date = 2025-12-15\nkind = \"call\n",
            &vocabulary(),
        )
        .unwrap_err();
        assert_eq!(problems.len(), 1);
        assert_eq!(problems[0].line, Some(2));
    }

    #[test]
    fn participants_carry_their_roles_in_every_language() {
        let with_roles = EVENT.replace(
            "people = [\"Omar García Harfuch\"]",
            "people = [{ name = \"Omar García Harfuch\", role.es = \"secretario\", role.en = \"Secretary\" }, \"Otra Persona\"]",
        );
        let e = Event::parse(Path::new("e.toml"), &with_roles, &vocabulary()).unwrap();
        assert_eq!(e.people, ["Omar García Harfuch", "Otra Persona"]);
        assert_eq!(e.roles[0]["en"], "Secretary");
        assert!(e.roles[1].is_empty());
        let one = with_roles.replace(", role.en = \"Secretary\"", "");
        let problems = Event::parse(Path::new("e.toml"), &one, &vocabulary()).unwrap_err();
        assert!(
            problems[0]
                .message
                .contains("the role of Omar García Harfuch has no `en` text"),
            "{problems:?}"
        );
        assert_eq!(problems[0].line, Some(3));
        let typo = with_roles.replace("role.es", "rol.es");
        let problems = Event::parse(Path::new("e.toml"), &typo, &vocabulary()).unwrap_err();
        assert!(
            problems[0].message.contains("unknown field `rol`"),
            "{problems:?}"
        );
    }

    #[test]
    fn bad_slug_is_refused() {
        let bad = EVENT.replace("slug = \"security-call\"", "slug = \"../etc\"");
        let problems = Event::parse(Path::new("e.toml"), &bad, &vocabulary()).unwrap_err();
        assert!(
            problems[0].message.contains("path separator"),
            "{problems:?}"
        );
    }

    #[test]
    fn a_title_without_letters_needs_a_slug() {
        let bad = EVENT.replace("title = \"Llamada de seguridad\"", "title = \"¿?\"");
        let problems = Event::parse(Path::new("e.toml"), &bad, &vocabulary()).unwrap_err();
        assert_eq!(problems.len(), 1, "{problems:?}");
        assert!(problems[0]
            .message
            .starts_with("[es] the title has no letter or digit"));
        assert_eq!((problems[0].line, problems[0].column), (Some(14), Some(9)));
        assert!(problems[0]
            .hint
            .as_deref()
            .unwrap()
            .contains("write a `slug`"));
        let fixed = bad.replace("title = \"¿?\"", "title = \"¿?\"\nslug = \"pregunta\"");
        assert!(Event::parse(Path::new("e.toml"), &fixed, &vocabulary()).is_ok());
    }

    #[test]
    fn a_slug_cannot_take_a_year_a_kind_or_the_page_segment() {
        let mut vocabulary = vocabulary();
        vocabulary.reserved.insert(
            "en".into(),
            slug::Reserved {
                sections: vec![("page".into(), "page".into())],
                kinds: [("call".to_string(), "call".to_string())].into(),
            },
        );
        for (title, slug, why) in [
            ("2025", None, "is a number"),
            ("Call", None, "filter for the kind `call`"),
            ("x", Some("page"), "page number"),
            ("x", Some("2024"), "is a number"),
        ] {
            let mut bad =
                EVENT.replace("title = \"Security call\"", &format!("title = \"{title}\""));
            bad = match slug {
                Some(s) => bad.replace("slug = \"security-call\"", &format!("slug = \"{s}\"")),
                None => bad.replace("slug = \"security-call\"\n", ""),
            };
            let problems = Event::parse(Path::new("e.toml"), &bad, &vocabulary).unwrap_err();
            assert!(
                problems[0].message.contains(why),
                "{title} {slug:?}: {problems:?}"
            );
            assert_eq!(problems[0].line, Some(if slug.is_some() { 19 } else { 18 }));
        }
    }
}
