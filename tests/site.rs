//! Builds the basic fixture site and checks routes, counterparts, localized text, escaping and history.

mod common;

use common::{tree_digest, Fixture};
use scraper::{Html, Selector};

fn select<'a>(html: &'a Html, css: &str) -> Vec<scraper::ElementRef<'a>> {
    html.select(&Selector::parse(css).unwrap()).collect()
}

fn text(element: &scraper::ElementRef) -> String {
    element
        .text()
        .collect::<String>()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// The text of each cell of a table row, joined with " | ".
fn row(element: &scraper::ElementRef) -> String {
    select_in(element, "th, td")
        .iter()
        .map(text)
        .collect::<Vec<_>>()
        .join(" | ")
}

fn built() -> Fixture {
    let fixture = Fixture::new("basic");
    fixture.build();
    fixture
}

/// Every HTML file of the output, as a path relative to it.
fn html_files(fixture: &Fixture) -> Vec<String> {
    tree_digest(&fixture.out())
        .into_iter()
        .map(|(p, _)| p.to_string_lossy().into_owned())
        .filter(|p| p.ends_with(".html"))
        .collect()
}

#[test]
fn every_route_is_written() {
    let f = built();
    for page in [
        "index.html",
        "404.html",
        "es/index.html",
        "en/index.html",
        "es/cronologia/index.html",
        "en/timeline/index.html",
        "es/cronologia/acuerdo-primero/index.html",
        "en/timeline/first-agreement/index.html",
        "es/cronologia/llamada-de-enero/index.html",
        "en/timeline/january-call/index.html",
        "es/mapa/index.html",
        "en/map/index.html",
        "es/mapa/jalisco/index.html",
        "en/map/jalisco/index.html",
        "es/mapa/ciudad-de-mexico/index.html",
        "en/map/mexico-city/index.html",
        "es/avisos/2025-01-20/index.html",
        "en/advisories/2024-06-01/index.html",
        "es/acerca/index.html",
        "en/about/index.html",
        "es/cronologia/llamada/index.html",
        "en/timeline/call/index.html",
        "es/cronologia/aviso-de-viaje/index.html",
        "en/timeline/travel-advisory/index.html",
        "es/cronologia/2024/index.html",
        "en/timeline/2025/index.html",
        "es/feed.xml",
        "en/feed.xml",
        "es/datos/index.html",
        "en/data/index.html",
        "sitemap.xml",
        "robots.txt",
    ] {
        assert!(f.out().join(page).is_file(), "{page} is missing");
    }
    // The home page's text introduces /es/ rather than getting a URL of its own.
    assert!(!f.out().join("es/inicio").exists());
    // 32 states + home, timeline, 3 kind and 2 year filters, 3 events, map, 2 advisories, 1 page,
    // the open-data page, per language; plus / and 404.
    assert_eq!(
        html_files(&f).len(),
        2 * (32 + 1 + 1 + 5 + 3 + 1 + 2 + 1 + 1) + 2
    );
}

#[test]
fn every_page_links_to_its_counterpart_and_back() {
    let f = built();
    let mut checked = 0;
    for file in html_files(&f) {
        let lang = if file.starts_with("es/") {
            "es"
        } else if file.starts_with("en/") {
            "en"
        } else {
            continue;
        };
        let html = Html::parse_document(&f.read(&file));
        assert_eq!(select(&html, "html")[0].attr("lang"), Some(lang), "{file}");
        let canonical = select(&html, "link[rel=canonical]")[0]
            .attr("href")
            .unwrap()
            .to_string();
        let own_url = format!(
            "https://fixture.example/{}",
            file.trim_end_matches("index.html")
        );
        assert_eq!(canonical, own_url, "{file}");
        let alternates: Vec<(String, String)> = select(&html, "link[rel=alternate][hreflang]")
            .iter()
            .map(|l| {
                (
                    l.attr("hreflang").unwrap().to_string(),
                    l.attr("href").unwrap().to_string(),
                )
            })
            .collect();
        let langs: Vec<&str> = alternates.iter().map(|a| a.0.as_str()).collect();
        assert_eq!(langs, ["es", "en", "x-default"], "{file}");
        assert!(
            alternates.contains(&(lang.to_string(), own_url.clone())),
            "{file} lists itself"
        );
        let x_default = if file.ends_with("/index.html") && file.len() == "es/index.html".len() {
            "https://fixture.example/".to_string()
        } else {
            alternates[0].1.clone()
        };
        assert_eq!(
            alternates[2].1, x_default,
            "{file}: x-default is / for home pages, else the default language's"
        );
        let switch = select(&html, ".language-switch a");
        assert_eq!(switch.len(), 1, "{file}");
        let other = if lang == "es" { "en" } else { "es" };
        assert_eq!(switch[0].attr("lang"), Some(other));
        assert_eq!(switch[0].attr("hreflang"), Some(other));
        let target = switch[0].attr("href").unwrap();
        let expected = alternates.iter().find(|a| a.0 == other).unwrap();
        assert_eq!(
            format!("https://fixture.example{target}"),
            expected.1,
            "{file}: switch and hreflang agree"
        );
        let back =
            Html::parse_document(&f.read(&format!("{}index.html", target.trim_start_matches('/'))));
        let back_href = select(&back, ".language-switch a")[0]
            .attr("href")
            .unwrap()
            .to_string();
        assert_eq!(
            format!("/{file}").trim_end_matches("index.html"),
            back_href,
            "{file} <-> {target}"
        );
        let modified = select(&html, ".date-modified time");
        assert_eq!(modified.len(), 1, "{file} shows a date modified");
        checked += 1;
    }
    assert_eq!(checked, 94);
}

#[test]
fn dates_are_localized_and_modified_comes_from_content() {
    let f = built();
    let es = f.read("es/cronologia/acuerdo-primero/index.html");
    assert!(
        es.contains("<time datetime=\"2024-03-01\">1 de marzo de 2024</time>"),
        "{es}"
    );
    let en = f.read("en/timeline/first-agreement/index.html");
    assert!(en.contains("<time datetime=\"2024-03-01\">March 1, 2024</time>"));
    let updated = Html::parse_document(&f.read("en/timeline/january-call/index.html"));
    let modified = select(&updated, ".date-modified time")[0];
    assert_eq!(modified.attr("datetime"), Some("2025-02-01"));
    assert_eq!(text(&modified), "2025-02-01");
}

#[test]
fn timeline_is_newest_first_grouped_by_year_and_month() {
    let f = built();
    let html = Html::parse_document(&f.read("es/cronologia/index.html"));
    let headings: Vec<String> = select(&html, "main h2, main h3, main h4")
        .iter()
        .map(text)
        .collect();
    assert_eq!(
        headings,
        [
            "2025",
            "Enero de 2025",
            "Nuevo aviso",
            "Llamada de enero",
            "2024",
            "Marzo de 2024",
            "Acuerdo <script>alert('x')</script>"
        ]
    );
    let kinds: Vec<String> = select(&html, ".kind").iter().map(text).collect();
    assert_eq!(kinds, ["Aviso de viaje", "Llamada", "Acuerdo"]);
    let en = Html::parse_document(&f.read("en/timeline/index.html"));
    assert_eq!(text(&select(&en, "main h3")[0]), "January 2025");
}

#[test]
fn plurals_come_from_fluent() {
    let f = built();
    let es = Html::parse_document(&f.read("es/mapa/index.html"));
    let counts: Vec<String> = select(&es, ".legend li").iter().map(text).collect();
    assert_eq!(
        counts,
        [
            "Evitar todo viaje: 1 estado",
            "Evitar los viajes no esenciales: 1 estado",
            "Actuar con un alto grado de precaución: 1 estado",
            "Tomar las precauciones de seguridad normales: 1 estado",
            "No figura en este aviso: 28 entidades federativas",
        ]
    );
    // The home page's brief heads each level's list of states with the same count.
    let home = Html::parse_document(&f.read("es/index.html"));
    let levels: Vec<String> = select(&home, "h3.listed-level").iter().map(text).collect();
    assert_eq!(levels, counts[..4]);
    let en = Html::parse_document(&f.read("en/map/index.html"));
    let counts: Vec<String> = select(&en, ".legend li").iter().map(text).collect();
    assert_eq!(counts[0], "Avoid all travel: 1 state");
    assert_eq!(
        counts[4],
        "Not listed in this advisory: 28 federal entities"
    );
}

#[test]
fn content_is_escaped_everywhere() {
    let f = built();
    for file in html_files(&f) {
        let page = f.read(&file);
        let js = std::fs::read(common::repo_root().join("static/search.js")).unwrap();
        let search_script = format!(
            "<script src=\"/{}\" defer></script>",
            puente::output::assets::hashed_name("search.js", &js)
        );
        let allowed = page
            .replace("<script type=\"application/ld+json\">", "")
            .replace(&search_script, "");
        assert!(
            !allowed.contains("<script"),
            "{file} has a script tag other than JSON-LD and search.js"
        );
        if let Some(start) = page.find("<script type=\"application/ld+json\">") {
            let json = &page[start + 35..start + page[start..].find("</script>").unwrap()];
            assert!(!json.contains('<'), "{file}: JSON-LD is escaped");
            serde_json::from_str::<serde_json::Value>(json).unwrap();
        }
        assert!(
            !page.contains("<b>Uno"),
            "{file} passes HTML from a data field"
        );
    }
    let page = f.read("es/cronologia/acuerdo-primero/index.html");
    assert!(
        page.contains("<h1>Acuerdo &lt;script&gt;alert(&#39;x&#39;)&lt;&#x2F;script&gt;</h1>")
            || page.contains("<h1>Acuerdo &lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;</h1>"),
        "{page}"
    );
    assert!(page.contains("Fuente &lt;script&gt;"));
}

#[test]
fn event_page_shows_facts_sources_quotes_and_neighbours() {
    let f = built();
    let html = Html::parse_document(&f.read("en/timeline/january-call/index.html"));
    let people: Vec<String> = select(&html, ".facts ul.people li")
        .iter()
        .map(text)
        .collect();
    assert_eq!(people, ["Persona Dos", "Person Three"]);
    let quote = select(&html, "figure.quote blockquote")[0];
    assert_eq!(quote.attr("lang"), Some("es"));
    assert_eq!(text(&quote), "«Avanzamos juntos»");
    assert_eq!(
        text(&select(&html, ".translation")[0]),
        "English translation: “We move forward together”"
    );
    let prev = select(&html, "a[rel=prev]")[0];
    assert_eq!(prev.attr("href"), Some("/en/timeline/first-agreement/"));
    let next = select(&html, "a[rel=next]")[0];
    assert_eq!(next.attr("href"), Some("/en/timeline/new-advisory/"));
    // The Spanish page shows the quote without a translation.
    let es = Html::parse_document(&f.read("es/cronologia/llamada-de-enero/index.html"));
    assert!(select(&es, ".translation").is_empty());

    let first = Html::parse_document(&f.read("es/cronologia/acuerdo-primero/index.html"));
    let source = select(&first, ".sources li")[0];
    assert_eq!(
        select(&first, ".sources a")[0].attr("href"),
        Some("https://example.org/fuente")
    );
    assert!(text(&source).contains(", Editorial"));
    assert!(
        !text(&source).contains("en español"),
        "a Spanish source on a Spanish page is not marked"
    );
    let en_first = Html::parse_document(&f.read("en/timeline/first-agreement/index.html"));
    assert!(text(&select(&en_first, ".sources li")[0]).contains("(in Spanish)"));
    let states: Vec<_> = select(&first, ".facts a")
        .iter()
        .map(|a| a.attr("href").unwrap().to_string())
        .collect();
    assert_eq!(states, ["/es/mapa/jalisco/"]);
    // Markdown body: heading ids and links.
    assert!(f
        .read("es/cronologia/acuerdo-primero/index.html")
        .contains("<h2 id=\"contexto\">Contexto</h2>"));
}

#[test]
fn advisory_page_lists_changes_since_the_previous_snapshot() {
    let f = built();
    let html = Html::parse_document(&f.read("en/advisories/2025-01-20/index.html"));
    let rows: Vec<(String, String)> = select(&html, "table.changes tbody tr")
        .iter()
        .map(|r| {
            (
                r.attr("data-change").unwrap().to_string(),
                text(&select_in(r, "th")[0]),
            )
        })
        .collect();
    assert_eq!(
        rows,
        [
            ("added".into(), "Guerrero".into()),
            ("lowered".into(), "Chihuahua".into()),
            ("note-changed".into(), "Sonora".into()),
            ("raised".into(), "Jalisco".into()),
            ("removed".into(), "Colima".into()),
        ]
    );
    let raised = select(&html, "tr[data-change=raised] td")[0];
    assert_eq!(
        text(&raised),
        "Level raised: from “Exercise a high degree of caution” to “Avoid non-essential travel”"
    );
    let first = f.read("es/avisos/2024-06-01/index.html");
    assert!(first.contains("Es el primer aviso registrado"));
}

fn select_in<'a>(element: &scraper::ElementRef<'a>, css: &str) -> Vec<scraper::ElementRef<'a>> {
    element.select(&Selector::parse(css).unwrap()).collect()
}

#[test]
fn state_page_shows_history_events_and_locator() {
    let f = built();
    let html = Html::parse_document(&f.read("es/mapa/jalisco/index.html"));
    assert_eq!(text(&select(&html, "h1")[0]), "Jalisco");
    let history: Vec<String> = select(&html, "table.history tbody tr")
        .iter()
        .map(row)
        .collect();
    assert_eq!(
        history,
        [
            "20 de enero de 2025 | Evitar los viajes no esenciales | ",
            "1 de junio de 2024 | Actuar con un alto grado de precaución | "
        ]
    );
    let events: Vec<String> = select(&html, ".event-card .event-title")
        .iter()
        .map(text)
        .collect();
    assert_eq!(
        events,
        ["Nuevo aviso", "Acuerdo <script>alert('x')</script>"]
    );
    assert_eq!(select(&html, ".locator path.locator-current").len(), 1);
    assert_eq!(select(&html, ".locator path[data-code]").len(), 32);
    // A state no advisory names says so, with no invented level.
    let cdmx = Html::parse_document(&f.read("en/map/mexico-city/index.html"));
    let level = text(&select(&cdmx, ".facts dd")[0]);
    assert!(level.starts_with("Not listed in this advisory"), "{level}");
    // Colima was removed in the newest snapshot: listed before, not listed now.
    let colima = Html::parse_document(&f.read("en/map/colima/index.html"));
    let history: Vec<String> = select(&colima, "table.history tbody tr")
        .iter()
        .map(row)
        .collect();
    assert_eq!(
        history,
        [
            "January 20, 2025 | Not listed in this advisory | This advisory names no level for this federal entity; that does not mean it is safe.",
            "June 1, 2024 | Avoid all travel | "
        ]
    );
}

#[test]
fn output_is_reproducible() {
    let a = built();
    let b = built();
    assert_eq!(tree_digest(&a.out()), tree_digest(&b.out()));
}

#[test]
fn static_files_are_copied_as_is() {
    let f = built();
    let original = std::fs::read(common::repo_root().join("static/style.css")).unwrap();
    let name = puente::output::assets::hashed_name("style.css", &original);
    assert_ne!(name, "style.css");
    assert_eq!(std::fs::read(f.out().join(&name)).unwrap(), original);
    assert!(!f.out().join("style.css").exists());
    for file in html_files(&f) {
        assert!(
            f.read(&file)
                .contains(&format!("<link rel=\"stylesheet\" href=\"/{name}\">")),
            "{file}"
        );
    }
}

#[test]
fn event_page_snapshot() {
    let f = built();
    // The stylesheet's name carries its content hash: keep the snapshot about the page, not the CSS.
    let css = std::fs::read(common::repo_root().join("static/style.css")).unwrap();
    let js = std::fs::read(common::repo_root().join("static/search.js")).unwrap();
    let page = f
        .read("en/timeline/january-call/index.html")
        .replace(
            &puente::output::assets::hashed_name("style.css", &css),
            "style.HASH.css",
        )
        .replace(
            &puente::output::assets::hashed_name("search.js", &js),
            "search.HASH.js",
        );
    insta::assert_snapshot!("event_page_en", page);
}
