//! The record a build leaves beside its output (the fingerprint of its inputs and its summary's
//! counts), and the shortcut a first build on disk takes when its inputs match it.

use std::path::{Path, PathBuf};
use std::time::Instant;

use rustc_hash::FxHashMap;

use super::inputs::InputFiles;
use crate::diagnostic::{Diagnostic, Report};
use crate::layout;
use crate::output::WriteStats;
use crate::pipeline::options::Options;
use crate::pipeline::relative::relative_report;
use crate::pipeline::summary::{Summary, Timings};
use crate::render::Pieces;

/// What the output records of its build: the inputs' fingerprint and the summary's counts.
#[derive(serde::Serialize, serde::Deserialize)]
pub(in crate::pipeline) struct Record {
    pub(in crate::pipeline) inputs: String,
    pub(in crate::pipeline) pages: Vec<(String, usize)>,
    pub(in crate::pipeline) shared_pages: usize,
    pub(in crate::pipeline) events: usize,
    pub(in crate::pipeline) advisories: usize,
    pub(in crate::pipeline) untranslated: Vec<(String, PathBuf)>,
}

impl Record {
    /// The record's text, as written to `layout::INPUTS_RECORD`.
    pub(in crate::pipeline) fn to_text(&self) -> String {
        serde_json::to_string_pretty(self).unwrap_or_default()
    }

    fn from_text(text: &str) -> Option<Record> {
        serde_json::from_str(text).ok()
    }
}

/// How a build starts: at once done, or with the fingerprint of its inputs to take.
pub(in crate::pipeline) enum Start {
    /// The output was made from exactly these inputs and is whole: this is its summary.
    Unchanged(Summary),
    /// Build.
    Build(Fingerprint),
}

/// The inputs' fingerprint, as far as it was taken before the load.
pub(in crate::pipeline) struct Fingerprint {
    /// False for a build that records none (a session's later builds, a build in memory).
    taken: bool,
    /// The inputs hashed; `None` when one could not be read (the load says why).
    files: Option<InputFiles>,
    /// Inputs that are no regular file: reported with what the load finds.
    unreadable: Vec<Diagnostic>,
    /// The published output this build compared its inputs with.
    published: Option<PathBuf>,
}

impl Fingerprint {
    /// A first build on disk (`take`) hashes its inputs and compares them with the record of
    /// the published output: when they match and the output is whole, the build is done.
    /// (A session that has built before knows what changed page by page instead.)
    pub(in crate::pipeline) fn start(
        root: &Path,
        options: &Options,
        take: bool,
        started: Instant,
    ) -> Start {
        let mut fingerprint = Fingerprint {
            taken: take,
            files: None,
            unreadable: Vec::new(),
            published: None,
        };
        if !take {
            return Start::Build(fingerprint);
        }
        // An input that is no regular file is kept to report with what the load finds.
        let mut not_regular = |hashed| match hashed {
            Ok(files) => files,
            Err(problems) => {
                fingerprint.unreadable = problems;
                None
            }
        };
        // A clean build compares with nothing published and takes nothing from it.
        let published = published_record(root, options).filter(|_| !options.clean);
        match published {
            // Compared before anything is loaded.
            Some((out, record)) => {
                let files = not_regular(InputFiles::hash(root, false));
                let inputs = files
                    .as_ref()
                    .and_then(|files| files.before_load(root, options));
                if inputs.as_deref() == Some(record.inputs.as_str()) {
                    if let Some(summary) = unchanged_summary(out.clone(), record, started) {
                        return Start::Unchanged(summary);
                    }
                }
                fingerprint.files = files;
                fingerprint.published = Some(out);
            }
            // Nothing to compare with (a clean build): the event and advisory files are hashed
            // by the load, from the bytes it parses, rather than read twice.
            None => fingerprint.files = not_regular(InputFiles::hash(root, true)),
        }
        Start::Build(fingerprint)
    }

    /// The load's result, failed too when some input could not be fingerprinted; each problem
    /// is said once (the load names the files it reads itself).
    pub(in crate::pipeline) fn check<T>(
        &mut self,
        root: &Path,
        loaded: Result<T, Report>,
    ) -> Result<T, Report> {
        let unreadable = std::mem::take(&mut self.unreadable);
        match (loaded, unreadable.is_empty()) {
            (Ok(project), true) => Ok(project),
            (loaded, _) => {
                let mut report = loaded.err().unwrap_or_default();
                let said: std::collections::HashSet<String> =
                    report.0.iter().map(ToString::to_string).collect();
                let more = relative_report(root, unreadable);
                report.extend(
                    more.0
                        .into_iter()
                        .filter(|d| !said.contains(&d.to_string())),
                );
                Err(report)
            }
        }
    }

    /// The events' pieces kept beside the published output (`store`).
    pub(in crate::pipeline) fn stored_pieces(&self) -> Option<(u128, Pieces)> {
        super::store::read(self.published.as_deref()?)
    }

    /// A hash of the bytes of every input but the events and advisories, when this build took
    /// the fingerprint (see `InputFiles::shared_digest`).
    pub(in crate::pipeline) fn shared_digest(&self, root: &Path) -> Option<u128> {
        self.files.as_ref()?.shared_digest(root)
    }

    /// The fingerprint of what this build used, to record, given the hashes the load took of
    /// the files it parsed; empty (matching nothing) when that cannot be vouched for.
    pub(in crate::pipeline) fn of_build(
        self,
        root: &Path,
        options: &Options,
        parsed: &FxHashMap<PathBuf, u128>,
    ) -> String {
        if !self.taken {
            return String::from("session");
        }
        self.files
            .and_then(|files| files.after_load(root, options, parsed))
            .unwrap_or_default()
    }
}

/// The output folder this build publishes to, and the record of the build that made it.
fn published_record(root: &Path, options: &Options) -> Option<(PathBuf, Record)> {
    let site = root.join(layout::SITE_TOML);
    crate::fs::check_inside(root, &site).ok()?;
    let config = crate::config::Config::from_file(&site).ok()?;
    let dir = options.output.clone().unwrap_or(config.output_dir);
    let out: PathBuf = if dir.is_absolute() {
        dir
    } else {
        root.join(dir)
    }
    .components()
    .collect();
    // Only a real folder of Puente's is compared with (a link is refused when written to),
    // and its record only if it is a regular file (read without following or blocking).
    if !std::fs::symlink_metadata(&out).is_ok_and(|m| m.is_dir()) {
        return None;
    }
    let text = String::from_utf8(crate::fs::read_own(&out.join(layout::INPUTS_RECORD))?).ok()?;
    let record = Record::from_text(&text)?;
    Some((out, record))
}

/// The summary of a build that found its output made from exactly its inputs, if the output is
/// still whole.
fn unchanged_summary(out: PathBuf, record: Record, started: Instant) -> Option<Summary> {
    let manifest = crate::fs::read_own(&out.join(layout::MANIFEST))?;
    let files = manifest
        .split(|b| *b == b'\n')
        .filter(|l| !l.is_empty())
        .count();
    Some(Summary {
        output: Some(out),
        pages: record.pages,
        shared_pages: record.shared_pages,
        events: record.events,
        advisories: record.advisories,
        untranslated: record.untranslated,
        written: WriteStats {
            written: 0,
            unchanged: files,
            removed: 0,
        },
        timings: Timings::default(),
        elapsed: started.elapsed(),
    })
}
