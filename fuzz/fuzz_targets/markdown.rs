//! Fuzzes Markdown rendering: any text renders, no raw HTML or forbidden link gets through, and
//! the load-time check finds every forbidden link.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(text) = std::str::from_utf8(data) {
        let rendered = puente::markdown::render(text, "/sub/");
        // Loading refuses what rendering would neutralise (its shortcut skips no such link).
        if rendered.links.iter().any(|l| puente::markdown::is_forbidden(l)) {
            assert!(!puente::markdown::forbidden_links(text).is_empty(), "loading missed a link");
        }
        let html = rendered.html.to_ascii_lowercase();
        assert!(!html.contains("<script"), "raw HTML passed through");
        // `<` is always escaped in text, so these can only be real links.
        for tag in ["<a href=\"", "<img src=\""] {
            for (at, _) in html.match_indices(tag) {
                let url = &html[at + tag.len()..];
                assert!(!puente::markdown::is_forbidden(url), "a forbidden link passed through");
            }
        }
    }
});
