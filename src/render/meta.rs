//! What every page states about itself, as a template's `page`: its URL, canonical URL,
//! language alternates and switch, Open Graph type and locales, its JSON-LD graph (`json_ld`),
//! with its title, description and "Date modified" (each page type's own, in `crate::pages`).

use super::views::{Alternate, PageMeta, PageView};
use super::Renderer;
use crate::diagnostic::Diagnostic;
use crate::routes::{PageKind, Route};

/// Where a page is and where its other versions are.
pub(crate) struct Links {
    /// Its path with the base path.
    pub url: String,
    /// Its absolute URL.
    pub canonical: String,
    /// Every language's version, itself included, as absolute URLs.
    pub alternates: Vec<Alternate>,
    /// The x-default alternate.
    pub x_default: String,
    /// The other languages' versions, as links for the language switch.
    pub switch: Vec<Alternate>,
}

/// A page's own URL, canonical URL, language alternates, x-default and language switch.
pub(crate) fn links(r: &Renderer<'_>, route: &Route) -> Links {
    let url = r.config.link(&route.path);
    let canonical = r.config.absolute_url(&url);
    let counterparts: Vec<&Route> = match route.kind {
        PageKind::LanguageChoice => r
            .languages
            .iter()
            .filter_map(|l| r.routes.get(&PageKind::Home, Some(l)))
            .collect(),
        _ if route.language.is_some() => r.routes.counterparts(route, &r.languages).collect(),
        _ => Vec::new(),
    };
    let absolute = |other: &Route| r.config.absolute_url(&r.config.link(&other.path));
    let alternates: Vec<Alternate> = counterparts
        .iter()
        .map(|r| Alternate {
            lang: r.language.clone().unwrap_or_default(),
            url: absolute(r),
        })
        .collect();
    let switch = match route.kind {
        PageKind::LanguageChoice => Vec::new(),
        _ => counterparts
            .iter()
            .filter(|r| r.language != route.language)
            .map(|other| Alternate {
                lang: other.language.clone().unwrap_or_default(),
                url: r.config.link(&other.path),
            })
            .collect(),
    };
    let x_default = match route.kind {
        PageKind::Home | PageKind::LanguageChoice => r.absolute(&PageKind::LanguageChoice, None),
        _ => alternates
            .first()
            .map(|a| a.url.clone())
            .unwrap_or_else(|| canonical.clone()),
    };
    Links {
        url,
        canonical,
        alternates,
        x_default,
        switch,
    }
}

/// Everything `page` holds in a template: URLs, alternates, metadata and JSON-LD.
pub(crate) fn page_view(
    r: &Renderer<'_>,
    route: &Route,
    meta: PageMeta,
    lang: &str,
) -> Result<PageView, Diagnostic> {
    let Links {
        url,
        canonical,
        alternates,
        x_default,
        switch,
    } = links(r, route);
    let locale_alternates = r
        .config
        .languages
        .iter()
        .filter(|l| l.code != lang)
        .map(|l| l.locale.clone())
        .collect();
    let json_ld = super::json_ld::json_ld(r, route, &meta, lang, &canonical)?;
    Ok(PageView {
        title: meta.title,
        description: meta.description,
        url,
        canonical,
        modified: meta.modified,
        alternates,
        x_default,
        switch,
        og_type: if matches!(route.kind, PageKind::Event(_)) {
            "article"
        } else {
            "website"
        },
        locale_alternates,
        json_ld,
    })
}

/// The text of a small piece of HTML, for descriptions: tags dropped, then the five entities our
/// Markdown writes decoded, runs of white space made one space, none at either end.
pub(crate) fn plain_text(html: &str) -> String {
    const ENTITIES: [(&str, char); 5] = [
        ("&quot;", '"'),
        ("&#39;", '\''),
        ("&lt;", '<'),
        ("&gt;", '>'),
        ("&amp;", '&'),
    ];
    // Tags first, on their own: an entity may be split by one (`&<b></b>amp;`).
    let mut stripped = String::with_capacity(html.len());
    let mut in_tag = false;
    for c in html.chars() {
        match c {
            '<' => in_tag = true,
            '>' => in_tag = false,
            _ if !in_tag => stripped.push(c),
            _ => {}
        }
    }
    // Then one scan decodes what the replacements one entity after another decoded (none of
    // them writes a character another entity's name holds) and joins the words.
    let mut text = String::with_capacity(stripped.len());
    let mut gap = false;
    let mut chars = stripped.char_indices();
    while let Some((i, c)) = chars.next() {
        if c.is_whitespace() {
            gap = true;
            continue;
        }
        if gap && !text.is_empty() {
            text.push(' ');
        }
        gap = false;
        let entity = (c == '&')
            .then(|| ENTITIES.iter().find(|(e, _)| stripped[i..].starts_with(e)))
            .flatten();
        match entity {
            Some((name, decoded)) => {
                text.push(*decoded);
                // Entities are ASCII: skip the rest of the name.
                chars.nth(name.len() - 2);
            }
            None => text.push(c),
        }
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::strategy::Strategy;

    #[test]
    fn plain_text_strips_tags_and_entities() {
        assert_eq!(
            plain_text("<p>Hola &amp; <em>adiós</em>\n</p>"),
            "Hola & adiós"
        );
        assert_eq!(plain_text(" \n<p> a </p>\t "), "a");
        assert_eq!(
            plain_text("&amp;lt; &#39;x&#39; &quot;&gt;&amp"),
            "&lt; 'x' \">&amp"
        );
        assert_eq!(plain_text("a<br>b <i> c</i>"), "ab c");
        assert_eq!(plain_text("&<b></b>amp;lt; x"), "&lt; x");
    }

    /// What the one pass replaced: strip tags, decode each entity in turn, join the words.
    fn plain_text_in_steps(html: &str) -> String {
        let mut text = String::new();
        let mut in_tag = false;
        for c in html.chars() {
            match c {
                '<' => in_tag = true,
                '>' => in_tag = false,
                _ if !in_tag => text.push(c),
                _ => {}
            }
        }
        let text = text
            .replace("&quot;", "\"")
            .replace("&#39;", "'")
            .replace("&lt;", "<")
            .replace("&gt;", ">")
            .replace("&amp;", "&");
        text.split_whitespace().collect::<Vec<_>>().join(" ")
    }

    proptest::proptest! {
        /// On any mix of text, tags and (whole or split) entities, the two passes give what the
        /// steps gave.
        #[test]
        fn plain_text_matches_the_steps(
            parts in proptest::collection::vec(
                proptest::prop_oneof![
                    "[a-zñé ]{0,6}",
                    "[ \t\n\u{a0}\u{2028}]{1,3}",
                    proptest::sample::select(vec![
                        "<p>", "</p>", "<em>", "<a href=\"x&amp;y\">", "&amp;", "&lt;", "&gt;",
                        "&quot;", "&#39;", "&amp;lt;", "&", "amp;", "lt;", "#39;", ";",
                    ])
                    .prop_map(String::from),
                ],
                0..12,
            )
        ) {
            let html = parts.concat();
            proptest::prop_assert_eq!(plain_text(&html), plain_text_in_steps(&html));
        }
    }
}
