//! Markdown to HTML with pulldown-cmark: tables, footnotes, unique heading ids, site-relative links.
//!
//! Markdown comes from content, so nothing it says may become markup of its own: `problems`
//! finds, for loading to refuse, every heading attribute but a plain `{#id}`, every link whose
//! scheme is not `http`, `https` or `mailto`, every image that is not a file of the site, and every
//! code-block language or footnote label outside a safe alphabet; `render` neutralises the same
//! things should one reach it.

use std::collections::BTreeSet;
use std::ops::Range;

use pulldown_cmark::{
    html, CodeBlockKind, CowStr, Event, HeadingLevel, LinkType, Options, Parser, Tag, TagEnd,
};

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

/// Like `render`; with `allow_html` (site.toml's `allow_raw_html`) raw HTML passes, through an
/// allow-list of elements and attributes (ammonia): no script, style, event handler, form or
/// frame, links and images under the same rules as Markdown's.
pub fn render_with(markdown: &str, base_path: &str, allow_html: bool) -> Rendered {
    let mut events: Vec<Event> = Parser::new_ext(markdown, OPTIONS).collect();
    // What loading refuses, neutralised should it reach rendering all the same.
    for event in &mut events {
        match event {
            Event::Start(Tag::Heading {
                id, classes, attrs, ..
            }) => {
                classes.clear();
                attrs.clear();
                if id
                    .as_deref()
                    .is_some_and(|given| !is_safe_id(given) || is_template_id(given))
                {
                    *id = None;
                }
            }
            Event::Start(Tag::CodeBlock(CodeBlockKind::Fenced(info)))
                if !is_safe_language(info) =>
            {
                *info = CowStr::from("");
            }
            _ => {}
        }
    }
    let headings = assign_heading_ids(&mut events);
    let mut links = Vec::new();
    let prefix = base_path.trim_end_matches('/');
    for event in &mut events {
        match event {
            Event::Start(Tag::Link { dest_url, .. })
            | Event::Start(Tag::Image { dest_url, .. }) => {
                links.push(dest_url.to_string());
            }
            _ => {}
        }
        match event {
            Event::Start(Tag::Link { dest_url, .. }) if !link_allowed(dest_url) => {
                *dest_url = CowStr::from("#");
            }
            Event::Start(Tag::Image { dest_url, .. }) if !image_allowed(dest_url) => {
                *dest_url = CowStr::from("#");
            }
            Event::Start(Tag::Link { dest_url, .. })
            | Event::Start(Tag::Image { dest_url, .. })
                if !prefix.is_empty()
                    && dest_url.starts_with('/')
                    && !dest_url.starts_with("//") =>
            {
                *dest_url = CowStr::from(format!("{prefix}{dest_url}"));
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
    if allow_html {
        out = sanitize_html(&out);
    }
    Rendered {
        html: out,
        headings,
        links,
    }
}

/// The HTML of a text with raw HTML in it, through ammonia's allow-list, with what Markdown's own
/// output needs (heading and footnote ids, footnote classes, code languages, table alignment)
/// and Markdown's rules for links and images.
fn sanitize_html(html: &str) -> String {
    static CLEANER: std::sync::LazyLock<ammonia::Builder<'static>> =
        std::sync::LazyLock::new(|| {
            let mut builder = ammonia::Builder::default();
            builder
                .add_generic_attributes(["id"])
                .add_tag_attributes("sup", ["class"])
                .add_tag_attributes("div", ["class"])
                .add_tag_attributes("code", ["class"])
                .add_tag_attributes("th", ["style"])
                .add_tag_attributes("td", ["style"])
                .url_schemes(ALLOWED_SCHEMES.iter().copied().collect())
                .link_rel(None)
                .attribute_filter(|element, attribute, value| {
                    let keep = match (element, attribute) {
                        (_, "id") => is_safe_id(value) && !is_template_id(value),
                        (_, "href") => link_allowed(value),
                        (_, "src") => image_allowed(value),
                        (_, "style") => matches!(
                            value,
                            "text-align: left" | "text-align: center" | "text-align: right"
                        ),
                        ("code", "class") => value
                            .strip_prefix("language-")
                            .is_some_and(is_safe_language),
                        (_, "class") => matches!(
                            value,
                            "footnote-reference"
                                | "footnote-definition"
                                | "footnote-definition-label"
                        ),
                        _ => true,
                    };
                    keep.then(|| value.into())
                });
            builder
        });
    CLEANER.clean(html).to_string()
}

/// The schemes a link may have; a link without one is relative (a page of the site).
const ALLOWED_SCHEMES: [&str; 3] = ["http", "https", "mailto"];

/// Every link or image target in `markdown` that loading refuses (`javascript:` and the like,
/// and images from other hosts).
pub fn forbidden_links(markdown: &str) -> Vec<String> {
    let mut found = Vec::new();
    for event in Parser::new_ext(markdown, OPTIONS) {
        match event {
            Event::Start(Tag::Link { dest_url, .. }) if !link_allowed(&dest_url) => {
                found.push(dest_url.to_string())
            }
            Event::Start(Tag::Image { dest_url, .. }) if !image_allowed(&dest_url) => {
                found.push(dest_url.to_string())
            }
            _ => {}
        }
    }
    found
}

/// True for a URL whose scheme is not `http`, `https` or `mailto`, however it is spelt
/// (`JaVa\tScript:`, ` data:`).
pub fn is_forbidden(url: &str) -> bool {
    !link_allowed(url)
}

/// True for a link a page may carry: relative, or `http:`, `https:` or `mailto:`.
pub fn link_allowed(url: &str) -> bool {
    scheme(url).is_none_or(|s| ALLOWED_SCHEMES.contains(&s.as_str()))
}

/// True for an image a page may show: a file of the site (no scheme, no other host). Anything
/// else is a request to another host each time a reader opens the page.
pub fn image_allowed(url: &str) -> bool {
    let cleaned = browser_form(url);
    // `//host`, and `\\host`, `/\host`, `\/host` (read as `//` by browsers), name another host.
    let other_host = cleaned
        .chars()
        .take(2)
        .filter(|c| matches!(c, '/' | '\\'))
        .count()
        == 2;
    scheme(url).is_none() && !other_host
}

/// `url` as a browser's URL parser reads it (WHATWG URL): leading and trailing C0 controls and
/// spaces stripped, tabs and newlines removed anywhere.
fn browser_form(url: &str) -> String {
    url.trim_matches(|c: char| c <= ' ')
        .chars()
        .filter(|c| !matches!(c, '\t' | '\n' | '\r'))
        .collect()
}

/// The scheme of `url` as a browser reads it, ASCII-lowercased, or `None` for a relative URL.
/// Character references and backslash escapes are already decoded by the Markdown parser (the
/// browser decodes the ones the HTML writer adds).
fn scheme(url: &str) -> Option<String> {
    let mut scheme = String::new();
    for c in browser_form(url).chars() {
        match c {
            ':' if !scheme.is_empty() => return Some(scheme),
            c if c.is_ascii_alphabetic() => scheme.push(c.to_ascii_lowercase()),
            c if !scheme.is_empty() && (c.is_ascii_digit() || matches!(c, '+' | '-' | '.')) => {
                scheme.push(c)
            }
            _ => return None,
        }
    }
    None
}

/// True for an id (`{#id}`, a footnote label) made only of ASCII letters, digits, `-` and `_`.
pub fn is_safe_id(id: &str) -> bool {
    !id.is_empty()
        && id
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
}

/// Ids the templates give elements of a page (`<main id="main">`, the skip link's target; the
/// search field; the sections of an event page), exactly or as a prefix, and the year and month
/// anchors of the timeline (`y2025`, `m2025-03`).
const TEMPLATE_IDS: [&str; 7] = [
    "main",
    "search-input",
    "language-selection",
    "map-title",
    "locator-title",
    "home-advisory",
    "home-latest",
];
const TEMPLATE_ID_PREFIXES: [&str; 4] = ["sec-", "fill-", "choose-", "not-found-"];

/// True for an id the page itself may use: content may not take it, or a skip link, a label or
/// an anchor would point at the content's element instead.
pub fn is_template_id(id: &str) -> bool {
    let digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    TEMPLATE_IDS.contains(&id)
        || TEMPLATE_ID_PREFIXES.iter().any(|p| id.starts_with(p))
        || id.strip_prefix('y').is_some_and(digits)
        || id
            .strip_prefix('m')
            .and_then(|rest| rest.split_once('-'))
            .is_some_and(|(year, month)| digits(year) && digits(month))
}

/// True for a fenced code block's info string whose language (its first word, which becomes the
/// class `language-<word>`) is made of ASCII letters, digits and `-_+#.`, or is empty.
fn is_safe_language(info: &str) -> bool {
    info.split(' ')
        .next()
        .unwrap_or_default()
        .bytes()
        .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'+' | b'#' | b'.'))
}

/// Something in a Markdown text that would give a page markup, attributes or requests the site
/// does not make itself.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    /// Byte offset, in the Markdown text, of what is wrong.
    pub offset: usize,
    /// What is wrong.
    pub message: String,
    /// What would fix it.
    pub hint: &'static str,
}

const LINK_HINT: &str = "link only to http(s) or mailto: addresses or to pages of the site; other schemes (`javascript:`, `data:`, `vbscript:`, `file:`, however spelt or encoded) could run code in readers' browsers";
const IMAGE_HINT: &str = "put the image in static/ and write its path on the site (such as `/img/map.png`): an image from another host would be fetched from there by every reader's browser";
const HEADING_HINT: &str = "a heading may carry only an id, `{#id}` with ASCII letters, digits, `-` and `_`: remove the other attributes and classes";
const TEMPLATE_ID_HINT: &str = "choose another id: `main`, `search-input`, `language-selection`, `map-title`, `locator-title`, `home-advisory`, `home-latest`, `sec-…`, `fill-…`, `choose-…`, `not-found-…`, `y<year>` and `m<year>-<month>` belong to the page around the text";
const FOOTNOTE_HINT: &str =
    "name footnotes with ASCII letters, digits, `-` and `_` (`[^1]`, `[^fuente-sspc]`): the name becomes an id in the page";
const LANGUAGE_HINT: &str = "name the code's language with ASCII letters, digits and `-_+#.` (```` ```rust ````), or leave it out: it becomes a class in the page";

/// Everything in `markdown` that loading refuses, with where it is: heading attributes other than
/// a safe `{#id}`, links to schemes other than `http`, `https` and `mailto` (however spelt or
/// encoded), images not on the site, and code languages and footnote labels outside a safe
/// alphabet.
pub fn problems(markdown: &str) -> Vec<Problem> {
    // Each of these needs one of `[` (links, images, footnotes), `<` (autolinks), `{` (heading
    // attributes), `` ` `` or `~` (code fences): a text with none of them needs no parse.
    if !markdown
        .bytes()
        .any(|b| matches!(b, b'[' | b'<' | b'{' | b'`' | b'~'))
    {
        return Vec::new();
    }
    // Most texts have nothing to refuse: one pass that keeps nothing says so.
    if !Parser::new_ext(markdown, OPTIONS).any(|event| is_refused(&event)) {
        return Vec::new();
    }
    let mut parsed = Parser::new_ext(markdown, OPTIONS).into_offset_iter();
    let events: Vec<(Event, Range<usize>)> = parsed.by_ref().collect();
    let definitions = parsed.reference_definitions();
    let mut problems = Vec::new();
    let mut push = |offset: usize, message: String, hint: &'static str| {
        problems.push(Problem {
            offset,
            message,
            hint,
        })
    };
    for (i, (event, range)) in events.iter().enumerate() {
        match event {
            Event::Start(Tag::Heading {
                id, classes, attrs, ..
            }) => {
                let at = |needle: &str| attribute_offset(markdown, range, needle);
                if let Some(id) = id.as_deref().filter(|id| !is_safe_id(id)) {
                    push(
                        at(&format!("#{id}")),
                        format!(
                            "the heading id `{}` may hold only ASCII letters, digits, `-` and `_`",
                            shown(id)
                        ),
                        HEADING_HINT,
                    );
                } else if let Some(id) = id.as_deref().filter(|id| is_template_id(id)) {
                    push(
                        at(&format!("#{id}")),
                        format!("the heading id `{id}` is one the page itself uses"),
                        TEMPLATE_ID_HINT,
                    );
                }
                for class in classes {
                    push(
                        at(&format!(".{class}")),
                        format!("a heading may not set a class (`.{}`)", shown(class)),
                        HEADING_HINT,
                    );
                }
                for (name, _) in attrs {
                    push(
                        at(name),
                        format!("a heading may not set the attribute `{}`", shown(name)),
                        HEADING_HINT,
                    );
                }
            }
            Event::Start(Tag::Link {
                link_type,
                dest_url,
                id,
                ..
            }) if !link_allowed(dest_url) => push(
                destination_offset(markdown, &events, i, *link_type, id, definitions),
                format!("a link to `{}` is not allowed", shown(dest_url)),
                LINK_HINT,
            ),
            Event::Start(Tag::Image {
                link_type,
                dest_url,
                id,
                ..
            }) if !image_allowed(dest_url) => {
                let at = destination_offset(markdown, &events, i, *link_type, id, definitions);
                if link_allowed(dest_url) {
                    push(
                        at,
                        format!("an image from `{}` is not allowed", shown(dest_url)),
                        IMAGE_HINT,
                    );
                } else {
                    push(
                        at,
                        format!("a link to `{}` is not allowed", shown(dest_url)),
                        LINK_HINT,
                    );
                }
            }
            Event::Start(Tag::CodeBlock(CodeBlockKind::Fenced(info)))
                if !is_safe_language(info) =>
            {
                push(
                    range.start,
                    format!(
                        "the code language `{}` may hold only ASCII letters, digits and `-_+#.`",
                        shown(info.split(' ').next().unwrap_or_default())
                    ),
                    LANGUAGE_HINT,
                )
            }
            Event::Start(Tag::FootnoteDefinition(label)) | Event::FootnoteReference(label)
                if is_safe_id(label) && is_template_id(label) =>
            {
                push(
                    range.start,
                    format!("the footnote name `{label}` is an id the page itself uses"),
                    TEMPLATE_ID_HINT,
                )
            }
            Event::Start(Tag::FootnoteDefinition(label)) | Event::FootnoteReference(label)
                if !is_safe_id(label) =>
            {
                push(
                    range.start,
                    format!(
                        "the footnote name `{}` may hold only ASCII letters, digits, `-` and `_`",
                        shown(label)
                    ),
                    FOOTNOTE_HINT,
                )
            }
            _ => {}
        }
    }
    problems
}

/// True for an event `problems` reports.
fn is_refused(event: &Event) -> bool {
    match event {
        Event::Start(Tag::Heading {
            id, classes, attrs, ..
        }) => {
            !classes.is_empty()
                || !attrs.is_empty()
                || id
                    .as_deref()
                    .is_some_and(|i| !is_safe_id(i) || is_template_id(i))
        }
        Event::Start(Tag::Link { dest_url, .. }) => !link_allowed(dest_url),
        Event::Start(Tag::Image { dest_url, .. }) => !image_allowed(dest_url),
        Event::Start(Tag::CodeBlock(CodeBlockKind::Fenced(info))) => !is_safe_language(info),
        Event::Start(Tag::FootnoteDefinition(label)) | Event::FootnoteReference(label) => {
            !is_safe_id(label) || is_template_id(label)
        }
        _ => false,
    }
}

/// At most 40 characters of `text`, control characters shown as `\u{..}`, for a message.
fn shown(text: &str) -> String {
    text.chars().take(40).flat_map(char::escape_debug).collect()
}

/// Where `needle` (`#id`, `.class`, `name`) is written in the attribute block `{…}` of the heading
/// at `range`; the block, or the heading, when it cannot be found.
fn attribute_offset(markdown: &str, range: &Range<usize>, needle: &str) -> usize {
    let heading = markdown.get(range.clone()).unwrap_or_default();
    let Some(brace) = heading.rfind('{') else {
        return range.start;
    };
    range.start + brace + heading[brace..].find(needle).unwrap_or(0)
}

/// Where the destination of the link or image starting at `events[i]` is written: after `](` for
/// an inline link, in its definition for a reference link, after `<` for an autolink.
fn destination_offset(
    markdown: &str,
    events: &[(Event, Range<usize>)],
    i: usize,
    link_type: LinkType,
    label: &str,
    definitions: &pulldown_cmark::RefDefs,
) -> usize {
    let range = &events[i].1;
    let skip_space = |from: usize| {
        let rest = markdown.get(from..).unwrap_or_default();
        from + (rest.len() - rest.trim_start_matches([' ', '\t', '\n', '\r', '<']).len())
    };
    match link_type {
        LinkType::Autolink | LinkType::Email => range.start + 1,
        LinkType::Inline => {
            // The link's text ends where its last event inside ends; `](` follows.
            let text_end = events[i + 1..]
                .iter()
                .take_while(|(_, r)| r != range)
                .map(|(_, r)| r.end)
                .max()
                .unwrap_or(range.start)
                .min(range.end);
            markdown
                .get(text_end..range.end)
                .and_then(|rest| rest.find("]("))
                .map_or(range.start, |at| skip_space(text_end + at + 2))
        }
        _ => definitions
            .get(label)
            .and_then(|definition| {
                let span = definition.span.clone();
                let at = markdown.get(span.clone())?.find("]:")?;
                Some(skip_space(span.start + at + 2))
            })
            .unwrap_or(range.start),
    }
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
            let mut base = given.unwrap_or_else(|| {
                let slug = slugify(&text);
                if slug.is_empty() {
                    "section".to_string()
                } else {
                    slug
                }
            });
            if is_template_id(&base) {
                // A heading derived as `main` or `sec-…` would take an id of the page itself.
                base = format!("h-{base}");
            }
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

    #[test]
    fn heading_attributes_other_than_a_safe_id_are_problems_and_never_rendered() {
        let text = "# Uno\n\n## T {#x onclick=alert(1) style=color:red .big}\n";
        let found = problems(text);
        let messages: Vec<&str> = found.iter().map(|p| p.message.as_str()).collect();
        assert_eq!(
            messages,
            [
                "a heading may not set a class (`.big`)",
                "a heading may not set the attribute `onclick`",
                "a heading may not set the attribute `style`",
            ],
            "{found:?}"
        );
        assert_eq!(&text[found[1].offset..found[1].offset + 7], "onclick");
        assert_eq!(&text[found[0].offset..found[0].offset + 4], ".big");
        let html = render(text, "/").html;
        assert!(html.contains("<h2 id=\"x\">T</h2>"), "{html}");
        assert!(!html.contains("onclick") && !html.contains("style") && !html.contains("big"));
        let bad_id = "## T {#a\"b}\n";
        assert_eq!(problems(bad_id).len(), 1, "{:?}", problems(bad_id));
        assert!(render(bad_id, "/").html.contains("<h2 id=\"t\">"));
        assert!(problems("## T {#fuentes_2-b}\n").is_empty());
        // Setext headings take attributes too.
        let setext = "T {data-x=1}\n===\n";
        assert_eq!(problems(setext).len(), 1);
        assert_eq!(&setext[problems(setext)[0].offset..][..6], "data-x");
    }

    #[test]
    fn only_http_https_mailto_and_relative_links_pass_however_spelt() {
        for bad in [
            "javascript:alert(1)",
            "JaVaScRiPt:alert(1)",
            "&#106;avascript:alert(1)",
            "&#x6A;avascript:alert(1)",
            "&#X6a;avascript&#58;alert(1)",
            "java&#10;script:alert(1)",
            "java&#9;script:alert(1)",
            "<java\tscript:alert(1)>",
            "&#1;&#32;javascript:alert(1)",
            "\\ javascript:x",
            "<DaTa\t:text/html,x>",
            "DaTa&#9;:text/html,x",
            "vbscript:x",
            "file:///etc/passwd",
            "ftp://example.org/",
            "javascript&colon;x",
            "jav\\ascript:x",
        ] {
            let text = format!("[a]({bad})");
            let rendered = render(&text, "/");
            let found = problems(&text);
            if rendered.links.iter().all(|l| link_allowed(l)) {
                // Not a link to a scheme at all once parsed (as a browser would read it).
                assert!(found.is_empty(), "{bad}: {found:?}");
                continue;
            }
            assert_eq!(found.len(), 1, "{bad}: {found:?}");
            let destination = if bad.starts_with('<') { 5 } else { 4 };
            assert_eq!(found[0].offset, destination, "{bad}");
            assert!(
                rendered.html.contains("href=\"#\""),
                "{bad}: {}",
                rendered.html
            );
        }
        for bad in [
            "&#106;avascript:alert(1)",
            "java&#10;script:alert(1)",
            "DaTa&#9;:x",
            "<DaTa\t:x>",
        ] {
            assert!(!problems(&format!("[a]({bad})")).is_empty(), "{bad}");
        }
        for good in [
            "https://example.org/",
            "HTTP://example.org/",
            "mailto:prensa@example.org",
            "/es/mapa/",
            "otra/pagina",
            "#fuentes",
            "?q=1",
            "./a:b",
            "",
        ] {
            assert!(problems(&format!("[a]({good})")).is_empty(), "{good}");
        }
        // Autolinks, reference definitions, images in links.
        let text =
            "<javascript:alert(1)> [x][r] [![i](/i.png)](vbscript:y)\n\n[r]: data:text/html,x\n";
        let found = problems(text);
        assert_eq!(found.len(), 3, "{found:?}");
        let at: Vec<&str> = found
            .iter()
            .map(|p| &text[p.offset..p.offset + 4])
            .collect();
        assert_eq!(at, ["java", "data", "vbsc"], "{found:?}");
        assert!(problems("<prensa@example.org>").is_empty());
    }

    #[test]
    fn images_must_be_files_of_the_site() {
        for bad in [
            "https://evil.example/x.png",
            "//evil.example/x.png",
            "\\\\\\\\evil.example/x.png",
            "/\\evil.example/x.png",
            "http:evil.example/x.png",
            "<\t//evil.example/x.png>",
        ] {
            let text = format!("![x]({bad})");
            let found = problems(&text);
            assert_eq!(found.len(), 1, "{bad}: {found:?}");
            assert!(found[0].message.starts_with("an image from"), "{found:?}");
            let html = render(&text, "/").html;
            assert!(html.contains("src=\"#\""), "{bad}: {html}");
        }
        assert!(problems("![x](/img/mapa.png) ![y](mapa.png)").is_empty());
        assert_eq!(
            problems("![x](data:image/png;base64,xx)")[0].message,
            "a link to `data:image/png;base64,xx` is not allowed"
        );
    }

    #[test]
    fn code_languages_and_footnote_names_keep_to_a_safe_alphabet() {
        let text = "```rust\nx\n```\n\n```a\"onclick=b\nx\n```\n\nT[^1] y[^a b]\n\n[^1]: N.\n";
        let found = problems(text);
        assert_eq!(found.len(), 1, "{found:?}");
        assert!(found[0].message.contains("code language"), "{found:?}");
        let html = render(text, "/").html;
        assert!(html.contains("class=\"language-rust\""), "{html}");
        assert!(!html.contains("onclick"), "{html}");
        let found = problems("T[^a&b]\n\n[^a&b]: N.\n");
        assert_eq!(found.len(), 2, "{found:?}");
        assert!(found[0].message.contains("footnote name"));
    }

    #[test]
    fn allowed_raw_html_keeps_only_harmless_markup() {
        let text = "<abbr title=\"Secretaría\">SSPC</abbr> <img src=x onerror=alert(1)> <a href=\"javascript:x\" onclick=\"y\">a</a> <script>alert(1)</script> <span style=\"color:red\" class=\"x\">s</span>\n\n## T {#fuentes}\n\n<img src=\"https://evil.example/x.png\"> <a href=\"https://example.org/\">ok</a>\n";
        let html = render_with(text, "/", true).html;
        assert!(
            html.contains("<abbr title=\"Secretaría\">SSPC</abbr>"),
            "{html}"
        );
        assert!(html.contains("<h2 id=\"fuentes\">T</h2>"), "{html}");
        assert!(
            html.contains("<a href=\"https://example.org/\">ok</a>"),
            "{html}"
        );
        for gone in [
            "onerror",
            "onclick",
            "javascript",
            "<script",
            "style=",
            "class=",
            "evil",
        ] {
            assert!(!html.contains(gone), "{gone}: {html}");
        }
    }

    #[test]
    fn the_quick_pass_and_the_full_one_agree() {
        for text in [
            "## T {#x onclick=y}",
            "[a](javascript:x)",
            "![a](//h/x.png)",
            "```a\"b\nx\n```",
            "x[^a b]\n\n[^a b]: y",
            "## Fine {#ok}\n\n[a](/x) ![b](c.png) [^1]\n\n[^1]: n",
        ] {
            let refused = Parser::new_ext(text, OPTIONS).any(|e| is_refused(&e));
            assert_eq!(refused, !problems(text).is_empty(), "{text}");
        }
    }

    #[test]
    fn ids_the_page_uses_are_not_the_contents() {
        for text in [
            "## T {#main}",
            "## T {#sec-sources}",
            "## T {#y2025}",
            "x[^main]\n\n[^main]: n",
        ] {
            let found = problems(text);
            assert!(!found.is_empty(), "{text}");
            assert!(
                found[0].message.contains("the page itself uses"),
                "{found:?}"
            );
        }
        let html = render(
            "## Main\n\n## T {#main}\n\n## Sec sources\n\n## m2025-03\n",
            "/",
        )
        .html;
        assert!(!html.contains("id=\"main\""), "{html}");
        assert!(html.contains("<h2 id=\"h-main\">Main</h2>"), "{html}");
        assert!(html.contains("<h2 id=\"t\">T</h2>"), "{html}");
        assert!(html.contains("id=\"h-sec-sources\""), "{html}");
        assert!(html.contains("id=\"h-m2025-03\""), "{html}");
        assert!(problems("## Mainly {#mainly} {#y} {#m-1}").is_empty());
        assert!(!is_template_id("y") && !is_template_id("m-03") && !is_template_id("yes"));
    }
}
