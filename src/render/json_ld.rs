//! The JSON-LD graph of a page (schema.org `WebSite`, `Article`, `Dataset`, `BreadcrumbList`), written from
//! typed records straight to text, and escaped so that it cannot close its `<script>` element.
//!
//! The fields of each record are in byte order of their names, as a JSON object with sorted keys.

use serde::Serialize;

use super::views::PageMeta;
use super::Renderer;
use crate::content::Source;
use crate::diagnostic::Diagnostic;
use crate::routes::{PageKind, Route};

/// The whole `<script type="application/ld+json">` document.
#[derive(Serialize)]
struct Document<'a> {
    #[serde(rename = "@context")]
    context: &'static str,
    #[serde(rename = "@graph")]
    graph: Vec<Node<'a>>,
}

/// One node of the graph.
#[derive(Serialize)]
#[serde(untagged)]
enum Node<'a> {
    WebSite(WebSite<'a>),
    Article(Box<Article<'a>>),
    Breadcrumbs(BreadcrumbList),
    Dataset(Box<Dataset<'a>>),
}

/// The open-data page's downloads, as a schema.org `Dataset` (what data catalogues read).
#[derive(Serialize)]
struct Dataset<'a> {
    #[serde(rename = "@type")]
    kind: &'static str,
    #[serde(rename = "dateModified")]
    date_modified: String,
    description: &'a str,
    distribution: Vec<DataDownload>,
    #[serde(rename = "inLanguage")]
    in_language: &'a str,
    #[serde(rename = "isAccessibleForFree")]
    is_accessible_for_free: bool,
    name: &'a str,
    url: &'a str,
}

/// One file of a `Dataset`.
#[derive(Serialize)]
struct DataDownload {
    #[serde(rename = "@type")]
    kind: &'static str,
    #[serde(rename = "contentUrl")]
    content_url: String,
    #[serde(rename = "encodingFormat")]
    encoding_format: &'static str,
    name: &'static str,
}

#[derive(Serialize)]
struct WebSite<'a> {
    #[serde(rename = "@type")]
    kind: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    description: Option<&'a str>,
    #[serde(rename = "inLanguage", skip_serializing_if = "Option::is_none")]
    in_language: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    name: Option<&'a str>,
    url: String,
}

#[derive(Serialize)]
struct Article<'a> {
    #[serde(rename = "@type")]
    kind: &'static str,
    #[serde(rename = "dateModified")]
    date_modified: String,
    #[serde(rename = "datePublished")]
    date_published: String,
    description: &'a str,
    headline: &'a str,
    #[serde(rename = "inLanguage")]
    in_language: &'a str,
    #[serde(rename = "isBasedOn")]
    is_based_on: Vec<CreativeWork<'a>>,
    #[serde(rename = "isPartOf")]
    is_part_of: WebSite<'a>,
    #[serde(rename = "mainEntityOfPage")]
    main_entity_of_page: &'a str,
    url: &'a str,
}

#[derive(Serialize)]
struct CreativeWork<'a> {
    #[serde(rename = "@type")]
    kind: &'static str,
    #[serde(rename = "inLanguage", skip_serializing_if = "Option::is_none")]
    in_language: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    name: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    publisher: Option<Organization<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    url: Option<&'a str>,
}

#[derive(Serialize)]
struct Organization<'a> {
    #[serde(rename = "@type")]
    kind: &'static str,
    name: &'a str,
}

#[derive(Serialize)]
struct BreadcrumbList {
    #[serde(rename = "@type")]
    kind: &'static str,
    #[serde(rename = "itemListElement")]
    item_list_element: Vec<ListItem>,
}

#[derive(Serialize)]
struct ListItem {
    #[serde(rename = "@type")]
    kind: &'static str,
    item: String,
    name: String,
    position: usize,
}

impl<'a> From<&'a Source> for CreativeWork<'a> {
    fn from(source: &'a Source) -> Self {
        CreativeWork {
            kind: match source.kind {
                Some(crate::content::SourceKind::NewsArticle) => "NewsArticle",
                _ => "CreativeWork",
            },
            in_language: source.language.as_deref(),
            name: source.title.as_deref(),
            publisher: source.publisher.as_deref().map(|name| Organization {
                kind: "Organization",
                name,
            }),
            url: source.url.as_deref(),
        }
    }
}

/// The page's JSON-LD graph, escaped so that nothing in it can close the `<script>` element;
/// empty for a page that has none (templates test `page.json_ld | length`).
pub(crate) fn json_ld(
    r: &Renderer<'_>,
    route: &Route,
    meta: &PageMeta,
    lang: &str,
    canonical: &str,
) -> Result<String, Diagnostic> {
    let language = r
        .config
        .language(lang)
        .unwrap_or(r.config.default_language());
    let home = || r.absolute(&PageKind::Home, Some(lang));
    let mut graph = Vec::new();
    match &route.kind {
        PageKind::LanguageChoice
        | PageKind::NotFound
        | PageKind::Feed
        | PageKind::Sitemap
        | PageKind::Robots
        | PageKind::SearchIndex
        | PageKind::SearchWords(_)
        | PageKind::SearchDocs(_)
        | PageKind::Download(_) => return Ok(String::new()),
        PageKind::Home => graph.push(Node::WebSite(WebSite {
            kind: "WebSite",
            description: Some(&language.description),
            in_language: Some(lang),
            name: Some(&language.title),
            url: home(),
        })),
        PageKind::Event(i) => {
            let event = &r.content.events[*i];
            graph.push(Node::Article(Box::new(Article {
                kind: "Article",
                date_modified: event.modified().iso(),
                date_published: event.date.iso(),
                description: &meta.description,
                headline: &meta.title,
                in_language: lang,
                is_based_on: event.sources.iter().map(CreativeWork::from).collect(),
                is_part_of: WebSite {
                    kind: "WebSite",
                    description: None,
                    in_language: None,
                    name: Some(&language.title),
                    url: home(),
                },
                main_entity_of_page: canonical,
                url: canonical,
            })));
        }
        PageKind::Data => graph.push(Node::Dataset(Box::new(Dataset {
            kind: "Dataset",
            date_modified: meta.modified.iso(),
            description: &meta.description,
            distribution: crate::routes::DataFile::ALL
                .into_iter()
                .map(|file| DataDownload {
                    kind: "DataDownload",
                    content_url: r.absolute(&PageKind::Download(file), Some(lang)),
                    encoding_format: file.media_type(),
                    name: file.name(),
                })
                .collect(),
            in_language: lang,
            is_accessible_for_free: true,
            name: &meta.title,
            url: canonical,
        }))),
        _ => {}
    }
    let crumbs = breadcrumbs(r, route, lang, meta, canonical)?;
    if crumbs.len() > 1 {
        graph.push(Node::Breadcrumbs(BreadcrumbList {
            kind: "BreadcrumbList",
            item_list_element: crumbs
                .into_iter()
                .enumerate()
                .map(|(n, (name, item))| ListItem {
                    kind: "ListItem",
                    item,
                    name,
                    position: n + 1,
                })
                .collect(),
        }));
    }
    if graph.is_empty() {
        return Ok(String::new());
    }
    let document = Document {
        context: "https://schema.org",
        graph,
    };
    let json =
        serde_json::to_string(&document).map_err(|e| Diagnostic::new("JSON-LD", e.to_string()))?;
    Ok(script_safe(&json))
}

/// Home, section, page: names and absolute URLs.
fn breadcrumbs(
    r: &Renderer<'_>,
    route: &Route,
    lang: &str,
    meta: &PageMeta,
    canonical: &str,
) -> Result<Vec<(String, String)>, Diagnostic> {
    let mut crumbs = vec![(
        r.t(lang, "nav-home", &[])?,
        r.absolute(&PageKind::Home, Some(lang)),
    )];
    let section = match route.kind {
        PageKind::Event(_)
        | PageKind::Timeline(2..)
        | PageKind::TimelineKind(..)
        | PageKind::TimelineYear(..) => Some((PageKind::TIMELINE, "nav-timeline")),
        PageKind::State(_) | PageKind::Advisory(_) => Some((PageKind::Map, "nav-map")),
        _ => None,
    };
    if let Some((kind, key)) = section {
        crumbs.push((r.t(lang, key, &[])?, r.absolute(&kind, Some(lang))));
    }
    if route.kind != PageKind::Home {
        crumbs.push((meta.title.clone(), canonical.to_string()));
    }
    Ok(crumbs)
}

/// JSON made safe inside `<script>`: `<`, `>`, `&` and the line separators U+2028 and U+2029
/// are written as `\u` escapes (JSON's meaning is unchanged).
pub fn script_safe(json: &str) -> String {
    let mut out = String::with_capacity(json.len() + 64);
    let mut start = 0;
    // Scans bytes: every character to escape starts with a byte no other character has in that
    // place (`<`, `>`, `&`, or 0xE2 of U+2028/U+2029, which is checked in full).
    for (i, byte) in json.bytes().enumerate() {
        let escape = match byte {
            b'<' => "\\u003c",
            b'>' => "\\u003e",
            b'&' => "\\u0026",
            0xE2 if json[i..].starts_with('\u{2028}') => "\\u2028",
            0xE2 if json[i..].starts_with('\u{2029}') => "\\u2029",
            _ => continue,
        };
        out.push_str(&json[start..i]);
        out.push_str(escape);
        start = i + if byte == 0xE2 { 3 } else { 1 };
    }
    out.push_str(&json[start..]);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn json_cannot_close_the_script() {
        let v = serde_json::json!({ "name": "</script><script>alert(1)</script> & \u{2028}\u{2029} ñ" });
        let s = script_safe(&v.to_string());
        assert!(!s.contains('<') && !s.contains('>') && !s.contains('&'));
        assert!(!s.contains('\u{2028}') && !s.contains('\u{2029}'));
        let back: serde_json::Value = serde_json::from_str(&s).unwrap();
        assert_eq!(back, v, "it is still the same JSON");
        // Other characters whose first byte is 0xE2, as U+2028 and U+2029's is, stay as they are.
        assert_eq!(
            script_safe("«€—\u{2028}»\u{2029}<"),
            "«€—\\u2028»\\u2029\\u003c"
        );
    }
}
