//! Fuzzes the event parser: any bytes give an event or diagnostics, never a panic.
#![no_main]

use libfuzzer_sys::fuzz_target;
use puente::content::{Event, Vocabulary};

fuzz_target!(|data: &[u8]| {
    if let Ok(text) = std::str::from_utf8(data) {
        let vocabulary = Vocabulary {
            languages: vec!["es".into(), "en".into()],
            kinds: Some(["call".to_string()].into()),
            states: Some([("MX-CHP".to_string(), "Chiapas".to_string())].into()),
            ..Vocabulary::default()
        };
        let _ = Event::parse(std::path::Path::new("fuzz.toml"), text, &vocabulary);
    }
});
