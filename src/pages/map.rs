//! The map of a language: every state coloured by the newest advisory's level, the same as a
//! table, and the advisories' history; template `map.html`.

use serde::Serialize;

use crate::content::{Advisory, Date};
use crate::diagnostic::Diagnostic;
use crate::render::views::PageMeta;
use crate::render::views::{AdvisoryBrief, Link, SourceView, StateRow};
use crate::render::{collation_key, Renderer};
use crate::routes::{level_key, region_name, PageKind};

/// The template.
pub(crate) const TEMPLATE: &str = "map.html";

/// The page's view: every state's shape and row, the newest advisory, the history.
pub(crate) fn view<'r>(r: &'r Renderer<'_>, lang: &str) -> MapView<'r> {
    let latest = r.content.advisories.len().checked_sub(1);
    let rows: Vec<StateRow> = r
        .regions
        .iter()
        .enumerate()
        .map(|(i, region)| {
            let listed = latest.and_then(|a| r.content.advisories[a].states.get(&region.code));
            StateRow {
                code: region.code.clone(),
                name: region_name(region, lang).to_string(),
                url: r.link(&PageKind::State(i), lang),
                level: level_key(listed.map(|s| s.level)),
                advisory_note: listed
                    .and(latest)
                    .and_then(|a| r.content.advisories[a].texts[lang].note.clone()),
                note: listed.and_then(|s| s.notes.get(lang).cloned()),
                path: r.map.shapes.get(i).map(|s| s.d.clone()).unwrap_or_default(),
            }
        })
        .collect();
    let mut sorted = rows.clone();
    sorted.sort_by_cached_key(|row| collation_key(&row.name, lang));
    MapView {
        advisory: latest.map(|i| r.advisory_brief(i, lang)),
        summary_html: latest.map(|i| r.html.advisories[i][lang].clone()),
        sources: latest
            .map(|i| r.sources(&r.content.advisories[i].sources, lang))
            .unwrap_or_default(),
        width: r.map.width,
        height: r.map.height,
        shapes: rows,
        table: sorted,
        history: advisory_links(r, lang),
    }
}

/// Every advisory snapshot, newest first, as links.
pub(crate) fn advisory_links<'r>(r: &'r Renderer<'_>, lang: &str) -> Vec<Link<'r>> {
    r.content
        .advisories
        .iter()
        .enumerate()
        .rev()
        .map(|(i, a)| Link {
            url: r.link(&PageKind::Advisory(i), lang),
            title: &a.texts[lang].issuer,
            date: a.date,
        })
        .collect()
}

/// "Map" and its intro.
pub(crate) fn meta(r: &Renderer<'_>, lang: &str, modified: Date) -> Result<PageMeta, Diagnostic> {
    super::common::section(r, lang, "nav-map", "map-intro", modified)
}

/// The newest advisory's "Date modified".
pub(crate) fn modified(r: &Renderer<'_>) -> Option<Date> {
    r.content.advisories.last().map(Advisory::modified)
}

#[derive(Serialize)]
pub(crate) struct MapView<'a> {
    pub(crate) advisory: Option<AdvisoryBrief>,
    pub(crate) summary_html: Option<String>,
    pub(crate) sources: Vec<SourceView>,
    pub(crate) width: f64,
    pub(crate) height: f64,
    pub(crate) shapes: Vec<StateRow>,
    pub(crate) table: Vec<StateRow>,
    pub(crate) history: Vec<Link<'a>>,
}
