//! `puente build`.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::Args;

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
    /// Print nothing on success.
    #[arg(short, long, conflicts_with = "verbose")]
    quiet: bool,
    /// Also print how long each phase took.
    #[arg(short, long)]
    verbose: bool,
}

impl BuildArgs {
    /// Builds, prints the one-line summary (or every error) and returns the exit code.
    pub fn run(&self) -> ExitCode {
        let options = puente::build::Options {
            output: self.output_dir.clone(),
            drafts: self.drafts,
            base_url: None,
        };
        match puente::build::build_with(&self.root, &options) {
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
}
