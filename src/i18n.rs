//! UI strings: one Fluent bundle per language, the `t()` template function and localized dates.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use fluent_bundle::concurrent::FluentBundle;
use fluent_bundle::{FluentArgs, FluentResource, FluentValue};
use fluent_syntax::ast;
use rustc_hash::FxHashMap;
use unic_langid::LanguageIdentifier;

use crate::content::Date;
use crate::diagnostic::Diagnostic;

/// Prefix of the Fluent messages that label event kinds; their keys are the kinds content may use.
pub const KIND_PREFIX: &str = "kind-";

/// The UI strings of every language of the site.
pub struct I18n {
    bundles: BTreeMap<String, FluentBundle<FluentResource>>,
    files: BTreeMap<String, PathBuf>,
    /// Every message id of the catalogs.
    ids: BTreeSet<String>,
    /// Where each message is defined, per language: id to line and column.
    positions: BTreeMap<String, BTreeMap<String, (usize, usize)>>,
    /// Messages that need no argument, formatted once: language, then id, to text.
    plain: FxHashMap<String, FxHashMap<String, String>>,
    /// Long dates as formatted so far, per language: a date is on many pages (every card of an
    /// event, its page, its search document), and Fluent formats it the same each time.
    long_dates: FxHashMap<String, std::sync::RwLock<FxHashMap<Date, String>>>,
}

impl std::fmt::Debug for I18n {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("I18n")
            .field("files", &self.files)
            .finish_non_exhaustive()
    }
}

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

    /// A diagnostic on message `id` of `language`: its file, with the message's line and column
    /// when it is there. For errors about a message's value found elsewhere (a kind label that
    /// makes a URL another page has), so that they blame the `.ftl` file.
    pub fn message_diagnostic(
        &self,
        language: &str,
        id: &str,
        message: impl Into<String>,
    ) -> Diagnostic {
        let diagnostic = Diagnostic::new(self.file(language), message);
        match self.positions.get(language).and_then(|p| p.get(id)) {
            Some((line, column)) => diagnostic.at(*line, *column),
            None => diagnostic,
        }
    }

    /// The languages loaded.
    pub fn languages(&self) -> impl Iterator<Item = &str> {
        self.bundles.keys().map(String::as_str)
    }

    /// True when message `id` exists (in every language, as loading guarantees).
    pub fn has(&self, id: &str) -> bool {
        self.bundles.values().all(|b| b.has_message(id))
    }

    /// The event kinds: keys of the `kind-<key>` messages.
    pub fn kinds(&self) -> BTreeSet<String> {
        self.ids
            .iter()
            .filter_map(|id| id.strip_prefix(KIND_PREFIX))
            .map(str::to_string)
            .collect()
    }

    /// Where message `id` of `language` is defined: its file, and the line and column of its id.
    pub fn position(&self, language: &str, id: &str) -> Option<(&Path, Option<(usize, usize)>)> {
        let file = self.files.get(language)?;
        let at = self.positions.get(language).and_then(|ids| ids.get(id));
        Some((file.as_path(), at.copied()))
    }

    /// Every message id (the same in every language, as loading checks).
    pub fn ids(&self) -> &BTreeSet<String> {
        &self.ids
    }

    /// Message `id` of `language` when it needs no argument: formatted at loading.
    fn plain(&self, language: &str, id: &str) -> Option<&str> {
        self.plain
            .get(language)
            .and_then(|texts| texts.get(id))
            .map(String::as_str)
    }

    /// Formats message `id` in `language` with `args`; the error is a diagnostic on the message in
    /// its file (on the file when the message is not there), the same each time it is asked for.
    pub fn message(
        &self,
        language: &str,
        id: &str,
        args: Option<&FluentArgs>,
    ) -> Result<String, Diagnostic> {
        if args.is_none() {
            if let Some(text) = self.plain(language, id) {
                return Ok(text.to_string());
            }
        }
        let bundle = self.bundles.get(language).ok_or_else(|| {
            Diagnostic::new(
                "i18n",
                format!("the site has no language `{language}` (asked for message `{id}`)"),
            )
        })?;
        let pattern = bundle
            .get_message(id)
            .and_then(|m| m.value())
            .ok_or_else(|| {
                Diagnostic::new(
                    self.file(language),
                    format!("Fluent message `{id}` is missing in `{language}`"),
                )
                .hint(format!("add `{id} = ...` to {}", self.file(language)))
            })?;
        let mut errors = Vec::new();
        let text = bundle.format_pattern(pattern, args, &mut errors);
        if let Some(error) = errors.first() {
            return Err(self
                .message_diagnostic(
                    language,
                    id,
                    format!("Fluent message `{id}` in `{language}` cannot be formatted: {error}"),
                )
                .hint(REFERENCE_HINT));
        }
        Ok(text.into_owned())
    }

    /// "15 de diciembre de 2025" / "December 15, 2025", from the `date-long` and `month-N` messages.
    pub fn long_date(&self, language: &str, date: Date) -> Result<String, Diagnostic> {
        let Some(known) = self.long_dates.get(language) else {
            return self.format_long_date(language, date);
        };
        let found = known
            .read()
            .unwrap_or_else(|e| e.into_inner())
            .get(&date)
            .cloned();
        if let Some(text) = found {
            return Ok(text);
        }
        let text = self.format_long_date(language, date)?;
        known
            .write()
            .unwrap_or_else(|e| e.into_inner())
            .insert(date, text.clone());
        Ok(text)
    }

    /// "15 de diciembre de 2025" / "December 15, 2025", from the `date-long` message and the
    /// month's name (`month-12`).
    fn format_long_date(&self, language: &str, date: Date) -> Result<String, Diagnostic> {
        let mut args = self.month_args(language, date)?;
        args.set("day", FluentValue::from(date.day));
        self.message(language, "date-long", Some(&args))
    }

    /// "Diciembre de 2025" / "December 2025", from the `date-month-year` message, capitalized.
    pub fn month_year(&self, language: &str, date: Date) -> Result<String, Diagnostic> {
        let args = self.month_args(language, date)?;
        Ok(capitalize(&self.message(
            language,
            "date-month-year",
            Some(&args),
        )?))
    }

    fn month_args(&self, language: &str, date: Date) -> Result<FluentArgs<'static>, Diagnostic> {
        let month = self.message(language, &format!("month-{}", date.month), None)?;
        let mut args = FluentArgs::new();
        args.set("month", FluentValue::from(month));
        args.set("year", FluentValue::from(date.year));
        Ok(args)
    }

    fn file(&self, language: &str) -> String {
        self.files
            .get(language)
            .map(|p| p.display().to_string())
            .unwrap_or_else(|| format!("i18n/{language}.ftl"))
    }
}

fn capitalize(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
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

/// True for an error about a reference (to a message, term, function or variable, or to a
/// message without a value): the static check reports those, with their places.
fn is_reference(error: &fluent_bundle::FluentError) -> bool {
    use fluent_bundle::resolver::ResolverError;
    matches!(
        error,
        fluent_bundle::FluentError::ResolverError(
            ResolverError::Reference(_) | ResolverError::NoValue(_)
        )
    )
}

/// Problems that only formatting shows (a message that refers to itself, one that grows past
/// Fluent's limit), each message formatted once with every variable of the file set, and the
/// `kind-*` labels' own rules: each at its message in `path`.
fn format_problems(
    bundle: &FluentBundle<FluentResource>,
    path: &Path,
    text: &str,
    ids: &BTreeMap<String, usize>,
    variables: &BTreeSet<String>,
) -> Vec<Diagnostic> {
    let mut args = FluentArgs::new();
    for name in variables {
        args.set(name.clone(), FluentValue::from(1));
    }
    let mut problems = Vec::new();
    // Kind labels by the URL segment they give, to find two kinds at one address.
    let mut kind_slugs: BTreeMap<String, &str> = BTreeMap::new();
    for (id, offset) in ids {
        let Some(message) = bundle.get_message(id) else {
            continue;
        };
        let at = |what: String, hint: &str| {
            Diagnostic::new(path, what)
                .at_offset(text, *offset)
                .hint(hint)
        };
        let mut seen = BTreeSet::new();
        let patterns = message
            .value()
            .into_iter()
            .chain(message.attributes().map(|a| a.value()));
        for pattern in patterns {
            let mut errors = Vec::new();
            bundle.format_pattern(pattern, Some(&args), &mut errors);
            for error in errors.iter().filter(|e| !is_reference(e)) {
                let shown = error.to_string();
                if seen.insert(shown.clone()) {
                    problems.push(at(
                        format!("Fluent message `{id}` cannot be formatted: {shown}"),
                        REFERENCE_HINT,
                    ));
                }
            }
        }
        if id.starts_with(KIND_PREFIX) && seen.is_empty() {
            match kind_problem(bundle, id) {
                Some(what) => problems.push(at(what, KIND_HINT)),
                None => {
                    let mut errors = Vec::new();
                    let label = message
                        .value()
                        .map(|p| bundle.format_pattern(p, None, &mut errors))
                        .unwrap_or_default();
                    let slug = crate::content::slug::slugify(&label);
                    if !errors.is_empty() || slug.is_empty() {
                        // Reported already.
                    } else if slug.bytes().all(|b| b.is_ascii_digit()) {
                        problems.push(at(
                            format!("the kind label `{id}` gives the URL segment `{slug}`, which reads as a year"),
                            KIND_HINT,
                        ));
                    } else if let Some(other) = kind_slugs.insert(slug.clone(), id) {
                        problems.push(at(
                            format!("the kind labels `{other}` and `{id}` give the same URL segment `{slug}`"),
                            "give each kind a different name in this language: each names its own timeline page",
                        ));
                    }
                }
            }
        }
    }
    problems
}

const KIND_HINT: &str = "write the kind's name in this language with letters or digits, without variables, such as `kind-call = Llamada`: it is shown on every event of the kind and names its timeline page";

/// What makes the label of kind message `id` unusable: no value, a variable (labels are formatted
/// without arguments), or a text without a letter or digit (it gives the kind's URL segment).
fn kind_problem(bundle: &FluentBundle<FluentResource>, id: &str) -> Option<String> {
    let message = bundle.get_message(id)?;
    let Some(pattern) = message.value() else {
        return Some(format!("the kind label `{id}` has no value"));
    };
    let mut errors = Vec::new();
    let label = bundle.format_pattern(pattern, None, &mut errors);
    let variable = errors.iter().any(|e| {
        matches!(
            e,
            fluent_bundle::FluentError::ResolverError(
                fluent_bundle::resolver::ResolverError::Reference(
                    fluent_bundle::resolver::errors::ReferenceKind::Variable { .. }
                )
            )
        )
    });
    if variable {
        Some(format!(
            "the kind label `{id}` uses a variable, but kind labels are shown without arguments"
        ))
    } else if !errors.is_empty() {
        // A reference the static check reports.
        None
    } else if label.trim().is_empty() {
        Some(format!("the kind label `{id}` is empty"))
    } else if crate::content::slug::slugify(&label).is_empty() {
        Some(format!(
            "the kind label `{id}` (`{}`) has no letter or digit to make its URL segment from",
            label.chars().take(40).collect::<String>()
        ))
    } else {
        None
    }
}

/// A Fluent message that could not be formatted, carried through Tera to the report as the
/// diagnostic on the message in its file: the same for every page that asks for it, so a report
/// states it once, not once per page.
#[derive(Debug, Clone)]
pub struct MessageError(pub Diagnostic);

impl std::fmt::Display for MessageError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0.message)
    }
}

impl std::error::Error for MessageError {}

impl MessageError {
    /// The `MessageError` somewhere in the chain of `error` (a template's call of `t()` or of a
    /// date filter), if there is one.
    pub fn find<'e>(error: &'e (dyn std::error::Error + 'static)) -> Option<&'e MessageError> {
        let mut next = Some(error);
        while let Some(error) = next {
            if let Some(fluent) = error.downcast_ref::<MessageError>() {
                return Some(fluent);
            }
            next = error.source();
        }
        None
    }

    fn into_tera(self) -> tera::Error {
        tera::Error::chain(self.0.message.clone(), self)
    }
}

const REFERENCE_HINT: &str = "a message may use `{ $variable }` (passed by the template), `{ other-message }` and `{ -term }` defined in the same file; Puente's UI strings have no functions";

/// The byte offset of `part` (a slice of `source`) in `source`.
fn offset_in(source: &str, part: &str) -> usize {
    (part.as_ptr() as usize).saturating_sub(source.as_ptr() as usize)
}

/// The messages and terms a file defines, each with its attributes.
#[derive(Default)]
struct Defined<'r> {
    messages: BTreeMap<&'r str, (bool, BTreeSet<&'r str>)>,
    terms: BTreeMap<&'r str, BTreeSet<&'r str>>,
}

/// Problems of one file's entries found without formatting anything, each at its place: an id
/// defined twice, and a reference to a message, attribute or term the file does not define or
/// to a function (there are none), in any variant.
fn static_problems(path: &Path, resource: &FluentResource) -> (Vec<Diagnostic>, BTreeSet<String>) {
    let source = resource.source();
    let _lines = crate::diagnostic::line_scope(source);
    let mut problems = Vec::new();
    let mut defined = Defined::default();
    for entry in resource.entries() {
        let (id, kind, fresh) = match entry {
            ast::Entry::Message(m) => (
                m.id.name,
                "message",
                defined
                    .messages
                    .insert(
                        m.id.name,
                        (
                            m.value.is_some(),
                            m.attributes.iter().map(|a| a.id.name).collect(),
                        ),
                    )
                    .is_none(),
            ),
            ast::Entry::Term(t) => (
                t.id.name,
                "term",
                defined
                    .terms
                    .insert(t.id.name, t.attributes.iter().map(|a| a.id.name).collect())
                    .is_none(),
            ),
            _ => continue,
        };
        if !fresh {
            problems.push(
                Diagnostic::new(path, format!("the Fluent {kind} `{id}` is defined twice"))
                    .at_offset(source, offset_in(source, id))
                    .hint("give each message a unique id: remove or rename this one"),
            );
        }
    }
    let mut variables = BTreeSet::new();
    let mut walker = Walker {
        path,
        source,
        defined: &defined,
        problems: &mut problems,
        variables: &mut variables,
    };
    for entry in resource.entries() {
        let (value, attributes) = match entry {
            ast::Entry::Message(m) => (m.value.as_ref(), &m.attributes),
            ast::Entry::Term(t) => (Some(&t.value), &t.attributes),
            _ => continue,
        };
        value
            .into_iter()
            .chain(attributes.iter().map(|a| &a.value))
            .for_each(|pattern| walker.pattern(pattern));
    }
    (problems, variables)
}

/// Walks the patterns of one file, checking each reference against what the file defines.
struct Walker<'w, 'r> {
    path: &'w Path,
    source: &'r str,
    defined: &'w Defined<'r>,
    problems: &'w mut Vec<Diagnostic>,
    variables: &'w mut BTreeSet<String>,
}

impl<'r> Walker<'_, 'r> {
    fn pattern(&mut self, pattern: &ast::Pattern<&'r str>) {
        for element in &pattern.elements {
            if let ast::PatternElement::Placeable { expression } = element {
                self.expression(expression);
            }
        }
    }

    fn expression(&mut self, expression: &ast::Expression<&'r str>) {
        match expression {
            ast::Expression::Select { selector, variants } => {
                self.inline(selector);
                variants.iter().for_each(|v| self.pattern(&v.value));
            }
            ast::Expression::Inline(inline) => self.inline(inline),
        }
    }

    fn problem(&mut self, at: &str, message: String) {
        self.problems.push(
            Diagnostic::new(self.path, message)
                .at_offset(self.source, offset_in(self.source, at))
                .hint(REFERENCE_HINT),
        );
    }

    fn arguments(&mut self, arguments: &ast::CallArguments<&'r str>) {
        arguments.positional.iter().for_each(|a| self.inline(a));
        arguments.named.iter().for_each(|a| self.inline(&a.value));
    }

    fn inline(&mut self, inline: &ast::InlineExpression<&'r str>) {
        match inline {
            ast::InlineExpression::MessageReference { id, attribute } => {
                match (self.defined.messages.get(id.name), attribute) {
                    (None, _) => self.problem(
                        id.name,
                        format!("`{{ {} }}` names no message of this file", id.name),
                    ),
                    (Some((_, attributes)), Some(a)) if !attributes.contains(a.name) => self
                        .problem(
                            a.name,
                            format!("the message `{}` has no attribute `{}`", id.name, a.name),
                        ),
                    (Some((false, _)), None) => self.problem(
                        id.name,
                        format!("the message `{}` has no value to show here", id.name),
                    ),
                    _ => {}
                }
            }
            ast::InlineExpression::TermReference {
                id,
                attribute,
                arguments,
            } => {
                match (self.defined.terms.get(id.name), attribute) {
                    (None, _) => self.problem(
                        id.name,
                        format!("`{{ -{} }}` names no term of this file", id.name),
                    ),
                    (Some(attributes), Some(a)) if !attributes.contains(a.name) => self.problem(
                        a.name,
                        format!("the term `-{}` has no attribute `{}`", id.name, a.name),
                    ),
                    _ => {}
                }
                if let Some(arguments) = arguments {
                    self.arguments(arguments);
                }
            }
            ast::InlineExpression::FunctionReference { id, arguments } => {
                self.problem(
                    id.name,
                    format!("the function `{}()` does not exist here", id.name),
                );
                self.arguments(arguments);
            }
            ast::InlineExpression::VariableReference { id } => {
                self.variables.insert(id.name.to_string());
            }
            ast::InlineExpression::Placeable { expression } => self.expression(expression),
            ast::InlineExpression::StringLiteral { .. }
            | ast::InlineExpression::NumberLiteral { .. } => {}
        }
    }
}

/// The `t(key=..., lang=..., ...)` template function: a Fluent message, other arguments passed to it.
pub struct Translate(pub Arc<I18n>);

impl tera::Function for Translate {
    fn call(&self, args: &HashMap<String, tera::Value>) -> tera::Result<tera::Value> {
        let key = string_arg(args, "key", "t")?;
        let language = string_arg(args, "lang", "t")?;
        // Most calls name only the message and the language: their text is ready.
        if args.len() == 2 {
            if let Some(text) = self.0.plain(language, key) {
                return Ok(tera::Value::String(text.to_string()));
            }
        }
        let mut fluent_args = FluentArgs::new();
        let mut names: Vec<&String> = args
            .keys()
            .filter(|k| *k != "key" && *k != "lang")
            .collect();
        names.sort();
        for name in names {
            let value = match &args[name] {
                tera::Value::Number(n) => match n.as_i64() {
                    Some(i) => FluentValue::from(i),
                    None => FluentValue::from(n.as_f64().unwrap_or_default()),
                },
                tera::Value::String(s) => FluentValue::from(s.clone()),
                other => FluentValue::from(other.to_string()),
            };
            fluent_args.set(name.clone(), value);
        }
        let args = fluent_args.iter().next().is_some().then_some(&fluent_args);
        self.0
            .message(language, key, args)
            .map(tera::Value::String)
            .map_err(|d| MessageError(d).into_tera())
    }
}

/// The `long_date(lang=...)` filter: `"2025-12-15"` to "15 de diciembre de 2025".
pub struct LongDate(pub Arc<I18n>);

impl tera::Filter for LongDate {
    fn filter(
        &self,
        value: &tera::Value,
        args: &HashMap<String, tera::Value>,
    ) -> tera::Result<tera::Value> {
        let (date, language) = date_and_language(value, args, "long_date")?;
        self.0
            .long_date(language, date)
            .map(tera::Value::String)
            .map_err(|d| MessageError(d).into_tera())
    }
}

/// The `month_year(lang=...)` filter: `"2025-12-15"` to "Diciembre de 2025".
pub struct MonthYear(pub Arc<I18n>);

impl tera::Filter for MonthYear {
    fn filter(
        &self,
        value: &tera::Value,
        args: &HashMap<String, tera::Value>,
    ) -> tera::Result<tera::Value> {
        let (date, language) = date_and_language(value, args, "month_year")?;
        self.0
            .month_year(language, date)
            .map(tera::Value::String)
            .map_err(|d| MessageError(d).into_tera())
    }
}

fn date_and_language<'a>(
    value: &'a tera::Value,
    args: &'a HashMap<String, tera::Value>,
    filter: &str,
) -> tera::Result<(Date, &'a str)> {
    let text = value.as_str().ok_or_else(|| {
        tera::Error::msg(format!("`{filter}` expects a date string, got {value}"))
    })?;
    let date = Date::parse(text).ok_or_else(|| {
        tera::Error::msg(format!("`{filter}`: `{text}` is not a YYYY-MM-DD date"))
    })?;
    Ok((date, string_arg(args, "lang", filter)?))
}

fn string_arg<'a>(
    args: &'a HashMap<String, tera::Value>,
    name: &str,
    function: &str,
) -> tera::Result<&'a str> {
    args.get(name)
        .and_then(tera::Value::as_str)
        .ok_or_else(|| tera::Error::msg(format!("`{function}` needs a string argument `{name}`")))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn real() -> I18n {
        let (i18n, problems) = I18n::parse(vec![
            (
                "es".into(),
                "i18n/es.ftl".into(),
                include_str!("../i18n/es.ftl").into(),
            ),
            (
                "en".into(),
                "i18n/en.ftl".into(),
                include_str!("../i18n/en.ftl").into(),
            ),
        ]);
        assert!(problems.is_empty(), "{problems:?}");
        i18n
    }

    fn count(i18n: &I18n, language: &str, n: i64) -> String {
        let mut args = FluentArgs::new();
        args.set("count", n);
        i18n.message(language, "state-count", Some(&args)).unwrap()
    }

    #[test]
    fn messages_know_their_line_and_column() {
        let i18n = real();
        let text = include_str!("../i18n/en.ftl");
        let line = text
            .lines()
            .position(|l| l.starts_with("kind-call ="))
            .unwrap()
            + 1;
        let (file, at) = i18n.position("en", "kind-call").unwrap();
        assert_eq!(file, Path::new("i18n/en.ftl"));
        assert_eq!(at, Some((line, 1)));
        assert_eq!(i18n.position("en", "no-such-message").unwrap().1, None);
        assert!(i18n.position("fr", "kind-call").is_none());
        let (indented, _) = I18n::parse(vec![(
            "es".into(),
            "es.ftl".into(),
            "# ñandú\na = uno\n\n\nb = dos\n".into(),
        )]);
        assert_eq!(indented.position("es", "a").unwrap().1, Some((2, 1)));
        assert_eq!(indented.position("es", "b").unwrap().1, Some((5, 1)));
    }

    #[test]
    fn plurals_follow_cldr() {
        let i18n = real();
        assert_eq!(count(&i18n, "es", 1), "1 estado");
        assert_eq!(count(&i18n, "es", 14), "14 estados");
        assert_eq!(count(&i18n, "en", 1), "1 state");
        assert_eq!(count(&i18n, "en", 14), "14 states");
    }

    /// The second time a date is asked for, it comes from memory: the same text, per language.
    #[test]
    fn a_remembered_long_date_is_the_formatted_one() {
        let i18n = real();
        let date = Date::new(2025, 12, 15).unwrap();
        for _ in 0..2 {
            assert_eq!(
                i18n.long_date("es", date).unwrap(),
                "15 de diciembre de 2025"
            );
            assert_eq!(i18n.long_date("en", date).unwrap(), "December 15, 2025");
        }
        let remembered = |l: &str| i18n.long_dates[l].read().unwrap().get(&date).cloned();
        assert_eq!(remembered("es").as_deref(), Some("15 de diciembre de 2025"));
        assert_eq!(remembered("en").as_deref(), Some("December 15, 2025"));
        assert!(
            i18n.long_date("fr", date).is_err(),
            "a language without strings"
        );
    }

    #[test]
    fn dates_are_localized_without_isolation_marks() {
        let i18n = real();
        let date = Date::new(2025, 12, 15).unwrap();
        assert_eq!(
            i18n.long_date("es", date).unwrap(),
            "15 de diciembre de 2025"
        );
        assert_eq!(i18n.long_date("en", date).unwrap(), "December 15, 2025");
        assert_eq!(i18n.month_year("es", date).unwrap(), "Diciembre de 2025");
        assert_eq!(i18n.month_year("en", date).unwrap(), "December 2025");
    }

    #[test]
    fn kinds_come_from_the_messages() {
        let kinds: Vec<String> = real().kinds().into_iter().collect();
        assert_eq!(kinds, ["advisory", "agreement", "call"]);
    }

    #[test]
    fn missing_message_error_names_key_and_language() {
        let e = real().message("en", "no-such-key", None).unwrap_err();
        assert_eq!(
            e.to_string(),
            "i18n/en.ftl: error: Fluent message `no-such-key` is missing in `en`\n  hint: add `no-such-key = ...` to i18n/en.ftl"
        );
    }

    #[test]
    fn t_function_passes_arguments_and_escapes() {
        let i18n = Arc::new(real());
        let mut tera = tera::Tera::default();
        tera.register_function("t", Translate(i18n.clone()));
        tera.register_filter("long_date", LongDate(i18n));
        tera.add_raw_template(
            "x.html",
            r#"{{ t(key="state-label", lang="en", name="<Chiapas>", level="L") }}|{{ "2025-09-18" | long_date(lang="es") }}|{{ t(key="nope", lang="es") }}"#,
        )
        .unwrap();
        let e = tera.render("x.html", &tera::Context::new()).unwrap_err();
        assert!(crate::render::error_chain(&e).contains("Fluent message `nope` is missing in `es`"));
        tera.add_raw_template(
            "y.html",
            r#"{{ t(key="state-label", lang="en", name="<Chiapas>", level="L") }}|{{ "2025-09-18" | long_date(lang="es") }}"#,
        )
        .unwrap();
        let out = tera.render("y.html", &tera::Context::new()).unwrap();
        assert_eq!(out, "&lt;Chiapas&gt;: L|18 de septiembre de 2025");
        assert!(!out.contains('\u{2068}'));
    }

    #[test]
    fn syntax_errors_and_missing_counterparts_have_positions() {
        let (_, problems) = I18n::parse(vec![
            ("es".into(), "es.ftl".into(), "a = A\nsolo = Solo\n".into()),
            (
                "en".into(),
                "en.ftl".into(),
                "a = A\nbroken = { $x\n".into(),
            ),
        ]);
        let text: Vec<String> = problems.iter().map(|p| p.to_string()).collect();
        assert!(
            text.iter()
                .any(|t| t.starts_with("en.ftl:2:") && t.contains("Fluent syntax error")),
            "{text:#?}"
        );
        assert!(
            text.iter()
                .any(|t| t
                    .starts_with("es.ftl:2:1: error: Fluent message `solo` is missing in `en`")),
            "{text:#?}"
        );
    }

    fn problems_of(en: &str) -> Vec<String> {
        let es = include_str!("../i18n/es.ftl").to_string();
        let en = format!("{}{en}", include_str!("../i18n/en.ftl"));
        let (_, problems) = I18n::parse(vec![
            ("es".into(), "es.ftl".into(), es),
            ("en".into(), "en.ftl".into(), en),
        ]);
        problems
            .iter()
            .map(|p| p.to_string())
            .filter(|p| !p.contains("is missing in"))
            .collect()
    }

    /// The line of the first message appended to the real en.ftl.
    fn appended_line() -> usize {
        include_str!("../i18n/en.ftl").lines().count() + 1
    }

    #[test]
    fn references_and_duplicates_are_found_at_their_place_in_every_variant() {
        let n = appended_line();
        let found = problems_of(concat!(
            "x-a = { $n ->\n [one] { nope }\n *[other] { -term } { NUMBER($n) }\n}\n",
            "x-b = { nav-home.title } { x-c }\n",
            "x-c =\n    .title = T\n",
            "nav-home = again\n",
        ));
        let expect = [
            format!("en.ftl:{}:10: error: `{{ nope }}` names no message", n + 1),
            format!("en.ftl:{}:14: error: `{{ -term }}` names no term", n + 2),
            format!("en.ftl:{}:23: error: the function `NUMBER()`", n + 2),
            format!(
                "en.ftl:{}:18: error: the message `nav-home` has no attribute `title`",
                n + 4
            ),
            format!("en.ftl:{}:28: error: the message `x-c` has no value", n + 4),
            format!(
                "en.ftl:{}:1: error: the Fluent message `nav-home` is defined twice",
                n + 7
            ),
        ];
        for line in &expect {
            assert!(
                found.iter().any(|f| f.starts_with(line.as_str())),
                "{line}\n{found:#?}"
            );
        }
        assert_eq!(found.len(), expect.len(), "{found:#?}");
        let cyclic = problems_of("x-d = { x-d }\n");
        assert_eq!(cyclic.len(), 1, "{cyclic:#?}");
        assert!(cyclic[0].starts_with(&format!(
            "en.ftl:{n}:1: error: Fluent message `x-d` cannot be formatted"
        )));
    }

    #[test]
    fn kind_labels_must_be_usable_without_arguments() {
        let n = appended_line();
        for (label, what) in [
            ("kind-zz = { $x }\n", "uses a variable"),
            ("kind-zz = ¿?\n", "has no letter or digit"),
            ("kind-zz = { \"\" }\n", "is empty"),
            ("kind-zz =\n    .title = T\n", "has no value"),
        ] {
            let found = problems_of(label);
            assert_eq!(found.len(), 1, "{label}: {found:#?}");
            assert!(
                found[0].starts_with(&format!("en.ftl:{n}:1: error: the kind label `kind-zz`")),
                "{found:#?}"
            );
            assert!(found[0].contains(what), "{found:#?}");
        }
        assert!(problems_of("kind-zz = Zeta\n").is_empty());
        let found = problems_of("kind-zz = 2025\nkind-zzz = ¡Call!\n");
        assert_eq!(found.len(), 2, "{found:#?}");
        assert!(found[0].starts_with(&format!("en.ftl:{n}:1: error: the kind label `kind-zz` gives the URL segment `2025`, which reads as a year")), "{found:#?}");
        assert!(found[1].starts_with(&format!("en.ftl:{}:1: error: the kind labels `kind-call` and `kind-zzz` give the same URL segment `call`", n + 1)), "{found:#?}");
    }

    #[test]
    fn a_message_that_fails_while_rendering_is_one_diagnostic_at_its_place() {
        let i18n = real();
        let line = include_str!("../i18n/en.ftl")
            .lines()
            .position(|l| l.starts_with("date-long ="))
            .unwrap()
            + 1;
        let e = i18n.message("en", "date-long", None).unwrap_err();
        assert_eq!((e.line, e.column), (Some(line), Some(1)), "{e}");
        assert!(e.message.contains("Unknown variable: $month"), "{e}");
        assert_eq!(e, i18n.message("en", "date-long", None).unwrap_err());
        // Through a template, the same diagnostic is found in the error chain.
        let i18n = Arc::new(i18n);
        let mut tera = tera::Tera::default();
        tera.register_function("t", Translate(i18n));
        tera.add_raw_template("x.html", r#"{{ t(key="date-long", lang="en") }}"#)
            .unwrap();
        let error = tera.render("x.html", &tera::Context::new()).unwrap_err();
        assert_eq!(MessageError::find(&error).map(|f| &f.0), Some(&e));
    }
}
