//! Loading a project: site.toml, UI strings, geometry, templates, static files and content, every
//! problem collected into one report; then the route table.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use super::incremental::{reuse, Cache, InputStamps, Stamp};
use super::options::Options;
use super::relative::relative_report;
use crate::config::Config;
use crate::content::slug;
use crate::content::{Content, Vocabulary};
use crate::diagnostic::{relative, Diagnostic, Report};
use crate::i18n::I18n;
use crate::layout::{self, GEOJSON};
use crate::map::{Geometry, Region};
use crate::output::assets::Assets;
use crate::render::{load_templates, Inputs, Renderer};
use crate::routes::{KindName, KindNames, Origin, Routes};
use std::collections::BTreeMap;

/// Everything loaded from a project, validated.
pub struct Project {
    /// The project folder.
    pub root: PathBuf,
    /// `site.toml`.
    pub config: Config,
    /// UI strings.
    pub i18n: Arc<I18n>,
    /// The federal entities and the two maps drawn from them (main, locator).
    pub geo: Arc<Geometry>,
    /// Pages, events, advisories.
    pub content: Content,
    /// The templates.
    pub tera: Arc<tera::Tera>,
    /// Every route.
    pub routes: Arc<Routes>,
    /// The static files, with their published names.
    pub assets: Arc<Assets>,
}

impl Project {
    /// Loads and validates the project at `root`, reporting every problem found.
    pub fn load(root: &Path, options: &Options) -> Result<Project, Report> {
        Project::load_cached(root, options, &mut Cache::default())
    }

    /// Like `load`, reusing from `cache` whatever sources did not change since it was filled:
    /// the first three stages, load → validate → route.
    pub fn load_cached(
        root: &Path,
        options: &Options,
        cache: &mut Cache,
    ) -> Result<Project, Report> {
        let loaded = load(root, options, cache)?;
        let valid = validate(root, loaded)?;
        route(root, valid, cache)
    }

    /// The federal entities.
    pub fn regions(&self) -> &[Region] {
        &self.geo.regions
    }

    /// Items published without a translation: `(language, file)`.
    pub fn untranslated(&self) -> Vec<(String, PathBuf)> {
        let mut list = Vec::new();
        let relative = |p: &Path| relative(&self.root, p);
        for e in &self.content.events {
            list.extend(
                e.untranslated
                    .iter()
                    .map(|l| (l.clone(), relative(&e.path))),
            );
        }
        for a in &self.content.advisories {
            list.extend(
                a.untranslated
                    .iter()
                    .map(|l| (l.clone(), relative(&a.path))),
            );
        }
        for p in &self.content.pages {
            if let Some(t) = p.texts.values().next() {
                list.extend(
                    p.untranslated
                        .iter()
                        .map(|l| (l.clone(), relative(&t.path))),
                );
            }
        }
        list
    }

    /// Renders every page: `(output file, HTML)`.
    pub fn render(&self) -> Result<Vec<(String, String)>, Report> {
        super::parallel::render_all(&self.renderer()).map_err(|r| relative_report(&self.root, r.0))
    }

    /// A renderer over this project (it turns every Markdown text into HTML once).
    pub fn renderer(&self) -> Renderer<'_> {
        self.renderer_with(None, None, Default::default())
    }

    /// A renderer that reuses the event HTML of an earlier build where the event did not change,
    /// its events' pieces, and updates its search indexes.
    pub fn renderer_with<'a>(
        &'a self,
        markdown_cache: Option<&'a crate::render::MarkdownCache>,
        pieces: Option<&'a crate::render::Pieces>,
        search_indexes: crate::render::SearchIndexes,
    ) -> Renderer<'a> {
        Renderer::new(Inputs {
            config: &self.config,
            content: &self.content,
            regions: &self.geo.regions,
            routes: &self.routes,
            tera: &self.tera,
            i18n: &self.i18n,
            map: &self.geo.main,
            locator: &self.geo.locator,
            markdown_cache,
            pieces,
            search_indexes,
        })
    }

    /// The output folder: `override_dir`, else `output_dir` of site.toml, relative to the project.
    pub fn output_dir(&self, override_dir: Option<&Path>) -> PathBuf {
        let dir = override_dir.unwrap_or(&self.config.output_dir);
        if dir.is_absolute() {
            dir.to_path_buf()
        } else {
            self.root.join(dir)
        }
    }
}

/// The sources as read and parsed, each with the problems found in it, before they are checked
/// against each other.
pub struct Loaded {
    config: Config,
    i18n: Arc<I18n>,
    geo: Option<Arc<Geometry>>,
    assets: Arc<Assets>,
    tera: Option<Arc<tera::Tera>>,
    content: Option<Content>,
    kind_names: KindNames,
    /// The stamps of the UI strings, the map and the static files (the route table's key).
    stamps: [Stamp; 3],
    /// Every problem found so far.
    problems: Report,
}

/// The sources, loaded and checked against each other: ready to be routed.
pub struct Valid {
    config: Config,
    i18n: Arc<I18n>,
    geo: Arc<Geometry>,
    assets: Arc<Assets>,
    tera: Arc<tera::Tera>,
    content: Content,
    kind_names: KindNames,
    stamps: [Stamp; 3],
}

/// LOAD: reads and parses site.toml, the UI strings, the map, the static files, the templates
/// and the content (reusing from `cache` what did not change), collecting every problem. Only a
/// source that leads outside the project, or a site.toml that cannot be used, stops it early.
pub fn load(root: &Path, options: &Options, cache: &mut Cache) -> Result<Loaded, Report> {
    super::guard::check_sources_inside(root)?;
    let mut config =
        Config::from_file(&root.join(layout::SITE_TOML)).map_err(|p| relative_report(root, p))?;
    if let Some(base_url) = &options.base_url {
        config.set_base_url(base_url);
    }
    let mut report = Report::default();
    let languages: Vec<String> = config.languages.iter().map(|l| l.code.clone()).collect();
    let ui_strings: Vec<PathBuf> = languages
        .iter()
        .map(|l| root.join(layout::ui_strings(l)))
        .collect();
    let outside: Vec<Diagnostic> = ui_strings
        .iter()
        .filter_map(|path| crate::fs::check_inside(root, path).err())
        .collect();
    if !outside.is_empty() {
        return Err(relative_report(root, outside));
    }
    cache.stamps = InputStamps::take(root);
    let i18n_stamp = cache.stamps.i18n.clone();
    let (i18n, problems) = reuse(&mut cache.i18n, i18n_stamp.clone(), || {
        let (i18n, problems) = I18n::load(&root.join(layout::I18N), &languages);
        (Arc::new(i18n), problems)
    });
    report.extend(problems);
    let geo_stamp = cache.stamps.geo.clone();
    let assets_stamp = cache.stamps.statics.clone();
    let assets = reuse(&mut cache.assets, assets_stamp.clone(), || {
        Assets::load(&root.join(layout::STATIC)).map(Arc::new)
    });
    let base_path = config.base_path.clone();
    // The `asset()` function writes the base path into every URL it gives.
    let templates_stamp = cache
        .stamps
        .templates
        .clone()
        .and(&i18n_stamp)
        .and(&assets_stamp)
        .with_setting(&base_path);
    let hashed_assets = assets.as_ref().map(Arc::clone).unwrap_or_default();
    // The map (parsed, projected, simplified, drawn) and the templates take about as long as
    // each other and need nothing of each other: they load side by side.
    let (geo_slot, templates_slot) = (&mut cache.geo, &mut cache.templates);
    let (geo, tera) = rayon::join(
        || reuse(geo_slot, geo_stamp.clone(), || load_geo(root).map(Arc::new)),
        || {
            reuse(templates_slot, templates_stamp, || {
                load_templates(
                    &root.join(layout::TEMPLATES),
                    Some(i18n.clone()),
                    &hashed_assets,
                    &base_path,
                )
                .map(Arc::new)
            })
        },
    );
    // Problems are reported in the order these were once loaded one after the other.
    let geo = keep(geo, &mut report);
    let assets = keep(assets, &mut report).unwrap_or_default();
    let tera = keep(tera, &mut report);
    let (reserved, kind_names, problems) = url_names(&config, &i18n);
    report.extend(problems);
    let vocabulary = Vocabulary {
        languages,
        kinds: Some(i18n.kinds()),
        states: geo.as_ref().map(|g| {
            g.regions
                .iter()
                .map(|r| (r.code.clone(), r.name_es.clone()))
                .collect()
        }),
        allow_partial: config.allow_partial_translations,
        include_drafts: options.drafts,
        reserved,
    };
    let content =
        match Content::load_cached(&root.join(layout::CONTENT), &vocabulary, &mut cache.content) {
            Ok(content) => Some(content),
            Err(problems) => {
                report.extend(problems.0);
                None
            }
        };
    Ok(Loaded {
        config,
        i18n,
        geo,
        assets,
        tera,
        content,
        kind_names,
        stamps: [i18n_stamp, geo_stamp, assets_stamp],
        problems: report,
    })
}

/// VALIDATE: checks the loaded sources against each other (every message a template calls is
/// defined) and refuses them, with every problem found since loading began, if any.
pub fn validate(root: &Path, loaded: Loaded) -> Result<Valid, Report> {
    let Loaded {
        config,
        i18n,
        geo,
        assets,
        tera,
        content,
        kind_names,
        stamps,
        problems: mut report,
    } = loaded;
    if let Some(tera) = &tera {
        report.extend(missing_messages(&i18n, tera, root));
    }
    let (Some(geo), Some(tera), Some(content)) = (geo, tera, content) else {
        return Err(relative_report(root, report.0));
    };
    if !report.is_empty() {
        return Err(relative_report(root, report.0));
    }
    Ok(Valid {
        config,
        i18n,
        geo,
        assets,
        tera,
        content,
        kind_names,
        stamps,
    })
}

/// ROUTE: gives every page and static file its output path (reusing the last route table when
/// no path can have changed), refusing two outputs on one path.
pub fn route(root: &Path, valid: Valid, cache: &mut Cache) -> Result<Project, Report> {
    let Valid {
        config,
        i18n,
        geo,
        assets,
        tera,
        content,
        kind_names,
        stamps,
    } = valid;
    // A rebuild that changed no path (most edits) reuses the route table.
    let stamps: [&Stamp; 3] = [&stamps[0], &stamps[1], &stamps[2]];
    let key = routes_key(&config, &content, &stamps);
    let routes = match &cache.routes {
        Some((old, routes)) if *old == key && !stamps.iter().any(|s| s.uncertain()) => {
            routes.clone()
        }
        _ => {
            // Static files take their place in the same table as every generated file.
            let others: Vec<(&str, Origin)> = assets
                .files
                .iter()
                .zip(&assets.sources)
                .map(|((name, _), source)| (name.as_str(), Origin::Static(source)))
                .collect();
            let routes = Routes::new(&config, &content, &geo.regions, &kind_names, &others)
                .map_err(|r| relative_report(root, r.0))?;
            let routes = Arc::new(routes);
            cache.routes = Some((key, routes.clone()));
            routes
        }
    };
    Ok(Project {
        root: root.to_path_buf(),
        config,
        i18n,
        geo,
        content,
        tera,
        routes,
        assets,
    })
}

/// A hash of everything the route table is made from: the languages and their section names, the
/// page size, each item's file, slugs, kind and year, and the stamps of the UI strings (kind
/// names), the map (state names) and the static files (which must not take a page's path).
fn routes_key(config: &Config, content: &Content, stamps: &[&Stamp]) -> u128 {
    use std::hash::Hash;
    let mut hasher = xxhash_rust::xxh3::Xxh3::new();
    format!("{:?}", config.languages).hash(&mut hasher);
    config.timeline_page_size.hash(&mut hasher);
    stamps.hash(&mut hasher);
    content.events.len().hash(&mut hasher);
    for event in &content.events {
        (&event.path, event.date.year, &event.kind).hash(&mut hasher);
        for (lang, text) in &event.texts {
            (lang, &text.slug, text.slug_at).hash(&mut hasher);
        }
    }
    content.advisories.len().hash(&mut hasher);
    for advisory in &content.advisories {
        (&advisory.path, advisory.date).hash(&mut hasher);
    }
    content.pages.len().hash(&mut hasher);
    for page in &content.pages {
        (&page.name, page.is_home()).hash(&mut hasher);
        for (lang, text) in &page.texts {
            (lang, &text.path, &text.slug, text.slug_at).hash(&mut hasher);
        }
    }
    hasher.digest128()
}

/// What URLs are made of in each language: the segments no slug may take (site.toml's sections,
/// every kind's filter), and each kind's filter name, made from its Fluent label. A label that
/// gives no usable name (empty, a number, the page segment, another kind's) is reported against
/// the .ftl file that holds it.
pub(crate) fn url_names(
    config: &Config,
    i18n: &I18n,
) -> (BTreeMap<String, slug::Reserved>, KindNames, Vec<Diagnostic>) {
    let mut reserved = BTreeMap::new();
    let mut names = KindNames::new();
    let mut problems = Vec::new();
    for language in &config.languages {
        let lang = language.code.as_str();
        let mut taken = slug::Reserved {
            sections: language
                .sections
                .all()
                .iter()
                .map(|(name, segment)| (name.to_string(), segment.to_string()))
                .collect(),
            kinds: BTreeMap::new(),
        };
        for kind in i18n.kinds() {
            let id = format!("{}{kind}", crate::i18n::KIND_PREFIX);
            let label = i18n
                .message(lang, &id, None)
                .unwrap_or_else(|_| kind.clone());
            let (file, at) = match i18n.position(lang, &id) {
                Some((file, at)) => (file.to_path_buf(), at),
                None => (layout::ui_strings(lang), None),
            };
            let name = KindName {
                slug: slug::slugify(&label),
                file,
                at,
            };
            let problem = if name.slug.is_empty() {
                Some(format!("the label `{label}` of `{id}` has no letter or digit to make the URL of its timeline filter from"))
            } else if name.slug.len() > slug::MAX_LEN {
                Some(format!("the label of `{id}` makes a URL segment of {} characters, more than the {} allowed", name.slug.len(), slug::MAX_LEN))
            } else if let Some(why) = slug::reserved(&name.slug, slug::Level::Timeline, &taken) {
                Some(format!(
                    "the label `{label}` of `{id}` makes the URL segment `{}`, which {why}",
                    name.slug
                ))
            } else {
                None
            };
            match problem {
                Some(message) => {
                    let d = Diagnostic::new(&name.file, message).hint(format!(
                        "change the label: the timeline filter for `{kind}` is at /{lang}/{}/<label as a URL segment>/",
                        language.sections.timeline
                    ));
                    problems.push(match name.at {
                        Some((line, column)) => d.at(line, column),
                        None => d,
                    });
                }
                None => {
                    taken.kinds.insert(name.slug.clone(), kind.clone());
                    names.insert((lang.to_string(), kind), name);
                }
            }
        }
        reserved.insert(lang.to_string(), taken);
    }
    (reserved, names, problems)
}

/// The federal entities, with the main map and the locator map drawn from them.
fn load_geo(root: &Path) -> Result<Geometry, Vec<Diagnostic>> {
    let path = root.join(GEOJSON);
    let text = crate::fs::read_to_string(&path)
        .map_err(|d| vec![d.hint(format!("copy mexico-states.geojson into {}/", layout::GEO))])?;
    Geometry::load(&path, &text)
}

/// Message ids the templates call with `t(key="...")` that the Fluent files lack.
fn missing_messages(i18n: &I18n, tera: &tera::Tera, root: &Path) -> Vec<Diagnostic> {
    let mut problems = Vec::new();
    let templates = root.join(layout::TEMPLATES);
    for name in tera.get_template_names() {
        let Ok(text) = crate::fs::read_to_string(&templates.join(name)) else {
            continue;
        };
        for (offset, key) in literal_keys(&text) {
            if !i18n.has(key) {
                problems.push(
                    Diagnostic::new(
                        templates.join(name),
                        format!("Fluent message `{key}` is not defined"),
                    )
                    .at_offset(&text, offset)
                    .hint(format!("add `{key} = ...` to every file in i18n/")),
                );
            }
        }
    }
    problems
}

/// Every `t(key="literal"` in a template, with its byte offset.
pub fn literal_keys(text: &str) -> Vec<(usize, &str)> {
    let mut keys = Vec::new();
    let mut rest = 0;
    while let Some(found) = text[rest..].find("t(key=\"") {
        let start = rest + found + "t(key=\"".len();
        let Some(end) = text[start..].find('"') else {
            break;
        };
        let preceded_by_ident =
            rest + found > 0 && text.as_bytes()[rest + found - 1].is_ascii_alphanumeric();
        let after = text[start + end + 1..].trim_start();
        let whole_key = after.starts_with(',') || after.starts_with(')');
        if !preceded_by_ident && whole_key {
            keys.push((start, &text[start..start + end]));
        }
        rest = start + end;
    }
    keys
}

fn keep<T>(result: Result<T, Vec<Diagnostic>>, report: &mut Report) -> Option<T> {
    match result {
        Ok(value) => Some(value),
        Err(problems) => {
            report.extend(problems);
            None
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_literal_keys() {
        let keys = literal_keys(
            r#"{{ t(key="nav-home", lang=lang) }} {{ st(key="x") }} {{ t(key=item.key) }} {{ t(key="level-" ~ l) }}"#,
        );
        assert_eq!(keys.iter().map(|k| k.1).collect::<Vec<_>>(), ["nav-home"]);
        assert_eq!(keys[0].0, 10);
    }
}
