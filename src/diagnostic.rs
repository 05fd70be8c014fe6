//! Build problems: one `Diagnostic` per problem, with its severity, file, position and a hint,
//! collected into a report.

use std::fmt;
use std::path::{Path, PathBuf};

/// How serious a problem is; the report shows each at its own level (`error:`, `warning:`).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Severity {
    /// Something the build refuses or a reader would hit (a broken link). The default: every
    /// problem of a build is an error.
    #[default]
    Error,
    /// Something to review (an unused message, a translation to update, an old advisory):
    /// `check` reports it but passes unless `--strict`.
    Warning,
}

impl Severity {
    /// `error` or `warning`, as the report and `check --format json` name it.
    pub fn name(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
        }
    }
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

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
    /// How serious it is (last, so that a report sorts by file and position first).
    pub severity: Severity,
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
            severity: Severity::Error,
        }
    }

    /// A problem to review rather than a failure (`check`'s warnings).
    pub fn warning(file: impl Into<PathBuf>, message: impl Into<String>) -> Self {
        Diagnostic::new(file, message).severity(Severity::Warning)
    }

    /// Sets the severity.
    pub fn severity(mut self, severity: Severity) -> Self {
        self.severity = severity;
        self
    }

    /// True for an error (not a warning).
    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
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
        write!(f, ": {}: {}", self.severity, self.message)?;
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

    /// How many problems of `severity` it holds.
    pub fn count(&self, severity: Severity) -> usize {
        self.0.iter().filter(|d| d.severity == severity).count()
    }

    /// The closing line: `2 errors`, `1 warning`, `1 error, 3 warnings` (`0 errors` when empty).
    pub fn summary(&self) -> String {
        let plural = |n: usize, word: &str| format!("{n} {word}{}", if n == 1 { "" } else { "s" });
        let (errors, warnings) = (self.count(Severity::Error), self.count(Severity::Warning));
        match (errors, warnings) {
            (_, 0) => plural(errors, "error"),
            (0, _) => plural(warnings, "warning"),
            _ => format!(
                "{}, {}",
                plural(errors, "error"),
                plural(warnings, "warning")
            ),
        }
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
        f.write_str(&self.summary())
    }
}

impl std::error::Error for Report {}

impl From<Diagnostic> for Report {
    fn from(diagnostic: Diagnostic) -> Self {
        Report(vec![diagnostic])
    }
}

/// 1-based line and column (counted in characters) of a byte offset in `text`.
///
/// Inside a `LineScope` of `text`, the line is found by a binary search of the line starts;
/// otherwise by counting newlines before the offset.
pub fn line_column(text: &str, offset: usize) -> (usize, usize) {
    let mut offset = offset.min(text.len());
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    let scoped = SCOPES.with(|scopes| {
        let mut scopes = scopes.borrow_mut();
        let key = (text.as_ptr() as usize, text.len());
        let starts = scopes
            .iter_mut()
            .rev()
            .find(|s| (s.0, s.1) == key)?
            .2
            .get_or_insert_with(|| {
                // Made at the first lookup: a file without problems costs nothing.
                let mut starts = vec![0];
                starts.extend(memchr::memchr_iter(b'\n', text.as_bytes()).map(|i| i + 1));
                starts
            });
        // The last line start at or before the offset; `starts[0]` is 0.
        let index = starts.partition_point(|&s| s <= offset).saturating_sub(1);
        Some((index + 1, starts[index]))
    });
    let before = &text[..offset];
    let (line, line_start) = scoped.unwrap_or_else(|| {
        let line = memchr::memchr_iter(b'\n', before.as_bytes()).count() + 1;
        (
            line,
            memchr::memrchr(b'\n', before.as_bytes()).map_or(0, |i| i + 1),
        )
    });
    let column = before[line_start..].chars().count() + 1;
    (line, column)
}

/// A text in a `LineScope`: its pointer, its length, and its line starts once looked up.
type ScopedText = (usize, usize, Option<Vec<usize>>);

thread_local! {
    /// The texts whose `LineScope` is alive on this thread.
    static SCOPES: std::cell::RefCell<Vec<ScopedText>> = const { std::cell::RefCell::new(Vec::new()) };
}

/// While alive, `line_column` on `text` is a binary search instead of a count of the text before
/// the offset: a file with many problems (300,000 unknown state codes) takes time in proportion
/// to its size, not to its size times its problems. The scope borrows the text, so the text it
/// indexes cannot change or go away while it is alive.
pub struct LineScope<'a> {
    key: (usize, usize),
    _text: std::marker::PhantomData<&'a str>,
}

/// Indexes the lines of `text` until the returned scope is dropped.
pub fn line_scope(text: &str) -> LineScope<'_> {
    let key = (text.as_ptr() as usize, text.len());
    SCOPES.with(|scopes| scopes.borrow_mut().push((key.0, key.1, None)));
    LineScope {
        key,
        _text: std::marker::PhantomData,
    }
}

impl Drop for LineScope<'_> {
    fn drop(&mut self) {
        SCOPES.with(|scopes| {
            let mut scopes = scopes.borrow_mut();
            if let Some(i) = scopes.iter().rposition(|s| (s.0, s.1) == self.key) {
                scopes.remove(i);
            }
        });
    }
}

/// A path shown relative to `root` when it lies inside it.
pub fn relative(root: &Path, path: &Path) -> PathBuf {
    path.strip_prefix(root).unwrap_or(path).to_path_buf()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Inside a scope the answer is the same as without one, at every offset (char boundaries,
    /// newlines, the end, past the end).
    #[test]
    fn a_line_scope_gives_the_same_positions() {
        for text in ["", "a", "\n", "ab\ncd\n\nñé\r\nx", "\n\nz"] {
            let plain: Vec<_> = (0..=text.len() + 2).map(|o| line_column(text, o)).collect();
            let scope = line_scope(text);
            let scoped: Vec<_> = (0..=text.len() + 2).map(|o| line_column(text, o)).collect();
            drop(scope);
            assert_eq!(plain, scoped, "{text:?}");
        }
        let text = "a\nb";
        let _outer = line_scope(text);
        {
            let _inner = line_scope("x\ny\nz");
        }
        assert_eq!(line_column(text, 2), (2, 1));
    }

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

    #[test]
    fn a_warning_says_warning_and_is_counted_apart() {
        let w = Diagnostic::warning("i18n/en.ftl", "Fluent message `x` is not used").at(3, 1);
        assert!(!w.is_error());
        assert_eq!(
            w.to_string(),
            "i18n/en.ftl:3:1: warning: Fluent message `x` is not used"
        );
        // An error message quoting the word "error" stays as written.
        let e = Diagnostic::new("a", "the word error: kept");
        assert_eq!(e.to_string(), "a: error: the word error: kept");
        let mut r = Report::from(w.clone());
        assert_eq!(r.summary(), "1 warning");
        r.push(e);
        r.push(w.at(4, 1));
        assert_eq!(r.summary(), "1 error, 2 warnings");
        assert_eq!(Report::default().summary(), "0 errors");
    }
}
