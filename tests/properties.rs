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
    fn a_title_is_text_whatever_it_holds(title in "[^\"\\\\\\p{Cc}]{1,40}") {
        let text = format!("date = 2025-01-01\nkind = \"call\"\n[es]\ntitle = \"{title}\"\nsummary = \"s\"\n[en]\ntitle = \"{title}\"\nsummary = \"s\"\n");
        if let Ok(event) = Event::parse(Path::new("e.toml"), &text, &vocabulary()) {
            let escaped = puente::render::escape_html(&event.texts["es"].title);
            prop_assert!(!escaped.contains('<') && !escaped.contains('"'));
        }
    }
}
