//! Atom feeds per language and the sitemap with its language alternates.

use serde::Serialize;

use super::meta::plain_text;
use super::Renderer;
use crate::content::Date;
use crate::diagnostic::Diagnostic;
use crate::routes::PageKind;

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

/// The sitemap: every page once, with its alternates.
#[derive(Serialize)]
pub(crate) struct SitemapView {
    urls: Vec<SitemapUrl>,
}

#[derive(Serialize)]
struct SitemapUrl {
    loc: String,
    lastmod: Date,
    alternates: Vec<(String, String)>,
}

/// Midnight UTC of a date, as Atom wants it.
fn timestamp(date: Date) -> String {
    format!("{date}T00:00:00Z")
}

impl Renderer<'_> {
    /// The feed of `lang`: events and advisory snapshots, newest first, at most `feed_entries`.
    pub(crate) fn feed_view(&self, lang: &str) -> Result<FeedView, Diagnostic> {
        let language = self
            .config
            .language(lang)
            .unwrap_or(self.config.default_language());
        let authority = self
            .config
            .base_url
            .split('/')
            .nth(2)
            .unwrap_or("localhost")
            .to_string();
        let mut entries = Vec::new();
        let translated = |missing: &[String]| !missing.iter().any(|l| l == lang);
        let newest_events = self.content.events.iter().enumerate().rev();
        for (i, event) in newest_events
            .filter(|(_, e)| translated(&e.untranslated))
            .take(self.config.feed_entries)
        {
            let kind = PageKind::Event(i);
            entries.push(FeedEntry {
                id: format!("tag:{authority},{}:{lang}/events/{}", event.date, event.id),
                title: event.texts[lang].title.clone(),
                url: self.absolute(&kind, Some(lang)),
                alternates: self.alternates(&kind, lang),
                published: timestamp(event.date),
                updated: timestamp(event.modified()),
                category: event.kind.clone(),
                category_label: self.t(lang, &format!("kind-{}", event.kind), &[])?,
                summary_html: self.html.events[i][lang].clone(),
                date: event.date,
            });
        }
        for (i, advisory) in self.content.advisories.iter().enumerate() {
            if !translated(&advisory.untranslated) {
                continue;
            }
            let kind = PageKind::Advisory(i);
            let meta = self.meta(
                self.routes
                    .get(&kind, Some(lang))
                    .expect("every advisory has a route"),
                lang,
            )?;
            entries.push(FeedEntry {
                id: format!(
                    "tag:{authority},{}:{lang}/advisories/{}",
                    advisory.date, advisory.date
                ),
                title: meta.title,
                url: self.absolute(&kind, Some(lang)),
                alternates: self.alternates(&kind, lang),
                published: timestamp(advisory.date),
                updated: timestamp(advisory.modified()),
                category: "advisory-snapshot".into(),
                category_label: self.t(lang, "kind-advisory", &[])?,
                summary_html: self.html.advisories[i][lang].clone(),
                date: advisory.date,
            });
        }
        entries.sort_by(|a, b| (b.date, &b.id).cmp(&(a.date, &a.id)));
        entries.truncate(self.config.feed_entries);
        let updated = entries
            .iter()
            .map(|e| e.updated.clone())
            .max()
            .unwrap_or_else(|| timestamp(self.newest_modified()));
        let self_url = self.absolute(&PageKind::Feed, Some(lang));
        Ok(FeedView {
            lang: lang.to_string(),
            title: language.title.clone(),
            subtitle: plain_text(&language.description),
            id: self_url.clone(),
            self_url,
            home_url: self.absolute(&PageKind::Home, Some(lang)),
            updated,
            entries,
        })
    }

    /// The other languages' versions of a route: `(language, absolute URL)`.
    fn alternates(&self, kind: &PageKind, lang: &str) -> Vec<(String, String)> {
        self.languages
            .iter()
            .filter(|l| *l != lang)
            .map(|l| (l.clone(), self.absolute(kind, Some(l))))
            .collect()
    }

    /// Every page of the site once, with its language alternates and x-default.
    pub(crate) fn sitemap_view(&self) -> Result<SitemapView, Diagnostic> {
        let mut urls = Vec::new();
        for route in self.routes.all.iter().filter(|r| r.kind.is_page()) {
            let links = self.links(route);
            let mut alternates: Vec<(String, String)> = links
                .alternates
                .into_iter()
                .map(|a| (a.lang, a.url))
                .collect();
            if !alternates.is_empty() {
                alternates.push(("x-default".into(), links.x_default));
            }
            urls.push(SitemapUrl {
                loc: links.canonical,
                lastmod: self.modified(route),
                alternates,
            });
        }
        Ok(SitemapView { urls })
    }
}
