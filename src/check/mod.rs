//! `puente check`: everything the build validates, plus links and anchors, unused Fluent messages,
//! translations whose original changed since they were reviewed, and a stale advisory.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use crate::content::Date;
use crate::diagnostic::{Diagnostic, Report};
use crate::pipeline::{literal_keys, Options, Project};
use crate::routes::{PageKind, Route};

mod attention;
mod translations;

pub use attention::{
    attention, AdvisoryReview, Attention, Draft, Place, Preview, Reviewed, TranslationReview,
};

pub use translations::{
    fix_fingerprints, mark_reviewed, stale_translations, translations, ReviewState, Translation,
};

/// Fluent messages the Rust code asks for by name.
pub const CODE_KEYS: &[&str] = &[
    "date-long",
    "listing-page",
    "date-month-year",
    "advisory-title",
    "map-intro",
    "data-intro",
    "nav-data",
    "nav-home",
    "nav-map",
    "nav-timeline",
    "not-found-text",
    "not-found-title",
    "search-kind-advisory",
    "search-kind-page",
    "search-kind-state",
    "state-label",
    "timeline-filtered",
    "timeline-intro",
];

/// Families of Fluent messages the code builds names for (`kind-call`, `level-normal`, `month-12`).
pub const CODE_PREFIXES: &[&str] = &["kind-", "level-", "month-"];

/// How serious a problem is: it lives on each `Diagnostic` (re-exported here for `check`'s callers).
pub use crate::diagnostic::Severity;

/// What a problem of `check` is about, so that the desk and the JSON can group them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Topic {
    /// What the build itself refuses (loading, validating, rendering).
    Build,
    /// A link or an `#anchor` that leads nowhere.
    Link,
    /// A Fluent message nothing uses.
    UnusedMessage,
    /// A translation whose original changed, or that was never reviewed.
    Translation,
    /// An item missing a language.
    Untranslated,
    /// The newest advisory snapshot is older than `advisory_review_days`.
    Advisory,
    /// A reference text in `sources/` without provenance or that nothing cites.
    Reference,
}

/// Every problem `check` found.
#[derive(Debug, Default)]
pub struct Findings {
    /// Problems, each with its severity; errors first, then warnings, each sorted.
    pub problems: Vec<Diagnostic>,
    /// What each problem is about: `topics[i]` is the topic of `problems[i]`.
    pub topics: Vec<Topic>,
}

impl Findings {
    fn add(&mut self, topic: Topic, severity: Severity, diagnostic: Diagnostic) {
        self.problems.push(diagnostic.severity(severity));
        self.topics.push(topic);
    }

    /// Adds `problems` about `topic` at `severity`, keeping the order and dropping repeats.
    pub(crate) fn add_all(&mut self, topic: Topic, severity: Severity, problems: Vec<Diagnostic>) {
        for d in problems {
            self.add(topic, severity, d);
        }
        self.sort();
    }

    /// Findings of one problem that stops everything else (such as "not a project").
    pub fn build_error(problem: Diagnostic) -> Findings {
        let mut findings = Findings::default();
        findings.add(Topic::Build, Severity::Error, problem);
        findings
    }

    /// True when nothing was found.
    pub fn is_empty(&self) -> bool {
        self.problems.is_empty()
    }

    /// The problems of one severity, as a report.
    pub fn report(&self, severity: Severity) -> Report {
        Report(
            self.problems
                .iter()
                .filter(|d| d.severity == severity)
                .cloned()
                .collect(),
        )
    }

    /// The problems about `topic`.
    pub fn about(&self, topic: Topic) -> impl Iterator<Item = &Diagnostic> {
        self.problems
            .iter()
            .zip(&self.topics)
            .filter(move |(_, t)| **t == topic)
            .map(|(d, _)| d)
    }

    /// Sorts errors first, then warnings, each in order, dropping repeats.
    fn sort(&mut self) {
        let mut pairs: Vec<(Diagnostic, Topic)> = std::mem::take(&mut self.problems)
            .into_iter()
            .zip(std::mem::take(&mut self.topics))
            .collect();
        pairs.sort_by(|(a, _), (b, _)| (a.severity, a).cmp(&(b.severity, b)));
        pairs.dedup_by(|(a, _), (b, _)| a == b);
        (self.problems, self.topics) = pairs.into_iter().unzip();
    }
}

/// Checks the project at `root` as of `today`.
pub fn check(root: &Path, today: Date) -> Findings {
    let mut findings = Findings::default();
    let project =
        match crate::pipeline::with_deep_stacks(|| Project::load(root, &Options::default())) {
            Ok(project) => project,
            Err(report) => {
                for d in report.0 {
                    findings.add(Topic::Build, Severity::Error, d);
                }
                return findings;
            }
        };
    match crate::pipeline::with_deep_stacks(|| project.render()) {
        Ok(pages) => check_links(&project, &pages, &mut findings),
        Err(report) => report
            .0
            .into_iter()
            .for_each(|d| findings.add(Topic::Build, Severity::Error, d)),
    }
    check_fluent_usage(&project, &mut findings);
    for (file, message) in stale_translations(&project) {
        findings.add(
            Topic::Translation, Severity::Warning,
            Diagnostic::new(file, message).hint("review the translation against the original (the desk of `puente serve` shows what changed), then press \"mark as reviewed\" there or run `puente check --fix-fingerprints`"),
        );
    }
    check_untranslated(&project, &mut findings);
    check_advisory_age(&project, today, &mut findings);
    check_reference_texts(&project, &mut findings);
    findings.sort();
    findings
}

/// The content file a route's words come from, for reporting; templates otherwise.
fn source_of(project: &Project, route: &Route) -> PathBuf {
    let lang = route.language.as_deref().unwrap_or_default();
    let path = match route.kind {
        PageKind::Event(i) => project.content.events[i].path.clone(),
        PageKind::Advisory(i) => project.content.advisories[i].path.clone(),
        PageKind::Page(i) => project.content.pages[i]
            .texts
            .get(lang)
            .map(|t| t.path.clone())
            .unwrap_or_default(),
        _ => PathBuf::from(crate::layout::TEMPLATES),
    };
    crate::diagnostic::relative(&project.root, &path)
}

/// Every internal link of every page leads to a file, and every `#anchor` to an id there.
fn check_links(project: &Project, pages: &[(String, String)], findings: &mut Findings) {
    let base = project.config.base_path.as_str();
    let mut files: BTreeSet<String> = pages.iter().map(|(f, _)| f.clone()).collect();
    files.extend(project.assets.files.iter().map(|(f, _)| f.clone()));
    let ids: BTreeMap<&str, BTreeSet<&str>> = pages
        .iter()
        .map(|(f, html)| (f.as_str(), attribute_values(html, "id").collect()))
        .collect();
    for (route, (file, html)) in project.routes.all.iter().zip(pages) {
        if !file.ends_with(".html") {
            continue;
        }
        for href in attribute_values(html, "href").chain(attribute_values(html, "src")) {
            let (target, fragment) = match href.split_once('#') {
                Some((t, f)) => (t, Some(f)),
                None => (href, None),
            };
            let target_file = if target.is_empty() {
                file.clone()
            } else if let Some(path) = target
                .strip_prefix(base)
                .filter(|_| target.starts_with('/') && !target.starts_with("//"))
            {
                if path.is_empty() || path.ends_with('/') {
                    format!("{path}index.html")
                } else {
                    path.to_string()
                }
            } else {
                continue; // another site, mailto:, or a relative link we do not produce
            };
            let place = format!("{} links to `{href}`", route.path);
            if !files.contains(&target_file) {
                findings.add(
                    Topic::Link,
                    Severity::Error,
                    Diagnostic::new(
                        source_of(project, route),
                        format!("{place}, which is not a page of the site"),
                    )
                    .hint(
                        "fix the link; site links are written from the site root, e.g. /es/mapa/",
                    ),
                );
            } else if let Some(fragment) = fragment.filter(|f| !f.is_empty()) {
                let exists = ids
                    .get(target_file.as_str())
                    .is_some_and(|set| set.contains(fragment));
                if !exists {
                    findings.add(
                        Topic::Link, Severity::Error,
                        Diagnostic::new(source_of(project, route), format!("{place}, but that page has no `id=\"{fragment}\"`"))
                            .hint("headings get ids from their text (`## Fuentes` gives `#fuentes`); fix the anchor or set `{#id}` on the heading"),
                    );
                }
            }
        }
    }
}

/// The values of every `name="..."` attribute in generated HTML (whose attributes are escaped).
fn attribute_values<'h>(html: &'h str, name: &str) -> std::vec::IntoIter<&'h str> {
    let needle = format!(" {name}=\"");
    let values: Vec<&str> = html
        .match_indices(needle.as_str())
        .filter_map(|(at, m)| {
            let start = at + m.len();
            let end = html[start..].find('"')?;
            Some(&html[start..start + end])
        })
        .collect();
    values.into_iter()
}

/// Messages no template or code uses.
fn check_fluent_usage(project: &Project, findings: &mut Findings) {
    let templates = project.root.join(crate::layout::TEMPLATES);
    let mut used: BTreeSet<String> = CODE_KEYS.iter().map(|k| k.to_string()).collect();
    let mut prefixes: BTreeSet<String> = CODE_PREFIXES.iter().map(|p| p.to_string()).collect();
    for name in project.tera.get_template_names() {
        let Ok(text) = crate::fs::read_to_string(&templates.join(name)) else {
            continue;
        };
        used.extend(literal_keys(&text).into_iter().map(|(_, k)| k.to_string()));
        prefixes.extend(dynamic_prefixes(&text));
    }
    for id in project.i18n.ids() {
        if !used.contains(id) && !prefixes.iter().any(|p| id.starts_with(p.as_str())) {
            for language in &project.config.languages {
                let file = project.root.join(crate::layout::ui_strings(&language.code));
                let text = crate::fs::read_to_string(&file).unwrap_or_default();
                let offset = text.find(&format!("\n{id} =")).map_or(0, |o| o + 1);
                findings.add(
                    Topic::UnusedMessage,
                    Severity::Warning,
                    Diagnostic::new(
                        crate::diagnostic::relative(&project.root, &file),
                        format!("Fluent message `{id}` is not used"),
                    )
                    .at_offset(&text, offset)
                    .hint("remove it from every i18n file, or use it in a template"),
                );
            }
        }
    }
}

/// Prefixes of keys built in templates: `t(key="level-" ~ x)` gives `level-`.
fn dynamic_prefixes(text: &str) -> Vec<String> {
    let mut found = Vec::new();
    for (at, _) in text.match_indices("key=\"") {
        let start = at + 5;
        let Some(end) = text[start..].find('"') else {
            continue;
        };
        if text[start + end + 1..].trim_start().starts_with('~') {
            found.push(text[start..start + end].to_string());
        }
    }
    found
}

fn check_untranslated(project: &Project, findings: &mut Findings) {
    let mut add = |path: &Path, missing: &[String]| {
        for language in missing {
            findings.add(
                Topic::Untranslated,
                Severity::Warning,
                Diagnostic::new(
                    crate::diagnostic::relative(&project.root, path),
                    format!(
                        "no `{language}` version yet: readers get a \"not yet available\" page"
                    ),
                )
                .hint("translate it; allow_partial_translations publishes it meanwhile"),
            );
        }
    };
    for e in &project.content.events {
        add(&e.path, &e.untranslated);
    }
    for a in &project.content.advisories {
        add(&a.path, &a.untranslated);
    }
    for p in &project.content.pages {
        if let Some(t) = p.texts.values().next() {
            add(&t.path, &p.untranslated);
        }
    }
}

fn check_advisory_age(project: &Project, today: Date, findings: &mut Findings) {
    let Some(newest) = project.content.advisories.last() else {
        return;
    };
    let age = today.day_number() - newest.date.day_number();
    let limit = i64::from(project.config.advisory_review_days);
    if age > limit {
        findings.add(
            Topic::Advisory, Severity::Warning,
            Diagnostic::new(
                crate::diagnostic::relative(&project.root, &newest.path),
                format!("the newest advisory snapshot ({}) is {age} days old, more than the {limit} days of `advisory_review_days`", newest.date),
            )
            .hint("check the issuer for a newer advisory and add it with `puente new advisory <date>`"),
        );
    }
}

/// The reference texts in `sources/`: each has its provenance in `sources/README.md`, and each is
/// cited by some source (the excerpts themselves are checked by every load).
fn check_reference_texts(project: &Project, findings: &mut Findings) {
    let dir = project.root.join(crate::content::source::REFERENCE_DIR);
    let Ok(entries) = std::fs::read_dir(&dir) else {
        return;
    };
    let mut names: Vec<String> = entries
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_ok_and(|t| t.is_file()))
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| !n.starts_with('.') && n != "README.md")
        .collect();
    names.sort();
    let readme = std::fs::read_to_string(dir.join("README.md")).unwrap_or_default();
    let content = &project.content;
    let cited: BTreeSet<&str> = content
        .events
        .iter()
        .flat_map(|e| e.sources.iter())
        .chain(content.advisories.iter().flat_map(|a| a.sources.iter()))
        .filter_map(|s| s.reference.as_deref())
        .collect();
    for name in names {
        let file = crate::diagnostic::relative(&project.root, &dir.join(&name));
        if !readme.contains(&format!("`{name}`")) {
            findings.add(
                Topic::Reference, Severity::Warning,
                Diagnostic::new(file.clone(), "this reference text has no provenance in `sources/README.md`")
                    .hint(format!("add a row for `{name}` to sources/README.md saying what the source is and where its text came from")),
            );
        }
        if !cited.contains(name.as_str()) {
            findings.add(
                Topic::Reference,
                Severity::Warning,
                Diagnostic::new(file, "no source cites this reference text").hint(format!(
                    "cite it with `reference = \"{name}\"` in a [[sources]] entry, or remove it"
                )),
            );
        }
    }
}

/// Today's date (UTC) from the system clock; `check` is the only place a clock is read.
pub fn today() -> Date {
    let secs = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs() as i64);
    Date::from_day_number(secs.div_euclid(86_400))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_attribute_values_and_dynamic_prefixes() {
        let html = r##"<a href="/es/">x</a><h2 id="fuentes">F</h2><a class="x" href="#fuentes">"##;
        assert_eq!(
            attribute_values(html, "href").collect::<Vec<_>>(),
            ["/es/", "#fuentes"]
        );
        assert_eq!(
            attribute_values(html, "id").collect::<Vec<_>>(),
            ["fuentes"]
        );
        assert_eq!(
            dynamic_prefixes(r#"{{ t(key="level-" ~ x) }} {{ t(key="nav-home") }}"#),
            ["level-"]
        );
    }
}
