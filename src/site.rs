//! The in-memory site: every route in every language, with its counterparts, checked for collisions.

use std::collections::BTreeMap;
use std::path::Path;

use crate::config::Config;
use crate::content::{Content, Level};
use crate::diagnostic::{Diagnostic, Report};
use crate::map::Region;

/// What a route shows.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum PageKind {
    /// `/`: the language choice (x-default).
    LanguageChoice,
    /// `/404.html`, in every language.
    NotFound,
    /// A language's home page.
    Home,
    /// The timeline of events: page 1, 2, ...
    Timeline(u32),
    /// One event, by index into `Content::events`.
    Event(usize),
    /// The advisory map.
    Map,
    /// One federal entity, by index into the regions.
    State(usize),
    /// One advisory snapshot, by index into `Content::advisories`.
    Advisory(usize),
    /// One Markdown page, by index into `Content::pages`.
    Page(usize),
    /// The timeline filtered to one event kind: page 1, 2, ...
    TimelineKind(String, u32),
    /// The timeline filtered to one year: page 1, 2, ...
    TimelineYear(u16, u32),
    /// A language's Atom feed.
    Feed,
    /// `/sitemap.xml`.
    Sitemap,
    /// `/robots.txt`.
    Robots,
    /// A language's search index (JSON).
    SearchIndex,
}

impl PageKind {
    /// The first page of the timeline.
    pub const TIMELINE: PageKind = PageKind::Timeline(1);

    /// The same listing's page `page`, or `None` when this is not a timeline listing.
    pub fn with_page(&self, page: u32) -> Option<PageKind> {
        match self {
            PageKind::Timeline(_) => Some(PageKind::Timeline(page)),
            PageKind::TimelineKind(k, _) => Some(PageKind::TimelineKind(k.clone(), page)),
            PageKind::TimelineYear(y, _) => Some(PageKind::TimelineYear(*y, page)),
            _ => None,
        }
    }

    /// The page number of a timeline listing (1 for anything else).
    pub fn page_number(&self) -> u32 {
        match self {
            PageKind::Timeline(p) | PageKind::TimelineKind(_, p) | PageKind::TimelineYear(_, p) => {
                *p
            }
            _ => 1,
        }
    }

    /// True for the HTML pages a reader can land on (what the sitemap lists).
    pub fn is_page(&self) -> bool {
        !matches!(
            self,
            PageKind::NotFound
                | PageKind::Feed
                | PageKind::Sitemap
                | PageKind::Robots
                | PageKind::SearchIndex
        )
    }

    /// True for the files that gather every page (the sitemap, the search indexes): the longest
    /// to render, so a build starts them first rather than finish on one of them alone.
    pub fn gathers_every_page(&self) -> bool {
        matches!(self, PageKind::Sitemap | PageKind::SearchIndex)
    }
}

/// One output page.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Route {
    /// What it shows.
    pub kind: PageKind,
    /// Its language; `None` for the multilingual pages (`/` and `/404.html`).
    pub language: Option<String>,
    /// Site path without the base path, such as `/es/cronologia/` or `/404.html`.
    pub path: String,
}

impl Route {
    /// The output file, relative to the output folder.
    pub fn file(&self) -> String {
        let relative = self.path.trim_start_matches('/');
        if relative.is_empty() || relative.ends_with('/') {
            format!("{relative}index.html")
        } else {
            relative.to_string()
        }
    }
}

/// Every route of the site, findable by kind and language.
#[derive(Debug, Clone, Default)]
pub struct Routes {
    /// All routes, in a stable order.
    pub all: Vec<Route>,
    by_kind: rustc_hash::FxHashMap<PageKind, Vec<(Option<String>, usize)>>,
}

impl Routes {
    /// Builds the route table, reporting any two items that would be written to the same path.
    ///
    /// `kind_label(language, kind)` gives the label an event kind's filter page is named after.
    pub fn build<'a>(
        config: &'a Config,
        content: &'a Content,
        regions: &[Region],
        kind_label: &dyn Fn(&str, &str) -> String,
    ) -> Result<Routes, Report> {
        // A capacity hint: every item and state has a page in every language, and there is about
        // one listing page for every ten of them.
        let items =
            content.events.len() + content.advisories.len() + content.pages.len() + regions.len();
        let expected = items * config.languages.len() * 11 / 10 + 64;
        let mut routes = Routes {
            all: Vec::with_capacity(expected),
            // One entry per kind, holding its route in every language.
            by_kind: rustc_hash::FxHashMap::with_capacity_and_hasher(
                expected / config.languages.len().max(1),
                Default::default(),
            ),
        };
        let mut origins: rustc_hash::FxHashMap<String, Origin<'a>> =
            rustc_hash::FxHashMap::with_capacity_and_hasher(expected, Default::default());
        let mut report = Report::default();
        let mut add = |routes: &mut Routes,
                       kind: PageKind,
                       language: Option<&str>,
                       path: String,
                       origin: Origin<'a>| {
            if let Some(first) = origins.get(&path) {
                report.push(origin.collision(&path, first));
                return;
            }
            origins.insert(path.clone(), origin);
            routes.push(Route {
                kind,
                language: language.map(str::to_string),
                path,
            });
        };
        add(
            &mut routes,
            PageKind::LanguageChoice,
            None,
            "/".into(),
            Origin::Builtin,
        );
        add(
            &mut routes,
            PageKind::NotFound,
            None,
            "/404.html".into(),
            Origin::Builtin,
        );
        add(
            &mut routes,
            PageKind::Sitemap,
            None,
            "/sitemap.xml".into(),
            Origin::Builtin,
        );
        add(
            &mut routes,
            PageKind::Robots,
            None,
            "/robots.txt".into(),
            Origin::Builtin,
        );
        let mut kinds: BTreeMap<&str, usize> = BTreeMap::new();
        let mut years: BTreeMap<u16, usize> = BTreeMap::new();
        for event in &content.events {
            *kinds.entry(event.kind.as_str()).or_default() += 1;
            *years.entry(event.date.year).or_default() += 1;
        }
        for language in &config.languages {
            let lang = language.code.as_str();
            let sections = &language.sections;
            let root = format!("/{lang}/");
            add(
                &mut routes,
                PageKind::Home,
                Some(lang),
                root.clone(),
                Origin::Builtin,
            );
            let timeline = format!("{root}{}/", sections.timeline);
            let paged = |base: &str, page: u32| {
                if page == 1 {
                    base.to_string()
                } else {
                    format!("{base}{}/{page}/", sections.page)
                }
            };
            let size = config.timeline_page_size.max(1);
            let pages = |n: usize| n.div_ceil(size).max(1) as u32;
            for page in 1..=pages(content.events.len()) {
                let origin = if page == 1 {
                    Origin::Section("timeline")
                } else {
                    Origin::Builtin
                };
                add(
                    &mut routes,
                    PageKind::Timeline(page),
                    Some(lang),
                    paged(&timeline, page),
                    origin,
                );
            }
            for (kind, count) in &kinds {
                let slug = crate::content::slug::slugify(&kind_label(lang, kind));
                let base = format!("{timeline}{slug}/");
                for page in 1..=pages(*count) {
                    let kind = PageKind::TimelineKind(kind.to_string(), page);
                    add(
                        &mut routes,
                        kind,
                        Some(lang),
                        paged(&base, page),
                        Origin::Builtin,
                    );
                }
            }
            for (year, count) in &years {
                let base = format!("{timeline}{year}/");
                for page in 1..=pages(*count) {
                    add(
                        &mut routes,
                        PageKind::TimelineYear(*year, page),
                        Some(lang),
                        paged(&base, page),
                        Origin::Builtin,
                    );
                }
            }
            for (i, event) in content.events.iter().enumerate() {
                let text = &event.texts[lang];
                let origin = Origin::Item(&event.path, text.slug_at, lang);
                add(
                    &mut routes,
                    PageKind::Event(i),
                    Some(lang),
                    format!("{timeline}{}/", text.slug),
                    origin,
                );
            }
            add(
                &mut routes,
                PageKind::Feed,
                Some(lang),
                format!("{root}feed.xml"),
                Origin::Builtin,
            );
            add(
                &mut routes,
                PageKind::SearchIndex,
                Some(lang),
                format!("{root}search.json"),
                Origin::Builtin,
            );
            let map = format!("{root}{}/", sections.map);
            add(
                &mut routes,
                PageKind::Map,
                Some(lang),
                map.clone(),
                Origin::Section("map"),
            );
            for (i, region) in regions.iter().enumerate() {
                let slug = crate::content::slug::slugify(region_name(region, lang));
                add(
                    &mut routes,
                    PageKind::State(i),
                    Some(lang),
                    format!("{map}{slug}/"),
                    Origin::Builtin,
                );
            }
            let advisories = format!("{root}{}/", sections.advisories);
            for (i, advisory) in content.advisories.iter().enumerate() {
                let origin = Origin::Item(&advisory.path, None, lang);
                add(
                    &mut routes,
                    PageKind::Advisory(i),
                    Some(lang),
                    format!("{advisories}{}/", advisory.date),
                    origin,
                );
            }
            for (i, page) in content.pages.iter().enumerate() {
                if page.is_home() {
                    continue;
                }
                let text = &page.texts[lang];
                let origin = Origin::Item(&text.path, text.slug_at, lang);
                add(
                    &mut routes,
                    PageKind::Page(i),
                    Some(lang),
                    format!("{root}{}/", text.slug),
                    origin,
                );
            }
        }
        report.into_result(routes)
    }

    fn push(&mut self, route: Route) {
        self.by_kind
            .entry(route.kind.clone())
            .or_default()
            .push((route.language.clone(), self.all.len()));
        self.all.push(route);
    }

    /// The route of `kind` in `language` (`None` for the multilingual pages).
    pub fn get(&self, kind: &PageKind, language: Option<&str>) -> Option<&Route> {
        let versions = self.by_kind.get(kind)?;
        let (_, index) = versions.iter().find(|(l, _)| l.as_deref() == language)?;
        self.all.get(*index)
    }

    /// The path of `kind` in `language`; every kind exists in every language once built.
    pub fn path(&self, kind: &PageKind, language: &str) -> &str {
        self.get(kind, Some(language))
            .map_or("/", |r| r.path.as_str())
    }

    /// The routes of the same kind in every language, `route` included, in language order.
    pub fn counterparts<'a>(
        &'a self,
        route: &Route,
        languages: &'a [String],
    ) -> impl Iterator<Item = &'a Route> + 'a {
        let kind = route.kind.clone();
        languages
            .iter()
            .filter_map(move |l| self.get(&kind, Some(l)))
    }
}

/// Where a route comes from, to report collisions.
#[derive(Debug, Clone)]
enum Origin<'a> {
    Builtin,
    Section(&'static str),
    /// An item's file, where its slug is written (if it is), and the language.
    Item(&'a Path, Option<(usize, usize)>, &'a str),
}

impl Origin<'_> {
    fn describe(&self) -> String {
        match self {
            Origin::Builtin => "a page the site always has (a filter, a feed, a state)".into(),
            Origin::Section(name) => format!("the `{name}` section of site.toml"),
            Origin::Item(path, _, lang) => format!("{} [{lang}]", path.display()),
        }
    }

    fn collision(&self, path: &str, first: &Origin) -> Diagnostic {
        let message = format!("the URL {path} is already used by {}", first.describe());
        let hint = "give this item a different `slug` in that language";
        match self {
            Origin::Item(file, Some((line, column)), _) => {
                Diagnostic::new(file, message).at(*line, *column).hint(hint)
            }
            Origin::Item(file, None, _) => Diagnostic::new(file, message).hint(hint),
            _ => Diagnostic::new("site.toml", message)
                .hint("rename the section in site.toml, or the conflicting item's slug"),
        }
    }
}

/// A region's name in `language` (Spanish for `es`, English otherwise).
pub fn region_name<'a>(region: &'a Region, language: &str) -> &'a str {
    if language == "es" {
        &region.name_es
    } else {
        &region.name_en
    }
}

/// The level key shown for a state in an advisory: its level, or `not-listed`.
pub fn level_key(level: Option<Level>) -> &'static str {
    level.map_or(NOT_LISTED, Level::key)
}

/// The key for a state an advisory does not name.
pub const NOT_LISTED: &str = "not-listed";

#[cfg(test)]
mod tests {
    use super::*;
    use crate::content::event::tests::vocabulary;
    use crate::content::Event;
    use std::path::Path;

    fn config() -> Config {
        let text = r#"base_url = "https://example.org/"
[[languages]]
code = "es"
title = "T"
description = "D"
locale = "es_MX"
sections = { timeline = "cronologia", map = "mapa", advisories = "avisos" }
[[languages]]
code = "en"
title = "T"
description = "D"
locale = "en_CA"
sections = { timeline = "timeline", map = "map", advisories = "advisories" }
"#;
        Config::parse(Path::new("site.toml"), text).unwrap()
    }

    fn event(file: &str, es_slug: &str) -> Event {
        let text = format!(
            "date = 2025-01-01\nkind = \"call\"\n[es]\ntitle = \"T\"\nslug = \"{es_slug}\"\nsummary = \"S\"\n[en]\ntitle = \"English {file}\"\nsummary = \"S\"\n"
        );
        Event::parse(Path::new(file), &text, &vocabulary()).unwrap()
    }

    fn region(code: &str, es: &str, en: &str) -> Region {
        Region {
            code: code.into(),
            inegi: "01".into(),
            name_es: es.into(),
            name_en: en.into(),
            polygons: Vec::new(),
        }
    }

    #[test]
    fn routes_have_counterparts_in_every_language() {
        let content = Content {
            events: vec![event("a.toml", "llamada").into()],
            ..Content::default()
        };
        let regions = [region("MX-CMX", "Ciudad de México", "Mexico City")];
        let routes = Routes::build(&config(), &content, &regions, &|_, k| k.to_string()).unwrap();
        let event_es = routes.get(&PageKind::Event(0), Some("es")).unwrap();
        assert_eq!(event_es.path, "/es/cronologia/llamada/");
        assert_eq!(event_es.file(), "es/cronologia/llamada/index.html");
        let languages = ["es".to_string(), "en".to_string()];
        let paths: Vec<&str> = routes
            .counterparts(event_es, &languages)
            .map(|r| r.path.as_str())
            .collect();
        assert_eq!(
            paths,
            ["/es/cronologia/llamada/", "/en/timeline/english-a-toml/"]
        );
        assert_eq!(
            routes.path(&PageKind::State(0), "es"),
            "/es/mapa/ciudad-de-mexico/"
        );
        assert_eq!(
            routes.path(&PageKind::State(0), "en"),
            "/en/map/mexico-city/"
        );
        assert_eq!(
            routes.get(&PageKind::NotFound, None).unwrap().file(),
            "404.html"
        );
    }

    #[test]
    fn colliding_slugs_are_all_reported() {
        let content = Content {
            events: vec![
                event("a.toml", "misma").into(),
                event("b.toml", "misma").into(),
                event("c.toml", "misma").into(),
            ],
            ..Content::default()
        };
        let report = Routes::build(&config(), &content, &[], &|_, k| k.to_string()).unwrap_err();
        assert_eq!(report.0.len(), 2, "{report}");
        assert!(
            report.0[0]
                .message
                .contains("/es/cronologia/misma/ is already used by a.toml [es]"),
            "{report}"
        );
        assert_eq!(report.0[0].line, Some(5));
    }

    #[test]
    fn level_keys() {
        assert_eq!(level_key(None), "not-listed");
        assert_eq!(level_key(Some(Level::AvoidAll)), "avoid-all");
    }
}
