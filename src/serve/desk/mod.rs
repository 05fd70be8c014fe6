//! The editor's desk of `serve` (`/__puente/<lang>/`): everything that needs attention, from
//! `check::attention`, and "mark as reviewed", the only write `serve` makes to the project:
//! a POST that must carry this machine's `Origin` and the session's random token.

mod page;
mod strings;

use std::path::PathBuf;
use std::sync::{Arc, Mutex, RwLock};

use axum::body::Bytes;
use axum::extract::State;
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::Response;

use super::http::with_type;
use super::ServerState;
use crate::diagnostic::{Diagnostic, Report};

pub use page::desk_path;
pub use strings::LANGUAGES;

/// The desk's stylesheet (a file: the desk's Content-Security-Policy allows no inline style).
pub use crate::layout::SERVE_DESK_CSS as CSS_PATH;
/// Where "mark as reviewed" posts to.
pub use crate::layout::SERVE_REVIEW as REVIEW_PATH;

const CSS: &str = include_str!("desk.css");

/// What the desk's page forbids: anything but its own stylesheet, script and form target, and
/// being framed (a page elsewhere cannot trick a click on its button).
const POLICY: &str = "default-src 'none'; style-src 'self'; script-src 'self'; connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

/// The outcome of the last "mark as reviewed", shown on the desk until the next.
#[derive(Debug, Clone)]
pub enum Notice {
    /// Recorded: the files changed (none when it was recorded already).
    Done(Vec<PathBuf>),
    /// Not recorded, and why.
    Failed(Report),
}

/// The desk's part of the server's state.
pub struct Desk {
    /// The session's token, in the desk's form; a write without it is refused.
    token: String,
    notice: RwLock<Option<Notice>>,
    /// One write at a time.
    writing: Mutex<()>,
}

impl Desk {
    /// A desk with a fresh random token; an error if the system gives no randomness.
    pub fn new() -> Result<Desk, Report> {
        let mut bytes = [0_u8; 16];
        getrandom::fill(&mut bytes).map_err(|e| {
            Report::from(Diagnostic::new(
                "serve",
                format!("cannot make the desk's token: no randomness from the system ({e})"),
            ))
        })?;
        Ok(Desk {
            token: bytes.iter().map(|b| format!("{b:02x}")).collect(),
            notice: RwLock::new(None),
            writing: Mutex::new(()),
        })
    }
}

/// The small link to the desk that `serve` adds to every page it serves, in the page's language
/// (the desk's first language for another).
pub fn badge(language: &str) -> String {
    let strings = strings::Strings::new(language);
    format!(
        "<aside id=\"puente-desk-badge\" aria-label=\"Puente\" lang=\"{lang}\"><a href=\"{href}\">{label}</a></aside>",
        lang = strings.language,
        href = desk_path(strings.language),
        label = crate::render::escape_html(&strings.get("desk-badge")),
    )
}

/// The error banner's link to the desk, in the page's language.
pub fn banner_link(language: &str) -> String {
    let strings = strings::Strings::new(language);
    format!(
        "<p lang=\"{lang}\"><a href=\"{href}\">{label}</a></p>",
        lang = strings.language,
        href = desk_path(strings.language),
        label = crate::render::escape_html(&strings.get("desk-banner-link")),
    )
}

/// `/__puente/`: the desk in its first language.
pub(super) async fn index() -> Response {
    redirect(StatusCode::FOUND, &desk_path(LANGUAGES[0]))
}

/// The desk in `language`, computed afresh from the project's files.
pub(super) async fn desk(state: Arc<ServerState>, language: &'static str) -> Response {
    let root = state.root.clone();
    let collected =
        tokio::task::spawn_blocking(move || crate::check::attention(&root, crate::check::today()))
            .await;
    let Ok(attention) = collected else {
        return with_type(
            StatusCode::INTERNAL_SERVER_ERROR,
            "text/plain; charset=utf-8",
            b"The desk could not be made (a bug in Puente); the terminal may say more.\n".to_vec(),
        );
    };
    let status = state.status.read().unwrap_or_else(|e| e.into_inner());
    let notice = state.desk.notice.read().unwrap_or_else(|e| e.into_inner());
    let strings = strings::Strings::new(language);
    let html = page::render(&page::View {
        strings: &strings,
        attention: &attention,
        build_errors: status.errors.as_ref(),
        token: &state.desk.token,
        notice: notice.as_ref(),
    });
    let mut response = with_type(
        StatusCode::OK,
        "text/html; charset=utf-8",
        html.into_bytes(),
    );
    let headers = response.headers_mut();
    headers.insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static(POLICY),
    );
    headers.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    // Not `no-referrer`: with it browsers post the form with `Origin: null`, which is refused.
    headers.insert(
        header::REFERRER_POLICY,
        HeaderValue::from_static("same-origin"),
    );
    response
}

/// The desk's stylesheet.
pub(super) async fn css() -> Response {
    with_type(
        StatusCode::OK,
        "text/css; charset=utf-8",
        CSS.as_bytes().to_vec(),
    )
}

/// "Mark as reviewed": refused (403) without this server's `Origin` or the session's token;
/// otherwise records the review as `check --fix-fingerprints` does for that one item, and sends
/// the browser back to the desk (303), which shows what was written or why not.
pub(super) async fn review(
    State(state): State<Arc<ServerState>>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    if let Err(why) = check_origin(&headers) {
        return refuse(why);
    }
    let form = Form::parse(&body);
    if !same_token(form.token.as_deref(), &state.desk.token) {
        return refuse("The desk's token is missing or wrong: reload the desk and try again.\n");
    }
    let Some(item) = form.item else {
        return with_type(
            StatusCode::BAD_REQUEST,
            "text/plain; charset=utf-8",
            b"No item to mark as reviewed.\n".to_vec(),
        );
    };
    let language = LANGUAGES
        .into_iter()
        .find(|l| form.lang.as_deref() == Some(*l))
        .unwrap_or(LANGUAGES[0]);
    let writer = state.clone();
    let outcome = tokio::task::spawn_blocking(move || {
        let _one_at_a_time = writer
            .desk
            .writing
            .lock()
            .unwrap_or_else(|e| e.into_inner());
        crate::check::mark_reviewed(&writer.root, &item)
    })
    .await;
    let notice = match outcome {
        Ok(Ok(files)) => Notice::Done(files),
        Ok(Err(report)) => Notice::Failed(report),
        Err(_) => Notice::Failed(Report::from(Diagnostic::new(
            "puente",
            "recording the review crashed (a bug in Puente)",
        ))),
    };
    *state.desk.notice.write().unwrap_or_else(|e| e.into_inner()) = Some(notice);
    redirect(
        StatusCode::SEE_OTHER,
        &format!("{}#translations", desk_path(language)),
    )
}

/// The fields of the desk's form.
#[derive(Debug, Default, PartialEq, Eq)]
struct Form {
    token: Option<String>,
    item: Option<String>,
    lang: Option<String>,
}

impl Form {
    /// Reads an `application/x-www-form-urlencoded` body (the first of each field counts).
    fn parse(body: &[u8]) -> Form {
        let mut form = Form::default();
        for (name, value) in form_urlencoded::parse(body) {
            let slot = match name.as_ref() {
                "token" => &mut form.token,
                "item" => &mut form.item,
                "lang" => &mut form.lang,
                _ => continue,
            };
            slot.get_or_insert_with(|| value.into_owned());
        }
        form
    }
}

/// A write must come from a page of this server: exactly one `Origin`, `http://` and the
/// request's own `Host` (which the guard has already checked names this machine).
fn check_origin(headers: &HeaderMap) -> Result<(), &'static str> {
    let one = |name: header::HeaderName| {
        let mut values = headers.get_all(name).iter();
        match (values.next(), values.next()) {
            (Some(value), None) => value.to_str().ok(),
            _ => None,
        }
    };
    let (Some(origin), Some(host)) = (one(header::ORIGIN), one(header::HOST)) else {
        return Err("A write needs exactly one Origin header, naming this server.\n");
    };
    let expected = format!("http://{host}");
    if origin.eq_ignore_ascii_case(&expected) {
        Ok(())
    } else {
        Err("This write comes from another site (its Origin is not this server): refused.\n")
    }
}

/// Compares the token posted with the session's, in a time that does not depend on where
/// they differ.
fn same_token(posted: Option<&str>, token: &str) -> bool {
    let Some(posted) = posted else {
        return false;
    };
    posted.len() == token.len()
        && posted
            .bytes()
            .zip(token.bytes())
            .fold(0_u8, |acc, (a, b)| acc | (a ^ b))
            == 0
}

fn refuse(why: &'static str) -> Response {
    with_type(
        StatusCode::FORBIDDEN,
        "text/plain; charset=utf-8",
        why.as_bytes().to_vec(),
    )
}

fn redirect(status: StatusCode, location: &str) -> Response {
    let mut response = with_type(status, "text/plain; charset=utf-8", Vec::new());
    if let Ok(value) = HeaderValue::from_str(location) {
        response.headers_mut().insert(header::LOCATION, value);
    }
    response
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headers(pairs: &[(header::HeaderName, &str)]) -> HeaderMap {
        let mut map = HeaderMap::new();
        for (name, value) in pairs {
            map.append(name.clone(), HeaderValue::from_str(value).unwrap());
        }
        map
    }

    #[test]
    fn a_write_needs_this_servers_origin() {
        let host = (header::HOST, "127.0.0.1:4000");
        let ok = headers(&[host.clone(), (header::ORIGIN, "http://127.0.0.1:4000")]);
        assert_eq!(check_origin(&ok), Ok(()));
        for bad in [
            headers(std::slice::from_ref(&host)),
            headers(&[host.clone(), (header::ORIGIN, "null")]),
            headers(&[host.clone(), (header::ORIGIN, "http://evil.example")]),
            headers(&[host.clone(), (header::ORIGIN, "https://127.0.0.1:4000")]),
            headers(&[host.clone(), (header::ORIGIN, "http://127.0.0.1:4001")]),
            headers(&[
                host.clone(),
                (header::ORIGIN, "http://127.0.0.1:4000"),
                (header::ORIGIN, "http://evil.example"),
            ]),
        ] {
            assert!(check_origin(&bad).is_err(), "{bad:?}");
        }
    }

    #[test]
    fn tokens_must_match_exactly() {
        assert!(same_token(Some("abc123"), "abc123"));
        assert!(!same_token(None, "abc123"));
        assert!(!same_token(Some(""), "abc123"));
        assert!(!same_token(Some("abc124"), "abc123"));
        assert!(!same_token(Some("abc1234"), "abc123"));
        let desk = Desk::new().unwrap();
        assert_eq!(desk.token.len(), 32);
        assert_ne!(
            desk.token,
            Desk::new().unwrap().token,
            "a fresh token each session"
        );
    }

    #[test]
    fn the_form_is_read_with_its_escapes_and_the_first_value_counts() {
        let form = Form::parse(b"token=ab&item=events%2Fx.en&lang=en&item=other&extra=1");
        assert_eq!(
            form,
            Form {
                token: Some("ab".into()),
                item: Some("events/x.en".into()),
                lang: Some("en".into()),
            }
        );
        assert_eq!(Form::parse(b""), Form::default());
    }
}
