//! UI strings: one Fluent bundle per language, the `t()` template function and localized dates.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use fluent_bundle::concurrent::FluentBundle;
use fluent_bundle::{FluentArgs, FluentResource, FluentValue};
use rustc_hash::FxHashMap;

use crate::content::Date;
use crate::diagnostic::Diagnostic;
use checks::REFERENCE_HINT;

mod checks;
mod functions;
mod kinds;
mod load;

pub use functions::{LongDate, MessageError, MonthYear, Translate};
pub use kinds::KIND_PREFIX;

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

impl I18n {
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
                crate::layout::I18N,
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

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::Arc;

    fn real() -> I18n {
        let (i18n, problems) = I18n::parse(vec![
            (
                "es".into(),
                "i18n/es.ftl".into(),
                include_str!("../../i18n/es.ftl").into(),
            ),
            (
                "en".into(),
                "i18n/en.ftl".into(),
                include_str!("../../i18n/en.ftl").into(),
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
        let text = include_str!("../../i18n/en.ftl");
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
        let es = include_str!("../../i18n/es.ftl").to_string();
        let en = format!("{}{en}", include_str!("../../i18n/en.ftl"));
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
        include_str!("../../i18n/en.ftl").lines().count() + 1
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
        let line = include_str!("../../i18n/en.ftl")
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
