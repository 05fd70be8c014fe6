//! The desk's HTML: every section of what needs attention, in the desk's language, with the
//! word diff of each stale translation's original and its "mark as reviewed" form.

use std::fmt::Write as _;

use fluent_bundle::FluentValue;

use super::strings::{Strings, LANGUAGES};
use super::Notice;
use crate::check::{Attention, Draft, Place, Reviewed, Topic, TranslationReview};
use crate::diagnostic::{Diagnostic, Report, Severity};
use crate::diff::Kind;
use crate::render::escape_html as esc;
use crate::review::{Change, Field};

/// What one rendering of the desk shows.
pub struct View<'a> {
    /// The desk's strings, in the language asked for.
    pub strings: &'a Strings,
    /// What needs attention.
    pub attention: &'a Attention,
    /// The errors of serve's last build, when it failed.
    pub build_errors: Option<&'a Report>,
    /// The session's token, posted back with "mark as reviewed".
    pub token: &'a str,
    /// The outcome of the last "mark as reviewed", if any.
    pub notice: Option<&'a Notice>,
}

/// The desk's path in `language`.
pub fn desk_path(language: &str) -> String {
    format!("/{}/{language}/", crate::layout::SERVE_FOLDER)
}

/// The whole page.
pub fn render(view: &View) -> String {
    let s = view.strings;
    let other = LANGUAGES
        .into_iter()
        .find(|l| *l != s.language)
        .unwrap_or(LANGUAGES[0]);
    let mut html = format!(
        "<!DOCTYPE html>\n<html lang=\"{lang}\">\n<head>\n<meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>{title} — Puente</title>\n<link rel=\"stylesheet\" href=\"{css}\">\n</head>\n<body>\n<header>\n<p class=\"language\"><a href=\"{other_path}\" lang=\"{other}\" hreflang=\"{other}\">{other_name}</a></p>\n<h1>{title}</h1>\n<p>{intro}</p>\n</header>\n<main>\n",
        lang = s.language,
        title = esc(&s.get("desk-title")),
        css = super::CSS_PATH,
        other_path = desk_path(other),
        other_name = esc(&s.get("desk-other-language")),
        intro = esc(&s.get("desk-intro")),
    );
    notice(&mut html, s, view.notice);
    build(&mut html, s, view.build_errors);
    let a = view.attention;
    section(&mut html, s, "drafts", a.drafts.len(), |h| {
        a.drafts.iter().for_each(|d| draft(h, s, d))
    });
    section(&mut html, s, "todos", a.placeholders.len(), |h| {
        a.placeholders.iter().for_each(|p| {
            let _ = write!(h, "<li>{} {}</li>", place(p), esc(&s.get("desk-todo-at")));
        })
    });
    translations(&mut html, view);
    advisory(&mut html, s, a);
    for (id, topic) in [("links", Topic::Link), ("unused", Topic::UnusedMessage)] {
        problems(&mut html, s, id, a.findings.about(topic).collect());
    }
    let shown_elsewhere = [
        Topic::Link,
        Topic::UnusedMessage,
        Topic::Translation,
        Topic::Advisory,
    ];
    let others = a
        .findings
        .problems
        .iter()
        .zip(&a.findings.topics)
        .filter(|(_, t)| !shown_elsewhere.contains(t))
        .map(|(d, _)| d)
        // What the last build already says is not said twice.
        .filter(|d| !view.build_errors.is_some_and(|r| r.0.contains(d)))
        .collect();
    problems(&mut html, s, "other", others);
    let _ = write!(
        html,
        "</main>\n<script src=\"{}\"></script>\n</body>\n</html>\n",
        crate::layout::SERVE_SCRIPT
    );
    html
}

/// A section titled `desk-<id>` with its count, holding a list that `items` fills (or "nothing").
fn section(
    html: &mut String,
    s: &Strings,
    id: &str,
    count: usize,
    items: impl FnOnce(&mut String),
) {
    let _ = write!(
        html,
        "<section aria-labelledby=\"desk-{id}\" id=\"{id}\">\n<h2 id=\"desk-{id}\">{} <span class=\"count\">({count})</span></h2>\n",
        esc(&s.get(&format!("desk-{id}")))
    );
    if count == 0 {
        para(html, "nothing", &s.get("desk-nothing"));
    } else {
        html.push_str("<ul>\n");
        items(html);
        html.push_str("</ul>\n");
    }
    html.push_str("</section>\n");
}

/// A paragraph of `class` saying `text`.
fn para(html: &mut String, class: &str, text: &str) {
    let _ = writeln!(html, "<p class=\"{class}\">{}</p>", esc(text));
}

/// `file:line:column` as code.
fn place(p: &Place) -> String {
    let mut at = p.file.display().to_string();
    for n in [p.line, p.column].into_iter().map_while(|n| n) {
        let _ = write!(at, ":{n}");
    }
    format!("<code>{}</code>", esc(&at))
}

/// One problem: place, severity, message (in English, as the command line says it) and hint.
fn problem(html: &mut String, s: &Strings, d: &Diagnostic) {
    let at = place(&Place {
        file: d.file.clone(),
        line: d.line,
        column: d.column,
    });
    let severity = match d.severity {
        Severity::Error => s.get("desk-error"),
        Severity::Warning => s.get("desk-warning"),
    };
    let _ = write!(
        html,
        "<li class=\"{}\">{at} <strong>{}</strong>: <span lang=\"en\">{}</span>",
        d.severity.name(),
        esc(&severity),
        esc(&d.message)
    );
    if let Some(hint) = &d.hint {
        let _ = write!(
            html,
            "<br>{} <span lang=\"en\">{}</span>",
            esc(&s.get("desk-hint")),
            esc(hint)
        );
    }
    html.push_str("</li>\n");
}

fn problems(html: &mut String, s: &Strings, id: &str, list: Vec<&Diagnostic>) {
    section(html, s, id, list.len(), |h| {
        list.iter().for_each(|d| problem(h, s, d))
    });
}

fn notice(html: &mut String, s: &Strings, notice: Option<&Notice>) {
    let Some(notice) = notice else {
        return;
    };
    html.push_str("<div class=\"notice\" role=\"status\">");
    match notice {
        Notice::Done(files) if files.is_empty() => {
            let _ = write!(html, "<p>{}</p>", esc(&s.get("desk-done-nothing")));
        }
        Notice::Done(files) => {
            let names: Vec<String> = files.iter().map(|f| f.display().to_string()).collect();
            let text = s.with("desk-done", &[("files", names.join(", ").into())]);
            let _ = write!(html, "<p>{}</p>", esc(&text));
        }
        Notice::Failed(report) => {
            let _ = write!(html, "<p>{}</p><ul>", esc(&s.get("desk-failed")));
            report.0.iter().for_each(|d| problem(html, s, d));
            html.push_str("</ul>");
        }
    }
    html.push_str("</div>\n");
}

fn build(html: &mut String, s: &Strings, errors: Option<&Report>) {
    let count = errors.map_or(0, |r| r.0.len());
    let _ = write!(
        html,
        "<section aria-labelledby=\"desk-build\" id=\"build\">\n<h2 id=\"desk-build\">{} <span class=\"count\">({count})</span></h2>\n",
        esc(&s.get("desk-build"))
    );
    match errors {
        None => {
            para(html, "nothing", &s.get("desk-build-ok"));
        }
        Some(report) => {
            let n = FluentValue::from(report.0.len());
            let _ = write!(
                html,
                "<p>{}</p>\n<ul>\n",
                esc(&s.with("desk-build-failed", &[("count", n)]))
            );
            report.0.iter().for_each(|d| problem(html, s, d));
            html.push_str("</ul>\n");
        }
    }
    html.push_str("</section>\n");
}

fn draft(html: &mut String, s: &Strings, d: &Draft) {
    let _ = write!(
        html,
        "<li>{} <span lang=\"en\">{}</span>",
        place(&d.place),
        esc(&d.what)
    );
    for p in &d.previews {
        let label = s.with("desk-preview", &[("language", p.language.clone().into())]);
        let _ = write!(html, " · <a href=\"{}\">{}</a>", esc(&p.path), esc(&label));
    }
    html.push_str("</li>\n");
}

fn advisory(html: &mut String, s: &Strings, a: &Attention) {
    let count = a.advisory.as_ref().map_or(0, |r| usize::from(r.overdue));
    let _ = write!(
        html,
        "<section aria-labelledby=\"desk-advisory\" id=\"advisory\">\n<h2 id=\"desk-advisory\">{} <span class=\"count\">({count})</span></h2>\n",
        esc(&s.get("desk-advisory"))
    );
    let text = match &a.advisory {
        None => s.get("desk-advisory-none"),
        Some(r) => {
            let args = [
                ("date", FluentValue::from(r.date.clone())),
                ("age", FluentValue::from(r.age_days)),
                ("due", FluentValue::from(r.due.clone())),
                ("days", FluentValue::from(r.review_days)),
            ];
            let id = if r.overdue {
                "desk-advisory-overdue"
            } else {
                "desk-advisory-ok"
            };
            let file = place(&Place {
                file: r.file.clone(),
                line: None,
                column: None,
            });
            format!("{file} {}", esc(&s.with(id, &args)))
        }
    };
    let class = if count > 0 { "overdue" } else { "nothing" };
    let _ = write!(html, "<p class=\"{class}\">{text}</p>\n</section>\n");
}

fn translations(html: &mut String, view: &View) {
    let s = view.strings;
    let list = &view.attention.translations;
    let _ = write!(
        html,
        "<section aria-labelledby=\"desk-translations\" id=\"translations\">\n<h2 id=\"desk-translations\">{} <span class=\"count\">({})</span></h2>\n",
        esc(&s.get("desk-translations")),
        list.len()
    );
    if list.is_empty() {
        para(html, "nothing", &s.get("desk-nothing"));
    }
    for t in list {
        translation(html, view, t);
    }
    html.push_str("</section>\n");
}

/// An HTML id for the translation `id` (`events/x.en` gives `review-events-x-en`).
fn anchor(id: &str) -> String {
    let safe: String = id
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '-' {
                c
            } else {
                '-'
            }
        })
        .collect();
    format!("review-{safe}")
}

fn translation(html: &mut String, view: &View, t: &TranslationReview) {
    let s = view.strings;
    let anchor = anchor(&t.id);
    let into = s.with(
        "desk-translation-into",
        &[("language", t.language.clone().into())],
    );
    // The item's own title, in its language; an advisory has none and is named in English.
    let (name, name_language) = if t.title.is_empty() {
        (t.what.as_str(), "en")
    } else {
        (t.title.as_str(), t.source_language.as_str())
    };
    let heading = format!(
        "<span lang=\"{}\">{}</span> — {}",
        esc(name_language),
        esc(name),
        esc(&into)
    );
    let state = match t.state {
        crate::check::ReviewState::NeverReviewed => s.get("desk-never-reviewed"),
        _ => s.get("desk-stale"),
    };
    let file = place(&t.place);
    let _ = write!(
        html,
        "<article class=\"review\" id=\"{anchor}\" aria-labelledby=\"{anchor}-title\">\n<h3 id=\"{anchor}-title\">{heading}</h3>\n<p>{file} {}</p>\n",
        esc(&state)
    );
    match &t.reviewed {
        Reviewed::Changes { fields } => changes(html, s, &t.source_language, fields),
        Reviewed::Nothing => {
            para(html, "no-kept", &s.get("desk-no-kept"));
        }
        Reviewed::OtherReview => {
            para(html, "no-kept", &s.get("desk-other-review"));
        }
        Reviewed::Unreadable { problem } => {
            let text = s.with("desk-unreadable", &[("problem", problem.clone().into())]);
            para(html, "no-kept", &text);
        }
    }
    texts(html, s, t);
    let _ = write!(
        html,
        "<form method=\"post\" action=\"{action}\">\n<input type=\"hidden\" name=\"token\" value=\"{token}\">\n<input type=\"hidden\" name=\"item\" value=\"{item}\">\n<input type=\"hidden\" name=\"lang\" value=\"{lang}\">\n<button type=\"submit\" aria-describedby=\"{anchor}-title\">{label}</button>\n</form>\n</article>\n",
        action = super::REVIEW_PATH,
        token = esc(view.token),
        item = esc(&t.id),
        lang = s.language,
        label = esc(&s.get("desk-mark")),
    );
}

/// The word diff of every text of the original that changed since the review.
fn changes(html: &mut String, s: &Strings, language: &str, fields: &[Change]) {
    let _ = write!(
        html,
        "<h4>{}</h4>\n<dl class=\"changes\">\n",
        esc(&s.get("desk-changes"))
    );
    for change in fields {
        let name = s.with("desk-field", &[("name", change.name.clone().into())]);
        let _ = write!(
            html,
            "<dt>{}</dt>\n<dd class=\"diff text\" lang=\"{}\">",
            esc(&name),
            esc(language)
        );
        for piece in &change.pieces {
            let (tag, label) = match piece.kind {
                Kind::Same => {
                    html.push_str(&esc(&piece.text));
                    continue;
                }
                Kind::Removed => ("del", s.get("desk-removed")),
                Kind::Added => ("ins", s.get("desk-added")),
            };
            let _ = write!(
                html,
                "<{tag}><span class=\"visually-hidden\" lang=\"{}\">[{} </span>{}<span class=\"visually-hidden\" lang=\"{0}\"> {}]</span></{tag}>",
                s.language,
                esc(&label),
                esc(&piece.text),
                esc(&s.get("desk-end-change")),
            );
        }
        html.push_str("</dd>\n");
    }
    html.push_str("</dl>\n");
}

/// The original now and the translation, text by text.
fn texts(html: &mut String, s: &Strings, t: &TranslationReview) {
    let _ = write!(
        html,
        "<details open>\n<summary>{}</summary>\n<table>\n<thead><tr><th scope=\"col\"></th><th scope=\"col\">{} ({})</th><th scope=\"col\">{} ({})</th></tr></thead>\n<tbody>\n",
        esc(&s.get("desk-texts")),
        esc(&s.get("desk-source-now")),
        esc(&t.source_language),
        esc(&s.get("desk-translation")),
        esc(&t.language),
    );
    let empty = s.get("desk-empty-text");
    let cell = |field: Option<&Field>, language: &str| match field.filter(|f| !f.text.is_empty()) {
        Some(f) => format!(
            "<td class=\"text\" lang=\"{}\">{}</td>",
            esc(language),
            esc(&f.text)
        ),
        None => format!("<td class=\"empty\">{}</td>", esc(&empty)),
    };
    for field in &t.source {
        let name = s.with("desk-field", &[("name", field.name.clone().into())]);
        let translated = t.translation.iter().find(|f| f.name == field.name);
        let _ = writeln!(
            html,
            "<tr><th scope=\"row\">{}</th>{}{}</tr>",
            esc(&name),
            cell(Some(field), &t.source_language),
            cell(translated, &t.language)
        );
    }
    html.push_str("</tbody>\n</table>\n</details>\n");
}
