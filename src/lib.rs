//! Puente: a static site generator for a bilingual (Spanish / English) briefing site.
//!
//! The pipeline (`pipeline`): load and validate (`content`, `config`, `i18n`, `map`), route
//! (`routes`), render (`pages`, `render`), write (`output`); `layout` names the project's files.

pub mod check;
pub mod config;
pub mod content;
pub mod diagnostic;
pub mod diff;
pub mod fs;
pub mod i18n;
pub mod layout;
pub mod map;
pub mod markdown;
pub mod new;
pub mod output;
pub mod pages;
pub mod pipeline;
pub mod render;
pub mod report;
pub mod review;
pub mod routes;
pub mod serve;
pub mod toml_error;
