//! An advisory snapshot's page: every state it lists with its level, what changed since the one
//! before; template `advisory.html`.

use fluent_bundle::FluentValue;
use serde::Serialize;

use crate::content::{Advisory, Date};
use crate::diagnostic::Diagnostic;
use crate::render::meta::plain_text;
use crate::render::views::PageMeta;
use crate::render::views::{AdvisoryBrief, Link, SourceView, StateRow};
use crate::render::{collation_key, Renderer};
use crate::routes::{level_key, region_name, PageKind};

/// The template.
pub(crate) const TEMPLATE: &str = "advisory.html";

/// The page's view: the snapshot in brief, its states, what changed since the one before.
pub(crate) fn view<'r>(r: &'r Renderer<'_>, i: usize, lang: &str) -> AdvisoryView<'r> {
    let advisory = &r.content.advisories[i];
    let previous = i.checked_sub(1).map(|p| &r.content.advisories[p]);
    let mut listed: Vec<StateRow> = advisory
        .states
        .iter()
        .filter_map(|(code, state)| {
            let link = r.state_link(code, lang)?;
            Some(StateRow {
                code: code.clone(),
                name: link.name,
                url: link.url,
                level: state.level.key(),
                advisory_note: advisory.texts[lang].note.clone(),
                note: state.notes.get(lang).cloned(),
                path: String::new(),
            })
        })
        .collect();
    listed.sort_by_cached_key(|row| collation_key(&row.name, lang));
    let link = |j: usize| {
        let a = &r.content.advisories[j];
        Link {
            url: r.link(&PageKind::Advisory(j), lang),
            title: &a.texts[lang].issuer,
            date: a.date,
        }
    };
    AdvisoryView {
        brief: r.advisory_brief(i, lang),
        summary_html: r.html.advisories[i][lang].clone(),
        sources: r.sources(&advisory.sources, lang),
        states: listed,
        changes: previous.map(|p| changes(r, p, advisory, lang)),
        previous: i.checked_sub(1).map(link),
        next: (i + 1 < r.content.advisories.len()).then(|| link(i + 1)),
        map_url: r.link(&PageKind::Map, lang),
    }
}

/// What changed from one snapshot to the next, state by state.
pub(crate) fn changes(
    r: &Renderer<'_>,
    before: &Advisory,
    after: &Advisory,
    lang: &str,
) -> Vec<Change> {
    let mut changes = Vec::new();
    for (i, region) in r.regions.iter().enumerate() {
        let (old, new) = (
            before.states.get(&region.code),
            after.states.get(&region.code),
        );
        let change = match (old, new) {
            (None, None) => continue,
            (None, Some(_)) => "added",
            (Some(_), None) => "removed",
            (Some(o), Some(n)) if n.level > o.level => "raised",
            (Some(o), Some(n)) if n.level < o.level => "lowered",
            (Some(o), Some(n)) if o.notes != n.notes => "note-changed",
            _ => continue,
        };
        changes.push(Change {
            change,
            name: region_name(region, lang).to_string(),
            url: r.link(&PageKind::State(i), lang),
            from: level_key(old.map(|s| s.level)),
            to: level_key(new.map(|s| s.level)),
            note: new.and_then(|s| s.notes.get(lang).cloned()),
        });
    }
    changes.sort_by(|a, b| {
        (a.change, collation_key(&a.name, lang)).cmp(&(b.change, collation_key(&b.name, lang)))
    });
    changes
}

/// "Advisory of <date>", its summary as the description.
pub(crate) fn meta(
    r: &Renderer<'_>,
    i: usize,
    lang: &str,
    modified: Date,
) -> Result<PageMeta, Diagnostic> {
    let advisory = &r.content.advisories[i];
    let date = r.i18n.long_date(lang, advisory.date)?;
    Ok(PageMeta {
        title: r.t(lang, "advisory-title", &[("date", FluentValue::from(date))])?,
        description: plain_text(&r.html.advisories[i][lang]),
        modified,
    })
}

/// The snapshot's own "Date modified".
pub(crate) fn modified(r: &Renderer<'_>, i: usize) -> Date {
    r.content.advisories[i].modified()
}

#[derive(Serialize)]
pub(crate) struct AdvisoryView<'a> {
    #[serde(flatten)]
    pub(crate) brief: AdvisoryBrief,
    pub(crate) summary_html: String,
    pub(crate) sources: Vec<SourceView>,
    pub(crate) states: Vec<StateRow>,
    pub(crate) changes: Option<Vec<Change>>,
    pub(crate) previous: Option<Link<'a>>,
    pub(crate) next: Option<Link<'a>>,
    pub(crate) map_url: String,
}

#[derive(Serialize)]
pub(crate) struct Change {
    pub(crate) change: &'static str,
    pub(crate) name: String,
    pub(crate) url: String,
    pub(crate) from: &'static str,
    pub(crate) to: &'static str,
    pub(crate) note: Option<String>,
}
