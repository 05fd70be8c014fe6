//! `site.toml`: the base URL, the languages with their titles and section names, and the output folder.

use std::path::{Path, PathBuf};

use serde::Deserialize;

use crate::diagnostic::Diagnostic;
use crate::toml_error;

mod values;

pub use values::is_segment;
use values::{
    base_path, check_base_url, field_offset, is_language_code, is_locale, normalize_base_url,
    output_dir_problem, text_problem,
};

/// The parsed `site.toml`.
#[derive(Debug, Clone)]
pub struct Config {
    /// Absolute URL the site is published at, always ending in `/`.
    pub base_url: String,
    /// The path part of `base_url` (`/` or `/sub/path/`), prefixed to every internal link.
    pub base_path: String,
    /// Output folder, relative to the project root unless absolute.
    pub output_dir: PathBuf,
    /// Languages in the order they are listed; the first is the default (x-default).
    pub languages: Vec<Language>,
    /// How many entries each Atom feed holds (the newest).
    pub feed_entries: usize,
    /// How many events a timeline page lists before the next page starts.
    pub timeline_page_size: usize,
    /// Publish items missing a language, with a "not yet available" page in that language.
    pub allow_partial_translations: bool,
    /// `puente check` warns when the newest advisory snapshot is older than this many days.
    pub advisory_review_days: u32,
    /// Let raw HTML in Markdown through (off: it is shown as text).
    pub allow_raw_html: bool,
}

/// One language of the site.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Language {
    /// BCP 47 code, such as `es` or `en`.
    pub code: String,
    /// Site title in this language.
    pub title: String,
    /// One-sentence description of the site in this language.
    pub description: String,
    /// `og:locale`-style locale, such as `es_MX` or `en_CA`.
    pub locale: String,
    /// URL segments of the sections in this language.
    pub sections: Sections,
}

/// URL segments of the site's sections in one language (`cronologia`, `timeline`, ...).
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Sections {
    /// The timeline and its events.
    pub timeline: String,
    /// The advisory map and its state pages.
    pub map: String,
    /// Advisory snapshots.
    pub advisories: String,
    /// The segment before a listing's page number (`/es/cronologia/pagina/2/`); `page` if not set.
    #[serde(default = "default_page_segment")]
    pub page: String,
    /// The open-data page and its downloads (`/es/datos/events.csv`); `data` if not set.
    #[serde(default = "default_data_segment")]
    pub data: String,
}

fn default_data_segment() -> String {
    "data".into()
}

fn default_page_segment() -> String {
    "page".into()
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawConfig {
    base_url: toml::Spanned<String>,
    #[serde(default = "default_output_dir")]
    output_dir: toml::Spanned<PathBuf>,
    #[serde(default = "default_feed_entries")]
    feed_entries: usize,
    #[serde(default = "default_timeline_page_size")]
    timeline_page_size: usize,
    #[serde(default)]
    allow_partial_translations: bool,
    #[serde(default = "default_review_days")]
    advisory_review_days: u32,
    #[serde(default)]
    allow_raw_html: bool,
    languages: toml::Spanned<Vec<toml::Spanned<Language>>>,
}

fn default_review_days() -> u32 {
    180
}

fn default_timeline_page_size() -> usize {
    50
}

fn default_feed_entries() -> usize {
    50
}

fn default_output_dir() -> toml::Spanned<PathBuf> {
    toml::Spanned::new(0..0, PathBuf::from("public"))
}

impl Config {
    /// Reads and validates `site.toml` at `path`.
    pub fn from_file(path: &Path) -> Result<Config, Vec<Diagnostic>> {
        let text = crate::fs::read_to_string(path).map_err(|d| vec![d])?;
        Config::parse(path, &text)
    }

    /// Parses and validates the text of `site.toml`.
    pub fn parse(path: &Path, text: &str) -> Result<Config, Vec<Diagnostic>> {
        let raw: RawConfig = toml::from_str(text).map_err(|e| {
            vec![toml_error::diagnostic(path, text, 0, &e)
                .hint("see the site.toml example in README.md")]
        })?;
        let mut problems = Vec::new();
        let base_url_at = raw.base_url.span().start;
        let raw_base_url = raw.base_url.into_inner();
        let base_url = normalize_base_url(&raw_base_url);
        let base_path = match check_base_url(&raw_base_url) {
            Ok(()) => base_path(&base_url),
            Err(why) => {
                problems.push(
                    Diagnostic::new(
                        path,
                        format!(
                            "base_url `{}` is not usable: {why}",
                            raw_base_url.escape_debug()
                        ),
                    )
                    .at_offset(text, base_url_at)
                    .hint("write the address the site is published at, such as `https://example.org/` or `https://example.org/sub/path/`: http or https, a host name, an optional port and path, nothing else"),
                );
                None
            }
        };
        let output_dir_at = raw.output_dir.span().start;
        let output_dir = raw.output_dir.into_inner();
        if let Some(why) = output_dir_problem(&output_dir) {
            let diagnostic = Diagnostic::new(
                path,
                format!(
                    "output_dir `{}` {why}",
                    output_dir.to_string_lossy().escape_debug()
                ),
            );
            problems.push(
                if output_dir_at > 0 {
                    diagnostic.at_offset(text, output_dir_at)
                } else {
                    diagnostic
                }
                .hint("name a folder of its own, such as `public`"),
            );
        }
        let mut languages: Vec<Language> = Vec::new();
        let languages_at = raw.languages.span().start;
        for entry in raw.languages.into_inner() {
            let entry_span = entry.span();
            let at = entry_span.start;
            let language = entry.into_inner();
            let code = language.code.clone();
            if !is_language_code(&code) {
                problems.push(
                    Diagnostic::new(path, format!("`{code}` is not a language code"))
                        .at_offset(text, at)
                        .hint("use a two-letter code such as `es` or `en`"),
                );
            }
            if languages.iter().any(|l| l.code == code) {
                problems.push(
                    Diagnostic::new(path, format!("language `{code}` is listed twice"))
                        .at_offset(text, at)
                        .hint("list each language once"),
                );
            }
            let span = entry_span.clone();
            let texts = [
                ("title", &language.title, false),
                ("description", &language.description, true),
            ];
            for (field, value, lines) in texts {
                if let Some(why) = text_problem(value, lines) {
                    problems.push(
                        Diagnostic::new(
                            path,
                            format!("the {field} of `{code}` {why}"),
                        )
                        .at_offset(text, field_offset(text, span.clone(), field))
                        .hint("write it as one line of plain text (the templates escape it; markup and control characters are not allowed)"),
                    );
                }
            }
            if !is_locale(&language.locale) {
                problems.push(
                    Diagnostic::new(
                        path,
                        format!(
                            "locale `{}` of `{code}` is not a locale",
                            language.locale.escape_debug()
                        ),
                    )
                    .at_offset(text, field_offset(text, span.clone(), "locale"))
                    .hint("write a language and a region, such as `es_MX` or `en_CA`"),
                );
            }
            let sections = language.sections.all();
            for (i, (name, segment)) in sections.iter().enumerate() {
                if !is_segment(segment) {
                    problems.push(
                        Diagnostic::new(path, format!("section `{name}` of `{code}` is `{segment}`, which is not a URL segment"))
                            .at_offset(text, at)
                            .hint("use lowercase ASCII letters, digits and hyphens, such as `cronologia`"),
                    );
                } else if let Some((first, _)) = sections[..i].iter().find(|(_, s)| s == segment) {
                    // Two sections at one URL would write their pages over each other's.
                    problems.push(
                        Diagnostic::new(
                            path,
                            format!(
                                "sections `{first}` and `{name}` of `{code}` are both `{segment}`"
                            ),
                        )
                        .at_offset(text, at)
                        .hint("give each section its own URL segment"),
                    );
                } else if *name == "page" && segment.bytes().all(|b| b.is_ascii_digit()) {
                    problems.push(
                        Diagnostic::new(path, format!("section `page` of `{code}` is `{segment}`, a number: numbers in the timeline name the year filters"))
                            .at_offset(text, at)
                            .hint("use a word, such as `pagina` or `page`"),
                    );
                }
            }
            languages.push(language);
        }
        if languages.is_empty() {
            problems.push(
                Diagnostic::new(path, "no languages are defined")
                    .at_offset(text, languages_at)
                    .hint("add `[[languages]]` tables, the default language first"),
            );
        }
        if problems.is_empty() {
            Ok(Config {
                base_url,
                base_path: base_path.unwrap_or_else(|| "/".into()),
                output_dir,
                feed_entries: raw.feed_entries,
                timeline_page_size: raw.timeline_page_size,
                allow_partial_translations: raw.allow_partial_translations,
                advisory_review_days: raw.advisory_review_days,
                allow_raw_html: raw.allow_raw_html,
                languages,
            })
        } else {
            Err(problems)
        }
    }

    /// Publishes at `base_url` instead (the preview server uses its own address).
    pub fn set_base_url(&mut self, base_url: &str) {
        let url = normalize_base_url(base_url);
        if let Some(path) = base_path(&url) {
            self.base_url = url;
            self.base_path = path;
        }
    }

    /// The default language (the first listed).
    pub fn default_language(&self) -> &Language {
        &self.languages[0]
    }

    /// The language with `code`, if the site has it.
    pub fn language(&self, code: &str) -> Option<&Language> {
        self.languages.iter().find(|l| l.code == code)
    }

    /// The absolute URL of a site path such as `/es/mapa/`.
    pub fn absolute_url(&self, path: &str) -> String {
        let origin_end = self.base_url.len() - self.base_path.len();
        format!("{}{}", &self.base_url[..origin_end], path)
    }

    /// A site path (`/es/`) prefixed with the base path (`/sub/es/`).
    pub fn link(&self, path: &str) -> String {
        format!("{}{}", self.base_path.trim_end_matches('/'), path)
    }
}

impl Sections {
    /// Every section with its name, for validation and collision checks.
    pub fn all(&self) -> [(&'static str, &str); 5] {
        [
            ("timeline", &self.timeline),
            ("map", &self.map),
            ("advisories", &self.advisories),
            ("page", &self.page),
            ("data", &self.data),
        ]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const SITE: &str = r#"
base_url = "https://example.org/briefing"

[[languages]]
code = "es"
title = "Puente"
description = "Informe"
locale = "es_MX"
sections = { timeline = "cronologia", map = "mapa", advisories = "avisos" }

[[languages]]
code = "en"
title = "Puente"
description = "Briefing"
locale = "en_CA"
sections = { timeline = "timeline", map = "map", advisories = "advisories" }
"#;

    #[test]
    fn parses_languages_in_order_and_base_path() {
        let c = Config::parse(Path::new("site.toml"), SITE).unwrap();
        assert_eq!(c.base_url, "https://example.org/briefing/");
        assert_eq!(c.base_path, "/briefing/");
        assert_eq!(c.default_language().code, "es");
        assert_eq!(c.languages[1].sections.timeline, "timeline");
        assert_eq!(c.link("/es/"), "/briefing/es/");
        assert_eq!(
            c.absolute_url("/briefing/es/"),
            "https://example.org/briefing/es/"
        );
        assert_eq!(c.output_dir, PathBuf::from("public"));
    }

    #[test]
    fn rejects_bad_base_url_and_segment() {
        let bad = SITE
            .replace("https://example.org/briefing", "example.org")
            .replace("\"mapa\"", "\"ma pa\"");
        let errors = Config::parse(Path::new("site.toml"), &bad).unwrap_err();
        assert_eq!(errors.len(), 2, "{errors:?}");
        assert!(errors[0].message.contains("does not start with `https://`"));
        assert!(errors[1].message.contains("`ma pa`"));
        assert_eq!(errors[1].line, Some(4));
    }

    #[test]
    fn base_url_is_an_allow_list() {
        for good in [
            "https://example.org/",
            "https://example.org",
            "http://localhost:8080/sub/path/",
            "https://xn--mxico-bsa.example/a-b_c.d~e/",
            "http://[::1]:1111/",
            "https://Example.ORG./x",
        ] {
            assert_eq!(check_base_url(good), Ok(()), "{good}");
        }
        for bad in [
            "https://example.org/\"><svg onload=alert(1)>",
            "https://example.org/\"><svg/onload=alert(1)>",
            "https://example.org/\nDisallow: /",
            " https://example.org/",
            "https://example.org/?q=1",
            "https://example.org/#top",
            "https://user:pw@example.org/",
            "https://example.org/a%20b/",
            "https://example.org/a'b/",
            "https://example.org/a<b/",
            "https://example.org/../",
            "https://example.org//x/",
            "https://exa mple.org/",
            "https://exa_mple.org/",
            "https://-example.org/",
            "https://example.org:0/",
            "https://example.org:99999/",
            "https://example.org:/",
            "https://[::g]/",
            "https:///x/",
            "ftp://example.org/",
            "javascript:alert(1)",
            "HTTPS://example.org/",
            "https://example.org/\u{7f}",
            "https://example.org/é/",
        ] {
            assert!(check_base_url(bad).is_err(), "{bad}");
            let site = SITE.replace(
                "\"https://example.org/briefing\"",
                &toml::Value::String(bad.into()).to_string(),
            );
            let errors = Config::parse(Path::new("site.toml"), &site).unwrap_err();
            assert_eq!(
                (errors[0].line, errors[0].column),
                (Some(2), Some(12)),
                "{bad}"
            );
        }
    }

    #[test]
    fn titles_descriptions_and_locales_are_checked() {
        let site = SITE
            .replace("title = \"Puente\"", "title = \"A\\nB\"")
            .replace("description = \"Briefing\"", "description = \"  \"")
            .replace("\"en_CA\"", "\"en-CA\"")
            .replace("description = \"Informe\"", "description = \"a\\u202Eb\"");
        let errors = Config::parse(Path::new("site.toml"), &site).unwrap_err();
        let messages: Vec<_> = errors.iter().map(|e| e.message.as_str()).collect();
        assert_eq!(errors.len(), 5, "{messages:?}");
        assert!(messages.contains(&"the title of `es` contains the character U+000A"));
        assert!(messages.contains(&"the description of `es` contains the character U+202E"));
        assert!(messages.contains(&"the description of `en` is empty"));
        assert!(messages.contains(&"locale `en-CA` of `en` is not a locale"));
        let multi_line = SITE.replace(
            "description = \"Informe\"",
            "description = \"\"\"Un\ninforme\"\"\"",
        );
        assert!(Config::parse(Path::new("site.toml"), &multi_line).is_ok());
        assert!(is_locale("es") && is_locale("es_MX") && is_locale("es_419"));
        assert!(!is_locale("es_mx") && !is_locale("") && !is_locale("es_MX\""));
    }

    #[test]
    fn two_sections_cannot_share_a_segment_and_pages_are_not_numbered_by_a_number() {
        let bad = SITE.replace("map = \"map\"", "map = \"timeline\"").replace(
            "advisories = \"avisos\"",
            "advisories = \"avisos\", page = \"2025\"",
        );
        let errors = Config::parse(Path::new("site.toml"), &bad).unwrap_err();
        assert_eq!(errors.len(), 2, "{errors:?}");
        assert!(errors[0]
            .message
            .contains("section `page` of `es` is `2025`, a number"));
        assert_eq!(errors[0].line, Some(4));
        assert!(errors[1]
            .message
            .contains("sections `timeline` and `map` of `en` are both `timeline`"));
        assert_eq!(errors[1].line, Some(11));
    }

    #[test]
    fn toml_syntax_error_has_position() {
        let errors = Config::parse(Path::new("site.toml"), "base_url = \n").unwrap_err();
        assert_eq!(errors[0].line, Some(1));
    }
}
