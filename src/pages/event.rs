//! An event's page: `/<lang>/<timeline>/<year>/<slug>/`, its neighbours linked; template
//! `event.html`.

use serde::Serialize;

use super::common::Key;
use crate::content::Date;
use crate::diagnostic::Diagnostic;
use crate::render::meta::plain_text;
use crate::render::views::PageMeta;
use crate::render::views::{EventSummary, Link, SourceView, StateLink};
use crate::render::{collation_key, markdown_html, Renderer};
use crate::routes::PageKind;

/// The template.
pub(crate) const TEMPLATE: &str = "event.html";

/// What the page shows besides what every page shows: the event and its two neighbours (their
/// titles and dates link from it).
pub(crate) fn key(r: &Renderer<'_>, i: usize, key: &mut Key) {
    let events = &r.content.events;
    (i.saturating_sub(1)..=(i + 1).min(events.len() - 1)).for_each(|e| key.event(r, e));
}

/// The page's view: the event, its people, states, sources, quotes and body, its neighbours.
pub(crate) fn view<'r>(r: &'r Renderer<'_>, i: usize, lang: &str) -> EventView<'r> {
    let event = &r.content.events[i];
    let link = |j: usize| {
        let e = &r.content.events[j];
        Link {
            url: r.link(&PageKind::Event(j), lang),
            title: &e.texts[lang].title,
            date: e.date,
        }
    };
    EventView {
        summary: r.event_summary(i, lang),
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
                .filter_map(|code| r.state_link(code, lang))
                .collect();
            states.sort_by_cached_key(|s| collation_key(&s.name, lang));
            states
        },
        advisory: (event.kind == "advisory")
            .then(|| {
                r.content
                    .advisories
                    .iter()
                    .position(|a| a.date == event.date)
            })
            .flatten()
            .map(|a| Link {
                url: r.link(&PageKind::Advisory(a), lang),
                title: &r.content.advisories[a].texts[lang].issuer,
                date: event.date,
            }),
        sources: r.sources(&event.sources, lang),
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
        body_html: markdown_html(r.config, &event.texts[lang].body),
        previous: i.checked_sub(1).map(link),
        next: (i + 1 < r.content.events.len()).then(|| link(i + 1)),
        timeline_url: r.link(&PageKind::TIMELINE, lang),
    }
}

/// The event's title, its summary as the description.
pub(crate) fn meta(
    r: &Renderer<'_>,
    i: usize,
    lang: &str,
    modified: Date,
) -> Result<PageMeta, Diagnostic> {
    let event = &r.content.events[i];
    Ok(PageMeta {
        title: event.texts[lang].title.clone(),
        description: plain_text(&r.html.events[i][lang]),
        modified,
    })
}

/// The event's own "Date modified".
pub(crate) fn modified(r: &Renderer<'_>, i: usize) -> Date {
    r.content.events[i].modified()
}

#[derive(Serialize)]
pub(crate) struct EventView<'a> {
    #[serde(flatten)]
    pub(crate) summary: EventSummary<'a>,
    pub(crate) modified: Date,
    pub(crate) people: Vec<PersonView>,
    pub(crate) states: Vec<StateLink>,
    /// The advisory snapshot an advisory event announces (same date), when there is one.
    pub(crate) advisory: Option<Link<'a>>,
    pub(crate) sources: Vec<SourceView>,
    pub(crate) quotes: Vec<QuoteView>,
    pub(crate) body_html: String,
    pub(crate) previous: Option<Link<'a>>,
    pub(crate) next: Option<Link<'a>>,
    pub(crate) timeline_url: String,
}

/// A participant and their role in the page's language, when the content gives it.
#[derive(Serialize)]
pub(crate) struct PersonView {
    pub(crate) name: String,
    pub(crate) role: Option<String>,
}

#[derive(Serialize)]
pub(crate) struct QuoteView {
    pub(crate) by: String,
    pub(crate) lang: String,
    pub(crate) text: String,
    pub(crate) translation: Option<String>,
}
