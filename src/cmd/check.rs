//! `puente check`.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Args, ValueEnum};
use puente::check::{self, Severity};
use puente::report::JsonProblem;

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
    /// Checks the project; exit code 1 when anything was found.
    pub fn run(&self) -> ExitCode {
        if self.fix_fingerprints {
            match check::fix_fingerprints(&self.root) {
                Ok(files) => {
                    for file in &files {
                        eprintln!("recorded the reviewed fingerprint in {}", file.display());
                    }
                }
                Err(report) => {
                    super::print_report(&self.root, &report);
                    return ExitCode::FAILURE;
                }
            }
        }
        let findings = check::check(&self.root, check::today());
        match self.format {
            Format::Json => {
                let problems: Vec<JsonProblem> = findings
                    .problems
                    .iter()
                    .map(|(s, d)| JsonProblem::new(d, s.name()))
                    .collect();
                let errors = findings
                    .problems
                    .iter()
                    .filter(|(s, _)| *s == Severity::Error)
                    .count();
                let document = serde_json::json!({
                    "errors": errors,
                    "warnings": findings.problems.len() - errors,
                    "problems": problems,
                });
                println!("{document:#}");
            }
            Format::Human => {
                for severity in [Severity::Error, Severity::Warning] {
                    let report = findings.report(severity);
                    if !report.0.is_empty() {
                        let text = puente::report::render(&self.root, &report, false);
                        let text = if severity == Severity::Warning {
                            text.replace("error: ", "warning: ")
                                .replace(" errors", " warnings")
                                .replace(" error", " warning")
                        } else {
                            text
                        };
                        eprintln!("{text}");
                    }
                }
                if findings.is_empty() {
                    eprintln!("No problems found.");
                }
            }
        }
        if findings.is_empty() {
            ExitCode::SUCCESS
        } else {
            ExitCode::FAILURE
        }
    }
}
