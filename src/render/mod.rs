//! Rendering: the typed view of each route, through its Tera template, in parallel.

pub(crate) mod json_ld;
pub(crate) mod meta;
mod shared;
mod template_checks;
mod templates;
pub(crate) mod views;

use std::collections::BTreeMap;
use std::path::Path;

use rayon::prelude::*;

use crate::config::Config;
use crate::content::Content;
use crate::diagnostic::{Diagnostic, Report};
use crate::i18n::I18n;
use crate::map::{DrawnMap, Region};
use crate::pages::timeline::Listings;
use crate::routes::{PageKind, Route, Routes};

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
    /// Events' search documents from an earlier build whose UI strings and map were the same.
    pub(crate) search_cache: Option<&'a SearchCache>,
    /// The language codes, in site order.
    pub(crate) languages: Vec<String>,
    /// Every text's HTML but event bodies.
    pub(crate) html: Prepared,
    /// The events of every timeline listing.
    pub(crate) listings: Listings,
    /// The events' search documents made (or reused) by this render.
    pub(crate) made_search_docs: std::sync::Mutex<SearchCache>,
    times: std::sync::Mutex<BTreeMap<&'static str, TemplateTime>>,
    /// The newest date of any content.
    pub(crate) newest: crate::content::Date,
}

/// What a renderer owned, once it no longer borrows the project: held only to be freed elsewhere.
pub struct Leftovers {
    _owned: (Prepared, Listings, SearchCache),
}

/// Where `render_each` hands each finished page: `(output file, bytes)`.
pub type Sink<'s> = dyn Fn(&str, &[u8]) -> Result<(), Diagnostic> + Sync + 's;

/// The largest page buffer a rendering job keeps for its next page (event pages are ~15 KB).
const LARGEST_KEPT_BUFFER: usize = 1 << 20;

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
    /// Events' search documents from an earlier build whose UI strings and map were the same.
    pub search_cache: Option<&'a SearchCache>,
}

/// Events' search documents as JSON, by a hash of `(event version, language, URL)`.
pub type SearchCache = std::collections::HashMap<u128, std::sync::Arc<str>>;

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
            search_cache,
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
            search_cache,
            languages: config.languages.iter().map(|l| l.code.clone()).collect(),
            html,
            listings: Listings::new(content),
            made_search_docs: Default::default(),
            times: Default::default(),
            newest: Renderer::compute_newest(content),
        }
    }

    /// Renders every route in parallel: `(output file, text)` in route order, or every error.
    pub fn render_all(&self) -> Result<Vec<(String, String)>, Report> {
        let results: Vec<Result<(String, String), Diagnostic>> = self
            .routes
            .all
            .par_iter()
            .map(|route| self.render(route).map(|html| (route.file(), html)))
            .collect();
        let mut report = Report::default();
        let mut pages = Vec::with_capacity(results.len());
        for result in results {
            match result {
                Ok(page) => pages.push(page),
                Err(d) => report.push(d),
            }
        }
        report.into_result(pages)
    }

    /// Renders every route in parallel and hands each page to `sink` as soon as it is made, so the
    /// whole site is never held in memory; returns every error (of rendering or of `sink`).
    pub fn render_each(
        &self,
        sink: &Sink<'_>,
        progress: &(dyn Fn(usize, usize) + Sync),
    ) -> Result<(), Report> {
        self.render_changed(sink, &|_, _| Ok(false), progress)
    }

    /// Like `render_each`, but a route for which `kept(index, route)` says `true` is not
    /// rendered: its published page is kept as it is.
    pub fn render_changed(
        &self,
        sink: &Sink<'_>,
        kept: &(dyn Fn(usize, &Route) -> Result<bool, Diagnostic> + Sync),
        progress: &(dyn Fn(usize, usize) + Sync),
    ) -> Result<(), Report> {
        let total = self.routes.all.len();
        let done = std::sync::atomic::AtomicUsize::new(0);
        let all = &self.routes.all;
        let (long, rest): (Vec<usize>, Vec<usize>) =
            (0..all.len()).partition(|&i| all[i].kind.gathers_every_page());
        // Each rayon job renders into one buffer, cleared between pages: a page's bytes are
        // copied out by `sink`, so no page allocates (or grows) a buffer of its own.
        let mut errors: Vec<Diagnostic> = long
            .into_par_iter()
            .chain(rest)
            .map_init(Vec::new, |page, i| {
                let route = &all[i];
                let result = match kept(i, route) {
                    Ok(true) => Ok(()),
                    Ok(false) => {
                        page.clear();
                        let written = self
                            .render_into(route, page)
                            .and_then(|()| sink(&route.file(), page));
                        // A buffer grown by an outsized page (a search index, the sitemap) is not kept.
                        if page.capacity() > LARGEST_KEPT_BUFFER {
                            *page = Vec::new();
                        }
                        written
                    }
                    Err(e) => Err(e),
                };
                progress(
                    done.fetch_add(1, std::sync::atomic::Ordering::Relaxed) + 1,
                    total,
                );
                result.err()
            })
            .flatten()
            .collect();
        errors.sort();
        Report(errors).into_result(())
    }

    /// Renders one route.
    pub fn render(&self, route: &Route) -> Result<String, Diagnostic> {
        let mut page = Vec::new();
        self.render_into(route, &mut page)?;
        // Tera writes only `str`s, so this cannot fail; should it ever, it is an error, not a panic.
        String::from_utf8(page).map_err(|e| {
            Diagnostic::new(
                crate::layout::TEMPLATES,
                format!("{} is not valid UTF-8 text: {e}", route.path),
            )
        })
    }

    /// Renders one route, appending its bytes to `page` (Tera writes only text, so they are
    /// UTF-8; bytes spare the check that a `String` would make of every page).
    pub fn render_into(&self, route: &Route, page: &mut Vec<u8>) -> Result<(), Diagnostic> {
        if let (PageKind::SearchIndex, Some(lang)) = (&route.kind, &route.language) {
            // The index is made whole as a string: its bytes become the page, not a copy.
            let index = crate::pages::search::index(self, lang)?.into_bytes();
            if page.is_empty() {
                *page = index;
            } else {
                page.extend_from_slice(&index);
            }
            return Ok(());
        }
        let started = std::time::Instant::now();
        let (template, context) = crate::pages::context(self, route)?;
        let built = std::time::Instant::now();
        // A panic inside Tera (a filter given arguments it does not expect) is this page's
        // error, naming its template, rather than the end of the build or of `serve`.
        let rendered = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
            self.tera.render_to(template, &context, &mut *page)
        }))
        .unwrap_or_else(|panic| {
            let what = panic
                .downcast_ref::<&str>()
                .map(|s| s.to_string())
                .or_else(|| panic.downcast_ref::<String>().cloned())
                .unwrap_or_default();
            Err(tera::Error::msg(format!("Tera crashed: {what}")))
        });
        self.clock(template, built - started, built.elapsed());
        rendered.map_err(|e| {
            // A Fluent message that cannot be formatted is reported on the message, once, not
            // once per page that shows it.
            if let Some(fluent) = crate::i18n::MessageError::find(&e) {
                return fluent.0.clone();
            }
            Diagnostic::new(
                Path::new(crate::layout::TEMPLATES).join(template),
                format!("cannot render {}: {}", route.path, error_chain(&e)),
            )
            .hint("check the variable and function names the template uses against README.md")
        })
    }

    /// The events' search documents of this render (made or reused), for the next build to reuse.
    pub fn search_docs(&self) -> SearchCache {
        std::mem::take(
            &mut *self
                .made_search_docs
                .lock()
                .unwrap_or_else(|e| e.into_inner()),
        )
    }

    /// Gives up what this renderer owns (the HTML of every text above all), ending its borrow of
    /// the project, so that both can be freed on another thread.
    pub fn into_leftovers(self) -> Leftovers {
        let made = self
            .made_search_docs
            .into_inner()
            .unwrap_or_else(|e| e.into_inner());
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
