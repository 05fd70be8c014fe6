//! Markdown to HTML: unique heading ids, base-path links, and raw HTML escaped or cleaned.

use std::collections::BTreeSet;

use pulldown_cmark::{html, CodeBlockKind, CowStr, Event, HeadingLevel, Parser, Tag, TagEnd};

use super::allowed::{
    image_allowed, is_safe_id, is_safe_language, is_template_id, link_allowed, ALLOWED_SCHEMES,
};
use super::OPTIONS;
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
