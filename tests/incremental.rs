//! Incremental builds against clean builds, by randomized differential testing: seeded sequences
//! of an editor's edits (events, advisories, pages, UI strings, templates, static files,
//! `site.toml`, and damage to the keys kept beside the output), after each of which an incremental
//! `build` on disk and a `serve` session (drafts shown, in memory) must give, byte for byte, what a
//! clean build of the same input gives; or fail as it does.
//!
//! `PUENTE_DIFF_SEED=N` replays one seed; `PUENTE_DIFF_STEPS=N` sets the edits per sequence
//! (default 12) and `PUENTE_DIFF_SEEDS=N` the sequences per site (default 1), for longer runs by
//! hand (docs/testing.md). A failure prints the seed, the site and the edits so far.

mod common;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use common::{tree_digest, Fixture};
use puente::pipeline::{build_with, Options, Session};

/// A small, seedable generator (SplitMix64): the same seed, the same edits, on every machine.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }

    fn pick<T: Copy>(&mut self, items: &[T]) -> T {
        items[self.below(items.len())]
    }

    fn date(&mut self) -> String {
        format!(
            "{}-{:02}-{:02}",
            2016 + self.below(10),
            1 + self.below(12),
            1 + self.below(28)
        )
    }
}

const STATES: [&str; 8] = [
    "MX-JAL", "MX-GRO", "MX-CHH", "MX-SON", "MX-CMX", "MX-OAX", "MX-YUC", "MX-BCN",
];
const LEVELS: [&str; 4] = ["normal", "caution", "avoid-non-essential", "avoid-all"];
const KINDS: [&str; 3] = ["call", "agreement", "advisory"];
const WORDS: [&str; 10] = [
    "seguridad",
    "frontera",
    "acuerdo",
    "fentanilo",
    "reunión",
    "security",
    "border",
    "meeting",
    "policy",
    "review",
];

/// One event as the test writes it.
#[derive(Clone, Debug)]
struct Event {
    n: usize,
    date: String,
    updated: Option<String>,
    kind: &'static str,
    states: Vec<&'static str>,
    summary: [String; 2],
    title: [String; 2],
    body: String,
    draft: bool,
}

impl Event {
    fn new(rng: &mut Rng, n: usize) -> Event {
        let mut states: Vec<&'static str> = (0..rng.below(3)).map(|_| rng.pick(&STATES)).collect();
        states.sort_unstable();
        states.dedup();
        Event {
            n,
            date: rng.date(),
            updated: None,
            kind: rng.pick(&KINDS),
            states,
            summary: [sentence(rng), sentence(rng)],
            title: [format!("Evento {n}"), format!("Event {n}")],
            body: format!("{}\n\nVer el [mapa](/es/mapa/).\n", sentence(rng)),
            draft: false,
        }
    }

    fn file(&self) -> String {
        format!("content/events/{}-ev{}.toml", self.date, self.n)
    }

    fn toml(&self) -> String {
        let mut text = format!("date = {}\n", self.date);
        if let Some(updated) = &self.updated {
            text.push_str(&format!("updated = {updated}\n"));
        }
        let states: Vec<String> = self.states.iter().map(|s| format!("\"{s}\"")).collect();
        text.push_str(&format!(
            "kind = \"{}\"\npeople = [\"Persona Uno\"]\nstates = [{}]\n",
            self.kind,
            states.join(", ")
        ));
        if self.draft {
            text.push_str("draft = true\n");
        }
        for (i, lang) in ["es", "en"].iter().enumerate() {
            text.push_str(&format!(
                "\n[{lang}]\ntitle = \"{}\"\nsummary = \"{}\"\nbody = \"\"\"\n{}\"\"\"\n",
                self.title[i], self.summary[i], self.body
            ));
        }
        text
    }
}

/// One advisory snapshot as the test writes it.
#[derive(Clone, Debug)]
struct Advisory {
    date: String,
    states: BTreeMap<&'static str, &'static str>,
}

impl Advisory {
    fn new(rng: &mut Rng) -> Advisory {
        let mut states = BTreeMap::new();
        for _ in 0..1 + rng.below(4) {
            states.insert(rng.pick(&STATES), rng.pick(&LEVELS));
        }
        Advisory {
            date: rng.date(),
            states,
        }
    }

    fn file(&self) -> String {
        format!("content/advisories/{}.toml", self.date)
    }

    fn toml(&self) -> String {
        let mut text = format!(
            "date = {}\n\n[es]\nissuer = \"Gobierno de Canadá\"\nsummary = \"Aviso.\"\n\n[en]\nissuer = \"Government of Canada\"\nsummary = \"Advisory.\"\n",
            self.date
        );
        for (code, level) in &self.states {
            text.push_str(&format!(
                "\n[[states]]\ncode = \"{code}\"\nlevel = \"{level}\"\n"
            ));
        }
        text
    }
}

fn sentence(rng: &mut Rng) -> String {
    let words: Vec<&str> = (0..3 + rng.below(5)).map(|_| rng.pick(&WORDS)).collect();
    format!("Texto {}.", words.join(" "))
}

/// The site being edited: the model of its events and advisories, and the project folder.
struct Site<'a> {
    root: &'a Path,
    events: Vec<Event>,
    advisories: Vec<Advisory>,
    next: usize,
    /// Counts edits of the shared files, so each writes something new.
    edits: usize,
    /// A keys file from an earlier build, to put back as a stale one.
    old_keys: Option<Vec<u8>>,
    /// A store from an earlier build, likewise.
    old_store: Option<Vec<u8>>,
}

impl Site<'_> {
    fn write(&self, file: &str, text: &str) {
        let path = self.root.join(file);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    }

    fn remove(&self, file: &str) {
        std::fs::remove_file(self.root.join(file)).unwrap();
    }

    /// Replaces the first line of `file` that starts with `start` by `line`.
    fn replace_line(&self, file: &str, start: &str, line: &str) {
        let path = self.root.join(file);
        let text = std::fs::read_to_string(&path).unwrap();
        let old = text
            .lines()
            .find(|l| l.trim_start().starts_with(start))
            .unwrap_or_else(|| panic!("{file} has no line starting {start}"));
        std::fs::write(&path, text.replacen(old, line, 1)).unwrap();
    }

    /// Writes every event and advisory of the model (the folders are emptied first).
    fn write_all(&self) {
        for dir in ["content/events", "content/advisories"] {
            let _ = std::fs::remove_dir_all(self.root.join(dir));
            std::fs::create_dir_all(self.root.join(dir)).unwrap();
        }
        for event in &self.events {
            self.write(&event.file(), &event.toml());
        }
        for advisory in &self.advisories {
            self.write(&advisory.file(), &advisory.toml());
        }
    }

    /// Makes one random edit and says what it was.
    fn edit(&mut self, rng: &mut Rng, inc: &Path) -> String {
        self.edits += 1;
        let n = self.edits;
        let choice = rng.below(23);
        if self.events.is_empty() && choice < 9 {
            return self.add_event(rng);
        }
        let e = rng.below(self.events.len().max(1));
        match choice {
            0 | 1 => {
                let lang = rng.below(2);
                self.events[e].summary[lang] = sentence(rng);
                self.rewrite_event(e, &format!("edit summary {lang} of ev{}", self.events[e].n))
            }
            2 => {
                let lang = rng.below(2);
                let title = format!("{} {}", self.events[e].title[lang], rng.pick(&WORDS));
                self.events[e].title[lang] = title;
                self.rewrite_event(e, &format!("edit title {lang} of ev{}", self.events[e].n))
            }
            3 => {
                self.events[e].body = format!("{}\n\n## {}\n", sentence(rng), rng.pick(&WORDS));
                self.rewrite_event(e, &format!("edit body of ev{}", self.events[e].n))
            }
            4 => self.add_event(rng),
            5 => {
                let event = self.events.remove(e);
                self.remove(&event.file());
                format!("delete ev{}", event.n)
            }
            6 => {
                self.events[e].draft = !self.events[e].draft;
                let draft = self.events[e].draft;
                self.rewrite_event(e, &format!("draft={draft} ev{}", self.events[e].n))
            }
            7 => {
                let date = format!("2026-{:02}-{:02}", 1 + rng.below(10), 1 + rng.below(28));
                self.events[e].updated = Some(date.clone());
                self.rewrite_event(e, &format!("updated={date} ev{}", self.events[e].n))
            }
            8 => {
                let event = &mut self.events[e];
                if event.states.is_empty() || rng.below(2) == 0 {
                    event.states.push(rng.pick(&STATES));
                    event.states.sort_unstable();
                    event.states.dedup();
                } else {
                    event.states.pop();
                }
                let what = format!("states={:?} ev{}", event.states, event.n);
                self.rewrite_event(e, &what)
            }
            9 => {
                self.events[e].kind = rng.pick(&KINDS);
                self.rewrite_event(e, &format!("kind of ev{}", self.events[e].n))
            }
            10 | 11 => self.edit_advisory(rng),
            12 => {
                let advisory = Advisory::new(rng);
                if self.advisories.iter().any(|a| a.date == advisory.date) {
                    return "no edit".into();
                }
                self.write(&advisory.file(), &advisory.toml());
                let what = format!("add snapshot {}", advisory.date);
                self.advisories.push(advisory);
                what
            }
            13 if !self.advisories.is_empty() => {
                let advisory = self.advisories.remove(rng.below(self.advisories.len()));
                self.remove(&advisory.file());
                format!("delete snapshot {}", advisory.date)
            }
            13 | 14 => {
                let file = "content/pages/about.en.md";
                if rng.below(2) == 0 {
                    let text = std::fs::read_to_string(self.root.join(file)).unwrap();
                    self.write(file, &format!("{text}\nMore words {n}.\n"));
                    "edit the words of about.en.md".into()
                } else {
                    let date = format!("2026-{:02}-{:02}", 1 + n % 10, 1 + n % 28);
                    self.replace_line(file, "updated = ", &format!("updated = {date}"));
                    format!("updated={date} about.en.md")
                }
            }
            15 => {
                let line = format!("nav-map = Travel advisory map {n}");
                self.replace_line("i18n/en.ftl", "nav-map = ", &line);
                "edit Fluent nav-map".into()
            }
            16 => {
                let line = format!("<footer class=\"site-footer\" data-edit=\"{n}\">");
                self.replace_line(
                    "templates/base.html",
                    "<footer class=\"site-footer\"",
                    &line,
                );
                "edit template base.html".into()
            }
            17 => {
                if rng.below(2) == 0 {
                    self.write("static/extra.txt", &format!("extra {n}\n"));
                    "edit static/extra.txt".into()
                } else {
                    let css = std::fs::read_to_string(self.root.join("static/style.css")).unwrap();
                    self.write("static/style.css", &format!("{css}\n/* {n} */\n"));
                    "edit static/style.css".into()
                }
            }
            18 => {
                let line = format!("description = \"A test site {n}.\"");
                self.replace_line("site.toml", "description = \"A test site", &line);
                "edit site.toml description".into()
            }
            _ => self.damage_keys(rng, inc),
        }
    }

    fn add_event(&mut self, rng: &mut Rng) -> String {
        self.next += 1;
        let event = Event::new(rng, self.next);
        self.write(&event.file(), &event.toml());
        let what = format!("add ev{} on {}", event.n, event.date);
        self.events.push(event);
        what
    }

    fn rewrite_event(&self, e: usize, what: &str) -> String {
        self.write(&self.events[e].file(), &self.events[e].toml());
        what.to_string()
    }

    fn edit_advisory(&mut self, rng: &mut Rng) -> String {
        if self.advisories.is_empty() {
            return "no edit".into();
        }
        let a = rng.below(self.advisories.len());
        let advisory = &mut self.advisories[a];
        let what = match rng.below(3) {
            0 if !advisory.states.is_empty() => {
                let code = *advisory.states.keys().next().unwrap();
                advisory.states.insert(code, rng.pick(&LEVELS));
                format!("level of {code} in {}", advisory.date)
            }
            1 if advisory.states.len() > 1 => {
                let code = *advisory.states.keys().last().unwrap();
                advisory.states.remove(code);
                format!("drop {code} from {}", advisory.date)
            }
            _ => {
                let code = rng.pick(&STATES);
                advisory.states.insert(code, rng.pick(&LEVELS));
                format!("add {code} to {}", advisory.date)
            }
        };
        self.write(&self.advisories[a].file(), &self.advisories[a].toml());
        what
    }

    /// Damages what is kept beside the incremental output for the next build: the page keys or
    /// the store; gone, truncated, a byte changed, or put back from an earlier build.
    fn damage_keys(&mut self, rng: &mut Rng, inc: &Path) -> String {
        let (file, slot) = if rng.below(2) == 0 {
            (
                inc.with_file_name(".incremental.puente-pages"),
                &mut self.old_keys,
            )
        } else {
            (
                inc.with_file_name(".incremental.puente-cache"),
                &mut self.old_store,
            )
        };
        let Ok(bytes) = std::fs::read(&file) else {
            return format!("nothing to damage at {}", file.display());
        };
        let stale = slot.replace(bytes.clone());
        let name = file.file_name().unwrap().to_string_lossy().into_owned();
        let damaged = match rng.below(4) {
            0 => {
                std::fs::remove_file(&file).unwrap();
                return format!("{name} removed");
            }
            1 => (bytes[..bytes.len() / 2].to_vec(), "truncated"),
            2 => {
                let mut bytes = bytes;
                let at = rng.below(bytes.len());
                bytes[at] = bytes[at].wrapping_add(1);
                (bytes, "a byte changed")
            }
            _ => match stale {
                Some(stale) => (stale, "put back from an earlier build"),
                None => return format!("{name} kept for later"),
            },
        };
        // The output's files are hard links shared with its twin: replace, never write through.
        std::fs::remove_file(&file).unwrap();
        std::fs::write(&file, damaged.0).unwrap();
        format!("{name} {}", damaged.1)
    }
}

/// Every file of a folder but Puente's own records.
fn digest(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    tree_digest(dir)
        .into_iter()
        .map(|(p, bytes)| (p.to_string_lossy().into_owned(), bytes))
        .filter(|(p, _)| !p.starts_with(".puente-"))
        .collect()
}

/// What a build gave: the site's files, or its errors.
type Outcome = Result<BTreeMap<String, Vec<u8>>, String>;

fn clean_build(root: &Path, drafts: bool, scratch: &Path) -> Outcome {
    let _ = std::fs::remove_dir_all(scratch);
    let options = Options {
        output: Some(scratch.to_path_buf()),
        drafts,
        ..Default::default()
    };
    let outcome = build_with(root, &options)
        .map(|_| digest(scratch))
        .map_err(|r| r.to_string());
    let _ = std::fs::remove_dir_all(scratch);
    outcome
}

/// The first difference between two outcomes, said briefly.
fn difference(a: &Outcome, b: &Outcome) -> Option<String> {
    match (a, b) {
        (Ok(a), Ok(b)) if a == b => None,
        (Ok(a), Ok(b)) => {
            let files: Vec<&String> = a.keys().chain(b.keys()).collect();
            files
                .into_iter()
                .find(|f| a.get(*f) != b.get(*f))
                .map(|f| format!("{f} differs"))
        }
        (Err(_), Err(_)) => None,
        (Ok(_), Err(e)) => Some(format!("the clean build failed but this one did not:\n{e}")),
        (Err(e), Ok(_)) => Some(format!("this build failed but the clean one did not:\n{e}")),
    }
}

/// The three starting sites: several events and snapshots, no advisories, a single event.
#[derive(Clone, Copy, Debug)]
enum Start {
    Several,
    NoAdvisories,
    SingleEvent,
}

fn run_sequence(start: Start, seed: u64, steps: usize) {
    let fixture = Fixture::new("basic");
    let root = fixture.root();
    let mut rng = Rng(seed);
    let (events, advisories) = match start {
        Start::Several => (5, 2),
        Start::NoAdvisories => (4, 0),
        Start::SingleEvent => (1, 1),
    };
    let mut site = Site {
        root,
        events: (1..=events).map(|n| Event::new(&mut rng, n)).collect(),
        advisories: Vec::new(),
        next: events,
        edits: 0,
        old_keys: None,
        old_store: None,
    };
    for _ in 0..advisories {
        let advisory = Advisory::new(&mut rng);
        if !site.advisories.iter().any(|a| a.date == advisory.date) {
            site.advisories.push(advisory);
        }
    }
    site.write_all();
    let scratch = PathBuf::from(root).join("scratch");
    let inc = PathBuf::from(root).join("incremental");
    let mut session = Session::new(
        root,
        Options {
            drafts: true,
            in_memory: true,
            ..Default::default()
        },
    );
    let mut done = vec!["start".to_string()];
    for step in 0..=steps {
        if step > 0 {
            done.push(site.edit(&mut rng, &inc));
        }
        let clean = clean_build(root, false, &scratch);
        let clean_drafts = clean_build(root, true, &scratch);
        let options = Options {
            output: Some(inc.clone()),
            ..Default::default()
        };
        let incremental = build_with(root, &options)
            .map(|_| digest(&inc))
            .map_err(|r| r.to_string());
        let served: Outcome = session
            .rebuild()
            .map(|_| {
                session
                    .site()
                    .iter()
                    .map(|(path, bytes)| (path.to_string(), bytes.to_vec()))
                    .collect()
            })
            .map_err(|r| r.to_string());
        for (what, outcome, against) in [
            ("an incremental build", &incremental, &clean),
            ("a serve session", &served, &clean_drafts),
        ] {
            if let Some(difference) = difference(against, outcome) {
                panic!(
                    "{what} differs from a clean build: {difference}\n\
                     replay: PUENTE_DIFF_SEED={seed} (site {start:?}, step {step})\n\
                     edits: {done:#?}"
                );
            }
        }
    }
}

fn env_number(name: &str) -> Option<u64> {
    std::env::var(name).ok().and_then(|v| v.parse().ok())
}

fn run_all(start: Start, base_seed: u64) {
    let steps = env_number("PUENTE_DIFF_STEPS").unwrap_or(12) as usize;
    match env_number("PUENTE_DIFF_SEED") {
        Some(seed) => run_sequence(start, seed, steps),
        None => {
            for i in 0..env_number("PUENTE_DIFF_SEEDS").unwrap_or(1) {
                run_sequence(start, base_seed + i, steps);
            }
        }
    }
}

#[test]
fn incremental_builds_and_serve_equal_clean_builds_on_a_site_with_several_events() {
    run_all(Start::Several, 1000);
}

#[test]
fn incremental_builds_and_serve_equal_clean_builds_on_a_site_without_advisories() {
    run_all(Start::NoAdvisories, 2000);
}

#[test]
fn incremental_builds_and_serve_equal_clean_builds_on_a_site_with_one_event() {
    run_all(Start::SingleEvent, 3000);
}
