//! Loading the Tera templates: every syntax error reported with its line and column.

use std::path::Path;
use std::sync::Arc;

use crate::diagnostic::Diagnostic;
use crate::i18n::{I18n, LongDate, MonthYear, Translate};
use crate::output::assets::{AssetUrl, Assets};

/// Loads every `templates/*.html`, reporting each syntax error with its line and column.
pub fn load_templates(
    dir: &Path,
    i18n: Option<Arc<I18n>>,
    assets: &Assets,
    base_path: &str,
) -> Result<tera::Tera, Vec<Diagnostic>> {
    let mut problems = Vec::new();
    let mut sources = Vec::new();
    let entries = walkdir::WalkDir::new(dir)
        .max_depth(1)
        .follow_links(true)
        .sort_by_file_name();
    for entry in entries {
        let entry = match entry {
            Ok(e) => e,
            Err(e) => {
                problems.push(
                    Diagnostic::new(dir, format!("cannot read the templates folder: {e}"))
                        .hint("create templates/ with base.html and the page templates"),
                );
                continue;
            }
        };
        let path = entry.path();
        // Links are followed to regular files inside the project only.
        if let Err(d) = crate::fs::check_walked(dir.parent().unwrap_or(dir), &entry) {
            problems.push(d);
            continue;
        }
        let template_file = path
            .extension()
            .is_some_and(|e| e == "html" || e == "xml" || e == "txt");
        if !entry.file_type().is_file() || !template_file {
            continue;
        }
        let name = entry.file_name().to_string_lossy().into_owned();
        match crate::fs::read_to_string(path) {
            Ok(text) => {
                if let Err(e) = tera::Template::new(&name, None, &text) {
                    problems.push(template_diagnostic(path, &e));
                }
                sources.push((name, text));
            }
            Err(d) => problems.push(d),
        }
    }
    if !problems.is_empty() {
        return Err(problems);
    }
    let mut tera = tera::Tera::default();
    tera.autoescape_on(vec![".html", ".xml"]);
    tera.set_escape_fn(escape_html);
    tera.register_function(
        "asset",
        AssetUrl {
            names: assets.names.clone(),
            base_path: base_path.to_string(),
        },
    );
    if let Some(i18n) = i18n {
        tera.register_function("t", Translate(i18n.clone()));
        tera.register_filter("long_date", LongDate(i18n.clone()));
        tera.register_filter("month_year", MonthYear(i18n));
    }
    tera.add_raw_templates(sources).map_err(|e| {
        vec![Diagnostic::new(dir, error_chain(&e))
            .hint("check `extends`, `include` and `import` names against the files in templates/")]
    })?;
    for required in REQUIRED_TEMPLATES {
        if !tera.get_template_names().any(|n| n == *required) {
            problems.push(
                Diagnostic::new(dir.join(required), "this template is missing")
                    .hint("every page type needs its template; see README.md"),
            );
        }
    }
    if problems.is_empty() {
        Ok(tera)
    } else {
        Err(problems)
    }
}

/// Escapes text for HTML content and quoted attributes (`&`, `<`, `>`, `"`, `'`), leaving `/` readable.
pub fn escape_html(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = String::with_capacity(text.len() + text.len() / 8);
    let mut start = 0;
    // The next of `&<>` and of `"'` at or after `start`, each searched with memchr (most text has
    // none) and searched again only once passed.
    let mut markup = memchr::memchr3(b'&', b'<', b'>', bytes);
    let mut quote = memchr::memchr2(b'"', b'\'', bytes);
    while let Some(i) = match (markup, quote) {
        (Some(m), Some(q)) => Some(m.min(q)),
        (m, q) => m.or(q),
    } {
        let entity = match bytes[i] {
            b'&' => "&amp;",
            b'<' => "&lt;",
            b'>' => "&gt;",
            b'"' => "&quot;",
            _ => "&#39;",
        };
        // Every character that needs escaping is ASCII, so the text between them is whole UTF-8.
        out.push_str(&text[start..i]);
        out.push_str(entity);
        start = i + 1;
        let after = |found: Option<usize>, find: &dyn Fn(&[u8]) -> Option<usize>| match found {
            Some(at) if at < start => find(&bytes[start..]).map(|n| start + n),
            other => other,
        };
        markup = after(markup, &|b| memchr::memchr3(b'&', b'<', b'>', b));
        quote = after(quote, &|b| memchr::memchr2(b'"', b'\'', b));
    }
    out.push_str(&text[start..]);
    out
}

/// The templates every site needs, one per page type.
pub const REQUIRED_TEMPLATES: &[&str] = &[
    "language.html",
    "404.html",
    "home.html",
    "timeline.html",
    "event.html",
    "map.html",
    "state.html",
    "advisory.html",
    "page.html",
    "feed.xml",
    "sitemap.xml",
    "robots.txt",
    "untranslated.html",
];

fn template_diagnostic(path: &Path, error: &tera::Error) -> Diagnostic {
    let text = error_chain(error);
    let what = text
        .lines()
        .rev()
        .find_map(|l| l.trim().strip_prefix("= "))
        .unwrap_or(text.trim());
    let diagnostic = Diagnostic::new(path, format!("template error: {what}"));
    let position = text.split("--> ").nth(1).and_then(|rest| {
        let end = rest.find(|c: char| !(c.is_ascii_digit() || c == ':'))?;
        let (line, column) = rest[..end].split_once(':')?;
        Some((line.parse().ok()?, column.parse().ok()?))
    });
    let diagnostic = match position {
        Some((line, column)) => diagnostic.at(line, column),
        None => diagnostic,
    };
    diagnostic
        .hint("see the Tera documentation (https://keats.github.io/tera/docs/) for the syntax")
}

/// An error and all its causes, joined.
pub fn error_chain(error: &dyn std::error::Error) -> String {
    let mut text = error.to_string();
    let mut source = error.source();
    while let Some(cause) = source {
        text.push_str(": ");
        text.push_str(&cause.to_string());
        source = cause.source();
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn template_syntax_error_has_line_and_column() {
        let e = tera::Template::new("x.html", None, "<p>\n{{ foo </p>").unwrap_err();
        let d = template_diagnostic(Path::new("templates/x.html"), &e);
        assert_eq!(d.line, Some(2), "{d}");
        assert!(d.column.is_some());
    }

    /// Lookups as templates write them, through the patched Tera (vendor/tera.patch): plain
    /// dotted paths take the patch's fast path; quoted, bracketed and `~` paths the original one.
    /// A non-ASCII path (a filter's `attribute`) is one the original scanner cut wrongly.
    #[test]
    fn dotted_lookups_find_the_same_values_on_both_paths_of_the_patched_tera() {
        let mut tera = tera::Tera::default();
        tera.add_raw_template(
            "x.html",
            "{{ a.b.c }}|{{ a.list.1 }}|{{ a.list[0] }}|{{ a[\"b\"].c }}|{{ a['b'].c }}|\
             {{ a[\"x.y\"] }}|{{ a[\"t~0\"] }}|{% for i in a.list %}{{ i }}{% endfor %}|\
             {% if a.missing.deeper %}yes{% else %}no{% endif %}|\
             {{ a.rows | map(attribute=\"título.x\") | join(sep=\",\") }}",
        )
        .unwrap();
        let mut context = tera::Context::new();
        context.insert(
            "a",
            &serde_json::json!({
                "b": {"c": "deep"},
                "list": ["zero", "one"],
                "x.y": "dotted key",
                "t~": "tilde",
                "rows": [{"título": {"x": "a"}}, {"título": {"x": "b"}}],
            }),
        );
        assert_eq!(
            tera.render("x.html", &context).unwrap(),
            "deep|one|zero|deep|deep|dotted key|tilde|zeroone|no|a,b"
        );
    }

    #[test]
    fn escape_html_escapes_the_five_characters_and_keeps_the_rest() {
        assert_eq!(escape_html(""), "");
        assert_eq!(escape_html("Año 2025 / México"), "Año 2025 / México");
        assert_eq!(
            escape_html("<a href=\"x\">Tom & 'Ñ'</a>"),
            "&lt;a href=&quot;x&quot;&gt;Tom &amp; &#39;Ñ&#39;&lt;/a&gt;"
        );
        assert_eq!(escape_html("é&"), "é&amp;");
        assert_eq!(escape_html("&é"), "&amp;é");
    }

    proptest::proptest! {
        /// The memchr search gives what escaping character by character gives.
        #[test]
        fn escape_html_matches_escaping_each_character(text in "[a-zé&<>\"' ]{0,40}") {
            let each: String = text
                .chars()
                .map(|c| match c {
                    '&' => "&amp;".to_string(),
                    '<' => "&lt;".to_string(),
                    '>' => "&gt;".to_string(),
                    '"' => "&quot;".to_string(),
                    '\'' => "&#39;".to_string(),
                    c => c.to_string(),
                })
                .collect();
            proptest::prop_assert_eq!(escape_html(&text), each);
        }
    }
}
