//! The Tera function `t()` and the date filters, and the error they carry to the report.

use std::collections::HashMap;
use std::sync::Arc;

use fluent_bundle::{FluentArgs, FluentValue};

use super::I18n;
use crate::content::Date;
use crate::diagnostic::Diagnostic;

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
        date_filter(&self.0, value, args, "long_date", I18n::long_date)
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
        date_filter(&self.0, value, args, "month_year", I18n::month_year)
    }
}

/// Applies the date filter named `filter`: reads the date it is given and its `lang` argument,
/// and formats the date with `format`.
fn date_filter(
    i18n: &I18n,
    value: &tera::Value,
    args: &HashMap<String, tera::Value>,
    filter: &str,
    format: fn(&I18n, &str, Date) -> Result<String, Diagnostic>,
) -> tera::Result<tera::Value> {
    let text = value.as_str().ok_or_else(|| {
        tera::Error::msg(format!("`{filter}` expects a date string, got {value}"))
    })?;
    let date = Date::parse(text).ok_or_else(|| {
        tera::Error::msg(format!("`{filter}`: `{text}` is not a YYYY-MM-DD date"))
    })?;
    let language = string_arg(args, "lang", filter)?;
    format(i18n, language, date)
        .map(tera::Value::String)
        .map_err(|d| MessageError(d).into_tera())
}

/// The string argument `name` of a template function or filter.
fn string_arg<'a>(
    args: &'a HashMap<String, tera::Value>,
    name: &str,
    function: &str,
) -> tera::Result<&'a str> {
    args.get(name)
        .and_then(tera::Value::as_str)
        .ok_or_else(|| tera::Error::msg(format!("`{function}` needs a string argument `{name}`")))
}
