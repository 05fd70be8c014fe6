//! The build: load and validate everything, build the routes, render in parallel, write atomically.

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, Instant};

use crate::config::Config;
use crate::content::{Content, Vocabulary};
use crate::diagnostic::{relative, Diagnostic, Report};
use crate::i18n::I18n;
use crate::map::{self, DrawOptions, Region};
use crate::output::{self, assets::Assets, WriteStats};
use crate::render::{load_templates, Inputs, Renderer};
use crate::site::Routes;

/// Where the GeoJSON of the federal entities lives in a project.
pub const GEOJSON: &str = "content/geo/mexico-states.geojson";

/// What a build produced.
#[derive(Debug, Clone)]
pub struct Summary {
    /// The output folder.
    pub output: PathBuf,
    /// Pages written per language code, in site order.
    pub pages: Vec<(String, usize)>,
    /// Pages that belong to no single language (`/`).
    pub shared_pages: usize,
    /// Timeline events.
    pub events: usize,
    /// Advisory snapshots.
    pub advisories: usize,
    /// Files written, kept and removed.
    pub written: WriteStats,
    /// How long it took.
    pub elapsed: Duration,
}

impl std::fmt::Display for Summary {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let pages: Vec<String> = self
            .pages
            .iter()
            .map(|(l, n)| format!("{l}: {n} pages"))
            .collect();
        let plural =
            |n: usize, one: &str, many: &str| format!("{n} {}", if n == 1 { one } else { many });
        write!(
            f,
            "{}, {}, {} — {} written, {} unchanged, {} removed in {} — {} ms",
            pages.join(", "),
            plural(self.events, "event", "events"),
            plural(self.advisories, "advisory", "advisories"),
            plural(self.written.written, "file", "files"),
            self.written.unchanged,
            self.written.removed,
            self.output.display(),
            self.elapsed.as_millis()
        )
    }
}

/// Everything loaded from a project, validated.
pub struct Project {
    /// The project folder.
    pub root: PathBuf,
    /// `site.toml`.
    pub config: Config,
    /// UI strings.
    pub i18n: Arc<I18n>,
    /// The federal entities.
    pub regions: Vec<Region>,
    /// Pages, events, advisories.
    pub content: Content,
    /// The templates.
    pub tera: tera::Tera,
    /// Every route.
    pub routes: Routes,
    /// The static files, with their published names.
    pub assets: Assets,
}

impl Project {
    /// Loads and validates the project at `root`, reporting every problem found.
    pub fn load(root: &Path) -> Result<Project, Report> {
        let config =
            Config::from_file(&root.join("site.toml")).map_err(|p| relative_report(root, p))?;
        let mut report = Report::default();
        let languages: Vec<String> = config.languages.iter().map(|l| l.code.clone()).collect();
        let (i18n, problems) = I18n::load(&root.join("i18n"), &languages);
        report.extend(problems);
        let i18n = Some(Arc::new(i18n));
        let regions = keep(load_geo(root), &mut report);
        let assets = keep(Assets::load(&root.join("static")), &mut report).unwrap_or_default();
        let tera = keep(
            load_templates(
                &root.join("templates"),
                i18n.clone(),
                &assets,
                &config.base_path,
            ),
            &mut report,
        );
        let vocabulary = Vocabulary {
            languages,
            kinds: i18n.as_ref().map(|i| i.kinds()),
            states: regions.as_ref().map(|r| {
                r.iter()
                    .map(|r| (r.code.clone(), r.name_es.clone()))
                    .collect()
            }),
        };
        let content = match Content::load(&root.join("content"), &vocabulary) {
            Ok(content) => Some(content),
            Err(problems) => {
                report.extend(problems.0);
                None
            }
        };
        if let (Some(i18n), Some(tera)) = (&i18n, &tera) {
            report.extend(missing_messages(i18n, tera, root));
        }
        let (Some(i18n), Some(regions), Some(tera), Some(content)) = (i18n, regions, tera, content)
        else {
            return Err(relative_report(root, report.0));
        };
        if !report.is_empty() {
            return Err(relative_report(root, report.0));
        }
        let kind_label = |lang: &str, kind: &str| {
            i18n.message(lang, &format!("{}{kind}", crate::i18n::KIND_PREFIX), None)
                .unwrap_or_else(|_| kind.to_string())
        };
        let routes = Routes::build(&config, &content, &regions, &kind_label)
            .map_err(|r| relative_report(root, r.0))?;
        check_asset_paths(&routes, &assets, root)?;
        Ok(Project {
            root: root.to_path_buf(),
            config,
            i18n,
            regions,
            content,
            tera,
            routes,
            assets,
        })
    }

    /// Renders every page: `(output file, HTML)`.
    pub fn render(&self) -> Result<Vec<(String, String)>, Report> {
        let main = map::draw(&self.regions, &DrawOptions::main_map());
        let locator = map::draw(&self.regions, &DrawOptions::locator());
        let renderer = Renderer::new(Inputs {
            config: &self.config,
            content: &self.content,
            regions: &self.regions,
            routes: &self.routes,
            tera: &self.tera,
            i18n: &self.i18n,
            map: &main,
            locator: &locator,
        });
        renderer
            .render_all()
            .map_err(|r| relative_report(&self.root, r.0))
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

/// Builds the project at `root` into its output folder (or `output`).
pub fn build(root: &Path, output: Option<&Path>) -> Result<Summary, Report> {
    let started = Instant::now();
    let project = Project::load(root)?;
    let pages = project.render()?;
    let out = project.output_dir(output);
    check_output_location(root, &out).map_err(Report::from)?;
    let mut counts: Vec<(String, usize)> = project
        .config
        .languages
        .iter()
        .map(|l| (l.code.clone(), 0))
        .collect();
    let mut shared_pages = 0;
    for route in project.routes.all.iter().filter(|r| r.kind.is_page()) {
        match counts
            .iter_mut()
            .find(|(l, _)| Some(l) == route.language.as_ref())
        {
            Some((_, n)) => *n += 1,
            None => shared_pages += 1,
        }
    }
    let mut files: output::Files = pages
        .into_iter()
        .map(|(f, html)| (f, html.into_bytes()))
        .collect();
    files.extend(project.assets.files.iter().cloned());
    let written = output::write_site(&out, &files).map_err(|d| relative_report(root, vec![d]))?;
    Ok(Summary {
        output: out,
        pages: counts,
        shared_pages,
        events: project.content.events.len(),
        advisories: project.content.advisories.len(),
        written,
        elapsed: started.elapsed(),
    })
}

/// Refuses static files that would be published at the path of a generated page.
fn check_asset_paths(routes: &Routes, assets: &Assets, root: &Path) -> Result<(), Report> {
    let pages: std::collections::BTreeSet<String> = routes.all.iter().map(|r| r.file()).collect();
    let mut report = Report::default();
    for (source, name) in &assets.names {
        if pages.contains(name) || name == output::STAMP || name == output::MANIFEST {
            report.push(
                Diagnostic::new(
                    root.join("static").join(source),
                    format!("static file `{name}` has the same path as a generated file"),
                )
                .hint("rename or move the static file"),
            );
        }
    }
    report
        .into_result(())
        .map_err(|r| relative_report(root, r.0))
}

/// Refuses output folders that would replace the project or anything holding it.
fn check_output_location(root: &Path, output: &Path) -> Result<(), Diagnostic> {
    let root = root.canonicalize().unwrap_or_else(|_| root.to_path_buf());
    let resolved = match output.canonicalize() {
        Ok(p) => p,
        Err(_) => return Ok(()),
    };
    let protected = ["content", "i18n", "templates", "static", "src", "tests"];
    if root.starts_with(&resolved)
        || protected.iter().any(|p| resolved.starts_with(root.join(p)))
        || resolved.parent().is_none()
    {
        return Err(Diagnostic::new(
            output,
            "the output folder would replace the project or its sources",
        )
        .hint("set output_dir in site.toml to a folder of its own, such as `public`"));
    }
    Ok(())
}

fn load_geo(root: &Path) -> Result<Vec<Region>, Vec<Diagnostic>> {
    let path = root.join(GEOJSON);
    let text = crate::fs::read_to_string(&path)
        .map_err(|d| vec![d.hint("copy mexico-states.geojson into content/geo/")])?;
    map::load_regions(&path, &text)
}

/// Message ids the templates call with `t(key="...")` that the Fluent files lack.
fn missing_messages(i18n: &I18n, tera: &tera::Tera, root: &Path) -> Vec<Diagnostic> {
    let mut problems = Vec::new();
    let templates = root.join("templates");
    for name in tera.get_template_names() {
        let Ok(text) = std::fs::read_to_string(templates.join(name)) else {
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

/// A report whose paths (in file names, messages and hints) are shown relative to the project root.
fn relative_report(root: &Path, problems: Vec<Diagnostic>) -> Report {
    let prefix = format!("{}{}", root.display(), std::path::MAIN_SEPARATOR);
    let strip = |text: &str| {
        if prefix.len() > 1 {
            text.replace(&prefix, "")
        } else {
            text.to_string()
        }
    };
    Report(
        problems
            .into_iter()
            .map(|mut d| {
                d.file = relative(root, &d.file);
                d.message = strip(&d.message);
                d.hint = d.hint.as_deref().map(strip);
                d
            })
            .collect(),
    )
    .sorted()
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
