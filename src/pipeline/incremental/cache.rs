//! What a session keeps between builds: parsed sources, reused while their files are unchanged.

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::SystemTime;

use crate::content::ContentCache;
use crate::diagnostic::Diagnostic;
use crate::i18n::I18n;
use crate::map::Geometry;
use crate::output::assets::Assets;

/// Size and modification time of a set of files, and the settings a result also depends on: when
/// it is equal, the result made from them can be reused.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Default)]
pub struct Stamp {
    files: Vec<(PathBuf, u64, Option<SystemTime>)>,
    settings: Vec<String>,
}

impl Stamp {
    /// The stamp of every file under `paths` (files or folders; a missing one counts as absent).
    /// Links are followed as the loads follow them; whatever is not a folder counts (a FIFO that
    /// appears changes the stamp, and the load that then runs names it). Only `stat`s: nothing
    /// is opened, so nothing blocks.
    pub fn of(paths: &[PathBuf]) -> Stamp {
        let mut entries = Vec::new();
        for path in paths {
            if path.is_dir() {
                // Links that lead out of the folder holding `path` (the project, for its source
                // folders) are stamped but not walked into: the load refuses them, and one to
                // `/` would be walked on every rebuild.
                let base = path.parent().and_then(|p| p.canonicalize().ok());
                let mut walk = walkdir::WalkDir::new(path)
                    .follow_links(true)
                    .sort_by_file_name()
                    .into_iter();
                while let Some(entry) = walk.next() {
                    let Ok(entry) = entry else { continue };
                    if !entry.file_type().is_dir() {
                        entries.push(file_stamp(entry.path()));
                    } else if entry.path_is_symlink() {
                        let real = entry.path().canonicalize().ok();
                        let inside =
                            matches!((&real, &base), (Some(r), Some(b)) if r.starts_with(b));
                        if !inside {
                            entries.push(file_stamp(entry.path()));
                            walk.skip_current_dir();
                        }
                    }
                }
            } else {
                entries.push(file_stamp(path));
            }
        }
        Stamp {
            files: entries,
            settings: Vec::new(),
        }
    }

    /// This stamp followed by `other`'s (for results that depend on several sources).
    pub fn and(mut self, other: &Stamp) -> Stamp {
        self.files.extend(other.files.iter().cloned());
        self.settings.extend(other.settings.iter().cloned());
        self
    }

    /// This stamp and a setting the result depends on besides the files (such as the base path
    /// that templates write into every asset URL).
    pub fn with_setting(mut self, setting: &str) -> Stamp {
        self.settings.push(setting.to_string());
        self
    }

    /// True when some file's time is unknown: such a result is never reused.
    pub fn uncertain(&self) -> bool {
        self.files.iter().any(|(_, _, time)| time.is_none())
    }
}

fn file_stamp(path: &Path) -> (PathBuf, u64, Option<SystemTime>) {
    let (len, modified) = crate::fs::stamp(path);
    (path.to_path_buf(), len, modified)
}

/// The stamps of every input but the events and advisories, taken once per load and used by
/// every cache and key of that build (so a rebuild stats each of those files once).
#[derive(Debug, Clone, Default)]
pub struct InputStamps {
    /// `site.toml`.
    pub site: Stamp,
    /// `i18n/`.
    pub i18n: Stamp,
    /// `templates/`.
    pub templates: Stamp,
    /// `static/`.
    pub statics: Stamp,
    /// The GeoJSON of the federal entities.
    pub geo: Stamp,
    /// `content/pages/`.
    pub pages: Stamp,
}

impl InputStamps {
    /// Stamps every one of them now.
    pub fn take(root: &Path) -> InputStamps {
        use crate::layout;
        let of = |path: &str| Stamp::of(&[root.join(path)]);
        InputStamps {
            site: of(layout::SITE_TOML),
            i18n: of(layout::I18N),
            templates: of(layout::TEMPLATES),
            statics: of(layout::STATIC),
            geo: of(layout::GEOJSON),
            pages: of(layout::PAGES),
        }
    }

    /// All of them together.
    pub fn all(&self) -> Stamp {
        self.site
            .clone()
            .and(&self.i18n)
            .and(&self.templates)
            .and(&self.statics)
            .and(&self.geo)
            .and(&self.pages)
    }
}

/// A value computed from sources with a given stamp.
pub type Cached<T> = Option<(Stamp, T)>;

/// The cached value if its stamp still matches; else computes, keeps and returns a new one.
pub fn reuse<T: Clone>(slot: &mut Cached<T>, stamp: Stamp, compute: impl FnOnce() -> T) -> T {
    if let Some((old, value)) = slot {
        if *old == stamp && !stamp.uncertain() {
            return value.clone();
        }
    }
    let value = compute();
    *slot = Some((stamp, value.clone()));
    value
}

/// Everything a session reuses between builds.
#[derive(Default)]
pub struct Cache {
    /// UI strings and their problems.
    pub i18n: Cached<(Arc<I18n>, Vec<Diagnostic>)>,
    /// The federal entities, and the two maps drawn from them (main, locator).
    pub geo: Cached<Result<Arc<Geometry>, Vec<Diagnostic>>>,
    /// Static files.
    pub assets: Cached<Result<Arc<Assets>, Vec<Diagnostic>>>,
    /// Parsed templates (they depend on the UI strings and asset names too).
    pub templates: Cached<Result<Arc<tera::Tera>, Vec<Diagnostic>>>,
    /// Parsed content files.
    pub content: ContentCache,
    /// The stamps of the inputs but events and advisories, as the last load took them.
    pub stamps: InputStamps,
    /// The route table, by a hash of what it is made from (see `Project::load_cached`).
    pub routes: Option<(u128, Arc<crate::routes::Routes>)>,
}
