//! Build problems: one `Diagnostic` per problem, with file, position and a hint, collected into a report.

use std::fmt;
use std::path::{Path, PathBuf};

/// One problem found while loading or building the site.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Diagnostic {
    /// The file the problem is in.
    pub file: PathBuf,
    /// 1-based line, when known.
    pub line: Option<usize>,
    /// 1-based column (in characters), when known.
    pub column: Option<usize>,
    /// What is wrong.
    pub message: String,
    /// What would fix it, when there is something to say.
    pub hint: Option<String>,
}

impl Diagnostic {
    /// A problem with a whole file (no position).
    pub fn new(file: impl Into<PathBuf>, message: impl Into<String>) -> Self {
        Diagnostic {
            file: file.into(),
            line: None,
            column: None,
            message: message.into(),
            hint: None,
        }
    }

    /// Sets the 1-based line and column.
    pub fn at(mut self, line: usize, column: usize) -> Self {
        self.line = Some(line);
        self.column = Some(column);
        self
    }

    /// Sets the position from a byte offset into `text`.
    pub fn at_offset(self, text: &str, offset: usize) -> Self {
        let (line, column) = line_column(text, offset);
        self.at(line, column)
    }

    /// Adds a hint saying how to fix the problem.
    pub fn hint(mut self, hint: impl Into<String>) -> Self {
        self.hint = Some(hint.into());
        self
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.file.display())?;
        if let Some(line) = self.line {
            write!(f, ":{line}")?;
            if let Some(column) = self.column {
                write!(f, ":{column}")?;
            }
        }
        write!(f, ": error: {}", self.message)?;
        if let Some(hint) = &self.hint {
            write!(f, "\n  hint: {hint}")?;
        }
        Ok(())
    }
}

/// Every problem of one build, reported together.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Report(pub Vec<Diagnostic>);

impl Report {
    /// Adds one problem.
    pub fn push(&mut self, diagnostic: Diagnostic) {
        self.0.push(diagnostic);
    }

    /// Adds many problems.
    pub fn extend(&mut self, diagnostics: impl IntoIterator<Item = Diagnostic>) {
        self.0.extend(diagnostics);
    }

    /// True when nothing is wrong.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// The problems, sorted by file and position so the report is stable.
    pub fn sorted(mut self) -> Self {
        self.0.sort();
        self.0.dedup();
        self
    }

    /// `Ok(value)` when nothing is wrong, else the report.
    pub fn into_result<T>(self, value: T) -> Result<T, Report> {
        if self.is_empty() {
            Ok(value)
        } else {
            Err(self.sorted())
        }
    }
}

impl fmt::Display for Report {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for diagnostic in &self.0 {
            writeln!(f, "{diagnostic}")?;
        }
        let n = self.0.len();
        write!(f, "{n} error{}", if n == 1 { "" } else { "s" })
    }
}

impl std::error::Error for Report {}

impl From<Diagnostic> for Report {
    fn from(diagnostic: Diagnostic) -> Self {
        Report(vec![diagnostic])
    }
}

/// 1-based line and column (counted in characters) of a byte offset in `text`.
pub fn line_column(text: &str, offset: usize) -> (usize, usize) {
    let mut offset = offset.min(text.len());
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    let before = &text[..offset];
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    let column = before[line_start..].chars().count() + 1;
    (line, column)
}

/// A path shown relative to `root` when it lies inside it.
pub fn relative(root: &Path, path: &Path) -> PathBuf {
    path.strip_prefix(root).unwrap_or(path).to_path_buf()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_column_counts_from_one_in_characters() {
        let text = "ab\nçd\nef";
        assert_eq!(line_column(text, 0), (1, 1));
        assert_eq!(line_column(text, 3), (2, 1));
        // 'd' sits after the two-byte 'ç'.
        assert_eq!(line_column(text, 5), (2, 2));
        assert_eq!(line_column(text, 999), (3, 3));
    }

    #[test]
    fn display_names_file_position_and_hint() {
        let d = Diagnostic::new("content/events/a.toml", "unknown kind `cal`")
            .at(2, 8)
            .hint("use one of: call, agreement");
        assert_eq!(
            d.to_string(),
            "content/events/a.toml:2:8: error: unknown kind `cal`\n  hint: use one of: call, agreement"
        );
    }

    #[test]
    fn report_sorts_and_counts() {
        let mut r = Report::default();
        r.push(Diagnostic::new("b", "two"));
        r.push(Diagnostic::new("a", "one"));
        let r = r.sorted();
        assert_eq!(r.to_string(), "a: error: one\nb: error: two\n2 errors");
    }
}
