//! `puente serve`: builds the site with drafts in memory, serves it on 127.0.0.1,
//! rebuilds when a source file changes and tells open pages to reload (server-sent events).
//!
//! While the last build failed, every page is the last good one with the errors shown on top, so
//! the editor sees what to fix and can keep reading; fixing the file brings the site back.

mod desk;
mod http;
mod live;

pub use desk::{desk_path, REVIEW_PATH};
pub use http::safe_path;
use http::{file, guard};
use live::{banner_css, events, script};
pub use live::{error_banner, BANNER_CSS_PATH, EVENTS_PATH, SCRIPT_PATH};

use std::net::{IpAddr, SocketAddr};
use std::path::{Path, PathBuf};
use std::sync::{Arc, RwLock};
use std::time::Duration;

use axum::extract::State;
use axum::routing::{get, post};
use axum::Router;
use tokio::sync::broadcast;

use crate::diagnostic::{Diagnostic, Report};
use crate::output::SiteFiles;
use crate::pipeline::{Options, Session, Summary};

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
    /// The editor's desk: its token and the outcome of its last write.
    desk: desk::Desk,
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
        clean: false,
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
        desk: desk::Desk::new()?,
    });
    let _watcher = watch(&options.root, session, state.clone(), on_build)?;
    let app = desk_routes(Router::new())
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

/// The desk's routes: `/__puente/` and the desk in each of its languages, its stylesheet, and
/// the one path that takes a POST.
fn desk_routes(mut router: Router<Arc<ServerState>>) -> Router<Arc<ServerState>> {
    router = router
        .route(
            &format!("/{}/", crate::layout::SERVE_FOLDER),
            get(desk::index),
        )
        .route(desk::CSS_PATH, get(desk::css))
        .route(REVIEW_PATH, post(desk::review));
    for language in desk::LANGUAGES {
        router = router.route(
            &desk_path(language),
            get(move |State(state): State<Arc<ServerState>>| desk::desk(state, language)),
        );
    }
    router
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
}
