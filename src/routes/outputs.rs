//! Every file of the output and what puts it there, so that no two outputs share a path (as the
//! file system compares paths), and none takes a name Puente or `serve` keeps for itself.

use std::path::Path;

use super::KindName;
use crate::diagnostic::{Diagnostic, Report};

/// The files Puente keeps for itself at the top of the output folder.
pub(super) const BOOKKEEPING: [&str; 3] = [
    crate::layout::STAMP,
    crate::layout::MANIFEST,
    crate::layout::INPUTS_RECORD,
];

/// Where in a file to blame: a line and column, or a byte offset (turned into them only for a
/// report).
#[derive(Debug, Clone, Copy)]
pub enum Spot {
    /// 1-based line and column.
    At(usize, usize),
    /// Byte offset in the file's text.
    Offset(usize),
}

/// What puts a file into the output, to say so when two would share a path. A new kind of output
/// (a data file, say) gets a variant saying where it comes from and is passed to `Routes::new`
/// among its `others`, so that it is checked against every other output like the static files.
#[derive(Debug, Clone)]
pub enum Origin<'a> {
    /// A file the site always has (`the sitemap`), in a language or for all of them.
    Builtin(&'static str, Option<&'a str>),
    /// The first page of a section named in site.toml (`timeline`), in a language.
    Section(&'static str, &'a str),
    /// A year's filter of the timeline, in a language.
    Year(u16, &'a str),
    /// An event kind's filter of the timeline, in a language, with where its name comes from.
    Kind(&'a str, &'a str, Option<&'a KindName>),
    /// A state's page (ISO code), in a language: named after the state in the map's GeoJSON.
    State(&'a str, &'a str),
    /// An event, advisory or page file, in a language: `at` is where its slug is written, or
    /// where its title is when the slug is made from it (`derived`).
    Item {
        /// The file.
        file: &'a Path,
        /// The language.
        lang: &'a str,
        /// Where to blame, when known.
        at: Option<Spot>,
        /// True when the slug is made from the title.
        derived: bool,
    },
    /// A static file (its path in the project).
    Static(&'a Path),
    /// A file Puente keeps for itself in the output (`.puente-manifest`).
    Bookkeeping(&'static str),
}

impl<'a> Origin<'a> {
    /// An event's or page's text: blamed at its slug, or at its title when the slug is derived.
    pub(super) fn item(
        file: &'a Path,
        lang: &'a str,
        slug_at: Option<(usize, usize)>,
        title: Spot,
    ) -> Origin<'a> {
        Origin::Item {
            file,
            lang,
            at: Some(slug_at.map_or(title, |(line, column)| Spot::At(line, column))),
            derived: slug_at.is_none(),
        }
    }

    /// What it is, for a message that names it.
    fn describe(&self) -> String {
        let lang = |l: &Option<&str>| l.map_or(String::new(), |l| format!(" [{l}]"));
        match self {
            Origin::Builtin(what, l) => format!("{what}{}", lang(l)),
            Origin::Section(name, l) => format!("the `{name}` section of site.toml [{l}]"),
            Origin::Year(year, l) => format!("the timeline filter for {year} [{l}]"),
            Origin::Kind(kind, l, Some(name)) => format!(
                "the timeline filter for the kind `{kind}` [{l}], named after `{}{kind}` in {}",
                crate::i18n::KIND_PREFIX,
                name.file.display()
            ),
            Origin::Kind(kind, l, None) => {
                format!("the timeline filter for the kind `{kind}` [{l}]")
            }
            Origin::State(code, l) => format!(
                "the page of the state {code} [{l}], named after it in {}",
                crate::layout::GEOJSON
            ),
            Origin::Item { file, lang, .. } => format!("{} [{lang}]", file.display()),
            Origin::Static(file) => format!("static file {}", file.display()),
            Origin::Bookkeeping(name) => format!("`{name}`, a file Puente keeps for itself"),
        }
    }

    /// The diagnostic for `message` about this output, blamed where it can be changed.
    fn blame(&self, message: String) -> Diagnostic {
        match self {
            Origin::Item {
                file, at, derived, ..
            } => {
                let hint = if *derived {
                    "the slug is made from the title: write a `slug` for this language, such as `slug = \"otro-nombre\"`"
                } else {
                    "give this item a different `slug` in that language"
                };
                let d = Diagnostic::new(file, message).hint(hint);
                match at {
                    Some(Spot::At(line, column)) => d.at(*line, *column),
                    // Only a report needs the line: the file is read again for it.
                    Some(Spot::Offset(offset)) => match crate::fs::read_to_string(file) {
                        Ok(text) => d.at_offset(&text, *offset),
                        Err(_) => d,
                    },
                    None => d,
                }
            }
            Origin::Kind(kind, _, Some(name)) => {
                let d = Diagnostic::new(&name.file, message).hint(format!(
                    "change the label `{}{kind}`: the filter's URL is made from it",
                    crate::i18n::KIND_PREFIX
                ));
                match name.at {
                    Some((line, column)) => d.at(line, column),
                    None => d,
                }
            }
            Origin::State(code, l) => Diagnostic::new(crate::layout::GEOJSON, message).hint(
                format!("change the name of {code} (`name_{l}`): its page's URL is made from it"),
            ),
            Origin::Static(file) => {
                Diagnostic::new(file, message).hint("rename or move the static file")
            }
            _ => Diagnostic::new(crate::layout::SITE_TOML, message)
                .hint("rename the section in site.toml, or the conflicting item's slug"),
        }
    }

    /// The message when this output would be written at `file` (`url` for a page) where `first`
    /// already is.
    fn collision(&self, file: &str, url: Option<&str>, first: &Origin) -> Diagnostic {
        let message = match (self, url) {
            (Origin::Static(_), _) => match first {
                Origin::Static(_) => format!(
                    "static file `{file}` has the same path as {}",
                    first.describe()
                ),
                _ => format!(
                    "static file `{file}` has the same path as a generated file: {}",
                    first.describe()
                ),
            },
            (_, Some(url)) => format!("the URL {url} is already used by {}", first.describe()),
            (_, None) => format!("`{file}` is already written by {}", first.describe()),
        };
        self.blame(message)
    }
}

/// True for a name Puente gives its own files and folders (`.puente-manifest`, the twin
/// `.public.puente-next`): a hidden name holding `.puente-`, which deployments leave out.
pub fn is_bookkeeping_name(name: &str) -> bool {
    name.starts_with('.') && name.contains(crate::layout::BOOKKEEPING_MARK)
}

/// The folder whose paths `puente serve` keeps for itself (`__puente`, of `/__puente/events`).
fn serve_folder() -> &'static str {
    crate::layout::SERVE_FOLDER
}

/// `file` with empty and `.` segments dropped (the file system ignores them), or `None` when it
/// has a `..` segment (it would leave its folder).
fn normalise(file: &str) -> Option<std::borrow::Cow<'_, str>> {
    let odd = |segment: &str| segment.is_empty() || segment == "." || segment == "..";
    if !file.split('/').any(odd) {
        return Some(file.into());
    }
    let mut segments = Vec::new();
    for segment in file.split('/') {
        match segment {
            ".." => return None,
            "" | "." => {}
            other => segments.push(other),
        }
    }
    Some(segments.join("/").into())
}

/// Every file of the output and what puts it there. Outputs of every kind (pages, feeds, indexes,
/// the sitemap, static files, Puente's own files) claim their file here, compared as the file
/// system compares them: after normalising, byte for byte; then a file where another needs a
/// folder, and two files that differ only in case (one file on macOS and Windows), are refused.
pub(super) struct Outputs<'a> {
    /// Normalised file to the order it was claimed in and what claimed it.
    files: rustc_hash::FxHashMap<String, (usize, Origin<'a>)>,
    report: Report,
}

impl<'a> Outputs<'a> {
    pub(super) fn with_capacity(capacity: usize) -> Outputs<'a> {
        Outputs {
            files: rustc_hash::FxHashMap::with_capacity_and_hasher(capacity, Default::default()),
            report: Report::default(),
        }
    }

    /// Claims `file` (the output of `url`, for a page) for `origin`; false, with the problem
    /// reported, when it cannot have it.
    pub(super) fn claim(&mut self, file: String, url: Option<&str>, origin: Origin<'a>) -> bool {
        let file = match normalise(&file) {
            Some(std::borrow::Cow::Borrowed(_)) => file,
            Some(normal) => normal.into_owned(),
            None => {
                let message = format!("`{file}` would be written outside its folder");
                self.report.push(origin.blame(message));
                return false;
            }
        };
        let what = match &origin {
            Origin::Static(_) => "static file ",
            _ => "",
        };
        if !matches!(origin, Origin::Bookkeeping(_)) && file.split('/').any(is_bookkeeping_name) {
            let message = format!(
                "{what}`{file}` has a name Puente keeps for its own files (`.puente-*`: its stamp, manifest and build record), which deployments leave out"
            );
            let hint = "rename it: hidden names holding `.puente-` are Puente's bookkeeping (`.puente-output`, `.puente-manifest`, `.puente-inputs`, the `.<output>.puente-next` twin)";
            self.report.push(origin.blame(message).hint(hint));
            return false;
        }
        if file.split('/').next() == Some(serve_folder()) {
            let message = format!(
                "{what}`{file}` is under `{}/`, where `puente serve` answers with its own live-reload files",
                serve_folder()
            );
            let hint =
                "rename or move it: the preview would show Puente's file there, not this one";
            self.report.push(origin.blame(message).hint(hint));
            return false;
        }
        if let Some((_, first)) = self.files.get(&file) {
            let d = origin.collision(&file, url, first);
            self.report.push(d);
            return false;
        }
        let order = self.files.len();
        self.files.insert(file, (order, origin));
        true
    }

    /// The report: the collisions found while claiming, then files where a folder must be and
    /// files that differ only in case, each blamed on the later of the two.
    pub(super) fn finish(mut self) -> Report {
        let mut late: Vec<(usize, Diagnostic)> = Vec::new();
        let mut folded: rustc_hash::FxHashMap<String, &str> = Default::default();
        let mut uppercase: Vec<(usize, &str)> = Vec::new();
        // A file claimed after files that need its path as a folder: reported once, naming the
        // first of them (a static file `es/mapa` is in the way of every state's page).
        let mut in_the_way: rustc_hash::FxHashMap<&str, (usize, &str)> = Default::default();
        for (file, (order, origin)) in &self.files {
            for (slash, _) in file.match_indices('/') {
                let folder = &file[..slash];
                let Some((folder_order, _)) = self.files.get(folder) else {
                    continue;
                };
                if order > folder_order {
                    late.push((*order, self.folder_clash(file, folder, origin)));
                } else {
                    let first = in_the_way.entry(folder).or_insert((*order, file));
                    if *order < first.0 {
                        *first = (*order, file);
                    }
                }
            }
            if file.chars().any(char::is_uppercase) {
                uppercase.push((*order, file.as_str()));
            }
        }
        for (folder, (_, file)) in in_the_way {
            let (folder_order, folder_origin) = &self.files[folder];
            late.push((
                *folder_order,
                self.folder_clash(file, folder, folder_origin),
            ));
        }
        // In claiming order, so that the same clashes are reported whatever the hash order.
        uppercase.sort_unstable();
        for (_, file) in uppercase {
            let lower = file.to_lowercase();
            if lower != file && self.files.contains_key(lower.as_str()) {
                late.push(self.case_clash(file, &lower));
            } else if let Some(other) = folded.insert(lower, file) {
                // Two files that are not lowercase fold to the same name.
                late.push(self.case_clash(file, other));
            }
        }
        late.sort_by(|a, b| a.0.cmp(&b.0).then_with(|| a.1.cmp(&b.1)));
        self.report.extend(late.into_iter().map(|(_, d)| d));
        self.report
    }

    /// `file` needs `folder` to be a folder, but another output is the file `folder`; blamed on
    /// `blamed`, the later of the two.
    fn folder_clash(&self, file: &str, folder: &str, blamed: &Origin) -> Diagnostic {
        let message = format!(
            "`{file}` ({}) needs `{folder}` to be a folder, but `{folder}` is a file ({})",
            self.files[file].1.describe(),
            self.files[folder].1.describe()
        );
        blamed.blame(message)
    }

    /// Two claimed files whose names differ only in case, blamed on the later.
    fn case_clash(&self, a: &str, b: &str) -> (usize, Diagnostic) {
        let ((a_order, a_origin), (b_order, b_origin)) = (&self.files[a], &self.files[b]);
        let (first, second, order, later) = if a_order < b_order {
            ((a, a_origin), (b, b_origin), *b_order, b_origin)
        } else {
            ((b, b_origin), (a, a_origin), *a_order, a_origin)
        };
        let message = format!(
            "`{}` ({}) and `{}` ({}) differ only in case: on a file system that ignores case (macOS, Windows) they are one file",
            second.0,
            second.1.describe(),
            first.0,
            first.1.describe()
        );
        (order, later.blame(message))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn normalising_keeps_plain_paths_and_refuses_parents() {
        assert!(matches!(
            normalise("es/a/index.html"),
            Some(std::borrow::Cow::Borrowed(_))
        ));
        assert_eq!(normalise("es//index.html").unwrap(), "es/index.html");
        assert_eq!(normalise("./es/./a/").unwrap(), "es/a");
        assert_eq!(normalise("es/../x"), None);
        assert!(is_bookkeeping_name(crate::layout::STAMP));
        assert!(is_bookkeeping_name(crate::layout::MANIFEST));
        assert!(is_bookkeeping_name(crate::layout::INPUTS_RECORD));
        assert!(is_bookkeeping_name(".public.puente-next"));
        assert!(!is_bookkeeping_name("puente-logo.svg"));
        assert!(!is_bookkeeping_name(".well-known"));
    }
}
