//! How to build: where to, with drafts or not, at which address, in memory or on disk.

use std::path::PathBuf;

/// How to build.
#[derive(Debug, Clone, Default)]
pub struct Options {
    /// Write here instead of site.toml's `output_dir`.
    pub output: Option<PathBuf>,
    /// Include items marked `draft = true` (what `serve` shows).
    pub drafts: bool,
    /// Publish at this address instead of site.toml's `base_url` (`serve` uses its own).
    pub base_url: Option<String>,
    /// Told `(pages rendered, pages in all)` while rendering.
    pub progress: Option<Progress>,
    /// Keep the site in memory instead of writing it (the preview server's); `Session::site`
    /// gives it.
    pub in_memory: bool,
    /// Use nothing an earlier build kept (the inputs' record, the page keys, the store beside
    /// the output): render and write every page as a first build would (`build --clean`).
    pub clean: bool,
}

/// A callback told how far rendering got: `(done, total)`.
#[derive(Clone)]
pub struct Progress(pub std::sync::Arc<dyn Fn(usize, usize) + Send + Sync>);

impl std::fmt::Debug for Progress {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Progress")
    }
}
