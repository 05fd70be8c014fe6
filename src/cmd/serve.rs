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
}

impl ServeArgs {
    /// Serves until Ctrl-C.
    pub fn run(&self) -> ExitCode {
        let options = puente::serve::ServeOptions {
            root: self.root.clone(),
            bind: self.bind,
            port: self.port,
        };
        let result = puente::serve::serve(options, |address, url| {
            eprintln!(
                "Serving {} on {url} (listening on {address}); press Ctrl-C to stop.",
                self.root.display()
            );
        });
        match result {
            Ok(()) => ExitCode::SUCCESS,
            Err(report) => {
                super::print_report(&self.root, &report);
                ExitCode::FAILURE
            }
        }
    }
}
