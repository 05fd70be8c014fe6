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
    /// The date as four bytes (year, month, day), for keys: cheaper than its text.
    pub fn key_bytes(self) -> [u8; 4] {
        let [high, low] = self.year.to_le_bytes();
        [high, low, self.month, self.day]
    }

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

    /// Days since 1970-01-01 (proleptic Gregorian), for date differences.
    pub fn day_number(self) -> i64 {
        let (y, m, d) = (
            i64::from(self.year),
            i64::from(self.month),
            i64::from(self.day),
        );
        let y = if m <= 2 { y - 1 } else { y };
        let era = y.div_euclid(400);
        let yoe = y - era * 400;
        let doy = (153 * ((m + 9) % 12) + 2) / 5 + d - 1;
        era * 146_097 + yoe * 365 + yoe / 4 - yoe / 100 + doy - 719_468
    }

    /// The date `days` after 1970-01-01 (the inverse of `day_number`).
    pub fn from_day_number(days: i64) -> Date {
        let z = days + 719_468;
        let era = z.div_euclid(146_097);
        let doe = z - era * 146_097;
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        let mp = (5 * doy + 2) / 153;
        let day = (doy - (153 * mp + 2) / 5 + 1) as u8;
        let month = if mp < 10 { mp + 3 } else { mp - 9 } as u8;
        let year = (yoe + era * 400 + i64::from(month <= 2)) as u16;
        Date { year, month, day }
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
    fn day_numbers_round_trip() {
        let d = Date::new(2025, 11, 18).unwrap();
        assert_eq!(Date::new(1970, 1, 1).unwrap().day_number(), 0);
        assert_eq!(
            Date::new(2026, 11, 28).unwrap().day_number() - d.day_number(),
            375
        );
        assert_eq!(Date::from_day_number(d.day_number()), d);
        let leap = Date::new(2024, 2, 29).unwrap();
        assert_eq!(Date::from_day_number(leap.day_number()), leap);
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
