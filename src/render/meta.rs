//! Page metadata: titles, descriptions, "Date modified", canonical and alternate URLs, Open Graph
//! description; the JSON-LD graph is in `json_ld`.

use fluent_bundle::FluentValue;

use super::views::{Alternate, PageView};
use super::Renderer;
use crate::content::{Advisory, Date};
use crate::diagnostic::Diagnostic;
use crate::routes::{region_name, PageKind, Route};

/// Where a page is and where its other versions are.
pub(crate) struct Links {
    /// Its path with the base path.
    pub url: String,
    /// Its absolute URL.
    pub canonical: String,
    /// Every language's version, itself included, as absolute URLs.
    pub alternates: Vec<Alternate>,
    /// The x-default alternate.
    pub x_default: String,
    /// The other languages' versions, as links for the language switch.
    pub switch: Vec<Alternate>,
}

/// What every page states about itself.
pub(crate) struct PageMeta {
    /// The page's title (without the site's).
    pub title: String,
    /// One or two sentences for `<meta name="description">` and `og:description`.
    pub description: String,
    /// The "Date modified".
    pub modified: Date,
}

impl Renderer<'_> {
    /// The "Date modified" of a page: the newest date of the content it shows.
    pub(crate) fn modified(&self, route: &Route) -> Date {
        let newest = self.newest_modified();
        match &route.kind {
            PageKind::Timeline(_) | PageKind::TimelineKind(..) | PageKind::TimelineYear(..) => self
                .timeline_events(&route.kind)
                .into_iter()
                .map(|i| self.content.events[i].modified())
                .max()
                .unwrap_or(newest),
            PageKind::Event(i) => self.content.events[*i].modified(),
            PageKind::Map => self
                .content
                .advisories
                .last()
                .map_or(newest, Advisory::modified),
            PageKind::State(i) => self.state_modified(*i),
            PageKind::Advisory(i) => self.content.advisories[*i].modified(),
            PageKind::Page(i) => {
                let page = &self.content.pages[*i];
                let lang = route.language.as_deref().unwrap_or_default();
                page.texts.get(lang).map_or(newest, |t| t.updated)
            }
            _ => newest,
        }
    }

    /// Title, description and modified date of a page.
    pub(crate) fn meta(&self, route: &Route, lang: &str) -> Result<PageMeta, Diagnostic> {
        let language = self
            .config
            .language(lang)
            .unwrap_or(self.config.default_language());
        let modified = self.modified(route);
        let section = |key: &str, description: &str| -> Result<PageMeta, Diagnostic> {
            Ok(PageMeta {
                title: self.t(lang, key, &[])?,
                description: self.t(lang, description, &[])?,
                modified,
            })
        };
        let meta = match &route.kind {
            PageKind::LanguageChoice | PageKind::Home => PageMeta {
                title: language.title.clone(),
                description: language.description.clone(),
                modified,
            },
            PageKind::NotFound => section("not-found-title", "not-found-text")?,
            PageKind::Timeline(_) => section("nav-timeline", "timeline-intro")?,
            PageKind::TimelineKind(kind, _) => {
                let label = self.t(lang, &format!("kind-{kind}"), &[])?;
                let title = self.t(
                    lang,
                    "timeline-filtered",
                    &[("filter", FluentValue::from(label))],
                )?;
                PageMeta {
                    title,
                    description: self.t(lang, "timeline-intro", &[])?,
                    modified,
                }
            }
            PageKind::TimelineYear(year, _) => {
                let title = self.t(
                    lang,
                    "timeline-filtered",
                    &[("filter", FluentValue::from(year.to_string()))],
                )?;
                PageMeta {
                    title,
                    description: self.t(lang, "timeline-intro", &[])?,
                    modified,
                }
            }
            PageKind::Event(i) => {
                let event = &self.content.events[*i];
                PageMeta {
                    title: event.texts[lang].title.clone(),
                    description: plain_text(&self.html.events[*i][lang]),
                    modified,
                }
            }
            PageKind::Map => section("nav-map", "map-intro")?,
            PageKind::State(i) => {
                let region = &self.regions[*i];
                let name = region_name(region, lang).to_string();
                let level = self
                    .content
                    .advisories
                    .last()
                    .and_then(|a| a.states.get(&region.code))
                    .map(|s| s.level);
                let level = self.t(
                    lang,
                    &format!("level-{}", crate::routes::level_key(level)),
                    &[],
                )?;
                let description = self.t(
                    lang,
                    "state-label",
                    &[
                        ("name", FluentValue::from(name.clone())),
                        ("level", FluentValue::from(level)),
                    ],
                )?;
                PageMeta {
                    title: name,
                    description,
                    modified,
                }
            }
            PageKind::Advisory(i) => {
                let advisory = &self.content.advisories[*i];
                let date = self.i18n.long_date(lang, advisory.date)?;
                PageMeta {
                    title: self.t(lang, "advisory-title", &[("date", FluentValue::from(date))])?,
                    description: plain_text(&self.html.advisories[*i][lang]),
                    modified,
                }
            }
            PageKind::Page(i) => {
                let text = &self.content.pages[*i].texts[lang];
                PageMeta {
                    title: text.title.clone(),
                    description: text.description.clone(),
                    modified,
                }
            }
            PageKind::Feed | PageKind::Sitemap | PageKind::Robots | PageKind::SearchIndex => {
                PageMeta {
                    title: language.title.clone(),
                    description: String::new(),
                    modified,
                }
            }
        };
        let page = route.kind.page_number();
        if page > 1 {
            let title = self.t(
                lang,
                "listing-page",
                &[
                    ("title", FluentValue::from(meta.title.clone())),
                    ("page", FluentValue::from(page)),
                ],
            )?;
            return Ok(PageMeta { title, ..meta });
        }
        Ok(meta)
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

    /// A state page changes with every advisory and with the events that concern the state.
    pub(crate) fn state_modified(&self, i: usize) -> Date {
        let code = &self.regions[i].code;
        let advisories = self.content.advisories.iter().map(Advisory::modified);
        let events = self
            .content
            .events
            .iter()
            .filter(|e| e.states.contains(code))
            .map(|e| e.modified());
        advisories
            .chain(events)
            .max()
            .unwrap_or_else(|| self.newest_modified())
    }

    /// A page's own URL, canonical URL, language alternates, x-default and language switch.
    pub(crate) fn links(&self, route: &Route) -> Links {
        let url = self.config.link(&route.path);
        let canonical = self.config.absolute_url(&url);
        let counterparts: Vec<&Route> = match route.kind {
            PageKind::LanguageChoice => self
                .languages
                .iter()
                .filter_map(|l| self.routes.get(&PageKind::Home, Some(l)))
                .collect(),
            _ if route.language.is_some() => {
                self.routes.counterparts(route, &self.languages).collect()
            }
            _ => Vec::new(),
        };
        let absolute = |r: &Route| self.config.absolute_url(&self.config.link(&r.path));
        let alternates: Vec<Alternate> = counterparts
            .iter()
            .map(|r| Alternate {
                lang: r.language.clone().unwrap_or_default(),
                url: absolute(r),
            })
            .collect();
        let switch = match route.kind {
            PageKind::LanguageChoice => Vec::new(),
            _ => counterparts
                .iter()
                .filter(|r| r.language != route.language)
                .map(|r| Alternate {
                    lang: r.language.clone().unwrap_or_default(),
                    url: self.config.link(&r.path),
                })
                .collect(),
        };
        let x_default = match route.kind {
            PageKind::Home | PageKind::LanguageChoice => {
                self.absolute(&PageKind::LanguageChoice, None)
            }
            _ => alternates
                .first()
                .map(|a| a.url.clone())
                .unwrap_or_else(|| canonical.clone()),
        };
        Links {
            url,
            canonical,
            alternates,
            x_default,
            switch,
        }
    }

    /// Everything `page` holds in a template: URLs, alternates, metadata and JSON-LD.
    pub(crate) fn page_view(
        &self,
        route: &Route,
        meta: PageMeta,
        lang: &str,
    ) -> Result<PageView, Diagnostic> {
        let Links {
            url,
            canonical,
            alternates,
            x_default,
            switch,
        } = self.links(route);
        let locale_alternates = self
            .config
            .languages
            .iter()
            .filter(|l| l.code != lang)
            .map(|l| l.locale.clone())
            .collect();
        let json_ld = self.json_ld(route, &meta, lang, &canonical)?;
        Ok(PageView {
            title: meta.title,
            description: meta.description,
            url,
            canonical,
            modified: meta.modified,
            alternates,
            x_default,
            switch,
            og_type: if matches!(route.kind, PageKind::Event(_)) {
                "article"
            } else {
                "website"
            },
            locale_alternates,
            json_ld,
        })
    }
}

/// The text of a small piece of HTML, for descriptions: tags dropped, then the five entities our
/// Markdown writes decoded, runs of white space made one space, none at either end.
pub(crate) fn plain_text(html: &str) -> String {
    const ENTITIES: [(&str, char); 5] = [
        ("&quot;", '"'),
        ("&#39;", '\''),
        ("&lt;", '<'),
        ("&gt;", '>'),
        ("&amp;", '&'),
    ];
    // Tags first, on their own: an entity may be split by one (`&<b></b>amp;`).
    let mut stripped = String::with_capacity(html.len());
    let mut in_tag = false;
    for c in html.chars() {
        match c {
            '<' => in_tag = true,
            '>' => in_tag = false,
            _ if !in_tag => stripped.push(c),
            _ => {}
        }
    }
    // Then one scan decodes what the replacements one entity after another decoded (none of
    // them writes a character another entity's name holds) and joins the words.
    let mut text = String::with_capacity(stripped.len());
    let mut gap = false;
    let mut chars = stripped.char_indices();
    while let Some((i, c)) = chars.next() {
        if c.is_whitespace() {
            gap = true;
            continue;
        }
        if gap && !text.is_empty() {
            text.push(' ');
        }
        gap = false;
        let entity = (c == '&')
            .then(|| ENTITIES.iter().find(|(e, _)| stripped[i..].starts_with(e)))
            .flatten();
        match entity {
            Some((name, decoded)) => {
                text.push(*decoded);
                // Entities are ASCII: skip the rest of the name.
                chars.nth(name.len() - 2);
            }
            None => text.push(c),
        }
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::strategy::Strategy;

    #[test]
    fn plain_text_strips_tags_and_entities() {
        assert_eq!(
            plain_text("<p>Hola &amp; <em>adiós</em>\n</p>"),
            "Hola & adiós"
        );
        assert_eq!(plain_text(" \n<p> a </p>\t "), "a");
        assert_eq!(
            plain_text("&amp;lt; &#39;x&#39; &quot;&gt;&amp"),
            "&lt; 'x' \">&amp"
        );
        assert_eq!(plain_text("a<br>b <i> c</i>"), "ab c");
        assert_eq!(plain_text("&<b></b>amp;lt; x"), "&lt; x");
    }

    /// What the one pass replaced: strip tags, decode each entity in turn, join the words.
    fn plain_text_in_steps(html: &str) -> String {
        let mut text = String::new();
        let mut in_tag = false;
        for c in html.chars() {
            match c {
                '<' => in_tag = true,
                '>' => in_tag = false,
                _ if !in_tag => text.push(c),
                _ => {}
            }
        }
        let text = text
            .replace("&quot;", "\"")
            .replace("&#39;", "'")
            .replace("&lt;", "<")
            .replace("&gt;", ">")
            .replace("&amp;", "&");
        text.split_whitespace().collect::<Vec<_>>().join(" ")
    }

    proptest::proptest! {
        /// On any mix of text, tags and (whole or split) entities, the two passes give what the
        /// steps gave.
        #[test]
        fn plain_text_matches_the_steps(
            parts in proptest::collection::vec(
                proptest::prop_oneof![
                    "[a-zñé ]{0,6}",
                    "[ \t\n\u{a0}\u{2028}]{1,3}",
                    proptest::sample::select(vec![
                        "<p>", "</p>", "<em>", "<a href=\"x&amp;y\">", "&amp;", "&lt;", "&gt;",
                        "&quot;", "&#39;", "&amp;lt;", "&", "amp;", "lt;", "#39;", ";",
                    ])
                    .prop_map(String::from),
                ],
                0..12,
            )
        ) {
            let html = parts.concat();
            proptest::prop_assert_eq!(plain_text(&html), plain_text_in_steps(&html));
        }
    }
}
