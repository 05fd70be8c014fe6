//! `puente new event|advisory`.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Args, Subcommand};

/// Options of `puente new`.
#[derive(Args, Debug)]
pub struct NewArgs {
    /// The project folder, holding site.toml.
    #[arg(short, long, default_value = ".", global = true)]
    root: PathBuf,
    #[command(subcommand)]
    item: Item,
}

/// What to create.
#[derive(Subcommand, Debug)]
enum Item {
    /// content/events/<date>-<slug>.toml, titled in the default language.
    Event {
        /// The event's date, YYYY-MM-DD.
        date: String,
        /// The title, in the default language (Spanish).
        #[arg(required = true, num_args = 1..)]
        title: Vec<String>,
    },
    /// content/advisories/<date>.toml, starting from the newest snapshot's levels.
    Advisory {
        /// The advisory's date, YYYY-MM-DD.
        date: String,
    },
}

impl NewArgs {
    /// Creates the file and says where it is.
    pub fn run(&self) -> ExitCode {
        if !super::require_project(&self.root) {
            return ExitCode::FAILURE;
        }
        let result = match &self.item {
            Item::Event { date, title } => {
                puente::new::new_event(&self.root, date, &title.join(" "))
            }
            Item::Advisory { date } => puente::new::new_advisory(&self.root, date),
        };
        match result {
            Ok(path) => {
                eprintln!("created {}", path.display());
                eprintln!("It is a draft: `puente serve` shows it, `puente build` leaves it out until you delete `draft = true`.");
                ExitCode::SUCCESS
            }
            Err(report) => {
                super::print_report(&self.root, &report);
                ExitCode::FAILURE
            }
        }
    }
}
