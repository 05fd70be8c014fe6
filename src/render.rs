//! Tera setup and the typed view of each page that the templates render.

use std::collections::BTreeMap;
use std::path::Path;
use std::sync::Arc;

use rayon::prelude::*;
use serde::Serialize;

use crate::config::Config;
use crate::content::{Advisory, Content, Date, Event, Level, Source};
use crate::diagnostic::{Diagnostic, Report};
use crate::i18n::{I18n, LongDate, MonthYear, Translate};
use crate::map::{DrawnMap, Region};
use crate::markdown;
use crate::site::{level_key, region_name, PageKind, Route, Routes};

/// Loads every `templates/*.html`, reporting each syntax error with its line and column.
pub fn load_templates(dir: &Path, i18n: Option<Arc<I18n>>) -> Result<tera::Tera, Vec<Diagnostic>> {
    let mut problems = Vec::new();
    let mut sources = Vec::new();
    let entries = walkdir::WalkDir::new(dir).max_depth(1).sort_by_file_name();
    for entry in entries {
        let entry = match entry {
            Ok(e) => e,
            Err(e) => {
                problems.push(
                    Diagnostic::new(dir, format!("cannot read the templates folder: {e}"))
                        .hint("create templates/ with base.html and the page templates"),
                );
                continue;
            }
        };
        let path = entry.path();
        if !entry.file_type().is_file() || path.extension().is_none_or(|e| e != "html") {
            continue;
        }
        let name = entry.file_name().to_string_lossy().into_owned();
        match crate::fs::read_to_string(path) {
            Ok(text) => {
                if let Err(e) = tera::Template::new(&name, None, &text) {
                    problems.push(template_diagnostic(path, &e));
                }
                sources.push((name, text));
            }
            Err(d) => problems.push(d),
        }
    }
    if !problems.is_empty() {
        return Err(problems);
    }
    let mut tera = tera::Tera::default();
    tera.autoescape_on(vec![".html", ".xml"]);
    tera.set_escape_fn(escape_html);
    if let Some(i18n) = i18n {
        tera.register_function("t", Translate(i18n.clone()));
        tera.register_filter("long_date", LongDate(i18n.clone()));
        tera.register_filter("month_year", MonthYear(i18n));
    }
    tera.add_raw_templates(sources).map_err(|e| {
        vec![Diagnostic::new(dir, error_chain(&e))
            .hint("check `extends`, `include` and `import` names against the files in templates/")]
    })?;
    for required in REQUIRED_TEMPLATES {
        if !tera.get_template_names().any(|n| n == *required) {
            problems.push(
                Diagnostic::new(dir.join(required), "this template is missing")
                    .hint("every page type needs its template; see README.md"),
            );
        }
    }
    if problems.is_empty() {
        Ok(tera)
    } else {
        Err(problems)
    }
}

/// Escapes text for HTML content and quoted attributes (`&`, `<`, `>`, `"`, `'`), leaving `/` readable.
pub fn escape_html(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + text.len() / 8);
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            _ => out.push(c),
        }
    }
    out
}

/// The templates every site needs, one per page type.
pub const REQUIRED_TEMPLATES: &[&str] = &[
    "language.html",
    "404.html",
    "home.html",
    "timeline.html",
    "event.html",
    "map.html",
    "state.html",
    "advisory.html",
    "page.html",
];

fn template_diagnostic(path: &Path, error: &tera::Error) -> Diagnostic {
    let text = error_chain(error);
    let what = text
        .lines()
        .rev()
        .find_map(|l| l.trim().strip_prefix("= "))
        .unwrap_or(text.trim());
    let diagnostic = Diagnostic::new(path, format!("template error: {what}"));
    let position = text.split("--> ").nth(1).and_then(|rest| {
        let end = rest.find(|c: char| !(c.is_ascii_digit() || c == ':'))?;
        let (line, column) = rest[..end].split_once(':')?;
        Some((line.parse().ok()?, column.parse().ok()?))
    });
    let diagnostic = match position {
        Some((line, column)) => diagnostic.at(line, column),
        None => diagnostic,
    };
    diagnostic
        .hint("see the Tera documentation (https://keats.github.io/tera/docs/) for the syntax")
}

/// An error and all its causes, joined.
pub fn error_chain(error: &dyn std::error::Error) -> String {
    let mut text = error.to_string();
    let mut source = error.source();
    while let Some(cause) = source {
        text.push_str(": ");
        text.push_str(&cause.to_string());
        source = cause.source();
    }
    text
}

/// Everything a render needs, borrowed from the loaded site.
pub struct Renderer<'a> {
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
    /// The full map, drawn once.
    pub map: &'a DrawnMap,
    /// The small locator map, drawn once.
    pub locator: &'a DrawnMap,
    languages: Vec<String>,
    html: Prepared,
}

/// Markdown rendered once per item and language.
#[derive(Default)]
struct Prepared {
    events: Vec<BTreeMap<String, (String, String)>>,
    advisories: Vec<BTreeMap<String, String>>,
    pages: Vec<BTreeMap<String, String>>,
}

impl<'a> Renderer<'a> {
    /// Prepares a renderer, turning every Markdown text into HTML.
    pub fn new(
        config: &'a Config,
        content: &'a Content,
        regions: &'a [Region],
        routes: &'a Routes,
        tera: &'a tera::Tera,
        maps: (&'a DrawnMap, &'a DrawnMap),
    ) -> Self {
        let base = config.base_path.as_str();
        let md = |text: &str| markdown::render(text, base).html;
        let html = Prepared {
            events: content
                .events
                .par_iter()
                .map(|e| {
                    e.texts
                        .iter()
                        .map(|(l, t)| (l.clone(), (md(&t.summary), md(&t.body))))
                        .collect()
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
            map: maps.0,
            locator: maps.1,
            languages: config.languages.iter().map(|l| l.code.clone()).collect(),
            html,
        }
    }

    /// Renders every route in parallel: `(output file, HTML)` in route order, or every error.
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

    /// Renders one route.
    pub fn render(&self, route: &Route) -> Result<String, Diagnostic> {
        let (template, context) = self.context(route);
        self.tera.render(template, &context).map_err(|e| {
            Diagnostic::new(
                Path::new("templates").join(template),
                format!("cannot render {}: {}", route.path, error_chain(&e)),
            )
            .hint("check the variable and function names the template uses against README.md")
        })
    }

    fn context(&self, route: &Route) -> (&'static str, tera::Context) {
        let lang = route
            .language
            .clone()
            .unwrap_or_else(|| self.languages[0].clone());
        let lang = lang.as_str();
        let mut ctx = tera::Context::new();
        let (template, meta) = match &route.kind {
            PageKind::LanguageChoice => (
                "language.html",
                self.site_meta(lang, self.newest_modified()),
            ),
            PageKind::NotFound => ("404.html", self.site_meta(lang, self.newest_modified())),
            PageKind::Home => {
                ctx.insert("home", &self.home_view(lang));
                ("home.html", self.site_meta(lang, self.newest_modified()))
            }
            PageKind::Timeline => {
                ctx.insert("years", &self.timeline_view(lang));
                let modified = self.content.events.iter().map(Event::modified).max();
                ("timeline.html", self.section_meta("nav-timeline", modified))
            }
            PageKind::Event(i) => {
                let view = self.event_view(*i, lang);
                let meta = PageMeta {
                    title: view.summary.title.clone(),
                    description: plain_text(&view.summary.summary_html),
                    modified: view.modified,
                    title_key: None,
                };
                ctx.insert("event", &view);
                ("event.html", meta)
            }
            PageKind::Map => {
                let view = self.map_view(lang);
                let modified = self.content.advisories.last().map(Advisory::modified);
                ctx.insert("map", &view);
                ("map.html", self.section_meta("nav-map", modified))
            }
            PageKind::State(i) => {
                let view = self.state_view(*i, lang);
                let meta = PageMeta {
                    title: view.name.clone(),
                    description: String::new(),
                    modified: view.modified,
                    title_key: None,
                };
                ctx.insert("state", &view);
                ("state.html", meta)
            }
            PageKind::Advisory(i) => {
                let view = self.advisory_view(*i, lang);
                let meta = PageMeta {
                    title: String::new(),
                    description: plain_text(&view.summary_html),
                    modified: self.content.advisories[*i].modified(),
                    title_key: Some("advisory-title"),
                };
                ctx.insert("advisory", &view);
                ("advisory.html", meta)
            }
            PageKind::Page(i) => {
                let page = &self.content.pages[*i];
                let text = &page.texts[lang];
                ctx.insert("body_html", &self.html.pages[*i][lang]);
                (
                    "page.html",
                    PageMeta {
                        title: text.title.clone(),
                        description: text.description.clone(),
                        modified: text.updated,
                        title_key: None,
                    },
                )
            }
        };
        ctx.insert("lang", lang);
        ctx.insert("site", &self.site_view(lang));
        ctx.insert("page", &self.page_view(route, meta));
        ctx.insert("nav", &self.nav(route, lang));
        (template, ctx)
    }

    fn site_view(&self, lang: &str) -> SiteView<'_> {
        let language = self
            .config
            .language(lang)
            .unwrap_or(self.config.default_language());
        SiteView {
            title: &language.title,
            description: &language.description,
            base_path: &self.config.base_path,
            base_url: &self.config.base_url,
            home_url: self.link(&PageKind::Home, &language.code),
            languages: self
                .config
                .languages
                .iter()
                .map(|l| LanguageLink {
                    lang: &l.code,
                    url: self.config.link(self.routes.path(&PageKind::Home, &l.code)),
                    title: &l.title,
                    description: &l.description,
                })
                .collect(),
        }
    }

    fn site_meta(&self, lang: &str, modified: Date) -> PageMeta {
        let language = self
            .config
            .language(lang)
            .unwrap_or(self.config.default_language());
        PageMeta {
            title: language.title.clone(),
            description: language.description.clone(),
            modified,
            title_key: None,
        }
    }

    fn section_meta(&self, key: &'static str, modified: Option<Date>) -> PageMeta {
        let modified = modified.unwrap_or_else(|| self.newest_modified());
        PageMeta {
            title: String::new(),
            description: String::new(),
            modified,
            title_key: Some(key),
        }
    }

    fn newest_modified(&self) -> Date {
        let events = self.content.events.iter().map(Event::modified);
        let advisories = self.content.advisories.iter().map(Advisory::modified);
        let pages = self
            .content
            .pages
            .iter()
            .flat_map(|p| p.texts.values().map(|t| t.updated));
        events.chain(advisories).chain(pages).max().unwrap_or(Date {
            year: 1970,
            month: 1,
            day: 1,
        })
    }

    fn page_view(&self, route: &Route, meta: PageMeta) -> PageView {
        let url = self.config.link(&route.path);
        let canonical = self.config.absolute_url(&url);
        let counterparts: Vec<&Route> = if route.language.is_some() {
            self.routes.counterparts(route, &self.languages).collect()
        } else {
            Vec::new()
        };
        let alternates = counterparts
            .iter()
            .map(|r| Alternate {
                lang: r.language.clone().unwrap_or_default(),
                url: self.config.absolute_url(&self.config.link(&r.path)),
            })
            .collect();
        let switch = counterparts
            .iter()
            .filter(|r| r.language != route.language)
            .map(|r| Alternate {
                lang: r.language.clone().unwrap_or_default(),
                url: self.config.link(&r.path),
            })
            .collect();
        PageView {
            title: meta.title,
            title_key: meta.title_key,
            description: meta.description,
            url,
            canonical,
            modified: meta.modified,
            alternates,
            x_default: self.config.absolute_url(&self.config.link("/")),
            switch,
        }
    }

    fn nav(&self, route: &Route, lang: &str) -> Vec<NavItem> {
        if route.language.is_none() {
            return Vec::new();
        }
        let current_section = match route.kind {
            PageKind::Home => Some(PageKind::Home),
            PageKind::Timeline | PageKind::Event(_) => Some(PageKind::Timeline),
            PageKind::Map | PageKind::State(_) | PageKind::Advisory(_) => Some(PageKind::Map),
            PageKind::Page(i) => Some(PageKind::Page(i)),
            _ => None,
        };
        let mut items = vec![
            (PageKind::Home, Some("nav-home"), None),
            (PageKind::Timeline, Some("nav-timeline"), None),
            (PageKind::Map, Some("nav-map"), None),
        ];
        for (i, page) in self.content.pages.iter().enumerate() {
            if !page.is_home() {
                items.push((
                    PageKind::Page(i),
                    None,
                    Some(page.texts[lang].title.clone()),
                ));
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

    fn link(&self, kind: &PageKind, lang: &str) -> String {
        self.config.link(self.routes.path(kind, lang))
    }

    fn event_summary(&self, i: usize, lang: &str) -> EventSummary {
        let event = &self.content.events[i];
        let text = &event.texts[lang];
        EventSummary {
            id: event.id.clone(),
            url: self.link(&PageKind::Event(i), lang),
            title: text.title.clone(),
            date: event.date,
            kind: event.kind.clone(),
            summary_html: self.html.events[i][lang].0.clone(),
        }
    }

    fn event_view(&self, i: usize, lang: &str) -> EventView {
        let event = &self.content.events[i];
        let link = |j: usize| {
            let e = &self.content.events[j];
            Link {
                url: self.link(&PageKind::Event(j), lang),
                title: e.texts[lang].title.clone(),
                date: e.date,
            }
        };
        EventView {
            summary: self.event_summary(i, lang),
            modified: event.modified(),
            people: event.people.clone(),
            states: event
                .states
                .iter()
                .filter_map(|code| self.state_link(code, lang))
                .collect(),
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
            body_html: self.html.events[i][lang].1.clone(),
            previous: i.checked_sub(1).map(link),
            next: (i + 1 < self.content.events.len()).then(|| link(i + 1)),
            timeline_url: self.link(&PageKind::Timeline, lang),
        }
    }

    fn sources(&self, sources: &[Source], lang: &str) -> Vec<SourceView> {
        sources
            .iter()
            .map(|s| SourceView {
                source: s.clone(),
                foreign: s.language.as_deref().is_some_and(|l| l != lang),
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

    fn timeline_view(&self, lang: &str) -> Vec<YearGroup> {
        let mut years: Vec<YearGroup> = Vec::new();
        for i in (0..self.content.events.len()).rev() {
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

    fn home_view(&self, lang: &str) -> HomeView {
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
            timeline_url: self.link(&PageKind::Timeline, lang),
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
        }
    }

    fn map_view(&self, lang: &str) -> MapView {
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
        sorted.sort_by_cached_key(|row| collation_key(&row.name));
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

    fn advisory_links(&self, lang: &str) -> Vec<Link> {
        self.content
            .advisories
            .iter()
            .enumerate()
            .rev()
            .map(|(i, a)| Link {
                url: self.link(&PageKind::Advisory(i), lang),
                title: a.texts[lang].issuer.clone(),
                date: a.date,
            })
            .collect()
    }

    fn state_view(&self, i: usize, lang: &str) -> StateView {
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
                    note: listed.and_then(|s| s.notes.get(lang).cloned()),
                }
            })
            .collect();
        let events: Vec<EventSummary> = (0..self.content.events.len())
            .rev()
            .filter(|e| self.content.events[*e].states.contains(&region.code))
            .map(|e| self.event_summary(e, lang))
            .collect();
        let modified = self
            .content
            .advisories
            .iter()
            .map(Advisory::modified)
            .chain(events.iter().map(|e| {
                self.content
                    .events
                    .iter()
                    .find(|x| x.id == e.id)
                    .map_or(e.date, Event::modified)
            }))
            .max()
            .unwrap_or_else(|| self.newest_modified());
        let locator = self
            .locator
            .shapes
            .iter()
            .map(|s| LocatorShape {
                d: s.d.clone(),
                current: s.code == region.code,
            })
            .collect();
        StateView {
            code: region.code.clone(),
            name: region_name(region, lang).to_string(),
            level: history.first().map_or(level_key(None), |h| h.level),
            note: history.first().and_then(|h| h.note.clone()),
            advisory: self
                .content
                .advisories
                .len()
                .checked_sub(1)
                .map(|a| self.advisory_brief(a, lang)),
            history,
            events,
            modified,
            map_url: self.link(&PageKind::Map, lang),
            locator,
            locator_width: self.locator.width,
            locator_height: self.locator.height,
        }
    }

    fn advisory_view(&self, i: usize, lang: &str) -> AdvisoryView {
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
                    note: state.notes.get(lang).cloned(),
                    path: String::new(),
                })
            })
            .collect();
        listed.sort_by_cached_key(|row| collation_key(&row.name));
        let link = |j: usize| {
            let a = &self.content.advisories[j];
            Link {
                url: self.link(&PageKind::Advisory(j), lang),
                title: a.texts[lang].issuer.clone(),
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
            (a.change, collation_key(&a.name)).cmp(&(b.change, collation_key(&b.name)))
        });
        changes
    }
}

/// How many of the newest events the home page lists.
pub const HOME_LATEST: usize = 3;

/// A sort key that orders names alphabetically regardless of accents and case.
fn collation_key(name: &str) -> String {
    deunicode::deunicode(name).to_lowercase()
}

/// The text of a small piece of HTML, for descriptions.
fn plain_text(html: &str) -> String {
    let mut text = String::with_capacity(html.len());
    let mut in_tag = false;
    for c in html.chars() {
        match c {
            '<' => in_tag = true,
            '>' => in_tag = false,
            _ if !in_tag => text.push(c),
            _ => {}
        }
    }
    let text = text
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&amp;", "&");
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

struct PageMeta {
    title: String,
    description: String,
    modified: Date,
    title_key: Option<&'static str>,
}

#[derive(Serialize)]
struct SiteView<'a> {
    title: &'a str,
    description: &'a str,
    base_path: &'a str,
    base_url: &'a str,
    home_url: String,
    languages: Vec<LanguageLink<'a>>,
}

#[derive(Serialize)]
struct LanguageLink<'a> {
    lang: &'a str,
    url: String,
    title: &'a str,
    description: &'a str,
}

#[derive(Serialize)]
struct PageView {
    title: String,
    title_key: Option<&'static str>,
    description: String,
    url: String,
    canonical: String,
    modified: Date,
    alternates: Vec<Alternate>,
    x_default: String,
    switch: Vec<Alternate>,
}

#[derive(Serialize)]
struct Alternate {
    lang: String,
    url: String,
}

#[derive(Serialize)]
struct NavItem {
    key: Option<&'static str>,
    title: Option<String>,
    url: String,
    current: bool,
    section: bool,
}

#[derive(Serialize, Clone)]
struct EventSummary {
    id: String,
    url: String,
    title: String,
    date: Date,
    kind: String,
    summary_html: String,
}

#[derive(Serialize)]
struct EventView {
    #[serde(flatten)]
    summary: EventSummary,
    modified: Date,
    people: Vec<String>,
    states: Vec<StateLink>,
    sources: Vec<SourceView>,
    quotes: Vec<QuoteView>,
    body_html: String,
    previous: Option<Link>,
    next: Option<Link>,
    timeline_url: String,
}

#[derive(Serialize)]
struct SourceView {
    #[serde(flatten)]
    source: Source,
    foreign: bool,
}

#[derive(Serialize)]
struct QuoteView {
    by: String,
    lang: String,
    text: String,
    translation: Option<String>,
}

#[derive(Serialize)]
struct Link {
    url: String,
    title: String,
    date: Date,
}

#[derive(Serialize)]
struct StateLink {
    code: String,
    name: String,
    url: String,
}

#[derive(Serialize)]
struct YearGroup {
    year: u16,
    months: Vec<MonthGroup>,
}

#[derive(Serialize)]
struct MonthGroup {
    date: Date,
    events: Vec<EventSummary>,
}

#[derive(Serialize)]
struct HomeView {
    intro_html: Option<String>,
    latest: Vec<EventSummary>,
    advisory: Option<AdvisoryBrief>,
    timeline_url: String,
    map_url: String,
}

#[derive(Serialize)]
struct AdvisoryBrief {
    date: Date,
    url: String,
    issuer: String,
    counts: Vec<LevelCount>,
}

#[derive(Serialize)]
struct LevelCount {
    level: &'static str,
    count: usize,
}

#[derive(Serialize, Clone)]
struct StateRow {
    code: String,
    name: String,
    url: String,
    level: &'static str,
    note: Option<String>,
    path: String,
}

#[derive(Serialize)]
struct MapView {
    advisory: Option<AdvisoryBrief>,
    summary_html: Option<String>,
    sources: Vec<SourceView>,
    width: f64,
    height: f64,
    shapes: Vec<StateRow>,
    table: Vec<StateRow>,
    history: Vec<Link>,
}

#[derive(Serialize)]
struct HistoryEntry {
    date: Date,
    url: String,
    level: &'static str,
    note: Option<String>,
}

#[derive(Serialize)]
struct LocatorShape {
    d: String,
    current: bool,
}

#[derive(Serialize)]
struct StateView {
    code: String,
    name: String,
    level: &'static str,
    note: Option<String>,
    advisory: Option<AdvisoryBrief>,
    history: Vec<HistoryEntry>,
    events: Vec<EventSummary>,
    modified: Date,
    map_url: String,
    locator: Vec<LocatorShape>,
    locator_width: f64,
    locator_height: f64,
}

#[derive(Serialize)]
struct AdvisoryView {
    #[serde(flatten)]
    brief: AdvisoryBrief,
    summary_html: String,
    sources: Vec<SourceView>,
    states: Vec<StateRow>,
    changes: Option<Vec<Change>>,
    previous: Option<Link>,
    next: Option<Link>,
    map_url: String,
}

#[derive(Serialize)]
struct Change {
    change: &'static str,
    name: String,
    url: String,
    from: &'static str,
    to: &'static str,
    note: Option<String>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_text_strips_tags_and_entities() {
        assert_eq!(
            plain_text("<p>Hola &amp; <em>adiós</em>\n</p>"),
            "Hola & adiós"
        );
    }

    #[test]
    fn collation_ignores_accents() {
        let mut names = vec!["Zacatecas", "Michoacán", "Ciudad de México", "Chiapas"];
        names.sort_by_key(|n| collation_key(n));
        assert_eq!(
            names,
            ["Chiapas", "Ciudad de México", "Michoacán", "Zacatecas"]
        );
    }

    #[test]
    fn template_syntax_error_has_line_and_column() {
        let e = tera::Template::new("x.html", None, "<p>\n{{ foo </p>").unwrap_err();
        let d = template_diagnostic(Path::new("templates/x.html"), &e);
        assert_eq!(d.line, Some(2), "{d}");
        assert!(d.column.is_some());
    }
}
