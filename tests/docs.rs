//! The README and the pages of `docs/` say only what is true of the repository: every page of
//! `docs/` is linked from the README; every link between them leads to a file (and heading) that
//! exists; every repository path they name (`src/…`, `tests/…`, `content/…`, in code spans and in
//! the layouts of code blocks) exists; and every `puente <command> --flag` they show is a command
//! and flag of the command line (read from `puente … --help`). A failure lists every problem, each
//! with its page and line.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::process::Command;

use pulldown_cmark::{CodeBlockKind, Event, Options, Parser, Tag, TagEnd};

fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// The README and every page of `docs/`, as paths relative to the repository.
fn pages() -> Vec<PathBuf> {
    let mut pages = vec![PathBuf::from("README.md")];
    let mut docs: Vec<PathBuf> = std::fs::read_dir(repo().join("docs"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "md"))
        .map(|p| p.strip_prefix(repo()).unwrap().to_path_buf())
        .collect();
    docs.sort();
    pages.extend(docs);
    pages
}

/// What a page says, as the tests read it.
#[derive(Default)]
struct Page {
    /// Link and image targets, with their line.
    links: Vec<(usize, String)>,
    /// Inline code spans, with their line.
    spans: Vec<(usize, String)>,
    /// Lines of fenced code blocks: (line, the block's language, the text).
    code: Vec<(usize, String, String)>,
    /// The anchors of its headings, as GitHub makes them.
    anchors: BTreeSet<String>,
}

fn read_page(path: &Path) -> Page {
    let text = std::fs::read_to_string(repo().join(path)).unwrap();
    let line_of = |offset: usize| text[..offset].matches('\n').count() + 1;
    let mut page = Page::default();
    let mut heading: Option<String> = None;
    let mut block: Option<(usize, String)> = None;
    for (event, range) in Parser::new_ext(&text, Options::all()).into_offset_iter() {
        match event {
            Event::Start(Tag::Link { dest_url, .. })
            | Event::Start(Tag::Image { dest_url, .. }) => {
                page.links
                    .push((line_of(range.start), dest_url.to_string()));
            }
            Event::Start(Tag::Heading { .. }) => heading = Some(String::new()),
            Event::End(TagEnd::Heading(_)) => {
                if let Some(h) = heading.take() {
                    page.anchors.insert(anchor(&h));
                }
            }
            Event::Start(Tag::CodeBlock(kind)) => {
                let language = match kind {
                    CodeBlockKind::Fenced(info) => info.to_string(),
                    CodeBlockKind::Indented => String::new(),
                };
                block = Some((line_of(range.start) + 1, language));
            }
            Event::End(TagEnd::CodeBlock) => block = None,
            Event::Text(t) => {
                if let Some((first, language)) = &block {
                    for (i, line) in t.lines().enumerate() {
                        page.code
                            .push((first + i, language.clone(), line.to_string()));
                    }
                    block = Some((first + t.lines().count(), language.clone()));
                } else if let Some(h) = &mut heading {
                    h.push_str(&t);
                }
            }
            Event::Code(c) => {
                if let Some(h) = &mut heading {
                    h.push_str(&c);
                }
                page.spans.push((line_of(range.start), c.to_string()));
            }
            _ => {}
        }
    }
    page
}

/// A heading's anchor as GitHub makes it: lowercase, spaces to hyphens, punctuation dropped.
fn anchor(heading: &str) -> String {
    heading
        .trim()
        .to_lowercase()
        .chars()
        .filter_map(|c| match c {
            ' ' => Some('-'),
            c if c.is_alphanumeric() || c == '-' || c == '_' => Some(c),
            _ => None,
        })
        .collect()
}

#[test]
fn every_docs_page_is_linked_from_the_readme() {
    let readme = read_page(Path::new("README.md"));
    let linked: BTreeSet<&str> = readme
        .links
        .iter()
        .map(|(_, l)| l.split('#').next().unwrap_or(""))
        .collect();
    let unlinked: Vec<String> = pages()
        .iter()
        .skip(1)
        .map(|p| p.display().to_string())
        .filter(|p| !linked.contains(p.as_str()))
        .collect();
    assert!(
        unlinked.is_empty(),
        "pages of docs/ the README does not link to: {unlinked:#?}"
    );
}

#[test]
fn every_link_leads_to_a_file_and_heading_that_exist() {
    let mut problems = Vec::new();
    let mut anchors: BTreeMap<PathBuf, BTreeSet<String>> = BTreeMap::new();
    for path in pages() {
        let page = read_page(&path);
        anchors.insert(path.clone(), page.anchors.clone());
        for (line, link) in page.links {
            if link.contains("://") || link.starts_with("mailto:") {
                continue;
            }
            let (file, fragment) = match link.split_once('#') {
                Some((file, fragment)) => (file, Some(fragment)),
                None => (link.as_str(), None),
            };
            let target = if file.is_empty() {
                path.clone()
            } else {
                normalize(&path.parent().unwrap_or(Path::new("")).join(file))
            };
            if !repo().join(&target).exists() {
                problems.push(format!(
                    "{}:{line}: `{link}`: no file {}",
                    path.display(),
                    target.display()
                ));
                continue;
            }
            if let Some(fragment) = fragment {
                let known = anchors
                    .entry(target.clone())
                    .or_insert_with(|| read_page(&target).anchors);
                if !known.contains(fragment) {
                    problems.push(format!(
                        "{}:{line}: `{link}`: {} has no heading #{fragment}",
                        path.display(),
                        target.display()
                    ));
                }
            }
        }
    }
    assert!(
        problems.is_empty(),
        "broken links:\n{}",
        problems.join("\n")
    );
}

/// `docs/../README.md` as `README.md`.
fn normalize(path: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for part in path.components() {
        match part {
            std::path::Component::ParentDir => {
                out.pop();
            }
            std::path::Component::CurDir => {}
            other => out.push(other),
        }
    }
    out
}

/// The repository paths a piece of text names: words whose first segment is a top-level entry of
/// the repository (`src/…`, `tests/…`, `content/…`, `.ci/run`), with `{a,b}` expanded and a
/// placeholder (`<id>`, `*`, `…`) standing for "something in this folder". Positions in sample
/// output (`content/events/x.toml:2:8`) are examples, not paths.
fn paths_in(text: &str, top: &BTreeSet<String>) -> Vec<String> {
    let mut found = Vec::new();
    // `static/alias.svg -> logo.svg` shows a link someone might make, not a file of the repository.
    if text.contains(" -> ") {
        return found;
    }
    for word in words(text) {
        let word = word.as_str();
        let word = word.trim_matches(|c: char| c == '`' || c == '"' || c == '\'' || c == ';');
        // `tests/site.rs::output_is_reproducible`: a test (or function) in a file.
        let (word, item) = match word.split_once("::") {
            Some((file, item)) => (file, Some(item)),
            None => (word, None),
        };
        let Some((first, _)) = word.split_once('/') else {
            continue;
        };
        if !top.contains(first) || word.contains(':') {
            continue;
        }
        if let Some(item) = item {
            found.push(format!("{word}::{item}"));
            continue;
        }
        for expanded in expand_braces(word) {
            let cut = expanded
                .find(['<', '*', '…', '['])
                .map_or(expanded.as_str(), |i| &expanded[..i]);
            let cut = if cut.len() < expanded.len() {
                &cut[..cut.rfind('/').map_or(0, |i| i + 1)]
            } else {
                cut
            };
            let cut = cut.trim_end_matches(['.', ':']);
            if !cut.is_empty() {
                found.push(cut.to_string());
            }
        }
    }
    found
}

/// The words of a text, split at spaces, commas and parentheses outside `{…}`.
fn words(text: &str) -> Vec<String> {
    let mut words = vec![String::new()];
    let mut depth = 0usize;
    for c in text.chars() {
        match c {
            '{' => depth += 1,
            '}' => depth = depth.saturating_sub(1),
            _ => {}
        }
        if depth == 0 && (c.is_whitespace() || matches!(c, ',' | '(' | ')')) {
            words.push(String::new());
        } else if let Some(last) = words.last_mut() {
            last.push(c);
        }
    }
    words.retain(|w| !w.is_empty());
    words
}

/// `content/{events,pages}` as `content/events` and `content/pages`.
fn expand_braces(word: &str) -> Vec<String> {
    match (word.find('{'), word.find('}')) {
        (Some(open), Some(close)) if open < close => word[open + 1..close]
            .split(',')
            .flat_map(|alt| expand_braces(&format!("{}{alt}{}", &word[..open], &word[close + 1..])))
            .collect(),
        _ => vec![word.to_string()],
    }
}

#[test]
fn every_repository_path_named_exists() {
    let top: BTreeSet<String> = std::fs::read_dir(repo())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|name| name != "target" && name != ".git")
        .collect();
    let mut missing = Vec::new();
    let mut checked = 0;
    for path in pages() {
        let page = read_page(&path);
        let mut named: Vec<(usize, String)> = Vec::new();
        for (line, span) in &page.spans {
            // A span that is a path (no spaces), or a command whose words are paths.
            named.extend(paths_in(span, &top).into_iter().map(|p| (*line, p)));
        }
        for (line, language, text) in &page.code {
            if language.starts_with("toml") {
                continue; // examples of content: their values are not repository paths
            }
            // What follows `#` is a comment: sample output, not a path.
            let text = text.split(" #").next().unwrap_or("");
            let text = if text.trim_start().starts_with('#') {
                ""
            } else {
                text
            };
            named.extend(paths_in(text, &top).into_iter().map(|p| (*line, p)));
        }
        for (line, named) in named {
            checked += 1;
            let (file, item) = match named.split_once("::") {
                Some((file, item)) => (file.to_string(), Some(item.to_string())),
                None => (named.clone(), None),
            };
            let exists = repo().join(&file).exists()
                && item.is_none_or(|item| {
                    std::fs::read_to_string(repo().join(&file))
                        .is_ok_and(|t| t.contains(&format!("fn {item}")))
                });
            if !exists {
                missing.push((path.display().to_string(), line, named));
            }
        }
    }
    assert!(
        checked > 100,
        "only {checked} paths found: is the parser reading the pages?"
    );
    missing.sort();
    let missing: Vec<String> = missing
        .iter()
        .map(|(page, line, named)| format!("{page}:{line}: {named}"))
        .collect();
    assert!(
        missing.is_empty(),
        "{} repository paths named in the README and docs/ do not exist (fix the page or the \
         path):\n{}",
        missing.len(),
        missing.join("\n")
    );
}

/// `puente <command> --help`, once per command.
fn help(args: &[&str]) -> String {
    let output = Command::new(env!("CARGO_BIN_EXE_puente"))
        .args(args)
        .arg("--help")
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "puente {} --help failed",
        args.join(" ")
    );
    String::from_utf8(output.stdout).unwrap()
}

/// The subcommands a `--help` lists under "Commands:".
fn subcommands(help: &str) -> BTreeSet<String> {
    help.lines()
        .skip_while(|l| !l.starts_with("Commands:"))
        .skip(1)
        .take_while(|l| l.starts_with("  "))
        .filter_map(|l| l.split_whitespace().next())
        .filter(|c| *c != "help")
        .map(str::to_string)
        .collect()
}

/// The long flags a `--help` names, aliases included.
fn flags(help: &str) -> BTreeSet<String> {
    help.split(|c: char| !(c.is_ascii_alphanumeric() || c == '-'))
        .filter(|w| w.starts_with("--") && w.len() > 2)
        .map(str::to_string)
        .collect()
}

/// Every command line shown: `puente <command> …` or `cargo run --release -- <command> …`, in code
/// spans and code blocks (a `#` comment cut off), and spans such as `check --fix-fingerprints`.
fn command_lines(page: &Page, commands: &BTreeSet<String>) -> Vec<(usize, Vec<String>)> {
    let mut lines = Vec::new();
    let mut take = |line: usize, text: &str, bare: bool| {
        let text = text.split(" #").next().unwrap_or("");
        let words: Vec<&str> = text.split_whitespace().collect();
        for (i, w) in words.iter().enumerate() {
            let after_cargo_run =
                *w == "--" && words[..i].contains(&"run") && !words[..i].contains(&"--example");
            if *w != "puente" && !after_cargo_run {
                continue;
            }
            let rest = &words[i + 1..];
            lines.push((line, rest.iter().map(|s| s.to_string()).collect()));
            return;
        }
        if bare && words.len() > 1 && commands.contains(words[0]) && words[1].starts_with("--") {
            lines.push((line, words.iter().map(|s| s.to_string()).collect()));
        }
    };
    for (line, span) in &page.spans {
        take(*line, span, true);
    }
    for (line, language, text) in &page.code {
        if !language.starts_with("toml") {
            take(*line, text, false);
        }
    }
    lines
}

#[test]
fn every_command_and_flag_shown_exists() {
    let commands = subcommands(&help(&[]));
    assert!(commands.contains("build"), "{commands:?}");
    let mut known: BTreeMap<Vec<String>, BTreeSet<String>> = BTreeMap::new();
    let mut problems = Vec::new();
    let mut checked = 0;
    for path in pages() {
        let page = read_page(&path);
        for (line, words) in command_lines(&page, &commands) {
            let at = format!("{}:{line}: puente {}", path.display(), words.join(" "));
            let Some(command) = words.first() else {
                problems.push(format!("{at}: no command"));
                continue;
            };
            if !commands.contains(command) {
                problems.push(format!("{at}: `{command}` is not a command of puente"));
                continue;
            }
            checked += 1;
            let mut scope = vec![command.clone()];
            let mut allowed = known
                .entry(scope.clone())
                .or_insert_with(|| flags(&help(&[command])))
                .clone();
            // A nested command (`new event`): its first word that is not a flag or a flag's value.
            let nested = subcommands(&help(&[command]));
            if !nested.is_empty() {
                let mut item = None;
                let mut skip_value = false;
                for w in &words[1..] {
                    let w = w.trim_matches(['[', ']']);
                    if skip_value {
                        skip_value = false;
                    } else if w.starts_with("--") {
                        skip_value = w == "--root";
                    } else {
                        item = Some(w.to_string());
                        break;
                    }
                }
                match item {
                    Some(item) if nested.contains(&item) => {
                        scope.push(item.clone());
                        allowed.extend(
                            known
                                .entry(scope.clone())
                                .or_insert_with(|| flags(&help(&[command, &item])))
                                .clone(),
                        );
                    }
                    Some(item) => {
                        problems.push(format!("{at}: `{command} {item}` is not a command"))
                    }
                    None => {}
                }
            }
            for word in &words[1..] {
                for flag in word.split(['/', '|', '[', ']', '=']) {
                    if flag.starts_with("--") && flag.len() > 2 && !allowed.contains(flag) {
                        problems.push(format!("{at}: `{command}` has no flag {flag}"));
                    }
                }
            }
        }
    }
    assert!(checked > 10, "only {checked} command lines found");
    assert!(
        problems.is_empty(),
        "commands and flags shown in the README and docs/ that puente does not have:\n{}",
        problems.join("\n")
    );
}

/// The checks above can fail: a missing path, a made-up flag and a broken link are found.
#[test]
fn the_checks_find_what_is_wrong() {
    let top: BTreeSet<String> = ["src", "content"].map(String::from).into();
    assert_eq!(
        paths_in("src/main.rs, src/{a,b}/x.rs content/events/<id>.toml `src/x.rs::f` and src/e.rs:2:8 and public/x", &top),
        ["src/main.rs", "src/a/x.rs", "src/b/x.rs", "content/events/", "src/x.rs::f"]
    );
    let commands: BTreeSet<String> = ["build", "check"].map(String::from).into();
    let page = Page {
        spans: vec![
            (1, "puente check --nope".into()),
            (2, "check --strict".into()),
        ],
        code: vec![(
            3,
            "sh".into(),
            "cargo run --release -- build --drafts # --not-this".into(),
        )],
        ..Page::default()
    };
    assert_eq!(
        command_lines(&page, &commands),
        [
            (1, vec!["check".to_string(), "--nope".to_string()]),
            (2, vec!["check".to_string(), "--strict".to_string()]),
            (3, vec!["build".to_string(), "--drafts".to_string()]),
        ]
    );
    assert!(!flags(&help(&["check"])).contains("--nope"));
    assert!(flags(&help(&["check"])).contains("--deny-warnings"));
    assert_eq!(
        anchor("An event: `content/events/<id>.toml`"),
        "an-event-contenteventsidtoml"
    );
}
