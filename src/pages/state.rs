//! A state's page: its level in the newest advisory and in each before, the events that concern
//! it, a locator map; template `state.html`.

use fluent_bundle::FluentValue;
use serde::Serialize;

use super::common::Key;
use crate::content::{Advisory, Date};
use crate::diagnostic::Diagnostic;
use crate::render::views::PageMeta;
use crate::render::views::{AdvisoryBrief, EventSummary, SourceView};
use crate::render::Renderer;
use crate::routes::{level_key, region_name, PageKind};

/// The template.
pub(crate) const TEMPLATE: &str = "state.html";

/// How many of the newest events that concern a state its page lists.
pub const STATE_EVENTS: usize = 20;

/// What the page shows besides what every page shows: the events that concern the state.
pub(crate) fn key(r: &Renderer<'_>, i: usize, key: &mut Key) {
    // In the order of the content (the listing is newest first), as the key always hashed them.
    let events = r.listings.of_state(&r.regions[i].code);
    events.iter().rev().for_each(|&e| key.event(r, e));
}

/// The page's view: the state's level now and in each advisory, its events, the locator map.
pub(crate) fn view<'r>(r: &'r Renderer<'_>, i: usize, lang: &str) -> StateView<'r> {
    let region = &r.regions[i];
    let history: Vec<HistoryEntry> = r
        .content
        .advisories
        .iter()
        .enumerate()
        .rev()
        .map(|(a, advisory)| {
            let listed = advisory.states.get(&region.code);
            HistoryEntry {
                date: advisory.date,
                url: r.link(&PageKind::Advisory(a), lang),
                level: level_key(listed.map(|s| s.level)),
                advisory_note: listed.and_then(|_| advisory.texts[lang].note.clone()),
                note: listed.and_then(|s| s.notes.get(lang).cloned()),
            }
        })
        .collect();
    let concerning = r.listings.of_state(&region.code);
    let events_total = concerning.len();
    let events: Vec<EventSummary> = concerning
        .iter()
        .take(STATE_EVENTS)
        .map(|&e| r.event_summary(e, lang))
        .collect();
    let modified = modified(r, i);
    let newest = r.content.advisories.last();
    let locator = r
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
    let width = r.locator.width;
    let locator_label = r
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
        advisory_note: r
            .content
            .advisories
            .last()
            .filter(|a| a.states.contains_key(&region.code))
            .and_then(|a| a.texts[lang].note.clone()),
        note: history.first().and_then(|h| h.note.clone()),
        advisory: r
            .content
            .advisories
            .len()
            .checked_sub(1)
            .map(|a| r.advisory_brief(a, lang)),
        history,
        events,
        events_total,
        timeline_url: r.link(&PageKind::TIMELINE, lang),
        modified,
        map_url: r.link(&PageKind::Map, lang),
        locator,
        locator_label,
        sources: r
            .content
            .advisories
            .last()
            .map(|a| r.sources(&a.sources, lang))
            .unwrap_or_default(),
        locator_width: r.locator.width,
        locator_height: r.locator.height,
    }
}

/// The state's name, and its level as the description.
pub(crate) fn meta(
    r: &Renderer<'_>,
    i: usize,
    lang: &str,
    modified: Date,
) -> Result<PageMeta, Diagnostic> {
    let region = &r.regions[i];
    let name = region_name(region, lang).to_string();
    let level = r
        .content
        .advisories
        .last()
        .and_then(|a| a.states.get(&region.code))
        .map(|s| s.level);
    let level = r.t(lang, &format!("level-{}", level_key(level)), &[])?;
    let description = r.t(
        lang,
        "state-label",
        &[
            ("name", FluentValue::from(name.clone())),
            ("level", FluentValue::from(level)),
        ],
    )?;
    Ok(PageMeta {
        title: name,
        description,
        modified,
    })
}

/// A state page changes with every advisory and with the events that concern the state.
pub(crate) fn modified(r: &Renderer<'_>, i: usize) -> Date {
    let code = &r.regions[i].code;
    let advisories = r.content.advisories.iter().map(Advisory::modified);
    let events = r
        .listings
        .of_state(code)
        .iter()
        .map(|&e| r.content.events[e].modified());
    advisories
        .chain(events)
        .max()
        .unwrap_or_else(|| r.newest_modified())
}

#[derive(Serialize)]
pub(crate) struct StateView<'a> {
    pub(crate) code: String,
    pub(crate) name: String,
    pub(crate) level: &'static str,
    /// The newest advisory's note, when it lists the state.
    pub(crate) advisory_note: Option<String>,
    pub(crate) note: Option<String>,
    pub(crate) advisory: Option<AdvisoryBrief>,
    pub(crate) history: Vec<HistoryEntry>,
    pub(crate) events: Vec<EventSummary<'a>>,
    pub(crate) events_total: usize,
    pub(crate) timeline_url: String,
    pub(crate) modified: Date,
    pub(crate) map_url: String,
    pub(crate) locator: Vec<LocatorShape>,
    pub(crate) locator_label: Option<LocatorLabel>,
    /// The sources of the newest advisory, which gives the state's current level.
    pub(crate) sources: Vec<SourceView>,
    pub(crate) locator_width: f64,
    pub(crate) locator_height: f64,
}

#[derive(Serialize)]
pub(crate) struct HistoryEntry {
    pub(crate) date: Date,
    pub(crate) url: String,
    pub(crate) level: &'static str,
    /// That advisory's note, when it lists the state.
    pub(crate) advisory_note: Option<String>,
    pub(crate) note: Option<String>,
}

#[derive(Serialize)]
pub(crate) struct LocatorShape {
    pub(crate) code: String,
    pub(crate) d: String,
    pub(crate) current: bool,
    /// The state's level in the newest advisory (`not-listed` when it names none): its fill.
    pub(crate) level: &'static str,
}

/// Where the current state's name is written on the locator.
#[derive(Serialize)]
pub(crate) struct LocatorLabel {
    pub(crate) x: f64,
    pub(crate) y: f64,
    /// `start`, `middle` or `end`: the name stays inside the frame near its edges.
    pub(crate) anchor: &'static str,
}
