//! `puente serve`.

use std::net::IpAddr;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::Args;

/// Options of `puente serve`.
#[derive(Args, Debug)]
pub struct ServeArgs {
    /// The project folder, holding site.toml.
    #[arg(short, long, default_value = ".")]
    root: PathBuf,
    /// The port to listen on (0 picks a free one).
    #[arg(short, long, default_value_t = 1111)]
    port: u16,
    /// The address to listen on; anything but loopback exposes drafts to the network.
    #[arg(short, long, default_value = "127.0.0.1")]
    bind: IpAddr,
    /// Also print how long each phase of every rebuild took.
    #[arg(short, long)]
    verbose: bool,
}

impl ServeArgs {
    /// Serves until Ctrl-C.
    pub fn run(&self) -> ExitCode {
        if !super::require_project(&self.root) {
            return ExitCode::FAILURE;
        }
        let options = puente::serve::ServeOptions {
            root: self.root.clone(),
            bind: self.bind,
            port: self.port,
        };
        let root = self.root.clone();
        let verbose = self.verbose;
        let on_build: puente::serve::BuildListener = std::sync::Arc::new(
            move |result| match result {
                Ok(summary) if verbose => eprintln!("built: {summary}\n{}", summary.timings),
                Ok(summary) => eprintln!("built: {summary}"),
                Err(report) => {
                    super::print_report(&root, report);
                    eprintln!("The build failed; still serving the last good build, with the errors shown on every page.");
                }
            },
        );
        let ready = |address: std::net::SocketAddr, url: &str| {
            eprintln!(
                "Serving {} on {url} (listening on {address}); press Ctrl-C to stop.",
                self.root.display()
            );
        };
        match puente::serve::serve(options, ready, on_build) {
            Ok(()) => ExitCode::SUCCESS,
            Err(report) => {
                super::print_report(&self.root, &report);
                ExitCode::FAILURE
            }
        }
    }
}
