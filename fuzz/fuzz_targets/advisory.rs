//! Fuzzes the advisory parser: any bytes give a snapshot or diagnostics, never a panic.
#![no_main]

use libfuzzer_sys::fuzz_target;
use puente::content::{Advisory, Vocabulary};

fuzz_target!(|data: &[u8]| {
    if let Ok(text) = std::str::from_utf8(data) {
        let vocabulary = Vocabulary {
            languages: vec!["es".into(), "en".into()],
            states: Some([("MX-CHP".to_string(), "Chiapas".to_string())].into()),
            ..Vocabulary::default()
        };
        let _ = Advisory::parse(std::path::Path::new("2025-11-18.toml"), text, &vocabulary);
    }
});
