//! Advisory snapshots: `content/advisories/<date>.toml`, the level of each listed state on one date.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};
use toml::Spanned;

use super::fields::{dates, file_id, required, unknown_state};
use super::source::RawSource;
use super::{parse_localized, Date, Source, Vocabulary};
use crate::diagnostic::Diagnostic;

/// Canada's four advisory levels, from least to most severe.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Deserialize, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Level {
    /// Take normal security precautions.
    Normal,
    /// Exercise a high degree of caution.
    Caution,
    /// Avoid non-essential travel.
    AvoidNonEssential,
    /// Avoid all travel.
    AvoidAll,
}

impl Level {
    /// Every level, least severe first.
    pub const ALL: [Level; 4] = [
        Level::Normal,
        Level::Caution,
        Level::AvoidNonEssential,
        Level::AvoidAll,
    ];

    /// The key used in content, Fluent message ids (`level-<key>`) and CSS classes.
    pub fn key(self) -> &'static str {
        match self {
            Level::Normal => "normal",
            Level::Caution => "caution",
            Level::AvoidNonEssential => "avoid-non-essential",
            Level::AvoidAll => "avoid-all",
        }
    }
}

/// One advisory snapshot.
#[derive(Debug, Clone)]
pub struct Advisory {
    /// The file it came from.
    pub path: PathBuf,
    /// The date the advisory was issued or updated.
    pub date: Date,
    /// When its text here was last changed, if later.
    pub updated: Option<Date>,
    /// Cited sources.
    pub sources: Vec<Source>,
    /// The issuer's own page for this advice (where readers check the current level): a link,
    /// not a source of facts.
    pub official_url: Option<String>,
    /// The language of that page (BCP 47), marked on pages in other languages.
    pub official_language: Option<String>,
    /// Issuer and summary per language.
    pub texts: BTreeMap<String, AdvisoryText>,
    /// Listed states by ISO 3166-2 code.
    pub states: BTreeMap<String, AdvisoryState>,
    /// Languages the file has no words for, filled with another language's (partial translations).
    pub untranslated: Vec<String>,
    /// Not ready: loaded only when drafts are (`puente serve`).
    pub draft: bool,
    /// A hash of the file's text: equal versions, equal snapshot.
    pub version: u64,
}

/// An advisory's words in one language.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AdvisoryText {
    /// Who issued it (`Gobierno de Canadá`).
    pub issuer: String,
    /// Markdown summary of what it says.
    pub summary: String,
    /// What goes with every level it names (plain text), such as the restrictions and allowances
    /// for tourist areas reached by air; shown with the level wherever a level is shown.
    pub note: Option<String>,
    /// Fingerprint of the default language's text when this translation was last reviewed.
    pub source_fingerprint: Option<String>,
}

/// One listed state: its level and its notes per language.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AdvisoryState {
    /// The level the advisory gives.
    pub level: Level,
    /// Notes (exceptions) per language code.
    pub notes: BTreeMap<String, String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawAdvisory {
    #[serde(default)]
    draft: bool,
    date: Spanned<toml::value::Datetime>,
    updated: Option<Spanned<toml::value::Datetime>>,
    #[serde(default)]
    sources: Vec<Spanned<RawSource>>,
    official_url: Option<Spanned<String>>,
    official_language: Option<String>,
    #[serde(default)]
    states: Vec<Spanned<RawState>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawState {
    code: Spanned<String>,
    level: Level,
    #[serde(default)]
    note: BTreeMap<String, String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawText {
    issuer: Spanned<String>,
    summary: Spanned<String>,
    note: Option<Spanned<String>>,
    source_fingerprint: Option<String>,
}

impl Advisory {
    /// Reads and parses an advisory file.
    pub fn from_file(path: &Path, vocabulary: &Vocabulary) -> Result<Advisory, Vec<Diagnostic>> {
        let text = crate::fs::read_to_string(path).map_err(|d| vec![d])?;
        Advisory::parse(path, &text, vocabulary)
    }

    /// Parses and validates the text of an advisory file.
    pub fn parse(
        path: &Path,
        text: &str,
        vocabulary: &Vocabulary,
    ) -> Result<Advisory, Vec<Diagnostic>> {
        let _lines = crate::diagnostic::line_scope(text);
        let doc = parse_localized::<RawAdvisory, RawText>(
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
        let sources = super::source::sources(path, text, raw.sources, vocabulary, &mut problems);
        if let Some(date) = date {
            let named = file_id(path);
            if named != date.iso() {
                problems.push(
                    Diagnostic::new(
                        path,
                        format!("the file is named `{named}` but its date is {date}"),
                    )
                    .at_offset(text, raw.date.span().start)
                    .hint(format!(
                        "rename the file to `{date}.toml`, or correct the date"
                    )),
                );
            }
        }
        if let Some(url) = &raw.official_url {
            if !url.get_ref().starts_with("https://") {
                let shown: String = url.get_ref().chars().take(60).collect();
                problems.push(
                    Diagnostic::new(
                        path,
                        format!("`official_url` `{shown}` is not an https:// address"),
                    )
                    .at_offset(text, url.span().start)
                    .hint("link to the issuer's own page for this advice by its https:// address, such as https://travel.gc.ca/destinations/mexico"),
                );
            }
        }
        if let Some(language) = &raw.official_language {
            problems.extend(super::source::language_problem(
                path,
                "official_language",
                language,
            ));
        }
        if raw.official_language.is_some() && raw.official_url.is_none() {
            problems.push(
                Diagnostic::new(path, "`official_language` is given without `official_url`").hint(
                    "add the `official_url` whose language it is, or remove `official_language`",
                ),
            );
        }
        let states = states(path, text, raw.states, vocabulary, &mut problems);
        let with_note: Vec<&String> = doc
            .texts
            .iter()
            .filter(|(_, t)| t.note.is_some())
            .map(|(l, _)| l)
            .collect();
        if !with_note.is_empty() {
            for language in doc.texts.keys().filter(|l| !with_note.contains(l)) {
                problems.push(
                    Diagnostic::new(
                        path,
                        format!("the advisory's `note` has no `[{language}]` text"),
                    )
                    .hint(format!(
                        "add `note = \"...\"` to the `[{language}]` table so both languages say the same"
                    )),
                );
            }
        }
        let mut texts = BTreeMap::new();
        for (language, t) in doc.texts {
            let note = t
                .note
                .and_then(|note| required(path, text, &language, "note", note, &mut problems));
            let issuer = required(path, text, &language, "issuer", t.issuer, &mut problems);
            let summary_at = super::MarkdownAt::TomlString(t.summary.span());
            let summary = required(path, text, &language, "summary", t.summary, &mut problems);
            if let (Some(issuer), Some(summary)) = (issuer, summary) {
                problems.extend(super::markdown_problems(path, text, &summary, summary_at));
                let source_fingerprint = t.source_fingerprint;
                texts.insert(
                    language,
                    AdvisoryText {
                        issuer,
                        summary,
                        note,
                        source_fingerprint,
                    },
                );
            }
        }
        match date {
            Some(date) if problems.is_empty() => Ok(Advisory {
                untranslated: super::fill_missing(&mut texts, &vocabulary.languages),
                draft: raw.draft,
                version: xxhash_rust::xxh3::xxh3_64(text.as_bytes()),
                path: path.to_path_buf(),
                date,
                updated,
                sources,
                official_url: raw.official_url.map(Spanned::into_inner),
                official_language: raw.official_language,
                texts,
                states,
            }),
            _ => Err(problems),
        }
    }

    /// The date its page shows as modified: `updated`, else `date`.
    pub fn modified(&self) -> Date {
        self.updated.unwrap_or(self.date).max(self.date)
    }

    /// The fingerprint of `language`'s text (issuer, summary, notes), as translations record it.
    pub fn fingerprint(&self, language: &str) -> String {
        let text = &self.texts[language];
        let mut parts = vec![text.issuer.as_str(), text.summary.as_str()];
        parts.extend(text.note.as_deref());
        parts.extend(
            self.states
                .values()
                .filter_map(|s| s.notes.get(language))
                .map(String::as_str),
        );
        super::fingerprint(&parts)
    }

    /// How many listed states have `level`.
    pub fn count(&self, level: Level) -> usize {
        self.states.values().filter(|s| s.level == level).count()
    }
}

fn states(
    path: &Path,
    text: &str,
    raw: Vec<Spanned<RawState>>,
    vocabulary: &Vocabulary,
    problems: &mut Vec<Diagnostic>,
) -> BTreeMap<String, AdvisoryState> {
    let mut states = BTreeMap::new();
    for entry in raw {
        let at = entry.span().start;
        let RawState { code, level, note } = entry.into_inner();
        if !vocabulary.knows_state(code.get_ref()) {
            problems.push(unknown_state(path, text, &code, vocabulary));
            continue;
        }
        for language in note.keys() {
            if !vocabulary.languages.contains(language) {
                problems.push(
                    Diagnostic::new(
                        path,
                        format!(
                            "note in unknown language `{language}` for {}",
                            code.get_ref()
                        ),
                    )
                    .at_offset(text, at)
                    .hint(format!(
                        "write notes as `note.<language>` with one of: {}",
                        vocabulary.languages.join(", ")
                    )),
                );
            }
        }
        let mut note = note;
        if vocabulary.allow_partial {
            super::fill_missing(&mut note, &vocabulary.languages);
        }
        if !note.is_empty() {
            for language in &vocabulary.languages {
                if !note.contains_key(language) {
                    problems.push(
                        Diagnostic::new(
                            path,
                            format!("the note for {} has no `{language}` text", code.get_ref()),
                        )
                        .at_offset(text, at)
                        .hint(format!(
                            "add `note.{language} = \"...\"` so both languages say the same"
                        )),
                    );
                }
            }
        }
        let state = AdvisoryState { level, notes: note };
        if states.insert(code.get_ref().clone(), state).is_some() {
            problems.push(
                Diagnostic::new(path, format!("state {} is listed twice", code.get_ref()))
                    .at_offset(text, code.span().start)
                    .hint("list each state once per advisory snapshot"),
            );
        }
    }
    states
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::content::event::tests::vocabulary;

    const ADVISORY: &str = r#"date = 2025-11-18
[[sources]]
title = "Artículo"
[es]
issuer = "Gobierno de Canadá"
summary = "Resumen."
[en]
issuer = "Government of Canada"
summary = "Summary."
[[states]]
code = "MX-CHP"
level = "avoid-non-essential"
note.es = "Excepto Palenque."
note.en = "Except Palenque."
[[states]]
code = "MX-CHH"
level = "avoid-non-essential"
"#;

    #[test]
    fn parses_levels_and_notes() {
        let a = Advisory::parse(
            Path::new("advisories/2025-11-18.toml"),
            ADVISORY,
            &vocabulary(),
        )
        .unwrap();
        assert_eq!(a.count(Level::AvoidNonEssential), 2);
        assert_eq!(a.states["MX-CHP"].notes["en"], "Except Palenque.");
        assert_eq!(a.texts["es"].issuer, "Gobierno de Canadá");
        assert!(Level::AvoidAll > Level::Caution);
    }

    #[test]
    fn unknown_level_and_duplicate_state() {
        let bad = ADVISORY.replace("code = \"MX-CHH\"", "code = \"MX-CHP\"");
        let problems =
            Advisory::parse(Path::new("advisories/2025-11-18.toml"), &bad, &vocabulary())
                .unwrap_err();
        assert!(
            problems[0].message.contains("MX-CHP is listed twice"),
            "{problems:?}"
        );
        assert_eq!(problems[0].line, Some(16));
        let bad = ADVISORY.replace(
            "level = \"avoid-non-essential\"\nnote",
            "level = \"avoid\"\nnote",
        );
        let problems =
            Advisory::parse(Path::new("advisories/2025-11-18.toml"), &bad, &vocabulary())
                .unwrap_err();
        assert!(
            problems[0].message.contains("unknown variant `avoid`"),
            "{problems:?}"
        );
        assert_eq!(problems[0].line, Some(12));
    }

    #[test]
    fn the_advisory_wide_note_is_in_every_language_or_none() {
        let with_note = ADVISORY
            .replace(
                "summary = \"Resumen.\"",
                "summary = \"Resumen.\"\nnote = \"Con permisos.\"",
            )
            .replace(
                "summary = \"Summary.\"",
                "summary = \"Summary.\"\nnote = \"With allowances.\"",
            );
        let a = Advisory::parse(
            Path::new("advisories/2025-11-18.toml"),
            &with_note,
            &vocabulary(),
        )
        .unwrap();
        assert_eq!(a.texts["es"].note.as_deref(), Some("Con permisos."));
        assert_eq!(a.texts["en"].note.as_deref(), Some("With allowances."));
        let plain = Advisory::parse(
            Path::new("advisories/2025-11-18.toml"),
            ADVISORY,
            &vocabulary(),
        )
        .unwrap();
        assert_ne!(
            a.fingerprint("es"),
            plain.fingerprint("es"),
            "the note is part of the text"
        );
        assert_eq!(plain.texts["en"].note, None);
        let one = ADVISORY.replace(
            "summary = \"Resumen.\"",
            "summary = \"Resumen.\"\nnote = \"Con permisos.\"",
        );
        let problems =
            Advisory::parse(Path::new("advisories/2025-11-18.toml"), &one, &vocabulary())
                .unwrap_err();
        assert!(
            problems[0]
                .message
                .contains("the advisory's `note` has no `[en]` text"),
            "{problems:?}"
        );
        let blank = with_note.replace("With allowances.", " ");
        let problems = Advisory::parse(
            Path::new("advisories/2025-11-18.toml"),
            &blank,
            &vocabulary(),
        )
        .unwrap_err();
        assert!(
            problems[0].message.contains("[en] `note` is empty"),
            "{problems:?}"
        );
    }

    #[test]
    fn the_official_link_must_be_https() {
        let with = ADVISORY.replace(
            "date = 2025-11-18\n",
            "date = 2025-11-18\nofficial_url = \"https://travel.gc.ca/destinations/mexico\"\nofficial_language = \"en\"\n",
        );
        let a = Advisory::parse(
            Path::new("advisories/2025-11-18.toml"),
            &with,
            &vocabulary(),
        )
        .unwrap();
        assert_eq!(
            a.official_url.as_deref(),
            Some("https://travel.gc.ca/destinations/mexico")
        );
        assert_eq!(a.official_language.as_deref(), Some("en"));
        let bad = with.replace("https://travel", "javascript:travel");
        let problems =
            Advisory::parse(Path::new("advisories/2025-11-18.toml"), &bad, &vocabulary())
                .unwrap_err();
        assert!(
            problems[0].message.contains("is not an https:// address"),
            "{problems:?}"
        );
        assert_eq!(problems[0].line, Some(2));
    }

    #[test]
    fn file_name_must_match_date() {
        let problems = Advisory::parse(
            Path::new("advisories/2025-11-19.toml"),
            ADVISORY,
            &vocabulary(),
        )
        .unwrap_err();
        assert!(problems[0].message.contains("named `2025-11-19`"));
    }
}
