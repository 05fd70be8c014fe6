//! The open-data downloads of a language: `events.csv`/`.json` (one row per published event) and
//! `advisories.csv`/`.json` (one row per advisory snapshot and federal entity, the entities a
//! snapshot does not list included as `not-listed`), made from the same content as the pages.
//!
//! CSV is RFC 4180 (the `csv` crate: a header row, UTF-8, CRLF line ends, quoted where needed);
//! a cell that a spreadsheet would read as a formula (one starting with `=`, `+`, `-`, `@`, a tab
//! or a carriage return, as OWASP lists them) starts with an apostrophe instead.

use serde::Serialize;
use std::sync::Arc;

use super::common::Key;
use crate::content::Source;
use crate::diagnostic::Diagnostic;
use crate::render::meta::plain_text;
use crate::render::Renderer;
use crate::routes::{level_key, region_name, DataFile, PageKind};

/// The columns of `events.csv`, in order (the JSON objects have the same keys).
pub const EVENT_COLUMNS: [&str; 12] = [
    "id",
    "date",
    "updated",
    "kind",
    "kind_label",
    "title",
    "summary",
    "people",
    "states",
    "url",
    "sources",
    "text_language",
];

/// The columns of `advisories.csv`, in order (the JSON objects have the same keys).
pub const ADVISORY_COLUMNS: [&str; 12] = [
    "snapshot_date",
    "issuer",
    "iso_code",
    "inegi_code",
    "entity",
    "level",
    "level_label",
    "note",
    "advisory_note",
    "advisory_url",
    "state_url",
    "text_language",
];

/// How the CSV joins the items of a list column (people, states).
pub const LIST_SEPARATOR: &str = "; ";

/// How the CSV joins an event's sources (a passage may hold any punctuation): one per line.
const SOURCE_SEPARATOR: &str = "\n";

/// One event, as both files give it.
#[derive(Serialize, Debug, PartialEq)]
pub(crate) struct EventRow {
    pub(crate) id: String,
    pub(crate) date: String,
    pub(crate) updated: Option<String>,
    pub(crate) kind: String,
    pub(crate) kind_label: String,
    pub(crate) title: String,
    pub(crate) summary: String,
    pub(crate) people: Vec<String>,
    pub(crate) states: Vec<String>,
    pub(crate) url: String,
    pub(crate) sources: Vec<SourceCell>,
    /// The language of the title and summary: the file's, or the original's where the event is
    /// not translated into it yet.
    pub(crate) text_language: String,
}

/// A source of an event, as the downloads cite it: what the source is, and the passage that
/// supports the event (in the source's language, and translated into the file's).
#[derive(Serialize, Debug, PartialEq)]
pub(crate) struct SourceCell {
    pub(crate) kind: Option<String>,
    pub(crate) title: Option<String>,
    pub(crate) publisher: Option<String>,
    pub(crate) date: Option<String>,
    pub(crate) url: Option<String>,
    pub(crate) language: Option<String>,
    pub(crate) excerpt: Option<String>,
    pub(crate) excerpt_translation: Option<String>,
}

impl SourceCell {
    /// The source on one line of a CSV cell: its address, or its publisher, title and date, then
    /// the passage quoted.
    fn text(&self) -> String {
        let named: Vec<&str> = match &self.url {
            Some(url) => vec![url],
            None => [&self.publisher, &self.title, &self.date]
                .into_iter()
                .flatten()
                .map(String::as_str)
                .collect(),
        };
        let mut line = named.join(", ");
        if let Some(excerpt) = &self.excerpt {
            if !line.is_empty() {
                line.push_str(": ");
            }
            line.push_str(&format!("“{excerpt}”"));
        }
        line
    }

    /// `source` as the file in `lang` cites it.
    fn new(source: &Source, lang: &str) -> Self {
        let excerpt = source.excerpt.as_ref();
        SourceCell {
            kind: source.kind.map(|k| k.key().to_string()),
            title: source.title.clone(),
            publisher: source.publisher.clone(),
            date: source.date.map(|d| d.iso()),
            url: source.url.clone(),
            language: source.language.clone(),
            excerpt: excerpt.map(|e| e.text.clone()),
            excerpt_translation: excerpt.and_then(|e| e.translation.get(lang).cloned()),
        }
    }
}

/// One federal entity in one advisory snapshot, as both files give it.
#[derive(Serialize, Debug, PartialEq)]
pub(crate) struct AdvisoryRow {
    pub(crate) snapshot_date: String,
    pub(crate) issuer: String,
    pub(crate) iso_code: String,
    pub(crate) inegi_code: String,
    pub(crate) entity: String,
    pub(crate) level: String,
    pub(crate) level_label: String,
    pub(crate) note: Option<String>,
    pub(crate) advisory_note: Option<String>,
    pub(crate) advisory_url: String,
    pub(crate) state_url: String,
    /// The language of the issuer, notes and level label's neighbours (see `EventRow`).
    pub(crate) text_language: String,
}

/// What a download shows besides what every page shows (the advisories, the map's entities and
/// the route table are in every key): the events, for the events' files.
pub(crate) fn key(file: DataFile, key: &mut Key, all_events: u64) {
    if file.is_events() {
        key.hasher.update(&all_events.to_le_bytes());
    }
}

/// The bytes of one download of `lang`.
pub(crate) fn bytes(r: &Renderer<'_>, file: DataFile, lang: &str) -> Result<Vec<u8>, Diagnostic> {
    match file {
        DataFile::EventsCsv => {
            let mut bytes = csv_bytes(&EVENT_COLUMNS, std::iter::empty())?;
            for piece in shared_event_pieces(r, lang)? {
                bytes.extend_from_slice(piece_csv(piece).as_bytes());
            }
            Ok(bytes)
        }
        DataFile::EventsJson => {
            let pieces = shared_event_pieces(r, lang)?;
            let objects: Vec<&str> = pieces.iter().map(|p| piece_json(p)).collect();
            Ok(json_array(&objects))
        }
        DataFile::AdvisoriesCsv => csv_bytes(
            &ADVISORY_COLUMNS,
            advisory_rows(r, lang)?.iter().map(advisory_record),
        ),
        DataFile::AdvisoriesJson => json_bytes(&advisory_rows(r, lang)?),
    }
}

/// The pieces of a language's events (see `event_piece`), or why they could not be made.
pub(crate) type EventPieces = Result<Vec<Arc<str>>, Diagnostic>;

/// Makes the events' pieces of every language the routes hold an events file for, one language
/// after the other, before any page is rendered: made by the first file that asks, inside the
/// parallel render, a thread waiting for the pieces' own parallel loop could pick up the other
/// file of the same language and wait on the pieces it is itself making, for ever.
pub(crate) fn prepare(r: &Renderer<'_>) {
    for lang in &r.languages {
        let kind = PageKind::Download(DataFile::EventsCsv);
        if r.routes.get(&kind, Some(lang)).is_some() {
            let _ = shared_event_pieces(r, lang);
        }
    }
}

/// `event_pieces`, made once per render for both files of `lang`.
fn shared_event_pieces<'r>(r: &'r Renderer<'_>, lang: &str) -> Result<&'r [Arc<str>], Diagnostic> {
    match r.open_data_pieces.get(lang) {
        Some(once) => match once.get_or_init(|| event_pieces(r, lang)) {
            Ok(rows) => Ok(rows),
            Err(d) => Err(d.clone()),
        },
        None => Err(Diagnostic::new(
            crate::layout::SITE_TOML,
            format!("`{lang}` is not a language of the site"),
        )),
    }
}

/// Every published event's piece of the files of `lang`, oldest first: reused from the last
/// build where the event is unchanged (`Renderer::row_pieces`), else made (in parallel).
fn event_pieces(r: &Renderer<'_>, lang: &str) -> Result<Vec<Arc<str>>, Diagnostic> {
    use rayon::prelude::*;
    let mut kind_labels = std::collections::BTreeMap::new();
    for event in &r.content.events {
        if !kind_labels.contains_key(&event.kind) {
            let label = r.t(lang, &format!("kind-{}", event.kind), &[])?;
            kind_labels.insert(event.kind.clone(), label);
        }
    }
    let made: Vec<(u128, Arc<str>)> = r
        .content
        .events
        .par_iter()
        .enumerate()
        .map(|(i, event)| {
            // The site's address is in what every piece depends on; the page's path is its own.
            let path = r.routes.path(&PageKind::Event(i), lang);
            let key = crate::render::piece_key(b"row", event.version, lang, path);
            let piece = match r.row_pieces.and_then(|c| c.get(&key)) {
                Some(piece) => piece.clone(),
                None => {
                    let url = r.absolute(&PageKind::Event(i), Some(lang));
                    event_piece(&event_row(r, i, lang, &kind_labels, url))?.into()
                }
            };
            Ok((key, piece))
        })
        .collect::<Result<_, Diagnostic>>()?;
    let pieces = made.iter().map(|(_, piece)| piece.clone()).collect();
    r.made_row_pieces
        .lock()
        .unwrap_or_else(|e| e.into_inner())
        .extend(made);
    Ok(pieces)
}

/// One event's piece of the events' files: its JSON object (indented as in the file's array), a
/// NUL, then its CSV record. JSON escapes every control character, so the first NUL is the seam.
pub(crate) fn event_piece(row: &EventRow) -> Result<String, Diagnostic> {
    let json = serde_json::to_string_pretty(row)
        .map_err(|e| Diagnostic::new("open data", format!("cannot write JSON: {e}")))?;
    let mut piece = String::with_capacity(json.len() * 2);
    for (n, line) in json.split('\n').enumerate() {
        if n > 0 {
            piece.push('\n');
        }
        piece.push_str("  ");
        piece.push_str(line);
    }
    piece.push('\u{0}');
    let record = csv_records(std::iter::once(event_record(row)))?;
    piece.push_str(&String::from_utf8_lossy(&record));
    Ok(piece)
}

/// The JSON object of a piece.
fn piece_json(piece: &str) -> &str {
    &piece[..seam(piece)]
}

/// The CSV record of a piece.
fn piece_csv(piece: &str) -> &str {
    piece.get(seam(piece) + 1..).unwrap_or_default()
}

/// Where a piece's JSON ends (its length when it has no CSV).
fn seam(piece: &str) -> usize {
    memchr::memchr(0, piece.as_bytes()).unwrap_or(piece.len())
}

/// Event `i`'s row in the files of `lang`; `url` is its page's address.
fn event_row(
    r: &Renderer<'_>,
    i: usize,
    lang: &str,
    kind_labels: &std::collections::BTreeMap<String, String>,
    url: String,
) -> EventRow {
    let event = &r.content.events[i];
    let text = &event.texts[lang];
    EventRow {
        id: event.id.clone(),
        date: event.date.iso(),
        updated: event.updated.map(|d| d.iso()),
        kind: event.kind.clone(),
        kind_label: kind_labels[&event.kind].clone(),
        title: text.title.clone(),
        summary: plain_text(&r.html.events[i][lang]),
        people: event.people.clone(),
        states: event.states.clone(),
        url,
        sources: event
            .sources
            .iter()
            .map(|s| SourceCell::new(s, lang))
            .collect(),
        text_language: text_language(r, &event.untranslated, lang),
    }
}

/// One row per advisory snapshot (oldest first) and federal entity (in INEGI's order).
pub(crate) fn advisory_rows(r: &Renderer<'_>, lang: &str) -> Result<Vec<AdvisoryRow>, Diagnostic> {
    let mut labels = std::collections::BTreeMap::new();
    let mut rows = Vec::with_capacity(r.content.advisories.len() * r.regions.len());
    for (a, advisory) in r.content.advisories.iter().enumerate() {
        let text = &advisory.texts[lang];
        for (i, region) in r.regions.iter().enumerate() {
            let listed = advisory.states.get(&region.code);
            let level = level_key(listed.map(|s| s.level));
            if !labels.contains_key(level) {
                labels.insert(level, r.t(lang, &format!("level-{level}"), &[])?);
            }
            rows.push(AdvisoryRow {
                snapshot_date: advisory.date.iso(),
                issuer: text.issuer.clone(),
                iso_code: region.code.clone(),
                inegi_code: region.inegi.clone(),
                entity: region_name(region, lang).to_string(),
                level: level.to_string(),
                level_label: labels[level].clone(),
                note: listed.and_then(|s| s.notes.get(lang).cloned()),
                advisory_note: listed.and(text.note.clone()),
                advisory_url: r.absolute(&PageKind::Advisory(a), Some(lang)),
                state_url: r.absolute(&PageKind::State(i), Some(lang)),
                text_language: text_language(r, &advisory.untranslated, lang),
            });
        }
    }
    Ok(rows)
}

/// The language an item's words are in, in the file of `lang`.
fn text_language(r: &Renderer<'_>, untranslated: &[String], lang: &str) -> String {
    if untranslated.iter().any(|l| l == lang) {
        r.original_language(untranslated)
    } else {
        lang.to_string()
    }
}

/// An event's CSV cells, in `EVENT_COLUMNS` order.
fn event_record(row: &EventRow) -> Vec<String> {
    let sources: Vec<String> = row.sources.iter().map(SourceCell::text).collect();
    vec![
        row.id.clone(),
        row.date.clone(),
        row.updated.clone().unwrap_or_default(),
        row.kind.clone(),
        row.kind_label.clone(),
        row.title.clone(),
        row.summary.clone(),
        row.people.join(LIST_SEPARATOR),
        row.states.join(LIST_SEPARATOR),
        row.url.clone(),
        sources.join(SOURCE_SEPARATOR),
        row.text_language.clone(),
    ]
}

/// An advisory row's CSV cells, in `ADVISORY_COLUMNS` order.
fn advisory_record(row: &AdvisoryRow) -> Vec<String> {
    vec![
        row.snapshot_date.clone(),
        row.issuer.clone(),
        row.iso_code.clone(),
        row.inegi_code.clone(),
        row.entity.clone(),
        row.level.clone(),
        row.level_label.clone(),
        row.note.clone().unwrap_or_default(),
        row.advisory_note.clone().unwrap_or_default(),
        row.advisory_url.clone(),
        row.state_url.clone(),
        row.text_language.clone(),
    ]
}

/// A cell that no spreadsheet takes for a formula: one starting with `=`, `+`, `-`, `@`, a tab
/// or a carriage return gets a leading apostrophe (OWASP's advice for CSV injection).
pub fn neutralise(cell: &str) -> std::borrow::Cow<'_, str> {
    match cell.chars().next() {
        Some('=' | '+' | '-' | '@' | '\t' | '\r') => format!("'{cell}").into(),
        _ => cell.into(),
    }
}

/// RFC 4180 CSV: the header, then every record, each cell neutralised.
fn csv_bytes(
    header: &[&str],
    records: impl Iterator<Item = Vec<String>>,
) -> Result<Vec<u8>, Diagnostic> {
    let header = std::iter::once(header.iter().map(|h| h.to_string()).collect());
    csv_records(header.chain(records))
}

/// RFC 4180 CSV records (CRLF after each), each cell neutralised (a header has none to).
fn csv_records(records: impl Iterator<Item = Vec<String>>) -> Result<Vec<u8>, Diagnostic> {
    let fail = |e: csv::Error| Diagnostic::new("open data", format!("cannot write CSV: {e}"));
    let mut writer = csv::WriterBuilder::new()
        .terminator(csv::Terminator::CRLF)
        .from_writer(Vec::new());
    for record in records {
        writer
            .write_record(record.iter().map(|cell| neutralise(cell).into_owned()))
            .map_err(fail)?;
    }
    writer
        .into_inner()
        .map_err(|e| Diagnostic::new("open data", format!("cannot write CSV: {e}")))
}

/// The rows as a JSON array, one object per row, indented, ending with a newline.
fn json_bytes<T: Serialize>(rows: &[T]) -> Result<Vec<u8>, Diagnostic> {
    let mut bytes = serde_json::to_vec_pretty(rows)
        .map_err(|e| Diagnostic::new("open data", format!("cannot write JSON: {e}")))?;
    bytes.push(b'\n');
    Ok(bytes)
}

/// A JSON array of objects already indented one level (`event_piece`), laid out as `json_bytes`
/// lays out an array.
fn json_array(objects: &[&str]) -> Vec<u8> {
    if objects.is_empty() {
        return b"[]\n".to_vec();
    }
    let size = objects.iter().map(|o| o.len() + 2).sum::<usize>() + 4;
    let mut bytes = Vec::with_capacity(size);
    bytes.extend_from_slice(b"[\n");
    for (n, object) in objects.iter().enumerate() {
        if n > 0 {
            bytes.extend_from_slice(b",\n");
        }
        bytes.extend_from_slice(object.as_bytes());
    }
    bytes.extend_from_slice(b"\n]\n");
    bytes
}

#[cfg(test)]
mod tests {
    use super::*;

    fn event(title: &str, summary: &str) -> EventRow {
        EventRow {
            id: "2025-01-02-llamada".into(),
            date: "2025-01-02".into(),
            updated: None,
            kind: "call".into(),
            kind_label: "Llamada".into(),
            title: title.into(),
            summary: summary.into(),
            people: vec!["Ana García".into(), "Mark Carney".into()],
            states: vec!["MX-SIN".into(), "MX-CHH".into()],
            url: "https://puente.example/es/cronologia/x/".into(),
            sources: vec![
                SourceCell {
                    kind: None,
                    title: Some("Nota".into()),
                    publisher: Some("Gobierno".into()),
                    date: Some("2025-01-02".into()),
                    url: Some("https://gob.example/nota".into()),
                    language: None,
                    excerpt: None,
                    excerpt_translation: None,
                },
                SourceCell {
                    kind: Some("news-article".into()),
                    title: Some("Boletín".into()),
                    publisher: Some("SRE".into()),
                    date: None,
                    url: None,
                    language: Some("es".into()),
                    excerpt: Some("Dijo: \"sí\"; luego".into()),
                    excerpt_translation: Some("He said".into()),
                },
            ],
            text_language: "es".into(),
        }
    }

    fn csv_of(rows: &[EventRow]) -> String {
        let bytes = csv_bytes(&EVENT_COLUMNS, rows.iter().map(event_record)).unwrap();
        String::from_utf8(bytes).unwrap()
    }

    #[test]
    fn formula_looking_cells_are_neutralised() {
        for bad in ["=HYPERLINK(\"x\")", "+1", "-2+3", "@SUM(A1)", "\tx", "\rx"] {
            assert_eq!(neutralise(bad), format!("'{bad}"));
        }
        assert_eq!(neutralise("Llamada = acuerdo"), "Llamada = acuerdo");
        assert_eq!(neutralise(""), "");
    }

    #[test]
    fn csv_has_a_header_quotes_and_keeps_newlines_in_a_cell() {
        let text = csv_of(&[event(
            "=cmd|' /C calc'!A0",
            "Dijo \"basta\", y luego:\nnada más.",
        )]);
        let mut lines = text.split("\r\n");
        assert_eq!(lines.next().unwrap(), EVENT_COLUMNS.join(","));
        assert!(text.contains(",'=cmd|' /C calc'!A0,"), "{text}");
        assert!(
            text.contains("\"Dijo \"\"basta\"\", y luego:\nnada más.\""),
            "{text}"
        );
        assert!(text.contains("Ana García; Mark Carney"));
        assert!(
            text.contains("https://gob.example/nota\nSRE, Boletín: “Dijo: \"\"sí\"\"; luego”"),
            "{text}"
        );
        assert!(text.ends_with("\r\n"));
        // A CSV reader gives back every cell as written (the formula neutralised).
        let mut reader = csv::Reader::from_reader(text.as_bytes());
        let record = reader.records().next().unwrap().unwrap();
        assert_eq!(&record[5], "'=cmd|' /C calc'!A0");
        assert_eq!(&record[6], "Dijo \"basta\", y luego:\nnada más.");
        assert_eq!(&record[2], "");
    }

    #[test]
    fn files_assembled_from_pieces_are_the_files_made_whole() {
        let mut second = event("Dos\u{0}tres", "con\u{0}nulo, \"comillas\"\ny líneas");
        second.updated = Some("2025-02-03".into());
        second.sources.clear();
        second.people.clear();
        let rows = [event("=1+1", "a \"b\"\nc"), second];
        let pieces: Vec<String> = rows.iter().map(|r| event_piece(r).unwrap()).collect();
        let objects: Vec<&str> = pieces.iter().map(|p| piece_json(p)).collect();
        assert_eq!(
            String::from_utf8(json_array(&objects)).unwrap(),
            String::from_utf8(json_bytes(&rows).unwrap()).unwrap()
        );
        let mut csv = csv_bytes(&EVENT_COLUMNS, std::iter::empty()).unwrap();
        for piece in &pieces {
            csv.extend_from_slice(piece_csv(piece).as_bytes());
        }
        assert_eq!(
            String::from_utf8(csv).unwrap(),
            String::from_utf8(csv_bytes(&EVENT_COLUMNS, rows.iter().map(event_record)).unwrap())
                .unwrap()
        );
        assert_eq!(json_array(&[]), json_bytes::<EventRow>(&[]).unwrap());
    }

    #[test]
    fn json_keeps_text_as_written_and_lists_as_arrays() {
        let rows = [event("=1+1", "a \"b\"\nc")];
        let value: serde_json::Value = serde_json::from_slice(&json_bytes(&rows).unwrap()).unwrap();
        let first = &value[0];
        assert_eq!(first["title"], "=1+1");
        assert_eq!(first["summary"], "a \"b\"\nc");
        assert_eq!(first["states"][1], "MX-CHH");
        assert_eq!(first["updated"], serde_json::Value::Null);
        assert_eq!(first["sources"][1]["publisher"], "SRE");
        let keys: Vec<&str> = first
            .as_object()
            .unwrap()
            .keys()
            .map(String::as_str)
            .collect();
        let mut columns = EVENT_COLUMNS.to_vec();
        columns.sort_unstable();
        let mut sorted = keys.clone();
        sorted.sort_unstable();
        assert_eq!(sorted, columns);
    }

    #[test]
    fn advisory_cells_follow_the_columns() {
        let row = AdvisoryRow {
            snapshot_date: "2025-11-01".into(),
            issuer: "Global Affairs Canada".into(),
            iso_code: "MX-COL".into(),
            inegi_code: "06".into(),
            entity: "Colima".into(),
            level: "not-listed".into(),
            level_label: "No listado".into(),
            note: None,
            advisory_note: None,
            advisory_url: "a".into(),
            state_url: "s".into(),
            text_language: "en".into(),
        };
        let record = advisory_record(&row);
        assert_eq!(record.len(), ADVISORY_COLUMNS.len());
        assert_eq!(record[5], "not-listed");
        assert_eq!(record[7], "");
    }
}
