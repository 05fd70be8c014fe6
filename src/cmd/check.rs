//! `puente check`.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Args, ValueEnum};
use puente::check::{self, Attention, Findings};
use puente::diagnostic::{Report, Severity};

/// Options of `puente check`.
#[derive(Args, Debug)]
pub struct CheckArgs {
    /// The project folder, holding site.toml.
    #[arg(short, long, default_value = ".")]
    root: PathBuf,
    /// How to print the problems.
    #[arg(long, value_enum, default_value_t = Format::Human)]
    format: Format,
    /// Record that every translation was reviewed against its current original (writes the files).
    #[arg(long)]
    fix_fingerprints: bool,
    /// Fail on warnings too (exit 1), not only on errors (`--deny-warnings` says the same).
    #[arg(long, visible_alias = "deny-warnings")]
    strict: bool,
}

/// Output formats of `check`.
#[derive(Clone, Copy, Debug, ValueEnum)]
enum Format {
    /// Annotated source snippets.
    Human,
    /// One JSON document, for CI.
    Json,
}

impl CheckArgs {
    /// Checks the project; exit code 1 on errors (on warnings too with `--strict`), else 0.
    pub fn run(&self) -> ExitCode {
        let attention = match super::not_a_project(&self.root) {
            Some(problem) => Attention {
                findings: Findings::build_error(problem),
                ..Attention::default()
            },
            None => {
                if self.fix_fingerprints && !self.record_reviews() {
                    return ExitCode::FAILURE;
                }
                match self.format {
                    // The JSON shows what the desk of `serve` shows, from the same collection.
                    Format::Json => check::attention(&self.root, check::today()),
                    Format::Human => Attention {
                        findings: check::check(&self.root, check::today()),
                        ..Attention::default()
                    },
                }
            }
        };
        let report = Report(attention.findings.problems.clone());
        let errors = report.count(Severity::Error);
        let warnings = report.count(Severity::Warning);
        let fails = errors > 0 || (self.strict && warnings > 0);
        match self.format {
            Format::Json => println!("{:#}", attention.to_json()),
            Format::Human if report.is_empty() => eprintln!("No problems found."),
            Format::Human => {
                super::print_report(&self.root, &report);
                if errors == 0 && self.strict {
                    eprintln!("The check failed: --strict fails on warnings.");
                } else if errors == 0 {
                    eprintln!("Only warnings: the check passes (--strict would fail on them).");
                }
            }
        }
        if fails {
            ExitCode::FAILURE
        } else {
            ExitCode::SUCCESS
        }
    }

    /// `--fix-fingerprints`: records every translation as reviewed; false when it could not.
    fn record_reviews(&self) -> bool {
        match check::fix_fingerprints(&self.root) {
            Ok(files) => {
                for file in &files {
                    eprintln!("recorded the review in {}", file.display());
                }
                true
            }
            Err(report) => {
                super::print_report(&self.root, &report);
                false
            }
        }
    }
}
