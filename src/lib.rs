//! Puente: a static site generator for a bilingual (Spanish / English) briefing site.

pub mod build;
pub mod config;
pub mod content;
pub mod diagnostic;
pub mod fs;
pub mod i18n;
pub mod map;
pub mod markdown;
pub mod output;
pub mod render;
pub mod site;
pub mod toml_error;
