//! RENDER: every route through its Tera template, in parallel, each page handed to the output as
//! it is made. The `Renderer` holds what the page types (`crate::pages`) make their views from:
//! the loaded site, and what is computed once from it (every text's HTML, the timeline's
//! listings); `shared` holds the view helpers every page type uses, `meta` and `json_ld` what
//! every page states about itself, `templates` the loading of the templates.

pub(crate) mod json_ld;
pub(crate) mod meta;
mod shared;
mod template_checks;
mod templates;
pub(crate) mod views;

use std::collections::BTreeMap;

use rayon::prelude::*;

use crate::config::Config;
use crate::content::Content;
use crate::i18n::I18n;
use crate::map::{DrawnMap, Region};
use crate::routes::Routes;

pub(crate) use shared::{collation_key, markdown_html};
pub use templates::{
    error_chain, escape_html, load_templates, nesting_problem, BoundedRange, REQUIRED_TEMPLATES,
};

/// Everything a render needs: what it borrows from the loaded site, and what it computes once
/// from it. The page types (`crate::pages`) make their views from it.
pub struct Renderer<'a> {
    /// `site.toml`.
    pub(crate) config: &'a Config,
    /// All content.
    pub(crate) content: &'a Content,
    /// The federal entities.
    pub(crate) regions: &'a [Region],
    /// All routes.
    pub(crate) routes: &'a Routes,
    /// The templates.
    pub(crate) tera: &'a tera::Tera,
    /// The UI strings.
    pub(crate) i18n: &'a I18n,
    /// The full map.
    pub(crate) map: &'a DrawnMap,
    /// The locator map.
    pub(crate) locator: &'a DrawnMap,
    /// Events' search pieces from an earlier build whose UI strings and map were the same.
    pub(crate) search_pieces: Option<&'a PieceCache>,
    /// Events' open-data pieces (CSV record and JSON object) from that build (see `Pieces`).
    pub(crate) row_pieces: Option<&'a PieceCache>,
    /// The language codes, in site order.
    pub(crate) languages: Vec<String>,
    /// Every text's HTML but event bodies.
    pub(crate) html: Prepared,
    /// The events of every timeline listing.
    pub(crate) listings: Listings,
    /// The events' search pieces made (or reused) by this render.
    pub(crate) made_search_pieces: std::sync::Mutex<PieceCache>,
    /// The events' open-data pieces made (or reused) by this render.
    pub(crate) made_row_pieces: std::sync::Mutex<PieceCache>,
    /// The events' open-data pieces in file order, by language, gathered once for the CSV and the
    /// JSON.
    pub(crate) open_data_pieces: BTreeMap<String, std::sync::OnceLock<crate::pages::EventPieces>>,
    /// The search index of each language, assembled once for its shards and chunks.
    pub(crate) search_index: BTreeMap<String, std::sync::OnceLock<crate::pages::AssembledIndex>>,
    /// The search indexes of the session's last render, by language, to update in place.
    pub(crate) last_search: std::sync::Mutex<BTreeMap<String, crate::pages::Assembled>>,
    times: std::sync::Mutex<BTreeMap<&'static str, TemplateTime>>,
    /// The newest date of any content.
    pub(crate) newest: crate::content::Date,
}

/// What a renderer owned, once it no longer borrows the project: held only to be freed elsewhere.
pub struct Leftovers {
    _owned: (Prepared, Listings, Pieces),
}

/// CPU time spent on the pages of one template (summed over threads).
#[derive(Debug, Clone, Copy, Default)]
pub struct TemplateTime {
    /// Pages rendered.
    pub pages: usize,
    /// Building their views.
    pub context: std::time::Duration,
    /// Running the template.
    pub template: std::time::Duration,
}

/// The events of every timeline listing, newest first, computed once.
#[derive(Default)]
pub(crate) struct Listings {
    pub(crate) all: Vec<usize>,
    pub(crate) by_kind: BTreeMap<String, Vec<usize>>,
    pub(crate) by_year: BTreeMap<u16, Vec<usize>>,
    /// The events that concern each state, by its ISO code (a state's page, key and date).
    pub(crate) by_state: std::collections::HashMap<String, Vec<usize>>,
}

impl Listings {
    /// Every listing of `content`, made in one pass over its events.
    pub(crate) fn new(content: &Content) -> Listings {
        let mut listings = Listings::default();
        for (i, event) in content.events.iter().enumerate().rev() {
            listings.all.push(i);
            listings
                .by_kind
                .entry(event.kind.clone())
                .or_default()
                .push(i);
            listings.by_year.entry(event.date.year).or_default().push(i);
            for code in &event.states {
                let list = listings.by_state.entry(code.clone()).or_default();
                // A state named twice lists the event once.
                if list.last() != Some(&i) {
                    list.push(i);
                }
            }
        }
        listings
    }

    /// The events that concern the state `code`, newest first.
    pub(crate) fn of_state(&self, code: &str) -> &[usize] {
        self.by_state.get(code).map_or(&[], Vec::as_slice)
    }
}

/// Markdown rendered once per item and language.
#[derive(Default)]
pub(crate) struct Prepared {
    pub(crate) events: Vec<std::sync::Arc<EventHtml>>,
    pub(crate) advisories: Vec<BTreeMap<String, String>>,
    pub(crate) pages: Vec<BTreeMap<String, String>>,
}

/// What a renderer borrows: the loaded site and its two drawn maps.
pub struct Inputs<'a> {
    /// `site.toml`.
    pub config: &'a Config,
    /// All content.
    pub content: &'a Content,
    /// The federal entities.
    pub regions: &'a [Region],
    /// All routes.
    pub routes: &'a Routes,
    /// The templates.
    pub tera: &'a tera::Tera,
    /// The UI strings.
    pub i18n: &'a I18n,
    /// The full map.
    pub map: &'a DrawnMap,
    /// The locator map.
    pub locator: &'a DrawnMap,
    /// Summary HTML from an earlier build of the session, used if made with the same settings.
    pub markdown_cache: Option<&'a MarkdownCache>,
    /// Events' search documents and open-data rows from an earlier build whose UI strings and
    /// map were the same.
    pub pieces: Option<&'a Pieces>,
    /// The search indexes of the session's last render, by language (see `pages::search`).
    pub search_indexes: SearchIndexes,
}

/// The assembled search indexes of a render, by language, for the next render to update.
#[derive(Default)]
pub struct SearchIndexes(pub(crate) BTreeMap<String, crate::pages::Assembled>);

/// Events' pieces of one kind, by their key (`piece_key`: the event's version, language and
/// page, and the kind of piece).
pub type PieceCache = rustc_hash::FxHashMap<u128, std::sync::Arc<str>>;

/// The key of an event's piece of kind `kind` (and format): what it is made from besides what
/// every piece depends on (the UI strings, the map and the settings: see
/// `pipeline::incremental::search_key`): the event's version, the language and its page's path.
pub(crate) fn piece_key(kind: &[u8], version: u64, lang: &str, path: &str) -> u128 {
    let mut hasher = xxhash_rust::xxh3::Xxh3::new();
    for part in [
        kind,
        &version.to_le_bytes(),
        lang.as_bytes(),
        path.as_bytes(),
    ] {
        hasher.update(part);
        hasher.update(&[0]);
    }
    hasher.digest128()
}

/// What each event gives the files that hold every event, made once per event and reused while
/// the event is unchanged: making them for 10,000 events is most of those files' time.
#[derive(Default, Debug, PartialEq)]
pub struct Pieces {
    /// Its search pieces (see `crate::pages::search`).
    pub search: PieceCache,
    /// Its rows of the open-data files (see `pages::downloads`).
    pub rows: PieceCache,
}

/// An event's summary HTML per language. (Its body's HTML is made when its page is rendered, the
/// only page that shows it: the bodies' HTML is most of a site's text, and not holding it all at
/// once keeps a large build's memory, and the fresh pages it would fault in, smaller.)
pub type EventHtml = BTreeMap<String, String>;

/// Event summary HTML kept between builds, by event version, for the settings it was made with.
#[derive(Default)]
pub struct MarkdownCache {
    /// `markdown_settings` when the HTML was made: other settings make other HTML.
    settings: String,
    /// The HTML of each event version.
    html: std::collections::HashMap<u64, std::sync::Arc<EventHtml>>,
}

/// What, besides a text, decides its HTML: the base path of links and the raw-HTML rule.
fn markdown_settings(config: &crate::config::Config) -> String {
    format!("{}|{}", config.base_path, config.allow_raw_html)
}

impl<'a> Renderer<'a> {
    /// Prepares a renderer, turning every Markdown text but event bodies into HTML once.
    pub fn new(inputs: Inputs<'a>) -> Self {
        let Inputs {
            config,
            content,
            regions,
            routes,
            tera,
            i18n,
            map,
            locator,
            markdown_cache,
            pieces,
            search_indexes,
        } = inputs;
        let md = |text: &str| markdown_html(config, text);
        let cached = markdown_cache
            .filter(|c| c.settings == markdown_settings(config))
            .map(|c| &c.html);
        let html = Prepared {
            events: content
                .events
                .par_iter()
                .map(|e| {
                    if let Some(html) = cached.and_then(|c| c.get(&e.version)) {
                        return html.clone();
                    }
                    let html: EventHtml = e
                        .texts
                        .iter()
                        .map(|(l, t)| (l.clone(), md(&t.summary)))
                        .collect();
                    std::sync::Arc::new(html)
                })
                .collect(),
            advisories: content
                .advisories
                .iter()
                .map(|a| {
                    a.texts
                        .iter()
                        .map(|(l, t)| (l.clone(), md(&t.summary)))
                        .collect()
                })
                .collect(),
            pages: content
                .pages
                .iter()
                .map(|p| {
                    p.texts
                        .iter()
                        .map(|(l, t)| (l.clone(), md(&t.body)))
                        .collect()
                })
                .collect(),
        };
        Renderer {
            config,
            content,
            regions,
            routes,
            tera,
            i18n,
            map,
            locator,
            search_pieces: pieces.map(|p| &p.search),
            row_pieces: pieces.map(|p| &p.rows),
            languages: config.languages.iter().map(|l| l.code.clone()).collect(),
            html,
            listings: Listings::new(content),
            made_search_pieces: Default::default(),
            made_row_pieces: Default::default(),
            open_data_pieces: config
                .languages
                .iter()
                .map(|l| (l.code.clone(), Default::default()))
                .collect(),
            search_index: config
                .languages
                .iter()
                .map(|l| (l.code.clone(), Default::default()))
                .collect(),
            last_search: std::sync::Mutex::new(search_indexes.0),
            times: Default::default(),
            newest: Renderer::compute_newest(content),
        }
    }

    /// The events' pieces this render made or reused, for the next build to reuse (a kind of
    /// piece is empty when no file that holds it was rendered).
    pub fn pieces(&self) -> Pieces {
        let take = |made: &std::sync::Mutex<PieceCache>| {
            std::mem::take(&mut *made.lock().unwrap_or_else(|e| e.into_inner()))
        };
        Pieces {
            search: take(&self.made_search_pieces),
            rows: take(&self.made_row_pieces),
        }
    }

    /// The search indexes this render assembled, for the next render of a session to update.
    pub fn search_indexes(&mut self) -> SearchIndexes {
        SearchIndexes(crate::pages::search::take_assembled(self))
    }

    /// Gives up what this renderer owns (the HTML of every text above all), ending its borrow of
    /// the project, so that both can be freed on another thread.
    pub fn into_leftovers(self) -> Leftovers {
        let made = Pieces {
            search: self
                .made_search_pieces
                .into_inner()
                .unwrap_or_else(|e| e.into_inner()),
            rows: self
                .made_row_pieces
                .into_inner()
                .unwrap_or_else(|e| e.into_inner()),
        };
        Leftovers {
            _owned: (self.html, self.listings, made),
        }
    }

    /// The event HTML of this render, for the next build of a session to reuse.
    pub fn markdown_cache(&self) -> MarkdownCache {
        MarkdownCache {
            settings: markdown_settings(self.config),
            html: self
                .content
                .events
                .iter()
                .zip(&self.html.events)
                .map(|(e, html)| (e.version, html.clone()))
                .collect(),
        }
    }

    /// Adds one page's context and template time to the template's totals.
    pub(crate) fn clock(
        &self,
        template: &'static str,
        context: std::time::Duration,
        rendering: std::time::Duration,
    ) {
        let mut times = self.times.lock().unwrap_or_else(|e| e.into_inner());
        let entry = times.entry(template).or_default();
        entry.pages += 1;
        entry.context += context;
        entry.template += rendering;
    }

    /// Pages, context time and template time per template, for `--verbose`.
    pub fn template_times(&self) -> BTreeMap<&'static str, TemplateTime> {
        self.times.lock().unwrap_or_else(|e| e.into_inner()).clone()
    }
}
