//! The open-data page of a language: its downloads (`downloads.rs` makes them), their columns,
//! where they come from and on what terms; template `data.html`.

use serde::Serialize;

use super::common::Key;
use super::downloads::{ADVISORY_COLUMNS, EVENT_COLUMNS, LIST_SEPARATOR};
use crate::content::Date;
use crate::diagnostic::Diagnostic;
use crate::render::views::PageMeta;
use crate::render::Renderer;
use crate::routes::{DataFile, PageKind};

/// The template.
pub(crate) const TEMPLATE: &str = "data.html";

/// What the page shows besides what every page shows: how many events there are, and the
/// site's "Date modified" (the downloads' own).
pub(crate) fn key(r: &Renderer<'_>, key: &mut Key) {
    key.hasher
        .update(&(r.content.events.len() as u64).to_le_bytes());
    key.hasher.update(&r.newest.key_bytes());
}

/// The page's view: the two data sets, each with its files and its columns.
pub(crate) fn view(r: &Renderer<'_>, lang: &str) -> DataView {
    let regions = r.regions.len();
    let dataset = |name: &'static str, rows: usize, columns: &[&'static str]| Dataset {
        name,
        rows,
        files: DataFile::ALL
            .into_iter()
            .filter(|f| f.is_events() == (name == "events"))
            .map(|file| Download {
                name: file.name(),
                url: r.link(&PageKind::Download(file), lang),
                format: if file.media_type() == "text/csv" {
                    "CSV"
                } else {
                    "JSON"
                },
                media_type: file.media_type(),
            })
            .collect(),
        columns: columns.to_vec(),
    };
    DataView {
        datasets: vec![
            dataset("events", r.content.events.len(), &EVENT_COLUMNS),
            dataset(
                "advisories",
                r.content.advisories.len() * regions,
                &ADVISORY_COLUMNS,
            ),
        ],
        snapshots: r.content.advisories.len(),
        entities: regions,
        separator: LIST_SEPARATOR,
        map_url: r.link(&PageKind::Map, lang),
        timeline_url: r.link(&PageKind::TIMELINE, lang),
    }
}

/// "Open data" and its intro.
pub(crate) fn meta(r: &Renderer<'_>, lang: &str, modified: Date) -> Result<PageMeta, Diagnostic> {
    super::common::section(r, lang, "nav-data", "data-intro", modified)
}

#[derive(Serialize)]
pub(crate) struct DataView {
    pub(crate) datasets: Vec<Dataset>,
    pub(crate) snapshots: usize,
    pub(crate) entities: usize,
    pub(crate) separator: &'static str,
    pub(crate) map_url: String,
    pub(crate) timeline_url: String,
}

/// One data set: its name (`events`, which names its Fluent messages), rows, files, columns.
#[derive(Serialize)]
pub(crate) struct Dataset {
    pub(crate) name: &'static str,
    pub(crate) rows: usize,
    pub(crate) files: Vec<Download>,
    pub(crate) columns: Vec<&'static str>,
}

/// One file to download.
#[derive(Serialize)]
pub(crate) struct Download {
    pub(crate) name: &'static str,
    pub(crate) url: String,
    pub(crate) format: &'static str,
    pub(crate) media_type: &'static str,
}
