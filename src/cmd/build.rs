//! `puente build`.

use std::io::IsTerminal;
use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::Arc;

use clap::Args;
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

/// Builds with fewer pages than this finish too fast for a progress bar to help.
const PROGRESS_FROM_PAGES: usize = 5_000;

/// Options of `puente build`.
#[derive(Args, Debug)]
pub struct BuildArgs {
    /// The project folder, holding site.toml.
    #[arg(short, long, default_value = ".")]
    root: PathBuf,
    /// Write the site here instead of site.toml's output_dir.
    #[arg(short, long)]
    output_dir: Option<PathBuf>,
    /// Include drafts (`draft = true`); never for publishing.
    #[arg(long)]
    drafts: bool,
    /// Ignore everything earlier builds kept (the inputs' record and the page keys in the
    /// output, the store beside it): parse, render and write every page again. Never needed
    /// for a correct site; for measuring, or to rule the incremental build out.
    #[arg(long)]
    clean: bool,
    /// Print nothing on success.
    #[arg(short, long, conflicts_with = "verbose")]
    quiet: bool,
    /// Also print how long each phase took, and per template the CPU time of its views and of
    /// the template itself (`--timings` says the same).
    #[arg(short, long, visible_alias = "timings")]
    verbose: bool,
}

impl BuildArgs {
    /// Builds, prints the one-line summary (or every error) and returns the exit code.
    pub fn run(&self) -> ExitCode {
        if !super::require_project(&self.root) {
            return ExitCode::FAILURE;
        }
        let bar = self.progress_bar();
        let options = puente::pipeline::Options {
            output: self.output_dir.clone(),
            drafts: self.drafts,
            base_url: None,
            progress: bar.clone().map(progress),
            in_memory: false,
            clean: self.clean,
        };
        let result = puente::pipeline::build_with(&self.root, &options);
        if let Some(bar) = bar {
            bar.finish_and_clear();
        }
        match result {
            Ok(summary) => {
                if !self.quiet {
                    eprintln!("{summary}");
                }
                if self.verbose {
                    eprintln!("{}", summary.timings);
                }
                ExitCode::SUCCESS
            }
            Err(report) => {
                super::print_report(&self.root, &report);
                eprintln!("The build failed; the previous output was left untouched.");
                ExitCode::FAILURE
            }
        }
    }

    /// A progress bar on a terminal, shown only once rendering turns out to be long; else none.
    fn progress_bar(&self) -> Option<ProgressBar> {
        if self.quiet || !std::io::stderr().is_terminal() {
            return None;
        }
        let bar = ProgressBar::with_draw_target(None, ProgressDrawTarget::hidden());
        if let Ok(style) = ProgressStyle::with_template("rendering {pos}/{len} pages {wide_bar}") {
            bar.set_style(style);
        }
        Some(bar)
    }
}

/// Moves the bar as pages render; a site of few pages never draws it.
fn progress(bar: ProgressBar) -> puente::pipeline::Progress {
    puente::pipeline::Progress(Arc::new(move |done: usize, total: usize| {
        if total < PROGRESS_FROM_PAGES {
            return;
        }
        if bar.is_hidden() {
            bar.set_draw_target(ProgressDrawTarget::stderr());
            bar.set_length(total as u64);
        }
        bar.set_position(done as u64);
    }))
}
