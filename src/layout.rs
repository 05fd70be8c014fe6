//! The project's layout, defined once: the names of its files and folders (relative to the
//! project root), and the names Puente gives its own files in the output and in `serve`.
//!
//! ```text
//! site.toml                         the site's settings
//! content/events/*.toml             timeline events
//! content/advisories/*.toml         advisory snapshots
//! content/pages/*.<lang>.md         pages
//! content/geo/mexico-states.geojson the federal entities (the map)
//! i18n/<lang>.ftl                   UI strings
//! templates/                        Tera templates
//! static/                           files published as they are
//! sources/                          reference texts excerpts are checked against (never published)
//! archetypes/                       what `puente new` starts from
//! reviews/<kind>/<item>.<lang>.toml what each translation was last reviewed against
//! ```

use std::path::{Path, PathBuf};

/// The site's settings.
pub const SITE_TOML: &str = "site.toml";
/// Everything published from Markdown and TOML.
pub const CONTENT: &str = "content";
/// Timeline events, one TOML file each.
pub const EVENTS: &str = "content/events";
/// Advisory snapshots, one TOML file each.
pub const ADVISORIES: &str = "content/advisories";
/// Pages, one Markdown file per language.
pub const PAGES: &str = "content/pages";
/// The folder of the map's GeoJSON.
pub const GEO: &str = "content/geo";
/// The GeoJSON of the federal entities.
pub const GEOJSON: &str = "content/geo/mexico-states.geojson";
/// UI strings, one Fluent file per language.
pub const I18N: &str = "i18n";
/// The Tera templates.
pub const TEMPLATES: &str = "templates";
/// Files published as they are (optional).
pub const STATIC: &str = "static";
/// The reference texts that excerpts are checked against: never published, but a changed one
/// must be checked again.
pub const SOURCES: &str = "sources";
/// What `puente new` starts a new event or advisory from.
pub const ARCHETYPES: &str = "archetypes";
/// The records of translation reviews: the original each translation was last reviewed against
/// (never read by a build; `check` and `serve`'s desk show what changed since).
pub const REVIEWS: &str = "reviews";

/// Every file and folder a build reads, in the order the inputs' fingerprint walks them (and
/// A folder of `content/` named from inside it: `events` for `EVENTS` (for code that is given the
/// content folder rather than the project).
pub fn within_content(path: &'static str) -> &'static str {
    path.strip_prefix(CONTENT)
        .and_then(|rest| rest.strip_prefix('/'))
        .unwrap_or(path)
}

/// `serve` watches them).
pub const INPUTS: [&str; 6] = [SITE_TOML, CONTENT, I18N, TEMPLATES, STATIC, SOURCES];

/// The sources checked not to lead outside the project through a link before anything is read.
pub const CHECKED_INSIDE: [&str; 10] = [
    SITE_TOML, CONTENT, EVENTS, ADVISORIES, PAGES, GEO, GEOJSON, I18N, TEMPLATES, STATIC,
];

/// What an output folder may never be or lie in: the project's sources, and the folders of a
/// checkout of Puente itself.
pub const PROTECTED: [&str; 10] = [
    CONTENT, I18N, TEMPLATES, STATIC, SOURCES, ARCHETYPES, REVIEWS, "src", "tests", ".git",
];

/// The Fluent file of `language` (relative to the project).
pub fn ui_strings(language: &str) -> PathBuf {
    Path::new(I18N).join(format!("{language}.ftl"))
}

/// What every name Puente gives its own files in the output holds (after a leading `.`).
pub const BOOKKEEPING_MARK: &str = ".puente-";
/// The file in the output that records what it was built from.
pub const INPUTS_RECORD: &str = ".puente-inputs";
/// The file in the output that lists every file Puente wrote there.
pub const MANIFEST: &str = ".puente-manifest";
/// The file that marks a folder as Puente's output.
pub const STAMP: &str = ".puente-output";

/// The folder of paths `puente serve` keeps for itself.
pub const SERVE_FOLDER: &str = "__puente";
/// The path of `serve`'s live-reload event stream.
pub const SERVE_EVENTS: &str = "/__puente/events";
/// The path of the live-reload script `serve` injects into every page.
pub const SERVE_SCRIPT: &str = "/__puente/live.js";
/// The path of `serve`'s error banner stylesheet.
pub const SERVE_BANNER_CSS: &str = "/__puente/errors.css";
/// The path "mark as reviewed" on `serve`'s desk posts to.
pub const SERVE_REVIEW: &str = "/__puente/review";
/// The path of the stylesheet of `serve`'s desk (the desk itself is `/__puente/<lang>/`).
pub const SERVE_DESK_CSS: &str = "/__puente/desk.css";

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn content_folders_are_named_from_inside_content() {
        assert_eq!(within_content(EVENTS), "events");
        assert_eq!(within_content(ADVISORIES), "advisories");
        assert_eq!(within_content(PAGES), "pages");
        assert_eq!(within_content(SITE_TOML), SITE_TOML);
    }

    #[test]
    fn serve_paths_are_in_its_folder() {
        for path in [
            SERVE_EVENTS,
            SERVE_SCRIPT,
            SERVE_BANNER_CSS,
            SERVE_REVIEW,
            SERVE_DESK_CSS,
        ] {
            assert!(path.starts_with(&format!("/{SERVE_FOLDER}/")), "{path}");
        }
    }

    #[test]
    fn bookkeeping_names_hold_the_mark() {
        for name in [INPUTS_RECORD, MANIFEST, STAMP] {
            assert!(name.starts_with(BOOKKEEPING_MARK), "{name}");
        }
    }

    #[test]
    fn nested_names_are_inside_their_folders() {
        for path in [EVENTS, ADVISORIES, PAGES, GEO] {
            assert_eq!(Path::new(path).parent(), Some(Path::new(CONTENT)));
        }
        assert_eq!(Path::new(GEOJSON).parent(), Some(Path::new(GEO)));
        assert_eq!(ui_strings("es"), Path::new("i18n/es.ftl"));
    }
}
