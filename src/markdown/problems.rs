//! Everything in a Markdown text that loading refuses, each at its byte offset.

use std::ops::Range;

use pulldown_cmark::{CodeBlockKind, Event, LinkType, Parser, Tag};

use super::allowed::{image_allowed, is_safe_id, is_safe_language, is_template_id, link_allowed};
use super::OPTIONS;

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
    if plainly_clean(markdown) {
        return Vec::new();
    }
    parsed_problems(markdown)
}

/// `problems`, always by parsing `markdown`.
fn parsed_problems(markdown: &str) -> Vec<Problem> {
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

/// True when `markdown` can hold nothing `problems` reports, seen without parsing it: no `<`
/// (autolinks), `{` (heading attributes), ```` ``` ```` or `~~~` (fenced code), `[^` (footnotes),
/// `]:` (reference definitions, without which no reference link exists) or `![` (images), and
/// every `](` (where every inline link's destination begins) followed at once by a plain
/// destination (`plain_destination`) and `)`. Most texts with links pass, and skip a parse.
fn plainly_clean(markdown: &str) -> bool {
    let bytes = markdown.as_bytes();
    if memchr::memchr2(b'<', b'{', bytes).is_some()
        || ["```", "~~~", "[^", "]:", "!["]
            .iter()
            .any(|needle| memchr::memmem::find(bytes, needle.as_bytes()).is_some())
    {
        return false;
    }
    memchr::memmem::find_iter(bytes, b"](").all(|at| {
        let rest = &bytes[at + 2..];
        let end = rest
            .iter()
            .position(|b| !is_plain_url_byte(*b))
            .unwrap_or(rest.len());
        rest.get(end) == Some(&b')') && plain_destination(&rest[..end])
    })
}

/// True for a link destination every reader of it takes as it is written and `link_allowed`
/// allows: bytes from `is_plain_url_byte` (no `&` or `\` that the parser would decode, no space
/// or control), beginning with `/`, `#` or `.` (no scheme) or with `http://` or `https://`.
fn plain_destination(url: &[u8]) -> bool {
    matches!(url.first(), Some(b'/' | b'#' | b'.'))
        || url.starts_with(b"http://")
        || url.starts_with(b"https://")
}

/// ASCII letters, digits and `/ . _ ~ : ? # = % + -`.
fn is_plain_url_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b"/._~:?#=%+-".contains(&b)
}

/// True for an event `problems` reports.
pub(super) fn is_refused(event: &Event) -> bool {
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

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn plain_texts_and_plain_links_skip_the_parse() {
        assert!(plainly_clean("Texto sin enlaces."));
        assert!(plainly_clean(
            "Ver el [mapa](/es/mapa/), [la nota](https://example.org/a?b=1#c) y [x](#fuentes)."
        ));
        for needs_parse in [
            "[a](javascript:x)",
            "[a]( /x)",
            "[a](/x \"t\")",
            "[a](/x&#58;)",
            "[a](HTTP://x)",
            "[a](</x>)",
            "[a]: /x",
            "![a](/x.png)",
            "[^1]",
            "## T {#id}",
            "```rust\n```",
            "~~~\n~~~",
            "<https://x>",
            "[a]()",
        ] {
            assert!(!plainly_clean(needs_parse), "{needs_parse}");
        }
    }

    /// Pieces Markdown links, images, footnotes, code and headings are made of.
    const PIECES: &[&str] = &[
        "[",
        "]",
        "](",
        ")",
        "(",
        "!",
        "<",
        ">",
        "{#a}",
        "{.c}",
        "^",
        ":",
        "/",
        "//",
        "#",
        ".",
        "`",
        "```",
        "~",
        "&#58;",
        "&amp;",
        "\\",
        " ",
        "\n",
        "\n\n",
        "\t",
        "\"",
        "## ",
        "* ",
        "http://",
        "https://",
        "HTTP://",
        "javascript:",
        "data:",
        "mailto:",
        "vbscript:",
        "x",
        "es",
        "1",
        "img.png",
        "main",
        "-",
        "_",
        "%",
        "[a](",
        "[a](/",
        "[a](#",
        "[a](.",
        "](javascript:x)",
        "](data:x)",
        "](/x)",
        "](#main)",
        "](https://x)",
        "[^1]",
        "[a]: ",
    ];

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(20000))]
        /// The shortcut never hides a problem the parse would find.
        #[test]
        fn a_plainly_clean_text_has_no_problems(
            pieces in proptest::collection::vec(proptest::sample::select(PIECES), 0..24)
        ) {
            let text = pieces.concat();
            if plainly_clean(&text) {
                prop_assert!(parsed_problems(&text).is_empty(), "{:?}", parsed_problems(&text));
            }
        }
    }
}
