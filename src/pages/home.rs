//! The home page of a language, a briefing first: the newest advisory's date, issuer, listed
//! states by name and caveat, and the newest event; then its intro (the home page's Markdown) and
//! the other latest events; template `home.html`.

use serde::Serialize;

use super::common::Key;
use crate::content::Date;
use crate::diagnostic::Diagnostic;
use crate::render::views::PageMeta;
use crate::render::views::{AdvisoryBrief, EventSummary};
use crate::render::{collation_key, Renderer};
use crate::routes::{region_name, PageKind};

/// The template.
pub(crate) const TEMPLATE: &str = "home.html";

/// How many of the newest events the home page lists.
pub const HOME_LATEST: usize = 3;

/// What the page shows besides what every page shows: the latest events, and the site's
/// "Date modified".
pub(crate) fn key(r: &Renderer<'_>, key: &mut Key) {
    let n = r.content.events.len();
    (n.saturating_sub(HOME_LATEST)..n).for_each(|e| key.event(r, e));
    key.hasher.update(&r.newest.key_bytes());
}

/// The page's view: the intro, the latest events, the newest advisory in brief.
pub(crate) fn view<'r>(r: &'r Renderer<'_>, lang: &str) -> HomeView<'r> {
    let intro = r.content.pages.iter().position(|p| p.is_home());
    let n = r.content.events.len();
    HomeView {
        intro_html: intro.map(|i| r.html.pages[i][lang].clone()),
        latest: (n.saturating_sub(HOME_LATEST)..n)
            .rev()
            .map(|i| r.event_summary(i, lang))
            .collect(),
        advisory: r
            .content
            .advisories
            .len()
            .checked_sub(1)
            .map(|i| r.advisory_brief(i, lang)),
        timeline_url: r.link(&PageKind::TIMELINE, lang),
        map_url: r.link(&PageKind::Map, lang),
        listed: listed(r, lang),
    }
}

/// The states the newest advisory lists, by level (most severe first), each in collation order.
fn listed(r: &Renderer<'_>, lang: &str) -> Vec<ListedLevel> {
    let Some(advisory) = r.content.advisories.last() else {
        return Vec::new();
    };
    crate::content::Level::ALL
        .iter()
        .rev()
        .filter_map(|level| {
            let mut states: Vec<ListedState> = r
                .regions
                .iter()
                .enumerate()
                .filter_map(|(i, region)| {
                    let state = advisory.states.get(&region.code)?;
                    (state.level == *level).then(|| ListedState {
                        name: region_name(region, lang).to_string(),
                        url: r.link(&PageKind::State(i), lang),
                        note: state.notes.get(lang).cloned(),
                    })
                })
                .collect();
            states.sort_by_cached_key(|s| collation_key(&s.name, lang));
            (!states.is_empty()).then_some(ListedLevel {
                level: level.key(),
                states,
            })
        })
        .collect()
}

/// The site's title and description in the language.
pub(crate) fn meta(r: &Renderer<'_>, lang: &str, modified: Date) -> Result<PageMeta, Diagnostic> {
    let language = r
        .config
        .language(lang)
        .unwrap_or(r.config.default_language());
    Ok(PageMeta {
        title: language.title.clone(),
        description: language.description.clone(),
        modified,
    })
}

#[derive(Serialize)]
pub(crate) struct HomeView<'a> {
    pub(crate) intro_html: Option<String>,
    pub(crate) latest: Vec<EventSummary<'a>>,
    pub(crate) advisory: Option<AdvisoryBrief>,
    pub(crate) timeline_url: String,
    pub(crate) map_url: String,
    /// The newest advisory's listed states, by level.
    pub(crate) listed: Vec<ListedLevel>,
}

/// The states listed at one level.
#[derive(Serialize)]
pub(crate) struct ListedLevel {
    pub(crate) level: &'static str,
    pub(crate) states: Vec<ListedState>,
}

/// A listed state: its name, page and what the advisory says of it alone.
#[derive(Serialize)]
pub(crate) struct ListedState {
    pub(crate) name: String,
    pub(crate) url: String,
    pub(crate) note: Option<String>,
}
