//! Markdown to HTML with pulldown-cmark: tables, footnotes, unique heading ids, site-relative links.

use std::collections::BTreeSet;

use pulldown_cmark::{html, CowStr, Event, HeadingLevel, Options, Parser, Tag, TagEnd};

use crate::content::slug::slugify;

/// The HTML of a Markdown text and what the site needs to know about it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Rendered {
    /// The HTML.
    pub html: String,
    /// Headings in order: level, id and text.
    pub headings: Vec<Heading>,
    /// Every link target, as written.
    pub links: Vec<String>,
}

/// A heading of a rendered text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Heading {
    /// 1 to 6.
    pub level: u8,
    /// The `id` attribute, unique in the text.
    pub id: String,
    /// The heading's plain text.
    pub text: String,
}

/// Renders `markdown`, prefixing root-relative links (`/es/mapa/`) with `base_path`.
///
/// Raw HTML in the Markdown is shown as text, never passed through.
pub fn render(markdown: &str, base_path: &str) -> Rendered {
    render_with(markdown, base_path, false)
}

/// The Markdown extensions content may use. Rendering and the forbidden-link check parse alike,
/// or a link one of them sees could escape the other: in ``# `[x](javascript:a) {`}`` the heading's
/// attributes take the closing backtick, and what was code becomes a link.
const OPTIONS: Options = Options::ENABLE_TABLES
    .union(Options::ENABLE_FOOTNOTES)
    .union(Options::ENABLE_STRIKETHROUGH)
    .union(Options::ENABLE_HEADING_ATTRIBUTES);

/// Like `render`; with `allow_html` (site.toml's `allow_raw_html`) raw HTML passes through as is.
pub fn render_with(markdown: &str, base_path: &str, allow_html: bool) -> Rendered {
    let mut events: Vec<Event> = Parser::new_ext(markdown, OPTIONS).collect();
    let headings = assign_heading_ids(&mut events);
    let mut links = Vec::new();
    let prefix = base_path.trim_end_matches('/');
    for event in &mut events {
        match event {
            Event::Start(Tag::Link { dest_url, .. })
            | Event::Start(Tag::Image { dest_url, .. }) => {
                links.push(dest_url.to_string());
                if is_forbidden(dest_url) {
                    // Loading refuses these; never let one through all the same.
                    *dest_url = CowStr::from("#");
                } else if !prefix.is_empty()
                    && dest_url.starts_with('/')
                    && !dest_url.starts_with("//")
                {
                    *dest_url = CowStr::from(format!("{prefix}{dest_url}"));
                }
            }
            Event::Html(raw) | Event::InlineHtml(raw) if !allow_html => {
                *event = Event::Text(raw.clone());
            }
            _ => {}
        }
    }
    // HTML is about as long as its Markdown (tags added, marks removed): room for an eighth more,
    // as the HTML of summaries and pages is kept for the whole build (at 10,000 events, when
    // bodies' HTML was kept too, that was 36 MB less than half as much again); a longer text
    // grows the string once.
    let mut out = String::with_capacity(markdown.len() + markdown.len() / 8 + 16);
    html::push_html(&mut out, events.into_iter());
    Rendered {
        html: out,
        headings,
        links,
    }
}

/// URL schemes that run code or smuggle content; content may not link to them.
const FORBIDDEN_SCHEMES: [&str; 3] = ["javascript:", "vbscript:", "data:"];

/// Every link or image target in `markdown` whose scheme is forbidden (`javascript:` and the like).
pub fn forbidden_links(markdown: &str) -> Vec<String> {
    // A forbidden scheme ends in `:`, written as such, escaped (`\:`) or as a character reference
    // (`&#58;`, `&colon;`): a text with neither `:` nor `&` holds none, and needs no parse.
    if memchr::memchr2(b':', b'&', markdown.as_bytes()).is_none() {
        return Vec::new();
    }
    Parser::new_ext(markdown, OPTIONS)
        .filter_map(|event| match event {
            Event::Start(Tag::Link { dest_url, .. })
            | Event::Start(Tag::Image { dest_url, .. }) => {
                is_forbidden(&dest_url).then(|| dest_url.to_string())
            }
            _ => None,
        })
        .collect()
}

/// True for a URL whose scheme runs code, however it is spelt (`JaVa\tScript:`).
pub fn is_forbidden(url: &str) -> bool {
    let folded: String = url
        .chars()
        .filter(|c| !c.is_whitespace() && !c.is_control())
        .take(16)
        .collect::<String>()
        .to_ascii_lowercase();
    FORBIDDEN_SCHEMES
        .iter()
        .any(|scheme| folded.starts_with(scheme))
}

/// Gives every heading an id (its own `{#id}` or one from its text), unique within the events.
fn assign_heading_ids(events: &mut [Event]) -> Vec<Heading> {
    let mut used = BTreeSet::new();
    let mut headings = Vec::new();
    let mut i = 0;
    while i < events.len() {
        if let Event::Start(Tag::Heading { level, id, .. }) = &events[i] {
            let level = heading_level(*level);
            let given = id.as_ref().map(|s| s.to_string());
            let mut text = String::new();
            for event in &events[i + 1..] {
                match event {
                    Event::End(TagEnd::Heading(_)) => break,
                    Event::Text(t) | Event::Code(t) => text.push_str(t),
                    _ => {}
                }
            }
            let base = given.unwrap_or_else(|| {
                let slug = slugify(&text);
                if slug.is_empty() {
                    "section".to_string()
                } else {
                    slug
                }
            });
            let mut unique = base.clone();
            let mut n = 1;
            while !used.insert(unique.clone()) {
                n += 1;
                unique = format!("{base}-{n}");
            }
            if let Event::Start(Tag::Heading { id, .. }) = &mut events[i] {
                *id = Some(CowStr::from(unique.clone()));
            }
            headings.push(Heading {
                level,
                id: unique,
                text,
            });
        }
        i += 1;
    }
    headings
}

fn heading_level(level: HeadingLevel) -> u8 {
    match level {
        HeadingLevel::H1 => 1,
        HeadingLevel::H2 => 2,
        HeadingLevel::H3 => 3,
        HeadingLevel::H4 => 4,
        HeadingLevel::H5 => 5,
        HeadingLevel::H6 => 6,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headings_get_unique_ids() {
        let r = render("## Fuentes\n\n## Fuentes\n\n### Método {#metodo}\n", "/");
        assert!(
            r.html.contains("<h2 id=\"fuentes\">Fuentes</h2>"),
            "{}",
            r.html
        );
        assert!(r.html.contains("<h2 id=\"fuentes-2\">Fuentes</h2>"));
        assert!(r.html.contains("<h3 id=\"metodo\">Método</h3>"));
        assert_eq!(r.headings.len(), 3);
    }

    #[test]
    fn links_get_the_base_path() {
        let r = render(
            "[mapa](/es/mapa/) [ext](https://example.org/) [#](#fuentes)",
            "/briefing/",
        );
        assert!(r.html.contains("href=\"/briefing/es/mapa/\""), "{}", r.html);
        assert!(r.html.contains("href=\"https://example.org/\""));
        assert!(r.html.contains("href=\"#fuentes\""));
        assert_eq!(r.links, ["/es/mapa/", "https://example.org/", "#fuentes"]);
    }

    #[test]
    fn tables_and_footnotes() {
        let r = render(
            "| a | b |\n|---|---|\n| 1 | 2 |\n\nTexto[^1].\n\n[^1]: Nota.\n",
            "/",
        );
        assert!(r.html.contains("<table>"));
        assert!(r.html.contains("footnote"), "{}", r.html);
    }

    #[test]
    fn forbidden_schemes_are_found_however_spelt() {
        let found = forbidden_links("[a](javascript:alert(1)) [b](https://ok.example) ![c](data:image/png;base64,xx) [d](<JaVa\tScript:x>) [e](VBScript:y)");
        assert_eq!(found.len(), 4, "{found:?}");
        assert_eq!(
            forbidden_links("See ![this](data:image/svg+xml;base64,PHN2Zz4=)."),
            ["data:image/svg+xml;base64,PHN2Zz4="]
        );
        // Each alone: a `:` anywhere in the text would hide a mistake in the shortcut for texts
        // without one.
        assert_eq!(forbidden_links("[a](javascript&#58;x)"), ["javascript:x"]);
        assert_eq!(forbidden_links("[b](vbscript&colon;y)"), ["vbscript:y"]);
        assert_eq!(forbidden_links("[c](data\\:z)"), ["data:z"]);
        assert!(forbidden_links("[a](/es/mapa/) y [b](otra/pagina)").is_empty());
        // Found by review: a heading whose attribute braces hold a link's text. Loading must
        // see the link rendering sees.
        let heading = "# `[x](javascript:a) {`}";
        let rendered = render(heading, "/").links;
        assert_eq!(rendered, ["javascript:a"], "the case this test is about");
        assert_eq!(
            forbidden_links(heading),
            rendered
                .into_iter()
                .filter(|l| is_forbidden(l))
                .collect::<Vec<_>>()
        );
        assert!(!is_forbidden("https://example.org/javascript:"));
        assert!(!is_forbidden("/es/mapa/"));
    }

    #[test]
    fn text_that_looks_like_an_attribute_stays_text() {
        // Found by `cargo fuzz run markdown`: the text `href="javascript:` is not a link.
        let r = render("href=\"javascript:", "/");
        assert_eq!(r.html, "<p>href=\"javascript:</p>\n");
        assert!(r.links.is_empty());
    }

    #[test]
    fn raw_html_is_escaped() {
        let r = render("<script>alert(1)</script>\n\nHola <b>x</b>", "/");
        assert!(!r.html.contains("<script>"), "{}", r.html);
        assert!(r.html.contains("&lt;script&gt;"));
        assert!(!r.html.contains("<b>"));
    }
}
