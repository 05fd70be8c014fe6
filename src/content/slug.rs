//! URL slugs: derived from titles (accents folded to ASCII) and checked, derived or written by hand,
//! against what the site itself puts beside them.

use std::collections::BTreeMap;

/// The longest slug, in bytes: one folder name of the output, well below the 255 bytes file
/// systems allow (and short enough to read in a URL).
pub const MAX_LEN: usize = 200;

/// A slug from free text: `Llamada García Harfuch` gives `llamada-garcia-harfuch`.
pub fn slugify(text: &str) -> String {
    let ascii = deunicode::deunicode(text).to_lowercase();
    let mut slug = String::with_capacity(ascii.len());
    for c in ascii.chars() {
        if c.is_ascii_alphanumeric() {
            slug.push(c);
        } else if !slug.is_empty() && !slug.ends_with('-') {
            slug.push('-');
        }
    }
    slug.trim_end_matches('-').to_string()
}

/// Why a hand-written slug cannot be used as one URL segment, if it cannot.
pub fn problem(slug: &str) -> Option<String> {
    if slug.is_empty() {
        Some("the slug is empty".into())
    } else if slug.contains('/') || slug.contains('\\') {
        Some(format!("the slug `{slug}` contains a path separator"))
    } else if slug == "." || slug == ".." {
        Some(format!("the slug `{slug}` is not a page name"))
    } else if !crate::config::is_segment(slug) {
        Some(format!(
            "the slug `{slug}` has characters other than lowercase ASCII letters, digits and single hyphens"
        ))
    } else if slug.len() > MAX_LEN {
        Some(format!(
            "the slug is {} characters long, more than the {MAX_LEN} a URL segment may have",
            slug.len()
        ))
    } else {
        None
    }
}

/// Where a slug names a page: the folder its page is written in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Level {
    /// A language's root, `/es/<slug>/`: Markdown pages.
    Language,
    /// The timeline, `/es/cronologia/<slug>/`: events and the kind filters.
    Timeline,
    /// The map, `/es/mapa/<slug>/`: states.
    Map,
}

/// What the site itself puts at each level of one language's URLs, which no slug may take.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash)]
pub struct Reserved {
    /// The section segments of site.toml (`timeline`, `map`, `advisories`, `page`) with their
    /// values in this language (`cronologia`, `mapa`, `avisos`, `page`).
    pub sections: Vec<(String, String)>,
    /// The slug of every event kind's filter page (from its Fluent label), with the kind.
    pub kinds: BTreeMap<String, String>,
}

impl Reserved {
    /// The segment before a listing's page number (`/es/cronologia/page/2/`), when known.
    fn page(&self) -> Option<&str> {
        self.sections
            .iter()
            .find(|(name, _)| name == "page")
            .map(|(_, segment)| segment.as_str())
    }
}

/// The files a language's root holds besides its sections and pages (`/es/feed.xml`, ...).
pub const LANGUAGE_FILES: &[&str] = &["index.html", "feed.xml", "search.json"];

/// Why `slug` (well-formed) cannot name a page at `level`, if it cannot: the site puts something
/// of its own there, or may (a year's filter appears with the year's first event). The reason
/// reads after the slug: "the slug `2025` is a number: ...".
pub fn reserved(slug: &str, level: Level, reserved: &Reserved) -> Option<String> {
    if is_windows_device(slug) {
        return Some(
            "is a device name on Windows, where a folder cannot be called that (the site could not be copied there)"
                .into(),
        );
    }
    match level {
        Level::Language => {
            if let Some((name, _)) = reserved
                .sections
                .iter()
                .find(|(name, segment)| segment == slug && name != "page")
            {
                return Some(format!(
                    "is the URL of the site's `{name}` section in this language"
                ));
            }
            LANGUAGE_FILES
                .contains(&slug)
                .then(|| "is the name of a file the site writes in this language".to_string())
        }
        Level::Timeline => {
            if reserved.page().unwrap_or("page") == slug {
                Some(format!(
                    "is the segment before a listing's page number (`{slug}/2/`)"
                ))
            } else if !slug.is_empty() && slug.bytes().all(|b| b.is_ascii_digit()) {
                Some("is a number: numbers in the timeline name the year filters (`2025/`)".into())
            } else {
                reserved
                    .kinds
                    .get(slug)
                    .map(|kind| format!("is the URL of the timeline filter for the kind `{kind}`"))
            }
        }
        // The map holds the states' pages only.
        Level::Map => None,
    }
}

/// True for the names Windows keeps for devices (`con`, `nul`, `com1`, ...), whatever follows a dot.
fn is_windows_device(slug: &str) -> bool {
    let stem = slug.split('.').next().unwrap_or(slug);
    matches!(stem, "con" | "prn" | "aux" | "nul")
        || ((stem.starts_with("com") || stem.starts_with("lpt"))
            && stem.len() == 4
            && stem.as_bytes()[3].is_ascii_digit()
            && stem.as_bytes()[3] != b'0')
}

/// Why `slug`, written by hand, cannot name a page at `level`, if it cannot.
pub fn written_problem(slug: &str, level: Level, reserved_names: &Reserved) -> Option<String> {
    problem(slug).or_else(|| {
        reserved(slug, level, reserved_names).map(|why| format!("the slug `{slug}` {why}"))
    })
}

/// Why a slug derived from a title cannot name a page at `level`, if it cannot: it is empty, too
/// long, or taken by the site.
pub fn derived_problem(slug: &str, level: Level, reserved_names: &Reserved) -> Option<String> {
    if slug.is_empty() {
        Some("the title has no letter or digit to make a URL from (its slug would be empty)".into())
    } else if slug.len() > MAX_LEN {
        Some(format!(
            "the slug made from the title is {} characters long, more than the {MAX_LEN} a URL segment may have",
            slug.len()
        ))
    } else {
        reserved(slug, level, reserved_names)
            .map(|why| format!("the slug `{slug}` made from the title {why}"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folds_accents_and_punctuation() {
        assert_eq!(
            slugify("Llamada García Harfuch–Anandasangaree"),
            "llamada-garcia-harfuch-anandasangaree"
        );
        assert_eq!(slugify("  ¿Qué pasó?  "), "que-paso");
        assert_eq!(slugify("Michoacán"), "michoacan");
    }

    #[test]
    fn titles_of_punctuation_alone_give_no_slug() {
        for title in ["¿?", "…", "—", "!!!", "   ", "«»", "\u{200b}"] {
            assert_eq!(slugify(title), "", "{title:?}");
            assert!(
                derived_problem(&slugify(title), Level::Timeline, &Reserved::default())
                    .is_some_and(|p| p.contains("no letter or digit"))
            );
        }
    }

    #[test]
    fn refuses_paths_and_odd_characters() {
        assert!(problem("a/b").is_some());
        assert!(problem("..").is_some());
        assert!(problem("Acerca").is_some());
        assert!(problem("").is_some());
        assert!(problem("feed.xml").is_some());
        assert!(problem(&"a".repeat(MAX_LEN + 1)).is_some());
        assert!(problem(&"a".repeat(MAX_LEN)).is_none());
        assert!(problem("acerca-de").is_none());
    }

    fn spanish() -> Reserved {
        Reserved {
            sections: [
                ("timeline", "cronologia"),
                ("map", "mapa"),
                ("advisories", "avisos"),
                ("page", "pagina"),
                ("data", "datos"),
            ]
            .map(|(n, s)| (n.to_string(), s.to_string()))
            .into(),
            kinds: [("llamada".to_string(), "call".to_string())].into(),
        }
    }

    #[test]
    fn a_page_cannot_take_a_section_or_a_file_of_its_language() {
        let r = spanish();
        for slug in ["cronologia", "mapa", "avisos", "datos"] {
            let why = reserved(slug, Level::Language, &r).unwrap();
            assert!(why.contains("section"), "{why}");
        }
        assert!(reserved("index.html", Level::Language, &r).is_some());
        // The pagination segment, years and kinds belong to the timeline, not to the root.
        for slug in ["pagina", "2025", "llamada", "acerca"] {
            assert_eq!(reserved(slug, Level::Language, &r), None, "{slug}");
        }
    }

    #[test]
    fn an_event_cannot_take_a_year_a_kind_or_the_page_segment() {
        let r = spanish();
        assert!(reserved("pagina", Level::Timeline, &r)
            .unwrap()
            .contains("page number"));
        assert!(reserved("2025", Level::Timeline, &r)
            .unwrap()
            .contains("year"));
        assert!(reserved("1", Level::Timeline, &r).is_some());
        assert!(reserved("llamada", Level::Timeline, &r)
            .unwrap()
            .contains("`call`"));
        assert_eq!(reserved("2025-llamada", Level::Timeline, &r), None);
        // Sections are at the language's root, not in the timeline.
        assert_eq!(reserved("mapa", Level::Timeline, &r), None);
        // Without a site.toml's sections (unit tests), `page` is the default segment.
        assert!(reserved("page", Level::Timeline, &Reserved::default()).is_some());
    }

    #[test]
    fn windows_device_names_are_refused_at_every_level() {
        let r = spanish();
        for slug in ["con", "nul", "aux", "prn", "com1", "lpt9"] {
            for level in [Level::Language, Level::Timeline, Level::Map] {
                assert!(reserved(slug, level, &r).is_some(), "{slug}");
            }
        }
        for slug in ["con-algo", "com0", "com10", "consejo", "nulo"] {
            assert_eq!(reserved(slug, Level::Language, &r), None, "{slug}");
        }
    }

    #[test]
    fn a_state_only_needs_a_slug() {
        let r = spanish();
        for slug in ["pagina", "2025", "llamada", "cronologia"] {
            assert_eq!(reserved(slug, Level::Map, &r), None, "{slug}");
        }
        assert!(derived_problem("", Level::Map, &r).is_some());
    }

    #[test]
    fn derived_slugs_are_checked_like_written_ones() {
        let r = spanish();
        assert!(derived_problem("cronologia", Level::Language, &r)
            .unwrap()
            .contains(
                "`cronologia` made from the title is the URL of the site's `timeline` section"
            ));
        assert!(written_problem("cronologia", Level::Language, &r)
            .unwrap()
            .starts_with("the slug `cronologia` is the URL"));
        assert!(written_problem("a/b", Level::Language, &r)
            .unwrap()
            .contains("path separator"));
        assert!(derived_problem(&"a".repeat(MAX_LEN + 1), Level::Timeline, &r).is_some());
        assert_eq!(derived_problem("acerca", Level::Language, &r), None);
    }
}
