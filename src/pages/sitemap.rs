//! `/sitemap.xml`: every page once, with its language alternates; template `sitemap.xml`.

use serde::Serialize;

use super::common::Key;
use crate::content::Date;
use crate::diagnostic::Diagnostic;
use crate::render::meta;
use crate::render::Renderer;

/// The template.
pub(crate) const TEMPLATE: &str = "sitemap.xml";

/// What the sitemap shows of the events besides what every page shows: their dates (each page's
/// "Date modified"). The language choice and the 404 page show the same (their own date).
pub(crate) fn key(r: &Renderer<'_>, key: &mut Key) {
    r.content
        .events
        .iter()
        .for_each(|e| key.hasher.update(e.modified().iso().as_bytes()));
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

/// Every page of the site once, with its language alternates and x-default.
pub(crate) fn view(r: &Renderer<'_>) -> Result<SitemapView, Diagnostic> {
    let mut urls = Vec::new();
    for route in r.routes.all.iter().filter(|r| r.kind.is_page()) {
        let links = meta::links(r, route);
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
            lastmod: super::modified(r, route),
            alternates,
        });
    }
    Ok(SitemapView { urls })
}
