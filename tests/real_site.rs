//! Builds the real briefing site (the repository itself) and checks what readers come for.

mod common;

use scraper::{Html, Selector};

fn select<'a>(html: &'a Html, css: &str) -> Vec<scraper::ElementRef<'a>> {
    html.select(&Selector::parse(css).unwrap()).collect()
}

struct Built {
    _dir: tempfile::TempDir,
    out: std::path::PathBuf,
}

impl Built {
    fn read(&self, relative: &str) -> String {
        std::fs::read_to_string(self.out.join(relative)).unwrap()
    }
}

fn build_real_site() -> Built {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("public");
    if let Err(report) = puente::build::build(&common::repo_root(), Some(&out)) {
        panic!("the real site must build:\n{report}");
    }
    Built { _dir: dir, out }
}

#[test]
fn real_site_has_the_three_events_in_both_languages() {
    let site = build_real_site();
    let es = Html::parse_document(&site.read("es/cronologia/index.html"));
    let dates: Vec<_> = select(&es, "ol.timeline time")
        .iter()
        .map(|t| t.attr("datetime").unwrap().to_string())
        .collect();
    assert_eq!(dates, ["2025-12-15", "2025-11-18", "2025-09-18"]);
    let en = site.read("en/timeline/garcia-harfuch-anandasangaree-call/index.html");
    assert!(en.contains("<time datetime=\"2025-12-15\">December 15, 2025</time>"));
    assert!(en.contains("Omar García Harfuch"));
    assert!(
        en.contains("<blockquote lang=\"es\">"),
        "the quote stays in Spanish"
    );
    assert!(en.contains("English translation:"));
    let es = site.read("es/cronologia/llamada-garcia-harfuch-anandasangaree/index.html");
    assert!(es.contains("15 de diciembre de 2025"));
}

#[test]
fn home_summarises_the_advisory_with_plurals() {
    let site = build_real_site();
    let es = site.read("es/index.html");
    assert!(
        es.contains("Evitar los viajes no esenciales</span>: <strong>14 estados</strong>"),
        "{es}"
    );
    assert!(es.contains("<strong>18 entidades federativas</strong>"));
    let en = site.read("en/index.html");
    assert!(en.contains("<strong>14 states</strong>"));
}

#[test]
fn map_has_32_accessible_state_links_14_avoid_non_essential() {
    let site = build_real_site();
    for (file, label) in [
        (
            "es/mapa/index.html",
            "Chiapas: Evitar los viajes no esenciales",
        ),
        ("en/map/index.html", "Chiapas: Avoid non-essential travel"),
    ] {
        let page = site.read(file);
        let html = Html::parse_document(&page);
        let links = select(&html, "figure.map svg a");
        assert_eq!(links.len(), 32, "{file}");
        let mut codes: Vec<_> = select(&html, "figure.map path[data-code]")
            .iter()
            .map(|p| p.attr("data-code").unwrap().to_string())
            .collect();
        codes.sort();
        codes.dedup();
        assert_eq!(codes.len(), 32);
        let avoid = select(&html, "figure.map path[data-level=avoid-non-essential]");
        let mut avoid_codes: Vec<_> = avoid.iter().map(|p| p.attr("data-code").unwrap()).collect();
        avoid_codes.sort();
        assert_eq!(
            avoid_codes,
            [
                "MX-CHH", "MX-CHP", "MX-COL", "MX-GRO", "MX-GUA", "MX-JAL", "MX-MIC", "MX-MOR",
                "MX-NAY", "MX-NLE", "MX-SIN", "MX-SON", "MX-TAM", "MX-ZAC"
            ]
        );
        assert_eq!(
            select(&html, "figure.map path[data-level=not-listed]").len(),
            18
        );
        assert!(
            links.iter().any(|a| a.attr("aria-label") == Some(label)),
            "{file}"
        );
        assert!(links
            .iter()
            .all(|a| a.attr("href").is_some_and(|h| h.ends_with('/'))));
        assert_eq!(select(&html, "table.states tbody tr").len(), 32);
        assert!(
            page.contains("Palenque, Tuxtla Gutiérrez"),
            "the exceptions are on the page"
        );
        let svg_start = page.find("<svg viewBox").unwrap();
        let svg_len = page[svg_start..].find("</svg>").unwrap();
        assert!(svg_len < 80_000, "map SVG is {svg_len} bytes");
        assert!(page.len() < 200_000, "map page is {} bytes", page.len());
    }
}

#[test]
fn sixty_four_state_pages_linked_to_their_counterparts() {
    let site = build_real_site();
    let mut count = 0;
    for entry in std::fs::read_dir(site.out.join("es/mapa")).unwrap() {
        let entry = entry.unwrap();
        if !entry.file_type().unwrap().is_dir() {
            continue;
        }
        let slug = entry.file_name().to_string_lossy().into_owned();
        let html = Html::parse_document(&site.read(&format!("es/mapa/{slug}/index.html")));
        let switch = select(&html, ".language-switch a")[0]
            .attr("href")
            .unwrap()
            .to_string();
        assert!(switch.starts_with("/en/map/"), "{switch}");
        let back = Html::parse_document(
            &site.read(&format!("{}index.html", switch.trim_start_matches('/'))),
        );
        assert_eq!(
            select(&back, ".language-switch a")[0].attr("href").unwrap(),
            format!("/es/mapa/{slug}/")
        );
        count += 1;
    }
    assert_eq!(count, 32);
    let chiapas = site.read("en/map/chiapas/index.html");
    assert!(chiapas.contains("With exceptions in Palenque"));
    assert!(
        chiapas.contains("Canada updates its travel advisory for Mexico"),
        "the advisory event concerns Chiapas"
    );
    let cdmx = site.read("es/mapa/ciudad-de-mexico/index.html");
    assert!(cdmx.contains("No figura en este aviso"));
}

#[test]
fn about_page_credits_the_map_data() {
    let site = build_real_site();
    assert!(site
        .read("es/acerca/index.html")
        .contains("Límites estatales: Natural Earth (dominio público)."));
    assert!(site
        .read("en/about/index.html")
        .contains("State boundaries: Natural Earth (public domain)."));
}
