//! The build: load and validate everything, build the routes, render in parallel, write only what
//! changed. A `Session` keeps parsed sources between builds (`serve`).

mod cache;
mod project;

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

pub use cache::{Cache, Stamp};
pub use project::{literal_keys, Project, GEOJSON};

use crate::diagnostic::Report;
use crate::output::{self, WriteStats};

/// What a build produced.
#[derive(Debug, Clone)]
pub struct Summary {
    /// The output folder.
    pub output: PathBuf,
    /// Pages written per language code, in site order.
    pub pages: Vec<(String, usize)>,
    /// Pages that belong to no single language (`/`).
    pub shared_pages: usize,
    /// Timeline events.
    pub events: usize,
    /// Advisory snapshots.
    pub advisories: usize,
    /// Files written, kept and removed.
    pub written: WriteStats,
    /// Items published without a translation: `(language, file)`.
    pub untranslated: Vec<(String, PathBuf)>,
    /// How long each phase took.
    pub timings: Timings,
    /// How long it took.
    pub elapsed: Duration,
}

impl std::fmt::Display for Summary {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let pages: Vec<String> = self
            .pages
            .iter()
            .map(|(l, n)| format!("{l}: {n} pages"))
            .collect();
        let plural =
            |n: usize, one: &str, many: &str| format!("{n} {}", if n == 1 { one } else { many });
        write!(
            f,
            "{}, {}, {} — {} written, {} unchanged, {} removed in {} — {} ms",
            pages.join(", "),
            plural(self.events, "event", "events"),
            plural(self.advisories, "advisory", "advisories"),
            plural(self.written.written, "file", "files"),
            self.written.unchanged,
            self.written.removed,
            self.output.display(),
            self.elapsed.as_millis()
        )?;
        for (language, file) in &self.untranslated {
            write!(
                f,
                "\n  not yet translated into `{language}`: {}",
                file.display()
            )?;
        }
        Ok(())
    }
}

/// How long each phase of a build took.
#[derive(Debug, Clone, Default)]
pub struct Timings {
    /// Reading, parsing and validating every source, and building the routes.
    pub load: Duration,
    /// Turning Markdown into HTML (once per item and language).
    pub markdown: Duration,
    /// Rendering every page through its template.
    pub render: Duration,
    /// Comparing with the published output and writing what changed.
    pub write: Duration,
}

impl std::fmt::Display for Timings {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let ms = |d: Duration| d.as_secs_f64() * 1000.0;
        write!(
            f,
            "timings: load {:.1} ms, markdown {:.1} ms, render {:.1} ms, write {:.1} ms",
            ms(self.load),
            ms(self.markdown),
            ms(self.render),
            ms(self.write)
        )
    }
}

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
}

/// A callback told how far rendering got: `(done, total)`.
#[derive(Clone)]
pub struct Progress(pub std::sync::Arc<dyn Fn(usize, usize) + Send + Sync>);

impl std::fmt::Debug for Progress {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Progress")
    }
}

/// Builds the project at `root` into its output folder (or `output`).
pub fn build(root: &Path, output: Option<&Path>) -> Result<Summary, Report> {
    let options = Options {
        output: output.map(Path::to_path_buf),
        ..Options::default()
    };
    build_with(root, &options)
}

/// Builds the project at `root` with `options`.
pub fn build_with(root: &Path, options: &Options) -> Result<Summary, Report> {
    Session::new(root, options.clone()).build()
}

/// Repeated builds of one project that reuse whatever did not change.
pub struct Session {
    root: PathBuf,
    options: Options,
    cache: Cache,
}

impl Session {
    /// A session for the project at `root`.
    pub fn new(root: &Path, options: Options) -> Session {
        Session {
            root: root.to_path_buf(),
            options,
            cache: Cache::default(),
        }
    }

    /// Builds, reusing the parse of unchanged sources from earlier builds of this session.
    pub fn build(&mut self) -> Result<Summary, Report> {
        let started = Instant::now();
        let mut timings = Timings::default();
        let project = Project::load_cached(&self.root, &self.options, &mut self.cache)?;
        timings.load = started.elapsed();
        let phase = Instant::now();
        let renderer = project.renderer();
        timings.markdown = phase.elapsed();
        let phase = Instant::now();
        let pages = match &self.options.progress {
            Some(Progress(progress)) => renderer.render_all_with(progress.as_ref()),
            None => renderer.render_all(),
        }
        .map_err(|r| project::relative_report(&self.root, r.0))?;
        timings.render = phase.elapsed();
        let phase = Instant::now();
        let out = project.output_dir(self.options.output.as_deref());
        project::check_output_location(&self.root, &out).map_err(Report::from)?;
        let mut counts: Vec<(String, usize)> = project
            .config
            .languages
            .iter()
            .map(|l| (l.code.clone(), 0))
            .collect();
        let mut shared_pages = 0;
        for route in project.routes.all.iter().filter(|r| r.kind.is_page()) {
            match counts
                .iter_mut()
                .find(|(l, _)| Some(l) == route.language.as_ref())
            {
                Some((_, n)) => *n += 1,
                None => shared_pages += 1,
            }
        }
        let mut files: output::Files = pages
            .into_iter()
            .map(|(f, html)| (f, html.into_bytes()))
            .collect();
        files.extend(project.assets.files.iter().cloned());
        let written = output::write_site(&out, &files)
            .map_err(|d| project::relative_report(&self.root, vec![d]))?;
        timings.write = phase.elapsed();
        Ok(Summary {
            output: out,
            pages: counts,
            shared_pages,
            events: project.content.events.len(),
            advisories: project.content.advisories.len(),
            untranslated: project.untranslated(),
            timings,
            written,
            elapsed: started.elapsed(),
        })
    }
}
