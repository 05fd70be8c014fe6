//! The typed views that templates render: one struct per page type, borrowed or built from the model.

use serde::Serialize;

use crate::content::Date;

#[derive(Serialize)]
pub(crate) struct SiteView<'a> {
    pub(crate) title: &'a str,
    pub(crate) description: &'a str,
    pub(crate) base_path: &'a str,
    pub(crate) base_url: &'a str,
    pub(crate) locale: &'a str,
    pub(crate) feed_url: String,
    pub(crate) search_index_url: String,
    pub(crate) home_url: String,
    /// The open-data page (the footer links it beside the feed).
    pub(crate) data_url: String,
    pub(crate) languages: Vec<LanguageLink<'a>>,
}

#[derive(Serialize)]
pub(crate) struct LanguageLink<'a> {
    pub(crate) lang: &'a str,
    pub(crate) url: String,
    /// The timeline, the map and the search index in this language (for the 404 page).
    pub(crate) timeline_url: String,
    pub(crate) map_url: String,
    pub(crate) search_index_url: String,
    /// The Atom feed and the open-data page in this language (the bilingual pages' footer).
    pub(crate) feed_url: String,
    pub(crate) data_url: String,
    pub(crate) title: &'a str,
    pub(crate) description: &'a str,
    pub(crate) locale: &'a str,
}

#[derive(Serialize)]
pub(crate) struct PageView {
    pub(crate) title: String,
    pub(crate) description: String,
    pub(crate) url: String,
    pub(crate) canonical: String,
    pub(crate) modified: Date,
    pub(crate) alternates: Vec<Alternate>,
    pub(crate) x_default: String,
    pub(crate) switch: Vec<Alternate>,
    pub(crate) og_type: &'static str,
    pub(crate) locale_alternates: Vec<String>,
    /// The page's JSON-LD graph; empty when it has none (templates test `page.json_ld | length`:
    /// Tera 1 escapes a string to test it with a plain `if`, 4 KB of HTML on every event page).
    pub(crate) json_ld: String,
}

#[derive(Serialize)]
pub(crate) struct Alternate {
    pub(crate) lang: String,
    pub(crate) url: String,
}

#[derive(Serialize)]
pub(crate) struct NavItem {
    pub(crate) key: Option<&'static str>,
    pub(crate) title: Option<String>,
    pub(crate) url: String,
    pub(crate) current: bool,
    pub(crate) section: bool,
}

#[derive(Serialize, Clone)]
pub(crate) struct EventSummary<'a> {
    pub(crate) id: &'a str,
    pub(crate) url: String,
    pub(crate) title: &'a str,
    pub(crate) date: Date,
    pub(crate) kind: &'a str,
    pub(crate) summary_html: &'a str,
    /// The language of the words when they are not the page's (an untranslated item).
    pub(crate) text_lang: Option<String>,
}

/// A cited source as a page shows it: what it is, what was not recorded about it, and the
/// passage that supports the item, translated when the page is in another language.
#[derive(Serialize)]
pub(crate) struct SourceView {
    pub(crate) kind: Option<&'static str>,
    pub(crate) title: Option<String>,
    pub(crate) publisher: Option<String>,
    pub(crate) date: Option<Date>,
    pub(crate) url: Option<String>,
    pub(crate) language: Option<String>,
    /// The source is in another language than the page.
    pub(crate) foreign: bool,
    /// Keys of what was not recorded (`headline`, `publisher`, `date`).
    pub(crate) not_recorded: Vec<&'static str>,
    pub(crate) excerpt: Option<String>,
    /// The excerpt's translation into the page's language (only when the source is foreign).
    pub(crate) excerpt_translation: Option<String>,
}

#[derive(Serialize)]
pub(crate) struct Link<'a> {
    pub(crate) url: String,
    pub(crate) title: &'a str,
    pub(crate) date: Date,
}

#[derive(Serialize)]
pub(crate) struct StateLink {
    pub(crate) code: String,
    pub(crate) name: String,
    pub(crate) url: String,
}

#[derive(Serialize)]
pub(crate) struct AdvisoryBrief {
    pub(crate) date: Date,
    pub(crate) url: String,
    pub(crate) issuer: String,
    pub(crate) counts: Vec<LevelCount>,
    /// The advisory-wide note that goes with every level it names.
    pub(crate) note: Option<String>,
    /// The issuer's own page for this advice.
    pub(crate) official: Option<OfficialLink>,
}

/// A link to the issuer's own advice, where readers check the current level.
#[derive(Serialize)]
pub(crate) struct OfficialLink {
    pub(crate) url: String,
    pub(crate) language: Option<String>,
    /// The page is in another language than the one linking to it.
    pub(crate) foreign: bool,
}

#[derive(Serialize)]
pub(crate) struct LevelCount {
    pub(crate) level: &'static str,
    pub(crate) count: usize,
}

#[derive(Serialize, Clone)]
pub(crate) struct StateRow {
    pub(crate) code: String,
    pub(crate) name: String,
    pub(crate) url: String,
    pub(crate) level: &'static str,
    /// The advisory-wide note, on the row of a state the advisory lists.
    pub(crate) advisory_note: Option<String>,
    pub(crate) note: Option<String>,
    pub(crate) path: String,
}

/// What every page states about itself.
pub(crate) struct PageMeta {
    /// The page's title (without the site's).
    pub title: String,
    /// One or two sentences for `<meta name="description">` and `og:description`.
    pub description: String,
    /// The "Date modified".
    pub modified: Date,
}
