//! The RENDER stage's driver: every route through its page type's view and its template, in
//! parallel (rayon), each page handed on as soon as it is made.

use std::path::Path;

use rayon::prelude::*;

use crate::diagnostic::{Diagnostic, Report};
use crate::render::{error_chain, Renderer};
use crate::routes::Route;

/// Where `render_changed` hands each finished page: `(output file, bytes)`, the bytes owned when
/// the page's buffer is not kept for the next page (see `LARGEST_KEPT_BUFFER`).
pub type Sink<'s> = dyn Fn(&str, std::borrow::Cow<'_, [u8]>) -> Result<(), Diagnostic> + Sync + 's;

/// The largest page buffer a rendering job keeps for its next page (event pages are ~15 KB).
const LARGEST_KEPT_BUFFER: usize = 1 << 20;

/// Renders every route in parallel: `(output file, text)` in route order, or every error.
pub(crate) fn render_all(r: &Renderer<'_>) -> Result<Vec<(String, String)>, Report> {
    crate::pages::prepare(r);
    let results: Vec<Result<(String, String), Diagnostic>> = r
        .routes
        .all
        .par_iter()
        .map(|route| render_page(r, route).map(|html| (route.file(), html)))
        .collect();
    let mut report = Report::default();
    let mut pages = Vec::with_capacity(results.len());
    for result in results {
        match result {
            Ok(page) => pages.push(page),
            Err(d) => report.push(d),
        }
    }
    report.into_result(pages)
}

/// Renders every route in parallel and hands each page to `sink` as soon as it is made, so the
/// whole site is never held in memory; returns every error (of rendering or of `sink`). A route
/// for which `kept(index, route)` says `true` is not rendered: its published page is kept as it is.
pub(crate) fn render_changed(
    r: &Renderer<'_>,
    sink: &Sink<'_>,
    kept: &(dyn Fn(usize, &Route) -> Result<bool, Diagnostic> + Sync),
    progress: &(dyn Fn(usize, usize) + Sync),
) -> Result<(), Report> {
    crate::pages::prepare(r);
    let total = r.routes.all.len();
    let done = std::sync::atomic::AtomicUsize::new(0);
    let all = &r.routes.all;
    let (long, rest): (Vec<usize>, Vec<usize>) =
        (0..all.len()).partition(|&i| all[i].kind.gathers_every_page());
    // Each rayon job renders into one buffer, cleared between pages: a page's bytes are
    // copied out by `sink`, so no page allocates (or grows) a buffer of its own.
    let mut errors: Vec<Diagnostic> = long
        .into_par_iter()
        .chain(rest)
        .map_init(Vec::new, |page, i| {
            let route = &all[i];
            let result = match kept(i, route) {
                Ok(true) => Ok(()),
                Ok(false) => {
                    page.clear();
                    render_into(r, route, page).and_then(|()| {
                        // A buffer grown by an outsized page (an open-data file, the sitemap) is
                        // not kept: it is handed over whole instead of copied.
                        let bytes = if page.capacity() > LARGEST_KEPT_BUFFER {
                            std::borrow::Cow::Owned(std::mem::take(page))
                        } else {
                            std::borrow::Cow::Borrowed(page.as_slice())
                        };
                        sink(&route.file(), bytes)
                    })
                }
                Err(e) => Err(e),
            };
            progress(
                done.fetch_add(1, std::sync::atomic::Ordering::Relaxed) + 1,
                total,
            );
            result.err()
        })
        .flatten()
        .collect();
    errors.sort();
    Report(errors).into_result(())
}

/// Renders one route.
pub(crate) fn render_page(r: &Renderer<'_>, route: &Route) -> Result<String, Diagnostic> {
    let mut page = Vec::new();
    render_into(r, route, &mut page)?;
    // Tera writes only `str`s, so this cannot fail; should it ever, it is an error, not a panic.
    String::from_utf8(page).map_err(|e| {
        Diagnostic::new(
            crate::layout::TEMPLATES,
            format!("{} is not valid UTF-8 text: {e}", route.path),
        )
    })
}

/// Renders one route, appending its bytes to `page` (Tera writes only text, so they are
/// UTF-8; bytes spare the check that a `String` would make of every page).
pub(crate) fn render_into(
    r: &Renderer<'_>,
    route: &Route,
    page: &mut Vec<u8>,
) -> Result<(), Diagnostic> {
    if let Some(made) = crate::pages::untemplated(r, route) {
        // A search index or a download is made whole: its bytes become the page, not a copy.
        let index = made?;
        if page.is_empty() {
            *page = index;
        } else {
            page.extend_from_slice(&index);
        }
        return Ok(());
    }
    let started = std::time::Instant::now();
    let (template, context) = crate::pages::context(r, route)?;
    let built = std::time::Instant::now();
    // A panic inside Tera (a filter given arguments it does not expect) is this page's
    // error, naming its template, rather than the end of the build or of `serve`.
    let rendered = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        r.tera.render_to(template, &context, &mut *page)
    }))
    .unwrap_or_else(|panic| {
        let what = panic
            .downcast_ref::<&str>()
            .map(|s| s.to_string())
            .or_else(|| panic.downcast_ref::<String>().cloned())
            .unwrap_or_default();
        Err(tera::Error::msg(format!("Tera crashed: {what}")))
    });
    r.clock(template, built - started, built.elapsed());
    rendered.map_err(|e| {
        // A Fluent message that cannot be formatted is reported on the message, once, not
        // once per page that shows it.
        if let Some(fluent) = crate::i18n::MessageError::find(&e) {
            return fluent.0.clone();
        }
        Diagnostic::new(
            Path::new(crate::layout::TEMPLATES).join(template),
            format!("cannot render {}: {}", route.path, error_chain(&e)),
        )
        .hint("check the variable and function names the template uses against README.md")
    })
}
