//! Fuzzes Markdown rendering: any text renders, and no raw HTML or forbidden link gets through.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(text) = std::str::from_utf8(data) {
        let rendered = puente::markdown::render(text, "/sub/");
        assert!(!rendered.html.contains("<script"), "raw HTML passed through");
        assert!(!rendered.html.to_ascii_lowercase().contains("href=\"javascript:"), "a javascript: link passed through");
    }
});
