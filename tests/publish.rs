//! Publishing: Atom feeds, the sitemap, robots.txt, metadata, filters, a sub-path base_url, and
//! rebuilds that rewrite only what changed.

mod common;

use std::collections::{BTreeMap, BTreeSet};

use common::{tree_digest, Fixture};
use scraper::{Html, Selector};

const ATOM: &str = "http://www.w3.org/2005/Atom";
const SITEMAP: &str = "http://www.sitemaps.org/schemas/sitemap/0.9";
const XHTML: &str = "http://www.w3.org/1999/xhtml";

/// The first Atom child of `node` named `name`.
fn child<'a, 'i>(node: roxmltree::Node<'a, 'i>, name: &str) -> Option<roxmltree::Node<'a, 'i>> {
    node.children().find(|c| c.has_tag_name((ATOM, name)))
}

fn built(name: &str) -> Fixture {
    let fixture = Fixture::new(name);
    fixture.build();
    fixture
}

/// The output file a site URL is published at.
fn file_of(url: &str, base: &str) -> String {
    let path = url
        .strip_prefix(base)
        .unwrap_or_else(|| panic!("{url} is not under {base}"));
    if path.is_empty() || path.ends_with('/') {
        format!("{path}index.html")
    } else {
        path.to_string()
    }
}

#[test]
fn atom_feeds_are_valid_and_match_the_routes() {
    let f = built("basic");
    let base = "https://fixture.example/";
    for lang in ["es", "en"] {
        let text = f.read(&format!("{lang}/feed.xml"));
        let doc = roxmltree::Document::parse(&text).unwrap();
        let feed = doc.root_element();
        assert_eq!(feed.tag_name().namespace(), Some(ATOM));
        assert_eq!(feed.tag_name().name(), "feed");
        assert_eq!(
            feed.attribute(("http://www.w3.org/XML/1998/namespace", "lang")),
            Some(lang)
        );
        assert!(child(feed, "author").is_some(), "Atom needs an author");
        assert_eq!(
            child(feed, "updated").unwrap().text(),
            Some("2025-02-01T00:00:00Z")
        );
        let self_link = feed
            .children()
            .find(|c| c.has_tag_name((ATOM, "link")) && c.attribute("rel") == Some("self"))
            .unwrap();
        assert_eq!(
            self_link.attribute("href"),
            Some(format!("{base}{lang}/feed.xml").as_str())
        );
        let entries: Vec<_> = feed
            .children()
            .filter(|c| c.has_tag_name((ATOM, "entry")))
            .collect();
        assert_eq!(entries.len(), 5, "3 events and 2 advisory snapshots");
        let mut ids = BTreeSet::new();
        let mut published = Vec::new();
        for entry in &entries {
            let id = child(*entry, "id").unwrap().text().unwrap();
            assert!(id.starts_with("tag:fixture.example,"), "{id}");
            assert!(ids.insert(id.to_string()), "duplicate id {id}");
            for name in ["title", "updated", "published", "summary"] {
                assert!(child(*entry, name).is_some(), "entry without {name}");
            }
            published.push(
                child(*entry, "published")
                    .unwrap()
                    .text()
                    .unwrap()
                    .to_string(),
            );
            for link in entry.children().filter(|c| c.has_tag_name((ATOM, "link"))) {
                let href = link.attribute("href").unwrap();
                assert!(
                    f.out().join(file_of(href, base)).is_file(),
                    "{href} is not a page"
                );
            }
        }
        let mut sorted = published.clone();
        sorted.sort_by(|a, b| b.cmp(a));
        assert_eq!(published, sorted, "newest first");
        // The ids survive a rebuild.
        let again = built("basic").read(&format!("{lang}/feed.xml"));
        assert_eq!(again, text);
    }
}

#[test]
fn sitemap_lists_every_page_once_with_alternates() {
    let f = built("basic");
    let base = "https://fixture.example/";
    let text = f.read("sitemap.xml");
    let doc = roxmltree::Document::parse(&text).unwrap();
    let urls: Vec<_> = doc
        .root_element()
        .children()
        .filter(|c| c.has_tag_name((SITEMAP, "url")))
        .collect();
    let mut locs = BTreeSet::new();
    for url in &urls {
        let loc = url
            .children()
            .find(|c| c.has_tag_name((SITEMAP, "loc")))
            .unwrap()
            .text()
            .unwrap();
        assert!(locs.insert(loc.to_string()), "{loc} listed twice");
        assert!(f.out().join(file_of(loc, base)).is_file(), "{loc}");
        let alternates: BTreeMap<&str, &str> = url
            .children()
            .filter(|c| c.has_tag_name((XHTML, "link")))
            .map(|l| {
                (
                    l.attribute("hreflang").unwrap(),
                    l.attribute("href").unwrap(),
                )
            })
            .collect();
        if loc != base {
            assert_eq!(
                alternates.keys().copied().collect::<Vec<_>>(),
                ["en", "es", "x-default"],
                "{loc}"
            );
            assert!(alternates.values().any(|a| *a == loc), "{loc} lists itself");
        }
    }
    let pages: BTreeSet<String> = tree_digest(&f.out())
        .into_iter()
        .map(|(p, _)| p.to_string_lossy().into_owned())
        .filter(|p| p.ends_with("index.html"))
        .map(|p| format!("{base}{}", p.trim_end_matches("index.html")))
        .collect();
    assert_eq!(locs, pages, "every page, and nothing else (not 404.html)");
    assert_eq!(
        f.read("robots.txt"),
        "User-agent: *\nAllow: /\n\nSitemap: https://fixture.example/sitemap.xml\n"
    );
}

fn meta(html: &Html, property: &str) -> Vec<String> {
    let selector = Selector::parse(&format!("meta[property=\"{property}\"]")).unwrap();
    html.select(&selector)
        .map(|m| m.attr("content").unwrap().to_string())
        .collect()
}

fn json_ld(html: &Html) -> serde_json::Value {
    let selector = Selector::parse("script[type=\"application/ld+json\"]").unwrap();
    let script = html.select(&selector).next().expect("a JSON-LD script");
    serde_json::from_str(&script.text().collect::<String>()).unwrap()
}

#[test]
fn open_graph_and_json_ld() {
    let f = built("basic");
    let home = Html::parse_document(&f.read("es/index.html"));
    assert_eq!(meta(&home, "og:locale"), ["es_MX"]);
    assert_eq!(meta(&home, "og:locale:alternate"), ["en_CA"]);
    assert_eq!(meta(&home, "og:type"), ["website"]);
    assert_eq!(meta(&home, "og:url"), ["https://fixture.example/es/"]);
    let graph = json_ld(&home);
    assert_eq!(graph["@graph"][0]["@type"], "WebSite");
    assert_eq!(graph["@graph"][0]["inLanguage"], "es");

    let event = Html::parse_document(&f.read("en/timeline/first-agreement/index.html"));
    assert_eq!(meta(&event, "og:type"), ["article"]);
    assert_eq!(
        meta(&event, "og:title"),
        ["Agreement <script>alert('x')</script>"]
    );
    let graph = json_ld(&event);
    let article = &graph["@graph"][0];
    assert_eq!(article["@type"], "Article");
    assert_eq!(article["headline"], "Agreement <script>alert('x')</script>");
    assert_eq!(article["datePublished"], "2024-03-01");
    assert_eq!(article["inLanguage"], "en");
    assert_eq!(
        article["isBasedOn"][0]["name"],
        "Fuente <script>alert(1)</script>"
    );
    assert_eq!(article["isBasedOn"][0]["url"], "https://example.org/fuente");
    let crumbs = &graph["@graph"][1];
    assert_eq!(crumbs["@type"], "BreadcrumbList");
    assert_eq!(crumbs["itemListElement"][1]["name"], "Timeline");
    assert_eq!(
        crumbs["itemListElement"][2]["item"],
        "https://fixture.example/en/timeline/first-agreement/"
    );

    let description = Selector::parse("meta[name=description]").unwrap();
    let about = Html::parse_document(&f.read("en/about/index.html"));
    assert_eq!(
        about.select(&description).next().unwrap().attr("content"),
        Some("About the site.")
    );
}

#[test]
fn timeline_filters_have_counterparts() {
    let f = built("basic");
    let html = Html::parse_document(&f.read("es/cronologia/llamada/index.html"));
    let h1 = Selector::parse("h1").unwrap();
    assert_eq!(
        html.select(&h1).next().unwrap().text().collect::<String>(),
        "Cronología: Llamada"
    );
    let cards = Selector::parse(".event-card").unwrap();
    assert_eq!(html.select(&cards).count(), 1);
    let switch = Selector::parse(".language-switch a").unwrap();
    assert_eq!(
        html.select(&switch).next().unwrap().attr("href"),
        Some("/en/timeline/call/")
    );
    let current = Selector::parse(".filters a[aria-current=page]").unwrap();
    assert_eq!(
        html.select(&current).next().unwrap().attr("href"),
        Some("/es/cronologia/llamada/")
    );
    let year = Html::parse_document(&f.read("en/timeline/2025/index.html"));
    assert_eq!(year.select(&cards).count(), 2);
    let timeline = Html::parse_document(&f.read("en/timeline/index.html"));
    let links: Vec<_> = timeline
        .select(&Selector::parse(".filters a").unwrap())
        .map(|a| a.attr("href").unwrap().to_string())
        .collect();
    assert_eq!(
        links,
        [
            "/en/timeline/",
            "/en/timeline/travel-advisory/",
            "/en/timeline/agreement/",
            "/en/timeline/call/",
            "/en/timeline/2025/",
            "/en/timeline/2024/"
        ]
    );
}

#[test]
fn a_base_url_with_a_sub_path_works_everywhere() {
    let f = Fixture::new("basic");
    f.apply(&common::repo_root().join("tests/fixtures/subpath"));
    f.build();
    let base = "https://example.org/briefing/";
    let attribute = Selector::parse("[href], [src]").unwrap();
    let mut checked = 0;
    for (path, _) in tree_digest(&f.out()) {
        let file = path.to_string_lossy().into_owned();
        if !file.ends_with(".html") {
            continue;
        }
        let html = Html::parse_document(&f.read(&file));
        for element in html.select(&attribute) {
            let value = element.attr("href").or(element.attr("src")).unwrap();
            if value.starts_with('/') {
                assert!(value.starts_with("/briefing/"), "{file}: {value}");
                let target = value
                    .trim_start_matches("/briefing/")
                    .split('#')
                    .next()
                    .unwrap();
                let target = if target.is_empty() || target.ends_with('/') {
                    format!("{target}index.html")
                } else {
                    target.to_string()
                };
                assert!(
                    f.out().join(&target).is_file(),
                    "{file}: {value} leads nowhere"
                );
                checked += 1;
            } else if value.starts_with("http") && value.contains("example.org/briefing") {
                assert!(value.starts_with(base), "{file}: {value}");
            }
        }
    }
    assert!(checked > 1000, "{checked}");
    assert!(
        f.read("es/acerca/index.html")
            .contains("href=\"/briefing/es/mapa/\""),
        "Markdown links get the sub-path"
    );
    let feed = f.read("en/feed.xml");
    assert!(feed.contains("<link rel=\"self\" type=\"application/atom+xml\" href=\"https://example.org/briefing/en/feed.xml\"/>"));
    let sitemap = f.read("sitemap.xml");
    let doc = roxmltree::Document::parse(&sitemap).unwrap();
    for node in doc
        .descendants()
        .filter(|n| n.has_tag_name((SITEMAP, "loc")))
    {
        assert!(node.text().unwrap().starts_with(base));
    }
    assert!(f
        .read("robots.txt")
        .contains("Sitemap: https://example.org/briefing/sitemap.xml"));
}

#[test]
fn a_rebuild_rewrites_only_what_changed() {
    use std::time::{Duration, SystemTime};
    let f = built("basic");
    let old = SystemTime::now() - Duration::from_secs(86_400);
    let files: Vec<String> = tree_digest(&f.out())
        .into_iter()
        .map(|(p, _)| p.to_string_lossy().into_owned())
        .collect();
    for file in &files {
        std::fs::File::options()
            .write(true)
            .open(f.out().join(file))
            .unwrap()
            .set_modified(old)
            .unwrap();
    }
    let summary = f.build();
    assert_eq!(
        summary.written.written, 0,
        "nothing changed, nothing written"
    );
    let unchanged_mtime = |file: &str| {
        std::fs::metadata(f.out().join(file))
            .unwrap()
            .modified()
            .unwrap()
            == old
    };
    assert!(files.iter().all(|file| unchanged_mtime(file)));

    let before = tree_digest(&f.out());
    let event = f.root().join("content/events/2025-01-15-segundo.toml");
    let text = std::fs::read_to_string(&event)
        .unwrap()
        .replace("summary = \"A call.\"", "summary = \"A call, edited.\"");
    std::fs::write(&event, text).unwrap();
    let summary = f.build();
    let after = tree_digest(&f.out());
    let changed: BTreeSet<String> = after
        .iter()
        .filter(|(p, bytes)| before.iter().find(|(q, _)| q == p).map(|(_, b)| b) != Some(bytes))
        .map(|(p, _)| p.to_string_lossy().into_owned())
        .collect();
    let shards = common::search::manifest(&f.out(), "en")["shards"]
        .as_u64()
        .unwrap() as u32;
    let edited = format!(
        "en/search/w{}.json",
        puente::routes::search_shard("edited", shards)
    );
    let expected: BTreeSet<String> = [
        ".puente-inputs",
        ".puente-manifest",
        // The downloads of the events hold it too; the data page shows only how many there are.
        "en/data/events.csv",
        "en/data/events.json",
        "en/feed.xml",
        "en/index.html",
        // Its chunk of search documents, and the shard of its one new word ("edited").
        "en/search/d0.json",
        edited.as_str(),
        "en/timeline/index.html",
        "en/timeline/2025/index.html",
        "en/timeline/call/index.html",
        "en/timeline/january-call/index.html",
    ]
    .map(String::from)
    .into();
    assert_eq!(changed, expected);
    assert_eq!(
        summary.written.written,
        expected.len() - 1, // the manifest is placed, not counted
        "only the pages that show the event are written"
    );
    assert!(files
        .iter()
        .filter(|f| !expected.contains(*f))
        .all(|file| unchanged_mtime(file)));
}

/// A build that found its output made from exactly its inputs returns before loading anything.
fn returned_at_once(summary: &puente::pipeline::Summary) -> bool {
    summary.timings.load.is_zero() && summary.written.written == 0
}

#[test]
fn the_fingerprint_a_clean_build_records_is_the_one_the_next_build_finds() {
    // A clean build takes the events' and advisories' hashes from the bytes it parses (a
    // byte-order mark included); the next build reads and hashes every file itself.
    let f = Fixture::new("basic");
    for file in [
        "content/events/2025-01-15-segundo.toml",
        "content/advisories/2024-06-01.toml",
    ] {
        let path = f.root().join(file);
        let text = std::fs::read_to_string(&path).unwrap();
        std::fs::write(&path, format!("\u{feff}{text}")).unwrap();
    }
    let first = f.build();
    assert!(!returned_at_once(&first));
    assert!(returned_at_once(&f.build()), "nothing changed");
    // Any edit, to a parsed file or to another input, is noticed.
    for (file, from, to) in [
        (
            "content/events/2025-01-15-segundo.toml",
            "A call.",
            "A call, edited.",
        ),
        ("content/advisories/2024-06-01.toml", "\u{feff}", ""),
        ("i18n/en.ftl", "Timeline", "Chronology"),
    ] {
        let path = f.root().join(file);
        let text = std::fs::read_to_string(&path).unwrap();
        assert!(text.contains(from), "{file} holds {from:?}");
        std::fs::write(&path, text.replacen(from, to, 1)).unwrap();
        assert!(!returned_at_once(&f.build()), "{file} was edited");
        assert!(returned_at_once(&f.build()), "and built");
    }
}

#[cfg(unix)]
#[test]
fn an_input_that_cannot_be_read_never_matches_a_published_build() {
    // A link to nowhere among the sources: the build does not read it, but the fingerprint cannot
    // vouch for the inputs, so every build runs (once, it matched itself and an edit was lost).
    let f = Fixture::new("basic");
    let dangling = f.root().join("content/notes");
    std::os::unix::fs::symlink(f.root().join("nowhere"), &dangling).unwrap();
    f.build();
    assert!(!returned_at_once(&f.build()));
    let event = f.root().join("content/events/2025-01-15-segundo.toml");
    let text = std::fs::read_to_string(&event).unwrap();
    std::fs::write(&event, text.replace("A call.", "A call, edited.")).unwrap();
    f.build();
    assert!(f.read("en/timeline/index.html").contains("A call, edited."));
}

#[test]
fn search_index_covers_events_states_and_pages_accent_insensitively() {
    let f = built("basic");
    let urls = |query: &str| -> Vec<String> {
        common::search::search(&f.out(), "es", query)
            .into_iter()
            .map(|h| h.url)
            .collect()
    };
    // 3 events + 32 entities + 2 advisories + 1 page (the home introduction is not a page).
    let documents = common::search::documents(&f.out(), "es");
    assert_eq!(documents.len(), 38);
    assert_eq!(common::search::manifest(&f.out(), "es")["documents"], 38);
    assert!(urls("Michoacán").contains(&"/es/mapa/michoacan/".to_string()));
    assert!(urls("michoacan").contains(&"/es/mapa/michoacan/".to_string()));
    assert!(
        urls("persona dos").contains(&"/es/cronologia/llamada-de-enero/".to_string()),
        "people are searchable"
    );
    assert_eq!(urls("acerca"), ["/es/acerca/"]);
    // The last word is a prefix (search as you type); the others are whole words.
    assert_eq!(urls("acer"), ["/es/acerca/"]);
    assert!(urls("acer michoacan").is_empty());
    for d in &documents {
        let url = d["u"].as_str().unwrap();
        assert!(
            f.out()
                .join(url.trim_start_matches('/'))
                .join("index.html")
                .is_file(),
            "{url}"
        );
    }
    // The shards and chunks are files like any other, none of them in the sitemap.
    let sitemap = f.read("sitemap.xml");
    assert!(!sitemap.contains("search"), "{sitemap}");
    let shards = common::search::manifest(&f.out(), "es")["shards"]
        .as_u64()
        .unwrap();
    for n in 0..shards {
        assert!(f.out().join(format!("es/search/w{n}.json")).is_file());
    }
    let html = f.read("es/index.html");
    assert!(html.contains("<form class=\"site-search wrap\" role=\"search\" hidden data-index=\"/es/search.json\""), "hidden until the script runs");
    let script = html
        .split("<script src=\"")
        .nth(1)
        .unwrap()
        .split('"')
        .next()
        .unwrap();
    assert!(f.out().join(script.trim_start_matches('/')).is_file());
}

/// Every page and asset of a folder by path, without Puente's own records (a session's build
/// record holds no input fingerprint, so its manifest differs in that one line).
fn site_digest(dir: &std::path::Path) -> std::collections::BTreeMap<String, Vec<u8>> {
    tree_digest(dir)
        .into_iter()
        .map(|(p, bytes)| (p.to_string_lossy().into_owned(), bytes))
        .filter(|(p, _)| !p.starts_with(".puente-"))
        .collect()
}

/// What a session built: its folder, or its files in memory.
fn session_digest(
    session: &puente::pipeline::Session,
    out: &std::path::Path,
    in_memory: bool,
) -> std::collections::BTreeMap<String, Vec<u8>> {
    if in_memory {
        assert!(!out.exists(), "an in-memory build wrote {}", out.display());
        session
            .site()
            .iter()
            .map(|(path, bytes)| (path.to_string(), bytes.to_vec()))
            .collect()
    } else {
        site_digest(out)
    }
}

fn session_rebuilds_equal_clean_builds(in_memory: bool) {
    let f = Fixture::new("basic");
    let out = f.root().join("session-out");
    let mut session = puente::pipeline::Session::new(
        f.root(),
        puente::pipeline::Options {
            output: Some(out.clone()),
            in_memory,
            ..Default::default()
        },
    );
    session.rebuild().unwrap();
    let edit = |file: &str, from: &str, to: &str| {
        let path = f.root().join(file);
        let text = std::fs::read_to_string(&path).unwrap();
        assert!(text.contains(from), "{file} has no {from}");
        std::fs::write(&path, text.replacen(from, to, 1)).unwrap();
    };
    let edits: [(&str, &str, &str); 8] = [
        (
            "content/events/2025-01-15-segundo.toml",
            "summary = \"A call.\"",
            "summary = \"A call, longer now.\"",
        ),
        (
            "content/events/2024-03-01-primero.toml",
            "title = \"Agreement <script>",
            "title = \"First agreement <script>",
        ),
        (
            "content/events/2025-01-20-tercero.toml",
            "states = [\"MX-JAL\", \"MX-GRO\"]",
            "states = [\"MX-GRO\"]",
        ),
        (
            "content/advisories/2025-01-20.toml",
            "note.en = \"New note.\"",
            "note.en = \"A newer note.\"",
        ),
        (
            "content/pages/about.en.md",
            "title = \"About\"",
            "title = \"About us\"",
        ),
        (
            "i18n/en.ftl",
            "nav-map = Travel advisory map",
            "nav-map = Map of the travel advisory",
        ),
        (
            "content/events/2025-01-20-tercero.toml",
            "summary = \"A new advisory.\"",
            "summary = \"A new [advisory](/en/map/).\"",
        ),
        // A summary's HTML kept from the last build was made under the old base path.
        (
            "site.toml",
            "base_url = \"https://fixture.example/\"",
            "base_url = \"https://fixture.example/sub/\"",
        ),
    ];
    for (n, (file, from, to)) in edits.into_iter().enumerate() {
        edit(file, from, to);
        let summary = session.rebuild().unwrap();
        let clean = f.root().join(format!("clean-{n}"));
        puente::pipeline::build_with(
            f.root(),
            &puente::pipeline::Options {
                output: Some(clean.clone()),
                ..Default::default()
            },
        )
        .unwrap();
        assert_eq!(
            session_digest(&session, &out, in_memory),
            site_digest(&clean),
            "after editing {file}, the session's output differs from a clean build"
        );
        assert!(summary.written.written < 200, "{summary}");
    }
}

#[test]
fn a_session_rebuild_equals_a_clean_build() {
    session_rebuilds_equal_clean_builds(false);
}

#[test]
fn a_preview_session_in_memory_equals_a_clean_build() {
    session_rebuilds_equal_clean_builds(true);
}
