//! The `puente` command: parses arguments and runs a subcommand.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Args, Parser, Subcommand};

/// Build the bilingual Mexico–Canada security briefing site.
#[derive(Parser, Debug)]
#[command(name = "puente", version, about)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand, Debug)]
enum Command {
    /// Build the site into the output folder (public/ by default).
    Build(BuildArgs),
}

/// Options of `puente build`.
#[derive(Args, Debug)]
struct BuildArgs {
    /// The project folder, holding site.toml.
    #[arg(short, long, default_value = ".")]
    root: PathBuf,
    /// Write the site here instead of site.toml's output_dir.
    #[arg(short, long)]
    output_dir: Option<PathBuf>,
    /// Print nothing on success.
    #[arg(short, long)]
    quiet: bool,
}

impl BuildArgs {
    fn run(&self) -> ExitCode {
        match puente::build::build(&self.root, self.output_dir.as_deref()) {
            Ok(summary) => {
                if !self.quiet {
                    eprintln!("{summary}");
                }
                ExitCode::SUCCESS
            }
            Err(report) => {
                eprintln!("{report}");
                eprintln!("The build failed; the previous output was left untouched.");
                ExitCode::FAILURE
            }
        }
    }
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match &cli.command {
        Command::Build(args) => args.run(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    #[test]
    fn cli_is_well_formed() {
        Cli::command().debug_assert();
    }
}
