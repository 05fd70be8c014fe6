//! Fuzzes the page parser (front matter and Markdown): a page or diagnostics, never a panic.
#![no_main]

use libfuzzer_sys::fuzz_target;
use puente::content::page::PageText;

fuzz_target!(|data: &[u8]| {
    if let Ok(text) = std::str::from_utf8(data) {
        if let Ok(page) = PageText::parse(std::path::Path::new("about.es.md"), text, "es") {
            let _ = puente::markdown::render(&page.body, "/");
        }
    }
});
