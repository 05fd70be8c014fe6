//! HTTP for `serve`: the guard every request passes (method, `Host`), safe paths, and the
//! built site's files with their content types.

use std::path::{Component, Path, PathBuf};
use std::sync::Arc;

use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::{header, HeaderMap, HeaderValue, Method, StatusCode};
use axum::response::Response;

use super::live::decorate;
use super::ServerState;
use super::REVIEW_PATH;

/// Every request passes here first: it must be a GET or a HEAD (405 otherwise), but for the
/// desk's one POST (`REVIEW_PATH`, which checks its own `Origin` and token), carry exactly one
/// `Host`, naming this machine, and
/// a request target in absolute form (`GET http://host/path`) must name the same host over
/// `http` (the target's host is the one a proxy or a browser's cache would go by).
pub(super) async fn guard(
    State(state): State<Arc<ServerState>>,
    request: Request,
    next: axum::middleware::Next,
) -> Response {
    let desk_write = *request.method() == Method::POST && request.uri().path() == REVIEW_PATH;
    if !matches!(*request.method(), Method::GET | Method::HEAD) && !desk_write {
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

pub(super) fn bad_request(message: &'static str) -> Response {
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

pub(super) fn with_type(status: StatusCode, content_type: &'static str, body: Vec<u8>) -> Response {
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
pub(super) async fn file(State(state): State<Arc<ServerState>>, request: Request) -> Response {
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

#[cfg(test)]
mod tests {
    use super::super::allowed_hosts;
    use super::*;

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
