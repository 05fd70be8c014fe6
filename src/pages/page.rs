//! A page from `content/pages/` (`<name>.<lang>.md`): its body as HTML; template `page.html`.

use crate::content::Date;
use crate::diagnostic::Diagnostic;
use crate::render::views::PageMeta;
use crate::render::Renderer;

/// The template.
pub(crate) const TEMPLATE: &str = "page.html";

/// Puts the page's body into `ctx`.
pub(crate) fn context(
    r: &Renderer<'_>,
    i: usize,
    lang: &str,
    ctx: &mut tera::Context,
) -> &'static str {
    ctx.insert("body_html", &r.html.pages[i][lang]);
    TEMPLATE
}

/// The page's title and description, from its front matter.
pub(crate) fn meta(
    r: &Renderer<'_>,
    i: usize,
    lang: &str,
    modified: Date,
) -> Result<PageMeta, Diagnostic> {
    let text = &r.content.pages[i].texts[lang];
    Ok(PageMeta {
        title: text.title.clone(),
        description: text.description.clone(),
        modified,
    })
}

/// The page's `updated` date in the language.
pub(crate) fn modified(r: &Renderer<'_>, i: usize, lang: &str) -> Option<Date> {
    r.content.pages[i].texts.get(lang).map(|t| t.updated)
}
