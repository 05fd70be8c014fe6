//! Reading the `.ftl` files: the bundles, where each message is, and the counterparts missing.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use fluent_bundle::concurrent::FluentBundle;
use fluent_bundle::FluentResource;
use fluent_syntax::ast;
use rustc_hash::FxHashMap;
use unic_langid::LanguageIdentifier;

use super::checks::{format_problems, static_problems};
use super::I18n;
use crate::diagnostic::Diagnostic;

/// Where each message is defined in one file, to report a missing counterpart.
struct Catalog {
    path: PathBuf,
    text: String,
    ids: BTreeMap<String, usize>,
}

impl I18n {
    /// Loads `<dir>/<lang>.ftl` for every language, checking syntax and that every message exists in all.
    ///
    /// The bundles are returned even when there are problems (Fluent recovers from syntax errors), so
    /// that the rest of the build can still be checked against them.
    pub fn load(dir: &Path, languages: &[String]) -> (I18n, Vec<Diagnostic>) {
        let mut sources = Vec::new();
        let mut problems = Vec::new();
        for language in languages {
            let path = dir.join(format!("{language}.ftl"));
            match crate::fs::read_to_string(&path) {
                Ok(text) => sources.push((language.clone(), path, text)),
                Err(d) => problems.push(d.hint(format!(
                    "create {} with the UI strings in `{language}`",
                    path.display()
                ))),
            }
        }
        let (i18n, mut more) = I18n::parse(sources);
        problems.append(&mut more);
        (i18n, problems)
    }

    /// Builds the bundles from `(language, path, text)` triples, with every problem found.
    pub fn parse(sources: Vec<(String, PathBuf, String)>) -> (I18n, Vec<Diagnostic>) {
        let mut problems = Vec::new();
        let mut bundles = BTreeMap::new();
        let mut files = BTreeMap::new();
        let mut catalogs: Vec<(String, Catalog)> = Vec::new();
        for (language, path, text) in sources {
            let lines = crate::diagnostic::line_scope(&text);
            let resource = match FluentResource::try_new(text.clone()) {
                Ok(resource) => resource,
                Err((resource, errors)) => {
                    for error in errors {
                        // An error found at the end of an entry is shown at the entry's start.
                        let at = match &error.slice {
                            Some(slice) if error.pos.start >= slice.end => slice.start,
                            _ => error.pos.start,
                        };
                        problems.push(
                            Diagnostic::new(&path, format!("Fluent syntax error: {}", error.kind))
                                .at_offset(&text, at)
                                .hint("see https://projectfluent.org/fluent/guide/ for the syntax; messages look like `id = text`"),
                        );
                    }
                    resource
                }
            };
            let ids = message_offsets(&resource);
            let (mut found, variables) = static_problems(&path, &resource);
            problems.append(&mut found);
            let langid: LanguageIdentifier = match language.parse() {
                Ok(id) => id,
                Err(_) => {
                    problems.push(Diagnostic::new(
                        &path,
                        format!("`{language}` is not a language identifier"),
                    ));
                    continue;
                }
            };
            let mut bundle = FluentBundle::new_concurrent(vec![langid]);
            bundle.set_use_isolating(false);
            if let Err(errors) = bundle.add_resource(resource) {
                for error in errors {
                    // An id defined twice is reported with its place by `static_problems`.
                    if !matches!(error, fluent_bundle::FluentError::Overriding { .. }) {
                        problems.push(
                            Diagnostic::new(&path, format!("Fluent error: {error}"))
                                .hint("give each message a unique id"),
                        );
                    }
                }
            }
            problems.extend(format_problems(&bundle, &path, &text, &ids, &variables));
            drop(lines);
            catalogs.push((
                language.clone(),
                Catalog {
                    path: path.clone(),
                    text,
                    ids,
                },
            ));
            bundles.insert(language.clone(), bundle);
            files.insert(language, path);
        }
        problems.extend(missing_counterparts(&catalogs));
        let ids = catalogs
            .iter()
            .flat_map(|(_, c)| c.ids.keys().cloned())
            .collect();
        let positions = catalogs
            .iter()
            .map(|(language, catalog)| (language.clone(), line_columns(catalog)))
            .collect();
        let mut i18n = I18n {
            bundles,
            files,
            ids,
            positions,
            plain: FxHashMap::default(),
            long_dates: FxHashMap::default(),
        };
        i18n.plain = i18n.format_plain();
        i18n.long_dates = i18n
            .bundles
            .keys()
            .map(|l| (l.clone(), Default::default()))
            .collect();
        (i18n, problems)
    }

    /// Formats, once, every message that needs no argument (most UI strings).
    fn format_plain(&self) -> FxHashMap<String, FxHashMap<String, String>> {
        let mut plain = FxHashMap::default();
        for (language, bundle) in &self.bundles {
            let texts: &mut FxHashMap<String, String> = plain.entry(language.clone()).or_default();
            for id in &self.ids {
                let Some(pattern) = bundle.get_message(id).and_then(|m| m.value()) else {
                    continue;
                };
                let mut errors = Vec::new();
                let text = bundle.format_pattern(pattern, None, &mut errors);
                if errors.is_empty() {
                    texts.insert(id.clone(), text.into_owned());
                }
            }
        }
        plain
    }
}

/// The line and column of every message id of a catalog, in one pass over its text (a line count
/// from the start for each would take time quadratic in the file's size).
fn line_columns(catalog: &Catalog) -> BTreeMap<String, (usize, usize)> {
    let mut by_offset: Vec<(usize, &String)> = catalog.ids.iter().map(|(id, o)| (*o, id)).collect();
    by_offset.sort_unstable();
    let text = catalog.text.as_str();
    let (mut line, mut line_start, mut scanned) = (1, 0, 0);
    let mut positions = BTreeMap::new();
    for (offset, id) in by_offset {
        let mut offset = offset.min(text.len());
        while !text.is_char_boundary(offset) {
            offset -= 1;
        }
        let offset = offset.max(scanned);
        for (i, _) in text[scanned..offset].match_indices('\n') {
            line += 1;
            line_start = scanned + i + 1;
        }
        scanned = offset;
        let column = text[line_start..offset].chars().count() + 1;
        positions.insert(id.clone(), (line, column));
    }
    positions
}

/// Byte offsets of every message id in a resource.
fn message_offsets(resource: &FluentResource) -> BTreeMap<String, usize> {
    let source = resource.source();
    let base = source.as_ptr() as usize;
    resource
        .entries()
        .filter_map(|entry| match entry {
            ast::Entry::Message(m) => {
                let offset = (m.id.name.as_ptr() as usize).saturating_sub(base);
                Some((m.id.name.to_string(), offset))
            }
            _ => None,
        })
        .collect()
}

/// One diagnostic per message present in one language's file and absent from another's.
fn missing_counterparts(catalogs: &[(String, Catalog)]) -> Vec<Diagnostic> {
    let mut problems = Vec::new();
    for (language, catalog) in catalogs {
        for (other_language, other) in catalogs {
            if other_language == language {
                continue;
            }
            for (id, offset) in &catalog.ids {
                if !other.ids.contains_key(id) {
                    problems.push(
                        Diagnostic::new(
                            &catalog.path,
                            format!("Fluent message `{id}` is missing in `{other_language}`"),
                        )
                        .at_offset(&catalog.text, *offset)
                        .hint(format!("add `{id} = ...` to {}", other.path.display())),
                    );
                }
            }
        }
    }
    problems
}
