//! What a build tells: the pages, events and advisories it published, the files it wrote, and how
//! long each stage took.

use std::path::PathBuf;
use std::time::Duration;

use crate::config::Config;
use crate::output::WriteStats;
use crate::routes::Routes;

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

/// Pages per language code, in site order, and the pages that belong to no single language.
pub(super) fn page_counts(config: &Config, routes: &Routes) -> (Vec<(String, usize)>, usize) {
    let mut counts: Vec<(String, usize)> = config
        .languages
        .iter()
        .map(|l| (l.code.clone(), 0))
        .collect();
    let mut shared_pages = 0;
    for route in routes.all.iter().filter(|r| r.kind.is_page()) {
        match counts
            .iter_mut()
            .find(|(l, _)| Some(l) == route.language.as_ref())
        {
            Some((_, n)) => *n += 1,
            None => shared_pages += 1,
        }
    }
    (counts, shared_pages)
}
