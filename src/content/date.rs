//! Calendar dates as content writes them (`2025-12-15`), checked to exist.

use std::fmt;
use std::path::Path;

use serde::{Serialize, Serializer};

use crate::diagnostic::Diagnostic;

/// A calendar date without time or zone.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date {
    /// Year, such as 2025.
    pub year: u16,
    /// Month, 1 to 12.
    pub month: u8,
    /// Day of the month, 1 to 31.
    pub day: u8,
}

impl Date {
    /// A date if it exists in the calendar.
    pub fn new(year: u16, month: u8, day: u8) -> Option<Date> {
        let valid = (1..=12).contains(&month) && day >= 1 && day <= days_in_month(year, month);
        valid.then_some(Date { year, month, day })
    }

    /// Parses `YYYY-MM-DD`.
    pub fn parse(text: &str) -> Option<Date> {
        let mut parts = text.splitn(3, '-');
        let (y, m, d) = (parts.next()?, parts.next()?, parts.next()?);
        if y.len() != 4 || m.len() != 2 || d.len() != 2 {
            return None;
        }
        Date::new(y.parse().ok()?, m.parse().ok()?, d.parse().ok()?)
    }

    /// Converts a TOML date value, or says why it is not a plain date.
    pub fn from_toml(
        path: &Path,
        text: &str,
        value: &toml::Spanned<toml::value::Datetime>,
        field: &str,
    ) -> Result<Date, Diagnostic> {
        let at = value.span().start;
        let datetime = value.get_ref();
        let problem = |message: String| {
            Diagnostic::new(path, message)
                .at_offset(text, at)
                .hint(format!(
                    "write `{field} = YYYY-MM-DD`, a date that exists, without quotes or time"
                ))
        };
        match (datetime.date, datetime.time, datetime.offset) {
            (Some(d), None, None) => Date::new(d.year, d.month, d.day).ok_or_else(|| {
                problem(format!(
                    "`{field}` {datetime} is not a date in the calendar"
                ))
            }),
            _ => Err(problem(format!(
                "`{field}` must be a date only, found `{datetime}`"
            ))),
        }
    }

    /// `YYYY-MM-DD`.
    pub fn iso(&self) -> String {
        self.to_string()
    }
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

impl Serialize for Date {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

fn days_in_month(year: u16, month: u8) -> u8 {
    match month {
        2 if year.is_multiple_of(4) && (!year.is_multiple_of(100) || year.is_multiple_of(400)) => {
            29
        }
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rejects_impossible_dates() {
        assert!(Date::new(2025, 2, 29).is_none());
        assert!(Date::new(2024, 2, 29).is_some());
        assert!(Date::new(1900, 2, 29).is_none());
        assert!(Date::new(2025, 4, 31).is_none());
        assert!(Date::new(2025, 13, 1).is_none());
        assert!(Date::parse("2025-12-15").is_some());
        assert!(Date::parse("2025-12-5").is_none());
    }

    #[test]
    fn toml_datetime_with_time_is_refused() {
        #[derive(serde::Deserialize)]
        struct D {
            date: toml::Spanned<toml::value::Datetime>,
        }
        let text = "date = 2025-12-15T10:00:00";
        let d: D = toml::from_str(text).unwrap();
        let e = Date::from_toml(Path::new("e.toml"), text, &d.date, "date").unwrap_err();
        assert!(e.message.contains("date only"));
        assert_eq!((e.line, e.column), (Some(1), Some(8)));
        let text = "date = 2025-12-15";
        let d: D = toml::from_str(text).unwrap();
        let ok = Date::from_toml(Path::new("e.toml"), text, &d.date, "date").unwrap();
        assert_eq!(ok.iso(), "2025-12-15");
    }
}
