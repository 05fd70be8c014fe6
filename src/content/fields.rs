//! Checks of the fields that events, advisories and pages share: required text, state codes, file ids.

use std::path::Path;

use toml::Spanned;

use super::{Date, Vocabulary};
use crate::diagnostic::Diagnostic;

/// The file stem of `path`.
pub(crate) fn file_id(path: &Path) -> String {
    path.file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default()
}

/// A string field that must not be blank.
pub(crate) fn required(
    path: &Path,
    text: &str,
    language: &str,
    field: &str,
    value: Spanned<String>,
    problems: &mut Vec<Diagnostic>,
) -> Option<String> {
    if value.get_ref().trim().is_empty() {
        problems.push(
            Diagnostic::new(path, format!("[{language}] `{field}` is empty"))
                .at_offset(text, value.span().start)
                .hint(format!("write the {field} in this language")),
        );
        None
    } else {
        Some(value.into_inner())
    }
}

/// Reports state codes that are not federal entities of the map, with the closest match.
pub(crate) fn check_states(
    path: &Path,
    text: &str,
    states: &[Spanned<String>],
    vocabulary: &Vocabulary,
    problems: &mut Vec<Diagnostic>,
) {
    for code in states {
        if !vocabulary.knows_state(code.get_ref()) {
            problems.push(unknown_state(path, text, code, vocabulary));
        }
    }
}

/// A diagnostic for an unknown state code, suggesting the closest known one.
pub(crate) fn unknown_state(
    path: &Path,
    text: &str,
    code: &Spanned<String>,
    vocabulary: &Vocabulary,
) -> Diagnostic {
    let states = vocabulary.states.as_ref();
    let hint = match states.and_then(|s| closest(code.get_ref(), s.keys()).map(|best| (best, &s[best]))) {
        Some((best, name)) => format!(
            "did you mean {best} ({name})? Codes are ISO 3166-2, as in content/geo/mexico-states.geojson"
        ),
        None => "use an ISO 3166-2 code from content/geo/mexico-states.geojson, such as MX-CHP".into(),
    };
    Diagnostic::new(path, format!("unknown state code `{}`", code.get_ref()))
        .at_offset(text, code.span().start)
        .hint(hint)
}

/// The candidate with the smallest edit distance to `word`, if any is close.
fn closest<'a>(word: &str, candidates: impl Iterator<Item = &'a String>) -> Option<&'a String> {
    let word = word.to_uppercase();
    candidates
        .map(|c| (edit_distance(&word, c), c))
        .filter(|(d, _)| *d <= 2)
        .min()
        .map(|(_, c)| c)
}

/// The Levenshtein distance between `a` and `b`, in characters.
fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut previous = row[0];
        row[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let substitution = previous + usize::from(ca != *cb);
            previous = row[j + 1];
            row[j + 1] = substitution.min(row[j] + 1).min(previous + 1);
        }
    }
    row[b.len()]
}

/// An item's `date` and its optional `updated`, each problem reported (the date's first).
pub(crate) fn dates(
    path: &Path,
    text: &str,
    date: &Spanned<toml::value::Datetime>,
    updated: Option<&Spanned<toml::value::Datetime>>,
    problems: &mut Vec<Diagnostic>,
) -> (Option<Date>, Option<Date>) {
    let mut check = |result: Result<Date, Diagnostic>| result.map_err(|d| problems.push(d)).ok();
    let date = check(Date::from_toml(path, text, date, "date"));
    let updated = updated.and_then(|u| check(Date::from_toml(path, text, u, "updated")));
    (date, updated)
}
