//! The "not yet available in this language" page that stands for an event, page or advisory
//! without a translation, linking to the original; template `untranslated.html`.

use serde::Serialize;

use crate::render::Renderer;
use crate::routes::{PageKind, Route};

/// The template.
pub(crate) const TEMPLATE: &str = "untranslated.html";

/// The "not yet available" view of a route whose item lacks `lang`, if it does.
pub(crate) fn view(r: &Renderer<'_>, route: &Route, lang: &str) -> Option<UntranslatedView> {
    let (untranslated, title) = match route.kind {
        PageKind::Event(i) => {
            let e = &r.content.events[i];
            (&e.untranslated, e.texts[lang].title.clone())
        }
        PageKind::Page(i) => {
            let p = &r.content.pages[i];
            (&p.untranslated, p.texts[lang].title.clone())
        }
        PageKind::Advisory(i) => {
            let a = &r.content.advisories[i];
            (&a.untranslated, a.date.iso())
        }
        _ => return None,
    };
    if !untranslated.iter().any(|l| l == lang) {
        return None;
    }
    let original = r.original_language(untranslated);
    Some(UntranslatedView {
        title,
        original_url: r.link(&route.kind, &original),
        original_lang: original,
    })
}

/// An item not yet available in the page's language.
#[derive(Serialize)]
pub(crate) struct UntranslatedView {
    pub(crate) title: String,
    pub(crate) original_lang: String,
    pub(crate) original_url: String,
}
