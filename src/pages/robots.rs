//! `/robots.txt`: where the sitemap is; template `robots.txt`.

use crate::render::Renderer;
use crate::routes::PageKind;

/// The template.
pub(crate) const TEMPLATE: &str = "robots.txt";

/// Puts the sitemap's URL into `ctx`.
pub(crate) fn context(r: &Renderer<'_>, ctx: &mut tera::Context) -> &'static str {
    ctx.insert("sitemap_url", &r.absolute(&PageKind::Sitemap, None));
    TEMPLATE
}
