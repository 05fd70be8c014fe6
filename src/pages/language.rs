//! `/`: the choice of language, in every language; template `language.html`.

use crate::content::Date;
use crate::diagnostic::Diagnostic;
use crate::render::views::PageMeta;
use crate::render::Renderer;

/// The template.
pub(crate) const TEMPLATE: &str = "language.html";

/// The site's title and description (in the first language).
pub(crate) fn meta(r: &Renderer<'_>, lang: &str, modified: Date) -> Result<PageMeta, Diagnostic> {
    super::home::meta(r, lang, modified)
}
