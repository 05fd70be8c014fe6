//! Rendering: the typed view of each route, through its Tera template, in parallel.

mod feeds;
mod json_ld;
mod meta;
mod search;
mod templates;
mod views;

use std::collections::BTreeMap;
use std::path::Path;

use fluent_bundle::{FluentArgs, FluentValue};
use rayon::prelude::*;

use crate::config::Config;
use crate::content::{Advisory, Content, Level, Source};
use crate::diagnostic::{Diagnostic, Report};
use crate::i18n::I18n;
use crate::map::{DrawnMap, Region};
use crate::markdown;
use crate::routes::{level_key, region_name, PageKind, Route, Routes};

pub use templates::{
    error_chain, escape_html, load_templates, nesting_problem, BoundedRange, REQUIRED_TEMPLATES,
};
use views::*;

/// Everything a render needs: what it borrows from the loaded site (reached through `Deref`), and
/// what it computes once from it.
pub struct Renderer<'a> {
    inputs: Inputs<'a>,
    languages: Vec<String>,
    html: Prepared,
    listings: Listings,
    made_search_docs: std::sync::Mutex<SearchCache>,
    times: std::sync::Mutex<BTreeMap<&'static str, TemplateTime>>,
    newest: crate::content::Date,
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

/// A text's HTML, as every page shows it: links under the site's base path, raw HTML as
/// site.toml's `allow_raw_html` says (summaries when a renderer is made, bodies page by page).
fn markdown_html(config: &crate::config::Config, text: &str) -> String {
    markdown::render_with(text, &config.base_path, config.allow_raw_html).html
}

fn add_listing_counts(hasher: &mut xxhash_rust::xxh3::Xxh3, listings: &Listings) {
    for (kind, list) in &listings.by_kind {
        hasher.update(kind.as_bytes());
        hasher.update(&list.len().to_le_bytes());
    }
    for (year, list) in &listings.by_year {
        hasher.update(&year.to_le_bytes());
        hasher.update(&list.len().to_le_bytes());
    }
}

/// The events of every timeline listing, newest first, computed once.
#[derive(Default)]
struct Listings {
    all: Vec<usize>,
    by_kind: BTreeMap<String, Vec<usize>>,
    by_year: BTreeMap<u16, Vec<usize>>,
}

impl Listings {
    fn new(content: &Content) -> Listings {
        let mut listings = Listings::default();
        for (i, event) in content.events.iter().enumerate().rev() {
            listings.all.push(i);
            listings
                .by_kind
                .entry(event.kind.clone())
                .or_default()
                .push(i);
            listings.by_year.entry(event.date.year).or_default().push(i);
        }
        listings
    }
}

/// Markdown rendered once per item and language.
#[derive(Default)]
struct Prepared {
    events: Vec<std::sync::Arc<EventHtml>>,
    advisories: Vec<BTreeMap<String, String>>,
    pages: Vec<BTreeMap<String, String>>,
}

impl<'a> std::ops::Deref for Renderer<'a> {
    type Target = Inputs<'a>;

    fn deref(&self) -> &Inputs<'a> {
        &self.inputs
    }
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
            markdown_cache,
            ..
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
            inputs,
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
                "templates",
                format!("{} is not valid UTF-8 text: {e}", route.path),
            )
        })
    }

    /// Renders one route, appending its bytes to `page` (Tera writes only text, so they are
    /// UTF-8; bytes spare the check that a `String` would make of every page).
    pub fn render_into(&self, route: &Route, page: &mut Vec<u8>) -> Result<(), Diagnostic> {
        if let (PageKind::SearchIndex, Some(lang)) = (&route.kind, &route.language) {
            // The index is made whole as a string: its bytes become the page, not a copy.
            let index = self.search_index(lang)?.into_bytes();
            if page.is_empty() {
                *page = index;
            } else {
                page.extend_from_slice(&index);
            }
            return Ok(());
        }
        let started = std::time::Instant::now();
        let (template, context) = self.context(route)?;
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
                Path::new("templates").join(template),
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

    /// A hash of everything a route's page shows, on top of `global` (templates, UI strings, map,
    /// advisories, pages, the route table): equal keys, equal page.
    pub fn route_key(&self, route: &Route, global: u64, all_events: u64) -> u64 {
        let mut hasher = xxhash_rust::xxh3::Xxh3::with_seed(global);
        hasher.update(route.path.as_bytes());
        let events = &self.content.events;
        let mut add = |i: usize| hasher.update(&events[i].version.to_le_bytes());
        match &route.kind {
            PageKind::Event(i) => {
                (i.saturating_sub(1)..=(*i + 1).min(events.len() - 1)).for_each(&mut add)
            }
            PageKind::Timeline(_) | PageKind::TimelineKind(..) | PageKind::TimelineYear(..) => {
                self.timeline_events(&route.kind)
                    .into_iter()
                    .for_each(&mut add);
                // The filters on every listing count the events of each kind and year.
                add_listing_counts(&mut hasher, &self.listings);
            }
            PageKind::State(i) => {
                let code = &self.regions[*i].code;
                (0..events.len())
                    .filter(|e| events[*e].states.contains(code))
                    .for_each(&mut add);
            }
            PageKind::Map | PageKind::Advisory(_) | PageKind::Page(_) | PageKind::Robots => {}
            // These show only dates of the events (their own "Date modified", the sitemap's).
            PageKind::Sitemap | PageKind::LanguageChoice | PageKind::NotFound => {
                events
                    .iter()
                    .for_each(|e| hasher.update(e.modified().iso().as_bytes()));
            }
            PageKind::Home => {
                (events.len().saturating_sub(HOME_LATEST)..events.len()).for_each(&mut add);
                hasher.update(self.newest.iso().as_bytes());
            }
            PageKind::Feed if events.iter().all(|e| e.untranslated.is_empty()) => {
                (events.len().saturating_sub(self.config.feed_entries)..events.len())
                    .for_each(&mut add);
            }
            _ => hasher.update(&all_events.to_le_bytes()),
        }
        hasher.digest()
    }

    /// Adds one page's context and template time to the template's totals.
    fn clock(
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

    /// A Fluent message, as a diagnostic on the language's file when it cannot be formatted.
    fn t(
        &self,
        lang: &str,
        key: &str,
        args: &[(&str, FluentValue<'static>)],
    ) -> Result<String, Diagnostic> {
        let mut fluent_args = FluentArgs::new();
        for (name, value) in args {
            fluent_args.set(*name, value.clone());
        }
        let args = (!args.is_empty()).then_some(&fluent_args);
        self.i18n.message(lang, key, args)
    }

    fn context(&self, route: &Route) -> Result<(&'static str, tera::Context), Diagnostic> {
        let lang = route
            .language
            .clone()
            .unwrap_or_else(|| self.languages[0].clone());
        let lang = lang.as_str();
        let mut ctx = tera::Context::new();
        let untranslated = self.untranslated_view(route, lang);
        let template = match &route.kind {
            _ if untranslated.is_some() => {
                ctx.insert("untranslated", &untranslated);
                "untranslated.html"
            }
            PageKind::Feed => {
                ctx.insert("feed", &self.feed_view(lang)?);
                "feed.xml"
            }
            PageKind::Sitemap => {
                ctx.insert("sitemap", &self.sitemap_view()?);
                "sitemap.xml"
            }
            PageKind::Robots => {
                ctx.insert("sitemap_url", &self.absolute(&PageKind::Sitemap, None));
                "robots.txt"
            }
            PageKind::SearchIndex => {
                return Err(Diagnostic::new(
                    "templates",
                    "the search index is rendered without a template",
                ))
            }
            PageKind::LanguageChoice => "language.html",
            PageKind::NotFound => "404.html",
            PageKind::Home => {
                ctx.insert("home", &self.home_view(lang));
                "home.html"
            }
            PageKind::Timeline(_) | PageKind::TimelineKind(..) | PageKind::TimelineYear(..) => {
                ctx.insert("years", &self.timeline_view(lang, &route.kind));
                ctx.insert("filters", &self.filters_view(lang, &route.kind));
                ctx.insert("pagination", &self.pagination_view(lang, &route.kind));
                "timeline.html"
            }
            PageKind::Event(i) => {
                ctx.insert("event", &self.event_view(*i, lang));
                "event.html"
            }
            PageKind::Map => {
                ctx.insert("map", &self.map_view(lang));
                "map.html"
            }
            PageKind::State(i) => {
                ctx.insert("state", &self.state_view(*i, lang));
                "state.html"
            }
            PageKind::Advisory(i) => {
                ctx.insert("advisory", &self.advisory_view(*i, lang));
                "advisory.html"
            }
            PageKind::Page(i) => {
                ctx.insert("body_html", &self.html.pages[*i][lang]);
                "page.html"
            }
        };
        ctx.insert("lang", lang);
        // A page in no one language (the language choice, the 404) speaks every language to the end.
        ctx.insert("bilingual", &route.language.is_none());
        ctx.insert("site", &self.site_view(lang));
        if route.kind.is_page() || route.kind == PageKind::NotFound {
            let meta = self.meta(route, lang)?;
            ctx.insert("page", &self.page_view(route, meta, lang)?);
            ctx.insert("nav", &self.nav(route, lang));
        }
        Ok((template, ctx))
    }

    fn site_view(&self, lang: &str) -> SiteView<'_> {
        let language = self
            .config
            .language(lang)
            .unwrap_or(self.config.default_language());
        SiteView {
            title: &language.title,
            description: &language.description,
            locale: &language.locale,
            base_path: &self.config.base_path,
            base_url: &self.config.base_url,
            home_url: self.link(&PageKind::Home, &language.code),
            feed_url: self.link(&PageKind::Feed, &language.code),
            search_index_url: self.link(&PageKind::SearchIndex, &language.code),
            languages: self
                .config
                .languages
                .iter()
                .map(|l| LanguageLink {
                    lang: &l.code,
                    url: self.config.link(self.routes.path(&PageKind::Home, &l.code)),
                    timeline_url: self.link(&PageKind::TIMELINE, &l.code),
                    map_url: self.link(&PageKind::Map, &l.code),
                    search_index_url: self.link(&PageKind::SearchIndex, &l.code),
                    title: &l.title,
                    description: &l.description,
                    locale: &l.locale,
                })
                .collect(),
        }
    }

    fn nav(&self, route: &Route, lang: &str) -> Vec<NavItem> {
        if route.language.is_none() {
            return Vec::new();
        }
        let current_section = match route.kind {
            PageKind::Home => Some(PageKind::Home),
            PageKind::Timeline(_)
            | PageKind::Event(_)
            | PageKind::TimelineKind(..)
            | PageKind::TimelineYear(..) => Some(PageKind::TIMELINE),
            PageKind::Map | PageKind::State(_) | PageKind::Advisory(_) => Some(PageKind::Map),
            PageKind::Page(i) => Some(PageKind::Page(i)),
            _ => None,
        };
        let mut items = vec![
            (PageKind::Home, Some("nav-home"), None),
            (PageKind::TIMELINE, Some("nav-timeline"), None),
            (PageKind::Map, Some("nav-map"), None),
        ];
        for (i, page) in self.content.pages.iter().enumerate() {
            if !page.is_home() {
                let text = &page.texts[lang];
                let title = text.nav_title.as_ref().unwrap_or(&text.title);
                items.push((PageKind::Page(i), None, Some(title.clone())));
            }
        }
        items
            .into_iter()
            .map(|(kind, key, title)| NavItem {
                url: self.config.link(self.routes.path(&kind, lang)),
                current: route.kind == kind,
                section: current_section.as_ref() == Some(&kind),
                key,
                title,
            })
            .collect()
    }

    /// The absolute URL of a route (`None` language for the multilingual ones).
    fn absolute(&self, kind: &PageKind, lang: Option<&str>) -> String {
        let path = self.routes.get(kind, lang).map_or("/", |r| r.path.as_str());
        self.config.absolute_url(&self.config.link(path))
    }

    /// Every event of a timeline listing's filter (all, one kind or one year), newest first.
    fn filtered_events(&self, kind: &PageKind) -> &[usize] {
        let list = match kind {
            PageKind::TimelineKind(k, _) => self.listings.by_kind.get(k),
            PageKind::TimelineYear(y, _) => self.listings.by_year.get(y),
            _ => Some(&self.listings.all),
        };
        list.map_or(&[], Vec::as_slice)
    }

    /// The events one page of a timeline listing shows, newest first.
    fn timeline_events(&self, kind: &PageKind) -> Vec<usize> {
        let size = self.config.timeline_page_size.max(1);
        let skip = (kind.page_number() as usize - 1) * size;
        self.filtered_events(kind)
            .iter()
            .skip(skip)
            .take(size)
            .copied()
            .collect()
    }

    /// Links to the previous and next pages of a listing, and where this one stands.
    fn pagination_view(&self, lang: &str, kind: &PageKind) -> PaginationView {
        let page = kind.page_number();
        let size = self.config.timeline_page_size.max(1);
        let pages = self.filtered_events(kind).len().div_ceil(size).max(1) as u32;
        let link = |n: u32| kind.with_page(n).map(|k| self.link(&k, lang));
        PaginationView {
            page,
            pages,
            previous: (page > 1).then(|| link(page - 1)).flatten(),
            next: (page < pages).then(|| link(page + 1)).flatten(),
        }
    }

    fn filters_view(&self, lang: &str, current: &PageKind) -> FiltersView {
        let kinds = self
            .listings
            .by_kind
            .iter()
            .map(|(k, list)| (k.as_str(), list.len()));
        let years = self
            .listings
            .by_year
            .iter()
            .map(|(y, list)| (*y, list.len()));
        let filter = |kind: PageKind, count: usize| FilterLink {
            url: self.link(&kind, lang),
            current: current.with_page(1).as_ref() == Some(&kind),
            count,
            key: match &kind {
                PageKind::TimelineKind(k, _) => format!("kind-{k}"),
                _ => String::new(),
            },
            year: match kind {
                PageKind::TimelineYear(y, _) => Some(y),
                _ => None,
            },
        };
        let first = current.with_page(1);
        FiltersView {
            all_url: self.link(&PageKind::TIMELINE, lang),
            is_filtered: first != Some(PageKind::TIMELINE),
            kind: match current {
                PageKind::TimelineKind(k, _) => Some(k.clone()),
                _ => None,
            },
            year: match current {
                PageKind::TimelineYear(y, _) => Some(*y),
                _ => None,
            },
            kinds: kinds
                .into_iter()
                .map(|(k, n)| filter(PageKind::TimelineKind(k.to_string(), 1), n))
                .collect(),
            years: years
                .into_iter()
                .rev()
                .map(|(y, n)| filter(PageKind::TimelineYear(y, 1), n))
                .collect(),
        }
    }

    fn link(&self, kind: &PageKind, lang: &str) -> String {
        self.config.link(self.routes.path(kind, lang))
    }

    fn event_summary(&self, i: usize, lang: &str) -> EventSummary<'_> {
        let event = &self.content.events[i];
        let text = &event.texts[lang];
        EventSummary {
            id: &event.id,
            url: self.link(&PageKind::Event(i), lang),
            title: &text.title,
            date: event.date,
            kind: &event.kind,
            summary_html: &self.html.events[i][lang],
            text_lang: event
                .untranslated
                .iter()
                .any(|l| l == lang)
                .then(|| self.original_language(&event.untranslated)),
        }
    }

    /// The language an untranslated item's words are in: the first that is not missing.
    fn original_language(&self, untranslated: &[String]) -> String {
        self.languages
            .iter()
            .find(|l| !untranslated.contains(l))
            .cloned()
            .unwrap_or_else(|| self.languages[0].clone())
    }

    /// The "not yet available" view of a route whose item lacks `lang`, if it does.
    fn untranslated_view(&self, route: &Route, lang: &str) -> Option<UntranslatedView> {
        let (untranslated, title) = match route.kind {
            PageKind::Event(i) => {
                let e = &self.content.events[i];
                (&e.untranslated, e.texts[lang].title.clone())
            }
            PageKind::Page(i) => {
                let p = &self.content.pages[i];
                (&p.untranslated, p.texts[lang].title.clone())
            }
            PageKind::Advisory(i) => {
                let a = &self.content.advisories[i];
                (&a.untranslated, a.date.iso())
            }
            _ => return None,
        };
        if !untranslated.iter().any(|l| l == lang) {
            return None;
        }
        let original = self.original_language(untranslated);
        Some(UntranslatedView {
            title,
            original_url: self.link(&route.kind, &original),
            original_lang: original,
        })
    }

    fn event_view(&self, i: usize, lang: &str) -> EventView<'_> {
        let event = &self.content.events[i];
        let link = |j: usize| {
            let e = &self.content.events[j];
            Link {
                url: self.link(&PageKind::Event(j), lang),
                title: &e.texts[lang].title,
                date: e.date,
            }
        };
        EventView {
            summary: self.event_summary(i, lang),
            modified: event.modified(),
            people: event
                .people
                .iter()
                .zip(&event.roles)
                .map(|(name, roles)| PersonView {
                    name: name.clone(),
                    role: roles.get(lang).cloned(),
                })
                .collect(),
            states: {
                let mut states: Vec<StateLink> = event
                    .states
                    .iter()
                    .filter_map(|code| self.state_link(code, lang))
                    .collect();
                states.sort_by_cached_key(|s| collation_key(&s.name, lang));
                states
            },
            advisory: (event.kind == "advisory")
                .then(|| {
                    self.content
                        .advisories
                        .iter()
                        .position(|a| a.date == event.date)
                })
                .flatten()
                .map(|a| Link {
                    url: self.link(&PageKind::Advisory(a), lang),
                    title: &self.content.advisories[a].texts[lang].issuer,
                    date: event.date,
                }),
            sources: self.sources(&event.sources, lang),
            quotes: event
                .quotes
                .iter()
                .map(|q| QuoteView {
                    by: q.by.clone(),
                    lang: q.lang.clone(),
                    text: q.text.clone(),
                    translation: if q.lang == lang {
                        None
                    } else {
                        q.translation.get(lang).cloned()
                    },
                })
                .collect(),
            body_html: markdown_html(self.config, &event.texts[lang].body),
            previous: i.checked_sub(1).map(link),
            next: (i + 1 < self.content.events.len()).then(|| link(i + 1)),
            timeline_url: self.link(&PageKind::TIMELINE, lang),
        }
    }

    fn sources(&self, sources: &[Source], lang: &str) -> Vec<SourceView> {
        sources
            .iter()
            .map(|s| {
                let foreign = s.language.as_deref().is_some_and(|l| l != lang);
                let mut not_recorded = Vec::new();
                if s.title.is_none() {
                    not_recorded.push("headline");
                }
                if s.publisher.is_none() {
                    not_recorded.push("publisher");
                }
                if s.date.is_none() {
                    not_recorded.push("date");
                }
                SourceView {
                    kind: s.kind.map(|k| k.key()),
                    title: s.title.clone(),
                    publisher: s.publisher.clone(),
                    date: s.date,
                    url: s.url.clone(),
                    language: s.language.clone(),
                    foreign,
                    not_recorded,
                    excerpt: s.excerpt.as_ref().map(|e| e.text.clone()),
                    excerpt_translation: s
                        .excerpt
                        .as_ref()
                        .filter(|_| foreign)
                        .and_then(|e| e.translation.get(lang).cloned()),
                }
            })
            .collect()
    }

    fn state_link(&self, code: &str, lang: &str) -> Option<StateLink> {
        let i = self.regions.iter().position(|r| r.code == code)?;
        Some(StateLink {
            code: code.to_string(),
            name: region_name(&self.regions[i], lang).to_string(),
            url: self.link(&PageKind::State(i), lang),
        })
    }

    fn timeline_view(&self, lang: &str, kind: &PageKind) -> Vec<YearGroup<'_>> {
        let mut years: Vec<YearGroup> = Vec::new();
        for i in self.timeline_events(kind) {
            let summary = self.event_summary(i, lang);
            let date = summary.date;
            if years.last().is_none_or(|y| y.year != date.year) {
                years.push(YearGroup {
                    year: date.year,
                    months: Vec::new(),
                });
            }
            let year = years.last_mut().expect("pushed above");
            if year
                .months
                .last()
                .is_none_or(|m| m.date.month != date.month)
            {
                year.months.push(MonthGroup {
                    date,
                    events: Vec::new(),
                });
            }
            year.months
                .last_mut()
                .expect("pushed above")
                .events
                .push(summary);
        }
        years
    }

    fn home_view(&self, lang: &str) -> HomeView<'_> {
        let intro = self.content.pages.iter().position(|p| p.is_home());
        let n = self.content.events.len();
        HomeView {
            intro_html: intro.map(|i| self.html.pages[i][lang].clone()),
            latest: (n.saturating_sub(HOME_LATEST)..n)
                .rev()
                .map(|i| self.event_summary(i, lang))
                .collect(),
            advisory: self
                .content
                .advisories
                .len()
                .checked_sub(1)
                .map(|i| self.advisory_brief(i, lang)),
            timeline_url: self.link(&PageKind::TIMELINE, lang),
            map_url: self.link(&PageKind::Map, lang),
        }
    }

    fn advisory_brief(&self, i: usize, lang: &str) -> AdvisoryBrief {
        let advisory = &self.content.advisories[i];
        let mut counts: Vec<LevelCount> = Level::ALL
            .iter()
            .rev()
            .map(|l| LevelCount {
                level: l.key(),
                count: advisory.count(*l),
            })
            .collect();
        counts.push(LevelCount {
            level: level_key(None),
            count: self.regions.len() - advisory.states.len(),
        });
        AdvisoryBrief {
            date: advisory.date,
            url: self.link(&PageKind::Advisory(i), lang),
            issuer: advisory.texts[lang].issuer.clone(),
            counts,
            note: advisory.texts[lang].note.clone(),
            official: advisory.official_url.as_ref().map(|url| OfficialLink {
                url: url.clone(),
                language: advisory.official_language.clone(),
                foreign: advisory
                    .official_language
                    .as_deref()
                    .is_some_and(|l| l != lang),
            }),
        }
    }

    fn map_view(&self, lang: &str) -> MapView<'_> {
        let latest = self.content.advisories.len().checked_sub(1);
        let rows: Vec<StateRow> = self
            .regions
            .iter()
            .enumerate()
            .map(|(i, region)| {
                let listed =
                    latest.and_then(|a| self.content.advisories[a].states.get(&region.code));
                StateRow {
                    code: region.code.clone(),
                    name: region_name(region, lang).to_string(),
                    url: self.link(&PageKind::State(i), lang),
                    level: level_key(listed.map(|s| s.level)),
                    advisory_note: listed
                        .and(latest)
                        .and_then(|a| self.content.advisories[a].texts[lang].note.clone()),
                    note: listed.and_then(|s| s.notes.get(lang).cloned()),
                    path: self
                        .map
                        .shapes
                        .get(i)
                        .map(|s| s.d.clone())
                        .unwrap_or_default(),
                }
            })
            .collect();
        let mut sorted = rows.clone();
        sorted.sort_by_cached_key(|row| collation_key(&row.name, lang));
        MapView {
            advisory: latest.map(|i| self.advisory_brief(i, lang)),
            summary_html: latest.map(|i| self.html.advisories[i][lang].clone()),
            sources: latest
                .map(|i| self.sources(&self.content.advisories[i].sources, lang))
                .unwrap_or_default(),
            width: self.map.width,
            height: self.map.height,
            shapes: rows,
            table: sorted,
            history: self.advisory_links(lang),
        }
    }

    fn advisory_links(&self, lang: &str) -> Vec<Link<'_>> {
        self.content
            .advisories
            .iter()
            .enumerate()
            .rev()
            .map(|(i, a)| Link {
                url: self.link(&PageKind::Advisory(i), lang),
                title: &a.texts[lang].issuer,
                date: a.date,
            })
            .collect()
    }

    fn state_view(&self, i: usize, lang: &str) -> StateView<'_> {
        let region = &self.regions[i];
        let history: Vec<HistoryEntry> = self
            .content
            .advisories
            .iter()
            .enumerate()
            .rev()
            .map(|(a, advisory)| {
                let listed = advisory.states.get(&region.code);
                HistoryEntry {
                    date: advisory.date,
                    url: self.link(&PageKind::Advisory(a), lang),
                    level: level_key(listed.map(|s| s.level)),
                    advisory_note: listed.and_then(|_| advisory.texts[lang].note.clone()),
                    note: listed.and_then(|s| s.notes.get(lang).cloned()),
                }
            })
            .collect();
        let concerning: Vec<usize> = (0..self.content.events.len())
            .rev()
            .filter(|e| self.content.events[*e].states.contains(&region.code))
            .collect();
        let events_total = concerning.len();
        let events: Vec<EventSummary> = concerning
            .into_iter()
            .take(STATE_EVENTS)
            .map(|e| self.event_summary(e, lang))
            .collect();
        let modified = self.state_modified(i);
        let newest = self.content.advisories.last();
        let locator = self
            .locator
            .shapes
            .iter()
            .map(|s| LocatorShape {
                code: s.code.clone(),
                d: s.d.clone(),
                current: s.code == region.code,
                level: level_key(newest.and_then(|a| a.states.get(&s.code)).map(|s| s.level)),
            })
            .collect();
        let width = self.locator.width;
        let locator_label = self
            .locator
            .shapes
            .iter()
            .find(|s| s.code == region.code)
            .map(|s| {
                let [x, y] = s.label;
                LocatorLabel {
                    x,
                    // Above the state's centre, so the name covers less of it.
                    y: (y - 6.0).max(12.0),
                    anchor: if x < width * 0.3 {
                        "start"
                    } else if x > width * 0.7 {
                        "end"
                    } else {
                        "middle"
                    },
                }
            });
        StateView {
            code: region.code.clone(),
            name: region_name(region, lang).to_string(),
            level: history.first().map_or(level_key(None), |h| h.level),
            advisory_note: self
                .content
                .advisories
                .last()
                .filter(|a| a.states.contains_key(&region.code))
                .and_then(|a| a.texts[lang].note.clone()),
            note: history.first().and_then(|h| h.note.clone()),
            advisory: self
                .content
                .advisories
                .len()
                .checked_sub(1)
                .map(|a| self.advisory_brief(a, lang)),
            history,
            events,
            events_total,
            timeline_url: self.link(&PageKind::TIMELINE, lang),
            modified,
            map_url: self.link(&PageKind::Map, lang),
            locator,
            locator_label,
            sources: self
                .content
                .advisories
                .last()
                .map(|a| self.sources(&a.sources, lang))
                .unwrap_or_default(),
            locator_width: self.locator.width,
            locator_height: self.locator.height,
        }
    }

    fn advisory_view(&self, i: usize, lang: &str) -> AdvisoryView<'_> {
        let advisory = &self.content.advisories[i];
        let previous = i.checked_sub(1).map(|p| &self.content.advisories[p]);
        let mut listed: Vec<StateRow> = advisory
            .states
            .iter()
            .filter_map(|(code, state)| {
                let link = self.state_link(code, lang)?;
                Some(StateRow {
                    code: code.clone(),
                    name: link.name,
                    url: link.url,
                    level: state.level.key(),
                    advisory_note: advisory.texts[lang].note.clone(),
                    note: state.notes.get(lang).cloned(),
                    path: String::new(),
                })
            })
            .collect();
        listed.sort_by_cached_key(|row| collation_key(&row.name, lang));
        let link = |j: usize| {
            let a = &self.content.advisories[j];
            Link {
                url: self.link(&PageKind::Advisory(j), lang),
                title: &a.texts[lang].issuer,
                date: a.date,
            }
        };
        AdvisoryView {
            brief: self.advisory_brief(i, lang),
            summary_html: self.html.advisories[i][lang].clone(),
            sources: self.sources(&advisory.sources, lang),
            states: listed,
            changes: previous.map(|p| self.changes(p, advisory, lang)),
            previous: i.checked_sub(1).map(link),
            next: (i + 1 < self.content.advisories.len()).then(|| link(i + 1)),
            map_url: self.link(&PageKind::Map, lang),
        }
    }

    fn changes(&self, before: &Advisory, after: &Advisory, lang: &str) -> Vec<Change> {
        let mut changes = Vec::new();
        for (i, region) in self.regions.iter().enumerate() {
            let (old, new) = (
                before.states.get(&region.code),
                after.states.get(&region.code),
            );
            let change = match (old, new) {
                (None, None) => continue,
                (None, Some(_)) => "added",
                (Some(_), None) => "removed",
                (Some(o), Some(n)) if n.level > o.level => "raised",
                (Some(o), Some(n)) if n.level < o.level => "lowered",
                (Some(o), Some(n)) if o.notes != n.notes => "note-changed",
                _ => continue,
            };
            changes.push(Change {
                change,
                name: region_name(region, lang).to_string(),
                url: self.link(&PageKind::State(i), lang),
                from: level_key(old.map(|s| s.level)),
                to: level_key(new.map(|s| s.level)),
                note: new.and_then(|s| s.notes.get(lang).cloned()),
            });
        }
        changes.sort_by(|a, b| {
            (a.change, collation_key(&a.name, lang)).cmp(&(b.change, collation_key(&b.name, lang)))
        });
        changes
    }
}

/// How many of the newest events that concern a state its page lists.
pub const STATE_EVENTS: usize = 20;

/// How many of the newest events the home page lists.
pub const HOME_LATEST: usize = 3;

/// A sort key that orders names alphabetically in `lang`: accents and case are secondary (so
/// "Chiapas" < "Chihuahua" < "Ciudad de México" < "Michoacán"), and in Spanish `ñ` is a letter of
/// its own after `n`. Ties are broken by the exact name, so the order is total and stable.
fn collation_key(name: &str, lang: &str) -> (String, String) {
    let mut primary = String::with_capacity(name.len());
    for c in name.chars() {
        if lang == "es" && (c == 'ñ' || c == 'Ñ') {
            // After every `n` followed by a letter: `~` sorts after `z`.
            primary.push_str("n~");
        } else {
            let mut buf = [0u8; 4];
            primary.push_str(&deunicode::deunicode(c.encode_utf8(&mut buf)).to_lowercase());
        }
    }
    (primary, name.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn collation_ignores_accents() {
        let mut names = vec![
            "Zacatecas",
            "Michoacán",
            "Ciudad de México",
            "Chihuahua",
            "Chiapas",
            "Querétaro",
            "Quintana Roo",
        ];
        names.sort_by_key(|n| collation_key(n, "es"));
        assert_eq!(
            names,
            [
                "Chiapas",
                "Chihuahua",
                "Ciudad de México",
                "Michoacán",
                "Querétaro",
                "Quintana Roo",
                "Zacatecas"
            ]
        );
        // Spanish: ñ is a letter after n; elsewhere it is an accented n.
        let mut words = vec!["caña", "canoa", "cana", "cañón"];
        words.sort_by_key(|n| collation_key(n, "es"));
        assert_eq!(words, ["cana", "canoa", "caña", "cañón"]);
        words.sort_by_key(|n| collation_key(n, "en"));
        assert_eq!(words, ["cana", "caña", "canoa", "cañón"]);
        assert!(collation_key("Mexico", "en") < collation_key("México", "en"));
    }
}
