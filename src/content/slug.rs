//! URL slugs: derived from titles (accents folded to ASCII) and checked when written by hand.

/// A slug from free text: `Llamada García Harfuch` gives `llamada-garcia-harfuch`.
pub fn slugify(text: &str) -> String {
    let ascii = deunicode::deunicode(text).to_lowercase();
    let mut slug = String::with_capacity(ascii.len());
    for c in ascii.chars() {
        if c.is_ascii_alphanumeric() {
            slug.push(c);
        } else if !slug.is_empty() && !slug.ends_with('-') {
            slug.push('-');
        }
    }
    slug.trim_end_matches('-').to_string()
}

/// Why a hand-written slug cannot be used as one URL segment, if it cannot.
pub fn problem(slug: &str) -> Option<String> {
    if slug.is_empty() {
        Some("the slug is empty".into())
    } else if slug.contains('/') || slug.contains('\\') {
        Some(format!("the slug `{slug}` contains a path separator"))
    } else if slug == "." || slug == ".." {
        Some(format!("the slug `{slug}` is not a page name"))
    } else if !crate::config::is_segment(slug) {
        Some(format!(
            "the slug `{slug}` has characters other than lowercase ASCII letters, digits and single hyphens"
        ))
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folds_accents_and_punctuation() {
        assert_eq!(
            slugify("Llamada García Harfuch–Anandasangaree"),
            "llamada-garcia-harfuch-anandasangaree"
        );
        assert_eq!(slugify("  ¿Qué pasó?  "), "que-paso");
        assert_eq!(slugify("Michoacán"), "michoacan");
    }

    #[test]
    fn refuses_paths_and_odd_characters() {
        assert!(problem("a/b").is_some());
        assert!(problem("..").is_some());
        assert!(problem("Acerca").is_some());
        assert!(problem("").is_some());
        assert!(problem("acerca-de").is_none());
    }
}
