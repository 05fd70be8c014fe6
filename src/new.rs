//! `puente new`: a new event or advisory snapshot from `archetypes/`, both languages ready to fill,
//! marked `draft = true` so a half-written item never publishes.

use std::path::{Path, PathBuf};

use serde::Serialize;

use crate::config::Config;
use crate::content::{slug, Content, Date, Vocabulary};
use crate::diagnostic::{Diagnostic, Report};
use crate::i18n::I18n;
use crate::layout;

/// Creates `content/events/<date>-<slug>.toml` for an event titled `title` (default language).
pub fn new_event(root: &Path, date: &str, title: &str) -> Result<PathBuf, Report> {
    let date = parse_date(date)?;
    let config = load_config(root)?;
    let languages = codes(&config);
    let (i18n, _) = I18n::load(&root.join(layout::I18N), &languages);
    let slug = slug::slugify(title);
    // The slug is written into the new file: it must be one the build accepts.
    let (reserved, _, _) = crate::pipeline::url_names(&config, &i18n);
    let taken = languages
        .first()
        .and_then(|l| reserved.get(l))
        .cloned()
        .unwrap_or_default();
    if let Some(problem) = slug::derived_problem(&slug, slug::Level::Timeline, &taken) {
        return Err(Diagnostic::new(layout::EVENTS, problem)
            .hint("give the event a title with letters or digits that names it, e.g. `puente new event 2026-01-10 Reunión de seguridad`")
            .into());
    }
    let mut context = tera::Context::new();
    context.insert("date", &date.iso());
    context.insert("title", title);
    context.insert("slug", &slug);
    context.insert("kinds", &i18n.kinds());
    context.insert("languages", &languages);
    context.insert("default_language", &languages[0]);
    let target = root
        .join(layout::EVENTS)
        .join(format!("{date}-{slug}.toml"));
    write_from_archetype(root, "event.toml", &context, &target)
}

/// Creates `content/advisories/<date>.toml`, starting from the newest snapshot's states.
pub fn new_advisory(root: &Path, date: &str) -> Result<PathBuf, Report> {
    let date = parse_date(date)?;
    let config = load_config(root)?;
    let languages = codes(&config);
    let vocabulary = Vocabulary {
        languages: languages.clone(),
        include_drafts: true,
        ..Vocabulary::default()
    };
    let previous = Content::load(&root.join(layout::CONTENT), &vocabulary)
        .ok()
        .and_then(|c| c.advisories.into_iter().rfind(|a| a.date < date));
    let mut context = tera::Context::new();
    context.insert("date", &date.iso());
    context.insert("languages", &languages);
    context.insert(
        "previous_date",
        &previous
            .as_ref()
            .map_or("none".to_string(), |a| a.date.iso()),
    );
    let issuers: std::collections::BTreeMap<&String, &String> = previous
        .as_ref()
        .map(|a| a.texts.iter().map(|(l, t)| (l, &t.issuer)).collect())
        .unwrap_or_default();
    context.insert("issuers", &issuers);
    // The issuer's own page does not move with each update: carried over, like the issuer.
    context.insert(
        "official_url",
        &previous.as_ref().and_then(|a| a.official_url.clone()),
    );
    context.insert(
        "official_language",
        &previous.as_ref().and_then(|a| a.official_language.clone()),
    );
    let states: Vec<StateStub> = previous
        .as_ref()
        .map(|a| {
            a.states
                .iter()
                .map(|(code, s)| StateStub {
                    code: code.clone(),
                    level: s.level.key(),
                    notes: s.notes.clone(),
                })
                .collect()
        })
        .unwrap_or_default();
    context.insert("states", &states);
    let target = root.join(layout::ADVISORIES).join(format!("{date}.toml"));
    write_from_archetype(root, "advisory.toml", &context, &target)
}

#[derive(Serialize)]
struct StateStub {
    code: String,
    level: &'static str,
    notes: std::collections::BTreeMap<String, String>,
}

fn parse_date(date: &str) -> Result<Date, Report> {
    Date::parse(date).ok_or_else(|| {
        Diagnostic::new("command line", format!("`{date}` is not a date"))
            .hint("write it as YYYY-MM-DD, a date that exists, e.g. 2026-01-10")
            .into()
    })
}

fn load_config(root: &Path) -> Result<Config, Report> {
    Config::from_file(&root.join(layout::SITE_TOML)).map_err(Report)
}

fn codes(config: &Config) -> Vec<String> {
    config.languages.iter().map(|l| l.code.clone()).collect()
}

/// Renders `archetypes/<name>` into `target`, refusing to overwrite anything.
fn write_from_archetype(
    root: &Path,
    name: &str,
    context: &tera::Context,
    target: &Path,
) -> Result<PathBuf, Report> {
    let archetype = root.join(layout::ARCHETYPES).join(name);
    crate::fs::check_inside(root, &archetype)?;
    let text = crate::fs::read_to_string(&archetype)
        .map_err(|d| Report::from(d.hint("restore archetypes/ from the repository")))?;
    let template_error = |e: tera::Error| {
        Report::from(Diagnostic::new(
            &archetype,
            format!("template error: {}", crate::render::error_chain(&e)),
        ))
    };
    // Parsed and rendered as the site's templates are, so that no archetype can overflow the
    // stack (see `render::templates`).
    if let Some(problem) = crate::render::nesting_problem(&archetype, name, &text) {
        return Err(problem.into());
    }
    let mut tera = tera::Tera::default();
    tera.register_filter("toml", toml_string);
    tera.register_function("range", crate::render::BoundedRange);
    let rendered = crate::pipeline::with_deep_stacks(|| {
        tera.add_raw_template(name, &text)?;
        tera.render(name, context)
    })
    .map_err(template_error)?;
    if target.exists() {
        return Err(Diagnostic::new(target, "this file already exists")
            .hint("edit it, or choose another date or title")
            .into());
    }
    if let Some(parent) = target.parent() {
        std::fs::create_dir_all(parent).map_err(|e| {
            Report::from(crate::fs::io_diagnostic(
                parent,
                "cannot create the folder",
                &e,
            ))
        })?;
    }
    write_new(target, &rendered)?;
    Ok(target.to_path_buf())
}

/// Writes `text` into a file that must not exist yet. `create_new` refuses any existing path,
/// a symbolic link too (even one to nowhere), so the write can never go through a link to a file
/// outside the project.
fn write_new(target: &Path, text: &str) -> Result<(), Report> {
    use std::io::Write;
    let cannot_write = |e: std::io::Error| {
        if e.kind() == std::io::ErrorKind::AlreadyExists {
            Report::from(
                Diagnostic::new(target, "this file already exists (or is a link)")
                    .hint("edit it, or choose another date or title"),
            )
        } else {
            Report::from(crate::fs::io_diagnostic(target, "cannot write", &e))
        }
    };
    let mut file = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(target)
        .map_err(cannot_write)?;
    file.write_all(text.as_bytes()).map_err(cannot_write)
}

/// The `toml` filter of archetypes: a value as a TOML string, quoted and escaped (a title or a
/// note with `"` or `\` in it stays one valid string).
fn toml_string(
    value: &tera::Value,
    _: &std::collections::HashMap<String, tera::Value>,
) -> tera::Result<tera::Value> {
    let text = match value {
        tera::Value::String(s) => s.clone(),
        other => other.to_string(),
    };
    Ok(tera::Value::String(toml::Value::String(text).to_string()))
}
