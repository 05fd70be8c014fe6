//! Puente: a static site generator for a bilingual (Spanish / English) briefing site.

pub mod build;
pub mod check;
pub mod config;
pub mod content;
pub mod diagnostic;
pub mod fs;
pub mod i18n;
pub mod map;
pub mod markdown;
pub mod new;
pub mod output;
pub mod render;
pub mod report;
pub mod serve;
pub mod site;
pub mod toml_error;
