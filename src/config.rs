//! `site.toml`: the base URL, the languages with their titles and section names, and the output folder.

use std::path::{Path, PathBuf};

use serde::Deserialize;

use crate::diagnostic::Diagnostic;
use crate::toml_error;

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
    pub fn all(&self) -> [(&'static str, &str); 4] {
        [
            ("timeline", &self.timeline),
            ("map", &self.map),
            ("advisories", &self.advisories),
            ("page", &self.page),
        ]
    }
}

fn normalize_base_url(url: &str) -> String {
    let url = url.trim();
    if url.ends_with('/') {
        url.to_string()
    } else {
        format!("{url}/")
    }
}

/// The path of an absolute http(s) URL (`https://a.org/x/` gives `/x/`), or `None` if it is not one.
fn base_path(url: &str) -> Option<String> {
    let rest = url
        .strip_prefix("https://")
        .or_else(|| url.strip_prefix("http://"))?;
    let slash = rest.find('/')?;
    let host = &rest[..slash];
    if host.is_empty() || host.contains(['?', '#', ' ']) {
        return None;
    }
    let path = &rest[slash..];
    if path.contains(['?', '#', ' ']) {
        return None;
    }
    Some(path.to_string())
}

/// Why `url` cannot be the base URL, if it cannot. The rules are an allow-list, since the URL
/// goes unescaped into `robots.txt` and into every link, feed and sitemap entry: `http` or
/// `https` (lowercase), a host name (letters, digits, hyphens and dots; an international name in
/// its `xn--` form) or a bracketed IPv6 address, an optional port, and a path of letters, digits
/// and `-._~` segments. No user name or password, query, fragment, escape, space, control
/// character or quote.
fn check_base_url(url: &str) -> Result<(), String> {
    if let Some(c) = url.chars().find(|c| c.is_whitespace() || c.is_control()) {
        return Err(format!("it contains {}", describe(c)));
    }
    let rest = url
        .strip_prefix("https://")
        .or_else(|| url.strip_prefix("http://"))
        .ok_or("it does not start with `https://` or `http://`")?;
    let (authority, path) = match rest.find('/') {
        Some(slash) => rest.split_at(slash),
        None => (rest, "/"),
    };
    if authority.contains('@') {
        return Err("it has a user name or password (`user@`)".into());
    }
    let (host, port) = match authority.rsplit_once(':') {
        Some((host, _)) if !host.ends_with(']') && host.contains(':') => (authority, None),
        Some((host, port)) => (host, Some(port)),
        None => (authority, None),
    };
    if let Some(port) = port {
        if port.is_empty()
            || !port.bytes().all(|b| b.is_ascii_digit())
            || !port.parse::<u16>().is_ok_and(|p| p > 0)
        {
            return Err(format!("`{port}` is not a port number"));
        }
    }
    let host_ok = if let Some(ip) = host.strip_prefix('[').and_then(|h| h.strip_suffix(']')) {
        ip.parse::<std::net::Ipv6Addr>().is_ok()
    } else {
        !host.is_empty()
            && host.len() <= 253
            && host.trim_end_matches('.').split('.').all(|label| {
                !label.is_empty()
                    && label.len() <= 63
                    && !label.starts_with('-')
                    && !label.ends_with('-')
                    && label
                        .bytes()
                        .all(|b| b.is_ascii_alphanumeric() || b == b'-')
            })
    };
    if !host_ok {
        return Err(format!(
            "`{host}` is not a host name (ASCII letters, digits, hyphens and dots; an international name in its `xn--` form)"
        ));
    }
    if let Some(c) = path
        .chars()
        .find(|&c| !(c.is_ascii_alphanumeric() || "-._~/".contains(c)))
    {
        return Err(match c {
            '?' => "it has a query (`?`)".into(),
            '#' => "it has a fragment (`#`)".into(),
            '%' => "its path has an escape (`%`); write the path in plain letters".into(),
            c => format!("its path contains {}", describe(c)),
        });
    }
    let path = if path.ends_with('/') {
        path.to_string()
    } else {
        format!("{path}/")
    };
    let segments: Vec<&str> = path.split('/').collect();
    let inner = &segments[1..segments.len() - 1];
    if inner
        .iter()
        .any(|s| s.is_empty() || *s == "." || *s == "..")
    {
        return Err("its path has an empty, `.` or `..` segment".into());
    }
    Ok(())
}

/// A character named for an error message: itself if visible, else its code point.
fn describe(c: char) -> String {
    if !(c.is_ascii_graphic() || c.is_alphanumeric()) {
        format!("the character U+{:04X}", c as u32)
    } else {
        format!("`{c}`")
    }
}

/// Why a title or description cannot be used, if it cannot: empty, or holding a character that
/// has no place in text (control characters, line and paragraph separators, and the
/// bidirectional overrides that make text display in another order than it is read). With
/// `lines` (a description), line breaks and tabs are allowed.
fn text_problem(value: &str, lines: bool) -> Option<String> {
    if value.trim().is_empty() {
        return Some("is empty".into());
    }
    value
        .chars()
        .find(|&c| {
            (c.is_control() && !(lines && matches!(c, '\n' | '\r' | '\t')))
                || matches!(c, '\u{2028}' | '\u{2029}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' | '\u{FFFE}' | '\u{FFFF}')
        })
        .map(|c| format!("contains {}", describe(c)))
}

/// Why `output_dir` cannot be used, if it cannot (where it may be is checked when writing).
fn output_dir_problem(dir: &Path) -> Option<String> {
    let text = dir.to_string_lossy();
    if text.trim().is_empty() {
        return Some("is empty".into());
    }
    text.chars()
        .find(|c| c.is_control())
        .map(|c| format!("contains {}", describe(c)))
}

/// True for `ll`, `lll`, `ll_RR` or `ll_999` (an `og:locale`).
fn is_locale(locale: &str) -> bool {
    let (language, region) = match locale.split_once('_') {
        Some((l, r)) => (l, Some(r)),
        None => (locale, None),
    };
    is_language_code(language)
        && region.is_none_or(|r| {
            (r.len() == 2 && r.bytes().all(|b| b.is_ascii_uppercase()))
                || (r.len() == 3 && r.bytes().all(|b| b.is_ascii_digit()))
        })
}

/// Where `key` is written inside the TOML table at `span` of `text` (its start if not found).
/// The span of a `[[languages]]` table is its header: the table runs to the next header.
fn field_offset(text: &str, span: std::ops::Range<usize>, key: &str) -> usize {
    let rest = text.get(span.start..).unwrap_or_default();
    let body = rest.find('\n').map_or(rest.len(), |n| n + 1);
    let end = rest[body..]
        .find("\n[")
        .map_or(rest.len(), |n| body + n + 1)
        .max(span.end - span.start);
    let table = rest.get(..end).unwrap_or(rest);
    table
        .match_indices(key)
        .find(|(at, _)| {
            let before = table[..*at].chars().next_back();
            let after = table[at + key.len()..].trim_start_matches([' ', '\t']);
            before.is_none_or(|c| c.is_whitespace() || c == '{' || c == ',')
                && after.starts_with('=')
        })
        .map_or(span.start, |(at, _)| span.start + at)
}

fn is_language_code(code: &str) -> bool {
    (2..=3).contains(&code.len()) && code.bytes().all(|b| b.is_ascii_lowercase())
}

/// True for a non-empty URL segment of lowercase ASCII letters, digits and inner hyphens.
pub fn is_segment(s: &str) -> bool {
    !s.is_empty()
        && !s.starts_with('-')
        && !s.ends_with('-')
        && s.bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
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
