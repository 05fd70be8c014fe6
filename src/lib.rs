//! Puente: a static site generator for a bilingual (Spanish / English) briefing site.

pub mod diagnostic;
pub mod map;
