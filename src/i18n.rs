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
                    problems.push(
                        Diagnostic::new(&path, format!("Fluent error: {error}"))
                            .hint("give each message a unique id"),
                    );
                }
            }
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

    /// Formats message `id` in `language` with `args`; the error names the key and the language.
    pub fn message(
        &self,
        language: &str,
        id: &str,
        args: Option<&FluentArgs>,
    ) -> Result<String, String> {
        if args.is_none() {
            if let Some(text) = self.plain(language, id) {
                return Ok(text.to_string());
            }
        }
        let bundle = self.bundles.get(language).ok_or_else(|| {
            format!("the site has no language `{language}` (asked for message `{id}`)")
        })?;
        let pattern = bundle
            .get_message(id)
            .and_then(|m| m.value())
            .ok_or_else(|| {
                format!(
                    "Fluent message `{id}` is missing in `{language}` ({})",
                    self.file(language)
                )
            })?;
        let mut errors = Vec::new();
        let text = bundle.format_pattern(pattern, args, &mut errors);
        if let Some(error) = errors.first() {
            return Err(format!(
                "Fluent message `{id}` in `{language}` ({}): {error}",
                self.file(language)
            ));
        }
        Ok(text.into_owned())
    }

    /// "15 de diciembre de 2025" / "December 15, 2025", from the `date-long` and `month-N` messages.
    pub fn long_date(&self, language: &str, date: Date) -> Result<String, String> {
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
    fn format_long_date(&self, language: &str, date: Date) -> Result<String, String> {
        let mut args = self.month_args(language, date)?;
        args.set("day", FluentValue::from(date.day));
        self.message(language, "date-long", Some(&args))
    }

    /// "Diciembre de 2025" / "December 2025", from the `date-month-year` message, capitalized.
    pub fn month_year(&self, language: &str, date: Date) -> Result<String, String> {
        let args = self.month_args(language, date)?;
        Ok(capitalize(&self.message(
            language,
            "date-month-year",
            Some(&args),
        )?))
    }

    fn month_args(&self, language: &str, date: Date) -> Result<FluentArgs<'static>, String> {
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
            .unwrap_or_default()
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
            .map_err(tera::Error::msg)
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
            .map_err(tera::Error::msg)
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
            .map_err(tera::Error::msg)
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
            e,
            "Fluent message `no-such-key` is missing in `en` (i18n/en.ftl)"
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
}
