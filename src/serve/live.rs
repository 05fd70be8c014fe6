//! Live reload for `serve`: the event stream, the script injected into every page, and the
//! banner listing a failed build's errors.

use std::convert::Infallible;
use std::path::Path;
use std::sync::Arc;

use axum::extract::State;
use axum::http::StatusCode;
use axum::response::sse::{Event as SseEvent, KeepAlive, Sse};
use axum::response::{IntoResponse, Response};
use tokio_stream::wrappers::BroadcastStream;
use tokio_stream::StreamExt;

use super::http::with_type;
use super::ServerState;
use crate::diagnostic::Report;
use crate::render::escape_html;

/// The path of the error banner's stylesheet (a file, so the pages' Content-Security-Policy holds).
pub use crate::layout::SERVE_BANNER_CSS as BANNER_CSS_PATH;
/// The path of the live-reload event stream.
pub use crate::layout::SERVE_EVENTS as EVENTS_PATH;
/// The path of the live-reload script injected into every served page.
pub use crate::layout::SERVE_SCRIPT as SCRIPT_PATH;

/// The style of what `serve` adds to pages: the error banner and the badge linking to the desk.
const BANNER_CSS: &str = "#puente-errors{font:16px/1.5 system-ui,sans-serif;background:#fff0f0;color:#5c0000;border:3px solid #a00;padding:1rem 1.5rem;margin:0}#puente-errors h2{margin:0 0 .5rem;font-size:1.2rem}#puente-errors a{color:#5c0000;font-weight:bold}\n#puente-desk-badge{position:fixed;right:.5rem;bottom:.5rem;z-index:2147483647;margin:0;font:14px/1.2 system-ui,sans-serif}#puente-desk-badge a{display:block;padding:.3rem .6rem;background:#1a1a1a;color:#fff;border-radius:4px;text-decoration:none}#puente-desk-badge a:hover,#puente-desk-badge a:focus{text-decoration:underline;outline:3px solid #ffbf47}\n";

/// The live-reload script: it listens to `EVENTS_PATH`.
fn live_js() -> String {
    format!("(function () {{\n  var source = new EventSource(\"{EVENTS_PATH}\");\n  source.addEventListener(\"reload\", function () {{ window.location.reload(); }});\n}})();\n")
}

pub(super) async fn events(State(state): State<Arc<ServerState>>) -> Response {
    let stream = BroadcastStream::new(state.reload.subscribe()).filter_map(|generation| {
        generation
            .ok()
            .map(|g| Ok::<_, Infallible>(SseEvent::default().event("reload").data(g.to_string())))
    });
    Sse::new(stream)
        .keep_alive(KeepAlive::default())
        .into_response()
}

pub(super) async fn script() -> Response {
    with_type(
        StatusCode::OK,
        "text/javascript; charset=utf-8",
        live_js().into_bytes(),
    )
}

pub(super) async fn banner_css() -> Response {
    with_type(
        StatusCode::OK,
        "text/css; charset=utf-8",
        BANNER_CSS.as_bytes().to_vec(),
    )
}

/// A served page: the errors of a failed build on top (with a link to the desk), the badge
/// linking to the desk and the live-reload script at the end. None of it is ever in `build`'s
/// output.
pub(super) fn decorate(page: &str, errors: Option<&Report>, root: &Path) -> String {
    let page = if page.is_empty() {
        "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Build failed</title></head><body></body></html>".to_string()
    } else {
        page.to_string()
    };
    let language = page_language(&page);
    let top = format!(
        "<link rel=\"stylesheet\" href=\"{BANNER_CSS_PATH}\">{}",
        errors
            .map(|report| error_banner(report, root, language))
            .unwrap_or_default()
    );
    let bottom = format!(
        "{}<script src=\"{SCRIPT_PATH}\"></script>",
        super::desk::badge(language)
    );
    let with_top = match page.find("<body>") {
        Some(at) => format!("{}{top}{}", &page[..at + 6], &page[at + 6..]),
        None => format!("{top}{page}"),
    };
    match with_top.rfind("</body>") {
        Some(at) => format!("{}{bottom}{}", &with_top[..at], &with_top[at..]),
        None => format!("{with_top}{bottom}"),
    }
}

/// The language of a page (`<html lang="es">`); empty when it says none.
fn page_language(page: &str) -> &str {
    let Some(at) = page.find("<html lang=\"") else {
        return "";
    };
    let rest = &page[at + 12..];
    rest.find('"').map_or("", |end| &rest[..end])
}

/// Every error of a failed build, as HTML, with the file, line and column of each, and a link to
/// the desk in the page's `language`.
pub fn error_banner(report: &Report, root: &Path, language: &str) -> String {
    let mut html = String::from("<section id=\"puente-errors\" role=\"alert\" lang=\"en\">");
    let n = report.0.len();
    html.push_str(&format!(
        "<h2>The last build failed: {n} error{}. This is the last good build; fix the files and it reloads.</h2>",
        if n == 1 { "" } else { "s" }
    ));
    html.push_str(&super::desk::banner_link(language));
    html.push_str("<ol>");
    for d in &report.0 {
        let position = match (d.line, d.column) {
            (Some(l), Some(c)) => format!("{}:{l}:{c}", d.file.display()),
            (Some(l), None) => format!("{}:{l}", d.file.display()),
            _ => d.file.display().to_string(),
        };
        html.push_str(&format!(
            "<li><code>{}</code>: {}",
            escape_html(&position),
            escape_html(&d.message)
        ));
        if let Some(hint) = &d.hint {
            html.push_str(&format!("<br><em>hint: {}</em>", escape_html(hint)));
        }
        html.push_str("</li>");
    }
    let _ = root;
    html.push_str("</ol></section>");
    html
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostic::Diagnostic;

    #[test]
    fn pages_get_the_script_the_badge_and_the_errors() {
        let report = Report(vec![Diagnostic::new(
            "content/events/x.toml",
            "unknown kind `<b>`",
        )
        .at(2, 8)]);
        let page = decorate(
            "<html lang=\"en\"><body><p>hi</p></body></html>",
            Some(&report),
            Path::new("."),
        );
        assert!(
            page.starts_with("<html lang=\"en\"><body><link rel=\"stylesheet\" href=\"/__puente/errors.css\"><section id=\"puente-errors\""),
            "{page}"
        );
        assert!(page.contains("content/events/x.toml:2:8"));
        assert!(page.contains("unknown kind `&lt;b&gt;`"));
        assert!(
            page.contains("<a href=\"/__puente/en/\">Open the editor&#39;s desk</a>"),
            "{page}"
        );
        assert!(page.ends_with("<aside id=\"puente-desk-badge\" aria-label=\"Puente\" lang=\"en\"><a href=\"/__puente/en/\">Editor&#39;s desk</a></aside><script src=\"/__puente/live.js\"></script></body></html>"), "{page}");
        let clean = decorate(
            "<html lang=\"es\"><body></body></html>",
            None,
            Path::new("."),
        );
        assert_eq!(
            clean,
            "<html lang=\"es\"><body><link rel=\"stylesheet\" href=\"/__puente/errors.css\"><aside id=\"puente-desk-badge\" aria-label=\"Puente\" lang=\"es\"><a href=\"/__puente/es/\">Mesa de edición</a></aside><script src=\"/__puente/live.js\"></script></body></html>"
        );
    }

    #[test]
    fn the_page_language_is_read_from_the_html_element() {
        assert_eq!(
            page_language("<!DOCTYPE html><html lang=\"es\"><head>"),
            "es"
        );
        assert_eq!(page_language("<html><body>"), "");
    }
}
