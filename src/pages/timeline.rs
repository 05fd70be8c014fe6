//! The timeline: every event, newest first, grouped by year and month, in pages of
//! `timeline_page_size`; the same filtered by kind (`/<timeline>/<kind label>/`) and by year
//! (`/<timeline>/<year>/`); template `timeline.html`.

use fluent_bundle::FluentValue;
use serde::Serialize;

use super::common::Key;
use crate::content::Date;
use crate::diagnostic::Diagnostic;
use crate::render::views::EventSummary;
use crate::render::views::PageMeta;
use crate::render::{Listings, Renderer};
use crate::routes::PageKind;

/// The template.
pub(crate) const TEMPLATE: &str = "timeline.html";

/// What a listing shows besides what every page shows: its events, and how many events each
/// kind and year has (its filters count them).
pub(crate) fn key(r: &Renderer<'_>, kind: &PageKind, key: &mut Key) {
    events(r, kind).into_iter().for_each(|i| key.event(r, i));
    add_listing_counts(&mut key.hasher, &r.listings);
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

/// Puts the listing's years, filters and pagination into `ctx`.
pub(crate) fn context(
    r: &Renderer<'_>,
    kind: &PageKind,
    lang: &str,
    ctx: &mut tera::Context,
) -> &'static str {
    ctx.insert("years", &timeline_view(r, lang, kind));
    ctx.insert("filters", &filters_view(r, lang, kind));
    ctx.insert("pagination", &pagination_view(r, lang, kind));
    TEMPLATE
}

/// Every event of a timeline listing's filter (all, one kind or one year), newest first.
pub(crate) fn filtered_events<'r>(r: &'r Renderer<'_>, kind: &PageKind) -> &'r [usize] {
    let list = match kind {
        PageKind::TimelineKind(k, _) => r.listings.by_kind.get(k),
        PageKind::TimelineYear(y, _) => r.listings.by_year.get(y),
        _ => Some(&r.listings.all),
    };
    list.map_or(&[], Vec::as_slice)
}

/// The events one page of a timeline listing shows, newest first.
pub(crate) fn events(r: &Renderer<'_>, kind: &PageKind) -> Vec<usize> {
    let size = r.config.timeline_page_size.max(1);
    let skip = (kind.page_number() as usize - 1) * size;
    filtered_events(r, kind)
        .iter()
        .skip(skip)
        .take(size)
        .copied()
        .collect()
}

/// Links to the previous and next pages of a listing, and where this one stands.
pub(crate) fn pagination_view(r: &Renderer<'_>, lang: &str, kind: &PageKind) -> PaginationView {
    let page = kind.page_number();
    let size = r.config.timeline_page_size.max(1);
    let pages = filtered_events(r, kind).len().div_ceil(size).max(1) as u32;
    let link = |n: u32| kind.with_page(n).map(|k| r.link(&k, lang));
    PaginationView {
        page,
        pages,
        previous: (page > 1).then(|| link(page - 1)).flatten(),
        next: (page < pages).then(|| link(page + 1)).flatten(),
    }
}

/// The listing's filters: all events, each kind and each year, with counts.
pub(crate) fn filters_view(r: &Renderer<'_>, lang: &str, current: &PageKind) -> FiltersView {
    let kinds = r
        .listings
        .by_kind
        .iter()
        .map(|(k, list)| (k.as_str(), list.len()));
    let years = r.listings.by_year.iter().map(|(y, list)| (*y, list.len()));
    let filter = |kind: PageKind, count: usize| FilterLink {
        url: r.link(&kind, lang),
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
        all_url: r.link(&PageKind::TIMELINE, lang),
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

/// The listing's events grouped by year and month.
pub(crate) fn timeline_view<'r>(
    r: &'r Renderer<'_>,
    lang: &str,
    kind: &PageKind,
) -> Vec<YearGroup<'r>> {
    let mut years: Vec<YearGroup> = Vec::new();
    for i in events(r, kind) {
        let summary = r.event_summary(i, lang);
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

/// "Timeline", or "Timeline: <kind>" / "Timeline: <year>" for a filter.
pub(crate) fn meta(
    r: &Renderer<'_>,
    kind: &PageKind,
    lang: &str,
    modified: Date,
) -> Result<PageMeta, Diagnostic> {
    let filter = match kind {
        PageKind::TimelineKind(kind, _) => r.t(lang, &format!("kind-{kind}"), &[])?,
        PageKind::TimelineYear(year, _) => year.to_string(),
        _ => {
            return Ok(PageMeta {
                title: r.t(lang, "nav-timeline", &[])?,
                description: r.t(lang, "timeline-intro", &[])?,
                modified,
            })
        }
    };
    let title = r.t(
        lang,
        "timeline-filtered",
        &[("filter", FluentValue::from(filter))],
    )?;
    Ok(PageMeta {
        title,
        description: r.t(lang, "timeline-intro", &[])?,
        modified,
    })
}

/// The newest "Date modified" of the events the page lists.
pub(crate) fn modified(r: &Renderer<'_>, kind: &PageKind) -> Option<Date> {
    events(r, kind)
        .into_iter()
        .map(|i| r.content.events[i].modified())
        .max()
}

#[derive(Serialize)]
pub(crate) struct YearGroup<'a> {
    pub(crate) year: u16,
    pub(crate) months: Vec<MonthGroup<'a>>,
}

#[derive(Serialize)]
pub(crate) struct MonthGroup<'a> {
    pub(crate) date: Date,
    pub(crate) events: Vec<EventSummary<'a>>,
}

#[derive(Serialize)]
pub(crate) struct FiltersView {
    pub(crate) all_url: String,
    pub(crate) is_filtered: bool,
    pub(crate) kind: Option<String>,
    pub(crate) year: Option<u16>,
    pub(crate) kinds: Vec<FilterLink>,
    pub(crate) years: Vec<FilterLink>,
}

#[derive(Serialize)]
pub(crate) struct FilterLink {
    pub(crate) url: String,
    pub(crate) current: bool,
    pub(crate) count: usize,
    pub(crate) key: String,
    pub(crate) year: Option<u16>,
}

/// Where a page of a listing stands, with links to its neighbours.
#[derive(Serialize)]
pub(crate) struct PaginationView {
    pub(crate) page: u32,
    pub(crate) pages: u32,
    pub(crate) previous: Option<String>,
    pub(crate) next: Option<String>,
}
