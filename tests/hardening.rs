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
    let report = match puente::build::build(f.root(), None) {
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
        let options = puente::build::Options {
            output: Some(out.clone()),
            ..Default::default()
        };
        let report = puente::build::build_with(&root, &options)
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
    let options = puente::build::Options {
        output: Some(foreign.clone()),
        ..Default::default()
    };
    let report = puente::build::build_with(&root, &options)
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
    puente::build::build_with(
        f.root(),
        &puente::build::Options {
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
    let report = match puente::build::build(f.root(), None) {
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
        let options = puente::build::Options {
            output: Some(f.root().join(out)),
            ..Default::default()
        };
        let report = puente::build::build_with(f.root(), &options)
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
