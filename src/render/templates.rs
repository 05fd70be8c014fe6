//! Loading the Tera templates: every syntax error reported with its line and column.

use std::path::Path;
use std::sync::Arc;

pub use super::template_checks::nesting_problem;
use super::template_checks::{
    check_references, nesting, references_of, source_nesting, MAX_NESTING,
};
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
    let mut references = Vec::new();
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
            Ok(text) if source_nesting(&text).is_some() => {
                problems.extend(nesting_problem(path, &name, &text));
            }
            Ok(text) => {
                match tera::Template::new(&name, None, &text) {
                    Ok(template) if nesting(&template) > MAX_NESTING => problems.push(
                        Diagnostic::new(
                            path,
                            format!(
                                "`{name}` nests tags and expressions more than {MAX_NESTING} deep"
                            ),
                        )
                        .hint("split a long expression with `set`, or the template into macros"),
                    ),
                    Ok(template) => references.push((name.clone(), references_of(&template))),
                    Err(e) => problems.push(template_diagnostic(path, &e)),
                }
                sources.push((name, text));
            }
            Err(d) => problems.push(d),
        }
    }
    if problems.is_empty() {
        problems = check_references(dir, &sources, &references);
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
    tera.register_function("range", BoundedRange);
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

/// The most numbers `range()` makes.
const MAX_RANGE: usize = 100_000;

/// Tera's `range(start=0, end, step_by=1)`, bounded: Tera's own made a list of every number
/// (`range(end=10000000000)` took all the memory there is) and panicked on `step_by=0`.
pub struct BoundedRange;

impl tera::Function for BoundedRange {
    fn call(
        &self,
        args: &std::collections::HashMap<String, tera::Value>,
    ) -> tera::Result<tera::Value> {
        let number = |name: &str, default: Option<usize>| match args.get(name) {
            Some(value) => value
                .as_u64()
                .and_then(|n| usize::try_from(n).ok())
                .ok_or_else(|| {
                    tera::Error::msg(format!(
                        "`range`: {name}={value} is not a whole number of 0 or more"
                    ))
                }),
            None => default
                .ok_or_else(|| tera::Error::msg(format!("`range` needs an argument `{name}`"))),
        };
        let start = number("start", Some(0))?;
        let end = number("end", None)?;
        let step = number("step_by", Some(1))?;
        if start > end {
            return Err(tera::Error::msg("`range`: start is greater than end"));
        }
        if step == 0 {
            return Err(tera::Error::msg("`range`: step_by must be 1 or more"));
        }
        let count = (end - start).div_ceil(step);
        if count > MAX_RANGE {
            return Err(tera::Error::msg(format!(
                "`range` would make {count} numbers, more than {MAX_RANGE}"
            )));
        }
        Ok(tera::Value::Array(
            (start..end).step_by(step).map(tera::Value::from).collect(),
        ))
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
    "data.html",
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

    /// Each shape nested past the limit is refused when the templates load (built and dropped
    /// without overflowing on a build's thread), and the same shape nested a little is not.
    #[test]
    fn deep_nesting_is_refused_before_rendering() {
        type Shape = (&'static str, fn(usize) -> String);
        let shapes: [Shape; 8] = [
            ("not", |n| format!("{{{{ {}true }}}}", "not ".repeat(n))),
            ("filters", |n| {
                format!("{{{{ x{} }}}}", " | upper".repeat(n))
            }),
            ("sum", |n| format!("{{{{ {} }}}}", vec!["1"; n].join(" + "))),
            ("and", |n| {
                format!("{{{{ {} }}}}", vec!["true"; n].join(" and "))
            }),
            ("parentheses", |n| {
                format!("{{{{ {}1{} }}}}", "(".repeat(n), ")".repeat(n))
            }),
            ("arrays", |n| {
                format!("{{{{ {}1{} }}}}", "[".repeat(n), "]".repeat(n))
            }),
            ("ifs", |n| {
                format!("{}x{}", "{% if true %}".repeat(n), "{% endif %}".repeat(n))
            }),
            ("fors", |n| {
                format!(
                    "{}x{}",
                    "{% for i in [1] %}".repeat(n),
                    "{% endfor %}".repeat(n)
                )
            }),
        ];
        for (what, make) in shapes {
            let deep = make(50_000);
            let shallow = make(if what == "not" { 1 } else { 20 });
            crate::pipeline::with_deep_stacks(|| {
                let deep = match source_nesting(&deep) {
                    Some(_) => return,
                    None => tera::Template::new("t.html", None, &deep),
                };
                // Refused by the parser, or by `nesting`, or else it must render (a flat list:
                // `x | upper | upper …` applies its filters in a loop).
                if let Ok(t) = deep {
                    if nesting(&t) <= MAX_NESTING {
                        let mut tera = tera::Tera::default();
                        tera.add_raw_template("t.html", &make(50_000)).unwrap();
                        let mut context = tera::Context::new();
                        context.insert("x", "a");
                        assert!(tera.render("t.html", &context).is_ok(), "{what}");
                    }
                }
                assert_eq!(source_nesting(&shallow), None, "{what}");
                let shallow = tera::Template::new("t.html", None, &shallow).unwrap();
                assert!(nesting(&shallow) <= MAX_NESTING, "{what}");
            });
        }
    }

    fn problems_of(templates: &[(&str, &str)]) -> Vec<String> {
        let sources: Vec<(String, String)> = templates
            .iter()
            .map(|(n, t)| (n.to_string(), t.to_string()))
            .collect();
        let references: Vec<_> = sources
            .iter()
            .map(|(n, t)| {
                let template = tera::Template::new(n, None, t).unwrap();
                (n.clone(), references_of(&template))
            })
            .collect();
        check_references(Path::new("templates"), &sources, &references)
            .iter()
            .map(|d| d.to_string())
            .collect()
    }

    #[test]
    fn every_cycle_is_found_once_and_named() {
        let problems = problems_of(&[
            ("a.html", "{% extends \"b.html\" %}"),
            ("b.html", "{% extends \"a.html\" %}"),
            ("c.html", "{% macro m() %}{% include \"d.html\" %}{% endmacro m %}"),
            ("d.html", "{% import \"e.html\" as e %}"),
            ("e.html", "{% block x %}{% include [\"nope.html\", \"c.html\"] ignore missing %}{% endblock x %}"),
            ("f.html", "{% filter upper %}{% include \"f.html\" %}{% endfilter %}"),
            ("g.html", "{% include \"a.html\" %}{% include \"c.html\" %}"),
            ("h.html", "{% import \"gone.html\" as g %}{% include \"nope.html\" ignore missing %}"),
        ]);
        assert_eq!(problems.len(), 4, "{problems:#?}");
        let all = problems.join("\n");
        assert!(
            all.contains("`a.html` extends `b.html`, which extends `a.html`"),
            "{all}"
        );
        assert!(
            all.contains(
                "`c.html` includes `d.html`, which imports `e.html`, which includes `c.html`"
            ),
            "{all}"
        );
        assert!(all.contains("`f.html` includes itself"), "{all}");
        assert!(
            all.contains("`h.html` imports `gone.html`, which is not in templates/"),
            "{all}"
        );
        assert!(
            !all.contains("nope.html"),
            "`ignore missing` may name a missing template"
        );
        let acyclic = problems_of(&[
            ("base.html", "{% import \"m.html\" as m %}{% block b %}{% endblock b %}"),
            ("m.html", "{% macro x(n) %}{% if n %}{{ self::x(n=n-1) }}{% endif %}{% endmacro x %}"),
            ("page.html", "{% extends \"base.html\" %}{% block b %}{% include \"part.html\" %}{% endblock b %}"),
            ("part.html", "{% import \"m.html\" as m %}{{ m::x(n=3) }}"),
        ]);
        assert_eq!(acyclic, Vec::<String>::new());
    }

    #[test]
    fn range_is_tera_s_and_bounded() {
        use tera::Function;
        let call = |pairs: &[(&str, i64)]| {
            let args = pairs
                .iter()
                .map(|(k, v)| (k.to_string(), tera::Value::from(*v)))
                .collect();
            BoundedRange.call(&args)
        };
        assert_eq!(call(&[("end", 3)]).unwrap(), serde_json::json!([0, 1, 2]));
        assert_eq!(
            call(&[("start", 1), ("end", 8), ("step_by", 3)]).unwrap(),
            serde_json::json!([1, 4, 7])
        );
        assert_eq!(
            call(&[("start", 2), ("end", 2)]).unwrap(),
            serde_json::json!([])
        );
        assert!(call(&[("end", 5), ("step_by", 0)]).is_err());
        assert!(call(&[("end", 10_000_000_000)]).is_err());
        assert!(call(&[("start", 5), ("end", 1)]).is_err());
        assert!(call(&[("end", -1)]).is_err());
        assert!(call(&[]).is_err());
    }

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
