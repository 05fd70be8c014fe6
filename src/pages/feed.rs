//! `/<lang>/feed.xml`: the Atom feed of a language, its newest events and advisory snapshots;
//! template `feed.xml`.

use serde::Serialize;

use super::common::Key;
use crate::content::Date;
use crate::diagnostic::Diagnostic;
use crate::render::meta::plain_text;
use crate::render::Renderer;
use crate::routes::PageKind;

/// The template.
pub(crate) const TEMPLATE: &str = "feed.xml";

/// What the feed shows besides what every page shows: its newest events when every event is
/// translated (which ones it takes depends on the translations otherwise: then all of them).
pub(crate) fn key(r: &Renderer<'_>, key: &mut Key, all_events: u64) {
    let events = &r.content.events;
    if events.iter().all(|e| e.untranslated.is_empty()) {
        (events.len().saturating_sub(r.config.feed_entries)..events.len())
            .for_each(|e| key.event(r, e));
    } else {
        key.hasher.update(&all_events.to_le_bytes());
    }
}

/// One language's Atom feed.
#[derive(Serialize)]
pub(crate) struct FeedView {
    lang: String,
    title: String,
    subtitle: String,
    id: String,
    self_url: String,
    home_url: String,
    updated: String,
    entries: Vec<FeedEntry>,
}

/// One entry: an event or an advisory snapshot.
#[derive(Serialize)]
struct FeedEntry {
    id: String,
    title: String,
    url: String,
    alternates: Vec<(String, String)>,
    published: String,
    updated: String,
    category: String,
    category_label: String,
    summary_html: String,
    date: Date,
}

/// Midnight UTC of a date, as Atom wants it.
fn timestamp(date: Date) -> String {
    format!("{date}T00:00:00Z")
}

/// The feed of `lang`: events and advisory snapshots, newest first, at most `feed_entries`.
pub(crate) fn view(r: &Renderer<'_>, lang: &str) -> Result<FeedView, Diagnostic> {
    let language = r
        .config
        .language(lang)
        .unwrap_or(r.config.default_language());
    let authority = r
        .config
        .base_url
        .split('/')
        .nth(2)
        .unwrap_or("localhost")
        .to_string();
    let mut entries = Vec::new();
    let translated = |missing: &[String]| !missing.iter().any(|l| l == lang);
    let newest_events = r.content.events.iter().enumerate().rev();
    for (i, event) in newest_events
        .filter(|(_, e)| translated(&e.untranslated))
        .take(r.config.feed_entries)
    {
        let kind = PageKind::Event(i);
        entries.push(FeedEntry {
            id: format!("tag:{authority},{}:{lang}/events/{}", event.date, event.id),
            title: event.texts[lang].title.clone(),
            url: r.absolute(&kind, Some(lang)),
            alternates: alternates(r, &kind, lang),
            published: timestamp(event.date),
            updated: timestamp(event.modified()),
            category: event.kind.clone(),
            category_label: r.t(lang, &format!("kind-{}", event.kind), &[])?,
            summary_html: r.html.events[i][lang].clone(),
            date: event.date,
        });
    }
    for (i, advisory) in r.content.advisories.iter().enumerate() {
        if !translated(&advisory.untranslated) {
            continue;
        }
        let kind = PageKind::Advisory(i);
        let meta = super::advisory::meta(r, i, lang, super::advisory::modified(r, i))?;
        entries.push(FeedEntry {
            id: format!(
                "tag:{authority},{}:{lang}/advisories/{}",
                advisory.date, advisory.date
            ),
            title: meta.title,
            url: r.absolute(&kind, Some(lang)),
            alternates: alternates(r, &kind, lang),
            published: timestamp(advisory.date),
            updated: timestamp(advisory.modified()),
            category: "advisory-snapshot".into(),
            category_label: r.t(lang, "kind-advisory", &[])?,
            summary_html: r.html.advisories[i][lang].clone(),
            date: advisory.date,
        });
    }
    entries.sort_by(|a, b| (b.date, &b.id).cmp(&(a.date, &a.id)));
    entries.truncate(r.config.feed_entries);
    let updated = entries
        .iter()
        .map(|e| e.updated.clone())
        .max()
        .unwrap_or_else(|| timestamp(r.newest_modified()));
    let self_url = r.absolute(&PageKind::Feed, Some(lang));
    Ok(FeedView {
        lang: lang.to_string(),
        title: language.title.clone(),
        subtitle: plain_text(&language.description),
        id: self_url.clone(),
        self_url,
        home_url: r.absolute(&PageKind::Home, Some(lang)),
        updated,
        entries,
    })
}

/// The other languages' versions of a route: `(language, absolute URL)`.
fn alternates(r: &Renderer<'_>, kind: &PageKind, lang: &str) -> Vec<(String, String)> {
    r.languages
        .iter()
        .filter(|l| *l != lang)
        .map(|l| (l.clone(), r.absolute(kind, Some(l))))
        .collect()
}
