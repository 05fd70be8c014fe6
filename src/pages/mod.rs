//! The page types, one file each, holding its template, its view (what the template is given),
//! its key (what, besides what every page shows, decides its bytes: see `route_key`) and its
//! metadata (title, description, "Date modified").
//!
//! This module dispatches on a route's `PageKind` to them; `render` runs the templates.

pub(crate) mod advisory;
mod common;
pub(crate) mod data;
pub(crate) mod downloads;
pub(crate) mod event;
pub(crate) mod feed;
pub(crate) mod home;
pub(crate) mod language;
pub(crate) mod map;
pub(crate) mod not_found;
pub(crate) mod page;
pub(crate) mod robots;
pub(crate) mod search;
pub(crate) mod sitemap;
pub(crate) mod state;
pub(crate) mod timeline;
pub(crate) mod untranslated;

use crate::content::Date;
use crate::diagnostic::Diagnostic;
use crate::render::meta;
use crate::render::views::PageMeta;
use crate::render::Renderer;
use crate::routes::{PageKind, Route};
use common::Key;

pub(crate) use downloads::EventPieces;
pub use home::HOME_LATEST;
pub(crate) use search::{Assembled, AssembledIndex};
pub use state::STATE_EVENTS;

/// Makes what many pages of a render share and what is made with a parallel loop of its own
/// (the search indexes, the events' rows of the open-data files), before the pages are keyed
/// and rendered in parallel. Made lazily by the first page that asks, a rayon thread waiting
/// inside that loop may take up another page that asks for the same thing, and wait for ever on
/// a `OnceLock` it is itself filling.
pub(crate) fn prepare(r: &Renderer<'_>) {
    search::prepare(r);
    downloads::prepare(r);
}

/// A template's name and what it is given, for one route.
pub(crate) fn context(
    r: &Renderer<'_>,
    route: &Route,
) -> Result<(&'static str, tera::Context), Diagnostic> {
    let lang = route
        .language
        .clone()
        .unwrap_or_else(|| r.languages[0].clone());
    let lang = lang.as_str();
    let mut ctx = tera::Context::new();
    let untranslated = untranslated::view(r, route, lang);
    let template = match &route.kind {
        _ if untranslated.is_some() => {
            ctx.insert("untranslated", &untranslated);
            untranslated::TEMPLATE
        }
        PageKind::Feed => {
            ctx.insert("feed", &feed::view(r, lang)?);
            feed::TEMPLATE
        }
        PageKind::Sitemap => {
            ctx.insert("sitemap", &sitemap::view(r)?);
            sitemap::TEMPLATE
        }
        PageKind::Robots => robots::context(r, &mut ctx),
        PageKind::SearchIndex
        | PageKind::SearchWords(_)
        | PageKind::SearchDocs(_)
        | PageKind::Download(_) => {
            return Err(Diagnostic::new(
                crate::layout::TEMPLATES,
                "the search index and the downloads are made without a template",
            ))
        }
        PageKind::Data => {
            ctx.insert("data", &data::view(r, lang));
            data::TEMPLATE
        }
        PageKind::LanguageChoice => language::TEMPLATE,
        PageKind::NotFound => not_found::TEMPLATE,
        PageKind::Home => {
            ctx.insert("home", &home::view(r, lang));
            home::TEMPLATE
        }
        PageKind::Timeline(_) | PageKind::TimelineKind(..) | PageKind::TimelineYear(..) => {
            timeline::context(r, &route.kind, lang, &mut ctx)
        }
        PageKind::Event(i) => {
            ctx.insert("event", &event::view(r, *i, lang));
            event::TEMPLATE
        }
        PageKind::Map => {
            ctx.insert("map", &map::view(r, lang));
            map::TEMPLATE
        }
        PageKind::State(i) => {
            ctx.insert("state", &state::view(r, *i, lang));
            state::TEMPLATE
        }
        PageKind::Advisory(i) => {
            ctx.insert("advisory", &advisory::view(r, *i, lang));
            advisory::TEMPLATE
        }
        PageKind::Page(i) => page::context(r, *i, lang, &mut ctx),
    };
    ctx.insert("lang", lang);
    // A page in no one language (the language choice, the 404) speaks every language to the end.
    ctx.insert("bilingual", &route.language.is_none());
    ctx.insert("site", &r.site_view(lang));
    if route.kind.is_page() || route.kind == PageKind::NotFound {
        let meta = self::meta(r, route, lang)?;
        ctx.insert("page", &meta::page_view(r, route, meta, lang)?);
        ctx.insert("nav", &r.nav(route, lang));
    }
    Ok((template, ctx))
}

/// A hash of everything a route's page shows, on top of `global` (templates, UI strings, map,
/// advisories, pages, the route table): equal keys, equal page. Each page type says what it
/// shows of the events.
pub fn route_key(r: &Renderer<'_>, route: &Route, global: u64, all_events: u64) -> u64 {
    let mut key = Key {
        hasher: xxhash_rust::xxh3::Xxh3::with_seed(global),
    };
    key.hasher.update(route.path.as_bytes());
    // The "Date modified" every page states, from the very function its metadata uses.
    key.hasher.update(&modified(r, route).key_bytes());
    match &route.kind {
        PageKind::Event(i) => event::key(r, *i, &mut key),
        PageKind::Timeline(_) | PageKind::TimelineKind(..) | PageKind::TimelineYear(..) => {
            timeline::key(r, &route.kind, &mut key)
        }
        PageKind::State(i) => state::key(r, *i, &mut key),
        // These show no event but in their "Date modified": the rest is in `global`.
        PageKind::Map
        | PageKind::Advisory(_)
        | PageKind::Page(_)
        | PageKind::Robots
        | PageKind::LanguageChoice
        | PageKind::NotFound => {}
        PageKind::Sitemap => sitemap::key(r, &mut key),
        PageKind::Home => home::key(r, &mut key),
        PageKind::Feed => feed::key(r, &mut key, all_events),
        PageKind::SearchIndex | PageKind::SearchWords(_) | PageKind::SearchDocs(_) => {
            let lang = route.language.as_deref().unwrap_or_default();
            key.hasher
                .update(&search::key(r, &route.kind, lang).to_le_bytes())
        }
        PageKind::Data => data::key(r, &mut key),
        PageKind::Download(file) => downloads::key(*file, &mut key, all_events),
    }
    key.hasher.digest()
}

/// The bytes of an output made without a template (a search index, a download), or `None`.
pub(crate) fn untemplated(r: &Renderer<'_>, route: &Route) -> Option<Result<Vec<u8>, Diagnostic>> {
    let lang = route.language.as_deref()?;
    match route.kind {
        PageKind::SearchIndex | PageKind::SearchWords(_) | PageKind::SearchDocs(_) => {
            Some(search::bytes(r, &route.kind, lang))
        }
        PageKind::Download(file) => Some(downloads::bytes(r, file, lang)),
        _ => None,
    }
}

/// Title, description and "Date modified" of a page.
pub(crate) fn meta(r: &Renderer<'_>, route: &Route, lang: &str) -> Result<PageMeta, Diagnostic> {
    let modified = modified(r, route);
    let meta = match &route.kind {
        PageKind::LanguageChoice => language::meta(r, lang, modified)?,
        PageKind::Home => home::meta(r, lang, modified)?,
        PageKind::NotFound => not_found::meta(r, lang, modified)?,
        PageKind::Timeline(_) | PageKind::TimelineKind(..) | PageKind::TimelineYear(..) => {
            timeline::meta(r, &route.kind, lang, modified)?
        }
        PageKind::Event(i) => event::meta(r, *i, lang, modified)?,
        PageKind::Map => map::meta(r, lang, modified)?,
        PageKind::State(i) => state::meta(r, *i, lang, modified)?,
        PageKind::Advisory(i) => advisory::meta(r, *i, lang, modified)?,
        PageKind::Page(i) => page::meta(r, *i, lang, modified)?,
        PageKind::Data => data::meta(r, lang, modified)?,
        // Files that are no pages carry the site's title.
        PageKind::Feed
        | PageKind::Sitemap
        | PageKind::Robots
        | PageKind::SearchIndex
        | PageKind::SearchWords(_)
        | PageKind::SearchDocs(_)
        | PageKind::Download(_) => {
            let mut meta = home::meta(r, lang, modified)?;
            meta.description = String::new();
            meta
        }
    };
    let page = route.kind.page_number();
    if page > 1 {
        let title = r.t(
            lang,
            "listing-page",
            &[
                (
                    "title",
                    fluent_bundle::FluentValue::from(meta.title.clone()),
                ),
                ("page", fluent_bundle::FluentValue::from(page)),
            ],
        )?;
        return Ok(PageMeta { title, ..meta });
    }
    Ok(meta)
}

/// The "Date modified" of a page: the newest date of the content it shows (the site's newest
/// where it shows none of its own).
pub(crate) fn modified(r: &Renderer<'_>, route: &Route) -> Date {
    let newest = r.newest_modified();
    match &route.kind {
        PageKind::Timeline(_) | PageKind::TimelineKind(..) | PageKind::TimelineYear(..) => {
            timeline::modified(r, &route.kind).unwrap_or(newest)
        }
        PageKind::Event(i) => event::modified(r, *i),
        PageKind::Map => map::modified(r).unwrap_or(newest),
        PageKind::State(i) => state::modified(r, *i),
        PageKind::Advisory(i) => advisory::modified(r, *i),
        PageKind::Page(i) => {
            page::modified(r, *i, route.language.as_deref().unwrap_or_default()).unwrap_or(newest)
        }
        _ => newest,
    }
}
