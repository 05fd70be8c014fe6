//! What content's Markdown may use: link schemes, images of the site, ids and code languages.

use pulldown_cmark::{Event, Parser, Tag};

use super::OPTIONS;

/// The schemes a link may have; a link without one is relative (a page of the site).
pub(super) const ALLOWED_SCHEMES: [&str; 3] = ["http", "https", "mailto"];

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
pub(super) fn is_safe_language(info: &str) -> bool {
    info.split(' ')
        .next()
        .unwrap_or_default()
        .bytes()
        .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'+' | b'#' | b'.'))
}
