//! Showing a build's problems to a person: each at its own level (error, warning), with the
//! offending source line marked (annotate-snippets, as rustc does) and its hint, or as JSON for CI.

use std::path::Path;

use annotate_snippets::{AnnotationKind, Group, Level, Renderer, Snippet};
use serde::Serialize;

use crate::diagnostic::{Diagnostic, Report, Severity};

/// The whole report, one annotated snippet per problem at its severity's level, then the count
/// (`2 errors`, `1 error, 3 warnings`).
pub fn render(root: &Path, report: &Report, color: bool) -> String {
    let renderer = if color {
        Renderer::styled()
    } else {
        Renderer::plain()
    };
    let mut out = String::new();
    let mut sources = Sources::default();
    for diagnostic in &report.0 {
        out.push_str(&render_one(root, diagnostic, &renderer, &mut sources));
        out.push_str("\n\n");
    }
    out.push_str(&report.summary());
    out
}

/// The annotate-snippets level a severity is shown at.
fn level(severity: Severity) -> Level<'static> {
    match severity {
        Severity::Error => Level::ERROR,
        Severity::Warning => Level::WARNING,
    }
}

fn render_one(root: &Path, d: &Diagnostic, renderer: &Renderer, sources: &mut Sources) -> String {
    let path = d.file.display().to_string();
    let source = d
        .line
        .and_then(|line| sources.line(&root.join(&d.file), line));
    let mut title = Group::with_title(level(d.severity).primary_title(d.message.as_str()));
    match (&source, d.line, d.column) {
        (Some(text), Some(line), column) => {
            let span = marked_span(text, column.unwrap_or(1));
            let snippet = Snippet::source(text.as_str())
                .line_start(line)
                .path(path.as_str())
                .annotation(AnnotationKind::Primary.span(span));
            title = title.element(snippet);
        }
        _ => {
            let position = match (d.line, d.column) {
                (Some(l), Some(c)) => format!("{path}:{l}:{c}"),
                (Some(l), None) => format!("{path}:{l}"),
                _ => path.clone(),
            };
            title = title.element(Level::NOTE.message(format!("in {position}")));
        }
    }
    if let Some(hint) = &d.hint {
        title = title.element(Level::HELP.message(hint.as_str()));
    }
    renderer.render(&[title]).to_string()
}

/// The files a report quotes, each read once and split into lines once (a file with many
/// problems is not read again for each).
#[derive(Default)]
struct Sources {
    files: std::collections::HashMap<std::path::PathBuf, Option<Vec<String>>>,
}

impl Sources {
    /// Line `line` (1-based) of the file, if it can be read.
    fn line(&mut self, path: &Path, line: usize) -> Option<String> {
        let lines = self.files.entry(path.to_path_buf()).or_insert_with(|| {
            // Through the checked reader: the file a report names may be anything (a FIFO, a
            // device).
            let text = crate::fs::read_to_string(path).ok()?;
            Some(text.lines().map(str::to_string).collect())
        });
        let found = lines.as_ref()?.get(line.checked_sub(1)?)?;
        // A very long line (minified JSON) is cut around nothing useful: leave it out.
        (found.len() <= 500).then(|| found.clone())
    }
}

/// The byte range to underline: the word (or quoted string) starting at `column` (1-based chars).
fn marked_span(text: &str, column: usize) -> std::ops::Range<usize> {
    let start = text
        .char_indices()
        .nth(column.saturating_sub(1))
        .map_or(text.len(), |(i, _)| i);
    let rest = &text[start..];
    let len = if let Some(inner) = rest.strip_prefix('"') {
        inner.find('"').map_or(rest.len(), |end| end + 2)
    } else {
        rest.find(|c: char| c.is_whitespace() || c == ',' || c == ']')
            .unwrap_or(rest.len())
    };
    start..start + len.max(1).min(rest.len().max(1))
}

/// A problem as JSON (`puente check --format json`).
#[derive(Serialize)]
pub struct JsonProblem<'a> {
    /// `error` or `warning`.
    pub severity: &'static str,
    /// The file, relative to the project.
    pub file: String,
    /// 1-based line, when known.
    pub line: Option<usize>,
    /// 1-based column, when known.
    pub column: Option<usize>,
    /// What is wrong.
    pub message: &'a str,
    /// What would fix it.
    pub hint: Option<&'a str>,
}

impl<'a> JsonProblem<'a> {
    /// The JSON form of a diagnostic.
    pub fn new(d: &'a Diagnostic) -> Self {
        JsonProblem {
            severity: d.severity.name(),
            file: d.file.display().to_string(),
            line: d.line,
            column: d.column,
            message: &d.message,
            hint: d.hint.as_deref(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn marks_the_word_or_quoted_string() {
        assert_eq!(marked_span("kind = \"meeting\"", 8), 7..16);
        assert_eq!(marked_span("states = [\"MX-JAL\", \"MX-CHI\"]", 21), 20..28);
        assert_eq!(marked_span("abc", 9), 3..4);
    }

    #[test]
    fn renders_a_snippet_with_the_line_and_hint() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(
            dir.path().join("e.toml"),
            "date = 2025-01-01\nkind = \"meeting\"\n",
        )
        .unwrap();
        let report = Report(vec![Diagnostic::new(
            "e.toml",
            "unknown event kind `meeting`",
        )
        .at(2, 8)
        .hint("use one of: call")]);
        let text = render(dir.path(), &report, false);
        assert!(
            text.contains("error: unknown event kind `meeting`"),
            "{text}"
        );
        assert!(text.contains("--> e.toml:2:8"), "{text}");
        assert!(text.contains("2 | kind = \"meeting\""), "{text}");
        assert!(text.contains("^^^^^^^^^"), "{text}");
        assert!(text.contains("help: use one of: call"), "{text}");
        assert!(text.ends_with("1 error"));
    }

    /// The level comes from the severity, not from rewriting text: a warning reads `warning:`
    /// in plain and in colour, and a quoted source line that says "error" is left as it is.
    #[test]
    fn a_warning_is_rendered_as_a_warning() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(
            dir.path().join("en.ftl"),
            "error-title = An error occurred\n",
        )
        .unwrap();
        let report = Report(vec![
            Diagnostic::warning("en.ftl", "Fluent message `error-title` is not used").at(1, 1),
            Diagnostic::new("other.toml", "broken"),
        ]);
        let plain = render(dir.path(), &report, false);
        assert!(
            plain.contains("warning: Fluent message `error-title` is not used"),
            "{plain}"
        );
        assert!(
            plain.contains("1 | error-title = An error occurred"),
            "{plain}"
        );
        assert!(plain.contains("error: broken"), "{plain}");
        assert!(plain.ends_with("1 error, 1 warning"), "{plain}");
        let styled = render(dir.path(), &report, true);
        assert!(styled.contains("warning"), "{styled}");
        assert!(
            styled.contains("error-title = An error occurred"),
            "{styled}"
        );
        assert_ne!(styled, plain, "colour on");
    }

    #[test]
    fn without_a_line_it_names_the_file() {
        let report = Report(vec![Diagnostic::new("i18n/en.ftl", "missing")]);
        let text = render(Path::new("/nonexistent"), &report, false);
        assert!(
            text.contains("error: missing") && text.contains("in i18n/en.ftl"),
            "{text}"
        );
    }
}
