//! Hostile and broken input made at run time (bytes git should not hold, links, huge files), the
//! output folder's safety, killing a build, and content that tries to become markup.

mod common;

use common::{tree_digest, Fixture};
use scraper::{Html, Selector};

/// Builds the basic fixture, lets `spoil` break it, and returns the report of the failed build,
/// checking the previous output did not change.
fn fails_with(spoil: impl FnOnce(&Fixture)) -> String {
    let f = Fixture::new("basic");
    f.build();
    let before = tree_digest(&f.out());
    spoil(&f);
    let report = match puente::pipeline::build(f.root(), None) {
        Ok(_) => panic!("the build should fail"),
        Err(report) => report.to_string(),
    };
    assert_eq!(before, tree_digest(&f.out()), "the previous output changed");
    report
}

const EVENT: &str = "date = 2025-03-01\nkind = \"call\"\n[es]\ntitle = \"Evento\"\nsummary = \"Resumen.\"\n[en]\ntitle = \"Event\"\nsummary = \"Summary.\"\n";

#[test]
fn invalid_utf8_is_named_with_its_position() {
    let report = fails_with(|f| {
        let mut bytes = EVENT.as_bytes().to_vec();
        bytes.splice(40..40, [0xff, 0xfe]);
        std::fs::write(f.root().join("content/events/2025-03-01-bytes.toml"), bytes).unwrap();
    });
    assert!(
        report.contains("content/events/2025-03-01-bytes.toml:4:4:"),
        "{report}"
    );
    assert!(report.contains("the file is not valid UTF-8"), "{report}");
    assert!(report.contains("hint: save the file as UTF-8"));
}

#[test]
fn a_bom_and_crlf_line_endings_are_accepted() {
    let f = Fixture::new("basic");
    let event = format!("\u{feff}{}", EVENT.replace('\n', "\r\n"));
    f.write("content/events/2025-03-01-windows.toml", &event);
    f.write("content/pages/crlf.es.md", "\u{feff}+++\r\ntitle = \"Página CRLF\"\r\ndescription = \"x\"\r\nupdated = 2025-01-01\r\n+++\r\n## Hola\r\n\r\nTexto.\r\n");
    f.write("content/pages/crlf.en.md", "+++\r\ntitle = \"CRLF page\"\r\ndescription = \"x\"\r\nupdated = 2025-01-01\r\n+++\r\nText.\r\n");
    f.build();
    assert!(f
        .read("es/cronologia/evento/index.html")
        .contains("<h1>Evento</h1>"));
    assert!(f
        .read("es/pagina-crlf/index.html")
        .contains("<h2 id=\"hola\">Hola</h2>"));
}

#[test]
fn a_20_mb_markdown_file_is_refused() {
    let report = fails_with(|f| {
        let body = "Texto pegado por error. ".repeat(20 * 1024 * 1024 / 24);
        f.write(
            "content/pages/enorme.es.md",
            &format!(
                "+++\ntitle = \"Enorme\"\ndescription = \"x\"\nupdated = 2025-01-01\n+++\n{body}"
            ),
        );
        f.write(
            "content/pages/enorme.en.md",
            "+++\ntitle = \"Huge\"\ndescription = \"x\"\nupdated = 2025-01-01\n+++\nx\n",
        );
    });
    assert!(report.contains("content/pages/enorme.es.md: error: the file is 20.0 MB, more than the 4 MB a source file may be"), "{report}");
}

#[test]
fn markdown_nested_ten_thousand_levels_deep_builds() {
    let f = Fixture::new("basic");
    let body = format!(
        "{} hondo\n\n{}lista\n",
        ">".repeat(10_000),
        "- ".repeat(10_000)
    );
    f.write("content/pages/about.es.md", &format!("+++\ntitle = \"Acerca\"\nslug = \"acerca\"\ndescription = \"x\"\nupdated = 2025-01-01\n+++\n{body}"));
    f.build();
    let page = f.read("es/acerca/index.html");
    assert!(page.contains("hondo") && page.contains("lista"));
}

#[cfg(unix)]
#[test]
fn a_symbolic_link_loop_is_reported() {
    let report = fails_with(|f| {
        std::os::unix::fs::symlink("..", f.root().join("content/events/loop")).unwrap();
    });
    assert!(report.contains("content/events/loop"), "{report}");
    assert!(
        report.contains("cannot read the folder") && report.contains("loop"),
        "{report}"
    );
}

#[cfg(unix)]
#[test]
fn an_unreadable_file_is_reported() {
    // Tests run as root in CI, where permissions do not stop reading: a link to nowhere does.
    let report = fails_with(|f| {
        std::os::unix::fs::symlink(
            "/nonexistent/puente",
            f.root().join("content/events/2025-03-01-gone.toml"),
        )
        .unwrap();
    });
    assert!(
        report.contains("content/events/2025-03-01-gone.toml"),
        "{report}"
    );
}

#[test]
fn the_output_folder_can_only_be_puentes_own() {
    let f = Fixture::new("basic");
    let root = f.root().to_path_buf();
    let parent = root.parent().unwrap().to_path_buf();
    for (out, why) in [
        (std::path::PathBuf::from("/"), "the file system root"),
        (root.clone(), "the project"),
        (root.join("content"), "its content"),
        (
            root.join("content/new-folder"),
            "a new folder inside the content",
        ),
        (
            root.join("templates/../content"),
            "the content, by another road",
        ),
        (parent, "a parent of the project"),
    ] {
        let options = puente::pipeline::Options {
            output: Some(out.clone()),
            ..Default::default()
        };
        let report = puente::pipeline::build_with(&root, &options)
            .expect_err(why)
            .to_string();
        assert!(
            report.contains("would replace the project or its sources"),
            "{why}: {report}"
        );
    }
    let foreign = root.join("docs");
    std::fs::create_dir(&foreign).unwrap();
    std::fs::write(foreign.join("notes.txt"), "mine").unwrap();
    let options = puente::pipeline::Options {
        output: Some(foreign.clone()),
        ..Default::default()
    };
    let report = puente::pipeline::build_with(&root, &options)
        .unwrap_err()
        .to_string();
    assert!(report.contains("was not written by puente"), "{report}");
    assert_eq!(
        std::fs::read_to_string(foreign.join("notes.txt")).unwrap(),
        "mine"
    );
    assert!(root.join("content/events").is_dir() && root.join("site.toml").is_file());
}

#[cfg(unix)]
#[test]
fn killing_a_build_leaves_a_complete_output() {
    let f = Fixture::new("basic");
    // A site large enough for a build to take a while: 400 events.
    for i in 0..400 {
        f.write(
            &format!("content/events/2024-01-01-n{i:03}.toml"),
            &format!("date = 2024-01-01\nkind = \"call\"\n[es]\ntitle = \"Evento {i}\"\nsummary = \"Resumen {i}.\"\nbody = \"{}\"\n[en]\ntitle = \"Event {i}\"\nsummary = \"Summary {i}.\"\n", "Texto. ".repeat(200)),
        );
    }
    f.build();
    let old = tree_digest(&f.out());
    let site = std::fs::read_to_string(f.root().join("site.toml")).unwrap();
    let changed_site = site.replace("Sitio de prueba", "Sitio de prueba, nuevo");
    // The new output, built elsewhere for reference.
    f.write("site.toml", &changed_site);
    let reference = f.root().join("reference");
    puente::pipeline::build_with(
        f.root(),
        &puente::pipeline::Options {
            output: Some(reference.clone()),
            ..Default::default()
        },
    )
    .unwrap();
    let new = tree_digest(&reference);
    assert_ne!(old, new);
    let mut outcomes = [0, 0];
    for delay_ms in [5, 30, 60, 90, 120, 160, 200, 260, 330, 420, 600, 900] {
        f.write("site.toml", &site);
        f.build();
        assert_eq!(tree_digest(&f.out()), old);
        f.write("site.toml", &changed_site);
        let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_puente"))
            .args(["build", "--quiet", "--root"])
            .arg(f.root())
            .spawn()
            .unwrap();
        std::thread::sleep(std::time::Duration::from_millis(delay_ms));
        let _ = child.kill(); // SIGKILL
        let _ = child.wait();
        let now = tree_digest(&f.out());
        if now == old {
            outcomes[0] += 1;
        } else if now == new {
            outcomes[1] += 1;
        } else {
            panic!("after a kill at {delay_ms} ms the output is neither the old nor the new site");
        }
    }
    // And the next build repairs whatever the killed one left in its working folder.
    f.build();
    assert_eq!(tree_digest(&f.out()), new);
    eprintln!(
        "kills that left the old site: {}, the new one: {}",
        outcomes[0], outcomes[1]
    );
}

const ATTACKS: [&str; 3] = [
    "<script>alert(1)</script>",
    "\\\"><img src=x onerror=alert(2)>",
    "</script><script>alert(3)</script>",
];

#[test]
fn injected_markup_never_becomes_markup() {
    let f = Fixture::new("basic");
    let [a, b, c] = ATTACKS;
    f.write(
        "content/events/2025-03-01-hostil.toml",
        &format!(
            "date = 2025-03-01\nkind = \"call\"\npeople = [\"{a}\", \"{b}\"]\nstates = [\"MX-JAL\"]\n[[sources]]\ntitle = \"{c}\"\npublisher = \"{b}\"\nurl = \"https://example.org/?q={b}\"\n[[quotes]]\nby = \"{a}\"\nlang = \"es\"\ntext = \"{c}\"\ntranslation.en = \"{b}\"\n[es]\ntitle = \"{a} {b}\"\nslug = \"hostil\"\nsummary = \"{c} {b}\"\nbody = \"{a} {b} {c}\"\n[en]\ntitle = \"{c}\"\nslug = \"hostile\"\nsummary = \"{a}\"\nbody = \"{b}\"\n"
        ),
    );
    f.write(
        "content/advisories/2025-03-01.toml",
        &format!("date = 2025-03-01\n[es]\nissuer = \"{a}\"\nsummary = \"{b}\"\n[en]\nissuer = \"{c}\"\nsummary = \"{a}\"\n[[states]]\ncode = \"MX-JAL\"\nlevel = \"caution\"\nnote.es = \"{b}\"\nnote.en = \"{c}\"\n"),
    );
    f.write(
        "content/pages/hostil.es.md",
        &format!("+++\ntitle = \"{a}\"\nslug = \"hostil\"\ndescription = \"{b}\"\nupdated = 2025-01-01\n+++\n{a}\n\n[x]({b})\n"),
    );
    f.write("content/pages/hostil.en.md", &format!("+++\ntitle = \"{c}\"\nslug = \"hostile\"\ndescription = \"{a}\"\nupdated = 2025-01-01\n+++\n{c}\n"));
    f.build();
    let mut pages = 0;
    for (path, bytes) in tree_digest(&f.out()) {
        let file = path.to_string_lossy().into_owned();
        let text = String::from_utf8(bytes).unwrap();
        if file.ends_with(".html") {
            pages += 1;
            let html = Html::parse_document(&text);
            for script in html.select(&Selector::parse("script").unwrap()) {
                let json_ld = script.attr("type") == Some("application/ld+json");
                let search = script
                    .attr("src")
                    .is_some_and(|s| s.contains("search.") && s.ends_with(".js"));
                assert!(
                    json_ld || search,
                    "{file}: a script that is not ours: {}",
                    script.html()
                );
                if json_ld {
                    let json: serde_json::Value =
                        serde_json::from_str(&script.text().collect::<String>())
                            .unwrap_or_else(|e| panic!("{file}: JSON-LD broken: {e}"));
                    assert!(json.is_object());
                }
            }
            assert_eq!(
                html.select(&Selector::parse("img").unwrap()).count(),
                0,
                "{file}: an injected <img>"
            );
            for element in html.select(&Selector::parse("*").unwrap()) {
                for (name, value) in element.value().attrs() {
                    assert!(
                        !name.starts_with("on"),
                        "{file}: event handler attribute {name}={value}"
                    );
                    assert!(
                        !value
                            .trim_start()
                            .to_ascii_lowercase()
                            .starts_with("javascript:"),
                        "{file}: {name}={value}"
                    );
                }
            }
        } else if file.ends_with(".xml") {
            roxmltree::Document::parse(&text)
                .unwrap_or_else(|e| panic!("{file}: not well-formed: {e}"));
        } else if file.ends_with(".json") && !file.starts_with('.') {
            serde_json::from_str::<serde_json::Value>(&text)
                .unwrap_or_else(|e| panic!("{file}: {e}"));
        }
    }
    assert!(pages > 90);
    let page = f.read("es/cronologia/hostil/index.html");
    assert!(
        page.contains("&lt;script&gt;alert(1)&lt;/script&gt;"),
        "the attack is shown as text"
    );
    let csp = "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'self'; script-src 'self';";
    assert!(
        page.contains(csp),
        "every page carries a Content-Security-Policy without unsafe-inline"
    );
    assert!(!page.contains("unsafe-inline"));
    assert!(page.contains("<meta name=\"referrer\" content=\"strict-origin-when-cross-origin\">"));
}

#[test]
fn raw_html_passes_only_when_the_site_allows_it() {
    let f = Fixture::new("basic");
    let about = "+++\ntitle = \"Acerca\"\nslug = \"acerca\"\ndescription = \"x\"\nupdated = 2025-01-01\n+++\n<abbr title=\"Secretaría\">SSPC</abbr>\n";
    f.write("content/pages/about.es.md", about);
    f.build();
    assert!(f
        .read("es/acerca/index.html")
        .contains("&lt;abbr title=\"Secretaría\"&gt;SSPC&lt;/abbr&gt;"));
    let site = std::fs::read_to_string(f.root().join("site.toml")).unwrap();
    f.write("site.toml", &format!("allow_raw_html = true\n{site}"));
    f.build();
    assert!(f
        .read("es/acerca/index.html")
        .contains("<abbr title=\"Secretaría\">SSPC</abbr>"));
}

#[test]
fn allowed_raw_html_keeps_no_script_handler_style_or_remote_request() {
    let f = Fixture::new("basic");
    let site = std::fs::read_to_string(f.root().join("site.toml")).unwrap();
    f.write("site.toml", &format!("allow_raw_html = true\n{site}"));
    let about = "+++\ntitle = \"Acerca\"\nslug = \"acerca\"\ndescription = \"x\"\nupdated = 2025-01-01\n+++\n## Fuentes\n\n<abbr title=\"Secretaría\">SSPC</abbr> <img src=x onerror=alert(1)> <img src=\"https://evil.example/p.png\"> <a href=\"&#106;avascript:alert(1)\" onclick=\"alert(2)\">a</a> <span style=\"position:fixed\" class=\"nav\">s</span>\n\n<script>alert(3)</script><iframe src=\"https://evil.example/\"></iframe><form action=\"https://evil.example/\"><input name=q></form>\n\n<svg><a href=\"javascript:alert(4)\">x</a></svg> <div id='a\"b'>d</div>\n";
    f.write("content/pages/about.es.md", about);
    f.build();
    let page = f.read("es/acerca/index.html");
    let body = &page[page.find("<abbr").expect("the allowed markup is there")..];
    let body = &body[..body.find("</main>").unwrap_or(body.len())];
    assert!(
        body.contains("<abbr title=\"Secretaría\">SSPC</abbr>"),
        "{body}"
    );
    assert!(page.contains("<h2 id=\"fuentes\">Fuentes</h2>"), "{page}");
    for gone in [
        "onerror",
        "onclick",
        "javascript",
        "<script",
        "<iframe",
        "<form",
        "<input",
        "<svg",
        "style=",
        "class=\"nav\"",
        "evil.example",
        "a\"b",
        "a&quot;b",
    ] {
        assert!(!body.contains(gone), "{gone} in {body}");
    }
}

#[test]
fn a_fluent_message_failing_on_every_page_is_reported_once_at_its_place() {
    let report = fails_with(|f| {
        let en = std::fs::read_to_string(f.root().join("i18n/en.ftl")).unwrap();
        let line = en
            .lines()
            .position(|l| l.starts_with("skip-link ="))
            .expect("base.html shows skip-link on every page");
        let en: Vec<String> = en
            .lines()
            .enumerate()
            .map(|(i, l)| {
                if i == line {
                    "skip-link = Skip to { $where }".to_string()
                } else {
                    l.to_string()
                }
            })
            .collect();
        f.write("i18n/en.ftl", &(en.join("\n") + "\n"));
    });
    let en = std::fs::read_to_string(common::repo_root().join("i18n/en.ftl")).unwrap();
    let line = en
        .lines()
        .position(|l| l.starts_with("skip-link ="))
        .unwrap()
        + 1;
    assert!(
        report.contains(&format!("i18n/en.ftl:{line}:1: error: Fluent message `skip-link` in `en` cannot be formatted: Resolver error: Unknown variable: $where")),
        "{report}"
    );
    assert_eq!(report.matches("skip-link").count(), 1, "{report}");
    assert!(report.ends_with("\n1 error"), "{report}");
}
/// A static file's name becomes an output path: a backslash (`..\..\x` once wrote `x` two
/// folders above the output) or a newline (which split the output's file list into a line that
/// named a file of the project, deleted a build later) is refused, and nothing outside is touched.
#[test]
fn static_file_names_that_could_leave_the_output_are_refused() {
    for name in ["..\\..\\pwned.txt", "a\n0 ..", "tab\there.css"] {
        let report = fails_with(|f| {
            let path = f.root().join("static").join(name);
            if name.ends_with("..") {
                std::fs::create_dir_all(&path).unwrap();
                std::fs::write(path.join("site.toml"), "x").unwrap();
            } else {
                std::fs::write(&path, "x").unwrap();
            }
        });
        assert!(
            report.contains(
                "this static file's name is not UTF-8 or has a backslash or a control character"
            ),
            "{name:?}: {report}"
        );
    }
}

/// An event whose one source quotes `reference`, an excerpt to check against a file in `sources/`.
const CITING_EVENT: &str = "date = 2025-03-01\nkind = \"call\"\n[[sources]]\nkind = \"news-article\"\nlanguage = \"es\"\nreference = \"articulo.txt\"\nexcerpt = \"Canadá actualizó\"\nexcerpt_translation.en = \"Canada updated\"\n[es]\ntitle = \"Cita\"\nsummary = \"Resumen.\"\n[en]\ntitle = \"Quote\"\nsummary = \"Summary.\"\n";

#[cfg(unix)]
#[test]
fn a_reference_text_that_is_a_link_or_a_fifo_is_refused_without_waiting() {
    for make in ["link", "fifo"] {
        let report = fails_with(|f| {
            f.write("content/events/2025-03-01-cita.toml", CITING_EVENT);
            std::fs::create_dir_all(f.root().join("sources")).unwrap();
            let target = f.root().join("sources/articulo.txt");
            if make == "link" {
                // A link to a text that holds the excerpt: still refused, the reference must be
                // the file itself, kept in the project.
                let outside = f.root().join("elsewhere.txt");
                std::fs::write(&outside, "Canadá actualizó su alerta.").unwrap();
                std::os::unix::fs::symlink(&outside, &target).unwrap();
            } else {
                let status = std::process::Command::new("mkfifo")
                    .arg(&target)
                    .status()
                    .unwrap();
                assert!(status.success());
            }
        });
        assert!(
            report.contains("content/events/2025-03-01-cita.toml:7:11: error: source `reference` `articulo.txt`:")
                && report.contains("is not a plain file"),
            "{make}: {report}"
        );
    }
}

#[test]
fn a_static_file_name_never_writes_above_the_output() {
    let f = Fixture::new("basic");
    std::fs::write(f.root().join("static/..\\..\\pwned.txt"), "x").unwrap();
    assert!(puente::pipeline::build(f.root(), None).is_err());
    let parent = f.root().parent().unwrap();
    assert!(!parent.join("pwned.txt").exists());
    assert!(!f.root().join("pwned.txt").exists());
    assert!(f.root().join("site.toml").is_file());
}

/// Titles and descriptions of site.toml reach every page, feed and JSON-LD block: markup in them
/// is text everywhere, and robots.txt keeps its own lines.
#[test]
fn site_toml_text_never_becomes_markup() {
    let f = Fixture::new("basic");
    let quote = |s: &str| toml::Value::String(s.to_string()).to_string();
    let site = std::fs::read_to_string(f.root().join("site.toml"))
        .unwrap()
        .replace(
            "\"Sitio de prueba\"",
            &quote("\"><svg onload=alert(1)>' & <script>alert(2)</script>"),
        )
        .replace(
            "\"A test site.\"",
            &quote("</script><script>alert(3)</script>\"><svg onload=alert(4)>"),
        );
    f.write("site.toml", &site);
    f.build();
    let mut checked = 0;
    for (path, bytes) in tree_digest(&f.out()) {
        let file = path.to_string_lossy().into_owned();
        let text = String::from_utf8_lossy(&bytes);
        if file.ends_with(".html") || file.ends_with(".xml") || file.ends_with(".txt") {
            checked += 1;
            for raw in ["<svg onload", "<script>alert"] {
                assert!(!text.contains(raw), "{file}: `{raw}` reached the output");
            }
        }
        if file.ends_with(".xml") {
            roxmltree::Document::parse(&text)
                .unwrap_or_else(|e| panic!("{file}: not well-formed: {e}"));
        }
    }
    assert!(checked > 90);
    assert!(f.read("es/index.html").contains(
        "&quot;&gt;&lt;svg onload=alert(1)&gt;&#39; &amp; &lt;script&gt;alert(2)&lt;/script&gt;"
    ));
    let robots: Vec<String> = f.read("robots.txt").lines().map(String::from).collect();
    assert_eq!(
        robots,
        [
            "User-agent: *",
            "Allow: /",
            "",
            "Sitemap: https://fixture.example/sitemap.xml"
        ]
    );
}

/// Replaces `from` by `to` in a project file, which must hold it.
fn replace_in(f: &Fixture, relative: &str, from: &str, to: &str) {
    let path = f.root().join(relative);
    let text = std::fs::read_to_string(&path).unwrap();
    assert!(text.contains(from), "{relative} has no {from}");
    std::fs::write(path, text.replacen(from, to, 1)).unwrap();
}

#[test]
fn a_state_name_without_letters_is_refused() {
    let report = fails_with(|f| {
        replace_in(
            f,
            "content/geo/mexico-states.geojson",
            r#""name_es":"Chiapas""#,
            r#""name_es":"¿?""#,
        );
    });
    assert!(
        report.contains("content/geo/mexico-states.geojson:1:")
            && report.contains("error: feature 7: property `name_es` (`¿?`) has no letter or digit to make the URL of the state's page from"),
        "{report}"
    );
}

#[test]
fn two_states_named_alike_are_refused_against_the_geojson() {
    let report = fails_with(|f| {
        replace_in(
            f,
            "content/geo/mexico-states.geojson",
            r#""name_es":"Estado de México""#,
            r#""name_es":"Ciudad de Mexico""#,
        );
    });
    assert!(
        report.contains("content/geo/mexico-states.geojson: error: the URL /es/mapa/ciudad-de-mexico/ is already used by the page of the state MX-CMX [es]"),
        "{report}"
    );
    assert!(
        report.contains("hint: change the name of MX-MEX (`name_es`)"),
        "{report}"
    );
}

#[test]
fn a_kind_label_error_names_the_line_of_its_message() {
    let mut line = 0;
    let report = fails_with(|f| {
        for (language, label) in [("es", "Reunión"), ("en", "Call")] {
            let path = f.root().join(format!("i18n/{language}.ftl"));
            let mut text = std::fs::read_to_string(&path).unwrap();
            if !text.ends_with('\n') {
                text.push('\n');
            }
            text.push_str(&format!("kind-meeting = {label}\n"));
            line = text.lines().count();
            std::fs::write(path, text).unwrap();
        }
    });
    assert!(
        report.contains(&format!("i18n/en.ftl:{line}:1: error: the label `Call` of `kind-meeting` makes the URL segment `call`, which is the URL of the timeline filter for the kind `call`")),
        "{report}"
    );
    assert!(!report.contains("site.toml"), "{report}");
}

/// Runs `work` on a thread of its own and gives its result, failing (instead of hanging the test
/// suite) if it takes more than a minute: a FIFO opened or read by mistake blocks for ever.
fn in_time<T: Send + 'static>(work: impl FnOnce() -> T + Send + 'static) -> T {
    let (done, finished) = std::sync::mpsc::channel();
    let worker = std::thread::spawn(move || {
        let result = work();
        let _ = done.send(());
        result
    });
    match finished.recv_timeout(std::time::Duration::from_secs(60)) {
        Err(std::sync::mpsc::RecvTimeoutError::Timeout) => {
            panic!("the build did not finish within a minute (blocked on a FIFO or a device?)")
        }
        _ => worker
            .join()
            .unwrap_or_else(|panic| std::panic::resume_unwind(panic)),
    }
}

/// `fails_with`, on a thread with a time limit.
fn fails_in_time(spoil: impl FnOnce(&Fixture) + Send + 'static) -> String {
    in_time(move || fails_with(spoil))
}

/// Makes a FIFO (named pipe) at `path`.
#[cfg(unix)]
fn mkfifo(path: &std::path::Path) {
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    let status = std::process::Command::new("mkfifo")
        .arg(path)
        .status()
        .unwrap();
    assert!(status.success(), "mkfifo {}", path.display());
}

#[cfg(unix)]
#[test]
fn static_files_whose_names_become_one_are_refused() {
    use std::os::unix::ffi::OsStrExt;
    // A backslash is a folder separator once published; bytes that are not UTF-8 are shown as U+FFFD.
    let report = fails_with(|f| {
        f.write("static/x/y.png", "one");
        f.write("static/x\\y.png", "two");
        let invalid = |byte: u8| {
            let bytes = [b'z', byte, b'.', b'p', b'n', b'g'];
            f.root()
                .join("static")
                .join(std::ffi::OsStr::from_bytes(&bytes))
        };
        std::fs::write(invalid(0xfe), "three").unwrap();
        std::fs::write(invalid(0xff), "four").unwrap();
    });
    // Each is refused by its own name before two of them could become one output path.
    let refused =
        "error: this static file's name is not UTF-8 or has a backslash or a control character";
    assert!(
        report.contains(&format!("static/x\\y.png: {refused}")),
        "{report}"
    );
    assert_eq!(report.matches(refused).count(), 3, "{report}");
    assert!(report.contains("static/z\u{fffd}.png"), "{report}");
}

#[test]
fn a_page_titled_like_a_file_of_the_site_gets_a_page_of_its_own() {
    let f = Fixture::new("basic");
    for (language, title) in [("es", "feed.xml"), ("en", "search.json")] {
        f.write(
            &format!("content/pages/archivos.{language}.md"),
            &format!("+++\ntitle = \"{title}\"\ndescription = \"x\"\nupdated = 2025-01-01\n+++\nTexto.\n"),
        );
    }
    f.build();
    assert!(f
        .read("es/feed-xml/index.html")
        .contains("<h1>feed.xml</h1>"));
    assert!(f
        .read("en/search-json/index.html")
        .contains("<h1>search.json</h1>"));
    assert!(f.read("es/feed.xml").starts_with("<?xml"));
    assert!(f.read("en/search.json").starts_with("{\"shards\":"));
}

#[cfg(unix)]
#[test]
fn a_fifo_as_a_source_or_static_file_is_named_not_read() {
    for (relative, role) in [
        ("content/events/x.toml", "an event"),
        ("content/pages/fifo.es.md", "a page"),
        ("static/feed.css", "a static file"),
        ("templates/fifo.html", "a template"),
        ("i18n/es.ftl", "the UI strings"),
        ("site.toml", "the site settings"),
        ("content/geo/mexico-states.geojson", "the map"),
        (
            "content/notes/pipe",
            "a file no load reads (only the inputs' fingerprint)",
        ),
        ("static/.hidden", "a hidden static file"),
    ] {
        let report = fails_in_time(move |f| {
            let path = f.root().join(relative);
            let _ = std::fs::remove_file(&path);
            mkfifo(&path);
        });
        assert!(
            report.contains(&format!("{relative}: error: is a FIFO, not a regular file")),
            "{role}: {report}"
        );
        assert!(
            report.contains("hint: puente reads only regular files"),
            "{role}: {report}"
        );
    }
}

#[cfg(unix)]
#[test]
fn a_socket_is_named_not_read() {
    let report = fails_in_time(|f| {
        let listener =
            std::os::unix::net::UnixListener::bind(f.root().join("static/feed.sock")).unwrap();
        drop(listener); // the socket file stays
    });
    assert!(
        report.contains("static/feed.sock: error: is a socket, not a regular file"),
        "{report}"
    );
}

#[cfg(unix)]
#[test]
fn a_fifo_fails_a_first_build_and_a_preview_too() {
    let report = in_time(|| {
        let f = Fixture::new("basic");
        mkfifo(&f.root().join("content/events/x.toml"));
        mkfifo(&f.root().join("static/feed.css"));
        let report = puente::pipeline::build(f.root(), None)
            .expect_err("a FIFO among the sources")
            .to_string();
        assert!(!f.out().exists(), "nothing was published");
        report
    });
    for relative in ["content/events/x.toml", "static/feed.css"] {
        assert!(
            report.contains(&format!("{relative}: error: is a FIFO, not a regular file")),
            "{report}"
        );
        assert_eq!(report.matches(relative).count(), 1, "said once: {report}");
    }
    // `serve` builds in memory, over and over: the first build, and one after a FIFO appears.
    let reports = in_time(|| {
        let f = Fixture::new("basic");
        let options = puente::pipeline::Options {
            in_memory: true,
            drafts: true,
            ..Default::default()
        };
        let mut session = puente::pipeline::Session::new(f.root(), options);
        session.rebuild().expect("the fixture builds in memory");
        mkfifo(&f.root().join("static/feed.css"));
        let first = session.rebuild().expect_err("a FIFO appeared").to_string();
        std::fs::remove_file(f.root().join("static/feed.css")).unwrap();
        session.rebuild().expect("the FIFO is gone");
        mkfifo(&f.root().join("content/events/x.toml"));
        let second = session.rebuild().expect_err("a FIFO appeared").to_string();
        (first, second)
    });
    assert!(
        reports.0.contains("static/feed.css: error: is a FIFO"),
        "{}",
        reports.0
    );
    assert!(
        reports
            .1
            .contains("content/events/x.toml: error: is a FIFO"),
        "{}",
        reports.1
    );
}

#[cfg(unix)]
#[test]
fn a_link_to_a_device_is_refused_without_reading_it() {
    let report = fails_in_time(|f| {
        for relative in [
            "content/events/2025-03-01-zero.toml",
            "static/zero.png",
            "templates/zero.html",
        ] {
            std::os::unix::fs::symlink("/dev/zero", f.root().join(relative)).unwrap();
        }
        let map = f.root().join("content/geo/mexico-states.geojson");
        std::fs::remove_file(&map).unwrap();
        std::os::unix::fs::symlink("/dev/urandom", &map).unwrap();
    });
    for relative in [
        "content/events/2025-03-01-zero.toml",
        "static/zero.png",
        "templates/zero.html",
        "content/geo/mexico-states.geojson",
    ] {
        assert!(
            report.contains(&format!(
                "{relative}: error: is a device, not a regular file"
            )),
            "{relative}: {report}"
        );
    }
}

#[cfg(unix)]
#[test]
fn links_inside_the_project_are_followed_and_static_files_have_their_own_cap() {
    let f = Fixture::new("basic");
    std::fs::write(f.root().join("static/logo.svg"), "<svg/>").unwrap();
    std::os::unix::fs::symlink("logo.svg", f.root().join("static/alias.svg")).unwrap();
    std::os::unix::fs::symlink("../content/geo", f.root().join("static/geo")).unwrap();
    // Larger than a source file may be, smaller than a static file's cap.
    let photo = std::fs::File::create(f.root().join("static/photo.jpg")).unwrap();
    photo.set_len(5 * 1024 * 1024).unwrap();
    f.build();
    assert_eq!(f.read("alias.svg"), "<svg/>");
    assert_eq!(
        f.read("geo/mexico-states.geojson"),
        std::fs::read_to_string(f.root().join("content/geo/mexico-states.geojson")).unwrap()
    );
    assert_eq!(
        std::fs::metadata(f.out().join("photo.jpg")).unwrap().len(),
        5 * 1024 * 1024
    );
    let report = fails_with(|f| {
        let huge = std::fs::File::create(f.root().join("static/huge.pdf")).unwrap();
        huge.set_len(65 * 1024 * 1024).unwrap();
    });
    assert!(
        report.contains(
            "static/huge.pdf: error: the file is 65.0 MB, more than the 64 MB a static file may be"
        ),
        "{report}"
    );
}

/// A link in a contribution could publish any file of the machine that builds (its environment,
/// a private key): links that lead outside the project are refused, wherever they are.
#[cfg(unix)]
#[test]
fn links_that_lead_outside_the_project_are_refused() {
    let elsewhere = tempfile::tempdir().unwrap();
    let outside = elsewhere.path().to_path_buf();
    std::fs::write(outside.join("key"), "secret").unwrap();
    std::fs::create_dir(outside.join("events")).unwrap();
    std::fs::write(outside.join("events/2025-03-01-fuera.toml"), EVENT).unwrap();
    let target = outside.clone();
    let report = fails_in_time(move |f| {
        let link = |to: &std::path::Path, name: &str| {
            std::os::unix::fs::symlink(to, f.root().join(name)).unwrap();
        };
        link(&target.join("key"), "static/key.txt");
        link(std::path::Path::new("/proc/self/environ"), "static/env.txt");
        link(&target.join("key"), "templates/key.html");
        link(&target.join("events"), "content/events/fuera");
        link(&target.join("key"), "content/notes.txt");
        // Not walked into: the whole file system is not read (nor listed) to say so.
        link(std::path::Path::new("/"), "static/root");
    });
    for (relative, to) in [
        ("static/key.txt", "key"),
        ("static/env.txt", "environ"),
        ("templates/key.html", "key"),
        ("content/events/fuera", "events"),
        ("content/notes.txt", "key"),
        ("static/root", "/"),
    ] {
        let line = report
            .lines()
            .find(|l| l.starts_with(&format!("{relative}: error: leads outside the project")))
            .unwrap_or_else(|| panic!("{relative}: {report}"));
        assert!(line.ends_with(to), "{line}");
    }
    assert!(
        report.contains("hint: puente follows links only to files and folders inside the project")
    );
    assert!(!report.contains("secret"), "{report}");
    // A source folder or site.toml itself, linked out.
    let target = outside.clone();
    let report = fails_in_time(move |f| {
        std::fs::rename(f.root().join("i18n"), target.join("i18n")).unwrap();
        std::os::unix::fs::symlink(target.join("i18n"), f.root().join("i18n")).unwrap();
        let site = f.root().join("site.toml");
        std::fs::rename(&site, target.join("site.toml")).unwrap();
        std::os::unix::fs::symlink(target.join("site.toml"), &site).unwrap();
    });
    for relative in ["i18n", "site.toml"] {
        assert!(
            report.contains(&format!("{relative}: error: leads outside the project")),
            "{relative}: {report}"
        );
    }
    assert_eq!(report.matches("leads outside").count(), 2, "{report}");
    // `serve`'s builds, which stamp the sources first, do not walk such a link either.
    let report = in_time(|| {
        let f = Fixture::new("basic");
        std::os::unix::fs::symlink("/", f.root().join("static/root")).unwrap();
        let options = puente::pipeline::Options {
            in_memory: true,
            ..Default::default()
        };
        let mut session = puente::pipeline::Session::new(f.root(), options);
        let first = session.rebuild().unwrap_err().to_string();
        let again = session.rebuild().unwrap_err().to_string();
        assert_eq!(first, again);
        first
    });
    assert!(
        report.contains(
            "static/root: error: leads outside the project, through a symbolic link, to /"
        ),
        "{report}"
    );
}

#[cfg(unix)]
#[test]
fn a_fifo_or_link_in_the_output_neither_hangs_nor_is_followed() {
    let f = Fixture::new("basic");
    f.build();
    let elsewhere = tempfile::tempdir().unwrap();
    std::fs::write(elsewhere.path().join("keep.html"), "not puente's").unwrap();
    std::fs::write(elsewhere.path().join(".puente-manifest"), "not puente's").unwrap();
    let outside = tree_digest(elsewhere.path());
    // Puente's own bookkeeping files replaced by FIFOs, a stale file that is a link out.
    for name in [".puente-inputs", ".puente-manifest"] {
        std::fs::remove_file(f.out().join(name)).unwrap();
        mkfifo(&f.out().join(name));
    }
    std::os::unix::fs::symlink(
        elsewhere.path().join("keep.html"),
        f.out().join("stale.html"),
    )
    .unwrap();
    let root = f.root().to_path_buf();
    let mut planted = 0;
    for i in 0..4 {
        // Something changes every time, so that every build writes and swaps.
        let event = EVENT.replace("Evento", &format!("Evento {i}"));
        f.write("content/events/2025-03-01-cambia.toml", &event);
        let root = root.clone();
        in_time(move || {
            puente::pipeline::build(&root, None)
                .map(|_| ())
                .map_err(|r| r.to_string())
        })
        .unwrap();
        // The twin (the last output) carries them next: a link in place of its folder `es`.
        let twin = f.root().join(".public.puente-next");
        if twin.join("es").is_dir() && !twin.join("es").is_symlink() {
            std::fs::remove_dir_all(twin.join("es")).unwrap();
            std::os::unix::fs::symlink(elsewhere.path(), twin.join("es")).unwrap();
            planted += 1;
        }
    }
    assert!(planted >= 2, "the twin's link was planted and built over");
    let reference = f.root().join("reference");
    puente::pipeline::build(f.root(), Some(&reference)).unwrap();
    assert_eq!(
        tree_digest(&f.out()),
        tree_digest(&reference),
        "the same site"
    );
    assert_eq!(
        tree_digest(elsewhere.path()),
        outside,
        "nothing written outside"
    );
    let links: Vec<_> = walkdir::WalkDir::new(f.out())
        .into_iter()
        .map(|e| e.unwrap())
        .filter(|e| !e.file_type().is_file() && !e.file_type().is_dir())
        .map(|e| e.into_path())
        .collect();
    assert!(links.is_empty(), "only files and folders remain: {links:?}");
}

/// A folder outside the project that looks like Puente's output: a copy of the previous output,
/// stamps and all.
#[cfg(unix)]
fn decoy(f: &Fixture) -> tempfile::TempDir {
    let decoy = tempfile::tempdir().unwrap();
    common::copy_tree(&f.out(), decoy.path());
    decoy
}

#[cfg(unix)]
#[test]
fn a_working_folder_that_is_a_link_is_refused() {
    let f = Fixture::new("basic");
    f.build();
    f.write("content/events/2025-03-01-otro.toml", EVENT);
    f.build(); // a build that changed something: the twin exists now
    std::fs::remove_file(f.root().join("content/events/2025-03-01-otro.toml")).unwrap();
    let twin = f.root().join(".public.puente-next");
    assert!(twin.is_dir());
    let before = tree_digest(&f.out());
    let decoy = decoy(&f);
    let decoy_before = tree_digest(decoy.path());
    std::fs::remove_dir_all(&twin).unwrap();
    std::os::unix::fs::symlink(decoy.path(), &twin).unwrap();
    f.write(
        "content/events/2025-03-01-nuevo.toml",
        EVENT, // a change, so that the build would write
    );
    let root = f.root().to_path_buf();
    let report = in_time(move || {
        puente::pipeline::build(&root, None)
            .unwrap_err()
            .to_string()
    });
    assert!(
        report.contains(".public.puente-next: error: the working folder is a symbolic link"),
        "{report}"
    );
    assert!(report.contains("hint: remove the link"), "{report}");
    assert_eq!(tree_digest(&f.out()), before, "the previous output changed");
    assert_eq!(
        tree_digest(decoy.path()),
        decoy_before,
        "the link's target changed"
    );
    assert!(!f.out().is_symlink() && twin.is_symlink());
    // The folder a build starts from scratch in, beside them, is not followed either.
    std::fs::remove_file(&twin).unwrap();
    let staging = f.root().join(".public.puente-staging");
    std::os::unix::fs::symlink(decoy.path(), &staging).unwrap();
    let root = f.root().to_path_buf();
    let report = in_time(move || {
        puente::pipeline::build(&root, None)
            .unwrap_err()
            .to_string()
    });
    assert!(
        report.contains(".public.puente-staging: error: the working folder is a symbolic link"),
        "{report}"
    );
    assert_eq!(tree_digest(&f.out()), before, "the previous output changed");
    assert_eq!(
        tree_digest(decoy.path()),
        decoy_before,
        "the link's target changed"
    );
}

#[cfg(unix)]
#[test]
fn an_output_folder_that_is_a_link_is_refused_however_it_is_named() {
    let f = Fixture::new("basic");
    f.build();
    let decoy = decoy(&f);
    let decoy_before = tree_digest(decoy.path());
    std::fs::remove_dir_all(f.out()).unwrap();
    std::os::unix::fs::symlink(decoy.path(), f.out()).unwrap();
    let link = f.root().join("elsewhere");
    std::os::unix::fs::symlink(decoy.path(), &link).unwrap();
    f.write("content/events/2025-03-01-nuevo.toml", EVENT);
    let root = f.root().to_path_buf();
    for output in [
        None,
        Some(link.clone()),
        Some(f.root().join("elsewhere/")),
        Some(f.root().join("elsewhere/.")),
        Some(std::path::PathBuf::from(format!(
            "{}/public/",
            f.root().display()
        ))),
    ] {
        let root = root.clone();
        let report = in_time(move || {
            puente::pipeline::build(&root, output.as_deref())
                .unwrap_err()
                .to_string()
        });
        assert!(
            report.contains("error: the output folder is a symbolic link"),
            "{report}"
        );
        assert_eq!(
            tree_digest(decoy.path()),
            decoy_before,
            "the link's target changed"
        );
    }
    assert!(f.out().is_symlink() && link.is_symlink());
    assert!(!f.root().join(".public.puente-next").exists());
    assert!(!f.root().join(".elsewhere.puente-next").exists());
}

/// The folders above the output are the user's: a link among them is followed (the output is
/// the real folder at the end of the path).
#[cfg(unix)]
#[test]
fn a_parent_of_the_output_may_be_a_link() {
    let f = Fixture::new("basic");
    let sites = tempfile::tempdir().unwrap();
    std::os::unix::fs::symlink(sites.path(), f.root().join("sites")).unwrap();
    let output = f.root().join("sites/public");
    puente::pipeline::build(f.root(), Some(&output)).unwrap();
    assert!(sites.path().join("public/.puente-output").is_file());
    assert!(!std::fs::symlink_metadata(sites.path().join("public"))
        .unwrap()
        .is_symlink());
}

/// A file with a hundred thousand problems (an unknown state code on each line) is reported in
/// time proportional to its size: positions come from one index of its lines, and the report
/// reads the file once (each problem used to count the lines before it: a 2.7 MB file took
/// minutes).
#[test]
fn a_file_with_a_hundred_thousand_problems_is_reported_in_time() {
    let rendered = in_time(|| {
        let f = Fixture::new("basic");
        let states = vec!["\"MX-XX\""; 100_000].join(",\n");
        f.write(
            "content/events/2025-03-01-estados.toml",
            &EVENT.replace(
                "kind = \"call\"\n",
                &format!("kind = \"call\"\nstates = [\n{states}\n]\n"),
            ),
        );
        let report = puente::pipeline::build(f.root(), None).expect_err("unknown states");
        puente::report::render(f.root(), &report, false)
    });
    assert!(
        rendered.ends_with("\n100000 errors"),
        "{}",
        &rendered[rendered.len() - 300..]
    );
    assert!(
        rendered.contains("--> content/events/2025-03-01-estados.toml:100003:1"),
        "{}",
        &rendered[..1000]
    );
}

#[test]
fn reference_texts_are_never_published() {
    let f = Fixture::new("basic");
    f.write("content/events/2025-03-01-cita.toml", CITING_EVENT);
    f.write(
        "sources/articulo.txt",
        "Un párrafo que nadie cita.\n\nCanadá actualizó su alerta.",
    );
    f.build();
    let mut published = String::new();
    for entry in walkdir::WalkDir::new(f.out()) {
        let entry = entry.unwrap();
        assert_ne!(entry.file_name(), "articulo.txt");
        if entry.file_type().is_file() {
            published.push_str(&String::from_utf8_lossy(
                &std::fs::read(entry.path()).unwrap(),
            ));
        }
    }
    assert!(
        published.contains("Canadá actualizó"),
        "the excerpt is quoted"
    );
    assert!(
        !published.contains("nadie cita"),
        "the rest of the reference text is not"
    );
}

#[test]
fn an_edited_reference_text_is_checked_again_by_build_and_check() {
    let f = Fixture::new("basic");
    f.write("content/events/2025-03-01-cita.toml", CITING_EVENT);
    f.write(
        "sources/articulo.txt",
        "En paralelo, Canadá actualizó\nsu alerta.",
    );
    f.build();
    let before = tree_digest(&f.out());
    // Only the reference text changes: the build must not take the output as up to date.
    f.write("sources/articulo.txt", "Un texto que ya no dice lo citado.");
    let report = match puente::pipeline::build(f.root(), None) {
        Ok(_) => panic!("the excerpt no longer occurs in its reference text"),
        Err(report) => report.to_string(),
    };
    assert!(
        report.contains("content/events/2025-03-01-cita.toml:7:11: error: the excerpt “Canadá actualizó” does not occur in `sources/articulo.txt`"),
        "{report}"
    );
    assert_eq!(before, tree_digest(&f.out()), "the previous output changed");
    let today = puente::content::Date::new(2025, 3, 2).unwrap();
    let findings = puente::check::check(f.root(), today);
    let errors = findings.report(puente::check::Severity::Error).to_string();
    assert!(
        errors.contains("does not occur in `sources/articulo.txt`"),
        "{errors}"
    );
}

#[test]
fn the_output_folder_cannot_be_the_reference_texts() {
    let f = Fixture::new("basic");
    f.write("sources/articulo.txt", "El texto completo.");
    for out in ["sources", "sources/public"] {
        let options = puente::pipeline::Options {
            output: Some(f.root().join(out)),
            ..Default::default()
        };
        let report = puente::pipeline::build_with(f.root(), &options)
            .expect_err(out)
            .to_string();
        assert!(
            report.contains("would replace the project or its sources"),
            "{out}: {report}"
        );
    }
    assert_eq!(
        std::fs::read_to_string(f.root().join("sources/articulo.txt")).unwrap(),
        "El texto completo."
    );
}
