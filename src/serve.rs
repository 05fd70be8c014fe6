//! `puente serve`: builds the site with drafts in memory, serves it on 127.0.0.1,
//! rebuilds when a source file changes and tells open pages to reload (server-sent events).
//!
//! While the last build failed, every page is the last good one with the errors shown on top, so
//! the editor sees what to fix and can keep reading; fixing the file brings the site back.

use std::convert::Infallible;
use std::net::{IpAddr, SocketAddr};
use std::path::{Component, Path, PathBuf};
use std::sync::{Arc, RwLock};
use std::time::Duration;

use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::{header, HeaderMap, HeaderValue, Method, StatusCode};
use axum::response::sse::{Event as SseEvent, KeepAlive, Sse};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;
use tokio::sync::broadcast;
use tokio_stream::wrappers::BroadcastStream;
use tokio_stream::StreamExt;

use crate::diagnostic::{Diagnostic, Report};
use crate::output::SiteFiles;
use crate::pipeline::{Options, Session, Summary};
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

/// The sources `serve` watches, relative to the project: every input of a build.
const WATCHED: [&str; 6] = crate::layout::INPUTS;

/// Where and what to serve.
#[derive(Debug, Clone)]
pub struct ServeOptions {
    /// The project folder.
    pub root: PathBuf,
    /// The address to listen on (127.0.0.1 unless told otherwise).
    pub bind: IpAddr,
    /// The port; 0 picks a free one.
    pub port: u16,
}

/// What the server knows of the latest build.
struct Status {
    /// The errors of the latest build, when it failed.
    errors: Option<Report>,
    /// Counts builds, so a reload signal is unique.
    generation: u64,
}

struct ServerState {
    /// The last good build.
    site: RwLock<Arc<SiteFiles>>,
    root: PathBuf,
    status: RwLock<Status>,
    reload: broadcast::Sender<u64>,
    hosts: Vec<String>,
}

/// Told the outcome of every build the server makes.
pub type BuildListener = Arc<dyn Fn(&Result<Summary, Report>) + Send + Sync>;

/// Serves the project until interrupted; `ready` is called with the address once it listens, and
/// `on_build` after every build.
pub fn serve(
    options: ServeOptions,
    ready: impl FnOnce(SocketAddr, &str),
    on_build: BuildListener,
) -> Result<(), Report> {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .map_err(|e| {
            Report::from(Diagnostic::new(
                "serve",
                format!("cannot start the server: {e}"),
            ))
        })?;
    runtime.block_on(run(options, ready, on_build))
}

async fn run(
    options: ServeOptions,
    ready: impl FnOnce(SocketAddr, &str),
    on_build: BuildListener,
) -> Result<(), Report> {
    let listener = tokio::net::TcpListener::bind((options.bind, options.port))
        .await
        .map_err(|e| {
            Report::from(
                Diagnostic::new(
                    "serve",
                    format!("cannot listen on {}:{}: {e}", options.bind, options.port),
                )
                .hint("choose another --port"),
            )
        })?;
    let address = listener
        .local_addr()
        .map_err(|e| Report::from(Diagnostic::new("serve", e.to_string())))?;
    let base_url = format!("http://{address}/");
    let build_options = Options {
        output: None,
        drafts: true,
        base_url: Some(base_url.clone()),
        progress: None,
        in_memory: true,
    };
    let mut session = Session::new(&options.root, build_options);
    let first = build_guarded(&mut session);
    on_build(&first);
    let (reload, _) = broadcast::channel(16);
    let state = Arc::new(ServerState {
        site: RwLock::new(session.site()),
        root: options.root.clone(),
        status: RwLock::new(Status {
            errors: first.err(),
            generation: 1,
        }),
        reload,
        hosts: allowed_hosts(address),
    });
    let _watcher = watch(&options.root, session, state.clone(), on_build)?;
    let app = Router::new()
        .route(EVENTS_PATH, get(events))
        .route(SCRIPT_PATH, get(script))
        .route(BANNER_CSS_PATH, get(banner_css))
        .fallback(file)
        .layer(axum::middleware::from_fn_with_state(state.clone(), guard))
        .with_state(state.clone());
    ready(address, &base_url);
    axum::serve(listener, app)
        .with_graceful_shutdown(async {
            let _ = tokio::signal::ctrl_c().await;
        })
        .await
        .map_err(|e| Report::from(Diagnostic::new("serve", e.to_string())))?;
    Ok(())
}

/// Host names a request may carry (anything else is refused: DNS rebinding).
fn allowed_hosts(address: SocketAddr) -> Vec<String> {
    let port = address.port();
    let mut hosts = vec![
        format!("localhost:{port}"),
        format!("127.0.0.1:{port}"),
        format!("[::1]:{port}"),
    ];
    hosts.push(match address.ip() {
        IpAddr::V4(ip) => format!("{ip}:{port}"),
        IpAddr::V6(ip) => format!("[{ip}]:{port}"),
    });
    hosts
}

/// Watches the sources; each burst of changes triggers one rebuild and a reload signal.
fn watch(
    root: &Path,
    mut session: Session,
    state: Arc<ServerState>,
    on_build: BuildListener,
) -> Result<notify::RecommendedWatcher, Report> {
    use notify::{RecursiveMode, Watcher};
    let (tx, rx) = std::sync::mpsc::channel();
    let mut watcher = notify::recommended_watcher(tx)
        .map_err(|e| Report::from(Diagnostic::new("serve", format!("cannot watch files: {e}"))))?;
    for watched in WATCHED {
        let path = root.join(watched);
        if path.exists() {
            watcher
                .watch(&path, RecursiveMode::Recursive)
                .map_err(|e| Report::from(Diagnostic::new(&path, format!("cannot watch: {e}"))))?;
        }
    }
    std::thread::spawn(move || {
        while let Ok(event) = rx.recv() {
            if !is_change(&event) {
                continue;
            }
            // Let a burst of saves settle into one rebuild (but never wait long: a file written
            // without pause must not hold the rebuild back).
            let latest = std::time::Instant::now() + MAX_SETTLE;
            while std::time::Instant::now() < latest {
                match rx.recv_timeout(SETTLE) {
                    Ok(_) => continue,
                    Err(std::sync::mpsc::RecvTimeoutError::Timeout) => break,
                    Err(std::sync::mpsc::RecvTimeoutError::Disconnected) => return,
                }
            }
            let result = build_guarded(&mut session);
            on_build(&result);
            if result.is_ok() {
                *state.site.write().unwrap_or_else(|e| e.into_inner()) = session.site();
            }
            let mut status = state.status.write().unwrap_or_else(|e| e.into_inner());
            status.generation += 1;
            status.errors = result.err();
            let _ = state.reload.send(status.generation);
        }
    });
    Ok(watcher)
}

/// Builds, turning a panic into an error (shown on every page like any other) and starting the
/// session afresh, since a build that panicked may have left its caches half updated. Whatever
/// goes wrong in a build, the server keeps serving the last good one.
fn build_guarded(session: &mut Session) -> Result<Summary, Report> {
    guarded(session, Session::rebuild)
}

fn guarded(
    session: &mut Session,
    build: impl FnOnce(&mut Session) -> Result<Summary, Report>,
) -> Result<Summary, Report> {
    match std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| build(session))) {
        Ok(result) => result,
        Err(panic) => {
            *session = session.fresh();
            let what = panic
                .downcast_ref::<&str>()
                .map(|s| s.to_string())
                .or_else(|| panic.downcast_ref::<String>().cloned())
                .unwrap_or_else(|| "no message".to_string());
            Err(Report::from(
                Diagnostic::new("puente", format!("the build crashed (a bug in Puente): {what}"))
                    .hint("the last good build is still served; the file saved last is the likely cause: undo the change, and please report it"),
            ))
        }
    }
}

/// How long the sources must be quiet before a rebuild starts.
const SETTLE: Duration = Duration::from_millis(60);

/// The longest a rebuild waits for the sources to be quiet.
const MAX_SETTLE: Duration = Duration::from_millis(500);

/// True for an event that may change a source: anything but a file being opened, read or
/// closed after reading (the build's own reads, or an editor's, must not start another build).
/// A watcher error counts as a change, so that nothing is missed.
fn is_change(event: &notify::Result<notify::Event>) -> bool {
    use notify::event::{AccessKind, AccessMode, EventKind};
    match event {
        Ok(event) => match event.kind {
            EventKind::Access(AccessKind::Close(AccessMode::Write)) => true,
            EventKind::Access(_) => false,
            _ => true,
        },
        Err(_) => true,
    }
}

async fn events(State(state): State<Arc<ServerState>>) -> Response {
    let stream = BroadcastStream::new(state.reload.subscribe()).filter_map(|generation| {
        generation
            .ok()
            .map(|g| Ok::<_, Infallible>(SseEvent::default().event("reload").data(g.to_string())))
    });
    Sse::new(stream)
        .keep_alive(KeepAlive::default())
        .into_response()
}

async fn script() -> Response {
    with_type(
        StatusCode::OK,
        "text/javascript; charset=utf-8",
        live_js().into_bytes(),
    )
}

async fn banner_css() -> Response {
    with_type(
        StatusCode::OK,
        "text/css; charset=utf-8",
        BANNER_CSS.as_bytes().to_vec(),
    )
}

/// Every request passes here first: it must be a GET or a HEAD (405 otherwise: the preview
/// has nothing to post to), carry exactly one `Host`, naming this machine, and
/// a request target in absolute form (`GET http://host/path`) must name the same host over
/// `http` (the target's host is the one a proxy or a browser's cache would go by).
async fn guard(
    State(state): State<Arc<ServerState>>,
    request: Request,
    next: axum::middleware::Next,
) -> Response {
    if !matches!(*request.method(), Method::GET | Method::HEAD) {
        let mut response = with_type(
            StatusCode::METHOD_NOT_ALLOWED,
            "text/plain; charset=utf-8",
            b"Only GET and HEAD.\n".to_vec(),
        );
        response
            .headers_mut()
            .insert(header::ALLOW, HeaderValue::from_static("GET, HEAD"));
        return response;
    }
    match check_host(&state.hosts, request.headers(), request.uri()) {
        Ok(()) => next.run(request).await,
        Err(refusal) => refusal.response(),
    }
}

/// Refuses (400) a request without exactly one `Host`, or whose absolute-form target names
/// another host or scheme; refuses (403) one whose `Host` is not this machine (DNS rebinding).
fn check_host(hosts: &[String], headers: &HeaderMap, uri: &axum::http::Uri) -> Result<(), Refusal> {
    let mut values = headers.get_all(header::HOST).iter();
    let (Some(host), None) = (values.next(), values.next()) else {
        return Err(Refusal::BadRequest(
            "A request needs exactly one Host header.\n",
        ));
    };
    let host = host
        .to_str()
        .map_err(|_| Refusal::BadRequest("Bad Host header.\n"))?;
    if let Some(authority) = uri.authority() {
        let scheme_ok = uri
            .scheme_str()
            .is_some_and(|s| s.eq_ignore_ascii_case("http"));
        if !scheme_ok || !authority.as_str().eq_ignore_ascii_case(host) {
            return Err(Refusal::BadRequest(
                "The request target names another host than the Host header.\n",
            ));
        }
    }
    if hosts
        .iter()
        .any(|allowed| allowed.eq_ignore_ascii_case(host))
    {
        Ok(())
    } else {
        Err(Refusal::ForeignHost)
    }
}

/// Why a request is refused.
#[derive(Debug, PartialEq, Eq)]
enum Refusal {
    /// 400, with the reason.
    BadRequest(&'static str),
    /// 403: a `Host` that is not this machine.
    ForeignHost,
}

impl Refusal {
    fn response(self) -> Response {
        match self {
            Refusal::BadRequest(message) => bad_request(message),
            Refusal::ForeignHost => forbidden(),
        }
    }
}

fn bad_request(message: &'static str) -> Response {
    with_type(
        StatusCode::BAD_REQUEST,
        "text/plain; charset=utf-8",
        message.as_bytes().to_vec(),
    )
}

fn forbidden() -> Response {
    with_type(
        StatusCode::FORBIDDEN,
        "text/plain; charset=utf-8",
        b"This server only answers requests for localhost.\n".to_vec(),
    )
}

fn with_type(status: StatusCode, content_type: &'static str, body: Vec<u8>) -> Response {
    let mut response = Response::new(Body::from(body));
    *response.status_mut() = status;
    let headers = response.headers_mut();
    headers.insert(header::CONTENT_TYPE, HeaderValue::from_static(content_type));
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    headers.insert(
        "x-content-type-options",
        HeaderValue::from_static("nosniff"),
    );
    response
}

/// Serves a file of the built site, the site's 404 page, or refuses a path that could escape it.
async fn file(State(state): State<Arc<ServerState>>, request: Request) -> Response {
    let Some(relative) = safe_path(request.uri().path()) else {
        return bad_request("Bad path.\n");
    };
    let site = state.site.read().unwrap_or_else(|e| e.into_inner()).clone();
    let parts: Vec<_> = relative.iter().map(|c| c.to_string_lossy()).collect();
    let key = parts.join("/");
    let index = if key.is_empty() {
        "index.html".to_string()
    } else {
        format!("{key}/index.html")
    };
    let (status, name, bytes) = match (site.get(key.as_str()), site.get(index.as_str())) {
        (Some(bytes), _) => (StatusCode::OK, key, bytes.to_vec()),
        (None, Some(_)) if !request.uri().path().ends_with('/') => {
            // A folder asked for without its slash: the page's relative links need it.
            let mut response = with_type(
                StatusCode::MOVED_PERMANENTLY,
                "text/plain; charset=utf-8",
                Vec::new(),
            );
            let location = format!("{}/", request.uri().path());
            if let Ok(value) = HeaderValue::from_str(&location) {
                response.headers_mut().insert(header::LOCATION, value);
            }
            return response;
        }
        (None, Some(bytes)) => (StatusCode::OK, index, bytes.to_vec()),
        (None, None) => {
            let page = site.get("404.html").map(|b| b.to_vec()).unwrap_or_default();
            (StatusCode::NOT_FOUND, "404.html".to_string(), page)
        }
    };
    let path = Path::new(&name);
    let content_type = content_type(path);
    if content_type.starts_with("text/html") {
        let status_now = state.status.read().unwrap_or_else(|e| e.into_inner());
        let page = decorate(
            &String::from_utf8_lossy(&bytes),
            status_now.errors.as_ref(),
            &state.root,
        );
        let status = if bytes.is_empty() && status_now.errors.is_some() {
            StatusCode::INTERNAL_SERVER_ERROR
        } else {
            status
        };
        return with_type(status, content_type, page.into_bytes());
    }
    with_type(status, content_type, bytes)
}

/// The decoded path relative to the site folder, or `None` for a path that is refused: not
/// starting with `/`; an encoded `/` or `\` (`%2f`, `%5c`: a separator must be written as
/// one); a backslash; a malformed escape (`%zz`, `%2`, `%+1`); bytes that are not UTF-8 once
/// decoded (overlong forms such as `%c0%ae` included); a control character (`%00`, `%0a`...);
/// a `.` or `..` segment, plain or encoded; or an empty segment (`//`) other than the last.
pub fn safe_path(uri_path: &str) -> Option<PathBuf> {
    let rest = uri_path.strip_prefix('/')?;
    let mut relative = PathBuf::new();
    let segments: Vec<&str> = rest.split('/').collect();
    for (i, segment) in segments.iter().enumerate() {
        let decoded = percent_decode(segment)?;
        if decoded.is_empty() {
            if i + 1 == segments.len() {
                continue;
            }
            return None;
        }
        if decoded == "."
            || decoded == ".."
            || decoded.contains(['/', '\\'])
            || decoded.chars().any(char::is_control)
        {
            return None;
        }
        relative.push(decoded);
    }
    relative
        .components()
        .all(|c| matches!(c, Component::Normal(_)))
        .then_some(relative)
}

/// Decodes `%XX` escapes (two hexadecimal digits); `None` for a malformed escape or bytes that
/// are not UTF-8.
fn percent_decode(text: &str) -> Option<String> {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = bytes.get(i + 1..i + 3)?;
            if !hex.iter().all(u8::is_ascii_hexdigit) {
                return None;
            }
            let hex = std::str::from_utf8(hex).ok()?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).ok()
}

fn content_type(path: &Path) -> &'static str {
    let name = path
        .file_name()
        .and_then(|n| n.to_str())
        .unwrap_or_default();
    match path
        .extension()
        .and_then(|e| e.to_str())
        .unwrap_or_default()
    {
        "html" => "text/html; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "js" => "text/javascript; charset=utf-8",
        "json" => "application/json",
        // RFC 4180 registers `header` to say whether a first row names the columns.
        "csv" => "text/csv; charset=utf-8; header=present",
        "xml" if name == "feed.xml" => "application/atom+xml; charset=utf-8",
        "xml" => "application/xml; charset=utf-8",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "webp" => "image/webp",
        "ico" => "image/x-icon",
        "woff2" => "font/woff2",
        "txt" => "text/plain; charset=utf-8",
        _ => "application/octet-stream",
    }
}

/// A served page: the live-reload script, and the errors of a failed build on top.
fn decorate(page: &str, errors: Option<&Report>, root: &Path) -> String {
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

    #[test]
    fn only_changes_start_a_rebuild() {
        use notify::event::{
            AccessKind, AccessMode, CreateKind, EventKind, ModifyKind, RemoveKind,
        };
        let event = |kind| Ok(notify::Event::new(kind));
        assert!(!is_change(&event(EventKind::Access(AccessKind::Any))));
        assert!(!is_change(&event(EventKind::Access(AccessKind::Open(
            AccessMode::Any
        )))));
        assert!(!is_change(&event(EventKind::Access(AccessKind::Close(
            AccessMode::Read
        )))));
        assert!(is_change(&event(EventKind::Access(AccessKind::Close(
            AccessMode::Write
        )))));
        assert!(is_change(&event(EventKind::Modify(ModifyKind::Any))));
        assert!(is_change(&event(EventKind::Create(CreateKind::File))));
        assert!(is_change(&event(EventKind::Remove(RemoveKind::File))));
        assert!(is_change(&Err(notify::Error::generic("queue overflow"))));
    }

    #[test]
    fn paths_cannot_escape() {
        assert_eq!(safe_path("/es/mapa/"), Some(PathBuf::from("es/mapa")));
        assert_eq!(safe_path("/"), Some(PathBuf::new()));
        assert_eq!(
            safe_path("/es/m%C3%A9xico/"),
            Some(PathBuf::from("es/méxico"))
        );
        for bad in [
            "/../etc/passwd",
            "/es/../../x",
            "/%2e%2e/x",
            "/%2E%2E%2Fx",
            "/es/..%5c..%5cx",
            "/a\\b",
            "/%00",
            "/%zz",
            "/./x",
            "/es%2fmapa/",
            "/es%2Fmapa/",
            "/es/%5c",
            "/%2",
            "/%+1",
            "/es/%0a",
            "/es/%7f",
            "/%c0%ae%c0%ae/x",
            "/%e0%80%af",
            "/es/%2e/",
            "//es/",
            "/es//mapa/",
            "es/",
            "*",
        ] {
            assert_eq!(safe_path(bad), None, "{bad}");
        }
    }

    #[test]
    fn a_panicking_build_is_an_error_and_the_session_starts_afresh() {
        let mut session = Session::new(Path::new("."), crate::pipeline::Options::default());
        let result = guarded(&mut session, |_| panic!("boom in a filter"));
        let report = result.unwrap_err();
        assert!(
            report.0[0].message.contains("the build crashed")
                && report.0[0].message.contains("boom in a filter"),
            "{report}"
        );
        let result = guarded(&mut session, |_| std::panic::panic_any(7_u8));
        assert!(result.unwrap_err().0[0].message.contains("no message"));
    }

    #[test]
    fn one_host_naming_this_machine_and_a_target_naming_the_same() {
        let hosts = allowed_hosts("127.0.0.1:4000".parse().unwrap());
        let check = |host_values: &[&str], target: &str| {
            let mut headers = HeaderMap::new();
            for value in host_values {
                headers.append(header::HOST, HeaderValue::from_str(value).unwrap());
            }
            let uri: axum::http::Uri = target.parse().unwrap();
            check_host(&hosts, &headers, &uri).map_err(|r| r.response().status().as_u16())
        };
        assert_eq!(check(&["127.0.0.1:4000"], "/es/"), Ok(()));
        assert_eq!(check(&["LOCALHOST:4000"], "/es/"), Ok(()));
        assert_eq!(
            check(&["localhost:4000"], "http://localhost:4000/es/"),
            Ok(())
        );
        assert_eq!(check(&[], "/es/"), Err(400));
        assert_eq!(
            check(&["127.0.0.1:4000", "127.0.0.1:4000"], "/es/"),
            Err(400)
        );
        assert_eq!(check(&["127.0.0.1:4000", "evil.example"], "/es/"), Err(400));
        assert_eq!(
            check(&["127.0.0.1:4000"], "http://evil.example/es/"),
            Err(400)
        );
        assert_eq!(
            check(&["127.0.0.1:4000"], "https://127.0.0.1:4000/es/"),
            Err(400)
        );
        assert_eq!(check(&["evil.example"], "/es/"), Err(403));
        assert_eq!(
            check(&["evil.example"], "http://evil.example/es/"),
            Err(403)
        );
        assert_eq!(check(&["127.0.0.1:4001"], "/es/"), Err(403));
    }

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

    #[test]
    fn content_types() {
        assert_eq!(
            content_type(Path::new("a/index.html")),
            "text/html; charset=utf-8"
        );
        assert_eq!(
            content_type(Path::new("es/feed.xml")),
            "application/atom+xml; charset=utf-8"
        );
        assert_eq!(
            content_type(Path::new("sitemap.xml")),
            "application/xml; charset=utf-8"
        );
        assert_eq!(
            content_type(Path::new("style.abc.css")),
            "text/css; charset=utf-8"
        );
        assert_eq!(
            content_type(Path::new("en/data/events.csv")),
            "text/csv; charset=utf-8; header=present"
        );
    }
}
