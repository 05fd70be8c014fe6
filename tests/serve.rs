//! `puente serve` on loopback: pages, live reload, errors shown and recovered, hostile paths and
//! hosts. Every wait is bounded.

mod common;

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::sync::mpsc;
use std::time::{Duration, Instant};

use common::server::start;
use common::Fixture;

/// One HTTP/1.1 request with `Connection: close`: status and body.
fn request(port: u16, path: &str, host: Option<&str>) -> (u16, String) {
    let mut stream = TcpStream::connect(("127.0.0.1", port)).unwrap();
    stream
        .set_read_timeout(Some(Duration::from_secs(20)))
        .unwrap();
    let host = host.map_or(format!("127.0.0.1:{port}"), str::to_string);
    write!(
        stream,
        "GET {path} HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n"
    )
    .unwrap();
    let mut response = Vec::new();
    stream.read_to_end(&mut response).unwrap();
    let response = String::from_utf8_lossy(&response).into_owned();
    let status = response.split(' ').nth(1).unwrap().parse().unwrap();
    let body = response
        .split_once("\r\n\r\n")
        .map(|(_, b)| b.to_string())
        .unwrap_or_default();
    (status, body)
}

fn get(port: u16, path: &str) -> (u16, String) {
    request(port, path, None)
}

/// Polls until `condition` holds for the page, or fails after 20 s.
fn wait_for(port: u16, path: &str, what: &str, condition: impl Fn(&str) -> bool) -> String {
    let deadline = Instant::now() + Duration::from_secs(20);
    loop {
        let (_, body) = get(port, path);
        if condition(&body) {
            return body;
        }
        assert!(Instant::now() < deadline, "timed out waiting for {what}");
        std::thread::sleep(Duration::from_millis(100));
    }
}

/// Lines of the live-reload stream, read in the background; returns once the server has had
/// time to register the subscription, so that a following edit is signalled on it.
fn subscribe(port: u16) -> mpsc::Receiver<String> {
    let mut stream = TcpStream::connect(("127.0.0.1", port)).unwrap();
    write!(
        stream,
        "GET /__puente/events HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n\r\n"
    )
    .unwrap();
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        for line in BufReader::new(stream).lines().map_while(Result::ok) {
            if tx.send(line).is_err() {
                break;
            }
        }
    });
    std::thread::sleep(Duration::from_millis(300));
    rx
}

/// The fixture's January call, the event the tests edit.
fn call_event(fixture: &Fixture) -> std::path::PathBuf {
    fixture
        .root()
        .join("content/events/2025-01-15-segundo.toml")
}

#[test]
fn serves_rebuilds_and_reloads_on_edit() {
    let fixture = Fixture::new("basic");
    let server = start(&fixture);
    let (status, body) = get(server.port, "/en/timeline/january-call/");
    assert_eq!(status, 200);
    assert!(body.contains("<script src=\"/__puente/live.js\"></script></body>"));
    let (status, script) = get(server.port, "/__puente/live.js");
    assert_eq!(status, 200);
    assert!(script.contains("EventSource"));
    let events = subscribe(server.port);
    let event = call_event(&fixture);
    let text = std::fs::read_to_string(&event).unwrap().replace(
        "summary = \"A call.\"",
        "summary = \"A call, edited live.\"",
    );
    std::fs::write(&event, text).unwrap();
    let deadline = Instant::now() + Duration::from_secs(20);
    loop {
        let line = events
            .recv_timeout(deadline.saturating_duration_since(Instant::now()))
            .expect("no reload signal");
        if line == "event: reload" {
            break;
        }
    }
    let (_, body) = get(server.port, "/en/timeline/january-call/");
    assert!(
        body.contains("A call, edited live."),
        "the reload signal comes after the rebuild"
    );
}

/// Reload signals that arrive within `wait`.
fn reloads_within(events: &mpsc::Receiver<String>, wait: Duration) -> usize {
    let deadline = Instant::now() + wait;
    let mut reloads = 0;
    while let Ok(line) = events.recv_timeout(deadline.saturating_duration_since(Instant::now())) {
        if line == "event: reload" {
            reloads += 1;
        }
    }
    reloads
}

#[test]
fn reading_sources_rebuilds_nothing_and_an_edit_rebuilds_once() {
    let fixture = Fixture::new("basic");
    let server = start(&fixture);
    let events = subscribe(server.port);
    // An editor (or the build itself) opening and reading files is not a change.
    for entry in walkdir::WalkDir::new(fixture.root().join("content")) {
        let entry = entry.unwrap();
        if entry.file_type().is_file() {
            std::fs::read(entry.path()).unwrap();
        }
    }
    assert_eq!(reloads_within(&events, Duration::from_millis(1500)), 0);
    let event = call_event(&fixture);
    let text = std::fs::read_to_string(&event)
        .unwrap()
        .replace("summary = \"A call.\"", "summary = \"A call, once.\"");
    std::fs::write(&event, text).unwrap();
    assert_eq!(
        reloads_within(&events, Duration::from_secs(4)),
        1,
        "one save, one rebuild: the rebuild's own reads must not start another"
    );
}

#[test]
fn a_file_written_without_pause_does_not_hold_the_rebuild_back() {
    let fixture = Fixture::new("basic");
    let server = start(&fixture);
    let events = subscribe(server.port);
    let event = call_event(&fixture);
    let text = std::fs::read_to_string(&event).unwrap();
    // Saves every 20 ms, for up to 20 s: the rebuild must come while they go on.
    let deadline = Instant::now() + Duration::from_secs(20);
    let mut n = 0;
    let reloaded = loop {
        if Instant::now() > deadline {
            break false;
        }
        n += 1;
        let edited = text.replace("summary = \"A call.\"", &format!("summary = \"Save {n}.\""));
        std::fs::write(&event, edited).unwrap();
        if reloads_within(&events, Duration::from_millis(20)) > 0 {
            break true;
        }
    };
    assert!(
        reloaded,
        "no rebuild while the file kept changing ({n} saves)"
    );
}

#[test]
fn a_broken_file_shows_every_error_and_fixing_it_brings_the_site_back() {
    let fixture = Fixture::new("basic");
    let server = start(&fixture);
    let event = call_event(&fixture);
    let good = std::fs::read_to_string(&event).unwrap();
    std::fs::write(&event, good.replace("kind = \"call\"", "kind = \"cal\"")).unwrap();
    let page = wait_for(server.port, "/es/", "the error banner", |b| {
        b.contains("puente-errors")
    });
    assert!(
        page.contains("content/events/2025-01-15-segundo.toml:3:8"),
        "{page}"
    );
    assert!(page.contains("unknown event kind `cal`"));
    assert!(
        page.contains("Llamada de enero"),
        "the last good build is still served"
    );
    std::fs::write(&event, good).unwrap();
    wait_for(server.port, "/es/", "the site to come back", |b| {
        !b.contains("puente-errors")
    });
}

#[test]
fn unknown_paths_get_the_404_page_and_escapes_are_refused() {
    let fixture = Fixture::new("basic");
    let server = start(&fixture);
    let (status, body) = get(server.port, "/es/no-such-page/");
    assert_eq!(status, 404);
    assert!(
        body.contains("Página no encontrada"),
        "the site's own 404 page"
    );
    for path in [
        "/../../etc/passwd",
        "/%2e%2e/%2e%2e/etc/passwd",
        "/es/..%2f..%2fsite.toml",
        "/..%5c..%5csite.toml",
        "/es/%2E%2E/%2E%2E/site.toml",
        "/%00",
    ] {
        let (status, body) = get(server.port, path);
        assert!(status == 400 || status == 404, "{path}: {status}");
        assert!(!body.contains("base_url"), "{path} leaked a source file");
    }
    let (status, _) = get(server.port, "/es");
    assert_eq!(
        status, 301,
        "a folder without its slash is redirected, never listed"
    );
    let (status, css) = get(server.port, "/sitemap.xml");
    assert_eq!(status, 200);
    assert!(css.starts_with("<?xml"));
}

#[test]
fn foreign_hosts_are_refused() {
    let fixture = Fixture::new("basic");
    let server = start(&fixture);
    for path in ["/__puente/events", "/__puente/live.js", "/es/"] {
        let (status, _) = request(server.port, path, Some("attacker.example"));
        assert_eq!(status, 403, "{path}");
    }
    let (status, _) = request(
        server.port,
        "/es/",
        Some(&format!("localhost:{}", server.port)),
    );
    assert_eq!(status, 200);
}

#[test]
fn a_thousand_concurrent_requests_are_all_served() {
    let fixture = Fixture::new("basic");
    let server = start(&fixture);
    let port = server.port;
    // Open every connection first, then send every request, then read every answer.
    let mut streams: Vec<TcpStream> = (0..1000)
        .map(|_| {
            let s = TcpStream::connect(("127.0.0.1", port)).unwrap();
            s.set_read_timeout(Some(Duration::from_secs(60))).unwrap();
            s
        })
        .collect();
    for (i, stream) in streams.iter_mut().enumerate() {
        let path = if i % 2 == 0 { "/es/" } else { "/en/map/" };
        write!(
            stream,
            "GET {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nConnection: close\r\n\r\n"
        )
        .unwrap();
    }
    let mut ok = 0;
    for mut stream in streams {
        let mut response = Vec::new();
        stream.read_to_end(&mut response).unwrap();
        if response.starts_with(b"HTTP/1.1 200") {
            ok += 1;
        }
    }
    assert_eq!(ok, 1000);
}

#[test]
fn slow_clients_do_not_block_others() {
    let fixture = Fixture::new("basic");
    let server = start(&fixture);
    let port = server.port;
    // Fifty clients that send half a request line and then nothing (slowloris).
    let slow: Vec<TcpStream> = (0..50)
        .map(|_| {
            let mut s = TcpStream::connect(("127.0.0.1", port)).unwrap();
            s.write_all(b"GET /es/ HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: ")
                .unwrap();
            s
        })
        .collect();
    let started = Instant::now();
    let (status, _) = get(port, "/en/");
    assert_eq!(status, 200);
    assert!(
        started.elapsed() < Duration::from_secs(5),
        "a normal request waited {:?}",
        started.elapsed()
    );
    drop(slow);
}

#[cfg(target_os = "linux")]
#[test]
fn it_listens_on_loopback_unless_told_otherwise() {
    let fixture = Fixture::new("basic");
    let server = start(&fixture);
    // The kernel's own table of listening sockets (no traffic needed): local address and state.
    let table = std::fs::read_to_string("/proc/net/tcp").unwrap()
        + &std::fs::read_to_string("/proc/net/tcp6").unwrap_or_default();
    let port = format!(":{:04X}", server.port);
    let listening: Vec<&str> = table
        .lines()
        .filter_map(|line| {
            let fields: Vec<&str> = line.split_whitespace().collect();
            (fields.len() > 3 && fields[1].ends_with(&port) && fields[3] == "0A")
                .then_some(fields[1])
        })
        .collect();
    assert_eq!(
        listening,
        [format!("0100007F{port}")],
        "only 127.0.0.1 listens on the port"
    );
}

/// A request written byte for byte: the status it gets.
fn raw_status(port: u16, request: &str) -> u16 {
    let mut stream = TcpStream::connect(("127.0.0.1", port)).unwrap();
    stream
        .set_read_timeout(Some(Duration::from_secs(20)))
        .unwrap();
    stream.write_all(request.as_bytes()).unwrap();
    let mut response = Vec::new();
    let _ = stream.read_to_end(&mut response);
    let response = String::from_utf8_lossy(&response);
    response
        .split(' ')
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(0)
}

#[test]
fn encoded_separators_bad_escapes_and_control_characters_are_refused() {
    let fixture = Fixture::new("basic");
    let server = start(&fixture);
    assert_eq!(get(server.port, "/es/mapa/").0, 200);
    for path in [
        "/es%2fmapa/",
        "/es%2Fmapa/",
        "/es%5cmapa/",
        "/es/mapa%5C",
        "/es/%00/",
        "/es/mapa/%0d%0aX-Injected:%201",
        "/es/%2",
        "/es/%zz/",
        "/es/%+1/",
        "/%c0%ae%c0%ae/site.toml",
        "/es/%e0%80%af/",
        "/es/%ff/",
        "/es/%2e/mapa/",
        "//es/mapa/",
        "/es//mapa/",
    ] {
        let (status, body) = get(server.port, path);
        assert_eq!(status, 400, "{path}: {body}");
    }
}

#[test]
fn two_host_headers_or_a_target_naming_another_host_are_refused() {
    let fixture = Fixture::new("basic");
    let server = start(&fixture);
    let port = server.port;
    let host = format!("127.0.0.1:{port}");
    let ask = |head: &str| raw_status(port, &format!("{head}\r\nConnection: close\r\n\r\n"));
    assert_eq!(ask(&format!("GET /es/ HTTP/1.1\r\nHost: {host}")), 200);
    assert_eq!(
        ask(&format!(
            "GET /es/ HTTP/1.1\r\nHost: {host}\r\nHost: {host}"
        )),
        400,
        "two Host headers, even equal ones"
    );
    assert_eq!(
        ask(&format!(
            "GET /es/ HTTP/1.1\r\nHost: {host}\r\nHost: attacker.example"
        )),
        400
    );
    assert_eq!(
        ask(&format!(
            "GET /es/ HTTP/1.1\r\nHost: attacker.example\r\nHost: {host}"
        )),
        400
    );
    assert_eq!(ask("GET /es/ HTTP/1.0"), 400, "no Host at all");
    assert_eq!(
        ask(&format!(
            "GET http://attacker.example/es/ HTTP/1.1\r\nHost: {host}"
        )),
        400,
        "an absolute-form target naming another host"
    );
    assert_eq!(
        ask(&format!("GET https://{host}/es/ HTTP/1.1\r\nHost: {host}")),
        400,
        "an absolute-form target with another scheme"
    );
    assert_eq!(
        ask(&format!("GET http://{host}/es/ HTTP/1.1\r\nHost: {host}")),
        200,
        "an absolute-form target naming this server"
    );
    assert_eq!(
        ask(&format!(
            "GET /__puente/events HTTP/1.1\r\nHost: {host}\r\nHost: {host}"
        )),
        400,
        "the live-reload stream too"
    );
    for head in [
        format!("POST /es/ HTTP/1.1\r\nHost: {host}\r\nContent-Length: 0"),
        format!("TRACE /es/ HTTP/1.1\r\nHost: {host}"),
        format!("OPTIONS * HTTP/1.1\r\nHost: {host}"),
        format!("CONNECT {host} HTTP/1.1\r\nHost: {host}"),
    ] {
        assert_eq!(ask(&head), 405, "{head}");
    }
    assert_eq!(ask(&format!("HEAD /es/ HTTP/1.1\r\nHost: {host}")), 200);
}

#[test]
fn templates_that_recurse_fail_the_build_and_the_server_keeps_serving() {
    let fixture = Fixture::new("basic");
    let server = start(&fixture);
    let page = fixture.root().join("templates/page.html");
    let good = std::fs::read_to_string(&page).unwrap();
    // A template that includes itself: refused when the templates load.
    std::fs::write(
        &page,
        good.replace("<h1>", "{% include \"page.html\" %}<h1>"),
    )
    .unwrap();
    let body = wait_for(server.port, "/es/", "the error banner", |b| {
        b.contains("puente-errors")
    });
    assert!(body.contains("`page.html` includes itself"), "{body}");
    assert!(
        body.contains("Llamada de enero"),
        "the last good build is still served"
    );
    // A macro that calls itself without end: stopped while rendering.
    std::fs::write(
        &page,
        good.replace(
            "{%- block content %}",
            "{%- macro nest(n) -%}{{ self::nest(n=n + 1) }}{%- endmacro nest -%}\n{%- block content %}{{ self::nest(n=0) }}",
        ),
    )
    .unwrap();
    let body = wait_for(server.port, "/es/", "the recursion error", |b| {
        b.contains("nests macro calls and includes more than 64 deep")
    });
    assert!(body.contains("templates/page.html"), "{body}");
    let (status, _) = get(server.port, "/en/");
    assert_eq!(status, 200, "the server is alive");
    std::fs::write(&page, good).unwrap();
    wait_for(server.port, "/es/", "the site to come back", |b| {
        !b.contains("puente-errors")
    });
}
