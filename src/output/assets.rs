//! Static files: copied as they are, with content-hashed names for stylesheets and scripts.

use std::collections::BTreeMap;
use std::path::Path;

use crate::diagnostic::Diagnostic;

/// Static files whose names get a content hash (`style.css` becomes `style.3f2a9c1d0e.css`).
const HASHED_EXTENSIONS: &[&str] = &["css", "js"];

/// The static files of a site and the published name of each.
#[derive(Debug, Clone, Default)]
pub struct Assets {
    /// Every static file: output path and bytes.
    pub files: Vec<(String, Vec<u8>)>,
    /// The file each of `files` was read from, in the same order (two can give one output path:
    /// `a\b` and `a/b`, or names that are not UTF-8, which the route table then refuses).
    pub sources: Vec<std::path::PathBuf>,
    /// Source path (`style.css`) to output path (`style.3f2a9c1d0e.css`).
    pub names: BTreeMap<String, String>,
}

impl Assets {
    /// Reads `static_dir` (absent: no files), hashing the names of stylesheets and scripts.
    pub fn load(static_dir: &Path) -> Result<Assets, Vec<Diagnostic>> {
        let mut assets = Assets::default();
        let mut problems = Vec::new();
        // Links are followed (to regular files and folders inside the project only), like the
        // content's.
        let root = static_dir.parent().unwrap_or(static_dir);
        for entry in crate::fs::walk_files(root, static_dir, "static files") {
            let entry = match entry {
                Ok(entry) => entry,
                Err(d) => {
                    problems.push(d);
                    continue;
                }
            };
            let relative = entry
                .path()
                .strip_prefix(static_dir)
                .unwrap_or(entry.path());
            let Some(source) = relative.to_str().filter(|s| super::is_safe_relative(s)) else {
                problems.push(
                    Diagnostic::new(
                        entry.path(),
                        "this static file's name is not UTF-8 or has a backslash or a control character",
                    )
                    .hint("rename it with letters, digits, `-`, `_` and `.`: it becomes part of a URL and of the output's file list"),
                );
                continue;
            };
            let source = source.to_string();
            match crate::fs::read_static(entry.path()) {
                Ok(bytes) => {
                    let name = hashed_name(&source, &bytes);
                    assets.names.insert(source, name.clone());
                    assets.files.push((name, bytes));
                    assets.sources.push(entry.path().to_path_buf());
                }
                Err(d) => problems.push(d),
            }
        }
        if problems.is_empty() {
            Ok(assets)
        } else {
            Err(problems)
        }
    }
}

/// `css/site.css` with its bytes gives `css/site.<10 hex digits>.css`; other files keep their name.
pub fn hashed_name(source: &str, bytes: &[u8]) -> String {
    let Some((stem, extension)) = source.rsplit_once('.') else {
        return source.to_string();
    };
    if !HASHED_EXTENSIONS.contains(&extension) || stem.ends_with('/') {
        return source.to_string();
    }
    let hash = super::content_hash(bytes);
    format!("{stem}.{}.{extension}", &hash[..10])
}

/// The `asset(path="style.css")` template function: the published URL of a static file.
pub struct AssetUrl {
    /// Source path to output path.
    pub names: BTreeMap<String, String>,
    /// The site's base path (`/` or `/sub/`).
    pub base_path: String,
}

impl tera::Function for AssetUrl {
    fn call(
        &self,
        args: &std::collections::HashMap<String, tera::Value>,
    ) -> tera::Result<tera::Value> {
        let path = args
            .get("path")
            .and_then(tera::Value::as_str)
            .ok_or_else(|| tera::Error::msg("`asset` needs a string argument `path`"))?;
        let name = self
            .names
            .get(path.trim_start_matches('/'))
            .ok_or_else(|| tera::Error::msg(format!("`asset`: there is no static/{path}")))?;
        Ok(tera::Value::String(format!("{}{name}", self.base_path)))
    }

    // Not marked safe: the URL is escaped like any other value where the template autoescapes
    // (HTML, XML). The base path is validated in site.toml and a hashed name is the static
    // file's own, so escaping changes nothing for a valid site; should either ever hold markup,
    // it cannot reach a page as markup.
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stylesheets_and_scripts_get_hashed_names() {
        let a = hashed_name("style.css", b"body{}");
        assert!(
            a.starts_with("style.") && a.ends_with(".css") && a.len() == "style..css".len() + 10,
            "{a}"
        );
        assert_eq!(a, hashed_name("style.css", b"body{}"), "stable");
        assert_ne!(a, hashed_name("style.css", b"body{ }"));
        assert_eq!(hashed_name("img/logo.svg", b"<svg/>"), "img/logo.svg");
        assert_eq!(hashed_name("robots.txt", b"x"), "robots.txt");
    }

    #[test]
    fn asset_function_names_the_hashed_file() {
        use tera::Function;
        let f = AssetUrl {
            names: [("style.css".to_string(), "style.abc.css".to_string())].into(),
            base_path: "/sub/".into(),
        };
        let args = [("path".to_string(), tera::Value::String("style.css".into()))].into();
        assert_eq!(f.call(&args).unwrap(), "/sub/style.abc.css");
        let args = [("path".to_string(), tera::Value::String("nope.css".into()))].into();
        assert!(f.call(&args).is_err());
    }

    /// Not marked safe: should the base path or a name ever hold markup, the page gets text.
    #[test]
    fn asset_urls_are_escaped_like_any_value() {
        let mut tera = tera::Tera::default();
        tera.autoescape_on(vec![".html"]);
        tera.set_escape_fn(crate::render::escape_html);
        tera.register_function(
            "asset",
            AssetUrl {
                names: [("style.css".to_string(), "style.abc.css".to_string())].into(),
                base_path: "/\"><svg onload=alert(1)>/".into(),
            },
        );
        tera.add_raw_template("t.html", "<link href=\"{{ asset(path='style.css') }}\">")
            .unwrap();
        let page = tera.render("t.html", &tera::Context::new()).unwrap();
        assert_eq!(
            page,
            "<link href=\"/&quot;&gt;&lt;svg onload=alert(1)&gt;/style.abc.css\">"
        );
    }
}
