//! The open-data page and its downloads (issue 17), on the basic fixture: every published event
//! once, one advisory row per snapshot and federal entity, the column dictionary, formula-looking
//! text neutralised in the CSV and kept as written in the JSON, and the feed and data links in
//! every footer.

mod common;

use common::{tree_digest, Fixture};
use scraper::{Html, Selector};

fn csv_records(text: &str) -> (Vec<String>, Vec<Vec<String>>) {
    let mut reader = csv::Reader::from_reader(text.as_bytes());
    let header = reader.headers().unwrap().iter().map(String::from).collect();
    let rows = reader
        .records()
        .map(|r| r.unwrap().iter().map(String::from).collect())
        .collect();
    (header, rows)
}

fn cells(html: &str, css: &str) -> Vec<String> {
    let html = Html::parse_document(html);
    html.select(&Selector::parse(css).unwrap())
        .map(|e| e.text().collect::<String>().trim().to_string())
        .collect()
}

/// The basic fixture with an event whose title a spreadsheet would take for a formula.
fn hostile() -> Fixture {
    let fixture = Fixture::new("basic");
    fixture.write(
        "content/events/2025-02-01-formula.toml",
        r#"date = 2025-02-01
kind = "call"
people = ["@persona"]
states = ["MX-SIN"]

[[sources]]
title = "Fuente"
publisher = "Editorial"
url = "https://example.org/formula"

[es]
title = "=HYPERLINK(\"https://example.org\",\"clic\")"
summary = "Dijo \"basta\", y luego, nada."

[en]
title = "+1 said \"enough\""
summary = "-2 and \"quotes\", commas."
"#,
    );
    fixture.build();
    fixture
}

#[test]
fn each_language_has_a_data_page_with_its_downloads_and_columns() {
    let f = hostile();
    for (page, folder) in [
        ("es/datos/index.html", "es/datos"),
        ("en/data/index.html", "en/data"),
    ] {
        let html = f.read(page);
        let links = cells(&html, "ul.downloads a");
        assert_eq!(
            links,
            [
                "events.csv",
                "events.json",
                "advisories.csv",
                "advisories.json"
            ],
            "{page}"
        );
        // The dictionary names every column of each CSV, in order.
        let documented = cells(&html, "table.columns tbody th code");
        let (events, _) = csv_records(&f.read(&format!("{folder}/events.csv")));
        let (advisories, _) = csv_records(&f.read(&format!("{folder}/advisories.csv")));
        assert_eq!(documented, [events, advisories].concat(), "{page}");
        assert!(
            html.contains("Natural Earth"),
            "{page}: boundaries' attribution"
        );
        assert_eq!(cells(&html, ".date-modified time").len(), 1, "{page}");
        // Data catalogues find the files in the page's schema.org Dataset.
        let csv_url = format!("\"contentUrl\":\"https://fixture.example/{folder}/events.csv\"");
        assert!(html.contains("\"@type\":\"Dataset\""), "{page}");
        assert!(html.contains(&csv_url), "{page}");
    }
    // The two pages are each other's counterparts.
    let es = f.read("es/datos/index.html");
    assert!(es.contains(r#"hreflang="en" href="https://fixture.example/en/data/""#));
}

#[test]
fn events_csv_has_every_event_once_with_formulas_neutralised() {
    let f = hostile();
    let (header, rows) = csv_records(&f.read("es/datos/events.csv"));
    assert_eq!(header[..3], ["id", "date", "updated"]);
    assert_eq!(rows.len(), 4);
    let formula = rows.iter().find(|r| r[0] == "2025-02-01-formula").unwrap();
    assert_eq!(formula[5], "'=HYPERLINK(\"https://example.org\",\"clic\")");
    assert_eq!(formula[6], "Dijo \"basta\", y luego, nada.");
    assert_eq!(formula[7], "'@persona");
    assert_eq!(formula[8], "MX-SIN");
    assert_eq!(formula[11], "es", "the language of its words");
    assert_eq!(
        formula[9],
        "https://fixture.example/es/cronologia/hyperlink-https-example-org-clic/"
    );
    let en = f.read("en/data/events.csv");
    assert!(en.starts_with("id,date,updated,kind,kind_label,title,summary,"));
    assert!(en.contains("\r\n"), "RFC 4180 line ends");
    let (_, rows) = csv_records(&en);
    let formula = rows.iter().find(|r| r[0] == "2025-02-01-formula").unwrap();
    assert_eq!(formula[5], "'+1 said \"enough\"");
    assert_eq!(formula[6], "'-2 and \"quotes\", commas.");
    // The JSON keeps every text as written.
    let json: serde_json::Value = serde_json::from_str(&f.read("en/data/events.json")).unwrap();
    let formula = json
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["id"] == "2025-02-01-formula")
        .unwrap();
    assert_eq!(formula["title"], "+1 said \"enough\"");
    assert_eq!(formula["people"][0], "@persona");
    assert_eq!(formula["sources"][0]["url"], "https://example.org/formula");
}

#[test]
fn advisories_have_a_row_per_snapshot_and_entity_not_listed_included() {
    let f = Fixture::new("basic");
    f.build();
    let (header, rows) = csv_records(&f.read("en/data/advisories.csv"));
    assert_eq!(
        header[..5],
        [
            "snapshot_date",
            "issuer",
            "iso_code",
            "inegi_code",
            "entity"
        ]
    );
    assert_eq!(rows.len(), 2 * 32);
    for snapshot in ["2024-06-01", "2025-01-20"] {
        let of: Vec<_> = rows.iter().filter(|r| r[0] == snapshot).collect();
        assert_eq!(of.len(), 32, "{snapshot}");
        assert!(of.iter().any(|r| r[5] == "not-listed"), "{snapshot}");
        assert!(of.iter().any(|r| r[5] != "not-listed"), "{snapshot}");
    }
    let jalisco = rows.iter().find(|r| r[2] == "MX-JAL").unwrap();
    assert_eq!(jalisco[3], "14");
    let json: serde_json::Value =
        serde_json::from_str(&f.read("es/datos/advisories.json")).unwrap();
    assert_eq!(json.as_array().unwrap().len(), 64);
    assert_eq!(json[0]["entity"], "Aguascalientes");
}

#[test]
fn downloads_are_reproducible_and_rewritten_only_when_they_change() {
    let f = Fixture::new("basic");
    f.build();
    let first = tree_digest(&f.out());
    let again = f.build();
    assert_eq!(tree_digest(&f.out()), first);
    assert_eq!(
        again.written.written, 0,
        "nothing changed, nothing rewritten"
    );
}

#[test]
fn every_page_footer_links_the_feed_and_open_data_and_the_timeline_too() {
    let f = Fixture::new("basic");
    f.build();
    for (file, _) in tree_digest(&f.out()) {
        let file = file.to_string_lossy().into_owned();
        if !file.ends_with(".html") {
            continue;
        }
        let html = f.read(&file);
        let feeds = cells(
            &html,
            ".site-footer .reader-links a[type=\"application/atom+xml\"]",
        );
        assert!(!feeds.is_empty(), "{file}: no feed link in the footer");
        assert!(
            html.contains("<svg class=\"icon\""),
            "{file}: the feed's icon"
        );
    }
    let timeline = f.read("en/timeline/index.html");
    let html = Html::parse_document(&timeline);
    let main_feed = Selector::parse("main .reader-links a[href=\"/en/feed.xml\"]").unwrap();
    assert_eq!(html.select(&main_feed).count(), 1);
    assert_eq!(
        cells(&f.read("en/index.html"), ".site-footer .reader-links a"),
        ["Atom feed", "Open data (CSV, JSON)"]
    );
}
