//! The build, as a list of stages:
//!
//! ```text
//! load → validate → route → render → write
//! ```
//!
//! `Session::run_stages` is the whole of it, one call per stage, each a function whose signature
//! shows what it takes and gives: `load`, `validate` and `route` (in `project`), `prepare` and
//! `render`, `write`. What lets a build skip work an earlier one did (the session's caches, the
//! inputs' fingerprint, the record beside the output) is the `incremental` module's.

mod guard;
mod incremental;
mod options;
mod parallel;
mod project;
mod relative;
mod summary;

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Instant;

pub use incremental::{Cache, Stamp};
use incremental::{Fingerprint, LastPage, Memory, Record, Start};
pub use options::{Options, Progress};
pub(crate) use project::url_names;
pub use project::{literal_keys, load, route, validate, Loaded, Project, Valid};
pub use summary::{Summary, Timings};

use crate::diagnostic::Report;
use crate::layout;
use crate::output::{self, MemoryWriter, Output, SiteFiles, WriteStats};
use crate::render::{MarkdownCache, Pieces, Renderer, SearchIndexes};
use crate::routes::{Route, Routes};

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
    let mut session = Session::new(root, options.clone());
    session.memory.cache.content.once = true;
    let summary = session.run(false);
    free_in_background(session);
    summary
}

/// The stack of each thread that loads and renders templates. Template parsing and rendering
/// recurse once per level of nesting (tags, expressions, macro calls, includes), and a stack
/// overflow aborts the whole program (`serve` with it); the nesting is bounded (see
/// `render::templates` and vendor/README.md), and this leaves every legal level ample room,
/// debug builds included. Only the pages used are ever touched, so the size costs address space,
/// not memory.
const DEEP_STACK: usize = 256 * 1024 * 1024;

/// Runs `work` on a thread pool whose threads have `DEEP_STACK`-sized stacks (rayon's own have
/// 2 MB), every parallel loop inside it too. Should the pool not start, `work` runs here.
pub fn with_deep_stacks<T: Send>(work: impl FnOnce() -> T + Send) -> T {
    static POOL: std::sync::OnceLock<Option<rayon::ThreadPool>> = std::sync::OnceLock::new();
    let pool = POOL.get_or_init(|| {
        rayon::ThreadPoolBuilder::new()
            .stack_size(DEEP_STACK)
            .thread_name(|i| format!("puente-{i}"))
            .build()
            .ok()
    });
    match pool {
        Some(pool) => pool.install(work),
        None => work(),
    }
}

/// Frees `value` on a thread of its own. Freeing what a large site loaded takes a while (tens of
/// milliseconds at 10,000 events), and a one-off build need not wait for it: the thread frees it,
/// or the process ends first. Should no thread start, `value` is freed here (`spawn` drops the
/// closure it could not run).
fn free_in_background<T: Send + 'static>(value: T) {
    let _ = std::thread::Builder::new()
        .name("puente-free".into())
        .spawn(move || drop(value));
}

/// Repeated builds of one project that reuse whatever did not change.
pub struct Session {
    root: PathBuf,
    options: Options,
    /// What the last builds leave for the next one.
    memory: Memory,
    /// The last successful build's files, when built in memory.
    site: Arc<SiteFiles>,
}

impl Session {
    /// A session for the project at `root`.
    pub fn new(root: &Path, options: Options) -> Session {
        Session {
            root: root.to_path_buf(),
            options,
            memory: Memory::default(),
            site: Default::default(),
        }
    }

    /// A new session for the same project and options, with nothing cached (`serve` starts one
    /// after a build panicked, since that build may have left the caches half updated).
    pub fn fresh(&self) -> Session {
        Session::new(&self.root, self.options.clone())
    }

    /// The files of the last successful build made in memory (`Options::in_memory`).
    pub fn site(&self) -> Arc<SiteFiles> {
        self.site.clone()
    }

    /// Builds, reusing the parse of unchanged sources, and every page whose key did not change,
    /// from earlier builds of this session.
    pub fn rebuild(&mut self) -> Result<Summary, Report> {
        self.run(true)
    }

    /// Builds; `again` when this session will build again (and so keeps each page's key). Runs
    /// on the threads of `with_deep_stacks`.
    fn run(&mut self, again: bool) -> Result<Summary, Report> {
        with_deep_stacks(|| self.run_stages(again))
    }

    /// The stages, one after the other.
    fn run_stages(&mut self, again: bool) -> Result<Summary, Report> {
        let (root, options) = (self.root.as_path(), &self.options);
        let started = Instant::now();
        // A first build on disk of a project whose inputs match its output's record is done.
        let first_on_disk = !self.memory.has_built() && !options.in_memory;
        let mut fingerprint = match Fingerprint::start(root, options, first_on_disk, started) {
            Start::Unchanged(summary) => return Ok(summary),
            Start::Build(fingerprint) => fingerprint,
        };
        let mut timings = Timings::default();

        // LOAD → VALIDATE → ROUTE.
        let project = load(root, options, &mut self.memory.cache)
            .and_then(|loaded| validate(root, loaded))
            .and_then(|valid| route(root, valid, &mut self.memory.cache));
        let project = fingerprint.check(root, project)?;
        let shared = fingerprint.shared_digest(root);
        let stored_pieces = fingerprint.stored_pieces();
        let inputs = fingerprint.of_build(root, options, &self.memory.cache.content.hashes);
        timings.load = started.elapsed();

        // RENDER: Markdown once per text, then every page whose key changed, into the target.
        let phase = Instant::now();
        let search_key = incremental::search_key(&self.memory.cache.stamps, options);
        let search_depends = shared.map(|digest| incremental::search_depends(digest, options));
        self.memory
            .restore_pieces(search_key, search_depends, stored_pieces);
        let indexes = self.memory.take_search_indexes();
        let mut renderer = prepare(&project, self.memory.reusable(search_key), indexes);
        timings.markdown = phase.elapsed();
        let phase = Instant::now();
        let (out, target) = Target::open(root, options, &project, &self.site)?;
        let (content, routes) = (&project.content, &project.routes);
        let stamps = &self.memory.cache.stamps;
        let global = incremental::global_key(stamps, options, shared, content, routes);
        let keys = incremental::page_keys(content, routes, &renderer, global);
        let last_keys = self.last_keys(out.as_deref(), shared.is_some(), routes);
        let progress = options.progress.as_ref();
        render(root, &renderer, &target, &last_keys, &keys, progress)?;
        timings.render = phase.elapsed();
        timings.templates = renderer.template_times();

        // WRITE: static files, the record, the swap; then what the next build reuses.
        let phase = Instant::now();
        let (pages, shared_pages) = summary::page_counts(&project.config, &project.routes);
        let record = Record {
            inputs,
            pages,
            shared_pages,
            events: project.content.events.len(),
            advisories: project.content.advisories.len(),
            untranslated: project.untranslated(),
        };
        // Keys are kept beside the output only when they hash the inputs' bytes.
        let kept_keys = shared.map(|_| (routes.as_ref(), keys.as_slice()));
        let written = write(root, target, &project, &record, kept_keys, &mut self.site)?;
        let made = renderer.pieces();
        let markdown = again.then(|| (renderer.markdown_cache(), renderer.search_indexes()));
        let leftovers = renderer.into_leftovers();
        let pieces = self.memory.pieces(search_key, made);
        if let (Some(out), Some(depends)) = (&out, search_depends) {
            incremental::keep_store(out, depends, &pieces);
        }
        // What only a next build of this session reuses is kept only when there will be one.
        match markdown {
            Some((markdown, indexes)) => {
                drop(leftovers);
                let routes = project.routes.clone();
                self.memory
                    .remember(routes, keys, markdown, (search_key, pieces), indexes);
            }
            None => {
                free_in_background((leftovers, project, pieces));
                self.memory.forget_keys();
            }
        }
        timings.write = phase.elapsed();
        Ok(Summary {
            output: out,
            pages: record.pages,
            shared_pages,
            events: record.events,
            advisories: record.advisories,
            untranslated: record.untranslated,
            timings,
            written,
            elapsed: started.elapsed(),
        })
    }
}

impl Session {
    /// The keys of the pages as last built, in route order (`None` where unknown): this
    /// session's last build's, else, for a build on disk whose keys hash the inputs' bytes
    /// (`persistable`), those kept beside the published output.
    fn last_keys(
        &self,
        out: Option<&Path>,
        persistable: bool,
        routes: &Routes,
    ) -> Vec<Option<LastPage>> {
        match (self.memory.last_keys(routes), out) {
            (Some(last), _) => last.iter().map(|key| Some((*key, None))).collect(),
            (None, Some(out)) if persistable && !self.options.clean => {
                incremental::published_keys(out, routes)
            }
            _ => Vec::new(),
        }
    }
}

/// RENDER, first part: a renderer over the project, every text's Markdown made HTML once (the
/// last build's event HTML, and its search documents when given, reused where unchanged; its
/// search indexes, when given, updated).
pub fn prepare<'a>(
    project: &'a Project,
    (markdown, pieces): (&'a MarkdownCache, Option<&'a Pieces>),
    search_indexes: SearchIndexes,
) -> Renderer<'a> {
    project.renderer_with(Some(markdown), pieces, search_indexes)
}

/// Where one build puts the site.
enum Target {
    Disk(output::Writer),
    Memory(MemoryWriter),
}

impl Target {
    /// The output folder (refused if it would replace the project) opened for writing, or a
    /// site in memory made over `site`, the last one. Gives the folder too.
    fn open(
        root: &Path,
        options: &Options,
        project: &Project,
        site: &Arc<SiteFiles>,
    ) -> Result<(Option<PathBuf>, Target), Report> {
        if options.in_memory {
            return Ok((None, Target::Memory(MemoryWriter::begin(site.clone()))));
        }
        let out = project.output_dir(options.output.as_deref());
        guard::check_output_location(root, &out).map_err(Report::from)?;
        let writer = output::Writer::begin_with(&out, options.clean)
            .map_err(|d| relative::relative_report(root, vec![d]))?;
        Ok((Some(out), Target::Disk(writer)))
    }

    fn output(&self) -> &dyn Output {
        match self {
            Target::Disk(writer) => writer,
            Target::Memory(writer) => writer,
        }
    }
}

/// RENDER: every page through its template, into `target` as it is made, but for the pages whose
/// key in `keys` equals the last build's in `last`: those are kept as published.
fn render(
    root: &Path,
    renderer: &Renderer<'_>,
    target: &Target,
    last: &[Option<LastPage>],
    keys: &[u64],
    progress: Option<&Progress>,
) -> Result<(), Report> {
    let writer = target.output();
    let no_progress = |_: usize, _: usize| {};
    let progress: &(dyn Fn(usize, usize) + Sync) = match progress {
        Some(Progress(progress)) => progress.as_ref(),
        None => &no_progress,
    };
    let sink = |file: &str, bytes: std::borrow::Cow<'_, [u8]>| writer.put_page(file, bytes);
    let kept = |i: usize, route: &Route| match (last.get(i), keys.get(i)) {
        (Some(Some((old, hash))), Some(new)) if old == new => {
            writer.keep(&route.file(), hash.as_deref())
        }
        _ => Ok(false),
    };
    parallel::render_changed(renderer, &sink, &kept, progress)
        .map_err(|r| relative::relative_report(root, r.0))
}

/// WRITE: the static files and (on disk) the record of the build and the pages' keys, then the
/// output made whole: swapped into place on disk, or made `site` in memory.
fn write(
    root: &Path,
    target: Target,
    project: &Project,
    record: &Record,
    keys: Option<(&Routes, &[u64])>,
    site: &mut Arc<SiteFiles>,
) -> Result<WriteStats, Report> {
    let relative = |d| relative::relative_report(root, vec![d]);
    let writer = target.output();
    for (file, bytes) in &project.assets.files {
        writer.put(file, bytes).map_err(relative)?;
    }
    match target {
        Target::Disk(writer) => {
            writer
                .put(layout::INPUTS_RECORD, record.to_text().as_bytes())
                .map_err(relative)?;
            let keys = keys.map(|(routes, keys)| {
                incremental::keys_text(routes, keys, |file| writer.hash_of(file))
            });
            let output = writer.output().to_path_buf();
            let stats = writer.finish().map_err(relative)?;
            if let Some(keys) = keys {
                incremental::keep_keys(&output, &keys);
            }
            Ok(stats)
        }
        Target::Memory(writer) => {
            let (files, stats) = writer.finish();
            *site = Arc::new(files);
            Ok(stats)
        }
    }
}
