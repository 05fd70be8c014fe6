//! `/404.html`: the page a server shows for a path the site has not, in every language;
//! template `404.html`.

use crate::content::Date;
use crate::diagnostic::Diagnostic;
use crate::render::views::PageMeta;
use crate::render::Renderer;

/// The template.
pub(crate) const TEMPLATE: &str = "404.html";

/// "Not found" and what to do.
pub(crate) fn meta(r: &Renderer<'_>, lang: &str, modified: Date) -> Result<PageMeta, Diagnostic> {
    super::common::section(r, lang, "not-found-title", "not-found-text", modified)
}
