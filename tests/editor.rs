//! `puente new`, drafts and placeholders, partial translations, and `puente check`.

mod common;

use common::Fixture;
use puente::check::{check, Severity};
use puente::content::Date;
use puente::pipeline::{build_with, Options};

fn drafts() -> Options {
    Options {
        drafts: true,
        ..Options::default()
    }
}

#[test]
fn new_event_is_a_draft_until_written() {
    let f = Fixture::new("basic");
    let path = puente::new::new_event(f.root(), "2025-03-04", "Reunión de seguimiento").unwrap();
    assert_eq!(
        path,
        f.root()
            .join("content/events/2025-03-04-reunion-de-seguimiento.toml")
    );
    let text = std::fs::read_to_string(&path).unwrap();
    assert!(text.contains("draft = true"));
    assert!(
        text.contains(
            "[es]\ntitle = \"Reunión de seguimiento\"\nslug = \"reunion-de-seguimiento\""
        ),
        "{text}"
    );
    assert!(text.contains("[en]\ntitle = \"TODO\""));
    // `build` leaves the draft out; `serve` (drafts) shows it.
    f.build();
    assert!(!f
        .out()
        .join("es/cronologia/reunion-de-seguimiento")
        .exists());
    build_with(f.root(), &drafts()).unwrap();
    assert!(f
        .out()
        .join("es/cronologia/reunion-de-seguimiento/index.html")
        .is_file());
    // Publishing it with placeholders left is refused, each placeholder named.
    std::fs::write(&path, text.replace("draft = true\n", "")).unwrap();
    let report = puente::pipeline::build(f.root(), None).unwrap_err();
    let placeholders: Vec<_> = report
        .0
        .iter()
        .filter(|d| d.message.contains("placeholder text `TODO`"))
        .collect();
    assert!(placeholders.len() >= 6, "{report}");
    assert!(placeholders.iter().all(|d| d.line.is_some()));
    // A second `new` with the same date and title does not overwrite.
    assert!(puente::new::new_event(f.root(), "2025-03-04", "Reunión de seguimiento").is_err());
    assert!(puente::new::new_event(f.root(), "2025-02-30", "x")
        .unwrap_err()
        .to_string()
        .contains("is not a date"));
}

#[test]
fn new_advisory_starts_from_the_newest_snapshot() {
    let f = Fixture::new("basic");
    let path = puente::new::new_advisory(f.root(), "2025-06-01").unwrap();
    let text = std::fs::read_to_string(&path).unwrap();
    assert!(text.contains("issuer = \"Gobierno de Canadá\""));
    assert!(
        text.contains("code = \"MX-GRO\"\nlevel = \"avoid-all\""),
        "{text}"
    );
    assert!(text.contains("note.es = \"Nota nueva.\""));
    build_with(f.root(), &drafts()).unwrap();
    assert!(f
        .out()
        .join("en/advisories/2025-06-01/index.html")
        .is_file());
}

#[test]
fn partial_translations_publish_a_not_yet_available_page() {
    let f = Fixture::new("basic");
    let site = std::fs::read_to_string(f.root().join("site.toml")).unwrap();
    f.write(
        "site.toml",
        &format!("allow_partial_translations = true\n{site}"),
    );
    f.write(
        "content/events/2025-03-01-solo.toml",
        "date = 2025-03-01\nkind = \"call\"\n[es]\ntitle = \"Solo en español\"\nslug = \"solo\"\nsummary = \"Resumen.\"\n",
    );
    let summary = f.build();
    assert_eq!(summary.untranslated.len(), 1);
    assert!(summary
        .to_string()
        .contains("not yet translated into `en`: content/events/2025-03-01-solo.toml"));
    let page = f.read("en/timeline/solo/index.html");
    assert!(page.contains("This content is not yet available in English."));
    assert!(
        page.contains(
            "<a href=\"/es/cronologia/solo/\" hreflang=\"es\" lang=\"es\">Leer en español</a>"
        ),
        "{page}"
    );
    assert!(page.contains("<h1 lang=\"es\">Solo en español</h1>"));
    let timeline = f.read("en/timeline/index.html");
    assert!(
        timeline.contains("<a href=\"/en/timeline/solo/\" lang=\"es\">Solo en español</a>"),
        "listed, marked as Spanish"
    );
    assert!(
        !f.read("en/feed.xml").contains("Solo en español"),
        "not in the English feed"
    );
}

fn messages(f: &Fixture, today: Date) -> Vec<(Severity, String)> {
    check(f.root(), today)
        .problems
        .into_iter()
        .map(|d| (d.severity, d.to_string()))
        .collect()
}

#[test]
fn check_finds_links_anchors_fluent_translations_and_age() {
    let f = Fixture::new("basic");
    let today = Date::new(2025, 2, 1).unwrap();
    puente::check::fix_fingerprints(f.root()).unwrap();
    assert_eq!(
        messages(&f, today),
        [],
        "the basic fixture is clean once reviewed"
    );

    let about = f.root().join("content/pages/about.es.md");
    let text = std::fs::read_to_string(&about).unwrap();
    std::fs::write(
        &about,
        text.replace(
            "Ver [mapa](/es/mapa/).",
            "Ver [mapa](/es/mapz/) y [fuentes](/es/acerca/#fuentez) y [aquí](#fuentes).",
        ),
    )
    .unwrap();
    let found = messages(&f, Date::new(2025, 12, 1).unwrap());
    let has = |severity: Severity, needle: &str| {
        found
            .iter()
            .any(|(s, m)| *s == severity && m.contains(needle))
    };
    assert!(has(Severity::Error, "content/pages/about.es.md: error: /es/acerca/ links to `/es/mapz/`, which is not a page of the site"), "{found:#?}");
    assert!(
        has(
            Severity::Error,
            "links to `/es/acerca/#fuentez`, but that page has no `id=\"fuentez\"`"
        ),
        "{found:#?}"
    );
    assert!(
        !has(Severity::Error, "links to `#fuentes`"),
        "a good same-page anchor passes: {found:#?}"
    );
    assert!(
        has(
            Severity::Warning,
            "the `es` text of page `about` changed after its `en` translation was last reviewed"
        ),
        "{found:#?}"
    );
    assert!(
        has(
            Severity::Warning,
            "the newest advisory snapshot (2025-01-20) is 315 days old"
        ),
        "{found:#?}"
    );

    let es = std::fs::read_to_string(f.root().join("i18n/es.ftl")).unwrap();
    let en = std::fs::read_to_string(f.root().join("i18n/en.ftl")).unwrap();
    f.write("i18n/es.ftl", &format!("{es}\nsin-uso = Sin uso\n"));
    f.write("i18n/en.ftl", &format!("{en}\nsin-uso = Unused\n"));
    let found = messages(&f, today);
    assert!(
        found.iter().any(|(s, m)| *s == Severity::Warning
            && m.contains("i18n/en.ftl:")
            && m.contains("Fluent message `sin-uso` is not used")),
        "{found:#?}"
    );
}

#[test]
fn check_and_fix_fingerprints_from_the_command_line() {
    let f = Fixture::new("basic");
    let run = |args: &[&str]| {
        std::process::Command::new(env!("CARGO_BIN_EXE_puente"))
            .args(args)
            .arg("--root")
            .arg(f.root())
            .output()
            .unwrap()
    };
    let output = run(&["check", "--format", "json"]);
    assert!(
        output.status.success(),
        "unreviewed translations and an old advisory are warnings: check passes"
    );
    let json: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(json["errors"], 0);
    assert!(!run(&["check", "--strict", "--format", "json"])
        .status
        .success());
    assert!(json["problems"]
        .as_array()
        .unwrap()
        .iter()
        .any(|p| p["message"]
            .as_str()
            .unwrap()
            .contains("records no `source_fingerprint`")));
    let output = run(&["check", "--fix-fingerprints", "--format", "json"]);
    let json: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    let left: Vec<&str> = json["problems"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["message"].as_str().unwrap())
        .collect();
    assert!(
        left.iter().all(|m| m.contains("days old")),
        "only the advisory's age is left: {left:?}"
    );
    let text =
        std::fs::read_to_string(f.root().join("content/events/2025-01-15-segundo.toml")).unwrap();
    assert!(text.contains("source_fingerprint = \""), "{text}");
    let new = std::process::Command::new(env!("CARGO_BIN_EXE_puente"))
        .args(["new", "--root"])
        .arg(f.root())
        .args(["event", "2025-03-04", "Otra", "reunión"])
        .output()
        .unwrap();
    assert!(
        new.status.success(),
        "{}",
        String::from_utf8_lossy(&new.stderr)
    );
    assert!(f
        .root()
        .join("content/events/2025-03-04-otra-reunion.toml")
        .is_file());
}

#[test]
fn build_timings_name_every_phase_and_template() {
    let f = Fixture::new("basic");
    let output = std::process::Command::new(env!("CARGO_BIN_EXE_puente"))
        .args(["build", "--timings", "--root"])
        .arg(f.root())
        .output()
        .unwrap();
    assert!(output.status.success());
    let text = String::from_utf8_lossy(&output.stderr);
    for phase in ["load", "markdown", "render", "write"] {
        assert!(text.contains(&format!(" {phase} ")), "no {phase} in {text}");
    }
    assert!(text.contains("event.html: 6 pages, views "), "{text}");
}

#[test]
fn new_files_keep_quotes_and_backslashes_in_their_strings() {
    let f = Fixture::new("basic");
    // A previous note and a title with `"` and `\` in them: the new files are still valid TOML
    // holding the same words.
    let previous = f.root().join("content/advisories/2025-01-20.toml");
    let text = std::fs::read_to_string(&previous).unwrap().replace(
        "note.es = \"Nota nueva.\"",
        "note.es = \"Nota \\\"entre comillas\\\" y C:\\\\ruta.\"",
    );
    std::fs::write(&previous, text).unwrap();
    let advisory = puente::new::new_advisory(f.root(), "2025-06-01").unwrap();
    let parsed: toml::Table = std::fs::read_to_string(&advisory).unwrap().parse().unwrap();
    let notes: Vec<&str> = parsed["states"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|s| s.get("note")?.get("es")?.as_str())
        .collect();
    assert!(
        notes.contains(&"Nota \"entre comillas\" y C:\\ruta."),
        "{notes:?}"
    );
    let event = puente::new::new_event(f.root(), "2025-03-04", "El \"plan\" C:\\x").unwrap();
    let parsed: toml::Table = std::fs::read_to_string(&event).unwrap().parse().unwrap();
    assert_eq!(parsed["es"]["title"].as_str(), Some("El \"plan\" C:\\x"));
}

/// `new` never writes through a link: a link (even to nowhere) at the new file's path is refused
/// and the file it points to is not created.
#[test]
fn new_refuses_a_link_at_the_target_path() {
    let f = Fixture::new("basic");
    let elsewhere = tempfile::tempdir().unwrap();
    let victim = elsewhere.path().join("victim.toml");
    std::os::unix::fs::symlink(
        &victim,
        f.root().join("content/events/2025-03-04-reunion.toml"),
    )
    .unwrap();
    let report = puente::new::new_event(f.root(), "2025-03-04", "Reunión")
        .unwrap_err()
        .to_string();
    assert!(report.contains("already exists (or is a link)"), "{report}");
    assert!(!victim.exists(), "new wrote through the link");
}

/// `check --fix-fingerprints` edits only regular files: a content file that is a link is named,
/// and the file it points to is left as it was.
#[test]
fn fix_fingerprints_refuses_to_write_through_a_link() {
    let f = Fixture::new("basic");
    // A link inside the project (one that leads outside is refused when the file is read).
    std::fs::create_dir_all(f.root().join("notes")).unwrap();
    let event = f.root().join("content/events/2025-01-15-segundo.toml");
    let target = f.root().join("notes/segundo.toml");
    std::fs::copy(&event, &target).unwrap();
    std::fs::remove_file(&event).unwrap();
    std::os::unix::fs::symlink(&target, &event).unwrap();
    let before = std::fs::read(&target).unwrap();
    let report = puente::check::fix_fingerprints(f.root())
        .unwrap_err()
        .to_string();
    assert!(report.contains("is a symbolic link"), "{report}");
    assert_eq!(before, std::fs::read(&target).unwrap());
}

/// An archetype is a template too: one that includes itself, or nests past the limit, is an
/// error naming it, never a stack overflow.
#[test]
fn an_archetype_that_recurses_is_an_error() {
    let f = Fixture::new("basic");
    let archetype = f.root().join("archetypes/event.toml");
    let good = std::fs::read_to_string(&archetype).unwrap();
    std::fs::write(
        &archetype,
        format!("{good}{{% include \"event.toml\" %}}\n"),
    )
    .unwrap();
    let report = puente::new::new_event(f.root(), "2025-03-04", "Bucle")
        .unwrap_err()
        .to_string();
    assert!(report.contains("archetypes/event.toml"), "{report}");
    assert!(report.contains("include of `event.toml`"), "{report}");
    let deep = format!(
        "{good}{{{{ {}1{} }}}}\n",
        "(".repeat(50_000),
        ")".repeat(50_000)
    );
    std::fs::write(&archetype, deep).unwrap();
    let report = puente::new::new_event(f.root(), "2025-03-04", "Bucle")
        .unwrap_err()
        .to_string();
    assert!(
        report.contains("nests tags and brackets more than 200 deep"),
        "{report}"
    );
    assert!(!f
        .root()
        .join("content/events/2025-03-04-bucle.toml")
        .exists());
}

#[test]
fn new_event_refuses_a_title_whose_slug_the_build_would_refuse() {
    let f = Fixture::new("basic");
    for (title, why) in [
        ("¿?", "no letter or digit"),
        ("2025", "is a number"),
        ("Llamada", "filter for the kind `call`"),
    ] {
        let report = puente::new::new_event(f.root(), "2025-03-04", title)
            .unwrap_err()
            .to_string();
        assert!(report.contains(why), "{title}: {report}");
    }
    assert!(!f
        .root()
        .join("content/events/2025-03-04-2025.toml")
        .exists());
    assert!(!f
        .root()
        .join("content/events/2025-03-04-llamada.toml")
        .exists());
}

#[test]
fn check_asks_for_the_provenance_and_the_use_of_each_reference_text() {
    let f = Fixture::new("basic");
    let today = Date::new(2025, 2, 1).unwrap();
    puente::check::fix_fingerprints(f.root()).unwrap();
    f.write(
        "sources/README.md",
        "| `citado.txt` | an article | copied from … |\n",
    );
    f.write("sources/citado.txt", "Canadá actualizó su aviso.");
    f.write("sources/suelto.txt", "Un texto que nadie cita.");
    f.write(
        "content/events/2025-01-16-cita.toml",
        "date = 2025-01-16\nkind = \"call\"\n[[sources]]\nkind = \"news-article\"\nlanguage = \"es\"\nreference = \"citado.txt\"\nexcerpt = \"Canadá actualizó\"\nexcerpt_translation.en = \"Canada updated\"\n[es]\ntitle = \"Cita\"\nsummary = \"Resumen.\"\n[en]\ntitle = \"Quote\"\nsummary = \"Summary.\"\n",
    );
    puente::check::fix_fingerprints(f.root()).unwrap();
    let found: Vec<String> = messages(&f, today)
        .into_iter()
        .map(|(severity, m)| format!("{}: {m}", severity.name()))
        .collect();
    let about = |file: &str| {
        found
            .iter()
            .filter(|m| m.contains(file))
            .cloned()
            .collect::<Vec<_>>()
    };
    assert!(about("citado.txt").is_empty(), "{found:#?}");
    let loose = about("sources/suelto.txt");
    assert_eq!(loose.len(), 2, "{found:#?}");
    assert!(
        loose.iter().all(|m| m.starts_with("warning: ")),
        "{loose:#?}"
    );
    assert!(
        loose
            .iter()
            .any(|m| m.contains("this reference text has no provenance in `sources/README.md`")),
        "{loose:#?}"
    );
    assert!(loose
        .iter()
        .any(|m| m.contains("no source cites this reference text")));
}

/// Runs the `puente` binary with `args` (from a temporary folder), giving up after 60 s (a
/// command that should stop at once, such as `serve` outside a project, must not hang the tests).
fn run_puente(dir: &std::path::Path, args: &[&str]) -> (Option<i32>, String, String) {
    use std::io::Read;
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_puente"))
        .args(args)
        .current_dir(dir)
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(60);
    while child.try_wait().unwrap().is_none() {
        if std::time::Instant::now() > deadline {
            child.kill().unwrap();
            child.wait().unwrap();
            panic!("`puente {}` did not stop", args.join(" "));
        }
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
    let status = child.wait().unwrap();
    let (mut out, mut err) = (String::new(), String::new());
    child
        .stdout
        .take()
        .unwrap()
        .read_to_string(&mut out)
        .unwrap();
    child
        .stderr
        .take()
        .unwrap()
        .read_to_string(&mut err)
        .unwrap();
    (status.code(), out, err)
}

/// Outside a project every command says plainly that there is no `site.toml` in the folder and
/// how to get one (run inside a project or pass `--root`), instead of a failed read, and stops
/// with exit code 1 without writing anything: in the current folder, a `--root` without
/// `site.toml`, a `--root` that does not exist and a `--root` that is a file.
#[test]
fn every_command_says_plainly_when_there_is_no_project() {
    let empty = tempfile::tempdir().unwrap();
    let dir = empty.path();
    std::fs::write(dir.join("notes.txt"), "not a project").unwrap();
    let commands: [&[&str]; 6] = [
        &["build"],
        &["serve", "--port", "0"],
        &["check"],
        &["check", "--fix-fingerprints"],
        &["new", "event", "2025-03-04", "Reunión"],
        &["new", "advisory", "2025-03-04"],
    ];
    let missing = dir.join("missing");
    let file = dir.join("notes.txt");
    let roots: [(&[&str], &str); 4] = [
        (&[], "in the folder"),
        (&["--root", "."], "in the folder"),
        (&["--root", missing.to_str().unwrap()], "does not exist"),
        (
            &["--root", file.to_str().unwrap()],
            "is a file, not a project folder",
        ),
    ];
    for command in commands {
        for (root, says) in roots {
            let args: Vec<&str> = command.iter().chain(root).copied().collect();
            let (code, _, err) = run_puente(dir, &args);
            let shown = format!("puente {}:\n{err}", args.join(" "));
            assert_eq!(code, Some(1), "{shown}");
            assert!(err.contains("no `site.toml` found"), "{shown}");
            assert!(err.contains(says), "{shown}");
            assert!(
                err.contains("run puente inside a project") && err.contains("`--root <folder>`"),
                "{shown}"
            );
            assert!(!err.contains("cannot read"), "{shown}");
        }
    }
    let mut left: Vec<_> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    left.sort();
    assert_eq!(left, ["notes.txt"], "nothing was written");
    // In JSON too, as one error.
    let (code, out, _) = run_puente(dir, &["check", "--format", "json"]);
    assert_eq!(code, Some(1));
    let json: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(json["errors"], 1, "{json}");
    assert_eq!(json["problems"][0]["severity"], "error", "{json}");
    assert!(json["problems"][0]["message"]
        .as_str()
        .unwrap()
        .contains("no `site.toml` found"));
}

/// `check` exits 0 with only warnings and 1 on errors; `--strict` (or `--deny-warnings`) fails on
/// warnings too. Warnings read `warning:` (the level comes from the severity, not from rewriting
/// the text), errors `error:`, and `--format json` gives each problem its severity.
#[test]
fn check_fails_on_errors_and_on_warnings_only_when_strict() {
    let f = Fixture::new("basic");
    let root = f.root().to_str().unwrap();
    puente::check::fix_fingerprints(f.root()).unwrap();
    // The basic fixture's advisory (2025-01-20) is older than 180 days today: a warning.
    let (code, _, err) = run_puente(f.root(), &["check", "--root", root]);
    assert_eq!(code, Some(0), "{err}");
    assert!(
        err.contains("warning: the newest advisory snapshot"),
        "{err}"
    );
    assert!(!err.contains("error"), "{err}");
    assert!(err.contains("1 warning"), "{err}");
    for strict in ["--strict", "--deny-warnings"] {
        let (code, _, err) = run_puente(f.root(), &["check", strict, "--root", root]);
        assert_eq!(code, Some(1), "{strict}: {err}");
        assert!(
            err.contains("warning: the newest advisory snapshot"),
            "{err}"
        );
    }
    let (code, out, _) = run_puente(f.root(), &["check", "--format", "json", "--root", root]);
    assert_eq!(code, Some(0));
    let json: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(
        (json["errors"].as_u64(), json["warnings"].as_u64()),
        (Some(0), Some(1))
    );
    assert_eq!(json["problems"][0]["severity"], "warning", "{json}");
    for key in ["file", "line", "column", "message", "hint"] {
        assert!(json["problems"][0].get(key).is_some(), "{key} in {json}");
    }

    // A broken link is an error: exit 1 with or without --strict, errors listed before warnings.
    let about = f.root().join("content/pages/about.es.md");
    let text = std::fs::read_to_string(&about).unwrap();
    std::fs::write(
        &about,
        text.replace("Ver [mapa](/es/mapa/).", "Ver [mapa](/es/mapz/)."),
    )
    .unwrap();
    puente::check::fix_fingerprints(f.root()).unwrap();
    let (code, _, err) = run_puente(f.root(), &["check", "--root", root]);
    assert_eq!(code, Some(1), "{err}");
    let error = err
        .find("error: /es/acerca/ links to `/es/mapz/`")
        .expect(&err);
    let warning = err
        .find("warning: the newest advisory snapshot")
        .expect(&err);
    assert!(error < warning, "{err}");
    assert!(err.contains("1 error, 1 warning"), "{err}");
    let (code, out, _) = run_puente(f.root(), &["check", "--format", "json", "--root", root]);
    assert_eq!(code, Some(1));
    let json: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(
        (json["errors"].as_u64(), json["warnings"].as_u64()),
        (Some(1), Some(1))
    );
    assert_eq!(json["problems"][0]["severity"], "error", "{json}");
    assert_eq!(json["problems"][1]["severity"], "warning", "{json}");
}
