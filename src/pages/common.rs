//! What the page types share: the key a page is making, and a section page's metadata.

use crate::content::Date;
use crate::diagnostic::Diagnostic;
use crate::render::views::PageMeta;
use crate::render::Renderer;

/// A page's key being made: see `route_key`.
pub(crate) struct Key {
    pub(crate) hasher: xxhash_rust::xxh3::Xxh3,
}

impl Key {
    /// Adds an event the page shows (its version).
    pub(crate) fn event(&mut self, r: &Renderer<'_>, i: usize) {
        self.hasher
            .update(&r.content.events[i].version.to_le_bytes());
    }
}

/// The metadata of a section page: its title and description are UI strings.
pub(crate) fn section(
    r: &Renderer<'_>,
    lang: &str,
    title: &str,
    description: &str,
    modified: Date,
) -> Result<PageMeta, Diagnostic> {
    Ok(PageMeta {
        title: r.t(lang, title, &[])?,
        description: r.t(lang, description, &[])?,
        modified,
    })
}
