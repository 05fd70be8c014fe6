//! Item files with shared facts and one table of words per language (`[es]`, `[en]`).

use std::collections::BTreeMap;
use std::path::Path;

use serde::de::DeserializeOwned;
use toml::de::DeTable;
use toml::Spanned;

use super::text::{placeholder_spans, unusable_at, unusable_spans};
use crate::diagnostic::Diagnostic;

/// Gives every language missing from `texts` a copy of the first language's text, and names them.
pub(crate) fn fill_missing<T: Clone>(
    texts: &mut BTreeMap<String, T>,
    languages: &[String],
) -> Vec<String> {
    let missing: Vec<String> = languages
        .iter()
        .filter(|l| !texts.contains_key(*l))
        .cloned()
        .collect();
    if missing.is_empty() {
        // The usual case: nothing to copy (cloning the source first cost a whole event's words).
        return missing;
    }
    if let Some(source) = languages.iter().find_map(|l| texts.get(l)).cloned() {
        for language in &missing {
            texts.insert(language.clone(), source.clone());
        }
        missing
    } else {
        Vec::new()
    }
}

/// A TOML document split into its shared part and one table per language (`[es]`, `[en]`).
pub(crate) struct Localized<S, T> {
    /// The language-independent fields.
    pub shared: S,
    /// The per-language tables, by language code.
    pub texts: BTreeMap<String, T>,
    /// Byte offsets of string values that still hold the placeholder.
    pub placeholders: Vec<usize>,
}

/// Parses `text` as TOML whose top-level tables named after languages hold each language's words.
pub(crate) fn parse_localized<S, T>(
    path: &Path,
    text: &str,
    languages: &[String],
    allow_partial: bool,
) -> Result<Localized<S, T>, Vec<Diagnostic>>
where
    S: DeserializeOwned,
    T: DeserializeOwned,
{
    let toml_error = |e: &toml::de::Error| crate::toml_error::diagnostic(path, text, 0, e);
    let root = DeTable::parse(text).map_err(|e| vec![toml_error(&e)])?;
    let span = root.span();
    let mut placeholders = Vec::new();
    let mut unusable = Vec::new();
    for (_, value) in root.get_ref().iter() {
        placeholder_spans(value, &mut placeholders);
        unusable_spans(value, &mut unusable);
    }
    let mut shared = root.into_inner();
    let mut problems: Vec<Diagnostic> = unusable
        .into_iter()
        .map(|(at, c)| unusable_at(path, text, at, c))
        .collect();
    let mut texts = BTreeMap::new();
    for language in languages {
        match shared.remove(language.as_str()) {
            Some(value) => match T::deserialize(toml::de::ValueDeserializer::from(value)) {
                Ok(t) => {
                    texts.insert(language.clone(), t);
                }
                Err(e) => problems.push(toml_error(&e)),
            },
            None if allow_partial => {}
            None => problems.push(
                Diagnostic::new(path, format!("the `[{language}]` section is missing")).hint(
                    format!("add a `[{language}]` table with this item's words in that language"),
                ),
            ),
        }
    }
    if texts.is_empty() && problems.is_empty() {
        problems.push(
            Diagnostic::new(path, "the item has no language section").hint(format!(
                "add a `[{}]` table with its words",
                languages.join("]` or `[")
            )),
        );
    }
    let shared = S::deserialize(toml::de::Deserializer::from(Spanned::new(span, shared)))
        .map_err(|e| toml_error(&e));
    match shared {
        Ok(shared) if problems.is_empty() => Ok(Localized {
            shared,
            texts,
            placeholders,
        }),
        Ok(_) => Err(problems),
        Err(d) => {
            problems.insert(0, d);
            Err(problems)
        }
    }
}
