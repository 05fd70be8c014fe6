//! ROUTE: the route table, every page in every language with its counterparts, each output's path
//! checked against every other (`outputs`).

use std::collections::BTreeMap;
use std::path::PathBuf;

use crate::config::Config;
use crate::content::{Content, Level};
use crate::diagnostic::Report;
use crate::map::Region;

mod outputs;

pub use outputs::{is_bookkeeping_name, Origin, Spot};
use outputs::{Outputs, BOOKKEEPING};

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
    /// A language's search index (JSON): how its words and documents are split into files.
    SearchIndex,
    /// One shard of a language's search index: the words whose first letters fall in it, each
    /// with the documents that hold it (see `search_shard`).
    SearchWords(u32),
    /// One chunk of a language's search documents: title, address, kind and text of
    /// `SEARCH_CHUNK` documents in the index's order.
    SearchDocs(u32),
    /// A language's open-data page: the downloads, their columns, licence.
    Data,
    /// One of a language's open-data downloads.
    Download(DataFile),
}

/// The open-data downloads of a language, each made from the same content as the pages.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum DataFile {
    /// Every published event, one row each (CSV).
    EventsCsv,
    /// Every published event, one object each (JSON).
    EventsJson,
    /// One row per advisory snapshot and federal entity (CSV).
    AdvisoriesCsv,
    /// One object per advisory snapshot and federal entity (JSON).
    AdvisoriesJson,
}

impl DataFile {
    /// Every download, in the order the data page lists them.
    pub const ALL: [DataFile; 4] = [
        DataFile::EventsCsv,
        DataFile::EventsJson,
        DataFile::AdvisoriesCsv,
        DataFile::AdvisoriesJson,
    ];

    /// The file's name in the language's data folder.
    pub fn name(self) -> &'static str {
        match self {
            DataFile::EventsCsv => "events.csv",
            DataFile::EventsJson => "events.json",
            DataFile::AdvisoriesCsv => "advisories.csv",
            DataFile::AdvisoriesJson => "advisories.json",
        }
    }

    /// The file's media type.
    pub fn media_type(self) -> &'static str {
        match self {
            DataFile::EventsCsv | DataFile::AdvisoriesCsv => "text/csv",
            DataFile::EventsJson | DataFile::AdvisoriesJson => "application/json",
        }
    }

    /// True for the downloads made from the events (the others are made from the advisories).
    pub fn is_events(self) -> bool {
        matches!(self, DataFile::EventsCsv | DataFile::EventsJson)
    }
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
                | PageKind::SearchWords(_)
                | PageKind::SearchDocs(_)
                | PageKind::Download(_)
        )
    }

    /// True for the files that gather every page (the sitemap, the search indexes): the longest
    /// to render, so a build starts them first rather than finish on one of them alone.
    pub fn gathers_every_page(&self) -> bool {
        matches!(
            self,
            PageKind::Sitemap
                | PageKind::SearchIndex
                | PageKind::SearchWords(_)
                | PageKind::SearchDocs(_)
                | PageKind::Download(_)
        )
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

/// The file an Atom feed is written to, in each language's folder.
pub const FEED: &str = "feed.xml";

/// The file a search index is written to, in each language's folder.
pub const SEARCH_INDEX: &str = "search.json";

/// The folder of a search index's shards and document chunks, in each language's folder.
pub const SEARCH_FOLDER: &str = "search";

/// How many documents a chunk of search documents holds: a result shown fetches its chunk, so
/// a chunk is kept small (an event's text is 2–4 KB): at 10,000 events, 20 results fetch at
/// most 20 chunks of about 16 KB.
pub const SEARCH_CHUNK: usize = 4;

/// How many shards a language's search index is split into for `events` events: about one per
/// 16 events, a power of two from 8 to 512 (there are 36 × 37 two-letter starts).
pub fn search_shards(events: usize) -> u32 {
    (events / 16).next_power_of_two().clamp(8, 512) as u32
}

/// The shard of a folded word (`[a-z0-9]+`) among `shards`: the number of its first two
/// characters (`0-9` are 0–9, `a-z` 10–35, no second character 36), first × 37 + second, modulo
/// `shards`. Every word that starts with the same two characters is in the same shard, so a
/// prefix of two characters or more names one shard. `static/search.js` computes the same.
pub fn search_shard(word: &str, shards: u32) -> u32 {
    let digit = |c: Option<u8>| match c {
        Some(c @ b'0'..=b'9') => u32::from(c - b'0'),
        Some(c @ b'a'..=b'z') => u32::from(c - b'a') + 10,
        _ => 36,
    };
    let bytes = word.as_bytes();
    (digit(bytes.first().copied()) * 37 + digit(bytes.get(1).copied())) % shards.max(1)
}

/// How many documents the search index of `lang` holds: every event, advisory and page (the
/// home page aside) written in it, and every federal entity.
pub fn search_documents(content: &Content, regions: &[Region], lang: &str) -> usize {
    let written = |untranslated: &[String]| !untranslated.iter().any(|l| l == lang);
    content
        .events
        .iter()
        .filter(|e| written(&e.untranslated))
        .count()
        + regions.len()
        + content
            .advisories
            .iter()
            .filter(|a| written(&a.untranslated))
            .count()
        + content
            .pages
            .iter()
            .filter(|p| !p.is_home() && written(&p.untranslated))
            .count()
}

/// An event kind's filter page in one language: the slug of its Fluent label, and where that label
/// is written (to blame the .ftl file when the URL collides).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct KindName {
    /// The URL segment, `llamada` for `kind-call = Llamada`.
    pub slug: String,
    /// The .ftl file.
    pub file: PathBuf,
    /// Line and column of the message, when known.
    pub at: Option<(usize, usize)>,
}

/// Every kind's filter page name, by language code and kind.
pub type KindNames = BTreeMap<(String, String), KindName>;

/// Every route of the site, findable by kind and language.
#[derive(Debug, Clone, Default)]
pub struct Routes {
    /// All routes, in a stable order.
    pub all: Vec<Route>,
    by_kind: rustc_hash::FxHashMap<PageKind, Vec<(Option<String>, usize)>>,
}

impl Routes {
    /// Builds the route table, reporting any two outputs that would be written to the same file.
    ///
    /// `kinds` names each event kind's filter page (a kind missing from it is named after its key);
    /// `others` are the outputs that are not routes (static files: output file and origin), which
    /// take their place in the same table.
    pub fn new<'a>(
        config: &'a Config,
        content: &'a Content,
        regions: &'a [Region],
        kinds: &'a KindNames,
        others: &[(&'a str, Origin<'a>)],
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
        let mut outputs = Outputs::with_capacity(expected + others.len());
        for name in BOOKKEEPING {
            outputs.claim(name.to_string(), None, Origin::Bookkeeping(name));
        }
        let mut add = |routes: &mut Routes,
                       kind: PageKind,
                       language: Option<&str>,
                       path: String,
                       origin: Origin<'a>| {
            let route = Route {
                kind,
                language: language.map(str::to_string),
                path,
            };
            if outputs.claim(route.file(), Some(&route.path), origin) {
                routes.push(route);
            }
        };
        add(
            &mut routes,
            PageKind::LanguageChoice,
            None,
            "/".into(),
            Origin::Builtin("the language choice page", None),
        );
        add(
            &mut routes,
            PageKind::NotFound,
            None,
            "/404.html".into(),
            Origin::Builtin("the not-found page", None),
        );
        add(
            &mut routes,
            PageKind::Sitemap,
            None,
            "/sitemap.xml".into(),
            Origin::Builtin("the sitemap", None),
        );
        add(
            &mut routes,
            PageKind::Robots,
            None,
            "/robots.txt".into(),
            Origin::Builtin("robots.txt", None),
        );
        let mut used_kinds: BTreeMap<&str, usize> = BTreeMap::new();
        let mut years: BTreeMap<u16, usize> = BTreeMap::new();
        for event in &content.events {
            *used_kinds.entry(event.kind.as_str()).or_default() += 1;
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
                Origin::Builtin("the home page", Some(lang)),
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
                    Origin::Section("timeline", lang)
                } else {
                    Origin::Builtin("a page of the timeline", Some(lang))
                };
                add(
                    &mut routes,
                    PageKind::Timeline(page),
                    Some(lang),
                    paged(&timeline, page),
                    origin,
                );
            }
            for (kind, count) in &used_kinds {
                let name = kinds.get(&(lang.to_string(), kind.to_string()));
                let slug = match name {
                    Some(name) => name.slug.clone(),
                    None => crate::content::slug::slugify(kind),
                };
                let base = format!("{timeline}{slug}/");
                for page in 1..=pages(*count) {
                    add(
                        &mut routes,
                        PageKind::TimelineKind(kind.to_string(), page),
                        Some(lang),
                        paged(&base, page),
                        Origin::Kind(kind, lang, name),
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
                        Origin::Year(*year, lang),
                    );
                }
            }
            for (i, event) in content.events.iter().enumerate() {
                let text = &event.texts[lang];
                add(
                    &mut routes,
                    PageKind::Event(i),
                    Some(lang),
                    format!("{timeline}{}/", text.slug),
                    Origin::item(
                        &event.path,
                        lang,
                        text.slug_at,
                        Spot::Offset(text.title_offset),
                    ),
                );
            }
            add(
                &mut routes,
                PageKind::Feed,
                Some(lang),
                format!("{root}{FEED}"),
                Origin::Builtin("the Atom feed", Some(lang)),
            );
            add(
                &mut routes,
                PageKind::SearchIndex,
                Some(lang),
                format!("{root}{SEARCH_INDEX}"),
                Origin::Builtin("the search index", Some(lang)),
            );
            let search = format!("{root}{SEARCH_FOLDER}/");
            for shard in 0..search_shards(content.events.len()) {
                add(
                    &mut routes,
                    PageKind::SearchWords(shard),
                    Some(lang),
                    format!("{search}w{shard}.json"),
                    Origin::Builtin("a shard of the search index", Some(lang)),
                );
            }
            let chunks = search_documents(content, regions, lang).div_ceil(SEARCH_CHUNK);
            for chunk in 0..chunks as u32 {
                add(
                    &mut routes,
                    PageKind::SearchDocs(chunk),
                    Some(lang),
                    format!("{search}d{chunk}.json"),
                    Origin::Builtin("a chunk of the search documents", Some(lang)),
                );
            }
            let data = format!("{root}{}/", sections.data);
            add(
                &mut routes,
                PageKind::Data,
                Some(lang),
                data.clone(),
                Origin::Section("data", lang),
            );
            for file in DataFile::ALL {
                add(
                    &mut routes,
                    PageKind::Download(file),
                    Some(lang),
                    format!("{data}{}", file.name()),
                    Origin::Builtin("an open-data download", Some(lang)),
                );
            }
            let map = format!("{root}{}/", sections.map);
            add(
                &mut routes,
                PageKind::Map,
                Some(lang),
                map.clone(),
                Origin::Section("map", lang),
            );
            for (i, region) in regions.iter().enumerate() {
                let slug = crate::content::slug::slugify(region_name(region, lang));
                add(
                    &mut routes,
                    PageKind::State(i),
                    Some(lang),
                    format!("{map}{slug}/"),
                    Origin::State(&region.code, lang),
                );
            }
            let advisories = format!("{root}{}/", sections.advisories);
            for (i, advisory) in content.advisories.iter().enumerate() {
                add(
                    &mut routes,
                    PageKind::Advisory(i),
                    Some(lang),
                    format!("{advisories}{}/", advisory.date),
                    Origin::Item {
                        file: &advisory.path,
                        lang,
                        at: None,
                        derived: false,
                    },
                );
            }
            for (i, page) in content.pages.iter().enumerate() {
                if page.is_home() {
                    continue;
                }
                let text = &page.texts[lang];
                add(
                    &mut routes,
                    PageKind::Page(i),
                    Some(lang),
                    format!("{root}{}/", text.slug),
                    Origin::item(
                        &text.path,
                        lang,
                        text.slug_at,
                        Spot::At(text.title_at.0, text.title_at.1),
                    ),
                );
            }
        }
        for (file, origin) in others {
            outputs.claim(file.to_string(), None, origin.clone());
        }
        outputs.finish().into_result(routes)
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

/// A region's names by language code: the GeoJSON's `name_<code>` properties.
pub fn region_names(region: &Region) -> [(&'static str, &str); 2] {
    [("es", &region.name_es), ("en", &region.name_en)]
}

/// A region's name in `language`; where the GeoJSON gives none in it, its English name.
pub fn region_name<'a>(region: &'a Region, language: &str) -> &'a str {
    region_names(region)
        .into_iter()
        .find(|(code, _)| *code == language)
        .map_or(&region.name_en, |(_, name)| name)
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
        let routes = Routes::new(&config(), &content, &regions, &KindNames::new(), &[]).unwrap();
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
        let report = Routes::new(&config(), &content, &[], &KindNames::new(), &[]).unwrap_err();
        assert_eq!(report.0.len(), 2, "{report}");
        assert!(
            report.0[0]
                .message
                .contains("/es/cronologia/misma/ is already used by a.toml [es]"),
            "{report}"
        );
        assert_eq!(report.0[0].line, Some(5));
    }

    fn errors(
        content: &Content,
        regions: &[Region],
        kinds: &KindNames,
        others: &[(&str, Origin)],
    ) -> Vec<String> {
        match Routes::new(&config(), content, regions, kinds, others) {
            Ok(_) => Vec::new(),
            Err(report) => report.0.iter().map(|d| d.to_string()).collect(),
        }
    }

    #[test]
    fn an_empty_slug_is_the_same_file_as_its_folder() {
        let mut e = event("a.toml", "llamada");
        e.texts.get_mut("es").unwrap().slug = String::new();
        let content = Content {
            events: vec![e.into()],
            ..Content::default()
        };
        let errors = errors(&content, &[], &KindNames::new(), &[]);
        assert_eq!(errors.len(), 1, "{errors:#?}");
        assert!(
            errors[0].starts_with("a.toml:5:8: error: the URL /es/cronologia// is already used by the `timeline` section of site.toml [es]"),
            "{errors:#?}"
        );
    }

    #[test]
    fn static_files_share_the_table_with_every_generated_file() {
        let content = Content {
            events: vec![event("a.toml", "llamada").into()],
            ..Content::default()
        };
        let path = |p: &'static str| Path::new(p);
        let others = [
            (
                "es/cronologia/llamada/index.html",
                Origin::Static(path("static/a")),
            ),
            ("es/feed.xml", Origin::Static(path("static/b"))),
            ("404.html", Origin::Static(path("static/c"))),
            (".puente-inputs", Origin::Static(path("static/d"))),
            ("img/.puente-manifest", Origin::Static(path("static/e"))),
            (".public.puente-next", Origin::Static(path("static/f"))),
            ("es/mapa", Origin::Static(path("static/g"))),
            ("ES/Index.html", Origin::Static(path("static/h"))),
            ("x/./y.png", Origin::Static(path("static/i"))),
            ("x/y.png", Origin::Static(path("static/j"))),
            ("ok.png", Origin::Static(path("static/k"))),
            ("__puente/live.js", Origin::Static(path("static/l"))),
        ];
        let errors = errors(&content, &[], &KindNames::new(), &others);
        let expect = [
            "static/a: error: static file `es/cronologia/llamada/index.html` has the same path as a generated file: a.toml [es]",
            "static/b: error: static file `es/feed.xml` has the same path as a generated file: the Atom feed [es]",
            "static/c: error: static file `404.html` has the same path as a generated file: the not-found page",
            "static/d: error: static file `.puente-inputs` has a name Puente keeps for its own files",
            "static/e: error: static file `img/.puente-manifest` has a name Puente keeps",
            "static/f: error: static file `.public.puente-next` has a name Puente keeps",
            "static/g: error: `es/mapa/index.html` (the `map` section of site.toml [es]) needs `es/mapa` to be a folder, but `es/mapa` is a file (static file static/g)",
            "static/h: error: `ES/Index.html` (static file static/h) and `es/index.html` (the home page [es]) differ only in case",
            "static/j: error: static file `x/y.png` has the same path as static file static/i",
            "static/l: error: static file `__puente/live.js` is under `__puente/`, where `puente serve` answers",
        ];
        for (i, line) in expect.iter().enumerate() {
            assert!(errors[i].starts_with(line), "{i}: {line}\n{errors:#?}");
        }
        assert_eq!(errors.len(), expect.len(), "{errors:#?}");
    }

    #[test]
    fn a_file_in_the_way_of_many_pages_is_one_error() {
        let regions = [
            region("MX-CMX", "Ciudad de México", "Mexico City"),
            region("MX-CHP", "Chiapas", "Chiapas"),
        ];
        let static_file = Path::new("static/es/mapa");
        let under_feed = [Path::new("static/a.png"), Path::new("static/b.png")];
        let others = [
            ("es/mapa", Origin::Static(static_file)),
            ("es/feed.xml/a.png", Origin::Static(under_feed[0])),
            ("es/feed.xml/b.png", Origin::Static(under_feed[1])),
        ];
        let errors = errors(&Content::default(), &regions, &KindNames::new(), &others);
        assert_eq!(errors.len(), 3, "{errors:#?}");
        assert!(errors[0].starts_with("static/a.png: error: `es/feed.xml/a.png`"));
        assert!(errors[1].starts_with("static/b.png: error: `es/feed.xml/b.png`"));
        assert!(errors[2].starts_with("static/es/mapa: error: `es/mapa/index.html` (the `map` section of site.toml [es]) needs `es/mapa` to be a folder"), "{errors:#?}");
    }

    #[test]
    fn kind_filters_and_states_are_blamed_where_they_are_named() {
        let mut content = Content {
            events: vec![event("a.toml", "uno").into()],
            ..Content::default()
        };
        let mut other = event("b.toml", "dos");
        other.kind = "agreement".into();
        content.events.push(other.into());
        let name = |slug: &str, line| KindName {
            slug: slug.into(),
            file: PathBuf::from("i18n/es.ftl"),
            at: Some((line, 1)),
        };
        let mut kinds = KindNames::new();
        kinds.insert(("es".into(), "agreement".into()), name("mismo", 33));
        kinds.insert(("es".into(), "call".into()), name("mismo", 35));
        let regions = [
            region("MX-CMX", "Ciudad de México", "Mexico City"),
            region("MX-MEX", "Ciudad de Mexico", "State of Mexico"),
        ];
        let mut errors = errors(&content, &regions, &kinds, &[]);
        assert_eq!(errors.len(), 2, "{errors:#?}");
        errors.sort();
        assert!(errors[1].starts_with("i18n/es.ftl:35:1: error: the URL /es/cronologia/mismo/ is already used by the timeline filter for the kind `agreement` [es], named after `kind-agreement` in i18n/es.ftl"), "{errors:#?}");
        assert!(
            errors[1].contains("hint: change the label `kind-call`"),
            "{errors:#?}"
        );
        assert!(errors[0].starts_with("content/geo/mexico-states.geojson: error: the URL /es/mapa/ciudad-de-mexico/ is already used by the page of the state MX-CMX [es]"), "{errors:#?}");
        assert!(
            errors[0].contains("hint: change the name of MX-MEX (`name_es`)"),
            "{errors:#?}"
        );
    }

    #[test]
    fn level_keys() {
        assert_eq!(level_key(None), "not-listed");
        assert_eq!(level_key(Some(Level::AvoidAll)), "avoid-all");
    }
}
