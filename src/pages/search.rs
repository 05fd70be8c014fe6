//! The offline search index of one language: every event, state, advisory snapshot and page, with
//! its text folded to lowercase ASCII so that "michoacan" finds "Michoacán" and "García" "garcia".
//!
//! A maintained engine was measured first: `elasticlunr.min.js` is 17.8 KB and `lunr.min.js`
//! 29.5 KB, over the site's 10 KB script budget, and neither folds accents out of the box. The
//! index is a plain JSON list and `static/search.js` (about 2 KB) matches every query word.

use fluent_bundle::FluentValue;
use rayon::prelude::*;
use serde::Serialize;
use std::sync::Arc;
use std::time::{Duration, Instant};

use crate::diagnostic::Diagnostic;
use crate::render::meta::plain_text;
use crate::render::Renderer;
use crate::routes::{level_key, region_name, PageKind};

/// One searchable document.
#[derive(Serialize)]
struct Document {
    /// Title.
    t: String,
    /// URL.
    u: String,
    /// What it is ("Llamada", "Entidad", ...).
    k: String,
    /// A short excerpt to show.
    s: String,
    /// Folded text to match.
    x: String,
}

/// An event's search document: its key, its JSON and how long it took to make.
type MadeDocument = (u128, Arc<str>, Duration);

/// Lowercase ASCII: accents and case fold away (`Michoacán` gives `michoacan`).
pub fn fold(text: &str) -> String {
    deunicode::deunicode(text).to_lowercase()
}

/// The first `limit` characters of `text`, cut at a word, with an ellipsis when cut.
fn excerpt(text: &str, limit: usize) -> String {
    if text.chars().count() <= limit {
        return text.to_string();
    }
    let cut: String = text.chars().take(limit).collect();
    let cut = cut.rsplit_once(' ').map_or(cut.as_str(), |(head, _)| head);
    format!("{cut}…")
}

/// The search index of `lang`, as JSON.
pub(crate) fn index(r: &Renderer<'_>, lang: &str) -> Result<String, Diagnostic> {
    let started = Instant::now();
    let mut documents = Vec::new();
    let mut push = |title: String, url: String, kind: String, summary: String, extra: String| {
        let x = fold(&format!("{title} {summary} {extra}"));
        documents.push(Document {
            t: title,
            u: url,
            k: kind,
            s: excerpt(&summary, 160),
            x,
        });
    };
    let translated = |missing: &[String]| !missing.iter().any(|l| l == lang);
    // Event documents are most of the index: made in parallel, kept in order (the first
    // error in that order is the one reported). Each is timed on its own: while this thread
    // waits for the others it may render other pages, which are not the index's time.
    let parallel = Instant::now();
    let made: Vec<Result<MadeDocument, Diagnostic>> = (0..r.content.events.len())
        .into_par_iter()
        .rev()
        .filter(|&i| translated(&r.content.events[i].untranslated))
        .map(|i| {
            let started = Instant::now();
            let url = r.link(&PageKind::Event(i), lang);
            let key = document_key(r.content.events[i].version, lang, &url);
            let json = match r.search_cache.and_then(|c| c.get(&key)) {
                Some(json) => json.clone(),
                None => event_document(r, i, lang, url)?.into(),
            };
            Ok((key, json, started.elapsed()))
        })
        .collect();
    let parallel = parallel.elapsed();
    let made: Vec<MadeDocument> = made.into_iter().collect::<Result<_, _>>()?;
    let work: Duration = made.iter().map(|(_, _, time)| *time).sum();
    let mut parts: Vec<Arc<str>> = made.iter().map(|(_, json, _)| json.clone()).collect();
    // Every document this index holds, for the next build (stale ones drop out).
    r.made_search_docs
        .lock()
        .unwrap_or_else(|e| e.into_inner())
        .extend(made.into_iter().map(|(key, json, _)| (key, json)));
    let latest = r.content.advisories.last();
    for (i, region) in r.regions.iter().enumerate() {
        let listed = latest.and_then(|a| a.states.get(&region.code));
        let level = r.t(
            lang,
            &format!("level-{}", level_key(listed.map(|s| s.level))),
            &[],
        )?;
        let note = listed
            .and_then(|s| s.notes.get(lang))
            .cloned()
            .unwrap_or_default();
        push(
            region_name(region, lang).to_string(),
            r.link(&PageKind::State(i), lang),
            r.t(lang, "search-kind-state", &[])?,
            format!("{level}. {note}").trim().to_string(),
            region.code.clone(),
        );
    }
    for (i, advisory) in r.content.advisories.iter().enumerate().rev() {
        if !translated(&advisory.untranslated) {
            continue;
        }
        let date = r.i18n.long_date(lang, advisory.date)?;
        // Its page names the states it lists, with their notes, and its own note.
        let listed: Vec<&str> = r
            .regions
            .iter()
            .filter_map(|region| {
                let state = advisory.states.get(&region.code)?;
                Some([
                    Some(region_name(region, lang)),
                    state.notes.get(lang).map(String::as_str),
                ])
            })
            .flatten()
            .flatten()
            .collect();
        let text = &advisory.texts[lang];
        push(
            r.t(lang, "advisory-title", &[("date", FluentValue::from(date))])?,
            r.link(&PageKind::Advisory(i), lang),
            r.t(lang, "search-kind-advisory", &[])?,
            plain_text(&r.html.advisories[i][lang]),
            format!(
                "{} {} {}",
                text.issuer,
                text.note.as_deref().unwrap_or_default(),
                listed.join(" ")
            ),
        );
    }
    for (i, page) in r
        .content
        .pages
        .iter()
        .enumerate()
        .filter(|(_, p)| !p.is_home() && translated(&p.untranslated))
    {
        let text = &page.texts[lang];
        push(
            text.title.clone(),
            r.link(&PageKind::Page(i), lang),
            r.t(lang, "search-kind-page", &[])?,
            text.description.clone(),
            plain_text(&r.html.pages[i][lang]),
        );
    }
    for doc in &documents {
        parts.push(
            serde_json::to_string(doc)
                .map_err(|e| Diagnostic::new("search index", e.to_string()))?
                .into(),
        );
    }
    let index = format!("[{}]", parts.join(","));
    r.clock(
        "search.json (context)",
        started.elapsed().saturating_sub(parallel) + work,
        Duration::ZERO,
    );
    Ok(index)
}

/// One event's search document, as JSON.
fn event_document(
    r: &Renderer<'_>,
    i: usize,
    lang: &str,
    url: String,
) -> Result<String, Diagnostic> {
    let event = &r.content.events[i];
    let text = &event.texts[lang];
    let states: Vec<&str> = event
        .states
        .iter()
        .filter_map(|c| r.regions.iter().find(|r| r.code == *c))
        .map(|r| region_name(r, lang))
        .collect();
    let date = r.i18n.long_date(lang, event.date)?;
    let summary = plain_text(&r.html.events[i][lang]);
    // The capacity each person spoke in ("Secretary of Security ...") is on the page too.
    let roles: Vec<&str> = event
        .roles
        .iter()
        .filter_map(|r| r.get(lang))
        .map(String::as_str)
        .collect();
    let extra = format!(
        "{} {} {}",
        event.people.join(" "),
        roles.join(" "),
        states.join(" ")
    );
    let doc = Document {
        x: fold(&format!("{} {summary} {extra}", text.title)),
        t: text.title.clone(),
        u: url,
        k: format!(
            "{} · {date}",
            r.t(lang, &format!("kind-{}", event.kind), &[])?
        ),
        s: excerpt(&summary, 160),
    };
    serde_json::to_string(&doc).map_err(|e| Diagnostic::new("search index", e.to_string()))
}

/// The key of an event's search document: what it is made from.
fn document_key(version: u64, lang: &str, url: &str) -> u128 {
    xxhash_rust::xxh3::xxh3_128(format!("{version}\u{0}{lang}\u{0}{url}").as_bytes())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folding_ignores_accents_and_case() {
        assert_eq!(fold("Michoacán García Ñuño"), "michoacan garcia nuno");
    }

    #[test]
    fn excerpts_cut_at_a_word() {
        assert_eq!(excerpt("uno dos tres", 100), "uno dos tres");
        assert_eq!(excerpt("uno dos tres", 9), "uno dos…");
    }
}
