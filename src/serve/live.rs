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

const BANNER_CSS: &str = "#puente-errors{font:16px/1.5 system-ui,sans-serif;background:#fff0f0;color:#5c0000;border:3px solid #a00;padding:1rem 1.5rem;margin:0}#puente-errors h2{margin:0 0 .5rem;font-size:1.2rem}\n";

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

/// A served page: the live-reload script, and the errors of a failed build on top.
pub(super) fn decorate(page: &str, errors: Option<&Report>, root: &Path) -> String {
    let script = format!("<script src=\"{SCRIPT_PATH}\"></script>");
    let banner = errors
        .map(|report| error_banner(report, root))
        .unwrap_or_default();
    let page = if page.is_empty() {
        "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Build failed</title></head><body></body></html>".to_string()
    } else {
        page.to_string()
    };
    let with_banner = match page.find("<body>") {
        Some(at) => format!("{}{banner}{}", &page[..at + 6], &page[at + 6..]),
        None => format!("{banner}{page}"),
    };
    match with_banner.rfind("</body>") {
        Some(at) => format!("{}{script}{}", &with_banner[..at], &with_banner[at..]),
        None => format!("{with_banner}{script}"),
    }
}

/// Every error of a failed build, as HTML, with the file, line and column of each.
pub fn error_banner(report: &Report, root: &Path) -> String {
    let mut html = format!("<link rel=\"stylesheet\" href=\"{BANNER_CSS_PATH}\"><section id=\"puente-errors\" role=\"alert\">");
    let n = report.0.len();
    html.push_str(&format!(
        "<h2>The last build failed: {n} error{}. This is the last good build; fix the files and it reloads.</h2><ol>",
        if n == 1 { "" } else { "s" }
    ));
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
    fn pages_get_the_script_and_the_errors() {
        let report = Report(vec![Diagnostic::new(
            "content/events/x.toml",
            "unknown kind `<b>`",
        )
        .at(2, 8)]);
        let page = decorate(
            "<html><body><p>hi</p></body></html>",
            Some(&report),
            Path::new("."),
        );
        assert!(
            page.starts_with("<html><body><link rel=\"stylesheet\" href=\"/__puente/errors.css\"><section id=\"puente-errors\""),
            "{page}"
        );
        assert!(page.contains("content/events/x.toml:2:8"));
        assert!(page.contains("unknown kind `&lt;b&gt;`"));
        assert!(page.ends_with("<script src=\"/__puente/live.js\"></script></body></html>"));
        let clean = decorate("<html><body></body></html>", None, Path::new("."));
        assert_eq!(
            clean,
            "<html><body><script src=\"/__puente/live.js\"></script></body></html>"
        );
    }
}
