//! Writes a synthetic Puente project for benchmarks: N bilingual events (300–500 words of Markdown
//! per language, 2–3 people, sources, states), several advisory snapshots and pages, with the real
//! templates, UI strings, static files and geometry. Deterministic from its seed.
//!
//! `cargo run --release --example synth -- --events 10000 --out /dev/shm/synth [--seed 7] [--hugo DIR]`
//!
//! With `--hugo DIR` it also writes the same events as a minimal Hugo site (`content/events/<id>.es.md`
//! and `.en.md`, a page, list and home layout) for comparison.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

const STATES: [&str; 32] = [
    "MX-AGU", "MX-BCN", "MX-BCS", "MX-CAM", "MX-COA", "MX-COL", "MX-CHP", "MX-CHH", "MX-CMX",
    "MX-DUR", "MX-GUA", "MX-GRO", "MX-HID", "MX-JAL", "MX-MEX", "MX-MIC", "MX-MOR", "MX-NAY",
    "MX-NLE", "MX-OAX", "MX-PUE", "MX-QUE", "MX-ROO", "MX-SLP", "MX-SIN", "MX-SON", "MX-TAB",
    "MX-TAM", "MX-TLA", "MX-VER", "MX-YUC", "MX-ZAC",
];
const LEVELS: [&str; 4] = ["normal", "caution", "avoid-non-essential", "avoid-all"];
const KINDS: [&str; 3] = ["agreement", "advisory", "call"];
const FIRST: [&str; 12] = [
    "Ana", "Luis", "María", "José", "Carmen", "Jorge", "Lucía", "Andrés", "Sofía", "Diego",
    "Elena", "Raúl",
];
const LAST: [&str; 12] = [
    "García",
    "Pérez",
    "López",
    "Martínez",
    "Núñez",
    "Ramírez",
    "Cruz",
    "Flores",
    "Ortiz",
    "Morales",
    "Ibáñez",
    "Vega",
];
const ES: [&str; 40] = [
    "la",
    "cooperación",
    "seguridad",
    "entre",
    "México",
    "y",
    "Canadá",
    "acuerdo",
    "plan",
    "de",
    "acción",
    "frontera",
    "inteligencia",
    "operativos",
    "coordinación",
    "ministro",
    "secretario",
    "reunión",
    "avance",
    "prioridades",
    "compartidas",
    "tráfico",
    "armas",
    "dinero",
    "ilícito",
    "fentanilo",
    "rutas",
    "soberanía",
    "diálogo",
    "franco",
    "productivo",
    "gobierno",
    "federal",
    "estado",
    "región",
    "aviso",
    "viaje",
    "nivel",
    "riesgo",
    "población",
];
const EN: [&str; 40] = [
    "the",
    "cooperation",
    "security",
    "between",
    "Mexico",
    "and",
    "Canada",
    "agreement",
    "plan",
    "of",
    "action",
    "border",
    "intelligence",
    "operations",
    "coordination",
    "minister",
    "secretary",
    "meeting",
    "progress",
    "priorities",
    "shared",
    "trafficking",
    "weapons",
    "money",
    "illicit",
    "fentanyl",
    "routes",
    "sovereignty",
    "dialogue",
    "frank",
    "productive",
    "government",
    "federal",
    "state",
    "region",
    "advisory",
    "travel",
    "level",
    "risk",
    "population",
];

/// SplitMix64: small, fast and the same everywhere.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }

    fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[self.below(items.len())]
    }
}

struct Args {
    events: usize,
    out: PathBuf,
    seed: u64,
    hugo: Option<PathBuf>,
}

fn args() -> Result<Args, String> {
    let mut parsed = Args {
        events: 1000,
        out: PathBuf::from("synth"),
        seed: 7,
        hugo: None,
    };
    let mut it = std::env::args().skip(1);
    while let Some(flag) = it.next() {
        let mut value = || it.next().ok_or(format!("{flag} needs a value"));
        match flag.as_str() {
            "--events" => parsed.events = value()?.parse().map_err(|e| format!("--events: {e}"))?,
            "--out" => parsed.out = PathBuf::from(value()?),
            "--seed" => parsed.seed = value()?.parse().map_err(|e| format!("--seed: {e}"))?,
            "--hugo" => parsed.hugo = Some(PathBuf::from(value()?)),
            other => {
                return Err(format!(
                    "unknown argument {other}; use --events N --out DIR [--seed S] [--hugo DIR]"
                ))
            }
        }
    }
    Ok(parsed)
}

fn main() {
    let args = match args() {
        Ok(a) => a,
        Err(e) => {
            eprintln!("synth: {e}");
            std::process::exit(2);
        }
    };
    if let Err(e) = write_project(&args) {
        eprintln!("synth: {e}");
        std::process::exit(1);
    }
    eprintln!(
        "synth: wrote {} events to {}",
        args.events,
        args.out.display()
    );
}

fn write_project(args: &Args) -> std::io::Result<()> {
    let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
    if args.out.exists() {
        std::fs::remove_dir_all(&args.out)?;
    }
    for shared in ["templates", "i18n", "static", "archetypes", "content/geo"] {
        copy_tree(&repo.join(shared), &args.out.join(shared))?;
    }
    let site = std::fs::read_to_string(repo.join("site.toml"))?;
    std::fs::write(args.out.join("site.toml"), site)?;
    let mut rng = Rng(args.seed);
    let events = args.out.join("content/events");
    std::fs::create_dir_all(&events)?;
    let mut hugo_events = Vec::new();
    for i in 0..args.events {
        let event = Event::new(&mut rng, i, args.events);
        std::fs::write(events.join(format!("{}.toml", event.id)), event.toml())?;
        if args.hugo.is_some() {
            hugo_events.push(event);
        }
    }
    write_advisories(&mut rng, &args.out.join("content/advisories"))?;
    copy_tree(&repo.join("content/pages"), &args.out.join("content/pages"))?;
    if let Some(hugo) = &args.hugo {
        write_hugo(hugo, &hugo_events)?;
    }
    Ok(())
}

struct Event {
    id: String,
    date: String,
    kind: &'static str,
    people: Vec<String>,
    states: Vec<&'static str>,
    es: (String, String, String),
    en: (String, String, String),
}

impl Event {
    fn new(rng: &mut Rng, i: usize, total: usize) -> Event {
        // Spread the events over the years before 2026, newest last.
        let day = (i * 3650 / total.max(1)) as i64;
        let start = puente::content::Date {
            year: 2016,
            month: 1,
            day: 1,
        };
        let date = puente::content::Date::from_day_number(start.day_number() + day).iso();
        let people = (0..2 + rng.below(2))
            .map(|_| format!("{} {}", rng.pick(&FIRST), rng.pick(&LAST)))
            .collect();
        let states = (0..rng.below(3))
            .map(|_| rng.pick(&STATES))
            .collect::<std::collections::BTreeSet<_>>()
            .into_iter()
            .collect();
        let kind = rng.pick(&KINDS);
        let es = text(rng, &ES, i, "Ver el [mapa](/es/mapa/). ");
        let en = text(rng, &EN, i, "See the [map](/en/map/). ");
        Event {
            id: format!("{date}-evento-{i:05}"),
            date,
            kind,
            people,
            states,
            es,
            en,
        }
    }

    fn toml(&self) -> String {
        let quote = |v: &[String]| {
            v.iter()
                .map(|s| format!("\"{s}\""))
                .collect::<Vec<_>>()
                .join(", ")
        };
        let states: Vec<String> = self.states.iter().map(|s| s.to_string()).collect();
        let mut out = format!(
            "date = {}\nkind = \"{}\"\npeople = [{}]\nstates = [{}]\n\n[[sources]]\ntitle = \"Fuente {}\"\npublisher = \"Editorial\"\nurl = \"https://example.org/{}\"\nlanguage = \"es\"\n",
            self.date, self.kind, quote(&self.people), quote(&states), self.id, self.id
        );
        for (lang, (title, summary, body)) in [("es", &self.es), ("en", &self.en)] {
            let _ = write!(out, "\n[{lang}]\ntitle = \"{title}\"\nsummary = \"{summary}\"\nbody = \"\"\"\n{body}\"\"\"\n");
        }
        out
    }
}

/// A title, a one-sentence summary and a 300–500-word Markdown body.
fn text(rng: &mut Rng, words: &[&str], i: usize, link: &str) -> (String, String, String) {
    let sentence = |rng: &mut Rng, n: usize| {
        let mut s: Vec<&str> = (0..n).map(|_| rng.pick(words)).collect();
        let first = s[0].to_string();
        let mut capital = first.chars();
        let head: String = capital
            .next()
            .map(|c| c.to_uppercase().chain(capital).collect())
            .unwrap_or_default();
        s[0] = "";
        format!("{head}{}.", s.join(" "))
    };
    let title = format!("{} {i}", sentence(rng, 5).trim_end_matches('.'));
    let summary = sentence(rng, 20);
    let target = 300 + rng.below(200);
    let mut body = String::new();
    let mut count = 0;
    let mut paragraph = 0;
    while count < target {
        if paragraph % 3 == 1 {
            let _ = writeln!(body, "## {}\n", sentence(rng, 3).trim_end_matches('.'));
        }
        let n = 40 + rng.below(40);
        let mut para = String::new();
        let mut in_para = 0;
        while in_para < n {
            let len = 8 + rng.below(12);
            para.push_str(&sentence(rng, len));
            para.push(' ');
            in_para += len;
        }
        if paragraph == 0 {
            para.push_str(link);
        }
        body.push_str(para.trim_end());
        body.push_str("\n\n");
        count += in_para;
        paragraph += 1;
    }
    (title, summary, body)
}

fn write_advisories(rng: &mut Rng, dir: &Path) -> std::io::Result<()> {
    std::fs::create_dir_all(dir)?;
    for year in 2018..2026 {
        let date = format!("{year}-06-01");
        let mut text = format!("date = {date}\n\n[[sources]]\ntitle = \"Aviso {date}\"\n\n[es]\nissuer = \"Gobierno de Canadá\"\nsummary = \"Aviso sintético.\"\n\n[en]\nissuer = \"Government of Canada\"\nsummary = \"Synthetic advisory.\"\n");
        for state in STATES {
            if rng.below(2) == 0 {
                let _ = write!(
                    text,
                    "\n[[states]]\ncode = \"{state}\"\nlevel = \"{}\"\n",
                    rng.pick(&LEVELS)
                );
            }
        }
        std::fs::write(dir.join(format!("{date}.toml")), text)?;
    }
    Ok(())
}

/// The same events for Hugo: one Markdown file per language, and minimal layouts.
fn write_hugo(dir: &Path, events: &[Event]) -> std::io::Result<()> {
    if dir.exists() {
        std::fs::remove_dir_all(dir)?;
    }
    let content = dir.join("content/events");
    std::fs::create_dir_all(&content)?;
    std::fs::write(
        dir.join("hugo.toml"),
        "baseURL = \"https://puente.example/\"\ndefaultContentLanguage = \"es\"\ndefaultContentLanguageInSubdir = true\ndisableKinds = [\"taxonomy\", \"term\", \"RSS\", \"sitemap\", \"robotsTXT\", \"404\"]\n[languages.es]\nweight = 1\ntitle = \"Puente\"\n[languages.en]\nweight = 2\ntitle = \"Puente\"\n",
    )?;
    for event in events {
        for (lang, (title, summary, body)) in [("es", &event.es), ("en", &event.en)] {
            let file = format!(
                "+++\ntitle = \"{title}\"\ndate = {}\nsummary = \"{summary}\"\ntranslationKey = \"{}\"\n+++\n{body}",
                event.date, event.id
            );
            std::fs::write(content.join(format!("{}.{lang}.md", event.id)), file)?;
        }
    }
    let layouts = dir.join("layouts");
    std::fs::create_dir_all(layouts.join("_default"))?;
    let base = "<!DOCTYPE html><html lang=\"{{ .Language.Lang }}\"><head><meta charset=\"utf-8\"><title>{{ .Title }}</title></head><body><nav>{{ range .Translations }}<a href=\"{{ .RelPermalink }}\">{{ .Language.Lang }}</a>{{ end }}</nav>";
    std::fs::write(
        layouts.join("_default/single.html"),
        format!("{base}<article><h1>{{{{ .Title }}}}</h1><time>{{{{ .Date.Format \"2006-01-02\" }}}}</time>{{{{ .Content }}}}</article></body></html>"),
    )?;
    std::fs::write(
        layouts.join("_default/list.html"),
        format!("{base}<h1>{{{{ .Title }}}}</h1><ol>{{{{ range .Pages }}}}<li><a href=\"{{{{ .RelPermalink }}}}\">{{{{ .Title }}}}</a> {{{{ .Summary }}}}</li>{{{{ end }}}}</ol></body></html>"),
    )?;
    std::fs::write(
        layouts.join("index.html"),
        format!("{base}<h1>{{{{ .Site.Title }}}}</h1><ul>{{{{ range first 3 .Site.RegularPages }}}}<li><a href=\"{{{{ .RelPermalink }}}}\">{{{{ .Title }}}}</a></li>{{{{ end }}}}</ul></body></html>"),
    )?;
    Ok(())
}

fn copy_tree(from: &Path, to: &Path) -> std::io::Result<()> {
    for entry in walk(from)? {
        let target = to.join(entry.strip_prefix(from).unwrap_or(&entry));
        if let Some(parent) = target.parent() {
            std::fs::create_dir_all(parent)?;
        }
        std::fs::copy(&entry, &target)?;
    }
    Ok(())
}

fn walk(dir: &Path) -> std::io::Result<Vec<PathBuf>> {
    let mut files = Vec::new();
    let mut entries: Vec<_> = std::fs::read_dir(dir)?.collect::<Result<_, _>>()?;
    entries.sort_by_key(|e| e.file_name());
    for entry in entries {
        let path = entry.path();
        if path.is_dir() {
            files.extend(walk(&path)?);
        } else {
            files.push(path);
        }
    }
    Ok(files)
}
