//! `/sitemap.xml`: every page once, with its language alternates; template `sitemap.xml`.

use serde::Serialize;

use super::common::Key;
use crate::content::Date;
use crate::diagnostic::Diagnostic;
use crate::render::meta;
use crate::render::Renderer;
use crate::routes::Route;

/// The template.
pub(crate) const TEMPLATE: &str = "sitemap.xml";

/// What the sitemap shows besides what every page shows: each page's "Date modified", from the
/// very list its view is made of (`pages`).
pub(crate) fn key(r: &Renderer<'_>, key: &mut Key) {
    pages(r).for_each(|(_, lastmod)| key.hasher.update(&lastmod.key_bytes()));
}

/// Every page of the site, with its "Date modified".
fn pages<'r>(r: &'r Renderer<'_>) -> impl Iterator<Item = (&'r Route, Date)> + 'r {
    r.routes
        .all
        .iter()
        .filter(|route| route.kind.is_page())
        .map(move |route| (route, super::modified(r, route)))
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
    for (route, lastmod) in pages(r) {
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
            lastmod,
            alternates,
        });
    }
    Ok(SitemapView { urls })
}
