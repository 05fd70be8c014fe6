//! Properties over arbitrary input: every parser gives a value or diagnostics and never panics, and
//! no text put into content can reach the page as markup.

use std::path::Path;

use proptest::prelude::*;
use puente::content::page::PageText;
use puente::content::{Advisory, Event, Vocabulary};

fn vocabulary() -> Vocabulary {
    Vocabulary {
        languages: vec!["es".into(), "en".into()],
        kinds: Some(["call".to_string()].into()),
        states: Some([("MX-CHP".to_string(), "Chiapas".to_string())].into()),
        ..Vocabulary::default()
    }
}

/// Text that is TOML-ish often enough to get past the first line.
fn tomlish() -> impl Strategy<Value = String> {
    prop_oneof![
        any::<String>(),
        "(date = [0-9-]{0,12}\n)?(kind = \"[a-z]{0,6}\"\n)?(\\[(es|en|fr)\\]\n(title|summary|slug|body) = \"[^\"\\\\]{0,20}\"\n){0,6}",
        "(\\[\\[states\\]\\]\ncode = \"MX-[A-Z]{2,3}\"\nlevel = \"[a-z-]{0,20}\"\n){0,4}",
    ]
}

/// Pieces of hostile and ordinary Markdown, put together in any order.
fn markdown_piece() -> impl Strategy<Value = String> {
    let fixed = prop::sample::select(vec![
        "\n\n## T {#x onclick=alert(1) style=color:red .big}\n\n",
        "\n\n# Título {#ok}\n\n",
        "\n\n## Main\n\n",
        "[a](&#106;avascript:alert(1)) ",
        "[b](<java\tscript:x>) ",
        "[c](DaTa&#9;:text/html,x) ",
        "<javascript:alert(2)> ",
        "![i](https://evil.example/x.png) ",
        "![j](//evil.example/x.png) ",
        "![k](/img/ok.png) ",
        "[l](/es/mapa/ \"t\\\" onclick=\") ",
        "<img src=x onerror=alert(1)> ",
        "<a href=\"javascript:x\" onclick=y>z</a> ",
        "<script>alert(3)</script> ",
        "<svg onload=alert(4)></svg> ",
        "\n\n```js\" onmouseover=\"x\nc\n```\n\n",
        "\n\n```rust\nc\n```\n\n",
        "x[^n] ",
        "\n\n[^n]: nota\n\n",
        "[r][ref] ",
        "\n\n[ref]: &#x66;ile:///etc/passwd\n\n",
        "\n\n| a | b |\n|:-|-:|\n| 1 | 2 |\n\n",
        "{",
        "}",
        "`",
    ]);
    prop_oneof![
        fixed.prop_map(str::to_string),
        "[a-z \\[\\](){}#<>:!`\n]{0,12}"
    ]
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 400, ..ProptestConfig::default() })]

    #[test]
    fn event_parser_never_panics(text in tomlish()) {
        let _ = Event::parse(Path::new("e.toml"), &text, &vocabulary());
    }

    #[test]
    fn advisory_parser_never_panics(text in tomlish()) {
        let _ = Advisory::parse(Path::new("2025-01-01.toml"), &text, &vocabulary());
    }

    #[test]
    fn page_parser_never_panics(front in tomlish(), body in any::<String>(), crlf in any::<bool>()) {
        let text = format!("+++\n{front}\n+++\n{body}");
        let text = if crlf { text.replace('\n', "\r\n") } else { text };
        let _ = PageText::parse(Path::new("p.es.md"), &text, "es");
    }

    #[test]
    fn config_and_i18n_parsers_never_panic(text in any::<String>()) {
        let _ = puente::config::Config::parse(Path::new("site.toml"), &text);
        let _ = puente::i18n::I18n::parse(vec![("es".into(), "es.ftl".into(), text.clone())]);
        let _ = puente::map::load_regions(Path::new("m.geojson"), &text);
    }

    #[test]
    fn markdown_never_lets_markup_or_code_links_through(text in any::<String>(), link in "[a-zA-Z:\\t ]{0,16}") {
        let source = format!("{text}\n\n<script>alert(1)</script> [x]({link}javascript:alert(1)) <img src=x onerror=alert(1)>");
        let html = puente::markdown::render(&source, "/").html;
        prop_assert!(!html.contains("<script"));
        prop_assert!(!html.contains("<img src=x"));
        prop_assert!(!html.to_ascii_lowercase().contains("<a href=\"javascript:"));
    }

    #[test]
    fn markdown_output_carries_only_its_own_attributes(
        parts in proptest::collection::vec(markdown_piece(), 1..8),
        allow_html in any::<bool>(),
    ) {
        let source = parts.concat();
        let rendered = puente::markdown::render_with(&source, "/", allow_html);
        let refused = !puente::markdown::problems(&source).is_empty();
        // Loading refuses every link and image rendering has to neutralise.
        if rendered.links.iter().any(|l| !puente::markdown::link_allowed(l)) {
            prop_assert!(refused, "{source}");
        }
        let html = scraper::Html::parse_fragment(&rendered.html);
        for element in html.root_element().descendants().filter_map(scraper::ElementRef::wrap) {
            let name = element.value().name();
            for (attribute, value) in element.value().attrs() {
                let allowed = match (name, attribute) {
                    (_, "id") => puente::markdown::is_safe_id(value),
                    ("a", "href") => puente::markdown::link_allowed(value),
                    ("img", "src") => puente::markdown::image_allowed(value),
                    ("a" | "img" | "abbr", "title") | ("img", "alt") | ("ol", "start") => true,
                    ("code", "class") => value.starts_with("language-") && !value.contains(['"', ' ']),
                    ("sup" | "div", "class") => value.starts_with("footnote-"),
                    ("th" | "td", "style") => value.starts_with("text-align: "),
                    _ => false,
                };
                prop_assert!(allowed, "<{name} {attribute}={value:?}> from {source:?}");
            }
            prop_assert!(!matches!(name, "script" | "style" | "iframe" | "svg" | "form" | "input"), "<{name}> from {source:?}");
        }
    }

    #[test]
    fn a_title_is_text_whatever_it_holds(title in "[^\"\\\\\\p{Cc}]{1,40}") {
        let text = format!("date = 2025-01-01\nkind = \"call\"\n[es]\ntitle = \"{title}\"\nsummary = \"s\"\n[en]\ntitle = \"{title}\"\nsummary = \"s\"\n");
        if let Ok(event) = Event::parse(Path::new("e.toml"), &text, &vocabulary()) {
            let escaped = puente::render::escape_html(&event.texts["es"].title);
            prop_assert!(!escaped.contains('<') && !escaped.contains('"'));
        }
    }
}
