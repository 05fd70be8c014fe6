//! The build: load and validate everything, build the routes, render in parallel, write only what
//! changed. A `Session` keeps parsed sources between builds (`serve`).

mod cache;
mod inputs;
mod project;

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

pub use cache::{Cache, Stamp};
use inputs::InputFiles;
pub(crate) use project::url_names;
pub use project::{literal_keys, Project, GEOJSON};

use crate::diagnostic::Report;
use crate::output::{self, MemoryWriter, Output, SiteFiles, WriteStats};

/// What a build produced.
#[derive(Debug, Clone)]
pub struct Summary {
    /// The output folder; `None` for a site built in memory (`serve`'s).
    pub output: Option<PathBuf>,
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
            "{}, {}, {} — {} written, {} unchanged, {} removed {} — {} ms",
            pages.join(", "),
            plural(self.events, "event", "events"),
            plural(self.advisories, "advisory", "advisories"),
            plural(self.written.written, "file", "files"),
            self.written.unchanged,
            self.written.removed,
            match &self.output {
                Some(folder) => format!("in {}", folder.display()),
                None => "in memory".to_string(),
            },
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

/// The file in the output that records what it was built from.
pub const INPUTS: &str = ".puente-inputs";

/// What the output records of its build: the inputs' fingerprint and the summary's counts.
#[derive(serde::Serialize, serde::Deserialize)]
struct Record {
    inputs: String,
    pages: Vec<(String, usize)>,
    shared_pages: usize,
    events: usize,
    advisories: usize,
    untranslated: Vec<(String, PathBuf)>,
}

impl Record {
    fn to_text(&self) -> String {
        serde_json::to_string_pretty(self).unwrap_or_default()
    }

    fn from_text(text: &str) -> Option<Record> {
        serde_json::from_str(text).ok()
    }
}

/// How long each phase of a build took.
#[derive(Debug, Clone, Default)]
pub struct Timings {
    /// Reading, parsing and validating every source, and building the routes.
    pub load: Duration,
    /// Turning Markdown into HTML (once per item and language).
    pub markdown: Duration,
    /// Rendering every page through its template, writing each changed one as it is made.
    pub render: Duration,
    /// Static files, removing what is gone, the manifest and the swap.
    pub write: Duration,
    /// Per template: pages, and the CPU time of their views and of the template.
    pub templates: std::collections::BTreeMap<&'static str, crate::render::TemplateTime>,
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
        )?;
        for (name, t) in &self.templates {
            write!(
                f,
                "\n  {name}: {} pages, views {:.1} ms, template {:.1} ms (CPU, all threads)",
                t.pages,
                ms(t.context),
                ms(t.template)
            )?;
        }
        Ok(())
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
    /// Keep the site in memory instead of writing it (the preview server's); `Session::site`
    /// gives it.
    pub in_memory: bool,
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
    let mut session = Session::new(root, options.clone());
    session.cache.content.once = true;
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
    cache: Cache,
    /// The last successful build's routes and each one's key (see `Renderer::route_key`).
    last_keys: Option<(std::sync::Arc<crate::site::Routes>, Vec<u64>)>,
    /// The event HTML of the last successful build.
    markdown: crate::render::MarkdownCache,
    /// The events' search documents of the last successful build, with what they depend on.
    search: (u64, crate::render::SearchCache),
    /// The last successful build's files, when built in memory.
    site: std::sync::Arc<SiteFiles>,
}

/// True when two route tables have the same paths in the same order.
fn same_paths(a: &crate::site::Routes, b: &crate::site::Routes) -> bool {
    std::ptr::eq(a, b)
        || (a.all.len() == b.all.len() && a.all.iter().zip(&b.all).all(|(x, y)| x.path == y.path))
}

/// Where one build puts the site.
enum Target {
    Disk(output::Writer),
    Memory(MemoryWriter),
}

impl Target {
    fn output(&self) -> &dyn Output {
        match self {
            Target::Disk(writer) => writer,
            Target::Memory(writer) => writer,
        }
    }
}

impl Session {
    /// A session for the project at `root`.
    pub fn new(root: &Path, options: Options) -> Session {
        Session {
            root: root.to_path_buf(),
            options,
            cache: Cache::default(),
            last_keys: Default::default(),
            markdown: Default::default(),
            search: Default::default(),
            site: Default::default(),
        }
    }

    /// A new session for the same project and options, with nothing cached (`serve` starts one
    /// after a build panicked, since that build may have left the caches half updated).
    pub fn fresh(&self) -> Session {
        Session::new(&self.root, self.options.clone())
    }

    /// The files of the last successful build made in memory (`Options::in_memory`).
    pub fn site(&self) -> std::sync::Arc<SiteFiles> {
        self.site.clone()
    }

    /// Builds, reusing the parse of unchanged sources from earlier builds of this session.
    pub fn build(&mut self) -> Result<Summary, Report> {
        self.run(true)
    }

    /// Builds; `again` when this session will build again (and so keeps each page's key). Runs
    /// on the threads of `with_deep_stacks`.
    fn run(&mut self, again: bool) -> Result<Summary, Report> {
        with_deep_stacks(|| self.run_here(again))
    }

    fn run_here(&mut self, again: bool) -> Result<Summary, Report> {
        let started = Instant::now();
        // A session that has built before knows what changed page by page; the whole-input
        // fingerprint is for a first build on disk (a fresh `puente build` on an unchanged project).
        let fingerprinted = self.last_keys.is_none() && !self.options.in_memory;
        let mut input_files = None;
        let mut unreadable = Vec::new();
        if fingerprinted {
            // An input that is no regular file is kept to report with what the load finds.
            let mut not_regular = |hashed| match hashed {
                Ok(files) => files,
                Err(problems) => {
                    unreadable = problems;
                    None
                }
            };
            match self.published_record() {
                // Compared before anything is loaded.
                Some((out, record)) => {
                    input_files = not_regular(InputFiles::hash(&self.root, false));
                    let inputs = input_files
                        .as_ref()
                        .and_then(|files| files.before_load(&self.root, &self.options));
                    if inputs.as_deref() == Some(record.inputs.as_str()) {
                        if let Some(summary) = unchanged_summary(out, record, started) {
                            return Ok(summary);
                        }
                    }
                }
                // Nothing to compare with (a clean build): the event and advisory files are
                // hashed by the load, from the bytes it parses, rather than read twice.
                None => input_files = not_regular(InputFiles::hash(&self.root, true)),
            }
        }
        let mut timings = Timings::default();
        let loaded = Project::load_cached(&self.root, &self.options, &mut self.cache);
        let project = match (loaded, unreadable.is_empty()) {
            (Ok(project), true) => project,
            (loaded, _) => {
                // The load names the files it reads itself: each problem is said once.
                let mut report = loaded.err().unwrap_or_default();
                let said: std::collections::HashSet<String> =
                    report.0.iter().map(ToString::to_string).collect();
                let more = project::relative_report(&self.root, unreadable);
                report.extend(
                    more.0
                        .into_iter()
                        .filter(|d| !said.contains(&d.to_string())),
                );
                return Err(report);
            }
        };
        // What this build used; empty (matching nothing) when that cannot be vouched for.
        let inputs = if fingerprinted {
            input_files
                .and_then(|files| {
                    files.after_load(&self.root, &self.options, &self.cache.content.hashes)
                })
                .unwrap_or_default()
        } else {
            String::from("session")
        };
        timings.load = started.elapsed();
        let phase = Instant::now();
        // Search documents hold labels and dates from the UI strings and names from the map.
        let search_key = {
            let stamp = Stamp::of(&["site.toml", "i18n", GEOJSON].map(|s| self.root.join(s)));
            xxhash_rust::xxh3::xxh3_64(format!("{stamp:?}{:?}", self.options.base_url).as_bytes())
        };
        let search_cache = (self.search.0 == search_key).then_some(&self.search.1);
        let renderer = project.renderer_with(Some(&self.markdown), search_cache);
        timings.markdown = phase.elapsed();
        let phase = Instant::now();
        let relative = |d| project::relative_report(&self.root, vec![d]);
        let (out, target) = if self.options.in_memory {
            (None, Target::Memory(MemoryWriter::begin(self.site.clone())))
        } else {
            let out = project.output_dir(self.options.output.as_deref());
            project::check_output_location(&self.root, &out).map_err(Report::from)?;
            let writer = output::Writer::begin(&out).map_err(relative)?;
            (Some(out), Target::Disk(writer))
        };
        let writer = target.output();
        let no_progress = |_: usize, _: usize| {};
        let progress: &(dyn Fn(usize, usize) + Sync) = match &self.options.progress {
            Some(Progress(progress)) => progress.as_ref(),
            None => &no_progress,
        };
        let sink = |file: &str, bytes: &[u8]| writer.put(file, bytes);
        // A page whose key matches the last build of this session is kept without rendering. A
        // one-off build (`puente build`, nothing to compare with) renders everything and skips them.
        let keys = if again {
            self.route_keys(&project, &renderer)
        } else {
            Default::default()
        };
        // Keys compare route by route when the routes are the same (a changed route changes
        // every key anyway: they all hold the route table).
        let last = self
            .last_keys
            .as_ref()
            .filter(|(routes, _)| same_paths(routes, &project.routes))
            .map(|(_, keys)| keys);
        let kept =
            |i: usize, route: &crate::site::Route| match (last.and_then(|l| l.get(i)), keys.get(i))
            {
                (Some(old), Some(new)) if old == new => writer.keep(&route.file()),
                _ => Ok(false),
            };
        renderer
            .render_changed(&sink, &kept, progress)
            .map_err(|r| project::relative_report(&self.root, r.0))?;
        timings.render = phase.elapsed();
        timings.templates = renderer.template_times();
        let phase = Instant::now();
        for (file, bytes) in &project.assets.files {
            writer.put(file, bytes).map_err(relative)?;
        }
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
        let record = Record {
            inputs,
            pages: counts.clone(),
            shared_pages,
            events: project.content.events.len(),
            advisories: project.content.advisories.len(),
            untranslated: project.untranslated(),
        };
        let written = match target {
            Target::Disk(writer) => {
                writer
                    .put(INPUTS, record.to_text().as_bytes())
                    .map_err(relative)?;
                writer.finish().map_err(relative)?
            }
            Target::Memory(writer) => {
                let (files, stats) = writer.finish();
                self.site = std::sync::Arc::new(files);
                stats
            }
        };
        self.last_keys = again.then(|| (project.routes.clone(), keys));
        // What only a next build of this session reuses is kept only when there will be one.
        if again {
            let markdown = renderer.markdown_cache();
            let search_docs = renderer.search_docs();
            drop(renderer);
            self.markdown = markdown;
            self.search = (search_key, search_docs);
        } else {
            free_in_background((renderer.into_leftovers(), project));
        }
        timings.write = phase.elapsed();
        Ok(Summary {
            output: out,
            pages: counts,
            shared_pages,
            events: record.events,
            advisories: record.advisories,
            untranslated: record.untranslated,
            timings,
            written,
            elapsed: started.elapsed(),
        })
    }

    /// Every page's key: what it shows (its content's versions) on top of what every page shows.
    fn route_keys(&self, project: &Project, renderer: &crate::render::Renderer<'_>) -> Vec<u64> {
        use rayon::prelude::*;
        let mut hasher = xxhash_rust::xxh3::Xxh3::new();
        let shared = [
            "site.toml",
            "i18n",
            "templates",
            "static",
            GEOJSON,
            "content/pages",
        ];
        let stamp = Stamp::of(&shared.map(|s| self.root.join(s)));
        hasher.update(
            format!(
                "{stamp:?}{:?}{:?}",
                self.options.drafts, self.options.base_url
            )
            .as_bytes(),
        );
        for advisory in &project.content.advisories {
            hasher.update(&advisory.version.to_le_bytes());
        }
        for route in &project.routes.all {
            hasher.update(route.path.as_bytes());
        }
        let global = hasher.digest();
        let mut events = xxhash_rust::xxh3::Xxh3::new();
        for event in &project.content.events {
            events.update(&event.version.to_le_bytes());
        }
        let all_events = events.digest();
        project
            .routes
            .all
            .par_iter()
            .map(|route| renderer.route_key(route, global, all_events))
            .collect()
    }

    /// The output folder this build publishes to, and the record of the build that made it.
    fn published_record(&self) -> Option<(PathBuf, Record)> {
        let site = self.root.join("site.toml");
        crate::fs::check_inside(&self.root, &site).ok()?;
        let config = crate::config::Config::from_file(&site).ok()?;
        let dir = self.options.output.clone().unwrap_or(config.output_dir);
        let out: PathBuf = if dir.is_absolute() {
            dir
        } else {
            self.root.join(dir)
        }
        .components()
        .collect();
        // Only a real folder of Puente's is compared with (a link is refused when written to),
        // and its record only if it is a regular file (read without following or blocking).
        if !std::fs::symlink_metadata(&out).is_ok_and(|m| m.is_dir()) {
            return None;
        }
        let text = String::from_utf8(crate::fs::read_own(&out.join(INPUTS))?).ok()?;
        let record = Record::from_text(&text)?;
        Some((out, record))
    }
}

/// The summary of a build that found its output made from exactly its inputs, if the output is
/// still whole.
fn unchanged_summary(out: PathBuf, record: Record, started: Instant) -> Option<Summary> {
    let manifest = crate::fs::read_own(&out.join(output::MANIFEST))?;
    let files = manifest
        .split(|b| *b == b'\n')
        .filter(|l| !l.is_empty())
        .count();
    Some(Summary {
        output: Some(out),
        pages: record.pages,
        shared_pages: record.shared_pages,
        events: record.events,
        advisories: record.advisories,
        untranslated: record.untranslated,
        written: WriteStats {
            written: 0,
            unchanged: files,
            removed: 0,
        },
        timings: Timings::default(),
        elapsed: started.elapsed(),
    })
}
