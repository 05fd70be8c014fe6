//! The editor's desk of `puente serve`: its HTML, "mark as reviewed" and every refusal of a write,
//! review records and their diff, `check --format json`, and nothing of it in `build`'s output.
//! Every wait is bounded.

mod common;

use std::io::{Read, Write};
use std::net::TcpStream;
use std::process::Command;
use std::time::{Duration, Instant};

use common::server::start;
use common::Fixture;

/// A raw HTTP/1.1 request: status, headers and body of the answer.
fn raw(port: u16, request: &str) -> (u16, String, String) {
    let mut stream = TcpStream::connect(("127.0.0.1", port)).unwrap();
    stream
        .set_read_timeout(Some(Duration::from_secs(30)))
        .unwrap();
    stream.write_all(request.as_bytes()).unwrap();
    let mut response = Vec::new();
    stream.read_to_end(&mut response).unwrap();
    let response = String::from_utf8_lossy(&response).into_owned();
    let status = response.split(' ').nth(1).unwrap().parse().unwrap();
    let (head, body) = response.split_once("\r\n\r\n").unwrap_or((&response, ""));
    (status, head.to_lowercase(), body.to_string())
}

fn get(port: u16, path: &str) -> (u16, String) {
    let (status, _, body) = raw(
        port,
        &format!("GET {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nConnection: close\r\n\r\n"),
    );
    (status, body)
}

/// Posts `body` to "mark as reviewed" with the headers given (each `Name: value`).
fn post(port: u16, headers: &[String], body: &str) -> (u16, String, String) {
    let mut request = format!("POST /__puente/review HTTP/1.1\r\nConnection: close\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: {}\r\n", body.len());
    for header in headers {
        request.push_str(header);
        request.push_str("\r\n");
    }
    request.push_str("\r\n");
    request.push_str(body);
    raw(port, &request)
}

/// Polls the desk until `condition` holds, or fails after 30 s.
fn wait_for_desk(port: u16, what: &str, condition: impl Fn(&str) -> bool) -> String {
    let deadline = Instant::now() + Duration::from_secs(30);
    loop {
        let (_, body) = get(port, "/__puente/en/");
        if condition(&body) {
            return body;
        }
        assert!(Instant::now() < deadline, "timed out waiting for {what}");
        std::thread::sleep(Duration::from_millis(150));
    }
}

/// The value of the first `<input name="{name}">` of the page.
fn input(html: &str, name: &str) -> String {
    let doc = scraper::Html::parse_document(html);
    let selector = scraper::Selector::parse(&format!("input[name={name}]")).unwrap();
    doc.select(&selector)
        .next()
        .and_then(|e| e.value().attr("value"))
        .unwrap_or_default()
        .to_string()
}

const CALL: &str = "content/events/2025-01-15-segundo.toml";
const CALL_ID: &str = "events/2025-01-15-segundo.en";

/// The basic fixture with every translation reviewed, then the call's Spanish summary changed.
fn reviewed_then_edited() -> Fixture {
    let f = Fixture::new("basic");
    puente::check::fix_fingerprints(f.root()).unwrap();
    let path = f.root().join(CALL);
    let text = std::fs::read_to_string(&path).unwrap();
    let edited = text.replace(
        "summary = \"Una llamada.\"",
        "summary = \"Una llamada larga sobre seguridad.\"",
    );
    assert_ne!(text, edited, "the fixture's summary moved");
    std::fs::write(&path, edited).unwrap();
    f
}

#[test]
fn the_desk_shows_a_stale_translation_with_the_changed_words_and_marking_it_clears_it() {
    let f = reviewed_then_edited();
    let server = start(&f);
    let (status, redirect, _) = raw(
        server.port,
        &format!(
            "GET /__puente/ HTTP/1.1\r\nHost: 127.0.0.1:{}\r\nConnection: close\r\n\r\n",
            server.port
        ),
    );
    assert_eq!(status, 302);
    assert!(redirect.contains("location: /__puente/es/"), "{redirect}");

    let (status, head, desk) = raw(
        server.port,
        &format!(
            "GET /__puente/en/ HTTP/1.1\r\nHost: 127.0.0.1:{}\r\nConnection: close\r\n\r\n",
            server.port
        ),
    );
    assert_eq!(status, 200);
    assert!(
        head.contains("content-security-policy: default-src 'none'"),
        "{head}"
    );
    assert!(head.contains("frame-ancestors 'none'"), "{head}");
    assert!(head.contains("x-frame-options: deny"), "{head}");
    let doc = scraper::Html::parse_document(&desk);
    let select = |css: &str| -> Vec<String> {
        let selector = scraper::Selector::parse(css).unwrap();
        doc.select(&selector)
            .map(|e| e.text().collect::<String>())
            .collect()
    };
    assert_eq!(select("h1"), ["Editor's desk"]);
    assert_eq!(select("html[lang=en]").len(), 1);
    assert_eq!(
        select("#translations h3 span[lang=es]"),
        ["Llamada de enero"]
    );
    let reviews = select("#translations article h3");
    assert_eq!(reviews, ["Llamada de enero — English translation"]);
    assert_eq!(
        select("#translations dd.diff ins"),
        ["[added:  larga sobre seguridad end of change]"],
        "the added words are marked, with words for screen readers"
    );
    assert!(select("#translations dd.diff del").is_empty());
    assert!(
        select("#translations article p code")[0].starts_with(&format!("{CALL}:")),
        "the item's file and line"
    );
    assert!(select("#translations td[lang=es]")
        .contains(&"Una llamada larga sobre seguridad.".to_string()));
    assert!(select("#translations td[lang=en]").contains(&"A call.".to_string()));
    assert!(select("#advisory p")[0].contains("content/advisories/2025-01-20.toml"));
    for section in [
        "build", "drafts", "todos", "advisory", "links", "unused", "other",
    ] {
        assert_eq!(
            select(&format!("section#{section} h2")).len(),
            1,
            "{section}"
        );
    }
    let token = input(&desk, "token");
    assert_eq!(token.len(), 32);
    assert_eq!(input(&desk, "item"), CALL_ID);

    let before = std::fs::read_to_string(f.root().join(CALL)).unwrap();
    let port = server.port;
    let (status, head, _) = post(
        port,
        &[
            format!("Host: 127.0.0.1:{port}"),
            format!("Origin: http://127.0.0.1:{port}"),
        ],
        &format!("token={token}&item=events%2F2025-01-15-segundo.en&lang=en"),
    );
    assert_eq!(status, 303);
    assert!(
        head.contains("location: /__puente/en/#translations"),
        "{head}"
    );
    let after = std::fs::read_to_string(f.root().join(CALL)).unwrap();
    let changed: Vec<(&str, &str)> = before
        .lines()
        .zip(after.lines())
        .filter(|(a, b)| a != b)
        .collect();
    assert_eq!(changed.len(), 1, "only the fingerprint line: {changed:?}");
    assert!(changed[0].1.starts_with("source_fingerprint = "));
    assert_eq!(before.lines().count(), after.lines().count());
    let record =
        std::fs::read_to_string(f.root().join("reviews/events/2025-01-15-segundo.en.toml"))
            .unwrap();
    assert!(
        record.contains("Una llamada larga sobre seguridad."),
        "{record}"
    );

    let desk = wait_for_desk(port, "the item to clear", |b| {
        b.contains("Translations to review <span class=\"count\">(0)</span>")
    });
    assert!(desk.contains("role=\"status\""), "{desk}");
    assert!(desk.contains("Review recorded in: content/events/2025-01-15-segundo.toml"));
}

#[test]
fn every_write_without_origin_token_or_host_is_refused_and_changes_nothing() {
    let f = reviewed_then_edited();
    let server = start(&f);
    let port = server.port;
    let (_, desk) = get(port, "/__puente/es/");
    let token = input(&desk, "token");
    assert_eq!(token.len(), 32);
    let before = common::tree_digest(f.root());
    let host = format!("Host: 127.0.0.1:{port}");
    let origin = format!("Origin: http://127.0.0.1:{port}");
    let item = "item=events%2F2025-01-15-segundo.en";
    let cases: Vec<(&str, Vec<String>, String, u16)> = vec![
        (
            "no token",
            vec![host.clone(), origin.clone()],
            item.to_string(),
            403,
        ),
        (
            "a wrong token",
            vec![host.clone(), origin.clone()],
            format!("token={}&{item}", "0".repeat(32)),
            403,
        ),
        (
            "no Origin",
            vec![host.clone()],
            format!("token={token}&{item}"),
            403,
        ),
        (
            "a foreign Origin",
            vec![host.clone(), "Origin: http://evil.example".to_string()],
            format!("token={token}&{item}"),
            403,
        ),
        (
            "an Origin of another port",
            vec![
                host.clone(),
                format!("Origin: http://127.0.0.1:{}", port + 1),
            ],
            format!("token={token}&{item}"),
            403,
        ),
        (
            "a foreign Host (DNS rebinding)",
            vec![
                "Host: evil.example".to_string(),
                "Origin: http://evil.example".to_string(),
            ],
            format!("token={token}&{item}"),
            403,
        ),
        (
            "no Host",
            vec![origin.clone()],
            format!("token={token}&{item}"),
            400,
        ),
    ];
    for (what, headers, body, expected) in cases {
        let (status, _, answer) = post(port, &headers, &body);
        assert_eq!(status, expected, "{what}: {answer}");
    }
    // GET instead of POST, and a POST anywhere else.
    let (status, head, _) = raw(
        port,
        &format!(
            "GET /__puente/review?token={token}&{item} HTTP/1.1\r\n{host}\r\nConnection: close\r\n\r\n"
        ),
    );
    assert_eq!(status, 405);
    assert!(head.contains("allow: post"), "{head}");
    let (status, _, _) = raw(
        port,
        &format!("POST /es/ HTTP/1.1\r\n{host}\r\n{origin}\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"),
    );
    assert_eq!(status, 405);
    assert_eq!(common::tree_digest(f.root()), before, "nothing was written");
    // An unknown item is said on the desk, and writes nothing either.
    let (status, _, _) = post(
        port,
        &[host.clone(), origin.clone()],
        &format!("token={token}&item=events%2F..%2F..%2Fetc.en&lang=en"),
    );
    assert_eq!(status, 303);
    assert_eq!(common::tree_digest(f.root()), before, "nothing was written");
    let (_, desk) = get(port, "/__puente/en/");
    assert!(desk.contains("The review could not be recorded"), "{desk}");
}

#[test]
fn marking_one_item_writes_what_fix_fingerprints_writes_for_it() {
    let whole = Fixture::new("basic");
    let one = Fixture::new("basic");
    puente::check::fix_fingerprints(whole.root()).unwrap();
    let changed = puente::check::mark_reviewed(one.root(), CALL_ID).unwrap();
    assert_eq!(
        changed,
        [
            std::path::PathBuf::from(CALL),
            std::path::PathBuf::from("reviews/events/2025-01-15-segundo.en.toml")
        ]
    );
    for file in [CALL, "reviews/events/2025-01-15-segundo.en.toml"] {
        assert_eq!(
            std::fs::read_to_string(whole.root().join(file)).unwrap(),
            std::fs::read_to_string(one.root().join(file)).unwrap(),
            "{file}"
        );
    }
    let other = "content/events/2024-03-01-primero.toml";
    assert_eq!(
        std::fs::read_to_string(one.root().join(other)).unwrap(),
        std::fs::read_to_string(common::repo_root().join("tests/fixtures/basic").join(other))
            .unwrap(),
        "the other items are left as they were"
    );
    assert!(puente::check::mark_reviewed(one.root(), "events/nothing.en").is_err());
}

#[test]
fn items_reviewed_before_records_were_kept_say_so() {
    let f = Fixture::new("basic");
    puente::check::fix_fingerprints(f.root()).unwrap();
    std::fs::remove_dir_all(f.root().join("reviews")).unwrap();
    let path = f.root().join(CALL);
    let text = std::fs::read_to_string(&path).unwrap();
    std::fs::write(&path, text.replace("Una llamada.", "Otra llamada.")).unwrap();
    let today = puente::content::Date::new(2025, 2, 1).unwrap();
    let attention = puente::check::attention(f.root(), today);
    assert_eq!(attention.translations.len(), 1);
    assert!(matches!(
        attention.translations[0].reviewed,
        puente::check::Reviewed::Nothing
    ));
    let json = attention.to_json();
    assert_eq!(json["translations"][0]["reviewed"]["kept"], "nothing");
    assert_eq!(json["translations"][0]["state"], "stale");
}

#[test]
fn check_json_lists_what_the_desk_lists() {
    let f = reviewed_then_edited();
    f.write(
        "content/events/2025-02-01-borrador.toml",
        &std::fs::read_to_string(f.root().join(CALL))
            .unwrap()
            .replacen("date = 2025-01-15", "draft = true\ndate = 2025-02-01", 1)
            .replace("title = \"Llamada de enero\"", "title = \"Borrador TODO\"")
            .replace("title = \"January call\"", "title = \"Draft call\""),
    );
    let output = Command::new(env!("CARGO_BIN_EXE_puente"))
        .args(["check", "--format", "json", "--root"])
        .arg(f.root())
        .output()
        .unwrap();
    let json: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    let drafts = json["drafts"].as_array().unwrap();
    assert_eq!(drafts.len(), 1, "{json:#}");
    assert_eq!(drafts[0]["file"], "content/events/2025-02-01-borrador.toml");
    assert_eq!(drafts[0]["line"], 1);
    assert!(drafts[0]["previews"][0]["path"]
        .as_str()
        .unwrap()
        .starts_with("/es/"));
    let todos = json["placeholders"].as_array().unwrap();
    assert_eq!(todos.len(), 1, "{json:#}");
    assert_eq!(todos[0]["file"], "content/events/2025-02-01-borrador.toml");
    let stale: Vec<&str> = json["translations"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["id"].as_str().unwrap())
        .collect();
    assert!(stale.contains(&CALL_ID), "{json:#}");
    let call = json["translations"]
        .as_array()
        .unwrap()
        .iter()
        .find(|t| t["id"] == CALL_ID)
        .unwrap();
    assert_eq!(call["reviewed"]["kept"], "changes");
    assert_eq!(call["reviewed"]["fields"][0]["name"], "summary");
    assert!(call["reviewed"]["fields"][0]["pieces"]
        .as_array()
        .unwrap()
        .iter()
        .any(|p| p["kind"] == "added" && p["text"] == " larga sobre seguridad"));
    assert_eq!(json["advisory"]["date"], "2025-01-20");
    assert!(json["problems"]
        .as_array()
        .unwrap()
        .iter()
        .all(|p| p["topic"].is_string()));
}

#[test]
fn served_pages_carry_the_badge_and_built_ones_never_do() {
    let f = Fixture::new("basic");
    let server = start(&f);
    let (status, page) = get(server.port, "/es/");
    assert_eq!(status, 200);
    assert!(
        page.contains("<aside id=\"puente-desk-badge\" aria-label=\"Puente\" lang=\"es\"><a href=\"/__puente/es/\">Mesa de edición</a></aside>"),
        "{page}"
    );
    let (_, page) = get(server.port, "/en/");
    assert!(page.contains("<a href=\"/__puente/en/\">Editor&#39;s desk</a>"));
    drop(server);
    f.build();
    for entry in walkdir::WalkDir::new(f.out()) {
        let entry = entry.unwrap();
        if entry.file_type().is_file() {
            let bytes = std::fs::read(entry.path()).unwrap();
            let text = String::from_utf8_lossy(&bytes);
            assert!(
                !text.contains("__puente") && !text.contains("puente-desk"),
                "{} holds serve's additions",
                entry.path().display()
            );
        }
    }
}

#[test]
fn a_draft_that_breaks_the_preview_is_listed_as_an_error() {
    let f = Fixture::new("basic");
    // The same titles as the call: the draft's pages would take the call's URLs.
    f.write(
        "content/events/2025-02-01-copia.toml",
        &std::fs::read_to_string(f.root().join(CALL))
            .unwrap()
            .replacen("date = 2025-01-15", "draft = true\ndate = 2025-02-01", 1),
    );
    let today = puente::content::Date::new(2025, 2, 1).unwrap();
    let attention = puente::check::attention(f.root(), today);
    let build: Vec<String> = attention
        .findings
        .about(puente::check::Topic::Build)
        .map(|d| d.to_string())
        .collect();
    assert!(
        build.iter().any(|m| m.contains("2025-02-01-copia")),
        "{build:#?}"
    );
}

#[test]
fn a_failed_build_is_on_the_desk_once_and_the_banner_links_to_it() {
    let f = Fixture::new("basic");
    let server = start(&f);
    let path = f.root().join(CALL);
    let text = std::fs::read_to_string(&path).unwrap();
    std::fs::write(&path, text.replace("kind = \"call\"", "kind = \"meeting\"")).unwrap();
    let desk = wait_for_desk(server.port, "the failed build", |b| {
        b.contains("Last build <span class=\"count\">(1)</span>")
    });
    assert!(desk.contains(&format!("<code>{CALL}:3:8</code>")), "{desk}");
    assert!(
        desk.contains("Other errors and warnings of the check <span class=\"count\">(0)</span>"),
        "the build's error is not repeated among check's: {desk}"
    );
    let (_, page) = get(server.port, "/es/");
    assert!(
        page.contains("<p lang=\"es\"><a href=\"/__puente/es/\">Abrir la mesa de edición</a></p>"),
        "{page}"
    );
}
