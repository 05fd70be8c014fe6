//! What every page type's view is made with: Fluent messages, links, the site and navigation,
//! event summaries, sources, an advisory in brief, collation.

use fluent_bundle::{FluentArgs, FluentValue};

use super::views::*;
use super::Renderer;
use crate::content::{Advisory, Date, Level, Source};
use crate::diagnostic::Diagnostic;
use crate::markdown;
use crate::routes::{level_key, region_name, PageKind, Route};

/// A text's HTML, as every page shows it: links under the site's base path, raw HTML as
/// site.toml's `allow_raw_html` says (summaries when a renderer is made, bodies page by page).
pub(crate) fn markdown_html(config: &crate::config::Config, text: &str) -> String {
    markdown::render_with(text, &config.base_path, config.allow_raw_html).html
}

impl Renderer<'_> {
    /// A Fluent message, as a diagnostic on the language's file when it cannot be formatted.
    pub(crate) fn t(
        &self,
        lang: &str,
        key: &str,
        args: &[(&str, FluentValue<'static>)],
    ) -> Result<String, Diagnostic> {
        let mut fluent_args = FluentArgs::new();
        for (name, value) in args {
            fluent_args.set(*name, value.clone());
        }
        let args = (!args.is_empty()).then_some(&fluent_args);
        self.i18n.message(lang, key, args)
    }

    /// What every page shows of the site: titles, URLs of the home, feed and search index, every
    /// language.
    pub(crate) fn site_view(&self, lang: &str) -> SiteView<'_> {
        let language = self
            .config
            .language(lang)
            .unwrap_or(self.config.default_language());
        SiteView {
            title: &language.title,
            description: &language.description,
            locale: &language.locale,
            base_path: &self.config.base_path,
            base_url: &self.config.base_url,
            home_url: self.link(&PageKind::Home, &language.code),
            feed_url: self.link(&PageKind::Feed, &language.code),
            search_index_url: self.link(&PageKind::SearchIndex, &language.code),
            data_url: self.link(&PageKind::Data, &language.code),
            languages: self
                .config
                .languages
                .iter()
                .map(|l| LanguageLink {
                    lang: &l.code,
                    url: self.config.link(self.routes.path(&PageKind::Home, &l.code)),
                    timeline_url: self.link(&PageKind::TIMELINE, &l.code),
                    map_url: self.link(&PageKind::Map, &l.code),
                    search_index_url: self.link(&PageKind::SearchIndex, &l.code),
                    feed_url: self.link(&PageKind::Feed, &l.code),
                    data_url: self.link(&PageKind::Data, &l.code),
                    title: &l.title,
                    description: &l.description,
                    locale: &l.locale,
                })
                .collect(),
        }
    }

    /// The navigation: home, timeline, map and every page, the current one and its section marked.
    pub(crate) fn nav(&self, route: &Route, lang: &str) -> Vec<NavItem> {
        if route.language.is_none() {
            return Vec::new();
        }
        let current_section = match route.kind {
            PageKind::Home => Some(PageKind::Home),
            PageKind::Timeline(_)
            | PageKind::Event(_)
            | PageKind::TimelineKind(..)
            | PageKind::TimelineYear(..) => Some(PageKind::TIMELINE),
            PageKind::Map | PageKind::State(_) | PageKind::Advisory(_) => Some(PageKind::Map),
            PageKind::Page(i) => Some(PageKind::Page(i)),
            _ => None,
        };
        let mut items = vec![
            (PageKind::Home, Some("nav-home"), None),
            (PageKind::TIMELINE, Some("nav-timeline"), None),
            (PageKind::Map, Some("nav-map"), None),
        ];
        for (i, page) in self.content.pages.iter().enumerate() {
            if !page.is_home() {
                let text = &page.texts[lang];
                let title = text.nav_title.as_ref().unwrap_or(&text.title);
                items.push((PageKind::Page(i), None, Some(title.clone())));
            }
        }
        items
            .into_iter()
            .map(|(kind, key, title)| NavItem {
                url: self.config.link(self.routes.path(&kind, lang)),
                current: route.kind == kind,
                section: current_section.as_ref() == Some(&kind),
                key,
                title,
            })
            .collect()
    }

    /// The absolute URL of a route (`None` language for the multilingual ones).
    pub(crate) fn absolute(&self, kind: &PageKind, lang: Option<&str>) -> String {
        let path = self.routes.get(kind, lang).map_or("/", |r| r.path.as_str());
        self.config.absolute_url(&self.config.link(path))
    }

    /// The path of a route, with the base path.
    pub(crate) fn link(&self, kind: &PageKind, lang: &str) -> String {
        self.config.link(self.routes.path(kind, lang))
    }

    /// An event as the listings show it (timeline, home, state).
    pub(crate) fn event_summary(&self, i: usize, lang: &str) -> EventSummary<'_> {
        let event = &self.content.events[i];
        let text = &event.texts[lang];
        EventSummary {
            id: &event.id,
            url: self.link(&PageKind::Event(i), lang),
            title: &text.title,
            date: event.date,
            kind: &event.kind,
            summary_html: &self.html.events[i][lang],
            text_lang: event
                .untranslated
                .iter()
                .any(|l| l == lang)
                .then(|| self.original_language(&event.untranslated)),
        }
    }

    /// The language an untranslated item's words are in: the first that is not missing.
    pub(crate) fn original_language(&self, untranslated: &[String]) -> String {
        self.languages
            .iter()
            .find(|l| !untranslated.contains(l))
            .cloned()
            .unwrap_or_else(|| self.languages[0].clone())
    }

    /// Sources as a page cites them, translated excerpts where a source is in another language.
    pub(crate) fn sources(&self, sources: &[Source], lang: &str) -> Vec<SourceView> {
        sources
            .iter()
            .map(|s| {
                let foreign = s.language.as_deref().is_some_and(|l| l != lang);
                let mut not_recorded = Vec::new();
                if s.title.is_none() {
                    not_recorded.push("headline");
                }
                if s.publisher.is_none() {
                    not_recorded.push("publisher");
                }
                if s.date.is_none() {
                    not_recorded.push("date");
                }
                SourceView {
                    kind: s.kind.map(|k| k.key()),
                    title: s.title.clone(),
                    publisher: s.publisher.clone(),
                    date: s.date,
                    url: s.url.clone(),
                    language: s.language.clone(),
                    foreign,
                    not_recorded,
                    excerpt: s.excerpt.as_ref().map(|e| e.text.clone()),
                    excerpt_translation: s
                        .excerpt
                        .as_ref()
                        .filter(|_| foreign)
                        .and_then(|e| e.translation.get(lang).cloned()),
                }
            })
            .collect()
    }

    /// A link to the page of the state `code`, with its name in `lang`.
    pub(crate) fn state_link(&self, code: &str, lang: &str) -> Option<StateLink> {
        let i = self.regions.iter().position(|r| r.code == code)?;
        Some(StateLink {
            code: code.to_string(),
            name: region_name(&self.regions[i], lang).to_string(),
            url: self.link(&PageKind::State(i), lang),
        })
    }

    /// An advisory snapshot in brief: its date, issuer, counts per level, note, official link.
    pub(crate) fn advisory_brief(&self, i: usize, lang: &str) -> AdvisoryBrief {
        let advisory = &self.content.advisories[i];
        let mut counts: Vec<LevelCount> = Level::ALL
            .iter()
            .rev()
            .map(|l| LevelCount {
                level: l.key(),
                count: advisory.count(*l),
            })
            .collect();
        counts.push(LevelCount {
            level: level_key(None),
            count: self.regions.len() - advisory.states.len(),
        });
        AdvisoryBrief {
            date: advisory.date,
            url: self.link(&PageKind::Advisory(i), lang),
            issuer: advisory.texts[lang].issuer.clone(),
            counts,
            note: advisory.texts[lang].note.clone(),
            official: advisory.official_url.as_ref().map(|url| OfficialLink {
                url: url.clone(),
                language: advisory.official_language.clone(),
                foreign: advisory
                    .official_language
                    .as_deref()
                    .is_some_and(|l| l != lang),
            }),
        }
    }

    /// The newest date of any content: the site's own "Date modified".
    pub(crate) fn newest_modified(&self) -> Date {
        self.newest
    }

    /// Computes the newest date of any content (once, when the renderer is made).
    pub(crate) fn compute_newest(content: &crate::content::Content) -> Date {
        let events = content.events.iter().map(|e| e.modified());
        let advisories = content.advisories.iter().map(Advisory::modified);
        let pages = content
            .pages
            .iter()
            .flat_map(|p| p.texts.values().map(|t| t.updated));
        events.chain(advisories).chain(pages).max().unwrap_or(Date {
            year: 1970,
            month: 1,
            day: 1,
        })
    }
}

/// A sort key that orders names alphabetically in `lang`: accents and case are secondary (so
/// "Chiapas" < "Chihuahua" < "Ciudad de México" < "Michoacán"), and in Spanish `ñ` is a letter of
/// its own after `n`. Ties are broken by the exact name, so the order is total and stable.
pub(crate) fn collation_key(name: &str, lang: &str) -> (String, String) {
    let mut primary = String::with_capacity(name.len());
    for c in name.chars() {
        if lang == "es" && (c == 'ñ' || c == 'Ñ') {
            // After every `n` followed by a letter: `~` sorts after `z`.
            primary.push_str("n~");
        } else {
            let mut buf = [0u8; 4];
            primary.push_str(&deunicode::deunicode(c.encode_utf8(&mut buf)).to_lowercase());
        }
    }
    (primary, name.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn collation_ignores_accents() {
        let mut names = vec![
            "Zacatecas",
            "Michoacán",
            "Ciudad de México",
            "Chihuahua",
            "Chiapas",
            "Querétaro",
            "Quintana Roo",
        ];
        names.sort_by_key(|n| collation_key(n, "es"));
        assert_eq!(
            names,
            [
                "Chiapas",
                "Chihuahua",
                "Ciudad de México",
                "Michoacán",
                "Querétaro",
                "Quintana Roo",
                "Zacatecas"
            ]
        );
        // Spanish: ñ is a letter after n; elsewhere it is an accented n.
        let mut words = vec!["caña", "canoa", "cana", "cañón"];
        words.sort_by_key(|n| collation_key(n, "es"));
        assert_eq!(words, ["cana", "canoa", "caña", "cañón"]);
        words.sort_by_key(|n| collation_key(n, "en"));
        assert_eq!(words, ["cana", "caña", "canoa", "cañón"]);
        assert!(collation_key("Mexico", "en") < collation_key("México", "en"));
    }
}
