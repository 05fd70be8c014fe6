//! The `puente` command: parses arguments and runs a subcommand.

mod cmd;

use std::process::ExitCode;

use clap::{Parser, Subcommand};

/// mimalloc instead of the system allocator: rendering makes many small, short-lived strings.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// Build, preview and check the bilingual Mexico–Canada security briefing site.
#[derive(Parser, Debug)]
#[command(name = "puente", version, about)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand, Debug)]
enum Command {
    /// Build the site into the output folder (public/ by default).
    Build(cmd::build::BuildArgs),
    /// Preview the site on 127.0.0.1, rebuilding and reloading on every change (drafts included).
    Serve(cmd::serve::ServeArgs),
    /// Check everything: the build's validation, links and anchors, translations, the advisory's age.
    Check(cmd::check::CheckArgs),
    /// Create a new event or advisory snapshot, ready to fill in both languages.
    New(cmd::new::NewArgs),
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match &cli.command {
        Command::Build(args) => args.run(),
        Command::Serve(args) => args.run(),
        Command::Check(args) => args.run(),
        Command::New(args) => args.run(),
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
