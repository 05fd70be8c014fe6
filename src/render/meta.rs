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
    // Tags first, on their own: an entity may be split by one (`&<b></b>amp;`). `<` and `>` are
    // ASCII, so the text between them is copied a run at a time and stays UTF-8.
    let bytes = html.as_bytes();
    let mut stripped = String::with_capacity(html.len());
    let (mut in_tag, mut start) = (false, 0);
    for at in memchr::memchr2_iter(b'<', b'>', bytes) {
        if !in_tag {
            stripped.push_str(&html[start..at]);
        }
        in_tag = bytes[at] == b'<';
        start = at + 1;
    }
    if !in_tag {
        stripped.push_str(&html[start..]);
    }
    // Then one scan decodes what the replacements one entity after another decoded (none of
    // them writes a character another entity's name holds) and joins the words, copying runs of
    // ASCII that is neither white space nor `&` at a time.
    let plain = |b: u8| b.is_ascii() && !is_ascii_space(b) && b != b'&';
    let (text, bytes) = (&stripped, stripped.as_bytes());
    let mut out = String::with_capacity(text.len());
    let (mut gap, mut i) = (false, 0);
    while i < bytes.len() {
        let c = match bytes[i] {
            b if is_ascii_space(b) => ' ',
            b if b.is_ascii() => char::from(b),
            // `i` is on a character's first byte: every step moves by whole characters.
            _ => text[i..].chars().next().unwrap_or(' '),
        };
        if c.is_whitespace() {
            gap = true;
            i += c.len_utf8();
            continue;
        }
        if gap && !out.is_empty() {
            out.push(' ');
        }
        gap = false;
        if c == '&' {
            if let Some((name, decoded)) = ENTITIES.iter().find(|(e, _)| text[i..].starts_with(e)) {
                out.push(*decoded);
                i += name.len();
                continue;
            }
        }
        let run = bytes[i + 1..]
            .iter()
            .position(|&b| !plain(b))
            .map_or(bytes.len(), |n| i + 1 + n);
        let end = if c.is_ascii() { run } else { i + c.len_utf8() };
        out.push_str(&text[i..end]);
        i = end;
    }
    out
}

/// ASCII white space as `char::is_whitespace` has it (vertical tab included).
fn is_ascii_space(b: u8) -> bool {
    b.is_ascii_whitespace() || b == 0x0b
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
                    "[ \t\n\u{b}\u{c}\r\u{85}\u{a0}\u{2028}\u{3000}]{1,3}",
                    proptest::sample::select(vec![
                        "<p>", "</p>", "<em>", "<a href=\"x&amp;y\">", "&amp;", "&lt;", "&gt;",
                        "&quot;", "&#39;", "&amp;lt;", "&", "amp;", "lt;", "#39;", ";", ">", "<",
                        "é&", "&é", "x&#39",
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
