//! What content text refuses, found at its place in the file: the placeholder, invisible characters, Markdown problems in strings.

use std::path::Path;

use toml::de::DeTable;
use toml::Spanned;

use super::toml_spans::toml_string_offsets;
use crate::diagnostic::Diagnostic;

/// The word that marks unfinished text; an item that still holds it must be a draft.
pub const PLACEHOLDER: &str = "TODO";

/// The problems of the string values of the TOML `toml` (at byte `offset` of `text`), parsed
/// once: one per string holding an unusable character (`is_unusable`, written or escaped as
/// `"\u0001"`), and, with `placeholders`, one per string that still holds the placeholder
/// (comments may mention it freely).
pub(crate) fn toml_string_problems(
    path: &Path,
    text: &str,
    toml: &str,
    offset: usize,
    placeholders: bool,
) -> Vec<Diagnostic> {
    let mut unusable = Vec::new();
    let mut spans = Vec::new();
    if let Ok(root) = DeTable::parse(toml) {
        for (_, value) in root.get_ref().iter() {
            unusable_spans(value, &mut unusable);
            if placeholders {
                placeholder_spans(value, &mut spans);
            }
        }
    }
    let mut problems: Vec<Diagnostic> = unusable
        .into_iter()
        .map(|(at, c)| unusable_at(path, text, offset + at, c))
        .collect();
    problems.extend(placeholder_diagnostics(path, text, offset, &spans));
    problems
}

/// Byte offsets in the content file `text` of the placeholders a draft may still hold: the string
/// values of its TOML (the whole file, or a page's front matter) that hold it, and each one in a
/// page's Markdown body. Nothing for a file that does not parse (the build says why).
pub fn placeholder_offsets(path: &Path, text: &str) -> Vec<usize> {
    let page = path.extension().is_some_and(|e| e == "md");
    let (toml, offset, body) = if page {
        match super::page::split_front_matter(path, text) {
            Ok((front, offset, body)) => (front, offset, body),
            Err(_) => return Vec::new(),
        }
    } else {
        (text, 0, "")
    };
    let mut spans = Vec::new();
    if let Ok(root) = DeTable::parse(toml) {
        for (_, value) in root.get_ref().iter() {
            placeholder_spans(value, &mut spans);
        }
    }
    spans.iter_mut().for_each(|at| *at += offset);
    let body_start = text.len() - body.len();
    spans.extend(
        body.match_indices(PLACEHOLDER)
            .map(|(at, _)| body_start + at),
    );
    spans.sort_unstable();
    spans
}

/// Diagnostics for placeholders found at `spans` (byte offsets relative to `offset` in `text`).
pub(crate) fn placeholder_diagnostics(
    path: &Path,
    text: &str,
    offset: usize,
    spans: &[usize],
) -> Vec<Diagnostic> {
    spans
        .iter()
        .map(|start| placeholder_at(path, text, offset + start))
        .collect()
}

/// Where a Markdown text is written in its file, to give its problems the file's line and column.
#[derive(Debug, Clone)]
pub(crate) enum MarkdownAt {
    /// Written as it is, from this byte of the file on (a page's body).
    Verbatim(usize),
    /// The value of the TOML string literal at these bytes of the file (quotes included).
    TomlString(std::ops::Range<usize>),
}

/// One diagnostic per thing in the Markdown `markdown` (written in the file `text` `at`) that
/// loading refuses (`crate::markdown::problems`), each at its line and column in the file.
pub(crate) fn markdown_problems(
    path: &Path,
    text: &str,
    markdown: &str,
    at: MarkdownAt,
) -> Vec<Diagnostic> {
    let problems = crate::markdown::problems(markdown);
    if problems.is_empty() {
        return Vec::new();
    }
    let file_offset: Box<dyn Fn(usize) -> usize> = match at {
        MarkdownAt::Verbatim(start) => Box::new(move |offset| start + offset),
        MarkdownAt::TomlString(span) => {
            let start = span.start;
            match text
                .get(span)
                .and_then(|literal| toml_string_offsets(literal, markdown))
            {
                Some(offsets) => {
                    Box::new(move |offset| start + offsets.get(offset).copied().unwrap_or_default())
                }
                // Not the literal of this value (should not happen): the string's start.
                None => Box::new(move |_| start),
            }
        }
    };
    problems
        .into_iter()
        .map(|problem| {
            Diagnostic::new(path, problem.message)
                .at_offset(text, file_offset(problem.offset))
                .hint(problem.hint)
        })
        .collect()
}

/// The diagnostic for a placeholder at byte `offset` of `text`.
pub(crate) fn placeholder_at(path: &Path, text: &str, offset: usize) -> Diagnostic {
    Diagnostic::new(path, format!("placeholder text `{PLACEHOLDER}` is still here"))
        .at_offset(text, offset)
        .hint("write the text, or keep `draft = true` until the item is ready (drafts are shown only by `puente serve`)")
}

/// True for a character that has no place in published text: a control character other than
/// a line break or a tab (XML, and so the feeds, cannot even carry most of them), a line or
/// paragraph separator, a bidirectional embedding, override or isolate (they make text display
/// in another order than it is read), or a noncharacter (U+FFFE, U+FFFF).
pub fn is_unusable(c: char) -> bool {
    (c.is_control() && !matches!(c, '\n' | '\r' | '\t'))
        || matches!(
            c,
            '\u{2028}' | '\u{2029}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' | '\u{FFFE}' | '\u{FFFF}'
        )
}

/// The byte offset and the character of the first unusable character of `text` (`is_unusable`).
pub fn unusable_char(text: &str) -> Option<(usize, char)> {
    // Every unusable character is an ASCII control or starts with 0xC2 (C1 controls), 0xE2
    // (separators, bidirectional controls) or 0xEF (noncharacters): bytes that Spanish and
    // English text rarely has, so the characters are decoded only around them. The bytes are
    // tested 64 at a time without an early exit, which the compiler turns into vector code.
    const CHUNK: usize = 64;
    let candidate = |b: u8| {
        (b < 0x20 && b != b'\n' && b != b'\r' && b != b'\t')
            | (b == 0x7F)
            | (b == 0xC2)
            | (b == 0xE2)
            | (b == 0xEF)
    };
    let bytes = text.as_bytes();
    let mut chunk_start = 0;
    while chunk_start < bytes.len() {
        let chunk = &bytes[chunk_start..(chunk_start + CHUNK).min(bytes.len())];
        if chunk.iter().fold(false, |any, &b| any | candidate(b)) {
            for (i, &b) in chunk.iter().enumerate() {
                let start = chunk_start + i;
                if candidate(b) && text.is_char_boundary(start) {
                    let c = text[start..].chars().next()?;
                    if is_unusable(c) {
                        return Some((start, c));
                    }
                }
            }
        }
        chunk_start += CHUNK;
    }
    None
}

/// The diagnostic for an unusable character `c` at byte `offset` of `text`.
pub(crate) fn unusable_at(path: &Path, text: &str, offset: usize, c: char) -> Diagnostic {
    Diagnostic::new(
        path,
        format!("the text holds the invisible character U+{:04X}, which has no place in a published page", c as u32),
    )
    .at_offset(text, offset)
    .hint("delete it (it often comes with text pasted from another program); write a line break as a new line, not as a separator character")
}

/// Byte offsets and characters of the unusable characters (`is_unusable`) in the string values
/// of `value`, one per string, at the string's start.
pub(super) fn unusable_spans(value: &Spanned<toml::de::DeValue>, found: &mut Vec<(usize, char)>) {
    match value.get_ref() {
        toml::de::DeValue::String(s) => {
            if let Some((_, c)) = unusable_char(s) {
                found.push((value.span().start, c));
            }
        }
        toml::de::DeValue::Array(items) => items.iter().for_each(|v| unusable_spans(v, found)),
        toml::de::DeValue::Table(table) => table.iter().for_each(|(_, v)| unusable_spans(v, found)),
        _ => {}
    }
}

pub(super) fn placeholder_spans(value: &Spanned<toml::de::DeValue>, spans: &mut Vec<usize>) {
    match value.get_ref() {
        toml::de::DeValue::String(s) if s.contains(PLACEHOLDER) => spans.push(value.span().start),
        toml::de::DeValue::Array(items) => items.iter().for_each(|v| placeholder_spans(v, spans)),
        toml::de::DeValue::Table(table) => {
            table.iter().for_each(|(_, v)| placeholder_spans(v, spans))
        }
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn placeholders_are_found_in_strings_and_page_bodies_not_comments() {
        let toml = "# TODO: a comment\ntitle = \"TODO\"\n[en]\nsummary = \"a TODO b\"\n";
        assert_eq!(placeholder_offsets(Path::new("e.toml"), toml), [26, 48]);
        let page = "+++\ntitle = \"TODO\"\n+++\nText TODO.\n";
        assert_eq!(placeholder_offsets(Path::new("p.es.md"), page), [12, 28]);
        assert!(placeholder_offsets(Path::new("p.es.md"), "no front matter TODO").is_empty());
    }
}
